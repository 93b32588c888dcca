/* Replies on their way to a platform's REST API, retried until they land. */
#include "bot/chat/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/chat/adapter.h"
#include "bot/net/ws.h"

#define RETRY_CAP_MS 60000 /* the longest wait we honour */
#define ROUTES_MAX   32    /* routes whose rate-limit bucket we track */
#define ROUTE_MAX    256

/* A route (a URL) and what its server says of its rate-limit bucket. */
struct route {
    char url[ROUTE_MAX];
    enum { ROUTE_NEW = 0, ROUTE_FREE, ROUTE_COUNTED } state;
    long remaining;   /* COUNTED: requests left in the bucket */
    int64_t reset_at; /* COUNTED: when it refills */
    int in_flight;
};
struct post {
    struct post *next;
    struct bot_outbox *o;
    struct bot_timer *timer;
    char *url, *body;
    char *headers[BOT_HTTP_HEADERS_MAX + 1];
    int tries, in_flight, held;
    struct route *route; /* while in flight */
    bot_post_done done;  /* told how it ended, or NULL */
    void *done_arg;
};

struct bot_outbox {
    struct bot *bot;
    const char *platform;
    bot_outbox_check check;
    struct post *posts; /* oldest first */
    int hold;
    int64_t global_until; /* a global 429: every route waits */
    struct route routes[ROUTES_MAX];
    size_t next_route; /* the slot reused next */
};

/* The route of @url, made (or a quiet one reused) if need be; NULL if
 * every slot is busy. */
static struct route *
route_of(struct bot_outbox *o, const char *url)
{
    struct route *r;
    size_t i;

    for (i = 0; i < ROUTES_MAX; i++) {
        if (o->routes[i].url[0] && strcmp(o->routes[i].url, url) == 0)
            return &o->routes[i];
    }
    for (i = 0; i < ROUTES_MAX; i++) {
        r = &o->routes[(o->next_route + i) % ROUTES_MAX];
        if (r->in_flight == 0) {
            o->next_route = (o->next_route + i + 1) % ROUTES_MAX;
            memset(r, 0, sizeof(*r));
            snprintf(r->url, sizeof(r->url), "%s", url);
            return r;
        }
    }
    return NULL;
}

/* How long a post to @r must wait (0: go now). A route is learnt from
 * its first answer: one request at a time until then; routes whose
 * server sends no X-RateLimit headers are free; counted ones (Discord)
 * spend their bucket and wait for its reset, so no post meets a 429. */
static int64_t
route_wait(struct route *r, int64_t now)
{
    if (!r || r->state == ROUTE_FREE)
        return 0;
    if (r->state == ROUTE_NEW)
        return r->in_flight > 0 ? 50 : 0;
    if (now >= r->reset_at) { /* refilled: learn its size again */
        r->state = ROUTE_NEW;
        return r->in_flight > 0 ? 50 : 0;
    }
    return r->remaining > 0 ? 0 : r->reset_at - now;
}

static void
route_learn(struct route *r, const struct bot_http_response *resp, int64_t now)
{
    if (!r)
        return;
    if (resp->rl_remaining < 0 || resp->rl_reset_ms < 0) {
        if (resp->status > 0 && r->state == ROUTE_NEW)
            r->state = ROUTE_FREE;
        return;
    }
    r->state = ROUTE_COUNTED;
    /* Requests still on their way spend the bucket too. */
    r->remaining = resp->rl_remaining - r->in_flight;
    r->reset_at = now + (resp->rl_reset_ms < RETRY_CAP_MS ? resp->rl_reset_ms
                                                          : RETRY_CAP_MS);
}

static void
post_free(struct post *p)
{
    struct post **at = &p->o->posts;
    int i;

    while (*at && *at != p)
        at = &(*at)->next;
    if (*at) {
        *at = p->next;
        bot_post_count(p->o->bot, p->o->platform, BOT_POST_DEQUEUED);
    }
    bot_timer_free(p->timer);
    for (i = 0; p->headers[i]; i++)
        bot_secret_free(p->headers[i]);
    free(p->url);
    free(p->body);
    free(p);
}

/* Frees @p, then tells its owner how it ended. */
static void
post_end(struct post *p, int rc)
{
    bot_post_done done = p->done;
    void *arg = p->done_arg;

    post_free(p);
    if (done)
        done(arg, rc);
}

static void
post_done(void *arg, const struct bot_http_response *r)
{
    struct post *p = arg;
    struct bot_outbox *o = p->o;
    char why[128] = "", what[256];
    int64_t wait;

    p->in_flight = 0;
    if (p->route) {
        p->route->in_flight--;
        route_learn(p->route, r, bot_now_ms(o->bot));
        p->route = NULL;
    }
    if (r->rc == 0 &&
        (!o->check || o->check(r->body, r->body_len, why, sizeof(why)) == 0)) {
        post_end(p, 0);
        return;
    }
    bot_http_describe(r, what, sizeof(what));
    if (r->rc == 0 || r->rc != BOT_ENET || p->tries >= BOT_OUTBOX_TRIES) {
        bot_log(BOT_LOG_ERROR,
                "%s: message not posted (%s%s%s) after %d "
                "attempt(s)",
                o->platform, what, why[0] ? ", " : "", why, p->tries);
        post_end(p, r->rc < 0 ? r->rc : BOT_EIO);
        return;
    }
    wait = r->retry_after >= 0 ? r->retry_after * 1000
                               : bot_ws_backoff_ms((unsigned)p->tries, 0);
    if (wait > RETRY_CAP_MS)
        wait = RETRY_CAP_MS;
    if (r->status == 429)
        bot_post_count(o->bot, o->platform, BOT_POST_429);
    bot_post_count(o->bot, o->platform, BOT_POST_RETRY);
    if (r->status == 429 && r->rl_global)
        o->global_until = bot_now_ms(o->bot) + wait;
    bot_log(BOT_LOG_WARN,
            "%s: message not posted yet (%s); retrying in %lld ms", o->platform,
            what, (long long)wait);
    bot_timer_start(p->timer, wait);
}

