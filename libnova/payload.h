/* The payload the image builder appends to the kernel: root task ELF,
 * modules, boot manifest and the image's configuration (docs/image-format.md).
 *
 * Layout (all offsets from the start of this header, every part 4 KiB
 * aligned): header | manifest | root ELF | module 0 | module 1 | ...
 * The builder writes manifest entry `phys` fields as offsets from the
 * header; the kernel adds the payload's physical address once at boot.
 * The header is kernel-private; the manifest is ABI (nova/manifest.h). */
#ifndef LIBNOVA_PAYLOAD_H
#define LIBNOVA_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#define PAYLOAD_MAGIC 0x314744494d564f4eull /* "NOVMIDG1" */
#define PAYLOAD_VERSION 1u
#define PAYLOAD_CMDLINE_MAX 256u

struct payload_header {
    uint64_t magic;
    uint32_t version;
    uint32_t header_size; /* sizeof(struct payload_header) */
    uint64_t total_size;  /* bytes from this header to the end of the last module */
    uint64_t kmem_size;   /* kernel memory pool in bytes; 0: kernel default */
    uint64_t root_offset; /* root task ELF */
    uint64_t root_size;
    uint64_t manifest_offset; /* 0 when the image has no modules */
    uint64_t manifest_size;
    char cmdline[PAYLOAD_CMDLINE_MAX]; /* NUL-terminated */
};

_Static_assert(offsetof(struct payload_header, cmdline) == 64, "payload layout");
_Static_assert(sizeof(struct payload_header) == 320, "payload layout");

/* Defined by the builder's payload object in section .payload; absent
 * (NULL) in a kernel linked without a root task (legacy launch). */
extern const struct payload_header image_payload __attribute__((weak));

#endif
