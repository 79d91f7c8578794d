#!/bin/sh
# tests/run.sh BUILD — run every test program under BUILD/tests and summarise.
# A test program is a cmocka binary; it prints its own report.  Any failure
# makes the run fail, after all programs have run.
set -u
build=${1:-build}
failed=""
n=0
for t in $(find "$build/tests" -type f -name 'test_*' -perm -u+x | sort); do
	n=$((n + 1))
	echo "== $t"
	if ! "$t"; then
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "FAILED ($build):$failed" >&2
	exit 1
fi
echo "all $n test programs passed ($build)"
