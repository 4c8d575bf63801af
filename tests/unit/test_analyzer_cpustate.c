// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_analyzer_cpustate.c - analysis/cpustate.c: threads from REGSAVE
 * and HDAT, the capture kernel's note rule (fadump-kernel-formats.md §3.4,
 * §4.7), pairing of the dump's notes, the notes-only fallback, and the
 * notes rebuild-notes writes.
 */
#include "fa_test.h"

#include "cpustate.h"
#include "fatag.h"
#include "prstatus.h"

/*
 * One CPU (logical 1) written by hand from §3.1/§3.2: GPR03, NIA, PIR.
 * 20 + 5 * 16 = 100 bytes.
 */
static const char golden_one[] =
	"52454753 41564500 00000000 00000010"		/* REGSAVE, v0, 16 */
	"00000001"					/* NumCpus */
	"43505553 54525400 00000000 00000001"		/* CPUSTRT 1 */
	"47505230 33000000 00000000 00001234"		/* GPR03 */
	"4e494100 00000000 c0000000 00000100"		/* NIA */
	"50495200 00000000 00000000 00000020"		/* PIR 0x20 */
	"43505545 4e440000 00000000 00000001";		/* CPUEND 1 */

static void test_golden_regsave_thread(void **state)
{
	struct fa_cpustate cs;
	struct fa_regsave rs;
	struct fa_err e;
	uint8_t b[128];
	size_t n;

	(void)state;
	n = fa_test_hex(golden_one, b, sizeof(b));
	assert_int_equal(n, 100);
	assert_fa_ok(fa_regsave_decode(b, n, &rs, &e), &e);
	fa_cpustate_init(&cs);
	assert_fa_ok(fa_cpustate_from_regsave(&cs, &rs, &e), &e);
	assert_int_equal(cs.source, FA_CS_SRC_REGSAVE);
	assert_int_equal(cs.nthreads, 1);
	assert_int_equal(cs.threads[0].cpu, 1);
	assert_int_equal(cs.threads[0].pir, 0x20);
	assert_int_equal(cs.threads[0].nregs, 3);
	assert_string_equal(cs.threads[0].regs[0].name, "GPR03");
	assert_string_equal(cs.threads[0].regs[1].name, "NIA");
	assert_true(cs.threads[0].regs[2].value == 0x20);
	assert_true(cs.threads[0].fw_regs[3] == 0x1234);
	assert_true(cs.threads[0].fw_regs[32] == 0xc000000000000100ULL);
	assert_true(cs.threads[0].fw_regs[36] == 0);
	fa_regsave_free(&rs);
	fa_cpustate_free(&cs);
}

/*
 * A 4-CPU pSeries save area in firmware order 3, 0, 2, 1; CPU 2 crashed,
 * CPU 3 was offline at crash time.  Register values identify CPU and slot.
 */
#define NIDS 5
static const char *const ids[NIDS] = { "GPR00", "GPR01", "NIA", "LR", "MSR" };
static const int id_slot[NIDS] = { 0, 1, 32, 36, 33 };
static const uint32_t fw_order[4] = { 3, 0, 2, 1 };

struct fixture {
	uint8_t area[4096];
	size_t len;
	struct fa_regsave rs;
	struct fa_crashinfo ci;
	uint64_t fw[4][FA_PT_NREGS];	/* by logical CPU */
};

static uint64_t val(uint32_t cpu, int i)
{
	return 0xc000000000000000ULL | (uint64_t)cpu << 16 | (uint64_t)i << 4;
}

static void build(struct fixture *f)
{
	uint64_t idv[NIDS], values[4][NIDS];
	struct fa_regsave_cpu_in in[4];
	struct fa_regsave_layout lay = { idv, NIDS, 16, 0 };
	struct fa_err e;
	int c, i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < NIDS; i++)
		idv[i] = fa_tag_to_u64(ids[i]);
	for (c = 0; c < 4; c++) {
		in[c].cpu = fw_order[c];
		in[c].values = values[c];
		for (i = 0; i < NIDS; i++) {
			values[c][i] = val(fw_order[c], i);
			f->fw[fw_order[c]][id_slot[i]] = values[c][i];
		}
	}
	assert_fa_ok(fa_regsave_encode(&lay, in, 4, f->area, sizeof(f->area),
				       &f->len, &e), &e);
	assert_fa_ok(fa_regsave_decode(f->area, f->len, &f->rs, &e), &e);
	f->ci.era = FA_CI_FADMPSIG;
	f->ci.crashing_cpu = 2;
	f->ci.pt_regs_sz = 384;
	f->ci.cpu_mask_sz = 256;
	for (i = 0; i < FA_PT_NREGS; i++)
		f->ci.regs[i] = 0x2000 + i;	/* differs from firmware's */
	f->ci.cpu_mask[0] = 0x07;		/* CPUs 0, 1, 2 */
}

