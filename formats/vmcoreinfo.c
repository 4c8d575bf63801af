// SPDX-License-Identifier: GPL-2.0-or-later
/* vmcoreinfo.c - VMCOREINFO text: parse, look up by key form, build. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcoreinfo.h"

struct fa_vmci_entry {
	const char *key;
	const char *value;
};

struct fa_vmcoreinfo {
	char *text;			/* private copy, lines split in place */
	struct fa_vmci_entry *ent;
	size_t count;
	size_t dups;
	const char *first_dup;
	int truncated;			/* last line cut before its "=" */
	size_t nbad;			/* lines skipped: no "=", empty key */
	char bad[128];			/* the first of them, described */
};

/* The kernel's vmcoreinfo_append_str() formats into char buf[0x50]. */
#define VMCI_LINE_BUF	0x50

static int vmci_check_bytes(const char *text, size_t len, size_t *textlen,
			    struct fa_err *e)
{
	size_t i, end = len;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (!c && end == len)
			end = i;
		if (i >= end) {
			if (c)
				return fa_err_set(e, FA_ECORRUPT,
					"VMCOREINFO: byte 0x%02x at offset %zu after the NUL padding starting at %zu",
					c, i, end);
			continue;
		}
		if (c != '\n' && (c < 0x20 || c > 0x7e))
			return fa_err_set(e, FA_ECORRUPT,
				"VMCOREINFO: non-printable byte 0x%02x at offset %zu",
				c, i);
	}
	*textlen = end;
	return 0;
}

static size_t vmci_count_lines(const char *t, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (t[i] == '\n')
			n++;
	return n + (len && t[len - 1] != '\n');
}

static const struct fa_vmci_entry *vmci_find(const struct fa_vmcoreinfo *vi,
					     const char *key)
{
	size_t i;

	for (i = 0; i < vi->count; i++)
		if (!strcmp(vi->ent[i].key, key))
			return &vi->ent[i];
	return NULL;
}

static void vmci_split(struct fa_vmcoreinfo *vi, size_t len)
{
	char *p = vi->text, *end = vi->text + len;
	size_t line = 0;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eq;
		size_t off = (size_t)(p - vi->text);

		line++;
		if (nl)
			*nl = '\0';
		eq = strchr(p, '=');
		if (!eq && !nl) {
			/* The PAGE_SIZE cap cut the last line before its '='. */
			vi->truncated = 1;
			break;
		}
		if (!eq || eq == p) {
			/* As crash and makedumpfile, skip what is no KEY=VALUE. */
			if (!vi->nbad++ && !eq)
				snprintf(vi->bad, sizeof(vi->bad),
					 "line %zu (offset %zu): expected KEY=VALUE, found \"%.40s\"",
					 line, off, p);
			else if (vi->nbad == 1)
				snprintf(vi->bad, sizeof(vi->bad),
					 "line %zu (offset %zu): empty key", line, off);
			if (!nl)
				break;
			p = nl + 1;
			continue;
		}
		*eq = '\0';
		if (vmci_find(vi, p)) {
			if (!vi->dups++)
				vi->first_dup = p;
		}
		vi->ent[vi->count].key = p;
		vi->ent[vi->count].value = eq + 1;
		vi->count++;
		if (!nl)
			break;
		p = nl + 1;
	}
}

int fa_vmci_parse(const char *text, size_t len, struct fa_vmcoreinfo **out,
		  struct fa_err *e)
{
	struct fa_vmcoreinfo *vi;
	size_t textlen = 0;
	int ret;

	*out = NULL;
	if (len > FA_VMCI_MAX_TEXT)
		return fa_err_set(e, FA_ERANGE,
				  "VMCOREINFO: %zu bytes, more than the %u accepted",
				  len, FA_VMCI_MAX_TEXT);
	ret = vmci_check_bytes(text, len, &textlen, e);
	if (ret)
		return ret;
	vi = calloc(1, sizeof(*vi));
	if (!vi)
		return fa_err_set(e, FA_ENOMEM, "VMCOREINFO: out of memory");
	vi->text = malloc(textlen + 1);
	vi->ent = calloc(vmci_count_lines(text, textlen) + 1, sizeof(*vi->ent));
	if (!vi->text || !vi->ent) {
		ret = fa_err_set(e, FA_ENOMEM, "VMCOREINFO: out of memory");
		goto out;
	}
	memcpy(vi->text, text, textlen);
	vi->text[textlen] = '\0';
	vmci_split(vi, textlen);
out:
	if (ret)
		fa_vmci_free(vi);
	else
		*out = vi;
	return ret;
}

