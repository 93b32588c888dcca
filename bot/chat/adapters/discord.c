/* Discord (Gateway v10): GET /gateway/bot for the URL, Hello, jittered
 * heartbeats, Identify or Resume, dispatches with their sequence numbers;
 * replies with POST /channels/{id}/messages referencing the question (an
 * embed: discord_embed.c); slash commands in discord_cmds.c. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/chat/adapter.h"
#include "bot/chat/config.h"
#include "bot/chat/outbox.h"
#include "bot/chat/seen.h"
#include "bot/chat/split.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "discord_int.h"

#define MESSAGES_MAX 4 /* messages one answer may take */
#define QUERY        "?v=10&encoding=json"

/* GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT */
#define INTENTS_DEFAULT 37377

static int
send_json(struct dc *dc, json_t *msg, int urgent)
{
    char *s = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
    int rc = s ? bot_ws_send(dc->ws, s, strlen(s), urgent) : BOT_ENOMEM;

    bot_secret_free(s); /* Identify and Resume carry the token */
    json_decref(msg);
    return rc;
}

static void
heartbeat(struct dc *dc)
{
    json_t *d = dc->seq >= 0 ? json_integer(dc->seq) : json_null();

    dc->hb_acked = 0;
    dc->hb_next = dc->now + dc->hb_interval;
    if (send_json(dc, json_pack("{s:i, s:o}", "op", 1, "d", d), 1) < 0)
        bot_log(BOT_LOG_WARN, "discord: could not send a heartbeat");
}

static void
identify(struct dc *dc)
{
    json_t *m =
        json_pack("{s:i, s:{s:s, s:i, s:{s:s, s:s, s:s}, s:[i, i]}}", "op", 2,
                  "d", "token", dc->token, "intents", (json_int_t)dc->intents,
                  "properties", "os", "linux", "browser", "newsbot", "device",
                  "newsbot", "shard", dc->shard, dc->nshards);

    bot_log(BOT_LOG_INFO, "discord: identifying (shard %d/%d)", dc->shard,
            dc->nshards);
    if (send_json(dc, m, 1) < 0)
        bot_ws_close(dc->ws, 4000, "cannot identify");
}

static void
resume(struct dc *dc)
{
    json_t *m =
        json_pack("{s:i, s:{s:s, s:s, s:I}}", "op", 6, "d", "token", dc->token,
                  "session_id", dc->session_id, "seq", (json_int_t)dc->seq);

    bot_log(BOT_LOG_INFO, "discord: resuming at %lld", dc->seq);
    if (send_json(dc, m, 1) < 0)
        bot_ws_close(dc->ws, 4000, "cannot resume");
}

static const struct bot_ws_handler handler;

/* Points the connection at the resume URL or the gateway. Return: 0 or
 * BOT_EINVAL. */
static int
aim(struct dc *dc)
{
    char url[DC_URL_MAX + 32];
    struct bot_ws_opts o = {NULL, NULL, NULL, 0};
    const char *base;
    size_t n;

    if (!dc->resume || !dc->session_id[0] || !dc->resume_url[0]) {
        dc->resume = 0;
        base = dc->gateway;
    } else {
        base = dc->resume_url;
    }
    n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    snprintf(url, sizeof(url), "%.*s/" QUERY, (int)n, base);
    if (dc->ws)
        return bot_ws_set_url(dc->ws, url);
    o.url = url;
    dc->ws = bot_ws_new(bot_loop_of(dc->ad->bot), &o, &handler, dc);
    return dc->ws ? 0 : BOT_EINVAL;
}

static void
connect_now(struct dc *dc)
{
    if (aim(dc) < 0 || bot_ws_connect(dc->ws) < 0)
        bot_fatal_config(dc->ad->bot, "discord", "cannot use the gateway URL");
}

/* ---- /gateway/bot ---- */

static void request_gateway(void *arg);

