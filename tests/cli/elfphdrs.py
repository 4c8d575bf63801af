# SPDX-License-Identifier: GPL-2.0-or-later
"""elfphdrs.py - the program headers of an ELF64 core (a saved machine, a
vmcore, a rebuilt vmcore), parsed here with struct for the CLI tests'
independent checks: it shares no code with formats/ or analyzer/.

  open_elf(path)        -> (mmap, bo, [Phdr])   bo: struct prefix '<' / '>'
  loads(path)           -> (mmap, [(paddr, offset, filesz)]) of the PT_LOADs
  read_phys(m, segs, addr, size) -> bytes from those PT_LOADs' file data
"""
import collections
import mmap
import struct

PT_LOAD = 1
PT_NOTE = 4

Phdr = collections.namedtuple(
    'Phdr', 'type flags offset vaddr paddr filesz memsz align')


def open_elf(path):
    """Map @path; its byte order (EI_DATA) and every program header."""
    with open(path, 'rb') as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    bo = '<' if m[5] == 1 else '>'
    phoff, = struct.unpack_from(bo + 'Q', m, 32)
    phnum, = struct.unpack_from(bo + 'H', m, 56)
    phdrs = [Phdr(*struct.unpack_from(bo + 'IIQQQQQQ', m, phoff + 56 * i))
             for i in range(phnum)]
    return m, bo, phdrs


def loads(path):
    """The mapped file and its PT_LOADs as (paddr, offset, filesz)."""
    m, _, phdrs = open_elf(path)
    return m, [(p.paddr, p.offset, p.filesz)
               for p in phdrs if p.type == PT_LOAD]


def read_phys(m, segs, addr, size):
    """@size bytes at physical @addr from the (paddr, offset, filesz)
    segments of loads(); ValueError for an address none of them holds."""
    out = bytearray()
    while size:
        for pa, off, fs in segs:
            if pa <= addr < pa + fs:
                n = min(size, pa + fs - addr)
                out += m[off + addr - pa:off + addr - pa + n]
                addr += n
                size -= n
                break
        else:
            raise ValueError('address %#x not in the machine image' % addr)
    return bytes(out)
