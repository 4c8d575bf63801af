// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_ktext.c - the kernel's text files read back: fadump_region in every
 * form (detected, then each one forced), re-rendered when it parses; the
 * phyp release_region file and its write syntax; the kernel model's
 * kstrtoint/kstrtoull (kernel/kstrtox.c) on the same text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kstrtox.h"
#include "ktext.h"

static void region(const char *text, size_t len, enum fa_region_form form)
{
	struct fa_region_show s;
	struct fa_text t;
	struct fa_err e;

	fa_text_init(&t);
	if (fa_region_parse(text, len, form, &s, &e) == 0)
		fa_region_render(&s, &t, &e);
	fa_region_show_free(&s);
	fa_text_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_phyp_release_region rr;
	const char *text = (const char *)data;
	unsigned long long ull;
	uint64_t addr, len;
	struct fa_text t;
	struct fa_err e;
	char *z;
	int form, v;

	for (form = FA_REGION_NONE; form <= FA_REGION_OPAL; form++)
		region(text, size, form);
	fa_text_init(&t);
	if (fa_phyp_release_region_parse(text, size, &rr, &e) == 0)
		fa_phyp_release_region_render(&rr, &t, &e);
	fa_text_free(&t);
	/* The write syntax and kstrto*() take a C string. */
	z = malloc(size + 1);
	if (!z)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	fa_phyp_release_region_parse_write(z, &addr, &len);
	kstrtoint(z, 0, &v);
	kstrtoull(z, 16, &ull);
	free(z);
	return 0;
}