static void load(struct fixture *f, struct fa_cpustate *cs)
{
	struct fa_err e;

	fa_cpustate_init(cs);
	assert_fa_ok(fa_cpustate_from_regsave(cs, &f->rs, &e), &e);
	fa_cpustate_set_crashinfo(cs, &f->ci, 0);
}

/* The notes the capture kernel writes: firmware order 0, 2 (header), 1. */
static void kernel_notes(struct fixture *f, uint64_t notes[3][FA_PT_NREGS])
{
	memcpy(notes[0], f->fw[0], sizeof(notes[0]));
	memcpy(notes[1], f->ci.regs, sizeof(notes[1]));
	memcpy(notes[2], f->fw[1], sizeof(notes[2]));
}

static void test_kernel_order(void **state)
{
	uint64_t notes[3][FA_PT_NREGS];
	struct fa_cpustate cs;
	struct fixture f;
	struct fa_err e;

	(void)state;
	build(&f);
	load(&f, &cs);
	kernel_notes(&f, notes);
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_KERNEL);
	assert_int_equal(cs.nexpected, 3);
	assert_int_equal(cs.nmsgs, 0);
	/* Threads are in firmware order: 3, 0, 2, 1. */
	assert_int_equal(cs.threads[0].cpu, 3);
	assert_int_equal(cs.threads[0].in_mask, 0);
	assert_int_equal(cs.threads[0].note, -1);
	assert_int_equal(cs.threads[1].note, 0);
	assert_int_equal(cs.threads[2].note, 1);
	assert_int_equal(cs.threads[3].note, 2);
	assert_int_equal(cs.crashing, 2);
	assert_true(cs.threads[2].crashing);
	assert_int_equal(cs.threads[1].nmismatch + cs.threads[2].nmismatch +
			 cs.threads[3].nmismatch, 0);
	assert_non_null(strstr(cs.map_why, "crash-time mask"));
	fa_cpustate_free(&cs);
	fa_regsave_free(&f.rs);
}

static void test_content_order(void **state)
{
	uint64_t notes[3][FA_PT_NREGS];
	struct fa_cpustate cs;
	struct fixture f;
	struct fa_err e;

	(void)state;
	build(&f);
	load(&f, &cs);
	/* Ascending CPU order, as a non-FADump writer would: 0, 1, 2. */
	memcpy(notes[0], f.fw[0], sizeof(notes[0]));
	memcpy(notes[1], f.fw[1], sizeof(notes[1]));
	memcpy(notes[2], f.ci.regs, sizeof(notes[2]));
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_CONTENT);
	assert_int_equal(cs.threads[1].note, 0);	/* CPU 0 */
	assert_int_equal(cs.threads[3].note, 1);	/* CPU 1 */
	assert_int_equal(cs.threads[2].note, 2);	/* CPU 2 */
	assert_int_equal(cs.threads[3].nmismatch, 0);
	fa_cpustate_free(&cs);
	fa_regsave_free(&f.rs);
}

static void test_mismatch_and_count(void **state)
{
	uint64_t notes[3][FA_PT_NREGS];
	struct fa_cpustate cs;
	struct fixture f;
	struct fa_err e;

	(void)state;
	build(&f);
	load(&f, &cs);
	kernel_notes(&f, notes);
	notes[2][36] ^= 0x40;		/* CPU 1's LR */
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_KERNEL);
	assert_int_equal(cs.threads[3].cpu, 1);
	assert_int_equal(cs.threads[3].nmismatch, 1);
	assert_true(cs.threads[3].mismatch_mask == 1ULL << 36);
	assert_true(cs.threads[3].note_regs[36] == (val(1, 3) ^ 0x40));
	assert_non_null(strstr(cs.map_why, "1 note(s) differ"));
	fa_cpustate_free(&cs);

	/* Only two notes: the third CPU's is missing. */
	load(&f, &cs);
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 2, &e), &e);
	assert_int_equal(cs.nmsgs, 1);
	assert_string_equal(cs.msgs[0],
		"the dump has 2 CPU notes; the capture kernel would write 3");
	assert_int_equal(cs.threads[3].note, -1);
	fa_cpustate_free(&cs);
	fa_regsave_free(&f.rs);
}

