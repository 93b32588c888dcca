/* The configuration's checks beyond each key's own form: the adapters'
 * tuning keys, IRC's login (SASL) and client certificate, the time zone, the
 * reminders' lead times, the files the bot will open, and keys nobody reads.
 * config.c calls them, so start-up and check-config refuse the same things. */
#include "bot/base/clock.h"
#include "bot/base/date.h"
#include "bot/base/log.h"
#include "bot/reminders/store.h"
#include "config_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define INTENTS_DEFAULT 37377L /* GUILDS, GUILD_MESSAGES, DMs, content */
#define INTENTS_LIMIT   (1L << 26)
#define KEY_MAX         64

/* Every key some part of newsbot reads. Where two are equally close to a
 * mistyped key, the first listed is suggested. */
static const char *const known_keys[] = {
    "NEWSBOT_PLATFORMS",
    "NEWSBOT_PREFIX",
    "NEWSBOT_KNOWLEDGE",
    "NEWSBOT_TZ",
    "NEWSBOT_NOW",
    "NEWSBOT_LOG_LEVEL",
    "NEWSBOT_LOG_FORMAT",
    "NEWSBOT_RATE_USER",
    "NEWSBOT_RATE_CHANNEL",
    "NEWSBOT_ALLOW_INSECURE",
    "NEWSBOT_CA_FILE",
    "NEWSBOT_DB",
    "NEWSBOT_REPLICA",
    "NEWSBOT_REMIND_LEADS",
    "NEWSBOT_UNANSWERED",
    "NEWSBOT_UNANSWERED_USERS",
    "NEWSBOT_PIN",
    "NEWSBOT_ADMINS",
    "NEWSBOT_ENV",
    "NEWSBOT_HTTP",
    "IRC_URL",
    "IRC_NICK",
    "IRC_CHANNELS",
    "IRC_PASSWORD",
    "IRC_RATE",
    "IRC_PING",
    "IRC_SASL_MECH",
    "IRC_SASL_USER",
    "IRC_SASL_PASSWORD",
    "IRC_TLS_CERT",
    "IRC_TLS_KEY",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "DISCORD_BOT_TOKEN",
    "DISCORD_API_URL",
    "DISCORD_GATEWAY_URL",
    "DISCORD_INTENTS",
    "DISCORD_SHARD",
    "DISCORD_SHARDS",
    "DISCORD_GUILD_ID",
    "DISCORD_EMBEDS",
    "MATTERMOST_URL",
    "MATTERMOST_TOKEN",
};

/* Levenshtein distance between two short keys (at most KEY_MAX bytes). */
static size_t
distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t row[KEY_MAX + 1], diag, up;

    if (la > KEY_MAX || lb > KEY_MAX)
        return (size_t)-1;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        diag = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            up = row[j];
            row[j] = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < row[j])
                row[j] = up + 1;
            if (row[j - 1] + 1 < row[j])
                row[j] = row[j - 1] + 1;
            diag = up;
        }
    }
    return row[lb];
}

static int
is_known(const char *key)
{
    size_t i;

    for (i = 0; i < NELEM(known_keys); i++) {
        if (strcmp(key, known_keys[i]) == 0)
            return 1;
    }
    return 0;
}

const char *
bot_config_closest_key(const char *key)
{
    const char *best = NULL;
    size_t i, d, best_d = (size_t)-1, len = strlen(key);

    for (i = 0; i < NELEM(known_keys); i++) {
        d = distance(key, known_keys[i]);
        if (d < best_d) {
            best_d = d;
            best = known_keys[i];
        }
    }
    /* Further than half the key away is another word, not a typo. */
    return best && best_d <= (len + 1) / 2 ? best : NULL;
}

int
bot_config_warn_unknown(const struct bot_config *cfg)
{
    const struct bot_dotenv_var *v;
    const char *near;
    int n = 0;
    size_t i;

    for (i = 0; i < cfg->env.nvars; i++) {
        v = &cfg->env.vars[i];
        if (is_known(v->key))
            continue;
        near = bot_config_closest_key(v->key);
        if (near)
            bot_log(BOT_LOG_WARN, "unknown key %s (%s); did you mean %s?",
                    v->key, v->from_env ? "environment" : cfg->dotenv_path,
                    near);
        else
            bot_log(BOT_LOG_WARN,
                    "unknown key %s (%s); every key is described in "
                    ".env.example",
                    v->key, v->from_env ? "environment" : cfg->dotenv_path);
        n++;
    }
    return n;
}

