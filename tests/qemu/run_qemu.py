#!/usr/bin/env python3
"""Boot one QEMU configuration and judge it by its serial console.

    run_qemu.py [options] -- qemu-system-aarch64 ARGS...

The console is QEMU's stdio (give QEMU `-nographic`, or `-serial stdio
-monitor none -display none`); stdin is a pipe the harness writes to. The run
passes when
  - every --expect regex appears, in the order given,
  - no --forbid regex appears (default: PANIC, FAULT, Synchronous Abort),
  - QEMU exits with --exit-status (default 0), or, with --halts, QEMU is still
    running or stopped when the last expected line has appeared (it is killed).
--send REGEX TEXT types TEXT on the console once REGEX has appeared (after the
previous --send's match); TEXT understands \\n, \\r, \\t, \\e and \\\\ escapes.
This drives bootloader prompts and shells. --step-timeout limits the wait for
each --expect (counted from the previous one's match) besides the whole run's
--timeout. tests/guest/boot_linux.py builds on this for Linux guests.

On failure it prints the reason and the whole console log. Exit status: 0 pass,
1 fail, 77 skip (a --require'd file is missing).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time

# \b keeps "DEFAULT" (U-Boot says it) from counting as a fault.
DEFAULT_FORBID = [r"\bPANIC", r"\bFAULT", r"Synchronous Abort"]
# Console output a forbidden match may still print (a register dump) is
# collected for this long before the run is stopped.
FORBID_GRACE = 0.5
# A halting run is watched this long after its last expected line for late
# forbidden output.
HALT_GRACE = 0.5
POLL = 0.05


ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "e": "\x1b", "\\": "\\"}


def unescape(text):
    # One pass, so an escaped backslash before "n" stays a backslash.
    return re.sub(r"\\([nrte\\])", lambda m: ESCAPES[m.group(1)], text)


class Console:
    """Everything QEMU wrote, collected by a reader thread."""

    def __init__(self, stream):
        self._stream = stream
        self._chunks = []
        self._lock = threading.Lock()
        self.closed = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        fd = self._stream.fileno()
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                break
            with self._lock:
                self._chunks.append(data)
        self.closed.set()

    def text(self):
        with self._lock:
            raw = b"".join(self._chunks)
        return raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")

    def drain(self, timeout=1.0):
        self._thread.join(timeout)


class Checker:
    """Ordered expectations, forbidden patterns and console input over a growing log."""

    def __init__(self, expect, forbid, sends):
        self.expect = [re.compile(e) for e in expect]
        self.forbid = [re.compile(f) for f in forbid]
        self.sends = [(re.compile(r), unescape(t)) for r, t in sends]
        self.matched = 0       # how many of self.expect have appeared
        self._pos = 0          # where the next expected regex is searched from
        self.sent = 0          # how many of self.sends were typed
        self._send_pos = 0

    def advance(self, log):
        """Matches what appeared since the last call; returns text to type, if any."""
        while self.matched < len(self.expect):
            m = self.expect[self.matched].search(log, self._pos)
            if not m:
                break
            self.matched += 1
            self._pos = m.end()
        out = ""
        while self.sent < len(self.sends):
            regex, text = self.sends[self.sent]
            m = regex.search(log, self._send_pos)
            if not m:
                break
            self.sent += 1
            self._send_pos = m.end()
            out += text
        return out

    def all_expected(self):
        return self.matched == len(self.expect)

    def missing(self):
        return None if self.all_expected() else self.expect[self.matched].pattern

    def forbidden(self, log):
        for f in self.forbid:
            m = f.search(log)
            if m:
                line_start = log.rfind("\n", 0, m.start()) + 1
                line_end = log.find("\n", m.end())
                return f.pattern, log[line_start:line_end if line_end >= 0 else len(log)]
        return None


def stop(proc):
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(2)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run(args):
    """Runs QEMU; returns (failure reason or None, console log)."""
    checker = Checker(args.expect, args.forbid, args.send)
    try:
        proc = subprocess.Popen(args.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    except OSError as err:
        return f"cannot start {args.command[0]}: {err}", ""
    console = Console(proc.stdout)
    deadline = time.monotonic() + args.timeout
    reason = None
    halted_at = None
    step_started, step = time.monotonic(), 0
    try:
        while True:
            log = console.text()
            text = checker.advance(log)
            if checker.matched != step:
                step_started, step = time.monotonic(), checker.matched
            if text:
                try:
                    proc.stdin.write(text.encode())
                    proc.stdin.flush()
                except OSError:
                    pass
            bad = checker.forbidden(log)
            if bad:
                time.sleep(FORBID_GRACE)
                reason = f"forbidden output /{bad[0]}/ in line: {bad[1].strip()!r}"
                break
            if args.halts and checker.all_expected():
                if halted_at is None:
                    halted_at = time.monotonic()
                elif time.monotonic() - halted_at >= HALT_GRACE:
                    break
            if proc.poll() is not None:
                console.drain()
                log = console.text()
                checker.advance(log)
                bad = checker.forbidden(log)
                if bad:
                    reason = f"forbidden output /{bad[0]}/ in line: {bad[1].strip()!r}"
                elif not checker.all_expected():
                    reason = (f"QEMU exited with status {proc.returncode} before "
                              f"/{checker.missing()}/ appeared")
                elif args.halts:
                    pass
                elif proc.returncode != args.exit_status:
                    reason = (f"QEMU exited with status {proc.returncode}, "
                              f"expected {args.exit_status}")
                break
            if (args.step_timeout and not checker.all_expected()
                    and time.monotonic() - step_started >= args.step_timeout):
                reason = (f"timeout: /{checker.missing()}/ did not appear within "
                          f"{args.step_timeout:g} s of the previous expected line")
                break
            if time.monotonic() >= deadline:
                if not checker.all_expected():
                    reason = f"timeout after {args.timeout:g} s waiting for /{checker.missing()}/"
                else:
                    reason = (f"timeout after {args.timeout:g} s: all expected output appeared "
                              f"but QEMU did not exit")
                break
            time.sleep(POLL)
    finally:
        stop(proc)
        console.drain()
    return reason, console.text()


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                usage="%(prog)s [options] -- QEMU ARGS...")
    p.add_argument("--name", default="qemu", help="test name for messages")
    p.add_argument("--timeout", type=float, default=60, help="seconds (default 60)")
    p.add_argument("--step-timeout", type=float, default=None, metavar="SECONDS",
                   help="each --expect must appear within SECONDS of the previous one")
    p.add_argument("--expect", action="append", default=[], metavar="REGEX",
                   help="must appear, after the previous --expect")
    p.add_argument("--forbid", action="append", default=None, metavar="REGEX",
                   help="must not appear (replaces the default list: "
                        + ", ".join(DEFAULT_FORBID) + ")")
    p.add_argument("--send", action="append", nargs=2, default=[], metavar=("REGEX", "TEXT"),
                   help="type TEXT once REGEX has appeared")
    p.add_argument("--exit-status", type=int, default=0, help="QEMU's expected exit status")
    p.add_argument("--halts", action="store_true",
                   help="the guest stops without powering off: pass once the last "
                        "--expect appears, then kill QEMU")
    p.add_argument("--require", action="append", default=[], metavar="FILE",
                   help="skip (exit 77) if FILE does not exist")
    p.add_argument("--log", metavar="FILE", help="also write the console log to FILE")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    if args.command and args.command[0] == "--":
        args.command = args.command[1:]
    if not args.command:
        p.error("no QEMU command given (after --)")
    if args.forbid is None:
        args.forbid = list(DEFAULT_FORBID)
    return args


def main(argv):
    return judge(parse(argv))


def judge(args):
    """Runs and reports a parsed command line; returns the exit status."""
    for path in args.require:
        if not os.path.exists(path):
            print(f"{args.name}: SKIP: {path} does not exist")
            return 77
    if shutil.which(args.command[0]) is None:
        print(f"{args.name}: FAIL: {args.command[0]} not found (run ./nova setup)")
        return 1
    print("$ " + " ".join(args.command), flush=True)
    reason, log = run(args)
    if args.log:
        with open(args.log, "w", encoding="utf-8") as f:
            f.write(log)
    if reason is None:
        print(f"{args.name}: PASS")
        print(log, end="" if log.endswith("\n") else "\n")
        return 0
    print(f"{args.name}: FAIL: {reason}")
    print("----- console log -----")
    print(log, end="" if log.endswith("\n") else "\n")
    print("----- end of console log -----")
    print(f"{args.name}: FAIL: {reason}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
