/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vmcoreinfo.h - the VMCOREINFO note text: parser, typed lookups and a
 * builder that appends lines exactly as the kernel does.
 *
 * The text is "KEY=VALUE\n" lines (kernel/vmcore_info.c).  Values are kept
 * raw at parse time; each typed lookup parses the value for its key form
 * (SYMBOL hex, SIZE/OFFSET/LENGTH decimal, NUMBER decimal or 0x hex) and
 * names the key when it does not parse.
 *
 * Duplicates: the kernel only ever repeats CRASHTIME (old kernels could
 * append it twice).  The FIRST occurrence wins; fa_vmci_duplicates() and
 * fa_vmci_first_duplicate() report that it happened.
 */
#ifndef FA_VMCOREINFO_H
#define FA_VMCOREINFO_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

/* Largest text the parser accepts. */
#define FA_VMCI_MAX_TEXT	(1u << 20)

struct fa_vmcoreinfo;

/*
 * fa_vmci_parse() - parse @len bytes of VMCOREINFO text.  A last line
 * without "\n" and NUL padding after the text are accepted; a line
 * without "=" or with an empty key is skipped (see fa_vmci_bad_lines()).
 * Rejects a non-printable byte and text over FA_VMCI_MAX_TEXT.
 * On success *@out owns a copy of the text; free it with fa_vmci_free().
 */
int fa_vmci_parse(const char *text, size_t len, struct fa_vmcoreinfo **out,
		  struct fa_err *e);

/* fa_vmci_free() - release a parsed VMCOREINFO (NULL is fine). */
void fa_vmci_free(struct fa_vmcoreinfo *vi);

/* fa_vmci_get() - raw value of @key ("OSRELEASE", "SYMBOL(prb)"), or NULL. */
const char *fa_vmci_get(const struct fa_vmcoreinfo *vi, const char *key);

/*
 * Typed lookups by bare name: fa_vmci_symbol(vi, "prb", &a) reads
 * "SYMBOL(prb)".  Each returns 0, FA_ENOENT, or FA_ECORRUPT when the value
 * does not parse for its form; use fa_vmci_read() to get the message.
 */
int fa_vmci_symbol(const struct fa_vmcoreinfo *vi, const char *name,
		   uint64_t *addr);
int fa_vmci_offset(const struct fa_vmcoreinfo *vi, const char *name,
		   int64_t *v);
int fa_vmci_size(const struct fa_vmcoreinfo *vi, const char *name, int64_t *v);
int fa_vmci_length(const struct fa_vmcoreinfo *vi, const char *name,
		   int64_t *v);
/*
 * fa_vmci_number() - "NUMBER(name)": signed decimal, or "0x" hex
 * (NUMBER(VMALLOC_START)); a hex value above INT64_MAX is returned as its
 * two's-complement bit pattern.
 */
int fa_vmci_number(const struct fa_vmcoreinfo *vi, const char *name,
		   int64_t *v);
/*
 * fa_vmci_u64() - unsigned value of a plain @key (PAGESIZE, CRASHTIME base
 * 10; KERNELOFFSET base 16, "0x" optional).  @base is 10 or 16.
 */
int fa_vmci_u64(const struct fa_vmcoreinfo *vi, const char *key, int base,
		uint64_t *v);

/*
 * fa_vmci_read() - the general lookup behind the ones above, with a
 * message: @form FA_VMCI_SYMBOL..NUMBER wraps @name as "FORM(name)";
 * FA_VMCI_DEC / FA_VMCI_HEX read the plain key @name.  NUMBER values come
 * back as the int64_t bit pattern.  Returns 0, FA_ENOENT or FA_ECORRUPT
 * with @e naming the key (and the value that did not parse).
 */
enum fa_vmci_form {
	FA_VMCI_SYMBOL,
	FA_VMCI_SIZE,
	FA_VMCI_OFFSET,
	FA_VMCI_LENGTH,
	FA_VMCI_NUMBER,
	FA_VMCI_DEC,
	FA_VMCI_HEX,
};
int fa_vmci_read(const struct fa_vmcoreinfo *vi, int form, const char *name,
		 uint64_t *v, struct fa_err *e);

