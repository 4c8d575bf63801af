# tests/e2e/: real-kernel end-to-end tests (issue 6).  A Debian ppc64le
# kernel panics in a QEMU pSeries guest; fadump-kernel turns its memory
# into FADump capture roots, which crash, makedumpfile and libkdumpfile
# must accept (tests/cli/t6*-e2e-*.sh).  The fixtures are cached in
# ${FA_CACHE:-/var/cache/fadump-tools}/e2e (first build needs root and the
# network: about 770 MB of packages are downloaded once).
#
#   make e2e            build, build/refresh the fixtures, run the checks
#   make e2e-fixtures   only build the fixtures (prints their directories)
#
# `make check` runs the same tests in both of its builds (the emulated crash
# and makedumpfile sessions only in the normal one); FA_E2E=0 turns them off.

# pSeries fixtures for t6000 (t6010 uses powernv-2cpu)
E2E_FIXTURES ?= pseries-2cpu pseries-4cpu

.PHONY: e2e e2e-fixtures
e2e-fixtures: all
	@for f in $(E2E_FIXTURES) powernv-2cpu; do tests/e2e/fixture.sh $(BUILD) $$f || exit 1; done

e2e: all
	@FA_BUILD=$(abspath $(BUILD)) FA_SRC=$(CURDIR) \
		FA_E2E_FIXTURES="$(E2E_FIXTURES)" \
		prove --timer -v --exec bash $(wildcard tests/cli/t6*-e2e-*.sh)
