// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert.c - ELF vmcore to kdump-compressed conversion (see convert.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <libdeflate.h>
#include <libkdumpfile/kdumpfile.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "convert.h"
#include "convert_elf.h"
#include "diskdump.h"
#include "elfcore.h"
#include "erase.h"
#include "fa_endian.h"
#include "fa_io.h"
#include "fa_outfile.h"
#include "flattened.h"
#include "pagefilter.h"
#include "ppc64_vtop.h"
#include "refilter.h"
#include "vmcoreinfo.h"
#include "x86_64_vtop.h"

#define EM_PPC64_	21
#define EM_X86_64_	62
#define EM_S390_	22
#define EM_AARCH64_	183

#define JOB_BYTES	(512u << 10)	/* input bytes per pipeline job */
#define JOB_MAX_PAGES	128		/* JOB_BYTES / 4096 */
#define DESC_BUF	(4096u * FA_PAGE_DESC_SIZE)
/*
 * -c pages are zlib-format streams at deflate level 1, as makedumpfile
 * writes them (readers inflate them with uncompress()); libdeflate makes
 * them faster than zlib's deflate() does, at a similar size.
 */
#ifndef DEFLATE_LEVEL
#define DEFLATE_LEVEL	1
#endif
#define FLAT_MAX_RECORD	(64ULL << 20)

enum { SRC_FILE, SRC_ZERO, SRC_SLOW, SRC_KDUMP };
enum { J_FREE, J_BUSY, J_DONE };

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

/* Where the output bytes go: a file (pwrite) or a flattened stream. */
struct sink {
	struct fa_outfile of;
	int open;
	int flat;
	struct fa_flat_writer fw;
	int discard;		/* --mem-usage: nothing is written */
};

struct conv;

/* A kernel-virtual reader's own state: one per thread walking mem_map. */
struct kv_ctx {
	struct conv *cv;
	uint64_t x86_va, x86_pa, x86_len;	/* last translation */
	uint64_t direct_reads, kd_reads;	/* kernel reads done each way */
};

struct conv {
	const char *in;			/* the input's name, for messages */
	const struct fa_convert_opts *o;
	struct fa_convert_stats *st;
	struct fa_elfcore *c;
	struct fa_refilter *rf;		/* kdump-compressed input: c is NULL */
	int rf_test_zero;		/* find its zero pages by content */
	int fd;
	int bo;
	uint32_t ps;
	unsigned int pshift;
	uint64_t max_mapnr;
	struct fa_vmcoreinfo *vi;
	struct fa_diskdump_layout l;
	struct sink sink;
	uint64_t cycle;			/* pfns per cycle, multiple of 8*ps */
	uint8_t *bm1, *bm2;
	/* memory readers for the mem_map walk */
	struct fa_mem phys;
	struct fa_mem kmem;
	int have_kmem;
	struct fa_ppc64_vtop vtop;
	int have_vtop;
	kdump_ctx_t *kd;
	struct fa_x86_64_vtop x86;	/* levels 0: not set up */
	struct kv_ctx kv;		/* kmem's, for this thread */
	pthread_mutex_t kd_mu;		/* kd is not thread-safe */
	int no_direct;			/* kd_read_direct is not usable */
	struct fa_err kd_err;		/* code set: kd_open failed, and why */
	struct fa_pagefilter pf;
	int have_pf;
	unsigned int mm_threads;	/* most threads one cycle's walk used */
	/* SEEK_DATA/SEEK_HOLE cache: [reg_start, reg_end) is a hole or data */
	uint64_t reg_start, reg_end;
	int reg_hole, seek_broken;
	/* page-source cursor over c->map (disjoint, sorted by paddr) */
	size_t li;
	/* pipeline: the fields below up to the writer's are under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv_free;		/* a job slot was freed */
	struct job *jobs;
	unsigned int nslots, jmax, nwaiting;
	uint64_t next_fill, next_write;
	uint64_t prod_cs, prod_i;	/* next pfn handed out: cycle, index */
	int prod_built;			/* bm2 holds cycle prod_cs */
	int prod_done, failed, writing;
	struct fa_err err;
	/* writer: whoever holds the writing token */
	uint8_t *pbuf;
	size_t plen;
	uint64_t pidx, data_end, zero_off, written, nr_dumped;
	uint64_t nr_split;		/* --split: dumped pfns in the range */
	uint64_t bytes_read;
	struct fa_erase *erase;		/* --config, or NULL */
	struct fa_kdump_sub_header sub;	/* as written, for the eraseinfo */
	uint64_t synced_pfn;		/* durable(): pfns synced so far */
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

const char *fa_convert_compress_name(uint32_t compress)
{
	switch (compress) {
	case FA_DUMP_DH_COMPRESSED_ZLIB:
		return "zlib";
	case FA_DUMP_DH_COMPRESSED_LZO:
		return "lzo";
	case FA_DUMP_DH_COMPRESSED_SNAPPY:
		return "snappy";
	case FA_DUMP_DH_COMPRESSED_ZSTD:
		return "zstd";
	default:
		return "none";
	}
}

/* ---- output sink ---- */

static int sink_open(struct sink *s, const char *path, int flat,
		     const struct fa_outrule *rule, struct fa_err *e)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if (!strcmp(path, "-") && !flat)
		return fa_err_set(e, FA_EINVAL,
				  "a kdump-compressed file cannot be written to stdout; use -F");
	rc = fa_outfile_open_rule(&s->of, path, rule, e);
	if (rc)
		return rc;
	s->open = 1;
	s->flat = flat;
	if (!flat)
		return 0;
	s->fw.write = fa_flat_outfile_write;
	s->fw.ctx = &s->of;
	rc = fa_flat_emit_header(&s->fw, e);
	if (rc) {
		fa_outfile_abort(&s->of);
		s->open = 0;
	}
	return rc;
}

static int sink_write(struct sink *s, uint64_t off, const void *buf,
		      size_t len, struct fa_err *e)
{
	if (!len || s->discard)
		return 0;
	if (s->flat)
		return fa_flat_emit_record(&s->fw, off, buf, len, e);
	return fa_outfile_pwrite(&s->of, buf, len, off, e);
}

static int sink_commit(struct sink *s, struct fa_err *e)
{
	int rc = 0;

	if (s->discard)
		return 0;
	if (s->flat)
		rc = fa_flat_emit_end(&s->fw, e);
	if (!rc)
		rc = fa_outfile_commit(&s->of, e);
	else
		fa_outfile_abort(&s->of);
	s->open = 0;
	return rc;
}

static void sink_abort(struct sink *s)
{
	if (s->open)
		fa_outfile_abort(&s->of);
	s->open = 0;
}

/* ---- input facts ---- */

double fa_convert_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t default_page_size(uint16_t machine)
{
	return machine == EM_PPC64_ ? 65536 : 4096;
}

static const char *fallback_machine(uint16_t machine, int bo)
{
	switch (machine) {
	case EM_PPC64_:
		return bo == FA_LE ? "ppc64le" : "ppc64";
	case EM_X86_64_:
		return "x86_64";
	case EM_AARCH64_:
		return "aarch64";
	case EM_S390_:
		return "s390x";
	default:
		return "unknown";
	}
}

/*
 * libkdumpfile copies kernel-virtual reads through its page cache, and
 * the mem_map walk reads all of mem_map (1/64 of memory) that way: read
 * the physical runs straight from the file instead.  Returns 0,
 * X86_UNMAPPED, or -1 for "use kdump_read".
 */
