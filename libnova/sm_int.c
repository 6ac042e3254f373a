/* Interrupt semaphores (spec 6.1.3.1) and assign_int (spec 5.5.2).
 *
 * Interrupt pin p has its semaphore at SEL_NOVA_INT_BASE + p of the NOVA
 * object space (root.c), with the permissions ASSIGN and CTRL_DN. A pin
 * starts masked and unassigned. When it fires, its semaphore gets an up. A
 * level-triggered pin is masked from that moment until its driver waits
 * again: a ctrl_sm down that finds the counter at 0, i.e. after the driver
 * has taken, and served, every signal. The line is then quiet or means a
 * new interrupt. (A down that takes a count leaves the pin masked: the
 * driver is about to serve that signal.) An edge-triggered pin stays
 * unmasked; its signals are counted. A driver that dies leaves a level pin
 * masked.
 *
 * A guest-owned pin (G=1) is never masked by its signal: the GIC leaves
 * it active (the kernel only drops the priority), so it cannot fire again
 * until a vCPU of the PD that assigned it deactivates it, through a list
 * register with the HW bit its VMM put there (arch/aarch64/ec_guest.c).
 * Assigning the pin again clears the active state a dead guest left. */
#include <nova/hypercall.h>
#include "console.h"
#include "create.h"
#include "ec.h"
#include "kmem.h"
#include "pd.h"
#include "sm.h"

static struct sm *ints; /* one per pin, never freed */
static unsigned int_count;

struct sm *sm_int_create(unsigned count)
{
    if (!count)
        return NULL;
    ints = kmem_alloc((size_t)count * sizeof(*ints));
    if (!ints)
        return NULL;
    int_count = count;
    for (unsigned pin = 0; pin < count; pin++) {
        /* one reference of its own: the semaphore outlives every capability */
        kobject_init(&ints[pin].obj, KOBJ_SM);
        ints[pin].is_int = true;
        ints[pin].pin = pin;
    }
    return ints;
}

bool sm_interrupt(unsigned pin)
{
    if (pin >= int_count)
        return false;
    struct sm *sm = &ints[pin];
    /* Routing is the GIC's job; say so if it did not do it (a pin may come
     * once more to its old CPU while assign_int moves it). */
    if (sm->assigned && sm->cpu != arch_cpu_id())
        kprintf("NOVA: warning: interrupt pin %u taken on CPU %u, routed to CPU %u\n", pin,
                arch_cpu_id(), sm->cpu);
    if (sm->level && !sm->guest) {
        arch_int_mask(pin, true);
        sm->held = true;
    }
    if (sm->wait_head || sm->counter != UINT64_MAX)
        sm_up(sm);
    return sm->guest;
}

bool sm_int_guest_owned(unsigned pin, const struct pd *pd)
{
    return pin < int_count && ints[pin].guest && ints[pin].guest_pd == pd->serial;
}

status_t sm_int_down(struct ec *ec, struct sm *sm)
{
    if (!sm->assigned || sm->cpu != ec->cpu)
        return STATUS_BAD_CPU;
    if (sm->held && !sm->counter) {
        sm->held = false;
        if (sm->enabled)
            arch_int_mask(sm->pin, false);
    }
    return STATUS_SUCCESS;
}

/* spec 5.5.2. Pins are wired interrupts: dev is ignored and msi_addr and
 * msi_data return 0. The GIC's SPIs are active-high or rising-edge only,
 * so P=1 answers BAD_FTR; so does G=1 where the GIC has no virtual CPU
 * interface or cannot split priority drop from deactivation. The caller's
 * PD becomes the pin's guest owner: its vCPUs may deactivate it. */
__rare status_t hc_assign_int(struct ec *ec, struct arch_regs *r)
{
    unsigned flags = (arch_regs_arg(r, 0) & HC_FLAGS_MASK) >> HC_FLAGS_SHIFT;
    struct sm *sm =
        (struct sm *)cap_object(ec, arch_regs_arg(r, 0) >> HC_ARG_SHIFT, KOBJ_SM, PERM_SM_ASSIGN);
    uint64_t cpu = arch_regs_arg(r, 1);
    if (!sm || !sm->is_int)
        return STATUS_BAD_CAP;
    if (cpu >= ec_cpu_count)
        return STATUS_BAD_CPU;
    bool guest = flags & ASSIGN_INT_GUEST;
    if ((flags & ASSIGN_INT_ACTIVE_LOW) || (guest && !arch_int_guest_capable()))
        return STATUS_BAD_FTR;
    arch_int_mask(sm->pin, true);
    sm->guest = guest;
    sm->guest_pd = guest ? ec->pd->serial : 0;
    sm->level = flags & ASSIGN_INT_LEVEL;
    sm->enabled = !(flags & ASSIGN_INT_MASK);
    sm->cpu = (uint16_t)cpu;
    sm->held = false;
    sm->assigned = true;
    arch_int_config(sm->pin, (unsigned)cpu, sm->level);
    if (sm->enabled)
        arch_int_mask(sm->pin, false);
    arch_regs_set(r, 1, 0);
    arch_regs_set(r, 2, 0);
    return STATUS_SUCCESS;
}
