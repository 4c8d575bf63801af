// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * synth.c - the crashed first kernel's memory: seeded page content, the
 * kernel image at physical 0, and the state the kernel leaves behind
 * (VMCOREINFO, linux_banner, init_uts_ns, the printk ring, crashing_cpu,
 * panic_cpu, the CPU masks).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfnote.h"
#include "fa_endian.h"
#include "kimage.h"
#include "printk.h"
#include "sparse.h"
#include "synth.h"
#include "vmcoreinfo.h"

#define KERNELBASE	FA_PPC64_PAGE_OFFSET
#define NR_CPUS		2048
#define PANIC_TS	(31ULL * 1000000000ULL)	/* the panic, 31 s after boot */

struct synth_rec {
	struct fa_printk_record r;
	int panic;		/* regenerated when the crashing CPU changes */
};

struct synth {
	/* VMCOREINFO: the text as the kernel keeps it, and where it lives */
	char *vi_text;
	size_t vi_len, vi_cap;
	uint64_t vi_data, vi_note;	/* kernel virtual addresses */
	/* printk ring (have_prb: any log format, log_format says which) */
	int have_prb;
	int log_format;			/* MACHINE_PRINTK_* */
	struct fa_prb_layout prb;
	struct fa_prb_place place;
	struct fa_printk_log_layout plog;
	struct fa_printk_old_place old;
	/* --mem-model sparse */
	struct synth_sparse sparse;
	struct synth_rec *recs;
	size_t nrecs, cap;
};

static void synth_free(void *p)
{
	struct synth *s = p;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nrecs; i++)
		free(s->recs[i].r.text);
	free(s->recs);
	free(s->vi_text);
	free(s);
}

const char *synth_release(const struct machine *m)
{
	int fmt = machine_printk(&m->cfg);

	/* the log format dates the kernel */
	if (fmt == MACHINE_PRINTK_PLAIN)
		return "2.6.36-fadump-tools-sample";
	if (fmt == MACHINE_PRINTK_RECORDS)
		return "5.9.0-fadump-tools-sample";
	return m->cfg.era == FA_ERA_PRE_6_10 ? "6.9.0-fadump-tools-sample" :
					       "6.10.0-fadump-tools-sample";
}

static const char *uts_machine(const struct machine *m)
{
	return m->byteorder == FA_BE ? "ppc64" : "ppc64le";
}

static const char uts_version[] = "#1 SMP Debian 6.10.0-1 (2024-07-15)";

/* ---- page content ---- */

static const char *const words[] = {
	"kworker/0:1", "systemd[1]", "xfs", "ext4", "nvme0n1", "eth0", "ibmvscsi",
	"scsi", "audit", "EXT4-fs (sda2)", "random", "mm", "irq", "rcu", "virtio",
	"block", "tcp", "dracut", "udevd", "NET",
};

static const char *const events[] = {
	"mounted filesystem", "link is up", "queue started", "request completed",
	"allocated buffer", "timer fired", "cpu went idle", "page reclaimed",
	"device attached", "state changed to", "flushing", "registered",
};

static void text_page(uint64_t h, uint8_t *page)
{
	char line[160];
	size_t pos = 0;
	uint64_t s = h, t = h % 100000;

	while (pos < MACHINE_CHUNK) {
		uint64_t r = machine_seed_next(&s);
		int n;

		t += r % 5000;
		n = snprintf(line, sizeof(line), "[%5" PRIu64 ".%06" PRIu64 "] %s: %s %08" PRIx64 "\n",
			     t / 1000, (t % 1000) * 1000 + (r >> 40) % 1000,
			     words[(r >> 8) % (sizeof(words) / sizeof(words[0]))],
			     events[(r >> 16) % (sizeof(events) / sizeof(events[0]))],
			     r >> 32);
		if (n > (int)(MACHINE_CHUNK - pos))
			n = (int)(MACHINE_CHUNK - pos);
		memcpy(page + pos, line, (size_t)n);
		pos += (size_t)n;
	}
}

static void struct_page(const struct machine *m, uint64_t paddr, uint64_t h,
			uint8_t *page)
{
	uint64_t s = h, span = m->mem_end ? m->mem_end : 1;
	size_t off;

	/* 64-byte objects: list_head, flags, refcount, id, a pointer, pad */
	for (off = 0; off < MACHINE_CHUNK; off += 64) {
		uint64_t r = machine_seed_next(&s);
		uint64_t self = KERNELBASE + paddr + off;
		uint8_t *o = page + off;

		memset(o, 0, 64);
		fa_put64(o, m->byteorder, self + ((off + 64) % MACHINE_CHUNK) - off);
		fa_put64(o + 8, m->byteorder, self + ((off + MACHINE_CHUNK - 64) %
						     MACHINE_CHUNK) - off);
		fa_put64(o + 16, m->byteorder, r & 0x3ffff);
		fa_put32(o + 24, m->byteorder, (uint32_t)(r >> 20) & 0xff);
		fa_put32(o + 28, m->byteorder, (uint32_t)(r >> 32) & 0xffff);
		fa_put64(o + 32, m->byteorder,
			 KERNELBASE + ((machine_seed_next(&s) % span) & ~7ULL));
		fa_put64(o + 40, m->byteorder, r >> 48);
	}
}

