/* Tests for boards/drivers/pl011.c: divisor arithmetic and the register
 * sequence, against a plain array standing in for the MMIO block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pl011.h"

#define REG(off) (regs[(off) / 4])

static uint32_t regs[0x50 / 4];

static void divisors_match_the_trm_example(void **state)
{
    uint32_t ibrd, fbrd;

    /* TRM 3.3.6: 4 MHz, 230400 baud -> 1.085 -> IBRD 1, FBRD 5 */
    assert_true(pl011_divisors(4000000, 230400, &ibrd, &fbrd));
    assert_int_equal(ibrd, 1);
    assert_int_equal(fbrd, 5);
}

static void divisors_for_qemu_virt_and_rpi(void **state)
{
    uint32_t ibrd, fbrd;

    /* 24 MHz / (16 * 115200) = 13.0208 -> 13 + 1/64 */
    assert_true(pl011_divisors(24000000, 115200, &ibrd, &fbrd));
    assert_int_equal(ibrd, 13);
    assert_int_equal(fbrd, 1);
    /* 48 MHz / (16 * 115200) = 26.0417 -> 26 + 3/64 */
    assert_true(pl011_divisors(48000000, 115200, &ibrd, &fbrd));
    assert_int_equal(ibrd, 26);
    assert_int_equal(fbrd, 3);
    /* exact: 3 MHz / (16 * 9375) = 20 */
    assert_true(pl011_divisors(3000000, 9375, &ibrd, &fbrd));
    assert_int_equal(ibrd, 20);
    assert_int_equal(fbrd, 0);
}

static void divisors_out_of_range_are_refused(void **state)
{
    uint32_t ibrd = 77, fbrd = 77;

    assert_false(pl011_divisors(0, 115200, &ibrd, &fbrd));
    assert_false(pl011_divisors(24000000, 0, &ibrd, &fbrd));
    /* faster than clock / 16 */
    assert_false(pl011_divisors(1000000, 115200, &ibrd, &fbrd));
    /* slower than clock / (16 * 65535) */
    assert_false(pl011_divisors(4000000000u, 110, &ibrd, &fbrd));
    assert_int_equal(ibrd, 77);
    assert_int_equal(fbrd, 77);
}

static void init_programs_8n1_with_fifos(void **state)
{
    memset(regs, 0, sizeof(regs));
    pl011_driver.init((uintptr_t)regs, 24000000, 115200);
    assert_int_equal(REG(0x024), 13);
    assert_int_equal(REG(0x028), 1);
    assert_int_equal(REG(0x02c), 0x70);
    assert_int_equal(REG(0x030), 0x301);
    assert_int_equal(REG(0x038), 0);
}

static void init_without_clock_keeps_the_divisor(void **state)
{
    memset(regs, 0, sizeof(regs));
    REG(0x024) = 26;
    REG(0x028) = 3;
    REG(0x02c) = 0x70;
    pl011_driver.init((uintptr_t)regs, 0, 115200);
    assert_int_equal(REG(0x024), 26);
    assert_int_equal(REG(0x028), 3);
    assert_int_equal(REG(0x02c), 0x70);
    assert_int_equal(REG(0x030), 0x301);
}

static void putc_writes_the_data_register(void **state)
{
    memset(regs, 0, sizeof(regs));
    pl011_driver.putc((uintptr_t)regs, 'x');
    assert_int_equal(REG(0x000), 'x');
}

static void putc_gives_up_on_a_full_fifo(void **state)
{
    memset(regs, 0, sizeof(regs));
    REG(0x018) = 1u << 5;
    pl011_driver.putc((uintptr_t)regs, 'x');
    assert_int_equal(REG(0x000), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(divisors_match_the_trm_example),
        cmocka_unit_test(divisors_for_qemu_virt_and_rpi),
        cmocka_unit_test(divisors_out_of_range_are_refused),
        cmocka_unit_test(init_programs_8n1_with_fifos),
        cmocka_unit_test(init_without_clock_keeps_the_divisor),
        cmocka_unit_test(putc_writes_the_data_register),
        cmocka_unit_test(putc_gives_up_on_a_full_fifo),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
