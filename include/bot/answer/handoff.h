/* A conversation's context as bytes, so another replica can go on with it. */
#ifndef BOT_HANDOFF_H
#define BOT_HANDOFF_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/core.h"
#include "bot/base/err.h"

/* Replicas of one bot share a store; a follow-up ("when was that?") may
 * reach another replica than the question before it. The context the
 * first one kept (indexes into the knowledge, how the question was read)
 * is saved as bytes and loaded by the next. The bytes carry a fingerprint
 * of this build's layout and of the knowledge, so a replica running
 * another version of either ignores them instead of misreading them. No
 * I/O: where the bytes go is the runtime's business. */

#define BOT_HANDOFF_MAX (sizeof(struct bot_context) + 32)

/* A fingerprint of @core's articles: their facts' ids and statements. */
uint64_t bot_handoff_fingerprint(const struct bot_core *core);

/**
 * bot_handoff_save() - the context of conversation @key as bytes.
 * Return: the length written into @buf (at most BOT_HANDOFF_MAX), or 0
 * if the conversation has nothing to follow up on or @cap is too small.
 */
size_t bot_handoff_save(const struct bot_core *core, const char *key, void *buf,
                        size_t cap);

/**
 * bot_handoff_load() - make @len bytes from bot_handoff_save() the
 * context of conversation @key, as last used at @now_ms.
 * Return: 0, or BOT_EINVAL for bytes of another build or knowledge, or
 * of another conversation (the context is then left as it was).
 */
int bot_handoff_load(struct bot_core *core, const char *key, const void *buf,
                     size_t len, int64_t now_ms);

#endif
