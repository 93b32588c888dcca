#include "bot/chat/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/base/clock.h"
#include "bot/base/err.h"
#include "bot/base/log.h"
#include "test.h"

extern char **environ;

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static char dir[64];
static char env_path[128]; /* dir/.env */
static FILE *log_fp;
static char *log_buf;
static size_t log_len;

/* Unsets every variable with a prefix the config reads. */
static void
clear_env(void)
{
    static const char *const prefixes[] = {"NEWSBOT_", "IRC_", "SLACK_",
                                           "DISCORD_", "MATTERMOST_"};
    char name[256];
    char **e;
    size_t i, n;
    int again = 1;

    while (again) {
        again = 0;
        for (e = environ; *e && !again; e++) {
            for (i = 0; i < NCASES(prefixes) && !again; i++) {
                n = strcspn(*e, "=");
                if (strncmp(*e, prefixes[i], strlen(prefixes[i])) != 0 ||
                    n >= sizeof(name))
                    continue;
                memcpy(name, *e, n);
                name[n] = '\0';
                ASSERT_EQ(0, unsetenv(name));
                again = 1;
            }
        }
    }
}

/* Each case starts with a clean environment and an empty temp folder. */
static void
setup(void)
{
    clear_env();
    snprintf(dir, sizeof(dir), "/tmp/newsbot-config-XXXXXX");
    ASSERT(mkdtemp(dir) != NULL);
    snprintf(env_path, sizeof(env_path), "%s/.env", dir);
}

static void
teardown(void)
{
    unlink(env_path); /* may not exist */
    ASSERT_EQ(0, rmdir(dir));
    clear_env();
}

static const char *
write_env(const char *text)
{
    FILE *fp = fopen(env_path, "w");

    ASSERT(fp != NULL);
    ASSERT_EQ(strlen(text), fwrite(text, 1, strlen(text), fp));
    ASSERT_EQ(0, fclose(fp));
    return env_path;
}

static void
log_start(void)
{
    log_fp = open_memstream(&log_buf, &log_len);
    ASSERT(log_fp != NULL);
    bot_log_set_stream(log_fp);
}

/* The text logged since log_start(); the caller frees it. */
static char *
log_take(void)
{
    bot_log_set_stream(NULL);
    ASSERT_EQ(0, fclose(log_fp));
    return log_buf;
}

static void
assert_empty(const struct bot_config *cfg)
{
    ASSERT(cfg->env.vars == NULL);
    ASSERT_EQ(0, cfg->env.nvars);
    ASSERT_EQ(0, cfg->nplatforms);
    ASSERT(cfg->prefix == NULL);
    ASSERT(cfg->irc_url == NULL);
    ASSERT(cfg->irc_nick == NULL);
    ASSERT_EQ(0, cfg->nirc_channels);
}

/* Loads expecting @want; returns what was logged (the caller frees it). */
static char *
load_fails(const char *dotenv, int want)
{
    struct bot_config cfg;
    char *log;

    memset(&cfg, 0xff, sizeof(cfg)); /* load must not need a zeroed cfg */
    log_start();
    ASSERT_EQ(want, bot_config_load(&cfg, dotenv));
    log = log_take();
    assert_empty(&cfg);
    bot_config_release(&cfg);
    return log;
}

static void
expect_fail(const char *dotenv, int want, const char *msg, const char *hidden)
{
    char *log = load_fails(dotenv, want);

    ASSERT_CONTAINS(log, msg);
    if (hidden)
        ASSERT_NOT_CONTAINS(log, hidden);
    free(log);
}

/* Sets @key=@value alone in the environment and expects BOT_EINVAL. */
static void
env_fails(const char *key, const char *value, const char *msg)
{
    clear_env();
    ASSERT_EQ(0, setenv(key, value, 1));
    expect_fail(NULL, BOT_EINVAL, msg, NULL);
}

static void
load_ok(struct bot_config *cfg, const char *dotenv)
{
    ASSERT_EQ(0, bot_config_load(cfg, dotenv));
}

