/* The PostgreSQL store's operations in SQL, and its schema, over the few
 * calls of store_pg.c (store_pg_int.h); only store.c calls them, through
 * bot_store_pg_ops. */
#include <stdio.h>
#include <string.h>

#include "bot/base/log.h"
#include "store_pg_int.h"

#define PG(st) ((struct bot_pg *)(st))

/* Schema step N upgrades version N-1 to N, as in store_sqlite.c (the
 * same tables; BIGINT for times in ms, BYTEA for blobs). Never edit a
 * step that has shipped: add the next one. */
static const char *const migrations[BOT_STORE_SCHEMA] = {
    /* 1: subscriptions and the reminders sent to them */
    "CREATE TABLE subscription ("
    " platform TEXT NOT NULL, channel TEXT NOT NULL,"
    " thread TEXT NOT NULL DEFAULT '', since_ms BIGINT NOT NULL,"
    " PRIMARY KEY (platform, channel, thread));"
    "CREATE TABLE sent ("
    " platform TEXT NOT NULL, channel TEXT NOT NULL,"
    " thread TEXT NOT NULL DEFAULT '', event TEXT NOT NULL,"
    " day TEXT NOT NULL, lead_days INTEGER NOT NULL,"
    " due_ms BIGINT NOT NULL, at_ms BIGINT NOT NULL,"
    " PRIMARY KEY (platform, channel, thread, event, day, lead_days));",
    /* 2: who subscribed; late and skipped reminders told apart */
    "ALTER TABLE subscription ADD COLUMN by_user TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE sent ADD COLUMN state INTEGER NOT NULL DEFAULT 0"
    " CHECK (state BETWEEN 0 AND 2);",
    /* 3: what replicas share */
    "CREATE TABLE claim ("
    " platform TEXT NOT NULL, id TEXT NOT NULL, at_ms BIGINT NOT NULL,"
    " holder INTEGER NOT NULL, done BOOLEAN NOT NULL DEFAULT false,"
    " note BYTEA NOT NULL DEFAULT '', PRIMARY KEY (platform, id));"
    "CREATE INDEX claim_at ON claim (at_ms);"
    "CREATE TABLE lease ("
    " platform TEXT NOT NULL, channel TEXT NOT NULL,"
    " thread TEXT NOT NULL DEFAULT '', event TEXT NOT NULL,"
    " day TEXT NOT NULL, lead_days INTEGER NOT NULL,"
    " holder TEXT NOT NULL, until_ms BIGINT NOT NULL,"
    " PRIMARY KEY (platform, channel, thread, event, day, lead_days));"
    "CREATE TABLE convo ("
    " key TEXT PRIMARY KEY, at_ms BIGINT NOT NULL, blob BYTEA NOT NULL);"
    "CREATE INDEX convo_at ON convo (at_ms);",
};

/* The version in newsbot_schema, or 0 for a database without it. */
static int
version(struct bot_pg *pg)
{
    struct pg_result *r;
    int rc = bot_pg_exec(pg, "SELECT max(version) FROM newsbot_schema", &r);

    if (rc < 0)
        return rc;
    rc = (int)bot_pg_int(r, 0, 0); /* NULL reads as "": 0 */
    bot_pg_clear(r);
    return rc;
}

