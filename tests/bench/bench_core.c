/* newsbot-bench: how fast the question answerer loads its knowledge and
 * answers, and how much memory it holds. A benchmark, not a test: it
 * prints figures and fails only when the core itself fails. Run it
 * through tests/bench/run.sh, which builds with release flags and pins
 * the process to one CPU. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bot/answer/core.h"
#include "bot/base/date.h"
#include "bot/base/err.h"

#define EXIT_USAGE     2
#define MAX_ITERATIONS 100000L
#define MAX_LOAD_RUNS  10000L
#define DEFAULT_TODAY  "2025-04-03T09:15"     /* a reader before the hearing */
#define START_MS       INT64_C(1743671700000) /* that moment, in ms */
#define ASK_STEP_MS    1000                   /* between two questions */
#define PASS_STEP_MS   (BOT_CONVO_TTL_MS + 60 * 1000)
#define NS_PER_MS      1e6
#define NS_PER_US      1e3
#define NELEMS(a)      (sizeof(a) / sizeof((a)[0]))

/* One question of a pass. @chat names a conversation shared with other
 * questions, asked in the order listed (follow-ups); NULL gives the
 * question a conversation of its own. @today is NULL for DEFAULT_TODAY. */
struct question {
    const char *text;
    const char *chat;
    const char *today;
    int explain;
};

/* Table rows: a question in a conversation of its own; one in a shared
 * conversation; one asked on another day; one asked with --explain. */
/* clang-format off */
#define Q(text)             {text, NULL, NULL, 0}
#define IN_CHAT(chat, text) {text, chat, NULL, 0}
#define ON_DAY(today, text) {text, NULL, today, 0}
#define EXPLAINED(text)     {text, NULL, NULL, 1}
/* clang-format on */

static const struct question questions[] = {
    /* who */
    Q("Which office petitioned Russia's top court about the Taliban ban?"),
    Q("Which Russian leader described the Taliban as a partner against "
      "terrorism?"),
    Q("Who claimed responsibility for the attack on the Moscow concert "
      "venue?"),
    Q("Which agency takes an organisation off Russia's terror list after a "
      "court rules?"),
    Q("Who is in charge of Afghanistan these days?"),
    /* what */
    Q("What exactly is the Prosecutor General asking the judges to do?"),
    Q("What did Putin say about the Taliban?"),
    Q("What does IS-K stand for?"),
    EXPLAINED("What does the law passed in December allow?"),
    Q("What is the FSB?"),
    /* when */
    Q("When did Russia first outlaw the Taliban?"),
    Q("What date has the Supreme Court set for the session on the Taliban?"),
    Q("When did the Taliban take over Afghanistan?"),
    Q("What happened in December 2024?"),
    Q("What happened at the end of 2023?"),
    /* where */
    Q("In which city did IS-K carry out the concert hall attack?"),
    Q("Where is IS-K fighting the Taliban?"),
    Q("where's the hearing taking place"),
    /* why */
    Q("Why does Moscow see the Taliban as a partner?"),
    Q("Why is Russia now able to lift a terrorist ban at all?"),
    Q("Why are women largely shut out of public life in Afghanistan?"),
    /* how many */
    Q("What was the death toll of the concert hall attack?"),
    Q("How many countries recognise the Taliban government?"),
    Q("How many years passed between Russia banning the Taliban and the "
      "Taliban seizing power?"),
    /* yes / no */
    Q("Did the Russian parliament pass the law in 2019?"),
    Q("Was the Taliban put on Russia's terror list in 2003?"),
    Q("Did the IS-K attack kill fewer than 50 people?"),
    Q("Is the Supreme Court expected to lift the ban?"),
    Q("Does China recognize the Taliban government?"),
    /* keywords */
    Q("putin ally when"),
    Q("kazakhstan taliban list?"),
    Q("moscow attack death toll"),
    Q("fsb role?"),
    /* typos, capitals, curly quotes */
    Q("When is the Supreme Cort hearing?"),
    Q("what did the prosecuter general ask for"),
    Q("Talibn takeover date"),
    Q("WHEN IS THE HEARING"),
    Q("who\xe2\x80\x99s the taliban\xe2\x80\x99s rival in afghanistan"),
    /* summary, help, timeline */
    Q("tl;dr"),
    Q("summarize in one sentence"),
    Q("help"),
    Q("key dates?"),
    Q("what's next?"),
    ON_DAY("2025-04-10", "how long until the hearing?"),
    ON_DAY("2025-04-17", "is the hearing today?"),
    Q("Put the events in chronological order"),
    /* follow-ups in shared conversations */
    IN_CHAT("bench/f1",
            "Tell me about the upcoming court hearing on the Taliban"),
    IN_CHAT("bench/f1", "when is it?"),
    IN_CHAT("bench/f1", "will it be public?"),
    IN_CHAT("bench/f1", "who asked for it?"),
    IN_CHAT("bench/f1", "why?"),
    IN_CHAT("bench/f2", "Who is IS-K?"),
    IN_CHAT("bench/f2", "what did they do in Moscow?"),
    IN_CHAT("bench/f2", "when did that happen?"),
    IN_CHAT("bench/f2", "how many died?"),
    IN_CHAT("bench/f3", "And when was that?"), /* nothing to follow up on */
    /* unanswerable */
    Q("What's the Taliban leader called?"),
    Q("How many people work for the FSB?"),
    Q("What did the Supreme Court decide on April 17?"),
    Q("Who won the last football World Cup?"),
    Q("qwpoeiru zmxn"),
};

