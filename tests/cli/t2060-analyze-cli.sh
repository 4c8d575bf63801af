#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t2060-analyze-cli.sh - the fadump-analyze command line (issue 13):
# --vmlinux checked against the dump (machine, byte order, kernel symbols,
# build ID), truncated vmcores read as far as they go with one warning,
# opalcore given a capture root, a schema member in every --json document,
# one-line errors without repeated or muddled paths, the banner whole,
# info agreeing with cpus on a converted file, and a full --help for every
# subcommand.
. "$(dirname "$0")/lib.sh"

M=(--ram 768M --cpus 4 --content zero=90,text=5,struct=5,random=0 --cmdline fadump=on)
VML=$FA_BUILD/samples/minikernel/vmlinux-ppc64le
VMB=$FA_BUILD/samples/minikernel/vmlinux-ppc64
le=$T_TMP/le
old=$T_TMP/old
pnv=$T_TMP/pnv
t_run fadump-kernel crash "${M[@]}" --crashing-cpu 3 -o "$le"
t_is "$T_RC" 0 "sample: pSeries 6.10 LE"
t_run fadump-kernel crash "${M[@]}" --era pre-6.10 --crashing-cpu 3 -o "$old"
t_is "$T_RC" 0 "sample: pSeries pre-6.10 LE"
t_run fadump-kernel crash --platform powernv --endian be --era 6.10 --page-size 4K \
	--ram 2G --cpus 4 --content zero=90,text=5,struct=5,random=0 \
	--cmdline fadump=on --crashing-cpu 2 -o "$pnv"
t_is "$T_RC" 0 "sample: PowerNV BE"

# one_error NAME [COMMAND...]: exit 1, exactly one line, nothing repeated
one_error() {
	local name=$1; shift
	t_run "$@"
	t_is "$T_RC" 1 "$name: exit 1"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "$name: one line"
	t_like "$T_ERR" '^fadump-analyze: ' "$name: the program's prefix"
	t_unlike "$T_ERR" '(^|: )([^ :]+): \2[:/]' "$name: no path repeated"
	t_unlike "$T_ERR" '//' "$name: no doubled slash"
}

# ---- 1. --vmlinux is checked against the dump ----
for sub in info cpus ""; do
	t_run fadump-analyze $sub --vmlinux "$VML" "$le"
	t_is "$T_RC" 0 "${sub:-summary}: the dump's own vmlinux is accepted"
	one_error "${sub:-summary}: big-endian vmlinux for a little-endian dump" \
		fadump-analyze $sub --vmlinux "$VMB" "$le"
	t_like "$T_ERR" "^fadump-analyze: $VMB: a ppc64 ELF, expected a ppc64le kernel as the dump\$" \
		"${sub:-summary}: big-endian vmlinux: names both"
	one_error "${sub:-summary}: /bin/ls as vmlinux" fadump-analyze $sub --vmlinux /bin/ls "$le"
	t_is "$T_OUT" "" "${sub:-summary}: /bin/ls as vmlinux: nothing printed"
done
t_run fadump-analyze info --vmlinux "$VML" "$le"
t_like "$T_OUT" '^NIP: +0x[0-9a-f]+ crash_fadump\+0x' "the right vmlinux still symbolizes"
# A kernel-less ELF of the right machine: no _stext / linux_banner.
printf 'int main(void) { return 0; }\n' > "$T_TMP/x.c"
if powerpc64le-linux-gnu-gcc -o "$T_TMP/notkernel" "$T_TMP/x.c" 2>/dev/null; then
	one_error "ppc64le program as vmlinux" fadump-analyze info --vmlinux "$T_TMP/notkernel" "$le"
	t_like "$T_ERR" 'no _stext or linux_banner symbol: not a kernel image' "ppc64le program: not a kernel"
else
	t_skip "no powerpc64le-linux-gnu-gcc"
fi
# Another build of the same kernel: the build ID differs.
cp "$VML" "$T_TMP/vmlinux-other"
id=$(readelf -n "$VML" | sed -n 's/.*Build ID: *//p')
/usr/bin/python3 - "$T_TMP/vmlinux-other" "$id" <<'PY'
import sys
path, hexid = sys.argv[1], sys.argv[2]
b = bytearray(open(path, 'rb').read())
i = b.find(bytes.fromhex(hexid))
assert i > 0
b[i] ^= 0xff
open(path, 'wb').write(bytes(b))
PY
one_error "another build (build ID)" fadump-analyze cpus --vmlinux "$T_TMP/vmlinux-other" "$le"
t_like "$T_ERR" "build ID [0-9a-f]+, expected the dump's VMCOREINFO BUILD-ID ${id:0:8}" "another build: both IDs named"
t_is "$T_OUT" "" "another build: nothing symbolized"

