// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erase.c - makedumpfile's filter config: parse, resolve through DWARF,
 * erase pages, list what was erased (see erase.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>
#include <elfutils/libdw.h>

#include "erase.h"
#include "fa_endian.h"

#define STRLEN_MAX	1024	/* makedumpfile's limit for a char * string */
#define MAX_DEPTH	32	/* components of one expression */
#define MAX_SIZE	(1LL << 40)	/* bytes one command may erase */
#define MAX_LIST	(1 << 20)	/* elements of one linked list */
#define MAX_CONFIG	(1 << 20)	/* bytes of a config file */

/* makedumpfile's view of a type: the flags met down to the innermost. */
#define T_ARRAY		0x1
#define T_PTR		0x2
#define T_STRUCT	0x4
#define T_BASE		0x8

struct expr {
	char *text;			/* as written */
	char *buf;			/* a copy of text split at '.' */
	char *comp[MAX_DEPTH];		/* into buf */
	int n;
	int64_t num;			/* a number (size only) */
	int is_num;
};

struct cmd {
	struct expr what;
	struct expr size;
	int has_size, nullify;
	int line;
	int loop;			/* the enclosing loop, or -1 */
};

struct loop {
	char *id;
	struct expr list;
	char *via;			/* "via NEXT": the next member */
	char *within;			/* "within STRUCT[:MEMBER]": STRUCT */
	char *member;			/* ... MEMBER, "list" by default */
	int line;
};

/* One (command, iteration): a line of the eraseinfo when it erased. */
struct slot {
	int cmd;
	int nullify;
	uint64_t applied;		/* bytes erased (atomic) */
};

struct range {
	uint64_t paddr, size;
	int nullify;
	int slot;			/* -1: counted for none */
};

struct fa_erase {
	char *path;
	struct cmd *cmds;
	size_t ncmds;
	struct loop *loops;
	size_t nloops;
	struct slot *slots;
	size_t nslots;
	struct range *r;
	size_t nr;
	uint64_t maxsize;
	/* resolving */
	struct fa_symbolizer *sym;
	const struct fa_erase_kernel *k;
	Dwarf *dw;
};

struct tinfo {
	Dwarf_Die inner;		/* the innermost type */
	int has_inner;
	unsigned int flags;
	const char *name;		/* innermost name, "void", or NULL */
	int64_t size;			/* innermost byte size */
	int64_t array_len;
};

/* A resolved object: where it is, what it refers to, how much to erase. */
struct obj {
	uint64_t addr;			/* the object (a pointer: the pointer) */
	uint64_t vaddr;			/* what it refers to; 0: a NULL pointer */
	struct tinfo t;
	int64_t size;
};

/* ---- parsing ---- */

struct tok {
	char *s;
	int line;
};

struct lexer {
	struct tok *t;
	size_t n, cap, i;
};

static int push_tok(struct lexer *lx, const char *s, size_t len, int line)
{
	struct tok *nt;

	if (lx->n == lx->cap) {
		lx->cap = lx->cap ? 2 * lx->cap : 64;
		nt = realloc(lx->t, lx->cap * sizeof(*nt));
		if (!nt)
			return FA_ENOMEM;
		lx->t = nt;
	}
	lx->t[lx->n].s = strndup(s, len);
	if (!lx->t[lx->n].s)
		return FA_ENOMEM;
	lx->t[lx->n++].line = line;
	return 0;
}

/* Split one line into tokens; a "[section]" at its start is checked. */
static int lex_line(const char *path, char *buf, int line, struct lexer *lx,
		    struct fa_err *e)
{
	char *p, *q;

	p = strchr(buf, '#');
	if (p)
		*p = '\0';
	if (buf[0] == '[') {
		q = strchr(buf, ']');
		if (!q)
			return fa_err_set(e, FA_EINVAL,
					  "%s:%d: a module section \"[NAME]\" expected, found \"%s\"",
					  path, line, buf);
		*q = '\0';
		if (strcmp(buf + 1, "vmlinux"))
			return fa_err_set(e, FA_EUNSUP,
					  "%s:%d: module section [%s]: only [vmlinux] is supported",
					  path, line, buf + 1);
		buf = q + 1;
	}
	for (p = buf; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		q = p;
		while (*q && *q != ' ' && *q != '\t' && *q != '\r')
			q++;
		if (push_tok(lx, p, (size_t)(q - p), line))
			return fa_err_set(e, FA_ENOMEM, "out of memory");
		p = q;
	}
	return 0;
}

static int is_keyword(const char *s)
{
	static const char *const kw[] = {
		"erase", "size", "nullify", "for", "in", "within", "via",
		"endfor",
	};
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strcmp(s, kw[i]))
			return 1;
	return 0;
}

/* "SYMBOL[.member[...]]", or with @size a number with a K/M suffix. */
static int parse_expr(struct fa_erase *er, const struct tok *t, int size,
		      struct expr *x, struct fa_err *e)
{
	char *p, *end;
	long long v;

