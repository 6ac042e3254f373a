#!/usr/bin/env python3
"""Compose a libnova image: kernel + board + root task + modules -> ELF and Image.

    build_image.py --toolchain build/images/toolchain.json \
                   --description images/hello.toml --out-dir build/images

reads the description (TOML), checks it, writes payload.S (header, boot
manifest, root ELF, modules; layout in libnova/payload.h), assembles and links
it with libnova.a, the board library and libfdt.a, and writes NAME.elf and the
raw arm64 NAME.Image. `--no-payload --board B` links the bare kernel for the
spec's legacy launch (root ELF passed in X1). Every problem stops the build
with one line naming the file, the field and the fix. Format and messages:
docs/image-format.md. Python standard library only.
"""

import argparse
import difflib
import json
import os
import re
import struct
import subprocess
import sys
import tomllib

PAGE = 4096

# libnova/payload.h
PAYLOAD_MAGIC = 0x314744494D564F4E  # "NOVMIDG1"
PAYLOAD_VERSION = 1
PAYLOAD_HEADER_SIZE = 320
PAYLOAD_CMDLINE_MAX = 256

# include/nova/manifest.h
MANIFEST_MAGIC = 0x5453464E4D564F4E  # "NOVMNFST"
MANIFEST_VERSION = 1
MANIFEST_NAME_MAX = 48
MANIFEST_HEADER_SIZE = 32
MANIFEST_ENTRY_SIZE = 64

EM_AARCH64 = 183
ELFCLASS64 = 2
ELFDATA2LSB = 1
ET_EXEC = 2
PT_LOAD = 1

DESCRIPTION_KEYS = {"board", "root", "cmdline", "kernel_memory", "memory",
                    "output", "module"}
MODULE_KEYS = {"name", "file"}
BOARD_KEYS = {"arch", "library", "ram_base", "ram_size_max", "memory",
              "load_offset", "kernel_memory"}
TOOLCHAIN_KEYS = {"cc", "ld", "objcopy", "libnova", "board_libs", "libfdt",
                  "linker_script", "srcdir", "builddir"}


class ImageError(Exception):
    """One user-facing problem: where, what, and how to fix it."""

    def __init__(self, where, field, problem, fix):
        where_field = f"{where}: field '{field}'" if field else where
        super().__init__(f"{where_field}: {problem}; {fix}")


def parse_size(value, where, field):
    """A size: an integer (bytes) or a string "<n>[K|M|G|T][iB]" in powers of 1024."""
    fix = 'write bytes as an integer or a string like "16M", "512K", "1G"'
    if isinstance(value, bool):
        raise ImageError(where, field, f"{value!r} is not a size", fix)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(0x[0-9a-fA-F]+|[0-9]+)\s*([KMGT]?)(i?B)?\s*", value)
        if not match:
            raise ImageError(where, field, f"'{value}' is not a size", fix)
        number = int(match.group(1), 0)
        number <<= {"": 0, "K": 10, "M": 20, "G": 30, "T": 40}[match.group(2)]
    else:
        raise ImageError(where, field, f"{value!r} is not a size", fix)
    if number <= 0:
        raise ImageError(where, field, f"size must be positive, got {number}", fix)
    return number


def human(size):
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            value = size / (1 << shift)
            return f"{value:g} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def align_up(value, alignment=PAGE):
    return (value + alignment - 1) // alignment * alignment


def reject_unknown_keys(table, known, where, context=""):
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ImageError(where, f"{context}{key}", "unknown key",
                             f"{hint}known keys: {', '.join(sorted(known))}")


def load_toml(path, what):
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ImageError(path, None, f"{what} not found",
                         "fix the path") from None
    except tomllib.TOMLDecodeError as e:
        raise ImageError(path, None, f"not valid TOML ({e})",
                         "fix the syntax") from None


# ---------------------------------------------------------------- toolchain

def load_toolchain(path):
    """toolchain.json, written by images/meson.build at configure time."""
    try:
        with open(path) as f:
            tc = json.load(f)
    except FileNotFoundError:
        raise ImageError(path, None, "toolchain description not found",
                         "configure the build first (./nova build) or pass --toolchain") from None
    except json.JSONDecodeError as e:
        raise ImageError(path, None, f"not valid JSON ({e})",
                         "reconfigure the build (./nova build)") from None
    missing = TOOLCHAIN_KEYS - tc.keys()
    if missing:
        raise ImageError(path, sorted(missing)[0], "missing",
                         "reconfigure the build (./nova build)")
    if isinstance(tc["cc"], str):
        tc["cc"] = [tc["cc"]]
    # The installed SDK's toolchain.json names its files relative to itself,
    # so the SDK works wherever it is installed (docs/sdk.md).
    base = os.path.dirname(os.path.abspath(path))
    for key in ("libnova", "libfdt", "linker_script", "srcdir", "builddir"):
        tc[key] = os.path.normpath(os.path.join(base, tc[key]))
    tc["board_libs"] = {name: os.path.normpath(os.path.join(base, lib))
                        for name, lib in tc["board_libs"].items()}
    return tc