static int kd_read_direct(struct kv_ctx *k, uint64_t addr, uint8_t *buf,
			  size_t len)
{
	struct conv *cv = k->cv;
	uint64_t pa, span;
	struct fa_err e;
	size_t n;
	int rc;

	if (!cv->x86.levels &&
	    fa_x86_64_vtop_init(&cv->x86, &cv->phys, cv->vi)) {
		cv->no_direct = 1;
		return -1;
	}
	while (len) {
		if (addr >= k->x86_va && addr - k->x86_va < k->x86_len) {
			/* the last large page: consecutive chunks share it */
			pa = k->x86_pa + (addr - k->x86_va);
			span = k->x86_len - (addr - k->x86_va);
		} else if ((rc = fa_x86_64_vtop(&cv->x86, addr, &pa, &span))) {
			return rc;
		} else {
			k->x86_va = addr;
			k->x86_pa = pa;
			k->x86_len = span;
		}
		n = span < len ? (size_t)span : len;
		if (cv->phys.read(cv->phys.ctx, FA_PHYS, pa, buf, n, &e))
			return -1;
		buf += n;
		addr += n;
		len -= n;
	}
	return 0;
}

/*
 * libkdumpfile, opened on the first read the page-table walk cannot do
 * (its set-up costs about 2 ms, more than the whole walk of mem_map).
 */
static int kd_open(struct conv *cv, struct fa_err *e)
{
	int fd;

	cv->kd = kdump_new();
	if (!cv->kd)
		return fa_err_set(e, FA_ENOMEM, "libkdumpfile: out of memory");
	fd = dup(cv->fd);
	if (fd < 0)
		return fa_err_errno(e, "dup");
	if (kdump_set_number_attr(cv->kd, KDUMP_ATTR_FILE_FD, fd) != KDUMP_OK ||
	    kdump_set_string_attr(cv->kd, KDUMP_ATTR_OSTYPE, "linux") != KDUMP_OK)
		return fa_err_set(e, FA_ELIB, "libkdumpfile: %s",
				  kdump_get_err(cv->kd));
	return 0;
}

static int kd_read(void *ctx, int space, uint64_t addr, void *buf, size_t len,
		   struct fa_err *e)
{
	struct kv_ctx *k = ctx;
	struct conv *cv = k->cv;
	size_t got = len;
	kdump_status st;
	int rc;

	if (space == FA_PHYS)
		return cv->phys.read(cv->phys.ctx, FA_PHYS, addr, buf, len, e);
	if (!cv->no_direct) {
		rc = kd_read_direct(k, addr, buf, len);
		if (!rc) {
			k->direct_reads++;
			return 0;
		}
		if (rc == X86_UNMAPPED)
			return fa_err_set(e, FA_ENOENT,
					  "kernel address %#llx is not mapped in the x86_64 page tables",
					  (unsigned long long)addr);
	}
	pthread_mutex_lock(&cv->kd_mu);
	if (!cv->kd && !cv->kd_err.code)
		kd_open(cv, &cv->kd_err);
	if (cv->kd_err.code)
		rc = fa_err_set(e, cv->kd_err.code,
				"cannot read kernel address %#llx: %s",
				(unsigned long long)addr, cv->kd_err.msg);
	else if ((st = kdump_read(cv->kd, KDUMP_KVADDR, addr, buf, &got)) !=
		 KDUMP_OK || got != len)
		rc = fa_err_set(e, FA_ENOENT,
				"cannot read %zu bytes at kernel address %#llx: %s",
				len, (unsigned long long)addr,
				kdump_get_err(cv->kd));
	else
		rc = 0;
	pthread_mutex_unlock(&cv->kd_mu);
	if (!rc)
		k->kd_reads++;
	return rc;
}

/*
 * A kernel-virtual reader for the mem_map walk: our own ppc64 translation
 * (libkdumpfile's is stuck on old layouts); for x86_64 our own walk of
 * the kernel's page tables, with libaddrxlat through libkdumpfile for
 * what it cannot translate.
 */
static int setup_kmem(struct conv *cv, struct fa_err *e)
{
	uint16_t m = cv->c ? cv->c->e_machine : cv->rf->e_machine;
	int rc;

	if (m == EM_PPC64_) {
		rc = fa_ppc64_vtop_init(&cv->vtop, &cv->phys, cv->vi, cv->ps, e);
		if (rc)
			return rc;
		cv->have_vtop = 1;
		fa_ppc64_kv_mem(&cv->vtop, &cv->kmem);
		cv->have_kmem = 1;
		return 0;
	}
	if (m != EM_X86_64_)
		return fa_err_set(e, FA_EUNSUP,
				  "mem_map filtering supports ppc64 and x86_64, not EM %u",
				  m);
	cv->kmem.read = kd_read;
	cv->kv.cv = cv;
	cv->kmem.ctx = &cv->kv;
	/* now, not on a first read that threads of the walk may race for */
	if (fa_x86_64_vtop_init(&cv->x86, &cv->phys, cv->vi))
		cv->no_direct = 1;
	cv->kmem.byteorder = cv->bo;
	cv->kmem.ptr_size = 8;
	cv->have_kmem = 1;
	return 0;
}

static void setup_filter(struct conv *cv)
{
	struct fa_err e = { 0 };
	int rc;

	if (!(cv->o->dump_level & 0x1e))
		return;
	if (!cv->vi) {
		snprintf(cv->st->filter_note, sizeof(cv->st->filter_note),
			 "the dump has no VMCOREINFO");
		return;
	}
	rc = setup_kmem(cv, &e);
	if (!rc)
		rc = fa_pagefilter_init(&cv->pf, &cv->kmem, cv->vi, cv->ps,
					cv->o->dump_level, &e);
	if (rc) {
		snprintf(cv->st->filter_note, sizeof(cv->st->filter_note),
			 "%s", e.msg);
		return;
	}
	cv->have_pf = 1;
	cv->st->mem_map_filtered = 1;
}

/* A kernel symbol's bytes: through kmem, the PT_LOADs, or x86's image map. */
static int read_ksym(struct conv *cv, uint64_t addr, void *buf, size_t len)
{
	struct fa_err e;
	int64_t phys_base = 0;

	if (cv->have_kmem && !cv->kmem.read(cv->kmem.ctx, FA_KVADDR, addr, buf,
					    len, &e))
		return 0;
	if (!fa_elfcore_read_kv(cv->c, addr, buf, len, &e))
		return 0;
	if (cv->c->e_machine == EM_X86_64_ && addr >= 0xffffffff80000000ULL) {
		fa_vmci_number(cv->vi, "phys_base", &phys_base);
		return fa_elfcore_read_phys(cv->c, addr - 0xffffffff80000000ULL +
					    (uint64_t)phys_base, buf, len, &e);
	}
	return -1;
}

/* utsname from init_uts_ns (as makedumpfile does), else made up. */
static void fill_utsname(struct conv *cv, struct fa_new_utsname *u)
{
	uint8_t raw[6 * FA_UTS_LEN];
	int64_t offs[3] = { -1, 0, 4 };
	uint64_t sym;
	const char *rel;
	int i;

	memset(u, 0, sizeof(*u));
	if (cv->vi && !fa_vmci_symbol(cv->vi, "init_uts_ns", &sym)) {
		fa_vmci_offset(cv->vi, "uts_namespace.name", &offs[0]);
		for (i = 0; i < 3; i++) {
			if (offs[i] < 0 || read_ksym(cv, sym + (uint64_t)offs[i],
						     raw, sizeof(raw)))
				continue;
			if (memcmp(raw, "Linux", 6))
				continue;
			memcpy(u, raw, sizeof(raw));
			for (i = 0; i < 6; i++)
				((char *)u)[i * FA_UTS_LEN + FA_UTS_LEN - 1] = 0;
			return;
		}
	}
	/*
	 * libkdumpfile 0.5.1 ignores a utsname whose version is empty (and
	 * then knows no architecture): fill every field.
	 */
	snprintf(u->sysname, sizeof(u->sysname), "Linux");
	snprintf(u->nodename, sizeof(u->nodename), "(none)");
	snprintf(u->version, sizeof(u->version), "(unknown)");
	snprintf(u->domainname, sizeof(u->domainname), "(none)");
	rel = cv->vi ? fa_vmci_get(cv->vi, "OSRELEASE") : NULL;
	snprintf(u->release, sizeof(u->release), "%s", rel ? rel : "");
	snprintf(u->machine, sizeof(u->machine), "%s",
		 fallback_machine(cv->c->e_machine, cv->bo));
}

