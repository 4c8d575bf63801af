// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpustate_dump.c - fill the register model (cpustate.c) from an open
 * dump: its CPU notes, the firmware sections fwsections.c finds, and the
 * crash-info header.  Shared by `cpus` and `rebuild-notes`.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpustate.h"
#include "dump.h"
#include "elfnote.h"
#include "fwsections.h"
#include "printk.h"
#include "prstatus.h"
#include "symbolize.h"
#include "vmcoreinfo.h"

#define REGSAVE_AREA_MAX	(64u << 20)

/* Collect the pr_reg of every "CORE" NT_PRSTATUS note, in file order. */
static int load_notes(const struct fa_dump *d, struct fa_cpus_input *in,
		      struct fa_err *e)
{
	struct fa_prstatus p;
	struct fa_note n;
	size_t pos = 0, cap = 0;
	int ret;

	while ((ret = fa_note_next(d->notes, d->notes_len, d->byteorder, &pos,
				   &n, e)) == 1) {
		if (n.type != FA_NT_PRSTATUS || !fa_note_name_is(&n, FA_NN_CORE))
			continue;
		ret = fa_prstatus_decode(n.desc, n.descsz, d->byteorder,
					 d->machine, &p, e);
		if (ret)
			return fa_err_prefix(e, "CPU note %zu at note offset %#zx: ",
					     in->nnotes, n.offset);
		if (in->nnotes == cap) {
			void *q;

			cap = cap ? 2 * cap : 16;
			q = realloc(in->notes, cap * sizeof(*in->notes));
			if (!q)
				return fa_err_set(e, FA_ENOMEM, "out of memory for CPU notes");
			in->notes = q;
		}
		memcpy(in->notes[in->nnotes++], p.reg, sizeof(p.reg));
	}
	if (ret < 0)
		return fa_err_prefix(e, "ELF notes: ");
	return 0;
}

static int load_regsave(const struct fa_dump *d, struct fa_cpus_input *in,
			struct fa_err *e);
static int load_opalcore(const struct fa_dump *d, struct fa_cpus_input *in,
			 struct fa_err *e);

/* The firmware's registers and what the crash-info header says of them. */
static int load_fw(const struct fa_dump *d, struct fa_cpus_input *in,
		   struct fa_err *e)
{
	const struct fa_fwsections *fw = in->fw;
	int ret = 0;

	if ((fw->platform == FA_FW_PSERIES || fw->platform == FA_FW_PHYP) &&
	    fw->have_regsave && fw->cpu_state.in_dump)
		ret = load_regsave(d, in, e);
	else if (fw->platform == FA_FW_OPAL || fw->platform == FA_FW_NONE ||
		 fw->platform == FA_FW_UNKNOWN)
		/* also a root whose vmcore kept no firmware section at all */
		ret = load_opalcore(d, in, e);
	if (ret)
		return ret;
	in->cs.legacy_phyp = fw->platform == FA_FW_PHYP;
	if (fw->have_crashinfo)
		fa_cpustate_set_crashinfo(&in->cs, &fw->ci,
					  fw->platform == FA_FW_OPAL);
	fa_cpustate_number_by_pir(&in->cs);
	return 0;
}

static int load_regsave(const struct fa_dump *d, struct fa_cpus_input *in,
			struct fa_err *e)
{
	struct fa_regsave rs;
	uint8_t *buf = NULL;
	int ret;

	memset(&rs, 0, sizeof(rs));
	ret = fa_fw_read_area(d, &in->fw->cpu_state, REGSAVE_AREA_MAX, &buf, e);
	if (!ret)
		ret = fa_regsave_decode(buf, in->fw->cpu_state.size, &rs, e);
	if (!ret)
		ret = fa_cpustate_from_regsave(&in->cs, &rs, e);
	if (ret)
		fa_err_prefix(e, "CPU state data at %#" PRIx64 ": ",
			      in->fw->cpu_state.addr);
	fa_regsave_free(&rs);
	free(buf);
	return ret;
}