# -------------------------------------------------------------------- board

def known_boards(tc):
    boards_dir = os.path.join(tc["srcdir"], "boards")
    try:
        entries = sorted(os.listdir(boards_dir))
    except FileNotFoundError:
        return []
    return [b for b in entries
            if os.path.isfile(os.path.join(boards_dir, b, "board.toml"))]


def load_board(tc, name, where, field="board"):
    known = known_boards(tc)
    if not isinstance(name, str) or name not in known:
        raise ImageError(where, field, f"unknown board {name!r}",
                         f"use one of: {', '.join(known) or '(none found)'}")
    path = os.path.join(tc["srcdir"], "boards", name, "board.toml")
    data = load_toml(path, "board metadata")
    reject_unknown_keys(data, BOARD_KEYS, path)
    for key in BOARD_KEYS:
        if key not in data:
            raise ImageError(path, key, "missing", "add it (docs/image-format.md)")
    board = {"name": name, "file": path, "arch": data["arch"],
             "library": data["library"]}
    for key in ("ram_base", "ram_size_max", "memory", "load_offset", "kernel_memory"):
        if key == "ram_base":
            if not isinstance(data[key], int) or data[key] < 0 or data[key] % PAGE:
                raise ImageError(path, key, f"{data[key]!r} is not a page-aligned address",
                                 "write the physical address as an integer")
            board[key] = data[key]
        else:
            board[key] = parse_size(data[key], path, key)
    if board["library"] not in tc["board_libs"]:
        raise ImageError(path, "library",
                         f"board library {board['library']!r} is not built",
                         f"built board libraries: {', '.join(sorted(tc['board_libs'])) or '(none)'}")
    return board


# ------------------------------------------------------------------ root ELF

