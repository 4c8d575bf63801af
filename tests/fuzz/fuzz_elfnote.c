// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_elfnote.c - the note walker; byte order from the first byte. */
#include "elfnote.h"
#include "fa_endian.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_note n;
	struct fa_err e;
	size_t pos = 0, i;
	unsigned int sum = 0;
	int bo, bad;

	if (size < 1)
		return 0;
	bo = data[0] & 1 ? FA_BE : FA_LE;
	data++;
	size--;
	while (fa_note_next(data, size, bo, &pos, &n, &e) == 1) {
		fa_note_name_is(&n, "CORE");
		fa_note_name_is(&n, "VMCOREINFO");
		/* Touch every byte the note claims: ASan sees overreads. */
		for (i = 0; i < n.namesz; i++)
			sum += (uint8_t)n.name[i];
		for (i = 0; i < n.descsz; i++)
			sum += n.desc[i];
	}
	fa_note_used(data, size, bo, &bad, &e);
	return sum == 1;
}
