/* The boot manifest (nova/manifest.h): the modules an image carries. */
#ifndef NOVART_MANIFEST_H
#define NOVART_MANIFEST_H

#include <nova/manifest.h>
#include <stdint.h>

/* Largest manifest rt_manifest() accepts. */
#define RT_MANIFEST_MAX_SIZE (UINT64_C(1) << 20)

/* Maps the manifest at physical address paddr (X2 at entry) read-only and
 * checks magic, version, self-address, size and entry names. NULL if paddr
 * is 0 (an image without modules) or the manifest is invalid. */
const struct manifest *rt_manifest(uint64_t paddr);

/* Maps a module's bytes read-only; NULL on failure or for an empty module. */
const void *rt_module_map(const struct manifest_entry *e);

#endif
