// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fadump.c - fadump.so, the crash extension: `extend fadump.so` adds
 * fadump-region and cpu-state (both usable in crash --minimal).
 *
 * The commands: option parsing, what is printed in which order, the help
 * pages and the registration.  What is read through crash lives in
 * cx_gather.c; decoding and formatting live in the pure files beside it
 * (core/, cx_dumpfile.c, cx_report.c) and in formats/.
 * The only allocations are released before each command returns, and
 * error(FATAL) is never raised while one is held.
 */
#include "defs.h"

#include "cpumap.h"
#include "regionview.h"
#include "regs.h"
#include "cx_gather.h"
#include "cx_report.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "ktext.h"
#include "prstatus.h"

/* ---- fadump-region ---- */

static void fx_sym(void *ctx, uint64_t addr, char *buf, size_t len)
{
	struct syment *sp;
	ulong offset = 0;

	(void)ctx;
	if (!addr || !IS_KVADDR(addr))
		return;
	sp = value_search(addr, &offset);
	if (!sp || offset > (1UL << 20))
		return;
	if (offset)
		snprintf(buf, len, "%s+0x%lx", sp->name, offset);
	else
		snprintf(buf, len, "%s", sp->name);
}

static enum fa_region_form fx_region_form(struct fx *x)
{
	if (x->fwd.present[FA_FWD_BOOT_MEM_TOP])
		return FA_REGION_PSERIES;
	return FA_REGION_PSERIES_OLD;
}

