/* The client: a global EC with its own SC in its own PD. It calls the
 * server's portal with requests in its UTCB, and checks every answer. It
 * touches only its stack, its UTCB, its report page and, once the server
 * delegated it, the shared page. */
#include <nova/caps.h>
#include <novart/rt.h>
#include <string.h>
#include "ipc.h"

static uint64_t *const utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;

/* Logs a failed check. Returns 1 so callers can count it. */
static unsigned fail(const char *what, uint64_t got)
{
    ipc_log(CLI_SEL_LOG, "FAIL: %s (got 0x%lx)", what, got);
    return 1;
}

/* Calls the server with the request already in the UTCB, words words long;
 * true if the call succeeded and the server said IPC_OK. */
static bool call(unsigned words, uint32_t *reply_mtd, unsigned *failures)
{
    uint32_t mtd = words - 1;
    enum nova_status s = nova_ipc_call(CLI_SEL_SERVER, 0, &mtd);

    if (s != STATUS_SUCCESS) {
        *failures += fail("ipc_call", s);
        return false;
    }
    *reply_mtd = mtd;
    return utcb[0] == IPC_OK;
}

static unsigned add(uint64_t a, uint64_t b)
{
    unsigned failures = 0;
    uint32_t mtd;

    utcb[0] = IPC_OP_ADD;
    utcb[1] = a;
    utcb[2] = b;
    if (!call(3, &mtd, &failures) || mtd != 1)
        return failures + fail("add refused", utcb[0]);
    uint64_t sum = utcb[1];
    ipc_log(CLI_SEL_LOG, "%lu + %lu = %lu", a, b, sum);
    return sum == a + b ? 0 : fail("wrong sum", sum);
}

/* Sends s, expects it back in capitals. */
static unsigned echo(const char *s, const char *expect)
{
    unsigned failures = 0;
    size_t n = strlen(s) + 1;
    char got[64];
    uint32_t mtd;

    utcb[0] = IPC_OP_ECHO;
    memcpy(&utcb[1], s, n);
    if (!call(1 + (unsigned)((n + 7) / 8), &mtd, &failures))
        return failures + fail("echo refused", utcb[0]);
    n = strnlen((const char *)&utcb[1], sizeof(got) - 1);
    memcpy(got, &utcb[1], n);
    got[n] = 0;
    ipc_log(CLI_SEL_LOG, "echo '%s' -> '%s'", s, got);
    return strcmp(got, expect) ? fail("echo mismatch", 0) : 0;
}

/* Asks for the server's page, reads the greeting, writes the answer and
 * has the server read it back through its own mapping. */
static unsigned share(void)
{
    volatile char *page = (volatile char *)(uintptr_t)CLI_SHARED_HVA;
    unsigned failures = 0;
    char seen[64];
    uint32_t mtd;
    size_t n;

    utcb[0] = IPC_OP_SHARE;
    utcb[1] = CLI_SHARED_HVA;
    if (!call(2, &mtd, &failures) || utcb[1] != CLI_SHARED_HVA)
        return failures + fail("share refused", utcb[0]);
    ipc_log(CLI_SEL_LOG, "shared page mapped at 0x%lx", utcb[1]);
    for (n = 0; n < sizeof(seen) - 1 && page[n]; n++)
        seen[n] = page[n];
    seen[n] = 0;
    ipc_log(CLI_SEL_LOG, "reads '%s' from the shared page", seen);
    if (strcmp(seen, SERVER_GREETING))
        failures += fail("shared page does not hold the server's greeting", 0);

    for (n = 0; n < sizeof(CLIENT_GREETING); n++)
        page[SHARED_CLIENT_OFFSET + n] = CLIENT_GREETING[n];
    ipc_log(CLI_SEL_LOG, "writes '%s' into the shared page", CLIENT_GREETING);
    utcb[0] = IPC_OP_CHECK;
    if (!call(1, &mtd, &failures))
        return failures + fail("check refused", utcb[0]);
    if (strcmp((const char *)&utcb[1], CLIENT_GREETING))
        failures += fail("the server did not see the client's write", 0);
    else
        ipc_log(CLI_SEL_LOG, "the server saw the write");
    return failures;
}

static unsigned unknown_request(void)
{
    unsigned failures = 0;
    uint32_t mtd;

    utcb[0] = 99;
    if (call(1, &mtd, &failures))
        return failures + fail("unknown request accepted", utcb[0]);
    ipc_log(CLI_SEL_LOG, "unknown request refused");
    return failures;
}

void client_main(void)
{
    unsigned failures = 0;

    if (!ipc_log(CLI_SEL_LOG, "up, calling the server's portal"))
        failures++;
    failures += add(2, 3);
    failures += add(40, 2);
    failures += add(UINT64_C(1) << 40, 1);
    failures += echo("hello, server", "HELLO, SERVER");
    failures += share();
    failures += unknown_request();
    client_report.failures = failures;
    client_report.finished = 1;
    if (nova_ctrl_sm(CLI_SEL_DONE, 0, 0) != STATUS_SUCCESS)
        ipc_log(CLI_SEL_LOG, "FAIL: cannot up the done semaphore");
    for (;;)
        nova_ctrl_sm(CLI_SEL_PARK, CTRL_SM_DOWN, 0);
}
