// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qemu.c - a machine from a QEMU guest memory dump and the guest's vmlinux.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"
#include "fa_endian.h"
#include "kimage.h"
#include "prstatus.h"
#include "qemu.h"
#include "vmcoreinfo.h"

#define KERNELBASE	FA_PPC64_PAGE_OFFSET

/* What the loader keeps of the guest: its file and what it could not read. */
struct qemu_guest {
	struct fa_elfcore *core;
	char note[256];		/* a fadump-tools warning for the kernel's log */
};

static int guest_page(void *ctx, uint64_t paddr, uint8_t *page,
		      struct fa_err *e)
{
	struct qemu_guest *g = ctx;

	return fa_elfcore_read_phys(g->core, paddr, page, MACHINE_CHUNK, e);
}

static void guest_close(void *ctx)
{
	struct qemu_guest *g = ctx;

	if (!g)
		return;
	fa_elfcore_close(g->core);
	free(g);
}

/* The memory map: PT_LOADs, sorted and merged by the range parser rules. */
static int guest_memmap(const struct fa_elfcore *core, struct machine_config *c,
			struct fa_err *e)
{
	size_t i;
	int n = 0;

	for (i = 0; i < core->nloads; i++) {
		const struct fa_elf_load *l = &core->loads[i];

		if (!l->memsz)
			continue;
		if ((l->paddr | l->memsz) & (MACHINE_CHUNK - 1))
			return fa_err_set(e, FA_EUNSUP,
					  "PT_LOAD at 0x%" PRIx64 "+0x%" PRIx64
					  ": expected 4 KiB-aligned guest RAM",
					  l->paddr, l->memsz);
		if (n && c->memmap[n - 1].base + c->memmap[n - 1].size >= l->paddr) {
			uint64_t end = l->paddr + l->memsz;

			if (end > c->memmap[n - 1].base + c->memmap[n - 1].size)
				c->memmap[n - 1].size = end - c->memmap[n - 1].base;
			continue;
		}
		if (n == MACHINE_MAX_MEMMAP)
			return fa_err_set(e, FA_EUNSUP,
					  "expected at most %d RAM ranges, found more",
					  MACHINE_MAX_MEMMAP);
		c->memmap[n].base = l->paddr;
		c->memmap[n].size = l->memsz;
		n++;
	}
	if (!n)
		return fa_err_set(e, FA_ECORRUPT, "expected PT_LOAD segments, found none");
	c->nr_memmap = n;
	return 0;
}

static int guest_regs(struct machine *m, const struct fa_elfcore *core,
		      struct fa_err *e)
{
	const struct machine_fw_reg_def *tab;
	size_t ntab = machine_fw_reg_table(&tab);
	uint32_t i;

	for (i = 0; i < m->ncpus; i++) {
		const struct fa_note *n = &core->prstatus[i];
		struct machine_cpu *c = &m->cpu[i];
		struct fa_prstatus p;
		size_t k;
		int rc = fa_prstatus_decode(n->desc, n->descsz, core->byteorder,
					    FA_EM_PPC64, &p, e);

		if (rc)
			return fa_err_prefix(e, "NT_PRSTATUS note %u: ", i);
		memcpy(c->pt_regs, p.reg, sizeof(c->pt_regs));
		/* the firmware view: what the registers QEMU saved say */
		c->nfw = 0;
		for (k = 0; k < ntab && k < MACHINE_MAX_FW_REGS; k++) {
			struct machine_fw_reg *f = &c->fw[c->nfw++];
			const char *nm = tab[k].name;
			uint64_t v = 0;

			f->id = 0;
			for (int j = 0; j < 8; j++)
				f->id = (f->id << 8) | (uint8_t)(j < (int)strlen(nm) ? nm[j] : 0);
			f->type = tab[k].type;
			f->sprn = tab[k].num;
			if (tab[k].type == 1)
				v = p.reg[tab[k].num];
			else if (!strcmp(nm, "NIA"))
				v = p.reg[FA_PT_NIP];
			else if (!strcmp(nm, "MSR"))
				v = p.reg[FA_PT_MSR];
			else if (!strcmp(nm, "CR"))
				v = p.reg[FA_PT_CCR];
			else if (!strcmp(nm, "XER"))
				v = p.reg[FA_PT_XER];
			else if (!strcmp(nm, "LR"))
				v = p.reg[FA_PT_LINK];
			else if (!strcmp(nm, "CTR"))
				v = p.reg[FA_PT_CTR];
			else if (!strcmp(nm, "DAR"))
				v = p.reg[FA_PT_DAR];
			else if (!strcmp(nm, "DSISR"))
				v = p.reg[FA_PT_DSISR];
			else if (!strcmp(nm, "PIR"))
				v = c->pir;
			else if (!strcmp(nm, "PVR"))
				v = 0x004e1202;
			f->value = v;
		}
	}
	return 0;
}