	memset(x, 0, sizeof(*x));
	x->text = strdup(t->s);
	if (!x->text)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	if (size && (isdigit((unsigned char)t->s[0]) || t->s[0] == '-')) {
		errno = 0;
		v = strtoll(t->s, &end, 10);
		if (errno || end == t->s || v <= 0 || v > MAX_SIZE ||
		    (*end && (end[1] || !strchr("kKmM", *end))))
			return fa_err_set(e, FA_EINVAL,
					  "%s:%d: size \"%s\": expected a positive number of bytes, with K or M",
					  er->path, t->line, t->s);
		if (*end == 'k' || *end == 'K')
			v *= 1024;
		else if (*end == 'm' || *end == 'M')
			v *= 1024 * 1024;
		x->num = v;
		x->is_num = 1;
		return 0;
	}
	x->buf = strdup(t->s);
	if (!x->buf)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	for (p = x->buf; p;) {
		end = strchr(p, '.');
		if (end)
			*end++ = '\0';
		if (!*p || x->n == MAX_DEPTH)
			return fa_err_set(e, FA_EINVAL,
					  "%s:%d: \"%s\": expected SYMBOL[.member[...]]",
					  er->path, t->line, t->s);
		x->comp[x->n++] = p;
		p = end;
	}
	return 0;
}

static const struct tok *next_tok(struct lexer *lx)
{
	return lx->i < lx->n ? &lx->t[lx->i++] : NULL;
}

static const struct tok *peek_tok(struct lexer *lx)
{
	return lx->i < lx->n ? &lx->t[lx->i] : NULL;
}

static int parse_erase(struct fa_erase *er, struct lexer *lx, int line,
		       int loop, struct fa_err *e)
{
	const struct tok *t = next_tok(lx), *n;
	struct cmd *c, *nc;
	int rc;

	if (!t || is_keyword(t->s))
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: expected a kernel symbol after 'erase'%s%s",
				  er->path, t ? t->line : line, t ? ", found " : "",
				  t ? t->s : "");
	nc = realloc(er->cmds, (er->ncmds + 1) * sizeof(*nc));
	if (!nc)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	er->cmds = nc;
	c = &er->cmds[er->ncmds++];
	memset(c, 0, sizeof(*c));
	c->line = t->line;
	c->loop = loop;
	rc = parse_expr(er, t, 0, &c->what, e);
	if (rc)
		return rc;
	if (loop >= 0 && strcmp(c->what.comp[0], er->loops[loop].id))
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: \"%s\" inside the loop: expected the iteration variable '%s'",
				  er->path, t->line, t->s, er->loops[loop].id);
	n = peek_tok(lx);
	if (n && !strcmp(n->s, "nullify")) {
		lx->i++;
		c->nullify = 1;
	} else if (n && !strcmp(n->s, "size")) {
		lx->i++;
		t = next_tok(lx);
		if (!t || is_keyword(t->s))
			return fa_err_set(e, FA_EINVAL,
					  "%s:%d: expected a size (bytes or a symbol) after 'size'",
					  er->path, n->line);
		c->has_size = 1;
		return parse_expr(er, t, 1, &c->size, e);
	}
	return 0;
}

/* "via NEXT" or "within STRUCT[:MEMBER]" after the list symbol. */
static int parse_list_kind(struct fa_erase *er, struct lexer *lx,
			   struct loop *l, struct fa_err *e)
{
	const struct tok *kw = next_tok(lx), *t = next_tok(lx);
	char *colon;

	if (!t || is_keyword(t->s) || strchr(t->s, '.'))
		return fa_err_set(e, FA_EINVAL, "%s:%d: expected %s after '%s'",
				  er->path, t ? t->line : kw->line,
				  kw->s[0] == 'v' ? "a member name" : "STRUCT[:MEMBER]",
				  kw->s);
	if (kw->s[0] == 'v') {
		l->via = strdup(t->s);
		return l->via ? 0 : fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	l->within = strdup(t->s);
	if (!l->within)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	colon = strchr(l->within, ':');
	if (colon)
		*colon++ = '\0';
	l->member = strdup(colon ? colon : "list");
	if (!l->member)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	if (!*l->within || !*l->member)
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: \"%s\": expected STRUCT[:MEMBER] after 'within'",
				  er->path, t->line, t->s);
	return 0;
}

static int parse_for(struct fa_erase *er, struct lexer *lx, int line,
		     struct fa_err *e)
{
	const struct tok *id = next_tok(lx), *t;
	struct loop *nl, *l;
	int rc, idx;

	if (!id || is_keyword(id->s) || strchr(id->s, '.'))
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: expected an iteration variable after 'for'",
				  er->path, id ? id->line : line);
	t = next_tok(lx);
	if (!t || strcmp(t->s, "in"))
		return fa_err_set(e, FA_EINVAL, "%s:%d: expected 'in' after 'for %s'",
				  er->path, t ? t->line : id->line, id->s);
	t = next_tok(lx);
	if (!t || is_keyword(t->s))
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: expected a list symbol after 'in'",
				  er->path, t ? t->line : id->line);
	nl = realloc(er->loops, (er->nloops + 1) * sizeof(*nl));
	if (!nl)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	er->loops = nl;
	idx = (int)er->nloops++;
	l = &er->loops[idx];
	memset(l, 0, sizeof(*l));
	l->line = id->line;
	l->id = strdup(id->s);
	if (!l->id)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	rc = parse_expr(er, t, 0, &l->list, e);
	if (rc)
		return rc;
	t = peek_tok(lx);
	if (t && (!strcmp(t->s, "via") || !strcmp(t->s, "within"))) {
		rc = parse_list_kind(er, lx, l, e);
		if (rc)
			return rc;
	}
	while ((t = next_tok(lx)) && strcmp(t->s, "endfor")) {
		if (strcmp(t->s, "erase"))
			return fa_err_set(e, FA_EINVAL,
					  "%s:%d: expected 'erase' or 'endfor', found \"%s\"",
					  er->path, t->line, t->s);
		rc = parse_erase(er, lx, t->line, idx, e);
		if (rc)
			return rc;
	}
	if (!t)
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: no 'endfor' for this 'for'", er->path,
				  l->line);
	return 0;
}

