// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_hdat.c - HDAT architected register state: iterator, the kernel's
 * pt_regs mapping and the encoder, against hand-written thread blocks
 * (fadump-kernel-formats.md §4.6, §6.2).
 */
#include "fa_test.h"
#include "hdat.h"

/*
 * Two threads, entries at 8 + 16 = 24, 4 entries of 16 bytes: blocks of
 * 88 bytes.  Thread 1's core is inactive (0x0F).
 */
static const char area16[] =
	/* thread 0: pir 0x20, core_state 0 */
	"00000020 00 000000 00000010 00000004 00000010 00000010"
	"00000001 00000001 c000000001234560"	/* GPR1 */
	"00000002 000007d0 c000000000012340"	/* NIP */
	"00000002 00000008 c000000000056780"	/* LR */
	"00000002 000007d1 8000000000001033"	/* MSR */
	/* thread 1: pir 0x21, core_state 0x0f */
	"00000021 0f 000000 00000010 00000004 00000010 00000010"
	"00000001 00000001 1111111111111111"	/* GPR1 */
	"00000001 00000002 2222222222222222"	/* GPR2 */
	"00000002 00000009 3333333333333333"	/* CTR */
	"00000002 00000001 4444444444444444";	/* XER */

/*
 * Two threads, 2 entries of 24 bytes (eactsz 16), blocks of 80 bytes:
 * 24 + 48 = 72 used, 8 bytes of padding.
 */
static const char area24[] =
	"00000040 00 000000 00000010 00000002 00000018 00000010"
	"00000002 00000013 c00000000000dead 0000000000000000"	/* DAR */
	"00000002 00000012 0000000042000000 0000000000000000"	/* DSISR */
	"0000000000000000"
	"00000041 00 000000 00000010 00000002 00000018 00000010"
	"00000002 000007d2 0000000024000488 0000000000000000"	/* CR */
	"00000001 0000001f 00000000000000ff 0000000000000000"	/* GPR31 */
	"0000000000000000";

static size_t golden(const char *hex, uint8_t *buf, size_t max)
{
	size_t n = fa_test_hex(hex, buf, max);

	assert_true(n <= max);
	return n;
}

static void test_area16_walk(void **state)
{
	uint8_t buf[256];
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	struct fa_hdat_reg r;
	uint64_t regs[FA_PT_NREGS];
	struct fa_err e;
	size_t n;
	int i;

	(void)state;
	n = golden(area16, buf, sizeof(buf));
	assert_int_equal(n, 176);
	assert_fa_ok(fa_hdat_iter_init(&it, buf, n, 88, &e), &e);
	assert_int_equal(it.num_cpus, 2);
	assert_int_equal(it.regs_offset, 24);
	assert_int_equal(it.ecnt, 4);
	assert_int_equal(it.esize, 16);

	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_int_equal(t.index, 0);
	assert_int_equal(t.hdr.pir, 0x20);
	assert_false(t.inactive);
	assert_false(t.hdr_differs);
	assert_int_equal(t.hdr.eactsz, 16);
	fa_hdat_thread_reg(&t, 1, &r);
	assert_int_equal(r.reg_type, 2);
	assert_int_equal(r.reg_num, 0x7d0);
	assert_true(r.reg_val == 0xc000000000012340ULL);

	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	assert_true(regs[1] == 0xc000000001234560ULL);
	assert_true(regs[32] == 0xc000000000012340ULL);	/* nip */
	assert_true(regs[36] == 0xc000000000056780ULL);	/* link */
	assert_true(regs[33] == 0x8000000000001033ULL);	/* msr */
	for (i = 0; i < FA_PT_NREGS; i++)
		if (i != 1 && i != 32 && i != 33 && i != 36)
			assert_true(regs[i] == 0);

	/* opal-core keeps the stored bytes: slot memory reads big-endian. */
	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_RAW_BE, regs);
	assert_memory_equal(&regs[1], buf + 24 + 8, 8);
	assert_memory_equal(&regs[33], buf + 24 + 3 * 16 + 8, 8);
	assert_true(fa_get64(&regs[32], FA_BE) == 0xc000000000012340ULL);

	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_int_equal(t.index, 1);
	assert_int_equal(t.block_off, 88);
	assert_int_equal(t.hdr.pir, 0x21);
	assert_int_equal(t.hdr.core_state, FA_HDAT_CORE_INACTIVE);
	assert_true(t.inactive);
	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	assert_true(regs[1] == 0x1111111111111111ULL);
	assert_true(regs[2] == 0x2222222222222222ULL);
	assert_true(regs[35] == 0x3333333333333333ULL);	/* ctr */
	assert_true(regs[37] == 0x4444444444444444ULL);	/* xer */

	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 0);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 0);
}