/* fa_vmci_count() - number of lines, duplicates included. */
size_t fa_vmci_count(const struct fa_vmcoreinfo *vi);
/*
 * fa_vmci_entry() - the @i-th line in file order (0 <= i < count); the
 * strings belong to @vi.  Returns 0 or FA_ERANGE.
 */
int fa_vmci_entry(const struct fa_vmcoreinfo *vi, size_t i, const char **key,
		  const char **value);
/* fa_vmci_duplicates() - how many lines repeated an earlier key (ignored). */
size_t fa_vmci_duplicates(const struct fa_vmcoreinfo *vi);
/* fa_vmci_first_duplicate() - the first repeated key, or NULL. */
const char *fa_vmci_first_duplicate(const struct fa_vmcoreinfo *vi);

/*
 * fa_vmci_truncated() - 1 when the text ended inside a line that had not
 * reached its "=" (the PAGE_SIZE cap); that fragment is dropped.
 */
int fa_vmci_truncated(const struct fa_vmcoreinfo *vi);

/*
 * fa_vmci_bad_lines() - how many lines were skipped as no KEY=VALUE;
 * *@first (may be NULL) gets the first described ("line 36 (offset
 * 1234): ..."), or NULL when there is none.
 */
size_t fa_vmci_bad_lines(const struct fa_vmcoreinfo *vi, const char **first);

/*
 * Builder: the kernel's vmcoreinfo_append_str() into a caller buffer of
 * @cap bytes (VMCOREINFO_BYTES = PAGE_SIZE).  Like the kernel, each append
 * is formatted into an 80-byte buffer (so one line keeps at most 79 bytes)
 * and the whole text is cut at @cap; "truncated" records that the cap was
 * reached.  The text is not NUL-terminated (it is a note descriptor).
 */
struct fa_vmci_builder {
	char *buf;
	size_t len;
	size_t cap;
	int truncated;
};

/* fa_vmci_builder_init() - start an empty text in @buf (not owned). */
void fa_vmci_builder_init(struct fa_vmci_builder *b, char *buf, size_t cap);
/* fa_vmci_appendf() - vmcoreinfo_append_str(@fmt, ...). */
void fa_vmci_appendf(struct fa_vmci_builder *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The kernel's VMCOREINFO_* macros. */
void fa_vmci_add_osrelease(struct fa_vmci_builder *b, const char *release);
void fa_vmci_add_build_id(struct fa_vmci_builder *b, const uint8_t id[20]);
void fa_vmci_add_pagesize(struct fa_vmci_builder *b, long size);
void fa_vmci_add_symbol(struct fa_vmci_builder *b, const char *name,
			uint64_t addr);				/* %lx */
void fa_vmci_add_size(struct fa_vmci_builder *b, const char *name,
		      unsigned long v);				/* %lu */
/* @name is "struct.field" as VMCOREINFO_OFFSET(struct, field) prints it. */
void fa_vmci_add_offset(struct fa_vmci_builder *b, const char *name,
			unsigned long v);
void fa_vmci_add_length(struct fa_vmci_builder *b, const char *name,
			unsigned long v);
void fa_vmci_add_number(struct fa_vmci_builder *b, const char *name,
			long v);				/* %ld */
void fa_vmci_add_kerneloffset(struct fa_vmci_builder *b, uint64_t off);

/*
 * fa_vmci_append_crashtime() - what crash_save_vmcoreinfo() does at panic:
 * append "CRASHTIME=%lld\n" to the @len bytes of text in @buf (capacity
 * @cap), cut at @cap.  Returns the new length.
 */
size_t fa_vmci_append_crashtime(char *buf, size_t len, size_t cap,
				int64_t seconds);

#endif /* FA_VMCOREINFO_H */
