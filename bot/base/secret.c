/* Secrets wiped before their memory is given back. */
#include "bot/base/secret.h"

#include <stdlib.h>

void
bot_secret_free(char *s)
{
    /* Through a volatile pointer: a plain memset before free() is a dead
     * store the compiler may remove. */
    volatile char *p = s;

    if (!s)
        return;
    while (*p)
        *p++ = '\0';
    free(s);
}
