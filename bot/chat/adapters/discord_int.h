/* The Discord adapter's private contract between its files: discord.c (the
 * adapter's ops, /gateway/bot, messages and replies), discord_gw.c (one
 * Gateway connection per shard, and the pacing of their identifies),
 * discord_cmds.c (application commands and interactions) and
 * discord_embed.c (answers laid out as embeds). No code outside
 * bot/chat/adapters/discord*.c includes this. */
#ifndef BOT_DISCORD_INT_H
#define BOT_DISCORD_INT_H

#include <jansson.h>
#include <stdint.h>

#include "bot/chat/adapter.h"
#include "bot/chat/config.h"
#include "bot/chat/metrics.h"
#include "bot/chat/seen.h"

#define DC_URL_MAX     512
#define DC_ID_MAX      64
#define DC_CONTENT_MAX 1900 /* bytes per message (Discord: 2000 characters) */
#define DC_PLAIN_MAX   32   /* channels that refused embeds, remembered */
#define DC_USER_AGENT                                                          \
    "User-Agent: DiscordBot (https://example.invalid/newsbot, 1)"

struct bot_outbox;
struct bot_timer;
struct bot_ws;
struct dc_ix;
struct dc_fallback;

#define DC_SHARDS_MAX BOT_CONFIG_SHARDS_MAX
/* Discord takes one IDENTIFY per 5 s per rate-limit bucket (shard id %
 * max_concurrency); more and it answers op 9. */
#define DC_IDENTIFY_GAP_MS 5000

/* Where a shard stands with its IDENTIFY (discord_gw.c paces them). */
enum dc_turn {
    DC_TURN_NONE = 0, /* identified, resuming, or not started */
    DC_TURN_WAITING,  /* must identify: waits for its bucket's turn */
    DC_TURN_OURS,     /* its turn: connecting, then identifying */
};

/* One shard: its own Gateway connection, session, sequence and heartbeat
 * (discord_gw.c). */
struct dc_gw {
    struct dc *dc;
    struct bot_ws *ws; /* made once the gateway URL is known */
    int shard;         /* its id, of dc->nshards */
    char resume_url[DC_URL_MAX];
    char session_id[128];
    long long seq;           /* the last dispatch's s, or -1 */
    int resume;              /* the next connection resumes the session */
    int ready;               /* READY or RESUMED on this connection */
    enum bot_disconnect why; /* of a close we started, for the metrics */
    int64_t hb_interval, hb_next;
    int hb_acked;
    enum dc_turn turn;
    int64_t not_before; /* WAITING: no turn before this (op 9's pause) */
    int64_t identified; /* when it last sent IDENTIFY; INT64_MIN: never */
    unsigned attempt;   /* identifies or connects that failed in a row */
};

struct dc {
    struct bot_adapter *ad;
    struct dc_gw gw[DC_SHARDS_MAX]; /* DISCORD_SHARD(S), ascending ids */
    int ngw;
    int nshards; /* the total every shard identifies with */
    char api[DC_URL_MAX];
    char gateway[DC_URL_MAX]; /* from /gateway/bot or DISCORD_GATEWAY_URL */
    char user_id[DC_ID_MAX];  /* READY's user.id (the same on every shard) */
    char *auth;               /* "Authorization: Bot ..." (secret) */
    const char *token;        /* borrowed (secret) */
    long intents;
    int max_concurrency;  /* /gateway/bot's session_start_limit, or 1 */
    int64_t starts_after; /* no IDENTIFY before (its remaining was 0) */
    int stopping;
    int64_t now;
    struct bot_timer *timer; /* /gateway/bot retries */
    unsigned attempt;
    struct bot_seen seen;
    struct bot_outbox *outbox;

    /* Answers laid out (discord_embed.c). */
    int embeds;                          /* DISCORD_EMBEDS: 1 (default) or 0 */
    char plain[DC_PLAIN_MAX][DC_ID_MAX]; /* channels without EMBED_LINKS */
    size_t plain_next;
    struct dc_fallback *fallbacks; /* embed posts that may come back 403 */

