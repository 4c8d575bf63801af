/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_rtas_sample.h - the pSeries registration struct the crash-ext and
 * core/ unit tests share.
 */
#ifndef FA_TEST_RTAS_SAMPLE_H
#define FA_TEST_RTAS_SAMPLE_H

#include <string.h>

#include "rtas.h"

static inline void sample_fdm(struct fa_rtas_fdm *fdm)
{
	/* The example of fadump-kernel-formats.md 2.9: 64K pages,
	 * CPU area 0x40020, HPTE 0x1000, reserved area at 0x6ffb0000. */
	memset(fdm, 0, sizeof(*fdm));
	fdm->dump_format_version = 1;
	fdm->dump_num_sections = 3;
	fdm->offset_first_dump_section = 40;
	fdm->rgn[0] = (struct fa_rtas_section){ 1, 0x0001, 0, 0, 0x40020, 0, 0x6ffb0000 };
	fdm->rgn[1] = (struct fa_rtas_section){ 1, 0x0002, 0, 0, 0x1000, 0, 0x6fff0020 };
	fdm->rgn[2] = (struct fa_rtas_section){ 1, 0x0011, 0, 0, 0x10000000, 0, 0x70000000 };
}

#endif /* FA_TEST_RTAS_SAMPLE_H */
