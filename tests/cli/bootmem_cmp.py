#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bootmem_cmp.py VMCORE GUEST_ELF BOOT_MEM_TOP [VADDR:SIZE,...]

Compare [0, BOOT_MEM_TOP) of a vmcore with the same physical range of a
guest memory ELF, byte for byte, except inside the listed kernel variables
(linear-map address and size, as readelf -s prints them: what the first
kernel itself wrote).  Prints one line; exits 1 at the first difference or
missing range."""
import sys

from elfphdrs import loads, read_phys

PAGE_OFFSET = 0xc000000000000000
CHUNK = 1 << 16


def main():
    vm, vs = loads(sys.argv[1])
    gm, gs = loads(sys.argv[2])
    top = int(sys.argv[3], 0)
    skip = []
    for item in (sys.argv[4] if len(sys.argv) > 4 else '').split(','):
        if item:
            va, size = item.split(':')
            pa = int(va, 16) - PAGE_OFFSET
            skip.append((pa, pa + int(size, 0)))
    for pa in range(0, top, CHUNK):
        try:
            a = read_phys(vm, vs, pa, CHUNK)
            b = read_phys(gm, gs, pa, CHUNK)
        except ValueError as err:
            print('boot memory %#x: %s' % (pa, err))
            return 1
        if a == b:
            continue
        for i in range(CHUNK):
            if a[i] != b[i] and not any(s <= pa + i < e for s, e in skip):
                print('differs at paddr %#x: vmcore %#x, guest %#x' %
                      (pa + i, a[i], b[i]))
                return 1
    print('ok: %#x bytes of boot memory equal the guest' % top)
    return 0


sys.exit(main())
