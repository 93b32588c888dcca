/* WebSocket client connections: connect with a deadline, reassembly up
 * to a cap, a bounded send queue written one frame per WRITEABLE, close
 * codes, and reconnects with backoff. With loop.c, the only code that
 * sees libwebsockets (through lws_int.h). */
#include "bot/net/ws.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "lws_int.h"

struct tx_frame {
    struct tx_frame *next;
    size_t len;
    unsigned char data[]; /* LWS_PRE bytes of headroom, then the payload */
};

enum ws_state { WS_IDLE = 0, WS_CONNECTING, WS_OPEN, WS_CLOSING, WS_STOPPED };

struct bot_ws {
    struct bot_loop *loop;
    struct lws *wsi;
    enum ws_state state;
    struct bot_ws_handler h;
    void *arg;
    char scheme[8], host[256], path[1024], protocols[128], origin[256];
    int port, tls;
    unsigned attempt; /* reconnects since the last ready session */
    struct bot_timer *retry;
    struct bot_timer *watch;    /* the connect deadline, then frame checks */
    int64_t connect_timeout_ms; /* connect + upgrade, from the options */
    char *rx;                   /* reassembly buffer, BOT_WS_RX_CAP bytes */
    size_t rx_len;
    size_t rx_seen; /* bytes of the message so far, kept or skipped */
    int rx_overflow;
    struct tx_frame *head, *tail;
    size_t queued;
    int close_code; /* ours, to send once the queue is empty */
    char close_reason[124];
    struct tx_frame *urgent_tail; /* the last urgent frame queued */
    int peer_code;                /* the peer's, from its close frame */
    char peer_reason[124];
};

int64_t
bot_ws_backoff_ms(unsigned attempt, uint32_t rand)
{
    int64_t base = 500;
    int64_t jitter;

    while (attempt-- > 0 && base < 60000)
        base *= 2;
    if (base > 60000)
        base = 60000;
    jitter = base / 5; /* +-20% */
    return base - jitter + (int64_t)(rand % (uint32_t)(2 * jitter + 1));
}

/* Splits ws[s]://host[:port][/path] into the connection's fields. */
static int
parse_url(struct bot_ws *ws, const char *url)
{
    char buf[1400];
    const char *prot, *addr, *path;
    int port;

    if (snprintf(buf, sizeof(buf), "%s", url) >= (int)sizeof(buf))
        return BOT_EINVAL;
    if (lws_parse_uri(buf, &prot, &addr, &port, &path))
        return BOT_EINVAL;
    if (strcmp(prot, "ws") != 0 && strcmp(prot, "wss") != 0)
        return BOT_EINVAL;
    if (!*addr)
        return BOT_EINVAL;
    snprintf(ws->scheme, sizeof(ws->scheme), "%s", prot);
    snprintf(ws->host, sizeof(ws->host), "%s", addr);
    /* lws_parse_uri drops the leading '/'. */
    snprintf(ws->path, sizeof(ws->path), "/%s",
             path[0] == '/' ? path + 1 : path);
    ws->tls = strcmp(prot, "wss") == 0;
    ws->port = port;
    return 0;
}

static void
tx_clear(struct bot_ws *ws)
{
    while (ws->head) {
        struct tx_frame *f = ws->head;
        ws->head = f->next;
        free(f);
    }
    ws->tail = NULL;
    ws->urgent_tail = NULL;
    ws->queued = 0;
}

static void retry_now(void *arg);
static void watch_cb(void *arg);

struct bot_ws *
bot_ws_new(struct bot_loop *loop, const struct bot_ws_opts *o,
           const struct bot_ws_handler *h, void *arg)
{
    struct bot_ws *ws = calloc(1, sizeof(*ws));

    if (!ws)
        return NULL;
    ws->loop = loop;
    ws->h = *h;
    ws->arg = arg;
    ws->rx = malloc(BOT_WS_RX_CAP);
    ws->retry = bot_timer_new(loop, retry_now, ws);
    ws->watch = bot_timer_new(loop, watch_cb, ws);
    ws->connect_timeout_ms = o->connect_timeout_ms > 0
                                 ? o->connect_timeout_ms
                                 : BOT_WS_CONNECT_TIMEOUT_MS;
    if (!ws->rx || !ws->retry || !ws->watch || parse_url(ws, o->url) < 0) {
        if (ws->rx && ws->retry && ws->watch)
            bot_fail(BOT_EINVAL, "websocket: cannot use the URL (want "
                                 "ws://host[:port]/path or wss://...)");
        bot_ws_free(ws);
        return NULL;
    }
    snprintf(ws->protocols, sizeof(ws->protocols), "%s",
             o->protocols ? o->protocols : "");
    snprintf(ws->origin, sizeof(ws->origin), "%s", o->origin ? o->origin : "");
    return ws;
}

