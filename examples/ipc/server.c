/* The server: a local EC in its own PD that runs only when its portal is
 * called, on the caller's SC. It owns one page beyond its stack, and
 * delegates that page into the client's host space on request: NOVA moves
 * no capabilities in messages, so the delegation is a ctrl_pd (spec 5.4.1)
 * with the capability to the client's host space the root gave it. */
#include <nova/caps.h>
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/spawn.h>
#include <string.h>
#include "ipc.h"

#define TEXT_MAX 64u

RT_ENTRY(server_entry, server_stack + CHILD_STACK_SIZE, server_main);

static uint64_t *const utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;

/* Copies the NUL-terminated string in message words from..words-1 out of
 * the UTCB, cut at TEXT_MAX - 1 characters. */
static void text_from_utcb(char *out, unsigned from, uint64_t words)
{
    size_t max = words > from ? (words - from) * sizeof(uint64_t) : 0;
    size_t n = strnlen((const char *)&utcb[from], max < TEXT_MAX ? max : TEXT_MAX - 1);

    memcpy(out, &utcb[from], n);
    out[n] = 0;
}

static uint32_t refuse(void)
{
    utcb[0] = IPC_REFUSED;
    return 0;
}

/* Puts s into the reply from word 1 on; returns the reply's MTD. */
static uint32_t reply_text(const char *s)
{
    size_t n = strlen(s) + 1;

    utcb[0] = IPC_OK;
    memcpy(&utcb[1], s, n);
    return (uint32_t)((n + sizeof(uint64_t) - 1) / sizeof(uint64_t));
}

static uint32_t serve_add(uint64_t a, uint64_t b)
{
    ipc_log(SRV_SEL_LOG, "add %lu + %lu", a, b);
    utcb[0] = IPC_OK;
    utcb[1] = a + b;
    return 1;
}

static uint32_t serve_echo(const char *text)
{
    char upper[TEXT_MAX];
    size_t i;

    ipc_log(SRV_SEL_LOG, "echo '%s'", text);
    for (i = 0; text[i]; i++)
        upper[i] = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 'a' + 'A') : text[i];
    upper[i] = 0;
    return reply_text(upper);
}

/* Writes the greeting into its page, then delegates the page read/write
 * to the client's host space at hva. */
static uint32_t serve_share(uint64_t hva)
{
    enum nova_status s;

    memcpy(server_page, SERVER_GREETING, sizeof(SERVER_GREETING));
    s = nova_ctrl_pd(SRV_SEL_OWN_HST, SRV_SEL_CLIENT_HST, (uintptr_t)server_page >> 12, hva >> 12,
                     0, PERM_MEM_R | PERM_MEM_W, 0);
    if (s != STATUS_SUCCESS) {
        ipc_log(SRV_SEL_LOG, "FAIL: ctrl_pd into the client's host space: status %u", s);
        return refuse();
    }
    ipc_log(SRV_SEL_LOG, "shared page delegated at 0x%lx (its own page 0x%lx)", hva,
            (uint64_t)(uintptr_t)server_page);
    utcb[0] = IPC_OK;
    utcb[1] = hva;
    return 1;
}

/* Reads what the client wrote into the shared page, through its own
 * mapping of the page. */
static uint32_t serve_check(void)
{
    char seen[TEXT_MAX];
    const volatile char *p = (const volatile char *)&server_page[SHARED_CLIENT_OFFSET];
    size_t n;

    for (n = 0; n < TEXT_MAX - 1 && p[n]; n++)
        seen[n] = p[n];
    seen[n] = 0;
    ipc_log(SRV_SEL_LOG, "reads '%s' in the shared page", seen);
    return reply_text(seen);
}

/* Portal entry: X0 = PID, X1 = MTD. The request is copied out of the UTCB
 * first, because logging reuses the UTCB. */
void server_main(uint64_t pid, uint64_t mtd)
{
    uint64_t words = MTD_WORDS(mtd), op = utcb[0], a = utcb[1], b = utcb[2];
    char text[TEXT_MAX];

    if (pid != IPC_CLIENT_ID)
        nova_ipc_reply(refuse());
    switch (op) {
    case IPC_OP_ADD:
        nova_ipc_reply(words >= 3 ? serve_add(a, b) : refuse());
    case IPC_OP_ECHO:
        text_from_utcb(text, 1, words);
        nova_ipc_reply(serve_echo(text));
    case IPC_OP_SHARE:
        nova_ipc_reply(words >= 2 ? serve_share(a) : refuse());
    case IPC_OP_CHECK:
        nova_ipc_reply(serve_check());
    default:
        ipc_log(SRV_SEL_LOG, "unknown request %lu refused", op);
        nova_ipc_reply(refuse());
    }
}
