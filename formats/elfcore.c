// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elfcore.c - ELF64 core reader (see elfcore.h; the header codec is
 * elfhdr.c).
 *
 * libelf (ELF_C_READ, so nothing is mapped or read beyond what is asked)
 * decodes the header and program headers in either byte order; memory and
 * notes are then read with pread() at the offsets the phdrs give.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfcore.h"
#include "fa_endian.h"
#include "fa_io.h"

/* ---- reader ---- */

static const char *ptype_name(uint32_t type)
{
	return type == FA_PT_LOAD ? "PT_LOAD" : type == FA_PT_NOTE ? "PT_NOTE" : "segment";
}

/* A segment's file data must lie inside the file, without overflow. */
static int check_phdr(struct fa_elfcore *c, size_t i,
		      const struct fa_elf_phdr *p, unsigned int flags,
		      struct fa_err *e)
{
	uint64_t end;

	if (p->type != FA_PT_LOAD && p->type != FA_PT_NOTE)
		return 0;
	if (fa_add_overflows(p->offset, p->filesz, &end))
		return fa_err_set(e, FA_ERANGE,
				  "%s #%zu: p_offset %#llx + p_filesz %#llx overflows",
				  ptype_name(p->type), i,
				  (unsigned long long)p->offset,
				  (unsigned long long)p->filesz);
	if (p->type == FA_PT_LOAD) {
		if (p->memsz < p->filesz)
			return fa_err_set(e, FA_ECORRUPT,
					  "PT_LOAD #%zu (paddr %#llx): p_filesz %#llx > p_memsz %#llx",
					  i, (unsigned long long)p->paddr,
					  (unsigned long long)p->filesz,
					  (unsigned long long)p->memsz);
		if (fa_add_overflows(p->paddr, p->memsz, &(uint64_t){ 0 }))
			return fa_err_set(e, FA_ERANGE,
					  "PT_LOAD #%zu: p_paddr %#llx + p_memsz %#llx overflows",
					  i, (unsigned long long)p->paddr,
					  (unsigned long long)p->memsz);
	}
	if (p->filesz && end > c->data_end)
		c->data_end = end;
	if (p->filesz && end > c->file_size &&
	    !(p->type == FA_PT_LOAD && (flags & FA_ELFCORE_TRUNCATED_OK)))
		return fa_err_set(e, FA_ETRUNC,
				  "%s #%zu (paddr %#llx): data at file offset %#llx..%#llx is %llu bytes past the end of the file (size %llu): truncated dump",
				  ptype_name(p->type), i,
				  (unsigned long long)p->paddr,
				  (unsigned long long)p->offset,
				  (unsigned long long)end,
				  (unsigned long long)(end - c->file_size),
				  (unsigned long long)c->file_size);
	return 0;
}

static int read_ident(struct fa_elfcore *c, struct fa_elf_ehdr *h,
		      struct fa_err *e)
{
	uint8_t buf[FA_ELF_EHDR_SIZE];
	size_t n = c->file_size < sizeof(buf) ? (size_t)c->file_size : sizeof(buf);
	int ret;

	ret = fa_pread_full(c->fd, buf, n, 0, "ELF header", e);
	if (ret)
		return ret;
	return fa_elf_ehdr_decode(buf, n, h, e);
}

static int read_phdrs(struct fa_elfcore *c, unsigned int flags,
		      struct fa_err *e)
{
	GElf_Ehdr eh;
	GElf_Phdr gp;
	size_t phnum;
	uint64_t tbl, end;
	Elf *elf;
	int ret = 0;

