// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_opal.c - OPAL MPIPL metadata (opal_mpipl_fadump, opal_fadump_mem_struct)
 * and skiboot's MDST/MDRT entries, against vectors written by hand from the
 * offsets in fadump-kernel-formats.md §4 and skiboot's opal-dump.h.
 */
#include "fa_test.h"
#include "opal.h"

/* opal_mpipl_fadump, TAG_CPU-like, two regions. */
static const char mpipl_golden[] =
	"01 00000000000000"		/* version 1, 7 reserved */
	"00000028"			/* crashing_pir 0x28 */
	"00000001"			/* cpu_data_version 1 */
	"00000200"			/* cpu_data_size 0x200 */
	"00000002"			/* region_cnt 2 */
	"0000000030000000 0000000031000000 0000000000100000"
	"0000000000000000 0000000040000000 00000000ffff0000";

static size_t golden(const char *hex, uint8_t *buf, size_t max)
{
	size_t n = fa_test_hex(hex, buf, max);

	assert_true(n <= max);
	return n;
}

static void test_mpipl_golden(void **state)
{
	uint8_t buf[96], out[96];
	struct fa_opal_mpipl m;
	struct fa_err e;
	size_t n;

	(void)state;
	n = golden(mpipl_golden, buf, sizeof(buf));
	assert_int_equal(n, 72);
	assert_int_equal(fa_opal_mpipl_size(2), 72);
	assert_fa_ok(fa_opal_mpipl_decode(buf, n, &m, &e), &e);
	assert_int_equal(m.version, 1);
	assert_int_equal(m.crashing_pir, 0x28);
	assert_int_equal(m.cpu_data_version, 1);
	assert_int_equal(m.cpu_data_size, 0x200);
	assert_int_equal(m.region_cnt, 2);
	assert_true(m.region[0].src == 0x30000000ULL);
	assert_true(m.region[0].dest == 0x31000000ULL);
	assert_true(m.region[0].size == 0x100000ULL);
	assert_true(m.region[1].src == 0);
	assert_true(m.region[1].dest == 0x40000000ULL);
	assert_true(m.region[1].size == 0xffff0000ULL);
	assert_fa_ok(fa_opal_mpipl_check_version(&m, 1, &e), &e);

	memset(out, 0xa5, sizeof(out));
	assert_fa_ok(fa_opal_mpipl_encode(&m, out, sizeof(out), &e), &e);
	assert_memory_equal(out, buf, n);
	fa_opal_mpipl_free(&m);
	assert_null(m.region);
}

static void test_mpipl_no_regions(void **state)
{
	uint8_t buf[24];
	struct fa_opal_mpipl m;
	struct fa_err e;

	(void)state;
	golden("01 00000000000000 00000000 00000001 00000000 00000000", buf,
	       sizeof(buf));
	assert_fa_ok(fa_opal_mpipl_decode(buf, sizeof(buf), &m, &e), &e);
	assert_int_equal(m.region_cnt, 0);
	assert_null(m.region);
	fa_opal_mpipl_free(&m);
}

static void test_mpipl_malformed(void **state)
{
	uint8_t buf[96];
	struct fa_opal_mpipl m;
	struct fa_err e;
	size_t n;

	(void)state;
	n = golden(mpipl_golden, buf, sizeof(buf));

	/* Header cut short. */
	assert_fa_error(fa_opal_mpipl_decode(buf, 23, &m, &e), &e, FA_ETRUNC,
			"opal_mpipl_fadump header: need 24 bytes at offset 0, only 23");
	/* Count one more than the bytes hold. */
	buf[23] = 3;
	assert_fa_error(fa_opal_mpipl_decode(buf, n, &m, &e), &e, FA_ETRUNC,
			"region_cnt 3 at offset 20 needs 96 bytes, only 72 available");
	assert_null(m.region);
	/* A huge count must not allocate or wrap. */
	fa_put32(buf + 20, FA_BE, 0xffffffff);
	assert_fa_error(fa_opal_mpipl_decode(buf, n, &m, &e), &e, FA_ETRUNC,
			"region_cnt 4294967295 at offset 20 needs 103079215104 bytes");
	/* Wrong versions are reported, as the kernel warns. */
	fa_put32(buf + 20, FA_BE, 2);
	buf[0] = 2;
	assert_fa_ok(fa_opal_mpipl_decode(buf, n, &m, &e), &e);
	assert_fa_error(fa_opal_mpipl_check_version(&m, 1, &e), &e, FA_EVERSION,
			"supported version: 1, found: 2");
	m.version = 1;
	m.cpu_data_version = 2;
	assert_fa_ok(fa_opal_mpipl_check_version(&m, 0, &e), &e);
	assert_fa_error(fa_opal_mpipl_check_version(&m, 1, &e), &e, FA_EVERSION,
			"Supported CPU state data version: 1, found: 2!");
	/* Encode into a short buffer. */
	assert_fa_error(fa_opal_mpipl_encode(&m, buf, 71, &e), &e, FA_ETRUNC,
			"2 regions need 72 bytes, buffer has 71");
	fa_opal_mpipl_free(&m);
}

