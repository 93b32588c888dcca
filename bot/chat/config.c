/* The configuration: what each NEWSBOT_*, IRC_*, SLACK_*, DISCORD_* and
 * MATTERMOST_* key means, checked. */
#include "bot/chat/config.h"
#include "bot/base/log.h"
#include "bot/chat/admins.h"
#include "config_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NICK_MAX    30  /* IRC nick length */
#define CHANNEL_MAX 200 /* IRC channel name length (RFC 1459) */

static const char *const platform_names[] = {"console", "irc", "slack",
                                             "discord", "mattermost"};
static const char *const level_names[] = {"error", "warn", "info", "debug"};

/* Runs a check and keeps the first failure, so every check still runs and
 * reports its own problem. */
#define KEEP_FIRST(rc, call)                                                   \
    do {                                                                       \
        int r_ = (call);                                                       \
        if ((rc) == 0 && r_ < 0)                                               \
            (rc) = r_;                                                         \
    } while (0)

#define IS_ALPHA(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))

const char *
bot_config_nonempty(const struct bot_config *cfg, const char *key)
{
    const char *v = bot_config_get(cfg, key);

    return v && *v ? v : NULL;
}

/* Each item becomes the static name it matches, case-insensitively. */
static int
fill_platforms(struct bot_config *cfg)
{
    const char *key = "NEWSBOT_PLATFORMS", *s;
    int n = bot_dotenv_split(&cfg->env, key, cfg->platforms,
                             BOT_CONFIG_PLATFORMS_MAX);
    int i, j;
    size_t k;

    if (n < 0)
        return n;
    if (n == 0)
        cfg->platforms[n++] = "console";
    for (i = 0; i < n; i++) {
        s = cfg->platforms[i];
        for (k = 0; k < NELEM(platform_names); k++) {
            if (strcasecmp(s, platform_names[k]) == 0)
                break;
        }
        if (k == NELEM(platform_names))
            return bot_fail(BOT_EINVAL, "%s: unknown platform '%.*s'", key,
                            SHOW_MAX, s);
        for (j = 0; j < i; j++) {
            if (cfg->platforms[j] == platform_names[k])
                return bot_fail(BOT_EINVAL, "%s: platform '%s' listed twice",
                                key, platform_names[k]);
        }
        cfg->platforms[i] = platform_names[k];
    }
    cfg->nplatforms = n;
    return 0;
}

/* Strict decimal in [@min, INT_MAX]: digits only, no sign or blanks. */
static int
parse_int(const char *s, char **end, long min, int *out)
{
    long n;

    if (!IS_DIGIT(*s))
        return BOT_EINVAL;
    errno = 0;
    n = strtol(s, end, 10);
    if (errno != 0 || n < min || n > INT_MAX)
        return BOT_EINVAL;
    *out = (int)n;
    return 0;
}

/* "count/seconds" or "0"; @rate keeps its default when @key is unset. */
static int
fill_rate(const struct bot_config *cfg, const char *key, struct bot_rate *rate)
{
    const char *v = bot_config_nonempty(cfg, key);
    struct bot_rate r = *rate;
    char *end = NULL;

    if (!v)
        return 0;
    if (strcmp(v, "0") == 0) {
        rate->count = 0; /* off; seconds keep the default */
        return 0;
    }
    if (parse_int(v, &end, 0, &r.count) < 0 || *end != '/' ||
        parse_int(end + 1, &end, 1, &r.seconds) < 0 || *end != '\0')
        return bot_fail(BOT_EINVAL,
                        "%s must be COUNT/SECONDS (seconds >= 1) or 0, "
                        "not '%.*s'",
                        key, SHOW_MAX, v);
    *rate = r;
    return 0;
}

/* The index of @key's value among @names (any case), or 0 if unset. */
static int
pick(const struct bot_config *cfg, const char *key, const char *const *names,
     size_t n, const char *want)
{
    const char *v = bot_config_nonempty(cfg, key);
    size_t i;

    for (i = 0; v && i < n; i++) {
        if (strcasecmp(v, names[i]) == 0)
            return (int)i;
    }
    if (!v)
        return 0;
    return bot_fail(BOT_EINVAL, "%s must be %s, not '%.*s'", key, want,
                    SHOW_MAX, v);
}

