/* Several articles: "which articles do you know?", "switch to ..." and
 * which article a few words name. */
#include "bot/answer/articles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/knowledge/text.h"

/* Words a request for the list may hold besides "articles". */
static const char *const list_words[] = {
    "which", "what",     "do",      "you",    "know",      "have", "list",
    "show",  "me",       "the",     "are",    "there",     "all",  "cover",
    "can",   "i",        "ask",     "about",  "other",     "any",  "news",
    "your",  "articles", "stories", "loaded", "available", "tell", "please",
    "pls",   "got",      "of",      NULL};

/* Openings that ask to talk about another article. */
static const char *const switch_openers[] = {"switch to ",
                                             "switch over to ",
                                             "change to ",
                                             "lets talk about ",
                                             "let's talk about ",
                                             "talk about ",
                                             "go to ",
                                             "use the article about ",
                                             "the article about ",
                                             "the story about ",
                                             "the one about ",
                                             "open the article about ",
                                             "switch ",
                                             NULL};

enum bot_articles_ask
bot_articles_read(const char *folded, const char **words)
{
    struct bot_words w;
    size_t i, k;
    int plural = 0;

    *words = NULL;
    for (k = 0; switch_openers[k]; k++) {
        size_t n = strlen(switch_openers[k]);
        if (strncmp(folded, switch_openers[k], n) == 0) {
            const char *rest = folded + n;
            if (strncmp(rest, "the ", 4) == 0)
                rest += 4;
            *words = rest;
            return BOT_ARTICLES_SWITCH;
        }
    }
    bot_text_words(NULL, folded, &w);
    for (i = 0; i < w.n; i++) {
        if (!strcmp(w.w[i].text, "articles") || !strcmp(w.w[i].text, "stories"))
            plural = 1;
        else if (!bot_text_in_list(w.w[i].text, list_words))
            return BOT_ARTICLES_NONE;
    }
    return plural ? BOT_ARTICLES_LIST : BOT_ARTICLES_NONE;
}

/* How many of @words (folded) occur as words in @text (folded). */
static int
shared_words(const char *words, const char *text)
{
    struct bot_words a, b;
    size_t i, j;
    int n = 0;

    bot_text_words(NULL, words, &a);
    bot_text_words(NULL, text, &b);
    for (i = 0; i < a.n; i++) {
        if (bot_text_is_stopword(a.w[i].text) || strlen(a.w[i].text) < 3)
            continue;
        for (j = 0; j < b.n; j++) {
            if (!strcmp(a.w[i].text, b.w[j].text)) {
                n++;
                break;
            }
        }
    }
    return n;
}

/* The score of @kb for @words: title words count twice, names once. */
static int
score(const struct bot_kb *kb, const char *words)
{
    int s = 0;
    size_t i;
    char *t;

    if (kb->title && (t = bot_text_fold_plain(kb->title, strlen(kb->title)))) {
        s += 2 * shared_words(words, t);
        free(t);
    }
    for (i = 0; i < kb->nentities; i++) {
        const char *name = kb->entities[i].name;
        t = bot_text_fold_plain(name, strlen(name));
        if (t && shared_words(words, t) > 0)
            s++;
        free(t);
    }
    return s;
}

int
bot_articles_choose(const struct bot_kb *const *kbs, size_t n,
                    const char *words)
{
    int best = -1, best_score = 0, second = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        int s = score(kbs[i], words);
        if (s > best_score) {
            second = best_score;
            best_score = s;
            best = (int)i;
        } else if (s > second) {
            second = s;
        }
    }
    return best_score > 0 && best_score > second ? best : -1;
}

void
bot_articles_name(const struct bot_kb *kb, char *buf, size_t cap)
{
    char date[48];

    bot_date_format(&kb->published, date, sizeof(date));
    snprintf(buf, cap, "\"%s\" (%s, %s)", kb->title ? kb->title : kb->dir,
             kb->outlet ? kb->outlet : "unknown outlet", date);
}

void
bot_articles_list(const struct bot_kb *const *kbs, size_t n, int current,
                  struct bot_reply *r)
{
    size_t i;

    r->answered = 1;
    r->confidence = 1;
    bot_reply_add(r, "I know %zu article%s:", n, n == 1 ? "" : "s");
    for (i = 0; i < n; i++) {
        char name[400];
        bot_articles_name(kbs[i], name, sizeof(name));
        bot_reply_add(r, "\n%zu. %s%s", i + 1, name,
                      (int)i == current ? " (we are on this one)" : "");
    }
    if (n > 1)
        bot_reply_add(r, "\nSay \"switch to\" and words of a title to pick "
                         "one.");
}