int
bot_pg_upgrade(struct bot_pg *pg, char *why, size_t cap)
{
    char sql[128];
    int v, rc;

    /* One transaction under an advisory lock: replicas that start
     * together wait for the first, then find the schema done. */
    snprintf(sql, sizeof(sql),
             "BEGIN; SELECT pg_advisory_xact_lock(%d, 0);"
             " CREATE TABLE IF NOT EXISTS newsbot_schema"
             " (version INTEGER NOT NULL)",
             BOT_PG_LOCK_NS);
    rc = bot_pg_exec(pg, sql, NULL);
    v = rc < 0 ? rc : version(pg);
    if (v > BOT_STORE_SCHEMA) {
        bot_pg_rollback(pg);
        snprintf(why, cap,
                 "%s was written by a newer newsbot (schema %d; this one "
                 "knows up to %d)",
                 bot_pg_name(pg), v, BOT_STORE_SCHEMA);
        return BOT_EIO;
    }
    snprintf(sql, sizeof(sql),
             "DELETE FROM newsbot_schema;"
             " INSERT INTO newsbot_schema VALUES (%d); COMMIT",
             BOT_STORE_SCHEMA);
    if (v == BOT_STORE_SCHEMA) /* every open but the first: no write */
        snprintf(sql, sizeof(sql), "COMMIT");
    for (rc = v < 0 ? v : 0; rc >= 0 && v < BOT_STORE_SCHEMA; v++)
        rc = bot_pg_exec(pg, migrations[v], NULL);
    if (rc >= 0)
        rc = bot_pg_exec(pg, sql, NULL);
    if (rc >= 0)
        return 0;
    bot_pg_rollback(pg);
    snprintf(why, cap, "%s: cannot set up its tables: %s", bot_pg_name(pg),
             bot_pg_error(pg));
    return rc;
}

/* Each statement once; ids index the connection's prepared set. */
enum {
    Q_SCHEMA,
    Q_SUBSCRIBE,
    Q_UNSUBSCRIBE,
    Q_SUBSCRIPTIONS,
    Q_SENT_EACH,
    Q_RECORD,
    Q_CLAIM,
    Q_CLAIM_DONE,
    Q_ORPHANS,
    Q_CLAIMS_EXPIRE,
    Q_LEASE,
    Q_WAS_SENT,
    Q_LEASE_DROP,
    Q_CONVO_GET,
    Q_CONVO_PUT,
    Q_CONVO_GET3,
    Q_CONVO_PUT2,
    Q_CONVO_PUT3,
    Q_CONVOS_EXPIRE,
};

#define KEY_WHERE                                                              \
    " WHERE platform = $1 AND channel = $2 AND thread = $3 AND event = $4"     \
    " AND day = $5 AND lead_days = $6"