static int write_headers(struct conv *cv, struct fa_err *e)
{
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	uint8_t hb[FA_DISKDUMP_HDR_SIZE];
	uint8_t *sub;
	size_t sublen = FA_KDUMP_SUB_HDR_SIZE + cv->c->notes_len;
	uint64_t t = 0;
	int64_t phys_base = 0;
	int rc;

	memset(&h, 0, sizeof(h));
	memcpy(h.signature, FA_KDUMP_SIGNATURE, FA_SIG_LEN);
	h.header_version = FA_KDUMP_HEADER_VERSION;
	fill_utsname(cv, &h.utsname);
	snprintf(cv->st->machine, sizeof(cv->st->machine), "%s",
		 h.utsname.machine);
	if (cv->vi && !fa_vmci_u64(cv->vi, "CRASHTIME", 10, &t))
		h.tv_sec = (int64_t)t;
	h.tv_usec = 0;			/* libkdumpfile's probe: keep 0 */
	h.status = cv->o->compress;
	h.block_size = (int32_t)cv->ps;
	h.sub_hdr_size = (int32_t)cv->l.sub_hdr_size;
	h.bitmap_blocks = cv->l.bitmap_blocks;
	h.max_mapnr = cv->max_mapnr > UINT32_MAX ? UINT32_MAX
						 : (uint32_t)cv->max_mapnr;
	h.nr_cpus = cv->c->nprstatus ? (int32_t)cv->c->nprstatus : 1;
	fa_diskdump_header_encode(&h, cv->bo, hb);

	memset(&s, 0, sizeof(s));
	if (cv->c->e_machine == EM_X86_64_ && cv->vi)
		fa_vmci_number(cv->vi, "phys_base", &phys_base);
	s.phys_base = (uint64_t)phys_base;
	s.dump_level = cv->o->dump_level;
	/*
	 * start_pfn/end_pfn (legacy and _64) describe a split file's range;
	 * makedumpfile 1.7.2 leaves them 0 in a whole dump, and so do we.
	 */
	if (cv->o->split) {
		s.split = 1;
		s.start_pfn = cv->o->split_start > UINT32_MAX ? UINT32_MAX
							     : cv->o->split_start;
		s.end_pfn = cv->o->split_end > UINT32_MAX ? UINT32_MAX
							 : cv->o->split_end;
		s.start_pfn_64 = cv->o->split_start;
		s.end_pfn_64 = cv->o->split_end;
	}
	s.offset_note = (int64_t)cv->l.note_off;
	s.size_note = cv->c->notes_len;
	if (cv->c->vmcoreinfo) {
		s.offset_vmcoreinfo = (int64_t)(cv->l.note_off +
			(uint64_t)((const uint8_t *)cv->c->vmcoreinfo - cv->c->notes));
		s.size_vmcoreinfo = cv->c->vmcoreinfo_len;
	}
	s.max_mapnr_64 = cv->max_mapnr;
	cv->sub = s;
	sub = malloc(sublen);
	if (!sub)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the sub-header");
	fa_kdump_sub_header_encode(&s, cv->bo, sub);
	if (cv->c->notes_len)
		memcpy(sub + FA_KDUMP_SUB_HDR_SIZE, cv->c->notes, cv->c->notes_len);
	rc = sink_write(&cv->sink, 0, hb, sizeof(hb), e);
	if (!rc)
		rc = sink_write(&cv->sink, cv->l.sub_hdr_off, sub, sublen, e);
	free(sub);
	return rc;
}

/* ---- bitmaps ---- */

static void set_bits(uint8_t *bm, uint64_t from, uint64_t to)
{
	while (from < to && (from & 7))
		fa_bitmap_set(bm, from++);
	if (to - from >= 8) {
		memset(bm + (from >> 3), 0xff, (to - from) >> 3);
		from += (to - from) & ~7ULL;
	}
	while (from < to)
		fa_bitmap_set(bm, from++);
}

/* The 1st bitmap of [cs, ce): pfns in the PT_LOADs (partial last page out). */
static void build_bm1(struct conv *cv, uint64_t cs, uint64_t ce, uint8_t *bm)
{
	size_t i;

	memset(bm, 0, cv->cycle / 8);
	for (i = 0; i < cv->c->nmap; i++) {
		const struct fa_elf_load *ld = &cv->c->map[i];
		uint64_t a = ld->paddr >> cv->pshift;
		uint64_t b = (ld->paddr + ld->memsz) >> cv->pshift;

		if (a < cs)
			a = cs;
		if (b > ce)
			b = ce;
		if (a < b)
			set_bits(bm, a - cs, b - cs);
	}
}

static uint64_t popcount_bytes(const uint8_t *bm, size_t len)
{
	uint64_t n = 0;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, bm + i, 8);
		n += (uint64_t)__builtin_popcountll(w);
	}
	for (; i < len; i++)
		n += (uint64_t)__builtin_popcount(bm[i]);
	return n;
}

/*
 * 1 when no memory lies in pfns [cs, ce), so that both bitmaps of the
 * cycle are zero.  Such a cycle is neither built nor written: the output
 * keeps a hole (a flattened stream has no record there; both read as
 * zeros), so a sparse span costs its cycles, not its bitmap bytes.
 */
static int cycle_empty(const struct conv *cv, uint64_t cs, uint64_t ce)
{
	const struct fa_elfcore *c = cv->c;
	uint64_t a = cs << cv->pshift, b = ce << cv->pshift;
	size_t lo = 0, hi;

	if (cv->rf)
		return fa_refilter_cycle_empty(cv->rf, cs, ce);
	hi = c->nmap;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->map[mid].paddr + c->map[mid].memsz <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == c->nmap || c->map[lo].paddr >= b;
}

/* The end of the cycle starting at @cs. */
static uint64_t cycle_end(const struct conv *cv, uint64_t cs)
{
	return cs + cv->cycle < cv->max_mapnr ? cs + cv->cycle : cv->max_mapnr;
}

/*
 * Refuse early what the output's file system cannot hold: @need bytes
 * more for @what.  ENOSPC after hours of compression, or a sparse file of
 * terabytes, is no answer.  Only a regular file is measured.
 */
static int check_room(struct conv *cv, uint64_t need, const char *what,
		      struct fa_err *e)
{
	struct statvfs vs;
	struct stat sb;
	uint64_t avail;

	if (fstat(cv->sink.of.fd, &sb) || !S_ISREG(sb.st_mode) ||
	    fstatvfs(cv->sink.of.fd, &vs))
		return 0;
	avail = (uint64_t)vs.f_bavail * vs.f_frsize;
	if (need <= avail)
		return 0;
	return fa_err_set(e, FA_EIO,
			  "%s: %s need %llu bytes, its file system has %llu free",
			  cv->sink.of.path, what, (unsigned long long)need,
			  (unsigned long long)avail);
}

