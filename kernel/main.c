// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - the fadump-kernel program: run the FADump kernel model over a
 * simulated machine.
 *
 *   fadump-kernel crash [machine options] [--fault F]... [--mainline-exact]
 *                       [--save-machine FILE] -o ROOT
 *   fadump-kernel register [machine options] [--fault F]... [--mainline-exact]
 *   fadump-kernel sysfs [--] ROOT FILE [VALUE]
 *   (each also -h/--help and -V/--version)
 *
 * Exit codes: 0 ok, 1 bad input or refused, 2 usage (a bad option value
 * included).
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
"usage: fadump-kernel crash [MACHINE OPTIONS] [--fault F]... [--mainline-exact]\n"
"                           [--save-machine FILE] -o ROOT\n"
"       fadump-kernel register [MACHINE OPTIONS] [--fault F]... [--mainline-exact]\n"
"       fadump-kernel sysfs [--] ROOT FILE [VALUE]\n"
"       fadump-kernel -h|--help | -V|--version\n"
"\n"
"Run the Linux powerpc FADump kernel model over a simulated machine.\n"
"  crash     boot, register, crash, preserve, boot the capture kernel, write ROOT\n"
"  register  boot the first kernel and register; print fadump_region\n"
"  sysfs     read a file of a capture root, or write VALUE to it\n"
"\n"
"'fadump-kernel COMMAND --help' describes each command and its options.\n"
"Exit status: 0 ok, 1 bad input, refused or no dump, 2 usage error.\n";

static const char crash_usage[] =
"usage: fadump-kernel crash [MACHINE OPTIONS] [--fault F]... [--mainline-exact]\n"
"                           [--save-machine FILE] -o ROOT\n"
"\n"
"Boot the first kernel (boot memory sizing, reservation, registration), crash\n"
"it, let the firmware model preserve memory, boot the capture kernel and write\n"
"its view under ROOT (proc/vmcore, proc/device-tree, sys/...).  Both kernel\n"
"logs are printed and kept in ROOT/.fadump-kernel/.\n"
"\n"
"  -o, --output ROOT        the capture root to write (required)\n"
"      --save-machine FILE  write the machine's memory as firmware left it\n"
"                           (an ELF core)\n";

static const char register_usage[] =
"usage: fadump-kernel register [MACHINE OPTIONS] [--fault F]... [--mainline-exact]\n"
"\n"
"Boot the first kernel and register FADump; print fadump_region, mem_reserved,\n"
"registered and the kernel log (--platform phyp: the scratch area).\n"
"Exit status 1 when nothing was registered.\n"
"\n";

static const char model_usage[] =
"      --fault F            inject a firmware fault (repeatable); pSeries and\n"
"                           phyp: register-rc=N busy=N section-error=I[:FLAGS]\n"
"                           short-copy=I[:BYTES] missing-cpu=N extra-cpu=N\n"
"                           bad-magic bad-cpustrt status-error no-dump\n"
"                           cpu-size=N hpte-size=N; PowerNV: table-full=N\n"
"                           add-range-rc=RC[:I] cpu-data=invalid|short|none\n"
"                           inactive-cores=N inactive-core=C\n"
"                           missing-crashing-pir no-opal-dump mpipl-rc=RC\n"
"                           opal-crash\n"
"      --mainline-exact     cut the whole reserved area out of the vmcore, as\n"
"                           mainline Linux does\n"
"  -h, --help               print this help and exit\n"
"  -V, --version            print the version and exit\n"
"\n"
"Machine options (default in brackets):\n"
"      --platform pseries|powernv|phyp            [pseries]\n"
"      --ram SIZE           RAM from 0, 4 KiB-aligned, K/M/G/T suffix [4G]\n"
"      --memmap BASE:SIZE,...  the memory ranges instead of [0, --ram)\n"
"      --reserved-ranges BASE:SIZE,...  firmware reserved-ranges (device tree)\n"
"      --cpus N             1..2048 [4]\n"
"      --crashing-cpu N     the CPU that panics, or -1 for one chosen by --seed\n"
"      --page-size 4K|64K   [64K]\n"
"      --endian le|be       the first kernel's byte order [le]\n"
"      --era 6.10|pre-6.10  kernel generation (also --kernel-era) [6.10]\n"
"      --printk lockless|records|plain  the kernel log: the 5.10+ ring, the\n"
"                           3.5-5.9 struct printk_log records, or the older\n"
"                           character buffer [plain for phyp, else lockless]\n"
"      --mem-model flat|sparse  FLATMEM (mem_map, no struct pages), or\n"
"                           SPARSEMEM_EXTREME with a vmemmap on a hash MMU:\n"
"                           mem_section, vmemmap_list and a struct page per\n"
"                           pfn classed from its content [flat]\n"
"      --firmware powervm|qemu  the pSeries firmware: PowerVM's sizes, or QEMU's\n"
"                           spapr FADump [powervm]\n"
"      --nr-cpus N          the kernels' CONFIG_NR_CPUS, sizing the crash-info\n"
"                           header's CPU mask [2048]\n"
"      --cmdline TEXT       the first kernel's command line (fadump=on,\n"
"                           crashkernel=, fadump_reserve_mem=, mem=;\n"
"                           phyp_dump=1 for --platform phyp) [empty]\n"
"      --seed N             seed of the synthetic memory content [1]\n"
"      --content zero=P,text=P,struct=P,random=P  page mix in percent,\n"
"                           summing to 100 [40,20,30,10]\n"
"      --vmlinux FILE       the kernel image (none: no image) [the mini kernel]\n"
"      --from-qemu GUEST.elf  a QEMU guest memory dump instead of synthetic\n"
"                           memory (needs --vmlinux)\n"
"Options take their value as the next argument or after '='.\n";

