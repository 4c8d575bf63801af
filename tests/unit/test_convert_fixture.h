/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_convert_fixture.h - synthetic ELF vmcores for the convert and
 * pagefilter tests: an in-memory model of physical memory (segments with
 * filesz <= memsz), a VMCOREINFO text, one NT_PRSTATUS note, written
 * through the elfcore writer (zero runs become holes).  Optionally a ppc64
 * mem_map: mem_section, struct pages in the vmemmap, reached through
 * vmemmap_list or a radix page table.  Included by test_convert.c and
 * test_pagefilter.c only.
 */
#ifndef TEST_CONVERT_FIXTURE_H
#define TEST_CONVERT_FIXTURE_H

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include "elfcore.h"
#include "elfnote.h"
#include "fa_test.h"
#include "pagefilter.h"

#define FX_MAX_SEG	8
#define FX_VMEMMAP	0xc00c000000000000ULL
#define FX_LINEAR	0xc000000000000000ULL

struct fx_seg {
	uint64_t paddr, memsz, filesz;
	uint8_t *data;			/* filesz bytes */
};

struct fx {
	int bo;
	uint16_t machine;
	uint32_t ps;
	struct fx_seg seg[FX_MAX_SEG];
	int nseg;
	char vmci[8192];
	size_t vmci_len;
	int expect_class[4096];		/* per pfn, mem_map fixtures */
};

static void fx_init(struct fx *f, int bo, uint16_t machine, uint32_t ps)
{
	memset(f, 0, sizeof(*f));
	f->bo = bo;
	f->machine = machine;
	f->ps = ps;
}

