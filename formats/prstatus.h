/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * prstatus.h - the NT_PRSTATUS descriptor (struct elf_prstatus) of ppc64 and
 * x86_64 kernels, and the names of its register slots.
 *
 * Both share the LP64 prefix (pr_info .. pr_cstime, 112 bytes); then
 * pr_reg (ppc64: 48 u64 = the kernel pt_regs, 504 bytes in all; x86_64:
 * 27 u64 in user_regs_struct order, 336 bytes) and pr_fpvalid.  The machine
 * is chosen by the core's e_machine.
 */
#ifndef FA_PRSTATUS_H
#define FA_PRSTATUS_H

#include <stddef.h>
#include <stdint.h>

#include "fa_endian.h"
#include "fa_err.h"

#define FA_EM_PPC64		21
#define FA_EM_X86_64		62

#define FA_PRSTATUS_PPC64_SIZE	504
#define FA_PRSTATUS_X86_64_SIZE	336
#define FA_PRSTATUS_REG_OFF	112	/* pr_reg within the descriptor */
#define FA_PRSTATUS_MAX_REGS	48

/* ppc64 pr_reg / kernel pt_regs slots (byte offset = 8 * index). */
enum {
	FA_PT_GPR0 = 0,
	FA_PT_R1 = 1,		/* stack pointer */
	FA_PT_GPR31 = 31,
	FA_PT_NIP = 32,
	FA_PT_MSR = 33,
	FA_PT_ORIG_GPR3 = 34,
	FA_PT_CTR = 35,
	FA_PT_LINK = 36,
	FA_PT_XER = 37,
	FA_PT_CCR = 38,
	FA_PT_SOFTE = 39,
	FA_PT_TRAP = 40,
	FA_PT_DAR = 41,
	FA_PT_DSISR = 42,
	FA_PT_RESULT = 43,
	FA_PT_PPR = 44,		/* 44..47: kernel-only tail */
	FA_PT_EXIT_RESULT = 45,
	FA_PT_KUAP = 46,
	FA_PT_IAMR = 47,
	FA_PT_NREGS = 48,
};

/* x86_64 pr_reg slots: struct user_regs_struct order. */
enum {
	FA_X86_R15 = 0, FA_X86_R14, FA_X86_R13, FA_X86_R12, FA_X86_RBP,
	FA_X86_RBX, FA_X86_R11, FA_X86_R10, FA_X86_R9, FA_X86_R8,
	FA_X86_RAX, FA_X86_RCX, FA_X86_RDX, FA_X86_RSI, FA_X86_RDI,
	FA_X86_ORIG_RAX, FA_X86_RIP, FA_X86_CS, FA_X86_EFLAGS, FA_X86_RSP,
	FA_X86_SS, FA_X86_FS_BASE, FA_X86_GS_BASE, FA_X86_DS, FA_X86_ES,
	FA_X86_FS, FA_X86_GS,
	FA_X86_NREGS = 27,
};

struct fa_prtime {
	int64_t tv_sec;
	int64_t tv_usec;
};

/* struct elf_prstatus in host order. */
struct fa_prstatus {
	int32_t si_signo;
	int32_t si_code;
	int32_t si_errno;
	int16_t cursig;
	uint64_t sigpend;
	uint64_t sighold;
	int32_t pid;
	int32_t ppid;
	int32_t pgrp;
	int32_t sid;
	struct fa_prtime utime, stime, cutime, cstime;
	unsigned int nreg;	/* 48 (ppc64) or 27 (x86_64) */
	uint64_t reg[FA_PRSTATUS_MAX_REGS];
	int32_t fpvalid;
};

/* fa_prstatus_size() - descriptor size for @machine, 0 if unsupported. */
size_t fa_prstatus_size(uint16_t machine);

/* fa_prstatus_nregs() - pr_reg slot count for @machine, 0 if unsupported. */
unsigned int fa_prstatus_nregs(uint16_t machine);

/*
 * fa_prstatus_decode() - decode an NT_PRSTATUS descriptor of @descsz bytes
 * in byte order @bo for @machine into @p.  Returns 0, FA_EUNSUP for another
 * machine, or FA_ECORRUPT when @descsz is not the machine's size.
 */
int fa_prstatus_decode(const void *desc, size_t descsz, int bo,
		       uint16_t machine, struct fa_prstatus *p,
		       struct fa_err *e);

/*
 * fa_prstatus_encode() - encode @p for @machine in byte order @bo into @dst
 * (@cap bytes).  Returns the descriptor size, or FA_EUNSUP / FA_ERANGE.
 * Padding bytes are written as zero.
 */
int fa_prstatus_encode(void *dst, size_t cap, int bo, uint16_t machine,
		       const struct fa_prstatus *p, struct fa_err *e);

/* fa_pt_reg_name() - ppc64 slot name ("r0".."r31", "nip", ...) or NULL. */
const char *fa_pt_reg_name(unsigned int i);

/* fa_prstatus_reg_name() - slot @i's name for @machine, or NULL. */
const char *fa_prstatus_reg_name(uint16_t machine, unsigned int i);

/*
 * fa_prstatus_pc_sp() - the program counter and stack pointer of @p
 * (ppc64: nip, r1; x86_64: rip, rsp).  Returns 0 or FA_EUNSUP.
 */
int fa_prstatus_pc_sp(uint16_t machine, const struct fa_prstatus *p,
		      uint64_t *pc, uint64_t *sp);

#endif /* FA_PRSTATUS_H */
