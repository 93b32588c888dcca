/* unit.store: subscriptions and sent reminders in SQLite. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bot/reminders/store.h"
#include "test.h"

static char dir[] = "/tmp/newsbot-store-XXXXXX";
static char path[256];

static void
fresh(void)
{
    static int made; /* the suffix mkdtemp picks may hold an 'X' too */
    char f[300];

    if (!made++ && !mkdtemp(dir))
        TEST_FAIL("mkdtemp");
    snprintf(path, sizeof(path), "%s/test.db", dir);
    unlink(path);
    snprintf(f, sizeof(f), "%s-wal", path);
    unlink(f);
    snprintf(f, sizeof(f), "%s-shm", path);
    unlink(f);
}

static struct bot_store *
open_ok(void)
{
    struct bot_store *st = NULL;
    char why[512] = "";

    if (bot_store_open(&st, path, why, sizeof(why)) < 0)
        TEST_FAIL("open %s: %s", path, why);
    return st;
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

static void
test_store_subscribe_survives_reopen(void)
{
    struct bot_place c1 = {"irc", "#news", ""}, c2 = {"slack", "C1", ""};
    struct bot_store *st;
    struct seen s = {0};

    fresh();
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

    fresh();
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

/* A file in WAL mode with the schema as version 1 shipped it. */
static void
make_v1(void)
{
    sqlite3 *db;

    fresh();
    ASSERT_EQ(SQLITE_OK, sqlite3_open(path, &db));
    ASSERT_EQ(SQLITE_OK,
              sqlite3_exec(db,
                           "CREATE TABLE subscription (platform TEXT NOT NULL,"
                           " channel TEXT NOT NULL, thread TEXT NOT NULL"
                           " DEFAULT '', since_ms INTEGER NOT NULL, PRIMARY"
                           " KEY (platform, channel, thread));"
                           "CREATE TABLE sent (platform TEXT NOT NULL,"
                           " channel TEXT NOT NULL, thread TEXT NOT NULL"
                           " DEFAULT '', event TEXT NOT NULL, day TEXT NOT"
                           " NULL, lead_days INTEGER NOT NULL, due_ms INTEGER"
                           " NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY"
                           " (platform, channel, thread, event, day,"
                           " lead_days));"
                           "INSERT INTO subscription VALUES"
                           " ('irc', '#old', '', 5);"
                           "INSERT INTO sent VALUES ('irc', '#old', '',"
                           " 'hearing', '2025-04-17', 7, 1, 2);"
                           "PRAGMA user_version = 1;",
                           NULL, NULL, NULL));
    sqlite3_close(db);
}

static void
test_store_upgrades_v1(void)
{
    struct bot_place old = {"irc", "#old", ""};
    struct bot_store *st;
    struct seen s = {0}, r = {0};

    make_v1();
    st = open_ok();
    ASSERT_EQ(BOT_STORE_SCHEMA, bot_store_schema(st));
    ASSERT_EQ(0, bot_store_subscriptions(st, count_sub, &s));
    ASSERT_EQ(1, s.n);
    ASSERT_STR_EQ("irc/#old/", s.last);
    ASSERT_EQ(0, bot_store_sent_each(st, &old, count_sent, &r));
    ASSERT_STR_EQ("hearing 2025-04-17 7 0", r.last); /* state: sent */
    ASSERT_EQ(0, bot_store_subscribe(st, &old, "alice", 9));
    bot_store_close(st);
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
test_store_refuses_newer_schema(void)
{
    sqlite3 *db;

    fresh();
    ASSERT_EQ(SQLITE_OK, sqlite3_open(path, &db));
    ASSERT_EQ(SQLITE_OK,
              sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL));
    sqlite3_close(db);
    expect_refused("newer newsbot (schema 99");
}

static void
test_store_refuses_corrupt_file(void)
{
    char junk[4096], back[4096];
    FILE *fp;

    memset(junk, 'x', sizeof(junk));
    fresh();
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

    fresh();
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

    fresh();
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

    fresh();
    st = open_ok();
    ASSERT_EQ(
        1, bot_store_subscribe(st, &(struct bot_place){"a", "b", ""}, "u", 1));
    bot_store_close(st);
    ASSERT_EQ(0, chmod(path, 0444));
    ASSERT_EQ(0, chmod(dir, 0555));
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
test_store_cleanup(void)
{
    fresh();
    ASSERT_EQ(0, rmdir(dir));
}

static const struct test_case cases[] = {
    {"test_store_subscribe_survives_reopen",
     test_store_subscribe_survives_reopen},
    {"test_store_records_once", test_store_records_once},
    {"test_store_upgrades_v1", test_store_upgrades_v1},
    {"test_store_refuses_newer_schema", test_store_refuses_newer_schema},
    {"test_store_refuses_corrupt_file", test_store_refuses_corrupt_file},
    {"test_store_refuses_unopenable_path", test_store_refuses_unopenable_path},
    {"test_store_uses_wal", test_store_uses_wal},
    {"test_store_notices_deleted_or_replaced",
     test_store_notices_deleted_or_replaced},
    {"test_store_says_read_only", test_store_says_read_only},
    {"test_store_cleanup", test_store_cleanup},
};

TEST_MAIN(cases)
