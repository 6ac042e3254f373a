/* The machine's UART is the root task's; every VM's console lines go to it
 * whole (a lock keeps lines of CPUs apart), and what is typed goes to the
 * VM in focus. Ctrl-T moves the focus to the next running VM. */
#include <novart/spawn.h>
#include <string.h>
#include "vmm.h"

#define KEY_FOCUS 0x14 /* Ctrl-T */
#define POLL_MS 10
#define IDLE_POLLS 20

static struct vmm_lock console_lock;
static unsigned focus;
static int held = -1; /* a character the focused VM's FIFO had no room for */

bool vmm_lock_init(struct vmm_lock *lock)
{
    lock->count = 0;
    lock->sm = rt_sel_alloc(0);
    return nova_create_sm(lock->sm, SEL_ROOT_PD, 0) == STATUS_SUCCESS;
}

void vmm_lock(struct vmm_lock *lock)
{
    if (__atomic_fetch_add(&lock->count, 1u, __ATOMIC_ACQUIRE))
        nova_ctrl_sm(lock->sm, CTRL_SM_DOWN, 0); /* the holder's unlock ups it */
}

void vmm_unlock(struct vmm_lock *lock)
{
    if (__atomic_fetch_sub(&lock->count, 1u, __ATOMIC_RELEASE) > 1)
        nova_ctrl_sm(lock->sm, 0, 0); /* hand over to a waiter */
}

/* A writer other than the one that left the terminal's line open (a
 * guest's prompt) starts on a line of its own. console_lock held. */
static void write_locked(const void *writer, const char *text, size_t len)
{
    static const void *last_writer;
    static bool line_open;
    if (line_open && writer != last_writer && len)
        rt_console_putc('\n');
    for (size_t i = 0; i < len; i++)
        rt_console_putc(text[i]);
    if (len) {
        line_open = text[len - 1] != '\n';
        last_writer = writer;
    }
}

void vmm_console_write(const void *writer, const char *text, size_t len)
{
    vmm_lock(&console_lock);
    write_locked(writer, text, len);
    vmm_unlock(&console_lock);
}

/* What the VMs' PDs wrote into their output rings goes to the UART. */
void vmm_console_drain(struct vm *vms, unsigned count)
{
    vmm_lock(&console_lock);
    for (unsigned i = 0; i < count; i++) {
        struct vm_output *o = &vms[i].out;
        unsigned head = __atomic_load_n(&o->head, __ATOMIC_ACQUIRE), tail = o->tail;
        while (tail != head) {
            unsigned at = tail % VMM_OUT_SIZE, n = head - tail;
            if (n > VMM_OUT_SIZE - at)
                n = VMM_OUT_SIZE - at;
            write_locked(&vms[i], o->buf + at, n);
            tail += n;
        }
        __atomic_store_n(&o->tail, tail, __ATOMIC_RELEASE);
    }
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
            vmm_console_write(NULL, line, strlen(line));
            return;
        }
    }
}

/* A line the guest left open (a shell prompt) shows once it has not grown
 * for IDLE_POLLS polls; flushing earlier would cut the lines of a slowly
 * printing guest into pieces. */
static void flush_idle_lines(struct vm *vms, unsigned count)
{
    static size_t last_len[VMM_MAX_VMS];
    static unsigned idle[VMM_MAX_VMS];
    for (unsigned i = 0; i < count; i++) {
        struct vm *vm = &vms[i];
        vmm_lock(&vm->dev_lock);
        size_t len = vm->uart.line_len;
        idle[i] = len && len == last_len[i] ? idle[i] + 1 : 0;
        last_len[i] = len;
        if (idle[i] == IDLE_POLLS)
            vpl011_flush(&vm->uart);
        vmm_unlock(&vm->dev_lock);
    }
}

void vmm_console_poll(struct vm *vms, unsigned count)
{
    flush_idle_lines(vms, count);
    vmm_console_drain(vms, count);
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
        vm_kick_vcpus(vm, NULL);
        if (!taken) {
            held = c;
            return;
        }
    }
}

static struct vm *poll_vms;
static unsigned poll_count;
static uint64_t poll_stack[1024] __attribute__((aligned(16)));

static void input_thread(void) __attribute__((noreturn));
static void input_thread(void)
{
    uint64_t tick = rt_sel_alloc(0);
    nova_create_sm(tick, SEL_ROOT_PD, 0);
    for (;;) {
        vmm_console_poll(poll_vms, poll_count);
        nova_ctrl_sm(tick, CTRL_SM_DOWN, rt_stc_now() + rt_hip->stc_freq * POLL_MS / 1000);
    }
}

bool vmm_console_init(void) { return vmm_lock_init(&console_lock); }

bool vmm_console_start(struct vm *vms, unsigned count)
{
    struct rt_pd root;
    uint64_t ec = rt_sel_alloc(0), sc = rt_sel_alloc(0);
    poll_vms = vms;
    poll_count = count;
    return rt_pd_root(&root) == STATUS_SUCCESS &&
           rt_thread_create(&root, ec, rt_hip->cpu_bsp, rt_utcb_alloc(), poll_stack + 1024,
                            input_thread, 0) == STATUS_SUCCESS &&
           nova_create_sc(sc, SEL_ROOT_PD, ec, SCD(10, VMM_PRIO, 0)) == STATUS_SUCCESS;
}
