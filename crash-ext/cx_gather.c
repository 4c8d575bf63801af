// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cx_gather.c - fadump.so's readers: everything it learns about the dump
 * through crash (see cx_gather.h).  Each source that cannot be used leaves
 * a one-line reason for the commands to print.
 */
#include "defs.h"

#include <fcntl.h>
#include <unistd.h>

#include "cpumap.h"
#include "cx_gather.h"
#include "elfnote.h"
#include "prstatus.h"
#include "fa_endian.h"

#define FX_REGSAVE_MAX	(64UL << 20)
#define FX_CI_MAX	(FA_CI_SIG_REGS_OFF + 8 * FA_PT_NREGS + FA_CI_CPU_MASK_MAX)

void fx_free(struct fx *x)
{
	if (!x)
		return;
	fa_cx_dump_free(&x->dump);
	fa_regsave_free(&x->rs);
	free(x->hdat_cpu);
	free(x->sect);
	free(x);
}

/* ---- the kernel's variables, through crash ---- */

static void fx_member(const char *st, const char *name, struct fa_fwd_member *m)
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
	fa_fwd_layout_init(&x->lay);
	x->lay.struct_size = STRUCT_SIZE("fw_dump");
	if (x->lay.struct_size <= 0 || x->lay.struct_size > (1L << 20)) {
		snprintf(x->fwd_why, sizeof(x->fwd_why),
			 "the kernel's debuginfo has no struct fw_dump type");
		return;
	}
	for (f = 0; f < FA_FWD_NR; f++)
		fx_member("fw_dump", fa_fwd_name(f), &x->lay.m[f]);
	buf = (unsigned char *)GETBUF(x->lay.struct_size);
	if (!readmem(x->fwd_addr, KVADDR, buf, x->lay.struct_size,
		     "fw_dump", FX_READ)) {
		snprintf(x->fwd_why, sizeof(x->fwd_why),
			 "fw_dump at 0x%lx is not readable in the dump", x->fwd_addr);
		goto out;
	}
	if (fa_fwdump_decode(buf, (size_t)x->lay.struct_size, x->bo, &x->lay,
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

int fx_read_phys(uint64_t addr, void *buf, size_t len)
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
long fx_find_sect(struct fx *x, int sect)
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
	if (bo != x->bo) {
		/* What a v6.10+ capture kernel says before refusing such a dump. */
		snprintf(x->ci_why, sizeof(x->ci_why),
			 "%s 0x%llx holds a %s magic in a %s kernel: \"Endianness mismatch between the crashed and fadump kernels.\"",
			 src, (unsigned long long)addr, fa_bo_name(bo), fa_bo_name(x->bo));
		goto out;
	}
	sz = STRUCT_SIZE("pt_regs");
	o.pt_regs_sz = sz > 0 && sz <= 8 * FA_PT_NREGS ? (uint32_t)sz : 0;
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

/*
 * PowerNV: the capture kernel exports OPAL's core, whose NT_PRSTATUS notes
 * carry 100 + PIR of each thread HDAT saved, beside /proc/vmcore
 * (../sys/firmware/opal/mpipl/core from the dump file's folder: a live
 * capture kernel's or a saved capture root's).  Its PIRs, ascending, are
 * the HDAT order the capture kernel wrote the vmcore's notes in.
 */
static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void fx_read_hdat(struct fx *x)
{
	struct fa_cx_dump oc = { 0 };
	struct fa_err e = { 0 };
	struct fa_prstatus pr;
	struct fa_note n;
	char path[PATH_MAX];
	const char *slash;
	uint32_t *pir = NULL;
	int64_t *cpu = NULL;
	unsigned int k = 0, i;
	size_t pos = 0;
	int fd;

	if (!x->have_opal || !pc->dumpfile)
		return;
	slash = strrchr(pc->dumpfile, '/');
	snprintf(path, sizeof(path), "%.*s../sys/firmware/opal/mpipl/core",
		 slash ? (int)(slash - pc->dumpfile + 1) : 0, pc->dumpfile);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fa_cx_dump_read(fd, &oc, &e) || oc.machine != FA_EM_PPC64)
		goto out;
	pir = calloc(FA_CPUMAP_MAX_CPUS, sizeof(*pir));
	if (!pir)
		goto out;
	while (k < FA_CPUMAP_MAX_CPUS &&
	       fa_note_next(oc.notes, oc.notes_len, oc.byteorder, &pos, &n, &e) == 1) {
		if (n.type != FA_NT_PRSTATUS || !fa_note_name_is(&n, FA_NN_CORE) ||
		    fa_prstatus_decode(n.desc, n.descsz, oc.byteorder, oc.machine,
				       &pr, &e))
			continue;
		if (pr.pid < 100)
			goto out;	/* not an opalcore's note */
		pir[k++] = (uint32_t)(pr.pid - 100);
	}
	qsort(pir, k, sizeof(*pir), cmp_u32);
	cpu = calloc(k ? k : 1, sizeof(*cpu));
	x->hdat_cpu = calloc(k ? k : 1, sizeof(*x->hdat_cpu));
	if (!k || !cpu || !x->hdat_cpu)
		goto out;
	fa_cpumap_by_pir(k, x->have_ci ? x->ci.cpu_mask : NULL,
			 x->have_ci ? x->ci.cpu_mask_sz : 0, cpu);
	for (i = 0; i < k; i++)
		x->hdat_cpu[i] = (uint32_t)cpu[i];
	x->nr_hdat = k;
	snprintf(x->hdat_src, sizeof(x->hdat_src),
		 "the HDAT CPU data (%u threads in PIR order, %.400s)", k, path);
out:
	if (!x->nr_hdat) {
		free(x->hdat_cpu);
		x->hdat_cpu = NULL;
	}
	free(cpu);
	free(pir);
	fa_cx_dump_free(&oc);
	close(fd);
}

struct fx *fx_gather(void)
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
	fx_read_hdat(x);
	return x;
}

