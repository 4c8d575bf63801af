// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cx_dumpfile.c - ELF64 program headers and notes of a vmcore, read with
 * pread() and decoded by formats/elfhdr.c (no libelf inside crash), and
 * FADump section probing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_dumpfile.h"
#include "elfhdr.h"
#include "fa_endian.h"
#include "fa_io.h"
#include "fatag.h"

void fa_cx_dump_free(struct fa_cx_dump *d)
{
	free(d->load);
	free(d->notes);
	memset(d, 0, sizeof(*d));
}

static int check_ehdr(const uint8_t *b, size_t len, struct fa_cx_dump *d,
		      uint64_t *phoff, struct fa_err *e)
{
	struct fa_elf_ehdr h;
	int rc;

	rc = fa_elf_ehdr_decode(b, len, &h, e);
	if (rc)
		return rc;
	d->byteorder = h.byteorder;
	d->machine = h.machine;
	d->phnum = h.phnum;
	*phoff = h.phoff;
	if (d->phnum && h.phentsize != FA_ELF_PHDR_SIZE)
		return fa_err_set(e, FA_ECORRUPT,
				  "ELF e_phentsize %u at offset 54, expected %d",
				  h.phentsize, FA_ELF_PHDR_SIZE);
	return 0;
}

/* Add the PT_LOAD @ph. */
static int add_load(struct fa_cx_dump *d, const struct fa_elf_phdr *ph,
		    struct fa_err *e)
{
	struct fa_cx_load *l;
	struct fa_cx_load *n;
	uint64_t end;

	n = realloc(d->load, (d->nr_load + 1) * sizeof(*n));
	if (!n)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %zu PT_LOADs",
				  d->nr_load + 1);
	d->load = n;
	l = &d->load[d->nr_load];
	l->offset = ph->offset;
	l->vaddr = ph->vaddr;
	l->paddr = ph->paddr;
	l->filesz = ph->filesz;
	l->memsz = ph->memsz;
	if (fa_add_overflows(l->offset, l->filesz, &end))
		return fa_err_set(e, FA_ERANGE,
				  "PT_LOAD %zu: p_offset 0x%llx + p_filesz 0x%llx overflows",
				  d->nr_load, (unsigned long long)l->offset,
				  (unsigned long long)l->filesz);
	d->nr_load++;
	return 0;
}

typedef int (*fetch_fn)(void *ctx, uint64_t off, void *buf, size_t len,
			const char *what, struct fa_err *e);

/* Append the data of the PT_NOTE @ph to d->notes. */
static int add_note(struct fa_cx_dump *d, const struct fa_elf_phdr *ph,
		    fetch_fn fetch, void *ctx, struct fa_err *e)
{
	uint64_t off = ph->offset;
	uint64_t sz = ph->filesz;
	uint8_t *n;

	if (sz > FA_CX_MAX_NOTES || d->notes_len + sz > FA_CX_MAX_NOTES)
		return fa_err_set(e, FA_ERANGE,
				  "PT_NOTE at offset 0x%llx: 0x%llx bytes of notes, more than the 0x%x allowed",
				  (unsigned long long)off, (unsigned long long)sz,
				  FA_CX_MAX_NOTES);
	n = realloc(d->notes, d->notes_len + sz + 1);
	if (!n)
		return fa_err_set(e, FA_ENOMEM, "out of memory for notes");
	d->notes = n;
	if (fetch(ctx, off, d->notes + d->notes_len, (size_t)sz, "PT_NOTE", e))
		return e ? e->code : FA_EIO;
	d->notes_len += sz;
	return 0;
}