static void fx_print_ktext(struct fx *x)
{
	struct fa_region_show *s;
	struct fa_text t;
	struct fa_err e = { 0 };
	char *param = NULL;
	int active = (int)x->fwd.v[FA_FWD_DUMP_ACTIVE];
	uint64_t above;

	if (!x->have_fdm && !x->have_opal) {
		fprintf(fp, "fadump_region: not available: %s\n", x->fdm_why);
		return;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return;
	fa_text_init(&t);
	if (x->have_opal) {
		fa_region_view_opal(&x->opal, active,
				    x->fwd.v[FA_FWD_BOOT_MEM_TOP], s);
	} else {
		const struct fa_rtas_section *r = fa_region_rtas_param(&x->fdm);

		if (r) {
			param = calloc(1, FA_RTAS_COMMAND_LINE_SIZE + 1);
			if (param && !fx_read_phys(r->destination_address, param,
						   FA_RTAS_COMMAND_LINE_SIZE))
				param[0] = '\0';
		}
		above = fx_region_form(x) == FA_REGION_PSERIES ?
			x->fwd.v[FA_FWD_BOOT_MEM_TOP] :
			x->fwd.v[FA_FWD_RESERVE_DUMP_AREA_START];
		if (fa_region_view_rtas(&x->fdm, fx_region_form(x), active,
					above, param, s, &e))
			goto out;
	}
	if (fa_region_render(s, &t, &e))
		goto out;
	fprintf(fp, "fadump_region (/sys/kernel/debug/powerpc/fadump_region in the crashed kernel, %s form):\n",
		fa_region_form_name(s->form));
	if (t.len)
		fwrite(t.buf, 1, t.len, fp);
	if (t.len && t.buf[t.len - 1] != '\n')
		fputc('\n', fp);
out:
	if (e.code)
		fprintf(fp, "fadump_region: cannot render: %s\n", e.msg);
	fa_region_show_free(s);
	fa_text_free(&t);
	free(param);
	free(s);
}

static void fx_print_dumpfile(struct fx *x)
{
	const char **detail;
	char (*txt)[96];
	size_t i;

	if (!x->have_dump) {
		fprintf(fp, "dump file: %s\n", x->dump_why);
		return;
	}
	detail = calloc(x->dump.nr_load + 1, sizeof(*detail));
	txt = calloc(x->dump.nr_load + 1, sizeof(*txt));
	for (i = 0; detail && txt && i < x->dump.nr_load; i++) {
		uint64_t pa = x->dump.load[i].paddr;

		if (x->sect[i] == FA_CX_SECT_REGSAVE && x->have_rs && x->rs_addr == pa)
			snprintf(txt[i], sizeof(txt[i]), "%u CPUs", x->rs.num_cpus);
		else if (x->sect[i] == FA_CX_SECT_CRASHINFO && x->have_ci && x->ci_addr == pa)
			snprintf(txt[i], sizeof(txt[i]), "%s, crashing_cpu %u",
				 x->ci.era == FA_CI_FADMPSIG ? "FADMPSIG" : "FADMPINF",
				 x->ci.crashing_cpu);
		else
			continue;
		detail[i] = txt[i];
	}
	fprintf(fp, "dump file: %s (ELF vmcore, %s, %zu PT_LOADs)\n",
		pc->dumpfile, fa_bo_name(x->dump.byteorder), x->dump.nr_load);
	fa_cx_print_segments(fp, &x->dump, x->sect, detail);
	if (fx_find_sect(x, FA_CX_SECT_REGSAVE) < 0 &&
	    fx_find_sect(x, FA_CX_SECT_CRASHINFO) < 0)
		fprintf(fp, "  no firmware sections: the reserved dump area is cut out of this vmcore, as mainline Linux does\n");
	free(detail);
	free(txt);
}

static void fx_crashing(struct fx *x, struct fa_crash *c)
{
	struct fa_crash_in in = { 0 };

	in.have_var = x->have_ccpu;
	in.var = x->ccpu;
	in.have_hdr = x->have_ci;
	in.hdr = x->ci.crashing_cpu;
	in.hdr_is_pir = x->have_opal;
	in.have_panic = x->have_panic;
	in.panic = x->panic;
	in.panic_src = x->panic_src;
	fa_crashing_cpu(&in, c);
}

static void fx_print_crashing(const struct fa_crash *c)
{
	if (c->cpu < 0)
		fprintf(fp, "crashing CPU: unknown (no crashing_cpu, crash-info header or panic CPU)\n");
	else
		fprintf(fp, "crashing CPU: %lld (from %s)%s%s\n", (long long)c->cpu,
			c->src, c->note[0] ? "; " : "", c->note);
}

/*
 * "cmd -h" or "cmd --help": the command's page, as "help cmd" shows it
 * (crash's getopt would otherwise take "--help" for five bad options).
 */
static int fx_help_asked(void)
{
	int i;

	for (i = 1; i < argcnt && args[i]; i++)
		if (!strcmp(args[i], "-h") || !strcmp(args[i], "--help")) {
			cmd_usage(pc->curcmd, COMPLETE_HELP);
			return 1;
		}
	return 0;
}

static void cmd_fadump_region(void)
{
	struct fa_crash cr;
	unsigned int flags = 0;
	int c, ktext = 0;
	struct fx *x;

	if (fx_help_asked())
		return;
	while ((c = getopt(argcnt, args, "kv")) != EOF) {
		switch (c) {
		case 'k':
			ktext = 1;
			break;
		case 'v':
			flags |= FA_FWD_VERBOSE;
			break;
		default:
			argerrs++;
			break;
		}
	}
	if (argerrs || args[optind])
		cmd_usage(pc->curcmd, SYNOPSIS);

	x = fx_gather();
	if (!x)
		error(FATAL, "out of memory\n");

	if (x->have_fwd) {
		fprintf(fp, "fw_dump at 0x%lx (struct fw_dump, %ld bytes, %s layout; source: the kernel's fw_dump)\n",
			x->fwd_addr, x->lay.struct_size, fa_fwdump_era(&x->fwd));
		fa_fwdump_print(fp, &x->fwd, &x->lay, flags);
		if (!x->fwd.v[FA_FWD_FADUMP_ENABLED] &&
		    !x->fwd.v[FA_FWD_RESERVE_DUMP_AREA_START])
			fprintf(fp, "  (fw_dump is empty: FADump was not enabled in the crashed kernel)\n");
	} else {
		error(INFO, "fw_dump: %s\n", x->fwd_why);
		fprintf(fp, "source: the dump file only (no kernel FADump configuration)\n");
	}
	if (x->have_fdm) {
		fprintf(fp, "rtas registration (fdm at 0x%lx):\n", x->fdm_addr);
		fa_cx_print_rtas_fdm(fp, &x->fdm);
	} else if (x->have_opal) {
		fprintf(fp, "opal metadata (*opal_fdm at 0x%lx):\n", x->opal_addr);
		fa_cx_print_opal_fdm(fp, &x->opal);
	} else if (x->have_fwd || (flags & FA_FWD_VERBOSE)) {
		fprintf(fp, "platform registration: %s\n", x->fdm_why);
	}
	if (x->have_ci) {
		fprintf(fp, "crash-info header at 0x%llx (from %s):\n",
			(unsigned long long)x->ci_addr, x->ci_src);
		fa_cx_print_crashinfo(fp, &x->ci);
		if (x->have_opal)
			fprintf(fp, "  (on PowerNV the OPAL trigger overwrites crashing_cpu with the PIR)\n");
	} else {
		fprintf(fp, "crash-info header: %s\n", x->ci_why);
	}
	if (x->have_rs)
		fprintf(fp, "register save area at 0x%llx (from %s): REGSAVE, %u CPUs\n",
			(unsigned long long)x->rs_addr, x->rs_src, x->rs.num_cpus);
	else
		fprintf(fp, "register save area: %s\n", x->rs_why);
	fx_crashing(x, &cr);
	fx_print_crashing(&cr);
	if (!x->have_fwd || (flags & FA_FWD_VERBOSE))
		fx_print_dumpfile(x);
	if (ktext)
		fx_print_ktext(x);
	fx_free(x);
}

/* ---- cpu-state ---- */

struct fx_notes {
	unsigned int n;
	uint64_t (*regs)[FA_PT_NREGS];
	char src[FX_WHY];
};

static int fx_note_add(struct fx_notes *nt, const struct fa_note *n, int bo,
		       uint16_t machine)
{
	struct fa_prstatus pr;
	struct fa_err e = { 0 };
	uint64_t (*r)[FA_PT_NREGS];

	if (n->type != FA_NT_PRSTATUS || !fa_note_name_is(n, FA_NN_CORE))
		return 0;
	if (fa_prstatus_decode(n->desc, n->descsz, bo, machine, &pr, &e)) {
		error(INFO, "note at offset 0x%zx: %s\n", n->offset, e.msg);
		return 0;
	}
	if (nt->n >= FA_CPUMAP_MAX_CPUS)
		return 0;
	r = realloc(nt->regs, (nt->n + 1) * sizeof(*r));
	if (!r)
		return FA_ENOMEM;
	nt->regs = r;
	memset(r[nt->n], 0, sizeof(r[nt->n]));
	memcpy(r[nt->n], pr.reg, sizeof(uint64_t) * (pr.nreg < FA_PT_NREGS ? pr.nreg : FA_PT_NREGS));
	nt->n++;
	return 0;
}

static void fx_notes_elf(struct fx *x, struct fx_notes *nt)
{
	struct fa_err e = { 0 };
	struct fa_note n;
	size_t pos = 0;
	int rc;

	if (x->dump.machine != FA_EM_PPC64) {
		snprintf(nt->src, sizeof(nt->src),
			 "%s: e_machine %u is not EM_PPC64 (21)", pc->dumpfile,
			 x->dump.machine);
		return;
	}
	while ((rc = fa_note_next(x->dump.notes, x->dump.notes_len,
				  x->dump.byteorder, &pos, &n, &e)) == 1)
		if (fx_note_add(nt, &n, x->dump.byteorder, x->dump.machine))
			break;
	if (rc < 0)
		error(INFO, "notes of %s: %s\n", pc->dumpfile, e.msg);
	snprintf(nt->src, sizeof(nt->src), "the PT_NOTE of %s (ELF vmcore)",
		 pc->dumpfile);
}

static void fx_notes_diskdump(struct fx_notes *nt)
{
	struct fa_err e = { 0 };
	struct fa_note n;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		unsigned char *p = diskdump_get_prstatus_percpu(cpu);
		size_t pos = 0, len;
		uint32_t namesz, descsz;

		if (!p)
			break;
		namesz = fa_get32(p, fa_host_bo());
		descsz = fa_get32(p + 4, fa_host_bo());
		if (namesz > 64 || descsz > 4096)
			break;
		len = FA_NOTE_HDR_SIZE + FA_ALIGN_UP(namesz, 4) + FA_ALIGN_UP(descsz, 4);
		if (fa_note_next(p, len, fa_host_bo(), &pos, &n, &e) != 1 ||
		    fx_note_add(nt, &n, fa_host_bo(), FA_EM_PPC64))
			break;
	}
	snprintf(nt->src, sizeof(nt->src),
		 "the notes of %s (kdump-compressed, through crash's diskdump accessor)",
		 pc->dumpfile);
}

