/* Boot of the core on the boot CPU: discovery, console, memory, HIP and the
 * root PD (ARCHITECTURE.md "Boot"). Each step that depends on firmware or
 * on the image checks its input and stops with a console message. */
#include <nova/manifest.h>
#include <string.h>
#include "arch.h"
#include "board.h"
#include "cmdline.h"
#include "console.h"
#include "elf.h"
#include "hip.h"
#include "init.h"
#include "kmem.h"
#include "memmap.h"
#include "payload.h"
#include "root.h"
#include "sched.h"
#include "selftest.h"
#include "space_hst.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_MAX_SIZE (UINT64_C(2) << 20)
#define BOOT_BLOCK_2M (UINT64_C(2) << 20)

static struct platform platform;

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Map and sanity-check the FDT. Returns its kernel address or NULL. */
static const void *map_fdt(paddr_t fdt)
{
    if (!pa_addr(fdt) || (pa_addr(fdt) & 7))
        return NULL;
    /* booti: the DTB is at most 2 MiB, in RAM; map the 2 MiB blocks around it. */
    paddr_t base = pa_init(ALIGN_DOWN(pa_addr(fdt), BOOT_BLOCK_2M));
    if (arch_map_linear(base, 2 * BOOT_BLOCK_2M) != STATUS_SUCCESS)
        return NULL;
    const void *va = arch_phys_to_virt(fdt);
    if (be32(va) != FDT_MAGIC || be32((const char *)va + 4) > FDT_MAX_SIZE)
        return NULL;
    return va;
}

static void warn_word(const char *word, size_t len)
{
    kprintf("NOVA: warning: ignoring unknown command-line word '");
    for (size_t i = 0; i < len; i++)
        kprintf("%c", word[i]);
    kprintf("'\n");
}

/* Bytes of RAM from pa to the end of its bank; 0 if pa is not in RAM. */
static uint64_t ram_after(uint64_t pa)
{
    for (unsigned i = 0; i < platform.ram_count; i++) {
        uint64_t b = pa_addr(platform.ram[i].base), s = platform.ram[i].size;
        if (pa >= b && pa - b < s)
            return s - (pa - b);
    }
    return 0;
}

/* Turn the builder's offsets into physical addresses (once). */
static bool manifest_relocate(const struct payload_header *ph, paddr_t payload_pa, uint64_t *out)
{
    if (!ph->manifest_offset)
        return false;
    struct manifest *m = (struct manifest *)((char *)ph + ph->manifest_offset);
    if (ph->manifest_size < sizeof(*m) || m->magic != MANIFEST_MAGIC ||
        m->version != MANIFEST_VERSION ||
        m->count > (ph->manifest_size - sizeof(*m)) / sizeof(m->entry[0]))
        panic("image payload: corrupt boot manifest; rebuild the image");
    for (uint32_t i = 0; i < m->count; i++) {
        if (m->entry[i].phys > ph->total_size ||
            m->entry[i].size > ph->total_size - m->entry[i].phys)
            panic("image payload: module %u outside the payload; rebuild the image", i);
        m->entry[i].phys += pa_addr(payload_pa);
        m->entry[i].name[MANIFEST_NAME_MAX - 1] = '\0';
    }
    m->phys = pa_addr(payload_pa) + ph->manifest_offset;
    *out = m->phys;
    return true;
}

static void init_console(void)
{
    if (!platform.uart.driver)
        return;
    void *uart_va =
        arch_map_device(platform.uart.base, platform.uart.size ? platform.uart.size : PAGE_SIZE);
    console_init_uart(platform.uart.driver, (uintptr_t)uart_va, platform.uart.clock_hz,
                      platform.uart.baud);
}

static void protect_kernel(const struct boot_info *boot)
{
    space_hst_protect(boot->image_start, pa_addr(boot->payload_start) - pa_addr(boot->image_start));
    space_hst_protect(boot->mbuf_end, pa_addr(boot->image_end) - pa_addr(boot->mbuf_end));
    const struct mem_range gic[] = {
        {platform.gic.dist, platform.gic.dist_size},
        {platform.gic.redist, platform.gic.redist_size},
        {platform.gic.cpu, platform.gic.cpu_size},
        {platform.gic.hyp, platform.gic.hyp_size},
    };
    for (unsigned i = 0; i < ARRAY_SIZE(gic); i++)
        if (gic[i].size)
            space_hst_protect(gic[i].base, gic[i].size);
    if (platform.gic.vcpu_size)
        space_hst_guest_only(platform.gic.vcpu, platform.gic.vcpu_size);
}

/* The RAM nothing else claims: what the root task may hand out. */
static void print_usable_ram(const struct boot_info *boot)
{
    struct mem_range holes[PLATFORM_MAX_RESERVED + 2], usable[MEMMAP_MAX];
    unsigned h = 0;
    for (unsigned i = 0; i < platform.reserved_count; i++)
        holes[h++] = platform.reserved[i];
    holes[h++] = (struct mem_range){platform.fdt, platform.fdt_size};
    holes[h++] = (struct mem_range){boot->image_start,
                                    pa_addr(boot->image_end) - pa_addr(boot->image_start)};
    unsigned n = memmap_usable(platform.ram, platform.ram_count, holes, h, usable, MEMMAP_MAX);
    for (unsigned i = 0; i < n; i++)
        kprintf("NOVA: usable RAM [0x%lx-0x%lx)\n", (unsigned long)pa_addr(usable[i].base),
                (unsigned long)(pa_addr(usable[i].base) + usable[i].size));
}

