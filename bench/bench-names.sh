#!/bin/sh
# bench/bench-names.sh BUILD — batch name screening against the full OFAC SDN set.
#
# In one run: import time of the SDN set (sdn.csv + alt.csv + add.csv), the
# indexed screening of 100,000 generated names (time, peak RSS), the
# --exhaustive screening of a 1,000-name subsample (every listed name scored;
# its per-name time is extrapolated to the 100,000), the indexed screening of
# the same subsample, and whether both find exactly the same matches; then
# precision/recall/F1 on the labelled set.  Ratios are within this run.
set -u
build=${1:-build}
cs=$build/chipscreen
sdn=${CHIPSCREEN_FIXTURES:-tests/fixtures}/lists/ofac-sdn-bench/sdn.csv
[ -f "$sdn" ] || { echo "SKIP: $sdn is absent"; exit 0; }
[ -x /usr/bin/time ] || { echo "bench-names: /usr/bin/time is missing (apt-get install time)"; exit 1; }
n=${NAMES:-100000}
sub=${SUBSAMPLE:-1000}
# MIN=SCORE measures at another threshold than the default (--min)
minopt=${MIN:+--min $MIN}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/sdn.db

# Times are CPU seconds (user + system), not elapsed: the machine is shared,
# and other processes' load would otherwise move the ratios run to run.
measure() { # label, command...: prints CPU seconds and peak RSS (KiB) into $tmp/label.t
	label=$1; shift
	/usr/bin/time -f "%U %S %M" -o "$tmp/$label.t" "$@"
	awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$tmp/$label.t" > "$tmp/$label.c"
}

measure import "$cs" lists import -q --db "$db" "$sdn" >/dev/null || exit 1
"$build/bench/names/gen-queries" --db "$db" "$n" "$tmp/clean.ids" > "$tmp/q.csv" || exit 1
head -n $((sub + 1)) "$tmp/q.csv" > "$tmp/sub.csv"
head -n 2 "$tmp/q.csv" > "$tmp/one.in"
measure load "$cs" screen-names -q $minopt --db "$db" --column name --out "$tmp/one.csv" "$tmp/one.in"
measure indexed "$cs" screen-names -q $minopt --db "$db" --column name --out "$tmp/idx.csv" "$tmp/q.csv"
measure idxsub "$cs" screen-names -q $minopt --db "$db" --column name --out "$tmp/idxsub.csv" "$tmp/sub.csv"
measure exh "$cs" screen-names -q $minopt --exhaustive --db "$db" --column name --out "$tmp/exh.csv" "$tmp/sub.csv"

read it irss <<EOT
$(tail -n1 "$tmp/indexed.c")
EOT
read imt imrss <<EOT
$(tail -n1 "$tmp/import.c")
EOT
read st srss <<EOT
$(tail -n1 "$tmp/idxsub.c")
EOT
read et erss <<EOT
$(tail -n1 "$tmp/exh.c")
EOT
read lt lrss <<EOT
$(tail -n1 "$tmp/load.c")
EOT
# The last column is screened_at (the run's clock), which differs between runs
# by design: drop it before comparing.  The generated names hold no comma or
# quote, and the decision is the fifth field from the end (decision,
# list_source, list_version, list_date, screened_at).
strip() { sed 's/,[^,]*$//' "$1"; }
matched=$(awk -F, 'NR>1 && $(NF-4) != "no-match"' "$tmp/idx.csv" | wc -l)
# the false-alarm side: of the made-up names (the unlisted half), how many got a hit
flagged=$(awk -F, 'NR == FNR { clean[$1] = 1; next } FNR > 1 && ($1 in clean) && $(NF-4) != "no-match" { f++ } END { print f + 0 }' "$tmp/clean.ids" "$tmp/idx.csv")
nclean=$(wc -l < "$tmp/clean.ids")
# the generator repeats names ("Ahmed Wang" 86 times): the distinct ones say
# more of a reviewer's load (clean names hold no comma: $2 is the name)
read dflagged dclean <<EOT
$(awk -F, 'NR == FNR { clean[$1] = 1; next } FNR > 1 && ($1 in clean) { all[$2] = 1; if ($(NF-4) != "no-match") f[$2] = 1 } END { print length(f), length(all) }' "$tmp/clean.ids" "$tmp/idx.csv")
EOT
strip "$tmp/idxsub.csv" > "$tmp/idxsub.s"; strip "$tmp/exh.csv" > "$tmp/exh.s"
strip "$tmp/idx.csv" | head -n $((sub + 1)) > "$tmp/idx.s"
if cmp -s "$tmp/idxsub.s" "$tmp/exh.s"; then same=yes; else same=NO; fi
cmp -s "$tmp/idx.s" "$tmp/exh.s" && same_full=yes || same_full=NO
awk -v lt="$lt" -v it="$it" -v irss="$irss" -v imt="$imt" -v imrss="$imrss" -v st="$st" -v et="$et" -v erss="$erss" \
    -v n="$n" -v ns="$sub" -v m="$matched" -v same="$same" -v same_full="$same_full" \
    -v fl="$flagged" -v nc="$nclean" -v dfl="$dflagged" -v dnc="$dclean" 'BEGIN {
	per_i = (it - lt) / n; per_e = (et - lt) / ns  # the index build (one name screened) apart
	printf "names screened (indexed):        %d in %.2f s (%.1f us/name, %.0f names/s), %d hits at the default threshold\n", n, it, per_i * 1e6, 1 / per_i, m
	printf "clean (made-up) names flagged:   %d of %d (%.1f%%); distinct names %d of %d (%.1f%%)\n", fl, nc, nc ? 100 * fl / nc : 0, dfl, dnc, dnc ? 100 * dfl / dnc : 0
	printf "exhaustive, %d-name subsample: %.2f s (%.0f us/name); extrapolated to %d: %.0f s\n", ns, et, per_e * 1e6, n, per_e * n
	printf "speed-up indexed vs exhaustive:  %.0fx (per name; >= 100x required)\n", per_e / per_i
	printf "same matches on the subsample:   %s (indexed run on the subsample), %s (rows of the full run)\n", same, same_full
	printf "peak RSS indexed, 100k names:    %.1f MiB (< 200 MiB required); exhaustive %.1f MiB\n", irss / 1024, erss / 1024
	printf "SDN import (sdn+alt+add):        %.2f s CPU (< 1 s required), peak RSS %.1f MiB\n", imt, imrss / 1024
	printf "store load and index build (one name): %.2f s, not counted per name above\n", lt
	printf "(times are CPU seconds, user + system)\n"
}'
echo "labelled set (precision/recall/F1 by threshold):"
qdb=$tmp/q.db
S=${CHIPSCREEN_FIXTURES:-tests/fixtures}/lists
"$cs" lists import -q --db "$qdb" "$S/ofac-sdn-bench/sdn.csv" "$S/dod-1260h/sanctions.csv" \
	"$S/us-special-leg/section_5949.csv" "$S/us-special-leg/section_889.csv" "$S/bis-dpl.txt" \
	"$S/csl/consolidated-sample.csv" tests/fixtures/names/orgs.tsv >/dev/null
"$build/bench/names/quality" --db "$qdb" --check-exhaustive tests/fixtures/names/labelled.tsv
echo "reproduce: make && make $build/bench/names/gen-queries $build/bench/names/quality && sh bench/bench-names.sh $build"