	elf_version(EV_CURRENT);
	elf = elf_begin(c->fd, ELF_C_READ, NULL);
	if (!elf)
		return fa_err_set(e, FA_ELIB, "libelf: %s", elf_errmsg(-1));
	if (!gelf_getehdr(elf, &eh)) {
		ret = fa_err_set(e, FA_ELIB, "libelf: ELF header: %s", elf_errmsg(-1));
		goto out;
	}
	c->e_type = eh.e_type;
	c->e_machine = eh.e_machine;
	c->e_flags = eh.e_flags;
	if (eh.e_type != ET_CORE && !(flags & FA_ELFCORE_ANY_TYPE)) {
		ret = fa_err_set(e, FA_EUNSUP, "e_type %u at offset 16, expected ET_CORE (4)",
				 eh.e_type);
		goto out;
	}
	/*
	 * e_phnum itself, not elf_getphdrnum(), which quietly shrinks the
	 * count to what fits in the file; PN_XNUM needs libelf's help.
	 */
	phnum = eh.e_phnum;
	if (phnum == PN_XNUM && elf_getphdrnum(elf, &phnum)) {
		ret = fa_err_set(e, FA_ELIB, "libelf: program header count: %s",
				 elf_errmsg(-1));
		goto out;
	}
	if (phnum == 0) {
		ret = fa_err_set(e, FA_ECORRUPT, "e_phnum is 0: a core needs program headers");
		goto out;
	}
	if (eh.e_phentsize != FA_ELF_PHDR_SIZE) {
		ret = fa_err_set(e, FA_ECORRUPT, "e_phentsize %u at offset 54, expected %d",
				 eh.e_phentsize, FA_ELF_PHDR_SIZE);
		goto out;
	}
	/* Our own bounds check, so that the message says what is missing. */
	tbl = (uint64_t)phnum * FA_ELF_PHDR_SIZE;
	if (fa_add_overflows(eh.e_phoff, tbl, &end) || end > c->file_size) {
		ret = fa_err_set(e, FA_ETRUNC,
				 "program header table: need %llu bytes at offset %#llx, file has %llu",
				 (unsigned long long)tbl,
				 (unsigned long long)eh.e_phoff,
				 (unsigned long long)c->file_size);
		goto out;
	}
	c->phdrs = calloc(phnum, sizeof(*c->phdrs));
	if (!c->phdrs) {
		ret = fa_err_set(e, FA_ENOMEM, "out of memory for %zu program headers", phnum);
		goto out;
	}
	c->nphdrs = phnum;
	for (size_t i = 0; i < phnum; i++) {
		struct fa_elf_phdr *p = &c->phdrs[i];

		if (!gelf_getphdr(elf, (int)i, &gp)) {
			ret = fa_err_set(e, FA_ELIB, "libelf: program header %zu: %s",
					 i, elf_errmsg(-1));
			goto out;
		}
		p->type = gp.p_type;
		p->flags = gp.p_flags;
		p->offset = gp.p_offset;
		p->vaddr = gp.p_vaddr;
		p->paddr = gp.p_paddr;
		p->filesz = gp.p_filesz;
		p->memsz = gp.p_memsz;
		p->align = gp.p_align;
		ret = check_phdr(c, i, p, flags, e);
		if (ret)
			goto out;
	}
out:
	elf_end(elf);
	return ret;
}

static int cmp_load_paddr(const void *a, const void *b)
{
	const struct fa_elf_load *x = a, *y = b;

	if (x->paddr != y->paddr)
		return x->paddr < y->paddr ? -1 : 1;
	return x->phdr_index < y->phdr_index ? -1 : 1;
}

static int cmp_load_vaddr(const void *a, const void *b, void *loads)
{
	const struct fa_elf_load *x = (struct fa_elf_load *)loads + *(const size_t *)a;
	const struct fa_elf_load *y = (struct fa_elf_load *)loads + *(const size_t *)b;

	if (x->vaddr != y->vaddr)
		return x->vaddr < y->vaddr ? -1 : 1;
	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

/* [start, end) of physical memory that belongs to loads[load]. */
struct piece {
	uint64_t start, end;
	size_t load;
};

/*
 * The file data (@data) or whole extent of each PT_LOAD as disjoint
 * pieces: sorted by start, the part of each interval above every earlier
 * one's end is its own.  What lies below that end is covered already,
 * since every earlier interval starts at or below this one.
 */
static size_t sweep(const struct fa_elf_load *loads, size_t n, int data,
		    struct piece *out)
{
	uint64_t top = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		uint64_t s = loads[i].paddr;
		uint64_t e = s + (data ? loads[i].filesz : loads[i].memsz);

		if (s < top)
			s = top;
		if (s >= e)
			continue;
		out[k++] = (struct piece){ s, e, i };
		top = e;
	}
	return k;
}

