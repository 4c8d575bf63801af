#!/usr/bin/env bash
# t2035-analyze-hostile-layout.sh - dumps whose layout a fuzzer made up:
# no memory at all (a 120-byte ELF core with one PT_NULL), nested and
# crossing PT_LOADs, a log that cannot be read.  Every subcommand answers
# without a sanitizer report, and says why the panic is unknown.
. "$(dirname "$0")/lib.sh"

mk() { python3 "$FA_SRC/tests/cli/mkcore.py" "$@"; }

# No memory ranges and no firmware sections: summary and regions used to
# qsort(NULL, 0), which UBSan aborts on.
mk "$T_TMP/null" null:0:0:0
t_is "$(stat -c %s "$T_TMP/null")" 120 "a 120-byte core"
t_run fadump-analyze "$T_TMP/null"
t_is "$T_RC" 0 "summary of an empty core: exit 0"
t_unlike "$T_ERR" 'runtime error|Sanitizer' "summary of an empty core: no sanitizer report"
t_like "$T_OUT" '^Panic: +unknown \(kernel log unreadable: no VMCOREINFO note\)$' \
	"summary: the log is unreadable, not panic-free"
t_run fadump-analyze regions "$T_TMP/null"
t_is "$T_RC" 0 "regions of an empty core: exit 0"
t_unlike "$T_ERR" 'runtime error|Sanitizer' "regions of an empty core: no sanitizer report"
t_run fadump-analyze info "$T_TMP/null"
t_like "$T_OUT" '^Panic: +unknown \(kernel log unreadable: no VMCOREINFO note\)$' \
	"info: the log is unreadable, and why"
t_run fadump-analyze info --json "$T_TMP/null"
t_like "$T_OUT" '"log_error": "no VMCOREINFO note"' "info --json: log_error says why"

# A VMCOREINFO without a log: the reason is the printk reader's.
mk "$T_TMP/nolog" note:0:0:0 load:0:0x10000:0x10000
t_run fadump-analyze "$T_TMP/nolog"
t_is "$T_RC" 0 "no log symbols: the summary still succeeds"
t_like "$T_OUT" '^Panic: +unknown \(kernel log unreadable: .*log_buf' \
	"no log symbols: says the log could not be read"

# A VMCOREINFO that is no text: the reason once, not "VMCOREINFO: VMCOREINFO: ".
mk "$T_TMP/binvi" --vmcoreinfo $'OSRELEASE=6.10\x01\n' note:0:0:0 load:0:0x10000:0x10000
t_run fadump-analyze info "$T_TMP/binvi"
t_like "$T_OUT" '^Panic: +unknown \(kernel log unreadable: VMCOREINFO: non-printable byte 0x01 at offset 14\)$' \
	"binary VMCOREINFO: says why, prefixed once"

# Nested and crossing PT_LOADs: every byte inside any of them is memory.
mk "$T_TMP/nested" note:0:0:0 load:0:0x40000:0x40000:0x11 \
	load:0x10000:0x10000:0x10000:0x22 load:0x38000:0x10000:0x10000:0x33
t_run fadump-analyze info "$T_TMP/nested"
t_is "$T_RC" 0 "nested PT_LOADs: info exits 0"
t_like "$T_OUT" '^Memory: +288 KiB in [0-9]+ ranges' "nested PT_LOADs: memory counted once"
t_run fadump-analyze regions "$T_TMP/nested"
t_is "$(printf '%s\n' "$T_OUT" | awk '$1 == "memory" { print $2, $3 }' | tr '\n' ' ')" \
	"0x0 0x3ffff 0x40000 0x47fff " "nested PT_LOADs: memory regions do not overlap"
t_unlike "$T_OUT" '^hole' "nested PT_LOADs: no hole inside the outer segment"
t_done
