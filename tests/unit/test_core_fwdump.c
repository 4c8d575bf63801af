// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_crashext_fwdump.c - fadump.so's struct fw_dump decoder: a layout
 * as crash's MEMBER_OFFSET/fill_struct_member_data report it, golden bytes
 * in both byte orders (bitfields numbered as gdb numbers them), malformed
 * layouts, and the printed text.
 */
#include "fa_test.h"
#include "fwdump.h"

/*
 * A small fw_dump-like layout (offsets chosen for the test, as a kernel's
 * DWARF would give them):
 *   0  reserve_dump_area_start  u64
 *   8  boot_mem_regs_cnt        u64
 *  16  boot_mem_addr[4]         u64
 *  48  boot_mem_sz[4]           u64
 *  80  cpu_state_data_version   u32
 *  84  ibm_configure_kernel_dump int
 *  88  unsigned long bitfields: fadump_enabled (bit 0 of the unit),
 *      dump_active (bit 2), dump_registered (bit 3)
 *  96  ops                      pointer
 * 104  (end)
 */
static void layout(struct fa_fwd_layout *l)
{
	fa_fwd_layout_init(l);
	l->struct_size = 104;
	l->m[FA_FWD_RESERVE_DUMP_AREA_START] = (struct fa_fwd_member){ 0, 8, -1, 0 };
	l->m[FA_FWD_BOOT_MEM_REGS_CNT] = (struct fa_fwd_member){ 8, 8, -1, 0 };
	l->m[FA_FWD_BOOT_MEM_ADDR] = (struct fa_fwd_member){ 16, 32, -1, 0 };
	l->m[FA_FWD_BOOT_MEM_SZ] = (struct fa_fwd_member){ 48, 32, -1, 0 };
	l->m[FA_FWD_CPU_STATE_DATA_VERSION] = (struct fa_fwd_member){ 80, 4, -1, 0 };
	l->m[FA_FWD_IBM_CONFIGURE_KERNEL_DUMP] = (struct fa_fwd_member){ 84, 4, -1, 0 };
	l->m[FA_FWD_FADUMP_ENABLED] = (struct fa_fwd_member){ 88, 8, 88 * 8 + 0, 1 };
	l->m[FA_FWD_DUMP_ACTIVE] = (struct fa_fwd_member){ 88, 8, 88 * 8 + 2, 1 };
	l->m[FA_FWD_DUMP_REGISTERED] = (struct fa_fwd_member){ 88, 8, 88 * 8 + 3, 1 };
	l->m[FA_FWD_OPS] = (struct fa_fwd_member){ 96, 8, -1, 0 };
}

/* Little-endian bytes, written out by hand from the layout above. */
static const char *golden_le =
	"00 00 00 10 00 00 00 00"	/* reserve_dump_area_start 0x10000000 */
	"02 00 00 00 00 00 00 00"	/* boot_mem_regs_cnt 2 */
	"00 00 00 00 00 00 00 00 00 00 00 20 00 00 00 00"	/* addr 0, 0x20000000 */
	"ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee"	/* unused slots */
	"00 00 00 08 00 00 00 00 00 00 00 04 00 00 00 00"	/* sz 0x8000000, 0x4000000 */
	"ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee"
	"01 00 00 00"			/* cpu_state_data_version 1 */
	"2b 00 00 00"			/* ibm_configure_kernel_dump 43 */
	"09 00 00 00 00 00 00 00"	/* bits 0 and 3: enabled, registered */
	"58 3e 01 00 00 00 00 c0";	/* ops 0xc000000000013e58 */

/* The same in big-endian: bit 0 of a unit is the MSB of its first byte. */
static const char *golden_be =
	"00 00 00 00 10 00 00 00"
	"00 00 00 00 00 00 00 02"
	"00 00 00 00 00 00 00 00 00 00 00 00 20 00 00 00"
	"ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee"
	"00 00 00 00 08 00 00 00 00 00 00 00 04 00 00 00"
	"ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee"
	"00 00 00 01"
	"00 00 00 2b"
	"90 00 00 00 00 00 00 00"	/* 1001 0000: enabled, registered */
	"c0 00 00 00 00 01 3e 58";

