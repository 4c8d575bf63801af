// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_notes.c - `fadump-analyze rebuild-notes DUMP OUT`: a copy of an ELF
 * vmcore whose CPU notes are rebuilt from the firmware save area.
 *
 * The capture kernel writes its NT_PRSTATUS notes in firmware order and
 * without CPU ids; crash gives note i to the i-th online CPU.  The copy has
 * one note per CPU of the crash-time mask in ascending logical CPU order
 * (every thread with --all), the crashing CPU's from the crash-info
 * header, and pr_pid set to the logical CPU number (crash and libkdumpfile
 * go by position; the id is there for people and gdb).  Every other note
 * (VMCOREINFO...) and every PT_LOAD is copied unchanged; all notes go into
 * one PT_NOTE.  The output is created 0600 under a temporary name and
 * renamed into place once complete (formats/elfcore's writer).
 *
 * A mainline capture kernel's dump has no save area (the reserved area is
 * cut).  With --vmlinux the kernel's own notes are kept and given their
 * CPUs from the crashed kernel's memory (kcurrent.c): a note whose r13 is
 * paca_ptrs[cpu] is that CPU's, the others take the remaining CPUs of
 * __cpu_online_mask in ascending order (the kernel writes one note per
 * CPU of its crash-time mask, which is that online mask).  pr_pid is the
 * PID of the task current on the CPU, as the kdump path writes it.  The
 * crashing CPU's registers come from ppc_save_regs(), whose r1 belongs to
 * NIP since v6.5 (6.1.39); readers written for the older layout (drgn
 * before 0.0.25) start at LINK, so LINK is set to NIP there: both read
 * the same frame, and the kernel's LINK is the LR save slot of that frame.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cpustate.h"
#include "dump.h"
#include "elfcore.h"
#include "elfnote.h"
#include "fa_io.h"
#include "fa_outfile.h"
#include "kcurrent.h"
#include "prstatus.h"
#include "symbolize.h"

struct notes_src {
	int fd;
	uint64_t offset;	/* of the PT_LOAD data in the source */
};

/* Stream reader: the source PT_LOAD's bytes, as they are. */
static int read_src(void *ctx, uint64_t pos, void *buf, size_t len,
		    struct fa_err *e)
{
	const struct notes_src *s = ctx;

	return fa_pread_full(s->fd, buf, len, s->offset + pos,
			     "source vmcore PT_LOAD", e);
}

/*
 * build_notes() - the new PT_NOTE content: the rebuilt CPU notes (pr_pid
 * from @pids, else the CPU number), then every note of the source that is
 * not a "CORE" NT_PRSTATUS.
 */
static int build_notes(const struct fa_dump *d, const struct fa_cs_note_out *o,
		       const int32_t *pids, size_t n, uint8_t **out,
		       size_t *len, struct fa_err *e)
{
	uint8_t desc[FA_PRSTATUS_PPC64_SIZE];
	struct fa_prstatus p;
	struct fa_note nt;
	size_t i, pos = 0, cap, used = 0;
	uint8_t *b;
	int ret;

	cap = n * fa_note_size(FA_NN_CORE, sizeof(desc)) + d->notes_len + 64;
	b = calloc(1, cap);
	if (!b)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %zu notes", n);
	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		p.pid = pids ? pids[i] : (int32_t)o[i].cpu;
		p.nreg = FA_PT_NREGS;
		memcpy(p.reg, o[i].regs, sizeof(p.reg));
		ret = fa_prstatus_encode(desc, sizeof(desc), d->byteorder,
					 d->machine, &p, e);
		if (ret < 0)
			goto fail;
		used += fa_note_put(b + used, d->byteorder, FA_NN_CORE,
				    FA_NT_PRSTATUS, desc, (uint32_t)ret);
	}
	while ((ret = fa_note_next(d->notes, d->notes_len, d->byteorder, &pos,
				   &nt, e)) == 1) {
		char name[256];

		if (nt.type == FA_NT_PRSTATUS && fa_note_name_is(&nt, FA_NN_CORE))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)nt.namesz, nt.name);
		if (used + fa_note_size(name, nt.descsz) > cap) {
			ret = fa_err_set(e, FA_ECORRUPT,
					 "note at %#zx: a name of %u bytes that is not a string",
					 nt.offset, nt.namesz);
			goto fail;
		}
		used += fa_note_put(b + used, d->byteorder, name, nt.type,
				    nt.desc, nt.descsz);
	}
	if (ret < 0)
		goto fail;
	*out = b;
	*len = used;
	return 0;
fail:
	free(b);
	return ret;
}

/* How fa_kcpus_pair() gave the notes their CPUs. */
static const char *const pair_how[] = {
	[FA_KCPUS_BY_PACA] = "r13 = paca_ptrs[cpu]",
	[FA_KCPUS_BY_ORDER] = "ascending",
};