/* The parts of the extent pieces @z that no data piece @d covers. */
static size_t zero_fill(const struct piece *z, size_t nz,
			const struct piece *d, size_t nd, struct piece *out)
{
	size_t i, di = 0, k = 0;

	for (i = 0; i < nz; i++) {
		uint64_t at = z[i].start;

		while (di < nd && d[di].end <= at)
			di++;
		for (; di < nd && d[di].start < z[i].end; di++) {
			if (d[di].start > at)
				out[k++] = (struct piece){ at, d[di].start, z[i].load };
			at = d[di].end;
			if (at >= z[i].end)
				break;	/* it may reach into the next extent */
		}
		if (at < z[i].end)
			out[k++] = (struct piece){ at, z[i].end, z[i].load };
	}
	return k;
}

static void add_piece(struct fa_elfcore *c, const struct piece *p)
{
	const struct fa_elf_load *l = &c->loads[p->load];
	struct fa_elf_load *m = c->nmap ? &c->map[c->nmap - 1] : NULL;
	uint64_t rel = p->start - l->paddr;

	/* A PT_LOAD's data then its zero-filled tail: one piece. */
	if (m && m->phdr_index == l->phdr_index && m->paddr + m->memsz == p->start) {
		m->memsz += p->end - p->start;
		return;
	}
	m = &c->map[c->nmap++];
	m->paddr = p->start;
	m->memsz = p->end - p->start;
	m->filesz = rel < l->filesz ? l->filesz - rel : 0;
	if (m->filesz > m->memsz)
		m->filesz = m->memsz;
	m->offset = l->offset + rel;
	m->vaddr = l->vaddr ? l->vaddr + rel : 0;
	m->phdr_index = l->phdr_index;
}

/*
 * c->map from c->loads.  Overlapping PT_LOADs are accepted, as crash,
 * makedumpfile and libkdumpfile accept them: the kernel writes them on
 * x86_64 (crash_prepare_elf64_headers() adds the kernel text segment
 * inside System RAM).  Each address is given to one of them, preferring
 * file data to a zero-filled tail, then the lower p_paddr.
 */
static int build_map(struct fa_elfcore *c, struct fa_err *e)
{
	size_t n = c->nloads, nd, nz, nr, i = 0, j = 0;
	struct piece *d, *z, *r;

	d = calloc(4 * n + 1, sizeof(*d));
	c->map = calloc(3 * n + 1, sizeof(*c->map));
	if (!d || !c->map) {
		free(d);
		return fa_err_set(e, FA_ENOMEM, "out of memory for %zu PT_LOADs", n);
	}
	z = d + n;
	r = z + n;
	nd = sweep(c->loads, n, 1, d);
	nz = sweep(c->loads, n, 0, z);
	nr = zero_fill(z, nz, d, nd, r);
	while (i < nd || j < nr) {
		if (j >= nr || (i < nd && d[i].start < r[j].start))
			add_piece(c, &d[i++]);
		else
			add_piece(c, &r[j++]);
	}
	free(d);
	return 0;
}

static int index_loads(struct fa_elfcore *c, struct fa_err *e)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nphdrs; i++)
		n += c->phdrs[i].type == FA_PT_LOAD;
	c->loads = calloc(n ? n : 1, sizeof(*c->loads));
	c->by_vaddr = calloc(n ? n : 1, sizeof(*c->by_vaddr));
	if (!c->loads || !c->by_vaddr)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %zu PT_LOADs", n);
	for (size_t i = 0; i < c->nphdrs; i++) {
		const struct fa_elf_phdr *p = &c->phdrs[i];
		struct fa_elf_load *l;

		if (p->type != FA_PT_LOAD)
			continue;
		l = &c->loads[c->nloads++];
		l->paddr = p->paddr;
		l->vaddr = p->vaddr;
		l->offset = p->offset;
		l->filesz = p->filesz;
		l->memsz = p->memsz;
		l->phdr_index = (unsigned int)i;
	}
	qsort(c->loads, c->nloads, sizeof(*c->loads), cmp_load_paddr);
	/*
	 * p_vaddr 0 is no kernel address (QEMU writes 0 without paging), and
	 * a range that wraps cannot be searched.
	 */
	for (size_t i = 0; i < c->nloads; i++) {
		const struct fa_elf_load *l = &c->loads[i];

		if (l->vaddr && l->memsz &&
		    !fa_add_overflows(l->vaddr, l->memsz - 1, &(uint64_t){ 0 }))
			c->by_vaddr[c->nvaddr++] = i;
	}
	qsort_r(c->by_vaddr, c->nvaddr, sizeof(*c->by_vaddr), cmp_load_vaddr,
		c->loads);
	return build_map(c, e);
}

