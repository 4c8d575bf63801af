// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump.c - open a DUMP of any supported kind: the format table, capture
 * roots, the flattened refusal, and what every format shares (ranges,
 * memory, VMCOREINFO, identity).  The ELF entry is in dump_elf.c, the
 * kdump-compressed one in dump_kdump.c (their interface: dump_format.h).
 *
 * Detection looks at the first bytes only: "\177ELF" (then opalcore or
 * vmcore by the notes), "KDUMP   "/"DISKDUMP" (kdump-compressed), the
 * flattened signature (refused with advice), anything else is not a dump.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dump.h"
#include "dump_format.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "fa_io.h"
#include "flattened.h"
#include "prstatus.h"

int fa_dump_is_ppc64(const struct fa_dump *d)
{
	return d->machine == FA_EM_PPC64;
}

const char *fa_dump_machine_name(const struct fa_dump *d)
{
	static __thread char buf[16];

	switch (d->machine) {
	case FA_EM_PPC64:
		return d->byteorder == FA_LE ? "ppc64le" : "ppc64";
	case FA_EM_X86_64:
		return "x86_64";
	case 183:
		return "aarch64";
	case 22:
		return "s390x";
	}
	snprintf(buf, sizeof(buf), "EM_%u", d->machine);
	return buf;
}

/* ------------------------------------------------------------ ranges */

static int range_cmp(const void *a, const void *b)
{
	const struct fa_dump_range *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

const struct fa_dump_range *fa_dump_find_range(const struct fa_dump *d,
					       uint64_t paddr)
{
	size_t lo = 0, hi = d->nranges;

	/* Ranges are sorted by start; the last one starting <= paddr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->ranges[mid].paddr <= paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0) {
		const struct fa_dump_range *r = &d->ranges[--lo];

		if (paddr - r->paddr < r->size)
			return r;
		/* Overlapping ranges are rare; look one further back. */
		if (lo > 0 && d->ranges[lo - 1].paddr != r->paddr)
			break;
	}
	return NULL;
}

uint64_t fa_dump_phys_avail(const struct fa_dump *d, uint64_t paddr,
			    uint64_t max)
{
	uint64_t at = paddr;

	while (at - paddr < max) {
		const struct fa_dump_range *r = fa_dump_find_range(d, at);

		if (!r || at - r->paddr >= r->filesz)
			break;
		at = r->paddr + r->filesz;
	}
	return at - paddr < max ? at - paddr : max;
}

int fa_dump_has_phys(const struct fa_dump *d, uint64_t paddr, uint64_t len)
{
	uint64_t end;

	if (fa_add_overflows(paddr, len, &end))
		return 0;
	while (paddr < end) {
		const struct fa_dump_range *r = fa_dump_find_range(d, paddr);
		uint64_t rend;

		if (!r || paddr - r->paddr >= r->filesz)
			return 0;
		rend = r->paddr + r->filesz;
		paddr = rend;
	}
	return 1;
}

/* ------------------------------------------------------------ memory */

int fa_dump_read_phys(const struct fa_dump *d, uint64_t paddr, void *buf,
		      size_t len, struct fa_err *e)
{
	if (!d->mem.read)
		return fa_err_set(e, FA_EUNSUP, "%s: memory is not readable",
				  d->file);
	return d->mem.read(d->mem.ctx, FA_PHYS, paddr, buf, len, e);
}

/* ------------------------------------------------------- VMCOREINFO */

void fa_dump_parse_vmcoreinfo(struct fa_dump *d, const char *text, size_t len)
{
	int ret;
	uint64_t ps;

	/* Its messages start with "VMCOREINFO" already. */
	ret = fa_vmci_parse(text, len, &d->vmcoreinfo, &d->vmcoreinfo_err);
	if (ret) {
		d->vmcoreinfo = NULL;
		return;
	}
	if (!fa_vmci_u64(d->vmcoreinfo, "PAGESIZE", 10, &ps) && ps &&
	    ps <= (1u << 24) && !(ps & (ps - 1)))
		d->page_size = (uint32_t)ps;
}

