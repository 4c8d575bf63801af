// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_open_format.c - the format table every way into a dump goes
 * through (dump.h): each format's probe on its own first bytes (ELF of
 * both byte orders, kdump-compressed, flattened, capture root), inputs
 * that are cut short, of a byte order no reader knows, or unknown, and the
 * one place "ROOT/proc/vmcore" is built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diskdump.h"
#include "dump.h"
#include "fa_outfile.h"
#include "fa_test.h"
#include "flattened.h"

static void set(struct fa_dump_probe *p, const void *buf, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->st.st_mode = S_IFREG | 0600;
	memcpy(p->buf, buf, len);
	p->len = len;
}

/* The entry @p probes as, or -1 (then @e says why). */
static int format_of(const struct fa_dump_probe *p, struct fa_err *e)
{
	const struct fa_dump_ops *ops = fa_dump_probe(p, e);

	return ops ? ops->format : -1;
}

static void elf_ident(uint8_t *b, int data)
{
	memset(b, 0, 64);
	memcpy(b, "\177ELF", 4);
	b[4] = 2;			/* ELFCLASS64 */
	b[5] = (uint8_t)data;		/* ELFDATA2LSB 1, ELFDATA2MSB 2 */
	b[6] = 1;
}

static void test_probe_each_format(void **state)
{
	struct fa_dump_probe p;
	struct fa_err e;
	uint8_t b[64];

	(void)state;
	elf_ident(b, 1);
	set(&p, b, sizeof(b));
	assert_int_equal(format_of(&p, &e), FA_DUMP_ELF);
	elf_ident(b, 2);
	set(&p, b, sizeof(b));
	assert_int_equal(format_of(&p, &e), FA_DUMP_ELF);

	memset(b, 0, sizeof(b));
	memcpy(b, FA_KDUMP_SIGNATURE, FA_SIG_LEN);
	set(&p, b, sizeof(b));
	assert_int_equal(format_of(&p, &e), FA_DUMP_KDUMP);
	memcpy(b, FA_DISKDUMP_SIGNATURE, FA_SIG_LEN);
	set(&p, b, sizeof(b));
	assert_int_equal(format_of(&p, &e), FA_DUMP_KDUMP);

	memset(b, 0, sizeof(b));
	memcpy(b, FA_FLAT_SIGNATURE, sizeof(FA_FLAT_SIGNATURE));
	set(&p, b, FA_FLAT_SIG_LEN);
	assert_int_equal(format_of(&p, &e), FA_DUMP_FLAT);

	memset(&p, 0, sizeof(p));
	p.st.st_mode = S_IFDIR | 0700;
	assert_int_equal(format_of(&p, &e), FA_DUMP_ROOT);

	assert_string_equal(fa_dump_format_name(FA_DUMP_ELF), "ELF vmcore");
	assert_string_equal(fa_dump_format_name(FA_DUMP_KDUMP),
			    "kdump-compressed");
	assert_string_equal(fa_dump_format_name(FA_DUMP_OPALCORE), "opalcore");
	assert_string_equal(fa_dump_format_name(FA_DUMP_FLAT),
			    "flattened stream");
	assert_string_equal(fa_dump_format_name(FA_DUMP_ROOT), "capture root");
	assert_string_equal(fa_dump_format_name(99), "unknown");
}

static void test_probe_short_and_unknown(void **state)
{
	struct fa_dump_probe p;
	struct fa_err e;
	uint8_t b[64];

	(void)state;
	set(&p, "", 0);
	assert_int_equal(format_of(&p, &e), -1);
	assert_int_equal(e.code, FA_EMAGIC);
	assert_non_null(strstr(e.msg, "empty file: expected an ELF vmcore"));

	/* Every signature cut one byte short is no format. */
	set(&p, "\177EL", 3);
	assert_int_equal(format_of(&p, &e), -1);
	assert_non_null(strstr(e.msg, "found 7f 45 4c 00"));
	set(&p, FA_KDUMP_SIGNATURE, FA_SIG_LEN - 1);
	assert_int_equal(format_of(&p, &e), -1);
	set(&p, FA_FLAT_SIGNATURE, sizeof(FA_FLAT_SIGNATURE) - 1);
	assert_int_equal(format_of(&p, &e), -1);

	memset(b, 'z', sizeof(b));
	set(&p, b, sizeof(b));
	assert_int_equal(format_of(&p, &e), -1);
	assert_int_equal(e.code, FA_EMAGIC);
	assert_non_null(strstr(e.msg, "not a dump: expected an ELF or kdump-compressed signature at offset 0, found 7a 7a 7a 7a"));
}

