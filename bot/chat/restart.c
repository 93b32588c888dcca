/* The platforms while the bot runs: a reload restarts the one whose keys
 * changed (its goodbye, then the same slot made again from the new
 * configuration), starts one newly in NEWSBOT_PLATFORMS and stops one no
 * longer in it, while the others stay connected. Part of the runtime
 * (bot.h declares it); bot.c and reload.c call it, on the loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/base/log.h"
#include "bot/chat/bot.h"
#include "bot/chat/config.h"
#include "bot/chat/notify.h"
#include "bot/chat/reminders.h"

#define GOODBYE_MS 5000 /* as for a stop: queued replies may land */
#define NKEPT      (int)(sizeof(((struct bot *)0)->kept) / sizeof(void *))

static int64_t
wall_s(void)
{
    return (int64_t)time(NULL);
}

int
bot_platform_init(struct bot *bot, int i, const struct bot_adapter_ops *ops,
                  const struct bot_config *cfg)
{
    struct bot_adapter *ad = &bot->adapters[i];

    memset(ad, 0, sizeof(*ad));
    ad->ops = ops;
    ad->bot = bot;
    ad->cfg = cfg;
    ad->priv = calloc(1, ops->priv_size ? ops->priv_size : 1);
    if (i == bot->nadapters)
        bot->nadapters++;
    if (!ad->priv) {
        ad->state = BOT_ADAPTER_OFF;
        return BOT_ENOMEM;
    }
    bot_metrics_platform(&bot->metrics, i, ops->name, wall_s());
    return ops->init(ad, cfg);
}

void
bot_platform_release(struct bot *bot, struct bot_adapter *ad)
{
    if (!ad->priv)
        return;
    if (ad->ops->release)
        ad->ops->release(ad);
    bot_http_forget(bot, ad->priv); /* its own REST callbacks */
    bot_reminders_forget(bot->reminders, ad);
    free(ad->priv);
    ad->priv = NULL;
}

const char *
bot_platform_goodbye(const struct bot_adapter *ad)
{
    /* A stop that comes during a restart's goodbye is a stop. */
    return ad->state == BOT_ADAPTER_STOPPING && ad->next &&
                   !ad->bot->stop_deadline
               ? "newsbot is reconnecting"
               : "newsbot is shutting down";
}

/* @key's value, with an empty one counting as unset. */
static const char *
value(const struct bot_config *cfg, const char *key)
{
    const char *v = bot_config_get(cfg, key);

    return v && *v ? v : NULL;
}

static int
same(const struct bot_config *a, const struct bot_config *b, const char *key)
{
    const char *x = value(a, key), *y = value(b, key);

    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Appends @key to the list in @buf. */
static void
name_key(char *buf, size_t cap, const char *key)
{
    size_t len = strlen(buf);

    if (len < cap)
        snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", key);
}

/* Names in @buf the keys of @ops whose value differs between @was and
 * @now (names only: values may be secrets). Return: how many. */
static int
changed_keys(const struct bot_adapter_ops *ops, const struct bot_config *was,
             const struct bot_config *now, char *buf, size_t cap)
{
    const struct bot_config *side[2] = {was, now};
    int k, n = 0;
    size_t i;

    buf[0] = '\0';
    for (k = 0; k < 2; k++) {
        for (i = 0; i < side[k]->env.nvars; i++) {
            const char *key = side[k]->env.vars[i].key;
            if (!bot_adapter_owns(ops, key) || same(was, now, key) ||
                (k == 1 && bot_config_get(was, key)))
                continue; /* the second pass adds keys new in @now */
            name_key(buf, cap, key);
            n++;
        }
    }
    return n;
}

/* The adapter of @name, or -1. */
static int
slot_named(const struct bot *bot, const char *name)
{
    int i;

    for (i = 0; i < bot->nadapters; i++) {
        if (strcmp(bot->adapters[i].ops->name, name) == 0)
            return i;
    }
    return -1;
}

static void
begin_goodbye(struct bot *bot, int i, struct bot_adapter *ad,
              const struct bot_config *next)
{
    ad->state = BOT_ADAPTER_STOPPING;
    ad->next = next;
    ad->stop_deadline = bot_now_ms(bot) + GOODBYE_MS;
    /* counted once, as the reload's: the close that follows finds it down */
    bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_DOWN,
                      BOT_DISCONNECT_RELOAD, wall_s(),
                      ad->standby ? "standing by: another replica may run it"
                      : next      ? "reconnecting: its settings changed"
                                  : "stopping: no longer in NEWSBOT_PLATFORMS");
}

