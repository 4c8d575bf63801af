# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/lib.sh - shared by the genuine FADump fixture's scripts
# (sourced).  Cache: ${FA_CACHE:-/var/cache/fadump-tools}/genuine.
# shellcheck shell=bash
GEN_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GEN_DIR=$GEN_SRC/tests/genuine
GEN_CACHE=${FA_CACHE:-/var/cache/fadump-tools}/genuine
mkdir -p "$GEN_CACHE"

glog() { echo "(genuine: $*)" >&2; }
gdie() { echo "genuine: $*" >&2; exit 1; }

# glock NAME: hold $GEN_CACHE/.lock-NAME on fd 9 until the script ends
# (concurrent builders of the same piece wait for each other).
glock() {
	exec 9>"$GEN_CACHE/.lock-$1"
	flock 9
}

# gdeps PKG...: install the missing Debian packages through
# scripts/install-deps (idempotent; apt's lock is waited for).
gdeps() {
	local i
	for i in 1 2 3 4 5 6; do
		FA_DEPS_EXTRA="$*" "$GEN_SRC/scripts/install-deps" >&2 && return 0
		glog "install-deps failed (apt busy?), retry $i"
		sleep 20
	done
	gdie "cannot install $*"
}

# gkey FILE...: a key over the contents of FILEs and the extra words in
# $GEN_KEYWORDS
gkey() {
	{ cat "$@"; echo "${GEN_KEYWORDS:-}"; } | sha256sum | cut -c1-16
}
