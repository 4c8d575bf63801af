// SPDX-License-Identifier: GPL-2.0-or-later
/* test_ktext.c - kernel-printed text: %#llx, fadump_region, release_region. */
#include "fa_test.h"
#include "ktext.h"

static void test_k_hex(void **state)
{
	char b[FA_K_HEX_LEN];

	(void)state;
	assert_string_equal(fa_k_hex(b, 0), "0x0");
	assert_string_equal(fa_k_hex(b, 0x40020), "0x40020");
	assert_string_equal(fa_k_hex(b, UINT64_MAX), "0xffffffffffffffff");
	assert_string_equal(fa_k_hex016(b, 0), "0x00000000000000");
	assert_string_equal(fa_k_hex016(b, 0x6ffb0000), "0x0000006ffb0000");
	assert_string_equal(fa_k_hex016(b, 0xc000000000000000ULL),
			    "0xc000000000000000");
	assert_string_equal(fa_k_hex016(b, 0x123456789abcdefULL),
			    "0x123456789abcdef");
}

static void test_kprintf(void **state)
{
	struct fa_text t;

	(void)state;
	fa_text_init(&t);
	assert_int_equal(fa_kprintf(&t, "%#llx|%#016llx|%#x|", 0ULL, 0ULL, 0), 0);
	assert_int_equal(fa_kprintf(&t, "%d|%5d|%-4s|%08x|%#010lx|%u|%%|%c\n",
				    -12, 7, "ab", 0xbeefu, 0x1fUL, 4000000000u,
				    'z'), 0);
	assert_int_equal(fa_kprintf(&t, "%ld\n", -9000000000L), 0);
	assert_string_equal(t.buf, "0x0|0x00000000000000|0x0|-12|    7|ab  |"
			    "0000beef|0x0000001f|4000000000|%|z\n-9000000000\n");
	/* Unsupported conversions fail and the failure sticks. */
	assert_int_equal(fa_kprintf(&t, "%f", 1.0), FA_EINVAL);
	assert_int_equal(fa_kprintf(&t, "x"), FA_EINVAL);
	fa_text_free(&t);
	assert_null(t.buf);
}

static void set_sect(struct fa_region_sect *r, uint16_t type, uint64_t src,
		     uint64_t dest, uint64_t size, uint64_t dumped)
{
	r->type = type;
	r->src = src;
	r->dest = dest;
	r->size = size;
	r->dumped = dumped;
	r->param = NULL;
}

static void assert_show_equal(const struct fa_region_show *a,
			      const struct fa_region_show *b)
{
	unsigned int i;

	assert_int_equal(a->form, b->form);
	assert_int_equal(a->dump_active, b->dump_active);
	assert_true(a->memory_above == b->memory_above);
	assert_int_equal(a->nr, b->nr);
	for (i = 0; i < a->nr; i++) {
		assert_int_equal(a->sect[i].type, b->sect[i].type);
		assert_true(a->sect[i].src == b->sect[i].src);
		assert_true(a->sect[i].dest == b->sect[i].dest);
		assert_true(a->sect[i].size == b->sect[i].size);
		assert_true(a->sect[i].dumped == b->sect[i].dumped);
		if (a->sect[i].param || b->sect[i].param)
			assert_string_equal(a->sect[i].param, b->sect[i].param);
	}
}

/* render must give @want exactly, and parse(render(x)) must be x. */
static void check_render_parse(const struct fa_region_show *s, const char *want)
{
	struct fa_region_show *back = calloc(1, sizeof(*back));
	struct fa_text t;
	struct fa_err e;

	assert_non_null(back);
	fa_text_init(&t);
	assert_fa_ok(fa_region_render(s, &t, &e), &e);
	assert_string_equal(t.buf ? t.buf : "", want);
	assert_fa_ok(fa_region_parse(t.buf, t.len, s->form, back, &e), &e);
	assert_show_equal(s, back);
	fa_region_show_free(back);
	free(back);
	fa_text_free(&t);
}