static void random_page(uint64_t h, uint8_t *page)
{
	uint64_t s = h;
	size_t i;

	for (i = 0; i < MACHINE_CHUNK; i += 8) {
		uint64_t w = machine_seed_next(&s);

		memcpy(page + i, &w, 8);
	}
}

/* What a first-kernel page held: its class comes from its kernel page. */
static int content_fn(void *ctx, uint64_t paddr, uint8_t *page,
		      struct fa_err *e)
{
	const struct machine *m = ctx;
	const struct machine_config *c = &m->cfg;
	uint64_t cls = machine_hash(c->seed, paddr / m->page_size, 0x636c73) % 100;
	uint64_t h = machine_hash(c->seed, paddr, 0x706167);

	(void)e;
	if (cls < c->content_zero)
		memset(page, 0, MACHINE_CHUNK);
	else if (cls < c->content_zero + c->content_text)
		text_page(h, page);
	else if (cls < c->content_zero + c->content_text + c->content_struct)
		struct_page(m, paddr, h, page);
	else
		random_page(h, page);
	return 0;
}

/* The zero class of content_fn(), decided without building the page. */
static int content_is_zero(void *ctx, uint64_t paddr)
{
	const struct machine *m = ctx;

	return machine_hash(m->cfg.seed, paddr / m->page_size, 0x636c73) % 100 <
	       m->cfg.content_zero;
}

/* ---- helpers ---- */

static int ksym_paddr(struct machine *m, const char *name, uint64_t *paddr,
		      struct fa_err *e)
{
	uint64_t v;

	if (machine_ksym(m, name, &v) || v < KERNELBASE)
		return fa_err_set(e, FA_ENOENT, "kernel image has no symbol %s", name);
	*paddr = v - KERNELBASE;
	return 0;
}

/* Store a NUL-terminated string into a char array member. */
static int put_string(struct machine *m, const char *var, const char *member,
		      const char *str, struct fa_err *e)
{
	uint64_t va, size;
	size_t l = strlen(str);
	char *buf;
	int rc = machine_kvar_member(m, var, member, &va, &size, e);

	if (rc)
		return rc;
	if (l >= size)
		l = size - 1;
	buf = calloc(1, size);
	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "%s: out of memory", var);
	memcpy(buf, str, l);
	rc = machine_write(m, va - KERNELBASE, buf, size, e);
	free(buf);
	return rc;
}

static int load_image(struct machine *m, struct fa_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < kimage_nloads(m->img); i++) {
		const struct kimage_load *l = kimage_load(m->img, i);
		uint64_t pa;

		if (l->vaddr < KERNELBASE)
			return fa_err_set(e, FA_ERANGE,
					  "kernel image: PT_LOAD %zu at 0x%" PRIx64
					  " is below KERNELBASE", i, l->vaddr);
		pa = l->vaddr - KERNELBASE;
		rc = machine_write(m, pa, l->data, l->filesz, e);
		if (!rc && l->memsz > l->filesz)
			rc = machine_zero(m, pa + l->filesz, l->memsz - l->filesz, e);
		if (rc)
			return fa_err_prefix(e, "loading the kernel image: ");
	}
	return 0;
}

/* ---- identity ---- */

static int plant_identity(struct machine *m, struct fa_err *e)
{
	char banner[256];
	uint64_t pa = 0;
	int rc;

	snprintf(banner, sizeof(banner),
		 "Linux version %s (fadump-tools@sample) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) %s\n",
		 synth_release(m), uts_version);
	rc = ksym_paddr(m, "linux_banner", &pa, e);
	if (!rc)
		rc = machine_write(m, pa, banner, strlen(banner) + 1, e);
	if (!rc)
		rc = put_string(m, "init_uts_ns", "name.sysname", "Linux", e);
	if (!rc)
		rc = put_string(m, "init_uts_ns", "name.nodename", "fadump-sample", e);
	if (!rc)
		rc = put_string(m, "init_uts_ns", "name.release", synth_release(m), e);
	if (!rc)
		rc = put_string(m, "init_uts_ns", "name.version", uts_version, e);
	if (!rc)
		rc = put_string(m, "init_uts_ns", "name.machine", uts_machine(m), e);
	return rc;
}

static int plant_memory_model(struct machine *m, struct fa_err *e)
{
	int rc = machine_kvar_write(m, "contig_page_data", "node_start_pfn", 0, e);

	if (!rc)
		rc = machine_kvar_write(m, "contig_page_data", "node_spanned_pages",
					m->mem_end / m->page_size, e);
	if (!rc)
		rc = machine_kvar_write(m, "contig_page_data", "node_present_pages",
					m->phys_mem_size / m->page_size, e);
	if (!rc)
		rc = machine_kvar_write(m, "jiffies", NULL,
					4294937296ULL + PANIC_TS / 4000000, e);
	return rc;
}

