// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_save.c - "fadump-analyze save [OPTIONS] [ROOT] DESTDIR": copy the
 * dump away in the capture kernel, then give the memory back.
 *
 * Order: detect what ROOT holds; open and check the vmcore; check the
 * space; write the metadata, vmcore-dmesg.txt, the opalcore and the
 * vmcore, each durable (fa_outfile: 0600, temporary name, fsync, rename,
 * directory fsync); write the manifest last (its presence marks a
 * finished save); only then write release_core / release_mem.  Any
 * failure before that releases nothing.
 *
 * phyp dump gives memory back during the save.  The vmcore is written in
 * pfn order; every quarter of --release-chunk the converter flushes the page
 * descriptors and fdatasync()s the temporary file, then reports how far
 * it got (convert.h durable()).  Before the first release the temporary
 * gets a second name, DESTDIR/vmcore.partial (a hard link, the directory
 * fsync'd), so that neither an error nor a signal (which unlink the
 * temporary) nor a kill can take the released pages' only copy away:
 * a range goes back only when every page below its end is in that
 * synced file.  After the final rename the link is removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cmd.h"
#include "convert.h"
#include "diskdump.h"
#include "fa_outfile.h"
#include "printk.h"
#include "report.h"
#include "save.h"

#define SAVE_MAX_FILES		4096
#define SAVE_META_SLACK		(4ULL << 20)	/* metadata, manifest, dmesg */
#define SAVE_CHUNK_DEFAULT	(256ULL << 20)
#define SAVE_MAX_RELEASES	4096

/* One release write done (for the summary). */
struct save_rel {
	char file[64];
	char value[64];
	uint64_t durable;	/* bytes of the vmcore synced before it */
	int during;		/* before the vmcore was complete */
};

struct save {
	/* options */
	const char *root, *dest;
	int force, elf, no_release, json, tty;
	struct fa_convert_opts co;
	uint64_t chunk;
	/* state */
	struct fa_save_root r;
	struct fa_save_sysfs sys;
	char *files;		/* NUL-separated names written, for the manifest */
	size_t files_len;
	struct fa_save_release *plan;
	size_t nplan;
	struct save_rel rel[SAVE_MAX_RELEASES];
	size_t nrel;
	int rel_failed;
	struct fa_err rel_err;
	char partial[4096];	/* DESTDIR/vmcore.partial once linked */
	uint64_t need, avail;
	struct fa_convert_stats st;
	int vmcore_done;
	int saved;		/* the manifest is durable */
	long kill_after;	/* test hook: SIGKILL after N releases */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " FA_PROG " save [-c|-l|-p|-z] [-d N] [--elf] [-f] [--no-release]\n"
		"                      [--release-chunk SIZE] [--kernel-model PATH] [--json]\n"
		"                      [ROOT] DESTDIR\n"
		"Save the dump a capture kernel exports into DESTDIR, then give the\n"
		"reserved memory back (release_mem; PowerNV also release_core; phyp\n"
		"dump: release_region, range by range during the save).  ROOT is the\n"
		"capture root ('/', the default, on a capture kernel).  DESTDIR gets\n"
		"vmcore, vmcore-dmesg.txt, opalcore (PowerNV), fadump_region, sysfs/,\n"
		"device-tree/ and manifest (size, sha256, name per file), all 0600.\n"
		"Without an active dump it says so and exits 0.\n"
		"\n"
		"  -c, -l, -p, -z  compress pages with zlib, lzo, snappy, zstd (-l)\n"
		"  -d N            dump level 0..31 as makedumpfile's -d (31)\n"
		"      --elf       save proc/vmcore as it is (ELF) instead\n"
		"  -f, --force     replace a finished save in DESTDIR\n"
		"      --no-release  keep all memory reserved\n"
		"      --release-chunk SIZE  phyp dump: give memory back in pieces of\n"
		"                  SIZE bytes (K, M, G suffixes; default 256M)\n"
		"      --kernel-model PATH  the fadump-kernel program that performs\n"
		"                  the release writes on a capture root it wrote\n"
		"                  (default: FA_KERNEL, else beside this program)\n"
		"      --json      a summary as one JSON document (schema\n"
		"                  fadump-analyze/save/1) on standard output\n"
		"  -h, --help      this help\n"
		"\n" FA_HELP_EXIT);
}

