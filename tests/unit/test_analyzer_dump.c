// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_analyzer_dump.c - the dump layer and the firmware section finder on
 * small hand-made vmcores in both byte orders: type detection (ELF,
 * opalcore, capture root), reads across segments, the magic scan and the
 * ibm,kernel-dump path, the region map, and malformed inputs.
 *
 * The firmware structures are written byte by byte from the offsets in
 * fadump-kernel-formats.md (§2.2-2.3, §3.1-3.2, §5.1), not by the codecs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dump.h"
#include "elfcore.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "fa_test.h"
#include "fwsections.h"
#include "regions.h"

#define BOOT_SIZE	0x10000ULL
#define CPU_ADDR	0x100000ULL	/* REGSAVE segment: CPU + HPTE */
#define CPU_LEN		0x100ULL
#define HPTE_LEN	0x100ULL
#define COPY_ADDR	0x110000ULL	/* boot-memory copy (cut) */
#define HDR_ADDR	0x120000ULL	/* crash-info header segment */
#define HDR_SEG		0x1000ULL
#define MEM_ADDR	0x200000ULL	/* other memory */
#define MEM_LEN		0x10000ULL
#define NIP		0xc000000000001234ULL
#define LINK		0xc000000000005678ULL

struct img {
	uint8_t *buf;
	size_t len;
};

static void put_be64s(uint8_t *p, const char *tag)
{
	memset(p, 0, 8);
	memcpy(p, tag, strlen(tag));
}

/* REGSAVE area (§3.1-3.2): one CPU with GPR00 and NIA. */
static void regsave(uint8_t *p, int good_magic)
{
	put_be64s(p, good_magic ? "REGSAVE" : "REGSAVX");
	fa_put32(p + 8, FA_BE, 0);		/* version */
	fa_put32(p + 12, FA_BE, 16);		/* num_cpu_offset */
	fa_put32(p + 16, FA_BE, 1);		/* NumCpus */
	put_be64s(p + 20, "CPUSTRT");
	fa_put64(p + 28, FA_BE, 5);
	put_be64s(p + 36, "GPR00");
	fa_put64(p + 44, FA_BE, 0xabc);
	put_be64s(p + 52, "NIA");
	fa_put64(p + 60, FA_BE, NIP);
	put_be64s(p + 68, "CPUEND");
	fa_put64(p + 76, FA_BE, 5);
}

/* FADMPSIG header (§5.1) with an 8-byte cpu mask: 432 bytes. */
static void crashinfo(uint8_t *p, int bo)
{
	fa_put64(p, bo, 0x4641444D50534947ULL);	/* FADMPSIG */
	fa_put32(p + 8, bo, 1);
	fa_put32(p + 12, bo, 5);			/* crashing_cpu */
	fa_put64(p + 16, bo, 0);
	fa_put64(p + 24, bo, 0);
	fa_put32(p + 32, bo, 384);
	fa_put32(p + 36, bo, 8);
	fa_put64(p + 40 + 8 * 32, bo, NIP);		/* regs.nip */
	fa_put64(p + 40 + 8 * 36, bo, LINK);		/* regs.link */
	fa_put64(p + 424, bo, 0x20);			/* CPU 5 online */
}

/*
 * A vmcore as the capture kernel exports it: notes, boot memory at 0, the
 * CPU/HPTE segment, the header segment and other memory; the copy cut.
 */
