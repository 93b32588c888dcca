#ifndef BOT_ANSWER_H
#define BOT_ANSWER_H

#include <stddef.h>

#include "bot/answer/match.h"
#include "bot/knowledge/kb.h"

/* A reply's text cap, and the cap for answers about one fact. */
#define BOT_REPLY_MAX   2048
#define BOT_ANSWER_MAX  450
#define BOT_SOURCES_MAX 16

struct bot_reply {
    int answered; /* false exactly when the bot does not know */
    enum bot_kind kind;
    double confidence;            /* 0..1 */
    int sources[BOT_SOURCES_MAX]; /* sentence numbers */
    int nsources;
    int fact;   /* the fact answered, or -1 */
    int entity; /* the entity the answer is about, or -1 */
    char text[BOT_REPLY_MAX];
};

/* Empties @r for a new reply of @kind. */
void bot_reply_init(struct bot_reply *r, enum bot_kind kind);

/* Appends to the reply text, never past its cap or inside a character. */
void bot_reply_add(struct bot_reply *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void bot_reply_source(struct bot_reply *r, int sentence);

/**
 * bot_answer_hit() - answer @q from the candidate @h.
 * @now: today, for "is it tomorrow?".
 * The answer leads with what was asked (a date, a name, a number, yes or
 * no), then the fact's statement, then its source quote, in at most
 * BOT_ANSWER_MAX bytes. Sets answered to false where the fact cannot
 * answer this kind of question (no date for "when", an outcome the
 * article does not report).
 */
void bot_answer_hit(const struct bot_kb *kb, const struct bot_query *q,
                    const struct bot_hit *h, const struct bot_date *now,
                    struct bot_reply *r);

/* The reply when nothing matches: says the article does not say it, and
 * what can be asked instead. @near is the closest hit (may score 0). */
void bot_answer_unknown(const struct bot_kb *kb, const struct bot_query *q,
                        const struct bot_hit *near, struct bot_reply *r);

/* Writes "on 17 April 2025", "in July 2024", "at the end of 2023". */
void bot_answer_date_phrase(const struct bot_date *d, char *buf, size_t cap);

#endif
