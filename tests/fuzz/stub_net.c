/* The transport stubbed for the fuzz harnesses: the whole API of
 * include/bot/ws.h and include/bot/http.h in memory, linked instead of
 * bot/ws.c and bot/http.c. No libwebsockets, no libcurl, no sockets:
 * connections, timers and requests only record what their owner asks
 * for, and the harness plays the network through tests/fuzz/stub_net.h
 * (opening, receiving, losing a connection; firing timers; answering
 * requests). Sent messages are counted and dropped. States, return values
 * and callbacks follow the real files, so adapters run the paths they run
 * in production. */
#include "stub_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/knowledge/kbload.h"
#include "bot/net/http.h"
#include "bot/net/httpd.h"
#include "bot/net/tcp.h"
#include "bot/net/ws.h"

#define URL_CAP      1400 /* as ws.c's parse_url() */
#define REQUESTS_MAX 4096 /* pending requests; the real client has no cap */
#define FREE_ROUNDS  64   /* requests made while bot_http_free() fails them */

enum ws_state { WS_IDLE = 0, WS_CONNECTING, WS_OPEN, WS_CLOSING, WS_STOPPED };

struct bot_loop {
    struct bot_timer *timers;
    struct bot_ws *conns; /* newest first */
    unsigned long long armed_seq;
    void (*wake_fn)(void *arg);
    void *wake_arg;
    stub_http_responder respond;
    void *respond_arg;
    void (*on_send)(void *arg, const char *buf, size_t len);
    void *send_arg;
};

struct bot_timer {
    struct bot_timer *next;
    struct bot_loop *loop;
    void (*fn)(void *arg);
    void *arg;
    int armed;
    unsigned long long seq; /* when it was started */
    int64_t delay_ms;
};

struct bot_ws {
    struct bot_ws *next;
    struct bot_loop *loop;
    struct bot_ws_handler h;
    void *arg;
    enum ws_state state;
    int retry; /* ws.c's retry timer is running: a reconnect is due */
    char scheme[8];
    char url[URL_CAP];
    size_t queued;
};

struct request {
    struct request *next;
    char *method, *url, *body;
    size_t body_len;
    char *headers[BOT_HTTP_HEADERS_MAX];
    bot_http_cb cb;
    void *arg;
};

struct bot_http {
    struct bot_loop *loop;
    struct request *head, *tail;
    size_t n;
};

/* ---- the loop and timers ---- */

struct bot_loop *
bot_loop_new(const char *ca_file)
{
    (void)ca_file;
    return calloc(1, sizeof(struct bot_loop));
}

void
bot_loop_free(struct bot_loop *loop)
{
    struct bot_timer *t;
    struct bot_ws *ws;

    if (!loop)
        return;
    /* Whatever outlives the loop no longer points at it. */
    for (t = loop->timers; t; t = t->next)
        t->loop = NULL;
    for (ws = loop->conns; ws; ws = ws->next)
        ws->loop = NULL;
    free(loop);
}

void
bot_loop_run_once(struct bot_loop *loop)
{
    (void)stub_timers_fire(loop, -1, NULL);
    if (loop->wake_fn)
        loop->wake_fn(loop->wake_arg);
}

void
bot_loop_wake(struct bot_loop *loop)
{
    (void)loop;
}

void
bot_loop_on_wake(struct bot_loop *loop, void (*fn)(void *arg), void *arg)
{
    loop->wake_fn = fn;
    loop->wake_arg = arg;
}

struct bot_timer *
bot_timer_new(struct bot_loop *loop, void (*fn)(void *arg), void *arg)
{
    struct bot_timer *t = calloc(1, sizeof(*t));

    if (!t)
        return NULL;
    t->loop = loop;
    t->fn = fn;
    t->arg = arg;
    if (loop) {
        t->next = loop->timers;
        loop->timers = t;
    }
    return t;
}

void
bot_timer_start(struct bot_timer *t, int64_t delay_ms)
{
    t->armed = 1;
    t->delay_ms = delay_ms < 0 ? 0 : delay_ms;
    t->seq = t->loop ? ++t->loop->armed_seq : 0;
}

void
bot_timer_stop(struct bot_timer *t)
{
    if (t)
        t->armed = 0;
}

void
bot_timer_free(struct bot_timer *t)
{
    struct bot_timer **at;

    if (!t)
        return;
    for (at = t->loop ? &t->loop->timers : NULL; at && *at; at = &(*at)->next) {
        if (*at == t) {
            *at = t->next;
            break;
        }
    }
    free(t);
}

