# tests/genuine/: dumps written by the kernel's own FADump code under QEMU
# 11.1's pSeries firmware (issue 15).  Cached in
# ${FA_CACHE:-/var/cache/fadump-tools}/genuine; the first build needs root
# and Debian's mirror (about 35 min: two kernels, the QEMU root, the cycles).
#
#   make genuine-fixture  build/refresh the fixture (prints the cycles)
#   make genuine          the checks (tests/cli/t6100-genuine-fadump.sh)
#   make genuine-compare  the model against the kernel, one report a cycle
#                         in $(BUILD)/genuine-compare/NAME/report.txt
.PHONY: genuine genuine-fixture genuine-compare
genuine-fixture:
	@tests/genuine/fixture.sh

genuine: all
	@FA_BUILD=$(abspath $(BUILD)) FA_SRC=$(CURDIR) \
		prove --timer -v --exec bash tests/cli/t6100-genuine-fadump.sh

genuine-compare: all
	@tests/genuine/fixture.sh | while read -r name dir; do \
		tests/genuine/compare.sh $(BUILD) $$dir $(BUILD)/genuine-compare/$$name || exit 1; \
	done
