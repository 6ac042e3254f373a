#!/usr/bin/env python3
"""Formatting check: every C source and header of the tree must be as
clang-format leaves it (.clang-format at the root). Fix with
`clang-format -i FILE`."""
import os
import shutil
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
skip = {".git", ".deps", "build"}
clang_format = shutil.which("clang-format")
if not clang_format:
    print("clang-format not found: ./nova setup installs it")
    sys.exit(77)  # Meson's "skipped"

files = []
for top, dirs, names in os.walk(root):
    dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("build"))
    files += [os.path.join(top, n) for n in sorted(names) if n.endswith((".c", ".h"))]

result = subprocess.run([clang_format, "--dry-run", "-Werror", *files],
                        capture_output=True, text=True)
if result.returncode:
    sys.stdout.write(result.stderr)
    print(f"{len(files)} files checked: not formatted as .clang-format says; run clang-format -i on the files above")
    sys.exit(1)
print(f"{len(files)} files formatted as .clang-format says")
