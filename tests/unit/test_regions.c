// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_regions.c - the physical memory map of a dump (boot memory, the
 * parts of the reserved area, memory the dump holds, holes) and the
 * fadump_region view rebuilt from the firmware sections, on a fake dump:
 * a struct fa_dump with hand-made ranges and a memory reader, no file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fa_test.h"
#include "regions.h"
#include "report.h"

#define BOOT_SIZE	0x10000ULL
#define CPU_ADDR	0x100000ULL
#define HPTE_ADDR	0x100100ULL
#define COPY_ADDR	0x110000ULL
#define HDR_ADDR	0x120000ULL
#define PARAM_ADDR	0x130000ULL
#define MEM_ADDR	0x200000ULL
#define MEM_LEN		0x10000ULL

/* A dump of the ranges below; reads return the byte's address low bits. */
static const struct fa_dump_range ranges[] = {
	{ .paddr = 0, .size = BOOT_SIZE, .filesz = BOOT_SIZE },
	{ .paddr = CPU_ADDR, .size = 0x200, .filesz = 0x200 },
	{ .paddr = HDR_ADDR, .size = 0x1000, .filesz = 0x1000 },
	{ .paddr = PARAM_ADDR, .size = 0x1000, .filesz = 0x1000 },
	/* half of it backed by the file, the rest reads as zeros */
	{ .paddr = MEM_ADDR, .size = MEM_LEN, .filesz = MEM_LEN / 2 },
};

static int fake_read(void *ctx, int space, uint64_t addr, void *buf,
		     size_t len, struct fa_err *e)
{
	const struct fa_dump *d = ctx;

	if (space != FA_PHYS || !fa_dump_has_phys(d, addr, len))
		return fa_err_set(e, FA_ENOENT, "fake: %#llx not in dump",
				  (unsigned long long)addr);
	memset(buf, 0, len);
	if (addr == PARAM_ADDR)
		memcpy(buf, "crashkernel=512M", 17);
	return 0;
}

static void fake_dump(struct fa_dump *d, size_t nranges)
{
	memset(d, 0, sizeof(*d));
	d->file = (char *)"fake.vmcore";
	d->byteorder = FA_LE;
	d->machine = 21;
	d->ranges = (struct fa_dump_range *)ranges;
	d->nranges = nranges;
	d->mem.read = fake_read;
	d->mem.ctx = d;
	d->mem.byteorder = FA_LE;
	d->mem.ptr_size = 8;
}

static void area(struct fa_fw_area *a, uint64_t addr, uint64_t size,
		 int in_dump)
{
	a->addr = addr;
	a->size = size;
	a->dumped = size;
	a->in_dump = in_dump;
}

/* rtas_fadump_mem_struct's sections: flag, type, error, src, len, dumped, dest */
static const struct fa_rtas_section pseries_sects[] = {
	{ 1, FA_RGN_CPU, 0, 0, 0x100, 0x100, CPU_ADDR },
	{ 1, FA_RGN_HPTE, 0, 0, 0x100, 0x100, HPTE_ADDR },
	{ 1, FA_RGN_RMR, 0, 0, BOOT_SIZE, BOOT_SIZE, COPY_ADDR },
	{ 1, FA_RGN_PARAM, 0, PARAM_ADDR, 0x800, 0, PARAM_ADDR },
};

/* A pSeries 6.10+ layout: CPU, HPTE, a pad, the copy, header, PARAM. */
static void pseries_fw(struct fa_fwsections *fw)
{
	memset(fw, 0, sizeof(*fw));
	fw->platform = FA_FW_PSERIES;
	fw->source = FA_FWSRC_KERNEL_DUMP;
	fw->nboot = 1;
	fw->boot[0].src = 0;
	fw->boot[0].dest = COPY_ADDR;
	fw->boot[0].size = BOOT_SIZE;
	fw->boot[0].dumped = BOOT_SIZE;
	area(&fw->cpu_state, CPU_ADDR, 0x100, 1);
	area(&fw->hpte, HPTE_ADDR, 0x100, 1);
	area(&fw->boot_copy, COPY_ADDR, BOOT_SIZE, 0);
	area(&fw->crash_info, HDR_ADDR, 0x1000, 1);
	area(&fw->param, PARAM_ADDR, 0x800, 1);
	fw->boot_mem_top = BOOT_SIZE;
	fw->have_fdm = 1;
	fw->fdm.dump_format_version = 1;
	fw->fdm.dump_num_sections = 4;
	memcpy(fw->fdm.rgn, pseries_sects, sizeof(pseries_sects));
}

