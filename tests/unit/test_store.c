/* unit.store: the store's contract, run against each backend (cases
 * named *_sqlite run in a fresh file, *_pg in an emptied PostgreSQL
 * database), and what only one of them does.
 *
 * PostgreSQL: the URI is NEWSBOT_TEST_PG, or the first line of the file
 * NEWSBOT_TEST_PG_FILE names (ctest's pg.start writes it with
 * tests/pg/pgtmp.py). Without either the *_pg cases say "skipped"; with
 * the file set but unreadable they fail, so that CI cannot skip them.
 * NEWSBOT_TEST_PGTMP (the path of pgtmp.py) lets one case stop and start
 * that server. */
#include <errno.h>
#include <libgen.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bot/base/log.h"
#include "bot/reminders/store.h"
#include "pgtest.h"
#include "test.h"

static char dir[] = "/tmp/newsbot-store-XXXXXX";
static char path[256];

/* Legacy schemas, written as those versions shipped them; %s is the type
 * of a time in ms. */
#define V1_SQL                                                                 \
    "CREATE TABLE subscription (platform TEXT NOT NULL,"                       \
    " channel TEXT NOT NULL, thread TEXT NOT NULL DEFAULT '',"                 \
    " since_ms %s NOT NULL, PRIMARY KEY (platform, channel, thread));"         \
    "CREATE TABLE sent (platform TEXT NOT NULL, channel TEXT NOT NULL,"        \
    " thread TEXT NOT NULL DEFAULT '', event TEXT NOT NULL,"                   \
    " day TEXT NOT NULL, lead_days INTEGER NOT NULL, due_ms %s NOT NULL,"      \
    " at_ms %s NOT NULL,"                                                      \
    " PRIMARY KEY (platform, channel, thread, event, day, lead_days));"        \
    "INSERT INTO subscription VALUES ('irc', '#old', '', 5);"                  \
    "INSERT INTO sent VALUES ('irc', '#old', '', 'hearing', '2025-04-17',"     \
    " 7, 1, 2);"
#define V2_SQL                                                                 \
    "ALTER TABLE subscription ADD COLUMN by_user TEXT NOT NULL DEFAULT '';"    \
    "ALTER TABLE sent ADD COLUMN state INTEGER NOT NULL DEFAULT 0"             \
    " CHECK (state BETWEEN 0 AND 2);"                                          \
    "UPDATE sent SET state = 1;"

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};

    nanosleep(&ts, NULL);
}

/* ---- the backend a case runs on ---- */

/* Where the contract cases run. */
struct backend {
    const char *name;
    void (*fresh)(void); /* an empty database */
    const char *(*spec)(void);
    void (*legacy)(int version);
    void (*set_version)(int version);
};

/* The test's folder, made on first use. */
static const char *
folder(void)
{
    static int made; /* the suffix mkdtemp picks may hold an 'X' too */

    if (!made++ && !mkdtemp(dir))
        TEST_FAIL("mkdtemp");
    return dir;
}

static const struct backend sqlite_backend;
static const struct backend *be;

/* An SQLite case: no file yet at path. */
static void
sqlite_fresh(void)
{
    char f[300];

    be = &sqlite_backend;
    snprintf(path, sizeof(path), "%s/test.db", folder());
    unlink(path);
    snprintf(f, sizeof(f), "%s-wal", path);
    unlink(f);
    snprintf(f, sizeof(f), "%s-shm", path);
    unlink(f);
}

static void
sqlite_exec(const char *sql)
{
    sqlite3 *db;
    char *err = NULL;

    ASSERT_EQ(SQLITE_OK, sqlite3_open(path, &db));
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        TEST_FAIL("%s: %s", sql, err);
    sqlite3_close(db);
}

/* Writes the schema @version by hand, as an older newsbot left it. */
static void
sqlite_legacy(int version)
{
    char sql[2048];

    snprintf(sql, sizeof(sql), V1_SQL "%s PRAGMA user_version = %d;", "INTEGER",
             "INTEGER", "INTEGER", version >= 2 ? V2_SQL : "", version);
    sqlite_exec(sql);
}

static const char *
sqlite_spec(void)
{
    return path;
}

static void
sqlite_set_version(int version)
{
    char sql[64];

    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
    sqlite_exec(sql);
}

static const struct backend sqlite_backend = {
    "sqlite", sqlite_fresh, sqlite_spec, sqlite_legacy, sqlite_set_version,
};

/* ---- PostgreSQL ---- */

/* The folder pgtmp.py made (beside its uri file), or "". */
static const char *
pgtmp_folder(void)
{
    static char folder[512];
    const char *file = getenv("NEWSBOT_TEST_PG_FILE");
    char copy[512];

    if (!folder[0] && file && *file) {
        snprintf(copy, sizeof(copy), "%s", file); /* dirname writes */
        snprintf(folder, sizeof(folder), "%s", dirname(copy));
    }
    return folder;
}

static void
pg_legacy(int version)
{
    char sql[2048];

    snprintf(sql, sizeof(sql),
             V1_SQL "%s CREATE TABLE newsbot_schema (version INTEGER NOT"
                    " NULL); INSERT INTO newsbot_schema VALUES (%d);",
             "BIGINT", "BIGINT", "BIGINT", version >= 2 ? V2_SQL : "", version);
    pgtest_exec(sql);
}

static const char *
pg_spec(void)
{
    return pgtest_uri();
}

static void
pg_set_version(int version)
{
    char sql[64];

    snprintf(sql, sizeof(sql), "UPDATE newsbot_schema SET version = %d",
             version);
    ASSERT_EQ(1, pgtest_exec(sql));
}

static const struct backend pg_backend = {
    "postgresql", pgtest_fresh, pg_spec, pg_legacy, pg_set_version,
};

static struct bot_store *
open_ok(void)
{
    struct bot_store *st = NULL;
    char why[512] = "";

    if (bot_store_open(&st, be->spec(), why, sizeof(why)) < 0)
        TEST_FAIL("open %s: %s", be->name, why);
    return st;
}

