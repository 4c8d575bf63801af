// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_info.c - `fadump-analyze info DUMP` and the summary printed by
 * `fadump-analyze DUMP`: what kind of dump, which kernel, when, which CPU
 * crashed and why.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cpustate.h"
#include "elfnote.h"
#include "kfwdump.h"
#include "printk.h"
#include "prstatus.h"
#include "regions.h"
#include "regs.h"
#include "report.h"
#include "symbolize.h"

#define KV_COL		16
#define PANIC_MAX	240
#define BANNER_COL	(80 - KV_COL)

/* Everything info and the summary say, gathered once. */
struct facts {
	const char *type_id;		/* JSON: "fadump-pseries", ... */
	char type[96];			/* human */
	const char *era_id;		/* "6.10+", "pre-6.10", "phyp" or NULL */
	char era_why[128];		/* era from OSRELEASE: why; "" if not */
	char type_why[256];		/* FADump known from the log: why */
	int log_registered;		/* "rtas fadump: Registration is successful!" */
	int have_log_resv;
	uint64_t log_resv;		/* "fadump: Reserved NMB of memory at 0x..." */
	const char *osrelease;
	char *banner;			/* "Linux version ..." record, owned */
	char *panic;			/* panic / Oops record, owned */
	char log_err[FA_ERR_MSG_MAX];	/* why the log is unreadable; "" if read */
	int have_time;
	int64_t crashtime;
	int have_cpu;
	uint32_t cpu;
	int cpu_is_pir;
	const char *cpu_src;
	const char *cpu_unknown_why;	/* with !have_cpu, or NULL */
	int have_regs;
	uint64_t nip, lr;
	const char *regs_src;		/* when not the cpu_src's own, or NULL */
	long notes_threads;		/* NT_PRSTATUS notes, -1 unknown */
	long regsave_threads;		/* REGSAVE NumCpus, -1 unknown */
	long online_threads;		/* crash-info cpu_mask, -1 unknown */
	uint64_t dump_memory;		/* bytes of memory the dump describes */
};

static void dump_type(const struct fa_session *s, struct facts *f)
{
	const struct fa_dump *d = s->d;
	const char *fmt = fa_dump_format_name(d->format);

	if (d->format == FA_DUMP_OPALCORE) {
		f->type_id = "opalcore";
		snprintf(f->type, sizeof(f->type), "PowerNV opalcore (%s)",
			 fa_dump_machine_name(d));
		return;
	}
	switch (s->fw.platform) {
	case FA_FW_PSERIES:
		f->type_id = "fadump-pseries";
		break;
	case FA_FW_OPAL:
		f->type_id = "fadump-powernv";
		break;
	case FA_FW_PHYP:
		f->type_id = "phyp";
		break;
	case FA_FW_UNKNOWN:
		f->type_id = "fadump";
		break;
	default:
		f->type_id = "kdump";
		break;
	}
	snprintf(f->type, sizeof(f->type), "%s, %s (%s)",
		 fa_fw_platform_name(s->fw.platform), fmt,
		 fa_dump_machine_name(d));
}

static void count_notes(const struct fa_dump *d, struct facts *f)
{
	struct fa_note n;
	struct fa_err e;
	size_t pos = 0;
	long c = 0;

	while (fa_note_next(d->notes, d->notes_len, d->byteorder, &pos, &n,
			    &e) == 1)
		if (n.type == FA_NT_PRSTATUS && fa_note_name_is(&n, FA_NN_CORE))
			c++;
	f->notes_threads = c;
}

/* An opalcore marks the crashing thread's note with a signal. */
static void opalcore_cpu(const struct fa_dump *d, struct facts *f)
{
	struct fa_note n;
	struct fa_err e;
	size_t pos = 0;

	while (fa_note_next(d->notes, d->notes_len, d->byteorder, &pos, &n,
			    &e) == 1) {
		struct fa_prstatus p;

		if (n.type != FA_NT_PRSTATUS || !fa_note_name_is(&n, FA_NN_CORE) ||
		    fa_prstatus_decode(n.desc, n.descsz, d->byteorder,
				       d->machine, &p, &e) ||
		    !p.cursig || p.pid < 100)
			continue;
		f->have_cpu = 1;
		f->cpu = (uint32_t)(p.pid - 100);
		f->cpu_is_pir = 1;
		f->cpu_src = "the opalcore note with a signal";
		f->have_regs = 1;
		f->nip = p.reg[FA_PT_NIP];
		f->lr = p.reg[FA_PT_LINK];
		return;
	}
}

