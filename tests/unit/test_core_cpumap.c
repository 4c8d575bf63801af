// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_core_cpumap.c - core/cpumap.c and core/regs.c, the logic both
 * fadump-analyze cpus and crash's cpu-state use: note-to-CPU mapping in each
 * of its three modes, the crashing-CPU choice and its disagreements,
 * finding the crash-info header's registers among the notes, CPU lists,
 * and the register text (labels, decoded MSR/CR/XER/trap, symbols).
 */
#include "cpumap.h"
#include "regs.h"
#include "fa_test.h"

static struct fa_cpumap map;

static void mask_of(uint8_t *m, size_t n, const int *cpus, int ncpus)
{
	int i;

	memset(m, 0, n);
	for (i = 0; i < ncpus; i++)
		m[cpus[i] / 8] |= (uint8_t)(1u << (cpus[i] % 8));
}

/* @in for @nr_notes notes: firmware order @fw, the mask of CPUs 0, 2, 3. */
static void map_in(struct fa_cpumap_in *in, unsigned int nr_notes,
		   const uint32_t *fw, unsigned int nr_fw, uint8_t mask[32],
		   const char *mask_src)
{
	const int online[] = { 0, 2, 3 };

	mask_of(mask, 32, online, 3);
	in->nr_notes = nr_notes;
	in->fw_order = fw;
	in->nr_fw = nr_fw;
	in->mask = mask;
	in->mask_bytes = 32;
	in->mask_src = mask_src;
}

/* The FADump rule: firmware order, only CPUs in the crash-time mask. */
static void test_map_firmware(void **state)
{
	const uint32_t fw[] = { 3, 0, 2, 1 };
	uint8_t mask[32];
	struct fa_cpumap_in in = { 0 };
	struct fa_err e = { 0 };

	(void)state;
	map_in(&in, 3, fw, 4, mask, "crash-info header");
	assert_fa_ok(fa_cpumap_notes(&in, &map, &e), &e);
	assert_int_equal(map.method, FA_CPUMAP_FIRMWARE);
	assert_int_equal(map.cpu[0], 3);
	assert_int_equal(map.cpu[1], 0);
	assert_int_equal(map.cpu[2], 2);
	assert_string_equal(map.why,
		"firmware order of the register save area, keeping the CPUs of the crash-time mask 0,2-3 (crash-info header), as the capture kernel emits the notes");
}

/* Firmware order that cannot explain the notes: fall back, and say why. */
static void test_map_ascending(void **state)
{
	const uint32_t fw[] = { 3, 0 };
	uint8_t mask[32];
	struct fa_cpumap_in in = { 0 };
	struct fa_err e = { 0 };

	(void)state;
	map_in(&in, 3, fw, 2, mask, "__cpu_online_mask");
	assert_fa_ok(fa_cpumap_notes(&in, &map, &e), &e);
	assert_int_equal(map.method, FA_CPUMAP_ASCENDING);
	assert_int_equal(map.cpu[0], 0);
	assert_int_equal(map.cpu[1], 2);
	assert_int_equal(map.cpu[2], 3);
	assert_string_equal(map.why,
		"ASSUMED: ascending CPUs of the crash-time mask 0,2-3 (__cpu_online_mask), as crash does; the notes carry no CPU id and the firmware's CPU order does not match the note count");
	in.fw_order = NULL;
	assert_fa_ok(fa_cpumap_notes(&in, &map, &e), &e);
	assert_non_null(strstr(map.why, "the firmware register save area is not in the dump"));
}

static void test_map_index(void **state)
{
	const int online[] = { 5 };
	uint8_t mask[32];
	struct fa_cpumap_in in = { 0 };
	struct fa_err e = { 0 };

	(void)state;
	in.nr_notes = 2;
	assert_fa_ok(fa_cpumap_notes(&in, &map, &e), &e);
	assert_int_equal(map.method, FA_CPUMAP_INDEX);
	assert_int_equal(map.cpu[1], 1);
	assert_string_equal(map.why,
		"ASSUMED: note N is CPU N; no crash-time CPU mask is available");
	mask_of(mask, sizeof(mask), online, 1);
	in.mask = mask;
	in.mask_bytes = sizeof(mask);
	in.mask_src = "crash-info header";
	assert_fa_ok(fa_cpumap_notes(&in, &map, &e), &e);
	assert_int_equal(map.method, FA_CPUMAP_INDEX);
	assert_string_equal(map.why,
		"ASSUMED: note N is CPU N; the crash-time mask 5 (crash-info header) has 1 CPUs for 2 notes");
}

