// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_ppc64_vtop.c - ppc64 kernel address translation on a small
 * hand-made physical memory: the linear map, the vmemmap through
 * vmemmap_list (both kernel byte orders, list order unsorted, a looping
 * list, implausible page-size data), the radix walk from swapper_pg_dir
 * (64K and 4K pages, leaves at the PTE and PMD levels, holes and bad
 * leaves at each level), and virtual reads across pages.
 *
 * The vmemmap_backing and mmu_psize_def layouts and the radix entry bits
 * are written here from the kernel's definitions, not by the code tested.
 */
#include <stdlib.h>
#include <string.h>

#include "fa_test.h"
#include "ppc64_vtop.h"

#define MEM_SIZE	0x800000ULL	/* 8 MiB of "physical memory" */
#define KV(pa)		(FA_PPC64_PAGE_OFFSET + (pa))

/* vmemmap data (physical addresses) */
#define HEAD_PA		0x1000ULL	/* vmemmap_list */
#define PSIZE_PA	0x1008ULL	/* mmu_vmemmap_psize */
#define DEFS_PA		0x1100ULL	/* mmu_psize_defs[] */
#define DEF_SIZE	32		/* SIZE(mmu_psize_def) */
#define SHIFT_OFF	8		/* OFFSET(mmu_psize_def.shift) */
#define NODE1_PA	0x2000ULL	/* vmemmap_backing entries */
#define NODE2_PA	0x2040ULL
#define VMEMMAP		0xc00c000000000000ULL
#define CHUNK		0x10000ULL	/* 1 << 16 */
#define CHUNK1_PA	0x200000ULL	/* backs VMEMMAP + CHUNK */
#define CHUNK2_PA	0x210000ULL	/* backs VMEMMAP */

/* radix tables (physical addresses) */
#define PGD_PA		0x10000ULL	/* 8192 entries */
#define PUD_PA		0x20000ULL
#define PMD_PA		0x21000ULL
#define PTE_PA		0x22000ULL
#define VMALLOC		0xc008000000000000ULL
#define PGD_IDX		4096		/* (VMALLOC & (2^52 - 1)) >> 39 */
#define PAGE_PA		0x300000ULL	/* PTE 3 */
#define HUGE_PA		0x400000ULL	/* PMD 1: a 2 MiB leaf */

struct phys {
	uint8_t *b;
	int bo;
};

static int phys_read(void *ctx, int space, uint64_t addr, void *buf,
		     size_t len, struct fa_err *e)
{
	struct phys *p = ctx;

	if (space != FA_PHYS)
		return fa_err_set(e, FA_EINVAL, "test: space %d", space);
	if (addr > MEM_SIZE || len > MEM_SIZE - addr)
		return fa_err_set(e, FA_ERANGE, "test: %#llx beyond memory",
				  (unsigned long long)addr);
	memcpy(buf, p->b + addr, len);
	return 0;
}

struct fixture {
	struct phys phys;
	struct fa_mem mem;
	struct fa_vmcoreinfo *vi;
	struct fa_ppc64_vtop v;
	struct fa_err e;
};

static void set_vmci(struct fixture *f, const char *text)
{
	fa_vmci_free(f->vi);
	f->vi = NULL;
	assert_fa_ok(fa_vmci_parse(text, strlen(text), &f->vi, &f->e), &f->e);
}

static const char vmemmap_vmci[] =
	"OSRELEASE=6.1.0\n"
	"SYMBOL(vmemmap_list)=c000000000001000\n"
	"SYMBOL(mmu_vmemmap_psize)=c000000000001008\n"
	"SYMBOL(mmu_psize_defs)=c000000000001100\n"
	"SIZE(mmu_psize_def)=32\n"
	"OFFSET(mmu_psize_def.shift)=8\n"
	"OFFSET(vmemmap_backing.list)=16\n"
	"OFFSET(vmemmap_backing.phys)=0\n"
	"OFFSET(vmemmap_backing.virt_addr)=8\n";

