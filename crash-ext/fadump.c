// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fadump.c - fadump.so, the crash extension: `extend fadump.so` adds
 * fadump-region and cpu-state (both usable in crash --minimal).
 *
 * This is the thin glue: crash's command table, getopt, readmem, symbols
 * and DWARF member offsets.  Everything that decodes or formats lives in
 * the pure files beside it (cx_fwdump.c, cx_cpustate.c, cx_dumpfile.c, cx_report.c)
 * and in formats/.  Reads use RETURN_ON_ERROR|QUIET and fall back to the
 * next source; the only allocations are released before each command
 * returns, and error(FATAL) is never raised while one is held.
 */
#include "defs.h"

#include <fcntl.h>
#include <unistd.h>

#include "cx_cpustate.h"
#include "crashinfo.h"
#include "cx_dumpfile.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "cx_fwdump.h"
#include "ktext.h"
#include "opal.h"
#include "prstatus.h"
#include "regsave.h"
#include "cx_report.h"
#include "rtas.h"

#define FX_READ		(RETURN_ON_ERROR | QUIET)
#define FX_WHY		640
#define FX_REGSAVE_MAX	(64UL << 20)
#define FX_CI_MAX	(FA_CI_SIG_REGS_OFF + 8 * FA_CI_NREGS + FA_CI_CPU_MASK_MAX)

/* Everything one command learned about the dump; freed by fx_free(). */
struct fx {
	int bo;
	/* fw_dump */
	int have_fwd;
	ulong fwd_addr;
	struct fa_cx_fwd_layout lay;
	struct fa_cx_fwdump fwd;
	char fwd_why[FX_WHY];
	/* platform registration */
	int have_fdm;
	ulong fdm_addr;
	struct fa_rtas_fdm fdm;
	int have_opal;
	ulong opal_addr;
	struct fa_opal_fdm opal;
	char fdm_why[FX_WHY];
	/* crash-info header */
	int have_ci;
	uint64_t ci_addr;
	const char *ci_src;
	struct fa_crashinfo ci;
	char ci_why[FX_WHY];
	/* the kernel's variables */
	int have_ccpu;
	int64_t ccpu;
	int have_online;
	uint8_t online[FA_CI_CPU_MASK_MAX];
	size_t online_bytes;
	int have_panic;
	int64_t panic;
	const char *panic_src;
	/* the dump file */
	int have_dump;
	struct fa_cx_dump dump;
	int *sect;
	char dump_why[FX_WHY];
	/* firmware register save area */
	int have_rs;
	uint64_t rs_addr;
	const char *rs_src;
	struct fa_regsave rs;
	char rs_why[FX_WHY];
};

static void fx_free(struct fx *x)
{
	if (!x)
		return;
	fa_cx_dump_free(&x->dump);
	fa_regsave_free(&x->rs);
	free(x->sect);
	free(x);
}

/* ---- the kernel's variables, through crash ---- */

static void fx_member(const char *st, const char *name, struct fa_cx_member *m)
{
	struct struct_member_data smd;

	m->offset = MEMBER_OFFSET((char *)st, (char *)name);
	m->size = MEMBER_SIZE((char *)st, (char *)name);
	m->bitpos = -1;
	m->bitsize = 0;
	if (m->offset < 0)
		return;
	memset(&smd, 0, sizeof(smd));
	smd.structure = (char *)st;
	smd.member = (char *)name;
	/*
	 * crash gives a bitfield's position relative to its storage unit
	 * (smd.offset); the decoder wants gdb's position from the struct start.
	 */
	if (fill_struct_member_data(&smd) && smd.bitsize > 0 && smd.offset >= 0) {
		m->bitpos = smd.offset * 8 + smd.bitpos;
		m->bitsize = smd.bitsize;
	}
}