/* Online CPUs and the panicking one, as the guest kernel left them. */
static void guest_cpu_state(struct machine *m)
{
	uint64_t mask, pc;
	uint32_t i;

	if (!machine_ksym_word(m, "__cpu_online_mask", 0, 8, &mask) && mask) {
		for (i = 0; i < m->ncpus; i++) {
			uint64_t w = mask;

			if (i >= 64 && machine_ksym_word(m, "__cpu_online_mask",
							 (i / 64) * 8, 8, &w))
				w = 0;
			m->cpu[i].online = (int)(w >> (i % 64) & 1);
		}
	}
	if (!machine_ksym_word(m, "panic_cpu", 0, 4, &pc) && pc < m->ncpus)
		m->crashing_cpu = (uint32_t)pc;
	else if (!machine_ksym_word(m, "crashing_cpu", 0, 4, &pc) && pc < m->ncpus)
		m->crashing_cpu = (uint32_t)pc;
}

/*
 * struct paca_struct of a 64-bit Book3S kernel with pSeries and hash MMU
 * support built in (lppaca_ptr first): paca_index, lock_token (always
 * 0x8000), kernelbase (always PAGE_OFFSET) and hw_cpu_id.
 */
#define PACA_INDEX		8
#define PACA_LOCK_TOKEN		10
#define PACA_KERNELBASE		24
#define PACA_HW_CPU_ID		56

/* Where paca_index and hw_cpu_id sit in struct paca_struct. */
struct paca_layout {
	uint64_t index, hwid;
	int check;	/* no DWARF: check lock_token and kernelbase first */
};

/* From the image's DWARF, else the fixed layout above. */
static void paca_layout(struct machine *m, struct paca_layout *l)
{
	struct kimage_loc a, b;
	struct fa_err e;

	l->index = PACA_INDEX;
	l->hwid = PACA_HW_CPU_ID;
	l->check = 1;
	if (!m->img || !kimage_has_dwarf(m->img) ||
	    kimage_type_member(m->img, "struct paca_struct", "paca_index", &a, &e) ||
	    kimage_type_member(m->img, "struct paca_struct", "hw_cpu_id", &b, &e) ||
	    a.size != 2 || b.size != 2)
		return;
	l->index = a.offset;
	l->hwid = b.offset;
	l->check = 0;
}

/*
 * The @size-byte field at @off of paca_ptrs[@cpu], or -1.  paca_ptrs is
 * a pointer to a memblock array of paca pointers.
 */
static int paca_field(struct machine *m, uint32_t cpu, uint64_t off,
		      unsigned int size, uint64_t *v)
{
	uint64_t tab, paca;
	uint8_t b[8];
	struct fa_err e;

	if (machine_ksym_word(m, "paca_ptrs", 0, 8, &tab) || tab < KERNELBASE ||
	    machine_read(m, tab - KERNELBASE + 8ULL * cpu, b, 8, &e))
		return -1;
	paca = fa_get64(b, m->byteorder);
	if (paca < KERNELBASE ||
	    machine_read(m, paca - KERNELBASE + off, b, size, &e))
		return -1;
	*v = size == 8 ? fa_get64(b, m->byteorder) : fa_get16(b, m->byteorder);
	return 0;
}

/*
 * One CPU's hardware id from its paca, -1 when the paca is not one: its
 * paca_index must be @cpu (and, without DWARF, lock_token and kernelbase
 * their constants).
 */
static int64_t paca_hw_cpu_id(struct machine *m, const struct paca_layout *l,
			      uint32_t cpu)
{
	uint64_t v;

	if (paca_field(m, cpu, l->index, 2, &v) || v != cpu)
		return -1;
	if (l->check &&
	    (paca_field(m, cpu, PACA_LOCK_TOKEN, 2, &v) || v != 0x8000 ||
	     paca_field(m, cpu, PACA_KERNELBASE, 8, &v) || v != KERNELBASE))
		return -1;
	if (paca_field(m, cpu, l->hwid, 2, &v))
		return -1;
	return (int64_t)v;
}

