// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtas.c - pSeries registration structure and /rtas property codecs.
 * Offsets follow §2.2/§2.3 of the kernel formats reference; all BE.
 */
#include <stdio.h>
#include <string.h>

#include "rtas.h"
#include "fa_endian.h"

static int out_room(size_t len, size_t need, const char *what,
		    struct fa_err *e)
{
	if (len < need)
		return fa_err_set(e, FA_ERANGE, "%s: need %zu bytes, buffer holds %zu",
				  what, need, len);
	return 0;
}

static void decode_section(const uint8_t *p, struct fa_rtas_section *s)
{
	s->request_flag = fa_get32(p, FA_BE);
	s->source_data_type = fa_get16(p + 4, FA_BE);
	s->error_flags = fa_get16(p + 6, FA_BE);
	s->source_address = fa_get64(p + 8, FA_BE);
	s->source_len = fa_get64(p + 16, FA_BE);
	s->bytes_dumped = fa_get64(p + 24, FA_BE);
	s->destination_address = fa_get64(p + 32, FA_BE);
}

static void encode_section(uint8_t *p, const struct fa_rtas_section *s)
{
	fa_put32(p, FA_BE, s->request_flag);
	fa_put16(p + 4, FA_BE, s->source_data_type);
	fa_put16(p + 6, FA_BE, s->error_flags);
	fa_put64(p + 8, FA_BE, s->source_address);
	fa_put64(p + 16, FA_BE, s->source_len);
	fa_put64(p + 24, FA_BE, s->bytes_dumped);
	fa_put64(p + 32, FA_BE, s->destination_address);
}

static void decode_header(const uint8_t *p, struct fa_rtas_fdm *f)
{
	f->dump_format_version = fa_get32(p, FA_BE);
	f->dump_num_sections = fa_get16(p + 4, FA_BE);
	f->dump_status_flag = fa_get16(p + 6, FA_BE);
	f->offset_first_dump_section = fa_get32(p + 8, FA_BE);
	f->dd_block_size = fa_get32(p + 12, FA_BE);
	f->dd_block_offset = fa_get64(p + 16, FA_BE);
	f->dd_num_blocks = fa_get64(p + 24, FA_BE);
	f->dd_offset_disk_path = fa_get32(p + 32, FA_BE);
	f->max_time_auto = fa_get32(p + 36, FA_BE);
}

static void encode_header(uint8_t *p, const struct fa_rtas_fdm *f)
{
	fa_put32(p, FA_BE, f->dump_format_version);
	fa_put16(p + 4, FA_BE, f->dump_num_sections);
	fa_put16(p + 6, FA_BE, f->dump_status_flag);
	fa_put32(p + 8, FA_BE, f->offset_first_dump_section);
	fa_put32(p + 12, FA_BE, f->dd_block_size);
	fa_put64(p + 16, FA_BE, f->dd_block_offset);
	fa_put64(p + 24, FA_BE, f->dd_num_blocks);
	fa_put32(p + 32, FA_BE, f->dd_offset_disk_path);
	fa_put32(p + 36, FA_BE, f->max_time_auto);
}

int fa_rtas_fdm_decode(const void *buf, size_t len, struct fa_rtas_fdm *out,
		       struct fa_err *e)
{
	const uint8_t *p = buf;
	int rc, i;

	memset(out, 0, sizeof(*out));
	rc = fa_need(e, len, 0, FA_RTAS_HDR_SIZE, "RTAS fadump section header");
	if (rc)
		return rc;
	decode_header(p, out);
	if (out->dump_format_version != FA_RTAS_FORMAT_VERSION)
		return fa_err_set(e, FA_EVERSION,
				  "RTAS fadump section header: dump_format_version at offset 0x0 is %#x, expected 0x1",
				  out->dump_format_version);
	if (out->offset_first_dump_section != FA_RTAS_HDR_SIZE)
		return fa_err_set(e, FA_ECORRUPT,
				  "RTAS fadump section header: offset_first_dump_section at offset 0x8 is %#x, expected 0x28",
				  out->offset_first_dump_section);
	if (out->dump_num_sections > FA_RTAS_MAX_SECTIONS)
		return fa_err_set(e, FA_ERANGE,
				  "RTAS fadump section header: dump_num_sections at offset 0x4 is %u, at most %d allowed",
				  out->dump_num_sections, FA_RTAS_MAX_SECTIONS);
	rc = fa_need(e, len, 0, FA_RTAS_FDM_LEN(out->dump_num_sections),
		     "RTAS fadump sections");
	if (rc)
		return rc;
	for (i = 0; i < out->dump_num_sections; i++)
		decode_section(p + FA_RTAS_FDM_LEN(i), &out->rgn[i]);
	return 0;
}

