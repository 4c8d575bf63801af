// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump.c - open a DUMP of any supported kind: detection, the ELF and
 * kdump-compressed back ends, capture roots.
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

#include <libkdumpfile/kdumpfile.h>

#include "diskdump.h"
#include "dump.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "fa_io.h"
#include "flattened.h"
#include "printk.h"
#include "prstatus.h"

#define PROBE_LEN	512
#define NT_AUXV		6
#define OPALCORE_PID_BASE	100	/* opal-core.c: pr_pid = 100 + PIR */
/* Largest kdump-compressed note area or bitmap we hold in memory. */
#define KDUMP_NOTES_MAX		(64u << 20)
#define KDUMP_BITMAP_MAX	(512u << 20)

struct fa_dump_kdump {
	kdump_ctx_t *ctx;
	int fd;
	uint8_t *notes;
	struct fa_disk_dump_header hdr;
	struct fa_kdump_sub_header sub;
};

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

static int kdump_mem_read(void *ctx, int space, uint64_t addr, void *buf,
			  size_t len, struct fa_err *e)
{
	struct fa_dump *d = ctx;
	kdump_ctx_t *k = d->kdump->ctx;
	kdump_addrspace_t as = KDUMP_MACHPHYSADDR;
	size_t got = len;
	kdump_status st;

	if (space == FA_KVADDR) {
		/* libkdumpfile's ppc64 translation is outdated: linear map only. */
		if (fa_dump_is_ppc64(d)) {
			if (addr < FA_PPC64_PAGE_OFFSET)
				return fa_err_set(e, FA_ENOENT,
						  "kernel address %#" PRIx64
						  " is outside the linear map",
						  addr);
			addr -= FA_PPC64_PAGE_OFFSET;
		} else {
			as = KDUMP_KVADDR;
		}
	}
	st = kdump_read(k, as, addr, buf, &got);
	if (st == KDUMP_OK && got == len)
		return 0;
	if (st == KDUMP_ERR_NODATA)
		return fa_err_set(e, FA_ENOENT,
				  "address %#" PRIx64 " is not in the dump",
				  addr + got);
	return fa_err_set(e, FA_ELIB, "libkdumpfile: reading %#" PRIx64
			  ": %s", addr + got, kdump_get_err(k));
}

/* ------------------------------------------------------- VMCOREINFO */

static void parse_vmcoreinfo(struct fa_dump *d, const char *text, size_t len)
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
static void notes_vmcoreinfo(struct fa_dump *d)
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
		parse_vmcoreinfo(d, (const char *)n.desc, l);
		return;
	}
	fa_err_set(&d->vmcoreinfo_err, FA_ENOENT, "no VMCOREINFO note");
}

/* ---------------------------------------------------------------- ELF */

/*
 * An opalcore is a big-endian ppc64 core whose NT_PRSTATUS notes carry
 * pr_pid = 100 + PIR, with an NT_AUXV note and no VMCOREINFO: no kernel
 * crash dump has an auxiliary vector.
 */
static int is_opalcore(const struct fa_elfcore *c)
{
	struct fa_note n;
	struct fa_err e;
	size_t pos = 0, i;
	int auxv = 0;

	if (c->byteorder != FA_BE || c->e_machine != FA_EM_PPC64 ||
	    c->vmcoreinfo)
		return 0;
	while (fa_note_next(c->notes, c->notes_len, c->byteorder, &pos, &n,
			    &e) == 1)
		if (n.type == NT_AUXV && fa_note_name_is(&n, FA_NN_CORE))
			auxv = 1;
	if (!auxv)
		return 0;
	for (i = 0; i < c->nprstatus; i++) {
		struct fa_prstatus p;

		if (fa_prstatus_decode(c->prstatus[i].desc,
				       c->prstatus[i].descsz, c->byteorder,
				       c->e_machine, &p, &e))
			continue;
		if (p.pid != 0 && p.pid < OPALCORE_PID_BASE)
			return 0;
	}
	return 1;
}

