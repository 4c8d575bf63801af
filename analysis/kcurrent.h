/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kcurrent.h - what the crashed ppc64 kernel's own memory says about its
 * CPUs, read through the vmlinux's symbols and DWARF: the online mask at
 * crash time (__cpu_online_mask), each online CPU's paca
 * (paca_ptrs[cpu]), the task current on it (paca->__current) and that
 * task's PID, and the kernel's crashing_cpu (set by crash_fadump() and
 * the kdump path).  For a mainline FADump vmcore, whose notes carry no
 * CPU number and pr_pid 0.
 */
#ifndef FA_KCURRENT_H
#define FA_KCURRENT_H

#include <stddef.h>
#include <stdint.h>

#include "cpustate.h"
#include "dump.h"
#include "fa_err.h"
#include "symbolize.h"

struct fa_kcpu {
	uint32_t cpu;
	uint64_t paca;		/* paca_ptrs[cpu]: the kernel's r13 there */
	int32_t pid;		/* paca->__current->pid; -1 when unreadable */
};

struct fa_kcpus {
	struct fa_kcpu *cpus;	/* the online CPUs, ascending; owned */
	size_t n;
	int64_t crashing;	/* crashing_cpu; -1 when unset or absent */
};

/*
 * fa_kcpus_read() - fill @k from @d's memory through @s (a vmlinux with
 * DWARF, already checked against @d).  Returns 0, or FA_EUNSUP /
 * FA_ENOENT / FA_ECORRUPT with @e naming the symbol or address that
 * failed.  Free @k with fa_kcpus_free().
 */
int fa_kcpus_read(const struct fa_dump *d, struct fa_symbolizer *s,
		  struct fa_kcpus *k, struct fa_err *e);

void fa_kcpus_free(struct fa_kcpus *k);

/* How fa_kcpus_pair() gave a note its CPU. */
enum { FA_KCPUS_BY_PACA = 0, FA_KCPUS_BY_ORDER = 1 };

/*
 * fa_kcpus_pair() - which of the kernel's @nnotes notes (pr_reg in
 * @notes) is each online CPU of @k: a note whose r13 is the CPU's paca is
 * that CPU's; the others take the remaining CPUs in ascending order (the
 * kernel writes one note per CPU of its crash-time mask).  @note_of[j] is
 * the note of @k->cpus[j]; @how counts the notes paired each way.  Returns
 * 0, or FA_ECORRUPT when the note and CPU counts differ.  No I/O.
 */
int fa_kcpus_pair(const struct fa_kcpus *k, const uint64_t (*notes)[FA_PT_NREGS],
		  size_t nnotes, size_t *note_of, size_t how[2],
		  struct fa_err *e);

#endif /* FA_KCURRENT_H */