/* Read every PT_NOTE, keeping only the notes (terminators and padding cut). */
static int read_notes(struct fa_elfcore *c, unsigned int flags,
		      struct fa_err *e)
{
	uint64_t total = 0;

	for (size_t i = 0; i < c->nphdrs; i++) {
		if (c->phdrs[i].type != FA_PT_NOTE)
			continue;
		total += c->phdrs[i].filesz;	/* each <= file size: no wrap */
		if (total > FA_ELFCORE_NOTES_MAX)
			return fa_err_set(e, FA_ERANGE,
					  "PT_NOTE data is %llu bytes, more than the %u accepted",
					  (unsigned long long)total, FA_ELFCORE_NOTES_MAX);
	}
	c->notes = malloc(total ? total : 1);
	if (!c->notes)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %llu bytes of notes",
				  (unsigned long long)total);
	for (size_t i = 0; i < c->nphdrs; i++) {
		const struct fa_elf_phdr *p = &c->phdrs[i];
		uint8_t *seg = c->notes + c->notes_len;
		struct fa_err ne = { 0 };
		char what[32];
		size_t used;
		int bad, ret;

		if (p->type != FA_PT_NOTE || !p->filesz)
			continue;
		snprintf(what, sizeof(what), "PT_NOTE #%zu", i);
		ret = fa_pread_full(c->fd, seg, p->filesz, p->offset, what, e);
		if (ret)
			return ret;
		used = fa_note_used(seg, p->filesz, c->byteorder, &bad, &ne);
		if (bad) {
			fa_err_prefix(&ne, "PT_NOTE #%zu at file offset %#llx: ", i,
				      (unsigned long long)p->offset);
			if (!(flags & FA_ELFCORE_LAX_NOTES)) {
				*e = ne;
				return ne.code;
			}
			if (!c->notes_bad)
				c->notes_err = ne;
			c->notes_bad = 1;
		}
		c->notes_len += used;
	}
	return 0;
}

static int collect_notes(struct fa_elfcore *c, struct fa_err *e)
{
	struct fa_note n;
	size_t pos = 0, cap = 0;
	int ret;

	while ((ret = fa_note_next(c->notes, c->notes_len, c->byteorder, &pos,
				   &n, e)) == 1) {
		if (!c->vmcoreinfo && fa_note_name_is(&n, FA_NN_VMCOREINFO)) {
			c->vmcoreinfo = (const char *)n.desc;
			c->vmcoreinfo_len = strnlen(c->vmcoreinfo, n.descsz);
			continue;
		}
		if (n.type != FA_NT_PRSTATUS || !fa_note_name_is(&n, FA_NN_CORE))
			continue;
		if (c->nprstatus == cap) {
			struct fa_note *np;

			cap = cap ? cap * 2 : 16;
			np = realloc(c->prstatus, cap * sizeof(*np));
			if (!np)
				return fa_err_set(e, FA_ENOMEM, "out of memory for CPU notes");
			c->prstatus = np;
		}
		c->prstatus[c->nprstatus++] = n;
	}
	return ret;	/* 0; the blob was validated by read_notes() */
}

int fa_elfcore_open(struct fa_elfcore **out, int fd, unsigned int flags,
		    struct fa_err *e)
{
	struct fa_elfcore *c;
	struct fa_elf_ehdr h;
	struct stat st;
	int ret;

