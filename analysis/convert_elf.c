// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert_elf.c - convert -E: the dumped pages as an ELF core, laid out
 * as makedumpfile 1.7.2 writes one (write_elf_header(),
 * get_loads_dumpfile_cyclic(), write_elf_pages_cyclic()):
 *
 *  - the input's ELF header with e_phnum = 1 + the PT_LOADs written;
 *    program headers from offset 64, the PT_NOTE first;
 *  - the input's PT_NOTE data right after the program headers;
 *  - each input PT_LOAD (in program header order) walked page by page:
 *    a run of 256 (PFN_EXCLUDED) or more excluded pages ends the PT_LOAD
 *    being built, which keeps the run as its tail [p_filesz, p_memsz)
 *    (readers see zeros, libkdumpfile "no data"); the next PT_LOAD starts
 *    at the next dumped page.  Shorter runs are written with their bytes.
 *    A PT_LOAD without data has p_offset 0, except the last of an input
 *    PT_LOAD.  The data follows in the same order, packed.
 *
 * With dump level bit 1 the zero pages are found first (makedumpfile
 * reads them to fix the 2nd bitmap before the header, as here), by
 * nthreads readers; the data is then copied with copy_file_range() (the
 * kernel copies page-cache pages, nothing passes through user space)
 * by as many workers.  Bytes the input does not hold ([p_filesz,
 * p_memsz) of an input PT_LOAD) stay holes of the new file: zeros.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "convert_elf.h"
#include "diskdump.h"
#include "fa_io.h"

#define PFN_EXCLUDED	256		/* makedumpfile.h */
#define SCAN_PFNS	4096		/* pfns per zero-scan job (multiple of 8) */
#define SCAN_BUF	(256u << 10)	/* bytes read at once by a scanner */
#define COPY_CHUNK	(8ULL << 20)	/* bytes per copy job */

/* One output PT_LOAD and where its data comes from. */
struct oseg {
	struct fa_elf_phdr ph;
	uint64_t src_off;		/* input offset of its first byte */
	uint64_t src_len;		/* bytes of it the input file holds */
	int at0;			/* no data, p_offset 0 */
};

struct elfout {
	const struct fa_elfout_src *s;
	struct fa_convert_stats *st;
	struct oseg *seg;
	size_t nseg, segcap;
	struct fa_outfile *of;
	/* the work queue: zero-scan jobs (pfn chunks) or copy jobs */
	pthread_mutex_t mu;
	uint64_t next, njobs;
	uint64_t *job_pfn;		/* zero-scan job i: its first pfn */
	uint64_t *job_seg;		/* copy job i: its segment ... */
	uint64_t *job_off;		/* ... and its offset in it */
	int failed;
	struct fa_err err;
	uint64_t zero, bytes_read, done, total;
};

struct eworker {
	struct elfout *eo;
	pthread_t tid;
	uint8_t *buf;
	int no_cfr;			/* copy_file_range() unusable here */
	uint64_t zero, bytes_read;
};

static int dumpable(const struct fa_elfout_src *s, uint64_t pfn)
{
	return pfn < s->nbits && (s->bm[pfn >> 3] >> (pfn & 7) & 1);
}

static int take_job(struct elfout *eo, uint64_t *job)
{
	int ok;

	pthread_mutex_lock(&eo->mu);
	ok = !eo->failed && eo->next < eo->njobs;
	if (ok)
		*job = eo->next++;
	pthread_mutex_unlock(&eo->mu);
	return ok;
}

static void fail(struct elfout *eo, const struct fa_err *e)
{
	pthread_mutex_lock(&eo->mu);
	if (!eo->failed) {
		eo->failed = 1;
		eo->err = *e;
	}
	pthread_mutex_unlock(&eo->mu);
}

/* ---- zero pages (dump level bit 1) ---- */

/*
 * Clear the zero pages of pfns [a, b) from the bitmap.  Runs of dumped
 * pfns are read at once; a run the PT_LOADs do not cover whole (a page
 * that is partly a hole) is read page by page, and such a page is kept.
 */
static int scan_chunk(struct eworker *w, uint64_t a, uint64_t b,
		      struct fa_err *e)
{
	const struct fa_elfout_src *s = w->eo->s;
	uint64_t ps = s->ps, per = SCAN_BUF / ps ? SCAN_BUF / ps : 1;
	uint64_t p = a, q, i;
	struct fa_err te;