static struct fa_region_show *doc_example(void)
{
	struct fa_region_show *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->form = FA_REGION_PSERIES;
	s->nr = 3;
	set_sect(&s->sect[0], FA_RGN_CPU, 0, 0x6ffb0000, 0x40020, 0);
	set_sect(&s->sect[1], FA_RGN_HPTE, 0, 0x6fff0020, 0x1000, 0);
	set_sect(&s->sect[2], FA_RGN_RMR, 0, 0x70000000, 0x10000000, 0);
	return s;
}

/* §2.9's example, byte for byte. */
static void test_region_pseries_doc_example(void **state)
{
	struct fa_region_show *s = doc_example(), *back;
	static const char want[] =
"CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x0\n"
"HPTE:[0x0000006fff0020-0x0000006fff101f] 0x1000 bytes, Dumped: 0x0\n"
"DUMP: Src: 0x00000000000000, Dest: 0x00000070000000, Size: 0x10000000, Dumped: 0x0 bytes\n";
	struct fa_err e;

	(void)state;
	check_render_parse(s, want);
	/* Detection says pseries. */
	back = calloc(1, sizeof(*back));
	assert_fa_ok(fa_region_parse(want, strlen(want), FA_REGION_NONE, back,
				     &e), &e);
	assert_int_equal(back->form, FA_REGION_PSERIES);
	assert_string_equal(fa_region_form_name(back->form), "pseries");
	/* The same text is the v5.5..v5.18 form too. */
	s->form = FA_REGION_PSERIES_V55;
	check_render_parse(s, want);
	free(back);
	free(s);
}

static void test_region_pseries_current_full(void **state)
{
	struct fa_region_show *s = doc_example();
	static const char want[] =
"CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x40020\n"
"HPTE:[0x0000006fff0020-0x0000006fff101f] 0x1000 bytes, Dumped: 0x1000\n"
"DUMP: Src: 0x00000000000000, Dest: 0x00000070000000, Size: 0x10000000, Dumped: 0x10000000 bytes\n"
"Unknown region type 5 : Src: 0x00000000001000, Dest: 0x00000080000000, "
"DUMP: Src: 0x00000010000000, Dest: 0x00000080010000, Size: 0x20000, Dumped: 0x20000 bytes\n"
"\n[0x00000090000000-0x000000900007ff]: cmdline append: 'quiet it's ok'\n"
"Unknown region type 4660 : Src: 0x00000000000000, Dest: 0x00000000000000, "
"\nMemory above 0x000000a0000000 is reserved for saving crash dump\n";

	(void)state;
	s->dump_active = 1;
	s->memory_above = 0xa0000000;
	s->sect[0].dumped = 0x40020;
	s->sect[1].dumped = 0x1000;
	s->sect[2].dumped = 0x10000000;
	set_sect(&s->sect[3], 5, 0x1000, 0x80000000, 0, 0);
	set_sect(&s->sect[4], FA_RGN_RMR, 0x10000000, 0x80010000, 0x20000,
		 0x20000);
	set_sect(&s->sect[5], FA_RGN_PARAM, 0, 0x90000000, 0x800, 0);
	s->sect[5].param = strdup("quiet it's ok");
	set_sect(&s->sect[6], 0x1234, 0, 0, 0, 0);
	s->nr = 7;
	check_render_parse(s, want);
	fa_region_show_free(s);
	free(s);
}

