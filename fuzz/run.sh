#!/bin/sh
# fuzz/run.sh BINDIR SECONDS — run every harness in BINDIR for SECONDS each
# (make fuzz).  Each harness's corpus is build/.../corpus/<harness>: seeded
# from fuzz/corpus/<harness>/ (crash inputs found before, kept as regression
# cases, and hand-made seeds) and from the fixture files fuzz/seeds.txt names.
# A dictionary fuzz/dict/<harness>.dict is used when there is one.  A crash
# stops the run: the input is left as crash-<harness>-* in BINDIR, and the
# exit status is 1.  Inputs are at most 64 KiB (-max_len): larger seeds are
# read up to that, so a run over a list file costs milliseconds, not tenths
# of a second, and covers as much.  The last line of each harness's log (executions,
# coverage, corpus) is printed; the failures are repeated at the end with
# their sanitizer report and the crashing input (base64), for a CI log's tail.
set -eu
bindir=$1
secs=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
status=0
failed=""
for bin in "$bindir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus="$bindir/corpus/$name"
	mkdir -p "$corpus"
	# the seeds: committed inputs, then fixtures (copied: libFuzzer adds to the first dir)
	if [ -d "$src/fuzz/corpus/$name" ]; then
		cp -p "$src/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null || true
	fi
	grep "^$name[[:space:]]" "$src/fuzz/seeds.txt" | while read -r _ glob; do
		for f in $src/$glob; do
			[ -f "$f" ] || continue
			# at most 256 KiB a seed: the list readers take a whole file per run
			[ "$(wc -c < "$f")" -le 262144 ] || continue
			cp "$f" "$corpus/seed-$(echo "$f" | sed 's|.*/tests/fixtures/||; s|/|_|g')"
		done
	done
	dict=""
	[ -f "$src/fuzz/dict/$name.dict" ] && dict="-dict=$src/fuzz/dict/$name.dict"
	log="$bindir/$name.log"
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$bindir/crash-$name-" $dict "$corpus" \
		> "$log" 2>&1; then
		echo "fuzz: $name: FAILED (see $log)"
		grep -E "ERROR|invariant|SUMMARY" "$log" | head -5
		failed="$failed $name"
		status=1
		continue
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E "^#[0-9]+.*cov:" "$log" | tail -1 | sed 's/.*cov: \([0-9]*\).*ft: \([0-9]*\).*corp: \([0-9]*\).*/cov \1, features \2, corpus \3/')
	echo "fuzz: $name: ${execs:-?} executions in ${secs}s; $cov"
done
# the failures again at the end, with their reports, where a CI log's tail shows them
for name in $failed; do
	crash=$(ls "$bindir"/crash-"$name"-* 2>/dev/null | head -1)
	echo "fuzz: FAILED $name; the input: $crash"
	grep -E -A9 "^==[0-9]+==ERROR|^INFO: a leak|libFuzzer: (timeout|out-of-memory|deadly)" \
		"$bindir/$name.log" | head -10
	[ -n "$crash" ] && echo "fuzz: the input in base64:" && head -c 456 "$crash" | base64
done
exit $status
