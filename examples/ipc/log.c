/* The log service. The children own no device: they print by calling a
 * portal into the root PD with the text in their UTCB. The portal's PID
 * names the caller, so a child cannot speak for another. */
#include <nova/caps.h>
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/spawn.h>
#include "ipc.h"

#define LOG_MAX 256u /* bytes of one line, NUL included */
#define LOG_STACK_SIZE 4096

uint8_t log_stack[LOG_STACK_SIZE] __attribute__((aligned(16)));
static uint64_t log_utcb; /* the log EC's UTCB (root PD) */

void log_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
RT_ENTRY(log_entry, log_stack + LOG_STACK_SIZE, log_main);

/* Runs in the root PD on the caller's SC: the root EC is blocked meanwhile,
 * so it is the only user of the console. */
void log_main(uint64_t pid, uint64_t mtd)
{
    char *text = (char *)(uintptr_t)log_utcb;
    size_t n = MTD_WORDS(mtd) * sizeof(uint64_t);

    text[(n < LOG_MAX ? n : LOG_MAX) - 1] = 0;
    rt_printf("ipc: %s: %s\n", pid == IPC_LOG_SERVER ? "server" : "client", text);
    nova_ipc_reply(0);
}

enum nova_status log_service_start(unsigned cpu, uint64_t *server_pt, uint64_t *client_pt)
{
    uint64_t ec = rt_sel_alloc(0), hvp = rt_utcb_alloc();
    uint64_t pt = rt_sel_alloc(1);
    enum nova_status s;

    if (ec == RT_SEL_NONE || pt == RT_SEL_NONE)
        return STATUS_MEM_CAP;
    log_utcb = hvp << 12;
    if ((s = nova_create_ec(ec, CREATE_EC_FPU, SEL_ROOT_PD, hvp, cpu, 0, 0)) != STATUS_SUCCESS ||
        (s = nova_create_pt(pt, SEL_ROOT_PD, ec, (uintptr_t)log_entry)) != STATUS_SUCCESS ||
        (s = nova_create_pt(pt + 1, SEL_ROOT_PD, ec, (uintptr_t)log_entry)) != STATUS_SUCCESS ||
        (s = nova_ctrl_pt(pt, IPC_LOG_SERVER, 0)) != STATUS_SUCCESS ||
        (s = nova_ctrl_pt(pt + 1, IPC_LOG_CLIENT, 0)) != STATUS_SUCCESS)
        return s;
    *server_pt = pt;
    *client_pt = pt + 1;
    return STATUS_SUCCESS;
}

/* Runs in a child PD: touches only its UTCB and its stack. */
bool ipc_log(uint64_t log_pt, const char *fmt, ...)
{
    char *utcb = (char *)(uintptr_t)NOVA_UTCB_HVA;
    va_list ap;

    va_start(ap, fmt);
    int n = rt_vsnprintf(utcb, LOG_MAX, fmt, ap);
    va_end(ap);
    if (n >= (int)LOG_MAX)
        n = LOG_MAX - 1;
    uint32_t mtd = (uint32_t)((n + sizeof(uint64_t)) / sizeof(uint64_t) - 1);
    return nova_ipc_call(log_pt, 0, &mtd) == STATUS_SUCCESS;
}
