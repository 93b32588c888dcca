/* unit.admins: NEWSBOT_ADMINS, who may start and stop reminders. */
#include "bot/chat/admins.h"

#include <stdlib.h>

#include "bot/chat/config.h"
#include "test.h"

static void
test_admins_no_list_lets_everyone(void)
{
    ASSERT_EQ(0, bot_admins_check(NULL));
    ASSERT_EQ(0, bot_admins_check(""));
    ASSERT(bot_admins_allow(NULL, "slack", "U1"));
    ASSERT(bot_admins_allow("", "irc", "anyone"));
}

static void
test_admins_platform_ids_and_plain_ids(void)
{
    const char *spec = "slack:U123, discord:456 ,mattermost:abc,irc:Nick,zed";

    ASSERT_EQ(0, bot_admins_check(spec));
    ASSERT(bot_admins_allow(spec, "slack", "U123"));
    ASSERT(!bot_admins_allow(spec, "slack", "U1234"));
    ASSERT(!bot_admins_allow(spec, "slack", "u123"));   /* ids are exact */
    ASSERT(!bot_admins_allow(spec, "discord", "U123")); /* other platform */
    ASSERT(bot_admins_allow(spec, "discord", "456"));
    ASSERT(bot_admins_allow(spec, "mattermost", "abc"));
    ASSERT(bot_admins_allow(spec, "irc", "nick")); /* nicks without case */
    ASSERT(bot_admins_allow(spec, "irc", "NICK"));
    ASSERT(!bot_admins_allow(spec, "mattermost", "Nick"));
    ASSERT(bot_admins_allow(spec, "slack", "zed")); /* plain: anywhere */
    ASSERT(bot_admins_allow(spec, "irc", "Zed"));
    ASSERT(!bot_admins_allow(spec, "slack", NULL));
    ASSERT(bot_admins_check("alice,") == 0); /* a trailing comma */
}

static void
test_admins_bad_values_refused(void)
{
    ASSERT_EQ(BOT_EINVAL, bot_admins_check("telegram:1"));
    ASSERT_EQ(BOT_EINVAL, bot_admins_check("slack:"));
    ASSERT_EQ(BOT_EINVAL, bot_admins_check("a,,b"));
}

static void
test_admins_read_by_the_config(void)
{
    struct bot_config cfg;

    unsetenv("NEWSBOT_PLATFORMS");
    ASSERT_EQ(0, setenv("NEWSBOT_ADMINS", "slack:U1,irc:alice", 1));
    ASSERT_EQ(0, bot_config_load(&cfg, NULL));
    ASSERT_STR_EQ("slack:U1,irc:alice", cfg.admins);
    bot_config_release(&cfg);
    ASSERT_EQ(0, setenv("NEWSBOT_ADMINS", "telegram:1", 1));
    ASSERT_EQ(BOT_EINVAL, bot_config_load(&cfg, NULL));
    ASSERT_EQ(0, unsetenv("NEWSBOT_ADMINS"));
    ASSERT_EQ(0, bot_config_load(&cfg, NULL));
    ASSERT(cfg.admins == NULL);
    bot_config_release(&cfg);
}

static const struct test_case cases[] = {
    {"admins_no_list_lets_everyone", test_admins_no_list_lets_everyone},
    {"admins_platform_ids_and_plain_ids",
     test_admins_platform_ids_and_plain_ids},
    {"admins_bad_values_refused", test_admins_bad_values_refused},
    {"admins_read_by_the_config", test_admins_read_by_the_config},
};
TEST_MAIN(cases)
