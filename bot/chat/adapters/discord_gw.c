/* One Discord Gateway connection per shard: Hello, jittered heartbeats,
 * Identify or Resume, dispatches with their sequence numbers, close codes
 * split into resume, identify again and stop; and the pacing that keeps
 * the shards' identifies to Discord's one per 5 s per bucket. Only the
 * Discord adapter's files call this (discord_int.h). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/chat/adapter.h"
#include "bot/chat/config.h"
#include "bot/net/ws.h"
#include "discord_int.h"

#define QUERY "?v=10&encoding=json"

static int
send_json(struct dc_gw *g, json_t *msg, int urgent)
{
    char *s = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
    int rc = s ? bot_ws_send(g->ws, s, strlen(s), urgent) : BOT_ENOMEM;

    bot_secret_free(s); /* Identify and Resume carry the token */
    json_decref(msg);
    return rc;
}

static void
heartbeat(struct dc_gw *g)
{
    json_t *d = g->seq >= 0 ? json_integer(g->seq) : json_null();

    g->hb_acked = 0;
    g->hb_next = g->dc->now + g->hb_interval;
    if (send_json(g, json_pack("{s:i, s:o}", "op", 1, "d", d), 1) < 0)
        bot_log(BOT_LOG_WARN, "discord: shard %d could not send a heartbeat",
                g->shard);
}

static void
identify(struct dc_gw *g)
{
    struct dc *dc = g->dc;
    json_t *m =
        json_pack("{s:i, s:{s:s, s:i, s:{s:s, s:s, s:s}, s:[i, i]}}", "op", 2,
                  "d", "token", dc->token, "intents", (json_int_t)dc->intents,
                  "properties", "os", "linux", "browser", "newsbot", "device",
                  "newsbot", "shard", g->shard, dc->nshards);

    /* Counted as sent even if it is not: the pause is the safe mistake. */
    g->turn = DC_TURN_NONE;
    g->identified = dc->now;
    bot_log(BOT_LOG_INFO, "discord: identifying (shard %d/%d)", g->shard,
            dc->nshards);
    if (send_json(g, m, 1) < 0)
        bot_ws_close(g->ws, 4000, "cannot identify");
}

static void
resume(struct dc_gw *g)
{
    json_t *m = json_pack("{s:i, s:{s:s, s:s, s:I}}", "op", 6, "d", "token",
                          g->dc->token, "session_id", g->session_id, "seq",
                          (json_int_t)g->seq);

    bot_log(BOT_LOG_INFO, "discord: shard %d resuming at %lld", g->shard,
            g->seq);
    if (send_json(g, m, 1) < 0)
        bot_ws_close(g->ws, 4000, "cannot resume");
}

static const struct bot_ws_handler handler;

/* Points the connection at the resume URL or the gateway. Return: 0 or
 * BOT_EINVAL. */
static int
aim(struct dc_gw *g)
{
    char url[DC_URL_MAX + 32];
    struct bot_ws_opts o = {NULL, NULL, NULL, 0};
    const char *base;
    size_t n;

    if (!g->resume || !g->session_id[0] || !g->resume_url[0]) {
        g->resume = 0;
        base = g->dc->gateway;
    } else {
        base = g->resume_url;
    }
    n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    snprintf(url, sizeof(url), "%.*s/" QUERY, (int)n, base);
    if (g->ws)
        return bot_ws_set_url(g->ws, url);
    o.url = url;
    g->ws = bot_ws_new(bot_loop_of(g->dc->ad->bot), &o, &handler, g);
    return g->ws ? 0 : BOT_EINVAL;
}

/* The adapter has failed for good (bot_fatal_*): every shard stops, as
 * the one connection did before shards; nothing reconnects or retries. */
static void
give_up(struct dc *dc)
{
    struct bot_ws *ws;
    int i;

    dc->stopping = 1;
    for (i = 0; i < dc->ngw; i++) {
        ws = dc->gw[i].ws;
        if (ws && bot_ws_is_open(ws))
            bot_ws_close(ws, 1000, "newsbot gave up");
    }
}

static void
connect_now(struct dc_gw *g)
{
    if (aim(g) < 0 || bot_ws_connect(g->ws) < 0) {
        give_up(g->dc);
        bot_fatal_config(g->dc->ad->bot, "discord",
                         "cannot use the gateway URL");
    }
}

