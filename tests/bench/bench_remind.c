/* newsbot-bench-remind: what reminders cost. The choice of the reminder
 * owed (every subscription, once a second), opening the database and
 * loading its subscriptions, and the durable writes of subscribing and
 * recording a sent reminder (each a transaction with synchronous=FULL).
 *
 * usage: newsbot-bench-remind [SUBSCRIPTIONS [WRITES]]   (10000, 200)
 * Runs in a temporary directory it removes; prints one line per figure. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchtime.h"
#include "bot/knowledge/kbload.h"
#include "bot/reminders/remind.h"
#include "bot/reminders/store.h"

static int
count(void *arg, const struct bot_place *p, int64_t since_ms)
{
    (void)p;
    (void)since_ms;
    (*(long *)arg)++;
    return 0;
}

/* @n subscriptions written in one transaction, as a busy bot's file. */
static int
fill(const char *path, long n)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    long i;
    int rc = sqlite3_open(path, &db);

    rc |= sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    rc |= sqlite3_prepare_v2(db,
                             "INSERT INTO subscription (platform, channel,"
                             " thread, since_ms, by_user) VALUES"
                             " ('slack', ?1, '', ?2, 'u')",
                             -1, &s, NULL);
    for (i = 0; rc == 0 && i < n; i++) {
        char ch[32];
        snprintf(ch, sizeof(ch), "C%08ld", i);
        sqlite3_bind_text(s, 1, ch, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, i);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : 1;
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    rc |= sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

static void
report(const char *what, double *v, long n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp);
    printf("%s: p50 %.2f ms, p99 %.2f ms (%ld)\n", what, v[n / 2],
           v[n * 99 / 100], n);
}

int
main(int argc, char **argv)
{
    long subs = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    long writes = argc > 2 ? strtol(argv[2], NULL, 10) : 200;
    char dir[] = "/tmp/newsbot-bench-remind-XXXXXX", path[128], why[256];
    struct bot_remind_sched sched;
    struct bot_remind_plan plan;
    struct bot_leads leads;
    struct bot_store *st;
    struct bot_kb kb;
    double t0, *v;
    long i, loaded = 0;
    const struct bot_kb *one = &kb;
    int rc = 1;

    if (subs < 1 || writes < 1 || !mkdtemp(dir))
        return 2;
    snprintf(path, sizeof(path), "%s/bench.db", dir);
    v = calloc((size_t)writes, sizeof(*v));
    if (!v || bot_kb_load(&kb, "knowledge") < 0 ||
        bot_schedule_parse_leads(&leads, NULL, NULL, 0) < 0)
        goto out;
    bot_remind_schedule(&sched, &one, 1, 0, &leads, 0);

    /* the once-a-second choice, over every subscription */
    t0 = now_ms();
    for (i = 0; i < subs; i++)
        bot_remind_plan(&sched, (uint64_t)(i & 1), i,
                        sched.n ? sched.v[0].due_ms + i : i, &plan);
    printf("choice of the reminder owed: %.1f ns per subscription (%ld)\n",
           (now_ms() - t0) * 1e6 / (double)subs, subs);

    /* open (check, WAL, schema) and load the subscriptions */
    if (bot_store_open(&st, path, why, sizeof(why)) < 0)
        goto out;
    bot_store_close(st);
    if (fill(path, subs) != 0)
        goto out;
    t0 = now_ms();
    if (bot_store_open(&st, path, why, sizeof(why)) < 0 ||
        bot_store_subscriptions(st, count, &loaded) < 0 || loaded != subs)
        goto out;
    printf("open + quick check + load %ld subscriptions: %.1f ms\n", loaded,
           now_ms() - t0);

    /* durable writes: one transaction each, fsync'd */
    for (i = 0; i < writes; i++) {
        char ch[32];
        struct bot_place p = {"irc", ch, ""};
        snprintf(ch, sizeof(ch), "#bench%ld", i);
        t0 = now_ms();
        if (bot_store_subscribe(st, &p, "u", i) != 1)
            goto out;
        v[i] = now_ms() - t0;
    }
    report("subscribe (one durable transaction)", v, writes);
    for (i = 0; i < writes; i++) {
        char ch[32];
        struct bot_place p = {"irc", ch, ""};
        struct bot_sent r = {"hearing", "2025-04-17", 7, 1, 2, BOT_SENT};
        snprintf(ch, sizeof(ch), "#bench%ld", i);
        t0 = now_ms();
        if (bot_store_record(st, &p, &r, 1) < 0)
            goto out;
        v[i] = now_ms() - t0;
    }
    report("record a sent reminder", v, writes);
    bot_store_close(st);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "newsbot-bench-remind: failed %s\n", why);
    bot_kb_release(&kb);
    free(v);
    snprintf(path, sizeof(path), "%s/bench.db", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/bench.db-wal", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/bench.db-shm", dir);
    unlink(path);
    rmdir(dir);
    return rc;
}
