#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""analyze_physcmp.py MACHINE_ELF MANIFEST DIR

For every file of a `fadump-analyze split` manifest that has an address,
compare its bytes with the saved machine image (--save-machine, an ELF
core of physical memory) at that address, and its sha256 with the
manifest's.  Independent of the analyzer: plain struct parsing.  Prints one
line per file ("SECTION ok" or what differs); exits 1 on any mismatch."""
import hashlib
import json
import sys

from elfphdrs import loads, read_phys


def main():
    m, segs = loads(sys.argv[1])
    man = json.load(open(sys.argv[2]))
    bad = 0
    for f in man['files']:
        if not f['file'] or f['address'] is None:
            continue
        got = open(sys.argv[3] + '/' + f['file'], 'rb').read()
        want = read_phys(m, segs, int(f['address'], 16), f['size'])
        sha_ok = hashlib.sha256(got).hexdigest() == f['sha256']
        if got == want and sha_ok:
            print(f['section'], 'ok')
        else:
            bad = 1
            print(f['section'], 'bytes differ' if got != want else
                  'sha256 differs')
    sys.exit(bad)


main()
