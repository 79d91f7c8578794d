#!/bin/sh
# bench/bench-serve.sh BUILD [HOSTS] — load on `chipscreen serve` (doc/api.md), loopback only.
#
# A server with TLS (a certificate made here with certtool) on 127.0.0.1, a fresh store, and
# bench/serve/bench-serve (libcurl multi) as the agents:
#
#   new hosts  64 concurrent agents upload HOSTS inventories, each a new host (bench/fleet's
#              generated machines, 40-200 components, about 100 on average, each upload given
#              its own UUID and serial), zstd-compressed as the agent sends them;
#   re-reports the same agents report the same hosts again for 20 s (what a fleet does daily:
#              unchanged inventories, nothing new stored);
#   lost       every upload that got 201 is looked up in the store after the server stopped;
#   search     32 concurrent readers GET /api/v1/search for 10 s (OFAC SDN set loaded);
#   RSS        the server's resident memory with HOSTS hosts stored.
#
# Targets (issue 14): >= 500 uploads/s, p99 < 250 ms, no error, none lost; search p99 < 5 ms;
# RSS under 200 MiB with 100,000 hosts.  HOSTS defaults to 100,000.  Other engineers load this
# machine's two CPUs: the load average is printed with the figures.
set -u
build=${1:-build}
hosts=${2:-100000}
here=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_SERVE_DIR:-${TMPDIR:-/tmp}/chipscreen-bench-serve}
cs="$build/chipscreen"
client="$build/bench/serve/bench-serve"
gen="$build/bench/fleet/gen-fleet"
echo "bench-serve: reproduce with:  sh bench/bench-serve.sh $build $hosts   (in $here)"
for b in "$cs" "$client" "$gen"; do
	[ -x "$b" ] || { echo "bench-serve: $b is not built; run: make $b" >&2; exit 1; }
done
command -v certtool >/dev/null || { echo "bench-serve: certtool missing (gnutls-bin)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench-serve: sqlite3 missing" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# the server's CPU seconds so far (user + system): per-upload CPU does not
# depend on what else loads the machine, unlike uploads/s
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' /proc/$pid/stat; }
per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf "%.2f", n ? (b - a) * 1000 / n : 0}'; }
echo "bench-serve: $(uname -srm), $(nproc) CPUs, load average $(load)"
mkdir -p "$work" || exit 1
if [ ! -f "$work/templates/.complete" ]; then
	rm -rf "$work/templates"
	"$gen" -n 200 -s 7 -j 2 -o "$work/templates" >/dev/null || exit 1
	touch "$work/templates/.complete"
fi
templates=$(find "$work/templates" -name '*.json' | sort)
if [ ! -f "$work/cert.pem" ]; then
	certtool --generate-privkey --key-type=ecdsa --outfile "$work/key.pem" 2>/dev/null
	printf 'cn = "127.0.0.1"\nip_address = "127.0.0.1"\nexpiration_days = 30\nca\nsigning_key\ntls_www_server\n' >"$work/cert.tmpl"
	certtool --generate-self-signed --load-privkey "$work/key.pem" --template "$work/cert.tmpl" \
		--outfile "$work/cert.pem" 2>/dev/null || exit 1
fi
db="$work/store.db"
rm -f "$db" "$db-wal" "$db-shm" "$work/server.err"
"$cs" lists import -q --db "$db" "$here/tests/fixtures/lists/ofac-sdn-bench/sdn.csv" >/dev/null 2>&1 ||
	"$cs" lists import --db "$db" "$here/tests/fixtures/lists/ofac-sdn-bench/sdn.csv" >/dev/null || exit 1
agent=$("$cs" token create --db "$db" --role agent --name bench-agents 2>/dev/null)
reader=$("$cs" token create --db "$db" --role reader --name bench-readers 2>/dev/null)
# one token for all agents here: no rate limit (a real fleet has a token per site or host)
"$cs" serve --db "$db" --listen 127.0.0.1:0 --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
	--rate 0 -q 2>"$work/server.err" &
pid=$!
port=""
for i in $(seq 100); do
	port=$(grep -o '(port [0-9]*' "$work/server.err" 2>/dev/null | cut -d' ' -f2)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "bench-serve: the server did not start" >&2; cat "$work/server.err"; kill "$pid"; exit 1; }
url="https://127.0.0.1:$port"
cd "$work" || exit 1
st=0
echo "bench-serve: new hosts: $hosts uploads, 64 agents (load $(load))"
c0=$(cpu)
BENCH_DISTINCT=0 BENCH_MAX=$hosts "$here/$client" upload "$url" "$agent" cert.pem 64 900 $templates || st=1
c1=$(cpu)
mv acked.txt acked-new.txt
echo "bench-serve: server CPU $(per "$c0" "$c1" "$(wc -l <acked-new.txt)") ms per new-host upload (load $(load))"
echo "bench-serve: re-reports: 20 s, 64 agents, the same hosts (load $(load))"
c0=$(cpu)
BENCH_DISTINCT=0 BENCH_WRAP=$hosts "$here/$client" upload "$url" "$agent" cert.pem 64 20 $templates || st=1
c1=$(cpu)
mv acked.txt acked-again.txt
echo "bench-serve: server CPU $(per "$c0" "$c1" "$(wc -l <acked-again.txt)") ms per re-report (load $(load))"
echo "bench-serve: search: 10 s, 32 readers (load $(load))"
"$here/$client" search "$url" "$reader" cert.pem 32 10 "Banco Nacional de Cuba" "Rosneft" \
	"Huawei Technologies" "ZhiTai" "Hytera Communications" "Islamic Revolutionary Guard Corps" \
	"Tidewater Middle East" "Kim Jong Un" || st=1
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
kill -TERM "$pid"
wait "$pid"
echo "bench-serve: server exited $? after SIGTERM"
stored=$(sqlite3 "$db" 'SELECT count(*) FROM hosts')
# every acknowledged (host, snapshot) must be in the store
cat acked-new.txt acked-again.txt | sed -n 's/^{"host":\([0-9]*\),"snapshot":\([0-9]*\).*/\1 \2/p' |
	awk '{print "SELECT count(*) FROM snapshots WHERE id = " $2 " AND host = " $1 ";"}' >check.sql
acked=$(wc -l <check.sql)
found=$(sqlite3 "$db" <check.sql | awk '{s += $1} END {print s + 0}')
echo "bench-serve: $stored hosts stored; $acked uploads acknowledged, $((acked - found)) of them lost"
echo "bench-serve: server RSS $((rss / 1024)) MiB now, peak $((hwm / 1024)) MiB, with $stored hosts stored"
[ "$acked" -eq "$found" ] || st=1
exit $st
