// SPDX-License-Identifier: GPL-2.0-or-later
/* test_elfcore.c - ELF64 core reader (libelf path) and sparse writer. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fa_test.h"
#include "elfcore.h"
#include "elfnote.h"
#include "prstatus.h"

/* ---- helpers: hand-built cores, with offsets from the ELF spec ---- */

struct hseg {
	uint32_t type, flags;
	uint64_t off, vaddr, paddr, filesz, memsz;
};

static void put_ehdr(uint8_t *b, int bo, uint16_t type, uint16_t machine,
		     uint16_t phnum)
{
	memset(b, 0, 64);
	b[0] = 0x7f; b[1] = 'E'; b[2] = 'L'; b[3] = 'F';
	b[4] = 2;		/* ELFCLASS64 */
	b[5] = (uint8_t)bo;	/* EI_DATA */
	b[6] = 1;		/* EV_CURRENT */
	fa_put16(b + 16, bo, type);
	fa_put16(b + 18, bo, machine);
	fa_put32(b + 20, bo, 1);
	fa_put64(b + 32, bo, 64);	/* e_phoff */
	fa_put16(b + 52, bo, 64);	/* e_ehsize */
	fa_put16(b + 54, bo, 56);	/* e_phentsize */
	fa_put16(b + 56, bo, phnum);
}

static void put_phdr(uint8_t *b, int bo, const struct hseg *s)
{
	fa_put32(b, bo, s->type);
	fa_put32(b + 4, bo, s->flags);
	fa_put64(b + 8, bo, s->off);
	fa_put64(b + 16, bo, s->vaddr);
	fa_put64(b + 24, bo, s->paddr);
	fa_put64(b + 32, bo, s->filesz);
	fa_put64(b + 40, bo, s->memsz);
	fa_put64(b + 48, bo, 0);
}

static char *tpath(const char *name)
{
	static char buf[8][256];
	static int k;
	char *p = buf[k++ % 8];

	snprintf(p, 256, "%s/%s", fa_test_tmpdir(), name);
	return p;
}

