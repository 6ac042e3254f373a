/* psci: PSCI 1.0 and SMCCC 1.1 for the guest (psci.h). Section numbers are
 * those of Arm DEN 0022 (PSCI) and DEN 0028 (SMCCC). */
#include "psci.h"

#include <stddef.h>

/* The affinity fields of an MPIDR: Aff0-2 in bits 23:0, Aff3 in 39:32. SMC32
 * callers pass only Aff0-2. */
#define AFF_MASK_64 0xff00ffffffull
#define AFF_MASK_32 0x00ffffffull

/* CPU_SUSPEND power_state, original format (5.4.2): StateType bit 16. */
#define POWER_STATE_TYPE_POWERDOWN (1u << 16)

static bool is_smc64(uint32_t fn) { return (fn & PSCI_FN_SMC64) != 0; }

/* SMC32 arguments are the W registers (DEN 0028 2.6). */
static uint64_t arg(uint32_t fn, const uint64_t x[4], unsigned i)
{
    return is_smc64(fn) ? x[i] : (uint32_t)x[i];
}

/* The vCPU with these affinity fields, or -1. All vCPUs sit in Aff0 of
 * cluster 0. Bits outside the affinity fields (RES1 bit 31, U, MT) are
 * ignored, as the caller may pass an MPIDR_EL1 value. */
static int vcpu_of_mpidr(const struct psci *psci, uint32_t fn, uint64_t mpidr)
{
    uint64_t aff = mpidr & (is_smc64(fn) ? AFF_MASK_64 : AFF_MASK_32);

    if (aff >= psci->nr_vcpus)
        return -1;
    return (int)aff;
}

static bool fn_is_implemented(const struct psci *psci, uint32_t fn)
{
    const struct psci_ops *ops = psci->ops;

    switch (fn) {
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_SUSPEND_64:
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO_64:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_FEATURES:
    case SMCCC_VERSION:
    case SMCCC_ARCH_FEATURES:
        return true;
    case PSCI_CPU_ON:
    case PSCI_CPU_ON_64:
        return ops->cpu_on != NULL;
    case PSCI_CPU_OFF:
        return ops->cpu_off != NULL;
    case PSCI_SYSTEM_OFF:
        return ops->system_off != NULL;
    case PSCI_SYSTEM_RESET:
        return ops->system_reset != NULL;
    default:
        return false;
    }
}

/* 5.4.2 CPU_SUSPEND. There are no power-down states: such a request is
 * invalid. A standby may return at any wake-up event; returning at once
 * is one (the VMM sees the guest's WFI for real idling). */
static int64_t cpu_suspend(uint32_t fn, const uint64_t x[4])
{
    uint32_t power_state = (uint32_t)arg(fn, x, 1);

    if (power_state & POWER_STATE_TYPE_POWERDOWN)
        return PSCI_RET_INVALID_PARAMETERS;
    return PSCI_RET_SUCCESS;
}

/* 5.4.4 CPU_ON. OFF -> ON_PENDING, then the VMM's cpu_on(). */
static int64_t cpu_on(struct psci *psci, uint32_t fn, const uint64_t x[4])
{
    int target = vcpu_of_mpidr(psci, fn, arg(fn, x, 1));
    uint64_t entry = arg(fn, x, 2);
    uint64_t context = arg(fn, x, 3);

    if (target < 0)
        return PSCI_RET_INVALID_PARAMETERS;
    if (psci->state[target] == PSCI_VCPU_ON)
        return PSCI_RET_ALREADY_ON;
    if (psci->state[target] == PSCI_VCPU_ON_PENDING)
        return PSCI_RET_ON_PENDING;
    if (psci->ops->entry_is_valid && !psci->ops->entry_is_valid(psci->ctx, entry))
        return PSCI_RET_INVALID_ADDRESS;
    psci->state[target] = PSCI_VCPU_ON_PENDING;
    if (!psci->ops->cpu_on(psci->ctx, (unsigned)target, entry, context)) {
        psci->state[target] = PSCI_VCPU_OFF;
        return PSCI_RET_INTERNAL_FAILURE;
    }
    return PSCI_RET_SUCCESS;
}

/* 5.4.5 AFFINITY_INFO. Level 0 names one vCPU; levels 1-3 name the node
 * that holds the vCPUs with equal affinity fields above that level: ON if
 * any of them is on, else ON_PENDING if one is pending, else OFF. */
