/* Boot manifest: libnova's table of the modules an image carries.
 * Not part of the NOVA spec; the root task receives its physical address in
 * X2 (see docs/boot-manifest.md). The manifest and every module start on a
 * 4 KiB page, so the root task maps them with ctrl_pd from the NOVA host
 * space like any other memory. */
#ifndef NOVA_MANIFEST_H
#define NOVA_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define MANIFEST_MAGIC 0x5453464e4d564f4eull /* "NOVMNFST" */
#define MANIFEST_VERSION 1u
#define MANIFEST_NAME_MAX 48u /* bytes, including the terminating NUL */

struct manifest_entry {
    char name[MANIFEST_NAME_MAX];
    uint64_t phys; /* physical address of the module's first byte */
    uint64_t size; /* in bytes */
};

struct manifest {
    uint64_t magic;
    uint32_t version;
    uint32_t count; /* number of entries that follow */
    uint64_t phys;  /* physical address of this manifest */
    uint64_t size;  /* bytes of manifest, entries included */
    struct manifest_entry entry[];
};

_Static_assert(sizeof(struct manifest_entry) == 64, "manifest entry layout");
_Static_assert(offsetof(struct manifest, entry) == 32, "manifest layout");

#endif
