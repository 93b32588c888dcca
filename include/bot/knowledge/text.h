/* Text folding: UTF-8 checks, case and accent folding, words, and small
 * string helpers. */
#ifndef BOT_TEXT_H
#define BOT_TEXT_H

#include <stddef.h>

#include "bot/base/err.h"

/* Longest question accepted, in bytes; longer ones are refused. */
#define BOT_TEXT_MAX 4096
/* Longest word kept; longer words are cut at a character boundary. */
#define BOT_WORD_MAX 40
/* Most words read from one text. */
#define BOT_WORDS_MAX 128

struct sb_stemmer;

/* One word of a folded text, with its Snowball stem. */
struct bot_word {
    char text[BOT_WORD_MAX]; /* folded surface form: "prosecutor" */
    char stem[BOT_WORD_MAX]; /* "prosecutor" -> "prosecutor", "banned" -> "ban"
                              */
    size_t off;              /* byte offset in the folded text */
};

struct bot_words {
    size_t n;
    struct bot_word w[BOT_WORDS_MAX];
};

/* Returns 0 if @s[0..len) is valid UTF-8, BOT_EPARSE otherwise. */
int bot_text_utf8_check(const char *s, size_t len);

/* Length of the longest prefix of @s (valid UTF-8) that fits in @cap
 * bytes without cutting a character. */
size_t bot_text_utf8_prefix(const char *s, size_t len, size_t cap);

/**
 * bot_text_fold() - normalise text for matching.
 * Unicode NFKC, case folding and accent stripping (utf8proc); curly quotes
 * become ' and ", dashes become -, control characters become spaces; a
 * capitalised "US"/"U.S." becomes "usa" so that it survives lower-casing.
 * Return: a new string the caller frees, or NULL when out of memory or on
 * invalid UTF-8.
 */
char *bot_text_fold(const char *s, size_t len);

/* Folding without the "US" mark: for comparing texts, not matching. */
char *bot_text_fold_plain(const char *s, size_t len);

/* A Snowball English stemmer; bot_text_stemmer_free(NULL) is a no-op. */
struct sb_stemmer *bot_text_stemmer_new(void);
void bot_text_stemmer_free(struct sb_stemmer *st);

/* Stems @word into @out (cap BOT_WORD_MAX). */
void bot_text_stem(struct sb_stemmer *st, const char *word, char *out);

/**
 * bot_text_words() - split folded text into words and stem them.
 * Words are runs of letters and digits; "'s" is dropped ("russia's" ->
 * "russia") and "n't" becomes a separate "not". Hyphens split words.
 * With @st NULL the words are split but not stemmed (stems left empty).
 * Return: the number of words (at most BOT_WORDS_MAX; the rest are
 * ignored).
 */
size_t bot_text_words(struct sb_stemmer *st, const char *folded,
                      struct bot_words *out);

/* True for function words that carry no topic ("the", "did", "about"). */
int bot_text_is_stopword(const char *word);

/* True if @word is one of @list (NULL-ended). */
int bot_text_in_list(const char *word, const char *const *list);

/* True if @text holds @words as whole words (not inside a longer word),
 * in any case: "canal" in "Aldmere Ship Canal Company". */
int bot_text_has_words(const char *text, const char *words);

/* Damerau-Levenshtein distance between @a and @b, or @limit + 1 as soon as
 * it is known to exceed @limit. */
int bot_text_distance(const char *a, const char *b, int limit);

#endif
