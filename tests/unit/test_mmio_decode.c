/* Tests for examples/vmm/mmio_decode.c. The ESR_EL2 values are the
 * syndromes a stage-2 translation fault (DFSC 0x07, level 3, or 0x06,
 * level 2) reports for the named A64 instructions, assembled from the ISS
 * fields of the Arm ARM (EC 0x24, IL, ISV, SAS, SSE, SRT, SF, AR, WnR). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mmio_decode.h"

#define ESR_LDR_W1_X2 0x93810007ull   /* ldr w1, [x2] */
#define ESR_STRB_W0_X1 0x93000046ull  /* strb w0, [x1] */
#define ESR_LDRSH_X3_X4 0x93638007ull /* ldrsh x3, [x4] */
#define ESR_LDRSH_W3_X4 0x93630007ull /* ldrsh w3, [x4] */
#define ESR_STR_XZR_X0 0x93df8047ull  /* str xzr, [x0] */
#define ESR_STR_WZR_X0 0x939f0047ull  /* str wzr, [x0] */
#define ESR_LDR_XZR_X0 0x93df8007ull  /* ldr xzr, [x0] */
#define ESR_LDRSW_X5_X0 0x93a58007ull /* ldrsw x5, [x0] */
#define ESR_LDRSB_W6_X0 0x93260007ull /* ldrsb w6, [x0] */
#define ESR_LDRB_W6_X0 0x93060007ull  /* ldrb w6, [x0] */
#define ESR_LDAR_W7_X0 0x93874007ull  /* ldar w7, [x0] */
#define ESR_LDR_X30_X0 0x93de8007ull  /* ldr x30, [x0] */
#define ESR_STRH_W9_X0 0x93490046ull  /* strh w9, [x0] */
#define ESR_STP_X0_X1 0x92000047ull   /* stp x0, x1, [x2]: no syndrome */
#define ESR_LDR_POST 0x92000007ull    /* ldr w0, [x1], #4: writeback, no syndrome */
#define ESR_DC_CIVAC 0x92000147ull    /* dc civac: CM = 1, WnR = 1 */
#define ESR_S1PTW 0x92000087ull       /* stage-1 walk hit a stage-2 fault */

/* HPFAR_EL2 for IPA 0x09000000 (the PL011 page): FIPA = IPA >> 12 in bits 4 up. */
#define HPFAR_UART 0x90000ull
#define FAR_UART_FR 0xffff80000800b018ull /* a guest VA whose page offset is 0x018 */

static struct mmio_access decode_ok(uint64_t esr, uint64_t far, uint64_t hpfar)
{
    struct mmio_access a;

    memset(&a, 0xa5, sizeof(a));
    assert_int_equal(mmio_decode(esr, far, hpfar, &a), MMIO_OK);
    return a;
}

static void ldr_w_is_a_32_bit_load_into_w(void **state)
{
    struct mmio_access a = decode_ok(ESR_LDR_W1_X2, FAR_UART_FR, HPFAR_UART);

    assert_int_equal(a.ipa, 0x09000018);
    assert_int_equal(a.size, 4);
    assert_int_equal(a.reg, 1);
    assert_false(a.is_write);
    assert_false(a.sign_extend);
    assert_false(a.reg_is_64);
    assert_false(a.acq_rel);
    assert_int_equal(a.insn_len, 4);
}

static void strb_is_a_byte_store(void **state)
{
    struct mmio_access a = decode_ok(ESR_STRB_W0_X1, 0x09000000, HPFAR_UART);

    assert_int_equal(a.ipa, 0x09000000);
    assert_int_equal(a.size, 1);
    assert_int_equal(a.reg, 0);
    assert_true(a.is_write);
}

static void ldrsh_x_sign_extends_to_64_bits(void **state)
{
    struct mmio_access a = decode_ok(ESR_LDRSH_X3_X4, 0x2, HPFAR_UART);
    uint64_t gprs[31] = {0};

    assert_int_equal(a.size, 2);
    assert_int_equal(a.reg, 3);
    assert_true(a.sign_extend);
    assert_true(a.reg_is_64);
    assert_false(a.is_write);
    mmio_complete_read(gprs, &a, 0xdead8001);
    assert_int_equal(gprs[3], 0xffffffffffff8001ull);
    mmio_complete_read(gprs, &a, 0x7ffe);
    assert_int_equal(gprs[3], 0x7ffe);
}

