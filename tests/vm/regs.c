/* A vCPU's registers across exits (spec 7.7.4, docs/abi-choices.md), on
 * the paths the kernel takes for a VMM on the vCPU's CPU (the event fast
 * paths, arch/aarch64/event_fast.S): the guest (guest.S, guest_regs) sets
 * X0..X30, SP_EL1, SP_EL0 and NZCV to values of their own and exits four
 * times without touching them:
 *   hvc #0x21: portal MTD GPR | ESR_FAR; the handler sees the guest's
 *              GPRs, scribbles over the whole UTCB and replies MTD 0;
 *   smc:       a portal whose MTD also names EL1_SP (read on the C path):
 *              everything is as the guest set it; the reply (GPR,
 *              EL2_ELR_SPSR) gives new GPRs, new flags and a mode the
 *              kernel must make EL1h, with junk in SP_EL0 and SP_EL1;
 *   hvc #0x22: the handler sees the new GPRs;
 *   smc:       the new GPRs, flags and mode, SP_EL0 and SP_EL1 untouched.
 * At every entry the handler's own registers are X0 = PID, X1 = the
 * portal's MTD, X2..X30 and NZCV zero (regs_handler_entry records them). */
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/spawn.h>
#include "vm.h"

#define REGS_EVT_BASE 0x2800u
#define REGS_PATTERN_OFFSET 0xf000u /* guest.S: REGS_PATTERN */
#define MTD_FAST (MTD_GPR | MTD_EL2_ESR_FAR)
#define MTD_READ (MTD_GPR | MTD_EL0_SP | MTD_EL1_SP | MTD_EL2_ELR_SPSR | MTD_EL2_ESR_FAR)
#define NZCV_MASK 0xf0000000u
#define NZCV_NC 0xa0000000u
#define NZCV_ZV 0x50000000u
#define PSR_MODE_MASK 0x1fu
#define PSR_MODE_EL1H 0x5u
#define PSR_MODE_EL2H 0x9u
#define PSR_IL (1u << 20)
#define JUNK 0xdeadbeefdead0000ull

extern const char guest_blob[], guest_regs[], guest_regs_smc1[], guest_regs_smc2[];

static uint64_t regs_stack[1024] __attribute__((aligned(16)));
uint64_t *regs_stack_top = regs_stack + 1024;
uint64_t regs_at_entry[32]; /* X0..X30, NZCV */
static uint64_t regs_utcb_vpn, regs_sel_gst, regs_sel_done;
static unsigned regs_step;

void regs_handler_main(void) __attribute__((noreturn));
void regs_handler_entry(void);
__asm__(".text\n"
        "regs_handler_entry:\n"
        " mov sp, x0\n"
        " adrp x0, regs_at_entry\n add x0, x0, :lo12:regs_at_entry\n"
        " stp x1, x2, [x0, #8]\n stp x3, x4, [x0, #24]\n stp x5, x6, [x0, #40]\n"
        " stp x7, x8, [x0, #56]\n stp x9, x10, [x0, #72]\n stp x11, x12, [x0, #88]\n"
        " stp x13, x14, [x0, #104]\n stp x15, x16, [x0, #120]\n stp x17, x18, [x0, #136]\n"
        " stp x19, x20, [x0, #152]\n stp x21, x22, [x0, #168]\n stp x23, x24, [x0, #184]\n"
        " stp x25, x26, [x0, #200]\n stp x27, x28, [x0, #216]\n stp x29, x30, [x0, #232]\n"
        " mrs x1, nzcv\n str x1, [x0, #248]\n mov x1, sp\n str x1, [x0]\n"
        " adrp x16, regs_stack_top\n ldr x16, [x16, :lo12:regs_stack_top]\n"
        " mov sp, x16\n b regs_handler_main\n");

static uint64_t pattern(unsigned i) { return 0x0101010101010101ull * (i + 1) ^ (uint64_t)i << 56; }
static uint64_t changed(unsigned i) { return ~pattern(i) ^ 0x5a5a; }

static uint64_t guest_addr(const char *label)
{
    return GUEST_BASE + (uint64_t)(label - guest_blob);
}

/* The first register that differs from want(i), or 31 if none does. */
static unsigned first_bad_gpr(const struct utcb_arch *u, uint64_t (*want)(unsigned))
{
    for (unsigned i = 0; i < 31; i++)
        if (u->x[i] != want(i))
            return i;
    return 31;
}

static void check_entry(uint64_t pid, uint32_t mtd, const char *name)
{
    unsigned bad = 0;
    for (unsigned i = 2; i < 32; i++)
        if (regs_at_entry[i])
            bad = i;
    check(regs_at_entry[0] == pid && regs_at_entry[1] == mtd && !bad, name,
          bad ? bad : regs_at_entry[1]);
}

static void scribble(struct utcb_arch *u)
{
    uint64_t *w = (uint64_t *)u;
    for (unsigned i = 0; i < sizeof(*u) / 8; i++)
        w[i] = JUNK + i;
}

