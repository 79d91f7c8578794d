#!/bin/sh
# bench/bench-collect.sh BUILD — how fast and small `chipscreen collect` is on
# this machine, against the tools an administrator would run instead, measured
# in the same run so the ratios hold even on a loaded machine:
#
#   lshw -json                      (target: chipscreen at least 30x faster)
#   dmidecode + lspci -nn + lsusb   (the three tools for the same facts)
#
# and chipscreen's peak resident memory from /usr/bin/time -v (target: under
# 8 MiB).  Missing tools are named and their baseline skipped; `tools/deps.sh
# bench` installs them (lshw, dmidecode, pciutils, usbutils, time; hyperfine).
# Run as root for the full picture: without it lshw and dmidecode see less, and
# so does chipscreen (no SMBIOS tables, no SPD).
set -u
build=${1:-build}
bin="$build/chipscreen"
here=$(cd "$(dirname "$0")/.." && pwd)

echo "bench-collect: reproduce with:  sh bench/bench-collect.sh $build   (in $here)"
if [ ! -x "$bin" ]; then
	echo "bench-collect: $bin is not built; run make first" >&2
	exit 1
fi
if ! command -v hyperfine >/dev/null 2>&1; then
	echo "bench-collect: hyperfine is not installed: no timings (apt-get install hyperfine)"
	exit 0
fi
echo "bench-collect: $(uname -srm), $(nproc) CPUs, as $(id -un)$( [ "$(id -u)" -eq 0 ] || echo ' (not root: the tools see less)')"

cs="$bin collect -q -o /dev/null"
set -- -n chipscreen "$cs"
have_lshw=no
if command -v lshw >/dev/null 2>&1; then
	have_lshw=yes
	set -- "$@" -n lshw "lshw -json -quiet"
else
	echo "bench-collect: lshw is not installed: lshw baseline skipped"
fi
have_trio=yes
for t in dmidecode lspci lsusb; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "bench-collect: $t is not installed: dmidecode+lspci+lsusb baseline skipped"
		have_trio=no
	fi
done
# Each tool may fail on a machine without its bus (no USB, no DMI): what is
# timed is the work, so failures are ignored, not hidden: see the note below.
[ $have_trio = yes ] && set -- "$@" -n "dmidecode+lspci+lsusb" \
	"sh -c 'dmidecode >/dev/null 2>&1; lspci -nn >/dev/null 2>&1; lsusb >/dev/null 2>&1; exit 0'"

csv=$(mktemp "${TMPDIR:-/tmp}/bench-collect.XXXXXX")
trap 'rm -f "$csv"' EXIT
echo "bench-collect: hyperfine -N --warmup 3 --min-runs 20 --export-csv FILE $(printf "'%s' " "$@")"
hyperfine -N --warmup 3 --min-runs 20 --style basic --export-csv "$csv" "$@" || {
	echo "bench-collect: hyperfine failed" >&2
	exit 1
}

# CSV: command,mean,stddev,median,user,system,min,max (seconds)
echo
awk -F, -v lshw=$have_lshw -v trio=$have_trio '
	NR == 1 { next }
	{ mean[$1] = $2; med[$1] = $4 }
	END {
		c = mean["chipscreen"]
		printf "chipscreen collect: mean %.2f ms (median %.2f ms)\n", c * 1000, med["chipscreen"] * 1000
		if (lshw == "yes") {
			r = mean["lshw"] / c
			printf "lshw -json:          mean %.2f ms  -> chipscreen is %.1fx faster (target >= 30x: %s)\n",
				mean["lshw"] * 1000, r, (r >= 30 ? "met" : "MISSED")
		}
		if (trio == "yes") {
			t = mean["dmidecode+lspci+lsusb"]
			printf "dmidecode+lspci+lsusb: mean %.2f ms -> chipscreen is %.1fx faster\n", t * 1000, t / c
		}
	}' "$csv"

if [ -x /usr/bin/time ]; then
	kib=$(/usr/bin/time -v $cs 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }')
	awk -v k="$kib" 'BEGIN {
		printf "chipscreen peak RSS: %.2f MiB (%d KiB; target < 8 MiB: %s)\n", k / 1024, k, k < 8192 ? "met" : "MISSED" }'
	if [ $have_lshw = yes ]; then
		lk=$(/usr/bin/time -v lshw -json -quiet 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }')
		awk -v k="$lk" 'BEGIN { printf "lshw peak RSS:       %.2f MiB\n", k / 1024 }'
	fi
else
	echo "bench-collect: /usr/bin/time is not installed (package time): no peak RSS"
fi
n=$($bin collect -q | grep -c '"kind":')
echo "chipscreen found $n components on this machine"