static void
gateway_done(void *arg, const struct bot_http_response *r)
{
    struct dc *dc = arg;
    json_t *root = NULL;
    const char *url = NULL;
    char what[256];
    int64_t wait;

    if (dc->stopping)
        return;
    if (r->rc == BOT_EAUTH) {
        bot_fatal_auth(
            dc->ad->bot, "discord",
            "GET /gateway/bot was refused (check DISCORD_BOT_TOKEN)");
        return;
    }
    if (r->rc == 0)
        root = json_loadb(r->body, r->body_len, 0, NULL);
    if (json_unpack(root, "{s:s}", "url", &url) == 0 &&
        strlen(url) < sizeof(dc->gateway) &&
        bot_config_check_url("the gateway URL", url,
                             dc->ad->cfg->allow_insecure) == 0) {
        snprintf(dc->gateway, sizeof(dc->gateway), "%s", url);
        json_decref(root);
        connect_now(dc);
        return;
    }
    json_decref(root);
    wait = bot_ws_backoff_ms(dc->attempt++, 0);
    bot_http_describe(r, what, sizeof(what));
    bot_log(BOT_LOG_WARN,
            "discord: GET /gateway/bot failed (%s); "
            "retrying in %lld ms",
            what, (long long)wait);
    bot_timer_start(dc->timer, wait);
}

static void
request_gateway(void *arg)
{
    struct dc *dc = arg;
    struct bot_http *http = bot_http(dc->ad->bot);
    char url[DC_URL_MAX + 16];
    struct bot_http_request req = {"GET", url, {dc->auth, DC_USER_AGENT, NULL},
                                   NULL,  0,   0};

    if (dc->stopping)
        return;
    if (dc->gateway[0]) { /* known: op 9's pause is over */
        connect_now(dc);
        return;
    }
    snprintf(url, sizeof(url), "%s/gateway/bot", dc->api);
    if (!http || bot_http_send(http, &req, gateway_done, dc) < 0)
        bot_timer_start(dc->timer, 1000);
}

/* ---- events ---- */

/* Removes <@ID> and <@!ID> from @s in place; returns 1 if there was one. */
static int
strip_mention(char *s, const char *id)
{
    char pat[DC_ID_MAX + 4];
    int found = 0, bang;

    for (bang = 0; bang < 2; bang++) {
        char *p;
        snprintf(pat, sizeof(pat), "<@%s%s>", bang ? "!" : "", id);
        while ((p = strstr(s, pat)) != NULL) {
            memmove(p, p + strlen(pat), strlen(p + strlen(pat)) + 1);
            found = 1;
        }
    }
    return found;
}

static int
mentions_me(json_t *mentions, const char *id)
{
    size_t i;

    for (i = 0; i < json_array_size(mentions); i++) {
        const char *m = json_string_value(
            json_object_get(json_array_get(mentions, i), "id"));
        if (m && strcmp(m, id) == 0)
            return 1;
    }
    return 0;
}

static void
on_message_create(struct dc *dc, json_t *d)
{
    const char *id = NULL, *channel = NULL, *content = NULL, *author = NULL;
    json_t *type = json_object_get(d, "type");
    json_int_t t = json_is_integer(type) ? json_integer_value(type) : 0;
    struct bot_msg msg;
    char *copy;

    if (json_unpack(d, "{s:s, s:s, s:s, s:{s:s}}", "id", &id, "channel_id",
                    &channel, "content", &content, "author", "id",
                    &author) != 0 ||
        (t != 0 && t != 19) || bot_seen_check(&dc->seen, id))
        return;
    copy = strdup(content);
    if (!copy)
        return;
    memset(&msg, 0, sizeof(msg));
    msg.channel = channel; /* a Discord thread is a channel of its own */
    msg.id = id;
    msg.user = author;
    msg.direct = json_object_get(d, "guild_id") == NULL;
    msg.mentioned = mentions_me(json_object_get(d, "mentions"), dc->user_id) |
                    strip_mention(copy, dc->user_id);
    msg.from_self = strcmp(author, dc->user_id) == 0;
    msg.from_bot =
        json_is_true(json_object_get(json_object_get(d, "author"), "bot")) ||
        json_object_get(d, "webhook_id") != NULL;
    msg.text = copy;
    msg.len = strlen(copy);
    bot_on_msg(dc->ad->bot, dc->ad, &msg, NULL);
    free(copy);
}