/*
 * Before pass 1: the bitmap blocks of the cycles with memory, and when
 * nothing is filtered out, a descriptor for each of their pages.
 */
static int check_room_bitmaps(struct conv *cv, struct fa_err *e)
{
	uint64_t cs, need = 0, pages = 0;
	size_t i;

	for (cs = 0; cs < cv->max_mapnr; cs += cv->cycle)
		if (!cycle_empty(cv, cs, cycle_end(cv, cs)))
			need += 2 * (cv->cycle / 8);
	if (!cv->have_pf && cv->rf) {
		need += cv->rf->nr_dumped * FA_PAGE_DESC_SIZE;
	} else if (!cv->have_pf) {
		for (i = 0; i < cv->c->nmap; i++) {
			const struct fa_elf_load *ld = &cv->c->map[i];
			uint64_t a = ld->paddr >> cv->pshift;
			uint64_t b = (ld->paddr + ld->memsz) >> cv->pshift;

			pages += b > a ? b - a : 0;
		}
		need += pages * FA_PAGE_DESC_SIZE;
	}
	return check_room(cv, need, "the bitmaps and page descriptors", e);
}

/* One thread's share of the mem_map pass: pfns [a, b) of the cycle. */
struct mm_part {
	struct fa_pagefilter pf;
	struct fa_ppc64_vtop vtop;
	struct kv_ctx kv;
	struct fa_mem kmem;
	uint64_t a, b;
	uint8_t *bm;			/* bit 0: pfn a */
	pthread_t tid;
	int rc;
	struct fa_err e;
};

static void *mm_part_main(void *arg)
{
	struct mm_part *p = arg;

	p->rc = fa_pagefilter_exclude(&p->pf, p->a, p->b, p->bm, &p->e);
	return NULL;
}

/* Part @p of the walk, reading kernel memory with its own caches. */
static int mm_part_init(struct conv *cv, struct mm_part *p, struct fa_err *e)
{
	if (cv->have_vtop) {
		p->vtop = cv->vtop;
		p->vtop.last_valid = 0;
		fa_ppc64_kv_mem(&p->vtop, &p->kmem);
	} else {
		p->kv.cv = cv;
		p->kmem = cv->kmem;
		p->kmem.ctx = &p->kv;
	}
	return fa_pagefilter_clone(&p->pf, &cv->pf, &p->kmem, e);
}

/*
 * The mem_map pass of cycle [cs, ce) on every worker, split by pfn range:
 * this thread continues cv->pf's walk over the first range, the others
 * start at boundaries no buddy block or compound page crosses
 * (fa_pagefilter_split), so the bits cleared and the counts are the
 * serial walk's; cv->pf then carries the last range's state on.
 */
static int exclude_cycle(struct conv *cv, uint64_t cs, uint64_t ce,
			 uint8_t *bm, struct fa_err *e)
{
	unsigned int n = cv->o->nthreads, k = 0, i, c;
	uint64_t align = fa_pagefilter_split(&cv->pf), at, prev = cs;
	struct mm_part *p;
	int rc;

	if (n > 1 && ce - cs >= 2 * align)
		p = calloc(n, sizeof(*p));
	else
		p = NULL;
	if (!p)
		return fa_pagefilter_exclude(&cv->pf, cs, ce, bm, e);
	for (i = 1; i < n; i++) {
		at = cs + (ce - cs) / n * i;
		at = (at + align - 1) / align * align;
		if (at <= prev || at >= ce)
			continue;
		if (k)
			p[k - 1].b = at;
		p[k].a = at;
		p[k].b = ce;
		p[k].bm = bm + (at - cs) / 8;
		prev = at;
		k++;
	}
	rc = 0;
	for (i = 0; i < k && !rc; i++)
		rc = mm_part_init(cv, &p[i], e);
	for (c = 0; !rc && c < k; c++)
		if (pthread_create(&p[c].tid, NULL, mm_part_main, &p[c]))
			break;
	/* what could not start runs here */
	for (i = c; !rc && i < k; i++)
		mm_part_main(&p[i]);
	if (!rc)
		rc = fa_pagefilter_exclude(&cv->pf, cs, k ? p[0].a : ce, bm, e);
	for (i = 0; i < c; i++)
		pthread_join(p[i].tid, NULL);
	for (i = 0; i < k; i++) {
		if (!rc && p[i].rc) {
			rc = p[i].rc;
			*e = p[i].e;
		}
		for (c = 0; c < FA_PF_NCLASSES; c++)
			cv->pf.nr[c] += p[i].pf.nr[c];
		cv->kv.direct_reads += p[i].kv.direct_reads;
		cv->kv.kd_reads += p[i].kv.kd_reads;
		fa_pagefilter_clone_free(&p[i].pf);
	}
	if (k + 1 > cv->mm_threads)
		cv->mm_threads = k + 1;
	if (k) {
		cv->pf.free_until = p[k - 1].pf.free_until;
		cv->pf.head_addr = p[k - 1].pf.head_addr;
		cv->pf.head_class = p[k - 1].pf.head_class;
	}
	free(p);
	return rc;
}

/* Both bitmaps of cycle [cs, ce): bm1 into cv->bm1, bm2 into cv->bm2. */
static int build_cycle(struct conv *cv, uint64_t cs, uint64_t ce,
		       struct fa_err *e)
{
	if (cv->rf) {
		memset(cv->bm1, 0, cv->cycle / 8);
		memset(cv->bm2, 0, cv->cycle / 8);
		fa_refilter_cycle(cv->rf, cs, ce, cv->bm1, cv->bm2);
	} else {
		build_bm1(cv, cs, ce, cv->bm1);
		memcpy(cv->bm2, cv->bm1, cv->cycle / 8);
	}
	if (!cv->have_pf)
		return 0;
	return exclude_cycle(cv, cs, ce, cv->bm2, e);
}

/* The set bits of @bm (bit i = pfn @cs + i, up to @ce) in [@a, @b). */
static uint64_t count_range(const uint8_t *bm, uint64_t cs, uint64_t ce,
			    uint64_t a, uint64_t b)
{
	uint64_t n = 0, p;

	a = a > cs ? a : cs;
	b = b < ce ? b : ce;
	for (p = a; p < b && (p & 7); p++)
		n += bm[(p - cs) >> 3] >> ((p - cs) & 7) & 1;
	if (p < b && b - p >= 8) {
		n += popcount_bytes(bm + ((p - cs) >> 3), (b - p) >> 3);
		p += (b - p) & ~7ULL;
	}
	for (; p < b; p++)
		n += bm[(p - cs) >> 3] >> ((p - cs) & 7) & 1;
	return n;
}

