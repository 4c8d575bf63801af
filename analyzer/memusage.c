// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memusage.c - `convert --mem-usage` (see memusage.h).
 */
#include <string.h>

#include "cmd.h"
#include "diskdump.h"
#include "memusage.h"

/* Pages of the classes level @dl excludes (zero pages: see below). */
static uint64_t excluded_at(const struct fa_convert_stats *st, int dl)
{
	uint64_t n = 0;

	if (dl & (FA_DL_EXCLUDE_CACHE | FA_DL_EXCLUDE_CACHE_PRI))
		n += st->excluded[FA_PF_CACHE];
	if (dl & FA_DL_EXCLUDE_CACHE_PRI)
		n += st->excluded[FA_PF_CACHE_PRIVATE];
	if (dl & FA_DL_EXCLUDE_USER_DATA)
		n += st->excluded[FA_PF_USER];
	if (dl & FA_DL_EXCLUDE_FREE)
		n += st->excluded[FA_PF_FREE];
	if (dl & FA_DL_EXCLUDE_MEM_MAP)
		n += st->excluded[FA_PF_HWPOISON] + st->excluded[FA_PF_OFFLINE];
	return n;
}

void fa_mem_usage_print(const struct fa_convert_stats *st, FILE *f)
{
	const uint64_t *x = st->excluded;
	uint64_t kern = st->present - st->zero - x[FA_PF_CACHE] -
			x[FA_PF_CACHE_PRIVATE] - x[FA_PF_USER] - x[FA_PF_FREE];
	char names[128];
	int dl;

	fprintf(f, "\n");
	fprintf(f, "TYPE\t\tPAGES\t\t\tEXCLUDABLE\tDESCRIPTION\n");
	fprintf(f, "----------------------------------------------------------------------\n");
	fprintf(f, "ZERO\t\t%-16llu\tyes\t\tPages filled with zero\n",
		(unsigned long long)st->zero);
	fprintf(f, "NON_PRI_CACHE\t%-16llu\tyes\t\tCache pages without private flag\n",
		(unsigned long long)x[FA_PF_CACHE]);
	fprintf(f, "PRI_CACHE\t%-16llu\tyes\t\tCache pages with private flag\n",
		(unsigned long long)x[FA_PF_CACHE_PRIVATE]);
	fprintf(f, "USER\t\t%-16llu\tyes\t\tUser process pages\n",
		(unsigned long long)x[FA_PF_USER]);
	fprintf(f, "FREE\t\t%-16llu\tyes\t\tFree pages\n",
		(unsigned long long)x[FA_PF_FREE]);
	fprintf(f, "KERN_DATA\t%-16llu\tno\t\tDumpable kernel data \n",
		(unsigned long long)kern);
	fprintf(f, "\n");
	fprintf(f, "page size:\t\t%-16u\n", st->page_size);
	fprintf(f, "Total pages on system:\t%-16llu\n",
		(unsigned long long)st->present);
	fprintf(f, "Total size on system:\t%-16llu Byte\n",
		(unsigned long long)(st->present * st->page_size));
	/* Ours: what each level leaves (before compression). */
	fprintf(f, "\n");
	if (st->refiltered)
		fprintf(f, "The input is kdump-compressed at dump level %d: its excluded pages are counted in no class.\n",
			st->in_dump_level);
	if (!st->mem_map_filtered)
		fprintf(f, "No mem_map filtering (%s): cache, user and free pages are counted as kernel data.\n",
			st->filter_note[0] ? st->filter_note : "no mem_map");
	fprintf(f, "LEVEL\tDATA PAGES\t\tSIZE (uncompressed)\tEXCLUDED\n");
	for (dl = 0; dl <= 31; dl++) {
		uint64_t left = st->present - excluded_at(st, dl);

		/* zero pages: one shared page for all */
		if (dl & FA_DL_EXCLUDE_ZERO)
			left -= st->zero - (st->zero ? 1 : 0);

		fprintf(f, "%d\t%-16llu\t%-16llu Byte\t%s\n", dl,
			(unsigned long long)left,
			(unsigned long long)(left * st->page_size),
			dl ? fa_dump_level_str(dl, names, sizeof(names)) : "-");
	}
	fprintf(f, "(Level 1 keeps one shared zero page.  Zero pages are counted among the\n"
		   "pages level 31 keeps: at a level with 1 and without all of 2..16, the\n"
		   "pages left are at most the number shown.)\n");
}

int fa_mem_usage(const char *in, unsigned int nthreads)
{
	struct fa_convert_opts o = { 0 };
	struct fa_convert_stats st;
	struct fa_err e = { 0 };

	o.dump_level = 31;
	o.nthreads = nthreads;
	o.no_output = 1;
	if (fa_convert(in, NULL, &o, &st, &e))
		return fa_cli_error(NULL, &e);
	if (st.vmcoreinfo_note[0])
		fprintf(stderr, FA_PROG " convert: warning: %s\n",
			st.vmcoreinfo_note);
	fa_mem_usage_print(&st, stdout);
	return fflush(stdout) ? FA_EXIT_INPUT : FA_EXIT_OK;
}
