/* The environment snapshot ('newsbot reload' for a running bot) and the
 * rule a reload reads the configuration by: the .env file under the
 * snapshot, which stands for the process environment fixed at start. */
#include "bot/chat/envsnap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bot/base/err.h"
#include "bot/base/log.h"
#include "bot/chat/config.h"
#include "test.h"

extern char **environ;

static char dir[64];
static char snap_path[128]; /* dir/environ */
static char env_path[128];  /* dir/.env */
static char other_path[128];

/* Unsets every key the configuration reads, and RUNTIME_DIRECTORY. */
static void
clear_env(void)
{
    char key[256];
    char **e;
    size_t n;

    for (;;) {
        key[0] = '\0';
        for (e = environ; *e && !key[0]; e++) {
            n = strcspn(*e, "=");
            if ((bot_dotenv_wanted(*e, n) ||
                 !strncmp(*e, "RUNTIME_DIRECTORY=", 18)) &&
                n < sizeof(key)) {
                memcpy(key, *e, n);
                key[n] = '\0';
            }
        }
        if (!key[0])
            break;
        ASSERT_EQ(0, unsetenv(key));
    }
}

static void
setup(void)
{
    clear_env();
    snprintf(dir, sizeof(dir), "/tmp/newsbot-envsnap-XXXXXX");
    ASSERT(mkdtemp(dir) != NULL);
    snprintf(snap_path, sizeof(snap_path), "%s/environ", dir);
    snprintf(env_path, sizeof(env_path), "%s/.env", dir);
    snprintf(other_path, sizeof(other_path), "%s/other.env", dir);
    ASSERT_EQ(0, setenv("RUNTIME_DIRECTORY", dir, 1));
}

static void
teardown(void)
{
    unlink(snap_path);
    unlink(env_path);
    unlink(other_path);
    ASSERT_EQ(0, rmdir(dir));
    clear_env();
}

static void
write_file(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");

    ASSERT(fp != NULL);
    ASSERT_EQ(len, fwrite(text, 1, len, fp));
    ASSERT_EQ(0, fclose(fp));
}

static int
count(char *const *vars)
{
    int n = 0;

    while (vars && vars[n])
        n++;
    return n;
}

static void
test_envsnap_path_is_in_the_runtime_directory(void)
{
    char buf[256];

    setup();
    ASSERT_EQ(0, bot_envsnap_path(buf, sizeof(buf)));
    ASSERT_STR_EQ(snap_path, buf);
    ASSERT_EQ(0, setenv("RUNTIME_DIRECTORY", "/run/a:/run/b", 1));
    ASSERT_EQ(0, bot_envsnap_path(buf, sizeof(buf)));
    ASSERT_STR_EQ("/run/a/environ", buf);
    ASSERT_EQ(BOT_EINVAL, bot_envsnap_path(buf, 8));
    ASSERT_EQ(0, unsetenv("RUNTIME_DIRECTORY"));
    ASSERT_EQ(BOT_EINVAL, bot_envsnap_path(buf, sizeof(buf)));
    ASSERT_EQ(0, setenv("RUNTIME_DIRECTORY", "", 1));
    ASSERT_EQ(BOT_EINVAL, bot_envsnap_path(buf, sizeof(buf)));
    teardown();
}

/* Our keys only, any value (spaces, '=', quotes, a newline) exactly,
 * in a file only its owner may read. */