static void test_region_v55_rejects_param(void **state)
{
	struct fa_region_show *s = doc_example();
	struct fa_text t;
	struct fa_err e;

	(void)state;
	s->form = FA_REGION_PSERIES_V55;
	s->dump_active = 1;
	s->memory_above = 0x6ffb0000;	/* reserve_dump_area_start then */
	check_render_parse(s,
"CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x0\n"
"HPTE:[0x0000006fff0020-0x0000006fff101f] 0x1000 bytes, Dumped: 0x0\n"
"DUMP: Src: 0x00000000000000, Dest: 0x00000070000000, Size: 0x10000000, Dumped: 0x0 bytes\n"
"\nMemory above 0x0000006ffb0000 is reserved for saving crash dump\n");
	set_sect(&s->sect[3], FA_RGN_PARAM, 0, 0x90000000, 0x800, 0);
	s->nr = 4;
	fa_text_init(&t);
	assert_fa_error(fa_region_render(s, &t, &e), &e, FA_EINVAL,
			"expected exactly CPU, HPTE and DUMP sections, got 4");
	fa_text_free(&t);
	free(s);
}

/* Pre-v5.5: destination ranges everywhere and the "    :" line. */
static void test_region_old(void **state)
{
	struct fa_region_show *s = doc_example(), *back;
	static const char want[] =
"CPU : [0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x40020\n"
"HPTE: [0x0000006fff0020-0x0000006fff101f] 0x1000 bytes, Dumped: 0x1000\n"
"DUMP: [0x00000070000000-0x0000007fffffff] 0x10000000 bytes, Dumped: 0x10000000\n"
"    : [0x0000006f000000-0x0000006ffaffff] 0xfb0000 bytes, Dumped: 0xfb0000\n";
	struct fa_text t;
	struct fa_err e;

	(void)state;
	s->form = FA_REGION_PSERIES_OLD;
	s->dump_active = 1;
	s->memory_above = 0x6f000000;
	s->sect[0].dumped = 0x40020;
	s->sect[1].dumped = 0x1000;
	s->sect[2].dumped = 0x10000000;
	check_render_parse(s, want);
	back = calloc(1, sizeof(*back));
	assert_fa_ok(fa_region_parse(want, strlen(want), FA_REGION_NONE, back,
				     &e), &e);
	assert_int_equal(back->form, FA_REGION_PSERIES_OLD);
	/*
	 * Active with the reserve starting at the CPU area: no extra line,
	 * so the text reads back as "not active" (the text holds no more).
	 */
	s->memory_above = 0x6ffb0000;
	fa_text_init(&t);
	assert_fa_ok(fa_region_render(s, &t, &e), &e);
	assert_int_equal(t.len, strlen(want) - 75);
	assert_memory_equal(t.buf, want, t.len);
	fa_text_free(&t);
	s->dump_active = 0;
	s->memory_above = 0;
	check_render_parse(s,
"CPU : [0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x40020\n"
"HPTE: [0x0000006fff0020-0x0000006fff101f] 0x1000 bytes, Dumped: 0x1000\n"
"DUMP: [0x00000070000000-0x0000007fffffff] 0x10000000 bytes, Dumped: 0x10000000\n");
	free(back);
	free(s);
}

