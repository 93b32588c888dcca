/* Conversations: what each channel last asked and was told, so that follow-
 * ups ("when?", "who asked for it?") can be read. */
#ifndef BOT_CONVO_H
#define BOT_CONVO_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/digest.h"
#include "bot/answer/match.h"
#include "bot/base/err.h"

/* A conversation forgets what it was about after this long. */
#define BOT_CONVO_TTL_MS  (15 * 60 * 1000)
#define BOT_CONVO_KEY_MAX 160

/* What one conversation (a channel, or a thread) last talked about. */
struct bot_context {
    uint64_t hash; /* of the whole key, which may be longer than @key */
    char key[BOT_CONVO_KEY_MAX];
    int64_t at_ms; /* last use; 0 = free slot */
    int fact;      /* last fact answered, or -1 */
    int entity;    /* the entity the last answer was about, or -1 */
    int person;    /* the last person named ("he", "she"), or -1 */
    int group;     /* the last group or country ("they"), or -1 */
    struct bot_reading reading; /* how the last question was read */
    int digest;                 /* the last reply was a summary or a
                                   timeline (its kind), for "more"; or 0 */
    int shown;                  /* facts it has told so far */
    uint64_t told[2];           /* facts answered with (bits, the first
                                   128), so "more" does not go back */
    int summary_len;            /* the summary's length asked for */
    int article;                /* the article talked about (an index of
                                   the core's), or -1 for the default */
    struct bot_topic topic;     /* and its topic */
};

/* A bounded set of contexts: a hash of sets of four, least recently used
 * out first, so memory stays fixed however many channels there are. */
struct bot_convos {
    struct bot_context *slots;
    size_t nsets;
};

BOT_MUST_CHECK int bot_convos_init(struct bot_convos *c, size_t nsets);
void bot_convos_release(struct bot_convos *c);

/**
 * bot_convos_get() - the context of conversation @key at @now_ms.
 * A new conversation, or one idle for BOT_CONVO_TTL_MS, starts empty.
 * Return: a pointer valid until the next call, never NULL.
 */
struct bot_context *bot_convos_get(struct bot_convos *c, const char *key,
                                   int64_t now_ms);

/* The context of @key if the set holds one, else NULL; changes nothing. */
const struct bot_context *bot_convos_find(const struct bot_convos *c,
                                          const char *key);

/* Forgets what a conversation talked about, keeping who it is. */
void bot_context_forget(struct bot_context *ctx);

/* Empties a context that lives outside the set (a lone question). */
void bot_context_clear(struct bot_context *ctx);

/* True if @ctx holds something to follow up on. */
int bot_context_active(const struct bot_context *ctx);

#endif
