/* Fixtures shared by the core's unit tests: a minimal root task ELF, a
 * root PD built by root_create() in fake RAM, a captured console and a
 * hypercall issued through the spec's register convention (spec 7.8). */
#ifndef ARCH_HOST_FIXTURE_H
#define ARCH_HOST_FIXTURE_H

#include <nova/mbuf.h>
#include <string.h>
#include "arch_host.h"
#include "console.h"
#include "hypercall.h"
#include "root.h"
#include "sched.h"

/* Minimal aarch64 ET_EXEC: text (R X) at file 0x1000 -> 0x401000 with the
 * entry point, data (R W) at file 0x2000 -> 0x402000. */
#define FIXTURE_ELF_SIZE 0x3000u
#define FIXTURE_ELF_TEXT 0x401000u
#define FIXTURE_ELF_DATA 0x402000u
#define FIXTURE_ELF_PA ARCH_HOST_RAM_BASE                      /* RAM page 0 */
#define FIXTURE_HIP_PA (ARCH_HOST_RAM_BASE + 0x10 * PAGE_SIZE) /* RAM page 16 */
#define FIXTURE_PA_BITS 40u
#define FIXTURE_KMEM_PAGES 64u

/* ELF64 as in the System V gABI (the host's <elf.h> is shadowed by
 * libnova/elf.h on the include path). */
typedef struct {
    unsigned char e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} Elf64_Phdr;

#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62
#define EM_AARCH64 183
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_NOTE 4
#define PF_X 1
#define PF_W 2
#define PF_R 4

static inline void fixture_elf_build(void *buf)
{
    memset(buf, 0, FIXTURE_ELF_SIZE);
    Elf64_Ehdr *eh = buf;
    memcpy(eh->e_ident, "\177ELF", 4);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_AARCH64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = FIXTURE_ELF_TEXT + 0x10;
    eh->e_phoff = sizeof(*eh);
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 2;
    Elf64_Phdr *ph = (Elf64_Phdr *)((char *)buf + eh->e_phoff);
    ph[0] = (Elf64_Phdr){PT_LOAD,          PF_R | PF_X, 0x1000, FIXTURE_ELF_TEXT,
                         FIXTURE_ELF_TEXT, 0x1000,      0x1000, 0x1000};
    ph[1] = (Elf64_Phdr){PT_LOAD,          PF_R | PF_W, 0x2000, FIXTURE_ELF_DATA,
                         FIXTURE_ELF_DATA, 0x1000,      0x1000, 0x1000};
}

static inline Elf64_Ehdr *fixture_ehdr(void *elf) { return elf; }
static inline Elf64_Phdr *fixture_phdr(void *elf, unsigned i)
{
    return (Elf64_Phdr *)((char *)elf + fixture_ehdr(elf)->e_phoff) + i;
}

/* Console output since the last fixture_console_reset(). */
static char fixture_console_mem[sizeof(struct nova_mbuf) + 8192];

static inline void fixture_console_reset(void)
{
    memset(fixture_console_mem, 0, sizeof(fixture_console_mem));
    console_init_mbuf((struct nova_mbuf *)fixture_console_mem, sizeof(fixture_console_mem));
}

static inline bool fixture_console_contains(const char *text)
{
    struct nova_mbuf *m = (struct nova_mbuf *)fixture_console_mem;
    if (m->wr_idx >= sizeof(fixture_console_mem) - sizeof(*m) - 1)
        return false; /* wrapped: tests keep their output short */
    m->buffer[m->wr_idx] = '\0';
    return strstr(m->buffer, text) != NULL;
}

static inline struct root_boot fixture_root_boot(void)
{
    struct root_boot boot = {
        .elf = pa_init(FIXTURE_ELF_PA),
        .elf_size = FIXTURE_ELF_SIZE,
        .bsp = 0,
        .cpus = 1,
        .arg = {0x1111, 0x2222, 0x3333},
        .hip = pa_init(FIXTURE_HIP_PA),
        .pa_bits = FIXTURE_PA_BITS,
    };
    return boot;
}

/* A fresh kmem pool of kmem_pages pages, the fixture ELF in RAM, and the
 * root PD on top; NULL if root_create() failed. */
static inline struct ec *fixture_root_create(uint64_t kmem_pages)
{
    fixture_console_reset();
    sched_init();
    arch_host_stc = 1000;
    arch_host_timer_deadline = 0;
    arch_host_kmem_reset(kmem_pages);
    fixture_elf_build(arch_phys_to_virt(pa_init(FIXTURE_ELF_PA)));
    struct root_boot boot = fixture_root_boot();
    return root_create(&boot);
}

/* Run the scheduler as the end of a kernel entry does; the EC it enters. */
static inline struct ec *fixture_resume(void)
{
    arch_host_entered = NULL;
    sched_lock();
    ARCH_HOST_HALTS(sched_resume());
    return arch_host_entered;
}

/* Make hypercall number hc with the given X0[63:8] and X1..X4; returns X0. */
static inline uint64_t fixture_hypercall(struct ec *ec, unsigned hc, unsigned flags, uint64_t arg0,
                                         uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4)
{
    ec->regs.x[0] = arg0 << HC_ARG_SHIFT | (uint64_t)flags << HC_FLAGS_SHIFT | hc;
    ec->regs.x[1] = x1;
    ec->regs.x[2] = x2;
    ec->regs.x[3] = x3;
    ec->regs.x[4] = x4;
    hypercall(ec);
    return ec->regs.x[0];
}

/* spec 7.8 ctrl_pd register layout */
static inline uint64_t fixture_ctrl_pd(struct ec *ec, uint64_t src, uint64_t dst, uint64_t ssb,
                                       uint64_t dsb, unsigned ord, unsigned pmm, uint32_t mad)
{
    return fixture_hypercall(ec, HC_CTRL_PD, 0, src, dst, ssb << CTRL_PD_SEL_SHIFT | ord,
                             dsb << CTRL_PD_SEL_SHIFT | pmm, mad);
}

#endif
