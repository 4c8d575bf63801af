// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert_pipeline.c - pass 2 of fa_convert(): the dumped pages read,
 * tested for zero and compressed by the workers and appended in pfn
 * order by whoever holds the writing token (locking: struct conv in
 * convert_int.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libdeflate.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "convert_int.h"
#include "fa_io.h"
#include "lzo1x.h"

/*
 * -c pages are zlib-format streams at deflate level 1, as makedumpfile
 * writes them (readers inflate them with uncompress()); libdeflate makes
 * them faster than zlib's deflate() does, at a similar size.
 */
#ifndef DEFLATE_LEVEL
#define DEFLATE_LEVEL	1
#endif

/* -l pages up to this size go through formats/lzo1x.c (compress_page) */
#define LZO_OWN_MAX_PAGE	4096

struct job {
	int state;
	uint64_t seq;
	unsigned int n;
	uint64_t pfn[JOB_MAX_PAGES];
	uint64_t off[JOB_MAX_PAGES];
	uint8_t kind[JOB_MAX_PAGES];
	uint8_t zero[JOB_MAX_PAGES];	/* page is all zeros */
	uint8_t shared[JOB_MAX_PAGES];	/* points at the shared zero page */
	uint32_t size[JOB_MAX_PAGES];
	uint32_t flags[JOB_MAX_PAGES];
	uint32_t out_at[JOB_MAX_PAGES];
	uint32_t out_len;		/* bytes of data in out */
	uint8_t *out;
	struct fa_rf_page rfp[JOB_MAX_PAGES];	/* SRC_KDUMP pages */
};

struct worker {
	struct conv *cv;
	pthread_t tid;
	struct libdeflate_compressor *dc;
	void *lzo_wrk;
	ZSTD_CCtx *zc;
	size_t out_cap;			/* room for one compressed page */
	uint8_t *zpage;			/* a zero page */
	int zero_cached;
	uint32_t zero_size, zero_flags;
	uint8_t *zero_out;
	/*
	 * The input pages of the job being compressed: one buffer per
	 * worker, not per job slot, so the pages read stay in this core's
	 * cache (a slot's buffer, last written by the other core, cost a
	 * third more in the kernel's copy).
	 */
	uint8_t *in;
	uint64_t bytes_read;
};

/* ---- page sources ---- */

/* 1 when [off, off + len) of the input is a hole (reads as zeros). */
static int in_hole(struct conv *cv, uint64_t off, uint64_t len)
{
	off_t d, h;

	if (cv->seek_broken)
		return 0;
	if (off >= cv->reg_start && off + len <= cv->reg_end)
		return cv->reg_hole;
	if (off >= cv->reg_start && off < cv->reg_end)
		return 0;		/* straddles a boundary: read it */
	d = lseek(cv->fd, (off_t)off, SEEK_DATA);
	if (d < 0 && errno == ENXIO) {
		cv->reg_start = off;
		cv->reg_end = cv->c->file_size;
		cv->reg_hole = 1;
	} else if (d < 0) {
		cv->seek_broken = 1;
		return 0;
	} else if ((uint64_t)d > off) {
		cv->reg_start = off;
		cv->reg_end = (uint64_t)d;
		cv->reg_hole = 1;
	} else {
		h = lseek(cv->fd, (off_t)off, SEEK_HOLE);
		if (h < 0) {
			cv->seek_broken = 1;
			return 0;
		}
		cv->reg_start = off;
		cv->reg_end = (uint64_t)h;
		cv->reg_hole = 0;
	}
	return off + len <= cv->reg_end ? cv->reg_hole : 0;
}

static void page_source(struct conv *cv, uint64_t pfn, uint8_t *kind,
			uint64_t *off)
{
	uint64_t pa = pfn << cv->pshift, ps = cv->ps;
	const struct fa_elf_load *ld;

	if (cv->rf) {
		*kind = SRC_KDUMP;
		return;
	}
	while (cv->li < cv->c->nmap &&
	       cv->c->map[cv->li].paddr + cv->c->map[cv->li].memsz <= pa)
		cv->li++;
	*kind = SRC_SLOW;
	if (cv->li >= cv->c->nmap)
		return;
	ld = &cv->c->map[cv->li];
	if (pa < ld->paddr || pa + ps > ld->paddr + ld->memsz)
		return;
	if (pa + ps <= ld->paddr + ld->filesz) {
		*off = ld->offset + (pa - ld->paddr);
		*kind = in_hole(cv, *off, ps) ? SRC_ZERO : SRC_FILE;
	} else if (pa >= ld->paddr + ld->filesz) {
		*kind = SRC_ZERO;
	}
}

/* A page that spans PT_LOADs or holes: copy what exists, zero the rest. */
static int read_slow(struct conv *cv, uint64_t pa, uint8_t *buf,
		     uint64_t *nread, struct fa_err *e)
{
	size_t i;
	int rc;

	memset(buf, 0, cv->ps);
	for (i = 0; i < cv->c->nmap; i++) {
		const struct fa_elf_load *ld = &cv->c->map[i];
		uint64_t a = pa > ld->paddr ? pa : ld->paddr;
		uint64_t b = pa + cv->ps, fend = ld->paddr + ld->filesz;

		if (b > fend)
			b = fend;
		if (a >= b)
			continue;
		rc = fa_pread_full(cv->fd, buf + (a - pa), b - a,
				   ld->offset + (a - ld->paddr), cv->in, e);
		if (rc)
			return rc;
		*nread += b - a;
	}
	return 0;
}

/* ---- workers ---- */

/* Record the first error and wake every waiter (lock held). */
static void set_failed_locked(struct conv *cv, const struct fa_err *e)
{
	if (!cv->failed) {
		cv->failed = 1;
		cv->err = *e;
	}
	pthread_cond_broadcast(&cv->cv_free);
}

/* Room a compressor may need for one page, whichever it is. */
static size_t page_out_cap(size_t ps)
{
	size_t cap = ps + ps / 16 + 64 + 3;	/* lzo1x_1's worst case */

	if (compressBound(ps) > cap)
		cap = compressBound(ps);
	if (snappy_max_compressed_length(ps) > cap)
		cap = snappy_max_compressed_length(ps);
	if (ZSTD_compressBound(ps) > cap)
		cap = ZSTD_compressBound(ps);
	return cap;
}

static int worker_init(struct worker *w, struct conv *cv, struct fa_err *e)
{
	size_t ps = cv->ps;

	memset(w, 0, sizeof(*w));
	w->cv = cv;
	w->out_cap = page_out_cap(ps);
	w->zpage = calloc(1, ps);
	w->zero_out = malloc(w->out_cap);
	if (!w->zpage || !w->zero_out)
		return fa_err_set(e, FA_ENOMEM, "out of memory for a compressor");
	switch (cv->o->compress) {
	case FA_DUMP_DH_COMPRESSED_ZLIB:
		w->dc = libdeflate_alloc_compressor(DEFLATE_LEVEL);
		if (!w->dc)
			return fa_err_set(e, FA_ENOMEM,
					  "out of memory for a deflate compressor");
		break;
	case FA_DUMP_DH_COMPRESSED_LZO:
		/* ours for 4 KiB pages, liblzo2's lzo1x_1 for larger ones */
		w->lzo_wrk = malloc(ps <= LZO_OWN_MAX_PAGE
				    ? FA_LZO1X_WRK_SIZE : LZO1X_1_MEM_COMPRESS);
		if (!w->lzo_wrk)
			return fa_err_set(e, FA_ENOMEM, "out of memory for lzo");
		break;
	case FA_DUMP_DH_COMPRESSED_ZSTD:
		w->zc = ZSTD_createCCtx();
		if (!w->zc)
			return fa_err_set(e, FA_ENOMEM, "zstd: cannot create a context");
		break;
	}
	return 0;
}

static void worker_free(struct worker *w)
{
	if (w->dc)
		libdeflate_free_compressor(w->dc);
	free(w->lzo_wrk);
	ZSTD_freeCCtx(w->zc);
	free(w->zpage);
	free(w->zero_out);
}

/*
 * Compress one page into @dst (w->out_cap bytes of room); returns the
 * size, or 0 to store the page raw.
 */
static size_t compress_page(struct worker *w, const uint8_t *in, size_t ps,
			    uint8_t *dst)
{
	size_t n = 0;

	switch (w->cv->o->compress) {
	case FA_DUMP_DH_COMPRESSED_ZLIB:
		/* 0 when it does not fit: the page stays raw */
		n = libdeflate_zlib_compress(w->dc, in, ps, dst, w->out_cap);
		break;
	case FA_DUMP_DH_COMPRESSED_LZO: {
		lzo_uint len = 0;

		/*
		 * An LZO1X stream, as lzo1x_decompress_safe() reads it.  A
		 * 4 KiB page: formats/lzo1x.c, a tenth faster than liblzo2
		 * there for a size within 1.5 %.  A larger page (ppc64's
		 * 64 KiB): liblzo2's lzo1x_1, as fast as ours on those, and
		 * what makedumpfile uses, so that the file is byte for byte
		 * makedumpfile's (t4210 compares --split files on a genuine
		 * FADump).
		 */
		if (ps <= LZO_OWN_MAX_PAGE) {
			n = fa_lzo1x_compress(in, ps, dst, w->lzo_wrk);
			break;
		}
		if (lzo1x_1_compress(in, ps, dst, &len, w->lzo_wrk) != LZO_E_OK)
			return 0;
		n = len;
		break;
	}
	case FA_DUMP_DH_COMPRESSED_SNAPPY:
		n = w->out_cap;
		if (snappy_compress((const char *)in, ps, (char *)dst,
				    &n) != SNAPPY_OK)
			return 0;
		break;
	case FA_DUMP_DH_COMPRESSED_ZSTD:
		n = ZSTD_compressCCtx(w->zc, dst, w->out_cap, in, ps, 1);
		if (ZSTD_isError(n))
			return 0;
		break;
	default:
		return 0;
	}
	return n < ps ? n : 0;
}

/*
 * Put page @i of @j (data at @src) into j->out at @at (compressed in
 * place: j->out has a page's worth of slack); returns its size.
 */
static uint32_t store_page(struct worker *w, struct job *j, unsigned int i,
			   const uint8_t *src, uint32_t at)
{
	size_t ps = w->cv->ps, n;

	if (j->zero[i] && w->zero_cached) {
		memcpy(j->out + at, w->zero_out, w->zero_size);
		j->flags[i] = w->zero_flags;
		return w->zero_size;
	}
	n = compress_page(w, src, ps, j->out + at);
	if (n) {
		j->flags[i] = w->cv->o->compress;
	} else {
		memcpy(j->out + at, src, ps);
		j->flags[i] = 0;
		n = ps;
	}
	if (j->zero[i] && !w->zero_cached) {
		memcpy(w->zero_out, j->out + at, n);
		w->zero_size = (uint32_t)n;
		w->zero_flags = j->flags[i];
		w->zero_cached = 1;
	}
	return (uint32_t)n;
}

/* Page @i of @j with the --config erasures (a hole's page filled first). */
static const uint8_t *erase_job_page(struct worker *w, struct job *j,
				     unsigned int i, const uint8_t *src)
{
	struct conv *cv = w->cv;
	uint64_t pa = j->pfn[i] << cv->pshift;
	uint8_t *buf = w->in + (size_t)i * cv->ps;

	if (!fa_erase_touches(cv->erase, pa, cv->ps))
		return src;
	if (src != buf)
		memset(buf, 0, cv->ps);
	fa_erase_page(cv->erase, pa, buf, cv->ps);
	return buf;
}

static int process_job(struct worker *w, struct job *j, struct fa_err *e)
{
	struct conv *cv = w->cv;
	size_t ps = cv->ps;
	unsigned int i, k;
	uint32_t at = 0;
	int rc;

	if (cv->rf) {
		rc = fa_refilter_read_pages(cv->rf, j->pfn, j->n,
					    cv->o->compress, cv->rf_test_zero,
					    w->in, j->rfp, &w->bytes_read, e);
		if (rc)
			return rc;
	}
	for (i = 0; i < j->n; i = k) {
		k = i + 1;
		if (j->kind[i] == SRC_SLOW) {
			rc = read_slow(cv, j->pfn[i] << cv->pshift, w->in + i * ps,
				       &w->bytes_read, e);
			if (rc)
				return rc;
			continue;
		}
		if (j->kind[i] != SRC_FILE)
			continue;
		while (k < j->n && j->kind[k] == SRC_FILE &&
		       j->off[k] == j->off[i] + (k - i) * ps)
			k++;
		rc = fa_pread_full(cv->fd, w->in + i * ps, (k - i) * ps, j->off[i],
				   cv->in, e);
		if (rc)
			return rc;
		w->bytes_read += (k - i) * ps;
	}
	for (i = 0; i < j->n; i++) {
		const uint8_t *src = j->kind[i] == SRC_ZERO ? w->zpage
							    : w->in + i * ps;

		if (cv->erase)
			src = erase_job_page(w, j, i, src);
		if (j->kind[i] == SRC_KDUMP)
			j->zero[i] = j->rfp[i].zero;
		else
			j->zero[i] = j->kind[i] == SRC_ZERO ||
				     fa_page_is_zero(src, ps);
		j->shared[i] = j->zero[i] && (cv->o->dump_level & FA_DL_EXCLUDE_ZERO);
		j->out_at[i] = at;
		if (j->shared[i]) {
			j->size[i] = (uint32_t)ps;
			j->flags[i] = 0;
			continue;
		}
		if (j->kind[i] == SRC_KDUMP && j->rfp[i].stored) {
			memcpy(j->out + at, src, j->rfp[i].size);
			j->size[i] = j->rfp[i].size;
			j->flags[i] = j->rfp[i].flags;
			at += j->size[i];
			continue;
		}
		j->size[i] = store_page(w, j, i, src, at);
		at += j->size[i];
	}
	j->out_len = at;
	return 0;
}

/* ---- writing, in pfn order ---- */

static int flush_desc(struct conv *cv, struct fa_err *e)
{
	int rc = sink_write(&cv->sink, cv->l.page_desc_off +
			    cv->pidx * FA_PAGE_DESC_SIZE, cv->pbuf, cv->plen, e);

	cv->pidx += cv->plen / FA_PAGE_DESC_SIZE;
	cv->plen = 0;
	return rc;
}

/* The durable() hook: flush, fdatasync, report the pfns behind the writer. */
static int sync_point(struct conv *cv, uint64_t pfn_end, struct fa_err *e)
{
	int rc;

	/* A refilter writes its headers after the pages: no sync points. */
	if (!cv->o->durable || cv->rf || cv->sink.flat || cv->sink.of.is_stdout ||
	    pfn_end - cv->synced_pfn < cv->o->durable_pfns)
		return 0;
	rc = flush_desc(cv, e);
	if (rc)
		return rc;
	if (fdatasync(cv->sink.of.fd))
		return fa_err_errno(e, cv->sink.of.tmp);
	cv->synced_pfn = pfn_end;
	return cv->o->durable(cv->o->durable_ctx, cv->sink.of.tmp,
			      pfn_end << cv->pshift, e);
}

static int write_job(struct conv *cv, struct job *j, struct fa_err *e)
{
	struct fa_convert_stats *st = cv->st;
	unsigned int i;
	int rc;

	for (i = 0; i < j->n; i++) {
		struct fa_page_desc pd = { 0 };

		if (j->shared[i]) {
			pd.offset = (int64_t)cv->zero_off;
			pd.size = cv->ps;
			st->shared_zero++;
		} else {
			/* the job's data follows what is written so far */
			pd.offset = (int64_t)(cv->data_end + j->out_at[i]);
			pd.size = j->size[i];
			pd.flags = j->flags[i];
			if (j->flags[i])
				st->compressed++;
			else
				st->raw++;
		}
		st->zero += j->zero[i];
		st->holes += j->kind[i] == SRC_ZERO;
		if (cv->plen + FA_PAGE_DESC_SIZE > DESC_BUF) {
			rc = flush_desc(cv, e);
			if (rc)
				return rc;
		}
		fa_page_desc_encode(&pd, cv->bo, cv->pbuf + cv->plen);
		cv->plen += FA_PAGE_DESC_SIZE;
	}
	/*
	 * One write per job, straight from the slot: usually the worker that
	 * compressed it writes it, so the data is still in this core's cache
	 * (gathering jobs into one buffer made the cores trade its lines).
	 */
	rc = sink_write(&cv->sink, cv->data_end, j->out, j->out_len, e);
	if (rc)
		return rc;
	cv->data_end += j->out_len;
	cv->written += j->n;
	if (cv->o->progress)
		cv->o->progress(cv->o->progress_ctx, cv->written * cv->ps,
				(cv->o->split ? cv->nr_split : cv->nr_dumped) *
				cv->ps);
	return j->n ? sync_point(cv, j->pfn[j->n - 1] + 1, e) : 0;
}

/*
 * Write every finished job that is next in order (lock held, dropped
 * around the writes).  Whichever worker finds the writer's token free
 * takes it, so nobody waits for a writer thread: a worker that finishes
 * out of order leaves its job for the token holder, who checks again
 * under the lock before giving the token back.
 */
static void write_ready_locked(struct conv *cv)
{
	struct fa_err e = { 0 };
	struct job *j;
	int rc;

	if (cv->writing)
		return;
	cv->writing = 1;
	for (;;) {
		j = &cv->jobs[cv->next_write % cv->nslots];
		if (cv->failed || j->state != J_DONE || j->seq != cv->next_write)
			break;
		pthread_mutex_unlock(&cv->mu);
		rc = write_job(cv, j, &e);
		pthread_mutex_lock(&cv->mu);
		if (rc) {
			set_failed_locked(cv, &e);
			break;
		}
		j->state = J_FREE;
		cv->next_write++;
		if (cv->nwaiting)
			pthread_cond_broadcast(&cv->cv_free);
	}
	cv->writing = 0;
}

/* ---- handing out pages ---- */

/*
 * Fill @j with the next dumped pfns and their sources (lock held);
 * building the next cycle's bitmaps when one is used up.  j->n = 0 at
 * the end.  Returns 0 or a bitmap error.
 */
static int fill_job(struct conv *cv, struct job *j, struct fa_err *e)
{
	uint64_t cs, len, i;
	uint64_t lim = cv->o->split ? cv->o->split_end : cv->max_mapnr;
	int rc;

	j->n = 0;
	while (j->n < cv->jmax && cv->prod_cs < lim) {
		cs = cv->prod_cs;
		len = cs + cv->cycle < cv->max_mapnr ? cv->cycle
						     : cv->max_mapnr - cs;
		if (!cv->prod_built && cycle_empty(cv, cs, cs + len)) {
			cv->prod_cs = cs + len;
			continue;
		}
		if (!cv->prod_built) {
			rc = build_cycle(cv, cs, cs + len, e);
			if (rc)
				return rc;
			cv->prod_built = 1;
		}
		i = cv->prod_i;
		if (cv->o->split) {
			/* cycles outside the range are built, not handed out */
			if (cs + i < cv->o->split_start)
				i = cv->o->split_start - cs < len
					? cv->o->split_start - cs : len;
			if (cv->o->split_end - cs < len)
				len = cv->o->split_end > cs
					? cv->o->split_end - cs : 0;
		}
		for (; i < len && j->n < cv->jmax; i++) {
			if (!(i & 63) && i + 64 <= len) {
				uint64_t w;

				memcpy(&w, cv->bm2 + i / 8, 8);
				if (!w) {
					i += 63;
					continue;
				}
			}
			if (!(cv->bm2[i >> 3] >> (i & 7) & 1))
				continue;
			j->pfn[j->n] = cs + i;
			page_source(cv, cs + i, &j->kind[j->n], &j->off[j->n]);
			j->n++;
		}
		if (i < len) {
			cv->prod_i = i;
			break;
		}
		cv->prod_cs = cs + len;
		cv->prod_i = 0;
		cv->prod_built = 0;
	}
	return 0;
}

/*
 * One worker: take the next pages, read, test and compress them outside
 * the lock, then write whatever is next in order.  A worker only sleeps
 * when every job slot is taken (the job next in order is still being
 * compressed by another worker).
 */
static void run_worker(struct worker *w)
{
	struct conv *cv = w->cv;
	struct fa_err e = { 0 };
	struct job *j;
	int rc;

	pthread_mutex_lock(&cv->mu);
	while (!cv->failed && !cv->prod_done) {
		j = &cv->jobs[cv->next_fill % cv->nslots];
		if (j->state != J_FREE) {
			cv->nwaiting++;
			pthread_cond_wait(&cv->cv_free, &cv->mu);
			cv->nwaiting--;
			continue;
		}
		rc = fill_job(cv, j, &e);
		if (rc) {
			set_failed_locked(cv, &e);
			break;
		}
		if (!j->n) {
			cv->prod_done = 1;
			pthread_cond_broadcast(&cv->cv_free);
			break;
		}
		j->seq = cv->next_fill++;
		j->state = J_BUSY;
		pthread_mutex_unlock(&cv->mu);
		rc = process_job(w, j, &e);
		pthread_mutex_lock(&cv->mu);
		if (rc) {
			set_failed_locked(cv, &e);
			break;
		}
		j->state = J_DONE;
		write_ready_locked(cv);
	}
	pthread_mutex_unlock(&cv->mu);
}

static void *worker_main(void *arg)
{
	run_worker(arg);
	return NULL;
}

/*
 * Pass 2: nthreads workers (this thread is one of them) share the
 * pages in jobs of JOB_BYTES; each worker has one job's input buffer
 * and each job slot holds a job's compressed output, so memory is
 * bounded by the thread count.
 */
int pass2(struct conv *cv, struct fa_err *e)
{
	unsigned int n = cv->o->nthreads ? cv->o->nthreads : 1, i, started;
	const size_t huge = 2u << 20;
	size_t out_size, in_size, pool_len = 0;
	uint8_t *pool = MAP_FAILED, *at;
	struct worker *w;
	int rc = 0;

	cv->jmax = JOB_BYTES / cv->ps ? JOB_BYTES / cv->ps : 1;
	cv->nslots = 2 * n + 1;
	in_size = (size_t)cv->jmax * cv->ps;
	out_size = (in_size + page_out_cap(cv->ps) + 63) & ~(size_t)63;
	cv->jobs = calloc(cv->nslots, sizeof(*cv->jobs));
	w = calloc(n, sizeof(*w));
	cv->pbuf = malloc(DESC_BUF);
	if (!cv->jobs || !w || !cv->pbuf) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for the pipeline");
		goto out_free;
	}
	/*
	 * The job slots' outputs and the workers' inputs: one mapping that
	 * may use transparent huge pages.  Faulting in a 4 KiB page costs
	 * microseconds under a hypervisor (10 us on the bench's VM), and
	 * these buffers take a thousand of them; a 2 MiB page costs one.
	 */
	pool_len = ((size_t)cv->nslots * out_size + (size_t)n * in_size +
		    huge - 1) & ~(huge - 1);
	pool = mmap(NULL, pool_len + huge, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pool == MAP_FAILED) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for the pipeline");
		goto out_free;
	}
	at = (uint8_t *)(((uintptr_t)pool + huge - 1) & ~(uintptr_t)(huge - 1));
