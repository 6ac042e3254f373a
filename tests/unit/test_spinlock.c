/* libnova/spinlock.h: mutual exclusion and ticket order, with host threads.
 * C11 threads, not pthread.h: that includes <sched.h>, which the include
 * path resolves to libnova/sched.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <threads.h>
#include <cmocka.h>

#include "spinlock.h"

#define THREADS 2 /* no more than CI has cores: a ticket lock convoys when oversubscribed */
#define ROUNDS 20000

static struct spinlock lock = SPINLOCK_INIT;
static uint64_t counter; /* under lock; a torn update would lose counts */

static int add_under_lock(void *arg)
{
    (void)arg;
    for (unsigned i = 0; i < ROUNDS; i++) {
        spinlock_lock(&lock);
        uint64_t v = counter;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        counter = v + 1;
        spinlock_unlock(&lock);
    }
    return 0;
}

static void spinlock_excludes_concurrent_holders(void **state)
{
    (void)state;
    thrd_t t[THREADS];

    spinlock_init(&lock);
    counter = 0;
    for (unsigned i = 0; i < THREADS; i++)
        assert_int_equal(thrd_create(&t[i], add_under_lock, NULL), thrd_success);
    for (unsigned i = 0; i < THREADS; i++)
        assert_int_equal(thrd_join(t[i], NULL), thrd_success);
    assert_int_equal(counter, (uint64_t)THREADS * ROUNDS);
    assert_false(spinlock_is_locked(&lock));
}

static void spinlock_hands_out_tickets_in_order(void **state)
{
    (void)state;
    spinlock_init(&lock);
    assert_false(spinlock_is_locked(&lock));
    spinlock_lock(&lock);
    assert_true(spinlock_is_locked(&lock));
    assert_int_equal(lock.next, 1);
    assert_int_equal(lock.owner, 0);
    spinlock_unlock(&lock);
    assert_false(spinlock_is_locked(&lock));
    assert_int_equal(lock.owner, 1);
}

/* The counters wrap: a lock taken 2^32 times still works. */
static void spinlock_survives_ticket_wraparound(void **state)
{
    (void)state;
    lock.next = lock.owner = UINT32_MAX;
    spinlock_lock(&lock);
    assert_true(spinlock_is_locked(&lock));
    spinlock_unlock(&lock);
    assert_int_equal(lock.owner, 0);
    assert_int_equal(lock.next, 0);
    spinlock_lock(&lock);
    spinlock_unlock(&lock);
    assert_false(spinlock_is_locked(&lock));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spinlock_excludes_concurrent_holders),
        cmocka_unit_test(spinlock_hands_out_tickets_in_order),
        cmocka_unit_test(spinlock_survives_ticket_wraparound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