static int open_elf(struct fa_dump *d, int fd, const struct fa_dump_probe *p,
		    unsigned int flags, struct fa_err *e)
{
	struct fa_elfcore *c;
	size_t i;
	int ret;

	ret = fa_elfcore_open_path(&c, d->file, FA_ELFCORE_LAX_NOTES |
				   (flags & FA_DUMP_TRUNCATED_OK ?
				    FA_ELFCORE_TRUNCATED_OK : 0), e);
	if (ret)
		return ret;
	d->elf = c;
	d->byteorder = c->byteorder;
	d->machine = c->e_machine;
	d->notes = c->notes;
	d->notes_len = c->notes_len;
	d->format = is_opalcore(c) ? FA_DUMP_OPALCORE : FA_DUMP_ELF;
	/* The disjoint map, so that overlapping PT_LOADs count once. */
	d->ranges = calloc(c->nmap ? c->nmap : 1, sizeof(*d->ranges));
	if (!d->ranges)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	for (i = 0; i < c->nmap; i++) {
		d->ranges[i].paddr = c->map[i].paddr;
		d->ranges[i].vaddr = c->map[i].vaddr;
		d->ranges[i].size = c->map[i].memsz;
		d->ranges[i].filesz = c->map[i].filesz;
		d->ranges[i].offset = c->map[i].offset;
		/* A truncated dump holds the bytes up to its end only. */
		if (c->map[i].offset >= c->file_size)
			d->ranges[i].filesz = 0;
		else if (c->file_size - c->map[i].offset < c->map[i].filesz)
			d->ranges[i].filesz = c->file_size - c->map[i].offset;
	}
	d->nranges = c->nmap;
	if (c->data_end > c->file_size)
		d->expected_size = c->data_end;
	if (c->vmcoreinfo)
		parse_vmcoreinfo(d, c->vmcoreinfo, c->vmcoreinfo_len);
	else
		fa_err_set(&d->vmcoreinfo_err, FA_ENOENT,
			   "no VMCOREINFO note");
	(void)fd;	/* the core opens the file by name: it owns its fd */
	(void)p;
	return 0;
}

static int elf_read(void *ctx, int space, uint64_t addr, void *buf,
		    size_t len, struct fa_err *e)
{
	const struct fa_dump *d = ctx;

	switch (space) {
	case FA_PHYS:
		return fa_elfcore_read_phys(d->elf, addr, buf, len, e);
	case FA_KVADDR:
		return fa_elfcore_read_kv(d->elf, addr, buf, len, e);
	}
	return fa_err_set(e, FA_EINVAL, "address space %d is unknown", space);
}

static void close_elf(struct fa_dump *d)
{
	fa_elfcore_close(d->elf);
	d->elf = NULL;
}

/* --------------------------------------------------- kdump-compressed */

static int kdump_append_range(struct fa_dump *d, size_t *cap, uint64_t start,
			      uint64_t end, uint32_t page, struct fa_err *e)
{
	struct fa_dump_range *r;

	if (d->nranges == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;

		r = realloc(d->ranges, ncap * sizeof(*r));
		if (!r)
			return fa_err_set(e, FA_ENOMEM, "out of memory");
		d->ranges = r;
		*cap = ncap;
	}
	r = &d->ranges[d->nranges++];
	memset(r, 0, sizeof(*r));
	r->paddr = start * page;
	r->size = r->filesz = (end - start) * page;
	return 0;
}