static void check_golden(struct fa_fwdump *d)
{
	assert_true(d->present[FA_FWD_RESERVE_DUMP_AREA_START]);
	assert_int_equal(d->v[FA_FWD_RESERVE_DUMP_AREA_START], 0x10000000);
	assert_int_equal(d->v[FA_FWD_BOOT_MEM_REGS_CNT], 2);
	assert_int_equal(d->nr_boot_mem, 2);
	assert_int_equal(d->boot_mem_addr[0], 0);
	assert_int_equal(d->boot_mem_addr[1], 0x20000000);
	assert_int_equal(d->boot_mem_sz[0], 0x8000000);
	assert_int_equal(d->boot_mem_sz[1], 0x4000000);
	assert_int_equal(d->v[FA_FWD_CPU_STATE_DATA_VERSION], 1);
	assert_int_equal(d->v[FA_FWD_IBM_CONFIGURE_KERNEL_DUMP], 43);
	assert_int_equal(d->v[FA_FWD_FADUMP_ENABLED], 1);
	assert_int_equal(d->v[FA_FWD_DUMP_ACTIVE], 0);
	assert_int_equal(d->v[FA_FWD_DUMP_REGISTERED], 1);
	assert_true(d->present[FA_FWD_DUMP_ACTIVE]);
	assert_false(d->present[FA_FWD_NOCMA]);
	assert_false(d->present[FA_FWD_BOOT_MEM_TOP]);
	assert_int_equal(d->v[FA_FWD_OPS], 0xc000000000013e58ULL);
}

/* Decode the 104-byte golden fw_dump @hex in byte order @bo and check it. */
static void decode_golden(const char *hex, int bo)
{
	struct fa_fwd_layout l;
	struct fa_fwdump d;
	struct fa_err e = { 0 };
	uint8_t buf[128];

	layout(&l);
	assert_int_equal(fa_test_hex(hex, buf, sizeof(buf)), 104);
	assert_fa_ok(fa_fwdump_decode(buf, 104, bo, &l, &d, &e), &e);
	check_golden(&d);
}

static void test_golden_le(void **state)
{
	(void)state;
	decode_golden(golden_le, FA_LE);
}

static void test_golden_be(void **state)
{
	(void)state;
	decode_golden(golden_be, FA_BE);
}

static void test_bitfield(void **state)
{
	/* A 3-bit field across a byte boundary: bits 6..8. */
	const uint8_t le[2] = { 0xc0, 0x01 };	/* LE: bits 6,7 of b0, bit 0 of b1 */
	const uint8_t be[2] = { 0x03, 0x80 };	/* BE: bits 6,7 of b0 (from MSB), MSB of b1 */
	struct fa_err e = { 0 };
	uint64_t v = 0;

	(void)state;
	assert_fa_ok(fa_fwd_bitfield(le, 2, FA_LE, 6, 3, &v, &e), &e);
	assert_int_equal(v, 7);
	assert_fa_ok(fa_fwd_bitfield(be, 2, FA_BE, 6, 3, &v, &e), &e);
	assert_int_equal(v, 7);
	assert_fa_ok(fa_fwd_bitfield(be, 2, FA_BE, 8, 1, &v, &e), &e);
	assert_int_equal(v, 1);
	assert_fa_ok(fa_fwd_bitfield(le, 2, FA_LE, 0, 6, &v, &e), &e);
	assert_int_equal(v, 0);
	assert_fa_error(fa_fwd_bitfield(le, 2, FA_LE, 12, 8, &v, &e), &e,
			FA_ETRUNC, "bitfield: need 2 bytes at offset 0x1, only 1 available");
	assert_fa_error(fa_fwd_bitfield(le, 2, FA_LE, 0, 65, &v, &e), &e,
			FA_ERANGE, "1..64 bits");
}

/* The default layout and the little-endian golden fw_dump in @buf. */
static void golden_le_buf(struct fa_fwd_layout *l, uint8_t *buf, size_t len)
{
	layout(l);
	assert_int_equal(fa_test_hex(golden_le, buf, len), 104);
}

static void test_truncated(void **state)
{
	struct fa_fwd_layout l;
	struct fa_fwdump d;
	struct fa_err e = { 0 };
	uint8_t buf[128];

	(void)state;
	golden_le_buf(&l, buf, sizeof(buf));
	/* The buffer ends before ops. */
	assert_fa_error(fa_fwdump_decode(buf, 100, FA_LE, &l, &d, &e), &e,
			FA_ETRUNC, "fw_dump: ops: need 8 bytes at offset 0x60, only 4 available");
	/* A member placed past the struct by a bad layout. */
	l.m[FA_FWD_NOCMA] = (struct fa_fwd_member){ 88, 8, 200 * 8, 1 };
	assert_fa_error(fa_fwdump_decode(buf, 104, FA_LE, &l, &d, &e), &e,
			FA_ETRUNC, "fw_dump: nocma: bitfield: need 1 bytes at offset 0xc8");
}

