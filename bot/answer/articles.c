/* Several articles: "which articles do you know?", "switch to ..." and
 * which article a few words name. */
#include "bot/answer/articles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/knowledge/english.h"
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

static int
cmp_name(const void *a, const void *b)
{
    const struct bot_name *x = a, *y = b;
    int c = strcmp(x->word, y->word);

    return c ? c : x->article - y->article;
}

/* Adds the telling words of @name to @idx. */
static int
add_name_words(struct bot_names *idx, size_t *cap, struct bot_kb *kb,
               const char *name, int article)
{
    char *folded = bot_text_fold_plain(name, strlen(name));
    struct bot_words w;
    size_t i;

    if (!folded)
        return BOT_ENOMEM;
    bot_text_words(NULL, folded, &w);
    free(folded);
    for (i = 0; i < w.n; i++) {
        const char *word = w.w[i].text;
        if (strlen(word) < 3 || strlen(word) >= sizeof(idx->v->word) ||
            bot_text_is_stopword(word) ||
            (bot_english_is_word(kb->english, word) &&
             !bot_english_is_name(word)))
            continue;
        if (idx->n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 256;
            struct bot_name *grown = realloc(idx->v, ncap * sizeof(*grown));
            if (!grown)
                return BOT_ENOMEM;
            idx->v = grown;
            *cap = ncap;
        }
        snprintf(idx->v[idx->n].word, sizeof(idx->v->word), "%s", word);
        idx->v[idx->n++].article = article;
    }
    return 0;
}

int
bot_names_build(struct bot_names *idx, struct bot_kb *const *kbs, size_t n)
{
    size_t cap = 0, a, i, o;
    int rc = 0;

    memset(idx, 0, sizeof(*idx));
    for (a = 0; rc == 0 && a < n; a++) {
        for (i = 0; rc == 0 && i < kbs[a]->nentities; i++)
            rc = add_name_words(idx, &cap, kbs[a], kbs[a]->entities[i].name,
                                (int)a);
        if (rc == 0 && kbs[a]->title)
            rc = add_name_words(idx, &cap, kbs[a], kbs[a]->title, (int)a);
    }
    if (rc < 0) {
        bot_names_release(idx);
        return rc;
    }
    if (idx->n)
        qsort(idx->v, idx->n, sizeof(*idx->v), cmp_name);
    for (i = 0, o = 0; i < idx->n; i++) {
        if (o == 0 || cmp_name(&idx->v[o - 1], &idx->v[i]) != 0)
            idx->v[o++] = idx->v[i];
    }
    idx->n = o;
    return 0;
}

void
bot_names_release(struct bot_names *idx)
{
    free(idx->v);
    memset(idx, 0, sizeof(*idx));
}

size_t
bot_names_find(const struct bot_names *idx, const char *folded,
               unsigned char *hit, size_t n)
{
    struct bot_words w;
    size_t i, found = 0;

    memset(hit, 0, n);
    bot_text_words(NULL, folded, &w);
    for (i = 0; i < w.n; i++) {
        size_t lo = 0, hi = idx->n;
        while (lo < hi) { /* the first entry of the word */
            size_t mid = (lo + hi) / 2;
            if (strcmp(idx->v[mid].word, w.w[i].text) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < idx->n && !strcmp(idx->v[lo].word, w.w[i].text); lo++) {
            size_t a = (size_t)idx->v[lo].article;
            if (a < n && !hit[a]) {
                hit[a] = 1;
                found++;
            }
        }
    }
    return found;
}
