#ifndef BOT_ADAPTER_H
#define BOT_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#include "bot/chat/config.h"
#include "bot/chat/router.h"

struct bot;
struct bot_adapter;

/* Called once a post has been accepted by the platform (@rc 0) or given
 * up on (@rc < 0). */
typedef void (*bot_post_done)(void *arg, int rc);

/* A message the bot posts unasked (a reminder). Pointers are borrowed for
 * the call only. */
struct bot_post {
    const char *channel; /* as bot_msg.channel: for a direct conversation,
                            what bot_msg.channel said (IRC: the nick) */
    const char *thread;  /* a thread to post in, or NULL */
    const char *text;    /* one message's worth: no splitting */
    const char *nonce;   /* a key the platform can use to drop a repeat of
                            this post (Discord's enforce_nonce), or NULL */
    bot_post_done done;
    void *arg;
};

/* A chat platform. Each adapter exports one const struct bot_adapter_ops
 * bot_<name>_ops; bot/adapter.c holds the list. */
struct bot_adapter_ops {
    const char *name; /* "irc" */
    size_t priv_size; /* the core callocs and frees ad->priv */
    /* Reads its configuration; no I/O yet. */
    int (*init)(struct bot_adapter *ad, const struct bot_config *cfg);
    /* Starts connecting. */
    int (*start)(struct bot_adapter *ad);
    /* Sends @text as the answer to @to (same channel and thread,
     * addressing its sender); splits it to the platform's limits. */
    int (*reply)(struct bot_adapter *ad, const struct bot_msg *to,
                 const char *text);
    /* Posts @p unasked. Return: 0, and p->done will run once the platform
     * has accepted the post or it was given up; BOT_ENET if the platform
     * cannot take posts right now (try later); BOT_ETOOBIG if the text
     * does not fit one message. On failure p->done never runs; posts
     * still pending at release are dropped without it. */
    int (*post)(struct bot_adapter *ad, const struct bot_post *p);
    /* Every 100 ms: heartbeats, pacing, timeouts. */
    void (*on_tick)(struct bot_adapter *ad, int64_t now_ms);
    /* Begins a clean goodbye (IRC QUIT); returns 1 once it is done. */
    int (*stop)(struct bot_adapter *ad);
    /* Frees what init and start made; must not free ad->priv. */
    void (*release)(struct bot_adapter *ad);
};

struct bot_adapter {
    const struct bot_adapter_ops *ops;
    struct bot *bot; /* back-pointer: deliver messages via bot_on_msg() */
    void *priv;      /* ops->priv_size zeroed bytes, freed by the core */
    int failed;      /* gave up for good (credentials, configuration) */
};

extern const struct bot_adapter_ops bot_irc_ops;
extern const struct bot_adapter_ops bot_mattermost_ops;
extern const struct bot_adapter_ops bot_slack_ops;
extern const struct bot_adapter_ops bot_discord_ops;

/* The ops of platform @name, or NULL. */
const struct bot_adapter_ops *bot_adapter_find(const char *name);

#endif
