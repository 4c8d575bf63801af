#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t2510-analyze-cpus: `fadump-analyze cpus` and `rebuild-notes` on dumps the
# kernel model writes (both byte orders and eras), checked thread by thread
# against the machine firmware saved (--save-machine) by an independent
# reader (analyze_oracle.py, libkdumpfile); fault-injected firmware data and
# hand-corrupted save areas give one-line errors.
. "$(dirname "$0")/lib.sh"

O=$FA_SRC/tests/cli/analyze_oracle.py
M=(--ram 768M --cpus 4 --content zero=90,text=5,struct=5,random=0 --cmdline fadump=on)
VML=$FA_BUILD/samples/minikernel/vmlinux-ppc64le

for cfg in "le 6.10 64K 2" "be 6.10 4K 1"; do
	set -- $cfg
	root=$T_TMP/root-$1
	t_run fadump-kernel crash "${M[@]}" --endian $1 --era $2 --page-size $3 \
		--crashing-cpu $4 --save-machine "$T_TMP/m-$1" -o "$root"
	t_is "$T_RC" 0 "$1: fadump-kernel crash"

	t_run fadump-analyze cpus "$root"
	t_is "$T_RC" 0 "$1: cpus exits 0"
	t_like "$T_OUT" '^Registers from: +REGSAVE \(pSeries register save area\), 4 thread' "$1: firmware save area used"
	t_like "$T_OUT" "^Crashing CPU: +$4 \\(crash-info header\\)" "$1: crashing CPU named"
	t_like "$T_OUT" '^CPU notes: +4 in the dump, paired by capture-kernel order' "$1: notes in the kernel's order"
	t_like "$T_OUT" "^CPU $4  PIR 0x$4  \\*\\* crashing CPU \\*\\*" "$1: crashing thread marked"
	t_like "$T_OUT" '^  GPR00   [0-9a-f]{16}  GPR01   ' "$1: REGSAVE registers by name"
	t_like "$T_OUT" '^  MSR +[0-9a-f]{16}  SF\|' "$1: MSR bits decoded"
	t_like "$T_OUT" '^          cr0:' "$1: CR fields split"
	t_unlike "$T_OUT" 'differ|warning' "$1: no mismatch"
	width=$(printf '%s\n' "$T_OUT" | awk '{ if (length > m) m = length } END { print m }')
	t_ok "$1: output fits 80 columns ($width)" test "$width" -le 80

	fadump-analyze cpus --json "$root" >"$T_TMP/cpus-$1.json"
	t_is "$?" 0 "$1: cpus --json exits 0"
	t_run /usr/bin/python3 "$O" cpus "$T_TMP/cpus-$1.json" "$T_TMP/m-$1" "$4"
	t_is "$T_RC" 0 "$1: every register equals the saved machine ($T_OUT)"

	t_run fadump-analyze cpus -c 1 "$root"
	t_is "$(printf '%s\n' "$T_OUT" | grep -c '^CPU [0-9]')" 1 "$1: -c 1 shows one CPU"
	t_run fadump-analyze cpus -c 9 "$root"
	t_is "$T_RC" 1 "$1: -c 9: no such CPU"

	out=$T_TMP/rebuilt-$1
	t_run fadump-analyze rebuild-notes "$root" "$out"
	t_is "$T_RC" 0 "$1: rebuild-notes exits 0"
	t_like "$T_OUT" "4 CPU note\\(s\\), CPUs 0..3 in ascending order \\(crashing CPU $4" "$1: rebuild-notes summary"
	t_is "$(stat -c %a "$out")" 600 "$1: output is 0600"
	t_run /usr/bin/python3 "$O" notes "$out" "$T_TMP/m-$1" "$4"
	t_is "$T_RC" 0 "$1: libkdumpfile sees one register set per CPU ($T_OUT)"
	t_run fadump-analyze dmesg "$out"
	t_like "$T_OUT" 'Kernel panic - not syncing' "$1: VMCOREINFO kept (dmesg works on the copy)"
	t_run fadump-analyze rebuild-notes "$root" "$out"
	t_is "$T_RC" 1 "$1: an existing output is not overwritten"
done

# A pre-6.10 kernel's vmcore keeps the firmware metadata too (DESIGN
# content rule): registers from REGSAVE, the crashing CPU and the CPU mask
# from the FADMPINF header, notes in the capture kernel's order.
root=$T_TMP/root-old
t_run fadump-kernel crash "${M[@]}" --endian be --era pre-6.10 --page-size 4K \
	--crashing-cpu 1 --save-machine "$T_TMP/m-old" -o "$root"
