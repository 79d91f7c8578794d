#!/bin/sh
# tools/mutate.sh [BUILD] — make mutate: apply each mutation of
# tools/mutations.txt alone, rebuild and run the tests it names, and count
# the mutations some test kills.  The source file is restored after each
# (from a copy: uncommitted work is kept).  Exit status 1 when one survives.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
list=tools/mutations.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=0 killed=0 survivors=""
# one record per mutation: file, from, to, tests, why, separated by \036
awk '
	/^#/ { next }
	/^file: / { f = substr($0, 8) }
	/^from: / { a = substr($0, 8) }
	/^to:   / { b = substr($0, 8) }
	/^tests: / { t = substr($0, 8) }
	/^why:  / { printf "%s\036%s\036%s\036%s\036%s\n", f, a, b, t, substr($0, 8) }
' "$list" > "$tmp/records"
while IFS="$(printf '\036')" read -r file from to tests why; do
	total=$((total + 1))
	cp "$file" "$tmp/orig"
	if ! python3 tools/mutate-apply.py "$file" "$from" "$to"; then
		echo "mutate: $file: the line to mutate is not there once: $from" >&2
		exit 2
	fi
	bins=""
	for t in $tests; do
		bins="$bins $build/tests/$(dirname "$t")/test_$(basename "$t" | sed 's/^test_//')"
	done
	result=survived
	if ! make --no-print-directory -j2 BUILD="$build" $bins > "$tmp/build.log" 2>&1; then
		result="killed (does not build)"
	else
		for b in $bins; do
			if ! "$b" > "$tmp/run.log" 2>&1; then
				result="killed by $(basename "$b")"
				break
			fi
		done
	fi
	cp "$tmp/orig" "$file"
	touch "$file"
	case "$result" in
	killed*) killed=$((killed + 1)) ;;
	*) survivors="$survivors
  $file: $why" ;;
	esac
	echo "mutate: $result: $file: $why"
done < "$tmp/records"
# rebuild what the last mutation left
make --no-print-directory -j2 BUILD="$build" "$build/libchipscreen.a" > /dev/null 2>&1 || true
echo "mutate: $killed of $total mutations killed ($((killed * 100 / total)) %)"
if [ -n "$survivors" ]; then
	echo "mutate: survivors:$survivors"
	exit 1
fi
