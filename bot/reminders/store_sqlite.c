/* The store in an SQLite file: one process, WAL mode. The only file that
 * includes sqlite3.h; only store.c calls it, through bot_store_sqlite_ops. */
#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bot/base/log.h"
#include "store_int.h"

#define BUSY_MS 5000

struct sq {
    struct bot_store base; /* first: store.c casts to and from it */
    sqlite3 *db;
    char path[512];
    int watched; /* dev and ino are the file opened (not ":memory:") */
    dev_t dev;
    ino_t ino;
};

#define SQ(st) ((struct sq *)(st))

/* Schema step N upgrades version N-1 to N. Never edit a step that has
 * shipped: add the next one (and the same step in store_pg.c). */
static const char *const migrations[BOT_STORE_SCHEMA] = {
    /* 1: subscriptions and the reminders sent to them */
    "CREATE TABLE subscription ("
    " platform TEXT NOT NULL, channel TEXT NOT NULL,"
    " thread TEXT NOT NULL DEFAULT '', since_ms INTEGER NOT NULL,"
    " PRIMARY KEY (platform, channel, thread));"
    "CREATE TABLE sent ("
    " platform TEXT NOT NULL, channel TEXT NOT NULL,"
    " thread TEXT NOT NULL DEFAULT '', event TEXT NOT NULL,"
    " day TEXT NOT NULL, lead_days INTEGER NOT NULL,"
    " due_ms INTEGER NOT NULL, at_ms INTEGER NOT NULL,"
    " PRIMARY KEY (platform, channel, thread, event, day, lead_days));",
    /* 2: who subscribed; late and skipped reminders told apart */
    "ALTER TABLE subscription ADD COLUMN by_user TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE sent ADD COLUMN state INTEGER NOT NULL DEFAULT 0"
    " CHECK (state BETWEEN 0 AND 2);",
    /* 3: what replicas share; one process has them too, so that the
     * runtime needs no second code path */
    "CREATE TABLE claim ("
    " platform TEXT NOT NULL, id TEXT NOT NULL, at_ms INTEGER NOT NULL,"
    " done INTEGER NOT NULL DEFAULT 0, note BLOB NOT NULL DEFAULT '',"
    " PRIMARY KEY (platform, id));"
    "CREATE INDEX claim_at ON claim (at_ms);"
    "CREATE TABLE lease ("
    " platform TEXT NOT NULL, channel TEXT NOT NULL,"
    " thread TEXT NOT NULL DEFAULT '', event TEXT NOT NULL,"
    " day TEXT NOT NULL, lead_days INTEGER NOT NULL,"
    " holder TEXT NOT NULL, until_ms INTEGER NOT NULL,"
    " PRIMARY KEY (platform, channel, thread, event, day, lead_days));"
    "CREATE TABLE convo ("
    " key TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, blob BLOB NOT NULL);"
    "CREATE INDEX convo_at ON convo (at_ms);",
};

/* Logs an SQLite failure once; returns BOT_EIO. */
static int
db_fail(struct sq *st, const char *what)
{
    bot_log(BOT_LOG_ERROR, "store %s: %s: %s", st->path, what,
            sqlite3_errmsg(st->db));
    return BOT_EIO;
}

static int
exec(struct sq *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : db_fail(st, "query failed");
}

/* The first column of the first row of @sql as text into @out. */
static int
pragma_text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

    out[0] = '\0';
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        snprintf(out, cap, "%s", t ? (const char *)t : "");
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? 0 : rc;
}

static int
sq_schema(struct bot_store *base)
{
    struct sq *st = SQ(base);
    char v[32];

    if (pragma_text(st->db, "PRAGMA user_version", v, sizeof(v)) != 0)
        return db_fail(st, "cannot read the schema version");
    return (int)strtol(v, NULL, 10);
}

/* Brings the schema up to BOT_STORE_SCHEMA in one transaction. */
static int
upgrade(struct sq *st, char *why, size_t cap)
{
    char sql[64];
    int v, rc;

    if (exec(st, "BEGIN IMMEDIATE") < 0)
        goto fail;
    v = sq_schema(&st->base); /* again: another process may have done it */
    if (v > BOT_STORE_SCHEMA) {
        exec(st, "ROLLBACK");
        snprintf(why, cap,
                 "%s was written by a newer newsbot (schema %d; this one "
                 "knows up to %d)",
                 st->path, v, BOT_STORE_SCHEMA);
        return BOT_EIO;
    }
    for (rc = v < 0 ? -1 : 0; rc == 0 && v < BOT_STORE_SCHEMA; v++)
        rc = exec(st, migrations[v]);
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", BOT_STORE_SCHEMA);
    if (rc == 0 && exec(st, sql) == 0 && exec(st, "COMMIT") == 0)
        return 0;
    exec(st, "ROLLBACK");
fail:
    snprintf(why, cap, "%s: cannot set up its tables: %s", st->path,
             sqlite3_errmsg(st->db));
    return BOT_EIO;
}