static void test_map_too_many(void **state)
{
	struct fa_cpumap_in in = { 0 };
	struct fa_err e = { 0 };

	(void)state;
	in.nr_notes = FA_CPUMAP_MAX_CPUS + 1;
	assert_fa_error(fa_cpumap_notes(&in, &map, &e), &e, FA_ERANGE,
			"8193 NT_PRSTATUS notes, at most 8192 supported");
}

static void test_crashing_cpu(void **state)
{
	struct fa_crash_in in = { 0 };
	struct fa_crash c;

	(void)state;
	fa_crashing_cpu(&in, &c);
	assert_int_equal(c.cpu, -1);
	assert_string_equal(c.src, "unknown");
	assert_int_equal(c.from, FA_CRASH_FROM_NONE);

	/* The kernel's variable wins; the others are compared with it. */
	in.have_var = 1;
	in.var = 2;
	in.have_hdr = 1;
	in.hdr = 3;
	in.have_panic = 1;
	in.panic = 1;
	in.panic_src = "panic_cpu";
	fa_crashing_cpu(&in, &c);
	assert_int_equal(c.cpu, 2);
	assert_string_equal(c.src, "crashing_cpu");
	assert_int_equal(c.from, FA_CRASH_FROM_VAR);
	assert_string_equal(c.note, "crash-info header says 3; panic_cpu says 1");

	/* crashing_cpu = -1 (never set): the header's logical id. */
	in.var = -1;
	in.panic = 3;
	fa_crashing_cpu(&in, &c);
	assert_int_equal(c.cpu, 3);
	assert_string_equal(c.src, "crash-info header");
	assert_int_equal(c.from, FA_CRASH_FROM_HDR);
	assert_string_equal(c.note, "");

	/* OPAL: the header holds a PIR; prefer the panic CPU. */
	in.hdr_is_pir = 1;
	in.hdr = 0x41;
	fa_crashing_cpu(&in, &c);
	assert_int_equal(c.cpu, 3);
	assert_string_equal(c.src, "panic_cpu");
	assert_int_equal(c.from, FA_CRASH_FROM_PANIC);
	in.have_panic = 0;
	fa_crashing_cpu(&in, &c);
	assert_int_equal(c.cpu, 0x41);
	assert_string_equal(c.src, "crash-info header (a PIR)");
	assert_int_equal(c.from, FA_CRASH_FROM_HDR_PIR);

	/* FADUMP_CPU_UNKNOWN: not kernel-initiated. */
	in.hdr_is_pir = 0;
	in.hdr = 0xFFFFFFFFu;
	fa_crashing_cpu(&in, &c);
	assert_int_equal(c.cpu, -1);
}

static void test_find_regs_note(void **state)
{
	static uint64_t notes[3][FA_PT_NREGS];
	uint64_t regs[FA_PT_NREGS];

	(void)state;
	notes[0][32] = 0x100;
	notes[1][32] = 0x200;
	notes[2][32] = 0x300;
	memcpy(regs, notes[1], sizeof(regs));
	assert_int_equal(fa_find_regs_note((const uint64_t (*)[FA_PT_NREGS])notes,
					      3, regs, 48), 1);
	/* An old 352-byte pt_regs compares the first 44 slots only. */
	regs[45] = 7;
	assert_int_equal(fa_find_regs_note((const uint64_t (*)[FA_PT_NREGS])notes,
					      3, regs, 44), 1);
	regs[32] = 0x400;
	assert_int_equal(fa_find_regs_note((const uint64_t (*)[FA_PT_NREGS])notes,
					      3, regs, 48), -1);
}

static void test_note_matches_fw(void **state)
{
	uint64_t note[FA_PT_NREGS] = { 0 }, fw[FA_PT_NREGS] = { 0 };

	(void)state;
	note[1] = fw[1] = 0xc000000001234560ULL;
	note[32] = fw[32] = 0xc000000000000100ULL;
	assert_true(fa_note_matches_fw(note, fw));
	/* The crashing CPU's note carries trap/softe the firmware never sets. */
	note[40] = 0x700;
	assert_false(fa_note_matches_fw(note, fw));
	note[40] = 0;
	fw[36] = 0xc000000000000200ULL;
	assert_false(fa_note_matches_fw(note, fw));
}

