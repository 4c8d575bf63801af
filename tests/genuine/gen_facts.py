#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""gen_facts.py - facts of a genuine FADump capture root (tests/genuine),
read independently of formats/ and analyzer/ (struct and regexes only).

  gen_facts.py facts ROOT     key=value lines: the console's FADump lines,
                              fadump_region, the vmcore's layout and notes,
                              release_mem and MemTotal
  gen_facts.py layout VMCORE  the PT_LOAD ranges and the notes, one a line
  gen_facts.py log FILE       the fadump/rtas lines of a console log or of
                              the model's kernel log, without timestamps
"""
import os
import re
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'cli'))
import elfphdrs  # noqa: E402

NT_NAMES = {1: 'NT_PRSTATUS', 2: 'NT_PRFPREG', 3: 'NT_PRPSINFO',
            0x100: 'NT_PPC_VMX', 0x102: 'NT_PPC_VSX', 0: 'VMCOREINFO'}


def notes(path):
    """(name, type, descsz, pr_pid or None) of every note in the PT_NOTEs"""
    m, bo, phdrs = elfphdrs.open_elf(path)
    out = []
    for p in phdrs:
        if p.type != elfphdrs.PT_NOTE:
            continue
        off, end = p.offset, p.offset + p.filesz
        while off + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from(bo + 'III', m, off)
            if namesz == 0 and descsz == 0 and ntype == 0:
                break
            name = bytes(m[off + 12:off + 12 + namesz]).rstrip(b'\0').decode(
                'ascii', 'replace')
            desc = off + 12 + ((namesz + 3) & ~3)
            pid = None
            if ntype == 1 and name == 'CORE' and descsz >= 36:
                pid, = struct.unpack_from(bo + 'i', m, desc + 32)
            out.append((name, ntype, descsz, pid))
            off = desc + ((descsz + 3) & ~3)
    return out


def layout(path):
    _, _, phdrs = elfphdrs.open_elf(path)
    lines = []
    for p in phdrs:
        if p.type == elfphdrs.PT_LOAD:
            lines.append('PT_LOAD paddr [%#x, %#x) memsz %#x filesz %#x'
                         % (p.paddr, p.paddr + p.memsz, p.memsz, p.filesz))
        elif p.type == elfphdrs.PT_NOTE:
            lines.append('PT_NOTE filesz %#x' % p.filesz)
    for i, (name, ntype, descsz, pid) in enumerate(notes(path)):
        t = NT_NAMES.get(ntype, str(ntype)) if name != 'VMCOREINFO' else 'VMCOREINFO'
        lines.append('note %d: %s %s descsz %d%s' % (
            i, name, t, descsz, '' if pid is None else ' pr_pid %d' % pid))
    return lines


TS = re.compile(r'^\s*\[\s*[0-9.]+\]\s*')


def loglines(path):
    """the fadump/rtas fadump lines, timestamps and model prefixes cut"""
    out = []
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            line = re.sub(r'^\[(first|capture) kernel\]\s*', '', line)
            line = TS.sub('', line)
            if re.match(r'(rtas )?fadump: |.*[Ff]irmware-assisted dump', line):
                out.append(line)
    return out


def read(path, default=''):
    try:
        with open(path, errors='replace') as f:
            return f.read()
    except OSError:
        return default


def memtotal(path):
    m = re.search(r'^MemTotal:\s+(\d+) kB', read(path), re.M)
    return int(m.group(1)) if m else -1


def facts(root):
    f = {}
    first = read(os.path.join(root, 'console/first.log'))
    cap = read(os.path.join(root, 'console/capture.log'))
    m = re.search(r'fadump: Reserved (\d+)MB of memory at (0x[0-9a-f]+) '
                  r'\(System RAM: (\d+)MB\)', first)
    if m:
        f['reserved_mb'] = m.group(1)
        f['reserved_at'] = '%#x' % int(m.group(2), 16)
        f['system_ram_mb'] = m.group(3)
    f['registered'] = int('Registration is successful' in first)
    f['active'] = int('Firmware-assisted dump is active' in cap)
    m = re.search(r'CPU: (\d+) (?:UID: \d+ )?PID: (\d+)', first)
    if m:
        f['panic_cpu'], f['panic_pid'] = m.group(1), m.group(2)
    m = re.search(r'freeing reserved memory \((0x[0-9a-f]+) - (0x[0-9a-f]+)\)',
                  cap)
    if m:
        f['freed'] = '%#x-%#x' % (int(m.group(1), 16), int(m.group(2), 16))
        f['freed_kb'] = (int(m.group(2), 16) - int(m.group(1), 16)) // 1024
    reg = read(os.path.join(root, 'sys/kernel/debug/powerpc/fadump_region'))
    m = re.search(r'DUMP: Src: (0x[0-9a-f]+), Dest: (0x[0-9a-f]+), '
                  r'Size: (0x[0-9a-f]+), Dumped: (0x[0-9a-f]+)', reg)
    if m:
        src, size = int(m.group(1), 16), int(m.group(3), 16)
        f['boot_mem'] = '%#x-%#x' % (src, src + size)
        f['dump_dest'] = '%#x' % int(m.group(2), 16)
    m = re.search(r'Memory above (0x[0-9a-f]+) is reserved', reg)
    if m:
        f['memory_above'] = '%#x' % int(m.group(1), 16)
    vmcore = os.path.join(root, 'proc/vmcore')
    _, _, phdrs = elfphdrs.open_elf(vmcore)
    f['loads'] = ' '.join('%#x-%#x' % (p.paddr, p.paddr + p.memsz)
                          for p in phdrs if p.type == elfphdrs.PT_LOAD)
    ns = notes(vmcore)
    f['prstatus'] = sum(1 for n in ns if n[1] == 1 and n[0] == 'CORE')
    f['vmcoreinfo'] = sum(1 for n in ns if n[0] == 'VMCOREINFO')
    f['note_pids'] = ','.join(str(n[3]) for n in ns if n[3] is not None)
    f['memtotal_capture'] = memtotal(os.path.join(root, 'proc/meminfo'))
    f['memtotal_after'] = memtotal(os.path.join(root, 'after-release/proc/meminfo'))
    f['memtotal_first'] = memtotal(os.path.join(root, 'first-kernel/proc/meminfo'))
    for k, v in f.items():
        print('%s=%s' % (k, v))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cmd, arg = sys.argv[1:]
    if cmd == 'facts':
        facts(arg)
    elif cmd == 'layout':
        print('\n'.join(layout(arg)))
    elif cmd == 'log':
        print('\n'.join(loglines(arg)))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