static void
test_config_defaults(void)
{
    struct bot_config cfg;

    setup();
    load_ok(&cfg, NULL);
    ASSERT_EQ(0, cfg.env.nvars);
    ASSERT_EQ(1, cfg.nplatforms);
    ASSERT_STR_EQ("console", cfg.platforms[0]);
    ASSERT(bot_config_has_platform(&cfg, "console"));
    ASSERT(!bot_config_has_platform(&cfg, "irc"));
    ASSERT_STR_EQ("!news", cfg.prefix);
    ASSERT(cfg.knowledge == NULL && cfg.tz == NULL && cfg.now == NULL);
    ASSERT_EQ(BOT_LOG_WARN, cfg.log_level);
    ASSERT_EQ(BOT_LOG_TEXT, cfg.log_format);
    ASSERT_EQ(0, cfg.allow_insecure);
    ASSERT_EQ(5, cfg.rate_user.count);
    ASSERT_EQ(60, cfg.rate_user.seconds);
    ASSERT_EQ(20, cfg.rate_channel.count);
    ASSERT_EQ(60, cfg.rate_channel.seconds);
    ASSERT(cfg.irc_url == NULL && cfg.irc_password == NULL);
    ASSERT_STR_EQ("newsbot", cfg.irc_nick);
    ASSERT_EQ(0, cfg.nirc_channels);
    ASSERT(bot_config_get(&cfg, "NEWSBOT_PREFIX") == NULL);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_missing_dotenv_is_fine(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_TZ", "Europe/Berlin", 1));
    load_ok(&cfg, env_path); /* never written */
    ASSERT_EQ(1, cfg.env.nvars);
    ASSERT_STR_EQ("Europe/Berlin", cfg.tz);
    ASSERT_STR_EQ("!news", cfg.prefix);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_dotenv_syntax(void)
{
    struct bot_config cfg;
    const char *path;

    setup();
    path = write_env("\xEF\xBB\xBF# a comment\n"
                     "\n"
                     "   \t\n"
                     "  # indented comment\n"
                     "export NEWSBOT_PREFIX=!ask\n"
                     "NEWSBOT_UNANSWERED=\"/tmp/u.log # not a comment\"\n"
                     "NEWSBOT_NOW='2025-04-03T09:15'  # a comment\n"
                     "NEWSBOT_KNOWLEDGE=/srv/kb   \n"
                     "SLACK_BOT_TOKEN=xoxb-1 # inline comment\n"
                     "DISCORD_HASH=a#b\n"
                     "MATTERMOST_URL = wss://mm.example\r\n"
                     "IRC_NICK=\n"
                     "HOME_DIR=/ignored\n"
                     "NEWSBOTX=ignored\n"
                     "NEWSBOT_LOG_LEVEL=debug");
    load_ok(&cfg, path);
    ASSERT_EQ(9, cfg.env.nvars);
    ASSERT_STR_EQ("!ask", cfg.prefix);
    ASSERT_STR_EQ("/tmp/u.log # not a comment", cfg.unanswered);
    ASSERT_STR_EQ("2025-04-03T09:15", cfg.now);
    ASSERT_STR_EQ("/srv/kb", cfg.knowledge);
    ASSERT_STR_EQ("xoxb-1", bot_config_get(&cfg, "SLACK_BOT_TOKEN"));
    ASSERT_STR_EQ("a#b", bot_config_get(&cfg, "DISCORD_HASH"));
    ASSERT_STR_EQ("wss://mm.example", bot_config_get(&cfg, "MATTERMOST_URL"));
    ASSERT_STR_EQ("", bot_config_get(&cfg, "IRC_NICK"));
    ASSERT_STR_EQ("newsbot", cfg.irc_nick); /* empty means the default */
    ASSERT_EQ(BOT_LOG_DEBUG, cfg.log_level);
    ASSERT(bot_config_get(&cfg, "HOME_DIR") == NULL);
    ASSERT(bot_config_get(&cfg, "NEWSBOTX") == NULL);
    ASSERT_EQ(0, cfg.env.vars[0].from_env);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_environment_wins(void)
{
    struct bot_config cfg;
    const char *path;

    setup();
    path = write_env("NEWSBOT_PREFIX=!file\nNEWSBOT_TZ=UTC\n"
                     "NEWSBOT_PREFIX=!later\n");
    ASSERT_EQ(0, setenv("NEWSBOT_TZ", "Asia/Tokyo", 1));
    ASSERT_EQ(0, setenv("SLACK_APP_TOKEN", "xapp-1", 1));
    ASSERT_EQ(0, setenv("NEWSBOTS", "ignored", 1));
    load_ok(&cfg, path);
    ASSERT_EQ(3, cfg.env.nvars);
    ASSERT_STR_EQ("!later", cfg.prefix); /* the last line in the file */
    ASSERT_STR_EQ("Asia/Tokyo", cfg.tz);
    /* sorted: NEWSBOT_PREFIX, NEWSBOT_TZ, SLACK_APP_TOKEN */
    ASSERT_STR_EQ("NEWSBOT_PREFIX", cfg.env.vars[0].key);
    ASSERT_EQ(0, cfg.env.vars[0].from_env);
    ASSERT_STR_EQ("NEWSBOT_TZ", cfg.env.vars[1].key);
    ASSERT_EQ(1, cfg.env.vars[1].from_env);
    ASSERT_STR_EQ("SLACK_APP_TOKEN", cfg.env.vars[2].key);
    ASSERT_EQ(1, cfg.env.vars[2].from_env);
    ASSERT(bot_config_get(&cfg, "NEWSBOTS") == NULL);
    bot_config_release(&cfg);
    ASSERT_EQ(0, unsetenv("NEWSBOTS"));
    teardown();
}

static void
test_config_get_finds_every_key(void)
{
    static const char *const keys[] = {
        "SLACK_B", "IRC_Z",   "NEWSBOT_A1", "DISCORD_Q", "MATTERMOST_M",
        "IRC_A",   "SLACK_A", "NEWSBOT_Z",  "DISCORD_B", "NEWSBOT_M"};
    char text[512], line[64];
    struct bot_config cfg;
    size_t i, n = 0;

    setup();
    for (i = 0; i < NCASES(keys); i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "%s=v%zu\n", keys[i],
                              i);
    load_ok(&cfg, write_env(text));
    ASSERT_EQ(NCASES(keys), cfg.env.nvars);
    for (i = 1; i < cfg.env.nvars; i++)
        ASSERT(strcmp(cfg.env.vars[i - 1].key, cfg.env.vars[i].key) < 0);
    for (i = 0; i < NCASES(keys); i++) {
        snprintf(line, sizeof(line), "v%zu", i);
        ASSERT_STR_EQ(line, bot_config_get(&cfg, keys[i]));
    }
    ASSERT(bot_config_get(&cfg, "IRC_") == NULL);
    ASSERT(bot_config_get(&cfg, "ZZZ") == NULL);
    ASSERT(bot_config_get(&cfg, "AAA") == NULL);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_bad_lines_name_file_and_line(void)
{
    static const struct {
        const char *text, *where, *msg;
    } c[] = {
        {"NEWSBOT_PREFIX=!x\nno equals here\n", ":2:", "expected KEY=value"},
        {"newsbot_prefix=!x\n", ":1:", "[A-Z0-9_]+"},
        {"# c\n\n=value\n", ":3:", "[A-Z0-9_]+"},
        {"NEWSBOT-PREFIX=!x\n", ":1:", "[A-Z0-9_]+"},
        {"export\n", ":1:", "expected KEY=value"},
        {"IRC_PASSWORD=\"hunter2\n", ":1:", "unterminated quote"},
        {"IRC_PASSWORD='hunter2'x\n", ":1:", "after the closing quote"},
        {"IRC_PASSWORD hunter2\n", ":1:", "expected KEY=value"},
    };
    static const char nul[] = "NEWSBOT_TZ=UTC\n\nIRC_NICK=a\0b\n";
    char want[256];
    size_t i;
    FILE *fp;

    setup();
    for (i = 0; i < NCASES(c); i++) {
        write_env(c[i].text);
        snprintf(want, sizeof(want), "%s%s", env_path, c[i].where);
        expect_fail(env_path, BOT_EINVAL, want, "hunter2");
        expect_fail(env_path, BOT_EINVAL, c[i].msg, NULL);
    }
    fp = fopen(env_path, "w");
    ASSERT(fp != NULL);
    ASSERT_EQ(sizeof(nul) - 1, fwrite(nul, 1, sizeof(nul) - 1, fp));
    ASSERT_EQ(0, fclose(fp));
    expect_fail(env_path, BOT_EINVAL, ".env:3: NUL byte", NULL);
    teardown();
}

static void
test_config_long_line_and_big_file(void)
{
    char *text = malloc(70000);
    struct bot_config cfg;
    size_t n;

    ASSERT(text != NULL);
    setup();
    /* a 4096-byte line is fine, 4097 is not */
    n = (size_t)snprintf(text, 70000, "NEWSBOT_PIN=");
    memset(text + n, 'x', 4096 - n);
    text[4096] = '\0';
    load_ok(&cfg, write_env(text));
    ASSERT_EQ(4096 - 12, strlen(cfg.pins));
    bot_config_release(&cfg);
    memmove(text + 2, text, 4096);
    memcpy(text, "#\n", 2);
    memcpy(text + 4098, "x", 2); /* line 2 is now 4097 bytes */
    expect_fail(write_env(text), BOT_EINVAL, ".env:2: line longer than 4096",
                NULL);
    /* 64 KiB of comments is fine, one byte more is not */
    memset(text, '#', 65536);
    for (n = 99; n < 65536; n += 100)
        text[n] = '\n';
    text[65536] = '\0';
    load_ok(&cfg, write_env(text));
    ASSERT_EQ(0, cfg.env.nvars);
    bot_config_release(&cfg);
    text[65536] = '#';
    text[65537] = '\0';
    expect_fail(write_env(text), BOT_EINVAL, ".env: file larger than 65536",
                NULL);
    free(text);
    teardown();
}

static void
test_config_unreadable_dotenv_is_eio(void)
{
    char below[160];

    setup();
    expect_fail(dir, BOT_EIO, dir, NULL); /* a folder cannot be read */
    snprintf(below, sizeof(below), "%s/x", write_env("NEWSBOT_TZ=UTC\n"));
    expect_fail(below, BOT_EIO, below, NULL); /* ENOTDIR is not "missing" */
    teardown();
}

static void
test_config_platforms_list(void)
{
    const char *raw = " Console , IRC,slack,Discord,mattermost ";
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", raw, 1));
    ASSERT_EQ(0, setenv("IRC_URL", "wss://irc.example/", 1));
    ASSERT_EQ(0, setenv("IRC_CHANNELS", "#news", 1));
    ASSERT_EQ(0, setenv("MATTERMOST_URL", "https://chat.example", 1));
    ASSERT_EQ(0, setenv("MATTERMOST_TOKEN", "tok", 1));
    ASSERT_EQ(0, setenv("SLACK_APP_TOKEN", "xapp-1", 1));
    ASSERT_EQ(0, setenv("SLACK_BOT_TOKEN", "xoxb-1", 1));
    ASSERT_EQ(0, setenv("DISCORD_BOT_TOKEN", "t", 1));
    load_ok(&cfg, NULL);
    ASSERT_EQ(5, cfg.nplatforms);
    ASSERT_STR_EQ("console", cfg.platforms[0]);
    ASSERT_STR_EQ("irc", cfg.platforms[1]);
    ASSERT_STR_EQ("slack", cfg.platforms[2]);
    ASSERT_STR_EQ("discord", cfg.platforms[3]);
    ASSERT_STR_EQ("mattermost", cfg.platforms[4]);
    ASSERT(bot_config_has_platform(&cfg, "mattermost"));
    ASSERT(!bot_config_has_platform(&cfg, "telegram"));
    ASSERT_STR_EQ(raw, bot_config_get(&cfg, "NEWSBOT_PLATFORMS"));
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "", 1)); /* empty: default */
    load_ok(&cfg, NULL);
    ASSERT_EQ(1, cfg.nplatforms);
    ASSERT_STR_EQ("console", cfg.platforms[0]);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_platform_errors(void)
{
    const char *key = "NEWSBOT_PLATFORMS";

    setup();
    env_fails(key, "console,telegram",
              "NEWSBOT_PLATFORMS: unknown platform 'telegram'");
    env_fails(key, "irc,console,IRC",
              "NEWSBOT_PLATFORMS: platform 'irc' listed twice");
    env_fails(key, "console,", "NEWSBOT_PLATFORMS: unknown platform ''");
    env_fails(key, "console irc", "unknown platform 'console irc'");
    env_fails(key, "a,b,c,d,e,f,g,h,i", "NEWSBOT_PLATFORMS: more than 8");
    teardown();
}

static void
test_config_prefix(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PREFIX", "?bot", 1));
    load_ok(&cfg, NULL);
    ASSERT_STR_EQ("?bot", cfg.prefix);
    bot_config_release(&cfg);
    env_fails("NEWSBOT_PREFIX", "", "NEWSBOT_PREFIX must be non-empty");
    env_fails("NEWSBOT_PREFIX", "! news", "NEWSBOT_PREFIX must be non-empty");
    env_fails("NEWSBOT_PREFIX", "!\tnews", "NEWSBOT_PREFIX must be non-empty");
    teardown();
}

static void
test_config_log_level_and_format(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_LOG_LEVEL", "error", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_LOG_FORMAT", "json", 1));
    load_ok(&cfg, NULL);
    ASSERT_EQ(BOT_LOG_ERROR, cfg.log_level);
    ASSERT_EQ(BOT_LOG_JSON, cfg.log_format);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("NEWSBOT_LOG_LEVEL", "info", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_LOG_FORMAT", "text", 1));
    load_ok(&cfg, NULL);
    ASSERT_EQ(BOT_LOG_INFO, cfg.log_level);
    ASSERT_EQ(BOT_LOG_TEXT, cfg.log_format);
    bot_config_release(&cfg);
    env_fails("NEWSBOT_LOG_LEVEL", "verbose",
              "NEWSBOT_LOG_LEVEL must be error, warn, info or debug, not "
              "'verbose'");
    env_fails("NEWSBOT_LOG_FORMAT", "xml",
              "NEWSBOT_LOG_FORMAT must be text or json, not 'xml'");
    teardown();
}

static void
test_config_allow_insecure(void)
{
    static const struct {
        const char *value;
        int want;
    } c[] = {{"1", 1}, {"true", 1},  {"yes", 1}, {"TRUE", 1},
             {"0", 0}, {"false", 0}, {"no", 0},  {"", 0}};
    static const char *const bad[] = {"2", "on", "yes please", "-1"};
    struct bot_config cfg;
    size_t i;

    setup();
    for (i = 0; i < NCASES(c); i++) {
        ASSERT_EQ(0, setenv("NEWSBOT_ALLOW_INSECURE", c[i].value, 1));
        load_ok(&cfg, NULL);
        if (cfg.allow_insecure != c[i].want)
            TEST_FAIL("\"%s\": want %d", c[i].value, c[i].want);
        bot_config_release(&cfg);
    }
    for (i = 0; i < NCASES(bad); i++)
        env_fails("NEWSBOT_ALLOW_INSECURE", bad[i],
                  "NEWSBOT_ALLOW_INSECURE must be 1, true, yes, 0, false or "
                  "no");
    teardown();
}

static void
test_config_rates(void)
{
    static const struct {
        const char *value;
        int count, seconds;
    } c[] = {
        {"10/30", 10, 30}, {"0", 0, 60}, {"0/5", 0, 5}, {"1000/1", 1000, 1}};
    static const char *const bad[] = {
        "5",    "5/0", "-1/60",  "5/60x",         "a/b",
        "5/",   "/60", " 5/60",  "5/ 60",         "+5/60",
        "5/-1", "00",  "1.5/60", "99999999999/1", "off"};
    struct bot_config cfg;
    size_t i;

    setup();
    for (i = 0; i < NCASES(c); i++) {
        ASSERT_EQ(0, setenv("NEWSBOT_RATE_USER", c[i].value, 1));
        ASSERT_EQ(0, setenv("NEWSBOT_RATE_CHANNEL", c[i].value, 1));
        load_ok(&cfg, NULL);
        ASSERT_EQ(c[i].count, cfg.rate_user.count);
        ASSERT_EQ(c[i].seconds, cfg.rate_user.seconds);
        ASSERT_EQ(c[i].count, cfg.rate_channel.count);
        ASSERT_EQ(c[i].seconds, cfg.rate_channel.seconds);
        bot_config_release(&cfg);
    }
    for (i = 0; i < NCASES(bad); i++)
        env_fails("NEWSBOT_RATE_USER", bad[i],
                  "NEWSBOT_RATE_USER must be COUNT/SECONDS");
    env_fails("NEWSBOT_RATE_CHANNEL", "20/0",
              "NEWSBOT_RATE_CHANNEL must be COUNT/SECONDS");
    teardown();
}

static void
test_config_http(void)
{
    static const struct {
        const char *value, *host;
        int port;
    } c[] = {{"127.0.0.1:9464", "127.0.0.1", 9464},
             {"localhost:1", "127.0.0.1", 1},
             {"[::1]:65535", "::1", 65535},
             {"127.0.0.2:80", "127.0.0.2", 80}};
    static const char *const bad[] = {"9464",        ":9464",
                                      "127.0.0.1:",  "127.0.0.1:0",
                                      "127.0.0.1:x", "127.0.0.1:70000"};
    struct bot_config cfg;
    size_t i;

    setup();
    load_ok(&cfg, NULL);
    ASSERT_EQ(0, cfg.http_port); /* off by default */
    bot_config_release(&cfg);
    for (i = 0; i < NCASES(c); i++) {
        ASSERT_EQ(0, setenv("NEWSBOT_HTTP", c[i].value, 1));
        load_ok(&cfg, NULL);
        ASSERT_STR_EQ(c[i].host, cfg.http_host);
        ASSERT_EQ(c[i].port, cfg.http_port);
        bot_config_release(&cfg);
    }
    for (i = 0; i < NCASES(bad); i++)
        env_fails("NEWSBOT_HTTP", bad[i], "NEWSBOT_HTTP");
    env_fails("NEWSBOT_HTTP", "0.0.0.0:9464", "not a loopback address");
    env_fails("NEWSBOT_HTTP", "10.0.0.5:9464", "NEWSBOT_ALLOW_INSECURE=1");
    ASSERT_EQ(0, setenv("NEWSBOT_ALLOW_INSECURE", "1", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_HTTP", "0.0.0.0:9464", 1));
    load_ok(&cfg, NULL);
    ASSERT_STR_EQ("0.0.0.0", cfg.http_host);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_irc_keys_required_only_for_irc(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "console,discord", 1));
    ASSERT_EQ(0, setenv("DISCORD_BOT_TOKEN", "t", 1));
    load_ok(&cfg, NULL);
    ASSERT(cfg.irc_url == NULL);
    ASSERT_EQ(0, cfg.nirc_channels);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "console,irc", 1));
    expect_fail(NULL, BOT_EINVAL, "IRC_URL is required for the irc platform",
                NULL);
    ASSERT_EQ(0, setenv("IRC_URL", "", 1));
    expect_fail(NULL, BOT_EINVAL, "IRC_URL is required for the irc platform",
                NULL);
    ASSERT_EQ(0, setenv("IRC_URL", "wss://irc.example:7000", 1));
    expect_fail(NULL, BOT_EINVAL,
                "IRC_CHANNELS is required for the irc platform", NULL);
    ASSERT_EQ(0, setenv("IRC_CHANNELS", "#news", 1));
    load_ok(&cfg, NULL);
    ASSERT_STR_EQ("wss://irc.example:7000", cfg.irc_url);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_irc_fields(void)
{
    char text[1024];
    struct bot_config cfg;
    size_t n;
    int i;

    setup();
    load_ok(&cfg, write_env("NEWSBOT_PLATFORMS=irc\n"
                            "IRC_URL=ws://127.0.0.1:8097\n"
                            "IRC_NICK=[news]_bot`^{}|\\-9\n"
                            "IRC_CHANNELS=\"#news, &local ,#a.b\"\n"
                            "IRC_PASSWORD=hunter2\n"));
    ASSERT_STR_EQ("ws://127.0.0.1:8097", cfg.irc_url);
    ASSERT_STR_EQ("[news]_bot`^{}|\\-9", cfg.irc_nick);
    ASSERT_EQ(3, cfg.nirc_channels);
    ASSERT_STR_EQ("#news", cfg.irc_channels[0]);
    ASSERT_STR_EQ("&local", cfg.irc_channels[1]);
    ASSERT_STR_EQ("#a.b", cfg.irc_channels[2]);
    ASSERT_STR_EQ("#news, &local ,#a.b", bot_config_get(&cfg, "IRC_CHANNELS"));
    ASSERT_STR_EQ("hunter2", cfg.irc_password);
    bot_config_release(&cfg);
    n = (size_t)snprintf(text, sizeof(text), "IRC_CHANNELS=#c0");
    for (i = 1; i < BOT_CONFIG_CHANNELS_MAX; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, ",#c%d", i);
    load_ok(&cfg, write_env(text));
    ASSERT_EQ(BOT_CONFIG_CHANNELS_MAX, cfg.nirc_channels);
    ASSERT_STR_EQ("#c31", cfg.irc_channels[31]);
    bot_config_release(&cfg);
    snprintf(text + n, sizeof(text) - n, ",#c32");
    expect_fail(write_env(text), BOT_EINVAL, "IRC_CHANNELS: more than 32",
                NULL);
    teardown();
}

static void
test_config_irc_bad_nick_and_channels(void)
{
    static const char *const nicks[] = {
        "1news",       "-news",
        "news bot",    "news.bot",
        "n\xc3\xa9ws", "abcdefghijklmnopqrstuvwxyz01234"}; /* 31 characters */
    static const char *const channels[] = {
        "news", "#", "#a b", "#a\ab", "#ok,,#b", "#ok,", "#a\rPRIVMSG"};
    struct bot_config cfg;
    size_t i;

    setup();
    ASSERT_EQ(0, setenv("IRC_NICK", "abcdefghijklmnopqrstuvwxyz0123", 1));
    load_ok(&cfg, NULL); /* 30 characters; checked without irc as well */
    ASSERT_STR_EQ("abcdefghijklmnopqrstuvwxyz0123", cfg.irc_nick);
    bot_config_release(&cfg);
    for (i = 0; i < NCASES(nicks); i++)
        env_fails("IRC_NICK", nicks[i], "is not a nick");
    env_fails("IRC_NICK", "1news", "IRC_NICK: '1news' is not a nick");
    for (i = 0; i < NCASES(channels); i++)
        env_fails("IRC_CHANNELS", channels[i], "is not a channel name");
    env_fails("IRC_CHANNELS", "#ok, news", "IRC_CHANNELS: 'news' is not");
    teardown();
}

static void
test_config_irc_url_must_be_secure_ws(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "irc", 1));
    ASSERT_EQ(0, setenv("IRC_CHANNELS", "#news", 1));
    ASSERT_EQ(0, setenv("IRC_URL", "ws://irc.example.com:8097", 1));
    expect_fail(NULL, BOT_EINVAL,
                "IRC_URL: plain-text ws to non-loopback host "
                "'irc.example.com' refused",
                NULL);
    ASSERT_EQ(0, setenv("NEWSBOT_ALLOW_INSECURE", "1", 1));
    load_ok(&cfg, NULL);
    ASSERT_STR_EQ("ws://irc.example.com:8097", cfg.irc_url);
    ASSERT_EQ(1, cfg.allow_insecure);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("IRC_URL", "https://irc.example.com", 1));
    expect_fail(NULL, BOT_EINVAL,
                "IRC_URL must be an ircs://, irc://, wss:// or ws:// URL",
                NULL);
    ASSERT_EQ(0, setenv("IRC_URL", "ftp://x", 1));
    expect_fail(NULL, BOT_EINVAL, "IRC_URL: the URL must start with", NULL);
    teardown();
}