static const struct bot_pg_stmt q[] = {
    {Q_SCHEMA, "SELECT max(version) FROM newsbot_schema", 0, 0},
    {Q_SUBSCRIBE,
     "INSERT INTO subscription (platform, channel, thread, since_ms,"
     " by_user) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
     5, 0},
    {Q_UNSUBSCRIBE,
     "DELETE FROM subscription WHERE platform = $1 AND channel = $2"
     " AND thread = $3",
     3, 0},
    {Q_SUBSCRIPTIONS,
     "SELECT platform, channel, thread, since_ms FROM subscription"
     " ORDER BY since_ms, platform, channel, thread",
     0, 0},
    {Q_SENT_EACH,
     "SELECT event, day, lead_days, due_ms, at_ms, state FROM sent"
     " WHERE platform = $1 AND channel = $2 AND thread = $3"
     " ORDER BY at_ms, due_ms",
     3, 0},
    /* the record and the end of its lease, in one statement */
    {Q_RECORD,
     "WITH ended AS (DELETE FROM lease" KEY_WHERE ")"
     " INSERT INTO sent (platform, channel, thread, event, day, lead_days,"
     " due_ms, at_ms, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
     " ON CONFLICT DO NOTHING",
     9, 0},
    /* The holder is the server process of the claimant's session: when
     * the claimant dies, the server's process ends with the session, and
     * pg_stat_activity no longer lists it. A claim not done whose holder
     * is gone is taken over. One round trip: won, done, holder. */
    {Q_CLAIM,
     "WITH won AS (INSERT INTO claim (platform, id, at_ms, holder, note)"
     " VALUES ($1, $2, $3, pg_backend_pid(), $4)"
     " ON CONFLICT (platform, id) DO UPDATE SET holder = pg_backend_pid(),"
     " at_ms = EXCLUDED.at_ms, note = EXCLUDED.note"
     " WHERE NOT claim.done AND claim.holder <> pg_backend_pid()"
     " AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a"
     " WHERE a.pid = claim.holder)"
     " RETURNING 1)"
     " SELECT (SELECT count(*) FROM won),"
     " (SELECT CASE WHEN done THEN 1 ELSE 0 END FROM claim"
     " WHERE platform = $1 AND id = $2),"
     " (SELECT holder FROM claim WHERE platform = $1 AND id = $2)",
     4, 0},
    {Q_CLAIM_DONE,
     "UPDATE claim SET done = true WHERE platform = $1 AND id = $2"
     " AND holder = pg_backend_pid()",
     2, 0},
    {Q_ORPHANS,
     "SELECT platform, id, note FROM claim WHERE NOT done AND at_ms >= $1"
     " AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a"
     " WHERE a.pid = claim.holder) ORDER BY at_ms LIMIT 64",
     1, 1},
    {Q_CLAIMS_EXPIRE, "DELETE FROM claim WHERE at_ms < $1", 1, 0},
    {Q_LEASE,
     "INSERT INTO lease (platform, channel, thread, event, day, lead_days,"
     " holder, until_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
     " ON CONFLICT (platform, channel, thread, event, day, lead_days)"
     " DO UPDATE SET holder = EXCLUDED.holder, until_ms = EXCLUDED.until_ms"
     " WHERE lease.until_ms <= $9 OR lease.holder = EXCLUDED.holder"
     " RETURNING 1",
     9, 0},
    {Q_WAS_SENT, "SELECT 1 FROM sent" KEY_WHERE, 6, 0},
    {Q_LEASE_DROP, "DELETE FROM lease" KEY_WHERE " AND holder = $7", 7, 0},
    {Q_CONVO_GET, "SELECT blob FROM convo WHERE key = $1 AND at_ms >= $2", 2,
     1},
    {Q_CONVO_PUT,
     "INSERT INTO convo (key, at_ms, blob) VALUES ($1, $2, $3)"
     " ON CONFLICT (key) DO UPDATE SET at_ms = EXCLUDED.at_ms,"
     " blob = EXCLUDED.blob",
     3, 0},
    /* several at once: the unused keys repeat the first */
    {Q_CONVO_GET3,
     "SELECT key, blob FROM convo WHERE key IN ($1, $2, $3) AND at_ms >= $4", 4,
     1},
    {Q_CONVO_PUT2,
     "INSERT INTO convo (key, at_ms, blob) VALUES ($1, $2, $3), ($4, $2, $5)"
     " ON CONFLICT (key) DO UPDATE SET at_ms = EXCLUDED.at_ms,"
     " blob = EXCLUDED.blob",
     5, 0},
    {Q_CONVO_PUT3,
     "INSERT INTO convo (key, at_ms, blob) VALUES ($1, $2, $3), ($4, $2, $5),"
     " ($6, $2, $7)"
     " ON CONFLICT (key) DO UPDATE SET at_ms = EXCLUDED.at_ms,"
     " blob = EXCLUDED.blob",
     7, 0},
    {Q_CONVOS_EXPIRE, "DELETE FROM convo WHERE at_ms < $1", 1, 0},
};

/* Parameters as text: room for a place, a key and four numbers. */
struct params {
    const char *v[BOT_PG_MAX_PARAMS];
    char num[4][24];
    int n, nnum;
};

static void
put_text(struct params *pa, const char *s)
{
    pa->v[pa->n++] = s ? s : "";
}

static void
put_int(struct params *pa, int64_t x)
{
    char *b = pa->num[pa->nnum++];

    snprintf(b, sizeof(pa->num[0]), "%lld", (long long)x);
    pa->v[pa->n++] = b;
}

static void
put_key(struct params *pa, const struct bot_place *p,
        const struct bot_remind_key *k)
{
    put_text(pa, p->platform);
    put_text(pa, p->channel);
    put_text(pa, p->thread);
    if (k) {
        put_text(pa, k->event);
        put_text(pa, k->day);
        put_int(pa, k->lead_days);
    }
}

static int
run(struct bot_store *st, int id, const struct params *pa,
    struct pg_result **out)
{
    return bot_pg_run(PG(st), &q[id], pa ? pa->v : NULL, NULL, out);
}