/* The map of the pSeries layout over @nranges of the fake ranges. */
static struct fa_fwsections *pseries_map(struct fa_dump *d, size_t nranges,
					 struct fa_map *m)
{
	struct fa_fwsections *fw = calloc(1, sizeof(*fw));
	struct fa_err e;

	assert_non_null(fw);
	pseries_fw(fw);
	fake_dump(d, nranges);
	assert_fa_ok(fa_map_build(d, fw, m, &e), &e);
	return fw;
}

/* fa_map_print() into a malloc'd string. */
static char *map_text(const struct fa_map *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(fa_map_print(m, f), 0);
	fclose(f);
	return text;
}

struct want {
	int kind;
	uint64_t start, size;
	int in_dump;
};

static void check_map(const struct fa_map *m, const struct want *w, size_t n)
{
	size_t i;

	for (i = 0; i < m->n && i < n; i++) {
		const struct fa_map_entry *x = &m->e[i];

		if (x->kind != w[i].kind || x->start != w[i].start ||
		    x->size != w[i].size || x->in_dump != w[i].in_dump)
			fail_msg("entry %zu: %s %#llx+%#llx in_dump %d, want %s %#llx+%#llx in_dump %d",
				 i, fa_map_kind_id(x->kind),
				 (unsigned long long)x->start,
				 (unsigned long long)x->size, x->in_dump,
				 fa_map_kind_id(w[i].kind),
				 (unsigned long long)w[i].start,
				 (unsigned long long)w[i].size, w[i].in_dump);
	}
	assert_int_equal(m->n, n);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(fa_map_kind_name(FA_MAP_BOOT), "boot memory");
	assert_string_equal(fa_map_kind_name(FA_MAP_HDR_ELFCOREHDR),
			    "header, elfcorehdr");
	assert_string_equal(fa_map_kind_name(FA_MAP_HOLE), "hole");
	assert_string_equal(fa_map_kind_name(-1), "?");
	assert_string_equal(fa_map_kind_name(FA_MAP_HOLE + 1), "?");
	assert_string_equal(fa_map_kind_id(FA_MAP_OPAL_META), "opal_metadata");
	assert_string_equal(fa_map_kind_id(FA_MAP_PAD), "pad");
	assert_string_equal(fa_map_kind_id(-1), "unknown");
	assert_string_equal(fa_map_kind_id(99), "unknown");
}

/* Without firmware sections: memory and holes only. */
static void test_map_plain(void **state)
{
	static const struct want w[] = {
		{ FA_MAP_MEMORY, 0, BOOT_SIZE, 1 },
		{ FA_MAP_HOLE, BOOT_SIZE, CPU_ADDR - BOOT_SIZE, 0 },
		{ FA_MAP_MEMORY, CPU_ADDR, 0x200, 1 },
		{ FA_MAP_HOLE, CPU_ADDR + 0x200, HDR_ADDR - CPU_ADDR - 0x200, 0 },
		{ FA_MAP_MEMORY, HDR_ADDR, 0x1000, 1 },
		{ FA_MAP_HOLE, HDR_ADDR + 0x1000, PARAM_ADDR - HDR_ADDR - 0x1000, 0 },
		{ FA_MAP_MEMORY, PARAM_ADDR, 0x1000, 1 },
		{ FA_MAP_HOLE, PARAM_ADDR + 0x1000, MEM_ADDR - PARAM_ADDR - 0x1000, 0 },
		{ FA_MAP_MEMORY, MEM_ADDR, MEM_LEN, 0 },
	};
	struct fa_fwsections *fw = *state;
	struct fa_dump d;
	struct fa_map m;
	struct fa_err e;

	fake_dump(&d, 5);
	assert_fa_ok(fa_map_build(&d, fw, &m, &e), &e);
	check_map(&m, w, sizeof(w) / sizeof(w[0]));
	fa_map_free(&m);
	assert_null(m.e);
	assert_int_equal(m.n, 0);

	/* an empty dump: an empty map */
	fake_dump(&d, 0);
	assert_fa_ok(fa_map_build(&d, fw, &m, &e), &e);
	assert_int_equal(m.n, 0);
	fa_map_free(&m);
}