/* The dumpable pages (second bitmap) as runs of ranges. */
static int kdump_ranges(struct fa_dump *d, int fd, struct fa_err *e)
{
	struct fa_dump_kdump *k = d->kdump;
	uint32_t bs = (uint32_t)k->hdr.block_size;
	uint64_t len = (uint64_t)k->hdr.bitmap_blocks / 2 * bs, off, pfn;
	uint64_t max = fa_diskdump_max_mapnr(&k->hdr, &k->sub), start = 0;
	size_t cap = 0;
	uint8_t *bm;
	int ret, in = 0;

	if (len > KDUMP_BITMAP_MAX)
		return fa_err_set(e, FA_ERANGE, "kdump bitmap of %" PRIu64
				  " bytes is over the %u MiB limit", len,
				  KDUMP_BITMAP_MAX >> 20);
	off = ((uint64_t)1 + (uint64_t)k->hdr.sub_hdr_size) * bs + len;
	bm = malloc(len ? len : 1);
	if (!bm)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	ret = fa_pread_full(fd, bm, len, off, "second bitmap", e);
	if (ret)
		goto out;
	if (max > len * 8)
		max = len * 8;
	for (pfn = 0; pfn < max; pfn++) {
		int set;

		if (!(pfn & 7) && pfn + 8 <= max && bm[pfn >> 3] == (in ? 0xff : 0)) {
			pfn += 7;	/* a whole byte with nothing changing */
			continue;
		}
		set = fa_bitmap_test(bm, len, pfn);
		if (set && !in) {
			start = pfn;
			in = 1;
		} else if (!set && in) {
			ret = kdump_append_range(d, &cap, start, pfn, bs, e);
			if (ret)
				goto out;
			in = 0;
		}
	}
	if (in)
		ret = kdump_append_range(d, &cap, start, max, bs, e);
out:
	free(bm);
	return ret;
}

static int kdump_libopen(struct fa_dump *d, int fd, struct fa_err *e)
{
	struct fa_dump_kdump *k = d->kdump;
	kdump_status st;

	k->ctx = kdump_new();
	if (!k->ctx)
		return fa_err_set(e, FA_ENOMEM, "libkdumpfile: out of memory");
	st = kdump_open_fd(k->ctx, fd);
	if (st != KDUMP_OK)
		return fa_err_set(e, FA_ELIB, "libkdumpfile cannot open it: %s",
				  kdump_get_err(k->ctx));
	/* Needed for kernel virtual reads (not for ppc64 linear map ones). */
	kdump_set_string_attr(k->ctx, "addrxlat.ostype", "linux");
	return 0;
}

static int kdump_header(struct fa_dump *d, int fd, const uint8_t *probe,
			size_t plen, struct fa_err *e)
{
	struct fa_dump_kdump *k;
	uint8_t sub[FA_KDUMP_SUB_HDR_SIZE];
	int bo, ret;

	k = calloc(1, sizeof(*k));
	if (!k)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	k->fd = fd;
	d->kdump = k;
	d->format = FA_DUMP_KDUMP;
	ret = fa_diskdump_probe_byteorder(probe, plen, &bo, e);
	if (ret)
		return ret;
	ret = fa_diskdump_header_decode(probe, plen, bo, &k->hdr, e);
	if (!ret)
		ret = fa_diskdump_header_validate(&k->hdr, d->file_size, e);
	if (ret)
		return ret;
	d->byteorder = bo;
	d->page_size = (uint32_t)k->hdr.block_size;
	if (k->hdr.header_version >= 1 && k->hdr.sub_hdr_size > 0) {
		ret = fa_pread_full(fd, sub, sizeof(sub),
				    (uint64_t)k->hdr.block_size,
				    "kdump sub-header", e);
		if (!ret)
			ret = fa_kdump_sub_header_decode(sub, sizeof(sub), bo,
							 &k->sub, e);
		if (!ret)
			ret = fa_kdump_sub_header_validate(&k->sub, &k->hdr,
							   d->file_size, e);
		if (ret)
			return ret;
	}
	memcpy(d->kdump_release, k->hdr.utsname.release, FA_UTS_LEN);
	d->kdump_release[FA_UTS_LEN] = '\0';
	d->kdump_tv_sec = k->hdr.tv_sec;
	d->kdump_nr_cpus = (uint32_t)k->hdr.nr_cpus;
	d->kdump_current_cpu = k->hdr.current_cpu;
	if (!strcmp(k->hdr.utsname.machine, "ppc64") ||
	    !strcmp(k->hdr.utsname.machine, "ppc64le"))
		d->machine = FA_EM_PPC64;
	else if (!strcmp(k->hdr.utsname.machine, "x86_64"))
		d->machine = FA_EM_X86_64;

	if (k->hdr.header_version >= 4 && k->sub.size_note) {
		if (k->sub.size_note > KDUMP_NOTES_MAX)
			return fa_err_set(e, FA_ERANGE, "kdump notes of %"
					  PRIu64 " bytes are over the limit",
					  k->sub.size_note);
		k->notes = malloc(k->sub.size_note);
		if (!k->notes)
			return fa_err_set(e, FA_ENOMEM, "out of memory");
		ret = fa_pread_full(fd, k->notes, k->sub.size_note,
				    (uint64_t)k->sub.offset_note, "kdump notes",
				    e);
		if (ret)
			return ret;
		d->notes = k->notes;
		d->notes_len = k->sub.size_note;
	}
	notes_vmcoreinfo(d);
	if (d->vmcoreinfo && d->page_size != (uint32_t)k->hdr.block_size)
		d->page_size = (uint32_t)k->hdr.block_size;
	ret = kdump_ranges(d, fd, e);
	if (ret)
		return ret;
	return 0;
}

