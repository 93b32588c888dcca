/* Line-oriented TCP and TLS client connections (libwebsockets' raw client
 * role; TLS through tls.c, since lws 4.1.6's raw client cannot start TLS
 * without async DNS): connect and handshake with a deadline, the peer
 * verified, lines reassembled across reads up to a cap, a bounded send
 * queue written one line per WRITEABLE, and reconnects with backoff. With
 * loop.c and ws.c, the only code that sees libwebsockets (lws_int.h). */
#include "bot/net/tcp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/net/ws.h" /* bot_ws_backoff_ms(): one backoff for both */
#include "lws_int.h"
#include "tls_int.h"

#define TLS_OUT_CAP (17 * 1024) /* a TLS record and then some */

struct tx_line {
    struct tx_line *next;
    size_t len;           /* with the CR LF */
    unsigned char data[]; /* LWS_PRE bytes of headroom, then the line */
};

enum tcp_state {
    TCP_IDLE = 0,
    TCP_CONNECTING,
    TCP_OPEN,
    TCP_CLOSING,
    TCP_STOPPED
};

struct bot_tcp {
    struct bot_loop *loop;
    struct lws *wsi;
    struct bot_tls_ctx *tls_ctx; /* trust and client certificate (TLS) */
    struct bot_tls *tls;         /* this connection's session (TLS) */
    unsigned char *out;          /* LWS_PRE + TLS_OUT_CAP bytes (TLS) */
    char tls_why[200];           /* why the session failed */
    enum tcp_state state;
    struct bot_tcp_handler h;
    void *arg;
    char host[256];
    int port, tls_on;
    unsigned attempt; /* reconnects since the last ready session */
    struct bot_timer *retry, *watch;
    int64_t connect_timeout_ms;
    char *rx; /* the line being read, line_max + 1 bytes (its CR) */
    size_t rx_len, line_max;
    int rx_skip; /* the line being read is over the cap: drop it */
    struct tx_line *head, *tail, *urgent_tail;
    size_t queued;
    char close_reason[124];
};

static void retry_now(void *arg);
static void watch_cb(void *arg);

/* Zeroes @n bytes in a way the compiler keeps. */
static void
wipe(void *buf, size_t n)
{
    volatile unsigned char *p = buf;

    while (n--)
        *p++ = 0;
}

static void
tx_clear(struct bot_tcp *tcp)
{
    while (tcp->head) {
        struct tx_line *l = tcp->head;
        tcp->head = l->next;
        wipe(l->data + LWS_PRE, l->len); /* maybe a SASL payload */
        free(l);
    }
    tcp->tail = tcp->urgent_tail = NULL;
    tcp->queued = 0;
}

struct bot_tcp *
bot_tcp_new(struct bot_loop *loop, const struct bot_tcp_opts *o,
            const struct bot_tcp_handler *h, void *arg)
{
    struct bot_tcp *tcp;

    if (!o->host || !*o->host || strlen(o->host) >= sizeof(tcp->host) ||
        o->port < 1 || o->port > 65535 || o->line_max < 16 ||
        (o->cert && !o->tls)) {
        bot_fail(BOT_EINVAL, "tcp: bad host, port or options");
        return NULL;
    }
    tcp = calloc(1, sizeof(*tcp));
    if (!tcp)
        return NULL;
    tcp->loop = loop;
    tcp->h = *h;
    tcp->arg = arg;
    tcp->line_max = o->line_max;
    tcp->rx = malloc(o->line_max + 1);
    tcp->retry = bot_timer_new(loop, retry_now, tcp);
    tcp->watch = bot_timer_new(loop, watch_cb, tcp);
    tcp->connect_timeout_ms = o->connect_timeout_ms > 0
                                  ? o->connect_timeout_ms
                                  : BOT_TCP_CONNECT_TIMEOUT_MS;
    snprintf(tcp->host, sizeof(tcp->host), "%s", o->host);
    tcp->port = o->port;
    tcp->tls_on = o->tls;
    if (!tcp->rx || !tcp->retry || !tcp->watch) {
        bot_tcp_free(tcp);
        return NULL;
    }
    if (o->tls) {
        struct bot_loop *l = loop;
        tcp->out = malloc(LWS_PRE + TLS_OUT_CAP);
        tcp->tls_ctx = bot_tls_ctx_new(l->ca_file, o->cert, o->key);
        if (!tcp->out || !tcp->tls_ctx) { /* reported, or out of memory */
            bot_tcp_free(tcp);
            return NULL;
        }
    }
    return tcp;
}

