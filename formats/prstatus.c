// SPDX-License-Identifier: GPL-2.0-or-later
/* prstatus.c - ppc64 / x86_64 struct elf_prstatus (see prstatus.h). */
#include <string.h>

#include "fa_endian.h"
#include "prstatus.h"

/* Offsets of the LP64 prefix shared by both machines. */
#define PR_SI_SIGNO	0
#define PR_SI_CODE	4
#define PR_SI_ERRNO	8
#define PR_CURSIG	12
#define PR_SIGPEND	16
#define PR_SIGHOLD	24
#define PR_PID		32
#define PR_PPID		36
#define PR_PGRP		40
#define PR_SID		44
#define PR_UTIME	48
#define PR_STIME	64
#define PR_CUTIME	80
#define PR_CSTIME	96

static const char *const ppc64_names[FA_PT_NREGS] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	"r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23",
	"r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31",
	"nip", "msr", "orig_r3", "ctr", "link", "xer", "ccr", "softe",
	"trap", "dar", "dsisr", "result", "ppr", "exit_result", "kuap", "iamr",
};

static const char *const x86_64_names[FA_X86_NREGS] = {
	"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8",
	"rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags",
	"rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
};

size_t fa_prstatus_size(uint16_t machine)
{
	switch (machine) {
	case FA_EM_PPC64:
		return FA_PRSTATUS_PPC64_SIZE;
	case FA_EM_X86_64:
		return FA_PRSTATUS_X86_64_SIZE;
	}
	return 0;
}

unsigned int fa_prstatus_nregs(uint16_t machine)
{
	switch (machine) {
	case FA_EM_PPC64:
		return FA_PT_NREGS;
	case FA_EM_X86_64:
		return FA_X86_NREGS;
	}
	return 0;
}

static void get_time(const uint8_t *b, int bo, struct fa_prtime *t)
{
	t->tv_sec = (int64_t)fa_get64(b, bo);
	t->tv_usec = (int64_t)fa_get64(b + 8, bo);
}

static void put_time(uint8_t *b, int bo, const struct fa_prtime *t)
{
	fa_put64(b, bo, (uint64_t)t->tv_sec);
	fa_put64(b + 8, bo, (uint64_t)t->tv_usec);
}

int fa_prstatus_decode(const void *desc, size_t descsz, int bo,
		       uint16_t machine, struct fa_prstatus *p,
		       struct fa_err *e)
{
	size_t size = fa_prstatus_size(machine);
	const uint8_t *b = desc;

	if (!size)
		return fa_err_set(e, FA_EUNSUP,
				  "NT_PRSTATUS: e_machine %u is not supported (want ppc64 %d or x86_64 %d)",
				  machine, FA_EM_PPC64, FA_EM_X86_64);
	if (descsz != size)
		return fa_err_set(e, FA_ECORRUPT,
				  "NT_PRSTATUS: descsz %zu, expected %zu for e_machine %u",
				  descsz, size, machine);
	memset(p, 0, sizeof(*p));
	p->si_signo = (int32_t)fa_get32(b + PR_SI_SIGNO, bo);
	p->si_code = (int32_t)fa_get32(b + PR_SI_CODE, bo);
	p->si_errno = (int32_t)fa_get32(b + PR_SI_ERRNO, bo);
	p->cursig = (int16_t)fa_get16(b + PR_CURSIG, bo);
	p->sigpend = fa_get64(b + PR_SIGPEND, bo);
	p->sighold = fa_get64(b + PR_SIGHOLD, bo);
	p->pid = (int32_t)fa_get32(b + PR_PID, bo);
	p->ppid = (int32_t)fa_get32(b + PR_PPID, bo);
	p->pgrp = (int32_t)fa_get32(b + PR_PGRP, bo);
	p->sid = (int32_t)fa_get32(b + PR_SID, bo);
	get_time(b + PR_UTIME, bo, &p->utime);
	get_time(b + PR_STIME, bo, &p->stime);
	get_time(b + PR_CUTIME, bo, &p->cutime);
	get_time(b + PR_CSTIME, bo, &p->cstime);
	p->nreg = fa_prstatus_nregs(machine);
	for (unsigned int i = 0; i < p->nreg; i++)
		p->reg[i] = fa_get64(b + FA_PRSTATUS_REG_OFF + 8 * i, bo);
	p->fpvalid = (int32_t)fa_get32(b + FA_PRSTATUS_REG_OFF + 8 * p->nreg, bo);
	return 0;
}

int fa_prstatus_encode(void *dst, size_t cap, int bo, uint16_t machine,
		       const struct fa_prstatus *p, struct fa_err *e)
{
	size_t size = fa_prstatus_size(machine);
	unsigned int nreg = fa_prstatus_nregs(machine);
	uint8_t *b = dst;

	if (!size)
		return fa_err_set(e, FA_EUNSUP,
				  "NT_PRSTATUS: e_machine %u is not supported", machine);
	if (cap < size)
		return fa_err_set(e, FA_ERANGE,
				  "NT_PRSTATUS: need %zu bytes, buffer has %zu",
				  size, cap);
	memset(b, 0, size);
	fa_put32(b + PR_SI_SIGNO, bo, (uint32_t)p->si_signo);
	fa_put32(b + PR_SI_CODE, bo, (uint32_t)p->si_code);
	fa_put32(b + PR_SI_ERRNO, bo, (uint32_t)p->si_errno);
	fa_put16(b + PR_CURSIG, bo, (uint16_t)p->cursig);
	fa_put64(b + PR_SIGPEND, bo, p->sigpend);
	fa_put64(b + PR_SIGHOLD, bo, p->sighold);
	fa_put32(b + PR_PID, bo, (uint32_t)p->pid);
	fa_put32(b + PR_PPID, bo, (uint32_t)p->ppid);
	fa_put32(b + PR_PGRP, bo, (uint32_t)p->pgrp);
	fa_put32(b + PR_SID, bo, (uint32_t)p->sid);
	put_time(b + PR_UTIME, bo, &p->utime);
	put_time(b + PR_STIME, bo, &p->stime);
	put_time(b + PR_CUTIME, bo, &p->cutime);
	put_time(b + PR_CSTIME, bo, &p->cstime);
	for (unsigned int i = 0; i < nreg; i++)
		fa_put64(b + FA_PRSTATUS_REG_OFF + 8 * i, bo, p->reg[i]);
	fa_put32(b + FA_PRSTATUS_REG_OFF + 8 * nreg, bo, (uint32_t)p->fpvalid);
	return (int)size;
}

const char *fa_pt_reg_name(unsigned int i)
{
	return i < FA_PT_NREGS ? ppc64_names[i] : NULL;
}

const char *fa_prstatus_reg_name(uint16_t machine, unsigned int i)
{
	switch (machine) {
	case FA_EM_PPC64:
		return fa_pt_reg_name(i);
	case FA_EM_X86_64:
		return i < FA_X86_NREGS ? x86_64_names[i] : NULL;
	}
	return NULL;
}

int fa_prstatus_pc_sp(uint16_t machine, const struct fa_prstatus *p,
		      uint64_t *pc, uint64_t *sp)
{
	switch (machine) {
	case FA_EM_PPC64:
		*pc = p->reg[FA_PT_NIP];
		*sp = p->reg[FA_PT_R1];
		return 0;
	case FA_EM_X86_64:
		*pc = p->reg[FA_X86_RIP];
		*sp = p->reg[FA_X86_RSP];
		return 0;
	}
	return FA_EUNSUP;
}
