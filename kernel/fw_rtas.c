// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fw_rtas.c - the pSeries firmware model (see fw_rtas.h).  Structures are
 * encoded and decoded with formats/rtas and formats/regsave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "fatag.h"
#include "fw_rtas.h"
#include "machine.h"
#include "rtas.h"
#include "regsave.h"

struct fw_rtas {
	struct machine *m;
	struct fw_rtas_faults f;
	int registered;
	struct fa_rtas_fdm fdm;		/* the registered structure */
	int busy_left;
	int phyp;			/* the older hypervisor-assisted dump firmware */
	int qemu;			/* QEMU's spapr FADump, not PowerVM */
	int token;			/* ibm,configure-kernel-dump's token */
	struct fa_err err;
};

void fw_rtas_set_phyp(struct fw_rtas *fw)
{
	fw->phyp = 1;
}

static int fw_fail(struct fw_rtas *fw, const struct fa_err *e)
{
	if (!fw->err.code)
		fw->err = *e;
	return -1;
}

const struct fa_err *fw_rtas_error(const struct fw_rtas *fw)
{
	return fw->err.code ? &fw->err : NULL;
}

int fw_rtas_parse_fault(struct fw_rtas_faults *f, const char *spec,
			struct fa_err *e)
{
	const char *eq = strchr(spec, '=');
	size_t nl = eq ? (size_t)(eq - spec) : strlen(spec);
	const char *v = eq ? eq + 1 : NULL;
	char *end = NULL;
	long long a = 0, b = -1;

	if (v) {
		a = strtoll(v, &end, 0);
		if (end == v || (*end && *end != ':'))
			goto bad;
		if (*end == ':') {
			b = strtoll(end + 1, &end, 0);
			if (*end)
				goto bad;
		}
	}
#define IS(name) (nl == strlen(name) && !strncmp(spec, name, nl))
	if (IS("register-rc") && v)
		f->register_rc = (int)a;
	else if (IS("busy") && v)
		f->busy = (int)a;
	else if (IS("section-error") && v && a > 0) {
		f->section_error = (int)a;
		f->section_error_flags = b >= 0 ? (uint16_t)b :
					 FA_RTAS_ERR_INVALID_SRC_ADDR;
	} else if (IS("short-copy") && v && a > 0) {
		f->short_copy = (int)a;
		f->short_by = b > 0 ? (uint64_t)b : 0;
	} else if (IS("missing-cpu") && v && a >= 0)
		f->missing_cpu = (int)a + 1;
	else if (IS("extra-cpu") && v && a >= 0)
		f->extra_cpu = (int)a + 1;
	else if (IS("bad-magic") && !v)
		f->bad_magic = 1;
	else if (IS("bad-cpustrt") && !v)
		f->bad_cpustrt = 1;
	else if (IS("status-error") && !v)
		f->status_error = 1;
	else if (IS("no-dump") && !v)
		f->no_dump = 1;
	else if (IS("cpu-size") && v && a > 0)
		f->cpu_size = (uint64_t)a;
	else if (IS("hpte-size") && v && a >= 0)
		f->hpte_size = (uint64_t)a;
	else
		goto bad;
#undef IS
	return 0;
bad:
	return fa_err_set(e, FA_EINVAL,
			  "--fault: expected register-rc=N, busy=N, section-error=I[:FLAGS], short-copy=I[:BYTES], missing-cpu=N, extra-cpu=N, bad-magic, bad-cpustrt, status-error, no-dump, cpu-size=N or hpte-size=N; got \"%s\"",
			  spec);
}

/*
 * QEMU's CPU state data size for @ncpus possible CPUs (one thread per
 * core): header 16 + 12 bytes of padding + NumCpus 4 + 79 entries of 16
 * bytes per CPU, as it reports in ibm,configure-kernel-dump-sizes and
 * as bytes_dumped.  4 CPUs: 0x13e0.
 */
static uint64_t qemu_cpu_state_size(uint64_t ncpus)
{
	return fa_regsave_area_size(ncpus, FA_REGSAVE_QEMU_NREGS);
}

/* Bytes the register save area needs for @ncpus CPUs of @nregs each. */
static uint64_t regsave_need(uint64_t ncpus, uint64_t nregs)
{
	return FA_REGSAVE_QEMU_NUM_CPU_OFFSET + 4 +
	       ncpus * (nregs + 2) * FA_REGSAVE_ENTRY_SIZE;
}