void
bot_tcp_free(struct bot_tcp *tcp)
{
    if (!tcp)
        return;
    tcp->state = TCP_STOPPED;
    if (tcp->wsi) {
        lws_set_opaque_user_data(tcp->wsi, NULL);
        lws_set_timeout(tcp->wsi, PENDING_TIMEOUT_KILLED_BY_PARENT,
                        LWS_TO_KILL_ASYNC);
    }
    bot_timer_free(tcp->retry);
    bot_timer_free(tcp->watch);
    tx_clear(tcp);
    bot_tls_free(tcp->tls);
    bot_tls_ctx_free(tcp->tls_ctx);
    free(tcp->out);
    free(tcp->rx);
    free(tcp);
}

int
bot_tcp_connect(struct bot_tcp *tcp)
{
    struct lws_client_connect_info ci;

    memset(&ci, 0, sizeof(ci));
    ci.context = bot_loop_ctx(tcp->loop);
    ci.address = tcp->host;
    ci.port = tcp->port;
    ci.host = tcp->host; /* SNI and the certificate's name */
    ci.path = "/";
    ci.method = "RAW";
    ci.ssl_connection = 0; /* TLS is tls.c's, over the raw socket */
    ci.local_protocol_name = BOT_LOOP_RAW_PROTOCOL;
    ci.opaque_user_data = tcp;
    ci.pwsi = &tcp->wsi;
    tcp->state = TCP_CONNECTING;
    tcp->close_reason[0] = '\0';
    tcp->tls_why[0] = '\0';
    bot_log(BOT_LOG_INFO, "tcp: connecting to %s:%d%s", tcp->host, tcp->port,
            tcp->tls_on ? " (TLS)" : "");
    bot_timer_start(tcp->watch, tcp->connect_timeout_ms);
    if (!lws_client_connect_via_info(&ci)) {
        bot_timer_stop(tcp->watch);
        tcp->wsi = NULL;
        /* The error callback has run or the attempt failed at once: retry. */
        if (tcp->state == TCP_CONNECTING) {
            tcp->state = TCP_IDLE;
            bot_timer_start(
                tcp->retry,
                bot_ws_backoff_ms(tcp->attempt++, bot_loop_rand(tcp->loop)));
        }
    }
    return 0;
}

static void
retry_now(void *arg)
{
    struct bot_tcp *tcp = arg;

    if (tcp->state == TCP_IDLE && bot_tcp_connect(tcp) < 0)
        tcp->state = TCP_STOPPED;
}

void
bot_tcp_ready(struct bot_tcp *tcp)
{
    tcp->attempt = 0;
}

int
bot_tcp_is_open(const struct bot_tcp *tcp)
{
    return tcp && tcp->state == TCP_OPEN;
}

size_t
bot_tcp_queued(const struct bot_tcp *tcp)
{
    return tcp->queued;
}

int
bot_tcp_send(struct bot_tcp *tcp, const char *line, size_t len, int urgent)
{
    struct tx_line *l;

    if (tcp->state != TCP_OPEN || !tcp->wsi)
        return BOT_ENET;
    if (memchr(line, '\r', len) || memchr(line, '\n', len) ||
        memchr(line, '\0', len))
        return bot_fail(BOT_EINVAL, "tcp: a line to send holds CR, LF or NUL");
    if (tcp->queued >= BOT_TCP_TX_MAX)
        return bot_fail(BOT_ETOOBIG, "tcp: send queue full, line dropped");
    l = malloc(sizeof(*l) + LWS_PRE + len + 2);
    if (!l)
        return BOT_ENOMEM;
    memcpy(l->data + LWS_PRE, line, len);
    memcpy(l->data + LWS_PRE + len, "\r\n", 2);
    l->len = len + 2;
    if (urgent) { /* after earlier urgent lines, before the rest */
        struct tx_line **at =
            tcp->urgent_tail ? &tcp->urgent_tail->next : &tcp->head;
        l->next = *at;
        *at = l;
        tcp->urgent_tail = l;
        if (!l->next)
            tcp->tail = l;
    } else {
        l->next = NULL;
        if (tcp->tail)
            tcp->tail->next = l;
        else
            tcp->head = l;
        tcp->tail = l;
    }
    tcp->queued++;
    lws_callback_on_writable(tcp->wsi);
    return 0;
}

void
bot_tcp_close(struct bot_tcp *tcp, const char *reason)
{
    snprintf(tcp->close_reason, sizeof(tcp->close_reason), "%s",
             reason ? reason : "closed");
    if (tcp->state == TCP_OPEN && tcp->wsi) {
        tcp->state = TCP_CLOSING;
        lws_callback_on_writable(tcp->wsi);
    } else if (tcp->state == TCP_IDLE || tcp->state == TCP_CONNECTING) {
        bot_timer_stop(tcp->retry);
    }
}

