#include "bot/chat/seen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static void
test_seen_second_delivery_is_seen(void)
{
    struct bot_seen *s = calloc(1, sizeof(*s));

    ASSERT(s != NULL);
    ASSERT_EQ(0, bot_seen_check(s, "Ev1"));
    ASSERT_EQ(0, bot_seen_check(s, "Ev2"));
    ASSERT_EQ(1, bot_seen_check(s, "Ev1"));
    ASSERT_EQ(1, bot_seen_check(s, "Ev2"));
    ASSERT_EQ(0, bot_seen_check(s, "ev1")); /* ids are case-sensitive */
    free(s);
}

static void
test_seen_forgets_the_oldest(void)
{
    struct bot_seen *s = calloc(1, sizeof(*s));
    char id[32];
    int i;

    ASSERT(s != NULL);
    for (i = 0; i < BOT_SEEN_MAX; i++) {
        snprintf(id, sizeof(id), "post%d", i);
        ASSERT_EQ(0, bot_seen_check(s, id));
    }
    ASSERT_EQ(1, bot_seen_check(s, "post0")); /* all still remembered */
    ASSERT_EQ(0, bot_seen_check(s, "one more"));
    ASSERT_EQ(0, bot_seen_check(s, "post0")); /* the oldest went */
    ASSERT_EQ(1, bot_seen_check(s, "post255"));
    free(s);
}

static void
test_seen_overlong_id_is_new_each_time(void)
{
    struct bot_seen *s = calloc(1, sizeof(*s));
    char id[BOT_SEEN_ID_MAX + 8];

    ASSERT(s != NULL);
    memset(id, 'x', sizeof(id) - 1);
    id[sizeof(id) - 1] = '\0';
    ASSERT_EQ(0, bot_seen_check(s, id));
    ASSERT_EQ(0, bot_seen_check(s, id));
    ASSERT_EQ(0, bot_seen_check(s, "")); /* the empty slots are not ids */
    free(s);
}

static const struct test_case cases[] = {
    {"seen_second_delivery_is_seen", test_seen_second_delivery_is_seen},
    {"seen_forgets_the_oldest", test_seen_forgets_the_oldest},
    {"seen_overlong_id_is_new_each_time",
     test_seen_overlong_id_is_new_each_time},
};
TEST_MAIN(cases)
