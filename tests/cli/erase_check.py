#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""erase_check.py REF ERASED [SPEC...]

Independent check of `fadump-analyze convert --config`: REF is the
conversion without --config, ERASED the one with it.  Both are read page by
page with libkdumpfile; every byte must be equal except inside the SPEC
ranges, where ERASED must hold the fill:
  X:VADDR:SIZE   SIZE bytes of 'X' (0x58) at the kernel address VADDR
  0:VADDR:SIZE   SIZE zero bytes (nullify)
  S:VADDR        the char * at VADDR: its string (as REF holds it, at most
                 1024 bytes) is 'X'
  L:HEAD:LINK:FIELD:SIZE
                 every element of the list_head at HEAD (walked in REF):
                 SIZE bytes of 'X' at FIELD in the structure whose list_head
                 member at offset LINK each node is
Kernel addresses are ppc64 linear-map addresses (physical + 0xc000...).
Prints the eraseinfo of ERASED (from its kdump sub-header) and then
"pages N differing-bytes M"; exits 1 on the first mismatch."""
import struct
import sys

import kdumpfile

import kdread

PAGE_OFFSET = 0xc000000000000000


def dumped_pfns(path):
    """The pfns set in the 2nd bitmap (read from the file, not through
    libkdumpfile: only to skip what neither file holds)."""
    with open(path, 'rb') as f:
        h = f.read(4096)
        bo = '<' if struct.unpack_from('<i', h, 8)[0] < 256 else '>'
        block, sub, nblocks = struct.unpack_from(bo + 'iiI', h, 428)
        half = nblocks * block // 2
        f.seek(block * (1 + sub) + half)
        bm = f.read(half)
    return {i * 8 + b for i, v in enumerate(bm) if v
            for b in range(8) if v >> b & 1}


def eraseinfo(path):
    with open(path, 'rb') as f:
        h = f.read(4096)
        if h[:8] != b'KDUMP   ':
            raise SystemExit('%s: not a kdump-compressed file' % path)
        bo = '<' if struct.unpack_from('<i', h, 8)[0] < 256 else '>'
        block = struct.unpack_from(bo + 'i', h, 428)[0]   # block_size
        f.seek(block)
        sub = f.read(80)
        off, size = struct.unpack_from(bo + 'qQ', sub, 64)
        if not off:
            return ''
        f.seek(off)
        return f.read(size).decode()


def main():
    ref, er = sys.argv[1], sys.argv[2]
    a = kdumpfile.kdumpfile(ref)
    b = kdumpfile.kdumpfile(er)
    space = kdumpfile.KDUMP_MACHPHYSADDR
    ps = a.attr['arch.page_size']
    want = {}                       # paddr -> fill byte
    order = 'little' if a.attr['arch.byte_order'] == 1 else 'big'

    def ptr_at(va):
        return int.from_bytes(a.read(space, va - PAGE_OFFSET, 8), order)

    elements = 0
    for s in sys.argv[3:]:
        kind, rest = s.split(':', 1)
        if kind == 'L':
            head, link, field, n = (int(x, 0) for x in rest.split(':'))
            node = ptr_at(head)
            while node != head:
                elements += 1
                p = node - link + field - PAGE_OFFSET
                for i in range(n):
                    want[p + i] = ord('X')
                node = ptr_at(node)
            continue
        if kind == 'S':
            ptr = ptr_at(int(rest, 0))
            if not ptr:
                continue
            p = ptr - PAGE_OFFSET
            s = a.read(space, p, 1024)
            n = s.index(b'\0') if b'\0' in s else 1024
            fill = ord('X')
        else:
            va, n = rest.split(':')
            p, n = int(va, 0) - PAGE_OFFSET, int(n, 0)
            fill = ord('X') if kind == 'X' else 0
        for i in range(n):
            want[p + i] = fill
    print(eraseinfo(er), end='')
    pages = diff = 0
    wpages = {p // ps for p in want}
    for pfn in sorted(dumped_pfns(ref) | dumped_pfns(er)):
        x = kdread.page(a, pfn * ps, ps)
        y = kdread.page(b, pfn * ps, ps)
        if (x is None) != (y is None):
            print('pfn %#x: in one file only' % pfn)
            return 1
        if x is None:
            continue
        pages += 1
        base = pfn * ps
        if pfn not in wpages and x == y:
            continue
        for i in range(ps):
            fill = want.get(base + i)
            if fill is not None:
                if y[i] != fill:
                    print('paddr %#x: %#x, expected the fill %#x'
                          % (base + i, y[i], fill))
                    return 1
                diff += x[i] != y[i]
            elif x[i] != y[i]:
                print('paddr %#x: %#x, expected %#x as without --config'
                      % (base + i, y[i], x[i]))
                return 1
    print('pages %d differing-bytes %d list-elements %d'
          % (pages, diff, elements))
    return 0


if __name__ == '__main__':
    sys.exit(main())
