/* Replicas: claims on messages, conversations through the store, and the
 * roles (a single platform, the reminders) one replica holds at a time. */
#include "bot/chat/replica.h"

#include <stdio.h>
#include <stdlib.h>
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
#define NOTE_TEXT_MAX 1024  /* longer questions are not kept with a claim */
#define ORPHANS_MS    1000  /* how often dead replicas' claims are looked for */
#define ORPHAN_AGE_MS 60000 /* and how far back */

/* An answer on its way, whose claim is marked done once it lands. */
struct bot_landing {
    struct bot_landing *next, **prev;
    struct bot *bot;
    const char *platform; /* ops->name: static */
    char id[];
};

static void
landing_free(struct bot_landing *l)
{
    *l->prev = l->next;
    if (l->next)
        l->next->prev = l->prev;
    free(l);
}

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

/* "channel/id": a message's id is unique in its channel (Slack's ts). */
static void
claim_key(const struct bot_msg *msg, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", msg->channel ? msg->channel : "", msg->id);
}

/* What a claim keeps of @msg, so that another replica can answer it:
 * "nb1 D M OFFSET\n", then channel, thread, id and user, each ended by
 * NUL ("-" before a NULL one), then the text. Return: its length, or 0
 * if it is not kept (too long). */
static size_t
note_of(const struct bot_msg *msg, size_t offset, char *buf, size_t cap)
{
    const char *f[4] = {msg->channel, msg->thread, msg->id, msg->user};
    size_t n, i;
    int k;

    if (msg->len > NOTE_TEXT_MAX)
        return 0;
    k = snprintf(buf, cap, "nb1 %d %d %zu\n", msg->direct ? 1 : 0,
                 msg->mentioned ? 1 : 0, offset);
    n = k > 0 ? (size_t)k : cap;
    for (i = 0; i < 4 && n < cap; i++) {
        k = snprintf(buf + n, cap - n, "%s%s", f[i] ? "" : "-",
                     f[i] ? f[i] : "");
        n += (size_t)k + 1; /* and its NUL */
    }
    if (n + msg->len > cap)
        return 0;
    memcpy(buf + n, msg->text, msg->len);
    return n + msg->len;
}

/* @note read back into @msg and @offset (pointing into @note, which
 * must end with a NUL past @len). Return: 0, or -1 if it is not one. */
static int
note_read(const char *note, size_t len, struct bot_msg *msg, size_t *offset)
{
    const char *f[4], *p, *end = note + len;
    int direct, mentioned, used = 0;
    size_t i;

    if (sscanf(note, "nb1 %d %d %zu\n%n", &direct, &mentioned, offset, &used) !=
            3 ||
        used <= 0)
        return -1;
    p = note + used;
    for (i = 0; i < 4; i++) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        if (!nul)
            return -1;
        f[i] = *p == '-' && nul == p + 1 ? NULL : p;
        p = nul + 1;
    }
    memset(msg, 0, sizeof(*msg));
    msg->channel = f[0];
    msg->thread = f[1];
    msg->id = f[2];
    msg->user = f[3];
    msg->text = p;
    msg->len = (size_t)(end - p);
    msg->direct = direct;
    msg->mentioned = mentioned;
    return msg->id && *offset <= msg->len ? 0 : -1;
}

void
bot_replica_release(struct bot *bot)
{
    struct bot_replica *r = &bot->replica;

    while (r->landings) /* their adapters are gone: never called */
        landing_free(r->landings);
}

