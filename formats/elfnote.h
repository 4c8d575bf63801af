/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elfnote.h - ELF note blobs: iterate and build, in either byte order.
 *
 * A note is a 12-byte Elf64_Nhdr (n_namesz, n_descsz, n_type), the name
 * padded to 4 bytes and the descriptor padded to 4 bytes.  The kernel ends a
 * note buffer with an all-zero header (final_note); QEMU just stops.  Both
 * are accepted.  No libelf: these blobs also live in kernel memory.
 */
#ifndef FA_ELFNOTE_H
#define FA_ELFNOTE_H

#include <stddef.h>
#include <stdint.h>

#include "fa_endian.h"
#include "fa_err.h"

#define FA_NOTE_HDR_SIZE	12

/* Note types used by dumps (n_type). */
#define FA_NT_PRSTATUS		1
#define FA_NT_PRFPREG		2
#define FA_NT_PRPSINFO		3
#define FA_NT_PPC_VMX		0x100
#define FA_NT_PPC_VSX		0x102
#define FA_NT_VMCOREINFO	0	/* with name "VMCOREINFO" */

#define FA_NN_CORE		"CORE"
#define FA_NN_VMCOREINFO	"VMCOREINFO"

/* One note, pointing into the blob it was found in. */
struct fa_note {
	uint32_t type;
	const char *name;	/* namesz bytes, normally NUL-terminated */
	uint32_t namesz;	/* including the NUL */
	const uint8_t *desc;
	uint32_t descsz;
	size_t offset;		/* of the note header within the blob */
};

/*
 * fa_note_next() - decode the note at *@pos of the @len-byte @blob in byte
 * order @bo and advance *@pos past it.  Returns 1 with @n filled, 0 at the
 * end (end of blob, or an all-zero terminator header), or FA_ETRUNC /
 * FA_ERANGE when a header or a name/descriptor runs past the blob.
 */
int fa_note_next(const uint8_t *blob, size_t len, int bo, size_t *pos,
		 struct fa_note *n, struct fa_err *e);

/*
 * fa_note_used() - length of the notes in @blob up to (not including) the
 * terminator, or up to the first malformed note.  Sets *@bad to 1 when it
 * stopped at a malformed note (@e says why), else 0.
 */
size_t fa_note_used(const uint8_t *blob, size_t len, int bo, int *bad,
		    struct fa_err *e);

/* fa_note_name_is() - whether @n's name is @name (NUL included or not). */
int fa_note_name_is(const struct fa_note *n, const char *name);

/* fa_note_size() - bytes fa_note_put() writes for @name and @descsz. */
size_t fa_note_size(const char *name, size_t descsz);

/*
 * fa_note_put() - write one note (header, NUL-terminated @name, @desc, zero
 * padding) at @dst, which must hold fa_note_size() bytes.  Returns the
 * bytes written.
 */
size_t fa_note_put(uint8_t *dst, int bo, const char *name, uint32_t type,
		   const void *desc, uint32_t descsz);

/* fa_note_put_end() - write the 12-byte all-zero terminator; returns 12. */
size_t fa_note_put_end(uint8_t *dst);

#endif /* FA_ELFNOTE_H */
