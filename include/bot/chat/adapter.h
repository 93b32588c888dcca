/* The adapter contract: what a platform implements, and what the runtime
 * gives it. */
#ifndef BOT_ADAPTER_H
#define BOT_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#include "bot/chat/config.h"
#include "bot/chat/metrics.h"

struct bot;
struct bot_adapter;
struct bot_http;
struct bot_loop;

/* A message as an adapter hands it to the runtime. Every pointer is
 * borrowed for the duration of the call only. */
struct bot_msg {
    const char *channel; /* "#news", or the sender for a direct message */
    const char *thread;  /* a thread id, or NULL */
    const char *id;      /* the message's own id (Discord replies), or NULL */
    const char *user;    /* the sender's id (IRC: nick) */
    const char *text;    /* UTF-8, @len bytes */
    size_t len;
    int direct;    /* a private / direct message */
    int from_bot;  /* the platform marks the sender as a bot */
    int from_self; /* our own message echoed back */
    int mentioned; /* the platform says the bot was mentioned */
    void *ctx;     /* the adapter's own, handed back to its reply and
                      defer (a slash command to answer), or NULL */
};

/* Called once a post has been accepted by the platform (@rc 0) or given
 * up on (@rc < 0). */
typedef void (*bot_post_done)(void *arg, int rc);

/* What a reply op returns when it will call bot_answer.landed. */
#define BOT_REPLY_LANDS 1

/* An answer as the runtime hands it to a platform: the plain text every
 * platform can show, and its parts for those that lay answers out (an
 * embed, Block Kit). Pointers are borrowed for the call only. */
struct bot_answer {
    const char *text;   /* the whole reply as plain text: the fallback */
    const char *lead;   /* the answer without its source quote: */
    size_t lead_len;    /* lead_len bytes (all of text when no source) */
    const char *source; /* the source quote in full, as the article
                           has it (a sentence or a clause), or NULL */
    int sentence;       /* its number in the article, with a source */
    /* The article answered from; each NULL when not known. */
    const char *title, *url, *outlet;
    const char *published; /* "2025-03-31" */
    int ephemeral;         /* for the asker's eyes only where the platform can
                              (help) */
    /* If not NULL: an adapter that can tell when the platform took the
     * answer calls it then with @landed_arg and 0 (or an error once given
     * up), and its reply returns BOT_REPLY_LANDS; not called if the
     * adapter is released first. Replicas mark a message answered then. */
    bot_post_done landed;
    void *landed_arg;
};

/* Fills @a with plain @text alone: a notice, an answer with no parts. */
void bot_answer_plain(struct bot_answer *a, const char *text);

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
    /* Every key the platform reads starts with this ("IRC_"): a reload
     * that changes one of them restarts this platform, and no other. */
    const char *key_prefix;
    /* One connection per network (a nick on IRC): with replicas sharing
     * a store, it runs on the one replica holding its role. */
    int single;
    size_t priv_size; /* the core callocs and frees ad->priv */
    /* Reads its configuration (borrowed: it outlives the adapter); no
     * I/O yet. */
    int (*init)(struct bot_adapter *ad, const struct bot_config *cfg);
    /* Starts connecting. */
    int (*start)(struct bot_adapter *ad);
    /* Sends @a as the answer to @to (same channel and thread,
     * addressing its sender); splits it to the platform's limits.
     * Return: 0, BOT_REPLY_LANDS (a->landed will be called), or an
     * error. */
    int (*reply)(struct bot_adapter *ad, const struct bot_msg *to,
                 const struct bot_answer *a);
    /* Optional: the answer to @to waits on slow work (the reminder
     * store), so a platform that must acknowledge in time (a slash
     * command) can do so now and send the answer when reply comes. */
    void (*defer)(struct bot_adapter *ad, const struct bot_msg *to);
    /* Posts @p unasked. Return: 0, and p->done will run once the platform
     * has accepted the post or it was given up; BOT_ENET if the platform
     * cannot take posts right now (try later); BOT_ETOOBIG if the text
     * does not fit one message. On failure p->done never runs; posts
     * still pending at release are dropped without it. */
    int (*post)(struct bot_adapter *ad, const struct bot_post *p);
    /* Every 100 ms: heartbeats, pacing, timeouts. */
    void (*on_tick)(struct bot_adapter *ad, int64_t now_ms);
    /* Begins a clean goodbye (IRC QUIT) after the replies already queued;
     * returns 1 once it is done. Called every tick until then, for a stop
     * or for a restart (bot_platform_goodbye() says which). */
    int (*stop)(struct bot_adapter *ad);
    /* Frees what init and start made; must not free ad->priv. REST
     * requests sent with ad->priv as their argument are forgotten by the
     * core; any other argument (an outbox's post) its owner forgets
     * (bot_http_forget()). */
    void (*release)(struct bot_adapter *ad);
};

