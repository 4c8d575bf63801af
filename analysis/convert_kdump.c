// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert_kdump.c - the kdump-compressed output of fa_convert(): where its
 * bytes go (a file or a flattened stream), its headers, the room it needs
 * and the eraseinfo (see convert_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "convert_int.h"
#include "fa_endian.h"

int sink_open(struct sink *s, const char *path, int flat,
	      const struct fa_outrule *rule, struct fa_err *e)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if (!strcmp(path, "-") && !flat)
		return fa_err_set(e, FA_EINVAL,
				  "a kdump-compressed file cannot be written to stdout; use -F");
	rc = fa_outfile_open_rule(&s->of, path, rule, e);
	if (rc)
		return rc;
	s->open = 1;
	s->flat = flat;
	if (!flat)
		return 0;
	s->fw.write = fa_flat_outfile_write;
	s->fw.ctx = &s->of;
	rc = fa_flat_emit_header(&s->fw, e);
	if (rc) {
		fa_outfile_abort(&s->of);
		s->open = 0;
	}
	return rc;
}

int sink_write(struct sink *s, uint64_t off, const void *buf,
	       size_t len, struct fa_err *e)
{
	if (!len || s->discard)
		return 0;
	if (s->flat)
		return fa_flat_emit_record(&s->fw, off, buf, len, e);
	return fa_outfile_pwrite(&s->of, buf, len, off, e);
}

int sink_commit(struct sink *s, struct fa_err *e)
{
	int rc = 0;

	if (s->discard)
		return 0;
	if (s->flat)
		rc = fa_flat_emit_end(&s->fw, e);
	if (!rc)
		rc = fa_outfile_commit(&s->of, e);
	else
		fa_outfile_abort(&s->of);
	s->open = 0;
	return rc;
}

void sink_abort(struct sink *s)
{
	if (s->open)
		fa_outfile_abort(&s->of);
	s->open = 0;
}

const char *fallback_machine(uint16_t machine, int bo)
{
	switch (machine) {
	case EM_PPC64_:
		return bo == FA_LE ? "ppc64le" : "ppc64";
	case EM_X86_64_:
		return "x86_64";
	case EM_AARCH64_:
		return "aarch64";
	case EM_S390_:
		return "s390x";
	default:
		return "unknown";
	}
}

/* utsname from init_uts_ns (as makedumpfile does), else made up. */
static void fill_utsname(struct conv *cv, struct fa_new_utsname *u)
{
	uint8_t raw[6 * FA_UTS_LEN];
	int64_t offs[3] = { -1, 0, 4 };
	uint64_t sym;
	const char *rel;
	int i;

	memset(u, 0, sizeof(*u));
	if (cv->vi && !fa_vmci_symbol(cv->vi, "init_uts_ns", &sym)) {
		fa_vmci_offset(cv->vi, "uts_namespace.name", &offs[0]);
		for (i = 0; i < 3; i++) {
			if (offs[i] < 0 || read_ksym(cv, sym + (uint64_t)offs[i],
						     raw, sizeof(raw)))
				continue;
			if (memcmp(raw, "Linux", 6))
				continue;
			memcpy(u, raw, sizeof(raw));
			for (i = 0; i < 6; i++)
				((char *)u)[i * FA_UTS_LEN + FA_UTS_LEN - 1] = 0;
			return;
		}
	}
	/*
	 * libkdumpfile 0.5.1 ignores a utsname whose version is empty (and
	 * then knows no architecture): fill every field.
	 */
	snprintf(u->sysname, sizeof(u->sysname), "Linux");
	snprintf(u->nodename, sizeof(u->nodename), "(none)");
	snprintf(u->version, sizeof(u->version), "(unknown)");
	snprintf(u->domainname, sizeof(u->domainname), "(none)");
	rel = cv->vi ? fa_vmci_get(cv->vi, "OSRELEASE") : NULL;
	snprintf(u->release, sizeof(u->release), "%s", rel ? rel : "");
	snprintf(u->machine, sizeof(u->machine), "%s",
		 fallback_machine(cv->c->e_machine, cv->bo));
}

