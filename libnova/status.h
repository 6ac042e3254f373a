#ifndef LIBNOVA_STATUS_H
#define LIBNOVA_STATUS_H

#include <nova/hypercall.h>

typedef enum nova_status status_t;

#endif