/* The second mix: questions as people type them in chat, with typos,
 * shorthand, several parts, claims to check, small talk, other languages
 * and follow-ups, so that the cost of the dictionaries shows. */
static const struct question chat_questions[] = {
    Q("wen is teh heering"),
    Q("who runs afganistan rn"),
    Q("wat did putin call the taliban n when"),
    Q("yo when's the court thing happening"),
    Q("ngl who even is IS-K"),
    Q("is the hearing tmrw?"),
    Q("how many ppl died in the moscow attack"),
    Q("who asked the court to lift the ban AND when did russia ban them"),
    Q("Two things: when is the hearing, and will it be public?"),
    Q("the moscow attack was like a year ago right?"),
    Q("wait so china recognized the taliban right??"),
    Q("I read that the law was passed in 2019 - is that correct?"),
    Q("did uzbekistan remove the taliban from its list?"),
    Q("who's fighting IS-K + how many died in the moscow attack"),
    Q("hearing in how many weeks?"),
    Q("tl;dr pls"),
    Q("thx"),
    Q("hi"),
    Q("Wann findet die Anhörung vor dem Obersten Gericht statt?"),
    Q("Qui a demandé au tribunal de lever l'interdiction ?"),
    Q("which news agencies does the article cite?"),
    Q("how many central asian countries took the taliban off a list?"),
    IN_CHAT("chat/f1", "whos asking the court 2 lift the ban"),
    IN_CHAT("chat/f1", "when's the hearing on that"),
    IN_CHAT("chat/f1", "is that tomorrow?"),
    IN_CHAT("chat/f1", "says who?"),
    IN_CHAT("chat/f2", "summary pls"),
    IN_CHAT("chat/f2", "more"),
};

#define NQUESTIONS_MAX                                                         \
    (NELEMS(questions) > NELEMS(chat_questions) ? NELEMS(questions)            \
                                                : NELEMS(chat_questions))

/* The mix being timed (--mix). */
static const struct question *mix = questions;
static size_t nmix = NELEMS(questions);

/* A question made ready to ask: its date parsed, its conversation named. */
struct prepared {
    struct bot_ask ask;
    char key[BOT_CONVO_KEY_MAX];
};

struct options {
    const char *knowledge;
    long iterations;
    long load_runs;
    int json;
};

/* Everything the report prints. Memory figures are KiB, -1 if unknown. */
struct figures {
    long load_runs;
    double load_first_ms, load_min_ms, load_median_ms;
    long passes;
    size_t per_pass, answered, asks;
    double wall_s, per_second;
    double mean_us, p50_us, p99_us, max_us;
    long base_kib, loaded_kib, load_peak_kib, peak_kib, samples_kib;
};

