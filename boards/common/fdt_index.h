/* A node index of a flattened device tree, built in one pass so discovery
 * does not walk the tree once per lookup (each libfdt path, phandle,
 * parent or compatible lookup is a pass of its own). Boot CPU only.
 *
 * Every function takes and returns libfdt node offsets; negative results
 * are libfdt error codes. The index is built on the first lookup on a
 * tree and rebuilt when the tree pointer or its block sizes change;
 * fdt_index_build() forces a rebuild (after an edit in place). */
#ifndef BOARDS_FDT_INDEX_H
#define BOARDS_FDT_INDEX_H

#include <stdbool.h>
#include <stdint.h>

/* Nodes indexed at most, 32 bytes of .bss each. Large SoC trees in Linux
 * have about 2,000; the rest of a bigger tree is invisible to discovery,
 * with one warning. */
#define FDT_INDEX_MAX_NODES 4096

/* Index the tree at fdt, which fdt_check_full() has accepted. */
void fdt_index_build(const void *fdt);

/* Number of nodes indexed (at most FDT_INDEX_MAX_NODES). */
unsigned fdt_index_count(const void *fdt);

/* The node at path (len bytes, need not be NUL-terminated), as
 * fdt_path_offset_namelen() finds it: a leading alias from /aliases,
 * repeated '/' skipped, and a component without '@' also matches the first
 * child named "<component>@<unit-address>". */
int fdt_index_path_namelen(const void *fdt, const char *path, int len);
int fdt_index_path(const void *fdt, const char *path);

/* The first node whose phandle (or linux,phandle) is phandle. */
int fdt_index_phandle(const void *fdt, uint32_t phandle);

/* Name of node (len bytes, NUL-terminated in the blob); NULL if the node
 * is not indexed. */
const char *fdt_index_name(const void *fdt, int node, int *len);

/* Parent of node; -FDT_ERR_NOTFOUND for the root. */
int fdt_index_parent(const void *fdt, int node);

/* Depth of node, the root being 0. */
int fdt_index_depth(const void *fdt, int node);

/* Children of node in tree order: the first, then each one's next. */
int fdt_index_first_child(const void *fdt, int node);
int fdt_index_next_sibling(const void *fdt, int node);

#define fdt_index_for_each_child(child, fdt, parent)                                               \
    for ((child) = fdt_index_first_child((fdt), (parent)); (child) >= 0;                           \
         (child) = fdt_index_next_sibling((fdt), (child)))

/* False if node's status is present and neither "okay" nor "ok". */
bool fdt_index_is_enabled(const void *fdt, int node);

/* True if node's device_type is "memory". */
bool fdt_index_is_memory_type(const void *fdt, int node);

/* The enabled node compatible with the earliest string of the
 * NULL-terminated list, the first in tree order among equals. */
int fdt_index_find_compatible(const void *fdt, const char *const *compatibles);

/* The status rule, for a status property of len bytes (NULL if absent). */
bool fdt_index_status_is_okay(const char *status, int len);

#endif