/* Refuses what is not a sound SQLite database before anything writes. */
static int
check(struct sq *st, char *why, size_t cap)
{
    char mode[32], ok[128];
    int rc = pragma_text(st->db, "PRAGMA quick_check", ok, sizeof(ok));

    if (rc != 0 || strcmp(ok, "ok") != 0) {
        snprintf(why, cap, "%s is damaged or not a newsbot database (%s)",
                 st->path, rc ? sqlite3_errstr(rc) : ok);
        return BOT_EIO;
    }
    if (pragma_text(st->db, "PRAGMA journal_mode = WAL", mode, sizeof(mode)) ||
        (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0)) {
        snprintf(why, cap, "%s: cannot use WAL mode (%s)", st->path,
                 sqlite3_errmsg(st->db));
        return BOT_EIO;
    }
    /* FULL: a reminder recorded as sent stays recorded through a crash. */
    return exec(st, "PRAGMA synchronous = FULL");
}

static void
sq_close(struct bot_store *base)
{
    struct sq *st = SQ(base);

    sqlite3_close(st->db);
    free(st);
}

static int
sq_open(struct bot_store **out, const char *path, char *why, size_t cap)
{
    struct sq *st = calloc(1, sizeof(*st));
    struct stat sb;
    int rc;

    if (!st)
        return BOT_ENOMEM;
    st->base.ops = &bot_store_sqlite_ops;
    snprintf(st->path, sizeof(st->path), "%s", path);
    rc = sqlite3_open_v2(path, &st->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(why, cap, "cannot open %s: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        sq_close(&st->base);
        return rc == SQLITE_NOMEM ? BOT_ENOMEM : BOT_EIO;
    }
    sqlite3_busy_timeout(st->db, BUSY_MS);
    if (sqlite3_db_readonly(st->db, "main") == 1) {
        snprintf(why, cap,
                 "%s is read-only: newsbot must be able to write to it and "
                 "to its folder (check the owner and permissions)",
                 path);
        sq_close(&st->base);
        return BOT_EIO;
    }
    rc = check(st, why, cap);
    if (rc == 0)
        rc = upgrade(st, why, cap);
    if (rc == 0 && stat(path, &sb) == 0) { /* to notice it moved later */
        st->watched = 1;
        st->dev = sb.st_dev;
        st->ino = sb.st_ino;
    }
    if (rc < 0) {
        sq_close(&st->base);
        return rc;
    }
    *out = &st->base;
    return 0;
}

static enum bot_store_where
sq_moved(struct bot_store *base)
{
    struct sq *st = SQ(base);
    struct stat sb;

    if (!st->watched)
        return BOT_STORE_SAME;
    if (stat(st->path, &sb) < 0)
        return errno == ENOENT || errno == ENOTDIR ? BOT_STORE_GONE
                                                   : BOT_STORE_SAME;
    return sb.st_dev == st->dev && sb.st_ino == st->ino ? BOT_STORE_SAME
                                                        : BOT_STORE_REPLACED;
}

static const char *
sq_path(const struct bot_store *base)
{
    return ((const struct sq *)base)->path;
}

/* A file is always there to use: nothing to reconnect. */
static int
sq_up(const struct bot_store *base)
{
    (void)base;
    return 1;
}

static int
sq_tick(struct bot_store *base, int64_t now_ms)
{
    (void)base;
    (void)now_ms;
    return 0;
}

/**
 * stmt() - prepare @sql and bind its parameters ?1, ?2, ... in order.
 * @types: one letter a value: 's' a string, 'i' an int, 'I' an int64_t,
 *         'b' a blob (const void *, size_t), 'p' a place (?N..?N+2),
 *         'k' a reminder key (?N..?N+2). Strings are bound, not copied:
 *         they must live until the statement is finalized.
 * Return: the statement, or NULL (logged).
 */
static sqlite3_stmt *
stmt(struct sq *st, const char *sql, const char *types, ...)
{
    sqlite3_stmt *s = NULL;
    const struct bot_place *p;
    const struct bot_remind_key *k;
    const void *b;
    size_t len;
    va_list ap;
    int n = 1;

    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        db_fail(st, "cannot prepare a query");
        return NULL;
    }
    va_start(ap, types);
    for (; *types; types++) {
        switch (*types) {
        case 's':
            sqlite3_bind_text(s, n++, va_arg(ap, const char *), -1, NULL);
            break;
        case 'i':
            sqlite3_bind_int(s, n++, va_arg(ap, int));
            break;
        case 'I':
            sqlite3_bind_int64(s, n++, va_arg(ap, int64_t));
            break;
        case 'b': /* zeroblob: an empty blob is still a blob, not NULL */
            b = va_arg(ap, const void *);
            len = va_arg(ap, size_t);
            if (len)
                sqlite3_bind_blob(s, n++, b, (int)len, NULL);
            else
                sqlite3_bind_zeroblob(s, n++, 0);
            break;
        case 'p':
            p = va_arg(ap, const struct bot_place *);
            sqlite3_bind_text(s, n++, p->platform, -1, NULL);
            sqlite3_bind_text(s, n++, p->channel, -1, NULL);
            sqlite3_bind_text(s, n++, p->thread ? p->thread : "", -1, NULL);
            break;
        case 'k':
            k = va_arg(ap, const struct bot_remind_key *);
            sqlite3_bind_text(s, n++, k->event, -1, NULL);
            sqlite3_bind_text(s, n++, k->day, -1, NULL);
            sqlite3_bind_int(s, n++, k->lead_days);
            break;
        }
    }
    va_end(ap);
    return s;
}

