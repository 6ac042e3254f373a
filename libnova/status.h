#ifndef LIBNOVA_STATUS_H
#define LIBNOVA_STATUS_H

#include <nova/hypercall.h>

typedef enum nova_status status_t;

/* Internal: the hypercall blocked; whoever wakes the EC writes its status. */
#define STATUS_BLOCKED ((status_t)0x100)

#endif
