// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * symbolize.c - vmlinux symbol lookups through libdwfl (see symbolize.h).
 *
 * libdwfl, not a hand-walked .symtab: it already knows the ppc64 ELFv1
 * function descriptors (.opd) of big-endian kernels, prefers the best
 * symbol among aliases and finds separate debuginfo by build-id.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfutils/libdwfl.h>

#include "symbolize.h"

struct fa_symbolizer {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	uint64_t offset;	/* KERNELOFFSET */
	int has_dwarf;
};

static char *debuginfo_path;

static const Dwfl_Callbacks sym_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

int fa_sym_open(const char *vmlinux, struct fa_symbolizer **out,
		struct fa_err *e)
{
	struct fa_symbolizer *s;
	Dwarf_Addr bias;
	int ret, fd;

	*out = NULL;
	fd = open(vmlinux, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fa_err_set(e, errno == ENOENT ? FA_ENOENT : FA_EIO,
				  "%s: %s", vmlinux, strerror(errno));
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	s->dwfl = dwfl_begin(&sym_callbacks);
	if (!s->dwfl) {
		close(fd);
		ret = fa_err_set(e, FA_ELIB, "%s: libdwfl: %s", vmlinux,
				 dwfl_errmsg(-1));
		goto out;
	}
	/* On success libdwfl owns fd. */
	s->mod = dwfl_report_offline(s->dwfl, "vmlinux", vmlinux, fd);
	if (!s->mod) {
		close(fd);
		ret = fa_err_set(e, FA_ELIB, "%s: not an ELF file libdwfl can read: %s",
				 vmlinux, dwfl_errmsg(-1));
		goto out;
	}
	dwfl_report_end(s->dwfl, NULL, NULL);
	if (dwfl_module_getsymtab(s->mod) <= 0) {
		ret = fa_err_set(e, FA_ENOENT, "%s: no symbol table (stripped?)",
				 vmlinux);
		goto out;
	}
	s->has_dwarf = dwfl_module_getdwarf(s->mod, &bias) != NULL;
	*out = s;
	return 0;
out:
	fa_sym_close(s);
	return ret;
}

void fa_sym_close(struct fa_symbolizer *s)
{
	if (!s)
		return;
	if (s->dwfl)
		dwfl_end(s->dwfl);
	free(s);
}

void fa_sym_set_offset(struct fa_symbolizer *s, uint64_t offset)
{
	s->offset = offset;
}

int fa_sym_has_dwarf(const struct fa_symbolizer *s)
{
	return s->has_dwarf;
}

int fa_sym_lookup(struct fa_symbolizer *s, uint64_t addr, struct fa_sym *out)
{
	GElf_Addr a = addr - s->offset, off = 0;
	GElf_Sym sym;
	const char *name;
	Dwfl_Line *line;

	memset(out, 0, sizeof(*out));
	name = dwfl_module_addrinfo(s->mod, a, &off, &sym, NULL, NULL, NULL);
	if (!name || !*name)
		return FA_ENOENT;
	/* A symbol of known size must hold the address, as %pS requires. */
	if (sym.st_size && off >= sym.st_size)
		return FA_ENOENT;
	out->name = name;
	out->offset = off;
	out->size = sym.st_size;
	if (s->has_dwarf) {
		line = dwfl_module_getsrc(s->mod, a);
		if (line)
			out->file = dwfl_lineinfo(line, NULL, &out->line, NULL,
						  NULL, NULL);
	}
	return 0;
}

int fa_sym_format(struct fa_symbolizer *s, uint64_t addr, char *buf,
		  size_t len)
{
	struct fa_sym r;

	if (fa_sym_lookup(s, addr, &r))
		return snprintf(buf, len, "%s", "");
	if (r.size)
		return snprintf(buf, len, "%s+0x%llx/0x%llx", r.name,
				(unsigned long long)r.offset,
				(unsigned long long)r.size);
	return snprintf(buf, len, "%s+0x%llx", r.name,
			(unsigned long long)r.offset);
}
