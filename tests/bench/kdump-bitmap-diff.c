// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdump-bitmap-diff.c - compare the 2nd bitmaps (the pages actually
 * dumped) of two kdump-compressed files, e.g. `fadump-analyze convert -d 31`
 * against `makedumpfile -d 31` of the same vmcore (bench only).  Prints the
 * number of dumped pages in each and the pfn ranges dumped by one file
 * only (the first 20 of each kind).  Exit 0 when the bitmaps are equal, 1
 * when they differ, 2 on error.
 * With --headers, compare the headers instead, field by field
 * (disk_dump_header, kdump_sub_header, the copied ELF notes), except the
 * timestamp (makedumpfile writes the time of the conversion); exit 1 when
 * some field differs.
 *
 *   kdump-bitmap-diff [--headers] A.kd B.kd
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diskdump.h"
#include "fa_io.h"

#define MAX_RANGES	20

struct dump {
	const char *path;
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	uint8_t *notes;		/* the sub-header's copy of the ELF notes */
	uint64_t max_mapnr;
	uint8_t *bm2;		/* 2nd bitmap */
	size_t len;
};

static int load(struct dump *d, struct fa_err *e)
{
	uint8_t blk[FA_DISKDUMP_HDR_SIZE], sub[FA_KDUMP_SUB_HDR_SIZE];
	struct fa_disk_dump_header *h = &d->h;
	struct fa_kdump_sub_header *s = &d->s;
	struct stat st;
	uint64_t off;
	int fd, bo, ret = FA_EIO;

	fd = open(d->path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		fa_err_errno(e, "cannot open");
		goto out;
	}
	ret = fa_pread_full(fd, blk, sizeof(blk), 0, "header", e);
	if (!ret)
		ret = fa_diskdump_probe_byteorder(blk, sizeof(blk), &bo, e);
	if (!ret)
		ret = fa_diskdump_header_decode(blk, sizeof(blk), bo, h, e);
	if (!ret)
		ret = fa_diskdump_header_validate(h, (uint64_t)st.st_size, e);
	if (ret)
		goto out;
	if (h->header_version >= 1) {
		ret = fa_pread_full(fd, sub, sizeof(sub), (uint64_t)h->block_size,
				    "sub-header", e);
		if (!ret)
			ret = fa_kdump_sub_header_decode(sub, sizeof(sub), bo, s, e);
		if (ret)
			goto out;
	}
	if (s->size_note > (64u << 20)) {
		ret = fa_err_set(e, FA_ERANGE, "size_note %" PRIu64 " too large",
				 s->size_note);
		goto out;
	}
	d->notes = malloc(s->size_note + 1);
	if (!d->notes) {
		ret = fa_err_set(e, FA_ENOMEM, "out of memory for the notes");
		goto out;
	}
	ret = fa_pread_full(fd, d->notes, s->size_note, (uint64_t)s->offset_note,
			    "notes", e);
	if (ret)
		goto out;
	d->max_mapnr = fa_diskdump_max_mapnr(h, s);
	d->len = (size_t)(h->bitmap_blocks / 2) * (size_t)h->block_size;
	off = (uint64_t)h->block_size * (1 + (uint64_t)h->sub_hdr_size) + d->len;
	d->bm2 = malloc(d->len);
	if (!d->bm2) {
		ret = fa_err_set(e, FA_ENOMEM, "out of memory for the 2nd bitmap");
		goto out;
	}
	ret = fa_pread_full(fd, d->bm2, d->len, off, "2nd bitmap", e);
out:
	if (fd >= 0)
		close(fd);
	if (ret)
		fa_err_prefix(e, "%s: ", d->path);
	return ret;
}

static uint64_t count(const struct dump *d, uint64_t n)
{
	uint64_t pfn, c = 0;

	for (pfn = 0; pfn < n; pfn++)
		c += fa_bitmap_test(d->bm2, d->len, pfn) ? 1 : 0;
	return c;
}

/* Print the ranges of pfns set in @x and clear in @y; return their count. */
static uint64_t only_in(const struct dump *x, const struct dump *y, uint64_t n)
{
	uint64_t pfn, start = 0, total = 0;
	unsigned int ranges = 0;
	int in = 0;

	for (pfn = 0; pfn <= n; pfn++) {
		int d = pfn < n && fa_bitmap_test(x->bm2, x->len, pfn) &&
			!fa_bitmap_test(y->bm2, y->len, pfn);

		if (d) {
			total++;
			if (!in)
				start = pfn;
		} else if (in && ranges++ < MAX_RANGES) {
			printf("  only in %s: pfn %#" PRIx64 "-%#" PRIx64 " (%" PRIu64 " pages)\n",
			       x->path, start, pfn - 1, pfn - start);
		}
		in = d;
	}
	if (ranges > MAX_RANGES)
		printf("  ... %u more ranges\n", ranges - MAX_RANGES);
	return total;
}

static unsigned int ndiff;

static void num(const char *name, uint64_t a, uint64_t b)
{
	if (a == b)
		return;
	printf("  %-28s %#" PRIx64 " vs %#" PRIx64 "\n", name, a, b);
	ndiff++;
}

static void str(const char *name, const char *a, const char *b, size_t len)
{
	if (!memcmp(a, b, len))
		return;
	printf("  %-28s \"%.*s\" vs \"%.*s\"\n", name, (int)len, a, (int)len, b);
	ndiff++;
}