# ---- 2. a truncated vmcore is read as far as it goes ----
size=$(stat -c %s "$le/proc/vmcore")
cp -r --sparse=always "$le" "$T_TMP/tail"
truncate -s $((size - 32 * 1024 * 1024)) "$T_TMP/tail/proc/vmcore"
cp --sparse=always "$le/proc/vmcore" "$T_TMP/half"
truncate -s $((size / 2)) "$T_TMP/half"
warn_re='^fadump-analyze: warning: [^ ]+: truncated: the headers describe [0-9]+ bytes, the file has [0-9]+; showing what it holds$'
for sub in info "" cpus dmesg regions; do
	t_run fadump-analyze $sub "$T_TMP/tail"
	t_is "$T_RC" 0 "tail cut, ${sub:-summary}: exit 0"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "tail cut, ${sub:-summary}: one warning line"
	t_like "$T_ERR" "$warn_re" "tail cut, ${sub:-summary}: names file and both sizes"
	t_like "$T_ERR" "the headers describe $size bytes, the file has $((size - 32 * 1024 * 1024))" \
		"tail cut, ${sub:-summary}: the sizes are right"
done
t_run fadump-analyze info "$T_TMP/tail"
t_like "$T_OUT" '^Dump type: +FADump pSeries' "tail cut: type"
t_like "$T_OUT" '^Crashing CPU: +3 \(from the crash-info header\)' "tail cut: crashing CPU"
t_like "$T_OUT" '^OSRELEASE: +6\.10\.0' "tail cut: kernel"
t_run fadump-analyze info "$T_TMP/half"
t_is "$T_RC" 0 "half cut: info exits 0"
t_like "$T_OUT" '^Crash time: +2024-' "half cut: crash time from the notes"
t_like "$T_OUT" '^Threads: +4 CPU notes' "half cut: the notes"
t_run fadump-analyze cpus --json "$T_TMP/half"
t_is "$T_RC" 0 "half cut: cpus --json exits 0"
one_error "convert refuses a truncated vmcore" fadump-analyze convert -l "$T_TMP/half" "$T_TMP/half.kd"
t_like "$T_ERR" 'past the end of the file .*truncated dump' "convert: says truncated"
t_ok "convert: no output left" test ! -e "$T_TMP/half.kd"

# ---- 3. opalcore on a capture root ----
t_run fadump-analyze opalcore "$pnv"
t_is "$T_RC" 0 "opalcore ROOT: exit 0 ($T_ERR)"
t_like "$T_OUT" 'PIR' "opalcore ROOT: the threads"
t_run fadump-analyze opalcore "$pnv/sys/firmware/opal/mpipl/core"
t_is "$T_RC" 0 "opalcore FILE: exit 0"
one_error "opalcore on a pSeries root" fadump-analyze opalcore "$le"
t_like "$T_ERR" "^fadump-analyze: $le: a capture root without an opalcore" "opalcore on a pSeries root: says what is missing"

# ---- 4. every --json document has a schema ----
fadump-analyze opalcore --json "$pnv" > "$T_TMP/j-opalcore.json"
fadump-analyze cpus --json "$le" > "$T_TMP/j-cpus.json"
fadump-analyze dmesg --json "$le" > "$T_TMP/j-dmesg.json"
fadump-analyze info --json "$le" > "$T_TMP/j-info.json"
fadump-analyze --json "$le" > "$T_TMP/j-summary.json"
fadump-analyze regions --json "$le" > "$T_TMP/j-regions.json"
fadump-analyze split --json "$le" -o "$T_TMP/split" > "$T_TMP/j-split.json"
for k in opalcore cpus dmesg info summary regions split; do
	t_run /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
want = "fadump-analyze/%s/1" % sys.argv[2]
sys.exit(0 if d.get("schema") == want else "schema %r, expected %r" % (d.get("schema"), want))
' "$T_TMP/j-$k.json" "$k"
	t_is "$T_RC" 0 "$k --json: schema fadump-analyze/$k/1 ($T_ERR)"
done

