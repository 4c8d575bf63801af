#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t1045-kernel-firmware-qemu: `--firmware qemu` against a genuine cycle of
# the 6.12 kernel's FADump under QEMU 11.1's pSeries firmware (2 GiB,
# 4 CPUs, 64K pages, "console=hvc0 fadump=on").  The expected texts are
# what that kernel printed and exported (issue 15); that kernel was built
# with CONFIG_NR_CPUS <= 64 (its crash-info header was 432 bytes), hence
# --nr-cpus 32.  The default --nr-cpus 2048 (Debian's value) is checked
# against the kernel's arithmetic: a 680-byte header.
. "$FA_SRC/tests/cli/lib.sh"

M=(--platform pseries --firmware qemu --era 6.10 --page-size 64K --ram 2G
   --cpus 4 --cmdline "console=hvc0 fadump=on" --mainline-exact)
R=$T_TMP/root

t_run fadump-kernel crash "${M[@]}" --nr-cpus 32 --save-machine "$T_TMP/m" \
	-o "$R"
t_is "$T_RC" 0 "crash cycle exits 0"
log=$T_OUT

# first kernel
first=$(cat "$R/.fadump-kernel/first-kernel.log")
t_like "$first" '^fadump: Reserved 320MB of memory at 0x00000014000000 \(System RAM: 2048MB\)$' \
	"first kernel: the reservation line"
t_like "$first" '^fadump: Initialized 0x14000000 bytes cma area at 320MB from 0x140101b0 bytes of memory reserved for firmware-assisted dump$' \
	"first kernel: the 6.12 CMA line"
t_like "$first" '^rtas fadump: Registration is successful!$' \
	"first kernel: registration"

# capture kernel
t_like "$log" '^\[capture kernel\] rtas fadump: Firmware-assisted dump is active\.$' \
	"capture kernel: rtas fadump says the dump is active"
t_like "$log" '^\[capture kernel\] fadump: Reserving 1728MB of memory at 0x00000014000000 for preserving crash data$' \
	"capture kernel: reserves everything above boot memory"

want="CPU :[0x00000014000000-0x000000140013df] 0x13e0 bytes, Dumped: 0x13e0
HPTE:[0x000000140013e0-0x000000140013df] 0x0 bytes, Dumped: 0x0
DUMP: Src: 0x00000000000000, Dest: 0x00000014010000, Size: 0x14000000, Dumped: 0x14000000 bytes

[0x0000007ffff800-0x0000007fffffff]: cmdline append: ''

Memory above 0x00000014000000 is reserved for saving crash dump"
t_is "$(cat "$R/sys/kernel/debug/powerpc/fadump_region")" "$want" \
	"capture kernel: fadump_region as the kernel shows it"
t_is "$(cat "$R/sys/kernel/fadump/mem_reserved")" 335610288 "mem_reserved"
t_is "$(cat "$R/sys/kernel/fadump/registered")" 0 "registered is 0"
t_is "$(cat "$R/sys/kernel/fadump/enabled")" 1 "enabled is 1"
for f in enabled:444 registered:644 mem_reserved:444 hotplug_ready:444 \
	 release_mem:200 bootargs_append:644; do
	t_is "$(stat -c %a "$R/sys/kernel/fadump/${f%%:*}")" "${f##*:}" \
		"sys/kernel/fadump/${f%%:*} has mode ${f##*:}"
done
t_run fadump-kernel sysfs "$R" release_mem
t_is "$T_RC" 1 "reading release_mem fails"
t_is "$T_ERR" "fadump-kernel: read error: Permission denied" \
	"... with EACCES, as kernfs refuses a write-only attribute"

# the firmware's device-tree properties
t_is "$(od -An -tx1 "$R/proc/device-tree/rtas/ibm,configure-kernel-dump-sizes" | tr -d ' \n')" \
	0000000100000000000013e0000000020000000000000000 \
	"ibm,configure-kernel-dump-sizes: CPU 0x13e0, HPTE 0"
t_is "$(od -An -tx1 "$R/proc/device-tree/rtas/ibm,configure-kernel-dump-version" | tr -d ' \n')" \
	01000100 "ibm,configure-kernel-dump-version: two host-order u16 1s"
