/* newsbot-bench-build: how fast the fact table is built from an article's
 * text and how much memory that takes, for articles of about 500, 1,000
 * and 5,000 words; how long a folder of 100 articles takes to load; and
 * the questions/s of the core with one article and with 100 loaded. A
 * benchmark, not a test: it prints figures and fails only when a load
 * fails. The articles are made from the texts in tests/data (run it from
 * the source folder, or pass --data DIR). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bot/answer/core.h"
#include "bot/knowledge/kbload.h"

#define NS_PER_MS 1e6
#define RUNS      15
#define LIBRARY   100
#define PASSES    200

static const char *const sources[] = {
    "tests/data/articles/water-fraud-verdict/article.txt",
    "tests/data/articles/tresk-salmon-survey/article.txt",
    "tests/data/articles/brennard-air-fryer-recall/article.txt",
    "knowledge/article.txt",
};

static const char *const questions[] = {
    "who was found guilty?",
    "when is he being sentenced?",
    "how much money did he take?",
    "where was the trial held?",
    "why did the scheme stop?",
    "was he found guilty on every charge?",
    "who is the judge?",
    "what happens next?",
    "how many fake invoices were there?",
    "summary",
};

static double
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static char *
slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void
put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "wb");
    if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0) {
        fprintf(stderr, "newsbot-bench-build: cannot write %s\n", path);
        exit(1);
    }
}

static size_t
words_in(const char *s)
{
    size_t n = 0;
    int in = 0;

    for (; *s; s++) {
        int w = *s != ' ' && *s != '\n';
        n += w && !in;
        in = w;
    }
    return n;
}

/* An article of about @words words in @dir: a headline, then the body
 * paragraphs of the sources in turn, published on @published. */
