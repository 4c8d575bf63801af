// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * save.c - the pieces of "fadump-analyze save" (see save.h): detection of
 * the capture root, durable copies, the manifest's hashes, the release
 * writes and the phyp-dump release plan.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dump.h"
#include "fa_outfile.h"
#include "ktext.h"
#include "save.h"

extern char **environ;

#define COPY_BUF	(1u << 20)
#define PHYP_PAGE_MAX	(64ULL << 10)

const char *fa_save_kind_name(int kind)
{
	switch (kind) {
	case FA_SAVE_PSERIES:
		return "pSeries FADump";
	case FA_SAVE_POWERNV:
		return "PowerNV FADump";
	case FA_SAVE_PHYP:
		return "phyp dump";
	case FA_SAVE_KDUMP:
		return "kdump vmcore (no FADump)";
	default:
		return "none";
	}
}

static int root_path(const char *root, const char *rel, char *buf,
		     size_t size, struct fa_err *e)
{
	size_t l = strlen(root);
	int n = snprintf(buf, size, "%s%s%s", root,
			 l && root[l - 1] == '/' ? "" : "/", rel);

	if (n < 0 || (size_t)n >= size)
		return fa_err_set(e, FA_ERANGE, "%s: path too long", root);
	return 0;
}

static int root_has(const char *root, const char *rel)
{
	char p[4096];
	struct stat st;

	return !root_path(root, rel, p, sizeof(p), NULL) && !stat(p, &st);
}

/* The first byte of a small sysfs file, or 0. */
static char root_char(const char *root, const char *rel)
{
	char p[4096], c = 0;
	int fd;

	if (root_path(root, rel, p, sizeof(p), NULL))
		return 0;
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c;
}

int fa_save_detect(const char *root, struct fa_save_root *r, struct fa_err *e)
{
	struct fa_err ignore;
	struct stat st;
	int ret;

	memset(r, 0, sizeof(*r));
	r->root = root;
	ret = fa_root_vmcore(root, r->vmcore, sizeof(r->vmcore), e);
	if (ret)
		return ret;
	r->model = root_has(root, ".fadump-kernel/state");
	if (stat(r->vmcore, &st) || S_ISDIR(st.st_mode)) {
		r->kind = FA_SAVE_NONE;
		return 0;
	}
	if (root_has(root, "sys/kernel/release_region"))
		r->kind = FA_SAVE_PHYP;
	else if (!fa_root_opalcore(root, r->opalcore, sizeof(r->opalcore),
				   &ignore))
		r->kind = FA_SAVE_POWERNV;
	else if (root_char(root, "sys/kernel/fadump/enabled") == '1' ||
		 root_char(root, "sys/kernel/fadump_enabled") == '1')
		r->kind = FA_SAVE_PSERIES;
	else
		r->kind = FA_SAVE_KDUMP;
	if (r->kind != FA_SAVE_POWERNV)
		r->opalcore[0] = '\0';
	return 0;
}

const char *fa_save_model_bin(char *buf, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	if (snprintf(buf, size, "%s/fadump-kernel", self) >= (int)size ||
	    access(buf, X_OK))
		return NULL;
	return buf;
}

