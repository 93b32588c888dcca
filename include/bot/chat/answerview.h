/* An answer's parts for the platforms that lay answers out: the reply's
 * text split at its source quote, and the article it came from. */
#ifndef BOT_ANSWERVIEW_H
#define BOT_ANSWERVIEW_H

#include "bot/answer/reply.h"
#include "bot/chat/adapter.h"

/* Room for "YYYY-MM-DD" and its NUL. */
#define BOT_ANSWER_DATE 11

/**
 * bot_answer_view() - the parts of @r for a platform.
 * @date: where the article's date is written (BOT_ANSWER_DATE bytes).
 * The lead is the reply's text before its " Source: ..." tail and the
 * source the sentence in full, when the text ends with that tail; else
 * the lead is the whole text and there is no source. Help is ephemeral.
 * @a borrows from @r, @date and the article: use it while they live.
 */
void bot_answer_view(const struct bot_reply *r, struct bot_answer *a,
                     char *date);

#endif