static const char *write_tmp(const char *name, const void *buf, size_t len)
{
	const char *p = tpath(name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
	return p;
}

static int open_buf(const char *name, const void *buf, size_t len,
		    unsigned int flags, struct fa_elfcore **c, struct fa_err *e)
{
	return fa_elfcore_open_path(c, write_tmp(name, buf, len), flags, e);
}

/* ---- golden: a QEMU-7.2-style big-endian header written byte by byte ---- */

static const char golden_be_hex[] =
	/* Elf64_Ehdr */
	"7f 45 4c 46 02 02 01 00 00 00 00 00 00 00 00 00"
	"00 04 00 15 00 00 00 01"			/* ET_CORE, EM_PPC64, version */
	"00 00 00 00 00 00 00 00"			/* e_entry */
	"00 00 00 00 00 00 00 40"			/* e_phoff */
	"00 00 00 00 00 10 00 00"			/* e_shoff: past EOF (bogus) */
	"00 00 00 00 00 08 00 38 00 02 00 40 00 01 00 00"	/* e_ehsize 8! */
	/* PT_NOTE: offset 0xb0, filesz 0x20 */
	"00 00 00 04 00 00 00 00 00 00 00 00 00 00 00 b0"
	"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
	"00 00 00 00 00 00 00 20 00 00 00 00 00 00 00 20"
	"00 00 00 00 00 00 00 00"
	/* PT_LOAD: offset 0xd0, vaddr c...1000, paddr 0x1000, filesz 0x10, memsz 0x20 */
	"00 00 00 01 00 00 00 07 00 00 00 00 00 00 00 d0"
	"c0 00 00 00 00 00 10 00 00 00 00 00 00 00 10 00"
	"00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 20"
	"00 00 00 00 00 00 00 00"
	/* VMCOREINFO note: namesz 11, descsz 8, type 0 */
	"00 00 00 0b 00 00 00 08 00 00 00 00"
	"56 4d 43 4f 52 45 49 4e 46 4f 00 00"
	"41 3d 31 0a 42 3d 32 0a"
	/* memory at paddr 0x1000 */
	"00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff";

static void test_golden_be_qemu_quirks(void **state)
{
	uint8_t file[512], buf[32];
	size_t len = fa_test_hex(golden_be_hex, file, sizeof(file));
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	const char *vi;
	size_t vilen;
	struct fa_mem m;
	uint64_t v;

	(void)state;
	assert_int_equal(len, 0xe0);
	assert_fa_ok(open_buf("golden.be", file, len, 0, &c, &e), &e);
	assert_int_equal(c->byteorder, FA_BE);
	assert_int_equal(c->e_machine, 21);
	assert_int_equal(c->e_type, 4);
	assert_int_equal(c->nphdrs, 2);
	assert_int_equal(c->nloads, 1);
	assert_int_equal(c->loads[0].paddr, 0x1000);
	assert_int_equal(c->loads[0].offset, 0xd0);
	assert_int_equal(c->loads[0].phdr_index, 1);
	assert_fa_ok(fa_elfcore_vmcoreinfo(c, &vi, &vilen, &e), &e);
	assert_int_equal(vilen, 8);
	assert_memory_equal(vi, "A=1\nB=2\n", 8);
	assert_int_equal(c->nprstatus, 0);
	/* data then the zero-filled [filesz, memsz) tail */
	memset(buf, 0x5a, sizeof(buf));
	assert_fa_ok(fa_elfcore_read_phys(c, 0x1000, buf, 32, &e), &e);
	assert_int_equal(buf[0], 0x00);
	assert_int_equal(buf[15], 0xff);
	for (int i = 16; i < 32; i++)
		assert_int_equal(buf[i], 0);
	fa_elfcore_mem(c, &m);
	assert_int_equal(m.byteorder, FA_BE);
	assert_fa_ok(fa_mem_read_u64(&m, FA_KVADDR, 0xc000000000001008ULL, &v, &e), &e);
	assert_int_equal(v, 0x8899aabbccddeeffULL);
	assert_fa_ok(fa_mem_read_u64(&m, FA_PHYS, 0x1000, &v, &e), &e);
	assert_int_equal(v, 0x0011223344556677ULL);
	assert_fa_error(fa_elfcore_read_phys(c, 0x1020, buf, 1, &e), &e, FA_ENOENT,
			"physical address 0x1020 is not in the dump");
	assert_fa_error(fa_elfcore_read_phys(c, 0xfff, buf, 2, &e), &e, FA_ENOENT,
			"physical address 0xfff");
	fa_elfcore_close(c);
}

/* ---- multi-segment cores, both byte orders ---- */

#define DATA_OFF 0x1000

/*
 * Segments (phdr order deliberately unsorted):
 *   #0 PT_NOTE: 2 x NT_PRSTATUS + terminator + zero padding
 *   #1 PT_LOAD paddr 0x3000 memsz 0x1000 vaddr 0
 *   #2 PT_LOAD paddr 0      filesz 0x1000 vaddr 0xc000000000000000
 *   #3 PT_LOAD paddr 0x1000 filesz 0x800 memsz 0x1000 (tail zero), vaddr 0
 *   #4 PT_NOTE: VMCOREINFO
 *   hole at 0x2000..0x3000
 * Memory bytes: byte at paddr p is (p * 7 + 3) & 0xff.
 */
static size_t build_core(uint8_t *f, size_t cap, int bo, uint16_t machine)
{
	uint8_t desc[504];
	struct fa_prstatus pr;
	struct fa_err e = { 0 };
	size_t nlen = 0, vlen, pos;
	uint64_t off = DATA_OFF;
	struct hseg s[5];

	memset(f, 0, cap);
	put_ehdr(f, bo, 4, machine, 5);
	/* notes */
	for (int cpu = 0; cpu < 2; cpu++) {
		memset(&pr, 0, sizeof(pr));
		pr.pid = 100 + cpu;
		pr.reg[FA_PT_NIP] = 0xc000000000000100ULL + (uint64_t)cpu;
		assert_int_equal(fa_prstatus_encode(desc, sizeof(desc), bo, FA_EM_PPC64,
						    &pr, &e), 504);
		nlen += fa_note_put(f + off + nlen, bo, "CORE", FA_NT_PRSTATUS, desc, 504);
	}
	nlen += fa_note_put_end(f + off + nlen);
	nlen += 64;	/* unused, zero: the kernel's fixed-size note buffer */
	s[0] = (struct hseg){ FA_PT_NOTE, 0, off, 0, 0, nlen, nlen };
	off += FA_ALIGN_UP(nlen, 0x100);
	vlen = fa_note_put(f + off, bo, "VMCOREINFO", 0, "OSRELEASE=6.1.0\n\0\0\0", 19);
	s[4] = (struct hseg){ FA_PT_NOTE, 0, off, 0, 0, vlen, vlen };
	off = FA_ALIGN_UP(off + vlen, 0x1000);
	s[2] = (struct hseg){ FA_PT_LOAD, 7, off, 0xc000000000000000ULL, 0, 0x1000, 0x1000 };
	s[3] = (struct hseg){ FA_PT_LOAD, 7, off + 0x1000, 0, 0x1000, 0x800, 0x1000 };
	s[1] = (struct hseg){ FA_PT_LOAD, 7, off + 0x1800, 0, 0x3000, 0x1000, 0x1000 };
	for (uint64_t p = 0; p < 0x1000; p++)
		f[off + p] = (uint8_t)(p * 7 + 3);
	for (uint64_t p = 0x1000; p < 0x1800; p++)
		f[off + p] = (uint8_t)(p * 7 + 3);
	for (uint64_t p = 0x3000; p < 0x4000; p++)
		f[off + 0x1800 + p - 0x3000] = (uint8_t)(p * 7 + 3);
	pos = off + 0x2800;
	assert_true(pos <= cap);
	for (int i = 0; i < 5; i++)
		put_phdr(f + 64 + 56 * i, bo, &s[i]);
	return pos;
}

static uint8_t mem_byte(uint64_t p)
{
	return (uint8_t)(p * 7 + 3);
}

static void check_core(struct fa_elfcore *c, int bo)
{
	static uint8_t buf[0x2000];
	struct fa_err e = { 0 };
	struct fa_prstatus pr;
	const struct fa_elf_load *seg;
	uint64_t off, pa;
	const char *vi;
	size_t vilen;

	assert_int_equal(c->byteorder, bo);
	assert_int_equal(c->nloads, 3);
	assert_int_equal(c->loads[0].paddr, 0);
	assert_int_equal(c->loads[1].paddr, 0x1000);
	assert_int_equal(c->loads[2].paddr, 0x3000);
	assert_int_equal(c->loads[2].phdr_index, 1);
	/* across the #2 -> #3 boundary, into #3's zero tail */
	assert_fa_ok(fa_elfcore_read_phys(c, 0xf00, buf, 0x1100, &e), &e);
	for (uint64_t p = 0xf00; p < 0x2000; p++)
		assert_int_equal(buf[p - 0xf00], p < 0x1800 ? mem_byte(p) : 0);
	assert_fa_ok(fa_elfcore_read_phys(c, 0x3ff0, buf, 0x10, &e), &e);
	assert_int_equal(buf[0], mem_byte(0x3ff0));
	/* the hole, entered from a segment */
	assert_fa_error(fa_elfcore_read_phys(c, 0x1ff0, buf, 0x20, &e), &e, FA_ENOENT,
			"physical address 0x2000 is not in the dump");
	assert_fa_error(fa_elfcore_read_phys(c, 0x4000, buf, 1, &e), &e, FA_ENOENT,
			"0x4000");
	/* lookups */
	assert_int_equal(fa_elfcore_phys_offset(c, 0x1004, &seg, &off, &e), 0);
	assert_int_equal(off, c->loads[1].offset + 4);
	assert_int_equal(seg->phdr_index, c->loads[1].phdr_index);
	assert_int_equal(seg->paddr, 0x1000);
	assert_int_equal(seg->memsz, 0x1000);
	assert_int_equal(fa_elfcore_phys_offset(c, 0x1800, &seg, &off, &e), 1);
	assert_fa_error(fa_elfcore_phys_offset(c, 0x2800, &seg, &off, &e), &e, FA_ENOENT,
			"0x2800");
	assert_null(seg);
	assert_null(fa_elfcore_find_phys(c, 0x2fff));
	assert_non_null(fa_elfcore_find_phys(c, 0x3000));
	/* notes */
	assert_int_equal(c->nprstatus, 2);
	for (int cpu = 0; cpu < 2; cpu++) {
		assert_fa_ok(fa_prstatus_decode(c->prstatus[cpu].desc,
						c->prstatus[cpu].descsz, bo,
						c->e_machine, &pr, &e), &e);
		assert_int_equal(pr.pid, 100 + cpu);
		assert_int_equal(pr.reg[FA_PT_NIP], 0xc000000000000100ULL + (uint64_t)cpu);
	}
	assert_fa_ok(fa_elfcore_vmcoreinfo(c, &vi, &vilen, &e), &e);
	assert_int_equal(vilen, 16);	/* trailing NULs cut */
	assert_memory_equal(vi, "OSRELEASE=6.1.0\n", 16);
	/* notes blob: terminators and padding gone, still iterable */
	assert_int_equal(c->notes_len, 2 * 524 + 12 + 12 + 20);
	(void)pa;
}

static void test_handbuilt_both_orders(void **state)
{
	static uint8_t f[0x8000];
	static const int orders[] = { FA_LE, FA_BE };
	struct fa_err e = { 0 };

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct fa_elfcore *c;
		size_t len = build_core(f, sizeof(f), orders[k], FA_EM_PPC64);

		assert_fa_ok(open_buf("hand.core", f, len, 0, &c, &e), &e);
		check_core(c, orders[k]);
		fa_elfcore_close(c);
		/* QEMU 7.2: e_ehsize 8, section headers past the end */
		fa_put16(f + 52, orders[k], 8);
		fa_put64(f + 40, orders[k], 0x100000);
		fa_put16(f + 58, orders[k], 64);
		fa_put16(f + 60, orders[k], 3);
		assert_fa_ok(open_buf("qemu.core", f, len, 0, &c, &e), &e);
		check_core(c, orders[k]);
		fa_elfcore_close(c);
	}
}

