/* A ring of message ids already answered, so a redelivery is answered once. */
#include "bot/chat/seen.h"

#include <stdio.h>
#include <string.h>

int
bot_seen_check(struct bot_seen *s, const char *id)
{
    size_t i;

    if (!*id || strlen(id) >= BOT_SEEN_ID_MAX)
        return 0;
    for (i = 0; i < BOT_SEEN_MAX; i++) {
        if (strcmp(s->ids[i], id) == 0)
            return 1;
    }
    snprintf(s->ids[s->next], BOT_SEEN_ID_MAX, "%s", id);
    s->next = (s->next + 1) % BOT_SEEN_MAX;
    return 0;
}
