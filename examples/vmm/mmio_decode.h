/* mmio_decode: what a guest's MMIO access was, from the syndrome of the
 * stage-2 data abort it caused (Arm ARM D19 ESR_EL2, ISS encoding for an
 * exception from a Data Abort; HPFAR_EL2), and how to finish it: the value
 * a store writes, the register a load fills. */
#ifndef MMIO_DECODE_H
#define MMIO_DECODE_H

#include <stdbool.h>
#include <stdint.h>

/* ESR_EL2 fields. */
#define MMIO_ESR_EC_SHIFT 26
#define MMIO_ESR_EC_DABT_LOW 0x24u /* Data Abort from a lower Exception level */
#define MMIO_ESR_IL (1u << 25)
#define MMIO_ESR_ISV (1u << 24)
#define MMIO_ESR_SAS_SHIFT 22
#define MMIO_ESR_SSE (1u << 21)
#define MMIO_ESR_SRT_SHIFT 16
#define MMIO_ESR_SF (1u << 15)
#define MMIO_ESR_AR (1u << 14)
#define MMIO_ESR_FNV (1u << 10)
#define MMIO_ESR_CM (1u << 8)
#define MMIO_ESR_S1PTW (1u << 7)
#define MMIO_ESR_WNR (1u << 6)
#define MMIO_ESR_DFSC_MASK 0x3fu

/* HPFAR_EL2.FIPA holds IPA bits from 12 up in bits 4 and up: bits 39:4 in
 * Armv8.0 (IPA 47:12), 43:4 with FEAT_LPA (IPA 51:12), at most 51:4 in
 * later revisions; the unused upper bits are RES0. Bit 63 (NS) is not part
 * of the address. */
#define MMIO_HPFAR_FIPA_MASK 0x000ffffffffffff0ull

#define MMIO_REG_XZR 31u

enum mmio_status {
    MMIO_OK,
    MMIO_ERR_NOT_DATA_ABORT, /* EC is not 0x24 */
    MMIO_ERR_NO_SYNDROME,    /* ISV = 0: a load/store pair, a writeback, SIMD...; the
                                VMM cannot emulate it and stops the VM */
    MMIO_ERR_STAGE1_WALK,    /* S1PTW = 1: the guest's page tables are not in RAM */
    MMIO_ERR_CACHE_MAINT,    /* CM = 1: a cache maintenance instruction */
    MMIO_ERR_FAR_NOT_VALID,  /* FnV = 1: the offset within the page is unknown */
};

struct mmio_access {
    uint64_t ipa;      /* the faulting guest-physical address */
    unsigned size;     /* 1, 2, 4 or 8 bytes (SAS) */
    unsigned reg;      /* SRT: 0-30 for x0-x30, 31 for xzr/wzr */
    bool is_write;     /* WnR */
    bool sign_extend;  /* SSE: a load sign-extends */
    bool reg_is_64;    /* SF: the load fills Xt, not Wt */
    bool acq_rel;      /* AR: load-acquire / store-release */
    unsigned insn_len; /* 4 (A64, IL = 1) or 2: how far to advance the PC */
};

/* Decodes the access from ESR_EL2, FAR_EL2 and HPFAR_EL2 of a data abort
 * taken to EL2. Writes *access only on MMIO_OK. */
enum mmio_status mmio_decode(uint64_t esr, uint64_t far, uint64_t hpfar,
                             struct mmio_access *access);

/* A short description of a status, for the VMM's report. */
const char *mmio_status_str(enum mmio_status status);

/* The value a store writes: the source register, or 0 for xzr, cut to the
 * access size. */
uint64_t mmio_store_value(const uint64_t gprs[31], const struct mmio_access *access);

/* Completes a load: `value` (the device's data; bits above the access size
 * are ignored) goes into the target register, sign-extended if SSE, and as
 * a W register (upper 32 bits zero) if not SF. A load into xzr is dropped. */
void mmio_complete_read(uint64_t gprs[31], const struct mmio_access *access, uint64_t value);

#endif
