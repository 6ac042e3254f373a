/* A root task that is a minimal VMM: it creates a guest space and a vCPU,
 * runs the guest code of guest.S at EL1 and checks every exit it takes
 * (spec 2.1.3, 2.2.2, 5.3.1 OP=3, 5.3.2 G=1, 5.4.1 host -> guest, 7.6,
 * 7.7.3, 7.7.4): STARTUP with SPACES, HVC, stage-2 data aborts for MMIO,
 * trapped WFI, SMC, MRS and debug/PMU registers, EL1 state read and written through the MTD,
 * the virtual timer delivered as an event and injected through a list
 * register, RECALL, POISON, and a pass-through device: the PL031 RTC
 * whose SPI is guest-owned (5.5.2 G=1), injected with the HW bit, so the
 * guest's end of interrupt deactivates the physical one; then a second
 * vCPU's registers across exits (regs.c). One line per check; the QEMU
 * test reads them. The vCPUs and their handlers run on CPU 1 when there is
 * one, so that the recall crosses CPUs. */
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/fdt.h>
#include <novart/mem.h>
#include <novart/spawn.h>
#include <libfdt.h>
#include "vm.h"

#define GUEST_PAGES_ORDER 4   /* 64 KiB */
#define MMIO_PAGE 0x09000000u /* unmapped: every access is an exit */
#define EVT_BASE 0x1000u
#define STACK_WORDS 1024
#define STARTUP_X0 0x57a27u
#define MTD_HANDLER                                                                                \
    (MTD_GPR | MTD_EL2_ELR_SPSR | MTD_EL2_ESR_FAR | MTD_EL2_HPFAR | MTD_EL1_IDR | MTD_EL1_VBAR |   \
     MTD_GIC | MTD_TMR)
#define ESR_ISS(esr) ((esr)&0x1ffffffu)
#define LR_PENDING(intid, prio, group)                                                             \
    ((intid) | (uint64_t)(prio) << 48 | (uint64_t)(group) << 60 | 1ull << 62)
#define GUEST_GICC 0x08010000u /* where a GICv2 guest finds its CPU interface */
#define VTIMER_INTID 27u
#define BAD_EVT_BASE 0x2000u
#define BAD_EVT_STARTUP 0x1040u /* the PID of its STARTUP portal */
#define FWD_EVT_BASE 0x3000u
#define GUEST_RTC 0x09010000u /* guest.S: the RTC at QEMU virt's address */
#define LR_HW(pintid) (1ull << 61 | (uint64_t)(pintid) << 32)
#define SPARE_VINTID 40u

extern const char guest_blob[], guest_blob_end[];

static unsigned checks, failures;

void check(bool ok, const char *name, uint64_t got)
{
    checks++;
    if (ok) {
        rt_printf("vm: ok %s\n", name);
    } else {
        failures++;
        rt_printf("vm: FAIL %s (got 0x%lx)\n", name, (unsigned long)got);
    }
}

static uint64_t handler_stack[STACK_WORDS] __attribute__((aligned(16)));
uint64_t *handler_stack_top = handler_stack + STACK_WORDS;
uint64_t handler_utcb_vpn, sel_gst, sel_step, sel_done;
unsigned gic_version, bad_startups;
uint64_t sel_not_gst;
unsigned mmio_exits, wfi_exits, smc_exits, sysreg_exits, vtimer_events, recalls, startups;
static uint64_t sel_vcpu, sel_rtc_int, sel_park;
static unsigned rtc_intid, rtc_recalls, last_step;
static volatile uint32_t rtc_pending; /* the forwarder's recall is for the RTC */
static uint64_t forwarder_stack[STACK_WORDS] __attribute__((aligned(16)));

void handler_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void handler_entry(void);
__asm__(".text\n"
        "handler_entry: adrp x16, handler_stack_top\n ldr x16, [x16, :lo12:handler_stack_top]\n"
        " mov sp, x16\n b handler_main\n");

