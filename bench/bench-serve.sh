#!/bin/sh
# bench/bench-serve.sh BUILD [HOSTS [BASE]] — load on `chipscreen serve` (doc/api.md), loopback only.
#
# A server with TLS (a certificate made here with certtool) on 127.0.0.1, a fresh store, and
# bench/serve/bench-serve as the agents (libcurl multi, as `chipscreen agent` uploads) and as the
# readers (one thread, epoll and GnuTLS, a keep-alive connection each: the client's own CPU,
# on the same two CPUs, was a third of the server's per search through libcurl; BENCH_LIBCURL=1
# in the environment makes the readers use libcurl as before):
#
#   new hosts  64 concurrent agents upload HOSTS inventories, each a new host (bench/fleet's
#              generated machines, 40-200 components, about 100 on average, each upload given
#              its own UUID and serial), zstd-compressed as the agent sends them;
#   re-reports the same agents report the same hosts again for 20 s (what a fleet does daily:
#              unchanged inventories, nothing new stored);
#   lost       every upload that got 201 is looked up in the store after the server stopped;
#   search     32 concurrent readers GET /api/v1/search for 10 s (OFAC SDN set loaded), eight
#              names asked again and again: answered from the kept answers (--search-cache);
#   searched   the same with a server started with --search-cache 0: every request searches
#              the index (what a name never asked before costs);
#   RSS        the server's resident memory with HOSTS hosts stored.
#
# BASE, a chipscreen binary built from another commit (the one before a change), runs the same
# phases first, on a store of its own, in this same run; then each figure is printed with its
# ratio to BASE's.  Other engineers load this machine's two CPUs, which moves uploads/s and
# latencies from one minute to the next: the server's CPU per upload (user + system, read from
# /proc) does not depend on that load, and is the figure to compare.
#
# Targets (issue 14): >= 500 uploads/s, p99 < 250 ms, no error, none lost; search p99 < 5 ms;
# RSS under 200 MiB with 100,000 hosts.  HOSTS defaults to 100,000.
set -u
build=${1:-build}
hosts=${2:-100000}
base=${3:-}
here=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_SERVE_DIR:-${TMPDIR:-/tmp}/chipscreen-bench-serve}
client="$build/bench/serve/bench-serve"
gen="$build/bench/fleet/gen-fleet"
echo "bench-serve: reproduce with:  sh bench/bench-serve.sh $build $hosts${base:+ $base}   (in $here)"
for b in "$build/chipscreen" "$client" "$gen" ${base:+"$base"}; do
	[ -x "$b" ] || { echo "bench-serve: $b is not built; run: make $b" >&2; exit 1; }
done
command -v certtool >/dev/null || { echo "bench-serve: certtool missing (gnutls-bin)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench-serve: sqlite3 missing" >&2; exit 1; }
case $base in /* | "") ;; *) base="$PWD/$base" ;; esac
load() { cut -d' ' -f1-3 /proc/loadavg; }
# the server's CPU seconds so far (user + system): per-upload CPU does not
# depend on what else loads the machine, unlike uploads/s
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' /proc/$pid/stat; }
per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf "%.3f", n ? (b - a) * 1000 / n : 0}'; }
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
results="$work/results.txt"
: >"$results"
st=0

# start LABEL CS DB [ARGS...]: a server; pid and url set
start() {
	label=$1
	cs=$2
	db=$3
	shift 3
	rm -f "$work/server.err"
	"$cs" serve --db "$db" --listen 127.0.0.1:0 --tls-cert "$work/cert.pem" \
		--tls-key "$work/key.pem" --rate 0 -q "$@" 2>"$work/server.err" &
	pid=$!
	port=""
	for i in $(seq 100); do
		port=$(grep -o '(port [0-9]*' "$work/server.err" 2>/dev/null | cut -d' ' -f2)
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { echo "bench-serve: the server did not start" >&2; cat "$work/server.err"; kill "$pid"; exit 1; }
	url="https://127.0.0.1:$port"
}

stop() {
	kill -TERM "$pid"
	wait "$pid"
	echo "bench-serve: $label: server exited $? after SIGTERM"
}

# note LABEL KEY VALUE: a figure for the ratios
note() { echo "$1 $2 $3" >>"$results"; }

# measure PHASE CLIENT-ARGS...: bench-serve's summary line printed, its rate, p99 and the
# server's CPU per request noted
measure() {
	ph=$1
	shift
	c0=$(cpu)
	"$client" "$@" >client.out || st=1
	c1=$(cpu)
	cat client.out
	n=$(sed -n 's/^[a-z]*: \([0-9]*\) ok.*/\1/p' client.out)
	note "$label" "$ph-rate" "$(sed -n 's/.* s: \([0-9]*\)\/s;.*/\1/p' client.out)"
	note "$label" "$ph-p99" "$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' client.out)"
	ms=$(per "$c0" "$c1" "${n:-0}")
	note "$label" "$ph-cpu" "$ms"
	echo "bench-serve: $label: server CPU $ms ms per request (load $(load))"
}