/*
 * kernel_notes() - the mainline path: the dump's own notes @in, one per
 * CPU of @k's online mask (fa_kcpus_pair()), ordered by CPU; @pids the
 * PID current on each; LINK := NIP in the crashing CPU's (see the top).
 */
static int kernel_notes(const struct fa_cpus_input *in,
			const struct fa_kcpus *k, struct fa_cs_note_out **out,
			int32_t **pids, size_t how[2], struct fa_err *e)
{
	struct fa_cs_note_out *o;
	size_t j, n = k->n, *note_of;
	int32_t *pid;
	int ret;

	o = calloc(n ? n : 1, sizeof(*o));
	pid = calloc(n ? n : 1, sizeof(*pid));
	note_of = calloc(n ? n : 1, sizeof(*note_of));
	if (!o || !pid || !note_of) {
		ret = fa_err_set(e, FA_ENOMEM, "out of memory for %zu notes", n);
		goto fail;
	}
	ret = fa_kcpus_pair(k, (const uint64_t (*)[FA_PT_NREGS])in->notes, in->nnotes,
			    note_of, how, e);
	if (ret)
		goto fail;
	for (j = 0; j < n; j++) {
		o[j].cpu = k->cpus[j].cpu;
		o[j].thread = note_of[j];
		memcpy(o[j].regs, in->notes[note_of[j]], sizeof(o[j].regs));
		pid[j] = k->cpus[j].pid < 0 ? 0 : k->cpus[j].pid;
		if (k->crashing == (int64_t)o[j].cpu)
			o[j].regs[FA_PT_LINK] = o[j].regs[FA_PT_NIP];
	}
	free(note_of);
	*out = o;
	*pids = pid;
	return 0;
fail:
	free(o);
	free(pid);
	free(note_of);
	return ret;
}

/* write_copy() - the output file: one PT_NOTE, then the source's PT_LOADs. */
static int write_copy(const struct fa_dump *d, const char *path,
		      const struct fa_outrule *rule, const uint8_t *notes,
		      size_t notes_len, size_t *nloads, struct fa_err *e)
{
	const struct fa_elfcore *c = d->elf;
	struct fa_elf_phdr *ph;
	struct notes_src src = { c->fd, 0 };
	struct fa_elfw w;
	uint64_t size;
	size_t i, n = 1;
	int ret;

	ph = calloc(c->nphdrs + 1, sizeof(*ph));
	if (!ph)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	ph[0].type = FA_PT_NOTE;
	ph[0].filesz = ph[0].memsz = notes_len;
	for (i = 0; i < c->nphdrs; i++)
		if (c->phdrs[i].type == FA_PT_LOAD)
			ph[n++] = c->phdrs[i];
	ret = fa_elf_layout(ph, n, d->page_size ? d->page_size : 4096, &size, e);
	if (!ret)
		ret = fa_elfw_open_rule(&w, path, rule, d->byteorder, d->machine,
					c->e_flags, ph, n, e);
	if (ret)
		goto out;
	ret = fa_elfw_pwrite(&w, ph[0].offset, notes, notes_len, e);
	for (i = 1, n = 1; !ret && i <= c->nphdrs; i++) {
		if (c->phdrs[i - 1].type != FA_PT_LOAD)
			continue;
		src.offset = c->phdrs[i - 1].offset;
		ret = fa_elfw_stream_segment(&w, n++, read_src, &src, e);
	}
	if (ret) {
		fa_elfw_abort(&w);
		goto out;
	}
	ret = fa_elfw_finish(&w, e);
	*nloads = n - 1;
out:
	free(ph);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " FA_PROG " rebuild-notes [--all] [--vmlinux FILE] [-f] DUMP OUT\n"
		"       " FA_PROG " rebuild-notes [--all] [--vmlinux FILE] [-f] DUMP -o OUT\n"
		"Copy the ELF vmcore DUMP (or a capture root's proc/vmcore) to OUT with\n"
		"its CPU notes rebuilt, one per CPU in ascending order, so that crash,\n"
		"drgn and libkdumpfile attach each register set to the right CPU: from\n"
		"the firmware save area, or, when the dump has none (a mainline capture\n"
		"kernel cuts it), the kernel's own notes paired with CPUs through the\n"
		"crashed kernel's memory (needs --vmlinux).  OUT is created 0600; an\n"
		"existing OUT is refused unless -f is given.\n"
		"\n"
		"  -o, --output OUT    the file to write (instead of the second operand)\n"
		"      --all           also CPUs that were offline at crash time\n"
		"      --vmlinux FILE  the crashed kernel's DWARF vmlinux: each note's\n"
		"                      CPU (paca_ptrs, __cpu_online_mask) and pr_pid\n"
		"                      (the PID current on it); refused when it is not\n"
		"                      the dump's kernel\n"
		"  -f, --force         replace an existing OUT; only a regular file that\n"
		"                      is not the input is ever replaced\n"
		"  -h, --help          this help\n"
		"\n" FA_HELP_EXIT);
}

