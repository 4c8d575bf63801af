// SPDX-License-Identifier: GPL-2.0-or-later
/* test_regsave.c - pSeries register save area (§3). */
#include "fa_test.h"
#include "regsave.h"

/*
 * Two CPUs (logical 4 and 7), seven registers each, num_cpu_offset 16,
 * written from §3.1/§3.2: 20 + 2 * 9 * 16 = 308 bytes.
 */
static const char golden[] =
	"52454753 41564500 00000000 00000010"		/* REGSAVE, v0, 16 */
	"00000002"					/* NumCpus */
	"43505553 54525400 00000000 00000004"		/* CPUSTRT 4 */
	"47505230 31000000 c0000000 01230000"		/* GPR01 */
	"4e494100 00000000 c0000000 000c0ffe"		/* NIA */
	"4c520000 00000000 c0000000 00aabbcc"		/* LR */
	"47505235 00000000 00000000 00000055"		/* GPR5 */
	"43520000 00000000 00000000 22000044"		/* CR */
	"47505233 32000000 00000000 00003232"		/* GPR32: ignored */
	"53525230 00000000 00000000 00001234"		/* SRR0: ignored */
	"43505545 4e440000 00000000 00000004"		/* CPUEND 4 */
	"43505553 54525400 00000000 00000007"		/* CPUSTRT 7 */
	"47505230 31000000 c0000000 07230000"
	"4e494100 00000000 c0000000 070c0ffe"
	"4c520000 00000000 c0000000 07aabbcc"
	"47505235 00000000 00000000 00000755"
	"43520000 00000000 00000000 72000044"
	"47505233 32000000 00000000 00073232"
	"53525230 00000000 00000000 00071234"
	"43505545 4e440000 00000000 00000007";		/* CPUEND 7 */

static const char *const golden_names[7] = {
	"GPR01", "NIA", "LR", "GPR5", "CR", "GPR32", "SRR0",
};

static const uint64_t vals4[7] = {
	0xc000000001230000ULL, 0xc0000000000c0ffeULL, 0xc000000000aabbccULL,
	0x55, 0x22000044, 0x3232, 0x1234,
};

static const uint64_t vals7[7] = {
	0xc000000007230000ULL, 0xc0000000070c0ffeULL, 0xc000000007aabbccULL,
	0x755, 0x72000044, 0x73232, 0x71234,
};

static size_t load(uint8_t *b)
{
	size_t n = fa_test_hex(golden, b, 512);

	assert_int_equal(n, 308);
	return n;
}

static void test_golden_decode(void **state)
{
	struct fa_regsave rs;
	struct fa_err e;
	uint8_t b[512];
	uint64_t regs[FA_PT_NREGS];
	size_t n;
	int i;

	(void)state;
	n = load(b);
	assert_fa_ok(fa_regsave_decode(b, n, &rs, &e), &e);
	assert_true(rs.magic_number == FA_TAG_REGSAVE);
	assert_int_equal(rs.version, 0);
	assert_int_equal(rs.num_cpu_offset, 16);
	assert_int_equal(rs.num_cpus, 2);
	assert_int_equal(rs.nentries, 14);
	assert_int_equal(rs.end_off, 308);
	assert_int_equal(rs.cpus[0].cpu, 4);
	assert_int_equal(rs.cpus[0].start_off, 20);
	assert_int_equal(rs.cpus[1].cpu, 7);
	assert_int_equal(rs.cpus[1].start_off, 20 + 9 * 16);
	for (i = 0; i < 7; i++) {
		assert_string_equal(rs.cpus[0].regs[i].name, golden_names[i]);
		assert_true(rs.cpus[0].regs[i].value == vals4[i]);
		assert_true(rs.cpus[1].regs[i].value == vals7[i]);
	}
	assert_false(rs.cpus[1].end_mismatch);

	fa_regsave_to_pt_regs(rs.cpus[0].regs, rs.cpus[0].nregs, regs);
	assert_true(regs[1] == vals4[0]);
	assert_true(regs[32] == vals4[1]);	/* nip */
	assert_true(regs[36] == vals4[2]);	/* link */
	assert_true(regs[5] == 0x55);		/* "GPR5" parses as 5 */
	assert_true(regs[38] == 0x22000044);	/* ccr */
	for (i = 0; i < 48; i++)
		if (i != 1 && i != 5 && i != 32 && i != 36 && i != 38)
			assert_true(regs[i] == 0);	/* GPR32, SRR0 dropped */
	fa_regsave_free(&rs);
}

