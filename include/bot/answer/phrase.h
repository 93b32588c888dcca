/* How dates and distances in days are said in every answer. */
#ifndef BOT_PHRASE_H
#define BOT_PHRASE_H

#include <stddef.h>

#include "bot/base/date.h"

/* Writes "on 17 April 2025", "in July 2024", "at the end of 2023". */
void bot_phrase_date(const struct bot_date *d, char *buf, size_t cap);

/* Writes "Thursday, 17 April 2025" for a day, the date alone otherwise. */
void bot_phrase_weekday(const struct bot_date *d, char *buf, size_t cap);

/* "today", "tomorrow", "in 16 days", "yesterday", "591 days ago". */
void bot_phrase_countdown(long days, char *buf, size_t cap);

#endif
