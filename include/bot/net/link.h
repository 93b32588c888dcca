/* A line link: IRC lines over WebSocket, TCP or TLS, whichever the URL. */
#ifndef BOT_LINK_H
#define BOT_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/err.h"
#include "bot/net/loop.h"

/* One connection carrying lines of text, over whichever transport the URL
 * names: ws:// and wss:// (IRCv3 WebSocket: a message holds a line, or
 * several CRLF-separated ones as Twitch sends), irc:// (TCP) and ircs://
 * (TLS). The owner sees lines either way; reconnects, backoff and send
 * queues are the transport's (ws.h, tcp.h). Everything runs on the loop's
 * thread. */

struct bot_link;

/* What a link tells its owner. Every call happens on the loop. */
struct bot_link_handler {
    /* Connected (the upgrade or TLS handshake done): send the login. */
    void (*on_open)(void *arg);
    /* One line without CR LF, never empty (@line valid for the call
     * only; not NUL-terminated). */
    void (*on_line)(void *arg, const char *line, size_t len);
    /* The connection failed or ended: the WebSocket close code (0 if
     * none, or over TCP) and why. Return 1 to stop, 0 to reconnect with
     * backoff. */
    int (*on_close)(void *arg, int code, const char *reason);
};

struct bot_link_opts {
    const char *url; /* ws[s]://host[:port]/path or irc[s]://host[:port] */
    const char *ws_protocols; /* WebSocket subprotocols, or NULL */
    const char *ws_origin;    /* WebSocket Origin header, or NULL */
    /* A TLS client certificate (PEM) and its key (NULL: in the
     * certificate's file), for ircs:// only; NULL for none. */
    const char *cert, *key;
    /* The longest line accepted, without CR LF; longer ones are dropped
     * and logged, the connection kept. */
    size_t line_max;
};

/* The port an irc:// (6667) or ircs:// (6697) URL without one means. */
#define BOT_LINK_IRC_PORT  6667
#define BOT_LINK_IRCS_PORT 6697

/* Creates a link (not yet connecting). Return: it, or NULL (reported: a
 * URL of no known scheme or form, a certificate that does not load, a
 * certificate with a URL that is not ircs://, out of memory). */
struct bot_link *bot_link_new(struct bot_loop *loop,
                              const struct bot_link_opts *o,
                              const struct bot_link_handler *h, void *arg);
/* Closes at once, without callbacks, and frees. NULL is fine. */
void bot_link_free(struct bot_link *link);

/* Starts connecting now. Return: 0, or BOT_EINVAL for a bad URL. */
BOT_MUST_CHECK int bot_link_connect(struct bot_link *link);
/* The server said the session is ready: the backoff starts over. */
void bot_link_ready(struct bot_link *link);
/* Queues one line (without CR LF); @urgent ones (PONG, registration) go
 * ahead of the others. Return: 0, BOT_ENET when not connected,
 * BOT_ETOOBIG when the queue is full. */
BOT_MUST_CHECK int bot_link_send(struct bot_link *link, const char *line,
                                 size_t len, int urgent);
/* Closes after the queue is flushed; on_close follows. */
void bot_link_close(struct bot_link *link, const char *reason);
/* True while connected. */
int bot_link_is_open(const struct bot_link *link);
/* Lines waiting to be written. */
size_t bot_link_queued(const struct bot_link *link);
/* True if the link is TLS (wss:// or ircs://). */
int bot_link_is_tls(const struct bot_link *link);

#endif
