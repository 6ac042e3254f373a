/* linux_boot: booting an arm64 Linux Image the way a boot loader does
 * (Linux Documentation/arm64/booting.rst): the Image header, where the
 * kernel, the device tree and the initrd go in guest RAM, and the register
 * state the kernel is entered with. */
#ifndef LINUX_BOOT_H
#define LINUX_BOOT_H

#include <stddef.h>
#include <stdint.h>

/* booting.rst 4: the 64-byte header at the start of the Image. */
#define LINUX_BOOT_HEADER_SIZE 64u
#define LINUX_BOOT_OFF_TEXT_OFFSET 0x08u
#define LINUX_BOOT_OFF_IMAGE_SIZE 0x10u
#define LINUX_BOOT_OFF_FLAGS 0x18u
#define LINUX_BOOT_OFF_MAGIC 0x38u
#define LINUX_BOOT_MAGIC 0x644d5241u /* "ARM\x64", little-endian */

/* header flags */
#define LINUX_BOOT_FLAG_BE (1u << 0)
#define LINUX_BOOT_FLAG_PAGE_SIZE_SHIFT 1 /* 0 unspecified, 1 4K, 2 16K, 3 64K */
#define LINUX_BOOT_FLAG_PHYS_ANYWHERE (1u << 3)

#define LINUX_BOOT_KERNEL_ALIGN 0x200000ull          /* the base is 2 MiB aligned */
#define LINUX_BOOT_DTB_MAX 0x200000ull               /* at most 2 MiB, in one 2 MiB block */
#define LINUX_BOOT_INITRD_WINDOW_ALIGN 0x40000000ull /* kernel and initrd in a 1 GiB */
#define LINUX_BOOT_INITRD_WINDOW_MAX 0x800000000ull  /* aligned window of 32 GiB */

/* PSTATE at entry: EL1h (M = 0b0101) with D, A, I and F masked. */
#define LINUX_BOOT_PSTATE 0x3c5u

enum linux_boot_status {
    LINUX_BOOT_OK,
    LINUX_BOOT_ERR_TOO_SHORT,      /* the file is shorter than the header */
    LINUX_BOOT_ERR_COMPRESSED,     /* gzip or EFI zboot: decompress it first */
    LINUX_BOOT_ERR_BAD_MAGIC,      /* no "ARM\x64" at 0x38 */
    LINUX_BOOT_ERR_BIG_ENDIAN,     /* flags bit 0: the VMM runs little-endian guests */
    LINUX_BOOT_ERR_NO_IMAGE_SIZE,  /* image_size 0: a kernel before 3.17 */
    LINUX_BOOT_ERR_FILE_TOO_LARGE, /* the file is larger than image_size */
    LINUX_BOOT_ERR_BAD_RAM,        /* the RAM window is empty or wraps */
    LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT,
    LINUX_BOOT_ERR_DTB_SIZE, /* 0 or above 2 MiB */
    LINUX_BOOT_ERR_DTB_DOES_NOT_FIT,
    LINUX_BOOT_ERR_INITRD_DOES_NOT_FIT,
    LINUX_BOOT_ERR_INITRD_WINDOW, /* kernel and initrd span more than 32 GiB */
};

struct linux_boot_image {
    uint64_t text_offset;
    uint64_t image_size; /* what the kernel needs from its load address on */
    uint64_t flags;
    uint64_t file_size;
};

/* Guest-physical addresses. */
struct linux_boot_layout {
    uint64_t kernel_base; /* 2 MiB aligned */
    uint64_t kernel_addr; /* kernel_base + text_offset: copy the Image here */
    uint64_t kernel_end;  /* kernel_addr + image_size */
    uint64_t dtb_addr;    /* 2 MiB aligned, after kernel_end */
    uint64_t initrd_addr; /* after the DTB's 2 MiB block (0 if no initrd) */
    uint64_t initrd_end;
};

struct linux_boot_regs {
    uint64_t pc;
    uint64_t x[4];
    uint64_t pstate;
};

/* Reads and checks the header of an Image of `file_size` bytes at `image`
 * (only the first 64 bytes are read; `file_size` is checked against the
 * header's image_size). */
enum linux_boot_status linux_boot_parse(const void *image, size_t file_size,
                                        struct linux_boot_image *hdr);

/* Places the kernel at the lowest 2 MiB aligned base in RAM (booting.rst:
 * as close to the start of RAM as possible), then the DTB at the next 2 MiB
 * boundary after image_size, then the initrd (initrd_size 0: none) after
 * the DTB's 2 MiB block, so that freeing the initrd's pages never frees
 * the DTB. Returns the first thing that does not fit. */
enum linux_boot_status linux_boot_layout(const struct linux_boot_image *hdr, uint64_t ram_base,
                                         uint64_t ram_size, uint64_t dtb_size, uint64_t initrd_size,
                                         struct linux_boot_layout *layout);

/* booting.rst 5: PC at the kernel, x0 = DTB, x1-x3 = 0, EL1h, DAIF masked. */
void linux_boot_entry(const struct linux_boot_layout *layout, struct linux_boot_regs *regs);

/* What a status means, naming what does not fit. */
const char *linux_boot_status_str(enum linux_boot_status status);

#endif
