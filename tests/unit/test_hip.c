/* libnova/hip.c against spec 6.3 and 7.7.2: field offsets, the values
 * hip_init() writes, and the 16-bit checksum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <nova/caps.h>
#include "hip.h"

static void hip_layout_matches_spec(void **state)
{
    (void)state;
    assert_int_equal(offsetof(struct nova_hip, signature), 0x00);
    assert_int_equal(offsetof(struct nova_hip, checksum), 0x04);
    assert_int_equal(offsetof(struct nova_hip, length), 0x06);
    assert_int_equal(offsetof(struct nova_hip, nova_start), 0x08);
    assert_int_equal(offsetof(struct nova_hip, nova_end), 0x10);
    assert_int_equal(offsetof(struct nova_hip, mbuf_start), 0x18);
    assert_int_equal(offsetof(struct nova_hip, mbuf_end), 0x20);
    assert_int_equal(offsetof(struct nova_hip, root_start), 0x28);
    assert_int_equal(offsetof(struct nova_hip, root_end), 0x30);
    assert_int_equal(offsetof(struct nova_hip, acpi_rsdp), 0x38);
    assert_int_equal(offsetof(struct nova_hip, uefi_map), 0x40);
    assert_int_equal(offsetof(struct nova_hip, uefi_map_size), 0x48);
    assert_int_equal(offsetof(struct nova_hip, uefi_desc_size), 0x4c);
    assert_int_equal(offsetof(struct nova_hip, uefi_desc_version), 0x4e);
    assert_int_equal(offsetof(struct nova_hip, stc_freq), 0x50);
    assert_int_equal(offsetof(struct nova_hip, selnum), 0x58);
    assert_int_equal(offsetof(struct nova_hip, sel_hst_arch), 0x60);
    assert_int_equal(offsetof(struct nova_hip, sel_hst_nova), 0x62);
    assert_int_equal(offsetof(struct nova_hip, sel_gst_arch), 0x64);
    assert_int_equal(offsetof(struct nova_hip, sel_gst_nova), 0x66);
    assert_int_equal(offsetof(struct nova_hip, cpu_num), 0x68);
    assert_int_equal(offsetof(struct nova_hip, cpu_bsp), 0x6a);
    assert_int_equal(offsetof(struct nova_hip, int_pin), 0x6c);
    assert_int_equal(offsetof(struct nova_hip, int_msi), 0x6e);
    assert_int_equal(offsetof(struct nova_hip, mco_obj), 0x70);
    assert_int_equal(offsetof(struct nova_hip, mco_hst), 0x71);
    assert_int_equal(offsetof(struct nova_hip, mco_gst), 0x72);
    assert_int_equal(offsetof(struct nova_hip, mco_dma), 0x73);
    assert_int_equal(offsetof(struct nova_hip, mco_pio), 0x74);
    assert_int_equal(offsetof(struct nova_hip, mco_msr), 0x75);
    assert_int_equal(offsetof(struct nova_hip, kimax), 0x76);
    assert_int_equal(offsetof(struct nova_hip, features), 0x78);
    assert_int_equal(offsetof(struct nova_hip, smg_num), 0x80);
}

static const struct hip_info info = {
    .nova_start = {0x40080000},
    .nova_end = {0x40200000},
    .mbuf_start = {0x40200000},
    .mbuf_end = {0x40210000},
    .root_start = {0x40210000},
    .root_end = {0x40230000},
    .stc_freq = 62500000,
    .cpu_num = 4,
    .cpu_bsp = 1,
    .int_pin = 988,
};

static void hip_init_fills_fields(void **state)
{
    (void)state;
    struct nova_hip hip;
    memset(&hip, 0xcc, sizeof(hip));
    hip_init(&hip, &info);
    assert_int_equal(hip.signature, 0x41564f4e);
    assert_int_equal(hip.length, sizeof(hip));
    assert_int_equal(hip.nova_start, 0x40080000);
    assert_int_equal(hip.nova_end, 0x40200000);
    assert_int_equal(hip.mbuf_start, 0x40200000);
    assert_int_equal(hip.mbuf_end, 0x40210000);
    assert_int_equal(hip.root_start, 0x40210000);
    assert_int_equal(hip.root_end, 0x40230000);
    assert_int_equal(hip.acpi_rsdp, UINT64_MAX); /* not present */
    assert_int_equal(hip.uefi_map, UINT64_MAX);
    assert_int_equal(hip.uefi_map_size, 0);
    assert_int_equal(hip.uefi_desc_size, 0);
    assert_int_equal(hip.uefi_desc_version, 0);
    assert_int_equal(hip.stc_freq, 62500000);
    assert_int_equal(hip.selnum, NOVA_SELNUM);
    assert_int_equal(hip.sel_hst_arch, HIP_SEL_HST_ARCH);
    assert_int_equal(hip.sel_hst_nova, HIP_SEL_HST_NOVA);
    assert_int_equal(hip.sel_gst_arch, HIP_SEL_GST_ARCH);
    assert_int_equal(hip.sel_gst_nova, HIP_SEL_GST_NOVA);
    assert_int_equal(hip.cpu_num, 4);
    assert_int_equal(hip.cpu_bsp, 1);
    assert_int_equal(hip.int_pin, 988);
    assert_int_equal(hip.int_msi, 0);
    assert_int_equal(hip.mco_obj, 8);
    assert_int_equal(hip.mco_hst, 9);
    assert_int_equal(hip.mco_gst, 0);
    assert_int_equal(hip.mco_dma, 0);
    assert_int_equal(hip.mco_pio, 0);
    assert_int_equal(hip.mco_msr, 0);
    assert_int_equal(hip.features, 0);
    assert_int_equal(hip.smg_num, 0);
    assert_int_equal(hip.ctx_num, 0);
}

static uint16_t sum16(const void *p, size_t len)
{
    uint16_t sum = 0, w;
    for (size_t i = 0; i < len; i += 2) {
        memcpy(&w, (const char *)p + i, 2);
        sum = (uint16_t)(sum + w);
    }
    return sum;
}

static void hip_checksum_is_valid(void **state)
{
    (void)state;
    struct nova_hip hip;
    hip_init(&hip, &info);
    assert_int_equal(hip_sum(&hip), 0);
    assert_int_equal(sum16(&hip, hip.length), 0); /* spec 6.3, computed independently */
}

static void hip_checksum_detects_one_changed_byte(void **state)
{
    (void)state;
    struct nova_hip hip;
    hip_init(&hip, &info);
    /* in a zeroed page: a changed length field makes hip_sum read further */
    static union {
        struct nova_hip hip;
        unsigned char byte[4096];
    } bad;
    for (size_t i = 0; i < sizeof(hip); i++) {
        memset(&bad, 0, sizeof(bad));
        bad.hip = hip;
        bad.byte[i] ^= 0x01;
        assert_int_not_equal(hip_sum(&bad.hip), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hip_layout_matches_spec),
        cmocka_unit_test(hip_init_fills_fields),
        cmocka_unit_test(hip_checksum_is_valid),
        cmocka_unit_test(hip_checksum_detects_one_changed_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