static void test_kvaddr(void **state)
{
	static uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	struct fa_mem m;
	uint8_t buf[0x20];
	uint64_t pa;
	size_t len;

	(void)state;
	len = build_core(f, sizeof(f), FA_LE, FA_EM_PPC64);
	assert_fa_ok(open_buf("kv.core", f, len, 0, &c, &e), &e);
	/* via p_vaddr of the first segment */
	assert_fa_ok(fa_elfcore_kv_to_phys(c, 0xc000000000000123ULL, &pa, &e), &e);
	assert_int_equal(pa, 0x123);
	/* 0x3000 has p_vaddr 0: the ppc64 linear map finds it */
	assert_fa_ok(fa_elfcore_kv_to_phys(c, 0xc000000000003004ULL, &pa, &e), &e);
	assert_int_equal(pa, 0x3004);
	fa_elfcore_mem(c, &m);
	/* spans the p_vaddr range into the linear-map fallback */
	assert_fa_ok(m.read(m.ctx, FA_KVADDR, 0xc000000000000ff0ULL, buf, 0x20, &e), &e);
	for (int i = 0; i < 0x20; i++)
		assert_int_equal(buf[i], mem_byte(0xff0 + (uint64_t)i));
	assert_fa_error(m.read(m.ctx, FA_KVADDR, 0xc000000000002000ULL, buf, 8, &e), &e,
			FA_ENOENT, "kvaddr 0xc000000000002000: physical address 0x2000");
	assert_fa_error(m.read(m.ctx, 7, 0, buf, 8, &e), &e, FA_EINVAL, "address space 7");
	fa_elfcore_close(c);

	/* x86_64 has no ppc64 linear map */
	len = build_core(f, sizeof(f), FA_LE, FA_EM_X86_64);
	assert_fa_ok(open_buf("kv86.core", f, len, 0, &c, &e), &e);
	assert_fa_ok(fa_elfcore_kv_to_phys(c, 0xc000000000000010ULL, &pa, &e), &e);
	assert_int_equal(pa, 0x10);
	assert_fa_error(fa_elfcore_kv_to_phys(c, 0xc000000000003000ULL, &pa, &e), &e,
			FA_ENOENT, "kernel virtual address 0xc000000000003000 is not in any PT_LOAD");
	fa_elfcore_close(c);
}