int fa_erase_parse(const char *path, struct fa_erase **out, struct fa_err *e)
{
	struct fa_erase *er;
	struct lexer lx = { 0 };
	const struct tok *t;
	char *text, *p, *nl;
	size_t i, total;
	int line = 0, rc = 0;
	FILE *f;

	*out = NULL;
	f = fopen(path, "r");
	if (!f)
		return fa_err_set(e, errno == ENOENT ? FA_ENOENT : FA_EIO,
				  "%s: cannot open the filter config: %s", path,
				  strerror(errno));
	er = calloc(1, sizeof(*er));
	if (!er || !(er->path = strdup(path))) {
		free(er);
		fclose(f);
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	/* bounded: a config is a short text, not /dev/zero */
	text = malloc(MAX_CONFIG + 1);
	if (!text) {
		fclose(f);
		fa_erase_free(er);
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	total = fread(text, 1, MAX_CONFIG + 1, f);
	if (total > MAX_CONFIG)
		rc = fa_err_set(e, FA_EINVAL,
				"%s: a filter config longer than %d bytes", path,
				MAX_CONFIG);
	else if (memchr(text, '\0', total))
		rc = fa_err_set(e, FA_EINVAL, "%s: a NUL byte: not a text file",
				path);
	text[total < MAX_CONFIG ? total : MAX_CONFIG] = '\0';
	for (p = text; !rc && *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		rc = lex_line(path, p, ++line, &lx, e);
	}
	if (!rc && ferror(f))
		rc = fa_err_set(e, FA_EIO, "%s: read error", path);
	fclose(f);
	free(text);
	while (!rc && (t = next_tok(&lx))) {
		if (!strcmp(t->s, "erase"))
			rc = parse_erase(er, &lx, t->line, -1, e);
		else if (!strcmp(t->s, "for"))
			rc = parse_for(er, &lx, t->line, e);
		else
			rc = fa_err_set(e, FA_EINVAL,
					"%s:%d: expected 'erase' or 'for', found \"%s\"",
					path, t->line, t->s);
	}
	if (!rc && !er->ncmds)
		rc = fa_err_set(e, FA_EINVAL, "%s: no erase command", path);
	for (i = 0; i < lx.n; i++)
		free(lx.t[i].s);
	free(lx.t);
	if (rc) {
		fa_erase_free(er);
		return rc;
	}
	*out = er;
	return 0;
}

static void free_expr(struct expr *x)
{
	free(x->text);
	free(x->buf);
}

void fa_erase_free(struct fa_erase *er)
{
	size_t i;

	if (!er)
		return;
	for (i = 0; i < er->ncmds; i++) {
		free_expr(&er->cmds[i].what);
		free_expr(&er->cmds[i].size);
	}
	for (i = 0; i < er->nloops; i++) {
		free(er->loops[i].id);
		free(er->loops[i].via);
		free(er->loops[i].within);
		free(er->loops[i].member);
		free_expr(&er->loops[i].list);
	}
	free(er->cmds);
	free(er->loops);
	free(er->slots);
	free(er->r);
	free(er->path);
	free(er);
}

size_t fa_erase_nranges(const struct fa_erase *er)
{
	return er->nr;
}

/* ---- types, through DWARF ---- */

static int die_type(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, DW_AT_type, &a) &&
	       dwarf_formref_die(&a, out) ? 0 : -1;
}

/* Past typedefs and qualifiers. */
static int strip_type(Dwarf_Die *t)
{
	for (;;) {
		switch (dwarf_tag(t)) {
		case DW_TAG_typedef:
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
			if (die_type(t, t))
				return -1;	/* void */
			continue;
		default:
			return 0;
		}
	}
}

static int is_container(Dwarf_Die *t)
{
	int tag = dwarf_tag(t);

	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type;
}

/*
 * A struct or union only declared in this unit (a pointer to an opaque
 * type): its first complete definition by name, as makedumpfile looks
 * types up by name.  Returns 0 with *@t completed, or -1.
 */
static int find_struct(Dwarf *dw, int tag, const char *name, Dwarf_Die *t)
{
	Dwarf_Off cu = 0, next;
	Dwarf_Die cudie, c;
	const char *n;
	size_t hsize;

	while (!dwarf_nextcu(dw, cu, &next, &hsize, NULL, NULL, NULL)) {
		if (dwarf_offdie(dw, cu + hsize, &cudie) &&
		    !dwarf_child(&cudie, &c)) {
			do {
				if (dwarf_tag(&c) != tag ||
				    dwarf_hasattr(&c, DW_AT_declaration))
					continue;
				n = dwarf_diename(&c);
				if (n && !strcmp(n, name)) {
					*t = c;
					return 0;
				}
			} while (!dwarf_siblingof(&c, &c));
		}
		cu = next;
	}
	return -1;
}

static int complete_type(Dwarf *dw, Dwarf_Die *t)
{
	const char *name = dwarf_diename(t);

	if (!dwarf_hasattr(t, DW_AT_declaration))
		return 0;
	return name ? find_struct(dw, dwarf_tag(t), name, t) : -1;
}

/* The first dimension of an array type. */
static int64_t array_len(Dwarf_Die *arr)
{
	Dwarf_Attribute a;
	Dwarf_Word v;
	Dwarf_Die c;

	if (dwarf_child(arr, &c))
		return 0;
	do {
		if (dwarf_tag(&c) != DW_TAG_subrange_type)
			continue;
		if (dwarf_attr_integrate(&c, DW_AT_count, &a) &&
		    !dwarf_formudata(&a, &v))
			return (int64_t)v;
		if (dwarf_attr_integrate(&c, DW_AT_upper_bound, &a) &&
		    !dwarf_formudata(&a, &v))
			return (int64_t)v + 1;
		return 0;
	} while (!dwarf_siblingof(&c, &c));
	return 0;
}

/*
 * makedumpfile's reading of the type of @die (a variable or member):
 * the flags of every level down to the innermost type, its name and size,
 * and the first array dimension when the type is an array.
 */
static int type_info(Dwarf *dw, Dwarf_Die *die, struct tinfo *t)
{
	Dwarf_Die cur, s;
	Dwarf_Word sz;

	memset(t, 0, sizeof(*t));
	if (die_type(die, &cur))
		return -1;
	s = cur;
	if (!strip_type(&s) && dwarf_tag(&s) == DW_TAG_array_type)
		t->array_len = array_len(&s);
	for (;;) {
		switch (dwarf_tag(&cur)) {
		case DW_TAG_array_type:
			t->flags |= T_ARRAY;
			break;
		case DW_TAG_pointer_type:
			t->flags |= T_PTR;
			break;
		case DW_TAG_structure_type:
			t->flags |= T_STRUCT;
			break;
		case DW_TAG_base_type:
			t->flags |= T_BASE;
			break;
		}
		t->inner = cur;
		t->has_inner = 1;
		if (die_type(&cur, &cur))
			break;
	}
	if (is_container(&t->inner))
		complete_type(dw, &t->inner);
	t->name = dwarf_diename(&t->inner);
	if (!t->name && t->flags == T_PTR)
		t->name = "void";
	t->size = 0;
	if (!dwarf_aggregate_size(&t->inner, &sz))
		t->size = (int64_t)sz;
	if (t->name && !strcmp(t->name, "void"))
		t->size = 0;
	return 0;
}

static int member_location(Dwarf_Die *m, uint64_t *off)
{
	Dwarf_Attribute a;
	Dwarf_Word v;
	Dwarf_Op *ops;
	size_t n;

	if (!dwarf_attr(m, DW_AT_data_member_location, &a)) {
		*off = 0;			/* a union member */
		return 0;
	}
	if (!dwarf_formudata(&a, &v)) {
		*off = v;
		return 0;
	}
	if (!dwarf_getlocation(&a, &ops, &n) && n == 1 &&
	    ops[0].atom == DW_OP_plus_uconst) {
		*off = ops[0].number;
		return 0;
	}
	return -1;
}

/*
 * Member @name of the struct or union @t, looked for in its anonymous
 * members too: 0 with *@m and *@off, or -1.
 */
static int find_member(Dwarf_Die *t, const char *name, Dwarf_Die *m,
		       uint64_t *off)
{
	Dwarf_Die c, sub;
	uint64_t base, inner;
	const char *n;

	if (dwarf_child(t, &c))
		return -1;
	do {
		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		n = dwarf_diename(&c);
		if (n && !strcmp(n, name)) {
			*m = c;
			return member_location(&c, off);
		}
		if (n || die_type(&c, &sub) || strip_type(&sub) ||
		    !is_container(&sub) || member_location(&c, &base))
			continue;
		if (!find_member(&sub, name, m, &inner)) {
			*off = base + inner;
			return 0;
		}
	} while (!dwarf_siblingof(&c, &c));
	return -1;
}

/* ---- reading the dump ---- */

static int read_ptr(struct fa_erase *er, uint64_t addr, uint64_t *v,
		    struct fa_err *e)
{
	return fa_mem_read_ptr(er->k->kmem, FA_KVADDR, addr, v, e);
}

/* strlen() of the string at @addr, at most STRLEN_MAX, as makedumpfile. */
static int64_t kstrlen(struct fa_erase *er, uint64_t addr)
{
	char buf[64];
	struct fa_err e;
	int64_t n = 0;
	size_t i, len;

	while (n < STRLEN_MAX) {
		len = sizeof(buf) - ((addr + (uint64_t)n) % sizeof(buf));
		if (er->k->kmem->read(er->k->kmem->ctx, FA_KVADDR,
				      addr + (uint64_t)n, buf, len, &e))
			return 0;
		for (i = 0; i < len && n < STRLEN_MAX; i++, n++)
			if (!buf[i])
				return n;
	}
	return n;
}

/* The value of an integer object of @size bytes at @addr. */
static int read_uint(struct fa_erase *er, uint64_t addr, int64_t size,
		     int64_t *v, struct fa_err *e)
{
	uint8_t b[8];
	int bo = er->k->kmem->byteorder;
	int rc;

	rc = er->k->kmem->read(er->k->kmem->ctx, FA_KVADDR, addr, b,
			       (size_t)size, e);
	if (rc)
		return rc;
	switch (size) {
	case 1:
		*v = b[0];
		break;
	case 2:
		*v = fa_get16(b, bo);
		break;
	case 4:
		*v = fa_get32(b, bo);
		break;
	default:
		*v = (int64_t)fa_get64(b, bo);
		break;
	}
	return 0;
}

/* ---- resolving ---- */

/*
 * Complete @o (addr and t set): what it refers to and the size
 * makedumpfile erases for it.
 */
static int obj_refer(struct fa_erase *er, struct obj *o, struct fa_err *e)
{
	int rc;

	o->vaddr = o->addr;
	o->size = o->t.size;
	if ((o->t.flags & (T_ARRAY | T_PTR)) == T_PTR) {
		rc = read_ptr(er, o->addr, &o->vaddr, e);
		if (rc)
			return rc;
	}
	if ((o->t.flags & (T_ARRAY | T_PTR | T_BASE)) == (T_PTR | T_BASE) &&
	    o->t.name && !strcmp(o->t.name, "char"))
		o->size = o->vaddr ? kstrlen(er, o->vaddr) : 0;
	if (o->t.flags & T_ARRAY)
		o->size = o->t.array_len *
			  (o->t.flags & T_PTR ? er->k->kmem->ptr_size : o->t.size);
	return 0;
}

/* The variable @name's DIE: the one at the symbol's address, else any. */
static int find_variable(struct fa_erase *er, const char *name,
			 uint64_t file_addr, Dwarf_Die *out)
{
	Dwarf_Off cu = 0, next;
	Dwarf_Die cudie, c, any;
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t hsize, n;
	const char *dn;
	int have_any = 0;

	while (!dwarf_nextcu(er->dw, cu, &next, &hsize, NULL, NULL, NULL)) {
		if (!dwarf_offdie(er->dw, cu + hsize, &cudie) ||
		    dwarf_child(&cudie, &c)) {
			cu = next;
			continue;
		}
		do {
			if (dwarf_tag(&c) != DW_TAG_variable)
				continue;
			dn = dwarf_diename(&c);
			if (!dn || strcmp(dn, name) ||
			    !dwarf_hasattr_integrate(&c, DW_AT_type))
				continue;
			if (dwarf_attr(&c, DW_AT_location, &a) &&
			    !dwarf_getlocation(&a, &ops, &n) && n == 1 &&
			    ops[0].atom == DW_OP_addr &&
			    ops[0].number == file_addr) {
				*out = c;
				return 0;
			}
			if (!have_any) {
				any = c;
				have_any = 1;
			}
		} while (!dwarf_siblingof(&c, &c));
		cu = next;
	}
	if (!have_any)
		return -1;
	*out = any;
	return 0;
}

static int resolve_symbol(struct fa_erase *er, const char *name, int line,
			  struct obj *o, struct fa_err *e)
{
	uint64_t addr;
	Dwarf_Die var;

	memset(o, 0, sizeof(*o));
	if (fa_sym_addr(er->sym, name, &addr, NULL))
		return fa_err_set(e, FA_ENOENT,
				  "%s:%d: no symbol '%s' in the vmlinux",
				  er->path, line, name);
	if (find_variable(er, name, addr - er->k->kernel_offset, &var) ||
	    type_info(er->dw, &var, &o->t))
		return fa_err_set(e, FA_ENOENT,
				  "%s:%d: symbol '%s' is no variable the vmlinux's DWARF describes",
				  er->path, line, name);
	o->addr = addr;
	if (obj_refer(er, o, e))
		return fa_err_prefix(e, "%s:%d: %s: ", er->path, line, name);
	return 0;
}

/*
 * Follow the members comp[1..] of @x from @o.  Returns 0, 1 when a NULL
 * pointer on the way leaves nothing to erase (as makedumpfile), or an
 * error.
 */
static int resolve_members(struct fa_erase *er, const struct expr *x,
			   int line, struct obj *o, struct fa_err *e)
{
	Dwarf_Die st, m;
	uint64_t off;
	int i, rc;

	for (i = 1; i < x->n; i++) {
		if (!o->vaddr)
			return 1;
		st = o->t.inner;
		if (!o->t.has_inner || strip_type(&st) || !is_container(&st))
			return fa_err_set(e, FA_ENOENT,
					  "%s:%d: %s: '%s' is no structure (%s), it has no member '%s'",
					  er->path, line, x->text, x->comp[i - 1],
					  o->t.name ? o->t.name : "?", x->comp[i]);
		if (find_member(&st, x->comp[i], &m, &off))
			return fa_err_set(e, FA_ENOENT,
					  "%s:%d: %s: %s %s has no member '%s'",
					  er->path, line, x->text,
					  dwarf_tag(&st) == DW_TAG_union_type ? "union" : "struct",
					  dwarf_diename(&st) ? dwarf_diename(&st) : "(anonymous)",
					  x->comp[i]);
		memset(&o->t, 0, sizeof(o->t));
		o->addr = o->vaddr + off;
		if (type_info(er->dw, &m, &o->t))
			return fa_err_set(e, FA_ENOENT, "%s:%d: %s: member '%s' has no type",
					  er->path, line, x->text, x->comp[i]);
		rc = obj_refer(er, o, e);
		if (rc)
			return fa_err_prefix(e, "%s:%d: %s: ", er->path, line,
					     x->text);
	}
	return 0;
}

/* @x from a symbol, or from the loop's current element @it. */
static int resolve_expr(struct fa_erase *er, const struct expr *x, int line,
			const struct obj *it, struct obj *o, struct fa_err *e)
{
	int rc;

	if (it) {
		*o = *it;
	} else {
		rc = resolve_symbol(er, x->comp[0], line, o, e);
		if (rc)
			return rc;
	}
	return resolve_members(er, x, line, o, e);
}

static int new_slot(struct fa_erase *er, int cmd, int nullify)
{
	struct slot *ns;

	ns = realloc(er->slots, (er->nslots + 1) * sizeof(*ns));
	if (!ns)
		return -1;
	er->slots = ns;
	ns[er->nslots].cmd = cmd;
	ns[er->nslots].nullify = nullify;
	ns[er->nslots].applied = 0;
	return (int)er->nslots++;
}

/*
 * One physically contiguous piece.  A piece starting where an earlier one
 * starts only widens it (makedumpfile's insert_filter_info()): it is not
 * counted for its own command.
 */
static int add_piece(struct fa_erase *er, uint64_t paddr, uint64_t size,
		     int nullify, int slot)
{
	struct range *nr;
	size_t i;

	for (i = 0; i < er->nr; i++) {
		if (er->r[i].paddr != paddr)
			continue;
		if (size > er->r[i].size)
			er->r[i].size = size;
		if (size > er->maxsize)
			er->maxsize = size;
		return 0;
	}
	nr = realloc(er->r, (er->nr + 1) * sizeof(*nr));
	if (!nr)
		return FA_ENOMEM;
	er->r = nr;
	nr[er->nr].paddr = paddr;
	nr[er->nr].size = size;
	nr[er->nr].nullify = nullify;
	nr[er->nr].slot = slot;
	er->nr++;
	if (size > er->maxsize)
		er->maxsize = size;
	return 0;
}

/* [vaddr, vaddr + size) as physical pieces, split where the map is not
 * contiguous. */
static int add_range(struct fa_erase *er, const struct cmd *c, uint64_t vaddr,
		     uint64_t size, int nullify, struct fa_err *e)
{
	uint64_t ps = er->k->page_size, pa, start_pa = 0, start_va = vaddr;
	uint64_t va = vaddr, end = vaddr + size, step, expect = 0;
	int slot, rc;

	slot = new_slot(er, (int)(c - er->cmds), nullify);
	if (slot < 0)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	while (va < end) {
		rc = er->k->vtop(er->k->vtop_ctx, va, &pa, e);
		if (rc)
			return fa_err_prefix(e, "%s:%d: %s: ", er->path, c->line,
					     c->what.text);
		if (va == vaddr) {
			start_pa = pa;
		} else if (pa != expect) {
			if (add_piece(er, start_pa, va - start_va, nullify, slot))
				return fa_err_set(e, FA_ENOMEM, "out of memory");
			start_pa = pa;
			start_va = va;
		}
		step = ps - (va % ps);
		if (step > end - va)
			step = end - va;
		va += step;
		expect = pa + step;
	}
	if (add_piece(er, start_pa, end - start_va, nullify, slot))
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	return 0;
}

/* The value of a size expression: a number, or an integer in the dump. */
static int eval_size(struct fa_erase *er, const struct cmd *c,
		     const struct obj *it, int64_t *size, struct fa_err *e)
{
	const struct expr *x = &c->size;
	struct obj o;
	int rc;

	if (x->is_num) {
		*size = x->num;
		return 0;
	}
	it = it && !strcmp(x->comp[0], er->loops[c->loop].id) ? it : NULL;
	rc = resolve_expr(er, x, c->line, it, &o, e);
	if (rc < 0)
		return rc;
	*size = 0;
	if (rc > 0 || !o.vaddr)
		return 0;
	if ((o.t.flags & (T_ARRAY | T_BASE)) != T_BASE || o.t.size <= 0 ||
	    o.t.size > 8)
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: size %s: expected an integer variable or member, found %s%s",
				  er->path, c->line, x->text,
				  o.t.name ? o.t.name : "a type",
				  o.t.flags & T_ARRAY ? " array" : "");
	rc = read_uint(er, o.vaddr, o.t.size, size, e);
	if (rc)
		return fa_err_prefix(e, "%s:%d: size %s: ", er->path, c->line,
				     x->text);
	return 0;
}