static int64_t fx_note_of_cpu(const struct fa_cpumap *m, int64_t cpu)
{
	unsigned int i;

	for (i = 0; i < m->nr_notes; i++)
		if (m->cpu[i] == cpu)
			return i;
	return -1;
}

static const struct fa_regsave_cpu *fx_fw_cpu(struct fx *x, int64_t cpu)
{
	uint32_t i;

	for (i = 0; x->have_rs && cpu >= 0 && i < x->rs.num_cpus; i++)
		if (x->rs.cpus[i].cpu == (uint64_t)cpu)
			return &x->rs.cpus[i];
	return NULL;
}

/*
 * Check the mapping against the firmware: the capture kernel builds every
 * note but the crashing CPU's from that CPU's firmware registers.
 */
static void fx_verify_notes(struct fx *x, const struct fx_notes *nt,
			    const struct fa_cpumap *m, int crash_note)
{
	uint64_t fw[FA_PT_NREGS];
	unsigned int i, same = 0, checked = 0;

	if (!x->have_rs || !nt->n)
		return;
	for (i = 0; i < nt->n; i++) {
		const struct fa_regsave_cpu *fc = fx_fw_cpu(x, m->cpu[i]);

		if ((int)i == crash_note || !fc)
			continue;
		fa_regsave_to_pt_regs(fc->regs, fc->nregs, fw);
		checked++;
		same += (unsigned int)fa_note_matches_fw(nt->regs[i], fw);
	}
	if (!checked)
		return;
	fprintf(fp, "  %u of %u notes equal the firmware registers of the CPU they are mapped to%s\n",
		same, checked, same == checked ? "" : ": the mapping is WRONG for the others");
}

