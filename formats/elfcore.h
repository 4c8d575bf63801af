/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elfcore.h - ELF64 core files (vmcore, opalcore, QEMU guest dumps) in
 * either byte order: a reader built on libelf that never loads the whole
 * file and a streaming sparse writer.  The field-by-field header codec is
 * elfhdr.h, included here for the callers of both.
 *
 * The reader trusts program headers only.  Section headers and e_ehsize are
 * ignored because QEMU 7.2 writes them wrong (e_ehsize 8).
 */
#ifndef FA_ELFCORE_H
#define FA_ELFCORE_H

#include <stddef.h>
#include <stdint.h>

#include "elfhdr.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "fa_err.h"
#include "fa_mem.h"
#include "fa_outfile.h"

/* Largest PT_NOTE data the reader will hold in memory. */
#define FA_ELFCORE_NOTES_MAX	(256u << 20)

/* ---- reader ---- */

/* A PT_LOAD, as the reader indexes it. */
struct fa_elf_load {
	uint64_t paddr;
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
	unsigned int phdr_index;	/* position in the program header table */
};

/* Open flags. */
#define FA_ELFCORE_ANY_TYPE	0x1	/* accept e_type other than ET_CORE */
#define FA_ELFCORE_LAX_NOTES	0x2	/* keep the notes before a bad one */
#define FA_ELFCORE_TRUNCATED_OK	0x4	/* PT_LOAD data past EOF: open anyway */

/*
 * An open core.  All fields are read-only for callers; everything is owned
 * by the core and freed by fa_elfcore_close().
 */
struct fa_elfcore {
	int fd;
	int own_fd;
	uint64_t file_size;
	int byteorder;			/* FA_LE / FA_BE (EI_DATA) */
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_flags;
	struct fa_elf_phdr *phdrs;	/* all program headers, file order */
	size_t nphdrs;
	struct fa_elf_load *loads;	/* PT_LOADs sorted by paddr */
	size_t nloads;
	/*
	 * Physical memory: the PT_LOADs cut into disjoint pieces sorted by
	 * paddr, each a part of one PT_LOAD (its phdr_index, offset and
	 * vaddr shifted to the piece, filesz the file data in the piece).
	 * Without overlaps it is loads less the empty ones.  Where PT_LOADs
	 * overlap (x86_64's kernel text segment lies inside System RAM),
	 * an address is file data if any of them has it there.
	 */
	struct fa_elf_load *map;
	size_t nmap;
	size_t *by_vaddr;		/* indices into loads, sorted by vaddr */
	size_t nvaddr;			/* (PT_LOADs with p_vaddr 0 left out) */
	uint8_t *notes;			/* all PT_NOTE notes, terminators cut */
	size_t notes_len;
	struct fa_note *prstatus;	/* "CORE" NT_PRSTATUS notes, file order */
	size_t nprstatus;
	const char *vmcoreinfo;		/* into notes; NULL if none */
	size_t vmcoreinfo_len;		/* trailing NULs cut */
	uint64_t data_end;		/* end of the PT_LOAD/PT_NOTE data */
	int notes_bad;			/* LAX_NOTES: some notes were dropped */
	struct fa_err notes_err;	/* ... and why */
};

/*
 * fa_elfcore_open() - read the headers and notes of the ELF64 core open on
 * @fd (borrowed: the caller closes it after fa_elfcore_close()).  Memory is
 * read on demand.  On success *@out is a new core.  Errors: FA_EMAGIC (not
 * ELF), FA_EUNSUP (not ELFCLASS64, not ET_CORE), FA_ETRUNC (headers or
 * segment data past the end of the file), FA_ERANGE (overflowing offsets,
 * notes > 256 MiB), FA_ECORRUPT, FA_ELIB, FA_EIO, FA_ENOMEM.
 */
int fa_elfcore_open(struct fa_elfcore **out, int fd, unsigned int flags,
		    struct fa_err *e);

/* fa_elfcore_open_path() - fa_elfcore_open() on @path, which the core owns. */
int fa_elfcore_open_path(struct fa_elfcore **out, const char *path,
			 unsigned int flags, struct fa_err *e);

/* fa_elfcore_close() - free @c (and close its fd if it opened it). */
void fa_elfcore_close(struct fa_elfcore *c);

/* fa_elfcore_find_phys() - the piece of c->map holding @paddr, or NULL. */
const struct fa_elf_load *fa_elfcore_find_phys(const struct fa_elfcore *c,
					       uint64_t paddr);

/*
 * fa_elfcore_phys_offset() - file offset of @paddr.  Returns 0 with *@off
 * set, 1 when @paddr is in a zero-filled tail [filesz, memsz) (no file
 * data), or FA_ENOENT for a hole.  *@seg (may be NULL) gets the PT_LOAD.
 */
