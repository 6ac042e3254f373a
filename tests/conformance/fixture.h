/* Fixed selectors and host-virtual pages the checks use. Selectors below
 * RT_SEL_FIRST are the root task's to place (novart/sel.h); the pages lie in
 * a 1 GiB region above the runtime's mapping window (novart/mem.h). */
#ifndef CONFORMANCE_FIXTURE_H
#define CONFORMANCE_FIXTURE_H

#include <novart/rt.h>
#include <stdbool.h>
#include <stdint.h>

#define PMM_ALL 0x1fu

/* Object-space selectors, set up by fixture_init(). */
#define FX_NULL 0x01u                      /* never written: a null capability */
#define FX_NOVA_HST 0x10u                  /* NOVA host space, TAKE */
#define FX_ROOT_HST 0x11u                  /* root host space, GRANT | TAKE */
#define FX_ROOT_OBJ_GRANT 0x12u            /* root object space, GRANT only */
#define FX_ROOT_OBJ_TAKE 0x13u             /* root object space, TAKE only */
#define FX_ROOT_HST_GRANT 0x14u            /* root host space, GRANT only */
#define FX_ROOT_HST_TAKE 0x15u             /* root host space, TAKE only */
#define FX_PD_WITHOUT(bit) (0x18u + (bit)) /* root PD, every permission but 1 << bit */
#define FX_PD_ONLY(bit) (0x20u + (bit))    /* root PD, only 1 << bit */
#define FX_SCRATCH 0x40u                   /* 0x40..0x7f: copies that are probed, then revoked */
#define FX_OBJ 0x80u                       /* 0x80..0xff: objects the checks create */

/* Host-virtual page numbers, two apart so that each mapping has a guard page. */
#define FX_HVA_BASE UINT64_C(0x6800000000)
#define FX_VPN(i) ((FX_HVA_BASE >> 12) + 2u * (i))
#define FX_VA(vpn) ((volatile uint64_t *)(uintptr_t)((uint64_t)(vpn) << 12))
#define HIP_VPN (NOVA_HIP_HVA >> 12)
#define UTCB_VPN (NOVA_UTCB_HVA >> 12)

/* The root ELF's first byte, mapped R X at its link address (root.ld). */
extern const uint8_t __ehdr_start[];

/* A page of the root task's own data, mapped RW at its link address. */
extern volatile uint64_t fx_probe_page[512];

/* Copies the spaces and PD variants above into their selectors; every copy is a check. */
void fixture_init(void);

/* Physical address of a root-task address, from the root ELF's program
 * headers and HIP ROOT Start Address (spec 6.2.1); 0 if not in a segment. */
uint64_t fixture_phys(const volatile void *va);

/* Whether sel in the root object space holds a null capability: create_sm
 * into sel succeeds only then (spec 5.3.5); the SM made is revoked again. */
bool fixture_is_null(uint64_t sel);

/* Makes sel null: delegates the null capability FX_NULL over it (spec 5.4.1). */
void fixture_revoke(uint64_t sel);

/* The permissions of the capability at sel in the object space src_space:
 * each bit delegated alone (pmm = 1 << bit) into FX_SCRATCH, which is null
 * exactly when the capability lacks that bit (spec 5.4.1). */
unsigned fixture_perms(uint64_t src_space, uint64_t sel);

/* Maps the physical page pa at vpn in the root host space with ctrl_pd. */
enum nova_status fixture_map(uint64_t pa, uint64_t vpn, unsigned perm);

#endif
