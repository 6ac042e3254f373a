/* The conformance root task (tests/conformance): checks the kernel against
 * the NOVA interface specification from user mode and prints one line per
 * check. A check is named after the behaviour it expects, e.g.
 * ctrl_pd.obj_to_obj.src_without_take_is_bad_cap. */
#ifndef CONFORMANCE_H
#define CONFORMANCE_H

#include <novart/rt.h>
#include <stdbool.h>
#include <stdint.h>

/* report.c: "conformance: ok NAME" or "conformance: FAIL NAME: expected ... got ..." */
void check_status(const char *name, enum nova_status expect, enum nova_status got);
void check_value(const char *name, uint64_t expect, uint64_t got);
void check_true(const char *name, bool ok, const char *expected);
/* A behaviour the root task cannot observe yet: printed, not counted. */
void check_skip(const char *name, const char *why);
/* "conformance: done, N checks, M failed"; returns M. */
unsigned check_summary(void);

/* One check group per file; each runs its checks in order. */
void check_layout(const struct nova_hip *hip);
void check_root_space(void);
void check_ctrl_pd_obj(void);
void check_ctrl_pd_hst(const struct nova_hip *hip);
void check_ctrl_pd_gst(void);
void check_ctrl_hw(void);
void check_hypercall(void);
void check_create_pd(void);
void check_create_ec(const struct nova_hip *hip);
void check_create_sm(void);
void check_create_pt(void);
void check_create_sc(void);
void check_ctrl_sc(void);
void check_ctrl_sm(void);
void check_ctrl_ec(void);
/* pending: the fill must follow the object caches; last: uses up kernel memory */
void check_mem_exhaustion(const struct nova_hip *hip);
void check_ipc(const struct nova_hip *hip);
void check_assign_int(const struct nova_hip *hip);

#endif
