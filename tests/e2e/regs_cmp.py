#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""regs_cmp.py QEMU-REGS CPUS-JSON

Compare `fadump-analyze cpus --json` with what QEMU's monitor printed for
`info registers -a` on the paused guest (NIP, LR, CTR, XER, MSR, CR and
GPR0-31 of every CPU#N).  Each thread is compared by its logical CPU
number.  Prints one line per difference ("cpu N REG: qemu X analyze Y"),
then "threads Q/A compared R registers", and exits 1 on any difference or
when a CPU is missing on one side."""
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


def main():
    q = qemu_regs(sys.argv[1])
    a = json.load(open(sys.argv[2]))
    threads = {t['cpu']: {r['name']: int(r['value'], 16)
                          for r in t.get('firmware_registers', [])}
               for t in a['threads']}
    bad = 0
    n = 0
    for cpu in sorted(set(q) | set(threads)):
        if cpu not in q or cpu not in threads:
            print('cpu %d: only in %s' % (cpu, 'qemu' if cpu in q else 'analyze'))
            bad += 1
            continue
        for reg, want in sorted(q[cpu].items()):
            got = threads[cpu].get(reg)
            n += 1
            if got != want:
                print('cpu %d %s: qemu %#x analyze %s' %
                      (cpu, reg, want, 'missing' if got is None else '%#x' % got))
                bad += 1
    print('threads %d/%d compared %d registers' % (len(q), len(threads), n))
    return 1 if bad or not q else 0


if __name__ == '__main__':
    sys.exit(main())