search() { # PHASE
	measure "$1" search "$url" "$reader" cert.pem 32 10 "Banco Nacional de Cuba" "Rosneft" \
		"Huawei Technologies" "ZhiTai" "Hytera Communications" \
		"Islamic Revolutionary Guard Corps" "Tidewater Middle East" "Kim Jong Un"
}

# run LABEL CS: every phase on a fresh store with CS
run() {
	label=$1
	cs=$2
	db="$work/store-$label.db"
	rm -f "$db" "$db-wal" "$db-shm"
	"$cs" lists import -q --db "$db" "$here/tests/fixtures/lists/ofac-sdn-bench/sdn.csv" >/dev/null 2>&1 ||
		"$cs" lists import --db "$db" "$here/tests/fixtures/lists/ofac-sdn-bench/sdn.csv" >/dev/null || exit 1
	agent=$("$cs" token create --db "$db" --role agent --name bench-agents 2>/dev/null)
	reader=$("$cs" token create --db "$db" --role reader --name bench-readers 2>/dev/null)
	# one token for all agents here: no rate limit (a real fleet has a token per site or host)
	start "$label" "$cs" "$db"
	cd "$work" || exit 1
	echo "bench-serve: $label: new hosts: $hosts uploads, 64 agents (load $(load))"
	BENCH_DISTINCT=0 BENCH_MAX=$hosts measure new upload "$url" "$agent" cert.pem 64 3600 $templates
	mv acked.txt "acked-$label-new.txt"
	echo "bench-serve: $label: re-reports: 20 s, 64 agents, the same hosts (load $(load))"
	BENCH_DISTINCT=0 BENCH_WRAP=$hosts measure again upload "$url" "$agent" cert.pem 64 20 $templates
	mv acked.txt "acked-$label-again.txt"
	echo "bench-serve: $label: search: 10 s, 32 readers, 8 names asked again and again (load $(load))"
	search search
	rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
	hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
	stop
	stored=$(sqlite3 "$db" 'SELECT count(*) FROM hosts')
	# every acknowledged (host, snapshot) must be in the store
	cat "acked-$label-new.txt" "acked-$label-again.txt" |
		sed -n 's/^{"host":\([0-9]*\),"snapshot":\([0-9]*\).*/\1 \2/p' |
		awk '{print "SELECT count(*) FROM snapshots WHERE id = " $2 " AND host = " $1 ";"}' >check.sql
	acked=$(wc -l <check.sql)
	found=$(sqlite3 "$db" <check.sql | awk '{s += $1} END {print s + 0}')
	echo "bench-serve: $label: $stored hosts stored; $acked uploads acknowledged, $((acked - found)) of them lost"
	echo "bench-serve: $label: server RSS $((rss / 1024)) MiB now, peak $((hwm / 1024)) MiB, with $stored hosts stored"
	note "$label" rss-peak "$((hwm / 1024))"
	[ "$acked" -eq "$found" ] || st=1
	# searches that search: a server that keeps no answers (a BASE from before
	# --search-cache keeps none; one after it is told to keep none, as this build)
	if "$cs" serve --help 2>&1 | grep -q -- --search-cache; then
		start "$label" "$cs" "$db" --search-cache 0
	else
		start "$label" "$cs" "$db"
	fi
	echo "bench-serve: $label: searched: 10 s, 32 readers, every request searching the index (load $(load))"
	search searched
	stop
	cd "$here" || exit 1
}

case $build in /*) self="$build/chipscreen" ;; *) self="$here/$build/chipscreen" ;; esac
case $client in /*) ;; *) client="$here/$client" ;; esac
[ -n "$base" ] && run base "$base"
run current "$self"

if [ -n "$base" ]; then
	echo "bench-serve: this build against BASE ($base), same run (ratio: BASE's figure / this build's"
	echo "bench-serve: for CPU and latency, this build's / BASE's for rates: above 1 is better)"
	awk '
	$1 == "base" { b[$2] = $3 } $1 == "current" { c[$2] = $3; order[++n] = $2 }
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]
			if (!(k in b)) continue
			better = k ~ /rate$/ ? (b[k] ? c[k] / b[k] : 0) : (c[k] ? b[k] / c[k] : 0)
			printf "bench-serve:   %-14s base %10s  this %10s  %6.2fx\n", k, b[k], c[k], better
		}
	}' "$results"
fi
exit $st
