/* The adapter contract: what a platform implements, and what the runtime
 * gives it. */
#include "bot/chat/adapter.h"

#include <string.h>

/* The only list of platforms. */
static const struct bot_adapter_ops *const adapters[] = {
    &bot_irc_ops,
    &bot_mattermost_ops,
    &bot_slack_ops,
    &bot_discord_ops,
};

const struct bot_adapter_ops *
bot_adapter_find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(adapters) / sizeof(adapters[0]); i++) {
        if (strcmp(adapters[i]->name, name) == 0)
            return adapters[i];
    }
    return NULL;
}

int
bot_adapter_owns(const struct bot_adapter_ops *ops, const char *key)
{
    return ops->key_prefix && *ops->key_prefix &&
           strncmp(key, ops->key_prefix, strlen(ops->key_prefix)) == 0;
}

const struct bot_adapter_ops *
bot_adapter_owner(const char *key)
{
    size_t i;

    for (i = 0; i < sizeof(adapters) / sizeof(adapters[0]); i++) {
        if (bot_adapter_owns(adapters[i], key))
            return adapters[i];
    }
    return NULL;
}

int
bot_adapter_usable(const struct bot_adapter *ad)
{
    return ad->state == BOT_ADAPTER_RUNNING && !ad->failed;
}

void
bot_answer_plain(struct bot_answer *a, const char *text)
{
    memset(a, 0, sizeof(*a));
    a->text = text;
    a->lead = text;
    a->lead_len = strlen(text);
}
