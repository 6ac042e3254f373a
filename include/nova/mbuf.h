/* Memory-buffer console header (spec C.1). */
#ifndef NOVA_MBUF_H
#define NOVA_MBUF_H

#include <stddef.h>
#include <stdint.h>

struct nova_mbuf {
    uint32_t rd_idx; /* advanced by the consumer */
    uint32_t wr_idx; /* advanced by the kernel only */
    char buffer[];
};

_Static_assert(offsetof(struct nova_mbuf, wr_idx) == 4, "MBUF layout");
_Static_assert(offsetof(struct nova_mbuf, buffer) == 8, "MBUF layout");

#endif
