/* spec 5.2.1, 5.2.2: ipc_call and ipc_reply with a server: SUCCESS with
 * the words of both messages, ABORTED when the callee dies while serving
 * and afterwards, BAD_CPU for a callee on another CPU. (TIMEOUT needs a
 * second caller while the callee is busy: the unit tests reach it.) */
#include <nova/utcb.h>

#include "conformance.h"
#include "fixture.h"

/* Selectors above the memory checks' fill range (check_mem.c). */
#define SEL_SERVER 0x2f800u
#define SEL_SERVER_PT 0x2f801u
#define SEL_REMOTE 0x2f802u
#define SEL_REMOTE_PT 0x2f803u
#define SERVER_EVT 0x2fa00u /* nothing there: an exception kills the server */
#define SERVER_UTCB_VPN FX_VPN(40)
#define REMOTE_UTCB_VPN FX_VPN(41)
#define REQUEST_DIE 0xdeadu

static uint64_t server_stack[512] __attribute__((aligned(16)));
uint64_t *conformance_server_stack_top = server_stack + 512;
void conformance_server_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void conformance_server_entry(void);

__asm__(".text\n conformance_server_entry: adrp x16, conformance_server_stack_top\n"
        " ldr x16, [x16, :lo12:conformance_server_stack_top]\n mov sp, x16\n"
        " b conformance_server_main\n");

/* Replies with the PID and the sum of the request's words, or dies. */
void conformance_server_main(uint64_t pid, uint64_t mtd)
{
    uint64_t *utcb = (uint64_t *)FX_VA(SERVER_UTCB_VPN), sum = 0;
    if (utcb[0] == REQUEST_DIE)
        __asm__ volatile("udf #0");
    for (unsigned i = 0; i < MTD_WORDS(mtd); i++)
        sum += utcb[i];
    utcb[0] = pid;
    utcb[1] = sum;
    nova_ipc_reply(1);
}

void check_ipc(const struct nova_hip *hip)
{
    uint64_t *utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    unsigned bsp = hip->cpu_bsp;
    check_status("ipc.create_server", STATUS_SUCCESS,
                 nova_create_ec(SEL_SERVER, 0, SEL_ROOT_PD, SERVER_UTCB_VPN, bsp, 0, SERVER_EVT));
    check_status("ipc.create_portal", STATUS_SUCCESS,
                 nova_create_pt(SEL_SERVER_PT, SEL_ROOT_PD, SEL_SERVER,
                                (uintptr_t)conformance_server_entry));
    check_status("ipc.ctrl_pt", STATUS_SUCCESS, nova_ctrl_pt(SEL_SERVER_PT, 0x1234, 0));

    for (unsigned i = 0; i < 4; i++)
        utcb[i] = 10 + i;
    uint32_t mtd = 3;
    check_status("ipc_call.success", STATUS_SUCCESS, nova_ipc_call(SEL_SERVER_PT, 0, &mtd));
    check_true("ipc_call.reply_mtd", mtd == 1, "the server's reply MTD");
    check_true("ipc_call.callee_saw_the_pid", utcb[0] == 0x1234, "PID 0x1234 in word 0");
    check_true("ipc_call.callee_saw_four_words", utcb[1] == 46, "10+11+12+13 in word 1");
    check_true("ipc_reply.words_beyond_the_reply_untouched", utcb[2] == 12, "word 2 unchanged");
    mtd = 0;
    check_status("ipc_call.t_flag_with_a_waiting_callee_succeeds", STATUS_SUCCESS,
                 nova_ipc_call(SEL_SERVER_PT, IPC_CALL_TIMEOUT, &mtd));

    if (hip->cpu_num > 1) {
        unsigned other = bsp ? 0 : 1;
        nova_create_ec(SEL_REMOTE, 0, SEL_ROOT_PD, REMOTE_UTCB_VPN, other, 0, SERVER_EVT);
        nova_create_pt(SEL_REMOTE_PT, SEL_ROOT_PD, SEL_REMOTE, (uintptr_t)conformance_server_entry);
        check_status("ipc_call.callee_on_another_cpu_is_bad_cpu", STATUS_BAD_CPU,
                     nova_ipc_call(SEL_REMOTE_PT, 0, &mtd));
    }

    utcb[0] = REQUEST_DIE;
    mtd = 0;
    check_status("ipc_call.callee_dies_while_serving_is_aborted", STATUS_ABORTED,
                 nova_ipc_call(SEL_SERVER_PT, 0, &mtd));
    check_status("ipc_call.dead_callee_is_aborted", STATUS_ABORTED,
                 nova_ipc_call(SEL_SERVER_PT, 0, &mtd));
}
