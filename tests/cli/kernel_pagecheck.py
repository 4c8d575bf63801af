#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""kernel_pagecheck.py VMCORE MACHINE_ELF RA_START RA_END COPY_START COPY_END

Compare every PT_LOAD byte of a generated /proc/vmcore with the saved
machine image (--save-machine) at the same physical address, and check that
every RAM byte of the machine outside [RA_START, RA_END) (the reserved area
cut by --mainline-exact; pass the boot-memory copy range for the DESIGN
rule as COPY_*) is present in the vmcore.  Prints one line, exits 1 on a
mismatch.  Uses libkdumpfile as the independent reader of the vmcore."""
import sys

import kdumpfile

from elfphdrs import loads


def main():
    vm, mach = sys.argv[1], sys.argv[2]
    cut = (int(sys.argv[3], 0), int(sys.argv[4], 0))
    vmm, vl = loads(vm)
    mm, ml = loads(mach)
    kd = kdumpfile.kdumpfile(vm)
    kd.attr['addrxlat.ostype'] = 'linux'
    page = 65536
    covered = []
    for pa, off, size in vl:
        a = 0
        while a < size:
            n = min(1 << 20, size - a)
            got = vmm[off + a:off + a + n]
            want = None
            for mpa, moff, msz in ml:
                if mpa <= pa + a and pa + a + n <= mpa + msz:
                    s = moff + pa + a - mpa
                    want = mm[s:s + n]
            if want is None or got != want:
                print('mismatch at paddr %#x' % (pa + a))
                return 1
            a += n
        # libkdumpfile reads the same bytes
        for probe in (pa, pa + size - 8):
            b = kd.read(kdumpfile.KDUMP_MACHPHYSADDR, probe, 8)
            s = off + probe - pa
            if bytes(b) != vmm[s:s + 8]:
                print('libkdumpfile differs at %#x' % probe)
                return 1
        covered.append((pa, pa + size))
    covered.sort()
    for mpa, moff, msz in ml:
        a = mpa
        while a < mpa + msz:
            if cut[0] <= a < cut[1]:
                a = cut[1]
                continue
            if not any(s <= a < e for s, e in covered):
                print('page %#x missing from the vmcore' % a)
                return 1
            a += page
    print('ok: %d PT_LOADs equal, no page missing' % len(vl))
    return 0


sys.exit(main())