static void test_rebuild(void **state)
{
	struct fa_cs_note_out *o;
	struct fa_cpustate cs;
	struct fixture f;
	struct fa_err e;
	size_t n;

	(void)state;
	build(&f);
	load(&f, &cs);
	assert_fa_ok(fa_cpustate_rebuild(&cs, 0, &o, &n, &e), &e);
	assert_int_equal(n, 3);
	assert_int_equal(o[0].cpu, 0);
	assert_int_equal(o[1].cpu, 1);
	assert_int_equal(o[2].cpu, 2);
	assert_memory_equal(o[0].regs, f.fw[0], sizeof(o[0].regs));
	assert_memory_equal(o[1].regs, f.fw[1], sizeof(o[1].regs));
	assert_memory_equal(o[2].regs, f.ci.regs, sizeof(o[2].regs));
	free(o);
	assert_fa_ok(fa_cpustate_rebuild(&cs, FA_CS_REBUILD_ALL, &o, &n, &e), &e);
	assert_int_equal(n, 4);
	assert_int_equal(o[3].cpu, 3);
	assert_memory_equal(o[3].regs, f.fw[3], sizeof(o[3].regs));
	free(o);
	/* An empty crash-time mask leaves nothing to write. */
	memset(f.ci.cpu_mask, 0, sizeof(f.ci.cpu_mask));
	fa_cpustate_free(&cs);
	load(&f, &cs);
	assert_fa_error(fa_cpustate_rebuild(&cs, 0, &o, &n, &e), &e, FA_ENOENT,
			"crash-time CPU mask");
	assert_null(o);
	fa_cpustate_free(&cs);
	fa_regsave_free(&f.rs);
}

static void test_notes_only(void **state)
{
	uint64_t notes[3][FA_PT_NREGS];
	int64_t cpu;
	struct fa_cs_note_out *o;
	struct fa_cpustate cs;
	struct fixture f;
	struct fa_err e;
	size_t n;

	(void)state;
	build(&f);
	kernel_notes(&f, notes);
	f.ci.cpu_mask[0] = 0x25;	/* CPUs 0, 2, 5 */
	fa_cpustate_init(&cs);
	fa_cpustate_set_crashinfo(&cs, &f.ci, 0);
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.source, FA_CS_SRC_NOTES);
	assert_int_equal(cs.map, FA_CS_MAP_ASCENDING);
	assert_int_equal(cs.threads[0].cpu, 0);
	assert_int_equal(cs.threads[1].cpu, 2);
	assert_int_equal(cs.threads[2].cpu, 5);
	assert_int_equal(cs.crashing, 1);	/* the header's registers */
	assert_non_null(strstr(cs.map_why, "ascending"));
	assert_fa_error(fa_cpustate_rebuild(&cs, 0, &o, &n, &e), &e, FA_ENOENT,
			"no firmware register save area");
	fa_cpustate_free(&cs);

	/* No header, no log: a note has no CPU number, nothing is guessed. */
	fa_cpustate_init(&cs);
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_UNKNOWN);
	for (n = 0; n < 3; n++) {
		assert_int_equal(cs.threads[n].cpu, -1);
		assert_false(cs.threads[n].crashing);
		assert_int_equal(cs.threads[n].note, (int64_t)n);
	}
	assert_int_equal(cs.crashing, -1);
	assert_int_equal(fa_cpustate_crashing_cpu(&cs, &cpu), FA_CS_CRASH_UNKNOWN);
	assert_non_null(strstr(cs.map_why, "CPUs stay unknown"));
	fa_cpustate_free(&cs);

	/* A header without a mask: its registers find the crashing note. */
	f.ci.cpu_mask_sz = 0;
	fa_cpustate_init(&cs);
	fa_cpustate_set_crashinfo(&cs, &f.ci, 0);
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_UNKNOWN);
	assert_int_equal(cs.crashing, 1);
	assert_int_equal(cs.threads[1].cpu, 2);
	assert_int_equal(cs.threads[0].cpu, -1);
	assert_int_equal(fa_cpustate_crashing_cpu(&cs, &cpu), FA_CS_CRASH_HEADER);
	assert_int_equal(cpu, 2);
	fa_cpustate_free(&cs);

	/* Several notes, the log names CPU 5: known CPU, notes still unknown. */
	fa_cpustate_init(&cs);
	cs.log_panic_cpu = 5;
	cs.log_panic_src = FA_CS_CRASH_LOG_LINE;
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.crashing, -1);
	assert_int_equal(cs.threads[0].cpu, -1);
	assert_int_equal(fa_cpustate_crashing_cpu(&cs, &cpu), FA_CS_CRASH_LOG_LINE);
	assert_int_equal(cpu, 5);
	fa_cpustate_free(&cs);

	/* One note (mainline: the mask holds the crashing CPU): it is CPU 5. */
	fa_cpustate_init(&cs);
	cs.log_panic_cpu = 5;
	cs.log_panic_src = FA_CS_CRASH_LOG_CALLER;
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 1, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_SINGLE);
	assert_int_equal(cs.crashing, 0);
	assert_int_equal(cs.threads[0].cpu, 5);
	assert_true(cs.threads[0].crashing);
	assert_int_equal(fa_cpustate_crashing_cpu(&cs, &cpu), FA_CS_CRASH_LOG_CALLER);
	assert_int_equal(cpu, 5);
	assert_non_null(strstr(cs.map_why, "lone note"));
	fa_cpustate_free(&cs);

	/* One note, nothing names the CPU: unknown, not 0. */
	fa_cpustate_init(&cs);
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 1, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_UNKNOWN);
	assert_int_equal(cs.threads[0].cpu, -1);
	assert_int_equal(cs.crashing, -1);
	fa_cpustate_free(&cs);
	fa_regsave_free(&f.rs);
}

