/* Ticket spinlock: FIFO-fair, two 32-bit counters, C11-style atomics from
 * the compiler's __atomic builtins (freestanding, no arch code). The lock
 * order and what each lock protects are in docs/locking.md.
 *
 * A CPU takes a spinlock with interrupts masked (kernel code at EL2 always
 * runs so; only the idle loop unmasks them) and never takes one it holds:
 * the lock is not recursive. */
#ifndef LIBNOVA_SPINLOCK_H
#define LIBNOVA_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* owner first and 8-byte aligned: an arch may read both words with one
 * 64-bit exclusive load (arch/aarch64/ipc_fast.S takes the kernel lock). */
struct spinlock {
    uint32_t owner; /* ticket being served */
    uint32_t next;  /* next ticket to hand out */
} __attribute__((aligned(8)));

#define SPINLOCK_INIT                                                                              \
    {                                                                                              \
        0, 0                                                                                       \
    }

static inline void spinlock_init(struct spinlock *l)
{
    __atomic_store_n(&l->next, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
}

static inline __attribute__((always_inline)) void spinlock_lock(struct spinlock *l)
{
    uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
        ;
}

/* Only the holder writes owner, so a relaxed read of it is exact. */
static inline __attribute__((always_inline)) void spinlock_unlock(struct spinlock *l)
{
    uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);

    __atomic_store_n(&l->owner, owner + 1, __ATOMIC_RELEASE);
}

static inline bool spinlock_is_locked(struct spinlock *l)
{
    return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
           __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

#endif
