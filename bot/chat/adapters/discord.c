/* Discord (Gateway v10): GET /gateway/bot for the URL and the identify
 * budget, then one Gateway connection per shard (discord_gw.c) under one
 * platform; messages from any shard answered with POST
 * /channels/{id}/messages referencing the question (an embed:
 * discord_embed.c); slash commands in discord_cmds.c. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/hash.h"
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

/* GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT */
#define INTENTS_DEFAULT 37377

/* ---- /gateway/bot ---- */

/* The gateway URL is known: every shard starts waiting for its turn. */
static void
start_shards(struct dc *dc)
{
    int i;

    for (i = 0; i < dc->ngw; i++)
        bot_discord_gw_start(&dc->gw[i]);
    bot_discord_gw_pace(dc, bot_now_ms(dc->ad->bot));
}

/* session_start_limit: how many identifies may start at once
 * (max_concurrency, the number of rate-limit buckets), and whether any
 * are left today. Missing or odd values leave one bucket, no wait. */
static void
read_start_limit(struct dc *dc, json_t *root)
{
    json_t *lim = json_object_get(root, "session_start_limit");
    json_t *mc = json_object_get(lim, "max_concurrency");
    json_t *left = json_object_get(lim, "remaining");
    json_t *reset = json_object_get(lim, "reset_after");
    json_int_t wait;

    dc->max_concurrency = 1;
    if (json_is_integer(mc) && json_integer_value(mc) >= 1 &&
        json_integer_value(mc) <= 4096)
        dc->max_concurrency = (int)json_integer_value(mc);
    if (!json_is_integer(left) || json_integer_value(left) > 0 ||
        !json_is_integer(reset))
        return;
    /* Going over the daily budget resets the token: wait for it. */
    wait = json_integer_value(reset);
    if (wait < 0 || wait > 24 * 3600 * 1000)
        wait = 24 * 3600 * 1000;
    dc->starts_after = bot_now_ms(dc->ad->bot) + (int64_t)wait;
    bot_log(BOT_LOG_WARN,
            "discord: no identifies left today (session_start_limit); "
            "waiting %lld s",
            (long long)wait / 1000);
}

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
        read_start_limit(dc, root);
        json_decref(root);
        start_shards(dc);
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

/* Asks for the gateway URL once per start; every shard uses it. */
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
    if (dc->gateway[0]) { /* DISCORD_GATEWAY_URL */
        start_shards(dc);
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

void
bot_discord_on_message(struct dc *dc, json_t *d)
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

/* ---- replies ---- */

int
bot_discord_create(struct dc *dc, const char *channel, const char *reply_to,
                   json_t *fields, const char *nonce, bot_post_done done,
                   void *arg)
{
    const char *headers[] = {dc->auth, DC_USER_AGENT,
                             "Content-Type: application/json", NULL};
    char url[DC_URL_MAX + 96], own[32], *s = NULL;
    json_t *body = fields;
    int rc;

    if (!nonce && reply_to) {
        /* the reply to a message, whoever sends it: a replica that died
         * before Discord answered, and the one that took its claim over,
         * make one message (enforce_nonce) */
        snprintf(own, sizeof(own), "nbr%016llx",
                 (unsigned long long)bot_hash_str(BOT_HASH_INIT, reply_to));
        nonce = own;
    }

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
    int i;

    dc->ad = ad;
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
    /* checked by the configuration; a zeroed one means the defaults:
     * shard 0 of 1 */
    dc->intents =
        cfg->discord_shards.n ? cfg->discord_intents : INTENTS_DEFAULT;
    dc->nshards = cfg->discord_shards.n ? cfg->discord_shards.total : 1;
    dc->ngw = cfg->discord_shards.n ? cfg->discord_shards.n : 1;
    for (i = 0; i < dc->ngw; i++)
        bot_discord_gw_init(dc, &dc->gw[i],
                            cfg->discord_shards.n ? cfg->discord_shards.ids[i]
                                                  : 0);
    dc->max_concurrency = 1; /* until /gateway/bot says more */
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
    int i;

    dc->now = now_ms;
    bot_discord_ix_tick(dc, now_ms);
    if (dc->stopping)
        return;
    for (i = 0; i < dc->ngw; i++)
        bot_discord_gw_tick(&dc->gw[i], now_ms);
    bot_discord_gw_pace(dc, now_ms);
}

static int
dc_stop(struct bot_adapter *ad)
{
    struct dc *dc = ad->priv;
    int i, done = 1;

    /* slash commands still to answer go first: their window is short */
    if (bot_discord_ix_busy(dc))
        return 0;
    /* the replies on their way, then every shard's socket */
    for (i = 0; i < dc->ngw; i++)
        done &= bot_outbox_goodbye(dc->outbox, dc->gw[i].ws, &dc->stopping);
    if (dc->stopping)
        bot_timer_stop(dc->timer);
    return done;
}

static void
dc_release(struct bot_adapter *ad)
{
    struct dc *dc = ad->priv;
    int i;

    dc->stopping = 1;
    bot_discord_cmds_release(dc);
    bot_outbox_free(dc->outbox); /* before the fallbacks its posts point to */
    bot_discord_embed_release(dc);
    bot_timer_free(dc->timer);
    for (i = 0; i < dc->ngw; i++)
        bot_discord_gw_release(&dc->gw[i]);
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
