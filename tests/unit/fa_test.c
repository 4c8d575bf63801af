// SPDX-License-Identifier: GPL-2.0-or-later
/* fa_test.c - helpers shared by the unit tests. */
#include <ctype.h>
#include <ftw.h>
#include <unistd.h>

#include "fa_test.h"

size_t fa_test_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;

		if (isspace((unsigned char)*hex))
			continue;
		v = isdigit((unsigned char)*hex) ? *hex - '0'
						 : tolower((unsigned char)*hex) - 'a' + 10;
		if (hi < 0) {
			hi = v;
		} else {
			if (n < max)
				out[n] = (uint8_t)(hi << 4 | v);
			n++;
			hi = -1;
		}
	}
	return n;
}

static char tmpdir[64];

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb; (void)flag; (void)f;
	return remove(p);
}

static void rm_tmpdir(void)
{
	if (tmpdir[0])
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fa_test_tmpdir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/fa-unit.XXXXXX");
		if (!mkdtemp(tmpdir))
			abort();
		atexit(rm_tmpdir);
	}
	return tmpdir;
}