static int
check_url(const char *key, const char *url, int allow, char **log)
{
    int rc;

    log_start();
    rc = bot_config_check_url(key, url, allow);
    *log = log_take();
    return rc;
}

/* Checks every URL in @urls with @allow_insecure, expecting @want. */
static void
expect_urls(const char *const *urls, size_t n, int allow, int want)
{
    char *log;
    size_t i;

    for (i = 0; i < n; i++) {
        if (check_url("TEST_URL", urls[i], allow, &log) != want)
            TEST_FAIL("\"%s\" (allow_insecure %d): want %d; log: %s", urls[i],
                      allow, want, log);
        if (want < 0)
            ASSERT_CONTAINS(log, "TEST_URL: ");
        free(log);
    }
}

static void
test_config_check_url_accepts(void)
{
    static const char *const ok[] = {"ws://127.0.0.1:8097",
                                     "wss://example.com",
                                     "http://[::1]:80/x",
                                     "ws://localhost",
                                     "http://LOCALHOST:8080/path?q=1",
                                     "ws://127.255.0.1/",
                                     "https://example.com:443/api",
                                     "wss://[2001:db8::1]:8443/",
                                     "WSS://Example.COM",
                                     "ws://127.0.0.1:1",
                                     "https://a.example:65535#x"};

    expect_urls(ok, NCASES(ok), 0, 0);
    expect_urls(ok, NCASES(ok), 1, 0);
}

