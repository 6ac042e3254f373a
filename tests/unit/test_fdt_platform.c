/* Tests for boards/common/fdt_*.c: discovery from device trees compiled
 * from tests/unit/dts/ (directory given as argv[1]), exact values found
 * and the safe fallbacks for malformed trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "fdt_platform.h"
#include "kprintf_shim.h"
#include "pl011.h"

#include "dtb_load.h"

#define FDT_PA 0x48000000

static const struct uart_driver *const uarts[] = {&pl011_driver, NULL};

static enum nova_status discover(const void *fdt, struct platform *p)
{
    memset(p, 0xa5, sizeof(*p));
    p->fdt = pa_init(FDT_PA);
    kprintf_shim_reset();
    return fdt_platform_discover(fdt, p, uarts);
}

static void assert_range(struct mem_range r, uint64_t base, uint64_t size)
{
    assert_int_equal(pa_addr(r.base), base);
    assert_int_equal(r.size, size);
}

static void assert_default_timer_ppis(const struct platform *p)
{
    assert_int_equal(p->timer.ppi_sec_phys, 13);
    assert_int_equal(p->timer.ppi_phys, 14);
    assert_int_equal(p->timer.ppi_virt, 11);
    assert_int_equal(p->timer.ppi_hyp_phys, 10);
}

static void qemu_virt_gicv3_is_discovered_exactly(void **state)
{
    struct platform p;
    void *fdt = load_dtb("qemu-virt-gicv3");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_int_equal(kprintf_shim_count(), 0);
    assert_int_equal(pa_addr(p.fdt), FDT_PA);
    assert_int_equal(p.fdt_size, fdt_totalsize(fdt));
    assert_int_equal(p.ram_count, 1);
    assert_range(p.ram[0], 0x40000000, 0x40000000);
    assert_int_equal(p.reserved_count, 0);
    assert_ptr_equal(p.uart.driver, &pl011_driver);
    assert_int_equal(pa_addr(p.uart.base), 0x09000000);
    assert_int_equal(p.uart.size, 0x1000);
    assert_int_equal(p.uart.clock_hz, 24000000);
    assert_int_equal(p.uart.baud, 115200);
    assert_int_equal(p.gic.version, GIC_V3);
    assert_int_equal(pa_addr(p.gic.dist), 0x08000000);
    assert_int_equal(p.gic.dist_size, 0x10000);
    assert_int_equal(pa_addr(p.gic.redist), 0x080a0000);
    assert_int_equal(p.gic.redist_size, 0xf60000);
    assert_int_equal(p.gic.cpu_size, 0);
    assert_int_equal(p.gic.maint_ppi, 9);
    assert_default_timer_ppis(&p);
    assert_int_equal(p.timer.freq_hz, 0);
    assert_int_equal(p.psci, PSCI_SMC);
    assert_int_equal(p.cpu_count, 2);
    assert_int_equal(p.cpu_mpidr[0], 0);
    assert_int_equal(p.cpu_mpidr[1], 1);
    assert_string_equal(p.bootargs, "");
    free(fdt);
}

static void qemu_virt_gicv2_is_discovered_exactly(void **state)
{
    struct platform p;
    void *fdt = load_dtb("qemu-virt-gicv2");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_int_equal(kprintf_shim_count(), 0);
    assert_int_equal(p.ram_count, 1);
    assert_range(p.ram[0], 0x40000000, 0x80000000);
    assert_int_equal(p.gic.version, GIC_V2);
    assert_int_equal(pa_addr(p.gic.dist), 0x08000000);
    assert_int_equal(p.gic.dist_size, 0x10000);
    assert_int_equal(pa_addr(p.gic.cpu), 0x08010000);
    assert_int_equal(p.gic.cpu_size, 0x10000);
    assert_int_equal(pa_addr(p.gic.hyp), 0x08030000);
    assert_int_equal(p.gic.hyp_size, 0x10000);
    assert_int_equal(pa_addr(p.gic.vcpu), 0x08040000);
    assert_int_equal(p.gic.vcpu_size, 0x10000);
    assert_int_equal(p.gic.redist_size, 0);
    assert_int_equal(p.gic.maint_ppi, 9);
    assert_default_timer_ppis(&p);
    assert_int_equal(p.cpu_count, 4);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(p.cpu_mpidr[i], i);
    assert_string_equal(p.bootargs, "console=ttyAMA0 loglevel=8");
    free(fdt);
}

static void memory_and_reservations_are_collected(void **state)
{
    struct platform p;
    void *fdt = load_dtb("reserved-memory");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_int_equal(p.ram_count, 3);
    assert_range(p.ram[0], 0x40000000, 0x20000000);
    assert_range(p.ram[1], 0x70000000, 0x10000000);
    assert_range(p.ram[2], 0x100000000, 0x100000000);
    /* /memreserve/ first, then static /reserved-memory children in tree
     * order; the dynamic pool and the disabled child are not reserved. */
    assert_int_equal(p.reserved_count, 5);
    assert_range(p.reserved[0], 0x48000000, 0x100000);
    assert_range(p.reserved[1], 0x80000000, 0x2000);
    assert_range(p.reserved[2], 0x4e000000, 0x200000);
    assert_range(p.reserved[3], 0x60000000, 0x1000);
    assert_range(p.reserved[4], 0x60100000, 0x1000);
    free(fdt);
}

