/* The configuration: what each NEWSBOT_*, IRC_*, SLACK_*, DISCORD_* and
 * MATTERMOST_* key means, checked. */
#ifndef BOT_CONFIG_H
#define BOT_CONFIG_H

#include <limits.h>
#include <stdio.h>

#include "bot/base/err.h"
#include "bot/base/log.h"
#include "bot/chat/dotenv.h"
#include "bot/reminders/schedule.h"

#define BOT_CONFIG_PLATFORMS_MAX 8
#define BOT_CONFIG_CHANNELS_MAX  32
#define BOT_CONFIG_SHARDS_MAX    16 /* Discord shards in one process */

enum bot_log_format { BOT_LOG_TEXT = 0, BOT_LOG_JSON };

/* "count/seconds"; count 0 turns the limit off. */
struct bot_rate {
    int count;
    int seconds;
};

/* The Discord shards one process runs: DISCORD_SHARD's one, or
 * DISCORD_SHARDS' list, each id below @total. */
struct bot_shards {
    int ids[BOT_CONFIG_SHARDS_MAX]; /* ascending, no repeats */
    int n;                          /* 0 in a zeroed config: [0] of 1 */
    int total;                      /* the N every shard identifies with */
};

/* The effective configuration: the environment wins over the .env file. */
/* How the IRC adapter logs in to its account (IRC_SASL_MECH). */
enum bot_config_sasl {
    BOT_SASL_NONE = 0,
    BOT_SASL_PLAIN,   /* IRC_SASL_USER and IRC_SASL_PASSWORD */
    BOT_SASL_EXTERNAL /* the client certificate, IRC_TLS_CERT (CertFP) */
};

struct bot_config {
    struct bot_dotenv env; /* every key seen, for bot_config_get() */

    const char *platforms[BOT_CONFIG_PLATFORMS_MAX]; /* "console", "irc" */
    int nplatforms;
    const char *prefix;             /* NEWSBOT_PREFIX, default "!news" */
    const char *knowledge;          /* NEWSBOT_KNOWLEDGE or NULL */
    const char *tz;                 /* NEWSBOT_TZ or NULL (UTC) */
    const char *now;                /* NEWSBOT_NOW or NULL */
    const char *unanswered;         /* NEWSBOT_UNANSWERED: a log, or NULL */
    const char *pins;               /* NEWSBOT_PIN: channel=article,... */
    const char *admins;             /* NEWSBOT_ADMINS: who may change reminders
                                       (bot/chat/admins.h), or NULL: everyone */
    int unanswered_users;           /* NEWSBOT_UNANSWERED_USERS=1 */
    enum bot_log_level log_level;   /* NEWSBOT_LOG_LEVEL, default warn */
    enum bot_log_format log_format; /* NEWSBOT_LOG_FORMAT, default text */
    int allow_insecure;             /* NEWSBOT_ALLOW_INSECURE=1 */
    char http_host[64];             /* NEWSBOT_HTTP host, or "" (off) */
    int http_port;                  /* NEWSBOT_HTTP port */
    struct bot_rate rate_user;      /* NEWSBOT_RATE_USER, default 5/60 */
    struct bot_rate rate_channel;   /* NEWSBOT_RATE_CHANNEL, default 20/60 */
    struct bot_leads remind_leads;  /* NEWSBOT_REMIND_LEADS, parsed */
    char db[PATH_MAX];          /* NEWSBOT_DB, or the state folder's newsbot.db;
                                   "" when only the console runs */
    char db_shown[PATH_MAX];    /* @db as it may be printed: a PostgreSQL
                                   password left out */
    char dotenv_path[PATH_MAX]; /* the .env file read, or "" for none */

    /* IRC */
    const char *irc_url;  /* IRC_URL: ircs://, irc://, wss:// or ws:// */
    const char *irc_nick; /* IRC_NICK, default "newsbot" */
    const char *irc_channels[BOT_CONFIG_CHANNELS_MAX]; /* IRC_CHANNELS */
    int nirc_channels;
    const char *irc_password; /* IRC_PASSWORD (secret) */
    struct bot_rate irc_rate; /* IRC_RATE lines/seconds, default 4/4 */
    int irc_ping_s;           /* IRC_PING seconds of silence, default 90 */
    enum bot_config_sasl irc_sasl_mech; /* IRC_SASL_MECH, or from the keys */
    const char *irc_sasl_user;          /* IRC_SASL_USER (PLAIN) */
    const char *irc_sasl_password;      /* IRC_SASL_PASSWORD (secret) */
    const char *irc_tls_cert; /* IRC_TLS_CERT: client certificate (PEM) */
    const char *irc_tls_key;  /* IRC_TLS_KEY, or NULL: in the cert's file */

    /* Slack (Socket Mode); SLACK_API_URL is read by the adapter */
    const char *slack_app_token; /* SLACK_APP_TOKEN, xapp-… (secret) */
    const char *slack_bot_token; /* SLACK_BOT_TOKEN, xoxb-… (secret) */

    /* Discord; DISCORD_API_URL and _GATEWAY_URL are read by the adapter */
    const char *discord_token;        /* DISCORD_BOT_TOKEN (secret) */
    long discord_intents;             /* DISCORD_INTENTS, default 37377 */
    struct bot_shards discord_shards; /* DISCORD_SHARD(S), default 0/1 */