static int check_nsec(const struct fa_rtas_fdm *in, int max, struct fa_err *e)
{
	if (in->dump_num_sections > max)
		return fa_err_set(e, FA_EINVAL,
				  "RTAS fadump structure: %u sections do not fit a layout of %d",
				  in->dump_num_sections, max);
	return 0;
}

static void encode_used(const struct fa_rtas_fdm *in, uint8_t *p)
{
	int i;

	encode_header(p, in);
	for (i = 0; i < in->dump_num_sections; i++)
		encode_section(p + FA_RTAS_FDM_LEN(i), &in->rgn[i]);
}

int fa_rtas_fdm_encode(const struct fa_rtas_fdm *in, void *buf, size_t len,
		       size_t *written, struct fa_err *e)
{
	size_t need;
	int rc;

	rc = check_nsec(in, FA_RTAS_MAX_SECTIONS, e);
	if (rc)
		return rc;
	need = FA_RTAS_FDM_LEN(in->dump_num_sections);
	rc = out_room(len, need, "RTAS fadump structure", e);
	if (rc)
		return rc;
	encode_used(in, buf);
	*written = need;
	return 0;
}

int fa_rtas_fdm_encode_image(const struct fa_rtas_fdm *in,
			     enum fa_rtas_image img, void *buf, size_t len,
			     size_t *written, struct fa_err *e)
{
	int old = img == FA_RTAS_IMAGE_OLD;
	size_t need = old ? FA_RTAS_FDM_OLD_SIZE : FA_RTAS_FDM_SIZE;
	int rc;

	rc = check_nsec(in, old ? FA_RTAS_OLD_NUM_SECTIONS : FA_RTAS_MAX_SECTIONS, e);
	if (rc)
		return rc;
	rc = out_room(len, need, "RTAS fadump structure image", e);
	if (rc)
		return rc;
	memset(buf, 0, need);
	encode_used(in, buf);
	*written = need;
	return 0;
}

const char *fa_rtas_section_type_name(uint16_t type)
{
	switch (type) {
	case FA_RTAS_CPU_STATE_DATA:
		return "CPU_STATE_DATA";
	case FA_RTAS_HPTE_REGION:
		return "HPTE_REGION";
	case FA_RTAS_REAL_MODE_REGION:
		return "REAL_MODE_REGION";
	case FA_RTAS_PARAM_AREA:
		return "PARAM_AREA";
	}
	return "unknown";
}

const char *fa_rtas_rc_name(int rc)
{
	switch (rc) {
	case FA_RTAS_RC_SUCCESS:
		return "success";
	case FA_RTAS_RC_HW_ERROR:
		return "hardware error";
	case FA_RTAS_RC_PARAM_ERROR:
		return "parameter error";
	case FA_RTAS_RC_ALREADY_REGISTERED:
		return "dump already registered";
	case FA_RTAS_RC_DUMP_ACTIVE:
		return "dump active";
	}
	return "unknown status";
}

struct flag_name {
	uint16_t bit;
	const char *name;
};

static const struct flag_name section_errors[] = {
	{ FA_RTAS_ERR_INVALID_DATA_TYPE, "invalid data type" },
	{ FA_RTAS_ERR_INVALID_SRC_ADDR, "invalid source address" },
	{ FA_RTAS_ERR_LEN_EXCEEDS_SOURCE, "length exceeds source" },
	{ FA_RTAS_ERR_INVALID_DEST_ADDR, "invalid destination address" },
	{ FA_RTAS_ERR_DEST_TOO_SMALL, "destination too small" },
	{ 0, NULL },
};

static const struct flag_name dump_status[] = {
	{ FA_RTAS_DUMP_PERFORMED, "dump performed" },
	{ FA_RTAS_DUMP_TRIGGERED, "dump triggered" },
	{ FA_RTAS_DUMP_ERROR, "dump error" },
	{ 0, NULL },
};

/* Append "name" or "0x..." pieces joined by '|'; snprintf truncates safely. */
static char *flags_str(uint16_t flags, const struct flag_name *t, char *buf,
		       size_t size)
{
	size_t off = 0;
	int i;

	if (!size)
		return buf;
	buf[0] = '\0';
	if (!flags) {
		snprintf(buf, size, "none");
		return buf;
	}
	for (i = 0; t[i].name; i++) {
		if (!(flags & t[i].bit))
			continue;
		flags &= (uint16_t)~t[i].bit;
		off += (size_t)snprintf(buf + off, off < size ? size - off : 0,
					"%s%s", off ? "|" : "", t[i].name);
		if (off >= size)
			return buf;
	}
	if (flags)
		snprintf(buf + off, size - off, "%s%#x", off ? "|" : "", flags);
	return buf;
}

char *fa_rtas_error_flags_str(uint16_t flags, char *buf, size_t size)
{
	return flags_str(flags, section_errors, buf, size);
}

