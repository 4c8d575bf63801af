#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""convert_pagecmp.py ELF KDUMP [--excluded-ok]

Independent check of `fadump-analyze convert`: open both files with
libkdumpfile and compare every page of physical memory.  A page inside a
PT_LOAD ([p_paddr, p_paddr + p_memsz) rounded down to whole pages, as the
format's 1st bitmap has it; parsed here from the program headers) must
read the same from both; any other page must be absent from the kdump
file (libkdumpfile's ELF reader returns zeros for some of them).  Without --excluded-ok no page may be excluded.  Prints
"pages N excluded M arch A machine U" and exits 1 on the first mismatch."""
import sys

import kdumpfile

from elfphdrs import PT_LOAD, open_elf


def present_pfns(path, ps):
    m, _, phdrs = open_elf(path)
    ranges = [(p.paddr // ps, (p.paddr + p.memsz) // ps)
              for p in phdrs if p.type == PT_LOAD]
    m.close()
    return ranges


def main():
    elf, kd = sys.argv[1], sys.argv[2]
    excl_ok = '--excluded-ok' in sys.argv[3:]
    e = kdumpfile.kdumpfile(elf)
    k = kdumpfile.kdumpfile(kd)
    ps = k.attr['arch.page_size']
    if ps != e.attr['arch.page_size']:
        print('page size', ps, 'vs', e.attr['arch.page_size'])
        return 1
    space = kdumpfile.KDUMP_MACHPHYSADDR
    nodata = kdumpfile.exceptions.NoDataException
    pages = excluded = 0
    ranges = present_pfns(elf, ps)
    for pfn in range(max(e.attr['max_pfn'], k.attr['max_pfn'])):
        if not any(a <= pfn < b for a, b in ranges):
            try:
                k.read(space, pfn * ps, ps)
                print('pfn %#x: in no PT_LOAD, yet in the kdump file' % pfn)
                return 1
            except nodata:
                continue
        try:
            a = e.read(space, pfn * ps, ps)
        except nodata:
            a = None
        try:
            b = k.read(space, pfn * ps, ps)
        except nodata:
            b = None
        if a is None and b is None:
            continue
        if a is None:
            print('pfn %#x: only in the kdump file' % pfn)
            return 1
        if b is None:
            if not excl_ok:
                print('pfn %#x: excluded' % pfn)
                return 1
            excluded += 1
            continue
        if a != b:
            print('pfn %#x differs' % pfn)
            return 1
        pages += 1
    print('pages %d excluded %d arch %s machine %s' % (
        pages, excluded, k.attr['arch.name'], k.attr['linux.uts.machine']))
    return 0


sys.exit(main())
