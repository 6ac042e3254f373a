/* NOVA hypercall numbers, flags and status codes (spec 5.1, 7.8).
 * Shared by the kernel and user mode; layouts are fixed by the spec. */
#ifndef NOVA_HYPERCALL_H
#define NOVA_HYPERCALL_H

#include <stdint.h>

/* spec 5.1.1: the low 4 bits of the hypercall identifier (figure 7.1) */
enum nova_hypercall {
    HC_IPC_CALL = 0x0,
    HC_IPC_REPLY = 0x1,
    HC_CREATE_PD = 0x2,
    HC_CREATE_EC = 0x3,
    HC_CREATE_SC = 0x4,
    HC_CREATE_PT = 0x5,
    HC_CREATE_SM = 0x6,
    HC_CTRL_PD = 0x7,
    HC_CTRL_EC = 0x8,
    HC_CTRL_SC = 0x9,
    HC_CTRL_PT = 0xa,
    HC_CTRL_SM = 0xb,
    HC_CTRL_HW = 0xc,
    HC_ASSIGN_INT = 0xd,
    HC_ASSIGN_DEV = 0xe,
};

#define HC_NUMBER_MASK 0xfu
#define HC_FLAGS_SHIFT 4
#define HC_FLAGS_MASK 0xf0u
/* Bits 63..8 of X0 carry the first selector or descriptor (spec 7.8). */
#define HC_ARG_SHIFT 8

/* spec 5.1.2 */
enum nova_status {
    STATUS_SUCCESS = 0x0,
    STATUS_TIMEOUT = 0x1,
    STATUS_ABORTED = 0x2,
    STATUS_OVRFLOW = 0x3,
    STATUS_BAD_HYP = 0x4,
    STATUS_BAD_CAP = 0x5,
    STATUS_BAD_PAR = 0x6,
    STATUS_BAD_FTR = 0x7,
    STATUS_BAD_CPU = 0x8,
    STATUS_BAD_DEV = 0x9,
    STATUS_MEM_OBJ = 0xa,
    STATUS_MEM_CAP = 0xb,
};

/* spec 5.2.1 ipc_call flags */
#define IPC_CALL_TIMEOUT 0x1u /* T: fail with TIMEOUT if the callee is busy */

/* spec 5.3.1 create_pd: OP in the flags */
#define CREATE_PD_OP_PD 0x0u
#define CREATE_PD_OP_OBJ 0x1u
#define CREATE_PD_OP_HST 0x2u
#define CREATE_PD_OP_GST 0x3u
#define CREATE_PD_OP_DMA 0x4u
#define CREATE_PD_OP_PIO 0x5u
#define CREATE_PD_OP_MSR 0x6u

/* spec 5.3.2 create_ec flags */
#define CREATE_EC_GUEST 0x1u  /* G: guest EC (vCPU) */
#define CREATE_EC_GLOBAL 0x2u /* T: global thread / vCPU time offsetting */
#define CREATE_EC_FPU 0x4u    /* F: the EC may use FP/SIMD */

/* spec 5.4.2 ctrl_ec flags */
#define CTRL_EC_STRONG 0x1u /* S: return once the recall was observed */

/* spec 5.5.2 assign_int flags */
#define ASSIGN_INT_MASK 0x1u       /* M */
#define ASSIGN_INT_LEVEL 0x2u      /* T */
#define ASSIGN_INT_ACTIVE_LOW 0x4u /* P */
#define ASSIGN_INT_GUEST 0x8u      /* G */

/* spec 5.5.1 ctrl_hw: OP in the flags, descriptor in X0[63:8] */
#define CTRL_HW_OP_SSTATE 0x0u
#define CTRL_HW_SSTATE_S_MASK 0x7u
#define CTRL_HW_SSTATE_S5 0x5u    /* soft off */
#define CTRL_HW_SSTATE_RESET 0x7u /* platform reset */

/* spec 5.4.5 ctrl_sm flags */
#define CTRL_SM_DOWN 0x1u
#define CTRL_SM_ZERO 0x2u

/* spec 7.8: ctrl_pd register fields */
#define CTRL_PD_ORD_MASK 0x1fu
#define CTRL_PD_PMM_MASK 0x1fu
#define CTRL_PD_SEL_SHIFT 12

#endif
