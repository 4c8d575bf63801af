/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regs.h - how a ppc64 register set (the FA_PT_NREGS pt_regs slots of an
 * NT_PRSTATUS note) is named and printed, the same by every front end:
 * labels as the kernel's pt_regs names them, MSR/CR/XER/trap decoded,
 * NIP/LR symbolized through a callback.
 */
#ifndef FA_CORE_REGS_H
#define FA_CORE_REGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "prstatus.h"

/*
 * Symbolization callback: the name of the symbol containing @addr and the
 * offset into it, or NULL.
 */
typedef const char *(*fa_reg_sym_fn)(void *ctx, uint64_t addr, uint64_t *off);

struct fa_reg_sym {
	fa_reg_sym_fn fn;
	void *ctx;
};

/*
 * fa_regs_print() - print the 48 pt_regs slots of one CPU: GPRs four to
 * a line, then NIP and LINK with their symbols, MSR/CCR/XER decoded, and
 * ORIG_R3, CTR, SOFTE, TRAP (with the vector's name), DAR, DSISR, RESULT.
 * @sym may be NULL.
 */
void fa_regs_print(FILE *out, const uint64_t regs[FA_PT_NREGS],
		      const struct fa_reg_sym *sym);

/* fa_regs_print_raw() - -x: every pr_reg slot by index, name and value. */
void fa_regs_print_raw(FILE *out, const uint64_t regs[FA_PT_NREGS]);

/* fa_reg_label() - "R0".."R31", "NIP", "MSR", "ORIG_R3", ... */
const char *fa_reg_label(unsigned int i, char buf[16]);

/*
 * A firmware register list (REGSAVE entries, HDAT registers): the name of
 * entry @i of @list and its value in *@value.
 */
typedef const char *(*fa_reg_at_fn)(const void *list, size_t i,
				    uint64_t *value);

/*
 * fa_regs_print_list() - @n firmware registers in firmware order, three to
 * a line of at most 78 columns ("  NAME    0123456789abcdef"), as both
 * fadump-analyze cpus and crash's cpu-state -f print them.
 */
void fa_regs_print_list(FILE *out, const void *list, size_t n,
			fa_reg_at_fn at);

#endif /* FA_CORE_REGS_H */
