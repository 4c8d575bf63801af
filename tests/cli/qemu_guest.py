#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""qemu_guest.py MACHINE_ELF OUT_ELF

Turn a saved machine (fadump-kernel --save-machine: an ELF64 core of all
RAM with one NT_PRSTATUS per CPU, in the guest's byte order) into what
QEMU 7.2's `dump-guest-memory` writes for a ppc64 guest: a big-endian ELF
whatever the guest's order (NT_PRSTATUS contents big-endian too), e_ehsize
8 and nonsense section-header fields, one PT_NOTE holding per CPU an
NT_PRSTATUS and an NT_PRFPREG, then one PT_LOAD per RAM range with p_vaddr
0.  RAM is copied extent by extent (SEEK_DATA/SEEK_HOLE) so the output
stays sparse.  Written with struct only (and elfphdrs.py): shares no code
with formats/."""
import os
import struct
import sys

from elfphdrs import PT_LOAD, PT_NOTE, open_elf

NT_PRSTATUS, NT_PRFPREG = 1, 2
PRSTATUS_SIZE = 504		# struct elf_prstatus, ppc64
PR_PID, PR_REG, NREG = 32, 112, 48


def notes(buf, bo):
    """(name, type, desc) of every note in @buf."""
    out, pos = [], 0
    while pos + 12 <= len(buf):
        namesz, descsz, ntype = struct.unpack_from(bo + 'III', buf, pos)
        pos += 12
        name = buf[pos:pos + namesz].rstrip(b'\0')
        pos += (namesz + 3) & ~3
        out.append((name, ntype, buf[pos:pos + descsz]))
        pos += (descsz + 3) & ~3
    return out


def note(name, ntype, desc):
    n = name + b'\0'
    return (struct.pack('>III', len(n), len(desc), ntype) +
            n.ljust((len(n) + 3) & ~3, b'\0') +
            desc.ljust((len(desc) + 3) & ~3, b'\0'))


def prstatus_be(desc, bo):
    """The pid and the 48 registers, re-encoded big-endian."""
    out = bytearray(PRSTATUS_SIZE)
    pid, = struct.unpack_from(bo + 'i', desc, PR_PID)
    struct.pack_into('>i', out, PR_PID, pid)
    regs = struct.unpack_from(bo + '%dQ' % NREG, desc, PR_REG)
    struct.pack_into('>%dQ' % NREG, out, PR_REG, *regs)
    return bytes(out)


def copy_sparse(src, soff, dst, doff, size):
    """Copy the data extents of src[soff, soff+size) to dst at doff."""
    end = soff + size
    pos = soff
    while pos < end:
        try:
            data = os.lseek(src, pos, os.SEEK_DATA)
        except OSError:
            return
        if data >= end:
            return
        hole = min(os.lseek(src, data, os.SEEK_HOLE), end)
        while data < hole:
            n = min(1 << 20, hole - data)
            os.pwrite(dst, os.pread(src, n, data), doff + data - soff)
            data += n
        pos = hole


def main():
    src_path, out_path = sys.argv[1], sys.argv[2]
    m, bo, phdrs = open_elf(src_path)
    blob = b''
    for p in phdrs:
        if p.type != PT_NOTE:
            continue
        for name, ntype, desc in notes(m[p.offset:p.offset + p.filesz], bo):
            if ntype == NT_PRSTATUS and name == b'CORE':
                blob += note(b'CORE', NT_PRSTATUS, prstatus_be(desc, bo))
                blob += note(b'CORE', NT_PRFPREG, bytes(264))
    loads = [p for p in phdrs if p.type == PT_LOAD]
    nph = 1 + len(loads)
    ehdr = bytearray(64)
    ehdr[0:16] = b'\x7fELF\x02\x02\x01' + bytes(9)
    # e_type CORE, EM_PPC64, version 1, no entry, phoff 64, bogus shoff;
    # flags 0, e_ehsize 8 (QEMU 7.2), phentsize 56, 9 x 64-byte sections
    struct.pack_into('>HHIQQQIHHHHHH', ehdr, 16, 4, 21, 1, 0, 64, 0xdead,
                     0, 8, 56, nph, 64, 9, 0)
    note_off = 64 + 56 * nph
    data_off = (note_off + len(blob) + 0xffff) & ~0xffff
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    src = os.open(src_path, os.O_RDONLY)
    try:
        ph = struct.pack('>IIQQQQQQ', PT_NOTE, 0, note_off, 0, 0,
                         len(blob), 0, 0)
        off = data_off
        for p in loads:
            ph += struct.pack('>IIQQQQQQ', PT_LOAD, 7, off, 0, p.paddr,
                              p.memsz, p.memsz, 0)
            copy_sparse(src, p.offset, out, off, p.filesz)
            off += p.memsz
        os.pwrite(out, bytes(ehdr) + ph + blob, 0)
        os.ftruncate(out, off)
    finally:
        os.close(src)
        os.close(out)
    return 0


sys.exit(main())
