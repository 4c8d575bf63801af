// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_regions.c - `fadump-analyze regions DUMP`: every region of the dump,
 * the kernel's fadump_region text rebuilt from it (--kernel-format), and
 * cross-checks against the capture root's fadump_region and a given
 * registration structure (--fdm) or region file (--region-file).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kfwdump.h"
#include "regions.h"
#include "symbolize.h"
#include "report.h"

#define REGION_REL	"sys/kernel/debug/powerpc/fadump_region"
#define TEXT_MAX	(1u << 20)

enum { OPT_FDM = 256, OPT_REGION_FILE, OPT_KERNEL_FORMAT, OPT_VMLINUX };

static const struct option opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "kernel-format", no_argument, NULL, OPT_KERNEL_FORMAT },
	{ "fdm", required_argument, NULL, OPT_FDM },
	{ "region-file", required_argument, NULL, OPT_REGION_FILE },
	{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	int json;
	int kernel_format;
	const char *fdm;
	const char *region_file;
	const char *vmlinux;
	const char *dump;
};

/* One cross-check: what was compared and what disagreed. */
struct check {
	char against[4096];
	int done;			/* 0: nothing to compare with */
	char not_compared[160];		/* why nothing was compared, or "" */
	unsigned int ndiff;
	struct fa_text diff;		/* one line per disagreement */
};

#define MAX_CHECKS	2

static int parse_args(int argc, char **argv, struct args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->json = 1;
			break;
		case OPT_KERNEL_FORMAT:
			a->kernel_format = 1;
			break;
		case OPT_FDM:
			a->fdm = optarg;
			break;
		case OPT_REGION_FILE:
			a->region_file = optarg;
			break;
		case OPT_VMLINUX:
			a->vmlinux = optarg;
			break;
		case 'h':
			printf("Usage: " FA_PROG " regions [--json] [--kernel-format] [--fdm FILE]\n"
			       "         [--region-file FILE] [--vmlinux FILE] DUMP\n"
			       "Every physical region in address order: boot memory (and where\n"
			       "firmware copied it), the parts of the reserved area, the PARAM\n"
			       "area, other memory, holes; cross-checked against the capture\n"
			       "root's fadump_region and a registration structure.\n"
			       FA_HELP_DUMP
			       "\n"
			       "  -j, --json              one JSON document (schema\n"
			       "                          fadump-analyze/regions/1)\n"
			       "      --kernel-format     print the capture kernel's fadump_region\n"
			       "                          text instead, rebuilt from the dump (with\n"
			       "                          --vmlinux: the crashed kernel's own)\n"
			       "      --fdm FILE          registration structure to check against\n"
			       "                          (the source when the dump keeps none)\n"
			       "      --region-file FILE  fadump_region text to check against\n"
			       "                          (default ROOT/sys/kernel/debug/powerpc/\n"
			       "                          fadump_region)\n"
			       "      --vmlinux FILE      the crashed kernel's vmlinux with DWARF:\n"
			       "                          the regions from its fw_dump and fdm in\n"
			       "                          the dump (what a mainline vmcore keeps);\n"
			       "                          refused unless it is the dump's kernel;\n"
			       "                          checked against --region-file only\n"
			       "  -h, --help              this help\n"
			       "\n"
			       "A cross-check that finds a disagreement exits 1.\n"
			       FA_HELP_EXIT);
			return -1;
		default:
			return fa_cli_bad_option("regions", "jh", argv);
		}
	}
	if (optind + 1 != argc)
		return fa_cli_usage_error("regions", optind >= argc ?
					  "a DUMP is needed" :
					  "exactly one DUMP is expected");
	a->dump = argv[optind];
	return 0;
}

/* Compare our fadump_region view with a region file's text. */
static int check_region_file(const struct fa_session *s, const char *path,
			     const struct fa_region_show *ours, int have_ours,
			     struct check *c, struct fa_err *e)
{
	struct fa_region_show theirs;
	uint8_t *buf;
	size_t len;
	int ret;