static void test_cpulist(void **state)
{
	const int a[] = { 0, 2, 3 }, b[] = { 0, 1, 2, 3, 4, 5, 6, 7, 9, 63 };
	uint8_t m[16];
	char buf[64];

	(void)state;
	mask_of(m, sizeof(m), a, 3);
	assert_string_equal(fa_cpulist(m, sizeof(m), buf, sizeof(buf)), "0,2-3");
	mask_of(m, sizeof(m), b, 10);
	assert_string_equal(fa_cpulist(m, sizeof(m), buf, sizeof(buf)), "0-7,9,63");
	memset(m, 0, sizeof(m));
	assert_string_equal(fa_cpulist(m, sizeof(m), buf, sizeof(buf)), "(none)");
	memset(m, 0xff, sizeof(m));
	assert_string_equal(fa_cpulist(m, sizeof(m), buf, sizeof(buf)), "0-127");
	/* A short buffer truncates at a whole entry. */
	mask_of(m, sizeof(m), b, 10);
	assert_string_equal(fa_cpulist(m, sizeof(m), buf, 6), "0-7,9");
}

static void fake_sym(void *ctx, uint64_t addr, char *buf, size_t len)
{
	(void)ctx;
	if (addr >= 0xc000000000001000ULL && addr < 0xc000000000002000ULL)
		snprintf(buf, len, "panic+0x%llx",
			 (unsigned long long)(addr - 0xc000000000001000ULL));
}

static char *capture_regs_flags(const uint64_t *regs, int raw,
				unsigned int flags)
{
	struct fa_reg_sym sym = { fake_sym, NULL };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	if (raw)
		fa_regs_print_raw(f, regs);
	else
		fa_regs_print(f, regs, flags, &sym);
	fclose(f);
	return text;
}

static char *capture_regs(const uint64_t *regs, int raw)
{
	return capture_regs_flags(regs, raw, FA_REGS_ALL);
}

/* What test_print_regs()'s registers print between the GPRs and TRAP. */
#define REGS_NAMED \
	"  NIP     c000000000001014  panic+0x14\n" \
	"  LR      c000000000009000\n" \
	"  R1      0000000000000101  CTR 0000000000000000\n" \
	"  MSR     8000000000001033  SF|ME|IR|DR|RI|LE\n" \
	"  CR      28000482\n" \
	"          cr0:EQ cr1:LT cr2:- cr3:- cr4:- cr5:GT cr6:LT cr7:EQ\n" \
	"  XER     0000000020000000  CA bc=0\n" \
	"  DAR     0000000000000000  DSISR 00000000\n"

static void test_print_regs(void **state)
{
	uint64_t r[FA_PT_NREGS] = { 0 };
	char *t;
	int i;

	(void)state;
	for (i = 0; i < 32; i++)
		r[i] = 0x100 + (uint64_t)i;
	r[32] = 0xc000000000001014ULL;		/* nip: panic+0x14 */
	r[36] = 0xc000000000009000ULL;		/* link: no symbol */
	r[33] = 0x8000000000001033ULL;
	r[38] = 0x28000482;
	r[37] = 0x20000000;
	r[40] = 0x301;				/* data storage, with the flag bit */
	r[39] = 1;
	t = capture_regs(r, 0);
	/* GPRs as the kernel's show_regs() prints them */
	assert_non_null(strstr(t,
		"  GPR00: 0000000000000100 0000000000000101 0000000000000102 0000000000000103\n"));
	/* then the named registers, and TRAP..RESULT last */
	assert_non_null(strstr(t, "  GPR28: 000000000000011c 000000000000011d 000000000000011e 000000000000011f\n"
			       REGS_NAMED
			       "  TRAP    301  Data Storage  SOFTE 1\n"
			       "  ORIG_R3 0000000000000000  RESULT 0000000000000000\n"));
	assert_null(strstr(t, "MQ"));
	free(t);
	r[40] = 0;
	t = capture_regs(r, 0);
	assert_non_null(strstr(t, "  TRAP    0  (none)  SOFTE 1\n"));
	free(t);
	/* A set mapped from firmware registers: no GPRs, no TRAP..RESULT. */
	t = capture_regs_flags(r, 0, 0);
	assert_string_equal(t, REGS_NAMED);
	free(t);
	t = capture_regs_flags(r, 0, FA_REGS_GPRS);
	assert_non_null(strstr(t, "  GPR28: "));
	assert_null(strstr(t, "TRAP"));
	free(t);
	/* every line within 80 columns, the long CR decode wrapped */
	r[38] = 0xffffffff;
	t = capture_regs(r, 0);
	{
		const char *l = t, *nl;

		for (; *l; l = nl + 1) {
			nl = strchr(l, '\n');
			assert_non_null(nl);
			assert_true(nl - l <= 79);
		}
	}
	free(t);
	t = capture_regs(r, 1);
	assert_non_null(strstr(t, "  pr_reg[39] softe       0000000000000001"));
	assert_non_null(strstr(t, "  pr_reg[47] iamr        0000000000000000\n"));
	free(t);
}

