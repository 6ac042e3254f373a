/* Tests for examples/vmm/guest_fdt.c: the guest's device tree read back with
 * libfdt, property by property, for GICv2 and GICv3 machines; the buffer
 * limit; the parameter checks; and a round trip through dtc (its path is
 * argv[1]), which must decompile the tree without a warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>

#include "guest_fdt.h"

static const char *dtc_path;
static uint8_t buf[16384];

static struct guest_fdt_params v3_params(void)
{
    return (struct guest_fdt_params){
        .ram_base = 0x40000000,
        .ram_size = 0x20000000,
        .nr_vcpus = 4,
        .gic_version = 3,
        .gicd_base = 0x08000000,
        .gicr_base = 0x080a0000,
        .uart_base = 0x09000000,
        .uart_spi = 1,
        .bootargs = "console=ttyAMA0 earlycon rdinit=/bin/sh",
        .initrd_base = 0x48000000,
        .initrd_size = 0x123456,
    };
}

static struct guest_fdt_params v2_params(void)
{
    struct guest_fdt_params p = v3_params();

    p.gic_version = 2;
    p.gicc_base = 0x08010000;
    p.gicr_base = 0;
    p.nr_vcpus = 2;
    return p;
}

static size_t build(const struct guest_fdt_params *p)
{
    size_t size = 0;

    memset(buf, 0xee, sizeof(buf));
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), p, &size), GUEST_FDT_OK);
    assert_int_equal(fdt_check_header(buf), 0);
    assert_int_equal(fdt_totalsize(buf), size);
    assert_true(size <= sizeof(buf));
    return size;
}

static int node(const char *path)
{
    int off = fdt_path_offset(buf, path);

    if (off < 0)
        fail_msg("no node %s", path);
    return off;
}

static const void *getprop(const char *path, const char *name, int *len)
{
    const void *v = fdt_getprop(buf, node(path), name, len);

    if (!v)
        fail_msg("no property %s in %s", name, path);
    return v;
}

static void assert_str(const char *path, const char *name, const char *expect)
{
    int len;
    const char *v = getprop(path, name, &len);

    assert_int_equal(len, strlen(expect) + 1);
    assert_string_equal(v, expect);
}

/* A property holding several NUL-terminated strings. */
static void assert_strlist(const char *path, const char *name, const char *expect, int len)
{
    int got;
    const char *v = getprop(path, name, &got);

    assert_int_equal(got, len);
    assert_memory_equal(v, expect, len);
}

static void assert_cells(const char *path, const char *name, const uint32_t *expect, int n)
{
    int len;
    const fdt32_t *v = getprop(path, name, &len);

    assert_int_equal(len, n * 4);
    for (int i = 0; i < n; i++)
        assert_int_equal(fdt32_to_cpu(v[i]), expect[i]);
}

static void assert_u32(const char *path, const char *name, uint32_t expect)
{
    assert_cells(path, name, &expect, 1);
}

static uint64_t get_u64(const char *path, const char *name)
{
    int len;
    const void *v = getprop(path, name, &len);
    fdt64_t be;

    assert_int_equal(len, 8);
    memcpy(&be, v, 8); /* properties are 4-byte aligned only */
    return fdt64_to_cpu(be);
}

static void root_has_two_cell_addresses_and_the_gic_as_parent(void **state)
{
    struct guest_fdt_params p = v3_params();

    build(&p);
    assert_u32("/", "#address-cells", 2);
    assert_u32("/", "#size-cells", 2);
    assert_u32("/", "interrupt-parent", GUEST_FDT_PHANDLE_GIC);
    assert_int_equal(fdt_node_offset_by_phandle(buf, GUEST_FDT_PHANDLE_GIC),
                     node("/interrupt-controller@8000000"));
    assert_int_equal(fdt_num_mem_rsv(buf), 0);
}

static void memory_node_covers_ram(void **state)
{
    struct guest_fdt_params p = v3_params();
    static const uint32_t reg[4] = {0, 0x40000000, 0, 0x20000000};

    build(&p);
    assert_str("/memory@40000000", "device_type", "memory");
    assert_cells("/memory@40000000", "reg", reg, 4);

    p.ram_base = 0x880000000ull;
    p.ram_size = 0x140000000ull;
    p.initrd_size = 0;
    build(&p);
    static const uint32_t reg_high[4] = {0x8, 0x80000000, 0x1, 0x40000000};
    assert_cells("/memory@880000000", "reg", reg_high, 4);
}

