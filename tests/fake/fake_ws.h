#ifndef BOT_FAKE_WS_H
#define BOT_FAKE_WS_H

#include <stddef.h>

/* A scriptable WebSocket server for tests: its own lws context on an
 * ephemeral port of 127.0.0.1, serviced by its own thread. It accepts the
 * subprotocols "text.ircv3.net" and "text.inspircd.org" (and a client that
 * offers none), records every message it receives, and plays a script of
 * steps. Steps run in order on the current connection, or on the next one
 * when none is open; each step is consumed once, so a step that ends the
 * connection (close, drop) leaves the rest for the reconnect. Every function
 * is called from the test's thread and is safe while the server runs. */

struct fake_ws;

/* Starts the server. Return: it, or NULL on failure. */
struct fake_ws *fake_ws_start(void);
/* Stops the thread (lws_cancel_service + join) and frees. NULL is fine. */
void fake_ws_stop(struct fake_ws *f);
/* The listening port. */
int fake_ws_port(const struct fake_ws *f);

/* Sends @text as one text message split over @fragments frames (1 means
 * unfragmented), one lws_write per writeable callback. */
void fake_ws_send(struct fake_ws *f, const char *text, int fragments);
/* Sends @len bytes (NULs allowed) as one unfragmented message, binary
 * when @binary is set, else text (not checked for UTF-8). */
void fake_ws_send_bytes(struct fake_ws *f, const void *buf, size_t len,
                        int binary);
/* From now on, a received message that starts with @prefix makes the
 * server send @reply as one text message (after the steps already
 * queued), on whichever connection it came. @times bounds how often the
 * rule fires (0: every time). Every matching rule fires, in the order
 * they were added. */
void fake_ws_on_message(struct fake_ws *f, const char *prefix,
                        const char *reply, int times);
/* Sends one text message of @len bytes of IRC-looking junk in a single
 * lws_write (the 2 MiB case). */
void fake_ws_send_huge(struct fake_ws *f, size_t len);
/* Closes the connection with a close frame carrying @code and @reason. */
void fake_ws_close(struct fake_ws *f, int code, const char *reason);
/* Drops the TCP connection without a close frame. */
void fake_ws_drop(struct fake_ws *f);

/* WebSocket connections established so far. */
int fake_ws_connections(struct fake_ws *f);
/* Connections closed (by either side) so far. */
int fake_ws_closed(struct fake_ws *f);
/* Steps not yet played. */
int fake_ws_pending(struct fake_ws *f);
/* The subprotocol the last connection was bound to ("" before any). */
void fake_ws_protocol(struct fake_ws *f, char *buf, size_t cap);
/* The close code (0 if none) and reason of the client's last close frame. */
int fake_ws_client_close(struct fake_ws *f, char *reason, size_t cap);
/* Messages received so far, over all connections. */
int fake_ws_received_count(struct fake_ws *f);
/* Copies received message @i into @buf (NUL-terminated, truncated to fit).
 * Return: its full length, or -1 when there is no message @i. */
int fake_ws_received(struct fake_ws *f, int i, char *buf, size_t cap);
/* The index of the first received message equal to @text, or -1. */
int fake_ws_received_find(struct fake_ws *f, const char *text);
/* The index of the first received message at or after @from that starts
 * with @prefix, or -1. */
int fake_ws_received_from(struct fake_ws *f, int from, const char *prefix);
/* The connection (1 for the first) message @i arrived on, or 0. */
int fake_ws_received_conn(struct fake_ws *f, int i);

#endif
