// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_split.c - `fadump-analyze split DUMP -o DIR`: the firmware sections
 * as separate files (0600, through fa_outfile) and a JSON manifest with
 * their addresses, sizes and SHA-256.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "fa_io.h"
#include "fa_outfile.h"
#include "report.h"
#include "sha256.h"

#define CHUNK		(1u << 20)
#define KERNEL_DUMP_REL	"proc/device-tree/rtas/ibm,kernel-dump"
#define FDM_MAX		4096

enum { OPT_FDM = 256 };

static const struct option opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'j' },
	{ "fdm", required_argument, NULL, OPT_FDM },
	{ "force", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* One piece of a file: @len bytes of physical memory at @addr. */
struct piece {
	uint64_t addr;
	uint64_t len;
};

/* One output file and what the manifest says of it. */
struct outf {
	const char *name;		/* file name in DIR */
	const char *section;		/* manifest id */
	uint64_t addr;			/* where it lies (0: not memory) */
	uint64_t size;
	int written;
	const char *missing;		/* why it was not written */
	char sha[FA_SHA256_HEX_LEN];
};

#define MAX_FILES	8

/* Every name split writes into DIR: with -f, DIR may hold only these. */
static const char *const own_names[] = {
	"cpu_state.bin", "hpte.bin", "boot_memory.bin", "crash_info.bin",
	"elfcorehdr.bin", "registration.bin", "opal_metadata.bin", "param.bin",
	"manifest.json", NULL,
};

struct split {
	const struct fa_session *s;
	const char *dir;		/* DIR, as given */
	const char *wdir;		/* where the files go until DIR is complete */
	uint8_t *buf;			/* CHUNK bytes */
	char *manifest;			/* its text, printed once DIR is there */
	size_t manifest_len;
	struct outf f[MAX_FILES];
	int n;
};

static int join(char *buf, size_t size, const char *dir, const char *name,
		struct fa_err *e)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= size)
		return fa_err_set(e, FA_ERANGE, "%s/%s: path too long", dir,
				  name);
	return 0;
}

/*
 * The file's error under the name the user gave: DIR/NAME, not the
 * temporary directory's path (said once, not twice).
 */
static int file_error(const struct split *sp, const char *name,
		      const char *path, struct fa_err *e)
{
	size_t pl = strlen(path);

	if (!strncmp(e->msg, path, pl) && e->msg[pl] == ':' &&
	    e->msg[pl + 1] == ' ')
		memmove(e->msg, e->msg + pl + 2, strlen(e->msg + pl + 2) + 1);
	return fa_err_prefix(e, "%s/%s: ", sp->dir, name);
}

/*
 * Write @np pieces of memory, one after the other, to DIR/@o->name.  All-
 * zero chunks are left as holes, except the last, which sets the size.
 */
static int write_pieces(struct split *sp, struct outf *o,
			const struct piece *p, size_t np, struct fa_err *e)
{
	struct fa_outfile of;
	struct fa_sha256 h;
	uint8_t dg[FA_SHA256_LEN];
	char path[4096];
	uint64_t off = 0, total = 0;
	size_t i;
	int ret;

	for (i = 0; i < np; i++)
		total += p[i].len;
	ret = join(path, sizeof(path), sp->wdir, o->name, e);
	if (!ret)
		ret = fa_outfile_open(&of, path, e);
	if (ret)
		return ret;
	fa_sha256_init(&h);
	for (i = 0; i < np && !ret; i++) {
		uint64_t done = 0;

		while (done < p[i].len && !ret) {
			size_t n = p[i].len - done < CHUNK ?
				   (size_t)(p[i].len - done) : CHUNK;

			ret = fa_dump_read_phys(sp->s->d, p[i].addr + done,
						sp->buf, n, e);
			if (ret)
				break;
			fa_sha256_update(&h, sp->buf, n);
			if (off + n == total || !fa_page_is_zero(sp->buf, n))
				ret = fa_outfile_pwrite(&of, sp->buf, n, off, e);
			off += n;
			done += n;
		}
	}
	if (!ret)
		ret = fa_outfile_commit(&of, e);
	if (ret) {
		fa_outfile_abort(&of);
		return file_error(sp, o->name, path, e);
	}
	fa_sha256_final(&h, dg);
	fa_sha256_hex(dg, o->sha);
	o->size = total;
	o->written = 1;
	return 0;
}

