#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""split_check.py SPLIT WHOLE

Independent check of `fadump-analyze convert --split`: SPLIT alone, read
with libkdumpfile, holds the pages of its pfn range (split_start_pfn and
split_end_pfn of its sub-header, decoded here) exactly as the unsplit
conversion WHOLE does, and no page outside (no data, or zeros when the
dump level excluded zero pages).  Prints "range A B pages N" and exits 1
on the first mismatch."""
import struct
import sys

import kdumpfile

from kdread import page


def split_range(path):
    with open(path, 'rb') as f:
        hdr = f.read(464)
        for bo in '<>':
            bs = struct.unpack(bo + 'i', hdr[428:432])[0]
            if 4096 <= bs <= 262144 and not bs & (bs - 1):
                break
        f.seek(bs)
        sub = f.read(104)
    split = struct.unpack(bo + 'i', sub[12:16])[0]
    start, end = struct.unpack(bo + 'QQ', sub[80:96])
    return split, start, end


def main():
    split, start, end = split_range(sys.argv[1])
    if split != 1:
        print('split is %d, not 1' % split)
        return 1
    s = kdumpfile.kdumpfile(sys.argv[1])
    w = kdumpfile.kdumpfile(sys.argv[2])
    ps = w.attr['arch.page_size']
    zero = bytes(ps)
    n = 0
    for pfn in range(w.attr['max_pfn']):
        a = page(s, pfn * ps, ps)
        if start <= pfn < end:
            if a != page(w, pfn * ps, ps):
                print('pfn %#x: differs from the unsplit file' % pfn)
                return 1
            n += a is not None
        elif a is not None and a != zero:
            print('pfn %#x: outside [%#x, %#x), yet in the split file' %
                  (pfn, start, end))
            return 1
    print('range %d %d pages %d' % (start, end, n))
    return 0


sys.exit(main())
