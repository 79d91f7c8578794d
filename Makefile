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

BUILD    ?= build
CC       ?= cc
SAN      ?=
PREFIX   ?= /usr/local
DATADIR  ?= $(CURDIR)/data

PKGS      = sqlite3 libutf8proc libcjson libzstd nettle
# The fleet service (src/server/): HTTP(S) server, client, gzip bodies.
PKGS     += libmicrohttpd libcurl zlib
# Compiled against but not linked: loaded with dlopen on first use, so that
# commands which never touch an archive or XML do not map them (and the ICU
# and libstdc++ they bring): src/util/lazylib.h.  Tests that build archives
# themselves link them (as needed).  The sonames come from the libraries the
# headers belong to.
LAZY_PKGS = libarchive libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -ldl
LAZY_LIBS  := -Wl,--as-needed $(shell pkg-config --libs $(LAZY_PKGS) 2>/dev/null) -Wl,--no-as-needed
soname      = $(shell objdump -p "$$($(CC) -print-file-name=$(1))" 2>/dev/null | awk '/SONAME/ { print $$2 }')
archive_so := $(call soname,libarchive.so)
xml2_so    := $(call soname,libxml2.so)
LAZY_SONAMES := $(if $(archive_so),-DLIBARCHIVE_SONAME='"$(archive_so)"') \
                $(if $(xml2_so),-DLIBXML2_SONAME='"$(xml2_so)"')

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wformat=2 -Wvla
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

LIB_SRC   := $(shell find src -name '*.c' ! -path src/main.c | sort)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC  := $(shell find tests -name 'test_*.c' | sort)
TEST_BIN  := $(TEST_SRC:%.c=$(BUILD)/%)
SUP_SRC   := $(shell find tests/support -name '*.c' 2>/dev/null | sort)
SUP_OBJ   := $(SUP_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(shell find bench -name '*.c' 2>/dev/null | sort)
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)

.PHONY: all scan test tests check-clang bench deps deps-test install clean format

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
# everything at -Werror too.
test: deps-test
	@$(MAKE) --no-print-directory tests
	@sh tests/run.sh $(BUILD)
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 tests
	@sh tests/run.sh $(BUILD)/san
	@$(MAKE) --no-print-directory check-clang

check-clang:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/clang CC=clang tests $(BENCH_BIN:$(BUILD)/%=$(BUILD)/clang/%)
	@echo "clang build: ok"

bench: deps
	@sh tools/deps.sh bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/chipscreen $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/chipscreen $(DESTDIR)$(PREFIX)/bin/
	cp -R data/. $(DESTDIR)$(PREFIX)/share/chipscreen/
	install -m 644 doc/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

format:
	clang-format -i $$(find src tests bench -name '*.[ch]')

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