/*
 * No save area nor header (a mainline capture kernel's vmcore): the
 * crashed kernel's online CPUs number the notes in ascending order when
 * they count them; otherwise nothing is claimed.
 */
static void test_online_pairing(void **state)
{
	uint64_t notes[4][FA_PT_NREGS], r[FA_PT_NREGS];
	uint8_t online[FA_CI_CPU_MASK_MAX] = { 0x25 };	/* CPUs 0, 2, 5 */
	struct fa_cpustate cs;
	struct fixture f;
	struct fa_err e;
	int64_t cpu;
	size_t i;

	(void)state;
	memset(notes, 0, sizeof(notes));
	for (i = 0; i < 4; i++) {
		notes[i][FA_PT_NIP] = 0xc000000000001000ULL + i;
		notes[i][FA_PT_LINK] = 0xc000000000002000ULL + i;
	}
	fa_cpustate_init(&cs);
	cs.log_panic_cpu = 2;
	cs.log_panic_src = FA_CS_CRASH_LOG_LINE;
	fa_cpustate_set_online(&cs, online, sizeof(online),
			       "kernel's __cpu_online_mask");
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_ONLINE);
	assert_string_equal(fa_cs_map_name(cs.map), "ascending over the online CPUs");
	assert_int_equal(cs.threads[0].cpu, 0);
	assert_int_equal(cs.threads[1].cpu, 2);
	assert_int_equal(cs.threads[2].cpu, 5);
	assert_int_equal(cs.crashing, 1);
	assert_true(cs.threads[1].crashing);
	assert_false(cs.threads[0].crashing);
	assert_int_equal(fa_cpustate_crash_regs(&cs, r), 0);
	assert_true(r[FA_PT_NIP] == notes[1][FA_PT_NIP]);
	assert_true(r[FA_PT_LINK] == notes[1][FA_PT_LINK]);
	assert_int_equal(fa_cpustate_crashing_cpu(&cs, &cpu), FA_CS_CRASH_LOG_LINE);
	assert_int_equal(cpu, 2);
	assert_non_null(strstr(cs.map_why, "(kernel's __cpu_online_mask)"));
	assert_int_equal(cs.nmsgs, 0);
	fa_cpustate_free(&cs);

	/* Four notes, three online CPUs: no pairing claimed, no NIP. */
	fa_cpustate_init(&cs);
	cs.log_panic_cpu = 2;
	cs.log_panic_src = FA_CS_CRASH_LOG_LINE;
	fa_cpustate_set_online(&cs, online, sizeof(online), "kernel log: x");
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 4, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_UNKNOWN);
	for (i = 0; i < 4; i++)
		assert_int_equal(cs.threads[i].cpu, -1);
	assert_int_equal(cs.crashing, -1);
	assert_int_equal(fa_cpustate_crash_regs(&cs, r), FA_ENOENT);
	assert_non_null(strstr(cs.map_why, "do not count the 4 notes"));
	fa_cpustate_free(&cs);

	/* The log's crashing CPU is not online: paired, none marked, said. */
	fa_cpustate_init(&cs);
	cs.log_panic_cpu = 1;
	cs.log_panic_src = FA_CS_CRASH_LOG_LINE;
	fa_cpustate_set_online(&cs, online, sizeof(online), "kernel log: x");
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_ONLINE);
	assert_int_equal(cs.crashing, -1);
	assert_int_equal(cs.nmsgs, 1);
	assert_non_null(strstr(cs.msgs[0], "crashing CPU 1 is not among the online"));
	fa_cpustate_free(&cs);

	/* A crash-info mask wins over the kernel's online mask. */
	build(&f);
	f.ci.cpu_mask[0] = 0x0e;	/* CPUs 1, 2, 3 */
	fa_cpustate_init(&cs);
	fa_cpustate_set_crashinfo(&cs, &f.ci, 0);
	fa_cpustate_set_online(&cs, online, sizeof(online), "kernel log: x");
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_ASCENDING);
	assert_int_equal(cs.threads[0].cpu, 1);
	fa_cpustate_free(&cs);
	fa_regsave_free(&f.rs);
}