/* ---- CPU masks and panic state ---- */

static int write_mask(struct machine *m, const char *var, int online_only,
		      struct fa_err *e)
{
	uint8_t buf[NR_CPUS / 8];
	uint32_t i;
	uint64_t va, size;
	int rc = machine_kvar_member(m, var, "bits", &va, &size, e);

	if (rc)
		return rc;
	if (size > sizeof(buf))
		size = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < m->ncpus && i / 8 < size; i++) {
		uint64_t word;

		if (online_only && !m->cpu[i].online)
			continue;
		word = fa_get64(buf + (i / 64) * 8, m->byteorder);
		word |= 1ULL << (i % 64);
		fa_put64(buf + (i / 64) * 8, m->byteorder, word);
	}
	return machine_write(m, va - KERNELBASE, buf, size, e);
}

int synth_set_online(struct machine *m, uint32_t cpu, int online,
		     struct fa_err *e)
{
	if (cpu >= m->ncpus)
		return fa_err_set(e, FA_EINVAL, "CPU %u: expected 0..%u", cpu,
				  m->ncpus - 1);
	m->cpu[cpu].online = !!online;
	if (!m->img)
		return 0;
	return write_mask(m, "__cpu_online_mask", 1, e);
}

static int plant_cpus(struct machine *m, struct fa_err *e)
{
	int rc = write_mask(m, "__cpu_possible_mask", 0, e);

	if (!rc)
		rc = write_mask(m, "__cpu_present_mask", 0, e);
	if (!rc)
		rc = write_mask(m, "__cpu_online_mask", 1, e);
	if (!rc)
		rc = machine_kvar_write(m, "nr_cpu_ids", NULL, m->ncpus, e);
	return rc;
}

/* ---- printk ---- */

static int prb_write(void *ctx, int space, uint64_t addr, const void *buf,
		     size_t len, struct fa_err *e)
{
	struct machine *m = ctx;

	if (space != FA_KVADDR || addr < KERNELBASE)
		return fa_err_set(e, FA_ERANGE, "address 0x%" PRIx64
				  " is not in the linear map", addr);
	return machine_write(m, addr - KERNELBASE, buf, len, e);
}

static int type_off(struct machine *m, const char *type, const char *path,
		    uint32_t *out, int want_size, struct fa_err *e)
{
	struct kimage_loc loc;
	int rc = kimage_type_member(m->img, type, path, &loc, e);

	if (rc)
		return rc;
	*out = (uint32_t)(want_size ? loc.size : loc.offset);
	return 0;
}

/* The ring layout, from the image's own DWARF. */
static int prb_layout(struct machine *m, struct fa_prb_layout *l,
		      struct fa_err *e)
{
	static const struct {
		const char *type, *path;
		size_t off;
		int size;
	} t[] = {
#define F(ty, p, fld, sz) { ty, p, offsetof(struct fa_prb_layout, fld), sz }
		F("struct printk_ringbuffer", NULL, rb_size, 1),
		F("struct printk_ringbuffer", "desc_ring", rb_desc_ring, 0),
		F("struct printk_ringbuffer", "text_data_ring", rb_text_data_ring, 0),
		F("struct printk_ringbuffer", "fail", rb_fail, 0),
		F("struct prb_desc_ring", NULL, dr_size, 1),
		F("struct prb_desc_ring", "count_bits", dr_count_bits, 0),
		F("struct prb_desc_ring", "descs", dr_descs, 0),
		F("struct prb_desc_ring", "infos", dr_infos, 0),
		F("struct prb_desc_ring", "head_id", dr_head_id, 0),
		F("struct prb_desc_ring", "tail_id", dr_tail_id, 0),
		F("struct prb_data_ring", NULL, tr_size, 1),
		F("struct prb_data_ring", "size_bits", tr_size_bits, 0),
		F("struct prb_data_ring", "data", tr_data, 0),
		F("struct prb_data_ring", "head_lpos", tr_head_lpos, 0),
		F("struct prb_data_ring", "tail_lpos", tr_tail_lpos, 0),
		F("struct prb_desc", NULL, desc_size, 1),
		F("struct prb_desc", "state_var", desc_state_var, 0),
		F("struct prb_desc", "text_blk_lpos", desc_text_blk_lpos, 0),
		F("struct prb_data_blk_lpos", NULL, lpos_size, 1),
		F("struct prb_data_blk_lpos", "begin", lpos_begin, 0),
		F("struct prb_data_blk_lpos", "next", lpos_next, 0),
		F("struct printk_info", NULL, info_size, 1),
		F("struct printk_info", "seq", info_seq, 0),
		F("struct printk_info", "ts_nsec", info_ts_nsec, 0),
		F("struct printk_info", "text_len", info_text_len, 0),
		F("struct printk_info", "caller_id", info_caller_id, 0),
		F("struct printk_info", "dev_info", info_dev_info, 0),
		F("struct dev_printk_info", NULL, dev_size, 1),
		F("struct dev_printk_info", "subsystem", dev_subsystem, 0),
		F("struct dev_printk_info", "device", dev_device, 0),
		F("struct dev_printk_info", "subsystem", subsystem_len, 1),
		F("struct dev_printk_info", "device", device_len, 1),
		F("atomic_long_t", NULL, atomic_size, 1),
		F("atomic_long_t", "counter", atomic_counter, 0),
#undef F
	};
	uint64_t v;
	size_t i;
	int rc;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rc = type_off(m, t[i].type, t[i].path,
			      (uint32_t *)((char *)l + t[i].off), t[i].size, e);
		if (rc)
			return rc;
	}
	rc = machine_kvar_read(m, "printk_rb_static", "desc_ring.count_bits", &v, e);
	l->count_bits = (unsigned int)v;
	if (!rc)
		rc = machine_kvar_read(m, "printk_rb_static",
				       "text_data_ring.size_bits", &v, e);
	l->size_bits = (unsigned int)v;
	return rc;
}

