/* Hypercall wrappers for user mode (spec 5, calling convention spec 7.8).
 *
 * X0 carries the hypercall number in [3:0], its flags in [7:4] and the first
 * selector or descriptor in [63:8]; the status comes back in X0[7:0]. The
 * kernel saves and restores every register the spec does not name as an
 * output, so each wrapper tells the compiler only about the outputs. */
#ifndef NOVART_HYPERCALL_H
#define NOVART_HYPERCALL_H

#include <nova/hypercall.h>
#include <stdint.h>

static inline uint64_t nova_hc_id(enum nova_hypercall hc, unsigned flags, uint64_t arg)
{
    return arg << HC_ARG_SHIFT | ((uint64_t)flags << HC_FLAGS_SHIFT & HC_FLAGS_MASK) |
           ((uint64_t)hc & HC_NUMBER_MASK);
}

/* One svc #0: X0..X4 in; X0 (status), X1 and X2 may come back changed. */
static inline enum nova_status nova_svc(uint64_t id, uint64_t *x1, uint64_t *x2, uint64_t x3,
                                        uint64_t x4)
{
    register uint64_t r0 __asm__("x0") = id;
    register uint64_t r1 __asm__("x1") = *x1;
    register uint64_t r2 __asm__("x2") = *x2;
    register uint64_t r3 __asm__("x3") = x3;
    register uint64_t r4 __asm__("x4") = x4;

    __asm__ volatile("svc #0" : "+r"(r0), "+r"(r1), "+r"(r2) : "r"(r3), "r"(r4) : "memory");
    *x1 = r1;
    *x2 = r2;
    return (enum nova_status)(r0 & 0xff);
}

/* spec 5.2.1: flags IPC_CALL_TIMEOUT; *mtd in: request MTD, out: reply MTD */
static inline enum nova_status nova_ipc_call(uint64_t pt, unsigned flags, uint32_t *mtd)
{
    uint64_t x1 = *mtd, x2 = 0;
    enum nova_status s = nova_svc(nova_hc_id(HC_IPC_CALL, flags, pt), &x1, &x2, 0, 0);

    *mtd = (uint32_t)x1;
    return s;
}

/* spec 5.2.2: does not return; the next call through a portal bound to this
 * EC enters at that portal's IP with X0 = PID and X1 = MTD. */
static inline __attribute__((noreturn)) void nova_ipc_reply(uint32_t mtd)
{
    register uint64_t r0 __asm__("x0") = nova_hc_id(HC_IPC_REPLY, 0, 0);
    register uint64_t r1 __asm__("x1") = mtd;

    __asm__ volatile("svc #0" : : "r"(r0), "r"(r1) : "memory");
    __builtin_unreachable();
}

/* spec 5.3.1: op is one of CREATE_PD_OP_* */
static inline enum nova_status nova_create_pd(uint64_t sel, unsigned op, uint64_t pd)
{
    uint64_t x1 = pd, x2 = 0;
    return nova_svc(nova_hc_id(HC_CREATE_PD, op, sel), &x1, &x2, 0, 0);
}

/* spec 5.3.2: flags CREATE_EC_*; hvp = page number of the UTCB (vAPIC page) */
static inline enum nova_status nova_create_ec(uint64_t sel, unsigned flags, uint64_t pd,
                                              uint64_t hvp, unsigned cpu, uint64_t sp, uint64_t evt)
{
    uint64_t x1 = pd, x2 = hvp << 12 | (cpu & 0xfffu);
    return nova_svc(nova_hc_id(HC_CREATE_EC, flags, sel), &x1, &x2, sp, evt);
}

/* spec 5.3.3: scd is the Scheduling Context Descriptor (spec 4.5) */
static inline enum nova_status nova_create_sc(uint64_t sel, uint64_t pd, uint64_t ec, uint64_t scd)
{
    uint64_t x1 = pd, x2 = ec;
    return nova_svc(nova_hc_id(HC_CREATE_SC, 0, sel), &x1, &x2, scd, 0);
}

/* spec 5.3.4 */
static inline enum nova_status nova_create_pt(uint64_t sel, uint64_t pd, uint64_t ec, uint64_t ip)
{
    uint64_t x1 = pd, x2 = ec;
    return nova_svc(nova_hc_id(HC_CREATE_PT, 0, sel), &x1, &x2, ip, 0);
}

