// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kcurrent.c - the crashed kernel's CPUs from its memory (see kcurrent.h).
 *
 * Every address read here is in the linear map (kernel data, the pacas,
 * task_structs), so a kernel virtual address is its physical address plus
 * PAGE_OFFSET: no page tables are needed.
 */
#include <stdlib.h>
#include <string.h>

#include "cpustate.h"
#include "fa_endian.h"
#include "fa_mem.h"
#include "kcurrent.h"

/* Read @len bytes of the linear-map address @va (what names it in @e). */
static int kv_read(const struct fa_dump *d, uint64_t va, void *buf,
		   size_t len, const char *what, struct fa_err *e)
{
	if (va < FA_PPC64_PAGE_OFFSET)
		return fa_err_set(e, FA_ECORRUPT,
				  "%s at %#llx: not a linear-map address",
				  what, (unsigned long long)va);
	if (fa_dump_read_phys(d, va - FA_PPC64_PAGE_OFFSET, buf, len, e))
		return fa_err_set(e, FA_ENOENT,
				  "%s at %#llx: not in the dump",
				  what, (unsigned long long)va);
	return 0;
}

static int kv_u64(const struct fa_dump *d, uint64_t va, uint64_t *v,
		  const char *what, struct fa_err *e)
{
	uint8_t b[8];
	int ret = kv_read(d, va, b, sizeof(b), what, e);

	if (!ret)
		*v = fa_get64(b, d->byteorder);
	return ret;
}

static int sym_need(struct fa_symbolizer *s, const char *name, uint64_t *a,
		    uint64_t *size, struct fa_err *e)
{
	if (fa_sym_addr(s, name, a, size))
		return fa_err_set(e, FA_ENOENT,
				  "the vmlinux has no symbol %s", name);
	return 0;
}

static int off_need(struct fa_symbolizer *s, const char *type,
		    const char *member, uint64_t *off, struct fa_err *e)
{
	if (fa_sym_member_offset(s, type, member, off))
		return fa_err_set(e, FA_EUNSUP,
				  "the vmlinux's DWARF has no struct %s member %s",
				  type, member);
	return 0;
}

/* The online CPUs of the mask at @va (@size bytes, unsigned longs). */
static int read_online(const struct fa_dump *d, uint64_t va, uint64_t size,
		       struct fa_kcpus *k, struct fa_err *e)
{
	uint8_t *m;
	uint64_t w, i;
	int ret;

	if (!size || size % 8 || size > FA_CS_MAX_THREADS / 8)
		return fa_err_set(e, FA_ECORRUPT,
				  "__cpu_online_mask: %llu bytes, expected a multiple of 8 up to %u",
				  (unsigned long long)size, FA_CS_MAX_THREADS / 8);
	m = malloc(size);
	k->cpus = calloc(size * 8, sizeof(*k->cpus));
	if (!m || !k->cpus) {
		free(m);
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	}
	ret = kv_read(d, va, m, size, "__cpu_online_mask", e);
	for (i = 0; !ret && i < size * 8; i++) {
		w = fa_get64(m + i / 64 * 8, d->byteorder);
		if (w >> (i % 64) & 1)
			k->cpus[k->n++].cpu = (uint32_t)i;
	}
	free(m);
	if (!ret && !k->n)
		ret = fa_err_set(e, FA_ECORRUPT, "__cpu_online_mask is empty");
	return ret;
}

/* paca_ptrs[cpu] and its task's PID for every online CPU. */
static int read_current(const struct fa_dump *d, struct fa_symbolizer *s,
			struct fa_kcpus *k, struct fa_err *e)
{
	uint64_t pp, ptrs, cur_off, pid_off, task;
	uint8_t b[4];
	size_t i;
	int ret;

	ret = sym_need(s, "paca_ptrs", &pp, NULL, e);
	if (!ret)
		ret = off_need(s, "paca_struct", "__current", &cur_off, e);
	if (!ret)
		ret = off_need(s, "task_struct", "pid", &pid_off, e);
	if (!ret)
		ret = kv_u64(d, pp, &ptrs, "paca_ptrs", e);
	for (i = 0; !ret && i < k->n; i++) {
		k->cpus[i].pid = -1;
		ret = kv_u64(d, ptrs + 8ULL * k->cpus[i].cpu, &k->cpus[i].paca,
			     "paca_ptrs[cpu]", e);
		if (ret)
			break;
		if (kv_u64(d, k->cpus[i].paca + cur_off, &task,
			   "paca->__current", e) ||
		    kv_read(d, task + pid_off, b, sizeof(b), "task->pid", e))
			continue;	/* the PID stays unknown */
		k->cpus[i].pid = (int32_t)fa_get32(b, d->byteorder);
	}
	return ret;
}

int fa_kcpus_read(const struct fa_dump *d, struct fa_symbolizer *s,
		  struct fa_kcpus *k, struct fa_err *e)
{
	uint64_t va, size;
	uint8_t b[4];
	int ret;

	memset(k, 0, sizeof(*k));
	k->crashing = -1;
	if (!fa_dump_is_ppc64(d))
		return fa_err_set(e, FA_EUNSUP,
				  "the crashed kernel's CPUs are read on ppc64 dumps only");
	ret = sym_need(s, "__cpu_online_mask", &va, &size, e);
	if (!ret)
		ret = read_online(d, va, size, k, e);
	if (!ret)
		ret = read_current(d, s, k, e);
	if (ret) {
		fa_kcpus_free(k);
		return ret;
	}
	if (!fa_sym_addr(s, "crashing_cpu", &va, NULL) &&
	    !kv_read(d, va, b, sizeof(b), "crashing_cpu", e))
		k->crashing = (int32_t)fa_get32(b, d->byteorder);
	return 0;
}

void fa_kcpus_free(struct fa_kcpus *k)
{
	free(k->cpus);
	k->cpus = NULL;
	k->n = 0;
}

int fa_kcpus_pair(const struct fa_kcpus *k, const uint64_t (*notes)[FA_PT_NREGS],
		  size_t nnotes, size_t *note_of, size_t how[2],
		  struct fa_err *e)
{
	size_t i, j, n = k->n;
	uint8_t *used;

	if (nnotes != n)
		return fa_err_set(e, FA_ECORRUPT,
				  "%zu CPU note(s) for %zu CPU(s) online at crash time (__cpu_online_mask): cannot say which note is which CPU",
				  nnotes, n);
	used = calloc(n ? n : 1, 2);	/* notes used, then CPUs paired */
	if (!used)
		return fa_err_set(e, FA_ENOMEM, "out of memory for %zu notes", n);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (!used[n + j] && notes[i][13] == k->cpus[j].paca) {
				note_of[j] = i;
				used[i] = used[n + j] = 1;
				how[FA_KCPUS_BY_PACA]++;
				break;
			}
	for (i = 0, j = 0; i < n; i++) {
		if (used[i])
			continue;
		while (used[n + j])
			j++;
		note_of[j] = i;
		used[n + j] = 1;
		how[FA_KCPUS_BY_ORDER]++;
	}
	free(used);
	return 0;
}