/*
 * Reads at the top of the address space (a pointer of all ones in a
 * corrupt dump, fuzz_dump): an error, not an endless loop of 0-byte steps
 * (the alarm turns a hang into a failure).
 */
static void test_kvaddr_top_of_space(void **state)
{
	static uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	uint8_t buf[8];
	size_t len;

	(void)state;
	len = build_core(f, sizeof(f), FA_LE, FA_EM_PPC64);
	assert_fa_ok(open_buf("top.core", f, len, 0, &c, &e), &e);
	alarm(10);
	assert_fa_error(fa_elfcore_read_kv(c, UINT64_MAX, buf, 4, &e), &e,
			FA_ERANGE,
			"kvaddr 0xffffffffffffffff: 4 bytes from there run past the end of the address space");
	assert_fa_error(fa_elfcore_read_kv(c, UINT64_MAX, buf, 1, &e), &e,
			FA_ENOENT, "physical address 0x3fffffffffffffff");
	assert_fa_error(fa_elfcore_read_phys(c, UINT64_MAX - 2, buf, 8, &e),
			&e, FA_ERANGE,
			"physical address 0xfffffffffffffffd: 8 bytes from there run past");
	alarm(0);
	fa_elfcore_close(c);
}

/* ---- malformed input ---- */

static void test_not_elf_and_truncated_header(void **state)
{
	uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	size_t len = build_core(f, sizeof(f), FA_BE, FA_EM_PPC64);

	(void)state;
	(void)len;
	assert_fa_error(open_buf("empty", f, 0, 0, &c, &e), &e, FA_EMAGIC,
			"not an ELF file");
	assert_null(c);
	assert_fa_error(open_buf("short", f, 40, 0, &c, &e), &e, FA_ETRUNC,
			"ELF header: need 64 bytes at offset 0, only 40 available");
	assert_true(strstr(e.msg, "/short: ") != NULL);	/* names the file */
	f[1] = 'X';
	assert_fa_error(open_buf("notelf", f, 64, 0, &c, &e), &e, FA_EMAGIC,
			"expected 7f 45 4c 46");
}

static void test_wrong_class_type_order(void **state)
{
	uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	size_t len = build_core(f, sizeof(f), FA_BE, FA_EM_PPC64);

	(void)state;
	f[4] = 1;
	assert_fa_error(open_buf("class32", f, len, 0, &c, &e), &e, FA_EUNSUP,
			"ELF class 1 at offset 4, expected ELFCLASS64");
	f[4] = 2;
	f[5] = 3;
	assert_fa_error(open_buf("data3", f, len, 0, &c, &e), &e, FA_EENDIAN,
			"EI_DATA) 3");
	f[5] = FA_BE;
	f[17] = 2;	/* ET_EXEC */
	assert_fa_error(open_buf("exec", f, len, 0, &c, &e), &e, FA_EUNSUP,
			"e_type 2 at offset 16, expected ET_CORE");
	assert_fa_ok(open_buf("exec", f, len, FA_ELFCORE_ANY_TYPE, &c, &e), &e);
	assert_int_equal(c->e_type, 2);
	fa_elfcore_close(c);
}

static void test_truncated_phdr_table(void **state)
{
	uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;

	(void)state;
	build_core(f, sizeof(f), FA_LE, FA_EM_PPC64);
	/* 5 phdrs need 64 + 280 bytes */
	assert_fa_error(open_buf("phtrunc", f, 64 + 56 * 3 + 10, 0, &c, &e), &e,
			FA_ETRUNC, "program header table: need 280 bytes at offset 0x40, file has 242");
	fa_put16(f + 56, FA_LE, 0);
	assert_fa_error(open_buf("phnum0", f, 0x8000, 0, &c, &e), &e, FA_ECORRUPT,
			"e_phnum is 0");
}