/* Runs @fn in @n children, each with a store of its own, released
 * together; returns how many returned 1 (a child that failed fails the
 * test). */
static int
race(int n, int (*fn)(struct bot_store *st, int i))
{
    int go[2], won = 0, i, status;
    pid_t pid[8];

    ASSERT(n <= 8);
    ASSERT_EQ(0, pipe(go));
    fflush(stdout);
    fflush(stderr);
    for (i = 0; i < n; i++) {
        pid[i] = fork();
        ASSERT(pid[i] >= 0);
        if (pid[i] == 0) {
            struct bot_store *st = NULL;
            char why[512], c;
            int rc;

            close(go[1]);
            if (bot_store_open(&st, be->spec(), why, sizeof(why)) < 0) {
                fprintf(stderr, "child %d: %s\n", i, why);
                _exit(3);
            }
            rc = read(go[0], &c, 1) == 0 ? fn(st, i) : -1; /* EOF: go */
            bot_store_close(st);
            _exit(rc == 1 ? 1 : rc == 0 ? 0 : 2);
        }
    }
    close(go[0]);
    sleep_ms(100); /* let them all connect, then start together */
    close(go[1]);
    for (i = 0; i < n; i++) {
        ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
        ASSERT(WIFEXITED(status));
        ASSERT(WEXITSTATUS(status) <= 1);
        won += WEXITSTATUS(status);
    }
    return won;
}

struct seen {
    int n;
    char last[128];
    long long since;
};

static int
count_sub(void *arg, const struct bot_place *p, int64_t since_ms)
{
    struct seen *s = arg;

    s->n++;
    snprintf(s->last, sizeof(s->last), "%s/%s/%s", p->platform, p->channel,
             p->thread);
    s->since = since_ms;
    return 0;
}

static int
count_sent(void *arg, const struct bot_sent *r)
{
    struct seen *s = arg;

    s->n++;
    snprintf(s->last, sizeof(s->last), "%s %s %d %d", r->event, r->day,
             r->lead_days, (int)r->state);
    return 0;
}

/* ---- the contract, on every backend ---- */

static void
test_store_subscribe_survives_reopen(void)
{
    struct bot_place c1 = {"irc", "#news", ""}, c2 = {"slack", "C1", ""};
    struct bot_store *st;
    struct seen s = {0};

    be->fresh();
    st = open_ok();
    ASSERT_EQ(BOT_STORE_SCHEMA, bot_store_schema(st));
    ASSERT_EQ(1, bot_store_subscribe(st, &c1, "alice", 1000));
    ASSERT_EQ(0, bot_store_subscribe(st, &c1, "bob", 2000));
    ASSERT_EQ(1, bot_store_subscribe(st, &c2, "carol", 3000));
    ASSERT_EQ(1, bot_store_unsubscribe(st, &c2));
    ASSERT_EQ(0, bot_store_unsubscribe(st, &c2));
    bot_store_close(st);

    st = open_ok();
    ASSERT_EQ(0, bot_store_subscriptions(st, count_sub, &s));
    ASSERT_EQ(1, s.n);
    ASSERT_STR_EQ("irc/#news/", s.last);
    ASSERT_EQ(1000, s.since); /* the first subscription counts */
    bot_store_close(st);
}

static void
test_store_records_once(void)
{
    struct bot_place c1 = {"mattermost", "c1", ""};
    struct bot_sent r[2] = {
        {"hearing", "2025-04-17", 7, 10, 20, BOT_SENT_SKIPPED},
        {"hearing", "2025-04-17", 1, 30, 40, BOT_SENT_LATE},
    };
    struct bot_store *st;
    struct seen s = {0};

    be->fresh();
    st = open_ok();
    ASSERT_EQ(0, bot_store_record(st, &c1, r, 2));
    r[1].state = BOT_SENT; /* a repeat keeps the first record */
    ASSERT_EQ(0, bot_store_record(st, &c1, &r[1], 1));
    bot_store_close(st);
    st = open_ok();
    ASSERT_EQ(0, bot_store_sent_each(st, &c1, count_sent, &s));
    ASSERT_EQ(2, s.n);
    ASSERT_STR_EQ("hearing 2025-04-17 1 1", s.last);
    bot_store_close(st);
}

/* A database an older newsbot (schema @version) left is brought up to
 * date with its rows kept. */
static void
upgrades(int version)
{
    struct bot_place old = {"irc", "#old", ""};
    struct bot_store *st;
    struct seen s = {0}, r = {0};
    char buf[8];

    be->fresh();
    be->legacy(version);
    st = open_ok();
    ASSERT_EQ(BOT_STORE_SCHEMA, bot_store_schema(st));
    ASSERT_EQ(0, bot_store_subscriptions(st, count_sub, &s));
    ASSERT_EQ(1, s.n);
    ASSERT_STR_EQ("irc/#old/", s.last);
    ASSERT_EQ(0, bot_store_sent_each(st, &old, count_sent, &r));
    /* state: sent (version 1 had none), or late as version 2 wrote it */
    ASSERT_STR_EQ(version == 1 ? "hearing 2025-04-17 7 0"
                               : "hearing 2025-04-17 7 1",
                  r.last);
    ASSERT_EQ(0, bot_store_subscribe(st, &old, "alice", 9));
    /* and the tables of schema 3 are there */
    ASSERT_EQ(1, bot_store_claim(st, "irc", "m1", 1, NULL, NULL, 0));
    ASSERT_EQ(0, bot_store_convo_put(st, "k", "ab", 2, 1));
    ASSERT_EQ(2, bot_store_convo_get(st, "k", buf, sizeof(buf), 0));
    bot_store_close(st);
}

static void
test_store_upgrades_v1(void)
{
    upgrades(1);
}

static void
test_store_upgrades_v2(void)
{
    upgrades(2);
}

