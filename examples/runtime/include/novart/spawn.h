/* Protection domains and threads that run code of the root task's own image
 * (spec 5.3.1, 5.3.2, 5.4.1, 7.6.2). A child PD gets the image's text
 * segment read-only and executable at the root's addresses, and only the
 * data pages the root shares with it; so its code must touch no other
 * global data. */
#ifndef NOVART_SPAWN_H
#define NOVART_SPAWN_H

#include <nova/hypercall.h>
#include <stddef.h>
#include <stdint.h>

/* A PD as the root task sees it: selectors in the root object space. */
struct rt_pd {
    uint64_t pd;  /* PD capability */
    uint64_t obj; /* its object space (TAKE, GRANT) */
    uint64_t hst; /* its host space (TAKE, GRANT) */
};

/* The root PD itself: SEL_ROOT_PD, SEL_ROOT_OBJ and a copy of the root
 * host-space capability. */
enum nova_status rt_pd_root(struct rt_pd *pd);

/* Creates a PD owned by the root PD, its object space and host space, and
 * maps the root image's executable segments into the host space at the same
 * addresses, readable and executable (PERM_MEM_R | PERM_MEM_XU). */
enum nova_status rt_pd_create(struct rt_pd *pd);

/* Delegates the root's pages covering [addr, addr + size) into pd's host
 * space at the same addresses, permissions masked by perm (PERM_MEM_*). */
enum nova_status rt_pd_share(const struct rt_pd *pd, const void *addr, size_t size, unsigned perm);

/* Delegates the capability at root selector sel to selector dst of pd's
 * object space, permissions masked by pmm. */
enum nova_status rt_pd_grant(const struct rt_pd *pd, uint64_t sel, uint64_t dst, unsigned pmm);

/* Page number for the UTCB of one more EC in the root PD: pages below the
 * root's own UTCB, handed out top down. Never freed. */
uint64_t rt_utcb_alloc(void);

/* Creates global EC ec (a null root selector) in pd on cpu, with its UTCB at
 * page hvp of pd's host space, initial stack pointer sp and event selector
 * base evt (in pd's object space). Once an SC is bound to it, its STARTUP
 * event goes through a portal at evt + HIP_SEL_HST_ARCH, which this call
 * puts there, to a starter EC the runtime keeps in the root PD for each
 * CPU; the starter sets the EC's IP to entry. Other exceptions find null
 * selectors unless the caller fills them, and kill the EC. The EC may use
 * FP/SIMD (F): the compiler uses those registers in ordinary C code. */
enum nova_status rt_thread_create(const struct rt_pd *pd, uint64_t ec, unsigned cpu, uint64_t hvp,
                                  void *sp, void (*entry)(void), uint64_t evt);

#define RT_STR_(x) #x
#define RT_STR(x) RT_STR_(x)

/* Defines `void name(void)`: an entry point for a portal or a thread that
 * resets SP to top (a link-time address: a symbol, optionally + a number)
 * and jumps to fn, keeping X0 (PID) and X1 (MTD). A local EC must start
 * each portal call on an empty stack: nothing unwinds the previous one. The
 * address lives in the text segment, so child PDs can use it. */
#define RT_ENTRY(name, top, fn)                                                                    \
    void name(void);                                                                               \
    __asm__(".pushsection .text\n .p2align 2\n .global " #name "\n" #name ":\n"                    \
            " ldr x16, =" RT_STR(top) "\n mov sp, x16\n b " #fn "\n .ltorg\n .popsection\n")

#endif