/* ---- pacing the identifies ---- */

static int
same_bucket(const struct dc *dc, const struct dc_gw *a, const struct dc_gw *b)
{
    return a->shard % dc->max_concurrency == b->shard % dc->max_concurrency;
}

/* Whether @g's bucket may start an identify now: nobody in it holds the
 * turn and its last IDENTIFY is DC_IDENTIFY_GAP_MS old. A turn is taken
 * before connecting, so the gap holds whatever the connect costs. */
static int
bucket_free(const struct dc *dc, const struct dc_gw *g, int64_t now)
{
    const struct dc_gw *h;
    int i;

    for (i = 0; i < dc->ngw; i++) {
        h = &dc->gw[i];
        if (!same_bucket(dc, g, h))
            continue;
        if (h->turn == DC_TURN_OURS)
            return 0;
        if (h->identified != INT64_MIN &&
            now - h->identified < DC_IDENTIFY_GAP_MS)
            return 0;
    }
    return 1;
}

void
bot_discord_gw_pace(struct dc *dc, int64_t now)
{
    struct dc_gw *g;
    int i;

    if (dc->stopping || !dc->gateway[0] || now < dc->starts_after)
        return;
    /* in id order: shard 0 (DMs) first; a URL that cannot be used
     * stops the adapter, and with it the loop */
    for (i = 0; i < dc->ngw && !dc->stopping; i++) {
        g = &dc->gw[i];
        if (g->turn != DC_TURN_WAITING || now < g->not_before ||
            !bucket_free(dc, g, now))
            continue;
        g->turn = DC_TURN_OURS;
        if (!g->ws || !bot_ws_is_open(g->ws))
            connect_now(g);
        else if (g->hb_interval)
            identify(g); /* Hello came while it waited */
        /* else Hello is on its way, and on_hello() identifies */
    }
}

/* @g lost its session (or never had one): identify again once its turn
 * comes, and not before @wait ms. */
static void
wait_turn(struct dc_gw *g, int64_t wait)
{
    g->resume = 0;
    g->turn = DC_TURN_WAITING;
    g->not_before = g->dc->now + wait;
}

void
bot_discord_gw_start(struct dc_gw *g)
{
    if (g->turn == DC_TURN_NONE && !g->ws)
        wait_turn(g, 0);
}

/* What a gateway close code says of why the session ended. Discord will
 * not take us back after 4004 (auth) and 4010-4014 (config). */
static enum bot_disconnect
close_reason(int code)
{
    if (code == 4004)
        return BOT_DISCONNECT_AUTH;
    if (code >= 4010 && code <= 4014) /* shard, API version, intents */
        return BOT_DISCONNECT_CONFIG;
    if (code == 4007) /* a Resume with a seq it does not know */
        return BOT_DISCONNECT_RESUME_FAILED;
    if (code == 4009) /* the session timed out */
        return BOT_DISCONNECT_INVALID_SESSION;
    if (code == 4008)
        return BOT_DISCONNECT_RATE_LIMITED;
    if (code >= 4001 && code <= 4005) /* opcode, decode, (not) identified */
        return BOT_DISCONNECT_PROTOCOL;
    return bot_metrics_close_reason(code);
}

/* ---- ready and lost: the platform is ready when every shard is ---- */

static void
shard_up(struct dc_gw *g, const char *how)
{
    struct dc *dc = g->dc;
    int i, up = 0;

    g->ready = 1;
    g->attempt = 0;
    bot_ws_ready(g->ws);
    for (i = 0; i < dc->ngw; i++)
        up += dc->gw[i].ready;
    bot_log(BOT_LOG_INFO, "discord: shard %d/%d %s as user %s (%d of %d up)",
            g->shard, dc->nshards, how, dc->user_id, up, dc->ngw);
    if (up == dc->ngw)
        bot_platform_ready(dc->ad);
}

