// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ppc64_vtop.c - ppc64 kernel address translation for dumps read on any
 * host (see ppc64_vtop.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "ppc64_vtop.h"

/* More chunks than any machine has: a corrupt list must not run forever. */
#define VMEMMAP_MAX_CHUNKS	(1u << 22)

static int is_linear(uint64_t vaddr)
{
	return vaddr >= FA_PPC64_PAGE_OFFSET && vaddr < FA_PPC64_LINEAR_END;
}

static int read_kv_linear_u64(const struct fa_mem *m, uint64_t vaddr,
			      uint64_t *val, struct fa_err *e)
{
	if (!is_linear(vaddr))
		return fa_err_set(e, FA_ECORRUPT,
				  "ppc64: expected a linear-map address, found %#llx",
				  (unsigned long long)vaddr);
	return fa_mem_read_u64(m, FA_PHYS, vaddr - FA_PPC64_PAGE_OFFSET, val, e);
}

static int chunk_cmp(const void *a, const void *b)
{
	const struct fa_vmemmap_chunk *x = a, *y = b;

	return x->virt < y->virt ? -1 : x->virt > y->virt;
}

/* The size of one vmemmap_backing chunk: 1 << mmu_psize_defs[psize].shift. */
static int vmemmap_chunk_size(const struct fa_mem *m,
			      const struct fa_vmcoreinfo *vi, uint64_t *size,
			      struct fa_err *e)
{
	uint64_t psize_sym, defs, def_size, shift_off;
	uint32_t psize, shift;
	int rc;

	rc = fa_vmci_read(vi, FA_VMCI_SYMBOL, "mmu_vmemmap_psize", &psize_sym, e);
	if (!rc)
		rc = fa_vmci_read(vi, FA_VMCI_SYMBOL, "mmu_psize_defs", &defs, e);
	if (!rc)
		rc = fa_vmci_read(vi, FA_VMCI_SIZE, "mmu_psize_def", &def_size, e);
	if (!rc)
		rc = fa_vmci_read(vi, FA_VMCI_OFFSET, "mmu_psize_def.shift",
				  &shift_off, e);
	if (rc)
		return rc;
	if (!is_linear(psize_sym) || !is_linear(defs))
		return fa_err_set(e, FA_ECORRUPT,
				  "ppc64: mmu_vmemmap_psize/mmu_psize_defs at %#llx/%#llx are not in the linear map",
				  (unsigned long long)psize_sym,
				  (unsigned long long)defs);
	rc = fa_mem_read_u32(m, FA_PHYS, psize_sym - FA_PPC64_PAGE_OFFSET,
			     &psize, e);
	if (rc)
		return rc;
	if (psize > 64 || def_size > 4096)
		return fa_err_set(e, FA_ECORRUPT,
				  "ppc64: mmu_vmemmap_psize %u (expected < 64) or SIZE(mmu_psize_def) %llu implausible",
				  psize, (unsigned long long)def_size);
	rc = fa_mem_read_u32(m, FA_PHYS, defs - FA_PPC64_PAGE_OFFSET +
			     psize * def_size + shift_off, &shift, e);
	if (rc)
		return rc;
	if (shift < 12 || shift > 34)
		return fa_err_set(e, FA_ECORRUPT,
				  "ppc64: vmemmap page shift %u, expected 12..34",
				  shift);
	*size = 1ULL << shift;
	return 0;
}

static int read_vmemmap_list(struct fa_ppc64_vtop *v,
			     const struct fa_vmcoreinfo *vi, struct fa_err *e)
{
	uint64_t head, off_list, off_phys, off_virt, node, first, size = 0;
	size_t cap = 0;
	int rc;

	if (fa_vmci_symbol(vi, "vmemmap_list", &head))
		return 0;		/* no list: nothing to read */
	rc = fa_vmci_read(vi, FA_VMCI_OFFSET, "vmemmap_backing.list", &off_list, e);
	if (!rc)
		rc = fa_vmci_read(vi, FA_VMCI_OFFSET, "vmemmap_backing.phys",
				  &off_phys, e);
	if (!rc)
		rc = fa_vmci_read(vi, FA_VMCI_OFFSET, "vmemmap_backing.virt_addr",
				  &off_virt, e);
	if (!rc)
		rc = read_kv_linear_u64(v->mem, head, &node, e);
	if (rc)
		return rc;
	if (!node)
		return 0;		/* empty list (radix, 6.6+) */
	rc = vmemmap_chunk_size(v->mem, vi, &size, e);
	if (rc)
		return rc;
	first = node;
	while (node) {
		struct fa_vmemmap_chunk *c;

		if (v->nchunks >= VMEMMAP_MAX_CHUNKS || (v->nchunks && node == first))
			return fa_err_set(e, FA_ECORRUPT,
					  "ppc64: vmemmap_list loops back to its first entry %#llx after %zu entries",
					  (unsigned long long)first, v->nchunks);
		if (v->nchunks == cap) {
			cap = cap ? 2 * cap : 256;
			c = realloc(v->chunks, cap * sizeof(*c));
			if (!c)
				return fa_err_set(e, FA_ENOMEM,
						  "ppc64: out of memory for vmemmap_list");
			v->chunks = c;
		}
		c = &v->chunks[v->nchunks++];
		c->size = size;
		rc = read_kv_linear_u64(v->mem, node + off_phys, &c->phys, e);
		if (!rc)
			rc = read_kv_linear_u64(v->mem, node + off_virt, &c->virt, e);
		if (!rc)
			rc = read_kv_linear_u64(v->mem, node + off_list, &node, e);
		if (rc)
			return fa_err_prefix(e, "vmemmap_list entry %zu: ",
					     v->nchunks - 1);
	}
	qsort(v->chunks, v->nchunks, sizeof(*v->chunks), chunk_cmp);
	return 0;
}

int fa_ppc64_vtop_init(struct fa_ppc64_vtop *v, const struct fa_mem *mem,
		       const struct fa_vmcoreinfo *vi, uint32_t page_size,
		       struct fa_err *e)
{
	uint64_t pgd;
	int64_t radix;
	int rc;

	memset(v, 0, sizeof(*v));
	v->mem = mem;
	v->page_size = page_size;
	if (page_size != 4096 && page_size != 65536)
		return fa_err_set(e, FA_EUNSUP,
				  "ppc64: page size %u, expected 4096 or 65536",
				  page_size);
	rc = read_vmemmap_list(v, vi, e);
	if (rc) {
		fa_ppc64_vtop_free(v);
		return rc;
	}
	if (v->nchunks || fa_vmci_symbol(vi, "swapper_pg_dir", &pgd) ||
	    !is_linear(pgd))
		return 0;
	/* NUMBER(RADIX_MMU)=0 (6.7+) says hash: no radix table to walk. */
	if (!fa_vmci_number(vi, "RADIX_MMU", &radix) && !radix)
		return 0;
	v->radix = 1;
	v->pgd_phys = pgd - FA_PPC64_PAGE_OFFSET;
	return 0;
}

void fa_ppc64_vtop_free(struct fa_ppc64_vtop *v)
{
	free(v->chunks);
	v->chunks = NULL;
	v->nchunks = 0;
}

static const struct fa_vmemmap_chunk *find_chunk(const struct fa_ppc64_vtop *v,
						 uint64_t vaddr)
{
	size_t lo = 0, hi = v->nchunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct fa_vmemmap_chunk *c = &v->chunks[mid];

		if (vaddr < c->virt)
			hi = mid;
		else if (vaddr - c->virt >= c->size)
			lo = mid + 1;
		else
			return c;
	}
	return NULL;
}