static const struct want pseries_want[] = {
	{ FA_MAP_BOOT, 0, BOOT_SIZE, 1 },
	{ FA_MAP_HOLE, BOOT_SIZE, CPU_ADDR - BOOT_SIZE, 0 },
	{ FA_MAP_CPU, CPU_ADDR, 0x100, 1 },
	{ FA_MAP_HPTE, HPTE_ADDR, 0x100, 1 },
	{ FA_MAP_PAD, HPTE_ADDR + 0x100, COPY_ADDR - HPTE_ADDR - 0x100, 0 },
	{ FA_MAP_BOOT_COPY, COPY_ADDR, BOOT_SIZE, 0 },
	{ FA_MAP_CRASH_INFO, HDR_ADDR, 0x1000, 1 },
	{ FA_MAP_HOLE, HDR_ADDR + 0x1000, PARAM_ADDR - HDR_ADDR - 0x1000, 0 },
	{ FA_MAP_PARAM, PARAM_ADDR, 0x800, 1 },
	{ FA_MAP_MEMORY, PARAM_ADDR + 0x800, 0x800, 1 },
	{ FA_MAP_HOLE, PARAM_ADDR + 0x1000, MEM_ADDR - PARAM_ADDR - 0x1000, 0 },
	{ FA_MAP_MEMORY, MEM_ADDR, MEM_LEN, 0 },
};

/* The reserved area's parts claim their ranges; the rest is memory. */
static void test_map_pseries(void **state)
{
	struct fa_fwsections *fw;
	struct fa_dump d;
	struct fa_map m;
	struct fa_err e;
	char *text;

	(void)state;
	fw = pseries_map(&d, 5, &m);
	check_map(&m, pseries_want,
		  sizeof(pseries_want) / sizeof(pseries_want[0]));
	assert_true(m.e[0].copy == COPY_ADDR);
	text = map_text(&m);
	assert_non_null(strstr(text, "REGION"));
	assert_non_null(strstr(text, "boot memory 0"));
	assert_non_null(strstr(text, "copy at 0x110000\n"));
	assert_non_null(strstr(text, "served as boot memory"));
	assert_non_null(strstr(text, "(alignment)"));
	assert_non_null(strstr(text, "param area"));
	free(text);

	/* the boot memory not in the dump, a pre-6.10 cut header */
	fw->cut_with_elfcorehdr = 1;
	fw->crash_info.in_dump = 0;
	fa_map_free(&m);
	fake_dump(&d, 0);
	assert_fa_ok(fa_map_build(&d, fw, &m, &e), &e);
	assert_int_equal(m.e[0].kind, FA_MAP_BOOT);
	assert_int_equal(m.e[0].in_dump, 0);
	text = map_text(&m);
	assert_non_null(strstr(text, "copy at 0x110000, not in dump"));
	assert_non_null(strstr(text, "header, elfcorehdr"));
	assert_non_null(strstr(text, "not in dump"));
	free(text);
	fa_map_free(&m);
	free(fw);
}

static void test_map_json(void **state)
{
	struct fa_fwsections *fw;
	struct fa_json j;
	struct fa_dump d;
	struct fa_map m;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	fw = pseries_map(&d, 5, &m);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	fa_map_json(&m, &j, "regions");
	fa_json_object_end(&j);
	assert_int_equal(fa_json_finish(&j), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"regions\""));
	assert_non_null(strstr(text, "\"kind\": \"boot\""));
	assert_non_null(strstr(text, "\"index\": 0"));
	assert_non_null(strstr(text, "\"copy\": \"0x110000\""));
	assert_non_null(strstr(text, "\"kind\": \"cpu_state\""));
	assert_non_null(strstr(text, "\"end\": \"0x1000ff\""));
	assert_non_null(strstr(text, "\"in_dump\": false"));
	free(text);
	fa_map_free(&m);
	free(fw);
}