static int
pg_schema(struct bot_store *st)
{
    struct pg_result *r;
    int rc = run(st, Q_SCHEMA, NULL, &r);

    if (rc < 0)
        return rc;
    rc = (int)bot_pg_int(r, 0, 0);
    bot_pg_clear(r);
    return rc;
}

static int
pg_subscribe(struct bot_store *st, const struct bot_place *p,
             const char *by_user, int64_t now_ms)
{
    struct params pa = {0};

    put_key(&pa, p, NULL);
    put_int(&pa, now_ms);
    put_text(&pa, by_user);
    return run(st, Q_SUBSCRIBE, &pa, NULL);
}

static int
pg_unsubscribe(struct bot_store *st, const struct bot_place *p)
{
    struct params pa = {0};

    put_key(&pa, p, NULL);
    return run(st, Q_UNSUBSCRIBE, &pa, NULL);
}

static int
pg_subscriptions(struct bot_store *st, bot_store_sub_cb cb, void *arg)
{
    struct pg_result *r;
    int rc = run(st, Q_SUBSCRIPTIONS, NULL, &r), n = rc, i;

    for (i = 0, rc = rc < 0 ? rc : 0; rc >= 0 && i < n; i++) {
        struct bot_place p = {bot_pg_text(r, i, 0), bot_pg_text(r, i, 1),
                              bot_pg_text(r, i, 2)};

        rc = cb(arg, &p, bot_pg_int(r, i, 3));
    }
    bot_pg_clear(r);
    return rc < 0 ? rc : 0;
}

static int
pg_sent_each(struct bot_store *st, const struct bot_place *p,
             bot_store_sent_cb cb, void *arg)
{
    struct params pa = {0};
    struct pg_result *r;
    int rc, n, i;

    put_key(&pa, p, NULL);
    n = rc = run(st, Q_SENT_EACH, &pa, &r);
    for (i = 0, rc = rc < 0 ? rc : 0; rc >= 0 && i < n; i++) {
        struct bot_sent s;

        s.event = bot_pg_text(r, i, 0);
        s.day = bot_pg_text(r, i, 1);
        s.lead_days = (int)bot_pg_int(r, i, 2);
        s.due_ms = bot_pg_int(r, i, 3);
        s.at_ms = bot_pg_int(r, i, 4);
        s.state = (enum bot_sent_state)bot_pg_int(r, i, 5);
        rc = cb(arg, &s);
    }
    bot_pg_clear(r);
    return rc < 0 ? rc : 0;
}

static int
pg_record(struct bot_store *st, const struct bot_place *p,
          const struct bot_sent *s, size_t n)
{
    size_t i;
    int rc = n > 1 ? bot_pg_exec(PG(st), "BEGIN", NULL) : 0;

    for (i = 0; rc >= 0 && i < n; i++) {
        struct bot_remind_key k = {s[i].event, s[i].day, s[i].lead_days};
        struct params pa = {0};

        put_key(&pa, p, &k);
        put_int(&pa, s[i].due_ms);
        put_int(&pa, s[i].at_ms);
        put_int(&pa, s[i].state);
        rc = run(st, Q_RECORD, &pa, NULL);
    }
    if (rc >= 0 && n > 1)
        rc = bot_pg_exec(PG(st), "COMMIT", NULL);
    if (rc < 0)
        bot_pg_rollback(PG(st));
    return rc < 0 ? rc : 0;
}

static int
pg_claim(struct bot_store *st, const char *platform, const char *id,
         int64_t now_ms, int64_t *holder, const void *note, size_t len)
{
    struct params pa = {0};
    int lens[4] = {-1, -1, -1, (int)len}; /* the note goes as bytes */
    struct pg_result *r;
    int rc;

    put_text(&pa, platform);
    put_text(&pa, id);
    put_int(&pa, now_ms);
    pa.v[pa.n++] = len ? note : "";
    rc = bot_pg_run(PG(st), &q[Q_CLAIM], pa.v, lens, &r);
    if (rc < 0)
        return rc;
    /* A row another session inserted after this statement's snapshot
     * is not seen by the SELECTs: no row, held by someone. */
    *holder = bot_pg_int(r, 0, 2);
    rc = bot_pg_int(r, 0, 0) > 0   ? BOT_CLAIM_WON
         : bot_pg_int(r, 0, 1) > 0 ? BOT_CLAIM_DONE
                                   : BOT_CLAIM_HELD;
    bot_pg_clear(r);
    return rc;
}

