/* WebSocket client connections on the event loop. */
#ifndef BOT_WS_H
#define BOT_WS_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/err.h"
#include "bot/net/loop.h"

/* WebSocket client connections with reassembly, a bounded send queue and
 * reconnects with backoff, on the event loop of loop.h. Everything runs
 * on the loop's thread. */

struct bot_ws;

/* Caps: a message larger than BOT_WS_RX_CAP is read through and dropped
 * (logged), the connection kept; one announcing more than
 * BOT_WS_SKIP_MAX (a frame header saying 2^62 bytes) closes the
 * connection with 1009 and reconnects. The send queue holds at most
 * BOT_WS_TX_MAX messages. A connection that is not a WebSocket within
 * the connect timeout (TCP, TLS and the upgrade) is abandoned and
 * retried with the backoff. */
#define BOT_WS_RX_CAP             (1024 * 1024)
#define BOT_WS_SKIP_MAX           (16 * 1024 * 1024)
#define BOT_WS_TX_MAX             1024
#define BOT_WS_CONNECT_TIMEOUT_MS 10000
#define BOT_WS_WATCH_MS           500

/* What a connection tells its owner. Every call happens on the loop. */
struct bot_ws_handler {
    /* The upgrade succeeded; send the login. */
    void (*on_open)(void *arg);
    /* One whole message (reassembled; @buf valid for the call only). */
    void (*on_message)(void *arg, const char *buf, size_t len, int binary);
    /* The connection failed or ended, with the peer's close code (0 if
     * none; 1009 if we refused a message over BOT_WS_SKIP_MAX) and
     * reason. Return 1 to stop, 0 to reconnect with backoff. */
    int (*on_close)(void *arg, int code, const char *reason);
    /* Optional: every queued message has been written to the socket. */
    void (*on_drained)(void *arg);
};

struct bot_ws_opts {
    const char *url;            /* ws://host[:port]/path or wss://... */
    const char *protocols;      /* "text.ircv3.net,text.inspircd.org" or NULL */
    const char *origin;         /* Origin header, or NULL */
    int64_t connect_timeout_ms; /* 0: BOT_WS_CONNECT_TIMEOUT_MS */
};

/* Creates a connection (not yet connecting). Return: it, or NULL. */
struct bot_ws *bot_ws_new(struct bot_loop *loop, const struct bot_ws_opts *o,
                          const struct bot_ws_handler *h, void *arg);
/* Closes at once, without callbacks, and frees. NULL is fine. */
void bot_ws_free(struct bot_ws *ws);

/* The URL of the next (re)connect, same scheme as before (Mattermost
 * resumes with a query string). Return: 0, or BOT_EINVAL for a bad
 * URL (then the connection must not be reconnected). */
BOT_MUST_CHECK int bot_ws_set_url(struct bot_ws *ws, const char *url);
/* Starts connecting now. Return: 0, or BOT_EINVAL for a bad URL. */
BOT_MUST_CHECK int bot_ws_connect(struct bot_ws *ws);
/* The platform said the session is ready: the backoff starts over. */
void bot_ws_ready(struct bot_ws *ws);
/* Queues a text message; @urgent ones (heartbeats, pongs) go first.
 * Return: 0, BOT_ENET when not connected, BOT_ETOOBIG when the queue is
 * full. */
BOT_MUST_CHECK int bot_ws_send(struct bot_ws *ws, const char *buf, size_t len,
                               int urgent);
/* Closes with @code after the queue is flushed; on_close follows. */
void bot_ws_close(struct bot_ws *ws, int code, const char *reason);
/* True while connected. */
int bot_ws_is_open(const struct bot_ws *ws);
/* Messages waiting to be written. */
size_t bot_ws_queued(const struct bot_ws *ws);

/* The delay before reconnect attempt @attempt (0-based): 0.5 s doubling
 * up to 60 s, with +-20% jitter from @rand (any integer). Exposed for
 * tests. */
int64_t bot_ws_backoff_ms(unsigned attempt, uint32_t rand);

#endif
