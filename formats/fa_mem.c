// SPDX-License-Identifier: GPL-2.0-or-later
/* fa_mem.c - typed reads over struct fa_mem. */
#include "fa_endian.h"
#include "fa_mem.h"

int fa_mem_read_u16(const struct fa_mem *m, int space, uint64_t addr,
		    uint16_t *v, struct fa_err *e)
{
	uint8_t b[2];
	int ret = m->read(m->ctx, space, addr, b, sizeof(b), e);

	if (!ret)
		*v = fa_get16(b, m->byteorder);
	return ret;
}

int fa_mem_read_u32(const struct fa_mem *m, int space, uint64_t addr,
		    uint32_t *v, struct fa_err *e)
{
	uint8_t b[4];
	int ret = m->read(m->ctx, space, addr, b, sizeof(b), e);

	if (!ret)
		*v = fa_get32(b, m->byteorder);
	return ret;
}

int fa_mem_read_u64(const struct fa_mem *m, int space, uint64_t addr,
		    uint64_t *v, struct fa_err *e)
{
	uint8_t b[8];
	int ret = m->read(m->ctx, space, addr, b, sizeof(b), e);

	if (!ret)
		*v = fa_get64(b, m->byteorder);
	return ret;
}

int fa_mem_read_ptr(const struct fa_mem *m, int space, uint64_t addr,
		    uint64_t *v, struct fa_err *e)
{
	uint32_t v32;
	int ret;

	if (m->ptr_size == 8)
		return fa_mem_read_u64(m, space, addr, v, e);
	ret = fa_mem_read_u32(m, space, addr, &v32, e);
	if (!ret)
		*v = v32;
	return ret;
}
