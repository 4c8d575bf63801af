# SPDX-License-Identifier: GPL-2.0-or-later
"""mkcore.py - craft a small, possibly hostile, ELF64 core for the CLI
tests (independent of formats/: struct only).

  python3 mkcore.py OUT [--be] [--machine N] [--vmcoreinfo TEXT] SEG...

SEG is TYPE:PADDR:FILESZ:MEMSZ[:BYTE] with TYPE load, note or null; a
load's file data is FILESZ bytes of BYTE (default 0x11), placed after the
headers in SEG order; a note's data is the VMCOREINFO note (FILESZ and
MEMSZ are then ignored).  Numbers take any base (0x...).  The file is
exactly as long as the headers and the data, so an ELF with a single
null segment is 120 bytes.
"""
import argparse
import struct


def note(bo, name, ntype, desc):
    def pad(b):
        return b + b'\0' * (-len(b) % 4)
    return (struct.pack(bo + 'III', len(name) + 1, len(desc), ntype) +
            pad(name + b'\0') + pad(desc))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--be', action='store_true')
    ap.add_argument('--machine', type=lambda s: int(s, 0), default=21)
    ap.add_argument('--vmcoreinfo', default='OSRELEASE=6.10.0\nPAGESIZE=65536\n')
    ap.add_argument('seg', nargs='+')
    a = ap.parse_args()
    bo = '>' if a.be else '<'
    types = {'null': 0, 'load': 1, 'note': 4}
    segs = []
    for s in a.seg:
        f = s.split(':')
        t, pa, fs, ms = types[f[0]], int(f[1], 0), int(f[2], 0), int(f[3], 0)
        fill = int(f[4], 0) if len(f) > 4 else 0x11
        if t == 4:
            data = note(bo, b'VMCOREINFO', 0, a.vmcoreinfo.encode())
            fs = ms = len(data)
        else:
            data = bytes([fill]) * fs if t == 1 else b''
        segs.append([t, pa, fs, ms, data])
    off = 64 + 56 * len(segs)
    phdrs = b''
    body = b''
    for t, pa, fs, ms, data in segs:
        va = 0xc000000000000000 + pa if t == 1 and a.machine == 21 else 0
        phdrs += struct.pack(bo + 'IIQQQQQQ', t, 7 if t == 1 else 0,
                             off + len(body) if data else 0, va, pa, fs, ms,
                             0)
        body += data
    ident = b'\x7fELF' + bytes([2, 2 if a.be else 1, 1, 0]) + b'\0' * 8
    ehdr = ident + struct.pack(bo + 'HHIQQQIHHHHHH', 4, a.machine, 1, 0, 64,
                               0, 0, 64, 56, len(segs), 0, 0, 0)
    with open(a.out, 'wb') as f:
        f.write(ehdr + phdrs + body)


main()
