/* ELF64 parsing for the root task (spec 6.2.1). Every field is checked:
 * the image may come from anywhere (legacy launch). */
#include <nova/caps.h>
#include <nova/elf64.h>
#include <string.h>
#include "elf.h"

static bool fail(const char **why, const char *reason)
{
    *why = reason;
    return false;
}

uint64_t elf_extent(const void *data, uint64_t avail)
{
    const struct elf64_ehdr *eh = data;
    if (avail < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) ||
        eh->phentsize != sizeof(struct elf64_phdr) || eh->phoff > avail ||
        (uint64_t)eh->phnum * sizeof(struct elf64_phdr) > avail - eh->phoff)
        return 0;
    uint64_t end = eh->phoff + (uint64_t)eh->phnum * sizeof(struct elf64_phdr);
    for (unsigned i = 0; i < eh->phnum; i++) {
        struct elf64_phdr ph;
        memcpy(&ph, (const char *)data + eh->phoff + i * sizeof(ph), sizeof(ph));
        if (ph.type != PT_LOAD)
            continue;
        if (ph.offset > avail || ph.filesz > avail - ph.offset)
            return 0;
        if (ph.offset + ph.filesz > end)
            end = ph.offset + ph.filesz;
    }
    return end;
}

bool elf_parse(const void *data, uint64_t size, unsigned machine, uint64_t vaddr_end,
               struct elf_image *out, const char **why)
{
    const struct elf64_ehdr *eh = data;
    if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4))
        return fail(why, "not an ELF file");
    if (eh->ident[4] != 2 || eh->ident[5] != 1)
        return fail(why, "not a 64-bit little-endian ELF");
    if (eh->type != 2)
        return fail(why, "not an executable (ET_EXEC)");
    if (eh->machine != machine)
        return fail(why, "built for another architecture");
    if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phoff > size ||
        (uint64_t)eh->phnum * sizeof(struct elf64_phdr) > size - eh->phoff)
        return fail(why, "program headers outside the file");

    out->entry = eh->entry;
    out->count = 0;
    bool entry_mapped = false;
    for (unsigned i = 0; i < eh->phnum; i++) {
        struct elf64_phdr ph;
        memcpy(&ph, (const char *)data + eh->phoff + i * sizeof(ph), sizeof(ph));
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        if (out->count == ELF_MAX_SEGMENTS)
            return fail(why, "too many PT_LOAD segments");
        if (ph.filesz != ph.memsz)
            return fail(why, "PT_LOAD with p_filesz != p_memsz (spec 6.2.1)");
        if ((ph.vaddr - ph.offset) % PAGE_SIZE)
            return fail(why,
                        "PT_LOAD with p_vaddr not congruent to p_offset mod 4 KiB (spec 6.2.1)");
        if (ph.offset > size || ph.filesz > size - ph.offset)
            return fail(why, "PT_LOAD extends past the end of the file");
        if (ph.vaddr >= vaddr_end || ph.memsz > vaddr_end - ph.vaddr)
            return fail(why, "PT_LOAD outside the user address range");
        unsigned perm = (ph.flags & PF_R ? PERM_MEM_R : 0) | (ph.flags & PF_W ? PERM_MEM_W : 0) |
                        (ph.flags & PF_X ? PERM_MEM_XU : 0);
        out->segment[out->count++] = (struct elf_segment){ph.offset, ph.vaddr, ph.memsz, perm};
        if (eh->entry >= ph.vaddr && eh->entry < ph.vaddr + ph.memsz && (ph.flags & PF_X))
            entry_mapped = true;
    }
    if (!out->count)
        return fail(why, "no PT_LOAD segment");
    if (!entry_mapped)
        return fail(why, "entry point not in an executable segment");
    return true;
}
