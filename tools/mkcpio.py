#!/usr/bin/env python3
"""Packs a directory into a cpio "newc" archive whose file data start at a
multiple of --align bytes (8 by default), so that readers may copy them a
word at a time (servers/vfs/bootfs.c; the kernel's copies).

newc pads the header and name, and the data, to 4 bytes only. To move a
file's data to the next 8-byte boundary, its name is followed by extra NUL
bytes counted in the name size (the way dracut-cpio and 3cpio's
--data-align do it): readers take the name up to its first NUL, and GNU
cpio -t / -i accept the archive. Directories and empty files are not padded.

Entries: "." first, then every path below DIR in C-locale order (as
`find . | LC_ALL=C sort` gives them), owner 0:0, inode numbers counted
from 1, modification times from the files. Only regular files and
directories are packed; anything else is an error.
"""
import argparse
import os
import stat
import sys

HEADER_LEN = 110
TRAILER = "TRAILER!!!"


def pad4(n):
    return (n + 3) & ~3


def header(ino, mode, nlink, mtime, size, namesize):
    fields = [ino, mode, 0, 0, nlink, mtime, size, 0, 0, 0, 0, namesize, 0]
    return ("070701" + "".join(f"{v:08X}" for v in fields)).encode()


def name_padding(offset, name_len, size, align):
    """NUL bytes to add after the name's own NUL so that the data of an
    entry starting at offset begin on an align boundary."""
    if size == 0:
        return 0
    for extra in range(0, align, 4):
        if pad4(offset + HEADER_LEN + name_len + 1 + extra) % align == 0:
            return extra
    # pad4 moves in steps of 4: with align a power of two >= 4 this is not reached.
    raise ValueError(f"cannot align to {align}")


def entry(out, ino, name, st, data, align):
    encoded = name.encode()
    offset = len(out)
    extra = name_padding(offset, len(encoded), len(data), align)
    namesize = len(encoded) + 1 + extra
    mtime = int(st.st_mtime) if st is not None else 0
    mode = st.st_mode if st is not None else 0
    nlink = (st.st_nlink if stat.S_ISDIR(mode) else 1) if st is not None else 1
    out += header(ino, mode, nlink, mtime, len(data), namesize)
    out += encoded + b"\0" * (1 + extra)
    out += b"\0" * (pad4(len(out)) - len(out))
    if data and len(out) % align != 0:
        raise AssertionError(f"{name}: data at {len(out):#x}, not {align}-aligned")
    out += data
    out += b"\0" * (pad4(len(out)) - len(out))


def paths_below(root):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            found.append(os.path.relpath(os.path.join(dirpath, n), root))
    # `find . | LC_ALL=C sort` orders "./a/b" by bytes: the same as sorting these.
    return sorted(found, key=lambda p: ("./" + p).encode())


def pack(root, align):
    out = bytearray()
    for ino, name in enumerate(["."] + paths_below(root), 1):
        path = os.path.join(root, name)
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode):
            with open(path, "rb") as f:
                data = f.read()
        elif stat.S_ISDIR(st.st_mode):
            data = b""
        else:
            sys.exit(f"mkcpio: {path}: only regular files and directories can be packed")
        entry(out, ino, name, st, data, align)
    entry(out, 0, TRAILER, None, b"", align)
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--align", type=int, default=8,
                    help="file data alignment: a power of two, at least 4")
    args = ap.parse_args()
    if args.align < 4 or args.align & (args.align - 1):
        sys.exit("mkcpio: --align must be a power of two, at least 4")
    if not os.path.isdir(args.dir):
        sys.exit(f"mkcpio: no such directory {args.dir}")
    data = pack(args.dir, args.align)
    with open(args.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