# ---- 5. one line per error, no repeated or muddled path ----
one_error "convert: missing input" fadump-analyze convert "$T_TMP/missing" "$T_TMP/o1"
t_like "$T_ERR" "^fadump-analyze: $T_TMP/missing: (cannot open: )?No such file or directory\$" "convert: missing input named once"
one_error "convert: root /" fadump-analyze convert -l / "$T_TMP/o2"
one_error "split: DIR in a missing directory" fadump-analyze split "$le" -o /nonexist/dir/x
t_like "$T_ERR" '^fadump-analyze: /nonexist/dir/x: ' "split: the DIR alone is named"
one_error "split: truncated root" fadump-analyze split "$T_TMP/tail" -o "$T_TMP/sp"
one_error "rebuild-notes: truncated root" fadump-analyze rebuild-notes "$T_TMP/tail" "$T_TMP/n"
for sub in "" info regions split cpus dmesg opalcore convert rebuild-notes; do
	t_run fadump-analyze $sub --bogus "$le"
	t_is "$T_RC" 2 "${sub:-summary} --bogus: exit 2"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "${sub:-summary} --bogus: one line"
	t_like "$T_ERR" "^fadump-analyze${sub:+ $sub}: unknown option '--bogus'" "${sub:-summary} --bogus: names the option"
done
t_run fadump-analyze info --vmlinux
t_like "$T_ERR" "^fadump-analyze info: option '--vmlinux' needs a value" "a missing value is named"
t_run fadump-analyze cpus -c
t_like "$T_ERR" "^fadump-analyze cpus: option '-c' needs a value" "a missing short value is named"
t_run fadump-analyze "$le"
banner=$(printf '%s\n' "$T_OUT" | sed -n '/^Banner:/,/^Kernel era:/p' | sed '$d' |
	sed 's/^Banner: *//; s/^ *//' | tr '\n' ' ' | sed 's/ $//')
t_like "$banner" '\(2024-07-15\)$' "summary: the banner whole (wrapped, not cut)"
width=$(printf '%s\n' "$T_OUT" | awk '{ if (length > m) m = length } END { print m }')
t_ok "summary: fits 80 columns ($width)" test "$width" -le 80

# ---- 6. a converted file: info agrees with cpus, and says FADump ----
for lvl in 0 31; do
	t_run fadump-analyze convert -q -l -d $lvl "$old" "$T_TMP/old$lvl.kd"
	t_is "$T_RC" 0 "convert -d $lvl pre-6.10"
	t_run fadump-analyze info "$T_TMP/old$lvl.kd"
	t_like "$T_OUT" '^Crashing CPU: +3 ' "-d $lvl: info says CPU 3, as the ELF says"
	t_unlike "$T_OUT" 'kdump-compressed header' "-d $lvl: not the header's unset field"
	t_like "$T_OUT" '^Dump type: +FADump pSeries, kdump-compressed' "-d $lvl: the type by what the dump holds"
	t_like "$T_OUT" '^FW sections: +present' "-d $lvl: the firmware sections found"
	t_run fadump-analyze cpus "$T_TMP/old$lvl.kd"
	t_like "$T_OUT" '^Crashing CPU: +3 ' "-d $lvl: cpus says 3 too"
done

# ---- 8. every subcommand has a full --help ----
for sub in info regions split cpus rebuild-notes dmesg opalcore convert browse save; do
	t_run fadump-analyze $sub --help
	t_is "$T_RC" 0 "$sub --help: exit 0"
	t_ok "$sub --help: more than a usage line ($(printf '%s\n' "$T_OUT" | wc -l) lines)" \
		test "$(printf '%s\n' "$T_OUT" | wc -l)" -ge 8
	t_like "$T_OUT" '^Exit status: 0 ok; 1 bad input' "$sub --help: exit statuses"
	t_like "$T_OUT" '^  -h, --help' "$sub --help: lists --help"
	width=$(printf '%s\n' "$T_OUT" | awk '{ if (length > m) m = length } END { print m }')
	t_ok "$sub --help: fits 80 columns ($width)" test "$width" -le 80
	for o in $(printf '%s\n' "$T_OUT" | sed -n '1,/^$/p' | grep -o -- '--[a-z-]*' | sort -u); do
		t_like "$T_OUT" "^ +(-[a-zA-Z], )*$o" "$sub --help: explains $o"
	done
done
t_run fadump-analyze convert --help
for o in -F --num-threads --cyclic-pfns '-q, --quiet' '-v, --verbose'; do
	t_like "$T_OUT" "^ +.*$o" "convert --help: explains $o"
done
t_done
