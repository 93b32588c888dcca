/* Replies on their way to a platform's REST API, retried until they land. */
#ifndef BOT_OUTBOX_H
#define BOT_OUTBOX_H

#include "bot/base/err.h"
#include "bot/chat/adapter.h"
#include "bot/net/http.h"

/* Replies on their way to a platform's REST API: each POST is retried on
 * 429, 5xx and network errors, after Retry-After or a backoff, until it
 * lands or BOT_OUTBOX_TRIES attempts have failed. A route (URL) whose
 * rate-limit bucket the server reports empty (X-RateLimit-Remaining: 0,
 * X-RateLimit-Reset-After) waits until it refills. A reply is never sent
 * twice once the server has taken it, and never dropped while the server
 * is reachable. */

#define BOT_OUTBOX_TRIES 6

struct bot;
struct bot_ws;
struct bot_outbox;

/* Judges a 2xx answer (Slack says "ok":false in a 200). Return: 0 if the
 * post landed, else a failure described in @why, not retried. */
typedef int (*bot_outbox_check)(const char *body, size_t len, char *why,
                                size_t cap);

/* @platform names the adapter in logs; @check may be NULL. */
struct bot_outbox *bot_outbox_new(struct bot *bot, const char *platform,
                                  bot_outbox_check check);
/* Drops what has not landed. NULL is fine. */
void bot_outbox_free(struct bot_outbox *o);

/**
 * bot_outbox_post() - POST @body to @url with @headers (NULL-ended, fewer than
 * BOT_HTTP_HEADERS_MAX; copied, never logged).
 * @done: if not NULL, called with @arg and 0 once the server has taken
 *        the post, or with an error once it is given up; not called if
 *        the outbox is freed first.
 * Return: 0, or BOT_ENOMEM / BOT_EINVAL (and @done never runs).
 */
BOT_MUST_CHECK int bot_outbox_post(struct bot_outbox *o, const char *url,
                                   const char *const *headers, const char *body,
                                   bot_post_done done, void *arg);

/* While @hold, new posts wait; releasing the hold sends them in order
 * (Slack: an answer must not overtake the acknowledgement of its event). */
void bot_outbox_hold(struct bot_outbox *o, int hold);

/* Posts waiting for an answer from the server right now. */
int bot_outbox_in_flight(const struct bot_outbox *o);

/* The goodbye of a platform that replies through @o and listens on @ws:
 * answers already on their way (in flight or waiting for a retry) are let
 * through, then *@stopping is set
 * and the socket closed. Return: 1 once done, 0 to be called again (the
 * adapter's stop op). */
int bot_outbox_goodbye(struct bot_outbox *o, struct bot_ws *ws, int *stopping);

#endif