	*out = NULL;
	if (fstat(fd, &st) < 0)
		return fa_err_errno(e, "fstat");
	c = calloc(1, sizeof(*c));
	if (!c)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	c->fd = fd;
	c->file_size = (uint64_t)st.st_size;
	ret = read_ident(c, &h, e);
	if (ret)
		goto fail;
	c->byteorder = h.byteorder;
	ret = read_phdrs(c, flags, e);
	if (!ret)
		ret = index_loads(c, e);
	if (!ret)
		ret = read_notes(c, flags, e);
	if (!ret)
		ret = collect_notes(c, e);
	if (ret)
		goto fail;
	*out = c;
	return 0;
fail:
	fa_elfcore_close(c);
	return ret;
}

int fa_elfcore_open_path(struct fa_elfcore **out, const char *path,
			 unsigned int flags, struct fa_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	*out = NULL;
	if (fd < 0)
		return fa_err_set(e, FA_EIO, "%s: cannot open: %s", path, strerror(errno));
	ret = fa_elfcore_open(out, fd, flags, e);
	if (ret) {
		close(fd);
		return fa_err_prefix(e, "%s: ", path);
	}
	(*out)->own_fd = 1;
	return 0;
}

void fa_elfcore_close(struct fa_elfcore *c)
{
	if (!c)
		return;
	if (c->own_fd)
		close(c->fd);
	free(c->phdrs);
	free(c->loads);
	free(c->map);
	free(c->by_vaddr);
	free(c->notes);
	free(c->prstatus);
	free(c);
}

