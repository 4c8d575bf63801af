#!/usr/bin/env bash
# t1030-kernel-boot-holes.sh - holes inside the boot-memory window on
# pSeries: v5.5..v6.9 allowed one boot region ("Too many holes" and no
# FADump), v6.10+ registers several regions with the kernel's arithmetic
# quirk (flagged in the log) and the capture kernel rejects the header.
. "$(dirname "$0")/lib.sh"

H=(--platform pseries --memmap 0:128M,192M:832M --cpus 2 --content zero=100 --cmdline fadump=on)
t_run fadump-kernel register "${H[@]}" --era pre-6.10
t_is "$T_RC" 1 "pre-6.10: not registered"
t_like "$T_OUT" 'fadump: Too many holes in boot memory area to enable fadump$' "pre-6.10: the kernel's refusal"
t_run fadump-kernel register "${H[@]}" --era 6.10
t_like "$T_OUT" 'fadump-tools: kernel quirk reproduced: fadump_get_boot_mem_regions\(\) subtracts the covered size twice' "6.10: the quirk is named"
t_done