/* A failed TLS handshake: what to do about it. */
static void
explain_failure(const struct bot_tcp *tcp)
{
    if (!tcp->tls_why[0])
        return;
    if (strstr(tcp->tls_why, "certificate verify failed"))
        bot_log(BOT_LOG_ERROR,
                "tls: refused the server %s:%d: %s; its certificate is not "
                "trusted, has expired or does not name %s (for a private CA, "
                "name its PEM file in NEWSBOT_CA_FILE); nothing was sent",
                tcp->host, tcp->port, tcp->tls_why, tcp->host);
    else
        bot_log(BOT_LOG_ERROR,
                "tls: the TLS handshake with %s:%d failed: %s; is it a TLS "
                "port (ircs:// is usually 6697)?",
                tcp->host, tcp->port, tcp->tls_why);
}

/* The connection is gone: tell the owner, then retry unless it says stop. */
static void
lost(struct bot_tcp *tcp, const char *why)
{
    const char *reason = tcp->close_reason[0] ? tcp->close_reason : why;
    int64_t delay;

    tcp->wsi = NULL;
    tx_clear(tcp);
    bot_tls_free(tcp->tls);
    tcp->tls = NULL;
    bot_timer_stop(tcp->watch);
    if (tcp->state == TCP_STOPPED)
        return;
    if (tcp->tls_why[0]) { /* an error only before the session was up */
        if (tcp->state == TCP_CONNECTING)
            explain_failure(tcp);
        reason = why = tcp->tls_why;
    }
    tcp->state = TCP_IDLE;
    if (tcp->h.on_close(tcp->arg, reason ? reason : "connection closed")) {
        tcp->state = TCP_STOPPED;
        return;
    }
    delay = bot_ws_backoff_ms(tcp->attempt++, bot_loop_rand(tcp->loop));
    bot_log(BOT_LOG_INFO, "tcp: %s; reconnecting in %lld ms",
            why ? why : "closed", (long long)delay);
    bot_timer_start(tcp->retry, delay);
}

/* The connect deadline: an attempt not connected in time is abandoned
 * and retried with the backoff. */
static void
watch_cb(void *arg)
{
    struct bot_tcp *tcp = arg;
    char why[96];

    if (tcp->state != TCP_CONNECTING)
        return;
    if (tcp->wsi) {
        lws_set_opaque_user_data(tcp->wsi, NULL);
        lws_set_timeout(tcp->wsi, PENDING_TIMEOUT_KILLED_BY_PARENT,
                        LWS_TO_KILL_ASYNC);
    }
    snprintf(why, sizeof(why), "no connection%s in %lld ms",
             tcp->tls_ctx ? " (TCP and TLS handshake)" : "",
             (long long)tcp->connect_timeout_ms);
    lost(tcp, why);
}

/* Ends the line being read: hands it over, or says it was dropped. */
static void
rx_line_end(struct bot_tcp *tcp)
{
    size_t n = tcp->rx_len;

    if (tcp->rx_skip)
        bot_log(BOT_LOG_WARN,
                "tcp: dropped a line over %zu bytes from %s:%d (a line may "
                "be at most 512 bytes, with tags 8191 more)",
                tcp->line_max, tcp->host, tcp->port);
    else if (n > 0 && tcp->rx[n - 1] == '\r')
        n--;
    if (!tcp->rx_skip && n > 0)
        tcp->h.on_line(tcp->arg, tcp->rx, n);
    tcp->rx_len = 0;
    tcp->rx_skip = 0;
}

/* Reassembles lines from a read: a line may span reads, and a read may
 * hold many lines. */
static void
rx_feed(struct bot_tcp *tcp, const char *in, size_t len)
{
    while (len > 0 && tcp->state != TCP_STOPPED) {
        const char *lf = memchr(in, '\n', len);
        size_t n = lf ? (size_t)(lf - in) : len;

        if (!tcp->rx_skip && tcp->rx_len + n <= tcp->line_max + 1) {
            memcpy(tcp->rx + tcp->rx_len, in, n);
            tcp->rx_len += n;
        } else {
            tcp->rx_skip = 1;
        }
        if (lf) {
            /* "...\r" + "\n" over the cap by the CR only is still fine */
            if (tcp->rx_skip == 0 && tcp->rx_len == tcp->line_max + 1 &&
                tcp->rx[tcp->rx_len - 1] != '\r')
                tcp->rx_skip = 1;
            rx_line_end(tcp);
            n++;
        }
        in += n;
        len -= n;
    }
}

