/* The harnesses' side of tests/fuzz/stub_net.c, the in-memory stand-in
 * for the transport (include/bot/ws.h and include/bot/http.h): what a
 * harness calls to play the network, as a server and as time passing. */
#ifndef FUZZ_STUB_NET_H
#define FUZZ_STUB_NET_H

#include <stddef.h>

#include "bot/net/http.h"
#include "bot/net/ws.h"

/* ---- connections ---- */

/* The connection made last on @loop and not yet freed, or NULL. */
struct bot_ws *stub_ws_current(struct bot_loop *loop);
/* The URL the connection uses now (set at creation or by
 * bot_ws_set_url()). Borrowed until the next call on @ws. */
const char *stub_ws_url(const struct bot_ws *ws);
/* True if the owner wants a connection that is not open yet: it called
 * bot_ws_connect(), or it let ws.c reconnect after on_close. */
int stub_ws_wants_open(const struct bot_ws *ws);
/* The upgrade succeeded: on_open runs. */
void stub_ws_open(struct bot_ws *ws);
/* The server sends a whole message; on_message runs if the connection is
 * open or closing (dropped otherwise, as no server could send it). */
void stub_ws_receive(struct bot_ws *ws, const char *buf, size_t len,
                     int binary);
/* Everything queued has been written: on_drained runs (if the owner gave
 * one and something was queued). */
void stub_ws_drain(struct bot_ws *ws);
/* True if the owner called bot_ws_close() and the close has not happened
 * yet. */
int stub_ws_closing(const struct bot_ws *ws);
/* The connection (or the attempt) ends with the peer's close @code (0 for
 * none) and @reason, as ws.c's lost(): on_close runs, then a reconnect is
 * due unless it returned 1. Does nothing if the connection is not open,
 * closing or connecting. */
void stub_ws_lost(struct bot_ws *ws, int code, const char *reason);
/* @fn(@arg, message) is called with every message an owner queues, before
 * it is dropped (harnesses check what adapters send). NULL: no check. */
void stub_ws_on_send(struct bot_loop *loop,
                     void (*fn)(void *arg, const char *buf, size_t len),
                     void *arg);

/* ---- timers ---- */

/**
 * stub_timers_fire() - let time pass for the timers of @loop.
 * @max_delay_ms: fire only timers started with at most this delay; a
 *                negative value fires every armed timer.
 * @skip:         a timer never fired here (the bot's 100 ms tick), or NULL.
 * Fires each timer armed when called once, shortest delay first; timers
 * started by the callbacks wait for the next call. Return: how many fired.
 */
size_t stub_timers_fire(struct bot_loop *loop, int64_t max_delay_ms,
                        const struct bot_timer *skip);
/* Timers of @loop not yet freed (armed or not). */
size_t stub_timers_count(const struct bot_loop *loop);

/* ---- REST ---- */

/* Fills @resp for @req. On entry @resp says 200 with an empty body and no
 * Retry-After or rate-limit headers; @resp->status 0 means the transfer
 * failed. @resp->body must stay valid until the next call. @resp->rc is
 * set afterwards from the status, as bot/http.c does. */
typedef void (*stub_http_responder)(void *arg,
                                    const struct bot_http_request *req,
                                    struct bot_http_response *resp);

/* Sets how requests made through clients of @loop are answered; without a
 * responder every request gets an empty 200. */
void stub_http_set_responder(struct bot_loop *loop, stub_http_responder fn,
                             void *arg);
/* Completes up to @max pending requests of @http in order (those the
 * callbacks make too), each callback on the caller's stack, as the loop
 * would run them. NULL @http is fine. Return: how many completed. */
size_t stub_http_deliver(struct bot_http *http, size_t max);

#endif