void
bot_ws_free(struct bot_ws *ws)
{
    if (!ws)
        return;
    ws->state = WS_STOPPED;
    if (ws->wsi) {
        lws_set_opaque_user_data(ws->wsi, NULL);
        lws_set_timeout(ws->wsi, PENDING_TIMEOUT_KILLED_BY_PARENT,
                        LWS_TO_KILL_ASYNC);
    }
    bot_timer_free(ws->retry);
    bot_timer_free(ws->watch);
    tx_clear(ws);
    free(ws->rx);
    free(ws);
}

int
bot_ws_set_url(struct bot_ws *ws, const char *url)
{
    size_t n = strlen(ws->scheme);

    /* Same scheme only: TLS is never given up on a reconnect. */
    if (strncmp(url, ws->scheme, n) != 0 || strncmp(url + n, "://", 3) != 0)
        return bot_fail(BOT_EINVAL, "websocket: a reconnect URL may not "
                                    "change the scheme");
    return parse_url(ws, url);
}

/* A link silent this long gets a WebSocket ping from lws; silent longer,
 * it is dropped and reconnected: a half-open TCP connection (a peer gone
 * without a FIN) is noticed even on platforms with no ping of their own. */
static const lws_retry_bo_t idle_policy = {
    .secs_since_valid_ping = 30,
    .secs_since_valid_hangup = 45,
};

int
bot_ws_connect(struct bot_ws *ws)
{
    struct lws_client_connect_info ci;

    memset(&ci, 0, sizeof(ci));
    ci.context = bot_loop_ctx(ws->loop);
    ci.address = ws->host;
    ci.port = ws->port;
    ci.path = ws->path;
    ci.host = ws->host;
    ci.origin = ws->origin[0] ? ws->origin : NULL;
    ci.protocol = ws->protocols[0] ? ws->protocols : NULL;
    ci.ssl_connection = ws->tls ? LCCSCF_USE_SSL : 0;
    ci.local_protocol_name = "newsbot";
    ci.opaque_user_data = ws;
    ci.pwsi = &ws->wsi;
    ci.retry_and_idle_policy = &idle_policy;
    ws->state = WS_CONNECTING;
    ws->close_code = 0;
    ws->peer_code = 0;
    ws->peer_reason[0] = '\0';
    bot_log(BOT_LOG_INFO, "websocket: connecting to %s://%s:%d", ws->scheme,
            ws->host, ws->port);
    bot_timer_start(ws->watch, ws->connect_timeout_ms);
    if (!lws_client_connect_via_info(&ci)) {
        bot_timer_stop(ws->watch);
        ws->wsi = NULL;
        /* The error callback has run or the attempt failed at once: retry. */
        if (ws->state == WS_CONNECTING) {
            ws->state = WS_IDLE;
            bot_timer_start(
                ws->retry,
                bot_ws_backoff_ms(ws->attempt++, bot_loop_rand(ws->loop)));
        }
    }
    return 0;
}

static void
retry_now(void *arg)
{
    struct bot_ws *ws = arg;

    if (ws->state == WS_IDLE && bot_ws_connect(ws) < 0)
        ws->state = WS_STOPPED;
}

void
bot_ws_ready(struct bot_ws *ws)
{
    ws->attempt = 0;
}

int
bot_ws_is_open(const struct bot_ws *ws)
{
    return ws && ws->state == WS_OPEN;
}

size_t
bot_ws_queued(const struct bot_ws *ws)
{
    return ws->queued;
}

