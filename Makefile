# chipscreen — build, test, benchmark.
#
#   make scan    install missing Debian packages, build, scan this machine
#   make test    install missing Debian packages, build, run every test:
#                plain (gcc), under ASan+UBSan, and a clang -Werror build
#   make bench   run the benchmarks in bench/ (see README)
#
# Sources are discovered: every src/**/*.c except src/main.c goes into
# libchipscreen.a; every tests/**/test_*.c is one cmocka test program linked
# against it and tests/support/*.c.  Adding a file needs no Makefile change.
#
# BUILD=dir puts objects elsewhere (sanitizer and clang builds use subdirs).
# DEVELOPER=1 turns warnings into errors (make test and CI set it; a user's
# build with another compiler or OPT=-O0 must not fail on a new warning).
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   binary, data, man pages,
#                                                  bash completion, systemd units
#   make uninstall [PREFIX=...] [DESTDIR=]

BUILD    ?= build
CC       ?= cc
SAN      ?=
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/chipscreen
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDDIR  ?= $(PREFIX)/lib/systemd/system
DATADIR  ?= $(CURDIR)/data
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)

PKGS      = sqlite3 libutf8proc libcjson libzstd nettle
# The fleet service (src/server/): HTTP(S) server, client, gzip bodies.
PKGS     += libmicrohttpd libcurl zlib
# Compiled against but not linked: loaded with dlopen on first use, so that
# commands which never touch an archive or XML do not map them (and the ICU
# and libstdc++ they bring): src/util/lazylib.h.  Tests that build archives
# themselves link them (as needed).  The sonames come from the libraries the
# headers belong to.
LAZY_PKGS = libarchive libxml-2.0 libcurl icu-i18n
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -ldl
LAZY_LIBS  := -Wl,--as-needed $(shell pkg-config --libs $(LAZY_PKGS) 2>/dev/null) -Wl,--no-as-needed
soname      = $(shell objdump -p "$$($(CC) -print-file-name=$(1))" 2>/dev/null | awk '/SONAME/ { print $$2 }')
archive_so := $(call soname,libarchive.so)
xml2_so    := $(call soname,libxml2.so)
# libcurl: only `lists update` downloads; linked, it would map 27 libraries into every command
curl_so    := $(call soname,libcurl.so)
LAZY_SONAMES := $(if $(archive_so),-DLIBARCHIVE_SONAME='"$(archive_so)"') \
                $(if $(xml2_so),-DLIBXML2_SONAME='"$(xml2_so)"') \
                $(if $(curl_so),-DLIBCURL_SONAME='"$(curl_so)"')

WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wformat=2 -Wvla
ifeq ($(DEVELOPER),1)
WARN    += -Werror
endif
CSTD     = -std=c11 -D_GNU_SOURCE
OPT     ?= -O2 -g
ifeq ($(SAN),1)
OPT      = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDSAN    = -fsanitize=address,undefined
endif

CPPFLAGS += -Isrc -Itests/support -DCHIPSCREEN_DATADIR='"$(DATADIR)"' -DCHIPSCREEN_SRCDIR='"$(CURDIR)"' \
            -DCHIPSCREEN_VERSION='"$(VERSION)"' $(LAZY_SONAMES)
CFLAGS   += $(CSTD) $(WARN) $(OPT) $(PKG_CFLAGS) -MMD -MP
LDLIBS   += $(PKG_LIBS)
LDFLAGS  += $(LDSAN)

VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

LIB_SRC   := $(shell find src -name '*.c' ! -path src/main.c ! -path src/collector-main.c | sort)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC  := $(shell find tests -name 'test_*.c' | sort)
TEST_BIN  := $(TEST_SRC:%.c=$(BUILD)/%)
SUP_SRC   := $(shell find tests/support -name '*.c' 2>/dev/null | sort)
SUP_OBJ   := $(SUP_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(shell find bench -name '*.c' 2>/dev/null | sort)
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)

.PHONY: all scan test tests check-clang bench deps deps-test install uninstall install-test deb deb-test collector check-layers clean format fuzz fuzz-bins mutate

all: $(BUILD)/chipscreen

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libchipscreen.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/chipscreen: $(BUILD)/src/main.o $(BUILD)/libchipscreen.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(SUP_OBJ) $(BUILD)/libchipscreen.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(LAZY_LIBS) -lcmocka

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(SUP_OBJ) $(BUILD)/libchipscreen.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(LAZY_LIBS) -lcmocka

# bench/serve's readers speak TLS through GnuTLS themselves (the library
# libmicrohttpd serves TLS with): bench/serve/bench-serve.c says why.
$(BUILD)/bench/serve/bench-serve: LDLIBS += $(shell pkg-config --libs gnutls 2>/dev/null)

# The collector (src/collector-main.c): collect and capture only, every
# library static but the C library and cJSON (no static cJSON in Debian).
# tests/collector-test.sh checks what it needs at run time.
COLLECTOR_STATIC = sqlite3 utf8proc zstd nettle csv
$(BUILD)/chipscreen-collector: $(BUILD)/src/collector-main.o $(BUILD)/libchipscreen.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ -Wl,--as-needed -Wl,-Bstatic $(COLLECTOR_STATIC:%=-l%) \
		-Wl,-Bdynamic -lcjson -lm -ldl -lpthread

collector: $(BUILD)/chipscreen-collector

# Keep objects of test and bench programs between runs.
.SECONDARY:

tests: $(BUILD)/chipscreen $(TEST_BIN)

deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

# The main job: scan this machine.  Exit status 1 means findings, which is an
# answer, not a failure; 2 is an error.
scan: deps
	@$(MAKE) --no-print-directory all
	@$(BUILD)/chipscreen scan; st=$$?; [ $$st -le 1 ] || exit $$st

