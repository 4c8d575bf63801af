// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_core_regionview.c - the fadump_region view of the RTAS and OPAL
 * registration structs (core/regionview.c), the one builder the kernel
 * model, fadump-analyze regions and crash's fadump-region share.
 */
#include <stdlib.h>
#include <string.h>

#include "fa_test.h"
#include "ktext.h"
#include "regionview.h"
#include "test_rtas_sample.h"

static void test_view_rtas(void **state)
{
	struct fa_rtas_fdm fdm;
	static struct fa_region_show s;
	struct fa_text t;
	struct fa_err e = { 0 };

	(void)state;
	sample_fdm(&fdm);
	assert_fa_ok(fa_region_view_rtas(&fdm, FA_REGION_PSERIES, 0, 0x10000000,
					    NULL, &s, &e), &e);
	fa_text_init(&t);
	assert_fa_ok(fa_region_render(&s, &t, &e), &e);
	assert_string_equal(t.buf,
		"CPU :[0x0000006ffb0000-0x0000006fff001f] 0x40020 bytes, Dumped: 0x0\n"
		"HPTE:[0x0000006fff0020-0x0000006fff101f] 0x1000 bytes, Dumped: 0x0\n"
		"DUMP: Src: 0x00000000000000, Dest: 0x00000070000000, Size: 0x10000000, Dumped: 0x0 bytes\n");
	fa_text_free(&t);
	fa_region_show_free(&s);

	/* A PARAM_AREA section carries the string read at its destination. */
	fdm.dump_num_sections = 4;
	fdm.rgn[3] = (struct fa_rtas_section){ 1, 0x0100, 0, 0x7ff0000, 2048, 0, 0x7ff0000 };
	assert_fa_ok(fa_region_view_rtas(&fdm, FA_REGION_PSERIES, 1, 0x10000000,
					    "nr_cpus=1", &s, &e), &e);
	assert_string_equal(s.sect[3].param, "nr_cpus=1");
	fa_text_init(&t);
	assert_fa_ok(fa_region_render(&s, &t, &e), &e);
	assert_non_null(strstr(t.buf,
		"\n[0x00000007ff0000-0x00000007ff07ff]: cmdline append: 'nr_cpus=1'\n"));
	assert_non_null(strstr(t.buf,
		"\nMemory above 0x00000010000000 is reserved for saving crash dump\n"));
	fa_text_free(&t);
	fa_region_show_free(&s);
}

static void test_view_opal(void **state)
{
	static struct fa_opal_fdm fdm;
	static struct fa_region_show s;

	(void)state;
	memset(&fdm, 0, sizeof(fdm));
	fdm.version = 1;
	fdm.region_cnt = 2;
	fdm.registered_regions = 2;
	fdm.rgn[0] = (struct fa_opal_region){ 0, 0x30000000, 0x10000000 };
	fdm.rgn[1] = (struct fa_opal_region){ 0x20000000, 0x40000000, 0x8000000 };
	fa_region_view_opal(&fdm, 1, 0x28000000, &s);
	assert_int_equal(s.form, FA_REGION_OPAL);
	assert_int_equal(s.nr, 2);
	assert_int_equal(s.sect[1].src, 0x20000000);
	assert_int_equal(s.sect[1].dumped, 0x8000000);	/* active: the size */
}

static void test_rtas_param(void **state)
{
	struct fa_rtas_fdm fdm;

	(void)state;
	sample_fdm(&fdm);
	assert_null(fa_region_rtas_param(&fdm));
	fdm.dump_num_sections = 4;
	fdm.rgn[3] = (struct fa_rtas_section){ 1, FA_RTAS_PARAM_AREA, 0, 0x7ff0000, 2048, 0, 0x7ff0000 };
	assert_ptr_equal(fa_region_rtas_param(&fdm), &fdm.rgn[3]);
	/* a count past the array is not followed */
	fdm.dump_num_sections = 200;
	assert_ptr_equal(fa_region_rtas_param(&fdm), &fdm.rgn[3]);
}

static void test_view_rtas_clamped(void **state)
{
	struct fa_rtas_fdm fdm;
	static struct fa_region_show s;
	struct fa_err e = { 0 };

	(void)state;
	sample_fdm(&fdm);
	fdm.dump_num_sections = 200;
	assert_fa_ok(fa_region_view_rtas(&fdm, FA_REGION_PSERIES_OLD, 1, 0x6ffb0000,
					 NULL, &s, &e), &e);
	assert_int_equal(s.nr, FA_RTAS_MAX_SECTIONS);
	assert_int_equal(s.form, FA_REGION_PSERIES_OLD);
	assert_int_equal(s.memory_above, 0x6ffb0000);
	assert_int_equal(s.sect[2].dumped, 0);
	fa_region_show_free(&s);
}

static void test_view_opal_unregistered(void **state)
{
	static struct fa_opal_fdm fdm;
	static struct fa_region_show s;

	(void)state;
	memset(&fdm, 0, sizeof(fdm));
	fdm.region_cnt = 3;
	fdm.registered_regions = 1;
	fdm.rgn[0] = (struct fa_opal_region){ 0, 0x30000000, 0x10000000 };
	fdm.rgn[1] = (struct fa_opal_region){ 0x20000000, 0x40000000, 0x8000000 };
	fdm.rgn[2] = (struct fa_opal_region){ 0x28000000, 0x48000000, 0x1000 };
	/* past the registered regions the kernel repeats the last size */
	fa_region_view_opal(&fdm, 1, 0x28000000, &s);
	assert_int_equal(s.sect[1].dumped, 0x10000000);
	assert_int_equal(s.sect[2].dumped, 0x10000000);
	/* not active: nothing dumped */
	fa_region_view_opal(&fdm, 0, 0x28000000, &s);
	assert_int_equal(s.sect[0].dumped, 0);
	fdm.region_cnt = 1000;
	fa_region_view_opal(&fdm, 0, 0x28000000, &s);
	assert_int_equal(s.nr, FA_OPAL_FADUMP_MAX_MEM_REGS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_rtas),
		cmocka_unit_test(test_view_opal),
		cmocka_unit_test(test_rtas_param),
		cmocka_unit_test(test_view_rtas_clamped),
		cmocka_unit_test(test_view_opal_unregistered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
