/* Loading the knowledge from a folder. */
#ifndef BOT_KBLOAD_H
#define BOT_KBLOAD_H

#include <jansson.h>

#include "bot/knowledge/kb.h"

/**
 * bot_kb_load() - read the article and its fact table from @dir.
 * @kb:  caller-owned; need not be initialised.
 * @dir: a folder holding facts.json and the article it names.
 * Every quote must occur in the article word for word; a fact that cites
 * words the article does not contain makes the load fail, naming it.
 * Return: 0, or BOT_EIO, BOT_EPARSE, BOT_ETOOBIG (a file over its cap),
 * BOT_ENOMEM, each reported once with the file and the problem. On failure @kb
 * is left empty, so bot_kb_release() is always safe.
 */
BOT_MUST_CHECK int bot_kb_load(struct bot_kb *kb, const char *dir);

/**
 * bot_kb_load_table() - the first half of a load: the metadata, the
 * article and its sentences, and the fact table as JSON: facts.json as
 * written, or, when @dir has meta.json, the table built from article.txt
 * with facts.json (if any) laid over it. For `kb build` and `kb show`.
 * Return: as bot_kb_load(); on failure the caller still releases @kb.
 */
BOT_MUST_CHECK int bot_kb_load_table(struct bot_kb *kb, const char *dir,
                                     json_t **root);

#endif