static void
test_store_refuses_newer_schema(void)
{
    struct bot_store *st = NULL;
    char why[512] = "";

    be->fresh();
    st = open_ok();
    bot_store_close(st);
    be->set_version(99);
    ASSERT(bot_store_open(&st, be->spec(), why, sizeof(why)) < 0);
    ASSERT(st == NULL);
    ASSERT_CONTAINS(why, "newer newsbot (schema 99");
}

/* Replicas started at once all open the database, and the schema is set
 * up once. */
static int
opened(struct bot_store *st, int i)
{
    (void)i;
    return bot_store_schema(st) == BOT_STORE_SCHEMA;
}

static void
test_store_opens_at_once(void)
{
    be->fresh();
    ASSERT_EQ(3, race(3, opened)); /* each child opens before the race */
}

static void
test_store_claims(void)
{
    struct bot_store *st, *other;
    int64_t holder = -1;

    be->fresh();
    st = open_ok();
    other = open_ok();
    ASSERT_EQ(BOT_CLAIM_WON,
              bot_store_claim(st, "slack", "ev1", 1000, NULL, NULL, 0));
    /* held, not done: neither this handle nor another may answer it */
    ASSERT_EQ(BOT_CLAIM_HELD,
              bot_store_claim(st, "slack", "ev1", 1001, NULL, NULL, 0));
    ASSERT_EQ(BOT_CLAIM_HELD,
              bot_store_claim(other, "slack", "ev1", 1002, &holder, NULL, 0));
    ASSERT(holder >= 0);
    ASSERT_EQ(BOT_CLAIM_WON,
              bot_store_claim(other, "discord", "ev1", 1003, NULL, NULL, 0));
    ASSERT_EQ(BOT_CLAIM_WON,
              bot_store_claim(other, "slack", "ev2", 5000, NULL, NULL, 0));
    /* done: answered, whoever asks */
    ASSERT_EQ(0, bot_store_claim_done(st, "slack", "ev1"));
    ASSERT_EQ(BOT_CLAIM_DONE,
              bot_store_claim(other, "slack", "ev1", 1004, NULL, NULL, 0));
    ASSERT_EQ(2, bot_store_claims_expire(st, 2000)); /* ev1 on both */
    ASSERT_EQ(0, bot_store_claims_expire(st, 2000));
    ASSERT_EQ(BOT_CLAIM_WON,
              bot_store_claim(st, "slack", "ev1", 6000, NULL, NULL, 0));
    ASSERT_EQ(BOT_CLAIM_HELD,
              bot_store_claim(st, "slack", "ev2", 6000, NULL, NULL, 0));
    bot_store_close(other);
    bot_store_close(st);
}

struct orphans {
    int n;
    char seen[4][32];
};

static int
count_orphan(void *arg, const char *platform, const char *id, const void *note,
             size_t len)
{
    struct orphans *o = arg;

    if (o->n < 4)
        snprintf(o->seen[o->n], sizeof(o->seen[0]), "%s/%s/%.*s", platform, id,
                 (int)len, (const char *)note);
    o->n++;
    return 0;
}

/* PostgreSQL: a claim whose holder is gone before it said done is won
 * by the next to try (a replica killed between claim and answer), and
 * is listed with the note it kept so that a replica that never received
 * the message can answer it; one that was done is neither. */
static void
test_store_claim_of_the_dead_is_taken_over(void)
{
    struct bot_store *a, *b;
    struct orphans o = {0};

    be->fresh();
    a = open_ok();
    b = open_ok();
    ASSERT_EQ(BOT_CLAIM_WON,
              bot_store_claim(a, "mm", "p1", 1000, NULL, "question one", 12));
    ASSERT_EQ(BOT_CLAIM_WON,
              bot_store_claim(a, "mm", "p2", 1000, NULL, "two", 3));
    ASSERT_EQ(0, bot_store_claim_done(a, "mm", "p2"));
    ASSERT_EQ(BOT_CLAIM_HELD,
              bot_store_claim(b, "mm", "p1", 1001, NULL, "x", 1));
    ASSERT_EQ(0, bot_store_orphans(b, 0, count_orphan, &o)); /* a lives */
    bot_store_close(a); /* its session ends with it */
    sleep_ms(200);      /* the server notices the closed socket */
    ASSERT_EQ(1, bot_store_orphans(b, 0, count_orphan, &o));
    ASSERT_STR_EQ("mm/p1/question one", o.seen[0]);
    ASSERT_EQ(0, bot_store_orphans(b, 1001, count_orphan, &o)); /* too old */
    ASSERT_EQ(BOT_CLAIM_WON,
              bot_store_claim(b, "mm", "p1", 1002, NULL, "question one", 12));
    ASSERT_EQ(BOT_CLAIM_DONE,
              bot_store_claim(b, "mm", "p2", 1002, NULL, NULL, 0));
    ASSERT_EQ(1, o.n); /* b holds p1 now: no orphan */
    ASSERT_EQ(0, bot_store_orphans(b, 0, count_orphan, &o));
    bot_store_close(b);
}

static int
claim_one(struct bot_store *st, int i)
{
    (void)i;
    int rc = bot_store_claim(st, "irc", "raced", 1000, NULL, NULL, 0);

    sleep_ms(300); /* alive while the others try: a dead holder's claim
                      is taken over */
    return rc == BOT_CLAIM_WON ? 1 : rc == BOT_CLAIM_HELD ? 0 : -1;
}

static void
test_store_claim_race_has_one_winner(void)
{
    be->fresh();
    ASSERT_EQ(1, race(4, claim_one));
}