	while (p < b) {
		if (!dumpable(s, p)) {
			p++;
			continue;
		}
		for (q = p + 1; q < b && q - p < per && dumpable(s, q); q++)
			;
		if (fa_elfcore_read_phys(s->c, p << s->pshift, w->buf,
					 (size_t)((q - p) * ps), &te)) {
			if (te.code != FA_ENOENT) {
				*e = te;
				return te.code;
			}
			q = p + 1;
			if (fa_elfcore_read_phys(s->c, p << s->pshift, w->buf,
						 (size_t)ps, &te)) {
				p = q;
				continue;
			}
		}
		w->bytes_read += (q - p) * ps;
		for (i = p; i < q; i++) {
			if (!fa_page_is_zero(w->buf + (i - p) * ps, (size_t)ps))
				continue;
			/* jobs are whole bytes of the bitmap: no sharing */
			s->bm[i >> 3] &= (uint8_t)~(1u << (i & 7));
			w->zero++;
		}
		p = q;
	}
	return 0;
}

static void run_scan(struct eworker *w)
{
	struct elfout *eo = w->eo;
	uint64_t job, a, b;
	struct fa_err e = { 0 };

	while (take_job(eo, &job)) {
		a = eo->job_pfn[job];
		b = a + SCAN_PFNS < eo->s->nbits ? a + SCAN_PFNS
						  : eo->s->nbits;
		if (scan_chunk(w, a, b, &e)) {
			fail(eo, &e);
			return;
		}
	}
}

/* The pfns of map piece @i: [*a, *b), partial pages included. */
static void piece_pfns(const struct fa_elfout_src *s, size_t i, uint64_t *a,
		       uint64_t *b)
{
	const struct fa_elf_load *l = &s->c->map[i];

	*a = l->paddr >> s->pshift;
	*b = (l->paddr + l->memsz + s->ps - 1) >> s->pshift;
	if (*b > s->nbits)
		*b = s->nbits;
}

/*
 * The zero-scan jobs: the SCAN_PFNS-aligned chunks that hold memory (a
 * sparse physical space costs its pieces, not its span).
 */
static int plan_scan(struct elfout *eo, struct fa_err *e)
{
	uint64_t a, b, p, last, n = 0;
	size_t i;
	int fill;

	for (fill = 0; fill < 2; fill++) {
		for (i = 0, n = 0, last = UINT64_MAX; i < eo->s->c->nmap; i++) {
			piece_pfns(eo->s, i, &a, &b);
			for (p = a - a % SCAN_PFNS; p < b; p += SCAN_PFNS) {
				if (p == last)
					continue;
				if (fill)
					eo->job_pfn[n] = p;
				n++;
				last = p;
			}
		}
		if (fill)
			break;
		eo->job_pfn = malloc((n ? n : 1) * sizeof(uint64_t));
		if (!eo->job_pfn)
			return fa_err_set(e, FA_ENOMEM,
					  "out of memory for %llu scan jobs",
					  (unsigned long long)n);
	}
	eo->njobs = n;
	return 0;
}

/* The pages dumped: the bitmap's, over the memory only. */
static uint64_t count_dumped(const struct fa_elfout_src *s)
{
	uint64_t a, b, p, next = 0, n = 0;
	size_t i;

	for (i = 0; i < s->c->nmap; i++) {
		piece_pfns(s, i, &a, &b);
		for (p = a > next ? a : next; p < b; p++)
			n += dumpable(s, p);
		if (b > next)
			next = b;
	}
	return n;
}

/* ---- copying the data ---- */

