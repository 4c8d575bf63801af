#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_text.py MODE FILE...

Text extraction and comparison for the real-kernel end-to-end test.

  console-log CONSOLE        the kernel's "[ secs.usecs] text" lines from a
                             serial console capture (SLOF/firmware lines,
                             CRs and other noise dropped)
  console-trace CONSOLE      function names of the panic's "Call Trace:"
                             from panic() down: the frames above it
                             (dump_stack_lvl) had returned before the CPU
                             stopped, so no stack walk at the crash has them
  crash-section CRASHOUT CMD the output of crash command CMD from a -s
                             session run with "echo @@CMD" markers
  bt-funcs BT                function names of crash's bt frames
  subseq SMALL BIG           exit 0 when SMALL's lines all occur in BIG in
                             the same order; else print the first missing one
"""
import os
import re
import sys

STAMP = re.compile(r'\[\s*\d+\.\d{6}\] ')


def lines(path):
    with open(path, errors='replace') as f:
        return [l.rstrip('\r\n').replace('\r', '') for l in f]


def console_log(path):
    out = []
    for l in lines(path):
        m = STAMP.search(l)
        if not m:
            continue
        l = l[m.start():].rstrip()
        # "printk: console [hvc0] enabled" goes out on both the boot
        # console and hvc0, which share the port: print it once.
        if not out or out[-1] != l:
            out.append(l)
    return out


def console_trace(path):
    log = console_log(path)
    start = None
    for i, l in enumerate(log):
        if l.endswith('Call Trace:'):
            start = i	# the last trace: the panic's
    funcs = []
    if start is None:
        return funcs
    for l in log[start + 1:]:
        m = re.match(r'\[[^]]*\] \[[0-9a-f]+\] \[[0-9a-f]+\] ([A-Za-z0-9_.]+)\+', l)
        if not m:
            break
        funcs.append(m.group(1))
    if 'panic' in funcs:
        funcs = funcs[funcs.index('panic'):]
    return funcs


def crash_section(path, cmd):
    out, on = [], False
    for l in lines(path):
        if l.startswith('@@'):
            on = (l[2:].strip() == cmd)
            continue
        if on:
            out.append(l)
    return out


def bt_funcs(path):
    return [m.group(1) for m in
            (re.match(r'\s*#\d+ \[[0-9a-f]+\] (\S+) at ', l) for l in lines(path))
            if m]


def subseq(small, big):
    it = iter(big)
    for n, want in enumerate(small):
        for got in it:
            if got == want:
                break
        else:
            print('line %d not found in order: %s' % (n + 1, want))
            return 1
    return 0


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == 'subseq':
        return subseq([l.rstrip() for l in lines(args[0])],
                      [l.rstrip() for l in lines(args[1])])
    res = {'console-log': lambda: console_log(args[0]),
           'console-trace': lambda: console_trace(args[0]),
           'crash-section': lambda: crash_section(args[0], args[1]),
           'bt-funcs': lambda: bt_funcs(args[0])}[mode]()
    try:
        for l in res:
            print(l)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (sed q, grep -q): it has what it wanted.
        # Point stdout at /dev/null so the exit's flush does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == '__main__':
    sys.exit(main())
