// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_dump.c - fadump-analyze's dump-open path: the input as a file
 * (ELF vmcore, opalcore or kdump-compressed, detected from the content)
 * through the summary, info --json, regions, cpus and dmesg, as the
 * program runs them.  Their output goes to /dev/null; their error lines
 * to stderr (make fuzz closes it with -close_fd_mask=2).
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		abort();
	return 0;
}

static void run(int (*cmd)(int, char **), const char *name, const char *opt,
		char *path)
{
	char *argv[4];
	int argc = 0;

	argv[argc++] = (char *)name;
	if (opt)
		argv[argc++] = (char *)opt;
	argv[argc++] = path;
	argv[argc] = NULL;
	optind = 0;
	cmd(argc, argv);
	fflush(stdout);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd;

	fd = fuzz_memfd(0, data, size);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	run(cmd_summary, "summary", NULL, path);
	run(cmd_info, "info", "--json", path);
	run(cmd_regions, "regions", NULL, path);
	run(cmd_cpus, "cpus", NULL, path);
	run(cmd_dmesg, "dmesg", NULL, path);
	return 0;
}
