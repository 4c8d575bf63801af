#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t3100-crash-ext-fixture: fadump.so inside Debian's ppc64el crash 8.0.2
# (under qemu-ppc64le-static, crash --minimal) on the extension's own
# fixture kernels and vmcores (tests/crash/fixture, tests/crash/mkvmcore.py):
# the object loads, every undefined symbol is one crash exports, `help`
# renders both pages, and both commands with every option give the golden
# output (tests/crash/golden/) for a v6.10+ kernel, a pre-v6.10 kernel, a
# kernel without CONFIG_FA_DUMP, a PowerNV kernel, a vmcore without the
# firmware sections, one with damaged firmware sections and a
# kdump-compressed file.
. "$FA_SRC/tests/cli/lib.sh"

so=$FA_BUILD/crash-ext/ppc64le/fadump.so
fix=$FA_BUILD/tests/crash
golden=$FA_SRC/tests/crash/golden
if ! root=$("$FA_SRC/scripts/setup-crash-ppc64el" 2>/dev/null); then
	t_skip "Debian's ppc64el crash is not installed (scripts/setup-crash-ppc64el needs root once)"
	t_done; exit
fi
if [ ! -e "$so" ] || [ ! -e "$fix/vmcore-current" ]; then
	t_skip "no ppc64le fadump.so or fixture in $FA_BUILD (cross compiler missing?)"
	t_done; exit
fi

# Every symbol the object needs is exported by crash or libc.
nm=powerpc64le-linux-gnu-nm
undef=$($nm -D --undefined-only "$so" | awk '$1 == "U" { sub(/@.*/, "", $2); print $2 }' | sort -u)
defd=$( { $nm -D --defined-only "$root/usr/bin/crash"
	  $nm -D --defined-only "$root/lib/powerpc64le-linux-gnu/libc.so.6"; } |
	awk '{ sub(/@.*/, "", $3); print $3 }' | sort -u)
t_is "$(comm -23 <(echo "$undef") <(echo "$defd"))" "" \
	"every undefined symbol of fadump.so is exported by crash or libc"
t_like "$undef" '^readmem$' "fadump.so calls crash's readmem"

# The host build resolves against the host's crash the same way.
host_so=$FA_BUILD/crash-ext/host/fadump.so
if [ -n "${FA_RUNNER:-}" ]; then
	t_skip "host fadump.so: this build's is ppc64le, not for this machine's crash"
elif [ -e "$host_so" ] && [ -x /usr/bin/crash ]; then
	hundef=$(nm -D --undefined-only "$host_so" | awk '$1 == "U" { sub(/@.*/, "", $2); print $2 }' | sort -u)
	hdefd=$( { nm -D --defined-only /usr/bin/crash
		   nm -D --defined-only "$(gcc -print-file-name=libc.so.6)"; } 2>/dev/null |
		 awk '{ sub(/@.*/, "", $3); print $3 }' | sort -u)
	t_is "$(comm -23 <(echo "$hundef") <(echo "$hdefd"))" "" \
		"the host fadump.so needs only symbols the host crash or libc export"
else
	t_skip "no host fadump.so or /usr/bin/crash"
fi

session() {	# NAME VMLINUX VMCORE: run tests/crash/NAME.cmds, compare with golden
	local name=$1 out=$T_TMP/$1.out
	"$FA_SRC/tests/crash/run-session" "$fix" "$2" "$3" \
		"$FA_SRC/tests/crash/$name.cmds" >"$out" 2>&1
	if [ -n "${FA_UPDATE_GOLDEN:-}" ]; then
		cp "$out" "$golden/$name.out"
	fi
	t_files_equal "$out" "$golden/$name.out" "$name: output equals tests/crash/golden/$name.out"
	if ! cmp -s "$out" "$golden/$name.out"; then
		diff -u "$golden/$name.out" "$out" | head -40 | sed 's/^/#   /'
	fi
	OUT=$(cat "$out")
}

session fixture-current vmlinux-current vmcore-current
t_like "$OUT" '/fadump.so: shared object loaded' "the ppc64le object loads in --minimal mode"
t_like "$OUT" '^  fadump-region - show the crashed kernel' "help fadump-region renders NAME"
t_like "$OUT" '^  cpu-state \[-c cpu\] \[-f\] \[-x\]$' "help cpu-state renders SYNOPSIS"
t_like "$OUT" '^  fadump_enabled +1$' "fw_dump bitfields decoded through fill_struct_member_data"
t_like "$OUT" '^  boot_mem_top +0x8000000$' "fw_dump members at their DWARF offsets"
t_like "$OUT" '^CPU :\[0x00000010000000-0x00000010003fff\] 0x4000 bytes, Dumped: 0x0$' \
	"-k renders the kernel's fadump_region text"
t_like "$OUT" 'note 0 -> CPU 3, note 1 -> CPU 0, note 2 -> CPU 2' \
	"notes mapped in firmware order filtered by the crash-time mask"
t_like "$OUT" 'note 2 holds the registers saved in the crash-info header' \
	"the crashing CPU's note is found by its saved registers"
