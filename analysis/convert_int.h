/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * convert_int.h - what the files of fa_convert() share (private to them):
 *
 *   convert.c           the inputs (ELF, kdump-compressed, flattened),
 *                       their facts, and the order of the steps;
 *   convert_kmem.c      kernel memory for the mem_map walk, utsname and
 *                       --config: ppc64_vtop.c / x86_64_vtop.c, then
 *                       libkdumpfile for what they cannot translate;
 *   convert_filter.c    page filtering: both bitmaps of a cycle, the
 *                       mem_map walk (pagefilter.c) on every worker, pass 1;
 *   convert_pipeline.c  pass 2: page sources, workers, compression, and
 *                       the writer that appends pages in pfn order;
 *   convert_kdump.c     the kdump-compressed output: the sink (file or
 *                       flattened stream), headers, room checks, eraseinfo.
 *
 * (-E and --split write through convert_elf.c and convert_split.c.)
 */
#ifndef FA_CONVERT_INT_H
#define FA_CONVERT_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <libkdumpfile/kdumpfile.h>

#include "convert.h"
#include "diskdump.h"
#include "elfcore.h"
#include "erase.h"
#include "fa_mem.h"
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

enum { SRC_FILE, SRC_ZERO, SRC_SLOW, SRC_KDUMP };
enum { J_FREE, J_BUSY, J_DONE };

/* Where the output bytes go: a file (pwrite) or a flattened stream. */
struct sink {
	struct fa_outfile of;
	int open;
	int flat;
	struct fa_flat_writer fw;
	int discard;		/* --mem-usage: nothing is written */
};

struct conv;
struct job;

/* A kernel-virtual reader's own state: one per thread walking mem_map. */
struct kv_ctx {
	struct conv *cv;
	uint64_t x86_va, x86_pa, x86_len;	/* last translation */
	uint64_t direct_reads, kd_reads;	/* kernel reads done each way */
};

/*
 * One conversion.  Set-up (facts, filter, erase, layout) and pass 1 run
 * on one thread; pass 2 runs nthreads workers, and then each field is:
 *
 *  [R] read-only: set before pass 2 starts, never written during it;
 *  [P] under the producer lock mu: handing out pages (fill_job) builds
 *      each cycle's bitmaps there, so the mem_map walk's state and the
 *      translation caches it uses are [P] too;
 *  [W] the writer's: only the worker holding the writing token (taken
 *      and given back under mu, see write_ready_locked) touches them,
 *      outside the lock; so are the sink and st's page counts;
 *  [K] under kd_mu (libkdumpfile is not thread-safe).
 *
 * A job slot belongs to the worker that filled it while J_BUSY, then to
 * the writer; its state and seq are [P].  Each worker's own bytes_read is
 * summed into cv->bytes_read after the workers joined.
 */
struct conv {
	/* [R] the input and its facts */
	const char *in;			/* the input's name, for messages */
	const struct fa_convert_opts *o;
	struct fa_convert_stats *st;	/* page counts [W] in pass 2 */
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
	struct sink sink;		/* [W] in pass 2 */
	uint64_t cycle;			/* pfns per cycle, multiple of 8*ps */
	uint8_t *bm1, *bm2;		/* [P]: the cycle being handed out */
	/*
	 * [R] memory readers for the mem_map walk (their translation caches,
	 * vtop's last page and kv's, are [P] in pass 2)
	 */
	struct fa_mem phys;
	struct fa_mem kmem;
	int have_kmem;
	struct fa_ppc64_vtop vtop;
	int have_vtop;
	kdump_ctx_t *kd;		/* [K] */
	struct fa_x86_64_vtop x86;	/* levels 0: not set up */
	struct kv_ctx kv;		/* kmem's, for this thread */
	pthread_mutex_t kd_mu;		/* kd is not thread-safe */
	int no_direct;			/* kd_read_direct is not usable */
	struct fa_err kd_err;		/* [K] code set: kd_open failed, and why */
	/* [P] the mem_map walk */
	struct fa_pagefilter pf;
	int have_pf;			/* [R] */
	unsigned int mm_threads;	/* most threads one cycle's walk used */
	/* [P] SEEK_DATA/SEEK_HOLE cache: [reg_start, reg_end) is a hole or data */
	uint64_t reg_start, reg_end;
	int reg_hole, seek_broken;
	/* [P] page-source cursor over c->map (disjoint, sorted by paddr) */
	size_t li;
	/* [P] the pipeline (jobs, nslots and jmax themselves are [R]) */
	pthread_mutex_t mu;
	pthread_cond_t cv_free;		/* a job slot was freed */
	struct job *jobs;
	unsigned int nslots, jmax, nwaiting;
	uint64_t next_fill, next_write;
	uint64_t prod_cs, prod_i;	/* next pfn handed out: cycle, index */
	int prod_built;			/* bm2 holds cycle prod_cs */
	int prod_done, failed, writing;
	struct fa_err err;
	/* [W] the writer: whoever holds the writing token */
	uint8_t *pbuf;
	size_t plen;
	uint64_t pidx, data_end, zero_off, written;
	/* [R] counted by pass 1 */
	uint64_t nr_dumped;
	uint64_t nr_split;		/* --split: dumped pfns in the range */
	uint64_t bytes_read;		/* after pass 2 */
	struct fa_erase *erase;		/* [R] --config, or NULL */
	struct fa_kdump_sub_header sub;	/* as written, for the eraseinfo */
	uint64_t synced_pfn;		/* [W] durable(): pfns synced so far */
};

/* convert_kdump.c: the output */
int sink_open(struct sink *s, const char *path, int flat,
	      const struct fa_outrule *rule, struct fa_err *e);
int sink_write(struct sink *s, uint64_t off, const void *buf,
	       size_t len, struct fa_err *e);
int sink_commit(struct sink *s, struct fa_err *e);
void sink_abort(struct sink *s);
const char *fallback_machine(uint16_t machine, int bo);
int write_headers(struct conv *cv, struct fa_err *e);
int check_room(struct conv *cv, uint64_t need, const char *what,
	       struct fa_err *e);
int check_room_bitmaps(struct conv *cv, struct fa_err *e);
int write_rf_headers(struct conv *cv, struct fa_err *e);
int write_eraseinfo(struct conv *cv, struct fa_err *e);

/* convert_kmem.c: kernel memory */
int setup_kmem(struct conv *cv, struct fa_err *e);
int read_ksym(struct conv *cv, uint64_t addr, void *buf, size_t len);
int setup_erase(struct conv *cv, struct fa_err *e);

/* convert_filter.c: the bitmaps */
void setup_filter(struct conv *cv);
uint64_t popcount_bytes(const uint8_t *bm, size_t len);
int cycle_empty(const struct conv *cv, uint64_t cs, uint64_t ce);
uint64_t cycle_end(const struct conv *cv, uint64_t cs);
int build_cycle(struct conv *cv, uint64_t cs, uint64_t ce,
		struct fa_err *e);
uint64_t count_range(const uint8_t *bm, uint64_t cs, uint64_t ce,
		     uint64_t a, uint64_t b);
int pass1(struct conv *cv, struct fa_err *e);

/* convert_pipeline.c: the pages */
int pass2(struct conv *cv, struct fa_err *e);

#endif /* FA_CONVERT_INT_H */