int fw_rtas_create(struct machine *m, const struct fw_rtas_faults *f,
		   struct fw_rtas **out, struct fa_err *e)
{
	struct fw_rtas *fw = calloc(1, sizeof(*fw));
	struct fa_rtas_dump_sizes ds;
	uint8_t buf[64];
	size_t n;
	uint64_t need;
	int ret;

	if (!fw)
		return fa_err_set(e, FA_ENOMEM, "firmware: out of memory");
	fw->m = m;
	if (f)
		fw->f = *f;
	fw->busy_left = fw->f.busy;
	fw->qemu = m->cfg.firmware == FA_FW_QEMU;
	need = regsave_need(m->ncpus + 1, m->ncpus ? m->cpu[0].nfw : 0);
	memset(&ds, 0, sizeof(ds));
	ds.n = 2;
	ds.ent[0].type = FA_RTAS_CPU_STATE_DATA;
	ds.ent[0].size = fw->f.cpu_size ? fw->f.cpu_size :
			 fw->qemu ? qemu_cpu_state_size(m->ncpus) :
			 need > FW_RTAS_DEFAULT_CPU_SIZE ?
			 FA_ALIGN_UP(need, 0x10000) + 0x20 :
			 FW_RTAS_DEFAULT_CPU_SIZE;
	ds.ent[1].type = FA_RTAS_HPTE_REGION;
	/* QEMU has no HPTE region: it reports (and dumps) 0 bytes */
	ds.ent[1].size = fw->f.hpte_size ? fw->f.hpte_size :
			 fw->qemu ? 0 : FW_RTAS_DEFAULT_HPTE_SIZE;
	fw->token = fw->qemu ? FW_RTAS_QEMU_TOKEN_CONFIGURE_KERNEL_DUMP :
			       FW_RTAS_TOKEN_CONFIGURE_KERNEL_DUMP;
	ret = fa_rtas_token_encode(fw->token, buf, sizeof(buf), &n, e);
	if (!ret)
		ret = machine_dt_set(m, "/rtas/ibm,configure-kernel-dump", buf,
				     n, e);
	if (!ret && fw->qemu)
		ret = fa_rtas_token_encode(FW_RTAS_QEMU_TOKEN_OS_TERM, buf,
					   sizeof(buf), &n, e);
	if (!ret && fw->qemu)
		ret = machine_dt_set(m, "/rtas/ibm,os-term", buf, n, e);
	if (!ret)
		ret = fa_rtas_dump_sizes_encode(&ds, buf, sizeof(buf), &n, e);
	if (!ret)
		ret = machine_dt_set(m, "/rtas/ibm,configure-kernel-dump-sizes",
				     buf, n, e);
	if (!ret) {
		if (fw->qemu) {
			/*
			 * QEMU: two uint16 (min, max version 1) stored in
			 * the host's order, little-endian on x86 and ppc64le
			 * hosts.
			 */
			fa_put16(buf, FA_LE, 1);
			fa_put16(buf + 2, FA_LE, 1);
		} else {
			fa_put32(buf, FA_BE, 1);
		}
		ret = machine_dt_set(m, "/rtas/ibm,configure-kernel-dump-version",
				     buf, 4, e);
	}
	if (ret) {
		free(fw);
		return ret;
	}
	*out = fw;
	return 0;
}

void fw_rtas_destroy(struct fw_rtas *fw)
{
	free(fw);
}

unsigned int rtas_busy_delay_time(int status)
{
	unsigned int ms = 1;
	int order;

	if (status == -2)
		return 1;
	if (status >= 9900 && status <= 9905) {
		for (order = status - 9900; order > 0; order--)
			ms *= 10;
		return ms;
	}
	return 0;
}

static int ram_range(struct fw_rtas *fw, uint64_t base, uint64_t len)
{
	return len && base + len > base && machine_is_ram(fw->m, base, len);
}

/*
 * REGISTER as QEMU does it (do_fadump_register()): the header's version
 * and section count are checked, the sections are stored as given (the
 * length passed only has to cover the header; no address is checked).
 */