static void build(struct img *im, int bo, int good_magic, int swap_hdr)
{
	struct fa_elf_phdr ph[5];
	uint8_t notes[256], *p;
	const char vi[] = "OSRELEASE=6.10.0-test\nPAGESIZE=65536\nCRASHTIME=1713286363\n";
	size_t nlen, hlen = fa_elf_headers_size(5), i;
	uint64_t off;
	struct fa_err e;

	nlen = fa_note_put(notes, bo, "VMCOREINFO", 0, vi, sizeof(vi) - 1);
	memset(ph, 0, sizeof(ph));
	ph[0].type = FA_PT_NOTE;
	ph[0].offset = hlen;
	ph[0].filesz = ph[0].memsz = nlen;
	off = 0x1000;
	for (i = 1; i < 5; i++) {
		static const uint64_t pa[] = { 0, 0, CPU_ADDR, HDR_ADDR, MEM_ADDR };
		static const uint64_t sz[] = { 0, BOOT_SIZE, 0x10000, HDR_SEG, MEM_LEN };

		ph[i].type = FA_PT_LOAD;
		ph[i].flags = 7;
		ph[i].paddr = pa[i];
		ph[i].vaddr = pa[i] + FA_PPC64_PAGE_OFFSET;
		ph[i].offset = off;
		ph[i].filesz = ph[i].memsz = sz[i];
		off += sz[i];
	}
	im->len = off;
	im->buf = calloc(1, im->len);
	assert_non_null(im->buf);
	assert_true(fa_elf_build_headers(im->buf, hlen, bo, 21, 2, ph, 5, &e) > 0);
	memcpy(im->buf + hlen, notes, nlen);
	p = im->buf + ph[1].offset;
	for (i = 0; i < BOOT_SIZE; i++)
		p[i] = (uint8_t)(i * 7);
	regsave(im->buf + ph[2].offset, good_magic);
	crashinfo(im->buf + ph[3].offset, swap_hdr ? (bo == FA_LE ? FA_BE : FA_LE) : bo);
}

static char *write_img(const struct img *im, const char *name)
{
	char *path;
	struct fa_err e;

	assert_true(asprintf(&path, "%s/%s", fa_test_tmpdir(), name) > 0);
	assert_fa_ok(fa_write_file(path, im->buf, im->len, &e), &e);
	return path;
}

/* ibm,kernel-dump for the image (§2.2-2.3): CPU, HPTE, one boot region. */
static size_t kernel_dump(uint8_t *p)
{
	static const struct { uint16_t type; uint64_t src, len, dest; } s[3] = {
		{ 0x0001, 0, CPU_LEN, CPU_ADDR },
		{ 0x0002, 0, HPTE_LEN, CPU_ADDR + CPU_LEN },
		{ 0x0011, 0, BOOT_SIZE, COPY_ADDR },
	};
	int i;

	memset(p, 0, 160);
	fa_put32(p, FA_BE, 1);
	fa_put16(p + 4, FA_BE, 3);
	fa_put16(p + 6, FA_BE, 0x8000);
	fa_put32(p + 8, FA_BE, 40);
	for (i = 0; i < 3; i++) {
		uint8_t *r = p + 40 + 40 * i;

		fa_put32(r, FA_BE, 1);
		fa_put16(r + 4, FA_BE, s[i].type);
		fa_put64(r + 8, FA_BE, s[i].src);
		fa_put64(r + 16, FA_BE, s[i].len);
		fa_put64(r + 24, FA_BE, s[i].len);
		fa_put64(r + 32, FA_BE, s[i].dest);
	}
	return 160;
}