/* One erase command, alone or for the loop's element @it. */
static int do_cmd(struct fa_erase *er, const struct cmd *c,
		  const struct obj *it, struct fa_err *e)
{
	struct obj o;
	int64_t size;
	int rc;

	rc = resolve_expr(er, &c->what, c->line, it, &o, e);
	if (rc)
		return rc < 0 ? rc : 0;
	if (c->nullify) {
		if (!(o.t.flags & T_PTR))
			return fa_err_set(e, FA_EINVAL,
					  "%s:%d: %s nullify: not a pointer (%s)",
					  er->path, c->line, c->what.text,
					  o.t.name ? o.t.name : "?");
		return add_range(er, c, o.addr,
				 (uint64_t)er->k->kmem->ptr_size, 1, e);
	}
	if (!o.vaddr)
		return 0;
	if (c->has_size) {
		rc = eval_size(er, c, it, &size, e);
		if (rc)
			return rc;
	} else if (o.t.name && !strcmp(o.t.name, "void") &&
		   !(o.t.flags & T_ARRAY)) {
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: %s is a void pointer: give 'size N' or 'nullify'",
				  er->path, c->line, c->what.text);
	} else {
		size = o.size;
	}
	if (size <= 0)
		return 0;
	if (size > MAX_SIZE)
		return fa_err_set(e, FA_ERANGE,
				  "%s:%d: %s: size %lld is beyond %lld bytes",
				  er->path, c->line, c->what.text,
				  (long long)size, MAX_SIZE);
	return add_range(er, c, o.vaddr, (uint64_t)size, 0, e);
}