/*
 * PowerNV: the hardware thread ids the guest found.  smp_setup_cpu_maps()
 * reads them from the CPU nodes' ibm,ppc-interrupt-server#s (skiboot puts
 * the PIRs there) into cpu_to_phys_id[], and smp_setup_pacas() copies them
 * to each paca's hw_cpu_id and frees the array (cpu_to_phys_id is NULL
 * long before any panic): the pacas are where they are.  QEMU's powernv9
 * has one-thread cores, PIR = core << 2, so the model's
 * four-threads-per-core numbering would name threads that do not exist.
 * Ids that cannot be read or are not sane (duplicates, beyond the 20-bit
 * PIR) leave the model's numbering, and @g->note says so.
 */
static void guest_cpu_pirs(struct machine *m, struct qemu_guest *g)
{
	struct paca_layout l;
	uint32_t *pir, i, j;
	int64_t id;

	if (m->cfg.platform != FA_PLAT_POWERNV)
		return;
	pir = calloc(m->ncpus, sizeof(*pir));
	if (!pir)
		return;
	paca_layout(m, &l);
	for (i = 0; i < m->ncpus; i++) {
		id = paca_hw_cpu_id(m, &l, i);
		for (j = 0; id >= 0 && j < i && pir[j] != id; j++)
			;
		if (id < 0) {
			snprintf(g->note, sizeof(g->note),
				 "fadump-tools: CPU %u: no paca in paca_ptrs[%u]: PIRs numbered 4 threads per core\n",
				 i, i);
			goto out;
		}
		if (id >= 1 << 20 || j < i) {
			snprintf(g->note, sizeof(g->note),
				 "fadump-tools: CPU %u: hw_cpu_id 0x%llx is not a PIR of its own: PIRs numbered 4 threads per core\n",
				 i, (long long)id);
			goto out;
		}
		pir[i] = (uint32_t)id;
	}
	for (i = 0; i < m->ncpus; i++)
		m->cpu[i].pir = pir[i];
out:
	free(pir);
}

/*
 * tk_core's layout in a 64-bit kernel without lockdep: a 4-byte seqcount
 * padded to 8, then struct timekeeper opening with two 56-byte
 * tk_read_bases (tkr_mono, tkr_raw), then xtime_sec and ktime_sec.
 */
#define TK_TIMEKEEPER		8
#define TK_READ_BASE_SIZE	56
#define TK_XTIME_SEC		(TK_TIMEKEEPER + 2 * TK_READ_BASE_SIZE)

/*
 * tk_core.timekeeper.xtime_sec without DWARF: the layout above, taken only
 * when the image agrees with it: tk_core is shadow_timekeeper (a bare
 * struct timekeeper) plus 8 bytes, both tk_read_bases point at the start
 * of the same object of the image (the clocksource), and the wall clock
 * is not behind the monotonic one.
 */
static int guest_xtime_layout(struct machine *m, uint64_t *sec)
{
	uint64_t tk, shadow, mono, raw, xtime, ktime, off;

	if (machine_ksym_size(m, "tk_core", &tk) ||
	    machine_ksym_size(m, "shadow_timekeeper", &shadow) ||
	    tk != shadow + TK_TIMEKEEPER ||
	    machine_ksym_word(m, "tk_core", TK_TIMEKEEPER, 8, &mono) ||
	    machine_ksym_word(m, "tk_core", TK_TIMEKEEPER + TK_READ_BASE_SIZE, 8, &raw) ||
	    machine_ksym_word(m, "tk_core", TK_XTIME_SEC, 8, &xtime) ||
	    machine_ksym_word(m, "tk_core", TK_XTIME_SEC + 8, 8, &ktime))
		return -1;
	if (mono != raw || !machine_ksym_name(m, mono, &off) || off ||
	    xtime < ktime)
		return -1;
	*sec = xtime;
	return 0;
}

/*
 * The guest's wall clock at the pause, what ktime_get_real_seconds() reads
 * and crash_save_vmcoreinfo() would have put in CRASHTIME:
 * tk_core.timekeeper.xtime_sec, placed by the image's DWARF when it has
 * it.  0 when neither the DWARF nor the layout check finds it: no time is
 * better than an invented one.
 */
static uint64_t guest_crash_time(struct machine *m)
{
	uint64_t va, size, sec;
	uint8_t b[8];
	struct fa_err e;

	if (!machine_kvar_member(m, "tk_core", "timekeeper.xtime_sec", &va,
				 &size, &e)) {
		if (size == 8 && va >= KERNELBASE &&
		    !machine_read(m, va - KERNELBASE, b, 8, &e))
			return fa_get64(b, m->byteorder);
		return 0;
	}
	return guest_xtime_layout(m, &sec) ? 0 : sec;
}

