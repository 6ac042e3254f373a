#include <string.h>
#include "cmdline.h"

static const struct option {
    const char *word;
    size_t offset;
} options[] = {
    {"serial", offsetof(struct cmdline, serial)},
    {"selftest_fault", offsetof(struct cmdline, selftest_fault)},
};

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void cmdline_parse(const char *text, struct cmdline *c, void (*warn)(const char *word, size_t len))
{
    while (*text) {
        while (is_space(*text))
            text++;
        size_t len = 0;
        while (text[len] && !is_space(text[len]))
            len++;
        if (!len)
            break;
        bool known = false;
        for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
            if (strlen(options[i].word) == len && !memcmp(options[i].word, text, len)) {
                *(bool *)((char *)c + options[i].offset) = true;
                known = true;
            }
        }
        if (!known)
            warn(text, len);
        text += len;
    }
}
