/* Subscriptions and sent reminders in SQLite. */
#include "bot/reminders/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bot/base/log.h"

#define BUSY_MS 5000

struct bot_store {
    sqlite3 *db;
    char path[512];
    int watched; /* dev and ino are the file opened (not ":memory:") */
    dev_t dev;
    ino_t ino;
};

/* Schema step N upgrades version N-1 to N. Never edit a step that has
 * shipped: add the next one. */
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
};

/* Logs an SQLite failure once; returns BOT_EIO. */
static int
db_fail(struct bot_store *st, const char *what)
{
    bot_log(BOT_LOG_ERROR, "store %s: %s: %s", st->path, what,
            sqlite3_errmsg(st->db));
    return BOT_EIO;
}

static int
exec(struct bot_store *st, const char *sql)
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

int
bot_store_schema(struct bot_store *st)
{
    char v[32];

    if (pragma_text(st->db, "PRAGMA user_version", v, sizeof(v)) != 0)
        return db_fail(st, "cannot read the schema version");
    return (int)strtol(v, NULL, 10);
}

/* Brings the schema up to BOT_STORE_SCHEMA in one transaction. */
static int
upgrade(struct bot_store *st, char *why, size_t cap)
{
    char sql[64];
    int v, rc;

    if (exec(st, "BEGIN IMMEDIATE") < 0)
        goto fail;
    v = bot_store_schema(st); /* again: another process may have done it */
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
check(struct bot_store *st, char *why, size_t cap)
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

int
bot_store_open(struct bot_store **out, const char *path, char *why, size_t cap)
{
    struct bot_store *st = calloc(1, sizeof(*st));
    struct stat sb;
    int rc;

    *out = NULL;
    if (!st)
        return BOT_ENOMEM;
    snprintf(st->path, sizeof(st->path), "%s", path);
    rc = sqlite3_open_v2(path, &st->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(why, cap, "cannot open %s: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        bot_store_close(st);
        return rc == SQLITE_NOMEM ? BOT_ENOMEM : BOT_EIO;
    }
    sqlite3_busy_timeout(st->db, BUSY_MS);
    if (sqlite3_db_readonly(st->db, "main") == 1) {
        snprintf(why, cap,
                 "%s is read-only: newsbot must be able to write to it and "
                 "to its folder (check the owner and permissions)",
                 path);
        bot_store_close(st);
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
        bot_store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

enum bot_store_where
bot_store_moved(struct bot_store *st)
{
    struct stat sb;

    if (!st->watched)
        return BOT_STORE_SAME;
    if (stat(st->path, &sb) < 0)
        return errno == ENOENT || errno == ENOTDIR ? BOT_STORE_GONE
                                                   : BOT_STORE_SAME;
    return sb.st_dev == st->dev && sb.st_ino == st->ino ? BOT_STORE_SAME
                                                        : BOT_STORE_REPLACED;
}

const char *
bot_store_path(const struct bot_store *st)
{
    return st->path;
}

void
bot_store_close(struct bot_store *st)
{
    if (!st)
        return;
    sqlite3_close(st->db);
    free(st);
}

static sqlite3_stmt *
prepare(struct bot_store *st, const char *sql, const struct bot_place *p)
{
    sqlite3_stmt *s = NULL;

    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        db_fail(st, "cannot prepare a query");
        return NULL;
    }
    if (p) {
        sqlite3_bind_text(s, 1, p->platform, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, p->channel, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, p->thread ? p->thread : "", -1, SQLITE_STATIC);
    }
    return s;
}

/* Runs a statement that returns no rows. Return: rows changed, or
 * BOT_EIO. */
static int
change(struct bot_store *st, sqlite3_stmt *s)
{
    int rc = s ? sqlite3_step(s) : SQLITE_ERROR;

    if (s && rc != SQLITE_DONE)
        db_fail(st, "cannot write");
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? sqlite3_changes(st->db) : BOT_EIO;
}

int
bot_store_subscribe(struct bot_store *st, const struct bot_place *p,
                    const char *by_user, int64_t now_ms)
{
    sqlite3_stmt *s = prepare(st,
                              "INSERT OR IGNORE INTO subscription"
                              " (platform, channel, thread, since_ms, by_user)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)",
                              p);

    if (s) {
        sqlite3_bind_int64(s, 4, now_ms);
        sqlite3_bind_text(s, 5, by_user ? by_user : "", -1, SQLITE_STATIC);
    }
    return change(st, s);
}

int
bot_store_unsubscribe(struct bot_store *st, const struct bot_place *p)
{
    return change(st, prepare(st,
                              "DELETE FROM subscription WHERE platform = ?1"
                              " AND channel = ?2 AND thread = ?3",
                              p));
}

/* The caller's callback for each row read. */
struct visit {
    bot_store_sub_cb sub;
    bot_store_sent_cb sent;
    void *arg;
};

/* Steps through rows, calling @row on each. */
static int
rows(struct bot_store *st, sqlite3_stmt *s,
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

int
bot_store_subscriptions(struct bot_store *st, bot_store_sub_cb cb, void *arg)
{
    sqlite3_stmt *s = prepare(st,
                              "SELECT platform, channel, thread, since_ms"
                              " FROM subscription ORDER BY since_ms, rowid",
                              NULL);
    struct visit v = {cb, NULL, arg};

    return rows(st, s, sub_row, &v);
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

int
bot_store_sent_each(struct bot_store *st, const struct bot_place *p,
                    bot_store_sent_cb cb, void *arg)
{
    sqlite3_stmt *s =
        prepare(st,
                "SELECT event, day, lead_days, due_ms, at_ms, state FROM sent"
                " WHERE platform = ?1 AND channel = ?2 AND thread = ?3"
                " ORDER BY at_ms, due_ms",
                p);
    struct visit v = {NULL, cb, arg};

    return rows(st, s, sent_row, &v);
}

int
bot_store_record(struct bot_store *st, const struct bot_place *p,
                 const struct bot_sent *r, size_t n)
{
    size_t i;
    int rc = exec(st, "BEGIN IMMEDIATE");

    for (i = 0; rc == 0 && i < n; i++) {
        sqlite3_stmt *s = prepare(
            st,
            "INSERT OR IGNORE INTO sent (platform, channel, thread, event,"
            " day, lead_days, due_ms, at_ms, state)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            p);
        if (s) {
            sqlite3_bind_text(s, 4, r[i].event, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 5, r[i].day, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 6, r[i].lead_days);
            sqlite3_bind_int64(s, 7, r[i].due_ms);
            sqlite3_bind_int64(s, 8, r[i].at_ms);
            sqlite3_bind_int(s, 9, (int)r[i].state);
        }
        rc = change(st, s) < 0 ? BOT_EIO : 0;
    }
    if (rc == 0)
        return exec(st, "COMMIT");
    exec(st, "ROLLBACK");
    return rc;
}