t_is "$T_RC" 0 "pre-6.10: fadump-kernel crash"
t_run fadump-analyze cpus "$root"
t_is "$T_RC" 0 "pre-6.10: cpus exits 0"
t_like "$T_OUT" '^Registers from: +REGSAVE \(pSeries register save area\), 4 thread' "pre-6.10: firmware save area used"
t_like "$T_OUT" '^Crashing CPU: +1 \(crash-info header\)' "pre-6.10: crashing CPU named from the FADMPINF header"
t_like "$T_OUT" '^CPU mask: +0-3 \(crash time\)' "pre-6.10: the header's cpu_mask"
t_like "$T_OUT" '^CPU notes: +4 in the dump, paired by capture-kernel order' "pre-6.10: notes in the kernel's order"
t_like "$T_OUT" '^CPU 1  PIR 0x1  \*\* crashing CPU \*\*' "pre-6.10: crashing thread marked"
t_unlike "$T_OUT" 'differ|warning' "pre-6.10: no mismatch"
width=$(printf '%s\n' "$T_OUT" | awk '{ if (length > m) m = length } END { print m }')
t_ok "pre-6.10: output fits 80 columns ($width)" test "$width" -le 80
fadump-analyze cpus --json "$root" >"$T_TMP/cpus-old.json"
t_run /usr/bin/python3 "$O" cpus "$T_TMP/cpus-old.json" "$T_TMP/m-old" 1
t_is "$T_RC" 0 "pre-6.10: registers and notes equal the saved machine ($T_OUT)"
t_run fadump-analyze rebuild-notes "$root" "$T_TMP/old-rebuilt"
t_is "$T_RC" 0 "pre-6.10: rebuild-notes exits 0"
t_like "$T_OUT" "4 CPU note\\(s\\), CPUs 0..3 in ascending order \\(crashing CPU 1" "pre-6.10: rebuild-notes summary"
t_run /usr/bin/python3 "$O" notes "$T_TMP/old-rebuilt" "$T_TMP/m-old" 1
t_is "$T_RC" 0 "pre-6.10: rebuilt notes equal the machine ($T_OUT)"

# --mainline-exact cuts the whole reserved area: notes only, and says so.
# A note carries no CPU number (pr_pid 0): the crashing CPU comes from the
# panic record's caller id ("[C2]"); the notes ascend over the CPUs the
# crashed kernel's log brought up (no hotplug after), and in that order
# they equal the machine's registers.
root=$T_TMP/root-exact
t_run fadump-kernel crash "${M[@]}" --endian be --era pre-6.10 --page-size 4K \
	--crashing-cpu 2 --mainline-exact --save-machine "$T_TMP/m-exact" -o "$root"
t_is "$T_RC" 0 "mainline-exact: fadump-kernel crash"
t_run fadump-analyze cpus "$root"
t_is "$T_RC" 0 "mainline-exact: cpus exits 0"
t_like "$T_OUT" '^Registers from: +ELF notes only, 4 thread' "mainline-exact: notes only, and says so"
t_like "$T_OUT" '^Crashing CPU: +2 \(kernel log: the CPU that logged the panic\)' "mainline-exact: crashing CPU from the panic record"
t_like "$T_OUT" 'paired by ascending over the online CPUs$' "mainline-exact: notes paired over the online CPUs"
t_like "$T_OUT" '^ +\(kernel log: smp: Brought up 1 node, 4 CPUs\)$' "mainline-exact: says from where"
t_is "$(printf '%s\n' "$T_OUT" | grep -c '^CPU [0-3]\( \|$\)')" 4 "mainline-exact: four notes, CPUs 0-3"
t_like "$T_OUT" '^CPU 2  \*\* crashing CPU \*\*' "mainline-exact: the log's crashing CPU marked"
t_like "$T_OUT" '^  GPR00: [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}$' "mainline-exact: GPRs as show_regs prints them"
width=$(printf '%s\n' "$T_OUT" | awk '{ if (length > m) m = length } END { print m }')
t_ok "mainline-exact: output fits 80 columns ($width)" test "$width" -le 80
t_run fadump-analyze "$root"
t_like "$T_OUT" '^Crashing CPU: +2 \(from the kernel log: the CPU that logged the panic\)' "mainline-exact: the summary agrees"
fadump-analyze cpus --json "$root" >"$T_TMP/cpus-exact.json"
t_run /usr/bin/python3 - "$T_TMP/cpus-exact.json" "$T_TMP/m-exact" "$FA_SRC/tests/cli" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
from analyze_oracle import machine_regs, FW_SLOTS
j = json.load(open(sys.argv[1]))
regs = machine_regs(sys.argv[2])
bad = []
if j['crashing_cpu'] != 2 or 'kernel log' not in j['crashing_cpu_source']:
    bad.append('crashing_cpu %s (%s)' % (j['crashing_cpu'], j['crashing_cpu_source']))
