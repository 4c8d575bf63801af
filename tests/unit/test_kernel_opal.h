/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_kernel_opal.h - what the PowerNV kernel-model tests share: one
 * crash cycle (machine, skiboot, first kernel, MPIPL, capture kernel) and
 * checkers of the CPU notes and the opalcore against the machine.
 */
#ifndef FA_TEST_KERNEL_OPAL_H
#define FA_TEST_KERNEL_OPAL_H

#include "fa_test.h"

#include <sys/stat.h>
#include <unistd.h>

#include "elfcore.h"
#include "fadump.h"
#include "fw_opal.h"
#include "hdat.h"
#include "machine.h"
#include "opal.h"
#include "prstatus.h"
#include "synth.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

struct cycle {
	struct machine *m;
	struct fw_opal *fw;
	struct fadump_kernel first, capture;
	int have_capture;
	char *first_log, *capture_log;
};

static inline void cfg_default(struct machine_config *c)
{
	machine_config_init(c);
	c->platform = FA_PLAT_POWERNV;
	c->ram_size = 4 * GiB;
	c->ncpus = 8;
	c->page_size = 65536;
	c->crashing_cpu = 5;
	c->seed = 7;
	snprintf(c->cmdline, sizeof(c->cmdline), "fadump=on");
	/* firmware copies 768 MiB per crash: zero content keeps that fast */
	c->content_zero = 100;
	c->content_text = c->content_struct = c->content_random = 0;
}

/* Machine + skiboot + first kernel registered. */
static inline void boot(struct cycle *cy, const struct machine_config *c,
		 const char *faults)
{
	struct fw_opal_faults f;
	struct fa_err e;
	char buf[256], *tok, *save = NULL;

	memset(cy, 0, sizeof(*cy));
	memset(&f, 0, sizeof(f));
	snprintf(buf, sizeof(buf), "%s", faults ? faults : "");
	for (tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save))
		assert_fa_ok(fw_opal_parse_fault(&f, tok, &e), &e);
	assert_fa_ok(machine_create(c, &cy->m, &e), &e);
	assert_fa_ok(synth_populate(cy->m, &e), &e);
	assert_fa_ok(fw_opal_create(cy->m, &f, &cy->fw, &e), &e);
	fadump_kernel_init(&cy->first, cy->m, cy->fw, c->era, c->cmdline);
	assert_int_equal(fadump_boot_first(&cy->first), 0);
	cy->first_log = klog_text(&cy->first, KLOG_DEBUG);
}

static inline void crash(struct cycle *cy)
{
	struct machine_config *c = &cy->m->cfg;

	crash_fadump(&cy->first, cy->m->crashing_cpu, NULL, 1700000000,
		     "Kernel panic - not syncing: test");
	assert_false(fadump_model_failed(&cy->first));
	assert_null(fw_opal_error(cy->fw));
	assert_int_equal(fadump_boot_capture(&cy->capture, cy->m, cy->fw,
					     c->era, c->cmdline), 0);
	cy->have_capture = 1;
	opalcore_init(&cy->capture);
	cy->capture_log = klog_text(&cy->capture, KLOG_DEBUG);
}

static inline void cycle_free(struct cycle *cy)
{
	fadump_kernel_free(&cy->first);
	if (cy->have_capture)
		fadump_kernel_free(&cy->capture);
	fw_opal_destroy(cy->fw);
	machine_destroy(cy->m);
	free(cy->first_log);
	free(cy->capture_log);
}

static inline void assert_log(const char *log, const char *line)
{
	if (!log || !strstr(log, line))
		fail_msg("kernel log lacks \"%s\":\n%s", line, log ? log : "");
}

static inline void assert_no_log(const char *log, const char *line)
{
	if (log && strstr(log, line))
		fail_msg("kernel log has \"%s\":\n%s", line, log);
}

static inline int have_vmcore(const struct fadump_kernel *k)
{
	return k->elfcorehdr_addr != ELFCORE_ADDR_MAX &&
	       k->elfcorehdr_addr != ELFCORE_ADDR_ERR;
}

/* ------------------------------------------------------------ checkers */

/* The HDAT-mapped registers the notes must carry for machine CPU @i. */
static inline void hdat_regs(const struct machine_cpu *cpu, uint64_t regs[FA_PT_NREGS])
{
	int i;

	memset(regs, 0, 48 * sizeof(*regs));
	for (i = 0; i < cpu->nfw; i++)
		if (cpu->fw[i].type)
			fa_hdat_set_regval(regs, cpu->fw[i].type,
					   cpu->fw[i].sprn, cpu->fw[i].value);
}

