// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_opalcore.c - `fadump-analyze opalcore FILE`: what a PowerNV capture
 * kernel's /sys/firmware/opal/mpipl/core holds (opal-core.c):
 *   - regions: PT_LOADs with p_paddr relative to the first region and
 *     p_vaddr = OPAL base + p_paddr;
 *   - threads: one NT_PRSTATUS per active thread, pr_pid = 100 + PIR, the
 *     crashing thread's in the first slot with pr_cursig SIGUSR1 (kernel
 *     initiated) or SIGTERM;
 *   - NT_AUXV: AT_ENTRY = the OPAL boot entry.
 * Everything in the file is big-endian.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "dump.h"
#include "elfcore.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "regs.h"
#include "prstatus.h"
#include "report.h"

#define NT_AUXV			6
#define AT_NULL			0
#define AT_ENTRY		9
#define OPAL_PID_BASE		100	/* "overload PID with PIR", +100 */
#define SIG_USR1		10
#define SIG_TERM		15

struct oc_thread {
	int64_t pir;		/* -1: the slot holds no PIR (quirk) */
	int cursig;
	uint64_t regs[FA_PRSTATUS_MAX_REGS];
};

struct opalcore {
	struct oc_thread *t;
	size_t nt;
	int have_entry;
	uint64_t entry;
	int have_base;
	uint64_t base;
	int base_mismatch;
	int64_t crashing;	/* thread index, -1 none */
	int ncrashing;
};

static int parse_auxv(const struct fa_note *n, struct opalcore *oc,
		      struct fa_err *e)
{
	size_t i;

	/* Pairs of u64; the kernel ends with a lone AT_NULL (24 bytes). */
	if (n->descsz % 8)
		return fa_err_set(e, FA_ECORRUPT,
				  "NT_AUXV note at %#zx: %u bytes, not a multiple of 8",
				  n->offset, n->descsz);
	for (i = 0; i + 16 <= n->descsz; i += 16) {
		uint64_t type = fa_get64(n->desc + i, FA_BE);

		if (type == AT_NULL)
			break;
		if (type == AT_ENTRY) {
			oc->have_entry = 1;
			oc->entry = fa_get64(n->desc + i + 8, FA_BE);
		}
	}
	return 0;
}

static int parse_notes(const struct fa_dump *d, struct opalcore *oc,
		       struct fa_err *e)
{
	struct fa_prstatus p;
	struct fa_note n;
	size_t pos = 0, cap = 0;
	int ret;

	while ((ret = fa_note_next(d->notes, d->notes_len, FA_BE, &pos, &n,
				   e)) == 1) {
		if (!fa_note_name_is(&n, FA_NN_CORE))
			continue;
		if (n.type == NT_AUXV) {
			ret = parse_auxv(&n, oc, e);
			if (ret)
				return ret;
			continue;
		}
		if (n.type != FA_NT_PRSTATUS)
			continue;
		ret = fa_prstatus_decode(n.desc, n.descsz, FA_BE, d->machine, &p, e);
		if (ret)
			return fa_err_prefix(e, "NT_PRSTATUS at note offset %#zx: ",
					     n.offset);
		if (oc->nt == cap) {
			void *q;

			cap = cap ? 2 * cap : 16;
			q = realloc(oc->t, cap * sizeof(*oc->t));
			if (!q)
				return fa_err_set(e, FA_ENOMEM, "out of memory");
			oc->t = q;
		}
		oc->t[oc->nt].pir = p.pid >= OPAL_PID_BASE ? p.pid - OPAL_PID_BASE : -1;
		oc->t[oc->nt].cursig = p.cursig;
		memcpy(oc->t[oc->nt].regs, p.reg, sizeof(p.reg));
		if (p.cursig && p.pid >= OPAL_PID_BASE) {
			if (oc->crashing < 0)
				oc->crashing = (int64_t)oc->nt;
			oc->ncrashing++;
		}
		oc->nt++;
	}
	return ret < 0 ? fa_err_prefix(e, "ELF notes: ") : 0;
}

static void find_base(const struct fa_dump *d, struct opalcore *oc)
{
	size_t i;

	for (i = 0; i < d->nranges; i++) {
		uint64_t b = d->ranges[i].vaddr - d->ranges[i].paddr;

		if (!oc->have_base) {
			oc->have_base = 1;
			oc->base = b;
		} else if (b != oc->base) {
			oc->base_mismatch = 1;
		}
	}
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case 0: return "-";
	case SIG_USR1: return "SIGUSR1";
	case SIG_TERM: return "SIGTERM";
	}
	return "other";
}

