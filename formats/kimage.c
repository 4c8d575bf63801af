// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kimage.c - kernel image symbols (libelf) and member locations (libdw).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <libelf.h>

#include "fa_endian.h"
#include "kimage.h"

struct ksym {
	const char *name;
	uint64_t value, size;
};

#define KIMAGE_CACHE 64

struct kimage {
	char *path;
	int fd;
	Elf *elf;
	Dwarf *dw;
	int byteorder;
	unsigned int machine, flags;
	struct kimage_load *loads;
	size_t nloads;
	struct ksym *syms;		/* sorted by name */
	size_t nsyms;
	struct ksym **by_addr;		/* functions and objects, by value */
	size_t naddr;
	uint8_t build_id[20];
	size_t build_id_len;
	/* DIE offsets of variables and types looked up before. */
	struct {
		char name[64];
		int is_type;
		Dwarf_Off off;
	} cache[KIMAGE_CACHE];
	int ncache;
};

static int sym_name_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	/* keep the table order stable: first definition first */
	return x < y ? -1 : x > y;
}

static int sym_addr_cmp(const void *a, const void *b)
{
	const struct ksym *x = *(struct ksym * const *)a;
	const struct ksym *y = *(struct ksym * const *)b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int load_symtab(struct kimage *k, struct fa_err *e)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(k->elf, scn))) {
		Elf_Data *d;
		size_t n, i;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !sh.sh_entsize)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		k->syms = calloc(n ? n : 1, sizeof(*k->syms));
		k->by_addr = calloc(n ? n : 1, sizeof(*k->by_addr));
		if (!k->syms || !k->by_addr)
			return fa_err_set(e, FA_ENOMEM, "%s: symbol table: out of memory",
					  k->path);
		for (i = 0; i < n; i++) {
			GElf_Sym s;
			const char *name;
			int type;

			if (!gelf_getsym(d, (int)i, &s) || s.st_shndx == SHN_UNDEF)
				continue;
			name = elf_strptr(k->elf, sh.sh_link, s.st_name);
			if (!name || !*name)
				continue;
			type = GELF_ST_TYPE(s.st_info);
			if (type == STT_SECTION || type == STT_FILE)
				continue;
			k->syms[k->nsyms].name = name;
			k->syms[k->nsyms].value = s.st_value;
			k->syms[k->nsyms].size = s.st_size;
			k->nsyms++;
		}
		break;
	}
	if (!k->nsyms)		/* no SHT_SYMTAB: k->syms is NULL */
		return 0;
	qsort(k->syms, k->nsyms, sizeof(*k->syms), sym_name_cmp);
	for (size_t i = 0; i < k->nsyms; i++)
		k->by_addr[k->naddr++] = &k->syms[i];
	qsort(k->by_addr, k->naddr, sizeof(*k->by_addr), sym_addr_cmp);
	return 0;
}

static int load_phdrs(struct kimage *k, const uint8_t *file, size_t fsize,
		      struct fa_err *e)
{
	size_t n, i;

	if (elf_getphdrnum(k->elf, &n))
		return fa_err_set(e, FA_ELIB, "%s: program headers: %s", k->path,
				  elf_errmsg(-1));
	k->loads = calloc(n ? n : 1, sizeof(*k->loads));
	if (!k->loads)
		return fa_err_set(e, FA_ENOMEM, "%s: out of memory", k->path);
	for (i = 0; i < n; i++) {
		GElf_Phdr p;
		struct kimage_load *l;

		if (!gelf_getphdr(k->elf, (int)i, &p))
			continue;
		if (p.p_type != PT_LOAD)
			continue;
		if (p.p_filesz > p.p_memsz || p.p_offset > fsize ||
		    p.p_filesz > fsize - p.p_offset)
			return fa_err_set(e, FA_ETRUNC,
					  "%s: PT_LOAD %zu: file range 0x%llx+0x%llx beyond the file (0x%zx bytes)",
					  k->path, i, (unsigned long long)p.p_offset,
					  (unsigned long long)p.p_filesz, fsize);
		l = &k->loads[k->nloads++];
		l->vaddr = p.p_vaddr;
		l->paddr = p.p_paddr;
		l->filesz = p.p_filesz;
		l->memsz = p.p_memsz;
		l->data = file + p.p_offset;
	}
	return 0;
}

static void load_build_id(struct kimage *k)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(k->elf, scn))) {
		Elf_Data *d;
		GElf_Nhdr nh;
		size_t off = 0, noff, doff;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		while ((off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0) {
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    !memcmp((char *)d->d_buf + noff, "GNU", 4)) {
				size_t n = nh.n_descsz < 20 ? nh.n_descsz : 20;

				memcpy(k->build_id, (char *)d->d_buf + doff, n);
				k->build_id_len = n;
				return;
			}
		}
	}
}