static const char radix_vmci[] =
	"OSRELEASE=6.6.0\n"
	"SYMBOL(vmemmap_list)=c000000000001000\n"
	"SYMBOL(swapper_pg_dir)=c000000000010000\n"
	"OFFSET(vmemmap_backing.list)=16\n"
	"OFFSET(vmemmap_backing.phys)=0\n"
	"OFFSET(vmemmap_backing.virt_addr)=8\n"
	"NUMBER(RADIX_MMU)=1\n";

static void put64(struct fixture *f, uint64_t pa, uint64_t v)
{
	fa_put64(f->phys.b + pa, f->phys.bo, v);
}

static void put_pte(struct fixture *f, uint64_t table, unsigned int idx,
		    uint64_t entry)
{
	fa_put64(f->phys.b + table + 8 * idx, FA_BE, entry);
}

/* Two vmemmap chunks, listed high one first; psize 2 -> shift 16. */
static void vmemmap_memory(struct fixture *f)
{
	put64(f, HEAD_PA, KV(NODE1_PA));
	fa_put32(f->phys.b + PSIZE_PA, f->phys.bo, 2);
	fa_put32(f->phys.b + DEFS_PA + 2 * DEF_SIZE + SHIFT_OFF, f->phys.bo, 16);
	put64(f, NODE1_PA + 0, CHUNK1_PA);
	put64(f, NODE1_PA + 8, VMEMMAP + CHUNK);
	put64(f, NODE1_PA + 16, KV(NODE2_PA));
	put64(f, NODE2_PA + 0, CHUNK2_PA);
	put64(f, NODE2_PA + 8, VMEMMAP);
	put64(f, NODE2_PA + 16, 0);
}

/* PGD -> PUD -> PMD -> PTE for VMALLOC, a 2 MiB leaf at PMD 1. */
static void radix_memory(struct fixture *f)
{
	put_pte(f, PGD_PA, PGD_IDX, FA_RADIX_PRESENT | PUD_PA);
	put_pte(f, PUD_PA, 0, FA_RADIX_PRESENT | PMD_PA);
	put_pte(f, PMD_PA, 0, FA_RADIX_PRESENT | PTE_PA);
	put_pte(f, PMD_PA, 1, FA_RADIX_PRESENT | FA_RADIX_LEAF | HUGE_PA);
	put_pte(f, PTE_PA, 3, FA_RADIX_PRESENT | FA_RADIX_LEAF | PAGE_PA | 0x86);
	put_pte(f, PTE_PA, 4, FA_RADIX_PRESENT | PAGE_PA);	/* no leaf */
	put_pte(f, PMD_PA, 2, FA_RADIX_PRESENT | (MEM_SIZE + 0x1000));
	put_pte(f, PGD_PA, PGD_IDX + 1, FA_RADIX_PRESENT | FA_RADIX_LEAF);
}

static int setup_bo(void **state, int bo)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->phys.b = calloc(1, MEM_SIZE);
	if (!f->phys.b) {
		free(f);
		return -1;
	}
	f->phys.bo = bo;
	f->mem.read = phys_read;
	f->mem.ctx = &f->phys;
	f->mem.byteorder = bo;
	f->mem.ptr_size = 8;
	*state = f;
	return 0;
}

static int setup_le(void **state)
{
	return setup_bo(state, FA_LE);
}

static int setup_be(void **state)
{
	return setup_bo(state, FA_BE);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fa_ppc64_vtop_free(&f->v);
	fa_vmci_free(f->vi);
	free(f->phys.b);
	free(f);
	return 0;
}

