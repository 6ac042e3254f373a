/* Boot manifest lookup. The header is mapped first, to learn the size, and
 * then the whole table; both stay mapped (virtual space is plentiful). */
#include <novart/manifest.h>
#include <novart/mem.h>
#include <stdbool.h>
#include <string.h>

static bool entries_are_valid(const struct manifest *m)
{
    for (uint32_t i = 0; i < m->count; i++) {
        const struct manifest_entry *e = &m->entry[i];

        if (strnlen(e->name, MANIFEST_NAME_MAX) == MANIFEST_NAME_MAX)
            return false;
        if (e->phys + e->size < e->phys)
            return false;
    }
    return true;
}

const struct manifest *rt_manifest(uint64_t paddr)
{
    const struct manifest *m;
    uint64_t size;

    if (!paddr)
        return NULL;
    m = rt_map_range(paddr, sizeof(*m), RT_MAD_MEMORY, PERM_MEM_R);
    if (!m || m->magic != MANIFEST_MAGIC || m->version != MANIFEST_VERSION || m->phys != paddr)
        return NULL;
    size = m->size;
    if (size > RT_MANIFEST_MAX_SIZE ||
        size < sizeof(*m) + (uint64_t)m->count * sizeof(struct manifest_entry))
        return NULL;
    m = rt_map_range(paddr, size, RT_MAD_MEMORY, PERM_MEM_R);
    return m && entries_are_valid(m) ? m : NULL;
}

const void *rt_module_map(const struct manifest_entry *e)
{
    if (!e->size)
        return NULL;
    return rt_map_range(e->phys, e->size, RT_MAD_MEMORY, PERM_MEM_R);
}
