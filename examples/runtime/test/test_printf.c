/* Host test of the runtime's formatter (printf.c), compiled natively. */
#include <novart/printf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(expect, ...)                                                                         \
    do {                                                                                           \
        char buf[128];                                                                             \
        int n = rt_snprintf(buf, sizeof(buf), __VA_ARGS__);                                        \
        if (strcmp(buf, expect) != 0 || n != (int)strlen(expect)) {                                \
            printf("FAIL %s:%d: got \"%s\" (%d), want \"%s\"\n", __FILE__, __LINE__, buf, n,       \
                   expect);                                                                        \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* Through a volatile so that the compiler does not see the NULL. */
static const char *volatile no_string;

static void printf_formats_each_conversion(void)
{
    CHECK("hello: HIP signature ok", "hello: HIP %s ok", "signature");
    CHECK("c=x", "c=%c", 'x');
    CHECK("-42 42 4294967295", "%d %i %u", -42, 42, 4294967295u);
    CHECK("ff FF", "%x %X", 255u, 255u);
    CHECK("0x41564f4e", "0x%lx", 0x41564f4eul);
    CHECK("ffffffffffffffff", "%llx", 0xffffffffffffffffull);
    CHECK("18446744073709551615", "%lu", 18446744073709551615ul);
    CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
    CHECK("0x1000", "%p", (void *)0x1000);
    CHECK("123", "%zu", (size_t)123);
    CHECK("100%", "100%%");
    CHECK("(null)", "%s", no_string);
}

static void printf_pads_to_width(void)
{
    CHECK("   42", "%5d", 42);
    CHECK("00042", "%05d", 42);
    CHECK("-0042", "%05d", -42);
    CHECK("42   |", "%-5d|", 42);
    CHECK("0000beef", "%08x", 0xbeefu);
    CHECK("  ab", "%4s", "ab");
    CHECK("ab  |", "%-4s|", "ab");
    CHECK("   7", "%*u", 4, 7u);
    CHECK("toolong", "%3s", "toolong");
}

static void snprintf_truncates_and_counts(void)
{
    char buf[4];
    int n = rt_snprintf(buf, sizeof(buf), "%s", "abcdef");

    if (n != 6 || strcmp(buf, "abc") != 0) {
        printf("FAIL truncation: got \"%s\" (%d)\n", buf, n);
        failures++;
    }
}

int main(void)
{
    printf_formats_each_conversion();
    printf_pads_to_width();
    snprintf_truncates_and_counts();
    if (failures)
        return 1;
    printf("test_printf: all passed\n");
    return 0;
}