static void missing_stdout_path_leaves_no_console(void **state)
{
    struct platform p;
    void *fdt = load_dtb("reserved-memory");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_null(p.uart.driver);
    assert_int_equal(pa_addr(p.uart.base), 0);
    assert_true(kprintf_shim_contains("no /chosen/stdout-path"));
    free(fdt);
}

static void simple_bus_ranges_are_translated(void **state)
{
    struct platform p;
    void *fdt = load_dtb("simple-bus");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_int_equal(kprintf_shim_count(), 0);
    assert_int_equal(p.ram_count, 1);
    assert_range(p.ram[0], 0, 0x3b400000);
    /* two bus levels: 0x1000 -> 0x7e201000 -> 0xfe201000 */
    assert_ptr_equal(p.uart.driver, &pl011_driver);
    assert_int_equal(pa_addr(p.uart.base), 0xfe201000);
    assert_int_equal(p.uart.size, 0x200);
    assert_int_equal(p.gic.version, GIC_V2);
    assert_int_equal(pa_addr(p.gic.dist), 0xff841000);
    assert_int_equal(p.gic.dist_size, 0x1000);
    assert_int_equal(pa_addr(p.gic.cpu), 0xff842000);
    assert_int_equal(p.gic.cpu_size, 0x2000);
    assert_int_equal(pa_addr(p.gic.hyp), 0xff844000);
    assert_int_equal(pa_addr(p.gic.vcpu), 0xff846000);
    assert_int_equal(p.gic.maint_ppi, 0);
    free(fdt);
}

static void address_outside_bus_ranges_is_refused(void **state)
{
    struct platform p;
    void *fdt = load_dtb("simple-bus");
    int uart = fdt_path_offset(fdt, "/soc/apb@7e200000/serial@1000");
    fdt32_t reg[2] = {cpu_to_fdt32(0xff00), cpu_to_fdt32(0x200)};

    /* starts inside apb's 64 KiB window but runs past its end */
    assert_true(uart >= 0);
    assert_int_equal(fdt_setprop(fdt, uart, "reg", reg, sizeof(reg)), 0);
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_null(p.uart.driver);
    assert_true(kprintf_shim_contains("address ff00 not covered by ranges"));
    free(fdt);
}

static void console_alias_options_and_named_clock_are_used(void **state)
{
    struct platform p;
    void *fdt = load_dtb("simple-bus");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_int_equal(p.uart.baud, 921600);
    /* clocks = <&cprman 19>, <&clk_uart>: "uartclk" is the second entry */
    assert_int_equal(p.uart.clock_hz, 48000000);
    free(fdt);
}

static void timer_psci_and_cpus_follow_the_tree(void **state)
{
    struct platform p;
    void *fdt = load_dtb("simple-bus");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_default_timer_ppis(&p);
    assert_int_equal(p.timer.freq_hz, 54000000);
    assert_int_equal(p.psci, PSCI_HVC);
    /* disabled CPUs are parked, not absent; status "fail" drops one */
    assert_int_equal(p.cpu_count, 3);
    assert_int_equal(p.cpu_mpidr[0], 0x0);
    assert_int_equal(p.cpu_mpidr[1], 0x1);
    assert_int_equal(p.cpu_mpidr[2], 0x100);
    free(fdt);
}