for i, t in enumerate(j['threads']):
    if t['cpu'] != i or t['crashing'] != (i == 2) or t['note'] != i:
        bad.append('note %d: cpu %s crashing %s' % (i, t['cpu'], t['crashing']))
    got = [int(v, 16) for v in t['pt_regs'].values()]
    bad += ['note %d slot %d' % (i, s) for s in FW_SLOTS if got[s] != regs[i][s]]
print('; '.join(bad) if bad else '%d notes equal the machine in firmware order' % len(regs))
sys.exit(1 if bad or len(j['threads']) != len(regs) else 0)
PY
t_is "$T_RC" 0 "mainline-exact: notes equal the saved machine, CPUs ascending ($T_OUT)"
t_run fadump-analyze rebuild-notes "$root" "$T_TMP/exact-rebuilt"
t_is "$T_RC" 1 "mainline-exact: rebuild-notes needs the save area"
t_like "$T_ERR" 'no firmware register save area' "mainline-exact: rebuild-notes says why"

# One CPU: the lone note is the crashing CPU's, its registers the note's.
root1=$T_TMP/root-one
t_run fadump-kernel crash --ram 768M --cpus 1 --content zero=90,text=5,struct=5,random=0 \
	--cmdline fadump=on --endian le --era 6.10 --page-size 64K --crashing-cpu 0 \
	--mainline-exact --save-machine "$T_TMP/m-one" -o "$root1"
t_is "$T_RC" 0 "lone note: fadump-kernel crash"
t_run fadump-analyze cpus "$root1"
t_like "$T_OUT" '^CPU 0  \*\* crashing CPU \*\*' "lone note: the crashing CPU's"
t_like "$T_OUT" 'lone note is the crashing' "lone note: says why"
fadump-analyze cpus --json "$root1" >"$T_TMP/cpus-one.json"
t_run /usr/bin/python3 "$O" cpus "$T_TMP/cpus-one.json" "$T_TMP/m-one" 0
t_is "$T_RC" 0 "lone note: its registers equal the machine ($T_OUT)"

# No source names the crashing CPU (the panic record made unrecognisable
# in the dumped log): "unknown", never 0.
cp --sparse=always -r "$root" "$T_TMP/nolog"
/usr/bin/python3 - "$T_TMP/nolog/proc/vmcore" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
n = b.count(b'Kernel panic - not syncing')
b = b.replace(b'Kernel panic - not syncing', b'Kernel pan1c - not syncing')
open(p, 'wb').write(b)
print(n)
PY
t_run fadump-analyze cpus "$T_TMP/nolog"
t_is "$T_RC" 0 "no source: cpus exits 0"
t_like "$T_OUT" '^Crashing CPU: +unknown \(no crash-info header; the kernel log names no CPU' "no source: crashing CPU unknown, and why"
t_unlike "$T_OUT" 'crashing CPU \*\*|^Crash NIP' "no source: no crashing CPU invented"
t_run fadump-analyze cpus --json "$T_TMP/nolog"
t_like "$T_OUT" '"crashing_cpu": null' "no source: JSON crashing_cpu null"
t_like "$T_OUT" '"crash_regs": null' "no source: JSON crash_regs null"
t_run fadump-analyze "$T_TMP/nolog"
t_like "$T_OUT" '^Crashing CPU: +unknown' "no source: the summary agrees"

# PowerNV: the opalcore of the capture root carries the HDAT registers
# (one note per active thread, pid = 100 + PIR); they and the vmcore's
# notes equal the saved machine.
root=$T_TMP/root-pnv
t_run fadump-kernel crash --platform powernv --endian be --era 6.10 --page-size 4K \
	--ram 2G --cpus 4 --content zero=90,text=5,struct=5,random=0 \
	--cmdline fadump=on --crashing-cpu 2 --save-machine "$T_TMP/m-pnv" -o "$root"
