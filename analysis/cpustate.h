/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpustate.h - the per-thread register model behind `cpus` and
 * `rebuild-notes`.
 *
 * Firmware saves every thread's registers (pSeries: the REGSAVE area, by
 * 8-char name, keyed by logical CPU; PowerNV: HDAT thread blocks, by type
 * and number, keyed by PIR).  The capture kernel turns them into
 * NT_PRSTATUS notes that carry no CPU id: one per CPU of the crash-time
 * cpu_mask (pSeries) or per active thread (PowerNV), in firmware order,
 * the crashing CPU's taken from the crash-info header's pt_regs instead.
 *
 * This module holds the threads in firmware order, predicts the note each
 * one should have had, pairs the dump's notes with threads and records
 * every slot that differs.  Without firmware data it keeps the notes alone
 * and says how it assigned them to CPUs.  No I/O, no printing.
 */
#ifndef FA_CPUSTATE_H
#define FA_CPUSTATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crashinfo.h"
#include "printk.h"
#include "fa_err.h"
#include "hdat.h"
#include "regsave.h"

#define FA_CS_MAX_THREADS	8192
#define FA_CS_MAX_MSGS		8

enum fa_cs_source {
	FA_CS_SRC_NOTES = 0,	/* no firmware data: the notes alone */
	FA_CS_SRC_REGSAVE = 1,	/* pSeries register save area */
	FA_CS_SRC_HDAT = 2,	/* PowerNV HDAT CPU data */
	FA_CS_SRC_OPALCORE = 3,	/* PowerNV: the opalcore's HDAT-built notes */
};

/* How the notes were paired with threads. */
enum fa_cs_map {
	FA_CS_MAP_NONE = 0,	/* no notes */
	FA_CS_MAP_KERNEL,	/* the capture kernel's rule, in order: exact */
	FA_CS_MAP_CONTENT,	/* by identical register contents */
	FA_CS_MAP_ASCENDING,	/* notes only: crash-time mask, ascending */
	FA_CS_MAP_UNKNOWN,	/* notes only: their CPUs cannot be known */
	FA_CS_MAP_SINGLE,	/* notes only: the one note, the crashing CPU's */
	FA_CS_MAP_ONLINE,	/* notes only: the crashed kernel's online CPUs */
};

/* Where the crashing CPU's number comes from, best first. */
enum fa_cs_crash_src {
	FA_CS_CRASH_UNKNOWN = 0,
	FA_CS_CRASH_HEADER,	/* the crash-info header's crashing_cpu */
	FA_CS_CRASH_LOG_CALLER,	/* the panic record's printk caller id */
	FA_CS_CRASH_LOG_LINE,	/* "CPU: N PID: P" printed with the panic */
};

/* One register as firmware saved it. */
struct fa_cs_reg {
	char name[16];		/* REGSAVE id ("GPR05", "NIA") or HDAT name */
	uint32_t type;		/* HDAT reg_type; 0 for REGSAVE */
	uint32_t num;		/* HDAT reg_num; 0 for REGSAVE */
	uint64_t value;
};

struct fa_cs_thread {
	int64_t cpu;		/* logical CPU, -1 when unknown (HDAT) */
	int64_t pir;		/* PIR, -1 when unknown */
	int in_mask;		/* 1/0: in the crash-time cpu_mask; -1 unknown */
	int inactive;		/* HDAT core_state 0x0F: no note expected */
	int crashing;		/* the crash-info header names this thread */
	int end_mismatch;	/* REGSAVE: CPUEND id differs from CPUSTRT */
	size_t nregs;
	struct fa_cs_reg *regs;	/* firmware order, owned by fa_cpustate */
	uint64_t fw_regs[FA_PT_NREGS];	/* the kernel's mapping of regs */
	/* The note the capture kernel should have written, if any. */
	int expect_note;
	uint64_t expect[FA_PT_NREGS];	/* header regs if crashing, else fw */
	/* The dump's note paired with this thread. */
	int64_t note;		/* index into the dump's notes, -1 none */
	uint64_t note_regs[FA_PT_NREGS];
	unsigned int nmismatch;	/* slots where note_regs != expect */
	uint64_t mismatch_mask;	/* bit i: slot i differs */
};

