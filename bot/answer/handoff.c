/* A conversation's context as bytes, so another replica can go on with it. */
#include "bot/answer/handoff.h"

#include <string.h>

#include "bot/base/hash.h"

#define MAGIC 0x6e62637843747831ULL /* "nbcxCtx1" */

/* What precedes the context: which layout and which knowledge it is of. */
struct header {
    uint64_t magic;
    uint64_t layout; /* the context's size and the key it was saved for */
    uint64_t knowledge;
    uint64_t key; /* the conversation's key, hashed */
};

/* @s with its NUL, so that ("ab", "c") and ("a", "bc") differ; NULL as
 * "". */
static uint64_t
fnv_str(uint64_t h, const char *s)
{
    return bot_hash_bytes(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

uint64_t
bot_handoff_fingerprint(const struct bot_core *core)
{
    uint64_t h = BOT_HASH_INIT;
    size_t a, i;

    for (a = 0; a < bot_core_count(core); a++) {
        const struct bot_kb *kb = bot_core_nth(core, a);
        h = fnv_str(h, kb->title);
        h = bot_hash_bytes(h, &kb->nentities, sizeof(kb->nentities));
        for (i = 0; i < kb->nfacts; i++) {
            h = fnv_str(h, kb->facts[i].id);
            h = fnv_str(h, kb->facts[i].statement);
        }
    }
    return h;
}

static void
header_of(const struct bot_core *core, const char *key, struct header *h)
{
    h->magic = MAGIC;
    h->layout = sizeof(struct bot_context);
    h->knowledge = core->print;
    h->key = fnv_str(BOT_HASH_INIT, key);
}

size_t
bot_handoff_save(const struct bot_core *core, const char *key, void *buf,
                 size_t cap)
{
    const struct bot_context *ctx = bot_convos_find(&core->convos, key);
    struct header h;

    if (!ctx || (!bot_context_active(ctx) && ctx->article < 0) ||
        cap < sizeof(h) + sizeof(*ctx))
        return 0;
    header_of(core, key, &h);
    memcpy(buf, &h, sizeof(h));
    memcpy((char *)buf + sizeof(h), ctx, sizeof(*ctx));
    return sizeof(h) + sizeof(*ctx);
}

int
bot_handoff_load(struct bot_core *core, const char *key, const void *buf,
                 size_t len, int64_t now_ms)
{
    struct header want, got;
    struct bot_context saved, *ctx;

    if (len != sizeof(got) + sizeof(saved))
        return BOT_EINVAL;
    memcpy(&got, buf, sizeof(got));
    header_of(core, key, &want);
    if (memcmp(&got, &want, sizeof(got)) != 0)
        return BOT_EINVAL;
    memcpy(&saved, (const char *)buf + sizeof(got), sizeof(saved));
    ctx = bot_convos_get(&core->convos, key, now_ms);
    saved.hash = ctx->hash; /* this process's slot keeps its own key */
    memcpy(saved.key, ctx->key, sizeof(saved.key));
    saved.at_ms = now_ms ? now_ms : 1;
    *ctx = saved;
    return 0;
}
