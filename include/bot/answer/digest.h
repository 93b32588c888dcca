/* Replies drawn from the whole article: summary, timeline, upcoming dates,
 * countdowns, help. */
#ifndef BOT_DIGEST_H
#define BOT_DIGEST_H

#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

/* Replies that draw on the whole knowledge rather than one fact. Each
 * takes today's date where it matters; none reads the clock. */

/* What a summary is asked to be about ("the legal process"): the
 * concepts of its terms, small enough to keep in a conversation. */
#define BOT_TOPIC_TERMS 6
struct bot_topic {
    int n;
    int concepts[BOT_TOPIC_TERMS][BOT_TERM_CONCEPTS];
    int nconcepts[BOT_TOPIC_TERMS];
};

/* The topic of @terms: those with a meaning in the knowledge. */
void bot_topic_of(const struct bot_terms *terms, struct bot_topic *topic);

/* A timeline page ends before its text passes this many bytes, so that
 * it reads as one chat message. */
#define BOT_DIGEST_PAGE_BYTES 598

/**
 * bot_digest_summary() - the article's main facts, in its order.
 * @sentences: 1 for one sentence (with the next date ahead), 0 for the
 *             default (three).
 * @skip:      facts told already, for "more".
 * @topic:     terms the facts must be about ("the legal process"), or NULL.
 * Return: how many facts it told.
 */
int bot_digest_summary(const struct bot_kb *kb, int sentences, int skip,
                       const struct bot_topic *topic, struct bot_reply *r);
/* The dated events, a page at a time, latest first, leaving out the
 * @skip latest already shown. Return: how
 * many it listed. */
int bot_digest_timeline(const struct bot_kb *kb, const struct bot_date *now,
                        int skip, struct bot_reply *r);
void bot_digest_upcoming(const struct bot_kb *kb, const struct bot_date *now,
                         struct bot_reply *r);
/* Days until the event of fact @fact, or until the next one if -1; with
 * @in_weeks, in weeks and days too ("how many weeks until ...?"). */
void bot_digest_countdown(const struct bot_kb *kb, int fact,
                          const struct bot_date *now, int in_weeks,
                          struct bot_reply *r);
void bot_digest_recent(const struct bot_kb *kb, const struct bot_date *now,
                       struct bot_reply *r);
void bot_digest_help(const struct bot_kb *kb, struct bot_reply *r);

/* An example question drawn from the knowledge: "when is <the next
 * event>?", or "what about <the most named entity>?". */
void bot_digest_example(const struct bot_kb *kb, char *buf, size_t cap);

/* The event after fact @fact in the timeline ("and then?"), or -1. */
int bot_digest_next_event(const struct bot_kb *kb, int fact);

/* "What happened in 2021?": the events dated within @when, in date order.
 * Return: how many there were (0 leaves @r untouched). */
int bot_digest_on_date(const struct bot_kb *kb, const struct bot_date *when,
                       struct bot_reply *r);

#endif