static void print_text(const struct fa_dump *d, const struct opalcore *oc,
		       int regs, FILE *f)
{
	static const char *const rh[] = { "#", "File offset", "Rel. addr",
					  "Address", "Size" };
	static const int ra[] = { FA_RIGHT, FA_RIGHT, FA_RIGHT, FA_RIGHT, FA_RIGHT };
	static const char *const th[] = { "PIR", "Signal", "NIP", "LR", "R1" };
	static const int ta[] = { FA_RIGHT, FA_LEFT, FA_RIGHT, FA_RIGHT, FA_RIGHT };
	char a[FA_HEX_LEN], b[FA_HEX_LEN], c[FA_HEX_LEN], s[FA_SIZE_LEN];
	struct fa_table t;
	size_t i;

	fa_rpt_kv(f, 18, "OPAL base", "%s%s", oc->have_base ?
		  fa_rpt_hex(a, oc->base) : "unknown (no PT_LOAD)",
		  oc->base_mismatch ? " (regions disagree: p_vaddr - p_paddr differs)" : "");
	fa_rpt_kv(f, 18, "OPAL boot entry", "%s", oc->have_entry ?
		  fa_rpt_hex(a, oc->entry) : "unknown (no AT_ENTRY in NT_AUXV)");
	if (oc->crashing >= 0)
		fa_rpt_kv(f, 18, "Crashing PIR", "%s (%s: %s)",
			  fa_rpt_hex(a, (uint64_t)oc->t[oc->crashing].pir),
			  sig_name(oc->t[oc->crashing].cursig),
			  oc->t[oc->crashing].cursig == SIG_USR1 ?
			  "kernel-initiated" : "not kernel-initiated");
	else
		fa_rpt_kv(f, 18, "Crashing PIR", "none marked");
	if (oc->ncrashing > 1)
		fprintf(f, "warning: %d threads carry a signal; the first is taken\n",
			oc->ncrashing);
	if (oc->nt && oc->t[0].pir < 0)
		fprintf(f, "warning: note slot 0 holds no PIR: no thread matched the crashing PIR (its bytes are unspecified)\n");
	fa_rpt_kv(f, 18, "Threads", "%zu", oc->nt);
	fa_rpt_kv(f, 18, "Regions", "%zu", d->nranges);

	fprintf(f, "\n");
	fa_table_init(&t, 5, rh, ra);
	for (i = 0; i < d->nranges; i++) {
		const struct fa_dump_range *r = &d->ranges[i];
		char o[FA_HEX_LEN];

		fa_table_row(&t, "%zu\t%s\t%s\t%s\t%s", i, fa_rpt_hex(o, r->offset),
			     fa_rpt_hex(a, r->paddr), fa_rpt_hex(b, r->vaddr),
			     fa_rpt_size(s, r->size));
	}
	fa_table_print(&t, f);
	fa_table_free(&t);

	fprintf(f, "\n");
	fa_table_init(&t, 5, th, ta);
	for (i = 0; i < oc->nt; i++) {
		const struct oc_thread *x = &oc->t[i];
		char p[FA_HEX_LEN];

		fa_table_row(&t, "%s\t%s\t%s\t%s\t%s",
			     x->pir >= 0 ? fa_rpt_hex(p, (uint64_t)x->pir) : "?",
			     sig_name(x->cursig), fa_rpt_hex(a, x->regs[FA_PT_NIP]),
			     fa_rpt_hex(b, x->regs[FA_PT_LINK]),
			     fa_rpt_hex(c, x->regs[FA_PT_R1]));
	}
	fa_table_print(&t, f);
	fa_table_free(&t);
	if (!regs)
		return;
	for (i = 0; i < oc->nt; i++) {
		fprintf(f, "\nPIR %s\n", oc->t[i].pir >= 0 ?
			fa_rpt_hex(a, (uint64_t)oc->t[i].pir) : "?");
		/* OPAL's own addresses: no kernel symbols to give */
		fa_regs_print(f, oc->t[i].regs, FA_REGS_ALL, NULL);
	}
}

