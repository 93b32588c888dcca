/* Deciding which messages are for the bot, and the rate limits per user and
 * channel. */
#include "bot/chat/router.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WAYS    4
#define KEY_MAX 96

/* A token bucket: @tokens refill at count/seconds up to count. */
struct router_bucket {
    char key[KEY_MAX];
    int64_t at_ms; /* last use; 0 = free */
    double tokens;
    int told; /* the "slow down" notice was sent for this empty spell */
};

static int
buckets_init(struct bot_buckets *b, struct bot_rate rate, size_t nsets)
{
    b->rate = rate;
    b->nsets = nsets;
    b->slots = calloc(nsets * WAYS, sizeof(*b->slots));
    return b->slots ? 0 : BOT_ENOMEM;
}

static size_t
hash_key(const char *s)
{
    size_t h = 5381;

    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* The bucket of @key, refilled up to @now_ms. */
static struct router_bucket *
bucket_get(struct bot_buckets *b, const char *key, int64_t now_ms)
{
    struct router_bucket *set = b->slots + (hash_key(key) % b->nsets) * WAYS;
    struct router_bucket *bk = NULL, *oldest = set;
    size_t i;

    for (i = 0; i < WAYS && !bk; i++) {
        if (set[i].at_ms && strncmp(set[i].key, key, KEY_MAX - 1) == 0)
            bk = &set[i];
        else if (set[i].at_ms < oldest->at_ms)
            oldest = &set[i];
    }
    if (!bk) {
        bk = oldest;
        memset(bk, 0, sizeof(*bk));
        snprintf(bk->key, sizeof(bk->key), "%s", key);
        bk->tokens = b->rate.count;
    } else {
        double per_ms = (double)b->rate.count / (b->rate.seconds * 1000.0);
        bk->tokens += (double)(now_ms - bk->at_ms) * per_ms;
        if (bk->tokens > b->rate.count)
            bk->tokens = b->rate.count;
    }
    bk->at_ms = now_ms ? now_ms : 1;
    return bk;
}

int
bot_router_init(struct bot_router *r, const struct bot_config *cfg)
{
    int rc;

    memset(r, 0, sizeof(*r));
    r->prefix = cfg->prefix && *cfg->prefix ? cfg->prefix : "!news";
    rc = buckets_init(&r->users, cfg->rate_user, 256);
    if (rc == 0)
        rc = buckets_init(&r->channels, cfg->rate_channel, 64);
    if (rc < 0)
        bot_router_release(r);
    return rc;
}

void
bot_router_release(struct bot_router *r)
{
    free(r->users.slots);
    free(r->channels.slots);
    memset(r, 0, sizeof(*r));
}

/* Takes one token; returns 1 if there was one. With the limit off, always
 * 1. Sets *@first_refusal on the first refusal of an empty spell. */
static int
take(struct bot_buckets *b, const char *key, int64_t now_ms, int *first_refusal)
{
    struct router_bucket *bk;

    if (b->rate.count <= 0 || !key)
        return 1;
    bk = bucket_get(b, key, now_ms);
    if (bk->tokens >= 1.0) {
        bk->tokens -= 1.0;
        bk->told = 0;
        return 1;
    }
    if (!bk->told) {
        bk->told = 1;
        *first_refusal = 1;
    }
    return 0;
}

/* Length of the address at the start of @t ("newsbot:", "@newsbot,"),
 * spaces included, or 0 if @t does not start with one of @names. */
static size_t
address_len(const char *t, size_t len, const char *const *names)
{
    size_t at = len > 0 && t[0] == '@' ? 1 : 0;

    for (; names && *names; names++) {
        size_t n = strlen(*names), i = at + n;
        if (n == 0 || len < i || strncasecmp(t + at, *names, n) != 0)
            continue;
        if (i < len && t[i] != ':' && t[i] != ',' && t[i] != ' ' &&
            t[i] != '\t')
            continue;
        while (i < len &&
               (t[i] == ':' || t[i] == ',' || t[i] == ' ' || t[i] == '\t'))
            i++;
        return i;
    }
    return 0;
}

static size_t
prefix_len(const char *t, size_t len, const char *prefix)
{
    size_t n = strlen(prefix), i = n;

    if (n == 0 || len < n || strncasecmp(t, prefix, n) != 0)
        return 0;
    if (i < len && !isspace((unsigned char)t[i]))
        return 0;
    while (i < len && isspace((unsigned char)t[i]))
        i++;
    return i;
}

enum bot_route
bot_router_route(struct bot_router *r, const struct bot_msg *msg,
                 const char *const *names, int64_t now_ms, size_t *offset)
{
    size_t off = 0;
    int told = 0, user_ok, chan_ok;

    *offset = 0;
    if (msg->from_bot || msg->from_self || !msg->text)
        return BOT_ROUTE_IGNORE;
    while (off < msg->len && isspace((unsigned char)msg->text[off]))
        off++;
    {
        size_t a = address_len(msg->text + off, msg->len - off, names);
        size_t p =
            a ? 0 : prefix_len(msg->text + off, msg->len - off, r->prefix);
        if (!a && !p && !msg->direct && !msg->mentioned)
            return BOT_ROUTE_IGNORE;
        off += a + p;
    }
    *offset = off;
    user_ok = take(&r->users, msg->user, now_ms, &told);
    chan_ok = !user_ok || msg->direct ||
              take(&r->channels, msg->channel, now_ms, &told);
    if (user_ok && chan_ok)
        return BOT_ROUTE_ANSWER;
    return told ? BOT_ROUTE_NOTICE : BOT_ROUTE_DROP;
}