def check_root_elf(path, where, field, arch="aarch64"):
    """spec 6.2.1: an ET_EXEC for this architecture whose PT_LOAD segments can be
    mapped in place: p_filesz == p_memsz and p_vaddr == p_offset (mod 4 KiB),
    the ELF itself being placed on a page boundary."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise ImageError(where, field, f"'{path}' is not an ELF file",
                         "point it at the root task's linked executable")
    if data[4] != ELFCLASS64 or data[5] != ELFDATA2LSB:
        raise ImageError(where, field,
                         f"'{path}' is not a 64-bit little-endian ELF (class {data[4]}, data {data[5]})",
                         f"build the root task with the {arch} cross compiler")
    if len(data) < 64:
        raise ImageError(where, field, f"'{path}' is truncated",
                         "rebuild the root task")
    (e_type, e_machine, _, _, e_phoff, _, _, _, e_phentsize,
     e_phnum) = struct.unpack_from("<HHIQQQIHHH", data, 16)
    if e_machine != EM_AARCH64:
        raise ImageError(where, field,
                         f"'{path}' is for machine {e_machine}, not {arch} (EM_AARCH64 = {EM_AARCH64})",
                         f"build the root task with the {arch} cross compiler")
    if e_type != ET_EXEC:
        raise ImageError(where, field,
                         f"'{path}' has ELF type {e_type}, not ET_EXEC (spec 6.2.1)",
                         "link the root task as a static, non-PIE executable (-static -no-pie)")
    if e_phnum == 0 or e_phentsize != 56 or e_phoff + e_phnum * 56 > len(data):
        raise ImageError(where, field, f"'{path}' has no valid program headers",
                         "rebuild the root task as a static executable")
    loads = 0
    for i in range(e_phnum):
        (p_type, _, p_offset, p_vaddr, _, p_filesz,
         p_memsz, _) = struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * 56)
        if p_type != PT_LOAD:
            continue
        loads += 1
        seg = f"'{path}' PT_LOAD segment {i} (vaddr {p_vaddr:#x})"
        if p_filesz != p_memsz:
            raise ImageError(where, field,
                             f"{seg} has p_filesz {p_filesz:#x} != p_memsz {p_memsz:#x} (spec 6.2.1)",
                             "link the root task so .bss is file-backed, e.g. "
                             "a linker script that places .bss inside .data")
        if (p_vaddr - p_offset) % PAGE:
            raise ImageError(where, field,
                             f"{seg} has p_vaddr {p_vaddr:#x} not congruent to p_offset {p_offset:#x} mod 4096 (spec 6.2.1)",
                             "link the root task with page-aligned segments (-z max-page-size=4096)")
        if p_offset + p_filesz > len(data):
            raise ImageError(where, field, f"{seg} extends past the end of the file",
                             "rebuild the root task")
    if loads == 0:
        raise ImageError(where, field, f"'{path}' has no PT_LOAD segment",
                         "rebuild the root task as a static executable")
    return len(data)


# --------------------------------------------------------------- description

def substitute(value, tc, base_dir, where, field):
    if not isinstance(value, str) or not value:
        raise ImageError(where, field, f"{value!r} is not a path",
                         "write a file path as a string")

    def var(match):
        name = match.group(1)
        if name not in ("srcdir", "builddir"):
            raise ImageError(where, field, f"unknown variable '${{{name}}}'",
                             "use ${srcdir} or ${builddir}")
        return tc[name]

    path = re.sub(r"\$\{([^}]*)\}", var, value)
    return os.path.abspath(os.path.join(base_dir, path))


def existing_file(value, tc, base_dir, where, field, what):
    path = substitute(value, tc, base_dir, where, field)
    if not os.path.isfile(path):
        raise ImageError(where, field, f"file '{path}' not found",
                         f"build the {what} first or fix the path")
    return path


def load_description(path, tc):
    where = os.path.relpath(path) if not os.path.isabs(path) else path
    data = load_toml(path, "image description")
    base_dir = os.path.dirname(os.path.abspath(path))
    reject_unknown_keys(data, DESCRIPTION_KEYS, where)

    if "board" not in data:
        raise ImageError(where, "board", "missing",
                         f"add board = \"...\", one of: {', '.join(known_boards(tc))}")
    board = load_board(tc, data["board"], where)

    output = data.get("output", os.path.splitext(os.path.basename(path))[0])
    if not isinstance(output, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", output):
        raise ImageError(where, "output", f"{output!r} is not a file name",
                         "use letters, digits, '.', '_', '+', '-', no directories")

    cmdline = data.get("cmdline", "")
    if not isinstance(cmdline, str):
        raise ImageError(where, "cmdline", f"{cmdline!r} is not a string",
                         "write the command line as a string")
    cmdline_bytes = cmdline.encode()
    if b"\0" in cmdline_bytes:
        raise ImageError(where, "cmdline", "contains a NUL byte", "remove it")
    if len(cmdline_bytes) >= PAYLOAD_CMDLINE_MAX:
        raise ImageError(where, "cmdline",
                         f"{len(cmdline_bytes)} bytes, the limit is {PAYLOAD_CMDLINE_MAX - 1}",
                         "shorten it or move the configuration into a module")

    kmem = parse_size(data.get("kernel_memory", board["kernel_memory"]), where, "kernel_memory")
    if kmem % PAGE:
        raise ImageError(where, "kernel_memory", f"{kmem} is not a multiple of 4 KiB",
                         "round it to whole pages, e.g. \"16M\"")
    memory = parse_size(data.get("memory", board["memory"]), where, "memory")
    if memory > board["ram_size_max"]:
        raise ImageError(where, "memory",
                         f"{human(memory)} exceeds the {human(board['ram_size_max'])} board {board['name']} can have",
                         f"use at most {human(board['ram_size_max'])} (see {board['file']})")

    root = None
    if "root" in data:
        root = existing_file(data["root"], tc, base_dir, where, "root", "root task")
        check_root_elf(root, where, "root", board["arch"])

    modules = data.get("module", [])
    if not isinstance(modules, list):
        raise ImageError(where, "module", "must be an array of tables",
                         "write each module as [[module]] with name and file")
    if modules and root is None:
        raise ImageError(where, "module", "modules need a root task to use them",
                         "add root = \"...\" or remove the [[module]] tables")
    seen = {}
    checked = []
    for i, mod in enumerate(modules):
        ctx = f"module[{i}]."
        if not isinstance(mod, dict):
            raise ImageError(where, f"module[{i}]", "must be a table",
                             "write it as [[module]] with name and file")
        reject_unknown_keys(mod, MODULE_KEYS, where, ctx)
        for key in ("name", "file"):
            if key not in mod:
                raise ImageError(where, ctx + key, "missing", f"add {key} = \"...\"")
        name = mod["name"]
        if not isinstance(name, str) or not name:
            raise ImageError(where, ctx + "name", f"{name!r} is not a module name",
                             "write a non-empty string")
        name_bytes = name.encode()
        if b"\0" in name_bytes:
            raise ImageError(where, ctx + "name", "contains a NUL byte", "remove it")
        if len(name_bytes) >= MANIFEST_NAME_MAX:
            raise ImageError(where, ctx + "name",
                             f"'{name}' is {len(name_bytes)} bytes, the limit is {MANIFEST_NAME_MAX - 1}",
                             "use a shorter name")
        if name in seen:
            raise ImageError(where, ctx + "name", f"'{name}' is also the name of module[{seen[name]}]",
                             "give every module its own name")
        seen[name] = i
        file = existing_file(mod["file"], tc, base_dir, where, ctx + "file", "module")
        checked.append({"name": name, "file": file, "size": os.path.getsize(file)})

    return {"where": where, "board": board, "output": output, "cmdline": cmdline_bytes,
            "kernel_memory": kmem, "memory": memory, "root": root, "modules": checked}


# ------------------------------------------------------------------- layout

def layout(image):
    """Offsets from the payload header of every part, each on a 4 KiB page."""
    offset = align_up(PAYLOAD_HEADER_SIZE)
    manifest_offset = manifest_size = 0
    if image["modules"]:
        manifest_offset = offset
        manifest_size = MANIFEST_HEADER_SIZE + MANIFEST_ENTRY_SIZE * len(image["modules"])
        offset = align_up(offset + manifest_size)
    root_offset = offset
    root_size = os.path.getsize(image["root"])
    end = root_offset + root_size
    for mod in image["modules"]:
        mod["offset"] = align_up(end)
        end = mod["offset"] + mod["size"]
    return {"manifest_offset": manifest_offset, "manifest_size": manifest_size,
            "root_offset": root_offset, "root_size": root_size, "total_size": end}


def check_fits(image, footprint, parts):
    """footprint: bytes from RAM base to the end of the kernel's pool."""
    board = image["board"]
    if footprint <= image["memory"]:
        return
    raise ImageError(image["where"], "memory",
                     f"the image needs {human(footprint)} of RAM ({parts}) "
                     f"but memory is {human(image['memory'])}",
                     f"raise 'memory' (board {board['name']} allows up to {human(board['ram_size_max'])}), "
                     "lower 'kernel_memory' or drop modules")