/* A range running to the top of the address space does not wrap. */
static void test_map_top(void **state)
{
	static const struct fa_dump_range top[] = {
		{ .paddr = 0xfffffffffff00000ULL, .size = 0x200000,
		  .filesz = 0x100000 },
	};
	struct fa_fwsections *fw = *state;
	struct fa_dump d;
	struct fa_map m;
	struct fa_err e;

	fake_dump(&d, 0);
	d.ranges = (struct fa_dump_range *)top;
	d.nranges = 1;
	assert_fa_ok(fa_map_build(&d, fw, &m, &e), &e);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.e[0].kind, FA_MAP_HOLE);
	assert_int_equal(m.e[1].kind, FA_MAP_MEMORY);
	assert_true(m.e[1].size == 0x100000 - 1);
	fa_map_free(&m);
}

static void test_show_pseries(void **state)
{
	struct fa_fwsections *fw = *state;
	struct fa_region_show s;
	struct fa_dump d;
	struct fa_err e;

	pseries_fw(fw);
	fake_dump(&d, 5);
	assert_fa_ok(fa_region_show_from_fw(&d, fw, &s, &e), &e);
	assert_int_equal(s.form, FA_REGION_PSERIES);
	assert_int_equal(s.dump_active, 1);
	assert_true(s.memory_above == BOOT_SIZE);
	assert_int_equal(s.nr, 4);
	assert_int_equal(s.sect[2].type, FA_RGN_RMR);
	assert_true(s.sect[2].dest == COPY_ADDR);
	assert_true(s.sect[2].dumped == BOOT_SIZE);
	assert_non_null(s.sect[3].param);
	assert_string_equal(s.sect[3].param, "crashkernel=512M");
	fa_region_show_free(&s);

	/* the PARAM area outside the dump: no string */
	fw->fdm.rgn[3].destination_address = 0x500000;
	assert_fa_ok(fa_region_show_from_fw(&d, fw, &s, &e), &e);
	assert_null(s.sect[3].param);
	fa_region_show_free(&s);

	/* the crashed kernel's own view: its dump_active */
	fw->source = FA_FWSRC_VMLINUX;
	fw->kernel.dump_active = 0;
	assert_fa_ok(fa_region_show_from_fw(&d, fw, &s, &e), &e);
	assert_int_equal(s.dump_active, 0);
	fa_region_show_free(&s);

	/* nothing to show */
	fw->have_fdm = 0;
	assert_fa_error(fa_region_show_from_fw(&d, fw, &s, &e), &e, FA_ENOENT,
			"no registration structure to show");
}

static void test_show_opal(void **state)
{
	struct fa_fwsections *fw = *state;
	struct fa_region_show s;
	struct fa_dump d;
	struct fa_err e;

	fw->platform = FA_FW_OPAL;
	fw->have_opal_fdm = 1;
	fw->boot_mem_top = 0x40000000;
	fw->opal_fdm.region_cnt = 3;
	fw->opal_fdm.registered_regions = 2;
	fw->opal_fdm.rgn[0].src = 0;
	fw->opal_fdm.rgn[0].dest = 0x80000000;
	fw->opal_fdm.rgn[0].size = 0x10000000;
	fw->opal_fdm.rgn[1].src = 0x10000000;
	fw->opal_fdm.rgn[1].dest = 0x90000000;
	fw->opal_fdm.rgn[1].size = 0x20000000;
	fw->opal_fdm.rgn[2].src = 0x30000000;
	fw->opal_fdm.rgn[2].dest = 0xb0000000;
	fw->opal_fdm.rgn[2].size = 0x10000000;
	fake_dump(&d, 0);
	assert_fa_ok(fa_region_show_from_fw(&d, fw, &s, &e), &e);
	assert_int_equal(s.form, FA_REGION_OPAL);
	assert_int_equal(s.nr, 3);
	assert_int_equal(s.sect[1].type, FA_RGN_RMR);
	assert_true(s.sect[1].src == 0x10000000);
	assert_true(s.sect[1].dumped == 0x20000000);
	/* past the registered ones: the last size repeated */
	assert_true(s.sect[2].dumped == 0x20000000);
	assert_true(s.memory_above == 0x40000000);
	fa_region_show_free(&s);

	fw->have_opal_fdm = 0;
	assert_fa_error(fa_region_show_from_fw(&d, fw, &s, &e), &e, FA_ENOENT,
			"FADump PowerNV");
}

