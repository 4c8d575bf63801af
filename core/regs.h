/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regs.h - how a ppc64 register set (the FA_PT_NREGS pt_regs slots of an
 * NT_PRSTATUS note) is printed, the same by every front end: GPRs as
 * show_regs() prints them, MSR/CR/XER/trap decoded, NIP/LR symbolized
 * through a callback; firmware register lists by their names.
 */
#ifndef FA_CORE_REGS_H
#define FA_CORE_REGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "prstatus.h"

/*
 * Symbolization callback: format the symbol containing @addr into @buf
 * ("name+0xoff", with whatever else the front end knows), or leave @buf
 * empty when there is none.
 */
typedef void (*fa_reg_sym_fn)(void *ctx, uint64_t addr, char *buf, size_t len);

struct fa_reg_sym {
	fa_reg_sym_fn fn;
	void *ctx;
};

/* fa_regs_print() flags. */
#define FA_REGS_GPRS	0x1	/* GPR00..GPR31 first, as show_regs() */
#define FA_REGS_TAIL	0x2	/* TRAP, SOFTE, ORIG_R3, RESULT too */
#define FA_REGS_ALL	(FA_REGS_GPRS | FA_REGS_TAIL)

/*
 * fa_regs_print() - the one pt_regs printer of every front end (crash's
 * cpu-state, fadump-analyze cpus and opalcore -r), within 80 columns:
 * with FA_REGS_GPRS the GPRs four to a line as the kernel's show_regs()
 * prints them; NIP and LR with their symbols, R1 and CTR, MSR/CR/XER
 * decoded, DAR and DSISR; with FA_REGS_TAIL also TRAP (the vector named),
 * SOFTE, ORIG_R3 and RESULT.  Without FA_REGS_TAIL it suits a set mapped
 * from firmware registers, which has no such slots.  @sym may be NULL.
 */
void fa_regs_print(FILE *out, const uint64_t regs[FA_PT_NREGS],
		   unsigned int flags, const struct fa_reg_sym *sym);

/* fa_text_wrap() - print @text at column @col, wrapped before column 80. */
void fa_text_wrap(FILE *f, int col, const char *text);

/* fa_regs_print_raw() - -x: every pr_reg slot by index, name and value. */
void fa_regs_print_raw(FILE *out, const uint64_t regs[FA_PT_NREGS]);

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
