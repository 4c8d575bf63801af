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

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>

#include "fa_endian.h"
#include "symbolize.h"

#define BANNER_PREFIX	"Linux version "

struct fa_symbolizer {
	char *path;
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
	if (s)
		s->path = strdup(vmlinux);
	if (!s || !s->path) {
		free(s);
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
	free(s->path);
	free(s);
}

/* "ppc64le", "x86_64", ... as the dump names its machine. */
static const char *elf_machine_name(uint16_t machine, int bo, char *buf,
				    size_t len)
{
	if (machine == 21)
		snprintf(buf, len, "%s", bo == FA_LE ? "ppc64le" : "ppc64");
	else if (machine == 62)
		snprintf(buf, len, "x86_64 (%s)", fa_bo_name(bo));
	else
		snprintf(buf, len, "e_machine %u (%s)", machine, fa_bo_name(bo));
	return buf;
}

/*
 * The symbol @name: 0 with its section index and unrelocated value, or
 * FA_ENOENT.
 */
static int find_symbol(struct fa_symbolizer *s, const char *name,
		       GElf_Sym *sym, GElf_Word *shndx)
{
	int i, n = dwfl_module_getsymtab(s->mod);
	GElf_Addr addr;
	const char *sn;

	for (i = 1; i < n; i++) {
		sn = dwfl_module_getsym_info(s->mod, i, sym, &addr, shndx,
					     NULL, NULL);
		if (sn && !strcmp(sn, name))
			return 0;
	}
	return FA_ENOENT;
}

/*
 * The release in the file's linux_banner ("Linux version REL ..."), when
 * the banner is initialised data; "" otherwise.
 */
static void banner_release(struct fa_symbolizer *s, char *rel, size_t len)
{
	GElf_Addr bias;
	GElf_Shdr shdr;
	GElf_Word shndx;
	GElf_Sym sym;
	Elf_Data *data;
	Elf_Scn *scn;
	const char *p;
	size_t off, n, pl = strlen(BANNER_PREFIX);
	Elf *elf;

	rel[0] = '\0';
	elf = dwfl_module_getelf(s->mod, &bias);
	if (!elf || find_symbol(s, "linux_banner", &sym, &shndx))
		return;
	scn = elf_getscn(elf, shndx);
	if (!scn || !gelf_getshdr(scn, &shdr) || shdr.sh_type == SHT_NOBITS ||
	    sym.st_value < shdr.sh_addr)
		return;
	data = elf_getdata(scn, NULL);
	off = sym.st_value - shdr.sh_addr;
	if (!data || !data->d_buf || off >= data->d_size ||
	    data->d_size - off < pl)
		return;
	p = (const char *)data->d_buf + off;
	if (memcmp(p, BANNER_PREFIX, pl))
		return;
	p += pl;
	n = 0;
	while (off + pl + n < data->d_size && p[n] && p[n] != ' ')
		n++;
	if (n && n < len) {
		memcpy(rel, p, n);
		rel[n] = '\0';
	}
}

/* VMCOREINFO BUILD-ID: 20 bytes in hex, a shorter ID padded with zeros. */
static int build_id_matches(const char *vmci, const unsigned char *id,
			    int idlen)
{
	char hex[3];
	int i;

	for (i = 0; i < idlen; i++) {
		snprintf(hex, sizeof(hex), "%02x", id[i]);
		if (strncasecmp(vmci + 2 * i, hex, 2))
			return 0;
	}
	for (vmci += 2 * idlen; *vmci; vmci++)
		if (*vmci != '0')
			return 0;
	return 1;
}

static int all_zero(const char *hex)
{
	return !hex[strspn(hex, "0")];
}

int fa_sym_check(struct fa_symbolizer *s, const struct fa_sym_kernel *k,
		 struct fa_err *e)
{
	const unsigned char *id;
	char name[48], rel[128], hex[2 * 64 + 1];
	GElf_Addr bias, vaddr;
	GElf_Ehdr eh;
	GElf_Word shndx;
	GElf_Sym sym;
	Elf *elf;
	int idlen, bo, i;

