/* REST calls through libcurl on a worker thread, results back on the loop. */
#ifndef BOT_HTTP_H
#define BOT_HTTP_H

#include <stddef.h>

#include "bot/base/err.h"
#include "bot/base/secret.h"
#include "bot/net/ws.h"

/* REST calls through libcurl, without stalling the event loop: requests go
 * to a worker thread that runs a curl multi handle; each result comes back
 * on the loop's thread, through the callback given with the request. The
 * only file that includes curl/curl.h. */

/* Caps: a response body over this is cut off and reported as an error. */
#define BOT_HTTP_BODY_MAX    (1024 * 1024)
#define BOT_HTTP_HEADERS_MAX 8

struct bot_http;

struct bot_http_request {
    const char *method; /* "GET", "POST", "PUT" or "PATCH" */
    const char *url;    /* http:// (loopback) or https:// */
    const char *headers[BOT_HTTP_HEADERS_MAX]; /* "Name: value", NULL-ended;
                                                  may hold secrets: never
                                                  logged */
    const char *body; /* POST, PUT or PATCH body, copied; or NULL */
    size_t body_len;
    long timeout_ms; /* 0: 10 s */
};

struct bot_http_response {
    int rc;            /* 0, BOT_ENET (transport, 429, 5xx), BOT_EAUTH (401,
                          403), BOT_EPARSE (other 4xx) */
    long status;       /* HTTP status, or 0 if none arrived */
    long retry_after;  /* seconds from Retry-After, or -1 when it is
                          absent or zero (then back off) */
    long rl_remaining; /* X-RateLimit-Remaining, or -1 */
    long rl_reset_ms;  /* X-RateLimit-Reset-After in ms, or -1 */
    int rl_global;     /* X-RateLimit-Global: true (a 429 for every route) */
    const char *body;  /* valid during the callback only */
    size_t body_len;
    const char *host;  /* the request's host, during the callback only */
    const char *error; /* why no response arrived (status 0), or NULL */
};

typedef void (*bot_http_cb)(void *arg, const struct bot_http_response *r);

/* Starts the worker. Return: the client, or NULL (reported). */
struct bot_http *bot_http_new(struct bot_loop *loop);
/* Stops the worker; pending requests complete with BOT_ENET first. */
void bot_http_free(struct bot_http *http);

/**
 * bot_http_send() - start a request; @cb(@arg, response) runs later on the
 * loop's thread. Return: 0, or BOT_ENOMEM / BOT_EINVAL, in which case @cb
 * is never called.
 */
BOT_MUST_CHECK int bot_http_send(struct bot_http *http,
                                 const struct bot_http_request *req,
                                 bot_http_cb cb, void *arg);

/* Every request sent with @arg ends without calling back: call it before
 * freeing what @arg points to while the client lives on (a platform
 * restarted while the others run). Loop thread only; NULL @http is fine. */
void bot_http_cancel(struct bot_http *http, const void *arg);

/* "Authorization: <scheme> <token>" as a new string (free it with
 * bot_secret_free()), or NULL. */
char *bot_http_auth(const char *scheme, const char *token);

/* What happened, for a log line: "HTTP 503 from discord.com", or "no
 * response from discord.com (Could not resolve hostname)" when none came
 * (status 0). Return: as snprintf(). */
int bot_http_describe(const struct bot_http_response *r, char *buf, size_t cap);

/* Completed requests waiting to be delivered (tests). */
size_t bot_http_pending(struct bot_http *http);

#endif
