// SPDX-License-Identifier: GPL-2.0-or-later
/* test_elfnote.c - ELF note iteration and building. */
#include "fa_test.h"
#include "elfnote.h"

/* A VMCOREINFO note, big-endian, written from the Elf64_Nhdr layout. */
static const char vmci_be_hex[] =
	"00 00 00 0b  00 00 00 07  00 00 00 00"		/* namesz 11, descsz 7, type 0 */
	"56 4d 43 4f 52 45 49 4e 46 4f 00 00"		/* VMCOREINFO\0 + pad */
	"41 3d 31 0a 42 3d 32 00";			/* "A=1\nB=2" + pad */

static void test_golden_vmcoreinfo_be(void **state)
{
	uint8_t gold[64], out[64];
	size_t len = fa_test_hex(vmci_be_hex, gold, sizeof(gold));
	struct fa_err e = { 0 };
	struct fa_note n;
	size_t pos = 0;

	(void)state;
	assert_int_equal(len, 32);
	assert_int_equal(fa_note_size("VMCOREINFO", 7), 32);
	assert_int_equal(fa_note_put(out, FA_BE, "VMCOREINFO", 0, "A=1\nB=2", 7), 32);
	assert_memory_equal(out, gold, 32);
	assert_int_equal(fa_note_next(gold, len, FA_BE, &pos, &n, &e), 1);
	assert_int_equal(n.namesz, 11);
	assert_int_equal(n.descsz, 7);
	assert_int_equal(n.type, 0);
	assert_int_equal(n.offset, 0);
	assert_true(fa_note_name_is(&n, FA_NN_VMCOREINFO));
	assert_false(fa_note_name_is(&n, FA_NN_CORE));
	assert_memory_equal(n.desc, "A=1\nB=2", 7);
	assert_int_equal(pos, 32);
	assert_int_equal(fa_note_next(gold, len, FA_BE, &pos, &n, &e), 0);
}

/* NT_PRSTATUS header, little-endian: 524 bytes with "CORE\0" padded to 8. */
static void test_golden_prstatus_header_le(void **state)
{
	uint8_t gold[16], out[524], desc[504];

	(void)state;
	fa_test_hex("05 00 00 00  f8 01 00 00  01 00 00 00  43 4f 52 45", gold, 16);
	memset(desc, 0xa5, sizeof(desc));
	assert_int_equal(fa_note_size("CORE", 504), 524);
	assert_int_equal(fa_note_put(out, FA_LE, "CORE", FA_NT_PRSTATUS, desc, 504), 524);
	assert_memory_equal(out, gold, 16);
	/* name padding, then the descriptor at 20 */
	assert_int_equal(out[16], 0);
	assert_int_equal(out[19], 0);
	assert_memory_equal(out + 20, desc, 504);
}

/* Notes, terminator, then garbage the iterator must never look at. */
static void test_iterate_both_orders(void **state)
{
	static const int orders[] = { FA_LE, FA_BE };
	uint8_t blob[256];
	struct fa_err e = { 0 };
	struct fa_note n;

	(void)state;
	for (int k = 0; k < 2; k++) {
		int bo = orders[k];
		size_t len = 0, pos = 0;

		len += fa_note_put(blob + len, bo, "CORE", 1, "abcdef", 6);
		len += fa_note_put(blob + len, bo, "LINUX", 0x102, NULL, 0);
		len += fa_note_put_end(blob + len);
		memset(blob + len, 0xff, 20);
		len += 20;
		assert_int_equal(fa_note_next(blob, len, bo, &pos, &n, &e), 1);
		assert_int_equal(n.type, 1);
		assert_int_equal(n.descsz, 6);
		assert_int_equal(pos, 12 + 8 + 8);
		assert_int_equal(fa_note_next(blob, len, bo, &pos, &n, &e), 1);
		assert_int_equal(n.type, 0x102);
		assert_true(fa_note_name_is(&n, "LINUX"));
		assert_int_equal(n.offset, 28);
		assert_int_equal(n.descsz, 0);
		assert_int_equal(fa_note_next(blob, len, bo, &pos, &n, &e), 0);
		{
			int bad;

			assert_int_equal(fa_note_used(blob, len, bo, &bad, &e), 28 + 20);
			assert_int_equal(bad, 0);
		}
	}
}