# Every test: plain build, then ASan+UBSan build, then clang must compile
# everything at -Werror too, then an install into a scratch prefix must run.
# Test programs run $(JOBS) at a time (tests/run.sh).
test: deps-test
	@$(MAKE) --no-print-directory check-layers
	@$(MAKE) --no-print-directory -j$(JOBS) DEVELOPER=1 tests
	@sh tests/run.sh $(BUILD) $(JOBS)
	@$(MAKE) --no-print-directory -j$(JOBS) DEVELOPER=1 BUILD=$(BUILD)/san SAN=1 tests
	@sh tests/run.sh $(BUILD)/san $(JOBS)
	@$(MAKE) --no-print-directory check-clang
	@$(MAKE) --no-print-directory install-test
	@$(MAKE) --no-print-directory collector
	@sh tests/collector-test.sh $(BUILD)

# No #include climbs the layers of tools/layers.txt (doc/design.md).
check-layers:
	@python3 tools/check-layers.py
	@sh tests/check-layers-test.sh >/dev/null

check-clang:
	@$(MAKE) --no-print-directory -j$(JOBS) DEVELOPER=1 BUILD=$(BUILD)/clang CC=clang tests $(BENCH_BIN:$(BUILD)/%=$(BUILD)/clang/%)
	@echo "clang build: ok"

# Install into a scratch prefix, hide the source tree and run the installed
# binary on the shipped example (tests/install-test.sh).
install-test: all
	@sh tests/install-test.sh $(BUILD)

bench: deps
	@sh tools/deps.sh bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

# The installed binary differs from the in-tree one in one object: the data
# directory it looks in first (src/util/datadir.c).  That object is built
# per SHAREDIR and linked before the library, so the library's copy is not used.
$(BUILD)/install/datadir.o: src/util/datadir.c FORCE
	@mkdir -p $(dir $@)
	@echo "  CC      $< (data in $(SHAREDIR))"
	@$(CC) $(CPPFLAGS) -UCHIPSCREEN_DATADIR -DCHIPSCREEN_DATADIR='"$(SHAREDIR)"' $(CFLAGS) -MF /dev/null -c $< -o $@

$(BUILD)/install/chipscreen: $(BUILD)/src/main.o $(BUILD)/install/datadir.o $(BUILD)/libchipscreen.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

FORCE:

install: $(BUILD)/install/chipscreen
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BUILD)/install/chipscreen $(DESTDIR)$(BINDIR)/chipscreen
	cp -R data/. $(DESTDIR)$(SHAREDIR)/
	find $(DESTDIR)$(SHAREDIR) -type d -exec chmod 755 {} + && find $(DESTDIR)$(SHAREDIR) -type f -exec chmod 644 {} +
	install -m 644 doc/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 dist/bash-completion/chipscreen $(DESTDIR)$(BASHCOMPDIR)/chipscreen
	if [ -d dist/systemd ]; then install -d $(DESTDIR)$(SYSTEMDDIR) && \
		for u in dist/systemd/*; do sed 's|@BINDIR@|$(BINDIR)|g' "$$u" > $(DESTDIR)$(SYSTEMDDIR)/$$(basename "$$u"); \
		chmod 644 $(DESTDIR)$(SYSTEMDDIR)/$$(basename "$$u"); done; fi

# A Debian package, built from a copy of the tree (dpkg-buildpackage writes
# beside the source directory) into $(BUILD)/deb/.  tests/deb-test.sh installs,
# runs and removes it.
deb:
	@sh tools/deps.sh deb
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/src
	@tar -c --exclude=./build --exclude=./.git --exclude='./debian/build' . | tar -x -C $(BUILD)/deb/src
	@cd $(BUILD)/deb/src && dpkg-buildpackage -us -uc -b >../dpkg-buildpackage.log 2>&1 || \
		{ tail -30 ../dpkg-buildpackage.log >&2; exit 1; }
	@ls $(BUILD)/deb/*.deb

deb-test:
	@sh tests/deb-test.sh $(BUILD)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/chipscreen $(DESTDIR)$(BASHCOMPDIR)/chipscreen
	rm -rf $(DESTDIR)$(SHAREDIR)
	for m in doc/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$(basename $$m); done
	if [ -d dist/systemd ]; then for u in dist/systemd/*; do rm -f $(DESTDIR)$(SYSTEMDDIR)/$$(basename "$$u"); done; fi

# Fuzzing (doc/testing.md): every fuzz/fuzz_*.c is a libFuzzer harness,
# built with clang against a libchipscreen.a instrumented for it, then run
# FUZZ_SECONDS each on its corpus (fuzz/run.sh).
FUZZ_SECONDS ?= 60
FUZZ_SRC     := $(shell find fuzz -name 'fuzz_*.c' 2>/dev/null | sort)
FUZZ_BIN     := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
ifeq ($(FUZZ),1)
OPT       = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
            -fno-sanitize-recover=undefined
endif

$(BUILD)/fuzz/%: fuzz/%.c $(wildcard fuzz/*.h) $(BUILD)/libchipscreen.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CC) $(CPPFLAGS) -Ifuzz $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libchipscreen.a \
		$(LDLIBS) $(LAZY_LIBS)

fuzz-bins: $(FUZZ_BIN)

fuzz:
	@sh tools/deps.sh fuzz
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=clang FUZZ=1 fuzz-bins
	@sh fuzz/run.sh $(BUILD)/fuzz/fuzz $(FUZZ_SECONDS)

# The curated mutations of tools/mutations.txt, one at a time, each against
# the tests it names: the kill rate (doc/testing.md).
mutate:
	@$(MAKE) --no-print-directory tests
	@sh tools/mutate.sh $(BUILD)

format:
	clang-format -i $$(find src tests bench -name '*.[ch]')

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
