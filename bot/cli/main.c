/* newsbot: answers questions about a news article. The only main():
 * argv and environment -> options, then one of the front ends. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bot/answer/core.h"
#include "bot/base/clock.h"
#include "bot/base/log.h"
#include "bot/chat/bot.h"
#include "bot/chat/config.h"
#include "bot/chat/envsnap.h"
#include "bot/cli/batch.h"
#include "bot/cli/console.h"
#include "bot/cli/kbtool.h"
#include "bot/reminders/store.h"

#define EXIT_USAGE 2

/* The only mutable globals, set by the signal handler and read by the
 * loop: stop on SIGINT/SIGTERM, reload on SIGHUP. A handler may do no
 * more than set a flag; the loop looks at both every tick. */
static volatile sig_atomic_t stop;
static volatile sig_atomic_t reload;

static void
on_signal(int sig)
{
    if (sig == SIGHUP)
        reload = 1;
    else
        stop = 1;
}

struct options {
    const char *command; /* "ask", "console", "batch", "kb", "check-config",
                            "reload", "run" */
    const char *knowledge;
    const char *now;
    const char *env; /* --env FILE */
    int explain;
    char **args;
    int nargs;
    int64_t started_ms; /* when the process started, for "status" */
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
            "  (none)           run the platforms in NEWSBOT_PLATFORMS; the\n"
            "                   terminal chat when none is configured\n"
            "  console          chat in the terminal\n"
            "  ask QUESTION     print the answer to one question\n"
            "  batch            JSON lines in on stdin, one JSON line out "
            "each\n"
            "  kb build [DIR]   print the fact table built from DIR's "
            "article.txt\n"
            "                   and meta.json (curated by its facts.json)\n"
            "  kb show [DIR]    the built table in words, for review\n"
            "  kb check [DIR]   validate the knowledge; exit 3 when some "
            "sentences\n"
            "                   have no fact, 1 when it does not load\n"
            "  check-config     run every check start-up runs (keys, time "
            "zone,\n"
            "                   knowledge, database folder), print the "
            "result with\n"
            "                   secrets masked; exit 2 on any error\n"
            "  reload [PID]     the service's ExecReload=: check the "
            "configuration\n"
            "                   systemd gives it now, leave it for the bot "
            "(PID, else\n"
            "                   $MAINPID) in $RUNTIME_DIRECTORY and send "
            "it SIGHUP\n"
            "\n"
            "options:\n"
            "  --knowledge DIR  knowledge folder (facts.json and the article)"
            "\n"
            "                   [env NEWSBOT_KNOWLEDGE; default: the source "
            "tree's\n"
            "                   knowledge/ when run from the build tree, "
            "else\n"
            "                   <exe>/../share/newsbot/knowledge, else\n"
            "                   " BOT_INSTALL_KNOWLEDGE "]\n"
            "  --now DATE       take today to be YYYY-MM-DD[THH:MM] "
            "[env NEWSBOT_NOW]\n"
            "  --env FILE       read the configuration from FILE instead of "
            "./.env\n"
            "                   [env NEWSBOT_ENV]; FILE must exist\n"
            "  --explain        with ask: show how the question was read\n"
            "  -h, --help       show this help\n"
            "  -V, --version    show the version\n"
            "\n"
            "configuration: the environment and ./.env, or the file --env or"
            "\nNEWSBOT_ENV names (the environment wins); every key is "
            "described\nin .env.example.\n");
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
        } else if (!strcmp(a, "--knowledge") || !strcmp(a, "--now") ||
                   !strcmp(a, "--env")) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a value", a);
            *(!strcmp(a, "--now")   ? &o->now
              : !strcmp(a, "--env") ? &o->env
                                    : &o->knowledge) = argv[++i];
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

/* The directory of the running executable, or "" when unknown. */
static void
exe_dir(char *buf, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    char *slash;

    buf[n > 0 ? n : 0] = '\0';
    slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
}