static void test_bad_member_size(void **state)
{
	struct fa_fwd_layout l;
	struct fa_fwdump d;
	struct fa_err e = { 0 };
	uint8_t buf[128];

	(void)state;
	golden_le_buf(&l, buf, sizeof(buf));
	l.m[FA_FWD_CPU_STATE_DATA_VERSION].size = 3;
	assert_fa_error(fa_fwdump_decode(buf, 104, FA_LE, &l, &d, &e), &e,
			FA_ECORRUPT,
			"fw_dump.cpu_state_data_version: expected a member of 1, 2, 4 or 8 bytes, found 3");
}

static void test_array_too_small(void **state)
{
	struct fa_fwd_layout l;
	struct fa_fwdump d;
	struct fa_err e = { 0 };
	uint8_t buf[128];

	(void)state;
	golden_le_buf(&l, buf, sizeof(buf));
	/* The count says 2 but the sz array has one slot. */
	l.m[FA_FWD_BOOT_MEM_SZ].size = 8;
	l.m[FA_FWD_BOOT_MEM_ADDR].size = 32;
	assert_fa_ok(fa_fwdump_decode(buf, 104, FA_LE, &l, &d, &e), &e);
	assert_int_equal(d.nr_boot_mem, 1);	/* capped to the smaller array */
	/* Count beyond both arrays: capped too; arrays past the buffer fail. */
	layout(&l);
	buf[8] = 0xff;
	assert_fa_ok(fa_fwdump_decode(buf, 104, FA_LE, &l, &d, &e), &e);
	assert_int_equal(d.nr_boot_mem, 4);
	l.m[FA_FWD_BOOT_MEM_SZ].offset = 90;
	assert_fa_error(fa_fwdump_decode(buf, 104, FA_LE, &l, &d, &e), &e,
			FA_ETRUNC, "fw_dump: boot_mem_sz: need 32 bytes at offset 0x5a, only 14 available");
}

static void test_era_and_names(void **state)
{
	struct fa_fwdump d = { 0 };

	(void)state;
	assert_string_equal(fa_fwdump_era(&d), "before v5.5");
	d.present[FA_FWD_BOOT_MEM_TOP] = 1;
	assert_string_equal(fa_fwdump_era(&d), "v5.5-v6.9");
	d.present[FA_FWD_ELFCOREHDR_ADDR] = 1;
	assert_string_equal(fa_fwdump_era(&d), "v6.10+");
	assert_string_equal(fa_fwd_name(FA_FWD_FADUMPHDR_ADDR), "fadumphdr_addr");
	assert_string_equal(fa_fwd_name(FA_FWD_BOOT_MEM_TOP), "boot_mem_top");
	assert_null(fa_fwd_name(FA_FWD_NR));
	assert_true(fa_fwd_is_bitfield(FA_FWD_NOCMA));
	assert_false(fa_fwd_is_bitfield(FA_FWD_OPS));
}

static char *print(const struct fa_fwdump *d, const struct fa_fwd_layout *l,
		   unsigned int flags)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	fa_fwdump_print(f, d, l, flags);
	fclose(f);
	return text;
}

static void test_print(void **state)
{
	struct fa_fwd_layout l;
	struct fa_fwdump d;
	struct fa_err e = { 0 };
	uint8_t buf[128];
	char *t;

	(void)state;
	golden_le_buf(&l, buf, sizeof(buf));
	assert_fa_ok(fa_fwdump_decode(buf, 104, FA_LE, &l, &d, &e), &e);
	t = print(&d, &l, 0);
	assert_string_equal(t,
		"  reserve_dump_area_start     0x10000000\n"
		"  cpu_state_data_version      1\n"
		"  boot_mem_regs_cnt           2\n"
		"    boot memory region 0      0x0-0x7ffffff (0x8000000 bytes)\n"
		"    boot memory region 1      0x20000000-0x23ffffff (0x4000000 bytes)\n"
		"  ibm_configure_kernel_dump   43\n"
		"  fadump_enabled              1\n"
		"  dump_active                 0\n"
		"  dump_registered             1\n"
		"  ops                         0xc000000000013e58\n");
	free(t);
	t = print(&d, &l, FA_FWD_VERBOSE);
	assert_non_null(strstr(t, "  fadump_enabled              1   [bit 704]\n"));
	assert_non_null(strstr(t, "  ops                         0xc000000000013e58   [+96, 8 bytes]\n"));
	assert_non_null(strstr(t, "members this kernel's fw_dump lacks: reserve_dump_area_size"));
	assert_non_null(strstr(t, " boot_mem_top "));
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_le),
		cmocka_unit_test(test_golden_be),
		cmocka_unit_test(test_bitfield),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_member_size),
		cmocka_unit_test(test_array_too_small),
		cmocka_unit_test(test_era_and_names),
		cmocka_unit_test(test_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