static int copy_range(struct eworker *w, uint64_t in_off, uint64_t out_off,
		      uint64_t len, struct fa_err *e)
{
	const struct fa_elfout_src *s = w->eo->s;
	int in_fd = s->c->fd, out_fd = w->eo->of->fd;
	ssize_t n;
	size_t k;
	int rc;

	while (len && !w->no_cfr) {
		loff_t io = (loff_t)in_off, oo = (loff_t)out_off;

		n = copy_file_range(in_fd, &io, out_fd, &oo, (size_t)len, 0);
		if (n > 0) {
			in_off += (uint64_t)n;
			out_off += (uint64_t)n;
			len -= (uint64_t)n;
			w->bytes_read += (uint64_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			return fa_err_set(e, FA_ETRUNC,
					  "%s: the input ends before offset %#llx",
					  s->in, (unsigned long long)in_off);
		if (errno != EXDEV && errno != EINVAL && errno != ENOSYS &&
		    errno != EOPNOTSUPP && errno != EBADF)
			return fa_err_set(e, FA_EIO, "%s: copy_file_range: %s",
					  s->in, strerror(errno));
		w->no_cfr = 1;
	}
	while (len) {
		k = len < SCAN_BUF ? (size_t)len : SCAN_BUF;
		rc = fa_pread_full(in_fd, w->buf, k, in_off, s->in, e);
		if (rc)
			return rc;
		rc = fa_outfile_pwrite(w->eo->of, w->buf, k, out_off, e);
		if (rc)
			return rc;
		in_off += k;
		out_off += k;
		len -= k;
		w->bytes_read += k;
	}
	return 0;
}

static void run_copy(struct eworker *w)
{
	struct elfout *eo = w->eo;
	struct fa_err e = { 0 };
	uint64_t job, off, len;
	const struct oseg *sg;

	while (take_job(eo, &job)) {
		sg = &eo->seg[eo->job_seg[job]];
		off = eo->job_off[job];
		len = sg->ph.filesz - off < COPY_CHUNK ? sg->ph.filesz - off
						       : COPY_CHUNK;
		/* the part the input holds; the rest stays a hole */
		if (off < sg->src_len) {
			if (len > sg->src_len - off)
				len = sg->src_len - off;
			if (copy_range(w, sg->src_off + off, sg->ph.offset + off,
				       len, &e)) {
				fail(eo, &e);
				return;
			}
		}
		pthread_mutex_lock(&eo->mu);
		eo->done += len;
		if (eo->s->o->progress)
			eo->s->o->progress(eo->s->o->progress_ctx, eo->done,
					   eo->total);
		pthread_mutex_unlock(&eo->mu);
	}
}

struct runner {
	void (*fn)(struct eworker *);
	struct eworker *w;
};

static void *worker_main(void *arg)
{
	struct runner *r = arg;

	r->fn(r->w);
	return NULL;
}

/* Run @fn on nthreads workers (this thread is one). */
static int run_workers(struct elfout *eo, struct eworker *w, unsigned int n,
		       void (*fn)(struct eworker *), struct fa_err *e)
{
	struct runner r[n];
	unsigned int i, started;

	eo->next = 0;
	for (i = 0; i < n; i++) {
		r[i].fn = fn;
		r[i].w = &w[i];
	}
	for (started = 1; started < n; started++)
		if (pthread_create(&w[started].tid, NULL, worker_main, &r[started]))
			break;
	fn(&w[0]);
	for (i = 1; i < started; i++)
		pthread_join(w[i].tid, NULL);
	if (eo->failed) {
		*e = eo->err;
		return eo->err.code ? eo->err.code : FA_EIO;
	}
	return 0;
}

/* ---- the PT_LOADs, as makedumpfile cuts them ---- */

static int add_seg(struct elfout *eo, const struct fa_elf_phdr *in,
		   const struct fa_elf_phdr *ph, int at0, struct fa_err *e)
{
	struct oseg *sg;
	uint64_t rel;

	if (eo->nseg == eo->segcap) {
		size_t cap = eo->segcap ? 2 * eo->segcap : 64;

		sg = realloc(eo->seg, cap * sizeof(*sg));
		if (!sg)
			return fa_err_set(e, FA_ENOMEM, "out of memory for %zu PT_LOADs",
					  cap);
		eo->seg = sg;
		eo->segcap = cap;
	}
	sg = &eo->seg[eo->nseg++];
	sg->ph = *ph;
	sg->at0 = at0;
	rel = ph->paddr - in->paddr;
	sg->src_off = in->offset + rel;
	sg->src_len = rel < in->filesz ? in->filesz - rel : 0;
	if (sg->src_len > ph->filesz)
		sg->src_len = ph->filesz;
	return 0;
}

/*
 * The output PT_LOADs of input PT_LOAD @in; *@off is the file offset of
 * the next data (relative: the headers' size is added later).
 */
static int cut_load(struct elfout *eo, const struct fa_elf_phdr *in,
		    uint64_t *off, struct fa_err *e)
{
	const struct fa_elfout_src *s = eo->s;
	uint64_t ps = s->ps, pfn, pfn_start, pfn_end, excl = 0, step;
	uint64_t memsz = 0, filesz = 0, head, tail;
	struct fa_elf_phdr ld = *in;
	int rc;

	pfn_start = in->paddr >> s->pshift;
	pfn_end = (in->paddr + in->memsz) >> s->pshift;
	head = ps - (in->paddr & (ps - 1));
	tail = (in->paddr + in->memsz) & (ps - 1);
	if (head != ps) {
		/* makedumpfile counts the whole head; a load inside one page is shorter */
		memsz = filesz = head < in->memsz ? head : in->memsz;
		pfn_start++;
	}
	if (tail)
		pfn_end++;
	for (pfn = pfn_start; pfn < pfn_end; pfn++) {
		step = pfn == pfn_end - 1 && tail ? tail : ps;
		if (!dumpable(s, pfn)) {
			excl++;
			memsz += step;
			continue;
		}
		if (!excl) {
			memsz += step;
			filesz += step;
			continue;
		}
		if (excl < PFN_EXCLUDED) {
			memsz += step;
			filesz += ps * excl + step;
			excl = 0;
			continue;
		}
		ld.memsz = memsz;
		ld.filesz = filesz;
		ld.offset = filesz ? *off : 0;
		rc = add_seg(eo, in, &ld, !filesz, e);
		if (rc)
			return rc;
		ld.paddr += memsz;
		ld.vaddr += memsz;
		*off += filesz;
		excl = 0;
		memsz = filesz = step;
	}
	ld.memsz = memsz;
	ld.filesz = filesz;
	ld.offset = *off;
	*off += filesz;
	return add_seg(eo, in, &ld, 0, e);
}

/* The input's PT_NOTE phdr (the first; makedumpfile copies that one). */
static const struct fa_elf_phdr *input_note(const struct fa_elfcore *c,
					    size_t *count)
{
	const struct fa_elf_phdr *note = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < c->nphdrs; i++) {
		if (c->phdrs[i].type != FA_PT_NOTE)
			continue;
		if (!note)
			note = &c->phdrs[i];
		++*count;
	}
	return note;
}

/*
 * The pages PT_LOADs cover in part: makedumpfile's 1st bitmap leaves them
 * out, so its -E drops them (a PT_LOAD smaller than a page loses all of
 * its data); here they are dumped.
 */
static void keep_partial(const struct fa_elfout_src *s)
{
	uint64_t mask = s->ps - 1, pfn[2];
	size_t i, k;

	for (i = 0; i < s->c->nloads; i++) {
		const struct fa_elf_load *l = &s->c->loads[i];

		if (!l->memsz)
			continue;
		pfn[0] = l->paddr & mask ? l->paddr >> s->pshift : UINT64_MAX;
		pfn[1] = (l->paddr + l->memsz) & mask
			 ? (l->paddr + l->memsz) >> s->pshift : UINT64_MAX;
		for (k = 0; k < 2; k++)
			if (pfn[k] < s->nbits)
				s->bm[pfn[k] >> 3] |= (uint8_t)(1u << (pfn[k] & 7));
	}
}

/* ---- the whole file ---- */

/* Refuse before copying what the output's file system cannot hold. */
static int check_room(struct fa_elfw *w, struct fa_err *e)
{
	struct statvfs vs;
	struct stat sb;
	uint64_t avail;

	if (fstat(w->of.fd, &sb) || !S_ISREG(sb.st_mode) ||
	    fstatvfs(w->of.fd, &vs))
		return 0;
	avail = (uint64_t)vs.f_bavail * vs.f_frsize;
	if (w->size <= avail)
		return 0;
	return fa_err_set(e, FA_EIO,
			  "%s: the ELF core needs %llu bytes, its file system has %llu free",
			  w->of.path, (unsigned long long)w->size,
			  (unsigned long long)avail);
}

static int plan_copy(struct elfout *eo, struct fa_err *e)
{
	uint64_t n = 0, k, off;
	size_t i;

	for (i = 0; i < eo->nseg; i++)
		n += (eo->seg[i].ph.filesz + COPY_CHUNK - 1) / COPY_CHUNK;
	eo->job_seg = malloc((n ? n : 1) * sizeof(uint64_t));
	eo->job_off = malloc((n ? n : 1) * sizeof(uint64_t));
	if (!eo->job_seg || !eo->job_off)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %llu copy jobs",
				  (unsigned long long)n);
	for (i = 0, k = 0; i < eo->nseg; i++) {
		for (off = 0; off < eo->seg[i].ph.filesz; off += COPY_CHUNK) {
			eo->job_seg[k] = i;
			eo->job_off[k++] = off;
		}
		eo->total += eo->seg[i].ph.filesz;
	}
	eo->njobs = k;
	return 0;
}

