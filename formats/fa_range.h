/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fa_range.h - a physical address range, shared by every codec and model. */
#ifndef FA_RANGE_H
#define FA_RANGE_H

#include <stdint.h>

struct fa_range {
	uint64_t base;
	uint64_t size;
};

#endif /* FA_RANGE_H */