def asm_string(data):
    out = []
    for b in data:
        c = chr(b)
        out.append(c if 0x20 <= b < 0x7F and c not in '"\\' else f"\\{b:03o}")
    return '"' + "".join(out) + '"'


def payload_source(image, lay, source_name):
    q = lambda v, what: f"    .quad   {v:#x}{' ' * max(1, 20 - len(hex(v)))}/* {what} */"
    w = lambda v, what: f"    .word   {v:#x}{' ' * max(1, 20 - len(hex(v)))}/* {what} */"
    lines = [
        f"/* Generated by images/build_image.py from {source_name}; do not edit.",
        " * Layout: libnova/payload.h, include/nova/manifest.h, docs/image-format.md. */",
        "",
        f"    .global image_kmem_size",
        f"    .set    image_kmem_size, {image['kernel_memory']:#x}",
        "",
        '    .section .payload, "a"',
        "    .balign 4096",
        "    .global image_payload",
        "    .type   image_payload, %object",
        "image_payload:",
        q(PAYLOAD_MAGIC, 'magic "NOVMIDG1"'),
        w(PAYLOAD_VERSION, "version"),
        w(PAYLOAD_HEADER_SIZE, "header_size"),
        q(lay["total_size"], "total_size"),
        q(image["kernel_memory"], "kmem_size"),
        q(lay["root_offset"], "root_offset"),
        q(lay["root_size"], "root_size"),
        q(lay["manifest_offset"], "manifest_offset"),
        q(lay["manifest_size"], "manifest_size"),
        f"    .ascii  {asm_string(image['cmdline'])}",
        f"    .zero   {PAYLOAD_CMDLINE_MAX - len(image['cmdline'])}",
        f"    .size   image_payload, . - image_payload",
    ]

    def place(offset, what):
        # .org pads with zeros and stops the assembler if the previous part
        # ran past the offset the header promises.
        lines.extend(["", f"    .org    {offset:#x}                  /* {what} */"])

    if image["modules"]:
        place(lay["manifest_offset"], "manifest")
        lines += [q(MANIFEST_MAGIC, 'magic "NOVMNFST"'),
                  w(MANIFEST_VERSION, "version"),
                  w(len(image["modules"]), "count"),
                  q(lay["manifest_offset"], "phys: offset, the kernel adds the load address"),
                  q(lay["manifest_size"], "size")]
        for mod in image["modules"]:
            name = mod["name"].encode()
            lines += [f"    .ascii  {asm_string(name)}",
                      f"    .zero   {MANIFEST_NAME_MAX - len(name)}",
                      q(mod["offset"], "phys: offset"),
                      q(mod["size"], "size")]
    place(lay["root_offset"], "root ELF")
    lines.append(f"    .incbin {asm_string(image['root'].encode())}")
    for mod in image["modules"]:
        place(mod["offset"], f"module {mod['name']}")
        lines.append(f"    .incbin {asm_string(mod['file'].encode())}")
    lines.append(f"    .org    {lay['total_size']:#x}                  /* end: total_size */")
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------- build steps

