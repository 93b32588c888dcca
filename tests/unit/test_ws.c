#include "bot/net/ws.h"

#include <libwebsockets.h>

#include "bot/base/log.h"
#include "test.h"

static void
test_ws_backoff_doubles_with_jitter(void)
{
    int64_t base = 500;
    unsigned attempt;
    uint32_t r;

    for (attempt = 0; attempt < 12; attempt++) {
        int64_t lo = base - base / 5, hi = base + base / 5;
        for (r = 0; r < 2000; r += 7) {
            int64_t d = bot_ws_backoff_ms(attempt, r * 2654435761u);
            if (d < lo || d > hi)
                TEST_FAIL("attempt %u: %lld ms outside [%lld, %lld]", attempt,
                          (long long)d, (long long)lo, (long long)hi);
        }
        if (base < 60000)
            base = base * 2 > 60000 ? 60000 : base * 2;
    }
}

static void
test_ws_backoff_is_capped(void)
{
    ASSERT(bot_ws_backoff_ms(100, 0) <= 72000);
    ASSERT(bot_ws_backoff_ms(100000, 123) <= 72000);
    ASSERT(bot_ws_backoff_ms(100000, 123) >= 48000);
}

static void
test_ws_backoff_jitter_spreads(void)
{
    int64_t first = bot_ws_backoff_ms(3, 1);
    int differs = 0;
    uint32_t r;

    for (r = 2; r < 50; r++)
        differs |= bot_ws_backoff_ms(3, r * 977u) != first;
    ASSERT(differs);
}

static void
test_ws_library_log_goes_through_ours(void)
{
    /* A libwebsockets error (say an SSL failure) is one of our log lines,
     * in our format, with control characters escaped. */
    struct bot_loop *loop;
    FILE *fp = tmpfile();
    char got[512] = "";

    ASSERT(fp != NULL);
    bot_log_set_stream(fp);
    bot_log_set_json(1);
    loop = bot_loop_new(NULL);
    ASSERT(loop != NULL);
    lwsl_err("probe \"%s\"\n", "x\ty");
    bot_log_set_stream(NULL);
    bot_log_set_json(0);
    rewind(fp);
    ASSERT(fgets(got, sizeof(got), fp) != NULL);
    ASSERT_EQ(0, strncmp(got, "{\"time\":\"20", 11)); /* RFC 3339 UTC */
    ASSERT_CONTAINS(got, "Z\",\"level\":\"error\",\"msg\":\"libwebsockets: "
                         "probe \\\"x\\\\x09y\\\"\"}\n");
    fclose(fp);
    bot_loop_free(loop);
}

static void
test_ws_new_refuses_bad_urls(void)
{
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_ws_handler h = {0};
    struct bot_ws_opts o = {"http://127.0.0.1:1/", NULL, NULL, 0};

    ASSERT(loop != NULL);
    ASSERT(bot_ws_new(loop, &o, &h, NULL) == NULL);
    o.url = "not a url";
    ASSERT(bot_ws_new(loop, &o, &h, NULL) == NULL);
    o.url = "ws://127.0.0.1:9/path?x=1";
    {
        struct bot_ws *ws = bot_ws_new(loop, &o, &h, NULL);
        ASSERT(ws != NULL);
        ASSERT(!bot_ws_is_open(ws));
        ASSERT_EQ(BOT_ENET, bot_ws_send(ws, "x", 1, 0));
        bot_ws_free(ws);
    }
    bot_loop_free(loop);
}

static const struct test_case cases[] = {
    {"ws_library_log_goes_through_ours", test_ws_library_log_goes_through_ours},
    {"ws_backoff_doubles_with_jitter", test_ws_backoff_doubles_with_jitter},
    {"ws_backoff_is_capped", test_ws_backoff_is_capped},
    {"ws_backoff_jitter_spreads", test_ws_backoff_jitter_spreads},
    {"ws_new_refuses_bad_urls", test_ws_new_refuses_bad_urls},
};
TEST_MAIN(cases)
