/* Tests for boards/common/fdt_index*.c: every lookup agrees with the libfdt
 * call it replaces on compiled trees from tests/unit/dts/ (directory given
 * as argv[1]), and generated trees probe the node limit and deep nesting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "fdt_index.h"
#include "fdt_platform.h"
#include "kprintf_shim.h"
#include "pl011.h"

#include "dtb_load.h"

/* A tree that also passes the check discovery makes first. */
static void *load_checked_dtb(const char *name)
{
    void *blob = load_dtb(name);
    assert_int_equal(fdt_check_full(blob, fdt_totalsize(blob)), 0);
    return blob;
}

static int path(const void *fdt, const char *p) { return fdt_index_path(fdt, p); }

static int libfdt_enabled(const void *fdt, int node)
{
    int len;
    const char *status = fdt_getprop(fdt, node, "status", &len);

    return !status || strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

/* Parent, depth, name, path, phandle, children and status of every node
 * as libfdt gives them. */
static void assert_index_matches_libfdt(const char *name)
{
    void *fdt = load_checked_dtb(name);
    char full[1024];
    unsigned nodes = 0;

    for (int node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL), nodes++) {
        int len, child, ichild = -1;
        uint32_t phandle = fdt_get_phandle(fdt, node);

        assert_int_equal(fdt_index_depth(fdt, node), fdt_node_depth(fdt, node));
        if (node == 0)
            assert_int_equal(fdt_index_parent(fdt, node), -FDT_ERR_NOTFOUND);
        else
            assert_int_equal(fdt_index_parent(fdt, node), fdt_parent_offset(fdt, node));
        assert_string_equal(fdt_index_name(fdt, node, &len), fdt_get_name(fdt, node, NULL));
        assert_int_equal(len, strlen(fdt_get_name(fdt, node, NULL)));
        assert_int_equal(fdt_get_path(fdt, node, full, sizeof(full)), 0);
        assert_int_equal(path(fdt, full), fdt_path_offset(fdt, full));
        if (phandle)
            assert_int_equal(fdt_index_phandle(fdt, phandle),
                             fdt_node_offset_by_phandle(fdt, phandle));
        assert_int_equal(fdt_index_is_enabled(fdt, node), libfdt_enabled(fdt, node));
        fdt_for_each_subnode(child, fdt, node)
        {
            ichild =
                ichild < 0 ? fdt_index_first_child(fdt, node) : fdt_index_next_sibling(fdt, ichild);
            assert_int_equal(ichild, child);
        }
        ichild =
            ichild < 0 ? fdt_index_first_child(fdt, node) : fdt_index_next_sibling(fdt, ichild);
        assert_int_equal(ichild, -FDT_ERR_NOTFOUND);
    }
    assert_int_equal(fdt_index_count(fdt), nodes);
    free(fdt);
}

static void index_agrees_with_libfdt_on_every_node(void **state)
{
    assert_index_matches_libfdt("qemu-virt-gicv3");
    assert_index_matches_libfdt("simple-bus");
    assert_index_matches_libfdt("reserved-memory");
    assert_index_matches_libfdt("index");
}

/* A bare name matches the first "<name>@<unit>" child in tree order, a
 * name with '@' only itself; '/' may repeat, and a trailing one is ignored. */
static void path_lookup_matches_unit_addresses_like_libfdt(void **state)
{
    void *fdt = load_checked_dtb("index");
    static const char *const paths[] = {
        "/",
        "/memory",
        "/memory@40000000",
        "/memory@4000",
        "/mem",
        "/memory@",
        "/soc/serial",
        "//soc///serial@2000/",
        "/soc/serial@2000/x",
        "/nonexistent",
        "/l1/l2/l3",
        "serial0",
        "serial0/",
        "serial0/x",
        "nosuch",
        "nosuch/soc",
        "/soc/serial@3000",
        "/aliases",
    };

    assert_int_equal(path(fdt, "/memory"), path(fdt, "/memory@40000000"));
    assert_true(path(fdt, "/memory@40000000") > 0);
    assert_int_equal(path(fdt, "/memory@4000"), -FDT_ERR_NOTFOUND);
    assert_int_equal(path(fdt, "/mem"), -FDT_ERR_NOTFOUND);
    assert_int_equal(path(fdt, "/"), 0);
    assert_int_equal(path(fdt, "/soc/serial"), path(fdt, "/soc/serial@1000"));
    assert_int_equal(path(fdt, "//soc///serial@2000/"), path(fdt, "/soc/serial@2000"));
    assert_int_equal(path(fdt, "serial0"), path(fdt, "/soc/serial@1000"));
    assert_int_equal(path(fdt, "nosuch"), -FDT_ERR_BADPATH);
    assert_int_equal(fdt_index_path_namelen(fdt, "/soc/serial@2000:115200", 16),
                     path(fdt, "/soc/serial@2000"));
    assert_int_equal(fdt_index_path_namelen(fdt, "/soc", 0), -FDT_ERR_BADPATH);
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        assert_int_equal(path(fdt, paths[i]), fdt_path_offset(fdt, paths[i]));
    free(fdt);
}