/* The erase commands of loop @li for one element @it. */
static int do_body(struct fa_erase *er, size_t li, const struct obj *it,
		   struct fa_err *e)
{
	size_t c;
	int rc;

	for (c = 0; c < er->ncmds; c++) {
		if (er->cmds[c].loop != (int)li)
			continue;
		rc = do_cmd(er, &er->cmds[c], it, e);
		if (rc)
			return rc;
	}
	return 0;
}

/* An element of struct type @st at @addr. */
static void struct_obj(Dwarf_Die *st, uint64_t addr, struct obj *o)
{
	Dwarf_Word sz;

	memset(o, 0, sizeof(*o));
	o->addr = o->vaddr = addr;
	o->t.inner = *st;
	o->t.has_inner = 1;
	o->t.flags = dwarf_tag(st) == DW_TAG_structure_type ? T_STRUCT : 0;
	o->t.name = dwarf_diename(st);
	if (!dwarf_aggregate_size(st, &sz))
		o->t.size = (int64_t)sz;
	o->size = o->t.size;
}

static int too_long(struct fa_erase *er, const struct loop *l,
		    struct fa_err *e)
{
	return fa_err_set(e, FA_ECORRUPT,
			  "%s:%d: for %s in %s: more than %d elements (a cycle?)",
			  er->path, l->line, l->id, l->list.text, MAX_LIST);
}

