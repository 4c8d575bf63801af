#!/usr/bin/env bash
# t1060-kernel-first-log.sh - the first kernel's own FADump log lines are
# in its printk ring: `fadump-analyze dmesg` of every FADump sample shows
# "fadump: Reserved ..." among the early boot lines and the platform's
# "Registration is successful!" at initcall time, both before the panic,
# each once; pr_debug lines are not there (a default kernel drops them).
. "$(dirname "$0")/lib.sh"

n=0
for s in pseries-le-64k pseries-be-4k holes powernv-le; do
	core=$FA_BUILD/samples/$s/proc/vmcore
	[ -e "$core" ] || continue
	n=$((n + 1))
	case $s in powernv*) plat=opal ;; *) plat=rtas ;; esac
	t_run fadump-analyze dmesg "$core"
	t_is "$T_RC" 0 "$s: dmesg exits 0 ($T_ERR)"
	t_like "$T_OUT" '^\[    0\.0000[0-9]{2}\] fadump: Reserved [0-9]+MB of memory at 0x[0-9a-f]{14} \(System RAM: [0-9]+MB\)$' \
		"$s: the reservation line, early"
	t_like "$T_OUT" "^\\[    0\\.002450\\] $plat fadump: Registration is successful!\$" \
		"$s: the registration line, at initcall time"
	t_is "$(grep -c 'fadump: Reserved ' <<<"$T_OUT")" 1 "$s: logged once"
	order=$(grep -n -e 'fadump: Reserved ' -e 'fadump: Registration is successful' \
		-e 'Kernel panic - not syncing' <<<"$T_OUT" | cut -d: -f1 | xargs)
	t_is "$(printf '%s\n' $order | sort -n | xargs)" "$order" \
		"$s: reservation, registration, then the panic"
	t_is "$(wc -w <<<"$order")" 3 "$s: all three lines found"
	t_unlike "$T_OUT" 'Registering for firmware-assisted|fadump-tools:' \
		"$s: no pr_debug or model lines"
done
[ "$n" -gt 0 ] || t_skip "no samples in $FA_BUILD/samples (make samples)"
t_done
