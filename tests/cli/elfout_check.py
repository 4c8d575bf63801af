#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""elfout_check.py IN OUT REF

Independent check of `fadump-analyze convert -E`: open the input ELF
vmcore IN, the -E output OUT and REF, a kdump-compressed conversion of IN
at the same dump level, with libkdumpfile and compare page by page.  A page
REF holds with data must read the same from OUT as from IN; a page OUT
holds with data must be IN's; any other page of OUT is cut out (no data,
or zeros where REF has none).  Prints "pages N with-data D cut C" and
exits 1 on the first mismatch."""
import sys

import kdumpfile

from kdread import page


def main():
    i, o, r = (kdumpfile.kdumpfile(p) for p in sys.argv[1:4])
    ps = r.attr['arch.page_size']
    zero = bytes(ps)
    pages = data = cut = 0
    for pfn in range(r.attr['max_pfn']):
        a = page(i, pfn * ps, ps)
        b = page(o, pfn * ps, ps)
        c = page(r, pfn * ps, ps)
        if a is None and b is None:
            continue
        if c is not None and c != zero and b != a:
            print('pfn %#x: in the kdump file, %s in the ELF output' %
                  (pfn, 'absent' if b is None else 'different'))
            return 1
        if b is not None and b != zero and b != a:
            print('pfn %#x: the ELF output differs from the input' % pfn)
            return 1
        if b is None or (b == zero and a != zero):
            if c is not None and c != zero:
                print('pfn %#x: cut from the ELF output, dumped in the kdump file' % pfn)
                return 1
            cut += 1
            continue
        pages += 1
        data += b != zero
    print('pages %d with-data %d cut %d' % (pages, data, cut))
    return 0


sys.exit(main())
