/* The node index: one pass over the tree records each node's offset,
 * parent, next sibling, depth, name, compatible list, phandle, status and
 * device_type "memory"; lookups then read the table instead of the tree. */
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "fdt_index.h"

#define NONE (-1)

/* Names and compatible lists are kept as offsets into the blob, checked
 * against fdt_totalsize when recorded: nothing here points outside it. */
struct fdt_index_node {
    int32_t offset;          /* structure block offset, for libfdt */
    uint32_t name;           /* blob offset of the name (name_len bytes) */
    uint32_t name_len;       /* without the terminating NUL */
    uint32_t compatible;     /* blob offset of the string list */
    uint32_t compatible_len; /* 0: no compatible */
    uint32_t phandle;        /* 0: none */
    int16_t parent;          /* index; NONE for the root */
    int16_t next_sibling;    /* index; NONE for a last child */
    uint16_t depth;
    uint8_t flags;
};

#define FLAG_ENABLED 0x1 /* status absent, "okay" or "ok" */
#define FLAG_MEMORY 0x2  /* device_type = "memory" */
/* seen bit of record_property(): a 4-byte phandle met, linux,phandle no
 * longer counts */
#define PHANDLE_FINAL (1u << 8)

_Static_assert(sizeof(struct fdt_index_node) == 32, "32 bytes of .bss per node");
_Static_assert(FDT_INDEX_MAX_NODES - 1 <= INT16_MAX, "indexes fit parent and next_sibling");

/* The nodes: written before read (entries below tree.count), so they
 * live in .bss.noinit, which boot does not zero (kernel.ld): 128 KiB less
 * to clear with the MMU off. */
static struct fdt_index_node index_nodes[FDT_INDEX_MAX_NODES]
    __attribute__((section(".bss.noinit.fdt_index")));

/* Written and read by the boot CPU only, before any other CPU runs. */
static struct {
    const void *fdt;
    uint32_t size_struct, size_strings;
    unsigned count;
    unsigned last; /* the node found last: lookups often ask for it again */
    struct fdt_index_node *nodes;
} tree = {.nodes = index_nodes};