static void fx_read_fw_dump(struct fx *x)
{
	unsigned char *buf;
	struct fa_err e = { 0 };
	int f;

	if (!symbol_exists("fw_dump")) {
		snprintf(x->fwd_why, sizeof(x->fwd_why),
			 "symbol not found: kernel not built with CONFIG_FA_DUMP, or symbol stripped");
		return;
	}
	x->fwd_addr = symbol_value("fw_dump");
	fa_cx_fwd_layout_init(&x->lay);
	x->lay.struct_size = STRUCT_SIZE("fw_dump");
	if (x->lay.struct_size <= 0 || x->lay.struct_size > (1L << 20)) {
		snprintf(x->fwd_why, sizeof(x->fwd_why),
			 "the kernel's debuginfo has no struct fw_dump type");
		return;
	}
	for (f = 0; f < FA_FWD_NR; f++)
		fx_member("fw_dump", fa_cx_fwd_name(f), &x->lay.m[f]);
	buf = (unsigned char *)GETBUF(x->lay.struct_size);
	if (!readmem(x->fwd_addr, KVADDR, buf, x->lay.struct_size,
		     "fw_dump", FX_READ)) {
		snprintf(x->fwd_why, sizeof(x->fwd_why),
			 "fw_dump at 0x%lx is not readable in the dump", x->fwd_addr);
		goto out;
	}
	if (fa_cx_fwdump_decode(buf, (size_t)x->lay.struct_size, x->bo, &x->lay,
				&x->fwd, &e)) {
		snprintf(x->fwd_why, sizeof(x->fwd_why), "%s", e.msg);
		goto out;
	}
	x->have_fwd = 1;
out:
	FREEBUF(buf);
}

static void fx_read_rtas_fdm(struct fx *x)
{
	unsigned char *buf;
	struct fa_err e = { 0 };
	long size = STRUCT_SIZE("rtas_fadump_mem_struct");

	if (size <= 0)
		size = STRUCT_SIZE("fadump_mem_struct");
	if (size <= 0)
		size = FA_RTAS_FDM_SIZE;
	if (size > 4096)
		size = 4096;
	x->fdm_addr = symbol_value("fdm");
	buf = (unsigned char *)GETBUF(size);
	if (!readmem(x->fdm_addr, KVADDR, buf, size, "fdm", FX_READ))
		snprintf(x->fdm_why, sizeof(x->fdm_why),
			 "fdm at 0x%lx is not readable in the dump", x->fdm_addr);
	else if (fa_rtas_fdm_decode(buf, (size_t)size, &x->fdm, &e))
		snprintf(x->fdm_why, sizeof(x->fdm_why), "fdm: %s", e.msg);
	else
		x->have_fdm = 1;
	FREEBUF(buf);
}

static void fx_read_opal_fdm(struct fx *x)
{
	unsigned char *buf;
	struct fa_err e = { 0 };
	ulong ptr = 0;
	int bo;

	if (!readmem(symbol_value("opal_fdm"), KVADDR, &ptr, sizeof(ptr),
		     "opal_fdm", FX_READ) || !ptr) {
		snprintf(x->fdm_why, sizeof(x->fdm_why),
			 "opal_fdm is not set (no OPAL metadata registered)");
		return;
	}
	x->opal_addr = ptr;
	buf = (unsigned char *)GETBUF(FA_OPAL_FDM_SIZE);
	if (!readmem(ptr, KVADDR, buf, FA_OPAL_FDM_SIZE, "opal_fdm", FX_READ))
		snprintf(x->fdm_why, sizeof(x->fdm_why),
			 "*opal_fdm at 0x%lx is not readable in the dump", ptr);
	else if (fa_opal_fdm_guess_bo(buf, FA_OPAL_FDM_SIZE, &bo, &e) ||
		 fa_opal_fdm_decode(buf, FA_OPAL_FDM_SIZE, bo, &x->opal, &e))
		snprintf(x->fdm_why, sizeof(x->fdm_why), "opal_fdm: %s", e.msg);
	else
		x->have_opal = 1;
	FREEBUF(buf);
}

