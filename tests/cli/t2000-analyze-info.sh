#!/usr/bin/env bash
# t2000-analyze-info.sh - fadump-analyze info and the summary on the kernel
# model's capture roots: dump type, era, byte order, page size, release,
# crash time, crashing CPU, threads, sizes, panic message; JSON; usage.
. "$(dirname "$0")/lib.sh"

M=(--ram 1G --cpus 4 --content zero=90,text=5,struct=5,random=0 --cmdline fadump=on)
le=$T_TMP/le
be=$T_TMP/be
t_run fadump-kernel crash "${M[@]}" --crashing-cpu 2 -o "$le"
t_is "$T_RC" 0 "LE 6.10 sample"
t_run fadump-kernel crash "${M[@]}" --endian be --era pre-6.10 --page-size 4K -o "$be"
t_is "$T_RC" 0 "BE pre-6.10 sample"

t_run fadump-analyze info "$le"
t_is "$T_RC" 0 "info exits 0"
t_like "$T_OUT" '^Dump type: +FADump pSeries, ELF vmcore \(ppc64le\)$' "type: FADump pSeries LE"
t_like "$T_OUT" '^Kernel era: +6\.10\+ \(crash-info header FADMPSIG v1\)$' "era from FADMPSIG"
t_like "$T_OUT" '^Byte order: +little-endian$' "byte order"
t_like "$T_OUT" '^Page size: +64 KiB$' "page size"
t_like "$T_OUT" '^OSRELEASE: +6\.10\.0-fadump-tools-sample$' "OSRELEASE"
t_like "$T_OUT" '^Crash time: +20[0-9-]+ [0-9:]+ UTC$' "crash time in UTC"
t_like "$T_OUT" '^Crashing CPU: +2 \(from the crash-info header\)$' "crashing CPU and its source"
t_like "$T_OUT" '^NIP: +0xc0000000' "NIP from the header's regs"
t_like "$T_OUT" '^ +4 in the register save area$' "REGSAVE thread count"
t_like "$T_OUT" '^Boot memory: +320 MiB in 1 region, top 0x14000000$' "boot memory size"
t_like "$T_OUT" '^Reserved area: +0x14000000-0x' "reserved area"
t_like "$T_OUT" '^FW sections: +present \(from ibm,kernel-dump\)$' "sections from ibm,kernel-dump"
t_like "$T_OUT" '^Panic: +Kernel panic - not syncing: ' "panic message from the log"
t_unlike "$T_OUT" '.{81}' "no line wider than 80 columns"

t_run fadump-analyze info "$be"
t_like "$T_OUT" '^Dump type: +FADump pSeries, ELF vmcore \(ppc64\)$' "BE: type"
t_like "$T_OUT" '^Byte order: +big-endian$' "BE: byte order"
t_like "$T_OUT" '^Page size: +4 KiB$' "BE: page size"
t_like "$T_OUT" '^OSRELEASE: +6\.9\.0' "BE: pre-6.10 release"
t_like "$T_OUT" '^Kernel era: +pre-6\.10 \(crash-info header FADMPINF\)$' "BE: era from FADMPINF"

# The vmcore alone (no capture root): sections found by the magic scan.
t_run fadump-analyze info "$le/proc/vmcore"
t_is "$T_RC" 0 "vmcore alone exits 0"
t_like "$T_OUT" '^FW sections: +present \(from magic scan\)$' "magic scan without the root"
t_like "$T_OUT" '^Crashing CPU: +2 \(from the crash-info header\)$' "scan finds the header"

t_run fadump-analyze info --json "$le"
t_is "$T_RC" 0 "info --json exits 0"
t_ok "info --json is JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$T_OUT"
j() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$T_OUT" "$1"; }
t_is "$(j 'd["schema"]')" "fadump-analyze/info/1" "JSON schema id"
t_is "$(j 'd["dump_type"]')" "fadump-pseries" "JSON dump_type"
t_is "$(j 'd["kernel_era"]')" "6.10+" "JSON kernel_era"
t_is "$(j 'd["crashing_cpu"]["cpu"]')" "2" "JSON crashing cpu"
t_is "$(j 'd["memory"]["boot_memory_size"]')" "335544320" "JSON boot memory size"

