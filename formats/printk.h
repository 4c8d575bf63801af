/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * printk.h - the kernel log from a crashed kernel's memory.
 *
 * Decoder: finds the log through VMCOREINFO and reads it through struct
 * fa_mem (FA_KVADDR), for the three kernel eras:
 *   - lockless ring buffer (5.10+): SYMBOL(prb) and the prb_* offsets;
 *   - variable-length records (3.5-5.9): SYMBOL(log_buf), log_first_idx...;
 *   - plain character ring (before 3.5): SYMBOL(log_buf), SYMBOL(log_end).
 * Formatter: dmesg / makedumpfile --dump-dmesg text.
 * Encoder: plants a lockless ring into a model machine's memory, the way
 * the kernel's own writer leaves it, and emits the matching VMCOREINFO.
 */
#ifndef FA_PRINTK_H
#define FA_PRINTK_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "fa_mem.h"
#include "vmcoreinfo.h"

enum fa_printk_format {
	FA_PRINTK_LOCKLESS = 1,	/* 5.10+ */
	FA_PRINTK_VARLEN = 2,	/* 3.5 - 5.9 */
	FA_PRINTK_LEGACY = 3,	/* before 3.5: text only */
};

/* printk_info.caller_id: bit 31 set = CPU number, clear = task pid. */
#define FA_PRINTK_CALLER_CPU	0x80000000u

struct fa_printk_record {
	uint64_t seq;
	uint64_t ts_nsec;
	uint8_t level;		/* 0 (emerg) .. 7 (debug) */
	uint8_t facility;	/* 0 = kern */
	uint8_t flags;		/* LOG_NEWLINE, LOG_CONT... (5 bits) */
	uint32_t caller_id;	/* 0 when the kernel has none */
	char *text;		/* text_len bytes, NUL-terminated for convenience */
	size_t text_len;
	char subsystem[17];	/* dev_info, NUL-terminated ("" if none) */
	char device[49];
	/*
	 * Legacy logs: which prefixes the stored line had before text (the
	 * level "<N>", the time "[s.us] "), so that it prints as stored.
	 */
	uint8_t legacy_prefix;
};

#define FA_PRINTK_LEGACY_LEVEL	0x1
#define FA_PRINTK_LEGACY_TIME	0x2

struct fa_printk_log {
	int format;			/* enum fa_printk_format */
	struct fa_printk_record *rec;	/* owned; legacy: one per line */
	size_t count;
	/* What the decoder skipped or repaired (lockless ring). */
	size_t skipped_id;	/* state_var id != expected id */
	size_t skipped_state;	/* reserved or reusable descriptor */
	size_t dataless;	/* no text block (failed or empty) */
	size_t skipped_lpos;	/* text_blk_lpos impossible for the ring */
	size_t clamped;		/* text_len larger than its block */
	size_t abandoned;	/* not walked after a long run of bad ones */
};

/*
 * fa_printk_read() - decode the kernel log of the memory @m described by
 * @vi into @log (zeroed first; free with fa_printk_log_free() even on
 * error).  The format is chosen as makedumpfile does: SYMBOL(prb) means
 * lockless, else SYMBOL(log_end) absent means variable-length records,
 * else the legacy character ring.  Returns 0; FA_ENOENT naming the missing
 * VMCOREINFO key; FA_ECORRUPT for impossible ring geometry or indexes;
 * or the fa_mem error, prefixed with what was being read and its address.
 */
int fa_printk_read(const struct fa_mem *m, const struct fa_vmcoreinfo *vi,
		   struct fa_printk_log *log, struct fa_err *e);

/* fa_printk_log_free() - release what fa_printk_read() stored in @log. */
void fa_printk_log_free(struct fa_printk_log *log);

/*
 * fa_printk_is_panic() - 1 when record text @text reports a crash: a
 * "Kernel panic - not syncing" record (or panic()'s "---[ end Kernel
 * panic ..." trailer) or one starting with "Oops".
 */