/* §4.8: "Dumped" is not reset past the registered regions. */
static void test_region_opal(void **state)
{
	struct fa_region_show *s = calloc(1, sizeof(*s)), *back;
	static const char want[] =
"DUMP: Src: 0x00000000000000, Dest: 0x00000070000000, Size: 0x30000000, Dumped: 0x30000000 bytes\n"
"DUMP: Src: 0x00000040000000, Dest: 0x000000a0000000, Size: 0x1000000, Dumped: 0x1000000 bytes\n"
"DUMP: Src: 0x00000050000000, Dest: 0x000000a1000000, Size: 0x2000, Dumped: 0x1000000 bytes\n"
"\nMemory above 0x00000100000000 is reserved for saving crash dump\n";
	struct fa_text t;
	struct fa_err e;

	(void)state;
	s->form = FA_REGION_OPAL;
	s->dump_active = 1;
	s->memory_above = 0x100000000ULL;
	s->nr = 3;
	set_sect(&s->sect[0], FA_RGN_RMR, 0, 0x70000000, 0x30000000, 99);
	set_sect(&s->sect[1], FA_RGN_RMR, 0x40000000, 0xa0000000, 0x1000000, 99);
	set_sect(&s->sect[2], FA_RGN_RMR, 0x50000000, 0xa1000000, 0x2000, 99);
	fa_region_opal_fill_dumped(s, 2);
	assert_true(s->sect[2].dumped == 0x1000000);
	check_render_parse(s, want);
	back = calloc(1, sizeof(*back));
	assert_fa_ok(fa_region_parse(want, strlen(want), FA_REGION_NONE, back,
				     &e), &e);
	assert_int_equal(back->form, FA_REGION_OPAL);
	/* Registered only: every Dumped is 0 and no "Memory above". */
	s->dump_active = 0;
	s->memory_above = 0;
	fa_region_opal_fill_dumped(s, 3);
	assert_true(s->sect[0].dumped == 0 && s->sect[2].dumped == 0);
	set_sect(&s->sect[1], FA_RGN_CPU, 0, 0, 0, 0);
	fa_text_init(&t);
	assert_fa_error(fa_region_render(s, &t, &e), &e,
			FA_EINVAL, "OPAL has only memory regions");
	fa_text_free(&t);
	free(back);
	free(s);
}

static void test_region_empty(void **state)
{
	struct fa_region_show *s = calloc(1, sizeof(*s));
	struct fa_err e;

	(void)state;
	check_render_parse(s, "");
	assert_fa_error(fa_region_parse("", 0, FA_REGION_OPAL, s, &e), &e,
			FA_ECORRUPT, "found an empty file");
	free(s);
}

static void parse_fails(const char *text, enum fa_region_form expect,
			const char *msg)
{
	struct fa_region_show *s = calloc(1, sizeof(*s));
	struct fa_err e;

	assert_fa_error(fa_region_parse(text, strlen(text), expect, s, &e), &e,
			FA_ECORRUPT, msg);
	free(s);
}

static void test_region_parse_malformed(void **state)
{
	(void)state;
	/* Garbage on line 2. */
	parse_fails("CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x0\n"
		    "hello\n", FA_REGION_NONE,
		    "line 2: expected a fadump_region line");
	/* Truncated inside a line. */
	parse_fails("CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dum",
		    FA_REGION_NONE, "line 1: expected  bytes, Dumped: ");
	/* A range that does not match its size. */
	parse_fails("CPU :[0x0000006ffb0000-0x0000006fff0020] 0x40020 bytes, Dumped: 0x0\n",
		    FA_REGION_NONE, "line 1: not what the kernel prints");
	/* glibc-style %#016llx (16 digits) is not the kernel's. */
	parse_fails("DUMP: Src: 0x0000000000000000, Dest: 0x00000070000000, Size: 0x1, Dumped: 0x0 bytes\n",
		    FA_REGION_NONE, "line 1: not what the kernel prints");
	/* A number that overflows 64 bits. */
	parse_fails("DUMP: Src: 0x10000000000000000, Dest: 0x0, Size: 0x1, Dumped: 0x0 bytes\n",
		    FA_REGION_NONE, "a lower-case 64-bit hex number");
	/* Mixed eras. */
	parse_fails("CPU : [0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x0\n"
		    "HPTE:[0x0000006fff0020-0x0000006fff101f] 0x1000 bytes, Dumped: 0x0\n",
		    FA_REGION_NONE, "mixed");
	/* Wrong form for the caller. */
	parse_fails("CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x0\n",
		    FA_REGION_OPAL, "expected fadump_region in the opal form, found the pseries form");
	/* Something after the "Memory above" line, on line 3. */
	parse_fails("DUMP: Src: 0x00000000000000, Dest: 0x00000070000000, Size: 0x1, Dumped: 0x0 bytes\n"
		    "\nMemory above 0x00000070000000 is reserved for saving crash dump\nx",
		    FA_REGION_NONE, "line 4: expected the end of the file");
	/* An unterminated cmdline string. */
	parse_fails("\n[0x00000090000000-0x000000900007ff]: cmdline append: 'abc",
		    FA_REGION_NONE, "line 2: expected a quoted string");
	/* v5.5 form with a section it never printed. */
	parse_fails("CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x0\n",
		    FA_REGION_PSERIES_V55, "expected exactly CPU, HPTE and DUMP");
}

