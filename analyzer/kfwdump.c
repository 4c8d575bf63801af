// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kfwdump.c - the crashed kernel's fw_dump and fdm, read from the dump
 * through the vmlinux's symbols and DWARF (see kfwdump.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfwdump.h"
#include "kimage.h"
#include "symbolize.h"
#include "vmcoreinfo.h"

#define FW_DUMP_MAX	(64u << 10)

/* The kernel's relocation: its symbols ran at st_value + KERNELOFFSET. */
static uint64_t kernel_offset(const struct fa_dump *d)
{
	uint64_t off = 0;

	if (d->vmcoreinfo &&
	    fa_vmci_u64(d->vmcoreinfo, "KERNELOFFSET", 16, &off))
		off = 0;
	return off;
}

/* Variable @var of @ki: its address as the kernel ran and its size. */
static int var_at(struct kimage *ki, const struct fa_dump *d, const char *var,
		  uint64_t *addr, uint64_t *size, struct fa_err *e)
{
	struct kimage_loc loc;
	uint64_t sz;

	if (kimage_sym(ki, var, addr, &sz))
		return fa_err_set(e, FA_ENOENT, "no symbol %s (a kernel "
				  "without CONFIG_FA_DUMP?)", var);
	if (kimage_var_member(ki, var, NULL, &loc, e))
		return fa_err_prefix(e, "%s: ", var);
	*addr += kernel_offset(d);
	*size = loc.size;
	return 0;
}

static int read_var(const struct fa_dump *d, uint64_t addr, void *buf,
		    size_t len, const char *var, struct fa_err *e)
{
	int ret = d->mem.read(d->mem.ctx, FA_KVADDR, addr, buf, len, e);

	if (ret)
		return fa_err_prefix(e, "%s at %#" PRIx64 ": ", var, addr);
	return 0;
}

/* fw_dump's member table from the DWARF, as crash's MEMBER_OFFSET gives. */
static void fwd_layout(struct kimage *ki, uint64_t size,
		       struct fa_fwd_layout *l)
{
	struct kimage_loc loc;
	struct fa_err e;
	int f;

	fa_fwd_layout_init(l);
	l->struct_size = (long)size;
	for (f = 0; f < FA_FWD_NR; f++) {
		struct fa_fwd_member *m = &l->m[f];

		if (kimage_var_member(ki, "fw_dump", fa_fwd_name(f), &loc,
				      &e))
			continue;	/* not in this kernel's fw_dump */
		m->offset = (long)loc.offset;
		m->size = (long)loc.size;
		if (loc.bit_size) {
			m->bitpos = (long)loc.bit_offset;
			m->bitsize = loc.bit_size;
		}
	}
}

static int read_fw_dump(struct kimage *ki, const struct fa_dump *d,
			struct fa_kfwdump *k, struct fa_err *e)
{
	struct fa_fwd_layout *l;
	uint64_t size;
	uint8_t *buf;
	int ret;

	ret = var_at(ki, d, "fw_dump", &k->fw_dump_addr, &size, e);
	if (ret)
		return ret;
	if (!size || size > FW_DUMP_MAX)
		return fa_err_set(e, FA_ECORRUPT, "fw_dump: expected a struct "
				  "of 1..%u bytes, the DWARF says %" PRIu64,
				  FW_DUMP_MAX, size);
	l = malloc(sizeof(*l));
	buf = malloc(size);
	if (!l || !buf) {
		ret = fa_err_set(e, FA_ENOMEM, "out of memory");
		goto out;
	}
	fwd_layout(ki, size, l);
	ret = read_var(d, k->fw_dump_addr, buf, size, "fw_dump", e);
	if (!ret)
		ret = fa_fwdump_decode(buf, size, kimage_byteorder(ki), l,
					  &k->fwd, e);
out:
	free(buf);
	free(l);
	return ret;
}

int fa_kfwdump_read(const struct fa_dump *d, const char *vmlinux,
		    struct fa_kfwdump *k, struct fa_err *e)
{
	struct kimage_loc loc;
	struct kimage *ki;
	struct fa_err e2;
	uint64_t size;
	int ret;

