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

# A pre-6.10 kernel's vmcore leaves the reserved area out: notes only,
# and the output says so; the notes still equal the machine's registers.
root=$T_TMP/root-old
t_run fadump-kernel crash "${M[@]}" --endian be --era pre-6.10 --page-size 4K \
	--crashing-cpu 1 --save-machine "$T_TMP/m-old" -o "$root"
t_is "$T_RC" 0 "pre-6.10: fadump-kernel crash"
t_run fadump-analyze cpus "$root"
t_is "$T_RC" 0 "pre-6.10: cpus exits 0"
t_like "$T_OUT" '^Registers from: +ELF notes only, 4 thread' "pre-6.10: notes only, and says so"
t_like "$T_OUT" 'note i assumed to be CPU i|ascending' "pre-6.10: says how notes map to CPUs"
t_like "$T_OUT" '^  GPR00: [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}$' "pre-6.10: GPRs as show_regs prints them"
width=$(printf '%s\n' "$T_OUT" | awk '{ if (length > m) m = length } END { print m }')
t_ok "pre-6.10: output fits 80 columns ($width)" test "$width" -le 80
fadump-analyze cpus --json "$root" >"$T_TMP/cpus-old.json"
t_run /usr/bin/python3 "$O" cpus "$T_TMP/cpus-old.json" "$T_TMP/m-old" -1
t_is "$T_RC" 0 "pre-6.10: notes equal the saved machine ($T_OUT)"
t_run fadump-analyze rebuild-notes "$root" "$T_TMP/old-rebuilt"
t_is "$T_RC" 1 "pre-6.10: rebuild-notes needs the save area"
t_like "$T_ERR" 'no firmware register save area' "pre-6.10: rebuild-notes says why"

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
t_like "$T_OUT" 'ascending|note i assumed' "--notes-only says how notes map to CPUs"
t_run fadump-analyze rebuild-notes "$T_TMP/bad" "$T_TMP/never"
t_is "$T_RC" 1 "rebuild-notes refuses a corrupted save area"
t_ok "no output left behind" test ! -e "$T_TMP/never"

t_run fadump-analyze cpus
t_is "$T_RC" 2 "no DUMP: usage error"
t_run fadump-analyze rebuild-notes "$root"
t_is "$T_RC" 2 "rebuild-notes without OUT: usage error"

# Every sample of `make samples`, when there are any.
for s in "$FA_BUILD"/samples/*/proc/vmcore; do
	[ -e "$s" ] || continue
	r=${s%/proc/vmcore}
	t_run fadump-analyze cpus "$r"
	t_is "$T_RC" 0 "sample $(basename "$r"): cpus exits 0"
	t_unlike "$T_OUT" 'differ' "sample $(basename "$r"): notes agree with firmware"
done
t_done