static int print_json(const struct fa_dump *d, const struct opalcore *oc,
		      FILE *f)
{
	struct fa_json j;
	size_t i;
	unsigned int k;

	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	fa_json_str(&j, "schema", "fadump-analyze/opalcore/1");
	if (oc->have_base)
		fa_json_hex(&j, "opal_base", oc->base);
	else
		fa_json_null(&j, "opal_base");
	fa_json_bool(&j, "base_consistent", !oc->base_mismatch);
	if (oc->have_entry)
		fa_json_hex(&j, "opal_boot_entry", oc->entry);
	else
		fa_json_null(&j, "opal_boot_entry");
	if (oc->crashing >= 0) {
		fa_json_u64(&j, "crashing_pir", (uint64_t)oc->t[oc->crashing].pir);
		fa_json_bool(&j, "kernel_initiated",
			     oc->t[oc->crashing].cursig == SIG_USR1);
	} else {
		fa_json_null(&j, "crashing_pir");
		fa_json_null(&j, "kernel_initiated");
	}
	fa_json_array_begin(&j, "regions");
	for (i = 0; i < d->nranges; i++) {
		fa_json_object_begin(&j, NULL);
		fa_json_hex(&j, "offset", d->ranges[i].offset);
		fa_json_hex(&j, "rel_addr", d->ranges[i].paddr);
		fa_json_hex(&j, "vaddr", d->ranges[i].vaddr);
		fa_json_u64(&j, "size", d->ranges[i].size);
		fa_json_object_end(&j);
	}
	fa_json_array_end(&j);
	fa_json_array_begin(&j, "threads");
	for (i = 0; i < oc->nt; i++) {
		fa_json_object_begin(&j, NULL);
		if (oc->t[i].pir >= 0)
			fa_json_u64(&j, "pir", (uint64_t)oc->t[i].pir);
		else
			fa_json_null(&j, "pir");
		fa_json_u64(&j, "signal", (uint64_t)oc->t[i].cursig);
		fa_json_object_begin(&j, "pt_regs");
		for (k = 0; k < FA_PRSTATUS_MAX_REGS; k++)
			fa_json_hex(&j, fa_pt_reg_name(k), oc->t[i].regs[k]);
		fa_json_object_end(&j);
		fa_json_object_end(&j);
	}
	fa_json_array_end(&j);
	fa_json_object_end(&j);
	return fa_json_finish(&j);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " FA_PROG " opalcore [-r] [--json] FILE|ROOT\n"
		"Inspect an opalcore: the OPAL base and boot entry, its regions, and\n"
		"one row per thread (PIR, signal, NIP, LR, R1), the crashing one marked.\n"
		"FILE is an opalcore (/sys/firmware/opal/mpipl/core); ROOT a capture\n"
		"root directory holding one (ROOT/sys/firmware/opal/mpipl/core, or\n"
		"ROOT/sys/firmware/opal/core).\n"
		"\n"
		"  -r, --regs   every thread's registers\n"
		"      --json   one JSON document (schema fadump-analyze/opalcore/1)\n"
		"  -h, --help   this help\n"
		"\n" FA_HELP_EXIT);
}

int cmd_opalcore(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "regs", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opalcore oc = { .crashing = -1 };
	struct fa_dump *d = NULL;
	struct fa_err e = { 0 };
	int c, json = 0, regs = 0, ret;
	const char *file;
	char path[4096];
	struct stat st;

	while ((c = getopt_long(argc, argv, "rh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': regs = 1; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return FA_EXIT_OK;
		default:
			return fa_cli_bad_option(argv[0], "rh", argv);
		}
	}
	if (optind != argc - 1)
		return fa_cli_usage_error(argv[0], "expected one FILE");
	file = argv[optind];
	/* A capture root: the opalcore it exports, as cpus finds it. */
	if (!stat(file, &st) && S_ISDIR(st.st_mode)) {
		if (fa_root_opalcore(file, path, sizeof(path), &e))
			return fa_cli_error(NULL, &e);
		file = path;
	}
	if (fa_dump_open(file, FA_DUMP_NO_MEMORY, &d, &e))
		return fa_cli_error(file, &e);
	ret = FA_EXIT_INPUT;
	if (d->format != FA_DUMP_OPALCORE) {
		fa_err_set(&e, FA_EMAGIC,
			   "not an opalcore: a %s %s (an opalcore is a big-endian ppc64 core with PIR notes and NT_AUXV)",
			   fa_dump_machine_name(d), fa_dump_format_name(d->format));
		goto fail;
	}
	if (parse_notes(d, &oc, &e))
		goto fail;
	find_base(d, &oc);
	if (json)
		ret = print_json(d, &oc, stdout) ? FA_EXIT_INPUT : FA_EXIT_OK;
	else
		print_text(d, &oc, regs, stdout);
	if (fflush(stdout))
		ret = FA_EXIT_INPUT;
	else if (!json)
		ret = FA_EXIT_OK;
	goto out;
fail:
	ret = fa_cli_error(d->file, &e);
out:
	free(oc.t);
	fa_dump_close(d);
	return ret;
}
