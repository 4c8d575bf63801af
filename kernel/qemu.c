// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qemu.c - a machine from a QEMU guest memory dump and the guest's vmlinux.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"
#include "fa_endian.h"
#include "kimage.h"
#include "prstatus.h"
#include "qemu.h"
#include "vmcoreinfo.h"

#define KERNELBASE	FA_PPC64_PAGE_OFFSET

static int guest_page(void *ctx, uint64_t paddr, uint8_t *page,
		      struct fa_err *e)
{
	return fa_elfcore_read_phys(ctx, paddr, page, MACHINE_CHUNK, e);
}

static void guest_close(void *ctx)
{
	fa_elfcore_close(ctx);
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

/* Read a kernel word at a symbol of the image (no DWARF needed). */
static int guest_word_at(struct machine *m, const char *sym, uint64_t off,
			 unsigned size, uint64_t *v)
{
	uint8_t b[8];
	uint64_t va;
	struct fa_err e;

	if (machine_ksym(m, sym, &va) || va < KERNELBASE ||
	    machine_read(m, va - KERNELBASE + off, b, size, &e))
		return -1;
	*v = size == 8 ? fa_get64(b, m->byteorder) : fa_get32(b, m->byteorder);
	return 0;
}

static int guest_word(struct machine *m, const char *sym, unsigned size,
		      uint64_t *v)
{
	return guest_word_at(m, sym, 0, size, v);
}

/* Online CPUs and the panicking one, as the guest kernel left them. */
static void guest_cpu_state(struct machine *m)
{
	uint64_t mask, pc;
	uint32_t i;

	if (!guest_word(m, "__cpu_online_mask", 8, &mask) && mask) {
		for (i = 0; i < m->ncpus; i++) {
			uint64_t w = mask;

			if (i >= 64 && guest_word_at(m, "__cpu_online_mask",
						     (i / 64) * 8, 8, &w))
				w = 0;
			m->cpu[i].online = (int)(w >> (i % 64) & 1);
		}
	}
	if (!guest_word(m, "panic_cpu", 4, &pc) && pc < m->ncpus)
		m->crashing_cpu = (uint32_t)pc;
	else if (!guest_word(m, "crashing_cpu", 4, &pc) && pc < m->ncpus)
		m->crashing_cpu = (uint32_t)pc;
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

	if (guest_word(m, "vmcoreinfo_note", 8, &note) || note < KERNELBASE ||
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
	rc = machine_create_empty(&cfg, &m, e);
	if (rc)
		goto fail;
	m->content = guest_page;
	m->content_ctx = core;
	m->content_free = guest_close;
	core = NULL;
	rc = guest_regs(m, m->content_ctx, e);
	if (rc) {
		fa_err_prefix(e, "%s: ", c->from_qemu);
		goto fail;
	}
	m->crashing_cpu = 0;
	guest_cpu_state(m);
	guest_page_size(m);
	*out = m;
	return 0;
fail:
	fa_elfcore_close(core);
	machine_destroy(m);
	return rc;
}
