/* What the VM test's files share (main.c, regs.c). */
#ifndef TESTS_VM_VM_H
#define TESTS_VM_VM_H

#include <stdbool.h>
#include <stdint.h>

#define GUEST_BASE 0x40000000u /* guest-physical address of the guest RAM */

/* One line per check: "vm: ok NAME" or "vm: FAIL NAME (got GOT)". */
void check(bool ok, const char *name, uint64_t got);

/* regs.c: a second vCPU on cpu, in the guest space sel_gst whose RAM the
 * root maps at guest_ram, checks its registers across exits. */
void regs_test(uint64_t sel_gst, uint8_t *guest_ram, unsigned cpu, uint64_t stc_freq);

#endif