static void malformed_properties_warn_and_fall_back(void **state)
{
    struct platform p;
    void *fdt = load_dtb("malformed");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    /* memory@0 has a 12-byte reg, the top bank wraps: one bank survives */
    assert_true(kprintf_shim_contains("memory@0: reg has length 12"));
    assert_true(kprintf_shim_contains("wraps around"));
    assert_int_equal(p.ram_count, 1);
    assert_range(p.ram[0], 0x80000000, 0x8000000);
    /* the console's bus has no ranges: its address means nothing */
    assert_true(kprintf_shim_contains("bus: bus has no ranges"));
    assert_null(p.uart.driver);
    /* a GICv3 without a redistributor region is no GIC */
    assert_int_equal(p.gic.version, GIC_NONE);
    assert_int_equal(pa_addr(p.gic.dist), 0);
    assert_true(kprintf_shim_contains("no interrupt controller"));
    /* an SPI where a timer PPI belongs: architectural defaults */
    assert_true(kprintf_shim_contains("is not a PPI"));
    assert_default_timer_ppis(&p);
    assert_int_equal(p.psci, PSCI_NONE);
    assert_true(kprintf_shim_contains("PSCI method"));
    /* duplicate, short and out-of-range MPIDRs are dropped */
    assert_int_equal(p.cpu_count, 1);
    assert_int_equal(p.cpu_mpidr[0], 0);
    assert_true(kprintf_shim_contains("cpu@1: no usable reg"));
    assert_true(kprintf_shim_contains("cpu@bad: reg 10000000000 invalid"));
    assert_true(kprintf_shim_contains("cpu@0dup: reg 0 invalid or duplicate"));
    /* bootargs cut to fit, still terminated */
    assert_true(kprintf_shim_contains("truncated"));
    assert_int_equal(strlen(p.bootargs), PLATFORM_BOOTARGS_MAX - 1);
    assert_memory_equal(p.bootargs, "0123456789", 10);
    free(fdt);
}

static void unknown_uart_gives_no_console(void **state)
{
    struct platform p;
    void *fdt = load_dtb("unknown-uart");

    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_null(p.uart.driver);
    assert_true(kprintf_shim_contains("no driver on this board"));
    /* 1-cell root: RAM still found */
    assert_int_equal(p.ram_count, 1);
    assert_range(p.ram[0], 0x40000000, 0x40000000);
    /* GICv2 without GICH/GICV, and a maintenance SPI that is ignored */
    assert_int_equal(p.gic.version, GIC_V2);
    assert_int_equal(pa_addr(p.gic.dist), 0x1c81000);
    assert_int_equal(pa_addr(p.gic.cpu), 0x1c82000);
    assert_int_equal(p.gic.hyp_size, 0);
    assert_int_equal(p.gic.vcpu_size, 0);
    assert_int_equal(p.gic.maint_ppi, 0);
    assert_true(kprintf_shim_contains("is not a PPI"));
    assert_int_equal(p.psci, PSCI_NONE);
    assert_true(kprintf_shim_contains("no PSCI"));
    assert_int_equal(p.cpu_count, 0);
    assert_true(kprintf_shim_contains("no usable /cpus"));
    assert_true(kprintf_shim_contains("no arm,armv8-timer"));
    assert_default_timer_ppis(&p);
    free(fdt);
}

/* stdout-path variants written into the QEMU tree */
static void set_stdout_path(void *fdt, const char *path)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    assert_true(chosen >= 0);
    assert_int_equal(fdt_setprop_string(fdt, chosen, "stdout-path", path), 0);
}

static void stdout_path_options_set_the_baud_rate(void **state)
{
    struct platform p;
    void *fdt = load_dtb("qemu-virt-gicv3");

    set_stdout_path(fdt, "/pl011@9000000:9600n8");
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_ptr_equal(p.uart.driver, &pl011_driver);
    assert_int_equal(p.uart.baud, 9600);

    set_stdout_path(fdt, "/pl011@9000000:99999999999");
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_int_equal(p.uart.baud, 115200);
    assert_true(kprintf_shim_contains("baud rate"));

    set_stdout_path(fdt, "/pl011@9000000:n8");
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_int_equal(p.uart.baud, 115200);
    free(fdt);
}

static void stdout_path_through_alias_resolves(void **state)
{
    struct platform p;
    void *fdt = load_dtb("qemu-virt-gicv3");
    int aliases = fdt_add_subnode(fdt, 0, "aliases");

    assert_true(aliases >= 0);
    assert_int_equal(fdt_setprop_string(fdt, aliases, "serial0", "/pl011@9000000"), 0);
    set_stdout_path(fdt, "serial0:115200n8");
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_ptr_equal(p.uart.driver, &pl011_driver);
    assert_int_equal(pa_addr(p.uart.base), 0x09000000);
    free(fdt);
}