def run(cmd, what):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise ImageError(what, None, f"{os.path.basename(cmd[0])} failed (exit {result.returncode}): "
                         + " ".join(cmd), "see the tool's messages above")


def elf_symtab(path):
    """Section names and symbols (name, value, type, section index) of an
    ELF64 LE file's .symtab."""
    with open(path, "rb") as f:
        data = f.read()
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
                for i in range(e_shnum)]

    def string(table_offset, offset):
        start = table_offset + offset
        return data[start:data.index(b"\0", start)].decode()

    names = [string(sections[e_shstrndx][4], sh[0]) for sh in sections]
    symbols = []
    for sh in sections:
        if sh[1] != 2:  # SHT_SYMTAB
            continue
        strtab = sections[sh[6]][4]
        for off in range(sh[4], sh[4] + sh[5], 24):
            st_name, st_info, _, st_shndx, st_value, _ = struct.unpack_from("<IBBHQQ", data, off)
            symbols.append((string(strtab, st_name), st_value, st_info & 0xf, st_shndx))
    return names, symbols


def elf_symbols(path, names):
    """Values of the named symbols."""
    return {name: value for name, value, _, _ in elf_symtab(path)[1] if name in names}


def code_symbols(path):
    """(address, name) of every named NOTYPE or FUNC symbol in .text, sorted:
    the kernel's symbol table for fault reports."""
    sections, symbols = elf_symtab(path)
    found = {}
    for name, value, kind, shndx in symbols:
        if (shndx < len(sections) and sections[shndx] == ".text" and kind in (0, 2)
                and name and not name.startswith(("$", ".L"))):
            found.setdefault(value, name)
    return sorted(found.items())


def ksyms_source(symbols):
    """The .ksyms section libnova/ksyms.c reads: count, {addr, name offset}, names."""
    lines = ['\t.section .ksyms, "a"', "\t.balign 8", "ksyms_table:", f"\t.quad {len(symbols)}"]
    for i, (addr, _) in enumerate(symbols):
        lines.append(f"\t.quad {addr:#x}\n\t.word ksym_name_{i} - ksyms_table, 0")
    for i, (_, name) in enumerate(symbols):
        lines.append(f'ksym_name_{i}: .asciz "{name}"')
    return "\n".join(lines) + "\n"


def link(tc, board, out_dir, name, payload_obj, where, want_image):
    elf = os.path.join(out_dir, name + ".elf")
    image = os.path.join(out_dir, name + ".Image")
    for key, path in (("libnova", tc["libnova"]), ("libfdt", tc["libfdt"]),
                      ("linker_script", tc["linker_script"])):
        if not os.path.isfile(path):
            raise ImageError(where, None, f"{key} '{path}' not found",
                             "build the kernel first (./nova build)")
    board_lib = tc["board_libs"][board["library"]]
    if not os.path.isfile(board_lib):
        raise ImageError(where, None, f"board library '{board_lib}' not found",
                         "build the kernel first (./nova build)")
    cmd = [tc["ld"], "-nostdlib", "-static", "-T", tc["linker_script"], "-u", "_start",
           "--gc-sections", "-o", elf]
    if payload_obj:
        cmd.append(payload_obj)
    cmd += ["--start-group", tc["libnova"], board_lib, tc["libfdt"], "--end-group"]
    # Link twice: the second link embeds the first one's code symbols. The
    # table sits after the code, so no function moves between the links.
    run(cmd, where)
    ksyms_src = os.path.join(out_dir, name + ".ksyms.S")
    ksyms_obj = os.path.join(out_dir, name + ".ksyms.o")
    with open(ksyms_src, "w") as f:
        f.write(ksyms_source(code_symbols(elf)))
    run(tc["cc"] + ["-c", ksyms_src, "-o", ksyms_obj], where)
    first = code_symbols(elf)
    run(cmd + [ksyms_obj], where)
    if code_symbols(elf) != first:
        raise ImageError(where, None, "code moved between the two kernel links",
                         "keep .ksyms after .text in the linker script")
    if want_image:
        run([tc["objcopy"], "-O", "binary", elf, image], where)
    return elf, image