static void test_area24_walk(void **state)
{
	uint8_t buf[200];
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	uint64_t regs[FA_PT_NREGS];
	struct fa_err e;
	size_t n;

	(void)state;
	n = golden(area24, buf, sizeof(buf));
	assert_int_equal(n, 160);
	/* A trailing partial block is not a thread (size / cpu_data_size). */
	memset(buf + n, 0xee, 10);
	assert_fa_ok(fa_hdat_iter_init(&it, buf, n + 10, 80, &e), &e);
	assert_int_equal(it.num_cpus, 2);
	assert_int_equal(it.esize, 24);

	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	assert_true(regs[41] == 0xc00000000000deadULL);	/* dar */
	assert_true(regs[42] == 0x42000000ULL);		/* dsisr */

	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_int_equal(t.hdr.pir, 0x41);
	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	assert_true(regs[38] == 0x24000488ULL);		/* ccr */
	assert_true(regs[31] == 0xff);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 0);
}

/* The kernel applies thread 0's layout to all; a differing header is flagged. */
static void test_first_header_rules(void **state)
{
	uint8_t buf[256];
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	uint64_t regs[FA_PT_NREGS];
	struct fa_err e;
	size_t n;

	(void)state;
	n = golden(area16, buf, sizeof(buf));
	fa_put32(buf + 88 + 12, FA_BE, 1);	/* thread 1 claims ecnt 1 */
	assert_fa_ok(fa_hdat_iter_init(&it, buf, n, 88, &e), &e);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_false(t.hdr_differs);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_true(t.hdr_differs);
	assert_int_equal(t.hdr.ecnt, 1);
	assert_int_equal(t.ecnt, 4);
	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	assert_true(regs[37] == 0x4444444444444444ULL);	/* 4th entry still read */
}

static void test_iter_malformed(void **state)
{
	uint8_t buf[256];
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	struct fa_hdat_thread_hdr h;
	struct fa_err e;
	size_t n;

	(void)state;
	n = golden(area16, buf, sizeof(buf));

	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 0, &e), &e, FA_ECORRUPT,
			"cpu_data_size is 0");
	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 200, &e), &e, FA_ECORRUPT,
			"cpu_data_size 200 exceeds the region size 176");
	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 20, &e), &e, FA_ECORRUPT,
			"cpu_data_size 20 is smaller than the 24-byte thread header");
	/* Entries run one past the block. */
	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 87, &e), &e, FA_ERANGE,
			"HDAT thread 0 at offset 0: entries at 8+16, 4 x 16 bytes, end beyond cpu_data_size 87");
	fa_put32(buf + 12, FA_BE, 5);
	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 88, &e), &e, FA_ERANGE,
			"5 x 16 bytes, end beyond cpu_data_size 88");
	/* Overflowing count and offset. */
	fa_put32(buf + 12, FA_BE, 0xffffffff);
	fa_put32(buf + 16, FA_BE, 0xffffffff);
	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 88, &e), &e, FA_ERANGE,
			"4294967295 x 4294967295 bytes");
	fa_put32(buf + 12, FA_BE, 4);
	fa_put32(buf + 16, FA_BE, 16);
	fa_put32(buf + 8, FA_BE, 0xfffffff8);
	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 88, &e), &e, FA_ERANGE,
			"entries at 8+4294967288");
	fa_put32(buf + 8, FA_BE, 16);
	fa_put32(buf + 16, FA_BE, 8);
	assert_fa_error(fa_hdat_iter_init(&it, buf, n, 88, &e), &e, FA_ECORRUPT,
			"HDAT thread 0 at offset 0: esize 8 is below the 16-byte register entry");

	memset(&it, 0, sizeof(it));
	assert_fa_error(fa_hdat_iter_next(&it, &t, &e), &e, FA_EINVAL,
			"not initialised");
	assert_fa_error(fa_hdat_thread_hdr_decode(buf, 23, &h, &e), &e, FA_ETRUNC,
			"HDAT thread header: need 24 bytes");
	assert_fa_ok(fa_hdat_thread_hdr_decode(buf, 24, &h, &e), &e);
	assert_int_equal(h.pir, 0x20);
	assert_int_equal(h.esize, 8);
}