struct fx_cpuopt {
	int64_t only;		/* -c, or -1 */
	int fw;			/* -f */
	int raw;		/* -x */
};

static void fx_print_cpu(struct fx *x, const struct fx_notes *nt,
			 const struct fa_cpumap *m, int note, int64_t cpu,
			 int64_t crashing, const struct fx_cpuopt *o)
{
	struct fa_reg_sym sym = { fx_sym, NULL };
	const struct fa_regsave_cpu *fc = fx_fw_cpu(x, cpu);
	char cpus[32];

	if (cpu >= 0)
		snprintf(cpus, sizeof(cpus), "CPU %lld", (long long)cpu);
	else
		snprintf(cpus, sizeof(cpus), "CPU ?");
	if (note >= 0)
		fprintf(fp, "\n%s (note %d%s)%s:\n", cpus, note,
			m->method == FA_CPUMAP_FIRMWARE ? "" : ", assumed",
			cpu >= 0 && cpu == crashing ? " -- crashing CPU" : "");
	else
		fprintf(fp, "\n%s: no NT_PRSTATUS note (not in the crash-time CPU mask)%s\n",
			cpus, cpu == crashing ? " -- crashing CPU" : "");
	if (note >= 0) {
		if (o->raw)
			fa_regs_print_raw(fp, nt->regs[note]);
		else
			fa_regs_print(fp, nt->regs[note], FA_REGS_ALL, &sym);
	}
	if (!o->fw)
		return;
	if (fc) {
		fprintf(fp, "  firmware register save area (%zu registers):\n", fc->nregs);
		fa_cx_print_fw_regs(fp, fc);
	} else if (x->have_rs) {
		fprintf(fp, "  firmware registers: this CPU is not in the register save area\n");
	}
}