static void fx_read_registration(struct fx *x)
{
	if (symbol_exists("opal_fdm"))
		fx_read_opal_fdm(x);
	if (!x->have_opal && symbol_exists("fdm"))
		fx_read_rtas_fdm(x);
	if (!x->have_opal && !x->have_fdm && !x->fdm_why[0])
		snprintf(x->fdm_why, sizeof(x->fdm_why),
			 "neither fdm (pSeries) nor opal_fdm (PowerNV) is in the symbol table");
}

static void fx_read_kvars(struct fx *x)
{
	int v;
	long sz;
	unsigned char *buf;
	uint32_t cpu;

	if (symbol_exists("crashing_cpu") &&
	    readmem(symbol_value("crashing_cpu"), KVADDR, &v, sizeof(v),
		    "crashing_cpu", FX_READ)) {
		x->have_ccpu = 1;
		x->ccpu = v;
	}
	if (!(pc->flags & MINIMAL_MODE) && tt && tt->panic_task) {
		struct task_context *tc = task_to_context(tt->panic_task);

		if (tc) {
			x->have_panic = 1;
			x->panic = tc->processor;
			x->panic_src = "the panic task";
		}
	}
	if (!x->have_panic && symbol_exists("panic_cpu") &&
	    readmem(symbol_value("panic_cpu"), KVADDR, &v, sizeof(v),
		    "panic_cpu", FX_READ)) {
		x->have_panic = 1;
		x->panic = v;
		x->panic_src = "panic_cpu";
	}
	sz = STRUCT_SIZE("cpumask");
	if (!symbol_exists("__cpu_online_mask") || sz <= 0 ||
	    sz > FA_CI_CPU_MASK_MAX)
		return;
	buf = (unsigned char *)GETBUF(sz);
	if (readmem(symbol_value("__cpu_online_mask"), KVADDR, buf, sz,
		    "__cpu_online_mask", FX_READ)) {
		for (cpu = 0; cpu < (uint32_t)sz * 8; cpu++)
			if (fa_cpumask_test_raw(buf, (size_t)sz, x->bo, cpu))
				x->online[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
		x->online_bytes = (size_t)sz;
		x->have_online = 1;
	}
	FREEBUF(buf);
}

/* ---- the dump file ---- */

static int fx_read_phys(uint64_t addr, void *buf, size_t len)
{
	return readmem(addr, PHYSADDR, buf, (long)len, "fadump", FX_READ);
}

static void fx_read_dumpfile(struct fx *x)
{
	struct fa_err e = { 0 };
	unsigned char head[16];
	size_t i;
	int fd, bo;

	if (DISKDUMP_DUMPFILE()) {
		snprintf(x->dump_why, sizeof(x->dump_why),
			 "%s is kdump-compressed: it has no program headers, and makedumpfile keeps only pages",
			 pc->dumpfile);
		return;
	}
	if (!pc->dumpfile || !(KDUMP_DUMPFILE() || NETDUMP_DUMPFILE())) {
		snprintf(x->dump_why, sizeof(x->dump_why),
			 "the dump is not an ELF vmcore");
		return;
	}
	fd = open(pc->dumpfile, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(x->dump_why, sizeof(x->dump_why), "%s: %s",
			 pc->dumpfile, strerror(errno));
		return;
	}
	if (fa_cx_dump_read(fd, &x->dump, &e)) {
		snprintf(x->dump_why, sizeof(x->dump_why), "%s: %s",
			 pc->dumpfile, e.msg);
		close(fd);
		return;
	}
	close(fd);
	x->sect = calloc(x->dump.nr_load + 1, sizeof(*x->sect));
	if (!x->sect) {
		snprintf(x->dump_why, sizeof(x->dump_why), "out of memory");
		return;
	}
	for (i = 0; i < x->dump.nr_load; i++)
		if (x->dump.load[i].filesz >= sizeof(head) &&
		    fx_read_phys(x->dump.load[i].paddr, head, sizeof(head)))
			x->sect[i] = fa_cx_sect_probe(head, sizeof(head), &bo);
	x->have_dump = 1;
}

/* Find a PT_LOAD of kind @sect; its index or -1. */
static long fx_find_sect(struct fx *x, int sect)
{
	size_t i;

	for (i = 0; x->have_dump && i < x->dump.nr_load; i++)
		if (x->sect[i] == sect)
			return (long)i;
	return -1;
}

static int fx_try_crashinfo(struct fx *x, uint64_t addr, const char *src)
{
	unsigned char *buf;
	struct fa_crashinfo_opts o = { 0 };
	struct fa_err e = { 0 };
	size_t len = FA_CI_SIG_REGS_OFF;
	int bo, era, ok = 0;
	long sz;

	buf = (unsigned char *)GETBUF(FX_CI_MAX);
	if (!fx_read_phys(addr, buf, len)) {
		snprintf(x->ci_why, sizeof(x->ci_why),
			 "%s 0x%llx is not in the dump (the reserved area is cut out, as mainline Linux does)",
			 src, (unsigned long long)addr);
		goto out;
	}
	if (fa_crashinfo_probe(buf, len, &bo, &era)) {
		snprintf(x->ci_why, sizeof(x->ci_why),
			 "no FADMPSIG/FADMPINF magic at %s 0x%llx",
			 src, (unsigned long long)addr);
		goto out;
	}
	sz = STRUCT_SIZE("pt_regs");
	o.pt_regs_sz = sz > 0 && sz <= 8 * FA_CI_NREGS ? (uint32_t)sz : 0;
	sz = STRUCT_SIZE("cpumask");
	o.cpu_mask_sz = sz > 0 && sz <= FA_CI_CPU_MASK_MAX ? (uint32_t)sz : 0;
	if (era == FA_CI_FADMPSIG) {
		len = FA_CI_SIG_REGS_OFF + (size_t)fa_get32(buf + 32, bo) +
		      fa_get32(buf + 36, bo);
		if (len > FX_CI_MAX)
			len = FX_CI_MAX;
	} else {
		len = fa_crashinfo_size(era, o.pt_regs_sz ? o.pt_regs_sz : FA_CI_PT_REGS_SZ,
					o.cpu_mask_sz ? o.cpu_mask_sz : FA_CI_CPU_MASK_SZ);
	}
	if (!fx_read_phys(addr, buf, len)) {
		snprintf(x->ci_why, sizeof(x->ci_why),
			 "crash-info header at 0x%llx: %zu bytes are not all in the dump",
			 (unsigned long long)addr, len);
		goto out;
	}
	if (fa_crashinfo_decode(buf, len, bo, &o, &x->ci, &e)) {
		snprintf(x->ci_why, sizeof(x->ci_why), "crash-info header at 0x%llx: %s",
			 (unsigned long long)addr, e.msg);
		goto out;
	}
	x->have_ci = 1;
	x->ci_addr = addr;
	x->ci_src = src;
	ok = 1;
out:
	FREEBUF(buf);
	return ok;
}

static void fx_read_crashinfo(struct fx *x)
{
	long i;

	if (x->have_fwd && x->fwd.present[FA_FWD_FADUMPHDR_ADDR] &&
	    x->fwd.v[FA_FWD_FADUMPHDR_ADDR] &&
	    fx_try_crashinfo(x, x->fwd.v[FA_FWD_FADUMPHDR_ADDR], "fw_dump.fadumphdr_addr"))
		return;
	if (x->have_opal && x->opal.fadumphdr_addr &&
	    fx_try_crashinfo(x, x->opal.fadumphdr_addr, "opal_fdm fadumphdr_addr"))
		return;
	i = fx_find_sect(x, FA_CX_SECT_CRASHINFO);
	if (i >= 0 && fx_try_crashinfo(x, x->dump.load[i].paddr, "dump file PT_LOAD"))
		return;
	if (!x->ci_why[0])
		snprintf(x->ci_why, sizeof(x->ci_why), "%s",
			 x->have_fwd ? "fw_dump.fadumphdr_addr is 0"
				     : "no PT_LOAD of the dump starts with a crash-info header");
}

static int fx_try_regsave(struct fx *x, uint64_t addr, uint64_t size,
			  const char *src)
{
	struct fa_err e = { 0 };
	unsigned char *buf;
	size_t i;

	if (!size || size > FX_REGSAVE_MAX)
		size = FX_REGSAVE_MAX;
	/* The PT_LOAD may be shorter than the section: read what is there. */
	for (i = 0; x->have_dump && i < x->dump.nr_load; i++) {
		const struct fa_cx_load *l = &x->dump.load[i];

		if (addr >= l->paddr && addr - l->paddr < l->filesz &&
		    l->filesz - (addr - l->paddr) < size)
			size = l->filesz - (addr - l->paddr);
	}
	buf = malloc(size);
	if (!buf) {
		snprintf(x->rs_why, sizeof(x->rs_why), "out of memory");
		return 0;
	}
	if (!fx_read_phys(addr, buf, size)) {
		snprintf(x->rs_why, sizeof(x->rs_why),
			 "%s 0x%llx is not in the dump (the reserved area is cut out, as mainline Linux does)",
			 src, (unsigned long long)addr);
	} else if (fa_regsave_decode(buf, size, &x->rs, &e)) {
		snprintf(x->rs_why, sizeof(x->rs_why), "%s 0x%llx: %s", src,
			 (unsigned long long)addr, e.msg);
		fa_regsave_free(&x->rs);
	} else {
		x->have_rs = 1;
		x->rs_addr = addr;
		x->rs_src = src;
	}
	free(buf);
	return x->have_rs;
}

static void fx_read_regsave(struct fx *x)
{
	unsigned int i;
	long k;

	for (i = 0; x->have_fdm && i < x->fdm.dump_num_sections &&
		    i < FA_RTAS_MAX_SECTIONS; i++) {
		const struct fa_rtas_section *s = &x->fdm.rgn[i];

		if (s->source_data_type == FA_RTAS_CPU_STATE_DATA &&
		    fx_try_regsave(x, s->destination_address, s->source_len,
				   "fdm CPU_STATE_DATA destination"))
			return;
	}
	if (x->have_fwd && !x->have_opal &&
	    x->fwd.present[FA_FWD_RESERVE_DUMP_AREA_START] &&
	    x->fwd.v[FA_FWD_RESERVE_DUMP_AREA_START] && !x->have_fdm &&
	    fx_try_regsave(x, x->fwd.v[FA_FWD_RESERVE_DUMP_AREA_START],
			   x->fwd.v[FA_FWD_CPU_STATE_DATA_SIZE],
			   "fw_dump.reserve_dump_area_start"))
		return;
	k = fx_find_sect(x, FA_CX_SECT_REGSAVE);
	if (k >= 0 && fx_try_regsave(x, x->dump.load[k].paddr,
				     x->dump.load[k].filesz, "dump file PT_LOAD"))
		return;
	if (x->have_opal && !x->rs_why[0])
		snprintf(x->rs_why, sizeof(x->rs_why),
			 "PowerNV: the HDAT CPU state is not part of the crashed kernel's memory");
	if (!x->rs_why[0])
		snprintf(x->rs_why, sizeof(x->rs_why),
			 "no register save area (REGSAVE) found in the dump");
}

static struct fx *fx_gather(void)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->bo = fa_host_bo();	/* crash only reads dumps of its own order */
	fx_read_fw_dump(x);
	fx_read_registration(x);
	fx_read_kvars(x);
	fx_read_dumpfile(x);
	fx_read_crashinfo(x);
	fx_read_regsave(x);
	return x;
}

