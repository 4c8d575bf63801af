#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""drgn_facts.py VMCORE VMLINUX

drgn on a dump: "RELEASE TID", the kernel's init_uts_ns release and
prog.crashed_thread()'s tid, one line (to compare two copies of a dump)."""
import sys

from drgn import Program

p = Program()
p.set_core_dump(sys.argv[1])
p.load_debug_info([sys.argv[2]])
print(p["init_uts_ns"].name.release.string_().decode(),
      p.crashed_thread().tid)