/* A log record: @caller "[T1]" = 1, "[C2]" = FA_PRINTK_CALLER_CPU | 2. */
static void rec(struct fa_printk_record *r, uint32_t caller, const char *text)
{
	memset(r, 0, sizeof(*r));
	r->caller_id = caller;
	r->text = (char *)text;
	r->text_len = strlen(text);
}

#define C(n)	(FA_PRINTK_CALLER_CPU | (n))

static void test_log_cpu(void **state)
{
	struct fa_printk_record r[8];
	uint32_t cpu = 99;

	(void)state;
	/* The panic record's caller is a CPU: that CPU. */
	rec(&r[0], 1, "Run /init as init process");
	rec(&r[1], C(2), "sysrq: Trigger a crash");
	rec(&r[2], C(2), "Kernel panic - not syncing: sysrq triggered crash");
	rec(&r[3], C(2), "CPU: 3 PID: 1 Comm: swapper/0");
	assert_int_equal(fa_cpustate_log_cpu(r, 4, &cpu), FA_CS_CRASH_LOG_CALLER);
	assert_int_equal(cpu, 2);

	/* A task caller (6.1's VFS panic in PID 1): dump_stack's line. */
	rec(&r[0], 7, "CPU: 3 PID: 7 Comm: other");	/* another caller */
	rec(&r[1], 1, "No filesystem could mount root, tried:");
	rec(&r[2], 1, "Kernel panic - not syncing: VFS: Unable to mount root fs");
	rec(&r[3], 7, "CPU: 0 PID: 7 Comm: other");	/* interleaved */
	rec(&r[4], 1, "CPU: 1 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1");
	rec(&r[5], 1, "Hardware name: IBM pSeries");
	cpu = 99;
	assert_int_equal(fa_cpustate_log_cpu(r, 6, &cpu), FA_CS_CRASH_LOG_LINE);
	assert_int_equal(cpu, 1);

	/* 6.10+ prints a UID first; an Oops's show_regs() comes before. */
	rec(&r[0], 42, "Oops: Kernel access of bad area, sig: 11 [#1]");
	rec(&r[1], 42, "CPU: 6 UID: 0 PID: 42 Comm: bash Not tainted");
	rec(&r[2], 42, "Kernel panic - not syncing: Fatal exception");
	assert_int_equal(fa_cpustate_log_cpu(r, 3, &cpu), FA_CS_CRASH_LOG_LINE);
	assert_int_equal(cpu, 6);

	/* The line names another task than the caller: not taken. */
	rec(&r[1], 42, "CPU: 6 PID: 43 Comm: bash");
	cpu = 99;
	assert_int_equal(fa_cpustate_log_cpu(r, 3, &cpu), FA_CS_CRASH_UNKNOWN);
	assert_int_equal(cpu, 99);

	/* Malformed lines: no digits, a number too large, no PID. */
	rec(&r[1], 42, "CPU: x PID: 42");
	assert_int_equal(fa_cpustate_log_cpu(r, 3, &cpu), FA_CS_CRASH_UNKNOWN);
	rec(&r[1], 42, "CPU: 99999999999 PID: 42");
	assert_int_equal(fa_cpustate_log_cpu(r, 3, &cpu), FA_CS_CRASH_UNKNOWN);
	rec(&r[1], 42, "CPU: 4 Comm: bash");
	assert_int_equal(fa_cpustate_log_cpu(r, 3, &cpu), FA_CS_CRASH_UNKNOWN);

	/* No panic record at all, and an empty log. */
	rec(&r[0], 1, "CPU: 1 PID: 1 Comm: swapper/0");
	rec(&r[1], 1, "Run /init as init process");
	assert_int_equal(fa_cpustate_log_cpu(r, 2, &cpu), FA_CS_CRASH_UNKNOWN);
	assert_int_equal(fa_cpustate_log_cpu(r, 0, &cpu), FA_CS_CRASH_UNKNOWN);
	assert_int_equal(cpu, 99);
	assert_string_equal(fa_cs_crash_src_name(FA_CS_CRASH_UNKNOWN), "unknown");
}