static int
pg_claim_done(struct bot_store *st, const char *platform, const char *id)
{
    struct params pa = {0};

    put_text(&pa, platform);
    put_text(&pa, id);
    return run(st, Q_CLAIM_DONE, &pa, NULL) < 0 ? BOT_EIO : 0;
}

static int
pg_orphans(struct bot_store *st, int64_t since_ms, bot_store_orphan_cb cb,
           void *arg)
{
    struct params pa = {0};
    struct pg_result *r;
    int rc, row, stop = 0;

    put_int(&pa, since_ms);
    rc = run(st, Q_ORPHANS, &pa, &r); /* binary: text as its bytes */
    if (rc < 0)
        return rc;
    for (row = 0; row < rc && stop >= 0; row++)
        stop = cb(arg, bot_pg_text(r, row, 0), bot_pg_text(r, row, 1),
                  bot_pg_text(r, row, 2), (size_t)bot_pg_len(r, row, 2));
    bot_pg_clear(r);
    return stop < 0 ? stop : rc;
}

static int
expire(struct bot_store *st, int id, int64_t before_ms)
{
    struct params pa = {0};

    put_int(&pa, before_ms);
    return run(st, id, &pa, NULL);
}

static int
pg_claims_expire(struct bot_store *st, int64_t before_ms)
{
    return expire(st, Q_CLAIMS_EXPIRE, before_ms);
}

/* Takes the lease first, then looks at 'sent' in a later statement of
 * the same transaction: a statement sees the rows committed before it
 * began, so a check made before the insert could miss a record committed
 * while the insert waited on the lease row that record deleted. */
static int
pg_lease(struct bot_store *st, const struct bot_place *p,
         const struct bot_remind_key *k, const char *holder, int64_t now_ms,
         int64_t until_ms)
{
    struct params pa = {0};
    int rc = bot_pg_exec(PG(st), "BEGIN", NULL), taken = 0;

    put_key(&pa, p, k);
    put_text(&pa, holder);
    put_int(&pa, until_ms);
    put_int(&pa, now_ms);
    if (rc >= 0)
        rc = taken = run(st, Q_LEASE, &pa, NULL); /* a row: taken */
    if (rc > 0) {
        pa.n = 6; /* the key alone */
        rc = run(st, Q_WAS_SENT, &pa, NULL);
    }
    if (rc == 0 && taken) /* not sent: keep it */
        rc = bot_pg_exec(PG(st), "COMMIT", NULL);
    else
        taken = 0;
    bot_pg_rollback(PG(st));
    return rc < 0 ? rc : taken;
}

static int
pg_lease_drop(struct bot_store *st, const struct bot_place *p,
              const struct bot_remind_key *k, const char *holder)
{
    struct params pa = {0};

    put_key(&pa, p, k);
    put_text(&pa, holder);
    return run(st, Q_LEASE_DROP, &pa, NULL);
}

static int
pg_convo_get(struct bot_store *st, const char *key, void *buf, size_t cap,
             int64_t since_ms)
{
    struct params pa = {0};
    struct pg_result *r;
    int rc, len = 0;

    put_text(&pa, key);
    put_int(&pa, since_ms);
    rc = run(st, Q_CONVO_GET, &pa, &r); /* the blob's bytes, binary */
    if (rc < 0)
        return rc;
    if (rc > 0) {
        len = bot_pg_len(r, 0, 0);
        if ((size_t)len <= cap)
            memcpy(buf, bot_pg_text(r, 0, 0), (size_t)len);
    }
    bot_pg_clear(r);
    return len;
}