static int qemu_register(struct fw_rtas *fw, uint64_t addr, uint64_t len)
{
	uint8_t buf[FA_RTAS_FDM_SIZE];
	struct fa_rtas_fdm fdm;
	struct fa_err e;
	uint16_t n;

	if (len < FA_RTAS_HDR_SIZE ||
	    machine_read(fw->m, addr, buf, FA_RTAS_HDR_SIZE, &e))
		return FA_RTAS_RC_PARAM_ERROR;
	n = fa_get16(buf + 4, FA_BE);		/* dump_num_sections */
	if (fa_get32(buf, FA_BE) != FA_RTAS_FORMAT_VERSION ||
	    n > FA_RTAS_MAX_SECTIONS ||
	    machine_read(fw->m, addr, buf, FA_RTAS_FDM_LEN(n), &e) ||
	    fa_rtas_fdm_decode(buf, FA_RTAS_FDM_LEN(n), &fdm, &e))
		return FA_RTAS_RC_PARAM_ERROR;
	fdm.dump_status_flag = 0;
	fw->fdm = fdm;
	fw->registered = 1;
	return 0;
}

/* REGISTER: what PowerVM checks before accepting the structure. */
static int fw_register(struct fw_rtas *fw, uint64_t addr, uint64_t len)
{
	uint8_t buf[FA_RTAS_FDM_SIZE];
	struct fa_rtas_fdm fdm;
	struct fa_err e;
	int i, j;

	if (fw->f.register_rc)
		return fw->f.register_rc;
	if (fw->registered)
		return FA_RTAS_RC_ALREADY_REGISTERED;
	if (fw->qemu)
		return qemu_register(fw, addr, len);
	if (len < FA_RTAS_HDR_SIZE || len > sizeof(buf))
		return FA_RTAS_RC_PARAM_ERROR;
	if (machine_read(fw->m, addr, buf, len, &e))
		return FA_RTAS_RC_PARAM_ERROR;
	if (fa_rtas_fdm_decode(buf, len, &fdm, &e))
		return FA_RTAS_RC_PARAM_ERROR;
	/* the exact length: unused sections are a parameter error */
	if (len != FA_RTAS_FDM_LEN(fdm.dump_num_sections))
		return FA_RTAS_RC_PARAM_ERROR;
	for (i = 0; i < fdm.dump_num_sections; i++) {
		const struct fa_rtas_section *s = &fdm.rgn[i];

		switch (s->source_data_type) {
		case FA_RTAS_REAL_MODE_REGION:
			if (!ram_range(fw, s->source_address, s->source_len))
				return FA_RTAS_RC_PARAM_ERROR;
			/* a copy cannot land on the memory it preserves */
			if (s->destination_address < s->source_address +
			    s->source_len && s->source_address <
			    s->destination_address + s->source_len)
				return FA_RTAS_RC_PARAM_ERROR;
			/* fall through */
		case FA_RTAS_CPU_STATE_DATA:
		case FA_RTAS_HPTE_REGION:
			if (s->source_len &&
			    !ram_range(fw, s->destination_address,
				       s->source_len))
				return FA_RTAS_RC_PARAM_ERROR;
			break;
		case FA_RTAS_PARAM_AREA:
			if (s->source_address != s->destination_address ||
			    !ram_range(fw, s->source_address, s->source_len))
				return FA_RTAS_RC_PARAM_ERROR;
			break;
		default:
			return FA_RTAS_RC_PARAM_ERROR;
		}
		/* copy destinations must not overlap one another */
		for (j = 0; j < i; j++) {
			const struct fa_rtas_section *o = &fdm.rgn[j];

			if (s->source_data_type == FA_RTAS_PARAM_AREA ||
			    o->source_data_type == FA_RTAS_PARAM_AREA)
				continue;
			if (s->destination_address < o->destination_address +
			    o->source_len && o->destination_address <
			    s->destination_address + s->source_len)
				return FA_RTAS_RC_PARAM_ERROR;
		}
	}
	fw->fdm = fdm;
	fw->registered = 1;
	return 0;
}

int rtas_call(struct fw_rtas *fw, int token, int nargs, int nret,
	      int *outputs, ...)
{
	uint64_t args[3] = { 0, 0, 0 };
	va_list ap;
	int i;

	va_start(ap, outputs);
	for (i = 0; i < nargs && i < 3; i++)
		args[i] = va_arg(ap, uint64_t);
	va_end(ap);
	(void)outputs;
	if (token != fw->token || nargs != 3 ||
	    nret != 1)
		return -1;
	if (fw->busy_left > 0) {
		fw->busy_left--;
		return -2;
	}
	switch (args[0]) {
	case FA_FADUMP_REGISTER:
		return fw_register(fw, args[1], args[2]);
	case FA_FADUMP_UNREGISTER:
		/* phyp dump's command 2 invalidated the dump taken */
		if (fw->phyp) {
			machine_dt_remove(fw->m, "/rtas/ibm,kernel-dump");
			machine_dt_remove(fw->m, "/rtas/ibm,dump-kernel");
		}
		fw->registered = 0;
		return 0;
	case FA_FADUMP_INVALIDATE:
		/*
		 * The dump is released: the property goes, so does the
		 * registration.  QEMU only forgets the dump: the running
		 * kernel's device tree (/proc/device-tree) keeps the
		 * property it booted with.
		 */
		if (!fw->qemu)
			machine_dt_remove(fw->m, "/rtas/ibm,kernel-dump");
		fw->registered = 0;
		return 0;
	default:
		return FA_RTAS_RC_PARAM_ERROR;
	}
}