/* Map the notes to CPUs and print the mapping; 0 or an FA_E* code. */
static int fx_map(struct fx *x, const struct fx_notes *nt, struct fa_cpumap *m)
{
	struct fa_cpumap_in in = { 0 };
	struct fa_err e = { 0 };
	uint32_t *fw = NULL;
	uint32_t i;
	int rc;

	in.nr_notes = nt->n;
	if (x->have_rs) {
		fw = calloc(x->rs.num_cpus + 1, sizeof(*fw));
		for (i = 0; fw && i < x->rs.num_cpus; i++)
			fw[i] = x->rs.cpus[i].cpu;
		in.fw_order = fw;
		in.nr_fw = fw ? x->rs.num_cpus : 0;
	} else if (x->nr_hdat) {
		in.fw_order = x->hdat_cpu;
		in.nr_fw = x->nr_hdat;
		in.fw_src = x->hdat_src;
	}
	if (x->have_ci) {
		in.mask = x->ci.cpu_mask;
		in.mask_bytes = x->ci.cpu_mask_sz;
		in.mask_src = "crash-info header";
	} else if (x->have_online) {
		in.mask = x->online;
		in.mask_bytes = x->online_bytes;
		in.mask_src = "__cpu_online_mask";
	}
	rc = fa_cpumap_notes(&in, m, &e);
	free(fw);
	if (rc) {
		error(INFO, "%s\n", e.msg);
		return rc;
	}
	fprintf(fp, "note-to-CPU mapping: %s\n ", m->why);
	for (i = 0; i < nt->n; i++)
		fprintf(fp, " note %u -> CPU %lld%s", i, (long long)m->cpu[i],
			i + 1 < nt->n ? "," : "\n");
	return 0;
}

/* Print the selected CPUs: every note, then firmware-only CPUs with -f. */
static void fx_print_cpus(struct fx *x, const struct fx_notes *nt,
			  const struct fa_cpumap *m, int64_t crashing,
			  const struct fx_cpuopt *o)
{
	uint32_t i;
	int shown = 0;

	for (i = 0; i < nt->n; i++) {
		if (o->only >= 0 && m->cpu[i] != o->only)
			continue;
		fx_print_cpu(x, nt, m, (int)i, m->cpu[i], crashing, o);
		shown++;
	}
	/* CPUs the firmware saved but the capture kernel left out. */
	for (i = 0; o->fw && x->have_rs && i < x->rs.num_cpus; i++) {
		int64_t cpu = x->rs.cpus[i].cpu;

		if (fx_note_of_cpu(m, cpu) >= 0 || (o->only >= 0 && cpu != o->only))
			continue;
		fx_print_cpu(x, nt, m, -1, cpu, crashing, o);
		shown++;
	}
	if (!shown && o->only >= 0)
		error(INFO, "CPU %lld: no NT_PRSTATUS note%s\n", (long long)o->only,
		      fx_fw_cpu(x, o->only) ? " (-f shows the firmware's registers)" :
		      x->have_rs ? " and no firmware registers" : "");
	if (!o->fw && x->have_rs)
		fprintf(fp, "\n(-f adds the firmware register save area: %u CPUs at 0x%llx)\n",
			x->rs.num_cpus, (unsigned long long)x->rs_addr);
	else if (o->fw && !x->have_rs)
		fprintf(fp, "\nfirmware registers: %s\n", x->rs_why);
}

