/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ppcregs.h - names and decoders for 64-bit POWER (Book III-S) registers,
 * for displays: SPR numbers, the firmware's REGSAVE register ids, MSR, CR
 * and XER bits, and interrupt (trap) vectors.  Numbers follow the kernel's
 * arch/powerpc/include/asm/reg.h.  Pure lookups: no allocation, no errors
 * beyond "not known".
 */
#ifndef FA_PPCREGS_H
#define FA_PPCREGS_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

/* Pseudo SPR numbers the HDAT register state uses for non-SPRs. */
#define FA_PPCREGS_PSEUDO_NIA	2000
#define FA_PPCREGS_PSEUDO_MSR	2001
#define FA_PPCREGS_PSEUDO_CR	2002

/*
 * fa_ppcregs_spr_name() - name of SPR @sprn ("LR", "HSRR0"), including the
 * HDAT pseudo numbers 2000-2002 (NIA, MSR, CR); NULL when not known.
 */
const char *fa_ppcregs_spr_name(uint32_t sprn);

/*
 * fa_ppcregs_spr_by_name() - the SPR number of @name (case-insensitive,
 * the lowest number when several share it).  0 or FA_ENOENT.
 */
int fa_ppcregs_spr_by_name(const char *name, uint32_t *sprn);

enum fa_ppcregs_kind {
	FA_PPCREG_GPR = 1,	/* general-purpose register */
	FA_PPCREG_SPR = 2,	/* an SPR: spr holds its number */
	FA_PPCREG_OTHER = 3,	/* NIA, MSR, CR, FPSCR, VSCR */
	FA_PPCREG_MARKER = 4,	/* CPUSTRT / CPUEND */
};

/* What a REGSAVE register id names. */
struct fa_ppcregs_id {
	int kind;		/* enum fa_ppcregs_kind */
	int spr;		/* SPR number, or -1 */
	int gpr;		/* 0..31 for a GPR, or -1 */
	char name[16];		/* display name: "r5", "LR", "NIA" */
};

/*
 * fa_ppcregs_regsave_id() - look up a REGSAVE id string (up to 8 chars,
 * as unpacked from the entry: "GPR05", "SRR0", "CPUSTRT").  GPRs are
 * "GPR" plus one or two decimal digits below 32.  0 or FA_ENOENT.
 */
int fa_ppcregs_regsave_id(const char *id, struct fa_ppcregs_id *out);

/*
 * fa_ppcregs_msr_str() - MSR bits as "SF|HV|VEC|...|LE", from the high bit
 * down; the transaction state shows as TS=T, TS=S or TS=RESV; unnamed bits
 * are appended as one hex value; "-" when no bit is set.  Writes at most
 * @len bytes (always NUL-terminated when @len > 0) and returns the length
 * the full string needs, as snprintf does.
 */
size_t fa_ppcregs_msr_str(uint64_t msr, char *buf, size_t len);

/*
 * fa_ppcregs_trap_name() - the interrupt named by a pt_regs trap value,
 * after masking the kernel's flag bits (trap & ~0xf): "Data Storage" for
 * 0x300 or 0x301.  NULL when not a known vector.
 */
const char *fa_ppcregs_trap_name(uint64_t trap);

/* CR field bits (within one 4-bit field). */
#define FA_CR_LT	0x8
#define FA_CR_GT	0x4
#define FA_CR_EQ	0x2
#define FA_CR_SO	0x1

/* fa_ppcregs_cr_field() - field @n (0..7, cr0 is the most significant). */
static inline unsigned int fa_ppcregs_cr_field(uint32_t cr, unsigned int n)
{
	return (cr >> (28 - 4 * (n & 7))) & 0xf;
}

/*
 * fa_ppcregs_cr_str() - "cr0:LT cr1:- cr2:GT|EQ ..." for all eight fields.
 * snprintf-style return as for fa_ppcregs_msr_str().
 */
size_t fa_ppcregs_cr_str(uint32_t cr, char *buf, size_t len);

/* XER bits (in the low 32 bits). */
#define FA_XER_SO	0x80000000U
#define FA_XER_OV	0x40000000U
#define FA_XER_CA	0x20000000U
#define FA_XER_OV32	0x00080000U
#define FA_XER_CA32	0x00040000U
#define FA_XER_BC_MASK	0x7FU		/* string byte count */

struct fa_ppcregs_xer {
	unsigned int so, ov, ca, ov32, ca32;
	unsigned int byte_count;
};

/* fa_ppcregs_xer_decode() - split an XER value into its fields. */
void fa_ppcregs_xer_decode(uint64_t xer, struct fa_ppcregs_xer *out);

/*
 * fa_ppcregs_xer_str() - "SO|CA bc=5" (flags, or "-", then the byte
 * count).  snprintf-style return.
 */
size_t fa_ppcregs_xer_str(uint64_t xer, char *buf, size_t len);

#endif /* FA_PPCREGS_H */