int fa_printk_is_panic(const char *text);

/* Formatter flags. */
#define FA_PRINTK_INDENT	0x1	/* makedumpfile: indent continuation lines */
#define FA_PRINTK_DECODE	0x2	/* dmesg -x: "kern  :emerg : " prefix */
#define FA_PRINTK_RAW		0x4	/* dmesg -r: "<N>" prefix (facility<<3|level) */
#define FA_PRINTK_CALLER	0x8	/* "[T<pid>]" / "[C<cpu>]" after the time */

/*
 * fa_printk_format() - the log as text: "[%5llu.%06llu] text\n" per record
 * with the prefixes @flags ask for; every line of a multi-line record
 * gets the prefix, as the kernel's console prints it (record_print_text()),
 * or with FA_PRINTK_INDENT is indented by its width; bytes that are
 * neither printable nor white space become "\xNN".  Legacy logs are printed as stored, with the same escaping.  On success
 * *@out is a malloc'd NUL-terminated string of *@len bytes owned by the
 * caller.
 */
int fa_printk_format(const struct fa_printk_log *log, unsigned int flags,
		     char **out, size_t *len, struct fa_err *e);

/* ---- encoder (lockless ring, for the kernel model) -------------------- */

/*
 * struct fa_prb_layout - the ring's geometry and the byte offsets exported
 * as SIZE()/OFFSET() in VMCOREINFO.  fa_prb_layout_default() fills the
 * 64-bit kernel layout (5.10 - 6.9).
 */
struct fa_prb_layout {
	unsigned int count_bits;	/* 1 << count_bits descriptors */
	unsigned int size_bits;		/* 1 << size_bits bytes of text */
	uint32_t rb_size, rb_desc_ring, rb_text_data_ring, rb_fail;
	uint32_t dr_size, dr_count_bits, dr_descs, dr_infos, dr_head_id,
		 dr_tail_id;
	uint32_t tr_size, tr_size_bits, tr_data, tr_head_lpos, tr_tail_lpos;
	uint32_t desc_size, desc_state_var, desc_text_blk_lpos;
	uint32_t lpos_size, lpos_begin, lpos_next;
	uint32_t info_size, info_seq, info_ts_nsec, info_text_len,
		 info_caller_id, info_dev_info;
	uint32_t dev_size, dev_subsystem, dev_device, subsystem_len,
		 device_len;
	uint32_t atomic_size, atomic_counter;
};

void fa_prb_layout_default(struct fa_prb_layout *l, unsigned int count_bits,
			   unsigned int size_bits);

/* Where the encoder puts things (kernel virtual addresses). */
struct fa_prb_place {
	uint64_t prb;		/* the `prb` pointer variable: SYMBOL(prb) */
	uint64_t rb;		/* struct printk_ringbuffer: printk_rb_static */
	uint64_t descs;		/* desc_size << count_bits bytes */
	uint64_t infos;		/* info_size << count_bits bytes */
	uint64_t text;		/* 1 << size_bits bytes */
	uint64_t clear_seq;	/* struct latched_seq, or 0 for none */
	/*
	 * First descriptor id; 0 means the kernel's DESC0_ID, just below the
	 * top of the id space, so that ids wrap to 0 early.
	 */
	uint64_t desc0_id;
};

/* The memory writer the encoder writes through (mirror of fa_mem). */
struct fa_mem_writer {
	int (*write)(void *ctx, int space, uint64_t addr, const void *buf,
		     size_t len, struct fa_err *e);
	void *ctx;
	int byteorder;
	int ptr_size;		/* 8 (or 4) */
};

