/* linux_boot: the arm64 Image header and boot layout (linux_boot.h). Every
 * sum of guest-controlled values is checked for wrap-around. */
#include "linux_boot.h"

#include <stdbool.h>
#include <string.h>

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* a + b into *sum; false if it wraps. */
static bool add(uint64_t a, uint64_t b, uint64_t *sum)
{
    *sum = a + b;
    return *sum >= a;
}

/* a rounded up to a power-of-two alignment into *out; false if it wraps. */
static bool align_up(uint64_t a, uint64_t align, uint64_t *out)
{
    if (!add(a, align - 1, out))
        return false;
    *out &= ~(align - 1);
    return true;
}

/* gzip (RFC 1952) or an EFI zboot image ("MZ", then "zimg" at 4). */
static bool is_compressed(const uint8_t *p, size_t size)
{
    if (size >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return true;
    return size >= 8 && p[0] == 'M' && p[1] == 'Z' && memcmp(p + 4, "zimg", 4) == 0;
}

enum linux_boot_status linux_boot_parse(const void *image, size_t file_size,
                                        struct linux_boot_image *hdr)
{
    const uint8_t *p = image;
    uint64_t flags;

    if (is_compressed(p, file_size))
        return LINUX_BOOT_ERR_COMPRESSED;
    if (file_size < LINUX_BOOT_HEADER_SIZE)
        return LINUX_BOOT_ERR_TOO_SHORT;
    if (le32(p + LINUX_BOOT_OFF_MAGIC) != LINUX_BOOT_MAGIC)
        return LINUX_BOOT_ERR_BAD_MAGIC;
    flags = le64(p + LINUX_BOOT_OFF_FLAGS);
    if (flags & LINUX_BOOT_FLAG_BE)
        return LINUX_BOOT_ERR_BIG_ENDIAN;
    hdr->text_offset = le64(p + LINUX_BOOT_OFF_TEXT_OFFSET);
    hdr->image_size = le64(p + LINUX_BOOT_OFF_IMAGE_SIZE);
    hdr->flags = flags;
    hdr->file_size = file_size;
    /* before 3.17 image_size was 0 and text_offset of unknown endianness */
    if (hdr->image_size == 0)
        return LINUX_BOOT_ERR_NO_IMAGE_SIZE;
    if (file_size > hdr->image_size)
        return LINUX_BOOT_ERR_FILE_TOO_LARGE;
    return LINUX_BOOT_OK;
}

enum linux_boot_status linux_boot_layout(const struct linux_boot_image *hdr, uint64_t ram_base,
                                         uint64_t ram_size, uint64_t dtb_size, uint64_t initrd_size,
                                         struct linux_boot_layout *layout)
{
    struct linux_boot_layout l = {0};
    uint64_t ram_end, dtb_end, dtb_block_end, window_base;

    if (ram_size == 0 || !add(ram_base, ram_size, &ram_end))
        return LINUX_BOOT_ERR_BAD_RAM;

    if (!align_up(ram_base, LINUX_BOOT_KERNEL_ALIGN, &l.kernel_base) ||
        !add(l.kernel_base, hdr->text_offset, &l.kernel_addr) ||
        !add(l.kernel_addr, hdr->image_size, &l.kernel_end) || l.kernel_end > ram_end)
        return LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT;

    if (dtb_size == 0 || dtb_size > LINUX_BOOT_DTB_MAX)
        return LINUX_BOOT_ERR_DTB_SIZE;
    /* 2 MiB aligned and at most 2 MiB: 8-byte aligned, in one 2 MiB block */
    if (!align_up(l.kernel_end, LINUX_BOOT_DTB_MAX, &l.dtb_addr) ||
        !add(l.dtb_addr, dtb_size, &dtb_end) || dtb_end > ram_end)
        return LINUX_BOOT_ERR_DTB_DOES_NOT_FIT;

    if (initrd_size > 0) {
        if (!add(l.dtb_addr, LINUX_BOOT_DTB_MAX, &dtb_block_end) ||
            !add(dtb_block_end, initrd_size, &l.initrd_end) || l.initrd_end > ram_end)
            return LINUX_BOOT_ERR_INITRD_DOES_NOT_FIT;
        l.initrd_addr = dtb_block_end;
        /* the initrd after the kernel: the window starts below the kernel */
        window_base = l.kernel_addr & ~(LINUX_BOOT_INITRD_WINDOW_ALIGN - 1);
        if (l.initrd_end - window_base > LINUX_BOOT_INITRD_WINDOW_MAX)
            return LINUX_BOOT_ERR_INITRD_WINDOW;
    }
    *layout = l;
    return LINUX_BOOT_OK;
}

void linux_boot_entry(const struct linux_boot_layout *layout, struct linux_boot_regs *regs)
{
    memset(regs, 0, sizeof(*regs));
    regs->pc = layout->kernel_addr;
    regs->x[0] = layout->dtb_addr;
    regs->pstate = LINUX_BOOT_PSTATE;
}

const char *linux_boot_status_str(enum linux_boot_status status)
{
    switch (status) {
    case LINUX_BOOT_OK:
        return "ok";
    case LINUX_BOOT_ERR_TOO_SHORT:
        return "kernel file is shorter than the 64-byte arm64 Image header";
    case LINUX_BOOT_ERR_COMPRESSED:
        return "kernel is compressed (gzip or EFI zboot): give the decompressed Image";
    case LINUX_BOOT_ERR_BAD_MAGIC:
        return "kernel is not an arm64 Image (no \"ARM\\x64\" magic at 0x38)";
    case LINUX_BOOT_ERR_BIG_ENDIAN:
        return "kernel is big-endian (only little-endian guests are supported)";
    case LINUX_BOOT_ERR_NO_IMAGE_SIZE:
        return "kernel header has image_size 0 (a kernel older than 3.17)";
    case LINUX_BOOT_ERR_FILE_TOO_LARGE:
        return "kernel file is larger than the image_size of its header";
    case LINUX_BOOT_ERR_BAD_RAM:
        return "guest RAM window is empty or wraps around";
    case LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT:
        return "kernel (text_offset + image_size from a 2 MiB aligned base) does not fit in "
               "guest RAM";
    case LINUX_BOOT_ERR_DTB_SIZE:
        return "device tree is empty or larger than 2 MiB";
    case LINUX_BOOT_ERR_DTB_DOES_NOT_FIT:
        return "device tree does not fit in guest RAM after the kernel";
    case LINUX_BOOT_ERR_INITRD_DOES_NOT_FIT:
        return "initrd does not fit in guest RAM after the kernel and the device tree";
    case LINUX_BOOT_ERR_INITRD_WINDOW:
        return "kernel and initrd do not fit in one 1 GiB aligned 32 GiB window";
    }
    return "unknown status";
}
