/* Replicas: claims on messages, conversations through the store, and the
 * roles (a single platform, the reminders) one replica holds at a time. */
#include "bot/chat/replica.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bot/answer/handoff.h"
#include "bot/base/log.h"
#include "bot/chat/bot.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/chat/threads.h"
#include "bot/reminders/store.h"

#define ROLE_TRY_MS   2000  /* a dead holder's role is taken within */
#define EXPIRE_MS     60000 /* old claims and contexts swept this often */
#define CLAIM_KEEP_MS (30 * 60000LL) /* longer than any platform redelivers */
#define STORE_KEY_MAX (BOT_CONVO_KEY_MAX + BOT_THREADS_KEY_MAX + 16)

void
bot_replica_init(struct bot *bot)
{
    struct bot_replica *r = &bot->replica;
    const char *v = bot_config_get(bot->cfg, "NEWSBOT_REPLICA");
    char host[64] = "";

    memset(r, 0, sizeof(*r));
    r->store_was_up = 1;
    if (v && *v) {
        snprintf(r->id, sizeof(r->id), "%s", v);
        return;
    }
    if (gethostname(host, sizeof(host) - 1) < 0)
        snprintf(host, sizeof(host), "newsbot");
    snprintf(r->id, sizeof(r->id), "%s:%ld", host, (long)getpid());
}

/* The store replicas share, up or down; NULL with SQLite or none. */
static struct bot_store *
shared(struct bot *bot)
{
    struct bot_store *st = bot_reminders_store(bot->reminders);

    return st && bot_store_shared(st) ? st : NULL;
}

struct bot_store *
bot_replica_store(struct bot *bot)
{
    struct bot_store *st = shared(bot);

    return st && bot_store_up(st) ? st : NULL;
}

int
bot_replica_claim(struct bot *bot, const struct bot_adapter *ad,
                  const struct bot_msg *msg)
{
    struct bot_store *st = shared(bot);
    char id[STORE_KEY_MAX];
    int rc;

    if (!st || !msg->id || !*msg->id)
        return 1;
    /* a message's id is unique in its channel (Slack's ts) */
    snprintf(id, sizeof(id), "%s/%s", msg->channel ? msg->channel : "",
             msg->id);
    rc = bot_store_up(st)
             ? bot_store_claim(st, ad->ops->name, id, bot_now_ms(bot))
             : BOT_ENET;
    if (rc == 1) {
        bot->metrics.claims_won++;
        return 1;
    }
    if (rc == 0) {
        bot->metrics.claims_lost++;
        bot_log(BOT_LOG_DEBUG, "%s: message %s is another replica's",
                ad->ops->name, msg->id);
        return 0;
    }
    bot->metrics.claims_unchecked++;
    if (!bot->replica.unchecked_said) {
        bot->replica.unchecked_said = 1;
        bot_log(BOT_LOG_WARN,
                "replica %s: the store is out; answering without claims "
                "until it is back (another replica may answer the same "
                "message)",
                bot->replica.id);
    }
    return 1;
}

/* What the store keeps for conversation or link @key: "ctx:..." or
 * "link:...". */
static void
store_key(char *buf, size_t cap, const char *what, const char *key)
{
    snprintf(buf, cap, "%s:%s", what, key);
}

size_t
bot_replica_conversation(struct bot *bot, const struct bot_adapter *ad,
                         const struct bot_msg *msg, char *key, size_t cap)
{
    struct bot_store *st = bot_replica_store(bot);
    char links[2][BOT_THREADS_KEY_MAX], k[STORE_KEY_MAX];
    unsigned char blob[BOT_HANDOFF_MAX];
    int64_t now = bot_now_ms(bot), since = now - BOT_CONVO_TTL_MS;
    int i, n = st ? bot_threads_keys(ad->ops->name, msg, links) : 0;
    size_t len;

    for (i = 0; i < n; i++) { /* where another replica left the thread */
        store_key(k, sizeof(k), "link", links[i]);
        int got = bot_store_convo_get(st, k, blob, sizeof(blob) - 1, since);
        if (got > 0 && (size_t)got < sizeof(blob)) {
            blob[got] = '\0';
            bot_threads_learn(bot->threads, links[i], (const char *)blob, now,
                              now + BOT_CONVO_TTL_MS);
        }
    }
    len = bot_threads_conversation(bot->threads, ad->ops->name, msg, now,
                                   BOT_CONVO_TTL_MS, key, cap);
    if (st) { /* and what it last said there */
        store_key(k, sizeof(k), "ctx", key);
        int got = bot_store_convo_get(st, k, blob, sizeof(blob), since);
        if (got > 0 && (size_t)got <= sizeof(blob) &&
            bot_handoff_load(&bot->core, key, blob, (size_t)got, now) < 0)
            bot_log(BOT_LOG_DEBUG,
                    "a conversation saved by another version of the bot "
                    "or the knowledge starts afresh");
    }
    return len;
}

