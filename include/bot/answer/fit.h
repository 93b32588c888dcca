/* What a fact's parts can answer: the entity a "which X" or a "who"
 * means, the number a "how many" counts. Used by the matcher to weigh
 * facts and by the answerer to word the reply. */
#ifndef BOT_FIT_H
#define BOT_FIT_H

#include "bot/answer/query.h"
#include "bot/knowledge/kb.h"

/* True if entity @e is a @noun of @kind (bot_lexicon_named_kind): "which
 * country" is answered by a country, "which judge" only by a judge. */
int bot_fit_entity_is(const struct bot_kb *kb, int e, const char *noun,
                      int kind);

/* True if a word of @q is in entity @e's description though not its name:
 * "judge" for "Judge Helen Marchbank", "president" for the union's. */
int bot_fit_role_named(const struct bot_kb *kb, const struct bot_query *q,
                       int e);

/* The entities of fact @f that are what @q's noun asks for ("how many
 * countries") and that @q does not name itself, up to @max into @found.
 * Return: how many (0 if the question's noun wants no name). */
int bot_fit_count_named(const struct bot_kb *kb, const struct bot_query *q,
                        const struct bot_fact *f, int *found, int max);

/* True if @e is one of the two entities the article names most. */
int bot_fit_central(const struct bot_kb *kb, int e);

/* True if @q names entity @e, or says "other"/"else" and @e is central:
 * an answer must be someone the question does not already name. */
int bot_fit_named_in(const struct bot_kb *kb, const struct bot_query *q, int e);

/* Which of @f's numbers answers "how many": the one counting what @q
 * counts, else the first that fits; -1 if none does. */
int bot_fit_best_number(const struct bot_kb *kb, const struct bot_query *q,
                        const struct bot_fact *f);

/* How well @f's numbers answer "how many"/"how much" @q: 1 when one
 * counts what is asked, less for a number of something else, 0 when none
 * fits. */
double bot_fit_number(const struct bot_kb *kb, const struct bot_query *q,
                      const struct bot_fact *f);

/* True if number @i of @f is not the measure @q asks for: no sum though
 * it asks what something cost ("how much did the recount cost?" of "two
 * percentage points"), no weight for "how much does it weigh?", no
 * distance for "how far": the article does not say what was asked. */
int bot_fit_number_wrong(const struct bot_query *q, const struct bot_fact *f,
                         int i);

/* "how many people were injured": true unless @f does not say what
 * happened to them ("killed" does not answer "injured"). */
int bot_fit_verb(const struct bot_query *q, const struct bot_fact *f);

/* True if the reason @why only names again what @q asks about ("why is
 * it closing?" and "due to the closure"): no reason at all to it. */
int bot_fit_why_restates(const struct bot_query *q, const char *why);

/* "where is the probe going?", "where did they march to?": if @q asks
 * where something goes (its asks_whither) and @f says "to <Name>", writes
 * "To <Name>" into @out and returns 1; else 0. */
int bot_fit_destination(const struct bot_query *q, const struct bot_fact *f,
                        char *out, size_t cap);

/* True if @w is a verb of making known ("announced", "confirmed"). */
int bot_fit_telling_word(const char *w);

/* What @q asks of the words it uses, read once per question into its
 * flags: when something was made known ("when was the closure
 * announced?"), what someone said ("what did X say?"), where something
 * goes ("where is the probe going?"). */
int bot_fit_asks_statement(const struct bot_query *q);
int bot_fit_asks_words(const struct bot_query *q);
int bot_fit_asks_whither(const struct bot_query *q);

/* True if @f's date is that of a statement: the article writes it just
 * after a verb of saying ("the company confirmed on Monday"). */
int bot_fit_said_date(const struct bot_fact *f);

#endif
