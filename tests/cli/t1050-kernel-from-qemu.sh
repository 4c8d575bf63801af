#!/usr/bin/env bash
# t1050-kernel-from-qemu.sh - fadump-kernel crash --from-qemu GUEST.elf
# --vmlinux VMLINUX: the first kernel runs over a QEMU 7.2-like guest dump
# (big-endian ELF of a little-endian guest, e_ehsize 8, FP notes, p_vaddr
# 0; made by tests/cli/qemu_guest.py from a saved machine), and the
# vmcore's boot memory equals the guest's RAM except the variables the
# first kernel itself stores (fw_dump, fdm, fdh_ptr, crashing_cpu).
. "$(dirname "$0")/lib.sh"

VMLINUX=$FA_BUILD/samples/minikernel/vmlinux-ppc64le
M=(--platform pseries --era 6.10 --page-size 64K --cpus 4
   --content zero=98,text=1,struct=1,random=0 --cmdline "fadump=on")

if [ ! -r "$VMLINUX" ]; then
	t_skip "no mini kernel at $VMLINUX"
	t_done
	exit
fi

# The guest: a synthetic machine as firmware found it, in QEMU's clothes.
t_run fadump-kernel crash "${M[@]}" --endian le --ram 768M --seed 7 \
	--crashing-cpu 1 --save-machine "$T_TMP/guest.machine" -o "$T_TMP/r0"
t_is "$T_RC" 0 "the guest's machine is saved"
t_run /usr/bin/python3 "$FA_SRC/tests/cli/qemu_guest.py" \
	"$T_TMP/guest.machine" "$T_TMP/guest.elf"
t_is "$T_RC" 0 "qemu_guest.py writes the guest ELF ($T_ERR)"
t_is "$(od -An -tx1 -j5 -N1 "$T_TMP/guest.elf" | tr -d ' ')" 02 "guest ELF is big-endian"
t_is "$(od -An -tx1 -j52 -N2 "$T_TMP/guest.elf" | tr -d ' ')" 0008 "guest ELF has QEMU 7.2's e_ehsize 8"

root=$T_TMP/root
t_run fadump-kernel crash "${M[@]}" --from-qemu "$T_TMP/guest.elf" \
	--vmlinux "$VMLINUX" -o "$root"
t_is "$T_RC" 0 "crash --from-qemu exits 0 ($T_ERR)"
t_ok "a vmcore comes out" test -s "$root/proc/vmcore"
t_like "$T_OUT" 'rtas fadump: Registration is successful!' "the first kernel registered"
region=$(cat "$root/sys/kernel/debug/powerpc/fadump_region" 2>/dev/null)
t_like "$region" '^DUMP: Src: 0x00000000000000, Dest: 0x[0-9a-f]*, Size: 0x14000000, Dumped: 0x14000000 bytes$' "boot memory dumped whole"

# Boot memory in the vmcore == the guest's RAM, byte for byte, outside
# the variables the model's first kernel wrote.
skip=$(readelf -sW "$VMLINUX" | awk '$8 == "fw_dump" || $8 == "fdm" ||
	$8 == "fdh_ptr" || $8 == "crashing_cpu" { printf "%s:%s,", $2, $3 }')
t_run /usr/bin/python3 "$FA_SRC/tests/cli/bootmem_cmp.py" "$root/proc/vmcore" \
	"$T_TMP/guest.elf" 0x14000000 "$skip"
t_is "$T_RC" 0 "vmcore boot memory equals the guest RAM ($T_OUT)"

# The guest's crashing CPU (panic_cpu) claims the crash.
t_run fadump-analyze info "$root/proc/vmcore"
t_like "$T_OUT" '[Cc]rashing CPU: *1\b' "crashing CPU 1, from the guest's panic_cpu"

# CRASHTIME: the guest's VMCOREINFO has the one its own (synthetic) crash
# wrote, and the mini kernel has no tk_core to read a clock from: the
# summary shows the guest's time, not a second or invented one.
t_run fadump-analyze "$T_TMP/r0"
want=$(printf '%s\n' "$T_OUT" | grep '^Crash time:')
t_run fadump-analyze "$root"
t_is "$(printf '%s\n' "$T_OUT" | grep '^Crash time:')" "$want" "the guest's own CRASHTIME is kept"

# PowerNV: a guest without pacas (the mini kernel has no paca_ptrs) keeps
# the model's PIRs and says so.
t_run fadump-kernel crash "${M[@]}" --platform powernv --endian le --ram 2G \
	--seed 7 --crashing-cpu 1 --save-machine "$T_TMP/nv.machine" -o "$T_TMP/nv0"
t_run /usr/bin/python3 "$FA_SRC/tests/cli/qemu_guest.py" \
	"$T_TMP/nv.machine" "$T_TMP/nv.elf"
rm -f "$T_TMP/nv.machine"
t_run fadump-kernel crash "${M[@]}" --platform powernv --from-qemu "$T_TMP/nv.elf" \
	--vmlinux "$VMLINUX" -o "$T_TMP/nv"
t_is "$T_RC" 0 "PowerNV crash --from-qemu exits 0 ($T_ERR)"
t_like "$T_OUT" 'fadump-tools: CPU 0: no paca in paca_ptrs\[0\]: PIRs numbered 4 threads per core' \
	"PowerNV: no guest pacas, the model's PIRs, and a warning"
t_run fadump-analyze opalcore "$T_TMP/nv/sys/firmware/opal/mpipl/core"
t_like "$T_OUT" $'\n0x3 ' "PowerNV: the model's PIRs 0-3 in the opalcore"
rm -rf "$T_TMP/nv" "$T_TMP/nv0" "$T_TMP/nv.elf"

# Refusals: no vmlinux, a file that is not ELF.
t_run fadump-kernel crash "${M[@]}" --from-qemu "$T_TMP/guest.elf" \
	--vmlinux none -o "$T_TMP/r1"
t_is "$T_RC" 1 "--from-qemu without a vmlinux refuses"
t_like "$T_ERR" 'expected a guest ELF and --vmlinux VMLINUX' "and says what it needs"
head -c 100 /dev/zero >"$T_TMP/junk.elf"
t_run fadump-kernel crash "${M[@]}" --from-qemu "$T_TMP/junk.elf" \
	--vmlinux "$VMLINUX" -o "$T_TMP/r2"
t_is "$T_RC" 1 "a guest file that is not ELF refuses"
t_like "$T_ERR" 'junk.elf' "the message names the file"
t_ok "no capture root for a refused guest" test ! -e "$T_TMP/r2/proc/vmcore"

t_done
