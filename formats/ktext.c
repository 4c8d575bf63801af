// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ktext.c - kernel-printed text: a vsprintf-compatible formatter,
 * fadump_region and phyp-dump release_region (see ktext.h).
 *
 * Formats were checked against torvalds/linux:
 *  - arch/powerpc/kernel/fadump.c fadump_region_show() before v5.5
 *    ("CPU : [X-X] Y bytes, Dumped: Y" and the "    : [..]" line);
 *  - arch/powerpc/platforms/pseries/rtas-fadump.c and
 *    arch/powerpc/platforms/powernv/opal-fadump.c *_region_show() from v5.5
 *    (v6.10 added the PARAM and "Unknown region type" lines, v5.19 switched
 *    "Memory above" to boot_mem_top);
 *  - arch/powerpc/platforms/pseries/phyp_dump.c show_release_region() and
 *    store_release_region() (v2.6.26..v2.6.36).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktext.h"

/* ---------------------------------------------------------------- text */

void fa_text_init(struct fa_text *t)
{
	memset(t, 0, sizeof(*t));
}

void fa_text_free(struct fa_text *t)
{
	free(t->buf);
	fa_text_init(t);
}

int fa_text_append(struct fa_text *t, const char *s, size_t len)
{
	size_t need, cap;
	char *nb;

	if (t->err)
		return t->err;
	if (len > SIZE_MAX - t->len - 1)
		return t->err = FA_ENOMEM;
	need = t->len + len + 1;
	if (need > t->cap) {
		cap = t->cap ? t->cap : 256;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		nb = realloc(t->buf, cap);
		if (!nb)
			return t->err = FA_ENOMEM;
		t->buf = nb;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	t->buf[t->len] = '\0';
	return 0;
}

static int append_pad(struct fa_text *t, char c, int n)
{
	char pad[64];
	int k;

	memset(pad, c, sizeof(pad));
	while (n > 0) {
		k = n > (int)sizeof(pad) ? (int)sizeof(pad) : n;
		if (fa_text_append(t, pad, k))
			return t->err;
		n -= k;
	}
	return 0;
}

struct kspec {
	int left, zero, special, width;
};

/*
 * The kernel's number(): with '#' a hex value always gets "0x", even when
 * zero, and the prefix counts in the field width; zero padding goes
 * between the prefix and the digits.
 */
static int put_number(struct fa_text *t, const struct kspec *sp, uint64_t v,
		      int neg, unsigned int base, int upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24], pre[3];
	int nd = 0, np = 0, pad;

	do {
		digits[nd++] = dig[v % base];
		v /= base;
	} while (v);
	if (neg)
		pre[np++] = '-';
	if (sp->special && base == 16) {
		pre[np++] = '0';
		pre[np++] = upper ? 'X' : 'x';
	}
	pad = sp->width - np - nd;
	if (pad < 0)
		pad = 0;
	if (!sp->left && !sp->zero && append_pad(t, ' ', pad))
		return t->err;
	if (fa_text_append(t, pre, np))
		return t->err;
	if (!sp->left && sp->zero && append_pad(t, '0', pad))
		return t->err;
	while (nd > 0) {
		if (fa_text_append(t, &digits[--nd], 1))
			return t->err;
	}
	if (sp->left && append_pad(t, ' ', pad))
		return t->err;
	return 0;
}

static int put_string(struct fa_text *t, const struct kspec *sp, const char *s)
{
	int n, pad;

	if (!s)
		s = "(null)";
	n = (int)strnlen(s, INT_MAX);
	pad = sp->width > n ? sp->width - n : 0;
	if (!sp->left && append_pad(t, ' ', pad))
		return t->err;
	if (fa_text_append(t, s, n))
		return t->err;
	if (sp->left && append_pad(t, ' ', pad))
		return t->err;
	return 0;
}

static const char *parse_spec(const char *f, struct kspec *sp, int *lmod)
{
	memset(sp, 0, sizeof(*sp));
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '#')
			sp->special = 1;
		else
			break;
	}
	while (*f >= '0' && *f <= '9' && sp->width < 10000)
		sp->width = sp->width * 10 + (*f++ - '0');
	*lmod = 0;		/* 0 int, 1 long, 2 long long, -1 short, -2 char */
	if (*f == 'h') {
		*lmod = -1;
		if (*++f == 'h') {
			*lmod = -2;
			f++;
		}
	} else if (*f == 'l') {
		*lmod = 1;
		if (*++f == 'l') {
			*lmod = 2;
			f++;
		}
	} else if (*f == 'z') {
		*lmod = 1;
		f++;
	}
	return f;
}

