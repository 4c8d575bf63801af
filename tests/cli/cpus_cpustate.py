#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""cpus_cpustate.py analyze|crash FILE - one canonical summary of what a
front end says about a dump's CPUs, so that t8000 can compare
`fadump-analyze cpus --json` (FILE: its JSON) with crash's `cpu-state -x`
(FILE: the session's output):

    crashing CPU
    note N -> CPU C          (C "?" when unknown), by note
    note N regs V0 V1 ...    the note's 48 pr_reg slots, hex

For fadump-analyze the note's slots are its thread's pt_regs with the
slots it lists as mismatches replaced by the note's values (that is what
the note holds)."""
import json
import re
import sys


def analyze(path):
    with open(path) as f:
        d = json.load(f)
    out = ["crashing %s" % (d["crashing_cpu"] if d["crashing_cpu"] is not None else "?")]
    notes = {}
    for t in d["threads"]:
        if t["note"] is None:
            continue
        regs = [int(v, 16) for v in t["pt_regs"].values()]
        names = list(t["pt_regs"].keys())
        for m in t["mismatches"]:
            regs[names.index(m["slot"])] = int(m["note"], 16)
        cpu = t["cpu"] if t["cpu"] is not None else "?"
        notes[t["note"]] = (cpu, regs)
    for n in sorted(notes):
        out.append("note %d -> CPU %s" % (n, notes[n][0]))
    for n in sorted(notes):
        out.append("note %d regs %s" % (n, " ".join("%x" % v for v in notes[n][1])))
    return out


def crash(path):
    text = open(path).read()
    m = re.search(r"^crashing CPU: (-?\d+) \(from ", text, re.M)
    out = ["crashing %s" % (m.group(1) if m else "?")]
    m = re.search(r"^note-to-CPU mapping: .*\n(.*)\n", text, re.M)
    maps = re.findall(r"note (\d+) -> CPU (-?\d+)", m.group(1)) if m else []
    for n, c in maps:
        out.append("note %s -> CPU %s" % (n, "?" if int(c) < 0 else c))
    regs = {}
    cur = None
    for line in text.splitlines():
        h = re.match(r"^CPU (?:\d+|\?) \(note (\d+)", line)
        if h:
            cur = int(h.group(1))
            regs[cur] = {}
            continue
        if cur is None:
            continue
        for i, v in re.findall(r"pr_reg\[\s*(\d+)\]\s+\S+\s+([0-9a-f]{16})", line):
            regs[cur][int(i)] = int(v, 16)
    for n in sorted(regs):
        vals = [regs[n].get(i) for i in range(48)]
        out.append("note %d regs %s" % (n, " ".join("?" if v is None else "%x" % v for v in vals)))
    return out


if __name__ == "__main__":
    lines = analyze(sys.argv[2]) if sys.argv[1] == "analyze" else crash(sys.argv[2])
    print("\n".join(lines))
