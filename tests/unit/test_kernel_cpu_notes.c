// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_cpu_notes.c - the pSeries capture kernel's CPU notes
 * (rtas_fadump_build_cpu_notes, fadump-kernel-formats.md §3.4) from a
 * register save area and a crash-info header laid into the preserved
 * memory by hand, compared byte for byte with notes written here from
 * §6.1-§6.3: firmware order, CPUs outside the crash-time mask skipped,
 * the crashing CPU's registers taken from the header, the 12-byte zero
 * terminator, the PAGE_ALIGN(NumCpus * 536) buffer and PT_NOTE #0.
 * Then three malformed save areas that must reject the dump.
 *
 * Layout worked by hand (pcfg(), 4 KiB pages): the CPU state data is at
 * the reserve start 0x14000000; the crash-info header at boot_mem_dest
 * 0x14042000 + 320 MiB = 0x28042000.  The capture kernel's elfcorehdr
 * takes [0x13fff000, +0x1000) and the notes buffer, PAGE_ALIGN(8 * 536 =
 * 4288) = 0x2000, the two pages below it: 0x13ffd000.
 */
#include "test_kernel_pseries.h"

#define CPU_AREA	0x14000000ULL
#define FDH		0x28042000ULL
#define NOTES		0x13ffd000ULL
#define ELFCOREHDR	0x13fff000ULL
#define NCPUS		8

/* "NAME" as the big-endian u64 of its 8 NUL-padded bytes (§1.1). */
static uint64_t tag(const char *s)
{
	uint8_t b[8] = { 0 };

	memcpy(b, s, strlen(s));
	return fa_get64(b, FA_BE);
}

/* Firmware order of the blocks, and the crash-time online mask. */
static const uint32_t fw_order[NCPUS] = { 6, 2, 0, 5, 1, 3, 7, 4 };
#define MASK ((1u << 0) | (1u << 1) | (1u << 3) | (1u << 5) | (1u << 6))

/* What the firmware block of @cpu holds, as pt_regs slots (§3.3). */
static void fw_regs(uint32_t cpu, uint64_t regs[FA_PT_NREGS])
{
	memset(regs, 0, 48 * sizeof(*regs));
	regs[1] = 0x1100 + cpu;			/* GPR01 */
	regs[5] = 0x5500 + cpu;			/* "GPR5": one digit */
	regs[31] = 0x3100 + cpu;		/* GPR31 */
	regs[32] = 0xc000000000001000ULL + cpu;	/* NIA */
	regs[33] = 0x8000000000001033ULL;	/* MSR */
	regs[35] = 0x3500 + cpu;		/* CTR */
	regs[36] = 0xc000000000002000ULL + cpu;	/* LR */
	regs[37] = 0x20000000;			/* XER */
	regs[38] = 0x44000220 + cpu;		/* CR */
	regs[41] = 0xd000 + cpu;		/* DAR */
	regs[42] = 0x42000000;			/* DSISR */
}

/* One 16-byte REGSAVE entry (BE). */
static uint8_t *ent(uint8_t *p, const char *id, uint64_t value)
{
	fa_put64(p, FA_BE, tag(id));
	fa_put64(p + 8, FA_BE, value);
	return p + 16;
}

/*
 * The register save area (§3.1, §3.2): magic, version 0, NumCpus at
 * num_cpu_offset 28 (not 16: the kernel must follow the offset), then
 * per CPU CPUSTRT, registers (with ids the kernel ignores), CPUEND.
 * Returns its length.
 */
