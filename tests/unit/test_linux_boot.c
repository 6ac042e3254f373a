/* Tests for examples/vmm/linux_boot.c: arm64 Image headers as
 * Documentation/arm64/booting.rst defines them, valid and invalid, and
 * boot layouts that fit and that do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "linux_boot.h"

#define MiB 0x100000ull
#define GiB 0x40000000ull

/* A Linux 6.1 header: text_offset 0, flags 0xa (LE, 4 KiB pages, anywhere in
 * physical memory); an image_size that puts the DTB at 0x43000000. */
#define IMAGE_SIZE_6_1 0x2e10000ull

/* The first 64 bytes of Debian 12's linux-image-6.1.0-56-arm64 Image (a file
 * of 0x1f6dfc0 bytes): code0 "MZ" + branch, text_offset 0, image_size
 * 0x2010000, flags 0xa, "ARM\x64", PE header at 0x40. */
static const uint8_t debian_6_1_header[64] = {
    0x4d,          0x5a,          0x40,          0xfa,          0x56,          0xa3,
    0x59,          0x14,          [0x12] = 0x01, [0x13] = 0x02, [0x18] = 0x0a, [0x38] = 0x41,
    [0x39] = 0x52, [0x3a] = 0x4d, [0x3b] = 0x64, [0x3c] = 0x40,
};

static uint8_t image[4096];

static void put64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void make_header(uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
    memset(image, 0, sizeof(image));
    /* code0: "MZ" + add x13, x18, #0x16 (the EFI stub's), code1: b to stext */
    memcpy(image, "MZ@\xfa", 4);
    put64(image + 0x08, text_offset);
    put64(image + 0x10, image_size);
    put64(image + 0x18, flags);
    memcpy(image + 0x38, "ARM\x64", 4);
    memcpy(image + 0x3c, "\x40\x00\x00\x00", 4); /* PE header offset */
}

static struct linux_boot_image hdr_6_1(void)
{
    return (struct linux_boot_image){
        .text_offset = 0, .image_size = IMAGE_SIZE_6_1, .flags = 0xa, .file_size = 0x2c00000};
}

static void linux_6_1_header_is_read(void **state)
{
    struct linux_boot_image hdr;

    make_header(0, IMAGE_SIZE_6_1, 0xa);
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_OK);
    assert_int_equal(hdr.text_offset, 0);
    assert_int_equal(hdr.image_size, IMAGE_SIZE_6_1);
    assert_int_equal(hdr.flags, 0xa);
    assert_int_equal(hdr.file_size, sizeof(image));
}

static void debian_kernel_header_and_layout(void **state)
{
    struct linux_boot_image hdr;
    struct linux_boot_layout l;

    assert_int_equal(linux_boot_parse(debian_6_1_header, 0x1f6dfc0, &hdr), LINUX_BOOT_OK);
    assert_int_equal(hdr.text_offset, 0);
    assert_int_equal(hdr.image_size, 0x2010000);
    assert_int_equal(hdr.flags, 0xa);
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0x2000, 0x400000, &l),
                     LINUX_BOOT_OK);
    assert_int_equal(l.kernel_addr, 0x40000000);
    assert_int_equal(l.kernel_end, 0x42010000);
    assert_int_equal(l.dtb_addr, 0x42200000);
    assert_int_equal(l.initrd_addr, 0x42400000);
    assert_int_equal(l.initrd_end, 0x42800000);
}

static void fields_are_little_endian_at_their_offsets(void **state)
{
    struct linux_boot_image hdr;

    make_header(0x80000, 0x0123456789abcdefull, 0x2);
    assert_int_equal(image[0x10], 0xef);
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_OK);
    assert_int_equal(hdr.text_offset, 0x80000);
    assert_int_equal(hdr.image_size, 0x0123456789abcdefull);
    assert_int_equal(hdr.flags, 0x2);
}

static void invalid_headers_are_refused(void **state)
{
    struct linux_boot_image hdr;

    make_header(0, IMAGE_SIZE_6_1, 0xa);
    assert_int_equal(linux_boot_parse(image, 63, &hdr), LINUX_BOOT_ERR_TOO_SHORT);
    assert_int_equal(linux_boot_parse(image, 0, &hdr), LINUX_BOOT_ERR_TOO_SHORT);
    assert_int_equal(linux_boot_parse(image, 64, &hdr), LINUX_BOOT_OK);

    image[0x3b] = 0x65; /* "ARM\x65" */
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_ERR_BAD_MAGIC);
    /* the magic of a 32-bit zImage (0x016f2818 at 0x24) is not it */
    memset(image + 0x38, 0, 4);
    put64(image + 0x24, 0x016f2818);
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_ERR_BAD_MAGIC);

    make_header(0, IMAGE_SIZE_6_1, 0xb);
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_ERR_BIG_ENDIAN);

    make_header(0x80000, 0, 0);
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_ERR_NO_IMAGE_SIZE);

    make_header(0, sizeof(image) - 1, 0xa);
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_ERR_FILE_TOO_LARGE);
    make_header(0, sizeof(image), 0xa);
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_OK);
}