static void
on_ready(struct dc *dc, json_t *d)
{
    const char *user = NULL, *session = NULL, *resume_url = NULL, *app = NULL;

    if (json_unpack(d, "{s:{s:s}, s:s, s?s, s?{s?s}}", "user", "id", &user,
                    "session_id", &session, "resume_gateway_url", &resume_url,
                    "application", "id", &app) != 0 ||
        strlen(user) >= sizeof(dc->user_id) ||
        strlen(session) >= sizeof(dc->session_id)) {
        bot_log(BOT_LOG_WARN, "discord: a READY without a user or session");
        return;
    }
    snprintf(dc->user_id, sizeof(dc->user_id), "%s", user);
    snprintf(dc->session_id, sizeof(dc->session_id), "%s", session);
    dc->resume_url[0] = '\0';
    if (resume_url && strlen(resume_url) < sizeof(dc->resume_url) &&
        bot_config_check_url("the resume URL", resume_url,
                             dc->ad->cfg->allow_insecure) == 0)
        snprintf(dc->resume_url, sizeof(dc->resume_url), "%s", resume_url);
    dc->attempt = 0;
    bot_ws_ready(dc->ws);
    bot_platform_ready(dc->ad);
    bot_log(BOT_LOG_INFO, "discord: ready as user %s", dc->user_id);
    if (app)
        bot_discord_cmds_start(dc, app);
}

static void
on_dispatch(struct dc *dc, json_t *msg)
{
    const char *t = json_string_value(json_object_get(msg, "t"));
    json_t *s = json_object_get(msg, "s");
    json_t *d = json_object_get(msg, "d");

    if (json_is_integer(s) && json_integer_value(s) > dc->seq)
        dc->seq = json_integer_value(s);
    if (!t)
        return;
    if (strcmp(t, "READY") == 0) {
        on_ready(dc, d);
    } else if (strcmp(t, "RESUMED") == 0) {
        dc->attempt = 0;
        bot_ws_ready(dc->ws);
        bot_platform_ready(dc->ad);
        bot_log(BOT_LOG_INFO, "discord: resumed");
    } else if (strcmp(t, "MESSAGE_CREATE") == 0 && dc->user_id[0]) {
        on_message_create(dc, d);
    } else if (strcmp(t, "INTERACTION_CREATE") == 0 && dc->user_id[0]) {
        bot_discord_ix_create(dc, d);
    }
}

