#include "ec.h"
#include "sm.h"
#include "timeout.h"

static struct ec *head; /* sorted by deadline, FIFO among equal ones */

void timeout_init(void) { head = NULL; }

void timeout_add(struct ec *ec, uint64_t deadline)
{
    struct ec **link = &head;
    while (*link && (*link)->timeout <= deadline)
        link = &(*link)->timeout_next;
    ec->timeout = deadline;
    ec->timeout_next = *link;
    *link = ec;
}

void timeout_remove(struct ec *ec)
{
    for (struct ec **link = &head; *link; link = &(*link)->timeout_next)
        if (*link == ec) {
            *link = ec->timeout_next;
            ec->timeout = 0;
            return;
        }
}

uint64_t timeout_next(void) { return head ? head->timeout : 0; }

void timeout_expire(uint64_t now)
{
    while (head && head->timeout <= now) {
        struct ec *ec = head;
        head = ec->timeout_next;
        ec->timeout = 0;
        sm_wake(ec, STATUS_TIMEOUT);
    }
}