static uint64_t arg_unsigned(va_list *ap, int lmod)
{
	switch (lmod) {
	case 2:
		return va_arg(*ap, unsigned long long);
	case 1:
		return va_arg(*ap, unsigned long);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	}
	return va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, int lmod)
{
	switch (lmod) {
	case 2:
		return va_arg(*ap, long long);
	case 1:
		return va_arg(*ap, long);
	case -1:
		return (short)va_arg(*ap, int);
	case -2:
		return (signed char)va_arg(*ap, int);
	}
	return va_arg(*ap, int);
}

static int put_conv(struct fa_text *t, const struct kspec *sp, int lmod,
		    char conv, va_list *ap)
{
	int64_t sv;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		sv = arg_signed(ap, lmod);
		return put_number(t, sp, sv < 0 ? -(uint64_t)sv : (uint64_t)sv,
				  sv < 0, 10, 0);
	case 'u':
		return put_number(t, sp, arg_unsigned(ap, lmod), 0, 10, 0);
	case 'x':
	case 'X':
		return put_number(t, sp, arg_unsigned(ap, lmod), 0, 16,
				  conv == 'X');
	case 's':
		return put_string(t, sp, va_arg(*ap, const char *));
	case 'c':
		c = (char)va_arg(*ap, int);
		return fa_text_append(t, &c, 1);
	case '%':
		return fa_text_append(t, "%", 1);
	}
	return t->err = FA_EINVAL;
}

static int fa_vkprintf(struct fa_text *t, const char *fmt, va_list ap)
{
	const char *f = fmt, *pct;
	struct kspec sp;
	va_list aq;
	int lmod, rc = 0;

	va_copy(aq, ap);
	while (!t->err && *f) {
		pct = strchr(f, '%');
		if (!pct) {
			fa_text_append(t, f, strlen(f));
			break;
		}
		if (fa_text_append(t, f, pct - f))
			break;
		f = parse_spec(pct + 1, &sp, &lmod);
		if (!*f) {
			t->err = FA_EINVAL;
			break;
		}
		put_conv(t, &sp, lmod, *f++, &aq);
	}
	va_end(aq);
	rc = t->err;
	return rc;
}

int fa_kprintf(struct fa_text *t, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = fa_vkprintf(t, fmt, ap);
	va_end(ap);
	return rc;
}