static size_t build_regsave(uint8_t *a, uint32_t num_cpus)
{
	uint8_t *p;
	int i;

	fa_put64(a, FA_BE, 0x5245475341564500ULL);	/* "REGSAVE\0" */
	fa_put32(a + 8, FA_BE, 0);
	fa_put32(a + 12, FA_BE, 28);
	fa_put32(a + 28, FA_BE, num_cpus);
	p = a + 32;
	for (i = 0; i < NCPUS; i++) {
		uint32_t cpu = fw_order[i];
		uint64_t r[FA_PT_NREGS];

		fw_regs(cpu, r);
		p = ent(p, "CPUSTRT", cpu);
		p = ent(p, "PIR", 0x40 + cpu);		/* ignored */
		p = ent(p, "GPR01", r[1]);
		p = ent(p, "GPR5", r[5]);
		p = ent(p, "GPR31", r[31]);
		p = ent(p, "GPR32", 0xbad);		/* > 31: ignored */
		p = ent(p, "GPRXY", 0xbad);		/* no number: ignored */
		p = ent(p, "NIA", r[32]);
		p = ent(p, "MSR", r[33]);
		p = ent(p, "CTR", r[35]);
		p = ent(p, "LR", r[36]);
		p = ent(p, "XER", r[37]);
		p = ent(p, "CR", r[38]);
		p = ent(p, "DAR", r[41]);
		p = ent(p, "DSISR", r[42]);
		p = ent(p, "SRR0", 0xbad);		/* ignored */
		p = ent(p, "CPUEND", cpu);
	}
	return (size_t)(p - a);
}

/* The crashing CPU's pt_regs as the first kernel saved them. */
static void hdr_regs(uint64_t regs[FA_PT_NREGS])
{
	int i;

	for (i = 0; i < 48; i++)
		regs[i] = 0xc0de000000000000ULL + (uint64_t)i;
}

/*
 * Patch the crash-info header (§5.1, kernel byte order): crashing_cpu
 * at 12, regs at 40 (48 u64), cpu_mask at 424 (unsigned longs).
 */
static void patch_fdh(struct pcycle *cy, int bo, uint32_t crashing_cpu)
{
	uint8_t h[680];
	uint64_t r[FA_PT_NREGS];
	struct fa_err e;
	int i;

	assert_fa_ok(machine_read(cy->m, FDH, h, sizeof(h), &e), &e);
	assert_int_equal(fa_get64(h, bo), 0x4641444D50534947ULL);
	fa_put32(h + 12, bo, crashing_cpu);
	hdr_regs(r);
	for (i = 0; i < 48; i++)
		fa_put64(h + 40 + 8 * i, bo, r[i]);
	memset(h + 424, 0, 256);
	fa_put64(h + 424, bo, MASK);
	assert_fa_ok(machine_write(cy->m, FDH, h, sizeof(h), &e), &e);
}

/* One NT_PRSTATUS note (§6.3): header, "CORE" padded to 8, prstatus. */
static uint8_t *note(uint8_t *p, int bo, const uint64_t regs[FA_PT_NREGS])
{
	int i;

	fa_put32(p, bo, 5);
	fa_put32(p + 4, bo, 504);
	fa_put32(p + 8, bo, 1);
	memcpy(p + 12, "CORE\0\0\0", 8);
	for (i = 0; i < 48; i++)	/* pr_reg at 112 of elf_prstatus */
		fa_put64(p + 20 + 112 + 8 * i, bo, regs[i]);
	return p + 524;
}

/* A crashed machine with the hand-made area and header in place. */
static void crashed(struct pcycle *cy, int bo, uint32_t num_cpus,
		    uint32_t crashing_cpu, void (*spoil)(uint8_t *a))
{
	struct machine_config c;
	uint8_t *a = calloc(1, 0x40020);
	struct fa_err e;

	assert_non_null(a);
	pcfg(&c, bo, 4096, NCPUS);
	pboot(cy, &c, 0);
	assert_int_equal(cy->first.fw_dump.reserve_dump_area_start, CPU_AREA);
	assert_int_equal(cy->first.fw_dump.fadumphdr_addr, FDH);
	pcrash(cy);
	build_regsave(a, num_cpus);
	if (spoil)
		spoil(a);
	assert_fa_ok(machine_write(cy->m, CPU_AREA, a, 0x40020, &e), &e);
	free(a);
	patch_fdh(cy, bo, crashing_cpu);
	pcapture(cy, NULL);
}

