#!/usr/bin/env bash
# t2030-analyze-malformed.sh - every malformed input gets exactly one line
# "fadump-analyze: FILE: <expected, found>" on stderr and exit 1: empty
# file, not a dump, truncated ELF, PT_LOAD past EOF (for convert; info
# reads what is there after a warning), corrupted REGSAVE
# magic, byte-swapped crash-info header, bad ibm,kernel-dump, a directory
# without proc/vmcore, a flattened stream, a missing file.
. "$(dirname "$0")/lib.sh"

M=(--ram 1G --cpus 4 --content zero=90,text=5,struct=5,random=0 --cmdline fadump=on)
good=$T_TMP/good
t_run fadump-kernel crash "${M[@]}" -o "$good"
t_is "$T_RC" 0 "sample"
vm=$good/proc/vmcore

# patch FILE PADDR HEX: overwrite bytes at a physical address of an ELF core.
patch() {
	python3 - "$@" <<'PY'
import struct, sys
path, pa, data = sys.argv[1], int(sys.argv[2], 0), bytes.fromhex(sys.argv[3])
f = open(path, 'r+b')
h = f.read(64)
bo = '<' if h[5] == 1 else '>'
phoff, = struct.unpack_from(bo + 'Q', h, 32)
phnum, = struct.unpack_from(bo + 'H', h, 56)
f.seek(phoff)
ph = f.read(56 * phnum)
for i in range(phnum):
    t, fl, off, va, p, fs, ms, al = struct.unpack_from(bo + 'IIQQQQQQ', ph, 56 * i)
    if t == 1 and p <= pa < p + fs:
        f.seek(off + pa - p); f.write(data); sys.exit(0)
sys.exit('address not in a PT_LOAD')
PY
}

# bad NAME PATH [ARGS...] REGEX: fadump-analyze info PATH fails with one line.
bad() {
	local name=$1 path=$2 re=$3
	t_run fadump-analyze info "$path"
	t_is "$T_RC" 1 "$name: exit 1"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "$name: one line"
	# A file inside a capture root is named alone, not after the root.
	t_like "$T_ERR" "^fadump-analyze: $path(: |/)$re" "$name: names the file and the problem"
	t_is "$T_OUT" "" "$name: nothing on stdout"
}

: > "$T_TMP/empty"
bad "empty file" "$T_TMP/empty" 'empty file: expected an ELF vmcore'
head -c 4096 /dev/urandom | tr '\177' x > "$T_TMP/garbage"
bad "not a dump" "$T_TMP/garbage" 'not a dump: expected an ELF or kdump-compressed signature'
head -c 100 "$vm" > "$T_TMP/trunc-elf"
bad "truncated ELF" "$T_TMP/trunc-elf" '.*(need|trunc|short|only)'
cp --sparse=always "$vm" "$T_TMP/short"
truncate -s $(( $(stat -c %s "$vm") / 2 )) "$T_TMP/short"
# A truncated vmcore: info reads what is there after one warning line;
# convert, which would write a partial dump, refuses it.
t_run fadump-analyze info "$T_TMP/short"
t_is "$T_RC" 0 "PT_LOAD past EOF: info reads what is there"
t_like "$T_ERR" "^fadump-analyze: warning: $T_TMP/short: truncated: the headers describe [0-9]+ bytes, the file has $(stat -c %s "$T_TMP/short");" \
	"PT_LOAD past EOF: one warning with both sizes"
t_like "$T_OUT" '^Dump type: +FADump pSeries' "PT_LOAD past EOF: the header facts"
t_run fadump-analyze convert -l "$T_TMP/short" "$T_TMP/short.kd"
t_is "$T_RC" 1 "PT_LOAD past EOF: convert refuses"
t_like "$T_ERR" "^fadump-analyze: $T_TMP/short: .*PT_LOAD" "PT_LOAD past EOF: convert names the file and the problem"
printf 'makedumpfile\0\0\0\0' > "$T_TMP/flat"; head -c 4080 /dev/zero >> "$T_TMP/flat"
bad "flattened stream" "$T_TMP/flat" 'a flattened makedumpfile stream: rebuild it first'
mkdir -p "$T_TMP/notroot/proc"
bad "directory without proc/vmcore" "$T_TMP/notroot" 'a directory, but not a capture root: no proc/vmcore'
t_run fadump-analyze info "$T_TMP/nonexistent"
t_is "$T_RC" 1 "missing file: exit 1"
t_like "$T_ERR" "^fadump-analyze: $T_TMP/nonexistent: No such file or directory\$" "missing file: errno text"

# Firmware data corrupted inside a copy of the capture root.
copy_root() {
	rm -rf "$1"; mkdir -p "$1"
	cp -r --sparse=always "$good/." "$1/"
}
r=$T_TMP/regsave
copy_root "$r"
patch "$r/proc/vmcore" 0x14000000 0000000000000000
bad "corrupted REGSAVE magic" "$r" 'CPU state data at 0x14000000: Unable to read register save area'
# Without ibm,kernel-dump nothing says where REGSAVE should be: a warning.
t_run fadump-analyze info "$r/proc/vmcore"
t_is "$T_RC" 0 "corrupted REGSAVE, vmcore alone: the scan carries on"
t_like "$T_OUT" '^Warning: +no REGSAVE area found' "corrupted REGSAVE, vmcore alone: warns"
r=$T_TMP/swapped
copy_root "$r"
hdr=$(sed -n 's/^DUMP: .*Dest: \(0x[0-9a-f]*\), Size: \(0x[0-9a-f]*\),.*/\1 \2/p' "$good/sys/kernel/debug/powerpc/fadump_region")
set -- $hdr
patch "$r/proc/vmcore" $(($1 + $2)) 4641444d50534947   # FADMPSIG big-endian in an LE dump
bad "byte-swapped crash-info header" "$r" "crash-info header at $(printf '%#x' $(($1 + $2))): .*"
t_like "$T_ERR" '(endian|byte-swapped|swapped)' "byte-swapped header: says so"
r=$T_TMP/kdprop
copy_root "$r"
head -c 30 "$good/proc/device-tree/rtas/ibm,kernel-dump" > "$r/proc/device-tree/rtas/ibm,kernel-dump"
bad "truncated ibm,kernel-dump" "$r" '.*ibm,kernel-dump: '
t_done
