// SPDX-License-Identifier: GPL-2.0-or-later
/* test_rtas.c - rtas_fadump_mem_struct and /rtas property codecs (§2). */
#include "fa_test.h"
#include "rtas.h"

/* Two sections (CPU state, one boot region), written from §2.2/§2.3. */
static const char golden2[] =
	"00000001 0002 0000 00000028 00000000"		/* header */
	"0000000000000000 0000000000000000 00000000 00000000"
	"00000001 0001 0000 0000000000000000"		/* rgn[0] CPU */
	"0000000000040020 0000000000000000 000000006ffb0000"
	"00000001 0011 0000 0000000000000000"		/* rgn[1] RMR */
	"0000000010000000 0000000000000000 0000000070000000";

static void make2(struct fa_rtas_fdm *f)
{
	memset(f, 0, sizeof(*f));
	f->dump_format_version = 1;
	f->dump_num_sections = 2;
	f->offset_first_dump_section = 40;
	f->rgn[0] = (struct fa_rtas_section){ 1, FA_RTAS_CPU_STATE_DATA, 0, 0,
					      0x40020, 0, 0x6ffb0000 };
	f->rgn[1] = (struct fa_rtas_section){ 1, FA_RTAS_REAL_MODE_REGION, 0, 0,
					      0x10000000, 0, 0x70000000 };
}