static void say(const struct save *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * One line per step on standard output (none with --json: the summary
 * goes there), so that standard error holds only the error line.
 */
static void say(const struct save *s, const char *fmt, ...)
{
	va_list ap;

	if (s->json)
		return;
	if (s->tty)
		fputs("\r\033[K", stdout);
	fputs(FA_PROG " save: ", stdout);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	const struct save *s = ctx;

	if (!s->tty || !total)
		return;
	printf("\r\033[K" FA_PROG " save: vmcore %3u%%",
	       (unsigned int)(done * 100 / total));
	fflush(stdout);
}

static int parse_size(const char *arg, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || end == arg || *arg == '-')
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end || !v)
		return -1;
	*out = v;
	return 0;
}

static int dest_path(const struct save *s, const char *name, char *buf,
		     size_t size, struct fa_err *e)
{
	if (snprintf(buf, size, "%s/%s", s->dest, name) >= (int)size)
		return fa_err_set(e, FA_ERANGE, "%s: path too long", s->dest);
	return 0;
}

static int note_file(struct save *s, const char *name, struct fa_err *e)
{
	size_t l = strlen(name) + 1;
	char *p = realloc(s->files, s->files_len + l);

	if (!p)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	memcpy(p + s->files_len, name, l);
	s->files = p;
	s->files_len += l;
	return 0;
}

/* ROOT/@rel to DESTDIR/@name when ROOT has it and it is readable. */
static int save_meta(struct save *s, const char *rel, const char *name,
		     struct fa_err *e)
{
	char src[4096], dst[4096], *slash;
	struct stat st;
	int ret;

	if (snprintf(src, sizeof(src), "%s/%s", s->root, rel) >= (int)sizeof(src))
		return fa_err_set(e, FA_ERANGE, "%s: path too long", s->root);
	/* write-only attributes (release_mem) are not read */
	if (stat(src, &st) || !S_ISREG(st.st_mode) || !(st.st_mode & 0444))
		return 0;
	if ((ret = dest_path(s, name, dst, sizeof(dst), e)))
		return ret;
	slash = strrchr(dst, '/');
	if (slash > dst + strlen(s->dest)) {
		*slash = '\0';
		if (mkdir(dst, 0700) && errno != EEXIST)
			return fa_err_errno(e, dst);
		*slash = '/';
	}
	if (
	    (ret = fa_save_copy_file(src, dst, s->force, e)))
		return ret;
	return note_file(s, name, e);
}

static int save_metadata(struct save *s, struct fa_err *e)
{
	static const char *const fadump_files[] = {
		"enabled", "registered", "mem_reserved", "hotplug_ready",
		"bootargs_append", NULL,
	};
	static const char *const dt_nodes[] = { "rtas", "ibm,opal", NULL };
	char src[4096], dst[4096], rel[256], name[256];
	struct stat st;
	int i, ret = 0;

	ret = save_meta(s, "sys/kernel/debug/powerpc/fadump_region",
			"fadump_region", e);
	for (i = 0; !ret && fadump_files[i]; i++) {
		snprintf(rel, sizeof(rel), "sys/kernel/fadump/%s", fadump_files[i]);
		snprintf(name, sizeof(name), "sysfs/%s", fadump_files[i]);
		ret = save_meta(s, rel, name, e);
	}
	if (!ret)
		ret = save_meta(s, "sys/kernel/release_region",
				"sysfs/release_region", e);
	if (!ret)
		ret = save_meta(s, "sys/kernel/phyp_dump_active",
				"sysfs/phyp_dump_active", e);
	for (i = 0; !ret && dt_nodes[i]; i++) {
		snprintf(src, sizeof(src), "%s/proc/device-tree/%s", s->root,
			 dt_nodes[i]);
		if (lstat(src, &st) || !S_ISDIR(st.st_mode))
			continue;
		if ((ret = dest_path(s, "device-tree", dst, sizeof(dst), e)))
			break;
		if (mkdir(dst, 0700) && errno != EEXIST) {
			ret = fa_err_errno(e, dst);
			break;
		}
		snprintf(dst + strlen(dst), sizeof(dst) - strlen(dst), "/%s",
			 dt_nodes[i]);
		snprintf(name, sizeof(name), "device-tree/%s", dt_nodes[i]);
		ret = fa_save_copy_tree(src, dst, name, s->force, &s->files,
					&s->files_len, e);
	}
	return ret;
}

