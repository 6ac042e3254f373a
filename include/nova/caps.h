/* Capability permissions (spec 4.1), memory attributes (spec 7.7.5) and the
 * NOVA and root object-space selectors (spec 6.1.3.1, 6.2.3.1). */
#ifndef NOVA_CAPS_H
#define NOVA_CAPS_H

#include <stdint.h>

/* spec 4.1.2.1-4.1.2.6: space capabilities */
#define PERM_SPACE_GRANT 0x1u
#define PERM_SPACE_TAKE 0x2u
#define PERM_SPACE_ASSIGN 0x4u

/* spec 4.1.2.7: PD capability */
#define PERM_PD_PD 0x01u
#define PERM_PD_EC 0x02u
#define PERM_PD_SC 0x04u
#define PERM_PD_PT 0x08u
#define PERM_PD_SM 0x10u

/* spec 4.1.2.8: EC capability */
#define PERM_EC_CTRL 0x1u
#define PERM_EC_BIND_PT 0x4u
#define PERM_EC_BIND_SC 0x8u

/* spec 4.1.2.9-4.1.2.11 */
#define PERM_SC_CTRL 0x1u
#define PERM_PT_CTRL 0x1u
#define PERM_PT_CALL 0x2u
#define PERM_PT_EVENT 0x4u
#define PERM_SM_CTRL_UP 0x1u
#define PERM_SM_CTRL_DN 0x2u
#define PERM_SM_ASSIGN 0x10u

/* spec 4.1.3: memory capability */
#define PERM_MEM_R 0x1u
#define PERM_MEM_W 0x2u
#define PERM_MEM_XU 0x4u
#define PERM_MEM_XS 0x8u
#define PERM_MEM_ALL 0xfu

/* spec 7.7.5: memory attribute descriptor */
#define MAD_CA_SHIFT 0
#define MAD_CA_MASK 0x7u
#define MAD_SH_SHIFT 3
#define MAD_SH_MASK 0x3u

enum mad_cacheability {
    MAD_CA_DEV = 0x0,
    MAD_CA_DEV_E = 0x1,
    MAD_CA_DEV_RE = 0x2,
    MAD_CA_DEV_GRE = 0x3,
    MAD_CA_MEM_NC = 0x5,
    MAD_CA_MEM_WT = 0x6,
    MAD_CA_MEM_WB = 0x7,
};

enum mad_shareability {
    MAD_SH_NONE = 0x0,
    MAD_SH_OUTER = 0x2,
    MAD_SH_INNER = 0x3,
};

#define MAD(ca, sh) ((uint32_t)(ca) << MAD_CA_SHIFT | (uint32_t)(sh) << MAD_SH_SHIFT)

/* Number of selectors in every object space (HIP SELNUM). libnova's choice:
 * room for 2^16 interrupt semaphores above 2^16 (spec 6.1.3.1). */
#define NOVA_SELNUM 0x40000u

/* spec 6.1.3.1: NOVA object space */
#define SEL_NOVA_CONSOLE_SM (NOVA_SELNUM - 1)
#define SEL_NOVA_OBJ (NOVA_SELNUM - 2)
#define SEL_NOVA_HST (NOVA_SELNUM - 3)
#define SEL_NOVA_PIO (NOVA_SELNUM - 4)
#define SEL_NOVA_MSR (NOVA_SELNUM - 5)
#define SEL_NOVA_ROOT_OBJ (NOVA_SELNUM - 6)
#define SEL_NOVA_ROOT_HST (NOVA_SELNUM - 7)
#define SEL_NOVA_ROOT_PIO (NOVA_SELNUM - 8)
#define SEL_NOVA_INT_BASE 0x10000u

/* spec 6.2.3.1: root object space */
#define SEL_ROOT_NOVA_OBJ (NOVA_SELNUM - 1)
#define SEL_ROOT_OBJ (NOVA_SELNUM - 2)
#define SEL_ROOT_PD (NOVA_SELNUM - 3)
#define SEL_ROOT_EC (NOVA_SELNUM - 4)
#define SEL_ROOT_SC (NOVA_SELNUM - 5)

/* Host-virtual address bits on aarch64 (spec 7.4.1: 32 <= H <= 52).
 * libnova's choice: H = 39, a 3-level stage-2 table per host space. */
#define NOVA_HVA_BITS 39
#define NOVA_HVA_END (UINT64_C(1) << NOVA_HVA_BITS)
#define NOVA_PAGE_SIZE 4096u
#define NOVA_HIP_HVA (NOVA_HVA_END - NOVA_PAGE_SIZE)
#define NOVA_UTCB_HVA (NOVA_HIP_HVA - NOVA_PAGE_SIZE)

#endif
