# tests/: cmocka unit tests (tests/unit/test_*.c, one program each) and TAP
# shell tests (tests/cli/t*.sh) run by prove.  `make check` runs them in the
# normal build and again under ASan+UBSan, then prints one summary line.
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_TESTS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
UNIT_HELPERS := $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c))
UNIT_HELPER_OBJ := $(UNIT_HELPERS:%.c=$(BUILD)/%.o)

# A test links the archives it uses, the most dependent first (TEST_LIBS):
# formats/ alone unless the fragment of the library it tests says more.
$(BUILD)/tests/unit/%: TEST_LIBS = $(FORMATS_LIB)
$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(UNIT_HELPER_OBJ) $(LIBS_A)
	$(CC) -o $@ $< $(UNIT_HELPER_OBJ) $(TEST_LIBS) $(PKG_LIBS) $(CMOCKA_LIBS) $(ALL_LDFLAGS)

.PHONY: unit-tests run-tests
unit-tests: $(UNIT_TESTS)

# Run the suites of one build directory; the script prints the tallies.
run-tests: all unit-tests
	@FA_BUILD=$(abspath $(BUILD)) FA_SAN=$(SAN) tests/run-tests $(UNIT_TESTS)

# The genuine FADump fixture (two kernel builds, about 35 minutes cold)
# starts in the background as check begins, so that it overlaps the normal
# build's tests; t6100 waits on its locks and reuses what it built.
check: deps
	@rm -f build/.tally build-asan/.tally
	@if [ "$${FA_E2E:-1}" != 0 ] && [ "$${FA_GENUINE:-1}" != 0 ]; then \
		mkdir -p build; \
		echo "check: building the genuine FADump fixture in the background (build/genuine-prefetch.log)"; \
		setsid sh -c 'nice -n 10 tests/genuine/analyze-ppc64le.sh >/dev/null & \
			tests/genuine/fixture.sh && wait && tests/genuine/fixture.sh --save' \
			>build/genuine-prefetch.log 2>&1 </dev/null & \
	fi
	$(MAKE) --no-print-directory BUILD=build SAN=0 all unit-tests
	$(MAKE) --no-print-directory BUILD=build SAN=0 run-tests || true
	$(MAKE) --no-print-directory BUILD=build-asan SAN=1 all unit-tests
	$(MAKE) --no-print-directory BUILD=build-asan SAN=1 run-tests || true
	@tests/summarize build/.tally build-asan/.tally

# The library folders.
COV_FOLDERS = formats core analysis kernel
coverage: deps
	find build-cov -name '*.gcda' -delete 2>/dev/null || true
	$(MAKE) --no-print-directory BUILD=build-cov COVERAGE=1 run-tests >/dev/null || true
	@scripts/coverage-report build-cov $(COV_FOLDERS)

bench: all
	@tests/bench/run-bench $(abspath $(BUILD))
run-tests: samples
-include tests/fuzz/fuzz.mk

# The unit and CLI tests again with a ppc64le build (tests/ppc64le.mk):
# Debian's ppc64el libraries in a sysroot outside the repository, the
# binaries run under qemu-ppc64le-static.  Not part of check: it costs
# as long as check's normal half again (README.md).  The host build
# comes first: t9100 compares the two builds' outputs.
.PHONY: check-ppc64le
check-ppc64le:
	@scripts/install-deps --ppc64el
	@rm -f build-ppc64le/.tally
	$(MAKE) --no-print-directory BUILD=build SAN=0 all
	$(MAKE) --no-print-directory BUILD=build-ppc64le CROSS=ppc64le SAN=0 all unit-tests
	$(MAKE) --no-print-directory BUILD=build-ppc64le CROSS=ppc64le SAN=0 run-tests
