"""Small ELF64 little-endian helpers for the image builder's tests: craft root
task ELFs byte by byte and read sections and symbols back from linked images."""

import struct

EM_AARCH64 = 183
EM_X86_64 = 62
ET_EXEC = 2
ET_DYN = 3
PT_LOAD = 1


def make_elf(segments=((0x0, 0x10000000, 0x1000, 0x1000),), machine=EM_AARCH64,
             elf_class=2, data=1, e_type=ET_EXEC, entry=0x10000000):
    """An ELF64 with one PT_LOAD per (p_offset, p_vaddr, p_filesz, p_memsz);
    the file is long enough to hold every segment's bytes."""
    phoff = 64
    header = bytearray(b"\x7fELF" + bytes([elf_class, data, 1, 0]) + bytes(8))
    header += struct.pack("<HHIQQQIHHHHHH", e_type, machine, 1, entry, phoff, 0, 0,
                          64, 56, len(segments), 0, 0, 0)
    for offset, vaddr, filesz, memsz in segments:
        header += struct.pack("<IIQQQQQQ", PT_LOAD, 5, offset, vaddr, vaddr,
                              filesz, memsz, 0x1000)
    size = max([len(header)] + [o + f for o, _, f, _ in segments])
    body = bytearray(header) + bytes(size - len(header))
    for i in range(len(header), size):
        body[i] = i * 7 % 251  # recognisable content for the read-back checks
    return bytes(body)


def sections(data):
    """{name: (sh_addr, sh_offset, sh_size, sh_type)} of an ELF64 LE file."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    raw = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab_off = raw[shstrndx][4]
    result = {}
    for sh in raw:
        end = data.index(b"\0", strtab_off + sh[0])
        result[data[strtab_off + sh[0]:end].decode()] = (sh[3], sh[4], sh[5], sh[1])
    return result


def symbols(data):
    """{name: st_value} from .symtab."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    raw = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    result = {}
    for sh in raw:
        if sh[1] != 2:
            continue
        strtab = raw[sh[6]][4]
        for off in range(sh[4], sh[4] + sh[5], 24):
            name_off, _, _, shndx, value, _ = struct.unpack_from("<IBBHQQ", data, off)
            end = data.index(b"\0", strtab + name_off)
            name = data[strtab + name_off:end].decode()
            if name and shndx != 0:
                result[name] = value
    return result