static void crashing_cpu(const struct fa_session *s, struct facts *f)
{
	const struct fa_fwsections *fw = &s->fw;
	uint64_t regs[FA_PT_NREGS];
	int src;

	if (!fa_fw_crashing_regs(fw, &f->cpu, regs)) {
		f->have_cpu = 1;
		f->cpu_is_pir = fw->platform == FA_FW_OPAL;
		f->cpu_src = fw->platform == FA_FW_UNKNOWN ?
			"crash-info header; a PIR if PowerNV" :
			"crash-info header";
		f->have_regs = 1;
		f->nip = regs[FA_PT_NIP];
		f->lr = regs[FA_PT_LINK];
	} else if (s->d->format == FA_DUMP_OPALCORE) {
		opalcore_cpu(s->d, f);
	} else if ((src = fa_cpus_log_cpu(s->d, &f->cpu))) {
		/*
		 * No header (phyp; a vmcore cut to the notes; a converted
		 * file): the log's, as cpus says.
		 */
		f->have_cpu = 1;
		f->cpu_src = fa_cs_crash_src_name(src);
	} else if (s->d->kdump && s->d->kdump_current_cpu) {
		/* makedumpfile (and convert) leave it 0: only a set one counts. */
		f->have_cpu = 1;
		f->cpu = s->d->kdump_current_cpu;
		f->cpu_src = "kdump-compressed header";
	} else if (fw->platform == FA_FW_PHYP) {
		f->cpu_unknown_why = "a legacy phyp dump records none";
	}
}

/*
 * The last panic or Oops record of @log.  panic() ends with a "---[ end
 * Kernel panic - not syncing: ... ]---" trailer after its record: the
 * record itself is preferred, the trailer kept only when it is alone.
 */
static char *last_panic(const struct fa_printk_log *log)
{
	const char *trailer = NULL;
	size_t i;

	for (i = log->count; i-- > 0;) {
		const char *t = log->rec[i].text;

		if (!fa_printk_is_panic(t))
			continue;
		if (strncmp(t, "---[ end ", 9))
			return strndup(t, strcspn(t, "\n"));
		if (!trailer)
			trailer = t;
	}
	return trailer ? strndup(trailer, strcspn(trailer, "\n")) : NULL;
}

/* What the crashed kernel's log says of its FADump registration. */
static void log_fadump(const struct fa_printk_log *log, struct facts *f)
{
	unsigned long long at;
	unsigned int mb;
	size_t i;

	for (i = 0; i < log->count; i++) {
		const char *t = log->rec[i].text;

		if (!strncmp(t, "rtas fadump: Registration is successful!", 40))
			f->log_registered = 1;
		else if (sscanf(t, "fadump: Reserved %uMB of memory at %llx",
				&mb, &at) == 2) {
			f->have_log_resv = 1;
			f->log_resv = at;
		}
	}
}

/*
 * The banner and the last panic or Oops line of the kernel log.  A log
 * that cannot be read is not a log without a panic: f->log_err says why.
 */
static void from_log(const struct fa_dump *d, struct facts *f)
{
	struct fa_printk_log log;
	struct fa_err e = { 0 };
	size_t i;

	if (!d->vmcoreinfo) {
		snprintf(f->log_err, sizeof(f->log_err), "%s",
			 d->vmcoreinfo_err.code ? d->vmcoreinfo_err.msg :
			 "no VMCOREINFO");
		return;
	}
	if (!d->mem.read) {
		snprintf(f->log_err, sizeof(f->log_err), "memory is not readable");
		return;
	}
	if (fa_printk_read(&d->mem, d->vmcoreinfo, &log, &e)) {
		snprintf(f->log_err, sizeof(f->log_err), "%s", e.msg);
		fa_printk_log_free(&log);
		return;
	}
	for (i = 0; i < log.count && !f->banner; i++)
		if (!strncmp(log.rec[i].text, "Linux version ", 14))
			f->banner = strndup(log.rec[i].text,
					    strcspn(log.rec[i].text, "\n"));
	f->panic = last_panic(&log);
	log_fadump(&log, f);
	fa_printk_log_free(&log);
}