static const char sysfs_usage[] =
"usage: fadump-kernel sysfs [--] ROOT FILE [VALUE]\n"
"\n"
"Read FILE of the capture root ROOT, or write VALUE to it as 'echo VALUE >\n"
"FILE' would: the kernel model replays ROOT/.fadump-kernel/state, applies the\n"
"write with the kernel's semantics and rewrites ROOT.  A refused write prints\n"
"'write error: <errno text>' and exits 1.  Put '--' before a VALUE that starts\n"
"with '-' (a negative number needs none).\n"
"\n"
"Files: registered release_mem bootargs_append enabled mem_reserved\n"
"  hotplug_ready fadump_region, the compat names fadump_enabled\n"
"  fadump_registered fadump_release_mem; release_region (phyp),\n"
"  release_core (PowerNV), or a path relative to ROOT.\n"
"\n"
"  -h, --help               print this help and exit\n"
"  -V, --version            print the version and exit\n";

/* What option parsing asks of the caller besides running the command. */
enum {
	OPTS_OK = 0,
	OPTS_USAGE = 2,		/* e holds the line; exit 2 with a hint */
	OPTS_BAD_VALUE,		/* e holds the line; exit 2, no hint */
	OPTS_HELP,
	OPTS_VERSION,
};

struct run {
	struct machine_config cfg;
	struct fw_rtas_faults faults;
	const char *root;
	const char *save;
	int mainline_exact;
	int registering;	/* parsing for register: no -o, --save-machine */
	struct machine *m;
	struct fw_rtas *fw;
	struct fw_opal_faults ofaults;	/* PowerNV firmware */
	struct fw_opal *ofw;
	struct fadump_kernel first, capture;
	int have_capture;
};

/* A usage error: one line, then where to read more; exit status 2. */
static int usage(const char *cmd, const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "fadump-kernel: %s\n", msg);
	fprintf(stderr, "Try 'fadump-kernel%s%s --help' for more information.\n",
		cmd ? " " : "", cmd ? cmd : "");
	return 2;
}

static int print_help(const char *cmd)
{
	if (!cmd) {
		fputs(usage_text, stdout);
	} else if (!strcmp(cmd, "sysfs")) {
		fputs(sysfs_usage, stdout);
	} else {
		fputs(strcmp(cmd, "crash") ? register_usage : crash_usage,
		      stdout);
		fputs(model_usage, stdout);
	}
	return 0;
}

static int print_version(void)
{
	printf("fadump-kernel %s\n", FA_VERSION);
	return 0;
}

/* The outcome of parse_opts() or sysfs_opts() as an exit status. */
static int opts_exit(int rc, const char *cmd, const struct fa_err *e)
{
	switch (rc) {
	case OPTS_HELP:
		return print_help(cmd);
	case OPTS_VERSION:
		return print_version();
	case OPTS_BAD_VALUE:
		fflush(stdout);
		fprintf(stderr, "fadump-kernel: %s\n", e->msg);
		return 2;
	default:
		return usage(cmd, e->msg);
	}
}