int write_headers(struct conv *cv, struct fa_err *e)
{
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	uint8_t hb[FA_DISKDUMP_HDR_SIZE];
	uint8_t *sub;
	size_t sublen = FA_KDUMP_SUB_HDR_SIZE + cv->c->notes_len;
	uint64_t t = 0;
	int64_t phys_base = 0;
	int rc;

	memset(&h, 0, sizeof(h));
	memcpy(h.signature, FA_KDUMP_SIGNATURE, FA_SIG_LEN);
	h.header_version = FA_KDUMP_HEADER_VERSION;
	fill_utsname(cv, &h.utsname);
	snprintf(cv->st->machine, sizeof(cv->st->machine), "%s",
		 h.utsname.machine);
	if (cv->vi && !fa_vmci_u64(cv->vi, "CRASHTIME", 10, &t))
		h.tv_sec = (int64_t)t;
	h.tv_usec = 0;			/* libkdumpfile's probe: keep 0 */
	h.status = cv->o->compress;
	h.block_size = (int32_t)cv->ps;
	h.sub_hdr_size = (int32_t)cv->l.sub_hdr_size;
	h.bitmap_blocks = cv->l.bitmap_blocks;
	h.max_mapnr = cv->max_mapnr > UINT32_MAX ? UINT32_MAX
						 : (uint32_t)cv->max_mapnr;
	h.nr_cpus = cv->c->nprstatus ? (int32_t)cv->c->nprstatus : 1;
	fa_diskdump_header_encode(&h, cv->bo, hb);

	memset(&s, 0, sizeof(s));
	if (cv->c->e_machine == EM_X86_64_ && cv->vi)
		fa_vmci_number(cv->vi, "phys_base", &phys_base);
	s.phys_base = (uint64_t)phys_base;
	s.dump_level = cv->o->dump_level;
	/*
	 * start_pfn/end_pfn (legacy and _64) describe a split file's range;
	 * makedumpfile 1.7.2 leaves them 0 in a whole dump, and so do we.
	 */
	if (cv->o->split) {
		s.split = 1;
		s.start_pfn = cv->o->split_start > UINT32_MAX ? UINT32_MAX
							     : cv->o->split_start;
		s.end_pfn = cv->o->split_end > UINT32_MAX ? UINT32_MAX
							 : cv->o->split_end;
		s.start_pfn_64 = cv->o->split_start;
		s.end_pfn_64 = cv->o->split_end;
	}
	s.offset_note = (int64_t)cv->l.note_off;
	s.size_note = cv->c->notes_len;
	if (cv->c->vmcoreinfo) {
		s.offset_vmcoreinfo = (int64_t)(cv->l.note_off +
			(uint64_t)((const uint8_t *)cv->c->vmcoreinfo - cv->c->notes));
		s.size_vmcoreinfo = cv->c->vmcoreinfo_len;
	}
	s.max_mapnr_64 = cv->max_mapnr;
	cv->sub = s;
	sub = malloc(sublen);
	if (!sub)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the sub-header");
	fa_kdump_sub_header_encode(&s, cv->bo, sub);
	if (cv->c->notes_len)
		memcpy(sub + FA_KDUMP_SUB_HDR_SIZE, cv->c->notes, cv->c->notes_len);
	rc = sink_write(&cv->sink, 0, hb, sizeof(hb), e);
	if (!rc)
		rc = sink_write(&cv->sink, cv->l.sub_hdr_off, sub, sublen, e);
	free(sub);
	return rc;
}

/*
 * Refuse early what the output's file system cannot hold: @need bytes
 * more for @what.  ENOSPC after hours of compression, or a sparse file of
 * terabytes, is no answer.  Only a regular file is measured.
 */