static void on_hvc(struct utcb_arch *u, unsigned step, uint32_t *reply)
{
    last_step = step;
    switch (step) {
    case 1:
        check(u->x[0] == STARTUP_X0, "startup.gpr_reached_the_guest", u->x[0]);
        u->x[0] = 42;
        break;
    case 2:
        check(u->x[1] == 42, "hvc.reply_wrote_x0", u->x[1]);
        break;
    case 3:
        check(mmio_exits == 2 && u->x[4] == 0x1234, "mmio.read_value_reached_the_guest", u->x[4]);
        break;
    case 4:
        check(u->tpidr_el1 == 0x7117, "el1.tpidr_read", u->tpidr_el1);
        check(u->vbar_el1 == GUEST_BASE + 0x800, "el1.vbar_read", u->vbar_el1);
        u->tpidr_el1 = 0x8228;
        *reply |= MTD_EL1_IDR;
        break;
    case 5:
        check(u->x[7] == 0x8228, "el1.tpidr_written", u->x[7]);
        check(wfi_exits == 1, "wfi.trapped", wfi_exits);
        check(smc_exits == 1, "smc.trapped", smc_exits);
        break;
    case 6:
        check(sysreg_exits == 1 && u->x[8] == 0x5a5a, "sysreg.mrs_emulated", u->x[8]);
        break;
    case 7:
        check(vtimer_events >= 1, "vtimer.event_delivered", vtimer_events);
        check(u->x[21] == VTIMER_INTID, "vtimer.guest_acknowledged_the_injected_ppi", u->x[21]);
        check(u->cntv_ctl_el0 == 0, "vtimer.guest_disabled_its_timer", u->cntv_ctl_el0);
        break;
    case 10:
        check(sysreg_exits == 3 && u->x[8] == 0x5a5a, "sysreg.debug_and_pmu_registers_trap",
              sysreg_exits);
        break;
    case 8:
        nova_ctrl_sm(sel_step, 0, 0);
        break;
    case 9:
        check(recalls == 1, "recall.event_delivered", recalls);
        break;
    case 11:
        check(u->x[23] == 2 && rtc_recalls == 2,
              "passthrough.second_interrupt_after_the_guest_ended_the_first", u->x[23]);
        check(u->x[21] == rtc_intid, "passthrough.guest_acknowledged_the_device_spi", u->x[21]);
        /* the HW bit for a pin this PD does not own: refused */
        u->lr[1] = LR_PENDING(SPARE_VINTID, 0xa0, gic_version == 3) | LR_HW(rtc_intid + 1);
        *reply |= MTD_GIC;
        break;
    case 12:
        check(u->lr[1] == LR_PENDING(SPARE_VINTID, 0xa0, gic_version == 3),
              "passthrough.hw_bit_refused_for_a_pin_of_no_guest", u->lr[1]);
        u->lr[1] = 0;
        *reply |= MTD_GIC;
        break;
    case 0xff:
        *reply = MTD_POISON;
        nova_ctrl_sm(sel_done, 0, 0);
        break;
    default:
        check(false, "hvc.unexpected", step);
    }
}

/* spec 7.6.1 data abort: the fault address from HPFAR_EL2 and FAR_EL2, the
 * access from ESR_EL2's ISS (ISV, WnR, SRT). */
static void on_data_abort(struct utcb_arch *u)
{
    uint64_t ipa = (u->hpfar_el2 >> 4) << 12 | (u->far_el2 & 0xfff);
    uint32_t iss = ESR_ISS(u->esr_el2);
    bool valid = iss & (1u << 24), write = iss & (1u << 6);
    unsigned srt = (iss >> 16) & 0x1f;
    if (mmio_exits++ == 0) {
        check(valid && write && ipa == MMIO_PAGE + 4, "mmio.write_decoded", ipa);
        check(u->x[srt] == 0xabcd, "mmio.write_value", u->x[srt]);
    } else {
        check(valid && !write && ipa == MMIO_PAGE + 8, "mmio.read_decoded", ipa);
        u->x[srt] = 0x1234;
    }
    u->elr_el2 += 4;
}

