#!/usr/bin/env python3
"""The SDK end to end (docs/sdk.md): install the build into a temporary
--destdir, check the installed tree, build sdk/example outside the tree
against the installed novart.pc only, compose its image with the installed
nova-image and boot it. Passes when the vendor's root task prints its lines
and powers the machine off through the kernel.

    test_sdk.py MESON BUILDDIR PREFIX SRCDIR RUN_QEMU"""
import os
import shutil
import subprocess
import sys
import tempfile

meson, builddir, prefix, srcdir, run_qemu = sys.argv[1:6]

# Relative to the prefix (Meson's default bindir, libdir, includedir).
INSTALLED = [
    "bin/nova-image",
    "include/nova/hypercall.h", "include/nova/hip.h", "include/nova/manifest.h",
    "include/novart/rt.h", "include/novart/libc/string.h",
    "include/novart/libfdt/libfdt.h",
    "lib/libnovart.a", "lib/novart/crt0.o", "lib/novart/root.ld",
    "lib/pkgconfig/novart.pc",
    "lib/nova/build_image.py", "lib/nova/toolchain.json", "lib/nova/libnova.a",
    "lib/nova/libboard-qemu-virt.a", "lib/nova/libfdt.a", "lib/nova/kernel.ld",
    "lib/nova/boards/qemu-virt/board.toml",
]


def fail(why, output=""):
    sys.stdout.write(output)
    print(f"sdk: FAIL: {why}")
    sys.exit(1)


def run(cmd, what, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode:
        fail(f"{what} failed (exit {result.returncode}): {' '.join(cmd)}",
             result.stdout + result.stderr)
    return result.stdout + result.stderr


with tempfile.TemporaryDirectory(prefix="nova-sdk-") as tmp:
    dest = os.path.join(tmp, "dest")
    run([meson, "install", "-C", builddir, "--no-rebuild", "--destdir", dest, "--quiet"],
        "meson install")
    sdk = dest + os.path.abspath(prefix)
    missing = [p for p in INSTALLED if not os.path.exists(os.path.join(sdk, p))]
    if missing:
        fail(f"not installed under {sdk}: {', '.join(missing)}")
    with open(os.path.join(sdk, "lib/nova/libnova.a"), "rb") as f:
        if f.read(8) != b"!<arch>\n":
            fail("lib/nova/libnova.a is not a self-contained archive (a thin one?)")

    # Only the SDK's novart.pc, and nothing in it may point into the tree.
    vendor = os.path.join(tmp, "acme")
    shutil.copytree(os.path.join(srcdir, "sdk", "example"), vendor,
                    ignore=shutil.ignore_patterns("out", "acme-root"))
    env = dict(os.environ, PKG_CONFIG_LIBDIR=os.path.join(tmp, "no-system-pc"))
    env.pop("PKG_CONFIG_PATH", None)
    flags = run(["pkg-config", "--cflags", "--libs", "novart"], "pkg-config",
                env=dict(env, PKG_CONFIG_PATH=os.path.join(sdk, "lib/pkgconfig")))
    for tree in (os.path.abspath(srcdir), os.path.abspath(builddir)):
        if tree in flags:
            fail(f"novart.pc refers to {tree}", flags)

    log = run(["make", "-C", vendor, f"NOVA_SDK={sdk}", "image"], "make image", env=env)
    for tree in (os.path.abspath(srcdir), os.path.abspath(builddir)):
        if tree in log:
            fail(f"the vendor build used {tree}", log)
    image = os.path.join(vendor, "out", "acme.Image")
    with open(image, "rb") as f:
        if f.read(0x40)[0x38:0x3C] != b"ARM\x64":
            fail(f"{image} has no arm64 Image header")

    sys.exit(subprocess.run([
        sys.executable, run_qemu, "--name", "sdk-vendor-image", "--timeout", "40",
        "--expect", "NOVA: starting the root task",
        "--expect", "acme: root task up on linux,dummy-virt, 1 CPUs",
        "--expect", "acme: module acme.conf \\(35 bytes\\): mode=demo greeting=hello-from-acme",
        "--expect", "acme: done, powering off",
        "--expect", "NOVA: power off requested by the root PD",
        "--", "qemu-system-aarch64", "-M", "virt,virtualization=on", "-cpu", "cortex-a57",
        "-m", "512M", "-nographic", "-no-reboot", "-kernel", image]).returncode)