static void chosen_has_bootargs_stdout_and_initrd(void **state)
{
    struct guest_fdt_params p = v3_params();

    build(&p);
    assert_str("/chosen", "bootargs", "console=ttyAMA0 earlycon rdinit=/bin/sh");
    assert_str("/chosen", "stdout-path", "/serial@9000000");
    assert_int_equal(get_u64("/chosen", "linux,initrd-start"), 0x48000000);
    assert_int_equal(get_u64("/chosen", "linux,initrd-end"), 0x48123456);
    assert_str("/aliases", "serial0", "/serial@9000000");
    /* the path resolves */
    assert_int_equal(fdt_path_offset(buf, "/serial@9000000"), node("/serial@9000000"));
}

static void chosen_without_initrd_or_bootargs(void **state)
{
    struct guest_fdt_params p = v3_params();

    p.initrd_size = 0;
    p.bootargs = NULL;
    build(&p);
    int chosen = node("/chosen");
    assert_null(fdt_getprop(buf, chosen, "linux,initrd-start", NULL));
    assert_null(fdt_getprop(buf, chosen, "linux,initrd-end", NULL));
    assert_null(fdt_getprop(buf, chosen, "bootargs", NULL));
    assert_str("/chosen", "stdout-path", "/serial@9000000");
}

static void cpus_are_numbered_by_mpidr_and_use_psci(void **state)
{
    struct guest_fdt_params p = v3_params();
    char path[32];
    int n = 0, off;

    build(&p);
    assert_u32("/cpus", "#address-cells", 1);
    assert_u32("/cpus", "#size-cells", 0);
    for (unsigned k = 0; k < 4; k++) {
        snprintf(path, sizeof(path), "/cpus/cpu@%x", k);
        assert_str(path, "device_type", "cpu");
        assert_str(path, "compatible", "arm,armv8");
        assert_str(path, "enable-method", "psci");
        assert_u32(path, "reg", k);
    }
    fdt_for_each_subnode(off, buf, node("/cpus")) n++;
    assert_int_equal(n, 4);
}

static void psci_node_names_1_0_with_hvc(void **state)
{
    struct guest_fdt_params p = v3_params();
    static const char compatible[] = "arm,psci-1.0\0arm,psci-0.2";

    build(&p);
    assert_strlist("/psci", "compatible", compatible, sizeof(compatible));
    assert_str("/psci", "method", "hvc");
    assert_int_equal(fdt_node_offset_by_compatible(buf, -1, "arm,psci-1.0"), node("/psci"));
    assert_int_equal(fdt_node_offset_by_compatible(buf, -1, "arm,psci-0.2"), node("/psci"));
}

static void gicv3_has_distributor_and_redistributors(void **state)
{
    struct guest_fdt_params p = v3_params();
    const char *gic = "/interrupt-controller@8000000";
    static const uint32_t reg[8] = {0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 4 * 0x20000};

    build(&p);
    assert_str(gic, "compatible", "arm,gic-v3");
    assert_u32(gic, "#interrupt-cells", 3);
    int len = -1;
    assert_non_null(fdt_getprop(buf, node(gic), "interrupt-controller", &len));
    assert_int_equal(len, 0);
    assert_cells(gic, "reg", reg, 8);
    assert_u32(gic, "phandle", GUEST_FDT_PHANDLE_GIC);
}

static void gicv2_has_distributor_and_cpu_interface(void **state)
{
    struct guest_fdt_params p = v2_params();
    const char *gic = "/interrupt-controller@8000000";
    static const uint32_t reg[8] = {0, 0x08000000, 0, 0x1000, 0, 0x08010000, 0, 0x2000};

    build(&p);
    assert_str(gic, "compatible", "arm,cortex-a15-gic");
    assert_u32(gic, "#interrupt-cells", 3);
    assert_cells(gic, "reg", reg, 8);
}

static void timer_ppis_are_those_of_qemu_virt(void **state)
{
    struct guest_fdt_params p = v3_params();
    /* GICv3: level-low, no CPU mask */
    static const uint32_t v3[12] = {1, 13, 8, 1, 14, 8, 1, 11, 8, 1, 10, 8};
    /* GICv2 with 2 CPUs: mask 0b11 in bits 15:8 */
    static const uint32_t v2[12] = {1, 13, 0x308, 1, 14, 0x308, 1, 11, 0x308, 1, 10, 0x308};

    build(&p);
    assert_str("/timer", "compatible", "arm,armv8-timer");
    assert_cells("/timer", "interrupts", v3, 12);
    p = v2_params();
    build(&p);
    assert_cells("/timer", "interrupts", v2, 12);
    p.nr_vcpus = 8;
    build(&p);
    int len;
    const fdt32_t *irqs = getprop("/timer", "interrupts", &len);
    assert_int_equal(fdt32_to_cpu(irqs[2]), 0xff08);
}