static void test_phyp_release_region(void **state)
{
	struct fa_phyp_release_region r = {
		.cpu_addr = 0x10000000, .cpu_len = 0x8000,
		.hpte_addr = 0x10008000, .hpte_len = 0,
		.kernel_addr = 0x20000000, .kernel_len = 0x10000000,
		.reserve_start = 0x10000000, .second_addr_range = 0x1f000000,
	}, back;
	static const char want[] =
		"CPU:0x10000000-0x8000: HPTE:0x10008000-0x0: "
		"DUMP:0x20000000-0x10000000, 0x10000000-0x1f000000:\n";
	struct fa_text t;
	struct fa_err e;

	(void)state;
	fa_text_init(&t);
	assert_fa_ok(fa_phyp_release_region_render(&r, &t, &e), &e);
	assert_string_equal(t.buf, want);
	assert_fa_ok(fa_phyp_release_region_parse(t.buf, t.len, &back, &e), &e);
	assert_memory_equal(&r, &back, sizeof(r));
	fa_text_free(&t);

	assert_fa_error(fa_phyp_release_region_parse(want, 20, &back, &e), &e,
			FA_ECORRUPT, "line 1: expected : HPTE:, found \"\"");
	assert_fa_error(fa_phyp_release_region_parse("CPU:0x010000000-0x8000: HPTE:0x0-0x0: DUMP:0x0-0x0, 0x0-0x0:\n",
			61, &back, &e), &e, FA_ECORRUPT, "leading zeros");
	assert_fa_error(fa_phyp_release_region_parse("CPU:0x1-0x1: HPTE:0x0-0x0: DUMP:0x0-0x0, 0x0-0x0:\nextra",
			54, &back, &e), &e, FA_ECORRUPT, "line 2: expected the end");
	assert_fa_error(fa_phyp_release_region_parse("FOO", 3, &back, &e), &e,
			FA_ECORRUPT, "expected CPU:");
}

static void test_phyp_release_region_write(void **state)
{
	uint64_t a, l;

	(void)state;
	assert_int_equal(fa_phyp_release_region_parse_write("0x40000000 0x10000000\n", &a, &l), 0);
	assert_true(a == 0x40000000 && l == 0x10000000);
	assert_int_equal(fa_phyp_release_region_parse_write("  40000000\t1000 junk", &a, &l), 0);
	assert_true(a == 0x40000000 && l == 0x1000);
	assert_int_equal(fa_phyp_release_region_parse_write("0x40000000", &a, &l), FA_EINVAL);
	assert_int_equal(fa_phyp_release_region_parse_write("", &a, &l), FA_EINVAL);
	assert_int_equal(fa_phyp_release_region_parse_write("-1 2", &a, &l), FA_EINVAL);
	assert_int_equal(fa_phyp_release_region_parse_write("zz 2", &a, &l), FA_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_k_hex),
		cmocka_unit_test(test_kprintf),
		cmocka_unit_test(test_region_pseries_doc_example),
		cmocka_unit_test(test_region_pseries_current_full),
		cmocka_unit_test(test_region_v55_rejects_param),
		cmocka_unit_test(test_region_old),
		cmocka_unit_test(test_region_opal),
		cmocka_unit_test(test_region_empty),
		cmocka_unit_test(test_region_parse_malformed),
		cmocka_unit_test(test_phyp_release_region),
		cmocka_unit_test(test_phyp_release_region_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
