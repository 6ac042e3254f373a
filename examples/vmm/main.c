/* The VMM root task: finds the VMs in the image's modules, gives each its
 * RAM from the top of the first memory bank, starts them, and passes
 * console input to the VM in focus until every VM has stopped. */
#include <novart/fdt.h>
#include <novart/spawn.h>
#include <libfdt.h>
#include <string.h>
#include "vmm.h"

#define VM_MEMORY_DEFAULT (128ull << 20)

extern struct vm vmm_vms[];
uint64_t vmm_sel_nova_hst;
static struct vm_config configs[VMM_MAX_VMS];
static unsigned vm_count;
static bool config_refused; /* a NAME.vm line said why */

/* "NAME.kind": the VM called NAME, created on first sight. */
static struct vm_config *config_for(const char *module, const char **kind)
{
    const char *dot = strrchr(module, '.');
    size_t n = dot ? (size_t)(dot - module) : 0;
    if (!dot || n == 0 || n >= VMM_NAME_MAX)
        return NULL;
    *kind = dot + 1;
    for (unsigned i = 0; i < vm_count; i++)
        if (strncmp(configs[i].name, module, n) == 0 && configs[i].name[n] == 0)
            return &configs[i];
    if (vm_count == VMM_MAX_VMS)
        return NULL;
    struct vm_config *c = &configs[vm_count++];
    memcpy(c->name, module, n);
    c->cpus = 1;
    c->memory = VM_MEMORY_DEFAULT;
    return c;
}

/* NAME.vm: "cpus=N", "memory=NM", "bootargs=..." and "passthrough=PATH"
 * lines (docs/vmm.md). */
static void add_device(struct vm_config *c, const char *path, size_t len)
{
    if (c->nr_devices == VMM_MAX_DEVICES || len >= VMM_PATH_MAX) {
        rt_printf("vmm: %s.vm: passthrough=%.*s: at most %u devices, paths below %u bytes\n",
                  c->name, (int)len, path, VMM_MAX_DEVICES, VMM_PATH_MAX);
        config_refused = true;
        return;
    }
    memcpy(c->devices[c->nr_devices++].path, path, len);
}

static void parse_vm(struct vm_config *c, const char *text, uint64_t size)
{
    const char *end = text + size;
    while (text < end) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        size_t len = nl ? (size_t)(nl - text) : (size_t)(end - text);
        if (len > 5 && strncmp(text, "cpus=", 5) == 0)
            c->cpus = (unsigned)strtoul(text + 5, NULL, 10);
        else if (len > 7 && strncmp(text, "memory=", 7) == 0)
            c->memory = strtoul(text + 7, NULL, 10) << 20;
        else if (len > 9 && strncmp(text, "bootargs=", 9) == 0 && len - 9 < sizeof(c->bootargs))
            memcpy(c->bootargs, text + 9, len - 9);
        else if (len > 12 && strncmp(text, "passthrough=", 12) == 0)
            add_device(c, text + 12, len - 12);
        text += len + 1;
    }
}

static bool read_modules(const struct manifest *m)
{
    for (unsigned i = 0; m && i < m->count; i++) {
        const struct manifest_entry *e = &m->entry[i];
        const char *kind = "";
        struct vm_config *c = config_for(e->name, &kind);
        const void *data = rt_module_map(e);
        if (!c || !data)
            continue;
        if (strcmp(kind, "kernel") == 0) {
            c->kernel = data;
            c->kernel_size = e->size;
        } else if (strcmp(kind, "initrd") == 0) {
            c->initrd = data;
            c->initrd_size = e->size;
        } else if (strcmp(kind, "dtbo") == 0) {
            c->dtbo = data;
            c->dtbo_size = e->size;
        } else if (strcmp(kind, "vm") == 0) {
            parse_vm(c, data, e->size);
        }
    }
    for (unsigned i = 0; i < vm_count; i++) {
        struct vm_config *c = &configs[i];
        if (!c->kernel || c->cpus < 1 || c->cpus > VMM_MAX_VCPUS || c->memory < (16ull << 20) ||
            c->memory % (2ull << 20)) {
            rt_printf("vmm: %s: needs a %s.kernel module, 1 to %u cpus and memory a multiple of "
                      "2 MiB from 16 MiB\n",
                      c->name, c->name, VMM_MAX_VCPUS);
            return false;
        }
    }
    return vm_count > 0 && !config_refused;
}

