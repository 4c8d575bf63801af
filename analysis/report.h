/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - output helpers of fadump-analyze: aligned tables that fit 80
 * columns, "Key: value" blocks, kernel-style hex and sizes, a small JSON
 * writer and the CLI's one-line error.
 *
 * Every writer keeps a sticky error (a failed fprintf, a table cell that
 * does not fit memory) so callers check once at the end.
 */
#ifndef FA_REPORT_H
#define FA_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fa_err.h"

#define FA_REPORT_WIDTH		80

/* ---- text ---- */

#define FA_HEX_LEN	19	/* "0x" + 16 digits + NUL */

/* fa_rpt_hex() - "%#llx" as the kernel prints it (0 -> "0x0"); returns @buf. */
char *fa_rpt_hex(char buf[FA_HEX_LEN], uint64_t v);

/* fa_rpt_hex016() - "%#016llx" as the kernel prints it; returns @buf. */
char *fa_rpt_hex016(char buf[FA_HEX_LEN], uint64_t v);

#define FA_SIZE_LEN	32

/*
 * fa_rpt_size() - a byte count for people: "512 B", "64 KiB", "1.5 GiB"
 * (one decimal when not whole, binary units); returns @buf.
 */
char *fa_rpt_size(char buf[FA_SIZE_LEN], uint64_t v);

#define FA_TIME_LEN	32

/* fa_rpt_utc() - "2024-05-01 12:34:56 UTC" for @seconds; returns @buf. */
char *fa_rpt_utc(char buf[FA_TIME_LEN], int64_t seconds);

/*
 * fa_rpt_kv() - print "Key:<pad>value\n" with the value starting at column
 * @col (the key is followed by at least one space).
 */
void fa_rpt_kv(FILE *f, int col, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- tables ---- */

#define FA_TABLE_MAX_COLS	8

enum fa_align { FA_LEFT = 0, FA_RIGHT = 1 };

struct fa_table {
	unsigned int ncols;
	const char *head[FA_TABLE_MAX_COLS];
	int align[FA_TABLE_MAX_COLS];
	char **cells;		/* nrows * ncols, owned */
	size_t nrows, cap;
	int err;		/* sticky FA_ENOMEM */
};

/*
 * fa_table_init() - a table of @ncols columns (<= FA_TABLE_MAX_COLS) with
 * headers @head (borrowed; they must outlive the table) and alignments
 * @align (NULL: all left).
 */
void fa_table_init(struct fa_table *t, unsigned int ncols,
		   const char *const *head, const int *align);

/*
 * fa_table_row() - append a row; @fmt gives the cells separated by '\t'
 * (after formatting), missing cells are empty.  Returns 0 or FA_ENOMEM.
 */
int fa_table_row(struct fa_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * fa_table_print() - print headers, a rule of dashes, and the rows, with
 * columns separated by two spaces.  When the table would be wider than
 * FA_REPORT_WIDTH, the widest left-aligned column is cut and ends in "~".
 * Returns 0 or the sticky error.
 */
int fa_table_print(const struct fa_table *t, FILE *f);

/* fa_table_free() - release the rows; @t may be reused after init. */
void fa_table_free(struct fa_table *t);

/* ---- JSON ---- */

#define FA_JSON_MAX_DEPTH	32

/*
 * A streaming JSON writer: objects and arrays nest, members are written in
 * call order, output is indented with two spaces per level.  Keys are
 * given to each value call; inside an array pass NULL.  Strings are
 * escaped per RFC 8259 (quote, backslash, control characters as \u00XX;
 * bytes >= 0x80 that are not valid UTF-8 as \u00XX of the byte).
 * Addresses go out as strings ("0x1f"), counts and sizes as numbers.
 */
struct fa_json {
	FILE *f;
	int depth;
	int count[FA_JSON_MAX_DEPTH];	/* members written at each level */
	char kind[FA_JSON_MAX_DEPTH];	/* '{' or '[' */
	int err;			/* sticky FA_EINVAL / FA_EIO */
};

void fa_json_init(struct fa_json *j, FILE *f);
void fa_json_object_begin(struct fa_json *j, const char *key);
void fa_json_object_end(struct fa_json *j);
void fa_json_array_begin(struct fa_json *j, const char *key);
void fa_json_array_end(struct fa_json *j);
void fa_json_str(struct fa_json *j, const char *key, const char *s);
/* fa_json_strn() - a string of @len bytes (may hold NULs). */
void fa_json_strn(struct fa_json *j, const char *key, const char *s,
		  size_t len);
void fa_json_u64(struct fa_json *j, const char *key, uint64_t v);
void fa_json_i64(struct fa_json *j, const char *key, int64_t v);
void fa_json_bool(struct fa_json *j, const char *key, int v);
void fa_json_null(struct fa_json *j, const char *key);
/* fa_json_hex() - @v as the string "0x..." (kernel %#llx). */
void fa_json_hex(struct fa_json *j, const char *key, uint64_t v);

/*
 * fa_json_finish() - end the document with a newline.  Returns 0, or
 * FA_EINVAL (unbalanced nesting, depth exceeded) / FA_EIO (write failed).
 */
int fa_json_finish(struct fa_json *j);

#endif /* FA_REPORT_H */
