/* Answers about one fact: what was asked first, then the statement and its
 * source quote; and the reply when nothing matches. */
#ifndef BOT_ANSWER_H
#define BOT_ANSWER_H

#include <stddef.h>

#include "bot/answer/match.h"
#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

/* True if entity @e is a @noun of @kind (bot_lexicon_named_kind): "which
 * country" is answered by a country, "which judge" only by a judge. */
int bot_answer_entity_is(const struct bot_kb *kb, int e, const char *noun,
                         int kind);

/* The entities of fact @f that are what @q's noun asks for ("how many
 * countries") and that @q does not name itself, up to @max into @found.
 * Return: how many (0 if the question's noun wants no name). */
/* True if a word of @q is in entity @e's description though not its name:
 * "judge" for "Judge Helen Marchbank", "president" for the union's. */
int bot_answer_role_named(const struct bot_kb *kb, const struct bot_query *q,
                          int e);

/* How well @f's numbers answer "how many"/"how much" @q: 1 when one
 * counts what is asked, less for a number of something else, 0 when none
 * fits. */
double bot_answer_number_fit(const struct bot_kb *kb, const struct bot_query *q,
                             const struct bot_fact *f);

int bot_answer_count_named(const struct bot_kb *kb, const struct bot_query *q,
                           const struct bot_fact *f, int *found, int max);

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