static void ldrsh_w_sign_extends_to_32_bits_and_clears_the_top(void **state)
{
    struct mmio_access a = decode_ok(ESR_LDRSH_W3_X4, 0, HPFAR_UART);
    uint64_t gprs[31];

    memset(gprs, 0xff, sizeof(gprs));
    assert_false(a.reg_is_64);
    mmio_complete_read(gprs, &a, 0x8001);
    assert_int_equal(gprs[3], 0xffff8001ull);
}

static void ldrsw_and_ldrsb(void **state)
{
    uint64_t gprs[31] = {0};
    struct mmio_access a = decode_ok(ESR_LDRSW_X5_X0, 0, HPFAR_UART);

    assert_int_equal(a.size, 4);
    assert_int_equal(a.reg, 5);
    mmio_complete_read(gprs, &a, 0x80000000);
    assert_int_equal(gprs[5], 0xffffffff80000000ull);

    a = decode_ok(ESR_LDRSB_W6_X0, 0, HPFAR_UART);
    assert_int_equal(a.size, 1);
    assert_int_equal(a.reg, 6);
    mmio_complete_read(gprs, &a, 0x1ff);
    assert_int_equal(gprs[6], 0xffffffffull);

    a = decode_ok(ESR_LDRB_W6_X0, 0, HPFAR_UART);
    mmio_complete_read(gprs, &a, 0x1ff);
    assert_int_equal(gprs[6], 0xff);
}

static void zero_extending_loads_clear_the_upper_bits(void **state)
{
    uint64_t gprs[31];
    struct mmio_access a = decode_ok(ESR_LDR_W1_X2, 0, HPFAR_UART);

    memset(gprs, 0xff, sizeof(gprs));
    mmio_complete_read(gprs, &a, 0x123456789abcdef0ull); /* bits above the size ignored */
    assert_int_equal(gprs[1], 0x9abcdef0ull);
    assert_int_equal(gprs[0], ~0ull); /* others untouched */
    assert_int_equal(gprs[2], ~0ull);

    a = decode_ok(ESR_LDR_X30_X0, 0, HPFAR_UART);
    assert_int_equal(a.size, 8);
    assert_int_equal(a.reg, 30);
    assert_true(a.reg_is_64);
    mmio_complete_read(gprs, &a, 0x123456789abcdef0ull);
    assert_int_equal(gprs[30], 0x123456789abcdef0ull);
}

static void xzr_stores_zero_and_loads_into_xzr_are_dropped(void **state)
{
    uint64_t gprs[31];
    struct mmio_access a = decode_ok(ESR_STR_XZR_X0, 0, HPFAR_UART);

    for (unsigned i = 0; i < 31; i++)
        gprs[i] = 0x1111111111111111ull * (i % 15 + 1);
    assert_int_equal(a.reg, MMIO_REG_XZR);
    assert_int_equal(a.size, 8);
    assert_true(a.is_write);
    assert_int_equal(mmio_store_value(gprs, &a), 0);

    a = decode_ok(ESR_STR_WZR_X0, 0, HPFAR_UART);
    assert_int_equal(a.size, 4);
    assert_int_equal(mmio_store_value(gprs, &a), 0);

    uint64_t before[31];
    memcpy(before, gprs, sizeof(before));
    a = decode_ok(ESR_LDR_XZR_X0, 0, HPFAR_UART);
    mmio_complete_read(gprs, &a, 0x5555);
    assert_memory_equal(gprs, before, sizeof(before));
}

static void store_value_is_cut_to_the_access_size(void **state)
{
    uint64_t gprs[31] = {0};
    struct mmio_access a = decode_ok(ESR_STRB_W0_X1, 0, HPFAR_UART);

    gprs[0] = 0xfedcba9876543241ull;
    gprs[9] = 0xfedcba9876543241ull;
    assert_int_equal(mmio_store_value(gprs, &a), 0x41);
    a = decode_ok(ESR_STRH_W9_X0, 0, HPFAR_UART);
    assert_int_equal(a.size, 2);
    assert_int_equal(a.reg, 9);
    assert_int_equal(mmio_store_value(gprs, &a), 0x3241);
    a.size = 8;
    assert_int_equal(mmio_store_value(gprs, &a), 0xfedcba9876543241ull);
}

static void ldar_reports_acquire(void **state)
{
    struct mmio_access a = decode_ok(ESR_LDAR_W7_X0, 0, HPFAR_UART);

    assert_true(a.acq_rel);
    assert_int_equal(a.reg, 7);
    assert_int_equal(a.size, 4);
}