static void
test_store_leases(void)
{
    struct bot_place p = {"irc", "#news", ""};
    struct bot_remind_key k1 = {"hearing", "2025-04-17", 7};
    struct bot_remind_key k2 = {"hearing", "2025-04-17", 1};
    struct bot_sent s1 = {"hearing", "2025-04-17", 7, 100, 150, BOT_SENT};
    struct bot_store *a, *b;

    be->fresh();
    a = open_ok();
    b = open_ok();
    ASSERT_EQ(1, bot_store_lease(a, &p, &k1, "A", 100, 200));
    ASSERT_EQ(1, bot_store_lease(a, &p, &k1, "A", 110, 210)); /* ours */
    ASSERT_EQ(0, bot_store_lease(b, &p, &k1, "B", 150, 250));
    ASSERT_EQ(0, bot_store_lease(b, &p, &k1, "B", 209, 300));
    ASSERT_EQ(1, bot_store_lease(b, &p, &k1, "B", 210, 300)); /* ran out */
    ASSERT_EQ(0, bot_store_lease(a, &p, &k1, "A", 220, 320));
    /* B posts and records it: its lease ends, and no one may take it */
    ASSERT_EQ(0, bot_store_record(b, &p, &s1, 1));
    ASSERT_EQ(0, bot_store_lease_drop(b, &p, &k1, "B")); /* gone */
    ASSERT_EQ(0, bot_store_lease(a, &p, &k1, "A", 400, 500));
    ASSERT_EQ(0, bot_store_lease(b, &p, &k1, "B", 400, 500));
    /* a failed post gives the lease up for another to take */
    ASSERT_EQ(1, bot_store_lease(a, &p, &k2, "A", 100, 200));
    ASSERT_EQ(0, bot_store_lease_drop(b, &p, &k2, "B")); /* not B's */
    ASSERT_EQ(0, bot_store_lease(b, &p, &k2, "B", 150, 250));
    ASSERT_EQ(1, bot_store_lease_drop(a, &p, &k2, "A"));
    ASSERT_EQ(1, bot_store_lease(b, &p, &k2, "B", 150, 250));
    /* the same key elsewhere is another reminder */
    ASSERT_EQ(1, bot_store_lease(a, &(struct bot_place){"irc", "#news", "t1"},
                                 &k2, "A", 150, 250));
    bot_store_close(b);
    bot_store_close(a);
}

static void
test_store_convo(void)
{
    struct bot_store *st, *other;
    char buf[16], big[4000];

    be->fresh();
    st = open_ok();
    other = open_ok();
    ASSERT_EQ(0, bot_store_convo_get(st, "slack:C1:U1", buf, sizeof(buf), 0));
    ASSERT_EQ(0, bot_store_convo_put(st, "slack:C1:U1", "hello\0x", 7, 100));
    memset(buf, 0, sizeof(buf));
    ASSERT_EQ(7,
              bot_store_convo_get(other, "slack:C1:U1", buf, sizeof(buf), 100));
    ASSERT(memcmp(buf, "hello\0x", 7) == 0); /* bytes, not a string */
    ASSERT_EQ(0, bot_store_convo_get(other, "slack:C1:U1", buf, sizeof(buf),
                                     101)); /* too old */
    memset(buf, '-', sizeof(buf));
    ASSERT_EQ(7, bot_store_convo_get(other, "slack:C1:U1", buf, 6, 0));
    ASSERT_EQ('-', buf[0]); /* did not fit: its length, nothing copied */
    memset(big, 'z', sizeof(big));
    ASSERT_EQ(0, bot_store_convo_put(other, "slack:C1:U1", big, sizeof(big),
                                     200)); /* replaces */
    ASSERT_EQ(4000,
              bot_store_convo_get(st, "slack:C1:U1", buf, sizeof(buf), 150));
    ASSERT_EQ(0, bot_store_convo_put(st, "irc:#x:bob", "b", 1, 300));
    ASSERT_EQ(0, bot_store_convo_put(st, "empty", "", 0, 300));
    ASSERT_EQ(0, bot_store_convo_get(st, "empty", buf, sizeof(buf), 0));
    ASSERT_EQ(1, bot_store_convos_expire(st, 300)); /* the one at 200 */
    ASSERT_EQ(0, bot_store_convo_get(st, "slack:C1:U1", buf, sizeof(buf), 0));
    ASSERT_EQ(1, bot_store_convo_get(st, "irc:#x:bob", buf, sizeof(buf), 0));
    ASSERT_EQ(BOT_ETOOBIG,
              bot_store_convo_put(st, "k", big, (size_t)1 << 31, 300));
    bot_store_close(other);
    bot_store_close(st);
}

/* Several contexts in one call: read where saved, missing ones 0, one
 * too big for its buffer told by its length, keys with quotes and
 * backslashes as they are. */
static void
test_store_convo_many(void)
{
    struct bot_store *st = (be->fresh(), open_ok());
    struct bot_convo_item put[3] = {{"ctx:a/\"b\\", "one", 3},
                                    {"link:x", "two\0", 4},
                                    {"link:y", "three!", 6}};
    char b[3][8];
    struct bot_convo_slot get[3] = {{"link:x", b[0], sizeof(b[0]), -1},
                                    {"nothing", b[1], sizeof(b[1]), -1},
                                    {"ctx:a/\"b\\", b[2], 2, -1}};

    ASSERT_EQ(0, bot_store_convo_put_many(st, put, 3, 500));
    ASSERT_EQ(0, bot_store_convo_get_many(st, get, 3, 400));
    ASSERT_EQ(4, get[0].len);
    ASSERT(memcmp(b[0], "two\0", 4) == 0);
    ASSERT_EQ(0, get[1].len);
    ASSERT_EQ(3, get[2].len); /* did not fit its 2 bytes */
    ASSERT_EQ(0, bot_store_convo_get_many(st, get, 1, 501)); /* too old */
    ASSERT_EQ(0, get[0].len);
    ASSERT_EQ(0, bot_store_convo_put_many(st, put + 1, 2, 600)); /* again */
    ASSERT_EQ(0, bot_store_convo_put_many(st, put, 1, 600));
    ASSERT_EQ(6, bot_store_convo_get(st, "link:y", b[0], sizeof(b[0]), 600));
    ASSERT_EQ(BOT_EINVAL, bot_store_convo_put_many(st, put, 4, 600));
    bot_store_close(st);
}