static void
test_config_check_url_refuses_malformed(void)
{
    static const char *const bad[] = {"ftp://x",
                                      "ws://",
                                      "ws:///path",
                                      "ws://:80",
                                      "wss://example.com:0",
                                      "wss://example.com:65536",
                                      "wss://example.com:",
                                      "wss://exa mple.com",
                                      "wss://[::1",
                                      "wss://[]",
                                      "wss://[zz]",
                                      "wss://a@b.example",
                                      "example.com",
                                      "",
                                      "wss:/x",
                                      "wss://host:8x"};
    char *log;

    expect_urls(bad, NCASES(bad), 0, BOT_EINVAL);
    expect_urls(bad, NCASES(bad), 1, BOT_EINVAL);
    ASSERT_EQ(BOT_EINVAL, check_url("IRC_URL", NULL, 0, &log));
    ASSERT_CONTAINS(log, "IRC_URL: no URL given");
    free(log);
}

static void
test_config_check_url_plain_text_only_to_loopback(void)
{
    static const char *const plain[] = {
        "ws://example.com",        "http://10.0.0.1:80",
        "ws://127.0.0.1.evil.com", "ws://127.0.0.256",
        "ws://128.0.0.1",          "http://[::2]",
        "ws://localhost.evil.com", "ws://127.0.0",
        "ws://127.0.0.1."};
    char *log;

    expect_urls(plain, NCASES(plain), 0, BOT_EINVAL);
    expect_urls(plain, NCASES(plain), 1, 0); /* allow_insecure */
    ASSERT_EQ(BOT_EINVAL, check_url("IRC_URL", "ws://example.com/x", 0, &log));
    ASSERT_CONTAINS(log, "IRC_URL: plain-text ws to non-loopback host "
                         "'example.com' refused");
    free(log);
}

