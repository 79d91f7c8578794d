#!/bin/sh
# bench/run.sh BUILD — run every benchmark script bench/bench-*.sh in turn.
# Each prints its own ratios against a baseline measured in the same run, and
# the command that reproduces it.
set -u
build=${1:-build}
st=0
for b in bench/bench-*.sh; do
	[ -f "$b" ] || continue
	echo "=== $b"
	sh "$b" "$build" || st=1
done
exit $st