/* Runs a statement that returns no rows. Return: rows changed, or
 * BOT_EIO. */
static int
change(struct sq *st, sqlite3_stmt *s)
{
    int rc = s ? sqlite3_step(s) : SQLITE_ERROR;

    if (s && rc != SQLITE_DONE)
        db_fail(st, "cannot write");
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? sqlite3_changes(st->db) : BOT_EIO;
}

static int
sq_subscribe(struct bot_store *base, const struct bot_place *p,
             const char *by_user, int64_t now_ms)
{
    return change(SQ(base), stmt(SQ(base),
                                 "INSERT OR IGNORE INTO subscription"
                                 " (platform, channel, thread, since_ms,"
                                 " by_user) VALUES (?1, ?2, ?3, ?4, ?5)",
                                 "pIs", p, now_ms, by_user));
}

static int
sq_unsubscribe(struct bot_store *base, const struct bot_place *p)
{
    return change(SQ(base), stmt(SQ(base),
                                 "DELETE FROM subscription WHERE platform = ?1"
                                 " AND channel = ?2 AND thread = ?3",
                                 "p", p));
}

/* The caller's callback for each row read. */
struct visit {
    bot_store_sub_cb sub;
    bot_store_sent_cb sent;
    void *arg;
};

/* Steps through rows, calling @row on each. */
static int
rows(struct sq *st, sqlite3_stmt *s,
     int (*row)(sqlite3_stmt *s, const struct visit *v), const struct visit *v)
{
    int rc = 0, step = SQLITE_ERROR;

    while (s && rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW)
        rc = row(s, v);
    if (s && rc == 0 && step != SQLITE_DONE)
        rc = db_fail(st, "cannot read");
    sqlite3_finalize(s);
    return s ? rc : BOT_EIO;
}

static const char *
text(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    return t ? (const char *)t : "";
}

static int
sub_row(sqlite3_stmt *s, const struct visit *v)
{
    struct bot_place p = {text(s, 0), text(s, 1), text(s, 2)};

    return v->sub(v->arg, &p, sqlite3_column_int64(s, 3));
}

static int
sq_subscriptions(struct bot_store *base, bot_store_sub_cb cb, void *arg)
{
    struct visit v = {cb, NULL, arg};

    return rows(SQ(base),
                stmt(SQ(base),
                     "SELECT platform, channel, thread, since_ms"
                     " FROM subscription ORDER BY since_ms, rowid",
                     ""),
                sub_row, &v);
}

static int
sent_row(sqlite3_stmt *s, const struct visit *v)
{
    struct bot_sent r;

    r.event = text(s, 0);
    r.day = text(s, 1);
    r.lead_days = sqlite3_column_int(s, 2);
    r.due_ms = sqlite3_column_int64(s, 3);
    r.at_ms = sqlite3_column_int64(s, 4);
    r.state = (enum bot_sent_state)sqlite3_column_int(s, 5);
    return v->sent(v->arg, &r);
}

