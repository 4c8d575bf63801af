#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Malformed dumps from the samples:
mkcorpus.py SAMPLES_DIR ANALYZE OUT_DIR [MAX_FILES]

Deterministic (no randomness but a seeded PRNG): the same samples give the
same corpus.  The bases are the compacted cores of mkseeds.py (headers and
notes as the samples have them, the memory the readers look at) and the
kdump-compressed file `ANALYZE convert` makes of one of them; each
mutation below is applied to each base it fits.

With MAX_FILES, an even spread of at most that many of the (about 500)
mutations is written (every k-th), so that a test can bound its time
(plus the ones that once found a defect); without
it, all of them.

OUT_DIR/MANIFEST has one line per file: NAME<TAB>CLASS<TAB>WHAT, CLASS
being
  bad        broken where nothing can be read: every subcommand must fail
             (exit 1 or 2);
  tolerated  damaged where a reader may carry on (memory, VMCOREINFO,
             firmware structures, segment data): exit 0 is allowed.
"""
import os
import random
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkseeds  # noqa: E402

PT_LOAD, PT_NOTE = 1, 4


class Corpus:
    def __init__(self, out):
        self.out = out
        self.files = []
        self.always = set()
        os.makedirs(out, exist_ok=True)

    def add(self, name, cls, what, data, always=False):
        """@always: a file that once found a defect, kept in any spread."""
        self.files.append((name, cls, what, bytes(data)))
        if always:
            self.always.add(name)

    def finish(self, max_files):
        rest = list(self.files)
        if max_files and len(rest) > max_files:
            step = len(rest) / max_files
            rest = [rest[int(i * step)] for i in range(max_files)]
        keep = {f[0] for f in rest} | self.always
        manifest = []
        for name, cls, what, data in self.files:
            if name in keep:
                with open(os.path.join(self.out, name), "wb") as f:
                    f.write(data)
                manifest.append("%s\t%s\t%s" % (name, cls, what))
        with open(os.path.join(self.out, "MANIFEST"), "w") as f:
            f.write("\n".join(manifest) + "\n")


class Elf:
    """A compacted core and where its structures are."""

    def __init__(self, data):
        self.data = bytes(data)
        self.bo = "<" if data[5] == 1 else ">"
        self.phoff = self.u(64, 32)
        self.phnum = self.u(16, 56)
        self.phdrs = [struct.unpack_from(self.bo + "IIQQQQQQ", data,
                                         self.phoff + 56 * i)
                      for i in range(self.phnum)]
        self.notes = []      # (offset of the note header, namesz, descsz, name)
        for p in self.phdrs:
            if p[0] != PT_NOTE:
                continue
            pos, end = p[2], p[2] + p[5]
            while pos + 12 <= end:
                nsz, dsz, _ = struct.unpack_from(self.bo + "III", data, pos)
                if nsz == 0 and dsz == 0:
                    break
                name = data[pos + 12:pos + 12 + nsz].rstrip(b"\0")
                self.notes.append((pos, nsz, dsz, name))
                pos += 12 + ((nsz + 3) & ~3) + ((dsz + 3) & ~3)

    def u(self, bits, off):
        fmt = {16: "H", 32: "I", 64: "Q"}[bits]
        return struct.unpack_from(self.bo + fmt, self.data, off)[0]

    def put(self, bits, off, value, data=None):
        buf = bytearray(self.data if data is None else data)
        fmt = {8: "B", 16: "H", 32: "I", 64: "Q"}[bits]
        struct.pack_into(self.bo + fmt, buf, off, value & ((1 << bits) - 1))
        return buf

    def ph_field(self, i, field):
        """Offset of a program header field (type flags offset vaddr paddr
        filesz memsz align)."""
        rel = {"type": 0, "flags": 4, "offset": 8, "vaddr": 16,
               "paddr": 24, "filesz": 32, "memsz": 40, "align": 48}[field]
        return self.phoff + 56 * i + rel

    def find(self, magic):
        i = self.data.find(magic, self.phoff + 56 * self.phnum)
        return i


def elf_mutations(c, tag, e):
    d = e.data
    size = len(d)
    ph_end = e.phoff + 56 * e.phnum
    loads = [i for i, p in enumerate(e.phdrs) if p[0] == PT_LOAD]
    note_i = [i for i, p in enumerate(e.phdrs) if p[0] == PT_NOTE]

    # Truncations at every structure boundary (and one byte either side).
    cuts = {0: "empty", 1: "one byte", 4: "magic only", 16: "e_ident only",
            63: "ehdr - 1", 64: "ehdr only"}
    for k in range(e.phnum):
        cuts[e.phoff + 56 * k + 28] = "inside phdr %d" % k
    cuts[ph_end] = "phdrs only"
    for pos, nsz, dsz, name in e.notes[:6]:
        cuts[pos + 6] = "inside the header of note %s" % name.decode()
        cuts[pos + 12 + nsz + dsz // 2] = "inside note %s" % name.decode()
    for n in sorted(cuts):
        if n < size:
            c.add("%s-cut-%06x" % (tag, n), "bad", "truncated: " + cuts[n],
                  d[:n])
    # Cut inside segment data: a truncated vmcore, readable in part.
    for i in loads[:3]:
        p = e.phdrs[i]
        if p[5] > 1:
            n = p[2] + p[5] // 2
            c.add("%s-cut-load%d" % (tag, i), "tolerated",
                  "truncated inside PT_LOAD %d" % i, d[:n])
    c.add("%s-cut-last" % tag, "tolerated", "last byte missing", d[:-1])

    # The ELF header.
    def hdr(name, cls, what, off, bits, value):
        c.add("%s-%s" % (tag, name), cls, what, e.put(bits, off, value))

    c.add(tag + "-magic0", "bad", "ELF magic zeroed", b"\0" * 4 + d[4:])
    hdr("class32", "bad", "EI_CLASS ELFCLASS32", 4, 8, 1)
    hdr("class0", "bad", "EI_CLASS 0", 4, 8, 0)
    hdr("data0", "bad", "EI_DATA 0", 5, 8, 0)
    hdr("data3", "bad", "EI_DATA 3", 5, 8, 3)
    hdr("dataswap", "bad", "EI_DATA says the other byte order", 5, 8,
        3 - d[5])
    hdr("etype-exec", "bad", "e_type ET_EXEC", 16, 16, 2)
    hdr("phentsize32", "bad", "e_phentsize 32", 54, 16, 32)
    hdr("phentsize0", "bad", "e_phentsize 0", 54, 16, 0)
    hdr("phnum-ffff", "bad", "e_phnum 0xffff", 56, 16, 0xffff)
    hdr("phnum0", "tolerated", "e_phnum 0: no memory (regions.c qsort)", 56,
        16, 0)
    hdr("phoff-eof", "bad", "e_phoff at the end of the file", 32, 64, size)
    hdr("phoff-huge", "bad", "e_phoff 2^63", 32, 64, 1 << 63)
    hdr("phoff-odd", "tolerated", "e_phoff 1 (inside the ELF header)", 32, 64,
        1)
    hdr("machine0", "tolerated", "e_machine 0", 18, 16, 0)
    hdr("machine-x86", "tolerated", "e_machine EM_X86_64", 18, 16, 62)
    hdr("version0", "tolerated", "e_version 0", 20, 32, 0)
    hdr("ehsize0", "tolerated", "e_ehsize 0", 52, 16, 0)

    # The notes segment.
    for i in note_i[:1]:
        f = lambda n: e.ph_field(i, n)  # noqa: E731
        c.add("%s-note-offset-eof" % tag, "bad", "PT_NOTE offset past EOF",
              e.put(64, f("offset"), size + 4096))
        c.add("%s-note-offset-huge" % tag, "bad", "PT_NOTE offset 2^64-1",
              e.put(64, f("offset"), -1))
        c.add("%s-note-filesz-huge" % tag, "bad", "PT_NOTE filesz 2^62",
              e.put(64, f("filesz"), 1 << 62))
        c.add("%s-note-filesz-eof" % tag, "bad",
              "PT_NOTE filesz past EOF", e.put(64, f("filesz"), size))
        c.add("%s-note-filesz0" % tag, "tolerated", "PT_NOTE filesz 0",
              e.put(64, f("filesz"), 0))
    for k, (pos, nsz, dsz, name) in enumerate(e.notes[:2]):
        n = name.decode() or "noname"
        c.add("%s-note%d-namesz-huge" % (tag, k), "tolerated",
              "note %s namesz 0xffffffff" % n, e.put(32, pos, 0xffffffff))
        c.add("%s-note%d-descsz-huge" % (tag, k), "tolerated",
              "note %s descsz 0xffffffff" % n,
              e.put(32, pos + 4, 0xffffffff))
        c.add("%s-note%d-descsz-odd" % (tag, k), "tolerated",
              "note %s descsz - 1" % n, e.put(32, pos + 4, dsz - 1))
        c.add("%s-note%d-namesz0" % (tag, k), "tolerated",
              "note %s namesz 0" % n, e.put(32, pos, 0))
        c.add("%s-note%d-type" % (tag, k), "tolerated",
              "note %s type 0x7fffffff" % n, e.put(32, pos + 8, 0x7fffffff))
    vmci = [x for x in e.notes if x[3] == b"VMCOREINFO"]
    if vmci:
        pos, nsz, dsz, _ = vmci[0]
        text = pos + 12 + ((nsz + 3) & ~3)
        body = d[text:text + dsz]

        def vm(name, what, new, always=False):
            new = new[:dsz].ljust(dsz, b"\0")
            c.add("%s-vmci-%s" % (tag, name), "tolerated",
                  "VMCOREINFO: " + what, d[:text] + new + d[text + dsz:],
                  always)

        vm("binary", "non-printable bytes", bytes(range(256)) * 16)
        vm("noequals", "a line without =", b"OSRELEASE\n" + body)
        vm("pagesize0", "PAGESIZE=0", b"PAGESIZE=0\n" + body)
        vm("pagesize3", "PAGESIZE=3", b"PAGESIZE=3\n" + body)
        vm("crashtime", "CRASHTIME out of range",
           b"CRASHTIME=99999999999999999999999\n" + body)
        vm("prb-wild", "SYMBOL(prb) at an unmapped address",
           re.sub(rb"SYMBOL\(prb\)=[0-9a-f]+", b"SYMBOL(prb)=c0000000deadbee0",
                  body))
        # A read at the last address looped forever (fuzz_dump): always in.
        vm("prb-top", "SYMBOL(prb)=ffffffffffffffff",
           re.sub(rb"SYMBOL\(prb\)=[0-9a-f]+", b"SYMBOL(prb)=ffffffffffffffff",
                  body), True)
        vm("sizes-huge", "ring SIZE()s 2^63-1 (the first line wins)",
           b"".join(b"SIZE(%s)=9223372036854775807\n" % k for k in
                    (b"printk_ringbuffer", b"prb_desc", b"printk_info")) +
           body)
        vm("empty", "empty text", b"")

    # The PT_LOADs.
    for i in loads[:2]:
        f = lambda n: e.ph_field(i, n)  # noqa: E731
        p = e.phdrs[i]
        t = "%s-load%d" % (tag, i)
        c.add(t + "-offset-eof", "tolerated", "PT_LOAD %d offset past EOF" % i,
              e.put(64, f("offset"), size + 65536))
        c.add(t + "-offset-wrap", "bad",
              "PT_LOAD %d offset + filesz wraps" % i,
              e.put(64, f("offset"), -16))
        c.add(t + "-filesz-huge", "tolerated",
              "PT_LOAD %d filesz 2^62" % i,
              e.put(64, f("memsz"), 1 << 62, e.put(64, f("filesz"), 1 << 62)))
        c.add(t + "-filesz-gt-memsz", "tolerated",
              "PT_LOAD %d filesz > memsz" % i,
              e.put(64, f("memsz"), max(p[6] // 2, 1)))
        c.add(t + "-memsz-huge", "tolerated",
              "PT_LOAD %d memsz 2^60 (convert max_mapnr)" % i,
              e.put(64, f("memsz"), 1 << 60))
        c.add(t + "-paddr-huge", "tolerated",
              "PT_LOAD %d paddr 2^63 (convert max_mapnr)" % i,
              e.put(64, f("paddr"), 1 << 63))
        c.add(t + "-paddr-wrap", "tolerated",
              "PT_LOAD %d paddr + memsz wraps" % i,
              e.put(64, f("paddr"), -p[6] // 2))
        c.add(t + "-vaddr-wrap", "tolerated",
              "PT_LOAD %d vaddr + memsz wraps" % i,
              e.put(64, f("vaddr"), -p[6] // 2))
        c.add(t + "-null", "tolerated", "PT_LOAD %d made PT_NULL" % i,
              e.put(32, f("type"), 0))
    if len(loads) >= 2:
        a, b = loads[0], loads[1]
        pa = e.phdrs[a][4]
        c.add(tag + "-loads-same", "tolerated",
              "two PT_LOADs at the same paddr",
              e.put(64, e.ph_field(b, "paddr"), pa))
        c.add(tag + "-loads-overlap", "tolerated",
              "PT_LOADs overlapping by one byte",
              e.put(64, e.ph_field(b, "paddr"),
                    pa + max(e.phdrs[a][6] - 1, 0)))
        c.add(tag + "-loads-nested", "tolerated",
              "a PT_LOAD inside another (elfcore nested lookup)",
              e.put(64, e.ph_field(a, "memsz"), 1 << 40,
                    e.put(64, e.ph_field(b, "paddr"), pa + 4096)))
        allnull = bytearray(d)
        for i in loads:
            allnull = e.put(32, e.ph_field(i, "type"), 0, allnull)
        c.add(tag + "-loads-none", "tolerated",
              "no PT_LOAD at all (regions.c qsort)", allnull)

    # Firmware structures in memory.
    for magic, what in ((b"FADMPSIG", "crash-info header"),
                        (b"GISPMDAF", "crash-info header"),
                        (b"FADMPINF", "crash-info header"),
                        (b"FNIPMDAF", "crash-info header"),
                        (b"REGSAVE", "register save area")):
        at = e.find(magic)
        if at < 0:
            continue
        short = "ci" if magic != b"REGSAVE" else "rs"
        c.add("%s-%s-magic0" % (tag, short), "tolerated", what + ": magic 0",
              d[:at] + b"\0" * 8 + d[at + 8:])
        for off in (8, 12, 16, 24, 32, 40):
            c.add("%s-%s-ff%02d" % (tag, short, off), "tolerated",
                  "%s: 0xffffffff at +%d" % (what, off),
                  d[:at + off] + b"\xff" * 4 + d[at + off + 4:])

    # Seeded byte flips in the headers and notes.
    rnd = random.Random(tag)
    front = max(e.notes[-1][0] + 12 if e.notes else ph_end, ph_end)
    for k in range(4):
        buf = bytearray(d)
        for _ in range(1 + k % 4):
            buf[rnd.randrange(front)] ^= 1 << rnd.randrange(8)
        c.add("%s-flip%02d" % (tag, k), "tolerated",
              "random bit flips in the headers and notes", buf)


def kdump_mutations(c, tag, d):
    bo = ">" if d[:8] == b"KDUMP   " and d[8:12] == b"\0\0\0\x06" else "<"
    size = len(d)
    block = struct.unpack_from(bo + "i", d, 428)[0]

    def put(off, fmt, value):
        buf = bytearray(d)
        struct.pack_into(bo + fmt, buf, off, value)
        return buf

    for n, what in ((0, "empty"), (8, "signature only"), (400, "in header"),
                    (463, "header - 1"), (464, "header only"),
                    (block + 50, "inside the sub-header"),
                    (block * 2 + 100, "inside the notes or bitmaps"),
                    (block * 3 + 7, "inside the bitmaps"),
                    (size - 1, "last byte missing")):
        if n < size:
            c.add("%s-cut-%06x" % (tag, n),
                  "bad" if n < block else "tolerated", "truncated: " + what,
                  d[:n])
    c.add(tag + "-sig0", "bad", "signature zeroed", b"\0" * 8 + d[8:])
    for off, fmt, value, what in (
            (8, "i", 0, "header_version 0"),
            (8, "i", 99, "header_version 99"),
            (424, "I", 0xffffffff, "status every bit"),
            (428, "i", 0, "block_size 0"),
            (428, "i", 3, "block_size 3"),
            (428, "i", 1 << 30, "block_size 1 GiB"),
            (428, "i", -4096, "block_size negative"),
            (432, "i", -1, "sub_hdr_size -1"),
            (432, "i", 1 << 30, "sub_hdr_size 2^30"),
            (436, "I", 0, "bitmap_blocks 0"),
            (436, "I", 0xffffffff, "bitmap_blocks 2^32-1"),
            (440, "I", 0xffffffff, "max_mapnr 2^32-1"),
            (456, "i", 0x7fffffff, "nr_cpus 2^31-1"),
            (460, "i", -1, "nr_cpus -1")):
        c.add("%s-%s" % (tag, what.replace(" ", "-").replace("^", "")),
              "tolerated", what, put(off, fmt, value))
    # The sub-header (first block): offsets and sizes of the notes etc.
    for rel, what in ((0, "phys_base"), (8, "dump_level"),
                      (48, "offset_note"), (56, "size_note"),
                      (64, "offset_eraseinfo"), (72, "size_eraseinfo"),
                      (80, "start_pfn_64"), (88, "end_pfn_64"),
                      (96, "max_mapnr_64")):
        if block + rel + 8 <= size:
            c.add("%s-sub-%s-huge" % (tag, what), "tolerated",
                  "sub-header %s 2^63-1" % what,
                  put(block + rel, "q", (1 << 63) - 1))


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: mkcorpus.py SAMPLES_DIR ANALYZE OUT_DIR [MAX_FILES]")
    samples, analyze, out = sys.argv[1:4]
    max_files = int(sys.argv[4]) if len(sys.argv) == 5 else 0
    c = Corpus(out)
    bases = []
    for s in ("pseries-le-64k", "pseries-be-4k", "phyp", "powernv-le"):
        path = os.path.join(samples, s, "proc", "vmcore")
        if os.path.exists(path):
            bases.append((s, mkseeds.Core(path).compact()))
    opal = os.path.join(samples, "powernv-le", "sys/firmware/opal/core")
    if os.path.exists(opal):
        bases.append(("opalcore", mkseeds.Core(opal).compact()))
    if not bases:
        sys.exit("mkcorpus.py: no samples in " + samples)
    for tag, data in bases:
        elf_mutations(c, tag, Elf(data))
    # One kdump-compressed base, made by the program itself.
    src = os.path.join(out, ".base.core")
    kd = os.path.join(out, ".base.kdump")
    # 4 KiB pages: the compacted segments are whole pages of it (with 64 KiB
    # pages convert would keep no page of the 4 KiB pieces).
    base = dict(bases).get("pseries-be-4k", bases[0][1])
    with open(src, "wb") as f:
        f.write(base)
    r = subprocess.run([analyze, "convert", "-q", "-l", "-d", "31", src, kd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("mkcorpus.py: convert failed: " + r.stderr.decode())
    with open(kd, "rb") as f:
        kdump_mutations(c, "kdump", f.read())
    os.unlink(src)
    os.unlink(kd)
    c.finish(max_files)


if __name__ == "__main__":
    main()