void
bot_replica_save(struct bot *bot, const struct bot_adapter *ad,
                 const struct bot_msg *msg, const char *key)
{
    struct bot_store *st = bot_replica_store(bot);
    char links[2][BOT_THREADS_KEY_MAX], k[STORE_KEY_MAX];
    unsigned char blob[BOT_HANDOFF_MAX];
    int64_t now = bot_now_ms(bot);
    const char *conv;
    size_t len;
    int i, n;

    if (!st)
        return;
    len = bot_handoff_save(&bot->core, key, blob, sizeof(blob));
    store_key(k, sizeof(k), "ctx", key);
    if (len > 0)
        (void)bot_store_convo_put(st, k, blob, len, now); /* logged there */
    n = bot_threads_keys(ad->ops->name, msg, links);
    for (i = 0; i < n; i++) {
        conv = bot_threads_find(bot->threads, links[i], now);
        store_key(k, sizeof(k), "link", links[i]);
        if (conv)
            (void)bot_store_convo_put(st, k, conv, strlen(conv), now);
    }
}

/* The roles went with the store's session: stand by, post nothing. */
static void
drop_roles(struct bot *bot, const char *why)
{
    int i, had = bot->replica.reminders;

    bot->replica.reminders = 0;
    bot->metrics.role_reminders = 0;
    bot_reminders_set_role(bot->reminders, 0);
    for (i = 0; i < bot->nadapters; i++) {
        struct bot_adapter *ad = &bot->adapters[i];
        if (ad->ops->single && ad->state == BOT_ADAPTER_RUNNING) {
            bot_log(BOT_LOG_WARN,
                    "replica %s: %s; %s stands by (another replica may "
                    "take it)",
                    bot->replica.id, why, ad->ops->name);
            bot_platform_standby(bot, i);
            had = 1;
        }
    }
    if (had)
        bot_log(BOT_LOG_INFO, "replica %s: roles given up (%s)",
                bot->replica.id, why);
}

static void
take_roles(struct bot *bot, struct bot_store *st)
{
    int i, held = bot_store_role(st, "reminders") == 1;

    if (held != bot->replica.reminders)
        bot_log(BOT_LOG_INFO, "replica %s: %s the reminders", bot->replica.id,
                held ? "now posts" : "no longer posts");
    bot->replica.reminders = held;
    bot->metrics.role_reminders = held;
    bot_reminders_set_role(bot->reminders, held);
    for (i = 0; i < bot->nadapters; i++) {
        struct bot_adapter *ad = &bot->adapters[i];
        if (!ad->ops->single || ad->state != BOT_ADAPTER_STANDBY || ad->failed)
            continue;
        if (bot_store_role(st, ad->ops->name) == 1) {
            bot_log(BOT_LOG_INFO, "replica %s: took the %s role; connecting",
                    bot->replica.id, ad->ops->name);
            bot_platform_wake(bot, i);
        }
    }
}

void
bot_replica_tick(struct bot *bot, int64_t now_ms)
{
    struct bot_replica *r = &bot->replica;
    struct bot_store *st = shared(bot);
    int back, up;

    if (!st)
        return;
    back = bot_store_tick(st, now_ms);
    up = bot_store_up(st);
    bot->metrics.shared = 1;
    bot->metrics.store_up = up;
    if (!up && r->store_was_up)
        drop_roles(bot, "the store's connection was lost");
    else if (back)
        drop_roles(bot, "the store's connection was made again");
    if (up && !r->store_was_up)
        r->unchecked_said = 0;
    r->store_was_up = up;
    if (!up || now_ms < r->roles_at)
        return;
    r->roles_at = now_ms + ROLE_TRY_MS;
    take_roles(bot, st);
    if (now_ms >= r->expire_at) {
        r->expire_at = now_ms + EXPIRE_MS;
        (void)bot_store_claims_expire(st, now_ms - CLAIM_KEEP_MS);
        (void)bot_store_convos_expire(st, now_ms - BOT_CONVO_TTL_MS);
    }
}
