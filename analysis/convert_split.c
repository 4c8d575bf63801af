// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert_split.c - convert --split and --reassemble, as makedumpfile
 * 1.7.2 does them (setup_splitting(), writeout_multiple_dumpfiles(),
 * reassemble_kdump_header(), reassemble_kdump_pages()).
 *
 * A split file is a whole kdump-compressed file of the dump (the same
 * header, notes and both bitmaps of every pfn, room for the descriptors
 * of every dumped page) whose sub-header has split = 1 and the pfn range
 * [start_pfn_64, end_pfn_64) it holds: its descriptors, from the first,
 * are those of the range's dumped pages, and its data those pages (after
 * the shared zero page with dump level bit 1).  The ranges hold an equal
 * share of the 2nd bitmap's pages (zero pages included), in whole split
 * blocks (1 GiB by default): each file but the last takes blocks until
 * it has dumpable / N pages; the last takes the rest.
 *
 * Reassembling takes the header, the sub-header (split fields cleared),
 * the notes and the bitmaps of the first file, and the descriptors and
 * data of each in pfn order, the data packed after the zero page: the
 * unsplit file, byte for byte.  Eraseinfo blobs are appended after the
 * data, one per split file, as makedumpfile does.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert.h"
#include "diskdump.h"
#include "dump.h"
#include "fa_io.h"
#include "fa_outfile.h"

#define SPLITBLOCK_DEFAULT	(1ULL << 30)	/* makedumpfile's 1 GiB */
#define PD_BATCH		4096		/* descriptors per read/write */
#define COPY_BUF		(4u << 20)	/* also a bitmap chunk */

/* ---- --split ---- */

struct split_job {
	const char *in;
	const char *out;
	struct fa_convert_opts o;
	struct fa_convert_stats st;
	struct fa_err err;
	int rc;
	pthread_t tid;
	int started;
};

static void *split_main(void *arg)
{
	struct split_job *j = arg;

	j->rc = fa_convert(j->in, j->out, &j->o, &j->st, &j->err);
	return NULL;
}

/* makedumpfile's setup_splitting(): the end pfn of each file. */
static void split_ranges(const struct fa_convert_plan *p, unsigned int n,
			 uint64_t *start, uint64_t *end)
{
	uint64_t cur = 0, pfn = 0;
	int64_t need;
	unsigned int i;

	for (i = 0; i + 1 < n; i++) {
		start[i] = pfn;
		need = (int64_t)(p->dumpable / n);
		if (pfn < p->max_mapnr) {
			while (cur < p->nblocks && need > 0)
				need -= (int64_t)p->counts[cur++];
			pfn = cur * p->block_pfns;
			if (pfn > p->max_mapnr)
				pfn = p->max_mapnr;
		}
		end[i] = pfn;
	}
	start[n - 1] = pfn;
	end[n - 1] = p->max_mapnr;
}

int fa_convert_split(const char *in, char *const *outs, unsigned int n,
		     uint64_t splitblock, const struct fa_convert_opts *o,
		     struct fa_convert_stats *st, struct fa_err *e)
{
	struct fa_convert_plan plan = { 0 };
	struct fa_convert_opts po = *o;
	struct split_job *jobs = NULL;
	uint64_t *start = NULL, *end;
	unsigned int i, k, threads;
	int rc;

