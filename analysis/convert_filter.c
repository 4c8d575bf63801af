// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert_filter.c - page filtering for fa_convert(): both bitmaps of a
 * cycle, the mem_map walk (pagefilter.c) shared by the workers, and
 * pass 1 (see convert_int.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"
#include "fa_io.h"

void setup_filter(struct conv *cv)
{
	struct fa_err e = { 0 };
	int rc;

	if (!(cv->o->dump_level & FA_DL_EXCLUDE_MEM_MAP))
		return;
	if (!cv->vi) {
		snprintf(cv->st->filter_note, sizeof(cv->st->filter_note),
			 "the dump has no VMCOREINFO");
		return;
	}
	rc = setup_kmem(cv, &e);
	if (!rc)
		rc = fa_pagefilter_init(&cv->pf, &cv->kmem, cv->vi, cv->ps,
					cv->o->dump_level, &e);
	if (rc) {
		snprintf(cv->st->filter_note, sizeof(cv->st->filter_note),
			 "%s", e.msg);
		return;
	}
	cv->have_pf = 1;
	cv->st->mem_map_filtered = 1;
}

static void set_bits(uint8_t *bm, uint64_t from, uint64_t to)
{
	while (from < to && (from & 7))
		fa_bitmap_set(bm, from++);
	if (to - from >= 8) {
		memset(bm + (from >> 3), 0xff, (to - from) >> 3);
		from += (to - from) & ~7ULL;
	}
	while (from < to)
		fa_bitmap_set(bm, from++);
}

/* The 1st bitmap of [cs, ce): pfns in the PT_LOADs (partial last page out). */
static void build_bm1(struct conv *cv, uint64_t cs, uint64_t ce, uint8_t *bm)
{
	size_t i;

	memset(bm, 0, cv->cycle / 8);
	for (i = 0; i < cv->c->nmap; i++) {
		const struct fa_elf_load *ld = &cv->c->map[i];
		uint64_t a = ld->paddr >> cv->pshift;
		uint64_t b = (ld->paddr + ld->memsz) >> cv->pshift;

		if (a < cs)
			a = cs;
		if (b > ce)
			b = ce;
		if (a < b)
			set_bits(bm, a - cs, b - cs);
	}
}

uint64_t popcount_bytes(const uint8_t *bm, size_t len)
{
	uint64_t n = 0;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, bm + i, 8);
		n += (uint64_t)__builtin_popcountll(w);
	}
	for (; i < len; i++)
		n += (uint64_t)__builtin_popcount(bm[i]);
	return n;
}

/*
 * 1 when no memory lies in pfns [cs, ce), so that both bitmaps of the
 * cycle are zero.  Such a cycle is neither built nor written: the output
 * keeps a hole (a flattened stream has no record there; both read as
 * zeros), so a sparse span costs its cycles, not its bitmap bytes.
 */
int cycle_empty(const struct conv *cv, uint64_t cs, uint64_t ce)
{
	const struct fa_elfcore *c = cv->c;
	uint64_t a = cs << cv->pshift, b = ce << cv->pshift;
	size_t lo = 0, hi;

	if (cv->rf)
		return fa_refilter_cycle_empty(cv->rf, cs, ce);
	hi = c->nmap;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->map[mid].paddr + c->map[mid].memsz <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == c->nmap || c->map[lo].paddr >= b;
}

/* The end of the cycle starting at @cs. */
uint64_t cycle_end(const struct conv *cv, uint64_t cs)
{
	return cs + cv->cycle < cv->max_mapnr ? cs + cv->cycle : cv->max_mapnr;
}

/* One thread's share of the mem_map pass: pfns [a, b) of the cycle. */
struct mm_part {
	struct fa_pagefilter pf;
	struct fa_ppc64_vtop vtop;
	struct kv_ctx kv;
	struct fa_mem kmem;
	uint64_t a, b;
	uint8_t *bm;			/* bit 0: pfn a */
	pthread_t tid;
	int rc;
	struct fa_err e;
};

static void *mm_part_main(void *arg)
{
	struct mm_part *p = arg;

	p->rc = fa_pagefilter_exclude(&p->pf, p->a, p->b, p->bm, &p->e);
	return NULL;
}

/* Part @p of the walk, reading kernel memory with its own caches. */
static int mm_part_init(struct conv *cv, struct mm_part *p, struct fa_err *e)
{
	if (cv->have_vtop) {
		p->vtop = cv->vtop;
		p->vtop.last_valid = 0;
		fa_ppc64_kv_mem(&p->vtop, &p->kmem);
	} else {
		p->kv.cv = cv;
		p->kmem = cv->kmem;
		p->kmem.ctx = &p->kv;
	}
	return fa_pagefilter_clone(&p->pf, &cv->pf, &p->kmem, e);
}

/*
 * The mem_map pass of cycle [cs, ce) on every worker, split by pfn range:
 * this thread continues cv->pf's walk over the first range, the others
 * start at boundaries no buddy block or compound page crosses
 * (fa_pagefilter_split), so the bits cleared and the counts are the
 * serial walk's; cv->pf then carries the last range's state on.
 */