/* Digits only, in [@min, @max]; @end gets the first byte after them. */
static int
number(const char *s, const char **end, long min, long max, long *out)
{
    long n = 0;

    if (!IS_DIGIT(*s))
        return BOT_EINVAL;
    for (; IS_DIGIT(*s); s++) {
        n = n * 10 + (*s - '0');
        if (n > max)
            return BOT_EINVAL;
    }
    *end = s;
    if (n < min)
        return BOT_EINVAL;
    *out = n;
    return 0;
}

/* "A/B" with A in [amin, amax] and B in [bmin, bmax]. */
static int
pair(const char *v, long amin, long amax, long bmin, long bmax, long *a,
     long *b)
{
    const char *end;

    if (number(v, &end, amin, amax, a) < 0 || *end != '/' ||
        number(end + 1, &end, bmin, bmax, b) < 0 || *end != '\0')
        return BOT_EINVAL;
    return 0;
}

static int
fill_irc_tuning(struct bot_config *cfg)
{
    const char *rate = bot_config_nonempty(cfg, "IRC_RATE");
    const char *ping = bot_config_nonempty(cfg, "IRC_PING");
    const char *end;
    long a = 4, b = 4, s = 90;
    int rc = 0;

    if (rate && pair(rate, 1, 100, 1, 3600, &a, &b) < 0)
        rc = bot_fail(BOT_EINVAL,
                      "IRC_RATE must be LINES/SECONDS (1 to 100 lines in 1 "
                      "to 3600 seconds), for example 4/4, not '%.*s'",
                      SHOW_MAX, rate);
    cfg->irc_rate = (struct bot_rate){(int)a, (int)b};
    if (ping && (number(ping, &end, 3, 3600, &s) < 0 || *end != '\0'))
        rc = bot_fail(BOT_EINVAL,
                      "IRC_PING must be seconds, 3 to 3600, not '%.*s'",
                      SHOW_MAX, ping);
    cfg->irc_ping_s = (int)s;
    return rc;
}

/* Adds shards @a..@b to @s in order; 0, or BOT_EINVAL with @why. */
static int
add_shards(struct bot_shards *s, long a, long b, long total, char *why,
           size_t why_len)
{
    long id;
    int i;

    if (b < a) {
        snprintf(why, why_len, "%ld-%ld ends before it starts", a, b);
        return BOT_EINVAL;
    }
    if (b >= total) {
        snprintf(why, why_len, "shard %ld is not below %ld", b, total);
        return BOT_EINVAL;
    }
    if (b - a + 1 > BOT_CONFIG_SHARDS_MAX - s->n) {
        snprintf(why, why_len, "more than %d shards in one process",
                 BOT_CONFIG_SHARDS_MAX);
        return BOT_EINVAL;
    }
    for (id = a; id <= b; id++) {
        for (i = s->n; i > 0 && s->ids[i - 1] >= id; i--) {
            if (s->ids[i - 1] == id) {
                snprintf(why, why_len, "shard %ld is listed twice", id);
                return BOT_EINVAL;
            }
        }
        memmove(&s->ids[i + 1], &s->ids[i], (size_t)(s->n - i) * sizeof(int));
        s->ids[i] = (int)id;
        s->n++;
    }
    return 0;
}

int
bot_config_parse_shards(const char *v, struct bot_shards *s, char *why,
                        size_t why_len)
{
    const char *slash = strrchr(v, '/'), *p = v, *end;
    long a, b, total;
    int rc = BOT_EINVAL;

    memset(s, 0, sizeof(*s));
    snprintf(why, why_len, "want IDS/N, such as 0-3/8 or 0,2,5/8");
    if (!slash || number(slash + 1, &end, 1, 4096, &total) < 0 || *end)
        goto out;
    /* Ids are digits: an item ends at '-', ',' or the last '/'. */
    for (;;) {
        if (number(p, &end, 0, 4095, &a) < 0)
            goto out;
        b = a;
        if (*end == '-' && number(end + 1, &end, 0, 4095, &b) < 0)
            goto out;
        if (add_shards(s, a, b, total, why, why_len) < 0)
            goto out;
        if (end == slash)
            break;
        if (*end != ',')
            goto out;
        p = end + 1;
    }
    s->total = (int)total;
    rc = 0;
out:
    if (rc < 0)
        memset(s, 0, sizeof(*s));
    return rc;
}

