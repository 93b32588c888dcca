/* Parsing one fact of facts.json into the knowledge model. */
#ifndef BOT_FACT_H
#define BOT_FACT_H

#include <jansson.h>

#include "bot/knowledge/kb.h"

/**
 * bot_fact_parse() - read one fact of the fact table into @fact.
 * Checks its quote against the article, its entity ids against the entity
 * table and resolves its date from the article's words against the
 * publication date. Return: 0, or BOT_EPARSE / BOT_ENOMEM reported once,
 * naming the fact. @fact may hold partial data on failure; free it with
 * bot_fact_release().
 */
BOT_MUST_CHECK int bot_fact_parse(struct bot_kb *kb, json_t *obj, int idx,
                                  struct bot_fact *fact);

/* Builds the set of concepts @fact can match. Return: 0 or BOT_ENOMEM. */
BOT_MUST_CHECK int bot_fact_index(struct bot_kb *kb, struct bot_fact *fact,
                                  json_t *obj);

/* Builds the concepts an entity's description can match. */
BOT_MUST_CHECK int bot_fact_index_entity(struct bot_kb *kb,
                                         struct bot_entity *ent, json_t *obj);

/* A copy of the string member @key of @obj (the caller frees it), or NULL
 * if absent. Sets *@rc to BOT_EPARSE if @key holds something other than a
 * string or null, and to BOT_ENOMEM if the copy fails. */
char *bot_fact_json_str(json_t *obj, const char *key, int *rc);

#endif
