/* The built-in English word tables. */
#ifndef BOT_LEXICON_H
#define BOT_LEXICON_H

#include <stddef.h>

/* The built-in English word tables and their lookups. Uses nothing of
 * ours; lex.c turns the groups into concepts. */

/* generic words that weigh little ("happen", "thing"). */
int bot_lexicon_is_light(const char *word);
/* the value of a number word ("twenty" -> 20), or -1. */
double bot_lexicon_number(const char *word);

/* Synonym group @i ("ask|asked|request|..."), or NULL past the last. */
const char *bot_lexicon_group(size_t i);
/* Opposite pair @i into @a and @b. Return: 1, or 0 past the last. */
int bot_lexicon_opposite(size_t i, const char **a, const char **b);

#endif