/* Copy @len bytes of RAM from @src to @dst, leaving zero pages sparse. */
static int copy_ram(struct fw_rtas *fw, uint64_t dst, uint64_t src,
		    uint64_t len)
{
	struct fa_err e;

	if (machine_copy(fw->m, dst, src, len, &e))
		return fw_fail(fw, &e);
	return 0;
}

/* The value of register @id of CPU @c (its @r-th when the ids agree). */
static uint64_t cpu_reg(const struct machine_cpu *c, uint64_t id, int r)
{
	int i;

	if (r < c->nfw && c->fw[r].id == id)
		return c->fw[r].value;
	for (i = 0; i < c->nfw; i++)
		if (c->fw[i].id == id)
			return c->fw[i].value;
	return 0;
}

/* The register save area: every thread's full register set, in CPU order. */
static int write_regsave(struct fw_rtas *fw, struct fa_rtas_section *s)
{
	struct machine *m = fw->m;
	uint32_t ncpu = 0, i;
	int nregs = fw->qemu ? FA_REGSAVE_QEMU_NREGS :
		    m->ncpus ? m->cpu[0].nfw : 0, r;
	uint64_t *ids = calloc((size_t)nregs + 1, sizeof(*ids));
	uint64_t *vals = calloc(((size_t)m->ncpus + 1) * ((size_t)nregs + 1),
				sizeof(*vals));
	struct fa_regsave_cpu_in *cin = calloc((size_t)m->ncpus + 1,
					       sizeof(*cin));
	struct fa_regsave_layout lay;
	uint8_t *area = NULL;
	size_t len = 0, written;
	struct fa_err e;
	int ret = -1;

	if (!ids || !vals || !cin)
		goto out;
	for (r = 0; r < nregs; r++)
		ids[r] = fw->qemu && r < FA_REGSAVE_QEMU_NREGS ?
			 fa_tag_to_u64(fa_regsave_qemu_regs[r]) : m->cpu[0].fw[r].id;
	for (i = 0; i < m->ncpus; i++) {
		const struct machine_cpu *c = &m->cpu[i];

		if (fw->f.missing_cpu && c->cpu == (uint32_t)fw->f.missing_cpu - 1)
			continue;
		for (r = 0; r < nregs; r++)
			vals[ncpu * (size_t)nregs + r] = cpu_reg(c, ids[r], r);
		cin[ncpu].cpu = c->cpu;
		cin[ncpu].values = &vals[ncpu * (size_t)nregs];
		ncpu++;
	}
	if (fw->f.extra_cpu && m->ncpus) {
		for (r = 0; r < nregs; r++)
			vals[ncpu * (size_t)nregs + r] =
				cpu_reg(&m->cpu[0], ids[r], r);
		cin[ncpu].cpu = (uint32_t)fw->f.extra_cpu - 1;
		cin[ncpu].values = &vals[ncpu * (size_t)nregs];
		ncpu++;
	}
	lay.ids = ids;
	lay.nids = (size_t)nregs;
	lay.num_cpu_offset = FA_REGSAVE_QEMU_NUM_CPU_OFFSET;
	lay.version = 0;
	/*
	 * QEMU writes what its CPUs need (and says so in bytes_dumped),
	 * whatever length the kernel registered; PowerVM fills the
	 * registered area.
	 */
	len = fw->qemu ? (size_t)qemu_cpu_state_size(ncpu) :
	      (size_t)s->source_len;
	area = calloc(1, len ? len : 1);
	if (!area)
		goto out;
	if (fa_regsave_encode(&lay, cin, ncpu, area, len, &written, &e)) {
		/* the area the kernel registered cannot hold every thread */
		s->error_flags |= FA_RTAS_ERR_DEST_TOO_SMALL;
		s->bytes_dumped = 0;
		ret = 0;
		goto out;
	}
	if (fw->f.bad_magic)
		area[0] ^= 0xff;
	if (fw->f.bad_cpustrt && written > 20)
		area[FA_REGSAVE_QEMU_NUM_CPU_OFFSET + 4] ^= 0xff;
	if (machine_write(m, s->destination_address, area, len, &e)) {
		ret = fw_fail(fw, &e);
		goto out;
	}
	s->bytes_dumped = len;
	ret = 0;
out:
	if (ret && !fw->err.code) {
		fa_err_set(&e, FA_ENOMEM, "firmware: out of memory");
		fw_fail(fw, &e);
	}
	free(area);
	free(ids);
	free(vals);
	free(cin);
	return ret;
}