char *fa_rtas_dump_status_str(uint16_t flags, char *buf, size_t size)
{
	return flags_str(flags, dump_status, buf, size);
}

int fa_rtas_dump_sizes_decode(const void *buf, size_t len,
			      struct fa_rtas_dump_sizes *out, struct fa_err *e)
{
	const uint8_t *p = buf;
	size_t i, n = len / 12;

	memset(out, 0, sizeof(*out));
	if (n > FA_RTAS_DUMP_SIZES_MAX)
		return fa_err_set(e, FA_ERANGE,
				  "ibm,configure-kernel-dump-sizes: %zu bytes hold %zu triples, at most %d supported",
				  len, n, FA_RTAS_DUMP_SIZES_MAX);
	for (i = 0; i < n; i++) {
		out->ent[i].type = fa_get32(p + 12 * i, FA_BE);
		out->ent[i].size = (uint64_t)fa_get32(p + 12 * i + 4, FA_BE) << 32 |
				   fa_get32(p + 12 * i + 8, FA_BE);
	}
	out->n = n;
	out->trailing = len % 12;
	return 0;
}

int fa_rtas_dump_sizes_encode(const struct fa_rtas_dump_sizes *in, void *buf,
			      size_t len, size_t *written, struct fa_err *e)
{
	uint8_t *p = buf;
	size_t i;
	int rc;

	if (in->n > FA_RTAS_DUMP_SIZES_MAX)
		return fa_err_set(e, FA_EINVAL, "ibm,configure-kernel-dump-sizes: %zu triples, at most %d",
				  in->n, FA_RTAS_DUMP_SIZES_MAX);
	rc = out_room(len, 12 * in->n, "ibm,configure-kernel-dump-sizes", e);
	if (rc)
		return rc;
	for (i = 0; i < in->n; i++) {
		fa_put32(p + 12 * i, FA_BE, in->ent[i].type);
		fa_put32(p + 12 * i + 4, FA_BE, (uint32_t)(in->ent[i].size >> 32));
		fa_put32(p + 12 * i + 8, FA_BE, (uint32_t)in->ent[i].size);
	}
	*written = 12 * in->n;
	return 0;
}

void fa_rtas_dump_sizes_lookup(const struct fa_rtas_dump_sizes *s,
			       uint64_t *cpu_state_data_size,
			       uint64_t *hpte_region_size)
{
	size_t i;

	*cpu_state_data_size = 0;
	*hpte_region_size = 0;
	for (i = 0; i < s->n; i++) {
		if (s->ent[i].type == FA_RTAS_CPU_STATE_DATA)
			*cpu_state_data_size = s->ent[i].size;
		else if (s->ent[i].type == FA_RTAS_HPTE_REGION)
			*hpte_region_size = s->ent[i].size;
	}
}

int fa_reserved_ranges_decode(const void *buf, size_t len,
			      struct fa_range *out, size_t max, size_t *n,
			      size_t *trailing, struct fa_err *e)
{
	const uint8_t *p = buf;
	size_t i, cnt = len / 16;

	if (cnt > max)
		return fa_err_set(e, FA_ERANGE,
				  "reserved-ranges: %zu bytes hold %zu ranges, room for %zu",
				  len, cnt, max);
	for (i = 0; i < cnt; i++) {
		out[i].base = fa_get64(p + 16 * i, FA_BE);
		out[i].size = fa_get64(p + 16 * i + 8, FA_BE);
	}
	*n = cnt;
	*trailing = len % 16;
	return 0;
}

int fa_reserved_ranges_encode(const struct fa_range *in, size_t n, void *buf,
			      size_t len, size_t *written, struct fa_err *e)
{
	uint8_t *p = buf;
	size_t i;

	if (n > len / 16)
		return fa_err_set(e, FA_ERANGE,
				  "reserved-ranges: %zu ranges need 16 bytes each, buffer holds %zu",
				  n, len);
	for (i = 0; i < n; i++) {
		fa_put64(p + 16 * i, FA_BE, in[i].base);
		fa_put64(p + 16 * i + 8, FA_BE, in[i].size);
	}
	*written = 16 * n;
	return 0;
}

int fa_rtas_token_decode(const void *buf, size_t len, uint32_t *token,
			 struct fa_err *e)
{
	int rc = fa_need(e, len, 0, 4, "ibm,configure-kernel-dump token");

	if (rc)
		return rc;
	*token = fa_get32(buf, FA_BE);
	return 0;
}

int fa_rtas_token_encode(uint32_t token, void *buf, size_t len,
			 size_t *written, struct fa_err *e)
{
	int rc = out_room(len, 4, "ibm,configure-kernel-dump token", e);

	if (rc)
		return rc;
	fa_put32(buf, FA_BE, token);
	*written = 4;
	return 0;
}
