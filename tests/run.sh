#!/bin/sh
# tests/run.sh BUILD [JOBS] — run every test program under BUILD/tests and summarise.
#
# A test program is a cmocka binary; it prints its own report.  Programs are
# independent (each makes its own temporary directories), so JOBS of them run
# at once; each one's output is kept in a file and printed whole, in name
# order, so reports never interleave.  Any failure makes the run fail, after
# all programs have run.
set -u
build=${1:-build}
jobs=${2:-1}
logs=$(mktemp -d "${TMPDIR:-/tmp}/chipscreen-tests-XXXXXX")
trap 'rm -rf "$logs"' EXIT INT TERM

list=$(find "$build/tests" -type f -name 'test_*' -perm -u+x | sort)
[ -n "$list" ] || { echo "tests/run.sh: no test programs under $build/tests" >&2; exit 2; }

# One program: its output into LOG.out, its exit status into LOG.rc.
run_one='t=$1; log=$2/$(echo "$t" | tr / _); "$t" >"$log.out" 2>&1; echo $? >"$log.rc"'
printf '%s\n' $list | xargs -P "$jobs" -I{} sh -c "$run_one" sh {} "$logs"

failed=""
n=0
for t in $list; do
	n=$((n + 1))
	log=$logs/$(echo "$t" | tr / _)
	echo "== $t"
	cat "$log.out"
	rc=$(cat "$log.rc" 2>/dev/null || echo 99)
	[ "$rc" -eq 0 ] || failed="$failed $t"
done
if [ -n "$failed" ]; then
	echo "FAILED ($build):$failed" >&2
	exit 1
fi
echo "all $n test programs passed ($build)"
