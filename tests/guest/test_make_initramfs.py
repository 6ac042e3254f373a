#!/usr/bin/env python3
"""Tests of scripts/make_initramfs.py: the archive reads back as the kernel's
newc format with the entries init needs, and the same inputs give the same bytes."""
import os
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "make_initramfs.py")


def read_newc(data):
    """{name: (mode, uid, mtime, rdev, body)} of a newc archive, checking its alignment."""
    entries, pos = {}, 0
    while True:
        assert pos % 4 == 0 and data[pos:pos + 6] == b"070701", pos
        f = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        mode, uid, mtime, size, rdev, namesize = f[1], f[2], f[5], f[6], (f[9], f[10]), f[11]
        name_end = pos + 110 + namesize
        name = data[pos + 110:name_end - 1].decode()
        body_at = name_end + (-name_end % 4)
        body = data[body_at:body_at + size]
        pos = body_at + size + (-size % 4)
        if name == "TRAILER!!!":
            assert pos == len(data)
            return entries
        entries[name] = (mode, uid, mtime, rdev, body)


class MakeInitramfs(unittest.TestCase):
    def build(self, d, name):
        out = os.path.join(d, name)
        subprocess.run([sys.executable, SCRIPT, "--busybox", os.path.join(d, "busybox"),
                        "--init", os.path.join(d, "init"), "-o", out], check=True)
        with open(out, "rb") as f:
            return f.read()

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        for name, body in (("busybox", b"\x7fELF fake busybox"), ("init", b"#!/bin/sh\n")):
            with open(os.path.join(self.dir.name, name), "wb") as f:
                f.write(body)

    def tearDown(self):
        self.dir.cleanup()

    def test_holds_init_busybox_console_and_mount_points(self):
        e = read_newc(self.build(self.dir.name, "a.cpio"))
        self.assertEqual(e["init"][0], stat.S_IFREG | 0o755)
        self.assertEqual(e["init"][4], b"#!/bin/sh\n")
        self.assertEqual(e["bin/busybox"][4], b"\x7fELF fake busybox")
        self.assertEqual(e["bin/sh"][0], stat.S_IFLNK | 0o777)
        self.assertEqual(e["bin/sh"][4], b"busybox")
        self.assertEqual(e["dev/console"][0], stat.S_IFCHR | 0o600)
        self.assertEqual(e["dev/console"][3], (5, 1))
        for d in ("proc", "sys", "dev", "bin", "sbin", "usr/bin", "usr/sbin"):
            self.assertEqual(e[d][0], stat.S_IFDIR | 0o755, d)
        self.assertTrue(all(uid == 0 and mtime == 0 for _, uid, mtime, _, _ in e.values()))

    def test_same_inputs_give_the_same_bytes(self):
        first = self.build(self.dir.name, "a.cpio")
        os.utime(os.path.join(self.dir.name, "busybox"), (12345, 12345))
        self.assertEqual(first, self.build(self.dir.name, "b.cpio"))


if __name__ == "__main__":
    unittest.main()
