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
#include "prstatus.h"

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
 * build_notes() - the new PT_NOTE content: the rebuilt CPU notes, then
 * every note of the source that is not a "CORE" NT_PRSTATUS.
 */
static int build_notes(const struct fa_dump *d, const struct fa_cs_note_out *o,
		       size_t n, uint8_t **out, size_t *len, struct fa_err *e)
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
		p.pid = (int32_t)o[i].cpu;
		p.nreg = FA_CS_NREGS;
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
		"Usage: " FA_PROG " rebuild-notes [--all] [-f] DUMP OUT\n"
		"       " FA_PROG " rebuild-notes [--all] [-f] DUMP -o OUT\n"
		"Copy the ELF vmcore DUMP (or a capture root's proc/vmcore) to OUT with\n"
		"its CPU notes rebuilt from the firmware save area, one per CPU in\n"
		"ascending order, so that crash and libkdumpfile attach each register\n"
		"set to the right CPU.  OUT is created 0600; an existing OUT is\n"
		"refused unless -f is given.\n"
		"\n"
		"  -o, --output OUT  the file to write (instead of the second operand)\n"
		"      --all         also CPUs that were offline at crash time\n"
		"  -f, --force       replace an existing OUT; only a regular file that\n"
		"                    is not the input is ever replaced\n"
		"  -h, --help        this help\n"
		"\n" FA_HELP_EXIT);
}

int cmd_notes(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fa_cs_note_out *o = NULL;
	struct fa_cpus_input in;
	struct fa_outrule rule;
	struct fa_dump *d = NULL;
	struct fa_err e = { 0 };
	const char *out = NULL, *dump;
	unsigned int flags = 0;
	size_t n = 0, notes_len = 0, nloads = 0;
	uint8_t *notes = NULL;
	int c, ret, force = 0;

	while ((c = getopt_long(argc, argv, "o:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'a': flags |= FA_CS_REBUILD_ALL; break;
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
	if (fa_cpus_load(d, 0, &in, &e) ||
	    fa_cpustate_rebuild(&in.cs, flags, &o, &n, &e) ||
	    build_notes(d, o, n, &notes, &notes_len, &e))
		goto fail;
	if (write_copy(d, out, &rule, notes, notes_len, &nloads, &e)) {
		ret = fa_cli_error(out, &e);
		goto out;
	}
	printf("%s: %zu CPU note(s), CPUs %u..%u in ascending order", out, n,
	       o[0].cpu, o[n - 1].cpu);
	if (in.cs.crashing >= 0)
		printf(" (crashing CPU %" PRId64 " from the crash-info header)",
		       in.cs.threads[in.cs.crashing].cpu);
	printf("; %zu PT_LOAD(s) copied\n", nloads);
	ret = FA_EXIT_OK;
	goto out;
fail:
	ret = fa_cli_error(d->file, &e);
out:
	free(notes);
	free(o);
	fa_cpus_input_free(&in);
	fa_dump_close(d);
	return ret;
}