struct fa_cpustate {
	int source;			/* enum fa_cs_source */
	int legacy_phyp;		/* phyp dump: the kernel wrote no notes */
	int64_t log_panic_cpu;		/* CPU the kernel log names, -1 */
	int log_panic_src;		/* enum fa_cs_crash_src: LOG_* or 0 */
	int cpu_by_pir;			/* 1 mask, 2 index: CPUs numbered by PIR */
	char source_file[256];		/* file the registers came from, or "" */
	size_t nthreads;
	struct fa_cs_thread *threads;	/* firmware order (notes order) */
	struct fa_cs_reg *regbuf;	/* all threads' registers */
	/* From the crash-info header (fa_cpustate_set_crashinfo). */
	int have_crashinfo;
	uint32_t crashing_cpu;		/* as the header holds it */
	int crashing_is_pir;		/* PowerNV: the header holds a PIR */
	uint64_t crash_regs[FA_PT_NREGS];
	int have_mask;
	uint8_t mask[FA_CI_CPU_MASK_MAX];	/* byte-order free, see crashinfo.h */
	/* CPUs online at the crash from the crashed kernel itself, no header. */
	int have_online;
	uint8_t online[FA_CI_CPU_MASK_MAX];	/* byte-order free */
	char online_src[128];		/* "kernel's __cpu_online_mask", ... */
	/* Pairing of notes (fa_cpustate_match). */
	int map;			/* enum fa_cs_map */
	size_t nnotes;
	size_t nexpected;		/* notes the capture kernel would write */
	size_t unpaired_notes;		/* notes no thread took */
	char map_why[512];		/* one sentence for the user */
	int64_t crashing;		/* thread index, -1 unknown */
	unsigned int nmsgs;		/* inconsistencies, one line each */
	char msgs[FA_CS_MAX_MSGS][160];
};

/* fa_cpustate_init() - an empty model (source NOTES, nothing known). */
void fa_cpustate_init(struct fa_cpustate *cs);

/* fa_cpustate_free() - release everything @cs owns; it may be re-inited. */
void fa_cpustate_free(struct fa_cpustate *cs);

/*
 * fa_cpustate_from_regsave() - one thread per CPU block of @rs, in
 * firmware order, with the kernel's pt_regs mapping and the PIR when the
 * block has a "PIR" register.  Returns 0, FA_ERANGE (more than
 * FA_CS_MAX_THREADS) or FA_ENOMEM.
 */
int fa_cpustate_from_regsave(struct fa_cpustate *cs,
			     const struct fa_regsave *rs, struct fa_err *e);

/*
 * fa_cpustate_from_hdat() - one thread per block of the HDAT CPU data
 * (@size bytes at @buf, blocks of @cpu_data_size), PIR known, logical CPU
 * not.  Register names come from the SPR table ("r5", "LR", "SPR 0x3f0").
 * Returns 0 or the iterator's error (FA_ECORRUPT / FA_ERANGE / FA_ETRUNC).
 */
int fa_cpustate_from_hdat(struct fa_cpustate *cs, const void *buf,
			  uint64_t size, uint32_t cpu_data_size,
			  struct fa_err *e);

/*
 * fa_cpustate_from_opalcore() - one thread per NT_PRSTATUS note of an
 * opalcore (@pid and @regs of @n notes, file order): PIR = pid - 100, the
 * firmware registers the pt_regs slots OPAL's HDAT mapping fills.  The
 * opalcore puts the crashing PIR first; threads are kept in ascending PIR
 * order, the order of the HDAT blocks.  Logical CPUs stay unknown until
 * fa_cpustate_number_by_pir().  Returns 0, FA_ECORRUPT (a pid below 100,
 * a PIR twice), FA_ERANGE or FA_ENOMEM.
 */
int fa_cpustate_from_opalcore(struct fa_cpustate *cs, const int32_t *pid,
			      const uint64_t (*regs)[FA_PT_NREGS], size_t n,
			      struct fa_err *e);