/*
 * A vmcore alone (no capture root, no firmware section left in it): the
 * crashed kernel registered pSeries FADump and the dump holds no memory
 * where it reserved, as the capture kernel cuts the reserved area.
 */
static void fadump_from_log(const struct fa_session *s, struct facts *f)
{
	char h[FA_HEX_LEN];

	if (s->fw.platform != FA_FW_NONE || !fa_dump_is_ppc64(s->d) ||
	    !f->log_registered || !f->have_log_resv ||
	    fa_dump_has_phys(s->d, f->log_resv, 1))
		return;
	f->type_id = "fadump-pseries";
	snprintf(f->type, sizeof(f->type), "FADump pSeries, %s (%s)",
		 fa_dump_format_name(s->d->format), fa_dump_machine_name(s->d));
	snprintf(f->type_why, sizeof(f->type_why),
		 "the crashed kernel's log: \"rtas fadump: Registration is successful!\"; the dump holds no memory at the reservation (%s) it logged",
		 fa_rpt_hex(h, f->log_resv));
}

/* FADump without a crash-info header: the era of the kernel's release. */
static void era_from_release(struct facts *f)
{
	unsigned int maj, min;

	if (f->era_id || !f->osrelease || strncmp(f->type_id, "fadump", 6) ||
	    sscanf(f->osrelease, "%u.%u", &maj, &min) != 2)
		return;
	f->era_id = maj > 6 || (maj == 6 && min >= 10) ? "6.10+" : "pre-6.10";
	snprintf(f->era_why, sizeof(f->era_why),
		 "%s (from OSRELEASE %.40s; no crash-info header in the dump)",
		 f->era_id, f->osrelease);
}

/* The "Panic" line: the record, or why there is none. */
static void print_panic(FILE *o, const struct facts *f)
{
	if (f->panic)
		fa_rpt_kv(o, KV_COL, "Panic", "%.*s", PANIC_MAX, f->panic);
	else if (f->log_err[0])
		fa_rpt_kv(o, KV_COL, "Panic", "unknown (kernel log unreadable: %s)",
			  f->log_err);
	else
		fa_rpt_kv(o, KV_COL, "Panic", "not found in the kernel log");
}

/*
 * No header holds the crashing CPU's registers: its note does, once the
 * notes are paired with CPUs (cpustate.c's rule, with @sym if given).
 */
static void note_regs(const struct fa_session *s, struct fa_symbolizer *sym,
		      struct facts *f)
{
	uint64_t r[FA_PT_NREGS];
	struct fa_cpus_input in;
	struct fa_err e;

	fa_cpustate_init(&in.cs);
	if (!fa_cpus_load_sym(s->d, sym, 0, &in, &e) &&
	    !fa_cpustate_crash_regs(&in.cs, r) &&
	    in.cs.threads[in.cs.crashing].cpu == (int64_t)f->cpu) {
		f->have_regs = 1;
		f->nip = r[FA_PT_NIP];
		f->lr = r[FA_PT_LINK];
		f->regs_src = in.cs.map == FA_CS_MAP_ONLINE ?
			"its note; notes paired over the online CPUs" :
			"its note";
	}
	fa_cpus_input_free(&in);
}

static void gather(const struct fa_session *s, struct fa_symbolizer *sym,
		   struct facts *f)
{
	const struct fa_dump *d = s->d;
	const struct fa_fwsections *fw = &s->fw;
	size_t i;

	memset(f, 0, sizeof(*f));
	dump_type(s, f);
	if (fw->have_crashinfo)
		f->era_id = fw->ci.era == FA_CI_FADMPSIG ? "6.10+" : "pre-6.10";
	else if (fw->platform == FA_FW_PHYP)
		f->era_id = "phyp";
	f->osrelease = fa_dump_osrelease(d);
	f->have_time = !fa_dump_crashtime(d, &f->crashtime);
	crashing_cpu(s, f);
	if (f->have_cpu && !f->have_regs && !f->cpu_is_pir &&
	    fa_dump_is_ppc64(d) && d->format != FA_DUMP_OPALCORE)
		note_regs(s, sym, f);
	count_notes(d, f);
	f->regsave_threads = fw->have_regsave ? (long)fw->regsave_num_cpus : -1;
	f->online_threads = fw->have_crashinfo ?
		(long)fa_crashinfo_cpu_count(&fw->ci) : -1;
	for (i = 0; i < d->nranges; i++)
		f->dump_memory += d->ranges[i].size;
	from_log(d, f);
	fadump_from_log(s, f);
	era_from_release(f);
}

