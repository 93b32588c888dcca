/* newsbot: answers questions about a news article. The only main():
 * argv and environment -> options, then one of the front ends. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/batch.h"
#include "bot/clock.h"
#include "bot/console.h"
#include "bot/core.h"
#include "bot/log.h"

#define EXIT_USAGE 2

struct options {
    const char *command; /* "ask", "console", "batch", "kb" */
    const char *knowledge;
    const char *now;
    int explain;
    char **args;
    int nargs;
};

static void
usage(FILE *fp)
{
    fprintf(fp,
            "usage: newsbot [OPTIONS] [COMMAND]\n"
            "\n"
            "Answers questions about a news article.\n"
            "\n"
            "commands:\n"
            "  console          chat in the terminal (the default)\n"
            "  ask QUESTION     print the answer to one question\n"
            "  batch            JSON lines in on stdin, one JSON line out "
            "each\n"
            "  kb check         validate the knowledge, list uncovered "
            "sentences\n"
            "\n"
            "options:\n"
            "  --knowledge DIR  knowledge folder (facts.json and the article)"
            "\n"
            "                   [env NEWSBOT_KNOWLEDGE]\n"
            "  --now DATE       take today to be YYYY-MM-DD[THH:MM] "
            "[env NEWSBOT_NOW]\n"
            "  --explain        with ask: show how the question was read\n"
            "  -h, --help       show this help\n"
            "  -V, --version    show the version\n"
            "\n"
            "environment: NEWSBOT_TZ (time zone for \"today\", default UTC), "
            "NEWSBOT_LOG_LEVEL.\n");
}

static int bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
bad_usage(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "newsbot: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'newsbot --help'.\n");
    return EXIT_USAGE;
}

/* Returns -1 to go on, or an exit status. */
static int
parse_args(int argc, char **argv, struct options *o)
{
    int i;

    o->args = calloc((size_t)argc + 1, sizeof(char *));
    if (!o->args)
        return 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            printf("newsbot %s\n", BOT_VERSION);
            return 0;
        } else if (!strcmp(a, "--explain")) {
            o->explain = 1;
        } else if (!strcmp(a, "--knowledge") || !strcmp(a, "--now")) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a value", a);
            *(!strcmp(a, "--now") ? &o->now : &o->knowledge) = argv[++i];
        } else if (!strcmp(a, "--")) {
            for (i++; i < argc; i++)
                o->args[o->nargs++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            return bad_usage("unknown option %s", a);
        } else if (!o->command) {
            o->command = a;
        } else {
            o->args[o->nargs++] = argv[i];
        }
    }
    return -1;
}

static int
has_facts(const char *dir)
{
    char path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/facts.json", dir);
    return access(path, R_OK) == 0;
}

/* --knowledge, NEWSBOT_KNOWLEDGE, beside the executable, or built in. */
static const char *
knowledge_dir(const struct options *o, char *buf, size_t cap)
{
    const char *env = getenv("NEWSBOT_KNOWLEDGE");
    char exe[PATH_MAX];
    ssize_t n;

    if (o->knowledge)
        return o->knowledge;
    if (env && *env)
        return env;
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        if ((size_t)snprintf(buf, cap, "%s/../knowledge", exe) < cap &&
            has_facts(buf))
            return buf;
        if ((size_t)snprintf(buf, cap, "%s/../share/newsbot/knowledge", exe) <
                cap &&
            has_facts(buf))
            return buf;
    }
    return BOT_DEFAULT_KNOWLEDGE;
}

static int
kb_check(struct bot_core *core)
{
    const struct bot_kb *kb = &core->kb;
    int missing[256];
    size_t n = bot_kb_uncovered(kb, missing, 256), i;

    printf("knowledge: %s\n", kb->dir);
    printf("ok: %zu sentences, %zu facts, %zu entities; every quote is in "
           "the article\n",
           kb->nsentences, kb->nfacts, kb->nentities);
    if (n == 0) {
        printf("every sentence is covered by a fact\n");
        return 0;
    }
    printf("%zu sentence(s) no fact covers:\n", n);
    for (i = 0; i < n && i < 256; i++)
        printf("  %d: %s\n", missing[i], kb->sentences[missing[i] - 1].text);
    return 1;
}

static int
run(const struct options *o)
{
    const char *cmd = o->command ? o->command : "console";
    struct bot_clock clk;
    struct bot_core core;
    char buf[PATH_MAX];
    const char *now = o->now ? o->now : getenv("NEWSBOT_NOW");
    int rc;

    if (strcmp(cmd, "ask") && strcmp(cmd, "console") && strcmp(cmd, "batch") &&
        strcmp(cmd, "kb"))
        return bad_usage("unknown command '%s'", cmd);
    if (!strcmp(cmd, "ask") && o->nargs == 0)
        return bad_usage("%s needs a question", "ask");
    if (!strcmp(cmd, "kb") && (o->nargs != 1 || strcmp(o->args[0], "check")))
        return bad_usage("%s: the only subcommand is 'kb check'", "kb");
    if ((!strcmp(cmd, "console") || !strcmp(cmd, "batch")) && o->nargs)
        return bad_usage("unexpected argument '%s'", o->args[0]);
    if (bot_clock_init(&clk, getenv("NEWSBOT_TZ"), now && *now ? now : NULL) <
        0)
        return bad_usage("bad date '%s': use YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                         now);
    if (bot_core_init(&core, knowledge_dir(o, buf, sizeof(buf))) < 0) {
        fprintf(stderr, "newsbot: cannot load the knowledge (see above)\n");
        return 1;
    }
    if (!strcmp(cmd, "kb")) {
        rc = kb_check(&core);
    } else if (!strcmp(cmd, "batch")) {
        rc = bot_batch_run(&core, &clk, stdin, stdout) < 0;
    } else if (!strcmp(cmd, "console")) {
        rc = bot_console_run(&core, &clk, stdin, stdout) < 0;
    } else {
        char question[BOT_TEXT_MAX * 2];
        size_t len = 0;
        int i;
        question[0] = '\0';
        for (i = 0; i < o->nargs && len < sizeof(question) - 1; i++)
            len += (size_t)snprintf(question + len, sizeof(question) - len,
                                    "%s%s", i ? " " : "", o->args[i]);
        rc = bot_console_ask(&core, &clk, question, o->explain, stdout) < 0;
    }
    bot_core_release(&core);
    return rc;
}

int
main(int argc, char **argv)
{
    struct options o = {0};
    const char *level = getenv("NEWSBOT_LOG_LEVEL");
    enum bot_log_level lvl;
    int rc;

    if (level && *level) {
        if (bot_log_parse_level(level, &lvl) < 0) {
            fprintf(stderr, "newsbot: NEWSBOT_LOG_LEVEL must be error, warn, "
                            "info or debug\n");
            return EXIT_USAGE;
        }
        bot_log_set_level(lvl);
    }
    rc = parse_args(argc, argv, &o);
    if (rc < 0)
        rc = run(&o);
    free(o.args);
    return rc;
}
