/* Power State Coordination Interface (Arm DEN 0022, PSCI 0.2 and later
 * function IDs) through the conduit discovery found. */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include "platform.h"

/* PSCI return codes (DEN 0022D 5.2.2) */
#define PSCI_SUCCESS 0
#define PSCI_E_NOT_SUPPORTED -1
#define PSCI_E_INVALID_PARAMETERS -2
#define PSCI_E_DENIED -3
#define PSCI_E_ALREADY_ON -4
#define PSCI_E_ON_PENDING -5
#define PSCI_E_INTERNAL_FAILURE -6
#define PSCI_E_NOT_PRESENT -7
#define PSCI_E_DISABLED -8
#define PSCI_E_INVALID_ADDRESS -9

/* Boot CPU, once. An HVC conduit is refused when the kernel itself runs
 * at EL2: the call would land in its own vectors. */
void psci_init(enum psci_method m);

/* Return only if there is no PSCI or the firmware refused. */
void psci_system_off(void);
void psci_system_reset(void);

/* Start the CPU with affinity mpidr at physical entry_pa (MMU off, at the
 * firmware's exception level), X0 = ctx. Returns a PSCI_* code;
 * PSCI_E_NOT_SUPPORTED without PSCI. */
int psci_cpu_on(uint64_t mpidr, uint64_t entry_pa, uint64_t ctx);

#endif