static void free_facts(struct facts *f)
{
	free(f->banner);
	free(f->panic);
}

/* "function+0x1c/0x80" for @addr when a vmlinux was given, else "". */
static void symbol(struct fa_symbolizer *sym, uint64_t addr, char *buf,
		   size_t len)
{
	buf[0] = '\0';
	if (sym)
		fa_sym_format(sym, addr, buf, len);
}

/* ------------------------------------------------------------ text */

static const char *era_text(const struct fa_session *s,
			    const struct facts *f)
{
	if (f->era_why[0])
		return f->era_why;
	if (s->fw.platform == FA_FW_PHYP)
		return "2.6.26-2.6.36 phyp dump (no crash-info header)";
	if (!s->fw.have_crashinfo)
		return NULL;
	return s->fw.ci.era == FA_CI_FADMPSIG ?
		"6.10+ (crash-info header FADMPSIG v1)" :
		"pre-6.10 (crash-info header FADMPINF)";
}

/* The banner whole, wrapped at spaces to fit 80 columns. */
static void print_banner(FILE *o, const char *b)
{
	const char *key = "Banner";
	size_t n, sp;

	while (*b) {
		n = strlen(b);
		if (n > BANNER_COL) {
			for (sp = BANNER_COL; sp > 0 && b[sp] != ' '; sp--)
				;
			n = sp ? sp : strcspn(b, " ");
		}
		fa_rpt_kv(o, KV_COL, key, "%.*s", (int)n, b);
		key = "";
		b += n;
		while (*b == ' ')
			b++;
	}
}

static void print_cpu(FILE *o, const struct facts *f,
		      struct fa_symbolizer *sym)
{
	char a[FA_HEX_LEN], b[FA_HEX_LEN], sn[256], sl[256];

	if (!f->have_cpu) {
		fa_rpt_kv(o, KV_COL, "Crashing CPU", "unknown%s%s%s",
			  f->cpu_unknown_why ? " (" : "",
			  f->cpu_unknown_why ? f->cpu_unknown_why : "",
			  f->cpu_unknown_why ? ")" : "");
		return;
	}
	fa_rpt_kv(o, KV_COL, "Crashing CPU", "%s%u (from the %s)",
		  f->cpu_is_pir ? "PIR " : "", f->cpu, f->cpu_src);
	if (!f->have_regs)
		return;
	symbol(sym, f->nip, sn, sizeof(sn));
	symbol(sym, f->lr, sl, sizeof(sl));
	fa_rpt_kv(o, KV_COL, "NIP", "%s%s%s", fa_rpt_hex(a, f->nip),
		  sn[0] ? " " : "", sn);
	fa_rpt_kv(o, KV_COL, "LR", "%s%s%s", fa_rpt_hex(b, f->lr),
		  sl[0] ? " " : "", sl);
	if (f->regs_src)
		fa_rpt_kv(o, KV_COL, "", "(NIP and LR from %s)", f->regs_src);
}

/* "Dump type", with the evidence when the log told it. */
static void print_type(FILE *o, const struct facts *f)
{
	char why[300];

	fa_rpt_kv(o, KV_COL, "Dump type", "%s", f->type);
	if (!f->type_why[0])
		return;
	snprintf(why, sizeof(why), "(%s)", f->type_why);
	fa_text_wrap(o, KV_COL, why);
}

/* The summary: what an engineer wants first. */
static void print_summary(FILE *o, const struct fa_session *s,
			  const struct facts *f, struct fa_symbolizer *sym)
{
	char t[FA_TIME_LEN];

	print_type(o, f);
	fa_rpt_kv(o, KV_COL, "Kernel", "%s",
		  f->osrelease ? f->osrelease : "unknown");
	if (f->banner)
		print_banner(o, f->banner);
	if (era_text(s, f))
		fa_rpt_kv(o, KV_COL, "Kernel era", "%s", era_text(s, f));
	fa_rpt_kv(o, KV_COL, "Crash time", "%s",
		  f->have_time ? fa_rpt_utc(t, f->crashtime) : "unknown");
	print_cpu(o, f, sym);
	print_panic(o, f);
}