static void test_linear(void **state)
{
	struct fixture *f = *state;
	uint64_t pa;

	set_vmci(f, "OSRELEASE=6.1.0\n");
	assert_fa_ok(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
		     &f->e);
	assert_int_equal(f->v.nchunks, 0);
	assert_int_equal(f->v.radix, 0);
	assert_fa_ok(fa_ppc64_vtop(&f->v, KV(0x1234), &pa, &f->e), &f->e);
	assert_true(pa == 0x1234);
	assert_fa_ok(fa_ppc64_vtop(&f->v, FA_PPC64_LINEAR_END - 1, &pa, &f->e),
		     &f->e);
	assert_true(pa == FA_PPC64_LINEAR_END - 1 - FA_PPC64_PAGE_OFFSET);
	assert_fa_error(fa_ppc64_vtop(&f->v, VMEMMAP, &pa, &f->e), &f->e,
			FA_ENOENT, "neither linear map nor in vmemmap_list (0 entries)");
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 8192, &f->e),
			&f->e, FA_EUNSUP, "page size 8192");
}

/* The list, sorted, in either byte order; reads across chunks. */
static void test_vmemmap(void **state)
{
	struct fixture *f = *state;
	struct fa_mem kv;
	uint8_t buf[16], want[16];
	uint64_t pa;
	int i;

	vmemmap_memory(f);
	set_vmci(f, vmemmap_vmci);
	assert_fa_ok(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
		     &f->e);
	assert_int_equal(f->v.nchunks, 2);
	assert_true(f->v.chunks[0].virt == VMEMMAP);
	assert_true(f->v.chunks[1].virt == VMEMMAP + CHUNK);
	assert_true(f->v.chunks[0].size == CHUNK);
	assert_int_equal(f->v.radix, 0);

	assert_fa_ok(fa_ppc64_vtop(&f->v, VMEMMAP + CHUNK + 0x10, &pa, &f->e),
		     &f->e);
	assert_true(pa == CHUNK1_PA + 0x10);
	/* the same page again: the one-entry cache */
	assert_fa_ok(fa_ppc64_vtop(&f->v, VMEMMAP + CHUNK + 0x20, &pa, &f->e),
		     &f->e);
	assert_true(pa == CHUNK1_PA + 0x20);
	assert_fa_ok(fa_ppc64_vtop(&f->v, VMEMMAP + 8, &pa, &f->e), &f->e);
	assert_true(pa == CHUNK2_PA + 8);
	assert_fa_error(fa_ppc64_vtop(&f->v, VMEMMAP + 2 * CHUNK, &pa, &f->e),
			&f->e, FA_ENOENT, "(2 entries)");

	/* 16 bytes across the end of the first chunk into the second */
	for (i = 0; i < 8; i++) {
		f->phys.b[CHUNK2_PA + CHUNK - 8 + i] = (uint8_t)(0xa0 + i);
		f->phys.b[CHUNK1_PA + i] = (uint8_t)(0xb0 + i);
		want[i] = (uint8_t)(0xa0 + i);
		want[8 + i] = (uint8_t)(0xb0 + i);
	}
	fa_ppc64_kv_mem(&f->v, &kv);
	assert_int_equal(kv.ptr_size, 8);
	assert_int_equal(kv.byteorder, f->phys.bo);
	assert_fa_ok(kv.read(kv.ctx, FA_KVADDR, VMEMMAP + CHUNK - 8, buf, 16,
			     &f->e), &f->e);
	assert_memory_equal(buf, want, 16);
	assert_fa_ok(kv.read(kv.ctx, FA_PHYS, CHUNK1_PA, buf, 8, &f->e), &f->e);
	assert_memory_equal(buf, want + 8, 8);
	assert_fa_error(kv.read(kv.ctx, FA_KVADDR, VMEMMAP + 2 * CHUNK - 4, buf,
				8, &f->e), &f->e, FA_ENOENT, "vmemmap_list");
}

/* An empty list is normal (radix, 6.6+): nothing to read. */
static void test_vmemmap_empty(void **state)
{
	struct fixture *f = *state;

	set_vmci(f, vmemmap_vmci);
	assert_fa_ok(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 4096, &f->e),
		     &f->e);
	assert_int_equal(f->v.nchunks, 0);
	assert_int_equal(f->v.radix, 0);
}