static void test_set_regval_mapping(void **state)
{
	static const struct {
		uint32_t type, num;
		int slot;	/* -1: ignored */
	} cases[] = {
		{ 1, 0, 0 }, { 1, 31, 31 }, { 1, 32, -1 }, { 1, 8, 8 },
		{ 2, 1, 37 }, { 2, 8, 36 }, { 2, 9, 35 }, { 2, 18, 42 },
		{ 2, 19, 41 }, { 2, 0x7d0, 32 }, { 2, 0x7d1, 33 },
		{ 2, 0x7d2, 38 }, { 2, 26, -1 }, { 2, 0, -1 }, { 2, 0x7d3, -1 },
		/* Any type but GPR is matched on the number alone. */
		{ 0, 8, 36 }, { 7, 0x7d0, 32 },
	};
	uint64_t regs[FA_PT_NREGS];
	size_t i;
	int j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(regs, 0, sizeof(regs));
		fa_hdat_set_regval(regs, cases[i].type, cases[i].num, 0xabcdULL + i);
		for (j = 0; j < FA_PT_NREGS; j++) {
			uint64_t want = j == cases[i].slot ? 0xabcdULL + i : 0;

			if (regs[j] != want)
				fail_msg("type %u num %#x: slot %d is %#llx, want %#llx",
					 cases[i].type, cases[i].num, j,
					 (unsigned long long)regs[j],
					 (unsigned long long)want);
		}
	}
}

static const struct fa_hdat_reg t0_regs[] = {
	{ 1, 1, 0xc000000001234560ULL },
	{ 2, 0x7d0, 0xc000000000012340ULL },
	{ 2, 8, 0xc000000000056780ULL },
	{ 2, 0x7d1, 0x8000000000001033ULL },
};
static const struct fa_hdat_reg t1_regs[] = {
	{ 1, 1, 0x1111111111111111ULL },
	{ 1, 2, 0x2222222222222222ULL },
	{ 2, 9, 0x3333333333333333ULL },
	{ 2, 1, 0x4444444444444444ULL },
};

static void test_encode_area16(void **state)
{
	const struct fa_hdat_enc_thread th[] = {
		{ 0x20, 0x00, 4, t0_regs },
		{ 0x21, 0x0f, 4, t1_regs },
	};
	struct fa_hdat_layout lay = { 0, 16, 4, 16, 16 };
	uint8_t want[256], out[256];
	size_t n, used = 0;
	struct fa_err e;

	(void)state;
	n = golden(area16, want, sizeof(want));
	assert_true(fa_hdat_block_size(&lay) == 88);
	memset(out, 0x77, sizeof(out));
	assert_fa_ok(fa_hdat_encode(th, 2, &lay, out, sizeof(out), &used, &e), &e);
	assert_int_equal(used, n);
	assert_memory_equal(out, want, n);
}

static void test_encode_area24(void **state)
{
	const struct fa_hdat_reg a[] = {
		{ 2, 0x13, 0xc00000000000deadULL }, { 2, 0x12, 0x42000000ULL },
	};
	const struct fa_hdat_reg b[] = {
		{ 2, 0x7d2, 0x24000488ULL }, { 1, 31, 0xff },
	};
	const struct fa_hdat_enc_thread th[] = {
		{ 0x40, 0, 2, a }, { 0x41, 0, 2, b },
	};
	struct fa_hdat_layout lay = { 80, 16, 2, 24, 16 };
	uint8_t want[200], out[200];
	size_t n, used = 0;
	struct fa_err e;

	(void)state;
	n = golden(area24, want, sizeof(want));
	memset(out, 0x77, sizeof(out));
	assert_fa_ok(fa_hdat_encode(th, 2, &lay, out, sizeof(out), &used, &e), &e);
	assert_int_equal(used, 160);
	assert_memory_equal(out, want, n);
}

