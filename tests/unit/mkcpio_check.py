#!/usr/bin/env python3
"""Host tests of the boot file system packer (tools/mkcpio.py): on a
synthetic tree (names of every length mod 8, sizes 0..17, nested
directories) and on the built archive, GNU cpio must list and extract
exactly the packed tree, every non-empty file's data must start on an
8-byte boundary, and what cannot be packed is refused with a message.
Prints "PASS: unit/mkcpio/<test>" or "FAIL: ...: <why>" lines.

usage: mkcpio_check.py BOOTFS_CPIO BOOTFS_DIR
"""
import filecmp
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MKCPIO = os.path.join(HERE, "..", "..", "tools", "mkcpio.py")
failures = 0


def report(name, why):
    global failures
    if why is None:
        print(f"PASS: unit/mkcpio/{name}")
    else:
        failures += 1
        print(f"FAIL: unit/mkcpio/{name}: {why}")


def entries(data):
    """(name, data offset, size) of each entry, read the newc way."""
    pos, out = 0, []
    while True:
        h = data[pos:pos + 110]
        if h[:6] != b"070701":
            raise ValueError(f"bad magic at {pos:#x}")
        size, namesize = int(h[54:62], 16), int(h[94:102], 16)
        name = data[pos + 110:pos + 110 + namesize].split(b"\0")[0].decode()
        start = (pos + 110 + namesize + 3) & ~3
        if name == "TRAILER!!!":
            return out
        out.append((name, start, size))
        pos = (start + size + 3) & ~3


def tree_paths(root):
    paths = ["."]
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            paths.append(os.path.relpath(os.path.join(dirpath, n), root))
    return sorted(paths)


def check_archive(tag, archive, root):
    data = open(archive, "rb").read()
    listed = subprocess.run(["cpio", "-t", "--quiet"], input=data, capture_output=True)
    names = sorted(listed.stdout.decode().split())
    report(f"{tag}_cpio_lists_every_path",
           None if listed.returncode == 0 and names == tree_paths(root)
           else f"cpio -t: status {listed.returncode}, {listed.stderr.decode().strip()!r}, "
                f"{len(names)} names for {len(tree_paths(root))} paths")
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(["cpio", "-id", "--quiet"], input=data, cwd=out, capture_output=True)
        cmp = filecmp.dircmp(root, out)
        diffs = []

        def walk(c):
            diffs.extend(c.left_only + c.right_only + c.diff_files + c.funny_files)
            for sub in c.subdirs.values():
                walk(sub)
        walk(cmp)
        # dircmp compares by stat signature first: compare the bytes too.
        for path in tree_paths(root):
            src = os.path.join(root, path)
            if os.path.isfile(src) and not filecmp.cmp(src, os.path.join(out, path),
                                                       shallow=False):
                diffs.append(path)
        report(f"{tag}_cpio_extracts_same_files",
               None if done.returncode == 0 and not diffs
               else f"cpio -i: status {done.returncode}, differing: {diffs[:5]}")
    try:
        bad = [(n, off) for n, off, size in entries(data) if size > 0 and off % 8 != 0]
        why = None if not bad else f"{bad[0][0]} at {bad[0][1]:#x} and {len(bad) - 1} more"
    except (ValueError, IndexError) as e:
        why = f"unreadable: {e}"
    report(f"{tag}_file_data_8_aligned", why)


def synthetic(root):
    """Files whose names have every length mod 8 and sizes 0..17."""
    for d in ["a", "bb/ccc", "dddd"]:
        os.makedirs(os.path.join(root, d))
    n = 0
    for d in ["", "a", "bb", "bb/ccc", "dddd"]:
        for length in range(1, 10):
            for size in (0, 1, 3, 4, 7, 8, 9, 17):
                name = (chr(ord("e") + n % 20) * length)[:length] + f"{size}"
                with open(os.path.join(root, d, name), "wb") as f:
                    f.write(bytes((n * 7 + i) & 0xff for i in range(size)))
                n += 1


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "tree")
        synthetic(root)
        archive = os.path.join(tmp, "tree.cpio")
        made = subprocess.run([sys.executable, MKCPIO, root, "-o", archive], capture_output=True)
        if made.returncode != 0:
            report("synthetic_packed", made.stderr.decode().strip())
        else:
            check_archive("synthetic", archive, root)
        os.symlink("a", os.path.join(root, "link"))
        made = subprocess.run([sys.executable, MKCPIO, root, "-o", archive], capture_output=True)
        report("symlink_refused",
               None if made.returncode != 0 and b"only regular files" in made.stderr
               else f"status {made.returncode}, {made.stderr.decode().strip()!r}")
    check_archive("bootfs", sys.argv[1], sys.argv[2])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