int
bot_ws_send(struct bot_ws *ws, const char *buf, size_t len, int urgent)
{
    struct tx_frame *f;

    if (ws->state != WS_OPEN || !ws->wsi)
        return BOT_ENET;
    if (ws->queued >= BOT_WS_TX_MAX)
        return bot_fail(BOT_ETOOBIG, "websocket: send queue full, message "
                                     "dropped");
    f = malloc(sizeof(*f) + LWS_PRE + len);
    if (!f)
        return BOT_ENOMEM;
    f->len = len;
    memcpy(f->data + LWS_PRE, buf, len);
    if (urgent) { /* after earlier urgent frames, before the rest */
        struct tx_frame **at =
            ws->urgent_tail ? &ws->urgent_tail->next : &ws->head;
        f->next = *at;
        *at = f;
        ws->urgent_tail = f;
        if (!f->next)
            ws->tail = f;
    } else {
        f->next = NULL;
        if (ws->tail)
            ws->tail->next = f;
        else
            ws->head = f;
        ws->tail = f;
    }
    ws->queued++;
    lws_callback_on_writable(ws->wsi);
    return 0;
}

void
bot_ws_close(struct bot_ws *ws, int code, const char *reason)
{
    snprintf(ws->close_reason, sizeof(ws->close_reason), "%s",
             reason ? reason : "");
    if (ws->state == WS_OPEN && ws->wsi) {
        ws->close_code = code ? code : 1000;
        ws->state = WS_CLOSING;
        lws_callback_on_writable(ws->wsi);
    } else if (ws->state == WS_IDLE || ws->state == WS_CONNECTING) {
        bot_timer_stop(ws->retry);
    }
}

/* The connection is gone: tell the owner, then retry unless it says stop. */
static void
lost(struct bot_ws *ws, const char *why)
{
    const char *reason = ws->peer_reason[0] ? ws->peer_reason : why;
    int stop, code = ws->peer_code;

    ws->wsi = NULL;
    tx_clear(ws);
    bot_timer_stop(ws->watch);
    if (ws->state == WS_STOPPED)
        return;
    ws->state = WS_IDLE;
    if (!code && ws->close_code == LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE) {
        code = ws->close_code; /* we refused a message: that ended it */
        reason = ws->close_reason;
    }
    stop = ws->h.on_close(ws->arg, code, reason);
    if (stop) {
        ws->state = WS_STOPPED;
        return;
    }
    {
        int64_t delay =
            bot_ws_backoff_ms(ws->attempt++, bot_loop_rand(ws->loop));
        bot_log(BOT_LOG_INFO, "websocket: %s; reconnecting in %lld ms",
                why ? why : "closed", (long long)delay);
        bot_timer_start(ws->retry, delay);
    }
}

/* True if the message in progress, with what its current frame still
 * announces, would take us past what we are willing to read through. */
static int
too_long(const struct bot_ws *ws, size_t len, size_t announced)
{
    size_t seen = ws->rx_seen;

    return len > BOT_WS_SKIP_MAX - seen ||
           announced > BOT_WS_SKIP_MAX - seen - len;
}

/* Refuses the message in progress: close with 1009, then reconnect. */
static void
refuse(struct bot_ws *ws, size_t announced)
{
    bot_log(BOT_LOG_WARN,
            "websocket: the server announced a message of at least %zu "
            "bytes, over the %d-byte limit; closing the connection",
            announced, BOT_WS_SKIP_MAX);
    tx_clear(ws);
    ws->close_code = LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE;
    snprintf(ws->close_reason, sizeof(ws->close_reason), "message too big");
    ws->state = WS_CLOSING;
}

/* Appends a fragment; hands over the message when it is whole. A message
 * over BOT_WS_RX_CAP is read through and dropped, the connection kept; one
 * that announces more than BOT_WS_SKIP_MAX ends the connection, since
 * reading through it could take forever. */
static int
rx_append(struct bot_ws *ws, struct lws *wsi, const char *in, size_t len)
{
    size_t left = lws_remaining_packet_payload(wsi);

    if (lws_is_first_fragment(wsi)) {
        ws->rx_len = 0;
        ws->rx_seen = 0;
        ws->rx_overflow = 0;
    }
    if (too_long(ws, len, left)) {
        refuse(ws, ws->rx_seen + len + left);
        lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
                         (unsigned char *)ws->close_reason,
                         strlen(ws->close_reason));
        return -1;
    }
    ws->rx_seen += len;
    if (!ws->rx_overflow && ws->rx_len + len <= BOT_WS_RX_CAP) {
        memcpy(ws->rx + ws->rx_len, in, len);
        ws->rx_len += len;
    } else {
        ws->rx_overflow = 1;
    }
    if (!lws_is_final_fragment(wsi))
        return 0;
    if (ws->rx_overflow)
        bot_log(BOT_LOG_WARN, "websocket: dropped a message over %d bytes",
                BOT_WS_RX_CAP);
    else
        ws->h.on_message(ws->arg, ws->rx, ws->rx_len, lws_frame_is_binary(wsi));
    ws->rx_len = 0;
    ws->rx_seen = 0;
    ws->rx_overflow = 0;
    return 0;
}

