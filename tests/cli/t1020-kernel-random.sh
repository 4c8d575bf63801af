#!/usr/bin/env bash
# t1020-kernel-random.sh - random machine configurations (a fixed list of
# seeds, so every run tests the same ones): pSeries era / byte order / page
# size, 1-16 CPUs, RAM, memory holes, crashing CPU, content, and the
# legacy phyp dump.  For each, every vmcore page equals the --save-machine
# image's page at the same physical address, no page outside the
# boot-memory copy is missing, and libkdumpfile reads the same bytes.
. "$(dirname "$0")/lib.sh"

PC="$FA_SRC/tests/cli/kernel_pagecheck.py"
RANDOM=20240601		# bash's generator, seeded: the same list every run

pick() { local a=("$@"); echo "${a[RANDOM % $#]}"; }

for i in $(seq 1 6); do
	ncpus=$((RANDOM % 16 + 1))
	ram=$(( (12 + RANDOM % 3) * 64 ))	# 768M..896M
	zero=$((96 + RANDOM % 3)) rnd=$((RANDOM % 2))
	args=(--cpus $ncpus --seed $((RANDOM + 1))
	      --crashing-cpu $((RANDOM % ncpus))
	      --content zero=$zero,text=$((99 - zero - rnd)),struct=1,random=$rnd)
	if [ $((i % 3)) = 0 ]; then
		args+=(--platform phyp --endian be --page-size $(pick 4K 64K)
		       --ram 1G --cmdline "phyp_dump=1")
	else
		args+=(--platform pseries --endian $(pick le be) --era $(pick 6.10 pre-6.10)
		       --page-size $(pick 4K 64K) --cmdline "fadump=on")
		if [ $((RANDOM % 2)) = 0 ]; then
			# a hole above boot memory, before the area
			args+=(--memmap 0:384M,448M:$((ram - 384))M)
		else
			args+=(--ram ${ram}M)
		fi
	fi
	root=$T_TMP/r$i
	t_run fadump-kernel crash "${args[@]}" --save-machine "$T_TMP/m$i" -o "$root"
	t_is "$T_RC" 0 "config $i (${args[*]}): crash exits 0 ($T_ERR)"
	if [ -f "$root/sys/kernel/release_region" ]; then
		set -- $(sed -n 's/.*DUMP:\(0x[0-9a-f]*\)-\(0x[0-9a-f]*\),.*/\1 \2/p' "$root/sys/kernel/release_region")
	else
		set -- $(sed -n 's/^DUMP: .*Dest: \(0x[0-9a-f]*\), Size: \(0x[0-9a-f]*\),.*/\1 \2/p' \
			"$root/sys/kernel/debug/powerpc/fadump_region" | head -1)
	fi
	t_run /usr/bin/python3 "$PC" "$root/proc/vmcore" "$T_TMP/m$i" "${1:-0}" $((${1:-0} + ${2:-0}))
	t_is "$T_RC" 0 "config $i: pages equal, none missing ($T_OUT)"
	rm -rf "$root" "$T_TMP/m$i"
done
t_done
