// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * printk.c - kernel log decoder (lockless ring, variable-length records,
 * legacy character ring), dmesg-style formatter, and lockless ring encoder.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "printk.h"

/* Ring geometry limits: the kernel's CONFIG_LOG_BUF_SHIFT tops out at 25. */
/*
 * The lockless ring's size_bits: log_buf_len is at most LOG_BUF_LEN_MAX
 * (1 << 31) bytes.  The kernel sizes the descriptor ring from it
 * (count_bits = size_bits - PRB_AVGBITS), so never more descriptors than
 * text bytes.
 */
#define PRB_MAX_SIZE_BITS	31
/*
 * Descriptors in a row that are no record (a recycled id, reserved or
 * reusable) before the walk stops.  A ring the kernel wrote has a few at
 * most (the CPUs caught inside printk at the crash); a long run is memory
 * that is no ring at all (zeros, a hole), and walking 2^30 of them is
 * what a hostile count_bits buys.
 */
#define PRB_MAX_BAD_RUN		4096
/* No kernel structure of interest is anywhere near this large. */
#define PRB_MAX_STRUCT		4096
/* Old log_buf_len cap (variable-length and legacy rings). */
#define LOG_BUF_MAX		(1u << 30)

/* Descriptor states, in the top two bits of state_var. */
enum { DESC_RESERVED, DESC_COMMITTED, DESC_FINALIZED, DESC_REUSABLE };

#define FAILED_LPOS	0x1
#define NO_LPOS		0x3

/* ---- VMCOREINFO key tables -------------------------------------------- */

#define KEY_ABSENT	UINT64_MAX

struct key_spec {
	int form;
	const char *name;
	size_t off;		/* into the struct being filled */
	int optional;
};

/* Read the keys @k (each name prefixed with @prefix) into @dst. */
static int read_keys(const struct fa_vmcoreinfo *vi, const struct key_spec *k,
		     size_t n, const char *prefix, void *dst, struct fa_err *e)
{
	char name[128];
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t *v = (uint64_t *)((char *)dst + k[i].off);
		int ret;

		snprintf(name, sizeof(name), "%s%s", prefix, k[i].name);
		ret = fa_vmci_read(vi, k[i].form, name, v, e);

		if (ret == FA_ENOENT && k[i].optional) {
			*v = KEY_ABSENT;
			continue;
		}
		if (ret)
			return fa_err_prefix(e, "printk: ");
		if (k[i].form != FA_VMCI_SYMBOL && *v > PRB_MAX_STRUCT)
			return fa_err_set(e, FA_ECORRUPT,
				"printk: VMCOREINFO %s(%s)=%" PRIu64 " is larger than %d",
				k[i].form == FA_VMCI_SIZE ? "SIZE" :
				k[i].form == FA_VMCI_LENGTH ? "LENGTH" : "OFFSET",
				name, *v, PRB_MAX_STRUCT);
	}
	return 0;
}

/* Every offset we dereference, with the width read there. */
struct field_check {
	const char *what;
	size_t off;
	unsigned int width;	/* 0: pointer size */
	size_t add;		/* a second offset added to the first */
};

static int check_fields(const void *keys, uint64_t size, const char *sname,
			const struct field_check *f, size_t n, int ptr_size,
			struct fa_err *e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t off = *(const uint64_t *)((const char *)keys + f[i].off);
		uint64_t end;

		if (off == KEY_ABSENT)
			continue;
		if (f[i].add != (size_t)-1)
			off += *(const uint64_t *)((const char *)keys + f[i].add);
		end = off + (f[i].width ? f[i].width : (unsigned int)ptr_size);
		if (end > size)
			return fa_err_set(e, FA_ECORRUPT,
				"printk: %s at offset %" PRIu64 " ends past SIZE(%s)=%" PRIu64,
				f[i].what, off, sname, size);
	}
	return 0;
}

/* ---- common helpers ---------------------------------------------------- */

