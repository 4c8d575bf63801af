#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t4110-convert-mem-usage-dmesg.sh - makedumpfile's --mem-usage and
# --dump-dmesg spelled on convert (issue 17 items 4 and 7):
#   --mem-usage IN: makedumpfile's table, each class's count equal to the
#     pages `convert -v -d N` excludes for that class (ELF and
#     kdump-compressed input), the level-31 row equal to the data pages of
#     a -d 31 conversion, and nothing written.
#   --dump-dmesg IN FILE: the log as `dmesg --indent`, byte for byte what
#     makedumpfile 1.7.2 (ppc64el, under qemu-ppc64le-static) writes on a
#     genuine FADump vmcore, written by the output rule.
. "$(dirname "$0")/lib.sh"

G=${FA_CACHE:-/var/cache/fadump-tools}/genuine/cycles/k61-2g-4c/root
SYSROOT=${FA_CACHE:-/var/cache/fadump-tools}/e2e/sysroot

# class_count TABLE TYPE: the PAGES column of TYPE's row
class_count() { printf '%s\n' "$1" | awk -v t="$2" '$1 == t { print $2 }'; }
# excluded REPORT CLASS: "excluded CLASS N" of convert -v
excluded() { printf '%s\n' "$1" | awk -v c="$2" '$1 == "excluded" && $2 == c { print $3 }'; }

mem_usage_case() {	# NAME IN
	local n=$1 in=$2 table d31 lvl want
	mkdir -p "$T_TMP/mu-$n"
	t_run env -C "$T_TMP/mu-$n" fadump-analyze convert --mem-usage "$in"
	t_is "$T_RC" 0 "$n: --mem-usage exits 0 ($T_ERR)"
	table=$T_OUT
	t_like "$table" "^TYPE		PAGES			EXCLUDABLE	DESCRIPTION$" "$n: makedumpfile's header"
	t_like "$table" "^KERN_DATA	[0-9]+ +	no		Dumpable kernel data $" "$n: makedumpfile's KERN_DATA row"
	t_is "$(ls -A "$T_TMP/mu-$n")" "" "$n: nothing written"
	t_run fadump-analyze convert -v -d 31 "$in" "$T_TMP/$n.d31"
	d31=$T_ERR
	t_is "$(class_count "$table" ZERO)" \
		"$(printf '%s\n' "$d31" | sed -n 's/.*pages dumped (\([0-9]*\) zero.*/\1/p')" \
		"$n: ZERO = the zero pages of -d 31"
	for lvl in "2 NON_PRI_CACHE cache" "4 PRI_CACHE cache_private" "8 USER user" "16 FREE free"; do
		set -- $lvl
		t_is "$(class_count "$table" "$2")" "$(excluded "$d31" "$3")" "$n: $2 = -d 31's excluded $3"
		# -d N alone excludes the classes of N (4: both caches)
		want=$(class_count "$table" "$2")
		[ "$1" = 4 ] && want=$(( want + $(class_count "$table" NON_PRI_CACHE) ))
		t_run fadump-analyze convert -v -d "$1" "$in" "$T_TMP/$n.d$1"
		t_is "$(printf '%s\n' "$T_ERR" | sed -n 's/.* zero, \([0-9]*\) excluded).*/\1/p')" \
			"$want" "$n: -d $1 excludes the table's $2 pages"
		rm -f "$T_TMP/$n.d$1"
	done
	# the level-31 row: the data pages of the -d 31 output (one shared zero page)
	t_is "$(printf '%s\n' "$table" | awk '$1 == "31" { print $2 }')" \
		"$(printf '%s\n' "$d31" | sed -n 's/.*: \([0-9]*\) of .*(\([0-9]*\) zero.*/\1 \2/p' | awk '{ print $1 - $2 + ($2 > 0) }')" \
		"$n: level 31 leaves the data pages of -d 31"
}

s=$FA_BUILD/samples/pseries-be-sparse
mem_usage_case sparse "$s"
fadump-analyze convert -q -l -d 1 "$s" "$T_TMP/sparse-d1.kd"
mem_usage_case sparse-kdump "$T_TMP/sparse-d1.kd"
t_run fadump-analyze convert --mem-usage "$s" "$T_TMP/x"
t_is "$T_RC" 2 "--mem-usage with OUT is a usage error"
if [ -e "$G/proc/vmcore" ]; then
	mem_usage_case genuine "$G"
else
	t_skip "genuine FADump cycle k61-2g-4c absent ($G)"
fi

# --dump-dmesg
t_run fadump-analyze convert --dump-dmesg "$s" "$T_TMP/log"
t_is "$T_RC" 0 "--dump-dmesg exits 0 ($T_ERR)"
t_like "$T_ERR" "^The dmesg log is saved to $T_TMP/log\.$" "says where, as makedumpfile"
t_is "$(stat -c %a "$T_TMP/log")" 600 "the log is mode 0600"
fadump-analyze dmesg --indent "$s" >"$T_TMP/log.ref"
t_files_equal "$T_TMP/log" "$T_TMP/log.ref" "the log is dmesg --indent's"
t_run fadump-analyze convert --dump-dmesg "$s" "$T_TMP/log"
t_is "$T_RC" 1 "an existing FILE is refused without -f"
t_run fadump-analyze convert -f --dump-dmesg "$T_TMP/sparse-d1.kd" "$T_TMP/log"
t_is "$T_RC" 0 "-f replaces it (kdump-compressed input)"
t_files_equal "$T_TMP/log" "$T_TMP/log.ref" "the same log from the kdump-compressed file"
ln -s log.ref "$T_TMP/link"
t_run fadump-analyze convert -f --dump-dmesg "$s" "$T_TMP/link"
t_is "$T_RC" 1 "a symbolic link is never replaced, -f or not"
t_ok "the link is untouched" test -L "$T_TMP/link"
t_run fadump-analyze convert --dump-dmesg "$s"
t_is "$T_RC" 2 "--dump-dmesg without FILE is a usage error"
t_is "$(ls -A "$T_TMP" | grep -c '^\.log')" 0 "no temporary left"
if [ -e "$G/proc/vmcore" ] && [ -x "$SYSROOT/usr/bin/makedumpfile" ] &&
   command -v qemu-ppc64le-static >/dev/null; then
	qemu-ppc64le-static "$SYSROOT/lib64/ld64.so.2" --library-path \
		"$SYSROOT/lib/powerpc64le-linux-gnu:$SYSROOT/usr/lib/powerpc64le-linux-gnu" \
		"$SYSROOT/usr/bin/makedumpfile" --dump-dmesg "$G/proc/vmcore" \
		"$T_TMP/mdf.log" >/dev/null 2>&1
	t_run fadump-analyze convert --dump-dmesg "$G" "$T_TMP/genuine.log"
	t_files_equal "$T_TMP/genuine.log" "$T_TMP/mdf.log" \
		"genuine: byte for byte makedumpfile 1.7.2's --dump-dmesg"
else
	t_skip "genuine cycle or makedumpfile:ppc64el sysroot absent: no makedumpfile comparison"
fi
t_done