static int prb_setup(struct machine *m, struct synth *s, struct fa_err *e)
{
	struct fa_prb_place *p = &s->place;
	int rc;

	if (machine_ksym(m, "prb", &p->prb))
		return 0;	/* an image without the lockless ring */
	rc = prb_layout(m, &s->prb, e);
	if (rc)
		return rc;
	if (machine_ksym(m, "printk_rb_static", &p->rb) ||
	    machine_ksym(m, "_printk_rb_static_descs", &p->descs) ||
	    machine_ksym(m, "_printk_rb_static_infos", &p->infos) ||
	    machine_ksym(m, "__log_buf", &p->text))
		return fa_err_set(e, FA_ENOENT,
				  "kernel image: printk ring symbols missing (printk_rb_static, _printk_rb_static_descs/infos, __log_buf)");
	if (machine_ksym(m, "clear_seq", &p->clear_seq))
		p->clear_seq = 0;
	p->desc0_id = 0;
	s->have_prb = 1;
	return 0;
}

/* The older logs in __log_buf: the record ring or the character ring. */
static int old_log_setup(struct machine *m, struct synth *s, int fmt,
			 struct fa_err *e)
{
	struct fa_printk_old_place *p = &s->old;
	struct fa_printk_log_layout *l = &s->plog;
	struct kimage_loc loc;
	uint64_t len;
	unsigned int bits = 0;
	int rc = 0;

	if (machine_ksym(m, "log_buf", &p->log_buf) ||
	    machine_ksym(m, "log_buf_len", &p->log_buf_len) ||
	    machine_ksym(m, "__log_buf", &p->buf) ||
	    machine_ksym_size(m, "__log_buf", &len))
		return 0;	/* an image without a log */
	while ((1ULL << bits) < len)
		bits++;
	p->buf_len = (uint32_t)len;
	if (fmt == MACHINE_PRINTK_PLAIN) {
		if (machine_ksym(m, "log_end", &p->log_end))
			return fa_err_set(e, FA_ENOENT,
					  "kernel image: --printk plain needs the symbol log_end");
		if (machine_ksym(m, "logged_chars", &p->logged_chars))
			p->logged_chars = 0;
	} else {
		if (machine_ksym(m, "log_first_idx", &p->first_idx) ||
		    machine_ksym(m, "log_next_idx", &p->next_idx))
			return fa_err_set(e, FA_ENOENT,
					  "kernel image: --printk records needs the symbols log_first_idx and log_next_idx");
		if (machine_ksym(m, "clear_idx", &p->clear_idx))
			p->clear_idx = 0;
		if (machine_ksym(m, "log_first_seq", &p->first_seq))
			p->first_seq = 0;
		if (machine_ksym(m, "log_next_seq", &p->next_seq))
			p->next_seq = 0;
		rc = type_off(m, "struct printk_log", NULL, &l->size, 1, e);
		if (!rc)
			rc = type_off(m, "struct printk_log", "ts_nsec", &l->ts_nsec, 0, e);
		if (!rc)
			rc = type_off(m, "struct printk_log", "len", &l->len, 0, e);
		if (!rc)
			rc = type_off(m, "struct printk_log", "text_len", &l->text_len, 0, e);
		if (!rc)
			rc = type_off(m, "struct printk_log", "dict_len", &l->dict_len, 0, e);
		if (!rc && kimage_type_member(m->img, "struct printk_log",
					      "caller_id", &loc, e))
			l->caller_id = UINT32_MAX;
		else if (!rc)
			l->caller_id = (uint32_t)loc.offset;
		l->align = 8;	/* __alignof__(struct printk_log): its u64 */
		if (rc)
			return rc;
	}
	/* ring_room() estimates with the lockless geometry */
	s->prb.size_bits = bits;
	s->prb.count_bits = bits > 5 ? bits - 5 : 1;
	s->log_format = fmt;
	s->have_prb = 1;
	return 0;
}

