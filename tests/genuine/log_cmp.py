#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""log_cmp.py CONSOLE DMESG_RAW - the crashed kernel's log in the dump
(`fadump-analyze dmesg -r`) against the first kernel's serial console:
every line, the panic and the trace after it up to the last record the
dump holds (the console's last kernel line).  Exit 0 when they are equal,
else print the first difference.

What the console cannot show is taken out of the dump's side, and nothing
else:
  - records of level 7 (KERN_DEBUG): console_loglevel 7 keeps them off;
  - time stamps of the records printed before printk.time=1 was parsed
    (the console's lines before its first "[ secs.usecs] " line);
and out of the console's side:
  - lines that are not the kernel's once time stamps start, and what
    another writer put before a kernel line's time stamp (the guest's
    /init and the firmware write to the same port);
  - a line printed twice in a row while the boot console hands over to
    hvc0 (both write to the port).
"""
import re
import sys

STAMP = re.compile(r'\[ *[0-9]+\.[0-9]{6}\] ')
RAW = re.compile(r'^<([0-9]+)>(\[ *[0-9]+\.[0-9]{6}\] )(.*)$')
PANIC = 'Kernel panic - not syncing'


def console(path):
    with open(path, 'rb') as f:
        raw = f.read().decode('utf-8', 'replace').replace('\r', '')
    out, stamped = [], False
    for l in raw.split('\n'):
        m = STAMP.search(l)
        if m:
            stamped = True
            l = l[m.start():]
        elif stamped:
            continue
        if out and out[-1] == l and stamped:
            continue
        out.append(l)
    while out and not out[-1]:
        out.pop()
    return out, sum(1 for l in out if not STAMP.match(l))


def dump(path, unstamped):
    out = []
    with open(path, 'rb') as f:
        for l in f.read().decode('utf-8', 'replace').split('\n'):
            m = RAW.match(l)
            if not m or int(m.group(1)) & 7 == 7:
                continue
            out.append(m.group(3) if len(out) < unstamped
                       else m.group(2) + m.group(3))
    return out


def main():
    con, unstamped = console(sys.argv[1])
    dmp = dump(sys.argv[2], unstamped)
    for i, (a, b) in enumerate(zip(con, dmp)):
        if a != b:
            print('line %d: console %r, dump %r' % (i + 1, a, b))
            return 1
    if len(con) != len(dmp):
        print('console has %d kernel lines, the dump %d' %
              (len(con), len(dmp)))
        return 1
    if not any(PANIC in l for l in con):
        print('no panic line in the console')
        return 1
    print('%d lines equal (%d without time stamps)' % (len(con), unstamped))
    return 0


if __name__ == '__main__':
    sys.exit(main())