static int log_add(struct fa_printk_log *log, size_t *cap,
		   struct fa_printk_record **out, struct fa_err *e)
{
	if (log->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		void *p = realloc(log->rec, ncap * sizeof(*log->rec));

		if (!p)
			return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
		log->rec = p;
		*cap = ncap;
	}
	*out = &log->rec[log->count++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

static int rec_set_text(struct fa_printk_record *r, const void *t, size_t len,
			struct fa_err *e)
{
	r->text = malloc(len + 1);
	if (!r->text)
		return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
	memcpy(r->text, t, len);
	r->text[len] = '\0';
	r->text_len = len;
	return 0;
}

/* GCC bitfields "u8 flags:5, level:3": allocated from the LSB on LE, MSB on BE. */
static void split_flags_level(uint8_t b, int bo, uint8_t *flags, uint8_t *level)
{
	if (bo == FA_BE) {
		*flags = b >> 3;
		*level = b & 7;
	} else {
		*flags = b & 0x1f;
		*level = b >> 5;
	}
}

static uint8_t join_flags_level(uint8_t flags, uint8_t level, int bo)
{
	if (bo == FA_BE)
		return (uint8_t)((flags & 0x1f) << 3 | (level & 7));
	return (uint8_t)((flags & 0x1f) | (level & 7) << 5);
}

static uint64_t get_word(const uint8_t *p, int ptr_size, int bo)
{
	return ptr_size == 8 ? fa_get64(p, bo) : fa_get32(p, bo);
}

static void put_word(uint8_t *p, int ptr_size, int bo, uint64_t v)
{
	if (ptr_size == 8)
		fa_put64(p, bo, v);
	else
		fa_put32(p, bo, (uint32_t)v);
}

static int mem_read(const struct fa_mem *m, uint64_t addr, void *buf,
		    size_t len, const char *what, struct fa_err *e)
{
	int ret = m->read(m->ctx, FA_KVADDR, addr, buf, len, e);

	if (ret)
		return fa_err_prefix(e, "printk: reading %s (%zu bytes at 0x%" PRIx64 "): ",
				     what, len, addr);
	return 0;
}

static int mem_read_word(const struct fa_mem *m, uint64_t addr, int width,
			 uint64_t *v, const char *what, struct fa_err *e)
{
	uint8_t b[8];
	int ret = mem_read(m, addr, b, (size_t)width, what, e);

	if (!ret)
		*v = width == 8 ? fa_get64(b, m->byteorder)
				: fa_get32(b, m->byteorder);
	return ret;
}

/* ---- lockless ring (5.10+) --------------------------------------------- */

struct prb_keys {
	uint64_t prb;
	uint64_t rb_desc_ring, rb_text_data_ring;
	uint64_t dr_count_bits, dr_descs, dr_infos, dr_head_id, dr_tail_id;
	uint64_t tr_size_bits, tr_data;
	uint64_t desc_size, desc_state_var, desc_text_blk_lpos;
	uint64_t lpos_begin, lpos_next;
	uint64_t info_size, info_seq, info_ts_nsec, info_text_len;
	uint64_t info_caller_id, info_dev_info;
	uint64_t dev_subsystem, dev_device, subsystem_len, device_len;
	uint64_t atomic_counter;
};

#define PK(form, name, field, opt) \
	{ form, name, offsetof(struct prb_keys, field), opt }
static const struct key_spec prb_key_spec[] = {
	PK(FA_VMCI_SYMBOL, "prb", prb, 0),
	PK(FA_VMCI_OFFSET, "printk_ringbuffer.desc_ring", rb_desc_ring, 0),
	PK(FA_VMCI_OFFSET, "printk_ringbuffer.text_data_ring", rb_text_data_ring, 0),
	PK(FA_VMCI_OFFSET, "prb_desc_ring.count_bits", dr_count_bits, 0),
	PK(FA_VMCI_OFFSET, "prb_desc_ring.descs", dr_descs, 0),
	PK(FA_VMCI_OFFSET, "prb_desc_ring.infos", dr_infos, 0),
	PK(FA_VMCI_OFFSET, "prb_desc_ring.head_id", dr_head_id, 0),
	PK(FA_VMCI_OFFSET, "prb_desc_ring.tail_id", dr_tail_id, 0),
	PK(FA_VMCI_OFFSET, "prb_data_ring.size_bits", tr_size_bits, 0),
	PK(FA_VMCI_OFFSET, "prb_data_ring.data", tr_data, 0),
	PK(FA_VMCI_SIZE, "prb_desc", desc_size, 0),
	PK(FA_VMCI_OFFSET, "prb_desc.state_var", desc_state_var, 0),
	PK(FA_VMCI_OFFSET, "prb_desc.text_blk_lpos", desc_text_blk_lpos, 0),
	PK(FA_VMCI_OFFSET, "prb_data_blk_lpos.begin", lpos_begin, 0),
	PK(FA_VMCI_OFFSET, "prb_data_blk_lpos.next", lpos_next, 0),
	PK(FA_VMCI_SIZE, "printk_info", info_size, 0),
	PK(FA_VMCI_OFFSET, "printk_info.seq", info_seq, 0),
	PK(FA_VMCI_OFFSET, "printk_info.ts_nsec", info_ts_nsec, 0),
	PK(FA_VMCI_OFFSET, "printk_info.text_len", info_text_len, 0),
	PK(FA_VMCI_OFFSET, "printk_info.caller_id", info_caller_id, 1),
	PK(FA_VMCI_OFFSET, "printk_info.dev_info", info_dev_info, 1),
	PK(FA_VMCI_OFFSET, "dev_printk_info.subsystem", dev_subsystem, 1),
	PK(FA_VMCI_OFFSET, "dev_printk_info.device", dev_device, 1),
	PK(FA_VMCI_LENGTH, "printk_info_subsystem", subsystem_len, 1),
	PK(FA_VMCI_LENGTH, "printk_info_device", device_len, 1),
	PK(FA_VMCI_OFFSET, "atomic_long_t.counter", atomic_counter, 1),
};

#define FC(what, field, width, add) \
	{ what, offsetof(struct prb_keys, field), width, add }
#define NOADD ((size_t)-1)
static const struct field_check prb_desc_fields[] = {
	FC("prb_desc.state_var", desc_state_var, 0, NOADD),
	FC("prb_desc.text_blk_lpos.begin", desc_text_blk_lpos, 0,
	   offsetof(struct prb_keys, lpos_begin)),
	FC("prb_desc.text_blk_lpos.next", desc_text_blk_lpos, 0,
	   offsetof(struct prb_keys, lpos_next)),
};
static const struct field_check prb_info_fields[] = {
	FC("printk_info.seq", info_seq, 8, NOADD),
	FC("printk_info.ts_nsec", info_ts_nsec, 8, NOADD),
	/* text_len u16 is followed by the facility and flags/level bytes. */
	FC("printk_info.text_len", info_text_len, 4, NOADD),
	FC("printk_info.caller_id", info_caller_id, 4, NOADD),
};

struct prb_ring {
	const struct fa_mem *m;
	const struct prb_keys *k;
	int ps;			/* pointer size */
	int bo;
	uint64_t count, size;	/* descriptors, text bytes */
	uint64_t descs, infos, data;
	uint64_t id_mask, lmask;	/* lmask: an unsigned long */
	unsigned int state_shift, sbits;
	uint8_t *desc, *info;	/* one struct each */
	size_t dev_sub_len, dev_dev_len;
};

static void prb_dev_info(struct prb_ring *r, struct fa_printk_record *rec)
{
	const struct prb_keys *k = r->k;
	size_t n;

	if (k->info_dev_info == KEY_ABSENT || k->dev_subsystem == KEY_ABSENT ||
	    k->dev_device == KEY_ABSENT)
		return;
	if (r->dev_sub_len &&
	    k->info_dev_info + k->dev_subsystem + r->dev_sub_len <= k->info_size) {
		n = strnlen((char *)r->info + k->info_dev_info + k->dev_subsystem,
			    r->dev_sub_len);
		memcpy(rec->subsystem, r->info + k->info_dev_info + k->dev_subsystem, n);
	}
	if (r->dev_dev_len &&
	    k->info_dev_info + k->dev_device + r->dev_dev_len <= k->info_size) {
		n = strnlen((char *)r->info + k->info_dev_info + k->dev_device,
			    r->dev_dev_len);
		memcpy(rec->device, r->info + k->info_dev_info + k->dev_device, n);
	}
}

/*
 * Text of descriptor @id whose lpos pair is @begin/@next: 0, 1 = no text
 * (skip the record), <0 = error.  Like the kernel's get_data(), a block
 * whose next lpos lies in the following wrap of the ring keeps its data at
 * offset 0; for blocks up to half the ring this is the same as the
 * "begin % size > next % size" rule of makedumpfile.  Wraps are compared
 * at next - 1 so that a block ending exactly at the end of the ring (which
 * kernels since the same_lpos_wraps() change can write) reads as unwrapped;
 * older kernels never write such a block, so both read the same.
 */
static int prb_text(struct prb_ring *r, struct fa_printk_log *log,
		    uint64_t id, uint64_t begin, uint64_t next,
		    uint16_t text_len, struct fa_printk_record *rec,
		    struct fa_err *e)
{
	uint64_t wb = (begin & r->lmask) >> r->sbits;
	/* next - 1: a block may end exactly at the end of the ring (6.16+). */
	uint64_t wn = ((next - 1) & r->lmask) >> r->sbits;
	uint64_t b = begin & (r->size - 1), n = next & (r->size - 1), blk;
	size_t len;
	uint8_t *buf;
	char what[64];
	int ret;

	if ((begin & 1 && next & 1) || begin == next) {
		log->dataless++;
		return 1;
	}
	if (wb == wn) {
		blk = (n ? n : r->size) - b;
	} else if (((wb + 1) & (r->lmask >> r->sbits)) == wn) {
		b = 0;			/* wrapped: the data sits at offset 0 */
		blk = n;
	} else {
		log->skipped_lpos++;
		return 1;
	}
	if (blk < (uint64_t)r->ps) {
		log->skipped_lpos++;
		return 1;
	}
	len = text_len;
	if (len > blk - r->ps) {
		len = blk - r->ps;
		log->clamped++;
	}
	buf = malloc(len + 1);
	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
	snprintf(what, sizeof(what), "text of record id 0x%" PRIx64, id);
	ret = len ? mem_read(r->m, r->data + b + r->ps, buf, len, what, e) : 0;
	if (!ret)
		ret = rec_set_text(rec, buf, len, e);
	free(buf);
	return ret;
}

static int prb_record(struct prb_ring *r, struct fa_printk_log *log,
		      size_t *cap, uint64_t id, struct fa_err *e)
{
	const struct prb_keys *k = r->k;
	uint64_t idx = id & (r->count - 1), sv, begin, next;
	struct fa_printk_record *rec;
	char what[64];
	unsigned int state;
	int ret;

	snprintf(what, sizeof(what), "descriptor of id 0x%" PRIx64, id);
	ret = mem_read(r->m, r->descs + idx * k->desc_size, r->desc,
		       k->desc_size, what, e);
	if (ret)
		return ret;
	sv = get_word(r->desc + k->desc_state_var, r->ps, r->bo);
	state = (unsigned int)(sv >> r->state_shift) & 3;
	if ((sv & r->id_mask) != id) {
		log->skipped_id++;
		return 0;
	}
	if (state != DESC_COMMITTED && state != DESC_FINALIZED) {
		log->skipped_state++;
		return 0;
	}
	snprintf(what, sizeof(what), "printk_info of id 0x%" PRIx64, id);
	ret = mem_read(r->m, r->infos + idx * k->info_size, r->info,
		       k->info_size, what, e);
	if (ret)
		return ret;
	ret = log_add(log, cap, &rec, e);
	if (ret)
		return ret;
	rec->seq = fa_get64(r->info + k->info_seq, r->bo);
	rec->ts_nsec = fa_get64(r->info + k->info_ts_nsec, r->bo);
	rec->facility = r->info[k->info_text_len + 2];
	split_flags_level(r->info[k->info_text_len + 3], r->bo, &rec->flags,
			  &rec->level);
	if (k->info_caller_id != KEY_ABSENT)
		rec->caller_id = fa_get32(r->info + k->info_caller_id, r->bo);
	prb_dev_info(r, rec);
	begin = get_word(r->desc + k->desc_text_blk_lpos + k->lpos_begin,
			 r->ps, r->bo);
	next = get_word(r->desc + k->desc_text_blk_lpos + k->lpos_next,
			r->ps, r->bo);
	ret = prb_text(r, log, id, begin, next,
		       fa_get16(r->info + k->info_text_len, r->bo), rec, e);
	if (ret == 1) {		/* not a record after all */
		log->count--;
		ret = 0;
	}
	return ret;
}

static int prb_geometry(struct prb_ring *r, uint64_t rb, struct fa_err *e)
{
	const struct prb_keys *k = r->k;
	uint64_t dr = rb + k->rb_desc_ring, tr = rb + k->rb_text_data_ring;
	uint64_t cbits, sbits;
	int ret;

	ret = mem_read_word(r->m, dr + k->dr_count_bits, 4, &cbits,
			    "prb_desc_ring.count_bits", e);
	if (!ret)
		ret = mem_read_word(r->m, tr + k->tr_size_bits, 4, &sbits,
				    "prb_data_ring.size_bits", e);
	if (ret)
		return ret;
	if (sbits > PRB_MAX_SIZE_BITS || sbits < 3)
		return fa_err_set(e, FA_ECORRUPT,
			"printk: prb_data_ring.size_bits %" PRIu64 " at 0x%" PRIx64 " is out of range (3 to %d)",
			sbits, tr + k->tr_size_bits, PRB_MAX_SIZE_BITS);
	if (cbits > sbits)
		return fa_err_set(e, FA_ECORRUPT,
			"printk: prb_desc_ring.count_bits %" PRIu64 " at 0x%" PRIx64 " is out of range (at most size_bits %" PRIu64 ")",
			cbits, dr + k->dr_count_bits, sbits);
	r->count = 1ULL << cbits;
	r->size = 1ULL << sbits;
	r->sbits = (unsigned int)sbits;
	ret = mem_read_word(r->m, dr + k->dr_descs, r->ps, &r->descs,
			    "prb_desc_ring.descs", e);
	if (!ret)
		ret = mem_read_word(r->m, dr + k->dr_infos, r->ps, &r->infos,
				    "prb_desc_ring.infos", e);
	if (!ret)
		ret = mem_read_word(r->m, tr + k->tr_data, r->ps, &r->data,
				    "prb_data_ring.data", e);
	return ret;
}

static int prb_read(const struct fa_mem *m, const struct fa_vmcoreinfo *vi,
		    struct fa_printk_log *log, struct fa_err *e)
{
	struct prb_keys k;
	struct prb_ring r = { .m = m, .k = &k, .ps = m->ptr_size,
			      .bo = m->byteorder };
	uint64_t rb, head, tail, span, id, i, ctr;
	size_t cap = 0, run = 0;
	int ret;

	ret = read_keys(vi, prb_key_spec,
			sizeof(prb_key_spec) / sizeof(prb_key_spec[0]), "", &k, e);
	if (ret)
		return ret;
	ctr = k.atomic_counter == KEY_ABSENT ? 0 : k.atomic_counter;
	ret = check_fields(&k, k.desc_size, "prb_desc", prb_desc_fields, 3,
			   r.ps, e);
	if (!ret)
		ret = check_fields(&k, k.info_size, "printk_info",
				   prb_info_fields, 4, r.ps, e);
	if (ret)
		return ret;
	r.dev_sub_len = k.subsystem_len == KEY_ABSENT ? 0 :
			k.subsystem_len > 16 ? 16 : k.subsystem_len;
	r.dev_dev_len = k.device_len == KEY_ABSENT ? 0 :
			k.device_len > 48 ? 48 : k.device_len;
	r.state_shift = (unsigned int)r.ps * 8 - 2;
	r.id_mask = (1ULL << r.state_shift) - 1;
	r.lmask = r.ps == 8 ? UINT64_MAX : UINT32_MAX;
	log->format = FA_PRINTK_LOCKLESS;

	ret = mem_read_word(m, k.prb, r.ps, &rb, "the prb pointer", e);
	if (!ret)
		ret = prb_geometry(&r, rb, e);
	if (!ret)
		ret = mem_read_word(m, rb + k.rb_desc_ring + k.dr_head_id + ctr,
				    r.ps, &head, "prb_desc_ring.head_id", e);
	if (!ret)
		ret = mem_read_word(m, rb + k.rb_desc_ring + k.dr_tail_id + ctr,
				    r.ps, &tail, "prb_desc_ring.tail_id", e);
	if (ret)
		return ret;
	head &= r.id_mask;
	tail &= r.id_mask;
	span = ((head - tail) & r.id_mask) + 1;
	if (span > r.count)
		return fa_err_set(e, FA_ECORRUPT,
			"printk: tail_id 0x%" PRIx64 " .. head_id 0x%" PRIx64 " spans %" PRIu64 " descriptors, the ring has %" PRIu64,
			tail, head, span, r.count);
	r.desc = malloc(k.desc_size);
	r.info = malloc(k.info_size);
	if (!r.desc || !r.info) {
		ret = fa_err_set(e, FA_ENOMEM, "printk: out of memory");
		goto out;
	}
	for (i = 0, id = tail; i < span && !ret; i++, id = (id + 1) & r.id_mask) {
		size_t bad = log->skipped_id + log->skipped_state;

		ret = prb_record(&r, log, &cap, id, e);
		run = log->skipped_id + log->skipped_state > bad ? run + 1 : 0;
		if (run >= PRB_MAX_BAD_RUN) {
			log->abandoned = span - i - 1;
			break;
		}
	}
out:
	free(r.desc);
	free(r.info);
	return ret;
}

/* ---- variable-length records (3.5 - 5.9) -------------------------------- */

struct varlen_keys {
	uint64_t log_buf, log_buf_len, first_idx, next_idx;
	uint64_t hdr_size, ts_nsec, len, text_len, dict_len, caller_id;
};

#define VK(form, name, field, opt) \
	{ form, name, offsetof(struct varlen_keys, field), opt }
/* Kernels 3.5 - 3.10 named the struct "log", later "printk_log". */
static const struct key_spec varlen_syms[] = {
	VK(FA_VMCI_SYMBOL, "log_buf", log_buf, 0),
	VK(FA_VMCI_SYMBOL, "log_buf_len", log_buf_len, 0),
	VK(FA_VMCI_SYMBOL, "log_first_idx", first_idx, 0),
	VK(FA_VMCI_SYMBOL, "log_next_idx", next_idx, 0),
};
/* Names below are appended to the struct's name, "printk_log" or "log". */
static const struct key_spec varlen_hdr[] = {
	VK(FA_VMCI_SIZE, "", hdr_size, 0),
	VK(FA_VMCI_OFFSET, ".ts_nsec", ts_nsec, 0),
	VK(FA_VMCI_OFFSET, ".len", len, 0),
	VK(FA_VMCI_OFFSET, ".text_len", text_len, 0),
	VK(FA_VMCI_OFFSET, ".dict_len", dict_len, 1),
	VK(FA_VMCI_OFFSET, ".caller_id", caller_id, 1),
};

#define VC(what, field, width) \
	{ what, offsetof(struct varlen_keys, field), width, NOADD }
static const struct field_check varlen_fields[] = {
	VC("printk_log.ts_nsec", ts_nsec, 8),
	VC("printk_log.len", len, 2),
	VC("printk_log.text_len", text_len, 2),
	VC("printk_log.dict_len", dict_len, 4),	/* + facility, flags/level */
	VC("printk_log.caller_id", caller_id, 4),
};

static int varlen_load(const struct fa_mem *m, const struct varlen_keys *k,
		       uint8_t **buf, uint64_t *len, uint64_t *first,
		       uint64_t *next, struct fa_err *e)
{
	uint64_t addr;
	int ret;

	ret = mem_read_word(m, k->log_buf, m->ptr_size, &addr,
			    "the log_buf pointer", e);
	if (!ret)
		ret = mem_read_word(m, k->log_buf_len, 4, len, "log_buf_len", e);
	if (!ret)
		ret = mem_read_word(m, k->first_idx, 4, first, "log_first_idx", e);
	if (!ret)
		ret = mem_read_word(m, k->next_idx, 4, next, "log_next_idx", e);
	if (ret)
		return ret;
	if (!*len || *len > LOG_BUF_MAX)
		return fa_err_set(e, FA_ECORRUPT,
			"printk: log_buf_len %" PRIu64 " is out of range (1 to %u)",
			*len, LOG_BUF_MAX);
	if (*first >= *len || *next >= *len)
		return fa_err_set(e, FA_ECORRUPT,
			"printk: log_first_idx %" PRIu64 " / log_next_idx %" PRIu64 " outside log_buf_len %" PRIu64,
			*first, *next, *len);
	*buf = malloc(*len);
	if (!*buf)
		return fa_err_set(e, FA_ENOMEM, "printk: out of memory");
	return mem_read(m, addr, *buf, *len, "log_buf", e);
}

/* One record at @idx; returns the next index in *@idx. */
static int varlen_record(const struct fa_mem *m, const struct varlen_keys *k,
			 const uint8_t *buf, uint64_t blen, uint64_t *idx,
			 struct fa_printk_log *log, size_t *cap,
			 struct fa_err *e)
{
	const uint8_t *h = buf + *idx;
	struct fa_printk_record *rec;
	uint64_t flagoff;
	uint16_t len, tlen;
	int ret;

	if (*idx + k->hdr_size > blen)
		return fa_err_set(e, FA_ECORRUPT,
			"printk: log_buf record header at index %" PRIu64 " crosses log_buf_len %" PRIu64,
			*idx, blen);
	len = fa_get16(h + k->len, m->byteorder);
	if (!len) {		/* the writer wrapped to the start */
		*idx = 0;
		return 0;
	}
	if (len < k->hdr_size || *idx + len > blen)
		return fa_err_set(e, FA_ECORRUPT,
			"printk: log_buf record at index %" PRIu64 " has len %u (header %" PRIu64 ", buffer %" PRIu64 ")",
			*idx, len, k->hdr_size, blen);
	ret = log_add(log, cap, &rec, e);
	if (ret)
		return ret;
	rec->seq = log->count - 1;
	rec->ts_nsec = fa_get64(h + k->ts_nsec, m->byteorder);
	tlen = fa_get16(h + k->text_len, m->byteorder);
	if (tlen > len - k->hdr_size) {
		tlen = (uint16_t)(len - k->hdr_size);
		log->clamped++;
	}
	flagoff = k->dict_len != KEY_ABSENT ? k->dict_len + 2 : k->text_len + 4;
	if (flagoff + 2 <= k->hdr_size) {
		rec->facility = h[flagoff];
		split_flags_level(h[flagoff + 1], m->byteorder, &rec->flags,
				  &rec->level);
	}
	if (k->caller_id != KEY_ABSENT)
		rec->caller_id = fa_get32(h + k->caller_id, m->byteorder);
	*idx += len;
	return rec_set_text(rec, h + k->hdr_size, tlen, e);
}

static int varlen_read(const struct fa_mem *m, const struct fa_vmcoreinfo *vi,
		       struct fa_printk_log *log, struct fa_err *e)
{
	struct varlen_keys k;
	uint64_t blen, idx, next, steps = 0;
	uint8_t *buf = NULL;
	size_t cap = 0;
	int ret;

	log->format = FA_PRINTK_VARLEN;
	ret = read_keys(vi, varlen_syms, 4, "", &k, e);
	if (ret)
		return ret;
	ret = read_keys(vi, varlen_hdr, 6, fa_vmci_get(vi, "SIZE(log)") &&
			!fa_vmci_get(vi, "SIZE(printk_log)") ? "log" : "printk_log",
			&k, e);
	if (!ret)
		ret = check_fields(&k, k.hdr_size, "printk_log", varlen_fields,
				   5, m->ptr_size, e);
	if (!ret)
		ret = varlen_load(m, &k, &buf, &blen, &idx, &next, e);
	/* Every step consumes a header or wraps once: this bounds a cycle. */
	while (!ret && idx != next) {
		if (++steps > blen / (k.hdr_size ? k.hdr_size : 1) + 2) {
			ret = fa_err_set(e, FA_ECORRUPT,
				"printk: log_buf records from log_first_idx never reach log_next_idx %" PRIu64 " (cycle)",
				next);
			break;
		}
		ret = varlen_record(m, &k, buf, blen, &idx, log, &cap, e);
	}
	free(buf);
	return ret;
}

/* ---- legacy character ring (before 3.5) ------------------------------- */

/* log_end was an unsigned long up to 2.6.24, an unsigned int from 2.6.25. */
static int legacy_end_is_long(const struct fa_vmcoreinfo *vi)
{
	const char *rel = fa_vmci_get(vi, "OSRELEASE");
	unsigned int a, b, c;

	if (!rel || sscanf(rel, "%u.%u.%u", &a, &b, &c) != 3)
		return 0;
	return a < 2 || (a == 2 && (b < 6 || (b == 6 && c <= 24)));
}

/*
 * The prefixes 2.6's vprintk() put before each line: "<N>" and, with
 * printk.time, "[%5lu.%06lu] ".  Fills @r's level and time; returns the
 * prefix length.
 */
static size_t legacy_prefix(const uint8_t *t, size_t len,
			    struct fa_printk_record *r)
{
	size_t i = 0, j;
	uint64_t sec = 0, us = 0;

	if (len >= 3 && t[0] == '<' && t[1] >= '0' && t[1] <= '7' && t[2] == '>') {
		r->level = (uint8_t)(t[1] - '0');
		r->legacy_prefix |= FA_PRINTK_LEGACY_LEVEL;
		i = 3;
	}
	if (i >= len || t[i] != '[')
		return i;
	for (j = i + 1; j < len && t[j] == ' '; j++)
		;
	if (j >= len || t[j] < '0' || t[j] > '9')
		return i;
	for (; j < len && t[j] >= '0' && t[j] <= '9' && sec < UINT64_MAX / 100; j++)
		sec = sec * 10 + (uint64_t)(t[j] - '0');
	if (j + 9 > len || t[j] != '.' || t[j + 7] != ']' || t[j + 8] != ' ')
		return i;
	for (j++; t[j] != ']'; j++) {
		if (t[j] < '0' || t[j] > '9')
			return i;
		us = us * 10 + (uint64_t)(t[j] - '0');
	}
	r->ts_nsec = sec * 1000000000 + us * 1000;
	r->legacy_prefix |= FA_PRINTK_LEGACY_TIME;
	return j + 2;
}

static int legacy_lines(struct fa_printk_log *log, const uint8_t *t,
			size_t len, struct fa_err *e)
{
	size_t cap = 0, start = 0, i;
	struct fa_printk_record *rec;
	int ret;

	for (i = 0; i <= len; i++) {
		if (i < len && t[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		ret = log_add(log, &cap, &rec, e);
		if (!ret) {
			size_t p = legacy_prefix(t + start, i - start, rec);

			ret = rec_set_text(rec, t + start + p, i - start - p, e);
		}
		if (ret)
			return ret;
		rec->seq = log->count - 1;
		start = i + 1;
	}
	return 0;
}

static int legacy_read(const struct fa_mem *m, const struct fa_vmcoreinfo *vi,
		       struct fa_printk_log *log, struct fa_err *e)
{
	uint64_t sym_buf, sym_len, sym_end, addr, len, end, cut;
	uint8_t *buf = NULL, *lin = NULL;
	int ret;

	log->format = FA_PRINTK_LEGACY;
	ret = fa_vmci_read(vi, FA_VMCI_SYMBOL, "log_buf", &sym_buf, e);
	if (!ret)
		ret = fa_vmci_read(vi, FA_VMCI_SYMBOL, "log_buf_len", &sym_len, e);
	if (!ret)
		ret = fa_vmci_read(vi, FA_VMCI_SYMBOL, "log_end", &sym_end, e);
	if (ret)
		return fa_err_prefix(e, "printk: ");
	ret = mem_read_word(m, sym_buf, m->ptr_size, &addr,
			    "the log_buf pointer", e);
	if (!ret)
		ret = mem_read_word(m, sym_len, 4, &len, "log_buf_len", e);
	if (!ret)
		ret = mem_read_word(m, sym_end, legacy_end_is_long(vi) ?
				    m->ptr_size : 4, &end, "log_end", e);
	if (ret)
		return ret;
	if (!len || len > LOG_BUF_MAX || (len & (len - 1)))
		return fa_err_set(e, FA_ECORRUPT,
			"printk: log_buf_len %" PRIu64 " is not a power of two up to %u",
			len, LOG_BUF_MAX);
	buf = malloc(len);
	lin = malloc(len);
	if (!buf || !lin) {
		ret = fa_err_set(e, FA_ENOMEM, "printk: out of memory");
		goto out;
	}
	ret = mem_read(m, addr, buf, len, "log_buf", e);
	if (ret)
		goto out;
	if (end < len) {
		ret = legacy_lines(log, buf, end, e);
		goto out;
	}
	cut = end & (len - 1);
	memcpy(lin, buf + cut, len - cut);
	memcpy(lin + len - cut, buf, cut);
	ret = legacy_lines(log, lin, len, e);
out:
	free(buf);
	free(lin);
	return ret;
}

int fa_printk_read(const struct fa_mem *m, const struct fa_vmcoreinfo *vi,
		   struct fa_printk_log *log, struct fa_err *e)
{
	memset(log, 0, sizeof(*log));
	if (m->ptr_size != 8 && m->ptr_size != 4)
		return fa_err_set(e, FA_EINVAL, "printk: pointer size %d",
				  m->ptr_size);
	if (m->byteorder != FA_LE && m->byteorder != FA_BE)
		return fa_err_set(e, FA_EINVAL, "printk: byte order %d",
				  m->byteorder);
	if (fa_vmci_get(vi, "SYMBOL(prb)"))
		return prb_read(m, vi, log, e);
	if (!fa_vmci_get(vi, "SYMBOL(log_end)"))
		return varlen_read(m, vi, log, e);
	return legacy_read(m, vi, log, e);
}

void fa_printk_log_free(struct fa_printk_log *log)
{
	size_t i;

	for (i = 0; i < log->count; i++)
		free(log->rec[i].text);
	free(log->rec);
	memset(log, 0, sizeof(*log));
}

int fa_printk_is_panic(const char *text)
{
	return strstr(text, "Kernel panic - not syncing") ||
	       !strncmp(text, "Oops", 4);
}

/* ---- formatter --------------------------------------------------------- */

static const char *const fac_names[] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "res0", "res1", "res2", "res3",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6",
	"local7",
};
static const char *const level_names[] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};

/*
 * One line of record text, escaped: bytes that are neither printable nor
 * white space become "\xNN".
 */
static void put_line(FILE *f, const char *t, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if ((c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r'))
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	fputc('\n', f);
}

/* Legacy logs: the text as stored, line by line. */
static void put_text(FILE *f, const char *t, size_t len)
{
	const char *nl;

	while ((nl = memchr(t, '\n', len))) {
		put_line(f, t, (size_t)(nl - t));
		len -= (size_t)(nl - t) + 1;
		t = nl + 1;
	}
	put_line(f, t, len);
}

/* The record's prefix: level, time stamp, caller, as @flags ask. */
static void put_prefix(FILE *f, const struct fa_printk_record *r,
		       unsigned int flags)
{
	if (flags & FA_PRINTK_DECODE)
		fprintf(f, "%-6s:%-6s: ", r->facility < 24 ?
			fac_names[r->facility] : "unknown",
			level_names[r->level & 7]);
	if (flags & FA_PRINTK_RAW)
		fprintf(f, "<%u>", (unsigned int)r->facility << 3 | (r->level & 7));
	fprintf(f, "[%5" PRIu64 ".%06" PRIu64 "] ", r->ts_nsec / 1000000000,
		(r->ts_nsec % 1000000000) / 1000);
	if (flags & FA_PRINTK_CALLER)
		fprintf(f, "[%c%u] ", r->caller_id & FA_PRINTK_CALLER_CPU ?
			'C' : 'T', r->caller_id & ~FA_PRINTK_CALLER_CPU);
}

/*
 * A record as the kernel's record_print_text() gives it to the console:
 * every line of a multi-line record gets the prefix.  With
 * FA_PRINTK_INDENT (makedumpfile) the later lines are indented by the
 * prefix's width instead.
 */
static void put_record(FILE *f, const struct fa_printk_record *r,
		       unsigned int flags)
{
	const char *t = r->text ? r->text : "", *nl;
	size_t len = r->text_len;
	long start = ftell(f);
	int indent = 0;

	put_prefix(f, r, flags);
	if (flags & FA_PRINTK_INDENT)
		indent = (int)(ftell(f) - start);
	while ((nl = memchr(t, '\n', len))) {
		put_line(f, t, (size_t)(nl - t));
		len -= (size_t)(nl - t) + 1;
		t = nl + 1;
		if (flags & FA_PRINTK_INDENT)
			fprintf(f, "%*s", indent, "");
		else
			put_prefix(f, r, flags);
	}
	put_line(f, t, len);
}

int fa_printk_format(const struct fa_printk_log *log, unsigned int flags,
		     char **out, size_t *len, struct fa_err *e)
{
	FILE *f;
	size_t i;

	*out = NULL;
	*len = 0;
	f = open_memstream(out, len);
	if (!f)
		return fa_err_errno(e, "printk: open_memstream");
	for (i = 0; i < log->count; i++) {
		const struct fa_printk_record *r = &log->rec[i];

		if (log->format == FA_PRINTK_LEGACY) {
			if (r->legacy_prefix & FA_PRINTK_LEGACY_LEVEL)
				fprintf(f, "<%u>", r->level & 7u);
			if (r->legacy_prefix & FA_PRINTK_LEGACY_TIME)
				fprintf(f, "[%5" PRIu64 ".%06" PRIu64 "] ",
					r->ts_nsec / 1000000000,
					(r->ts_nsec % 1000000000) / 1000);
			put_text(f, r->text ? r->text : "", r->text_len);
		}
		else
			put_record(f, r, flags);
	}
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return fa_err_errno(e, "printk: formatting");
	}
	return 0;
}

/* ---- encoder: a lockless ring as the kernel's writer leaves it ---------- */

void fa_prb_layout_default(struct fa_prb_layout *l, unsigned int count_bits,
			   unsigned int size_bits)
{
	memset(l, 0, sizeof(*l));
	l->count_bits = count_bits;
	l->size_bits = size_bits;
	l->rb_size = 80;
	l->rb_desc_ring = 0;
	l->rb_text_data_ring = 40;
	l->rb_fail = 72;
	l->dr_size = 40;
	l->dr_count_bits = 0;
	l->dr_descs = 8;
	l->dr_infos = 16;
	l->dr_head_id = 24;
	l->dr_tail_id = 32;
	l->tr_size = 32;
	l->tr_size_bits = 0;
	l->tr_data = 8;
	l->tr_head_lpos = 16;
	l->tr_tail_lpos = 24;
	l->desc_size = 24;
	l->desc_state_var = 0;
	l->desc_text_blk_lpos = 8;
	l->lpos_size = 16;
	l->lpos_begin = 0;
	l->lpos_next = 8;
	l->info_size = 88;
	l->info_seq = 0;
	l->info_ts_nsec = 8;
	l->info_text_len = 16;
	l->info_caller_id = 20;
	l->info_dev_info = 24;
	l->dev_size = 64;
	l->dev_subsystem = 0;
	l->dev_device = 16;
	l->subsystem_len = 16;
	l->device_len = 48;
	l->atomic_size = 8;
	l->atomic_counter = 0;
}

/* A data block still owned by a descriptor, oldest first. */
struct enc_blk {
	uint64_t id, begin, next;
};

struct prb_enc {
	const struct fa_prb_layout *l;
	int ps, bo;
	uint64_t count, size, mask, lmask;	/* lmask: unsigned long */
	unsigned int shift;
	uint8_t *descs, *infos, *text;
	uint64_t head_id, tail_id, head_lpos, tail_lpos, seq;
	struct enc_blk *blk;			/* FIFO, count entries */
	size_t blk_first, blk_n;
};

static uint8_t *enc_desc(struct prb_enc *c, uint64_t id)
{
	return c->descs + (id & (c->count - 1)) * c->l->desc_size;
}

static uint8_t *enc_info(struct prb_enc *c, uint64_t id)
{
	return c->infos + (id & (c->count - 1)) * c->l->info_size;
}

static void enc_set_desc(struct prb_enc *c, uint64_t id, unsigned int state,
			 uint64_t begin, uint64_t next)
{
	uint8_t *d = enc_desc(c, id);
	const struct fa_prb_layout *l = c->l;

	put_word(d + l->desc_state_var, c->ps, c->bo,
		 (uint64_t)state << c->shift | (id & c->mask));
	put_word(d + l->desc_text_blk_lpos + l->lpos_begin, c->ps, c->bo, begin);
	put_word(d + l->desc_text_blk_lpos + l->lpos_next, c->ps, c->bo, next);
}

/* data_make_reusable(): the oldest block's descriptor becomes reusable. */
static void enc_drop_oldest_blk(struct prb_enc *c)
{
	struct enc_blk *b = &c->blk[c->blk_first];
	uint8_t *d = enc_desc(c, b->id);
	uint64_t sv = get_word(d + c->l->desc_state_var, c->ps, c->bo);

	if ((sv & c->mask) == b->id)
		put_word(d + c->l->desc_state_var, c->ps, c->bo,
			 (uint64_t)DESC_REUSABLE << c->shift | b->id);
	c->tail_lpos = b->next;
	c->blk_first = (c->blk_first + 1) % c->count;
	c->blk_n--;
}

/* desc_reserve(): when the new id reuses the tail's slot, push the tail. */
static void enc_push_desc_tail(struct prb_enc *c, uint64_t id)
{
	uint64_t tail = c->tail_id;

	if (((id - c->count) & c->mask) != tail)
		return;
	/* Free the tail's data first, as desc_push_tail() does. */
	while (c->blk_n) {
		uint64_t bid = c->blk[c->blk_first].id;

		if (((tail - bid) & c->mask) > c->count)	/* newer than tail */
			break;
		enc_drop_oldest_blk(c);
	}
	c->tail_id = (tail + 1) & c->mask;
}

/* data_alloc(): 0 with the block's lpos pair set, or 1 for a data-less one. */
static int enc_data_alloc(struct prb_enc *c, uint64_t id, size_t text_len,
			  uint64_t *begin, uint64_t *next)
{
	uint64_t blk = FA_ALIGN_UP((uint64_t)text_len + c->ps, (uint64_t)c->ps);
	uint64_t b = c->head_lpos, n = (b + blk) & c->lmask;
	unsigned int sb = c->l->size_bits;

	if (!text_len) {
		*begin = *next = NO_LPOS;
		return 1;
	}
	if (blk > c->size - c->ps) {
		*begin = *next = FAILED_LPOS;
		return 1;
	}
	if (b >> sb != n >> sb)		/* would cross the end: wrap */
		n = (((n >> sb) << sb) + blk) & c->lmask;
	while (c->blk_n && ((n - c->tail_lpos) & c->lmask) > c->size)
		enc_drop_oldest_blk(c);
	if (((n - c->tail_lpos) & c->lmask) > c->size)
		c->tail_lpos = (n - c->size) & c->lmask;
	put_word(c->text + (b & (c->size - 1)), c->ps, c->bo, id);
	if (b >> sb != n >> sb)
		put_word(c->text, c->ps, c->bo, id);
	c->blk[(c->blk_first + c->blk_n) % c->count] =
		(struct enc_blk){ .id = id, .begin = b, .next = n };
	c->blk_n++;
	c->head_lpos = n;
	*begin = b;
	*next = n;
	return 0;
}

static void enc_info_fill(struct prb_enc *c, uint64_t id,
			  const struct fa_printk_record *r, size_t text_len)
{
	const struct fa_prb_layout *l = c->l;
	uint8_t *in = enc_info(c, id);
	uint8_t *dev = in + l->info_dev_info;

	memset(in, 0, l->info_size);
	fa_put64(in + l->info_seq, c->bo, c->seq);
	fa_put64(in + l->info_ts_nsec, c->bo, r->ts_nsec);
	fa_put16(in + l->info_text_len, c->bo, (uint16_t)text_len);
	in[l->info_text_len + 2] = r->facility;
	in[l->info_text_len + 3] = join_flags_level(r->flags, r->level, c->bo);
	fa_put32(in + l->info_caller_id, c->bo, r->caller_id);
	strncpy((char *)dev + l->dev_subsystem, r->subsystem,
		l->subsystem_len);
	strncpy((char *)dev + l->dev_device, r->device, l->device_len);
}

static void enc_record(struct prb_enc *c, const struct fa_printk_record *r)
{
	uint64_t id = (c->head_id + 1) & c->mask, begin, next;
	size_t tlen = r->text_len > 0xffff ? 0xffff : r->text_len;
	int dataless;

	enc_push_desc_tail(c, id);
	dataless = enc_data_alloc(c, id, tlen, &begin, &next);
	if (!dataless)
		memcpy(c->text + (begin >> c->l->size_bits == next >> c->l->size_bits ?
				  (begin & (c->size - 1)) : 0) + c->ps,
		       r->text, tlen);
	enc_info_fill(c, id, r, dataless ? 0 : tlen);
	enc_set_desc(c, id, DESC_FINALIZED, begin, next);
	c->head_id = id;
	c->seq++;
}

static int enc_check_layout(const struct fa_prb_layout *l, int ps,
			    struct fa_err *e)
{
	if (ps != 8 && ps != 4)
		return fa_err_set(e, FA_EINVAL, "prb encoder: pointer size %d", ps);
	if (l->count_bits < 1 || l->count_bits > 24 || l->size_bits < 5 ||
	    l->size_bits > 28)
		return fa_err_set(e, FA_EINVAL,
			"prb encoder: count_bits %u / size_bits %u out of range",
			l->count_bits, l->size_bits);
	if (l->desc_text_blk_lpos + l->lpos_next + ps > l->desc_size ||
	    l->desc_state_var + ps > l->desc_size ||
	    l->info_text_len + 4 > l->info_size ||
	    l->info_caller_id + 4 > l->info_size ||
	    l->info_seq + 8 > l->info_size || l->info_ts_nsec + 8 > l->info_size ||
	    l->info_dev_info + l->dev_device + l->device_len > l->info_size ||
	    l->info_dev_info + l->dev_subsystem + l->subsystem_len > l->info_size)
		return fa_err_set(e, FA_EINVAL,
				  "prb encoder: a field lies outside its struct");
	return 0;
}

static int enc_write(const struct fa_mem_writer *w, uint64_t addr,
		     const void *buf, size_t len, const char *what,
		     struct fa_err *e)
{
	int ret = w->write(w->ctx, FA_KVADDR, addr, buf, len, e);

	if (ret)
		return fa_err_prefix(e, "prb encoder: writing %s at 0x%" PRIx64 ": ",
				     what, addr);
	return 0;
}

static int enc_flush(const struct fa_mem_writer *w, struct prb_enc *c,
		     const struct fa_prb_place *at, struct fa_err *e)
{
	const struct fa_prb_layout *l = c->l;
	uint8_t rb[PRB_MAX_STRUCT] = { 0 }, p[8], *dr, *tr;
	uint8_t lseq[24] = { 0 };
	int ret;

	if (l->rb_size > sizeof(rb))
		return fa_err_set(e, FA_EINVAL, "prb encoder: rb_size %u",
				  l->rb_size);
	dr = rb + l->rb_desc_ring;
	tr = rb + l->rb_text_data_ring;
	fa_put32(dr + l->dr_count_bits, c->bo, l->count_bits);
	put_word(dr + l->dr_descs, c->ps, c->bo, at->descs);
	put_word(dr + l->dr_infos, c->ps, c->bo, at->infos);
	put_word(dr + l->dr_head_id + l->atomic_counter, c->ps, c->bo, c->head_id);
	put_word(dr + l->dr_tail_id + l->atomic_counter, c->ps, c->bo, c->tail_id);
	fa_put32(tr + l->tr_size_bits, c->bo, l->size_bits);
	put_word(tr + l->tr_data, c->ps, c->bo, at->text);
	put_word(tr + l->tr_head_lpos + l->atomic_counter, c->ps, c->bo, c->head_lpos);
	put_word(tr + l->tr_tail_lpos + l->atomic_counter, c->ps, c->bo, c->tail_lpos);
	put_word(p, c->ps, c->bo, at->rb);
	ret = enc_write(w, at->descs, c->descs, c->count * l->desc_size,
			"descs", e);
	if (!ret)
		ret = enc_write(w, at->infos, c->infos, c->count * l->info_size,
				"infos", e);
	if (!ret)
		ret = enc_write(w, at->text, c->text, c->size, "text ring", e);
	if (!ret)
		ret = enc_write(w, at->rb, rb, l->rb_size, "printk_ringbuffer", e);
	if (!ret)
		ret = enc_write(w, at->prb, p, c->ps, "prb", e);
	if (!ret && at->clear_seq)
		ret = enc_write(w, at->clear_seq, lseq, sizeof(lseq),
				"clear_seq", e);
	return ret;
}

int fa_prb_encode(const struct fa_mem_writer *w, const struct fa_prb_layout *l,
		  const struct fa_prb_place *at,
		  const struct fa_printk_record *recs, size_t n,
		  struct fa_err *e)
{
	struct prb_enc c = { .l = l, .ps = w->ptr_size, .bo = w->byteorder };
	uint64_t desc0;
	size_t i;
	int ret = enc_check_layout(l, w->ptr_size, e);

	if (ret)
		return ret;
	c.count = 1ULL << l->count_bits;
	c.size = 1ULL << l->size_bits;
	c.shift = (unsigned int)c.ps * 8 - 2;
	c.mask = (1ULL << c.shift) - 1;
	c.lmask = c.ps == 8 ? UINT64_MAX : UINT32_MAX;
	c.descs = calloc(c.count, l->desc_size);
	c.infos = calloc(c.count, l->info_size);
	c.text = calloc(1, c.size);
	c.blk = calloc(c.count, sizeof(*c.blk));
	if (!c.descs || !c.infos || !c.text || !c.blk) {
		ret = fa_err_set(e, FA_ENOMEM, "prb encoder: out of memory");
		goto out;
	}
	/* _DEFINE_PRINTKRB: DESC0_ID = -(count + 1), reusable, no data. */
	desc0 = at->desc0_id ? at->desc0_id & c.mask : -(c.count + 1) & c.mask;
	c.head_id = c.tail_id = desc0;
	c.head_lpos = c.tail_lpos = -c.size & c.lmask;	/* BLK0_LPOS */
	enc_set_desc(&c, desc0, DESC_REUSABLE, FAILED_LPOS, FAILED_LPOS);
	for (i = 0; i < n; i++)
		enc_record(&c, &recs[i]);
	ret = enc_flush(w, &c, at, e);
out:
	free(c.descs);
	free(c.infos);
	free(c.text);
	free(c.blk);
	return ret;
}

void fa_prb_vmcoreinfo(struct fa_vmci_builder *b, const struct fa_prb_layout *l,
		       const struct fa_prb_place *at)
{
	fa_vmci_add_symbol(b, "prb", at->prb);
	fa_vmci_add_symbol(b, "printk_rb_static", at->rb);
	if (at->clear_seq)
		fa_vmci_add_symbol(b, "clear_seq", at->clear_seq);
	fa_vmci_add_size(b, "printk_ringbuffer", l->rb_size);
	fa_vmci_add_offset(b, "printk_ringbuffer.desc_ring", l->rb_desc_ring);
	fa_vmci_add_offset(b, "printk_ringbuffer.text_data_ring",
			   l->rb_text_data_ring);
	fa_vmci_add_offset(b, "printk_ringbuffer.fail", l->rb_fail);
	fa_vmci_add_size(b, "prb_desc_ring", l->dr_size);
	fa_vmci_add_offset(b, "prb_desc_ring.count_bits", l->dr_count_bits);
	fa_vmci_add_offset(b, "prb_desc_ring.descs", l->dr_descs);
	fa_vmci_add_offset(b, "prb_desc_ring.infos", l->dr_infos);
	fa_vmci_add_offset(b, "prb_desc_ring.head_id", l->dr_head_id);
	fa_vmci_add_offset(b, "prb_desc_ring.tail_id", l->dr_tail_id);
	fa_vmci_add_size(b, "prb_desc", l->desc_size);
	fa_vmci_add_offset(b, "prb_desc.state_var", l->desc_state_var);
	fa_vmci_add_offset(b, "prb_desc.text_blk_lpos", l->desc_text_blk_lpos);
	fa_vmci_add_size(b, "prb_data_blk_lpos", l->lpos_size);
	fa_vmci_add_offset(b, "prb_data_blk_lpos.begin", l->lpos_begin);
	fa_vmci_add_offset(b, "prb_data_blk_lpos.next", l->lpos_next);
	fa_vmci_add_size(b, "printk_info", l->info_size);
	fa_vmci_add_offset(b, "printk_info.seq", l->info_seq);
	fa_vmci_add_offset(b, "printk_info.ts_nsec", l->info_ts_nsec);
	fa_vmci_add_offset(b, "printk_info.text_len", l->info_text_len);
	fa_vmci_add_offset(b, "printk_info.caller_id", l->info_caller_id);
	fa_vmci_add_offset(b, "printk_info.dev_info", l->info_dev_info);
	fa_vmci_add_size(b, "dev_printk_info", l->dev_size);
	fa_vmci_add_offset(b, "dev_printk_info.subsystem", l->dev_subsystem);
	fa_vmci_add_length(b, "printk_info_subsystem", l->subsystem_len);
	fa_vmci_add_offset(b, "dev_printk_info.device", l->dev_device);
	fa_vmci_add_length(b, "printk_info_device", l->device_len);
	fa_vmci_add_size(b, "prb_data_ring", l->tr_size);
	fa_vmci_add_offset(b, "prb_data_ring.size_bits", l->tr_size_bits);
	fa_vmci_add_offset(b, "prb_data_ring.data", l->tr_data);
	fa_vmci_add_offset(b, "prb_data_ring.head_lpos", l->tr_head_lpos);
	fa_vmci_add_offset(b, "prb_data_ring.tail_lpos", l->tr_tail_lpos);
	fa_vmci_add_size(b, "atomic_long_t", l->atomic_size);
	fa_vmci_add_offset(b, "atomic_long_t.counter", l->atomic_counter);
	if (at->clear_seq) {
		fa_vmci_add_size(b, "latched_seq", 24);
		fa_vmci_add_offset(b, "latched_seq.val", 8);
	}
}

/* ---- encoders: the record ring (3.5 - 5.9) and the character ring ------ */

struct old_enc {
	const struct fa_mem_writer *w;
	const struct fa_printk_old_place *at;
	uint8_t *buf;
	uint32_t len;
};

static int old_put_u32(const struct old_enc *c, uint64_t addr, uint32_t v,
		       const char *what, struct fa_err *e)
{
	uint8_t b[4];

	fa_put32(b, c->w->byteorder, v);
	return enc_write(c->w, addr, b, 4, what, e);
}

static int old_put_u64(const struct old_enc *c, uint64_t addr, uint64_t v,
		       const char *what, struct fa_err *e)
{
	uint8_t b[8];

	fa_put64(b, c->w->byteorder, v);
	return enc_write(c->w, addr, b, 8, what, e);
}

/* The buffer, the log_buf pointer and log_buf_len. */
static int old_flush(const struct old_enc *c, struct fa_err *e)
{
	uint8_t p[8];
	int ret;

	put_word(p, c->w->ptr_size, c->w->byteorder, c->at->buf);
	ret = enc_write(c->w, c->at->buf, c->buf, c->len, "log_buf", e);
	if (!ret)
		ret = enc_write(c->w, c->at->log_buf, p, (size_t)c->w->ptr_size,
				"the log_buf pointer", e);
	if (!ret)
		ret = old_put_u32(c, c->at->log_buf_len, c->len, "log_buf_len", e);
	return ret;
}

static int old_begin(struct old_enc *c, const struct fa_mem_writer *w,
		     const struct fa_printk_old_place *at, struct fa_err *e)
{
	c->w = w;
	c->at = at;
	c->len = at->buf_len;
	if (w->ptr_size != 8 && w->ptr_size != 4)
		return fa_err_set(e, FA_EINVAL, "printk encoder: pointer size %d",
				  w->ptr_size);
	if (c->len < 64 || c->len > LOG_BUF_MAX || (c->len & (c->len - 1)))
		return fa_err_set(e, FA_EINVAL,
				  "printk encoder: log_buf_len %u is not a power of two from 64 to %u",
				  c->len, LOG_BUF_MAX);
	c->buf = calloc(1, c->len);
	if (!c->buf)
		return fa_err_set(e, FA_ENOMEM, "printk encoder: out of memory");
	return 0;
}

struct varlen_enc {
	struct old_enc c;
	const struct fa_printk_log_layout *l;
	uint32_t first_idx, next_idx;
	uint64_t first_seq, next_seq;
};

static uint32_t varlen_len_at(const struct varlen_enc *v, uint32_t idx)
{
	return fa_get16(v->c.buf + idx + v->l->len, v->c.w->byteorder);
}

/* log_next(): a zero len is the wrap marker, the record is at index 0. */
static uint32_t varlen_next(const struct varlen_enc *v, uint32_t idx)
{
	uint32_t len = varlen_len_at(v, idx);

	return len ? idx + len : varlen_len_at(v, 0);
}

/* logbuf_has_space() */
static int varlen_has_space(const struct varlen_enc *v, uint32_t size,
			    int empty)
{
	uint32_t free;

	if (v->next_idx > v->first_idx || empty)
		free = v->c.len - v->next_idx > v->first_idx ?
		       v->c.len - v->next_idx : v->first_idx;
	else
		free = v->first_idx - v->next_idx;
	return free >= size + v->l->size;
}

/* log_store() of one record; 1 when it cannot be stored at all. */
static int varlen_store(struct varlen_enc *v, const struct fa_printk_record *r)
{
	const struct fa_printk_log_layout *l = v->l;
	int bo = v->c.w->byteorder;
	uint32_t tlen = r->text_len > 0xffff - l->size - l->align ?
			0xffff - l->size - l->align : (uint32_t)r->text_len;
	uint32_t size = (l->size + tlen + l->align - 1) & ~(l->align - 1);
	uint8_t *h;

	while (v->first_seq < v->next_seq && !varlen_has_space(v, size, 0)) {
		v->first_idx = varlen_next(v, v->first_idx);
		v->first_seq++;
	}
	if (!varlen_has_space(v, size, v->first_seq == v->next_seq))
		return 1;
	if (v->next_idx + size + l->size > v->c.len) {
		memset(v->c.buf + v->next_idx, 0, l->size);
		v->next_idx = 0;
	}
	h = v->c.buf + v->next_idx;
	memset(h, 0, size);
	memcpy(h + l->size, r->text, tlen);
	fa_put64(h + l->ts_nsec, bo, r->ts_nsec);
	fa_put16(h + l->len, bo, (uint16_t)size);
	fa_put16(h + l->text_len, bo, (uint16_t)tlen);
	fa_put16(h + l->dict_len, bo, 0);
	h[l->dict_len + 2] = r->facility;
	h[l->dict_len + 3] = join_flags_level(r->flags, r->level, bo);
	if (l->caller_id != UINT32_MAX)
		fa_put32(h + l->caller_id, bo, r->caller_id);
	v->next_idx += size;
	v->next_seq++;
	return 0;
}

static int varlen_check_layout(const struct fa_printk_log_layout *l,
			       struct fa_err *e)
{
	if (!l->align || (l->align & (l->align - 1)) || l->size > 256 ||
	    l->ts_nsec + 8 > l->size || l->len + 2 > l->size ||
	    l->text_len + 2 > l->size || l->dict_len + 4 > l->size ||
	    (l->caller_id != UINT32_MAX && l->caller_id + 4 > l->size))
		return fa_err_set(e, FA_EINVAL,
				  "printk encoder: struct printk_log layout: a field lies outside its %u bytes",
				  l->size);
	return 0;
}

int fa_printk_varlen_encode(const struct fa_mem_writer *w,
			    const struct fa_printk_log_layout *l,
			    const struct fa_printk_old_place *at,
			    const struct fa_printk_record *recs, size_t n,
			    struct fa_err *e)
{
	struct varlen_enc v = { .l = l };
	size_t i;
	int ret = varlen_check_layout(l, e);

	if (!ret)
		ret = old_begin(&v.c, w, at, e);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		varlen_store(&v, &recs[i]);
	ret = old_flush(&v.c, e);
	if (!ret)
		ret = old_put_u32(&v.c, at->first_idx, v.first_idx,
				  "log_first_idx", e);
	if (!ret)
		ret = old_put_u32(&v.c, at->next_idx, v.next_idx,
				  "log_next_idx", e);
	if (!ret && at->first_seq)
		ret = old_put_u64(&v.c, at->first_seq, v.first_seq,
				  "log_first_seq", e);
	if (!ret && at->next_seq)
		ret = old_put_u64(&v.c, at->next_seq, v.next_seq,
				  "log_next_seq", e);
	free(v.c.buf);
	return ret;
}

void fa_printk_varlen_vmcoreinfo(struct fa_vmci_builder *b,
				 const struct fa_printk_log_layout *l,
				 const struct fa_printk_old_place *at)
{
	fa_vmci_add_symbol(b, "log_buf", at->log_buf);
	fa_vmci_add_symbol(b, "log_buf_len", at->log_buf_len);
	fa_vmci_add_symbol(b, "log_first_idx", at->first_idx);
	if (at->clear_idx)
		fa_vmci_add_symbol(b, "clear_idx", at->clear_idx);
	fa_vmci_add_symbol(b, "log_next_idx", at->next_idx);
	fa_vmci_add_size(b, "printk_log", l->size);
	fa_vmci_add_offset(b, "printk_log.ts_nsec", l->ts_nsec);
	fa_vmci_add_offset(b, "printk_log.len", l->len);
	fa_vmci_add_offset(b, "printk_log.text_len", l->text_len);
	fa_vmci_add_offset(b, "printk_log.dict_len", l->dict_len);
	if (l->caller_id != UINT32_MAX)
		fa_vmci_add_offset(b, "printk_log.caller_id", l->caller_id);
}

int fa_printk_plain_encode(const struct fa_mem_writer *w,
			   const struct fa_printk_old_place *at,
			   const struct fa_printk_record *recs, size_t n,
			   struct fa_err *e)
{
	struct old_enc c;
	uint64_t end = 0;
	size_t i, j;
	int ret = old_begin(&c, w, at, e);

	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		const struct fa_printk_record *r = &recs[i];
		char pfx[48];
		int new_line = 1;

		snprintf(pfx, sizeof(pfx), "<%u>[%5" PRIu64 ".%06" PRIu64 "] ",
			 r->level & 7u, r->ts_nsec / 1000000000,
			 (r->ts_nsec % 1000000000) / 1000);
		for (j = 0; j <= r->text_len; j++) {
			char ch = j < r->text_len ? r->text[j] : '\n';
			size_t k;

			if (new_line)
				for (k = 0; pfx[k]; k++)
					c.buf[end++ & (c.len - 1)] = (uint8_t)pfx[k];
			c.buf[end++ & (c.len - 1)] = (uint8_t)ch;
			new_line = ch == '\n';
		}
	}
	ret = old_flush(&c, e);
	if (!ret)
		ret = old_put_u32(&c, at->log_end, (uint32_t)end, "log_end", e);
	if (!ret && at->logged_chars)
		ret = old_put_u32(&c, at->logged_chars,
				  end < c.len ? (uint32_t)end : c.len,
				  "logged_chars", e);
	free(c.buf);
	return ret;
}

void fa_printk_plain_vmcoreinfo(struct fa_vmci_builder *b,
				const struct fa_printk_old_place *at)
{
	fa_vmci_add_symbol(b, "log_buf", at->log_buf);
	fa_vmci_add_symbol(b, "log_end", at->log_end);
	fa_vmci_add_symbol(b, "log_buf_len", at->log_buf_len);
	if (at->logged_chars)
		fa_vmci_add_symbol(b, "logged_chars", at->logged_chars);
}