int fa_ppc64_radix_walk(const struct fa_mem *mem, uint64_t pgd,
			uint32_t page_size, uint64_t vaddr, uint64_t *paddr,
			struct fa_err *e)
{
	static const char *const names[] = { "PGD", "PUD", "PMD", "PTE" };
	unsigned int page_shift = page_size == 65536 ? 16 : 12;
	unsigned int shift[4] = { 39, 30, 21, page_shift };
	unsigned int bits[4] = { 13, 9, 9, 21 - page_shift };
	uint64_t ea = vaddr & ((1ULL << 52) - 1), table = pgd, entry;
	uint8_t raw[8];
	int level, rc;

	for (level = 0; level < 4; level++) {
		uint64_t idx = (ea >> shift[level]) & ((1ULL << bits[level]) - 1);
		uint64_t span = 1ULL << shift[level];

		rc = mem->read(mem->ctx, FA_PHYS, table + idx * 8, raw, 8, e);
		if (rc)
			return fa_err_prefix(e, "radix %s of %#llx: ",
					     names[level],
					     (unsigned long long)vaddr);
		entry = fa_get64(raw, FA_BE);
		if (!(entry & FA_RADIX_PRESENT))
			return fa_err_set(e, FA_ENOENT,
					  "ppc64: %#llx not mapped (radix %s entry %#llx)",
					  (unsigned long long)vaddr,
					  names[level],
					  (unsigned long long)entry);
		if (entry & FA_RADIX_LEAF) {
			if (level == 0)
				break;
			*paddr = (entry & FA_RADIX_RPN_MASK & ~(span - 1)) |
				 (ea & (span - 1));
			return 0;
		}
		if (level == 3)
			break;
		table = entry & FA_RADIX_NLB_MASK;
	}
	return fa_err_set(e, FA_ECORRUPT,
			  "ppc64: radix %s entry %#llx for %#llx: leaf flag where none may be",
			  names[level], (unsigned long long)entry,
			  (unsigned long long)vaddr);
}

