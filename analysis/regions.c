// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regions.c - the dump's physical memory map and the fadump_region view.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "regions.h"
#include "regionview.h"
#include "report.h"

#define PARAM_LEN	FA_RTAS_COMMAND_LINE_SIZE

static const struct {
	const char *name;
	const char *id;
} kinds[] = {
	[FA_MAP_BOOT] = { "boot memory", "boot" },
	[FA_MAP_CPU] = { "CPU state data", "cpu_state" },
	[FA_MAP_HPTE] = { "HPTE region", "hpte" },
	[FA_MAP_PAD] = { "(alignment)", "pad" },
	[FA_MAP_BOOT_COPY] = { "boot memory copy", "boot_copy" },
	[FA_MAP_CRASH_INFO] = { "crash-info header", "crash_info" },
	[FA_MAP_ELFCOREHDR] = { "elfcorehdr", "elfcorehdr" },
	[FA_MAP_HDR_ELFCOREHDR] = { "header, elfcorehdr", "crash_info_elfcorehdr" },
	[FA_MAP_OPAL_META] = { "OPAL metadata", "opal_metadata" },
	[FA_MAP_PARAM] = { "param area", "param" },
	[FA_MAP_MEMORY] = { "memory", "memory" },
	[FA_MAP_HOLE] = { "hole", "hole" },
};

const char *fa_map_kind_name(int kind)
{
	if (kind < 0 || kind > FA_MAP_HOLE)
		return "?";
	return kinds[kind].name;
}

const char *fa_map_kind_id(int kind)
{
	if (kind < 0 || kind > FA_MAP_HOLE)
		return "unknown";
	return kinds[kind].id;
}

static int map_add(struct fa_map *m, int kind, unsigned int index,
		   uint64_t start, uint64_t size, uint64_t copy, int in_dump,
		   struct fa_err *e)
{
	struct fa_map_entry *x;

	if (!size)
		return 0;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;

		x = realloc(m->e, cap * sizeof(*x));
		if (!x)
			return fa_err_set(e, FA_ENOMEM, "out of memory");
		m->e = x;
		m->cap = cap;
	}
	x = &m->e[m->n++];
	x->kind = kind;
	x->index = index;
	x->start = start;
	x->size = size;
	x->copy = copy;
	x->in_dump = in_dump;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct fa_map_entry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->kind - y->kind;
}

static uint64_t end_of(const struct fa_map_entry *x)
{
	uint64_t end;

	return fa_add_overflows(x->start, x->size, &end) ? UINT64_MAX : end;
}

static int add_area(struct fa_map *m, int kind, const struct fa_fw_area *a,
		    struct fa_err *e)
{
	return map_add(m, kind, 0, a->addr, a->size, 0, a->in_dump, e);
}

static int add_fw(const struct fa_fwsections *fw, struct fa_map *m,
		  struct fa_err *e)
{
	uint64_t hw_end = 0;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < fw->nboot && !ret; i++)
		ret = map_add(m, FA_MAP_BOOT, i, fw->boot[i].src,
			      fw->boot[i].size, fw->boot[i].dest, 0, e);
	if (!ret)
		ret = add_area(m, FA_MAP_CPU, &fw->cpu_state, e);
	if (!ret)
		ret = add_area(m, FA_MAP_HPTE, &fw->hpte, e);
	if (fw->cpu_state.size)
		hw_end = fw->cpu_state.addr + fw->cpu_state.size;
	if (fw->hpte.size && fw->hpte.addr + fw->hpte.size > hw_end)
		hw_end = fw->hpte.addr + fw->hpte.size;
	if (!ret && hw_end && fw->boot_copy.size &&
	    fw->boot_copy.addr > hw_end)
		ret = map_add(m, FA_MAP_PAD, 0, hw_end,
			      fw->boot_copy.addr - hw_end, 0, 0, e);
	if (!ret)
		ret = add_area(m, FA_MAP_BOOT_COPY, &fw->boot_copy, e);
	if (!ret)
		ret = add_area(m, fw->cut_with_elfcorehdr ?
			       FA_MAP_HDR_ELFCOREHDR : FA_MAP_CRASH_INFO,
			       &fw->crash_info, e);
	if (!ret)
		ret = add_area(m, FA_MAP_ELFCOREHDR, &fw->elfcorehdr, e);
	if (!ret)
		ret = add_area(m, FA_MAP_OPAL_META, &fw->opal_meta, e);
	if (!ret)
		ret = add_area(m, FA_MAP_PARAM, &fw->param, e);
	return ret;
}

