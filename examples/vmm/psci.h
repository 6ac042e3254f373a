/* psci: the guest's firmware interface, as the VMM answers its HVC calls:
 * PSCI 1.0 (Arm DEN 0022) over SMCCC 1.1 (Arm DEN 0028).
 *
 * The module keeps each vCPU's power state and acts through the VMM's
 * callbacks. vCPU k has MPIDR k in Aff0 (bit 31, RES1, set as VMPIDR_EL2
 * has it); the guest names CPUs by their affinity fields.
 *
 * A struct psci is owned by one VMM thread, or the VMM serialises the calls
 * (CPU_ON reads and writes another vCPU's state). */
#ifndef PSCI_H
#define PSCI_H

#include <stdbool.h>
#include <stdint.h>

/* Function IDs (DEN 0022 5.1, DEN 0028 7). SMC32 IDs; the SMC64 form sets bit 30. */
#define PSCI_FN_SMC64 0x40000000u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_MIGRATE 0x84000005u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_MIGRATE_INFO_UP_CPU 0x84000007u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_CPU_SUSPEND_64 (PSCI_CPU_SUSPEND | PSCI_FN_SMC64)
#define PSCI_CPU_ON_64 (PSCI_CPU_ON | PSCI_FN_SMC64)
#define PSCI_AFFINITY_INFO_64 (PSCI_AFFINITY_INFO | PSCI_FN_SMC64)
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define SMCCC_ARCH_SOC_ID 0x80000002u
#define SMCCC_ARCH_WORKAROUND_1 0x80008000u
#define SMCCC_ARCH_WORKAROUND_2 0x80007fffu
#define SMCCC_ARCH_WORKAROUND_3 0x80003fffu

/* Return codes (DEN 0022 5.2.2); SMCCC's NOT_SUPPORTED is the same -1. */
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT (-7)
#define PSCI_RET_DISABLED (-8)
#define PSCI_RET_INVALID_ADDRESS (-9)

/* Versions as returned: major in bits 31:16, minor in 15:0. */
#define PSCI_VERSION_1_0 0x10000u
#define SMCCC_VERSION_1_1 0x10001u

/* AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2

/* MIGRATE_INFO_TYPE: no Trusted OS that needs migration. */
#define PSCI_MIGRATE_TYPE_NOT_PRESENT 2

#define PSCI_MPIDR_RES1 (1u << 31)
#define PSCI_MAX_VCPUS 64u

enum psci_vcpu_state { PSCI_VCPU_OFF, PSCI_VCPU_ON, PSCI_VCPU_ON_PENDING };

/* The VMM's side. A NULL callback makes its functions NOT_SUPPORTED (also
 * in PSCI_FEATURES). */
struct psci_ops {
    /* Start vCPU `vcpu` at `entry` (EL1h, MMU off) with x0 = `context`.
     * Return false if the VMM cannot (INTERNAL_FAILURE to the guest). The
     * vCPU stays ON_PENDING until the VMM calls psci_vcpu_started(). */
    bool (*cpu_on)(void *ctx, unsigned vcpu, uint64_t entry, uint64_t context);
    /* `vcpu` called CPU_OFF: stop running it. */
    void (*cpu_off)(void *ctx, unsigned vcpu);
    void (*system_off)(void *ctx);
    void (*system_reset)(void *ctx);
    /* Optional: false for an entry point the guest cannot execute (for
     * CPU_ON: INVALID_ADDRESS). NULL accepts any address. */
    bool (*entry_is_valid)(void *ctx, uint64_t entry);
};

struct psci {
    const struct psci_ops *ops;
    void *ctx;
    unsigned nr_vcpus;
    uint8_t state[PSCI_MAX_VCPUS]; /* enum psci_vcpu_state */
};

/* vCPU 0 starts ON, the others OFF. Returns false for 0 or more than
 * PSCI_MAX_VCPUS vCPUs. */
bool psci_init(struct psci *psci, unsigned nr_vcpus, const struct psci_ops *ops, void *ctx);

/* Handles the call vCPU `vcpu` made with x[0] = function ID and x[1..3] the
 * arguments; writes the results into x[0] (x[1..3] are left as they were:
 * no function here returns more than x0). Returns true if the vCPU resumes
 * after its HVC, false if it does not (CPU_OFF, SYSTEM_OFF, SYSTEM_RESET
 * succeeded: the callback has been called). */
bool psci_call(struct psci *psci, unsigned vcpu, uint64_t x[4]);

/* The VMM entered vCPU `vcpu` after cpu_on(): ON_PENDING -> ON. */
void psci_vcpu_started(struct psci *psci, unsigned vcpu);

enum psci_vcpu_state psci_vcpu_state(const struct psci *psci, unsigned vcpu);

/* The MPIDR value (as VMPIDR_EL2 holds it) of vCPU `vcpu`. */
uint64_t psci_vcpu_mpidr(unsigned vcpu);

#endif
