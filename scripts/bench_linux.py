"""The Linux boot row of ./nova bench: the test guest (docs/guests.md) booted
to its init marker by QEMU directly and as a VM under libnova's VMM, both
under -icount shift=0,sleep=off on one CPU with the same kernel command line.
The figure is the guest's own uptime at the marker (/proc/uptime: from the
kernel's timekeeping start, so the VMM's set-up before is not in it) under
libnova divided by the direct one."""

import os
import re
import subprocess

MARKER = re.compile(r"NOVA-GUEST-READY name=(\w+) cpus=\d+ uptime=([0-9.]+)")
TIMEOUT = 600
ICOUNT = ["-icount", "shift=0,sleep=off", "-rtc", "base=2024-01-01T00:00:00,clock=vm",
          "-seed", "1"]


def uptime_at_marker(cmd):
    """Runs QEMU until the marker; returns the uptime it reports, or None."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = b""
    try:
        for line in iter(proc.stdout.readline, b""):
            out += line
            m = MARKER.search(line.decode(errors="replace"))
            if m:
                return float(m.group(2))
    finally:
        proc.kill()
        proc.wait()
    return None


def linux_boot_ratio(qemu, vm_image, guest_dir):
    """{'direct': s, 'libnova': s, 'ratio': r}, or a string saying why not."""
    kernel = os.path.join(guest_dir, "Image")
    initrd = os.path.join(guest_dir, "initramfs.cpio")
    for f in (vm_image, kernel, initrd):
        if not os.path.exists(f):
            return f"{f} missing (./nova setup fetches the guest, docs/guests.md)"
    base = [qemu, "-M", "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a57",
            "-smp", "1", "-nographic", "-no-reboot"] + ICOUNT
    direct = uptime_at_marker(base[:1] + ["-M", "virt,gic-version=3"] + base[3:] + [
        "-m", "128M", "-kernel", kernel, "-initrd", initrd,
        "-append", "console=ttyAMA0 nova.vm=bench"])
    vm = uptime_at_marker(base + ["-m", "1G", "-kernel", vm_image])
    if not direct or not vm:
        return "the guest did not reach its marker (direct %s, libnova %s)" % (direct, vm)
    return {"direct": direct, "libnova": vm, "ratio": vm / direct}
