#!/usr/bin/env python3
"""Tests of tests/check_symbols.py on small archives built here: the allowed
outside symbols pass, anything else (and any fdt_* call from the core) fails
with the member that needs it."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SRCDIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECKER = os.path.join(SRCDIR, "tests", "check_symbols.py")
CC = shutil.which("aarch64-linux-gnu-gcc")
AR = shutil.which("aarch64-linux-gnu-ar")
NM = shutil.which("aarch64-linux-gnu-nm")


@unittest.skipUnless(CC and AR and NM, "aarch64 cross binutils/gcc not installed (./nova setup)")
class CheckSymbols(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="nova-symbols-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.script = self.write("k.ld", "__kernel_end = .;\n_start_pa = _start - 1;\n")

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def archive(self, name, **members):
        objs = []
        for member, source in members.items():
            src = self.write(member + ".c", source)
            obj = os.path.join(self.dir, member + ".o")
            subprocess.run([CC, "-c", "-O1", src, "-o", obj], check=True)
            objs.append(obj)
        lib = os.path.join(self.dir, name)
        subprocess.run([AR, "rcs", lib] + objs, check=True)
        return lib

    def check(self, libnova, *extra):
        return subprocess.run([sys.executable, CHECKER, "--nm", NM, "--libnova", libnova,
                               "--linker-script", self.script, *extra],
                              capture_output=True, text=True)

    def test_allowed_outside_symbols_pass(self):
        lib = self.archive("libnova.a",
                           core="extern const int board; extern char __kernel_end[];\n"
                                "extern const int image_payload __attribute__((weak));\n"
                                "int helper(void);\n"
                                "long core(void) { return board + helper() + (long)__kernel_end"
                                " + (long)&image_payload; }\n",
                           helper="int helper(void) { return 1; }\n")
        result = self.check(lib)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_core_needing_an_unknown_symbol_fails(self):
        lib = self.archive("libnova.a", core="int mystery(void);\nint f(void) { return mystery(); }\n")
        result = self.check(lib)
        self.assertEqual(result.returncode, 1)
        self.assertIn("libnova.a(core.o) needs mystery", result.stderr)

    def test_core_calling_libfdt_fails(self):
        lib = self.archive("libnova.a", core="int fdt_check_header(const void *);\n"
                                              "int f(void) { return fdt_check_header(0); }\n")
        result = self.check(lib)
        self.assertEqual(result.returncode, 1)
        self.assertIn("calls fdt_check_header", result.stderr)

    def test_board_may_call_libfdt_and_core(self):
        core = self.archive("libnova.a", core="int console_put(int c) { return c; }\n")
        board = self.archive("libboard-x.a",
                             board="int fdt_check_header(const void *); int console_put(int);\n"
                                   "int b(void) { return fdt_check_header(0) + console_put(1); }\n")
        result = self.check(core, "--board-lib", board)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_board_needing_an_unknown_symbol_fails(self):
        core = self.archive("libnova.a", core="int x;\n")
        board = self.archive("libboard-x.a", board="int nope(void); int b(void) { return nope(); }\n")
        result = self.check(core, "--board-lib", board)
        self.assertEqual(result.returncode, 1)
        self.assertIn("libboard-x.a(board.o) needs nope", result.stderr)


if __name__ == "__main__":
    unittest.main()
