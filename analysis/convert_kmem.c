// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert_kmem.c - kernel memory for fa_convert(): the kernel-virtual
 * reader of the mem_map walk (ppc64_vtop.c, x86_64_vtop.c, then
 * libkdumpfile), kernel symbols and the --config set-up (see
 * convert_int.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "convert_int.h"

/*
 * libkdumpfile copies kernel-virtual reads through its page cache, and
 * the mem_map walk reads all of mem_map (1/64 of memory) that way: read
 * the physical runs straight from the file instead.  Returns 0,
 * X86_UNMAPPED, or -1 for "use kdump_read".
 */
static int kd_read_direct(struct kv_ctx *k, uint64_t addr, uint8_t *buf,
			  size_t len)
{
	struct conv *cv = k->cv;
	uint64_t pa, span;
	struct fa_err e;
	size_t n;
	int rc;

	if (!cv->x86.levels &&
	    fa_x86_64_vtop_init(&cv->x86, &cv->phys, cv->vi)) {
		cv->no_direct = 1;
		return -1;
	}
	while (len) {
		if (addr >= k->x86_va && addr - k->x86_va < k->x86_len) {
			/* the last large page: consecutive chunks share it */
			pa = k->x86_pa + (addr - k->x86_va);
			span = k->x86_len - (addr - k->x86_va);
		} else if ((rc = fa_x86_64_vtop(&cv->x86, addr, &pa, &span))) {
			return rc;
		} else {
			k->x86_va = addr;
			k->x86_pa = pa;
			k->x86_len = span;
		}
		n = span < len ? (size_t)span : len;
		if (cv->phys.read(cv->phys.ctx, FA_PHYS, pa, buf, n, &e))
			return -1;
		buf += n;
		addr += n;
		len -= n;
	}
	return 0;
}

/*
 * libkdumpfile, opened on the first read the page-table walk cannot do
 * (its set-up costs about 2 ms, more than the whole walk of mem_map).
 */
static int kd_open(struct conv *cv, struct fa_err *e)
{
	int fd;

	cv->kd = kdump_new();
	if (!cv->kd)
		return fa_err_set(e, FA_ENOMEM, "libkdumpfile: out of memory");
	fd = dup(cv->fd);
	if (fd < 0)
		return fa_err_errno(e, "dup");
	if (kdump_set_number_attr(cv->kd, KDUMP_ATTR_FILE_FD, fd) != KDUMP_OK ||
	    kdump_set_string_attr(cv->kd, KDUMP_ATTR_OSTYPE, "linux") != KDUMP_OK)
		return fa_err_set(e, FA_ELIB, "libkdumpfile: %s",
				  kdump_get_err(cv->kd));
	return 0;
}

static int kd_read(void *ctx, int space, uint64_t addr, void *buf, size_t len,
		   struct fa_err *e)
{
	struct kv_ctx *k = ctx;
	struct conv *cv = k->cv;
	size_t got = len;
	kdump_status st;
	int rc;

	if (space == FA_PHYS)
		return cv->phys.read(cv->phys.ctx, FA_PHYS, addr, buf, len, e);
	if (!cv->no_direct) {
		rc = kd_read_direct(k, addr, buf, len);
		if (!rc) {
			k->direct_reads++;
			return 0;
		}
		if (rc == X86_UNMAPPED)
			return fa_err_set(e, FA_ENOENT,
					  "kernel address %#llx is not mapped in the x86_64 page tables",
					  (unsigned long long)addr);
	}
	pthread_mutex_lock(&cv->kd_mu);
	if (!cv->kd && !cv->kd_err.code)
		kd_open(cv, &cv->kd_err);
	if (cv->kd_err.code)
		rc = fa_err_set(e, cv->kd_err.code,
				"cannot read kernel address %#llx: %s",
				(unsigned long long)addr, cv->kd_err.msg);
	else if ((st = kdump_read(cv->kd, KDUMP_KVADDR, addr, buf, &got)) !=
		 KDUMP_OK || got != len)
		rc = fa_err_set(e, FA_ENOENT,
				"cannot read %zu bytes at kernel address %#llx: %s",
				len, (unsigned long long)addr,
				kdump_get_err(cv->kd));
	else
		rc = 0;
	pthread_mutex_unlock(&cv->kd_mu);
	if (!rc)
		k->kd_reads++;
	return rc;
}

/*
 * A kernel-virtual reader for the mem_map walk: our own ppc64 translation
 * (libkdumpfile's is stuck on old layouts); for x86_64 our own walk of
 * the kernel's page tables, with libaddrxlat through libkdumpfile for
 * what it cannot translate.
 */
int setup_kmem(struct conv *cv, struct fa_err *e)
{
	uint16_t m = cv->c ? cv->c->e_machine : cv->rf->e_machine;
	int rc;

	if (m == EM_PPC64_) {
		rc = fa_ppc64_vtop_init(&cv->vtop, &cv->phys, cv->vi, cv->ps, e);
		if (rc)
			return rc;
		cv->have_vtop = 1;
		fa_ppc64_kv_mem(&cv->vtop, &cv->kmem);
		cv->have_kmem = 1;
		return 0;
	}
	if (m != EM_X86_64_)
		return fa_err_set(e, FA_EUNSUP,
				  "mem_map filtering supports ppc64 and x86_64, not EM %u",
				  m);
	cv->kmem.read = kd_read;
	cv->kv.cv = cv;
	cv->kmem.ctx = &cv->kv;
	/* now, not on a first read that threads of the walk may race for */
	if (fa_x86_64_vtop_init(&cv->x86, &cv->phys, cv->vi))
		cv->no_direct = 1;
	cv->kmem.byteorder = cv->bo;
	cv->kmem.ptr_size = 8;
	cv->have_kmem = 1;
	return 0;
}

/* A kernel symbol's bytes: through kmem, the PT_LOADs, or x86's image map. */
int read_ksym(struct conv *cv, uint64_t addr, void *buf, size_t len)
{
	struct fa_err e;
	int64_t phys_base = 0;

	if (cv->have_kmem && !cv->kmem.read(cv->kmem.ctx, FA_KVADDR, addr, buf,
					    len, &e))
		return 0;
	if (!fa_elfcore_read_kv(cv->c, addr, buf, len, &e))
		return 0;
	if (cv->c->e_machine == EM_X86_64_ && addr >= 0xffffffff80000000ULL) {
		fa_vmci_number(cv->vi, "phys_base", &phys_base);
		return fa_elfcore_read_phys(cv->c, addr - 0xffffffff80000000ULL +
					    (uint64_t)phys_base, buf, len, &e);
	}
	return -1;
}

static int erase_vtop(void *ctx, uint64_t va, uint64_t *pa, struct fa_err *e)
{
	struct conv *cv = ctx;
	uint64_t span;

	if (cv->have_vtop)
		return fa_ppc64_vtop(&cv->vtop, va, pa, e);
	if (cv->c->e_machine == EM_X86_64_ &&
	    (cv->x86.levels ||
	     !fa_x86_64_vtop_init(&cv->x86, &cv->phys, cv->vi)) &&
	    !fa_x86_64_vtop(&cv->x86, va, pa, &span))
		return 0;
	return fa_err_set(e, FA_ENOENT, "kernel address %#llx is not mapped",
			  (unsigned long long)va);
}

/* Resolve the filter config before anything is written. */
int setup_erase(struct conv *cv, struct fa_err *e)
{
	struct fa_erase_dump d = { 0 };
	struct fa_erase_kernel k = {
		.kmem = &cv->kmem,
		.vtop = erase_vtop,
		.vtop_ctx = cv,
		.page_size = cv->ps,
	};
	int rc;

	/* A refilter (no ELF core) never gets here: refilter() refuses. */
	if (!cv->o->erase_config || !cv->c)
		return 0;
	d.machine = cv->c->e_machine;
	d.byteorder = cv->bo;
	d.machine_name = fallback_machine(cv->c->e_machine, cv->bo);
	d.vi = cv->vi;
	if (!cv->o->vmlinux)
		return fa_err_set(e, FA_EINVAL, "--config needs the vmlinux (-x)");
	if (!cv->vi)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: no VMCOREINFO: the kernel's addresses cannot be translated for --config",
				  cv->in);
	fa_vmci_u64(cv->vi, "KERNELOFFSET", 16, &k.kernel_offset);
	if (!cv->have_kmem) {
		rc = setup_kmem(cv, e);
		if (rc)
			return fa_err_prefix(e, "%s: --config: ", cv->in);
	}
	rc = fa_erase_load(cv->o->erase_config, cv->o->vmlinux, &d, &k,
			   &cv->erase, e);
	if (!rc)
		cv->st->erase_ranges = fa_erase_nranges(cv->erase);
	return rc;
}