/* ---- SQLite alone ---- */

static void
test_store_sqlite_roles_and_state(void)
{
    struct bot_store *a, *b;

    sqlite_fresh();
    a = open_ok();
    b = open_ok();
    ASSERT_EQ(0, bot_store_shared(a));
    ASSERT_EQ(1, bot_store_up(a));
    ASSERT_EQ(0, bot_store_tick(a, 1000));
    ASSERT_EQ(1, bot_store_role(a, "irc")); /* one process: always ours */
    ASSERT_EQ(1, bot_store_role(b, "irc"));
    bot_store_role_drop(a, "irc");
    ASSERT_EQ(1, bot_store_role(a, "irc"));
    bot_store_close(b);
    bot_store_close(a);
}

static void
expect_refused(const char *want)
{
    struct bot_store *st = NULL;
    char why[512] = "";

    ASSERT(bot_store_open(&st, path, why, sizeof(why)) < 0);
    ASSERT(st == NULL);
    ASSERT_CONTAINS(why, path);
    ASSERT_CONTAINS(why, want);
}

static void
test_store_sqlite_refuses_newer_schema_unchanged(void)
{
    sqlite_fresh();
    sqlite_set_version(99);
    expect_refused("newer newsbot (schema 99");
    expect_refused("newer newsbot (schema 99"); /* still 99: untouched */
}

static void
test_store_refuses_corrupt_file(void)
{
    char junk[4096], back[4096];
    FILE *fp;

    memset(junk, 'x', sizeof(junk));
    sqlite_fresh();
    fp = fopen(path, "wb");
    ASSERT(fp != NULL);
    ASSERT_EQ(sizeof(junk), fwrite(junk, 1, sizeof(junk), fp));
    fclose(fp);
    expect_refused("not a newsbot database");
    fp = fopen(path, "rb"); /* left as it was */
    ASSERT(fp != NULL);
    ASSERT_EQ(sizeof(back), fread(back, 1, sizeof(back), fp));
    fclose(fp);
    ASSERT(memcmp(junk, back, sizeof(junk)) == 0);
}

static void
test_store_refuses_unopenable_path(void)
{
    struct bot_store *st = NULL;
    char why[512] = "";

    ASSERT(bot_store_open(&st, "/nonexistent-dir/x/newsbot.db", why,
                          sizeof(why)) < 0);
    ASSERT_CONTAINS(why, "/nonexistent-dir/x/newsbot.db");
}

static void
test_store_uses_wal(void)
{
    struct bot_store *st;
    char wal[300];

    sqlite_fresh();
    st = open_ok();
    ASSERT_EQ(
        1, bot_store_subscribe(st, &(struct bot_place){"a", "b", ""}, "u", 1));
    snprintf(wal, sizeof(wal), "%s-wal", path);
    ASSERT_EQ(0, access(wal, F_OK)); /* the write-ahead log is in use */
    bot_store_close(st);
}

static void
test_store_notices_deleted_or_replaced(void)
{
    struct bot_store *st;
    FILE *fp;
    char f[300];

    sqlite_fresh();
    st = open_ok();
    ASSERT_EQ(BOT_STORE_SAME, bot_store_moved(st));
    ASSERT_STR_EQ(path, bot_store_path(st));
    ASSERT_EQ(0, unlink(path)); /* the handle still writes, into nothing */
    snprintf(f, sizeof(f), "%s-wal", path);
    unlink(f);
    ASSERT_EQ(BOT_STORE_GONE, bot_store_moved(st));
    fp = fopen(path, "wb"); /* another file takes its place */
    ASSERT(fp != NULL);
    fclose(fp);
    ASSERT_EQ(BOT_STORE_REPLACED, bot_store_moved(st));
    bot_store_close(st);
    st = open_ok(); /* the empty file becomes a database */
    ASSERT_EQ(BOT_STORE_SAME, bot_store_moved(st));
    bot_store_close(st);
}

static void
test_store_says_read_only(void)
{
    /* A file newsbot cannot write to is named as such, not called
     * damaged. As root, the check runs as nobody in a child process. */
    struct bot_store *st;
    pid_t pid;
    int status;

    sqlite_fresh();
    st = open_ok();
    ASSERT_EQ(
        1, bot_store_subscribe(st, &(struct bot_place){"a", "b", ""}, "u", 1));
    bot_store_close(st);
    ASSERT_EQ(0, chmod(path, 0444));
    ASSERT_EQ(0, chmod(dir, 0555));
    fflush(stdout);
    pid = fork();
    ASSERT(pid >= 0);
    if (pid == 0) {
        char why[512] = "";
        int rc;

        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        rc = bot_store_open(&st, path, why, sizeof(why));
        if (rc >= 0) {
            bot_store_close(st);
            _exit(1);
        }
        _exit(strstr(why, "read-only") && strstr(why, path) ? 0 : 2);
    }
    ASSERT_EQ(pid, waitpid(pid, &status, 0));
    ASSERT_EQ(0, chmod(dir, 0700));
    ASSERT_EQ(0, chmod(path, 0644));
    ASSERT(WIFEXITED(status));
    ASSERT_EQ(0, WEXITSTATUS(status));
}

static void
test_store_tells_postgres_from_a_path(void)
{
    ASSERT(bot_store_is_postgres("postgresql://u@h/db"));
    ASSERT(bot_store_is_postgres("postgres://h"));
    ASSERT(bot_store_is_postgres("host=127.0.0.1 dbname=x"));
    ASSERT(bot_store_is_postgres(" dbname = x"));
    ASSERT(!bot_store_is_postgres("/var/lib/newsbot/newsbot.db"));
    ASSERT(!bot_store_is_postgres("newsbot.db"));
    ASSERT(!bot_store_is_postgres("./a=b.db"));
    ASSERT(!bot_store_is_postgres("data=1.db")); /* no libpq keyword */
    ASSERT(!bot_store_is_postgres(":memory:"));
    ASSERT(!bot_store_is_postgres(""));
    ASSERT(!bot_store_is_postgres(NULL));
}

