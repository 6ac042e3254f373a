/* Loading the trees tests/unit/dts/ compiles, for the FDT unit tests. */
#ifndef TESTS_UNIT_DTB_LOAD_H
#define TESTS_UNIT_DTB_LOAD_H

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#define EDIT_SLACK 4096 /* room for a test to edit the tree in place */

/* Where the .dtb files are: the test's first argument, or ".". */
static const char *dtb_dir = ".";

/* The compiled tree name.dtb, with EDIT_SLACK bytes of room for edits. */
static void *load_dtb(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.dtb", dtb_dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *blob = calloc(1, (size_t)size + EDIT_SLACK);
    assert_non_null(blob);
    assert_int_equal(fread(blob, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_int_equal(fdt_open_into(blob, blob, (int)size + EDIT_SLACK), 0);
    return blob;
}

#endif
