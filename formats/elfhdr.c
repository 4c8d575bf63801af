// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elfhdr.c - ELF64 Ehdr/Phdr codec and core layout (see elfhdr.h).
 *
 * Only glibc's <elf.h> constants are used here, never libelf, so that the
 * crash extension can link this file.
 */
#include <elf.h>
#include <string.h>

#include "elfhdr.h"

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

int fa_elf_ehdr_decode(const uint8_t *buf, size_t len, struct fa_elf_ehdr *h,
		       struct fa_err *e)
{
	int bo;

	if (len < 4 || memcmp(buf, elf_magic, 4))
		return fa_err_set(e, FA_EMAGIC,
				  "not an ELF file: expected 7f 45 4c 46 at offset 0");
	if (len < FA_ELF_EHDR_SIZE)
		return fa_err_set(e, FA_ETRUNC,
				  "ELF header: need %d bytes at offset 0, only %zu available",
				  FA_ELF_EHDR_SIZE, len);
	if (buf[EI_CLASS] != ELFCLASS64)
		return fa_err_set(e, FA_EUNSUP,
				  "ELF class %u at offset 4, expected ELFCLASS64 (2)",
				  buf[EI_CLASS]);
	bo = buf[EI_DATA];
	if (bo != FA_LE && bo != FA_BE)
		return fa_err_set(e, FA_EENDIAN,
				  "ELF byte order (EI_DATA) %u at offset 5, expected 1 or 2",
				  bo);
	h->byteorder = bo;
	h->type = fa_get16(buf + 16, bo);
	h->machine = fa_get16(buf + 18, bo);
	h->version = fa_get32(buf + 20, bo);
	h->entry = fa_get64(buf + 24, bo);
	h->phoff = fa_get64(buf + 32, bo);
	h->shoff = fa_get64(buf + 40, bo);
	h->flags = fa_get32(buf + 48, bo);
	h->ehsize = fa_get16(buf + 52, bo);
	h->phentsize = fa_get16(buf + 54, bo);
	h->phnum = fa_get16(buf + 56, bo);
	h->shentsize = fa_get16(buf + 58, bo);
	h->shnum = fa_get16(buf + 60, bo);
	h->shstrndx = fa_get16(buf + 62, bo);
	return 0;
}

void fa_elf_ehdr_encode(uint8_t *dst, const struct fa_elf_ehdr *h)
{
	int bo = h->byteorder;

	memset(dst, 0, FA_ELF_EHDR_SIZE);
	memcpy(dst, elf_magic, 4);
	dst[EI_CLASS] = ELFCLASS64;
	dst[EI_DATA] = (uint8_t)bo;
	dst[EI_VERSION] = EV_CURRENT;
	fa_put16(dst + 16, bo, h->type);
	fa_put16(dst + 18, bo, h->machine);
	fa_put32(dst + 20, bo, h->version);
	fa_put64(dst + 24, bo, h->entry);
	fa_put64(dst + 32, bo, h->phoff);
	fa_put64(dst + 40, bo, h->shoff);
	fa_put32(dst + 48, bo, h->flags);
	fa_put16(dst + 52, bo, h->ehsize);
	fa_put16(dst + 54, bo, h->phentsize);
	fa_put16(dst + 56, bo, h->phnum);
	fa_put16(dst + 58, bo, h->shentsize);
	fa_put16(dst + 60, bo, h->shnum);
	fa_put16(dst + 62, bo, h->shstrndx);
}

void fa_elf_phdr_decode(const uint8_t *src, int bo, struct fa_elf_phdr *p)
{
	p->type = fa_get32(src, bo);
	p->flags = fa_get32(src + 4, bo);
	p->offset = fa_get64(src + 8, bo);
	p->vaddr = fa_get64(src + 16, bo);
	p->paddr = fa_get64(src + 24, bo);
	p->filesz = fa_get64(src + 32, bo);
	p->memsz = fa_get64(src + 40, bo);
	p->align = fa_get64(src + 48, bo);
}

void fa_elf_phdr_encode(uint8_t *dst, int bo, const struct fa_elf_phdr *p)
{
	fa_put32(dst, bo, p->type);
	fa_put32(dst + 4, bo, p->flags);
	fa_put64(dst + 8, bo, p->offset);
	fa_put64(dst + 16, bo, p->vaddr);
	fa_put64(dst + 24, bo, p->paddr);
	fa_put64(dst + 32, bo, p->filesz);
	fa_put64(dst + 40, bo, p->memsz);
	fa_put64(dst + 48, bo, p->align);
}

uint64_t fa_elf_headers_size(size_t nphdr)
{
	return FA_ELF_EHDR_SIZE + (uint64_t)nphdr * FA_ELF_PHDR_SIZE;
}

int64_t fa_elf_build_headers(uint8_t *dst, size_t cap, int bo,
			     uint16_t machine, uint32_t flags,
			     const struct fa_elf_phdr *ph, size_t n,
			     struct fa_err *e)
{
	struct fa_elf_ehdr h = {
		.byteorder = bo,
		.type = FA_ET_CORE,
		.machine = machine,
		.version = EV_CURRENT,
		.flags = flags,
		.phoff = FA_ELF_EHDR_SIZE,
		.ehsize = FA_ELF_EHDR_SIZE,
		.phentsize = FA_ELF_PHDR_SIZE,
	};
	uint64_t size = fa_elf_headers_size(n);

	if (bo != FA_LE && bo != FA_BE)
		return fa_err_set(e, FA_EINVAL, "ELF byte order %d is not FA_LE/FA_BE", bo);
	/* PN_XNUM (0xffff) would need a section header 0: not written here. */
	if (n >= PN_XNUM)
		return fa_err_set(e, FA_EUNSUP,
				  "%zu program headers: at most %d without PN_XNUM",
				  n, PN_XNUM - 1);
	if (size > cap)
		return fa_err_set(e, FA_ERANGE,
				  "ELF headers need %llu bytes, buffer has %zu",
				  (unsigned long long)size, cap);
	h.phnum = (uint16_t)n;
	fa_elf_ehdr_encode(dst, &h);
	for (size_t i = 0; i < n; i++)
		fa_elf_phdr_encode(dst + fa_elf_headers_size(i), bo, &ph[i]);
	return (int64_t)size;
}

int fa_elf_layout(struct fa_elf_phdr *ph, size_t n, uint64_t load_align,
		  uint64_t *size, struct fa_err *e)
{
	uint64_t pos = fa_elf_headers_size(n);

	if (load_align == 0)
		load_align = 1;
	if (load_align & (load_align - 1))
		return fa_err_set(e, FA_EINVAL,
				  "segment alignment %#llx is not a power of two",
				  (unsigned long long)load_align);
	for (size_t i = 0; i < n; i++) {
		uint64_t a = ph[i].type == FA_PT_LOAD ? load_align : 4;

		if (fa_add_overflows(pos, a - 1, &pos))
			goto overflow;
		pos &= ~(a - 1);
		ph[i].offset = pos;
		if (fa_add_overflows(pos, ph[i].filesz, &pos))
			goto overflow;
	}
	*size = pos;
	return 0;
overflow:
	return fa_err_set(e, FA_ERANGE, "segment layout overflows 64 bits");
}
