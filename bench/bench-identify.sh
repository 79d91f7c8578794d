#!/bin/sh
# bench/bench-identify.sh BUILD — attribution throughput (one core) and kb load time.
# Prints components/s for identify_inventory against a same-run baseline that
# only reads every field, and the command that reproduces the numbers.
set -eu
build=${1:-build}
n=${BENCH_IDENTIFY_N:-1000000}
bin="$build/bench/identify/bench_identify"
[ -x "$bin" ] || make --no-print-directory BUILD="$build" "$bin" >/dev/null
echo "reproduce: make BUILD=$build $bin && taskset -c 0 $bin $n"
if command -v taskset >/dev/null 2>&1; then
	taskset -c 0 "$bin" "$n"
else
	"$bin" "$n"
fi