static void test_load_past_eof(void **state)
{
	uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	size_t len = build_core(f, sizeof(f), FA_BE, FA_EM_PPC64);

	(void)state;
	/* cut the last segment's (phdr #1, paddr 0x3000) last 0x100 bytes */
	assert_fa_error(open_buf("cut", f, len - 0x100, 0, &c, &e), &e, FA_ETRUNC,
			"PT_LOAD #1 (paddr 0x3000)");
	assert_true(strstr(e.msg, "is 256 bytes past the end of the file") != NULL);
	assert_true(strstr(e.msg, "truncated dump") != NULL);
}

static void test_offset_overflow(void **state)
{
	uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	size_t len = build_core(f, sizeof(f), FA_LE, FA_EM_PPC64);
	uint8_t *ph2 = f + 64 + 56 * 2;

	(void)state;
	fa_put64(ph2 + 8, FA_LE, 0xfffffffffffff000ULL);	/* p_offset */
	assert_fa_error(open_buf("ovf", f, len, 0, &c, &e), &e, FA_ERANGE,
			"PT_LOAD #2: p_offset 0xfffffffffffff000 + p_filesz 0x1000 overflows");
	build_core(f, sizeof(f), FA_LE, FA_EM_PPC64);
	fa_put64(ph2 + 32, FA_LE, 0x2000);		/* filesz > memsz */
	assert_fa_error(open_buf("fsz", f, len, 0, &c, &e), &e, FA_ECORRUPT,
			"p_filesz 0x2000 > p_memsz 0x1000");
	build_core(f, sizeof(f), FA_LE, FA_EM_PPC64);
	fa_put64(ph2 + 24, FA_LE, 0xfffffffffffff800ULL);	/* paddr + memsz */
	assert_fa_error(open_buf("povf", f, len, 0, &c, &e), &e, FA_ERANGE,
			"p_paddr 0xfffffffffffff800 + p_memsz 0x1000 overflows");
}

/*
 * Overlapping PT_LOADs (x86_64's kernel text lies inside System RAM):
 * every address inside any of them reads, file data wins over a
 * zero-filled tail, and the map counts each byte once.
 */