/* Walk the capture kernel's CPU notes: count, check each against @m. */
static inline unsigned check_notes(struct cycle *cy, int crash_from_hdr)
{
	struct fadump_kernel *k = &cy->capture;
	struct machine *m = cy->m;
	size_t pos = 0;
	struct fa_note n;
	struct fa_prstatus p;
	struct fa_err e;
	unsigned count = 0;
	uint64_t want[FA_PT_NREGS];

	while (fa_note_next(k->notes, k->notes_size, k->byteorder, &pos, &n,
			    &e) == 1) {
		const struct machine_cpu *c = &m->cpu[count];

		assert_int_equal(n.type, FA_NT_PRSTATUS);
		assert_fa_ok(fa_prstatus_decode(n.desc, n.descsz, k->byteorder,
						FA_EM_PPC64, &p, &e), &e);
		if (c->cpu == m->crashing_cpu && crash_from_hdr)
			memcpy(want, c->pt_regs, sizeof(want));
		else
			hdat_regs(c, want);
		assert_memory_equal(p.reg, want, sizeof(want));
		count++;
	}
	return count;
}

static inline const char *tmp_root(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", fa_test_tmpdir(), name);
	mkdir(path, 0755);
	return path;
}

/* Decode the opalcore back and check it against the HDAT and skiboot. */
static inline void check_opalcore(struct cycle *cy, const char *root, int sig)
{
	char path[600];
	struct fa_elfcore *core;
	struct fa_prstatus p;
	struct fa_err e;
	struct stat st;
	uint8_t page[4096], want[4096];
	uint64_t dump_size = 0x1c30000, off, regs[FA_PT_NREGS];
	unsigned i;

	snprintf(path, sizeof(path), "%s/sys/firmware/opal/mpipl/core", root);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_fa_ok(fa_elfcore_open_path(&core, path, 0, &e), &e);
	assert_int_equal(core->byteorder, FA_BE);
	assert_int_equal(core->e_machine, FA_EM_PPC64);
	assert_int_equal(core->nphdrs, 2);
	assert_int_equal(core->phdrs[0].type, FA_PT_NOTE);
	assert_int_equal(core->phdrs[0].offset, 64 + 56 * 2);
	assert_int_equal(core->phdrs[0].filesz, 8 * 524 + 44);
	assert_int_equal(core->phdrs[1].type, FA_PT_LOAD);
	assert_int_equal(core->phdrs[1].flags, 7);
	assert_int_equal(core->phdrs[1].paddr, 0);
	assert_int_equal(core->phdrs[1].vaddr, 0x30000000);
	assert_int_equal(core->phdrs[1].offset, 0x10000);
	assert_int_equal(core->phdrs[1].filesz, dump_size);
	assert_int_equal(st.st_size, 0x10000 + dump_size);
	/* one note per thread, the crashing PIR first */
	assert_int_equal(core->nprstatus, 8);
	for (i = 0; i < core->nprstatus; i++) {
		const struct machine_cpu *c;
		unsigned idx;

		assert_fa_ok(fa_prstatus_decode(core->prstatus[i].desc,
						core->prstatus[i].descsz,
						FA_BE, FA_EM_PPC64, &p, &e), &e);
		idx = (unsigned)p.pid - 100;	/* PIR == logical id here */
		assert_true(idx < 8);
		c = &cy->m->cpu[idx];
		assert_int_equal(p.ppid, 1);
		if (i == 0) {
			assert_int_equal(c->cpu, cy->m->crashing_cpu);
			assert_int_equal(p.cursig, sig);
		} else {
			assert_int_equal(p.cursig, 0);
		}
		hdat_regs(c, regs);
		assert_memory_equal(p.reg, regs, sizeof(regs));
	}
	/* the crashed skiboot's image, not the one running now */
	for (off = 0; off < 0x200000; off += 0x1000) {
		assert_fa_ok(fa_elfcore_read_phys(core, off, page, sizeof(page),
						  &e), &e);
		if (off >= 0x10000 && off < 0x12000)
			continue;
		fw_opal_skiboot_page(off, 1, want);
		assert_memory_equal(page, want, sizeof(page));
	}
	fa_elfcore_close(core);
	snprintf(path, sizeof(path), "%s/sys/firmware/opal/core", root);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}


#endif
