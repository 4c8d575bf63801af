// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_opal.c - the OPAL structures: the MPIPL metadata skiboot leaves,
 * the kernel's fadump memory structure (either byte order) and the HDAT
 * MDST/MDRT tables, each decoded from the same input.
 */
#include "fa_endian.h"
#include "fuzz.h"
#include "opal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_opal_mpipl m;
	struct fa_opal_fdm fdm;
	struct fa_mdst_entry st;
	struct fa_mdrt_entry rt;
	struct fa_err e;
	uint32_t i;
	int bo;

	if (fa_opal_mpipl_decode(data, size, &m, &e) == 0) {
		fa_opal_mpipl_check_version(&m, 1, &e);
		fa_opal_mpipl_free(&m);
	}
	if (fa_opal_fdm_guess_bo(data, size, &bo, &e))
		bo = FA_BE;
	if (fa_opal_fdm_decode(data, size, bo, &fdm, &e) == 0)
		fa_opal_fdm_check_version(&fdm, &e);
	for (i = 0; i < 64; i++) {
		if (fa_opal_mdst_decode(data, size, i, &st, &e))
			break;
		fa_opal_dump_region_name(st.data_region);
	}
	for (i = 0; i < 64; i++)
		if (fa_opal_mdrt_decode(data, size, i, &rt, &e))
			break;
	return 0;
}