int kimage_open(const char *path, struct kimage **out, struct fa_err *e)
{
	struct kimage *k;
	GElf_Ehdr eh;
	const uint8_t *file;
	size_t fsize;
	int rc;

	*out = NULL;
	elf_version(EV_CURRENT);
	k = calloc(1, sizeof(*k));
	if (!k)
		return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
	k->fd = -1;
	k->path = strdup(path);
	if (!k->path) {
		rc = fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	k->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (k->fd < 0) {
		rc = fa_err_set(e, FA_EIO, "kernel image %s: %s", path,
				strerror(errno));
		goto out;
	}
	k->elf = elf_begin(k->fd, ELF_C_READ_MMAP, NULL);
	if (!k->elf || elf_kind(k->elf) != ELF_K_ELF) {
		rc = fa_err_set(e, FA_EMAGIC,
				"kernel image %s: expected an ELF file, found none",
				path);
		goto out;
	}
	if (gelf_getclass(k->elf) != ELFCLASS64 || !gelf_getehdr(k->elf, &eh)) {
		rc = fa_err_set(e, FA_EUNSUP,
				"kernel image %s: expected ELFCLASS64, found class %d",
				path, gelf_getclass(k->elf));
		goto out;
	}
	k->byteorder = eh.e_ident[EI_DATA] == ELFDATA2MSB ? FA_BE : FA_LE;
	k->machine = eh.e_machine;
	k->flags = eh.e_flags;
	file = (const uint8_t *)elf_rawfile(k->elf, &fsize);
	if (!file) {
		rc = fa_err_set(e, FA_ELIB, "kernel image %s: %s", path,
				elf_errmsg(-1));
		goto out;
	}
	rc = load_phdrs(k, file, fsize, e);
	if (!rc)
		rc = load_symtab(k, e);
	if (rc)
		goto out;
	load_build_id(k);
	k->dw = dwarf_begin_elf(k->elf, DWARF_C_READ, NULL);
	*out = k;
	return 0;
out:
	kimage_close(k);
	return rc;
}

void kimage_close(struct kimage *k)
{
	if (!k)
		return;
	if (k->dw)
		dwarf_end(k->dw);
	if (k->elf)
		elf_end(k->elf);
	if (k->fd >= 0)
		close(k->fd);
	free(k->loads);
	free(k->syms);
	free(k->by_addr);
	free(k->path);
	free(k);
}

int kimage_byteorder(const struct kimage *k) { return k->byteorder; }
unsigned int kimage_machine(const struct kimage *k) { return k->machine; }
unsigned int kimage_flags(const struct kimage *k) { return k->flags; }
const char *kimage_path(const struct kimage *k) { return k->path; }
size_t kimage_nloads(const struct kimage *k) { return k->nloads; }
int kimage_has_dwarf(const struct kimage *k) { return k->dw != NULL; }

const struct kimage_load *kimage_load(const struct kimage *k, size_t i)
{
	return i < k->nloads ? &k->loads[i] : NULL;
}

size_t kimage_build_id(const struct kimage *k, uint8_t id[20])
{
	memcpy(id, k->build_id, k->build_id_len);
	return k->build_id_len;
}

int kimage_sym(const struct kimage *k, const char *name, uint64_t *value,
	       uint64_t *size)
{
	size_t lo = 0, hi = k->nsyms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(k->syms[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= k->nsyms || strcmp(k->syms[lo].name, name))
		return FA_ENOENT;
	if (value)
		*value = k->syms[lo].value;
	if (size)
		*size = k->syms[lo].size;
	return 0;
}

const char *kimage_sym_at(const struct kimage *k, uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi = k->naddr;
	const struct ksym *s;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (k->by_addr[mid]->value <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the last symbol at or below addr, preferring a sized one */
	while (lo > 0) {
		s = k->by_addr[--lo];
		if (s->size && addr - s->value < s->size) {
			if (off)
				*off = addr - s->value;
			return s->name;
		}
		if (s->value != addr && s->size)
			break;
		if (!s->size && s->value == addr) {
			if (off)
				*off = 0;
			return s->name;
		}
	}
	return NULL;
}

/* ---- DWARF ---- */

static int cache_find(struct kimage *k, const char *name, int is_type,
		      Dwarf_Die *die)
{
	for (int i = 0; i < k->ncache; i++)
		if (k->cache[i].is_type == is_type &&
		    !strcmp(k->cache[i].name, name))
			return dwarf_offdie(k->dw, k->cache[i].off, die) ? 0 : -1;
	return -1;
}

static void cache_add(struct kimage *k, const char *name, int is_type,
		      Dwarf_Die *die)
{
	int i = k->ncache < KIMAGE_CACHE ? k->ncache++ : KIMAGE_CACHE - 1;

	if (strlen(name) >= sizeof(k->cache[i].name))
		return;
	strcpy(k->cache[i].name, name);
	k->cache[i].is_type = is_type;
	k->cache[i].off = dwarf_dieoffset(die);
}

/* Does @die (a top-level DIE) define what we are looking for? */
static int die_matches(Dwarf_Die *die, int tag, const char *name)
{
	const char *n;

	if (dwarf_tag(die) != tag)
		return 0;
	n = dwarf_diename(die);
	if (!n || strcmp(n, name))
		return 0;
	if (dwarf_hasattr(die, DW_AT_declaration))
		return 0;
	if (tag == DW_TAG_variable)
		return dwarf_hasattr(die, DW_AT_type) ||
		       dwarf_hasattr(die, DW_AT_specification);
	if (tag == DW_TAG_typedef)
		return 1;
	return dwarf_hasattr(die, DW_AT_byte_size);
}

static int find_toplevel(struct kimage *k, int tag, const char *name,
			 Dwarf_Die *out)
{
	Dwarf_Off off = 0, noff;
	size_t hsize;

	while (dwarf_nextcu(k->dw, off, &noff, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, child;

		if (dwarf_offdie(k->dw, off + hsize, &cu) &&
		    dwarf_child(&cu, &child) == 0) {
			do {
				if (die_matches(&child, tag, name)) {
					*out = child;
					return 0;
				}
			} while (dwarf_siblingof(&child, &child) == 0);
		}
		off = noff;
	}
	return -1;
}

static int die_type(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute a;

	if (!dwarf_attr_integrate(die, DW_AT_type, &a))
		return -1;
	if (!dwarf_formref_die(&a, type))
		return -1;
	return dwarf_peel_type(type, type);
}

static int udata_attr(Dwarf_Die *die, int at, Dwarf_Word *v)
{
	Dwarf_Attribute a;

	if (!dwarf_attr_integrate(die, at, &a))
		return -1;
	return dwarf_formudata(&a, v);
}

/* Find member @name in struct/union @type, looking into anonymous members. */
static int find_member(Dwarf_Die *type, const char *name, Dwarf_Die *member,
		       uint64_t *base)
{
	Dwarf_Die child;

	if (dwarf_child(type, &child))
		return -1;
	do {
		const char *n;
		Dwarf_Word loc = 0;
		Dwarf_Die sub;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		n = dwarf_diename(&child);
		udata_attr(&child, DW_AT_data_member_location, &loc);
		if (n && !strcmp(n, name)) {
			*member = child;
			*base = loc;
			return 0;
		}
		if (!n && die_type(&child, &sub) == 0) {
			uint64_t inner;

			if (find_member(&sub, name, member, &inner) == 0) {
				*base = loc + inner;
				return 0;
			}
		}
	} while (dwarf_siblingof(&child, &child) == 0);
	return -1;
}

static int type_size(Dwarf_Die *type, uint64_t *size)
{
	Dwarf_Word s;

	if (dwarf_aggregate_size(type, &s))
		return -1;
	*size = s;
	return 0;
}

/* Step into element @idx of array @type. */
static int array_index(Dwarf_Die *type, uint64_t idx, uint64_t *off,
		       struct fa_err *e, const char *what)
{
	Dwarf_Die child, elem;
	int dims = 0;
	Dwarf_Word count = 0, upper;
	uint64_t esize;

	if (dwarf_child(type, &child) == 0) {
		do {
			if (dwarf_tag(&child) != DW_TAG_subrange_type)
				continue;
			dims++;
			if (udata_attr(&child, DW_AT_count, &count) &&
			    udata_attr(&child, DW_AT_upper_bound, &upper) == 0)
				count = upper + 1;
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	if (dims != 1)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: %d-dimensional array not supported", what,
				  dims);
	if (die_type(type, &elem) || type_size(&elem, &esize))
		return fa_err_set(e, FA_ECORRUPT, "%s: array element type unknown",
				  what);
	if (count && idx >= count)
		return fa_err_set(e, FA_ERANGE,
				  "%s: index %llu beyond the array's %llu elements",
				  what, (unsigned long long)idx,
				  (unsigned long long)count);
	*off += idx * esize;
	*type = elem;
	return 0;
}

/* Bit-field location of @member placed at byte @base in memory order. */
static void bitfield_loc(struct kimage *k, Dwarf_Die *member, uint64_t base,
			 struct kimage_loc *loc)
{
	Dwarf_Word bits = 0, bo, bsz;

	if (udata_attr(member, DW_AT_bit_size, &bits) || !bits)
		return;
	loc->bit_size = (unsigned int)bits;
	(void)base;
	/* DWARF 2/3: counted from the MSB of a byte_size storage unit */
	if (udata_attr(member, DW_AT_bit_offset, &bo))
		bo = 0;
	if (udata_attr(member, DW_AT_byte_size, &bsz))
		bsz = loc->size;
	if (k->byteorder == FA_BE)
		loc->bit_offset = loc->offset * 8 + bo;
	else
		loc->bit_offset = loc->offset * 8 + bsz * 8 - bo - bits;
}

static int walk_path(struct kimage *k, Dwarf_Die *type, const char *path,
		     struct kimage_loc *loc, const char *what,
		     struct fa_err *e)
{
	char tok[128];
	const char *p = path ? path : "";
	Dwarf_Die member;
	int have_member = 0;
	uint64_t struct_base = 0;
	int rc;

	memset(loc, 0, sizeof(*loc));
	while (*p) {
		size_t n;

		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '[') {
			char *end;
			unsigned long long idx = strtoull(p + 1, &end, 0);

			if (*end != ']')
				return fa_err_set(e, FA_EINVAL,
						  "%s: expected \"[N]\" in \"%s\"",
						  what, path);
			rc = array_index(type, idx, &loc->offset, e, what);
			if (rc)
				return rc;
			have_member = 0;
			p = end + 1;
			continue;
		}
		n = strcspn(p, ".[");
		if (n >= sizeof(tok))
			return fa_err_set(e, FA_EINVAL, "%s: member name too long",
					  what);
		memcpy(tok, p, n);
		tok[n] = 0;
		p += n;
		{
			uint64_t moff;

			if (find_member(type, tok, &member, &moff))
				return fa_err_set(e, FA_ENOENT,
						  "%s: no member \"%s\" in %s",
						  what, tok,
						  dwarf_diename(type) ?
						  dwarf_diename(type) : "(anonymous type)");
			struct_base = loc->offset;
			loc->offset += moff;
			if (die_type(&member, type))
				return fa_err_set(e, FA_ECORRUPT,
						  "%s: member \"%s\" has no type",
						  what, tok);
			have_member = 1;
		}
	}
	if (type_size(type, &loc->size))
		return fa_err_set(e, FA_ECORRUPT, "%s: size unknown in DWARF", what);
	if (have_member && dwarf_hasattr(&member, DW_AT_bit_size)) {
		Dwarf_Word dbo;

		if (udata_attr(&member, DW_AT_data_bit_offset, &dbo) == 0) {
			Dwarf_Word bits = 0;

			udata_attr(&member, DW_AT_bit_size, &bits);
			loc->bit_size = (unsigned int)bits;
			loc->bit_offset = struct_base * 8 + dbo;
			loc->offset = loc->bit_offset / 8;
		} else {
			bitfield_loc(k, &member, struct_base, loc);
		}
	}
	return 0;
}

int kimage_var_member(struct kimage *k, const char *var, const char *path,
		      struct kimage_loc *loc, struct fa_err *e)
{
	Dwarf_Die die, type;

	if (!k->dw)
		return fa_err_set(e, FA_ENOENT, "%s: no DWARF debug info (needed for %s)",
				  k->path, var);
	if (cache_find(k, var, 0, &die)) {
		if (find_toplevel(k, DW_TAG_variable, var, &die))
			return fa_err_set(e, FA_ENOENT,
					  "%s: no variable \"%s\" in the DWARF",
					  k->path, var);
		cache_add(k, var, 0, &die);
	}
	if (die_type(&die, &type))
		return fa_err_set(e, FA_ECORRUPT, "%s: variable \"%s\" has no type",
				  k->path, var);
	return walk_path(k, &type, path, loc, var, e);
}

int kimage_type_member(struct kimage *k, const char *type, const char *path,
		       struct kimage_loc *loc, struct fa_err *e)
{
	Dwarf_Die die;
	const char *name = type;
	int tag = DW_TAG_typedef;

	if (!k->dw)
		return fa_err_set(e, FA_ENOENT, "%s: no DWARF debug info (needed for %s)",
				  k->path, type);
	if (!strncmp(type, "struct ", 7)) {
		tag = DW_TAG_structure_type;
		name = type + 7;
	} else if (!strncmp(type, "union ", 6)) {
		tag = DW_TAG_union_type;
		name = type + 6;
	}
	if (cache_find(k, type, 1, &die)) {
		if (find_toplevel(k, tag, name, &die))
			return fa_err_set(e, FA_ENOENT,
					  "%s: no type \"%s\" in the DWARF",
					  k->path, type);
		cache_add(k, type, 1, &die);
	}
	if (tag == DW_TAG_typedef && dwarf_peel_type(&die, &die))
		return fa_err_set(e, FA_ECORRUPT, "%s: typedef \"%s\" unresolved",
				  k->path, type);
	return walk_path(k, &die, path, loc, type, e);
}
