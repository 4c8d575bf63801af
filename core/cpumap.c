// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpumap.c - note-to-CPU mapping and crashing-CPU choice (see cpumap.h).
 */
#include <inttypes.h>
#include <string.h>

#include "cpumap.h"

int fa_cpumask_test(const uint8_t *mask, size_t bytes, uint64_t cpu)
{
	if (!mask || cpu / 8 >= bytes)
		return 0;
	return (mask[cpu / 8] >> (cpu % 8)) & 1;
}

unsigned int fa_cpumask_count(const uint8_t *mask, size_t bytes)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; mask && i < bytes; i++)
		n += (unsigned int)__builtin_popcount(mask[i]);
	return n;
}

unsigned int fa_cpumask_ascending(const uint8_t *mask, size_t bytes,
				  unsigned int n, int64_t *cpu)
{
	uint64_t c;
	unsigned int k = 0;

	for (c = 0; c < (uint64_t)bytes * 8 && k < n; c++)
		if (fa_cpumask_test(mask, bytes, c))
			cpu[k++] = (int64_t)c;
	return k;
}

int fa_cpumap_by_pir(unsigned int n, const uint8_t *mask, size_t bytes,
		     int64_t *cpu)
{
	unsigned int i;

	if (mask && fa_cpumask_count(mask, bytes) == n) {
		fa_cpumask_ascending(mask, bytes, n, cpu);
		return 1;
	}
	for (i = 0; i < n; i++)
		cpu[i] = i;
	return 2;
}

char *fa_cpulist(const uint8_t *mask, size_t mask_bytes, char *buf,
		    size_t len)
{
	uint64_t cpu, nbits = (uint64_t)mask_bytes * 8;
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (cpu = 0; cpu < nbits; cpu++) {
		uint64_t last = cpu;
		int n;

		if (!fa_cpumask_test(mask, mask_bytes, cpu))
			continue;
		while (last + 1 < nbits && fa_cpumask_test(mask, mask_bytes, last + 1))
			last++;
		if (last == cpu)
			n = snprintf(buf + used, len - used, "%s%" PRIu64,
				     used ? "," : "", cpu);
		else
			n = snprintf(buf + used, len - used, "%s%" PRIu64 "-%" PRIu64,
				     used ? "," : "", cpu, last);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
		cpu = last;
	}
	if (len && !used)
		snprintf(buf, len, "(none)");
	return buf;
}

static int map_firmware(const struct fa_cpumap_in *in, struct fa_cpumap *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < in->nr_fw; i++)
		if (fa_cpumask_test(in->mask, in->mask_bytes, in->fw_order[i]))
			n++;
	if (n != in->nr_notes)
		return 0;
	n = 0;
	for (i = 0; i < in->nr_fw; i++)
		if (fa_cpumask_test(in->mask, in->mask_bytes, in->fw_order[i]))
			out->cpu[n++] = in->fw_order[i];
	return 1;
}

int fa_cpumap_notes(const struct fa_cpumap_in *in, struct fa_cpumap *out,
		    struct fa_err *e)
{
	const char *msrc = in->mask_src ? in->mask_src : "the kernel";
	unsigned int i, inmask = fa_cpumask_count(in->mask, in->mask_bytes);
	char list[128];

	if (in->nr_notes > FA_CPUMAP_MAX_CPUS)
		return fa_err_set(e, FA_ERANGE,
				  "%u NT_PRSTATUS notes, at most %u supported",
				  in->nr_notes, FA_CPUMAP_MAX_CPUS);
	out->nr_notes = in->nr_notes;
	for (i = 0; i < in->nr_notes; i++)
		out->cpu[i] = -1;
	fa_cpulist(in->mask, in->mask_bytes, list, sizeof(list));