static void fx_cpu_state(struct fx *x, const struct fx_cpuopt *o)
{
	struct fx_notes nt = { 0 };
	struct fa_cpumap *m = calloc(1, sizeof(*m));
	struct fa_crash c;
	int crash_note = -1;

	if (!m)
		goto out;
	if (DISKDUMP_DUMPFILE())
		fx_notes_diskdump(&nt);
	else if (x->have_dump)
		fx_notes_elf(x, &nt);
	else
		snprintf(nt.src, sizeof(nt.src), "%s", x->dump_why);
	fprintf(fp, "NT_PRSTATUS notes: %u, from %s\n", nt.n, nt.src);
	if (fx_map(x, &nt, m))
		goto out;
	if (x->have_ci)
		crash_note = fa_find_regs_note((const uint64_t (*)[FA_PT_NREGS])nt.regs,
						  nt.n, x->ci.regs, x->ci.pt_regs_sz / 8);
	fx_verify_notes(x, &nt, m, crash_note);
	fx_crashing(x, &c);
	fx_print_crashing(&c);
	if (crash_note >= 0)
		fprintf(fp, "  note %d holds the registers saved in the crash-info header%s\n",
			crash_note, m->cpu[crash_note] == c.cpu ? "" :
			" -- but the mapping puts another CPU there: the assumed mapping is wrong");
	fx_print_cpus(x, &nt, m, c.cpu, o);
out:
	free(nt.regs);
	free(m);
}

static void cmd_cpu_state(void)
{
	struct fx_cpuopt o = { .only = -1 };
	struct fx *x;
	int c;

	if (fx_help_asked())
		return;
	while ((c = getopt(argcnt, args, "c:fx")) != EOF) {
		switch (c) {
		case 'c':
			o.only = dtoi(optarg, FAULT_ON_ERROR, NULL);
			if (o.only < 0)
				error(FATAL, "invalid CPU: %s\n", optarg);
			break;
		case 'f':
			o.fw = 1;
			break;
		case 'x':
			o.raw = 1;
			break;
		default:
			argerrs++;
			break;
		}
	}
	if (argerrs || args[optind])
		cmd_usage(pc->curcmd, SYNOPSIS);

	x = fx_gather();
	if (!x)
		error(FATAL, "out of memory\n");
	fx_cpu_state(x, &o);
	fx_free(x);
}

/* ---- help and registration ---- */

static char *help_fadump_region[] = {
	"fadump-region",
	"show the crashed kernel's firmware-assisted dump configuration",
	"[-k] [-v]",
	"  Shows how the crashed kernel had set up firmware-assisted dump (FADump):",
	"  its struct fw_dump (reserved area, boot memory regions, CPU state and HPTE",
	"  sizes, fadumphdr_addr, flags), the platform registration (the pSeries",
	"  rtas fdm sections or the PowerNV opal_fdm regions), the crash-info header",
	"  (FADMPSIG or FADMPINF) at fadumphdr_addr, the firmware register save area",
	"  and the crashing CPU.",
	"",
	"  fw_dump is decoded through the kernel's own debuginfo (member offsets), so",
	"  every kernel generation's layout is read correctly.  When the kernel has no",
	"  fw_dump (built without CONFIG_FA_DUMP, or stripped), the command says so and",
	"  falls back to what the dump file itself holds: its program headers and the",
	"  firmware sections (REGSAVE, crash-info header) its PT_LOADs start with.",
	"  Every part says which source it used, or why it is unavailable.",
	"",
	"    -k  also print the text the crashed kernel showed in",
	"        /sys/kernel/debug/powerpc/fadump_region, rebuilt from fdm / opal_fdm.",
	"    -v  verbose: the DWARF offset of every fw_dump member, the members this",
	"        kernel lacks, and the dump file's program headers.",
	"    -h  show this page (also --help).",
	"",
	"  Works in crash --minimal mode.",
	"\nEXAMPLES",
	"  Show the configuration:\n",
	"    %s> fadump-region",
	"    fw_dump at 0xc000000002a1b2c0 (struct fw_dump, 2216 bytes, v6.10+ layout; ...)",
	"      reserve_dump_area_start     0x10000000",
	"      ...",
	"    crashing CPU: 2 (from crashing_cpu)",
	"",
	"  Also show the kernel's fadump_region text:\n",
	"    %s> fadump-region -k",
	NULL
};