void handler_main(uint64_t pid, uint64_t mtd)
{
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)(handler_utcb_vpn << 12);
    uint32_t reply = MTD_GPR | MTD_EL2_ELR_SPSR;
    (void)mtd;
    switch (pid) {
    case BAD_EVT_STARTUP: /* a vCPU given a host space as its guest space */
        bad_startups++;
        u->sel_gst = sel_not_gst;
        nova_ipc_reply(MTD_SPACES);
    case HIP_SEL_GST_ARCH: /* STARTUP: enter the guest code with its space */
        startups++;
        u->elr_el2 = GUEST_BASE;
        u->spsr_el2 = 0x3c5; /* EL1h, DAIF masked */
        u->x[0] = STARTUP_X0;
        u->x[19] = gic_version;
        u->sel_gst = sel_gst;
        reply |= MTD_SPACES;
        break;
    case HIP_SEL_GST_ARCH + 1: /* RECALL: from main(), or the RTC's forwarder */
        if (__atomic_exchange_n(&rtc_pending, 0, __ATOMIC_ACQUIRE)) {
            rtc_recalls++;
            u->lr[0] = LR_PENDING(rtc_intid, 0xa0, gic_version == 3) | LR_HW(rtc_intid);
            reply |= MTD_GIC;
            break;
        }
        recalls++;
        u->x[22] = 1;
        break;
    case HIP_SEL_GST_ARCH + 2: /* VIRTUAL TIMER: inject its PPI */
        vtimer_events++;
        /* GICv3 guests use group 1; a GICv2 guest without security, group 0 */
        u->lr[0] = LR_PENDING(VTIMER_INTID, 0xa0, gic_version == 3);
        reply |= MTD_GIC;
        break;
    case 0x01:
        wfi_exits++;
        u->elr_el2 += 4;
        break;
    case 0x16:
        on_hvc(u, ESR_ISS(u->esr_el2) & 0xffff, &reply);
        break;
    case 0x17:
        smc_exits++;
        u->elr_el2 += 4; /* a trapped SMC returns to itself */
        break;
    case 0x18: /* ISS: Rt in 9:5, direction (1: read) in 0 */
        sysreg_exits++;
        if (ESR_ISS(u->esr_el2) & 1)
            u->x[(ESR_ISS(u->esr_el2) >> 5) & 0x1f] = 0x5a5a;
        u->elr_el2 += 4;
        break;
    case 0x24:
        on_data_abort(u);
        break;
    default:
        check(false, "event.unexpected", pid);
        reply = MTD_POISON;
    }
    nova_ipc_reply(reply);
}

/* On the vCPU's CPU, above it: each RTC interrupt makes the vCPU exit,
 * and the RECALL handler injects it. */
static void rtc_forwarder(void)
{
    for (;;) {
        enum nova_status s = nova_ctrl_sm(sel_rtc_int, CTRL_SM_DOWN, 0);
        if (s != STATUS_SUCCESS) {
            check(false, "passthrough.forwarder_down", s);
            for (;;)
                nova_ctrl_sm(sel_park, CTRL_SM_DOWN, 0);
        }
        __atomic_store_n(&rtc_pending, 1, __ATOMIC_RELEASE);
        nova_ctrl_ec(sel_vcpu, 0);
    }
}

/* The RTC page goes to the guest at GUEST_RTC, its interrupt semaphore to
 * this PD, which makes the pin guest-owned on the vCPU's CPU. */
static void pass_through_rtc(const void *dt, struct rt_pd *root, uint64_t nova_hst, unsigned cpu)
{
    uint64_t pa = 0, size = 0;
    unsigned pin = 0, flags;
    int node = fdt_node_offset_by_compatible(dt, -1, "arm,pl031");
    bool found =
        node >= 0 && rt_fdt_spi(dt, node, &pin, &flags) && rt_fdt_reg(dt, node, 0, &pa, &size);
    check(found, "fdt.rtc", (uint64_t)node);
    if (!found)
        return;
    rtc_intid = 32 + pin;
    enum nova_status s = nova_ctrl_pd(nova_hst, sel_gst, pa >> 12, GUEST_RTC >> 12, 0,
                                      PERM_MEM_R | PERM_MEM_W, RT_MAD_DEVICE);
    check(s == STATUS_SUCCESS, "ctrl_pd.rtc_to_guest", s);
    sel_rtc_int = rt_sel_alloc(0);
    sel_park = rt_sel_alloc(0);
    nova_create_sm(sel_park, SEL_ROOT_PD, 0);
    nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_INT_BASE + pin, sel_rtc_int, 0, 0x1f, 0);
    s = nova_assign_int(sel_rtc_int, ASSIGN_INT_GUEST | ASSIGN_INT_LEVEL, cpu, 0, NULL, NULL);
    check(s == STATUS_SUCCESS, "assign_int.guest_owned", s);
    uint64_t ec = rt_sel_alloc(1);
    s = rt_thread_create(root, ec, cpu, rt_utcb_alloc(), forwarder_stack + STACK_WORDS,
                         rtc_forwarder, FWD_EVT_BASE);
    if (s == STATUS_SUCCESS)
        s = nova_create_sc(ec + 1, SEL_ROOT_PD, ec, SCD(10, 2, 0));
    check(s == STATUS_SUCCESS, "create.rtc_forwarder", s);
}