	ret = fa_read_file(path, &buf, &len, TEXT_MAX, e);
	if (ret)
		return fa_err_prefix(e, "%s: ", path);
	snprintf(c->against, sizeof(c->against), "%s", path);
	c->done = 1;
	ret = fa_region_parse((const char *)buf, len, FA_REGION_NONE, &theirs,
			      e);
	free(buf);
	if (ret)
		return fa_err_prefix(e, "%s: ", path);
	if (theirs.form == FA_REGION_NONE && have_ours) {
		fa_kprintf(&c->diff, "%s is empty (fadump not enabled), the "
			   "dump has %s sections\n", path,
			   fa_fw_platform_name(s->fw.platform));
		c->ndiff++;
	} else if (!have_ours && theirs.form != FA_REGION_NONE) {
		/*
		 * Nothing contradicts the file: the registration structure
		 * was not kept in the dump (pre-6.10 vmcores), and the
		 * sections may even have been read from this very file.
		 */
		snprintf(c->not_compared, sizeof(c->not_compared),
			 "it lists %u sections and the dump keeps no "
			 "registration structure to compare them with",
			 theirs.nr);
	} else if (have_ours) {
		c->ndiff += fa_region_show_compare(ours, "the dump", &theirs,
						   path, &c->diff);
	}
	fa_region_show_free(&theirs);
	return 0;
}

/* Compare the sections found in the dump with a --fdm structure. */
static int check_fdm(const struct fa_session *s, const char *path,
		     const struct fa_region_show *ours, struct check *c,
		     struct fa_err *e)
{
	struct fa_fwsections *other;
	struct fa_region_show theirs;
	int ret;

	other = malloc(sizeof(*other));
	if (!other)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	ret = fa_fwsections_find(s->d, path, other, e);
	if (!ret)
		ret = fa_region_show_from_fw(s->d, other, &theirs, e);
	free(other);
	if (ret)
		return ret;
	snprintf(c->against, sizeof(c->against), "%s", path);
	c->done = 1;
	c->ndiff += fa_region_show_compare(ours, s->fw.source_detail, &theirs,
					   path, &c->diff);
	fa_region_show_free(&theirs);
	return 0;
}

static void json_sections(struct fa_json *j, const struct fa_region_show *v)
{
	unsigned int i;

	fa_json_array_begin(j, "sections");
	for (i = 0; i < v->nr; i++) {
		const struct fa_region_sect *x = &v->sect[i];

		fa_json_object_begin(j, NULL);
		fa_json_u64(j, "type", x->type);
		fa_json_hex(j, "src", x->src);
		fa_json_hex(j, "dest", x->dest);
		fa_json_u64(j, "size", x->size);
		fa_json_u64(j, "dumped", x->dumped);
		fa_json_object_end(j);
	}
	fa_json_array_end(j);
}

static void json_checks(struct fa_json *j, const struct check *c, int n)
{
	int i;

	fa_json_array_begin(j, "cross_checks");
	for (i = 0; i < n; i++) {
		const char *p, *nl;

		if (!c[i].done)
			continue;
		fa_json_object_begin(j, NULL);
		fa_json_str(j, "against", c[i].against);
		if (c[i].not_compared[0]) {
			fa_json_null(j, "agrees");
			fa_json_str(j, "not_compared", c[i].not_compared);
		} else {
			fa_json_bool(j, "agrees", c[i].ndiff == 0);
		}
		fa_json_array_begin(j, "disagreements");
		for (p = c[i].diff.buf; p && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				break;
			fa_json_strn(j, NULL, p, (size_t)(nl - p));
		}
		fa_json_array_end(j);
		fa_json_object_end(j);
	}
	fa_json_array_end(j);
}

static int output(const struct args *a, const struct fa_session *s,
		  const struct fa_map *map, const struct fa_region_show *v,
		  int have_v, const struct fa_text *ktext,
		  const struct check *c, int nc)
{
	struct fa_json j;
	char h[FA_HEX_LEN];
	int i;

	if (a->json) {
		fa_json_init(&j, stdout);
		fa_json_object_begin(&j, NULL);
		fa_json_str(&j, "schema", "fadump-analyze/regions/1");
		fa_json_str(&j, "platform", fa_fw_platform_name(s->fw.platform));
		fa_json_str(&j, "source", s->fw.platform == FA_FW_NONE ? NULL :
			    fa_fw_source_name(s->fw.source));
		fa_json_hex(&j, "boot_mem_top", s->fw.boot_mem_top);
		fa_map_json(map, &j, "regions");
		if (have_v)
			json_sections(&j, v);
		fa_json_str(&j, "kernel_format", ktext->buf);
		json_checks(&j, c, nc);
		fa_json_object_end(&j);
		return fa_json_finish(&j) ? FA_EXIT_INPUT : FA_EXIT_OK;
	}
	if (a->kernel_format) {
		fwrite(ktext->buf ? ktext->buf : "", 1, ktext->len, stdout);
	} else {
		printf("%s, sections from %s", fa_fw_platform_name(s->fw.platform),
		       fa_fw_source_name(s->fw.source));
		if (s->fw.nboot)
			printf(", boot_mem_top %s", fa_rpt_hex(h, s->fw.boot_mem_top));
		printf("\n\n");
		fa_map_print(map, stdout);
	}
	for (i = 0; i < nc; i++) {
		FILE *f = a->kernel_format ? stderr : stdout;

		if (!c[i].done)
			continue;
		if (c[i].not_compared[0]) {
			if (!a->kernel_format)
				fprintf(f, "\nNot compared with %s: %s\n",
					c[i].against, c[i].not_compared);
			continue;
		}
		if (!c[i].ndiff) {
			if (!a->kernel_format)
				fprintf(f, "\nAgrees with %s\n", c[i].against);
			continue;
		}
		fprintf(f, "%s%u disagreement%s with %s:\n",
			a->kernel_format ? FA_PROG ": " : "\n", c[i].ndiff,
			c[i].ndiff == 1 ? "" : "s", c[i].against);
		fputs(c[i].diff.buf, f);
	}
	return ferror(stdout) ? FA_EXIT_INPUT : FA_EXIT_OK;
}