/* vmcore-dmesg.txt; a log that cannot be read is a warning, not a failure. */
static int save_dmesg(struct save *s, const struct fa_dump *d,
		      struct fa_err *e)
{
	struct fa_printk_log log = { 0 };
	struct fa_err le = { 0 };
	char dst[4096];
	char *text = NULL;
	size_t len = 0;
	int ret;

	if ((ret = dest_path(s, "vmcore-dmesg.txt", dst, sizeof(dst), e)))
		return ret;
	if (!d->vmcoreinfo) {
		le = d->vmcoreinfo_err;
		if (!le.msg[0])
			fa_err_set(&le, FA_ENOENT, "no VMCOREINFO note");
	} else if (!fa_printk_read(&d->mem, d->vmcoreinfo, &log, &le)) {
		fa_printk_format(&log, 0, &text, &len, &le);
	}
	if (text) {
		struct fa_outfile of;

		ret = fa_outfile_open_rule(&of, dst, NULL, e);
		if (!ret && (ret = fa_outfile_write(&of, text, len, e)))
			fa_outfile_abort(&of);
		if (!ret)
			ret = fa_outfile_commit(&of, e);
		if (!ret)
			ret = note_file(s, "vmcore-dmesg.txt", e);
	} else {
		fflush(stdout);
		fprintf(stderr, FA_PROG ": warning: %s: no vmcore-dmesg.txt: %s\n",
			s->r.vmcore, le.msg);
	}
	free(text);
	fa_printk_log_free(&log);
	return ret;
}

/* The test hook FA_SAVE_TEST_KILL_AFTER=N: die hard after N releases. */
static void maybe_kill(const struct save *s)
{
	if (s->kill_after > 0 && (long)s->nrel >= s->kill_after)
		raise(SIGKILL);
}

/* Every release write of the save goes through here. */
static int do_release(struct save *s, const char *rel, const char *value,
		      uint64_t durable, struct fa_err *e)
{
	struct save_rel *r;
	const char *base;

	if (s->nrel >= SAVE_MAX_RELEASES)
		return fa_err_set(e, FA_ERANGE, "more than %d release writes",
				  SAVE_MAX_RELEASES);
	if (fa_save_sysfs_write(&s->sys, rel, value, e))
		return e->code;
	base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	r = &s->rel[s->nrel++];
	snprintf(r->file, sizeof(r->file), "%s", base);
	snprintf(r->value, sizeof(r->value), "%s", value);
	r->durable = durable;
	r->during = !s->vmcore_done;
	say(s, "released: %s <- %s", base, value);
	maybe_kill(s);
	return 0;
}