/* Slot @i, released, is made again from @cfg and stands by. */
static void
stand_by(struct bot *bot, int i, const struct bot_config *cfg)
{
    struct bot_adapter *ad = &bot->adapters[i];
    int rc = bot_platform_init(bot, i, ad->ops, cfg);

    if (rc < 0) { /* it did init once with @cfg: memory */
        bot_platform_release(bot, ad);
        ad->state = BOT_ADAPTER_OFF;
        ad->cfg = NULL;
        bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_FAILED,
                          BOT_DISCONNECT_NONE, wall_s(), "could not stand by");
        return;
    }
    ad->state = BOT_ADAPTER_STANDBY;
    bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_STANDBY,
                      BOT_DISCONNECT_NONE, wall_s(), NULL);
    bot_notify_state(&bot->metrics, &bot->ready_sent);
}

void
bot_platform_standby(struct bot *bot, int i)
{
    struct bot_adapter *ad = &bot->adapters[i];

    if (ad->state == BOT_ADAPTER_RUNNING) {
        ad->standby = 1;
        begin_goodbye(bot, i, ad, ad->cfg);
    } else if (ad->state == BOT_ADAPTER_STOPPING && ad->next) {
        ad->standby = 1; /* a reload's restart: stand by after it */
    }
}

void
bot_platform_wake(struct bot *bot, int i)
{
    struct bot_adapter *ad = &bot->adapters[i];
    int rc;

    if (ad->state != BOT_ADAPTER_STANDBY)
        return;
    ad->state = BOT_ADAPTER_RUNNING;
    bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_CONNECTING,
                      BOT_DISCONNECT_NONE, wall_s(), NULL);
    rc = ad->ops->start(ad);
    if (rc < 0) {
        bot_log(BOT_LOG_ERROR, "%s: could not start (%s); standing by",
                ad->ops->name, bot_strerror(rc));
        bot_platform_release(bot, ad);
        stand_by(bot, i, ad->cfg);
    }
}

/* Slot @i, released or never made, becomes @ops running with @cfg. */
static void
start_in(struct bot *bot, int i, const struct bot_adapter_ops *ops,
         const struct bot_config *cfg)
{
    struct bot_adapter *ad = &bot->adapters[i];
    int rc = bot_platform_init(bot, i, ops, cfg);

    if (rc == 0)
        rc = ops->start(ad);
    if (rc < 0) {
        char why[BOT_METRICS_ERR_MAX];
        bot_platform_release(bot, ad);
        ad->state = BOT_ADAPTER_OFF;
        ad->cfg = NULL;
        snprintf(why, sizeof(why), "could not start (%s)", bot_strerror(rc));
        bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_FAILED,
                          BOT_DISCONNECT_RELOAD, wall_s(), why);
        bot_log(BOT_LOG_ERROR,
                "%s: %s after the reload; the other platforms "
                "go on",
                ops->name, why);
    } else {
        bot_log(BOT_LOG_INFO, "%s: started with the reloaded configuration",
                ops->name);
    }
    bot_notify_state(&bot->metrics, &bot->ready_sent);
}

/* What the reload to @fresh does to adapter @i. */
static void
plan(struct bot *bot, int i, const struct bot_config *fresh)
{
    struct bot_adapter *ad = &bot->adapters[i];
    const char *name = ad->ops->name;
    int want = bot_config_has_platform(fresh, name);
    char keys[512];

    switch (ad->state) {
    case BOT_ADAPTER_OFF:
        if (want)
            start_in(bot, i, ad->ops, fresh);
        break;
    case BOT_ADAPTER_STANDBY: /* nothing to say goodbye to */
        if (want && !changed_keys(ad->ops, ad->cfg, fresh, keys, sizeof(keys)))
            break;
        bot_platform_release(bot, ad);
        if (want) {
            stand_by(bot, i, fresh);
        } else {
            ad->state = BOT_ADAPTER_OFF;
            ad->cfg = NULL;
            bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_OFF,
                              BOT_DISCONNECT_RELOAD, wall_s(),
                              "stopped: no longer in NEWSBOT_PLATFORMS");
        }
        break;
    case BOT_ADAPTER_STOPPING: /* the goodbye goes on; then the newest */
        ad->next = want ? fresh : NULL;
        break;
    case BOT_ADAPTER_RUNNING:
        if (!want) {
            bot_log(BOT_LOG_INFO,
                    "reload: %s is no longer in NEWSBOT_PLATFORMS: "
                    "saying goodbye and stopping it",
                    name);
            begin_goodbye(bot, i, ad, NULL);
        } else if (changed_keys(ad->ops, ad->cfg, fresh, keys, sizeof(keys))) {
            bot_log(BOT_LOG_INFO,
                    "reload: %s changed (%s): reconnecting %s alone, "
                    "after the replies it has queued",
                    name, keys, name);
            begin_goodbye(bot, i, ad, fresh);
        }
        break;
    }
}