static int pass1(struct conv *cv, struct fa_err *e)
{
	uint64_t cs, nbytes;
	int rc;

	cv->nr_dumped = 0;
	for (cs = 0; cs < cv->max_mapnr; cs += cv->cycle) {
		uint64_t ce = cycle_end(cv, cs);

		/* The last cycle is written: the file reaches the descriptors. */
		if (ce < cv->max_mapnr && cycle_empty(cv, cs, ce)) {
			cv->st->cycles++;
			continue;
		}
		rc = build_cycle(cv, cs, ce, e);
		if (rc)
			return rc;
		nbytes = cv->cycle / 8;
		if (cs / 8 + nbytes > cv->l.bitmap_len)
			nbytes = cv->l.bitmap_len - cs / 8;
		cv->st->present += popcount_bytes(cv->bm1, nbytes);
		cv->nr_dumped += popcount_bytes(cv->bm2, nbytes);
		if (cv->o->split)
			cv->nr_split += count_range(cv->bm2, cs, ce,
						    cv->o->split_start,
						    cv->o->split_end);
		rc = sink_write(&cv->sink, cv->l.bitmap1_off + cs / 8, cv->bm1,
				nbytes, e);
		if (!rc)
			rc = sink_write(&cv->sink, cv->l.bitmap2_off + cs / 8,
					cv->bm2, nbytes, e);
		if (rc)
			return rc;
		cv->st->cycles++;
	}
	if (!cv->have_pf)
		return 0;
	memcpy(cv->st->excluded, cv->pf.nr, sizeof(cv->st->excluded));
	snprintf(cv->st->mem_map_via, sizeof(cv->st->mem_map_via), "%s",
		 cv->have_vtop ? "ppc64 translation" :
		 !cv->kv.kd_reads ? "x86_64 page tables" :
		 cv->kv.direct_reads ? "x86_64 page tables, libkdumpfile" :
		 "libkdumpfile");
	if (cv->mm_threads > 1)
		snprintf(cv->st->mem_map_via + strlen(cv->st->mem_map_via),
			 sizeof(cv->st->mem_map_via) - strlen(cv->st->mem_map_via),
			 " by %u threads", cv->mm_threads);
	return 0;
}

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
	w->in = malloc((size_t)cv->jmax * ps);
	if (!w->zpage || !w->zero_out || !w->in)
		return fa_err_set(e, FA_ENOMEM, "out of memory for a compressor");
	switch (cv->o->compress) {
	case FA_DUMP_DH_COMPRESSED_ZLIB:
		w->dc = libdeflate_alloc_compressor(DEFLATE_LEVEL);
		if (!w->dc)
			return fa_err_set(e, FA_ENOMEM,
					  "out of memory for a deflate compressor");
		break;
	case FA_DUMP_DH_COMPRESSED_LZO:
		w->lzo_wrk = malloc(LZO1X_1_MEM_COMPRESS);
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
	free(w->in);
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

/* ---- handing out pages (pass 2) ---- */

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
static int pass2(struct conv *cv, struct fa_err *e)
{
	unsigned int n = cv->o->nthreads ? cv->o->nthreads : 1, i, started;
	size_t out_size;
	struct worker *w;
	int rc = 0;

	cv->jmax = JOB_BYTES / cv->ps ? JOB_BYTES / cv->ps : 1;
	cv->nslots = 2 * n + 1;
	out_size = (size_t)cv->jmax * cv->ps + page_out_cap(cv->ps);
	cv->jobs = calloc(cv->nslots, sizeof(*cv->jobs));
	w = calloc(n, sizeof(*w));
	cv->pbuf = malloc(DESC_BUF);
	if (!cv->jobs || !w || !cv->pbuf) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for the pipeline");
		goto out_free;
	}
	for (i = 0; i < cv->nslots; i++) {
		cv->jobs[i].out = malloc(out_size);
		if (!cv->jobs[i].out) {
			rc = fa_err_set(e, FA_ENOMEM, "out of memory for the pipeline");
			goto out_free;
		}
	}
	cv->data_end = cv->l.data_off;
	cv->zero_off = cv->l.data_off;
	for (i = 0; i < n; i++) {
		rc = worker_init(&w[i], cv, e);
		if (rc)
			goto out_free;
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
	for (i = 0; cv->jobs && i < cv->nslots; i++) {
		free(cv->jobs[i].out);
	}
	free(cv->jobs);
	free(cv->pbuf);
	cv->jobs = NULL;
	cv->pbuf = NULL;
	return rc;
}

/* ---- the conversion of an open ELF core ---- */

static int check_opts(const struct fa_convert_opts *o, struct fa_err *e)
{
	uint32_t c = o->compress;

	if (c & ~FA_DUMP_DH_COMPRESSION_MASK || (c & (c - 1)))
		return fa_err_set(e, FA_EINVAL,
				  "compression %#x: expected one of zlib, lzo, snappy, zstd or none",
				  c);
	if (o->dump_level < 0 || o->dump_level > 31)
		return fa_err_set(e, FA_EINVAL,
				  "dump level %d: expected 0..31", o->dump_level);
	if (o->nthreads > 1024)
		return fa_err_set(e, FA_EINVAL,
				  "%u threads: expected at most 1024", o->nthreads);
	return 0;
}

/*
 * The highest physical address bit of @machine's memory, the kernels'
 * MAX_PHYSMEM_BITS: ppc64 book3s 51 ("the max physical real address on
 * POWER9"), x86_64 with 5-level paging and arm64 with 52-bit PAs 52.
 * max_mapnr, and with it both bitmaps, follows the highest PT_LOAD end,
 * which is only a number in a header: a span no machine can have is a
 * hostile or corrupt header, not a dump to write 2^40 bitmap bits for.
 */
static unsigned int max_physmem_bits(uint16_t machine)
{
	return machine == EM_PPC64_ ? 51 : 52;
}

/* The VMCOREINFO note: lines that are no KEY=VALUE are skipped, once told. */
static int read_vmcoreinfo(struct conv *cv, struct fa_err *e)
{
	const struct fa_elfcore *c = cv->c;
	const char *bad;
	size_t nbad;

	if (!c->vmcoreinfo)
		return 0;
	if (fa_vmci_parse(c->vmcoreinfo, c->vmcoreinfo_len, &cv->vi, e))
		return fa_err_prefix(e, "%s: ", cv->in);
	nbad = fa_vmci_bad_lines(cv->vi, &bad);
	if (nbad)
		snprintf(cv->st->vmcoreinfo_note, sizeof(cv->st->vmcoreinfo_note),
			 "%s: VMCOREINFO %s; %zu line%s skipped", cv->in, bad,
			 nbad, nbad == 1 ? "" : "s");
	return 0;
}

static int facts(struct conv *cv, struct fa_err *e)
{
	const struct fa_elfcore *c = cv->c;
	unsigned int bits = max_physmem_bits(c->e_machine);
	uint64_t pagesize = 0, end = 0;
	size_t i;
	int rc;

	cv->bo = c->byteorder;
	rc = read_vmcoreinfo(cv, e);
	if (rc)
		return rc;
	cv->ps = default_page_size(c->e_machine);
	if (cv->vi && !fa_vmci_u64(cv->vi, "PAGESIZE", 10, &pagesize)) {
		if (pagesize < FA_DISKDUMP_MIN_BLOCK ||
		    pagesize > FA_DISKDUMP_MAX_BLOCK ||
		    (pagesize & (pagesize - 1)))
			return fa_err_set(e, FA_ECORRUPT,
					  "%s: VMCOREINFO PAGESIZE=%llu: expected a power of two in 4096..262144",
					  cv->in, (unsigned long long)pagesize);
		cv->ps = (uint32_t)pagesize;
	}
	for (cv->pshift = 0; (1u << cv->pshift) < cv->ps; cv->pshift++)
		;
	/* elfcore checked p_paddr + p_memsz for overflow. */
	for (i = 0; i < c->nloads; i++) {
		const struct fa_elf_load *l = &c->loads[i];

		if (l->paddr + l->memsz > 1ULL << bits)
			return fa_err_set(e, FA_ERANGE,
					  "%s: PT_LOAD #%u (p_paddr %#llx, p_memsz %#llx) ends beyond the %u-bit physical address space (the kernel's MAX_PHYSMEM_BITS for e_machine %u)",
					  cv->in, l->phdr_index,
					  (unsigned long long)l->paddr,
					  (unsigned long long)l->memsz, bits,
					  c->e_machine);
		if (l->paddr + l->memsz > end)
			end = l->paddr + l->memsz;
	}
	cv->max_mapnr = end >> cv->pshift;
	if (!cv->max_mapnr)
		return fa_err_set(e, FA_ECORRUPT,
				  "%s: no memory: the PT_LOADs end at %#llx, below one %u-byte page",
				  cv->in, (unsigned long long)end, cv->ps);
	cv->st->page_size = cv->ps;
	cv->st->byteorder = cv->bo;
	cv->st->max_mapnr = cv->max_mapnr;
	return 0;
}

/* ---- --config: erasing ---- */

static int erase_vtop(void *ctx, uint64_t va, uint64_t *pa, struct fa_err *e)
{
	struct conv *cv = ctx;
	uint64_t span;

	if (cv->have_vtop)
		return fa_ppc64_vtop(&cv->vtop, va, pa, e);
	if (cv->c->e_machine == EM_X86_64_ &&
	    (cv->x86.levels ||
	     !fa_x86_64_vtop_init(&cv->x86, &cv->phys, cv->vi)) &&
	    !fa_x86_64_vtop(&cv->x86, va, pa, &span))
		return 0;
	return fa_err_set(e, FA_ENOENT, "kernel address %#llx is not mapped",
			  (unsigned long long)va);
}

/* Resolve the filter config before anything is written. */
static int setup_erase(struct conv *cv, struct fa_err *e)
{
	struct fa_erase_dump d = { 0 };
	struct fa_erase_kernel k = {
		.kmem = &cv->kmem,
		.vtop = erase_vtop,
		.vtop_ctx = cv,
		.page_size = cv->ps,
	};
	int rc;

	/* A refilter (no ELF core) never gets here: refilter() refuses. */
	if (!cv->o->erase_config || !cv->c)
		return 0;
	d.machine = cv->c->e_machine;
	d.byteorder = cv->bo;
	d.machine_name = fallback_machine(cv->c->e_machine, cv->bo);
	d.vi = cv->vi;
	if (!cv->o->vmlinux)
		return fa_err_set(e, FA_EINVAL, "--config needs the vmlinux (-x)");
	if (!cv->vi)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: no VMCOREINFO: the kernel's addresses cannot be translated for --config",
				  cv->in);
	fa_vmci_u64(cv->vi, "KERNELOFFSET", 16, &k.kernel_offset);
	if (!cv->have_kmem) {
		rc = setup_kmem(cv, e);
		if (rc)
			return fa_err_prefix(e, "%s: --config: ", cv->in);
	}
	rc = fa_erase_load(cv->o->erase_config, cv->o->vmlinux, &d, &k,
			   &cv->erase, e);
	if (!rc)
		cv->st->erase_ranges = fa_erase_nranges(cv->erase);
	return rc;
}