/* pr_pid of each rebuilt note from @k, by CPU (0 where @k has none). */
static int32_t *fw_pids(const struct fa_kcpus *k,
			const struct fa_cs_note_out *o, size_t n)
{
	int32_t *pid = calloc(n ? n : 1, sizeof(*pid));
	size_t i, j;

	for (i = 0; pid && i < n; i++)
		for (j = 0; j < k->n; j++)
			if (k->cpus[j].cpu == o[i].cpu && k->cpus[j].pid > 0)
				pid[i] = k->cpus[j].pid;
	return pid;
}

int cmd_notes(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fa_cs_note_out *o = NULL;
	struct fa_cpus_input in;
	struct fa_outrule rule;
	struct fa_dump *d = NULL;
	struct fa_err e = { 0 };
	const char *out = NULL, *dump, *vmlinux = NULL;
	struct fa_symbolizer *sym = NULL;
	struct fa_kcpus k = { 0 };
	size_t how[2] = { 0, 0 };
	int32_t *pids = NULL;
	unsigned int flags = 0;
	size_t n = 0, notes_len = 0, nloads = 0;
	uint8_t *notes = NULL;
	int c, ret, force = 0;

	while ((c = getopt_long(argc, argv, "o:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'a': flags |= FA_CS_REBUILD_ALL; break;
		case 'v': vmlinux = optarg; break;
		case 'f': force = 1; break;
		case 'h': usage(stdout); return FA_EXIT_OK;
		default:
			return fa_cli_bad_option(argv[0], "o:fh", argv);
		}
	}
	if (!out && optind == argc - 2)
		out = argv[argc - 1];
	else if (!out || optind != argc - 1)
		return fa_cli_usage_error(argv[0], "expected DUMP and OUT");
	dump = argv[optind];
	ret = fa_cli_output_rule(&rule, force, dump, out);
	if (ret)
		return ret;
	fa_cpustate_init(&in.cs);
	in.notes = NULL;
	in.fw = NULL;
	if (fa_dump_open(dump, 0, &d, &e))
		return fa_cli_error(dump, &e);
	ret = FA_EXIT_INPUT;
	if (!d->elf || d->format != FA_DUMP_ELF) {
		fa_err_set(&e, FA_EUNSUP, "a %s: rebuild-notes writes ELF vmcores from ELF vmcores",
			   fa_dump_format_name(d->format));
		goto fail;
	}
	ret = fa_cli_open_vmlinux(vmlinux, d, &sym);
	if (ret)
		goto out;
	ret = FA_EXIT_INPUT;
	if (fa_cpus_load(d, 0, &in, &e))
		goto fail;
	if (sym && fa_kcpus_read(d, sym, &k, &e))
		goto fail;
	if (in.cs.source == FA_CS_SRC_NOTES && in.nnotes) {
		if (!sym) {
			fa_err_set(&e, FA_EUNSUP,
				   "no firmware register save area (a mainline dump): give --vmlinux FILE to pair the kernel's notes with CPUs");
			goto fail;
		}
		if (kernel_notes(&in, &k, &o, &pids, how, &e))
			goto fail;
		n = k.n;
	} else {
		if (fa_cpustate_rebuild(&in.cs, flags, &o, &n, &e))
			goto fail;
		if (sym && !(pids = fw_pids(&k, o, n))) {
			fa_err_set(&e, FA_ENOMEM, "out of memory");
			goto fail;
		}
	}
	if (build_notes(d, o, pids, n, &notes, &notes_len, &e))
		goto fail;
	if (write_copy(d, out, &rule, notes, notes_len, &nloads, &e)) {
		ret = fa_cli_error(out, &e);
		goto out;
	}
	printf("%s: %zu CPU note(s), CPUs %u..%u in ascending order", out, n,
	       o[0].cpu, o[n - 1].cpu);
	if (how[0] + how[1]) {
		printf(" (the kernel's notes: %zu by %s, %zu %s",
		       how[0], pair_how[0], how[1], pair_how[1]);
		if (k.crashing >= 0)
			printf("; crashing CPU %" PRId64 " from crashing_cpu, LINK := NIP",
			       k.crashing);
		printf(")");
	} else if (in.cs.crashing >= 0) {
		printf(" (crashing CPU %" PRId64 " from the crash-info header)",
		       in.cs.threads[in.cs.crashing].cpu);
	}
	if (pids)
		printf("; pr_pid from paca->__current");
	printf("; %zu PT_LOAD(s) copied\n", nloads);
	ret = FA_EXIT_OK;
	goto out;
fail:
	ret = fa_cli_error(d->file, &e);
out:
	free(notes);
	free(o);
	free(pids);
	fa_kcpus_free(&k);
	fa_sym_close(sym);
	fa_cpus_input_free(&in);
	fa_dump_close(d);
	return ret;
}
