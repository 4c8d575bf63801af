# SPDX-License-Identifier: GPL-2.0-or-later
"""kdread.py - what the libkdumpfile checkers share."""
import kdumpfile


def page(k, addr, ps):
    """The page at physical @addr of kdumpfile @k, or None (no data)."""
    try:
        return k.read(kdumpfile.KDUMP_MACHPHYSADDR, addr, ps)
    except kdumpfile.exceptions.NoDataException:
        return None