int cmd_regions(int argc, char **argv)
{
	struct check checks[MAX_CHECKS];
	struct fa_region_show view;
	struct fa_text ktext;
	struct fa_session s;
	struct fa_map map;
	struct fa_err e;
	struct args a;
	char path[4096];
	int ret, have_v, i, nc = 0;
	unsigned int ndiff = 0;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret < 0 ? FA_EXIT_OK : ret;
	ret = fa_cli_open(a.dump, NULL, FA_DUMP_TRUNCATED_OK, &s);
	if (ret)
		return ret;
	/* --fdm is the source when the dump has no structure of its own. */
	if (a.fdm && !s.fw.have_fdm && !s.fw.have_opal_fdm) {
		fa_cli_close(&s);
		ret = fa_cli_open(a.dump, a.fdm, FA_DUMP_TRUNCATED_OK, &s);
		if (ret)
			return ret;
	}
	if (a.vmlinux) {
		ret = fa_kfwdump_session(&s, a.vmlinux, 0);
		if (ret) {
			fa_cli_close(&s);
			return ret;
		}
	}
	memset(checks, 0, sizeof(checks));
	for (i = 0; i < MAX_CHECKS; i++)
		fa_text_init(&checks[i].diff);
	fa_text_init(&ktext);
	memset(&view, 0, sizeof(view));
	if (fa_map_build(s.d, &s.fw, &map, &e)) {
		ret = fa_cli_error(a.dump, &e);
		goto out;
	}
	have_v = !fa_region_show_from_fw(s.d, &s.fw, &view, &e);
	if (a.kernel_format) {
		if (!have_v) {
			ret = fa_cli_error(a.dump, &e);
			goto out_map;
		}
		if (fa_region_render(&view, &ktext, &e)) {
			ret = fa_cli_error(a.dump, &e);
			goto out_map;
		}
	}
	/*
	 * The root's fadump_region is the capture kernel's (firmware's
	 * results); --vmlinux shows the crashed kernel's: compare only with
	 * a --region-file given.
	 */
	if (a.region_file) {
		snprintf(path, sizeof(path), "%s", a.region_file);
	} else if (a.vmlinux ||
		   fa_dump_root_path(s.d, REGION_REL, path, sizeof(path), &e) ||
		   access(path, F_OK)) {
		path[0] = '\0';
	}
	if (path[0] && check_region_file(&s, path, &view, have_v,
					 &checks[nc++], &e)) {
		ret = fa_cli_error(NULL, &e);
		goto out_map;
	}
	if (a.fdm && s.fw.source != FA_FWSRC_FDM_FILE && have_v &&
	    check_fdm(&s, a.fdm, &view, &checks[nc++], &e)) {
		ret = fa_cli_error(a.fdm, &e);
		goto out_map;
	}
	ret = output(&a, &s, &map, &view, have_v, &ktext, checks, nc);
	if (!a.json && !a.kernel_format && !a.vmlinux && fa_kfwdump_needed(&s))
		printf("\nNote: %s\n", s.fw.notes[s.fw.nnotes - 1]);
	for (i = 0; i < nc; i++)
		ndiff += checks[i].ndiff;
	if (!ret && ndiff)
		ret = FA_EXIT_INPUT;
out_map:
	fa_map_free(&map);
out:
	fa_region_show_free(&view);
	fa_text_free(&ktext);
	for (i = 0; i < MAX_CHECKS; i++)
		fa_text_free(&checks[i].diff);
	fa_cli_close(&s);
	return ret;
}
