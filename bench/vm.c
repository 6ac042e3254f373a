/* Virtual machine rows (docs/bench.md): a guest (vm_guest.S) at EL1 with
 * a VMM handler in this PD on CPU 0.
 *   vm_exit:   guest `hvc` -> handler (MTD GPR in, nothing out) -> guest
 *   vm_inject: virtual timer expiry -> VIRTUAL TIMER event -> the handler
 *              puts PPI 11 in a list register -> the guest's IRQ handler
 * The guest times both with CNTVCT_EL0 and reports through `hvc`. GICv3
 * only (the guest uses the system-register interface). */
#include <libfdt.h>
#include <nova/utcb.h>
#include <novart/fdt.h>
#include <novart/spawn.h>
#include "bench.h"

#define GUEST_BASE 0x40000000u
#define GUEST_ORDER 4 /* 64 KiB */
#define EVT_BASE 0x3000u
#define LR_VTIMER (27ull | 0xa0ull << 48 | 1ull << 60 | 1ull << 62)

extern const char bench_guest[], bench_guest_end[];
uint64_t vm_handler_stack[512] __attribute__((aligned(16)));
static uint64_t handler_utcb, sel_gst, sel_done, iterations;
static uint64_t exit_ticks, inject_ticks;

void vm_handler(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
RT_ENTRY(vm_handler_entry, vm_handler_stack + 512, vm_handler);

void vm_handler(uint64_t pid, uint64_t mtd)
{
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)handler_utcb;
    (void)mtd;
    if (pid == HIP_SEL_GST_ARCH) { /* STARTUP */
        u->x[0] = iterations;
        u->elr_el2 = GUEST_BASE;
        u->spsr_el2 = 0x3c5;
        u->sel_gst = sel_gst;
        nova_ipc_reply(MTD_GPR | MTD_EL2_ELR_SPSR | MTD_SPACES);
    }
    if (pid == HIP_SEL_GST_ARCH + 2) { /* VIRTUAL TIMER */
        u->lr[0] = LR_VTIMER;
        nova_ipc_reply(MTD_GIC);
    }
    if (u->x[0] == 1)
        exit_ticks = u->x[1];
    else if (u->x[0] == 2)
        inject_ticks = u->x[1];
    if (u->x[0] == 3) {
        nova_ctrl_sm(sel_done, 0, 0);
        nova_ipc_reply(MTD_POISON);
    }
    nova_ipc_reply(0);
}

static void must(enum nova_status s, const char *what)
{
    if (s != STATUS_SUCCESS)
        bench_fail(what, s);
}

/* Guest RAM: the last 64 KiB of the first RAM bank (free with the bench's
 * memory size), from the NOVA host space so that the guest may execute it. */
static void guest_ram(const void *dt)
{
    uint64_t base, size, nova_hst = rt_sel_alloc(0);
    if (!rt_fdt_first_ram(dt, &base, &size))
        bench_fail("vm: no memory node", 0);
    uint64_t pa = base + size - (4096u << GUEST_ORDER);
    uint8_t *ram = rt_map_phys(pa, 1u << GUEST_ORDER, RT_MAD_MEMORY, PERM_MEM_R | PERM_MEM_W);
    if (!ram)
        bench_fail("vm: map guest RAM", rt_map_status());
    for (long i = 0; i < bench_guest_end - bench_guest; i++)
        ram[i] = (uint8_t)bench_guest[i];
    must(nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_HST, nova_hst, 0, 0x1f, 0),
         "vm: NOVA host space");
    must(nova_create_pd(sel_gst, CREATE_PD_OP_GST, SEL_ROOT_PD), "vm: create guest space");
    must(nova_ctrl_pd(nova_hst, sel_gst, pa >> 12, GUEST_BASE >> 12, GUEST_ORDER,
                      PERM_MEM_R | PERM_MEM_W | PERM_MEM_XU | PERM_MEM_XS, RT_MAD_MEMORY),
         "vm: ctrl_pd guest RAM");
}

void vm_bench(const void *dt, uint64_t n)
{
    uint64_t handler = rt_sel_alloc(0), vcpu = rt_sel_alloc(0), sc = rt_sel_alloc(0);
    uint64_t hvp = rt_utcb_alloc();
    static const unsigned events[] = {0x16, HIP_SEL_GST_ARCH, HIP_SEL_GST_ARCH + 2};
    static const uint32_t mtds[] = {MTD_GPR, 0, MTD_GIC};
    sel_gst = rt_sel_alloc(0);
    sel_done = rt_sel_alloc(0);
    iterations = n;
    handler_utcb = hvp << 12;
    guest_ram(dt);
    must(nova_create_sm(sel_done, SEL_ROOT_PD, 0), "vm: create_sm");
    must(nova_create_ec(handler, 0, SEL_ROOT_PD, hvp, 0, 0, 0), "vm: handler EC");
    for (unsigned i = 0; i < 3; i++) {
        must(
            nova_create_pt(EVT_BASE + events[i], SEL_ROOT_PD, handler, (uintptr_t)vm_handler_entry),
            "vm: create_pt");
        must(nova_ctrl_pt(EVT_BASE + events[i], events[i], mtds[i]), "vm: ctrl_pt");
    }
    must(nova_create_ec(vcpu, CREATE_EC_GUEST, SEL_ROOT_PD, 0, 0, 0, EVT_BASE), "vm: vCPU");
    must(nova_create_sc(sc, SEL_ROOT_PD, vcpu, SCD(1000, 1, 0)), "vm: vCPU SC");
    must(nova_ctrl_sm(sel_done, CTRL_SM_DOWN, rt_stc_now() + rt_hip->stc_freq * 600),
         "vm: guest done");
    bench_report("vm_exit", exit_ticks, n, 4);
    bench_report("vm_inject", inject_ticks, n, 0);
}
