// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_convert.c - "fadump-analyze convert": an ELF vmcore (or capture
 * root, or flattened stream) to a kdump-compressed file, with
 * makedumpfile's options.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "convert.h"
#include "diskdump.h"
#include "memusage.h"

/* makedumpfile's --message-level bits */
#define ML_PROGRESS	0x01
#define ML_COMMON	0x02
#define ML_REPORT	0x10

struct progress {
	int on;
	double start, last;
};

/* A bar with rate and ETA on stderr, at most five times a second. */
static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct progress *p = ctx;
	double t = fa_convert_clock(), el = t - p->start, rate, eta;
	char bar[31];
	int fill, i;

	if (done < total && t - p->last < 0.2)
		return;
	p->last = t;
	fill = total ? (int)(30.0 * (double)done / (double)total) : 30;
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[30] = 0;
	rate = el > 0 ? (double)done / el / 1e6 : 0;
	eta = done && el > 0 ? el * (double)(total - done) / (double)done : 0;
	fprintf(stderr, "\r[%s] %3d%% %8.1f MB/s  ETA %d:%02d ", bar,
		total ? (int)(100.0 * (double)done / (double)total) : 100, rate,
		(int)eta / 60, (int)eta % 60);
	if (done >= total)
		fputc('\n', stderr);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " FA_PROG " convert [-c|-l|-p|-z] [-d LEVEL] [--num-threads N]\n"
		"         [-F] [-f] [--cyclic-pfns N] [--message-level N] [-q] [-v]\n"
		"         [--config FILE -x VMLINUX] IN [OUT]\n"
		"   or: " FA_PROG " convert -E [-d LEVEL] [-f] [options] IN OUT\n"
		"   or: " FA_PROG " convert --split [options] IN OUT1 OUT2 [OUTn...]\n"
		"   or: " FA_PROG " convert --reassemble [-f] OUT1 OUT2 [OUTn...] OUT\n"
		"   or: " FA_PROG " convert --mem-usage IN\n"
		"   or: " FA_PROG " convert --dump-dmesg IN FILE\n"
		"Write IN as a kdump-compressed file (makedumpfile's format) that crash,\n"
		"libkdumpfile and drgn read; OUT is written under a temporary name\n"
		"(0600) and renamed when complete; an existing OUT is refused\n"
		"unless -f is given.\n"
		"  IN   ELF vmcore, capture root directory, or flattened stream (\"-\": stdin)\n"
		"       or kdump-compressed file: refiltered (pages kept by IN minus those\n"
		"       the new -d drops; dump level IN's | LEVEL; pages stored with the\n"
		"       compressor asked for are copied, dropped ones never decompressed)\n"
		"  OUT  kdump-compressed file (with -F: a flattened stream, default stdout,\n"
		"       never a terminal)\n"
		"\n"
		"  -c, -l, -p, -z         compress pages with zlib, lzo, snappy or zstd\n"
		"                         (default: none)\n"
		"  -d LEVEL               exclude pages (sum of): 1 zero, 2 cache,\n"
		"                         4 private cache, 8 user, 16 free (default 0)\n"
		"  -F                     write a flattened stream (makedumpfile -F), to\n"
		"                         OUT or standard output\n"
		"  -f, --force            replace an existing OUT; only a regular file\n"
		"                         that is not the input is ever replaced (never\n"
		"                         a device, FIFO, symbolic link or directory)\n"
		"  -o, --output OUT       the output file (instead of the operand)\n"
		"      --num-threads N    threads reading and compressing, and walking\n"
		"                         mem_map (default: the online CPUs)\n"
		"      --cyclic-pfns N    pages per bitmap cycle, bounding memory\n"
		"                         (default 32Mi)\n"
		"      --message-level N  makedumpfile's bits: 1 progress, 2 summary,\n"
		"                         16 report\n"
		"  -q, --quiet            no progress and no summary\n"
		"  -v, --verbose          add a report: pages per class, how mem_map was\n"
		"                         read, bytes read, time spent\n"
		"      --config FILE      erase the kernel data FILE names, in\n"
		"                         makedumpfile.conf(5) syntax (\"erase SYMBOL\n"
		"                         [.member...] [size N|nullify]\", \"for ID in\n"
		"                         ARRAY|STRUCT via NEXT|LIST_HEAD within\n"
		"                         STRUCT:MEMBER ... endfor\"); erased bytes\n"
		"                         become 'X' (nullify: zeros) and are listed\n"
		"                         in the eraseinfo crash shows (help -D);\n"
		"                         needs -x\n"
		"  -x, --vmlinux VMLINUX  the crashed kernel's vmlinux with DWARF, for\n"
		"                         --config\n"
		"      --mem-usage IN     write nothing: print the pages of each class\n"
		"                         (makedumpfile's table) and what each -d leaves\n"
		"      --dump-dmesg IN FILE  write the kernel log to FILE as makedumpfile\n"
		"                         --dump-dmesg does (0600; -f replaces FILE)\n"
		"  -h, --help             this help\n"
		"  -E                     write an ELF core instead, as makedumpfile -E:\n"
		"                         runs of 256 or more excluded pages are cut out\n"
		"                         (p_filesz < p_memsz), the input's notes kept\n"
		"      --split IN OUT1 OUT2 [OUTn...]\n"
		"                         write N kdump-compressed files in parallel,\n"
		"                         each a pfn range holding an equal share of the\n"
		"                         pages (makedumpfile --split; crash reads them\n"
		"                         together, libkdumpfile one by one)\n"
		"      --splitblock-size KB  --split cuts at multiples of KB KiB\n"
		"                         (default 1048576: 1 GiB)\n"
		"      --reassemble OUT1 OUT2 [OUTn...] OUT\n"
		"                         join split files (any order) into the single\n"
		"                         file the unsplit conversion writes\n"
		"\n"
		"A truncated IN is refused (as makedumpfile fails on a short read).\n"
		FA_HELP_EXIT);
}

