/* SIGHUP: the configuration and the knowledge read again; what can change
 * live applied at once, a platform whose keys changed reconnected alone
 * (restart.c), the rest named for the next restart. Part of the runtime
 * (bot.h declares bot_reload()); only bot.c's loop calls it, never a
 * signal handler. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/chat/bot.h"
#include "bot/chat/config.h"
#include "bot/chat/envsnap.h"
#include "bot/chat/reminders.h"

/* Keys a reload applies at once, and NEWSBOT_PLATFORMS, which starts and
 * stops platforms. A platform's own keys (its ops->key_prefix) restart
 * that platform. Every other key belongs to the database, a listener, a
 * file or the clock, made once at start-up. */
static const char *const live_keys[] = {
    "NEWSBOT_LOG_LEVEL",    "NEWSBOT_LOG_FORMAT", "NEWSBOT_RATE_USER",
    "NEWSBOT_RATE_CHANNEL", "NEWSBOT_PREFIX",     "NEWSBOT_REMIND_LEADS",
    "NEWSBOT_KNOWLEDGE",    "NEWSBOT_PIN",        "NEWSBOT_ENV",
    "NEWSBOT_PLATFORMS",
};

/* Whether a reload applies @key without a restart of the bot. */
static int
is_applied(const char *key)
{
    size_t i;

    for (i = 0; i < sizeof(live_keys) / sizeof(live_keys[0]); i++) {
        if (strcmp(key, live_keys[i]) == 0)
            return 1;
    }
    return bot_adapter_owner(key) != NULL;
}

/* Whether @key has one value in @a and @b (unset in both counts). */
static int
same_value(const struct bot_config *a, const struct bot_config *b,
           const char *key)
{
    const char *x = bot_config_get(a, key), *y = bot_config_get(b, key);

    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Appends @key to @buf unless it is live or unchanged since start-up. */
static void
note_restart_key(const struct bot *bot, const struct bot_config *fresh,
                 const char *key, char *buf, size_t cap, size_t *len)
{
    int n;

    if (is_applied(key) || same_value(bot->cfg, fresh, key) || *len >= cap)
        return;
    n = snprintf(buf + *len, cap - *len, "%s%s", *len ? ", " : "", key);
    if (n > 0)
        *len += (size_t)n;
}

/* Names every key changed since start-up that only a restart applies:
 * the database, the time zone, the HTTP listener, the CA file... */
static void
warn_restart_keys(const struct bot *bot, const struct bot_config *fresh)
{
    char keys[1024];
    size_t i, len = 0;

    keys[0] = '\0';
    for (i = 0; i < bot->cfg->env.nvars; i++)
        note_restart_key(bot, fresh, bot->cfg->env.vars[i].key, keys,
                         sizeof(keys), &len);
    for (i = 0; i < fresh->env.nvars; i++) {
        const char *key = fresh->env.vars[i].key;
        if (!bot_config_get(bot->cfg, key))
            note_restart_key(bot, fresh, key, keys, sizeof(keys), &len);
    }
    if (len)
        bot_log(BOT_LOG_WARN,
                "reload: changed keys that take effect at the next restart "
                "(not before): %s",
                keys);
}

/* The knowledge folder the new configuration names, unless --knowledge
 * chose one (then it stays). */
static void
apply_knowledge(struct bot *bot, const struct bot_config *fresh)
{
    if (!bot->kb_named && fresh->knowledge && *fresh->knowledge &&
        strcmp(fresh->knowledge, bot->kb_dir) != 0) {
        bot_log(BOT_LOG_INFO, "reload: knowledge folder now %s",
                fresh->knowledge);
        snprintf(bot->kb_dir, sizeof(bot->kb_dir), "%s", fresh->knowledge);
    }
    /* Stamp 0 never matches a folder's: the loop's next look loads it
     * again, keeping the version before if the new one does not load. */
    bot->kb_stamp = 0;
    bot->kb_check_at = 0;
}

/* Takes @fresh (heap, owned from now on) as the live configuration. */
static int
apply(struct bot *bot, struct bot_config *fresh)
{
    struct bot_config *old = bot->live;
    struct bot_router router;
    int rc = bot_router_init(&router, fresh);

    if (rc < 0)
        return rc;
    bot_router_release(&bot->router); /* the buckets start full again */
    bot->router = router;
    bot_log_set_level(fresh->log_level);
    bot_log_set_json(fresh->log_format == BOT_LOG_JSON);
    bot_reminders_set_leads(bot->reminders, &fresh->remind_leads);
    apply_knowledge(bot, fresh);
    warn_restart_keys(bot, fresh);
    bot->live = fresh; /* the router borrows its prefix */
    bot_platforms_reload(bot, fresh);
    bot_platforms_retire(bot, old); /* adapters not restarted keep it */
    return 0;
}

/* The configuration as a start now would read it: under a service
 * manager, the environment 'newsbot reload' left (if it did) stands for
 * the process's own, which cannot change. */
static int
load(struct bot *bot, struct bot_config *fresh)
{
    struct bot_envsnap snap = {0};
    int rc = 0;

    if (bot->env_snapshot)
        rc = bot_envsnap_read(&snap, bot->env_snapshot);
    if (rc == 1)
        bot_log(BOT_LOG_INFO,
                "reload: the environment 'newsbot reload' left in %s",
                bot->env_snapshot);
    if (rc >= 0)
        rc = bot_config_load_vars(fresh, bot->env_named,
                                  rc == 1 ? snap.vars : NULL);
    bot_envsnap_release(&snap);
    return rc;
}

int
bot_reload(struct bot *bot)
{
    struct bot_config *fresh = malloc(sizeof(*fresh));
    const char *level;
    int rc;

    bot_log(BOT_LOG_INFO, "SIGHUP: reading the configuration again");
    if (!fresh)
        return BOT_ENOMEM;
    rc = load(bot, fresh);
    if (rc < 0) {
        bot_log(BOT_LOG_ERROR, "reload: the configuration does not validate "
                               "(see above); the one loaded before stays "
                               "in force");
        free(fresh);
        return rc;
    }
    rc = apply(bot, fresh);
    if (rc < 0) {
        bot_config_release(fresh);
        free(fresh);
        return rc;
    }
    level = bot_config_get(fresh, "NEWSBOT_LOG_LEVEL");
    bot_log(BOT_LOG_INFO,
            "reload: configuration applied (log level %s, rate %d/%ds per "
            "user, %d/%ds per channel, prefix %s)",
            level ? level : "warn", fresh->rate_user.count,
            fresh->rate_user.seconds, fresh->rate_channel.count,
            fresh->rate_channel.seconds, bot->router.prefix);
    return 0;
}
