/* ipc: the root task builds two PDs from its own image, a server with a
 * portal and a client with a thread, hands out the capabilities each may
 * use, and waits until the client has finished its requests. The QEMU
 * tests read its lines (docs/examples.md). */
#include <nova/caps.h>
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/spawn.h>
#include "ipc.h"

#define PAGE 4096
#define CLIENT_PRIO 10
#define CLIENT_BUDGET_MS 10
#define WAIT_SECONDS 10 /* for the client; generous: TCG on a loaded host */

/* Each child gets its own pages of the root image and nothing else. */
uint8_t server_stack[CHILD_STACK_SIZE] __attribute__((aligned(PAGE)));
uint8_t client_stack[CHILD_STACK_SIZE] __attribute__((aligned(PAGE)));
uint8_t server_page[PAGE] __attribute__((aligned(PAGE)));
struct client_report client_report;

static bool ok(enum nova_status s, const char *what)
{
    if (s != STATUS_SUCCESS)
        rt_printf("ipc: FAIL: root: %s: status %u\n", what, (unsigned)s);
    return s == STATUS_SUCCESS;
}

/* The server: its stack and the page it will share, the log portal, its
 * own host space (to take the page from) and the client's (to grant it
 * into), a local EC, and a portal to it for the client. */
static bool make_server(const struct rt_pd *srv, const struct rt_pd *cli, unsigned cpu,
                        uint64_t log_pt, uint64_t *portal)
{
    uint64_t ec = rt_sel_alloc(0), pt = rt_sel_alloc(0);
    const unsigned rw = PERM_MEM_R | PERM_MEM_W;

    *portal = pt;
    return ok(rt_pd_share(srv, server_stack, sizeof(server_stack), rw), "share server stack") &&
           ok(rt_pd_share(srv, server_page, sizeof(server_page), rw), "share server page") &&
           ok(rt_pd_grant(srv, log_pt, SRV_SEL_LOG, PERM_PT_CALL), "grant log portal") &&
           ok(rt_pd_grant(srv, srv->hst, SRV_SEL_OWN_HST, PERM_SPACE_TAKE), "grant server hst") &&
           ok(rt_pd_grant(srv, cli->hst, SRV_SEL_CLIENT_HST, PERM_SPACE_GRANT),
              "grant client hst") &&
           ok(nova_create_ec(ec, CREATE_EC_FPU, srv->pd, NOVA_UTCB_HVA >> 12, cpu, 0, 0),
              "create server ec") &&
           ok(nova_create_pt(pt, srv->pd, ec, (uintptr_t)server_entry), "create server portal") &&
           ok(nova_ctrl_pt(pt, IPC_CLIENT_ID, 0), "ctrl_pt server portal");
}

/* The client: its stack and report page, the log and server portals (CALL
 * only), the done semaphore (UP only), a park semaphore, and a global EC
 * that starts at client_main once the root binds its SC. */
static bool make_client(const struct rt_pd *cli, unsigned cpu, uint64_t log_pt, uint64_t srv_pt,
                        uint64_t done, uint64_t *ec)
{
    uint64_t park = rt_sel_alloc(0);
    const unsigned rw = PERM_MEM_R | PERM_MEM_W;

    *ec = rt_sel_alloc(0);
    return ok(rt_pd_share(cli, client_stack, sizeof(client_stack), rw), "share client stack") &&
           ok(rt_pd_share(cli, &client_report, sizeof(client_report), rw), "share report") &&
           ok(rt_pd_grant(cli, log_pt, CLI_SEL_LOG, PERM_PT_CALL), "grant log portal") &&
           ok(rt_pd_grant(cli, srv_pt, CLI_SEL_SERVER, PERM_PT_CALL), "grant server portal") &&
           ok(rt_pd_grant(cli, done, CLI_SEL_DONE, PERM_SM_CTRL_UP), "grant done semaphore") &&
           ok(nova_create_sm(park, cli->pd, 0), "create park semaphore") &&
           ok(rt_pd_grant(cli, park, CLI_SEL_PARK, PERM_SM_CTRL_DN), "grant park semaphore") &&
           ok(rt_thread_create(cli, *ec, cpu, NOVA_UTCB_HVA >> 12,
                               client_stack + sizeof(client_stack), client_main, CLI_SEL_EVT),
              "create client thread");
}

static int run(unsigned cpu)
{
    struct rt_pd srv, cli;
    uint64_t log_srv, log_cli, srv_pt, cli_ec, cli_sc = rt_sel_alloc(0), done = rt_sel_alloc(0);
    uint64_t used;

    rt_printf("ipc: root: server PD and client PD on CPU %u\n", cpu);
    if (!ok(rt_pd_create(&srv), "create server pd") ||
        !ok(rt_pd_create(&cli), "create client pd") ||
        !ok(log_service_start(cpu, &log_srv, &log_cli), "start log service") ||
        !ok(nova_create_sm(done, SEL_ROOT_PD, 0), "create done semaphore") ||
        !make_server(&srv, &cli, cpu, log_srv, &srv_pt) ||
        !make_client(&cli, cpu, log_cli, srv_pt, done, &cli_ec))
        return RT_EXIT_FAILURE;

    /* The client starts now and runs whenever the root waits. */
    if (!ok(nova_create_sc(cli_sc, cli.pd, cli_ec, SCD(CLIENT_BUDGET_MS, CLIENT_PRIO, 0)),
            "create client sc"))
        return RT_EXIT_FAILURE;
    enum nova_status s =
        nova_ctrl_sm(done, CTRL_SM_DOWN, rt_stc_now() + rt_hip->stc_freq * WAIT_SECONDS);
    if (s != STATUS_SUCCESS || !client_report.finished) {
        rt_printf("ipc: FAIL: root: the client did not finish (status %u)\n", (unsigned)s);
        return RT_EXIT_FAILURE;
    }
    /* The server has no SC: it ran on the client's, donated by ipc_call. */
    if (!ok(nova_ctrl_sc(cli_sc, &used), "ctrl_sc client"))
        return RT_EXIT_FAILURE;
    rt_printf("ipc: root: client finished with %lu failures; its SC consumed %lu us, server "
              "time included\n",
              client_report.failures, used * 1000000 / rt_hip->stc_freq);
    if (client_report.failures)
        return RT_EXIT_FAILURE;
    rt_printf("ipc: PASS\n");
    return RT_EXIT_OK;
}

int main(const struct nova_hip *hip, uint64_t fdt_pa, uint64_t x1, uint64_t manifest)
{
    int status = rt_console_open(fdt_pa, NULL);

    (void)x1;
    (void)manifest;
    if (status != RT_EXIT_OK)
        return status;
    /* On several CPUs the children run on the last one: the root's wait
     * then ends through a cross-CPU wake-up. */
    return run(hip->cpu_num - 1u);
}