int
bot_replica_claim(struct bot *bot, const struct bot_adapter *ad,
                  const struct bot_msg *msg, size_t offset, int keep_it)
{
    struct bot_store *st = shared(bot);
    char id[STORE_KEY_MAX], note[NOTE_TEXT_MAX + 1024];
    size_t len = 0;
    int rc;

    if (!st || !msg->id || !*msg->id)
        return 1;
    claim_key(msg, id, sizeof(id));
    if (keep_it && !msg->ctx)
        len = note_of(msg, offset, note, sizeof(note));
    rc = bot_store_up(st) ? bot_store_claim(st, ad->ops->name, id,
                                            bot_now_ms(bot), NULL, note, len)
                          : BOT_ENET;
    if (rc == BOT_CLAIM_WON) {
        bot->metrics.claims_won++;
        return 1;
    }
    if (rc == BOT_CLAIM_DONE || rc == BOT_CLAIM_HELD) {
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

void
bot_replica_done(struct bot *bot, const struct bot_adapter *ad,
                 const struct bot_msg *msg)
{
    struct bot_store *st = bot_replica_store(bot);
    char id[STORE_KEY_MAX];

    if (!st || !msg->id || !*msg->id)
        return;
    claim_key(msg, id, sizeof(id));
    (void)bot_store_claim_done(st, ad->ops->name, id); /* logged there */
}

static void
landed(void *arg, int rc)
{
    struct bot_landing *l = arg;
    struct bot_store *st = bot_replica_store(l->bot);

    if (rc == 0 && st)
        (void)bot_store_claim_done(st, l->platform, l->id);
    landing_free(l);
}

int
bot_replica_answer(struct bot *bot, struct bot_adapter *ad,
                   const struct bot_msg *msg, struct bot_answer *a)
{
    struct bot_replica *r = &bot->replica;
    struct bot_landing *l = NULL;
    char id[STORE_KEY_MAX];
    int rc;

    if (bot_replica_store(bot) && msg->id && *msg->id) {
        claim_key(msg, id, sizeof(id));
        l = malloc(sizeof(*l) + strlen(id) + 1);
    }
    if (l) {
        l->bot = bot;
        l->platform = ad->ops->name;
        memcpy(l->id, id, strlen(id) + 1);
        l->next = r->landings;
        l->prev = &r->landings;
        if (l->next)
            l->next->prev = &l->next;
        r->landings = l;
        a->landed = landed;
        a->landed_arg = l;
    }
    rc = ad->ops->reply(ad, msg, a);
    if (rc == BOT_REPLY_LANDS)
        return 0; /* landed() marks it */
    if (rc == 0)
        bot_replica_done(bot, ad, msg);
    if (l)
        landing_free(l);
    return rc;
}

/* The adapter of platform @name that can answer now, or NULL. */
static struct bot_adapter *
adapter_named(struct bot *bot, const char *name)
{
    int i;

    for (i = 0; i < bot->nadapters; i++) {
        if (!strcmp(bot->adapters[i].ops->name, name) &&
            bot_adapter_usable(&bot->adapters[i]))
            return &bot->adapters[i];
    }
    return NULL;
}

/* A claim whose holder died before its answer landed: taken over, and
 * the message it kept answered here. */
static int
orphan(void *arg, const char *platform, const char *id, const void *note,
       size_t len)
{
    struct bot *bot = arg;
    struct bot_store *st = bot_replica_store(bot);
    struct bot_adapter *ad = adapter_named(bot, platform);
    char copy[NOTE_TEXT_MAX + 1024 + 1];
    struct bot_msg msg;
    size_t offset;

    if (!st || !ad || len >= sizeof(copy))
        return 0; /* a platform this replica does not run, or not kept */
    memcpy(copy, note, len);
    copy[len] = '\0';
    if (note_read(copy, len, &msg, &offset) < 0)
        return 0;
    if (bot_store_claim(st, platform, id, bot_now_ms(bot), NULL, note, len) !=
        BOT_CLAIM_WON)
        return 0; /* another replica was quicker */
    bot_log(BOT_LOG_INFO,
            "replica %s: %s message %s was claimed by a replica that died "
            "before its answer landed; answering it here",
            bot->replica.id, platform, msg.id);
    bot->metrics.claims_won++;
    (void)bot_answer_now(bot, ad, &msg, offset);
    return 0;
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
    char links[2][BOT_THREADS_KEY_MAX], k[2][STORE_KEY_MAX];
    char conv[2][BOT_THREADS_CONV_MAX + 1];
    unsigned char blob[BOT_HANDOFF_MAX];
    struct bot_convo_slot slot[2];
    int64_t now = bot_now_ms(bot), since = now - BOT_CONVO_TTL_MS;
    int i, n = st ? bot_threads_keys(ad->ops->name, msg, links) : 0;
    size_t len;

    for (i = 0; i < n; i++) { /* where another replica left the thread */
        store_key(k[i], sizeof(k[i]), "link", links[i]);
        slot[i] =
            (struct bot_convo_slot){k[i], conv[i], sizeof(conv[i]) - 1, 0};
    }
    if (n && bot_store_convo_get_many(st, slot, (size_t)n, since) == 0) {
        for (i = 0; i < n; i++) {
            if (slot[i].len <= 0 || (size_t)slot[i].len >= sizeof(conv[i]))
                continue;
            conv[i][slot[i].len] = '\0';
            bot_threads_learn(bot->threads, links[i], conv[i], now,
                              now + BOT_CONVO_TTL_MS);
        }
    }
    len = bot_threads_conversation(bot->threads, ad->ops->name, msg, now,
                                   BOT_CONVO_TTL_MS, key, cap);
    if (st) { /* and what it last said there */
        store_key(k[0], sizeof(k[0]), "ctx", key);
        slot[0] = (struct bot_convo_slot){k[0], blob, sizeof(blob), 0};
        if (bot_store_convo_get_many(st, slot, 1, since) == 0 &&
            slot[0].len > 0 && (size_t)slot[0].len <= sizeof(blob) &&
            bot_handoff_load(&bot->core, key, blob, (size_t)slot[0].len, now) <
                0)
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
    char links[2][BOT_THREADS_KEY_MAX], k[3][STORE_KEY_MAX];
    unsigned char blob[BOT_HANDOFF_MAX];
    struct bot_convo_item item[3];
    int64_t now = bot_now_ms(bot);
    const char *conv;
    size_t len, n = 0;
    int i, nlinks;

    if (!st)
        return;
    len = bot_handoff_save(&bot->core, key, blob, sizeof(blob));
    if (len > 0) {
        store_key(k[n], sizeof(k[n]), "ctx", key);
        item[n] = (struct bot_convo_item){k[n], blob, len};
        n++;
    }
    nlinks = bot_threads_keys(ad->ops->name, msg, links);
    for (i = 0; i < nlinks; i++) {
        conv = bot_threads_find(bot->threads, links[i], now);
        if (!conv)
            continue;
        store_key(k[n], sizeof(k[n]), "link", links[i]);
        item[n] = (struct bot_convo_item){k[n], conv, strlen(conv)};
        n++;
    }
    /* one round trip; a failure is logged by the store */
    (void)bot_store_convo_put_many(st, item, n, now);
}

/* Whether this replica posts the reminders: told to the runner and the
 * metrics alike. */
static void
set_reminders_role(struct bot *bot, int held)
{
    bot->replica.reminders = held;
    bot->metrics.role_reminders = held;
    bot_reminders_set_role(bot->reminders, held);
}

/* The roles went with the store's session: stand by, post nothing. */
static void
drop_roles(struct bot *bot, const char *why)
{
    int i, had = bot->replica.reminders;

    set_reminders_role(bot, 0);
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
    set_reminders_role(bot, held);
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
    if (up && now_ms >= r->orphans_at) {
        r->orphans_at = now_ms + ORPHANS_MS;
        (void)bot_store_orphans(st, now_ms - ORPHAN_AGE_MS, orphan, bot);
    }
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
