#!/bin/sh
# tests/deb-test.sh BUILD — the Debian package builds, passes lintian without
# errors, installs, runs and removes cleanly (run as root on a Debian machine;
# `make deb-test`, and CI after `make test`).
set -eu
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "[       OK ] $1"; }
bad() { fail=$((fail + 1)); echo "[  FAILED  ] $1" >&2; }

make -s BUILD="$build" deb >/dev/null
deb=$(ls "$build"/deb/chipscreen_*.deb)
if lintian --fail-on error "$deb" >"$build/deb/lintian.txt" 2>&1; then ok "lintian: no errors"
else bad "lintian"; cat "$build/deb/lintian.txt" >&2; fi

if dpkg -s chipscreen >/dev/null 2>&1; then
	echo "deb-test: a chipscreen package is already installed; not touching it" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "./$deb" >"$build/deb/install.log" 2>&1 && ok "installs with its dependencies" ||
	{ bad "install"; tail "$build/deb/install.log" >&2; }
tmp=$(mktemp -d)
st=0
(cd "$tmp" && /usr/bin/chipscreen scan --root "$src/examples/server" --profile cn-cii >"$tmp/out.txt" 2>&1) || st=$?
if [ "$st" -eq 1 ] && grep -q "NO-NEW-PURCHASE (4)" "$tmp/out.txt"; then ok "installed chipscreen scans the example"
else bad "installed scan (exit $st)"; head "$tmp/out.txt" >&2; fi
man -w chipscreen-scan >/dev/null 2>&1 && ok "man chipscreen-scan" || bad "man page not found"
rm -rf "$tmp"
apt-get purge -y -q chipscreen >/dev/null 2>&1 && ok "purges" || bad "purge"
if [ -e /usr/bin/chipscreen ] || [ -e /usr/share/chipscreen ]; then bad "files left after purge"
else ok "nothing left after purge"; fi
echo "deb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
