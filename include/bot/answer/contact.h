/* A phone number the article gives ("what's the number to call?"). */
#ifndef BOT_CONTACT_H
#define BOT_CONTACT_H

#include "bot/answer/query.h"
#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

/* If @q asks for a number to call, replies with the first phone number
 * in the article and its sentence, or that there is none, and returns 1;
 * else returns 0 and leaves @r alone. */
int bot_contact_answer(const struct bot_kb *kb, const struct bot_query *q,
                       struct bot_reply *r);

#endif