static char *k_hex_width(char *buf, uint64_t v, int width)
{
	char digits[17];
	int nd = 0, i = 0;

	do {
		digits[nd++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[i++] = '0';
	buf[i++] = 'x';
	while (width - 2 > nd) {
		buf[i++] = '0';
		width--;
	}
	while (nd > 0)
		buf[i++] = digits[--nd];
	buf[i] = '\0';
	return buf;
}

char *fa_k_hex(char buf[FA_K_HEX_LEN], uint64_t v)
{
	return k_hex_width(buf, v, 0);
}

char *fa_k_hex016(char buf[FA_K_HEX_LEN], uint64_t v)
{
	return k_hex_width(buf, v, 16);
}

/* ------------------------------------------------------------ digits */

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* ----------------------------------------------------- fadump_region */

void fa_region_show_free(struct fa_region_show *s)
{
	unsigned int i;

	for (i = 0; i < FA_REGION_MAX_SECTS; i++) {
		free(s->sect[i].param);
		s->sect[i].param = NULL;
	}
}

void fa_region_opal_fill_dumped(struct fa_region_show *s,
				unsigned int registered_regions)
{
	uint64_t dumped_bytes = 0;
	unsigned int i;

	for (i = 0; i < s->nr && i < FA_REGION_MAX_SECTS; i++) {
		if (s->dump_active && i < registered_regions)
			dumped_bytes = s->sect[i].size;
		s->sect[i].dumped = dumped_bytes;
	}
}

const char *fa_region_form_name(enum fa_region_form form)
{
	switch (form) {
	case FA_REGION_NONE:		return "none";
	case FA_REGION_PSERIES:		return "pseries";
	case FA_REGION_PSERIES_V55:	return "pseries-v5.5";
	case FA_REGION_PSERIES_OLD:	return "pseries-old";
	case FA_REGION_OPAL:		return "opal";
	}
	return "unknown";
}

/* "CPU :[X-X] Y bytes, Dumped: Y\n" (v5.5+) or "CPU : [...]" (older). */
static void render_range(struct fa_text *t, const char *tag, uint64_t start,
			 uint64_t size, uint64_t dumped)
{
	char a[FA_K_HEX_LEN], b[FA_K_HEX_LEN], c[FA_K_HEX_LEN], d[FA_K_HEX_LEN];

	fa_kprintf(t, "%s[%s-%s] %s bytes, Dumped: %s\n", tag,
		   fa_k_hex016(a, start), fa_k_hex016(b, start + size - 1),
		   fa_k_hex(c, size), fa_k_hex(d, dumped));
}

static void render_dump(struct fa_text *t, const struct fa_region_sect *r)
{
	char a[FA_K_HEX_LEN], b[FA_K_HEX_LEN], c[FA_K_HEX_LEN], d[FA_K_HEX_LEN];

	fa_kprintf(t, "DUMP: Src: %s, Dest: %s, Size: %s, Dumped: %s bytes\n",
		   fa_k_hex016(a, r->src), fa_k_hex016(b, r->dest),
		   fa_k_hex(c, r->size), fa_k_hex(d, r->dumped));
}

static void render_memory_above(struct fa_text *t, uint64_t v)
{
	char a[FA_K_HEX_LEN];

	fa_kprintf(t, "\nMemory above %s is reserved for saving crash dump\n",
		   fa_k_hex016(a, v));
}

static int check_fixed3(const struct fa_region_show *s, struct fa_err *e)
{
	if (s->nr != 3 || s->sect[0].type != FA_RGN_CPU ||
	    s->sect[1].type != FA_RGN_HPTE || s->sect[2].type != FA_RGN_RMR)
		return fa_err_set(e, FA_EINVAL,
				  "fadump_region %s: expected exactly CPU, HPTE and DUMP sections, got %u sections",
				  fa_region_form_name(s->form), s->nr);
	return 0;
}

static int render_pseries(const struct fa_region_show *s, struct fa_text *t,
			  struct fa_err *e)
{
	char a[FA_K_HEX_LEN], b[FA_K_HEX_LEN];
	const struct fa_region_sect *r;
	unsigned int i;

	if (s->form == FA_REGION_PSERIES_V55 && check_fixed3(s, e))
		return e ? e->code : FA_EINVAL;
	for (i = 0; i < s->nr; i++) {
		r = &s->sect[i];
		switch (r->type) {
		case FA_RGN_CPU:
			render_range(t, "CPU :", r->dest, r->size, r->dumped);
			break;
		case FA_RGN_HPTE:
			render_range(t, "HPTE:", r->dest, r->size, r->dumped);
			break;
		case FA_RGN_RMR:
			render_dump(t, r);
			break;
		case FA_RGN_PARAM:
			fa_kprintf(t, "\n[%s-%s]: cmdline append: '%s'\n",
				   fa_k_hex016(a, r->dest),
				   fa_k_hex016(b, r->dest + r->size - 1),
				   r->param ? r->param : "");
			break;
		default:
			/* No newline: the kernel really runs on into the next line. */
			fa_kprintf(t, "Unknown region type %d : Src: %s, Dest: %s, ",
				   (int)r->type, fa_k_hex016(a, r->src),
				   fa_k_hex016(b, r->dest));
			break;
		}
	}
	if (s->dump_active)
		render_memory_above(t, s->memory_above);
	return 0;
}

static int render_old(const struct fa_region_show *s, struct fa_text *t,
		      struct fa_err *e)
{
	const struct fa_region_sect *r = s->sect;
	uint64_t cpu_dest = r[0].dest, gap;

	if (check_fixed3(s, e))
		return e ? e->code : FA_EINVAL;
	render_range(t, "CPU : ", r[0].dest, r[0].size, r[0].dumped);
	render_range(t, "HPTE: ", r[1].dest, r[1].size, r[1].dumped);
	render_range(t, "DUMP: ", r[2].dest, r[2].size, r[2].dumped);
	if (!s->dump_active || s->memory_above == cpu_dest)
		return 0;
	gap = cpu_dest - s->memory_above;
	render_range(t, "    : ", s->memory_above, gap, gap);
	return 0;
}

static int render_opal(const struct fa_region_show *s, struct fa_text *t,
		       struct fa_err *e)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++) {
		if (s->sect[i].type != FA_RGN_RMR)
			return fa_err_set(e, FA_EINVAL,
					  "fadump_region opal: region %u has type %#x, OPAL has only memory regions",
					  i, s->sect[i].type);
		render_dump(t, &s->sect[i]);
	}
	if (s->dump_active)
		render_memory_above(t, s->memory_above);
	return 0;
}

