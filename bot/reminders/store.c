/* The store's one entry point: picks the backend from the string it is
 * opened with and passes every call to it (store_int.h). */
#include "bot/reminders/store.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "store_int.h"

/* libpq's keywords a connection string most likely starts with; a file
 * path never does, unless a file is named like "host=x", which we accept
 * to misread rather than guess at every '='. */
static const char *const pg_keywords[] = {
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "service",
    "connect_timeout",
    "sslmode",
    "options",
    "application_name",
    "target_session_attrs",
};

/* True if @s starts with "keyword =" for a libpq keyword. */
static int
starts_with_keyword(const char *s)
{
    size_t i, n;

    while (isspace((unsigned char)*s))
        s++;
    for (n = 0; s[n] == '_' || islower((unsigned char)s[n]); n++)
        ;
    for (i = 0; i < sizeof(pg_keywords) / sizeof(pg_keywords[0]); i++) {
        const char *k = pg_keywords[i];
        const char *e = s + n;

        if (strlen(k) != n || strncmp(s, k, n) != 0)
            continue;
        while (isspace((unsigned char)*e))
            e++;
        return *e == '=';
    }
    return 0;
}

int
bot_store_is_postgres(const char *spec)
{
    if (!spec)
        return 0;
    return strncmp(spec, "postgresql://", 13) == 0 ||
           strncmp(spec, "postgres://", 11) == 0 || starts_with_keyword(spec);
}

int
bot_store_open(struct bot_store **out, const char *path, char *why, size_t cap)
{
    const struct bot_store_ops *ops =
        bot_store_is_postgres(path) ? &bot_store_pg_ops : &bot_store_sqlite_ops;

    *out = NULL;
    if (cap)
        why[0] = '\0';
    return ops->open(out, path, why, cap);
}

void
bot_store_close(struct bot_store *st)
{
    if (st)
        st->ops->close(st);
}

enum bot_store_where
bot_store_moved(struct bot_store *st)
{
    return st->ops->moved(st);
}

const char *
bot_store_path(const struct bot_store *st)
{
    return st->ops->path(st);
}

int
bot_store_shared(const struct bot_store *st)
{
    return st->ops->shared;
}

int
bot_store_up(const struct bot_store *st)
{
    return st->ops->up(st);
}

int
bot_store_tick(struct bot_store *st, int64_t now_ms)
{
    return st->ops->tick(st, now_ms);
}

int
bot_store_schema(struct bot_store *st)
{
    return st->ops->schema(st);
}

int
bot_store_subscribe(struct bot_store *st, const struct bot_place *p,
                    const char *by_user, int64_t now_ms)
{
    return st->ops->subscribe(st, p, by_user ? by_user : "", now_ms);
}

int
bot_store_unsubscribe(struct bot_store *st, const struct bot_place *p)
{
    return st->ops->unsubscribe(st, p);
}

int
bot_store_subscriptions(struct bot_store *st, bot_store_sub_cb cb, void *arg)
{
    return st->ops->subscriptions(st, cb, arg);
}

int
bot_store_sent_each(struct bot_store *st, const struct bot_place *p,
                    bot_store_sent_cb cb, void *arg)
{
    return st->ops->sent_each(st, p, cb, arg);
}

int
bot_store_record(struct bot_store *st, const struct bot_place *p,
                 const struct bot_sent *s, size_t n)
{
    return n ? st->ops->record(st, p, s, n) : 0;
}

int
bot_store_claim(struct bot_store *st, const char *platform, const char *id,
                int64_t now_ms, int64_t *holder, const void *note, size_t len)
{
    int64_t h;

    if (len > INT_MAX)
        return BOT_ETOOBIG;
    return st->ops->claim(st, platform, id, now_ms, holder ? holder : &h,
                          note ? note : "", note ? len : 0);
}

int
bot_store_claim_done(struct bot_store *st, const char *platform, const char *id)
{
    return st->ops->claim_done(st, platform, id);
}

int
bot_store_orphans(struct bot_store *st, int64_t since_ms,
                  bot_store_orphan_cb cb, void *arg)
{
    return st->ops->orphans(st, since_ms, cb, arg);
}

int
bot_store_claims_expire(struct bot_store *st, int64_t before_ms)
{
    return st->ops->claims_expire(st, before_ms);
}

int
bot_store_lease(struct bot_store *st, const struct bot_place *p,
                const struct bot_remind_key *k, const char *holder,
                int64_t now_ms, int64_t until_ms)
{
    return st->ops->lease(st, p, k, holder, now_ms, until_ms);
}

int
bot_store_lease_drop(struct bot_store *st, const struct bot_place *p,
                     const struct bot_remind_key *k, const char *holder)
{
    return st->ops->lease_drop(st, p, k, holder);
}

int
bot_store_convo_get(struct bot_store *st, const char *key, void *buf,
                    size_t cap, int64_t since_ms)
{
    return st->ops->convo_get(st, key, buf, cap, since_ms);
}

int
bot_store_convo_put(struct bot_store *st, const char *key, const void *blob,
                    size_t len, int64_t now_ms)
{
    if (len > INT_MAX) /* its length must fit convo_get's return */
        return BOT_ETOOBIG;
    return st->ops->convo_put(st, key, blob, len, now_ms);
}

int
bot_store_convo_get_many(struct bot_store *st, struct bot_convo_slot *slots,
                         size_t n, int64_t since_ms)
{
    size_t i;
    int rc = n > BOT_STORE_CONVO_MANY ? BOT_EINVAL : 0;

    for (i = 0; i < n; i++)
        slots[i].len = 0;
    if (rc == 0 && n && st->ops->convo_get_many)
        rc = st->ops->convo_get_many(st, slots, n, since_ms);
    for (i = 0; rc == 0 && !st->ops->convo_get_many && i < n; i++) {
        rc = st->ops->convo_get(st, slots[i].key, slots[i].buf, slots[i].cap,
                                since_ms);
        slots[i].len = rc > 0 ? rc : 0;
        rc = rc < 0 ? rc : 0;
    }
    for (i = 0; rc < 0 && i < n; i++)
        slots[i].len = 0;
    return rc;
}

int
bot_store_convo_put_many(struct bot_store *st,
                         const struct bot_convo_item *items, size_t n,
                         int64_t now_ms)
{
    size_t i;
    int rc = 0;

    if (n > BOT_STORE_CONVO_MANY)
        return BOT_EINVAL;
    for (i = 0; i < n; i++) {
        if (items[i].len > INT_MAX)
            return BOT_ETOOBIG;
    }
    if (n && st->ops->convo_put_many)
        return st->ops->convo_put_many(st, items, n, now_ms);
    for (i = 0; rc == 0 && i < n; i++)
        rc = st->ops->convo_put(st, items[i].key, items[i].blob, items[i].len,
                                now_ms);
    return rc < 0 ? rc : 0;
}

int
bot_store_convos_expire(struct bot_store *st, int64_t before_ms)
{
    return st->ops->convos_expire(st, before_ms);
}

int
bot_store_role(struct bot_store *st, const char *name)
{
    return st->ops->role(st, name);
}

void
bot_store_role_drop(struct bot_store *st, const char *name)
{
    st->ops->role_drop(st, name);
}
