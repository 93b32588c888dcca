/* Deciding which messages are for the bot, and the rate limits per user and
 * channel. */
#ifndef BOT_ROUTER_H
#define BOT_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/err.h"
#include "bot/chat/adapter.h"
#include "bot/chat/config.h"

/* Token buckets for one kind of key (users or channels), in a fixed-size
 * hash of sets of four, least recently used out first. */
struct router_bucket;
struct bot_buckets {
    struct router_bucket *slots;
    size_t nsets;
    struct bot_rate rate;
};

struct bot_router {
    const char *prefix; /* "!news" (borrowed from the config) */
    struct bot_buckets users, channels;
};

enum bot_route {
    BOT_ROUTE_IGNORE = 0, /* not for us: not addressed, a bot, ourselves */
    BOT_ROUTE_ANSWER,     /* answer the question at text + offset */
    BOT_ROUTE_NOTICE,     /* over a rate limit: say so, once */
    BOT_ROUTE_DROP        /* over a rate limit, already told */
};

BOT_MUST_CHECK int bot_router_init(struct bot_router *r,
                                   const struct bot_config *cfg);
void bot_router_release(struct bot_router *r);

/**
 * bot_router_route() - decide what to do with @msg.
 * @names:  the bot's own names (nick, "<@U123>", "@newsbot"), NULL-ended;
 *          compared without regard to ASCII case.
 * @now_ms: the current time, for the rate limits.
 * @offset: set to where the question starts once the addressing ("newsbot:",
 *          "@newsbot", "!news") and the spaces after it are skipped.
 * A message is for the bot when it is direct, mentioned, or starts with
 * one of @names followed by ':', ',' or a space, or with the prefix
 * followed by a space or the end. Messages from bots and from ourselves
 * are ignored. Over a limit (per user, and per channel unless direct),
 * the first refusal is BOT_ROUTE_NOTICE and later ones BOT_ROUTE_DROP
 * until a token is free again.
 */
enum bot_route bot_router_route(struct bot_router *r, const struct bot_msg *msg,
                                const char *const *names, int64_t now_ms,
                                size_t *offset);

#endif
