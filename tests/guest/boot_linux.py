#!/usr/bin/env python3
"""Boot a Linux test guest in QEMU and judge it by its serial console.

    boot_linux.py [--name NAME] [--expect REGEX]... [--send-after REGEX LINE]...
                  -- qemu-system-aarch64 ARGS...

The guests are Debian's kernel and the initramfs of guest/initramfs
(docs/guests.md). The run passes when every --expect appears in order, within
--step-timeout of the previous one and --timeout of the start, no Linux crash
(--forbid) appears, and QEMU exits with status 0 (the guest's `poweroff -f`).
--send-after REGEX LINE types LINE and Enter once REGEX has appeared (after the
previous --send-after's match). Files given to QEMU's -kernel and -initrd, and
any --require, must exist, or the run is skipped (exit 77): the artifacts are
fetched by `./nova setup`, not committed. The console handling is
tests/qemu/run_qemu.py's; on failure the whole console log is printed.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import run_qemu  # noqa: E402

# Sized for TCG on a loaded 2-core host: the kernel reaches init in 2-10 s alone.
TIMEOUT = 120
STEP_TIMEOUT = 90
LINUX_FORBID = [r"Kernel panic", r"Internal error: Oops", r"Unable to handle kernel",
                r"\bBUG: ", r"Call trace:"]
ARTIFACT_OPTIONS = ("-kernel", "-initrd")


def artifacts(command):
    """The files QEMU loads as kernel and initrd."""
    return [command[i + 1] for i, arg in enumerate(command[:-1]) if arg in ARTIFACT_OPTIONS]


def typed(line):
    """LINE as run_qemu's --send text: backslashes kept, then Enter."""
    return line.replace("\\", "\\\\") + "\\r"


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                usage="%(prog)s [options] -- QEMU ARGS...")
    p.add_argument("--name", default="linux", help="test name for messages")
    p.add_argument("--timeout", type=float, default=TIMEOUT,
                   help=f"seconds for the whole run (default {TIMEOUT})")
    p.add_argument("--step-timeout", type=float, default=STEP_TIMEOUT,
                   help=f"seconds from one --expect to the next (default {STEP_TIMEOUT})")
    p.add_argument("--expect", action="append", default=[], metavar="REGEX",
                   help="must appear, after the previous --expect")
    p.add_argument("--send-after", action="append", nargs=2, default=[],
                   metavar=("REGEX", "LINE"), help="type LINE and Enter once REGEX has appeared")
    p.add_argument("--forbid", action="append", default=None, metavar="REGEX",
                   help="must not appear (replaces: " + ", ".join(LINUX_FORBID) + ")")
    p.add_argument("--require", action="append", default=[], metavar="FILE",
                   help="another file the run needs (skip if missing)")
    p.add_argument("--log", metavar="FILE", help="also write the console log to FILE")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    if args.command and args.command[0] == "--":
        args.command = args.command[1:]
    if not args.command:
        p.error("no QEMU command given (after --)")
    return args


def run_qemu_args(args):
    out = ["--name", args.name, "--timeout", str(args.timeout),
           "--step-timeout", str(args.step_timeout)]
    for regex in args.expect:
        out += ["--expect", regex]
    for regex, line in args.send_after:
        out += ["--send", regex, typed(line)]
    for regex in LINUX_FORBID if args.forbid is None else args.forbid:
        out += ["--forbid", regex]
    if args.log:
        out += ["--log", args.log]
    return out + ["--"] + args.command


def main(argv):
    args = parse(argv)
    for path in args.require + artifacts(args.command):
        if not os.path.exists(path):
            print(f"{args.name}: SKIP: guest artifact {path} is missing (./nova setup fetches it)")
            return 77
    return run_qemu.judge(run_qemu.parse(run_qemu_args(args)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