int fa_region_render(const struct fa_region_show *s, struct fa_text *t,
		     struct fa_err *e)
{
	int rc;

	if (s->nr > FA_REGION_MAX_SECTS)
		return fa_err_set(e, FA_EINVAL,
				  "fadump_region: %u sections, at most %d",
				  s->nr, FA_REGION_MAX_SECTS);
	switch (s->form) {
	case FA_REGION_NONE:
		return 0;
	case FA_REGION_PSERIES:
	case FA_REGION_PSERIES_V55:
		rc = render_pseries(s, t, e);
		break;
	case FA_REGION_PSERIES_OLD:
		rc = render_old(s, t, e);
		break;
	case FA_REGION_OPAL:
		rc = render_opal(s, t, e);
		break;
	default:
		return fa_err_set(e, FA_EINVAL, "fadump_region: unknown form %d",
				  (int)s->form);
	}
	if (rc)
		return rc;
	if (t->err)
		return fa_err_set(e, t->err, "fadump_region: cannot format text");
	return 0;
}

/* Parsing: a cursor over the text, with the line for messages. */
struct kcur {
	const char *p, *end, *start;
	struct fa_err *e;
};

static unsigned int cur_line(const struct kcur *c, const char *at)
{
	unsigned int n = 1;
	const char *q;

	for (q = c->start; q < at; q++)
		n += *q == '\n';
	return n;
}

static int cur_fail(struct kcur *c, const char *what)
{
	size_t left = (size_t)(c->end - c->p);
	const char *nl = memchr(c->p, '\n', left);
	int show = (int)((nl ? (size_t)(nl - c->p) : left) > 40 ? 40 :
			 (nl ? (size_t)(nl - c->p) : left));

	return fa_err_set(c->e, FA_ECORRUPT, "line %u: expected %s, found \"%.*s\"",
			  cur_line(c, c->p), what, show, c->p);
}

static int lit_at(const struct kcur *c, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(c->end - c->p) >= n && !memcmp(c->p, s, n);
}

static int eat(struct kcur *c, const char *s)
{
	if (!lit_at(c, s))
		return cur_fail(c, s);
	c->p += strlen(s);
	return 0;
}

/* "0x" and 1..16 significant hex digits (leading zeros allowed). */
static int eat_hex(struct kcur *c, uint64_t *v)
{
	const char *q;
	int sig = 0;

	if (!lit_at(c, "0x") || c->end - c->p < 3 || digit_val(c->p[2]) > 15)
		return cur_fail(c, "a 0x hex number");
	*v = 0;
	for (q = c->p + 2; q < c->end && digit_val(*q) < 16; q++) {
		if (sig || *q != '0')
			sig++;
		if (sig > 16 || (*q >= 'A' && *q <= 'F'))
			return cur_fail(c, "a lower-case 64-bit hex number");
		*v = *v << 4 | (uint64_t)digit_val(*q);
	}
	c->p = q;
	return 0;
}

static int eat_dec(struct kcur *c, long *v)
{
	const char *q = c->p;
	int neg = 0;

	if (q < c->end && *q == '-') {
		neg = 1;
		q++;
	}
	if (q >= c->end || *q < '0' || *q > '9')
		return cur_fail(c, "a decimal number");
	*v = 0;
	for (; q < c->end && *q >= '0' && *q <= '9'; q++) {
		if (*v > 1000000)
			return cur_fail(c, "a section type");
		*v = *v * 10 + (*q - '0');
	}
	if (neg)
		*v = -*v;
	c->p = q;
	return 0;
}

enum rec_kind { K_NEW = 1, K_OLD = 2, K_DUMP = 4 };

