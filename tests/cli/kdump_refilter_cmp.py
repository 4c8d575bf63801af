#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""kdump_refilter_cmp.py cmp A B | level F | corrupt F PFN | dropped A B

Independent checks of `fadump-analyze convert` refiltering.
  cmp A B        open both kdump-compressed files with libkdumpfile and
                 compare the set of pages each holds and every page's bytes;
                 prints "pages N" and exits 1 on the first difference.
  level F        the sub-header's dump_level (parsed here from the format).
  dropped A B    a pfn A holds, B does not, and whose page in A is
                 compressed and not all zeros (exit 1: none).
  corrupt F PFN  overwrite the stored bytes of PFN's page in F with 0xff.
"""
import struct
import sys

import kdumpfile


def pages(k, pfn, ps):
    try:
        return k.read(kdumpfile.KDUMP_MACHPHYSADDR, pfn * ps, ps)
    except kdumpfile.exceptions.NoDataException:
        return None


def cmp(a, b):
    ka, kb = kdumpfile.kdumpfile(a), kdumpfile.kdumpfile(b)
    ps = ka.attr['arch.page_size']
    if ps != kb.attr['arch.page_size']:
        print('page size', ps, 'vs', kb.attr['arch.page_size'])
        return 1
    n = 0
    for pfn in range(max(ka.attr['max_pfn'], kb.attr['max_pfn'])):
        x, y = pages(ka, pfn, ps), pages(kb, pfn, ps)
        if (x is None) != (y is None):
            print('pfn %#x: in %s only' % (pfn, a if y is None else b))
            return 1
        if x != y:
            print('pfn %#x: bytes differ' % pfn)
            return 1
        n += x is not None
    print('pages', n)
    return 0


class Kdump:
    """The parts of the format the checks need, parsed from the file."""

    def __init__(self, path):
        self.f = open(path, 'r+b')
        h = self.f.read(464)
        for bo in '<>':
            bs = struct.unpack(bo + 'i', h[428:432])[0]
            if bs in (4096, 16384, 65536):
                break
        self.bo, self.bs = bo, bs
        sub_blocks, bm_blocks, mapnr = struct.unpack(bo + 'iII', h[432:444])
        self.f.seek(bs)
        sub = self.f.read(104)
        self.dump_level = struct.unpack(bo + 'i', sub[8:12])[0]
        if struct.unpack(bo + 'i', h[8:12])[0] >= 6:
            mapnr = struct.unpack(bo + 'Q', sub[96:104])[0]
        self.mapnr = mapnr
        half = bm_blocks // 2 * bs
        self.f.seek((1 + sub_blocks) * bs + half)
        self.bm2 = self.f.read(half)
        self.pd_off = (1 + sub_blocks + bm_blocks) * bs

    def has(self, pfn):
        return pfn < self.mapnr and self.bm2[pfn >> 3] >> (pfn & 7) & 1

    def desc(self, pfn):
        rank = sum(bin(b).count('1') for b in self.bm2[:pfn >> 3])
        rank += bin(self.bm2[pfn >> 3] & ((1 << (pfn & 7)) - 1)).count('1')
        self.f.seek(self.pd_off + 24 * rank)
        return struct.unpack(self.bo + 'qII', self.f.read(16))


def main():
    cmd = sys.argv[1]
    if cmd == 'cmp':
        return cmp(sys.argv[2], sys.argv[3])
    if cmd == 'level':
        print(Kdump(sys.argv[2]).dump_level)
        return 0
    if cmd == 'dropped':
        a, b = Kdump(sys.argv[2]), Kdump(sys.argv[3])
        ka = kdumpfile.kdumpfile(sys.argv[2])
        for pfn in range(a.mapnr):
            if a.has(pfn) and not b.has(pfn) and a.desc(pfn)[2] and \
                    any(pages(ka, pfn, a.bs)):
                print(pfn)
                return 0
        return 1
    if cmd == 'corrupt':
        k = Kdump(sys.argv[2])
        off, size, _ = k.desc(int(sys.argv[3]))
        k.f.seek(off)
        k.f.write(b'\xff' * size)
        return 0
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main())
