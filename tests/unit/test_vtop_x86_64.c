// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_vtop_x86_64.c - the x86_64 kernel page-table walk (x86_64_vtop.h)
 * on page tables written by hand into a small physical memory: 4K, 2M and
 * 1G pages with 4 levels, a 5-level walk, an entry that is not present,
 * a table outside the memory, and the init check that the walk finds
 * init_top_pgt where __pa_symbol() puts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "fa_test.h"
#include "x86_64_vtop.h"

#define MEM_SIZE	0x40000ULL	/* 64 pages of 4K */
#define KTEXT		0xffffffff80000000ULL	/* __START_KERNEL_map */
#define PHYS_BASE	0x1000ULL
#define PGD		0x2000ULL	/* init_top_pgt, physical */
#define PRESENT		0x1ULL
#define PSE		0x80ULL

/*
 * The memory is allocated, not a 256 KiB array in .bss: qemu-user with
 * 64K target pages on a 4K host (make check-ppc64le) faults in such a bss.
 */
static uint8_t *mem;

static int mem_read(void *ctx, int space, uint64_t addr, void *buf,
		    size_t len, struct fa_err *e)
{
	(void)ctx;
	if (space != FA_PHYS || addr >= MEM_SIZE || len > MEM_SIZE - addr)
		return fa_err_set(e, FA_ENOENT, "%#llx is not in the memory",
				  (unsigned long long)addr);
	memcpy(buf, mem + addr, len);
	return 0;
}

static const struct fa_mem phys = { .read = mem_read, .byteorder = FA_LE,
				    .ptr_size = 8 };

/* Entry @idx of the table at physical @table. */
static void set(uint64_t table, unsigned int idx, uint64_t val)
{
	fa_put64(mem + table + idx * 8, FA_LE, val);
}

static unsigned int ix(uint64_t va, unsigned int shift)
{
	return (unsigned int)((va >> shift) & 511);
}

static struct fa_vmcoreinfo *vmci(int l5)
{
	struct fa_vmcoreinfo *vi;
	struct fa_err e;
	char text[256];
	int n;

	n = snprintf(text, sizeof(text),
		     "SYMBOL(init_top_pgt)=%llx\nNUMBER(phys_base)=%llu\n%s",
		     (unsigned long long)(KTEXT + PGD - PHYS_BASE),
		     (unsigned long long)PHYS_BASE,
		     l5 ? "NUMBER(pgtable_l5_enabled)=1\n" : "");
	assert_fa_ok(fa_vmci_parse(text, (size_t)n, &vi, &e), &e);
	return vi;
}

/*
 * Four levels: the kernel text map (init_top_pgt itself, a 4K page),
 * a 2M page and a 1G page in the direct map, and one not present.
 */
static void build4(void)
{
	uint64_t sym = KTEXT + PGD - PHYS_BASE;

	memset(mem, 0, MEM_SIZE);
	/* sym -> PGD through PUD 0x3000, PMD 0x4000, PTE 0x5000 */
	set(PGD, ix(sym, 39), 0x3000 | PRESENT);
	set(0x3000, ix(sym, 30), 0x4000 | PRESENT);
	set(0x4000, ix(sym, 21), 0x5000 | PRESENT);
	set(0x5000, ix(sym, 12), PGD | PRESENT);
	/* 0xffff888000000000: PUD 0x6000 holds a 1G page at 0x40000000 */
	set(PGD, ix(0xffff888000000000ULL, 39), 0x6000 | PRESENT);
	set(0x6000, 0, 0x40000000ULL | PSE | PRESENT);
	/* ... and, next 1G, PMD 0x7000 with a 2M page at 0x200000 */
	set(0x6000, 1, 0x7000 | PRESENT);
	set(0x7000, 0, 0x200000ULL | PSE | PRESENT);
	/* entry 2: a table outside the memory */
	set(0x6000, 2, 0x80000000ULL | PRESENT);
}

