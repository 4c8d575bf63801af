#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""opal_cmp.py regs QEMU-REGS OPALCORE-JSON
   opal_cmp.py mem GUEST.elf OPALCORE

regs: every thread of `fadump-analyze opalcore --json` (the HDAT register
state, by PIR) against QEMU's `info registers -a` for CPU#PIR (GPRs, NIP,
LR, CTR, XER, MSR, CR).  mem: every PT_LOAD of the opalcore (skiboot's
memory, at p_vaddr) equals the guest's RAM at that physical address in
QEMU's dump.  Both print the differences and a summary line; exit 1 on
any difference."""
import json
import mmap
import struct
import sys

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from regs_cmp import qemu_regs  # noqa: E402

QEMU_TO_PTREGS = dict([('GPR%02d' % i, 'r%d' % i) for i in range(32)] +
                      [('NIA', 'nip'), ('LR', 'link'), ('CTR', 'ctr'),
                       ('XER', 'xer'), ('MSR', 'msr'), ('CR', 'ccr')])


def regs(qpath, jpath):
    q = qemu_regs(qpath)
    o = json.load(open(jpath))
    bad = n = 0
    for t in o['threads']:
        pir = t['pir']
        if pir not in q:
            print('PIR %d: no QEMU CPU#%d' % (pir, pir))
            bad += 1
            continue
        pr = t.get('pt_regs') or {}
        for qn, pn in QEMU_TO_PTREGS.items():
            if qn not in q[pir] or pn not in pr:
                continue
            n += 1
            got = int(pr[pn], 16)
            if got != q[pir][qn]:
                print('PIR %d %s: qemu %#x opalcore %#x' % (pir, pn, q[pir][qn], got))
                bad += 1
    print('threads %d (qemu %d) compared %d registers' % (len(o['threads']), len(q), n))
    return 1 if bad or n == 0 or len(o['threads']) != len(q) else 0


def loads(path):
    f = open(path, 'rb')
    m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    bo = '<' if m[5] == 1 else '>'
    phoff, = struct.unpack_from(bo + 'Q', m, 32)
    phnum, = struct.unpack_from(bo + 'H', m, 56)
    segs = []
    for i in range(phnum):
        t, _, off, va, pa, fs, _, _ = struct.unpack_from(bo + 'IIQQQQQQ', m, phoff + 56 * i)
        if t == 1:
            segs.append((off, va, pa, fs))
    return m, segs


def mem(guest, core):
    gm, gsegs = loads(guest)
    cm, csegs = loads(core)
    bad = total = 0
    for off, va, _, fs in csegs:
        for goff, _, gpa, gfs in gsegs:
            if gpa <= va and va + fs <= gpa + gfs:
                a = gm[goff + va - gpa: goff + va - gpa + fs]
                b = cm[off: off + fs]
                total += fs
                if a != b:
                    i = next(i for i in range(fs) if a[i] != b[i])
                    print('PT_LOAD %#x: differs from guest RAM at %#x' % (va, va + i))
                    bad += 1
                break
        else:
            print('PT_LOAD %#x+%#x: not in guest RAM' % (va, fs))
            bad += 1
    print('PT_LOADs %d, %d bytes compared' % (len(csegs), total))
    return 1 if bad or not csegs else 0


if __name__ == '__main__':
    if sys.argv[1] == 'regs':
        sys.exit(regs(sys.argv[2], sys.argv[3]))
    sys.exit(mem(sys.argv[2], sys.argv[3]))
