#!/bin/sh
# bench/bench-report.sh BUILD [HOSTS] — `chipscreen report` on the benchmark fleet
# (doc/report.md, "Scale"), against `chipscreen fleet --format csv` on the same
# store in the same run as the baseline: wall and CPU time, peak memory, size.
#
# The store is the one bench/bench-fleet.sh imports (HOSTS defaults to 100,000;
# $FLEET_CACHE as there); when it is missing, run that script first.  Each
# command runs once to warm the page cache and reuse the screening run, then
# three times measured.  The machine is shared: the load average is printed.
set -u
build=${1:-build}
hosts=${2:-${FLEET_HOSTS:-100000}}
seed=${FLEET_SEED:-1}
cache=${FLEET_CACHE:-${TMPDIR:-/tmp}/chipscreen-bench-fleet}
db="$cache/store-$hosts-$seed.db"
cs="$build/chipscreen"
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
echo "bench-report: reproduce with:  sh bench/bench-report.sh $build $hosts"
[ -x "$cs" ] || { echo "bench-report: $cs is not built; run: make $cs" >&2; exit 1; }
[ -f "$db" ] || { echo "bench-report: no store $db; run: sh bench/bench-fleet.sh $build $hosts" >&2; exit 1; }
echo "bench-report: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
args="--db $db --profile us-federal-contractor --date 2026-12-07"
# shellcheck disable=SC2086
"$cs" report $args -o "$out/r.html" || exit 1
# shellcheck disable=SC2086
"$cs" fleet $args --format csv > "$out/f.csv"
for i in 1 2 3; do
	# shellcheck disable=SC2086
	/usr/bin/time -q -f "report:             %e s wall, %U s user, %S s sys, %M KB peak" \
		"$cs" report $args -o "$out/r.html" || exit 1
	# shellcheck disable=SC2086
	/usr/bin/time -q -f "fleet --format csv: %e s wall, %U s user, %S s sys, %M KB peak" \
		"$cs" fleet $args --format csv > "$out/f.csv"
done 2>&1
echo "bench-report: report.html $(wc -c < "$out/r.html") bytes; fleet CSV $(wc -c < "$out/f.csv") bytes"
echo "bench-report: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
