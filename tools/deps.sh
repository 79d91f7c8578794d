#!/bin/sh
# tools/deps.sh SET... -- make sure the Debian packages a make target needs are installed.
#
# Sets: build (compile and run chipscreen), test (unit tests, sanitizers, clang build),
# bench (the tools chipscreen is measured against), fuzz (clang and libFuzzer: make fuzz).  As root, missing packages are
# installed with apt-get after an apt-get update (CI machines are fresh).  Otherwise
# the exact command is printed and the script fails, so nothing is half-built.
set -eu

# libarchive13, libxml2, libicu72 and libcurl are opened at run time (dlopen, src/util/lazylib.h), not
# linked: named here because nothing in the binary's ELF asks for them.
pkgs_build="gcc make pkg-config binutils libc6-dev libsqlite3-dev libutf8proc-dev libcjson-dev libcsv-dev libarchive-dev libarchive13 libxml2-dev libxml2 libicu-dev libicu72 libzstd-dev nettle-dev hwdata iso-codes libcurl4-gnutls-dev"
pkgs_test="libcmocka-dev clang xz-utils python3 python3-jsonschema dmidecode chromium poppler-utils fonts-wqy-microhei"
pkgs_bench="lshw dmidecode pciutils usbutils time hyperfine python3"
pkgs_deb="dpkg-dev debhelper fakeroot lintian"
pkgs_fuzz="clang libfuzzer-14-dev"
# the fleet service: chipscreen serve (libmicrohttpd with GnuTLS), agent (libcurl), gzip bodies
pkgs_build="$pkgs_build libmicrohttpd-dev libgnutls28-dev zlib1g-dev"
# server tests: certtool makes the self-signed certificate
pkgs_test="$pkgs_test gnutls-bin"

want=""
for set in "$@"; do
	case "$set" in
	build) want="$want $pkgs_build" ;;
	test) want="$want $pkgs_build $pkgs_test" ;;
	bench) want="$want $pkgs_build $pkgs_bench" ;;
	deb) want="$want $pkgs_build $pkgs_deb" ;;
	fuzz) want="$want $pkgs_build $pkgs_test $pkgs_fuzz" ;;
	*) echo "tools/deps.sh: unknown package set '$set' (build, test, bench, deb, fuzz)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ]; then
	echo "chipscreen: installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	apt-get install -y -q --no-install-recommends $missing >&2
else
	echo "chipscreen: missing Debian packages:$missing" >&2
	echo "chipscreen: install them as root, then run make again:" >&2
	echo "    sudo sh -c '$cmd'" >&2
	exit 1
fi