static void
shard_lost(struct dc_gw *g, int code, const char *reason)
{
    struct dc *dc = g->dc;
    char why[128];

    g->ready = 0;
    bot_log(BOT_LOG_WARN, "discord: shard %d/%d disconnected (%d %s)", g->shard,
            dc->nshards, code, reason ? reason : "");
    /* /status shows which shard, when there are several */
    if (dc->ngw > 1)
        snprintf(why, sizeof(why), "shard %d: %.100s", g->shard,
                 reason ? reason : "");
    bot_platform_lost(dc->ad, g->why ? g->why : close_reason(code), code,
                      dc->ngw > 1 ? why : reason);
}

/* ---- events ---- */

static void
on_ready(struct dc_gw *g, json_t *d)
{
    struct dc *dc = g->dc;
    const char *user = NULL, *session = NULL, *resume_url = NULL, *app = NULL;

    if (json_unpack(d, "{s:{s:s}, s:s, s?s, s?{s?s}}", "user", "id", &user,
                    "session_id", &session, "resume_gateway_url", &resume_url,
                    "application", "id", &app) != 0 ||
        strlen(user) >= sizeof(dc->user_id) ||
        strlen(session) >= sizeof(g->session_id)) {
        bot_log(BOT_LOG_WARN, "discord: a READY without a user or session");
        return;
    }
    snprintf(dc->user_id, sizeof(dc->user_id), "%s", user);
    snprintf(g->session_id, sizeof(g->session_id), "%s", session);
    g->resume_url[0] = '\0';
    if (resume_url && strlen(resume_url) < sizeof(g->resume_url) &&
        bot_config_check_url("the resume URL", resume_url,
                             dc->ad->cfg->allow_insecure) == 0)
        snprintf(g->resume_url, sizeof(g->resume_url), "%s", resume_url);
    shard_up(g, "ready");
    if (app) /* the first READY of the process registers them */
        bot_discord_cmds_start(dc, app);
}

static void
on_dispatch(struct dc_gw *g, json_t *msg)
{
    const char *t = json_string_value(json_object_get(msg, "t"));
    json_t *s = json_object_get(msg, "s");
    json_t *d = json_object_get(msg, "d");

    if (json_is_integer(s) && json_integer_value(s) > g->seq)
        g->seq = json_integer_value(s);
    if (!t)
        return;
    if (strcmp(t, "READY") == 0)
        on_ready(g, d);
    else if (strcmp(t, "RESUMED") == 0)
        shard_up(g, "resumed");
    else if (strcmp(t, "MESSAGE_CREATE") == 0 && g->dc->user_id[0])
        bot_discord_on_message(g->dc, d);
    else if (strcmp(t, "INTERACTION_CREATE") == 0 && g->dc->user_id[0])
        bot_discord_ix_create(g->dc, d);
}

static void
on_hello(struct dc_gw *g, json_t *msg)
{
    struct dc *dc = g->dc;

    g->hb_interval = json_integer_value(
        json_object_get(json_object_get(msg, "d"), "heartbeat_interval"));
    if (g->hb_interval < 100)
        g->hb_interval = 41250;
    /* The first beat at a random point of the interval. */
    g->hb_next = dc->now + (int64_t)((uint64_t)(dc->now + g->shard) *
                                     2654435761u % (uint64_t)g->hb_interval);
    g->hb_acked = 1;
    if (g->resume && g->session_id[0])
        resume(g);
    else if (g->turn == DC_TURN_OURS)
        identify(g);
    else /* connected without a turn: heartbeat until it comes */
        wait_turn(g, 0);
}

static void
ws_message(void *arg, const char *buf, size_t len, int binary)
{
    struct dc_gw *g = arg;
    json_t *msg = binary ? NULL : json_loadb(buf, len, 0, NULL);
    json_t *op = json_object_get(msg, "op");

    g->dc->now = bot_now_ms(g->dc->ad->bot);
    switch (json_is_integer(op) ? (int)json_integer_value(op) : -1) {
    case 0:
        on_dispatch(g, msg);
        break;
    case 1: /* the gateway wants a heartbeat now */
        heartbeat(g);
        break;
    case 7:
        bot_log(BOT_LOG_INFO, "discord: shard %d asked to reconnect", g->shard);
        g->resume = 1;
        g->why = BOT_DISCONNECT_CLOSED_BY_SERVER;
        bot_ws_close(g->ws, 4000, "reconnect requested");
        break;
    case 9:
        g->resume = json_is_true(json_object_get(msg, "d"));
        if (!g->resume) {
            g->session_id[0] = '\0';
            g->seq = -1;
        }
        bot_log(BOT_LOG_WARN, "discord: invalid session on shard %d (%s)",
                g->shard, g->resume ? "resumable" : "identifying again");
        g->why = BOT_DISCONNECT_INVALID_SESSION;
        bot_ws_close(g->ws, 4000, "invalid session");
        break;
    case 10:
        on_hello(g, msg);
        break;
    case 11:
        g->hb_acked = 1;
        break;
    default:
        bot_log(BOT_LOG_WARN,
                "discord: dropped a %zu-byte message that is "
                "not a gateway payload",
                len);
    }
    json_decref(msg);
}

