#!/usr/bin/env python3
"""Check the layering of the kernel's libraries by their undefined symbols.

  libnova.a  needs only what it defines itself, what the linker script
             defines, and the allow-list below: `board` from the board
             library, `image_payload` and `image_kmem_size` from the image's
             payload object. In particular no fdt_*: libfdt is board code.
  board lib  needs only libnova.a, the linker script and libfdt's fdt_*.
  libfdt.a   needs only the libc symbols libnova.a supplies (mem*, str*,
             strtoul, __stack_chk_*; see ARCHITECTURE.md).

  check_symbols.py --nm aarch64-linux-gnu-nm --libnova libnova.a
      [--linker-script kernel.ld] [--board-lib libboard-qemu-virt.a ...]
      [--libfdt libfdt.a]

Prints one line per offending symbol and the object that needs it; exits 1
if there is any.
"""

import argparse
import os
import re
import subprocess
import sys

CORE_ALLOWED = {
    "board": "the board library's `const struct board board` (libnova/board.h)",
    "image_payload": "the image builder's payload object (libnova/payload.h)",
    "image_kmem_size": "the image builder's payload object (kernel pool size)",
}


def nm(tool, archive, *flags):
    """{symbol: [member, ...]} for the external symbols nm lists with flags."""
    out = subprocess.run([tool, "-A", "-g", "--format=posix", *flags, archive],
                         capture_output=True, text=True, check=True).stdout
    result = {}
    for line in out.splitlines():
        match = re.match(r"(.*?)(?:\[(.*?)\])?: (\S+) ", line)
        if match:
            result.setdefault(match.group(3), []).append(match.group(2) or match.group(1))
    return result


def linker_script_symbols(path):
    if not path:
        return set()
    with open(path) as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    return set(re.findall(r"([A-Za-z_$][\w$]*)\s*=(?!=)", text))


def library(tool, path):
    return nm(tool, path, "--defined-only"), nm(tool, path, "--undefined-only")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nm", required=True)
    parser.add_argument("--libnova", required=True)
    parser.add_argument("--linker-script")
    parser.add_argument("--board-lib", action="append", default=[])
    parser.add_argument("--libfdt")
    args = parser.parse_args(argv)

    script = linker_script_symbols(args.linker_script)
    core_def, core_undef = library(args.nm, args.libnova)
    core = os.path.basename(args.libnova)
    errors = []

    for sym, users in sorted(core_undef.items()):
        if sym in core_def or sym in script or sym in CORE_ALLOWED:
            continue
        where = f"{core}({', '.join(sorted(set(users)))})"
        if sym.startswith("fdt_"):
            errors.append(f"{where} calls {sym}: libfdt is used only by board code; "
                          "move the call into boards/ behind the board interface")
        else:
            errors.append(f"{where} needs {sym}, which libnova.a does not define; define it "
                          f"in the core or arch code (allowed from outside: {', '.join(CORE_ALLOWED)})")

    fdt_def = library(args.nm, args.libfdt)[0] if args.libfdt else {}
    for lib in args.board_lib:
        board_def, board_undef = library(args.nm, lib)
        name = os.path.basename(lib)
        for sym, users in sorted(board_undef.items()):
            if sym in board_def or sym in core_def or sym in script:
                continue
            if sym.startswith("fdt_") and (not args.libfdt or sym in fdt_def):
                continue
            errors.append(f"{name}({', '.join(sorted(set(users)))}) needs {sym}, which neither "
                          "it, libnova.a nor libfdt.a defines")

    if args.libfdt:
        _, fdt_undef = library(args.nm, args.libfdt)
        for sym, users in sorted(fdt_undef.items()):
            if sym in fdt_def or sym in core_def:
                continue
            errors.append(f"libfdt.a({', '.join(sorted(set(users))[:3])}) needs {sym}: "
                          "the freestanding C library (lib/c) must supply it")

    for line in errors:
        print(line, file=sys.stderr)
    if not errors:
        print(f"{core}: undefined symbols are all accounted for")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