/*
 * for ID in LIST_HEAD within STRUCT:MEMBER: from the head (a struct
 * list_head, or its "next" pointer) to the head again; ID is the STRUCT
 * whose MEMBER each node is.
 */
static int do_list_head(struct fa_erase *er, size_t li, const struct obj *o,
			struct fa_err *e)
{
	const struct loop *l = &er->loops[li];
	Dwarf_Die st, m, lh = o->t.inner;
	uint64_t moff, noff, head, p;
	struct obj it;
	long n = 0;
	int rc;

	if (!o->t.name || strcmp(o->t.name, "list_head") ||
	    (o->t.flags & T_ARRAY) || find_member(&lh, "next", &m, &noff))
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: for %s in %s within ...: not a struct list_head",
				  er->path, l->line, l->id, l->list.text);
	if (find_struct(er->dw, DW_TAG_structure_type, l->within, &st))
		return fa_err_set(e, FA_ENOENT, "%s:%d: no struct %s in the vmlinux",
				  er->path, l->line, l->within);
	if (find_member(&st, l->member, &m, &moff))
		return fa_err_set(e, FA_ENOENT, "%s:%d: struct %s has no member '%s'",
				  er->path, l->line, l->within, l->member);
	head = o->t.flags & T_PTR ? o->addr - noff : o->addr;
	p = o->vaddr;
	if (!(o->t.flags & T_PTR)) {
		rc = read_ptr(er, head + noff, &p, e);
		if (rc)
			return fa_err_prefix(e, "%s:%d: %s: ", er->path, l->line,
					     l->list.text);
	}
	while (p && p != head) {
		if (++n > MAX_LIST)
			return too_long(er, l, e);
		struct_obj(&st, p - moff, &it);
		rc = do_body(er, li, &it, e);
		if (!rc)
			rc = read_ptr(er, p + noff, &p, e);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * for ID in STRUCTVAR via NEXT: the structure, then what its NEXT points
 * to, until NULL or the first again.
 */
static int do_via(struct fa_erase *er, size_t li, const struct obj *o,
		  struct fa_err *e)
{
	const struct loop *l = &er->loops[li];
	Dwarf_Die st = o->t.inner, m;
	uint64_t off, p = o->vaddr;
	struct obj it;
	long n = 0;
	int rc;

	if (!o->t.has_inner || strip_type(&st) || !is_container(&st) ||
	    (o->t.flags & T_ARRAY))
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: for %s in %s via %s: not a structure or a pointer to one",
				  er->path, l->line, l->id, l->list.text, l->via);
	if (find_member(&st, l->via, &m, &off))
		return fa_err_set(e, FA_ENOENT, "%s:%d: %s %s has no member '%s'",
				  er->path, l->line,
				  dwarf_tag(&st) == DW_TAG_union_type ? "union" : "struct",
				  dwarf_diename(&st) ? dwarf_diename(&st) : "(anonymous)",
				  l->via);
	while (p) {
		if (++n > MAX_LIST)
			return too_long(er, l, e);
		struct_obj(&st, p, &it);
		rc = do_body(er, li, &it, e);
		if (!rc)
			rc = read_ptr(er, p + off, &p, e);
		if (rc)
			return rc;
		if (p == o->vaddr)
			break;
	}
	return 0;
}