static void test_golden(void **state)
{
	uint8_t want[120], out[512];
	struct fa_rtas_fdm f, g;
	struct fa_err e;
	size_t n;

	(void)state;
	assert_int_equal(fa_test_hex(golden2, want, sizeof(want)), 120);
	make2(&f);
	assert_fa_ok(fa_rtas_fdm_encode(&f, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, FA_RTAS_FDM_LEN(2));
	assert_int_equal(n, 120);
	assert_memory_equal(out, want, 120);
	assert_fa_ok(fa_rtas_fdm_decode(want, 120, &g, &e), &e);
	assert_memory_equal(&f, &g, sizeof(f));
	assert_true(g.rgn[1].destination_address == 0x70000000);
	assert_int_equal(g.rgn[1].source_data_type, 0x11);
}

static void test_images(void **state)
{
	uint8_t out[440], want[120];
	struct fa_rtas_fdm f, g;
	struct fa_err e;
	size_t n;
	int i;

	(void)state;
	fa_test_hex(golden2, want, sizeof(want));
	make2(&f);
	assert_fa_ok(fa_rtas_fdm_encode_image(&f, FA_RTAS_IMAGE_CURRENT, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 440);
	assert_memory_equal(out, want, 120);
	for (i = 120; i < 440; i++)
		assert_int_equal(out[i], 0);
	assert_fa_ok(fa_rtas_fdm_decode(out, 440, &g, &e), &e);
	assert_memory_equal(&f, &g, sizeof(f));

	/* Old layout: three named sections, 160 bytes, hpte at 80, rmr at 120. */
	f.dump_num_sections = 3;
	f.rgn[2] = f.rgn[1];
	f.rgn[1] = (struct fa_rtas_section){ 1, FA_RTAS_HPTE_REGION, 0, 0,
					     0x1000, 0, 0x6fff0020 };
	assert_fa_ok(fa_rtas_fdm_encode_image(&f, FA_RTAS_IMAGE_OLD, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 160);
	assert_int_equal(fa_get16(out + 80 + 4, FA_BE), 0x0002);
	assert_int_equal(fa_get16(out + 120 + 4, FA_BE), 0x0011);
	assert_true(fa_get64(out + 120 + 32, FA_BE) == 0x70000000);
	assert_fa_ok(fa_rtas_fdm_decode(out, 160, &g, &e), &e);
	assert_memory_equal(&f, &g, sizeof(f));
	f.dump_num_sections = 4;
	assert_fa_error(fa_rtas_fdm_encode_image(&f, FA_RTAS_IMAGE_OLD, out, sizeof(out), &n, &e),
			&e, FA_EINVAL, "4 sections do not fit a layout of 3");
	assert_fa_error(fa_rtas_fdm_encode_image(&f, FA_RTAS_IMAGE_CURRENT, out, 439, &n, &e),
			&e, FA_ERANGE, "need 440 bytes");
}

static void test_full_round_trip(void **state)
{
	uint8_t out[440];
	struct fa_rtas_fdm f, g;
	struct fa_err e;
	size_t n;
	int i;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.dump_format_version = 1;
	f.dump_num_sections = 10;
	f.dump_status_flag = FA_RTAS_DUMP_PERFORMED | FA_RTAS_DUMP_TRIGGERED;
	f.offset_first_dump_section = 40;
	f.dd_block_size = 0x01020304;
	f.dd_block_offset = 0x1112131415161718ULL;
	f.dd_num_blocks = 0x2122232425262728ULL;
	f.dd_offset_disk_path = 0x31323334;
	f.max_time_auto = 0x41424344;
	for (i = 0; i < 10; i++)
		f.rgn[i] = (struct fa_rtas_section){ 1, (uint16_t)(0x11 + i),
			(uint16_t)(0x800 << (i % 5)), 0x100000ULL * (uint64_t)i,
			0xabcdef00ULL + (uint64_t)i, 0x1234ULL * (uint64_t)i,
			0xfedcba9876543210ULL - (uint64_t)i };
	assert_fa_ok(fa_rtas_fdm_encode(&f, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 440);
	assert_int_equal(out[6], 0xc0);		/* status flag, BE */
	assert_fa_ok(fa_rtas_fdm_decode(out, n, &g, &e), &e);
	assert_memory_equal(&f, &g, sizeof(f));
}

static void test_malformed(void **state)
{
	uint8_t b[440];
	struct fa_rtas_fdm f;
	struct fa_err e;
	size_t n;

	(void)state;
	fa_test_hex(golden2, b, sizeof(b));
	assert_fa_error(fa_rtas_fdm_decode(b, 39, &f, &e), &e, FA_ETRUNC,
			"RTAS fadump section header: need 40 bytes at offset 0, only 39");
	assert_fa_error(fa_rtas_fdm_decode(b, 119, &f, &e), &e, FA_ETRUNC,
			"RTAS fadump sections: need 120 bytes at offset 0, only 119");
	b[3] = 2;
	assert_fa_error(fa_rtas_fdm_decode(b, 120, &f, &e), &e, FA_EVERSION,
			"dump_format_version at offset 0x0 is 0x2, expected 0x1");
	b[3] = 1;
	b[11] = 0x30;
	assert_fa_error(fa_rtas_fdm_decode(b, 120, &f, &e), &e, FA_ECORRUPT,
			"offset_first_dump_section at offset 0x8 is 0x30, expected 0x28");
	b[11] = 0x28;
	b[5] = 11;
	assert_fa_error(fa_rtas_fdm_decode(b, 440, &f, &e), &e, FA_ERANGE,
			"dump_num_sections at offset 0x4 is 11, at most 10");
	b[4] = 0xff;
	b[5] = 0xff;
	assert_fa_error(fa_rtas_fdm_decode(b, 440, &f, &e), &e, FA_ERANGE,
			"is 65535, at most 10");
	/* The encoder refuses the same. */
	make2(&f);
	f.dump_num_sections = 11;
	assert_fa_error(fa_rtas_fdm_encode(&f, b, sizeof(b), &n, &e), &e, FA_EINVAL,
			"11 sections do not fit a layout of 10");
	f.dump_num_sections = 2;
	assert_fa_error(fa_rtas_fdm_encode(&f, b, 100, &n, &e), &e, FA_ERANGE,
			"need 120 bytes, buffer holds 100");
}

static void test_names(void **state)
{
	char s[128], tiny[8];

	(void)state;
	assert_string_equal(fa_rtas_section_type_name(1), "CPU_STATE_DATA");
	assert_string_equal(fa_rtas_section_type_name(2), "HPTE_REGION");
	assert_string_equal(fa_rtas_section_type_name(0x11), "REAL_MODE_REGION");
	assert_string_equal(fa_rtas_section_type_name(0x100), "PARAM_AREA");
	assert_string_equal(fa_rtas_section_type_name(7), "unknown");
	assert_string_equal(fa_rtas_rc_name(-9), "dump already registered");
	assert_string_equal(fa_rtas_rc_name(-3), "parameter error");
	assert_string_equal(fa_rtas_error_flags_str(0, s, sizeof(s)), "none");
	assert_string_equal(fa_rtas_error_flags_str(0x4000, s, sizeof(s)),
			    "invalid source address");
	assert_string_equal(fa_rtas_error_flags_str(0x8801, s, sizeof(s)),
			    "invalid data type|destination too small|0x1");
	assert_string_equal(fa_rtas_error_flags_str(0x3000, s, sizeof(s)),
			    "length exceeds source|invalid destination address");
	assert_string_equal(fa_rtas_dump_status_str(0xc000, s, sizeof(s)),
			    "dump performed|dump triggered");
	assert_string_equal(fa_rtas_dump_status_str(0x2000, s, sizeof(s)), "dump error");
	fa_rtas_error_flags_str(0xf801, tiny, sizeof(tiny));
	assert_int_equal(strlen(tiny), 7);	/* truncated, terminated */
	assert_int_equal(FA_RTAS_MIN_BOOT_MEM, 320ULL << 20);
}

static void test_dump_sizes(void **state)
{
	/* QEMU-style: CPU 0x40020, HPTE 0x1000; a 5-byte tail ignored. */
	static const char hex[] =
		"00000001 00000000 00040020"
		"00000002 00000000 00001000"
		"00000011 00000001 00000000"
		"00000001 00000000 00050020"	/* a later CPU entry wins */
		"aabbccdd ee";
	struct fa_rtas_dump_sizes s, t;
	uint8_t b[64], out[64];
	uint64_t cpu, hpte;
	struct fa_err e;
	size_t len, n;

	(void)state;
	len = fa_test_hex(hex, b, sizeof(b));
	assert_int_equal(len, 53);
	assert_fa_ok(fa_rtas_dump_sizes_decode(b, len, &s, &e), &e);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.trailing, 5);
	assert_true(s.ent[2].size == 0x100000000ULL);
	fa_rtas_dump_sizes_lookup(&s, &cpu, &hpte);
	assert_true(cpu == 0x50020);
	assert_true(hpte == 0x1000);
	assert_fa_ok(fa_rtas_dump_sizes_encode(&s, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 48);
	assert_memory_equal(out, b, 48);
	assert_fa_ok(fa_rtas_dump_sizes_decode(out, n, &t, &e), &e);
	assert_memory_equal(&s.ent, &t.ent, sizeof(s.ent));
	/* Malformed: too many triples; encoder short buffer; empty is fine. */
	assert_fa_error(fa_rtas_dump_sizes_decode(b, 12 * 33, &s, &e), &e, FA_ERANGE,
			"396 bytes hold 33 triples, at most 32");
	assert_fa_error(fa_rtas_dump_sizes_encode(&t, out, 47, &n, &e), &e, FA_ERANGE,
			"need 48 bytes");
	assert_fa_ok(fa_rtas_dump_sizes_decode(b, 11, &s, &e), &e);
	assert_int_equal(s.n, 0);
	fa_rtas_dump_sizes_lookup(&s, &cpu, &hpte);
	assert_true(cpu == 0 && hpte == 0);
}

static void test_reserved_ranges(void **state)
{
	static const char hex[] =
		"00000000 00000000 00000000 00010000"
		"0000001f fff00000 00000000 00000000"	/* size 0: kept raw */
		"00000000 30000000 00000000 00100000"
		"0102";
	struct fa_range r[4], back[3] = { { 0, 0x10000 }, { 0x1ffff00000ULL, 0 },
					   { 0x30000000, 0x100000 } };
	uint8_t b[64], out[64];
	size_t len, n, tail;
	struct fa_err e;

	(void)state;
	len = fa_test_hex(hex, b, sizeof(b));
	assert_fa_ok(fa_reserved_ranges_decode(b, len, r, 4, &n, &tail, &e), &e);
	assert_int_equal(n, 3);
	assert_int_equal(tail, 2);
	assert_memory_equal(r, back, sizeof(back));
	assert_fa_ok(fa_reserved_ranges_encode(back, 3, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 48);
	assert_memory_equal(out, b, 48);
	assert_fa_error(fa_reserved_ranges_decode(b, len, r, 2, &n, &tail, &e), &e,
			FA_ERANGE, "50 bytes hold 3 ranges, room for 2");
	assert_fa_error(fa_reserved_ranges_encode(back, 3, out, 47, &n, &e), &e,
			FA_ERANGE, "3 ranges need 16 bytes each, buffer holds 47");
	assert_fa_error(fa_reserved_ranges_encode(back, SIZE_MAX, out, 64, &n, &e), &e,
			FA_ERANGE, "buffer holds 64");
}

static void test_token(void **state)
{
	uint8_t b[8] = { 0x00, 0x00, 0x20, 0x2b, 0xff };
	uint32_t tok;
	struct fa_err e;
	size_t n;

	(void)state;
	assert_fa_ok(fa_rtas_token_decode(b, 4, &tok, &e), &e);
	assert_int_equal(tok, 0x202b);
	assert_fa_ok(fa_rtas_token_decode(b, 5, &tok, &e), &e);	/* extra ignored */
	assert_fa_error(fa_rtas_token_decode(b, 3, &tok, &e), &e, FA_ETRUNC,
			"token: need 4 bytes at offset 0, only 3");
	assert_fa_ok(fa_rtas_token_encode(0xdeadbeef, b, 4, &n, &e), &e);
	assert_int_equal(n, 4);
	assert_int_equal(b[0], 0xde);
	assert_int_equal(b[3], 0xef);
	assert_fa_error(fa_rtas_token_encode(1, b, 2, &n, &e), &e, FA_ERANGE, "need 4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_full_round_trip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dump_sizes),
		cmocka_unit_test(test_reserved_ranges),
		cmocka_unit_test(test_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