	if (n < 2)
		return fa_err_set(e, FA_EINVAL, "--split needs two output files or more, got %u", n);
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (!strcmp(outs[i], outs[k]))
				return fa_err_set(e, FA_EINVAL,
						  "%s: named twice among the split files",
						  outs[i]);
		if (!strcmp(outs[i], "-"))
			return fa_err_set(e, FA_EINVAL,
					  "split files cannot go to standard output");
		rc = fa_outrule_check(o->out_rule, outs[i], e);
		if (rc)
			return rc;
	}
	plan.block_bytes = splitblock ? splitblock : SPLITBLOCK_DEFAULT;
	po.plan = &plan;
	po.progress = NULL;
	rc = fa_convert(in, "", &po, NULL, e);
	if (rc)
		goto out;
	start = calloc(2 * (size_t)n, sizeof(*start));
	jobs = calloc(n, sizeof(*jobs));
	if (!start || !jobs) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for %u split files", n);
		goto out;
	}
	end = start + n;
	split_ranges(&plan, n, start, end);
	threads = o->nthreads > n ? o->nthreads / n : 1;
	for (i = 0; i < n; i++) {
		jobs[i].in = in;
		jobs[i].out = outs[i];
		jobs[i].o = *o;
		jobs[i].o.plan = NULL;
		jobs[i].o.elf = 0;
		jobs[i].o.split = 1;
		jobs[i].o.split_start = start[i];
		jobs[i].o.split_end = end[i];
		jobs[i].o.nthreads = threads;
		jobs[i].o.progress = NULL;
		if (i && !pthread_create(&jobs[i].tid, NULL, split_main, &jobs[i]))
			jobs[i].started = 1;
		else if (i)
			split_main(&jobs[i]);
	}
	split_main(&jobs[0]);
	for (i = 1; i < n; i++)
		if (jobs[i].started)
			pthread_join(jobs[i].tid, NULL);
	for (i = 0; i < n && !rc; i++) {
		if (jobs[i].rc) {
			rc = jobs[i].rc;
			*e = jobs[i].err;
		}
	}
	if (rc) {
		/* all or nothing: the files that were written go too */
		for (i = 0; i < n; i++)
			if (!jobs[i].rc)
				unlink(outs[i]);
		goto out;
	}
	if (st) {
		*st = jobs[0].st;
		for (i = 1; i < n; i++) {
			st->dumped += jobs[i].st.dumped;
			st->zero += jobs[i].st.zero;
			st->shared_zero += jobs[i].st.shared_zero;
			st->raw += jobs[i].st.raw;
			st->compressed += jobs[i].st.compressed;
			st->holes += jobs[i].st.holes;
			st->bytes_read += jobs[i].st.bytes_read;
			st->out_size += jobs[i].st.out_size;
		}
	}
out:
	free(plan.counts);
	free(start);
	free(jobs);
	return rc;
}

/* ---- --reassemble ---- */

struct sfile {
	const char *name;
	int fd;
	uint64_t size;
	dev_t dev;
	ino_t ino;
	int bo;
	uint8_t hdr[FA_DISKDUMP_HDR_SIZE];
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	uint64_t start, end;		/* its pfn range */
	uint64_t nr;			/* dumped pfns in it */
};

struct reasm {
	struct sfile *f;
	unsigned int n;
	uint32_t bs;
	uint64_t max_mapnr, bitmap_len, bm1_off, pd_off, data_off, zero_off;
	uint64_t total;			/* dumped pfns of the dump */
	uint8_t *head;			/* [0, bm1_off) of the first file */
	uint8_t *buf;
	struct fa_outfile of;
	int open;
};

static int open_split(struct sfile *f, struct fa_err *e)
{
	uint8_t sb[FA_KDUMP_SUB_HDR_SIZE];
	const struct fa_dump_ops *ops;
	struct fa_dump_probe p;
	struct stat st;
	int rc;

	f->fd = open(f->name, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return fa_err_set(e, errno == ENOENT ? FA_ENOENT : FA_EIO,
				  "%s: cannot open: %s", f->name, strerror(errno));
	if (fstat(f->fd, &st) || !S_ISREG(st.st_mode))
		return fa_err_set(e, FA_EINVAL, "%s: not a regular file", f->name);
	f->size = (uint64_t)st.st_size;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	/* Told apart as every input is (dump.h), then read as a split part. */
	ops = fa_dump_probe_fd(f->fd, &p, f->name, e);
	if (!ops)
		return fa_err_prefix(e, "%s: ", f->name);
	if (ops->format != FA_DUMP_KDUMP)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: expected a split kdump-compressed file, found %s",
				  f->name, ops->name);
	rc = fa_pread_full(f->fd, f->hdr, sizeof(f->hdr), 0, f->name, e);
	if (!rc)
		rc = fa_diskdump_probe_byteorder(f->hdr, sizeof(f->hdr), &f->bo, e);
	if (!rc)
		rc = fa_diskdump_header_decode(f->hdr, sizeof(f->hdr), f->bo,
					       &f->h, e);
	if (!rc)
		rc = fa_diskdump_header_validate(&f->h, f->size, e);
	if (rc)
		return fa_err_prefix(e, "%s: ", f->name);
	if (memcmp(f->h.signature, FA_KDUMP_SIGNATURE, FA_SIG_LEN) ||
	    f->h.header_version < 2)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: expected a split kdump-compressed file (header version 2 or later), found version %d",
				  f->name, f->h.header_version);
	rc = fa_pread_full(f->fd, sb, sizeof(sb), (uint64_t)f->h.block_size,
			   f->name, e);
	if (!rc)
		rc = fa_kdump_sub_header_decode(sb, sizeof(sb), f->bo, &f->s, e);
	if (!rc)
		rc = fa_kdump_sub_header_validate(&f->s, &f->h, f->size, e);
	if (rc)
		return fa_err_prefix(e, "%s: ", f->name);
	if (f->s.split != 1)
		return fa_err_set(e, FA_EINVAL,
				  "%s: not a split file (the sub-header's split is %d)",
				  f->name, f->s.split);
	f->start = f->h.header_version >= 6 ? f->s.start_pfn_64 : f->s.start_pfn;
	f->end = f->h.header_version >= 6 ? f->s.end_pfn_64 : f->s.end_pfn;
	return 0;
}