t_is "$T_RC" 0 "powernv: fadump-kernel crash"
t_run fadump-analyze cpus "$root"
t_is "$T_RC" 0 "powernv: cpus exits 0"
t_like "$T_OUT" '^Registers from: +opalcore \(HDAT registers as OPAL wrote them\), 4 thread' "powernv: HDAT registers from the opalcore"
t_like "$T_OUT" '^Read from: +.*sys/firmware/opal/mpipl/core$' "powernv: says which file"
t_like "$T_OUT" '^Crashing CPU: +2 \(crash-info header\)' "powernv: crashing CPU from the header's PIR"
t_like "$T_OUT" '^CPU notes: +4 in the dump, paired by capture-kernel order' "powernv: vmcore notes in firmware order"
t_like "$T_OUT" 'ascending PIR order' "powernv: says how CPUs were numbered"
t_like "$T_OUT" '^CPU 2  PIR 0x2  \*\* crashing CPU \*\*' "powernv: crashing thread marked"
t_unlike "$T_OUT" 'differ|warning' "powernv: vmcore notes agree with the opalcore"
fadump-analyze cpus --json "$root" >"$T_TMP/cpus-pnv.json"
t_run /usr/bin/python3 "$O" cpus "$T_TMP/cpus-pnv.json" "$T_TMP/m-pnv" 2
t_is "$T_RC" 0 "powernv: every register equals the saved machine ($T_OUT)"
t_run fadump-analyze rebuild-notes "$root" "$T_TMP/pnv-rebuilt"
t_is "$T_RC" 0 "powernv: rebuild-notes exits 0"
t_run /usr/bin/python3 "$O" notes "$T_TMP/pnv-rebuilt" "$T_TMP/m-pnv" 2
t_is "$T_RC" 0 "powernv: rebuilt notes equal the machine ($T_OUT)"
mv "$root/sys/firmware/opal/mpipl/core" "$T_TMP/pnv-core"
t_run fadump-analyze cpus "$root"
t_like "$T_OUT" '^Registers from: +ELF notes only' "powernv without the opalcore: notes only"
cp "$FA_SRC/tests/cli/lib.sh" "$root/sys/firmware/opal/mpipl/core"
t_run fadump-analyze cpus "$root"
t_is "$T_RC" 1 "powernv, opalcore not an ELF: exit 1"
t_like "$T_ERR" 'mpipl/core' "powernv, opalcore not an ELF: names the file"

root=$T_TMP/root-le
t_run fadump-analyze cpus -c 2 --vmlinux "$VML" "$root"
t_like "$T_OUT" '^  NIP +c[0-9a-f]{15}  crash_fadump\+0x[0-9a-f]+/0x[0-9a-f]+$' "--vmlinux symbolizes NIP"
t_like "$T_OUT" '^  LR +c[0-9a-f]{15}  ppc_panic_event\+0x' "--vmlinux symbolizes LR"
t_run fadump-analyze cpus --vmlinux "$T_TMP/none" "$root"
t_is "$T_RC" 1 "--vmlinux missing file: exit 1"

# Firmware left a CPU out of the save area: the note count disagrees.
t_run fadump-kernel crash "${M[@]}" --crashing-cpu 0 --fault missing-cpu=3 -o "$T_TMP/miss"
if [ "$T_RC" = 0 ]; then
	t_run fadump-analyze cpus "$T_TMP/miss"
	t_is "$T_RC" 0 "missing-cpu: cpus exits 0"
	t_like "$T_OUT" '3 thread\(s\)' "missing-cpu: three threads in the save area"
	t_like "$T_OUT" '^warning: the dump has [0-9]+ CPU notes; the capture kernel would write 3|paired by capture-kernel order' "missing-cpu: notes compared"
else
	t_skip "fadump-kernel --fault missing-cpu refused: $T_ERR"
fi

# Hand-corrupted save areas: one line, exit 1; --notes-only still works.
cp --sparse=always -r "$root" "$T_TMP/bad"
bad=$T_TMP/bad/proc/vmcore
t_run /usr/bin/python3 "$O" patch32 "$bad" CPUSTRT -4 0xffffffff
t_run fadump-analyze cpus "$T_TMP/bad"
t_is "$T_RC" 1 "NumCpus overflowing: exit 1"
t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "NumCpus overflowing: one line"
t_like "$T_ERR" '^fadump-analyze: .*vmcore: .*CPU state data at 0x[0-9a-f]+: .*NumCpus' "NumCpus overflowing: message"
t_run /usr/bin/python3 "$O" patch "$bad" REGSAVE REGSAVX
t_run fadump-analyze cpus "$T_TMP/bad"
t_is "$T_RC" 1 "REGSAVE magic corrupted: exit 1"
t_like "$T_ERR" '^fadump-analyze: .*Unable to read register save area' "REGSAVE magic corrupted: the kernel's message"
t_run fadump-analyze cpus --notes-only "$T_TMP/bad"
t_is "$T_RC" 0 "--notes-only ignores the firmware data"
t_like "$T_OUT" '^Registers from: +ELF notes only' "--notes-only says so"
t_like "$T_OUT" 'ascending|carries no CPU' "--notes-only says how notes map to CPUs"
t_run fadump-analyze rebuild-notes "$T_TMP/bad" "$T_TMP/never"
t_is "$T_RC" 1 "rebuild-notes refuses a corrupted save area"
t_ok "no output left behind" test ! -e "$T_TMP/never"

