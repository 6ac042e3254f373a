#!/usr/bin/env python3
"""Measure the direct boot of the test guest under QEMU -icount (docs/guests.md).

    guest/measure_direct_boot.py [--guest-dir .deps/guest]

Boots .deps/guest/Image and initramfs.cpio on one Cortex-A57 with
`-icount shift=0,sleep=off` (one instruction is one nanosecond of virtual
time, idle time is skipped), `-rtc clock=vm` and `-seed 1` and prints
  - the marker's uptime: the guest's own /proc/uptime when init printed it,
  - the instructions from power-on to the marker: the exact count at which the
    UART has received the marker's last byte.
QEMU reports no instruction count of a console line, so the boot is recorded
(rr=record), then replayed with a break at N instructions for a binary search
on N; the replay is deterministic, so the count is exact.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(rb"NOVA-GUEST-READY name=\S+ cpus=(\d+) uptime=([0-9.]+)\r?\n")
ICOUNT = re.compile(rb"instruction count = (\d+)")
TIMEOUT = 300
# Every run the same: the RTC follows virtual time from a fixed date (the host's
# clock would change the work on the date the kernel prints), and -seed fixes
# the DTB's kaslr-seed and rng-seed, which QEMU otherwise draws at random.
RTC = "base=2024-01-01T00:00:00,clock=vm"


class Qemu:
    """QEMU with the guest's console on a pipe and HMP on a Unix socket."""

    def __init__(self, guest_dir, work, rr_mode, paused):
        self.socket_path = os.path.join(work, "hmp.sock")
        rr = f"shift=0,sleep=off,rr={rr_mode},rrfile={os.path.join(work, 'boot.rr')}"
        self.console = open(os.path.join(work, f"console-{rr_mode}.log"), "w+b")
        cmd = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57",
               "-smp", "1", "-m", "512M", "-icount", rr, "-rtc", RTC, "-seed", "1",
               "-display", "none",
               "-serial", "stdio", "-monitor",
               f"unix:{self.socket_path},server=on,wait=off",
               "-kernel", os.path.join(guest_dir, "Image"),
               "-initrd", os.path.join(guest_dir, "initramfs.cpio"),
               "-append", "console=ttyAMA0 nova.vm=direct"] + (["-S"] if paused else [])
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=self.console,
                                     stderr=subprocess.STDOUT)
        self.hmp = self._connect()

    def _connect(self):
        deadline = time.monotonic() + 10
        while True:
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(self.socket_path)
                s.settimeout(TIMEOUT)
                self._read_until(s, b"(qemu) ")
                return s
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    sys.exit("measure_direct_boot: QEMU's monitor did not come up")
                time.sleep(0.1)

    @staticmethod
    def _read_until(s, end):
        data = b""
        while not data.endswith(end):
            data += s.recv(4096)
        return data

    def command(self, text):
        self.hmp.sendall(text.encode() + b"\n")
        return self._read_until(self.hmp, b"(qemu) ")

    def output(self):
        self.console.seek(0)
        return self.console.read()

    def wait_for(self, predicate, what):
        deadline = time.monotonic() + TIMEOUT
        while not predicate():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                sys.exit(f"measure_direct_boot: {what} did not happen; console:\n"
                         + self.output().decode(errors="replace"))
            time.sleep(0.05)

    def quit(self):
        try:
            self.hmp.sendall(b"quit\n")
        except OSError:
            pass
        self.proc.wait(30)
        self.console.close()


def record(guest_dir, work):
    """Boots once, recording; returns (uptime, cpus, an instruction count past the marker)."""
    q = Qemu(guest_dir, work, "record", paused=False)
    q.wait_for(lambda: MARKER.search(q.output()), "the marker")
    m = MARKER.search(q.output())
    after = int(ICOUNT.search(q.command("info replay")).group(1))
    q.quit()
    return m.group(2).decode(), int(m.group(1)), after


def marker_seen_at(guest_dir, work, icount):
    """Replays the recording up to ICOUNT instructions: has the marker been written?"""
    q = Qemu(guest_dir, work, "replay", paused=True)
    q.command(f"replay_break {icount}")
    q.command("cont")
    q.wait_for(lambda: b"paused" in q.command("info status"), f"the break at {icount}")
    seen = MARKER.search(q.output()) is not None
    q.quit()
    return seen


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--guest-dir", default=os.path.join(ROOT, ".deps", "guest"))
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        uptime, cpus, high = record(args.guest_dir, work)
        low = 0  # the marker has not been written after `low` instructions, has after `high`
        while high - low > 1:
            mid = (low + high) // 2
            if marker_seen_at(args.guest_dir, work, mid):
                high = mid
            else:
                low = mid
    print(f"marker uptime: {uptime} s (cpus={cpus})")
    print(f"instructions from power-on to the marker: {high:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
