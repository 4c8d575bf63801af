#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""analyze_oracle.py - independent checks for the cpus / rebuild-notes /
dmesg CLI tests (t25xx-analyze-*.sh).  Written from the docs, sharing no
code with formats/ or analyzer/; prints one line and exits 1 on a mismatch.

  cpus JSON MACHINE_ELF CRASHING_CPU   JSON: `cpus --json` of the vmcore
      every CPU's registers equal the saved machine's (firmware-mapped
      slots; all 48 for the crashing CPU) and the crashing CPU is named
      (CRASHING_CPU -1: the dump cannot know it).
  notes REBUILT MACHINE_ELF CRASHING_CPU
      libkdumpfile opens the rebuilt vmcore: one register set per CPU in
      ascending order, pid = CPU, registers equal the machine's.
  dmesg JSON VMCORE                  JSON: `dmesg --json` of the vmcore
      the records equal a decode of the lockless ring done here, through
      VMCOREINFO and libkdumpfile's physical reads.
  patch FILE OLD NEW                 replace the first OLD (bytes, same
      length) in FILE by NEW, for fault injection.
  patch32 FILE MAGIC DELTA VALUE     write a big-endian u32 VALUE at DELTA
      bytes after the first MAGIC.
"""
import json
import mmap
import struct
import sys

from elfphdrs import PT_NOTE, open_elf

PAGE_OFFSET = 0xc000000000000000
# pt_regs slots the capture kernel fills from firmware data (§3.3)
FW_SLOTS = list(range(32)) + [32, 33, 35, 36, 37, 38, 41, 42]
SLOT_NAMES = None


def elf_notes(path):
    """(byteorder, [(name, type, desc)]) of every PT_NOTE of an ELF64."""
    m, bo, phdrs = open_elf(path)
    notes = []
    for p in phdrs:
        if p.type != PT_NOTE:
            continue
        pos, end = p.offset, p.offset + p.filesz
        while pos + 12 <= end:
            nsz, dsz, typ = struct.unpack_from(bo + 'III', m, pos)
            if nsz == 0 and dsz == 0 and typ == 0:
                break
            name = bytes(m[pos + 12:pos + 12 + nsz]).rstrip(b'\0')
            d0 = pos + 12 + ((nsz + 3) & ~3)
            notes.append((name, typ, bytes(m[d0:d0 + dsz])))
            pos = d0 + ((dsz + 3) & ~3)
    return bo, notes


def machine_regs(path):
    """pr_reg of each NT_PRSTATUS of the saved machine: CPU order."""
    bo, notes = elf_notes(path)
    return [list(struct.unpack_from(bo + '48Q', d, 112))
            for n, t, d in notes if n == b'CORE' and t == 1]


def fail(msg):
    print(msg)
    sys.exit(1)


def check_cpus(jpath, machine, crashing):
    regs = machine_regs(machine)
    j = json.load(open(jpath))
    if j['crashing_cpu'] != (crashing if crashing >= 0 else None):
        fail('crashing CPU %s, want %d' % (j['crashing_cpu'], crashing))
    seen = 0
    for t in j['threads']:
        cpu = t['cpu']
        names = list(t['pt_regs'].keys())
        got = [int(t['pt_regs'][n], 16) for n in names]
        want = regs[cpu]
        slots = range(48) if cpu == crashing else FW_SLOTS
        for s in slots:
            if got[s] != want[s]:
                fail('CPU %d %s: %#x, machine has %#x' %
                     (cpu, names[s], got[s], want[s]))
        if t['crashing'] != (cpu == crashing):
            fail('CPU %d crashing flag %s' % (cpu, t['crashing']))
        if t['mismatches']:
            fail('CPU %d: note mismatches %s' % (cpu, t['mismatches']))
        seen += 1
    if seen != len(regs):
        fail('%d threads, machine has %d CPUs' % (seen, len(regs)))
    print('%d CPUs equal the machine, crashing CPU %s' % (seen, j['crashing_cpu']))


def check_notes(rebuilt, machine, crashing):
    import kdumpfile
    regs = machine_regs(machine)
    k = kdumpfile.kdumpfile(rebuilt)
    a = k.attr
    n = a['cpu.number']
    if n != len(regs):
        fail('cpu.number %d, machine has %d CPUs' % (n, len(regs)))
    for cpu in range(n):
        r = a['cpu.%d.reg' % cpu]
        pid = a['cpu.%d.pid' % cpu]
        if pid != cpu:
            fail('cpu.%d.pid is %d' % (cpu, pid))
        for key, slot in (('pc', 32), ('lr', 36), ('r1', 1), ('msr', 33),
                          ('r31', 31), ('ccr', 38)):
            if r[key] != regs[cpu][slot]:
                fail('cpu.%d.reg.%s %#x, machine %#x' %
                     (cpu, key, r[key], regs[cpu][slot]))
        if cpu == crashing and r['trap'] != regs[cpu][40]:
            fail('crashing cpu.%d.reg.trap %#x, machine %#x' %
                 (cpu, r['trap'], regs[cpu][40]))
    print('%d register sets in CPU order' % n)


def vmcoreinfo(path):
    _, notes = elf_notes(path)
    for n, t, d in notes:
        if n == b'VMCOREINFO':
            vi = {}
            for line in d.decode().split('\n'):
                if '=' in line:
                    key, val = line.split('=', 1)
                    vi.setdefault(key, val)
            return vi
    fail('no VMCOREINFO')


def ring_records(path):
    import kdumpfile
    vi = vmcoreinfo(path)
    k = kdumpfile.kdumpfile(path)
    bo = '<' if open(path, 'rb').read(6)[5] == 1 else '>'

    def rd(va, n):
        return k.read(kdumpfile.KDUMP_MACHPHYSADDR, va - PAGE_OFFSET, n)

    def u(va, size):
        return int.from_bytes(rd(va, size), 'little' if bo == '<' else 'big')

    def off(name):
        return int(vi['OFFSET(%s)' % name])

    rb = u(int(vi['SYMBOL(prb)'], 16), 8)
    dr = rb + off('printk_ringbuffer.desc_ring')
    tr = rb + off('printk_ringbuffer.text_data_ring')
    count = 1 << u(dr + off('prb_desc_ring.count_bits'), 4)
    descs = u(dr + off('prb_desc_ring.descs'), 8)
    infos = u(dr + off('prb_desc_ring.infos'), 8)
    cnt = off('atomic_long_t.counter')
    head = u(dr + off('prb_desc_ring.head_id') + cnt, 8)
    tail = u(dr + off('prb_desc_ring.tail_id') + cnt, 8)
    size = 1 << u(tr + off('prb_data_ring.size_bits'), 4)
    data = u(tr + off('prb_data_ring.data'), 8)
    dsz, isz = int(vi['SIZE(prb_desc)']), int(vi['SIZE(printk_info)'])
    mask = (1 << 62) - 1
    out, i = [], tail
    while True:
        d = descs + (i % count) * dsz
        sv = u(d + off('prb_desc.state_var') + cnt, 8)
        if sv & mask == i and sv >> 62 in (1, 2):
            lp = d + off('prb_desc.text_blk_lpos')
            b = u(lp + off('prb_data_blk_lpos.begin'), 8) % size
            nx = u(lp + off('prb_data_blk_lpos.next'), 8) % size
            inf = infos + (i % count) * isz
            seq = u(inf + off('printk_info.seq'), 8)
            ts = u(inf + off('printk_info.ts_nsec'), 8)
            tl = u(inf + off('printk_info.text_len'), 2)
            if b != nx:
                if b > nx:
                    b = 0
                tl = min(tl, nx - b - 8)
                text = rd(data + b + 8, tl).decode('utf-8', 'replace')
                out.append((seq, ts, text))
        if i == head:
            break
        i = (i + 1) & mask
    return out


def check_dmesg(jpath, path):
    want = ring_records(path)
    got = [(r['seq'], r['ts_nsec'], r['text'])
           for r in json.load(open(jpath))['records']]
    if got != want:
        for g, w in zip(got, want):
            if g != w:
                fail('record differs: got %r, ring has %r' % (g, w))
        fail('%d records, ring has %d' % (len(got), len(want)))
    print('%d records equal the ring' % len(got))


def patch(path, old, new, delta=None, value=None):
    with open(path, 'r+b') as f:
        m = mmap.mmap(f.fileno(), 0)
        i = m.find(old)
        if i < 0:
            fail('%r not found' % old)
        if delta is None:
            m[i:i + len(new)] = new
        else:
            m[i + delta:i + delta + 4] = struct.pack('>I', value)
        m.flush()
    print('patched at %#x' % i)


def main():
    cmd = sys.argv[1]
    if cmd == 'cpus':
        check_cpus(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == 'notes':
        check_notes(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == 'dmesg':
        check_dmesg(sys.argv[2], sys.argv[3])
    elif cmd == 'patch':
        patch(sys.argv[2], sys.argv[3].encode(), sys.argv[4].encode())
    elif cmd == 'patch32':
        patch(sys.argv[2], sys.argv[3].encode(), None, int(sys.argv[4], 0),
              int(sys.argv[5], 0))


main()