static void check_notes(int bo, uint32_t crashing_cpu)
{
	static const uint32_t order[] = { 6, 0, 5, 1, 3 };	/* in MASK */
	struct pcycle cy;
	uint8_t *want = calloc(1, 0x2000), *got = malloc(0x2000), *p;
	uint8_t ph[56];
	struct fa_err e;
	unsigned i;

	assert_non_null(want);
	assert_non_null(got);
	crashed(&cy, bo, NCPUS, crashing_cpu, NULL);
	p = want;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		uint64_t r[FA_PT_NREGS];

		if (order[i] == crashing_cpu)
			hdr_regs(r);
		else
			fw_regs(order[i], r);
		p = note(p, bo, r);
	}
	/* then 12 zero bytes, then the zeroed rest: calloc'd already */
	assert_int_equal(p - want, 5 * 524);
	assert_int_equal(cy.capture.fw_dump.cpu_notes_buf_size, 0x2000);
	assert_int_equal(cy.capture.fw_dump.cpu_notes_buf_vaddr,
			 0xc000000000000000ULL + NOTES);
	assert_fa_ok(machine_read(cy.m, NOTES, got, 0x2000, &e), &e);
	for (i = 0; i < 6; i++)
		if (memcmp(got + 524 * i, want + 524 * i, i < 5 ? 524 : 12))
			fail_msg("note %u differs (crashing cpu %#x, %s)", i,
				 crashing_cpu, bo == FA_LE ? "LE" : "BE");
	assert_memory_equal(got, want, 0x2000);
	/* PT_NOTE #0 of the elfcorehdr now points at the buffer */
	assert_int_equal(cy.capture.fw_dump.elfcorehdr_addr, ELFCOREHDR);
	assert_fa_ok(machine_read(cy.m, ELFCOREHDR + 64, ph, 56, &e), &e);
	assert_int_equal(fa_get32(ph, bo), 4);
	assert_int_equal(fa_get64(ph + 8, bo), NOTES);		/* p_offset */
	assert_int_equal(fa_get64(ph + 24, bo), NOTES);		/* p_paddr */
	assert_int_equal(fa_get64(ph + 32, bo), 0x2000);	/* p_filesz */
	assert_int_equal(fa_get64(ph + 40, bo), 0x2000);	/* p_memsz */
	pcycle_free(&cy);
	free(want);
	free(got);
}

static void test_notes_le(void **state)
{
	(void)state;
	check_notes(FA_LE, 5);
}

static void test_notes_be(void **state)
{
	(void)state;
	check_notes(FA_BE, 5);
}

/* Not kernel-initiated: no substitution, CPU 5 from firmware data too. */
static void test_notes_cpu_unknown(void **state)
{
	(void)state;
	check_notes(FA_LE, 0xFFFFFFFF);
}

/* ------------------------------------------------------------ malformed */

static void rejected(struct pcycle *cy, const char *line)
{
	passert_log(&cy->capture, line);
	assert_int_not_equal(cy->capture.elfcorehdr_addr, ELFCOREHDR);
	assert_int_equal(cy->capture.fw_dump.cpu_notes_buf_size, 0);
	assert_false(cy->capture.fw_dump.dump_active);	/* invalidated */
}

static void bad_magic(uint8_t *a)
{
	a[0] = 'X';
}

/* The third block's CPUSTRT becomes CPUSTRX. */
static void bad_cpustrt(uint8_t *a)
{
	a[32 + 2 * 17 * 16 + 6] = 'X';
}

static void test_bad_magic(void **state)
{
	struct pcycle cy;

	(void)state;
	crashed(&cy, FA_LE, NCPUS, 5, bad_magic);
	rejected(&cy, "rtas fadump: Unable to read register save area.");
	pcycle_free(&cy);
}

static void test_bad_cpustrt(void **state)
{
	struct pcycle cy;

	(void)state;
	crashed(&cy, FA_BE, NCPUS, 5, bad_cpustrt);
	rejected(&cy, "rtas fadump: Unable to read CPU state data");
	pcycle_free(&cy);
}

/* NumCpus is trusted: a ninth block that is not there is zeros. */
static void test_num_cpus_overflow(void **state)
{
	struct pcycle cy;

	(void)state;
	crashed(&cy, FA_LE, NCPUS + 1, 5, NULL);
	rejected(&cy, "rtas fadump: Unable to read CPU state data");
	pcycle_free(&cy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notes_le),
		cmocka_unit_test(test_notes_be),
		cmocka_unit_test(test_notes_cpu_unknown),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_cpustrt),
		cmocka_unit_test(test_num_cpus_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
