#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t9100-ppc64le-build: in make check-ppc64le, the programs under test are
# ppc64le ELF objects (not the host's: a lost CROSS=ppc64le would test
# x86_64 twice), run under qemu-ppc64le-static with a 64 KiB page size and
# the name they were called by; and what they print and write does not
# depend on the machine: every subcommand's output on every sample, and
# the conversions, equal the host build's byte for byte (FA_HOST_BUILD,
# default build/, built by make check-ppc64le first).  The samples
# themselves, written by the ppc64le fadump-kernel, are checked against
# the pinned hashes by t1010.
. "$(dirname "$0")/lib.sh"

if [ -z "${FA_RUNNER:-}" ]; then
	t_skip "the ppc64le build's checks run in make check-ppc64le only"
	t_done
	exit
fi

# elf_id FILE: class, data, machine, type (hex) from the ELF header
elf_id() { od -An -tx1 -j4 -N2 "$1" | tr -d ' \n'; echo -n " "
	od -An -tx2 -j16 -N4 --endian=little "$1" | tr -s ' ' | sed 's/^ //'; }
for f in fadump-analyze fadump-kernel tests/unit/test_common \
	 crash-ext/host/fadump.so; do
	t_like "$(elf_id "$FA_BUILD/$f")" '^0201 000[23] 0015$' \
		"$f is a 64-bit little-endian PowerPC object"
done
t_like "$(readelf -l "$FA_BUILD/fadump-analyze" 2>&1)" \
	'interpreter: /lib64/ld64.so.2' "fadump-analyze asks for the ppc64le loader"

t_run fadump-analyze /nonexistent
t_is "$T_RC" 1 "a missing dump exits 1 under the emulator"
t_like "$T_ERR" '^fadump-analyze: /nonexistent: ' "the program sees its own name"
t_run env FA_PPC64EL_SYSROOT="$T_TMP/none" "$FA_RUNNER" "$FA_BUILD/fadump-analyze" --version
t_is "$T_RC" 127 "no sysroot: the runner exits 127"
t_like "$T_ERR" "^run-ppc64le: no ppc64el sysroot in $T_TMP/none" "no sysroot: one line says where"

host=${FA_HOST_BUILD:-$FA_SRC/build}
samples=$FA_BUILD/samples
if [ ! -x "$host/fadump-analyze" ] || [ ! -d "$samples/phyp" ]; then
	t_skip "no host build in $host or no samples in $samples: no comparison"
	t_done
	exit
fi
H=$host/fadump-analyze
for s in pseries-le-64k pseries-be-4k pseries-be-sparse phyp holes powernv-le; do
	r=$samples/$s
	for c in "" "--json" "info" "regions --json" "cpus" "cpus --json" \
		 "dmesg" "opalcore --json"; do
		# shellcheck disable=SC2086
		"$H" $c "$r" >"$T_TMP/h.out" 2>"$T_TMP/h.err"; hrc=$?
		# shellcheck disable=SC2086
		fadump-analyze $c "$r" >"$T_TMP/p.out" 2>"$T_TMP/p.err"; prc=$?
		sed -i "s|$host/fadump-analyze|fadump-analyze|g" "$T_TMP/h.err"
		t_is "$prc" "$hrc" "$s: '${c:-summary}' exits as on the host ($hrc)"
		t_files_equal "$T_TMP/p.out" "$T_TMP/h.out" "$s: '${c:-summary}' prints what the host build prints"
		t_files_equal "$T_TMP/p.err" "$T_TMP/h.err" "$s: '${c:-summary}' complains as the host build does"
	done
done
# Conversions: the same file from both builds (threads as chosen).
for a in "-l -d 31" "-c" "-p -d 1"; do
	# shellcheck disable=SC2086
	"$H" convert -q $a "$samples/pseries-be-sparse" "$T_TMP/h.kdump"
	# shellcheck disable=SC2086
	t_run fadump-analyze convert -q $a "$samples/pseries-be-sparse" "$T_TMP/p.kdump"
	t_is "$T_RC" 0 "convert $a exits 0"
	t_files_equal "$T_TMP/p.kdump" "$T_TMP/h.kdump" "convert $a writes the host build's bytes"
	rm -f "$T_TMP/h.kdump" "$T_TMP/p.kdump"
done
t_done
