/* System register values and bits used by the aarch64 kernel (Arm ARM
 * D13/D17). Shared by assembly and C, so plain #defines only. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##ull
#endif

#define KERNEL_VA_BASE 0x0000ff8000000000
#define LINEAR_MAP_BASE 0x0000ff0000000000 /* all RAM, VA = base + PA */
#define LINEAR_MAP_SIZE 0x0000008000000000 /* 512 GiB */
#define DEVICE_MAP_BASE 0x0000fe8000000000 /* MMIO windows, bump-allocated */

/* SCR_EL3 */
#define SCR_NS (1 << 0)
#define SCR_RES1 (3 << 4)
#define SCR_SMD (1 << 7)
#define SCR_HCE (1 << 8)
#define SCR_RW (1 << 10)

/* SPSR */
#define PSR_MODE_EL0T 0x0
#define PSR_MODE_EL1H 0x5
#define PSR_MODE_EL2H 0x9
#define PSR_MODE_EL1T 0x4
#define PSR_MODE_MASK 0x1f
#define PSR_IL (1 << 20)
#define PSR_DAIF (0xf << 6)

/* HCR_EL2 */
#define HCR_VM (1 << 0)
#define HCR_SWIO (1 << 1)
#define HCR_FMO (1 << 3)
#define HCR_IMO (1 << 4)
#define HCR_AMO (1 << 5)
#define HCR_PTW (1 << 2)
#define HCR_BSU_INNER (1 << 10)
#define HCR_FB (1 << 9)
#define HCR_DC (1 << 12)
#define HCR_TWI (1 << 13)
#define HCR_TWE (1 << 14)
#define HCR_TID0 (1 << 15)
#define HCR_TID3 (1 << 18)
#define HCR_TSC (1 << 19)
#define HCR_TIDCP (1 << 20)
#define HCR_TACR (1 << 21)
#define HCR_TSW (1 << 22)
#define HCR_TVM (1 << 26)
#define HCR_TDZ (1 << 28)
#define HCR_TRVM (1 << 30)
#define HCR_TGE (1 << 27)
#define HCR_RW (UL(1) << 31)

/* MAIR: attribute indices used in page tables */
#define MAIR_IDX_DEV_nGnRnE 0
#define MAIR_IDX_NORMAL_WB 1
#define MAIR_IDX_NORMAL_NC 2
#define MAIR_IDX_DEV_nGnRE 3
#define MAIR_VALUE 0x000000000444ff00

/* TCR_EL2 (non-VHE): T0SZ=16, IRGN0=ORGN0=WBWA, SH0=inner, TG0=4K, RES1 31,23 */
#define TCR_EL2_VALUE 0x80803510
/* TCR_EL1: the same for TTBR0, TTBR1 walks disabled (EPD1) */
#define TCR_EL1_VALUE 0x00803510

/* SCTLR_EL2: M, C, SA, I + RES1 bits */
#define SCTLR_EL2_VALUE 0x30c5183d
/* SCTLR_EL1: M, C, SA, I + RES1 bits */
#define SCTLR_EL1_VALUE 0x30d0199d

/* MDCR_EL2: trap EL1 (and EL0) PMU control, PMU, OS lock, debug and
 * debug ROM register accesses to EL2 */
#define MDCR_EL2_TPMCR (1 << 5)
#define MDCR_EL2_TPM (1 << 6)
#define MDCR_EL2_TDOSA (1 << 10)
#define MDCR_EL2_TDA (1 << 9)
#define MDCR_EL2_TDRA (1 << 11)

/* CPTR_EL2 (non-VHE) RES1 bits; TFP (bit 10) clear = FP not trapped */
#define CPTR_EL2_RES1 0x33ff
#define CPTR_EL2_TFP (1 << 10)

#define CPACR_FPEN (3 << 20)

/* ID_AA64MMFR0_EL1.PARange encoding of 48 bits: the most libnova uses */
#define PARANGE_48 5

/* Stage-1 descriptor bits */
#define PTE_VALID (1 << 0)
#define PTE_TABLE 0x3
#define PTE_BLOCK 0x1
#define PTE_PAGE 0x3
#define PTE_ATTR(idx) ((idx) << 2)
#define PTE_AP_RW_EL2 (1 << 6) /* AP[1]: RES1 in the EL2 regime */
#define PTE_SH_INNER (3 << 8)
#define PTE_AF (1 << 10)
#define PTE_XN (UL(1) << 54)
#define PTE_BOOT_BLOCK (PTE_BLOCK | PTE_ATTR(MAIR_IDX_NORMAL_WB) | PTE_SH_INNER | PTE_AF)

#endif