/* DISCORD_SHARD "i/n" (one shard) or DISCORD_SHARDS, not both. */
static int
fill_discord_shards(struct bot_config *cfg)
{
    const char *one = bot_config_nonempty(cfg, "DISCORD_SHARD");
    const char *many = bot_config_nonempty(cfg, "DISCORD_SHARDS");
    struct bot_shards *s = &cfg->discord_shards;
    char why[96];
    long i = 0, of = 1;

    memset(s, 0, sizeof(*s));
    s->ids[0] = 0;
    s->n = s->total = 1;
    if (one && many)
        return bot_fail(BOT_EINVAL,
                        "DISCORD_SHARD and DISCORD_SHARDS are both set: keep "
                        "DISCORD_SHARD for one shard, DISCORD_SHARDS for "
                        "several in one process");
    if (many) {
        if (bot_config_parse_shards(many, s, why, sizeof(why)) == 0)
            return 0;
        s->ids[0] = 0;
        s->n = s->total = 1;
        return bot_fail(BOT_EINVAL, "DISCORD_SHARDS: %s, not '%.*s'", why,
                        SHOW_MAX, many);
    }
    if (one && (pair(one, 0, 4095, 1, 4096, &i, &of) < 0 || i >= of))
        return bot_fail(BOT_EINVAL,
                        "DISCORD_SHARD must be I/N with 0 <= I < N, for "
                        "example 0/1, not '%.*s'",
                        SHOW_MAX, one);
    s->ids[0] = (int)i;
    s->total = (int)of;
    return 0;
}

static int
fill_discord_tuning(struct bot_config *cfg)
{
    const char *intents = bot_config_nonempty(cfg, "DISCORD_INTENTS");
    const char *embeds = bot_config_nonempty(cfg, "DISCORD_EMBEDS");
    const char *guild = bot_config_nonempty(cfg, "DISCORD_GUILD_ID");
    const char *end;
    long n = INTENTS_DEFAULT;
    int rc = fill_discord_shards(cfg);

    if (intents &&
        (number(intents, &end, 0, INTENTS_LIMIT - 1, &n) < 0 || *end != '\0'))
        rc = bot_fail(BOT_EINVAL,
                      "DISCORD_INTENTS must be a number, for example 37377 "
                      "(or 4609 without Message Content), not '%.*s'",
                      SHOW_MAX, intents);
    cfg->discord_intents = n;
    if (embeds && strcmp(embeds, "0") != 0 && strcmp(embeds, "1") != 0)
        rc = bot_fail(BOT_EINVAL, "DISCORD_EMBEDS must be 1 or 0, not '%.*s'",
                      SHOW_MAX, embeds);
    if (guild &&
        (strlen(guild) > 20 || strspn(guild, "0123456789") != strlen(guild)))
        rc = bot_fail(BOT_EINVAL,
                      "DISCORD_GUILD_ID must be a server's id (digits), "
                      "not '%.*s'",
                      SHOW_MAX, guild);
    return rc;
}

int
bot_config_fill_tuning(struct bot_config *cfg)
{
    int rc = fill_irc_tuning(cfg), rc2 = fill_discord_tuning(cfg);

    return rc < 0 ? rc : rc2;
}

int
bot_config_fill_time(struct bot_config *cfg)
{
    const char *leads = bot_config_nonempty(cfg, "NEWSBOT_REMIND_LEADS");
    struct bot_date d;
    char why[128];
    int rc = 0;

    if (cfg->tz && !bot_clock_zone_known(cfg->tz))
        rc = bot_fail(BOT_EINVAL,
                      "NEWSBOT_TZ: '%.*s' is not a time zone this system "
                      "knows; use a name from /usr/share/zoneinfo such as "
                      "Europe/Berlin, or UTC",
                      SHOW_MAX, cfg->tz);
    if (cfg->now && bot_date_parse_now(&d, cfg->now) < 0)
        rc = bot_fail(BOT_EINVAL,
                      "NEWSBOT_NOW must be YYYY-MM-DD[THH:MM[:SS]], not "
                      "'%.*s'",
                      SHOW_MAX, cfg->now);
    if (bot_schedule_parse_leads(&cfg->remind_leads, leads, why, sizeof(why)) <
        0)
        rc = bot_fail(BOT_EINVAL,
                      "NEWSBOT_REMIND_LEADS: %s; for example 7d,1d,0d@09:00",
                      why);
    return rc;
}

/* @db without a password into @out: "postgresql://u:pw@h/db" loses
 * ":pw", and the value of a "password=" key or URI parameter is "***". */
