// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - tables, key/value blocks, kernel-style numbers, JSON and the
 * CLI's error lines for fadump-analyze.
 */
#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ktext.h"
#include "report.h"

char *fa_rpt_hex(char buf[FA_HEX_LEN], uint64_t v)
{
	return fa_k_hex(buf, v);
}

char *fa_rpt_hex016(char buf[FA_HEX_LEN], uint64_t v)
{
	return fa_k_hex016(buf, v);
}

char *fa_rpt_size(char buf[FA_SIZE_LEN], uint64_t v)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
					    "PiB", "EiB" };
	unsigned int u = 0;
	uint64_t div = 1;

	while (u < 6 && v / div >= 1024) {
		div *= 1024;
		u++;
	}
	if (v % div == 0) {
		snprintf(buf, FA_SIZE_LEN, "%" PRIu64 " %s", v / div, unit[u]);
	} else {
		/* One decimal, rounded down: never claim more than there is. */
		uint64_t whole = v / div;
		uint64_t tenth = (v % div) / (div / 10 ? div / 10 : 1);

		if (tenth > 9)
			tenth = 9;
		snprintf(buf, FA_SIZE_LEN, "%" PRIu64 ".%u %s", whole,
			 (unsigned int)tenth, unit[u]);
	}
	return buf;
}

char *fa_rpt_utc(char buf[FA_TIME_LEN], int64_t seconds)
{
	time_t t = (time_t)seconds;
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, FA_TIME_LEN, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, FA_TIME_LEN, "%" PRId64 " (epoch seconds)",
			 seconds);
	return buf;
}

void fa_rpt_kv(FILE *f, int col, const char *key, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* An empty key continues the previous item's value. */
	n = key[0] ? fprintf(f, "%s:", key) : 0;
	if (n < 0)
		return;
	do {
		fputc(' ', f);
	} while (++n < col);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* ---------------------------------------------------------------- tables */

void fa_table_init(struct fa_table *t, unsigned int ncols,
		   const char *const *head, const int *align)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	if (ncols > FA_TABLE_MAX_COLS) {
		ncols = FA_TABLE_MAX_COLS;
		t->err = FA_EINVAL;
	}
	t->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		t->head[i] = head ? head[i] : "";
		t->align[i] = align ? align[i] : FA_LEFT;
	}
}

int fa_table_row(struct fa_table *t, const char *fmt, ...)
{
	char *line = NULL, *p, *tab;
	unsigned int i;
	va_list ap;
	int n;

	if (t->err)
		return t->err;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, cap * t->ncols * sizeof(*c));

		if (!c)
			return t->err = FA_ENOMEM;
		t->cells = c;
		t->cap = cap;
	}
	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return t->err = FA_ENOMEM;
	p = line;
	for (i = 0; i < t->ncols; i++) {
		char *cell;

		tab = p ? strchr(p, '\t') : NULL;
		if (tab)
			*tab = '\0';
		cell = strdup(p ? p : "");
		if (!cell) {
			while (i--)
				free(t->cells[t->nrows * t->ncols + i]);
			free(line);
			return t->err = FA_ENOMEM;
		}
		t->cells[t->nrows * t->ncols + i] = cell;
		p = tab ? tab + 1 : NULL;
	}
	free(line);
	t->nrows++;
	return 0;
}

static void print_cell(FILE *f, const char *s, size_t width, int align,
		       int last)
{
	size_t len = strlen(s);

	if (len > width) {
		/* Cut, marking the cut with '~'. */
		fwrite(s, 1, width ? width - 1 : 0, f);
		if (width)
			fputc('~', f);
		return;
	}
	if (align == FA_RIGHT)
		fprintf(f, "%*s%s", (int)(width - len), "", s);
	else if (last)
		fputs(s, f);
	else
		fprintf(f, "%s%*s", s, (int)(width - len), "");
}

int fa_table_print(const struct fa_table *t, FILE *f)
{
	size_t width[FA_TABLE_MAX_COLS], total = 0, r;
	unsigned int i;

	if (t->err)
		return t->err;
	for (i = 0; i < t->ncols; i++) {
		width[i] = strlen(t->head[i]);
		for (r = 0; r < t->nrows; r++) {
			size_t l = strlen(t->cells[r * t->ncols + i]);

			if (l > width[i])
				width[i] = l;
		}
		total += width[i] + (i ? 2 : 0);
	}
	while (total > FA_REPORT_WIDTH) {
		unsigned int wide = t->ncols;

		for (i = 0; i < t->ncols; i++)
			if (t->align[i] == FA_LEFT && width[i] > 8 &&
			    (wide == t->ncols || width[i] > width[wide]))
				wide = i;
		if (wide == t->ncols)
			break;
		width[wide]--;
		total--;
	}
	for (i = 0; i < t->ncols; i++) {
		if (i)
			fputs("  ", f);
		print_cell(f, t->head[i], width[i], t->align[i],
			   i + 1 == t->ncols);
	}
	fputc('\n', f);
	for (i = 0; i < t->ncols; i++) {
		size_t k;

		if (i)
			fputs("  ", f);
		for (k = 0; k < width[i]; k++)
			fputc('-', f);
	}
	fputc('\n', f);
	for (r = 0; r < t->nrows; r++) {
		unsigned int last = t->ncols;

		/* No trailing blanks: stop after the last non-empty cell. */
		while (last > 1 && !t->cells[r * t->ncols + last - 1][0])
			last--;
		for (i = 0; i < last; i++) {
			if (i)
				fputs("  ", f);
			print_cell(f, t->cells[r * t->ncols + i], width[i],
				   t->align[i], i + 1 == last);
		}
		fputc('\n', f);
	}
	return ferror(f) ? FA_EIO : 0;
}

