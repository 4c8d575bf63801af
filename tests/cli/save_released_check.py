#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""save_released_check.py ELF SAVED [ADDR LEN]...

Independent check of the durability rule of `fadump-analyze save` on a
phyp dump: every page of memory given back with release_region ("ADDR
LEN", hex, as written) must be readable from SAVED (the kdump-compressed
vmcore, complete or the synced vmcore.partial) and equal the original
ELF vmcore's page, read with libkdumpfile.  The kernel frees one page
past each range (release_memory_range() loops to <= end_pfn), so that
page is checked too.  Pages the ELF does not hold are skipped.  Prints
"released pages N checked M" and exits 1 on the first page missing or
different."""
import sys

import kdumpfile

from elfphdrs import PT_LOAD, open_elf


def main():
    elf, saved = sys.argv[1], sys.argv[2]
    rel = sys.argv[3:]
    e = kdumpfile.kdumpfile(elf)
    k = kdumpfile.kdumpfile(saved)
    ps = e.attr['arch.page_size']
    m, _, phdrs = open_elf(elf)
    loads = [(p.paddr, p.paddr + p.filesz) for p in phdrs if p.type == PT_LOAD]
    m.close()
    space = kdumpfile.KDUMP_MACHPHYSADDR
    released = checked = 0
    for i in range(0, len(rel), 2):
        a, n = int(rel[i], 16), int(rel[i + 1], 16)
        for addr in range(a // ps * ps, a + n + ps, ps):
            released += 1
            if not any(s <= addr and addr + ps <= t for s, t in loads):
                continue
            want = e.read(space, addr, ps)
            try:
                got = k.read(space, addr, ps)
            except Exception:  # no descriptor yet: not saved
                print('%#x: released, but not in %s' % (addr, saved))
                return 1
            if got != want:
                print('%#x: released, and %s holds other bytes' % (addr, saved))
                return 1
            checked += 1
    print('released pages %d checked %d' % (released, checked))
    return 0


sys.exit(main())
