/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * convert.h - ELF vmcore to kdump-compressed (makedumpfile's format, see
 * diskdump.h), optionally as a flattened stream, with makedumpfile's dump
 * levels and compressors.
 *
 * The conversion works in cycles of a bounded number of pfns (both
 * bitmaps of one cycle in memory), so memory does not grow with the dump.
 * Pass 1 builds and writes the bitmaps and counts the dumped pages (the
 * descriptor array's size must be known before any data); pass 2 streams
 * the pages through N workers (this thread is one): each takes the next
 * run of dumped pfns with their sources (a file offset, a hole found with
 * SEEK_DATA/SEEK_HOLE, or a zero-filled segment tail), reads, tests for
 * zero and compresses them into a job slot, and whichever worker finds
 * the write token free appends the finished jobs' data and descriptors
 * in pfn order.
 */
#ifndef FA_CONVERT_H
#define FA_CONVERT_H

#include <stdint.h>

#include "fa_err.h"
#include "fa_outfile.h"
#include "pagefilter.h"

/* Default pfns per cycle: 4 MiB per bitmap (makedumpfile's bufsize_cyclic). */
#define FA_CONVERT_CYCLE_DEFAULT	(32ULL << 20)

struct fa_convert_opts {
	uint32_t compress;	/* 0 or one FA_DUMP_DH_COMPRESSED_* bit */
	int dump_level;		/* 0..31, makedumpfile's -d */
	unsigned int nthreads;	/* compressing threads, >= 1 */
	int flattened;		/* write a flattened stream (OUT may be "-") */
	/*
	 * What OUT may replace (fa_outfile.h); NULL: a regular file, as
	 * fa_outfile_open().  fa_convert() adds the input it opens to it.
	 */
	const struct fa_outrule *out_rule;
	uint64_t cycle_pfns;	/* pfns per cycle; 0: the default */
	/*
	 * progress() - called by the worker writing, after each job, with the
	 * bytes of dumped pages written so far and in all; NULL for none.
	 */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
	/*
	 * makedumpfile's --config: erase the kernel data the filter config
	 * names (erase.h), resolved through the DWARF of @vmlinux (both set,
	 * or neither), and record it as eraseinfo.
	 */
	const char *erase_config;
	const char *vmlinux;
	int no_output;		/* count pages only (--mem-usage): OUT unused */
	/*
	 * With no_output: stop once the bitmaps are built, reading no page;
	 * st->dumped is then the pages the dump level keeps, zero pages
	 * among them (save's space estimate).
	 */
	int bitmaps_only;
	/*
	 * durable() - when set (file output only), called by the writer each
	 * time at least @durable_pfns more pfns are behind it, after the
	 * descriptors were flushed and the file fdatasync'd: every dumped page
	 * below physical address @end is then on disk in OUT's temporary
	 * @tmp (headers and bitmaps first, so the file reads as a dump).
	 * Returns 0 to go on, or an error in @e to stop the conversion.
	 */
	int (*durable)(void *ctx, const char *tmp, uint64_t end,
		       struct fa_err *e);
	void *durable_ctx;
	uint64_t durable_pfns;
	int elf;		/* -E: write an ELF core (convert_elf.c) */
	/* --split: OUT is the split file of pfns [split_start, split_end) */
	int split;
	uint64_t split_start, split_end;
	/* --split's first step: count the pages, write nothing (OUT unused) */
	struct fa_convert_plan *plan;
};

/*
 * What --split divides: the pages of the 2nd bitmap (zero pages still
 * in it, as makedumpfile counts them) per block of @block_pfns pfns.
 */
struct fa_convert_plan {
	uint64_t block_bytes;		/* in: bytes per split block */
	uint64_t block_pfns;		/* out: pfns per split block */
	uint32_t page_size;		/* out */
	uint64_t max_mapnr;		/* out */
	uint64_t nblocks;		/* out: DIV_ROUND_UP(max_mapnr, block_pfns) */
	uint64_t *counts;		/* out: malloc()ed, caller frees */
	uint64_t dumpable;		/* out: their sum */
};

struct fa_convert_stats {
	int rebuilt;			/* IN was a flattened stream */
	int rebuilt_kdump;		/* ... of a kdump file: OUT is that file */
	int refiltered;			/* IN was kdump-compressed (refilter) */
	int in_dump_level;		/* ... and its dump level */
	uint32_t page_size;
	int byteorder;
	char machine[65];		/* utsname.machine written */
	uint64_t max_mapnr;
	uint64_t present;		/* pfns in the 1st bitmap */
	uint64_t dumped;		/* pfns in the 2nd bitmap */
	uint64_t zero;			/* dumped pages that were zero */
	uint64_t shared_zero;		/* ... pointing at the shared zero page */
	uint64_t raw;			/* stored raw (compression did not help) */
	uint64_t compressed;
	uint64_t holes;			/* pages never read (holes, tails) */
	uint64_t excluded[FA_PF_NCLASSES];	/* by mem_map class */
	int mem_map_filtered;		/* 1 when levels 2..16 were applied */
	/* how kernel addresses were read for it: "ppc64 translation",
	 * "x86_64 page tables" (our walk), "libkdumpfile", or both */
	char mem_map_via[64];
	char filter_note[FA_ERR_MSG_MAX];	/* why not, when asked for */
	/* "IN: VMCOREINFO line N ...; K lines skipped", or "" */
	char vmcoreinfo_note[FA_ERR_MSG_MAX + 64];
	uint64_t bytes_read;
	uint64_t out_size;
	uint64_t erase_ranges;		/* physical ranges the config named */
	uint64_t size_eraseinfo;	/* bytes of eraseinfo text written */
	unsigned int cycles;
	/* wall seconds: mem_map set-up and pass 1 (bitmaps), pass 2 (pages) */
	double secs_bitmaps, secs_pages;
};

/*
 * fa_convert() - convert IN (an ELF vmcore, a capture root directory with
 * proc/vmcore, or a flattened stream: a flattened kdump file is rebuilt
 * as is, a flattened ELF is rebuilt and then converted; "-" reads a
 * flattened stream from stdin) into OUT ("-" for stdout, flattened only).
 * The output goes through fa_outfile under @o->out_rule: nothing appears
 * under OUT unless everything was written and synced, and the input is
 * never replaced.  Fills @st (may be NULL).  Returns 0,
 * FA_EINVAL (options), the input's decoding errors, FA_EUNSUP (IN is
 * a split or incomplete kdump file), FA_EIO (read/write, ENOSPC), FA_ENOMEM.
 * A kdump-compressed IN (or flattened one, given a level or compressor)
 * is refiltered (refilter.h) at its level | @o->dump_level.
 * When the dump level asks for mem_map classes that cannot be found,
 * the conversion goes on without them and @st->filter_note says why.
 */
int fa_convert(const char *in, const char *out,
	       const struct fa_convert_opts *o, struct fa_convert_stats *st,
	       struct fa_err *e);

/*
 * fa_convert_clock() - seconds on CLOCK_MONOTONIC, the clock the
 * statistics' times are taken with.
 */
double fa_convert_clock(void);

/*
 * fa_convert_split() - makedumpfile --split: IN into the @n kdump-compressed
 * files @outs, written in parallel, each the pfn range holding an equal
 * share of the dumpable pages (in whole blocks of @splitblock bytes;
 * 0: makedumpfile's 1 GiB).  @o->nthreads is shared among them.  Every
 * file is written under the output rule; on failure none is left.
 */
int fa_convert_split(const char *in, char *const *outs, unsigned int n,
		     uint64_t splitblock, const struct fa_convert_opts *o,
		     struct fa_convert_stats *st, struct fa_err *e);

/*
 * fa_convert_reassemble() - makedumpfile --reassemble: the @n split files
 * @ins (any order) into the single kdump-compressed file OUT, under
 * @rule (NULL: a new regular file only).  Fills *@out_size (may be NULL).
 */
int fa_convert_reassemble(char *const *ins, unsigned int n, const char *out,
			  const struct fa_outrule *rule, uint64_t *out_size,
			  struct fa_err *e);

/* fa_convert_compress_name() - "zlib", "lzo", "snappy", "zstd", "none". */
const char *fa_convert_compress_name(uint32_t compress);

#endif /* FA_CONVERT_H */
