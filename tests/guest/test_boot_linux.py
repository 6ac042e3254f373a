#!/usr/bin/env python3
"""Tests of boot_linux.py against the fake QEMU of tests/qemu/test_run_qemu.py
(its steps: print:TEXT, sleep:SECONDS, echo, exit:N, hang; other words are
ignored, so -kernel FILE can stand among them)."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "boot_linux.py")
FAKE = os.path.join(HERE, "..", "qemu", "test_run_qemu.py")
MARKER = "NOVA-GUEST-READY name=t cpus=1 uptime=1.50"


def driver(options, steps):
    cmd = [sys.executable, DRIVER, "--name", "t", *options,
           "--", sys.executable, FAKE, "--fake", *steps]
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=30)


class BootLinux(unittest.TestCase):
    def test_skips_with_one_line_when_the_kernel_is_missing(self):
        r = driver(["--expect", "x"], ["-kernel", "/nonexistent/Image", "exit:0"])
        self.assertEqual(r.returncode, 77, r.stdout)
        self.assertEqual(r.stdout, "t: SKIP: guest artifact /nonexistent/Image is missing "
                                   "(./nova setup fetches it)\n")

    def test_runs_when_the_artifacts_exist(self):
        with tempfile.NamedTemporaryFile() as image:
            r = driver(["--expect", "READY"],
                       ["-kernel", image.name, "print:" + MARKER + "\\n", "exit:0"])
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_types_the_line_and_enter_after_the_regex(self):
        r = driver(["--expect", "NOVA-GUEST-READY name=t",
                    "--send-after", "READY", "echo nova-$((6*7)) \\n",
                    "--expect", r"got 'echo nova-\$\(\(6\*7\)\) \\\\n\\r'"],
                   ["print:" + MARKER + "\\n", "echo", "exit:0"])
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_step_timeout_names_the_missing_line(self):
        r = driver(["--timeout", "20", "--step-timeout", "1", "--expect", "READY",
                    "--expect", "nova-42"], ["print:" + MARKER + "\\n", "hang"])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("t: FAIL: timeout: /nova-42/ did not appear within 1 s", r.stdout)
        self.assertIn(MARKER, r.stdout)

    def test_kernel_panic_fails_with_the_console_log(self):
        r = driver(["--expect", "READY"],
                   ["print:Kernel panic - not syncing: No init found\\n", "hang"])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("forbidden output /Kernel panic/", r.stdout)
        self.assertIn("----- console log -----", r.stdout)

    def test_fails_when_qemu_exits_with_an_error(self):
        r = driver(["--expect", "READY"], ["print:" + MARKER + "\\n", "exit:1"])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("QEMU exited with status 1, expected 0", r.stdout)


if __name__ == "__main__":
    unittest.main()