static int
is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether two paths name one directory, whatever links lead to them. */
static int
same_dir(const char *a, const char *b)
{
    struct stat sa, sb;

    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* --knowledge, NEWSBOT_KNOWLEDGE, else: the source tree's knowledge/ when
 * running from the build tree; an installed binary never looks there, but
 * at <exe>/../share/newsbot/knowledge (a relocated prefix) and then the
 * data folder it was configured to install to. */
static const char *
knowledge_dir(const struct options *o, const struct bot_config *cfg, char *buf,
              size_t cap)
{
    char exe[PATH_MAX];

    if (o->knowledge)
        return o->knowledge;
    if (cfg->knowledge && *cfg->knowledge)
        return cfg->knowledge;
    exe_dir(exe, sizeof(exe));
    if (*exe && same_dir(exe, BOT_BUILD_DIR))
        return BOT_DEFAULT_KNOWLEDGE;
    if (*exe &&
        (size_t)snprintf(buf, cap, "%s/../share/newsbot/knowledge", exe) <
            cap &&
        is_dir(buf))
        return buf;
    return BOT_INSTALL_KNOWLEDGE;
}

/* Runs the chat platforms until SIGINT or SIGTERM; SIGHUP reloads the
 * configuration (from @o->env again) and the knowledge. */
static int
run_chat(const struct options *o, const struct bot_config *cfg,
         const char *kdir)
{
    char snapshot[PATH_MAX];
    struct sigaction sa;
    struct bot bot;
    int rc;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (bot_init(&bot, cfg, kdir, &stop) < 0) {
        fprintf(stderr, "newsbot: cannot start (see above)\n");
        return 1;
    }
    bot.reload = &reload;
    bot.env_named = o->env;
    if (bot_envsnap_path(snapshot, sizeof(snapshot)) == 0) {
        unlink(snapshot); /* one an earlier run left is out of date */
        bot.env_snapshot = snapshot;
    }
    bot.kb_named = o->knowledge != NULL;
    rc = bot_run(&bot);
    bot_release(&bot);
    return rc;
}

/* reload [PID]: the unit's ExecReload=. systemd reads EnvironmentFile=
 * afresh for each command it starts, this one included, but never again
 * for the bot already running: what this process was given (and main()
 * has checked) is left where the bot reads it on SIGHUP. */
static int
reload_running(const struct options *o)
{
    const char *arg = o->nargs ? o->args[0] : getenv("MAINPID");
    char path[PATH_MAX], *end = NULL;
    long pid = arg ? strtol(arg, &end, 10) : 0;

    if (!arg || !*arg)
        return bad_usage("reload needs the bot's process id (systemd gives "
                         "ExecReload= $MAINPID)");
    if (*end || pid < 2)
        return bad_usage("reload: '%s' is not a process id", arg);
    if (bot_envsnap_path(path, sizeof(path)) < 0) {
        fprintf(stderr, "newsbot reload: RUNTIME_DIRECTORY is not set; this "
                        "is the service's ExecReload= (its unit sets "
                        "RuntimeDirectory=newsbot). Elsewhere, send the bot "
                        "SIGHUP (kill -HUP PID)\n");
        return 1;
    }
    if (bot_envsnap_write(path) < 0)
        return 1;
    if (kill((pid_t)pid, SIGHUP) != 0) {
        fprintf(stderr, "newsbot reload: cannot signal process %ld: %s\n", pid,
                strerror(errno));
        return 1;
    }
    return 0;
}

static int
only_console(const struct bot_config *cfg)
{
    return cfg->nplatforms == 1 && !strcmp(cfg->platforms[0], "console");
}

static int
check_usage(const char *cmd, const struct options *o)
{
    if (strcmp(cmd, "ask") && strcmp(cmd, "console") && strcmp(cmd, "batch") &&
        strcmp(cmd, "kb") && strcmp(cmd, "check-config") &&
        strcmp(cmd, "run") && strcmp(cmd, "reload"))
        return bad_usage("unknown command '%s'", cmd);
    if (!strcmp(cmd, "reload") && o->nargs > 1)
        return bad_usage("unexpected argument '%s'", o->args[1]);
    if (!strcmp(cmd, "ask") && o->nargs == 0)
        return bad_usage("%s needs a question", "ask");
    if (!strcmp(cmd, "kb") &&
        (o->nargs < 1 || o->nargs > 2 ||
         (strcmp(o->args[0], "check") && strcmp(o->args[0], "build") &&
          strcmp(o->args[0], "show"))))
        return bad_usage("%s: use 'kb build|show|check [DIR]'", "kb");
    if (strcmp(cmd, "ask") && strcmp(cmd, "kb") && strcmp(cmd, "reload") &&
        o->nargs)
        return bad_usage("unexpected argument '%s'", o->args[0]);
    return 0;
}

/* kb build|show|check [DIR]: DIR, else the knowledge folder in use. */
static int
kb_command(const struct options *o, const struct bot_config *cfg,
           const char *kdir)
{
    const char *dir = o->nargs == 2 ? o->args[1] : kdir;

    if (!strcmp(o->args[0], "build"))
        return bot_kbtool_build(dir, stdout);
    if (!strcmp(o->args[0], "show"))
        return bot_kbtool_show(dir, cfg->unanswered, stdout);
    return bot_kbtool_check(dir, stdout);
}

/* What start-up would load, loaded: the keys were checked with the
 * configuration; the knowledge is loaded as the runtime loads it. */
static int
check_config(const struct options *o, const struct bot_config *cfg,
             const char *kdir)
{
    struct bot_core core;

    bot_config_print(cfg, stdout);
    if (bot_load_knowledge(&core, cfg, kdir) < 0) {
        fprintf(stderr,
                "newsbot: the knowledge in %s does not load (see above); "
                "'newsbot kb check %s' says more\n",
                kdir, kdir);
        return EXIT_USAGE;
    }
    printf("knowledge: %s (%zu article%s)\n", kdir, bot_core_count(&core),
           bot_core_count(&core) == 1 ? "" : "s");
    bot_core_release(&core);
    if (bot_store_is_postgres(cfg->db)) { /* replicas start only with it */
        struct bot_store *st;
        char why[1024];
        if (bot_store_open(&st, cfg->db, why, sizeof(why)) < 0) {
            fprintf(stderr, "newsbot: NEWSBOT_DB: %s\n", why);
            return EXIT_USAGE;
        }
        printf("database: %s reached (schema %d)\n", bot_store_path(st),
               bot_store_schema(st));
        bot_store_close(st);
    }
    printf("configuration OK%s\n",
           o->env || cfg->dotenv_path[0] ? "" : " (no .env file read)");
    return 0;
}

static int
ask_once(struct bot_core *core, const struct bot_clock *clk,
         const struct options *o)
{
    char question[BOT_TEXT_MAX * 2];
    size_t len = 0;
    int i;

    question[0] = '\0';
    for (i = 0; i < o->nargs && len < sizeof(question) - 1; i++)
        len += (size_t)snprintf(question + len, sizeof(question) - len, "%s%s",
                                i ? " " : "", o->args[i]);
    return bot_console_ask(core, clk, o->started_ms, question, o->explain,
                           stdout) < 0;
}

static int
run(const struct options *o, const struct bot_config *cfg)
{
    const char *cmd = o->command ? o->command : "run";
    const char *now = o->now ? o->now : cfg->now;
    struct bot_clock clk;
    struct bot_core core;
    char buf[PATH_MAX];
    int rc = check_usage(cmd, o);

    if (rc)
        return rc;
    if (!strcmp(cmd, "check-config"))
        return check_config(o, cfg, knowledge_dir(o, cfg, buf, sizeof(buf)));
    if (!strcmp(cmd, "reload"))
        return reload_running(o);
    if (bot_clock_init(&clk, cfg->tz, now && *now ? now : NULL) < 0)
        return bad_usage("bad date '%s': use YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                         now);
    if (!strcmp(cmd, "kb"))
        return kb_command(o, cfg, knowledge_dir(o, cfg, buf, sizeof(buf)));
    if (!strcmp(cmd, "run") && !only_console(cfg)) {
        struct bot_config chat = *cfg; /* --now wins over NEWSBOT_NOW */
        chat.now = now && *now ? now : NULL;
        return run_chat(o, &chat, knowledge_dir(o, cfg, buf, sizeof(buf)));
    }
    if (bot_core_init(&core, knowledge_dir(o, cfg, buf, sizeof(buf))) < 0) {
        fprintf(stderr, "newsbot: cannot load the knowledge (see above)\n");
        return 1;
    }
    if (!strcmp(cmd, "batch"))
        rc = bot_batch_run(&core, &clk, stdin, stdout) < 0;
    else if (!strcmp(cmd, "ask"))
        rc = ask_once(&core, &clk, o);
    else
        rc = bot_console_run(&core, &clk, o->started_ms, stdin, stdout) < 0;
    bot_core_release(&core);
    return rc;
}

int
main(int argc, char **argv)
{
    struct options o = {0};
    struct bot_config cfg;
    int rc;

    o.started_ms = bot_clock_real_ms();
    rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.args);
        return rc;
    }
    if (bot_config_load_named(&cfg, o.env) < 0) {
        fprintf(stderr, "newsbot: configuration error (see above); every key "
                        "is described in .env.example\n");
        free(o.args);
        return EXIT_USAGE;
    }
    bot_log_set_level(cfg.log_level);
    bot_log_set_json(cfg.log_format == BOT_LOG_JSON);
    rc = run(&o, &cfg);
    bot_config_release(&cfg);
    free(o.args);
    return rc;
}
