/* Talking about several articles: listing them, switching between them,
 * and finding which one a question is about. No I/O. */
#ifndef BOT_ARTICLES_H
#define BOT_ARTICLES_H

#include <stddef.h>

#include "bot/answer/reply.h"
#include "bot/base/err.h"
#include "bot/knowledge/kb.h"

/* What a message asks of the article list. */
enum bot_articles_ask {
    BOT_ARTICLES_NONE = 0, /* a question about the article */
    BOT_ARTICLES_LIST,     /* "which articles do you know?" */
    BOT_ARTICLES_SWITCH    /* "switch to the strike story" */
};

/**
 * bot_articles_read() - whether @folded (folded text) asks for the list of
 * articles or to switch, and for a switch the words that name the article
 * (a pointer into @folded, or NULL).
 */
enum bot_articles_ask bot_articles_read(const char *folded, const char **words);

/**
 * bot_articles_choose() - the article @words (folded) name: the one whose
 * title and names share the most words with them, if one does clearly.
 * @kbs: @n articles. Return: its index, or -1.
 */
int bot_articles_choose(const struct bot_kb *const *kbs, size_t n,
                        const char *words);

/* Writes the list of @n articles (title, outlet, date), marking @current,
 * to @r. */
void bot_articles_list(const struct bot_kb *const *kbs, size_t n, int current,
                       struct bot_reply *r);

/* The names that tell articles apart: each word of an entity's name or
 * alias that is no common English word ("oakenfold", "westmere", "wrt"),
 * with the article that names it; sorted, for lookups. */
struct bot_names {
    struct bot_name {
        char word[32];
        int article;
    } * v;
    size_t n;
};

/* Builds @idx over @n articles. Return: 0 or BOT_ENOMEM. */
BOT_MUST_CHECK int bot_names_build(struct bot_names *idx,
                                   struct bot_kb *const *kbs, size_t n);
void bot_names_release(struct bot_names *idx);

/* Marks in @hit[0..n) the articles whose names @folded (folded text)
 * uses. Return: how many articles it names. */
size_t bot_names_find(const struct bot_names *idx, const char *folded,
                      unsigned char *hit, size_t n);

/* "Title (Outlet, 12 March 2026)" of @kb into @buf. */
void bot_articles_name(const struct bot_kb *kb, char *buf, size_t cap);

#endif