void nova_init(const struct boot_info *boot)
{
    paddr_t fdt_pa = pa_init(boot->reg[0] ? boot->reg[0] : pa_addr(board.fdt_fallback));
    const void *fdt = map_fdt(fdt_pa);
    platform.fdt = fdt_pa; /* discovery keeps it and fills in the rest */
    if (!fdt || board.discover(fdt, &platform) != STATUS_SUCCESS)
        arch_halt(); /* no device tree: no console to report it on */
    init_console();
    kprintf("\nNOVA Microhypervisor (libnova) on %s, aarch64\n", board.name);

    if (boot->entry_el != 2 && boot->entry_el != 3) {
        kprintf("NOVA: entered at EL%u: EL2 is required (on QEMU: -M virt,virtualization=on); "
                "halting\n",
                boot->entry_el);
        arch_halt();
    }
    if (boot->entry_el == 3)
        kprintf("NOVA: entered at EL3, dropped to EL2\n");

    const struct payload_header *payload = boot->payload;
    if (payload && (payload->magic != PAYLOAD_MAGIC || payload->version != PAYLOAD_VERSION))
        panic("image payload has a wrong magic or version; rebuild the image with this kernel");

    struct cmdline cmd = {false};
    cmdline_parse(platform.bootargs, &cmd, warn_word);
    if (payload)
        cmdline_parse(payload->cmdline, &cmd, warn_word);
    kprintf("NOVA: command line '%s' '%s'\n", platform.bootargs, payload ? payload->cmdline : "");
    if (cmd.selftest_fault)
        selftest_fault();

    for (unsigned i = 0; i < platform.ram_count; i++)
        if (arch_map_linear(platform.ram[i].base, platform.ram[i].size) != STATUS_SUCCESS)
            kprintf("NOVA: warning: RAM bank %u beyond the linear map; ignored\n", i);
    kmem_init(boot->pool, boot->pool_size);
    console_init_mbuf(boot->mbuf, boot->mbuf_size);
    arch_platform_init(&platform);
    protect_kernel(boot);
    kprintf("NOVA: %u CPUs, %u RAM banks, kernel pool %lu KiB\n", platform.cpu_count,
            platform.ram_count, (unsigned long)(boot->pool_size >> 10));
    print_usable_ram(boot);

    struct root_boot rb = {
        .bsp = arch_cpu_bsp(),
        .arg = {pa_addr(fdt_pa), boot->reg[1], boot->reg[2]},
        .pa_bits = boot->pa_bits,
    };
    paddr_t payload_pa = boot->payload_start;
    if (payload && payload->root_size) {
        rb.elf = pa_add(payload_pa, payload->root_offset);
        rb.elf_size = payload->root_size;
        manifest_relocate(payload, payload_pa, &rb.arg[2]);
    } else if (boot->reg[1]) {
        rb.elf = pa_init(boot->reg[1]);
        uint64_t avail = ram_after(boot->reg[1]);
        rb.elf_size = avail ? elf_extent(arch_phys_to_virt(rb.elf), avail) : 0;
        if (!rb.elf_size)
            panic("legacy launch: X1 = 0x%lx is not an ELF in RAM", (unsigned long)boot->reg[1]);
    } else {
        kprintf("NOVA: no root task: link one into the image or pass its ELF in X1 "
                "(legacy launch); halting\n");
        arch_halt();
    }

    struct nova_hip *hip = kmem_alloc_page();
    if (!hip)
        panic("kernel memory exhausted before the HIP; raise kernel_memory");
    rb.hip = arch_virt_to_phys(hip);
    struct hip_info info = {
        .nova_start = boot->image_start,
        .nova_end = boot->image_end,
        .mbuf_start = arch_virt_to_phys(boot->mbuf),
        .mbuf_end = boot->mbuf_end,
        .root_start = rb.elf,
        .root_end = pa_add(rb.elf, rb.elf_size),
        .stc_freq = arch_stc_frequency(),
        .cpu_num = arch_cpu_online_count(),
        .cpu_bsp = rb.bsp,
        .int_pin = arch_int_pin_count(),
    };
    hip_init(hip, &info);
    ec_cpu_count = info.cpu_num;

    rb.cpus = info.cpu_num;
    sched_init();
    struct ec *root = root_create(&rb);
    if (!root) {
        kprintf("NOVA: cannot start the root task; halting\n");
        arch_halt();
    }
    if (!cmd.serial)
        console_disable_uart();
    kprintf("NOVA: starting the root task, kernel memory free: %lu bytes\n",
            (unsigned long)kmem_free_bytes());
    sched_ready(root->sc);
    sched_start();
}