static void stdout_path_to_nowhere_warns(void **state)
{
    struct platform p;
    void *fdt = load_dtb("qemu-virt-gicv3");

    set_stdout_path(fdt, "/serial@0");
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_null(p.uart.driver);
    assert_true(kprintf_shim_contains("no such enabled node"));

    int chosen = fdt_path_offset(fdt, "/chosen");
    assert_int_equal(fdt_setprop(fdt, chosen, "stdout-path", "abc", 3), 0);
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_null(p.uart.driver);
    assert_true(kprintf_shim_contains("not a string"));
    free(fdt);
}

static void fixed_clock_missing_falls_back_to_unknown_clock(void **state)
{
    struct platform p;
    void *fdt = load_dtb("qemu-virt-gicv3");
    int uart = fdt_path_offset(fdt, "/pl011@9000000");

    assert_int_equal(fdt_setprop_u32(fdt, uart, "clocks", 0xdead), 0);
    assert_int_equal(discover(fdt, &p), STATUS_SUCCESS);
    assert_ptr_equal(p.uart.driver, &pl011_driver);
    assert_int_equal(p.uart.clock_hz, 0);
    assert_true(kprintf_shim_contains("unknown phandle"));
    free(fdt);
}

static void tree_without_ram_is_refused(void **state)
{
    struct platform p;
    void *fdt = load_dtb("no-memory");

    assert_int_equal(discover(fdt, &p), STATUS_BAD_PAR);
    assert_int_equal(p.ram_count, 0);
    assert_true(kprintf_shim_contains("no RAM"));
    free(fdt);
}

static void invalid_blobs_are_refused(void **state)
{
    struct platform p;
    uint32_t garbage[64];
    void *fdt = load_dtb("qemu-virt-gicv3");

    assert_int_equal(discover(NULL, &p), STATUS_BAD_PAR);
    assert_int_equal(pa_addr(p.fdt), FDT_PA);
    memset(garbage, 0x5a, sizeof(garbage));
    assert_int_equal(discover(garbage, &p), STATUS_BAD_PAR);
    assert_int_equal(p.ram_count, 0);
    assert_null(p.uart.driver);

    fdt_set_totalsize(fdt, FDT_MAX_SIZE + 1);
    assert_int_equal(discover(fdt, &p), STATUS_BAD_PAR);
    free(fdt);
}

/* Every single-byte corruption of a real tree: discovery may refuse it or
 * warn, but under ASan/UBSan it must never read out of bounds or crash. */
static void corrupted_trees_never_crash(void **state)
{
    struct platform p;
    void *fdt = load_dtb("qemu-virt-gicv3");
    uint8_t *bytes = fdt;
    uint32_t size = fdt_totalsize(fdt);

    for (uint32_t off = 0; off < size; off++) {
        uint8_t saved = bytes[off];
        bytes[off] ^= 0xff;
        discover(fdt, &p);
        assert_true(p.ram_count <= PLATFORM_MAX_RAM);
        assert_true(p.reserved_count <= PLATFORM_MAX_RESERVED);
        assert_true(p.cpu_count <= PLATFORM_MAX_CPUS);
        assert_true(memchr(p.bootargs, '\0', sizeof(p.bootargs)) != NULL);
        bytes[off] = saved;
    }
    free(fdt);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_virt_gicv3_is_discovered_exactly),
        cmocka_unit_test(qemu_virt_gicv2_is_discovered_exactly),
        cmocka_unit_test(memory_and_reservations_are_collected),
        cmocka_unit_test(missing_stdout_path_leaves_no_console),
        cmocka_unit_test(simple_bus_ranges_are_translated),
        cmocka_unit_test(address_outside_bus_ranges_is_refused),
        cmocka_unit_test(console_alias_options_and_named_clock_are_used),
        cmocka_unit_test(timer_psci_and_cpus_follow_the_tree),
        cmocka_unit_test(malformed_properties_warn_and_fall_back),
        cmocka_unit_test(unknown_uart_gives_no_console),
        cmocka_unit_test(stdout_path_options_set_the_baud_rate),
        cmocka_unit_test(stdout_path_through_alias_resolves),
        cmocka_unit_test(stdout_path_to_nowhere_warns),
        cmocka_unit_test(fixed_clock_missing_falls_back_to_unknown_clock),
        cmocka_unit_test(tree_without_ram_is_refused),
        cmocka_unit_test(invalid_blobs_are_refused),
        cmocka_unit_test(corrupted_trees_never_crash),
    };

    if (argc > 1)
        dtb_dir = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