/* Find the VMCOREINFO note in a notes blob. */
void fa_dump_notes_vmcoreinfo(struct fa_dump *d)
{
	struct fa_note n;
	struct fa_err e;
	size_t pos = 0;

	while (fa_note_next(d->notes, d->notes_len, d->byteorder, &pos, &n,
			    &e) == 1) {
		size_t l = n.descsz;

		if (!fa_note_name_is(&n, FA_NN_VMCOREINFO))
			continue;
		while (l && n.desc[l - 1] == '\0')
			l--;
		fa_dump_parse_vmcoreinfo(d, (const char *)n.desc, l);
		return;
	}
	fa_err_set(&d->vmcoreinfo_err, FA_ENOENT, "no VMCOREINFO note");
}

/* ----------------------------------------------------------- opening */

int fa_root_vmcore(const char *root, char *buf, size_t size,
		   struct fa_err *e)
{
	size_t l = strlen(root);
	int n;

	/* "/" stays "/", "dir/" becomes "dir". */
	while (l > 1 && root[l - 1] == '/')
		l--;
	n = snprintf(buf, size, "%.*s%sproc/vmcore", (int)l, root,
		     l == 1 && root[0] == '/' ? "" : "/");
	if (n < 0 || (size_t)n >= size)
		return fa_err_set(e, FA_ERANGE, "%s: path too long", root);
	return 0;
}

/* The file of capture root @root, which must exist. */
static int root_file(const char *root, char *buf, size_t size,
		     struct fa_err *e)
{
	struct stat st;
	int ret = fa_root_vmcore(root, buf, size, e);

	if (!ret && stat(buf, &st))
		ret = fa_err_set(e, FA_ENOENT, "%s: a directory, but not a "
				 "capture root: no proc/vmcore in it", root);
	return ret;
}

static int open_file(struct fa_dump *d, unsigned int flags, struct fa_err *e);

/* A capture root: DUMP is ROOT, the file read ROOT/proc/vmcore. */
static int open_root(struct fa_dump *d, int fd, const struct fa_dump_probe *p,
		     unsigned int flags, struct fa_err *e)
{
	char file[4096];
	size_t l = strlen(d->path);
	int ret;

	(void)fd;
	(void)p;
	d->root = strdup(d->path);
	if (!d->root)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	while (l > 1 && d->root[l - 1] == '/')
		d->root[--l] = '\0';
	ret = root_file(d->path, file, sizeof(file), e);
	if (ret)
		return ret;
	d->file = strdup(file);
	if (!d->file)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	return open_file(d, flags, e);
}

/* A flattened stream cannot be read in place. */
static int open_flat(struct fa_dump *d, int fd, const struct fa_dump_probe *p,
		     unsigned int flags, struct fa_err *e)
{
	(void)d;
	(void)fd;
	(void)p;
	(void)flags;
	return fa_err_set(e, FA_EUNSUP, FA_DUMP_FLAT_REFUSED);
}

static int probe_root(const struct fa_dump_probe *p)
{
	return S_ISDIR(p->st.st_mode);
}

static int probe_flat(const struct fa_dump_probe *p)
{
	return p->len >= sizeof(FA_FLAT_SIGNATURE) &&
	       !memcmp(p->buf, FA_FLAT_SIGNATURE, sizeof(FA_FLAT_SIGNATURE));
}

static const struct fa_dump_ops root_ops = {
	FA_DUMP_ROOT, "capture root", probe_root, open_root, NULL, NULL
};
static const struct fa_dump_ops flat_ops = {
	FA_DUMP_FLAT, "flattened stream", probe_flat, open_flat, NULL, NULL
};

/* Probed in this order: a directory first, then the file's magic. */
static const struct fa_dump_ops *const dump_formats[] = {
	&root_ops, &fa_dump_elf_ops, &fa_dump_kdump_ops, &flat_ops,
};

