/* The memory-buffer console printer (spec C.1), in its own PD: it waits on
 * the console semaphore, which the kernel ups once per line, and sends
 * the new characters to the UART driver's write portal, each line marked
 * "nova> ". After boot the kernel writes nowhere else. */
#include <nova/mbuf.h>
#include <nova/utcb.h>

#include "uart_echo.h"

#define PREFIX "nova> "

struct printer_page printer_page __attribute__((aligned(4096)));

static void flush(uint64_t *utcb, uint64_t n)
{
    uint32_t mtd = (uint32_t)((n + 7) / 8); /* word 0 plus the bytes: words - 1 */
    utcb[0] = n;
    nova_ipc_call(PRN_SEL_WRITE, 0, &mtd);
}

void printer_main(void)
{
    volatile struct nova_mbuf *m = printer_page.mbuf;
    uint64_t *utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    char *out = (char *)&utcb[1];
    uint32_t size = (uint32_t)(printer_page.mbuf_size - sizeof(struct nova_mbuf));
    bool line_start = true;
    for (;;) {
        nova_ctrl_sm(PRN_SEL_CONSOLE, CTRL_SM_DOWN, 0);
        uint64_t n = 0;
        uint32_t rd = m->rd_idx, wr = __atomic_load_n(&m->wr_idx, __ATOMIC_ACQUIRE);
        while (rd != wr && rd < size) {
            if (n + sizeof(PREFIX) + 1 >= WRITE_MAX) {
                flush(utcb, n);
                n = 0;
            }
            if (line_start)
                for (const char *p = PREFIX; *p; p++)
                    out[n++] = *p;
            char c = m->buffer[rd];
            out[n++] = c;
            line_start = c == '\n';
            rd = rd + 1 == size ? 0 : rd + 1;
        }
        __atomic_store_n(&m->rd_idx, rd, __ATOMIC_RELEASE);
        if (n)
            flush(utcb, n);
    }
}