/*
 * PowerNV: the HDAT CPU data is where only OPAL's TAG_CPU says, but the
 * capture root's opalcore carries it, one NT_PRSTATUS per active thread
 * built from those very blocks (pr_pid = 100 + PIR).  Returns 0 also when
 * there is no opalcore (the model then stays "notes only").
 */
static int load_opalcore(const struct fa_dump *d, struct fa_cpus_input *in,
			 struct fa_err *e)
{
	uint64_t (*regs)[FA_PT_NREGS] = NULL;
	struct fa_dump *oc = NULL;
	int32_t *pid = NULL;
	struct fa_prstatus p;
	struct fa_note n;
	size_t pos = 0, cnt = 0, cap = 0;
	char path[4096];
	int ret = 0;

	if (!d->root || fa_root_opalcore(d->root, path, sizeof(path), e)) {
		fa_err_clear(e);
		return 0;
	}
	ret = fa_dump_open(path, FA_DUMP_NO_MEMORY, &oc, e);
	if (ret) {
		if (strncmp(e->msg, path, strlen(path)))
			fa_err_prefix(e, "%s: ", path);
		return ret;
	}
	if (oc->format != FA_DUMP_OPALCORE) {
		ret = fa_err_set(e, FA_EMAGIC, "%s: a %s, expected an opalcore",
				 path, fa_dump_format_name(oc->format));
		goto out;
	}
	while ((ret = fa_note_next(oc->notes, oc->notes_len, oc->byteorder,
				   &pos, &n, e)) == 1) {
		if (n.type != FA_NT_PRSTATUS || !fa_note_name_is(&n, FA_NN_CORE))
			continue;
		ret = fa_prstatus_decode(n.desc, n.descsz, oc->byteorder,
					 oc->machine, &p, e);
		if (ret) {
			fa_err_prefix(e, "%s: note at offset %#zx: ", path,
				      n.offset);
			goto out;
		}
		if (cnt == cap) {
			void *q1, *q2;

			cap = cap ? 2 * cap : 16;
			q1 = realloc(regs, cap * sizeof(*regs));
			if (q1)
				regs = q1;
			q2 = realloc(pid, cap * sizeof(*pid));
			if (q2)
				pid = q2;
			if (!q1 || !q2) {
				ret = fa_err_set(e, FA_ENOMEM, "out of memory");
				goto out;
			}
		}
		memcpy(regs[cnt], p.reg, sizeof(regs[cnt]));
		pid[cnt++] = p.pid;
	}
	if (ret < 0) {
		fa_err_prefix(e, "%s: ELF notes: ", path);
		goto out;
	}
	ret = 0;
	if (!cnt)
		goto out;
	ret = fa_cpustate_from_opalcore(&in->cs, pid,
					(const uint64_t (*)[FA_PT_NREGS])regs,
					cnt, e);
	if (ret)
		fa_err_prefix(e, "%s: ", path);
	else
		snprintf(in->cs.source_file, sizeof(in->cs.source_file),
			 "%.255s", path);
out:
	free(regs);
	free(pid);
	fa_dump_close(oc);
	return ret;
}

int fa_cpus_log_cpu(const struct fa_dump *d, uint32_t *cpu)
{
	struct fa_printk_log log;
	struct fa_err e;
	int src = FA_CS_CRASH_UNKNOWN;

	if (!d->vmcoreinfo || !d->mem.read)
		return src;
	if (!fa_printk_read(&d->mem, d->vmcoreinfo, &log, &e))
		src = fa_cpustate_log_cpu(log.rec, log.count, cpu);
	fa_printk_log_free(&log);
	return src;
}

/*
 * The crashed kernel's __cpu_online_mask, read from the dump through the
 * vmlinux's address for it: 0 with the mask set in @cs, else an error
 * the caller drops (the log is tried next).
 */
static int online_from_kernel(const struct fa_dump *d,
			      struct fa_symbolizer *sym, struct fa_cpustate *cs)
{
	uint8_t raw[FA_CI_CPU_MASK_MAX], mask[FA_CI_CPU_MASK_MAX];
	uint64_t addr, size;
	struct fa_err e;
	uint32_t cpu, any = 0;

