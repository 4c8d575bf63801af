// SPDX-License-Identifier: GPL-2.0-or-later
/* kstrtox.c - the kernel's kstrtoull() and kstrtoint() (see kstrtox.h). */
#include <ctype.h>
#include <errno.h>

#include "kstrtox.h"

/* A digit's value, or 16 for anything else. */
static unsigned int xdigit(char c)
{
	unsigned int lc = (unsigned char)c | 0x20;

	if (isdigit((unsigned char)c))
		return (unsigned int)(c - '0');
	if (lc >= 'a' && lc <= 'f')
		return lc - 'a' + 10;
	return 16;
}

/* lib/kstrtox.c: _parse_integer_fixup_radix() */
static const char *parse_integer_fixup_radix(const char *s, unsigned int *base)
{
	int hex_prefix = s[0] == '0' && (s[1] | 0x20) == 'x';

	if (*base == 0) {
		if (hex_prefix && isxdigit((unsigned char)s[2]))
			*base = 16;
		else if (s[0] == '0')
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && hex_prefix)
		s += 2;
	return s;
}

/* lib/kstrtox.c: _kstrtoull(), the '+' already skipped */
static int kstrtoull_digits(const char *s, unsigned int base,
			    unsigned long long *res)
{
	unsigned long long v = 0;
	int overflow = 0, n = 0;
	unsigned int d;

	if (base == 1 || base > 16)
		return -EINVAL;
	s = parse_integer_fixup_radix(s, &base);
	for (; (d = xdigit(*s)) < base; s++, n++) {
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, d, &v))
			overflow = 1;
	}
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return kstrtoull_digits(s, base, res);
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	unsigned long long u;
	long long v;
	int rc;

	if (s[0] == '-') {
		rc = kstrtoull_digits(s + 1, base, &u);
		if (rc)
			return rc;
		v = (long long)-u;
		if (v > 0)
			return -ERANGE;
	} else {
		rc = kstrtoull(s, base, &u);
		if (rc)
			return rc;
		v = (long long)u;
		if (v < 0)
			return -ERANGE;
	}
	if (v != (int)v)
		return -ERANGE;
	*res = (int)v;
	return 0;
}