static struct fa_region_sect *new_sect(struct kcur *c, struct fa_region_show *o)
{
	if (o->nr >= FA_REGION_MAX_SECTS) {
		cur_fail(c, "no more sections (too many)");
		return NULL;
	}
	return &o->sect[o->nr++];
}

/* "[X-X] Y bytes, Dumped: Y\n" after a tag. */
static int eat_range(struct kcur *c, uint64_t *start, uint64_t *size,
		     uint64_t *dumped)
{
	uint64_t last;

	if (eat(c, "[") || eat_hex(c, start) || eat(c, "-") ||
	    eat_hex(c, &last) || eat(c, "] ") || eat_hex(c, size) ||
	    eat(c, " bytes, Dumped: ") || eat_hex(c, dumped) || eat(c, "\n"))
		return FA_ECORRUPT;
	return 0;
}

static int parse_range_rec(struct kcur *c, struct fa_region_show *o,
			   const char *tag, uint16_t type)
{
	struct fa_region_sect *r;

	c->p += strlen(tag);
	r = new_sect(c, o);
	if (!r)
		return FA_ECORRUPT;
	r->type = type;
	return eat_range(c, &r->dest, &r->size, &r->dumped);
}

static int parse_dump_rec(struct kcur *c, struct fa_region_show *o)
{
	struct fa_region_sect *r = new_sect(c, o);

	if (!r)
		return FA_ECORRUPT;
	r->type = FA_RGN_RMR;
	if (eat(c, "DUMP: Src: ") || eat_hex(c, &r->src) || eat(c, ", Dest: ") ||
	    eat_hex(c, &r->dest) || eat(c, ", Size: ") || eat_hex(c, &r->size) ||
	    eat(c, ", Dumped: ") || eat_hex(c, &r->dumped) || eat(c, " bytes\n"))
		return FA_ECORRUPT;
	return 0;
}

static int parse_param_rec(struct kcur *c, struct fa_region_show *o)
{
	struct fa_region_sect *r = new_sect(c, o);
	uint64_t last;
	const char *q;

	if (!r)
		return FA_ECORRUPT;
	r->type = FA_RGN_PARAM;
	if (eat(c, "\n[") || eat_hex(c, &r->dest) || eat(c, "-") ||
	    eat_hex(c, &last) || eat(c, "]: cmdline append: '"))
		return FA_ECORRUPT;
	r->size = last - r->dest + 1;
	for (q = c->p; q + 1 < c->end; q++)
		if (q[0] == '\'' && q[1] == '\n')
			break;
	if (q + 1 >= c->end)
		return cur_fail(c, "a quoted string ending in \"'\\n\"");
	r->param = strndup(c->p, (size_t)(q - c->p));
	if (!r->param)
		return fa_err_set(c->e, FA_ENOMEM, "fadump_region: out of memory");
	c->p = q + 2;
	return 0;
}

static int parse_unknown_rec(struct kcur *c, struct fa_region_show *o)
{
	struct fa_region_sect *r = new_sect(c, o);
	long type = 0;

	if (!r)
		return FA_ECORRUPT;
	if (eat(c, "Unknown region type ") || eat_dec(c, &type))
		return FA_ECORRUPT;
	if (type < 0 || type > 0xffff)
		return cur_fail(c, "a 16-bit section type");
	r->type = (uint16_t)type;
	if (eat(c, " : Src: ") || eat_hex(c, &r->src) || eat(c, ", Dest: ") ||
	    eat_hex(c, &r->dest) || eat(c, ", "))
		return FA_ECORRUPT;
	return 0;
}

static int parse_memory_rec(struct kcur *c, struct fa_region_show *o)
{
	if (eat(c, "\nMemory above ") || eat_hex(c, &o->memory_above) ||
	    eat(c, " is reserved for saving crash dump\n"))
		return FA_ECORRUPT;
	o->dump_active = 1;
	if (c->p != c->end)
		return cur_fail(c, "the end of the file");
	return 0;
}

static int parse_old_extra(struct kcur *c, struct fa_region_show *o)
{
	uint64_t size, dumped;

	c->p += strlen("    : ");
	if (eat_range(c, &o->memory_above, &size, &dumped))
		return FA_ECORRUPT;
	o->dump_active = 1;
	if (c->p != c->end)
		return cur_fail(c, "the end of the file");
	return 0;
}

