/* English as a language resource, shared by every article: whether a word
 * is English (SCOWL's US English list, Debian's wamerican), what chat
 * shorthand stands for (data/shorthand.txt, compiled in), and which
 * language a text is written in (libexttextcat). */
#ifndef BOT_ENGLISH_H
#define BOT_ENGLISH_H

#include <stddef.h>

#include "bot/base/err.h"

struct bot_english;

/**
 * bot_english_open() - set up the word list, the shorthand table and the
 * language models.
 * @textcat_dir: holds fpdb.conf and the models, read the first time a
 *               question looks foreign; if they are missing then, a warning
 *               says so and no text is called foreign by name.
 * Return: 0 or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_english_open(struct bot_english **out,
                                    const char *textcat_dir);
void bot_english_close(struct bot_english *en);

/* True if @word (folded, lower case) is an English word or a name the
 * list knows ("uzbekistan" as "Uzbekistan"). A binary search in the
 * compiled-in list, cached: after the first time a word costs one hash
 * lookup. */
int bot_english_is_word(struct bot_english *en, const char *word);

/* True if the list has @word (folded) only with a capital: a name
 * ("venn", "pruitt", "dana"), not a common word ("water", "unit"). */
int bot_english_is_name(const char *word);

/* What the shorthand @word stands for ("rn": "right now"), or NULL. */
const char *bot_english_shorthand(const struct bot_english *en,
                                  const char *word);

/* @folded with each shorthand word written out ("who runs afghanistan rn"
 * -> "... right now"). Return: a new string, or NULL out of memory. */
char *bot_english_expand(const struct bot_english *en, const char *folded);

/**
 * bot_english_language() - the language @text is written in, when it is
 * plainly not English: "German", "French", "Russian", ..., or "a language
 * other than English" when the models cannot tell which. NULL for English
 * or when unsure. @foreign: how many of its words are neither English nor
 * known otherwise; @words: how many words it has.
 */
const char *bot_english_language(struct bot_english *en, const char *text,
                                 size_t len, int foreign, int words);

#endif