/*
 * fa_prb_encode() - write the ring that results from the kernel printing
 * the @n records @recs in order (seq, ts_nsec, level, facility, flags,
 * caller_id, text, dev_info; the seq field is ignored and assigned 0, 1, ...
 * as the kernel does): descriptors finalized, the oldest descriptors and
 * data blocks recycled once the rings are full, blocks that would cross the
 * end of the text ring wrapped to offset 0.  A record whose text cannot fit
 * the ring, or with empty text, becomes data-less as in the kernel.
 * Returns 0, FA_EINVAL for a bad layout, or the writer's error.
 */
int fa_prb_encode(const struct fa_mem_writer *w, const struct fa_prb_layout *l,
		  const struct fa_prb_place *at,
		  const struct fa_printk_record *recs, size_t n,
		  struct fa_err *e);

/*
 * fa_prb_vmcoreinfo() - append the lines log_buf_vmcoreinfo_setup() emits
 * for @l and @at, in the kernel's order.
 */
void fa_prb_vmcoreinfo(struct fa_vmci_builder *b, const struct fa_prb_layout *l,
		       const struct fa_prb_place *at);

/* ---- encoders of the older logs (for the kernel model) ---------------- */

/*
 * struct fa_printk_log_layout - struct printk_log (3.5 - 5.9) as SIZE() and
 * OFFSET() give it: the facility byte follows dict_len, then the
 * flags:5/level:3 byte.  caller_id is UINT32_MAX without
 * CONFIG_PRINTK_CALLER (before 5.1).  align is LOG_ALIGN, the struct's
 * alignment.
 */
struct fa_printk_log_layout {
	uint32_t size, ts_nsec, len, text_len, dict_len, caller_id, align;
};

/*
 * Where the older logs live (kernel virtual addresses): the variables
 * log_buf (a pointer), log_buf_len (u32), and the buffer itself; the
 * record ring adds log_first_idx, log_next_idx, clear_idx (u32) and the
 * sequence numbers log_first_seq, log_next_seq (u64); the character ring
 * adds log_end and logged_chars (unsigned int, 2.6.25+).
 */
struct fa_printk_old_place {
	uint64_t log_buf, log_buf_len, buf;
	uint32_t buf_len;	/* a power of two */
	uint64_t first_idx, next_idx, clear_idx, first_seq, next_seq;
	uint64_t log_end, logged_chars;
};

/*
 * fa_printk_varlen_encode() - write the record ring that results from the
 * kernel's log_store() storing the @n records @recs in order: records are
 * header + text padded to LOG_ALIGN; the oldest are dropped to make room
 * (log_make_free_space()); a record that does not fit before the end of
 * the buffer leaves a zeroed header there and starts again at index 0.
 * Returns 0, FA_EINVAL for a bad layout, or the writer's error.
 */
int fa_printk_varlen_encode(const struct fa_mem_writer *w,
			    const struct fa_printk_log_layout *l,
			    const struct fa_printk_old_place *at,
			    const struct fa_printk_record *recs, size_t n,
			    struct fa_err *e);

/* fa_printk_varlen_vmcoreinfo() - log_buf_vmcoreinfo_setup() of 3.11 - 5.9. */
void fa_printk_varlen_vmcoreinfo(struct fa_vmci_builder *b,
				 const struct fa_printk_log_layout *l,
				 const struct fa_printk_old_place *at);

/*
 * fa_printk_plain_encode() - write the character ring the kernel's
 * vprintk() (2.6.x, printk.time=1) leaves: every line of every record as
 * "<level>[seconds.micros] text\n", wrapping at the end of the buffer.
 */
int fa_printk_plain_encode(const struct fa_mem_writer *w,
			   const struct fa_printk_old_place *at,
			   const struct fa_printk_record *recs, size_t n,
			   struct fa_err *e);

/* fa_printk_plain_vmcoreinfo() - log_buf_kexec_setup() of 2.6.x. */
void fa_printk_plain_vmcoreinfo(struct fa_vmci_builder *b,
				const struct fa_printk_old_place *at);

#endif /* FA_PRINTK_H */
