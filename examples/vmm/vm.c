/* A virtual machine: its guest space and RAM, the Linux kernel, initrd and
 * device tree loaded into it, the device models, and one vCPU with its
 * handler EC per virtual CPU. */
#include <novart/hypercall.h>
#include <novart/spawn.h>
#include <libfdt.h>
#include <string.h>
#include "guest_fdt.h"
#include "linux_boot.h"
#include "vmm.h"

#define EVT_BASE 0x8000u /* each vCPU's events at EVT_BASE + global index * 0x80 */
#define EVT_STRIDE 0x80u
#define MTD_EXIT (MTD_GPR | MTD_EL2_ELR_SPSR | MTD_EL2_ESR_FAR | MTD_EL2_HPFAR | MTD_GIC | MTD_TMR)
#define OVERLAY_MAX 0x10000u
#define PERM_RWX (PERM_MEM_R | PERM_MEM_W | PERM_MEM_XU | PERM_MEM_XS)

static const unsigned vcpu_events[] = {0x00,
                                       0x01,
                                       0x07,
                                       0x16,
                                       0x17,
                                       0x18,
                                       0x20,
                                       0x21,
                                       0x22,
                                       0x24,
                                       0x25,
                                       0x26,
                                       0x2f,
                                       0x3c,
                                       HIP_SEL_GST_ARCH,
                                       HIP_SEL_GST_ARCH + 1,
                                       HIP_SEL_GST_ARCH + 2};

/* Called with dev_lock held, in the VM's PD or in the root task. */
static void uart_output(void *ctx, const char *text, size_t len) { vm_output(ctx, text, len); }

static void uart_irq(void *ctx, bool level)
{
    struct vm *vm = ctx;
    vgic_set_level(&vm->gic, 0, 32 + UART_SPI, level);
}

static bool cpu_on(void *ctx, unsigned index, uint64_t entry, uint64_t context)
{
    struct vm *vm = ctx;
    struct vcpu *v = &vm->vcpu[index];
    v->start_pc = entry;
    v->start_x0 = context;
    return nova_ctrl_sm(v->sel_start, 0, 0) == STATUS_SUCCESS;
}

static void system_off(void *ctx) { vm_stop(ctx, "powered off"); }
static void system_reset(void *ctx) { vm_stop(ctx, "reset requested, stopped"); }

static const struct psci_ops psci_ops = {
    .cpu_on = cpu_on,
    .system_off = system_off,
    .system_reset = system_reset,
};

void vm_stop(struct vm *vm, const char *why)
{
    vm_say(vm, "vmm: %s %s\n", vm->name, why);
    vm->stopped = true;
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        nova_ctrl_sm(vm->vcpu[i].sel_start, 0, 0); /* a secondary never started */
        vcpu_kick(&vm->vcpu[i]);
    }
}

/* NAME.dtbo, a device-tree overlay (dtc's /plugin/ format), applied to the
 * generated tree: it names its targets by path (`&{/chosen}`), as the
 * generated tree has no labels. libfdt changes the overlay while applying
 * it, so a copy is applied. */
static bool apply_overlay(struct vm *vm, void *fdt, const struct vm_config *cfg)
{
    static uint8_t overlay[OVERLAY_MAX] __attribute__((aligned(8)));
    int err = -FDT_ERR_NOSPACE;
    if (cfg->dtbo_size <= sizeof(overlay)) {
        memcpy(overlay, cfg->dtbo, cfg->dtbo_size);
        err = fdt_check_header(overlay);
        if (!err && fdt_totalsize(overlay) > cfg->dtbo_size)
            err = -FDT_ERR_TRUNCATED;
        if (!err)
            err = fdt_open_into(fdt, fdt, LINUX_BOOT_DTB_MAX);
        if (!err)
            err = fdt_overlay_apply(fdt, overlay);
        if (!err)
            err = fdt_pack(fdt);
    }
    if (err)
        rt_printf("vmm: %s.dtbo: %s; compile it with dtc -@ from a /plugin/ source of at most "
                  "%u KiB that names its targets by path\n",
                  vm->name, fdt_strerror(err), OVERLAY_MAX / 1024);
    return !err;
}

/* Guest RAM: the physical range, mapped here to load it, and delegated to
 * the guest space from the NOVA host space (executable there). */
