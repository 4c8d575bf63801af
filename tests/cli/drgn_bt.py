#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""drgn_bt.py VMCORE VMLINUX

drgn on a dump: "tid=N" of prog.crashed_thread(), then the function of
each frame of its stack, one a line ("?" when unknown)."""
import sys

from drgn import Program

p = Program()
p.set_core_dump(sys.argv[1])
p.load_debug_info([sys.argv[2]])
t = p.crashed_thread()
print("tid=%d" % t.tid)
for f in t.stack_trace():
    print(f.name or "?")