static void
test_store_cleanup(void)
{
    sqlite_fresh();
    ASSERT_EQ(0, rmdir(dir));
}

/* ---- PostgreSQL alone ---- */

/* True if the *_pg cases can run; says so when they cannot. */
static int
pg_ready(void)
{
    if (pgtest_uri())
        return 1;
    printf("skipped: no NEWSBOT_TEST_PG or NEWSBOT_TEST_PG_FILE\n");
    return 0;
}

/* The URI with its password swapped for @pw ("" drops it), or its
 * database for @db. */
static void
pg_variant(char *out, size_t cap, const char *pw, const char *db)
{
    const char *u = pgtest_uri(), *colon = strchr(u + 13, ':');
    const char *at = strchr(u, '@'), *slash = strchr(at, '/');

    ASSERT(colon && at && slash && colon < at);
    snprintf(out, cap, "%.*s%s%s%.*s%s", (int)(colon - u), u, *pw ? ":" : "",
             pw, (int)(slash + 1 - at), at, db ? db : slash + 1);
}

/* What bot_store_path() must say: the URI without the password. */
static void
pg_name(char *out, size_t cap)
{
    pg_variant(out, cap, "", NULL);
}

static void
test_store_pg_path_and_state(void)
{
    struct bot_store *st;
    char name[512];

    if (!pg_ready())
        return;
    be = &pg_backend;
    pgtest_fresh();
    st = open_ok();
    pg_name(name, sizeof(name));
    ASSERT_STR_EQ(name, bot_store_path(st));
    ASSERT_EQ(1, bot_store_shared(st));
    ASSERT_EQ(1, bot_store_up(st));
    ASSERT_EQ(0, bot_store_tick(st, 1000));
    ASSERT_EQ(BOT_STORE_SAME, bot_store_moved(st));
    bot_store_close(st);
}

/* Tries @name on @st for up to 3 s: the server frees the locks of a
 * closed session when its backend has gone, a moment later. */
static int
role_soon(struct bot_store *st, const char *name)
{
    int i, rc = 0;

    for (i = 0; i < 300 && (rc = bot_store_role(st, name)) == 0; i++)
        sleep_ms(10);
    return rc;
}

static void
test_store_pg_roles(void)
{
    struct bot_store *a, *b, *c;

    if (!pg_ready())
        return;
    be = &pg_backend;
    pgtest_fresh();
    a = open_ok();
    b = open_ok();
    ASSERT_EQ(1, bot_store_role(a, "irc"));
    ASSERT_EQ(1, bot_store_role(a, "irc")); /* held: no second lock */
    ASSERT_EQ(0, bot_store_role(b, "irc"));
    ASSERT_EQ(1, bot_store_role(b, "reminders"));
    ASSERT_EQ(0, bot_store_role(a, "reminders"));
    bot_store_close(a); /* the holder dies: another takes over */
    ASSERT_EQ(1, role_soon(b, "irc"));
    c = open_ok();
    ASSERT_EQ(0, bot_store_role(c, "irc"));
    bot_store_role_drop(b, "irc"); /* let go by hand */
    ASSERT_EQ(1, bot_store_role(c, "irc"));
    bot_store_role_drop(b, "irc"); /* not held: nothing happens */
    ASSERT_EQ(0, bot_store_role(b, "irc"));
    bot_store_close(c);
    bot_store_close(b);
}

/* Opening @spec fails with BOT_EIO or BOT_ENET; @why names the server,
 * says @want and never @secret. */
static void
expect_pg_refused(const char *spec, const char *name, const char *want,
                  const char *secret)
{
    struct bot_store *st = NULL;
    char why[1024] = "";
    int rc = bot_store_open(&st, spec, why, sizeof(why));

    ASSERT(rc == BOT_EIO || rc == BOT_ENET);
    ASSERT(st == NULL);
    if (name)
        ASSERT_CONTAINS(why, name);
    ASSERT_CONTAINS(why, want);
    ASSERT_NOT_CONTAINS(why, secret);
    ASSERT(!strchr(why, '\n')); /* one line for the log */
    if (getenv("NEWSBOT_TEST_VERBOSE"))
        printf("  why: %s\n", why);
}

static void
test_store_pg_refuses_wrong_password(void)
{
    char spec[512], name[512], pw[64];
    const char *real;

    if (!pg_ready())
        return;
    be = &pg_backend;
    pg_variant(spec, sizeof(spec), "wrong-Zq81x", NULL);
    pg_name(name, sizeof(name));
    expect_pg_refused(spec, name, "password authentication failed",
                      "wrong-Zq81x");
    /* nor the real one, taken from the URI */
    real = strchr(pgtest_uri() + 13, ':') + 1;
    snprintf(pw, sizeof(pw), "%.*s", (int)strcspn(real, "@"), real);
    expect_pg_refused(spec, name, "password authentication failed", pw);
}

static void
test_store_pg_refuses_missing_database(void)
{
    char spec[512], pw[64];
    const char *real;

    if (!pg_ready())
        return;
    be = &pg_backend;
    real = strchr(pgtest_uri() + 13, ':') + 1;
    snprintf(pw, sizeof(pw), "%.*s", (int)strcspn(real, "@"), real);
    pg_variant(spec, sizeof(spec), pw, "nosuchdb");
    expect_pg_refused(spec, "/nosuchdb", "\"nosuchdb\" does not exist", pw);
}

/* A port nothing listens on, now. */
static int
closed_port(void)
{
    struct sockaddr_in a = {0};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(0, bind(fd, (struct sockaddr *)&a, sizeof(a)));
    ASSERT_EQ(0, getsockname(fd, (struct sockaddr *)&a, &len));
    close(fd);
    return ntohs(a.sin_port);
}

