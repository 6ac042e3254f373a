/* spec 7.9 proxy_smc: `svc #1` from the root PD forwards an SMC to
 * platform firmware for the services the spec lists; anything else, or a
 * call from another PD, is an exception (event 0x15, SVC). Firmware that
 * does not implement a call answers SMCCC NOT_SUPPORTED; where the SMC
 * itself is undefined (QEMU's built-in PSCI, EL3 without firmware) the
 * kernel turns the undefined-instruction exception into the same answer. */
#include "arch.h"
#include "cpu.h"
#include "ec.h"
#include "event.h"
#include "pd.h"
#include "smc.h"

#define SMCCC_NOT_SUPPORTED UINT64_MAX /* -1 */
#define SERVICE(id) (((id) >> 24) & 0x3f)
#define FUNCTION(id) ((id)&0xffff)
#define EVENT_SVC64 0x15

void smc_forward(uint64_t regs[18]);
extern char smc_forward_insn[];

static bool is_forwarded(uint64_t id)
{
    unsigned service = SERVICE(id), function = FUNCTION(id);
    if (service == 0x2 || (service >= 0x30 && service <= 0x3f))
        return true; /* SIP, trusted applications, trusted OS: all */
    return service == 0x4 && ((function >= 0x50 && function <= 0x5f) ||  /* TRNG */
                              (function >= 0x130 && function <= 0x13f)); /* PCI */
}

void smc_proxy(struct ec *ec)
{
    if (!ec->pd->is_root || !is_forwarded(ec->regs.x[0] & 0xffffffff)) {
        event_send(ec, EVENT_SVC64);
        return;
    }
    uint64_t regs[18];
    for (unsigned i = 0; i < 18; i++)
        regs[i] = ec->regs.x[i];
    smc_forward(regs);
    for (unsigned i = 0; i < 18; i++)
        ec->regs.x[i] = regs[i];
}

bool smc_fixup(struct arch_regs *frame, uint64_t esr)
{
    if ((esr >> 26) != 0 || frame->elr != (uintptr_t)smc_forward_insn)
        return false;
    frame->x[0] = SMCCC_NOT_SUPPORTED;
    frame->elr += 4;
    return true;
}