/* An option of crash/register that takes a value (its name without "--"). */
static int takes_value(const struct run *r, const char *name)
{
	if (!strcmp(name, "output") || !strcmp(name, "save-machine"))
		return !r->registering;
	return !strcmp(name, "fault") || machine_config_has_opt(name);
}

/* Apply one option of crash/register with its value. */
static int apply_opt(struct run *r, const char *name, const char *v,
		     struct fa_err *e)
{
	int rc;

	if (!strcmp(name, "output")) {
		r->root = v;
	} else if (!strcmp(name, "save-machine")) {
		r->save = v;
	} else if (!strcmp(name, "fault")) {
		rc = fw_opal_parse_fault(&r->ofaults, v, e);
		if (rc == FA_ENOENT)
			rc = fw_rtas_parse_fault(&r->faults, v, e);
		if (rc)
			return OPTS_BAD_VALUE;
	} else if (machine_config_parse_opt(&r->cfg, name, v, e)) {
		return OPTS_BAD_VALUE;
	}
	return OPTS_OK;
}

/*
 * @a, an option no command has its own meaning for: -h/--help or
 * -V/--version, which every command takes, or else an unknown option (the
 * message in @e).  Returns OPTS_HELP, OPTS_VERSION or OPTS_USAGE.
 */
static int common_opt(const char *a, struct fa_err *e)
{
	const char *name = a + 2;
	size_t nl = strcspn(name, "=");

	if (a[1] != '-') {
		if (a[1] == 'h' || a[1] == 'V')
			return a[1] == 'h' ? OPTS_HELP : OPTS_VERSION;
		return fa_err_set(e, FA_EINVAL, "invalid option -- '%c'", a[1]),
		       OPTS_USAGE;
	}
	if ((nl == 4 && !strncmp(name, "help", 4)) ||
	    (nl == 7 && !strncmp(name, "version", 7))) {
		if (name[nl])
			return fa_err_set(e, FA_EINVAL,
					  "option '--%.*s' doesn't allow an argument",
					  (int)nl, name), OPTS_USAGE;
		return *name == 'h' ? OPTS_HELP : OPTS_VERSION;
	}
	return fa_err_set(e, FA_EINVAL, "unrecognized option '--%.*s'",
			  (int)nl, name), OPTS_USAGE;
}

/* "--name", "--name=VALUE" or "--name VALUE" at argv[*i]. */
static int long_opt(struct run *r, int argc, char **argv, int *i,
		    struct fa_err *e)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	size_t nl = eq ? (size_t)(eq - a) : strlen(a);
	char name[32];

	snprintf(name, sizeof(name), "%.*s", (int)nl, a);
	if (!strcmp(name, "mainline-exact")) {
		if (eq)
			return fa_err_set(e, FA_EINVAL,
					  "option '--%s' doesn't allow an argument",
					  name), OPTS_USAGE;
		r->mainline_exact = 1;
		return OPTS_OK;
	}
	if (nl >= sizeof(name) || !takes_value(r, name))
		return common_opt(argv[*i], e);
	if (eq)
		return apply_opt(r, name, eq + 1, e);
	if (*i + 1 == argc)
		return fa_err_set(e, FA_EINVAL,
				  "option '--%s' requires an argument", name),
		       OPTS_USAGE;
	return apply_opt(r, name, argv[++*i], e);
}

/* "-h", "-V", "-o ROOT" or "-oROOT" at argv[*i]. */
static int short_opt(struct run *r, int argc, char **argv, int *i,
		     struct fa_err *e)
{
	const char *a = argv[*i];

	if (a[1] != 'o' || r->registering)
		return common_opt(a, e);
	if (a[2])
		return apply_opt(r, "output", a + 2, e);
	if (*i + 1 == argc)
		return fa_err_set(e, FA_EINVAL,
				  "option requires an argument -- 'o'"),
		       OPTS_USAGE;
	return apply_opt(r, "output", argv[++*i], e);
}

/*
 * Parse the options of crash/register (as GNU getopt_long does, without
 * abbreviations: "--name VALUE", "--name=VALUE", "-o ROOT", "-oROOT"; "--"
 * ends the options).  Returns an OPTS_* value, the message in @e.
 */
