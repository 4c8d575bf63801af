// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpustate.c - threads from the firmware save area, the notes the capture
 * kernel should have written for them, and their pairing with the dump's
 * notes (see cpustate.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpumap.h"
#include "cpustate.h"
#include "ppcregs.h"
#include "prstatus.h"

void fa_cpustate_init(struct fa_cpustate *cs)
{
	memset(cs, 0, sizeof(*cs));
	cs->crashing = -1;
	cs->log_panic_cpu = -1;
}

void fa_cpustate_free(struct fa_cpustate *cs)
{
	free(cs->threads);
	free(cs->regbuf);
	fa_cpustate_init(cs);
}

static void cs_msg(struct fa_cpustate *cs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void cs_msg(struct fa_cpustate *cs, const char *fmt, ...)
{
	va_list ap;

	if (cs->nmsgs >= FA_CS_MAX_MSGS)
		return;
	va_start(ap, fmt);
	vsnprintf(cs->msgs[cs->nmsgs++], sizeof(cs->msgs[0]), fmt, ap);
	va_end(ap);
}

static int cs_alloc(struct fa_cpustate *cs, size_t nthreads, size_t nregs,
		    struct fa_err *e)
{
	size_t i;

	if (nthreads > FA_CS_MAX_THREADS)
		return fa_err_set(e, FA_ERANGE,
				  "%zu threads in the CPU state data, at most %u supported",
				  nthreads, FA_CS_MAX_THREADS);
	free(cs->threads);
	free(cs->regbuf);
	cs->nthreads = 0;
	cs->threads = calloc(nthreads ? nthreads : 1, sizeof(*cs->threads));
	cs->regbuf = calloc(nregs ? nregs : 1, sizeof(*cs->regbuf));
	if (!cs->threads || !cs->regbuf) {
		free(cs->threads);
		free(cs->regbuf);
		cs->threads = NULL;
		cs->regbuf = NULL;
		return fa_err_set(e, FA_ENOMEM, "out of memory for %zu threads",
				  nthreads);
	}
	cs->nthreads = nthreads;
	for (i = 0; i < nthreads; i++) {
		cs->threads[i].cpu = -1;
		cs->threads[i].pir = -1;
		cs->threads[i].in_mask = -1;
		cs->threads[i].note = -1;
	}
	return 0;
}

int fa_cpustate_from_regsave(struct fa_cpustate *cs,
			     const struct fa_regsave *rs, struct fa_err *e)
{
	struct fa_cs_reg *r;
	size_t i, j;
	int ret;

	ret = cs_alloc(cs, rs->num_cpus, rs->nentries, e);
	if (ret)
		return ret;
	cs->source = FA_CS_SRC_REGSAVE;
	r = cs->regbuf;
	for (i = 0; i < rs->num_cpus; i++) {
		const struct fa_regsave_cpu *c = &rs->cpus[i];
		struct fa_cs_thread *t = &cs->threads[i];

		t->cpu = c->cpu;
		t->end_mismatch = c->end_mismatch;
		t->regs = r;
		t->nregs = c->nregs;
		for (j = 0; j < c->nregs; j++, r++) {
			snprintf(r->name, sizeof(r->name), "%s", c->regs[j].name);
			r->value = c->regs[j].value;
			if (!strcmp(r->name, "PIR"))
				t->pir = (uint32_t)r->value;
		}
		fa_regsave_to_pt_regs(c->regs, c->nregs, t->fw_regs);
		if (c->end_mismatch)
			cs_msg(cs, "CPU %u: its block ends with CPUEND %u (the kernel does not check)",
			       c->cpu, c->end_cpu);
	}
	return 0;
}

/* hdat_reg_name() - "r5" for a GPR, the SPR's name, or "SPR 1234". */
static void hdat_reg_name(char name[16], uint32_t type, uint32_t num)
{
	const char *n;

	if (type == FA_HDAT_REG_TYPE_GPR) {
		snprintf(name, 16, "r%u", num);
		return;
	}
	n = fa_ppcregs_spr_name(num);
	if (n)
		snprintf(name, 16, "%s", n);
	else
		snprintf(name, 16, "SPR %u", num);
}

int fa_cpustate_from_hdat(struct fa_cpustate *cs, const void *buf,
			  uint64_t size, uint32_t cpu_data_size,
			  struct fa_err *e)
{
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	struct fa_cs_reg *r;
	size_t i = 0;
	uint32_t j;
	int ret;

	ret = fa_hdat_iter_init(&it, buf, size, cpu_data_size, e);
	if (ret)
		return ret;
	ret = cs_alloc(cs, it.num_cpus, (size_t)it.num_cpus * it.ecnt, e);
	if (ret)
		return ret;
	cs->source = FA_CS_SRC_HDAT;
	r = cs->regbuf;
	while ((ret = fa_hdat_iter_next(&it, &t, e)) == 1) {
		struct fa_cs_thread *th = &cs->threads[i++];

		th->pir = t.hdr.pir;
		th->inactive = t.inactive;
		th->regs = r;
		th->nregs = t.ecnt;
		for (j = 0; j < t.ecnt; j++, r++) {
			struct fa_hdat_reg hr;

			fa_hdat_thread_reg(&t, j, &hr);
			hdat_reg_name(r->name, hr.reg_type, hr.reg_num);
			r->type = hr.reg_type;
			r->num = hr.reg_num;
			r->value = hr.reg_val;
		}
		fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, th->fw_regs);
		if (t.hdr_differs)
			cs_msg(cs, "thread %u (PIR %#x): its header's layout differs from thread 0's (the kernel uses thread 0's)",
			       t.index, t.hdr.pir);
	}
	return ret < 0 ? ret : 0;
}

/* The pt_regs slots OPAL's HDAT mapping fills (fa_hdat_set_regval()). */
static const unsigned int hdat_slots[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
	20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
	FA_PT_NIP, FA_PT_MSR, FA_PT_CTR, FA_PT_LINK, FA_PT_XER, FA_PT_CCR,
	FA_PT_DAR, FA_PT_DSISR,
};
#define NR_HDAT_SLOTS	(sizeof(hdat_slots) / sizeof(hdat_slots[0]))

int fa_cpustate_from_opalcore(struct fa_cpustate *cs, const int32_t *pid,
			      const uint64_t (*regs)[FA_PT_NREGS], size_t n,
			      struct fa_err *e)
{
	struct fa_cs_reg *r;
	size_t i, j, k;
	int ret;

	for (i = 0; i < n; i++) {
		if (pid[i] < 100)
			return fa_err_set(e, FA_ECORRUPT,
					  "opalcore note %zu: pr_pid %d, expected 100 + PIR",
					  i, pid[i]);
		for (j = 0; j < i; j++)
			if (pid[j] == pid[i])
				return fa_err_set(e, FA_ECORRUPT,
						  "opalcore notes %zu and %zu are both for PIR %#x",
						  j, i, (unsigned int)(pid[i] - 100));
	}
	ret = cs_alloc(cs, n, n * NR_HDAT_SLOTS, e);
	if (ret)
		return ret;
	cs->source = FA_CS_SRC_OPALCORE;
	r = cs->regbuf;
	for (k = 0; k < n; k++) {
		struct fa_cs_thread *t = &cs->threads[k];
		size_t best = n;

		/* the k-th smallest PIR: n is small (threads of one machine) */
		for (i = 0; i < n; i++) {
			size_t below = 0;

			for (j = 0; j < n; j++)
				below += pid[j] < pid[i];
			if (below == k)
				best = i;
		}
		t->pir = pid[best] - 100;
		t->regs = r;
		t->nregs = NR_HDAT_SLOTS;
		for (j = 0; j < NR_HDAT_SLOTS; j++, r++) {
			snprintf(r->name, sizeof(r->name), "%s",
				 fa_pt_reg_name(hdat_slots[j]));
			r->value = regs[best][hdat_slots[j]];
			t->fw_regs[hdat_slots[j]] = r->value;
		}
	}
	return 0;
}

static int mask_test(const struct fa_cpustate *cs, uint64_t cpu)
{
	return fa_cpumask_test(cs->mask, sizeof(cs->mask), cpu);
}

void fa_cpustate_set_online(struct fa_cpustate *cs, const uint8_t *mask,
			    size_t bytes, const char *src)
{
	memset(cs->online, 0, sizeof(cs->online));
	memcpy(cs->online, mask, bytes < sizeof(cs->online) ? bytes :
	       sizeof(cs->online));
	snprintf(cs->online_src, sizeof(cs->online_src), "%s", src);
	cs->have_online = 1;
}

void fa_cpustate_set_crashinfo(struct fa_cpustate *cs,
			       const struct fa_crashinfo *ci, int is_pir)
{
	size_t i;

	cs->have_crashinfo = 1;
	cs->crashing_cpu = ci->crashing_cpu;
	cs->crashing_is_pir = is_pir;
	memcpy(cs->crash_regs, ci->regs, sizeof(cs->crash_regs));
	cs->have_mask = ci->cpu_mask_sz > 0;
	memcpy(cs->mask, ci->cpu_mask, sizeof(cs->mask));
	cs->crashing = -1;
	for (i = 0; i < cs->nthreads; i++) {
		struct fa_cs_thread *t = &cs->threads[i];
		int64_t id = is_pir ? t->pir : t->cpu;

		if (t->cpu >= 0 && cs->have_mask)
			t->in_mask = mask_test(cs, (uint64_t)t->cpu);
		t->crashing = ci->crashing_cpu != FA_CI_CPU_UNKNOWN &&
			      id == (int64_t)ci->crashing_cpu;
		if (t->crashing && cs->crashing < 0)
			cs->crashing = (int64_t)i;
	}
}

void fa_cpustate_number_by_pir(struct fa_cpustate *cs)
{
	size_t i, k, active = 0;
	int64_t *cpu;

	if (cs->source != FA_CS_SRC_HDAT && cs->source != FA_CS_SRC_OPALCORE)
		return;
	for (i = 0; i < cs->nthreads; i++)
		active += !cs->threads[i].inactive;
	cpu = calloc(active ? active : 1, sizeof(*cpu));
	if (!cpu)
		return;		/* CPUs stay unknown (-1) */
	/* HDAT blocks come in PIR order; the opalcore's were sorted so. */
	cs->cpu_by_pir = fa_cpumap_by_pir((unsigned int)active,
					  cs->have_mask ? cs->mask : NULL,
					  sizeof(cs->mask), cpu);
	for (i = 0, k = 0; i < cs->nthreads; i++) {
		struct fa_cs_thread *t = &cs->threads[i];

		if (t->inactive)
			continue;
		if (cs->cpu_by_pir == 1)
			t->in_mask = 1;
		t->cpu = cpu[k++];
	}
	free(cpu);
}

/* The capture kernel's rule: which threads get a note, and what it holds. */
static void set_expectations(struct fa_cpustate *cs)
{
	size_t i;

	cs->nexpected = 0;
	for (i = 0; i < cs->nthreads; i++) {
		struct fa_cs_thread *t = &cs->threads[i];

		if (cs->legacy_phyp)
			t->expect_note = 0;
		else if (cs->source == FA_CS_SRC_REGSAVE)
			t->expect_note = t->in_mask != 0;
		else
			t->expect_note = t->crashing || !t->inactive;
		if (t->crashing)
			memcpy(t->expect, cs->crash_regs, sizeof(t->expect));
		else
			memcpy(t->expect, t->fw_regs, sizeof(t->expect));
		cs->nexpected += t->expect_note;
	}
}

static void pair(struct fa_cs_thread *t, size_t note,
		 const uint64_t regs[FA_PT_NREGS])
{
	unsigned int s;

	t->note = (int64_t)note;
	memcpy(t->note_regs, regs, sizeof(t->note_regs));
	t->nmismatch = 0;
	t->mismatch_mask = 0;
	for (s = 0; s < FA_PT_NREGS; s++) {
		if (regs[s] != t->expect[s]) {
			t->nmismatch++;
			t->mismatch_mask |= 1ULL << s;
		}
	}
}

static void unpair_all(struct fa_cpustate *cs)
{
	size_t i;

	for (i = 0; i < cs->nthreads; i++) {
		cs->threads[i].note = -1;
		cs->threads[i].nmismatch = 0;
		cs->threads[i].mismatch_mask = 0;
	}
}

/* pair_kernel_order() - note k to the k-th thread expecting one. */
static unsigned int pair_kernel_order(struct fa_cpustate *cs,
				      const uint64_t (*notes)[FA_PT_NREGS],
				      size_t n)
{
	unsigned int bad = 0;
	size_t i, k = 0;

	for (i = 0; i < cs->nthreads && k < n; i++) {
		struct fa_cs_thread *t = &cs->threads[i];

		if (!t->expect_note)
			continue;
		pair(t, k, notes[k]);
		bad += t->nmismatch != 0;
		k++;
	}
	cs->unpaired_notes = n - k;
	return bad;
}

/* pair_content() - each note to a thread expecting exactly its regs. */
static int pair_content(struct fa_cpustate *cs,
			const uint64_t (*notes)[FA_PT_NREGS], size_t n)
{
	size_t i, k;

	unpair_all(cs);
	for (k = 0; k < n; k++) {
		for (i = 0; i < cs->nthreads; i++) {
			struct fa_cs_thread *t = &cs->threads[i];

			if (t->note < 0 &&
			    !memcmp(t->expect, notes[k], sizeof(t->expect)))
				break;
		}
		if (i == cs->nthreads)
			return 0;
		pair(&cs->threads[i], k, notes[k]);
	}
	cs->unpaired_notes = 0;
	return 1;
}

/* Notes alone, no mask to count them: which note is the crashing CPU's. */
static void notes_crashing(struct fa_cpustate *cs,
			   const uint64_t (*notes)[FA_PT_NREGS], size_t n)
{
	int header = cs->have_crashinfo && cs->crashing_cpu != FA_CI_CPU_UNKNOWN;
	int64_t cpu = -1;
	size_t i;

	if (header) {
		for (i = 0; i < n && cs->crashing < 0; i++)
			if (!memcmp(notes[i], cs->crash_regs,
				    sizeof(cs->crash_regs)))
				cs->crashing = (int64_t)i;
	}
	/*
	 * The capture kernel writes a note for every CPU of the crash-time
	 * mask, and the crashing CPU is in it: a lone note is its.
	 */
	if (cs->crashing < 0 && n == 1 && fa_cpustate_crashing_cpu(cs, &cpu)) {
		cs->crashing = 0;
		cs->map = FA_CS_MAP_SINGLE;
	}
	if (cs->crashing < 0)
		return;
	cs->threads[cs->crashing].crashing = 1;
	if (header && cs->crashing_is_pir)
		cs->threads[cs->crashing].pir = cs->crashing_cpu;
	else
		cs->threads[cs->crashing].cpu = header ? cs->crashing_cpu : cpu;
}

/*
 * Notes alone, numbered by the crashed kernel's online CPUs: the crashing
 * CPU's note is the one numbered as the log (or header) names it.
 */
static void online_crashing(struct fa_cpustate *cs)
{
	int64_t cpu;
	size_t i;

	if (!fa_cpustate_crashing_cpu(cs, &cpu))
		return;
	for (i = 0; i < cs->nthreads; i++) {
		if (cs->threads[i].cpu != cpu)
			continue;
		cs->threads[i].crashing = 1;
		cs->crashing = (int64_t)i;
		return;
	}
	cs_msg(cs, "the crashing CPU %" PRId64 " is not among the online CPUs (%s)",
	       cpu, cs->online_src);
}

/* map_why of a pairing over the crashed kernel's online CPUs, or not. */
static void why_online(struct fa_cpustate *cs, size_t online, size_t n)
{
	if (cs->map == FA_CS_MAP_ONLINE)
		snprintf(cs->map_why, sizeof(cs->map_why),
			 "no firmware save area nor crash-info header: the capture kernel writes a note per CPU online at the crash, in the save area's order (ascending CPU id under QEMU); %zu notes ascend over the %zu online CPUs (%s)",
			 n, online, cs->online_src);
	else
		snprintf(cs->map_why, sizeof(cs->map_why),
			 "no firmware save area nor crash-info header, and the %zu online CPUs (%s) do not count the %zu notes: a note carries no CPU number (pr_pid 0), so CPUs stay unknown",
			 online, cs->online_src, n);
}

/* Notes alone: one thread per note, CPUs from the mask or unknown. */
static int match_notes_only(struct fa_cpustate *cs,
			    const uint64_t (*notes)[FA_PT_NREGS], size_t n,
			    struct fa_err *e)
{
	size_t i, popcount = 0, online = 0, len;
	/* a lone note keeps its own rule: it is the crashing CPU's */
	int by_online = !cs->have_mask && cs->have_online && n > 1;
	int64_t *cpu = NULL;
	int ret;

	if (cs->have_mask)
		popcount = fa_cpumask_count(cs->mask, sizeof(cs->mask));
	else if (by_online)
		online = fa_cpumask_count(cs->online, sizeof(cs->online));
	ret = cs_alloc(cs, n, 0, e);
	if (ret)
		return ret;
	cs->source = FA_CS_SRC_NOTES;
	cs->nnotes = n;
	cs->crashing = -1;
	cs->map = !n ? FA_CS_MAP_NONE :
		  by_online ? (online == n ? FA_CS_MAP_ONLINE : FA_CS_MAP_UNKNOWN) :
		  popcount == n ? FA_CS_MAP_ASCENDING : FA_CS_MAP_UNKNOWN;
	if (cs->map == FA_CS_MAP_ASCENDING || cs->map == FA_CS_MAP_ONLINE) {
		/* crash's rule, as cpu-state applies it (core/cpumap.c) */
		const uint8_t *m = cs->map == FA_CS_MAP_ONLINE ? cs->online :
								 cs->mask;

		cpu = calloc(n, sizeof(*cpu));
		if (!cpu)
			return fa_err_set(e, FA_ENOMEM, "out of memory");
		fa_cpumask_ascending(m, FA_CI_CPU_MASK_MAX, (unsigned int)n, cpu);
	}
	for (i = 0; i < n; i++) {
		struct fa_cs_thread *t = &cs->threads[i];

		if (cpu) {
			t->cpu = cpu[i];
			t->in_mask = 1;
		}
		memcpy(t->expect, notes[i], sizeof(t->expect));
		pair(t, i, notes[i]);
	}
	free(cpu);
	if (cs->map == FA_CS_MAP_ONLINE) {
		online_crashing(cs);
		why_online(cs, online, n);
		return 0;
	}
	if (cs->map == FA_CS_MAP_ASCENDING) {
		/* the thread already numbered: set_crashinfo's rule */
		for (i = 0; i < n && cs->crashing < 0; i++)
			if (cs->have_crashinfo && !cs->crashing_is_pir &&
			    cs->threads[i].cpu == (int64_t)cs->crashing_cpu &&
			    !memcmp(notes[i], cs->crash_regs, sizeof(cs->crash_regs))) {
				cs->threads[i].crashing = 1;
				cs->crashing = (int64_t)i;
			}
		snprintf(cs->map_why, sizeof(cs->map_why),
			 "no firmware save area: notes assigned to the crash-time CPU mask in ascending order (crash's rule; the capture kernel used firmware order)");
	} else if (n) {
		notes_crashing(cs, notes, n);
		if (by_online && cs->map != FA_CS_MAP_SINGLE)
			why_online(cs, online, n);
		else
			snprintf(cs->map_why, sizeof(cs->map_why),
				 "no firmware save area%s: a note carries no CPU number (pr_pid 0)%s",
				 cs->have_mask ? " and the CPU mask does not count the notes" : " nor CPU mask",
				 cs->map == FA_CS_MAP_SINGLE ?
				 "; the lone note is the crashing CPU's (every CPU of the crash-time mask gets one)" :
				 ", so CPUs stay unknown");
	}
	len = strlen(cs->map_why);
	if (cs->crashing >= 0 && cs->map != FA_CS_MAP_SINGLE)
		snprintf(cs->map_why + len, sizeof(cs->map_why) - len,
			 "; the crashing CPU's note equals the crash-info header's registers");
	return 0;
}

/* Say how logical CPU numbers were given to PIR-keyed threads. */
static void why_cpu_by_pir(struct fa_cpustate *cs)
{
	size_t len = strlen(cs->map_why);

	if (!cs->cpu_by_pir)
		return;
	snprintf(cs->map_why + len, sizeof(cs->map_why) - len,
		 "; CPU numbers given in ascending PIR order %s",
		 cs->cpu_by_pir == 1 ? "to the crash-time CPU mask" :
				       "from 0 (the CPU mask does not count the threads)");
}

/* map_why when notes were paired in kernel order but some differ. */
static void why_notes_differ(struct fa_cpustate *cs, unsigned int bad)
{
	snprintf(cs->map_why, sizeof(cs->map_why),
		 "paired in the capture kernel's order; %u note(s) differ from the firmware data",
		 bad);
}

static int match_fw(struct fa_cpustate *cs,
		    const uint64_t (*notes)[FA_PT_NREGS], size_t n)
{
	unsigned int bad;

	cs->nnotes = n;
	set_expectations(cs);
	unpair_all(cs);
	if (!n) {
		cs->map = FA_CS_MAP_NONE;
		snprintf(cs->map_why, sizeof(cs->map_why), "%s",
			 cs->legacy_phyp ?
			 "a legacy phyp dump: its capture kernel wrote no CPU notes" :
			 "the dump has no CPU notes");
		return 0;
	}
	bad = pair_kernel_order(cs, notes, n);
	cs->map = FA_CS_MAP_KERNEL;
	if (!bad && n == cs->nexpected) {
		snprintf(cs->map_why, sizeof(cs->map_why),
			 "notes follow the capture kernel's rule: firmware order, %s, the crashing CPU's from the crash-info header",
			 cs->source == FA_CS_SRC_REGSAVE ?
			 "CPUs of the crash-time mask" : "active threads");
		return 0;
	}
	if (pair_content(cs, notes, n)) {
		cs->map = FA_CS_MAP_CONTENT;
		snprintf(cs->map_why, sizeof(cs->map_why),
			 "notes are not in the capture kernel's order; each was paired with the thread whose registers it holds");
	} else {
		unpair_all(cs);
		pair_kernel_order(cs, notes, n);
		why_notes_differ(cs, bad);
	}
	if (n != cs->nexpected)
		cs_msg(cs, "the dump has %zu CPU notes; the capture kernel would write %zu",
		       n, cs->nexpected);
	return 0;
}

/*
 * Firmware registers but no crash-info header (a vmcore that kept no
 * firmware section, with the root's opalcore): the kernel log names the
 * crashing CPU, and its note holds what the kernel saved at the crash.
 */
static void crashing_from_log(struct fa_cpustate *cs)
{
	unsigned int bad;
	size_t i;

	if (cs->have_crashinfo || cs->crashing >= 0 || !cs->log_panic_src)
		return;
	for (i = 0; i < cs->nthreads; i++) {
		struct fa_cs_thread *t = &cs->threads[i];

		if (t->cpu != cs->log_panic_cpu || t->note < 0)
			continue;
		t->crashing = 1;
		cs->crashing = (int64_t)i;
		memcpy(cs->crash_regs, t->note_regs, sizeof(cs->crash_regs));
		/* nothing else says what the kernel saved: not a mismatch */
		memcpy(t->expect, t->note_regs, sizeof(t->expect));
		t->nmismatch = 0;
		t->mismatch_mask = 0;
		break;
	}
	if (i == cs->nthreads || cs->map != FA_CS_MAP_KERNEL)
		return;
	for (i = 0, bad = 0; i < cs->nthreads; i++)
		bad += cs->threads[i].note >= 0 && cs->threads[i].nmismatch;
	if (bad)
		why_notes_differ(cs, bad);
	else
		snprintf(cs->map_why, sizeof(cs->map_why),
			 "notes follow the capture kernel's rule: firmware order, active threads; no crash-info header, so the crashing CPU (named by the kernel log) is whatever its note holds");
}

int fa_cpustate_match(struct fa_cpustate *cs,
		      const uint64_t (*notes)[FA_PT_NREGS], size_t n,
		      struct fa_err *e)
{
	if (cs->source == FA_CS_SRC_NOTES)
		return match_notes_only(cs, notes, n, e);
	match_fw(cs, notes, n);
	why_cpu_by_pir(cs);
	crashing_from_log(cs);
	return 0;
}

static int cmp_out(const void *a, const void *b)
{
	const struct fa_cs_note_out *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->thread < y->thread ? -1 : x->thread > y->thread;
}

int fa_cpustate_rebuild(const struct fa_cpustate *cs, unsigned int flags,
			struct fa_cs_note_out **out, size_t *n,
			struct fa_err *e)
{
	struct fa_cs_note_out *o;
	size_t i, k = 0, w;

	*out = NULL;
	*n = 0;
	if (cs->source == FA_CS_SRC_NOTES)
		return fa_err_set(e, FA_ENOENT,
				  "no firmware register save area in the dump: nothing to rebuild the notes from");
	o = calloc(cs->nthreads ? cs->nthreads : 1, sizeof(*o));
	if (!o)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	for (i = 0; i < cs->nthreads; i++) {
		const struct fa_cs_thread *t = &cs->threads[i];

		if (cs->source == FA_CS_SRC_REGSAVE) {
			if (t->cpu < 0 ||
			    (!(flags & FA_CS_REBUILD_ALL) && t->in_mask == 0))
				continue;
			o[k].cpu = (uint32_t)t->cpu;
		} else {
			if (t->inactive && !t->crashing)
				continue;
			/* by PIR, renumbered below unless the mask numbered them */
			o[k].cpu = (uint32_t)(cs->cpu_by_pir == 1 && t->cpu >= 0 ?
					      t->cpu : t->pir);
		}
		o[k].thread = i;
		memcpy(o[k].regs, t->crashing ? cs->crash_regs : t->fw_regs,
		       sizeof(o[k].regs));
		k++;
	}
	qsort(o, k, sizeof(*o), cmp_out);
	/* One note per CPU id: a repeated id keeps its first block. */
	for (i = 0, w = 0; i < k; i++)
		if (!w || o[w - 1].cpu != o[i].cpu)
			o[w++] = o[i];
	if (cs->source != FA_CS_SRC_REGSAVE && cs->cpu_by_pir != 1)
		for (i = 0; i < w; i++)
			o[i].cpu = (uint32_t)i;
	if (!w) {
		free(o);
		return fa_err_set(e, FA_ENOENT,
				  "no thread of the firmware save area is in the crash-time CPU mask");
	}
	*out = o;
	*n = w;
	return 0;
}

/* "CPU: 1 PID: 42 Comm: ..." (or "CPU: 1 UID: 0 PID: 42 ..."): 1 if so. */
static int cpu_line(const char *text, uint32_t *cpu, uint32_t *pid)
{
	unsigned long c, p;
	const char *q;
	char *end;

	if (strncmp(text, "CPU: ", 5) || text[5] < '0' || text[5] > '9')
		return 0;
	c = strtoul(text + 5, &end, 10);
	if (*end != ' ' || c > UINT32_MAX)
		return 0;
	q = strstr(end, " PID: ");
	if (!q || q - end > 16 || q[6] < '0' || q[6] > '9')
		return 0;
	p = strtoul(q + 6, &end, 10);
	if (p > UINT32_MAX)
		return 0;
	*cpu = (uint32_t)c;
	*pid = (uint32_t)p;
	return 1;
}

/* Records around the panic where its "CPU:" line may be. */
#define LOG_AFTER	16	/* panic(): dump_stack() right after */
#define LOG_BEFORE	64	/* Oops then panic: show_regs() before */

static int cpu_line_near(const struct fa_printk_record *rec, size_t n,
			 size_t at, uint32_t *cpu)
{
	uint32_t caller = rec[at].caller_id, c, pid;
	size_t k;

	for (k = 1; k <= LOG_AFTER + LOG_BEFORE; k++) {
		size_t j;

		if (k <= LOG_AFTER)
			j = at + k;
		else if (k - LOG_AFTER <= at)
			j = at - (k - LOG_AFTER);
		else
			break;
		if (j >= n || rec[j].caller_id != caller ||
		    !cpu_line(rec[j].text, &c, &pid))
			continue;
		if (caller && pid != caller)
			continue;	/* a task caller is that task's pid */
		*cpu = c;
		return FA_CS_CRASH_LOG_LINE;
	}
	return FA_CS_CRASH_UNKNOWN;
}

int fa_cpustate_log_cpu(const struct fa_printk_record *rec, size_t n,
			uint32_t *cpu)
{
	size_t i;

	for (i = n; i-- > 0;) {
		const struct fa_printk_record *r = &rec[i];

		if (!fa_printk_is_panic(r->text))
			continue;
		if (r->caller_id & FA_PRINTK_CALLER_CPU) {
			*cpu = r->caller_id & ~FA_PRINTK_CALLER_CPU;
			return FA_CS_CRASH_LOG_CALLER;
		}
		return cpu_line_near(rec, n, i, cpu);
	}
	return FA_CS_CRASH_UNKNOWN;
}

/* "smp: Brought up 1 node, 3 CPUs" (smp_cpus_done()): 1 with the count. */
static int brought_up(const char *text, uint32_t *ncpus)
{
	unsigned long c;
	const char *q;
	char *end;

	if (strncmp(text, "smp: Brought up ", 16))
		return 0;
	q = strstr(text + 16, ", ");
	if (!q || q[2] < '0' || q[2] > '9')
		return 0;
	c = strtoul(q + 2, &end, 10);
	if (strncmp(end, " CPU", 4) || !c || c > FA_CI_CPU_MASK_MAX * 8UL)
		return 0;
	*ncpus = (uint32_t)c;
	return 1;
}

/* A record of CPU hotplug: powerpc's and the generic messages. */
static int hotplug_line(const char *text)
{
	static const char *const words[] = {
		"offline", "Ready to die", "did not die", "didn't die",
		"removed CPU", "added CPU",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(text, words[i]))
			return 1;
	return 0;
}

int fa_cpustate_log_online(const struct fa_printk_record *rec, size_t n,
			   uint32_t *ncpus, char *line, size_t len)
{
	size_t i;

	for (i = n; i-- > 0;) {
		if (hotplug_line(rec[i].text))
			return 0;
		if (brought_up(rec[i].text, ncpus)) {
			snprintf(line, len, "%.*s", (int)strcspn(rec[i].text, "\n"),
				 rec[i].text);
			return 1;
		}
	}
	return 0;
}

int fa_cpustate_crash_regs(const struct fa_cpustate *cs,
			   uint64_t regs[FA_PT_NREGS])
{
	const struct fa_cs_thread *t;

	if (cs->crashing < 0 || (size_t)cs->crashing >= cs->nthreads)
		return FA_ENOENT;
	t = &cs->threads[cs->crashing];
	if (t->note < 0)
		return FA_ENOENT;
	memcpy(regs, t->note_regs, sizeof(t->note_regs));
	return 0;
}

int fa_cpustate_crashing_cpu(const struct fa_cpustate *cs, int64_t *cpu)
{
	/* the thread the header marks: its PIR resolved to a logical CPU */
	int marked = cs->crashing >= 0 && cs->threads[cs->crashing].crashing &&
		     cs->threads[cs->crashing].cpu >= 0 &&
		     cs->map != FA_CS_MAP_SINGLE && cs->have_crashinfo;
	struct fa_crash_in in = {
		.have_hdr = cs->have_crashinfo,
		.hdr = marked ? (uint32_t)cs->threads[cs->crashing].cpu :
				cs->crashing_cpu,
		.hdr_is_pir = !marked && cs->crashing_is_pir,
		.have_panic = cs->log_panic_src != 0,
		.panic = cs->log_panic_cpu,
	};
	struct fa_crash c;

	/* the rule cpu-state follows; a PIR alone is no logical CPU here */
	fa_crashing_cpu(&in, &c);
	switch (c.from) {
	case FA_CRASH_FROM_HDR:
		*cpu = c.cpu;
		return FA_CS_CRASH_HEADER;
	case FA_CRASH_FROM_PANIC:
		*cpu = c.cpu;
		return cs->log_panic_src;
	default:
		return FA_CS_CRASH_UNKNOWN;
	}
}

const char *fa_cs_crash_src_name(int src)
{
	switch (src) {
	case FA_CS_CRASH_HEADER:
		return "crash-info header";
	case FA_CS_CRASH_LOG_CALLER:
		return "kernel log: the CPU that logged the panic";
	case FA_CS_CRASH_LOG_LINE:
		return "kernel log: its \"CPU: N PID:\" line with the panic";
	default:
		return "unknown";
	}
}

const char *fa_cs_source_name(int source)
{
	switch (source) {
	case FA_CS_SRC_REGSAVE:
		return "REGSAVE (pSeries register save area)";
	case FA_CS_SRC_HDAT:
		return "HDAT (PowerNV CPU data)";
	case FA_CS_SRC_OPALCORE:
		return "opalcore (HDAT registers as OPAL wrote them)";
	default:
		return "ELF notes only";
	}
}

const char *fa_cs_map_name(int map)
{
	switch (map) {
	case FA_CS_MAP_KERNEL:
		return "capture-kernel order";
	case FA_CS_MAP_CONTENT:
		return "register contents";
	case FA_CS_MAP_ASCENDING:
		return "ascending CPU mask";
	case FA_CS_MAP_UNKNOWN:
		return "no rule (CPUs unknown)";
	case FA_CS_MAP_ONLINE:
		return "ascending over the online CPUs";
	case FA_CS_MAP_SINGLE:
		return "the crashing CPU (one note)";
	default:
		return "none";
	}
}
