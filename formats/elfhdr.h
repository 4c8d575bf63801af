/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elfhdr.h - the ELF64 header and program header codec, in either byte
 * order, and the layout of a core's headers and segments.
 *
 * Pure byte codec with no libelf: the crash extension (which cannot link
 * libelf into crash) walks vmcore headers with it, and elfcore.h (the
 * libelf-based reader and the writer) includes it.
 */
#ifndef FA_ELFHDR_H
#define FA_ELFHDR_H

#include <stddef.h>
#include <stdint.h>

#include "fa_endian.h"
#include "fa_err.h"

#define FA_ELF_EHDR_SIZE	64
#define FA_ELF_PHDR_SIZE	56

#define FA_ET_CORE		4
#define FA_PT_LOAD		1
#define FA_PT_NOTE		4
#define FA_PF_X			1
#define FA_PF_W			2
#define FA_PF_R			4

/* One program header, host order. */
struct fa_elf_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

/* The ELF64 header fields a core uses, host order. */
struct fa_elf_ehdr {
	int byteorder;		/* EI_DATA: FA_LE / FA_BE */
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint32_t flags;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

/*
 * fa_elf_ehdr_decode() - decode a 64-byte ELF64 header from @buf (@len
 * bytes).  Checks magic (FA_EMAGIC), class (FA_EUNSUP) and EI_DATA
 * (FA_EENDIAN); nothing else, so quirky producers still decode.
 */
int fa_elf_ehdr_decode(const uint8_t *buf, size_t len, struct fa_elf_ehdr *h,
		       struct fa_err *e);

/* fa_elf_ehdr_encode() - write @h as 64 bytes in h->byteorder. */
void fa_elf_ehdr_encode(uint8_t *dst, const struct fa_elf_ehdr *h);

/* fa_elf_phdr_decode() / _encode() - one 56-byte Elf64_Phdr in order @bo. */
void fa_elf_phdr_decode(const uint8_t *src, int bo, struct fa_elf_phdr *p);
void fa_elf_phdr_encode(uint8_t *dst, int bo, const struct fa_elf_phdr *p);

/* fa_elf_headers_size() - bytes of an Ehdr followed by @nphdr Phdrs. */
uint64_t fa_elf_headers_size(size_t nphdr);

/*
 * fa_elf_build_headers() - write an ET_CORE Ehdr (e_phoff 64, e_ehsize 64,
 * e_phentsize 56, no sections) and @n phdrs into @dst (@cap bytes), e.g.
 * for an elfcorehdr in memory.  Returns the bytes written (>0), or
 * FA_ERANGE (buffer too small) / FA_EUNSUP (more than 65534 phdrs).
 */
int64_t fa_elf_build_headers(uint8_t *dst, size_t cap, int bo,
			     uint16_t machine, uint32_t flags,
			     const struct fa_elf_phdr *ph, size_t n,
			     struct fa_err *e);

/*
 * fa_elf_layout() - give each of @n phdrs a file offset, consecutively
 * after the headers: PT_LOAD data aligned to @load_align (a power of two,
 * or 0/1 for none), other segments to 4 bytes.  Stores the resulting file
 * size in *@size.  Returns 0 or FA_EINVAL / FA_ERANGE.
 */
int fa_elf_layout(struct fa_elf_phdr *ph, size_t n, uint64_t load_align,
		  uint64_t *size, struct fa_err *e);

#endif /* FA_ELFHDR_H */