def write_depfile(path, target, deps):
    esc = lambda p: p.replace(" ", "\\ ")
    with open(path, "w") as f:
        f.write(f"{esc(target)}: {' '.join(esc(d) for d in deps)}\n")


def build(args):
    tc = load_toolchain(args.toolchain)
    os.makedirs(args.out_dir, exist_ok=True)

    if args.description:
        image = load_description(args.description, tc)
        where = image["where"]
        if args.no_payload:
            image["root"] = None
            image["modules"] = []
    else:
        if not args.board:
            raise ImageError("build_image.py", "--board", "missing",
                             "give --description FILE, or --no-payload --board NAME")
        image = {"where": "build_image.py", "root": None, "modules": [],
                 "board": load_board(tc, args.board, "build_image.py", "--board")}
        where = image["where"]
    name = args.name or image.get("output") or "nova-" + image["board"]["name"]

    payload_obj = None
    lay = None
    deps = [image["board"]["file"]]
    if args.description:
        deps.append(os.path.abspath(args.description))
    if image["root"]:
        lay = layout(image)
        board = image["board"]
        check_fits(image, board["load_offset"] + align_up(lay["total_size"]) + image["kernel_memory"],
                   f"load offset {human(board['load_offset'])} + payload {human(lay['total_size'])} + "
                   f"kernel_memory {human(image['kernel_memory'])}, before the kernel itself")
        src = os.path.join(args.out_dir, name + ".payload.S")
        payload_obj = os.path.join(args.out_dir, name + ".payload.o")
        with open(src, "w") as f:
            f.write(payload_source(image, lay, where))
        run(tc["cc"] + ["-c", src, "-o", payload_obj], where)
        deps += [image["root"]] + [m["file"] for m in image["modules"]]

    elf, img = link(tc, image["board"], args.out_dir, name, payload_obj, where,
                    not args.elf_only)

    syms = elf_symbols(elf, {"__kernel_start", "__kernel_end"})
    if lay and len(syms) == 2:
        size = syms["__kernel_end"] - syms["__kernel_start"]
        board = image["board"]
        check_fits(image, board["load_offset"] + size,
                   f"load offset {human(board['load_offset'])} + linked kernel {human(size)} "
                   f"including payload {human(lay['total_size'])} and "
                   f"kernel_memory {human(image['kernel_memory'])}")

    if args.depfile:
        write_depfile(args.depfile, elf, deps + [tc["libnova"], tc["linker_script"]])
    print(f"{where}: wrote {elf}" + ("" if args.elf_only else f" and {img}"))


def default_toolchain():
    """The installed SDK keeps toolchain.json beside this script (reached as
    bin/nova-image, a symlink); the source tree has it in build/images/."""
    here = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(here, "toolchain.json")
    if os.path.isfile(installed):
        return installed
    return os.path.join(here, "..", "build", "images", "toolchain.json")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--toolchain", default=default_toolchain(),
                        help="toolchain.json from the Meson build (default: the installed SDK's, "
                             "or build/images/toolchain.json in the source tree)")
    parser.add_argument("--description", help="image description (TOML)")
    parser.add_argument("--out-dir", default=".", help="where NAME.elf and NAME.Image go")
    parser.add_argument("--name", help="output base name (default: the description's 'output')")
    parser.add_argument("--no-payload", action="store_true",
                        help="link the bare kernel for the legacy launch (root ELF in X1)")
    parser.add_argument("--board", help="board for --no-payload without a description")
    parser.add_argument("--elf-only", action="store_true",
                        help="write NAME.elf only (Meson makes NAME.Image in its own step)")
    parser.add_argument("--depfile", help="write a Make-style dependency file")
    args = parser.parse_args(argv)
    try:
        build(args)
    except ImageError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
