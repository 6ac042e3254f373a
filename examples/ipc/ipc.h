/* The ipc example: the protocol between client and server, the selectors
 * the root task puts into their object spaces, and the memory it shares
 * with them. */
#ifndef IPC_H
#define IPC_H

#include <nova/hypercall.h>
#include <stdbool.h>
#include <stdint.h>

/* Requests: word 0 is the operation; replies: word 0 is IPC_OK or
 * IPC_REFUSED. */
enum ipc_op {
    IPC_OP_ADD = 1,   /* words 1, 2: addends; reply word 1: the sum */
    IPC_OP_ECHO = 2,  /* words 1..: a string; reply words 1..: it in capitals */
    IPC_OP_SHARE = 3, /* word 1: where the client wants the page; reply word 1: it */
    IPC_OP_CHECK = 4, /* reply words 1..: the client's string as the server reads it */
};
#define IPC_OK 0u
#define IPC_REFUSED 1u

/* The root gives the client portal PID IPC_CLIENT_ID: the server knows who
 * calls, and nobody can forge it. */
#define IPC_CLIENT_ID 0xc1u

/* Log portals: children print through the root (their PID says who). */
#define IPC_LOG_SERVER 1u
#define IPC_LOG_CLIENT 2u

/* Selectors in the server's object space. */
#define SRV_SEL_LOG 0x10u        /* log portal, CALL */
#define SRV_SEL_OWN_HST 0x11u    /* its own host space, TAKE */
#define SRV_SEL_CLIENT_HST 0x12u /* the client's host space, GRANT */

/* Selectors in the client's object space. */
#define CLI_SEL_LOG 0x10u    /* log portal, CALL */
#define CLI_SEL_SERVER 0x20u /* the server's portal, CALL */
#define CLI_SEL_DONE 0x21u   /* semaphore the root waits on, UP */
#define CLI_SEL_PARK 0x22u   /* semaphore nobody ups, DOWN */
#define CLI_SEL_EVT 0x100u   /* event base: STARTUP at 0x140 */

/* Where the client asks for the shared page: free in its host space. */
#define CLI_SHARED_HVA 0x4000000000u
/* The client writes its answer at this offset of the shared page. */
#define SHARED_CLIENT_OFFSET 2048u
#define SERVER_GREETING "hello from the server"
#define CLIENT_GREETING "hello from the client"

/* Data pages of the root image that the root shares with one child. */
#define CHILD_STACK_SIZE 8192
extern uint8_t server_stack[CHILD_STACK_SIZE];
extern uint8_t client_stack[CHILD_STACK_SIZE];
extern uint8_t server_page[4096]; /* the page the server shares */

/* The client's result, in a page of its own that the client and the root
 * share (the alignment makes the type one page long). */
struct client_report {
    volatile uint64_t finished;
    volatile uint64_t failures;
} __attribute__((aligned(4096)));
extern struct client_report client_report;

void server_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void client_main(void) __attribute__((noreturn));
void server_entry(void);

/* Child side of the log service: formats into the UTCB and calls the log
 * portal at selector log_pt; false if the call failed. */
bool ipc_log(uint64_t log_pt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Root side: the log EC on cpu and one portal per child (PID = who). */
enum nova_status log_service_start(unsigned cpu, uint64_t *server_pt, uint64_t *client_pt);

#endif
