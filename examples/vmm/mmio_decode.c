/* mmio_decode: data-abort syndromes of guest MMIO accesses (mmio_decode.h). */
#include "mmio_decode.h"

static uint64_t size_mask(unsigned size) { return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1; }

enum mmio_status mmio_decode(uint64_t esr, uint64_t far, uint64_t hpfar, struct mmio_access *access)
{
    uint32_t iss = (uint32_t)esr;

    if (((esr >> MMIO_ESR_EC_SHIFT) & 0x3f) != MMIO_ESR_EC_DABT_LOW)
        return MMIO_ERR_NOT_DATA_ABORT;
    /* S1PTW and CM are valid whatever ISV says; check them first so the
     * report names the real cause. */
    if (iss & MMIO_ESR_S1PTW)
        return MMIO_ERR_STAGE1_WALK;
    if (iss & MMIO_ESR_CM)
        return MMIO_ERR_CACHE_MAINT;
    if (!(iss & MMIO_ESR_ISV))
        return MMIO_ERR_NO_SYNDROME;
    if (iss & MMIO_ESR_FNV)
        return MMIO_ERR_FAR_NOT_VALID;

    access->ipa = ((hpfar & MMIO_HPFAR_FIPA_MASK) << 8) | (far & 0xfff);
    access->size = 1u << ((iss >> MMIO_ESR_SAS_SHIFT) & 3);
    access->reg = (iss >> MMIO_ESR_SRT_SHIFT) & 31;
    access->is_write = (iss & MMIO_ESR_WNR) != 0;
    access->sign_extend = (iss & MMIO_ESR_SSE) != 0;
    access->reg_is_64 = (iss & MMIO_ESR_SF) != 0;
    access->acq_rel = (iss & MMIO_ESR_AR) != 0;
    access->insn_len = (iss & MMIO_ESR_IL) ? 4 : 2;
    return MMIO_OK;
}

const char *mmio_status_str(enum mmio_status status)
{
    switch (status) {
    case MMIO_OK:
        return "ok";
    case MMIO_ERR_NOT_DATA_ABORT:
        return "not a data abort from a lower exception level";
    case MMIO_ERR_NO_SYNDROME:
        return "no instruction syndrome (ISV=0): the instruction cannot be emulated";
    case MMIO_ERR_STAGE1_WALK:
        return "stage-1 page table walk outside guest RAM (S1PTW=1)";
    case MMIO_ERR_CACHE_MAINT:
        return "cache maintenance on an emulated device (CM=1)";
    case MMIO_ERR_FAR_NOT_VALID:
        return "faulting address not valid (FnV=1)";
    }
    return "unknown status";
}

uint64_t mmio_store_value(const uint64_t gprs[31], const struct mmio_access *access)
{
    if (access->reg == MMIO_REG_XZR)
        return 0;
    return gprs[access->reg] & size_mask(access->size);
}

void mmio_complete_read(uint64_t gprs[31], const struct mmio_access *access, uint64_t value)
{
    unsigned bits = 8 * access->size;

    if (access->reg == MMIO_REG_XZR)
        return;
    value &= size_mask(access->size);
    if (access->sign_extend && bits < 64 && (value >> (bits - 1)) & 1)
        value |= ~size_mask(access->size);
    if (!access->reg_is_64)
        value &= 0xffffffffull;
    gprs[access->reg] = value;
}
