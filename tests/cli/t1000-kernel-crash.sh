#!/usr/bin/env bash
# t1000-kernel-crash.sh - fadump-kernel crash/register/sysfs on pSeries:
# fadump_region text, vmcore page equality with the saved machine (and
# libkdumpfile), both eras and byte orders, fault injection, release_mem.
. "$(dirname "$0")/lib.sh"

M=(--ram 1G --cpus 4 --content zero=90,text=5,struct=5,random=0)
PC="$FA_SRC/tests/cli/kernel_pagecheck.py"

# The doc's example layout (§2.9): CPU area 0x40020, HPTE 0x1000, 64K
# pages, the area pushed to 0x6ffb0000 by a firmware reserved range.
t_run fadump-kernel register --ram 4G --cpus 4 --page-size 64K \
	--reserved-ranges 0x14000000:0x5bfb0000 --cmdline "fadump=on"
t_is "$T_RC" 0 "register exits 0"
t_like "$T_OUT" '^CPU :\[0x0000006ffb0000-0x0000006fff001f\] 0x40020 bytes, Dumped: 0x0$' "CPU line as in the docs"
t_like "$T_OUT" '^HPTE:\[0x0000006fff0020-0x0000006fff101f\] 0x1000 bytes, Dumped: 0x0$' "HPTE line as in the docs"
t_like "$T_OUT" '^DUMP: Src: 0x00000000000000, Dest: 0x00000070000000, Size: 0x14000000, Dumped: 0x0 bytes$' "DUMP line, page-aligned destination"
t_like "$T_OUT" 'fadump: Reserved 320MB of memory at 0x0000006ffb0000 \(System RAM: 4096MB\)' "reservation log line"
t_like "$T_OUT" 'rtas fadump: Registration is successful!' "registration log line"

# Boot memory size rules and refusals.
t_run fadump-kernel register "${M[@]}" --cmdline "fadump=on crashkernel=256M"
t_is "$T_RC" 1 "crashkernel below the pSeries minimum refuses"
t_like "$T_OUT" "fadump: Can't enable fadump with boot memory size \(0x10000000\) less than 0x14000000" "refusal message"
t_run fadump-kernel register --ram 4G --cpus 2 --cmdline "fadump=on crashkernel=512M-2G:256M,2G-:2G"
t_like "$T_OUT" "fadump: Adjusted boot memory size to 1024MB" "crashkernel range capped at 25 %"
t_run fadump-kernel register "${M[@]}"
t_is "$T_RC" 1 "without fadump=on nothing registers"

# Whole cycle, both eras and byte orders: every vmcore page equals the
# machine as firmware left it, nothing outside the area is missing.
for cfg in "le 6.10 64K" "be pre-6.10 4K"; do
	set -- $cfg
	root=$T_TMP/root-$1-$2
	t_run fadump-kernel crash "${M[@]}" --endian $1 --era $2 --page-size $3 \
		--cmdline "fadump=on" --save-machine "$T_TMP/m-$1" --mainline-exact -o "$root"
	t_is "$T_RC" 0 "crash $cfg exits 0"
	t_ok "crash $cfg: vmcore is 0600" test "$(stat -c %a "$root/proc/vmcore")" = 600
	ra=$(sed -n 's/^CPU :\[\(0x[0-9a-f]*\)-.*/\1/p' "$root/sys/kernel/debug/powerpc/fadump_region")
	size=$(cat "$root/sys/kernel/fadump/mem_reserved")
	t_run /usr/bin/python3 "$PC" "$root/proc/vmcore" "$T_TMP/m-$1" "$ra" $((ra + size))
	t_is "$T_RC" 0 "crash $cfg: pages equal the saved machine ($T_OUT)"
done

# DESIGN content rule (default): metadata kept, only the copy cut.
root=$T_TMP/root-design
t_run fadump-kernel crash "${M[@]}" --cmdline "fadump=on" --save-machine "$T_TMP/m-d" -o "$root"
dest=$(sed -n 's/^DUMP: .*Dest: \(0x[0-9a-f]*\), Size: \(0x[0-9a-f]*\),.*/\1 \2/p' "$root/sys/kernel/debug/powerpc/fadump_region")
set -- $dest
t_run /usr/bin/python3 "$PC" "$root/proc/vmcore" "$T_TMP/m-d" "$1" $(($1 + $2))
t_is "$T_RC" 0 "design rule: metadata exported, pages equal ($T_OUT)"
t_like "$(cat "$root/sys/kernel/debug/powerpc/fadump_region")" 'Memory above 0x00000014000000 is reserved for saving crash dump' "active dump shows boot_mem_top"