static void test_golden_encode(void **state)
{
	uint64_t ids[7];
	struct fa_regsave_layout lay = { ids, 7, 16, 0 };
	struct fa_regsave_cpu_in cpus[2] = { { 4, vals4 }, { 7, vals7 } };
	uint8_t want[512], out[512];
	struct fa_err e;
	size_t n;
	int i;

	(void)state;
	for (i = 0; i < 7; i++)
		ids[i] = fa_tag_to_u64(golden_names[i]);
	load(want);
	assert_fa_ok(fa_regsave_encode(&lay, cpus, 2, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 308);
	assert_memory_equal(out, want, 308);
	assert_fa_error(fa_regsave_encode(&lay, cpus, 2, out, 307, &n, &e), &e,
			FA_ERANGE, "2 CPUs of 7 registers need 308 bytes, buffer holds 307");
	lay.num_cpu_offset = 12;
	assert_fa_error(fa_regsave_encode(&lay, cpus, 2, out, sizeof(out), &n, &e), &e,
			FA_EINVAL, "num_cpu_offset 12 overlaps the 16-byte header");
}

static void test_qemu_round_trip(void **state)
{
	uint64_t ids[FA_REGSAVE_QEMU_NREGS], vals[3][FA_REGSAVE_QEMU_NREGS];
	struct fa_regsave_layout lay = { ids, FA_REGSAVE_QEMU_NREGS, 28, 5 };
	struct fa_regsave_cpu_in cpus[3];
	static uint8_t buf[8192];
	uint64_t regs[FA_PT_NREGS];
	struct fa_regsave rs;
	struct fa_err e;
	size_t n;
	int c, i;

	(void)state;
	fa_regsave_qemu_ids(ids);
	assert_true(ids[0] == fa_tag_to_u64("ACOP"));
	assert_true(ids[22] == 0x4750523030000000ULL);	/* GPR00 */
	assert_true(ids[76] == FA_TAG_XER);
	for (c = 0; c < 3; c++) {
		for (i = 0; i < FA_REGSAVE_QEMU_NREGS; i++)
			vals[c][i] = ((uint64_t)c << 56) | (uint64_t)i;
		cpus[c].cpu = (uint32_t)(10 * c);
		cpus[c].values = vals[c];
	}
	/* QEMU's sizing: 16 + 12 + 4 + ncpus * 79 * 16. */
	assert_int_equal(fa_regsave_area_size(3, FA_REGSAVE_QEMU_NREGS), 32 + 3 * 79 * 16);
	assert_int_equal(fa_regsave_area_size(1, 77), 0x4f0 + 32);
	assert_int_equal(fa_regsave_area_size(UINT64_MAX / 16, 77), 0);

	/* num_cpu_offset 28: the PAPR padding lies between header and NumCpus. */
	memset(buf, 0xee, sizeof(buf));
	assert_fa_ok(fa_regsave_encode(&lay, cpus, 3, buf, sizeof(buf), &n, &e), &e);
	assert_int_equal(n, 28 + 4 + 3 * 79 * 16);
	for (i = 16; i < 28; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(fa_get32(buf + 8, FA_BE), 5);
	assert_int_equal(fa_get32(buf + 28, FA_BE), 3);
	assert_fa_ok(fa_regsave_decode(buf, n, &rs, &e), &e);
	assert_int_equal(rs.num_cpus, 3);
	for (c = 0; c < 3; c++) {
		assert_int_equal(rs.cpus[c].cpu, 10 * c);
		assert_int_equal(rs.cpus[c].nregs, FA_REGSAVE_QEMU_NREGS);
		for (i = 0; i < FA_REGSAVE_QEMU_NREGS; i++) {
			assert_true(rs.cpus[c].regs[i].id == ids[i]);
			assert_true(rs.cpus[c].regs[i].value == vals[c][i]);
			assert_string_equal(rs.cpus[c].regs[i].name, fa_regsave_qemu_regs[i]);
		}
	}
	/* The kernel's mapping of QEMU's list: index in the list -> slot. */
	fa_regsave_to_pt_regs(rs.cpus[2].regs, rs.cpus[2].nregs, regs);
	for (i = 0; i < 32; i++)
		assert_true(regs[i] == ((2ULL << 56) | (uint64_t)(22 + i)));
	assert_true(regs[32] == ((2ULL << 56) | 58));	/* NIA */
	assert_true(regs[33] == ((2ULL << 56) | 57));	/* MSR */
	assert_true(regs[34] == 0);			/* orig_gpr3 */
	assert_true(regs[35] == ((2ULL << 56) | 6));	/* CTR */
	assert_true(regs[36] == ((2ULL << 56) | 56));	/* LR */
	assert_true(regs[37] == ((2ULL << 56) | 76));	/* XER */
	assert_true(regs[38] == ((2ULL << 56) | 5));	/* CR */
	assert_true(regs[39] == 0 && regs[40] == 0);	/* softe, trap */
	assert_true(regs[41] == ((2ULL << 56) | 10));	/* DAR */
	assert_true(regs[42] == ((2ULL << 56) | 17));	/* DSISR */
	for (i = 43; i < 48; i++)
		assert_true(regs[i] == 0);
	fa_regsave_free(&rs);
}

static void test_gpr_index(void **state)
{
	(void)state;
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR00")), 0);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR05")), 5);
	assert_int_equal(fa_regsave_gpr_index(0x4750523035000000ULL), 5);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR5")), 5);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR31")), 31);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR32")), -1);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR99")), -1);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR")), -1);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR+5")), 5);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR5\n")), 5);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR-1")), -1);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR 5")), -1);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPRA")), -1);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR1A")), -1);
	/* Characters after the fifth are shifted out by the kernel. */
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("GPR07XYZ")), 7);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("XPR05")), -1);
	assert_int_equal(fa_regsave_gpr_index(fa_tag_to_u64("gpr05")), -1);
}