/* The model: "fadump-kernel sysfs ROOT FILE VALUE", its exit status 0. */
static int model_write(const struct fa_save_sysfs *s, const char *rel,
		       const char *value, struct fa_err *e)
{
	const char *bin = s->model_bin ? s->model_bin : "fadump-kernel";
	char *argv[] = { (char *)bin, (char *)"sysfs", (char *)"--",
			 (char *)s->root, (char *)rel, (char *)value, NULL };
	pid_t pid;
	int st, rc;

	fflush(NULL);
	rc = s->model_bin ? posix_spawn(&pid, bin, NULL, NULL, argv, environ) :
			    posix_spawnp(&pid, bin, NULL, NULL, argv, environ);
	if (rc)
		return fa_err_set(e, FA_EIO, "%s: cannot run %s: %s", rel, bin,
				  strerror(rc));
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return fa_err_errno(e, bin);
	if (WIFEXITED(st) && !WEXITSTATUS(st))
		return 0;
	return fa_err_set(e, FA_EIO, "%s/%s: write of \"%s\" refused: %s sysfs exited with status %d",
			  s->root, rel, value, bin,
			  WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* A real sysfs file: one write() of "VALUE\n", as a shell's echo does. */
static int real_write(const struct fa_save_sysfs *s, const char *rel,
		      const char *value, struct fa_err *e)
{
	char path[4096], buf[256];
	int fd, n, ret = 0;
	ssize_t w;

	if (root_path(s->root, rel, path, sizeof(path), e))
		return FA_ERANGE;
	n = snprintf(buf, sizeof(buf), "%s\n", value);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return fa_err_set(e, FA_EINVAL, "%s: value too long", path);
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return fa_err_errno(e, path);
	w = write(fd, buf, (size_t)n);
	if (w != n)
		ret = w < 0 ? fa_err_errno(e, path) :
			      fa_err_set(e, FA_EIO, "%s: short write (%zd of %d bytes)",
					 path, w, n);
	if (close(fd) && !ret)
		ret = fa_err_errno(e, path);
	return ret;
}

int fa_save_sysfs_write(const struct fa_save_sysfs *s, const char *rel,
			const char *value, struct fa_err *e)
{
	return s->model ? model_write(s, rel, value, e) :
			  real_write(s, rel, value, e);
}

int fa_save_fsync_dir(const char *path, struct fa_err *e)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return fa_err_errno(e, path);
	if (fsync(fd))
		ret = fa_err_errno(e, path);
	close(fd);
	return ret;
}

int fa_save_copy_file(const char *src, const char *dst, int force,
		      struct fa_err *e)
{
	struct fa_outrule rule;
	struct fa_outfile of;
	uint8_t *buf;
	ssize_t n;
	int fd, ret;

	fa_outrule_init(&rule, force);
	if ((ret = fa_outrule_add_input(&rule, src, e)))
		return ret;
	fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fa_err_errno(e, src);
	buf = malloc(COPY_BUF);
	if (!buf) {
		close(fd);
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	ret = fa_outfile_open_rule(&of, dst, &rule, e);
	while (!ret) {
		n = read(fd, buf, COPY_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ret = fa_err_errno(e, src);
		else if (n == 0)
			break;
		else
			ret = fa_outfile_write(&of, buf, (size_t)n, e);
		if (ret)
			fa_outfile_abort(&of);
	}
	if (!ret)
		ret = fa_outfile_commit(&of, e);
	free(buf);
	close(fd);
	return ret;
}

static int list_add(char **list, size_t *len, const char *name,
		    struct fa_err *e)
{
	size_t l = strlen(name) + 1;
	char *p = realloc(*list, *len + l);

	if (!p)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	memcpy(p + *len, name, l);
	*list = p;
	*len += l;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fa_save_copy_tree(const char *src, const char *dst, const char *base,
		      int force, char **list, size_t *len, struct fa_err *e)
{
	char s[4096], d[4096], b[4096];
	char **names = NULL;
	size_t n = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int ret = 0;

	if (mkdir(dst, 0700) && errno != EEXIST)
		return fa_err_errno(e, dst);
	dir = opendir(src);
	if (!dir)
		return fa_err_errno(e, src);
	/* sorted: the manifest lists the files in the same order each time */
	while (!ret && (de = readdir(dir))) {
		char **p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = realloc(names, (n + 1) * sizeof(*names));
		if (!p || !(p[n] = strdup(de->d_name))) {
			names = p ? p : names;
			ret = fa_err_set(e, FA_ENOMEM, "out of memory");
			break;
		}
		names = p;
		n++;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; !ret && i < n; i++) {
		if (snprintf(s, sizeof(s), "%s/%s", src, names[i]) >= (int)sizeof(s) ||
		    snprintf(d, sizeof(d), "%s/%s", dst, names[i]) >= (int)sizeof(d) ||
		    snprintf(b, sizeof(b), "%s/%s", base, names[i]) >= (int)sizeof(b)) {
			ret = fa_err_set(e, FA_ERANGE, "%s: path too long", src);
			break;
		}
		if (lstat(s, &st)) {
			ret = fa_err_errno(e, s);
		} else if (S_ISDIR(st.st_mode)) {
			ret = fa_save_copy_tree(s, d, b, force, list, len, e);
		} else if (S_ISREG(st.st_mode)) {
			ret = fa_save_copy_file(s, d, force, e);
			if (!ret)
				ret = list_add(list, len, b, e);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

int fa_save_hash_file(const char *path, uint64_t *size,
		      char hex[FA_SHA256_HEX_LEN], struct fa_err *e)
{
	uint8_t d[FA_SHA256_LEN], *buf;
	struct fa_sha256 s;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fa_err_errno(e, path);
	buf = malloc(COPY_BUF);
	if (!buf) {
		close(fd);
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	fa_sha256_init(&s);
	*size = 0;
	for (;;) {
		n = read(fd, buf, COPY_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = fa_err_errno(e, path);
			break;
		}
		if (!n)
			break;
		fa_sha256_update(&s, buf, (size_t)n);
		*size += (uint64_t)n;
	}
	fa_sha256_final(&s, d);
	fa_sha256_hex(d, hex);
	free(buf);
	close(fd);
	return ret;
}

static int release_cmp(const void *a, const void *b)
{
	const struct fa_save_release *x = a, *y = b;

	if (x->need != y->need)
		return x->need < y->need ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int plan_add(struct fa_save_release **v, size_t *n, uint64_t addr,
		    uint64_t len, uint64_t need, struct fa_err *e)
{
	struct fa_save_release *p;

	if (!len)
		return 0;
	p = realloc(*v, (*n + 1) * sizeof(**v));
	if (!p)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	p[*n].addr = addr;
	p[*n].len = len;
	p[*n].need = need + PHYP_PAGE_MAX < need ? UINT64_MAX :
		     need + PHYP_PAGE_MAX;
	p[*n].done = 0;
	*v = p;
	(*n)++;
	return 0;
}

/*
 * Every range is needed up to its own end: the memory above the RMR is
 * dumped in place, and the scratch area's sections (CPU state, HPTE, the
 * copy of the RMO) lie at the top of memory, above everything else the
 * vmcore holds, so they wait for the last page.  The RMO copy also feeds
 * the vmcore's first pages ([0, kernel_len)), which lie below its end.
 * The kernel's release_memory_range() frees pfns start..start + nr_pages
 * inclusive: one page past the range, so each range also waits for the
 * page after it (PHYP_PAGE_MAX: the largest page a ppc64 kernel uses).
 */
int fa_save_phyp_plan(const char *text, size_t len, uint64_t chunk,
		      struct fa_save_release **out, size_t *n,
		      struct fa_err *e)
{
	struct fa_phyp_release_region r;
	uint64_t a, end, step, need;
	int ret;

	*out = NULL;
	*n = 0;
	ret = fa_phyp_release_region_parse(text, len, &r, e);
	if (ret)
		return ret;
	end = r.reserve_start + r.second_addr_range;
	if (end < r.reserve_start)
		return fa_err_set(e, FA_ECORRUPT, "release_region: range %#llx + %#llx overflows",
				  (unsigned long long)r.reserve_start,
				  (unsigned long long)r.second_addr_range);
	for (a = r.reserve_start; !ret && a < end; a += step) {
		step = chunk && chunk < end - a ? chunk : end - a;
		ret = plan_add(out, n, a, step, a + step, e);
	}
	need = r.kernel_addr + r.kernel_len;
	if (need < r.kernel_len)
		need = r.kernel_len;
	if (!ret)
		ret = plan_add(out, n, r.cpu_addr, r.cpu_len,
			       r.cpu_addr + r.cpu_len, e);
	if (!ret)
		ret = plan_add(out, n, r.hpte_addr, r.hpte_len,
			       r.hpte_addr + r.hpte_len, e);
	if (!ret)
		ret = plan_add(out, n, r.kernel_addr, r.kernel_len, need, e);
	if (ret) {
		free(*out);
		*out = NULL;
		*n = 0;
		return ret;
	}
	qsort(*out, *n, sizeof(**out), release_cmp);
	return 0;
}
