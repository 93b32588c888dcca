/* Replies drawn from the whole article: summary, timeline, upcoming dates,
 * countdowns, help. */
#ifndef BOT_DIGEST_H
#define BOT_DIGEST_H

#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

/* Replies that draw on the whole knowledge rather than one fact. Each
 * takes today's date where it matters; none reads the clock. */

/* @sentences: 1 for one sentence, 0 for the default (three). */
void bot_digest_summary(const struct bot_kb *kb, int sentences,
                        struct bot_reply *r);
void bot_digest_timeline(const struct bot_kb *kb, const struct bot_date *now,
                         struct bot_reply *r);
void bot_digest_upcoming(const struct bot_kb *kb, const struct bot_date *now,
                         struct bot_reply *r);
/* Days until the event of fact @fact, or until the next one if -1. */
void bot_digest_countdown(const struct bot_kb *kb, int fact,
                          const struct bot_date *now, struct bot_reply *r);
void bot_digest_recent(const struct bot_kb *kb, const struct bot_date *now,
                       struct bot_reply *r);
void bot_digest_help(const struct bot_kb *kb, struct bot_reply *r);

/* An example question drawn from the knowledge: "when is <the next
 * event>?", or "what about <the most named entity>?". */
void bot_digest_example(const struct bot_kb *kb, char *buf, size_t cap);

/* "What happened in 2021?": the events dated within @when, in date order.
 * Return: how many there were (0 leaves @r untouched). */
int bot_digest_on_date(const struct bot_kb *kb, const struct bot_date *when,
                       struct bot_reply *r);

#endif