/* for ID in ARRAY: every element (a NULL pointer in an array skipped). */
static int do_loop(struct fa_erase *er, size_t li, struct fa_err *e)
{
	const struct loop *l = &er->loops[li];
	struct obj arr, it;
	int64_t i, esize;
	int rc;

	rc = resolve_expr(er, &l->list, l->line, NULL, &arr, e);
	if (rc)
		return rc < 0 ? rc : 0;
	if (l->within)
		return do_list_head(er, li, &arr, e);
	if (l->via)
		return do_via(er, li, &arr, e);
	if (!(arr.t.flags & T_ARRAY))
		return fa_err_set(e, FA_EINVAL,
				  "%s:%d: for %s in %s: not an array (a list needs 'via' or 'within')",
				  er->path, l->line, l->id, l->list.text);
	esize = arr.t.flags & T_PTR ? er->k->kmem->ptr_size : arr.t.size;
	for (i = 0; i < arr.t.array_len; i++) {
		memset(&it, 0, sizeof(it));
		it.t = arr.t;
		it.t.flags &= ~T_ARRAY;
		it.t.array_len = 0;
		it.addr = arr.addr + (uint64_t)(i * esize);
		rc = obj_refer(er, &it, e);
		if (rc)
			return fa_err_prefix(e, "%s:%d: %s[%lld]: ", er->path,
					     l->line, l->list.text, (long long)i);
		if (!it.vaddr)
			continue;
		rc = do_body(er, li, &it, e);
		if (rc)
			return rc;
	}
	return 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

int fa_erase_resolve(struct fa_erase *er, struct fa_symbolizer *sym,
		     const struct fa_erase_kernel *k, struct fa_err *e)
{
	size_t i;
	int rc = 0, done_loop;

	er->sym = sym;
	er->k = k;
	er->dw = (Dwarf *)fa_sym_dwarf(sym);
	if (!er->dw)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: the vmlinux has no DWARF: erase commands need its types (a -dbg vmlinux)",
				  er->path);
	for (i = 0; !rc && i < er->ncmds; i++) {
		if (er->cmds[i].loop < 0) {
			rc = do_cmd(er, &er->cmds[i], NULL, e);
			continue;
		}
		/* a loop runs once, at its first command */
		done_loop = i && er->cmds[i - 1].loop == er->cmds[i].loop;
		if (!done_loop)
			rc = do_loop(er, (size_t)er->cmds[i].loop, e);
	}
	if (rc)
		return rc;
	qsort(er->r, er->nr, sizeof(*er->r), cmp_range);
	return 0;
}

