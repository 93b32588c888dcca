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