static int log_setup(struct machine *m, struct synth *s, struct fa_err *e)
{
	int fmt = machine_printk(&m->cfg);

	if (fmt != MACHINE_PRINTK_LOCKLESS)
		return old_log_setup(m, s, fmt, e);
	s->log_format = fmt;
	return prb_setup(m, s, e);
}

static int prb_flush(struct machine *m, struct synth *s, struct fa_err *e)
{
	struct fa_mem_writer w = { prb_write, m, m->byteorder, 8 };
	struct fa_printk_record *r;
	size_t i;
	int rc;

	if (!s->have_prb)
		return 0;
	r = calloc(s->nrecs ? s->nrecs : 1, sizeof(*r));
	if (!r)
		return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
	for (i = 0; i < s->nrecs; i++)
		r[i] = s->recs[i].r;
	if (s->log_format == MACHINE_PRINTK_RECORDS)
		rc = fa_printk_varlen_encode(&w, &s->plog, &s->old, r, s->nrecs, e);
	else if (s->log_format == MACHINE_PRINTK_PLAIN)
		rc = fa_printk_plain_encode(&w, &s->old, r, s->nrecs, e);
	else
		rc = fa_prb_encode(&w, &s->prb, &s->place, r, s->nrecs, e);
	free(r);
	return rc;
}

/* Insert a record in timestamp order (stable); the ring is re-encoded. */
static int rec_add(struct synth *s, uint64_t ts, int level, uint32_t caller,
		   const char *text, int panic, struct fa_err *e)
{
	struct synth_rec *r;
	size_t pos = s->nrecs;

	if (s->nrecs == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		void *n = realloc(s->recs, cap * sizeof(*s->recs));

		if (!n)
			return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
		s->recs = n;
		s->cap = cap;
	}
	while (pos > 0 && s->recs[pos - 1].r.ts_nsec > ts)
		pos--;
	memmove(&s->recs[pos + 1], &s->recs[pos],
		(s->nrecs - pos) * sizeof(*s->recs));
	r = &s->recs[pos];
	memset(r, 0, sizeof(*r));
	r->r.text = strdup(text);
	if (!r->r.text) {
		memmove(&s->recs[pos], &s->recs[pos + 1],
			(s->nrecs - pos) * sizeof(*s->recs));
		return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
	}
	r->r.text_len = strlen(text);
	r->r.ts_nsec = ts;
	r->r.level = (uint8_t)level;
	r->r.flags = 0x2;	/* LOG_NEWLINE */
	r->r.caller_id = caller;
	r->panic = panic;
	s->nrecs++;
	return 0;
}

/* The ring has room for what the model prints; refuse to overflow it. */
static int ring_room(const struct synth *s, size_t text_len, struct fa_err *e)
{
	uint64_t used = 0;
	size_t i;

	for (i = 0; i < s->nrecs; i++)
		used += FA_ALIGN_UP(8 + s->recs[i].r.text_len, 8);
	if (s->nrecs + 1 >= (1ULL << s->prb.count_bits) ||
	    used + FA_ALIGN_UP(8 + text_len, 8) + 4096 > (1ULL << s->prb.size_bits))
		return fa_err_set(e, FA_ERANGE,
				  "printk ring full: %zu records, %" PRIu64
				  " of %llu text bytes used", s->nrecs, used,
				  1ULL << s->prb.size_bits);
	return 0;
}

int synth_printk_append(struct machine *m, uint64_t ts_nsec, int level,
			const char *text, struct fa_err *e)
{
	struct synth *s = m->synth;
	size_t l = strlen(text);
	int rc;

	if (!s)
		return fa_err_set(e, FA_EINVAL, "printk: synth_populate() not run");
	if (level < 0 || level > 7)
		return fa_err_set(e, FA_EINVAL, "printk: expected level 0..7, found %d",
				  level);
	while (l && text[l - 1] == '\n')
		l--;
	if (!s->have_prb)
		return 0;
	rc = ring_room(s, l, e);
	if (rc)
		return rc;
	{
		char *t = strndup(text, l);

		if (!t)
			return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
		rc = rec_add(s, ts_nsec, level, 1, t, 0, e);
		free(t);
	}
	return rc ? rc : prb_flush(m, s, e);
}

static uint64_t ts_jitter(const struct machine *m, uint64_t base, int i)
{
	return base + machine_hash(m->cfg.seed, 0x7473, (uint64_t)i) % 900000;
}