int check_room(struct conv *cv, uint64_t need, const char *what,
	       struct fa_err *e)
{
	struct statvfs vs;
	struct stat sb;
	uint64_t avail;

	if (fstat(cv->sink.of.fd, &sb) || !S_ISREG(sb.st_mode) ||
	    fstatvfs(cv->sink.of.fd, &vs))
		return 0;
	avail = (uint64_t)vs.f_bavail * vs.f_frsize;
	if (need <= avail)
		return 0;
	return fa_err_set(e, FA_EIO,
			  "%s: %s need %llu bytes, its file system has %llu free",
			  cv->sink.of.path, what, (unsigned long long)need,
			  (unsigned long long)avail);
}

/*
 * Before pass 1: the bitmap blocks of the cycles with memory, and when
 * nothing is filtered out, a descriptor for each of their pages.
 */
int check_room_bitmaps(struct conv *cv, struct fa_err *e)
{
	uint64_t cs, need = 0, pages = 0;
	size_t i;

	for (cs = 0; cs < cv->max_mapnr; cs += cv->cycle)
		if (!cycle_empty(cv, cs, cycle_end(cv, cs)))
			need += 2 * (cv->cycle / 8);
	if (!cv->have_pf && cv->rf) {
		need += cv->rf->nr_dumped * FA_PAGE_DESC_SIZE;
	} else if (!cv->have_pf) {
		for (i = 0; i < cv->c->nmap; i++) {
			const struct fa_elf_load *ld = &cv->c->map[i];
			uint64_t a = ld->paddr >> cv->pshift;
			uint64_t b = (ld->paddr + ld->memsz) >> cv->pshift;

			pages += b > a ? b - a : 0;
		}
		need += pages * FA_PAGE_DESC_SIZE;
	}
	return check_room(cv, need, "the bitmaps and page descriptors", e);
}

/* A kdump-compressed input's headers and ERASEINFO, after the pages. */
int write_rf_headers(struct conv *cv, struct fa_err *e)
{
	const struct fa_refilter *rf = cv->rf;
	uint8_t hb[FA_DISKDUMP_HDR_SIZE];
	size_t sublen = FA_KDUMP_SUB_HDR_SIZE + rf->notes_len;
	uint8_t *sub = malloc(sublen);
	int rc;

	if (!sub)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the sub-header");
	fa_refilter_headers(rf, &cv->l, cv->o->compress, cv->o->dump_level,
			    cv->data_end, hb, sub);
	rc = sink_write(&cv->sink, 0, hb, sizeof(hb), e);
	if (!rc)
		rc = sink_write(&cv->sink, cv->l.sub_hdr_off, sub, sublen, e);
	if (!rc && rf->erase_len)
		rc = sink_write(&cv->sink, cv->data_end, rf->erase,
				rf->erase_len, e);
	if (!rc)
		cv->data_end += rf->erase_len;
	free(sub);
	return rc;
}

/*
 * After the pages: the eraseinfo text (makedumpfile's write_eraseinfo()),
 * and the sub-header again with its offset and size.
 */
int write_eraseinfo(struct conv *cv, struct fa_err *e)
{
	uint8_t sub[FA_KDUMP_SUB_HDR_SIZE];
	size_t len;
	char *text;
	int rc;

	text = fa_erase_info(cv->erase, &len);
	if (!text)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the eraseinfo");
	if (!len) {
		free(text);
		return 0;
	}
	rc = sink_write(&cv->sink, cv->data_end, text, len, e);
	free(text);
	if (rc)
		return rc;
	cv->sub.offset_eraseinfo = (int64_t)cv->data_end;
	cv->sub.size_eraseinfo = len;
	cv->data_end += len;
	cv->st->size_eraseinfo = len;
	fa_kdump_sub_header_encode(&cv->sub, cv->bo, sub);
	return sink_write(&cv->sink, cv->l.sub_hdr_off, sub, sizeof(sub), e);
}