/* A kdump-compressed input's facts (refilter.h), as facts() for an ELF. */
static int facts_kdump(struct conv *cv, struct fa_err *e)
{
	const struct fa_refilter *rf = cv->rf;
	const char *bad;
	size_t nbad;

	cv->bo = rf->bo;
	cv->ps = rf->ps;
	cv->pshift = rf->pshift;
	cv->max_mapnr = rf->max_mapnr;
	if (rf->vmci_len) {
		if (fa_vmci_parse((const char *)rf->notes + rf->vmci_at,
				  rf->vmci_len, &cv->vi, e))
			return fa_err_prefix(e, "%s: ", cv->in);
		nbad = fa_vmci_bad_lines(cv->vi, &bad);
		if (nbad)
			snprintf(cv->st->vmcoreinfo_note,
				 sizeof(cv->st->vmcoreinfo_note),
				 "%s: VMCOREINFO %s; %zu line%s skipped", cv->in,
				 bad, nbad, nbad == 1 ? "" : "s");
	}
	cv->rf_test_zero = (cv->o->dump_level & FA_DL_EXCLUDE_ZERO) &&
			   (!(rf->s.dump_level & FA_DL_EXCLUDE_ZERO) ||
			    !rf->zero_off);
	cv->st->page_size = cv->ps;
	cv->st->byteorder = cv->bo;
	cv->st->max_mapnr = cv->max_mapnr;
	snprintf(cv->st->machine, sizeof(cv->st->machine), "%.*s",
		 FA_UTS_LEN - 1, rf->h.utsname.machine);
	return 0;
}

/* A kdump-compressed input's headers and ERASEINFO, after the pages. */
static int write_rf_headers(struct conv *cv, struct fa_err *e)
{
	const struct fa_refilter *rf = cv->rf;
	uint8_t hb[FA_DISKDUMP_HDR_SIZE];
	size_t sublen = FA_KDUMP_SUB_HDR_SIZE + rf->notes_len;
	uint8_t *sub = malloc(sublen);
	int rc;

	if (!sub)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the sub-header");
	fa_refilter_headers(rf, &cv->l, cv->o->compress, cv->o->dump_level,
			    cv->data_end, hb, sub);
	rc = sink_write(&cv->sink, 0, hb, sizeof(hb), e);
	if (!rc)
		rc = sink_write(&cv->sink, cv->l.sub_hdr_off, sub, sublen, e);
	if (!rc && rf->erase_len)
		rc = sink_write(&cv->sink, cv->data_end, rf->erase,
				rf->erase_len, e);
	if (!rc)
		cv->data_end += rf->erase_len;
	free(sub);
	return rc;
}

/*
 * After the pages: the eraseinfo text (makedumpfile's write_eraseinfo()),
 * and the sub-header again with its offset and size.
 */
static int write_eraseinfo(struct conv *cv, struct fa_err *e)
{
	uint8_t sub[FA_KDUMP_SUB_HDR_SIZE];
	size_t len;
	char *text;
	int rc;

	text = fa_erase_info(cv->erase, &len);
	if (!text)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the eraseinfo");
	if (!len) {
		free(text);
		return 0;
	}
	rc = sink_write(&cv->sink, cv->data_end, text, len, e);
	free(text);
	if (rc)
		return rc;
	cv->sub.offset_eraseinfo = (int64_t)cv->data_end;
	cv->sub.size_eraseinfo = len;
	cv->data_end += len;
	cv->st->size_eraseinfo = len;
	fa_kdump_sub_header_encode(&cv->sub, cv->bo, sub);
	return sink_write(&cv->sink, cv->l.sub_hdr_off, sub, sizeof(sub), e);
}

/* ---- -E and --split's plan: the whole 2nd bitmap first ---- */

/* --split's plan: its blocks, counted as the cycles are built. */
static int plan_init(struct conv *cv, struct fa_convert_plan *p,
		     struct fa_err *e)
{
	if (!p->block_bytes || p->block_bytes % cv->ps)
		return fa_err_set(e, FA_EINVAL,
				  "%s: the split block size %llu is not a multiple of the page size %u",
				  cv->in, (unsigned long long)p->block_bytes,
				  cv->ps);
	p->block_pfns = p->block_bytes / cv->ps;
	p->page_size = cv->ps;
	p->max_mapnr = cv->max_mapnr;
	p->nblocks = (cv->max_mapnr + p->block_pfns - 1) / p->block_pfns;
	p->dumpable = 0;
	p->counts = calloc(p->nblocks, sizeof(*p->counts));
	if (!p->counts)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %llu split blocks",
				  (unsigned long long)p->nblocks);
	return 0;
}

/* Add the 2nd bitmap of cycle [cs, ce) to the blocks it meets. */
static void plan_cycle(struct conv *cv, struct fa_convert_plan *p,
		       uint64_t cs, uint64_t ce)
{
	uint64_t k, n;

	for (k = cs / p->block_pfns; k < p->nblocks && k * p->block_pfns < ce; k++) {
		n = count_range(cv->bm2, cs, ce, k * p->block_pfns,
				(k + 1) * p->block_pfns);
		p->counts[k] += n;
		p->dumpable += n;
	}
}

