#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""opal_cmp.py regs QEMU-REGS OPALCORE-JSON
   opal_cmp.py mem GUEST.elf OPALCORE
   opal_cmp.py notes OPALCORE
   opal_cmp.py gdb GDB-OUTPUT OPALCORE-JSON

regs: every thread of `fadump-analyze opalcore --json` (the HDAT register
state, by PIR) against QEMU's `info registers -a` (GPRs, NIP, LR, CTR, XER,
MSR, CR).  QEMU's CPU#i is the guest's logical CPU i, and QEMU makes its
cores in PIR order (powernv9: PIR = core << 2), so CPU#i is the thread
with the i-th PIR in ascending order.  mem: every PT_LOAD of the opalcore (skiboot's
memory, at p_vaddr) equals the guest's RAM at that physical address in
QEMU's dump.  notes: the PT_NOTE holds "CORE" notes only (namesz 5,
NT_PRSTATUS of 504 bytes, one NT_AUXV of 24 last) ending exactly at
p_filesz: unfilled slots or a partial header at the end make BFD (gdb)
refuse the file.  gdb: the output of gdb-multiarch's `info threads` and
`thread apply all info registers` on the opalcore against the HDAT
threads: one gdb thread per HDAT thread (LWP = 100 + PIR) with the same
GPRs, pc, msr, cr, lr, ctr and xer.  All print the differences and a
summary line; exit 1 on any difference."""
import json
import mmap
import re
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
    for i, t in enumerate(sorted(o['threads'], key=lambda t: t['pir'])):
        pir = t['pir']
        if i not in q:
            print('PIR %#x: no QEMU CPU#%d' % (pir, i))
            bad += 1
            continue
        pr = t.get('pt_regs') or {}
        for qn, pn in QEMU_TO_PTREGS.items():
            if qn not in q[i] or pn not in pr:
                continue
            n += 1
            got = int(pr[pn], 16)
            if got != q[i][qn]:
                print('PIR %#x (CPU#%d) %s: qemu %#x opalcore %#x' %
                      (pir, i, pn, q[i][qn], got))
                bad += 1
    print('threads %d (qemu %d) compared %d registers' % (len(o['threads']), len(q), n))
    return 1 if bad or n == 0 or len(o['threads']) != len(q) else 0


GDB_TO_PTREGS = dict([('r%d' % i, 'r%d' % i) for i in range(32)] +
                     [('pc', 'nip'), ('msr', 'msr'), ('cr', 'ccr'),
                      ('lr', 'link'), ('ctr', 'ctr'), ('xer', 'xer')])


def notes(core):
    m = open(core, 'rb').read(1 << 20)
    if m[5] != 2:
        print('EI_DATA %d: expected ELFDATA2MSB (2)' % m[5])
        return 1
    phoff, = struct.unpack_from('>Q', m, 32)
    t, _, off, _, _, fs, _, _ = struct.unpack_from('>IIQQQQQQ', m, phoff)
    if t != 4:
        print('program header 0: type %d, expected PT_NOTE' % t)
        return 1
    pos, bad, seen = 0, 0, []
    while pos < fs:
        if fs - pos < 12:
            print('PT_NOTE +%#x: %d bytes left, less than a note header' % (pos, fs - pos))
            bad += 1
            break
        namesz, descsz, typ = struct.unpack_from('>III', m, off + pos)
        name = m[off + pos + 12: off + pos + 12 + namesz]
        want = {1: 504, 6: 24}.get(typ)
        if name != b'CORE\0' or want != descsz:
            print('PT_NOTE +%#x: note %r type %d descsz %d, expected "CORE" '
                  'NT_PRSTATUS (504) or NT_AUXV (24)' % (pos, name, typ, descsz))
            bad += 1
            break
        seen.append(typ)
        pos += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3)
    if pos > fs:
        print('PT_NOTE: the last note runs %d bytes past p_filesz' % (pos - fs))
        bad += 1
    if not seen or seen[-1] != 6 or seen.count(6) != 1:
        print('PT_NOTE: expected one NT_AUXV note, last; types %s' % seen)
        bad += 1
    print('notes %d (NT_PRSTATUS %d) in %d bytes' % (len(seen), seen.count(1), fs))
    return 1 if bad else 0


def gdb(gpath, jpath):
    o = json.load(open(jpath))
    hdat = dict((t['pir'], t.get('pt_regs') or {}) for t in o['threads'])
    threads, cur = {}, None
    for line in open(gpath, errors='replace'):
        h = re.match(r'^Thread \d+ \(LWP (\d+)\):', line)
        if h:
            cur = threads.setdefault(int(h.group(1)) - 100, {})
            continue
        r = re.match(r'^(\w+) +(0x[0-9a-f]+)', line)
        if r and cur is not None:
            cur[r.group(1)] = int(r.group(2), 16)
    bad = n = 0
    if sorted(threads) != sorted(hdat):
        print('gdb threads (PIR = LWP - 100) %s, HDAT threads %s' %
              (sorted(threads), sorted(hdat)))
        bad += 1
    for pir in sorted(set(threads) & set(hdat)):
        for gn, pn in GDB_TO_PTREGS.items():
            if gn not in threads[pir] or pn not in hdat[pir]:
                print('PIR %d %s: missing in %s' %
                      (pir, gn, 'gdb' if gn not in threads[pir] else 'the HDAT data'))
                bad += 1
                continue
            n += 1
            want = int(hdat[pir][pn], 16)
            if gn == 'cr':
                want &= 0xffffffff
            if threads[pir][gn] != want:
                print('PIR %d %s: gdb %#x HDAT %#x' % (pir, gn, threads[pir][gn], want))
                bad += 1
    print('gdb threads %d (HDAT %d) compared %d registers' % (len(threads), len(hdat), n))
    return 1 if bad or n == 0 else 0


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
                    pages = sum(1 for p in range(0, fs, 4096)
                                if a[p:p + 4096] != b[p:p + 4096])
                    print('PT_LOAD %#x: differs from guest RAM at %#x (%d of %d '
                          '4 KiB pages differ)' % (va, va + i, pages, (fs + 4095) // 4096))
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
    if sys.argv[1] == 'notes':
        sys.exit(notes(sys.argv[2]))
    if sys.argv[1] == 'gdb':
        sys.exit(gdb(sys.argv[2], sys.argv[3]))
    sys.exit(mem(sys.argv[2], sys.argv[3]))