static int write_file(struct elfout *eo, struct eworker *w, unsigned int nw,
		      const char *out, struct fa_err *e)
{
	const struct fa_elfout_src *s = eo->s;
	const struct fa_elfcore *c = s->c;
	const struct fa_elf_phdr *note;
	struct fa_elf_phdr *ph = NULL;
	struct fa_elfw ew;
	uint8_t *nbuf = NULL;
	uint64_t hdr, nlen;
	size_t nnotes, i;
	int rc;

	note = input_note(c, &nnotes);
	hdr = fa_elf_headers_size(eo->nseg + 1);
	/* one PT_NOTE as read (raw); several: the notes of all of them */
	nlen = nnotes == 1 ? note->filesz : c->notes_len;
	ph = calloc(eo->nseg + 1, sizeof(*ph));
	nbuf = malloc(nlen ? nlen : 1);
	if (!ph || !nbuf) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for the headers");
		goto out;
	}
	if (nnotes == 1) {
		ph[0] = *note;
		rc = fa_pread_full(c->fd, nbuf, nlen, note->offset, s->in, e);
		if (rc)
			goto out;
	} else {
		ph[0].type = FA_PT_NOTE;
		ph[0].memsz = nlen;
		memcpy(nbuf, c->notes, nlen);
	}
	ph[0].offset = hdr;
	ph[0].filesz = nlen;
	for (i = 0; i < eo->nseg; i++) {
		ph[i + 1] = eo->seg[i].ph;
		/* relative data offsets to file offsets (p_offset 0 stays) */
		if (!eo->seg[i].at0)
			ph[i + 1].offset += hdr + nlen;
		eo->seg[i].ph.offset = ph[i + 1].offset;
	}
	rc = fa_elfw_open_rule(&ew, out, s->o->out_rule, c->byteorder,
			       c->e_machine, c->e_flags, ph, eo->nseg + 1, e);
	if (rc)
		goto out;
	rc = check_room(&ew, e);
	if (!rc)
		rc = fa_elfw_pwrite(&ew, hdr, nbuf, nlen, e);
	if (!rc)
		rc = plan_copy(eo, e);
	if (!rc) {
		eo->of = &ew.of;
		rc = run_workers(eo, w, nw, run_copy, e);
	}
	if (rc) {
		fa_elfw_abort(&ew);
		goto out;
	}
	eo->st->out_size = ew.size;
	rc = fa_elfw_finish(&ew, e);