/* PowerNV: three threads by PIR, the middle one inactive, PIR 0x24 crashed. */
static void test_hdat(void **state)
{
	static const uint32_t pirs[3] = { 0x24, 0x20, 0x28 };
	struct fa_hdat_reg regs[3][4];
	struct fa_hdat_enc_thread th[3];
	struct fa_hdat_layout lay = { 0, 16, 4, 16, 16 };
	uint64_t notes[2][FA_PT_NREGS];
	struct fa_crashinfo ci;
	struct fa_cs_note_out *o;
	struct fa_cpustate cs;
	uint8_t buf[4096];
	struct fa_err e;
	size_t used, n;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		regs[i][0] = (struct fa_hdat_reg){ 1, 5, 0x500 + i };
		regs[i][1] = (struct fa_hdat_reg){ 2, 8, 0xc000000000001000ULL + i };
		regs[i][2] = (struct fa_hdat_reg){ 2, 0x7D0, 0xc000000000002000ULL + i };
		regs[i][3] = (struct fa_hdat_reg){ 2, 0x3f0, 0x77 };	/* not mapped */
		th[i] = (struct fa_hdat_enc_thread){ pirs[i], i == 1 ? 0x0F : 0, 4, regs[i] };
	}
	assert_fa_ok(fa_hdat_encode(th, 3, &lay, buf, sizeof(buf), &used, &e), &e);
	fa_cpustate_init(&cs);
	assert_fa_ok(fa_cpustate_from_hdat(&cs, buf, used, used / 3, &e), &e);
	assert_int_equal(cs.nthreads, 3);
	assert_int_equal(cs.threads[1].inactive, 1);
	assert_int_equal(cs.threads[0].pir, 0x24);
	assert_int_equal(cs.threads[0].cpu, -1);
	assert_string_equal(cs.threads[0].regs[0].name, "r5");
	assert_string_equal(cs.threads[0].regs[1].name, "LR");
	assert_true(cs.threads[2].fw_regs[5] == 0x502);
	assert_true(cs.threads[2].fw_regs[36] == 0xc000000000001002ULL);
	assert_true(cs.threads[2].fw_regs[32] == 0xc000000000002002ULL);

	memset(&ci, 0, sizeof(ci));
	ci.crashing_cpu = 0x24;
	ci.regs[1] = 0xdead;
	fa_cpustate_set_crashinfo(&cs, &ci, 1);
	assert_int_equal(cs.crashing, 0);
	memcpy(notes[0], ci.regs, sizeof(notes[0]));
	memcpy(notes[1], cs.threads[2].fw_regs, sizeof(notes[1]));
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])notes, 2, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_KERNEL);
	assert_int_equal(cs.nexpected, 2);
	assert_int_equal(cs.threads[2].note, 1);
	assert_non_null(strstr(cs.map_why, "active threads"));

	/* Rebuilt: active threads by ascending PIR (0x24, 0x28) as 0, 1. */
	assert_fa_ok(fa_cpustate_rebuild(&cs, 0, &o, &n, &e), &e);
	assert_int_equal(n, 2);
	assert_int_equal(o[0].cpu, 0);
	assert_int_equal(o[0].thread, 0);
	assert_true(o[0].regs[1] == 0xdead);
	assert_int_equal(o[1].thread, 2);
	free(o);
	fa_cpustate_free(&cs);
}