static void
ws_open(void *arg)
{
    struct dc_gw *g = arg;

    g->hb_interval = 0;
    g->why = BOT_DISCONNECT_NONE;
}

/* A fatal close code ends the whole adapter, whichever shard got it: the
 * token or the settings are wrong for every shard. Return: 1 if fatal. */
static int
fatal_close(struct dc_gw *g, int code, const char *reason)
{
    char why[192];

    if (code == 4004) {
        give_up(g->dc);
        bot_fatal_auth(g->dc->ad->bot, "discord",
                       "the gateway closed with 4004");
        return 1;
    }
    if (close_reason(code) != BOT_DISCONNECT_CONFIG)
        return 0;
    snprintf(why, sizeof(why),
             "the gateway closed shard %d/%d with %d (%.80s)%s", g->shard,
             g->dc->nshards, code, reason ? reason : "",
             code == 4014 ? "; enable the Message Content intent or set "
                            "DISCORD_INTENTS=4609"
                          : "");
    give_up(g->dc);
    bot_fatal_config(g->dc->ad->bot, "discord", why);
    return 1;
}

static int
ws_close(void *arg, int code, const char *reason)
{
    struct dc_gw *g = arg;
    int64_t wait;

    g->dc->now = bot_now_ms(g->dc->ad->bot); /* not_before counts from it */
    g->hb_interval = 0;
    g->ready = 0;
    if (g->dc->stopping || fatal_close(g, code, reason))
        return 1;
    if (code == 4003 || code == 4007 || code == 4009) {
        g->session_id[0] = '\0';
        g->seq = -1;
    }
    shard_lost(g, code, reason);
    if (!g->session_id[0]) {
        /* op 9 false, a lost session or a connect that failed before its
         * identify: identify afresh after 1-5 s, longer when it keeps
         * failing (the identify budget is small), in its turn. */
        wait = bot_ws_backoff_ms(g->attempt++, 0);
        if (wait < 1000)
            wait = 1000 + (int64_t)((uint64_t)(g->dc->now + g->shard) *
                                    2654435761u % 4000);
        wait_turn(g, wait);
        return 1;
    }
    g->turn = DC_TURN_NONE;
    g->resume = 1;
    return aim(g) < 0; /* the backoff of ws.c, then resume */
}

static const struct bot_ws_handler handler = {ws_open, ws_message, ws_close,
                                              NULL};

/* ---- the adapter's side ---- */

void
bot_discord_gw_init(struct dc *dc, struct dc_gw *g, int id)
{
    memset(g, 0, sizeof(*g));
    g->dc = dc;
    g->shard = id;
    g->seq = -1;
    g->identified = INT64_MIN;
}

void
bot_discord_gw_tick(struct dc_gw *g, int64_t now_ms)
{
    if (!g->ws || !bot_ws_is_open(g->ws) || !g->hb_interval ||
        now_ms < g->hb_next)
        return;
    if (!g->hb_acked) { /* a zombie connection */
        bot_log(BOT_LOG_WARN, "discord: shard %d: no heartbeat ACK; resuming",
                g->shard);
        g->resume = 1;
        g->hb_interval = 0;
        g->why = BOT_DISCONNECT_TIMEOUT;
        bot_ws_close(g->ws, 4000, "heartbeat ACK missing");
        return;
    }
    heartbeat(g);
}

void
bot_discord_gw_release(struct dc_gw *g)
{
    bot_ws_free(g->ws);
    g->ws = NULL;
}