	elf = dwfl_module_getelf(s->mod, &bias);
	if (!elf || !gelf_getehdr(elf, &eh))
		return fa_err_set(e, FA_ELIB, "%s: libelf: %s", s->path,
				  elf_errmsg(-1));
	bo = eh.e_ident[EI_DATA] == ELFDATA2MSB ? FA_BE : FA_LE;
	if (eh.e_machine != k->machine || (k->byteorder && bo != k->byteorder))
		return fa_err_set(e, FA_EUNSUP, "%s: a %s ELF, expected a %s kernel as the dump",
				  s->path, elf_machine_name(eh.e_machine, bo, name,
						   sizeof(name)),
				  k->machine_name);
	if (find_symbol(s, "_stext", &sym, &shndx) ||
	    find_symbol(s, "linux_banner", &sym, &shndx))
		return fa_err_set(e, FA_EUNSUP, "%s: no _stext or linux_banner symbol: not a kernel image (vmlinux)",
				  s->path);
	idlen = dwfl_module_build_id(s->mod, &id, &vaddr);
	if (k->build_id && !all_zero(k->build_id) && idlen > 0 &&
	    idlen <= 64) {
		if (build_id_matches(k->build_id, id, idlen))
			return 0;
		for (i = 0; i < idlen; i++)
			snprintf(hex + 2 * i, 3, "%02x", id[i]);
		return fa_err_set(e, FA_ECORRUPT, "%s: build ID %s, expected the dump's VMCOREINFO BUILD-ID %s: another kernel build",
				  s->path, hex, k->build_id);
	}
	banner_release(s, rel, sizeof(rel));
	if (k->osrelease && rel[0] && strcmp(rel, k->osrelease))
		return fa_err_set(e, FA_ECORRUPT, "%s: linux_banner of release %s, expected the dump's OSRELEASE %s",
				  s->path, rel, k->osrelease);
	return 0;
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

int fa_sym_addr(struct fa_symbolizer *s, const char *name, uint64_t *addr,
		uint64_t *size)
{
	GElf_Word shndx;
	GElf_Sym sym;

	if (find_symbol(s, name, &sym, &shndx))
		return FA_ENOENT;
	*addr = sym.st_value + s->offset;
	if (size)
		*size = sym.st_size;
	return 0;
}

/* The offset of member @member of the structure type @die, or -1. */
static int64_t die_member_offset(Dwarf_Die *die, const char *member)
{
	Dwarf_Attribute at;
	Dwarf_Word off;
	Dwarf_Die c;
	const char *n;

	if (dwarf_child(die, &c))
		return -1;
	do {
		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		n = dwarf_diename(&c);
		if (!n || strcmp(n, member))
			continue;
		if (!dwarf_attr(&c, DW_AT_data_member_location, &at) ||
		    dwarf_formudata(&at, &off))
			return -1;
		return (int64_t)off;
	} while (dwarf_siblingof(&c, &c) == 0);
	return -1;
}

int fa_sym_member_offset(struct fa_symbolizer *s, const char *type,
			 const char *member, uint64_t *off)
{
	Dwarf_Off cu = 0, next;
	Dwarf_Die cudie, c;
	Dwarf_Addr bias;
	const char *n;
	size_t hsize;
	int64_t o;
	Dwarf *dw;

	dw = s->has_dwarf ? dwfl_module_getdwarf(s->mod, &bias) : NULL;
	if (!dw)
		return FA_EUNSUP;
	/* The first complete definition: every unit has the same layout. */
	while (dwarf_nextcu(dw, cu, &next, &hsize, NULL, NULL, NULL) == 0) {
		if (!dwarf_offdie(dw, cu + hsize, &cudie) ||
		    dwarf_child(&cudie, &c)) {
			cu = next;
			continue;
		}
		do {
			if (dwarf_tag(&c) != DW_TAG_structure_type ||
			    dwarf_hasattr(&c, DW_AT_declaration))
				continue;
			n = dwarf_diename(&c);
			if (!n || strcmp(n, type))
				continue;
			o = die_member_offset(&c, member);
			if (o < 0)
				return FA_ENOENT;
			*off = (uint64_t)o;
			return 0;
		} while (dwarf_siblingof(&c, &c) == 0);
		cu = next;
	}
	return FA_ENOENT;
}

Dwarf *fa_sym_dwarf(struct fa_symbolizer *s)
{
	Dwarf_Addr bias;

	return s->has_dwarf ? dwfl_module_getdwarf(s->mod, &bias) : NULL;
}
