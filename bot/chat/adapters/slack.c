/* Slack (Socket Mode): auth.test for who we are, apps.connections.open for
 * a single-use WebSocket URL before every (re)connect, every envelope
 * acknowledged at once, replies with chat.postMessage in the thread, laid
 * out in Block Kit. A slash command (/news) is answered in its envelope's
 * acknowledgement, or, when the answer waits on slow work, acknowledged
 * empty and answered at its response_url. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/chat/adapter.h"
#include "bot/chat/adapters/slackfmt.h"
#include "bot/chat/config.h"
#include "bot/chat/outbox.h"
#include "bot/chat/seen.h"
#include "bot/chat/split.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "slack_int.h"

#define URL_MAX          512
#define ID_MAX           64
#define PIECE_MAX        3500 /* bytes per post before escaping (Slack: 4000) */
#define POSTS_MAX        4    /* posts one answer may take */
#define HELLO_WAIT_MS    15000
#define HOLD_MAX_MS      1000 /* the longest an answer waits for its ack */
#define TEXT_MAX         4000 /* characters of a fallback text (Slack's advice) */
#define RESPONSE_URL_MAX 1024

/* Errors of a Web API call that retrying cannot fix. */
static int
is_fatal_error(const char *error)
{
    static const char *const transient[] = {
        "ratelimited",     "internal_error",      "fatal_error",
        "request_timeout", "service_unavailable", NULL};
    int i;

    for (i = 0; transient[i]; i++) {
        if (strcmp(error, transient[i]) == 0)
            return 0;
    }
    return 1;
}

/* Judges a Web API answer: 1 ok (*@root holds it), 0 try again later, -1
 * refused for good (reported). */
static int
api_result(struct slack *sl, const char *method,
           const struct bot_http_response *r, json_t **root)
{
    const char *error = "";

    *root = NULL;
    if (r->rc == BOT_EAUTH) {
        bot_fatal_auth(sl->ad->bot, "slack", method);
        return -1;
    }
    if (r->rc < 0) {
        char what[256];
        bot_http_describe(r, what, sizeof(what));
        bot_log(BOT_LOG_WARN, "slack: %s failed (%s)", method, what);
        return 0;
    }
    *root = json_loadb(r->body, r->body_len, 0, NULL);
    if (json_is_true(json_object_get(*root, "ok")))
        return 1;
    json_unpack(*root, "{s:s}", "error", &error);
    if (*error && is_fatal_error(error)) {
        char why[160];
        snprintf(why, sizeof(why), "%s answered %.60s", method, error);
        bot_fatal_auth(sl->ad->bot, "slack", why);
        json_decref(*root);
        *root = NULL;
        return -1;
    }
    bot_log(BOT_LOG_WARN, "slack: %s failed (%s)", method,
            *error ? error : "not a Web API answer");
    json_decref(*root);
    *root = NULL;
    return 0;
}

static void
retry_later(struct slack *sl)
{
    int64_t wait = bot_ws_backoff_ms(sl->attempt++, 0);

    bot_log(BOT_LOG_INFO, "slack: trying again in %lld ms", (long long)wait);
    bot_timer_start(sl->timer, wait);
}

static void
api_call(struct slack *sl, const char *method, const char *auth, bot_http_cb cb)
{
    struct bot_http *http = bot_http(sl->ad->bot);
    char url[URL_MAX + 32];
    struct bot_http_request req = {
        "POST",
        url,
        {auth, "Content-Type: application/x-www-form-urlencoded", NULL},
        "",
        0,
        0};

    snprintf(url, sizeof(url), "%s/%s", sl->api, method);
    if (!http || bot_http_send(http, &req, cb, sl) < 0)
        retry_later(sl);
}

/* ---- connecting ---- */

static const struct bot_ws_handler handler;

