/* One line per check; the QEMU test reads them (tests/conformance/meson.build). */
#include "conformance.h"

static unsigned checks, failed;

static const char *const status_name[] = {
    [STATUS_SUCCESS] = "SUCCESS", [STATUS_TIMEOUT] = "TIMEOUT", [STATUS_ABORTED] = "ABORTED",
    [STATUS_OVRFLOW] = "OVRFLOW", [STATUS_BAD_HYP] = "BAD_HYP", [STATUS_BAD_CAP] = "BAD_CAP",
    [STATUS_BAD_PAR] = "BAD_PAR", [STATUS_BAD_FTR] = "BAD_FTR", [STATUS_BAD_CPU] = "BAD_CPU",
    [STATUS_BAD_DEV] = "BAD_DEV", [STATUS_MEM_OBJ] = "MEM_OBJ", [STATUS_MEM_CAP] = "MEM_CAP",
};

static const char *status_str(enum nova_status s)
{
    static char unknown[16];

    if ((unsigned)s < sizeof(status_name) / sizeof(status_name[0]))
        return status_name[s];
    rt_snprintf(unknown, sizeof(unknown), "status 0x%x", (unsigned)s);
    return unknown;
}

static void pass(const char *name)
{
    checks++;
    rt_printf("conformance: ok %s\n", name);
}

static void fail(void)
{
    checks++;
    failed++;
}

void check_status(const char *name, enum nova_status expect, enum nova_status got)
{
    if (expect == got)
        return pass(name);
    fail();
    rt_printf("conformance: FAIL %s: expected %s", name, status_str(expect));
    rt_printf(" got %s\n", status_str(got));
}

void check_value(const char *name, uint64_t expect, uint64_t got)
{
    if (expect == got)
        return pass(name);
    fail();
    rt_printf("conformance: FAIL %s: expected 0x%lx got 0x%lx\n", name, expect, got);
}

void check_true(const char *name, bool ok, const char *expected)
{
    if (ok)
        return pass(name);
    fail();
    rt_printf("conformance: FAIL %s: expected %s\n", name, expected);
}

void check_skip(const char *name, const char *why)
{
    rt_printf("conformance: skip %s: %s\n", name, why);
}

unsigned check_summary(void)
{
    rt_printf("conformance: done, %u checks, %u failed\n", checks, failed);
    return failed;
}
