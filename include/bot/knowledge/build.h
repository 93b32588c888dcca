/* Building the fact table from the article's text: sentences and clauses,
 * entities and their aliases, dates resolved against the publication date,
 * numbers, reasons, places and speakers. */
#ifndef BOT_BUILD_H
#define BOT_BUILD_H

#include <jansson.h>

#include "bot/knowledge/kb.h"

/**
 * bot_build_table() - the fact table for the article @kb holds.
 * @kb:  its article, sentences, publication date and metadata are read;
 *       nothing else need be loaded.
 * @out: set to a new JSON object in facts.json's format (format 1), with
 *       an extra "unresolved" list of what the builder could not settle
 *       (a date with no anchor, a pronoun with no antecedent), which the
 *       loader ignores.
 * Pure: reads no file and no clock.
 * Return: 0 or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_build_table(const struct bot_kb *kb, json_t **out);

/**
 * bot_build_overlay() - lays a curated table over a built one.
 * Entities and facts of @curated replace those of @built with the same id
 * and are added otherwise; a curated entity whose name or alias is a built
 * entity's name replaces that entity too (facts citing it follow), and a
 * curated fact replaces the built facts of the sentence it quotes.
 * Synonyms and antonyms are added. @built keeps its meta.
 * @sentence_of: the sentence number a quote lies in (0 if none).
 * Return: 0 or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_build_overlay(json_t *built, json_t *curated,
                                     const struct bot_kb *kb);

#endif
