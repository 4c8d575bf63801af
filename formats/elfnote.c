// SPDX-License-Identifier: GPL-2.0-or-later
/* elfnote.c - ELF note iteration and building (see elfnote.h). */
#include <string.h>

#include "elfnote.h"
#include "fa_endian.h"

static int all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return 0;
	return 1;
}

int fa_note_next(const uint8_t *blob, size_t len, int bo, size_t *pos,
		 struct fa_note *n, struct fa_err *e)
{
	size_t off = *pos;
	uint64_t namesz, descsz, name_end, end;
	const uint8_t *h;

	if (off >= len)
		return 0;
	if (len - off < FA_NOTE_HDR_SIZE) {
		/* Zero padding after the last note is not a note. */
		if (all_zero(blob + off, len - off))
			return 0;
		return fa_err_set(e, FA_ETRUNC,
				  "note header at offset %#zx: need %d bytes, only %zu left",
				  off, FA_NOTE_HDR_SIZE, len - off);
	}
	h = blob + off;
	if (all_zero(h, FA_NOTE_HDR_SIZE))
		return 0;
	namesz = fa_get32(h, bo);
	descsz = fa_get32(h + 4, bo);
	/* 64-bit arithmetic: two 32-bit sizes padded cannot overflow it. */
	name_end = off + FA_NOTE_HDR_SIZE + FA_ALIGN_UP(namesz, 4);
	if (name_end > len)
		return fa_err_set(e, FA_ERANGE,
				  "note at offset %#zx: namesz %llu runs past the end of the %zu-byte note data",
				  off, (unsigned long long)namesz, len);
	end = name_end + FA_ALIGN_UP(descsz, 4);
	if (end > len)
		return fa_err_set(e, FA_ERANGE,
				  "note at offset %#zx: descsz %llu runs past the end of the %zu-byte note data",
				  off, (unsigned long long)descsz, len);
	n->namesz = (uint32_t)namesz;
	n->descsz = (uint32_t)descsz;
	n->type = fa_get32(h + 8, bo);
	n->name = (const char *)h + FA_NOTE_HDR_SIZE;
	n->desc = blob + name_end;
	n->offset = off;
	*pos = (size_t)end;
	return 1;
}

size_t fa_note_used(const uint8_t *blob, size_t len, int bo, int *bad,
		    struct fa_err *e)
{
	struct fa_note n;
	size_t pos = 0, last = 0;
	int ret;

	*bad = 0;
	while ((ret = fa_note_next(blob, len, bo, &pos, &n, e)) == 1)
		last = pos;
	if (ret < 0)
		*bad = 1;
	return last;
}

int fa_note_name_is(const struct fa_note *n, const char *name)
{
	size_t l = strlen(name);

	if (n->namesz == l + 1)
		return !memcmp(n->name, name, l + 1);
	/* Some producers leave out the NUL. */
	return n->namesz == l && !memcmp(n->name, name, l);
}

size_t fa_note_size(const char *name, size_t descsz)
{
	return FA_NOTE_HDR_SIZE + FA_ALIGN_UP(strlen(name) + 1, 4) +
	       FA_ALIGN_UP(descsz, 4);
}

size_t fa_note_put(uint8_t *dst, int bo, const char *name, uint32_t type,
		   const void *desc, uint32_t descsz)
{
	size_t namesz = strlen(name) + 1;
	size_t total = fa_note_size(name, descsz);
	uint8_t *p = dst;

	memset(dst, 0, total);
	fa_put32(p, bo, (uint32_t)namesz);
	fa_put32(p + 4, bo, descsz);
	fa_put32(p + 8, bo, type);
	p += FA_NOTE_HDR_SIZE;
	memcpy(p, name, namesz);
	p += FA_ALIGN_UP(namesz, 4);
	if (descsz)
		memcpy(p, desc, descsz);
	return total;
}

size_t fa_note_put_end(uint8_t *dst)
{
	memset(dst, 0, FA_NOTE_HDR_SIZE);
	return FA_NOTE_HDR_SIZE;
}
