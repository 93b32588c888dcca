/* Answers about one fact: what was asked first, then the statement and its
 * source quote; and the reply when nothing matches. */
#ifndef BOT_ANSWER_H
#define BOT_ANSWER_H

#include <stddef.h>

#include "bot/answer/match.h"
#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

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

#endif