static void test_malformed(void **state)
{
	struct fa_regsave rs;
	struct fa_cpustate cs;
	uint8_t buf[64];
	struct fa_err e;

	(void)state;
	/* NumCpus above what the model holds. */
	memset(&rs, 0, sizeof(rs));
	rs.num_cpus = FA_CS_MAX_THREADS + 1;
	fa_cpustate_init(&cs);
	assert_fa_error(fa_cpustate_from_regsave(&cs, &rs, &e), &e, FA_ERANGE,
			"8193 threads");
	assert_null(cs.threads);
	/* HDAT: a thread block size of 0, and one larger than the region. */
	memset(buf, 0, sizeof(buf));
	assert_true(fa_cpustate_from_hdat(&cs, buf, sizeof(buf), 0, &e) < 0);
	assert_non_null(strstr(e.msg, "cpu_data_size"));
	assert_true(fa_cpustate_from_hdat(&cs, buf, sizeof(buf), 128, &e) < 0);
	/* HDAT: an entry count that runs past the block. */
	buf[8 + 3] = 16;		/* offset */
	buf[12 + 3] = 200;		/* ecnt */
	buf[16 + 3] = 16;		/* esize */
	assert_true(fa_cpustate_from_hdat(&cs, buf, sizeof(buf), 64, &e) < 0);
	assert_null(cs.threads);
	fa_cpustate_free(&cs);
}

/*
 * PowerNV through the opalcore: notes in its order (crashing PIR 0x28
 * first), pid = 100 + PIR; threads come out by ascending PIR, numbered
 * from the crash-time mask, and the vmcore's notes pair in that order.
 */
static void test_opalcore(void **state)
{
	static const int32_t pid[3] = { 100 + 0x28, 100 + 0x20, 100 + 0x24 };
	uint64_t oc[3][FA_PT_NREGS], vm[3][FA_PT_NREGS];
	struct fa_cs_note_out *o;
	struct fa_crashinfo ci;
	struct fa_cpustate cs;
	struct fa_err e;
	size_t n, i;

	(void)state;
	memset(oc, 0, sizeof(oc));
	for (i = 0; i < 3; i++) {
		oc[i][3] = 0x300 + (uint64_t)pid[i];
		oc[i][FA_PT_NIP] = 0xc000000000001000ULL + (uint64_t)pid[i];
		oc[i][FA_PT_TRAP] = 0xdead;	/* not an HDAT slot: dropped */
	}
	memset(&ci, 0, sizeof(ci));
	ci.crashing_cpu = 0x28;
	ci.cpu_mask_sz = 8;
	ci.cpu_mask[0] = 0x0e;		/* CPUs 1, 2, 3 */
	ci.regs[FA_PT_NIP] = 0xc000000000000070ULL;
	fa_cpustate_init(&cs);
	assert_fa_ok(fa_cpustate_from_opalcore(&cs, pid,
			(const uint64_t (*)[FA_PT_NREGS])oc, 3, &e), &e);
	assert_int_equal(cs.source, FA_CS_SRC_OPALCORE);
	assert_int_equal(cs.nthreads, 3);
	assert_int_equal(cs.threads[0].pir, 0x20);
	assert_int_equal(cs.threads[1].pir, 0x24);
	assert_int_equal(cs.threads[2].pir, 0x28);
	assert_int_equal(cs.threads[0].nregs, 40);
	assert_string_equal(cs.threads[0].regs[32].name, "nip");
	assert_true(cs.threads[0].fw_regs[3] == 0x300 + 100 + 0x20);
	assert_true(cs.threads[0].fw_regs[FA_PT_TRAP] == 0);
	fa_cpustate_set_crashinfo(&cs, &ci, 1);
	fa_cpustate_number_by_pir(&cs);
	assert_int_equal(cs.crashing, 2);
	assert_int_equal(cs.threads[0].cpu, 1);
	assert_int_equal(cs.threads[2].cpu, 3);
	/* the capture kernel's notes: HDAT order, crashing from the header */
	memcpy(vm[0], cs.threads[0].fw_regs, sizeof(vm[0]));
	memcpy(vm[1], cs.threads[1].fw_regs, sizeof(vm[1]));
	memcpy(vm[2], ci.regs, sizeof(vm[2]));
	assert_fa_ok(fa_cpustate_match(&cs, (const uint64_t (*)[FA_PT_NREGS])vm, 3, &e), &e);
	assert_int_equal(cs.map, FA_CS_MAP_KERNEL);
	assert_int_equal(cs.threads[1].nmismatch, 0);
	assert_non_null(strstr(cs.map_why, "ascending PIR order to the crash-time CPU mask"));
	assert_fa_ok(fa_cpustate_rebuild(&cs, 0, &o, &n, &e), &e);
	assert_int_equal(n, 3);
	assert_int_equal(o[0].cpu, 1);
	assert_true(o[2].regs[FA_PT_NIP] == 0xc000000000000070ULL);
	free(o);
	fa_cpustate_free(&cs);

	/* Malformed: a pid below 100, a PIR twice. */
	{
		int32_t bad[2] = { 99, 101 };

		assert_fa_error(fa_cpustate_from_opalcore(&cs, bad,
				(const uint64_t (*)[FA_PT_NREGS])oc, 2, &e),
				&e, FA_ECORRUPT, "pr_pid 99, expected 100 + PIR");
		bad[0] = 101;
		assert_fa_error(fa_cpustate_from_opalcore(&cs, bad,
				(const uint64_t (*)[FA_PT_NREGS])oc, 2, &e),
				&e, FA_ECORRUPT, "both for PIR 0x1");
	}
	fa_cpustate_free(&cs);
}

