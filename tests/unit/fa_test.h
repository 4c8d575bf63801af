/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fa_test.h - what every cmocka unit test includes. */
#ifndef FA_TEST_H
#define FA_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fa_err.h"
#include "fa_endian.h"

/* Assert that an fa_* call failed with @code and said @substr. */
#define assert_fa_error(call, e, wantcode, substr) do {			\
		int _rc = (call);					\
		if (_rc != (wantcode))					\
			fail_msg("%s returned %d (%s), want %d; msg: %s", #call, \
				 _rc, fa_strstatus(_rc), (wantcode), (e)->msg); \
		if (!strstr((e)->msg, (substr)))			\
			fail_msg("error message \"%s\" lacks \"%s\"",	\
				 (e)->msg, (substr));			\
	} while (0)

#define assert_fa_ok(call, e) do {					\
		int _rc = (call);					\
		if (_rc)						\
			fail_msg("%s failed: %d (%s): %s", #call, _rc,	\
				 fa_strstatus(_rc), (e)->msg);		\
	} while (0)

/*
 * fa_test_hex() - decode a hex string ("de ad be ef", spaces ignored) into
 * @out; returns the byte count.  For golden vectors written from the docs.
 */
size_t fa_test_hex(const char *hex, uint8_t *out, size_t max);

/* fa_test_tmpdir() - a fresh temporary directory (removed at exit). */
const char *fa_test_tmpdir(void);

#endif
