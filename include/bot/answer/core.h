/* The question answerer's one entry point: reads a question in its
 * conversation and picks the reply. No I/O, no clock reads. */
#ifndef BOT_CORE_H
#define BOT_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/answer.h"
#include "bot/answer/articles.h"
#include "bot/answer/convo.h"
#include "bot/answer/status.h"
#include "bot/knowledge/kb.h"

/* The question answerer every front end calls: the knowledge plus the
 * conversations' short memories. One thread; no I/O after init. */
struct bot_core {
    struct bot_kb kb;    /* the newest article: what a channel asks about
                            until it picks another */
    struct bot_kb *more; /* the other articles, newest first */
    size_t nmore;
    int library;            /* loaded from a folder of article folders */
    struct bot_names names; /* which article a name belongs to */
    struct bot_convos convos;
    struct bot_pin {
        char *channel; /* a conversation key's "platform/channel" */
        int article;
    } * pins; /* channels held to one article (NEWSBOT_PIN) */
    size_t npins;
    uint64_t print; /* the knowledge's fingerprint (bot/answer/handoff.h) */
};

/* One question as a front end hands it over. */
struct bot_ask {
    const char *text;
    size_t len;
    const char *conversation; /* "platform/channel[/thread]"; NULL = none */
    struct bot_date today;    /* in NEWSBOT_TZ, DAY or MINUTE precision */
    int64_t now_ms;           /* for context expiry */
    int explain;              /* append how the question was read */
    const struct bot_status_info *status; /* for "status"; NULL = not known */
};

/* Loads the knowledge from @dir: one article's folder, or a folder of
 * article folders (bot/knowledge/library.h). Return: 0 or an error
 * reported once. */
BOT_MUST_CHECK int bot_core_init(struct bot_core *core, const char *dir);

/* Every article the core knows into @kbs (at most @cap), the newest
 * first. Return: how many. */
size_t bot_core_articles(const struct bot_core *core, const struct bot_kb **kbs,
                         size_t cap);

/* How many articles the core knows, and the @i-th (0: the newest). */
size_t bot_core_count(const struct bot_core *core);
const struct bot_kb *bot_core_nth(const struct bot_core *core, size_t i);

/**
 * bot_core_pin() - hold a channel to one article.
 * @spec: "CHANNEL=ARTICLE[,CHANNEL=ARTICLE...]": CHANNEL as the front end
 *        names it ("slack/C0123", "irc/#news"), ARTICLE an article
 *        folder's name. An unknown article is an error naming it.
 * Return: 0, BOT_EINVAL (said) or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_core_pin(struct bot_core *core, const char *spec);

/* The title (or folder) of the article conversation @key talks about. */
const char *bot_core_article(const struct bot_core *core, const char *key);
void bot_core_release(struct bot_core *core);

/**
 * bot_core_ask() - answer one question.
 * Always fills @r: empty, oversized or invalid text gets a clear refusal
 * with answered false. Return: 0, or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_core_ask(struct bot_core *core,
                                const struct bot_ask *ask, struct bot_reply *r);

#endif