static void compressed_kernels_are_named(void **state)
{
    struct linux_boot_image hdr;

    memset(image, 0, sizeof(image));
    memcpy(image, "\x1f\x8b\x08\x00", 4); /* Debian's vmlinuz: gzip */
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_ERR_COMPRESSED);
    memcpy(image, "MZ\0\0zimg", 8); /* EFI zboot */
    assert_int_equal(linux_boot_parse(image, sizeof(image), &hdr), LINUX_BOOT_ERR_COMPRESSED);
    assert_non_null(strstr(linux_boot_status_str(LINUX_BOOT_ERR_COMPRESSED), "decompressed"));
}

static void layout_in_qemu_virt_ram(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l;

    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0x2000, 0x800000, &l),
                     LINUX_BOOT_OK);
    assert_int_equal(l.kernel_base, 0x40000000);
    assert_int_equal(l.kernel_addr, 0x40000000);
    assert_int_equal(l.kernel_end, 0x40000000 + IMAGE_SIZE_6_1);
    /* the DTB after all of image_size (not the file), 2 MiB aligned */
    assert_int_equal(l.dtb_addr, 0x43000000);
    assert_int_equal(l.dtb_addr % 8, 0);
    assert_int_equal(l.initrd_addr, 0x43200000);
    assert_int_equal(l.initrd_end, 0x43a00000);
}

static void text_offset_and_unaligned_ram(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l;

    hdr.text_offset = 0x80000; /* kernels before 5.8 */
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0x1000, 0, &l), LINUX_BOOT_OK);
    assert_int_equal(l.kernel_addr, 0x40080000);
    assert_int_equal(l.kernel_end, 0x40080000 + IMAGE_SIZE_6_1);
    assert_int_equal(l.dtb_addr, 0x43000000);
    assert_int_equal(l.initrd_addr, 0);
    assert_int_equal(l.initrd_end, 0);

    /* a RAM window not 2 MiB aligned: the base moves up */
    assert_int_equal(linux_boot_layout(&hdr, 0x40001000, 512 * MiB, 0x1000, 0, &l), LINUX_BOOT_OK);
    assert_int_equal(l.kernel_base, 0x40200000);
    assert_int_equal(l.kernel_addr, 0x40280000);
}

static void kernel_too_large_for_ram(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l, untouched;

    memset(&l, 0x5a, sizeof(l));
    untouched = l;
    /* the file would fit, image_size does not */
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 0x2d00000, 0x1000, 0, &l),
                     LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT);
    assert_memory_equal(&l, &untouched, sizeof(l));
    /* exactly image_size: the kernel fits, the DTB does not */
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, IMAGE_SIZE_6_1, 0x1000, 0, &l),
                     LINUX_BOOT_ERR_DTB_DOES_NOT_FIT);
    /* RAM smaller than the alignment step */
    assert_int_equal(linux_boot_layout(&hdr, 0x40001000, 0x1ff000, 0x1000, 0, &l),
                     LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT);
}

static void dtb_size_limits(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l;
    uint64_t ram = 0x43000000 - 0x40000000; /* up to the DTB's address */

    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0, 0, &l),
                     LINUX_BOOT_ERR_DTB_SIZE);
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 2 * MiB + 1, 0, &l),
                     LINUX_BOOT_ERR_DTB_SIZE);
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 2 * MiB, 0, &l), LINUX_BOOT_OK);
    /* a 2 MiB DTB fills its block exactly and crosses no boundary */
    assert_int_equal(l.dtb_addr % (2 * MiB), 0);
    /* fits to the byte, then one byte short */
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, ram + 0x3000, 0x3000, 0, &l),
                     LINUX_BOOT_OK);
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, ram + 0x2fff, 0x3000, 0, &l),
                     LINUX_BOOT_ERR_DTB_DOES_NOT_FIT);
}

static void initrd_fits_to_the_byte(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l;
    uint64_t ram = 0x43200000 - 0x40000000 + 0x1234567;

    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, ram, 0x2000, 0x1234567, &l),
                     LINUX_BOOT_OK);
    assert_int_equal(l.initrd_end, 0x40000000 + ram);
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, ram, 0x2000, 0x1234568, &l),
                     LINUX_BOOT_ERR_INITRD_DOES_NOT_FIT);
    /* the initrd never shares the DTB's 2 MiB block */
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0x2000, 1, &l), LINUX_BOOT_OK);
    assert_true(l.initrd_addr >= l.dtb_addr + 2 * MiB);
}