static int plant_boot_log(struct machine *m, struct synth *s, struct fa_err *e)
{
	char line[4200];
	uint64_t ram_mb = m->phys_mem_size >> 20;
	const char *plat = m->cfg.platform == FA_PLAT_POWERNV ? "PowerNV" : "pSeries";
	int rc, i = 0;
#define ADD(ts, lvl, ...) do {						\
		snprintf(line, sizeof(line), __VA_ARGS__);		\
		rc = rec_add(s, ts_jitter(m, (ts), i++), (lvl), 0x80000000u, \
			     line, 0, e);				\
		if (rc)							\
			return rc;					\
	} while (0)

	snprintf(line, sizeof(line),
		 "Linux version %s (fadump-tools@sample) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) %s",
		 synth_release(m), uts_version);
	rc = rec_add(s, 0, 5, 0x80000000u, line, 0, e);
	if (rc)
		return rc;
	ADD(0, 6, "Using %s machine description", plat);
	ADD(0, 6, "printk: legacy bootconsole [udbg0] enabled");
	ADD(0, 6, "Page sizes from device-tree:");
	if (m->cfg.mem_model == MACHINE_MEM_SPARSE)
		ADD(0, 6, "Using Hash MMU under hypervisor");
	else
		ADD(0, 6, "Using Radix MMU under hypervisor");
	ADD(0, 6, "Mapped 0x0000000000000000-0x%016" PRIx64 " with %s pages",
	    m->mem_end - 1, m->page_size == 65536 ? "64.0 KiB" : "4.00 KiB");
	ADD(0, 6, "Linux/PowerPC:  %u CPUs, %" PRIu64 " MB memory", m->ncpus, ram_mb);
	ADD(0, 6, "Kernel command line: %s", m->cfg.cmdline);
	ADD(0, 6, "Memory: %" PRIu64 "K/%" PRIu64 "K available",
	    (m->phys_mem_size >> 10) - 65536, m->phys_mem_size >> 10);
	ADD(1000000, 6, "smp: Bringing up secondary CPUs ...");
	ADD(1100000, 6, "smp: Brought up 1 node, %u CPUs", m->ncpus);
	ADD(1500000, 6, "devtmpfs: initialized");
	ADD(2500000, 6, "PCI: Probing PCI hardware");
	ADD(4000000, 6, "Freeing unused kernel image (initmem) memory: 5568K");
	ADD(4100000, 6, "Run /init as init process");
	ADD(9000000000ULL, 6, "systemd[1]: Reached target basic.target - Basic System.");
#undef ADD
	return 0;
}

/* The records the crash itself prints, on the crashing CPU. */
static int plant_panic_log(struct machine *m, struct synth *s, struct fa_err *e)
{
	char line[1024];
	uint32_t cpu = m->crashing_cpu;
	uint32_t caller = 0x80000000u | cpu;
	const struct machine_cpu *c = &m->cpu[cpu];
	int rc;
	size_t i = 0;

	/* drop the panic records of a previous crashing CPU */
	while (i < s->nrecs) {
		if (!s->recs[i].panic) {
			i++;
			continue;
		}
		free(s->recs[i].r.text);
		memmove(&s->recs[i], &s->recs[i + 1],
			(s->nrecs - i - 1) * sizeof(*s->recs));
		s->nrecs--;
	}
	rc = rec_add(s, PANIC_TS, 6, caller, "sysrq: Trigger a crash", 1, e);
	if (!rc) {
		snprintf(line, sizeof(line), "Kernel panic - not syncing: %s",
			 m->panic_msg);
		rc = rec_add(s, PANIC_TS + 1200, 0, caller, line, 1, e);
	}
	if (!rc) {
		snprintf(line, sizeof(line),
			 "CPU: %u PID: 1 Comm: swapper/0 Not tainted %s %s\n"
			 "Hardware name: IBM pSeries (emulated by qemu) POWER9 (raw) 0x4e1202 0xf000005 of:SLOF,HEAD %s\n"
			 "Call Trace:\n"
			 "[c%015" PRIx64 "] [c000000000000100] dump_stack_lvl+0x70/0xa0 (unreliable)\n"
			 "[c%015" PRIx64 "] [c000000000000200] panic+0x16c/0x3f0",
			 cpu, synth_release(m), uts_version,
			 m->cfg.platform == FA_PLAT_POWERNV ? "PowerNV" : "pSeries",
			 (uint64_t)(c->pt_regs[PT_R1] & 0x0fffffffffffffffULL),
			 (uint64_t)((c->pt_regs[PT_R1] + 0x80) & 0x0fffffffffffffffULL));
		rc = rec_add(s, PANIC_TS + 2500, 4, caller, line, 1, e);
	}
	return rc;
}

/* ---- VMCOREINFO ---- */

static int vi_write(struct machine *m, struct synth *s, struct fa_err *e)
{
	uint8_t *note;
	size_t nlen;
	int rc;

	/* vmcoreinfo_data, vmcoreinfo_size, then update_vmcoreinfo_note() */
	rc = machine_write(m, s->vi_data - KERNELBASE, s->vi_text, s->vi_len, e);
	if (!rc)
		rc = machine_kvar_write(m, "vmcoreinfo_size", NULL, s->vi_len, e);
	if (rc)
		return rc;
	nlen = fa_note_size("VMCOREINFO", s->vi_len) + FA_NOTE_HDR_SIZE;
	note = calloc(1, nlen);
	if (!note)
		return fa_err_set(e, FA_ENOMEM, "VMCOREINFO note: out of memory");
	nlen = fa_note_put(note, m->byteorder, "VMCOREINFO", FA_NT_VMCOREINFO,
			   s->vi_text, (uint32_t)s->vi_len);
	nlen += fa_note_put_end(note + nlen);
	rc = machine_write(m, s->vi_note - KERNELBASE, note, nlen, e);
	free(note);
	return rc;
}

