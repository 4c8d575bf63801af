#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""regs_cmp.py QEMU-REGS CPUS-JSON

Compare `fadump-analyze cpus --json` (firmware save area registers, or
the NT_PRSTATUS pt_regs when the dump has no save area) with what QEMU's
monitor printed for `info registers -a` on the paused guest (NIP, LR, CTR, XER, MSR, CR and
GPR0-31 of every CPU#N).  Each thread is compared by its logical CPU
number; QEMU CPUs the dump has no registers for are not compared.  Prints
one line per difference ("cpu N REG: qemu X analyze Y"),
then "threads Q/A compared R registers", and exits 1 on any difference,
on a CPU QEMU does not have, or when nothing was compared."""
import json
import re
import sys


def qemu_regs(path):
    cpus = {}
    cur = None
    for line in open(path, errors='replace'):
        m = re.match(r'^CPU#(\d+)\s*$', line)
        if m:
            cur = cpus.setdefault(int(m.group(1)), {})
            continue
        if cur is None:
            continue
        tok = line.split()
        if tok and re.match(r'^GPR\d\d$', tok[0]):
            base = int(tok[0][3:])
            for i, v in enumerate(tok[1:5]):
                cur['GPR%02d' % (base + i)] = int(v, 16)
            continue
        for name, key in (('NIP', 'NIA'), ('LR', 'LR'), ('CTR', 'CTR'),
                          ('XER', 'XER'), ('MSR', 'MSR')):
            m = re.search(r'(?:^|\s)%s ([0-9a-f]{8,16})\b' % name, line)
            if m and key not in cur:
                cur[key] = int(m.group(1), 16)
        m = re.match(r'^CR ([0-9a-f]{8})\b', line)
        if m:
            cur['CR'] = int(m.group(1), 16)
    return cpus


PT_REGS = dict([('r%d' % i, 'GPR%02d' % i) for i in range(32)] +
               [('nip', 'NIA'), ('link', 'LR'), ('ctr', 'CTR'),
                ('xer', 'XER'), ('msr', 'MSR'), ('ccr', 'CR')])


def thread_regs(t):
    """The firmware save area's registers; without one (a vmcore whose
    reserved area is cut out), the thread's NT_PRSTATUS pt_regs."""
    fw = t.get('firmware_registers') or []
    if fw:
        # pSeries save areas name them GPR00..; the HDAT (PowerNV, from
        # the opalcore) as pt_regs does
        return {PT_REGS.get(r['name'], r['name']): int(r['value'], 16)
                for r in fw}
    pr = t.get('pt_regs') or {}
    return {PT_REGS[k]: int(v, 16) for k, v in pr.items()
            if k in PT_REGS and isinstance(v, str)}


def main():
    q = qemu_regs(sys.argv[1])
    a = json.load(open(sys.argv[2]))
    threads = {t['cpu']: thread_regs(t) for t in a['threads']
               if t['cpu'] is not None}
    bad = 0
    n = 0
    for i, t in enumerate(a['threads']):
        if t['cpu'] is None:
            print('thread %d: its CPU is unknown, nothing to compare with' % i)
            bad += 1
    for cpu in sorted(set(q) | set(threads)):
        if cpu not in q:
            print('cpu %d: only in analyze' % cpu)
            bad += 1
            continue
        if cpu not in threads:
            continue	# not in the dump (e.g. offline, no note)
        for reg, want in sorted(q[cpu].items()):
            got = threads[cpu].get(reg)
            if got is None and not threads[cpu]:
                continue	# a CPU with no data (offline, no note)
            n += 1
            if got != want:
                print('cpu %d %s: qemu %#x analyze %s' %
                      (cpu, reg, want, 'missing' if got is None else '%#x' % got))
                bad += 1
    print('threads %d/%d compared %d registers' % (len(q), len(threads), n))
    return 1 if bad or not n else 0


if __name__ == '__main__':
    sys.exit(main())