# Summary: no subcommand.
t_run fadump-analyze "$le"
t_is "$T_RC" 0 "summary exits 0"
t_like "$T_OUT" '^Kernel: +6\.10\.0-fadump-tools-sample$' "summary: kernel"
t_like "$T_OUT" '^Crashing CPU: +2 ' "summary: crashing CPU"
t_like "$T_OUT" '^boot memory 0 +0x0 +0x13ffffff +320 MiB +copy at 0x' "summary: region table"
t_like "$T_OUT" '^Panic: +Kernel panic' "summary: panic"
t_unlike "$T_OUT" '.{81}' "summary fits 80 columns"
t_run fadump-analyze --json "$le"
t_ok "summary --json is JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$T_OUT"

# Pre-6.10 PowerNV capture root: the OPAL kernel metadata is not in the
# vmcore, so the root's opalcore says PowerNV; the crashing CPU is a PIR.
nv=$T_TMP/nv-old
t_run fadump-kernel crash "${M[@]}" --platform powernv --era pre-6.10 --ram 2G \
	--crashing-cpu 2 -o "$nv"
t_is "$T_RC" 0 "pre-6.10 PowerNV sample"
t_run fadump-analyze "$nv"
t_is "$T_RC" 0 "pre-6.10 PowerNV: summary exits 0"
t_like "$T_OUT" '^Dump type: +FADump PowerNV, ELF vmcore \(ppc64le\)$' "pre-6.10 PowerNV: dump type"
t_unlike "$T_OUT" 'pSeries' "pre-6.10 PowerNV: no pSeries claim"
t_like "$T_OUT" '^Crashing CPU: +PIR 2 \(from the crash-info header\)$' "pre-6.10 PowerNV: crashing PIR"
t_run fadump-analyze info "$nv"
t_like "$T_OUT" "^FW sections: +present \\(from magic scan, PowerNV by the root's opalcore\\)\$" "pre-6.10 PowerNV: evidence named"
t_like "$T_OUT" '^Boot memory: +768 MiB in 1 region, top 0x30000000$' "pre-6.10 PowerNV: boot regions from fadump_region"
t_run fadump-analyze info --json "$nv"
t_like "$T_OUT" '"dump_type": *"fadump-powernv"' "pre-6.10 PowerNV: JSON dump_type"
t_run fadump-analyze cpus "$nv"
t_is "$T_RC" 0 "pre-6.10 PowerNV: cpus exits 0"
t_like "$T_OUT" '^Registers from: +opalcore ' "pre-6.10 PowerNV: cpus reads the opalcore"
t_like "$T_OUT" '^Crashing CPU: +2 \(crash-info header\)$' "pre-6.10 PowerNV: cpus names the crashing CPU"
t_like "$T_OUT" '^CPU 2 +PIR 0x2 +\*\* crashing CPU \*\*$' "pre-6.10 PowerNV: crashing CPU marked by PIR"

# Its vmcore alone: neither REGSAVE nor OPAL metadata, so no platform.
cp --sparse=always "$nv/proc/vmcore" "$T_TMP/nv-old.vmcore"
t_run fadump-analyze "$T_TMP/nv-old.vmcore"
t_is "$T_RC" 0 "bare pre-6.10 PowerNV vmcore: summary exits 0"
t_like "$T_OUT" '^Dump type: +FADump \(platform not recorded in the dump\), ELF vmcore \(ppc64le\)$' "bare vmcore: platform not recorded"
t_unlike "$T_OUT" 'pSeries' "bare vmcore: no pSeries claim"
t_run fadump-analyze info --json "$T_TMP/nv-old.vmcore"
t_like "$T_OUT" '"dump_type": *"fadump"' "bare vmcore: JSON dump_type fadump"