size_t
stub_timers_fire(struct bot_loop *loop, int64_t max_delay_ms,
                 const struct bot_timer *skip)
{
    unsigned long long limit = loop->armed_seq;
    size_t fired = 0;

    /* The list is searched again after each callback: it may free or
     * start any timer. */
    for (;;) {
        struct bot_timer *t, *next = NULL;

        for (t = loop->timers; t; t = t->next) {
            if (!t->armed || t == skip || t->seq > limit ||
                (max_delay_ms >= 0 && t->delay_ms > max_delay_ms))
                continue;
            if (!next || t->delay_ms < next->delay_ms ||
                (t->delay_ms == next->delay_ms && t->seq < next->seq))
                next = t;
        }
        if (!next)
            return fired;
        next->armed = 0;
        fired++;
        next->fn(next->arg);
    }
}

size_t
stub_timers_count(const struct bot_loop *loop)
{
    const struct bot_timer *t;
    size_t n = 0;

    for (t = loop->timers; t; t = t->next)
        n++;
    return n;
}

/* ---- connections ---- */

/* ws[s]://host[:port][/path], as ws.c accepts it. */
static int
parse_url(struct bot_ws *ws, const char *url)
{
    size_t n = strcspn(url, ":");

    if (strlen(url) >= sizeof(ws->url) ||
        !((n == 2 && !strncmp(url, "ws", 2)) ||
          (n == 3 && !strncmp(url, "wss", 3))) ||
        strncmp(url + n, "://", 3) != 0 || strchr(":/", url[n + 3]) ||
        url[n + 3] == '\0')
        return BOT_EINVAL;
    snprintf(ws->scheme, sizeof(ws->scheme), "%.*s", (int)n, url);
    snprintf(ws->url, sizeof(ws->url), "%s", url);
    return 0;
}

struct bot_ws *
bot_ws_new(struct bot_loop *loop, const struct bot_ws_opts *o,
           const struct bot_ws_handler *h, void *arg)
{
    struct bot_ws *ws = calloc(1, sizeof(*ws));

    if (!ws)
        return NULL;
    if (!o->url || parse_url(ws, o->url) < 0) {
        bot_fail(BOT_EINVAL, "websocket: cannot use the URL (want "
                             "ws://host[:port]/path or wss://...)");
        free(ws);
        return NULL;
    }
    ws->loop = loop;
    ws->h = *h;
    ws->arg = arg;
    if (loop) {
        ws->next = loop->conns;
        loop->conns = ws;
    }
    return ws;
}

void
bot_ws_free(struct bot_ws *ws)
{
    struct bot_ws **at;

    if (!ws)
        return;
    for (at = ws->loop ? &ws->loop->conns : NULL; at && *at;
         at = &(*at)->next) {
        if (*at == ws) {
            *at = ws->next;
            break;
        }
    }
    free(ws);
}

int
bot_ws_set_url(struct bot_ws *ws, const char *url)
{
    size_t n = strlen(ws->scheme);

    if (strncmp(url, ws->scheme, n) != 0 || strncmp(url + n, "://", 3) != 0)
        return bot_fail(BOT_EINVAL, "websocket: a reconnect URL may not "
                                    "change the scheme");
    return parse_url(ws, url);
}

int
bot_ws_connect(struct bot_ws *ws)
{
    ws->state = WS_CONNECTING;
    ws->retry = 0;
    ws->queued = 0;
    return 0;
}

void
bot_ws_ready(struct bot_ws *ws)
{
    (void)ws;
}

int
bot_ws_send(struct bot_ws *ws, const char *buf, size_t len, int urgent)
{
    (void)urgent;
    if (ws->state != WS_OPEN)
        return BOT_ENET;
    if (ws->queued >= BOT_WS_TX_MAX)
        return bot_fail(BOT_ETOOBIG, "websocket: send queue full, message "
                                     "dropped");
    if (ws->loop && ws->loop->on_send)
        ws->loop->on_send(ws->loop->send_arg, buf, len);
    ws->queued++;
    return 0;
}

