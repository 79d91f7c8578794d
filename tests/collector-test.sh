#!/bin/sh
# tests/collector-test.sh BUILD — the collector build needs nothing at run time
# but the C library and cJSON, and writes the same inventory as
# `chipscreen collect --no-identify`.
set -eu
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "[       OK ] $1"; }
bad() { fail=$((fail + 1)); echo "[  FAILED  ] $1" >&2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipscreen-collector-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

col="$build/chipscreen-collector"
needed=$(objdump -p "$col" | awk '/NEEDED/ { print $2 }' | sort | tr '\n' ' ')
extra=$(echo "$needed" | tr ' ' '\n' | grep -v -E '^(libc\.so|libm\.so|libcjson\.so|libdl\.so|libpthread\.so|ld-linux)' | grep . || true)
[ -z "$extra" ] && ok "needs only: $needed" || bad "needs more than libc and cJSON: $extra"

# The same document as the full binary without attributions (the time of the
# run and the program's name aside).
norm() { sed -e 's/"collected_at":"[^"]*"//'; }
CHIPSCREEN_DATA=/nonexistent "$col" collect --root examples/server -o "$tmp/a.json" 2>"$tmp/a.err"
"$build/chipscreen" collect --no-identify --root examples/server -o "$tmp/b.json" 2>/dev/null
norm <"$tmp/a.json" >"$tmp/a.n"
norm <"$tmp/b.json" >"$tmp/b.n"
if cmp -s "$tmp/a.n" "$tmp/b.n"; then
	ok "collector inventory = collect --no-identify"
else bad "collector inventory differs"; fi
n=$(grep -o '"kind":' "$tmp/a.json" | wc -l)
[ "$n" -ge 20 ] && ok "$n components collected" || bad "only $n components"
grep -q '"attribution' "$tmp/a.json" && bad "collector wrote attributions" || ok "no attributions written"
[ -s "$tmp/a.err" ] && { bad "collector warned:"; cat "$tmp/a.err" >&2; } || ok "no warning without data files"
st=0; "$col" scan >/dev/null 2>&1 || st=$?
[ "$st" -eq 2 ] && ok "other commands refused (exit 2)" || bad "scan gave exit $st"
echo "collector: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