/* One record at the cursor; *kinds collects which era it belongs to. */
static int parse_record(struct kcur *c, struct fa_region_show *o, int *kinds)
{
	if (lit_at(c, "CPU :[")) {
		*kinds |= K_NEW;
		return parse_range_rec(c, o, "CPU :", FA_RGN_CPU);
	}
	if (lit_at(c, "HPTE:[")) {
		*kinds |= K_NEW;
		return parse_range_rec(c, o, "HPTE:", FA_RGN_HPTE);
	}
	if (lit_at(c, "CPU : [")) {
		*kinds |= K_OLD;
		return parse_range_rec(c, o, "CPU : ", FA_RGN_CPU);
	}
	if (lit_at(c, "HPTE: [")) {
		*kinds |= K_OLD;
		return parse_range_rec(c, o, "HPTE: ", FA_RGN_HPTE);
	}
	if (lit_at(c, "DUMP: [")) {
		*kinds |= K_OLD;
		return parse_range_rec(c, o, "DUMP: ", FA_RGN_RMR);
	}
	if (lit_at(c, "    : [")) {
		*kinds |= K_OLD;
		return parse_old_extra(c, o);
	}
	if (lit_at(c, "DUMP: Src: ")) {
		*kinds |= K_DUMP;
		return parse_dump_rec(c, o);
	}
	if (lit_at(c, "\n[")) {
		*kinds |= K_NEW;
		return parse_param_rec(c, o);
	}
	if (lit_at(c, "Unknown region type ")) {
		*kinds |= K_NEW;
		return parse_unknown_rec(c, o);
	}
	if (lit_at(c, "\nMemory above "))
		return parse_memory_rec(c, o);
	return cur_fail(c, "a fadump_region line (CPU, HPTE, DUMP, cmdline, Unknown or Memory above)");
}

static enum fa_region_form classify(int kinds)
{
	if (kinds & K_OLD)
		return (kinds & ~K_OLD) ? FA_REGION_NONE : FA_REGION_PSERIES_OLD;
	if (kinds & K_NEW)
		return FA_REGION_PSERIES;
	return FA_REGION_OPAL;
}

/* The form found in the text must agree with the one the caller wanted. */
static int pick_form(struct kcur *c, enum fa_region_form found,
		     enum fa_region_form expect, struct fa_region_show *o)
{
	int ok;

	if (found == FA_REGION_NONE)
		return fa_err_set(c->e, FA_ECORRUPT,
				  "line 1: pre-v5.5 and v5.5+ fadump_region lines mixed");
	if (expect == FA_REGION_NONE) {
		o->form = found;
		return 0;
	}
	/* Text made only of DUMP lines is OPAL-like but valid pSeries too. */
	ok = found == expect ||
	     (found == FA_REGION_PSERIES && expect == FA_REGION_PSERIES_V55) ||
	     (found == FA_REGION_OPAL && (expect == FA_REGION_PSERIES ||
					  expect == FA_REGION_PSERIES_V55));
	if (!ok)
		return fa_err_set(c->e, FA_ECORRUPT,
				  "line 1: expected fadump_region in the %s form, found the %s form",
				  fa_region_form_name(expect),
				  fa_region_form_name(found));
	o->form = expect;
	return 0;
}

/* Whatever the parser accepted must print back to the very same bytes. */
static int check_canonical(struct kcur *c, const struct fa_region_show *o)
{
	struct fa_text t;
	size_t i, n;
	int rc;

	fa_text_init(&t);
	rc = fa_region_render(o, &t, c->e);
	if (rc) {
		fa_text_free(&t);
		fa_err_prefix(c->e, "line 1: ");
		if (c->e)
			c->e->code = FA_ECORRUPT;
		return FA_ECORRUPT;
	}
	n = t.len < (size_t)(c->end - c->start) ? t.len :
		(size_t)(c->end - c->start);
	for (i = 0; i < n && t.buf[i] == c->start[i]; i++)
		;
	if (i < n || t.len != (size_t)(c->end - c->start)) {
		c->p = c->start + i;
		rc = fa_err_set(c->e, FA_ECORRUPT,
				"line %u: not what the kernel prints (column %zu differs: the kernel would print \"%.20s\")",
				cur_line(c, c->p), i, t.buf ? t.buf + i : "");
	}
	fa_text_free(&t);
	return rc;
}

