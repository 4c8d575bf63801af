// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dyndbg.c - which pr_debug() calls a kernel built with CONFIG_DYNAMIC_DEBUG
 * (Debian's) prints: none by default; those the "dyndbg=" and
 * "MODULE.dyndbg=" boot parameters turn on (lib/dynamic_debug.c,
 * Documentation/admin-guide/dynamic-debug-howto.rst).
 *
 * The kernel applies those parameters in dynamic_debug_init(), an
 * early_initcall: a pr_debug() reached before it (everything called from
 * early_init_devtree(): fadump_reserve_mem(), the platform's dt_scan,
 * fadump_append_bootargs()) prints nothing whatever the command line says.
 * The caller tells which side of it a call is on (k->ddebug_ready).
 *
 * Queries are parsed as the kernel parses them: separated by ';' or a
 * newline, '#' starts a comment, words split at blanks or quoted, the last
 * word the flags ([-+=] then any of "pmfslt_"), the others keyword/value
 * pairs (func, file, module, format, line, class).  A query the kernel
 * would refuse changes nothing.  What the model cannot know: kernel line
 * numbers (a query with "line" or "file F:N" matches no call) and classes
 * (a "class" query matches no fadump call, as in the kernel, where they
 * have the default class).  Only the 'p' flag matters here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fadump.h"

#define DDEBUG_MAXWORDS		9	/* MAXWORDS of ddebug_exec_query() */

/* The kernel's match_wildcard(): '*' any run, '?' any one character. */
static int glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (star) {
			pat = star + 1;
			s = ++resume;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

/* string_unescape_inplace(UNESCAPE_SPACE | UNESCAPE_OCTAL | UNESCAPE_SPECIAL) */
static void unescape(char *s)
{
	static const char from[] = "fnrtv\\\"ae", to[] = "\f\n\r\t\v\\\"\a\033";
	char *o = s;

	while (*s) {
		const char *c;

		if (*s != '\\' || !s[1]) {
			*o++ = *s++;
		} else if (s[1] >= '0' && s[1] <= '7') {
			int v = 0, n;

			for (n = 0, s++; n < 3 && *s >= '0' && *s <= '7'; n++)
				v = v * 8 + (*s++ - '0');
			*o++ = (char)v;
		} else if ((c = strchr(from, s[1]))) {
			*o++ = to[c - from];
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

/* ddebug_tokenize(): the number of words, or -1 for a bad query. */
static int tokenize(char *buf, char **words)
{
	int n = 0;

	for (;;) {
		char *end;

		while (isspace((unsigned char)*buf))
			buf++;
		if (!*buf || *buf == '#')
			return n;
		if (*buf == '"' || *buf == '\'') {
			end = strchr(buf + 1, *buf);
			if (!end)
				return -1;	/* unclosed quote */
			buf++;
		} else {
			for (end = buf; *end && !isspace((unsigned char)*end); end++)
				;
		}
		if (n == DDEBUG_MAXWORDS)
			return -1;
		words[n++] = buf;
		if (!*end)
			return n;
		*end = '\0';
		buf = end + 1;
	}
}

struct ddebug_query {
	const char *filename, *function, *module, *format;
	int has_line, has_class;
};

/* check_set(): a keyword given twice makes the query invalid. */
static int set_once(const char **dest, const char *v)
{
	int dup = *dest != NULL;

	*dest = v;
	return dup ? -1 : 0;
}

/* ddebug_parse_query(): 0, or -1 for a query the kernel refuses. */
static int parse_query(char **w, int n, struct ddebug_query *q,
		       const char *modname)
{
	int i;

	if (n % 2)
		return -1;
	for (i = 0; i < n; i += 2) {
		char *arg = w[i + 1], *tail;
		int rc = 0;

		if (!strcmp(w[i], "func")) {
			rc = set_once(&q->function, arg);
		} else if (!strcmp(w[i], "file")) {
			rc = set_once(&q->filename, arg);
			tail = strchr(arg, ':');
			if (!rc && tail) {
				*tail++ = '\0';
				if (isalpha((unsigned char)*tail) || *tail == '*' ||
				    *tail == '?')
					rc = set_once(&q->function, tail);
				else
					q->has_line = 1;
			}
		} else if (!strcmp(w[i], "module")) {
			rc = set_once(&q->module, arg);
		} else if (!strcmp(w[i], "format")) {
			unescape(arg);
			rc = set_once(&q->format, arg);
		} else if (!strcmp(w[i], "line")) {
			q->has_line = 1;
		} else if (!strcmp(w[i], "class")) {
			q->has_class = 1;
		} else {
			return -1;	/* unknown keyword */
		}
		if (rc)
			return rc;
	}
	if (!q->module)
		q->module = modname;
	return 0;
}

/* The ddebug_change() tests one call site passes. */
static int site_matches(const struct ddebug_query *q,
			const struct ddebug_site *dp)
{
	const char *base = strrchr(dp->filename, '/');

	base = base ? base + 1 : dp->filename;
	if (q->module && !glob_match(q->module, dp->modname))
		return 0;
	if (q->has_class || q->has_line)
		return 0;
	if (q->filename && !glob_match(q->filename, dp->filename) &&
	    !glob_match(q->filename, base))
		return 0;
	if (q->function && !glob_match(q->function, dp->function))
		return 0;
	if (q->format) {
		if (*q->format == '^') {
			if (strncmp(dp->format, q->format + 1,
				    strlen(q->format + 1)))
				return 0;
		} else if (!strstr(dp->format, q->format)) {
			return 0;
		}
	}
	return 1;
}

/* ddebug_exec_query() on the one site: its new 'p' flag. */
static int exec_query(char *query, const char *modname,
		      const struct ddebug_site *dp, int print)
{
	struct ddebug_query q;
	char *w[DDEBUG_MAXWORDS];
	const char *f;
	int n, p = 0;

	n = tokenize(query, w);
	if (n <= 0)
		return print;
	f = w[n - 1];
	if (*f != '+' && *f != '-' && *f != '=')
		return print;
	if (f[1 + strspn(f + 1, "pmfslt_")])
		return print;	/* unknown flag */
	p = strchr(f + 1, 'p') != NULL;
	memset(&q, 0, sizeof(q));
	if (parse_query(w, n - 1, &q, modname) || !site_matches(&q, dp))
		return print;
	switch (*f) {
	case '+':
		return print || p;
	case '-':
		return print && !p;
	default:
		return p;
	}
}

/* ddebug_exec_queries(): every query of @val in turn. */
static int exec_queries(char *val, const char *modname,
			const struct ddebug_site *dp, int print)
{
	while (val) {
		char *next = strpbrk(val, ";\n");

		if (next)
			*next++ = '\0';
		while (isspace((unsigned char)*val))
			val++;
		if (*val && *val != '#')
			print = exec_query(val, modname, dp, print);
		val = next;
	}
	return print;
}

/*
 * One "param[=value]" of the command line at *@pp, as the kernel's
 * next_arg() splits it: blanks end it outside double quotes; a value that
 * starts with '"' loses that quote and a closing one at its end, as does a
 * parameter quoted whole.  @val is NULL when there is no '='.
 */
static char *next_param(char *args, char **param, char **val)
{
	int quoted = *args == '"', inq;
	char *p, *eq = NULL, *end;

	if (quoted)
		args++;
	inq = quoted;
	for (p = args; *p && (inq || !isspace((unsigned char)*p)); p++) {
		if (!eq && *p == '=')
			eq = p;
		if (*p == '"')
			inq = !inq;
	}
	end = p;
	*param = args;
	*val = NULL;
	if (eq) {
		*eq = '\0';
		*val = eq + 1;
		if (**val == '"') {
			(*val)++;
			if (end > *val && end[-1] == '"')
				end[-1] = '\0';
		}
	}
	if (quoted && end > args && end[-1] == '"')
		end[-1] = '\0';
	if (*end)
		*end++ = '\0';
	while (isspace((unsigned char)*end))
		end++;
	return end;
}

int ddebug_enabled(const char *cmdline, const struct ddebug_site *dp)
{
	char *buf = strdup(cmdline ? cmdline : ""), *args;
	char all[] = "+p";	/* a bare "dyndbg" */
	int print = 0;

	if (!buf)
		return 0;
	args = buf;
	while (isspace((unsigned char)*args))
		args++;
	while (*args) {
		char *param, *val, *dot;

		args = next_param(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;	/* the rest is init's */
		dot = strchr(param, '.');
		if (dot)
			*dot = '\0';
		if (strcmp(dot ? dot + 1 : param, "dyndbg"))
			continue;
		print = exec_queries(val ? val : all,
				     dot ? param : NULL, dp, print);
	}
	free(buf);
	return print;
}

int fadump_ddebug_on(const struct fadump_kernel *k,
		     const struct ddebug_site *dp)
{
	return k->ddebug_ready && ddebug_enabled(k->cmdline, dp);
}
