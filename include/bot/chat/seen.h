/* A ring of message ids already answered, so a redelivery is answered once. */
#ifndef BOT_SEEN_H
#define BOT_SEEN_H

#include <stddef.h>

/* The ids of the last BOT_SEEN_MAX events handled, so that a platform's
 * redelivery (Slack retries, a Mattermost replay) is answered once. */

#define BOT_SEEN_MAX    256
#define BOT_SEEN_ID_MAX 64

struct bot_seen {
    char ids[BOT_SEEN_MAX][BOT_SEEN_ID_MAX];
    size_t next; /* the oldest, overwritten next */
};

/* Records @id. Return: 1 if it was already recorded, else 0 (always 0 for
 * an empty or overlong id, which cannot be told apart: handled as new). */
int bot_seen_check(struct bot_seen *s, const char *id);

#endif
