#!/usr/bin/env python3
"""openapi_check.py SPEC METHOD PATH STATUS BODY -- validate a real response body against the
schema doc/openapi.json gives for that operation and status (OpenAPI 3.1: JSON Schema 2020-12).

PATH is the spec's path template (/api/v1/hosts/{id}).  Exit status: 0 valid, 1 invalid (each
error printed), 2 usage or unreadable input or no such operation, 3 jsonschema missing.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)


def main(argv):
    if len(argv) != 6:
        print("usage: openapi_check.py SPEC METHOD PATH STATUS BODY", file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print("openapi_check.py: install python3-jsonschema", file=sys.stderr)
        return 3
    spec_path, method, path, status, body_path = argv[1:]
    try:
        spec = json.load(open(spec_path, encoding="utf-8"))
        body = json.load(open(body_path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"openapi_check.py: {e}", file=sys.stderr)
        return 2
    try:
        resp = spec["paths"][path][method.lower()]["responses"][status]
        schema = resp["content"]["application/json"]["schema"]
    except KeyError:
        print(f"openapi_check.py: {method} {path} {status}: not in {spec_path}", file=sys.stderr)
        return 2
    resolver = jsonschema.RefResolver.from_schema(spec)
    v = jsonschema.Draft202012Validator(schema, resolver=resolver)
    errors = sorted(v.iter_errors(body), key=lambda e: list(e.path))
    for e in errors:
        print(f"{method} {path} {status}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
