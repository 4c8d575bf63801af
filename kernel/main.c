// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - the fadump-kernel program: run the FADump kernel model over a
 * simulated machine.
 *
 *   fadump-kernel crash [machine options] [--fault F]... [--mainline-exact]
 *                       [--save-machine FILE] -o ROOT
 *   fadump-kernel register [machine options] [--fault F]...
 *   fadump-kernel sysfs ROOT FILE [VALUE]
 *
 * Exit codes: 0 ok, 1 bad input or refused, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fa_outfile.h"
#include "fadump.h"
#include "fw_opal.h"
#include "fw_rtas.h"
#include "machine.h"
#include "qemu.h"
#include "synth.h"

#define STATE_DIR	".fadump-kernel"
#define MAX_ARGS	4096

static const char usage_text[] =
"usage: fadump-kernel crash [machine options] [--fault F]... [--mainline-exact]\n"
"                           [--save-machine FILE] -o ROOT\n"
"       fadump-kernel register [machine options] [--fault F]...\n"
"       fadump-kernel sysfs ROOT FILE [VALUE]\n"
"       fadump-kernel --help | --version\n"
"machine options: --platform pseries|powernv|phyp --ram SIZE --cpus N\n"
"  --page-size 4K|64K --endian le|be --era 6.10|pre-6.10 --cmdline \"...\"\n"
"  --memmap BASE:SIZE,... --reserved-ranges BASE:SIZE,... --crashing-cpu N\n"
"  --seed N --content zero=P,text=P,struct=P,random=P --vmlinux FILE\n"
"  --firmware powervm|qemu (pseries) --nr-cpus N (CONFIG_NR_CPUS, 2048)\n"
"  --from-qemu GUEST.elf\n"
"  (--platform phyp: the legacy phyp dump; --cmdline \"phyp_dump=1\")\n"
"sysfs files: registered release_mem bootargs_append enabled mem_reserved\n"
"  hotplug_ready fadump_region release_region (phyp) release_core (powernv)\n";

struct run {
	struct machine_config cfg;
	struct fw_rtas_faults faults;
	const char *root;
	const char *save;
	int mainline_exact;
	struct machine *m;
	struct fw_rtas *fw;
	struct fw_opal_faults ofaults;	/* PowerNV firmware */
	struct fw_opal *ofw;
	struct fadump_kernel first, capture;
	int have_capture;
};

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "fadump-kernel: %s\n", msg);
	fputs(usage_text, stderr);
	return 2;
}

/* Parse the options of crash/register; returns 0, 1 (bad value) or 2. */
static int parse_opts(struct run *r, int argc, char **argv, struct fa_err *e)
{
	int i;

	machine_config_init(&r->cfg);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int rc;

		if (!strcmp(a, "--mainline-exact")) {
			r->mainline_exact = 1;
			continue;
		}
		if (strncmp(a, "--", 2) && strcmp(a, "-o"))
			return fa_err_set(e, FA_EINVAL, "unexpected argument \"%s\"", a), 2;
		if (!v)
			return fa_err_set(e, FA_EINVAL, "%s needs a value", a), 2;
		i++;
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			r->root = v;
		} else if (!strcmp(a, "--save-machine")) {
			r->save = v;
		} else if (!strcmp(a, "--fault")) {
			rc = fw_opal_parse_fault(&r->ofaults, v, e);
			if (rc == FA_ENOENT)
				rc = fw_rtas_parse_fault(&r->faults, v, e);
			if (rc)
				return 1;
		} else {
			rc = machine_config_parse_opt(&r->cfg, a + 2, v, e);
			if (rc == FA_ENOENT)
				return 2;
			if (rc)
				return 1;
		}
	}
	return 0;
}

