/* The built-in English word tables. */
#ifndef BOT_LEXICON_H
#define BOT_LEXICON_H

#include <stddef.h>

#include "bot/knowledge/text.h"

/* The built-in English word tables and their lookups. Uses only the word
 * splitter's types; lex.c turns the groups into concepts. */

/* generic words that weigh little ("happen", "thing"). */
int bot_lexicon_is_light(const char *word);

/* The number of words of a contentless chat idiom ("in the first place",
 * "or what") starting at word @i of @w, or 0. */
size_t bot_lexicon_idiom(const struct bot_words *w, size_t i);

/* What "which @word" asks for, when its answer must be a name: 'p' any
 * person ("which official"), 'l' any place ("which place"), 'o' any
 * organisation ("which body"), 'n' an entity
 * whose name, type or description says @word ("which judge", "which
 * agency"); 0 when a description can answer ("which law"). */
int bot_lexicon_named_kind(const char *word);

/* True for an auxiliary verb: "is", "did", "has", "won't" ("wont"). */
int bot_lexicon_is_aux(const char *word);
/* the value of a number word ("twenty" -> 20), or -1. */
double bot_lexicon_number(const char *word);

/* Synonym group @i ("ask|asked|request|..."), or NULL past the last. */
const char *bot_lexicon_group(size_t i);
/* Opposite pair @i into @a and @b. Return: 1, or 0 past the last. */
int bot_lexicon_opposite(size_t i, const char **a, const char **b);

#endif