static int parse_uint(const char *s, unsigned long long max,
		      unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end || *v > max || s[0] == '-';
}

static void report(const struct fa_convert_opts *o,
		   const struct fa_convert_stats *st, const char *out, int ml,
		   double secs)
{
	uint64_t ex = 0;
	int i;

	for (i = 1; i < FA_PF_NCLASSES; i++)
		ex += st->excluded[i];
	if (st->vmcoreinfo_note[0])
		fprintf(stderr, FA_PROG " convert: warning: %s\n",
			st->vmcoreinfo_note);
	if (st->filter_note[0])
		fprintf(stderr, FA_PROG " convert: warning: no mem_map filtering (%s); cache, user and free pages are kept\n",
			st->filter_note);
	if (st->rebuilt_kdump) {
		if (ml & ML_COMMON)
			fprintf(stderr, "%s: rebuilt from the flattened stream, %llu bytes\n",
				out, (unsigned long long)st->out_size);
		return;
	}
	if (ml & ML_COMMON)
		fprintf(stderr,
			"%s: %llu of %llu pages dumped (%llu zero, %llu excluded), %s, %llu bytes, %.2f s\n",
			strcmp(out, "-") ? out : "<stdout>",
			(unsigned long long)st->dumped,
			(unsigned long long)st->present,
			(unsigned long long)st->zero, (unsigned long long)ex,
			o->elf ? "ELF" : fa_convert_compress_name(o->compress),
			(unsigned long long)st->out_size, secs);
	if (!(ml & ML_REPORT))
		return;
	fprintf(stderr, "  page size %u, max_mapnr %llu, machine %s, %u cycle(s)\n",
		st->page_size, (unsigned long long)st->max_mapnr, st->machine,
		st->cycles);
	if (st->mem_map_filtered)
		fprintf(stderr, "  mem_map read through %s\n", st->mem_map_via);
	for (i = 1; i < FA_PF_NCLASSES; i++)
		fprintf(stderr, "  excluded %-14s %llu\n", fa_pf_class_name(i),
			(unsigned long long)st->excluded[i]);
	fprintf(stderr, "  shared zero %llu, compressed %llu, raw %llu, holes %llu\n",
		(unsigned long long)st->shared_zero,
		(unsigned long long)st->compressed, (unsigned long long)st->raw,
		(unsigned long long)st->holes);
	if (o->erase_config)
		fprintf(stderr, "  --config: %llu range(s) to erase, %llu bytes of eraseinfo\n",
			(unsigned long long)st->erase_ranges,
			(unsigned long long)st->size_eraseinfo);
	fprintf(stderr, "  read %llu bytes, %.1f MB/s\n",
		(unsigned long long)st->bytes_read,
		secs > 0 ? (double)st->bytes_read / secs / 1e6 : 0.0);
	fprintf(stderr, "  time: %.3f s bitmaps (mem_map filter included), %.3f s pages\n",
		st->secs_bitmaps, st->secs_pages);
}

