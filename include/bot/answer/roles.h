/* What the article says of a person: the leading role they hold in an
 * organisation ("who runs WRT?"), their age ("how old is she?"). */
#ifndef BOT_ROLES_H
#define BOT_ROLES_H

#include "bot/answer/query.h"
#include "bot/knowledge/kb.h"

/* The person a who-question @q asks for by role: the one whose title it
 * gives whole ("who is the mission director for X?": "the mission
 * director"), else the one whose description makes them the head of the
 * organisation @q asks about ("who runs X?", "who's the CEO of X?", or of
 * the article's own organisation when @q names none); -1 if the question
 * asks no such thing, names a person or a place, or no one fits. */
int bot_roles_leader(const struct bot_kb *kb, const struct bot_query *q);

/* The age the article gives person @e ("Oakenfold, 54,", "a 44-year-old",
 * and, if @central, "aged 87" or a headline's "dies at 87"), with the
 * sentence it is in; 0 if none. */
int bot_roles_age(const struct bot_kb *kb, int e, int central, int *sentence);

#endif