/* The parts of [start, end) that no firmware entry claims are memory. */
static int add_memory(struct fa_map *m, size_t nclaimed, uint64_t start,
		      uint64_t end, uint64_t filesz_end, struct fa_err *e)
{
	size_t i;
	int ret;

	for (i = 0; i < nclaimed && start < end; i++) {
		const struct fa_map_entry *c = &m->e[i];
		uint64_t ce = end_of(c);

		if (ce <= start || c->start >= end)
			continue;
		if (c->start > start) {
			ret = map_add(m, FA_MAP_MEMORY, 0, start,
				      c->start - start, 0,
				      filesz_end >= c->start, e);
			if (ret)
				return ret;
			c = &m->e[i];	/* map_add may move the array */
		}
		start = ce;
	}
	if (start < end)
		return map_add(m, FA_MAP_MEMORY, 0, start, end - start, 0,
			       filesz_end >= end, e);
	return 0;
}

static int add_holes(struct fa_map *m, struct fa_err *e)
{
	size_t i, n = m->n;
	uint64_t at = 0;
	int ret;

	for (i = 0; i < n; i++) {
		const struct fa_map_entry *x = &m->e[i];

		if (x->start > at) {
			ret = map_add(m, FA_MAP_HOLE, 0, at, x->start - at, 0,
				      0, e);
			if (ret)
				return ret;
			x = &m->e[i];
		}
		if (end_of(x) > at)
			at = end_of(x);
	}
	return 0;
}

/* qsort() must not see m->e NULL, which it is while the map is empty. */
static void sort_entries(struct fa_map *m)
{
	if (m->n > 1)
		qsort(m->e, m->n, sizeof(*m->e), entry_cmp);
}

int fa_map_build(const struct fa_dump *d, const struct fa_fwsections *fw,
		 struct fa_map *m, struct fa_err *e)
{
	size_t i, nclaimed;
	int ret;

	memset(m, 0, sizeof(*m));
	ret = add_fw(fw, m, e);
	if (ret)
		goto fail;
	sort_entries(m);
	nclaimed = m->n;
	for (i = 0; i < d->nranges; i++) {
		const struct fa_dump_range *r = &d->ranges[i];
		uint64_t end, fend;

		if (fa_add_overflows(r->paddr, r->size, &end))
			end = UINT64_MAX;
		fend = r->paddr + (r->filesz < r->size ? r->filesz : r->size);
		ret = add_memory(m, nclaimed, r->paddr, end, fend, e);
		if (ret)
			goto fail;
	}
	for (i = 0; i < m->n; i++)
		if (m->e[i].kind == FA_MAP_BOOT)
			m->e[i].in_dump = fa_dump_has_phys(d, m->e[i].start,
							   m->e[i].size);
	sort_entries(m);
	ret = add_holes(m, e);
	if (ret)
		goto fail;
	sort_entries(m);
	return 0;
fail:
	fa_map_free(m);
	return ret;
}

