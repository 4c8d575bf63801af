/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpumap.h - which CPU each NT_PRSTATUS note belongs to and which CPU
 * crashed, for every front end (fadump-analyze cpus, crash's cpu-state).
 *
 * FADump notes carry no CPU id (pr_pid is 0).  The capture kernel emits one
 * note per CPU of the crash-time CPU mask, in the order the firmware's
 * register save area lists the CPUs; crash assumes ascending online CPUs.
 * fa_cpumap_notes() uses the firmware order when the dump still holds the
 * save area, and says so when it has to assume.
 */
#ifndef FA_CORE_CPUMAP_H
#define FA_CORE_CPUMAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fa_err.h"
#include "prstatus.h"

#define FA_CPUMAP_MAX_CPUS		8192

enum fa_cpumap_method {
	FA_CPUMAP_FIRMWARE = 1,	/* REGSAVE order filtered by the mask: exact */
	FA_CPUMAP_ASCENDING,	/* mask in ascending order: crash's assumption */
	FA_CPUMAP_INDEX,	/* note i is CPU i: nothing better known */
};

/* What is known about the CPUs, gathered by the caller. */
struct fa_cpumap_in {
	unsigned int nr_notes;
	/* CPU ids in the firmware save area's order, or NULL. */
	const uint32_t *fw_order;
	unsigned int nr_fw;
	const char *fw_src;		/* NULL: "the register save area" */
	/* The crash-time CPU mask: CPU n is bit n % 8 of mask[n / 8]; or NULL. */
	const uint8_t *mask;
	size_t mask_bytes;
	const char *mask_src;		/* "crash-info header", ... */
};

struct fa_cpumap {
	int method;			/* enum fa_cpumap_method */
	unsigned int nr_notes;
	int64_t cpu[FA_CPUMAP_MAX_CPUS];	/* cpu[i]: CPU of note i, -1 unknown */
	char why[512];			/* one or two sentences for the user */
};

/* fa_cpumask_test() - whether CPU @cpu is in @mask (@bytes long; may be NULL). */
int fa_cpumask_test(const uint8_t *mask, size_t bytes, uint64_t cpu);

/* fa_cpumask_count() - how many CPUs @mask holds. */
unsigned int fa_cpumask_count(const uint8_t *mask, size_t bytes);

/*
 * fa_cpumask_ascending() - the first @n CPUs of @mask in ascending order
 * into @cpu[]: crash's rule for notes that carry no CPU id.  Returns how
 * many it found (fewer than @n when the mask holds fewer).
 */
unsigned int fa_cpumask_ascending(const uint8_t *mask, size_t bytes,
				  unsigned int n, int64_t *cpu);

/*
 * fa_cpumap_by_pir() - PowerNV: the logical CPU of each of @n active
 * threads listed in ascending PIR order (the HDAT blocks' order, the
 * order the capture kernel writes their notes in): the CPUs of the
 * crash-time @mask in ascending order when it counts them, as the kernel
 * numbers CPUs in device-tree order, else 0, 1, ...  Returns 1 when the
 * mask numbered them, 2 when counted from 0.
 */
int fa_cpumap_by_pir(unsigned int n, const uint8_t *mask, size_t bytes,
		     int64_t *cpu);

/*
 * fa_cpumap_notes() - choose the note-to-CPU mapping for @in.  Always
 * succeeds for nr_notes <= FA_CPUMAP_MAX_CPUS (FA_ERANGE otherwise); @out->why
 * says which rule was used and why a better one was not possible.
 */
int fa_cpumap_notes(const struct fa_cpumap_in *in, struct fa_cpumap *out,
		    struct fa_err *e);

/* Sources of the crashing CPU, as the caller found them. */
struct fa_crash_in {
	int have_var;		/* the kernel's crashing_cpu variable */
	int64_t var;		/* -1: not set (no crash through fadump/kexec) */
	int have_hdr;		/* crash-info header crashing_cpu */
	uint32_t hdr;		/* 0xFFFFFFFF: FADUMP_CPU_UNKNOWN */
	int hdr_is_pir;		/* OPAL: the header holds a PIR */
	int have_panic;		/* panic task's CPU (full mode) or panic_cpu */
	int64_t panic;
	const char *panic_src;
};

/* Which source fa_crashing_cpu() took. */
enum fa_crash_from {
	FA_CRASH_FROM_NONE = 0,
	FA_CRASH_FROM_VAR,	/* the kernel's crashing_cpu */
	FA_CRASH_FROM_HDR,	/* the crash-info header, a logical id */
	FA_CRASH_FROM_PANIC,	/* the panic CPU (task, panic_cpu, the log) */
	FA_CRASH_FROM_HDR_PIR,	/* the crash-info header's PIR, nothing else */
};

struct fa_crash {
	int64_t cpu;		/* -1 when unknown */
	int from;		/* enum fa_crash_from */
	const char *src;	/* "crashing_cpu", "crash-info header", ... */
	char note[256];		/* disagreements between sources, or "" */
};

/*
 * fa_crashing_cpu() - pick the crashing CPU: the kernel's crashing_cpu
 * (logical id, set by crash_fadump on every platform), else the crash-info
 * header's (logical on pSeries; a PIR on OPAL, so used only there when
 * nothing else is known), else the panic CPU.  Records disagreements.
 */
void fa_crashing_cpu(const struct fa_crash_in *in,
			struct fa_crash *out);

/*
 * fa_find_regs_note() - index of the note whose pr_reg equals @regs in
 * its first @nregs slots (the crash-info header's saved pt_regs), or -1.
 */
int fa_find_regs_note(const uint64_t (*notes)[FA_PT_NREGS],
			 unsigned int nr_notes, const uint64_t *regs,
			 unsigned int nregs);

/*
 * fa_note_matches_fw() - whether a note's registers are the ones the
 * capture kernel builds from firmware registers @fw (pt_regs slots, as
 * fa_regsave_to_pt_regs() or fa_hdat_to_pt_regs() fill them): GPRs, NIP,
 * MSR, CTR, LINK, XER, CCR, DAR and DSISR equal, every other slot 0.
 */
int fa_note_matches_fw(const uint64_t note[FA_PT_NREGS],
			  const uint64_t fw[FA_PT_NREGS]);

/* fa_cpulist() - "0,2-3" for a byte-order-free mask; returns @buf. */
char *fa_cpulist(const uint8_t *mask, size_t mask_bytes, char *buf,
		    size_t len);

#endif /* FA_CORE_CPUMAP_H */
