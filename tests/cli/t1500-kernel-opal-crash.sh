#!/usr/bin/env bash
# t1500-kernel-opal-crash.sh - fadump-kernel on PowerNV (OPAL/MPIPL):
# fadump_region text, vmcore pages equal to the saved machine (libkdumpfile
# reads them), the opalcore accepted by eu-readelf, readelf and gdb-multiarch
# (notes filling PT_NOTE exactly, registers as the HDAT data), release_core
# through sysfs, and firmware fault injection (the kernel's message, and no
# vmcore where the kernel would have none).
. "$(dirname "$0")/lib.sh"

M=(--platform powernv --ram 2G --cpus 8 --content zero=96,text=2,struct=2,random=0)
PC="$FA_SRC/tests/cli/kernel_pagecheck.py"
OC="$FA_SRC/tests/e2e/opal_cmp.py"

# Boot memory is the 768 MiB minimum; the area goes above skiboot's
# reserved ranges (0x30000000 + 2 * 0x1c30000 + 0x80000).
t_run fadump-kernel register "${M[@]}" --cmdline "fadump=on"
t_is "$T_RC" 0 "register exits 0"
t_like "$T_OUT" '^DUMP: Src: 0x00000000000000, Dest: 0x000000338e0000, Size: 0x30000000, Dumped: 0x0 bytes$' "DUMP line"
t_like "$T_OUT" 'opal fadump: Kernel metadata addr: 638e02a8' "metadata at the end of the area"
t_like "$T_OUT" 'opal fadump: Registration is successful!' "registration log line"
t_run fadump-kernel register "${M[@]}" --cmdline "fadump=on crashkernel=512M"
t_like "$T_OUT" "fadump: Can't enable fadump with boot memory size \(0x20000000\) less than 0x30000000" "OPAL minimum is 768 MiB"

