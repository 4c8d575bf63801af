#!/usr/bin/env bash
# t1100-kernel-phyp.sh - the legacy phyp dump (v2.6.26..v2.6.36):
# registration, the low 256 MiB preserved, /sys/kernel/release_region
# listing, partial and full releases, bad writes, re-registration.
. "$(dirname "$0")/lib.sh"

M=(--platform phyp --endian be --ram 1G --cpus 2 --content zero=95,text=5)
PC="$FA_SRC/tests/cli/kernel_pagecheck.py"

# First kernel: nothing without phyp_dump=, refusal by firmware when the
# scratch area would overlap the 256 MiB it must receive.
t_run fadump-kernel register "${M[@]}"
t_is "$T_RC" 1 "no phyp_dump=: not registered"
t_like "$T_OUT" 'Phyp-dump disabled at boot time' "the kernel's message"
t_run fadump-kernel register "${M[@]}" --cmdline "phyp_dump=1"
t_is "$T_RC" 0 "phyp_dump=1 registers"
t_like "$T_OUT" '^scratch area: 0x2ffbefe0-0x40000000 \(268701728 bytes\)$' "cpu+hpte+256 MiB at the top of RAM"
t_run fadump-kernel register "${M[@]}" --ram 512M --cmdline "phyp_dump"
t_is "$T_RC" 1 "512M: the copy would overlap the RMO"
t_like "$T_OUT" 'phyp-dump: unexpected error \(-3\) on register' "register error as printed"

# Crash: release_region text, vmcore pages equal the machine.
root=$T_TMP/phyp
t_run fadump-kernel crash "${M[@]}" --cmdline "phyp_dump=1" --save-machine "$T_TMP/m" -o "$root"
t_is "$T_RC" 0 "crash exits 0"
t_is "$(cat "$root/sys/kernel/release_region")" \
	"CPU:0x2ffb0000-0x40020: HPTE:0x2fff0020-0x1000: DUMP:0x2fff1020-0x10000000, 0x10000000-0x1ffbefe0:" \
	"release_region lists the sections and the rest"
t_ok "release_region is 0600" test "$(stat -c %a "$root/sys/kernel/release_region")" = 600
t_ok "no phyp_dump_active before re-registration" test ! -e "$root/sys/kernel/phyp_dump_active"
t_run /usr/bin/python3 "$PC" "$root/proc/vmcore" "$T_TMP/m" 0x2fff1020 0x3fff1020
t_is "$T_RC" 0 "vmcore pages equal the saved machine ($T_OUT)"

# Bad writes: sscanf("%lx %lx") != 2.
t_run fadump-kernel sysfs "$root" release_region "0x10000000"
t_is "$T_RC" 1 "one number: refused"
t_like "$T_ERR" 'write error: Invalid argument' "EINVAL like a shell write"
t_run fadump-kernel sysfs "$root" release_region "zz 0x1000"
t_like "$T_ERR" 'write error: Invalid argument' "not hex: EINVAL"

# Partial release: the pages (and one more: the kernel's <= loop) leave the vmcore.
t_run fadump-kernel sysfs "$root" sys/kernel/release_region "0x10000000 0x10000000"
t_is "$T_RC" 0 "partial release accepted"
t_like "$(eu-readelf -l "$root/proc/vmcore")" 'LOAD .* 0x0000000020010000 0x0*ffa0000 ' "vmcore resumes one page after the range"
t_is "$(fadump-kernel sysfs "$root" release_region)" \
	"CPU:0x2ffb0000-0x40020: HPTE:0x2fff0020-0x1000: DUMP:0x2fff1020-0x10000000, 0x10000000-0x1ffbefe0:" \
	"listing unchanged by releases"

# Everything back, counted as the kernel counts: invalidate and register again.
t_run fadump-kernel sysfs "$root" release_region "0x20000000 0xffbefe0"
t_ok "not yet re-registered" test ! -e "$root/sys/kernel/phyp_dump_active"
t_run fadump-kernel sysfs "$root" release_region "0x2ffb0000 0x10041020"
t_is "$T_RC" 0 "scratch area released"
t_is "$(cat "$root/sys/kernel/phyp_dump_active")" 1 "registered again: phyp_dump_active"
t_ok "the invalidated dump has no vmcore" test ! -e "$root/proc/vmcore"
t_ok "ibm,kernel-dump gone" test ! -e "$root/proc/device-tree/rtas/ibm,kernel-dump"

# --mainline-exact: the text that kernel really printed (its own header).
root=$T_TMP/phyp-exact
t_run fadump-kernel crash "${M[@]}" --cmdline "phyp_dump=1" --mainline-exact -o "$root"
t_is "$(cat "$root/sys/kernel/release_region")" \
	"CPU:0x0-0x0: HPTE:0x40020-0x0: DUMP:0x41020-0x0, 0x10000000-0x1ffbefe0:" \
	"mainline-exact: unrelocated offsets, zero lengths"
t_done