static void pl011_is_a_primecell_with_its_clocks(void **state)
{
    struct guest_fdt_params p = v3_params();
    const char *uart = "/serial@9000000";
    static const char compatible[] = "arm,pl011\0arm,primecell";
    static const char clock_names[] = "uartclk\0apb_pclk";
    static const uint32_t reg[4] = {0, 0x09000000, 0, 0x1000};
    static const uint32_t irq[3] = {0, 1, 4};
    static const uint32_t clocks[2] = {GUEST_FDT_PHANDLE_CLOCK, GUEST_FDT_PHANDLE_CLOCK};

    build(&p);
    assert_strlist(uart, "compatible", compatible, sizeof(compatible));
    assert_cells(uart, "reg", reg, 4);
    assert_cells(uart, "interrupts", irq, 3);
    assert_cells(uart, "clocks", clocks, 2);
    assert_strlist(uart, "clock-names", clock_names, sizeof(clock_names));
    assert_int_equal(fdt_node_offset_by_compatible(buf, -1, "arm,pl011"), node(uart));

    int clk = fdt_node_offset_by_phandle(buf, GUEST_FDT_PHANDLE_CLOCK);
    assert_int_equal(clk, node("/apb-pclk"));
    assert_str("/apb-pclk", "compatible", "fixed-clock");
    assert_u32("/apb-pclk", "#clock-cells", 0);
    assert_u32("/apb-pclk", "clock-frequency", 24000000);

    /* another address and SPI */
    p.uart_base = 0x1c090000;
    p.uart_spi = 987;
    build(&p);
    static const uint32_t irq2[3] = {0, 987, 4};
    assert_cells("/serial@1c090000", "interrupts", irq2, 3);
    assert_str("/chosen", "stdout-path", "/serial@1c090000");
}

static const char rtc_compatible[] = "arm,pl031\0arm,primecell";
static const struct guest_fdt_device rtc = {
    .name = "pl031@9010000",
    .compatible = rtc_compatible,
    .compatible_len = sizeof(rtc_compatible),
    .base = 0x09010000,
    .size = 0x1000,
    .spi = 2,
    .spi_flags = 4,
    .has_spi = true,
    .apb_pclk = true,
};

static void a_passed_through_device_keeps_its_host_description(void **state)
{
    struct guest_fdt_params p = v3_params();
    static const uint32_t reg[4] = {0, 0x09010000, 0, 0x1000};
    static const uint32_t irq[3] = {0, 2, 4};

    p.devices = &rtc;
    p.nr_devices = 1;
    build(&p);
    assert_strlist("/pl031@9010000", "compatible", rtc_compatible, sizeof(rtc_compatible));
    assert_cells("/pl031@9010000", "reg", reg, 4);
    assert_cells("/pl031@9010000", "interrupts", irq, 3);
    assert_u32("/pl031@9010000", "clocks", GUEST_FDT_PHANDLE_CLOCK);
    assert_str("/pl031@9010000", "clock-names", "apb_pclk");

    /* no interrupt, no clock */
    struct guest_fdt_device quiet = rtc;
    quiet.has_spi = quiet.apb_pclk = false;
    p.devices = &quiet;
    build(&p);
    int off = node("/pl031@9010000"), len;
    assert_null(fdt_getprop(buf, off, "interrupts", &len));
    assert_null(fdt_getprop(buf, off, "clocks", &len));

    /* malformed: refused */
    struct guest_fdt_device bad[] = {rtc, rtc, rtc, rtc};
    size_t size;
    bad[0].spi = 1;            /* the UART's */
    bad[1].compatible_len = 4; /* "arm," without its NUL */
    bad[2].name = "";
    bad[3].compatible_len = GUEST_FDT_COMPATIBLE_MAX + 1;
    for (unsigned i = 0; i < 4; i++) {
        p.devices = &bad[i];
        assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    }
    p.devices = &rtc;
    p.nr_devices = GUEST_FDT_MAX_DEVICES + 1;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
}