/* ---- fadump-region ---- */

static const char *fx_sym(void *ctx, uint64_t addr, uint64_t *off)
{
	struct syment *sp;
	ulong offset = 0;

	(void)ctx;
	if (!addr || !IS_KVADDR(addr))
		return NULL;
	sp = value_search(addr, &offset);
	if (!sp || offset > (1UL << 20))
		return NULL;
	*off = offset;
	return sp->name;
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
	unsigned int i;
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
		fa_cx_region_from_opal(&x->opal, active,
				       x->fwd.v[FA_FWD_BOOT_MEM_TOP], s);
	} else {
		for (i = 0; i < x->fdm.dump_num_sections && i < FA_RTAS_MAX_SECTIONS; i++) {
			const struct fa_rtas_section *r = &x->fdm.rgn[i];

			if (r->source_data_type != FA_RTAS_PARAM_AREA || param)
				continue;
			param = calloc(1, FA_RTAS_COMMAND_LINE_SIZE + 1);
			if (param && !fx_read_phys(r->destination_address, param,
						   FA_RTAS_COMMAND_LINE_SIZE))
				param[0] = '\0';
		}
		above = fx_region_form(x) == FA_REGION_PSERIES ?
			x->fwd.v[FA_FWD_BOOT_MEM_TOP] :
			x->fwd.v[FA_FWD_RESERVE_DUMP_AREA_START];
		if (fa_cx_region_from_rtas(&x->fdm, fx_region_form(x), active,
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

static void fx_crashing(struct fx *x, struct fa_cx_crash *c)
{
	struct fa_cx_crash_in in = { 0 };

	in.have_var = x->have_ccpu;
	in.var = x->ccpu;
	in.have_hdr = x->have_ci;
	in.hdr = x->ci.crashing_cpu;
	in.hdr_is_pir = x->have_opal;
	in.have_panic = x->have_panic;
	in.panic = x->panic;
	in.panic_src = x->panic_src;
	fa_cx_crashing_cpu(&in, c);
}

static void fx_print_crashing(const struct fa_cx_crash *c)
{
	if (c->cpu < 0)
		fprintf(fp, "crashing CPU: unknown (no crashing_cpu, crash-info header or panic CPU)\n");
	else
		fprintf(fp, "crashing CPU: %lld (from %s)%s%s\n", (long long)c->cpu,
			c->src, c->note[0] ? "; " : "", c->note);
}

static void cmd_fadump_region(void)
{
	struct fa_cx_crash cr;
	unsigned int flags = 0;
	int c, ktext = 0;
	struct fx *x;

	while ((c = getopt(argcnt, args, "kv")) != EOF) {
		switch (c) {
		case 'k':
			ktext = 1;
			break;
		case 'v':
			flags |= FA_CX_VERBOSE;
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
			x->fwd_addr, x->lay.struct_size, fa_cx_fwdump_era(&x->fwd));
		fa_cx_fwdump_print(fp, &x->fwd, &x->lay, flags);
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
	} else if (x->have_fwd || (flags & FA_CX_VERBOSE)) {
		fprintf(fp, "platform registration: %s\n", x->fdm_why);
	}
	if (x->have_ci) {
		fprintf(fp, "crash-info header at 0x%llx (from %s):\n",
			(unsigned long long)x->ci_addr, x->ci_src);
		fa_cx_print_crashinfo(fp, &x->ci);
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
	if (!x->have_fwd || (flags & FA_CX_VERBOSE))
		fx_print_dumpfile(x);
	if (ktext)
		fx_print_ktext(x);
	fx_free(x);
}

/* ---- cpu-state ---- */

struct fx_notes {
	unsigned int n;
	uint64_t (*regs)[FA_CX_NREGS];
	char src[FX_WHY];
};

static int fx_note_add(struct fx_notes *nt, const struct fa_note *n, int bo,
		       uint16_t machine)
{
	struct fa_prstatus pr;
	struct fa_err e = { 0 };
	uint64_t (*r)[FA_CX_NREGS];

	if (n->type != FA_NT_PRSTATUS || !fa_note_name_is(n, FA_NN_CORE))
		return 0;
	if (fa_prstatus_decode(n->desc, n->descsz, bo, machine, &pr, &e)) {
		error(INFO, "note at offset 0x%zx: %s\n", n->offset, e.msg);
		return 0;
	}
	if (nt->n >= FA_CX_MAX_CPUS)
		return 0;
	r = realloc(nt->regs, (nt->n + 1) * sizeof(*r));
	if (!r)
		return FA_ENOMEM;
	nt->regs = r;
	memset(r[nt->n], 0, sizeof(r[nt->n]));
	memcpy(r[nt->n], pr.reg, sizeof(uint64_t) * (pr.nreg < FA_CX_NREGS ? pr.nreg : FA_CX_NREGS));
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

static int64_t fx_note_of_cpu(const struct fa_cx_map *m, int64_t cpu)
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
			    const struct fa_cx_map *m, int crash_note)
{
	uint64_t fw[FA_CX_NREGS];
	unsigned int i, same = 0, checked = 0;

	if (!x->have_rs || !nt->n)
		return;
	for (i = 0; i < nt->n; i++) {
		const struct fa_regsave_cpu *fc = fx_fw_cpu(x, m->cpu[i]);

		if ((int)i == crash_note || !fc)
			continue;
		fa_regsave_to_pt_regs(fc->regs, fc->nregs, fw);
		checked++;
		same += (unsigned int)fa_cx_note_matches_fw(nt->regs[i], fw);
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
			 const struct fa_cx_map *m, int note, int64_t cpu,
			 int64_t crashing, const struct fx_cpuopt *o)
{
	struct fa_cx_sym sym = { fx_sym, NULL };
	const struct fa_regsave_cpu *fc = fx_fw_cpu(x, cpu);
	char cpus[32];

	if (cpu >= 0)
		snprintf(cpus, sizeof(cpus), "CPU %lld", (long long)cpu);
	else
		snprintf(cpus, sizeof(cpus), "CPU ?");
	if (note >= 0)
		fprintf(fp, "\n%s (note %d%s)%s:\n", cpus, note,
			m->method == FA_CX_MAP_FIRMWARE ? "" : ", assumed",
			cpu >= 0 && cpu == crashing ? " -- crashing CPU" : "");
	else
		fprintf(fp, "\n%s: no NT_PRSTATUS note (not in the crash-time CPU mask)%s\n",
			cpus, cpu == crashing ? " -- crashing CPU" : "");
	if (note >= 0) {
		if (o->raw)
			fa_cx_print_raw(fp, nt->regs[note]);
		else
			fa_cx_print_regs(fp, nt->regs[note], &sym);
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
static int fx_map(struct fx *x, const struct fx_notes *nt, struct fa_cx_map *m)
{
	struct fa_cx_map_in in = { 0 };
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
	rc = fa_cx_map_notes(&in, m, &e);
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
			  const struct fa_cx_map *m, int64_t crashing,
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
	struct fa_cx_map *m = calloc(1, sizeof(*m));
	struct fa_cx_crash c;
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
		crash_note = fa_cx_find_regs_note((const uint64_t (*)[FA_CX_NREGS])nt.regs,
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
	"  files), with the ppc64 pt_regs names (R0-R31, NIP, MSR, ORIG_R3, CTR, LINK,",
	"  XER, CCR, SOFTE, TRAP, DAR, DSISR, RESULT), MSR, CR and XER bits and the",
	"  trap vector decoded, and NIP and LINK resolved to kernel symbols.",
	"",
	"  FADump notes carry no CPU number.  The command states the note-to-CPU",
	"  mapping it used: the firmware register save area's CPU order filtered by",
	"  the crash-time CPU mask (what the capture kernel does) when the dump holds",
	"  the save area, otherwise ascending CPUs of the mask, marked ASSUMED.  The",
	"  crashing CPU is taken from crashing_cpu, the crash-info header or the panic",
	"  CPU, and the note holding the header's saved registers is identified.",
	"",
	"    -c cpu  show only this CPU.",
	"    -f      add every register of the firmware register save area (REGSAVE),",
	"            including CPUs that have no note, when the dump holds it.",
	"    -x      print the 48 raw pr_reg slots instead of the decoded view.",
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

static void __attribute__((constructor)) fadump_init(void)
{
	register_extension(fadump_commands);
}

static void __attribute__((destructor)) fadump_fini(void)
{
}