void fa_map_free(struct fa_map *m)
{
	free(m->e);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------ fadump_region */

static int read_param(const struct fa_dump *d, uint64_t addr, char **out)
{
	char buf[PARAM_LEN + 1];
	struct fa_err e;

	*out = NULL;
	if (!fa_dump_has_phys(d, addr, PARAM_LEN) ||
	    fa_dump_read_phys(d, addr, buf, PARAM_LEN, &e))
		return 0;
	buf[PARAM_LEN] = '\0';
	*out = strdup(buf);
	return *out ? 0 : FA_ENOMEM;
}

static int show_pseries(const struct fa_dump *d,
			const struct fa_fwsections *fw,
			struct fa_region_show *s, struct fa_err *e)
{
	const struct fa_rtas_section *pa = fa_region_rtas_param(&fw->fdm);
	char *param = NULL;
	int ret;

	if (pa && read_param(d, pa->destination_address, &param))
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	ret = fa_region_view_rtas(&fw->fdm, FA_REGION_PSERIES, s->dump_active,
				  s->memory_above, param, s, e);
	free(param);
	return ret;
}

int fa_region_show_from_fw(const struct fa_dump *d,
			   const struct fa_fwsections *fw,
			   struct fa_region_show *s, struct fa_err *e)
{
	memset(s, 0, sizeof(*s));
	/* The crashed kernel's own view is the first kernel's: not active. */
	s->dump_active = fw->source == FA_FWSRC_VMLINUX ?
			 fw->kernel.dump_active : 1;
	s->memory_above = fw->boot_mem_top;
	if (fw->platform == FA_FW_OPAL && fw->have_opal_fdm) {
		fa_region_view_opal(&fw->opal_fdm, s->dump_active,
				    s->memory_above, s);
		return 0;
	}
	if (fw->platform == FA_FW_PSERIES && fw->have_fdm)
		return show_pseries(d, fw, s, e);
	return fa_err_set(e, FA_ENOENT, "no registration structure to show "
			  "(%s, sections from %s)",
			  fa_fw_platform_name(fw->platform),
			  fa_fw_source_name(fw->source));
}

static const char *sect_name(uint16_t type)
{
	switch (type) {
	case FA_RGN_CPU:
		return "CPU";
	case FA_RGN_HPTE:
		return "HPTE";
	case FA_RGN_RMR:
		return "DUMP";
	case FA_RGN_PARAM:
		return "PARAM";
	}
	return "section";
}

static void diff_u64(struct fa_text *out, unsigned int *n, unsigned int i,
		     uint16_t type, const char *field, uint64_t a,
		     const char *an, uint64_t b, const char *bn)
{
	if (a == b)
		return;
	fa_kprintf(out, "section %u (%s): %s is %#llx in %s, %#llx in %s\n",
		   i, sect_name(type), field, (unsigned long long)a, an,
		   (unsigned long long)b, bn);
	(*n)++;
}

unsigned int fa_region_show_compare(const struct fa_region_show *a,
				    const char *an,
				    const struct fa_region_show *b,
				    const char *bn, struct fa_text *out)
{
	unsigned int n = 0, i, nr;

	if (a->nr != b->nr) {
		fa_kprintf(out, "%s has %u sections, %s has %u\n", an, a->nr,
			   bn, b->nr);
		n++;
	}
	if (a->dump_active != b->dump_active ||
	    (a->dump_active && a->memory_above != b->memory_above)) {
		fa_kprintf(out, "reserved memory starts at %#llx in %s, "
			   "%#llx in %s\n",
			   (unsigned long long)a->memory_above, an,
			   (unsigned long long)b->memory_above, bn);
		n++;
	}
	nr = a->nr < b->nr ? a->nr : b->nr;
	for (i = 0; i < nr; i++) {
		const struct fa_region_sect *x = &a->sect[i], *y = &b->sect[i];

		if (x->type != y->type) {
			fa_kprintf(out, "section %u is %s in %s, %s in %s\n",
				   i, sect_name(x->type), an,
				   sect_name(y->type), bn);
			n++;
			continue;
		}
		/* The text shows no source for CPU, HPTE and PARAM. */
		if (x->type == FA_RGN_RMR)
			diff_u64(out, &n, i, x->type, "source", x->src, an,
				 y->src, bn);
		diff_u64(out, &n, i, x->type, "destination", x->dest, an,
			 y->dest, bn);
		diff_u64(out, &n, i, x->type, "size", x->size, an, y->size,
			 bn);
		if (x->type != FA_RGN_PARAM)
			diff_u64(out, &n, i, x->type, "bytes dumped",
				 x->dumped, an, y->dumped, bn);
	}
	return n;
}

/* ------------------------------------------------------------ output */

int fa_map_print(const struct fa_map *m, FILE *f)
{
	static const char *const head[] = { "REGION", "START", "END", "SIZE",
					    "NOTE" };
	static const int align[] = { FA_LEFT, FA_RIGHT, FA_RIGHT, FA_RIGHT,
				     FA_LEFT };
	struct fa_table t;
	size_t i;
	int ret;

	fa_table_init(&t, 5, head, align);
	for (i = 0; i < m->n; i++) {
		const struct fa_map_entry *x = &m->e[i];
		char s[FA_HEX_LEN], en[FA_HEX_LEN], c[FA_HEX_LEN];
		char sz[FA_SIZE_LEN], name[40], note[64];

		if (x->kind == FA_MAP_BOOT)
			snprintf(name, sizeof(name), "boot memory %u",
				 x->index);
		else
			snprintf(name, sizeof(name), "%s",
				 fa_map_kind_name(x->kind));
		note[0] = '\0';
		if (x->kind == FA_MAP_BOOT)
			snprintf(note, sizeof(note), "copy at %s%s",
				 fa_rpt_hex(c, x->copy),
				 x->in_dump ? "" : ", not in dump");
		else if (x->kind == FA_MAP_BOOT_COPY)
			snprintf(note, sizeof(note), "served as boot memory");
		else if (x->kind != FA_MAP_HOLE && x->kind != FA_MAP_PAD &&
			 !x->in_dump)
			snprintf(note, sizeof(note), "not in dump");
		fa_table_row(&t, "%s\t%s\t%s\t%s\t%s", name,
			     fa_rpt_hex(s, x->start),
			     fa_rpt_hex(en, x->start + x->size - 1),
			     fa_rpt_size(sz, x->size), note);
	}
	ret = fa_table_print(&t, f);
	fa_table_free(&t);
	return ret;
}

void fa_map_json(const struct fa_map *m, struct fa_json *j, const char *key)
{
	size_t i;

	fa_json_array_begin(j, key);
	for (i = 0; i < m->n; i++) {
		const struct fa_map_entry *x = &m->e[i];

		fa_json_object_begin(j, NULL);
		fa_json_str(j, "kind", fa_map_kind_id(x->kind));
		if (x->kind == FA_MAP_BOOT)
			fa_json_u64(j, "index", x->index);
		fa_json_hex(j, "start", x->start);
		fa_json_hex(j, "end", x->start + x->size - 1);
		fa_json_u64(j, "size", x->size);
		if (x->kind == FA_MAP_BOOT)
			fa_json_hex(j, "copy", x->copy);
		fa_json_bool(j, "in_dump", x->in_dump);
		fa_json_object_end(j);
	}
	fa_json_array_end(j);
}