/* Header and two regions of opal_fadump_mem_struct, in each byte order. */
static const char fdm_be_head[] =
	"01 000000 0002 0001 0000000031100000"
	"0000000000000000 0000000031000000 0000000000100000"
	"0000000000200000 0000000031100000 0000000000000000";
static const char fdm_le_head[] =
	"01 000000 0200 0100 0000103100000000"
	"0000000000000000 0000003100000000 0000100000000000"
	"0000200000000000 0000103100000000 0000000000000000";

static void check_fdm(const struct fa_opal_fdm *f)
{
	int i;

	assert_int_equal(f->version, 1);
	assert_int_equal(f->region_cnt, 2);
	assert_int_equal(f->registered_regions, 1);
	assert_true(f->fadumphdr_addr == 0x31100000ULL);
	assert_true(f->rgn[0].src == 0);
	assert_true(f->rgn[0].dest == 0x31000000ULL);
	assert_true(f->rgn[0].size == 0x100000ULL);
	assert_true(f->rgn[1].src == 0x200000ULL);
	assert_true(f->rgn[1].dest == 0x31100000ULL);
	assert_true(f->rgn[1].size == 0);
	for (i = 2; i < FA_OPAL_FADUMP_MAX_MEM_REGS; i++)
		assert_true(f->rgn[i].src == 0 && f->rgn[i].size == 0);
}

static void fdm_roundtrip(const char *head, int bo)
{
	static uint8_t buf[FA_OPAL_FDM_SIZE], out[FA_OPAL_FDM_SIZE];
	struct fa_opal_fdm f;
	struct fa_err e;
	int guess = 0;

	memset(buf, 0, sizeof(buf));
	assert_int_equal(golden(head, buf, sizeof(buf)), 64);
	assert_fa_ok(fa_opal_fdm_decode(buf, sizeof(buf), bo, &f, &e), &e);
	check_fdm(&f);
	assert_fa_ok(fa_opal_fdm_check_version(&f, &e), &e);
	assert_fa_ok(fa_opal_fdm_guess_bo(buf, sizeof(buf), &guess, &e), &e);
	assert_int_equal(guess, bo);

	memset(out, 0x5a, sizeof(out));
	assert_fa_ok(fa_opal_fdm_encode(&f, bo, out, sizeof(out), &e), &e);
	assert_memory_equal(out, buf, sizeof(buf));
}

static void test_fdm_golden_be(void **state)
{
	(void)state;
	fdm_roundtrip(fdm_be_head, FA_BE);
}

static void test_fdm_golden_le(void **state)
{
	(void)state;
	fdm_roundtrip(fdm_le_head, FA_LE);
}

static void test_fdm_last_slot(void **state)
{
	static uint8_t buf[FA_OPAL_FDM_SIZE], out[FA_OPAL_FDM_SIZE];
	struct fa_opal_fdm f;
	struct fa_err e;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.version = 1;
	f.region_cnt = 128;
	f.registered_regions = 128;
	f.rgn[127].src = 0x1122334455667788ULL;
	f.rgn[127].size = 0x99;
	assert_fa_ok(fa_opal_fdm_encode(&f, FA_BE, buf, sizeof(buf), &e), &e);
	/* rgn[127] starts at 16 + 127 * 24 = 3064; its size ends at 3088. */
	assert_int_equal(buf[3064], 0x11);
	assert_int_equal(buf[3087], 0x99);
	assert_fa_ok(fa_opal_fdm_decode(buf, sizeof(buf), FA_BE, &f, &e), &e);
	assert_fa_ok(fa_opal_fdm_encode(&f, FA_BE, out, sizeof(out), &e), &e);
	assert_memory_equal(out, buf, sizeof(buf));
}