static int
fill_flags(struct bot_config *cfg)
{
    static const char *const formats[] = {"text", "json"};
    static const char *const bools[] = {"0", "false", "no", "1", "true", "yes"};
    const char *v = bot_config_nonempty(cfg, "NEWSBOT_LOG_LEVEL");
    int i;

    cfg->log_level = BOT_LOG_WARN;
    if (v && bot_log_parse_level(v, &cfg->log_level) < 0)
        return bot_fail(BOT_EINVAL, "NEWSBOT_LOG_LEVEL must be %s, not '%.*s'",
                        "error, warn, info or debug", SHOW_MAX, v);
    i = pick(cfg, "NEWSBOT_LOG_FORMAT", formats, NELEM(formats),
             "text or json");
    if (i < 0)
        return i;
    cfg->log_format = i == 1 ? BOT_LOG_JSON : BOT_LOG_TEXT;
    i = pick(cfg, "NEWSBOT_ALLOW_INSECURE", bools, NELEM(bools),
             "1, true, yes, 0, false or no");
    if (i < 0)
        return i;
    cfg->allow_insecure = i >= 3;
    i = pick(cfg, "NEWSBOT_UNANSWERED_USERS", bools, NELEM(bools),
             "1, true, yes, 0, false or no");
    if (i < 0)
        return i;
    cfg->unanswered_users = i >= 3;
    return 0;
}

/* NEWSBOT_HTTP=host:port ([::1]:port): a numeric loopback address unless
 * NEWSBOT_ALLOW_INSECURE, since the endpoints have no authentication. */
static int
fill_http(struct bot_config *cfg)
{
    const char *v = bot_config_nonempty(cfg, "NEWSBOT_HTTP");
    const char *colon;
    char *end;
    size_t hl;
    long port;

    if (!v)
        return 0;
    colon = strrchr(v, ':');
    if (!colon || colon == v)
        return bot_fail(BOT_EINVAL,
                        "NEWSBOT_HTTP must be HOST:PORT (127.0.0.1:9464), "
                        "not '%.*s'",
                        SHOW_MAX, v);
    port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 1 || port > 65535)
        return bot_fail(BOT_EINVAL, "NEWSBOT_HTTP: bad port in '%.*s'",
                        SHOW_MAX, v);
    hl = (size_t)(colon - v);
    if (!cfg->allow_insecure && !bot_config_is_loopback(v, hl))
        return bot_fail(BOT_EINVAL,
                        "NEWSBOT_HTTP: '%.*s' is not a loopback address; the "
                        "endpoints have no authentication (set "
                        "NEWSBOT_ALLOW_INSECURE=1 to allow it)",
                        (int)(hl < SHOW_MAX ? hl : SHOW_MAX), v);
    if (hl >= 2 && v[0] == '[' && v[hl - 1] == ']') {
        v++;
        hl -= 2;
    }
    if (hl >= sizeof(cfg->http_host))
        return bot_fail(BOT_EINVAL, "NEWSBOT_HTTP: host too long");
    if (hl == 9 && strncasecmp(v, "localhost", 9) == 0)
        snprintf(cfg->http_host, sizeof(cfg->http_host), "127.0.0.1");
    else
        snprintf(cfg->http_host, sizeof(cfg->http_host), "%.*s", (int)hl, v);
    cfg->http_port = (int)port;
    return 0;
}

static int
fill_general(struct bot_config *cfg)
{
    const char *p = bot_config_get(cfg, "NEWSBOT_PREFIX");
    int rc;

    rc = fill_platforms(cfg);
    cfg->prefix = p ? p : "!news";
    if (*cfg->prefix == '\0' || strpbrk(cfg->prefix, " \t\r\n\v\f"))
        rc = bot_fail(BOT_EINVAL,
                      "NEWSBOT_PREFIX must be non-empty, without spaces");
    cfg->knowledge = bot_config_nonempty(cfg, "NEWSBOT_KNOWLEDGE");
    cfg->tz = bot_config_nonempty(cfg, "NEWSBOT_TZ");
    cfg->now = bot_config_nonempty(cfg, "NEWSBOT_NOW");
    cfg->unanswered = bot_config_nonempty(cfg, "NEWSBOT_UNANSWERED");
    cfg->pins = bot_config_nonempty(cfg, "NEWSBOT_PIN");
    cfg->admins = bot_config_nonempty(cfg, "NEWSBOT_ADMINS");
    KEEP_FIRST(rc, bot_admins_check(cfg->admins));
    KEEP_FIRST(rc, fill_flags(cfg));
    KEEP_FIRST(rc, fill_http(cfg));
    cfg->rate_user = (struct bot_rate){5, 60};
    cfg->rate_channel = (struct bot_rate){20, 60};
    KEEP_FIRST(rc, fill_rate(cfg, "NEWSBOT_RATE_USER", &cfg->rate_user));
    KEEP_FIRST(rc, fill_rate(cfg, "NEWSBOT_RATE_CHANNEL", &cfg->rate_channel));
    return rc;
}