static void
test_config_check_url_hides_secrets(void)
{
    char *log;

    ASSERT_EQ(BOT_EINVAL, check_url("SLACK_SIGNING_SECRET",
                                    "ws://secret-host.example", 0, &log));
    ASSERT_CONTAINS(log, "SLACK_SIGNING_SECRET: plain-text ws");
    ASSERT_CONTAINS(log, "'****'");
    ASSERT_NOT_CONTAINS(log, "secret-host");
    free(log);
    ASSERT_EQ(BOT_EINVAL,
              check_url("X_URL", "wss://bob:hunter2@host.example", 0, &log));
    ASSERT_CONTAINS(log, "X_URL: user names and passwords");
    ASSERT_NOT_CONTAINS(log, "hunter2");
    ASSERT_NOT_CONTAINS(log, "bob");
    free(log);
}

static char *
print_to_string(const struct bot_config *cfg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    ASSERT(fp != NULL);
    bot_config_print(cfg, fp);
    ASSERT_EQ(0, fclose(fp));
    return buf;
}

/* A PostgreSQL password in NEWSBOT_DB, in the URI or as a key, is never
 * printed; the rest of the address is. */
static void
test_config_print_hides_the_database_password(void)
{
    static const char *const dbs[][2] = {
        {"postgresql://bot:pw-s3cret@127.0.0.1:5432/news",
         "postgresql://bot@127.0.0.1:5432/news"},
        {"postgres://bot:pw-s3cret@db/news?password=pw-s3cret&sslmode=require",
         "postgres://bot@db/news?password=***&sslmode=require"},
        {"host=db password=pw-s3cret dbname=news",
         "host=db password=*** dbname=news"},
        {"postgresql://bot@db/news", "postgresql://bot@db/news"},
    };
    struct bot_config cfg;
    char *out;
    size_t i;

    for (i = 0; i < NCASES(dbs); i++) {
        setup();
        ASSERT_EQ(0, setenv("NEWSBOT_DB", dbs[i][0], 1));
        load_ok(&cfg, NULL);
        out = print_to_string(&cfg);
        ASSERT_NOT_CONTAINS(out, "s3cret");
        ASSERT_CONTAINS(out, dbs[i][1]);
        free(out);
        bot_config_release(&cfg);
        teardown();
    }
}