static int
sq_sent_each(struct bot_store *base, const struct bot_place *p,
             bot_store_sent_cb cb, void *arg)
{
    struct visit v = {NULL, cb, arg};

    return rows(SQ(base),
                stmt(SQ(base),
                     "SELECT event, day, lead_days, due_ms, at_ms, state"
                     " FROM sent WHERE platform = ?1 AND channel = ?2"
                     " AND thread = ?3 ORDER BY at_ms, due_ms",
                     "p", p),
                sent_row, &v);
}

#define KEY_WHERE                                                              \
    " WHERE platform = ?1 AND channel = ?2 AND thread = ?3 AND event = ?4"     \
    " AND day = ?5 AND lead_days = ?6"

/* One record, and the lease it ends; inside record's transaction. */
static int
record_one(struct sq *st, const struct bot_place *p, const struct bot_sent *r)
{
    struct bot_remind_key k = {r->event, r->day, r->lead_days};
    int rc =
        change(st, stmt(st,
                        "INSERT OR IGNORE INTO sent (platform, channel,"
                        " thread, event, day, lead_days, due_ms, at_ms,"
                        " state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                        " ?9)",
                        "pkIIi", p, &k, r->due_ms, r->at_ms, (int)r->state));

    if (rc >= 0)
        rc = change(st, stmt(st, "DELETE FROM lease" KEY_WHERE, "pk", p, &k));
    return rc < 0 ? BOT_EIO : 0;
}

static int
sq_record(struct bot_store *base, const struct bot_place *p,
          const struct bot_sent *r, size_t n)
{
    struct sq *st = SQ(base);
    size_t i;
    int rc = exec(st, "BEGIN IMMEDIATE");

    for (i = 0; rc == 0 && i < n; i++)
        rc = record_one(st, p, &r[i]);
    if (rc == 0)
        return exec(st, "COMMIT");
    exec(st, "ROLLBACK");
    return rc;
}

/* One process: the holder of every claim is this one, alive. */
static int
sq_claim(struct bot_store *base, const char *platform, const char *id,
         int64_t now_ms, int64_t *holder, const void *note, size_t len)
{
    struct sq *st = SQ(base);
    sqlite3_stmt *s;
    int rc = change(st, stmt(st,
                             "INSERT OR IGNORE INTO claim"
                             " (platform, id, at_ms) VALUES (?, ?, ?)",
                             "ssI", platform, id, now_ms));

    (void)note; /* one process: nobody else would answer it */
    (void)len;
    *holder = 0;
    if (rc != 0)
        return rc < 0 ? rc : BOT_CLAIM_WON;
    s = stmt(st, "SELECT done FROM claim WHERE platform = ? AND id = ?", "ss",
             platform, id);
    rc = s ? sqlite3_step(s) : SQLITE_ERROR;
    if (rc == SQLITE_ROW)
        rc = sqlite3_column_int(s, 0) ? BOT_CLAIM_DONE : BOT_CLAIM_HELD;
    else
        rc = db_fail(st, "cannot read");
    sqlite3_finalize(s);
    return rc;
}

static int
sq_claim_done(struct bot_store *base, const char *platform, const char *id)
{
    return change(
               SQ(base),
               stmt(SQ(base),
                    "UPDATE claim SET done = 1 WHERE platform = ? AND id = ?",
                    "ss", platform, id)) < 0
               ? BOT_EIO
               : 0;
}

/* One process: its claims die with it, and nobody else answers. */
static int
sq_orphans(struct bot_store *base, int64_t since_ms, bot_store_orphan_cb cb,
           void *arg)
{
    (void)base;
    (void)since_ms;
    (void)cb;
    (void)arg;
    return 0;
}

static int
sq_claims_expire(struct bot_store *base, int64_t before_ms)
{
    return change(SQ(base), stmt(SQ(base), "DELETE FROM claim WHERE at_ms < ?",
                                 "I", before_ms));
}

/* 1 if the reminder is recorded as sent, 0 if not, or BOT_EIO. */
static int
was_sent(struct sq *st, const struct bot_place *p,
         const struct bot_remind_key *k)
{
    sqlite3_stmt *s = stmt(st, "SELECT 1 FROM sent" KEY_WHERE, "pk", p, k);
    int rc = s ? sqlite3_step(s) : SQLITE_ERROR;

    if (s && rc != SQLITE_ROW && rc != SQLITE_DONE)
        db_fail(st, "cannot read");
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : BOT_EIO;
}

