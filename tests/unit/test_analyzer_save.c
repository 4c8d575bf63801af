// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_analyzer_save.c - the pieces of "fadump-analyze save" that need no
 * capture root: the phyp-dump release plan (pieces, order, the kernel's
 * one page past each range, refusals) and the real-root sysfs write.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fa_test.h"
#include "save.h"

/* What the model's phyp sample shows in release_region. */
static const char text[] =
	"CPU:0x2ffb0000-0x40020: HPTE:0x2fff0020-0x1000: "
	"DUMP:0x2fff1020-0x10000000, 0x10000000-0x1ffbefe0:\n";

static void test_plan_pieces(void **state)
{
	struct fa_save_release *p;
	struct fa_err e;
	size_t n, i;

	(void)state;
	assert_int_equal(fa_save_phyp_plan(text, strlen(text), 256ULL << 20,
					   &p, &n, &e), 0);
	assert_int_equal(n, 5);
	/* the memory above the RMR first, in 256 MiB pieces */
	assert_int_equal(p[0].addr, 0x10000000);
	assert_int_equal(p[0].len, 0x10000000);
	assert_int_equal(p[1].addr, 0x20000000);
	assert_int_equal(p[1].len, 0xffbefe0);
	/* then the scratch area's sections, by their end */
	assert_int_equal(p[2].addr, 0x2ffb0000);
	assert_int_equal(p[3].addr, 0x2fff0020);
	assert_int_equal(p[4].addr, 0x2fff1020);
	for (i = 0; i < n; i++) {
		/* never before the page after the range is saved too */
		assert_true(p[i].need >= p[i].addr + p[i].len + (64 << 10));
		assert_false(p[i].done);
		if (i)
			assert_true(p[i].need >= p[i - 1].need);
	}
	free(p);
}

static void test_plan_whole(void **state)
{
	struct fa_save_release *p;
	struct fa_err e;
	size_t n;

	(void)state;
	assert_int_equal(fa_save_phyp_plan(text, strlen(text), 0, &p, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_int_equal(p[0].addr, 0x10000000);
	assert_int_equal(p[0].len, 0x1ffbefe0);
	free(p);
}

static void test_plan_refused(void **state)
{
	static const char bad[] = "CPU:0x1-0x2: DUMP: nonsense\n";
	static const char wrap[] =
		"CPU:0x0-0x0: HPTE:0x0-0x0: DUMP:0x0-0x0, "
		"0xffffffffffff0000-0x20000:\n";
	struct fa_save_release *p = (void *)1;
	struct fa_err e;
	size_t n = 7;

	(void)state;
	assert_int_not_equal(fa_save_phyp_plan(bad, strlen(bad), 0, &p, &n, &e), 0);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_int_not_equal(fa_save_phyp_plan(wrap, strlen(wrap), 0, &p, &n, &e), 0);
	assert_null(p);
}

/* A real root: "VALUE\n" in one write; a missing file names itself. */
static void test_real_write(void **state)
{
	char dir[] = "/tmp/fa-save-XXXXXX", path[256], buf[16] = "";
	struct fa_save_sysfs s = { 0 };
	struct fa_err e;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/release_mem", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	s.root = dir;
	assert_int_equal(fa_save_sysfs_write(&s, "release_mem", "1", &e), 0);
	fd = open(path, O_RDONLY);
	assert_int_equal(read(fd, buf, sizeof(buf)), 2);
	close(fd);
	assert_string_equal(buf, "1\n");
	assert_int_equal(fa_save_sysfs_write(&s, "release_core", "1", &e), FA_EIO);
	assert_non_null(strstr(e.msg, "release_core"));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_pieces),
		cmocka_unit_test(test_plan_whole),
		cmocka_unit_test(test_plan_refused),
		cmocka_unit_test(test_real_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