static void too_small_buffers_are_refused_without_overrun(void **state)
{
    struct guest_fdt_params p = v3_params();
    size_t need = build(&p), size = 77;

    /* every size below the need, each an exact heap block under ASan */
    for (size_t n = 0; n < need; n++) {
        uint8_t *small = malloc(n ? n : 1);
        assert_non_null(small);
        assert_int_equal(guest_fdt_build(small, n, &p, &size), GUEST_FDT_NO_SPACE);
        free(small);
    }
    assert_int_equal(size, 77);
    uint8_t *exact = malloc(need);
    assert_non_null(exact);
    assert_int_equal(guest_fdt_build(exact, need, &p, &size), GUEST_FDT_OK);
    assert_int_equal(size, need);
    assert_int_equal(fdt_check_header(exact), 0);
    free(exact);
}

static void bad_parameters_are_refused(void **state)
{
    struct guest_fdt_params p;
    size_t size;

    p = v3_params();
    p.gic_version = 4;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p = v3_params();
    p.nr_vcpus = 0;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p.nr_vcpus = GUEST_FDT_MAX_VCPUS_V3 + 1;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p.nr_vcpus = GUEST_FDT_MAX_VCPUS_V3;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_OK);
    p = v2_params();
    p.nr_vcpus = 9;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p = v3_params();
    p.ram_size = 0;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p = v3_params();
    p.ram_base = 0xfffffffff0000000ull;
    p.initrd_size = 0;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p = v3_params();
    p.uart_spi = 988;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p = v3_params();
    p.initrd_base = 0x5ffff000; /* runs past the end of RAM */
    p.initrd_size = 0x2000;
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    p.initrd_size = 0x1000; /* ends exactly at the end */
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_OK);
    p.initrd_base = 0x3ffff000; /* starts below RAM */
    assert_int_equal(guest_fdt_build(buf, sizeof(buf), &p, &size), GUEST_FDT_BAD_PARAMS);
    assert_string_equal(guest_fdt_status_str(GUEST_FDT_BAD_PARAMS),
                        "invalid machine description for the device tree");
}

/* dtc decompiles the tree; its checks (unit names against reg, phandle
 * references, interrupt specifiers) find nothing to warn about. */
static void dtc_round_trip_is_clean(void **state)
{
    struct guest_fdt_params variants[2] = {v3_params(), v2_params()};

    variants[0].devices = &rtc;
    variants[0].nr_devices = 1;
    if (!dtc_path)
        skip();
    for (unsigned i = 0; i < 2; i++) {
        char dtb[] = "/tmp/test_guest_fdt_XXXXXX";
        char cmd[512], dts[16384];
        size_t size = build(&variants[i]);
        int fd = mkstemp(dtb);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, buf, size), size);
        close(fd);
        snprintf(cmd, sizeof(cmd), "%s -I dtb -O dts %s 2>&1", dtc_path, dtb);
        FILE *f = popen(cmd, "r");
        assert_non_null(f);
        size_t n = fread(dts, 1, sizeof(dts) - 1, f);
        dts[n] = '\0';
        int rc = pclose(f);
        unlink(dtb);
        if (rc != 0 || strstr(dts, "Warning") || strstr(dts, "ERROR"))
            fail_msg("dtc: %s", dts);
        assert_non_null(strstr(dts, "compatible = \"arm,pl011\\0arm,primecell\";"));
        assert_non_null(strstr(dts, "method = \"hvc\";"));
        assert_non_null(strstr(dts, "interrupt-controller;"));
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(root_has_two_cell_addresses_and_the_gic_as_parent),
        cmocka_unit_test(memory_node_covers_ram),
        cmocka_unit_test(chosen_has_bootargs_stdout_and_initrd),
        cmocka_unit_test(chosen_without_initrd_or_bootargs),
        cmocka_unit_test(cpus_are_numbered_by_mpidr_and_use_psci),
        cmocka_unit_test(psci_node_names_1_0_with_hvc),
        cmocka_unit_test(gicv3_has_distributor_and_redistributors),
        cmocka_unit_test(gicv2_has_distributor_and_cpu_interface),
        cmocka_unit_test(timer_ppis_are_those_of_qemu_virt),
        cmocka_unit_test(pl011_is_a_primecell_with_its_clocks),
        cmocka_unit_test(a_passed_through_device_keeps_its_host_description),
        cmocka_unit_test(too_small_buffers_are_refused_without_overrun),
        cmocka_unit_test(bad_parameters_are_refused),
        cmocka_unit_test(dtc_round_trip_is_clean),
    };

    dtc_path = argc > 1 ? argv[1] : NULL;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
