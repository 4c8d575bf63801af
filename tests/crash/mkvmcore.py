#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/crash/mkvmcore.py - write the ppc64le FADump vmcore that matches the
crash-extension test kernel (tests/crash/fixture/kernel.c).

Independent of the code under test: every structure is laid out here from
the offsets in fadump-kernel-formats.md (sec. 3, 5.1, 6), with struct.pack.

  mkvmcore.py --vmlinux VMLINUX [--era current|old] [--no-fw-sections]
              [--opal] [--corrupt] [--kdump] OUT

Layout of the crashed machine (the constants of kernel.c):
  kernel image at physical 0 (vaddr 0xc000000000000000)
  CPU state data (REGSAVE) at 0x10000000, HPTE at 0x10004000
  crash-info header at 0x18010000
  4 CPUs; CPU 1 offline; CPU 2 crashed; firmware lists CPUs 3, 0, 2, 1
so the notes are, in firmware order, CPU 3, CPU 0, CPU 2 (from the header).
"""
import argparse
import struct

KBASE = 0xC000000000000000
REGSAVE_AT = 0x10000000
HPTE_AT = 0x10004000
HDR_AT = 0x18010000
FW_ORDER = [3, 0, 2, 1]
ONLINE = [0, 2, 3]
CRASHING = 2
PAGE = 0x10000


def tag(s):
    return s.encode().ljust(8, b"\0")


def elf_symbols(img):
    """name -> value from .symtab of a little-endian ELF64."""
    shoff, = struct.unpack_from("<Q", img, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", img, 0x3A)
    secs = [struct.unpack_from("<IIQQQQIIQQ", img, shoff + i * shentsize)
            for i in range(shnum)]
    syms = {}
    for s in secs:
        if s[1] != 2:  # SHT_SYMTAB
            continue
        strtab = secs[s[6]]
        for off in range(s[4], s[4] + s[5], 24):
            name, _info, _other, _shndx, value, _size = \
                struct.unpack_from("<IBBHQQ", img, off)
            end = img.index(b"\0", strtab[4] + name)
            syms[img[strtab[4] + name:end].decode()] = value
    return syms


def elf_loads(img):
    phoff, = struct.unpack_from("<Q", img, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", img, 0x36)
    out = []
    for i in range(phnum):
        p = struct.unpack_from("<IIQQQQQQ", img, phoff + i * phentsize)
        if p[0] == 1:
            out.append((p[3], img[p[2]:p[2] + p[5]], p[6]))
    return out


def cpu_regs(cpu, sym):
    """The 48 pt_regs slots of one CPU (firmware view)."""
    r = [0] * 48
    for i in range(32):
        r[i] = (cpu << 16) | (0x100 + i)
    r[1] = sym["init_stack"] + 0x1000 * (cpu + 1) - 0x70
    r[13] = 0xC000000001F80000 + cpu * 0x400       # paca
    r[32] = sym["nmi_stop_this_cpu"] + 0x4           # nip
    r[33] = 0x8000000000001033                       # msr: SF|EE? no: SF ME IR DR RI LE
    r[35] = 0x1000 + cpu                             # ctr
    r[36] = sym["start_kernel"] + 0x18               # link
    r[37] = 0x20000000                               # xer: CA
    r[38] = 0x28000482                               # ccr
    r[41] = 0xC000000000DEAD00 + cpu                 # dar
    r[42] = 0x42000000                               # dsisr
    return r


def crash_regs(sym):
    """The crashing CPU's pt_regs as the first kernel saved them."""
    r = cpu_regs(CRASHING, sym)
    r[32] = sym["crash_fadump"] + 0x8
    r[36] = sym["panic"] + 0x14
    r[34] = 0xC000000000ABCDEF                       # orig_gpr3
    r[39] = 1                                        # softe
    r[40] = 0x700                                    # trap: program check
    r[43] = 0
    return r


FW_EXTRA = [("PIR", lambda c: c), ("PVR", lambda c: 0x004E1202),
            ("SRR0", lambda c: 0xC000000000001234), ("SRR1", lambda c: 0x8000000000001031),
            ("CFAR", lambda c: 0xC000000000005678 + c), ("DSCR", lambda c: 0x10),
            ("TAR", lambda c: 0)]