/* libfdt 1.6 follows an alias to a relative path again, and an alias to
 * itself recursed without end; the index takes absolute targets only. */
static void alias_to_a_relative_path_is_refused(void **state)
{
    void *fdt = load_checked_dtb("index");

    assert_int_equal(path(fdt, "relative"), -FDT_ERR_BADPATH);
    assert_int_equal(path(fdt, "self"), -FDT_ERR_BADPATH);
    assert_int_equal(path(fdt, "self/soc"), -FDT_ERR_BADPATH);
    free(fdt);
}

static void phandle_lookup_prefers_phandle_over_linux_phandle(void **state)
{
    void *fdt = load_checked_dtb("index");
    int clk2 = fdt_add_subnode(fdt, 0, "clk2");

    assert_true(clk2 >= 0);
    assert_int_equal(fdt_setprop_u32(fdt, clk2, "linux,phandle", 0x31), 0);
    assert_int_equal(fdt_setprop_u32(fdt, clk2, "phandle", 0x30), 0);
    clk2 = fdt_path_offset(fdt, "/clk2");
    assert_int_equal(fdt_index_phandle(fdt, 0x10), path(fdt, "/soc/serial@2000"));
    assert_int_equal(fdt_index_phandle(fdt, 0x20), path(fdt, "/clk"));
    assert_int_equal(fdt_index_phandle(fdt, 0x30), clk2);
    assert_int_equal(fdt_index_phandle(fdt, 0x31), -FDT_ERR_NOTFOUND);
    assert_int_equal(fdt_index_phandle(fdt, 0x99), -FDT_ERR_NOTFOUND);
    assert_int_equal(fdt_index_phandle(fdt, 0), -FDT_ERR_BADPHANDLE);
    assert_int_equal(fdt_index_phandle(fdt, UINT32_MAX), -FDT_ERR_BADPHANDLE);
    free(fdt);
}

static void parent_chain_leads_to_the_root(void **state)
{
    void *fdt = load_checked_dtb("index");
    static const char *const up[] = {"l10", "l9", "l8", "l7", "l6", "l5",
                                     "l4",  "l3", "l2", "l1", ""};
    int node = path(fdt, "/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/leaf");

    assert_true(node > 0);
    assert_int_equal(fdt_index_depth(fdt, node), 11);
    for (size_t i = 0; i < sizeof(up) / sizeof(up[0]); i++) {
        int len;
        node = fdt_index_parent(fdt, node);
        assert_string_equal(fdt_index_name(fdt, node, &len), up[i]);
    }
    assert_int_equal(node, 0);
    assert_int_equal(fdt_index_parent(fdt, 0), -FDT_ERR_NOTFOUND);
    assert_int_equal(fdt_index_parent(fdt, 1), -FDT_ERR_BADOFFSET);
    free(fdt);
}

/* The earliest string of the list wins over tree order; disabled ("disabled",
 * "fail-sss") nodes never match, "ok" and "okay" do. */