static void
test_envsnap_round_trip(void)
{
    struct bot_envsnap snap;
    struct stat st;
    char tmp[160];

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PREFIX", "!a b=\"c'", 1));
    ASSERT_EQ(0, setenv("SLACK_BOT_TOKEN", "xoxb-1\nsecond line", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_PIN", "", 1));
    ASSERT_EQ(0, setenv("NEWSBOTX", "not ours", 1));
    ASSERT_EQ(0, setenv("HOME_OF_NEWSBOT_PREFIX", "not ours", 1));
    ASSERT_EQ(0, bot_envsnap_write(snap_path));
    ASSERT_EQ(0, stat(snap_path, &st));
    ASSERT_EQ(0600, st.st_mode & 0777);
    snprintf(tmp, sizeof(tmp), "%s.new", snap_path);
    ASSERT_EQ(-1, access(tmp, F_OK));         /* renamed, not left behind */
    ASSERT_EQ(0, unsetenv("NEWSBOT_PREFIX")); /* the snapshot keeps it */
    ASSERT_EQ(1, bot_envsnap_read(&snap, snap_path));
    ASSERT_EQ(3, count(snap.vars)); /* not RUNTIME_DIRECTORY: not ours */
    ASSERT_STR_EQ("!a b=\"c'", bot_envsnap_get(snap.vars, "NEWSBOT_PREFIX"));
    ASSERT_STR_EQ("xoxb-1\nsecond line",
                  bot_envsnap_get(snap.vars, "SLACK_BOT_TOKEN"));
    ASSERT_STR_EQ("", bot_envsnap_get(snap.vars, "NEWSBOT_PIN"));
    ASSERT(bot_envsnap_get(snap.vars, "NEWSBOTX") == NULL);
    ASSERT(bot_envsnap_get(snap.vars, "NEWSBOT") == NULL);
    bot_envsnap_release(&snap);
    bot_envsnap_release(&snap); /* safe twice */
    teardown();
}

static void
test_envsnap_read_edges(void)
{
    static const char two[] = "NEWSBOT_PREFIX=!x\0\0IRC_NICK=bot";
    struct bot_envsnap snap;
    char *big;

    setup();
    ASSERT_EQ(0, bot_envsnap_read(&snap, snap_path)); /* none: fine */
    ASSERT(snap.vars == NULL);
    bot_envsnap_release(&snap);
    write_file(snap_path, "", 0); /* no key of ours at all */
    ASSERT_EQ(1, bot_envsnap_read(&snap, snap_path));
    ASSERT_EQ(0, count(snap.vars));
    bot_envsnap_release(&snap);
    write_file(snap_path, two, sizeof(two) - 1); /* last one unended */
    ASSERT_EQ(1, bot_envsnap_read(&snap, snap_path));
    ASSERT_EQ(2, count(snap.vars));
    ASSERT_STR_EQ("bot", bot_envsnap_get(snap.vars, "IRC_NICK"));
    bot_envsnap_release(&snap);
    big = calloc(1, 70000);
    ASSERT(big != NULL);
    memset(big, 'A', 69999);
    write_file(snap_path, big, 70000);
    free(big);
    ASSERT_EQ(BOT_EINVAL, bot_envsnap_read(&snap, snap_path));
    bot_envsnap_release(&snap);
    ASSERT_EQ(0, unlink(snap_path));
    ASSERT_EQ(0, mkdir(snap_path, 0700)); /* there, but not a file */
    ASSERT_EQ(BOT_EIO, bot_envsnap_read(&snap, snap_path));
    bot_envsnap_release(&snap);
    ASSERT_EQ(0, rmdir(snap_path));
    teardown();
}

/* The rule of a reload under systemd: the snapshot stands for the
 * environment, whole. A key in it wins over the .env file; a key the
 * process had at start but the snapshot lacks (taken out of the unit's
 * EnvironmentFile=) is gone; the file still fills what neither sets. */
static void
test_envsnap_reload_reads_it_for_the_environment(void)
{
    static const char file[] = "NEWSBOT_PREFIX=!file\n"
                               "NEWSBOT_RATE_USER=2/60\n"
                               "NEWSBOT_LOG_LEVEL=error\n";
    struct bot_envsnap snap;
    struct bot_config cfg;

    setup();
    write_file(env_path, file, sizeof(file) - 1);
    /* What systemd gave the bot at start, and gives 'newsbot reload'
     * now: the operator changed the prefix and dropped the log level. */
    ASSERT_EQ(0, setenv("NEWSBOT_PREFIX", "!new", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_RATE_CHANNEL", "9/60", 1));
    ASSERT_EQ(0, bot_envsnap_write(snap_path));
    ASSERT_EQ(0, setenv("NEWSBOT_PREFIX", "!start", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_LOG_LEVEL", "info", 1));
    ASSERT_EQ(0, unsetenv("NEWSBOT_RATE_CHANNEL"));

    ASSERT_EQ(0, bot_config_load_vars(&cfg, env_path, NULL));
    ASSERT_STR_EQ("!start", cfg.prefix); /* no snapshot: the process's */
    ASSERT_EQ(BOT_LOG_INFO, cfg.log_level);
    bot_config_release(&cfg);

    ASSERT_EQ(1, bot_envsnap_read(&snap, snap_path));
    ASSERT_EQ(0, bot_config_load_vars(&cfg, env_path, snap.vars));
    ASSERT_STR_EQ("!new", cfg.prefix);       /* over the file */
    ASSERT_EQ(BOT_LOG_ERROR, cfg.log_level); /* the file's again */
    ASSERT_EQ(2, cfg.rate_user.count);       /* the file's */
    ASSERT_EQ(9, cfg.rate_channel.count);    /* only in the snapshot */
    ASSERT_EQ(1, bot_dotenv_find(&cfg.env, "NEWSBOT_PREFIX")->from_env);
    bot_config_release(&cfg);
    bot_envsnap_release(&snap);
    teardown();
}

/* NEWSBOT_ENV is looked up in the snapshot too: the file it names now is
 * the one read, whatever the process had at start. */
static void
test_envsnap_names_the_env_file(void)
{
    static const char other[] = "NEWSBOT_PREFIX=!other\n";
    struct bot_envsnap snap;
    struct bot_config cfg;

    setup();
    write_file(other_path, other, sizeof(other) - 1);
    ASSERT_EQ(0, setenv("NEWSBOT_ENV", other_path, 1));
    ASSERT_EQ(0, bot_envsnap_write(snap_path));
    ASSERT_EQ(0, setenv("NEWSBOT_ENV", "/no/such/file.env", 1));
    ASSERT_EQ(1, bot_envsnap_read(&snap, snap_path));
    ASSERT_EQ(0, bot_config_load_vars(&cfg, NULL, snap.vars));
    ASSERT_STR_EQ("!other", cfg.prefix);
    ASSERT_STR_EQ(other_path, cfg.dotenv_path);
    bot_config_release(&cfg);
    bot_envsnap_release(&snap);
    teardown();
}

/* A named .env file that exists but cannot be read says so, naming the
 * file and what to do. */
static void
test_envsnap_unreadable_env_file_is_named(void)
{
    struct bot_config cfg;
    char *log = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&log, &len);

    setup();
    ASSERT(fp != NULL);
    ASSERT_EQ(0, mkdir(env_path, 0700)); /* there; reading it fails */
    ASSERT_EQ(0, setenv("NEWSBOT_ENV", env_path, 1));
    bot_log_set_stream(fp);
    ASSERT_EQ(BOT_EIO, bot_config_load_named(&cfg, NULL));
    bot_log_set_stream(NULL);
    ASSERT_EQ(0, fclose(fp));
    ASSERT_CONTAINS(log, env_path);
    ASSERT_CONTAINS(log, "named by NEWSBOT_ENV) cannot be read");
    ASSERT_CONTAINS(log, "make it readable by the user newsbot runs as");
    free(log);
    ASSERT_EQ(0, rmdir(env_path));
    teardown();
}

static const struct test_case cases[] = {
    {"envsnap_path_is_in_the_runtime_directory",
     test_envsnap_path_is_in_the_runtime_directory},
    {"envsnap_round_trip", test_envsnap_round_trip},
    {"envsnap_read_edges", test_envsnap_read_edges},
    {"envsnap_reload_reads_it_for_the_environment",
     test_envsnap_reload_reads_it_for_the_environment},
    {"envsnap_names_the_env_file", test_envsnap_names_the_env_file},
    {"envsnap_unreadable_env_file_is_named",
     test_envsnap_unreadable_env_file_is_named},
};
TEST_MAIN(cases)
