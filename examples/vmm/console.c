/* The machine's UART is the root task's; every VM's console lines go to it
 * whole (a lock keeps lines of CPUs apart), and what is typed goes to the
 * VM in focus. Ctrl-T moves the focus to the next running VM. */
#include <string.h>
#include "vmm.h"

#define KEY_FOCUS 0x14 /* Ctrl-T */

static unsigned console_lock;
static unsigned focus;
static int held = -1; /* a character the focused VM's FIFO had no room for */

void vmm_lock(unsigned *lock)
{
    while (__atomic_exchange_n(lock, 1u, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(lock, __ATOMIC_RELAXED))
            ;
}

void vmm_unlock(unsigned *lock) { __atomic_store_n(lock, 0u, __ATOMIC_RELEASE); }

void vmm_console_write(const char *text, size_t len)
{
    vmm_lock(&console_lock);
    for (size_t i = 0; i < len; i++)
        rt_console_putc(text[i]);
    vmm_unlock(&console_lock);
}

static void next_focus(struct vm *vms, unsigned count)
{
    for (unsigned i = 1; i <= count; i++) {
        unsigned f = (focus + i) % count;
        if (!vms[f].stopped) {
            focus = f;
            char line[64];
            rt_snprintf(line, sizeof(line), "vmm: input goes to %s\n", vms[f].name);
            vmm_console_write(line, strlen(line));
            return;
        }
    }
}

void vmm_console_poll(struct vm *vms, unsigned count)
{
    for (;;) {
        int c = held >= 0 ? held : rt_console_getc();
        if (c < 0)
            return;
        held = -1;
        if (c == KEY_FOCUS) {
            next_focus(vms, count);
            continue;
        }
        struct vm *vm = &vms[focus];
        if (vm->stopped)
            continue;
        char ch = (char)c;
        vmm_lock(&vm->dev_lock);
        size_t taken = vpl011_receive(&vm->uart, &ch, 1);
        vmm_unlock(&vm->dev_lock);
        uint32_t kicks = vgic_take_kicks(&vm->gic);
        for (unsigned i = 0; i < vm->nr_vcpus; i++)
            if ((kicks >> i) & 1)
                vcpu_kick(&vm->vcpu[i]);
        if (!taken) {
            held = c;
            return;
        }
    }
}
