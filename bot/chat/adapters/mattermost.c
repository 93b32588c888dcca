/* Mattermost (API v4): REST for who we are and for replies (the answer in
 * the message, its source in a message attachment), the WebSocket for
 * events ("posted"), resumed after a drop with the connection id and the
 * next sequence number so that no question is lost. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/chat/adapter.h"
#include "bot/chat/outbox.h"
#include "bot/chat/seen.h"
#include "bot/chat/split.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"

#define URL_MAX       512
#define POST_MAX      16000 /* bytes; the server allows 16383 characters */
#define ID_MAX        64
#define AUTH_WAIT_MS  10000 /* the server closes unauthenticated sockets */
#define PING_EVERY_MS 30000 /* silence before a "ping" action */
#define PONG_WAIT_MS  20000 /* then this long for its answer */

struct mm {
    struct bot_adapter *ad;
    struct bot_ws *ws;
    char api[URL_MAX];     /* https://host/api/v4 */
    char ws_base[URL_MAX]; /* wss://host/api/v4/websocket */
    char *auth;            /* "Authorization: Bearer ..." (never logged) */
    const char *token;     /* borrowed from the config (never logged) */
    char user_id[ID_MAX], username[ID_MAX];
    const char *names[2]; /* {username, NULL} for the router */
    char conn_id[ID_MAX]; /* from hello: resumes the event stream */
    long long next_seq;   /* the event seq we expect; -1 before a hello */
    int action_seq;       /* our last action's seq */
    int authed, auth_failed, stopping, me_tries;
    enum bot_disconnect why; /* of a close we started, for the metrics */
    struct bot_timer *me_timer;
    int64_t now, open_at, last_rx, ping_at;
    struct bot_seen seen; /* ids answered */
    struct bot_outbox *outbox;
};

/* Sends @action with @data (stolen) as the next client action. */
static int
send_action(struct mm *mm, const char *action, json_t *data)
{
    json_t *msg =
        json_pack("{s:i, s:s, s:o}", "seq", ++mm->action_seq, "action", action,
                  "data", data ? data : json_object());
    char *s = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
    int rc = s ? bot_ws_send(mm->ws, s, strlen(s), 1) : BOT_ENOMEM;

    bot_secret_free(s); /* the authentication challenge has the token */
    json_decref(msg);
    return rc;
}

/* ---- who we are ---- */

static void request_me(void *arg);

static void
me_done(void *arg, const struct bot_http_response *r)
{
    struct mm *mm = arg;
    json_t *root = NULL;
    const char *id = NULL, *name = NULL;

    if (mm->stopping)
        return;
    if (r->rc == BOT_EAUTH) {
        bot_fatal_auth(mm->ad->bot, "mattermost",
                       "GET /users/me was refused (check MATTERMOST_TOKEN)");
        return;
    }
    if (r->rc == 0)
        root = json_loadb(r->body, r->body_len, 0, NULL);
    if (json_unpack(root, "{s:s, s:s}", "id", &id, "username", &name) != 0 ||
        !*id || strlen(id) >= ID_MAX || strlen(name) >= ID_MAX) {
        int64_t wait = bot_ws_backoff_ms((unsigned)mm->me_tries++, 0);
        char what[256];
        bot_http_describe(r, what, sizeof(what));
        bot_log(BOT_LOG_WARN,
                "mattermost: GET /users/me failed (%s); "
                "retrying in %lld ms",
                what, (long long)wait);
        json_decref(root);
        bot_timer_start(mm->me_timer, wait);
        return;
    }
    snprintf(mm->user_id, sizeof(mm->user_id), "%s", id);
    snprintf(mm->username, sizeof(mm->username), "%s", name);
    json_decref(root);
    mm->names[0] = mm->username;
    mm->names[1] = NULL;
    bot_log(BOT_LOG_INFO, "mattermost: signed in as @%s", mm->username);
    if (bot_ws_connect(mm->ws) < 0)
        bot_fatal_config(mm->ad->bot, "mattermost", "bad WebSocket URL");
}

static void
request_me(void *arg)
{
    struct mm *mm = arg;
    struct bot_http *http = bot_http(mm->ad->bot);
    char url[URL_MAX + 16];
    struct bot_http_request req = {"GET", url, {mm->auth, NULL}, NULL, 0, 0};

    snprintf(url, sizeof(url), "%s/users/me", mm->api);
    if (!http || bot_http_send(http, &req, me_done, mm) < 0)
        bot_timer_start(mm->me_timer, 1000);
}

