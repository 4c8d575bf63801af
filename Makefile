# fadump-tools top-level Makefile (GNU make).
#
#   make            build everything (normal build in build/)
#   make check      install missing deps, build, run all tests normally and
#                   under ASan+UBSan (build-asan/), print one summary line
#   make check-ppc64le  the same tests with a ppc64le build (build-ppc64le/)
#                   under qemu-ppc64le-static (tests/ppc64le.mk)
#   make samples    generate the deterministic sample dumps
#   make demo       generate a sample and run summary, conversion and crash ext
#   make bench      benchmarks against the reference tools (not tests)
#   make coverage   line coverage of each library folder (target 85%)
#   make install    PREFIX=/usr/local DESTDIR= (CRASH_EXTDIR for fadump.so)
#   make uninstall  the same variables: remove what install put there
#
# Packagers' CPPFLAGS, CFLAGS and LDFLAGS reach every host compile and link,
# the crash extension's included.  Warnings are errors only with WERROR=1
# (set by make check, for developers and CI), never forced on a packager.
#
# Each folder contributes a fragment (formats/formats.mk, kernel/kernel.mk,
# ...) so that its owner changes one file.

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build

# A bare `make` builds the programs, whatever target a fragment defines first.
.DEFAULT_GOAL := all
SAN ?= 0
COVERAGE ?= 0

CC ?= gcc
PKG_CONFIG ?= pkg-config
-include tests/ppc64le.mk
PKGS := libelf libdw libkdumpfile zlib libdeflate lzo2 libzstd cmocka

ifeq ($(filter deps check demo,$(MAKECMDGOALS)),)
DEPS_OK := 1
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs libelf libdw libkdumpfile zlib libdeflate lzo2 libzstd 2>/dev/null) -lsnappy
CURSES_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# make check builds with -Werror: its sub-makes inherit WERROR=1.
ifneq ($(filter check check-ppc64le,$(MAKECMDGOALS)),)
export WERROR := 1
endif
WERROR ?= 0
WARN := -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror)
BASE_CFLAGS := -std=gnu11 $(WARN) -g -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
	-DFA_VERSION=\"$(VERSION)\"

# The layers, lowest first: formats/ (codecs of the file formats), core/ (the
# FADump reasoning every front end shares), then kernel/ (the kernel model),
# analysis/ (the analyzer's library) and analyzer/ (fadump-analyze's command
# line), and crash-ext/ (crash-ext.mk: its own flags).  Each folder sees only
# its own headers and those of the layers below it, so that a formats/ file
# including a higher layer's header fails to build (tests/cli/t9020).
FA_INC_formats := -Iformats
FA_INC_core := -Iformats -Icore
FA_INC_kernel := -Iformats -Icore -Ikernel
FA_INC_analysis := -Iformats -Icore -Ianalysis
FA_INC_analyzer := $(FA_INC_analysis) -Ianalyzer
FA_INC_tests := $(FA_INC_analyzer) -Ikernel -Icrash-ext
FA_INC_samples := $(FA_INC_formats)
# The crash extension's pure files as the unit tests link them (libfacrashext.a).
FA_INC_crash-ext := -Iformats -Icore -Icrash-ext
# fa_inc DIR/FILE: the include paths of the folder FILE is in.
fa_inc = $(FA_INC_$(firstword $(subst /, ,$(1))))

# make print-inc DIR=formats: the flags a file of DIR compiles with (t9020).
.PHONY: print-inc
print-inc:
	@echo $(call fa_inc,$(DIR)/x.c) $(PKG_CFLAGS) $(CURSES_CFLAGS)
ifeq ($(SAN),1)
OPT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
SAN_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(COVERAGE),1)
OPT := -O0 --coverage
SAN_LDFLAGS := --coverage
else
OPT := -O2
SAN_LDFLAGS :=
endif
CFLAGS ?=
ALL_CFLAGS = $(BASE_CFLAGS) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_LDFLAGS) $(LDFLAGS) -lpthread -lm

# Every fragment appends to these.
LIBS_A :=
PROGRAMS :=
UNIT_TESTS :=
MANPAGES := $(wildcard man/*.[0-9])
EXTRA_ALL :=

.PHONY: all deps check test samples demo bench coverage install uninstall \
	clean distclean
all:

include formats/formats.mk
include core/core.mk
-include kernel/kernel.mk
-include analysis/analysis.mk
-include analyzer/analyzer.mk
-include crash-ext/crash-ext.mk
-include samples/samples.mk
include tests/tests.mk
-include tests/e2e/e2e.mk
-include tests/genuine/genuine.mk

all: $(LIBS_A) $(PROGRAMS) $(EXTRA_ALL)

# Each link line names the archives its program uses; the archives are
# built first.
$(PROGRAMS) $(UNIT_TESTS): $(LIBS_A)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(call fa_inc,$<) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

deps:
	@scripts/install-deps

demo: deps
	$(MAKE) --no-print-directory BUILD=build SAN=0 all
	@scripts/demo build

# Each fragment may add a command to INSTALL_EXTRA and its inverse to
# UNINSTALL_EXTRA (crash-ext/crash-ext.mk: fadump.so).
MANDIR ?= $(PREFIX)/share/man
install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	$(if $(PROGRAMS),install -m 0755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/)
	for m in $(MANPAGES); do \
		sec=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$sec; \
		install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$sec/; done
	$(INSTALL_EXTRA)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,$(notdir $(PROGRAMS)))
	for m in $(MANPAGES); do \
		rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	$(UNINSTALL_EXTRA)

clean:
	rm -rf build build-asan build-cov build-ppc64le

distclean: clean