/* The opalcore is opened by the ELF entry; it has a name of its own. */
#define OPALCORE_NAME	"opalcore"

const char *fa_dump_format_name(int format)
{
	size_t i;

	if (format == FA_DUMP_OPALCORE)
		return OPALCORE_NAME;
	for (i = 0; i < sizeof(dump_formats) / sizeof(dump_formats[0]); i++)
		if (dump_formats[i]->format == format)
			return dump_formats[i]->name;
	return "unknown";
}

const struct fa_dump_ops *fa_dump_probe(const struct fa_dump_probe *p,
					struct fa_err *e)
{
	const uint8_t *b = p->buf;
	size_t i, n = p->len;

	for (i = 0; i < sizeof(dump_formats) / sizeof(dump_formats[0]); i++)
		if (dump_formats[i]->probe(p))
			return dump_formats[i];
	if (!n)
		fa_err_set(e, FA_EMAGIC, "empty file: expected an ELF "
			   "vmcore, a kdump-compressed file or an opalcore");
	else
		fa_err_set(e, FA_EMAGIC, "not a dump: expected an ELF or "
			   "kdump-compressed signature at offset 0, found "
			   "%02x %02x %02x %02x", b[0], n > 1 ? b[1] : 0,
			   n > 2 ? b[2] : 0, n > 3 ? b[3] : 0);
	return NULL;
}