#ifdef MADV_HUGEPAGE
	madvise(at, pool_len, MADV_HUGEPAGE);
#endif
	for (i = 0; i < cv->nslots; i++, at += out_size)
		cv->jobs[i].out = at;
	cv->data_end = cv->l.data_off;
	cv->zero_off = cv->l.data_off;
	for (i = 0; i < n; i++, at += in_size) {
		rc = worker_init(&w[i], cv, e);
		if (rc)
			goto out_free;
		w[i].in = at;
	}
	if (cv->o->dump_level & FA_DL_EXCLUDE_ZERO) {
		/* the shared zero page, first in the data area */
		rc = sink_write(&cv->sink, cv->zero_off, w[0].zpage, cv->ps, e);
		if (rc)
			goto out_free;
		cv->data_end += cv->ps;
	}
	if (cv->have_pf)
		fa_pagefilter_rewind(&cv->pf);
	cv->li = 0;
	cv->prod_cs = cv->prod_i = 0;
	cv->prod_built = cv->st->cycles == 1;	/* bm2 still holds it */
	pthread_mutex_init(&cv->mu, NULL);
	pthread_cond_init(&cv->cv_free, NULL);
	for (started = 1; started < n; started++)
		if (pthread_create(&w[started].tid, NULL, worker_main, &w[started]))
			break;
	if (started < n) {
		struct fa_err te;

		fa_err_set(&te, FA_ENOMEM, "cannot start threads");
		pthread_mutex_lock(&cv->mu);
		set_failed_locked(cv, &te);
		pthread_mutex_unlock(&cv->mu);
	}
	run_worker(&w[0]);
	cv->bytes_read += w[0].bytes_read;
	for (i = 1; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		cv->bytes_read += w[i].bytes_read;
	}
	if (cv->failed) {
		*e = cv->err;
		rc = cv->err.code ? cv->err.code : FA_EIO;
	}
	if (!rc)
		rc = flush_desc(cv, e);
	if (!rc && cv->written != (cv->o->split ? cv->nr_split : cv->nr_dumped))
		rc = fa_err_set(e, FA_ECORRUPT,
				"wrote %llu pages, counted %llu: the input changed during the conversion?",
				(unsigned long long)cv->written,
				(unsigned long long)(cv->o->split ? cv->nr_split
								 : cv->nr_dumped));
	pthread_cond_destroy(&cv->cv_free);
	pthread_mutex_destroy(&cv->mu);
out_free:
	for (i = 0; w && i < n; i++)
		worker_free(&w[i]);
	free(w);
	if (pool != MAP_FAILED)
		munmap(pool, pool_len + huge);
	free(cv->jobs);
	free(cv->pbuf);
	cv->jobs = NULL;
	cv->pbuf = NULL;
	return rc;
}
