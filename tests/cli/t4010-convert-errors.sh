#!/usr/bin/env bash
# t4010-convert-errors.sh - convert's failure modes leave nothing under the
# final name: bad input, usage errors, a write error (file size limit),
# SIGINT while reading a stream; and the output is mode 0600.
. "$(dirname "$0")/lib.sh"

r=$T_TMP/root
t_run fadump-kernel crash --ram 768M --cpus 2 --content zero=97,text=3 \
	--cmdline fadump=on -o "$r"
t_is "$T_RC" 0 "capture root made"

t_run fadump-analyze convert -l "$r" "$T_TMP/ok.kd"
t_is "$T_RC" 0 "convert exits 0"
t_is "$(stat -c %a "$T_TMP/ok.kd")" 600 "output is mode 0600"
t_is "$(ls -A "$T_TMP" | grep -c '^\.ok')" 0 "no temporary left"

t_run fadump-analyze convert -d 32 "$r" "$T_TMP/x.kd"
t_is "$T_RC" 2 "-d 32 is a usage error"
t_like "$T_ERR" "expected a dump level 0..31" "and says so"
t_run fadump-analyze convert "$r"
t_is "$T_RC" 2 "missing OUT is a usage error"
t_run fadump-analyze convert "$r" -
t_is "$T_RC" 2 "stdout without -F is a usage error"

printf 'not a dump at all' >"$T_TMP/junk"
t_run fadump-analyze convert "$T_TMP/junk" "$T_TMP/x.kd"
t_is "$T_RC" 1 "junk input exits 1"
t_like "$T_ERR" "junk" "the message names the file"
t_run fadump-analyze convert "$T_TMP/junk" "$T_TMP/x.kd"
t_ok "no output after bad input" test ! -e "$T_TMP/x.kd"
# a kdump-compressed input is refiltered (t4100), a truncated one refused
t_run fadump-analyze convert "$T_TMP/ok.kd" "$T_TMP/x.kd"
t_is "$T_RC" 0 "kdump-compressed input is refiltered ($T_ERR)"
rm -f "$T_TMP/x.kd"
head -c 70000 "$T_TMP/ok.kd" >"$T_TMP/short.kd"
t_run fadump-analyze convert "$T_TMP/short.kd" "$T_TMP/x.kd"
t_is "$T_RC" 1 "a truncated kdump-compressed input exits 1"
t_like "$T_ERR" "short.kd" "the message names the file"
t_ok "no output after a truncated kdump input" test ! -e "$T_TMP/x.kd"

# A write error half-way (RLIMIT_FSIZE: EFBIG instead of ENOSPC)
t_run bash -c "trap '' XFSZ; ulimit -f 2048; exec fadump-analyze convert -d 0 '$r' '$T_TMP/big.kd'"
t_is "$T_RC" 1 "write error exits 1"
t_like "$T_ERR" "write .*failed" "write error reported"
t_is "$(ls -A "$T_TMP" | grep -c 'big')" 0 "nothing left behind after the write error"

# SIGINT while the flattened stream is still being read
mkfifo "$T_TMP/fifo"
fadump-analyze convert - "$T_TMP/int.kd" <"$T_TMP/fifo" 2>"$T_TMP/int.err" &
pid=$!
exec 7>"$T_TMP/fifo"
printf 'makedumpfile' >&7
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
exec 7>&-
t_ok "SIGINT ends it with a failure status ($rc)" test "$rc" -ne 0
t_is "$(ls -A "$T_TMP" | grep -c 'int.kd')" 0 "nothing left behind after SIGINT"
t_done
