/* Several articles in one bot: a knowledge folder that holds one article,
 * or a folder of article folders. */
#ifndef BOT_LIBRARY_H
#define BOT_LIBRARY_H

#include <stddef.h>
#include <stdint.h>

#include "bot/knowledge/kb.h"

/* Most articles one bot loads. */
#define BOT_LIBRARY_MAX 1024

/* True if @dir holds an article itself: facts.json or meta.json. */
int bot_library_is_article(const char *dir);

/**
 * bot_library_load() - the articles of @dir.
 * @dir: one article's folder, or a folder of article folders (each with
 *       article.txt and meta.json, or facts.json), read in name order.
 * @kbs: set to a new array of *@n loaded articles, newest first (by
 *       publication date, then by folder name).
 * An article folder that does not load is reported (naming it) and
 * skipped; the others load.
 * Return: 0; BOT_EIO if @dir cannot be read; BOT_EPARSE if no article in
 * it loads (the single article's own error, when @dir is one); BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_library_load(const char *dir, struct bot_kb **kbs,
                                    size_t *n);
void bot_library_release(struct bot_kb *kbs, size_t n);

/* A fingerprint of the files the articles of @dir are read from (names,
 * sizes, modification times), so that a watcher sees an edit, a new
 * article folder or a removed one. */
uint64_t bot_library_stamp(const char *dir);

#endif