/* Letters, digits and -[]\`^{}|_ ; not starting with a digit or '-'. */
static int
valid_nick(const char *s)
{
    size_t i, n = strlen(s);

    if (n < 1 || n > NICK_MAX || IS_DIGIT(s[0]) || s[0] == '-')
        return 0;
    for (i = 0; i < n; i++) {
        if (!IS_ALPHA(s[i]) && !IS_DIGIT(s[i]) && !strchr("-[]\\`^{}|_", s[i]))
            return 0;
    }
    return 1;
}

static int
valid_channel(const char *s)
{
    size_t i, len = strlen(s);

    if (len < 2 || len > CHANNEL_MAX || (s[0] != '#' && s[0] != '&'))
        return 0;
    for (i = 1; i < len; i++) {
        if ((unsigned char)s[i] <= ' ' || s[i] == ',' || s[i] == 0x7f)
            return 0; /* space, BEL, CR, LF and every other control */
    }
    return 1;
}

static int
fill_channels(struct bot_config *cfg, int need)
{
    const char *key = "IRC_CHANNELS", *s;
    int n = bot_dotenv_split(&cfg->env, key, cfg->irc_channels,
                             BOT_CONFIG_CHANNELS_MAX);
    int i;

    if (n < 0)
        return n;
    if (n == 0 && need)
        return bot_fail(BOT_EINVAL, "%s is required for the irc platform", key);
    for (i = 0; i < n; i++) {
        s = cfg->irc_channels[i];
        if (!valid_channel(s))
            return bot_fail(BOT_EINVAL,
                            "%s: '%.*s' is not a channel name (# or & and "
                            "no spaces, commas or control characters)",
                            key, SHOW_MAX, s);
    }
    cfg->nirc_channels = n;
    return 0;
}

static int
fill_irc(struct bot_config *cfg)
{
    int need = bot_config_has_platform(cfg, "irc"), rc;
    const char *url = bot_config_nonempty(cfg, "IRC_URL");

    cfg->irc_url = url;
    if (!url && need)
        return bot_fail(BOT_EINVAL, "IRC_URL is required for the irc platform");
    if (url) {
        rc = bot_config_check_url("IRC_URL", url, cfg->allow_insecure);
        if (rc < 0)
            return rc;
        if (strncasecmp(url, "ws://", 5) != 0 &&
            strncasecmp(url, "wss://", 6) != 0 &&
            strncasecmp(url, "irc://", 6) != 0 &&
            strncasecmp(url, "ircs://", 7) != 0)
            return bot_fail(BOT_EINVAL, "IRC_URL must be an ircs://, irc://, "
                                        "wss:// or ws:// URL");
    }
    rc = bot_config_fill_irc_auth(cfg);
    if (rc < 0)
        return rc;
    cfg->irc_nick = bot_config_nonempty(cfg, "IRC_NICK");
    if (!cfg->irc_nick)
        cfg->irc_nick = "newsbot";
    if (!valid_nick(cfg->irc_nick))
        return bot_fail(BOT_EINVAL,
                        "IRC_NICK: '%.*s' is not a nick (1 to %d letters, "
                        "digits or -[]\\`^{}|_, not starting with a digit "
                        "or -)",
                        SHOW_MAX, cfg->irc_nick, NICK_MAX);
    cfg->irc_password = bot_config_nonempty(cfg, "IRC_PASSWORD");
    return fill_channels(cfg, need);
}

