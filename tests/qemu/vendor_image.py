#!/usr/bin/env python3
"""A vendor's flow, end to end: build a root task in a directory outside the
tree with only the cross compiler, describe an image for it there, compose it
with the image builder and boot it. Passes when the root task's ctrl_hw power
off reaches the kernel and QEMU exits 0."""
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
toolchain, builder, run_qemu = sys.argv[1:4]

with open(toolchain) as f:
    tc = json.load(f)

with tempfile.TemporaryDirectory(prefix="vendor-") as vendor:
    root = os.path.join(vendor, "root.elf")
    subprocess.run(tc["cc"] + ["-nostdlib", "-static", "-Wl,-Ttext=0x10000000",
                               "-Wl,-z,max-page-size=4096", "-Wl,--build-id=none",
                               os.path.join(here, "roots", "vendor_root.S"), "-o", root],
                   check=True)
    desc = os.path.join(vendor, "board.toml")
    with open(desc, "w") as f:
        f.write('board = "qemu-virt"\nroot = "root.elf"\ncmdline = "serial"\n')
    subprocess.run([sys.executable, builder, "--toolchain", toolchain, "--description", desc,
                    "--out-dir", vendor], check=True)
    sys.exit(subprocess.run([sys.executable, run_qemu, "--name", "vendor-image", "--timeout", "50",
                             "--expect", "NOVA: starting the root task",
                             "--expect", "NOVA: power off requested by the root PD", "--",
                             "qemu-system-aarch64", "-M", "virt,virtualization=on",
                             "-cpu", "cortex-a57", "-m", "512M", "-nographic",
                             "-kernel", os.path.join(vendor, "board.Image")]).returncode)