/* What -E, --split and --reassemble take with them (makedumpfile's rules). */
static int check_modes(const struct fa_convert_opts *o, int split,
		       int reassemble, const char *out, int nargs)
{
	if (split + reassemble + o->elf > 1)
		return fa_cli_usage_error("convert",
			"-E, --split and --reassemble exclude each other");
	if (o->elf && o->compress)
		return fa_cli_usage_error("convert",
			"-E writes an ELF core: no -c, -l, -p or -z");
	if ((split || reassemble || o->elf) && o->flattened)
		return fa_cli_usage_error("convert",
			"-F cannot be combined with -E, --split or --reassemble");
	if ((split || reassemble) && out)
		return fa_cli_usage_error("convert",
			"--split and --reassemble name their files as operands, not with -o");
	if (split && nargs < 3)
		return fa_cli_usage_error("convert",
			"--split needs IN and two output files or more (got %d operand%s)",
			nargs, nargs == 1 ? "" : "s");
	if (reassemble && nargs < 2)
		return fa_cli_usage_error("convert",
			"--reassemble needs the split files and OUT (got %d operand%s)",
			nargs, nargs == 1 ? "" : "s");
	return 0;
}

static int run_reassemble(char **args, unsigned int n, int force, int ml)
{
	struct fa_outrule rule;
	struct fa_err e = { 0 };
	const char *out = args[n - 1];
	uint64_t size = 0;
	double t0 = fa_convert_clock();

	fa_outrule_init(&rule, force);
	if (fa_outrule_check(&rule, out, &e))
		return fa_cli_error(NULL, &e);
	if (fa_convert_reassemble(args, n - 1, out, &rule, &size, &e))
		return fa_cli_error(NULL, &e);
	if (ml & ML_COMMON)
		fprintf(stderr, "%s: reassembled from %u split files, %llu bytes, %.2f s\n",
			out, n - 1, (unsigned long long)size,
			fa_convert_clock() - t0);
	return FA_EXIT_OK;
}

int cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "num-threads", required_argument, NULL, 'T' },
		{ "message-level", required_argument, NULL, 'M' },
		{ "cyclic-pfns", required_argument, NULL, 'C' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "config", required_argument, NULL, 'K' },
		{ "vmlinux", required_argument, NULL, 'x' },
		{ "mem-usage", no_argument, NULL, 'U' },
		{ "dump-dmesg", no_argument, NULL, 'D' },
		{ "split", no_argument, NULL, 'S' },
		{ "splitblock-size", required_argument, NULL, 'B' },
		{ "reassemble", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	struct fa_convert_opts o = { 0 };
	int mode = 0;		/* 'U' --mem-usage, 'D' --dump-dmesg */
	struct fa_convert_stats st;
	struct fa_outrule rule;
	struct progress prog = { 0 };
	struct fa_err e = { 0 };
	const char *in, *out = NULL;
	unsigned long long v;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int ml = ML_PROGRESS | ML_COMMON | 0x04, opt, rc, force = 0;
	int split = 0, reassemble = 0;
	char label[4096 + 64];
	uint64_t splitblock = 0;
	double t0;

	o.nthreads = ncpu > 0 ? (unsigned int)ncpu : 1;
	while ((opt = getopt_long(argc, argv, "clpzd:EFfo:qvhx:", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'c':
			o.compress = FA_DUMP_DH_COMPRESSED_ZLIB;
			break;
		case 'l':
			o.compress = FA_DUMP_DH_COMPRESSED_LZO;
			break;
		case 'p':
			o.compress = FA_DUMP_DH_COMPRESSED_SNAPPY;
			break;
		case 'z':
			o.compress = FA_DUMP_DH_COMPRESSED_ZSTD;
			break;
		case 'd':
			if (parse_uint(optarg, 31, &v))
				return fa_cli_usage_error("convert",
					"-d %s: expected a dump level 0..31", optarg);
			o.dump_level = (int)v;
			break;
		case 'T':
			if (parse_uint(optarg, 1024, &v))
				return fa_cli_usage_error("convert",
					"--num-threads %s: expected 0..1024", optarg);
			o.nthreads = v ? (unsigned int)v : 1;
			break;
		case 'M':
			if (parse_uint(optarg, 31, &v))
				return fa_cli_usage_error("convert",
					"--message-level %s: expected 0..31", optarg);
			ml = (int)v;
			break;
		case 'C':
			if (parse_uint(optarg, 1ULL << 40, &v) || !v)
				return fa_cli_usage_error("convert",
					"--cyclic-pfns %s: expected a positive count", optarg);
			o.cycle_pfns = v;
			break;
		case 'F':
			o.flattened = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'q':
			ml = 0;
			break;
		case 'v':
			ml |= ML_REPORT;
			break;
		case 'K':
			o.erase_config = optarg;
			break;
		case 'x':
			o.vmlinux = optarg;
			break;
		case 'h':
			usage(stdout);
			return FA_EXIT_OK;
		case 'U':
		case 'D':
			mode = opt;
			break;
		case 'E':
			o.elf = 1;
			break;
		case 'S':
			split = 1;
			break;
		case 'R':
			reassemble = 1;
			break;
		case 'B':
			if (parse_uint(optarg, 1ULL << 40, &v) || !v)
				return fa_cli_usage_error("convert",
					"--splitblock-size %s: expected a positive size in KiB", optarg);
			splitblock = v << 10;
			break;
		default:
			return fa_cli_bad_option("convert", "clpzd:EFfo:qvhx:", argv);
		}
	}
	if ((split || reassemble || o.elf) && mode)
		return fa_cli_usage_error("convert",
			"--mem-usage and --dump-dmesg take no -E, --split or --reassemble");
	if ((split || reassemble || o.elf) && o.erase_config)
		return fa_cli_usage_error("convert",
			"--config erases while writing one kdump-compressed file: not with -E, --split or --reassemble");
	if (split || reassemble || o.elf) {
		rc = check_modes(&o, split, reassemble, out, argc - optind);
		if (rc)
			return rc;
	}
	if (reassemble)
		return run_reassemble(argv + optind, (unsigned int)(argc - optind),
				      force, ml);
	if (split) {
		in = argv[optind];
		rc = fa_cli_output_rule(&rule, force, in, NULL);
		if (rc)
			return rc;
		o.out_rule = &rule;
		t0 = fa_convert_clock();
		if (fa_convert_split(in, argv + optind + 1,
				     (unsigned int)(argc - optind - 1), splitblock,
				     &o, &st, &e))
			return fa_cli_error(NULL, &e);
		snprintf(label, sizeof(label), "%s ... %s (%d split files)",
			 argv[optind + 1], argv[argc - 1], argc - optind - 1);
		report(&o, &st, label, ml, fa_convert_clock() - t0);
		return FA_EXIT_OK;
	}
	if (optind >= argc)
		return fa_cli_usage_error("convert", "missing IN (an ELF vmcore or kdump-compressed file)");
	in = argv[optind++];
	if (!out && optind < argc)
		out = argv[optind++];
	if (optind < argc)
		return fa_cli_usage_error("convert", "unexpected argument '%s'",
					  argv[optind]);
	if (o.erase_config && !o.vmlinux)
		return fa_cli_usage_error("convert",
			"--config needs the crashed kernel's vmlinux (-x VMLINUX)");
	if (mode == 'U' && out)
		return fa_cli_usage_error("convert", "--mem-usage takes IN only, no OUT");
	if (mode == 'U')
		return fa_mem_usage(in, o.nthreads);
	if (mode == 'D' && (!out || !strcmp(out, "-")))
		return fa_cli_usage_error("convert", "--dump-dmesg: missing FILE");
	if (mode == 'D') {
		rc = fa_cli_output_rule(&rule, force, in, out);
		return rc ? rc : fa_dmesg_save(in, out, &rule, ml & ML_COMMON);
	}
	if (!out && o.flattened)
		out = "-";
	if (!out)
		return fa_cli_usage_error("convert", "missing OUT");
	if (!strcmp(out, "-") && !o.flattened)
		return fa_cli_usage_error("convert",
			"writing to stdout needs -F (flattened format)");
	rc = fa_cli_output_rule(&rule, force, in, out);
	if (rc)
		return rc;
	o.out_rule = &rule;
	if ((ml & ML_PROGRESS) && isatty(STDERR_FILENO)) {
		prog.on = 1;
		prog.start = prog.last = fa_convert_clock();
		o.progress = show_progress;
		o.progress_ctx = &prog;
	}
	t0 = fa_convert_clock();
	rc = fa_convert(in, out, &o, &st, &e);
	if (rc)
		return fa_cli_error(NULL, &e);
	report(&o, &st, out, ml, fa_convert_clock() - t0);
	return FA_EXIT_OK;
}