static int
pg_convo_put(struct bot_store *st, const char *key, const void *blob,
             size_t len, int64_t now_ms)
{
    struct params pa = {0};
    int lens[3] = {-1, -1, (int)len}; /* the blob goes as bytes */
    int rc;

    put_text(&pa, key);
    put_int(&pa, now_ms);
    pa.v[pa.n++] = len ? blob : "";
    rc = bot_pg_run(PG(st), &q[Q_CONVO_PUT], pa.v, lens, NULL);
    return rc < 0 ? rc : 0;
}

static int
pg_convo_get_many(struct bot_store *st, struct bot_convo_slot *slots, size_t n,
                  int64_t since_ms)
{
    struct params pa = {0};
    struct pg_result *r;
    size_t i;
    int rc, row, len;

    for (i = 0; i < 3; i++)
        put_text(&pa, slots[i < n ? i : 0].key);
    put_int(&pa, since_ms);
    rc = run(st, Q_CONVO_GET3, &pa, &r); /* binary: the key's bytes too */
    if (rc < 0)
        return rc;
    for (row = 0; row < rc; row++) {
        const char *key = bot_pg_text(r, row, 0);
        for (i = 0; i < n; i++) {
            if (strlen(slots[i].key) != (size_t)bot_pg_len(r, row, 0) ||
                memcmp(slots[i].key, key, strlen(slots[i].key)) != 0)
                continue;
            len = bot_pg_len(r, row, 1);
            slots[i].len = len;
            if ((size_t)len <= slots[i].cap)
                memcpy(slots[i].buf, bot_pg_text(r, row, 1), (size_t)len);
        }
    }
    bot_pg_clear(r);
    return 0;
}

/* $1 the first key, $2 the time, $3 its blob, then a key and a blob for
 * each further one: the keys and the time as text, the blobs as bytes. */
static int
pg_convo_put_many(struct bot_store *st, const struct bot_convo_item *items,
                  size_t n, int64_t now_ms)
{
    static const int ids[] = {Q_CONVO_PUT, Q_CONVO_PUT, Q_CONVO_PUT2,
                              Q_CONVO_PUT3};
    struct params pa = {0};
    int lens[BOT_PG_MAX_PARAMS];
    size_t i;
    int rc;

    for (i = 0; i < n; i++) {
        lens[pa.n] = -1;
        put_text(&pa, items[i].key);
        if (i == 0) {
            lens[pa.n] = -1;
            put_int(&pa, now_ms);
        }
        lens[pa.n] = (int)items[i].len;
        pa.v[pa.n++] = items[i].len ? items[i].blob : "";
    }
    rc = bot_pg_run(PG(st), &q[ids[n]], pa.v, lens, NULL);
    return rc < 0 ? rc : 0;
}

static int
pg_convos_expire(struct bot_store *st, int64_t before_ms)
{
    return expire(st, Q_CONVOS_EXPIRE, before_ms);
}

/* A server is always where it was. */
static enum bot_store_where
pg_moved(struct bot_store *st)
{
    (void)st;
    return BOT_STORE_SAME;
}

const struct bot_store_ops bot_store_pg_ops = {
    .name = "postgresql",
    .shared = 1,
    .open = bot_pg_open,
    .close = bot_pg_close,
    .moved = pg_moved,
    .path = bot_pg_path,
    .up = bot_pg_up,
    .tick = bot_pg_tick,
    .schema = pg_schema,
    .subscribe = pg_subscribe,
    .unsubscribe = pg_unsubscribe,
    .subscriptions = pg_subscriptions,
    .sent_each = pg_sent_each,
    .record = pg_record,
    .claim = pg_claim,
    .claim_done = pg_claim_done,
    .orphans = pg_orphans,
    .claims_expire = pg_claims_expire,
    .lease = pg_lease,
    .lease_drop = pg_lease_drop,
    .convo_get = pg_convo_get,
    .convo_put = pg_convo_put,
    .convo_get_many = pg_convo_get_many,
    .convo_put_many = pg_convo_put_many,
    .convos_expire = pg_convos_expire,
    .role = bot_pg_role,
    .role_drop = bot_pg_role_drop,
};