static bool load(struct vm *vm, const struct vm_config *cfg)
{
    struct linux_boot_image img;
    struct linux_boot_layout lay;
    struct guest_fdt_device devices[VMM_MAX_DEVICES];
    for (unsigned i = 0; i < cfg->nr_devices; i++)
        devices[i] = cfg->devices[i].fdt;
    enum linux_boot_status st = linux_boot_parse(cfg->kernel, cfg->kernel_size, &img);
    if (st == LINUX_BOOT_OK)
        st = linux_boot_layout(&img, GPA_RAM, vm->ram_size, LINUX_BOOT_DTB_MAX, cfg->initrd_size,
                               &lay);
    if (st != LINUX_BOOT_OK) {
        rt_printf("vmm: %s: kernel: %s\n", vm->name, linux_boot_status_str(st));
        return false;
    }
    uint8_t *ram =
        rt_map_phys(vm->ram_pa, vm->ram_size >> 12, RT_MAD_MEMORY, PERM_MEM_R | PERM_MEM_W);
    if (!ram) {
        rt_printf("vmm: %s: cannot map its RAM at 0x%lx\n", vm->name, (unsigned long)vm->ram_pa);
        return false;
    }
    memcpy(ram + (lay.kernel_addr - GPA_RAM), cfg->kernel, cfg->kernel_size);
    if (cfg->initrd_size)
        memcpy(ram + (lay.initrd_addr - GPA_RAM), cfg->initrd, cfg->initrd_size);
    struct guest_fdt_params p = {
        .ram_base = GPA_RAM,
        .ram_size = vm->ram_size,
        .nr_vcpus = vm->nr_vcpus,
        .gic_version = vm->gic_version,
        .gicd_base = GPA_GICD,
        .gicc_base = GPA_GICC,
        .gicr_base = GPA_GICR,
        .uart_base = GPA_UART,
        .uart_spi = UART_SPI,
        .bootargs = cfg->bootargs,
        .initrd_base = cfg->initrd_size ? lay.initrd_addr : 0,
        .initrd_size = cfg->initrd_size,
        .devices = devices,
        .nr_devices = cfg->nr_devices,
    };
    size_t fdt_size;
    enum guest_fdt_status fs =
        guest_fdt_build(ram + (lay.dtb_addr - GPA_RAM), LINUX_BOOT_DTB_MAX, &p, &fdt_size);
    if (fs != GUEST_FDT_OK) {
        rt_printf("vmm: %s: device tree: %s\n", vm->name, guest_fdt_status_str(fs));
        return false;
    }
    if (cfg->dtbo && !apply_overlay(vm, ram + (lay.dtb_addr - GPA_RAM), cfg))
        return false;
    struct linux_boot_regs regs;
    linux_boot_entry(&lay, &regs);
    vm->vcpu[0].start_pc = regs.pc;
    vm->vcpu[0].start_x0 = regs.x[0];
    for (uint64_t off = 0; off < vm->ram_size; off += 0x200000) {
        enum nova_status s = nova_ctrl_pd(vmm_sel_nova_hst, vm->sel_gst, (vm->ram_pa + off) >> 12,
                                          (GPA_RAM + off) >> 12, 9, PERM_RWX, RT_MAD_MEMORY);
        if (s != STATUS_SUCCESS) {
            rt_printf("vmm: %s: ctrl_pd of its RAM: status %d\n", vm->name, s);
            return false;
        }
    }
    return true;
}

/* The capability at root selector sel goes to the VM's PD at the same
 * selector: code shared by both then names it the same way. */
static bool give(const struct rt_pd *pd, uint64_t sel, unsigned perm)
{
    return rt_pd_grant(pd, sel, sel, perm) == STATUS_SUCCESS;
}

