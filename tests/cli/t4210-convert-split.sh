#!/usr/bin/env bash
# t4210-convert-split.sh - convert --split and --reassemble (issue 17
# item 3), makedumpfile's argument order:
#   - --split 3 on the ppc64 samples (both byte orders): each split file
#     alone, read by libkdumpfile, holds its range's pages as the unsplit
#     conversion does and nothing else (split_check.py); --reassemble of
#     the three (in any order, as makedumpfile sorts them) is the unsplit
#     file byte for byte; makedumpfile 1.7.2's --reassemble of our split
#     files too (ppc64el under qemu-ppc64le-static);
#   - on a genuine 6.1 cycle: our split files are makedumpfile's own
#     --split files byte for byte;
#   - errors: missing operands, a file given twice (overlap), a missing
#     file (gap), a split file of another dump, a whole file, the output
#     rule: one line, exit 2 (usage) or 1, nothing written.
. "$(dirname "$0")/lib.sh"

CHK=$FA_SRC/tests/cli/split_check.py
PY=/usr/bin/python3
sysroot=${FA_CACHE:-/var/cache/fadump-tools}/e2e/sysroot
mdf=0
[ -x "$sysroot/usr/bin/makedumpfile" ] && command -v qemu-ppc64le-static >/dev/null && mdf=1
mkdumpfile() {	# makedumpfile:ppc64el 1.7.2 under qemu-ppc64le-static
	qemu-ppc64le-static "$sysroot/lib64/ld64.so.2" --library-path \
		"$sysroot/lib/powerpc64le-linux-gnu:$sysroot/usr/lib/powerpc64le-linux-gnu" \
		"$sysroot/usr/bin/makedumpfile" "$@"
}

t_run fadump-analyze convert --help
t_like "$T_OUT" '--split IN OUT1 OUT2' "--help lists --split"
t_like "$T_OUT" '--reassemble OUT1 OUT2' "--help lists --reassemble"
t_like "$T_OUT" '--splitblock-size KB' "--help lists --splitblock-size"
for o in split reassemble splitblock; do
	t_ok "the man page describes --$o" grep -qF -- "\\-\\-$o" "$FA_SRC/man/fadump-analyze.1"
done

