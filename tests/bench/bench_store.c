/* newsbot-bench-store: what the store's shared calls cost, per call, on
 * either backend: a claim (one per incoming message on every replica),
 * a conversation's context read and saved back (one pair per answer),
 * and a lease taken and dropped (one per reminder posted).
 *
 * usage: newsbot-bench-store SPEC [N]   (N: 2000 calls of each)
 * SPEC is what NEWSBOT_DB would hold: a PostgreSQL URI or an SQLite
 * path, or @FILE to read it from the first line of FILE (pgtmp.py's uri).
 * Prints ops/s and the median and 99th percentile per operation. The
 * rows it writes carry this run's pid and are expired at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchtime.h"
#include "bot/reminders/store.h"

/* Sorts @t (each call's ms) and prints one line for @what. */
static void
report(const char *what, double *t, long n, double total_ms)
{
    qsort(t, (size_t)n, sizeof(*t), cmp);
    printf("%-22s %8.0f ops/s  p50 %7.3f ms  p99 %7.3f ms  (%ld)\n", what,
           (double)n / (total_ms / 1e3), t[n / 2], t[n * 99 / 100], n);
}

struct run {
    struct bot_store *st;
    long n;
    double *t;
    char tag[32]; /* this run's rows */
};

/* A claim of a new id each time, as a message every replica sees. */
static int
bench_claim(struct run *r)
{
    double t0 = now_ms(), t1;
    char id[64];
    long i;

    for (i = 0; i < r->n; i++) {
        snprintf(id, sizeof(id), "%s-%ld", r->tag, i);
        t1 = now_ms();
        if (bot_store_claim(r->st, "bench", id, 1, NULL, NULL, 0) !=
            BOT_CLAIM_WON)
            return -1;
        r->t[i] = now_ms() - t1;
    }
    report("claim", r->t, r->n, now_ms() - t0);
    return 0;
}

/* What an answer costs: the context read, then saved, under one of 64
 * conversations (about 600 bytes, a few turns). */
static int
bench_convo(struct run *r)
{
    char key[64], blob[600], buf[4096];
    double t0 = now_ms(), t1;
    long i;

    memset(blob, 'c', sizeof(blob));
    for (i = 0; i < r->n; i++) {
        snprintf(key, sizeof(key), "%s:%ld", r->tag, i % 64);
        t1 = now_ms();
        if (bot_store_convo_get(r->st, key, buf, sizeof(buf), 0) < 0 ||
            bot_store_convo_put(r->st, key, blob, sizeof(blob), 2) < 0)
            return -1;
        r->t[i] = now_ms() - t1;
    }
    report("convo_get+convo_put", r->t, r->n, now_ms() - t0);
    return 0;
}

/* A reminder's lease taken, then given up. */
static int
bench_lease(struct run *r)
{
    struct bot_place p = {"bench", r->tag, ""};
    double t0 = now_ms(), t1;
    char day[24];
    long i;

    for (i = 0; i < r->n; i++) {
        struct bot_remind_key k = {"event", day, 1};

        snprintf(day, sizeof(day), "%ld", i);
        t1 = now_ms();
        if (bot_store_lease(r->st, &p, &k, r->tag, 1, 2) != 1 ||
            bot_store_lease_drop(r->st, &p, &k, r->tag) != 1)
            return -1;
        r->t[i] = now_ms() - t1;
    }
    report("lease+lease_drop", r->t, r->n, now_ms() - t0);
    return 0;
}

/* @spec, or the first line of the file it names after '@'. */
static const char *
spec_of(const char *arg, char *buf, size_t cap)
{
    FILE *fp;

    if (arg[0] != '@')
        return arg;
    fp = fopen(arg + 1, "r");
    if (!fp || !fgets(buf, (int)cap, fp)) {
        fprintf(stderr, "cannot read %s\n", arg + 1);
        if (fp)
            fclose(fp);
        return NULL;
    }
    fclose(fp);
    buf[strcspn(buf, "\r\n")] = '\0';
    return buf;
}

int
main(int argc, char **argv)
{
    struct run r = {0};
    char why[512], buf[512];
    const char *spec = argc > 1 ? spec_of(argv[1], buf, sizeof(buf)) : NULL;
    int rc;

    r.n = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    if (!spec || r.n < 1) {
        fprintf(stderr, "usage: newsbot-bench-store SPEC|@FILE [N]\n");
        return 2;
    }
    r.t = calloc((size_t)r.n, sizeof(*r.t));
    if (!r.t || bot_store_open(&r.st, spec, why, sizeof(why)) < 0) {
        fprintf(stderr, "%s\n", r.t ? why : "out of memory");
        free(r.t);
        return 1;
    }
    snprintf(r.tag, sizeof(r.tag), "bench%ld", (long)getpid());
    printf("%s, %ld calls each\n", bot_store_path(r.st), r.n);
    rc = bench_claim(&r);
    if (rc == 0)
        rc = bench_convo(&r);
    if (rc == 0)
        rc = bench_lease(&r);
    if (rc < 0)
        fprintf(stderr, "a call failed\n");
    /* this run's rows: written at 1 and 2 ms, before any real one */
    if (bot_store_claims_expire(r.st, 2) < 0 ||
        bot_store_convos_expire(r.st, 3) < 0)
        rc = -1;
    bot_store_close(r.st);
    free(r.t);
    return rc < 0 ? 1 : 0;
}
