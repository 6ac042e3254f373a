#!/usr/bin/env python3
"""Tests of images/build_image.py: every bad description stops with one message
naming the file and the field; a good one gives an ELF whose .payload parses
back to the description and an arm64 Image.

Most tests link against a stub kernel (an Image header and `_start`) built here
with the cross toolchain, so they run before the real kernel links. The tests
against the real kernel read the build's toolchain.json (NOVA_TOOLCHAIN, or
build/images/toolchain.json) and skip, saying why, when it does not link.

Run: python3 tests/images/test_build_image.py  (meson test --suite images)
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import elf_util  # noqa: E402

SRCDIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILDER = os.path.join(SRCDIR, "images", "build_image.py")
REAL_TOOLCHAIN = os.environ.get("NOVA_TOOLCHAIN",
                                os.path.join(SRCDIR, "build", "images", "toolchain.json"))

PAYLOAD_HEADER = struct.Struct("<QIIQQQQQQ256s")
MANIFEST_HEADER = struct.Struct("<QIIQQ")
MANIFEST_ENTRY = struct.Struct("<48sQQ")
PAYLOAD_MAGIC = 0x314744494D564F4E
MANIFEST_MAGIC = 0x5453464E4D564F4E

STUB_HEAD = r"""
    .section .text.head, "ax"
    .global _start
_start:
    b       1f
    .long   0
    .quad   0
    .quad   __kernel_end - _start
    .quad   0xa
    .quad   0, 0, 0
    .ascii  "ARM\x64"
    .long   0
1:  adrp    x0, image_payload
    adrp    x1, board
    b       1b
    .weak   image_payload
"""
STUB_BOARD = """
    .section .rodata
    .global board
board:
    .quad 0