static void test_walk_4_levels(void **state)
{
	struct fa_vmcoreinfo *vi = vmci(0);
	struct fa_x86_64_vtop v;
	uint64_t pa, span;

	(void)state;
	build4();
	assert_int_equal(fa_x86_64_vtop_init(&v, &phys, vi), 0);
	assert_int_equal(v.levels, 4);
	assert_int_equal(v.pgd, PGD);

	/* a 1G page: the offset kept, the span to its end */
	assert_int_equal(fa_x86_64_vtop(&v, 0xffff888000123456ULL, &pa, &span), 0);
	assert_int_equal(pa, 0x40123456ULL);
	assert_int_equal(span, (1ULL << 30) - 0x123456);
	/* a 2M page */
	assert_int_equal(fa_x86_64_vtop(&v, 0xffff888040001008ULL, &pa, &span), 0);
	assert_int_equal(pa, 0x201008ULL);
	assert_int_equal(span, (2ULL << 20) - 0x1008);
	/* not present in the PMD: final */
	assert_int_equal(fa_x86_64_vtop(&v, 0xffff888040200000ULL, &pa, &span),
			 X86_UNMAPPED);
	/* not present in the PGD */
	assert_int_equal(fa_x86_64_vtop(&v, 0xffffc90000000000ULL, &pa, &span),
			 X86_UNMAPPED);
	/* a table the dump does not hold */
	assert_int_equal(fa_x86_64_vtop(&v, 0xffff888080000000ULL, &pa, &span),
			 -1);
	fa_vmci_free(vi);
}

static void test_walk_5_levels(void **state)
{
	struct fa_vmcoreinfo *vi = vmci(1);
	uint64_t sym = KTEXT + PGD - PHYS_BASE, pa, span;
	struct fa_x86_64_vtop v;

	(void)state;
	memset(mem, 0, MEM_SIZE);
	/* P4D 0x8000 between the PGD and the 4-level chain of build4() */
	set(PGD, ix(sym, 48), 0x8000 | PRESENT);
	set(0x8000, ix(sym, 39), 0x3000 | PRESENT);
	set(0x3000, ix(sym, 30), 0x4000 | PRESENT);
	set(0x4000, ix(sym, 21), 0x5000 | PRESENT);
	set(0x5000, ix(sym, 12), PGD | PRESENT);
	assert_int_equal(fa_x86_64_vtop_init(&v, &phys, vi), 0);
	assert_int_equal(v.levels, 5);
	assert_int_equal(fa_x86_64_vtop(&v, sym + 0x18, &pa, &span), 0);
	assert_int_equal(pa, PGD + 0x18);
	assert_int_equal(span, 0x1000 - 0x18);
	fa_vmci_free(vi);
}

static void test_init_refuses(void **state)
{
	struct fa_vmcoreinfo *vi;
	struct fa_x86_64_vtop v;
	struct fa_err e;

	(void)state;
	/* no VMCOREINFO, no symbol */
	assert_int_equal(fa_x86_64_vtop_init(&v, &phys, NULL), -1);
	assert_fa_ok(fa_vmci_parse("OSRELEASE=6.1\n", 14, &vi, &e), &e);
	assert_int_equal(fa_x86_64_vtop_init(&v, &phys, vi), -1);
	fa_vmci_free(vi);
	/* tables that do not map init_top_pgt to itself */
	build4();
	set(0x5000, ix(KTEXT + PGD - PHYS_BASE, 12), 0x9000 | PRESENT);
	vi = vmci(0);
	assert_int_equal(fa_x86_64_vtop_init(&v, &phys, vi), -1);
	fa_vmci_free(vi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_4_levels),
		cmocka_unit_test(test_walk_5_levels),
		cmocka_unit_test(test_init_refuses),
	};
	int rc;

	mem = calloc(1, MEM_SIZE);
	if (!mem)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(mem);
	return rc;
}