static int write_bytes(struct split *sp, struct outf *o, const void *buf,
		       size_t len, struct fa_err *e)
{
	struct fa_sha256 h;
	uint8_t dg[FA_SHA256_LEN];
	char path[4096];
	int ret;

	ret = join(path, sizeof(path), sp->wdir, o->name, e);
	if (!ret && fa_write_file(path, buf, len, e))
		ret = file_error(sp, o->name, path, e);
	if (ret)
		return ret;
	fa_sha256_init(&h);
	fa_sha256_update(&h, buf, len);
	fa_sha256_final(&h, dg);
	fa_sha256_hex(dg, o->sha);
	o->size = len;
	o->written = 1;
	return 0;
}

static struct outf *add(struct split *sp, const char *name,
			const char *section, uint64_t addr, uint64_t size)
{
	struct outf *o = &sp->f[sp->n++];

	o->name = name;
	o->section = section;
	o->addr = addr;
	o->size = size;
	return o;
}

static int split_area(struct split *sp, const char *name, const char *section,
		      const struct fa_fw_area *a, struct fa_err *e)
{
	struct outf *o;
	struct piece p = { a->addr, a->size };

	if (!a->size)
		return 0;
	o = add(sp, name, section, a->addr, a->size);
	if (!a->in_dump) {
		o->missing = "not in the dump";
		return 0;
	}
	return write_pieces(sp, o, &p, 1, e);
}

/*
 * The boot-memory copy: at its own address when the dump exports it,
 * otherwise through the boot regions, which /proc/vmcore serves from the
 * copy.
 */
static int split_boot(struct split *sp, struct fa_err *e)
{
	const struct fa_fwsections *fw = &sp->s->fw;
	struct piece p[FA_FW_MAX_BOOT];
	struct outf *o;
	unsigned int i;

	if (!fw->nboot)
		return 0;
	o = add(sp, "boot_memory.bin", "boot_copy", fw->boot_mem_dest_addr,
		fw->boot_memory_size);
	if (fw->boot_copy.in_dump) {
		p[0].addr = fw->boot_copy.addr;
		p[0].len = fw->boot_copy.size;
		return write_pieces(sp, o, p, 1, e);
	}
	for (i = 0; i < fw->nboot; i++) {
		p[i].addr = fw->boot[i].src;
		p[i].len = fw->boot[i].size;
		if (!fa_dump_has_phys(sp->s->d, p[i].addr, p[i].len)) {
			o->missing = "boot memory is not in the dump";
			return 0;
		}
	}
	return write_pieces(sp, o, p, fw->nboot, e);
}

/* The registration structure: ibm,kernel-dump / --fdm, or OPAL's. */
static int split_registration(struct split *sp, const char *fdm,
			      struct fa_err *e)
{
	const struct fa_fwsections *fw = &sp->s->fw;
	uint8_t *buf = NULL;
	size_t len;
	struct outf *o;
	int ret;

	if (fw->have_opal_fdm)
		return split_area(sp, "opal_metadata.bin", "opal_metadata",
				  &(struct fa_fw_area){
					.addr = fw->opal_meta.addr,
					.size = FA_OPAL_FDM_SIZE,
					.in_dump = fw->opal_meta.in_dump,
				  }, e);
	if (!fw->have_fdm)
		return 0;
	o = add(sp, "registration.bin", "registration", 0, 0);
	if (fdm)
		ret = fa_read_file(fdm, &buf, &len, FDM_MAX, e);
	else
		ret = fa_dump_root_file(sp->s->d, KERNEL_DUMP_REL, FDM_MAX,
					&buf, &len, e);
	if (!ret)
		ret = write_bytes(sp, o, buf, len, e);
	free(buf);
	return ret;
}