static int cmp_start(const void *a, const void *b)
{
	const struct sfile *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* [0, bitmap1) of @f with the split fields cleared, into @buf. */
static int read_head(struct reasm *r, const struct sfile *f, uint8_t *buf,
		     struct fa_err *e)
{
	struct fa_kdump_sub_header s = f->s;
	int rc;

	rc = fa_pread_full(f->fd, buf, r->bm1_off, 0, f->name, e);
	if (rc)
		return rc;
	s.split = 0;
	s.start_pfn = s.end_pfn = s.start_pfn_64 = s.end_pfn_64 = 0;
	s.offset_eraseinfo = 0;
	s.size_eraseinfo = 0;
	fa_kdump_sub_header_encode(&s, f->bo, buf + r->bs);
	return 0;
}

/* The set bits of @bm (bit i = pfn @base + i, @base a multiple of 8) in [a, b). */
static uint64_t bits_in(const uint8_t *bm, uint64_t base, uint64_t a,
			uint64_t b)
{
	uint64_t n = 0;

	for (; a < b && ((a - base) & 7); a++)
		n += bm[(a - base) >> 3] >> ((a - base) & 7) & 1;
	for (; a + 8 <= b; a += 8)
		n += (uint64_t)__builtin_popcount(bm[(a - base) >> 3]);
	for (; a < b; a++)
		n += bm[(a - base) >> 3] >> ((a - base) & 7) & 1;
	return n;
}

/* 1 when [@off, @off + @len) of @fd is a hole (reads as zeros). */
static int is_hole(int fd, uint64_t off, uint64_t len)
{
	off_t d = lseek(fd, (off_t)off, SEEK_DATA);

	return (d < 0 && errno == ENXIO) || (d >= 0 && (uint64_t)d >= off + len);
}

/*
 * Both bitmaps, BITMAP_CHUNK bytes at a time (memory stays bounded, and
 * a hole of the first file, a span without memory, is skipped): @write
 * 0 checks that every file has the first file's bitmaps and counts the
 * dumped pages of each range, 1 copies them to the output.
 */
#define BITMAP_CHUNK	COPY_BUF
static int walk_bitmaps(struct reasm *r, int write, uint8_t *a, uint8_t *b,
			struct fa_err *e)
{
	const struct sfile *f0 = &r->f[0];
	uint64_t off, len, pos, base, lo, hi;
	unsigned int i;
	int rc;

	for (off = 0; off < 2 * r->bitmap_len; off += len) {
		len = 2 * r->bitmap_len - off < BITMAP_CHUNK
		      ? 2 * r->bitmap_len - off : BITMAP_CHUNK;
		/* the two bitmaps apart: a chunk is in one of them */
		if (off < r->bitmap_len && off + len > r->bitmap_len)
			len = r->bitmap_len - off;
		pos = r->bm1_off + off;
		if (is_hole(f0->fd, pos, len))
			continue;
		rc = fa_pread_full(f0->fd, a, len, pos, f0->name, e);
		if (rc)
			return rc;
		if (write) {
			rc = fa_outfile_pwrite(&r->of, a, len, pos, e);
			if (rc)
				return rc;
			continue;
		}
		for (i = 1; i < r->n; i++) {
			rc = fa_pread_full(r->f[i].fd, b, len, pos, r->f[i].name, e);
			if (rc)
				return rc;
			if (memcmp(a, b, len))
				return fa_err_set(e, FA_EINVAL,
						  "%s: from another dump than %s (their bitmaps differ at offset %#llx)",
						  r->f[i].name, f0->name,
						  (unsigned long long)pos);
		}
		if (off < r->bitmap_len)
			continue;
		base = (off - r->bitmap_len) * 8;
		for (i = 0; i < r->n; i++) {
			lo = r->f[i].start > base ? r->f[i].start : base;
			hi = r->f[i].end < base + len * 8 ? r->f[i].end : base + len * 8;
			if (lo < hi)
				r->f[i].nr += bits_in(a, base, lo, hi);
		}
	}
	return 0;
}

/*
 * The files one dump's split files, in pfn order, covering [0, max_mapnr)
 * without a gap or an overlap.
 */
static int check_set(struct reasm *r, struct fa_err *e)
{
	const struct sfile *f0;
	uint8_t *head, *bm;
	unsigned int i;
	uint64_t pos;
	int rc = 0;

	qsort(r->f, r->n, sizeof(*r->f), cmp_start);
	f0 = &r->f[0];
	r->bs = (uint32_t)f0->h.block_size;
	r->max_mapnr = fa_diskdump_max_mapnr(&f0->h, &f0->s);
	r->bitmap_len = (uint64_t)f0->h.bitmap_blocks * r->bs / 2;
	r->bm1_off = (uint64_t)(1 + f0->h.sub_hdr_size) * r->bs;
	r->pd_off = r->bm1_off + 2 * r->bitmap_len;
	for (i = 1; i < r->n; i++)
		if (memcmp(r->f[i].hdr, f0->hdr, sizeof(f0->hdr)))
			return fa_err_set(e, FA_EINVAL,
					  "%s: from another dump than %s (their kdump headers differ)",
					  r->f[i].name, f0->name);
	for (i = 0; i < r->n; i++) {
		const struct sfile *f = &r->f[i];

		if (f->start > f->end || f->end > r->max_mapnr)
			return fa_err_set(e, FA_ECORRUPT,
					  "%s: split range [%#llx, %#llx) outside the dump's %#llx pfns",
					  f->name, (unsigned long long)f->start,
					  (unsigned long long)f->end,
					  (unsigned long long)r->max_mapnr);
		pos = i ? r->f[i - 1].end : 0;
		if (f->start < pos)
			return fa_err_set(e, FA_EINVAL,
					  "%s: pfns [%#llx, %#llx) overlap %s's [%#llx, %#llx)",
					  f->name, (unsigned long long)f->start,
					  (unsigned long long)f->end, r->f[i - 1].name,
					  (unsigned long long)r->f[i - 1].start,
					  (unsigned long long)r->f[i - 1].end);
		if (f->start > pos)
			return fa_err_set(e, FA_EINVAL,
					  "%s: pfns [%#llx, %#llx) are in none of the files: a split file is missing",
					  f->name, (unsigned long long)pos,
					  (unsigned long long)f->start);
	}
	if (r->f[r->n - 1].end != r->max_mapnr)
		return fa_err_set(e, FA_EINVAL,
				  "%s: pfns [%#llx, %#llx) are in none of the files: a split file is missing",
				  r->f[r->n - 1].name,
				  (unsigned long long)r->f[r->n - 1].end,
				  (unsigned long long)r->max_mapnr);
	/* the same sub-header (split fields aside), notes and bitmaps */
	r->head = malloc(r->bm1_off);
	head = malloc(r->bm1_off);
	bm = malloc(2 * (size_t)BITMAP_CHUNK);
	if (!r->head || !head || !bm) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for the headers");
		goto out;
	}
	rc = read_head(r, f0, r->head, e);
	for (i = 1; !rc && i < r->n; i++) {
		rc = read_head(r, &r->f[i], head, e);
		if (!rc && memcmp(head, r->head, r->bm1_off))
			rc = fa_err_set(e, FA_EINVAL,
					"%s: from another dump than %s (their sub-headers or notes differ)",
					r->f[i].name, f0->name);
	}
	if (!rc)
		rc = walk_bitmaps(r, 0, bm, bm + BITMAP_CHUNK, e);
	if (rc)
		goto out;
	for (i = 0; i < r->n; i++)
		r->total += r->f[i].nr;
	r->data_off = r->pd_off + r->total * FA_PAGE_DESC_SIZE;
	r->zero_off = r->data_off;
out:
	free(head);
	free(bm);
	return rc;
}