static void vi_symbol(struct machine *m, struct fa_vmci_builder *b,
		      const char *name)
{
	uint64_t v;

	if (!machine_ksym(m, name, &v))
		fa_vmci_add_symbol(b, name, v);
}

static void vi_offset(struct machine *m, struct fa_vmci_builder *b,
		      const char *type, const char *member, const char *key)
{
	struct kimage_loc loc;
	struct fa_err e;

	if (!kimage_type_member(m->img, type, member, &loc, &e))
		fa_vmci_add_offset(b, key, loc.offset);
}

static void vi_size(struct machine *m, struct fa_vmci_builder *b,
		    const char *type, const char *key)
{
	struct kimage_loc loc;
	struct fa_err e;

	if (!kimage_type_member(m->img, type, NULL, &loc, &e))
		fa_vmci_add_size(b, key, loc.size);
}

static int plant_vmcoreinfo(struct machine *m, struct synth *s,
			    struct fa_err *e)
{
	struct fa_vmci_builder b;
	uint8_t id[20] = { 0 };
	int rc;

	rc = machine_kvar_read(m, "vmcoreinfo_data", NULL, &s->vi_data, e);
	if (!rc)
		rc = machine_kvar_read(m, "vmcoreinfo_note", NULL, &s->vi_note, e);
	if (rc)
		return rc;
	if (s->vi_data < KERNELBASE || s->vi_note < KERNELBASE)
		return fa_err_set(e, FA_ECORRUPT,
				  "kernel image: vmcoreinfo_data/vmcoreinfo_note are not set");
	s->vi_cap = m->page_size;
	s->vi_text = calloc(1, s->vi_cap);
	if (!s->vi_text)
		return fa_err_set(e, FA_ENOMEM, "VMCOREINFO: out of memory");
	fa_vmci_builder_init(&b, s->vi_text, s->vi_cap);
	/* crash_save_vmcoreinfo_init(), in the kernel's order */
	fa_vmci_add_osrelease(&b, synth_release(m));
	kimage_build_id(m->img, id);
	fa_vmci_add_build_id(&b, id);
	fa_vmci_add_pagesize(&b, (long)m->page_size);
	vi_symbol(m, &b, "init_uts_ns");
	vi_offset(m, &b, "struct uts_namespace", "name", "uts_namespace.name");
	vi_symbol(m, &b, "swapper_pg_dir");
	vi_symbol(m, &b, "_stext");
	vi_symbol(m, &b, "mem_map");
	vi_symbol(m, &b, "contig_page_data");
	vi_size(m, &b, "struct page", "page");
	vi_size(m, &b, "struct pglist_data", "pglist_data");
	vi_size(m, &b, "struct list_head", "list_head");
	vi_offset(m, &b, "struct page", "flags", "page.flags");
	vi_offset(m, &b, "struct page", "_refcount", "page._refcount");
	vi_offset(m, &b, "struct page", "mapping", "page.mapping");
	vi_offset(m, &b, "struct page", "lru", "page.lru");
	vi_offset(m, &b, "struct page", "_mapcount", "page._mapcount");
	vi_offset(m, &b, "struct page", "private", "page.private");
	vi_offset(m, &b, "struct pglist_data", "node_mem_map", "pglist_data.node_mem_map");
	vi_offset(m, &b, "struct pglist_data", "node_start_pfn", "pglist_data.node_start_pfn");
	vi_offset(m, &b, "struct pglist_data", "node_spanned_pages",
		  "pglist_data.node_spanned_pages");
	vi_offset(m, &b, "struct pglist_data", "node_id", "pglist_data.node_id");
	vi_offset(m, &b, "struct list_head", "next", "list_head.next");
	vi_offset(m, &b, "struct list_head", "prev", "list_head.prev");
	if (m->cfg.mem_model == MACHINE_MEM_SPARSE)
		synth_sparse_vmcoreinfo(m, &s->sparse, &b);
	if (s->have_prb && s->log_format == MACHINE_PRINTK_RECORDS)
		fa_printk_varlen_vmcoreinfo(&b, &s->plog, &s->old);
	else if (s->have_prb && s->log_format == MACHINE_PRINTK_PLAIN)
		fa_printk_plain_vmcoreinfo(&b, &s->old);
	else if (s->have_prb)
		fa_prb_vmcoreinfo(&b, &s->prb, &s->place);
	/* arch_crash_save_vmcoreinfo() */
	if (m->cfg.mem_model == MACHINE_MEM_SPARSE)
		synth_sparse_arch_vmcoreinfo(m, &s->sparse, &b);
	fa_vmci_add_number(&b, "RADIX_MMU",
			   m->cfg.mem_model != MACHINE_MEM_SPARSE);
	fa_vmci_add_kerneloffset(&b, 0);
	s->vi_len = b.len;
	return vi_write(m, s, e);
}

