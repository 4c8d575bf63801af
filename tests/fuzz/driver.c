// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * driver.c - a stand-in for libFuzzer's main() where clang's libFuzzer is
 * not used (gcc builds): run LLVMFuzzerTestOneInput() once on each file
 * named on the command line, or on each file inside a named directory.
 * A sanitizer report or a crash aborts the run; an input that takes
 * longer than FUZZ_TIMEOUT seconds (default 10) is reported and fails.
 *
 *   fuzz_NAME [-q] FILE|DIR...
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#pragma weak LLVMFuzzerInitialize

static const char *current;
static unsigned int timeout_s = 10;

static void on_alarm(int sig)
{
	static const char msg[] = "fuzz driver: timeout on input ";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0 ||
	    write(2, current, strlen(current)) < 0 || write(2, "\n", 1) < 0)
		_exit(3);
	_exit(3);
}

static int run_file(const char *path, int quiet)
{
	uint8_t *buf = NULL, *exact;
	size_t len = 0, cap = 0;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz driver: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				fprintf(stderr, "fuzz driver: %s: out of memory\n",
					path);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	if (!quiet)
		fprintf(stderr, "fuzz driver: running %s (%zu bytes)\n", path,
			len);
	/* Exactly len bytes, as libFuzzer passes them: ASan sees overreads. */
	exact = realloc(buf, len ? len : 1);
	if (exact)
		buf = exact;
	current = path;
	alarm(timeout_s);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	alarm(0);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, int quiet, unsigned long *count)
{
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	int rc = 0;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "fuzz driver: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*names));
			if (!nn)
				break;
			names = nn;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			break;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!rc && run_file(path, quiet) < 0)
			rc = -1;
		else if (!rc)
			(*count)++;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	const char *env;
	int i, quiet = 0, rc = 0;
	struct stat st;

	env = getenv("FUZZ_TIMEOUT");
	if (env && atoi(env) > 0)
		timeout_s = (unsigned int)atoi(env);
	signal(SIGALRM, on_alarm);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc && !rc; i++) {
		if (!strcmp(argv[i], "-q")) {
			quiet = 1;
			continue;
		}
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "fuzz driver: %s: %s\n", argv[i],
				strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = run_dir(argv[i], quiet, &count);
		} else if (run_file(argv[i], quiet) == 0) {
			count++;
		} else {
			rc = -1;
		}
	}
	if (rc)
		return 1;
	fprintf(stderr, "fuzz driver: %lu inputs ran\n", count);
	return 0;
}