static int parse_opts(struct run *r, int argc, char **argv, struct fa_err *e)
{
	int i, rc;

	machine_config_init(&r->cfg);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			if (i + 1 == argc)
				break;
			a = argv[i + 1];	/* an operand: none is taken */
		}
		if (a != argv[i] || a[0] != '-' || !a[1])
			return fa_err_set(e, FA_EINVAL,
					  "unexpected argument '%s'", a),
			       OPTS_USAGE;
		rc = a[1] == '-' ? long_opt(r, argc, argv, &i, e) :
				   short_opt(r, argc, argv, &i, e);
		if (rc)
			return rc;
	}
	return OPTS_OK;
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

/*
 * One line of the state file: "\\" and "\n" escaped, so that a value
 * holding a newline stays one value when it is read back.
 */
static void put_state_line(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('\n', f);
}

/* put_state_line() undone in place. */
static void unescape_state_line(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '\\' && (s[1] == '\\' || s[1] == 'n'))
			*w++ = *++s == 'n' ? '\n' : '\\';
		else
			*w++ = *s;
	}
	*w = '\0';
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
		put_state_line(f, argv[i]);
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
	if (rc)
		return opts_exit(rc, "crash", &e);
	if (!r.root)
		return usage("crash", "crash needs -o ROOT");
	if (boot_first(&r, &e) || crash_and_capture(&r, &e) ||
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
	r.registering = 1;
	rc = parse_opts(&r, argc, argv, &e);
	if (rc)
		return opts_exit(rc, "register", &e);
	if (boot_first(&r, &e)) {
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
		unescape_state_line(s);
		v[c++] = s;
		i = (size_t)(nl - (char *)*buf) + 1;
	}
	*args = v;
	*n = c;
	return 0;
}

/*
 * Record one accepted sysfs write in the state file (the value without
 * the echo's newline) so that the next call replays it.  The file is
 * rewritten whole under a temporary name and renamed (fa_write_file()).
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
		put_state_line(f, args[j]);
	put_state_line(f, "--sysfs-write");
	put_state_line(f, file);
	put_state_line(f, value);
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
		return usage("sysfs", "sysfs needs ROOT FILE [VALUE]");
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
	/* The capture root shows what the write did (a refusal logs too). */
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
	/* Only a write the kernel accepted is replayed by the next call. */
	if (append_write(root, args, n, rel, argv[2], &e)) {
		fprintf(stderr, "fadump-kernel: %s\n", e.msg);
		goto out;
	}
	rc = 0;
out:
	run_free(&r);
	free(args);
	free(state);
	return rc;
}

/*
 * The options of sysfs: -h, -V, and "--" before operands that start with
 * '-' (a negative number is an operand).  The operands are moved to the
 * front of @argv; their number is in *@n.
 */
static int sysfs_opts(int argc, char **argv, int *n, struct fa_err *e)
{
	int i, opts = 1;

	*n = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (opts && !strcmp(a, "--")) {
			opts = 0;
			continue;
		}
		if (!opts || a[0] != '-' || !a[1] ||
		    (a[1] >= '0' && a[1] <= '9')) {
			argv[(*n)++] = argv[i];
			continue;
		}
		return common_opt(a, e);
	}
	return OPTS_OK;
}

int main(int argc, char **argv)
{
	struct fa_err e = { 0, "" };
	const char *cmd = argc > 1 ? argv[1] : "";
	int rc, n;

	if (argc < 2)
		return usage(NULL, "missing command");
	if (!strcmp(cmd, "crash"))
		return cmd_crash(argc - 2, argv + 2);
	if (!strcmp(cmd, "register"))
		return cmd_register(argc - 2, argv + 2);
	if (!strcmp(cmd, "sysfs")) {
		rc = sysfs_opts(argc - 2, argv + 2, &n, &e);
		return rc ? opts_exit(rc, "sysfs", &e) : cmd_sysfs(n, argv + 2);
	}
	if (cmd[0] == '-' && cmd[1])
		return opts_exit(common_opt(cmd, &e), NULL, &e);
	fa_err_set(&e, FA_EINVAL, "unknown command '%s'", cmd);
	return usage(NULL, e.msg);
}
