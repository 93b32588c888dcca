/* What loop.c, ws.c and tcp.c share inside net/: the loop's context,
 * jitter and extra CA file, and the connections' callbacks. No
 * code outside bot/net/ includes this. */
#ifndef BOT_NET_LWS_INT_H
#define BOT_NET_LWS_INT_H

#include <stdint.h>

#include <libwebsockets.h>

#include "bot/net/loop.h"

struct bot_loop {
    struct lws_context *ctx;
    uint32_t seed; /* xorshift state for backoff jitter */
    void (*wake_fn)(void *arg);
    void *wake_arg;
    char *ca_file; /* extra trusted CA (PEM), or NULL: tcp.c's TLS too */
};

/* The protocol (lws_protocols name) of raw TCP connections (tcp.c). */
#define BOT_LOOP_RAW_PROTOCOL "newsbot-raw"

/* The loop's libwebsockets context. */
struct lws_context *bot_loop_ctx(struct bot_loop *loop);
/* The next pseudo-random number, for jitter. */
uint32_t bot_loop_rand(struct bot_loop *loop);

/* Every event of a raw TCP client connection (tcp.c). */
int bot_tcp_callback(struct lws *wsi, enum lws_callback_reasons reason,
                     void *user, void *in, size_t len);

/* Every event of a WebSocket client connection (ws.c). */
int bot_ws_callback(struct lws *wsi, enum lws_callback_reasons reason,
                    void *user, void *in, size_t len);

#endif
