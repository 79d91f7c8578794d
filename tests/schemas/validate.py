#!/usr/bin/env python3
"""validate.py SCHEMA INSTANCE -- check a JSON document against a JSON Schema, offline.

Every *.json file beside SCHEMA is loaded into the resolver's store, under its
own $id and under its file name resolved against SCHEMA's $id, so the
references between the CycloneDX schema files resolve without the network.
Works with Debian's python3-jsonschema (4.10, RefResolver) and newer releases.

Exit status: 0 valid; 1 invalid (each error printed with its JSON path);
2 usage or unreadable input; 3 the jsonschema module is missing.
"""
import json
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"validate.py: {path}: {e}", file=sys.stderr)
        sys.exit(2)


def main(argv):
    if len(argv) != 3:
        print("usage: validate.py SCHEMA INSTANCE", file=sys.stderr)
        return 2
    try:
        import jsonschema
        from urllib.parse import urljoin
    except ImportError:
        print("validate.py: the Python module jsonschema is missing: install python3-jsonschema "
              "(sh tools/deps.sh test, as root)", file=sys.stderr)
        return 3
    schema_path, instance_path = argv[1], argv[2]
    schema = load(schema_path)
    instance = load(instance_path)
    base = schema.get("$id") or schema.get("id") or ""
    store = {}
    folder = os.path.dirname(os.path.abspath(schema_path))
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        doc = load(os.path.join(folder, name))
        if not isinstance(doc, dict):
            continue
        ident = doc.get("$id") or doc.get("id")
        if ident:
            store[ident.rstrip("#")] = doc
        if base:
            store[urljoin(base, name)] = doc
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
        resolver = jsonschema.RefResolver(base_uri=base, referrer=schema, store=store)
        validator = cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    except Exception as e:  # a broken schema or a reference not found offline
        print(f"validate.py: {schema_path}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print(f"{instance_path}: {where}: {e.message[:300]}", file=sys.stderr)
    if errors:
        print(f"{instance_path}: {len(errors)} error(s) against {schema_path}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