    /* Application commands and interactions (discord_cmds.c). */
    char app_id[DC_ID_MAX];   /* READY's application.id */
    char guild_id[DC_ID_MAX]; /* DISCORD_GUILD_ID, or "" (global) */
    enum { DC_CMDS_NONE = 0, DC_CMDS_CHECKING, DC_CMDS_DONE } cmds;
    struct bot_timer *cmds_timer; /* retries of GET/PUT commands */
    unsigned cmds_attempt;
    struct dc_ix *ixs; /* interactions not yet answered for good */
};

/* ---- discord.c ---- */

/* A MESSAGE_CREATE's d, from any shard: handed to the runtime. */
void bot_discord_on_message(struct dc *dc, json_t *d);

/* POSTs a message to @channel: @fields (content or embeds; consumed) plus
 * allowed_mentions, a reply to @reply_to if not NULL, @nonce if not NULL.
 * Return: as bot_outbox_post(). */
int bot_discord_create(struct dc *dc, const char *channel, const char *reply_to,
                       json_t *fields, const char *nonce, bot_post_done done,
                       void *arg);

/* Replies to message @id in @channel with @text as plain messages, split
 * at Discord's limit. Return: 0, or what bot_discord_create() says. */
int bot_discord_reply_plain(struct dc *dc, const char *channel, const char *id,
                            const char *text);

/* ---- discord_gw.c ---- */

/* Sets up shard @id's connection in @g (nothing is sent yet). */
void bot_discord_gw_init(struct dc *dc, struct dc_gw *g, int id);

/* The gateway URL is known: @g waits for its turn to identify. */
void bot_discord_gw_start(struct dc_gw *g);

/* Heartbeats, and a zombie connection closed to resume. */
void bot_discord_gw_tick(struct dc_gw *g, int64_t now_ms);

/* Gives shards that wait to identify their turn: one at a time per
 * rate-limit bucket, DC_IDENTIFY_GAP_MS after the bucket's last
 * IDENTIFY. Called every tick. */
void bot_discord_gw_pace(struct dc *dc, int64_t now_ms);

/* Frees @g's connection (the adapter's release). */
void bot_discord_gw_release(struct dc_gw *g);

/* ---- discord_embed.c ---- */

/* Whether @a is laid out as an embed in @channel (NULL: an interaction,
 * which needs no EMBED_LINKS). */
int bot_discord_embed_wanted(const struct dc *dc, const char *channel,
                             const struct bot_answer *a);

/* The message fields for @a as a new object: {"embeds": [...]} when
 * @embed, else {"content": the text cut to one message}. NULL: no
 * memory. */
json_t *bot_discord_embed_fields(const struct bot_answer *a, int embed);

/* Replies to message @to with @a as an embed; if the channel refuses
 * embeds (403), remembers it and sends @a's plain text instead. Return:
 * 0, or what bot_discord_create() says. */
int bot_discord_embed_reply(struct dc *dc, const struct bot_msg *to,
                            const struct bot_answer *a);

/* Forgets the fallbacks still waiting (the adapter's release). */
void bot_discord_embed_release(struct dc *dc);

/* ---- discord_cmds.c ---- */

/* READY said who we are: registers the commands if they differ. */
void bot_discord_cmds_start(struct dc *dc, const char *app_id);

/* An INTERACTION_CREATE's d: an application command, answered. */
void bot_discord_ix_create(struct dc *dc, json_t *d);

/* The answer to interaction @ix (bot_msg.ctx). Return: 0 or BOT_ENOMEM. */
int bot_discord_ix_reply(struct dc *dc, struct dc_ix *ix,
                         const struct bot_answer *a);

/* The answer to @ix will take a while: acknowledge it now (type 5). */
void bot_discord_ix_defer(struct dc *dc, struct dc_ix *ix);

/* Forgets interactions past their token's life (15 min). */
void bot_discord_ix_tick(struct dc *dc, int64_t now_ms);

/* Interactions with a request on its way or an answer still to send. */
int bot_discord_ix_busy(const struct dc *dc);

/* Frees every interaction and the commands' timer (release). */
void bot_discord_cmds_release(struct dc *dc);

#endif