/* Each VM's passthrough= nodes exist and suit it; no device goes to two. */
static bool resolve_devices(const void *dt)
{
    for (unsigned i = 0; i < vm_count; i++) {
        if (!passthrough_resolve(dt, &configs[i]))
            return false;
        for (unsigned j = 0; j < i; j++)
            for (unsigned a = 0; a < configs[i].nr_devices; a++)
                for (unsigned b = 0; b < configs[j].nr_devices; b++)
                    if (configs[i].devices[a].fdt.base == configs[j].devices[b].fdt.base) {
                        rt_printf("vmm: passthrough=%s: in %s.vm and in %s.vm; a device goes to "
                                  "one VM\n",
                                  configs[i].devices[a].path, configs[j].name, configs[i].name);
                        return false;
                    }
    }
    return true;
}

/* RAM for the VMs, top down from the end of the first memory bank; none
 * of it may hold the kernel, the root task or the device tree. */
static bool place_ram(const void *dt, uint64_t fdt_pa, uint64_t *pa)
{
    uint64_t base, size;
    if (!rt_fdt_first_ram(dt, &base, &size))
        return false;
    uint64_t top = (base + size) & ~((2ull << 20) - 1);
    for (unsigned i = 0; i < vm_count; i++) {
        top -= configs[i].memory;
        pa[i] = top;
        if (top < base ||
            vmm_overlaps(top, top + configs[i].memory, rt_hip->nova_start, rt_hip->nova_end) ||
            vmm_overlaps(top, top + configs[i].memory, rt_hip->root_start, rt_hip->root_end) ||
            vmm_overlaps(top, top + configs[i].memory, fdt_pa, fdt_pa + fdt_totalsize(dt))) {
            rt_printf("vmm: %s: no room for %lu MiB of RAM; give the machine more memory\n",
                      configs[i].name, (unsigned long)(configs[i].memory >> 20));
            return false;
        }
    }
    return true;
}

int main(const struct nova_hip *hip, uint64_t fdt, uint64_t x1, uint64_t manifest)
{
    (void)x1;
    const void *dt;
    int status = rt_console_open(fdt, &dt);
    if (status != RT_EXIT_OK)
        return status;
    uint64_t ram[VMM_MAX_VMS];
    if (!read_modules(rt_manifest(manifest)) || !resolve_devices(dt) || !place_ram(dt, fdt, ram))
        return RT_EXIT_FAILURE;
    if (!vmm_console_init())
        return RT_EXIT_FAILURE;
    vmm_sel_nova_hst = rt_sel_alloc(0);
    nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_HST, vmm_sel_nova_hst, 0, 0x1f, 0);

    unsigned gic_version = fdt_node_offset_by_compatible(dt, -1, "arm,gic-v3") >= 0 ? 3 : 2;
    uint64_t gicv = 0, gicv_size = 0;
    if (gic_version == 2) {
        int gic = fdt_node_offset_by_compatible(dt, -1, "arm,cortex-a15-gic");
        if (gic < 0 || !rt_fdt_reg(dt, gic, 3, &gicv, &gicv_size)) {
            rt_printf("vmm: the GICv2 has no virtual CPU interface (GICV)\n");
            return RT_EXIT_FAILURE;
        }
    }
    for (unsigned i = 0; i < vm_count; i++) {
        rt_printf("vmm: %s: %u vCPU%s, %lu MiB at 0x%lx, GICv%u\n", configs[i].name,
                  configs[i].cpus, configs[i].cpus > 1 ? "s" : "",
                  (unsigned long)(configs[i].memory >> 20), (unsigned long)ram[i], gic_version);
        if (!vm_start(&vmm_vms[i], i, &configs[i], ram[i], gic_version, gicv)) {
            rt_printf("vmm: %s: could not start\n", configs[i].name);
            return RT_EXIT_FAILURE;
        }
    }
    if (!vmm_console_start(vmm_vms, vm_count) || !native_start(hip->cpu_num - 1u)) {
        rt_printf("vmm: could not start the input thread or the native PD\n");
        return RT_EXIT_FAILURE;
    }
    uint64_t sel_tick = rt_sel_alloc(0);
    nova_create_sm(sel_tick, SEL_ROOT_PD, 0);
    for (;;) {
        unsigned running = 0;
        for (unsigned i = 0; i < vm_count; i++)
            running += !vmm_vms[i].stopped;
        if (!running)
            break;
        nova_ctrl_sm(sel_tick, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq / 10);
    }
    vmm_console_drain(vmm_vms, vm_count);
    rt_printf("vmm: all VMs stopped\n");
    return RT_EXIT_OK;
}
