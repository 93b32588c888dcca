/* Who holds a leading role in an organisation ("who runs WRT?"). */
#ifndef BOT_ROLES_H
#define BOT_ROLES_H

#include "bot/answer/query.h"
#include "bot/knowledge/kb.h"

/* The person whose description makes them the head of the organisation
 * @q asks about ("who runs X?", "who's the CEO of X?", or of the
 * article's own organisation when @q names none), or -1: the question
 * asks no such thing, names a person or a place, or no one fits. */
int bot_roles_leader(const struct bot_kb *kb, const struct bot_query *q);

#endif
