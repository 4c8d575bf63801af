/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kstrtox.h - the kernel's lib/kstrtox.c as the model's sysfs stores use
 * it: kstrtoull() and kstrtoint().
 *
 * They return the kernel's errno values (0, -EINVAL, -ERANGE), which the
 * store functions pass up as the write(2) would fail; the library's FA_E*
 * codes (fa_err.h) stay in formats/.
 */
#ifndef FA_KSTRTOX_H
#define FA_KSTRTOX_H

/*
 * kstrtoull() - @s as an unsigned long long: an optional '+', base 0 means
 * "0x" hex / leading-0 octal / decimal, one trailing newline allowed,
 * nothing else.  Returns 0 (*@res set), -EINVAL or -ERANGE.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);

/* kstrtoint() - the same with an optional sign, into an int. */
int kstrtoint(const char *s, unsigned int base, int *res);

#endif /* FA_KSTRTOX_H */