# Fault injection: the kernel's message and no vmcore.
fault() {	# name fault expected-message
	local r=$T_TMP/f-$1
	t_run fadump-kernel crash "${M[@]}" --cmdline "fadump=on" --fault "$2" -o "$r"
	t_is "$T_RC" 1 "fault $1: exit 1"
	t_like "$T_OUT$T_ERR" "$3" "fault $1: kernel message"
	t_ok "fault $1: no vmcore" test ! -e "$r/proc/vmcore"
}
fault section-error section-error=3 'rtas fadump: Dump taken by platform is not valid \(2\)'
fault short-copy short-copy=3 'rtas fadump: Dump taken by platform is incomplete \(2\)'
fault bad-magic bad-magic 'rtas fadump: Unable to read register save area\.'
fault bad-cpustrt bad-cpustrt 'rtas fadump: Unable to read CPU state data'
fault reg-param register-rc=-3 'rtas fadump: Failed to register\. Parameter Error\(-3\)\.'
fault reg-hw register-rc=-1 'rtas fadump: Failed to register\. Hardware Error\(-1\)\.'
fault reg-exists register-rc=-9 'rtas fadump: Already registered!'

# sysfs semantics, persisted in the root.
root=$T_TMP/root-design
t_run fadump-kernel sysfs "$root" registered 1
t_is "$T_RC" 1 "registered while a dump is active: refused"
t_like "$T_ERR" 'write error: Operation not permitted' "EPERM like a shell write"
t_run fadump-kernel sysfs "$root" release_mem 2
t_like "$T_ERR" 'write error: Invalid argument' "release_mem 2 is EINVAL"
t_run fadump-kernel sysfs "$root" release_mem 1
t_is "$T_RC" 0 "release_mem 1"
t_ok "vmcore gone after release" test ! -e "$root/proc/vmcore"
t_is "$(cat "$root/sys/kernel/fadump/registered")" 0 "not registered after release"
t_run fadump-kernel sysfs "$root" registered 1
t_is "$T_RC" 0 "re-register after release"
t_is "$(cat "$root/sys/kernel/fadump/registered")" 1 "registered now"
t_like "$(cat "$root/sys/kernel/debug/powerpc/fadump_region")" 'Dumped: 0x0$' "fadump_region shows the new registration"
t_run fadump-kernel sysfs "$root" fadump_enabled
t_is "$T_OUT" 1 "compat name reads enabled"
# mem=: sizing sees all RAM; before v6.10 the limit is raised past the
# FADump area (size 0x14060000 here), so the reservation fits and memory
# ends at 512M + that; v6.10+ keeps the user's limit and cannot fit it.
r=$T_TMP/mem-pre
t_run fadump-kernel crash --platform pseries --era pre-6.10 --ram 1G --cpus 2 \
	--cmdline "fadump=on mem=512M" -o "$r"
t_is "$T_RC" 0 "pre-6.10 mem=512M: the dump is taken ($T_ERR)"
t_like "$T_OUT$T_ERR" 'fadump: Adjusted memory_limit for firmware-assisted dump, now 0x00000034060000$' \
	"pre-6.10 mem=512M: memory_limit raised by the area size"
t_like "$T_OUT$T_ERR" 'Reserved 320MB of memory at 0x00000014000000 \(System RAM: 1024MB\)' \
	"pre-6.10 mem=512M: sizing and the log see all of RAM"
t_is "$(fadump-analyze regions "$r" | awk '$1 == "memory" { e = $3 } END { print e }')" \
	0x3405ffff "pre-6.10 mem=512M: the vmcore's memory ends at the raised limit"
t_run fadump-kernel crash --platform pseries --era 6.10 --ram 1G --cpus 2 \
	--cmdline "fadump=on mem=512M" -o "$T_TMP/mem-new"
t_like "$T_OUT$T_ERR" 'fadump: Failed to find memory chunk for reservation!' \
	"6.10 mem=512M: the reservation must fit below the user's limit"
t_ok "6.10 mem=512M: no vmcore" test ! -e "$T_TMP/mem-new/proc/vmcore"

t_run fadump-kernel --bogus
t_is "$T_RC" 2 "usage error exits 2"
t_done