void fa_table_free(struct fa_table *t)
{
	size_t i;

	if (t->cells)
		for (i = 0; i < t->nrows * t->ncols; i++)
			free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* ------------------------------------------------------------------ JSON */

void fa_json_init(struct fa_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

static void json_write_string(struct fa_json *j, const char *s, size_t len);

static void json_indent(struct fa_json *j)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/*
 * Start a value: the separator, the indentation and "key": inside an
 * object; nothing at the top.  Returns 0 when the value may be written.
 */
static int json_value_start(struct fa_json *j, const char *key)
{
	if (j->err)
		return -1;
	if (j->depth == 0) {
		if (j->count[0]++) {
			j->err = FA_EINVAL;	/* one top-level value only */
			return -1;
		}
		return 0;
	}
	if (j->count[j->depth]++)
		fputc(',', j->f);
	json_indent(j);
	if (j->kind[j->depth] == '{') {
		if (!key) {
			j->err = FA_EINVAL;
			return -1;
		}
		json_write_string(j, key, strlen(key));
		fputs(": ", j->f);
	} else if (key) {
		j->err = FA_EINVAL;
		return -1;
	}
	return 0;
}

static void json_open(struct fa_json *j, const char *key, char kind)
{
	if (json_value_start(j, key))
		return;
	if (j->depth + 1 >= FA_JSON_MAX_DEPTH) {
		j->err = FA_EINVAL;
		return;
	}
	fputc(kind, j->f);
	j->depth++;
	j->kind[j->depth] = kind;
	j->count[j->depth] = 0;
}

static void json_close(struct fa_json *j, char kind)
{
	if (j->err)
		return;
	if (j->depth == 0 || j->kind[j->depth] != kind) {
		j->err = FA_EINVAL;
		return;
	}
	j->depth--;
	if (j->count[j->depth + 1])
		json_indent(j);
	fputc(kind == '{' ? '}' : ']', j->f);
}

void fa_json_object_begin(struct fa_json *j, const char *key)
{
	json_open(j, key, '{');
}

void fa_json_object_end(struct fa_json *j)
{
	json_close(j, '{');
}

void fa_json_array_begin(struct fa_json *j, const char *key)
{
	json_open(j, key, '[');
}

void fa_json_array_end(struct fa_json *j)
{
	json_close(j, '[');
}

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = s[0] & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* Write @len bytes of @s as a JSON string literal. */
static void json_write_string(struct fa_json *j, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, u;

	fputc('"', j->f);
	while (i < len) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			fputc('\\', j->f);
			fputc(c, j->f);
		} else if (c == '\n') {
			fputs("\\n", j->f);
		} else if (c == '\t') {
			fputs("\\t", j->f);
		} else if (c == '\r') {
			fputs("\\r", j->f);
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(j->f, "\\u%04x", c);
		} else if (c >= 0x80) {
			u = utf8_len(p + i, len - i);
			if (u) {
				fwrite(p + i, 1, u, j->f);
				i += u;
				continue;
			}
			/* Not UTF-8: keep the byte's value visible. */
			fprintf(j->f, "\\u%04x", c);
		} else {
			fputc(c, j->f);
		}
		i++;
	}
	fputc('"', j->f);
}

void fa_json_strn(struct fa_json *j, const char *key, const char *s,
		  size_t len)
{
	if (json_value_start(j, key))
		return;
	json_write_string(j, s, len);
}

void fa_json_str(struct fa_json *j, const char *key, const char *s)
{
	if (!s)
		fa_json_null(j, key);
	else
		fa_json_strn(j, key, s, strlen(s));
}

void fa_json_u64(struct fa_json *j, const char *key, uint64_t v)
{
	if (!json_value_start(j, key))
		fprintf(j->f, "%" PRIu64, v);
}

void fa_json_i64(struct fa_json *j, const char *key, int64_t v)
{
	if (!json_value_start(j, key))
		fprintf(j->f, "%" PRId64, v);
}

void fa_json_bool(struct fa_json *j, const char *key, int v)
{
	if (!json_value_start(j, key))
		fputs(v ? "true" : "false", j->f);
}

void fa_json_null(struct fa_json *j, const char *key)
{
	if (!json_value_start(j, key))
		fputs("null", j->f);
}

void fa_json_hex(struct fa_json *j, const char *key, uint64_t v)
{
	char b[FA_HEX_LEN];

	fa_json_str(j, key, fa_rpt_hex(b, v));
}

int fa_json_finish(struct fa_json *j)
{
	if (!j->err && (j->depth != 0 || j->count[0] != 1))
		j->err = FA_EINVAL;
	if (!j->err) {
		fputc('\n', j->f);
		if (fflush(j->f) || ferror(j->f))
			j->err = FA_EIO;
	}
	return j->err;
}