/* The hashed page table: 16-byte HPTEs, valid, one per page, seeded by address. */
static int write_hpte(struct fw_rtas *fw, struct fa_rtas_section *s)
{
	uint8_t *buf = calloc(1, s->source_len ? s->source_len : 1);
	struct fa_err e;
	uint64_t i;

	if (!buf) {
		fa_err_set(&e, FA_ENOMEM, "firmware: out of memory");
		return fw_fail(fw, &e);
	}
	for (i = 0; i + 16 <= s->source_len; i += 16) {
		fa_put64(buf + i, FA_BE, 0x8000000000000001ULL | (i << 8));
		fa_put64(buf + i + 8, FA_BE, (i / 16) << 16 | 0x190);
	}
	if (machine_write(fw->m, s->destination_address, buf, s->source_len,
			  &e)) {
		free(buf);
		return fw_fail(fw, &e);
	}
	free(buf);
	s->bytes_dumped = s->source_len;
	return 0;
}

void rtas_os_term(struct fw_rtas *fw, const char *msg)
{
	struct fa_rtas_fdm *fdm = &fw->fdm;
	uint8_t buf[FA_RTAS_FDM_SIZE];
	struct fa_err e;
	size_t n;
	int i;

	snprintf(fw->m->panic_msg, sizeof(fw->m->panic_msg), "%s",
		 msg ? msg : "");
	if (!fw->registered || fw->f.no_dump)
		return;
	for (i = 0; i < fdm->dump_num_sections; i++) {
		struct fa_rtas_section *s = &fdm->rgn[i];

		s->error_flags = 0;
		s->bytes_dumped = 0;
		/* QEMU skips a section the kernel did not request */
		if (fw->qemu && s->request_flag != FA_RTAS_REQUEST_FLAG)
			continue;
		switch (s->source_data_type) {
		case FA_RTAS_CPU_STATE_DATA:
			write_regsave(fw, s);
			break;
		case FA_RTAS_HPTE_REGION:
			/* QEMU: not implemented, nothing dumped */
			if (!fw->qemu)
				write_hpte(fw, s);
			break;
		case FA_RTAS_REAL_MODE_REGION:
			if (!copy_ram(fw, s->destination_address,
				      s->source_address, s->source_len))
				s->bytes_dumped = s->source_len;
			break;
		case FA_RTAS_PARAM_AREA:
			/* in place (QEMU copies unless source == destination) */
			if (s->source_address == s->destination_address ||
			    !fw->qemu ||
			    !copy_ram(fw, s->destination_address,
				      s->source_address, s->source_len))
				s->bytes_dumped = s->source_len;
			break;
		default:
			s->error_flags = FA_RTAS_ERR_INVALID_DATA_TYPE;
			break;
		}
		if (fw->f.short_copy == i + 1) {
			uint64_t by = fw->f.short_by ? fw->f.short_by : 4096;

			s->bytes_dumped = s->bytes_dumped > by ?
					  s->bytes_dumped - by : 0;
		}
		if (fw->f.section_error == i + 1)
			s->error_flags = fw->f.section_error_flags;
	}
	fdm->dump_status_flag = fw->f.status_error ? FA_RTAS_DUMP_ERROR :
				FA_RTAS_DUMP_PERFORMED | FA_RTAS_DUMP_TRIGGERED;
	if (fa_rtas_fdm_encode(fdm, buf, sizeof(buf), &n, &e) ||
	    machine_dt_set(fw->m, "/rtas/ibm,kernel-dump", buf, n, &e))
		fw_fail(fw, &e);
	/*
	 * The phyp-dump kernel's early scan looks for "ibm,dump-kernel"
	 * (the node the phyp-assisted-dump document names) and its initcall
	 * for "ibm,kernel-dump": this firmware sets both.
	 */
	if (fw->phyp && !fw->err.code &&
	    machine_dt_set(fw->m, "/rtas/ibm,dump-kernel", "", 0, &e))
		fw_fail(fw, &e);
}