bool fdt_index_status_is_okay(const char *status, int len)
{
    if (!status)
        return true;
    if (len <= 0 || strnlen(status, (size_t)len) == (size_t)len)
        return false;
    return strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

/* p..p+len inside the blob: its offset in *off. */
static bool blob_offset(const void *fdt, const void *p, int len, uint32_t *off)
{
    uintptr_t base = (uintptr_t)fdt, at = (uintptr_t)p;
    uint32_t size = fdt_totalsize(fdt);

    if (!p || len < 0 || at < base || at - base > size || (uint32_t)len > size - (at - base))
        return false;
    *off = (uint32_t)(at - base);
    return true;
}

/* A node's name from its FDT_BEGIN_NODE tag at off, the next tag at next:
 * taken from where fdt_next_tag() found it, as fdt_get_name() would (which
 * would scan it again, a bounds-checked call per character). */
static const char *node_name(const void *fdt, int off, int next, int *len)
{
    int room = next - off - (int)FDT_TAGSIZE;
    const char *name;

    if (fdt_version(fdt) < 0x10)
        return fdt_get_name(fdt, off, len);
    if (room <= 0 || !(name = fdt_offset_ptr(fdt, off + (int)FDT_TAGSIZE, (unsigned)room)))
        return NULL;
    *len = (int)strnlen(name, (size_t)room);
    return *len < room ? name : NULL;
}

static bool prop_is(const char *name, const char *want, unsigned bit, unsigned *seen)
{
    if ((*seen & bit) || strcmp(name, want) != 0)
        return false;
    *seen |= bit;
    return true;
}

/* Record the property at off if it is one the index keeps; seen has a bit
 * per name already met, since fdt_getprop() returns the first. */
static void record_property(const void *fdt, struct fdt_index_node *n, int off, unsigned *seen)
{
    const char *name;
    int len;
    const void *value = fdt_getprop_by_offset(fdt, off, &name, &len);

    if (!value || !name)
        return;
    if (prop_is(name, "compatible", 1u << 0, seen)) {
        if (len > 0 && blob_offset(fdt, value, len, &n->compatible))
            n->compatible_len = (uint32_t)len;
    } else if (prop_is(name, "status", 1u << 1, seen)) {
        if (!fdt_index_status_is_okay(value, len))
            n->flags &= (uint8_t)~FLAG_ENABLED;
    } else if (prop_is(name, "device_type", 1u << 2, seen)) {
        if (len == sizeof("memory") && memcmp(value, "memory", (size_t)len) == 0)
            n->flags |= FLAG_MEMORY;
    } else if (prop_is(name, "phandle", 1u << 3, seen)) {
        /* fdt_get_phandle(): phandle if 4 bytes, else linux,phandle */
        if (len == 4) {
            n->phandle = fdt32_ld(value);
            *seen |= PHANDLE_FINAL;
        }
    } else if (prop_is(name, "linux,phandle", 1u << 4, seen)) {
        if (len == 4 && !(*seen & PHANDLE_FINAL))
            n->phandle = fdt32_ld(value);
    }
}

/* Parent and previous sibling of node k at depth: up from node k-1, whose
 * depth is at least depth-1 since a pass descends one level at a time. */
static void link_node(unsigned k, int depth)
{
    int x = (int)k - 1;

    while (tree.nodes[x].depth > depth)
        x = tree.nodes[x].parent;
    if (tree.nodes[x].depth == depth) {
        tree.nodes[x].next_sibling = (int16_t)k;
        tree.nodes[k].parent = tree.nodes[x].parent;
    } else {
        tree.nodes[k].parent = (int16_t)x;
    }
}

/* Node k, the FDT_BEGIN_NODE tag at off (next tag at next), at depth. */
static bool record_node(const void *fdt, unsigned k, int off, int next, int depth)
{
    struct fdt_index_node *n = &tree.nodes[k];
    int len;
    const char *name = node_name(fdt, off, next, &len);

    /* the root is at offset 0, every other node below it */
    if ((k == 0) != (off == 0) || (k == 0) != (depth == 0))
        return false;
    memset(n, 0, sizeof(*n));
    n->offset = off;
    n->depth = (uint16_t)depth;
    n->parent = n->next_sibling = NONE;
    n->flags = FLAG_ENABLED;
    if (!name || !blob_offset(fdt, name, len + 1, &n->name))
        return false;
    n->name_len = (uint32_t)len;
    if (k > 0)
        link_node(k, depth);
    return true;
}

/* One walk over the tags with fdt_next_tag(), which visits each byte of
 * the structure block once. Properties count for a node only before its
 * first child, as for fdt_getprop(). */
void fdt_index_build(const void *fdt)
{
    int off = 0, next, depth = -1, open = NONE;
    unsigned seen = 0;

    tree.fdt = fdt;
    tree.count = 0;
    tree.last = 0;
    if (!fdt)
        return;
    tree.size_struct = fdt_size_dt_struct(fdt);
    tree.size_strings = fdt_size_dt_strings(fdt);
    for (;; off = next) {
        uint32_t tag = fdt_next_tag(fdt, off, &next);

        if (tag == FDT_PROP && open != NONE) {
            record_property(fdt, &tree.nodes[open], off, &seen);
        } else if (tag == FDT_BEGIN_NODE) {
            if (tree.count == FDT_INDEX_MAX_NODES) {
                kprintf("fdt: warning: more than %u nodes, the rest ignored: raise "
                        "FDT_INDEX_MAX_NODES in boards/common/fdt_index.h\n",
                        FDT_INDEX_MAX_NODES);
                break;
            }
            if (!record_node(fdt, tree.count, off, next, ++depth))
                break;
            open = (int)tree.count++;
            seen = 0;
        } else if (tag == FDT_END_NODE) {
            open = NONE;
            if (--depth < 0)
                break;
        } else if (tag != FDT_NOP && tag != FDT_PROP) {
            break; /* FDT_END, or a malformed tag */
        }
    }
}

/* The index of fdt, built if it is of another tree (or the tree grew). */
static void ensure_built(const void *fdt)
{
    if (tree.fdt != fdt || !fdt || tree.size_struct != fdt_size_dt_struct(fdt) ||
        tree.size_strings != fdt_size_dt_strings(fdt))
        fdt_index_build(fdt);
}

/* Index of the node at offset (offsets grow in tree order), or NONE. */
static int find(const void *fdt, int offset)
{
    unsigned lo = 0, hi;

    ensure_built(fdt);
    if (tree.last < tree.count && tree.nodes[tree.last].offset == offset)
        return (int)tree.last;
    hi = tree.count;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (tree.nodes[mid].offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == tree.count || tree.nodes[lo].offset != offset)
        return NONE;
    tree.last = lo;
    return (int)lo;
}

static int offset_of(int i)
{
    if (i == NONE)
        return -FDT_ERR_NOTFOUND;
    tree.last = (unsigned)i;
    return tree.nodes[i].offset;
}

unsigned fdt_index_count(const void *fdt)
{
    ensure_built(fdt);
    return tree.count;
}

const char *fdt_index_name(const void *fdt, int node, int *len)
{
    int i = find(fdt, node);

    if (i == NONE)
        return NULL;
    *len = (int)tree.nodes[i].name_len;
    return (const char *)fdt + tree.nodes[i].name;
}

int fdt_index_parent(const void *fdt, int node)
{
    int i = find(fdt, node);

    return i == NONE ? -FDT_ERR_BADOFFSET : offset_of(tree.nodes[i].parent);
}

int fdt_index_depth(const void *fdt, int node)
{
    int i = find(fdt, node);

    return i == NONE ? -FDT_ERR_BADOFFSET : tree.nodes[i].depth;
}

int fdt_index_first_child(const void *fdt, int node)
{
    int i = find(fdt, node);

    if (i == NONE)
        return -FDT_ERR_BADOFFSET;
    if ((unsigned)i + 1 < tree.count && tree.nodes[i + 1].parent == i)
        return offset_of(i + 1);
    return -FDT_ERR_NOTFOUND;
}

int fdt_index_next_sibling(const void *fdt, int node)
{
    int i = find(fdt, node);

    return i == NONE ? -FDT_ERR_BADOFFSET : offset_of(tree.nodes[i].next_sibling);
}

bool fdt_index_is_enabled(const void *fdt, int node)
{
    int i = find(fdt, node);

    return i != NONE && (tree.nodes[i].flags & FLAG_ENABLED);
}

bool fdt_index_is_memory_type(const void *fdt, int node)
{
    int i = find(fdt, node);

    return i != NONE && (tree.nodes[i].flags & FLAG_MEMORY);
}

int fdt_index_phandle(const void *fdt, uint32_t phandle)
{
    if (phandle == 0 || phandle == UINT32_MAX)
        return -FDT_ERR_BADPHANDLE;
    ensure_built(fdt);
    for (unsigned i = 0; i < tree.count; i++)
        if (tree.nodes[i].phandle == phandle)
            return offset_of((int)i);
    return -FDT_ERR_NOTFOUND;
}

int fdt_index_find_compatible(const void *fdt, const char *const *compatibles)
{
    int best = -FDT_ERR_NOTFOUND;
    unsigned best_rank = UINT32_MAX;

    ensure_built(fdt);
    for (unsigned i = 0; i < tree.count && best_rank > 0; i++) {
        const struct fdt_index_node *n = &tree.nodes[i];
        const char *list = (const char *)fdt + n->compatible;

        if (!(n->flags & FLAG_ENABLED) || n->compatible_len == 0)
            continue;
        for (unsigned c = 0; compatibles[c] && c < best_rank; c++) {
            if (fdt_stringlist_contains(list, (int)n->compatible_len, compatibles[c])) {
                best = n->offset;
                best_rank = c;
                break;
            }
        }
    }
    return best;
}
