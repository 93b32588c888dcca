/* Fuzz target discord: the Discord adapter (bot/adapters/discord.c,
 * Gateway v10) in the whole runtime: GET /gateway/bot is answered by a
 * fake REST API, each connection gets Hello and then READY (or RESUMED
 * when the bot resumed), then each line of the input is one Gateway
 * message through the adapter's real message callback (MESSAGE_CREATE,
 * INTERACTION_CREATE: slash commands answered through the callback and
 * PATCH @original routes). Commands are described in harness.h. */
#include <string.h>

#include "harness.h"

static const char *const env_vars[] = {
    "DISCORD_BOT_TOKEN",
    "fuzz.token.discord",
    NULL,
};

static const struct fuzz_route routes[] = {
    /* the slash commands as registered: the bot writes them (PUT) */
    {"/commands", 200, "[]"},
    /* an interaction's answer (type 4 or 5): 204, no body */
    {"/callback", 204, ""},
    /* PATCH @original: the edited message */
    {"/@original", 200,
     "{\"id\": \"1350000000000000002\", \"type\": 20, \"content\": "
     "\"ok\", \"channel_id\": \"c1\"}"},
    {"/gateway/bot", 200,
     "{\"url\": \"wss://gateway.discord.gg\", \"shards\": 1, "
     "\"session_start_limit\": {\"total\": 1000, \"remaining\": 999, "
     "\"reset_after\": 14400000, \"max_concurrency\": 1}}"},
    {"/messages", 200,
     "{\"id\": \"1350000000000000001\", \"type\": 19, \"content\": \"ok\", "
     "\"channel_id\": \"c1\", \"author\": {\"id\": \"900\", \"username\": "
     "\"newsbot\", \"bot\": true}}"},
    {NULL, 0, NULL},
};

static int resuming; /* the last login the bot sent was a Resume (op 6) */

static void
on_send(const char *buf, size_t len)
{
    if (len > 7 && !memcmp(buf, "{\"op\":6", 7))
        resuming = 1;
    else if (len > 7 && !memcmp(buf, "{\"op\":2", 7))
        resuming = 0;
}

static void
handshake(void)
{
    resuming = 0;
    fuzz_platform_send("{\"op\": 10, \"d\": {\"heartbeat_interval\": 41250}, "
                       "\"s\": null, \"t\": null}");
    if (resuming) {
        fuzz_platform_send("{\"op\": 0, \"s\": 2, \"t\": \"RESUMED\", "
                           "\"d\": {}}");
        return;
    }
    fuzz_platform_send(
        "{\"op\": 0, \"s\": 1, \"t\": \"READY\", \"d\": {\"v\": 10, "
        "\"user\": {\"id\": \"900\", \"username\": \"newsbot\", \"bot\": "
        "true, \"discriminator\": \"0\"}, \"session_id\": \"sess1\", "
        "\"session_type\": \"normal\", \"resume_gateway_url\": "
        "\"wss://gateway-us-east1-b.discord.gg\", \"guilds\": [{\"id\": "
        "\"g1\", \"unavailable\": true}], \"private_channels\": [], "
        "\"shard\": [0, 1], \"application\": {\"id\": \"900\", \"flags\": "
        "0}}}");
}

static const struct fuzz_platform discord = {
    "discord", env_vars, '\n', routes, "c1", handshake, on_send,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_platform_init(&discord);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_platform_run(data, size);
    return 0;
}