/* The phyp ranges whose pages are all below @end, in plan order. */
static int release_upto(struct save *s, uint64_t end, struct fa_err *e)
{
	char v[64];
	size_t i;

	for (i = 0; i < s->nplan && !s->rel_failed; i++) {
		struct fa_save_release *p = &s->plan[i];

		if (p->done)
			continue;
		if (p->need > end)
			break;
		snprintf(v, sizeof(v), "%#llx %#llx", (unsigned long long)p->addr,
			 (unsigned long long)p->len);
		if (do_release(s, "sys/kernel/release_region", v, end,
			       &s->rel_err)) {
			s->rel_failed = 1;
			return fa_err_set(e, s->rel_err.code, "%s", s->rel_err.msg);
		}
		p->done = 1;
	}
	return 0;
}

/*
 * convert.h durable(): the pages below @end are synced in @tmp.  Give the
 * temporary its second name first, so that the released pages survive
 * whatever happens to the temporary.
 */
static int on_durable(void *ctx, const char *tmp, uint64_t end,
		      struct fa_err *e)
{
	struct save *s = ctx;
	int ret;

	if (!s->partial[0]) {
		char p[4096];

		if ((ret = dest_path(s, "vmcore.partial", p, sizeof(p), e)))
			return ret;
		if (link(tmp, p))
			return fa_err_errno(e, p);
		snprintf(s->partial, sizeof(s->partial), "%s", p);
		if ((ret = fa_save_fsync_dir(s->dest, e)))
			return ret;
	}
	return release_upto(s, end, e);
}

static int save_vmcore(struct save *s, struct fa_err *e)
{
	struct fa_outrule rule;
	char dst[4096];
	int ret;

	if ((ret = dest_path(s, "vmcore", dst, sizeof(dst), e)))
		return ret;
	if (s->elf) {
		ret = fa_save_copy_file(s->r.vmcore, dst, s->force, e);
	} else {
		fa_outrule_init(&rule, s->force);
		s->co.out_rule = &rule;
		s->co.progress = on_progress;
		s->co.progress_ctx = s;
		if (s->nplan && !s->no_release) {
			s->co.durable = on_durable;
			s->co.durable_ctx = s;
		}
		ret = fa_convert(s->r.vmcore, dst, &s->co, &s->st, e);
	}
	if (!ret)
		ret = note_file(s, "vmcore", e);
	if (!ret)
		s->vmcore_done = 1;
	return ret;
}

/* DESTDIR/manifest: "SIZE SHA256 NAME" per file, in the order written. */
static int save_manifest(struct save *s, struct fa_err *e)
{
	char path[4096], hex[FA_SHA256_HEX_LEN];
	char *text = NULL;
	size_t tlen = 0, off;
	uint64_t size;
	FILE *f;
	int ret = 0;

	f = open_memstream(&text, &tlen);
	if (!f)
		return fa_err_errno(e, "manifest");
	for (off = 0; !ret && off < s->files_len;
	     off += strlen(s->files + off) + 1) {
		if ((ret = dest_path(s, s->files + off, path, sizeof(path), e)))
			break;
		ret = fa_save_hash_file(path, &size, hex, e);
		if (!ret)
			fprintf(f, "%llu %s %s\n", (unsigned long long)size, hex,
				s->files + off);
	}
	fclose(f);
	if (!ret && !(ret = dest_path(s, "manifest", path, sizeof(path), e)))
		ret = fa_write_file(path, text, tlen, e);
	free(text);
	return ret;
}

/*
 * Bytes of file data in [@off, @off + @len) of @fd: holes (a model's
 * sparse vmcore) are zero pages, which the converter stores once; a real
 * /proc/vmcore has none.  Without SEEK_DATA support: all of it.
 */
static uint64_t data_bytes(int fd, uint64_t off, uint64_t len)
{
	uint64_t end = off + len, n = 0;
	off_t d, h;

	while (off < end) {
		d = lseek(fd, (off_t)off, SEEK_DATA);
		if (d < 0)
			return errno == ENXIO ? n : n + (end - off);
		if ((uint64_t)d >= end)
			break;
		h = lseek(fd, d, SEEK_HOLE);
		if (h < 0 || (uint64_t)h > end)
			h = (off_t)end;
		n += (uint64_t)(h - d);
		off = (uint64_t)h;
	}
	return n;
}