const struct fa_elf_load *fa_elfcore_find_phys(const struct fa_elfcore *c,
					       uint64_t paddr)
{
	size_t lo = 0, hi = c->nmap;
	const struct fa_elf_load *l;

	/* The last piece starting at or below paddr (pieces are disjoint). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->map[mid].paddr <= paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	l = &c->map[lo - 1];
	return paddr - l->paddr < l->memsz ? l : NULL;
}

/* The PT_LOAD whose p_vaddr range holds @va, else NULL; *@next gets the
 * lowest p_vaddr above @va (UINT64_MAX if none). */
static const struct fa_elf_load *find_vaddr(const struct fa_elfcore *c,
					    uint64_t va, uint64_t *next)
{
	size_t lo = 0, hi = c->nvaddr;
	const struct fa_elf_load *l;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->loads[c->by_vaddr[mid]].vaddr <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	*next = lo < c->nvaddr ? c->loads[c->by_vaddr[lo]].vaddr : UINT64_MAX;
	if (!lo)
		return NULL;
	l = &c->loads[c->by_vaddr[lo - 1]];
	return va - l->vaddr < l->memsz ? l : NULL;
}

static int no_phys(uint64_t paddr, struct fa_err *e)
{
	return fa_err_set(e, FA_ENOENT,
			  "physical address %#llx is not in the dump (no PT_LOAD covers it)",
			  (unsigned long long)paddr);
}

int fa_elfcore_phys_offset(const struct fa_elfcore *c, uint64_t paddr,
			   const struct fa_elf_load **seg, uint64_t *off,
			   struct fa_err *e)
{
	const struct fa_elf_load *l = fa_elfcore_find_phys(c, paddr);

	if (seg)
		*seg = l;
	if (!l)
		return no_phys(paddr, e);
	if (paddr - l->paddr >= l->filesz) {
		*off = 0;
		return 1;
	}
	*off = l->offset + (paddr - l->paddr);
	return 0;
}

/* A read of @len bytes at @addr must not run past 2^64 - 1 and wrap to 0. */
static int check_wrap(const char *space, uint64_t addr, size_t len,
		      struct fa_err *e)
{
	if (len && len - 1 > UINT64_MAX - addr)
		return fa_err_set(e, FA_ERANGE,
				  "%s %#llx: %zu bytes from there run past the end of the address space",
				  space, (unsigned long long)addr, len);
	return 0;
}

int fa_elfcore_read_phys(const struct fa_elfcore *c, uint64_t paddr,
			 void *buf, size_t len, struct fa_err *e)
{
	uint8_t *p = buf;

	if (check_wrap("physical address", paddr, len, e))
		return e->code;
	while (len) {
		const struct fa_elf_load *l = fa_elfcore_find_phys(c, paddr);
		uint64_t rel, n, data;
		int ret;

		if (!l)
			return no_phys(paddr, e);
		rel = paddr - l->paddr;
		n = l->memsz - rel;
		if (n > len)
			n = len;
		data = rel < l->filesz ? l->filesz - rel : 0;
		if (data > n)
			data = n;
		if (data) {
			ret = fa_pread_full(c->fd, p, data, l->offset + rel,
					    "PT_LOAD data", e);
			if (ret)
				return fa_err_prefix(e, "physical address %#llx: ",
						     (unsigned long long)paddr);
		}
		memset(p + data, 0, n - data);
		p += n;
		len -= n;
		paddr += n;
	}
	return 0;
}

/*
 * One step of a virtual read: the physical address of @va and how many
 * bytes from there are contiguous (at most @len).
 */
static int kv_step(const struct fa_elfcore *c, uint64_t va, uint64_t len,
		   uint64_t *pa, uint64_t *n, struct fa_err *e)
{
	uint64_t next;
	const struct fa_elf_load *l = find_vaddr(c, va, &next);

	if (l) {
		*pa = l->paddr + (va - l->vaddr);
		*n = l->memsz - (va - l->vaddr);
	} else if (c->e_machine == EM_PPC64 && va >= FA_PPC64_PAGE_OFFSET) {
		*pa = va - FA_PPC64_PAGE_OFFSET;
		/* Up to the next p_vaddr range; none above the last address. */
		*n = next > va ? next - va : len;
	} else {
		return fa_err_set(e, FA_ENOENT,
				  "kernel virtual address %#llx is not in any PT_LOAD p_vaddr range",
				  (unsigned long long)va);
	}
	if (*n > len)
		*n = len;
	return 0;
}

int fa_elfcore_kv_to_phys(const struct fa_elfcore *c, uint64_t kvaddr,
			  uint64_t *paddr, struct fa_err *e)
{
	uint64_t n;

	return kv_step(c, kvaddr, 1, paddr, &n, e);
}

int fa_elfcore_read_kv(const struct fa_elfcore *c, uint64_t kvaddr,
		       void *buf, size_t len, struct fa_err *e)
{
	uint8_t *p = buf;

	if (check_wrap("kvaddr", kvaddr, len, e))
		return e->code;
	while (len) {
		uint64_t pa, n;
		int ret;

		ret = kv_step(c, kvaddr, len, &pa, &n, e);
		if (!ret)
			ret = fa_elfcore_read_phys(c, pa, p, n, e);
		if (ret)
			return fa_err_prefix(e, "kvaddr %#llx: ",
					     (unsigned long long)kvaddr);
		p += n;
		len -= n;
		kvaddr += n;
	}
	return 0;
}

static int elfcore_mem_read(void *ctx, int space, uint64_t addr, void *buf,
			    size_t len, struct fa_err *e)
{
	const struct fa_elfcore *c = ctx;

	switch (space) {
	case FA_PHYS:
		return fa_elfcore_read_phys(c, addr, buf, len, e);
	case FA_KVADDR:
		return fa_elfcore_read_kv(c, addr, buf, len, e);
	}
	return fa_err_set(e, FA_EINVAL, "address space %d is unknown", space);
}

void fa_elfcore_mem(struct fa_elfcore *c, struct fa_mem *out)
{
	out->read = elfcore_mem_read;
	out->ctx = c;
	out->byteorder = c->byteorder;
	out->ptr_size = 8;
}

int fa_elfcore_vmcoreinfo(const struct fa_elfcore *c, const char **text,
			  size_t *len, struct fa_err *e)
{
	if (!c->vmcoreinfo)
		return fa_err_set(e, FA_ENOENT, "no VMCOREINFO note in the core");
	*text = c->vmcoreinfo;
	*len = c->vmcoreinfo_len;
	return 0;
}
