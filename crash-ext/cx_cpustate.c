// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cx_cpustate.c - note-to-CPU mapping, crashing-CPU choice and ppc64 register
 * printing for cpu-state (see cx_cpustate.h).
 */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "cx_cpustate.h"
#include "ppcregs.h"
#include "prstatus.h"

static int mask_test(const uint8_t *mask, size_t bytes, uint64_t cpu)
{
	if (!mask || cpu / 8 >= bytes)
		return 0;
	return (mask[cpu / 8] >> (cpu % 8)) & 1;
}

static unsigned int mask_count(const uint8_t *mask, size_t bytes)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; mask && i < bytes; i++)
		n += (unsigned int)__builtin_popcount(mask[i]);
	return n;
}

char *fa_cx_cpulist(const uint8_t *mask, size_t mask_bytes, char *buf,
		    size_t len)
{
	uint64_t cpu, nbits = (uint64_t)mask_bytes * 8;
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (cpu = 0; cpu < nbits; cpu++) {
		uint64_t last = cpu;
		int n;

		if (!mask_test(mask, mask_bytes, cpu))
			continue;
		while (last + 1 < nbits && mask_test(mask, mask_bytes, last + 1))
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

static int map_firmware(const struct fa_cx_map_in *in, struct fa_cx_map *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < in->nr_fw; i++)
		if (mask_test(in->mask, in->mask_bytes, in->fw_order[i]))
			n++;
	if (n != in->nr_notes)
		return 0;
	n = 0;
	for (i = 0; i < in->nr_fw; i++)
		if (mask_test(in->mask, in->mask_bytes, in->fw_order[i]))
			out->cpu[n++] = in->fw_order[i];
	return 1;
}

static void map_ascending(const struct fa_cx_map_in *in, struct fa_cx_map *out)
{
	uint64_t cpu;
	unsigned int n = 0;

	for (cpu = 0; cpu < (uint64_t)in->mask_bytes * 8 && n < in->nr_notes; cpu++)
		if (mask_test(in->mask, in->mask_bytes, cpu))
			out->cpu[n++] = (int64_t)cpu;
}

int fa_cx_map_notes(const struct fa_cx_map_in *in, struct fa_cx_map *out,
		    struct fa_err *e)
{
	const char *msrc = in->mask_src ? in->mask_src : "the kernel";
	unsigned int i, inmask = mask_count(in->mask, in->mask_bytes);
	char list[128];

	if (in->nr_notes > FA_CX_MAX_CPUS)
		return fa_err_set(e, FA_ERANGE,
				  "%u NT_PRSTATUS notes, at most %u supported",
				  in->nr_notes, FA_CX_MAX_CPUS);
	out->nr_notes = in->nr_notes;
	for (i = 0; i < in->nr_notes; i++)
		out->cpu[i] = -1;
	fa_cx_cpulist(in->mask, in->mask_bytes, list, sizeof(list));

	if (in->fw_order && in->mask && map_firmware(in, out)) {
		out->method = FA_CX_MAP_FIRMWARE;
		snprintf(out->why, sizeof(out->why),
			 "firmware order of the register save area, keeping the CPUs of the crash-time mask %s (%s), as the capture kernel emits the notes",
			 list, msrc);
		return 0;
	}
	if (in->mask && inmask == in->nr_notes) {
		out->method = FA_CX_MAP_ASCENDING;
		map_ascending(in, out);
		snprintf(out->why, sizeof(out->why),
			 "ASSUMED: ascending CPUs of the crash-time mask %s (%s), as crash does; the notes carry no CPU id and %s",
			 list, msrc,
			 in->fw_order ? "the firmware's CPU order does not match the note count"
				      : "the firmware register save area is not in the dump");
		return 0;
	}
	out->method = FA_CX_MAP_INDEX;
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

void fa_cx_crashing_cpu(const struct fa_cx_crash_in *in,
			struct fa_cx_crash *out)
{
	int var_ok = in->have_var && in->var >= 0;
	int hdr_ok = in->have_hdr && in->hdr != 0xFFFFFFFFu;
	int panic_ok = in->have_panic && in->panic >= 0;
	size_t used = 0;

	out->cpu = -1;
	out->src = "unknown";
	out->note[0] = '\0';
	if (var_ok) {
		out->cpu = in->var;
		out->src = "crashing_cpu";
	} else if (hdr_ok && !in->hdr_is_pir) {
		out->cpu = in->hdr;
		out->src = "crash-info header";
	} else if (panic_ok) {
		out->cpu = in->panic;
		out->src = in->panic_src ? in->panic_src : "panic";
	} else if (hdr_ok) {
		out->cpu = in->hdr;
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

int fa_cx_find_regs_note(const uint64_t (*notes)[FA_PT_NREGS],
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

int fa_cx_note_matches_fw(const uint64_t note[FA_PT_NREGS],
			  const uint64_t fw[FA_PT_NREGS])
{
	unsigned int i;

	/* The firmware-derived note is a zeroed pt_regs with these copied. */
	for (i = 0; i < FA_PT_NREGS; i++)
		if (note[i] != fw[i])
			return 0;
	return 1;
}

const char *fa_cx_reg_label(unsigned int i, char buf[16])
{
	const char *n = fa_pt_reg_name(i);
	size_t k;

	if (!n) {
		snprintf(buf, 16, "SLOT%u", i);
		return buf;
	}
	for (k = 0; n[k] && k < 15; k++)
		buf[k] = (char)toupper((unsigned char)n[k]);
	buf[k] = '\0';
	return buf;
}

static void print_sym(FILE *out, uint64_t addr, const struct fa_cx_sym *sym)
{
	const char *name;
	uint64_t off = 0;

	if (!sym || !sym->fn)
		return;
	name = sym->fn(sym->ctx, addr, &off);
	if (!name)
		return;
	if (off)
		fprintf(out, "  <%s+0x%" PRIx64 ">", name, off);
	else
		fprintf(out, "  <%s>", name);
}

static void print_one(FILE *out, const uint64_t *regs, unsigned int i)
{
	char lbl[16];

	fprintf(out, "  %7s: %016" PRIx64, fa_cx_reg_label(i, lbl), regs[i]);
}

void fa_cx_print_regs(FILE *out, const uint64_t regs[FA_PT_NREGS],
		      const struct fa_cx_sym *sym)
{
	char buf[256];
	const char *trap;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		print_one(out, regs, i);
		if (i % 4 == 3)
			fputc('\n', out);
	}
	print_one(out, regs, FA_PT_NIP);
	print_sym(out, regs[FA_PT_NIP], sym);
	fputc('\n', out);
	print_one(out, regs, FA_PT_LINK);
	print_sym(out, regs[FA_PT_LINK], sym);
	fputc('\n', out);
	fa_ppcregs_msr_str(regs[FA_PT_MSR], buf, sizeof(buf));
	print_one(out, regs, FA_PT_MSR);
	fprintf(out, "  %s\n", buf);
	fa_ppcregs_cr_str((uint32_t)regs[FA_PT_CCR], buf, sizeof(buf));
	print_one(out, regs, FA_PT_CCR);
	fprintf(out, "  %s\n", buf);
	fa_ppcregs_xer_str(regs[FA_PT_XER], buf, sizeof(buf));
	print_one(out, regs, FA_PT_XER);
	fprintf(out, "  %s\n", buf);
	trap = fa_ppcregs_trap_name(regs[FA_PT_TRAP]);
	print_one(out, regs, FA_PT_TRAP);
	fprintf(out, "  %s\n", trap ? trap : regs[FA_PT_TRAP] ? "(unknown vector)" : "(none)");
	print_one(out, regs, FA_PT_CTR);
	print_one(out, regs, FA_PT_ORIG_GPR3);
	print_one(out, regs, FA_PT_SOFTE);
	fputc('\n', out);
	print_one(out, regs, FA_PT_DAR);
	print_one(out, regs, FA_PT_DSISR);
	print_one(out, regs, FA_PT_RESULT);
	fputc('\n', out);
}

void fa_cx_print_raw(FILE *out, const uint64_t regs[FA_PT_NREGS])
{
	const char *n;
	unsigned int i;

	for (i = 0; i < FA_PT_NREGS; i++) {
		n = fa_pt_reg_name(i);
		fprintf(out, "  pr_reg[%2u] %-11s %016" PRIx64 "%s", i, n ? n : "?",
			regs[i], i % 2 ? "\n" : "   ");
	}
}