static int
fill_mattermost(struct bot_config *cfg)
{
    int need = bot_config_has_platform(cfg, "mattermost"), rc;
    const char *url = bot_config_nonempty(cfg, "MATTERMOST_URL");

    cfg->mattermost_url = url;
    cfg->mattermost_token = bot_config_nonempty(cfg, "MATTERMOST_TOKEN");
    if (!need)
        return 0;
    if (!url)
        return bot_fail(BOT_EINVAL, "MATTERMOST_URL is required for the "
                                    "mattermost platform");
    rc = bot_config_check_url("MATTERMOST_URL", url, cfg->allow_insecure);
    if (rc < 0)
        return rc;
    if (strncasecmp(url, "http://", 7) != 0 &&
        strncasecmp(url, "https://", 8) != 0)
        return bot_fail(BOT_EINVAL, "MATTERMOST_URL must be an http:// or "
                                    "https:// URL (the server's address)");
    if (!cfg->mattermost_token)
        return bot_fail(BOT_EINVAL, "MATTERMOST_TOKEN is required for the "
                                    "mattermost platform");
    return 0;
}

/* A token must look like its kind ("xapp-"): a swapped pair is the
 * commonest Slack set-up mistake, and the message names the key only. */
static int
slack_token(struct bot_config *cfg, const char *key, const char *kind,
            const char **out)
{
    *out = bot_config_nonempty(cfg, key);
    if (!*out)
        return bot_fail(BOT_EINVAL, "%s is required for the slack platform",
                        key);
    if (strncmp(*out, kind, strlen(kind)) != 0)
        return bot_fail(BOT_EINVAL, "%s must be a token starting with %s", key,
                        kind);
    return 0;
}

static int
fill_slack(struct bot_config *cfg)
{
    const char *url = bot_config_nonempty(cfg, "SLACK_API_URL");
    int rc;

    if (!bot_config_has_platform(cfg, "slack"))
        return 0;
    rc = slack_token(cfg, "SLACK_APP_TOKEN", "xapp-", &cfg->slack_app_token);
    if (rc == 0)
        rc =
            slack_token(cfg, "SLACK_BOT_TOKEN", "xoxb-", &cfg->slack_bot_token);
    if (rc == 0 && url) {
        rc = bot_config_check_url("SLACK_API_URL", url, cfg->allow_insecure);
        if (rc == 0 && strncasecmp(url, "http://", 7) != 0 &&
            strncasecmp(url, "https://", 8) != 0)
            rc = bot_fail(BOT_EINVAL, "SLACK_API_URL must be an http:// or "
                                      "https:// URL");
    }
    return rc;
}