static void
test_config_print_masks_secrets(void)
{
    struct bot_config cfg;
    char *out;

    setup();
    ASSERT_EQ(0, setenv("SLACK_BOT_TOKEN", "xoxb-secret-1", 1));
    ASSERT_EQ(0, setenv("DISCORD_PUBLIC_KEY", "dkey-2", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_RATE_USER", "0", 1));
    load_ok(&cfg, write_env("IRC_PASSWORD='hunter2'\n"
                            "NEWSBOT_PREFIX=!ask\n"
                            "SLACK_BOT_TOKEN=xoxb-file\n"
                            "IRC_SASL_PASS=sasl-pw-3\n"
                            "DB_PASSWD=passwd-4\n"
                            "SLACK_TOKEN_2=tok-5\n"
                            "MATTERMOST_TOKEN=\n"));
    out = print_to_string(&cfg);
    ASSERT_NOT_CONTAINS(out, "sasl-pw-3");
    ASSERT_NOT_CONTAINS(out, "passwd-4");
    ASSERT_NOT_CONTAINS(out, "tok-5");
    ASSERT_CONTAINS(out, "IRC_SASL_PASS=**** (.env)\n");
    ASSERT_NOT_CONTAINS(out, "hunter2");
    ASSERT_NOT_CONTAINS(out, "xoxb");
    ASSERT_NOT_CONTAINS(out, "dkey-2");
    ASSERT_CONTAINS(out, "DISCORD_PUBLIC_KEY=**** (environment)\n");
    ASSERT_CONTAINS(out, "IRC_PASSWORD=**** (.env)\n");
    ASSERT_CONTAINS(out, "MATTERMOST_TOKEN= (.env)\n"); /* empty: not set */
    ASSERT_CONTAINS(out, "NEWSBOT_PREFIX=!ask (.env)\n");
    ASSERT_CONTAINS(out, "NEWSBOT_RATE_USER=0 (environment)\n");
    ASSERT_CONTAINS(out, "SLACK_BOT_TOKEN=**** (environment)\n");
    ASSERT_CONTAINS(out, "\nplatforms: console\nprefix: !ask\n"
                         "log level: warn\nlog format: text\n"
                         "rate per user: off\nrate per channel: 20/60\n"
                         "allow insecure: no\n");
    free(out);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_is_secret(void)
{
    /* By pattern: keys we do not know are masked when they look secret. */
    static const char *const yes[] = {"SLACK_BOT_TOKEN",
                                      "IRC_PASSWORD",
                                      "SLACK_SIGNING_SECRET",
                                      "DISCORD_PUBLIC_KEY",
                                      "_KEY",
                                      "IRC_SASL_PASS",
                                      "IRC_SASL_PASSWORD",
                                      "DB_PASSWD",
                                      "SLACK_TOKEN_2",
                                      "NEWSBOT_TOKENS",
                                      "SLACK_TOKEN_URL",
                                      "KEY",
                                      "TOKEN",
                                      "IRC_password",
                                      "MY_APIKEY",
                                      "OAUTH_ACCESSTOKEN",
                                      "GPG_PASSPHRASE",
                                      "AWS_CREDENTIALS",
                                      "IRC_TLS_KEY",
                                      "BASIC_AUTH",
                                      "CLIENT_SECRET_FILE"};
    static const char *const no[] = {"IRC_URL",
                                     "NEWSBOT_PLATFORMS",
                                     "NEWSBOT_REMIND_LEADS",
                                     "DISCORD_INTENTS",
                                     "IRC_NICK",
                                     "IRC_CHANNELS",
                                     "NEWSBOT_CA_FILE",
                                     "MATTERMOST_URL",
                                     "SLACK_API_URL",
                                     "NEWSBOT_TZ",
                                     "NEWSBOT_KEYWORDS",
                                     "NEWSBOT_ALLOW_INSECURE",
                                     "BYPASS_PROXY",
                                     "",
                                     "_"};
    size_t i;

    for (i = 0; i < NCASES(yes); i++)
        ASSERT(bot_config_is_secret(yes[i]));
    for (i = 0; i < NCASES(no); i++)
        ASSERT(!bot_config_is_secret(no[i]));
    ASSERT(!bot_config_is_secret(NULL));
}

static void
test_config_release_is_safe(void)
{
    struct bot_config cfg;
    char *out;

    setup();
    memset(&cfg, 0, sizeof(cfg));
    bot_config_release(&cfg); /* zeroed: a no-op */
    assert_empty(&cfg);
    out = print_to_string(&cfg); /* and printable */
    ASSERT_CONTAINS(out, "platforms:\nprefix: \n");
    free(out);
    ASSERT_EQ(0, setenv("NEWSBOT_TZ", "UTC", 1));
    load_ok(&cfg, write_env("NEWSBOT_PREFIX=!x\n"));
    ASSERT_EQ(2, cfg.env.nvars);
    bot_config_release(&cfg);
    assert_empty(&cfg);
    bot_config_release(&cfg); /* twice */
    free(load_fails(write_env("NEWSBOT_PREFIX=!x\nbad\n"), BOT_EINVAL));
    teardown();
}

static void
test_config_mattermost_keys(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("MATTERMOST_URL", "ftp://x", 1));
    load_ok(&cfg, NULL); /* not a platform in use: not checked */
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "mattermost", 1));
    ASSERT_EQ(0, unsetenv("MATTERMOST_URL"));
    expect_fail(NULL, BOT_EINVAL, "MATTERMOST_URL is required", NULL);
    ASSERT_EQ(0, setenv("MATTERMOST_URL", "wss://chat.example", 1));
    expect_fail(NULL, BOT_EINVAL, "must be an http:// or https:// URL", NULL);
    ASSERT_EQ(0, setenv("MATTERMOST_URL", "http://chat.example", 1));
    expect_fail(NULL, BOT_EINVAL, "MATTERMOST_URL", NULL);
    ASSERT_EQ(0, setenv("MATTERMOST_URL", "https://chat.example/", 1));
    expect_fail(NULL, BOT_EINVAL, "MATTERMOST_TOKEN is required", NULL);
    ASSERT_EQ(0, setenv("MATTERMOST_TOKEN", "s3cret-tok", 1));
    load_ok(&cfg, NULL);
    ASSERT_STR_EQ("https://chat.example/", cfg.mattermost_url);
    ASSERT_STR_EQ("s3cret-tok", cfg.mattermost_token);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("MATTERMOST_URL", "http://127.0.0.1:8065", 1));
    load_ok(&cfg, NULL); /* plain text to loopback is fine */
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_slack_keys(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "slack", 1));
    expect_fail(NULL, BOT_EINVAL, "SLACK_APP_TOKEN is required", NULL);
    ASSERT_EQ(0, setenv("SLACK_APP_TOKEN", "xoxb-swapped-secret", 1));
    expect_fail(NULL, BOT_EINVAL,
                "SLACK_APP_TOKEN must be a token starting "
                "with xapp-",
                "swapped-secret");
    ASSERT_EQ(0, setenv("SLACK_APP_TOKEN", "xapp-1-app", 1));
    expect_fail(NULL, BOT_EINVAL, "SLACK_BOT_TOKEN is required", NULL);
    ASSERT_EQ(0, setenv("SLACK_BOT_TOKEN", "xoxb-bot", 1));
    ASSERT_EQ(0, setenv("SLACK_API_URL", "http://slack.example/api", 1));
    expect_fail(NULL, BOT_EINVAL, "SLACK_API_URL", NULL);
    ASSERT_EQ(0, setenv("SLACK_API_URL", "http://127.0.0.1:9/api", 1));
    load_ok(&cfg, NULL);
    ASSERT_STR_EQ("xapp-1-app", cfg.slack_app_token);
    ASSERT_STR_EQ("xoxb-bot", cfg.slack_bot_token);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_discord_keys(void)
{
    struct bot_config cfg;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "discord", 1));
    expect_fail(NULL, BOT_EINVAL, "DISCORD_BOT_TOKEN is required", NULL);
    ASSERT_EQ(0, setenv("DISCORD_BOT_TOKEN", "dc-secret", 1));
    ASSERT_EQ(0, setenv("DISCORD_GATEWAY_URL", "ws://gateway.example", 1));
    expect_fail(NULL, BOT_EINVAL, "DISCORD_GATEWAY_URL", "dc-secret");
    ASSERT_EQ(0, setenv("DISCORD_GATEWAY_URL", "wss://gateway.example", 1));
    load_ok(&cfg, NULL);
    ASSERT_STR_EQ("dc-secret", cfg.discord_token);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_unknown_keys_name_the_closest(void)
{
    struct bot_config cfg;
    char *log;

    setup();
    ASSERT_STR_EQ("SLACK_BOT_TOKEN", bot_config_closest_key("SLACK_TOKEN"));
    ASSERT_STR_EQ("NEWSBOT_TZ", bot_config_closest_key("NEWSBOT_TZZ"));
    ASSERT(bot_config_closest_key("IRC_ZZZZZZZZZZZZZZZZZZZZ") == NULL);
    ASSERT_EQ(0, setenv("IRC_NIKC", "hidden-value", 1));
    log_start();
    load_ok(&cfg, write_env("SLACK_TOKEN=xoxb-secret\n"));
    log = log_take();
    ASSERT_CONTAINS(log, "unknown key SLACK_TOKEN");
    ASSERT_CONTAINS(log, "did you mean SLACK_BOT_TOKEN?");
    ASSERT_CONTAINS(log, "unknown key IRC_NIKC (environment); did you mean "
                         "IRC_NICK?");
    ASSERT_NOT_CONTAINS(log, "xoxb-secret");
    ASSERT_NOT_CONTAINS(log, "hidden-value");
    free(log);
    bot_config_release(&cfg);
    teardown();
}