static int
sq_lease(struct bot_store *base, const struct bot_place *p,
         const struct bot_remind_key *k, const char *holder, int64_t now_ms,
         int64_t until_ms)
{
    struct sq *st = SQ(base);
    int rc;

    /* IMMEDIATE: the write lock before the check, so that no one records
     * or leases it between our reading and our writing. */
    if (exec(st, "BEGIN IMMEDIATE") < 0)
        return BOT_EIO;
    rc = was_sent(st, p, k);
    if (rc == 0) /* 0 rows changed: another holder's lease runs on */
        rc = change(st, stmt(st,
                             "INSERT INTO lease (platform, channel, thread,"
                             " event, day, lead_days, holder, until_ms)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                             " ON CONFLICT (platform, channel, thread, event,"
                             " day, lead_days) DO UPDATE SET holder = ?7,"
                             " until_ms = ?8"
                             " WHERE lease.until_ms <= ?9 OR lease.holder = ?7",
                             "pksII", p, k, holder, until_ms, now_ms));
    else if (rc == 1)
        rc = 0; /* sent already: nothing to lease */
    if (rc >= 0 && exec(st, "COMMIT") == 0)
        return rc;
    exec(st, "ROLLBACK");
    return BOT_EIO;
}

static int
sq_lease_drop(struct bot_store *base, const struct bot_place *p,
              const struct bot_remind_key *k, const char *holder)
{
    return change(SQ(base),
                  stmt(SQ(base),
                       "DELETE FROM lease" KEY_WHERE " AND holder = ?7", "pks",
                       p, k, holder));
}

static int
sq_convo_get(struct bot_store *base, const char *key, void *buf, size_t cap,
             int64_t since_ms)
{
    struct sq *st = SQ(base);
    sqlite3_stmt *s = stmt(st,
                           "SELECT blob FROM convo WHERE key = ?"
                           " AND at_ms >= ?",
                           "sI", key, since_ms);
    int rc = s ? sqlite3_step(s) : SQLITE_ERROR, len = 0;

    if (rc == SQLITE_ROW) {
        const void *b = sqlite3_column_blob(s, 0);

        len = sqlite3_column_bytes(s, 0);
        if (b && (size_t)len <= cap)
            memcpy(buf, b, (size_t)len);
    } else if (rc != SQLITE_DONE) {
        len = s ? db_fail(st, "cannot read") : BOT_EIO;
    }
    sqlite3_finalize(s);
    return len;
}

static int
sq_convo_put(struct bot_store *base, const char *key, const void *blob,
             size_t len, int64_t now_ms)
{
    return change(SQ(base),
                  stmt(SQ(base),
                       "INSERT INTO convo (key, at_ms, blob) VALUES (?, ?, ?)"
                       " ON CONFLICT (key) DO UPDATE SET"
                       " at_ms = excluded.at_ms, blob = excluded.blob",
                       "sIb", key, now_ms, blob, len)) < 0
               ? BOT_EIO
               : 0;
}

static int
sq_convos_expire(struct bot_store *base, int64_t before_ms)
{
    return change(SQ(base), stmt(SQ(base), "DELETE FROM convo WHERE at_ms < ?",
                                 "I", before_ms));
}

/* One process uses the file: every role is its own. */
static int
sq_role(struct bot_store *base, const char *name)
{
    (void)base;
    (void)name;
    return 1;
}

static void
sq_role_drop(struct bot_store *base, const char *name)
{
    (void)base;
    (void)name;
}

const struct bot_store_ops bot_store_sqlite_ops = {
    .name = "sqlite",
    .shared = 0,
    .open = sq_open,
    .close = sq_close,
    .moved = sq_moved,
    .path = sq_path,
    .up = sq_up,
    .tick = sq_tick,
    .schema = sq_schema,
    .subscribe = sq_subscribe,
    .unsubscribe = sq_unsubscribe,
    .subscriptions = sq_subscriptions,
    .sent_each = sq_sent_each,
    .record = sq_record,
    .claim = sq_claim,
    .claim_done = sq_claim_done,
    .orphans = sq_orphans,
    .claims_expire = sq_claims_expire,
    .lease = sq_lease,
    .lease_drop = sq_lease_drop,
    .convo_get = sq_convo_get,
    .convo_put = sq_convo_put,
    .convos_expire = sq_convos_expire,
    .role = sq_role,
    .role_drop = sq_role_drop,
};