	memset(k, 0, sizeof(*k));
	ret = kimage_open(vmlinux, &ki, e);
	if (ret)
		return ret;
	if (!kimage_has_dwarf(ki)) {
		ret = fa_err_set(e, FA_ENOENT, "no DWARF: struct fw_dump's "
				 "layout needs the -dbg vmlinux");
		goto out;
	}
	ret = read_fw_dump(ki, d, k, e);
	if (ret)
		goto out;
	if (!kimage_type_member(ki, "struct fadump_crash_info_header", NULL,
				&loc, &e2))
		k->crash_info_size = loc.size;
	/* PowerNV kernels have opal_fdm instead: no fdm is no error. */
	if (var_at(ki, d, "fdm", &k->fdm_addr, &size, &e2)) {
		k->fdm_addr = 0;
		goto out;
	}
	if (size > sizeof(k->fdm)) {
		ret = fa_err_set(e, FA_ECORRUPT, "fdm: expected at most %zu "
				 "bytes, the DWARF says %" PRIu64,
				 sizeof(k->fdm), size);
		goto out;
	}
	k->fdm_len = (size_t)size;
	ret = read_var(d, k->fdm_addr, k->fdm, k->fdm_len, "fdm", e);
out:
	kimage_close(ki);
	return ret;
}

/* fw_dump member @f, or 0 when this kernel has none. */
static uint64_t fwd(const struct fa_kfwdump *k, int f)
{
	return k->fwd.present[f] ? k->fwd.v[f] : 0;
}

int fa_kfwdump_session(struct fa_session *s, const char *vmlinux,
		       unsigned int flags)
{
	struct fa_fw_kernel kv = { .have = 1 };
	struct fa_symbolizer *sym = NULL;
	struct fa_fwsections *fw;
	struct fa_kfwdump *k;
	char detail[4200];
	struct fa_err e;
	int ret;

	/* The build ID and release checks of every --vmlinux. */
	ret = fa_cli_open_vmlinux(vmlinux, s->d, &sym);
	fa_sym_close(sym);
	if (ret)
		return ret;
	k = malloc(sizeof(*k));
	fw = malloc(sizeof(*fw));
	if (!k || !fw) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		ret = fa_cli_error(vmlinux, &e);
		goto out;
	}
	ret = fa_kfwdump_read(s->d, vmlinux, k, &e);
	if (!ret && !k->fdm_addr)
		ret = fa_err_set(&e, FA_ENOENT, "no fdm: not a pSeries "
				 "FADump kernel");
	if (ret == FA_ENOENT && (flags & FA_KFW_OPTIONAL)) {
		ret = FA_EXIT_OK;
		goto out;
	}
	if (ret) {
		fa_err_prefix(&e, "the crashed kernel's fw_dump/fdm: ");
		ret = fa_cli_error(vmlinux, &e);
		goto out;
	}
	kv.dump_active = fwd(k, FA_FWD_DUMP_ACTIVE) != 0;
	kv.pre_610 = !k->fwd.present[FA_FWD_ELFCOREHDR_ADDR];
	kv.reserve_start = fwd(k, FA_FWD_RESERVE_DUMP_AREA_START);
	kv.reserve_size = fwd(k, FA_FWD_RESERVE_DUMP_AREA_SIZE);
	kv.fadumphdr_addr = fwd(k, FA_FWD_FADUMPHDR_ADDR);
	kv.crash_info_size = k->crash_info_size;
	snprintf(detail, sizeof(detail), "fdm at %#" PRIx64 " in %s, "
		 "symbols of %s", k->fdm_addr, s->d->file, vmlinux);
	if (fa_fwsections_find_fdm(s->d, k->fdm, k->fdm_len, &kv, detail, fw,
				   &e)) {
		ret = fa_cli_error(s->d->file, &e);
		goto out;
	}
	s->fw = *fw;
	ret = FA_EXIT_OK;
out:
	free(fw);
	free(k);
	return ret;
}

int fa_kfwdump_needed(struct fa_session *s)
{
	const struct fa_fwsections *fw = &s->fw;

	if (fw->have_fdm || fw->have_opal_fdm ||
	    (fw->platform != FA_FW_PSERIES && fw->platform != FA_FW_UNKNOWN))
		return 0;
	fa_fw_add_note(&s->fw, "the dump keeps no registration structure: "
		       "boot memory, the reserved area and fadump_region need "
		       "--vmlinux (the crashed kernel's fw_dump and fdm)");
	return 1;
}