/* Creates one post of @text[0..@len) in @channel (and thread @root), with
 * @props (stolen, or NULL). */
/* @pending: the post's pending_post_id, or NULL. The server makes one
 * post of those that carry the same one within 30 s and answers the
 * others with it: a question answered by a replica that died before it
 * heard so, and then by another, shows one answer. */
static int
create_post(struct mm *mm, const char *channel, const char *root,
            const char *pending, const char *text, size_t len, json_t *props,
            bot_post_done done, void *arg)
{
    const char *headers[] = {mm->auth, "Content-Type: application/json", NULL};
    char url[URL_MAX + 16];
    json_t *body;
    char *s;
    int rc;

    body = json_pack("{s:s, s:s%, s:s}", "channel_id", channel, "message", text,
                     len, "root_id", root ? root : "");
    if (body && props)
        json_object_set_new(body, "props", props);
    else
        json_decref(props);
    if (body && pending)
        json_object_set_new(body, "pending_post_id", json_string(pending));
    s = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!s)
        return BOT_ENOMEM;
    snprintf(url, sizeof(url), "%s/posts", mm->api);
    rc = bot_outbox_post(mm->outbox, url, headers, s, done, arg);
    free(s);
    return rc;
}

/* True if @a answers from the article: it quotes its source apart, or its
 * text ends citing "(sentence N)". */
static int
from_article(const struct bot_answer *a)
{
    const char *open = strrchr(a->text, '(');
    size_t digits;

    if (a->source && *a->source)
        return 1;
    if (!open || strncmp(open, "(sentence ", 10) != 0)
        return 0;
    digits = strspn(open + 10, "0123456789");
    return digits > 0 && strcmp(open + 10 + digits, ")") == 0;
}

/* Sets @key of @o to @v when @v is not empty. */
static void
set_text(json_t *o, const char *key, const char *v)
{
    if (v && *v)
        json_object_set_new(o, key, json_string(v));
}

/* {"attachments": [the answer's source]}: a message attachment (which
 * Mattermost renders as a card) with the quote, the article's title linked
 * to its url, and its outlet and date in the footer; the whole plain
 * answer is its fallback. Return: a new object, or NULL. */
static json_t *
source_props(const struct bot_answer *a)
{
    json_t *att = json_pack("{s:s}", "fallback", a->text);
    char quote[4096], footer[256];

    if (!att)
        return NULL;
    if (a->source && *a->source) {
        snprintf(quote, sizeof(quote), "\u201c%.4000s\u201d (sentence %d)",
                 a->source, a->sentence);
        set_text(att, "text", quote);
    }
    set_text(att, "title", a->title);
    if (a->title && a->url &&
        (strncmp(a->url, "https://", 8) == 0 ||
         strncmp(a->url, "http://", 7) == 0))
        set_text(att, "title_link", a->url);
    snprintf(footer, sizeof(footer), "%.120s%s%s", a->outlet ? a->outlet : "",
             a->outlet && *a->outlet && a->published ? " \u00b7 " : "",
             a->published ? a->published : "");
    set_text(att, "footer", footer);
    if (json_object_size(att) == 1) { /* the fallback alone */
        json_decref(att);
        return NULL;
    }
    return json_pack("{s:[o]}", "attachments", att);
}

static int
mm_reply(struct bot_adapter *ad, const struct bot_msg *to,
         const struct bot_answer *a)
{
    const char *text = a->text;
    size_t piece, len = strlen(text);
    json_t *props = from_article(a) ? source_props(a) : NULL;
    char pending[ID_MAX + 16] = "";
    int rc;

    if (to->id) /* the answer to this question, whoever sends it */
        snprintf(pending, sizeof(pending), "newsbot:%s", to->id);

    if (props && a->lead_len > 0 && a->lead_len <= POST_MAX) {
        /* the answer in the message, its source in the attachment */
        rc = create_post(ad->priv, to->channel, to->thread,
                         pending[0] ? pending : NULL, a->lead, a->lead_len,
                         props, a->landed, a->landed_arg);
    } else {
        json_decref(props);
        if (len > POST_MAX)
            bot_split_next(text, len, POST_MAX, &piece);
        else
            piece = len;
        rc = create_post(ad->priv, to->channel, to->thread,
                         pending[0] ? pending : NULL, text, piece, NULL,
                         a->landed, a->landed_arg);
    }
    return rc == 0 && a->landed ? BOT_REPLY_LANDS : rc;
}