	if (!sym || !d->mem.read ||
	    fa_sym_addr(sym, "__cpu_online_mask", &addr, &size) ||
	    !size || size % 8)
		return FA_ENOENT;
	if (size > sizeof(raw))
		size = sizeof(raw);
	if (d->mem.read(d->mem.ctx, FA_KVADDR, addr, raw, size, &e))
		return e.code;
	memset(mask, 0, sizeof(mask));
	for (cpu = 0; cpu < size * 8; cpu++)
		if (fa_cpumask_test_raw(raw, size, d->byteorder, cpu)) {
			mask[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
			any = 1;
		}
	if (!any)	/* not the crashed kernel's (a zeroed page): the log */
		return FA_ENOENT;
	fa_cpustate_set_online(cs, mask, sizeof(mask),
			       "kernel's __cpu_online_mask");
	return 0;
}

/* The CPUs the crashed kernel's log says it brought up: 0 .. M-1. */
static void online_from_log(const struct fa_dump *d, struct fa_cpustate *cs)
{
	uint8_t mask[FA_CI_CPU_MASK_MAX];
	struct fa_printk_log log;
	char line[96], src[128];
	uint32_t n = 0, cpu;
	struct fa_err e;

	if (!d->vmcoreinfo || !d->mem.read)
		return;
	if (!fa_printk_read(&d->mem, d->vmcoreinfo, &log, &e) &&
	    fa_cpustate_log_online(log.rec, log.count, &n, line, sizeof(line))) {
		memset(mask, 0, sizeof(mask));
		for (cpu = 0; cpu < n; cpu++)
			mask[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
		snprintf(src, sizeof(src), "kernel log: %s", line);
		fa_cpustate_set_online(cs, mask, sizeof(mask), src);
	}
	fa_printk_log_free(&log);
}

int fa_cpus_load(struct fa_dump *d, int notes_only, struct fa_cpus_input *in,
		 struct fa_err *e)
{
	return fa_cpus_load_sym(d, NULL, notes_only, in, e);
}

int fa_cpus_load_sym(struct fa_dump *d, struct fa_symbolizer *sym,
		     int notes_only, struct fa_cpus_input *in,
		     struct fa_err *e)
{
	uint32_t cpu;
	int ret;

	in->notes = NULL;
	in->nnotes = 0;
	in->fw = NULL;
	if (d->format == FA_DUMP_OPALCORE)
		return fa_err_set(e, FA_EUNSUP,
				  "an opalcore: its threads are shown by '%s opalcore'",
				  "fadump-analyze");
	if (!fa_dump_is_ppc64(d))
		return fa_err_set(e, FA_EUNSUP,
				  "a %s dump: FADump registers exist only on ppc64",
				  fa_dump_machine_name(d));
	ret = load_notes(d, in, e);
	if (ret)
		return ret;
	in->cs.log_panic_src = fa_cpus_log_cpu(d, &cpu);
	if (in->cs.log_panic_src)
		in->cs.log_panic_cpu = cpu;
	if (!notes_only) {
		in->fw = calloc(1, sizeof(*in->fw));
		if (!in->fw)
			return fa_err_set(e, FA_ENOMEM, "out of memory");
		ret = fa_fwsections_find(d, NULL, in->fw, e);
		if (ret)
			return ret;
		ret = load_fw(d, in, e);
		if (ret)
			return ret;
	}
	if (!in->cs.have_mask && online_from_kernel(d, sym, &in->cs))
		online_from_log(d, &in->cs);
	return fa_cpustate_match(&in->cs, (const uint64_t (*)[FA_PT_NREGS])in->notes,
				 in->nnotes, e);
}

void fa_cpus_input_free(struct fa_cpus_input *in)
{
	fa_cpustate_free(&in->cs);
	free(in->notes);
	free(in->fw);
	in->notes = NULL;
	in->fw = NULL;
	in->nnotes = 0;
}

int fa_cpus_has_cpu(const struct fa_cpustate *cs, int64_t cpu)
{
	size_t i;

	for (i = 0; i < cs->nthreads; i++)
		if (cs->threads[i].cpu == cpu)
			return 1;
	return 0;
}