static void test_overlapping_loads(void **state)
{
	const struct hseg segs[] = {
		/* outer: 0x0..0x4000, data 0x11 for 0x1000, then zero fill */
		{ FA_PT_LOAD, 7, 0x1000, 0, 0x0, 0x1000, 0x4000 },
		/* nested, data 0x22 at 0x2000..0x2800 */
		{ FA_PT_LOAD, 7, 0x2000, 0, 0x2000, 0x800, 0x800 },
		/* nested twice, inside the outer's data: the outer's bytes */
		{ FA_PT_LOAD, 7, 0x3000, 0, 0x800, 0x100, 0x100 },
		/* crossing the outer's end: 0x3800..0x5000, data 0x33 */
		{ FA_PT_LOAD, 7, 0x3000, 0, 0x3800, 0x1800, 0x1800 },
	};
	uint8_t f[0x5000], b[0x5000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	uint64_t total = 0, off;
	size_t i;

	(void)state;
	memset(f, 0, sizeof(f));
	put_ehdr(f, FA_LE, 4, FA_EM_PPC64, 4);
	for (i = 0; i < 4; i++)
		put_phdr(f + 64 + 56 * i, FA_LE, &segs[i]);
	memset(f + 0x1000, 0x11, 0x1000);
	memset(f + 0x2000, 0x22, 0x800);
	memset(f + 0x3000, 0x33, 0x1800);
	assert_int_equal(open_buf("nested", f, sizeof(f), 0, &c, &e), 0);
	assert_int_equal(fa_elfcore_read_phys(c, 0, b, 0x5000, &e), 0);
	for (i = 0; i < 0x5000; i++) {
		uint8_t want = i < 0x1000 ? 0x11 :
			       i >= 0x2000 && i < 0x2800 ? 0x22 :
			       i >= 0x3800 ? 0x33 : 0;

		if (b[i] != want)
			fail_msg("paddr %#zx: %#x, expected %#x", i, b[i], want);
	}
	/* Inside the outer segment, past the nested one: in the dump. */
	assert_non_null(fa_elfcore_find_phys(c, 0x2c00));
	assert_int_equal(fa_elfcore_phys_offset(c, 0x2c00, NULL, &off, &e), 1);
	assert_int_equal(fa_elfcore_phys_offset(c, 0x2100, NULL, &off, &e), 0);
	assert_int_equal(off, 0x2100);
	assert_null(fa_elfcore_find_phys(c, 0x5000));
	for (i = 0; i < c->nmap; i++) {
		total += c->map[i].memsz;
		if (i)
			assert_true(c->map[i - 1].paddr + c->map[i - 1].memsz <=
				    c->map[i].paddr);
	}
	assert_int_equal(total, 0x5000);
	assert_int_equal(c->nloads, 4);
	fa_elfcore_close(c);
}

static void test_bad_note(void **state)
{
	uint8_t f[0x8000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	size_t len = build_core(f, sizeof(f), FA_BE, FA_EM_PPC64);

	(void)state;
	/* the second PRSTATUS note's namesz overflows */
	fa_put32(f + DATA_OFF + 524, FA_BE, 0xfffffffd);
	assert_fa_error(open_buf("badnote", f, len, 0, &c, &e), &e, FA_ERANGE,
			"PT_NOTE #0 at file offset 0x1000: note at offset 0x20c: namesz 4294967293");
	/* LAX: the notes before it and the other PT_NOTE survive */
	assert_fa_ok(open_buf("badnote", f, len, FA_ELFCORE_LAX_NOTES, &c, &e), &e);
	assert_int_equal(c->notes_bad, 1);
	assert_true(strstr(c->notes_err.msg, "namesz 4294967293") != NULL);
	assert_int_equal(c->nprstatus, 1);
	assert_non_null(c->vmcoreinfo);
	fa_elfcore_close(c);
}

static void test_notes_too_big(void **state)
{
	uint8_t f[0x1000];
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	struct hseg s = { FA_PT_NOTE, 0, 0x1000, 0, 0, 257u << 20, 257u << 20 };
	const char *p;
	int fd;

	(void)state;
	put_ehdr(f, FA_LE, 4, 21, 1);
	put_phdr(f + 64, FA_LE, &s);
	p = write_tmp("bignotes", f, 120);
	fd = open(p, O_WRONLY);
	assert_int_equal(ftruncate(fd, 0x1000 + (257 << 20)), 0);	/* sparse */
	close(fd);
	assert_fa_error(fa_elfcore_open_path(&c, p, 0, &e), &e, FA_ERANGE,
			"PT_NOTE data is 269484032 bytes, more than the 268435456 accepted");
}

/* ---- header codec and layout ---- */

static const char hdr_le_hex[] =
	"7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00"
	"04 00 3e 00 01 00 00 00 00 00 00 00 00 00 00 00"	/* ET_CORE, EM_X86_64 */
	"40 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"	/* phoff 64, shoff 0 */
	"00 00 00 00 40 00 38 00 01 00 00 00 00 00 00 00"	/* ehsize 64, phnum 1 */
	"01 00 00 00 05 00 00 00 00 10 00 00 00 00 00 00"	/* PT_LOAD R|X off 0x1000 */
	"00 00 00 81 ff ff ff ff 00 00 00 01 00 00 00 00"	/* vaddr, paddr 0x1000000 */
	"00 20 00 00 00 00 00 00 00 30 00 00 00 00 00 00"	/* filesz 0x2000 memsz 0x3000 */
	"00 00 00 00 00 00 00 00";

static void test_build_headers_golden(void **state)
{
	uint8_t gold[128], out[128];
	size_t len = fa_test_hex(hdr_le_hex, gold, sizeof(gold));
	struct fa_elf_phdr ph = { FA_PT_LOAD, FA_PF_R | FA_PF_X, 0x1000,
				  0xffffffff81000000ULL, 0x1000000, 0x2000, 0x3000, 0 };
	struct fa_elf_phdr back;
	struct fa_elf_ehdr h;
	struct fa_err e = { 0 };

	(void)state;
	assert_int_equal(len, 120);
	assert_int_equal(fa_elf_build_headers(out, sizeof(out), FA_LE, FA_EM_X86_64, 0,
					      &ph, 1, &e), 120);
	assert_memory_equal(out, gold, 120);
	assert_fa_ok(fa_elf_ehdr_decode(gold, len, &h, &e), &e);
	assert_int_equal(h.machine, 62);
	assert_int_equal(h.phnum, 1);
	assert_int_equal(h.ehsize, 64);
	fa_elf_phdr_decode(gold + 64, FA_LE, &back);
	assert_memory_equal(&back, &ph, sizeof(ph));
	assert_fa_error(fa_elf_build_headers(out, 119, FA_LE, 62, 0, &ph, 1, &e), &e,
			FA_ERANGE, "need 120 bytes, buffer has 119");
	assert_fa_error(fa_elf_build_headers(out, sizeof(out), FA_LE, 62, 0, &ph, 0xffff, &e),
			&e, FA_EUNSUP, "65535 program headers");
}

static void test_layout(void **state)
{
	struct fa_elf_phdr ph[3] = {
		{ .type = FA_PT_NOTE, .filesz = 30 },
		{ .type = FA_PT_LOAD, .filesz = 0x1001 },
		{ .type = FA_PT_LOAD, .filesz = 0x10 },
	};
	struct fa_err e = { 0 };
	uint64_t size;

	(void)state;
	assert_fa_ok(fa_elf_layout(ph, 3, 0x10000, &size, &e), &e);
	assert_int_equal(ph[0].offset, 64 + 3 * 56);
	assert_int_equal(ph[1].offset, 0x10000);
	assert_int_equal(ph[2].offset, 0x20000);
	assert_int_equal(size, 0x20010);
	assert_fa_ok(fa_elf_layout(ph, 3, 0, &size, &e), &e);
	assert_int_equal(ph[1].offset, 232 + 30);	/* PT_LOAD unaligned */
	assert_int_equal(ph[2].offset, 262 + 0x1001);
	assert_fa_error(fa_elf_layout(ph, 3, 0x3000, &size, &e), &e, FA_EINVAL,
			"0x3000 is not a power of two");
	ph[1].filesz = UINT64_MAX - 0x100;
	assert_fa_error(fa_elf_layout(ph, 3, 0x10000, &size, &e), &e, FA_ERANGE,
			"overflows");
}

/* ---- writer ---- */

struct pattern {
	uint64_t base;		/* paddr of pos 0 */
};

static int pattern_read(void *ctx, uint64_t pos, void *buf, size_t len,
			struct fa_err *e)
{
	struct pattern *p = ctx;
	uint8_t *b = buf;

	(void)e;
	for (size_t i = 0; i < len; i++)
		b[i] = mem_byte(p->base + pos + i);
	return 0;
}

static int zero_read(void *ctx, uint64_t pos, void *buf, size_t len,
		     struct fa_err *e)
{
	(void)ctx; (void)pos; (void)e;
	memset(buf, 0, len);
	return 0;
}

static int hole_read(void *ctx, uint64_t pos, void *buf, size_t len,
		     struct fa_err *e)
{
	(void)ctx; (void)pos; (void)buf; (void)len; (void)e;
	return 1;
}

static int fail_read(void *ctx, uint64_t pos, void *buf, size_t len,
		     struct fa_err *e)
{
	(void)ctx; (void)buf; (void)len;
	if (pos < FA_ELFW_CHUNK)
		return zero_read(ctx, pos, buf, len, e);
	return fa_err_set(e, FA_EIO, "source went away");
}

static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void writer_roundtrip(int bo)
{
	char dir[256], path[300];
	struct fa_elf_phdr ph[3] = {
		{ .type = FA_PT_NOTE },
		{ .type = FA_PT_LOAD, .flags = 7, .vaddr = 0xc000000000000000ULL,
		  .paddr = 0, .filesz = 0x30000, .memsz = 0x30000 },
		{ .type = FA_PT_LOAD, .flags = 7, .vaddr = 0xc000000010000000ULL,
		  .paddr = 0x10000000, .filesz = 0x800, .memsz = 0x10000 },
	};
	uint8_t notes[600], desc[504], buf[0x100];
	struct fa_prstatus pr = { 0 };
	struct pattern pat = { 0 };
	struct fa_err e = { 0 };
	struct fa_elfcore *c;
	struct fa_elfw w;
	struct stat st;
	uint64_t size;
	size_t nlen;

	snprintf(dir, sizeof(dir), "%s/w%d", fa_test_tmpdir(), bo);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/vmcore", dir);
	pr.reg[FA_PT_NIP] = 0xc0000000deadbeefULL;
	fa_prstatus_encode(desc, sizeof(desc), bo, FA_EM_PPC64, &pr, &e);
	nlen = fa_note_put(notes, bo, "CORE", FA_NT_PRSTATUS, desc, 504);
	nlen += fa_note_put_end(notes + nlen);
	ph[0].filesz = ph[0].memsz = nlen;
	assert_fa_ok(fa_elf_layout(ph, 3, 0x10000, &size, &e), &e);
	assert_fa_ok(fa_elfw_open(&w, path, bo, FA_EM_PPC64, 0, ph, 3, &e), &e);
	assert_fa_ok(fa_elfw_pwrite(&w, ph[0].offset, notes, nlen, &e), &e);
	assert_fa_error(fa_elfw_pwrite(&w, UINT64_MAX - 4, notes, 8, &e), &e,
			FA_ERANGE, "overflows");
	assert_fa_ok(fa_elfw_stream_segment(&w, 1, pattern_read, &pat, &e), &e);
	pat.base = 0x10000000;
	assert_fa_ok(fa_elfw_stream_segment(&w, 2, pattern_read, &pat, &e), &e);
	/* not visible under its final name yet; one 0600 temporary */
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(dir_entries(dir), 1);
	assert_fa_ok(fa_elfw_finish(&w, &e), &e);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal((uint64_t)st.st_size, size);
	assert_int_equal(dir_entries(dir), 1);

	assert_fa_ok(fa_elfcore_open_path(&c, path, 0, &e), &e);
	assert_int_equal(c->byteorder, bo);
	assert_int_equal(c->e_machine, FA_EM_PPC64);
	assert_int_equal(c->nloads, 2);
	assert_int_equal(c->nprstatus, 1);
	assert_fa_ok(fa_prstatus_decode(c->prstatus[0].desc, c->prstatus[0].descsz, bo,
					FA_EM_PPC64, &pr, &e), &e);
	assert_int_equal(pr.reg[FA_PT_NIP], 0xc0000000deadbeefULL);
	assert_fa_ok(fa_elfcore_read_phys(c, 0x2ff80, buf, 0x80, &e), &e);
	for (int i = 0; i < 0x80; i++)
		assert_int_equal(buf[i], mem_byte(0x2ff80 + (uint64_t)i));
	assert_fa_ok(fa_elfcore_read_kv(c, 0xc0000000100007f0ULL, buf, 0x20, &e), &e);
	for (int i = 0; i < 0x10; i++)
		assert_int_equal(buf[i], mem_byte(0x100007f0 + (uint64_t)i));
	for (int i = 0x10; i < 0x20; i++)
		assert_int_equal(buf[i], 0);
	fa_elfcore_close(c);
}

static void test_writer_roundtrip_le(void **state)
{
	(void)state;
	writer_roundtrip(FA_LE);
}

static void test_writer_roundtrip_be(void **state)
{
	(void)state;
	writer_roundtrip(FA_BE);
}

static void test_writer_abort_and_errors(void **state)
{
	char dir[256], path[300];
	struct fa_elf_phdr ph = { .type = FA_PT_LOAD, .offset = 0x1000,
				  .filesz = 4 * FA_ELFW_CHUNK, .memsz = 4 * FA_ELFW_CHUNK };
	struct fa_err e = { 0 };
	struct fa_elfw w;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/abort", fa_test_tmpdir());
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/core", dir);
	assert_fa_ok(fa_elfw_open(&w, path, FA_BE, 21, 0, &ph, 1, &e), &e);
	assert_int_equal(dir_entries(dir), 1);
	assert_fa_error(fa_elfw_stream_segment(&w, 0, fail_read, NULL, &e), &e, FA_EIO,
			"segment 0 (paddr 0): source went away");
	fa_elfw_abort(&w);
	fa_elfw_abort(&w);
	assert_int_equal(dir_entries(dir), 0);

	ph.offset = 0x40;	/* over the headers */
	assert_fa_error(fa_elfw_open(&w, path, FA_BE, 21, 0, &ph, 1, &e), &e, FA_EINVAL,
			"overlaps the 120 bytes of headers");
	ph.offset = UINT64_MAX;
	assert_fa_error(fa_elfw_open(&w, path, FA_BE, 21, 0, &ph, 1, &e), &e, FA_ERANGE,
			"overflows");
	ph.offset = 0x1000;
	assert_fa_error(fa_elfw_open(&w, "-", FA_BE, 21, 0, &ph, 1, &e), &e, FA_EINVAL,
			"seekable");
	assert_fa_error(fa_elfw_stream_segment(&w, 3, hole_read, NULL, &e), &e, FA_EINVAL,
			"phdr 3: only 0 program headers");
	assert_int_equal(dir_entries(dir), 0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_writer_sparse(void **state)
{
	struct fa_elf_phdr ph[2] = {
		{ .type = FA_PT_LOAD, .paddr = 0, .filesz = 4ULL << 30, .memsz = 4ULL << 30 },
		{ .type = FA_PT_LOAD, .paddr = 4ULL << 30, .filesz = 32u << 20,
		  .memsz = 32u << 20 },
	};
	const char *path = tpath("sparse.core");
	struct fa_err e = { 0 };
	struct pattern pat = { 0 };
	struct fa_elfcore *c;
	struct fa_elfw w;
	struct stat st;
	uint64_t size;
	uint8_t buf[16];
	double t0 = now();

	(void)state;
	assert_fa_ok(fa_elf_layout(ph, 2, 0x10000, &size, &e), &e);
	assert_fa_ok(fa_elfw_open(&w, path, FA_LE, 21, 0, ph, 2, &e), &e);
	/* 4 GiB the source knows to be zero: a hole at once */
	assert_fa_ok(fa_elfw_stream_segment(&w, 0, hole_read, NULL, &e), &e);
	/* 32 MiB of zero bytes: detected and skipped */
	assert_fa_ok(fa_elfw_stream_segment(&w, 1, zero_read, NULL, &e), &e);
	/* one non-zero grain in the middle */
	pat.base = 0x1234;
	assert_fa_ok(fa_elfw_stream(&w, ph[1].offset + (16u << 20), 100, pattern_read,
				    &pat, &e), &e);
	assert_fa_ok(fa_elfw_finish(&w, &e), &e);
	assert_true(now() - t0 < 1.5);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((uint64_t)st.st_size, size);
	assert_int_equal(size, 0x10000 + (4ULL << 30) + (32u << 20));
	/* header + one data block, not 4 GiB */
	assert_true((uint64_t)st.st_blocks * 512 < (1u << 20));

	assert_fa_ok(fa_elfcore_open_path(&c, path, 0, &e), &e);
	assert_fa_ok(fa_elfcore_read_phys(c, (4ULL << 30) - 8, buf, 16, &e), &e);
	for (int i = 0; i < 16; i++)
		assert_int_equal(buf[i], 0);
	assert_fa_ok(fa_elfcore_read_phys(c, (4ULL << 30) + (16u << 20), buf, 16, &e), &e);
	for (int i = 0; i < 16; i++)
		assert_int_equal(buf[i], mem_byte(0x1234 + (uint64_t)i));
	fa_elfcore_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_be_qemu_quirks),
		cmocka_unit_test(test_handbuilt_both_orders),
		cmocka_unit_test(test_kvaddr),
		cmocka_unit_test(test_kvaddr_top_of_space),
		cmocka_unit_test(test_not_elf_and_truncated_header),
		cmocka_unit_test(test_wrong_class_type_order),
		cmocka_unit_test(test_truncated_phdr_table),
		cmocka_unit_test(test_load_past_eof),
		cmocka_unit_test(test_offset_overflow),
		cmocka_unit_test(test_bad_note),
		cmocka_unit_test(test_notes_too_big),
		cmocka_unit_test(test_build_headers_golden),
		cmocka_unit_test(test_overlapping_loads),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_writer_roundtrip_le),
		cmocka_unit_test(test_writer_roundtrip_be),
		cmocka_unit_test(test_writer_abort_and_errors),
		cmocka_unit_test(test_writer_sparse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