int fa_elfcore_phys_offset(const struct fa_elfcore *c, uint64_t paddr,
			   const struct fa_elf_load **seg, uint64_t *off,
			   struct fa_err *e);

/*
 * fa_elfcore_kv_to_phys() - translate kernel virtual @kvaddr through the
 * PT_LOADs' p_vaddr, or for EM_PPC64 the linear map.  0 or FA_ENOENT.
 */
int fa_elfcore_kv_to_phys(const struct fa_elfcore *c, uint64_t kvaddr,
			  uint64_t *paddr, struct fa_err *e);

/*
 * fa_elfcore_read_phys() - copy @len bytes of physical memory at @paddr,
 * across PT_LOAD boundaries, zero-filling [filesz, memsz).  FA_ENOENT names
 * the first address that no PT_LOAD covers; FA_ERANGE when the range runs
 * past 2^64 - 1.
 */
int fa_elfcore_read_phys(const struct fa_elfcore *c, uint64_t paddr,
			 void *buf, size_t len, struct fa_err *e);

/* fa_elfcore_read_kv() - as read_phys for a kernel virtual address. */
int fa_elfcore_read_kv(const struct fa_elfcore *c, uint64_t kvaddr,
		       void *buf, size_t len, struct fa_err *e);

/* fa_elfcore_mem() - an fa_mem over @c (FA_PHYS and FA_KVADDR). */
void fa_elfcore_mem(struct fa_elfcore *c, struct fa_mem *out);

/*
 * fa_elfcore_vmcoreinfo() - the VMCOREINFO note's text (not NUL-terminated;
 * points into the core).  0, or FA_ENOENT when there is none.
 */
int fa_elfcore_vmcoreinfo(const struct fa_elfcore *c, const char **text,
			  size_t *len, struct fa_err *e);

/* ---- writer ---- */

/*
 * fa_elfw_read_fn - supplies @len bytes at @pos of a streamed range into
 * @buf.  Returns 0 (filled), 1 (the range is all zeros; @buf untouched) or
 * a negative FA_E* code with @e set.
 */
typedef int (*fa_elfw_read_fn)(void *ctx, uint64_t pos, void *buf, size_t len,
			       struct fa_err *e);

#define FA_ELFW_CHUNK		(1u << 20)	/* streaming buffer */
#define FA_ELFW_HOLE_GRAIN	(64u << 10)	/* zero runs left as holes */

struct fa_elfw {
	struct fa_outfile of;
	int byteorder;
	uint64_t size;			/* final file size */
	struct fa_elf_phdr *phdrs;
	size_t nphdrs;
	uint8_t *buf;			/* FA_ELFW_CHUNK bytes */
};

/*
 * fa_elfw_open() - create @path through fa_outfile (0600, temporary name)
 * and write the Ehdr and the @n phdrs (copied) in byte order @bo.  The
 * phdrs' offsets are the caller's (see fa_elf_layout()); segment data must
 * not overlap the headers.  On failure nothing is left behind.
 */
int fa_elfw_open(struct fa_elfw *w, const char *path, int bo,
		 uint16_t machine, uint32_t flags,
		 const struct fa_elf_phdr *ph, size_t n, struct fa_err *e);

/* fa_elfw_open_rule() - fa_elfw_open() with @path under @rule (fa_outfile.h). */
int fa_elfw_open_rule(struct fa_elfw *w, const char *path,
		      const struct fa_outrule *rule, int bo, uint16_t machine,
		      uint32_t flags, const struct fa_elf_phdr *ph, size_t n,
		      struct fa_err *e);

/* fa_elfw_pwrite() - write @buf as is at file offset @off. */
int fa_elfw_pwrite(struct fa_elfw *w, uint64_t off, const void *buf,
		   size_t len, struct fa_err *e);

/*
 * fa_elfw_stream() - fill [@off, @off+@len) from @read in chunks of
 * FA_ELFW_CHUNK, leaving all-zero FA_ELFW_HOLE_GRAIN runs as holes.  The
 * range must not have been written before.
 */
int fa_elfw_stream(struct fa_elfw *w, uint64_t off, uint64_t len,
		   fa_elfw_read_fn read, void *ctx, struct fa_err *e);

/* fa_elfw_stream_segment() - fa_elfw_stream() of phdr @idx's filesz bytes. */
int fa_elfw_stream_segment(struct fa_elfw *w, size_t idx, fa_elfw_read_fn read,
			   void *ctx, struct fa_err *e);

/*
 * fa_elfw_finish() - extend the file to its full size, fsync and rename it
 * into place; frees @w.  On failure the temporary is removed.
 */
int fa_elfw_finish(struct fa_elfw *w, struct fa_err *e);

/* fa_elfw_abort() - remove the temporary and free @w; safe to call twice. */
void fa_elfw_abort(struct fa_elfw *w);

#endif /* FA_ELFCORE_H */