static void
test_config_start_up_checks_refuse(void)
{
    setup();
    env_fails("DISCORD_INTENTS", "foo", "DISCORD_INTENTS must be a number");
    env_fails("DISCORD_SHARD", "2/2", "DISCORD_SHARD must be I/N");
    env_fails("DISCORD_EMBEDS", "no", "DISCORD_EMBEDS must be 1 or 0");
    env_fails("DISCORD_GUILD_ID", "my-server",
              "DISCORD_GUILD_ID must be a server's id");
    env_fails("IRC_RATE", "4", "IRC_RATE must be LINES/SECONDS");
    env_fails("IRC_PING", "1", "IRC_PING must be seconds");
    env_fails("NEWSBOT_REMIND_LEADS", "7x", "NEWSBOT_REMIND_LEADS: '7x'");
    env_fails("NEWSBOT_TZ", "Mars/Olympus", "'Mars/Olympus' is not a time");
    env_fails("NEWSBOT_NOW", "tomorrow", "NEWSBOT_NOW must be");
    env_fails("NEWSBOT_CA_FILE", "/no/such.pem", "cannot read /no/such.pem");
    ASSERT(bot_clock_zone_known("Europe/Berlin"));
    ASSERT(bot_clock_zone_known("UTC"));
    ASSERT(bot_clock_zone_known("CET-1CEST"));
    ASSERT(!bot_clock_zone_known("Mars/Olympus"));
    teardown();
}

static void
test_config_every_error_reported(void)
{
    char *log;

    setup();
    ASSERT_EQ(0, setenv("DISCORD_INTENTS", "foo", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_TZ", "Mars/Olympus", 1));
    log = load_fails(NULL, BOT_EINVAL);
    ASSERT_CONTAINS(log, "DISCORD_INTENTS");
    ASSERT_CONTAINS(log, "Mars/Olympus");
    ASSERT(strstr(strstr(log, "Mars/Olympus") + 1, "Mars/Olympus") == NULL);
    free(log);
    teardown();
}

static void
test_config_named_dotenv_must_exist(void)
{
    struct bot_config cfg;
    char *log;

    setup();
    log_start();
    ASSERT_EQ(BOT_EINVAL, bot_config_load_named(&cfg, "/no/such/.env"));
    log = log_take();
    ASSERT_CONTAINS(log, "/no/such/.env (named by --env) does not exist");
    free(log);
    write_env("NEWSBOT_PREFIX=!named\n");
    ASSERT_EQ(0, setenv("NEWSBOT_ENV", env_path, 1));
    ASSERT_EQ(0, bot_config_load_named(&cfg, NULL));
    ASSERT_STR_EQ("!named", cfg.prefix);
    ASSERT_STR_EQ(env_path, cfg.dotenv_path);
    bot_config_release(&cfg);
    teardown();
}

/* IRC_URL: ircs:// always, irc:// on loopback (elsewhere only with
 * NEWSBOT_ALLOW_INSECURE, as ws://), no path; check-config says which. */
static void
test_config_irc_url_tls_and_tcp(void)
{
    struct bot_config cfg;
    char *out;

    setup();
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "irc", 1));
    ASSERT_EQ(0, setenv("IRC_CHANNELS", "#news", 1));
    ASSERT_EQ(0, setenv("IRC_URL", "ircs://irc.libera.chat:6697", 1));
    load_ok(&cfg, NULL);
    out = print_to_string(&cfg);
    ASSERT_CONTAINS(out, "irc transport: TLS (ircs), certificate verified\n");
    ASSERT_CONTAINS(out, "irc login: none (no SASL)\n");
    free(out);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("IRC_URL", "irc://127.0.0.1:6667", 1));
    load_ok(&cfg, NULL);
    out = print_to_string(&cfg);
    ASSERT_CONTAINS(out, "irc transport: plain TCP (irc), not encrypted\n");
    free(out);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("IRC_URL", "irc://irc.example.com", 1));
    expect_fail(NULL, BOT_EINVAL,
                "IRC_URL: plain-text irc to non-loopback host "
                "'irc.example.com' refused; use ircs:// or wss://, or set "
                "NEWSBOT_ALLOW_INSECURE=1",
                NULL);
    ASSERT_EQ(0, setenv("IRC_URL", "ircs://irc.example.com/#news", 1));
    expect_fail(NULL, BOT_EINVAL, "an irc:// or ircs:// URL has no path", NULL);
    ASSERT_EQ(0, setenv("IRC_URL", "ircs://irc.example.com:99999", 1));
    expect_fail(NULL, BOT_EINVAL, "the port must be a number", NULL);
    /* irc:// is IRC_URL's alone. */
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "mattermost", 1));
    ASSERT_EQ(0, setenv("MATTERMOST_TOKEN", "t", 1));
    ASSERT_EQ(0, setenv("MATTERMOST_URL", "ircs://mm.example.com", 1));
    expect_fail(NULL, BOT_EINVAL,
                "MATTERMOST_URL: the URL must start with ws://", NULL);
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "irc", 1));
    ASSERT_EQ(0, setenv("IRC_URL", "irc://irc.example.com", 1));
    ASSERT_EQ(0, setenv("NEWSBOT_ALLOW_INSECURE", "1", 1));
    load_ok(&cfg, NULL);
    bot_config_release(&cfg);
    teardown();
}