int fa_region_parse(const char *text, size_t len, enum fa_region_form expect,
		    struct fa_region_show *out, struct fa_err *e)
{
	struct kcur c = { .p = text, .end = text + len, .start = text, .e = e };
	int kinds = 0, rc = 0;

	memset(out, 0, sizeof(*out));
	if (len == 0) {
		if (expect != FA_REGION_NONE)
			return fa_err_set(e, FA_ECORRUPT,
					  "line 1: expected fadump_region in the %s form, found an empty file",
					  fa_region_form_name(expect));
		return 0;
	}
	while (c.p < c.end) {
		rc = parse_record(&c, out, &kinds);
		if (rc)
			goto out;
	}
	rc = pick_form(&c, classify(kinds), expect, out);
	if (!rc)
		rc = check_canonical(&c, out);
out:
	if (rc)
		fa_region_show_free(out);
	return rc;
}

/* --------------------------------------------- phyp-dump release_region */

int fa_phyp_release_region_render(const struct fa_phyp_release_region *r,
				  struct fa_text *t, struct fa_err *e)
{
	fa_kprintf(t, "CPU:0x%llx-0x%llx: HPTE:0x%llx-0x%llx: DUMP:0x%llx-0x%llx, 0x%llx-0x%llx:\n",
		   (unsigned long long)r->cpu_addr,
		   (unsigned long long)r->cpu_len,
		   (unsigned long long)r->hpte_addr,
		   (unsigned long long)r->hpte_len,
		   (unsigned long long)r->kernel_addr,
		   (unsigned long long)r->kernel_len,
		   (unsigned long long)r->reserve_start,
		   (unsigned long long)r->second_addr_range);
	if (t->err)
		return fa_err_set(e, t->err, "release_region: cannot format text");
	return 0;
}

int fa_phyp_release_region_parse(const char *text, size_t len,
				 struct fa_phyp_release_region *out,
				 struct fa_err *e)
{
	struct kcur c = { .p = text, .end = text + len, .start = text, .e = e };
	struct fa_text t;
	int rc;

	memset(out, 0, sizeof(*out));
	if (eat(&c, "CPU:") || eat_hex(&c, &out->cpu_addr) || eat(&c, "-") ||
	    eat_hex(&c, &out->cpu_len) || eat(&c, ": HPTE:") ||
	    eat_hex(&c, &out->hpte_addr) || eat(&c, "-") ||
	    eat_hex(&c, &out->hpte_len) || eat(&c, ": DUMP:") ||
	    eat_hex(&c, &out->kernel_addr) || eat(&c, "-") ||
	    eat_hex(&c, &out->kernel_len) || eat(&c, ", ") ||
	    eat_hex(&c, &out->reserve_start) || eat(&c, "-") ||
	    eat_hex(&c, &out->second_addr_range) || eat(&c, ":\n"))
		return FA_ECORRUPT;
	if (c.p != c.end)
		return cur_fail(&c, "the end of the file");
	/* "%llx" prints no leading zeros; refuse text the kernel cannot print. */
	fa_text_init(&t);
	rc = fa_phyp_release_region_render(out, &t, e);
	if (!rc && (t.len != len || memcmp(t.buf, text, len)))
		rc = fa_err_set(e, FA_ECORRUPT,
				"line 1: release_region numbers have leading zeros the kernel does not print");
	fa_text_free(&t);
	return rc;
}

static int is_kspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	       c == '\f' || c == '\r';
}

/*
 * One "%lx" of the kernel's vsscanf(): skip white space, optional "0x",
 * then hex digits through simple_strtoull(), which wraps silently on
 * overflow (no range check existed in those kernels).
 */
static const char *scan_lx(const char *s, uint64_t *v)
{
	while (is_kspace(*s))
		s++;
	if (digit_val(*s) > 15)
		return NULL;
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && digit_val(s[2]) < 16)
		s += 2;
	*v = 0;
	for (; digit_val(*s) < 16; s++)
		*v = *v << 4 | (uint64_t)digit_val(*s);
	return s;
}

int fa_phyp_release_region_parse_write(const char *buf, uint64_t *addr,
				       uint64_t *len)
{
	const char *s;

	s = scan_lx(buf, addr);
	if (!s)
		return FA_EINVAL;
	s = scan_lx(s, len);
	if (!s)
		return FA_EINVAL;
	return 0;
}