	if (in->fw_order && in->mask && map_firmware(in, out)) {
		out->method = FA_CPUMAP_FIRMWARE;
		snprintf(out->why, sizeof(out->why),
			 "firmware order of %s, keeping the CPUs of the crash-time mask %s (%s), as the capture kernel emits the notes",
			 in->fw_src ? in->fw_src : "the register save area",
			 list, msrc);
		return 0;
	}
	if (in->mask && inmask == in->nr_notes) {
		out->method = FA_CPUMAP_ASCENDING;
		fa_cpumask_ascending(in->mask, in->mask_bytes, in->nr_notes,
				     out->cpu);
		snprintf(out->why, sizeof(out->why),
			 "ASSUMED: ascending CPUs of the crash-time mask %s (%s), as crash does; the notes carry no CPU id and %s",
			 list, msrc,
			 in->fw_order ? "the firmware's CPU order does not match the note count"
				      : "the firmware register save area is not in the dump");
		return 0;
	}
	out->method = FA_CPUMAP_INDEX;
	for (i = 0; i < in->nr_notes; i++)
		out->cpu[i] = i;
	if (in->mask)
		snprintf(out->why, sizeof(out->why),
			 "ASSUMED: note N is CPU N; the crash-time mask %s (%s) has %u CPUs for %u notes",
			 list, msrc, inmask, in->nr_notes);
	else
		snprintf(out->why, sizeof(out->why),
			 "ASSUMED: note N is CPU N; no crash-time CPU mask is available");
	return 0;
}

void fa_crashing_cpu(const struct fa_crash_in *in,
			struct fa_crash *out)
{
	int var_ok = in->have_var && in->var >= 0;
	int hdr_ok = in->have_hdr && in->hdr != 0xFFFFFFFFu;
	int panic_ok = in->have_panic && in->panic >= 0;
	size_t used = 0;

	out->cpu = -1;
	out->from = FA_CRASH_FROM_NONE;
	out->src = "unknown";
	out->note[0] = '\0';
	if (var_ok) {
		out->cpu = in->var;
		out->from = FA_CRASH_FROM_VAR;
		out->src = "crashing_cpu";
	} else if (hdr_ok && !in->hdr_is_pir) {
		out->cpu = in->hdr;
		out->from = FA_CRASH_FROM_HDR;
		out->src = "crash-info header";
	} else if (panic_ok) {
		out->cpu = in->panic;
		out->from = FA_CRASH_FROM_PANIC;
		out->src = in->panic_src ? in->panic_src : "panic";
	} else if (hdr_ok) {
		out->cpu = in->hdr;
		out->from = FA_CRASH_FROM_HDR_PIR;
		out->src = "crash-info header (a PIR)";
	}
	if (out->cpu < 0)
		return;
	if (hdr_ok && !in->hdr_is_pir && (int64_t)in->hdr != out->cpu)
		used += (size_t)snprintf(out->note + used, sizeof(out->note) - used,
					 "crash-info header says %u; ", in->hdr);
	if (panic_ok && in->panic != out->cpu && used < sizeof(out->note))
		used += (size_t)snprintf(out->note + used, sizeof(out->note) - used,
					 "%s says %" PRId64 "; ",
					 in->panic_src ? in->panic_src : "panic",
					 in->panic);
	if (used >= 2 && used < sizeof(out->note))
		out->note[used - 2] = '\0';
}

int fa_find_regs_note(const uint64_t (*notes)[FA_PT_NREGS],
			 unsigned int nr_notes, const uint64_t *regs,
			 unsigned int nregs)
{
	unsigned int i;

	if (nregs > FA_PT_NREGS)
		nregs = FA_PT_NREGS;
	for (i = 0; i < nr_notes; i++)
		if (!memcmp(notes[i], regs, nregs * sizeof(uint64_t)))
			return (int)i;
	return -1;
}

int fa_note_matches_fw(const uint64_t note[FA_PT_NREGS],
			  const uint64_t fw[FA_PT_NREGS])
{
	unsigned int i;

	/* The firmware-derived note is a zeroed pt_regs with these copied. */
	for (i = 0; i < FA_PT_NREGS; i++)
		if (note[i] != fw[i])
			return 0;
	return 1;
}
