/* The question answerer's one entry point: reads a question in its
 * conversation and picks the reply. No I/O, no clock reads. */
#ifndef BOT_CORE_H
#define BOT_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/answer.h"
#include "bot/answer/convo.h"
#include "bot/knowledge/kb.h"

/* The question answerer every front end calls: the knowledge plus the
 * conversations' short memories. One thread; no I/O after init. */
struct bot_core {
    struct bot_kb kb;
    struct bot_convos convos;
};

/* One question as a front end hands it over. */
struct bot_ask {
    const char *text;
    size_t len;
    const char *conversation; /* "platform/channel[/thread]"; NULL = none */
    struct bot_date today;    /* in NEWSBOT_TZ, DAY or MINUTE precision */
    int64_t now_ms;           /* for context expiry */
    int explain;              /* append how the question was read */
};

/* Loads the knowledge from @dir. Return: 0 or an error reported once. */
BOT_MUST_CHECK int bot_core_init(struct bot_core *core, const char *dir);
void bot_core_release(struct bot_core *core);

/**
 * bot_core_ask() - answer one question.
 * Always fills @r: empty, oversized or invalid text gets a clear refusal
 * with answered false. Return: 0, or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_core_ask(struct bot_core *core,
                                const struct bot_ask *ask, struct bot_reply *r);

#endif
