#!/bin/sh
# tests/install-test.sh BUILD — `make install` works without the source tree.
#
# 1. install into a scratch PREFIX; 2. copy the installed tree elsewhere and
# move the source tree's data out of reach (CHIPSCREEN_DATA unset, cwd not the
# source tree), so the binary can only find its data where it was installed,
# or beside itself; 3. scan the shipped example and compare with the in-tree
# binary's answer; 4. DESTDIR staging (the compiled-in prefix never exists:
# found beside the executable); 5. the completion script loads and completes;
# 6. `make uninstall` leaves nothing behind.
set -eu
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chipscreen-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "[       OK ] $1"; }
bad() { fail=$((fail + 1)); echo "[  FAILED  ] $1" >&2; }
unset CHIPSCREEN_DATA

make -s -C "$src" BUILD="$build" PREFIX="$tmp/usr" install >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log" >&2; bad "make install"; exit 1; }
want="$tmp/want.txt"
# The "collected" line carries the time of the run: left out of comparisons.
scan_example() { "$@" scan --root "$src/examples/server" --profile cn-cii --date 2026-11-25 | grep -v '^collected '; }
(cd "$src" && scan_example "$src/$build/chipscreen" >"$want" || true)

# 2-3: the installed binary, run from elsewhere.
got="$tmp/got.txt"
(cd "$tmp" && scan_example "$tmp/usr/bin/chipscreen" >"$got" 2>"$tmp/err.txt" || true)
if cmp -s "$want" "$got" && [ -s "$got" ]; then ok "installed binary scans the example as the in-tree one"
else bad "installed binary: output differs"; diff "$want" "$got" | head -20 >&2; cat "$tmp/err.txt" >&2; fi
if strings "$tmp/usr/bin/chipscreen" | grep -q "$src/data"; then bad "installed binary names the source tree's data"
else ok "installed binary does not name the source tree"; fi

# 4: staged with DESTDIR, then moved: the prefix compiled in does not exist.
make -s -C "$src" BUILD="$build" PREFIX=/opt/chipscreen-test-never DESTDIR="$tmp/stage" install \
	>"$tmp/stage.log" 2>&1 || { cat "$tmp/stage.log" >&2; bad "make install DESTDIR"; }
mv "$tmp/stage/opt/chipscreen-test-never" "$tmp/moved"
(cd "$tmp" && scan_example "$tmp/moved/bin/chipscreen" >"$tmp/moved.txt" 2>&1 || true)
if cmp -s "$want" "$tmp/moved.txt"; then ok "a moved install finds its data beside the executable"
else bad "moved install"; head -5 "$tmp/moved.txt" >&2; fi

# man pages and completion
n=$(ls "$src"/doc/*.1 | wc -l)
m=$(ls "$tmp"/usr/share/man/man1/*.1 | wc -l)
[ "$n" -eq "$m" ] && ok "$m man pages installed" || bad "man pages: $m of $n"
if command -v bash >/dev/null; then
	words=$(PATH="$tmp/usr/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(chipscreen sc); COMP_CWORD=1; _chipscreen; echo "${COMPREPLY[*]}"' \
		sh "$tmp/usr/share/bash-completion/completions/chipscreen")
	case " $words " in *" scan "*) ok "completion: 'sc' -> $words" ;; *) bad "completion of 'sc' gave '$words'" ;; esac
	flags=$(PATH="$tmp/usr/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(chipscreen scan --pro); COMP_CWORD=2; _chipscreen; echo "${COMPREPLY[*]}"' \
		sh "$tmp/usr/share/bash-completion/completions/chipscreen")
	[ "$flags" = "--profile" ] && ok "completion: scan --pro -> --profile" || bad "completion of 'scan --pro' gave '$flags'"
fi

# 6: uninstall
make -s -C "$src" BUILD="$build" PREFIX="$tmp/usr" uninstall >/dev/null 2>&1 || bad "make uninstall"
left=$(find "$tmp/usr" -type f | wc -l)
[ "$left" -eq 0 ] && ok "uninstall removes every file" || { bad "uninstall left $left files"; find "$tmp/usr" -type f | head >&2; }

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