static void test_quirks(void **state)
{
	struct fa_regsave rs;
	struct fa_err e;
	uint8_t b[512];
	size_t n;

	(void)state;
	n = load(b);
	/* CPUEND of the second block says 8: reported, not rejected. */
	b[307] = 8;
	assert_fa_ok(fa_regsave_decode(b, n, &rs, &e), &e);
	assert_true(rs.cpus[1].end_mismatch);
	assert_int_equal(rs.cpus[1].end_cpu, 8);
	assert_int_equal(rs.cpus[1].cpu, 7);
	assert_false(rs.cpus[0].end_mismatch);
	fa_regsave_free(&rs);
	/* CPUSTRT's high word is not part of the id. */
	load(b);
	b[20 + 8] = 0xff;
	assert_fa_ok(fa_regsave_decode(b, n, &rs, &e), &e);
	assert_int_equal(rs.cpus[0].cpu, 4);
	assert_true(rs.cpus[0].start_value == 0xff00000000000004ULL);
	fa_regsave_free(&rs);
	/* NumCpus 0 is a valid, empty area; bytes after the blocks are ignored. */
	load(b);
	b[19] = 0;
	assert_fa_ok(fa_regsave_decode(b, n, &rs, &e), &e);
	assert_int_equal(rs.num_cpus, 0);
	assert_int_equal(rs.end_off, 20);
	fa_regsave_free(&rs);
}

static void test_malformed(void **state)
{
	struct fa_regsave rs;
	struct fa_err e;
	uint8_t b[512];
	size_t n;

	(void)state;
	n = load(b);
	assert_fa_error(fa_regsave_decode(b, 15, &rs, &e), &e, FA_ETRUNC,
			"register save area header: need 16 bytes at offset 0, only 15");
	fa_regsave_free(&rs);
	assert_fa_error(fa_regsave_decode(b, 19, &rs, &e), &e, FA_ETRUNC,
			"NumCpus (num_cpu_offset): need 4 bytes at offset 0x10, only 3");
	fa_regsave_free(&rs);
	/* Missing CPUEND: the area ends inside the second block. */
	assert_fa_error(fa_regsave_decode(b, n - 16, &rs, &e), &e, FA_ETRUNC,
			"CPU block 1 (cpu 7, CPUSTRT at offset 0xa4) has no CPUEND before the end of the area at offset 0x124");
	fa_regsave_free(&rs);
	/* A trailing partial entry does not count as CPUEND either. */
	assert_fa_error(fa_regsave_decode(b, n - 1, &rs, &e), &e, FA_ETRUNC,
			"has no CPUEND");
	fa_regsave_free(&rs);
	/* NumCpus 3 with only two blocks. */
	b[19] = 3;
	assert_fa_error(fa_regsave_decode(b, n, &rs, &e), &e, FA_ETRUNC,
			"CPU block 2 of NumCpus would start at offset 0x134, past the 308-byte area");
	fa_regsave_free(&rs);
	/* An absurd NumCpus is refused before anything is allocated. */
	fa_put32(b + 16, FA_BE, 0xffffffff);
	assert_fa_error(fa_regsave_decode(b, n, &rs, &e), &e, FA_ECORRUPT,
			"NumCpus 4294967295 at offset 0x10 needs at least 137438953440 bytes of entries from offset 0x14, only 288 available");
	fa_regsave_free(&rs);
	/* num_cpu_offset pointing far past the area. */
	load(b);
	fa_put32(b + 12, FA_BE, 0xfffffffe);
	assert_fa_error(fa_regsave_decode(b, n, &rs, &e), &e, FA_ETRUNC,
			"need 4 bytes at offset 0xfffffffe");
	fa_regsave_free(&rs);
	/* The second block does not start with CPUSTRT. */
	load(b);
	b[164] = 'X';
	assert_fa_error(fa_regsave_decode(b, n, &rs, &e), &e, FA_ECORRUPT,
			"Unable to read CPU state data: CPU block 1 at offset 0xa4 starts with \"XPUSTRT\"");
	fa_regsave_free(&rs);
	/* Wrong magic. */
	load(b);
	b[6] = 'F';
	assert_fa_error(fa_regsave_decode(b, n, &rs, &e), &e, FA_EMAGIC,
			"Unable to read register save area. (magic at offset 0x0 is 0x5245475341564600 \"REGSAVF\"");
	fa_regsave_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_decode),
		cmocka_unit_test(test_golden_encode),
		cmocka_unit_test(test_qemu_round_trip),
		cmocka_unit_test(test_gpr_index),
		cmocka_unit_test(test_quirks),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
