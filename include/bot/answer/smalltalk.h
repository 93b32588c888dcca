/* The talk around the questions: greetings, thanks, goodbyes, "ok", "who
 * are you?". Recognised only when a message is nothing but that, so that
 * "thanks, and when is the hearing?" is still a question. */
#ifndef BOT_SMALLTALK_H
#define BOT_SMALLTALK_H

#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

/**
 * bot_smalltalk_answer() - reply to small talk.
 * @folded: the message, folded (lower case, plain quotes).
 * Return: 1 if @folded was small talk and @r holds a short reply (kind
 * BOT_KIND_SMALLTALK, answered false), 0 if it is something to answer.
 */
int bot_smalltalk_answer(const struct bot_kb *kb, const char *folded,
                         struct bot_reply *r);

#endif