static void test_fdm_malformed(void **state)
{
	static uint8_t buf[FA_OPAL_FDM_SIZE];
	struct fa_opal_fdm f;
	struct fa_err e;
	int bo;

	(void)state;
	memset(buf, 0, sizeof(buf));
	golden(fdm_be_head, buf, sizeof(buf));

	assert_fa_error(fa_opal_fdm_decode(buf, FA_OPAL_FDM_SIZE - 1, FA_BE, &f, &e),
			&e, FA_ETRUNC,
			"opal_fadump_mem_struct: need 3088 bytes at offset 0, only 3087");
	assert_fa_error(fa_opal_fdm_decode(buf, sizeof(buf), 0, &f, &e), &e,
			FA_EINVAL, "byte order 0 is neither LE nor BE");
	/* A pre-v5.19 LE reading of this BE block gives region_cnt 512. */
	assert_fa_error(fa_opal_fdm_decode(buf, sizeof(buf), FA_LE, &f, &e), &e,
			FA_ERANGE, "region_cnt 512 at offset 4 exceeds 128");
	fa_put16(buf + 4, FA_BE, 129);
	assert_fa_error(fa_opal_fdm_decode(buf, sizeof(buf), FA_BE, &f, &e), &e,
			FA_ERANGE, "region_cnt 129 at offset 4 exceeds 128");
	fa_put16(buf + 4, FA_BE, 2);
	fa_put16(buf + 6, FA_BE, 200);
	assert_fa_error(fa_opal_fdm_decode(buf, sizeof(buf), FA_BE, &f, &e), &e,
			FA_ERANGE, "registered_regions 200 at offset 6 exceeds 128");
	/* Neither byte order gives counts within 128: 0x0201 / 0x0102. */
	fa_put16(buf + 4, FA_BE, 0x0201);
	assert_fa_error(fa_opal_fdm_guess_bo(buf, sizeof(buf), &bo, &e), &e,
			FA_ECORRUPT, "exceed 128 in both byte orders");
	assert_fa_error(fa_opal_fdm_guess_bo(buf, 15, &bo, &e), &e, FA_ETRUNC,
			"need 16 bytes");
	/* Version: the kernel warns and carries on. */
	fa_put16(buf + 4, FA_BE, 2);
	fa_put16(buf + 6, FA_BE, 1);
	buf[0] = 2;
	assert_fa_ok(fa_opal_fdm_decode(buf, sizeof(buf), FA_BE, &f, &e), &e);
	assert_fa_error(fa_opal_fdm_check_version(&f, &e), &e, FA_EVERSION,
			"Supported kernel metadata version: 1, found: 2!");
	/* The encoder refuses what the decoder would refuse. */
	f.region_cnt = 129;
	assert_fa_error(fa_opal_fdm_encode(&f, FA_BE, buf, sizeof(buf), &e), &e,
			FA_ERANGE, "region_cnt 129");
	f.region_cnt = 2;
	assert_fa_error(fa_opal_fdm_encode(&f, FA_BE, buf, 100, &e), &e,
			FA_ETRUNC, "need 3088 bytes, buffer has 100");
}

/* Two MDST entries: OPAL memory (SYSDUMP type) and a kernel region. */
static const char mdst_golden[] =
	"8000000030000000 03 f5 0000 01000000"
	"8000000000000000 80 00 0000 ffff0000";

static void test_mdst_golden(void **state)
{
	uint8_t buf[32], out[32];
	struct fa_mdst_entry m;
	struct fa_err e;

	(void)state;
	assert_int_equal(golden(mdst_golden, buf, sizeof(buf)), 32);
	assert_fa_ok(fa_opal_mdst_decode(buf, sizeof(buf), 0, &m, &e), &e);
	assert_true(m.addr == 0x8000000030000000ULL);
	assert_true(fa_opal_hrmor_strip(m.addr) == 0x30000000ULL);
	assert_int_equal(m.data_region, FA_DUMP_REGION_OPAL_MEMORY);
	assert_int_equal(m.dump_type, FA_DUMP_TYPE_SYSDUMP);
	assert_int_equal(m.size, 0x01000000);
	assert_fa_ok(fa_opal_mdst_encode(out, sizeof(out), 0, &m, &e), &e);

	assert_fa_ok(fa_opal_mdst_decode(buf, sizeof(buf), 1, &m, &e), &e);
	assert_true(fa_opal_hrmor_strip(m.addr) == 0);
	assert_int_equal(m.data_region, FA_DUMP_REGION_KERNEL);
	assert_int_equal(m.dump_type, FA_DUMP_TYPE_MPIPL);
	assert_int_equal(m.size, 0xffff0000);
	assert_fa_ok(fa_opal_mdst_encode(out, sizeof(out), 1, &m, &e), &e);
	assert_memory_equal(out, buf, sizeof(buf));
	assert_string_equal(fa_opal_dump_region_name(0x80), "KERNEL");
	assert_null(fa_opal_dump_region_name(0x40));
	assert_int_equal(FA_MDST_TABLE_SIZE / FA_MDST_ENTRY_SIZE, 64);

	assert_fa_error(fa_opal_mdst_decode(buf, sizeof(buf), 2, &m, &e), &e,
			FA_ETRUNC, "MDST entry 2: need 16 bytes at offset 32, only 32");
	assert_fa_error(fa_opal_mdst_decode(buf, 31, 1, &m, &e), &e, FA_ETRUNC,
			"MDST entry 1: need 16 bytes at offset 16, only 31");
	assert_fa_error(fa_opal_mdst_decode(buf, sizeof(buf), UINT32_MAX, &m, &e),
			&e, FA_ETRUNC, "MDST entry 4294967295");
	assert_fa_error(fa_opal_mdst_encode(out, 16, 1, &m, &e), &e, FA_ETRUNC,
			"MDST entry 1");
}

