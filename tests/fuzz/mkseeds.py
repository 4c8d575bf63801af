#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Cut fuzz seeds from the samples: mkseeds.py SAMPLES_DIR OUT_DIR [ANALYZE]

Writes OUT_DIR/NAME/<sample>-<what> for each fuzz target NAME that a sample
holds input for: the ELF header and program headers (elfhdr), the notes
(elfnote, with the byte-order byte the target expects), each NT_PRSTATUS
(prstatus), the VMCOREINFO text (vmcoreinfo), the crash-info header
(crashinfo) and REGSAVE area (regsave) found in the dump's memory, the
device-tree properties (rtas), the fadump_region text (ktext), and a
compacted copy of each vmcore and opalcore (elfcore, dump): headers and
notes as they are, the PT_LOADs cut down to the non-zero pages the readers
look at (see Core.wanted_pages), at most 256 KiB of them.  Given the path
of fadump-analyze, also the kdump-compressed and flattened forms of each
compacted core (diskdump, flattened, dump-kdump).
Same samples, same seeds.
"""
import os
import struct
import subprocess
import sys
import tempfile

PAGE = 4096
MAX_DATA = 256 << 10
KMASK = (1 << 60) - 1
MAGICS = [b"FADMPSIG", b"GISPMDAF", b"FADMPINF", b"FNIPMDAF"]


class Core:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self.size = os.fstat(self.fd).st_size
        h = self.pread(64, 0)
        if len(h) < 64 or h[:4] != b"\x7fELF":
            raise ValueError(path + ": not ELF")
        self.bo = "<" if h[5] == 1 else ">"
        self.ehdr = h
        self.phoff = struct.unpack(self.bo + "Q", h[32:40])[0]
        self.phnum = struct.unpack(self.bo + "H", h[56:58])[0]
        self.phdrs = []
        for i in range(self.phnum):
            raw = self.pread(56, self.phoff + 56 * i)
            self.phdrs.append(list(struct.unpack(self.bo + "IIQQQQQQ", raw)))

    def pread(self, n, off):
        return os.pread(self.fd, n, off)

    def extents(self, off, length):
        """Data extents (SEEK_DATA/SEEK_HOLE) inside [off, off+length)."""
        end = off + length
        while off < end:
            try:
                d = os.lseek(self.fd, off, os.SEEK_DATA)
            except OSError:
                return
            if d >= end:
                return
            h = min(os.lseek(self.fd, d, os.SEEK_HOLE), end)
            yield d, h - d
            off = h

    def notes(self):
        return b"".join(self.pread(p[5], p[2]) for p in self.phdrs
                        if p[0] == 4)

    def note_list(self):
        blob, pos, out = self.notes(), 0, []
        while pos + 12 <= len(blob):
            nsz, dsz, typ = struct.unpack(self.bo + "III", blob[pos:pos + 12])
            if nsz == 0 and dsz == 0 and typ == 0:
                break
            name = blob[pos + 12:pos + 12 + nsz]
            d0 = pos + 12 + ((nsz + 3) & ~3)
            out.append((name.rstrip(b"\0"), typ, blob[d0:d0 + dsz]))
            pos = d0 + ((dsz + 3) & ~3)
        return out

    def find(self, magics, limit=64 << 20):
        """File offsets of any of @magics in the data of the PT_LOADs."""
        hits = []
        for p in self.phdrs:
            if p[0] != 1:
                continue
            for d, n in self.extents(p[2], min(p[5], limit)):
                buf = self.pread(n, d)
                for m in magics:
                    i = buf.find(m)
                    while i >= 0 and len(hits) < 8:
                        hits.append(d + i)
                        i = buf.find(m, i + 1)
        return hits

    def phys_to_off(self, pa):
        for p in self.phdrs:
            if p[0] == 1 and p[4] <= pa < p[4] + p[5]:
                return p[2] + pa - p[4]
        return None

    def wanted_pages(self):
        """Physical pages the readers look at, most important first: the
        crash-info header and register save area, the pages VMCOREINFO's
        SYMBOL()s point to, the small segments, then two levels of kernel
        pointers from there."""
        want, order = set(), []

        def add(pa):
            pg = pa & ~(PAGE - 1)
            if pg not in want and self.phys_to_off(pg) is not None:
                want.add(pg)
                order.append(pg)

        # The crash-info header and the register save area, wherever
        # the memory holds them.
        for off in self.find(MAGICS + [b"REGSAVE"]):
            for p in self.phdrs:
                if p[0] == 1 and p[2] <= off < p[2] + p[5]:
                    for a in range(0, 4 * PAGE, PAGE):
                        add(p[4] + off - p[2] + a)
        for name, typ, desc in self.note_list():
            if name != b"VMCOREINFO":
                continue
            for line in desc.decode("ascii", "replace").splitlines():
                if line.startswith("SYMBOL(") and "=" in line:
                    try:
                        add(int(line.split("=", 1)[1], 16) & KMASK)
                    except ValueError:
                        pass
        # The first page of every segment, so that each keeps a range.
        for p in self.phdrs:
            if p[0] == 1:
                add(p[4])
        for p in self.phdrs:
            if p[0] == 1 and p[5] <= 1 << 20:
                for a in range(p[4], p[4] + p[5], PAGE):
                    add(a)
        for _ in range(2):
            for pg in list(order):
                buf = self.pread(PAGE, self.phys_to_off(pg))
                for i in range(0, len(buf) - 7, 8):
                    v = struct.unpack(self.bo + "Q", buf[i:i + 8])[0]
                    if v >> 60 == 0xc and len(order) * PAGE < MAX_DATA:
                        add(v & KMASK)
        return order[:MAX_DATA // PAGE]

    def compact(self):
        """The core with each PT_LOAD cut to the wanted non-zero pages."""
        loads, data = [], bytearray()
        for pa in sorted(self.wanted_pages()):
            page = self.pread(PAGE, self.phys_to_off(pa))
            seg = next(p for p in self.phdrs
                       if p[0] == 1 and p[4] <= pa < p[4] + p[5])
            if not page.strip(b"\0") and pa != seg[4] & ~(PAGE - 1):
                continue
            size = min(PAGE, seg[4] + seg[5] - pa, len(page))
            va = seg[3] + pa - seg[4] if seg[3] else 0
            last = loads[-1] if loads else None
            if last and last[1] + last[3] == pa and last[6] is seg:
                last[3] += size
            else:
                loads.append([1, pa, va, size, seg[1], len(data), seg])
            data += page[:size]
        others = [p for p in self.phdrs if p[0] != 1]
        nph = len(others) + len(loads)
        off = 64 + 56 * nph
        out = bytearray(self.ehdr)
        struct.pack_into(self.bo + "Q", out, 32, 64)
        struct.pack_into(self.bo + "H", out, 56, nph)
        ph, blobs = bytearray(), bytearray()
        for p in others:
            q = list(p)
            if p[0] == 4:
                blob = self.pread(p[5], p[2])
                q[2] = off + len(blobs)
                blobs += blob
            else:
                q[2] = q[5] = 0
            ph += struct.pack(self.bo + "IIQQQQQQ", *q)
        base = off + len(blobs)
        for typ, pa, va, size, flags, doff, _ in loads:
            ph += struct.pack(self.bo + "IIQQQQQQ", typ, flags, base + doff,
                              va, pa, size, size, 0)
        return bytes(out + ph + blobs + data)


def put(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def from_core(out, tag, path):
    try:
        c = Core(path)
    except (OSError, ValueError):
        return
    bo_byte = b"\x00" if c.bo == "<" else b"\x01"
    put(out, "elfhdr", tag, c.pread(64 + 56 * c.phnum, 0))
    put(out, "elfnote", tag, bo_byte + c.notes())
    machine = struct.unpack(c.bo + "H", c.ehdr[18:20])[0]
    mbyte = (2 if machine == 62 else 0) | bo_byte[0]
    for i, (name, typ, desc) in enumerate(c.note_list()):
        if name == b"CORE" and typ == 1 and i < 3:
            put(out, "prstatus", "%s-%d" % (tag, i), bytes([mbyte]) + desc)
        if name == b"VMCOREINFO":
            put(out, "vmcoreinfo", tag, desc)
    core = c.compact()
    put(out, "elfcore", tag, core)
    put(out, "dump", tag, core)
    for i, off in enumerate(c.find(MAGICS)[:2]):
        put(out, "crashinfo", "%s-%d" % (tag, i), c.pread(4096, off))
    for i, off in enumerate(c.find([b"REGSAVE"])[:2]):
        put(out, "regsave", "%s-%d" % (tag, i), c.pread(65536, off))


def converted(out, analyze):
    """Each compacted core through convert: the file and the -F stream."""
    cores = os.path.join(out, "dump")
    for name in sorted(os.listdir(cores)) if os.path.isdir(cores) else []:
        src = os.path.join(cores, name)
        with tempfile.TemporaryDirectory() as tmp:
            kd = os.path.join(tmp, "kdump")
            r = subprocess.run([analyze, "convert", "-q", "-l", "-d", "31",
                                src, kd], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            if r.returncode == 0:
                with open(kd, "rb") as f:
                    data = f.read()
                put(out, "diskdump", name, data[:65536])
                # Kept apart: under ASan, opening a kdump-compressed file
                # costs seconds (libkdumpfile's page cache), too slow to
                # fuzz; and three of them reach the regions.c qsort(NULL, 0)
                # defect (h-defects), so t9000 does not replay them yet.
                put(out, "dump-kdump", name, data)
            r = subprocess.run([analyze, "convert", "-q", "-F", "-l", "-d",
                                "31", src], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
            if r.returncode == 0:
                put(out, "flattened", name, r.stdout[:65536])


def from_file(out, target, tag, path, limit=65536):
    try:
        with open(path, "rb") as f:
            put(out, target, tag, f.read(limit))
    except OSError:
        pass


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: mkseeds.py SAMPLES_DIR OUT_DIR [ANALYZE]")
    samples, out = sys.argv[1], sys.argv[2]
    for s in sorted(os.listdir(samples)):
        root = os.path.join(samples, s)
        if not os.path.isfile(os.path.join(root, "proc", "vmcore")):
            continue
        from_core(out, s, os.path.join(root, "proc", "vmcore"))
        from_core(out, s + "-opalcore",
                  os.path.join(root, "sys", "firmware", "opal", "core"))
        dt = os.path.join(root, "proc", "device-tree")
        for sub, prop in (("rtas", "ibm,kernel-dump"),
                          ("rtas", "ibm,configure-kernel-dump-sizes"),
                          ("rtas", "ibm,configure-kernel-dump"),
                          (".", "reserved-ranges")):
            from_file(out, "rtas", "%s-%s" % (s, prop),
                      os.path.join(dt, sub, prop))
        from_file(out, "ktext", s + "-fadump_region",
                  os.path.join(root, "sys/kernel/debug/powerpc/fadump_region"))
        from_file(out, "ktext", s + "-release_region",
                  os.path.join(root, "sys/kernel/release_region"))
    if len(sys.argv) == 4:
        converted(out, sys.argv[3])


if __name__ == "__main__":
    main()
