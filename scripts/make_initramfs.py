#!/usr/bin/env python3
"""Build the test guests' initramfs: a cpio archive in the kernel's "newc" format.

    make_initramfs.py --busybox .deps/guest/busybox --init guest/initramfs/init
                      -o .deps/guest/initramfs.cpio

The archive holds /init, /bin/busybox (init installs the applet links at boot),
/bin/sh for init's #! line, /dev/console for init's first stdin and stdout, and
the mount points init uses. Every entry has mtime 0 and owner root, so the same
inputs give the same bytes (docs/guests.md).
"""
import argparse
import os
import stat
import sys

TRAILER = "TRAILER!!!"
CONSOLE = (5, 1)  # char major, minor of /dev/console

DIRS = ["bin", "dev", "proc", "sys", "sbin", "usr", "usr/bin", "usr/sbin", "root"]


def pad4(data):
    return data + b"\0" * (-len(data) % 4)


def newc_entry(ino, name, mode, data=b"", rdev=(0, 0)):
    """One header, name and data; the format is in the kernel's
    Documentation/driver-api/early-userspace/buffer-format.rst."""
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
    header = b"070701" + b"".join(b"%08X" % f for f in fields)
    return pad4(header + name.encode() + b"\0") + pad4(data)


def entries(busybox, init):
    yield from ((d, stat.S_IFDIR | 0o755, b"", (0, 0)) for d in DIRS)
    yield "bin/busybox", stat.S_IFREG | 0o755, busybox, (0, 0)
    yield "bin/sh", stat.S_IFLNK | 0o777, b"busybox", (0, 0)
    yield "dev/console", stat.S_IFCHR | 0o600, b"", CONSOLE
    yield "init", stat.S_IFREG | 0o755, init, (0, 0)


def archive(busybox, init):
    out = b""
    for ino, (name, mode, data, rdev) in enumerate(entries(busybox, init), start=1):
        out += newc_entry(ino, name, mode, data, rdev)
    return out + newc_entry(0, TRAILER, 0)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--busybox", required=True, help="static busybox for the guest")
    p.add_argument("--init", required=True, help="the init script (guest/initramfs/init)")
    p.add_argument("-o", "--output", required=True, help="cpio archive to write")
    args = p.parse_args(argv)
    try:
        with open(args.busybox, "rb") as f:
            busybox = f.read()
        with open(args.init, "rb") as f:
            init = f.read()
        data = archive(busybox, init)
        # Replace the old archive only once the new one is complete.
        tmp = args.output + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, args.output)
    except OSError as err:
        print(f"make_initramfs: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
