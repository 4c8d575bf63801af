/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memusage.h - `convert --mem-usage IN`: makedumpfile's page-class table
 * (zero, non-private cache, private cache, user, free, kernel data) and
 * the pages each dump level would leave, counted by a conversion at
 * level 31 that writes nothing.
 */
#ifndef FA_MEMUSAGE_H
#define FA_MEMUSAGE_H

#include <stdio.h>

#include "convert.h"

/*
 * fa_mem_usage_print() - the table of @st (a -d 31 count) on @f, in
 * makedumpfile 1.7's layout, then the pages and bytes each level leaves.
 */
void fa_mem_usage_print(const struct fa_convert_stats *st, FILE *f);

/*
 * fa_mem_usage() - count IN (ELF, capture root or kdump-compressed) with
 * @nthreads and print the table on stdout.  Returns an exit status
 * (errors printed).
 */
int fa_mem_usage(const char *in, unsigned int nthreads);

#endif /* FA_MEMUSAGE_H */
