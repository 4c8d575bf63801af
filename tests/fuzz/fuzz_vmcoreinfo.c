// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_vmcoreinfo.c - the VMCOREINFO text parser and its typed lookups. */
#include "fuzz.h"
#include "vmcoreinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		int form;
		const char *name;
	} keys[] = {
		{ FA_VMCI_SYMBOL, "prb" },
		{ FA_VMCI_SYMBOL, "log_buf" },
		{ FA_VMCI_SIZE, "printk_ringbuffer" },
		{ FA_VMCI_OFFSET, "prb_desc_ring.count_bits" },
		{ FA_VMCI_LENGTH, "mem_section" },
		{ FA_VMCI_NUMBER, "VMALLOC_START" },
		{ FA_VMCI_DEC, "PAGESIZE" },
		{ FA_VMCI_DEC, "CRASHTIME" },
		{ FA_VMCI_HEX, "KERNELOFFSET" },
	};
	struct fa_vmcoreinfo *vi;
	const char *key, *value;
	struct fa_err e;
	uint64_t v;
	size_t i, n;

	if (fa_vmci_parse((const char *)data, size, &vi, &e))
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fa_vmci_read(vi, keys[i].form, keys[i].name, &v, &e);
	fa_vmci_get(vi, "OSRELEASE");
	n = fa_vmci_count(vi);
	for (i = 0; i < n && i < 64; i++)
		if (fa_vmci_entry(vi, i, &key, &value) == 0)
			fa_vmci_get(vi, key);
	fa_vmci_first_duplicate(vi);
	fa_vmci_truncated(vi);
	fa_vmci_free(vi);
	return 0;
}