static void manifest_json(struct fa_json *j, const struct split *sp)
{
	const struct fa_fwsections *fw = &sp->s->fw;
	unsigned int i;
	int k;

	fa_json_object_begin(j, NULL);
	fa_json_str(j, "schema", "fadump-analyze/split/1");
	fa_json_str(j, "dump", sp->s->d->path);
	fa_json_str(j, "platform", fa_fw_platform_name(fw->platform));
	fa_json_str(j, "source", fa_fw_source_name(fw->source));
	fa_json_array_begin(j, "files");
	for (k = 0; k < sp->n; k++) {
		const struct outf *o = &sp->f[k];

		fa_json_object_begin(j, NULL);
		fa_json_str(j, "section", o->section);
		fa_json_str(j, "file", o->written ? o->name : NULL);
		if (o->addr || strcmp(o->section, "registration"))
			fa_json_hex(j, "address", o->addr);
		else
			fa_json_null(j, "address");
		fa_json_u64(j, "size", o->size);
		fa_json_str(j, "sha256", o->written ? o->sha : NULL);
		fa_json_str(j, "missing", o->missing);
		fa_json_object_end(j);
	}
	fa_json_array_end(j);
	fa_json_array_begin(j, "boot_regions");
	for (i = 0; i < fw->nboot; i++) {
		fa_json_object_begin(j, NULL);
		fa_json_hex(j, "src", fw->boot[i].src);
		fa_json_hex(j, "dest", fw->boot[i].dest);
		fa_json_u64(j, "size", fw->boot[i].size);
		fa_json_object_end(j);
	}
	fa_json_array_end(j);
	fa_json_object_end(j);
}

static int write_manifest(struct split *sp, struct fa_err *e)
{
	char path[4096];
	char *text = NULL;
	size_t len = 0;
	struct fa_json j;
	FILE *f;
	int ret;

	f = open_memstream(&text, &len);
	if (!f)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	fa_json_init(&j, f);
	manifest_json(&j, sp);
	ret = fa_json_finish(&j);
	fclose(f);
	if (ret) {
		free(text);
		return fa_err_set(e, ret, "manifest: JSON writer failed");
	}
	ret = join(path, sizeof(path), sp->wdir, "manifest.json", e);
	if (!ret && fa_write_file(path, text, len, e))
		ret = file_error(sp, "manifest.json", path, e);
	sp->manifest = text;
	sp->manifest_len = len;
	return ret;
}

static void print_table(const struct split *sp)
{
	static const char *const head[] = { "FILE", "ADDRESS", "SIZE",
					    "SHA256" };
	static const int align[] = { FA_LEFT, FA_RIGHT, FA_RIGHT, FA_LEFT };
	struct fa_table t;
	int k;

	fa_table_init(&t, 4, head, align);
	for (k = 0; k < sp->n; k++) {
		const struct outf *o = &sp->f[k];
		char a[FA_HEX_LEN], z[FA_SIZE_LEN];

		fa_table_row(&t, "%s\t%s\t%s\t%.16s%s", o->name,
			     o->addr ? fa_rpt_hex(a, o->addr) : "-",
			     fa_rpt_size(z, o->size),
			     o->written ? o->sha : "", o->written ? "" :
			     o->missing);
	}
	fa_table_print(&t, stdout);
	fa_table_free(&t);
	printf("\nManifest: %s/manifest.json\n", sp->dir);
}