static char *make_root(const struct img *im, const char *name, size_t kd_len)
{
	char *root, path[4096];
	uint8_t kd[160];
	struct fa_err e;
	size_t n;

	assert_true(asprintf(&root, "%s/%s", fa_test_tmpdir(), name) > 0);
	mkdir(root, 0700);
	snprintf(path, sizeof(path), "%s/proc", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/proc/device-tree", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/proc/device-tree/rtas", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/proc/vmcore", root);
	assert_fa_ok(fa_write_file(path, im->buf, im->len, &e), &e);
	n = kernel_dump(kd);
	snprintf(path, sizeof(path), "%s/proc/device-tree/rtas/ibm,kernel-dump", root);
	assert_fa_ok(fa_write_file(path, kd, kd_len ? kd_len : n, &e), &e);
	return root;
}

static void check_scan(int bo)
{
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct img im;
	struct fa_dump *d;
	struct fa_err e;
	uint8_t buf[16];
	char *path;
	int64_t t;

	build(&im, bo, 1, 0);
	path = write_img(&im, bo == FA_LE ? "le.vmcore" : "be.vmcore");
	assert_fa_ok(fa_dump_open(path, 0, &d, &e), &e);
	assert_int_equal(d->format, FA_DUMP_ELF);
	assert_int_equal(d->byteorder, bo);
	assert_int_equal(d->page_size, 65536);
	assert_int_equal(d->nranges, 4);
	assert_string_equal(fa_dump_osrelease(d), "6.10.0-test");
	assert_fa_ok(fa_dump_crashtime(d, &t), &e);
	assert_int_equal(t, 1713286363);
	assert_string_equal(fa_dump_machine_name(d), bo == FA_LE ? "ppc64le" : "ppc64");
	/* Reads across the end of boot memory fail at the first hole. */
	assert_fa_ok(fa_dump_read_phys(d, 0x10, buf, 4, &e), &e);
	assert_int_equal(buf[0], (uint8_t)(0x10 * 7));
	assert_fa_error(fa_dump_read_phys(d, BOOT_SIZE - 8, buf, 16, &e), &e,
			FA_ENOENT, "0x10000");
	assert_true(fa_dump_has_phys(d, CPU_ADDR, 0x10000));
	assert_false(fa_dump_has_phys(d, COPY_ADDR, 1));

	assert_fa_ok(fa_fwsections_find(d, NULL, fw, &e), &e);
	assert_int_equal(fw->platform, FA_FW_PSERIES);
	assert_int_equal(fw->source, FA_FWSRC_SCAN);
	assert_int_equal(fw->have_crashinfo, 1);
	assert_int_equal(fw->ci.crashing_cpu, 5);
	assert_int_equal(fw->ci.regs[32], NIP);
	assert_int_equal(fw->crash_info.addr, HDR_ADDR);
	assert_int_equal(fw->crash_info.size, 432);
	assert_int_equal(fw->cpu_state.addr, CPU_ADDR);
	assert_int_equal(fw->have_regsave, 1);
	assert_int_equal(fw->regsave_num_cpus, 1);
	/* The copy lies between the CPU/HPTE segment and the header. */
	assert_int_equal(fw->boot_mem_dest_addr, COPY_ADDR);
	assert_int_equal(fw->boot_memory_size, BOOT_SIZE);
	assert_int_equal(fw->nboot, 1);
	assert_int_equal(fw->boot[0].src, 0);
	fa_dump_close(d);
	free(path);
	free(im.buf);
	free(fw);
}

static void test_scan_le(void **state)
{
	(void)state;
	check_scan(FA_LE);
}

static void test_scan_be(void **state)
{
	(void)state;
	check_scan(FA_BE);
}

static void test_root_kernel_dump(void **state)
{
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct fa_map m;
	struct img im;
	struct fa_dump *d;
	struct fa_err e;
	char *root, path[4096];
	uint8_t *buf;
	size_t len, i;

	(void)state;
	build(&im, FA_LE, 1, 0);
	root = make_root(&im, "root", 0);
	snprintf(path, sizeof(path), "%s/", root);
	assert_fa_ok(fa_dump_open(path, 0, &d, &e), &e);
	assert_string_equal(d->root, root);
	assert_fa_ok(fa_dump_root_file(d, "proc/device-tree/rtas/ibm,kernel-dump",
				       4096, &buf, &len, &e), &e);
	assert_int_equal(len, 160);
	free(buf);
	assert_fa_error(fa_dump_root_file(d, "sys/nothing", 4096, &buf, &len, &e),
			&e, FA_ENOENT, "no such file");
	assert_fa_ok(fa_fwsections_find(d, NULL, fw, &e), &e);
	assert_int_equal(fw->source, FA_FWSRC_KERNEL_DUMP);
	assert_int_equal(fw->cpu_state.size, CPU_LEN);
	assert_int_equal(fw->hpte.addr, CPU_ADDR + CPU_LEN);
	assert_int_equal(fw->fadumphdr_addr, HDR_ADDR);
	assert_int_equal(fw->boot_mem_top, BOOT_SIZE);
	assert_int_equal(fw->reserved.addr, CPU_ADDR);
	assert_int_equal(fw->reserved.size, HDR_ADDR + 432 - CPU_ADDR);

	/* The map: boot, CPU, HPTE, pad, copy, header, memory, holes. */
	assert_fa_ok(fa_map_build(d, fw, &m, &e), &e);
	{
		static const int kinds[] = {
			FA_MAP_BOOT, FA_MAP_HOLE, FA_MAP_CPU, FA_MAP_HPTE,
			FA_MAP_PAD, FA_MAP_BOOT_COPY, FA_MAP_CRASH_INFO,
			FA_MAP_MEMORY, FA_MAP_HOLE, FA_MAP_MEMORY,
		};

		assert_int_equal(m.n, sizeof(kinds) / sizeof(kinds[0]));
		for (i = 0; i < m.n; i++)
			assert_int_equal(m.e[i].kind, kinds[i]);
		assert_int_equal(m.e[0].copy, COPY_ADDR);
		assert_int_equal(m.e[4].start, CPU_ADDR + CPU_LEN + HPTE_LEN);
		assert_int_equal(m.e[7].start, HDR_ADDR + 432);
		assert_false(m.e[5].in_dump);
	}
	fa_map_free(&m);
	fa_dump_close(d);
	free(root);
	free(im.buf);
	free(fw);
}

static void test_opalcore(void **state)
{
	struct fa_elf_phdr ph[2];
	uint8_t notes[1024], desc[504], aux[24], *b;
	size_t n = 0, hlen = fa_elf_headers_size(2);
	struct fa_dump *d;
	struct fa_err e;
	char *path;

	(void)state;
	memset(desc, 0, sizeof(desc));
	fa_put32(desc + 32, FA_BE, 100 + 8);	/* pr_pid = 100 + PIR */
	fa_put16(desc + 12, FA_BE, 10);		/* pr_cursig */
	n += fa_note_put(notes + n, FA_BE, "CORE", 1, desc, sizeof(desc));
	memset(aux, 0, sizeof(aux));
	fa_put64(aux, FA_BE, 9);
	n += fa_note_put(notes + n, FA_BE, "CORE", 6, aux, sizeof(aux));
	memset(ph, 0, sizeof(ph));
	ph[0].type = FA_PT_NOTE;
	ph[0].offset = hlen;
	ph[0].filesz = ph[0].memsz = n;
	ph[1].type = FA_PT_LOAD;
	ph[1].offset = 0x1000;
	ph[1].filesz = ph[1].memsz = 0x1000;
	b = calloc(1, 0x2000);
	assert_true(fa_elf_build_headers(b, hlen, FA_BE, 21, 0, ph, 2, &e) > 0);
	memcpy(b + hlen, notes, n);
	path = write_img(&(struct img){ b, 0x2000 }, "opalcore");
	assert_fa_ok(fa_dump_open(path, 0, &d, &e), &e);
	assert_int_equal(d->format, FA_DUMP_OPALCORE);
	assert_null(d->vmcoreinfo);
	fa_dump_close(d);
	/* The same notes little-endian: not an opalcore (always BE). */
	free(b);
	free(path);
}

static void test_malformed(void **state)
{
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct fa_dump *d = NULL;
	struct img im;
	struct fa_err e;
	char *path, *root, dir[4096];
	uint8_t junk[64];

	(void)state;
	path = write_img(&(struct img){ junk, 0 }, "empty");
	assert_fa_error(fa_dump_open(path, 0, &d, &e), &e, FA_EMAGIC,
			"empty file: expected an ELF vmcore");
	free(path);
	memset(junk, 'z', sizeof(junk));
	path = write_img(&(struct img){ junk, sizeof(junk) }, "junk");
	assert_fa_error(fa_dump_open(path, 0, &d, &e), &e, FA_EMAGIC,
			"found 7a 7a 7a 7a");
	free(path);

	build(&im, FA_LE, 1, 0);
	path = write_img(&(struct img){ im.buf, 200 }, "trunc");
	assert_int_equal(fa_dump_open(path, 0, &d, &e), FA_ETRUNC);
	free(path);
	path = write_img(&(struct img){ im.buf, im.len - 0x100 }, "short");
	assert_fa_error(fa_dump_open(path, 0, &d, &e), &e, FA_ETRUNC, "PT_LOAD");
	free(path);
	snprintf(dir, sizeof(dir), "%s/emptydir", fa_test_tmpdir());
	mkdir(dir, 0700);
	assert_fa_error(fa_dump_open(dir, 0, &d, &e), &e, FA_ENOENT,
			"not a capture root: no proc/vmcore");
	free(im.buf);

	/* Corrupted REGSAVE where ibm,kernel-dump says it is. */
	build(&im, FA_LE, 0, 0);
	root = make_root(&im, "badmagic", 0);
	assert_fa_ok(fa_dump_open(root, 0, &d, &e), &e);
	assert_fa_error(fa_fwsections_find(d, NULL, fw, &e), &e, FA_EMAGIC,
			"CPU state data at 0x100000: Unable to read register save area");
	fa_dump_close(d);
	free(root);
	free(im.buf);

	/* A crash-info header in the other byte order. */
	build(&im, FA_LE, 1, 1);
	root = make_root(&im, "swapped", 0);
	assert_fa_ok(fa_dump_open(root, 0, &d, &e), &e);
	assert_fa_error(fa_fwsections_find(d, NULL, fw, &e), &e, FA_EENDIAN,
			"crash-info header at 0x120000: ");
	fa_dump_close(d);
	free(root);

	/* A truncated ibm,kernel-dump. */
	root = make_root(&im, "badprop", 30);
	assert_fa_ok(fa_dump_open(root, 0, &d, &e), &e);
	assert_fa_error(fa_fwsections_find(d, NULL, fw, &e), &e, FA_ETRUNC,
			"ibm,kernel-dump: ");
	fa_dump_close(d);
	free(root);
	free(im.buf);
	free(fw);
}

/*
 * A PowerNV vmcore: boot memory at 0 and a 0x3000-byte header segment,
 * with the OPAL kernel metadata @meta_off bytes after the header naming
 * @hdr as fadumphdr_addr (@meta_off 0: no metadata at all).
 */
static struct img opal_img(uint64_t meta_off, uint64_t hdr)
{
	struct fa_elf_phdr ph[2];
	size_t hlen = fa_elf_headers_size(2);
	struct img im = { calloc(1, 0x1000 + BOOT_SIZE + 0x3000),
			  0x1000 + BOOT_SIZE + 0x3000 };
	struct fa_err e;
	uint8_t *m;

	assert_non_null(im.buf);
	memset(ph, 0, sizeof(ph));
	ph[0].type = ph[1].type = FA_PT_LOAD;
	ph[0].offset = 0x1000;
	ph[0].filesz = ph[0].memsz = BOOT_SIZE;
	ph[1].offset = 0x1000 + BOOT_SIZE;
	ph[1].paddr = HDR_ADDR;
	ph[1].filesz = ph[1].memsz = 0x3000;
	assert_true(fa_elf_build_headers(im.buf, hlen, FA_LE, 21, 2, ph, 2,
					 &e) > 0);
	crashinfo(im.buf + ph[1].offset, FA_LE);
	if (!meta_off)
		return im;
	m = im.buf + ph[1].offset + meta_off;
	m[0] = 1;				/* version */
	fa_put16(m + 4, FA_BE, 1);		/* region_cnt */
	fa_put16(m + 6, FA_BE, 1);		/* registered_regions */
	fa_put64(m + 8, FA_BE, hdr);		/* fadumphdr_addr */
	fa_put64(m + 16, FA_BE, 0);		/* rgn[0].src */
	fa_put64(m + 24, FA_BE, HDR_ADDR - BOOT_SIZE);
	fa_put64(m + 32, FA_BE, BOOT_SIZE);
	return im;
}

static struct fa_dump *open_img(struct img *im, const char *name)
{
	struct fa_dump *d;
	struct fa_err e;
	char *path = write_img(im, name);

	assert_fa_ok(fa_dump_open(path, 0, &d, &e), &e);
	free(path);
	free(im->buf);
	return d;
}

/*
 * PowerNV: the kernel metadata (opal_fadump_mem_struct, §4.4, big-endian)
 * right after the crash-info header names the boot regions.
 */
static void test_opal_scan(void **state)
{
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct img im = opal_img(432, HDR_ADDR);
	struct fa_dump *d = open_img(&im, "opal.vmcore");
	struct fa_region_show v;
	struct fa_text t;
	struct fa_err e;

	(void)state;
	assert_fa_ok(fa_fwsections_find(d, NULL, fw, &e), &e);
	assert_int_equal(fw->platform, FA_FW_OPAL);
	assert_int_equal(fw->have_opal_fdm, 1);
	assert_int_equal(fw->opal_fdm_bo, FA_BE);
	assert_int_equal(fw->opal_meta.addr, HDR_ADDR + 432);
	assert_int_equal(fw->nboot, 1);
	assert_int_equal(fw->boot[0].dest, HDR_ADDR - BOOT_SIZE);
	assert_int_equal(fw->boot_mem_top, BOOT_SIZE);
	assert_fa_ok(fa_region_show_from_fw(d, fw, &v, &e), &e);
	fa_text_init(&t);
	assert_fa_ok(fa_region_render(&v, &t, &e), &e);
	assert_string_equal(t.buf,
		"DUMP: Src: 0x00000000000000, Dest: 0x00000000110000, Size: 0x10000, Dumped: 0x10000 bytes\n"
		"\nMemory above 0x00000000010000 is reserved for saving crash dump\n");
	fa_text_free(&t);
	fa_region_show_free(&v);
	fa_dump_close(d);
	free(fw);
}

/*
 * Pre-6.10 the metadata ends a page-aligned reserved area: the scan finds
 * it on the first 4K page boundary after the header (§4.4, §5.4).
 */
static void test_opal_scan_old(void **state)
{
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct img im = opal_img(0x1000, HDR_ADDR);
	struct fa_dump *d = open_img(&im, "opal-old.vmcore");
	struct fa_err e;

	(void)state;
	assert_fa_ok(fa_fwsections_find(d, NULL, fw, &e), &e);
	assert_int_equal(fw->platform, FA_FW_OPAL);
	assert_int_equal(fw->source, FA_FWSRC_SCAN);
	assert_int_equal(fw->have_opal_fdm, 1);
	assert_int_equal(fw->opal_meta.addr, HDR_ADDR + 0x1000);
	assert_int_equal(fw->opal_meta.size, 0x1000);
	assert_int_equal(fw->nboot, 1);
	assert_int_equal(fw->boot[0].dest, HDR_ADDR - BOOT_SIZE);
	assert_int_equal(fw->boot_mem_top, BOOT_SIZE);
	fa_dump_close(d);
	free(fw);
}

/*
 * Metadata that does not point back at the header, or none: no REGSAVE
 * either, so the dump does not say pSeries or PowerNV.
 */
static void test_opal_scan_unknown(void **state)
{
	static const uint64_t off[] = { 0x1000, 0 };
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct fa_err e;
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct img im = opal_img(off[i], HDR_ADDR + 0x10000);
		struct fa_dump *d = open_img(&im, "opal-bad.vmcore");

		assert_fa_ok(fa_fwsections_find(d, NULL, fw, &e), &e);
		assert_int_equal(fw->platform, FA_FW_UNKNOWN);
		assert_int_equal(fw->have_opal_fdm, 0);
		assert_int_equal(fw->have_crashinfo, 1);
		assert_int_equal(fw->nboot, 0);
		assert_int_equal(fw->nnotes, 1);
		assert_non_null(strstr(fw->notes[0], "platform is not recorded"));
		assert_null(strstr(fa_fw_platform_name(fw->platform), "pSeries"));
		fa_dump_close(d);
	}
	free(fw);
}

