#!/usr/bin/env python3
"""archive_copy.py AR IN OUT: copy a static library for installation.

Meson builds uninstalled static libraries as thin archives, whose members stay
in the build tree; the SDK needs a self-contained archive. A regular archive
is copied as it is."""
import os
import shutil
import subprocess
import sys

ar, src, dst = sys.argv[1:4]
with open(src, "rb") as f:
    thin = f.read(8) == b"!<thin>\n"
if os.path.exists(dst):
    os.remove(dst)
if not thin:
    shutil.copyfile(src, dst)
    sys.exit(0)
# `ar t` names a thin archive's members as paths from the current directory;
# q (append) keeps members whose base names repeat.
members = subprocess.run([ar, "t", src], check=True, capture_output=True,
                         text=True).stdout.split("\n")
subprocess.run([ar, "qcsD", dst] + [m for m in members if m], check=True)