static int
mm_post(struct bot_adapter *ad, const struct bot_post *p)
{
    size_t len = strlen(p->text);

    if (len > POST_MAX)
        return BOT_ETOOBIG;
    return create_post(ad->priv, p->channel, p->thread, p->nonce, p->text, len,
                       NULL, p->done, p->arg);
}

/* ---- events ---- */

static int
is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Removes every "@username" from @s in place; returns 1 if there was one. */
static int
strip_mentions(char *s, const char *username)
{
    size_t n = strlen(username);
    char *p = s;
    int found = 0;

    while ((p = strchr(p, '@')) != NULL) {
        int before = p == s || !is_name_char(p[-1]);
        if (before && strncasecmp(p + 1, username, n) == 0 &&
            !is_name_char(p[1 + n])) {
            memmove(p, p + 1 + n, strlen(p + 1 + n) + 1);
            found = 1;
        } else {
            p++;
        }
    }
    return found;
}

/* True if the JSON-encoded array @mentions holds @id. */
static int
mentions_me(const char *mentions, const char *id)
{
    json_t *a = mentions ? json_loads(mentions, 0, NULL) : NULL;
    size_t i;
    int found = 0;

    for (i = 0; json_is_array(a) && i < json_array_size(a); i++) {
        const char *s = json_string_value(json_array_get(a, i));
        found |= s && strcmp(s, id) == 0;
    }
    json_decref(a);
    return found;
}

static void
on_posted(struct mm *mm, json_t *data)
{
    const char *post_s = json_string_value(json_object_get(data, "post"));
    const char *ctype =
        json_string_value(json_object_get(data, "channel_type"));
    const char *mentions = json_string_value(json_object_get(data, "mentions"));
    const char *id = NULL, *user = NULL, *channel = NULL, *root = "",
               *text = NULL, *type = "", *from_bot = "", *from_hook = "";
    json_t *post = post_s ? json_loads(post_s, 0, NULL) : NULL;
    struct bot_msg msg;
    char *copy;

    if (json_unpack(post, "{s:s, s:s, s:s, s:s, s?s, s?s, s?{s?s, s?s}}", "id",
                    &id, "user_id", &user, "channel_id", &channel, "message",
                    &text, "root_id", &root, "type", &type, "props", "from_bot",
                    &from_bot, "from_webhook", &from_hook) != 0 ||
        strlen(id) >= ID_MAX) {
        bot_log(BOT_LOG_WARN, "mattermost: dropped a posted event whose post "
                              "is not a post");
        json_decref(post);
        return;
    }
    if (strcmp(user, mm->user_id) == 0 || bot_seen_check(&mm->seen, id)) {
        json_decref(post);
        return;
    }
    copy = strdup(text);
    if (!copy) {
        json_decref(post);
        return;
    }
    memset(&msg, 0, sizeof(msg));
    msg.channel = channel;
    msg.thread = *root ? root : id; /* a thread is a conversation */
    msg.id = id;
    msg.user = user;
    msg.direct = ctype && strcmp(ctype, "D") == 0;
    msg.mentioned =
        mentions_me(mentions, mm->user_id) | strip_mentions(copy, mm->username);
    msg.from_bot = strcmp(from_bot, "true") == 0 ||
                   strcmp(from_hook, "true") == 0 || *type != '\0';
    msg.text = copy;
    msg.len = strlen(copy);
    bot_on_msg(mm->ad->bot, mm->ad, &msg, mm->names);
    free(copy);
    json_decref(post);
}

/* True if @id is safe in a URL query (Mattermost ids are [a-z0-9]). */
static int
url_safe(const char *id)
{
    for (; *id; id++) {
        if (!is_name_char(*id))
            return 0;
    }
    return 1;
}

/* The socket is authenticated: by the challenge's OK, by a hello, or (on a
 * resumed socket, which gets no hello) by the first event it carries. */
static void
set_authed(struct mm *mm)
{
    if (mm->authed)
        return;
    mm->authed = 1;
    bot_ws_ready(mm->ws);
    bot_platform_ready(mm->ad);
}