static char *write_tmp(const char *name, const void *buf, size_t len)
{
	char *path;
	struct fa_err e;

	assert_true(asprintf(&path, "%s/%s", fa_test_tmpdir(), name) > 0);
	unlink(path);
	assert_fa_ok(fa_write_file(path, buf, len, &e), &e);
	return path;
}

/* Opening: what each entry's open() refuses, one line each. */
static void test_open_refusals(void **state)
{
	uint8_t b[FA_DISKDUMP_HDR_SIZE + 64];
	struct fa_dump *d = NULL;
	struct fa_err e;
	char *path;

	(void)state;
	/* An ELF of neither byte order. */
	elf_ident(b, 3);
	path = write_tmp("elf3", b, 64);
	assert_fa_error(fa_dump_open(path, 0, &d, &e), &e, FA_EENDIAN,
			"EI_DATA) 3 at offset 5, expected 1 or 2");
	assert_null(d);
	free(path);

	/* A kdump header no byte order makes sense of. */
	memset(b, 0xff, sizeof(b));
	memcpy(b, FA_KDUMP_SIGNATURE, FA_SIG_LEN);
	path = write_tmp("kdump-endian", b, sizeof(b));
	assert_fa_error(fa_dump_open(path, 0, &d, &e), &e, FA_EENDIAN,
			"no 64-bit byte order gives a plausible block_size");
	free(path);

	/* A kdump header cut short. */
	path = write_tmp("kdump-short", b, 100);
	assert_fa_error(fa_dump_open(path, 0, &d, &e), &e, FA_ETRUNC,
			"disk_dump_header");
	free(path);

	/* A flattened stream: the readers send it to a rebuild. */
	memset(b, 0, sizeof(b));
	memcpy(b, FA_FLAT_SIGNATURE, sizeof(FA_FLAT_SIGNATURE));
	path = write_tmp("flat", b, sizeof(b));
	assert_fa_error(fa_dump_open(path, 0, &d, &e), &e, FA_EUNSUP,
			FA_DUMP_FLAT_REFUSED);
	free(path);
}

static void test_root_vmcore(void **state)
{
	char buf[64], big[5000];
	struct fa_err e;
	struct stat st;
	char *dir;

	(void)state;
	assert_fa_ok(fa_root_vmcore("root", buf, sizeof(buf), &e), &e);
	assert_string_equal(buf, "root/proc/vmcore");
	assert_fa_ok(fa_root_vmcore("root//", buf, sizeof(buf), &e), &e);
	assert_string_equal(buf, "root/proc/vmcore");
	assert_fa_ok(fa_root_vmcore("/", buf, sizeof(buf), &e), &e);
	assert_string_equal(buf, "/proc/vmcore");
	assert_fa_error(fa_root_vmcore("a-long-root-name", buf, 20, &e), &e,
			FA_ERANGE, "path too long");

	/*
	 * fa_dump_file(): a directory is a capture root when it has
	 * proc/vmcore, a file is itself.
	 */
	assert_true(asprintf(&dir, "%s/aroot/", fa_test_tmpdir()) > 0);
	mkdir(dir, 0700);
	assert_fa_error(fa_dump_file(dir, big, sizeof(big), &e), &e, FA_ENOENT,
			"aroot/: a directory, but not a capture root: no proc/vmcore in it");
	snprintf(big, sizeof(big), "%sproc", dir);
	mkdir(big, 0700);
	snprintf(big, sizeof(big), "%sproc/vmcore", dir);
	free(write_tmp("aroot/proc/vmcore", "x", 1));
	assert_fa_ok(fa_dump_file(dir, big, sizeof(big), &e), &e);
	assert_non_null(strstr(big, "/aroot/proc/vmcore"));
	assert_null(strstr(big, "//"));
	assert_int_equal(stat(big, &st), 0);
	free(dir);
	assert_fa_ok(fa_dump_file("-", big, sizeof(big), &e), &e);
	assert_string_equal(big, "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_each_format),
		cmocka_unit_test(test_probe_short_and_unknown),
		cmocka_unit_test(test_open_refusals),
		cmocka_unit_test(test_root_vmcore),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