/* Legacy phyp: REGSAVE threads, no notes expected, none written. */
static void test_legacy_phyp(void **state)
{
	struct fixture f;
	struct fa_cpustate cs;
	struct fa_err e;

	(void)state;
	build(&f);
	fa_cpustate_init(&cs);
	assert_fa_ok(fa_cpustate_from_regsave(&cs, &f.rs, &e), &e);
	cs.legacy_phyp = 1;
	assert_fa_ok(fa_cpustate_match(&cs, NULL, 0, &e), &e);
	assert_int_equal(cs.nexpected, 0);
	assert_int_equal(cs.map, FA_CS_MAP_NONE);
	assert_non_null(strstr(cs.map_why, "legacy phyp dump"));
	fa_cpustate_free(&cs);
	fa_regsave_free(&f.rs);
}

static void test_log_online(void **state)
{
	struct fa_printk_record r[4];
	char line[96];
	uint32_t n = 0;

	(void)state;
	rec(&r[0], C(0), "smp: Bringing up secondary CPUs ...");
	rec(&r[1], C(0), "smp: Brought up 1 node, 3 CPUs");
	rec(&r[2], 1, "rtas fadump: Registration is successful!");
	assert_int_equal(fa_cpustate_log_online(r, 3, &n, line, sizeof(line)), 1);
	assert_int_equal(n, 3);
	assert_string_equal(line, "smp: Brought up 1 node, 3 CPUs");
	rec(&r[1], C(0), "smp: Brought up 2 nodes, 16 CPUs");
	assert_int_equal(fa_cpustate_log_online(r, 3, &n, line, sizeof(line)), 1);
	assert_int_equal(n, 16);
	/* hotplug after boot: the count is no longer the online mask */
	rec(&r[3], 1, "cpu 2 (hwid 2) Ready to die...");
	assert_int_equal(fa_cpustate_log_online(r, 4, &n, line, sizeof(line)), 0);
	rec(&r[3], 1, "CPU 2 is now offline");
	assert_int_equal(fa_cpustate_log_online(r, 4, &n, line, sizeof(line)), 0);
	/* no such line, or a malformed one */
	assert_int_equal(fa_cpustate_log_online(r, 1, &n, line, sizeof(line)), 0);
	rec(&r[1], C(0), "smp: Brought up 1 node, lots of CPUs");
	assert_int_equal(fa_cpustate_log_online(r, 3, &n, line, sizeof(line)), 0);
	rec(&r[1], C(0), "smp: Brought up 1 node, 0 CPUs");
	assert_int_equal(fa_cpustate_log_online(r, 3, &n, line, sizeof(line)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_regsave_thread),
		cmocka_unit_test(test_kernel_order),
		cmocka_unit_test(test_content_order),
		cmocka_unit_test(test_mismatch_and_count),
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_notes_only),
		cmocka_unit_test(test_log_cpu),
		cmocka_unit_test(test_online_pairing),
		cmocka_unit_test(test_log_online),
		cmocka_unit_test(test_hdat),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_opalcore),
		cmocka_unit_test(test_legacy_phyp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