    /* Mattermost */
    const char *mattermost_url;   /* MATTERMOST_URL: http(s)://host[:port] */
    const char *mattermost_token; /* MATTERMOST_TOKEN (secret) */
};

/**
 * bot_config_load() - read the configuration.
 * @cfg:    caller-owned; need not be initialised.
 * @dotenv: path of an optional .env file (a missing file is fine), or NULL.
 * Every check runs, so that each wrong key is reported (once) in one go:
 * the platforms' keys, DISCORD_INTENTS, _SHARD and _SHARDS, IRC_RATE and
 * _PING,
 * the rate limits, NEWSBOT_REMIND_LEADS, NEWSBOT_TZ (a zone this system
 * knows), NEWSBOT_NOW, NEWSBOT_CA_FILE (readable) and, when a chat
 * platform runs, that the reminders' database can be written or made.
 * Keys with our prefixes that nothing reads are warned about first.
 * Reads every NEWSBOT_*, IRC_*, SLACK_*, DISCORD_* and MATTERMOST_* key
 * from the file and then the environment (which wins), and validates the
 * keys above. A .env line is KEY=value, optionally "export KEY=value", with
 * optional single or double quotes around the value; # starts a comment.
 * Return: 0, or BOT_EINVAL with one clear message naming the key and what
 * is wrong (never its value if the key holds a secret), BOT_EIO for an
 * unreadable file, BOT_ENOMEM. On failure @cfg is left empty.
 */
BOT_MUST_CHECK int bot_config_load(struct bot_config *cfg, const char *dotenv);

/**
 * bot_config_load_named() - read the configuration from the .env file an
 * operator named, or ./.env.
 * @named: the --env FILE argument, or NULL. Without it, NEWSBOT_ENV in the
 *         environment names the file; without either, ./.env is read if it
 *         is there. A named file that does not exist is an error naming it.
 * Return: as bot_config_load().
 */
BOT_MUST_CHECK int bot_config_load_named(struct bot_config *cfg,
                                         const char *named);

/**
 * bot_config_load_vars() - as bot_config_load_named(), with @vars
 * ("KEY=value" strings ending with NULL, as environ) in place of the
 * process environment: NEWSBOT_ENV is looked up there, and its keys win
 * over the file's. A key the process environment has but @vars lacks is
 * not set. A reload passes the environment snapshot (bot/chat/envsnap.h);
 * NULL @vars means the process environment.
 * Return: as bot_config_load().
 */
BOT_MUST_CHECK int bot_config_load_vars(struct bot_config *cfg,
                                        const char *named, char *const *vars);

/* Warns once for each key with one of our prefixes that no part of newsbot
 * reads, naming the closest known key ("unknown key SLACK_TOKEN; did you
 * mean SLACK_BOT_TOKEN?"). Values are never shown. bot_config_load() calls
 * it before its checks. Return: how many. */
int bot_config_warn_unknown(const struct bot_config *cfg);

/* The known key closest to @key by edit distance, or NULL if none is
 * close enough to be a likely typo. */
const char *bot_config_closest_key(const char *key);

/**
 * bot_config_parse_shards() - read a DISCORD_SHARDS value: shard ids over
 * their total, as a range ("0-3/8"), a list ("0,2,5/8") or both
 * ("0-1,6/8").
 * @v:      the value.
 * @s:      gets the ids, ascending, and the total; left zeroed on failure.
 * @why:    gets what is wrong, on failure (@why_len bytes).
 * Every id must be below the total (at most 4096), none twice, and at
 * most BOT_CONFIG_SHARDS_MAX in all. Return: 0, or BOT_EINVAL (not
 * logged: the caller names the key).
 */
int bot_config_parse_shards(const char *v, struct bot_shards *s, char *why,
                            size_t why_len);
void bot_config_release(struct bot_config *cfg);

/* The raw value of @key, or NULL. Borrowed until bot_config_release(). */
const char *bot_config_get(const struct bot_config *cfg, const char *key);

/* True if @key names a secret (…_TOKEN, …_PASSWORD, …_SECRET, …_KEY). */
int bot_config_is_secret(const char *key);

/* True if @platform ("irc") is among NEWSBOT_PLATFORMS. */
int bot_config_has_platform(const struct bot_config *cfg, const char *platform);

/**
 * bot_config_check_url() - refuse a plain-text URL to a non-loopback host.
 * ws:// and http:// (and, for IRC_URL only, irc://) are allowed only for
 * localhost, 127.0.0.0/8 and ::1, unless @allow_insecure. wss://,
 * https:// and (IRC_URL) ircs:// are always allowed.
 * Return: 0, or BOT_EINVAL (reported, naming @key) for a bad or insecure
 * URL.
 */
BOT_MUST_CHECK int bot_config_check_url(const char *key, const char *url,
                                        int allow_insecure);

/* Prints every key with its value and where it came from; secrets are
 * printed as "****" (set) so that no token ever reaches a terminal log. */
void bot_config_print(const struct bot_config *cfg, FILE *fp);

#endif