/* The connect deadline: an attempt that has not become a WebSocket in
 * time is abandoned and retried with the backoff. Once open, a check
 * twice a second of the frame being received: libwebsockets hands over
 * payload only in 4 KiB pieces, so a header announcing 2^62 bytes
 * followed by a trickle would otherwise hold the socket until the idle
 * timeout. */
static void
watch_cb(void *arg)
{
    struct bot_ws *ws = arg;

    if (ws->state == WS_CONNECTING) {
        struct lws *wsi = ws->wsi;
        char why[96];

        if (wsi) {
            lws_set_opaque_user_data(wsi, NULL);
            lws_set_timeout(wsi, PENDING_TIMEOUT_KILLED_BY_PARENT,
                            LWS_TO_KILL_ASYNC);
        }
        snprintf(why, sizeof(why),
                 "no answer to the connection or the upgrade in %lld ms",
                 (long long)ws->connect_timeout_ms);
        lost(ws, why);
    } else if (ws->state == WS_OPEN && ws->wsi) {
        size_t left = lws_remaining_packet_payload(ws->wsi);

        if (too_long(ws, 0, left)) {
            refuse(ws, ws->rx_seen + left);
            lws_callback_on_writable(ws->wsi);
            return;
        }
        bot_timer_start(ws->watch, BOT_WS_WATCH_MS);
    }
}

/* Writes one queued message; closes once the queue is empty if asked. */
static int
tx_flush_one(struct bot_ws *ws, struct lws *wsi)
{
    struct tx_frame *f = ws->head;

    if (!f) {
        if (ws->state == WS_CLOSING) {
            lws_close_reason(wsi, (enum lws_close_status)ws->close_code,
                             (unsigned char *)ws->close_reason,
                             strlen(ws->close_reason));
            return -1;
        }
        return 0;
    }
    ws->head = f->next;
    if (!ws->head)
        ws->tail = NULL;
    if (ws->urgent_tail == f)
        ws->urgent_tail = NULL;
    ws->queued--;
    if (lws_write(wsi, f->data + LWS_PRE, f->len, LWS_WRITE_TEXT) <
        (int)f->len) {
        free(f);
        return -1;
    }
    free(f);
    if (ws->head || ws->state == WS_CLOSING)
        lws_callback_on_writable(wsi);
    else if (ws->h.on_drained)
        ws->h.on_drained(ws->arg);
    return 0;
}

static void
peer_close(struct bot_ws *ws, const unsigned char *in, size_t len)
{
    ws->peer_code = len >= 2 ? (in[0] << 8) | in[1] : 0;
    if (len > 2) {
        size_t n = len - 2 < sizeof(ws->peer_reason) - 1
                       ? len - 2
                       : sizeof(ws->peer_reason) - 1;
        memcpy(ws->peer_reason, in + 2, n);
        ws->peer_reason[n] = '\0';
    }
}

int
bot_ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
                void *in, size_t len)
{
    struct bot_ws *ws = wsi ? lws_get_opaque_user_data(wsi) : NULL;

    switch (reason) {
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        if (ws)
            lost(ws, in ? (const char *)in : "connection failed");
        return 0;
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
        if (!ws)
            return -1;
        ws->state = WS_OPEN;
        ws->rx_len = ws->rx_seen = 0;
        ws->rx_overflow = 0;
        bot_timer_start(ws->watch, BOT_WS_WATCH_MS);
        ws->h.on_open(ws->arg);
        return 0;
    case LWS_CALLBACK_CLIENT_RECEIVE:
        return ws ? rx_append(ws, wsi, in, len) : -1;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
        return ws ? tx_flush_one(ws, wsi) : -1;
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        if (ws)
            peer_close(ws, in, len);
        return 0;
    case LWS_CALLBACK_CLIENT_CLOSED:
        if (ws)
            lost(ws, "connection closed");
        return 0;
    case LWS_CALLBACK_WSI_DESTROY:
        if (ws && ws->wsi == wsi)
            ws->wsi = NULL;
        return 0;
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}