t_run fadump-analyze cpus
t_is "$T_RC" 2 "no DUMP: usage error"
t_run fadump-analyze rebuild-notes "$root"
t_is "$T_RC" 2 "rebuild-notes without OUT: usage error"

# The legacy phyp sample: REGSAVE without a crash-info header or notes.
P=$FA_BUILD/samples/phyp
if [ -e "$P/proc/vmcore" ]; then
	t_run fadump-analyze cpus "$P"
	t_like "$T_OUT" '^Registers from: +REGSAVE \(pSeries register save area\), 2 thread' "phyp: REGSAVE registers"
	t_like "$T_OUT" '^Crashing CPU: +1 \(kernel log: its "CPU: N PID:" line with the panic\)' \
		"phyp: crashing CPU from the kernel log (a 2.6-era log has no caller ids: its CPU: line)"
	t_like "$T_OUT" 'legacy phyp dump: its capture kernel wrote no CPU notes' "phyp: no notes expected"
	fadump-analyze cpus -c 0 --json "$P" >"$T_TMP/phyp.json"
	t_run /usr/bin/python3 - "$T_TMP/phyp.json" "$P.machine" "$FA_SRC/tests/cli" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
from analyze_oracle import machine_regs, FW_SLOTS
t = json.load(open(sys.argv[1]))['threads'][0]
got = [int(v, 16) for v in t['pt_regs'].values()]
want = machine_regs(sys.argv[2])[0]
bad = [s for s in FW_SLOTS if got[s] != want[s]]
print('CPU 0 slots differ: %s' % bad if bad else 'CPU 0 equals the machine')
sys.exit(1 if bad else 0)
PY
	t_is "$T_RC" 0 "phyp: CPU 0's REGSAVE registers equal the machine ($T_OUT)"
	t_run fadump-analyze rebuild-notes "$P" "$T_TMP/phyp-rebuilt"
	t_like "$T_OUT" '2 CPU note\(s\), CPUs 0..1' "phyp: rebuild-notes writes a note per CPU"
fi

# Every sample of `make samples`, when there are any.
for s in "$FA_BUILD"/samples/*/proc/vmcore; do
	[ -e "$s" ] || continue
	r=${s%/proc/vmcore}
	t_run fadump-analyze cpus "$r"
	t_is "$T_RC" 0 "sample $(basename "$r"): cpus exits 0"
	t_unlike "$T_OUT" 'differ' "sample $(basename "$r"): notes agree with firmware"
done

# PowerNV --mainline-exact: no firmware section is left in the vmcore, but
# the root's opalcore has the HDAT registers; the log names the crashing
# CPU and its note holds the registers the kernel saved.
root=$T_TMP/nv-exact
t_run fadump-kernel crash --platform powernv --ram 2G --cpus 4 --crashing-cpu 2 \
	--cmdline fadump=on --mainline-exact -o "$root"
t_is "$T_RC" 0 "PowerNV mainline-exact: fadump-kernel crash"
t_run fadump-analyze cpus "$root"
t_like "$T_OUT" '^Registers from: opalcore' "PowerNV mainline-exact: registers from the root's opalcore"
t_like "$T_OUT" '^Crashing CPU: +2 \(kernel log' "PowerNV mainline-exact: crashing CPU from the log"
t_like "$T_OUT" '^CPU 2 +PIR 0x2 +\*\* crashing CPU \*\*' "PowerNV mainline-exact: its thread marked"
t_unlike "$T_OUT" 'differ|CPU \?' "PowerNV mainline-exact: every note paired, none differs"
t_run fadump-analyze cpus --json "$root"
t_like "$T_OUT" '"crashing_cpu_source": "kernel log' "PowerNV mainline-exact: JSON names the log as the source"
t_done