static void compatible_priority_beats_tree_order(void **state)
{
    void *fdt = load_checked_dtb("index");
    static const char *const a_b_any[] = {"vendor,uart-a", "vendor,uart-b", "vendor,uart", NULL};
    static const char *const b_any[] = {"vendor,uart-b", "vendor,uart", NULL};
    static const char *const any[] = {"vendor,uart", NULL};
    static const char *const none[] = {"vendor,none", NULL};

    assert_int_equal(fdt_index_find_compatible(fdt, a_b_any), path(fdt, "/soc/serial@5000"));
    assert_int_equal(fdt_index_find_compatible(fdt, b_any), path(fdt, "/soc/serial@3000"));
    assert_int_equal(fdt_index_find_compatible(fdt, any), path(fdt, "/soc/serial@2000"));
    assert_int_equal(fdt_index_find_compatible(fdt, none), -FDT_ERR_NOTFOUND);
    assert_false(fdt_index_is_enabled(fdt, path(fdt, "/soc/serial@1000")));
    assert_false(fdt_index_is_enabled(fdt, path(fdt, "/soc/serial@4000")));
    assert_true(fdt_index_is_enabled(fdt, path(fdt, "/soc/serial@5000")));
    assert_true(fdt_index_is_memory_type(fdt, path(fdt, "/mem-controller@0")));
    /* "/memory" finds memory@40000000: the bare "memory" is its sibling */
    int memory = fdt_index_next_sibling(fdt, path(fdt, "/memory"));
    int len;
    assert_string_equal(fdt_index_name(fdt, memory, &len), "memory");
    assert_false(fdt_index_is_memory_type(fdt, memory));
    assert_true(fdt_index_is_memory_type(fdt, path(fdt, "/memory")));
    free(fdt);
}

/* A lookup on another tree, or on one that grew in place, rebuilds. */
static void index_follows_the_tree_it_is_asked_about(void **state)
{
    void *a = load_checked_dtb("index"), *b = load_checked_dtb("qemu-virt-gicv3");

    assert_true(path(a, "/soc/serial@2000") > 0);
    assert_int_equal(path(b, "/soc/serial@2000"), -FDT_ERR_NOTFOUND);
    assert_int_equal(path(b, "/pl011@9000000"), fdt_path_offset(b, "/pl011@9000000"));
    assert_int_equal(path(b, "/added"), -FDT_ERR_NOTFOUND);
    assert_true(fdt_add_subnode(b, 0, "added") > 0);
    assert_int_equal(path(b, "/added"), fdt_path_offset(b, "/added"));
    assert_true(path(a, "/soc/serial@2000") > 0);
    free(a);
    free(b);
}

/* A tree of nodes generated with libfdt's sequential writer: a memory node
 * (so discovery succeeds), then children children of the root, each
 * nested `nest` deep; /chosen comes last. */
static void *generated_tree(unsigned children, unsigned nest)
{
    size_t size = 256 + (size_t)children * nest * 64;
    void *fdt = calloc(1, size);
    fdt32_t reg[2] = {cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x1000000)};

    assert_non_null(fdt);
    assert_int_equal(fdt_create(fdt, (int)size), 0);
    assert_int_equal(fdt_finish_reservemap(fdt), 0);
    assert_int_equal(fdt_begin_node(fdt, ""), 0);
    assert_int_equal(fdt_property_u32(fdt, "#address-cells", 1), 0);
    assert_int_equal(fdt_property_u32(fdt, "#size-cells", 1), 0);
    assert_int_equal(fdt_begin_node(fdt, "memory@40000000"), 0);
    assert_int_equal(fdt_property(fdt, "reg", reg, sizeof(reg)), 0);
    assert_int_equal(fdt_end_node(fdt), 0);
    for (unsigned i = 0; i < children; i++) {
        char name[16];
        snprintf(name, sizeof(name), "n%u", i);
        for (unsigned d = 0; d < nest; d++)
            assert_int_equal(fdt_begin_node(fdt, d ? "d" : name), 0);
        assert_int_equal(fdt_property_string(fdt, "compatible", "test,node"), 0);
        for (unsigned d = 0; d < nest; d++)
            assert_int_equal(fdt_end_node(fdt), 0);
    }
    assert_int_equal(fdt_begin_node(fdt, "chosen"), 0);
    assert_int_equal(fdt_property_string(fdt, "bootargs", "late"), 0);
    assert_int_equal(fdt_end_node(fdt), 0);
    assert_int_equal(fdt_end_node(fdt), 0);
    assert_int_equal(fdt_finish(fdt), 0);
    assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
    return fdt;
}