/*
 * The bytes of the pages dump level @dl keeps of @s's vmcore (zero pages
 * counted), from the mem_map alone: no page is read.  UINT64_MAX when it
 * cannot tell (then the estimate takes every byte).
 */
static uint64_t kept_bytes(const struct save *s, uint64_t ps)
{
	struct fa_convert_opts o = { 0 };
	struct fa_convert_stats st;
	struct fa_err e;

	if (!(s->co.dump_level & FA_DL_EXCLUDE_MEM_MAP))
		return UINT64_MAX;
	o.dump_level = s->co.dump_level;
	o.nthreads = s->co.nthreads;
	o.no_output = 1;
	o.bitmaps_only = 1;
	fa_err_clear(&e);
	if (fa_convert(s->r.vmcore, NULL, &o, &st, &e))
		return UINT64_MAX;
	return st.dumped * ps;
}

/*
 * The worst case: every byte of the vmcore's memory the dump level keeps
 * (by its mem_map; all file data when there is none to read) stored as it
 * is (a compressed page is never stored bigger, a zero page once), a
 * descriptor per page, both bitmaps, the opalcore, and a little for the
 * metadata.  A real /proc/vmcore has no holes: without the mem_map the
 * estimate is the machine's memory.
 */
static int check_space(struct save *s, const struct fa_dump *d,
		       struct fa_err *e)
{
	struct statvfs vs;
	struct stat st;
	uint64_t need = SAVE_META_SLACK, pages = 0, ps, top = 0, data = 0;
	size_t i;
	int fd;