static void print_info(FILE *o, const struct fa_session *s,
		       const struct facts *f, struct fa_symbolizer *sym)
{
	const struct fa_dump *d = s->d;
	const struct fa_fwsections *fw = &s->fw;
	char t[FA_TIME_LEN], z[FA_SIZE_LEN], h1[FA_HEX_LEN], h2[FA_HEX_LEN];
	unsigned int i;

	print_type(o, f);
	fa_rpt_kv(o, KV_COL, "File", "%s%s", d->file,
		  d->root ? " (capture root)" : "");
	if (era_text(s, f))
		fa_rpt_kv(o, KV_COL, "Kernel era", "%s", era_text(s, f));
	fa_rpt_kv(o, KV_COL, "Byte order", "%s-endian",
		  d->byteorder == FA_LE ? "little" : "big");
	if (d->page_size)
		fa_rpt_kv(o, KV_COL, "Page size", "%s",
			  fa_rpt_size(z, d->page_size));
	else
		fa_rpt_kv(o, KV_COL, "Page size", "unknown");
	fa_rpt_kv(o, KV_COL, "OSRELEASE", "%s",
		  f->osrelease ? f->osrelease : "unknown");
	if (f->banner)
		print_banner(o, f->banner);
	fa_rpt_kv(o, KV_COL, "Crash time", "%s",
		  f->have_time ? fa_rpt_utc(t, f->crashtime) : "unknown");
	print_cpu(o, f, sym);
	fa_rpt_kv(o, KV_COL, "Threads", "%ld CPU notes", f->notes_threads);
	if (f->regsave_threads >= 0)
		fa_rpt_kv(o, KV_COL, "", "%ld in the register save area",
			  f->regsave_threads);
	if (f->online_threads >= 0)
		fa_rpt_kv(o, KV_COL, "", "%ld online at crash (crash-info mask)",
			  f->online_threads);
	fa_rpt_kv(o, KV_COL, "Memory", "%s in %zu ranges of the dump",
		  fa_rpt_size(z, f->dump_memory), d->nranges);
	if (fw->nboot) {
		fa_rpt_kv(o, KV_COL, "Boot memory", "%s in %u region%s, top %s",
			  fa_rpt_size(z, fw->boot_memory_size), fw->nboot,
			  fw->nboot == 1 ? "" : "s",
			  fa_rpt_hex(h1, fw->boot_mem_top));
	}
	if (fw->reserved.size)
		fa_rpt_kv(o, KV_COL, "Reserved area", "%s-%s (%s)",
			  fa_rpt_hex(h1, fw->reserved.addr),
			  fa_rpt_hex(h2, fw->reserved.addr +
				     fw->reserved.size - 1),
			  fa_rpt_size(z, fw->reserved.size));
	if (fw->platform == FA_FW_NONE)
		fa_rpt_kv(o, KV_COL, "FW sections", "none");
	else
		fa_rpt_kv(o, KV_COL, "FW sections", "present (from %s)",
			  fa_fw_source_name(fw->source));
	print_panic(o, f);
	for (i = 0; i < fw->nnotes; i++)
		fa_rpt_kv(o, KV_COL, "Warning", "%s", fw->notes[i]);
}

/* ------------------------------------------------------------ JSON */

static void json_cpu(struct fa_json *j, const struct facts *f,
		     struct fa_symbolizer *sym)
{
	char s[256];

	if (!f->have_cpu) {
		fa_json_null(j, "crashing_cpu");
		return;
	}
	fa_json_object_begin(j, "crashing_cpu");
	fa_json_u64(j, "cpu", f->cpu);
	fa_json_bool(j, "is_pir", f->cpu_is_pir);
	fa_json_str(j, "source", f->cpu_src);
	if (f->have_regs) {
		fa_json_hex(j, "nip", f->nip);
		fa_json_hex(j, "lr", f->lr);
		symbol(sym, f->nip, s, sizeof(s));
		if (s[0])
			fa_json_str(j, "nip_symbol", s);
		symbol(sym, f->lr, s, sizeof(s));
		if (s[0])
			fa_json_str(j, "lr_symbol", s);
		if (f->regs_src)
			fa_json_str(j, "regs_source", f->regs_src);
	}
	fa_json_object_end(j);
}