/*
 * -E: the 2nd bitmap of every pfn at once (an ELF header's PT_LOADs
 * depend on all of it), cycle by cycle, then the ELF writer; --split's
 * plan: the same walk, counted per block.
 */
static int convert_whole(struct conv *cv, const char *out, struct fa_err *e)
{
	struct fa_convert_plan *p = cv->o->plan;
	struct fa_elfout_src src;
	uint64_t cs, ce, nbytes;
	uint8_t *bm = NULL;
	int rc = 0;

	if (p)
		rc = plan_init(cv, p, e);
	else if (!(bm = calloc(1, cv->l.bitmap_len)))
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for a %llu-byte bitmap",
				(unsigned long long)cv->l.bitmap_len);
	for (cs = 0; !rc && cs < cv->max_mapnr; cs += cv->cycle) {
		ce = cycle_end(cv, cs);
		cv->st->cycles++;
		if (cycle_empty(cv, cs, ce))
			continue;
		rc = build_cycle(cv, cs, ce, e);
		nbytes = cv->cycle / 8;
		if (cs / 8 + nbytes > cv->l.bitmap_len)
			nbytes = cv->l.bitmap_len - cs / 8;
		cv->st->present += popcount_bytes(cv->bm1, nbytes);
		if (p)
			plan_cycle(cv, p, cs, ce);
		else
			memcpy(bm + cs / 8, cv->bm2, nbytes);
	}
	if (!rc && cv->have_pf)
		memcpy(cv->st->excluded, cv->pf.nr, sizeof(cv->st->excluded));
	if (!rc && !p) {
		memset(&src, 0, sizeof(src));
		src.in = cv->in;
		src.c = cv->c;
		src.ps = cv->ps;
		src.pshift = cv->pshift;
		src.max_mapnr = cv->max_mapnr;
		src.bm = bm;
		src.nbits = cv->l.bitmap_len * 8;
		src.o = cv->o;
		rc = fa_convert_elf_write(&src, out, cv->st, e);
	}
	free(bm);
	return rc;
}

/*
 * Convert an ELF core @c, or refilter the kdump-compressed input @rf
 * (then @c is NULL).
 */
static int convert_any(struct fa_elfcore *c, struct fa_refilter *rf,
		       const char *in, const char *out,
		       const struct fa_convert_opts *o,
		       struct fa_convert_stats *st, struct fa_err *e)
{
	struct conv cv;
	uint64_t cyc, blockbits;
	double t0 = fa_convert_clock(), t1;
	size_t notes_len;
	int rc;

	memset(&cv, 0, sizeof(cv));
	pthread_mutex_init(&cv.kd_mu, NULL);
	cv.in = in;
	cv.o = o;
	cv.st = st;
	cv.c = c;
	cv.rf = rf;
	cv.fd = c ? c->fd : rf->fd;
	if (c)
		fa_elfcore_mem(c, &cv.phys);
	else
		cv.phys = rf->phys;
	notes_len = c ? c->notes_len : rf->notes_len;
	rc = c ? facts(&cv, e) : facts_kdump(&cv, e);
	if (rc)
		goto out;
	setup_filter(&cv);
	rc = setup_erase(&cv, e);
	if (rc)
		goto out;
	rc = fa_diskdump_layout(cv.max_mapnr, cv.ps, notes_len, 0, &cv.l, e);
	if (rc) {
		fa_err_prefix(e, "%s: ", in);
		goto out;
	}
	/* Cycles are whole bitmap blocks, so each slice is block aligned. */
	blockbits = 8ULL * cv.ps;
	cyc = o->cycle_pfns ? o->cycle_pfns : FA_CONVERT_CYCLE_DEFAULT;
	cyc = (cyc + blockbits - 1) / blockbits * blockbits;
	if (cyc > cv.l.bitmap_len * 8)
		cyc = cv.l.bitmap_len * 8;
	cv.cycle = cyc;
	cv.bm1 = malloc(cyc / 8);
	cv.bm2 = malloc(cyc / 8);
	if (!cv.bm1 || !cv.bm2) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory for the bitmaps");
		goto out;
	}
	posix_fadvise(cv.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	cv.sink.discard = o->no_output;
	cv.sink.of.fd = -1;
	if (o->elf || o->plan) {
		rc = convert_whole(&cv, out, e);
		goto out;
	}
	rc = o->no_output ? 0 : sink_open(&cv.sink, out, o->flattened,
					  o->out_rule, e);
	if (rc)
		goto out;
	rc = check_room_bitmaps(&cv, e);
	if (!rc && !rf)		/* a refiltered one's come last */
		rc = write_headers(&cv, e);
	if (!rc)
		rc = pass1(&cv, e);
	if (!rc)
		rc = fa_diskdump_layout(cv.max_mapnr, cv.ps, notes_len,
					cv.nr_dumped, &cv.l, e);
	if (!rc)
		rc = check_room(&cv, cv.nr_dumped * FA_PAGE_DESC_SIZE,
				"the page descriptors", e);
	t1 = fa_convert_clock();
	st->secs_bitmaps = t1 - t0;
	if (!rc)
		rc = pass2(&cv, e);
	st->secs_pages = fa_convert_clock() - t1;
	if (!rc && cv.erase)
		rc = write_eraseinfo(&cv, e);
	if (!rc && rf)
		rc = write_rf_headers(&cv, e);
	if (!rc) {
		st->dumped = o->split ? cv.nr_split : cv.nr_dumped;
		st->out_size = cv.data_end;
		st->bytes_read = cv.bytes_read;
		rc = sink_commit(&cv.sink, e);
	}
out:
	sink_abort(&cv.sink);
	free(cv.bm1);
	free(cv.bm2);
	if (cv.have_pf)
		fa_pagefilter_free(&cv.pf);
	if (cv.have_vtop)
		fa_ppc64_vtop_free(&cv.vtop);
	if (cv.kd)
		kdump_free(cv.kd);
	pthread_mutex_destroy(&cv.kd_mu);
	fa_vmci_free(cv.vi);
	fa_erase_free(cv.erase);
	return rc;
}

static int convert_core(struct fa_elfcore *c, const char *in, const char *out,
			const struct fa_convert_opts *o,
			struct fa_convert_stats *st, struct fa_err *e)
{
	return convert_any(c, NULL, in, out, o, st, e);
}

/* ---- inputs ---- */

/*
 * Refilter the opened kdump-compressed input @rf: the dump level is the
 * input's and @o's together, as makedumpfile's.
 */
static int refilter_open_rf(struct fa_refilter *rf, const char *in,
			    const char *out, const struct fa_convert_opts *o,
			    struct fa_convert_stats *st, struct fa_err *e)
{
	struct fa_convert_opts lo = *o;

	lo.dump_level |= rf->s.dump_level & 0x1f;
	st->refiltered = 1;
	st->in_dump_level = rf->s.dump_level;
	return convert_any(NULL, rf, in, out, &lo, st, e);
}

/* What a kdump-compressed input (@what) cannot be asked for, or 0. */
static int refilter_refuse(const char *in, const char *what,
			   const struct fa_convert_opts *o, struct fa_err *e)
{
	if (o->erase_config)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: %s: --config erases while converting an ELF vmcore",
				  in, what);
	if (o->elf || o->split || o->plan)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: %s: -E and --split take an ELF vmcore",
				  in, what);
	return 0;
}