static int parse_args(int argc, char **argv, const char **dir,
		      const char **fdm, int *json, int *force, const char **dump)
{
	int c;

	*dir = *fdm = *dump = NULL;
	*json = *force = 0;
	while ((c = getopt_long(argc, argv, "o:jfh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			*dir = optarg;
			break;
		case 'j':
			*json = 1;
			break;
		case OPT_FDM:
			*fdm = optarg;
			break;
		case 'f':
			*force = 1;
			break;
		case 'h':
			printf("Usage: " FA_PROG " split [--json] [--fdm FILE] [-f] DUMP -o DIR\n"
			       "Write each firmware section to its own file in DIR (cpu_state.bin,\n"
			       "hpte.bin, boot_memory.bin, crash_info.bin, elfcorehdr.bin,\n"
			       "registration.bin or opal_metadata.bin, param.bin) with\n"
			       "manifest.json; files are 0600, DIR is created 0700.  DIR is written\n"
			       "whole: a temporary directory next to it is renamed DIR once every\n"
			       "file is complete.  An existing DIR must be empty, or with -f hold\n"
			       "nothing but the files split writes; it is never a file or a link.\n"
			       FA_HELP_DUMP
			       "\n"
			       "  -o, --output DIR  the directory to write into (needed)\n"
			       "  -f, --force       replace the files of an earlier split in DIR\n"
			       "  -j, --json        print the manifest (schema\n"
			       "                    fadump-analyze/split/1) instead of a table\n"
			       "      --fdm FILE    registration structure to use when the dump\n"
			       "                    keeps none\n"
			       "  -h, --help        this help\n"
			       "\n" FA_HELP_EXIT);
			return -1;
		default:
			return fa_cli_bad_option("split", "o:jfh", argv);
		}
	}
	if (optind + 1 != argc)
		return fa_cli_usage_error("split", optind >= argc ?
					  "a DUMP is needed" :
					  "exactly one DUMP is expected");
	if (!*dir)
		return fa_cli_usage_error("split", "-o DIR is needed");
	*dump = argv[optind];
	return 0;
}

static int do_split(struct split *sp, const char *fdm, struct fa_err *e)
{
	const struct fa_fwsections *fw = &sp->s->fw;
	int ret;

	if (fw->platform == FA_FW_NONE)
		return fa_err_set(e, FA_ENOENT, "no FADump firmware sections "
				  "in this dump (a plain kdump vmcore?)");
	ret = split_area(sp, "cpu_state.bin", "cpu_state", &fw->cpu_state, e);
	if (!ret)
		ret = split_area(sp, "hpte.bin", "hpte", &fw->hpte, e);
	if (!ret)
		ret = split_boot(sp, e);
	if (!ret)
		ret = split_area(sp, "crash_info.bin", "crash_info",
				 &fw->crash_info, e);
	if (!ret)
		ret = split_area(sp, "elfcorehdr.bin", "elfcorehdr",
				 &fw->elfcorehdr, e);
	if (!ret)
		ret = split_registration(sp, fdm, e);
	if (!ret)
		ret = split_area(sp, "param.bin", "param", &fw->param, e);
	if (!ret)
		ret = write_manifest(sp, e);
	return ret;
}

int cmd_split(int argc, char **argv)
{
	const char *dir, *fdm, *dump;
	struct fa_outrule rule;
	struct fa_outdir od;
	struct fa_session s;
	struct split sp;
	struct fa_err e;
	int json, force, ret;

	ret = parse_args(argc, argv, &dir, &fdm, &json, &force, &dump);
	if (ret)
		return ret < 0 ? FA_EXIT_OK : ret;
	/* DIR is checked, and its temporary made, before the dump is read. */
	ret = fa_cli_output_rule(&rule, force, dump, NULL);
	if (ret)
		return ret;
	if (fa_outdir_open(&od, dir, &rule, own_names, &e))
		return fa_cli_error(NULL, &e);
	ret = fa_cli_open(dump, fdm, 0, &s);
	if (ret) {
		fa_outdir_abort(&od);
		return ret;
	}
	memset(&sp, 0, sizeof(sp));
	sp.s = &s;
	sp.dir = dir;
	sp.wdir = od.tmp;
	sp.buf = malloc(CHUNK);
	if (!sp.buf) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		ret = fa_cli_error(dump, &e);
		goto out;
	}
	if (do_split(&sp, fdm, &e)) {
		/* An error about DIR names DIR, not the dump. */
		ret = fa_cli_error(strncmp(e.msg, dir, strlen(dir)) ? dump : NULL,
				   &e);
		goto out;
	}
	if (fa_outdir_commit(&od, &e)) {
		ret = fa_cli_error(NULL, &e);
		goto out;
	}
	if (json)
		fwrite(sp.manifest, 1, sp.manifest_len, stdout);
	else
		print_table(&sp);
out:
	fa_outdir_abort(&od);
	free(sp.manifest);
	free(sp.buf);
	fa_cli_close(&s);
	return ret;
}
