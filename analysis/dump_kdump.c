// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump_kdump.c - the kdump-compressed entry of the dump format table:
 * the header, sub-header and notes read here, the dumpable ranges from
 * the second bitmap, page reads through libkdumpfile.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include "diskdump.h"
#include "dump.h"
#include "dump_format.h"
#include "fa_io.h"
#include "prstatus.h"

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
	fa_dump_notes_vmcoreinfo(d);
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

void fa_dump_kdump_close(struct fa_dump *d)
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

static int probe_kdump(const struct fa_dump_probe *p)
{
	return p->len >= FA_SIG_LEN &&
	       (!memcmp(p->buf, FA_KDUMP_SIGNATURE, FA_SIG_LEN) ||
		!memcmp(p->buf, FA_DISKDUMP_SIGNATURE, FA_SIG_LEN));
}

const struct fa_dump_ops fa_dump_kdump_ops = {
	FA_DUMP_KDUMP, "kdump-compressed", probe_kdump, open_kdump,
	kdump_mem_read, fa_dump_kdump_close
};