int fa_ppc64_vtop(struct fa_ppc64_vtop *v, uint64_t vaddr, uint64_t *paddr,
		  struct fa_err *e)
{
	uint64_t mask = (uint64_t)v->page_size - 1, page;
	const struct fa_vmemmap_chunk *c;
	int rc;

	if (is_linear(vaddr)) {
		*paddr = vaddr - FA_PPC64_PAGE_OFFSET;
		return 0;
	}
	if (v->last_valid && (vaddr & ~mask) == v->last_vpage) {
		*paddr = v->last_ppage | (vaddr & mask);
		return 0;
	}
	c = find_chunk(v, vaddr);
	if (c) {
		page = c->phys + (vaddr - c->virt);
	} else if (v->radix) {
		rc = fa_ppc64_radix_walk(v->mem, v->pgd_phys, v->page_size,
					 vaddr, &page, e);
		if (rc)
			return rc;
	} else {
		return fa_err_set(e, FA_ENOENT,
				  "ppc64: %#llx is neither linear map nor in vmemmap_list (%zu entries), and there is no radix table",
				  (unsigned long long)vaddr, v->nchunks);
	}
	v->last_vpage = vaddr & ~mask;
	v->last_ppage = page & ~mask;
	v->last_valid = 1;
	*paddr = page;
	return 0;
}

static int kv_read(void *ctx, int space, uint64_t addr, void *buf, size_t len,
		   struct fa_err *e)
{
	struct fa_ppc64_vtop *v = ctx;
	uint8_t *p = buf;

	if (space == FA_PHYS)
		return v->mem->read(v->mem->ctx, FA_PHYS, addr, buf, len, e);
	while (len) {
		uint64_t pa, in_page = v->page_size - (addr & (v->page_size - 1));
		size_t n = len < in_page ? len : (size_t)in_page;
		int rc = fa_ppc64_vtop(v, addr, &pa, e);

		if (!rc)
			rc = v->mem->read(v->mem->ctx, FA_PHYS, pa, p, n, e);
		if (rc)
			return rc;
		addr += n;
		p += n;
		len -= n;
	}
	return 0;
}

void fa_ppc64_kv_mem(struct fa_ppc64_vtop *v, struct fa_mem *out)
{
	out->read = kv_read;
	out->ctx = v;
	out->byteorder = v->mem->byteorder;
	out->ptr_size = 8;
}
