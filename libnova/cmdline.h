/* Kernel command line: /chosen/bootargs and the image's configuration. */
#ifndef LIBNOVA_CMDLINE_H
#define LIBNOVA_CMDLINE_H

#include "types.h"

struct cmdline {
    bool serial;         /* keep kernel output on the UART (spec C.2) */
    bool selftest_fault; /* fault on purpose to show the fault report (tests) */
};

/* Parse space-separated words into *c; unknown words are warned about
 * through warn(word, len) and otherwise ignored. */
void cmdline_parse(const char *text, struct cmdline *c,
                   void (*warn)(const char *word, size_t len)) __boot;

#endif
