# tests/fuzz/: libFuzzer targets, one per parser of formats/ and one for
# fadump-analyze's dump-open path (tests/fuzz/fuzz_NAME.c each).
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="elfcore dump"]
#
# builds them with clang and libFuzzer (plus ASan and UBSan) in build-fuzz/,
# cuts seeds from the samples (tests/fuzz/mkseeds.py) next to the committed
# ones (tests/fuzz/seeds/NAME/), runs each target for FUZZ_SECONDS and
# prints executions and coverage per target.  Crashers land in
# build-fuzz/fuzz/artifacts/NAME/; once understood and fixed they are
# kept in tests/fuzz/regress/NAME/, which make check replays.
#
# In the other builds the same targets link tests/fuzz/driver.c, which runs
# the inputs named on its command line once each: t9010-fuzz-regress.sh.
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/fuzz_%)
FUZZ_UTIL_OBJ := $(BUILD)/tests/fuzz/fuzzutil.o
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BUILD ?= build-fuzz

ifeq ($(FUZZ),1)
# clang warns about things gcc does not: not this branch's business.
override CFLAGS += -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Wno-error
FUZZ_MAIN :=
FUZZ_LINK := -fsanitize=fuzzer,address,undefined
else
FUZZ_MAIN := $(BUILD)/tests/fuzz/driver.o
FUZZ_LINK :=
endif

# A target links the archives it uses (FUZZ_LIBS): formats/ alone, the
# kernel model's kstrtox.c for ktext, fadump-analyze's subcommands for dump.
$(BUILD)/tests/fuzz/fuzz_%: FUZZ_LIBS = $(FORMATS_LIB)
$(BUILD)/tests/fuzz/fuzz_ktext: FUZZ_LIBS = $(KERNEL_LIB) $(FORMATS_LIB)
$(BUILD)/tests/fuzz/fuzz_dump: FUZZ_LIBS = $(CLI_LIB) $(ANALYSIS_LIB) \
	$(CORE_LIB) $(FORMATS_LIB)
$(BUILD)/tests/fuzz/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_UTIL_OBJ) \
		$(FUZZ_MAIN) $(LIBS_A)
	$(CC) -o $@ $< $(FUZZ_UTIL_OBJ) $(FUZZ_MAIN) $(FUZZ_LIBS) $(PKG_LIBS) \
		$(ALL_LDFLAGS) $(FUZZ_LINK)

.PHONY: fuzz fuzz-targets
fuzz-targets: $(FUZZ_BINS)
# The regression replay (t9000) needs the driver builds.
unit-tests: $(FUZZ_BINS)

fuzz:
	$(MAKE) --no-print-directory BUILD=build SAN=0 all samples
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) FUZZ=1 CC=clang SAN=0 \
		fuzz-targets
	@tests/fuzz/run-fuzz $(FUZZ_BUILD) build/samples $(FUZZ_SECONDS) \
		$(FUZZ_TARGETS)

.PHONY: fuzz-clean
clean: fuzz-clean
fuzz-clean:
	rm -rf $(FUZZ_BUILD)
