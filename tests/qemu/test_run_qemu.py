#!/usr/bin/env python3
"""Tests of run_qemu.py against a fake QEMU (this file run with --fake).

The fake takes a script of steps: `print:TEXT`, `sleep:SECONDS`, `echo` (copy
one line of stdin, up to CR or LF, to stdout), `exit:N`, `hang`.
"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "run_qemu.py")


def fake(steps):
    for step in steps:
        op, _, arg = step.partition(":")
        if op == "print":
            sys.stdout.write(arg.replace("\\n", "\n").replace("\\r", "\r"))
            sys.stdout.flush()
        elif op == "sleep":
            time.sleep(float(arg))
        elif op == "echo":
            line = ""
            while not line.endswith(("\r", "\n")):
                char = sys.stdin.read(1)
                if not char:
                    break
                line += char
            sys.stdout.write("got " + repr(line) + "\n")
            sys.stdout.flush()
        elif op == "exit":
            sys.exit(int(arg))
        elif op == "hang":
            time.sleep(3600)
    sys.exit(0)


def harness(options, steps):
    cmd = [sys.executable, HARNESS, "--name", "t", *options,
           "--", sys.executable, os.path.abspath(__file__), "--fake", *steps]
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=30)


HELLO = ["print:NOVA libnova\\r\\n", "print:hello: HIP signature ok\\r\\n",
         "print:hello: powering off\\r\\n"]
EXPECT = ["--expect", "NOVA", "--expect", "hello: HIP signature ok",
          "--expect", "hello: powering off"]


class RunQemu(unittest.TestCase):
    def assert_passes(self, r):
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("t: PASS", r.stdout)

    def assert_fails(self, r, reason):
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("t: FAIL: " + reason, r.stdout)
        self.assertIn("----- console log -----", r.stdout)

    def test_passes_when_expected_lines_appear_in_order_and_exit_is_zero(self):
        self.assert_passes(harness(EXPECT, HELLO + ["exit:0"]))

    def test_fails_when_expected_lines_appear_out_of_order(self):
        r = harness(["--expect", "hello: powering off", "--expect", "HIP signature"],
                    HELLO + ["exit:0"])
        self.assert_fails(r, "QEMU exited with status 0 before /HIP signature/ appeared")

    def test_fails_on_wrong_exit_status(self):
        self.assert_fails(harness(EXPECT, HELLO + ["exit:3"]),
                          "QEMU exited with status 3, expected 0")

    def test_accepts_the_given_exit_status(self):
        self.assert_passes(harness(EXPECT + ["--exit-status", "3"], HELLO + ["exit:3"]))

    def test_fails_on_panic_and_shows_the_line(self):
        r = harness(EXPECT, ["print:NOVA\\n", "print:PANIC: bad thing\\n", "hang"])
        self.assert_fails(r, "forbidden output /\\bPANIC/ in line: 'PANIC: bad thing'")

    def test_fails_on_synchronous_abort_even_after_powering_off(self):
        r = harness(EXPECT, HELLO + ["print:Synchronous Abort at 0x0\\n", "exit:0"])
        self.assert_fails(r, "forbidden output /Synchronous Abort/")

    def test_default_does_not_count_as_fault(self):
        self.assert_passes(harness(EXPECT, ["print:Using DEFAULT environment\\n"] + HELLO))

    def test_forbid_replaces_the_default_list(self):
        r = harness(["--forbid", "hello:", "--expect", "EL2 is required", "--halts"],
                    ["print:PANIC: EL2 is required\\n", "hang"])
        self.assert_passes(r)

    def test_times_out_naming_the_missing_line(self):
        r = harness(["--timeout", "1"] + EXPECT, ["print:NOVA\\n", "hang"])
        self.assert_fails(r, "timeout after 1 s waiting for /hello: HIP signature ok/")

    def test_times_out_when_qemu_does_not_exit(self):
        r = harness(["--timeout", "1"] + EXPECT, HELLO + ["hang"])
        self.assert_fails(r, "timeout after 1 s: all expected output appeared")

    def test_halting_run_passes_once_last_line_appears_and_is_killed(self):
        start = time.monotonic()
        r = harness(["--halts", "--expect", "EL2 is required"],
                    ["print:NOVA\\n", "print:EL2 is required\\n", "hang"])
        self.assert_passes(r)
        self.assertLess(time.monotonic() - start, 10)

    def test_halting_run_fails_on_late_forbidden_output(self):
        r = harness(["--halts", "--expect", "EL2 is required"],
                    ["print:EL2 is required\\n", "sleep:0.1", "print:FAULT\\n", "hang"])
        self.assert_fails(r, "forbidden output /\\bFAULT/")

    def test_sends_input_when_prompt_appears(self):
        r = harness(["--send", "=> ", "booti 0x40400000 - ${fdtcontroladdr}\\r",
                     "--expect", r"got 'booti 0x40400000 - \$\{fdtcontroladdr\}\\r"],
                    ["print:=> ", "echo", "exit:0"])
        self.assert_passes(r)

    def test_sends_in_order_after_previous_match(self):
        r = harness(["--send", "autoboot", " ", "--send", "=> ", "x\\n",
                     "--expect", "got ' x\\\\n'"],
                    ["print:Hit any key to stop autoboot\\n", "sleep:0.2", "print:=> ", "echo",
                     "exit:0"])
        self.assert_passes(r)

    def test_skips_when_a_required_file_is_missing(self):
        r = harness(["--require", "/nonexistent/u-boot.bin"] + EXPECT, HELLO)
        self.assertEqual(r.returncode, 77, r.stdout)

    def test_fails_clearly_when_qemu_is_missing(self):
        r = subprocess.run([sys.executable, HARNESS, "--name", "t", "--",
                            "qemu-system-nonexistent"], stdout=subprocess.PIPE, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("qemu-system-nonexistent not found", r.stdout)

    def test_writes_log_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "console.log")
            self.assert_passes(harness(["--log", path] + EXPECT, HELLO))
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), "NOVA libnova\nhello: HIP signature ok\n"
                                           "hello: powering off\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--fake":
        fake(sys.argv[2:])
    unittest.main()