int main(const struct nova_hip *hip, uint64_t fdt, uint64_t x1, uint64_t manifest)
{
    (void)x1;
    (void)manifest;
    int status = rt_console_open(fdt, NULL);
    if (status != RT_EXIT_OK)
        return status;
    unsigned cpu = hip->cpu_num > 1 ? 1 : 0;
    struct rt_pd root;
    enum nova_status s = rt_pd_root(&root);
    check(s == STATUS_SUCCESS, "root_pd", s);

    /* The guest space and its RAM: the last 64 KiB of the first RAM bank
     * (free on QEMU virt with the test's memory size), from the NOVA host
     * space so that the guest may execute it. */
    sel_gst = rt_sel_alloc(0);
    s = nova_create_pd(sel_gst, CREATE_PD_OP_GST, SEL_ROOT_PD);
    check(s == STATUS_SUCCESS, "create_pd.guest_space", s);
    const void *dt = rt_fdt_map(fdt);
    uint64_t ram_base = 0, ram_size = 0;
    check(dt && rt_fdt_first_ram(dt, &ram_base, &ram_size), "fdt.memory", 0);
    uint64_t guest_pa = ram_base + ram_size - (4096u << GUEST_PAGES_ORDER);
    uint8_t *guest_ram =
        rt_map_phys(guest_pa, 1u << GUEST_PAGES_ORDER, RT_MAD_MEMORY, PERM_MEM_R | PERM_MEM_W);
    check(guest_ram != NULL, "map.guest_ram", guest_pa);
    if (!guest_ram)
        return RT_EXIT_FAILURE;
    for (size_t i = 0; i < (size_t)(guest_blob_end - guest_blob); i++)
        guest_ram[i] = (uint8_t)guest_blob[i];
    uint64_t nova_hst = rt_sel_alloc(0);
    nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_HST, nova_hst, 0, 0x1f, 0);
    s = nova_ctrl_pd(nova_hst, sel_gst, guest_pa >> 12, GUEST_BASE >> 12, GUEST_PAGES_ORDER,
                     PERM_MEM_R | PERM_MEM_W | PERM_MEM_XU | PERM_MEM_XS, RT_MAD_MEMORY);
    check(s == STATUS_SUCCESS, "ctrl_pd.host_to_guest", s);

    /* GICv2: the virtual CPU interface (GICV, the GIC node's fourth reg)
     * becomes the guest's GICC; the NOVA host space gives it to guest
     * spaces only. */
    int gic = fdt_node_offset_by_compatible(dt, -1, "arm,gic-v3");
    gic_version = gic >= 0 ? 3 : 2;
    if (gic_version == 2) {
        uint64_t gicv = 0, size = 0;
        gic = fdt_node_offset_by_compatible(dt, -1, "arm,cortex-a15-gic");
        check(gic >= 0 && rt_fdt_reg(dt, gic, 3, &gicv, &size), "fdt.gicv", 0);
        s = nova_ctrl_pd(nova_hst, sel_gst, gicv >> 12, GUEST_GICC >> 12, 1,
                         PERM_MEM_R | PERM_MEM_W, RT_MAD_DEVICE);
        check(s == STATUS_SUCCESS, "ctrl_pd.gicv_to_guest", s);
    }

    /* The VMM's handler and its event portals, on the vCPU's CPU. */
    sel_step = rt_sel_alloc(0);
    sel_done = rt_sel_alloc(0);
    nova_create_sm(sel_step, SEL_ROOT_PD, 0);
    nova_create_sm(sel_done, SEL_ROOT_PD, 0);
    uint64_t handler = rt_sel_alloc(0), vcpu = rt_sel_alloc(0), sc = rt_sel_alloc(0);
    handler_utcb_vpn = rt_utcb_alloc();
    s = nova_create_ec(handler, CREATE_EC_FPU, SEL_ROOT_PD, handler_utcb_vpn, cpu, 0, 0);
    check(s == STATUS_SUCCESS, "create_ec.handler", s);
    static const unsigned events[] = {0x01,
                                      0x16,
                                      0x17,
                                      0x18,
                                      0x24,
                                      0x20,
                                      HIP_SEL_GST_ARCH,
                                      HIP_SEL_GST_ARCH + 1,
                                      HIP_SEL_GST_ARCH + 2};
    for (unsigned i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
        nova_create_pt(EVT_BASE + events[i], SEL_ROOT_PD, handler, (uintptr_t)handler_entry);
        nova_ctrl_pt(EVT_BASE + events[i], events[i], MTD_HANDLER);
    }
    /* spec 2.2.2: SPACES must name a guest space (ASSIGN) of the vCPU's
     * PD; a host space kills the vCPU, and only it (the QEMU test reads
     * the kernel's line). */
    uint64_t bad = rt_sel_alloc(0), bad_sc = rt_sel_alloc(0), pause = rt_sel_alloc(0);
    sel_not_gst = root.hst;
    nova_create_sm(pause, SEL_ROOT_PD, 0);
    nova_create_pt(BAD_EVT_BASE + HIP_SEL_GST_ARCH, SEL_ROOT_PD, handler, (uintptr_t)handler_entry);
    nova_ctrl_pt(BAD_EVT_BASE + HIP_SEL_GST_ARCH, BAD_EVT_STARTUP, 0);
    s = nova_create_ec(bad, CREATE_EC_GUEST, SEL_ROOT_PD, 0, cpu, 0, BAD_EVT_BASE);
    if (s == STATUS_SUCCESS)
        s = nova_create_sc(bad_sc, SEL_ROOT_PD, bad, SCD(10, 1, 0));
    check(s == STATUS_SUCCESS, "create.vcpu_with_a_bad_space", s);
    nova_ctrl_sm(pause, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq / 20);
    check(bad_startups == 1, "spaces.host_space_kills_the_vcpu_after_startup", bad_startups);

    s = nova_create_ec(vcpu, CREATE_EC_GUEST, SEL_ROOT_PD, 0, cpu, 0, EVT_BASE);
    check(s == STATUS_SUCCESS, "create_ec.vcpu", s);
    sel_vcpu = vcpu;
    pass_through_rtc(dt, &root, nova_hst, cpu);
    s = nova_create_sc(sc, SEL_ROOT_PD, vcpu, SCD(10, 1, 0));
    check(s == STATUS_SUCCESS, "create_sc.vcpu", s);

    /* Step 8 says the guest spins; recall it from here. */
    s = nova_ctrl_sm(sel_step, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq * 10);
    check(s == STATUS_SUCCESS, "guest.reached_the_recall_step", s);
    if (cpu)
        s = nova_ctrl_ec(vcpu, CTRL_EC_STRONG);
    else
        s = nova_ctrl_ec(vcpu, 0);
    check(s == STATUS_SUCCESS, "ctrl_ec.recall", s);
    s = nova_ctrl_sm(sel_done, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq * 10);
    check(s == STATUS_SUCCESS, "guest.finished", s);
    if (s != STATUS_SUCCESS)
        rt_printf("vm: the guest's last step was %u; RTC interrupts injected: %u\n", last_step,
                  rtc_recalls);
    /* The kernel reports the poisoned vCPU on the UART from its CPU: let
     * that line out before ours (20 ms). */
    nova_ctrl_sm(sel_step, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq / 50);
    check(startups == 1, "startup.once", startups);
    regs_test(sel_gst, guest_ram, cpu, hip->stc_freq);
    nova_ctrl_sm(sel_step, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq / 50);
    rt_printf("vm: done, %u checks, %u failed\n", checks, failures);
    return failures ? RT_EXIT_FAILURE : RT_EXIT_OK;
}