static int64_t affinity_info(const struct psci *psci, uint32_t fn, const uint64_t x[4])
{
    uint64_t mask = is_smc64(fn) ? AFF_MASK_64 : AFF_MASK_32;
    uint64_t target = arg(fn, x, 1) & mask;
    uint64_t level = arg(fn, x, 2);
    static const uint64_t above_level[4] = {0xff00ffffffull, 0xff00ffff00ull, 0xff00ff0000ull,
                                            0xff00000000ull};
    bool found = false, pending = false;

    if (level > 3)
        return PSCI_RET_INVALID_PARAMETERS;
    for (unsigned k = 0; k < psci->nr_vcpus; k++) {
        if ((psci_vcpu_mpidr(k) & above_level[level]) != (target & above_level[level]))
            continue;
        found = true;
        if (psci->state[k] == PSCI_VCPU_ON)
            return PSCI_AFFINITY_ON;
        if (psci->state[k] == PSCI_VCPU_ON_PENDING)
            pending = true;
    }
    if (!found)
        return PSCI_RET_INVALID_PARAMETERS;
    return pending ? PSCI_AFFINITY_ON_PENDING : PSCI_AFFINITY_OFF;
}

/* 5.15 PSCI_FEATURES: 0 for every implemented function. For CPU_SUSPEND
 * that also says: original power_state format, platform-coordinated mode
 * only (bits 1 and 0 clear). SMCCC_VERSION is listed here so that the
 * guest finds SMCCC 1.1 (DEN 0028 7.2.1). */
static int64_t features(const struct psci *psci, uint32_t fn, const uint64_t x[4])
{
    uint32_t queried = (uint32_t)x[1];

    (void)fn;
    return fn_is_implemented(psci, queried) ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
}

/* DEN 0028 7.3 SMCCC_ARCH_FEATURES: the Arm architecture calls are
 * SMCCC_VERSION and this one; no workaround call is offered. */
static int64_t arch_features(const uint64_t x[4])
{
    uint32_t queried = (uint32_t)x[1];

    if (queried == SMCCC_VERSION || queried == SMCCC_ARCH_FEATURES)
        return PSCI_RET_SUCCESS;
    return PSCI_RET_NOT_SUPPORTED;
}

bool psci_init(struct psci *psci, unsigned nr_vcpus, const struct psci_ops *ops, void *ctx)
{
    if (nr_vcpus == 0 || nr_vcpus > PSCI_MAX_VCPUS || ops == NULL)
        return false;
    psci->ops = ops;
    psci->ctx = ctx;
    psci->nr_vcpus = nr_vcpus;
    for (unsigned k = 0; k < PSCI_MAX_VCPUS; k++)
        psci->state[k] = PSCI_VCPU_OFF;
    psci->state[0] = PSCI_VCPU_ON;
    return true;
}

bool psci_call(struct psci *psci, unsigned vcpu, uint64_t x[4])
{
    uint32_t fn = (uint32_t)x[0]; /* the function ID is W0 */
    int64_t ret;

    if (!fn_is_implemented(psci, fn) || vcpu >= psci->nr_vcpus) {
        x[0] = (uint64_t)(int64_t)PSCI_RET_NOT_SUPPORTED;
        return true;
    }
    switch (fn) {
    case PSCI_VERSION:
        ret = PSCI_VERSION_1_0;
        break;
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_SUSPEND_64:
        ret = cpu_suspend(fn, x);
        break;
    case PSCI_CPU_OFF: /* 5.4.3: does not return on success */
        psci->state[vcpu] = PSCI_VCPU_OFF;
        psci->ops->cpu_off(psci->ctx, vcpu);
        return false;
    case PSCI_CPU_ON:
    case PSCI_CPU_ON_64:
        ret = cpu_on(psci, fn, x);
        break;
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO_64:
        ret = affinity_info(psci, fn, x);
        break;
    case PSCI_MIGRATE_INFO_TYPE:
        ret = PSCI_MIGRATE_TYPE_NOT_PRESENT;
        break;
    case PSCI_SYSTEM_OFF:
        psci->ops->system_off(psci->ctx);
        return false;
    case PSCI_SYSTEM_RESET:
        psci->ops->system_reset(psci->ctx);
        return false;
    case PSCI_FEATURES:
        ret = features(psci, fn, x);
        break;
    case SMCCC_VERSION:
        ret = SMCCC_VERSION_1_1;
        break;
    default: /* SMCCC_ARCH_FEATURES, the last implemented one */
        ret = arch_features(x);
        break;
    }
    x[0] = (uint64_t)ret;
    return true;
}

void psci_vcpu_started(struct psci *psci, unsigned vcpu)
{
    if (vcpu < psci->nr_vcpus && psci->state[vcpu] == PSCI_VCPU_ON_PENDING)
        psci->state[vcpu] = PSCI_VCPU_ON;
}

enum psci_vcpu_state psci_vcpu_state(const struct psci *psci, unsigned vcpu)
{
    if (vcpu >= psci->nr_vcpus)
        return PSCI_VCPU_OFF;
    return (enum psci_vcpu_state)psci->state[vcpu];
}

uint64_t psci_vcpu_mpidr(unsigned vcpu) { return PSCI_MPIDR_RES1 | vcpu; }