static const struct uart_driver *const uarts[] = {&pl011_driver, NULL};

/* Past FDT_INDEX_MAX_NODES the rest of the tree is not seen: one warning
 * naming the limit, and discovery goes on with what was indexed. */
static void nodes_past_the_limit_warn_once_and_are_ignored(void **state)
{
    void *fdt = generated_tree(FDT_INDEX_MAX_NODES + 100, 1);
    char last[32];
    struct platform p;

    memset(&p, 0, sizeof(p));
    kprintf_shim_reset();
    assert_int_equal(fdt_platform_discover(fdt, &p, uarts), STATUS_SUCCESS);
    assert_int_equal(p.ram_count, 1);
    assert_string_equal(p.bootargs, "");
    snprintf(last, sizeof(last), "than %u nodes", FDT_INDEX_MAX_NODES);
    assert_true(kprintf_shim_contains(last));
    assert_true(kprintf_shim_contains("FDT_INDEX_MAX_NODES"));
    assert_null(
        strstr(strstr(kprintf_shim_log(), "FDT_INDEX_MAX_NODES") + 1, "FDT_INDEX_MAX_NODES"));
    assert_int_equal(fdt_index_count(fdt), FDT_INDEX_MAX_NODES);
    /* root, memory, then n0 .. n(MAX - 3) */
    snprintf(last, sizeof(last), "/n%u", FDT_INDEX_MAX_NODES - 3);
    assert_int_equal(path(fdt, last), fdt_path_offset(fdt, last));
    snprintf(last, sizeof(last), "/n%u", FDT_INDEX_MAX_NODES - 2);
    assert_true(fdt_path_offset(fdt, last) > 0);
    assert_int_equal(path(fdt, last), -FDT_ERR_NOTFOUND);
    assert_int_equal(path(fdt, "/chosen"), -FDT_ERR_NOTFOUND);
    free(fdt);
}

static void deep_nesting_is_walked_without_recursion(void **state)
{
    const unsigned nest = 3000;
    void *fdt = generated_tree(1, nest);
    char *deep = malloc(4 + nest * 2);
    struct platform p;
    int node;

    assert_non_null(deep);
    strcpy(deep, "/n0");
    for (unsigned d = 1; d < nest; d++)
        strcat(deep, "/d");
    node = path(fdt, deep);
    assert_int_equal(node, fdt_path_offset(fdt, deep));
    assert_int_equal(fdt_index_depth(fdt, node), nest);
    for (unsigned d = 0; d < nest; d++)
        node = fdt_index_parent(fdt, node);
    assert_int_equal(node, 0);
    assert_int_equal(path(fdt, "/chosen"), fdt_path_offset(fdt, "/chosen"));

    memset(&p, 0, sizeof(p));
    kprintf_shim_reset();
    assert_int_equal(fdt_platform_discover(fdt, &p, uarts), STATUS_SUCCESS);
    assert_string_equal(p.bootargs, "late");
    free(deep);
    free(fdt);

    /* deeper than the limit: only the first FDT_INDEX_MAX_NODES levels */
    fdt = generated_tree(1, FDT_INDEX_MAX_NODES + 10);
    kprintf_shim_reset();
    assert_int_equal(fdt_platform_discover(fdt, &p, uarts), STATUS_SUCCESS);
    assert_true(kprintf_shim_contains("FDT_INDEX_MAX_NODES"));
    assert_int_equal(fdt_index_count(fdt), FDT_INDEX_MAX_NODES);
    free(fdt);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_agrees_with_libfdt_on_every_node),
        cmocka_unit_test(path_lookup_matches_unit_addresses_like_libfdt),
        cmocka_unit_test(alias_to_a_relative_path_is_refused),
        cmocka_unit_test(phandle_lookup_prefers_phandle_over_linux_phandle),
        cmocka_unit_test(parent_chain_leads_to_the_root),
        cmocka_unit_test(compatible_priority_beats_tree_order),
        cmocka_unit_test(index_follows_the_tree_it_is_asked_about),
        cmocka_unit_test(nodes_past_the_limit_warn_once_and_are_ignored),
        cmocka_unit_test(deep_nesting_is_walked_without_recursion),
    };

    if (argc > 1)
        dtb_dir = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
