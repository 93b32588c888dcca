/* What loop.c and ws.c share inside net/: the loop's context and jitter,
 * and the connections' callback. No code outside bot/net/ includes this. */
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
};

/* The loop's libwebsockets context. */
struct lws_context *bot_loop_ctx(struct bot_loop *loop);
/* The next pseudo-random number, for jitter. */
uint32_t bot_loop_rand(struct bot_loop *loop);

/* Every event of a WebSocket client connection (ws.c). */
int bot_ws_callback(struct lws *wsi, enum lws_callback_reasons reason,
                    void *user, void *in, size_t len);

#endif