static void
db_shown(const char *db, char *out, size_t cap)
{
    const char *scheme = strstr(db, "://"), *at = NULL, *colon = NULL;
    size_t n = 0;

    if (scheme) {
        size_t auth = strcspn(scheme + 3, "/?");
        at = memchr(scheme + 3, '@', auth);
        colon = memchr(scheme + 3, ':', auth);
    }
    while (*db && n + 4 < cap) {
        if (colon && db == colon && at && colon < at) {
            db = at; /* the userinfo's password */
            continue;
        }
        if (strncmp(db, "password=", 9) == 0) {
            memcpy(out + n, "password=***", 12 < cap - n - 1 ? 12 : 0);
            n += 12 < cap - n - 1 ? 12 : 0;
            db += 9 + strcspn(db + 9, " &");
            continue;
        }
        out[n++] = *db++;
    }
    out[n] = '\0';
}

/* NEWSBOT_DB, or the state folder's newsbot.db; "" when there is none. */
static void
db_place(struct bot_config *cfg)
{
    const char *v = bot_config_nonempty(cfg, "NEWSBOT_DB");
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n;

    if (v)
        n = snprintf(cfg->db, sizeof(cfg->db), "%s", v);
    else if (state && *state == '/')
        n = snprintf(cfg->db, sizeof(cfg->db), "%s/newsbot/newsbot.db", state);
    else if (home && *home)
        n = snprintf(cfg->db, sizeof(cfg->db),
                     "%s/.local/state/newsbot/newsbot.db", home);
    else
        n = -1;
    if (n < 0 || (size_t)n >= sizeof(cfg->db))
        cfg->db[0] = '\0';
    db_shown(cfg->db, cfg->db_shown, sizeof(cfg->db_shown));
}

/* NULL if the file at @path can be written, or made with its folders;
 * else why not. Looks only: nothing is made here. */