static void
open_done(void *arg, const struct bot_http_response *r)
{
    struct slack *sl = arg;
    const char *url = NULL;
    json_t *root;
    int rc;

    if (sl->stopping)
        return;
    rc = api_result(sl, "apps.connections.open", r, &root);
    if (rc <= 0) {
        if (rc == 0)
            retry_later(sl);
        return;
    }
    json_unpack(root, "{s:s}", "url", &url);
    if (!url || bot_config_check_url("the Socket Mode URL", url,
                                     sl->cfg->allow_insecure) < 0) {
        json_decref(root);
        retry_later(sl);
        return;
    }
    if (sl->ws && bot_ws_set_url(sl->ws, url) < 0) {
        bot_ws_free(sl->ws);
        sl->ws = NULL;
    }
    if (!sl->ws) {
        struct bot_ws_opts o = {url, NULL, NULL, 0};
        sl->ws = bot_ws_new(bot_loop_of(sl->ad->bot), &o, &handler, sl);
    }
    json_decref(root);
    if (!sl->ws || bot_ws_connect(sl->ws) < 0)
        retry_later(sl);
}

static void
auth_done(void *arg, const struct bot_http_response *r)
{
    struct slack *sl = arg;
    const char *user_id = NULL, *name = "newsbot";
    json_t *root;
    int rc;

    if (sl->stopping)
        return;
    rc = api_result(sl, "auth.test", r, &root);
    if (rc <= 0) {
        if (rc == 0)
            retry_later(sl);
        return;
    }
    json_unpack(root, "{s:s, s?s}", "user_id", &user_id, "user", &name);
    if (!user_id || strlen(user_id) >= ID_MAX || strlen(name) >= ID_MAX) {
        json_decref(root);
        retry_later(sl);
        return;
    }
    snprintf(sl->user_id, sizeof(sl->user_id), "%s", user_id);
    snprintf(sl->name, sizeof(sl->name), "%s", name);
    json_decref(root);
    sl->names[0] = sl->name;
    sl->authed = 1;
    bot_log(BOT_LOG_INFO, "slack: signed in as %s", sl->name);
    api_call(sl, "apps.connections.open", sl->app_auth, open_done);
}

/* The timer: whatever step is next. */
static void
next_step(void *arg)
{
    struct slack *sl = arg;

    if (sl->stopping)
        return;
    if (!sl->authed)
        api_call(sl, "auth.test", sl->bot_auth, auth_done);
    else
        api_call(sl, "apps.connections.open", sl->app_auth, open_done);
}

/* ---- events ---- */

static void
on_event(struct slack *sl, json_t *event)
{
    const char *type = "", *user = "", *text = NULL, *channel = NULL,
               *ts = NULL, *thread_ts = NULL, *ctype = "";
    int mention, direct;
    struct bot_msg msg;
    char *copy;

    if (json_unpack(event, "{s:s, s?s, s:s, s:s, s:s, s?s, s?s}", "type", &type,
                    "user", &user, "text", &text, "channel", &channel, "ts",
                    &ts, "thread_ts", &thread_ts, "channel_type", &ctype) != 0)
        return;
    mention = strcmp(type, "app_mention") == 0;
    /* A mention in a channel also comes as a message event: the
     * app_mention is the one we answer; a message only in a DM. */
    direct = strcmp(type, "message") == 0 && strcmp(ctype, "im") == 0;
    if (!mention && !direct)
        return;
    memset(&msg, 0, sizeof(msg));
    msg.from_bot = json_object_get(event, "bot_id") != NULL ||
                   json_object_get(event, "subtype") != NULL;
    msg.from_self = strcmp(user, sl->user_id) == 0;
    copy = strdup(text);
    if (!copy)
        return;
    bot_slackfmt_plain(copy, sl->user_id);
    msg.channel = channel;
    msg.thread = thread_ts ? thread_ts : ts; /* a thread is a conversation */
    msg.id = ts;
    msg.user = user;
    msg.text = copy;
    msg.len = strlen(copy);
    msg.direct = direct;
    msg.mentioned = mention;
    bot_on_msg(sl->ad->bot, sl->ad, &msg, sl->names);
    free(copy);
}

/* Reconnects on a fresh URL: now for a routine refresh, after a backoff
 * otherwise. */