/* ---- erasing ---- */

/* The first range that may reach @paddr. */
static size_t first_range(const struct fa_erase *er, uint64_t paddr)
{
	uint64_t from = paddr > er->maxsize ? paddr - er->maxsize : 0;
	size_t lo = 0, hi = er->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (er->r[mid].paddr < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int fa_erase_touches(const struct fa_erase *er, uint64_t paddr, size_t len)
{
	size_t i;

	for (i = first_range(er, paddr); i < er->nr; i++) {
		const struct range *r = &er->r[i];

		if (r->paddr >= paddr + len)
			break;
		if (r->paddr + r->size > paddr)
			return 1;
	}
	return 0;
}

int fa_erase_page(struct fa_erase *er, uint64_t paddr, uint8_t *buf,
		  size_t len)
{
	uint64_t a, b;
	size_t i;
	int hit = 0;

	for (i = first_range(er, paddr); i < er->nr; i++) {
		const struct range *r = &er->r[i];

		if (r->paddr >= paddr + len)
			break;
		a = r->paddr > paddr ? r->paddr : paddr;
		b = r->paddr + r->size < paddr + len ? r->paddr + r->size
						      : paddr + len;
		if (a >= b)
			continue;
		memset(buf + (a - paddr), r->nullify ? 0 : FA_ERASE_CHAR,
		       (size_t)(b - a));
		if (r->slot >= 0)
			__atomic_fetch_add(&er->slots[r->slot].applied, b - a,
					   __ATOMIC_RELAXED);
		hit = 1;
	}
	return hit;
}

char *fa_erase_info(const struct fa_erase *er, size_t *len)
{
	size_t c, i, cap = 1, n = 0;
	char *out, *p;
	int w;

	for (i = 0; i < er->nslots; i++)
		cap += strlen(er->cmds[er->slots[i].cmd].what.text) + 40;
	out = malloc(cap);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (c = 0; c < er->ncmds; c++) {
		for (i = 0; i < er->nslots; i++) {
			const struct slot *s = &er->slots[i];

			if (s->cmd != (int)c || !s->applied)
				continue;
			p = out + n;
			if (s->nullify)
				w = snprintf(p, cap - n, "erase %s nullify\n",
					     er->cmds[c].what.text);
			else
				w = snprintf(p, cap - n, "erase %s size %llu\n",
					     er->cmds[c].what.text,
					     (unsigned long long)s->applied);
			n += (size_t)w;
		}
	}
	*len = n;
	return out;
}

int fa_erase_load(const char *conf, const char *vmlinux,
		  const struct fa_erase_dump *d, const struct fa_erase_kernel *k,
		  struct fa_erase **out, struct fa_err *e)
{
	struct fa_sym_kernel sk = {
		.machine = d->machine,
		.byteorder = d->byteorder,
		.machine_name = d->machine_name,
	};
	struct fa_symbolizer *sym = NULL;
	struct fa_erase *er = NULL;
	int rc;

	*out = NULL;
	rc = fa_erase_parse(conf, &er, e);
	if (rc)
		return rc;
	if (d->vi) {
		sk.build_id = fa_vmci_get(d->vi, "BUILD-ID");
		sk.osrelease = fa_vmci_get(d->vi, "OSRELEASE");
	}
	rc = fa_sym_open(vmlinux, &sym, e);
	if (!rc)
		rc = fa_sym_check(sym, &sk, e);
	if (!rc) {
		fa_sym_set_offset(sym, k->kernel_offset);
		rc = fa_erase_resolve(er, sym, k, e);
	}
	fa_sym_close(sym);
	if (rc) {
		fa_erase_free(er);
		return rc;
	}
	*out = er;
	return 0;
}