static void
usage(FILE *fp)
{
    fprintf(fp, "usage: newsbot-bench [OPTIONS]\n"
                "\n"
                "Times loading the knowledge and answering questions on one "
                "core,\nand reports the memory used.\n"
                "\n"
                "options:\n"
                "  --iterations N   timed passes over the questions "
                "(default 2000)\n"
                "  --load-runs N    repetitions of init + release "
                "(default 50)\n"
                "  --knowledge DIR  knowledge folder (default the source "
                "tree's)\n"
                "  --mix core|chat  the questions: as the test sets ask "
                "them\n"
                "                   (default), or as typed in chat, with "
                "typos and shorthand\n"
                "  --json           print the figures as one JSON object\n"
                "  -h, --help       show this help\n");
}

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Parses a count in 1..@max for option @opt; returns 0 or -1. */
static int
parse_count(const char *opt, const char *s, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > max) {
        fprintf(stderr,
                "newsbot-bench: %s wants a whole number from 1 to "
                "%ld, not \"%s\"\n",
                opt, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Returns -1 to go on, or an exit status. */
static int
parse_args(int argc, char **argv, struct options *o)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (i + 1 >= argc &&
                   (!strcmp(a, "--iterations") || !strcmp(a, "--load-runs") ||
                    !strcmp(a, "--knowledge") || !strcmp(a, "--mix"))) {
            fprintf(stderr, "newsbot-bench: %s needs a value\n", a);
            return EXIT_USAGE;
        } else if (!strcmp(a, "--iterations")) {
            if (parse_count(a, argv[++i], MAX_ITERATIONS, &o->iterations) < 0)
                return EXIT_USAGE;
        } else if (!strcmp(a, "--load-runs")) {
            if (parse_count(a, argv[++i], MAX_LOAD_RUNS, &o->load_runs) < 0)
                return EXIT_USAGE;
        } else if (!strcmp(a, "--knowledge")) {
            o->knowledge = argv[++i];
        } else if (!strcmp(a, "--mix")) {
            a = argv[++i];
            if (!strcmp(a, "chat")) {
                mix = chat_questions;
                nmix = NELEMS(chat_questions);
            } else if (strcmp(a, "core") != 0) {
                fprintf(stderr,
                        "newsbot-bench: --mix wants core or chat, "
                        "not \"%s\"\n",
                        a);
                return EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "newsbot-bench: unknown option %s\n", a);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    return -1;
}

/* Resident set size now, from /proc/self/statm, in KiB; -1 if unknown. */
static long
rss_kib(void)
{
    FILE *fp = fopen("/proc/self/statm", "r");
    long size, resident, page = sysconf(_SC_PAGESIZE);
    int n;

    if (!fp)
        return -1;
    n = fscanf(fp, "%ld %ld", &size, &resident);
    fclose(fp);
    if (n != 2 || page <= 0)
        return -1;
    return resident * (page / 1024);
}

/* The process's peak resident set size so far, in KiB; -1 if unknown. */
static long
peak_kib(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) < 0)
        return -1;
    return ru.ru_maxrss; /* KiB on Linux */
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/**
 * time_loads() - time bot_core_init() + bot_core_release() of @dir.
 * @runs: repetitions, at least 1.
 * @fig:  receives the minimum and median in milliseconds.
 *
 * Return: 0, or the first error of bot_core_init() or BOT_ENOMEM.
 */
static int
time_loads(const char *dir, long runs, struct figures *fig)
{
    double *ms = malloc((size_t)runs * sizeof(*ms));
    struct bot_core core;
    long i;
    int rc = 0;

    if (!ms)
        return BOT_ENOMEM;
    for (i = 0; i < runs; i++) {
        uint64_t t0 = now_ns();
        rc = bot_core_init(&core, dir);
        bot_core_release(&core);
        ms[i] = (double)(now_ns() - t0) / NS_PER_MS;
        if (rc < 0)
            goto out;
    }
    qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
    fig->load_runs = runs;
    fig->load_min_ms = ms[0];
    fig->load_median_ms =
        runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
out:
    free(ms);
    return rc;
}

/* Fills @p from the question table; returns 0 or BOT_EINVAL. */
static int
prepare(struct prepared *p)
{
    struct bot_date today;
    size_t i;

    if (bot_date_parse_now(&today, DEFAULT_TODAY) < 0)
        return BOT_EINVAL;
    for (i = 0; i < nmix; i++) {
        const struct question *qn = &mix[i];
        struct bot_ask *a = &p[i].ask;

        memset(&p[i], 0, sizeof(p[i]));
        a->text = qn->text;
        a->len = strlen(qn->text);
        a->explain = qn->explain;
        a->today = today;
        if (qn->today && bot_date_parse_now(&a->today, qn->today) < 0) {
            fprintf(stderr, "newsbot-bench: bad date %s\n", qn->today);
            return BOT_EINVAL;
        }
        snprintf(p[i].key, sizeof(p[i].key), "bench/q%03zu", i + 1);
        a->conversation = qn->chat ? qn->chat : p[i].key;
    }
    return 0;
}

/**
 * run_pass() - ask every question once.
 * @pass:     the pass number; each pass starts after every conversation
 *            of the last one has expired, so all passes do the same work.
 * @samples:  receives each ask's time in nanoseconds, or NULL.
 * @answered: receives the number of questions answered.
 *
 * Return: 0, or the first error bot_core_ask() returned.
 */
static int
run_pass(struct bot_core *core, struct prepared *p, long pass,
         uint64_t *samples, size_t *answered)
{
    struct bot_reply reply;
    size_t i;

    *answered = 0;
    for (i = 0; i < nmix; i++) {
        uint64_t t0, t1;
        int rc;

        p[i].ask.now_ms =
            START_MS + (int64_t)pass * PASS_STEP_MS + (int64_t)i * ASK_STEP_MS;
        t0 = now_ns();
        rc = bot_core_ask(core, &p[i].ask, &reply);
        t1 = now_ns();
        if (rc < 0) {
            fprintf(stderr, "newsbot-bench: asking \"%s\": %s\n", p[i].ask.text,
                    bot_strerror(rc));
            return rc;
        }
        if (samples)
            samples[i] = t1 - t0;
        *answered += reply.answered != 0;
    }
    return 0;
}

/* Nearest-rank percentile @pct (1..100) of @n sorted samples, in us. */
static double
percentile_us(const uint64_t *sorted, size_t n, size_t pct)
{
    size_t rank = (pct * n + 99) / 100;

    return (double)sorted[rank ? rank - 1 : 0] / NS_PER_US;
}

/* One warm-up pass, then the timed ones; fills the question figures. */
static int
time_asks(struct bot_core *core, long passes, struct figures *fig)
{
    struct prepared p[NQUESTIONS_MAX];
    size_t n = (size_t)passes * nmix, i;
    uint64_t *samples = malloc(n * sizeof(*samples)), t0, wall, sum = 0;
    long pass;
    int rc;

    if (!samples)
        return BOT_ENOMEM;
    rc = prepare(p);
    if (rc == 0)
        rc = run_pass(core, p, 0, NULL, &fig->answered);
    t0 = now_ns();
    for (pass = 1; rc == 0 && pass <= passes; pass++)
        rc = run_pass(core, p, pass, samples + (size_t)(pass - 1) * nmix,
                      &fig->answered);
    wall = now_ns() - t0;
    fig->peak_kib = peak_kib(); /* before qsort() allocates its scratch */
    if (rc < 0)
        goto out;
    qsort(samples, n, sizeof(*samples), cmp_u64);
    for (i = 0; i < n; i++)
        sum += samples[i];
    fig->passes = passes;
    fig->per_pass = nmix;
    fig->asks = n;
    fig->wall_s = (double)wall / 1e9;
    fig->per_second = (double)n / fig->wall_s;
    fig->mean_us = (double)sum / (double)n / NS_PER_US;
    fig->p50_us = percentile_us(samples, n, 50);
    fig->p99_us = percentile_us(samples, n, 99);
    fig->max_us = (double)samples[n - 1] / NS_PER_US;
    fig->samples_kib = (long)(n * sizeof(*samples) / 1024);
out:
    free(samples);
    return rc;
}

static double
mib(long kib)
{
    return (double)kib / 1024.0;
}

static void
report_text(const struct figures *f, const char *dir)
{
    printf("knowledge: %s\n", dir);
    printf("load: min %.2f ms, median %.2f ms (%ld runs of init + release);"
           " first %.2f ms\n",
           f->load_min_ms, f->load_median_ms, f->load_runs, f->load_first_ms);
    printf("questions: %.0f/s on one core; latency p50 %.1f us, p99 %.1f us,"
           " max %.0f us (%zu asks)\n",
           f->per_second, f->p50_us, f->p99_us, f->max_us, f->asks);
    printf("questions: %zu per pass, %zu answered; 1 warm-up + %ld timed "
           "passes in %.2f s; mean %.1f us\n",
           f->per_pass, f->answered, f->passes, f->wall_s, f->mean_us);
    printf("memory: peak RSS %.1f MiB (%.1f MiB by the end of the first "
           "load); after load %.1f MiB; before load %.1f MiB\n",
           mib(f->peak_kib), mib(f->load_peak_kib), mib(f->loaded_kib),
           mib(f->base_kib));
    printf("memory: the knowledge takes about %.1f MiB (conversation slots "
           "count once touched); the peak includes the process baseline and "
           "%.1f MiB of latency samples\n",
           mib(f->loaded_kib - f->base_kib), mib(f->samples_kib));
}

static void
report_json(const struct figures *f)
{
    printf("{\"load_ms\": {\"runs\": %ld, \"min\": %.3f, \"median\": %.3f, "
           "\"first\": %.3f}, ",
           f->load_runs, f->load_min_ms, f->load_median_ms, f->load_first_ms);
    printf("\"questions\": {\"per_pass\": %zu, \"answered_per_pass\": %zu, "
           "\"passes\": %ld, \"asks\": %zu, \"wall_s\": %.4f, "
           "\"per_second\": %.1f, ",
           f->per_pass, f->answered, f->passes, f->asks, f->wall_s,
           f->per_second);
    printf("\"latency_us\": {\"mean\": %.2f, \"p50\": %.2f, \"p99\": %.2f, "
           "\"max\": %.2f}}, ",
           f->mean_us, f->p50_us, f->p99_us, f->max_us);
    printf("\"memory_kib\": {\"peak_rss\": %ld, \"after_load_rss\": %ld, "
           "\"first_load_peak_rss\": %ld, \"before_load_rss\": %ld, "
           "\"samples\": %ld}}\n",
           f->peak_kib, f->loaded_kib, f->load_peak_kib, f->base_kib,
           f->samples_kib);
}

/* Loads once to measure memory, times the loads, then the questions. */
static int
bench(const struct options *o, struct figures *f)
{
    struct bot_core core;
    uint64_t t0;
    int rc;

    f->base_kib = rss_kib();
    t0 = now_ns();
    rc = bot_core_init(&core, o->knowledge);
    f->load_first_ms = (double)(now_ns() - t0) / NS_PER_MS;
    f->loaded_kib = rss_kib();
    f->load_peak_kib = peak_kib(); /* with the loader's transients */
    bot_core_release(&core);
    if (rc < 0)
        return rc;
    rc = time_loads(o->knowledge, o->load_runs, f);
    if (rc < 0)
        return rc;
    rc = bot_core_init(&core, o->knowledge);
    if (rc == 0)
        rc = time_asks(&core, o->iterations, f);
    bot_core_release(&core);
    return rc;
}

int
main(int argc, char **argv)
{
    struct options o = {BOT_DEFAULT_KNOWLEDGE, 2000, 50, 0};
    struct figures f;
    int rc = parse_args(argc, argv, &o);

    if (rc >= 0)
        return rc;
    memset(&f, 0, sizeof(f));
    rc = bench(&o, &f);
    if (rc < 0) {
        fprintf(stderr, "newsbot-bench: failed: %s\n", bot_strerror(rc));
        return 1;
    }
    if (o.json)
        report_json(&f);
    else
        report_text(&f, o.knowledge);
    return 0;
}