static void test_show_compare(void **state)
{
	struct fa_region_show a, b;
	struct fa_text t;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.form = FA_REGION_PSERIES;
	a.dump_active = 1;
	a.memory_above = 0x10000;
	a.nr = 3;
	a.sect[0] = (struct fa_region_sect){ .type = FA_RGN_CPU, .dest = 1,
					     .size = 2, .dumped = 2 };
	a.sect[1] = (struct fa_region_sect){ .type = FA_RGN_RMR, .src = 0,
					     .dest = 3, .size = 4, .dumped = 4 };
	a.sect[2] = (struct fa_region_sect){ .type = FA_RGN_PARAM, .dest = 5,
					     .size = 6, .dumped = 0 };
	b = a;
	fa_text_init(&t);
	assert_int_equal(fa_region_show_compare(&a, "a", &b, "b", &t), 0);
	assert_int_equal(t.len, 0);

	/* the text shows no source for CPU, nor bytes dumped for PARAM */
	b.sect[0].src = 9;
	b.sect[2].dumped = 7;
	assert_int_equal(fa_region_show_compare(&a, "a", &b, "b", &t), 0);

	b.sect[1].src = 0x100;
	b.sect[1].dumped = 0;
	b.sect[2].size = 8;
	assert_int_equal(fa_region_show_compare(&a, "a", &b, "b", &t), 3);
	assert_non_null(strstr(t.buf,
		"section 1 (DUMP): source is 0x0 in a, 0x100 in b\n"));
	assert_non_null(strstr(t.buf, "section 1 (DUMP): bytes dumped is 0x4 in a, 0x0 in b\n"));
	assert_non_null(strstr(t.buf, "section 2 (PARAM): size is 0x6 in a, 0x8 in b\n"));
	fa_text_free(&t);

	fa_text_init(&t);
	b = a;
	b.nr = 2;
	b.memory_above = 0x20000;
	b.sect[0].type = 0x42;
	assert_int_equal(fa_region_show_compare(&a, "a", &b, "b", &t), 3);
	assert_non_null(strstr(t.buf, "a has 3 sections, b has 2\n"));
	assert_non_null(strstr(t.buf, "reserved memory starts at 0x10000 in a, 0x20000 in b\n"));
	assert_non_null(strstr(t.buf, "section 0 is CPU in a, section in b\n"));
	fa_text_free(&t);

	/* not active on either side: where memory starts is not shown */
	fa_text_init(&t);
	b = a;
	a.dump_active = b.dump_active = 0;
	b.memory_above = 0;
	b.sect[0].dest = 0x11;
	b.sect[1].type = FA_RGN_HPTE;
	assert_int_equal(fa_region_show_compare(&a, "a", &b, "b", &t), 2);
	assert_non_null(strstr(t.buf, "section 0 (CPU): destination is 0x1 in a, 0x11 in b\n"));
	assert_non_null(strstr(t.buf, "section 1 is DUMP in a, HPTE in b\n"));
	fa_text_free(&t);
}

static int fw_setup(void **state)
{
	*state = calloc(1, sizeof(struct fa_fwsections));
	return *state ? 0 : -1;
}

static int fw_teardown(void **state)
{
	free(*state);
	return 0;
}

#define T_FW(fn) cmocka_unit_test_setup_teardown(fn, fw_setup, fw_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		T_FW(test_map_plain),
		cmocka_unit_test(test_map_pseries),
		cmocka_unit_test(test_map_json),
		T_FW(test_map_top),
		T_FW(test_show_pseries),
		T_FW(test_show_opal),
		cmocka_unit_test(test_show_compare),
	};
	return cmocka_run_group_tests_name("regions", tests, NULL, NULL);
}