static int walk(struct fa_cx_dump *d, const uint8_t *eh, size_t ehlen,
		fetch_fn fetch, void *ctx, struct fa_err *e)
{
	uint64_t phoff = 0, tabsz;
	uint8_t *tab = NULL;
	unsigned int i;
	int rc;

	rc = check_ehdr(eh, ehlen, d, &phoff, e);
	if (rc)
		return rc;
	tabsz = (uint64_t)d->phnum * FA_ELF_PHDR_SIZE;
	if (phoff > d->file_size || tabsz > d->file_size - phoff)
		return fa_err_set(e, FA_ETRUNC,
				  "program headers: need 0x%llx bytes at offset 0x%llx, file is 0x%llx bytes",
				  (unsigned long long)tabsz, (unsigned long long)phoff,
				  (unsigned long long)d->file_size);
	tab = malloc(tabsz ? tabsz : 1);
	if (!tab)
		return fa_err_set(e, FA_ENOMEM, "out of memory for program headers");
	rc = fetch(ctx, phoff, tab, (size_t)tabsz, "program headers", e);
	for (i = 0; !rc && i < d->phnum; i++) {
		struct fa_elf_phdr ph;

		fa_elf_phdr_decode(tab + (size_t)i * FA_ELF_PHDR_SIZE,
				   d->byteorder, &ph);
		if (ph.type == FA_PT_LOAD)
			rc = add_load(d, &ph, e);
		else if (ph.type == FA_PT_NOTE)
			rc = add_note(d, &ph, fetch, ctx, e);
	}
	free(tab);
	return rc;
}

static int fd_fetch(void *ctx, uint64_t off, void *buf, size_t len,
		    const char *what, struct fa_err *e)
{
	return fa_pread_full(*(int *)ctx, buf, len, off, what, e);
}

int fa_cx_dump_read(int fd, struct fa_cx_dump *d, struct fa_err *e)
{
	uint8_t eh[FA_ELF_EHDR_SIZE];
	struct stat st;
	ssize_t n;

	memset(d, 0, sizeof(*d));
	if (fstat(fd, &st))
		return fa_err_errno(e, "stat");
	d->file_size = (uint64_t)st.st_size;
	n = pread(fd, eh, sizeof(eh), 0);
	if (n < 0)
		return fa_err_errno(e, "read ELF header");
	return walk(d, eh, (size_t)n, fd_fetch, &fd, e);
}

struct mem_src {
	const uint8_t *buf;
	size_t len;
};

static int mem_fetch(void *ctx, uint64_t off, void *buf, size_t len,
		     const char *what, struct fa_err *e)
{
	const struct mem_src *m = ctx;

	if (off > m->len || len > m->len - off)
		return fa_err_set(e, FA_ETRUNC,
				  "%s: need %zu bytes at offset 0x%llx, only %zu available",
				  what, len, (unsigned long long)off, m->len);
	memcpy(buf, m->buf + off, len);
	return 0;
}

int fa_cx_dump_parse(const uint8_t *buf, size_t len, uint64_t file_size,
		     struct fa_cx_dump *d, struct fa_err *e)
{
	struct mem_src m = { buf, len };

	memset(d, 0, sizeof(*d));
	d->file_size = file_size;
	return walk(d, buf, len, mem_fetch, &m, e);
}

int fa_cx_sect_probe(const uint8_t *head, size_t len, int *bo)
{
	uint64_t le, be;

	if (len < 8)
		return FA_CX_SECT_NONE;
	be = fa_get64(head, FA_BE);
	le = fa_get64(head, FA_LE);
	if (be == FA_TAG_REGSAVE)
		return FA_CX_SECT_REGSAVE;
	if (le == FA_TAG_FADMPSIG || le == FA_TAG_FADMPINF) {
		*bo = FA_LE;
		return FA_CX_SECT_CRASHINFO;
	}
	if (be == FA_TAG_FADMPSIG || be == FA_TAG_FADMPINF) {
		*bo = FA_BE;
		return FA_CX_SECT_CRASHINFO;
	}
	return FA_CX_SECT_NONE;
}

const char *fa_cx_sect_name(int sect)
{
	switch (sect) {
	case FA_CX_SECT_REGSAVE:
		return "CPU state data (REGSAVE)";
	case FA_CX_SECT_CRASHINFO:
		return "crash-info header";
	}
	return "-";
}