const struct fa_dump_ops *fa_dump_probe_fd(int fd, struct fa_dump_probe *p,
					   const char *file, struct fa_err *e)
{
	ssize_t n;

	p->len = 0;
	if (fstat(fd, &p->st)) {
		fa_err_errno(e, file);
		return NULL;
	}
	if (S_ISDIR(p->st.st_mode)) {
		fa_err_set(e, FA_EINVAL, "%s: is a directory", file);
		return NULL;
	}
	do {
		n = pread(fd, p->buf, sizeof(p->buf), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		fa_err_errno(e, file);
		return NULL;
	}
	p->len = (size_t)n;
	return fa_dump_probe(p, e);
}

int fa_dump_file(const char *path, char *buf, size_t size, struct fa_err *e)
{
	struct stat st;
	int n;

	if (strcmp(path, "-") && !stat(path, &st) && S_ISDIR(st.st_mode))
		return root_file(path, buf, size, e);
	n = snprintf(buf, size, "%s", path);
	if (n < 0 || (size_t)n >= size)
		return fa_err_set(e, FA_ERANGE, "%s: path too long", path);
	return 0;
}

static int open_file(struct fa_dump *d, unsigned int flags, struct fa_err *e)
{
	struct fa_dump_probe p;
	const struct fa_dump_ops *ops;
	int fd, ret;

	memset(&p, 0, sizeof(p));
	fd = open(d->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fa_err_errno(e, d->file);
	ops = fa_dump_probe_fd(fd, &p, d->file, e);
	d->file_size = (uint64_t)p.st.st_size;
	ret = ops ? ops->open(d, fd, &p, flags, e) : e->code;
	close(fd);
	if (!ret && !ops->read)
		ret = fa_err_set(e, FA_EUNSUP, "%s: %s: no memory to read",
				 d->file, ops->name);
	if (ret)
		return ret;
	d->ops = ops;
	d->mem.read = ops->read;
	d->mem.ctx = d;
	d->mem.byteorder = d->byteorder;
	d->mem.ptr_size = 8;
	if (flags & FA_DUMP_NO_MEMORY)
		d->mem.read = NULL;
	return 0;
}

int fa_dump_open(const char *path, unsigned int flags, struct fa_dump **out,
		 struct fa_err *e)
{
	struct fa_dump_probe p = { 0 };
	struct fa_dump *d;
	int ret;

	*out = NULL;
	if (stat(path, &p.st))
		return fa_err_errno(e, path);
	d = calloc(1, sizeof(*d));
	if (!d)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	d->path = strdup(path);
	if (!d->path) {
		ret = fa_err_set(e, FA_ENOMEM, "out of memory");
		goto out;
	}
	if (probe_root(&p)) {
		ret = open_root(d, -1, &p, flags, e);
	} else {
		d->file = strdup(path);
		ret = d->file ? open_file(d, flags, e)
			      : fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	if (!ret && d->nranges > 1)
		qsort(d->ranges, d->nranges, sizeof(*d->ranges), range_cmp);
out:
	if (ret) {
		/* Name the file read when it is not DUMP itself. */
		if (d->file && d->path && strcmp(d->file, d->path) &&
		    strncmp(e->msg, d->file, strlen(d->file)) &&
		    strncmp(e->msg, d->path, strlen(d->path)))
			fa_err_prefix(e, "%s: ", d->file);
		fa_dump_close(d);
		return ret;
	}
	*out = d;
	return 0;
}

void fa_dump_close(struct fa_dump *d)
{
	if (!d)
		return;
	/* A failed open leaves what it attached: close every format's. */
	fa_dump_elf_close(d);
	fa_dump_kdump_close(d);
	fa_vmci_free(d->vmcoreinfo);
	free(d->ranges);
	free(d->path);
	free(d->root);
	free(d->file);
	free(d);
}

/* ------------------------------------------------------ capture root */

int fa_dump_root_path(const struct fa_dump *d, const char *rel, char *buf,
		      size_t size, struct fa_err *e)
{
	int n;

	if (!d->root)
		return fa_err_set(e, FA_ENOENT, "%s is not a capture root",
				  d->path);
	n = snprintf(buf, size, "%s%s%s", d->root,
		     strcmp(d->root, "/") ? "/" : "", rel);
	if (n < 0 || (size_t)n >= size)
		return fa_err_set(e, FA_ERANGE, "%s/%s: path too long",
				  d->root, rel);
	return 0;
}

int fa_dump_root_file(const struct fa_dump *d, const char *rel, size_t max,
		      uint8_t **buf, size_t *len, struct fa_err *e)
{
	char path[4096];
	int ret;

	*buf = NULL;
	*len = 0;
	ret = fa_dump_root_path(d, rel, path, sizeof(path), e);
	if (ret)
		return ret;
	if (access(path, F_OK))
		return fa_err_set(e, FA_ENOENT, "%s: no such file", path);
	return fa_read_file(path, buf, len, max, e);
}

int fa_root_opalcore(const char *root, char *buf, size_t size,
		     struct fa_err *e)
{
	static const char *const rel[] = {
		"sys/firmware/opal/mpipl/core",
		"sys/firmware/opal/core",
	};
	size_t i, l = strlen(root);
	struct stat st;
	int n;

	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		n = snprintf(buf, size, "%s%s%s", root,
			     l && root[l - 1] == '/' ? "" : "/", rel[i]);
		if (n < 0 || (size_t)n >= size)
			return fa_err_set(e, FA_ERANGE, "%s: path too long",
					  root);
		if (!stat(buf, &st) && !S_ISDIR(st.st_mode))
			return 0;
	}
	return fa_err_set(e, FA_ENOENT, "%s: a capture root without an opalcore (no %s nor %s)",
			  root, rel[0], rel[1]);
}

/* ------------------------------------------------------ identity */

const char *fa_dump_osrelease(const struct fa_dump *d)
{
	const char *r = NULL;

	if (d->vmcoreinfo)
		r = fa_vmci_get(d->vmcoreinfo, "OSRELEASE");
	if (!r && d->kdump && d->kdump_release[0])
		r = d->kdump_release;
	return r;
}

int fa_dump_crashtime(const struct fa_dump *d, int64_t *seconds)
{
	uint64_t v;

	if (d->vmcoreinfo && !fa_vmci_u64(d->vmcoreinfo, "CRASHTIME", 10, &v)) {
		*seconds = (int64_t)v;
		return 0;
	}
	if (d->kdump && d->kdump_tv_sec) {
		*seconds = d->kdump_tv_sec;
		return 0;
	}
	return FA_ENOENT;
}