static void fx_vmci(struct fx *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void fx_vmci(struct fx *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	f->vmci_len += (size_t)vsnprintf(f->vmci + f->vmci_len,
					 sizeof(f->vmci) - f->vmci_len, fmt, ap);
	va_end(ap);
}

static uint64_t fx_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Page @i's content by kind: 0 zero, 1 text, 2 random, 3 small ints. */
static void fx_fill_page(uint8_t *p, uint32_t ps, uint64_t i)
{
	uint64_t s = i * 0x9e3779b97f4a7c15ULL + 1, k;

	switch (i % 5) {
	case 1:
		for (k = 0; k + 32 <= ps; k += 32) {
			char line[80];

			snprintf(line, sizeof(line), "kernel text %06u page %05u\n",
				 (unsigned int)(k % 1000000),
				 (unsigned int)(i % 100000));
			memcpy(p + k, line, 32);
		}
		break;
	case 2:
		for (k = 0; k + 8 <= ps; k += 8) {
			uint64_t r = fx_rand(&s);

			memcpy(p + k, &r, 8);
		}
		break;
	case 3:
		for (k = 0; k + 8 <= ps; k += 64)
			p[k] = (uint8_t)(k ^ i);
		break;
	default:
		memset(p, 0, ps);
	}
}

/* Add a segment with generated content; pages from @first_kind on. */
static struct fx_seg *fx_add_seg(struct fx *f, uint64_t paddr, uint64_t memsz,
				 uint64_t filesz)
{
	struct fx_seg *s = &f->seg[f->nseg++];
	uint64_t off;

	s->paddr = paddr;
	s->memsz = memsz;
	s->filesz = filesz;
	s->data = calloc(1, filesz ? filesz : 1);
	assert_non_null(s->data);
	for (off = 0; off + f->ps <= filesz; off += f->ps)
		fx_fill_page(s->data + off, f->ps, (paddr + off) / f->ps);
	return s;
}

/* Pointer to physical @pa inside a segment's file data (for planting). */
static uint8_t *fx_at(struct fx *f, uint64_t pa, uint64_t len)
{
	int i;

	for (i = 0; i < f->nseg; i++)
		if (pa >= f->seg[i].paddr &&
		    pa + len <= f->seg[i].paddr + f->seg[i].filesz)
			return f->seg[i].data + (pa - f->seg[i].paddr);
	fail_msg("fixture: %#llx+%llu outside the file data",
		 (unsigned long long)pa, (unsigned long long)len);
	return NULL;
}

static __attribute__((unused)) void fx_put64(struct fx *f, uint64_t pa, uint64_t v)
{
	fa_put64(fx_at(f, pa, 8), f->bo, v);
}

static __attribute__((unused)) void fx_put32(struct fx *f, uint64_t pa, uint32_t v)
{
	fa_put32(fx_at(f, pa, 4), f->bo, v);
}

/* The expected content of physical page @pfn; 0 when no segment has it. */
static int fx_expect(struct fx *f, uint64_t pfn, uint8_t *buf)
{
	uint64_t pa = pfn * f->ps;
	int i, in = 0;

	memset(buf, 0, f->ps);
	for (i = 0; i < f->nseg; i++) {
		struct fx_seg *s = &f->seg[i];
		uint64_t a = pa > s->paddr ? pa : s->paddr, b = pa + f->ps;

		if (pfn >= s->paddr / f->ps &&
		    pfn < (s->paddr + s->memsz) / f->ps)
			in = 1;
		if (b > s->paddr + s->filesz)
			b = s->paddr + s->filesz;
		if (a < b)
			memcpy(buf + (a - pa), s->data + (a - s->paddr), b - a);
	}
	return in;
}

static int fx_seg_read(void *ctx, uint64_t pos, void *buf, size_t len,
		       struct fa_err *e)
{
	struct fx_seg *s = ctx;
	size_t k;

	(void)e;
	memcpy(buf, s->data + pos, len);
	for (k = 0; k < len; k++)
		if (((uint8_t *)buf)[k])
			return 0;
	return 1;
}

static void fx_write(struct fx *f, const char *path)
{
	struct fa_elf_phdr ph[FX_MAX_SEG + 1];
	uint8_t notes[16384], prs[504];
	struct fa_elfw w;
	struct fa_err e;
	uint64_t size;
	size_t nl = 0;
	int i;

	memset(prs, 0x11, sizeof(prs));
	nl += fa_note_put(notes + nl, f->bo, "CORE", FA_NT_PRSTATUS, prs,
			  sizeof(prs));
	if (f->vmci_len)
		nl += fa_note_put(notes + nl, f->bo, "VMCOREINFO", 0, f->vmci,
				  (uint32_t)f->vmci_len);
	memset(ph, 0, sizeof(ph));
	ph[0].type = FA_PT_NOTE;
	ph[0].filesz = ph[0].memsz = nl;
	for (i = 0; i < f->nseg; i++) {
		ph[i + 1].type = FA_PT_LOAD;
		ph[i + 1].flags = FA_PF_R | FA_PF_W | FA_PF_X;
		ph[i + 1].paddr = f->seg[i].paddr;
		ph[i + 1].vaddr = FX_LINEAR + f->seg[i].paddr;
		ph[i + 1].filesz = f->seg[i].filesz;
		ph[i + 1].memsz = f->seg[i].memsz;
	}
	assert_fa_ok(fa_elf_layout(ph, (size_t)f->nseg + 1, f->ps, &size, &e), &e);
	assert_fa_ok(fa_elfw_open(&w, path, f->bo, f->machine, 0, ph,
				  (size_t)f->nseg + 1, &e), &e);
	assert_fa_ok(fa_elfw_pwrite(&w, ph[0].offset, notes, nl, &e), &e);
	for (i = 0; i < f->nseg; i++)
		assert_fa_ok(fa_elfw_stream_segment(&w, (size_t)i + 1, fx_seg_read,
						    &f->seg[i], &e), &e);
	assert_fa_ok(fa_elfw_finish(&w, &e), &e);
}

static void fx_free(struct fx *f)
{
	int i;

	for (i = 0; i < f->nseg; i++)
		free(f->seg[i].data);
	f->nseg = 0;
}

/*
 * Check @path with libkdumpfile: arch, page size, every pfn below max_pfn
 * either equal to the model or excluded; @excluded_ok(pfn) says whether an
 * exclusion is expected (NULL: none may be, except zero pages with @zero).
 * Returns the number of excluded pages seen.
 */
static uint64_t fx_check_kdump(struct fx *f, const char *path,
			       int (*excluded)(struct fx *, uint64_t))
{
	kdump_ctx_t *k = kdump_new();
	uint8_t *want = malloc(f->ps), *got = malloc(f->ps);
	const char *arch = NULL;
	kdump_num_t ps = 0, maxpfn = 0, bo = 9;
	uint64_t pfn, nexcl = 0;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_non_null(k);
	if (kdump_set_number_attr(k, KDUMP_ATTR_FILE_FD, fd) != KDUMP_OK)
		fail_msg("libkdumpfile refuses %s: %s", path, kdump_get_err(k));
	if (kdump_get_string_attr(k, "arch.name", &arch) != KDUMP_OK)
		fail_msg("%s: no arch.name: %s", path, kdump_get_err(k));
	assert_string_equal(arch, f->machine == 21 ? "ppc64" : "x86_64");
	assert_int_equal(kdump_get_number_attr(k, "arch.page_size", &ps), KDUMP_OK);
	assert_int_equal(ps, f->ps);
	assert_int_equal(kdump_get_number_attr(k, "arch.byte_order", &bo), KDUMP_OK);
	assert_int_equal(bo, f->bo == FA_LE ? 1 : 0);
	assert_int_equal(kdump_get_number_attr(k, "max_pfn", &maxpfn), KDUMP_OK);
	for (pfn = 0; pfn < maxpfn; pfn++) {
		size_t len = f->ps;
		int in = fx_expect(f, pfn, want);
		kdump_status st;

		if (!in && pfn % 97)	/* sample the holes */
			continue;
		st = kdump_read(k, KDUMP_MACHPHYSADDR, pfn * f->ps, got, &len);

		if (!in) {
			if (st != KDUMP_ERR_NODATA)
				fail_msg("pfn %#llx: not in any PT_LOAD, yet read (%d)",
					 (unsigned long long)pfn, st);
			continue;
		}
		if (st == KDUMP_ERR_NODATA) {
			if (!excluded || !excluded(f, pfn))
				fail_msg("pfn %#llx excluded unexpectedly",
					 (unsigned long long)pfn);
			nexcl++;
			continue;
		}
		if (st != KDUMP_OK)
			fail_msg("pfn %#llx: read failed: %s",
				 (unsigned long long)pfn, kdump_get_err(k));
		if (excluded && excluded(f, pfn))
			fail_msg("pfn %#llx should have been excluded",
				 (unsigned long long)pfn);
		if (memcmp(want, got, f->ps))
			fail_msg("pfn %#llx differs from the source",
				 (unsigned long long)pfn);
	}
	kdump_free(k);
	close(fd);
	free(want);
	free(got);
	return nexcl;
}

static char fx_dir[64];

static int fx_rm_one(const char *path, const struct stat *sb, int flag,
		     struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void fx_rm_dir(void)
{
	nftw(fx_dir, fx_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * fx_tmpdir() - a scratch directory on tmpfs when there is one: every
 * conversion fsyncs its output, which costs seconds on a real disk.
 */
static const char *fx_tmpdir(void)
{
	if (fx_dir[0])
		return fx_dir;
	snprintf(fx_dir, sizeof(fx_dir), "/dev/shm/fa-convert.XXXXXX");
	if (!mkdtemp(fx_dir)) {
		fx_dir[0] = 0;
		return fa_test_tmpdir();
	}
	atexit(fx_rm_dir);
	return fx_dir;
}

static __attribute__((unused)) off_t fx_file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) ? -1 : sb.st_size;
}

static __attribute__((unused)) int fx_files_equal(const char *a, const char *b)
{
	uint8_t *x, *y;
	size_t lx, ly;
	struct fa_err e;
	int eq;

	assert_fa_ok(fa_read_file(a, &x, &lx, 1 << 30, &e), &e);
	assert_fa_ok(fa_read_file(b, &y, &ly, 1 << 30, &e), &e);
	eq = lx == ly && !memcmp(x, y, lx);
	free(x);
	free(y);
	return eq;
}

#endif