static void
reconnect(struct slack *sl, int now)
{
    sl->refreshing = now;
    if (sl->ws && bot_ws_is_open(sl->ws))
        bot_ws_close(sl->ws, 1000, "reconnecting");
}

static void
on_disconnect(struct slack *sl, json_t *msg)
{
    const char *reason = json_string_value(json_object_get(msg, "reason"));

    reason = reason ? reason : "";
    if (strcmp(reason, "link_disabled") == 0) {
        sl->stopping = 1;
        bot_fatal_config(sl->ad->bot, "slack",
                         "Slack turned Socket Mode off for the app "
                         "(link_disabled); turn it on in the app's settings");
        return;
    }
    if (strcmp(reason, "warning") == 0) {
        /* a refresh comes in about 10 s: this socket still carries
         * envelopes until then, and closing it now would leave those in
         * flight unacknowledged (Slack sends them again seconds later) */
        bot_log(BOT_LOG_INFO, "slack: the server warned of a refresh");
        return;
    }
    bot_log(BOT_LOG_INFO, "slack: the server asked to reconnect (%.40s)",
            reason);
    sl->why = strcmp(reason, "too_many_websockets") == 0
                  ? BOT_DISCONNECT_RATE_LIMITED
                  : BOT_DISCONNECT_CLOSED_BY_SERVER; /* a refresh */
    snprintf(sl->why_text, sizeof(sl->why_text), "%s", reason);
    reconnect(sl, sl->why != BOT_DISCONNECT_RATE_LIMITED);
}

void
bot_slack_ack(struct slack *sl, const char *envelope_id, json_t *payload)
{
    json_t *a = json_pack("{s:s}", "envelope_id", envelope_id);
    char *s;

    if (a && payload)
        json_object_set_new(a, "payload", payload);
    else
        json_decref(payload);
    s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    if (!s || bot_ws_send(sl->ws, s, strlen(s), 1) < 0)
        bot_log(BOT_LOG_WARN, "slack: could not acknowledge an envelope");
    free(s);
    json_decref(a);
}

/* Until the socket drains (ws_drained), or HOLD_MAX_MS. */
void
bot_slack_hold(struct slack *sl)
{
    if (bot_ws_queued(sl->ws) > 0) {
        bot_outbox_hold(sl->outbox, 1);
        bot_outbox_hold(sl->responses, 1);
        sl->held_at = bot_now_ms(sl->ad->bot);
    }
}

static void
hold_release(struct slack *sl)
{
    sl->held_at = 0;
    bot_outbox_hold(sl->outbox, 0);
    bot_outbox_hold(sl->responses, 0);
}

static void
ws_message(void *arg, const char *buf, size_t len, int binary)
{
    struct slack *sl = arg;
    json_t *msg = binary ? NULL : json_loadb(buf, len, 0, NULL);
    const char *type = json_string_value(json_object_get(msg, "type"));
    const char *envelope =
        json_string_value(json_object_get(msg, "envelope_id"));
    json_t *payload = json_object_get(msg, "payload");
    const char *event_id =
        json_string_value(json_object_get(payload, "event_id"));

    if (!type) {
        bot_log(BOT_LOG_WARN,
                "slack: dropped a %zu-byte message that is not "
                "an envelope",
                len);
    } else if (envelope && strcmp(type, "slash_commands") == 0) {
        bot_slack_command(sl, envelope, payload); /* acknowledges it */
    } else if (envelope) {
        /* Acknowledged before anything else, or Slack sends it again; the
         * answer waits until the acknowledgement is on the wire. */
        bot_slack_ack(sl, envelope, NULL);
        bot_slack_hold(sl);
        if (strcmp(type, "events_api") == 0 && event_id &&
            strlen(event_id) < ID_MAX && !bot_seen_check(&sl->seen, event_id))
            on_event(sl, json_object_get(payload, "event"));
    } else if (strcmp(type, "hello") == 0) {
        sl->hello = 1;
        sl->attempt = 0;
        bot_ws_ready(sl->ws);
        bot_platform_ready(sl->ad);
        bot_log(BOT_LOG_INFO, "slack: connected");
    } else if (strcmp(type, "disconnect") == 0) {
        on_disconnect(sl, msg);
    }
    json_decref(msg);
}