/* PAGESIZE from the guest's own VMCOREINFO (vmcoreinfo_note -> note). */
static void guest_page_size(struct machine *m)
{
	uint64_t note, ps;
	uint8_t hdr[24];
	struct fa_vmcoreinfo *vi;
	struct fa_err e;
	char *text;
	uint32_t descsz;

	if (machine_ksym_word(m, "vmcoreinfo_note", 0, 8, &note) || note < KERNELBASE ||
	    machine_read(m, note - KERNELBASE, hdr, sizeof(hdr), &e) ||
	    fa_get32(hdr, m->byteorder) != 11 || memcmp(hdr + 12, "VMCOREINFO", 10))
		return;
	descsz = fa_get32(hdr + 4, m->byteorder);
	if (!descsz || descsz > 65536)
		return;
	text = malloc(descsz);
	if (!text)
		return;
	if (!machine_read(m, note - KERNELBASE + 24, text, descsz, &e) &&
	    !fa_vmci_parse(text, descsz, &vi, &e)) {
		if (!fa_vmci_u64(vi, "PAGESIZE", 10, &ps) &&
		    (ps == 4096 || ps == 65536))
			m->page_size = (uint32_t)ps;
		fa_vmci_free(vi);
	}
	free(text);
}

int qemu_machine_create(const struct machine_config *c, struct machine **out,
			struct fa_err *e)
{
	struct machine_config cfg = *c;
	struct fa_elfcore *core = NULL;
	struct qemu_guest *g = NULL;
	struct kimage *img = NULL;
	struct machine *m = NULL;
	int rc;

	*out = NULL;
	if (!c->from_qemu[0] || !c->vmlinux[0] || !strcmp(c->vmlinux, "none"))
		return fa_err_set(e, FA_EINVAL,
				  "--from-qemu: expected a guest ELF and --vmlinux VMLINUX");
	rc = kimage_open(c->vmlinux, &img, e);
	if (rc)
		return rc;
	cfg.byteorder = kimage_byteorder(img);
	kimage_close(img);
	rc = fa_elfcore_open_path(&core, c->from_qemu, FA_ELFCORE_LAX_NOTES, e);
	if (rc)
		return fa_err_prefix(e, "%s: ", c->from_qemu);
	if (core->e_machine != FA_EM_PPC64) {
		rc = fa_err_set(e, FA_EUNSUP, "%s: expected EM_PPC64 (21), found e_machine %u",
				c->from_qemu, core->e_machine);
		goto fail;
	}
	if (!core->nprstatus || core->nprstatus > 2048) {
		rc = fa_err_set(e, FA_ECORRUPT,
				"%s: expected 1..2048 NT_PRSTATUS notes, found %zu",
				c->from_qemu, core->nprstatus);
		goto fail;
	}
	rc = guest_memmap(core, &cfg, e);
	if (rc) {
		fa_err_prefix(e, "%s: ", c->from_qemu);
		goto fail;
	}
	cfg.ncpus = (uint32_t)core->nprstatus;
	cfg.crashing_cpu = -1;
	g = calloc(1, sizeof(*g));
	if (!g) {
		rc = fa_err_set(e, FA_ENOMEM, "%s: out of memory", c->from_qemu);
		goto fail;
	}
	rc = machine_create_empty(&cfg, &m, e);
	if (rc)
		goto fail;
	g->core = core;
	core = NULL;
	m->content = guest_page;
	m->content_ctx = g;
	m->content_free = guest_close;
	g = NULL;
	guest_cpu_pirs(m, m->content_ctx);
	rc = guest_regs(m, ((struct qemu_guest *)m->content_ctx)->core, e);
	if (rc) {
		fa_err_prefix(e, "%s: ", c->from_qemu);
		goto fail;
	}
	m->crashing_cpu = 0;
	guest_cpu_state(m);
	guest_page_size(m);
	m->crash_time = guest_crash_time(m);
	*out = m;
	return 0;
fail:
	free(g);
	fa_elfcore_close(core);
	machine_destroy(m);
	return rc;
}

const char *qemu_machine_note(const struct machine *m)
{
	const struct qemu_guest *g = m->content_ctx;

	if (m->content != guest_page || !g || !g->note[0])
		return NULL;
	return g->note;
}
