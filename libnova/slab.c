/* Object caches over the buddy allocator.
 *
 * A request is rounded up to the smallest size class that holds it. A slab
 * is one buddy block of the class's order: a struct slab header, then
 * objects of the class size; free objects form a singly linked list through
 * their first bytes. A cache lists its slabs that have a free object; full
 * slabs are found again from the object address (rounded down to the slab
 * size, buddy blocks being aligned to their size). A slab that empties goes
 * back to the buddy allocator at once, so the pool's free bytes return
 * exactly to their former value when every object is freed.
 *
 * Protected by the kmem lock (kmem.c); all loops are bounded by the class
 * count or by the objects in one slab. */
#include <string.h>
#include "buddy.h"
#include "console.h"
#include "slab.h"

struct slab {
    struct slab *next, *prev; /* the cache's list of slabs with a free object */
    void *free;               /* first free object */
    uint32_t used;            /* objects handed out */
    uint32_t class;           /* index in caches[] */
};

#define SLAB_HEADER ALIGN_UP(sizeof(struct slab), SLAB_ALIGN)

struct slab_cache {
    uint32_t size;     /* object size, a multiple of SLAB_ALIGN */
    uint32_t order;    /* buddy order of one slab */
    uint32_t per_slab; /* objects in one slab */
    struct slab *partial;
};

/* Sizes about 1.5x apart; orders chosen so that a slab holds at least 10
 * objects and wastes under 7% of its block. */
static struct slab_cache caches[] = {
    {.size = 16},
    {.size = 32},
    {.size = 48},
    {.size = 64},
    {.size = 96},
    {.size = 128},
    {.size = 192},
    {.size = 256},
    {.size = 384},
    {.size = 512, .order = 1},
    {.size = 768, .order = 1},
    {.size = 1024, .order = 2},
    {.size = 1536, .order = 2},
    {.size = 2048, .order = 3},
};

_Static_assert(sizeof(struct slab) <= SLAB_HEADER, "slab header");

static struct slab_cache *cache_for(size_t size)
{
    for (unsigned i = 0; i < ARRAY_SIZE(caches); i++)
        if (size <= caches[i].size)
            return &caches[i];
    return NULL;
}

void slab_init(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(caches); i++) {
        struct slab_cache *c = &caches[i];
        c->per_slab = (uint32_t)(((PAGE_SIZE << c->order) - SLAB_HEADER) / c->size);
        c->partial = NULL;
    }
}

static void list_add(struct slab_cache *c, struct slab *s)
{
    s->prev = NULL;
    s->next = c->partial;
    if (c->partial)
        c->partial->prev = s;
    c->partial = s;
}

static void list_del(struct slab_cache *c, struct slab *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        c->partial = s->next;
    if (s->next)
        s->next->prev = s->prev;
}

static struct slab *slab_create(struct slab_cache *c)
{
    struct slab *s = buddy_alloc(c->order);
    if (!s)
        return NULL;
    s->class = (uint32_t)(c - caches);
    char *obj = (char *)s + SLAB_HEADER;
    for (uint32_t i = 0; i < c->per_slab; i++, obj += c->size)
        *(void **)obj = i + 1 < c->per_slab ? obj + c->size : NULL;
    s->free = (char *)s + SLAB_HEADER;
    list_add(c, s);
    return s;
}

void *slab_alloc(size_t size)
{
    if (!size || size > BUDDY_BLOCK_MAX)
        return NULL;
    struct slab_cache *c = cache_for(size);
    if (!c)
        return buddy_alloc(buddy_order_for(size));
    struct slab *s = c->partial ? c->partial : slab_create(c);
    if (!s)
        return NULL;
    void *obj = s->free;
    s->free = *(void **)obj;
    if (++s->used == c->per_slab)
        list_del(c, s);
    memset(obj, 0, c->size);
    return obj;
}

/* The slab holding p, after checking that p is an object of cache c that
 * is handed out. */
static struct slab *slab_of(struct slab_cache *c, void *p)
{
    struct slab *s = (struct slab *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE << c->order);
    uintptr_t off = (uintptr_t)p - (uintptr_t)s;
    if (off < SLAB_HEADER || (off - SLAB_HEADER) % c->size ||
        (off - SLAB_HEADER) / c->size >= c->per_slab || s->class != (uint32_t)(c - caches) ||
        !s->used)
        panic("kmem_free: %p is not a %u-byte object", p, c->size);
    uint32_t n = 0;
    for (void *f = s->free; f && n < c->per_slab; f = *(void **)f, n++)
        if (f == p)
            panic("kmem_free: %p is already free", p);
    return s;
}

void slab_free(void *p, size_t size)
{
    if (!size || size > BUDDY_BLOCK_MAX)
        panic("kmem_free: %p with size %lu", p, (unsigned long)size);
    struct slab_cache *c = cache_for(size);
    if (!c) {
        buddy_free(p, buddy_order_for(size));
        return;
    }
    struct slab *s = slab_of(c, p);
    bool was_full = s->used == c->per_slab;
    *(void **)p = s->free;
    s->free = p;
    s->used--;
    if (!s->used) {
        if (!was_full)
            list_del(c, s);
        buddy_free(s, c->order);
    } else if (was_full) {
        list_add(c, s);
    }
}