static void
on_hello(struct mm *mm, json_t *data, long long seq)
{
    const char *conn =
        json_string_value(json_object_get(data, "connection_id"));

    set_authed(mm);
    if (conn && mm->conn_id[0] && strcmp(conn, mm->conn_id) == 0) {
        bot_log(BOT_LOG_INFO, "mattermost: resumed the event stream at %lld",
                mm->next_seq);
        return;
    }
    if (mm->conn_id[0])
        bot_log(BOT_LOG_WARN, "mattermost: the server started a new event "
                              "stream; events of the gap may be lost");
    snprintf(mm->conn_id, sizeof(mm->conn_id), "%s",
             conn && strlen(conn) < ID_MAX && url_safe(conn) ? conn : "");
    mm->next_seq = seq + 1;
}

static void
on_event(struct mm *mm, json_t *msg)
{
    const char *event = json_string_value(json_object_get(msg, "event"));
    json_t *data = json_object_get(msg, "data");
    json_t *jseq = json_object_get(msg, "seq");
    long long seq = json_is_integer(jseq) ? json_integer_value(jseq) : -1;

    if (strcmp(event, "hello") == 0) {
        on_hello(mm, data, seq);
        return;
    }
    set_authed(mm);
    if (seq >= 0 && mm->next_seq >= 0) {
        if (seq < mm->next_seq)
            return; /* replayed: handled already */
        if (seq > mm->next_seq) {
            bot_log(BOT_LOG_WARN,
                    "mattermost: events %lld to %lld missing; "
                    "reconnecting to get them",
                    mm->next_seq, seq - 1);
            mm->why = BOT_DISCONNECT_PROTOCOL;
            bot_ws_close(mm->ws, 1000, "sequence gap");
            return;
        }
        mm->next_seq = seq + 1;
    }
    if (strcmp(event, "posted") == 0)
        on_posted(mm, data);
}

static void
on_action_reply(struct mm *mm, json_t *msg)
{
    const char *status = json_string_value(json_object_get(msg, "status"));
    json_int_t seq = json_integer_value(json_object_get(msg, "seq_reply"));

    mm->ping_at = 0;
    if (seq != 1 || !status)
        return;
    if (strcmp(status, "OK") == 0) {
        /* A resumed socket gets its queued events and no hello. */
        if (!mm->authed && mm->conn_id[0])
            bot_log(BOT_LOG_INFO,
                    "mattermost: authenticated; resuming the event "
                    "stream at %lld",
                    mm->next_seq);
        set_authed(mm);
    } else if (strcmp(status, "FAIL") == 0) {
        mm->auth_failed = 1;
        bot_ws_close(mm->ws, 1000, "authentication failed");
    }
}

static void
ws_message(void *arg, const char *buf, size_t len, int binary)
{
    struct mm *mm = arg;
    json_t *msg = binary ? NULL : json_loadb(buf, len, 0, NULL);

    mm->last_rx = mm->now = bot_now_ms(mm->ad->bot);
    if (json_is_string(json_object_get(msg, "event")))
        on_event(mm, msg);
    else if (json_object_get(msg, "seq_reply"))
        on_action_reply(mm, msg);
    else
        bot_log(BOT_LOG_WARN,
                "mattermost: dropped a %zu-byte message that "
                "is not an event",
                len);
    json_decref(msg);
}

static void
ws_open(void *arg)
{
    struct mm *mm = arg;

    mm->authed = 0;
    mm->auth_failed = 0;
    mm->action_seq = 0;
    mm->ping_at = 0;
    mm->why = BOT_DISCONNECT_NONE;
    mm->open_at = mm->last_rx = mm->now = bot_now_ms(mm->ad->bot);
    if (send_action(mm, "authentication_challenge",
                    json_pack("{s:s}", "token", mm->token)) < 0)
        bot_ws_close(mm->ws, 1000, "cannot authenticate");
}

static int
ws_close(void *arg, int code, const char *reason)
{
    struct mm *mm = arg;
    char url[URL_MAX + 2 * ID_MAX + 48];

    mm->authed = 0;
    if (mm->auth_failed) {
        bot_fatal_auth(mm->ad->bot, "mattermost",
                       "the WebSocket refused the token");
        return 1;
    }
    if (mm->stopping)
        return 1;
    bot_log(BOT_LOG_WARN, "mattermost: disconnected (%d %s)", code,
            reason ? reason : "");
    bot_platform_lost(mm->ad, mm->why, code, reason);
    if (mm->conn_id[0])
        snprintf(url, sizeof(url), "%s?connection_id=%s&sequence_number=%lld",
                 mm->ws_base, mm->conn_id, mm->next_seq);
    else
        snprintf(url, sizeof(url), "%s", mm->ws_base);
    if (bot_ws_set_url(mm->ws, url) < 0) {
        /* The server's id did not fit a URL: start a new stream. */
        mm->conn_id[0] = '\0';
        if (bot_ws_set_url(mm->ws, mm->ws_base) < 0)
            return 1;
    }
    return 0;
}