static void
test_store_pg_refuses_unreachable(void)
{
    char spec[256], name[256];
    int port = closed_port();

    if (!pg_ready())
        return;
    be = &pg_backend;
    snprintf(spec, sizeof(spec),
             "postgresql://newsbot:pw-Unreach1@127.0.0.1:%d/newsbot", port);
    snprintf(name, sizeof(name), "postgresql://newsbot@127.0.0.1:%d/newsbot",
             port);
    expect_pg_refused(spec, name, "refused", "pw-Unreach1");
    /* a malformed URI may be quoted back by libpq: not its password */
    expect_pg_refused("postgresql://newsbot:s3cr%zzet@127.0.0.1:1/x", NULL,
                      "percent", "s3cr");
    expect_pg_refused("host=127.0.0.1 password='pw-Quote5", NULL, "quoted",
                      "pw-Quote5");
}

/* A password from a password file is used, and never shown. */
static void
test_store_pg_password_file(void)
{
    char spec[512], pf[300], line[600];
    const char *host;
    FILE *fp;

    if (!pg_ready())
        return;
    be = &pg_backend;
    host = strchr(pgtest_uri(), '@') + 1;
    pgtest_fresh();
    snprintf(pf, sizeof(pf), "%s/pgpass", folder());
    pg_variant(spec, sizeof(spec), "", NULL);
    fp = fopen(pf, "w");
    ASSERT(fp != NULL);
    /* host:port:db:user:password, the host and port from the URI */
    snprintf(line, sizeof(line), "%.*s:*:newsbot:filepw-Wrong7\n",
             (int)strcspn(host, "/"), host);
    *strrchr(line, ':') = '\0';
    fprintf(fp, "%s:filepw-Wrong7\n", line);
    fclose(fp);
    ASSERT_EQ(0, chmod(pf, 0600));
    setenv("PGPASSFILE", pf, 1);
    expect_pg_refused(spec, "postgresql://newsbot@", "password", "filepw-W");
    unsetenv("PGPASSFILE");
    ASSERT_EQ(0, unlink(pf));
}

/* Log lines, into a file the case reads back. */
static FILE *logfp;

static void
log_capture(void)
{
    logfp = tmpfile();
    ASSERT(logfp != NULL);
    bot_log_set_stream(logfp);
    bot_log_set_level(BOT_LOG_INFO);
}

/* How many captured lines contain @what. */
static int
log_count(const char *what)
{
    char line[1024];
    int n = 0;

    fflush(logfp);
    rewind(logfp);
    while (fgets(line, sizeof(line), logfp))
        n += strstr(line, what) != NULL;
    return n;
}

static void
log_release(void)
{
    bot_log_set_stream(stderr);
    bot_log_set_level(BOT_LOG_WARN);
    fclose(logfp);
}

/* Monotonic ms, to bound the test's waits. */
static long long
real_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* A call on a store that lost its server fails at once. */
static void
expect_down_fast(struct bot_store *st)
{
    long long t0 = real_ms();
    char buf[8];

    ASSERT_EQ(BOT_ENET, bot_store_claim(st, "irc", "x", 1, NULL, NULL, 0));
    ASSERT_EQ(BOT_ENET, bot_store_convo_get(st, "k", buf, sizeof(buf), 0));
    ASSERT_EQ(BOT_ENET, bot_store_role(st, "irc"));
    ASSERT_EQ(BOT_ENET, bot_store_schema(st));
    ASSERT_EQ(0, bot_store_up(st));
    ASSERT(real_ms() - t0 < 1000);
}

/* Ticks @st with the clock from @from in steps of 100 ms (and 10 ms of
 * real time each) until it says it is back. Return: the time then. */
static int64_t
tick_until_back(struct bot_store *st, int64_t from)
{
    int64_t now;

    for (now = from; now < from + 60000; now += 100) {
        if (bot_store_tick(st, now) == 1)
            return now;
        sleep_ms(10);
    }
    TEST_FAIL("not back after 60 s of ticks");
}

static void
test_store_pg_lost_connection(void)
{
    char spec[600];
    struct bot_store *a, *b;
    int64_t back;

    if (!pg_ready())
        return;
    be = &pg_backend;
    pgtest_fresh();
    snprintf(spec, sizeof(spec), "%s%sapplication_name=victim", pgtest_uri(),
             strchr(pgtest_uri(), '?') ? "&" : "?");
    log_capture();
    {
        char why[512];

        if (bot_store_open(&a, spec, why, sizeof(why)) < 0)
            TEST_FAIL("%s", why);
    }
    b = open_ok();
    ASSERT_EQ(1, bot_store_role(a, "irc"));
    ASSERT_EQ(1, bot_store_claim(a, "irc", "before", 1, NULL, NULL, 0));
    ASSERT_EQ(1, pgtest_exec("SELECT pg_terminate_backend(pid) FROM"
                             " pg_stat_activity WHERE application_name ="
                             " 'victim'"));
    ASSERT_EQ(1, role_soon(b, "irc")); /* the server freed A's lock */
    ASSERT_EQ(BOT_ENET, bot_store_claim(a, "irc", "during", 1, NULL, NULL, 0));
    expect_down_fast(a);
    ASSERT_EQ(0, bot_store_tick(a, 50000)); /* the first try in 1 s */
    ASSERT_EQ(0, bot_store_tick(a, 50999));
    back = tick_until_back(a, 51000);
    ASSERT(back < 51000 + 5000);
    ASSERT_EQ(1, bot_store_up(a));
    ASSERT_EQ(0, bot_store_tick(a, back + 100));
    ASSERT_EQ(0, bot_store_role(a, "irc")); /* forgotten; B has it now */
    ASSERT_EQ(1, bot_store_claim(a, "irc", "after", 2, NULL, NULL,
                                 0)); /* re-prepared */
    ASSERT_EQ(1, log_count("connection lost"));
    ASSERT_EQ(1, log_count("connection back"));
    log_release();
    bot_store_close(b);
    bot_store_close(a);
}