static void test_cpumask(void **state)
{
	uint8_t m[4] = { 0 };
	int64_t cpu[4] = { -1, -1, -1, -1 };
	static const int set[] = { 1, 4, 9 };

	(void)state;
	mask_of(m, sizeof(m), set, 3);
	assert_true(fa_cpumask_test(m, sizeof(m), 9));
	assert_false(fa_cpumask_test(m, sizeof(m), 8));
	assert_false(fa_cpumask_test(m, sizeof(m), 1000));
	assert_false(fa_cpumask_test(NULL, 0, 0));
	assert_int_equal(fa_cpumask_count(m, sizeof(m)), 3);
	assert_int_equal(fa_cpumask_count(NULL, 4), 0);
	assert_int_equal(fa_cpumask_ascending(m, sizeof(m), 2, cpu), 2);
	assert_int_equal(cpu[0], 1);
	assert_int_equal(cpu[1], 4);
	assert_int_equal(cpu[2], -1);
	assert_int_equal(fa_cpumask_ascending(m, sizeof(m), 4, cpu), 3);
	assert_int_equal(cpu[2], 9);
}

static void test_by_pir(void **state)
{
	uint8_t m[2] = { 0 };
	int64_t cpu[3];
	static const int set[] = { 0, 2, 5 };

	(void)state;
	/* the mask counts the threads: its CPUs, ascending */
	mask_of(m, sizeof(m), set, 3);
	assert_int_equal(fa_cpumap_by_pir(3, m, sizeof(m), cpu), 1);
	assert_int_equal(cpu[0], 0);
	assert_int_equal(cpu[1], 2);
	assert_int_equal(cpu[2], 5);
	/* it does not (or there is none): 0, 1, ... */
	assert_int_equal(fa_cpumap_by_pir(2, m, sizeof(m), cpu), 2);
	assert_int_equal(cpu[1], 1);
	assert_int_equal(fa_cpumap_by_pir(3, NULL, 0, cpu), 2);
	assert_int_equal(cpu[2], 2);
}

static void test_map_hdat_source(void **state)
{
	static const uint32_t fw[] = { 0, 2, 5 };
	static const int set[] = { 0, 2, 5 };
	uint8_t m[2] = { 0 };
	struct fa_cpumap_in in = { 0 };
	struct fa_err e = { 0 };

	(void)state;
	mask_of(m, sizeof(m), set, 3);
	in.nr_notes = 3;
	in.fw_order = fw;
	in.nr_fw = 3;
	in.fw_src = "the HDAT CPU data";
	in.mask = m;
	in.mask_bytes = sizeof(m);
	assert_fa_ok(fa_cpumap_notes(&in, &map, &e), &e);
	assert_int_equal(map.method, FA_CPUMAP_FIRMWARE);
	assert_int_equal(map.cpu[2], 5);
	assert_non_null(strstr(map.why, "firmware order of the HDAT CPU data, keeping the CPUs of the crash-time mask 0,2,5"));
}

struct named { const char *name; uint64_t v; };

static const char *named_at(const void *list, size_t i, uint64_t *value)
{
	const struct named *r = (const struct named *)list + i;

	*value = r->v;
	return r->name;
}

static void test_print_list(void **state)
{
	static const struct named r[] = {
		{ "GPR00", 1 }, { "GPR01", 0xc000000000001000ULL }, { "NIA", 3 },
		{ "PVR", 0x4e1202 },
	};
	char *t = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&t, &len);

	(void)state;
	assert_non_null(f);
	fa_regs_print_list(f, r, 4, named_at);
	fa_regs_print_list(f, r, 0, named_at);
	fclose(f);
	assert_string_equal(t,
		"  GPR00   0000000000000001  GPR01   c000000000001000  NIA     0000000000000003\n"
		"  PVR     00000000004e1202\n");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_firmware),
		cmocka_unit_test(test_map_ascending),
		cmocka_unit_test(test_map_index),
		cmocka_unit_test(test_map_too_many),
		cmocka_unit_test(test_crashing_cpu),
		cmocka_unit_test(test_find_regs_note),
		cmocka_unit_test(test_note_matches_fw),
		cmocka_unit_test(test_cpulist),
		cmocka_unit_test(test_print_regs),
		cmocka_unit_test(test_cpumask),
		cmocka_unit_test(test_by_pir),
		cmocka_unit_test(test_map_hdat_source),
		cmocka_unit_test(test_print_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