static void test_vmemmap_corrupt(void **state)
{
	struct fixture *f = *state;

	vmemmap_memory(f);
	set_vmci(f, vmemmap_vmci);
	/* the second entry points back at the first */
	put64(f, NODE2_PA + 16, KV(NODE1_PA));
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ECORRUPT, "loops back to its first entry");
	assert_null(f->v.chunks);
	/* an entry outside the linear map */
	put64(f, NODE2_PA + 16, 0x1234);
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ECORRUPT,
			"vmemmap_list entry 2: ppc64: expected a linear-map address");
	/* an entry beyond the memory */
	put64(f, NODE2_PA + 16, KV(MEM_SIZE));
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ERANGE, "vmemmap_list entry 2: ");
	put64(f, NODE2_PA + 16, 0);
	/* page-size data that cannot be */
	fa_put32(f->phys.b + DEFS_PA + 2 * DEF_SIZE + SHIFT_OFF, f->phys.bo, 40);
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ECORRUPT, "vmemmap page shift 40");
	fa_put32(f->phys.b + PSIZE_PA, f->phys.bo, 65);
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ECORRUPT, "mmu_vmemmap_psize 65");
	/* the head itself */
	set_vmci(f, "SYMBOL(vmemmap_list)=1000\n"
		 "OFFSET(vmemmap_backing.list)=16\n"
		 "OFFSET(vmemmap_backing.phys)=0\n"
		 "OFFSET(vmemmap_backing.virt_addr)=8\n");
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ECORRUPT, "expected a linear-map address, found 0x1000");
	/* the list without the offsets it needs */
	set_vmci(f, "SYMBOL(vmemmap_list)=c000000000001000\n");
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ENOENT, "vmemmap_backing.list");
	/* psize symbols outside the linear map */
	set_vmci(f, "SYMBOL(vmemmap_list)=c000000000001000\n"
		 "SYMBOL(mmu_vmemmap_psize)=1008\n"
		 "SYMBOL(mmu_psize_defs)=c000000000001100\n"
		 "SIZE(mmu_psize_def)=32\n"
		 "OFFSET(mmu_psize_def.shift)=8\n"
		 "OFFSET(vmemmap_backing.list)=16\n"
		 "OFFSET(vmemmap_backing.phys)=0\n"
		 "OFFSET(vmemmap_backing.virt_addr)=8\n");
	assert_fa_error(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
			&f->e, FA_ECORRUPT, "are not in the linear map");
}

static void test_radix_64k(void **state)
{
	struct fixture *f = *state;
	struct fa_mem kv;
	uint8_t buf[4];
	uint64_t pa;

	radix_memory(f);
	set_vmci(f, radix_vmci);
	assert_fa_ok(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
		     &f->e);
	assert_int_equal(f->v.radix, 1);
	assert_true(f->v.pgd_phys == PGD_PA);

	/* PTE leaf: flags below the page are not address bits */
	assert_fa_ok(fa_ppc64_vtop(&f->v, VMALLOC + 3 * 0x10000 + 0x123, &pa,
				   &f->e), &f->e);
	assert_true(pa == PAGE_PA + 0x123);
	/* PMD leaf: a 2 MiB page */
	assert_fa_ok(fa_ppc64_vtop(&f->v, VMALLOC + (1 << 21) + 0x54321, &pa,
				   &f->e), &f->e);
	assert_true(pa == HUGE_PA + 0x54321);
	/* holes at the PTE, PUD and PGD levels */
	assert_fa_error(fa_ppc64_vtop(&f->v, VMALLOC + 5 * 0x10000, &pa, &f->e),
			&f->e, FA_ENOENT, "not mapped (radix PTE entry 0)");
	assert_fa_error(fa_ppc64_vtop(&f->v, VMALLOC + (1ULL << 30), &pa, &f->e),
			&f->e, FA_ENOENT, "radix PUD");
	assert_fa_error(fa_ppc64_vtop(&f->v, VMALLOC + (2ULL << 39), &pa, &f->e),
			&f->e, FA_ENOENT, "radix PGD");
	/* leaves where none may be: PGD, and a PTE without its leaf bit */
	assert_fa_error(fa_ppc64_vtop(&f->v, VMALLOC + (1ULL << 39), &pa, &f->e),
			&f->e, FA_ECORRUPT, "radix PGD entry");
	assert_fa_error(fa_ppc64_vtop(&f->v, VMALLOC + 4 * 0x10000, &pa, &f->e),
			&f->e, FA_ECORRUPT, "leaf flag where none may be");
	/* a table beyond the memory */
	assert_fa_error(fa_ppc64_vtop(&f->v, VMALLOC + (2 << 21), &pa, &f->e),
			&f->e, FA_ERANGE, "radix PTE of 0xc008000000400000: ");

	/* a virtual read through the walk */
	memcpy(f->phys.b + PAGE_PA + 0x10, "abcd", 4);
	fa_ppc64_kv_mem(&f->v, &kv);
	assert_fa_ok(kv.read(kv.ctx, FA_KVADDR, VMALLOC + 3 * 0x10000 + 0x10,
			     buf, 4, &f->e), &f->e);
	assert_memory_equal(buf, "abcd", 4);
}