static void ipa_uses_fipa_and_the_page_offset_of_far(void **state)
{
    struct mmio_access a;

    /* FIPA in bits 43:4 (52-bit IPA with FEAT_LPA); NS (bit 63) is not address */
    a = decode_ok(ESR_LDR_W1_X2, 0xfff, (1ull << 63) | (0xfdcba98765ull << 4));
    assert_int_equal(a.ipa, 0xfdcba98765fffull);
    /* Armv8.0 layout, 48-bit IPA: FIPA in bits 39:4 */
    a = decode_ok(ESR_LDR_W1_X2, 0xabc, 0xfffffffff0ull);
    assert_int_equal(a.ipa, 0xfffffffffabcull);
    /* bits 3:0 of HPFAR are RES0 and never part of the address */
    a = decode_ok(ESR_LDR_W1_X2, 0x1234, 0x9000full);
    assert_int_equal(a.ipa, 0x09000234);
}

static void instructions_without_syndrome_are_reported(void **state)
{
    struct mmio_access a;

    memset(&a, 0x5a, sizeof(a));
    assert_int_equal(mmio_decode(ESR_STP_X0_X1, 0, HPFAR_UART, &a), MMIO_ERR_NO_SYNDROME);
    assert_int_equal(mmio_decode(ESR_LDR_POST, 0, HPFAR_UART, &a), MMIO_ERR_NO_SYNDROME);
    assert_int_equal(a.size, 0x5a5a5a5a); /* untouched */
    assert_string_equal(mmio_status_str(MMIO_ERR_NO_SYNDROME),
                        "no instruction syndrome (ISV=0): the instruction cannot be emulated");
}

static void other_causes_are_reported(void **state)
{
    struct mmio_access a;

    /* EC 0x25: data abort at EL2 itself; EC 0x16: HVC; EC 0x20: instruction abort */
    assert_int_equal(mmio_decode(0x96000007, 0, 0, &a), MMIO_ERR_NOT_DATA_ABORT);
    assert_int_equal(mmio_decode(0x5a000000, 0, 0, &a), MMIO_ERR_NOT_DATA_ABORT);
    assert_int_equal(mmio_decode(0x82000007, 0, 0, &a), MMIO_ERR_NOT_DATA_ABORT);
    assert_int_equal(mmio_decode(ESR_DC_CIVAC, 0, 0, &a), MMIO_ERR_CACHE_MAINT);
    assert_int_equal(mmio_decode(ESR_S1PTW, 0, 0, &a), MMIO_ERR_STAGE1_WALK);
    assert_int_equal(mmio_decode(ESR_S1PTW | MMIO_ESR_ISV, 0, 0, &a), MMIO_ERR_STAGE1_WALK);
    assert_int_equal(mmio_decode(ESR_LDR_W1_X2 | MMIO_ESR_FNV, 0, 0, &a), MMIO_ERR_FAR_NOT_VALID);
    for (int s = MMIO_OK; s <= MMIO_ERR_FAR_NOT_VALID; s++)
        assert_true(strlen(mmio_status_str((enum mmio_status)s)) > 0);
}

static void sixteen_bit_instruction_length(void **state)
{
    /* IL = 0 (a T32 16-bit instruction, from an AArch32 guest) */
    struct mmio_access a = decode_ok(ESR_LDR_W1_X2 & ~(uint64_t)MMIO_ESR_IL, 0, HPFAR_UART);

    assert_int_equal(a.insn_len, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ldr_w_is_a_32_bit_load_into_w),
        cmocka_unit_test(strb_is_a_byte_store),
        cmocka_unit_test(ldrsh_x_sign_extends_to_64_bits),
        cmocka_unit_test(ldrsh_w_sign_extends_to_32_bits_and_clears_the_top),
        cmocka_unit_test(ldrsw_and_ldrsb),
        cmocka_unit_test(zero_extending_loads_clear_the_upper_bits),
        cmocka_unit_test(xzr_stores_zero_and_loads_into_xzr_are_dropped),
        cmocka_unit_test(store_value_is_cut_to_the_access_size),
        cmocka_unit_test(ldar_reports_acquire),
        cmocka_unit_test(ipa_uses_fipa_and_the_page_offset_of_far),
        cmocka_unit_test(instructions_without_syndrome_are_reported),
        cmocka_unit_test(other_causes_are_reported),
        cmocka_unit_test(sixteen_bit_instruction_length),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