static void
ws_drained(void *arg)
{
    hold_release(arg);
}

static void
ws_open(void *arg)
{
    struct slack *sl = arg;

    sl->hello = 0;
    sl->open_at = bot_now_ms(sl->ad->bot);
    sl->why = BOT_DISCONNECT_NONE;
    sl->why_text[0] = '\0';
}

static int
ws_close(void *arg, int code, const char *reason)
{
    struct slack *sl = arg;

    sl->hello = 0;
    hold_release(sl); /* the ack is lost; the answer is not */
    if (sl->stopping)
        return 1;
    if (!sl->refreshing)
        bot_log(BOT_LOG_WARN, "slack: disconnected (%d %s)", code,
                reason ? reason : "");
    /* A refresh asked for is a disconnect too, then a new session. */
    bot_platform_lost(sl->ad, sl->why, code,
                      sl->why_text[0] ? sl->why_text : reason);
    if (sl->refreshing) {
        sl->refreshing = 0;
        bot_timer_start(sl->timer, 0);
    } else {
        retry_later(sl);
    }
    return 1; /* every URL is single-use: we get a new one ourselves */
}

static const struct bot_ws_handler handler = {ws_open, ws_message, ws_close,
                                              ws_drained};

/* ---- replies ---- */

/* Slack's answer to chat.postMessage: "ok" or an error. */
static int
post_check(const char *body, size_t len, char *why, size_t cap)
{
    json_t *root = json_loadb(body, len, 0, NULL);
    const char *error = "not a Web API answer";
    int ok = json_is_true(json_object_get(root, "ok"));

    json_unpack(root, "{s:s}", "error", &error);
    if (!ok)
        snprintf(why, cap, "%.60s", error);
    json_decref(root);
    return ok ? 0 : -1;
}

/* Posts @m (stolen: its text and blocks) to @channel, in thread @ts. */
static int
post_json(struct slack *sl, const char *channel, const char *ts, json_t *m,
          bot_post_done done, void *arg)
{
    const char *headers[] = {
        sl->bot_auth, "Content-Type: application/json; charset=utf-8", NULL};
    char url[URL_MAX + 32], *s = NULL;
    int rc;

    snprintf(url, sizeof(url), "%s/chat.postMessage", sl->api);
    if (m && json_object_set_new(m, "channel", json_string(channel)) == 0 &&
        json_object_set_new(m, "thread_ts", json_string(ts ? ts : "")) == 0)
        s = json_dumps(m, JSON_COMPACT);
    rc = s ? bot_outbox_post(sl->outbox, url, headers, s, done, arg)
           : BOT_ENOMEM;
    free(s);
    json_decref(m);
    return rc;
}

/* Posts @text[0..@len), escaped, as plain text. */
static int
post_message(struct slack *sl, const char *channel, const char *ts,
             const char *text, size_t len, bot_post_done done, void *arg)
{
    char *esc = bot_slackfmt_escape(text, len, 0);
    json_t *m = esc ? json_pack("{s:s}", "text", esc) : NULL;

    free(esc);
    return post_json(sl, channel, ts, m, done, arg);
}

struct reply_to {
    struct slack *sl;
    const struct bot_msg *to;
};

static int
reply_piece(void *arg, int i, const char *piece, size_t n)
{
    struct reply_to *r = arg;

    (void)i;
    return post_message(r->sl, r->to->channel, r->to->thread, piece, n, NULL,
                        NULL);
}