# panic() ends with a "---[ end Kernel panic ... ]---" trailer: the summary
# shows the record itself, the trailer only when it is the only one.
v=$T_TMP/nv-old.vmcore
trailer='---[ end Kernel panic - not syncing: sysrq triggered crash ]---'
patch_rec() {	# pattern replacement: overwrite a record's first line in $v
	local off len
	off=$(grep -abo "$1" "$v" | head -1 | cut -d: -f1)
	len=$(tail -c +$((off + 1)) "$v" | head -c 200 | tr '\n' '\0' | cut -d '' -f1 | wc -c)
	len=$((len - 1))	# cut's own newline
	printf '%-*s' "$len" "$2" | dd of="$v" bs=1 seek="$off" conv=notrunc status=none
}
patch_rec 'CPU: 2 PID: 1 Comm: swapper' "$trailer"
t_run fadump-analyze "$v"
t_like "$T_OUT" '^Panic: +Kernel panic - not syncing: sysrq triggered crash$' "panic record preferred to the trailer after it"
patch_rec 'Kernel panic - not syncing: sysrq' 'Kernel p4nic'
t_run fadump-analyze "$v"
t_like "$T_OUT" '^Panic: +---\[ end Kernel panic - not syncing: sysrq triggered crash \]--- *$' "the trailer when it is the only one"
t_run fadump-analyze dmesg "$v"
t_like "$T_OUT" '^\[ *[0-9.]+\] Hardware name: ' "the patch kept the record's second line (with the record's prefix, as the console prints it)"

# Usage errors exit 2, --help and --version exit 0.
t_run fadump-analyze
t_is "$T_RC" 2 "no arguments: usage, exit 2"
t_run fadump-analyze info
t_is "$T_RC" 2 "info without DUMP: exit 2"
t_run fadump-analyze info --bogus "$le"
t_is "$T_RC" 2 "unknown option: exit 2"
t_run fadump-analyze --help
t_is "$T_RC" 0 "--help exits 0"
t_like "$T_OUT" '^  regions ' "--help lists regions"
t_like "$T_OUT" '^  convert +\[-c\|-l\|-p\|-z\] \[-d N\] \[-F\] \[-f\] IN \[OUT\]$' "--help: convert's arguments"
t_run fadump-analyze --version
t_like "$T_OUT" '^fadump-analyze [0-9]' "--version"

# The legacy phyp sample (make samples): no crash-info header.
P=$FA_BUILD/samples/phyp
if [ -e "$P/proc/vmcore" ]; then
	t_run fadump-analyze "$P"
	t_is "$T_RC" 0 "phyp: summary exits 0"
	t_like "$T_OUT" '^Dump type: +legacy phyp dump, ELF vmcore \(ppc64\)' "phyp: summary names the dump type"
	t_like "$T_OUT" '^Crashing CPU: +1 \(from the kernel log' "phyp: crashing CPU from the log"
	t_run fadump-analyze info "$P"
	t_is "$T_RC" 0 "phyp: info exits 0"
	t_like "$T_OUT" '^Kernel era: +2.6.26-2.6.36 phyp dump \(no crash-info header\)' "phyp: info says why no header"
	t_like "$T_OUT" '^ +2 in the register save area' "phyp: REGSAVE threads counted"
	t_like "$T_OUT" '^Reserved area: +0x2ffb0000-0x3fff101f' "phyp: CPU state to the end of the RMO copy"
	t_like "$T_OUT" '^FW sections: +present \(from ibm,kernel-dump\)' "phyp: sections from ibm,kernel-dump"
	t_run fadump-analyze info --json "$P"
	t_like "$T_OUT" '"dump_type": *"phyp"' "phyp: JSON dump_type"
	t_like "$T_OUT" '"kernel_era": *"phyp"' "phyp: JSON kernel_era"
	t_run fadump-analyze split "$P" -o "$T_TMP/phyp-split"
	t_is "$T_RC" 0 "phyp: split exits 0"
	t_ok "phyp: split wrote the CPU state data" test -s "$T_TMP/phyp-split/cpu_state.bin"
	t_ok "phyp: split wrote the HPTE region" test -s "$T_TMP/phyp-split/hpte.bin"
	t_is "$(head -c 7 "$T_TMP/phyp-split/cpu_state.bin")" REGSAVE "phyp: cpu_state.bin starts with REGSAVE"
fi
t_done
