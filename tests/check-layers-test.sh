#!/bin/sh
# tests/check-layers-test.sh — tools/check-layers.py accepts a tree that keeps
# its layers and refuses one with an include that climbs, a peer include and a
# stale exception.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipscreen-layers-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/tools" "$tmp/src/util" "$tmp/src/rules" "$tmp/src/report" "$tmp/src/collect" "$tmp/src/import"
printf '0 src/util/\n2 src/collect/ src/import/\n3 src/rules/\n5 src/report/\n' >"$tmp/tools/layers.txt"
echo '#include "util/a.h"' >"$tmp/src/util/a.h"
echo '#include "util/a.h"' >"$tmp/src/rules/r.h"
echo '#include "rules/r.h"' >"$tmp/src/report/p.c"
echo '#include "util/a.h"' >"$tmp/src/collect/c.c"
echo '#include "util/a.h"' >"$tmp/src/import/i.c"
pass=0; fail=0
expect() { # expect STATUS WHAT
	st=0; python3 "$src/tools/check-layers.py" --root "$tmp" >"$tmp/out" 2>&1 || st=$?
	if [ "$st" -eq "$1" ]; then pass=$((pass + 1)); echo "[       OK ] $2"
	else fail=$((fail + 1)); echo "[  FAILED  ] $2 (exit $st)" >&2; cat "$tmp/out" >&2; fi
}
expect 0 "a tree that keeps its layers"
echo '#include "report/p.h"' >>"$tmp/src/rules/r.h"; touch "$tmp/src/report/p.h"
expect 1 "rules including report climbs"
grep -q 'src/rules/r.h:2: includes report/p.h' "$tmp/out" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "[  FAILED  ] the climbing line is named" >&2; }
echo 'allow src/rules/r.h report/p.h' >>"$tmp/tools/layers.txt"
expect 0 "an allowed exception"
echo '#include "import/i.h"' >"$tmp/src/collect/c.c"; touch "$tmp/src/import/i.h"
expect 1 "collect including import (peers)"
echo '#include "util/a.h"' >"$tmp/src/collect/c.c"; sed -i '1d' "$tmp/src/rules/r.h"; sed -i '$d' "$tmp/src/rules/r.h"
echo '#include "util/a.h"' >"$tmp/src/rules/r.h"
expect 1 "a stale exception is reported"
echo "check-layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
