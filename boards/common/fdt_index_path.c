/* Path lookup on the node index, with the rules of libfdt's
 * fdt_path_offset_namelen(), so "/memory" finds "memory@40000000" as it
 * does; only an alias must name an absolute path (as newer libfdt asks),
 * which also ends alias chains that would otherwise recurse. */
#include <libfdt.h>
#include <string.h>

#include "fdt_index.h"

/* fdt_nodename_eq_(): the whole name, or the name up to its '@' when the
 * component has no unit address. */
static bool name_matches(const char *name, int name_len, const char *s, int len)
{
    if (name_len < len || memcmp(name, s, (size_t)len) != 0)
        return false;
    if (name_len == len)
        return true;
    return name[len] == '@' && !memchr(s, '@', (size_t)len);
}

/* The first child of parent (in tree order) the component matches. */
static int child_named(const void *fdt, int parent, const char *s, int len)
{
    int child;

    fdt_index_for_each_child(child, fdt, parent)
    {
        int name_len;
        const char *name = fdt_index_name(fdt, child, &name_len);

        if (name && name_matches(name, name_len, s, len))
            return child;
    }
    return -FDT_ERR_NOTFOUND;
}

/* From node down the components of [p, end); repeated '/' are skipped. */
static int walk(const void *fdt, int node, const char *p, const char *end)
{
    while (p < end) {
        while (*p == '/') {
            if (++p == end)
                return node;
        }
        const char *q = memchr(p, '/', (size_t)(end - p));
        if (!q)
            q = end;
        node = child_named(fdt, node, p, (int)(q - p));
        if (node < 0)
            return node;
        p = q;
    }
    return node;
}

/* The absolute path /aliases gives name, or NULL. */
static const char *alias_target(const void *fdt, const char *name, int len)
{
    static const char aliases_path[] = "/aliases";
    int value_len, aliases = walk(fdt, 0, aliases_path, aliases_path + sizeof(aliases_path) - 1);
    const char *value =
        aliases >= 0 ? fdt_getprop_namelen(fdt, aliases, name, len, &value_len) : NULL;

    if (!value || value_len <= 0 || value[value_len - 1] != '\0' || value[0] != '/')
        return NULL;
    return value;
}

int fdt_index_path_namelen(const void *fdt, const char *path, int len)
{
    const char *p = path, *end = path + len;
    int node = 0;

    if (!path || len <= 0)
        return -FDT_ERR_BADPATH;
    if (fdt_index_count(fdt) == 0)
        return -FDT_ERR_NOTFOUND;
    if (*path != '/') {
        const char *q = memchr(path, '/', (size_t)len);
        if (!q)
            q = end;
        const char *target = alias_target(fdt, path, (int)(q - path));
        if (!target)
            return -FDT_ERR_BADPATH;
        node = walk(fdt, 0, target, target + strlen(target));
        if (node < 0)
            return node;
        p = q;
    }
    return walk(fdt, node, p, end);
}

int fdt_index_path(const void *fdt, const char *path)
{
    return fdt_index_path_namelen(fdt, path, path ? (int)strlen(path) : 0);
}
