/* libnova/format.c through ksnprintf(): conversions, widths, padding,
 * truncation and the returned length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "console.h"

/* Some tests pass what the compiler's printf checker rejects on purpose. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

static char buf[128];

#define FMT_EQ(expect, ...)                                                                        \
    do {                                                                                           \
        int n_ = ksnprintf(buf, sizeof(buf), __VA_ARGS__);                                         \
        assert_string_equal(buf, expect);                                                          \
        assert_int_equal(n_, strlen(expect));                                                      \
    } while (0)

static void format_signed_decimal(void **state)
{
    (void)state;
    FMT_EQ("0", "%d", 0);
    FMT_EQ("-42 17", "%d %i", -42, 17);
    FMT_EQ("-2147483648", "%d", INT32_MIN);
    FMT_EQ("-9223372036854775807", "%ld", -INT64_MAX);
    FMT_EQ("1234567890123", "%lld", 1234567890123ll);
}

static void format_unsigned_and_hex(void **state)
{
    (void)state;
    FMT_EQ("4294967295", "%u", UINT32_MAX);
    FMT_EQ("18446744073709551615", "%lu", UINT64_MAX);
    FMT_EQ("deadbeef", "%x", 0xdeadbeefu);
    FMT_EQ("123456789abcdef0", "%lx", 0x123456789abcdef0ul);
    FMT_EQ("ff", "%zx", (size_t)255);
}

static void format_pointer_is_0x_and_16_digits(void **state)
{
    (void)state;
    FMT_EQ("0x0000000000001000", "%p", (void *)0x1000);
    FMT_EQ("0xffff000012345678", "%p", (void *)0xffff000012345678ul);
}

static void format_string_char_percent(void **state)
{
    (void)state;
    FMT_EQ("abc", "%s", "abc");
    FMT_EQ("(null)", "%s", (char *)NULL);
    FMT_EQ("x", "%c", 'x');
    FMT_EQ("100%", "100%%");
    FMT_EQ("a-b", "%s-%c", "a", 'b');
}

static void format_width_and_zero_padding(void **state)
{
    (void)state;
    FMT_EQ("   42", "%5d", 42);
    FMT_EQ("00042", "%05d", 42);
    FMT_EQ("  -42", "%5d", -42);
    FMT_EQ("0000beef", "%08x", 0xbeefu);
    FMT_EQ("000000000000beef", "%016lx", 0xbeeful);
    FMT_EQ("123456", "%3d", 123456); /* width is a minimum */
}

static void format_string_width_pads_on_the_right(void **state)
{
    (void)state;
    /* libnova's choice (format.c): %Ns left-justifies, unlike C's printf */
    FMT_EQ("ab   |", "%5s|", "ab");
    FMT_EQ("abcdef", "%3s", "abcdef");
}

static void format_unknown_conversion_is_printed(void **state)
{
    (void)state;
    FMT_EQ("%q", "%q");
    FMT_EQ("x", "x%");
}

static void format_truncates_and_returns_full_length(void **state)
{
    (void)state;
    char small[6];
    memset(small, 'Z', sizeof(small));
    assert_int_equal(ksnprintf(small, sizeof(small), "%s", "hello world"), 11);
    assert_string_equal(small, "hello");
    assert_int_equal(ksnprintf(small, 1, "%d", 12345), 5);
    assert_string_equal(small, "");
    small[0] = 'Z';
    assert_int_equal(ksnprintf(small, 0, "abc"), 3);
    assert_int_equal(small[0], 'Z'); /* size 0: nothing written */
}

static void format_zero_padding_puts_sign_first(void **state)
{
    (void)state;
    FMT_EQ("-0042", "%05d", -42);
    FMT_EQ("  -42", "%5d", -42);
}

static void format_most_negative_int64(void **state)
{
    (void)state;
    FMT_EQ("-9223372036854775808", "%ld", INT64_MIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_signed_decimal),
        cmocka_unit_test(format_unsigned_and_hex),
        cmocka_unit_test(format_pointer_is_0x_and_16_digits),
        cmocka_unit_test(format_string_char_percent),
        cmocka_unit_test(format_width_and_zero_padding),
        cmocka_unit_test(format_string_width_pads_on_the_right),
        cmocka_unit_test(format_unknown_conversion_is_printed),
        cmocka_unit_test(format_truncates_and_returns_full_length),
        cmocka_unit_test(format_zero_padding_puts_sign_first),
        cmocka_unit_test(format_most_negative_int64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