/* Runs pgtmp.py @cmd on the test's server. */
static void
pgtmp(const char *cmd)
{
    const char *py = getenv("NEWSBOT_TEST_PGTMP");
    char line[1200];

    snprintf(line, sizeof(line), "python3 '%s' %s '%s'", py, cmd,
             pgtmp_folder());
    if (system(line) != 0)
        TEST_FAIL("%s failed", line);
}

static void
test_store_pg_server_restarts(void)
{
    struct bot_store *st;
    int64_t now, back;

    if (!pg_ready())
        return;
    be = &pg_backend;
    pgtest_uri();
    if (!getenv("NEWSBOT_TEST_PGTMP") || !pgtmp_folder()[0]) {
        printf("skipped: no NEWSBOT_TEST_PGTMP and NEWSBOT_TEST_PG_FILE\n");
        return;
    }
    pgtest_fresh();
    st = open_ok();
    log_capture();
    ASSERT_EQ(1, bot_store_role(st, "irc"));
    pgtmp("down");
    ASSERT_EQ(0, bot_store_tick(st, 0)); /* notices, or the call will */
    expect_down_fast(st);
    /* tries at 1 s (refused, the server is down), then at 1 + 2 s */
    for (now = 100; now < 2500; now += 100) {
        ASSERT_EQ(0, bot_store_tick(st, now));
        sleep_ms(5);
    }
    pgtmp("up");
    back = tick_until_back(st, 2500);
    ASSERT(back >= 3000 && back < 3000 + 5000);
    ASSERT_EQ(1, bot_store_role(st, "irc")); /* taken again */
    ASSERT_EQ(1, bot_store_claim(st, "irc", "after", 2, NULL, NULL, 0));
    ASSERT_EQ(1, log_count("connection lost"));
    ASSERT_EQ(1, log_count("connection back"));
    log_release();
    bot_store_close(st);
}

#define ON_PG(fn)                                                              \
    static void fn##_pg(void)                                                  \
    {                                                                          \
        if (!pg_ready())                                                       \
            return;                                                            \
        be = &pg_backend;                                                      \
        fn();                                                                  \
    }

/* Each contract case once per backend: NAME_sqlite, NAME_pg. */
#define ON_SQLITE(fn)                                                          \
    static void fn##_sqlite(void)                                              \
    {                                                                          \
        be = &sqlite_backend;                                                  \
        fn();                                                                  \
    }
ON_SQLITE(test_store_subscribe_survives_reopen)
ON_PG(test_store_subscribe_survives_reopen)
ON_SQLITE(test_store_records_once)
ON_PG(test_store_records_once)
ON_SQLITE(test_store_upgrades_v1)
ON_PG(test_store_upgrades_v1)
ON_SQLITE(test_store_upgrades_v2)
ON_PG(test_store_upgrades_v2)
ON_SQLITE(test_store_refuses_newer_schema)
ON_PG(test_store_refuses_newer_schema)
ON_SQLITE(test_store_opens_at_once)
ON_PG(test_store_opens_at_once)
ON_SQLITE(test_store_claims)
ON_PG(test_store_claims)
ON_SQLITE(test_store_claim_race_has_one_winner)
ON_PG(test_store_claim_race_has_one_winner)
ON_SQLITE(test_store_convo_many)
ON_PG(test_store_convo_many)
ON_PG(test_store_claim_of_the_dead_is_taken_over)
ON_SQLITE(test_store_leases)
ON_PG(test_store_leases)
ON_SQLITE(test_store_convo)
ON_PG(test_store_convo)
#define CASE(fn)                                                               \
    {                                                                          \
#fn, fn                                                                \
    }

static const struct test_case cases[] = {
    CASE(test_store_subscribe_survives_reopen_sqlite),
    CASE(test_store_subscribe_survives_reopen_pg),
    CASE(test_store_records_once_sqlite),
    CASE(test_store_records_once_pg),
    CASE(test_store_upgrades_v1_sqlite),
    CASE(test_store_upgrades_v1_pg),
    CASE(test_store_upgrades_v2_sqlite),
    CASE(test_store_upgrades_v2_pg),
    CASE(test_store_refuses_newer_schema_sqlite),
    CASE(test_store_refuses_newer_schema_pg),
    CASE(test_store_opens_at_once_sqlite),
    CASE(test_store_opens_at_once_pg),
    CASE(test_store_claims_sqlite),
    CASE(test_store_claims_pg),
    CASE(test_store_claim_race_has_one_winner_sqlite),
    CASE(test_store_claim_race_has_one_winner_pg),
    CASE(test_store_convo_many_sqlite),
    CASE(test_store_convo_many_pg),
    CASE(test_store_claim_of_the_dead_is_taken_over_pg),
    CASE(test_store_leases_sqlite),
    CASE(test_store_leases_pg),
    CASE(test_store_convo_sqlite),
    CASE(test_store_convo_pg),
    CASE(test_store_sqlite_roles_and_state),
    CASE(test_store_sqlite_refuses_newer_schema_unchanged),
    CASE(test_store_refuses_corrupt_file),
    CASE(test_store_refuses_unopenable_path),
    CASE(test_store_uses_wal),
    CASE(test_store_notices_deleted_or_replaced),
    CASE(test_store_says_read_only),
    CASE(test_store_tells_postgres_from_a_path),
    CASE(test_store_pg_path_and_state),
    CASE(test_store_pg_roles),
    CASE(test_store_pg_refuses_wrong_password),
    CASE(test_store_pg_refuses_missing_database),
    CASE(test_store_pg_refuses_unreachable),
    CASE(test_store_pg_password_file),
    CASE(test_store_pg_lost_connection),
    CASE(test_store_pg_server_restarts),
    CASE(test_store_cleanup),
};

TEST_MAIN(cases)
