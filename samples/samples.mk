# samples/: deterministic sample inputs.
-include samples/minikernel/minikernel.mk

# The mini kernel's build ID lands in the samples' memory: keep the
# checkout path out of its DWARF so that every checkout builds the same
# image and the pinned sample hashes hold anywhere.
MINIKERNEL_CFLAGS += -ffile-prefix-map=$(CURDIR)=.

# `make samples` writes one capture root per sample into
# $(BUILD)/samples/<name>/ (proc/vmcore, proc/device-tree, sys/...) and the
# machine as firmware found it into $(BUILD)/samples/<name>.machine
# (--save-machine).  Same arguments, same bytes: tests/cli/samples.sha256
# pins the dump files, checked by tests/cli/t1010-kernel-samples.sh.
# Tests that write to a sample (fadump-kernel sysfs) must copy it first.
#
# Regenerating the pins is a conscious act, after a change that is meant
# to alter the samples:  make samples-pin  (then review and commit
# tests/cli/samples.sha256 with the change that explains it).
#
# RAM sizes are the smallest that still exercise the rules (pSeries needs
# 320 MiB of boot memory plus the area above it); content is mostly zero
# so that the sparse files stay small.
SAMPLES_DIR := $(BUILD)/samples
SAMPLE_CONTENT := --content zero=97,text=2,struct=1,random=0 --seed 1

# pSeries LE, 64K pages, v6.10+
SAMPLES += pseries-le-64k
SAMPLE_OPTS_pseries-le-64k := --platform pseries --endian le --era 6.10 \
	--page-size 64K --ram 768M --cpus 4 $(SAMPLE_CONTENT) \
	--cmdline "fadump=on"
# pSeries BE, 4K pages, v5.19..v6.9 (all-zero content: with 4K pages the
# synthetic content is not sparse)
SAMPLES += pseries-be-4k
SAMPLE_OPTS_pseries-be-4k := --platform pseries --endian be --era pre-6.10 \
	--page-size 4K --ram 768M --cpus 4 --content zero=100 --seed 2 \
	--cmdline "fadump=on"
# legacy phyp dump (v2.6.26..v2.6.36): release_region, the character log
SAMPLES += phyp
SAMPLE_OPTS_phyp := --platform phyp --endian be --page-size 64K --ram 1G \
	--cpus 2 $(SAMPLE_CONTENT) --cmdline "phyp_dump=1"
# pSeries BE, 64K pages, a 5.9 kernel: the struct printk_log record log,
# SPARSEMEM_EXTREME with a vmemmap on a hash MMU (mem_section,
# vmemmap_list, struct pages that convert -d filters)
SAMPLES += pseries-be-sparse
SAMPLE_OPTS_pseries-be-sparse := --platform pseries --endian be \
	--era pre-6.10 --printk records --mem-model sparse --page-size 64K \
	--ram 768M --cpus 2 --content zero=90,text=5,struct=3,random=2 \
	--seed 3 --cmdline "fadump=on"
# Memory holes above boot memory and around the reserved area, v6.10+.
# (Holes inside the boot-memory window make a pSeries dump unusable: see
# the fadump_get_boot_mem_regions() quirk, tested in t1000.)
SAMPLES += holes
SAMPLE_OPTS_holes := --platform pseries --endian le --era 6.10 \
	--page-size 64K --memmap 0:384M,448M:192M,704M:384M --cpus 3 \
	$(SAMPLE_CONTENT) --cmdline "fadump=on"
# PowerNV LE, 64K pages, v6.10+, with the opalcore (OPAL needs 768 MiB of
# boot memory, skiboot's ranges above it, then the area)
SAMPLES += powernv-le
SAMPLE_OPTS_powernv-le := --platform powernv --endian le --era 6.10 \
	--page-size 64K --ram 2G --cpus 4 $(SAMPLE_CONTENT) \
	--cmdline "fadump=on"

SAMPLE_STAMPS = $(SAMPLES:%=$(SAMPLES_DIR)/%/.done)

.PHONY: samples samples-pin
samples: $(SAMPLE_STAMPS)

$(SAMPLES_DIR)/%/.done: $(BUILD)/fadump-kernel $(MINIKERNEL_IMAGES) samples/samples.mk
	@rm -rf $(SAMPLES_DIR)/$* $(SAMPLES_DIR)/$*.machine
	@mkdir -p $(SAMPLES_DIR)
	FA_MINIKERNEL_DIR=$(abspath $(MINIKERNEL_DIR)) $(FA_RUNNER) $(BUILD)/fadump-kernel \
		crash $(SAMPLE_OPTS_$*) --save-machine $(SAMPLES_DIR)/$*.machine \
		-o $(SAMPLES_DIR)/$* >/dev/null
	@touch $@

# The dump files of every sample, hashed from $(SAMPLES_DIR).
SAMPLE_PIN_FILES = proc/vmcore sys/kernel/debug/powerpc/fadump_region \
	sys/kernel/release_region sys/firmware/opal/mpipl/core
samples-pin: samples
	cd $(SAMPLES_DIR) && for s in $(sort $(SAMPLES)); do \
		for f in $(SAMPLE_PIN_FILES); do \
			if [ -f $$s/$$f ]; then sha256sum $$s/$$f; fi; done; done \
		> $(CURDIR)/tests/cli/samples.sha256
	@cat tests/cli/samples.sha256