static int
slack_reply(struct bot_adapter *ad, const struct bot_msg *to,
            const struct bot_answer *a)
{
    struct slack *sl = ad->priv;
    const char *text = a->text;
    size_t len = strlen(text);
    struct reply_to r = {sl, to};
    int rc;

    if (to->ctx)
        return bot_slack_command_reply(sl, to->ctx, a);
    if (len <= PIECE_MAX) { /* one message: laid out in blocks */
        rc = post_json(sl, to->channel, to->thread, bot_slackfmt_message(a),
                       a->landed, a->landed_arg);
        return rc == 0 && a->landed ? BOT_REPLY_LANDS : rc;
    }
    rc = bot_split_each(text, len, PIECE_MAX, POSTS_MAX, reply_piece, &r);
    return rc < 0 ? rc : 0;
}

static int
slack_post(struct bot_adapter *ad, const struct bot_post *p)
{
    size_t len = strlen(p->text);

    if (len > PIECE_MAX)
        return BOT_ETOOBIG;
    return post_message(ad->priv, p->channel, p->thread, p->text, len, p->done,
                        p->arg);
}

/* ---- the adapter ---- */

static int
slack_init(struct bot_adapter *ad, const struct bot_config *cfg)
{
    struct slack *sl = ad->priv;
    const char *api = bot_config_get(cfg, "SLACK_API_URL");
    size_t n;

    sl->ad = ad;
    sl->cfg = cfg;
    if (!api || !*api)
        api = "https://slack.com/api";
    n = strlen(api);
    while (n > 0 && api[n - 1] == '/')
        n--;
    if (n >= URL_MAX)
        return bot_fail(BOT_EINVAL, "SLACK_API_URL is too long");
    snprintf(sl->api, sizeof(sl->api), "%.*s", (int)n, api);
    sl->app_auth = bot_http_auth("Bearer", cfg->slack_app_token);
    sl->bot_auth = bot_http_auth("Bearer", cfg->slack_bot_token);
    sl->timer = bot_timer_new(bot_loop_of(ad->bot), next_step, sl);
    sl->outbox = bot_outbox_new(ad->bot, "slack", post_check);
    sl->responses = bot_outbox_new(ad->bot, "slack", bot_slack_response_check);
    if (!sl->app_auth || !sl->bot_auth || !sl->timer || !sl->outbox ||
        !sl->responses)
        return BOT_ENOMEM;
    return 0;
}

static int
slack_start(struct bot_adapter *ad)
{
    next_step(ad->priv);
    return 0;
}

static void
slack_tick(struct bot_adapter *ad, int64_t now_ms)
{
    struct slack *sl = ad->priv;

    if (sl->held_at && now_ms - sl->held_at > HOLD_MAX_MS)
        hold_release(sl); /* never held for long */
    if (sl->ws && bot_ws_is_open(sl->ws) && !sl->hello && !sl->stopping &&
        now_ms - sl->open_at > HELLO_WAIT_MS) {
        bot_log(BOT_LOG_WARN, "slack: no hello; reconnecting");
        bot_ws_close(sl->ws, 1000, "no hello");
    }
}

static int
slack_stop(struct bot_adapter *ad)
{
    struct slack *sl = ad->priv;
    int drained = 0, done;

    /* the deferred answers first, then the replies and the socket */
    if (!bot_outbox_goodbye(sl->responses, NULL, &drained))
        return 0;
    done = bot_outbox_goodbye(sl->outbox, sl->ws, &sl->stopping);
    if (sl->stopping)
        bot_timer_stop(sl->timer);
    return done;
}

static void
slack_release(struct bot_adapter *ad)
{
    struct slack *sl = ad->priv;

    sl->stopping = 1;
    bot_outbox_free(sl->outbox);
    bot_outbox_free(sl->responses);
    bot_timer_free(sl->timer);
    bot_ws_free(sl->ws);
    bot_secret_free(sl->app_auth);
    bot_secret_free(sl->bot_auth);
}

const struct bot_adapter_ops bot_slack_ops = {
    .name = "slack",
    .key_prefix = "SLACK_",
    .priv_size = sizeof(struct slack),
    .init = slack_init,
    .start = slack_start,
    .reply = slack_reply,
    .defer = bot_slack_command_defer,
    .post = slack_post,
    .on_tick = slack_tick,
    .stop = slack_stop,
    .release = slack_release,
};
