/* Fuzz target slack: the Slack adapter (bot/adapters/slack.c, Socket
 * Mode) in the whole runtime: auth.test and apps.connections.open are
 * answered by a fake Web API, the connection gets Slack's hello, then each
 * line of the input is one WebSocket message (an envelope, a disconnect,
 * anything) through the adapter's real message callback. Commands are
 * described in harness.h. */
#include "harness.h"

static const char *const env_vars[] = {
    "SLACK_APP_TOKEN", "xapp-1-A1-fuzz", "SLACK_BOT_TOKEN", "xoxb-1-fuzz", NULL,
};

static const struct fuzz_route routes[] = {
    {"/auth.test", 200,
     "{\"ok\": true, \"url\": \"https://fake.slack.com/\", \"team\": \"T\", "
     "\"user\": \"newsbot\", \"team_id\": \"T1\", \"user_id\": \"UBOT\", "
     "\"bot_id\": \"B1\", \"is_enterprise_install\": false}"},
    {"/apps.connections.open", 200,
     "{\"ok\": true, \"url\": "
     "\"wss://wss-primary.slack.com/link/?ticket=fuzz-ticket&app_id=A1\"}"},
    {"/chat.postMessage", 200,
     "{\"ok\": true, \"channel\": \"C111\", \"ts\": \"1743671700.000200\", "
     "\"message\": {\"type\": \"message\", \"text\": \"ok\"}}"},
    {"/commands/", 200, "ok"},
    {NULL, 0, NULL},
};

static void
handshake(void)
{
    fuzz_platform_send("{\"type\": \"hello\", \"num_connections\": 1, "
                       "\"debug_info\": {\"host\": \"applink-1\", "
                       "\"build_number\": 10, "
                       "\"approximate_connection_time\": 18060}, "
                       "\"connection_info\": {\"app_id\": \"A1\"}}");
}

static const struct fuzz_platform slack = {
    "slack", env_vars, '\n', routes, "C111", handshake, NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_platform_init(&slack);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_platform_run(data, size);
    return 0;
}