static const struct bot_ws_handler handler = {ws_open, ws_message, ws_close,
                                              NULL};

/* ---- the adapter ---- */

static int
mm_init(struct bot_adapter *ad, const struct bot_config *cfg)
{
    struct mm *mm = ad->priv;
    const char *url = cfg->mattermost_url;
    size_t n = url ? strlen(url) : 0;
    int tls = url && strncasecmp(url, "https://", 8) == 0;
    struct bot_ws_opts o = {mm->ws_base, NULL, NULL, 0};

    mm->ad = ad;
    mm->token = cfg->mattermost_token;
    mm->next_seq = -1;
    if (!url || !mm->token)
        return bot_fail(BOT_EINVAL, "mattermost: MATTERMOST_URL and "
                                    "MATTERMOST_TOKEN are required");
    while (n > 0 && url[n - 1] == '/')
        n--;
    if (n >= URL_MAX - 32)
        return bot_fail(BOT_EINVAL, "MATTERMOST_URL is too long");
    snprintf(mm->api, sizeof(mm->api), "%.*s/api/v4", (int)n, url);
    snprintf(mm->ws_base, sizeof(mm->ws_base), "%s%.*s/api/v4/websocket",
             tls ? "wss" : "ws", (int)(n - (tls ? 5 : 4)), url + (tls ? 5 : 4));
    mm->auth = bot_http_auth("Bearer", mm->token);
    if (!mm->auth)
        return BOT_ENOMEM;
    mm->me_timer = bot_timer_new(bot_loop_of(ad->bot), request_me, mm);
    mm->ws = bot_ws_new(bot_loop_of(ad->bot), &o, &handler, mm);
    mm->outbox = bot_outbox_new(ad->bot, "mattermost", NULL);
    return mm->me_timer && mm->ws && mm->outbox ? 0 : BOT_EINVAL;
}

static int
mm_start(struct bot_adapter *ad)
{
    request_me(ad->priv);
    return 0;
}

static void
mm_tick(struct bot_adapter *ad, int64_t now_ms)
{
    struct mm *mm = ad->priv;

    mm->now = now_ms;
    if (!bot_ws_is_open(mm->ws) || mm->stopping)
        return;
    if (!mm->authed && now_ms - mm->open_at > AUTH_WAIT_MS) {
        bot_log(BOT_LOG_WARN, "mattermost: no answer to the authentication "
                              "challenge");
        bot_ws_close(mm->ws, 1000, "not authenticated");
    } else if (mm->ping_at && now_ms - mm->ping_at > PONG_WAIT_MS) {
        bot_log(BOT_LOG_WARN, "mattermost: no answer to ping, reconnecting");
        mm->ping_at = 0;
        mm->why = BOT_DISCONNECT_TIMEOUT;
        bot_ws_close(mm->ws, 1000, "ping timeout");
    } else if (mm->authed && !mm->ping_at &&
               now_ms - mm->last_rx > PING_EVERY_MS) {
        mm->ping_at = now_ms;
        if (send_action(mm, "ping", NULL) < 0)
            mm->ping_at = 0;
    }
}

static int
mm_stop(struct bot_adapter *ad)
{
    struct mm *mm = ad->priv;

    return bot_outbox_goodbye(mm->outbox, mm->ws, &mm->stopping);
}

static void
mm_release(struct bot_adapter *ad)
{
    struct mm *mm = ad->priv;

    mm->stopping = 1;
    bot_outbox_free(mm->outbox);
    bot_timer_free(mm->me_timer);
    bot_ws_free(mm->ws);
    bot_secret_free(mm->auth);
}

const struct bot_adapter_ops bot_mattermost_ops = {
    .name = "mattermost",
    .key_prefix = "MATTERMOST_",
    .priv_size = sizeof(struct mm),
    .init = mm_init,
    .start = mm_start,
    .reply = mm_reply,
    .post = mm_post,
    .on_tick = mm_tick,
    .stop = mm_stop,
    .release = mm_release,
};
