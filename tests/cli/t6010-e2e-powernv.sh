#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t6010-e2e-powernv.sh - the PowerNV side of the real-kernel end-to-end
# checks (issue 6, check 6): Debian's ppc64le kernel on a QEMU powernv9
# guest running real skiboot (OPAL v7.0, QEMU's skiboot.lid), panicked and
# dumped, then `fadump-kernel crash --platform powernv --from-qemu`.
#   - the opalcore's notes fill its PT_NOTE exactly, and it opens in
#     gdb-multiarch: thread count and registers (GPRs, pc, msr, cr, lr,
#     ctr, xer) equal the HDAT register data (fadump-analyze opalcore)
#   - the HDAT register data equal QEMU's registers, PIR by PIR
#   - the opalcore's PT_LOADs hold skiboot's memory (the guest's RAM)
#   - fadump-analyze dmesg holds the console messages; cpus names the
#     crashing CPU
#   - the summary's crash time (CRASHTIME, the guest's own wall clock) is
#     within 5 minutes of guest.elf's mtime (QEMU's RTC follows the host)
# Runs in make check and make e2e; FA_E2E=0 turns it off (reported as a
# skip).  A fixture that cannot be built is a failure.
. "$(dirname "$0")/lib.sh"
t_native_only "real-kernel e2e fixtures: the same code as the normal build, which runs them; an hour under qemu-user"

E2E=$FA_SRC/tests/e2e
TXT=$E2E/e2e_text.py
name=powernv-2cpu

if [ "${FA_E2E:-1}" = 0 ]; then
	t_skip "real-kernel end-to-end checks turned off by FA_E2E=0"
	t_done
	exit
fi

r=$T_TMP/roots	# this build's capture roots of the cached guest
fx=$("$E2E/fixture.sh" "$FA_BUILD" "$name" "$r" 2>"$T_TMP/fixture.err") || {
	_t_report 1 "$name: fixture builds"
	tail -5 "$T_TMP/fixture.err" | sed 's/^/#   /'
	t_done
	exit
}
core=$r/root/sys/firmware/opal/mpipl/core
t_ok "$name: the capture root has an opalcore" test -s "$core"

t_run fadump-analyze opalcore --json "$core"
t_is "$T_RC" 0 "$name: fadump-analyze opalcore exits 0 ($T_ERR)"
printf '%s\n' "$T_OUT" >"$T_TMP/opal.json"
nthreads=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["threads"]))' "$T_TMP/opal.json")

t_run /usr/bin/python3 "$E2E/opal_cmp.py" regs "$fx/qemu-regs.txt" "$T_TMP/opal.json"
t_is "$T_RC" 0 "$name: opalcore HDAT registers == QEMU's, PIR by PIR (${T_OUT##*$'\n'})"
[ "$T_RC" = 0 ] || printf '%s\n' "$T_OUT" | head -10 | sed 's/^/#   /'

t_run /usr/bin/python3 "$E2E/opal_cmp.py" mem "$fx/guest.elf" "$core"
t_is "$T_RC" 0 "$name: the opalcore's PT_LOADs hold skiboot's memory (the guest's RAM) (${T_OUT##*$'\n'})"
[ "$T_RC" = 0 ] || printf '%s\n' "$T_OUT" | head -10 | sed 's/^/#   /'

# the notes fill PT_NOTE exactly: "CORE" NT_PRSTATUS and NT_AUXV notes
# only, no unfilled slot (a partial note header at the end makes BFD refuse)
t_run /usr/bin/python3 "$E2E/opal_cmp.py" notes "$core"
t_is "$T_RC" 0 "$name: the opalcore's notes fill PT_NOTE exactly (${T_OUT##*$'\n'})"
[ "$T_RC" = 0 ] || printf '%s\n' "$T_OUT" | head -5 | sed 's/^/#   /'

# gdb-multiarch: threads and registers
t_run timeout 300 gdb-multiarch -nx -batch \
	-ex 'set architecture powerpc:common64' -ex "core-file $core" \
	-ex "info threads" -ex "thread apply all info registers"
printf '%s\n' "$T_OUT$T_ERR" >"$T_TMP/gdb.txt"
t_unlike "$T_OUT$T_ERR" 'not a core dump|file format not recognized' \
	"$name: gdb-multiarch opens the opalcore"
gthreads=$(grep -cE '^[* ] +[0-9]+ +(process|Thread|LWP)' "$T_TMP/gdb.txt")
t_is "$gthreads" "$nthreads" "$name: gdb-multiarch's thread count == the HDAT thread count"
t_run /usr/bin/python3 "$E2E/opal_cmp.py" gdb "$T_TMP/gdb.txt" "$T_TMP/opal.json"
t_is "$T_RC" 0 "$name: gdb-multiarch's registers of every thread (LWP 100 + PIR) == the HDAT data (${T_OUT##*$'\n'})"
[ "$T_RC" = 0 ] || printf '%s\n' "$T_OUT" | head -10 | sed 's/^/#   /'

# the vmcore side
"$TXT" console-log "$fx/console.log" >"$T_TMP/console.txt"
t_run fadump-analyze dmesg "$r/root"
printf '%s\n' "$T_OUT" >"$T_TMP/dmesg.txt"
t_ok "$name: fadump-analyze dmesg holds every console message, in order" \
	"$TXT" subseq "$T_TMP/console.txt" "$T_TMP/dmesg.txt"
ccpu=$(grep -A3 'Kernel panic - not syncing' "$T_TMP/console.txt" |
	sed -n 's/.*CPU: \([0-9]*\) PID.*/\1/p' | head -1)
t_run fadump-analyze cpus --json "$r/root"
got=$(printf '%s\n' "$T_OUT" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["crashing_cpu"])' 2>/dev/null)
t_is "$got" "$ccpu" "$name: cpus names the crashing CPU the console printed"
t_run fadump-analyze "$r/root"
ct=$(printf '%s\n' "$T_OUT" | sed -n 's/^Crash time: *\(.*UTC\)$/\1/p' | head -1)
d=$(( $(stat -c %Y "$fx/guest.elf") - $(date -u -d "${ct:-1970-01-01}" +%s) ))
t_ok "$name: crash time ${ct:-unknown} is the guest's clock, within 5 min of guest.elf's mtime" \
	test "${d#-}" -le 300
t_done