/* Refilter the kdump-compressed file @fd. */
static int refilter(int fd, const char *in, const char *out,
		    const struct fa_convert_opts *o,
		    struct fa_convert_stats *st, struct fa_err *e)
{
	struct fa_refilter rf;
	int rc = refilter_refuse(in, "a kdump-compressed file", o, e);

	if (rc)
		return rc;
	rc = fa_refilter_open(&rf, fd, in, e);
	if (!rc)
		rc = refilter_open_rf(&rf, in, out, o, st, e);
	fa_refilter_close(&rf);
	return rc;
}

/*
 * A rebuilt flattened kdump file @fd: refiltered when -d adds a level or
 * another compressor is asked for, else it is OUT as it is (returns 1).
 * One that cannot be opened for a refilter is refiltered (and refused)
 * only when -d or a compressor asks for one.
 */
static int refilter_rebuilt(int fd, const char *in, const char *out,
			    const struct fa_convert_opts *o,
			    struct fa_convert_stats *st, struct fa_err *e)
{
	struct fa_refilter rf;
	int rc = refilter_refuse(in, "a flattened kdump-compressed file", o, e);

	if (rc)
		return rc;
	rc = fa_refilter_open(&rf, fd, in, e);
	if (rc) {
		fa_refilter_close(&rf);
		return o->dump_level || o->compress ? rc : 1;
	}
	if ((o->dump_level & ~rf.s.dump_level) ||
	    (o->compress && o->compress != rf.in_compress))
		rc = refilter_open_rf(&rf, in, out, o, st, e);
	else
		rc = 1;
	fa_refilter_close(&rf);
	return rc;
}

static int rebuild_flat(int fd, const char *in, const char *out,
			const struct fa_convert_opts *o,
			struct fa_convert_stats *st, struct fa_err *e)
{
	struct fa_outfile of;
	uint8_t sig[8] = { 0 };
	struct fa_elfcore *c = NULL;
	int rfd = -1, rc;

	st->rebuilt = 1;
	if (!strcmp(out, "-"))
		return fa_err_set(e, FA_EINVAL,
				  "%s: a flattened input is rebuilt into a file, not to stdout",
				  in);
	rc = fa_outfile_open_rule(&of, out, o->out_rule, e);
	if (rc)
		return rc;
	rc = fa_flat_rebuild(fa_flat_fd_read, &fd, &of, FLAT_MAX_RECORD,
			     &st->out_size, e);
	if (rc) {
		fa_err_prefix(e, "%s: ", in);
		goto fail;
	}
	rfd = open(of.tmp, O_RDONLY | O_CLOEXEC);
	if (rfd < 0 || pread(rfd, sig, sizeof(sig), 0) != (ssize_t)sizeof(sig)) {
		rc = fa_err_set(e, FA_ECORRUPT,
				"%s: the rebuilt stream is shorter than a header", in);
		goto fail;
	}
	if (!memcmp(sig, FA_KDUMP_SIGNATURE, FA_SIG_LEN) ||
	    !memcmp(sig, FA_DISKDUMP_SIGNATURE, FA_SIG_LEN)) {
		rc = refilter_rebuilt(rfd, in, out, o, st, e);
		if (rc != 1)
			goto fail;
		st->rebuilt_kdump = 1;
		close(rfd);
		return fa_outfile_commit(&of, e);
	}
	if (memcmp(sig, "\177ELF", 4)) {
		rc = fa_err_set(e, FA_EMAGIC,
				"%s: the rebuilt stream is neither kdump-compressed nor ELF (starts %02x %02x %02x %02x)",
				in, sig[0], sig[1], sig[2], sig[3]);
		goto fail;
	}
	/* A flattened ELF: convert the rebuilt copy, then drop it. */
	rc = fa_elfcore_open(&c, rfd, FA_ELFCORE_LAX_NOTES, e);
	if (rc)
		fa_err_prefix(e, "%s (rebuilt): ", in);
	else
		rc = convert_core(c, in, out, o, st, e);
fail:
	fa_elfcore_close(c);
	if (rfd >= 0)
		close(rfd);
	fa_outfile_abort(&of);
	return rc;
}

int fa_convert(const char *in, const char *out,
	       const struct fa_convert_opts *o, struct fa_convert_stats *st,
	       struct fa_err *e)
{
	struct fa_convert_stats dummy;
	struct fa_convert_opts lo;
	struct fa_outrule rule;
	struct fa_elfcore *c = NULL;
	char path[4096];
	uint8_t sig[16] = { 0 };
	struct stat sb;
	ssize_t n = 0;
	int fd, rc;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	rc = check_opts(o, e);
	if (rc)
		return rc;
	lzo_init();
	snprintf(path, sizeof(path), "%s", in);
	if (strcmp(in, "-") && !stat(in, &sb) && S_ISDIR(sb.st_mode) &&
	    snprintf(path, sizeof(path), "%s%sproc/vmcore", in,
		     in[strlen(in) - 1] == '/' ? "" : "/") >= (int)sizeof(path))
		return fa_err_set(e, FA_ERANGE, "%s: path too long", in);
	/* Never write over what is read, -f or not. */
	lo = *o;
	if (o->out_rule)
		rule = *o->out_rule;
	else
		fa_outrule_init(&rule, 1);
	rc = fa_outrule_add_input(&rule, path, e);
	if (rc)
		return rc;
	lo.out_rule = &rule;
	o = &lo;
	if (o->no_output && (!strcmp(in, "-") ||
			     (!stat(path, &sb) && !S_ISREG(sb.st_mode))))
		return fa_err_set(e, FA_EUNSUP,
				  "%s: counting pages takes a file, not a stream",
				  in);
	if ((o->elf || o->split || o->plan) && !strcmp(in, "-"))
		return fa_err_set(e, FA_EUNSUP,
				  "<stdin>: -E and --split take an ELF vmcore, not a flattened stream");
	if (!strcmp(in, "-"))
		return rebuild_flat(STDIN_FILENO, "<stdin>", out, o, st, e);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fa_err_set(e, errno == ENOENT ? FA_ENOENT : FA_EIO,
				  "%s: cannot open: %s", path, strerror(errno));
	n = pread(fd, sig, sizeof(sig), 0);
	if (n >= 12 && !memcmp(sig, FA_FLAT_SIGNATURE, 12) && o->no_output) {
		close(fd);
		return fa_err_set(e, FA_EUNSUP,
				  "%s: a flattened stream; rebuild it first (convert IN OUT)",
				  path);
	}
	if (n >= 12 && !memcmp(sig, FA_FLAT_SIGNATURE, 12) &&
	    (o->elf || o->split || o->plan)) {
		close(fd);
		return fa_err_set(e, FA_EUNSUP,
				  "%s: -E and --split take an ELF vmcore, not a flattened stream",
				  path);
	}
	if (n >= 12 && !memcmp(sig, FA_FLAT_SIGNATURE, 12)) {
		rc = rebuild_flat(fd, path, out, o, st, e);
		close(fd);
		return rc;
	}
	if (n >= 8 && (!memcmp(sig, FA_KDUMP_SIGNATURE, FA_SIG_LEN) ||
		       !memcmp(sig, FA_DISKDUMP_SIGNATURE, FA_SIG_LEN))) {
		rc = refilter(fd, path, out, o, st, e);
		close(fd);
		return rc;
	}
	rc = fa_elfcore_open(&c, fd, FA_ELFCORE_LAX_NOTES, e);
	if (rc)
		fa_err_prefix(e, "%s: ", path);
	else
		rc = convert_core(c, path, out, o, st, e);
	fa_elfcore_close(c);
	close(fd);
	return rc;
}