/* Compare every header field but the timestamp; returns how many differ. */
static unsigned int header_diff(const struct dump *x, const struct dump *y)
{
	const struct fa_disk_dump_header *ha = &x->h, *hb = &y->h;
	const struct fa_kdump_sub_header *sa = &x->s, *sb = &y->s;
	const struct fa_new_utsname *ua = &ha->utsname, *ub = &hb->utsname;

	str("signature", ha->signature, hb->signature, FA_SIG_LEN);
	num("header_version", (uint32_t)ha->header_version, (uint32_t)hb->header_version);
	str("utsname.sysname", ua->sysname, ub->sysname, FA_UTS_LEN);
	str("utsname.nodename", ua->nodename, ub->nodename, FA_UTS_LEN);
	str("utsname.release", ua->release, ub->release, FA_UTS_LEN);
	str("utsname.version", ua->version, ub->version, FA_UTS_LEN);
	str("utsname.machine", ua->machine, ub->machine, FA_UTS_LEN);
	str("utsname.domainname", ua->domainname, ub->domainname, FA_UTS_LEN);
	num("status", ha->status, hb->status);
	num("block_size", (uint32_t)ha->block_size, (uint32_t)hb->block_size);
	num("sub_hdr_size", (uint32_t)ha->sub_hdr_size, (uint32_t)hb->sub_hdr_size);
	num("bitmap_blocks", ha->bitmap_blocks, hb->bitmap_blocks);
	num("max_mapnr", ha->max_mapnr, hb->max_mapnr);
	num("total_ram_blocks", ha->total_ram_blocks, hb->total_ram_blocks);
	num("device_blocks", ha->device_blocks, hb->device_blocks);
	num("written_blocks", ha->written_blocks, hb->written_blocks);
	num("current_cpu", ha->current_cpu, hb->current_cpu);
	num("nr_cpus", (uint32_t)ha->nr_cpus, (uint32_t)hb->nr_cpus);
	num("sub.phys_base", sa->phys_base, sb->phys_base);
	num("sub.dump_level", (uint32_t)sa->dump_level, (uint32_t)sb->dump_level);
	num("sub.split", (uint32_t)sa->split, (uint32_t)sb->split);
	num("sub.start_pfn", sa->start_pfn, sb->start_pfn);
	num("sub.end_pfn", sa->end_pfn, sb->end_pfn);
	num("sub.offset_vmcoreinfo", (uint64_t)sa->offset_vmcoreinfo,
	    (uint64_t)sb->offset_vmcoreinfo);
	num("sub.size_vmcoreinfo", sa->size_vmcoreinfo, sb->size_vmcoreinfo);
	num("sub.offset_note", (uint64_t)sa->offset_note, (uint64_t)sb->offset_note);
	num("sub.size_note", sa->size_note, sb->size_note);
	num("sub.offset_eraseinfo", (uint64_t)sa->offset_eraseinfo,
	    (uint64_t)sb->offset_eraseinfo);
	num("sub.size_eraseinfo", sa->size_eraseinfo, sb->size_eraseinfo);
	num("sub.start_pfn_64", sa->start_pfn_64, sb->start_pfn_64);
	num("sub.end_pfn_64", sa->end_pfn_64, sb->end_pfn_64);
	num("sub.max_mapnr_64", sa->max_mapnr_64, sb->max_mapnr_64);
	if (sa->size_note == sb->size_note &&
	    memcmp(x->notes, y->notes, sa->size_note)) {
		printf("  %-28s differ\n", "notes (bytes)");
		ndiff++;
	}
	return ndiff;
}

int main(int argc, char **argv)
{
	struct dump a = { 0 }, b = { 0 };
	struct fa_err e = { 0 };
	uint64_t n, da, db;
	int headers = argc == 4 && !strcmp(argv[1], "--headers");

	if (argc != 3 + headers) {
		fprintf(stderr, "usage: kdump-bitmap-diff [--headers] A.kd B.kd\n");
		return 2;
	}
	a.path = argv[1 + headers];
	b.path = argv[2 + headers];
	if (load(&a, &e) || load(&b, &e)) {
		fprintf(stderr, "kdump-bitmap-diff: %s\n", e.msg);
		return 2;
	}
	if (headers) {
		n = header_diff(&a, &b);
		printf("  headers %s: %" PRIu64 " fields differ (timestamp not compared)\n",
		       n ? "DIFFER" : "equal", n);
		return n ? 1 : 0;
	}
	n = a.max_mapnr > b.max_mapnr ? a.max_mapnr : b.max_mapnr;
	if (a.max_mapnr != b.max_mapnr)
		printf("  max_mapnr differs: %#" PRIx64 " vs %#" PRIx64 "\n",
		       a.max_mapnr, b.max_mapnr);
	printf("  dumped pages: %" PRIu64 " in %s, %" PRIu64 " in %s\n",
	       count(&a, n), a.path, count(&b, n), b.path);
	da = only_in(&a, &b, n);
	db = only_in(&b, &a, n);
	printf("  2nd bitmaps %s: %" PRIu64 " pages only in the first, %" PRIu64 " only in the second\n",
	       da || db ? "DIFFER" : "equal", da, db);
	free(a.bm2);
	free(b.bm2);
	free(a.notes);
	free(b.notes);
	return da || db ? 1 : 0;
}