/* Copy [@in_off, +@len) of @f to @out_off of the output. */
static int copy_data(struct reasm *r, const struct sfile *f, uint64_t in_off,
		     uint64_t out_off, uint64_t len, struct fa_err *e)
{
	ssize_t n;
	size_t k;
	int rc;

	while (len) {
		loff_t io = (loff_t)in_off, oo = (loff_t)out_off;

		n = copy_file_range(f->fd, &io, r->of.fd, &oo, (size_t)len, 0);
		if (n <= 0)
			break;
		in_off += (uint64_t)n;
		out_off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	while (len) {
		k = len < COPY_BUF ? (size_t)len : COPY_BUF;
		rc = fa_pread_full(f->fd, r->buf, k, in_off, f->name, e);
		if (!rc)
			rc = fa_outfile_pwrite(&r->of, r->buf, k, out_off, e);
		if (rc)
			return rc;
		in_off += k;
		out_off += k;
		len -= k;
	}
	return 0;
}

/* The descriptors and data of @f, from output descriptor @*pdi on. */
static int copy_pages(struct reasm *r, const struct sfile *f, uint64_t *pdi,
		      uint64_t *data, struct fa_err *e)
{
	uint8_t *in = r->buf + COPY_BUF, *out = in + PD_BATCH * FA_PAGE_DESC_SIZE;
	uint64_t k, m, b, run_in = 0, run_out = 0, run_len = 0;
	uint64_t zero = f->s.dump_level & FA_DL_EXCLUDE_ZERO ? r->zero_off : 0;
	struct fa_page_desc pd;
	int rc = 0;

	for (k = 0; k < f->nr; k += b) {
		b = f->nr - k < PD_BATCH ? f->nr - k : PD_BATCH;
		rc = fa_pread_full(f->fd, in, b * FA_PAGE_DESC_SIZE,
				   r->pd_off + k * FA_PAGE_DESC_SIZE, f->name, e);
		if (rc)
			return rc;
		for (m = 0; m < b; m++) {
			fa_page_desc_decode(in + m * FA_PAGE_DESC_SIZE,
					    FA_PAGE_DESC_SIZE, f->bo, &pd, e);
			rc = fa_page_desc_validate(&pd, r->bs, f->size, e);
			if (rc)
				return fa_err_prefix(e, "%s: page descriptor %llu: ",
						     f->name,
						     (unsigned long long)(k + m));
			if (zero && (uint64_t)pd.offset == zero) {
				fa_page_desc_encode(&pd, f->bo,
						    out + m * FA_PAGE_DESC_SIZE);
				continue;
			}
			if (run_len && (uint64_t)pd.offset == run_in + run_len) {
				run_len += pd.size;
			} else {
				if (run_len)
					rc = copy_data(r, f, run_in, run_out,
						       run_len, e);
				if (rc)
					return rc;
				run_in = (uint64_t)pd.offset;
				run_out = *data;
				run_len = pd.size;
			}
			pd.offset = (int64_t)*data;
			*data += pd.size;
			fa_page_desc_encode(&pd, f->bo, out + m * FA_PAGE_DESC_SIZE);
		}
		rc = fa_outfile_pwrite(&r->of, out, b * FA_PAGE_DESC_SIZE,
				       r->pd_off + *pdi * FA_PAGE_DESC_SIZE, e);
		if (rc)
			return rc;
		*pdi += b;
	}
	if (run_len)
		rc = copy_data(r, f, run_in, run_out, run_len, e);
	return rc;
}

/* makedumpfile appends each file's eraseinfo after the data. */
static int copy_eraseinfo(struct reasm *r, uint64_t *data, struct fa_err *e)
{
	struct fa_kdump_sub_header s = r->f[0].s;
	uint8_t sb[FA_KDUMP_SUB_HDR_SIZE];
	uint64_t start = *data;
	unsigned int i;
	int rc;

	for (i = 0; i < r->n; i++) {
		const struct sfile *f = &r->f[i];

		if (!f->s.size_eraseinfo)
			continue;
		rc = copy_data(r, f, (uint64_t)f->s.offset_eraseinfo, *data,
			       f->s.size_eraseinfo, e);
		if (rc)
			return rc;
		*data += f->s.size_eraseinfo;
	}
	if (*data == start)
		return 0;
	s.split = 0;
	s.start_pfn = s.end_pfn = s.start_pfn_64 = s.end_pfn_64 = 0;
	s.offset_eraseinfo = (int64_t)start;
	s.size_eraseinfo = *data - start;
	fa_kdump_sub_header_encode(&s, r->f[0].bo, sb);
	return fa_outfile_pwrite(&r->of, sb, sizeof(sb), r->bs, e);
}

static int write_out(struct reasm *r, const char *out,
		     const struct fa_outrule *rule, uint64_t *out_size,
		     struct fa_err *e)
{
	uint64_t pdi = 0, data = r->data_off;
	unsigned int i;
	int rc;

	r->buf = malloc(COPY_BUF + 2 * PD_BATCH * FA_PAGE_DESC_SIZE);
	if (!r->buf)
		return fa_err_set(e, FA_ENOMEM, "out of memory for copying");
	rc = fa_outfile_open_rule(&r->of, out, rule, e);
	if (rc)
		return rc;
	r->open = 1;
	rc = fa_outfile_pwrite(&r->of, r->head, r->bm1_off, 0, e);
	if (!rc)
		rc = walk_bitmaps(r, 1, r->buf, NULL, e);
	if (!rc && (r->f[0].s.dump_level & FA_DL_EXCLUDE_ZERO)) {
		memset(r->buf, 0, r->bs);
		rc = fa_outfile_pwrite(&r->of, r->buf, r->bs, r->zero_off, e);
		data += r->bs;
	}
	for (i = 0; !rc && i < r->n; i++)
		rc = copy_pages(r, &r->f[i], &pdi, &data, e);
	if (!rc)
		rc = copy_eraseinfo(r, &data, e);
	/* the last bitmap block may end past the data when nothing is dumped */
	if (!rc && ftruncate(r->of.fd, (off_t)(data > r->pd_off ? data : r->pd_off)))
		rc = fa_err_set(e, FA_EIO, "%s: cannot set its size: %s", out,
				strerror(errno));
	if (rc)
		return rc;
	r->open = 0;
	if (out_size)
		*out_size = data;
	return fa_outfile_commit(&r->of, e);
}

int fa_convert_reassemble(char *const *ins, unsigned int n, const char *out,
			  const struct fa_outrule *rule, uint64_t *out_size,
			  struct fa_err *e)
{
	struct fa_outrule lr;
	struct stat sb;
	struct reasm r;
	unsigned int i;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	if (!n)
		return fa_err_set(e, FA_EINVAL, "--reassemble needs split files");
	if (!strcmp(out, "-"))
		return fa_err_set(e, FA_EINVAL,
				  "a kdump-compressed file cannot be written to stdout");
	if (rule)
		lr = *rule;
	else
		fa_outrule_init(&lr, 0);
	r.f = calloc(n, sizeof(*r.f));
	if (!r.f)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %u files", n);
	r.n = n;
	for (i = 0; i < n; i++)
		r.f[i].fd = -1;
	for (i = 0; !rc && i < n; i++) {
		r.f[i].name = ins[i];
		rc = open_split(&r.f[i], e);
		/* never written over: each split file is an input */
		if (!rc && lr.ninputs < FA_OUTRULE_MAX_INPUTS)
			rc = fa_outrule_add_input(&lr, ins[i], e);
	}
	for (i = 0; !rc && i < n; i++)
		if (!stat(out, &sb) && sb.st_dev == r.f[i].dev &&
		    sb.st_ino == r.f[i].ino)
			rc = fa_err_set(e, FA_EINVAL,
					"%s: is the split file %s, an input: never replaced",
					out, ins[i]);
	if (!rc)
		rc = check_set(&r, e);
	if (!rc)
		rc = write_out(&r, out, &lr, out_size, e);
	if (r.open)
		fa_outfile_abort(&r.of);
	for (i = 0; i < n; i++)
		if (r.f[i].fd >= 0)
			close(r.f[i].fd);
	free(r.f);
	free(r.head);
	free(r.buf);
	return rc;
}