static void json_opt_long(struct fa_json *j, const char *key, long v)
{
	if (v < 0)
		fa_json_null(j, key);
	else
		fa_json_u64(j, key, (uint64_t)v);
}

static void json_info_members(struct fa_json *j, const struct fa_session *s,
			      const struct facts *f,
			      struct fa_symbolizer *sym)
{
	const struct fa_dump *d = s->d;
	const struct fa_fwsections *fw = &s->fw;
	char t[FA_TIME_LEN];
	unsigned int i;

	fa_json_str(j, "file", d->file);
	fa_json_str(j, "root", d->root);
	fa_json_str(j, "format", d->format == FA_DUMP_KDUMP ? "kdump" :
		    d->format == FA_DUMP_OPALCORE ? "opalcore" : "elf");
	fa_json_str(j, "dump_type", f->type_id);
	fa_json_str(j, "dump_type_evidence", f->type_why[0] ? f->type_why : NULL);
	fa_json_str(j, "kernel_era", f->era_id);
	fa_json_str(j, "kernel_era_source", f->era_why[0] ?
		    "OSRELEASE" : f->era_id ? "crash-info header" : NULL);
	fa_json_str(j, "machine", fa_dump_machine_name(d));
	fa_json_str(j, "byte_order", d->byteorder == FA_LE ? "little" : "big");
	if (d->page_size)
		fa_json_u64(j, "page_size", d->page_size);
	else
		fa_json_null(j, "page_size");
	fa_json_str(j, "osrelease", f->osrelease);
	fa_json_str(j, "banner", f->banner);
	if (f->have_time) {
		fa_json_i64(j, "crash_time", f->crashtime);
		fa_json_str(j, "crash_time_utc", fa_rpt_utc(t, f->crashtime));
	} else {
		fa_json_null(j, "crash_time");
		fa_json_null(j, "crash_time_utc");
	}
	json_cpu(j, f, sym);
	fa_json_object_begin(j, "threads");
	fa_json_u64(j, "cpu_notes", (uint64_t)f->notes_threads);
	json_opt_long(j, "regsave", f->regsave_threads);
	json_opt_long(j, "online_at_crash", f->online_threads);
	fa_json_object_end(j);
	fa_json_object_begin(j, "memory");
	fa_json_u64(j, "dump_bytes", f->dump_memory);
	fa_json_u64(j, "dump_ranges", d->nranges);
	fa_json_u64(j, "boot_memory_size", fw->boot_memory_size);
	fa_json_u64(j, "boot_regions", fw->nboot);
	fa_json_hex(j, "boot_mem_top", fw->boot_mem_top);
	fa_json_object_end(j);
	if (fw->reserved.size) {
		fa_json_object_begin(j, "reserved");
		fa_json_hex(j, "start", fw->reserved.addr);
		fa_json_hex(j, "end", fw->reserved.addr + fw->reserved.size - 1);
		fa_json_u64(j, "size", fw->reserved.size);
		fa_json_object_end(j);
	} else {
		fa_json_null(j, "reserved");
	}
	fa_json_object_begin(j, "firmware_sections");
	fa_json_bool(j, "present", fw->platform != FA_FW_NONE);
	fa_json_str(j, "source", fw->platform == FA_FW_NONE ? NULL :
		    fa_fw_source_name(fw->source));
	fa_json_str(j, "detail", fw->platform == FA_FW_NONE ? NULL :
		    fw->source_detail);
	fa_json_object_end(j);
	fa_json_str(j, "panic", f->panic);
	fa_json_str(j, "log_error", f->log_err[0] ? f->log_err : NULL);
	fa_json_array_begin(j, "warnings");
	for (i = 0; i < fw->nnotes; i++)
		fa_json_str(j, NULL, fw->notes[i]);
	fa_json_array_end(j);
}

/* ------------------------------------------------------- commands */

enum { OPT_VMLINUX = 256, OPT_FDM };

static const struct option info_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
	{ "fdm", required_argument, NULL, OPT_FDM },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct info_args {
	int json;
	const char *vmlinux;
	const char *fdm;
	const char *dump;
};