# Whole cycle in both eras and byte orders, mainline cut and DESIGN rule.
# (pre-6.10: the capture kernel patches the first kernel's elfcorehdr next
# to the header, so only the mainline cut compares equal page for page.)
for cfg in "le 6.10 64K" "be pre-6.10 4K --mainline-exact"; do
	set -- $cfg
	root=$T_TMP/root-$1-$2-$#
	t_run fadump-kernel crash "${M[@]}" --endian $1 --era $2 --page-size $3 \
		--cmdline "fadump=on" --save-machine "$T_TMP/m" ${4:-} -o "$root"
	t_is "$T_RC" 0 "crash $cfg exits 0"
	region=$(cat "$root/sys/kernel/debug/powerpc/fadump_region")
	t_like "$region" '^DUMP: Src: 0x00000000000000, Dest: 0x000000338e0000, Size: 0x30000000, Dumped: 0x30000000 bytes$' "crash $cfg: region dumped"
	t_like "$region" '^Memory above 0x00000030000000 is reserved for saving crash dump$' "crash $cfg: boot_mem_top line"
	if [ $# = 4 ]; then
		lo=0x338e0000 hi=$((0x338e0000 + $(cat "$root/sys/kernel/fadump/mem_reserved")))
	else
		lo=0x338e0000 hi=$((0x338e0000 + 0x30000000))
	fi
	t_run /usr/bin/python3 "$PC" "$root/proc/vmcore" "$T_TMP/m" "$lo" "$hi"
	t_is "$T_RC" 0 "crash $cfg: vmcore pages equal the machine ($T_OUT)"
	core=$root/sys/firmware/opal/mpipl/core
	t_ok "crash $cfg: opalcore is 0600" test "$(stat -c %a "$core")" = 600
	t_ok "crash $cfg: compat link" test "$(readlink "$root/sys/firmware/opal/core")" = mpipl/core
	t_run eu-readelf -a "$core"
	t_is "$T_RC" 0 "crash $cfg: eu-readelf -a accepts the opalcore"
	t_unlike "$T_ERR" '.' "crash $cfg: eu-readelf says nothing on stderr"
	t_is "$(printf '%s\n' "$T_OUT" | grep -c 'PRSTATUS')" 8 "crash $cfg: one NT_PRSTATUS per thread"
	t_like "$T_OUT" 'AUXV' "crash $cfg: NT_AUXV present"
	t_like "$T_OUT" 'LOAD +0x0[0-9a-f]+ 0x0000000030000000 0x0000000000000000 0x1c30000 0x1c30000 RWE 0x0' "crash $cfg: PT_LOAD of OPAL memory, relative paddr"
	t_run readelf -a "$core"
	t_is "$T_RC" 0 "crash $cfg: readelf -a accepts the opalcore"
	t_unlike "$T_ERR" '.' "crash $cfg: readelf says nothing on stderr"
	t_run /usr/bin/python3 "$OC" notes "$core"
	t_is "$T_RC" 0 "crash $cfg: the notes fill PT_NOTE exactly ($T_OUT)"
	fadump-analyze opalcore --json "$core" >"$T_TMP/opal.json"
	t_run gdb-multiarch -nx -batch -ex 'set architecture powerpc:common64' \
		-ex "core-file $core" -ex "thread apply all info registers"
	printf '%s\n' "$T_OUT$T_ERR" >"$T_TMP/gdb.txt"
	t_run /usr/bin/python3 "$OC" gdb "$T_TMP/gdb.txt" "$T_TMP/opal.json"
	t_is "$T_RC" 0 "crash $cfg: gdb-multiarch opens the opalcore, its threads' registers are the HDAT data ($T_OUT)"
done

# release_core: 1 removes the core, then EPERM; other values EINVAL.
root=$T_TMP/root-le-6.10-3
# (the short name the usage lists is the same file)
t_run fadump-kernel sysfs "$root" release_core 2
t_like "$T_ERR" 'write error: Invalid argument' "release_core 2 is EINVAL (short name)"
t_run fadump-kernel sysfs "$root" sys/firmware/opal/mpipl/release_core 2
t_like "$T_ERR" 'write error: Invalid argument' "release_core 2 is EINVAL"
t_run fadump-kernel sysfs "$root" sys/firmware/opal/mpipl/release_core 1
t_is "$T_RC" 0 "release_core 1"
t_ok "opalcore gone" test ! -e "$root/sys/firmware/opal/mpipl/core"
t_ok "vmcore still there" test -e "$root/proc/vmcore"
t_run fadump-kernel sysfs "$root" release_core 1
t_like "$T_ERR" 'write error: Operation not permitted' "a second release is EPERM (short name)"
t_like "$(cat "$root/.fadump-kernel/capture-kernel.log")" "opal core: '/sys/firmware/opal/core' file not accessible!" "and the kernel says why"
t_run fadump-kernel sysfs "$root" release_mem 1
t_is "$T_RC" 0 "release_mem after release_core"
t_ok "vmcore gone after release_mem" test ! -e "$root/proc/vmcore"
t_is "$(cat "$root/sys/kernel/debug/powerpc/fadump_region")" \
	"DUMP: Src: 0x00000000000000, Dest: 0x000000338e0000, Size: 0x30000000, Dumped: 0x0 bytes" \
	"fadump_region shows the new registration's metadata"

# Faults after which the kernel exports no vmcore.
nodump() {	# name fault expected-message
	local r=$T_TMP/f-$1
	t_run fadump-kernel crash "${M[@]}" --cmdline "fadump=on" --fault "$2" ${4:+--fault "$4"} -o "$r"
	t_is "$T_RC" 1 "fault $1: exit 1"
	t_like "$T_OUT$T_ERR" "$3" "fault $1: kernel message"
	t_ok "fault $1: no vmcore" test ! -e "$r/proc/vmcore"
}
nodump add-param add-range-rc=parameter 'opal fadump: Failed to register\. Parameter Error\(-1\)\.'
nodump add-hw add-range-rc=hardware 'opal fadump: Support not available\.'
nodump mpipl-unsup mpipl-rc=unsupported 'opal fadump: Reboot type 3 not supported\.'
nodump table-full table-full=0 'opal fadump: 1 regions could not be registered for MPIPL as MAX limit is reached!'
nodump opal-crash-nocpu opal-crash 'opal fadump: CPU state data is invalid\. Ignoring!' cpu-data=invalid

# Faults the kernel survives: a vmcore with what it could get.
r=$T_TMP/f-cpu-invalid
t_run fadump-kernel crash "${M[@]}" --cmdline "fadump=on" --fault cpu-data=invalid -o "$r"
t_is "$T_RC" 0 "cpu-data=invalid: vmcore still exported"
t_like "$T_OUT" "opal fadump: WARNING: appending only crashing CPU's register data" "only the crashing CPU's note"
t_like "$(cat "$r/.fadump-kernel/capture-kernel.log")" 'opal core: Could not export /sys/firmware/opal/core' "no opalcore without CPU data"
t_ok "cpu-data=invalid: no opalcore" test ! -e "$r/sys/firmware/opal/mpipl/core"
r=$T_TMP/f-inactive
t_run fadump-kernel crash "${M[@]}" --cmdline "fadump=on" --fault inactive-cores=2 -o "$r"
t_is "$T_RC" 0 "inactive-cores: exit 0"
t_run eu-readelf -n "$r/sys/firmware/opal/mpipl/core"
t_is "$(printf '%s\n' "$T_OUT" | grep -c 'PRSTATUS')" 8 "inactive cores' threads are skipped"
r=$T_TMP/f-opal-crash
t_run fadump-kernel crash "${M[@]}" --cmdline "fadump=on" --fault opal-crash -o "$r"
t_is "$T_RC" 0 "opal-crash: exit 0"
t_run eu-readelf -n "$r/sys/firmware/opal/mpipl/core"
t_like "$T_OUT" 'cursig: 15' "firmware-initiated: SIGTERM on the crashing thread"
t_run fadump-kernel crash "${M[@]}" --cmdline "fadump=on" --fault no-such-fault -o "$T_TMP/x"
t_is "$T_RC" 2 "an unknown fault is a usage error"

t_done