/* spec 5.3.5 */
static inline enum nova_status nova_create_sm(uint64_t sel, uint64_t pd, uint64_t cnt)
{
    uint64_t x1 = pd, x2 = cnt;
    return nova_svc(nova_hc_id(HC_CREATE_SM, 0, sel), &x1, &x2, 0, 0);
}

/* spec 5.4.1: ssb and dsb are selectors (page numbers for host spaces) */
static inline enum nova_status nova_ctrl_pd(uint64_t src, uint64_t dst, uint64_t ssb, uint64_t dsb,
                                            unsigned ord, unsigned pmm, uint32_t mad)
{
    uint64_t x1 = dst;
    uint64_t x2 = ssb << CTRL_PD_SEL_SHIFT | (ord & CTRL_PD_ORD_MASK);
    uint64_t x3 = dsb << CTRL_PD_SEL_SHIFT | (pmm & CTRL_PD_PMM_MASK);
    return nova_svc(nova_hc_id(HC_CTRL_PD, 0, src), &x1, &x2, x3, mad);
}

/* spec 5.4.2: flags CTRL_EC_STRONG */
static inline enum nova_status nova_ctrl_ec(uint64_t ec, unsigned flags)
{
    uint64_t x1 = 0, x2 = 0;
    return nova_svc(nova_hc_id(HC_CTRL_EC, flags, ec), &x1, &x2, 0, 0);
}

/* spec 5.4.3: *stc receives the SC's consumed time in STC ticks */
static inline enum nova_status nova_ctrl_sc(uint64_t sc, uint64_t *stc)
{
    uint64_t x1 = 0, x2 = 0;
    enum nova_status s = nova_svc(nova_hc_id(HC_CTRL_SC, 0, sc), &x1, &x2, 0, 0);

    *stc = x1;
    return s;
}

/* spec 5.4.4 */
static inline enum nova_status nova_ctrl_pt(uint64_t pt, uint64_t pid, uint32_t mtd)
{
    uint64_t x1 = pid, x2 = mtd;
    return nova_svc(nova_hc_id(HC_CTRL_PT, 0, pt), &x1, &x2, 0, 0);
}

/* spec 5.4.5: flags CTRL_SM_DOWN, CTRL_SM_ZERO; stc = absolute timeout, 0: none */
static inline enum nova_status nova_ctrl_sm(uint64_t sm, unsigned flags, uint64_t stc)
{
    uint64_t x1 = stc, x2 = 0;
    return nova_svc(nova_hc_id(HC_CTRL_SM, flags, sm), &x1, &x2, 0, 0);
}

/* spec 5.5.1: op is CTRL_HW_OP_*, desc its descriptor */
static inline enum nova_status nova_ctrl_hw(unsigned op, uint64_t desc)
{
    uint64_t x1 = 0, x2 = 0;
    return nova_svc(nova_hc_id(HC_CTRL_HW, op, desc), &x1, &x2, 0, 0);
}

/* spec 5.5.2: flags ASSIGN_INT_*; dev = authorized MSI device (SID);
 * msi_addr and msi_data may be NULL */
static inline enum nova_status nova_assign_int(uint64_t sm, unsigned flags, unsigned cpu,
                                               uint16_t dev, uint32_t *msi_addr, uint16_t *msi_data)
{
    uint64_t x1 = cpu, x2 = dev;
    enum nova_status s = nova_svc(nova_hc_id(HC_ASSIGN_INT, flags, sm), &x1, &x2, 0, 0);

    if (msi_addr)
        *msi_addr = (uint32_t)x1;
    if (msi_data)
        *msi_data = (uint16_t)x2;
    return s;
}

/* spec 5.5.3: smmu = page number of the SMMU's physical address;
 * dad = Device Assignment Descriptor (spec 7.7.6) */
static inline enum nova_status nova_assign_dev(uint64_t dma, uint64_t smmu, uint64_t dad)
{
    uint64_t x1 = smmu << 12, x2 = dad;
    return nova_svc(nova_hc_id(HC_ASSIGN_DEV, 0, dma), &x1, &x2, 0, 0);
}

#endif
