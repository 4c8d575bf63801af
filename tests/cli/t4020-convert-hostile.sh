#!/usr/bin/env bash
# t4020-convert-hostile.sh - convert bounds what a dump claims by what the
# file and the machine can hold: a PT_LOAD beyond the architecture's
# physical address space is refused, a sparse span costs no bitmap disk,
# a malformed VMCOREINFO line is skipped with one warning, and every
# input error names the input file.
. "$(dirname "$0")/lib.sh"

mk() { python3 "$FA_SRC/tests/cli/mkcore.py" "$@"; }
cd "$T_TMP" || exit 1

# p_memsz of 2^54 bytes: 2^38 pages of bitmaps before, now refused at once.
mk huge note:0:0:0 load:0:0x10000:0x10000 load:0x100000:0x10000:0x40000000000000
t_run timeout 20 fadump-analyze convert huge huge.kdump
t_is "$T_RC" 1 "PT_LOAD past MAX_PHYSMEM_BITS: exit 1"
t_like "$T_ERR" '^fadump-analyze: huge: PT_LOAD #2 \(p_paddr 0x100000, p_memsz 0x40000000000000\) ends beyond the 51-bit physical address space' \
	"PT_LOAD past MAX_PHYSMEM_BITS: one line naming the file and the segment"
t_is "$(ls | grep -c kdump)" 0 "PT_LOAD past MAX_PHYSMEM_BITS: no output left"

# p_paddr 2^45 (64K pages: 2^29 pfns, 64 MiB per bitmap): the empty span
# between the two segments is a hole in the output, not zeros on disk.
mk sparse note:0:0:0 load:0:0x10000:0x10000 load:0x200000000000:0x10000:0x10000
t_run timeout 60 fadump-analyze convert sparse sparse.kdump
t_is "$T_RC" 0 "sparse span: exit 0"
t_like "$T_ERR" '2 of 2 pages dumped' "sparse span: both pages dumped"
kib=$(du -k sparse.kdump | cut -f1)
t_ok "sparse span: $kib KiB on disk, under 16 MiB (bitmaps were 128 MiB)" test "$kib" -lt 16384
t_run fadump-analyze info sparse.kdump
t_is "$T_RC" 0 "sparse span: the output reads back"
t_like "$T_OUT" '^Memory: +128 KiB in 2 ranges' "sparse span: both pages in the output"
t_run fadump-analyze convert -F sparse sparse.flat
t_is "$T_RC" 0 "sparse span, flattened: exit 0"
t_ok "sparse span, flattened: under 16 MiB" test "$(stat -c %s sparse.flat)" -lt 16777216
t_run fadump-analyze convert sparse.flat sparse2.kdump
t_is "$T_RC" 0 "sparse span, flattened: rebuilds"
t_files_equal sparse.kdump sparse2.kdump "sparse span, flattened: rebuilt file equals the direct one"

# A malformed VMCOREINFO line: other subcommands read the dump, so does
# convert, with one warning naming the file and the line.
mk badvi --vmcoreinfo $'OSRELEASE=6.10.0\nGARBAGE\nPAGESIZE=65536\n' \
	note:0:0:0 load:0:0x20000:0x20000
t_run fadump-analyze convert badvi badvi.kdump
t_is "$T_RC" 0 "malformed VMCOREINFO line: converted"
t_is "$(printf '%s\n' "$T_ERR" | grep -c warning)" 1 "malformed VMCOREINFO line: one warning"
t_like "$T_ERR" '^fadump-analyze convert: warning: badvi: VMCOREINFO line 2 \(offset 17\): expected KEY=VALUE, found "GARBAGE"; 1 line skipped$' \
	"malformed VMCOREINFO line: the warning names the file and the line"
t_unlike "$T_ERR" 'VMCOREINFO: VMCOREINFO' "malformed VMCOREINFO line: no doubled prefix"
t_run fadump-analyze info badvi.kdump
t_like "$T_OUT" '^Page size: +64 KiB' "malformed VMCOREINFO line: PAGESIZE after it still read"

# Input errors name the input.
mk badps --vmcoreinfo $'PAGESIZE=12345\n' note:0:0:0 load:0:0x20000:0x20000
t_run fadump-analyze convert badps badps.kdump
t_is "$T_RC" 1 "bad PAGESIZE: exit 1"
t_like "$T_ERR" '^fadump-analyze: badps: VMCOREINFO PAGESIZE=12345: expected a power of two' \
	"bad PAGESIZE: names the file"
t_done
