/* The event loop: one libwebsockets context on one thread, its timers
 * (lws_sul), its wake-up from other threads, and libwebsockets' own log
 * lines routed through ours.
 * With ws.c and tcp.c, the only code that sees libwebsockets (through
 * lws_int.h). */
#include "bot/net/loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/base/log.h"
#include "lws_int.h"

struct bot_timer {
    lws_sorted_usec_list_t sul; /* first: lws_container_of not needed */
    struct bot_loop *loop;
    void (*fn)(void *arg);
    void *arg;
};

uint32_t
bot_loop_rand(struct bot_loop *loop)
{
    uint32_t x = loop->seed;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    loop->seed = x ? x : 2463534242u;
    return loop->seed;
}

static void
timer_cb(lws_sorted_usec_list_t *sul)
{
    struct bot_timer *t = (struct bot_timer *)sul;

    t->fn(t->arg);
}

struct bot_timer *
bot_timer_new(struct bot_loop *loop, void (*fn)(void *arg), void *arg)
{
    struct bot_timer *t = calloc(1, sizeof(*t));

    if (t) {
        t->loop = loop;
        t->fn = fn;
        t->arg = arg;
    }
    return t;
}

void
bot_timer_start(struct bot_timer *t, int64_t delay_ms)
{
    lws_sul_schedule(t->loop->ctx, 0, &t->sul, timer_cb,
                     (lws_usec_t)delay_ms * LWS_US_PER_MS);
}

void
bot_timer_stop(struct bot_timer *t)
{
    if (t)
        lws_sul_cancel(&t->sul);
}

void
bot_timer_free(struct bot_timer *t)
{
    bot_timer_stop(t);
    free(t);
}

/* The loop's wake-up is the loop's; every other event belongs to a
 * WebSocket connection. */
static int
loop_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
              void *in, size_t len)
{
    if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED) {
        struct bot_loop *loop = lws_context_user(lws_get_context(wsi));
        if (loop && loop->wake_fn)
            loop->wake_fn(loop->wake_arg);
        return 0;
    }
    return bot_ws_callback(wsi, reason, user, in, len);
}

static const struct lws_protocols protocols[] = {
    {"newsbot", loop_callback, 0, 4096, 0, NULL, 0},
    {BOT_LOOP_RAW_PROTOCOL, bot_tcp_callback, 0, 4096, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

struct lws_context *
bot_loop_ctx(struct bot_loop *loop)
{
    return loop->ctx;
}

/* libwebsockets' own log lines go through ours, so that they share its
 * format (text or JSON), level and stream instead of landing on stderr
 * with a format of their own; control characters are escaped. */
static void
lws_emit(int lvl, const char *line)
{
    enum bot_log_level to = lvl & LLL_ERR    ? BOT_LOG_ERROR
                            : lvl & LLL_WARN ? BOT_LOG_WARN
                                             : BOT_LOG_INFO;
    char buf[512];
    size_t n = 0;

    for (; *line && n + 5 < sizeof(buf); line++) {
        unsigned char c = (unsigned char)*line;
        if (c >= 0x20 && c != 0x7f)
            buf[n++] = (char)c;
        else if (c != '\n' || line[1])
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\x%02x", c);
    }
    buf[n] = '\0';
    bot_log(to, "libwebsockets: %s", buf);
}

struct bot_loop *
bot_loop_new(const char *ca_file)
{
    struct lws_context_creation_info info;
    struct bot_loop *loop = calloc(1, sizeof(*loop));

    if (!loop)
        return NULL;
    lws_set_log_level(LLL_ERR | LLL_WARN, lws_emit);
    memset(&info, 0, sizeof(info));
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.client_ssl_ca_filepath = ca_file;
    info.fd_limit_per_thread = 64;
    info.user = loop;
    loop->ca_file = ca_file ? strdup(ca_file) : NULL;
    loop->ctx = (ca_file && !loop->ca_file) ? NULL : lws_create_context(&info);
    if (!loop->ctx) {
        free(loop->ca_file);
        free(loop);
        bot_fail(BOT_ENET, "websocket: cannot create the event loop");
        return NULL;
    }
    loop->seed = (uint32_t)time(NULL) ^ 0x9e3779b9u;
    return loop;
}

void
bot_loop_free(struct bot_loop *loop)
{
    if (!loop)
        return;
    lws_context_destroy(loop->ctx);
    free(loop->ca_file);
    free(loop);
}

void
bot_loop_run_once(struct bot_loop *loop)
{
    lws_service(loop->ctx, 0);
}

void
bot_loop_wake(struct bot_loop *loop)
{
    lws_cancel_service(loop->ctx);
}

void
bot_loop_on_wake(struct bot_loop *loop, void (*fn)(void *arg), void *arg)
{
    loop->wake_fn = fn;
    loop->wake_arg = arg;
}