static void initrd_must_share_a_32_gib_window_with_the_kernel(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l;

    hdr.image_size = 32 * GiB - 8 * MiB;
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 64 * GiB, 0x2000, 6 * MiB, &l),
                     LINUX_BOOT_OK);
    assert_int_equal(l.initrd_end - 0x40000000, 32 * GiB);
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 64 * GiB, 0x2000, 6 * MiB + 1, &l),
                     LINUX_BOOT_ERR_INITRD_WINDOW);
}

static void hostile_values_do_not_wrap(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l;

    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 0, 0x1000, 0, &l), LINUX_BOOT_ERR_BAD_RAM);
    assert_int_equal(linux_boot_layout(&hdr, ~0ull - 0xfff, 0x2000, 0x1000, 0, &l),
                     LINUX_BOOT_ERR_BAD_RAM);
    /* the alignment of the base itself would wrap */
    assert_int_equal(linux_boot_layout(&hdr, ~0ull - 0xfffff, 0xfffff, 0x1000, 0, &l),
                     LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT);
    hdr.text_offset = ~0ull - 0x1000;
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0x1000, 0, &l),
                     LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT);
    hdr = hdr_6_1();
    hdr.image_size = ~0ull - 0x40000000;
    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0x1000, 0, &l),
                     LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT);
    /* RAM up to the top of the address space, kernel to its last 2 MiB */
    hdr.image_size = 0x1000;
    assert_int_equal(linux_boot_layout(&hdr, 0xffffffffffc00000ull, 4 * MiB - 1, 0x1000, ~0ull, &l),
                     LINUX_BOOT_ERR_INITRD_DOES_NOT_FIT);
}

static void entry_state_follows_booting_rst(void **state)
{
    struct linux_boot_image hdr = hdr_6_1();
    struct linux_boot_layout l;
    struct linux_boot_regs regs;

    assert_int_equal(linux_boot_layout(&hdr, 0x40000000, 512 * MiB, 0x2000, 0x800000, &l),
                     LINUX_BOOT_OK);
    memset(&regs, 0xff, sizeof(regs));
    linux_boot_entry(&l, &regs);
    assert_int_equal(regs.pc, 0x40000000);
    assert_int_equal(regs.x[0], 0x43000000);
    assert_int_equal(regs.x[1], 0);
    assert_int_equal(regs.x[2], 0);
    assert_int_equal(regs.x[3], 0);
    /* EL1h (0b0101) with D, A, I, F (bits 9:6) set */
    assert_int_equal(regs.pstate, 0x3c5);
    assert_int_equal(regs.pstate & 0xf, 0x5);
    assert_int_equal((regs.pstate >> 6) & 0xf, 0xf);
}

static void every_status_has_a_message_naming_it(void **state)
{
    assert_non_null(strstr(linux_boot_status_str(LINUX_BOOT_ERR_KERNEL_DOES_NOT_FIT), "kernel"));
    assert_non_null(strstr(linux_boot_status_str(LINUX_BOOT_ERR_DTB_DOES_NOT_FIT), "device tree"));
    assert_non_null(strstr(linux_boot_status_str(LINUX_BOOT_ERR_INITRD_DOES_NOT_FIT), "initrd"));
    for (int s = LINUX_BOOT_OK; s <= LINUX_BOOT_ERR_INITRD_WINDOW; s++)
        assert_string_not_equal(linux_boot_status_str((enum linux_boot_status)s), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(linux_6_1_header_is_read),
        cmocka_unit_test(debian_kernel_header_and_layout),
        cmocka_unit_test(fields_are_little_endian_at_their_offsets),
        cmocka_unit_test(invalid_headers_are_refused),
        cmocka_unit_test(compressed_kernels_are_named),
        cmocka_unit_test(layout_in_qemu_virt_ram),
        cmocka_unit_test(text_offset_and_unaligned_ram),
        cmocka_unit_test(kernel_too_large_for_ram),
        cmocka_unit_test(dtb_size_limits),
        cmocka_unit_test(initrd_fits_to_the_byte),
        cmocka_unit_test(initrd_must_share_a_32_gib_window_with_the_kernel),
        cmocka_unit_test(hostile_values_do_not_wrap),
        cmocka_unit_test(entry_state_follows_booting_rst),
        cmocka_unit_test(every_status_has_a_message_naming_it),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
