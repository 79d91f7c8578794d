#!/bin/sh
# bench/bench-fleet.sh BUILD [HOSTS] — the fleet at scale (doc/fleet.md, "Scale").
#
# On a generated fleet (bench/fleet/gen-fleet: 40-200 components a host, the
# parts a data centre holds, some Micron, YMTC, CXMT and Huawei), measured in
# this one run:
#
#   import   HOSTS collect JSON files through `chipscreen import` (files on
#            disk, read, parsed, digested, compressed and stored; target for
#            100,000: under 60 s)
#   size     the store's size per host
#   rescreen a full rescreen of the fleet (target: under 20 s for about ten
#            million components) and an incremental one after one rule is
#            added (target: at least 10x faster), which must give the same
#            verdicts as the full one (bench/fleet/bench-rescreen.c)
#
# HOSTS defaults to 100,000 (the issue's size: about 24 GB of JSON in
# $FLEET_CACHE, default $TMPDIR/chipscreen-bench-fleet, kept between runs);
# give a smaller number for a quick run.  Other engineers load this machine's
# two CPUs: the load average is printed with the times.
set -u
build=${1:-build}
hosts=${2:-${FLEET_HOSTS:-100000}}
seed=${FLEET_SEED:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${FLEET_CACHE:-${TMPDIR:-/tmp}/chipscreen-bench-fleet}
fleet="$cache/fleet-$hosts-$seed"
db="$cache/store-$hosts-$seed.db"
cs="$build/chipscreen"
gen="$build/bench/fleet/gen-fleet"
rescreen="$build/bench/fleet/bench-rescreen"

echo "bench-fleet: reproduce with:  sh bench/bench-fleet.sh $build $hosts   (in $here)"
for b in "$cs" "$gen" "$rescreen"; do
	if [ ! -x "$b" ]; then
		echo "bench-fleet: $b is not built; run: make $b" >&2
		exit 1
	fi
done
now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{printf "%.1f", $2 - $1}'; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null; }
echo "bench-fleet: $(uname -srm), $(nproc) CPUs, load average $(load)"

mkdir -p "$cache" || exit 1
if [ ! -f "$fleet/.complete" ]; then
	rm -rf "$fleet"
	echo "bench-fleet: generating $hosts hosts (seed $seed) into $fleet ..."
	t0=$(now)
	"$gen" -n "$hosts" -s "$seed" -j "$(nproc)" -o "$fleet" || exit 1
	touch "$fleet/.complete"
	echo "bench-fleet: generated in $(secs "$t0" "$(now)") s"
fi
echo "bench-fleet: fleet: $(du -sh "$fleet" | cut -f1) of collect JSON in $(find "$fleet" -name '*.json' | wc -l) files"

rm -f "$db" "$db-wal" "$db-shm"
echo "bench-fleet: $cs import -q --db $db $fleet"
t0=$(now)
"$cs" import -q --db "$db" "$fleet"
st=$?
t1=$(now)
if [ $st -ne 0 ]; then
	echo "bench-fleet: import failed ($st)" >&2
	exit 1
fi
ti=$(secs "$t0" "$t1")
echo "import:      $ti s for $hosts host snapshots ($(echo "$hosts $ti" | awk '{printf "%.0f", $1 / $2}') hosts/s; target for 100,000: under 60 s; load $(load))"

t0=$(now)
"$cs" import -q --db "$db" "$fleet"
tu=$(secs "$t0" "$(now)")
echo "re-import:   $tu s with every snapshot unchanged (read, digested, not stored again)"

"$cs" fleet --db "$db" --stats | sed 's/^/store:       /'

echo "bench-fleet: $rescreen --db $db"
"$rescreen" --db "$db" || st=1
echo "bench-fleet: load average after: $(load); the fleet stays in $fleet, the store in $db"
exit $st