static const char mdrt_golden[] =
	"8000000030000000 8000000031000000 03 00 0000 01000000 0000000000000000";

static void test_mdrt_golden(void **state)
{
	uint8_t buf[32], out[32];
	struct fa_mdrt_entry r;
	struct fa_err e;

	(void)state;
	assert_int_equal(golden(mdrt_golden, buf, sizeof(buf)), 32);
	assert_fa_ok(fa_opal_mdrt_decode(buf, sizeof(buf), 0, &r, &e), &e);
	assert_true(fa_opal_hrmor_strip(r.src_addr) == 0x30000000ULL);
	assert_true(fa_opal_hrmor_strip(r.dest_addr) == 0x31000000ULL);
	assert_int_equal(r.data_region, FA_DUMP_REGION_OPAL_MEMORY);
	assert_int_equal(r.size, 0x01000000);
	assert_fa_ok(fa_opal_mdrt_encode(out, sizeof(out), 0, &r, &e), &e);
	assert_memory_equal(out, buf, sizeof(buf));
	assert_fa_error(fa_opal_mdrt_decode(buf, 31, 0, &r, &e), &e, FA_ETRUNC,
			"MDRT entry 0: need 32 bytes at offset 0, only 31");
	assert_fa_error(fa_opal_mdrt_decode(buf, sizeof(buf), 1, &r, &e), &e,
			FA_ETRUNC, "MDRT entry 1");
	assert_fa_error(fa_opal_mdrt_encode(out, 8, 0, &r, &e), &e, FA_ETRUNC,
			"MDRT entry 0");
}

static void test_constants(void **state)
{
	(void)state;
	assert_int_equal(FA_OPAL_MPIPL_UPDATE, 173);
	assert_int_equal(FA_OPAL_MPIPL_REGISTER_TAG, 174);
	assert_int_equal(FA_OPAL_MPIPL_QUERY_TAG, 175);
	assert_string_equal(fa_opal_rc_name(0), "OPAL_SUCCESS");
	assert_string_equal(fa_opal_rc_name(-1), "OPAL_PARAMETER");
	assert_string_equal(fa_opal_rc_name(-6), "OPAL_HARDWARE");
	assert_string_equal(fa_opal_rc_name(-7), "OPAL_UNSUPPORTED");
	assert_string_equal(fa_opal_rc_name(-10), "OPAL_RESOURCE");
	assert_null(fa_opal_rc_name(-2));
	assert_string_equal(fa_opal_op_name(0), "ADD_RANGE");
	assert_string_equal(fa_opal_op_name(3), "FREE_PRESERVED_MEMORY");
	assert_null(fa_opal_op_name(4));
	assert_string_equal(fa_opal_tag_name(2), "TAG_KERNEL");
	assert_string_equal(fa_opal_tag_name(3), "TAG_BOOT_MEM");
	assert_null(fa_opal_tag_name(4));
	assert_true(fa_opal_max_copy_size(65536) == 0xffff0000ULL);
	assert_true(fa_opal_max_copy_size(4096) == 0xfffff000ULL);
	assert_true(fa_opal_max_copy_size(0) == 0);
	assert_true(FA_OPAL_FADUMP_MIN_BOOT_MEM == 768ULL << 20);
	assert_int_equal(16 + 128 * FA_OPAL_REGION_SIZE, FA_OPAL_FDM_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mpipl_golden),
		cmocka_unit_test(test_mpipl_no_regions),
		cmocka_unit_test(test_mpipl_malformed),
		cmocka_unit_test(test_fdm_golden_be),
		cmocka_unit_test(test_fdm_golden_le),
		cmocka_unit_test(test_fdm_last_slot),
		cmocka_unit_test(test_fdm_malformed),
		cmocka_unit_test(test_mdst_golden),
		cmocka_unit_test(test_mdrt_golden),
		cmocka_unit_test(test_constants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
