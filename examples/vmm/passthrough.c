/* Host devices passed through to a VM (docs/vmm.md): NAME.vm names each by
 * its path in the machine's device tree. The VM gets its registers at the
 * host address, a copy of its node in the guest's tree, and its SPI: the
 * VM's PD makes the pin guest-owned (assign_int G=1) and a forwarder
 * thread waits on its semaphore; the handlers inject it with the list
 * register's HW bit, so the guest's end of interrupt ends the physical one
 * (docs/abi-choices.md, "Guest-owned host interrupts"). */
#include <novart/hypercall.h>
#include <novart/spawn.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include "vmm.h"

#define IRQ_EDGE_RISING 1u
#define IRQ_LEVEL_HIGH 4u
#define DEVICE_SIZE_MAX (2ull << 20)
#define FWD_EVT_BASE 0xa000u /* in the VM PD's object space: + forwarder * 0x80 */
#define FWD_EVT_STRIDE 0x80u
#define PAGE 0x1000ull

static bool refuse(const struct vm_config *cfg, const struct vm_device *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool refuse(const struct vm_config *cfg, const struct vm_device *d, const char *fmt, ...)
{
    char why[160];
    va_list ap;
    va_start(ap, fmt);
    rt_vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    rt_printf("vmm: %s.vm: passthrough=%s: %s\n", cfg->name, d->path, why);
    return false;
}

/* The node's one SPI, if it has interrupts: edge rising or level high, an
 * SPI the VM's GIC has and not its UART's. */
static bool read_spi(const void *dt, int node, const struct vm_config *cfg, struct vm_device *d)
{
    int len;
    if (!fdt_getprop(dt, node, "interrupts", &len))
        return true;
    unsigned flags = 0;
    d->fdt.has_spi = true;
    bool spi = len == 12 && rt_fdt_spi(dt, node, &d->fdt.spi, &flags);
    flags &= 0xf;
    d->fdt.spi_flags = flags;
    if (!spi || d->fdt.spi >= VMM_SPIS || d->fdt.spi == UART_SPI ||
        (flags != IRQ_EDGE_RISING && flags != IRQ_LEVEL_HIGH))
        return refuse(cfg, d,
                      "its interrupts must be one SPI below %u, not the VM's UART's (%u), edge "
                      "rising (1) or level high (4)",
                      VMM_SPIS, UART_SPI);
    return true;
}

static bool resolve(const void *dt, const struct vm_config *cfg, struct vm_device *d)
{
    int node = d->path[0] == '/' ? fdt_path_offset(dt, d->path) : -FDT_ERR_BADPATH;
    if (node < 0)
        return refuse(cfg, d,
                      "no such node in the machine's device tree; give its full path, as "
                      "/proc/device-tree or dtc -I dtb shows it");
    int len;
    const char *compatible = fdt_getprop(dt, node, "compatible", &len);
    if (!compatible || len <= 0 || len > (int)sizeof(d->compatible) || compatible[len - 1])
        return refuse(cfg, d, "the node needs a compatible property of at most 64 bytes");
    memcpy(d->compatible, compatible, (size_t)len);
    d->fdt.compatible = d->compatible;
    d->fdt.compatible_len = (unsigned)len;
    d->fdt.name = strrchr(d->path, '/') + 1;
    d->fdt.apb_pclk = fdt_stringlist_search(dt, node, "clock-names", "apb_pclk") >= 0;
    uint64_t base, size;
    if (!rt_fdt_reg(dt, node, 0, &base, &size) || base % PAGE || !size || size > DEVICE_SIZE_MAX)
        return refuse(cfg, d,
                      "its first reg entry must be page-aligned registers of at most 2 MiB");
    d->fdt.base = base;
    d->fdt.size = size;
    uint64_t end = base + ((size + PAGE - 1) & ~(PAGE - 1));
    if (vmm_overlaps(base, end, GPA_GICD, GPA_GICR + VMM_MAX_VCPUS * VGIC_V3_REDIST_STRIDE) ||
        vmm_overlaps(base, end, GPA_UART, GPA_UART + PAGE) ||
        vmm_overlaps(base, end, GPA_RAM, GPA_RAM + cfg->memory))
        return refuse(cfg, d,
                      "its registers overlap the VM's GIC, UART or RAM (the guest-physical map "
                      "is in docs/vmm.md); pass through another device");
    return read_spi(dt, node, cfg, d);
}

bool passthrough_resolve(const void *dt, struct vm_config *cfg)
{
    for (unsigned i = 0; i < cfg->nr_devices; i++)
        if (!resolve(dt, cfg, &cfg->devices[i]))
            return false;
    return true;
}

/* In the VM's PD, on vCPU 0's CPU, above the vCPUs (it takes no lock). */
void passthrough_forward(uint64_t *stack_top) __attribute__((noreturn));
__asm__(".text\n .global passthrough_forward_entry\n"
        "passthrough_forward_entry: mov x0, sp\n b passthrough_forward\n");
void passthrough_forward_entry(void);

void passthrough_forward(uint64_t *stack_top)
{
    struct vm_forwarder *f =
        (struct vm_forwarder *)((char *)stack_top - offsetof(struct vm_forwarder, stack) -
                                sizeof(f->stack));
    struct vm *vm = f->vm;
    unsigned flags = ASSIGN_INT_GUEST | (f->level ? ASSIGN_INT_LEVEL : 0);
    enum nova_status s = nova_assign_int(f->sel_int, flags, f->cpu, 0, NULL, NULL);
    while (s == STATUS_SUCCESS) {
        s = nova_ctrl_sm(f->sel_int, CTRL_SM_DOWN, 0);
        if (s == STATUS_SUCCESS && !vm->stopped) {
            __atomic_or_fetch(&vm->hw_pending, 1u << f->index, __ATOMIC_RELEASE);
            vcpu_kick(&vm->vcpu[0]);
        }
    }
    vm_say(vm, "vmm: %s: the forwarder of INTID %u failed (status %d)\n", vm->name, f->intid, s);
    __builtin_trap(); /* no event portal: the kernel kills this thread */
}

void passthrough_drain(struct vm *vm)
{
    uint32_t pending = __atomic_exchange_n(&vm->hw_pending, 0, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < vm->nr_forwarders; i++)
        if (pending & (1u << i))
            vgic_inject(&vm->gic, 0, vm->forwarder[i].intid);
}

/* The interrupt semaphore goes to the VM's PD at the root's selector, with
 * ASSIGN: the pin becomes that PD's, whose vCPUs may then end it. */
static bool start_forwarder(struct vm *vm, const struct vm_device *d, const struct rt_pd *pd)
{
    struct vm_forwarder *f = &vm->forwarder[vm->nr_forwarders];
    f->vm = vm;
    f->index = vm->nr_forwarders;
    f->intid = 32 + d->fdt.spi;
    f->cpu = vm->vcpu[0].cpu;
    f->level = d->fdt.spi_flags == IRQ_LEVEL_HIGH;
    f->sel_int = rt_sel_alloc(0);
    uint64_t ec = rt_sel_alloc(1);
    uint64_t evt = FWD_EVT_BASE + f->index * FWD_EVT_STRIDE;
    enum nova_status s = nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ,
                                      SEL_NOVA_INT_BASE + d->fdt.spi, f->sel_int, 0, 0x1f, 0);
    if (s == STATUS_SUCCESS)
        s = rt_pd_grant(pd, f->sel_int, f->sel_int, PERM_SM_ASSIGN | PERM_SM_CTRL_DN);
    if (s == STATUS_SUCCESS && !vgic_set_hw(&vm->gic, f->intid))
        s = STATUS_BAD_PAR;
    if (s == STATUS_SUCCESS)
        s = rt_thread_create(pd, ec, f->cpu, VMM_UTCB_VPN + VMM_MAX_VCPUS + f->index,
                             f->stack + sizeof(f->stack) / sizeof(f->stack[0]),
                             passthrough_forward_entry, evt);
    if (s == STATUS_SUCCESS)
        s = nova_create_sc(ec + 1, pd->pd, ec, SCD(10, VMM_FORWARD_PRIO, 0));
    if (s != STATUS_SUCCESS)
        rt_printf("vmm: %s: passthrough=%s: its interrupt: status %d\n", vm->name, d->path, s);
    vm->nr_forwarders += s == STATUS_SUCCESS;
    return s == STATUS_SUCCESS;
}

bool passthrough_start(struct vm *vm, const struct vm_config *cfg, const struct rt_pd *pd)
{
    for (unsigned i = 0; i < cfg->nr_devices; i++) {
        const struct vm_device *d = &cfg->devices[i];
        for (uint64_t off = 0; off < d->fdt.size; off += PAGE) {
            enum nova_status s =
                nova_ctrl_pd(vmm_sel_nova_hst, vm->sel_gst, (d->fdt.base + off) >> 12,
                             (d->fdt.base + off) >> 12, 0, PERM_MEM_R | PERM_MEM_W, RT_MAD_DEVICE);
            if (s != STATUS_SUCCESS) {
                rt_printf("vmm: %s: passthrough=%s: the kernel refused its registers (status "
                          "%d): protected memory cannot be passed through\n",
                          vm->name, d->path, s);
                return false;
            }
        }
        if (d->fdt.has_spi && !start_forwarder(vm, d, pd))
            return false;
    }
    return true;
}