static void usage(const char *sub)
{
	printf("Usage: " FA_PROG "%s%s [--json] [--vmlinux FILE] [--fdm FILE] DUMP\n",
	       sub ? " " : "", sub ? sub : "");
	if (sub)
		printf("What the dump is: type and container, kernel era, byte order, page\n"
		       "size, OSRELEASE and banner, crash time, the crashing CPU (and how it\n"
		       "was found) with NIP and LR, thread counts, memory, boot memory, the\n"
		       "reserved area, the firmware sections, the panic message, warnings.\n");
	else
		printf("The summary: dump type, kernel, crash time, crashing CPU with NIP\n"
		       "and LR, panic message, then the region table.\n");
	printf(FA_HELP_DUMP
	       "A truncated vmcore is read as far as it goes, after a warning.\n"
	       "\n"
	       "  -j, --json          one JSON document (schema fadump-analyze/%s/1)\n"
	       "      --vmlinux FILE  the crashed kernel's vmlinux: NIP and LR as\n"
	       "                      function+off/size; refused unless it is the dump's\n"
	       "                      kernel (machine, byte order, build ID or release)\n"
	       "      --fdm FILE      registration structure (rtas_fadump_mem_struct)\n"
	       "                      to use when the dump keeps none\n"
	       "  -h, --help          this help\n"
	       "\n" FA_HELP_EXIT, sub ? sub : "summary");
}

static int parse_args(const char *sub, int argc, char **argv,
		      struct info_args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	while ((c = getopt_long(argc, argv, "jh", info_opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->json = 1;
			break;
		case OPT_VMLINUX:
			a->vmlinux = optarg;
			break;
		case OPT_FDM:
			a->fdm = optarg;
			break;
		case 'h':
			usage(sub);
			return -1;
		default:
			return fa_cli_bad_option(sub, "jh", argv);
		}
	}
	if (optind + 1 != argc)
		return fa_cli_usage_error(sub, optind >= argc ?
					  "a DUMP is needed" :
					  "exactly one DUMP is expected");
	a->dump = argv[optind];
	return 0;
}

static int run(const char *sub, int argc, char **argv, int summary)
{
	struct fa_symbolizer *sym = NULL;
	struct fa_session s;
	struct info_args a;
	struct facts f;
	struct fa_map map;
	struct fa_err e;
	struct fa_json j;
	int ret;

	ret = parse_args(sub, argc, argv, &a);
	if (ret)
		return ret < 0 ? FA_EXIT_OK : ret;
	ret = fa_cli_open(a.dump, a.fdm, FA_DUMP_TRUNCATED_OK, &s);
	if (ret)
		return ret;
	ret = fa_cli_open_vmlinux(a.vmlinux, s.d, &sym);
	/* No registration structure kept: the crashed kernel's own. */
	if (!ret && sym && !s.fw.have_fdm && !s.fw.have_opal_fdm &&
	    fa_dump_is_ppc64(s.d))
		ret = fa_kfwdump_session(&s, a.vmlinux, FA_KFW_OPTIONAL);
	else if (!ret && !sym)
		fa_kfwdump_needed(&s);
	if (ret)
		goto out;
	gather(&s, sym, &f);
	if (summary && fa_map_build(s.d, &s.fw, &map, &e)) {
		ret = fa_cli_error(a.dump, &e);
		goto out_facts;
	}
	if (a.json) {
		fa_json_init(&j, stdout);
		fa_json_object_begin(&j, NULL);
		fa_json_str(&j, "schema", summary ? "fadump-analyze/summary/1" :
			    "fadump-analyze/info/1");
		json_info_members(&j, &s, &f, sym);
		if (summary)
			fa_map_json(&map, &j, "regions");
		fa_json_object_end(&j);
		if (fa_json_finish(&j))
			ret = FA_EXIT_INPUT;
	} else {
		if (summary) {
			print_summary(stdout, &s, &f, sym);
			putchar('\n');
			fa_map_print(&map, stdout);
		} else {
			print_info(stdout, &s, &f, sym);
		}
	}
	if (summary)
		fa_map_free(&map);
out_facts:
	free_facts(&f);
out:
	fa_sym_close(sym);
	fa_cli_close(&s);
	return ret;
}

int cmd_info(int argc, char **argv)
{
	return run("info", argc, argv, 0);
}

int cmd_summary(int argc, char **argv)
{
	return run(NULL, argc, argv, 1);
}
