#include "bot/chat/threads.h"

#include <stdlib.h>
#include <string.h>

#include "test.h"

#define TTL (15 * 60 * 1000LL)

static struct bot_threads *threads;
static char key[256];

/* A message from @user in @channel; @thread and @id as the Slack and
 * Mattermost adapters set them (a top-level post starts its own thread). */
static const char *
conv(const char *user, const char *channel, const char *thread, const char *id,
     int64_t now_ms)
{
    struct bot_msg m;
    size_t n;

    memset(&m, 0, sizeof(m));
    m.user = user;
    m.channel = channel;
    m.thread = thread;
    m.id = id;
    m.text = "x";
    m.len = 1;
    n = bot_threads_conversation(threads, "slack", &m, now_ms, TTL, key,
                                 sizeof(key));
    ASSERT_EQ(strlen(key), n);
    return key;
}

static void
setup(void)
{
    free(threads);
    threads = calloc(1, sizeof(*threads));
    ASSERT(threads != NULL);
}

static void
test_threads_plain_channel_is_one_conversation(void)
{
    setup();
    ASSERT_STR_EQ("slack/C1", conv("alice", "C1", NULL, "1.1", 0));
    ASSERT_STR_EQ("slack/C1", conv("bob", "C1", NULL, "1.2", 0));
}

static void
test_threads_reply_in_a_thread_is_its_conversation(void)
{
    setup();
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "1.1", "1.1", 0));
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "1.1", "1.5", 1000));
}

/* "@newsbot when is the hearing?" then, at the top level again,
 * "@newsbot is that tomorrow?": the second continues the first. */
static void
test_threads_top_level_follow_up_continues(void)
{
    setup();
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "1.1", "1.1", 0));
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "2.2", "2.2", 60000));
    /* and a reply in the thread the follow-up started stays in it */
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "2.2", "2.9", 90000));
}

static void
test_threads_other_user_or_channel_starts_afresh(void)
{
    setup();
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "1.1", "1.1", 0));
    ASSERT_STR_EQ("slack/C1/2.2", conv("bob", "C1", "2.2", "2.2", 1000));
    ASSERT_STR_EQ("slack/C2/3.3", conv("alice", "C2", "3.3", "3.3", 2000));
}

/* After an answer in an old thread, the user's last exchange is that one. */
static void
test_threads_last_exchange_wins(void)
{
    setup();
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "1.1", "1.1", 0));
    ASSERT_STR_EQ("slack/C1/5.5", conv("alice", "C1", "5.5", "5.6", 1000));
    ASSERT_STR_EQ("slack/C1/5.5", conv("alice", "C1", "7.7", "7.7", 2000));
}

static void
test_threads_expire(void)
{
    setup();
    ASSERT_STR_EQ("slack/C1/1.1", conv("alice", "C1", "1.1", "1.1", 0));
    ASSERT_STR_EQ("slack/C1/2.2", conv("alice", "C1", "2.2", "2.2", TTL + 1));
}

/* Many users: the table stays bounded and still answers each one. */
static void
test_threads_full_table_reuses_slots(void)
{
    char user[32], id[32];
    int i;

    setup();
    for (i = 0; i < 3 * BOT_THREADS_MAX; i++) {
        snprintf(user, sizeof(user), "u%d", i);
        snprintf(id, sizeof(id), "%d.0", i);
        conv(user, "C1", id, id, i);
    }
    snprintf(id, sizeof(id), "%d.0", 3 * BOT_THREADS_MAX - 1);
    snprintf(user, sizeof(user), "u%d", 3 * BOT_THREADS_MAX - 1);
    ASSERT(strstr(conv(user, "C1", "9.9", "9.9", 3 * BOT_THREADS_MAX), id));
}

static void
test_threads_direct_messages_keep_their_thread(void)
{
    struct bot_msg m;

    setup();
    conv("alice", "D1", "1.1", "1.1", 0);
    memset(&m, 0, sizeof(m));
    m.user = "alice";
    m.channel = "D1";
    m.thread = "2.2";
    m.id = "2.2";
    m.direct = 1;
    bot_threads_conversation(threads, "slack", &m, 1000, TTL, key, sizeof(key));
    ASSERT_STR_EQ("slack/D1/2.2", key);
    free(threads);
    threads = NULL;
}

static const struct test_case cases[] = {
    {"threads_plain_channel_is_one_conversation",
     test_threads_plain_channel_is_one_conversation},
    {"threads_reply_in_a_thread_is_its_conversation",
     test_threads_reply_in_a_thread_is_its_conversation},
    {"threads_top_level_follow_up_continues",
     test_threads_top_level_follow_up_continues},
    {"threads_other_user_or_channel_starts_afresh",
     test_threads_other_user_or_channel_starts_afresh},
    {"threads_last_exchange_wins", test_threads_last_exchange_wins},
    {"threads_expire", test_threads_expire},
    {"threads_full_table_reuses_slots", test_threads_full_table_reuses_slots},
    {"threads_direct_messages_keep_their_thread",
     test_threads_direct_messages_keep_their_thread},
};
TEST_MAIN(cases)
