/* PSCI calls over SMC or HVC, SMC Calling Convention (Arm DEN 0028):
 * function ID in W0, arguments in X1-X3, result in X0; X4-X17 may be
 * clobbered by SMCCC v1.0 firmware. */
#include "console.h"
#include "cpu.h"
#include "psci.h"

#define PSCI_0_2_VERSION 0x84000000u
#define PSCI_0_2_CPU_ON_64 0xc4000003u
#define PSCI_0_2_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_SYSTEM_RESET 0x84000009u

/* Set by psci_init() on the boot CPU; read-only afterwards. */
static enum psci_method method;

#define PSCI_CALL(insn, fn, a1, a2, a3)                                                            \
    ({                                                                                             \
        register uint64_t x0_ __asm__("x0") = (fn);                                                \
        register uint64_t x1_ __asm__("x1") = (a1);                                                \
        register uint64_t x2_ __asm__("x2") = (a2);                                                \
        register uint64_t x3_ __asm__("x3") = (a3);                                                \
        __asm__ volatile(insn " #0"                                                                \
                         : "+r"(x0_), "+r"(x1_), "+r"(x2_), "+r"(x3_)                              \
                         :                                                                         \
                         : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",  \
                           "x15", "x16", "x17", "memory");                                         \
        x0_;                                                                                       \
    })

/* Every PSCI function returns a 32-bit value in W0. */
static int32_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    switch (method) {
    case PSCI_SMC:
        return (int32_t)PSCI_CALL("smc", fn, a1, a2, a3);
    case PSCI_HVC:
        return (int32_t)PSCI_CALL("hvc", fn, a1, a2, a3);
    default:
        return PSCI_E_NOT_SUPPORTED;
    }
}

void psci_init(enum psci_method m)
{
    unsigned el = (unsigned)(sysreg_read(CurrentEL) >> 2) & 3;

    method = m;
    if (m == PSCI_HVC && el >= 2) {
        kprintf("psci: warning: HVC conduit unusable at EL%u, PSCI disabled\n", el);
        method = PSCI_NONE;
    }
    if (method == PSCI_NONE)
        return;
    int32_t version = psci_call(PSCI_0_2_VERSION, 0, 0, 0);
    if (version < 0) {
        kprintf("psci: warning: PSCI_VERSION failed (%d), PSCI disabled\n", (int)version);
        method = PSCI_NONE;
        return;
    }
    kprintf("psci: version %u.%u via %s\n", (unsigned)version >> 16, (unsigned)version & 0xffff,
            method == PSCI_SMC ? "smc" : "hvc");
}

void psci_system_off(void) { psci_call(PSCI_0_2_SYSTEM_OFF, 0, 0, 0); }

void psci_system_reset(void) { psci_call(PSCI_0_2_SYSTEM_RESET, 0, 0, 0); }

int psci_cpu_on(uint64_t mpidr, uint64_t entry_pa, uint64_t ctx)
{
    return psci_call(PSCI_0_2_CPU_ON_64, mpidr, entry_pa, ctx);
}
