/* A message read as the questions it asks: "Who asked the court, and when
 * will it decide?" is two; "Someone told me the hearing is public. True?"
 * is one claim to check. Pure text work. */
#ifndef BOT_PARTS_H
#define BOT_PARTS_H

#include <stddef.h>

#define BOT_PARTS_MAX 4

/* One question: a span of the message. */
struct bot_part {
    size_t start, len;
};

/**
 * bot_parts_split() - the questions in @text.
 * Splits after a "?" that more text follows, and before ", and when ...",
 * "and how many ...": a question word or auxiliary after "and" or ";".
 * A lone tag ("True?", "is that correct?", "right?") stays with the claim
 * before it. Return: how many parts (1 when there is nothing to split).
 */
int bot_parts_split(const char *text, struct bot_part *parts, int max);

/* The length of a word joining two questions or two things at @p (" and ",
 * " AND ", " n ", " + ", " & ", " plus ", also after a comma), or 0. */
size_t bot_parts_joiner(const char *p);

/**
 * bot_parts_claim() - a claim wrapped in a preamble ("I read that X - is
 * that correct?", "Someone told me X. True?"), unwrapped to "X?" to
 * be checked as a yes/no claim. Return: a new string, or NULL if @text is no
 * such claim (or out of memory; the caller then reads @text as it is).
 */
char *bot_parts_claim(const char *text);

#endif