/* Where an adapter stands; a reload moves it (bot/chat/restart.c). */
enum bot_adapter_state {
    BOT_ADAPTER_RUNNING = 0,
    BOT_ADAPTER_STOPPING, /* saying goodbye, to restart or to stop */
    BOT_ADAPTER_OFF,      /* released: no longer in NEWSBOT_PLATFORMS */
    BOT_ADAPTER_STANDBY,  /* made but not started: another replica runs it
                             (ops->single; bot/chat/replica.c) */
};

struct bot_adapter {
    const struct bot_adapter_ops *ops;
    struct bot *bot; /* back-pointer: deliver messages via bot_on_msg() */
    void *priv;      /* ops->priv_size zeroed bytes, freed by the core */
    int failed;      /* gave up for good (credentials, configuration) */
    /* The runtime's own; an adapter may read them. */
    const struct bot_config *cfg;  /* what init was given */
    enum bot_adapter_state state;  /* RUNNING, or a reload is at work */
    const struct bot_config *next; /* STOPPING: start again with this,
                                      or NULL to stay off */
    int64_t stop_deadline;         /* STOPPING: when the goodbye gives up */
    int standby;                   /* STOPPING: then stand by (its role
                                      was lost), not start */
};

extern const struct bot_adapter_ops bot_irc_ops;
extern const struct bot_adapter_ops bot_mattermost_ops;
extern const struct bot_adapter_ops bot_slack_ops;
extern const struct bot_adapter_ops bot_discord_ops;

/* The ops of platform @name, or NULL. */
const struct bot_adapter_ops *bot_adapter_find(const char *name);

/* True if @key is one of @ops' platform keys (its key_prefix). */
int bot_adapter_owns(const struct bot_adapter_ops *ops, const char *key);

/* The platform whose keys include @key ("IRC_NICK": irc), or NULL for a
 * key of the bot as a whole. */
const struct bot_adapter_ops *bot_adapter_owner(const char *key);

/* True while @ad takes questions and posts: running and not failed. */
int bot_adapter_usable(const struct bot_adapter *ad);

/* What the runtime (bot.c) gives an adapter: everything an adapter may
 * call of it. An adapter includes this header, never bot.h. */

/**
 * bot_on_msg() - an adapter hands over a message.
 * Routes it (addressed? rate limits?), asks the core in the message's
 * conversation and sends the answer back through the adapter. Return: 0,
 * or an error from the adapter's reply.
 */
int bot_on_msg(struct bot *bot, struct bot_adapter *ad,
               const struct bot_msg *msg, const char *const *names);

/* The platform rejected our credentials: stop, exit with status 2. The
 * message must not contain the secret. */
void bot_fatal_auth(struct bot *bot, const char *platform, const char *why);

/* The platform refuses our configuration (a bad nick): stop, exit 2. */
void bot_fatal_config(struct bot *bot, const char *platform, const char *why);

/* The platform's session is ready (logged in, answering). */
void bot_platform_ready(struct bot_adapter *ad);
/* The platform's connection was lost with close @code and @reason
 * (NULL or text without secrets); the adapter reconnects. @cause is what
 * the adapter knows of why, the reason label of newsbot_disconnects_total
 * (NONE: the close code decides, as bot_metrics_close_reason() says). */
void bot_platform_lost(struct bot_adapter *ad, enum bot_disconnect cause,
                       int code, const char *reason);

/* What the outbox tells the runtime's metrics about @platform's posts. */
enum bot_post_event {
    BOT_POST_QUEUED,
    BOT_POST_DEQUEUED,
    BOT_POST_429,
    BOT_POST_RETRY
};
void bot_post_count(struct bot *bot, const char *platform,
                    enum bot_post_event ev);

/* The REST client (started on first use). Return: it, or NULL. */
struct bot_http *bot_http(struct bot *bot);

/* Requests sent with @arg will not call back (bot_http_cancel()): call
 * before freeing @arg. Nothing to do once the client is gone. */
void bot_http_forget(struct bot *bot, const void *arg);

/* The words of @ad's goodbye (an IRC QUIT): "newsbot is reconnecting"
 * when a reload restarts it, else "newsbot is shutting down". */
const char *bot_platform_goodbye(const struct bot_adapter *ad);

/* Milliseconds on the bot's clock. */
int64_t bot_now_ms(const struct bot *bot);

/* The event loop, for an adapter's connections and timers. */
struct bot_loop *bot_loop_of(struct bot *bot);

#endif