static char *help_cpu_state[] = {
	"cpu-state",
	"show the per-CPU registers of a FADump vmcore",
	"[-c cpu] [-f] [-x]",
	"  Shows the registers of every CPU from the dump's NT_PRSTATUS notes (the",
	"  ELF notes of the vmcore, or crash's diskdump accessor for kdump-compressed",
	"  files), as fadump-analyze cpus prints a note: GPRs four to a line as the",
	"  kernel's show_regs() does, NIP and LR resolved to kernel symbols, R1, CTR,",
	"  MSR, CR and XER with their bits decoded, DAR, DSISR, TRAP with its vector",
	"  named, SOFTE, ORIG_R3 and RESULT.",
	"",
	"  FADump notes carry no CPU number.  The command states the note-to-CPU",
	"  mapping it used: the firmware register save area's CPU order filtered by",
	"  the crash-time CPU mask (what the capture kernel does) when the dump holds",
	"  the save area, on PowerNV the HDAT (PIR) order of the opalcore beside the",
	"  dump file (../sys/firmware/opal/mpipl/core), otherwise ascending CPUs of",
	"  the mask, marked ASSUMED.  The",
	"  crashing CPU is taken from crashing_cpu, the crash-info header or the panic",
	"  CPU, and the note holding the header's saved registers is identified.",
	"",
	"    -c cpu  show only this CPU.",
	"    -f      add every register of the firmware register save area (REGSAVE),",
	"            including CPUs that have no note, when the dump holds it.",
	"    -x      print the 48 raw pr_reg slots instead of the decoded view.",
	"    -h      show this page (also --help).",
	"",
	"  Works in crash --minimal mode.",
	"\nEXAMPLES",
	"  Show all CPUs:\n",
	"    %s> cpu-state",
	"    NT_PRSTATUS notes: 3, from the PT_NOTE of vmcore (ELF vmcore)",
	"    note-to-CPU mapping: firmware order of the register save area, ...",
	"    crashing CPU: 2 (from crashing_cpu)",
	"    ...",
	"",
	"  Show CPU 2 with its firmware registers:\n",
	"    %s> cpu-state -c 2 -f",
	NULL
};

static struct command_table_entry fadump_commands[] = {
	{ "fadump-region", cmd_fadump_region, help_fadump_region, MINIMAL },
	{ "cpu-state", cmd_cpu_state, help_cpu_state, MINIMAL },
	{ NULL }
};

/*
 * Only a crash built for PPC64 has the defs.h layout this object was built
 * with (crash loads an x86_64 object into an X86_64 crash too); elsewhere
 * register nothing, and crash unloads the object saying so.
 */
static void __attribute__((constructor)) fadump_init(void)
{
	if (!machine_type("PPC64")) {
		error(INFO, "fadump.so: built for a crash with target PPC64; this crash is not\n");
		return;
	}
	register_extension(fadump_commands);
}

static void __attribute__((destructor)) fadump_fini(void)
{
}
