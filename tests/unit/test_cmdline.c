/* libnova/cmdline.c: known words set flags, unknown words reach the warn
 * callback exactly as written, whitespace of any kind separates words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cmdline.h"

static char warned[8][32];
static unsigned warn_count;

static void warn(const char *word, size_t len)
{
    assert_true(warn_count < 8 && len < 32);
    memcpy(warned[warn_count], word, len);
    warned[warn_count][len] = '\0';
    warn_count++;
}

static int reset(void **state)
{
    (void)state;
    memset(warned, 0, sizeof(warned));
    warn_count = 0;
    return 0;
}

static void cmdline_serial_sets_flag(void **state)
{
    (void)state;
    struct cmdline c = {0};
    cmdline_parse("serial", &c, warn);
    assert_true(c.serial);
    assert_false(c.selftest_fault);
    assert_int_equal(warn_count, 0);
}

static void cmdline_words_among_whitespace(void **state)
{
    (void)state;
    struct cmdline c = {0};
    cmdline_parse("  \tselftest_fault\n serial  ", &c, warn);
    assert_true(c.serial);
    assert_true(c.selftest_fault);
    assert_int_equal(warn_count, 0);
}

static void cmdline_unknown_words_warned_exactly(void **state)
{
    (void)state;
    struct cmdline c = {0};
    cmdline_parse("quiet serial serials seria console=ttyAMA0", &c, warn);
    assert_true(c.serial);
    assert_int_equal(warn_count, 4);
    assert_string_equal(warned[0], "quiet");
    assert_string_equal(warned[1], "serials");
    assert_string_equal(warned[2], "seria");
    assert_string_equal(warned[3], "console=ttyAMA0");
}

static void cmdline_empty_and_blank_lines(void **state)
{
    (void)state;
    struct cmdline c = {0};
    cmdline_parse("", &c, warn);
    cmdline_parse("   \t\n  ", &c, warn);
    assert_false(c.serial);
    assert_false(c.selftest_fault);
    assert_int_equal(warn_count, 0);
}

static void cmdline_leaves_unmentioned_flags(void **state)
{
    (void)state;
    struct cmdline c = {.serial = true};
    cmdline_parse("other", &c, warn);
    assert_true(c.serial);
    assert_int_equal(warn_count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(cmdline_serial_sets_flag, reset),
        cmocka_unit_test_setup(cmdline_words_among_whitespace, reset),
        cmocka_unit_test_setup(cmdline_unknown_words_warned_exactly, reset),
        cmocka_unit_test_setup(cmdline_empty_and_blank_lines, reset),
        cmocka_unit_test_setup(cmdline_leaves_unmentioned_flags, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