static void test_radix_4k(void **state)
{
	struct fixture *f = *state;
	uint64_t pa;

	radix_memory(f);
	/* 4K pages: PTE index 9 bits at shift 12 */
	assert_fa_ok(fa_ppc64_radix_walk(&f->mem, PGD_PA, 4096,
					 VMALLOC + 3 * 0x1000 + 0x45, &pa, &f->e),
		     &f->e);
	assert_true(pa == PAGE_PA + 0x45);
	assert_fa_error(fa_ppc64_radix_walk(&f->mem, PGD_PA, 4096,
					    VMALLOC + 6 * 0x1000, &pa, &f->e),
			&f->e, FA_ENOENT, "radix PTE");
}

/* No radix walk for a hash kernel, nor without a usable swapper_pg_dir. */
static void test_radix_off(void **state)
{
	struct fixture *f = *state;
	uint64_t pa;

	radix_memory(f);
	set_vmci(f, "SYMBOL(swapper_pg_dir)=c000000000010000\n"
		 "NUMBER(RADIX_MMU)=0\n");
	assert_fa_ok(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
		     &f->e);
	assert_int_equal(f->v.radix, 0);
	assert_fa_error(fa_ppc64_vtop(&f->v, VMALLOC + 3 * 0x10000, &pa, &f->e),
			&f->e, FA_ENOENT, "there is no radix table");
	set_vmci(f, "SYMBOL(swapper_pg_dir)=10000\n");
	assert_fa_ok(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
		     &f->e);
	assert_int_equal(f->v.radix, 0);
	/* without NUMBER(RADIX_MMU) (before 6.7): radix assumed */
	set_vmci(f, "SYMBOL(swapper_pg_dir)=c000000000010000\n");
	assert_fa_ok(fa_ppc64_vtop_init(&f->v, &f->mem, f->vi, 65536, &f->e),
		     &f->e);
	assert_int_equal(f->v.radix, 1);
	assert_fa_ok(fa_ppc64_vtop(&f->v, VMALLOC + 3 * 0x10000, &pa, &f->e),
		     &f->e);
	assert_true(pa == PAGE_PA);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_le, teardown)
#define T_BE(fn) cmocka_unit_test_setup_teardown(fn, setup_be, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_linear),
		T(test_vmemmap),
		T_BE(test_vmemmap),
		T(test_vmemmap_empty),
		T(test_vmemmap_corrupt),
		T_BE(test_vmemmap_corrupt),
		T(test_radix_64k),
		T_BE(test_radix_64k),
		T(test_radix_4k),
		T(test_radix_off),
	};
	return cmocka_run_group_tests_name("ppc64_vtop", tests, NULL, NULL);
}