static struct tx_line *
tx_pop(struct bot_tcp *tcp)
{
    struct tx_line *l = tcp->head;

    if (!l)
        return NULL;
    tcp->head = l->next;
    if (!tcp->head)
        tcp->tail = NULL;
    if (tcp->urgent_tail == l)
        tcp->urgent_tail = NULL;
    tcp->queued--;
    return l;
}

/* Writes one queued line (through TLS: one line encrypted, then what the
 * session has to send, the handshake's messages included); closes once
 * everything is out if asked. */
static int
tx_flush_one(struct bot_tcp *tcp, struct lws *wsi)
{
    int open = tcp->state == TCP_OPEN || tcp->state == TCP_CLOSING;
    struct tx_line *l = NULL;
    unsigned char *p = NULL;
    size_t n = 0;
    int rc = 0;

    if (open && (!tcp->tls || !bot_tls_out_pending(tcp->tls)))
        l = tx_pop(tcp);
    if (tcp->tls) {
        if (l && bot_tls_write(tcp->tls, l->data + LWS_PRE, l->len) < 0)
            rc = -1;
        p = tcp->out + LWS_PRE;
        n = rc == 0 ? bot_tls_out(tcp->tls, p, TLS_OUT_CAP) : 0;
    } else if (l) {
        p = l->data + LWS_PRE;
        n = l->len;
    }
    if (n > 0 && lws_write(wsi, p, n, LWS_WRITE_RAW) < 0)
        rc = -1;
    if (l) /* it may have held a SASL payload */
        wipe(l->data + LWS_PRE, l->len);
    free(l);
    if (rc < 0)
        return -1;
    if (tcp->head || (tcp->tls && bot_tls_out_pending(tcp->tls)))
        lws_callback_on_writable(wsi);
    else if (tcp->state == TCP_CLOSING && n == 0)
        return -1;
    else if (tcp->state == TCP_CLOSING)
        lws_callback_on_writable(wsi);
    else if (open && n > 0 && tcp->h.on_drained)
        tcp->h.on_drained(tcp->arg);
    return 0;
}

static void
opened(struct bot_tcp *tcp)
{
    bot_timer_stop(tcp->watch);
    tcp->state = TCP_OPEN;
    tcp->rx_len = 0;
    tcp->rx_skip = 0;
    tcp->h.on_open(tcp->arg);
}

static void
tls_plain(void *arg, const char *buf, size_t len)
{
    rx_feed(arg, buf, len);
}

/* Bytes from the socket: lines, or TLS records holding them. */
static int
received(struct bot_tcp *tcp, struct lws *wsi, const char *in, size_t len)
{
    int r;

    if (!tcp->tls) {
        rx_feed(tcp, in, len);
        return 0;
    }
    r = bot_tls_feed(tcp->tls, in, len, tls_plain, tcp);
    if (r == 1) { /* verified: the connection is open */
        opened(tcp);
        r = tcp->tls ? bot_tls_feed(tcp->tls, NULL, 0, tls_plain, tcp) : 0;
    }
    if (r < 0 && tcp->tls) {
        snprintf(tcp->tls_why, sizeof(tcp->tls_why), "%s",
                 bot_tls_error(tcp->tls));
        return -1;
    }
    if (tcp->tls && bot_tls_out_pending(tcp->tls))
        lws_callback_on_writable(wsi);
    return 0;
}

int
bot_tcp_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
                 void *in, size_t len)
{
    struct bot_tcp *tcp = wsi ? lws_get_opaque_user_data(wsi) : NULL;

    switch (reason) {
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        if (tcp)
            lost(tcp, in ? (const char *)in : "connection failed");
        return 0;
    case LWS_CALLBACK_RAW_CONNECTED:
        if (!tcp)
            return -1;
        if (!tcp->tls_ctx) {
            opened(tcp);
            return 0;
        }
        tcp->tls = bot_tls_new(tcp->tls_ctx, tcp->host);
        if (!tcp->tls)
            return -1;
        lws_callback_on_writable(wsi); /* the ClientHello */
        return 0;
    case LWS_CALLBACK_RAW_RX:
        return tcp ? received(tcp, wsi, in, len) : -1;
    case LWS_CALLBACK_RAW_WRITEABLE:
        return tcp ? tx_flush_one(tcp, wsi) : -1;
    case LWS_CALLBACK_RAW_CLOSE:
        if (tcp)
            lost(tcp, tcp->state == TCP_CONNECTING && tcp->tls
                          ? "connection closed during the TLS handshake"
                          : "connection closed");
        return 0;
    case LWS_CALLBACK_WSI_DESTROY:
        if (tcp && tcp->wsi == wsi)
            tcp->wsi = NULL;
        return 0;
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}