void fa_vmci_free(struct fa_vmcoreinfo *vi)
{
	if (!vi)
		return;
	free(vi->text);
	free(vi->ent);
	free(vi);
}

const char *fa_vmci_get(const struct fa_vmcoreinfo *vi, const char *key)
{
	const struct fa_vmci_entry *en = vmci_find(vi, key);

	return en ? en->value : NULL;
}

static const char *const vmci_form_name[] = {
	[FA_VMCI_SYMBOL] = "SYMBOL", [FA_VMCI_SIZE] = "SIZE",
	[FA_VMCI_OFFSET] = "OFFSET", [FA_VMCI_LENGTH] = "LENGTH",
	[FA_VMCI_NUMBER] = "NUMBER",
};

/* Strict unsigned parse of the whole string in @base (10 or 16). */
static int vmci_strtou64(const char *s, int base, uint64_t *v)
{
	const char *digits = base == 16 ? "0123456789abcdefABCDEF" : "0123456789";
	char *end;

	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s || !strchr(digits, *s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	if (errno || *end)
		return -1;
	return 0;
}

/* NUMBER(): "%ld", or "0x..." from arch code (VMALLOC_START). */
static int vmci_number(const char *s, uint64_t *v)
{
	uint64_t u;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return vmci_strtou64(s, 16, v);
	if (s[0] != '-') {
		if (vmci_strtou64(s, 10, &u) || u > INT64_MAX)
			return -1;
		*v = u;
		return 0;
	}
	if (vmci_strtou64(s + 1, 10, &u) || u > (uint64_t)INT64_MAX + 1)
		return -1;
	*v = -u;
	return 0;
}

static int vmci_parse_value(int form, const char *val, uint64_t *v)
{
	switch (form) {
	case FA_VMCI_SYMBOL:
	case FA_VMCI_HEX:
		return vmci_strtou64(val, 16, v);
	case FA_VMCI_NUMBER:
		return vmci_number(val, v);
	case FA_VMCI_DEC:
		return vmci_strtou64(val, 10, v);
	default:	/* SIZE, OFFSET, LENGTH: "%lu", kept within int64_t */
		if (vmci_strtou64(val, 10, v) || *v > INT64_MAX)
			return -1;
		return 0;
	}
}

static const char *const vmci_form_want[] = {
	[FA_VMCI_SYMBOL] = "a hex address",
	[FA_VMCI_SIZE] = "an unsigned decimal",
	[FA_VMCI_OFFSET] = "an unsigned decimal",
	[FA_VMCI_LENGTH] = "an unsigned decimal",
	[FA_VMCI_NUMBER] = "a signed decimal or 0x hex number",
	[FA_VMCI_DEC] = "an unsigned decimal",
	[FA_VMCI_HEX] = "a hex number",
};

int fa_vmci_read(const struct fa_vmcoreinfo *vi, int form, const char *name,
		 uint64_t *v, struct fa_err *e)
{
	char key[256];
	const char *val;

	if (form < FA_VMCI_SYMBOL || form > FA_VMCI_HEX)
		return fa_err_set(e, FA_EINVAL, "VMCOREINFO: bad key form %d",
				  form);
	if (form <= FA_VMCI_NUMBER)
		snprintf(key, sizeof(key), "%s(%s)", vmci_form_name[form],
			 name);
	else
		snprintf(key, sizeof(key), "%s", name);
	val = fa_vmci_get(vi, key);
	if (!val)
		return fa_err_set(e, FA_ENOENT, "VMCOREINFO has no %s", key);
	if (vmci_parse_value(form, val, v))
		return fa_err_set(e, FA_ECORRUPT,
				  "VMCOREINFO %s: expected %s, found \"%.60s\"",
				  key, vmci_form_want[form], val);
	return 0;
}

int fa_vmci_symbol(const struct fa_vmcoreinfo *vi, const char *name,
		   uint64_t *addr)
{
	return fa_vmci_read(vi, FA_VMCI_SYMBOL, name, addr, NULL);
}

static int vmci_signed(const struct fa_vmcoreinfo *vi, int form,
		       const char *name, int64_t *v)
{
	uint64_t u;
	int ret = fa_vmci_read(vi, form, name, &u, NULL);

	if (!ret)
		*v = (int64_t)u;
	return ret;
}

int fa_vmci_offset(const struct fa_vmcoreinfo *vi, const char *name,
		   int64_t *v)
{
	return vmci_signed(vi, FA_VMCI_OFFSET, name, v);
}

int fa_vmci_size(const struct fa_vmcoreinfo *vi, const char *name, int64_t *v)
{
	return vmci_signed(vi, FA_VMCI_SIZE, name, v);
}

int fa_vmci_length(const struct fa_vmcoreinfo *vi, const char *name,
		   int64_t *v)
{
	return vmci_signed(vi, FA_VMCI_LENGTH, name, v);
}

int fa_vmci_number(const struct fa_vmcoreinfo *vi, const char *name,
		   int64_t *v)
{
	return vmci_signed(vi, FA_VMCI_NUMBER, name, v);
}

int fa_vmci_u64(const struct fa_vmcoreinfo *vi, const char *key, int base,
		uint64_t *v)
{
	return fa_vmci_read(vi, base == 16 ? FA_VMCI_HEX : FA_VMCI_DEC, key,
			    v, NULL);
}

size_t fa_vmci_count(const struct fa_vmcoreinfo *vi)
{
	return vi->count;
}

int fa_vmci_entry(const struct fa_vmcoreinfo *vi, size_t i, const char **key,
		  const char **value)
{
	if (i >= vi->count)
		return FA_ERANGE;
	*key = vi->ent[i].key;
	*value = vi->ent[i].value;
	return 0;
}

size_t fa_vmci_duplicates(const struct fa_vmcoreinfo *vi)
{
	return vi->dups;
}

const char *fa_vmci_first_duplicate(const struct fa_vmcoreinfo *vi)
{
	return vi->first_dup;
}

int fa_vmci_truncated(const struct fa_vmcoreinfo *vi)
{
	return vi->truncated;
}

size_t fa_vmci_bad_lines(const struct fa_vmcoreinfo *vi, const char **first)
{
	if (first)
		*first = vi->nbad ? vi->bad : NULL;
	return vi->nbad;
}

/* ---- builder ---------------------------------------------------------- */

void fa_vmci_builder_init(struct fa_vmci_builder *b, char *buf, size_t cap)
{
	b->buf = buf;
	b->len = 0;
	b->cap = cap;
	b->truncated = 0;
}

static void vmci_vappend(struct fa_vmci_builder *b, const char *fmt,
			 va_list ap)
{
	char line[VMCI_LINE_BUF];
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	size_t r;

	if (n < 0)
		return;
	/* vscnprintf(): what was stored, not what would have been. */
	r = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	if (b->len >= b->cap)
		r = 0;
	else if (r > b->cap - b->len)
		r = b->cap - b->len;
	memcpy(b->buf + b->len, line, r);
	b->len += r;
	if (b->len == b->cap)
		b->truncated = 1;
}

void fa_vmci_appendf(struct fa_vmci_builder *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmci_vappend(b, fmt, ap);
	va_end(ap);
}

void fa_vmci_add_osrelease(struct fa_vmci_builder *b, const char *release)
{
	fa_vmci_appendf(b, "OSRELEASE=%s\n", release);
}

void fa_vmci_add_build_id(struct fa_vmci_builder *b, const uint8_t id[20])
{
	char hex[41];
	int i;

	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	fa_vmci_appendf(b, "BUILD-ID=%s\n", hex);
}

void fa_vmci_add_pagesize(struct fa_vmci_builder *b, long size)
{
	fa_vmci_appendf(b, "PAGESIZE=%ld\n", size);
}

void fa_vmci_add_symbol(struct fa_vmci_builder *b, const char *name,
			uint64_t addr)
{
	fa_vmci_appendf(b, "SYMBOL(%s)=%" PRIx64 "\n", name, addr);
}

void fa_vmci_add_size(struct fa_vmci_builder *b, const char *name,
		      unsigned long v)
{
	fa_vmci_appendf(b, "SIZE(%s)=%lu\n", name, v);
}

void fa_vmci_add_offset(struct fa_vmci_builder *b, const char *name,
			unsigned long v)
{
	fa_vmci_appendf(b, "OFFSET(%s)=%lu\n", name, v);
}

void fa_vmci_add_length(struct fa_vmci_builder *b, const char *name,
			unsigned long v)
{
	fa_vmci_appendf(b, "LENGTH(%s)=%lu\n", name, v);
}

void fa_vmci_add_number(struct fa_vmci_builder *b, const char *name, long v)
{
	fa_vmci_appendf(b, "NUMBER(%s)=%ld\n", name, v);
}

void fa_vmci_add_kerneloffset(struct fa_vmci_builder *b, uint64_t off)
{
	fa_vmci_appendf(b, "KERNELOFFSET=%" PRIx64 "\n", off);
}

size_t fa_vmci_append_crashtime(char *buf, size_t len, size_t cap,
				int64_t seconds)
{
	struct fa_vmci_builder b = { .buf = buf, .len = len, .cap = cap };

	fa_vmci_appendf(&b, "CRASHTIME=%lld\n", (long long)seconds);
	return b.len;
}
