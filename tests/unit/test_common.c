// SPDX-License-Identifier: GPL-2.0-or-later
/* test_common.c - fa_err, fa_endian, fa_io and fa_outfile. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
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

/* A path in a fresh subdirectory of the test's temporary directory. */
static const char *rpath(const char *sub, const char *name)
{
	static char buf[16][512];
	static int k;
	char *p = buf[k++ & 15];

	snprintf(p, 512, "%s/%s", fa_test_tmpdir(), sub);
	mkdir(p, 0700);
	if (name)
		snprintf(p + strlen(p), 512 - strlen(p), "/%s", name);
	return p;
}

/* How many entries @dir holds (the temporaries left behind show here). */
static int entries(const char *dir)
{
	struct dirent *d;
	DIR *dh = opendir(dir);
	int n = 0;

	assert_non_null(dh);
	while ((d = readdir(dh)))
		n += strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
	closedir(dh);
	return n;
}

static void put(const char *path, const char *text)
{
	struct fa_err e;

	assert_fa_ok(fa_write_file(path, text, strlen(text), &e), &e);
}

/* The one output rule: what may be replaced, -f or not. */
static void test_outrule_check(void **state)
{
	const char *in = rpath("rule", "in"), *out = rpath("rule", "out");
	const char *hl = rpath("rule", "hardlink"), *sl = rpath("rule", "link");
	const char *ff = rpath("rule", "fifo"), *dir = rpath("rule", "dir");
	struct fa_outrule keep, force;
	struct fa_err e;

	(void)state;
	put(in, "input");
	assert_int_equal(link(in, hl), 0);
	assert_int_equal(symlink("out", sl), 0);
	assert_int_equal(mkfifo(ff, 0600), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	fa_outrule_init(&keep, 0);
	fa_outrule_init(&force, 1);
	assert_fa_ok(fa_outrule_add_input(&keep, in, &e), &e);
	assert_fa_ok(fa_outrule_add_input(&force, in, &e), &e);
	assert_fa_ok(fa_outrule_add_input(&force, rpath("rule", "absent"), &e), &e);
	assert_int_equal(force.ninputs, 1);

	assert_fa_ok(fa_outrule_check(&keep, out, &e), &e);	/* absent */
	put(out, "old");
	assert_fa_error(fa_outrule_check(&keep, out, &e), &e, FA_EINVAL,
			"exists; not replaced without -f");
	assert_fa_ok(fa_outrule_check(&force, out, &e), &e);
	assert_fa_ok(fa_outrule_check(NULL, out, &e), &e);
	assert_fa_error(fa_outrule_check(&force, sl, &e), &e, FA_EINVAL,
			"is a symbolic link; only a regular file");
	assert_fa_error(fa_outrule_check(NULL, ff, &e), &e, FA_EINVAL,
			"is a FIFO");
	assert_fa_error(fa_outrule_check(&force, dir, &e), &e, FA_EINVAL,
			"is a directory");
	assert_fa_error(fa_outrule_check(&force, "/dev/null", &e), &e,
			FA_EINVAL, "/dev/null: is a character device");
	assert_fa_error(fa_outrule_check(&force, in, &e), &e, FA_EINVAL,
			"is the input; an input is never replaced");
	assert_fa_error(fa_outrule_check(&force, hl, &e), &e, FA_EINVAL,
			"is the same file as the input");

	/* The open refuses at once and leaves no temporary. */
	struct fa_outfile of;

	assert_fa_error(fa_outfile_open_rule(&of, hl, &force, &e), &e,
			FA_EINVAL, "same file as the input");
	assert_fa_error(fa_outfile_open_rule(&of, sl, &force, &e), &e,
			FA_EINVAL, "symbolic link");
	assert_int_equal(entries(rpath("rule", NULL)), 6);
}

/* What appears under OUT while it is written is not replaced either. */
static void test_outfile_commit_rechecks(void **state)
{
	const char *out = rpath("race", "out"), *sl = rpath("race", "sl");
	struct fa_outrule keep;
	struct fa_outfile of;
	struct stat st;
	struct fa_err e;
	uint8_t *buf;
	size_t len;

	(void)state;
	fa_outrule_init(&keep, 0);
	assert_fa_ok(fa_outfile_open_rule(&of, out, &keep, &e), &e);
	assert_fa_ok(fa_outfile_write(&of, "new", 3, &e), &e);
	put(out, "theirs");
	assert_fa_error(fa_outfile_commit(&of, &e), &e, FA_EINVAL,
			"exists; not replaced without -f");
	assert_fa_ok(fa_read_file(out, &buf, &len, 64, &e), &e);
	assert_string_equal((char *)buf, "theirs");
	free(buf);
	assert_int_equal(entries(rpath("race", NULL)), 1);

	/* The default rule replaces a regular file, never a link. */
	assert_fa_ok(fa_outfile_open(&of, sl, &e), &e);
	assert_int_equal(symlink("out", sl), 0);
	assert_fa_error(fa_outfile_commit(&of, &e), &e, FA_EINVAL,
			"symbolic link");
	assert_int_equal(lstat(sl, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(entries(rpath("race", NULL)), 2);
}

/* A directory written whole: split's output. */
static void test_outdir(void **state)
{
	static const char *const own[] = { "a.bin", "manifest.json", NULL };
	const char *dir = rpath("od", "DIR"), *in = rpath("od", "in");
	char p[600];
	struct fa_outrule keep, force;
	struct fa_outdir od;
	struct stat st;
	struct fa_err e;
	uint8_t *buf;
	size_t len;

	(void)state;
	put(in, "input");
	fa_outrule_init(&keep, 0);
	fa_outrule_init(&force, 1);
	assert_fa_ok(fa_outrule_add_input(&force, in, &e), &e);

	assert_fa_ok(fa_outdir_open(&od, dir, &keep, own, &e), &e);
	assert_int_equal(access(dir, F_OK), -1);	/* not visible yet */
	assert_int_equal(stat(od.tmp, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(p, sizeof(p), "%s/a.bin", od.tmp);
	put(p, "one");
	assert_fa_ok(fa_outdir_commit(&od, &e), &e);
	assert_int_equal(entries(rpath("od", NULL)), 2);	/* in, DIR */

	/* A rerun: refused without -f, DIR untouched. */
	assert_fa_error(fa_outdir_open(&od, dir, &keep, own, &e), &e,
			FA_EINVAL, "exists and is not empty; not replaced without -f");
	/* With -f: exchanged whole, the old files gone. */
	assert_fa_ok(fa_outdir_open(&od, dir, &force, own, &e), &e);
	snprintf(p, sizeof(p), "%s/manifest.json", od.tmp);
	put(p, "two");
	assert_fa_ok(fa_outdir_commit(&od, &e), &e);
	assert_int_equal(entries(dir), 1);
	snprintf(p, sizeof(p), "%s/manifest.json", dir);
	assert_fa_ok(fa_read_file(p, &buf, &len, 64, &e), &e);
	assert_string_equal((char *)buf, "two");
	free(buf);
	assert_int_equal(entries(rpath("od", NULL)), 2);

	/* A name split does not write, or the input, keeps DIR. */
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	put(p, "mine");
	assert_fa_error(fa_outdir_open(&od, dir, &force, own, &e), &e,
			FA_EINVAL, "holds notes.txt, which this command does not write");
	unlink(p);
	snprintf(p, sizeof(p), "%s/a.bin", dir);
	assert_int_equal(link(in, p), 0);
	assert_fa_error(fa_outdir_open(&od, dir, &force, own, &e), &e,
			FA_EINVAL, "holds a.bin, which is the input");
	assert_fa_error(fa_outdir_open(&od, in, &force, own, &e), &e,
			FA_EINVAL, "is a regular file, not a directory");

	/* Abort, and the signal path, leave nothing behind. */
	assert_fa_ok(fa_outdir_open(&od, rpath("od", "NEW"), &keep, own, &e), &e);
	snprintf(p, sizeof(p), "%s/a.bin", od.tmp);
	put(p, "x");
	fa_outdir_abort(&od);
	assert_int_equal(entries(rpath("od", NULL)), 2);
	assert_fa_ok(fa_outdir_open(&od, rpath("od", "NEW"), &keep, own, &e), &e);
	snprintf(p, sizeof(p), "%s/a.bin", od.tmp);
	put(p, "x");
	fa_outfile_abort_all();
	assert_int_equal(entries(rpath("od", NULL)), 2);
	fa_outdir_abort(&od);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endian_golden),
		cmocka_unit_test(test_need),
		cmocka_unit_test(test_pread_full),
		cmocka_unit_test(test_outfile_commit_and_abort),
		cmocka_unit_test(test_outrule_check),
		cmocka_unit_test(test_outfile_commit_rechecks),
		cmocka_unit_test(test_outdir),
	};
	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
