/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cx_report.h - fadump-region's and cpu-state's text for the decoded FADump
 * structures (platform registration, crash-info header, the dump file's
 * segments, firmware register save area).  Pure: decoded structs in,
 * lines on a FILE out.
 */
#ifndef FA_CX_REPORT_H
#define FA_CX_REPORT_H

#include <stdio.h>

#include "crashinfo.h"
#include "cx_dumpfile.h"
#include "ktext.h"
#include "opal.h"
#include "regsave.h"
#include "rtas.h"

/* fa_cx_print_rtas_fdm() - the pSeries registration struct, one line per section. */
void fa_cx_print_rtas_fdm(FILE *out, const struct fa_rtas_fdm *fdm);

/* fa_cx_print_opal_fdm() - the OPAL kernel metadata and its regions. */
void fa_cx_print_opal_fdm(FILE *out, const struct fa_opal_fdm *fdm);

/* fa_cx_print_crashinfo() - the crash-info header's fields on two lines. */
void fa_cx_print_crashinfo(FILE *out, const struct fa_crashinfo *ci);

/*
 * fa_cx_print_segments() - the dump file's PT_LOADs with what each starts
 * with; @sect[i] (FA_CX_SECT_*) and @detail[i] (may be NULL) per PT_LOAD.
 */
void fa_cx_print_segments(FILE *out, const struct fa_cx_dump *d,
			  const int *sect, const char *const *detail);

/*
 * fa_cx_print_fw_regs() - one CPU block of the register save area: every
 * entry, in firmware order, as fa_regs_print_list() lays them out.
 */
void fa_cx_print_fw_regs(FILE *out, const struct fa_regsave_cpu *c);

#endif /* FA_CX_REPORT_H */
