/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_kernel_pseries.h - what the pSeries kernel-model golden tests share:
 * a small machine, the RTAS firmware, a first kernel registered, the crash
 * (firmware preservation) and the capture kernel's boot as separate steps,
 * so that a test can lay hand-built bytes into memory in between.
 */
#ifndef FA_TEST_KERNEL_PSERIES_H
#define FA_TEST_KERNEL_PSERIES_H

#include "fa_test.h"

#include "fadump.h"
#include "fw_rtas.h"
#include "machine.h"
#include "synth.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

struct pcycle {
	struct machine *m;
	struct fw_rtas *fw;
	struct fadump_kernel first, capture;
	int have_capture;
};

/*
 * A pSeries machine of two memblock ranges, [0, 1 GiB) and [2 GiB, 3 GiB):
 * 2 GiB of RAM, so the 5 % rule rounds to 0 and boot memory is the
 * 320 MiB minimum, one region [0, 0x14000000) inside the first range.
 * All-zero content keeps the firmware's boot-memory copy cheap.
 */
static inline void pcfg(struct machine_config *c, int bo, uint32_t page,
			uint32_t ncpus)
{
	machine_config_init(c);
	c->platform = FA_PLAT_PSERIES;
	c->era = FA_ERA_CURRENT;
	c->byteorder = bo;
	c->page_size = page;
	c->ncpus = ncpus;
	c->crashing_cpu = 1;
	c->seed = 3;
	c->content_zero = 100;
	c->content_text = c->content_struct = c->content_random = 0;
	snprintf(c->cmdline, sizeof(c->cmdline), "root=/dev/sda2 fadump=on");
	c->memmap[0].base = 0;
	c->memmap[0].size = GiB;
	c->memmap[1].base = 2 * GiB;
	c->memmap[1].size = GiB;
	c->nr_memmap = 2;
	c->ram_size = 2 * GiB;
}

/* Machine + firmware + the first kernel booted and registered. */
static inline void pboot(struct pcycle *cy, const struct machine_config *c,
			 int mainline_exact)
{
	struct fw_rtas_faults f;
	struct fa_err e;

	memset(cy, 0, sizeof(*cy));
	memset(&f, 0, sizeof(f));
	assert_fa_ok(machine_create(c, &cy->m, &e), &e);
	assert_fa_ok(synth_populate(cy->m, &e), &e);
	assert_fa_ok(fw_rtas_create(cy->m, &f, &cy->fw, &e), &e);
	cy->first.mainline_exact = mainline_exact;
	fadump_kernel_init(&cy->first, cy->m, cy->fw, c->era, c->cmdline);
	assert_int_equal(fadump_boot_first(&cy->first), 0);
	assert_true(cy->first.fw_dump.dump_registered);
}

/* The panic on the machine's crashing CPU: firmware preserves memory. */
static inline void pcrash(struct pcycle *cy)
{
	crash_fadump(&cy->first, cy->m->crashing_cpu, NULL, 1700000000,
		     "Kernel panic - not syncing: golden");
	assert_false(fadump_model_failed(&cy->first));
	assert_null(fw_rtas_error(cy->fw));
}

/* The capture kernel boots with @cmdline (NULL: the first kernel's). */
static inline void pcapture(struct pcycle *cy, const char *cmdline)
{
	cy->capture.mainline_exact = cy->first.mainline_exact;
	assert_int_equal(fadump_boot_capture(&cy->capture, cy->m, cy->fw,
					     cy->m->cfg.era, cmdline ? cmdline :
					     cy->m->cfg.cmdline), 0);
	cy->have_capture = 1;
}

static inline void pcycle_free(struct pcycle *cy)
{
	fadump_kernel_free(&cy->first);
	if (cy->have_capture)
		fadump_kernel_free(&cy->capture);
	fw_rtas_destroy(cy->fw);
	machine_destroy(cy->m);
}

/* The kernel log of @k has @line (or fail with the log). */
static inline void passert_log(struct fadump_kernel *k, const char *line)
{
	char *log = klog_text(k, KLOG_DEBUG);

	if (!log || !strstr(log, line))
		fail_msg("kernel log lacks \"%s\":\n%s", line, log ? log : "");
	free(log);
}

#endif