static void mkdirs(const char *root, const char *rel)
{
	char path[4096], *p;

	mkdir(root, 0700);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	mkdir(path, 0700);
}

static void put_file(const char *root, const char *rel, const char *text)
{
	char path[4096];
	struct fa_err e;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_fa_ok(fa_write_file(path, text, strlen(text), &e), &e);
}

static void find_root(const char *root, struct fa_fwsections *fw)
{
	struct fa_dump *d;
	struct fa_err e;
	char path[4096];

	snprintf(path, sizeof(path), "%s/", root);
	assert_fa_ok(fa_dump_open(path, 0, &d, &e), &e);
	assert_fa_ok(fa_fwsections_find(d, NULL, fw, &e), &e);
	fa_dump_close(d);
}

/*
 * A pre-6.10 PowerNV capture root whose vmcore lacks the metadata: the
 * root decides the platform, fadump_region gives the boot regions, and
 * the source says which evidence was used.
 */
static void test_opal_root_old(void **state)
{
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct img im = opal_img(0, 0);
	char *root, path[4096];
	struct fa_err e;

	(void)state;
	assert_true(asprintf(&root, "%s/pnv-old", fa_test_tmpdir()) > 0);
	mkdirs(root, "proc");
	mkdirs(root, "sys/kernel/debug/powerpc");
	snprintf(path, sizeof(path), "%s/proc/vmcore", root);
	assert_fa_ok(fa_write_file(path, im.buf, im.len, &e), &e);
	free(im.buf);
	put_file(root, "sys/kernel/debug/powerpc/fadump_region",
		 "DUMP: Src: 0x00000000000000, Dest: 0x00000000110000, "
		 "Size: 0x10000, Dumped: 0x10000 bytes\n"
		 "\nMemory above 0x00000000010000 is reserved for saving "
		 "crash dump\n");
	find_root(root, fw);
	assert_int_equal(fw->platform, FA_FW_OPAL);
	assert_int_equal(fw->source, FA_FWSRC_SCAN_REGION);
	assert_string_equal(fa_fw_source_name(fw->source),
			    "magic scan, PowerNV by the root's fadump_region");
	assert_int_equal(fw->have_opal_fdm, 0);
	assert_int_equal(fw->nboot, 1);
	assert_int_equal(fw->registered_regions, 1);
	assert_int_equal(fw->boot[0].dest, 0x110000);
	assert_int_equal(fw->boot_memory_size, BOOT_SIZE);
	assert_int_equal(fw->boot_mem_top, BOOT_SIZE);

	/* The ibm,opal/dump node outranks the text, the opalcore both. */
	mkdirs(root, "proc/device-tree/ibm,opal/dump");
	find_root(root, fw);
	assert_int_equal(fw->source, FA_FWSRC_SCAN_OPAL_DT);
	assert_int_equal(fw->nboot, 1);
	mkdirs(root, "sys/firmware/opal/mpipl");
	put_file(root, "sys/firmware/opal/mpipl/core", "");
	find_root(root, fw);
	assert_int_equal(fw->source, FA_FWSRC_SCAN_OPALCORE);
	assert_int_equal(fw->platform, FA_FW_OPAL);

	/* pSeries-form text is no PowerNV evidence. */
	snprintf(path, sizeof(path), "%s/sys/firmware/opal/mpipl/core", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc/device-tree/ibm,opal/dump", root);
	rmdir(path);
	put_file(root, "sys/kernel/debug/powerpc/fadump_region",
		 "CPU :[0x00000000100000-0x000000001000ff] 0x100 bytes, "
		 "Dumped: 0x100\n");
	find_root(root, fw);
	assert_int_equal(fw->platform, FA_FW_UNKNOWN);
	assert_int_equal(fw->nboot, 0);
	free(root);
	free(fw);
}

/* A plain kdump vmcore of another machine: no firmware sections. */
static void test_plain_x86(void **state)
{
	struct fa_fwsections *fw = malloc(sizeof(*fw));
	struct fa_elf_phdr ph[1];
	size_t hlen = fa_elf_headers_size(1);
	uint8_t *b = calloc(1, 0x2000);
	struct fa_dump *d;
	struct fa_err e;
	char *path;

	(void)state;
	memset(ph, 0, sizeof(ph));
	ph[0].type = FA_PT_LOAD;
	ph[0].offset = 0x1000;
	ph[0].paddr = 0x1000;
	ph[0].filesz = ph[0].memsz = 0x1000;
	assert_true(fa_elf_build_headers(b, hlen, FA_LE, 62, 0, ph, 1, &e) > 0);
	path = write_img(&(struct img){ b, 0x2000 }, "x86");
	assert_fa_ok(fa_dump_open(path, 0, &d, &e), &e);
	assert_string_equal(fa_dump_machine_name(d), "x86_64");
	assert_fa_ok(fa_fwsections_find(d, NULL, fw, &e), &e);
	assert_int_equal(fw->platform, FA_FW_NONE);
	assert_null(fa_dump_osrelease(d));
	fa_dump_close(d);
	free(path);
	free(b);
	free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_le),
		cmocka_unit_test(test_scan_be),
		cmocka_unit_test(test_root_kernel_dump),
		cmocka_unit_test(test_opalcore),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_opal_scan),
		cmocka_unit_test(test_opal_scan_old),
		cmocka_unit_test(test_opal_scan_unknown),
		cmocka_unit_test(test_opal_root_old),
		cmocka_unit_test(test_plain_x86),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