static const char *
cannot_write(const char *path)
{
    char dir[PATH_MAX];
    struct stat st;
    char *slash;

    if (stat(path, &st) == 0)
        return S_ISDIR(st.st_mode)       ? "it is a folder"
               : access(path, W_OK) != 0 ? strerror(errno)
                                         : NULL;
    snprintf(dir, sizeof(dir), "%s", path);
    for (;;) { /* the nearest folder that exists must let us in */
        slash = strrchr(dir, '/');
        if (!slash)
            snprintf(dir, sizeof(dir), ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
        if (stat(dir, &st) == 0)
            break;
        if (!slash || slash == dir)
            return "no folder on its path exists";
    }
    if (!S_ISDIR(st.st_mode))
        return "a part of its path is a file";
    return access(dir, W_OK | X_OK) == 0 ? NULL : strerror(errno);
}

static int
chat_runs(const struct bot_config *cfg)
{
    int i;

    for (i = 0; i < cfg->nplatforms; i++) {
        if (strcmp(cfg->platforms[i], "console") != 0)
            return 1;
    }
    return 0;
}

int
bot_config_fill_files(struct bot_config *cfg)
{
    const char *ca = bot_config_nonempty(cfg, "NEWSBOT_CA_FILE");
    const char *why;
    int rc = 0;

    if (ca && access(ca, R_OK) != 0)
        rc = bot_fail(BOT_EINVAL,
                      "NEWSBOT_CA_FILE: cannot read %s (%s); name a PEM file "
                      "of CA certificates, or leave it unset for the system's",
                      ca, strerror(errno));
    db_place(cfg);
    if (!chat_runs(cfg))
        return rc;
    if (!cfg->db[0])
        return bot_fail(BOT_EINVAL,
                        "no place for the reminders' database (neither HOME "
                        "nor XDG_STATE_HOME is set); set NEWSBOT_DB");
    if (bot_store_is_postgres(cfg->db)) /* check-config connects */
        return rc;
    why = cannot_write(cfg->db);
    if (why)
        rc = bot_fail(BOT_EINVAL,
                      "the reminders' database %s cannot be written (%s); "
                      "fix the folder's permissions or set NEWSBOT_DB to a "
                      "writable place",
                      cfg->db, why);
    return rc;
}

/* A file the bot will open must be readable now: NULL, or why not. */
static int
readable(const char *key, const char *path, const char *what)
{
    if (access(path, R_OK) == 0)
        return 0;
    return bot_fail(BOT_EINVAL, "%s: cannot read %s (%s); name %s", key, path,
                    strerror(errno), what);
}

/* IRC_SASL_MECH, or PLAIN when IRC_SASL_USER or _PASSWORD is set. */
static int
sasl_mech(struct bot_config *cfg, const char *user, const char *pass)
{
    const char *mech = bot_config_nonempty(cfg, "IRC_SASL_MECH");

    cfg->irc_sasl_mech = user || pass ? BOT_SASL_PLAIN : BOT_SASL_NONE;
    if (!mech)
        return 0;
    if (strcasecmp(mech, "PLAIN") == 0)
        cfg->irc_sasl_mech = BOT_SASL_PLAIN;
    else if (strcasecmp(mech, "EXTERNAL") == 0)
        cfg->irc_sasl_mech = BOT_SASL_EXTERNAL;
    else
        return bot_fail(BOT_EINVAL,
                        "IRC_SASL_MECH must be PLAIN or EXTERNAL, not '%.*s'",
                        SHOW_MAX, mech);
    return 0;
}

int
bot_config_fill_irc_auth(struct bot_config *cfg)
{
    const char *user = bot_config_nonempty(cfg, "IRC_SASL_USER");
    const char *pass = bot_config_nonempty(cfg, "IRC_SASL_PASSWORD");
    const char *cert = bot_config_nonempty(cfg, "IRC_TLS_CERT");
    const char *key = bot_config_nonempty(cfg, "IRC_TLS_KEY");
    int ircs = cfg->irc_url && strncasecmp(cfg->irc_url, "ircs://", 7) == 0;
    int rc = sasl_mech(cfg, user, pass);

    cfg->irc_sasl_user = user;
    cfg->irc_sasl_password = pass;
    cfg->irc_tls_cert = cert;
    cfg->irc_tls_key = key;
    if (rc < 0)
        return rc;
    if (cfg->irc_sasl_mech == BOT_SASL_PLAIN && (!user || !pass))
        return bot_fail(BOT_EINVAL, "SASL PLAIN needs both IRC_SASL_USER and "
                                    "IRC_SASL_PASSWORD");
    if (user && (strlen(user) > 200 || strcspn(user, " ") != strlen(user)))
        return bot_fail(BOT_EINVAL, "IRC_SASL_USER must be an account name "
                                    "(no spaces, at most 200 bytes)");
    if (pass && strlen(pass) > 300)
        return bot_fail(BOT_EINVAL, "IRC_SASL_PASSWORD is over 300 bytes");
    if (cfg->irc_sasl_mech == BOT_SASL_EXTERNAL && (pass || !cert))
        return bot_fail(BOT_EINVAL,
                        "IRC_SASL_MECH=EXTERNAL logs in with the client "
                        "certificate: set IRC_TLS_CERT (and IRC_TLS_KEY), "
                        "and no IRC_SASL_PASSWORD");
    if (key && !cert)
        return bot_fail(BOT_EINVAL, "IRC_TLS_KEY needs IRC_TLS_CERT");
    if (cert && cfg->irc_url && !ircs)
        return bot_fail(BOT_EINVAL, "IRC_TLS_CERT needs an ircs:// IRC_URL "
                                    "(the certificate is shown in the TLS "
                                    "handshake)");
    if (cert)
        rc = readable("IRC_TLS_CERT", cert,
                      "a PEM file with the client certificate");
    if (rc == 0 && key)
        rc = readable("IRC_TLS_KEY", key, "a PEM file with its private key");
    return rc;
}

void
bot_config_print_irc(const struct bot_config *cfg, FILE *fp)
{
    const char *u = cfg->irc_url;

    if (!u || !bot_config_has_platform(cfg, "irc"))
        return;
    fprintf(fp, "irc transport: %s\n",
            !strncasecmp(u, "ircs://", 7)  ? "TLS (ircs), certificate verified"
            : !strncasecmp(u, "wss://", 6) ? "WebSocket over TLS (wss), "
                                             "certificate verified"
            : !strncasecmp(u, "irc://", 6) ? "plain TCP (irc), not encrypted"
                                           : "WebSocket (ws), not encrypted");
    if (cfg->irc_sasl_mech == BOT_SASL_PLAIN)
        fprintf(fp, "irc login: SASL PLAIN as %s\n", cfg->irc_sasl_user);
    else if (cfg->irc_sasl_mech == BOT_SASL_EXTERNAL)
        fprintf(fp, "irc login: SASL EXTERNAL with the certificate %s\n",
                cfg->irc_tls_cert);
    else
        fprintf(fp, "irc login: none (no SASL)\n");
    if (cfg->irc_tls_cert && cfg->irc_sasl_mech != BOT_SASL_EXTERNAL)
        fprintf(fp, "irc client certificate: %s\n", cfg->irc_tls_cert);
}