/* SASL: PLAIN from the user and password; EXTERNAL with a readable client
 * certificate over ircs://; every half-set combination refused. */
static void
test_config_irc_sasl(void)
{
    struct bot_config cfg;
    char cert[PATH_MAX + 16];
    FILE *fp;
    char *out;

    setup();
    snprintf(cert, sizeof(cert), "%s/client.pem", dir);
    fp = fopen(cert, "w");
    ASSERT(fp != NULL);
    fputs("-----BEGIN CERTIFICATE-----\n", fp);
    ASSERT_EQ(0, fclose(fp));
    ASSERT_EQ(0, setenv("NEWSBOT_PLATFORMS", "irc", 1));
    ASSERT_EQ(0, setenv("IRC_CHANNELS", "#news", 1));
    ASSERT_EQ(0, setenv("IRC_URL", "ircs://irc.libera.chat", 1));
    ASSERT_EQ(0, setenv("IRC_SASL_USER", "newsbot", 1));
    ASSERT_EQ(0, setenv("IRC_SASL_PASSWORD", "s3cret-sasl", 1));
    load_ok(&cfg, NULL);
    ASSERT_EQ(BOT_SASL_PLAIN, cfg.irc_sasl_mech);
    out = print_to_string(&cfg);
    ASSERT_CONTAINS(out, "irc login: SASL PLAIN as newsbot\n");
    ASSERT_CONTAINS(out, "IRC_SASL_PASSWORD=**** (environment)\n");
    ASSERT_NOT_CONTAINS(out, "s3cret-sasl");
    free(out);
    bot_config_release(&cfg);
    ASSERT_EQ(0, unsetenv("IRC_SASL_USER"));
    expect_fail(NULL, BOT_EINVAL,
                "SASL PLAIN needs both IRC_SASL_USER and IRC_SASL_PASSWORD",
                "s3cret-sasl");
    ASSERT_EQ(0, setenv("IRC_SASL_MECH", "EXTERNAL", 1));
    expect_fail(NULL, BOT_EINVAL,
                "IRC_SASL_MECH=EXTERNAL logs in with the "
                "client certificate",
                "s3cret-sasl");
    ASSERT_EQ(0, unsetenv("IRC_SASL_PASSWORD"));
    ASSERT_EQ(0, setenv("IRC_TLS_CERT", cert, 1));
    load_ok(&cfg, NULL);
    ASSERT_EQ(BOT_SASL_EXTERNAL, cfg.irc_sasl_mech);
    out = print_to_string(&cfg);
    ASSERT_CONTAINS(out, "irc login: SASL EXTERNAL with the certificate");
    free(out);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("IRC_URL", "wss://irc.example.com/", 1));
    expect_fail(NULL, BOT_EINVAL, "IRC_TLS_CERT needs an ircs:// IRC_URL",
                NULL);
    ASSERT_EQ(0, setenv("IRC_URL", "ircs://irc.example.com/", 1));
    ASSERT_EQ(0, setenv("IRC_TLS_KEY", "/nonexistent/key.pem", 1));
    expect_fail(NULL, BOT_EINVAL, "IRC_TLS_KEY: cannot read", NULL);
    ASSERT_EQ(0, unsetenv("IRC_TLS_CERT"));
    ASSERT_EQ(0, unsetenv("IRC_SASL_MECH"));
    expect_fail(NULL, BOT_EINVAL, "IRC_TLS_KEY needs IRC_TLS_CERT", NULL);
    ASSERT_EQ(0, unsetenv("IRC_TLS_KEY"));
    ASSERT_EQ(0, setenv("IRC_SASL_MECH", "SCRAM-SHA-256", 1));
    expect_fail(NULL, BOT_EINVAL, "IRC_SASL_MECH must be PLAIN or EXTERNAL",
                NULL);
    unlink(cert);
    teardown();
}

static const struct test_case cases[] = {
    {"config_irc_url_tls_and_tcp", test_config_irc_url_tls_and_tcp},
    {"config_irc_sasl", test_config_irc_sasl},
    {"config_unknown_keys_name_the_closest",
     test_config_unknown_keys_name_the_closest},
    {"config_start_up_checks_refuse", test_config_start_up_checks_refuse},
    {"config_every_error_reported", test_config_every_error_reported},
    {"config_named_dotenv_must_exist", test_config_named_dotenv_must_exist},
    {"config_defaults", test_config_defaults},
    {"config_http", test_config_http},
    {"config_missing_dotenv_is_fine", test_config_missing_dotenv_is_fine},
    {"config_dotenv_syntax", test_config_dotenv_syntax},
    {"config_environment_wins", test_config_environment_wins},
    {"config_get_finds_every_key", test_config_get_finds_every_key},
    {"config_bad_lines_name_file_and_line",
     test_config_bad_lines_name_file_and_line},
    {"config_long_line_and_big_file", test_config_long_line_and_big_file},
    {"config_unreadable_dotenv_is_eio", test_config_unreadable_dotenv_is_eio},
    {"config_platforms_list", test_config_platforms_list},
    {"config_platform_errors", test_config_platform_errors},
    {"config_prefix", test_config_prefix},
    {"config_log_level_and_format", test_config_log_level_and_format},
    {"config_allow_insecure", test_config_allow_insecure},
    {"config_rates", test_config_rates},
    {"config_irc_keys_required_only_for_irc",
     test_config_irc_keys_required_only_for_irc},
    {"config_irc_fields", test_config_irc_fields},
    {"config_irc_bad_nick_and_channels", test_config_irc_bad_nick_and_channels},
    {"config_irc_url_must_be_secure_ws", test_config_irc_url_must_be_secure_ws},
    {"config_mattermost_keys", test_config_mattermost_keys},
    {"config_slack_keys", test_config_slack_keys},
    {"config_discord_keys", test_config_discord_keys},
    {"config_check_url_accepts", test_config_check_url_accepts},
    {"config_check_url_refuses_malformed",
     test_config_check_url_refuses_malformed},
    {"config_check_url_plain_text_only_to_loopback",
     test_config_check_url_plain_text_only_to_loopback},
    {"config_check_url_hides_secrets", test_config_check_url_hides_secrets},
    {"config_print_hides_the_database_password",
     test_config_print_hides_the_database_password},
    {"config_print_masks_secrets", test_config_print_masks_secrets},
    {"config_is_secret", test_config_is_secret},
    {"config_release_is_safe", test_config_release_is_safe},
};
TEST_MAIN(cases)