/*
 * The kdump-compressed file stays open (libkdumpfile reads it): a dup of
 * @fd, so that the caller closes its own as for every format.
 */
static int open_kdump(struct fa_dump *d, int fd, const struct fa_dump_probe *p,
		      unsigned int flags, struct fa_err *e)
{
	int kfd = fcntl(fd, F_DUPFD_CLOEXEC, 0), ret;

	(void)flags;
	if (kfd < 0)
		return fa_err_errno(e, d->file);
	ret = kdump_header(d, kfd, p->buf, p->len, e);
	if (!d->kdump) {
		close(kfd);
		return ret;
	}
	if (!ret)
		ret = kdump_libopen(d, kfd, e);
	return ret;
}

static void close_kdump(struct fa_dump *d)
{
	if (!d->kdump)
		return;
	if (d->kdump->ctx)
		kdump_free(d->kdump->ctx);
	if (d->kdump->fd >= 0)
		close(d->kdump->fd);
	free(d->kdump->notes);
	free(d->kdump);
	d->kdump = NULL;
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

static int probe_elf(const struct fa_dump_probe *p)
{
	/* Either byte order: the core's EI_DATA says which. */
	return p->len >= 4 && !memcmp(p->buf, "\177ELF", 4);
}

static int probe_kdump(const struct fa_dump_probe *p)
{
	return p->len >= FA_SIG_LEN &&
	       (!memcmp(p->buf, FA_KDUMP_SIGNATURE, FA_SIG_LEN) ||
		!memcmp(p->buf, FA_DISKDUMP_SIGNATURE, FA_SIG_LEN));
}

static int probe_flat(const struct fa_dump_probe *p)
{
	return p->len >= sizeof(FA_FLAT_SIGNATURE) &&
	       !memcmp(p->buf, FA_FLAT_SIGNATURE, sizeof(FA_FLAT_SIGNATURE));
}

static const struct fa_dump_ops dump_formats[] = {
	{ FA_DUMP_ROOT, "capture root", probe_root, open_root, NULL, NULL },
	{ FA_DUMP_ELF, "ELF vmcore", probe_elf, open_elf, elf_read,
	  close_elf },
	{ FA_DUMP_KDUMP, "kdump-compressed", probe_kdump, open_kdump,
	  kdump_mem_read, close_kdump },
	{ FA_DUMP_FLAT, "flattened stream", probe_flat, open_flat, NULL,
	  NULL },
};

/* The opalcore is opened by the ELF entry; it has a name of its own. */
#define OPALCORE_NAME	"opalcore"

const char *fa_dump_format_name(int format)
{
	size_t i;

	if (format == FA_DUMP_OPALCORE)
		return OPALCORE_NAME;
	for (i = 0; i < sizeof(dump_formats) / sizeof(dump_formats[0]); i++)
		if (dump_formats[i].format == format)
			return dump_formats[i].name;
	return "unknown";
}

const struct fa_dump_ops *fa_dump_probe(const struct fa_dump_probe *p,
					struct fa_err *e)
{
	const uint8_t *b = p->buf;
	size_t i, n = p->len;

	for (i = 0; i < sizeof(dump_formats) / sizeof(dump_formats[0]); i++)
		if (dump_formats[i].probe(p))
			return &dump_formats[i];
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
	close_elf(d);
	close_kdump(d);
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