void
bot_ws_close(struct bot_ws *ws, int code, const char *reason)
{
    (void)code;
    (void)reason;
    if (ws->state == WS_OPEN)
        ws->state = WS_CLOSING;
    else if (ws->state == WS_IDLE || ws->state == WS_CONNECTING)
        ws->retry = 0; /* ws.c stops its retry timer */
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

/* The same curve as ws.c: tests of the adapters' waits see real values. */
int64_t
bot_ws_backoff_ms(unsigned attempt, uint32_t rand)
{
    int64_t base = 500;
    int64_t jitter;

    while (attempt-- > 0 && base < 60000)
        base *= 2;
    if (base > 60000)
        base = 60000;
    jitter = base / 5;
    return base - jitter + (int64_t)(rand % (uint32_t)(2 * jitter + 1));
}

struct bot_ws *
stub_ws_current(struct bot_loop *loop)
{
    return loop->conns;
}

const char *
stub_ws_url(const struct bot_ws *ws)
{
    return ws->url;
}

int
stub_ws_wants_open(const struct bot_ws *ws)
{
    return ws->state == WS_CONNECTING || (ws->state == WS_IDLE && ws->retry);
}

void
stub_ws_open(struct bot_ws *ws)
{
    if (!stub_ws_wants_open(ws))
        return;
    ws->state = WS_OPEN;
    ws->retry = 0;
    ws->queued = 0;
    ws->h.on_open(ws->arg);
}

void
stub_ws_receive(struct bot_ws *ws, const char *buf, size_t len, int binary)
{
    if (ws->state == WS_OPEN || ws->state == WS_CLOSING)
        ws->h.on_message(ws->arg, buf, len, binary);
}

void
stub_ws_drain(struct bot_ws *ws)
{
    if (ws->queued == 0)
        return;
    ws->queued = 0;
    if (ws->state == WS_OPEN && ws->h.on_drained)
        ws->h.on_drained(ws->arg);
}

int
stub_ws_closing(const struct bot_ws *ws)
{
    return ws->state == WS_CLOSING;
}

void
stub_ws_lost(struct bot_ws *ws, int code, const char *reason)
{
    if (ws->state != WS_OPEN && ws->state != WS_CLOSING &&
        ws->state != WS_CONNECTING)
        return;
    ws->queued = 0;
    ws->state = WS_IDLE;
    if (ws->h.on_close(ws->arg, code, reason)) {
        ws->state = WS_STOPPED;
        return;
    }
    ws->retry = 1;
}

void
stub_ws_on_send(struct bot_loop *loop,
                void (*fn)(void *arg, const char *buf, size_t len), void *arg)
{
    loop->on_send = fn;
    loop->send_arg = arg;
}

/* ---- REST ---- */

static void
request_free(struct request *r)
{
    int i;

    for (i = 0; i < BOT_HTTP_HEADERS_MAX && r->headers[i]; i++)
        bot_secret_free(r->headers[i]);
    free(r->method);
    free(r->url);
    free(r->body);
    free(r);
}

static struct request *
request_new(const struct bot_http_request *req, bot_http_cb cb, void *arg)
{
    struct request *r = calloc(1, sizeof(*r));
    int i, ok;

    if (!r)
        return NULL;
    r->cb = cb;
    r->arg = arg;
    r->method = strdup(req->method);
    r->url = strdup(req->url);
    r->body_len = req->body ? req->body_len : 0;
    r->body = malloc(r->body_len + 1);
    ok = r->method && r->url && r->body;
    if (r->body) {
        if (r->body_len)
            memcpy(r->body, req->body, r->body_len);
        r->body[r->body_len] = '\0';
    }
    for (i = 0; ok && i < BOT_HTTP_HEADERS_MAX && req->headers[i]; i++) {
        r->headers[i] = strdup(req->headers[i]);
        ok = r->headers[i] != NULL;
    }
    if (!ok) {
        request_free(r);
        return NULL;
    }
    return r;
}

struct bot_http *
bot_http_new(struct bot_loop *loop)
{
    struct bot_http *http = calloc(1, sizeof(*http));

    if (http)
        http->loop = loop;
    return http;
}

static struct request *
pop(struct bot_http *http)
{
    struct request *r = http->head;

    if (r) {
        http->head = r->next;
        if (!http->head)
            http->tail = NULL;
        http->n--;
    }
    return r;
}

/* The status's verdict, as bot/http.c's response_of(). */
static int
rc_of(long status)
{
    if (status == 0)
        return BOT_ENET;
    if (status == 401 || status == 403)
        return BOT_EAUTH;
    if (status == 429 || status >= 500)
        return BOT_ENET;
    if (status >= 400)
        return BOT_EPARSE;
    return 0;
}

static void
complete(struct bot_http *http, struct request *r, int failed)
{
    struct bot_http_response resp;
    struct bot_http_request req;
    int i;

    memset(&req, 0, sizeof(req));
    req.method = r->method;
    req.url = r->url;
    for (i = 0; i < BOT_HTTP_HEADERS_MAX && r->headers[i]; i++)
        req.headers[i] = r->headers[i];
    req.body = r->body;
    req.body_len = r->body_len;
    memset(&resp, 0, sizeof(resp));
    resp.status = failed ? 0 : 200;
    resp.retry_after = -1;
    resp.rl_remaining = -1;
    resp.rl_reset_ms = -1;
    resp.body = "";
    if (!failed && http->loop && http->loop->respond)
        http->loop->respond(http->loop->respond_arg, &req, &resp);
    if (!resp.body) {
        resp.body = "";
        resp.body_len = 0;
    }
    resp.rc = rc_of(resp.status);
    r->cb(r->arg, &resp);
    request_free(r);
}

void
bot_http_free(struct bot_http *http)
{
    struct request *r;
    int round;

    if (!http)
        return;
    /* Pending requests end with BOT_ENET, and so do the ones their
     * callbacks make, a few rounds deep; then the rest is dropped. */
    for (round = 0; round < FREE_ROUNDS && http->head; round++) {
        size_t n = http->n;
        while (n-- > 0 && (r = pop(http)) != NULL)
            complete(http, r, 1);
    }
    while ((r = pop(http)) != NULL)
        request_free(r);
    free(http);
}

int
bot_http_send(struct bot_http *http, const struct bot_http_request *req,
              bot_http_cb cb, void *arg)
{
    struct request *r;

    if (!req->url || !cb || !req->method ||
        (strcmp(req->method, "GET") && strcmp(req->method, "POST") &&
         strcmp(req->method, "PUT") && strcmp(req->method, "PATCH")) ||
        (strncmp(req->url, "http://", 7) && strncmp(req->url, "https://", 8)))
        return bot_fail(BOT_EINVAL, "http: bad request");
    if (http->n >= REQUESTS_MAX)
        return bot_fail(BOT_ENOMEM, "http: %d requests pending (stub cap)",
                        REQUESTS_MAX);
    r = request_new(req, cb, arg);
    if (!r)
        return BOT_ENOMEM;
    if (http->tail)
        http->tail->next = r;
    else
        http->head = r;
    http->tail = r;
    http->n++;
    return 0;
}

/* As bot/net/http.c: the requests made with @arg are dropped unanswered. */
void
bot_http_cancel(struct bot_http *http, const void *arg)
{
    struct request **at, *r;

    if (!http)
        return;
    at = &http->head;
    http->tail = NULL;
    while (*at) {
        r = *at;
        if (r->arg != arg) {
            http->tail = r;
            at = &r->next;
            continue;
        }
        *at = r->next;
        http->n--;
        request_free(r);
    }
}

size_t
stub_http_deliver(struct bot_http *http, size_t max)
{
    struct request *r;
    size_t done = 0;

    while (http && done < max && (r = pop(http)) != NULL) {
        complete(http, r, 0);
        done++;
    }
    return done;
}

void
stub_http_set_responder(struct bot_loop *loop, stub_http_responder fn,
                        void *arg)
{
    loop->respond = fn;
    loop->respond_arg = arg;
}

char *
bot_http_auth(const char *scheme, const char *token)
{
    size_t n = strlen(scheme) + strlen(token) + sizeof("Authorization:  ");
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "Authorization: %s %s", scheme, token);
    return s;
}