static void
make_article(const char *dir, const char *data, size_t words,
             const char *published)
{
    size_t cap = words * 12 + 4096, len = 0, k = 0, got = 0;
    char *text = malloc(cap), meta[256];
    char *src[4];
    size_t i;

    if (!text)
        exit(1);
    for (i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", data, sources[i]);
        src[i] = slurp(path);
        if (!src[i]) {
            fprintf(stderr, "newsbot-bench-build: cannot read %s\n", path);
            exit(1);
        }
    }
    len = (size_t)snprintf(text, cap, "Test article of %zu words\n", words);
    while (got < words) {
        const char *p = strchr(src[k % 4], '\n'); /* after the headline */
        while (p && *p && got < words) {
            const char *e = strchr(p + 1, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char line[4096];
            snprintf(line, sizeof(line), "%.*s", (int)n, p);
            if (strncmp(line + 1, "Edited by", 9) && len + n + 2 < cap) {
                memcpy(text + len, line, n);
                len += n;
                got += words_in(line);
            }
            p = e;
        }
        k++;
    }
    text[len++] = '\n';
    text[len] = '\0';
    mkdir(dir, 0700);
    put(dir, "article.txt", text);
    snprintf(meta, sizeof(meta),
             "{\"title\": \"Test article %s\", \"outlet\": \"Bench\", "
             "\"published\": \"%s\"}\n",
             published, published);
    put(dir, "meta.json", meta);
    for (i = 0; i < 4; i++)
        free(src[i]);
    free(text);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Peak resident memory of this process so far, in KiB. */
static long
peak_kib(void)
{
    char line[256];
    long kib = -1;
    FILE *fp = fopen("/proc/self/status", "r");

    while (fp && fgets(line, sizeof(line), fp)) {
        if (strncmp(line, "VmHWM:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    }
    if (fp)
        fclose(fp);
    return kib;
}

/* In a child of its own: loads @dir once and reports the peak memory it
 * took over the child's start, in KiB. */
static long
memory_of_load(const char *dir)
{
    int fd[2];
    pid_t pid;
    long kib = -1;

    if (pipe(fd) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        struct bot_core core;
        long before = peak_kib(), after;
        close(fd[0]);
        if (bot_core_init(&core, dir) < 0)
            _exit(1);
        after = peak_kib();
        if (write(fd[1], &(long){after - before}, sizeof(long)) < 0)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    if (pid > 0 && read(fd[0], &kib, sizeof(kib)) != sizeof(kib))
        kib = -1;
    close(fd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return kib;
}

static double
median_load_ms(const char *dir, int runs)
{
    double t[RUNS];
    int i;

    for (i = 0; i < runs && i < RUNS; i++) {
        struct bot_core core;
        double t0 = now_ns();
        if (bot_core_init(&core, dir) < 0) {
            fprintf(stderr, "newsbot-bench-build: %s does not load\n", dir);
            exit(1);
        }
        t[i] = (now_ns() - t0) / NS_PER_MS;
        bot_core_release(&core);
    }
    qsort(t, (size_t)i, sizeof(double), cmp_double);
    return t[i / 2];
}

static double
median_build_ms(const char *dir)
{
    double t[RUNS];
    int i;

    for (i = 0; i < RUNS; i++) {
        struct bot_kb kb;
        json_t *root = NULL;
        double t0 = now_ns();
        if (bot_kb_load_table(&kb, dir, &root) < 0)
            exit(1);
        t[i] = (now_ns() - t0) / NS_PER_MS;
        json_decref(root);
        bot_kb_release(&kb);
    }
    qsort(t, RUNS, sizeof(double), cmp_double);
    return t[RUNS / 2];
}

/* Questions per second over the questions, each in a new conversation. */
static double
questions_per_s(struct bot_core *core)
{
    size_t i, n = sizeof(questions) / sizeof(questions[0]), asked = 0;
    struct bot_reply *r = malloc(sizeof(*r));
    double t0;
    int p;

    if (!r)
        exit(1);
    t0 = now_ns();
    for (p = 0; p < PASSES; p++) {
        for (i = 0; i < n; i++) {
            char conv[64];
            struct bot_ask q = {questions[i], strlen(questions[i]), conv,
                                {0},          1000 + p * 1000000LL, 0,
                                NULL};
            snprintf(conv, sizeof(conv), "bench/%d/%zu", p, i);
            bot_date_ymd(&q.today, 2026, 3, 12);
            if (bot_core_ask(core, &q, r) < 0)
                exit(1);
            asked++;
        }
    }
    free(r);
    return (double)asked / ((now_ns() - t0) / 1e9);
}

int
main(int argc, char **argv)
{
    static const size_t sizes[] = {500, 1000, 5000};
    const char *data = ".";
    char tmp[] = "/tmp/newsbot-bench-build-XXXXXX", dir[512];
    struct bot_core one, many;
    double q1, q100;
    size_t i;

    if (argc == 3 && strcmp(argv[1], "--data") == 0)
        data = argv[2];
    if (!mkdtemp(tmp))
        return 1;
    printf("building the fact table from the text (median of %d runs):\n",
           RUNS);
    for (i = 0; i < 3; i++) {
        snprintf(dir, sizeof(dir), "%s/a%zu", tmp, sizes[i]);
        make_article(dir, data, sizes[i], "2026-03-12");
        printf("  %5zu words: build %.1f ms, build and index %.1f ms, "
               "memory %ld KiB\n",
               sizes[i], median_build_ms(dir), median_load_ms(dir, RUNS),
               memory_of_load(dir));
    }
    snprintf(dir, sizeof(dir), "%s/lib", tmp);
    mkdir(dir, 0700);
    for (i = 0; i < LIBRARY; i++) {
        char sub[600], day[16];
        snprintf(sub, sizeof(sub), "%s/art%03zu", dir, i);
        snprintf(day, sizeof(day), "2026-%02zu-%02zu", 1 + i / 28, 1 + i % 28);
        make_article(sub, data, 700, day);
    }
    printf("a folder of %d articles of about 700 words: load %.0f ms, "
           "memory %ld KiB\n",
           LIBRARY, median_load_ms(dir, 3), memory_of_load(dir));
    snprintf(dir, sizeof(dir), "%s/a1000", tmp);
    if (bot_core_init(&one, dir) < 0)
        return 1;
    q1 = questions_per_s(&one);
    bot_core_release(&one);
    snprintf(dir, sizeof(dir), "%s/lib", tmp);
    if (bot_core_init(&many, dir) < 0)
        return 1;
    q100 = questions_per_s(&many);
    bot_core_release(&many);
    printf("questions/s (a built table, one article): %.0f\n", q1);
    printf("questions/s (the newest of %d articles): %.0f (%.0f%%)\n", LIBRARY,
           q100, 100.0 * q100 / q1);
    snprintf(dir, sizeof(dir), "rm -rf '%s'", tmp);
    return system(dir) == 0 ? 0 : 1;
}
