#include "bot/chat/router.h"

#include <string.h>

#include "test.h"

static const char *const names[] = {"newsbot", NULL};

static struct bot_config
config(int user_count, int chan_count)
{
    struct bot_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.prefix = "!news";
    cfg.rate_user.count = user_count;
    cfg.rate_user.seconds = 60;
    cfg.rate_channel.count = chan_count;
    cfg.rate_channel.seconds = 60;
    return cfg;
}

static struct bot_msg
msg(const char *user, const char *channel, const char *text)
{
    struct bot_msg m;

    memset(&m, 0, sizeof(m));
    m.user = user;
    m.channel = channel;
    m.text = text;
    m.len = strlen(text);
    return m;
}

static enum bot_route
route(struct bot_router *r, const struct bot_msg *m, int64_t now, size_t *off)
{
    return bot_router_route(r, m, names, now, off);
}

static void
test_router_addressing_forms(void)
{
    struct bot_config cfg = config(0, 0);
    struct bot_router r;
    struct bot_msg m;
    size_t off;

    ASSERT_EQ(0, bot_router_init(&r, &cfg));
    m = msg("alice", "#news", "newsbot: when is the hearing?");
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1000, &off));
    ASSERT_STR_EQ("when is the hearing?", m.text + off);
    m = msg("alice", "#news", "NewsBot, who asked?");
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1000, &off));
    ASSERT_STR_EQ("who asked?", m.text + off);
    m = msg("alice", "#news", "@newsbot summary");
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1000, &off));
    ASSERT_STR_EQ("summary", m.text + off);
    m = msg("alice", "#news", "!news timeline");
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1000, &off));
    ASSERT_STR_EQ("timeline", m.text + off);
    m = msg("alice", "alice", "when is the hearing?");
    m.direct = 1;
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1000, &off));
    ASSERT_EQ(0, off);
    bot_router_release(&r);
}

static void
test_router_ignores_other_talk(void)
{
    struct bot_config cfg = config(0, 0);
    struct bot_router r;
    struct bot_msg m;
    size_t off;

    ASSERT_EQ(0, bot_router_init(&r, &cfg));
    m = msg("alice", "#news", "newsbots are great");
    ASSERT_EQ(BOT_ROUTE_IGNORE, route(&r, &m, 1000, &off));
    m = msg("alice", "#news", "!newsy stuff");
    ASSERT_EQ(BOT_ROUTE_IGNORE, route(&r, &m, 1000, &off));
    m = msg("alice", "#news", "hello newsbot: hi");
    ASSERT_EQ(BOT_ROUTE_IGNORE, route(&r, &m, 1000, &off));
    m = msg("otherbot", "#news", "newsbot: when?");
    m.from_bot = 1;
    ASSERT_EQ(BOT_ROUTE_IGNORE, route(&r, &m, 1000, &off));
    m = msg("newsbot", "#news", "newsbot: when?");
    m.from_self = 1;
    ASSERT_EQ(BOT_ROUTE_IGNORE, route(&r, &m, 1000, &off));
    bot_router_release(&r);
}

static void
test_router_user_limit_notices_once(void)
{
    struct bot_config cfg = config(2, 0);
    struct bot_router r;
    struct bot_msg m = msg("alice", "#news", "newsbot: q");
    size_t off;

    ASSERT_EQ(0, bot_router_init(&r, &cfg));
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1000, &off));
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1001, &off));
    ASSERT_EQ(BOT_ROUTE_NOTICE, route(&r, &m, 1002, &off));
    ASSERT_EQ(BOT_ROUTE_DROP, route(&r, &m, 1003, &off));
    ASSERT_EQ(BOT_ROUTE_DROP, route(&r, &m, 1004, &off));
    /* Another user is not limited by alice. */
    m.user = "bob";
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 1005, &off));
    /* 30 s later one token (2 per 60 s) is back. */
    m.user = "alice";
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 31005, &off));
    ASSERT_EQ(BOT_ROUTE_NOTICE, route(&r, &m, 31006, &off));
    bot_router_release(&r);
}

static void
test_router_channel_limit_spans_users(void)
{
    struct bot_config cfg = config(0, 3);
    struct bot_router r;
    struct bot_msg m = msg("u1", "#news", "!news q");
    size_t off;

    ASSERT_EQ(0, bot_router_init(&r, &cfg));
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 10, &off));
    m.user = "u2";
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 11, &off));
    m.user = "u3";
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 12, &off));
    m.user = "u4";
    ASSERT_EQ(BOT_ROUTE_NOTICE, route(&r, &m, 13, &off));
    /* A direct message is not held to the channel's limit. */
    m = msg("u4", "u4", "q");
    m.direct = 1;
    ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, 14, &off));
    bot_router_release(&r);
}

static void
test_router_limits_off(void)
{
    struct bot_config cfg = config(0, 0);
    struct bot_router r;
    struct bot_msg m = msg("alice", "#news", "newsbot: q");
    size_t off;
    int i;

    ASSERT_EQ(0, bot_router_init(&r, &cfg));
    for (i = 0; i < 1000; i++)
        ASSERT_EQ(BOT_ROUTE_ANSWER, route(&r, &m, i, &off));
    bot_router_release(&r);
}

static void
test_router_release_is_safe_twice(void)
{
    struct bot_router r;

    memset(&r, 0, sizeof(r));
    bot_router_release(&r);
    bot_router_release(&r);
    ASSERT(r.users.slots == NULL);
}

static const struct test_case cases[] = {
    {"router_addressing_forms", test_router_addressing_forms},
    {"router_ignores_other_talk", test_router_ignores_other_talk},
    {"router_user_limit_notices_once", test_router_user_limit_notices_once},
    {"router_channel_limit_spans_users", test_router_channel_limit_spans_users},
    {"router_limits_off", test_router_limits_off},
    {"router_release_is_safe_twice", test_router_release_is_safe_twice},
};
TEST_MAIN(cases)