def regsave_area(sym):
    """REGSAVE area, sec. 3: header 16 B, NumCpus at 16, entries from 20."""
    ent = []
    for cpu in FW_ORDER:
        r = cpu_regs(cpu, sym)
        if cpu == CRASHING:       # firmware stopped it later, in os-term
            r[32] = sym["rtas_os_term"] + 0x10
        ent.append((tag("CPUSTRT"), cpu))
        for i in range(32):
            ent.append((tag("GPR%02d" % i), r[i]))
        for name, idx in (("NIA", 32), ("MSR", 33), ("CTR", 35), ("LR", 36),
                          ("XER", 37), ("CR", 38), ("DAR", 41), ("DSISR", 42)):
            ent.append((tag(name), r[idx]))
        for name, f in FW_EXTRA:
            ent.append((tag(name), f(cpu)))
        ent.append((tag("CPUEND"), cpu))
    b = tag("REGSAVE") + struct.pack(">II", 0, 16) + struct.pack(">I", len(FW_ORDER))
    for t, v in ent:
        b += t + struct.pack(">Q", v)
    return b


def crash_info(era, sym, vmci_paddr, vmci_size):
    regs = struct.pack("<48Q", *crash_regs(sym))
    mask = struct.pack("<Q", sum(1 << c for c in ONLINE)) + bytes(248)
    if era == "current":   # FADMPSIG v1, sec. 5.1; magic LE reads "GISPMDAF"
        return (struct.pack("<QIIQQII", 0x4641444D50534947, 1, CRASHING,
                            vmci_paddr, vmci_size, 384, 256) + regs + mask)
    return (struct.pack("<QQII", 0x4641444D50494E46, HDR_AT + 0x1000, CRASHING, 0)
            + regs + mask)


def note(name, ntype, desc):
    n = name.encode() + b"\0"
    pad = lambda b: b + bytes(-len(b) % 4)
    return struct.pack("<III", len(n), len(desc), ntype) + pad(n) + pad(desc)


def prstatus(regs):
    # sec. 6.1: 112 bytes before pr_reg, 384 of pr_reg, pr_fpvalid + pad
    return bytes(112) + struct.pack("<48Q", *regs) + bytes(8)