for spec in "pseries-le-64k -l -d 31 65536" "pseries-be-4k -z -d 1 16384" \
	    "phyp -c -d 0 65536" "powernv-le -l -d 31 65536"; do
	set -- $spec
	name=$1 c=$2 d="$3 $4" sb=$5
	r=$FA_BUILD/samples/$name
	w=$T_TMP/$name
	mkdir -p "$w"
	fadump-analyze convert -q $c $d "$r" "$w/whole.kd" 2>/dev/null
	t_run fadump-analyze convert $c $d --num-threads 2 --splitblock-size "$sb" --split \
		"$r" "$w/s1" "$w/s2" "$w/s3"
	t_is "$T_RC" 0 "$name $c $d --split 3: exit 0 ($T_ERR)"
	t_is "$(stat -c %a "$w/s1" "$w/s2" "$w/s3" | tr '\n' ' ')" "600 600 600 " \
		"$name: ... the split files are 0600"
	total=0
	for s in s1 s2 s3; do
		t_run "$PY" "$CHK" "$w/$s" "$w/whole.kd"
		t_is "$T_RC" 0 "$name: ... $s alone in libkdumpfile: its range, as unsplit ($T_OUT)"
		total=$((total + ${T_OUT##* }))
	done
	t_like "$total" '^[1-9]' "$name: ... the three hold pages ($total)"
	t_run fadump-analyze convert --reassemble "$w/s2" "$w/s3" "$w/s1" "$w/re.kd"
	t_is "$T_RC" 0 "$name: --reassemble (any order): exit 0 ($T_ERR)"
	t_files_equal "$w/re.kd" "$w/whole.kd" "$name: ... byte-identical to the unsplit output"
	if [ "$mdf" = 1 ] && readelf -h "$r/proc/vmcore" | grep -q 'little endian'; then
		mkdumpfile --reassemble "$w/s1" "$w/s2" "$w/s3" "$w/m.kd" >/dev/null 2>&1
		t_files_equal "$w/m.kd" "$w/whole.kd" \
			"$name: ... makedumpfile 1.7.2 --reassemble of our split files writes the same"
	else
		t_skip "$name: makedumpfile:ppc64el absent, or a big-endian dump (it reads its own byte order only)"
	fi
done

# errors
w=$T_TMP/pseries-le-64k
r=$FA_BUILD/samples/pseries-le-64k
t_run fadump-analyze convert --split "$r" "$T_TMP/only"
t_is "$T_RC:$(ls "$T_TMP" | grep -c only)" 2:0 "--split with one output: usage error (exit 2)"
t_like "$T_ERR" 'two output files or more' "... says it needs two outputs or more"
t_run fadump-analyze convert --reassemble "$w/s1"
t_is "$T_RC" 2 "--reassemble with one operand: usage error (exit 2)"
t_run fadump-analyze convert --split -o "$T_TMP/o" "$r" "$T_TMP/a" "$T_TMP/b"
t_is "$T_RC" 2 "--split with -o: usage error (exit 2)"
t_run fadump-analyze convert --split "$r" "$T_TMP/a" "$T_TMP/a"
t_is "$T_RC" 1 "--split naming a file twice: exit 1"
t_run fadump-analyze convert --split --splitblock-size 3 "$r" "$T_TMP/a" "$T_TMP/b"
t_is "$T_RC:$(ls "$T_TMP" | grep -c '^[ab]$')" 1:0 "--splitblock-size not a multiple of the page size: exit 1, nothing written"
t_like "$T_ERR" 'not a multiple of the page size' "... says why"
t_run fadump-analyze convert --reassemble "$w/s1" "$w/s2" "$w/x.kd"
t_is "$T_RC:$(ls "$w" | grep -c x.kd)" 1:0 "--reassemble with a file missing: exit 1, nothing written"
t_like "$T_ERR" 'in none of the files: a split file is missing' "... says a split file is missing"
t_run fadump-analyze convert --reassemble "$w/s1" "$w/s2" "$w/s2" "$w/s3" "$w/x.kd"
t_is "$T_RC" 1 "--reassemble with a file twice: exit 1"
t_like "$T_ERR" 'overlap' "... says the ranges overlap"
t_run fadump-analyze convert --reassemble "$w/s1" "$T_TMP/pseries-be-4k/s2" "$w/s3" "$w/x.kd"
t_is "$T_RC" 1 "--reassemble with a split file of another dump: exit 1"
t_like "$T_ERR" 'from another dump' "... says it is from another dump"
t_run fadump-analyze convert --reassemble "$w/s1" "$w/whole.kd" "$w/x.kd"
t_is "$T_RC" 1 "--reassemble with an unsplit file: exit 1"
t_like "$T_ERR" 'not a split file' "... says it is not a split file"
t_run fadump-analyze convert --reassemble "$w/s1" "$r/proc/vmcore" "$w/x.kd"
t_is "$T_RC:$(ls "$w" | grep -c x.kd)" 1:0 "--reassemble with an ELF vmcore as a part: exit 1, nothing written"
t_like "$T_ERR" "$r/proc/vmcore: expected a split kdump-compressed file, found ELF vmcore" \
	"... names the file, what was expected and the format found"
printf 'not a dump at all' >"$T_TMP/junk"
t_run fadump-analyze convert --reassemble "$w/s1" "$T_TMP/junk" "$w/x.kd"
t_is "$T_RC" 1 "--reassemble with a part that is no dump: exit 1"
t_like "$T_ERR" "$T_TMP/junk: not a dump: expected an ELF or kdump-compressed signature" \
	"... says so as every subcommand does (the format table's probe)"
t_run fadump-analyze convert --reassemble "$w/s1" "$w/s2" "$w/s3" "$w/whole.kd"
t_is "$T_RC" 1 "--reassemble onto an existing file without -f: exit 1"
t_run fadump-analyze convert --reassemble -f "$w/s1" "$w/s2" "$w/s3" "$w/s3"
t_is "$T_RC" 1 "--reassemble -f onto one of the split files: exit 1"
t_run fadump-analyze convert --reassemble -f "$w/s1" "$w/s2" "$w/s3" "$w/whole.kd"
t_is "$T_RC" 0 "... with -f an unrelated file is replaced"
t_is "$(ls -a "$T_TMP" "$w" | grep -c '^\..*\.[A-Za-z0-9]\{6\}$')" 0 "no temporary is left behind"

# memory at both ends of ppc64's 51-bit space: a sparse span costs its
# memory, not its 2^35 pfns (time and memory; the files are sparse)
python3 "$FA_SRC/tests/cli/mkcore.py" "$T_TMP/far.core" note:0:0:0 \
	load:0:0x20000:0x20000 load:0x7000000000000:0x10000:0x10000:0
t_run timeout 60 fadump-analyze convert -l -d 1 --split "$T_TMP/far.core" "$T_TMP/f1" "$T_TMP/f2"
t_is "$T_RC" 0 "sparse 51-bit core --split 2: exit 0 ($T_ERR)"
fadump-analyze convert -q -l -d 1 "$T_TMP/far.core" "$T_TMP/fw.kd"
t_run /usr/bin/time -f '%M' timeout 60 fadump-analyze convert --reassemble "$T_TMP/f2" "$T_TMP/f1" "$T_TMP/fr.kd"
t_is "$T_RC" 0 "... --reassemble: exit 0"
t_ok "... in less than 64 MiB ($(tail -1 <<<"$T_ERR") KiB)" test "$(tail -1 <<<"$T_ERR")" -lt 65536
t_files_equal "$T_TMP/fr.kd" "$T_TMP/fw.kd" "... byte-identical to the unsplit output"
rm -f "$T_TMP"/f1 "$T_TMP"/f2 "$T_TMP"/fr.kd "$T_TMP"/fw.kd

# genuine FADump, 6.1: makedumpfile's own split files
root=${FA_CACHE:-/var/cache/fadump-tools}/genuine/cycles/k61-2g-4c/root
if [ "${FA_E2E:-1}" = 0 ] || [ ! -e "$root/proc/vmcore" ]; then
	t_skip "genuine 6.1 cycle absent or FA_E2E=0 ($root)"
elif [ "$mdf" = 0 ]; then
	t_skip "makedumpfile:ppc64el or qemu-ppc64le-static absent ($sysroot)"
else
	g=$T_TMP/g
	mkdir -p "$g"
	t_run fadump-analyze convert -l -d 31 --split --splitblock-size 65536 "$root" \
		"$g/s1" "$g/s2" "$g/s3"
	t_is "$T_RC" 0 "genuine k61-2g-4c -l -d 31 --split 3: exit 0 ($T_ERR)"
	mkdumpfile -l -d 31 --split --splitblock-size 65536 "$root/proc/vmcore" \
		"$g/m1" "$g/m2" "$g/m3" >/dev/null 2>&1
	for i in 1 2 3; do
		t_files_equal "$g/s$i" "$g/m$i" \
			"genuine: split file $i is makedumpfile 1.7.2's --split file $i byte for byte"
	done
	fadump-analyze convert -q -l -d 31 "$root" "$g/whole.kd"
	t_run fadump-analyze convert --reassemble "$g/s1" "$g/s2" "$g/s3" "$g/re.kd"
	t_files_equal "$g/re.kd" "$g/whole.kd" "genuine: --reassemble is the unsplit output"
	t_run "$PY" "$CHK" "$g/s2" "$g/whole.kd"
	t_is "$T_RC" 0 "genuine: the middle split file alone in libkdumpfile ($T_OUT)"
fi
t_done