t_is "$(stat -c %s "$R/proc/device-tree/rtas/ibm,kernel-dump")" 200 \
	"ibm,kernel-dump: header and the four sections registered"

# QEMU's RTAS tokens (RTAS_TOKEN_BASE 0x2000 + its table index), and the
# kernel's property mode (drivers/of/kobj.c: 0444)
t_is "$(od -An -tx1 "$R/proc/device-tree/rtas/ibm,configure-kernel-dump" | tr -d ' \n')" \
	0000202d "ibm,configure-kernel-dump: QEMU's token 0x202d"
t_is "$(od -An -tx1 "$R/proc/device-tree/rtas/ibm,os-term" | tr -d ' \n')" \
	0000201f "ibm,os-term: QEMU's token 0x201f"
t_is "$(find "$R/proc/device-tree" -type f ! -perm 0444 | wc -l)" 0 \
	"every device-tree property is 0444"
t_is "$(stat -c %a "$R/proc/vmcore")" 600 "proc/vmcore stays 0600"

# pr_debug: none by default (CONFIG_DYNAMIC_DEBUG, nothing enabled)
t_unlike "$first$(cat "$R/.fadump-kernel/capture-kernel.log")" \
	'Registering for firmware|vmcoreinfo: paddr|Added boot memory range|mstart:|CPU State Data|Reading register data|Updating elfcore|Allocated buffer|fadumphdr_addr|Boot memory regions' \
	"no pr_debug line without dyndbg="
# dyndbg= enables those after dynamic_debug_init (an early_initcall);
# the ones of early_init_devtree() stay silent
t_run fadump-kernel crash "${M[@]/#console=hvc0 fadump=on/console=hvc0 fadump=on dyndbg=\"file fadump.c +p; module rtas_fadump +p\"}" \
	-o "$T_TMP/dd"
t_is "$T_RC" 0 "crash with dyndbg= exits 0"
dd1=$(cat "$T_TMP/dd/.fadump-kernel/first-kernel.log")
dd2=$(cat "$T_TMP/dd/.fadump-kernel/capture-kernel.log")
t_like "$dd1" '^fadump: Registering for firmware-assisted kernel dump\.\.\.$' \
	"dyndbg: register_fadump's pr_debug"
t_like "$dd1" '^fadump: vmcoreinfo: paddr = 0x50000, raddr = 0x14060000$' \
	"dyndbg: fadump_relocate's pr_debug"
t_like "$dd2" '^rtas fadump: Reading register data for cpu 3\.\.\.$' \
	"dyndbg: module rtas_fadump's pr_debug"
t_unlike "$dd1$dd2" 'Added boot memory range|mstart:|fadumphdr_addr|Boot memory regions|Cmdline:' \
	"dyndbg: no line from before dynamic_debug_init"
t_unlike "$(fadump-analyze dmesg "$R/proc/vmcore" 2>&1)" 'Registering for firmware' \
	"no pr_debug line in the default kernel's ring"
t_run fadump-kernel crash "${M[@]/#console=hvc0 fadump=on/console=hvc0 fadump=on dyndbg=\"file opal-core.c +p\"}" \
	-o "$T_TMP/dd2"
t_unlike "$(cat "$T_TMP/dd2/.fadump-kernel/"*.log)" 'Registering for|Reading register' \
	"dyndbg naming another file enables nothing here"

# QEMU's register save area, read back from the machine the crash left
regsave=$(python3 - "$T_TMP/m" <<'EOF' 2>&1
import sys
# the machine file is a sparse memory image at physical offsets, or a
# container; find the REGSAVE magic at the CPU section's destination
data = open(sys.argv[1], 'rb').read()
i = data.find(b'REGSAVE\0')
if i < 0:
    print('no REGSAVE'); sys.exit()
a = data[i:i + 0x13e0]
ver, off = int.from_bytes(a[8:12], 'big'), int.from_bytes(a[12:16], 'big')
n = int.from_bytes(a[off:off + 4], 'big')
e = a[off + 4:]
names = [e[k:k + 8].rstrip(b'\0').decode() for k in range(0, 79 * 16, 16)]
cpus = [int.from_bytes(e[k * 79 * 16 + 8:k * 79 * 16 + 16], 'big') for k in range(n)]
print(ver, off, n, names[0], names[1], names[6], names[23], names[77],
      names[78], ' '.join(map(str, cpus)))
EOF
)
t_is "$regsave" "0 16 4 CPUSTRT ACOP CR GPR00 XER CPUEND 0 1 2 3" \
	"REGSAVE: version 0, NumCpus at 16, QEMU's register order, CPUs 0..3"