static int
has_chat_platform(const struct bot_config *cfg)
{
    int i;

    for (i = 0; i < cfg->nplatforms; i++) {
        if (strcmp(cfg->platforms[i], "console") != 0)
            return 1;
    }
    return 0;
}

void
bot_platforms_reload(struct bot *bot, const struct bot_config *fresh)
{
    const struct bot_adapter_ops *ops;
    int i;

    if (!has_chat_platform(fresh)) {
        bot_log(BOT_LOG_WARN,
                "reload: NEWSBOT_PLATFORMS now names no chat platform; the "
                "platforms running stay (the terminal chat needs a restart)");
        return;
    }
    for (i = 0; i < bot->nadapters; i++)
        plan(bot, i, fresh);
    for (i = 0; i < fresh->nplatforms; i++) {
        ops = bot_adapter_find(fresh->platforms[i]);
        if (!ops || slot_named(bot, ops->name) >= 0)
            continue; /* the console, or a platform with its slot */
        if (bot->nadapters == BOT_CONFIG_PLATFORMS_MAX)
            break;
        bot_log(BOT_LOG_INFO,
                "reload: %s is new in NEWSBOT_PLATFORMS: "
                "starting it",
                ops->name);
        start_in(bot, bot->nadapters, ops, fresh);
    }
}

/* @ad's goodbye is over (or out of time): released, then started again
 * with the configuration it waits for, or left off. */
static void
end_goodbye(struct bot *bot, int i)
{
    struct bot_adapter *ad = &bot->adapters[i];
    const struct bot_config *next = ad->next;

    bot_platform_release(bot, ad);
    if (next && ad->standby) {
        stand_by(bot, i, next);
        return;
    }
    if (next) {
        start_in(bot, i, ad->ops, next);
        return;
    }
    ad->state = BOT_ADAPTER_OFF;
    ad->cfg = NULL;
    bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_OFF, BOT_DISCONNECT_RELOAD,
                      wall_s(), "stopped: no longer in NEWSBOT_PLATFORMS");
    bot_notify_state(&bot->metrics, &bot->ready_sent);
    bot_log(BOT_LOG_INFO, "%s: stopped (no longer in NEWSBOT_PLATFORMS)",
            ad->ops->name);
}

/* Whether @cfg is what the bot or one of its adapters runs with. */
static int
in_use(const struct bot *bot, const struct bot_config *cfg)
{
    int i;

    if (cfg == bot->live)
        return 1;
    for (i = 0; i < bot->nadapters; i++) {
        if (bot->adapters[i].cfg == cfg || bot->adapters[i].next == cfg)
            return 1;
    }
    return 0;
}

static void
config_free(struct bot_config *cfg)
{
    bot_config_release(cfg);
    free(cfg);
}

/* Frees the kept configurations nothing runs with any more. */
static void
sweep(struct bot *bot)
{
    int i;

    for (i = 0; i < NKEPT; i++) {
        if (bot->kept[i] && !in_use(bot, bot->kept[i])) {
            config_free(bot->kept[i]);
            bot->kept[i] = NULL;
        }
    }
}

void
bot_platforms_tick(struct bot *bot, int64_t now_ms)
{
    struct bot_adapter *ad;
    int i, done, swept = 0;

    for (i = 0; i < bot->nadapters; i++) {
        ad = &bot->adapters[i];
        if (ad->state != BOT_ADAPTER_STOPPING)
            continue;
        done = ad->ops->stop(ad);
        if (!done && now_ms < ad->stop_deadline)
            continue;
        if (!done)
            bot_log(BOT_LOG_WARN,
                    "%s: its goodbye did not end within %d s; closing it "
                    "now (replies still queued for it are dropped)",
                    ad->ops->name, GOODBYE_MS / 1000);
        end_goodbye(bot, i);
        swept = 1;
    }
    if (swept)
        sweep(bot);
}

void
bot_platforms_retire(struct bot *bot, struct bot_config *old)
{
    int i;

    if (!old)
        return;
    for (i = 0; i < NKEPT && bot->kept[i]; i++)
        ;
    if (i == NKEPT) { /* cannot happen: each is some adapter's */
        bot_log(BOT_LOG_ERROR, "reload: too many configurations in use; "
                               "the one replaced stays in memory");
        return;
    }
    bot->kept[i] = old;
    sweep(bot);
}

void
bot_platforms_release(struct bot *bot)
{
    int i;

    for (i = 0; i < NKEPT; i++) {
        if (bot->kept[i])
            config_free(bot->kept[i]);
        bot->kept[i] = NULL;
    }
}