/* A vCPU, its handler EC and event portals, all in the VM's PD. */
static bool start_vcpu(struct vm *vm, struct vcpu *v, unsigned global, const struct rt_pd *pd)
{
    uint64_t evt = EVT_BASE + global * EVT_STRIDE;
    v->sel_handler = rt_sel_alloc(0);
    v->sel_ec = rt_sel_alloc(0);
    v->sel_sc = rt_sel_alloc(0);
    v->sel_wake = rt_sel_alloc(0);
    v->sel_start = rt_sel_alloc(0);
    v->utcb_vpn = VMM_UTCB_VPN + v->index;
    if (nova_create_sm(v->sel_wake, pd->pd, 0) != STATUS_SUCCESS ||
        nova_create_sm(v->sel_start, pd->pd, 0) != STATUS_SUCCESS ||
        !give(pd, v->sel_wake, PERM_SM_CTRL_UP | PERM_SM_CTRL_DN) ||
        !give(pd, v->sel_start, PERM_SM_CTRL_UP | PERM_SM_CTRL_DN) ||
        nova_create_ec(v->sel_handler, CREATE_EC_FPU, pd->pd, v->utcb_vpn, v->cpu,
                       (uintptr_t)(v->stack + VMM_STACK_WORDS), 0) != STATUS_SUCCESS)
        return false;
    for (unsigned i = 0; i < sizeof(vcpu_events) / sizeof(vcpu_events[0]); i++) {
        uint64_t pt = evt + vcpu_events[i];
        if (nova_create_pt(pt, pd->pd, v->sel_handler, (uintptr_t)vcpu_handler_entry) !=
                STATUS_SUCCESS ||
            nova_ctrl_pt(pt, (uint64_t)global << 8 | vcpu_events[i], MTD_EXIT) != STATUS_SUCCESS ||
            !give(pd, pt, PERM_PT_EVENT))
            return false;
    }
    enum nova_status s =
        nova_create_ec(v->sel_ec, CREATE_EC_GUEST | CREATE_EC_FPU, pd->pd, 0, v->cpu, 0, evt);
    if (s == STATUS_SUCCESS && !give(pd, v->sel_ec, PERM_EC_CTRL))
        s = STATUS_ABORTED;
    if (s == STATUS_SUCCESS)
        s = nova_create_sc(v->sel_sc, pd->pd, v->sel_ec, SCD(10, VMM_PRIO, 0));
    if (s != STATUS_SUCCESS)
        rt_printf("vmm: %s vCPU %u: status %d\n", vm->name, v->index, s);
    return s == STATUS_SUCCESS;
}

/* The VM's PD (its VMM instance) gets the root task's code, the pages of
 * this struct vm, the guest space, and the capabilities its handlers use;
 * not the root's other data, nor other VMs'. */
bool vm_start(struct vm *vm, unsigned index, const struct vm_config *cfg, uint64_t ram_pa,
              unsigned gic_version, uint64_t gicv_pa)
{
    char prefix[VMM_NAME_MAX + 4];
    struct rt_pd pd;
    memset(vm, 0, sizeof(*vm));
    memcpy(vm->name, cfg->name, sizeof(vm->name));
    vm->index = index;
    vm->nr_vcpus = cfg->cpus;
    vm->gic_version = gic_version;
    vm->ram_pa = ram_pa;
    vm->ram_size = cfg->memory;
    rt_snprintf(prefix, sizeof(prefix), "[%s] ", vm->name);
    if (!vgic_init(&vm->gic, gic_version == 3 ? VGIC_V3 : VGIC_V2, vm->nr_vcpus, VMM_SPIS) ||
        !psci_init(&vm->psci, vm->nr_vcpus, &psci_ops, vm))
        return false;
    vpl011_init(&vm->uart, prefix, uart_output, uart_irq, vm);
    vm->sel_gst = rt_sel_alloc(0);
    if (rt_pd_create(&pd) != STATUS_SUCCESS ||
        rt_pd_share(&pd, vm, sizeof(*vm), PERM_MEM_R | PERM_MEM_W) != STATUS_SUCCESS ||
        !vmm_lock_init(&vm->dev_lock) ||
        !give(&pd, vm->dev_lock.sm, PERM_SM_CTRL_UP | PERM_SM_CTRL_DN) ||
        nova_create_pd(vm->sel_gst, CREATE_PD_OP_GST, pd.pd) != STATUS_SUCCESS ||
        !give(&pd, vm->sel_gst, PERM_SPACE_ASSIGN) || !load(vm, cfg))
        return false;
    if (gic_version == 2 &&
        nova_ctrl_pd(vmm_sel_nova_hst, vm->sel_gst, gicv_pa >> 12, GPA_GICC >> 12, 1,
                     PERM_MEM_R | PERM_MEM_W, RT_MAD_DEVICE) != STATUS_SUCCESS)
        return false;
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        struct vcpu *v = &vm->vcpu[i];
        v->vm = vm;
        v->index = i;
        v->cpu = (index + i) % rt_hip->cpu_num;
        if (!start_vcpu(vm, v, index * VMM_MAX_VCPUS + i, &pd))
            return false;
    }
    return passthrough_start(vm, cfg, &pd);
}
