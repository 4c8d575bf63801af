#!/usr/bin/env bash
# t1010-kernel-samples.sh - the samples `make samples` wrote into
# $FA_BUILD/samples: their dump files hash to the pinned values
# (tests/cli/samples.sha256; `make samples-pin` regenerates them on
# purpose), and every vmcore page equals the saved machine's.
. "$(dirname "$0")/lib.sh"

S=$FA_BUILD/samples
PC="$FA_SRC/tests/cli/kernel_pagecheck.py"
PIN="$FA_SRC/tests/cli/samples.sha256"

while read -r sum file; do
	t_is "$( (cd "$S" && sha256sum "$file") 2>&1 | cut -d' ' -f1)" "$sum" "pinned sha256 of $file"
done < "$PIN"

# DESIGN content rule: only the boot-memory copy is cut from the vmcore.
copy_range() {	# root -> "start end" of the firmware's boot-memory copy
	local r=$1/sys/kernel/debug/powerpc/fadump_region
	if [ -f "$1/sys/kernel/release_region" ]; then
		sed -n 's/.*DUMP:\(0x[0-9a-f]*\)-\(0x[0-9a-f]*\),.*/\1 \2/p' "$1/sys/kernel/release_region"
	else
		sed -n 's/^DUMP: .*Dest: \(0x[0-9a-f]*\), Size: \(0x[0-9a-f]*\),.*/\1 \2/p' "$r" | head -1
	fi
}
for root in "$S"/*/; do
	root=${root%/}
	name=${root##*/}
	[ -e "$root/proc/vmcore" ] || continue
	set -- $(copy_range "$root")
	t_run /usr/bin/python3 "$PC" "$root/proc/vmcore" "$S/$name.machine" "$1" $(($1 + $2))
	t_is "$T_RC" 0 "$name: pages equal the saved machine, libkdumpfile agrees ($T_OUT)"
done
t_done