void regs_handler_main(void)
{
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)(regs_utcb_vpn << 12);
    uint64_t pid = regs_at_entry[0];
    if (pid == HIP_SEL_GST_ARCH) { /* STARTUP */
        u->elr_el2 = guest_addr(guest_regs);
        u->spsr_el2 = 0x3c5; /* EL1h, DAIF masked */
        u->sel_gst = regs_sel_gst;
        nova_ipc_reply(MTD_EL2_ELR_SPSR | MTD_SPACES);
    }
    unsigned step = ++regs_step;
    if (pid == 0x16) {
        check_entry(0x16, MTD_FAST,
                    step == 1 ? "regs.hvc_handler_enters_clean"
                              : "regs.hvc_handler_enters_clean_again");
        unsigned iss = u->esr_el2 & 0xffff;
        if (step == 1) {
            check(iss == 0x21, "regs.hvc_esr", iss);
            unsigned bad = first_bad_gpr(u, pattern);
            check(bad == 31, "regs.hvc_handler_sees_the_guest_gprs", bad);
            scribble(u);
            nova_ipc_reply(0);
        }
        check(step == 3 && iss == 0x22, "regs.hvc_second", iss);
        unsigned bad = first_bad_gpr(u, changed);
        check(bad == 31, "regs.gpr_reply_reached_the_guest", bad);
        scribble(u);
        nova_ipc_reply(0);
    }
    check_entry(0x17, MTD_READ,
                step == 2 ? "regs.smc_handler_enters_clean"
                          : "regs.smc_handler_enters_clean_again");
    if (step == 2) {
        unsigned bad = first_bad_gpr(u, pattern);
        check(bad == 31, "regs.mtd0_reply_kept_the_gprs", bad);
        check(u->sp_el1 == pattern(31) && u->sp_el0 == pattern(32),
              "regs.mtd0_reply_kept_sp_el1_and_sp_el0", u->sp_el1);
        check((u->spsr_el2 & NZCV_MASK) == NZCV_NC &&
                  (u->spsr_el2 & PSR_MODE_MASK) == PSR_MODE_EL1H,
              "regs.mtd0_reply_kept_nzcv", u->spsr_el2);
        check(u->elr_el2 == guest_addr(guest_regs_smc1), "regs.smc_elr", u->elr_el2);
        uint64_t spsr = u->spsr_el2, elr = u->elr_el2;
        scribble(u);
        for (unsigned i = 0; i < 31; i++)
            u->x[i] = changed(i);
        u->elr_el2 = elr + 4;
        u->spsr_el2 =
            (spsr & ~(uint64_t)(NZCV_MASK | PSR_MODE_MASK)) | NZCV_ZV | PSR_MODE_EL2H | PSR_IL;
        nova_ipc_reply(MTD_GPR | MTD_EL2_ELR_SPSR);
    }
    unsigned bad = first_bad_gpr(u, changed);
    check(step == 4 && bad == 31, "regs.gpr_reply_wrote_the_gprs", bad);
    check(u->sp_el1 == pattern(31) && u->sp_el0 == pattern(32),
          "regs.gpr_reply_wrote_no_stack_pointer", u->sp_el1);
    check((u->spsr_el2 & (NZCV_MASK | PSR_MODE_MASK | PSR_IL)) == (NZCV_ZV | PSR_MODE_EL1H),
          "regs.reply_wrote_nzcv_and_an_el1h_mode", u->spsr_el2);
    check(u->elr_el2 == guest_addr(guest_regs_smc2), "regs.reply_wrote_elr", u->elr_el2);
    nova_ctrl_sm(regs_sel_done, 0, 0);
    nova_ipc_reply(MTD_POISON);
}

void regs_test(uint64_t sel_gst, uint8_t *guest_ram, unsigned cpu, uint64_t stc_freq)
{
    uint64_t *table = (uint64_t *)(guest_ram + REGS_PATTERN_OFFSET);
    for (unsigned i = 0; i < 33; i++)
        table[i] = pattern(i);
    regs_sel_gst = sel_gst;
    regs_sel_done = rt_sel_alloc(0);
    nova_create_sm(regs_sel_done, SEL_ROOT_PD, 0);
    uint64_t handler = rt_sel_alloc(0), vcpu = rt_sel_alloc(0), sc = rt_sel_alloc(0);
    regs_utcb_vpn = rt_utcb_alloc();
    enum nova_status s =
        nova_create_ec(handler, CREATE_EC_FPU, SEL_ROOT_PD, regs_utcb_vpn, cpu, 0, 0);
    check(s == STATUS_SUCCESS, "regs.create_ec_handler", s);
    static const unsigned events[] = {HIP_SEL_GST_ARCH, 0x16, 0x17};
    static const uint32_t mtds[] = {0, MTD_FAST, MTD_READ};
    for (unsigned i = 0; i < 3; i++) {
        nova_create_pt(REGS_EVT_BASE + events[i], SEL_ROOT_PD, handler,
                       (uintptr_t)regs_handler_entry);
        nova_ctrl_pt(REGS_EVT_BASE + events[i], events[i], mtds[i]);
    }
    s = nova_create_ec(vcpu, CREATE_EC_GUEST, SEL_ROOT_PD, 0, cpu, 0, REGS_EVT_BASE);
    if (s == STATUS_SUCCESS)
        s = nova_create_sc(sc, SEL_ROOT_PD, vcpu, SCD(10, 1, 0));
    check(s == STATUS_SUCCESS, "regs.create_vcpu", s);
    s = nova_ctrl_sm(regs_sel_done, CTRL_SM_DOWN, rt_stc_now() + stc_freq * 10);
    check(s == STATUS_SUCCESS && regs_step == 4, "regs.guest_finished", regs_step);
}