size_t
bot_http_pending(struct bot_http *http)
{
    return http ? http->n : 0;
}

/* ---- httpd.h: the fuzzers never listen ---- */

struct bot_httpd *
bot_httpd_new(struct bot_loop *loop, const char *host, int port,
              bot_httpd_serve serve, void *arg)
{
    (void)loop;
    (void)host;
    (void)port;
    (void)serve;
    (void)arg;
    return NULL;
}

void
bot_httpd_free(struct bot_httpd *h)
{
    (void)h;
}

int
bot_http_describe(const struct bot_http_response *r, char *buf, size_t cap)
{
    return snprintf(buf, cap, "HTTP %ld from %s", r->status,
                    r->host ? r->host : "the server");
}

/* ---- TCP (tcp.h): the harnesses use ws:// URLs; none connects ---- */

struct bot_tcp *
bot_tcp_new(struct bot_loop *loop, const struct bot_tcp_opts *o,
            const struct bot_tcp_handler *h, void *arg)
{
    (void)loop;
    (void)o;
    (void)h;
    (void)arg;
    return NULL;
}

void
bot_tcp_free(struct bot_tcp *tcp)
{
    (void)tcp;
}

int
bot_tcp_connect(struct bot_tcp *tcp)
{
    (void)tcp;
    return BOT_EINVAL;
}

void
bot_tcp_ready(struct bot_tcp *tcp)
{
    (void)tcp;
}

int
bot_tcp_send(struct bot_tcp *tcp, const char *line, size_t len, int urgent)
{
    (void)tcp;
    (void)line;
    (void)len;
    (void)urgent;
    return BOT_ENET;
}

void
bot_tcp_close(struct bot_tcp *tcp, const char *reason)
{
    (void)tcp;
    (void)reason;
}

int
bot_tcp_is_open(const struct bot_tcp *tcp)
{
    (void)tcp;
    return 0;
}

size_t
bot_tcp_queued(const struct bot_tcp *tcp)
{
    (void)tcp;
    return 0;
}