/*
 * fa_cpustate_number_by_pir() - PowerNV: give the active threads logical
 * CPU numbers, in ascending PIR order, from the crash-time cpu_mask when
 * it counts them (else 0, 1, ...), as the kernel numbers CPUs in device
 * tree order.  An assumption, said in map_why by fa_cpustate_match().
 * Call after fa_cpustate_set_crashinfo().
 */
void fa_cpustate_number_by_pir(struct fa_cpustate *cs);

/*
 * fa_cpustate_set_crashinfo() - what the crash-info header says: the
 * crashing CPU (a logical id, or a PIR when @is_pir: PowerNV), its saved
 * pt_regs and the crash-time cpu_mask.  Marks threads crashing / in_mask.
 */
void fa_cpustate_set_crashinfo(struct fa_cpustate *cs,
			       const struct fa_crashinfo *ci, int is_pir);

/*
 * fa_cpustate_match() - pair the dump's @n notes (pr_reg of each, file
 * order) with the threads.  First the capture kernel's own rule (firmware
 * order, mask / inactive filter, crashing CPU from the header); if that
 * leaves differences, pairing by identical contents is tried and kept when
 * it explains every note.  Without firmware data, threads are made from
 * the notes: CPUs from the crash-time mask when it counts them (ascending);
 * else the note equal to the header's registers is the crashing CPU's, a
 * lone note is the crashing CPU's when the header or the log (set
 * log_panic_cpu first) names it, and other notes stay CPU -1 (a capture
 * kernel's note carries no CPU number: pr_pid is 0).  Records mismatches
 * per thread and a sentence in map_why.  Returns 0, FA_ERANGE or
 * FA_ENOMEM.
 */
int fa_cpustate_match(struct fa_cpustate *cs,
		      const uint64_t (*notes)[FA_PT_NREGS], size_t n,
		      struct fa_err *e);

/*
 * fa_cpustate_set_online() - the CPUs online when the kernel crashed, as
 * the crashed kernel itself says (its __cpu_online_mask, its log), for
 * dumps without a crash-info header: the mainline capture kernel writes
 * one note per CPU of that mask (the header's cpu_mask is a copy of it),
 * in the firmware save area's order, ascending CPU id under QEMU.  @mask
 * is byte-order free (@bytes, at most FA_CI_CPU_MASK_MAX used); @src names
 * where it came from.  Call before fa_cpustate_match().
 */
void fa_cpustate_set_online(struct fa_cpustate *cs, const uint8_t *mask,
			    size_t bytes, const char *src);

/*
 * fa_cpustate_log_online() - the number of CPUs the kernel log of
 * @rec[@n] says were brought up at boot ("smp: Brought up N node(s), M
 * CPUs"), copied into @line (@len bytes) as the source.  Returns 1 with
 * *@ncpus set, or 0 when there is no such line or a later record says a
 * CPU went offline or came online (hotplug: the count is no longer the
 * online mask).
 */
int fa_cpustate_log_online(const struct fa_printk_record *rec, size_t n,
			   uint32_t *ncpus, char *line, size_t len);

/*
 * fa_cpustate_crash_regs() - the crashing CPU's registers as the dump's
 * note holds them, once that note is known (paired, or equal to the
 * crash-info header's registers): 0 with @regs filled, else FA_ENOENT.
 */
int fa_cpustate_crash_regs(const struct fa_cpustate *cs,
			   uint64_t regs[FA_PT_NREGS]);

/* One rebuilt note: the CPU it is for and its pr_reg. */
struct fa_cs_note_out {
	uint32_t cpu;
	size_t thread;			/* index into cs->threads */
	uint64_t regs[FA_PT_NREGS];
};

#define FA_CS_REBUILD_ALL	0x1	/* also CPUs outside the crash mask */

/*
 * fa_cpustate_rebuild() - the notes rebuild-notes writes: one per thread
 * that has firmware registers, in ascending logical CPU order (PowerNV:
 * active threads by ascending PIR, numbered 0, 1, ...), limited to the
 * crash-time mask unless FA_CS_REBUILD_ALL; the crashing CPU's registers
 * from the crash-info header.  *@out is malloc'd (caller frees), *@n its
 * count.  FA_ENOENT when there is no firmware data or no thread to write.
 */
