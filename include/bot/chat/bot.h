/* The chat runtime: the answerer, the configured platforms, the router and
 * one event loop. */
#ifndef BOT_BOT_H
#define BOT_BOT_H

#include <signal.h>
#include <stdint.h>

#include "bot/answer/core.h"
#include "bot/base/clock.h"
#include "bot/chat/adapter.h"
#include "bot/chat/metrics.h"
#include "bot/chat/replica.h"
#include "bot/chat/router.h"
#include "bot/chat/unanswered.h"

struct bot_config;
struct bot_http;
struct bot_httpd;
struct bot_loop;
struct bot_reminders;
struct bot_threads;
struct bot_timer;

/* The chat runtime: the question answerer, the configured platforms, the
 * router between them and one event loop. */
struct bot {
    const struct bot_config *cfg;
    struct bot_core core;
    struct bot_clock clock;
    struct bot_router router;
    struct bot_threads *threads; /* top-level follow-ups in threads */
    struct bot_loop *loop;
    struct bot_http *http; /* REST for adapters that need it; lazily made */
    struct bot_reminders *reminders;
    struct bot_unanswered *unanswered; /* NEWSBOT_UNANSWERED, or NULL */
    struct bot_replica replica;        /* what replicas share */
    char kb_dir[4096];                 /* the knowledge folder */
    uint64_t kb_stamp;                 /* its files as last loaded */
    int64_t kb_check_at;               /* when to look at it again */
    struct bot_adapter adapters[BOT_CONFIG_PLATFORMS_MAX];
    int nadapters;
    struct bot_timer *tick;
    struct bot_metrics metrics;    /* for NEWSBOT_HTTP's /metrics, /healthz */
    struct bot_httpd *httpd;       /* NEWSBOT_HTTP's listener, or NULL */
    struct bot_timer *watchdog;    /* systemd's WATCHDOG=1, or NULL */
    int64_t watchdog_ms;           /* half of WatchdogSec */
    int ready_sent;                /* READY=1 told to systemd */
    volatile sig_atomic_t *stop;   /* set by the signal handler */
    volatile sig_atomic_t *reload; /* set on SIGHUP, or NULL */
    const char *env_named;         /* --env FILE for reloads, or NULL */
    const char *env_snapshot;      /* where 'newsbot reload' leaves the
                                      environment for reloads, or NULL */
    int kb_named;            /* --knowledge chose kb_dir: reloads keep it */
    struct bot_config *live; /* the last configuration reloaded, or NULL
                                for @cfg; owned */
    /* Configurations a reload replaced that an adapter still runs with
     * (its keys did not change); owned, freed once none does. */
    struct bot_config *kept[2 * BOT_CONFIG_PLATFORMS_MAX];
    int64_t stop_deadline; /* when a clean goodbye gives up */
    int exit_code;         /* 0, or 2 for rejected credentials */
    int done;
};

/* Sets up the core, the loop and the adapters from @cfg (borrowed for the
 * bot's life). Return: 0 or an error reported once. */
BOT_MUST_CHECK int bot_init(struct bot *bot, const struct bot_config *cfg,
                            const char *knowledge_dir,
                            volatile sig_atomic_t *stop);
void bot_release(struct bot *bot);

/**
 * bot_load_knowledge() - load the knowledge folder @dir into @core and
 * apply NEWSBOT_PIN, as start-up, a reload and check-config all do.
 * Return: 0, or an error reported once; on failure @core holds nothing
 * to release.
 */
BOT_MUST_CHECK int bot_load_knowledge(struct bot_core *core,
                                      const struct bot_config *cfg,
                                      const char *dir);

/**
 * bot_reload() - read the configuration as start-up did (the .env file
 * bot->env_named or NEWSBOT_ENV or ./.env, then the environment, or the
 * snapshot at bot->env_snapshot standing for it) and the knowledge folder
 * again.
 * A configuration that does not validate is reported (each error, as
 * check-config reports it) and the one in force stays. Otherwise the log
 * level and format, the rate limits, the prefix, the reminder leads,
 * NEWSBOT_PIN and the knowledge folder apply at once; a platform whose
 * keys changed reconnects alone, one added to NEWSBOT_PLATFORMS starts and
 * one taken out stops (bot_platforms_reload()); every other key that
 * changed is named in a warning: it takes effect at the next restart.
 * Return: 0 if the configuration was taken, or the error of the load.
 */
int bot_reload(struct bot *bot);

/* Runs until a signal or a fatal error. Return: the exit status. */
int bot_run(struct bot *bot);

/* The platforms while the bot runs (bot/chat/restart.c). */

/**
 * bot_platform_init() - make adapter slot @i (bot->nadapters for a new
 * one) the platform @ops, initialised from @cfg (borrowed for the
 * adapter's life).
 * Return: 0, or an error of its init; the slot then still needs
 * bot_platform_release().
 */
BOT_MUST_CHECK int bot_platform_init(struct bot *bot, int i,
                                     const struct bot_adapter_ops *ops,
                                     const struct bot_config *cfg);

/* Releases @ad and frees its private state; its REST requests and the
 * reminders on their way through it are forgotten. Safe twice. */
void bot_platform_release(struct bot *bot, struct bot_adapter *ad);

/**
 * bot_platforms_reload() - apply what a reload to @fresh changes of the
 * platforms, comparing each platform's keys (ops->key_prefix) with those
 * it runs with. One whose keys changed says goodbye and starts again with
 * @fresh; one newly in NEWSBOT_PLATFORMS starts; one no longer in it says
 * goodbye and stops. The others are left alone. Each is logged.
 */
void bot_platforms_reload(struct bot *bot, const struct bot_config *fresh);

/* Every tick, unless the bot is stopping: the goodbyes a reload began,
 * each followed by its platform's start or its end. */
void bot_platforms_tick(struct bot *bot, int64_t now_ms);

/* @old (owned, or NULL) is no longer the live configuration: freed now,
 * or once no adapter runs with it. */
void bot_platforms_retire(struct bot *bot, struct bot_config *old);

/* Frees every configuration bot_platforms_retire() kept. */
void bot_platforms_release(struct bot *bot);

/* Answers @msg from @offset now, as bot_on_msg() would after routing
 * it (a message another replica claimed and died holding). Return: as
 * bot_on_msg(). */
int bot_answer_now(struct bot *bot, struct bot_adapter *ad,
                   const struct bot_msg *msg, size_t offset);

/* Adapter @i (ops->single) lost its role to another replica: running, it
 * says goodbye and is made again standing by; otherwise nothing. */
void bot_platform_standby(struct bot *bot, int i);

/* Adapter @i, standing by, took its role: it starts. */
void bot_platform_wake(struct bot *bot, int i);

#endif