t_like "$OUT" '^CPU 2 \(note 2\) -- crashing CPU:$' "CPU 2 is marked as the crashing CPU"
t_like "$OUT" '^  NIP +c[0-9a-f]{15}  crash_fadump\+0x8$' "NIP symbolized through crash"
t_like "$OUT" '^  TRAP +700  Program  SOFTE 1$' "trap vector named; slot 39 labelled SOFTE, not MQ"
t_like "$OUT" '^  MSR +8000000000001033  SF\|ME\|IR\|DR\|RI\|LE$' "MSR decoded"
t_like "$OUT" '^  GPR00: [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}$' \
	"GPRs as fadump-analyze cpus and the kernel's show_regs print them"
t_unlike "$OUT" 'MQ' "no slot labelled MQ"
t_like "$OUT" '^CPU 1: no NT_PRSTATUS note' "-f shows the offline CPU from the firmware area"
t_like "$OUT" '  PVR +00000000004e1202' "-f prints registers the notes lack"
t_like "$OUT" 'cpu-state: CPU 9: no NT_PRSTATUS note and no firmware registers' \
	"-c for an unknown CPU is an error through error()"
t_like "$OUT" '^  cpu-state \[-c cpu\] \[-f\] \[-x\]$' "a bad option prints the usage"
t_like "$OUT" 'shared object unloaded' "extend -u unloads it"

session fixture-old vmlinux-old vmcore-old
t_like "$OUT" 'before v5.5 layout' "an old fw_dump layout decodes through MEMBER_OFFSET"
t_like "$OUT" 'magic FADMPINF' "FADMPINF header decoded"
t_like "$OUT" '^CPU : \[0x00000010000000-0x00000010003fff\] 0x4000 bytes, Dumped: 0x0$' \
	"-k uses the old fadump_region form"

session fixture-nofadump vmlinux-nofadump vmcore-nofadump
t_like "$OUT" 'fadump-region: fw_dump: symbol not found: kernel not built with CONFIG_FA_DUMP, or symbol stripped' \
	"a kernel without fw_dump is reported through error()"
t_like "$OUT" 'crash-info header at 0x18010000 \(from dump file PT_LOAD\)' \
	"falls back to the dump file's PT_LOADs for the header"
t_like "$OUT" '1 +0x10000000 .* CPU state data \(REGSAVE\): 4 CPUs' \
	"lists the dump file's firmware sections"

session fixture-mainline vmlinux-current vmcore-mainline
t_like "$OUT" 'crash-info header: fw_dump.fadumphdr_addr 0x18010000 is not in the dump' \
	"a vmcore without the reserved area says why the header is missing"
t_like "$OUT" 'ASSUMED: ascending CPUs of the crash-time mask 0,2-3 \(__cpu_online_mask\)' \
	"without the firmware area the mapping is marked as assumed"
t_like "$OUT" 'no firmware sections: the reserved dump area is cut out' \
	"-v explains the missing firmware sections"

session fixture-opal vmlinux-opal vmcore-opal
t_like "$OUT" '^opal metadata \(\*opal_fdm at 0x[0-9a-f]+\):$' "PowerNV: opal_fdm read through its pointer"
t_like "$OUT" '^  rgn\[1\] src 0x4000000 size 0x4000000 -> dest 0x14010000$' "opal_fdm regions decoded (big-endian)"
t_like "$OUT" '^DUMP: Src: 0x00000004000000, Dest: 0x00000014010000, Size: 0x4000000, Dumped: 0x0 bytes$' \
	"-k renders the OPAL fadump_region form"
t_like "$OUT" 'overwrites crashing_cpu with the PIR' "the header's PIR is not taken for a CPU number"
t_like "$OUT" '^crashing CPU: 2 \(from crashing_cpu\)$' "the logical crashing CPU comes from crashing_cpu"

session fixture-corrupt vmlinux-current vmcore-corrupt
t_like "$OUT" 'holds a big-endian magic in a little-endian kernel: "Endianness mismatch between the crashed and fadump kernels."' \
	"a crash-info header of the other byte order is refused with the kernel's words"
t_like "$OUT" 'register save area: dump file PT_LOAD 0x10000000: register save area: NumCpus 2147483647' \
	"an absurd NumCpus in REGSAVE is reported, not trusted"
t_like "$OUT" '^note-to-CPU mapping: ASSUMED' "a damaged save area falls back to the assumed mapping"

session fixture-kdump vmlinux-current vmcore-kdump
t_like "$OUT" 'dump file: vmcore-kdump is kdump-compressed: it has no program headers' \
	"a kdump-compressed dump has no program headers, and says so"
t_like "$OUT" 'from the notes of vmcore-kdump \(kdump-compressed, through crash.s diskdump accessor\)' \
	"kdump-compressed notes come through diskdump_get_prstatus_percpu"
t_like "$OUT" 'note 0 -> CPU 3, note 1 -> CPU 0, note 2 -> CPU 2' \
	"the same mapping from the kdump-compressed file"

t_done