def kdump_file(notes, segs, vmcoreinfo, ncpus):
    """kdump-compressed, raw pages (dump-formats-and-tools.md sec. 1)."""
    pages = {}
    for paddr, blob in segs:
        for o in range(0, len(blob), PAGE):
            pfn = (paddr + o) // PAGE
            page = bytearray(pages.get(pfn, bytes(PAGE)))
            chunk = blob[o:o + PAGE]
            start = (paddr + o) % PAGE
            page[start:start + len(chunk)] = chunk
            pages[pfn] = bytes(page)
    max_mapnr = max(pages) + 1
    sub_hdr_size = (104 + len(notes) + PAGE - 1) // PAGE
    bm_blocks = ((max_mapnr + 7) // 8 + PAGE - 1) // PAGE
    bitmap = bytearray(bm_blocks * PAGE)
    for pfn in pages:
        bitmap[pfn // 8] |= 1 << (pfn % 8)
    uts = b"".join(x.ljust(65, b"\0") for x in
                   (b"Linux", b"fixture", b"6.10.0-fixture", b"#1 SMP",
                    b"ppc64le", b"(none)"))
    hdr = (b"KDUMP   " + struct.pack("<i", 6) + uts + bytes(6) +
           struct.pack("<qq", 1700000000, 0) +
           struct.pack("<IiiIIIIIIi", 0, PAGE, sub_hdr_size, 2 * bm_blocks,
                       max_mapnr, 0, 0, 0, 0, ncpus))
    note_off = PAGE + 104
    vmci_off = note_off + notes.index(vmcoreinfo)
    sub = struct.pack("<QiiQQqQqQqQQQQ", 0, 0, 0, 0, max_mapnr,
                      vmci_off, len(vmcoreinfo), note_off, len(notes),
                      0, 0, 0, max_mapnr, max_mapnr)
    out = bytearray(hdr.ljust(PAGE, b"\0"))
    out += (sub + notes).ljust(sub_hdr_size * PAGE, b"\0")
    out += bitmap + bitmap
    desc_at = len(out)
    data_at = desc_at + 24 * len(pages)
    descs = b""
    data = b""
    for pfn in sorted(pages):
        descs += struct.pack("<qIIQ", data_at + len(data), PAGE, 0, 0)
        data += pages[pfn]
    return bytes(out) + descs + data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vmlinux", required=True)
    ap.add_argument("--era", choices=["current", "old"], default="current")
    ap.add_argument("--no-fw-sections", action="store_true",
                    help="cut the reserved area as mainline does")
    ap.add_argument("--opal", action="store_true",
                    help="PowerNV: no REGSAVE area, crashing_cpu in the header is a PIR")
    ap.add_argument("--corrupt", action="store_true",
                    help="damage the firmware sections: NumCpus past the area, "
                         "crash-info header of the other byte order")
    ap.add_argument("--kdump", action="store_true",
                    help="write kdump-compressed (makedumpfile) format")
    ap.add_argument("out")
    a = ap.parse_args()

    img = open(a.vmlinux, "rb").read()
    sym = elf_symbols(img)

    # Physical memory of the image (bss included), rounded to a page.
    top = max(v - KBASE + m for v, _d, m in elf_loads(img))
    top = (top + PAGE - 1) // PAGE * PAGE
    mem = bytearray(top)
    for v, data, _m in elf_loads(img):
        mem[v - KBASE:v - KBASE + len(data)] = data

    vmcoreinfo = ("OSRELEASE=6.10.0-fixture\nPAGESIZE=65536\n"
                  "SYMBOL(_stext)=%x\nSYMBOL(init_uts_ns)=%x\n"
                  "NUMBER(RADIX_MMU)=1\nKERNELOFFSET=0\nCRASHTIME=1700000000\n"
                  % (KBASE, sym["init_uts_ns"])).encode()
    notes = b""
    regs = {c: cpu_regs(c, sym) for c in FW_ORDER}
    regs[CRASHING] = crash_regs(sym)
    # OPAL lists threads in PIR order; pSeries firmware in its own order.
    for cpu in (sorted(FW_ORDER) if a.opal else FW_ORDER):
        if cpu in ONLINE:
            notes += note("CORE", 1, prstatus(regs[cpu]))
    # /proc/vmcore merges the notes and drops the terminators.
    notes += note("VMCOREINFO", 0, vmcoreinfo)

    segs = [(0, bytes(mem))]
    if not a.no_fw_sections and not a.opal:
        area = regsave_area(sym)
        if a.corrupt:
            area = area[:16] + struct.pack(">I", 0x7fffffff) + area[20:]
        segs.append((REGSAVE_AT, area.ljust(0x4000, b"\0")))
        segs.append((HPTE_AT, bytes(0x1000)))
    if not a.no_fw_sections:
        hdr = crash_info(a.era, sym, 0x7f00000, 0x1024)
        if a.corrupt:  # a big-endian kernel's magic in a little-endian dump
            hdr = struct.pack(">Q", 0x4641444D50534947) + hdr[8:]
        if a.opal:  # the OPAL trigger overwrites crashing_cpu with the PIR
            hdr = hdr[:12] + struct.pack("<I", CRASHING * 4) + hdr[16:]
        segs.append((HDR_AT, hdr.ljust(PAGE, b"\0")))

    if a.kdump:
        with open(a.out, "wb") as f:
            f.write(kdump_file(notes, segs, vmcoreinfo, len(ONLINE)))
        return

    phnum = 1 + len(segs)
    off = 64 + 56 * phnum
    ph = struct.pack("<IIQQQQQQ", 4, 0, off, 0, 0, len(notes), 0, 0)
    data = notes
    off += len(notes)
    for paddr, blob in segs:
        off = (off + PAGE - 1) // PAGE * PAGE
        ph += struct.pack("<IIQQQQQQ", 1, 7, off, KBASE + paddr, paddr,
                          len(blob), len(blob), 0)
        data = data.ljust(off - 64 - 56 * phnum, b"\0") + blob
        off += len(blob)
    eh = (b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8) +
          struct.pack("<HHIQQQIHHHHHH", 4, 21, 1, 0, 64, 0, 2, 64, 56,
                      phnum, 0, 0, 0))
    with open(a.out, "wb") as f:
        f.write(eh + ph + data)


if __name__ == "__main__":
    main()
