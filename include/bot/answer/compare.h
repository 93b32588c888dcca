/* Questions about two events at once: which came first, how long between
 * them. */
#ifndef BOT_COMPARE_H
#define BOT_COMPARE_H

#include "bot/answer/answer.h"
#include "bot/answer/query.h"
#include "bot/knowledge/kb.h"

/**
 * bot_compare_answer() - answer a question about two dated events:
 * "Did the law pass before the request?", "Which came first, Kazakhstan's
 * delisting or Russia's law?", "How many years between the ban and
 * Putin's remark?". Each half of the question is matched on its own; both
 * must find a dated fact.
 * @text: the question as asked; @q: it, read.
 * Return: 1 if it answered into @r, 0 if this is not such a question (or
 * its halves do not both find a dated fact), BOT_ENOMEM.
 */
int bot_compare_answer(struct bot_kb *kb, const char *text,
                       const struct bot_query *q, const struct bot_date *today,
                       struct bot_reply *r);

#endif
