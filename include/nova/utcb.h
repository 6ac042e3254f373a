/* User Thread Control Block (spec 4.3) and Message Transfer Descriptor
 * (spec 4.4, aarch64 bits 7.7.4). A UTCB is one 4 KiB page: 512 message
 * words for regular IPC, or the architectural layout of spec 7.7.3 for
 * exceptions and intercepts. */
#ifndef NOVA_UTCB_H
#define NOVA_UTCB_H

#include <stddef.h>
#include <stdint.h>

#define UTCB_WORDS 512u

/* spec 4.4.1: regular MTD = number of message words - 1 in bits 8..0 */
#define MTD_WORDS_MASK 0x1ffu
#define MTD_WORDS(mtd) (((mtd)&MTD_WORDS_MASK) + 1)

/* spec 7.7.4: architectural MTD bits */
#define MTD_POISON (1u << 0)
#define MTD_ICI (1u << 1)
#define MTD_GPR (1u << 2)
#define MTD_FPR (1u << 3)
#define MTD_EL0_SP (1u << 4)
#define MTD_EL0_IDR (1u << 5)
#define MTD_A32_SPSR (1u << 7)
#define MTD_A32_DIH (1u << 8)
#define MTD_EL1_SP (1u << 10)
#define MTD_EL1_IDR (1u << 11)
#define MTD_EL1_ELR_SPSR (1u << 12)
#define MTD_EL1_ESR_FAR (1u << 13)
#define MTD_EL1_AFSR (1u << 14)
#define MTD_EL1_TTBR (1u << 15)
#define MTD_EL1_TCR (1u << 16)
#define MTD_EL1_MAIR (1u << 17)
#define MTD_EL1_VBAR (1u << 18)
#define MTD_EL1_SCTLR (1u << 19)
#define MTD_EL1_MDSCR (1u << 20)
#define MTD_EL2_HCR (1u << 23)
#define MTD_EL2_IDR (1u << 24)
#define MTD_EL2_ELR_SPSR (1u << 25)
#define MTD_EL2_ESR_FAR (1u << 26)
#define MTD_EL2_HPFAR (1u << 27)
#define MTD_TMR (1u << 29)
#define MTD_GIC (1u << 30)
#define MTD_SPACES (1u << 31)

/* spec 4.5: scheduling context descriptor */
#define SCD(budget_ms, prio, cos)                                                                  \
    ((uint64_t)(cos) << 23 | (uint64_t)(prio) << 16 | (uint64_t)(budget_ms))
#define SCD_BUDGET(scd) ((scd)&0xffffu)
#define SCD_PRIO(scd) (((scd) >> 16) & 0x7fu)
#define SCD_COS(scd) (((scd) >> 23) & 0xffffu)

/* spec 7.7.3: architectural layout (aarch64) */
struct utcb_arch {
    uint64_t x[31];
    uint64_t sp_el0;
    uint64_t tpidr_el0, tpidrro_el0;
    uint32_t spsr_abt, spsr_fiq, spsr_irq, spsr_und;
    uint32_t dacr, ifsr, hstr, reserved0;
    uint64_t sp_el1, tpidr_el1;
    uint64_t contextidr_el1, elr_el1;
    uint64_t spsr_el1, esr_el1;
    uint64_t far_el1, afsr0_el1;
    uint64_t afsr1_el1, ttbr0_el1;
    uint64_t ttbr1_el1, tcr_el1;
    uint64_t mair_el1, amair_el1;
    uint64_t vbar_el1, sctlr_el1;
    uint64_t mdscr_el1, reserved1;
    uint64_t hcr_el2, hcrx_el2;
    uint64_t vpidr_el2, vmpidr_el2;
    uint64_t elr_el2, spsr_el2;
    uint64_t esr_el2, far_el2;
    uint64_t hpfar_el2, reserved2;
    uint64_t cntv_cval_el0, cntv_ctl_el0;
    uint64_t cntkctl_el1, cntvoff_el2;
    uint64_t lr[16];
    uint32_t ap0r[4];
    uint32_t ap1r[4];
    uint32_t elrsr, vmcr;
    uint64_t reserved3;
    uint64_t sel_gst, reserved4;
};

_Static_assert(offsetof(struct utcb_arch, sp_el0) == 0x0f8, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, tpidr_el0) == 0x100, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, spsr_abt) == 0x110, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, dacr) == 0x120, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, hstr) == 0x128, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, sp_el1) == 0x130, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, contextidr_el1) == 0x140, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, spsr_el1) == 0x150, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, far_el1) == 0x160, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, afsr1_el1) == 0x170, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, ttbr1_el1) == 0x180, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, mair_el1) == 0x190, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, vbar_el1) == 0x1a0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, mdscr_el1) == 0x1b0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, hcr_el2) == 0x1c0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, vpidr_el2) == 0x1d0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, elr_el2) == 0x1e0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, esr_el2) == 0x1f0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, hpfar_el2) == 0x200, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, cntv_cval_el0) == 0x210, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, cntkctl_el1) == 0x220, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, lr) == 0x230, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, ap0r) == 0x2b0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, ap1r) == 0x2c0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, elrsr) == 0x2d0, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, vmcr) == 0x2d4, "UTCB layout");
_Static_assert(offsetof(struct utcb_arch, sel_gst) == 0x2e0, "UTCB layout");
_Static_assert(sizeof(struct utcb_arch) == 0x2f0, "UTCB layout");

#endif