static int exclude_cycle(struct conv *cv, uint64_t cs, uint64_t ce,
			 uint8_t *bm, struct fa_err *e)
{
	unsigned int n = cv->o->nthreads, k = 0, i, c;
	uint64_t align = fa_pagefilter_split(&cv->pf), at, prev = cs;
	struct mm_part *p;
	int rc;

	if (n > 1 && ce - cs >= 2 * align)
		p = calloc(n, sizeof(*p));
	else
		p = NULL;
	if (!p)
		return fa_pagefilter_exclude(&cv->pf, cs, ce, bm, e);
	for (i = 1; i < n; i++) {
		at = cs + (ce - cs) / n * i;
		at = (at + align - 1) / align * align;
		if (at <= prev || at >= ce)
			continue;
		if (k)
			p[k - 1].b = at;
		p[k].a = at;
		p[k].b = ce;
		p[k].bm = bm + (at - cs) / 8;
		prev = at;
		k++;
	}
	rc = 0;
	for (i = 0; i < k && !rc; i++)
		rc = mm_part_init(cv, &p[i], e);
	for (c = 0; !rc && c < k; c++)
		if (pthread_create(&p[c].tid, NULL, mm_part_main, &p[c]))
			break;
	/* what could not start runs here */
	for (i = c; !rc && i < k; i++)
		mm_part_main(&p[i]);
	if (!rc)
		rc = fa_pagefilter_exclude(&cv->pf, cs, k ? p[0].a : ce, bm, e);
	for (i = 0; i < c; i++)
		pthread_join(p[i].tid, NULL);
	for (i = 0; i < k; i++) {
		if (!rc && p[i].rc) {
			rc = p[i].rc;
			*e = p[i].e;
		}
		for (c = 0; c < FA_PF_NCLASSES; c++)
			cv->pf.nr[c] += p[i].pf.nr[c];
		cv->kv.direct_reads += p[i].kv.direct_reads;
		cv->kv.kd_reads += p[i].kv.kd_reads;
		fa_pagefilter_clone_free(&p[i].pf);
	}
	if (k + 1 > cv->mm_threads)
		cv->mm_threads = k + 1;
	if (k) {
		cv->pf.free_until = p[k - 1].pf.free_until;
		cv->pf.head_addr = p[k - 1].pf.head_addr;
		cv->pf.head_class = p[k - 1].pf.head_class;
	}
	free(p);
	return rc;
}

/* Both bitmaps of cycle [cs, ce): bm1 into cv->bm1, bm2 into cv->bm2. */
int build_cycle(struct conv *cv, uint64_t cs, uint64_t ce,
		struct fa_err *e)
{
	if (cv->rf) {
		memset(cv->bm1, 0, cv->cycle / 8);
		memset(cv->bm2, 0, cv->cycle / 8);
		fa_refilter_cycle(cv->rf, cs, ce, cv->bm1, cv->bm2);
	} else {
		build_bm1(cv, cs, ce, cv->bm1);
		memcpy(cv->bm2, cv->bm1, cv->cycle / 8);
	}
	if (!cv->have_pf)
		return 0;
	return exclude_cycle(cv, cs, ce, cv->bm2, e);
}

/* The set bits of @bm (bit i = pfn @cs + i, up to @ce) in [@a, @b). */
uint64_t count_range(const uint8_t *bm, uint64_t cs, uint64_t ce,
		     uint64_t a, uint64_t b)
{
	uint64_t n = 0, p;

	a = a > cs ? a : cs;
	b = b < ce ? b : ce;
	for (p = a; p < b && (p & 7); p++)
		n += bm[(p - cs) >> 3] >> ((p - cs) & 7) & 1;
	if (p < b && b - p >= 8) {
		n += popcount_bytes(bm + ((p - cs) >> 3), (b - p) >> 3);
		p += (b - p) & ~7ULL;
	}
	for (; p < b; p++)
		n += bm[(p - cs) >> 3] >> ((p - cs) & 7) & 1;
	return n;
}

int pass1(struct conv *cv, struct fa_err *e)
{
	uint64_t cs, nbytes;
	int rc;

	cv->nr_dumped = 0;
	for (cs = 0; cs < cv->max_mapnr; cs += cv->cycle) {
		uint64_t ce = cycle_end(cv, cs);

		/* The last cycle is written: the file reaches the descriptors. */
		if (ce < cv->max_mapnr && cycle_empty(cv, cs, ce)) {
			cv->st->cycles++;
			continue;
		}
		rc = build_cycle(cv, cs, ce, e);
		if (rc)
			return rc;
		nbytes = cv->cycle / 8;
		if (cs / 8 + nbytes > cv->l.bitmap_len)
			nbytes = cv->l.bitmap_len - cs / 8;
		cv->st->present += popcount_bytes(cv->bm1, nbytes);
		cv->nr_dumped += popcount_bytes(cv->bm2, nbytes);
		if (cv->o->split)
			cv->nr_split += count_range(cv->bm2, cs, ce,
						    cv->o->split_start,
						    cv->o->split_end);
		rc = sink_write(&cv->sink, cv->l.bitmap1_off + cs / 8, cv->bm1,
				nbytes, e);
		if (!rc)
			rc = sink_write(&cv->sink, cv->l.bitmap2_off + cs / 8,
					cv->bm2, nbytes, e);
		if (rc)
			return rc;
		cv->st->cycles++;
	}
	if (!cv->have_pf)
		return 0;
	memcpy(cv->st->excluded, cv->pf.nr, sizeof(cv->st->excluded));
	snprintf(cv->st->mem_map_via, sizeof(cv->st->mem_map_via), "%s",
		 cv->have_vtop ? "ppc64 translation" :
		 !cv->kv.kd_reads ? "x86_64 page tables" :
		 cv->kv.direct_reads ? "x86_64 page tables, libkdumpfile" :
		 "libkdumpfile");
	if (cv->mm_threads > 1)
		snprintf(cv->st->mem_map_via + strlen(cv->st->mem_map_via),
			 sizeof(cv->st->mem_map_via) - strlen(cv->st->mem_map_via),
			 " by %u threads", cv->mm_threads);
	return 0;
}
