/* A native PD next to the VMs: it owns nothing but its stack and a portal
 * to the VMM's console, and prints a few ticks while the guests boot, to
 * show native code and virtual machines sharing the machine. */
#include <novart/spawn.h>
#include <string.h>
#include "vmm.h"

#define NATIVE_TICKS 5
#define NATIVE_PERIOD_MS 1000
#define NATIVE_SEL_LOG 0x100u   /* in the native PD's object space */
#define NATIVE_SEL_SLEEP 0x101u /* a semaphore nobody ups: its timeout is a sleep */
#define NATIVE_SEL_EVT 0x200u
#define NATIVE_STACK_SIZE 8192
#define LOG_MAX 128u

static uint8_t native_stack[NATIVE_STACK_SIZE] __attribute__((aligned(4096)));
uint8_t native_log_stack[4096] __attribute__((aligned(16)));
static uint64_t log_utcb;

void native_log_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
RT_ENTRY(native_log_entry, native_log_stack + 4096, native_log_main);

/* Root PD, on the caller's SC: one line from the native PD's UTCB. */
void native_log_main(uint64_t pid, uint64_t mtd)
{
    (void)pid;
    char *text = (char *)(uintptr_t)log_utcb;
    size_t n = MTD_WORDS(mtd) * sizeof(uint64_t);
    text[(n < LOG_MAX ? n : LOG_MAX) - 1] = 0;
    vmm_console_write(native_log_stack, text, strnlen(text, LOG_MAX));
    nova_ipc_reply(0);
}

/* The counter's frequency, from the register: the HIP is the root's. */
static uint64_t counter_hz(void)
{
    uint64_t f;
    __asm__("mrs %0, cntfrq_el0" : "=r"(f));
    return f;
}

static void say(const char *fmt, unsigned a, unsigned b)
{
    char *utcb = (char *)(uintptr_t)NOVA_UTCB_HVA;
    int n = rt_snprintf(utcb, LOG_MAX, fmt, a, b);
    if (n >= (int)LOG_MAX)
        n = LOG_MAX - 1;
    uint32_t mtd = (uint32_t)((n + sizeof(uint64_t)) / sizeof(uint64_t) - 1);
    nova_ipc_call(NATIVE_SEL_LOG, 0, &mtd);
}

/* The native PD's thread: touches only its stack and its UTCB. */
static void native_main(void) __attribute__((noreturn));
static void native_main(void)
{
    uint64_t freq = counter_hz();
    for (unsigned i = 1; i <= NATIVE_TICKS; i++) {
        nova_ctrl_sm(NATIVE_SEL_SLEEP, CTRL_SM_DOWN, rt_stc_now() + freq * NATIVE_PERIOD_MS / 1000);
        say("native: tick %u of %u\n", i, NATIVE_TICKS);
    }
    say("native: done after %u of %u ticks\n", NATIVE_TICKS, NATIVE_TICKS);
    for (;;)
        nova_ctrl_sm(NATIVE_SEL_SLEEP, CTRL_SM_DOWN, 0);
}

bool native_start(unsigned cpu)
{
    struct rt_pd pd;
    uint64_t log_ec = rt_sel_alloc(0), log_pt = rt_sel_alloc(0), sleep = rt_sel_alloc(0);
    uint64_t ec = rt_sel_alloc(0), sc = rt_sel_alloc(0), hvp = rt_utcb_alloc();
    log_utcb = hvp << 12;
    return nova_create_ec(log_ec, CREATE_EC_FPU, SEL_ROOT_PD, hvp, cpu, 0, 0) == STATUS_SUCCESS &&
           nova_create_pt(log_pt, SEL_ROOT_PD, log_ec, (uintptr_t)native_log_entry) ==
               STATUS_SUCCESS &&
           rt_pd_create(&pd) == STATUS_SUCCESS &&
           rt_pd_share(&pd, native_stack, sizeof(native_stack), PERM_MEM_R | PERM_MEM_W) ==
               STATUS_SUCCESS &&
           rt_pd_grant(&pd, log_pt, NATIVE_SEL_LOG, PERM_PT_CALL) == STATUS_SUCCESS &&
           nova_create_sm(sleep, pd.pd, 0) == STATUS_SUCCESS &&
           rt_pd_grant(&pd, sleep, NATIVE_SEL_SLEEP, PERM_SM_CTRL_DN) == STATUS_SUCCESS &&
           rt_thread_create(&pd, ec, cpu, NOVA_UTCB_HVA >> 12, native_stack + sizeof(native_stack),
                            native_main, NATIVE_SEL_EVT) == STATUS_SUCCESS &&
           nova_create_sc(sc, pd.pd, ec, SCD(10, VMM_PRIO, 0)) == STATUS_SUCCESS;
}