out:
	free(ph);
	free(nbuf);
	return rc;
}

int fa_convert_elf_write(const struct fa_elfout_src *s, const char *out,
			 struct fa_convert_stats *st, struct fa_err *e)
{
	unsigned int n = s->o->nthreads ? s->o->nthreads : 1, i;
	struct elfout eo;
	struct eworker *w;
	uint64_t off = 0;
	size_t k;
	int rc = 0;

	memset(&eo, 0, sizeof(eo));
	eo.s = s;
	eo.st = st;
	pthread_mutex_init(&eo.mu, NULL);
	w = calloc(n, sizeof(*w));
	if (!w) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for %u workers", n);
		goto out;
	}
	for (i = 0; i < n; i++) {
		w[i].eo = &eo;
		w[i].buf = malloc(SCAN_BUF > s->ps ? SCAN_BUF : s->ps);
		if (!w[i].buf) {
			rc = fa_err_set(e, FA_ENOMEM, "out of memory for %u workers", n);
			goto out;
		}
	}
	keep_partial(s);
	if (s->o->dump_level & FA_DL_EXCLUDE_ZERO) {
		rc = plan_scan(&eo, e);
		if (!rc)
			rc = run_workers(&eo, w, n, run_scan, e);
		if (rc)
			goto out;
	}
	for (k = 0; k < s->c->nphdrs; k++) {
		if (s->c->phdrs[k].type != FA_PT_LOAD)
			continue;
		rc = cut_load(&eo, &s->c->phdrs[k], &off, e);
		if (rc)
			goto out;
	}
	rc = write_file(&eo, w, n, out, e);
	if (rc)
		goto out;
	st->dumped = count_dumped(s);
	for (i = 0; i < n; i++) {
		st->zero += w[i].zero;
		st->bytes_read += w[i].bytes_read;
	}
out:
	for (i = 0; w && i < n; i++)
		free(w[i].buf);
	free(w);
	free(eo.seg);
	free(eo.job_pfn);
	free(eo.job_seg);
	free(eo.job_off);
	pthread_mutex_destroy(&eo.mu);
	return rc;
}
