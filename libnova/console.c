/* Kernel console (spec C). Output goes to the memory buffer once it exists
 * and to the boot UART until console_disable_uart().
 * Locking: console_lock serialises output from all CPUs, one kprintf at a
 * time, and protects the uart and mbuf state below once other CPUs run
 * (the init functions run on the boot CPU before they do). */
#include <nova/mbuf.h>
#include "arch.h"
#include "board.h"
#include "console.h"
#include "format.h"
#include "sm.h"
#include "spinlock.h"

static struct spinlock console_lock = SPINLOCK_INIT;

static struct {
    const struct uart_driver *driver;
    uintptr_t base;
} uart;

static struct {
    struct nova_mbuf *hdr;
    uint32_t size; /* N, characters in the buffer */
} mbuf;

void console_init_uart(const struct uart_driver *driver, uintptr_t base, uint32_t clock_hz,
                       uint32_t baud)
{
    driver->init(base, clock_hz, baud);
    uart.driver = driver;
    uart.base = base;
}

void console_disable_uart(void)
{
    spinlock_lock(&console_lock);
    uart.driver = NULL;
    spinlock_unlock(&console_lock);
}

void console_init_mbuf(struct nova_mbuf *hdr, size_t size)
{
    hdr->rd_idx = 0;
    hdr->wr_idx = 0;
    mbuf.size = (uint32_t)(size - sizeof(*hdr));
    mbuf.hdr = hdr;
}

static void mbuf_putc(char c)
{
    struct nova_mbuf *m = mbuf.hdr;
    uint32_t wr = m->wr_idx, next = wr + 1 == mbuf.size ? 0 : wr + 1;
    m->buffer[wr] = c;
    /* Buffer full: drop the oldest character (spec C.1). The consumer may
     * move rd_idx concurrently; it only ever advances. */
    if (next == __atomic_load_n(&m->rd_idx, __ATOMIC_RELAXED))
        __atomic_store_n(&m->rd_idx, next + 1 == mbuf.size ? 0 : next + 1, __ATOMIC_RELAXED);
    __atomic_store_n(&m->wr_idx, next, __ATOMIC_RELEASE);
    if (c == '\n')
        sm_console_signal();
}

static void console_sink(void *ctx, char c)
{
    (void)ctx;
    if (uart.driver) {
        if (c == '\n')
            uart.driver->putc(uart.base, '\r');
        uart.driver->putc(uart.base, c);
    }
    if (mbuf.hdr)
        mbuf_putc(c);
}

void kvprintf(const char *fmt, va_list ap)
{
    spinlock_lock(&console_lock);
    format(console_sink, NULL, fmt, ap);
    spinlock_unlock(&console_lock);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    kprintf("PANIC: ");
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    arch_halt();
}