int fa_cpustate_rebuild(const struct fa_cpustate *cs, unsigned int flags,
			struct fa_cs_note_out **out, size_t *n,
			struct fa_err *e);

/*
 * fa_cpustate_log_cpu() - the CPU the kernel log names for the last panic
 * (or Oops) of @rec[@n]: the record's caller id when it is a CPU
 * ("[C1]"), else the "CPU: N PID: P" line dump_stack()/show_regs() print
 * with it, taken from the same caller and, for a task caller, only when
 * P is that task.  Returns FA_CS_CRASH_LOG_CALLER or FA_CS_CRASH_LOG_LINE
 * with *@cpu set, or FA_CS_CRASH_UNKNOWN.
 */
int fa_cpustate_log_cpu(const struct fa_printk_record *rec, size_t n,
			uint32_t *cpu);

/*
 * fa_cpustate_crashing_cpu() - the crashing CPU's logical number as the
 * best source knows it: the crash-info header (directly, or through the
 * thread it marks when it holds a PIR), else the kernel log
 * (log_panic_cpu).  Returns the enum fa_cs_crash_src used; *@cpu is set
 * unless FA_CS_CRASH_UNKNOWN.
 */
int fa_cpustate_crashing_cpu(const struct fa_cpustate *cs, int64_t *cpu);

/* fa_cs_crash_src_name() - "crash-info header", "kernel log: ...". */
const char *fa_cs_crash_src_name(int src);

/* fa_cs_source_name() - "REGSAVE (pSeries)", "HDAT (PowerNV)", "notes". */
const char *fa_cs_source_name(int source);

/* fa_cs_map_name() - "capture-kernel order", "register contents", ... */
const char *fa_cs_map_name(int map);

/* ---- from a dump (cpustate_dump.c): the inputs gathered, for the CLI ---- */

struct fa_dump;
struct fa_fwsections;
struct fa_symbolizer;

struct fa_cpus_input {
	struct fa_cpustate cs;
	uint64_t (*notes)[FA_PT_NREGS];	/* pr_reg of each CPU note, owned */
	size_t nnotes;
	struct fa_fwsections *fw;	/* owned; NULL with notes_only */
};

/*
 * fa_cpus_load() - read @d's NT_PRSTATUS notes and (unless @notes_only)
 * its firmware sections, crash-info header and register save area, and
 * pair them into @in->cs.  ppc64 dumps only (FA_EUNSUP otherwise); an
 * opalcore is refused (FA_EUNSUP, pointing at `opalcore`).  Malformed
 * notes or firmware data fail with the codec's message.  Free @in with
 * fa_cpus_input_free() in every case (after fa_cpustate_init(&in->cs)).
 */
int fa_cpus_load(struct fa_dump *d, int notes_only, struct fa_cpus_input *in,
		 struct fa_err *e);

/*
 * fa_cpus_load_sym() - fa_cpus_load() with the crashed kernel's vmlinux
 * @sym (NULL: none): without a crash-info header, the CPUs online at the
 * crash come from the kernel's __cpu_online_mask in the dump's memory, else
 * from its log (fa_cpustate_log_online()), to pair the notes with.
 */
int fa_cpus_load_sym(struct fa_dump *d, struct fa_symbolizer *sym,
		     int notes_only, struct fa_cpus_input *in,
		     struct fa_err *e);

/*
 * fa_cpus_log_cpu() - fa_cpustate_log_cpu() on @d's kernel log; returns
 * FA_CS_CRASH_UNKNOWN when the dump has no readable log.
 */
int fa_cpus_log_cpu(const struct fa_dump *d, uint32_t *cpu);

/* fa_cpus_input_free() - release what fa_cpus_load() stored. */
void fa_cpus_input_free(struct fa_cpus_input *in);

/* fa_cpus_has_cpu() - whether a thread of @cs is logical CPU @cpu. */
int fa_cpus_has_cpu(const struct fa_cpustate *cs, int64_t cpu);



#endif /* FA_CPUSTATE_H */
