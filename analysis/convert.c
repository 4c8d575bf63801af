// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert.c - ELF vmcore to kdump-compressed conversion (see convert.h):
 * the inputs, their facts and the order of the steps; the steps
 * themselves are in the files convert_int.h lists.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lzo/lzo1x.h>

#include "convert_elf.h"
#include "convert_int.h"
#include "dump.h"

#define FLAT_MAX_RECORD	(64ULL << 20)

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
	if (!rc && o->no_output && o->bitmaps_only) {
		st->dumped = cv.nr_dumped;
		goto out;
	}
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

/* @e's code, its message naming the input file @path once. */
static int name_input(struct fa_err *e, const char *path)
{
	size_t l = strlen(path);

	if (strncmp(e->msg, path, l) || e->msg[l] != ':')
		fa_err_prefix(e, "%s: ", path);
	return e->code;
}

int fa_convert(const char *in, const char *out,
	       const struct fa_convert_opts *o, struct fa_convert_stats *st,
	       struct fa_err *e)
{
	struct fa_convert_stats dummy;
	struct fa_convert_opts lo;
	struct fa_outrule rule;
	const struct fa_dump_ops *ops;
	struct fa_dump_probe p;
	struct fa_dump *d = NULL;
	char path[4096];
	struct stat sb;
	int fd, rc;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	rc = check_opts(o, e);
	if (rc)
		return rc;
	lzo_init();
	rc = fa_dump_file(in, path, sizeof(path), e);
	if (rc)
		return rc;
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
	/* What IN is, as every subcommand sees it (dump.h's table). */
	ops = fa_dump_probe_fd(fd, &p, path, e);
	if (!ops) {
		close(fd);
		return name_input(e, path);
	}
	if (ops->format == FA_DUMP_FLAT && o->no_output) {
		close(fd);
		return fa_err_set(e, FA_EUNSUP, "%s: " FA_DUMP_FLAT_REFUSED,
				  path);
	}
	if (ops->format == FA_DUMP_FLAT && (o->elf || o->split || o->plan)) {
		close(fd);
		return fa_err_set(e, FA_EUNSUP,
				  "%s: -E and --split take an ELF vmcore, not a flattened stream",
				  path);
	}
	if (ops->format == FA_DUMP_FLAT) {
		rc = rebuild_flat(fd, path, out, o, st, e);
		close(fd);
		return rc;
	}
	if (ops->format == FA_DUMP_KDUMP) {
		rc = refilter(fd, path, out, o, st, e);
		close(fd);
		return rc;
	}
	close(fd);
	/* An ELF vmcore (or opalcore), opened as the readers open it. */
	rc = fa_dump_open(in, FA_DUMP_NO_MEMORY, &d, e);
	if (rc)
		name_input(e, path);
	else
		rc = convert_core(d->elf, path, out, o, st, e);
	fa_dump_close(d);
	return rc;
}