static int
fill_discord(struct bot_config *cfg)
{
    const char *keys[] = {"DISCORD_API_URL", "DISCORD_GATEWAY_URL"};
    size_t i;
    int rc;

    if (!bot_config_has_platform(cfg, "discord"))
        return 0;
    cfg->discord_token = bot_config_nonempty(cfg, "DISCORD_BOT_TOKEN");
    if (!cfg->discord_token)
        return bot_fail(BOT_EINVAL, "DISCORD_BOT_TOKEN is required for the "
                                    "discord platform");
    for (i = 0; i < NELEM(keys); i++) {
        const char *url = bot_config_nonempty(cfg, keys[i]);
        if (url) {
            rc = bot_config_check_url(keys[i], url, cfg->allow_insecure);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/* Every check, each reporting its own problem; the first failure wins. */
int
bot_config_fill_all(struct bot_config *cfg)
{
    int rc = fill_general(cfg);

    if (rc == BOT_ENOMEM)
        return rc;
    KEEP_FIRST(rc, fill_irc(cfg));
    KEEP_FIRST(rc, fill_mattermost(cfg));
    KEEP_FIRST(rc, fill_slack(cfg));
    KEEP_FIRST(rc, fill_discord(cfg));
    KEEP_FIRST(rc, bot_config_fill_tuning(cfg));
    KEEP_FIRST(rc, bot_config_fill_time(cfg));
    KEEP_FIRST(rc, bot_config_fill_files(cfg));
    return rc;
}

void
bot_config_release(struct bot_config *cfg)
{
    bot_dotenv_release(&cfg->env);
    memset(cfg, 0, sizeof(*cfg));
}

const char *
bot_config_get(const struct bot_config *cfg, const char *key)
{
    const struct bot_dotenv_var *v = bot_dotenv_find(&cfg->env, key);

    return v ? v->value : NULL;
}

/* One word of a key (between underscores), case-insensitively. */
static int
secret_word(const char *w, size_t n)
{
    static const char *const words[] = {"PASS", "PWD",  "KEY",
                                        "KEYS", "AUTH", "PIN"};
    static const char *const parts[] = {"TOKEN",      "PASSW",  "SECRET",
                                        "PASSPHRASE", "APIKEY", "CREDENTIAL",
                                        "PRIVATE",    "COOKIE"};
    char up[64];
    size_t i;

    if (n == 0 || n >= sizeof(up))
        return 0;
    for (i = 0; i < n; i++)
        up[i] = (char)toupper((unsigned char)w[i]);
    up[n] = '\0';
    for (i = 0; i < NELEM(words); i++) {
        if (strcmp(up, words[i]) == 0)
            return 1;
    }
    for (i = 0; i < NELEM(parts); i++) {
        if (strstr(up, parts[i]))
            return 1;
    }
    return 0;
}

int
bot_config_is_secret(const char *key)
{
    /* By pattern, not by list: a key we do not know (IRC_SASL_PASS,
     * X_PASSWD, SLACK_TOKEN_2) is masked if it looks like a secret, since
     * printing one that is costs more than hiding one that is not. */
    const char *w = key;

    while (w && *w) {
        size_t n = strcspn(w, "_");
        if (secret_word(w, n))
            return 1;
        w += n;
        w += *w == '_';
    }
    return 0;
}

int
bot_config_has_platform(const struct bot_config *cfg, const char *platform)
{
    int i;

    for (i = 0; i < cfg->nplatforms; i++) {
        if (strcmp(cfg->platforms[i], platform) == 0)
            return 1;
    }
    return 0;
}

static void
print_rate(FILE *fp, const char *name, const struct bot_rate *r)
{
    if (r->count == 0)
        fprintf(fp, "%s: off\n", name);
    else
        fprintf(fp, "%s: %d/%d\n", name, r->count, r->seconds);
}

void
bot_config_print(const struct bot_config *cfg, FILE *fp)
{
    const struct bot_dotenv_var *v;
    size_t i;
    int j;

    fprintf(fp, "configuration file: %s\n",
            cfg->dotenv_path[0] ? cfg->dotenv_path : "none");
    for (i = 0; i < cfg->env.nvars; i++) {
        v = &cfg->env.vars[i];
        fprintf(fp, "%s=%s (%s)\n", v->key,
                bot_config_is_secret(v->key) && *v->value ? "****"
                : strcmp(v->key, "NEWSBOT_DB") == 0       ? cfg->db_shown
                                                          : v->value,
                v->from_env ? "environment" : ".env");
    }
    fputs("platforms:", fp);
    for (j = 0; j < cfg->nplatforms; j++)
        fprintf(fp, "%s%s", j ? "," : " ", cfg->platforms[j]);
    fprintf(fp, "\nprefix: %s\n", cfg->prefix ? cfg->prefix : "");
    fprintf(fp, "log level: %s\n",
            (unsigned)cfg->log_level < NELEM(level_names)
                ? level_names[cfg->log_level]
                : "?");
    fprintf(fp, "log format: %s\n",
            cfg->log_format == BOT_LOG_JSON ? "json" : "text");
    print_rate(fp, "rate per user", &cfg->rate_user);
    print_rate(fp, "rate per channel", &cfg->rate_channel);
    fprintf(fp, "allow insecure: %s\n", cfg->allow_insecure ? "yes" : "no");
    bot_config_print_irc(cfg, fp);
    if (cfg->http_port)
        fprintf(fp, "http listener: %s:%d\n", cfg->http_host, cfg->http_port);
    else
        fprintf(fp, "http listener: off\n");
    fprintf(fp, "time zone: %s\n", cfg->tz ? cfg->tz : "UTC");
    fprintf(fp, "reminders' database: %s\n",
            cfg->db[0] ? cfg->db_shown : "none");
    fprintf(fp, "who may change reminders: %s\n",
            cfg->admins ? cfg->admins : "everyone");
    fprintf(fp, "unanswered log: %s%s\n",
            cfg->unanswered ? cfg->unanswered : "off",
            cfg->unanswered && cfg->unanswered_users ? " (with users)" : "");
}