static void
post_send(void *arg)
{
    struct post *p = arg;
    struct bot_http *http = bot_http(p->o->bot);
    struct bot_http_request req;
    struct route *route = route_of(p->o, p->url);
    int64_t now = bot_now_ms(p->o->bot), wait = route_wait(route, now);
    int i;

    if (p->o->global_until - now > wait)
        wait = p->o->global_until - now;
    if (wait > 0) { /* the route's bucket is spent: wait, never drop */
        bot_timer_start(p->timer, wait);
        return;
    }
    memset(&req, 0, sizeof(req));
    req.method = "POST";
    req.url = p->url;
    for (i = 0; p->headers[i]; i++)
        req.headers[i] = p->headers[i];
    req.body = p->body;
    req.body_len = strlen(p->body);
    p->tries++;
    p->in_flight = 1;
    p->route = route;
    if (route) {
        route->in_flight++;
        if (route->state == ROUTE_COUNTED)
            route->remaining--;
    }
    if (!http || bot_http_send(http, &req, post_done, p) < 0) {
        p->in_flight = 0;
        p->route = NULL;
        if (route)
            route->in_flight--;
        bot_timer_start(p->timer, 1000);
    }
}

struct bot_outbox *
bot_outbox_new(struct bot *bot, const char *platform, bot_outbox_check check)
{
    struct bot_outbox *o = calloc(1, sizeof(*o));

    if (o) {
        o->bot = bot;
        o->platform = platform;
        o->check = check;
    }
    return o;
}

void
bot_outbox_free(struct bot_outbox *o)
{
    if (!o)
        return;
    while (o->posts) {
        /* the REST client may outlive us (a platform restarted alone) */
        if (o->posts->in_flight)
            bot_http_forget(o->bot, o->posts);
        post_free(o->posts);
    }
    free(o);
}

int
bot_outbox_post(struct bot_outbox *o, const char *url,
                const char *const *headers, const char *body,
                bot_post_done done, void *arg)
{
    struct post *p = calloc(1, sizeof(*p)), **at;
    int i, ok;

    if (!p)
        return BOT_ENOMEM;
    p->o = o;
    p->url = strdup(url);
    p->body = strdup(body);
    p->timer = bot_timer_new(bot_loop_of(o->bot), post_send, p);
    ok = p->url && p->body && p->timer;
    for (i = 0; ok && headers && headers[i]; i++) {
        if (i == BOT_HTTP_HEADERS_MAX - 1) {
            ok = 0;
            break;
        }
        p->headers[i] = strdup(headers[i]);
        ok = p->headers[i] != NULL;
    }
    for (at = &o->posts; *at;)
        at = &(*at)->next;
    *at = p;
    bot_post_count(o->bot, o->platform, BOT_POST_QUEUED);
    if (!ok) {
        post_free(p);
        return i == BOT_HTTP_HEADERS_MAX - 1 ? BOT_EINVAL : BOT_ENOMEM;
    }
    p->done = done;
    p->done_arg = arg;
    if (o->hold)
        p->held = 1;
    else
        post_send(p);
    return 0;
}

void
bot_outbox_hold(struct bot_outbox *o, int hold)
{
    struct post *p, *next;

    o->hold = hold;
    for (p = o->posts; p && !hold; p = next) {
        next = p->next;
        if (p->held) {
            p->held = 0;
            post_send(p);
        }
    }
}

int
bot_outbox_in_flight(const struct bot_outbox *o)
{
    const struct post *p;
    int n = 0;

    for (p = o->posts; p; p = p->next)
        n += p->in_flight;
    return n;
}

/* Posts not yet landed or given up: in flight, or waiting for a retry,
 * a rate-limit bucket or a hold. */
static int
pending(const struct bot_outbox *o)
{
    const struct post *p;
    int n = 0;

    for (p = o->posts; p; p = p->next)
        n++;
    return n;
}

int
bot_outbox_goodbye(struct bot_outbox *o, struct bot_ws *ws, int *stopping)
{
    /* A reply waiting for its retry counts as much as one in flight: the
     * bot's stop deadline bounds the wait, not the outbox. */
    if (pending(o) > 0)
        return 0;
    *stopping = 1;
    if (ws && bot_ws_is_open(ws)) {
        bot_ws_close(ws, 1000, "newsbot is shutting down");
        return 0;
    }
    return 1;
}
