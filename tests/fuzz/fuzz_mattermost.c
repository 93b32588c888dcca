/* Fuzz target mattermost: the Mattermost adapter
 * (bot/adapters/mattermost.c, API v4) in the whole runtime: GET /users/me
 * is answered by a fake REST API, each connection's authentication
 * challenge gets its OK, a fresh connection a hello (a resumed one, whose
 * URL carries connection_id, gets none, as the real server does), then
 * each line of the input is one WebSocket message through the adapter's
 * real message callback. Commands are described in harness.h. */
#include <string.h>

#include "harness.h"

static const char *const env_vars[] = {
    "MATTERMOST_URL",
    "https://chat.example.com",
    "MATTERMOST_TOKEN",
    "fuzz-token-mattermost",
    NULL,
};

static const struct fuzz_route routes[] = {
    {"/users/me", 200,
     "{\"id\": \"botuid0000\", \"create_at\": 1700000000000, "
     "\"update_at\": 1700000000000, \"delete_at\": 0, \"username\": "
     "\"newsbot\", \"email\": \"newsbot@localhost\", \"nickname\": \"\", "
     "\"roles\": \"system_user\", \"is_bot\": true, \"locale\": \"en\"}"},
    {"/posts", 201,
     "{\"id\": \"p0000000000000000000000001\", \"channel_id\": \"c1\", "
     "\"message\": \"ok\", \"type\": \"\"}"},
    {NULL, 0, NULL},
};

static void
handshake(void)
{
    fuzz_platform_send("{\"status\": \"OK\", \"seq_reply\": 1}");
    if (strstr(fuzz_platform_url(), "connection_id="))
        return;
    fuzz_platform_send(
        "{\"event\": \"hello\", \"data\": {\"server_version\": "
        "\"9.11.0.0.0.0.false\", \"connection_id\": "
        "\"n9xpq4kg7jr5tbyc1hw8e3ma6d\"}, \"broadcast\": {\"omit_users\": "
        "null, \"user_id\": \"botuid0000\", \"channel_id\": \"\", "
        "\"team_id\": \"\"}, \"seq\": 0}");
}

static const struct fuzz_platform mattermost = {
    "mattermost", env_vars, '\n', routes, "c1", handshake, NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_platform_init(&mattermost);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_platform_run(data, size);
    return 0;
}
