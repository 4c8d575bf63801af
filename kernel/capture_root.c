// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * capture_root.c - write the capture kernel's view as a directory tree that
 * mirrors the real paths: proc/vmcore (0600, through fa_outfile),
 * proc/device-tree, sys/kernel/fadump/ files, the compat symlinks and the
 * debugfs fadump_region, with the kernel's exact text.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fa_outfile.h"
#include "fadump.h"

static int mkdirs(const char *root, const char *rel, struct fa_err *e)
{
	char path[4096];
	char *p;

	if (snprintf(path, sizeof(path), "%s/%s", root, rel) >=
	    (int)sizeof(path))
		return fa_err_set(e, FA_EINVAL, "%s/%s: path too long", root, rel);
	for (p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return fa_err_errno(e, path);
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		return fa_err_errno(e, path);
	return 0;
}

static int put_text(const char *root, const char *rel, const char *text,
		    unsigned mode, struct fa_err *e)
{
	char path[4096];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ret = fa_write_file(path, text, strlen(text), e);
	if (!ret && chmod(path, mode))
		ret = fa_err_errno(e, path);
	return ret;
}

static void drop(const char *root, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	unlink(path);
}

static int put_link(const char *root, const char *rel, const char *target,
		    struct fa_err *e)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	unlink(path);
	if (symlink(target, path))
		return fa_err_errno(e, path);
	return 0;
}

/* sys/kernel/fadump/... as fadump_init_files() creates them. */
static int write_sysfs(struct fadump_kernel *k, const char *root,
		       struct fa_err *e)
{
	struct fw_dump *fw = &k->fw_dump;
	char buf[64];
	char *region;
	int ret;

	if (!fw->fadump_supported)
		return 0;
	if ((ret = mkdirs(root, "sys/kernel/fadump", e)) ||
	    (ret = mkdirs(root, "sys/kernel/debug/powerpc", e)))
		return ret;
	snprintf(buf, sizeof(buf), "%d\n", fw->fadump_enabled);
	if ((ret = put_text(root, "sys/kernel/fadump/enabled", buf, 0444, e)))
		return ret;
	snprintf(buf, sizeof(buf), "%d\n", fw->dump_registered);
	if ((ret = put_text(root, "sys/kernel/fadump/registered", buf, 0644, e)))
		return ret;
	snprintf(buf, sizeof(buf), "%ld\n", (long)fw->reserve_dump_area_size);
	if ((ret = put_text(root, "sys/kernel/fadump/mem_reserved", buf, 0444,
			    e)))
		return ret;
	if (k->era != FA_ERA_PRE_6_10 &&
	    (ret = put_text(root, "sys/kernel/fadump/hotplug_ready", "1\n",
			    0444, e)))
		return ret;
	if (k->files_dump_active) {
		if ((ret = put_text(root, "sys/kernel/fadump/release_mem", "",
				    0200, e)) ||
		    (ret = put_link(root, "sys/kernel/fadump_release_mem",
				    "fadump/release_mem", e)))
			return ret;
	}
	if (k->files_param_area) {
		char param[COMMAND_LINE_SIZE + 2];

		memset(param, 0, sizeof(param));
		if (machine_read(k->m, fw->param_area ? fw->param_area :
				 k->files_param_area, param,
				 COMMAND_LINE_SIZE, e))
			return fa_err_prefix(e, "bootargs_append: ");
		param[COMMAND_LINE_SIZE] = '\0';
		strcat(param, "\n");
		if ((ret = put_text(root, "sys/kernel/fadump/bootargs_append",
				    param, 0644, e)))
			return ret;
	}
	if ((ret = put_link(root, "sys/kernel/fadump_enabled",
			    "fadump/enabled", e)) ||
	    (ret = put_link(root, "sys/kernel/fadump_registered",
			    "fadump/registered", e)))
		return ret;
	region = fadump_region_text(k);
	if (!region)
		return fa_err_set(e, FA_ENOMEM, "fadump_region: out of memory");
	ret = put_text(root, "sys/kernel/debug/powerpc/fadump_region", region,
		       0444, e);
	free(region);
	return ret;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int fadump_capture_root_write(struct fadump_kernel *k, const char *root,
			      struct fa_err *e)
{
	char path[4096];
	int ret;

	if ((ret = mkdirs(root, "proc", e)))
		return ret;
	/* properties firmware removed since the last write go too */
	snprintf(path, sizeof(path), "%s/proc/device-tree", root);
	if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		return fa_err_errno(e, path);
	if ((ret = mkdirs(root, "proc/device-tree", e)) ||
	    (ret = machine_dt_write_tree(k->m, path, e)))
		return ret;
	if ((ret = write_sysfs(k, root, e)))
		return ret;
	snprintf(path, sizeof(path), "%s/proc/vmcore", root);
	unlink(path);
	ret = fadump_vmcore_write(k, path, e);
	if (ret == FA_ENOENT)
		ret = 0;
	if (ret)
		return fa_err_prefix(e, "%s: ", path);
	if (k->fw_dump.ops && k->fw_dump.ops->fa_write_root)
		ret = k->fw_dump.ops->fa_write_root(k, root, e);
	(void)drop;
	return ret;
}