"""


def cross_tools():
    """cc, ld, objcopy: from the build's toolchain.json, else Debian's names."""
    if os.path.isfile(REAL_TOOLCHAIN):
        with open(REAL_TOOLCHAIN) as f:
            tc = json.load(f)
        return tc["cc"], tc["ld"], tc["objcopy"], tc["libfdt"]
    cc = shutil.which("aarch64-linux-gnu-gcc")
    libfdt = os.path.join(SRCDIR, ".deps", "arm64", "usr", "lib", "aarch64-linux-gnu", "libfdt.a")
    return ([cc] if cc else None, shutil.which("aarch64-linux-gnu-ld"),
            shutil.which("aarch64-linux-gnu-objcopy"), libfdt)


class BuilderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nova-images-")
        cc, ld, objcopy, libfdt = cross_tools()
        if not (cc and ld and objcopy):
            raise unittest.SkipTest("aarch64 cross binutils/gcc not installed (./nova setup)")
        objs = {}
        for name, src in (("stub-libnova", STUB_HEAD), ("stub-board", STUB_BOARD)):
            path = os.path.join(cls.tmp, name + ".S")
            with open(path, "w") as f:
                f.write(src)
            objs[name] = os.path.join(cls.tmp, name + ".o")
            subprocess.run(cc + ["-c", path, "-o", objs[name]], check=True)
        if not os.path.isfile(libfdt):
            libfdt = os.path.join(cls.tmp, "empty.o")  # nothing in the stub needs it
            subprocess.run(cc + ["-c", "-x", "assembler", "/dev/null", "-o", libfdt], check=True)
        cls.toolchain = os.path.join(cls.tmp, "toolchain.json")
        with open(cls.toolchain, "w") as f:
            json.dump({"cc": cc, "ld": ld, "objcopy": objcopy,
                       "libnova": objs["stub-libnova"],
                       "board_libs": {"qemu-virt": objs["stub-board"]},
                       "libfdt": libfdt,
                       "linker_script": os.path.join(SRCDIR, "arch", "aarch64", "kernel.ld"),
                       "srcdir": SRCDIR, "builddir": cls.tmp}, f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.dir = tempfile.mkdtemp(dir=self.tmp)
        self.root = self.write("root.elf", elf_util.make_elf(
            [(0, 0x10000000, 0x1800, 0x1800), (0x2000, 0x10002000, 0x100, 0x100)]))

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        return path

    def description(self, text, name="image.toml"):
        return self.write(name, text)

    def good(self, extra="", modules=None, root=None):
        text = f'board = "qemu-virt"\nroot = "{root or self.root}"\ncmdline = "serial"\n{extra}\n'
        for name, path in (modules or []):
            text += f'[[module]]\nname = "{name}"\nfile = "{path}"\n'
        return text

    def build(self, desc, *extra, toolchain=None, cwd=None):
        return subprocess.run(
            [sys.executable, BUILDER, "--toolchain", toolchain or self.toolchain,
             "--description", desc, "--out-dir", self.dir, *extra],
            capture_output=True, text=True, cwd=cwd)

    def assert_fails(self, text, field, *words):
        desc = self.description(text)
        result = self.build(desc)
        self.assertNotEqual(result.returncode, 0, result.stdout)
        message = result.stderr.strip()
        self.assertEqual(len(message.splitlines()), 1, message)
        self.assertIn(desc, message)
        self.assertIn(f"field '{field}'", message)
        for word in words:
            self.assertIn(word, message)
        return message

    def assert_builds(self, text, *extra):
        desc = self.description(text)
        result = self.build(desc, *extra)
        self.assertEqual(result.returncode, 0, result.stderr)
        return desc


class DescriptionErrors(BuilderTest):
    def test_missing_root_file_names_field_and_fix(self):
        self.assert_fails(self.good(root=os.path.join(self.dir, "nope.elf")),
                          "root", "nope.elf", "not found", "build the root task first")

    def test_missing_module_file(self):
        self.assert_fails(self.good(modules=[("a", os.path.join(self.dir, "gone.bin"))]),
                          "module[0].file", "gone.bin", "not found")

    def test_unknown_board_lists_known_boards(self):
        self.assert_fails(self.good().replace("qemu-virt", "pdp-11"),
                          "board", "pdp-11", "qemu-virt")

    def test_missing_board(self):
        self.assert_fails(f'root = "{self.root}"\n', "board", "qemu-virt")

    def test_root_for_x86_64_rejected(self):
        root = self.write("x86.elf", elf_util.make_elf(machine=elf_util.EM_X86_64))
        self.assert_fails(self.good(root=root), "root", "machine 62", "aarch64")

    def test_root_built_by_host_gcc_rejected(self):
        gcc = shutil.which("gcc")
        if not gcc or os.uname().machine == "aarch64":
            self.skipTest("needs a non-aarch64 host gcc")
        src = self.write("x.c", "void _start(void) { for (;;) ; }\n")
        out = os.path.join(self.dir, "host.elf")
        subprocess.run([gcc, "-nostdlib", "-static", "-o", out, src], check=True)
        self.assert_fails(self.good(root=out), "root", "aarch64")

    def test_root_elf32_rejected(self):
        root = self.write("r32.elf", elf_util.make_elf(elf_class=1))
        self.assert_fails(self.good(root=root), "root", "64-bit little-endian")

    def test_root_big_endian_rejected(self):
        root = self.write("rbe.elf", elf_util.make_elf(data=2))
        self.assert_fails(self.good(root=root), "root", "64-bit little-endian")

    def test_root_not_elf_rejected(self):
        root = self.write("text.elf", "hello\n" * 20)
        self.assert_fails(self.good(root=root), "root", "not an ELF")

    def test_root_pie_rejected(self):
        root = self.write("pie.elf", elf_util.make_elf(e_type=elf_util.ET_DYN))
        self.assert_fails(self.good(root=root), "root", "ET_EXEC", "6.2.1")

    def test_root_bss_segment_rejected(self):
        root = self.write("bss.elf", elf_util.make_elf([(0, 0x10000000, 0x1000, 0x3000)]))
        self.assert_fails(self.good(root=root), "root", "p_filesz", "p_memsz", "6.2.1")

    def test_root_misaligned_segment_rejected(self):
        root = self.write("mis.elf", elf_util.make_elf([(0x1000, 0x10000800, 0x100, 0x100)]))
        self.assert_fails(self.good(root=root), "root", "mod 4096", "6.2.1")

    def test_modules_larger_than_memory_rejected(self):
        big = os.path.join(self.dir, "big.bin")
        with open(big, "wb") as f:
            f.truncate(200 << 20)  # sparse
        self.assert_fails(self.good('memory = "128M"', modules=[("big", big)]),
                          "memory", "128 MiB", "raise 'memory'")

    def test_memory_above_board_limit_rejected(self):
        self.assert_fails(self.good('memory = "1T"'), "memory", "255 GiB")

    def test_module_name_of_48_bytes_rejected(self):
        mod = self.write("m.bin", b"x")
        self.assert_fails(self.good(modules=[("n" * 48, mod)]), "module[0].name", "47")

    def test_module_name_of_47_bytes_accepted(self):
        mod = self.write("m.bin", b"x")
        self.assert_builds(self.good(modules=[("n" * 47, mod)]))

    def test_duplicate_module_name_rejected(self):
        mod = self.write("m.bin", b"x")
        self.assert_fails(self.good(modules=[("a", mod), ("a", mod)]),
                          "module[1].name", "module[0]")

    def test_cmdline_of_256_bytes_rejected(self):
        text = self.good().replace('"serial"', '"' + "c" * 256 + '"')
        self.assert_fails(text, "cmdline", "255")

    def test_cmdline_of_255_bytes_accepted(self):
        self.assert_builds(self.good().replace('"serial"', '"' + "c" * 255 + '"'))

    def test_unknown_top_level_key_rejected(self):
        self.assert_fails(self.good('kernel_memroy = "16M"'), "kernel_memroy",
                          "unknown key", "kernel_memory")

    def test_unknown_module_key_rejected(self):
        mod = self.write("m.bin", b"x")
        text = self.good(modules=[("a", mod)]) + 'flie = "x"\n'
        self.assert_fails(text, "module[0].flie", "unknown key")

    def test_bad_sizes_rejected(self):
        for value in ('"16Q"', '"lots"', "0", "-4096", '"-1M"', "true", '""'):
            with self.subTest(value=value):
                self.assert_fails(self.good(f"kernel_memory = {value}"), "kernel_memory")
        self.assert_fails(self.good('memory = "12X"'), "memory")

    def test_kernel_memory_not_whole_pages_rejected(self):
        self.assert_fails(self.good("kernel_memory = 5000"), "kernel_memory", "4 KiB")

    def test_unknown_variable_rejected(self):
        self.assert_fails(self.good(root="${nowhere}/root.elf"), "root", "${srcdir}")

    def test_modules_without_root_rejected(self):
        mod = self.write("m.bin", b"x")
        text = f'board = "qemu-virt"\n[[module]]\nname = "a"\nfile = "{mod}"\n'
        self.assert_fails(text, "module", "root")

    def test_bad_output_name_rejected(self):
        self.assert_fails(self.good('output = "../evil"'), "output")

    def test_invalid_toml_names_file(self):
        desc = self.description("board = \n")
        result = self.build(desc)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(desc, result.stderr)
        self.assertIn("TOML", result.stderr)


def read_payload(elf_path):
    """(header tuple, manifest header, entries, payload bytes) from NAME.elf."""
    with open(elf_path, "rb") as f:
        data = f.read()
    addr, offset, size, _ = elf_util.sections(data)[".payload"]
    payload = data[offset:offset + size]
    header = PAYLOAD_HEADER.unpack_from(payload, 0)
    manifest, entries = None, []
    if header[7]:
        manifest = MANIFEST_HEADER.unpack_from(payload, header[7])
        for i in range(manifest[2]):
            entries.append(MANIFEST_ENTRY.unpack_from(payload, header[7] + 32 + 64 * i))
    return addr, header, manifest, entries, payload, elf_util.symbols(data)


class GoodImages(BuilderTest):
    def test_payload_parses_back(self):
        mods = [("greeting", self.write("greeting.txt", b"Hello from a module\n")),
                ("blob", self.write("blob.bin", bytes(range(256)) * 33))]
        self.assert_builds(self.good('kernel_memory = "8M"\noutput = "good"', modules=mods))
        addr, hdr, man, entries, payload, syms = read_payload(os.path.join(self.dir, "good.elf"))
        magic, version, header_size, total, kmem, root_off, root_size, man_off, man_size, cmd = hdr
        self.assertEqual(syms["image_payload"], addr)
        self.assertEqual(addr % 4096, 0)
        self.assertEqual((magic, version, header_size), (PAYLOAD_MAGIC, 1, 320))
        self.assertEqual(kmem, 8 << 20)
        self.assertEqual(syms.get("image_kmem_size"), 8 << 20)
        self.assertEqual(cmd.rstrip(b"\0"), b"serial")
        self.assertEqual((man_off, man_size), (4096, 32 + 2 * 64))
        self.assertEqual(root_off, 8192)
        with open(self.root, "rb") as f:
            root = f.read()
        self.assertEqual((root_size, payload[root_off:root_off + root_size]), (len(root), root))
        self.assertEqual(man, (MANIFEST_MAGIC, 1, 2, man_off, man_size))
        for (name, path), (ename, phys, size) in zip(mods, entries):
            with open(path, "rb") as f:
                content = f.read()
            self.assertEqual(ename.rstrip(b"\0"), name.encode())
            self.assertEqual(phys % 4096, 0)
            self.assertGreaterEqual(phys, root_off + root_size)
            self.assertEqual(payload[phys:phys + size], content)
        last = entries[-1]
        self.assertEqual(total, last[1] + last[2])
        self.assertGreaterEqual(syms["__pool_end"] - syms["__pool_start"], 8 << 20)
        with open(os.path.join(self.dir, "good.Image"), "rb") as f:
            image = f.read()
        self.assertEqual(image[0x38:0x3C], b"ARM\x64")
        at = addr - syms["__kernel_start"]  # the Image is loaded at __kernel_start's PA
        self.assertEqual(image[at:at + total], payload[:total])

    def test_no_modules_means_no_manifest(self):
        self.assert_builds(self.good('output = "bare"'))
        _, hdr, man, _, _, _ = read_payload(os.path.join(self.dir, "bare.elf"))
        self.assertEqual((hdr[7], hdr[8], hdr[5]), (0, 0, 4096))
        self.assertEqual(hdr[3], hdr[5] + hdr[6])
        self.assertIsNone(man)

    def test_relative_paths_resolve_against_description(self):
        self.write("mod.txt", b"relative")
        desc = self.assert_builds(f'board = "qemu-virt"\nroot = "root.elf"\noutput = "rel"\n'
                                  '[[module]]\nname = "m"\nfile = "mod.txt"\n')
        self.assertTrue(os.path.isabs(desc))
        _, _, _, entries, payload, _ = read_payload(os.path.join(self.dir, "rel.elf"))
        self.assertEqual(payload[entries[0][1]:entries[0][1] + entries[0][2]], b"relative")

    def test_relative_description_from_another_directory(self):
        self.description(f'board = "qemu-virt"\nroot = "root.elf"\n', name="rel2.toml")
        result = self.build("rel2.toml", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "rel2.Image")))

    def test_srcdir_variable_is_substituted(self):
        self.assert_builds(self.good('output = "vars"',
                                     modules=[("b", "${srcdir}/boards/qemu-virt/board.toml")]))
        _, _, _, entries, payload, _ = read_payload(os.path.join(self.dir, "vars.elf"))
        with open(os.path.join(SRCDIR, "boards", "qemu-virt", "board.toml"), "rb") as f:
            self.assertEqual(payload[entries[0][1]:entries[0][1] + entries[0][2]], f.read())

    def test_toolchain_paths_relative_to_its_file(self):
        # The installed SDK's toolchain.json (docs/sdk.md): files beside it.
        sdk = os.path.join(self.dir, "sdk")
        os.makedirs(os.path.join(sdk, "boards", "qemu-virt"))
        with open(self.toolchain) as f:
            tc = json.load(f)
        for key, name in (("libnova", "libnova.a"), ("libfdt", "libfdt.a"),
                          ("linker_script", "kernel.ld")):
            shutil.copyfile(tc[key], os.path.join(sdk, name))
            tc[key] = name
        shutil.copyfile(tc["board_libs"]["qemu-virt"], os.path.join(sdk, "board.a"))
        tc["board_libs"] = {"qemu-virt": "board.a"}
        shutil.copyfile(os.path.join(SRCDIR, "boards", "qemu-virt", "board.toml"),
                        os.path.join(sdk, "boards", "qemu-virt", "board.toml"))
        tc["srcdir"] = tc["builddir"] = "."
        toolchain = os.path.join(sdk, "toolchain.json")
        with open(toolchain, "w") as f:
            json.dump(tc, f)
        desc = self.description(self.good('output = "relsdk"'))
        result = self.build(desc, toolchain=toolchain, cwd=self.tmp)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "relsdk.Image")))

    def test_no_payload_links_bare_kernel(self):
        result = subprocess.run([sys.executable, BUILDER, "--toolchain", self.toolchain,
                                 "--no-payload", "--board", "qemu-virt",
                                 "--out-dir", self.dir, "--name", "legacy"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(self.dir, "legacy.elf"), "rb") as f:
            data = f.read()
        self.assertNotIn("image_payload", elf_util.symbols(data))
        section = elf_util.sections(data).get(".payload")
        self.assertTrue(section is None or section[2] == 0)

    def test_description_without_root_is_bare_kernel(self):
        self.assert_builds('board = "qemu-virt"\noutput = "noroot"\n')
        with open(os.path.join(self.dir, "noroot.elf"), "rb") as f:
            self.assertNotIn("image_payload", elf_util.symbols(f.read()))

    def test_depfile_lists_inputs(self):
        mod = self.write("m.bin", b"x")
        desc = self.description(self.good(modules=[("a", mod)]))
        dep = os.path.join(self.dir, "image.d")
        result = self.build(desc, "--depfile", dep)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(dep) as f:
            text = f.read()
        for path in (desc, self.root, mod):
            self.assertIn(path, text)


class RealKernel(BuilderTest):
    """The same checks against the kernel the build produced."""

    def setUp(self):
        super().setUp()
        if not os.path.isfile(REAL_TOOLCHAIN):
            self.skipTest(f"no {REAL_TOOLCHAIN}: configure the build (./nova build)")
        with open(REAL_TOOLCHAIN) as f:
            tc = json.load(f)
        for key in ("libnova", "linker_script"):
            if not os.path.isfile(tc[key]):
                self.skipTest(f"kernel not built yet: {tc[key]} missing")
        if "qemu-virt" not in tc["board_libs"]:
            self.skipTest("board library qemu-virt not built yet")

    def build_real(self, text):
        result = self.build(self.description(text), toolchain=REAL_TOOLCHAIN)
        if result.returncode != 0 and ("ld failed" in result.stderr or "not found" in result.stderr):
            self.skipTest("the kernel does not link yet: " + result.stderr.strip().splitlines()[-1])
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_real_image_has_arm64_header_and_payload(self):
        mod = self.write("m.txt", b"module bytes")
        self.build_real(self.good('output = "real"', modules=[("m", mod)]))
        addr, hdr, man, entries, payload, syms = read_payload(os.path.join(self.dir, "real.elf"))
        self.assertEqual(hdr[0], PAYLOAD_MAGIC)
        self.assertEqual(payload[entries[0][1]:entries[0][1] + entries[0][2]], b"module bytes")
        with open(os.path.join(self.dir, "real.Image"), "rb") as f:
            image = f.read()
        self.assertEqual(image[0x38:0x3C], b"ARM\x64")
        at = addr - syms["__kernel_start"]
        self.assertEqual(image[at:at + hdr[3]], payload[:hdr[3]])


if __name__ == "__main__":
    unittest.main()
