// SPDX-License-Identifier: GPL-2.0-or-later
/* test_common.c - fa_err, fa_endian, fa_io and fa_outfile. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fa_test.h"
#include "fa_io.h"
#include "fa_outfile.h"

static void test_endian_golden(void **state)
{
	uint8_t b[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
	uint8_t out[8];

	(void)state;
	assert_int_equal(fa_get16(b, FA_BE), 0x0102);
	assert_int_equal(fa_get16(b, FA_LE), 0x0201);
	assert_int_equal(fa_get32(b, FA_BE), 0x01020304);
	assert_int_equal(fa_get32(b, FA_LE), 0x04030201);
	assert_true(fa_get64(b, FA_BE) == 0x0102030405060708ULL);
	assert_true(fa_get64(b, FA_LE) == 0x0807060504030201ULL);
	fa_put64(out, FA_BE, 0x0102030405060708ULL);
	assert_memory_equal(out, b, 8);
	fa_put64(out, FA_LE, 0x0807060504030201ULL);
	assert_memory_equal(out, b, 8);
	fa_put32(out, FA_LE, 0xdeadbeef);
	assert_int_equal(out[0], 0xef);
	fa_put16(out, FA_BE, 0xabcd);
	assert_int_equal(out[0], 0xab);
}

static void test_need(void **state)
{
	struct fa_err e;

	(void)state;
	assert_int_equal(fa_need(&e, 16, 8, 8, "hdr"), 0);
	assert_fa_error(fa_need(&e, 16, 8, 9, "hdr"), &e, FA_ETRUNC,
			"hdr: need 9 bytes at offset 0x8, only 8 available");
	/* An offset past the end and a length that would wrap. */
	assert_fa_error(fa_need(&e, 16, 32, 1, "x"), &e, FA_ETRUNC, "only 0");
	assert_fa_error(fa_need(&e, 16, 8, SIZE_MAX, "x"), &e, FA_ETRUNC, "need");
	fa_err_prefix(&e, "%s: ", "f.bin");
	assert_non_null(strstr(e.msg, "f.bin: x: need"));
}

/* Whole reads: the bytes asked for, or an error naming what and where. */
static void test_pread_full(void **state)
{
	struct fa_err e;
	char path[256];
	uint8_t buf[16];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/io.bin", fa_test_tmpdir());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	assert_fa_ok(fa_pread_full(fd, buf, 4, 3, "hdr", &e), &e);
	assert_memory_equal(buf, "3456", 4);
	assert_fa_ok(fa_pread_full(fd, buf, 0, 100, "nothing", &e), &e);
	assert_fa_error(fa_pread_full(fd, buf, 8, 6, "PT_NOTE", &e), &e, FA_ETRUNC,
			"PT_NOTE: need 8 bytes at offset 0x6, file ends after 4");
	assert_fa_error(fa_pread_full(fd, buf, 1, 10, "tail", &e), &e, FA_ETRUNC,
			"tail: need 1 bytes at offset 0xa, file ends after 0");
	close(fd);
	/* a descriptor that cannot be read: EIO with the reason */
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_fa_error(fa_pread_full(fd, buf, 4, 0, "input", &e), &e, FA_EIO,
			"input: read at offset 0 failed: Bad file descriptor");
	close(fd);
	unlink(path);
}

static void test_outfile_commit_and_abort(void **state)
{
	struct fa_outfile of;
	struct fa_err e;
	char path[256], again[256];
	struct stat st;
	uint8_t *buf;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.bin", fa_test_tmpdir());
	assert_fa_ok(fa_outfile_open(&of, path, &e), &e);
	assert_int_equal(access(path, F_OK), -1);	/* not visible yet */
	assert_fa_ok(fa_outfile_write(&of, "hello", 5, &e), &e);
	assert_fa_ok(fa_outfile_commit(&of, &e), &e);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_fa_ok(fa_read_file(path, &buf, &len, 1 << 20, &e), &e);
	assert_int_equal(len, 5);
	assert_memory_equal(buf, "hello", 5);
	free(buf);

	snprintf(again, sizeof(again), "%s/aborted.bin", fa_test_tmpdir());
	assert_fa_ok(fa_outfile_open(&of, again, &e), &e);
	assert_fa_ok(fa_outfile_write(&of, "x", 1, &e), &e);
	fa_outfile_abort(&of);
	assert_int_equal(access(again, F_OK), -1);
	assert_fa_error(fa_read_file(again, &buf, &len, 10, &e), &e, FA_EIO,
			"cannot open");
	assert_fa_error(fa_read_file(path, &buf, &len, 2, &e), &e, FA_ERANGE,
			"larger than");
	assert_fa_error(fa_outfile_open(&of, "/nonexistent-dir/x", &e), &e,
			FA_EIO, "cannot create");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endian_golden),
		cmocka_unit_test(test_need),
		cmocka_unit_test(test_pread_full),
		cmocka_unit_test(test_outfile_commit_and_abort),
	};
	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
