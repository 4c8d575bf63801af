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
