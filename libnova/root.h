/* The NOVA spaces (spec 6.1.3) and the root PD (spec 6.2, 7.1.2). */
#ifndef LIBNOVA_ROOT_H
#define LIBNOVA_ROOT_H

#include "ec.h"

struct nova_hip;

struct root_boot {
    paddr_t elf; /* root task ELF, page aligned */
    uint64_t elf_size;
    unsigned bsp;     /* CPU that runs the root EC */
    unsigned cpus;    /* CPUs online: one idle SC each */
    uint64_t arg[3];  /* X0..X2 for the root EC */
    paddr_t hip;      /* HIP page */
    unsigned pa_bits; /* physical address size: NOVA host space selectors */
};

/* Build the NOVA spaces and the root PD; returns the root EC or NULL after
 * printing why on the console. */
struct ec *root_create(const struct root_boot *boot) __boot;

#endif