int synth_vmcoreinfo(struct machine *m, uint64_t *paddr, uint64_t *note_size)
{
	struct synth *s = m->synth;
	uint64_t va;

	if (s && s->vi_note) {
		va = s->vi_note;
	} else {
		struct fa_err e;

		uint8_t b[8];
		uint64_t sym;

		/* a pointer variable; no DWARF needed (real vmlinux) */
		if (machine_ksym(m, "vmcoreinfo_note", &sym) || sym < KERNELBASE ||
		    machine_read(m, sym - KERNELBASE, b, 8, &e))
			return FA_ENOENT;
		va = fa_get64(b, m->byteorder);
		if (va < KERNELBASE)
			return FA_ENOENT;
	}
	*paddr = va - KERNELBASE;
	/* VMCOREINFO_NOTE_SIZE: two note headers, the name, one page */
	*note_size = 2 * FA_NOTE_HDR_SIZE + 12 + m->page_size;
	return 0;
}

int synth_crash_time(struct machine *m, uint64_t seconds, struct fa_err *e)
{
	struct synth *s = m->synth;

	if (!s && m->cfg.from_qemu[0]) {
		/*
		 * A loaded guest (--from-qemu): its own VMCOREINFO note stays
		 * as the guest kernel wrote it.
		 */
		m->crash_time = seconds;
		return 0;
	}
	if (!s || !s->vi_text)
		return fa_err_set(e, FA_EINVAL,
				  "crash time: no VMCOREINFO planted (synth_populate() not run)");
	s->vi_len = fa_vmci_append_crashtime(s->vi_text, s->vi_len, s->vi_cap,
					     (int64_t)seconds);
	m->crash_time = seconds;
	return vi_write(m, s, e);
}

int synth_set_crashing_cpu(struct machine *m, uint32_t cpu, struct fa_err *e)
{
	uint32_t old = m->crashing_cpu;
	struct synth *s = m->synth;
	int rc;

	if (cpu >= m->ncpus)
		return fa_err_set(e, FA_EINVAL,
				  "crashing CPU: expected 0..%u, found %u",
				  m->ncpus - 1, cpu);
	if (!m->cpu[cpu].online)
		return fa_err_set(e, FA_EINVAL,
				  "crashing CPU: expected an online CPU, CPU %u is offline",
				  cpu);
	m->crashing_cpu = cpu;
	if (old < m->ncpus)
		machine_cpu_regs_init(m, old);
	machine_cpu_regs_init(m, cpu);
	if (!m->img)
		return 0;
	rc = machine_kvar_write(m, "crashing_cpu", NULL, cpu, e);
	if (!rc)
		rc = machine_kvar_write(m, "panic_cpu", "counter", cpu, e);
	if (!rc && s && s->have_prb) {
		rc = plant_panic_log(m, s, e);
		if (!rc)
			rc = prb_flush(m, s, e);
	}
	return rc;
}

int synth_mem_init(struct machine *m, const struct fa_range *reserved,
		   int nr_reserved, struct fa_err *e)
{
	struct synth *s = m->synth;

	if (!s || m->cfg.mem_model != MACHINE_MEM_SPARSE)
		return 0;
	return synth_sparse_mem_init(m, &s->sparse, reserved, nr_reserved, e);
}

int synth_populate(struct machine *m, struct fa_err *e)
{
	struct synth *s;
	int rc;

	if (m->synth)
		return fa_err_set(e, FA_EINVAL, "synth_populate: already populated");
	m->content = content_fn;
	m->content_is_zero = content_is_zero;
	m->content_ctx = m;
	if (!m->img)
		return 0;
	s = calloc(1, sizeof(*s));
	if (!s)
		return fa_err_set(e, FA_ENOMEM, "synth: out of memory");
	m->synth = s;
	m->synth_free = synth_free;
	rc = load_image(m, e);
	if (!rc)
		rc = plant_identity(m, e);
	if (!rc)
		rc = plant_memory_model(m, e);
	if (!rc)
		rc = plant_cpus(m, e);
	if (!rc)
		rc = log_setup(m, s, e);
	if (!rc && m->cfg.mem_model == MACHINE_MEM_SPARSE)
		rc = synth_sparse_setup(m, &s->sparse, e);
	if (!rc && s->have_prb)
		rc = plant_boot_log(m, s, e);
	if (!rc)
		rc = plant_vmcoreinfo(m, s, e);
	if (!rc)
		rc = synth_set_crashing_cpu(m, m->crashing_cpu, e);
	if (rc)
		fa_err_prefix(e, "populating the machine: ");
	return rc;
}
