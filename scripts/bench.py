#!/usr/bin/env python3
"""Run the benchmark image under QEMU -icount and print its figures.

    bench.py --image build/bench/bench.Image --kernel build/images/nova-qemu-virt.elf
             [--json] [--check]

QEMU runs with `-icount shift=0,sleep=off`: one guest instruction is one
nanosecond of virtual time and idle time is skipped, so the root task's
CNTVCT_EL0 deltas are exact instruction counts (x 10^9 / CNTFRQ). The image
boots twice: on 1 CPU for every figure but the cross-CPU one, on 2 CPUs for
that. --check (the test 'bench-quick') fails if a figure is missing or the
calibration loop does not count exactly; no figure is judged by its size.
Format of the root task's lines: bench/main.c; of the figures: docs/bench.md.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import bench_linux

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QEMU_TIMEOUT = 600
LINE = re.compile(r"^bench: (\S+) ticks=(\d+) n=(\d+) loop=(\d+)\s*$", re.M)
START = re.compile(r"^bench: start cpus=(\d+) stc_freq=(\d+)\s*$", re.M)

# key, label, target from the issue (instructions, None: no target)
ROWS = [
    ("calibrate", "calibration: empty loop of 2 instructions", None),
    ("null", "null hypercall (BAD_HYP)", 60),
    ("ipc_1", "IPC round trip, 1 word each way", 200),
    ("ipc_8", "IPC round trip, 8 words each way", 230),
    ("ipc_64", "IPC round trip, 64 words each way", None),
    ("ipc_512", "IPC round trip, 512 words each way", 1800),
    ("exception", "exception round trip (brk, reply sets ELR)", None),
    ("sm_up_down", "ctrl_sm up + down", None),
    ("xcpu_wake", "cross-CPU wake-up and back (2 CPUs)", None),
    ("create_pd", "create_pd", None),
    ("destroy_pd", "destroy PD (overwrite last capability)", None),
    ("create_ec", "create_ec (local)", None),
    ("destroy_ec", "destroy EC", None),
    ("create_sc", "create_sc", None),
    ("destroy_sc", "destroy SC", None),
    ("create_pt", "create_pt", None),
    ("destroy_pt", "destroy PT", None),
    ("create_sm", "create_sm", None),
    ("destroy_sm", "destroy SM", None),
    ("ctrl_pd_1", "ctrl_pd, 1 page", None),
    ("ctrl_pd_512", "ctrl_pd, 512 pages (order 9)", None),
    ("vm_exit", "VM exit round trip (guest hvc, VMM reply)", 400),
    ("vm_inject", "virtual timer expiry to the guest's IRQ handler", None),
    ("boot", "power-on to the root task's first instruction", 1500000),
]
TWO_CPU_ROWS = {"xcpu_wake"}
CALIBRATION_LOOP = 2


def boot(qemu, image, cpus):
    cmd = [qemu, "-M", "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a57", "-m", "512M",
           "-smp", str(cpus), "-icount", "shift=0,sleep=off", "-nographic", "-no-reboot",
           "-kernel", image]
    try:
        run = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=QEMU_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        sys.exit(f"bench: QEMU ({cpus} CPUs) timed out after {QEMU_TIMEOUT} s\n{out}")
    out = run.stdout.decode(errors="replace").replace("\r\n", "\n")
    if run.returncode != 0 or "bench: done" not in out:
        sys.exit(f"bench: the run on {cpus} CPUs failed (QEMU status {run.returncode}):\n{out}")
    start = START.search(out)
    if not start:
        sys.exit(f"bench: no start line from the root task:\n{out}")
    ns_per_tick = 10**9 / int(start.group(2))
    figures = {}
    for key, ticks, n, loop in LINE.findall(out):
        figures[key] = {
            "instructions": int(ticks) * ns_per_tick / int(n),
            "n": int(n),
            "loop_instructions": int(loop),
        }
    return figures


def kernel_size(size_tool, kernel):
    out = subprocess.run([size_tool, "-A", kernel], check=True, capture_output=True,
                         text=True).stdout
    sections = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in (".text", ".data", ".bss", ".noinit") and parts[1].isdigit():
            sections[parts[0][1:]] = int(parts[1])
    return sections


def source_lines(tops):
    total = nonblank = 0
    for top in tops:
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            for name in names:
                if name.endswith((".c", ".h", ".S")):
                    with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                        lines = f.read().splitlines()
                    total += len(lines)
                    nonblank += sum(1 for ln in lines if ln.strip())
    return {"lines": total, "nonblank_lines": nonblank}


def check(figures):
    missing = [key for key, _, _ in ROWS if key not in figures]
    if missing:
        return f"missing figures: {', '.join(missing)}"
    cal = figures["calibrate"]["instructions"]
    if abs(cal - CALIBRATION_LOOP) > 0.05:
        return f"calibration counted {cal:.3f} instructions per iteration, not {CALIBRATION_LOOP}: is -icount in effect?"
    bad = [key for key, _, _ in ROWS if figures[key]["instructions"] <= 0]
    if bad:
        return f"figures not positive: {', '.join(bad)}"
    return None


def print_table(figures, size, lines):
    print(f"{'figure':<50} {'instructions':>14} {'N':>7} {'loop':>5} {'target':>10}")
    for key, label, target in ROWS:
        f = figures[key]
        tgt = f"<= {target:,}" if target else ""
        print(f"{label:<50} {f['instructions']:>14,.2f} {f['n']:>7} {f['loop_instructions']:>5} {tgt:>10}")
    print(f"kernel (qemu-virt, no root task): .text {size.get('text', 0):,} bytes (target <= 65,536), "
          f".data {size.get('data', 0):,}, .bss {size.get('bss', 0):,}, "
          f".noinit (CPU stacks, FDT index: not zeroed) {size.get('noinit', 0):,}")
    print(f"source lines (libnova/, arch/aarch64/, boards/qemu-virt/): {lines['lines']:,} "
          f"({lines['nonblank_lines']:,} not blank); with boards/common and boards/drivers, "
          f"which qemu-virt links: {lines['with_board_common']:,}")
    print("instructions per iteration include the loop's own (column 'loop'); "
          "each figure is the lowest of 3 runs of N iterations")


def print_linux(linux):
    if linux is None:
        return
    if isinstance(linux, str):
        print(f"Linux boot to its init marker: not measured: {linux}")
        return
    print(f"Linux boot to its init marker (guest uptime): libnova {linux['libnova']:.2f} s / "
          f"direct {linux['direct']:.2f} s = {linux['ratio']:.2f} (target <= 1.3)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--image", required=True)
    ap.add_argument("--kernel", required=True, help="the kernel ELF without a root task")
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--size", default="aarch64-linux-gnu-size")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--check", action="store_true", help="fail unless every figure is there")
    ap.add_argument("--linux-image", help="the VMM image of the Linux boot row (linux-bench.Image)")
    ap.add_argument("--guest-dir", help="the test guest's Image and initramfs (.deps/guest)")
    args = ap.parse_args()

    figures = {k: v for k, v in boot(args.qemu, args.image, 1).items() if k not in TWO_CPU_ROWS}
    figures.update({k: v for k, v in boot(args.qemu, args.image, 2).items() if k in TWO_CPU_ROWS})
    size = kernel_size(args.size, args.kernel)
    lines = source_lines(("libnova", "arch/aarch64", "boards/qemu-virt"))
    lines["with_board_common"] = source_lines(
        ("libnova", "arch/aarch64", "boards/qemu-virt", "boards/common", "boards/drivers"))["lines"]
    linux = None
    if args.linux_image and args.guest_dir:
        linux = bench_linux.linux_boot_ratio(args.qemu, args.linux_image, args.guest_dir)
    problem = check(figures)
    if problem and not args.check:
        sys.exit(f"bench: {problem}")
    if args.json:
        print(json.dumps({"figures": figures, "kernel_bytes": size, "source": lines, "linux_boot": linux,
                          "qemu": "-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -icount shift=0,sleep=off"},
                         indent=2))
    else:
        print_table(figures, size, lines)
        print_linux(linux)
    if problem:
        print(f"bench: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