static void test_trailing_zero_padding_ends(void **state)
{
	uint8_t blob[64] = { 0 };
	struct fa_err e = { 0 };
	struct fa_note n;
	size_t len, pos = 0;

	(void)state;
	len = fa_note_put(blob, FA_BE, "CORE", 1, "x", 1);
	len += 5;		/* zeros shorter than a header */
	assert_int_equal(fa_note_next(blob, len, FA_BE, &pos, &n, &e), 1);
	assert_int_equal(fa_note_next(blob, len, FA_BE, &pos, &n, &e), 0);
}

static void test_truncated_header(void **state)
{
	uint8_t blob[64] = { 0 };
	struct fa_err e = { 0 };
	struct fa_note n;
	size_t len, pos = 0;

	(void)state;
	len = fa_note_put(blob, FA_LE, "CORE", 1, "x", 1);
	blob[len] = 5;
	len += 7;
	assert_int_equal(fa_note_next(blob, len, FA_LE, &pos, &n, &e), 1);
	assert_fa_error(fa_note_next(blob, len, FA_LE, &pos, &n, &e), &e, FA_ETRUNC,
			"note header at offset 0x18: need 12 bytes, only 7 left");
}

static void test_namesz_overflow(void **state)
{
	uint8_t blob[32];
	struct fa_err e = { 0 };
	struct fa_note n;
	size_t pos = 0;
	int bad;

	(void)state;
	/* namesz 0xffffffff would wrap a 32-bit align-up to 0. */
	fa_test_hex("ff ff ff ff 00 00 00 00 01 00 00 00 43 4f 52 45 00 00 00 00", blob, 20);
	assert_fa_error(fa_note_next(blob, 20, FA_LE, &pos, &n, &e), &e, FA_ERANGE,
			"note at offset 0: namesz 4294967295 runs past the end of the 20-byte note data");
	assert_int_equal(pos, 0);
	assert_int_equal(fa_note_used(blob, 20, FA_LE, &bad, &e), 0);
	assert_int_equal(bad, 1);
}

static void test_descsz_past_end(void **state)
{
	uint8_t blob[64];
	struct fa_err e = { 0 };
	struct fa_note n;
	size_t len, pos = 0;

	(void)state;
	len = fa_note_put(blob, FA_BE, "CORE", 1, "abcdefgh", 8);
	/* descsz 8 -> 9: padded to 12, four bytes past the blob */
	blob[7] = 9;
	assert_fa_error(fa_note_next(blob, len, FA_BE, &pos, &n, &e), &e, FA_ERANGE,
			"descsz 9 runs past the end of the 28-byte note data");
	blob[7] = 0xff; blob[6] = 0xff; blob[5] = 0xff; blob[4] = 0xff;
	assert_fa_error(fa_note_next(blob, len, FA_BE, &pos, &n, &e), &e, FA_ERANGE,
			"descsz 4294967295");
}

static void test_name_without_nul(void **state)
{
	uint8_t blob[32];
	struct fa_err e = { 0 };
	struct fa_note n;
	size_t pos = 0;

	(void)state;
	fa_test_hex("04 00 00 00 00 00 00 00 01 00 00 00 43 4f 52 45", blob, 16);
	assert_int_equal(fa_note_next(blob, 16, FA_LE, &pos, &n, &e), 1);
	assert_true(fa_note_name_is(&n, "CORE"));
	assert_false(fa_note_name_is(&n, "COR"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_vmcoreinfo_be),
		cmocka_unit_test(test_golden_prstatus_header_le),
		cmocka_unit_test(test_iterate_both_orders),
		cmocka_unit_test(test_trailing_zero_padding_ends),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_namesz_overflow),
		cmocka_unit_test(test_descsz_past_end),
		cmocka_unit_test(test_name_without_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
