#!/usr/bin/env python3
"""tools/mutate-apply.py FILE FROM TO — replace the one line of FILE equal to
FROM (tabs and all) with TO; exit 1 when FROM is not there exactly once."""
import sys

path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, encoding="utf-8") as f:
    lines = f.read().split("\n")
hits = [i for i, line in enumerate(lines) if line == old]
if len(hits) != 1:
    sys.exit(1)
lines[hits[0]] = new
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
