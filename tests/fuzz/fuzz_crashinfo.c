// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_crashinfo.c - the fadump crash-info header: probe, decode with the
 * layouts the readers use, the capture kernel's compatibility verdict.
 */
#include "crashinfo.h"
#include "fa_endian.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fa_crashinfo_opts opts[] = {
		{ 0, 0, 0 },
		{ FA_CI_PT_REGS_SZ_OLD, 0, 0 },
		{ 0, 0, FA_CI_ANY_MAGIC },
		{ FA_CI_PT_REGS_SZ, 128, 0 },
	};
	struct fa_crashinfo ci;
	struct fa_err e;
	unsigned int i;
	int bo, era;

	if (fa_crashinfo_probe(data, size, &bo, &era))
		bo = FA_BE;
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		if (fa_crashinfo_decode(data, size, bo, &opts[i], &ci, &e))
			continue;
		fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 0, 0, &e);
		fa_crashinfo_check_compat(&ci, FA_CI_FADMPINF,
					  FA_CI_PT_REGS_SZ_OLD, 0, &e);
		fa_crashinfo_cpu_count(&ci);
		fa_crashinfo_cpu_test(&ci, ci.crashing_cpu);
	}
	fa_cpumask_test_raw(data, size, bo, size * 8 / 2);
	return 0;
}
