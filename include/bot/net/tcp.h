/* Line-oriented TCP and TLS client connections on the event loop. */
#ifndef BOT_TCP_H
#define BOT_TCP_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/err.h"
#include "bot/net/loop.h"

/* A TCP connection, TLS or not, that carries CRLF-terminated lines (IRC),
 * on the event loop of loop.h (libwebsockets' raw client role), with a
 * bounded send queue and reconnects with backoff, as ws.h's WebSocket
 * connections have. TLS peers are always verified: against the system's
 * CA store and the loop's extra CA file, and by host name. Everything runs
 * on the loop's thread. */

struct bot_tcp;

/* The send queue holds at most BOT_TCP_TX_MAX lines. A connection not
 * open (TCP and TLS) within the connect timeout is abandoned and retried
 * with the backoff. */
#define BOT_TCP_TX_MAX             1024
#define BOT_TCP_CONNECT_TIMEOUT_MS 10000

/* What a connection tells its owner. Every call happens on the loop. */
struct bot_tcp_handler {
    /* Connected (and the TLS handshake done): send the login. */
    void (*on_open)(void *arg);
    /* One line, without its CR LF (@line valid for the call only; not
     * NUL-terminated). Empty lines are not passed on. */
    void (*on_line)(void *arg, const char *line, size_t len);
    /* The connection failed or ended, and why. Return 1 to stop, 0 to
     * reconnect with backoff. */
    int (*on_close)(void *arg, const char *reason);
    /* Optional: every queued line has been written to the socket. */
    void (*on_drained)(void *arg);
};

struct bot_tcp_opts {
    const char *host; /* a name, or an IP address (IPv6 without brackets) */
    int port;
    int tls;
    /* A client certificate for the TLS handshake (PEM), and its key (PEM;
     * NULL: in the certificate's file), or NULL for none. */
    const char *cert, *key;
    /* The longest line accepted, without CR LF; a longer one is read
     * through, dropped and logged, the connection kept. */
    size_t line_max;
    int64_t connect_timeout_ms; /* 0: BOT_TCP_CONNECT_TIMEOUT_MS */
};

/* Creates a connection (not yet connecting). Return: it, or NULL
 * (reported: a bad option, a client certificate that does not load, out of
 * memory). */
struct bot_tcp *bot_tcp_new(struct bot_loop *loop, const struct bot_tcp_opts *o,
                            const struct bot_tcp_handler *h, void *arg);
/* Closes at once, without callbacks, and frees. NULL is fine. */
void bot_tcp_free(struct bot_tcp *tcp);

/* Starts connecting now. Return: 0. */
BOT_MUST_CHECK int bot_tcp_connect(struct bot_tcp *tcp);
/* The peer said the session is ready: the backoff starts over. */
void bot_tcp_ready(struct bot_tcp *tcp);
/* Queues one line (without CR LF, which this adds); @urgent ones go
 * ahead of the others, after earlier urgent ones. Return: 0, BOT_ENET
 * when not connected, BOT_ETOOBIG when the queue is full, BOT_EINVAL for
 * a line holding CR, LF or NUL. */
BOT_MUST_CHECK int bot_tcp_send(struct bot_tcp *tcp, const char *line,
                                size_t len, int urgent);
/* Closes after the queue is flushed; on_close follows with @reason. */
void bot_tcp_close(struct bot_tcp *tcp, const char *reason);
/* True while connected. */
int bot_tcp_is_open(const struct bot_tcp *tcp);
/* Lines waiting to be written. */
size_t bot_tcp_queued(const struct bot_tcp *tcp);

#endif