static void print_log(const struct fadump_kernel *k, FILE *f, const char *who)
{
	char *t = klog_text(k, KLOG_INFO);
	char *line, *save = NULL;

	if (!t)
		return;
	for (line = strtok_r(t, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(f, "[%s] %s\n", who, line);
	free(t);
}

static int model_check(struct run *r, struct fadump_kernel *k, struct fa_err *e)
{
	const struct fa_err *fe = r->fw ? fw_rtas_error(r->fw) :
				  r->ofw ? fw_opal_error(r->ofw) : NULL;

	if (fadump_model_failed(k)) {
		*e = k->err;
		return 1;
	}
	if (fe) {
		*e = *fe;
		return 1;
	}
	return 0;
}

/* The platform's firmware model, as the kernel context holds it. */
static void *run_fw(struct run *r)
{
	return r->ofw ? (void *)r->ofw : (void *)r->fw;
}

/* Machine + firmware + first kernel booted and registered. */
static int boot_first(struct run *r, struct fa_err *e)
{
	if (r->cfg.from_qemu[0]) {
		/* a real guest's memory and registers, its own kernel state */
		if (qemu_machine_create(&r->cfg, &r->m, e))
			return 1;
	} else if (machine_create(&r->cfg, &r->m, e) ||
		   synth_populate(r->m, e)) {
		return 1;
	}
	if ((r->cfg.platform == FA_PLAT_PSERIES ||
	     r->cfg.platform == FA_PLAT_PHYP) &&
	    fw_rtas_create(r->m, &r->faults, &r->fw, e))
		return 1;
	if (r->cfg.platform == FA_PLAT_POWERNV &&
	    fw_opal_create(r->m, &r->ofaults, &r->ofw, e))
		return 1;
	fadump_kernel_init(&r->first, r->m, run_fw(r), r->cfg.era,
			   r->cfg.cmdline);
	r->first.mainline_exact = r->mainline_exact;
	if (r->cfg.platform == FA_PLAT_PHYP) {
		fw_rtas_set_phyp(r->fw);
		phyp_dump_boot_first(&r->first);
	} else {
		fadump_boot_first(&r->first);
	}
	return model_check(r, &r->first, e);
}

/* Crash, firmware preservation, capture kernel boot. */
static int crash_and_capture(struct run *r, struct fa_err *e)
{
	if (r->cfg.platform == FA_PLAT_PHYP)
		phyp_dump_crash(&r->first, r->m->panic_msg);
	else
		crash_fadump(&r->first, r->m->crashing_cpu, NULL,
			     r->m->crash_time, r->m->panic_msg);
	if (model_check(r, &r->first, e))
		return 1;
	if (r->save && machine_save(r->m, r->save, e))
		return 1;
	r->capture.mainline_exact = r->mainline_exact;
	if (r->cfg.platform == FA_PLAT_PHYP)
		phyp_dump_boot_capture(&r->capture, r->m, r->fw,
				       r->cfg.cmdline);
	else
		fadump_boot_capture(&r->capture, r->m, run_fw(r), r->cfg.era,
				    r->cfg.cmdline);
	if (r->cfg.platform == FA_PLAT_POWERNV)
		opalcore_init(&r->capture);	/* fs_initcall */
	r->have_capture = 1;
	return model_check(r, &r->capture, e);
}

static void run_free(struct run *r)
{
	fadump_kernel_free(&r->first);
	if (r->have_capture)
		fadump_kernel_free(&r->capture);
	fw_rtas_destroy(r->fw);
	fw_opal_destroy(r->ofw);
	machine_destroy(r->m);
}

/* ROOT/.fadump-kernel/state: the crash arguments, one per line. */
static int save_state(const char *root, int argc, char **argv,
		      struct fa_err *e)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i, ret;

	if (!f)
		return fa_err_errno(e, "state");
	for (i = 0; i < argc; i++)
		fprintf(f, "%s\n", argv[i]);
	fclose(f);
	snprintf(path, sizeof(path), "%s/" STATE_DIR, root);
	if (mkdir(path, 0700) && errno != EEXIST) {
		free(buf);
		return fa_err_errno(e, path);
	}
	snprintf(path, sizeof(path), "%s/" STATE_DIR "/state", root);
	ret = fa_write_file(path, buf, len, e);
	free(buf);
	return ret;
}

static int write_logs(struct run *r, const char *root, struct fa_err *e)
{
	char path[4096];
	char *t;
	int ret;

	snprintf(path, sizeof(path), "%s/" STATE_DIR "/first-kernel.log", root);
	t = klog_text(&r->first, KLOG_DEBUG);
	ret = t ? fa_write_file(path, t, strlen(t), e) : FA_ENOMEM;
	free(t);
	if (ret || !r->have_capture)
		return ret;
	snprintf(path, sizeof(path), "%s/" STATE_DIR "/capture-kernel.log", root);
	t = klog_text(&r->capture, KLOG_DEBUG);
	ret = t ? fa_write_file(path, t, strlen(t), e) : FA_ENOMEM;
	free(t);
	return ret;
}

static int cmd_crash(int argc, char **argv)
{
	struct run r;
	struct fa_err e = { 0, "" };
	int rc;

	memset(&r, 0, sizeof(r));
	rc = parse_opts(&r, argc, argv, &e);
	if (rc == 2)
		return usage(e.msg[0] ? e.msg : NULL);
	if (!rc && !r.root)
		return usage("crash needs -o ROOT");
	if (rc || boot_first(&r, &e) || crash_and_capture(&r, &e) ||
	    mkdir(r.root, 0755) < 0 ? (errno != EEXIST && !e.code ?
				      fa_err_errno(&e, r.root) : e.code) : 0) {
		fprintf(stderr, "fadump-kernel: %s\n", e.msg);
		run_free(&r);
		return 1;
	}
	if (save_state(r.root, argc, argv, &e) ||
	    fadump_capture_root_write(&r.capture, r.root, &e) ||
	    write_logs(&r, r.root, &e)) {
		fprintf(stderr, "fadump-kernel: %s\n", e.msg);
		run_free(&r);
		return 1;
	}
	print_log(&r.first, stdout, "first kernel");
	print_log(&r.capture, stdout, "capture kernel");
	rc = 0;
	if (r.capture.elfcorehdr_addr == ELFCORE_ADDR_MAX ||
	    r.capture.elfcorehdr_addr == ELFCORE_ADDR_ERR) {
		fprintf(stderr, "fadump-kernel: no dump: the capture kernel exports no /proc/vmcore\n");
		rc = 1;
	}
	run_free(&r);
	return rc;
}

static int cmd_register(int argc, char **argv)
{
	struct run r;
	struct fa_err e = { 0, "" };
	char *region;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = parse_opts(&r, argc, argv, &e);
	if (rc == 2)
		return usage(e.msg[0] ? e.msg : NULL);
	if (rc || boot_first(&r, &e)) {
		fprintf(stderr, "fadump-kernel: %s\n", e.msg);
		run_free(&r);
		return 1;
	}
	if (r.cfg.platform == FA_PLAT_PHYP) {
		uint64_t size, start = phyp_dump_reserve_start(&r.first, &size);

		region = NULL;
		printf("scratch area: 0x%llx-0x%llx (%llu bytes)\n",
		       (unsigned long long)start,
		       (unsigned long long)(start + size),
		       (unsigned long long)size);
	} else {
		region = fadump_region_text(&r.first);
		printf("fadump_region:\n%s", region ? region : "");
		printf("mem_reserved: %ld\n",
		       (long)r.first.fw_dump.reserve_dump_area_size);
	}
	printf("registered: %d\n", r.first.fw_dump.dump_registered);
	printf("kernel log:\n");
	print_log(&r.first, stdout, "first kernel");
	free(region);
	rc = r.first.fw_dump.dump_registered ? 0 : 1;
	run_free(&r);
	return rc;
}

/* Read the state file back into an argv (owned by *buf). */
static int load_state(const char *root, char ***args, int *n, uint8_t **buf,
		      struct fa_err *e)
{
	char path[4096];
	size_t len, i;
	char **v;
	int c = 0;

	snprintf(path, sizeof(path), "%s/" STATE_DIR "/state", root);
	if (fa_read_file(path, buf, &len, 1 << 20, e))
		return 1;
	v = calloc(MAX_ARGS + 1, sizeof(*v));
	if (!v)
		return fa_err_set(e, FA_ENOMEM, "out of memory"), 1;
	for (i = 0; i < len && c < MAX_ARGS; ) {
		char *s = (char *)*buf + i;
		char *nl = memchr(s, '\n', len - i);

		if (!nl)
			break;
		*nl = '\0';
		v[c++] = s;
		i = (size_t)(nl - (char *)*buf) + 1;
	}
	*args = v;
	*n = c;
	return 0;
}

/*
 * Record one sysfs write in the state file (the value without the echo's
 * newline) so that the next call replays it.
 */
static int append_write(const char *root, char **args, int n,
			const char *file, const char *value, struct fa_err *e)
{
	char path[4096], *sp = NULL;
	size_t sl = 0;
	FILE *f = open_memstream(&sp, &sl);
	int j, ret;

	if (!f)
		return fa_err_errno(e, "state");
	for (j = 0; j < n; j++)
		fprintf(f, "%s\n", args[j]);
	fprintf(f, "--sysfs-write\n%s\n%s\n", file, value);
	fclose(f);
	snprintf(path, sizeof(path), "%s/" STATE_DIR "/state", root);
	ret = fa_write_file(path, sp, sl, e);
	free(sp);
	return ret;
}

static const char *errno_text(int err)
{
	return strerror(err);
}

static int cmd_sysfs(int argc, char **argv)
{
	char path[4096], **args = NULL;
	const char *root, *file, *rel;
	uint8_t *state = NULL, *content = NULL;
	size_t clen;
	struct run r;
	struct fa_err e = { 0, "" };
	unsigned mode = 0;
	char val[COMMAND_LINE_SIZE + 8];
	int n, i, rc = 1, ret;

	if (argc < 2 || argc > 3)
		return usage("sysfs needs ROOT FILE [VALUE]");
	root = argv[0];
	file = argv[1];
	rel = fadump_sysfs_path(file, &mode);
	if (argc == 2) {
		snprintf(path, sizeof(path), "%s/%s", root, rel ? rel : file);
		/* a platform file named without its directory */
		if (!rel && access(path, F_OK) && !strchr(file, '/'))
			snprintf(path, sizeof(path), "%s/sys/kernel/%s", root,
				 file);
		if (rel && !(mode & 0444)) {
			/* a write-only attribute: kernfs refuses the open */
			fprintf(stderr, "fadump-kernel: read error: %s\n",
				errno_text(EACCES));
			return 1;
		}
		if (fa_read_file(path, &content, &clen, 64 << 20, &e)) {
			fprintf(stderr, "fadump-kernel: %s\n", e.msg);
			return 1;
		}
		fwrite(content, 1, clen, stdout);
		free(content);
		return 0;
	}
	/* not a common file: the platform's hook decides (after the replay) */
	if (!rel)
		rel = file;
	if (load_state(root, &args, &n, &state, &e)) {
		fprintf(stderr, "fadump-kernel: %s\n", e.msg);
		return 1;
	}
	/* state: crash arguments, then "--sysfs-write FILE VALUE" triples */
	for (i = 0; i < n; i++)
		if (!strcmp(args[i], "--sysfs-write"))
			break;
	memset(&r, 0, sizeof(r));
	ret = parse_opts(&r, i, args, &e);
	/* the replay must not rewrite the machine saved by the crash */
	r.save = NULL;
	if (ret || boot_first(&r, &e) || crash_and_capture(&r, &e)) {
		fprintf(stderr, "fadump-kernel: replaying %s: %s\n", root, e.msg);
		goto out;
	}
	for (; i + 2 < n; i += 3)
		fadump_sysfs_store(&r.capture, root, args[i + 1], args[i + 2],
				   strlen(args[i + 2]));
	/* a shell's echo adds the newline */
	snprintf(val, sizeof(val), "%s\n", argv[2]);
	ret = fadump_sysfs_store(&r.capture, root, rel, val, strlen(val));
	if (ret == -ENOENT) {
		fprintf(stderr, "fadump-kernel: write error: %s\n",
			errno_text(ENOENT));
		goto out;
	}
	if (append_write(root, args, n, rel, argv[2], &e)) {
		fprintf(stderr, "fadump-kernel: %s\n", e.msg);
		goto out;
	}
	if (fadump_capture_root_write(&r.capture, root, &e) ||
	    write_logs(&r, root, &e)) {
		fprintf(stderr, "fadump-kernel: %s\n", e.msg);
		goto out;
	}
	if (ret < 0) {
		fprintf(stderr, "fadump-kernel: write error: %s\n",
			errno_text(-ret));
		goto out;
	}
	rc = 0;
out:
	run_free(&r);
	free(args);
	free(state);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(NULL);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("fadump-kernel %s\n", FA_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "crash"))
		return cmd_crash(argc - 2, argv + 2);
	if (!strcmp(argv[1], "register"))
		return cmd_register(argc - 2, argv + 2);
	if (!strcmp(argv[1], "sysfs"))
		return cmd_sysfs(argc - 2, argv + 2);
	return usage("unknown command");
}