# /proc/vmcore: the mainline layout
ph=$(readelf -lW "$R/proc/vmcore" | awk '$1 == "NOTE" || $1 == "LOAD" {print $1, $4, $6}')
t_is "$ph" "NOTE 0x0000000000000000 0x000ff0
LOAD 0x0000000000000000 0x14000000
LOAD 0x00000000280101b0 0x57fefe50" \
	"vmcore: a PT_NOTE, boot memory from the copy, RAM after the area"
notes=$(readelf -nW "$R/proc/vmcore" | awk '/^  [A-Z]/ && $1 != "Owner" {print $1}' | tr '\n' ' ')
t_is "$notes" "CORE CORE CORE CORE VMCOREINFO " \
	"vmcore notes: one NT_PRSTATUS per CPU, then VMCOREINFO"

# release_mem
t_run fadump-kernel sysfs "$R" release_mem 1
t_is "$T_RC" 0 "echo 1 > release_mem"
t_like "$(cat "$R/.fadump-kernel/capture-kernel.log")" \
	'^fadump: freeing reserved memory \(0x28010000 - 0x80000000\)$' \
	"release: the kernel's page-rounded range"
want="CPU :[0x00000014000000-0x000000140013df] 0x13e0 bytes, Dumped: 0x0
HPTE:[0x000000140013e0-0x000000140013df] 0x0 bytes, Dumped: 0x0
DUMP: Src: 0x00000000000000, Dest: 0x00000014010000, Size: 0x14000000, Dumped: 0x0 bytes

[0x0000007ffff800-0x0000007fffffff]: cmdline append: ''"
t_is "$(cat "$R/sys/kernel/debug/powerpc/fadump_region")" "$want" \
	"after release: Dumped: 0x0 again, no \"Memory above\" line"

# QEMU sizes the CPU state data for its CPUs: 0xef0 for 3
t_run fadump-kernel register --platform pseries --firmware qemu --ram 2G \
	--cpus 3 --cmdline fadump=on
t_like "$T_OUT" '^CPU :\[0x00000014000000-0x00000014000eef\] 0xef0 bytes, Dumped: 0x0$' \
	"3 CPUs: CPU state data 0xef0 bytes"

# CONFIG_NR_CPUS=2048: a 680-byte header
t_run fadump-kernel crash "${M[@]}" -o "$T_TMP/d2048"
t_is "$(cat "$T_TMP/d2048/sys/kernel/fadump/mem_reserved")" $((0x140102a8)) \
	"--nr-cpus 2048 (default): mem_reserved 0x140102a8"
t_like "$(readelf -lW "$T_TMP/d2048/proc/vmcore")" ' 0x00000000280102a8 ' \
	"--nr-cpus 2048: the vmcore resumes at 0x280102a8"

# PowerVM keeps its own sizes
t_run fadump-kernel crash --platform pseries --era 6.10 --page-size 64K \
	--ram 2G --cpus 4 --cmdline "console=hvc0 fadump=on" --mainline-exact \
	-o "$T_TMP/pvm"
t_like "$(cat "$T_TMP/pvm/sys/kernel/debug/powerpc/fadump_region")" \
	'^CPU :\[0x00000014000000-0x0000001404001f\] 0x40020 bytes' \
	"--firmware powervm (default): PowerVM's CPU state data size"

t_run fadump-kernel crash --platform powernv --firmware qemu -o "$T_TMP/x"
t_is "$T_RC" 1 "--firmware qemu on PowerNV is refused"
t_run fadump-kernel crash --platform pseries --firmware slof -o "$T_TMP/x"
t_is "$T_RC" 2 "an unknown --firmware is refused (a usage error, as --platform)"
t_like "$T_ERR" 'expected powervm or qemu, found "slof"' "... naming what it expected"
t_run fadump-kernel crash --platform pseries --cpus 8 --nr-cpus 4 -o "$T_TMP/x"
t_is "$T_RC" 1 "--nr-cpus below --cpus is refused"
t_done