/* Fewer registers than slots: the rest are zero entries, ignored on read. */
static void test_encode_roundtrip_sparse(void **state)
{
	const struct fa_hdat_enc_thread th[] = {
		{ 7, 0, 1, t0_regs }, { 8, 0, 0, NULL }, { 9, 3, 4, t1_regs },
	};
	struct fa_hdat_layout lay = { 0, 24, 6, 32, 16 };
	uint64_t regs[FA_PT_NREGS];
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	uint8_t buf[1024];
	size_t used;
	struct fa_err e;

	(void)state;
	assert_fa_ok(fa_hdat_encode(th, 3, &lay, buf, sizeof(buf), &used, &e), &e);
	assert_int_equal(used, 3 * (8 + 24 + 6 * 32));
	assert_fa_ok(fa_hdat_iter_init(&it, buf, used, used / 3, &e), &e);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_int_equal(t.hdr.pir, 7);
	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	assert_true(regs[1] == t0_regs[0].reg_val);
	assert_true(regs[0] == 0);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 1);
	assert_int_equal(t.hdr.core_state, 3);
	fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	assert_true(regs[37] == 0x4444444444444444ULL);
	assert_int_equal(fa_hdat_iter_next(&it, &t, &e), 0);
}

static void test_encode_errors(void **state)
{
	const struct fa_hdat_enc_thread th[] = { { 1, 0, 4, t0_regs } };
	const struct fa_hdat_enc_thread nullregs[] = { { 1, 0, 2, NULL } };
	struct fa_hdat_layout lay = { 0, 16, 3, 16, 16 };
	uint8_t buf[256];
	struct fa_err e;

	(void)state;
	assert_fa_error(fa_hdat_encode(th, 1, &lay, buf, sizeof(buf), NULL, &e),
			&e, FA_EINVAL, "thread 0 has 4 registers, layout holds 3");
	assert_fa_error(fa_hdat_encode(nullregs, 1, &lay, buf, sizeof(buf), NULL, &e),
			&e, FA_EINVAL, "thread 0 has no register array");
	lay.ecnt = 4;
	assert_fa_error(fa_hdat_encode(th, 1, &lay, buf, 87, NULL, &e), &e,
			FA_ETRUNC, "1 threads of 88 bytes do not fit 87 bytes");
	lay.esize = 12;
	assert_fa_error(fa_hdat_encode(th, 1, &lay, buf, sizeof(buf), NULL, &e),
			&e, FA_EINVAL, "esize 12 below 16");
	lay.esize = 16;
	lay.offset = 8;
	assert_fa_error(fa_hdat_encode(th, 1, &lay, buf, sizeof(buf), NULL, &e),
			&e, FA_EINVAL, "offset 8 puts entries inside the header");
	lay.offset = 16;
	lay.cpu_data_size = 80;
	assert_fa_error(fa_hdat_encode(th, 1, &lay, buf, sizeof(buf), NULL, &e),
			&e, FA_EINVAL, "cpu_data_size 80 below the 88 bytes");
	lay.cpu_data_size = 0;
	lay.ecnt = 0x10000000;
	assert_fa_error(fa_hdat_encode(th, 1, &lay, buf, sizeof(buf), NULL, &e),
			&e, FA_EINVAL, "overflow a block");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_area16_walk),
		cmocka_unit_test(test_area24_walk),
		cmocka_unit_test(test_first_header_rules),
		cmocka_unit_test(test_iter_malformed),
		cmocka_unit_test(test_set_regval_mapping),
		cmocka_unit_test(test_encode_area16),
		cmocka_unit_test(test_encode_area24),
		cmocka_unit_test(test_encode_roundtrip_sparse),
		cmocka_unit_test(test_encode_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
