// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysfs.c - the files a FADump kernel exports under /sys (fadump_init_files)
 * and what a write to each does: the table of paths, modes and compat
 * names, the show text, and the store dispatch with the kernel's errno.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fadump.h"

struct sysfs_file {
	const char *path;	/* root-relative */
	const char *alias;	/* compat name, or NULL */
	unsigned mode;
};

static const struct sysfs_file sysfs_files[] = {
	{ "sys/kernel/fadump/enabled", "sys/kernel/fadump_enabled", 0444 },
	{ "sys/kernel/fadump/registered", "sys/kernel/fadump_registered", 0644 },
	{ "sys/kernel/fadump/mem_reserved", NULL, 0444 },
	{ "sys/kernel/fadump/hotplug_ready", NULL, 0444 },
	{ "sys/kernel/fadump/release_mem", "sys/kernel/fadump_release_mem", 0200 },
	{ "sys/kernel/fadump/bootargs_append", NULL, 0644 },
	{ "sys/kernel/debug/powerpc/fadump_region", NULL, 0444 },
	{ NULL, NULL, 0 },
};

/* Strip a leading "/" and an optional "sys/kernel/" so names match. */
const char *fadump_sysfs_path(const char *file, unsigned *mode)
{
	const struct sysfs_file *f;

	while (*file == '/')
		file++;
	for (f = sysfs_files; f->path; f++) {
		const char *base = strrchr(f->path, '/') + 1;
		const char *fadump_rel = f->path + strlen("sys/kernel/");

		if (!strcmp(file, f->path) || !strcmp(file, base) ||
		    !strcmp(file, fadump_rel) ||
		    (f->alias && (!strcmp(file, f->alias) ||
				  !strcmp(file, f->alias + strlen("sys/kernel/"))))) {
			if (mode)
				*mode = f->mode;
			return f->path;
		}
	}
	return NULL;
}

/* A file the common table does not know: ask the platform. */
static int platform_store(struct fadump_kernel *k, const char *root,
			  const char *file, const char *val, size_t count)
{
	const struct fadump_ops *ops = k->fw_dump.ops;
	int r;

	while (*file == '/')
		file++;
	if (!ops || !ops->fa_sysfs_write)
		return -ENOENT;
	r = ops->fa_sysfs_write(k, root, file, val, count);
	return r == 1 ? -ENOENT : r;
}

int fadump_sysfs_store(struct fadump_kernel *k, const char *root,
		       const char *file, const char *val, size_t count)
{
	const char *p = fadump_sysfs_path(file, NULL);
	long r;

	if (!p)
		return platform_store(k, root, file, val, count);
	p = strrchr(p, '/') + 1;
	if (!strcmp(p, "registered"))
		return fadump_registered_store(k, val);
	if (!strcmp(p, "release_mem"))
		return fadump_release_mem_store(k, val);
	if (!strcmp(p, "bootargs_append")) {
		r = fadump_bootargs_append_store(k, val, count);
		return r < 0 ? (int)r : 0;
	}
	/* read-only attributes: the VFS refuses the open for writing */
	return -EACCES;
}
