/* The VMM: runs unmodified Linux guests in virtual machines next to
 * native code (docs/vmm.md). It lives in the root task: one handler EC per
 * vCPU, on that vCPU's CPU, serves its exits through event portals; the
 * device models (vgic, vpl011, psci) are shared by the VM's handlers. */
#ifndef VMM_H
#define VMM_H

#include <nova/utcb.h>
#include <novart/rt.h>
#include <stdbool.h>
#include <stdint.h>
#include "guest_fdt.h"
#include "psci.h"
#include "vgic.h"
#include "vpl011.h"

#define VMM_MAX_VMS 4
#define VMM_MAX_VCPUS 4
#define VMM_NAME_MAX 16
#define VMM_STACK_WORDS 2048
#define VMM_OUT_SIZE 0x10000u /* bytes of console output in flight per VM */
#define VMM_PRIO 10           /* vCPUs and the input thread: they share the vGIC's spinlock */
#define VMM_FORWARD_PRIO 11   /* interrupt forwarders: they take no lock */
#define VMM_MAX_DEVICES GUEST_FDT_MAX_DEVICES
#define VMM_PATH_MAX 64
#define VMM_UTCB_VPN 0x7000000u /* UTCBs in the VM's PD: vCPU handlers, then forwarders */

/* Guest-physical map, as QEMU virt has it (docs/vmm.md). */
#define GPA_GICD 0x08000000u
#define GPA_GICC 0x08010000u /* GICv2: the host's GICV pages */
#define GPA_GICR 0x080a0000u /* GICv3 */
#define GPA_UART 0x09000000u
#define GPA_RAM 0x40000000u
#define UART_SPI 1u
#define VMM_SPIS 64u /* SPIs of each VM's GIC */
#define INTID_VTIMER 27u

struct vm;
struct rt_pd;

/* [a, a_end) and [b, b_end) share an address. */
static inline bool vmm_overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
    return a < b_end && b < a_end;
}

/* A lock that costs no hypercall unless contended: a count of holders and
 * waiters, and a semaphore the waiters block on (a holder preempted by
 * anyone never leaves a waiter spinning). */
struct vmm_lock {
    unsigned count;
    uint64_t sm;
};
bool vmm_lock_init(struct vmm_lock *lock);

struct vcpu {
    struct vm *vm;
    unsigned index; /* in the VM: MPIDR Aff0 */
    unsigned cpu;   /* physical CPU of the vCPU and its handler */
    uint64_t sel_ec, sel_sc, sel_handler, sel_wake, sel_start;
    uint64_t utcb_vpn;           /* the handler's UTCB */
    unsigned lrs;                /* list registers the hardware has */
    uint64_t lr[VGIC_MAX_LRS];   /* as the last reply left them */
    uint64_t start_pc, start_x0; /* set by PSCI CPU_ON, read by STARTUP */
    uint64_t stack[VMM_STACK_WORDS] __attribute__((aligned(16)));
};

/* Console output of a VM's PD, to the root task: a ring written under
 * dev_lock by the VM's handlers, drained by the root's console thread. */
struct vm_output {
    char buf[VMM_OUT_SIZE];
    unsigned head; /* written by the VM's PD (release) */
    unsigned tail; /* written by the root task (release) */
};

/* A host device's interrupt, passed through (passthrough.c): a thread in
 * the VM's PD waits on its semaphore and has the handlers inject it. */
struct vm_forwarder {
    struct vm *vm;
    unsigned index; /* bit in vm->hw_pending */
    unsigned intid; /* the same on the host and in the VM */
    unsigned cpu;   /* vCPU 0's, where the pin is routed */
    bool level;
    uint64_t sel_int;
    uint64_t stack[512] __attribute__((aligned(16))); /* last: its top finds the struct */
};

/* One VM, in pages of its own: the root task shares them with the VM's PD,
 * which runs the handlers (docs/vmm.md). Selectors name the same
 * capability in the root's and in the VM PD's object space. */
struct vm {
    char name[VMM_NAME_MAX];
    unsigned index, nr_vcpus, gic_version;
    uint64_t ram_pa, ram_size;
    uint64_t sel_gst;
    volatile bool stopped;
    struct vmm_lock dev_lock; /* guards the UART model and the output ring */
    struct vm_output out;
    struct vgic gic;
    struct vpl011 uart;
    struct psci psci;
    struct vcpu vcpu[VMM_MAX_VCPUS];
    uint32_t hw_pending; /* forwarders whose interrupt came; atomic */
    unsigned nr_forwarders;
    struct vm_forwarder forwarder[VMM_MAX_DEVICES];
} __attribute__((aligned(4096)));

/* A host device NAME.vm passes through, as the machine's device tree
 * describes it (passthrough.c). */
struct vm_device {
    char path[VMM_PATH_MAX];
    char compatible[GUEST_FDT_COMPATIBLE_MAX];
    struct guest_fdt_device fdt; /* its strings point into this struct */
};

/* Image modules of one VM: NAME.kernel, NAME.initrd, NAME.dtbo, NAME.vm
 * (docs/vmm.md). */
struct vm_config {
    char name[VMM_NAME_MAX];
    const void *kernel, *initrd, *dtbo;
    uint64_t kernel_size, initrd_size, dtbo_size;
    unsigned cpus;
    uint64_t memory;
    char bootargs[256];
    unsigned nr_devices;
    struct vm_device devices[VMM_MAX_DEVICES];
};

/* vm.c */
bool vm_start(struct vm *vm, unsigned index, const struct vm_config *cfg, uint64_t ram_pa,
              unsigned gic_version, uint64_t gicv_pa);
void vm_stop(struct vm *vm, const char *why);

/* passthrough.c. In the root task: checks NAME.vm's passthrough= nodes
 * against the machine's device tree, saying what is wrong and how to fix
 * it; then gives a VM their registers (at their host addresses) and their
 * interrupts. In the VM's PD: injects the interrupts the forwarders saw. */
bool passthrough_resolve(const void *dt, struct vm_config *cfg);
bool passthrough_start(struct vm *vm, const struct vm_config *cfg, const struct rt_pd *pd);
void passthrough_drain(struct vm *vm);

/* exit.c: the handler of every event of vCPU vcpu (portal id: vCPU << 8 |
 * event), in the VM's PD. */
void vcpu_handler_entry(void);
void vcpu_kick(struct vcpu *vcpu);
/* Wake the vCPUs a vGIC change made something deliverable for (semaphore
 * up if blocked in WFI, recall if running), but self, which fills its list
 * registers before it replies anyway. */
void vm_kick_vcpus(struct vm *vm, const struct vcpu *self);
/* A line for the root's console from the VM's PD; dev_lock held. */
void vm_output(struct vm *vm, const char *text, size_t len);
void vm_say(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* console.c: whole lines from several CPUs, and input for the VM in focus. */
void vmm_console_write(const void *writer, const char *text, size_t len);
void vmm_console_poll(struct vm *vms, unsigned count);
void vmm_console_drain(struct vm *vms, unsigned count);
void vmm_lock(struct vmm_lock *lock);
void vmm_unlock(struct vmm_lock *lock);
/* The output lock, before any VM runs; then the console thread, which
 * drains the VMs' output rings and polls the UART for input, at the vCPUs'
 * priority. */
bool vmm_console_init(void);
bool vmm_console_start(struct vm *vms, unsigned count);

/* native.c: a native PD that prints while the guests run. */
bool native_start(unsigned cpu);

extern uint64_t vmm_sel_nova_hst;
extern uint64_t vmm_stc_freq;

#endif
