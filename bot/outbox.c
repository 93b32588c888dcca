#include "bot/outbox.h"

#include <stdlib.h>
#include <string.h>

#include "bot/bot.h"
#include "bot/log.h"
#include "bot/ws.h"

#define RETRY_CAP_MS 60000 /* the longest wait we honour */

struct post {
    struct post *next;
    struct bot_outbox *o;
    struct bot_timer *timer;
    char *url, *body;
    char *headers[BOT_HTTP_HEADERS_MAX + 1];
    int tries, in_flight, held;
};

struct bot_outbox {
    struct bot *bot;
    const char *platform;
    bot_outbox_check check;
    struct post *posts; /* oldest first */
    int hold;
};

static void
post_free(struct post *p)
{
    struct post **at = &p->o->posts;
    int i;

    while (*at && *at != p)
        at = &(*at)->next;
    if (*at)
        *at = p->next;
    bot_timer_free(p->timer);
    for (i = 0; p->headers[i]; i++)
        bot_free_secret(p->headers[i]);
    free(p->url);
    free(p->body);
    free(p);
}

static void
post_done(void *arg, const struct bot_http_response *r)
{
    struct post *p = arg;
    struct bot_outbox *o = p->o;
    char why[128] = "";
    int64_t wait;

    p->in_flight = 0;
    if (r->rc == 0 &&
        (!o->check || o->check(r->body, r->body_len, why, sizeof(why)) == 0)) {
        post_free(p);
        return;
    }
    if (r->rc == 0 || r->rc != BOT_ENET || p->tries >= BOT_OUTBOX_TRIES) {
        bot_log(BOT_LOG_ERROR,
                "%s: reply not posted (HTTP %ld%s%s) after %d "
                "attempt(s)",
                o->platform, r->status, why[0] ? ", " : "", why, p->tries);
        post_free(p);
        return;
    }
    wait = r->retry_after >= 0 ? r->retry_after * 1000
                               : bot_ws_backoff_ms((unsigned)p->tries, 0);
    if (wait > RETRY_CAP_MS)
        wait = RETRY_CAP_MS;
    bot_log(BOT_LOG_WARN, "%s: reply got HTTP %ld; retrying in %lld ms",
            o->platform, r->status, (long long)wait);
    bot_timer_start(p->timer, wait);
}

static void
post_send(void *arg)
{
    struct post *p = arg;
    struct bot_http *http = bot_http(p->o->bot);
    struct bot_http_request req;
    int i;

    memset(&req, 0, sizeof(req));
    req.method = "POST";
    req.url = p->url;
    for (i = 0; p->headers[i]; i++)
        req.headers[i] = p->headers[i];
    req.body = p->body;
    req.body_len = strlen(p->body);
    p->tries++;
    p->in_flight = 1;
    if (!http || bot_http_send(http, &req, post_done, p) < 0) {
        p->in_flight = 0;
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
    while (o->posts)
        post_free(o->posts);
    free(o);
}

int
bot_outbox_post(struct bot_outbox *o, const char *url,
                const char *const *headers, const char *body)
{
    struct post *p = calloc(1, sizeof(*p)), **at;
    int i, ok;

    if (!p)
        return BOT_ENOMEM;
    p->o = o;
    p->url = strdup(url);
    p->body = strdup(body);
    p->timer = bot_timer_new(o->bot->loop, post_send, p);
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
    if (!ok) {
        post_free(p);
        return i == BOT_HTTP_HEADERS_MAX - 1 ? BOT_EINVAL : BOT_ENOMEM;
    }
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