	ps = d->page_size ? d->page_size : 4096;
	fd = open(d->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fa_err_errno(e, d->file);
	if (s->elf) {
		need += d->file_size;	/* the copy writes every byte */
	} else {
		for (i = 0; i < d->nranges; i++) {
			data += data_bytes(fd, d->ranges[i].offset,
					   d->ranges[i].filesz);
			pages += (d->ranges[i].size + ps - 1) / ps;
			if (d->ranges[i].paddr + d->ranges[i].size > top)
				top = d->ranges[i].paddr + d->ranges[i].size;
		}
		need += pages * FA_PAGE_DESC_SIZE + 2 * (top / ps / 8 + ps) +
			4 * ps + d->notes_len;
	}
	close(fd);
	if (!s->elf) {
		uint64_t kept = kept_bytes(s, ps);

		need += kept < data ? kept : data;
	}
	if (s->r.opalcore[0] && !stat(s->r.opalcore, &st))
		need += (uint64_t)st.st_size;
	if (statvfs(s->dest, &vs)) {
		char parent[4096], *slash;

		snprintf(parent, sizeof(parent), "%s", s->dest);
		slash = strrchr(parent, '/');
		if (errno != ENOENT || (slash && slash == parent))
			return fa_err_errno(e, s->dest);
		if (slash)
			*slash = '\0';
		else
			snprintf(parent, sizeof(parent), ".");
		if (statvfs(parent, &vs))
			return fa_err_errno(e, parent);
	}
	s->need = need;
	s->avail = (uint64_t)vs.f_bavail * vs.f_frsize;
	if (need > s->avail)
		return fa_err_set(e, FA_EIO, "%s: not enough space: the save may need %llu bytes (worst case), the file system has %llu free; nothing written",
				  s->dest, (unsigned long long)need,
				  (unsigned long long)s->avail);
	return 0;
}

/* DESTDIR: made 0700 when missing; a finished save stays without -f. */
static int prepare_dest(struct save *s, struct fa_err *e)
{
	char m[4096];
	struct stat st;
	int ret;

	if (lstat(s->dest, &st)) {
		if (errno != ENOENT)
			return fa_err_errno(e, s->dest);
		if (mkdir(s->dest, 0700))
			return fa_err_errno(e, s->dest);
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return fa_err_set(e, FA_EINVAL, "%s: not a directory", s->dest);
	if ((ret = dest_path(s, "manifest", m, sizeof(m), e)))
		return ret;
	if (!s->force && !lstat(m, &st))
		return fa_err_set(e, FA_EINVAL, "%s: holds a finished save (manifest); -f replaces it",
				  s->dest);
	/* the only copy of memory an interrupted phyp save gave back */
	if ((ret = dest_path(s, "vmcore.partial", m, sizeof(m), e)))
		return ret;
	if (!lstat(m, &st))
		return fa_err_set(e, FA_EINVAL, "%s: holds pages an interrupted save released; move it away first",
				  m);
	if (access(s->dest, W_OK | X_OK))
		return fa_err_errno(e, s->dest);
	return 0;
}

/* Everything is durable: release_core, release_mem, or the rest of phyp. */
static int release_all(struct save *s, struct fa_err *e)
{
	switch (s->r.kind) {
	case FA_SAVE_PHYP:
		return release_upto(s, UINT64_MAX, e);
	case FA_SAVE_POWERNV:
		if (do_release(s, "sys/firmware/opal/mpipl/release_core", "1",
			       UINT64_MAX, e))
			return e->code;
		/* fall through */
	case FA_SAVE_PSERIES:
		return do_release(s, "sys/kernel/fadump/release_mem", "1",
				  UINT64_MAX, e);
	default:
		return 0;
	}
}

static void print_json(const struct save *s, const char *status,
		       const struct fa_err *e)
{
	struct fa_json j;
	size_t i, off;

	fa_json_init(&j, stdout);
	fa_json_object_begin(&j, NULL);
	fa_json_str(&j, "schema", "fadump-analyze/save/1");
	fa_json_str(&j, "status", status);
	if (e && e->code)
		fa_json_str(&j, "error", e->msg);
	fa_json_str(&j, "root", s->root);
	fa_json_str(&j, "dest", s->dest);
	fa_json_str(&j, "dump", fa_save_kind_name(s->r.kind));
	fa_json_bool(&j, "model_root", s->r.model);
	fa_json_object_begin(&j, "vmcore");
	fa_json_str(&j, "format", s->elf ? "ELF" : "kdump-compressed");
	if (!s->elf) {
		fa_json_str(&j, "compression",
			    fa_convert_compress_name(s->co.compress));
		fa_json_u64(&j, "dump_level", (uint64_t)s->co.dump_level);
		fa_json_u64(&j, "pages_dumped", s->st.dumped);
	}
	fa_json_object_end(&j);
	fa_json_object_begin(&j, "space");
	fa_json_u64(&j, "needed_worst_case", s->need);
	fa_json_u64(&j, "available", s->avail);
	fa_json_object_end(&j);
	fa_json_array_begin(&j, "files");
	for (off = 0; off < s->files_len; off += strlen(s->files + off) + 1)
		fa_json_str(&j, NULL, s->files + off);
	fa_json_array_end(&j);
	fa_json_bool(&j, "released_nothing", s->nrel == 0);
	fa_json_array_begin(&j, "releases");
	for (i = 0; i < s->nrel; i++) {
		fa_json_object_begin(&j, NULL);
		fa_json_str(&j, "file", s->rel[i].file);
		fa_json_str(&j, "value", s->rel[i].value);
		if (s->rel[i].durable != UINT64_MAX)
			fa_json_hex(&j, "durable_below", s->rel[i].durable);
		else
			fa_json_str(&j, "durable_below", "all");
		fa_json_bool(&j, "during_save", s->rel[i].during);
		fa_json_object_end(&j);
	}
	fa_json_array_end(&j);
	fa_json_object_end(&j);
	fa_json_finish(&j);
}

/* The one error line, saying what was released and what stays where. */
static int fail(struct save *s, struct fa_err *e)
{
	char where[FA_ERR_MSG_MAX];

	if (!s->nrel && s->saved)
		snprintf(where, sizeof(where), "%.200s is complete; nothing released, the memory stays reserved",
			 s->dest);
	else if (!s->nrel)
		snprintf(where, sizeof(where), "nothing released, the dump stays in %.300s",
			 s->r.vmcore);
	else
		snprintf(where, sizeof(where), "%zu release writes done, their pages are in %.200s; the rest stays reserved in %.200s",
			 s->nrel, s->partial[0] ? s->partial : s->dest,
			 s->r.vmcore);
	if (s->json)
		print_json(s, "failed", e);
	fa_err_prefix(e, "save: ");
	snprintf(e->msg + strlen(e->msg), sizeof(e->msg) - strlen(e->msg),
		 " (%s)", where);
	return fa_cli_error(NULL, e);
}

static int run(struct save *s)
{
	struct fa_dump *d = NULL;
	struct fa_err e = { 0 };
	struct stat st;
	char rr[4096];
	uint8_t *text = NULL;
	size_t tlen;
	int ret;

	if (fa_save_detect(s->root, &s->r, &e))
		return fa_cli_error(NULL, &e);
	s->sys.root = s->root;
	s->sys.model = s->r.model;
	if (s->r.kind == FA_SAVE_NONE) {
		if (s->json)
			print_json(s, "no-dump", NULL);
		else
			say(s, "%s: no active dump (no %s): nothing to save, nothing released",
			    s->root, s->r.vmcore);
		return FA_EXIT_OK;
	}
	say(s, "%s: %s%s", s->root, fa_save_kind_name(s->r.kind),
	    s->r.model ? " (capture root written by fadump-kernel)" : "");
	if (s->r.kind == FA_SAVE_PHYP && !s->no_release) {
		snprintf(rr, sizeof(rr), "%s/sys/kernel/release_region", s->root);
		if (fa_read_file(rr, &text, &tlen, 1 << 16, &e) ||
		    fa_save_phyp_plan((char *)text, tlen, s->chunk, &s->plan,
				      &s->nplan, &e)) {
			free(text);
			return fail(s, &e);
		}
		free(text);
		s->co.durable_pfns = s->chunk / 4 / 4096 ? s->chunk / 4 / 4096 : 1;
	}
	/* A damaged vmcore stops the save before anything is written. */
	if (fa_dump_open(s->root, 0, &d, &e) ||
	    (!s->elf && d->format != FA_DUMP_ELF &&
	     fa_err_set(&e, FA_EUNSUP, "%s: %s, not an ELF vmcore", d->file,
			fa_dump_format_name(d->format)))) {
		ret = fail(s, &e);
		goto out;
	}
	/*
	 * Sync four times per piece: a piece is due one page past its end,
	 * so syncing once per piece would hand it back a whole piece late.
	 */
	if (d->page_size && s->chunk / 4 / d->page_size)
		s->co.durable_pfns = s->chunk / 4 / d->page_size;
	if ((ret = check_space(s, d, &e)) || (ret = prepare_dest(s, &e))) {
		ret = fail(s, &e);
		goto out;
	}
	if ((ret = save_metadata(s, &e)) || (ret = save_dmesg(s, d, &e))) {
		ret = fail(s, &e);
		goto out;
	}
	say(s, "wrote the metadata and vmcore-dmesg.txt");
	if (s->r.opalcore[0]) {
		char dst[4096];

		if ((ret = dest_path(s, "opalcore", dst, sizeof(dst), &e)) ||
		    (ret = fa_save_copy_file(s->r.opalcore, dst, s->force, &e)) ||
		    (ret = note_file(s, "opalcore", &e))) {
			ret = fail(s, &e);
			goto out;
		}
		say(s, "wrote opalcore");
	}
	if ((ret = save_vmcore(s, &e))) {
		ret = fail(s, &e);
		goto out;
	}
	say(s, "wrote vmcore (%s)",
	    s->elf ? "ELF" : fa_convert_compress_name(s->co.compress));
	if ((ret = save_manifest(s, &e)) ||
	    (ret = fa_save_fsync_dir(s->dest, &e))) {
		ret = fail(s, &e);
		goto out;
	}
	/* the vmcore is complete under its name: the second name goes */
	if (s->partial[0] && !stat(s->partial, &st) && unlink(s->partial) == 0)
		fa_save_fsync_dir(s->dest, &e);
	s->saved = 1;
	say(s, "wrote manifest: %s is complete", s->dest);
	if (!s->no_release && (ret = release_all(s, &e))) {
		ret = fail(s, &e);
		goto out;
	}
	if (s->json)
		print_json(s, "saved", NULL);
	else if (s->no_release)
		say(s, "--no-release: the memory stays reserved");
	ret = FA_EXIT_OK;
out:
	fa_dump_close(d);
	return ret;
}

int cmd_save(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "elf", no_argument, NULL, 'E' },
		{ "force", no_argument, NULL, 'f' },
		{ "no-release", no_argument, NULL, 'N' },
		{ "release-chunk", required_argument, NULL, 'C' },
		{ "kernel-model", required_argument, NULL, 'K' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct save s;
	char modelbuf[4096];
	const char *model = NULL, *env;
	char *end;
	long lvl;
	int c, ret;

	memset(&s, 0, sizeof(s));
	s.co.compress = FA_DUMP_DH_COMPRESSED_LZO;
	s.co.dump_level = 31;
	s.co.nthreads = 1;
	s.chunk = SAVE_CHUNK_DEFAULT;
	while ((c = getopt_long(argc, argv, "clpzd:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': s.co.compress = FA_DUMP_DH_COMPRESSED_ZLIB; break;
		case 'l': s.co.compress = FA_DUMP_DH_COMPRESSED_LZO; break;
		case 'p': s.co.compress = FA_DUMP_DH_COMPRESSED_SNAPPY; break;
		case 'z': s.co.compress = FA_DUMP_DH_COMPRESSED_ZSTD; break;
		case 'd':
			errno = 0;
			lvl = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || lvl < 0 || lvl > 31)
				return fa_cli_usage_error("save", "-d: expected a dump level 0..31, got '%s'",
							  optarg);
			s.co.dump_level = (int)lvl;
			break;
		case 'E': s.elf = 1; break;
		case 'f': s.force = 1; break;
		case 'N': s.no_release = 1; break;
		case 'C':
			if (parse_size(optarg, &s.chunk))
				return fa_cli_usage_error("save", "--release-chunk: expected a size, got '%s'",
							  optarg);
			break;
		case 'K': model = optarg; break;
		case 'j': s.json = 1; break;
		case 'h': usage(stdout); return FA_EXIT_OK;
		default:
			return fa_cli_bad_option("save", "clpzd:fh", argv);
		}
	}
	if (argc - optind == 1) {
		s.root = "/";
		s.dest = argv[optind];
	} else if (argc - optind == 2) {
		s.root = argv[optind];
		s.dest = argv[optind + 1];
	} else {
		return fa_cli_usage_error("save", "expected [ROOT] DESTDIR");
	}
	if (!model && (env = getenv("FA_KERNEL")) && *env)
		model = env;
	if (!model)
		model = fa_save_model_bin(modelbuf, sizeof(modelbuf));
	s.sys.model_bin = model;
	env = getenv("FA_SAVE_TEST_KILL_AFTER");
	s.kill_after = env ? strtol(env, NULL, 10) : 0;
	s.tty = isatty(STDOUT_FILENO) && !s.json;
	ret = run(&s);
	free(s.files);
	free(s.plan);
	return ret;
}
