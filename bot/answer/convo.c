/* Conversations: what each channel last asked and was told, so that follow-
 * ups ("when?", "who asked for it?") can be read. */
#include "bot/answer/convo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/hash.h"
#define WAYS 4

int
bot_convos_init(struct bot_convos *c, size_t nsets)
{
    c->nsets = nsets ? nsets : 1;
    c->slots = calloc(c->nsets * WAYS, sizeof(*c->slots));
    return c->slots ? 0 : BOT_ENOMEM;
}

void
bot_convos_release(struct bot_convos *c)
{
    free(c->slots);
    memset(c, 0, sizeof(*c));
}

void
bot_context_clear(struct bot_context *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->fact = ctx->entity = ctx->person = ctx->group = ctx->article = -1;
}

/* FNV-1a over the whole key: long keys that share a prefix stay apart. */
static uint64_t
hash_key(const char *s)
{
    return bot_hash_str(BOT_HASH_INIT, s);
}

static void
context_reset(struct bot_context *ctx, const char *key, uint64_t hash,
              int64_t now_ms)
{
    bot_context_clear(ctx);
    snprintf(ctx->key, sizeof(ctx->key), "%s", key);
    ctx->hash = hash;
    ctx->at_ms = now_ms ? now_ms : 1;
}

struct bot_context *
bot_convos_get(struct bot_convos *c, const char *key, int64_t now_ms)
{
    uint64_t hash = hash_key(key);
    struct bot_context *set = c->slots + (hash % c->nsets) * WAYS;
    struct bot_context *oldest = set;
    size_t i;

    for (i = 0; i < WAYS; i++) {
        struct bot_context *ctx = &set[i];
        if (ctx->at_ms && ctx->hash == hash &&
            strncmp(ctx->key, key, sizeof(ctx->key) - 1) == 0) {
            if (now_ms - ctx->at_ms > BOT_CONVO_TTL_MS)
                context_reset(ctx, key, hash, now_ms);
            ctx->at_ms = now_ms ? now_ms : 1;
            return ctx;
        }
        if (ctx->at_ms < oldest->at_ms)
            oldest = ctx;
    }
    context_reset(oldest, key, hash, now_ms);
    return oldest;
}

int
bot_context_active(const struct bot_context *ctx)
{
    return ctx->fact >= 0 || ctx->entity >= 0 || ctx->digest != 0;
}

const struct bot_context *
bot_convos_find(const struct bot_convos *c, const char *key)
{
    uint64_t hash;
    const struct bot_context *set;
    size_t i;

    if (!key || !c->nsets)
        return NULL;
    hash = hash_key(key);
    set = c->slots + (hash % c->nsets) * WAYS;
    for (i = 0; i < WAYS; i++) {
        if (set[i].at_ms && set[i].hash == hash &&
            strncmp(set[i].key, key, sizeof(set[i].key) - 1) == 0)
            return &set[i];
    }
    return NULL;
}

void
bot_context_forget(struct bot_context *ctx)
{
    struct bot_context keep = *ctx;

    bot_context_clear(ctx);
    ctx->hash = keep.hash;
    memcpy(ctx->key, keep.key, sizeof(ctx->key));
    ctx->at_ms = keep.at_ms;
}