static void
ws_message(void *arg, const char *buf, size_t len, int binary)
{
    struct dc *dc = arg;
    json_t *msg = binary ? NULL : json_loadb(buf, len, 0, NULL);
    json_t *op = json_object_get(msg, "op");

    dc->now = bot_now_ms(dc->ad->bot);
    switch (json_is_integer(op) ? (int)json_integer_value(op) : -1) {
    case 0:
        on_dispatch(dc, msg);
        break;
    case 1: /* the gateway wants a heartbeat now */
        heartbeat(dc);
        break;
    case 7:
        bot_log(BOT_LOG_INFO, "discord: the gateway asked to reconnect");
        dc->resume = 1;
        dc->why = BOT_DISCONNECT_CLOSED_BY_SERVER;
        bot_ws_close(dc->ws, 4000, "reconnect requested");
        break;
    case 9:
        dc->resume = json_is_true(json_object_get(msg, "d"));
        if (!dc->resume) {
            dc->session_id[0] = '\0';
            dc->seq = -1;
        }
        bot_log(BOT_LOG_WARN, "discord: invalid session (%s)",
                dc->resume ? "resumable" : "identifying again");
        dc->why = BOT_DISCONNECT_INVALID_SESSION;
        bot_ws_close(dc->ws, 4000, "invalid session");
        break;
    case 10:
        dc->hb_interval = json_integer_value(
            json_object_get(json_object_get(msg, "d"), "heartbeat_interval"));
        if (dc->hb_interval < 100)
            dc->hb_interval = 41250;
        /* The first beat at a random point of the interval. */
        dc->hb_next = dc->now + (int64_t)((uint64_t)dc->now * 2654435761u %
                                          (uint64_t)dc->hb_interval);
        dc->hb_acked = 1;
        if (dc->resume && dc->session_id[0])
            resume(dc);
        else
            identify(dc);
        break;
    case 11:
        dc->hb_acked = 1;
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
    struct dc *dc = arg;

    dc->hb_interval = 0;
    dc->why = BOT_DISCONNECT_NONE;
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

static int
ws_close(void *arg, int code, const char *reason)
{
    struct dc *dc = arg;

    dc->hb_interval = 0;
    if (dc->stopping)
        return 1;
    if (code == 4004) {
        bot_fatal_auth(dc->ad->bot, "discord", "the gateway closed with 4004");
        return 1;
    }
    if (close_reason(code) == BOT_DISCONNECT_CONFIG) {
        char why[160];
        snprintf(why, sizeof(why), "the gateway closed with %d (%.80s)%s", code,
                 reason ? reason : "",
                 code == 4014 ? "; enable the Message Content intent or set "
                                "DISCORD_INTENTS=4609"
                              : "");
        bot_fatal_config(dc->ad->bot, "discord", why);
        return 1;
    }
    if (code == 4003 || code == 4007 || code == 4009) {
        dc->session_id[0] = '\0';
        dc->seq = -1;
    }
    bot_log(BOT_LOG_WARN, "discord: disconnected (%d %s)", code,
            reason ? reason : "");
    bot_platform_lost(dc->ad, dc->why ? dc->why : close_reason(code), code,
                      reason);
    if (!dc->session_id[0] && !dc->resume) {
        /* op 9 false or a lost session: identify afresh after 1-5 s,
         * longer when it keeps failing (the identify budget is small). */
        int64_t wait = bot_ws_backoff_ms(dc->attempt++, 0);
        if (wait < 1000)
            wait = 1000 + (int64_t)((uint64_t)dc->now * 2654435761u % 4000);
        bot_timer_start(dc->timer, wait);
        return 1;
    }
    dc->resume = dc->session_id[0] != '\0';
    return aim(dc) < 0; /* the backoff of ws.c, then resume */
}

static const struct bot_ws_handler handler = {ws_open, ws_message, ws_close,
                                              NULL};

/* ---- replies ---- */

int
bot_discord_create(struct dc *dc, const char *channel, const char *reply_to,
                   json_t *fields, const char *nonce, bot_post_done done,
                   void *arg)
{
    const char *headers[] = {dc->auth, DC_USER_AGENT,
                             "Content-Type: application/json", NULL};
    char url[DC_URL_MAX + 96], *s = NULL;
    json_t *body = fields;
    int rc;

    if (body && json_object_set_new(
                    body, "allowed_mentions",
                    json_pack("{s:[], s:b}", "parse", "replied_user", 1)) < 0)
        body = NULL;
    if (body && reply_to)
        json_object_set_new(body, "message_reference",
                            json_pack("{s:s, s:b}", "message_id", reply_to,
                                      "fail_if_not_exists", 0));
    if (body && nonce) {
        json_object_set_new(body, "nonce", json_string(nonce));
        json_object_set_new(body, "enforce_nonce", json_true());
    }
    snprintf(url, sizeof(url), "%s/channels/%s/messages", dc->api, channel);
    s = body ? json_dumps(body, JSON_COMPACT) : NULL;
    rc = s ? bot_outbox_post(dc->outbox, url, headers, s, done, arg)
           : BOT_ENOMEM;
    free(s);
    json_decref(fields);
    return rc;
}

/* Sends @text[0..@len) to @channel as plain content. */
static int
create_message(struct dc *dc, const char *channel, const char *reply_to,
               const char *text, size_t len, const char *nonce,
               bot_post_done done, void *arg)
{
    return bot_discord_create(dc, channel, reply_to,
                              json_pack("{s:s%}", "content", text, len), nonce,
                              done, arg);
}

struct reply_to {
    struct dc *dc;
    const char *channel, *id;
};

static int
reply_piece(void *arg, int i, const char *piece, size_t n)
{
    struct reply_to *r = arg;

    /* the first piece is the reply */
    return create_message(r->dc, r->channel, i == 0 && r->id ? r->id : NULL,
                          piece, n, NULL, NULL, NULL);
}

/* Replies with @text as plain messages, split at Discord's limit. */
int
bot_discord_reply_plain(struct dc *dc, const char *channel, const char *id,
                        const char *text)
{
    struct reply_to r = {dc, channel, id};
    int rc = bot_split_each(text, strlen(text), DC_CONTENT_MAX, MESSAGES_MAX,
                            reply_piece, &r);

    return rc < 0 ? rc : 0;
}

static int
dc_reply(struct bot_adapter *ad, const struct bot_msg *to,
         const struct bot_answer *a)
{
    struct dc *dc = ad->priv;

    if (to->ctx) /* a slash command */
        return bot_discord_ix_reply(dc, to->ctx, a);
    if (bot_discord_embed_wanted(dc, to->channel, a))
        return bot_discord_embed_reply(dc, to, a);
    return bot_discord_reply_plain(dc, to->channel, to->id, a->text);
}

static void
dc_defer(struct bot_adapter *ad, const struct bot_msg *to)
{
    if (to->ctx)
        bot_discord_ix_defer(ad->priv, to->ctx);
}

static int
dc_post(struct bot_adapter *ad, const struct bot_post *p)
{
    size_t len = strlen(p->text);

    if (len > DC_CONTENT_MAX)
        return BOT_ETOOBIG;
    return create_message(ad->priv, p->channel, NULL, p->text, len, p->nonce,
                          p->done, p->arg);
}

/* ---- the adapter ---- */

static int
dc_init(struct bot_adapter *ad, const struct bot_config *cfg)
{
    struct dc *dc = ad->priv;
    const char *api = bot_config_get(cfg, "DISCORD_API_URL");
    const char *gw = bot_config_get(cfg, "DISCORD_GATEWAY_URL");
    const char *guild = bot_config_get(cfg, "DISCORD_GUILD_ID");
    const char *embeds = bot_config_get(cfg, "DISCORD_EMBEDS");
    size_t n;

    dc->ad = ad;
    dc->seq = -1;
    dc->token = cfg->discord_token;
    if (!api || !*api)
        api = "https://discord.com/api/v10";
    n = strlen(api);
    while (n > 0 && api[n - 1] == '/')
        n--;
    if (n >= DC_URL_MAX - 64)
        return bot_fail(BOT_EINVAL, "DISCORD_API_URL is too long");
    snprintf(dc->api, sizeof(dc->api), "%.*s", (int)n, api);
    if (gw && *gw) {
        if (strlen(gw) >= sizeof(dc->gateway))
            return bot_fail(BOT_EINVAL, "DISCORD_GATEWAY_URL is too long");
        snprintf(dc->gateway, sizeof(dc->gateway), "%s", gw);
    }
    /* checked by the configuration (configcheck.c) */
    if (guild && *guild)
        snprintf(dc->guild_id, sizeof(dc->guild_id), "%s", guild);
    dc->embeds = !(embeds && strcmp(embeds, "0") == 0);
    /* checked by the configuration; a zeroed one means the defaults */
    dc->intents =
        cfg->discord_shards.n ? cfg->discord_intents : INTENTS_DEFAULT;
    dc->shard = cfg->discord_shards.n ? cfg->discord_shards.ids[0] : 0;
    dc->nshards = cfg->discord_shards.n ? cfg->discord_shards.total : 1;
    dc->auth = bot_http_auth("Bot", dc->token);
    dc->timer = bot_timer_new(bot_loop_of(ad->bot), request_gateway, dc);
    dc->outbox = bot_outbox_new(ad->bot, "discord", NULL);
    return dc->auth && dc->timer && dc->outbox ? 0 : BOT_ENOMEM;
}

static int
dc_start(struct bot_adapter *ad)
{
    request_gateway(ad->priv);
    return 0;
}

static void
dc_tick(struct bot_adapter *ad, int64_t now_ms)
{
    struct dc *dc = ad->priv;

    dc->now = now_ms;
    bot_discord_ix_tick(dc, now_ms);
    if (!dc->ws || !bot_ws_is_open(dc->ws) || !dc->hb_interval ||
        dc->stopping || now_ms < dc->hb_next)
        return;
    if (!dc->hb_acked) { /* a zombie connection */
        bot_log(BOT_LOG_WARN, "discord: no heartbeat ACK; resuming");
        dc->resume = 1;
        dc->hb_interval = 0;
        dc->why = BOT_DISCONNECT_TIMEOUT;
        bot_ws_close(dc->ws, 4000, "heartbeat ACK missing");
        return;
    }
    heartbeat(dc);
}

static int
dc_stop(struct bot_adapter *ad)
{
    struct dc *dc = ad->priv;
    int done;

    /* slash commands still to answer go first: their window is short */
    if (bot_discord_ix_busy(dc))
        return 0;
    done = bot_outbox_goodbye(dc->outbox, dc->ws, &dc->stopping);

    if (dc->stopping)
        bot_timer_stop(dc->timer);
    return done;
}

static void
dc_release(struct bot_adapter *ad)
{
    struct dc *dc = ad->priv;

    dc->stopping = 1;
    bot_discord_cmds_release(dc);
    bot_outbox_free(dc->outbox); /* before the fallbacks its posts point to */
    bot_discord_embed_release(dc);
    bot_timer_free(dc->timer);
    bot_ws_free(dc->ws);
    bot_secret_free(dc->auth);
}

const struct bot_adapter_ops bot_discord_ops = {
    .name = "discord",
    .key_prefix = "DISCORD_",
    .priv_size = sizeof(struct dc),
    .init = dc_init,
    .start = dc_start,
    .reply = dc_reply,
    .defer = dc_defer,
    .post = dc_post,
    .on_tick = dc_tick,
    .stop = dc_stop,
    .release = dc_release,
};
