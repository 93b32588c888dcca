/* unit.handoff: a conversation's context saved by one answerer and loaded
 * by another, as replicas sharing a store do. */
#include "bot/answer/handoff.h"

#include <stdlib.h>
#include <string.h>

#include "bot/answer/core.h"
#include "fixture.h"
#include "test.h"

static struct bot_core other; /* a second replica over the same knowledge */

static const struct bot_reply *
ask(struct bot_core *core, const char *text, const char *conv, int minutes)
{
    static struct bot_reply r;
    struct bot_ask a = {0};

    a.text = text;
    a.len = strlen(text);
    a.conversation = conv;
    a.now_ms = FIXTURE_T0 + minutes * 60000LL;
    ASSERT_EQ(0, bot_date_ymd(&a.today, 2025, 4, 3));
    if (bot_core_ask(core, &a, &r) < 0)
        TEST_FAIL("bot_core_ask");
    return &r;
}

static void
release(void)
{
    bot_core_release(&other);
}

static struct bot_core *
second(void)
{
    if (!other.convos.slots) {
        if (bot_core_init(&other, "knowledge") < 0)
            TEST_FAIL("cannot load knowledge/");
        atexit(release);
    }
    return &other;
}

static void
test_handoff_follow_up_on_another_replica(void)
{
    static const char conv[] = "t/handoff-since";
    unsigned char buf[BOT_HANDOFF_MAX];
    size_t n;
    const struct bot_reply *r;

    r = ask(fixture_core(), "who rules Afghanistan?", conv, 0);
    ASSERT_CONTAINS(r->text, "Taliban");
    n = bot_handoff_save(fixture_core(), conv, buf, sizeof(buf));
    ASSERT(n > 0 && n <= sizeof(buf));
    ASSERT_EQ(0, bot_handoff_load(second(), conv, buf, n, FIXTURE_T0 + 60000));
    r = ask(second(), "since when?", conv, 1);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "August 2021");
}

static void
test_handoff_without_it_the_follow_up_is_lost(void)
{
    const struct bot_reply *r;

    ask(fixture_core(), "who rules Afghanistan?", "t/handoff-none", 0);
    r = ask(second(), "since when?", "t/handoff-none", 1);
    ASSERT_NOT_CONTAINS(r->text, "August 2021");
}

static void
test_handoff_refuses_what_is_not_its_own(void)
{
    static const char conv[] = "t/handoff-refuse";
    unsigned char buf[BOT_HANDOFF_MAX];
    size_t n;

    ask(fixture_core(), "when is the hearing?", conv, 0);
    n = bot_handoff_save(fixture_core(), conv, buf, sizeof(buf));
    ASSERT(n > 0);
    /* another conversation's bytes, cut bytes, other knowledge */
    ASSERT_EQ(BOT_EINVAL,
              bot_handoff_load(second(), "t/elsewhere", buf, n, FIXTURE_T0));
    ASSERT_EQ(BOT_EINVAL,
              bot_handoff_load(second(), conv, buf, n - 1, FIXTURE_T0));
    buf[20] ^= 0xff; /* inside the knowledge's fingerprint */
    ASSERT_EQ(BOT_EINVAL, bot_handoff_load(second(), conv, buf, n, FIXTURE_T0));
    /* nothing to follow up on, or no room: nothing saved */
    ASSERT_EQ(
        0, (long)bot_handoff_save(fixture_core(), "t/never", buf, sizeof(buf)));
    ASSERT_EQ(0, (long)bot_handoff_save(fixture_core(), conv, buf, 8));
}

static void
test_handoff_fingerprint_follows_the_knowledge(void)
{
    struct bot_core dw2, other_article;

    ASSERT_EQ(0, bot_core_init(&dw2, "knowledge"));
    ASSERT_EQ(0, bot_core_init(&other_article,
                               "tests/data/articles/grenholt-factory-closure"));
    ASSERT(dw2.print == fixture_core()->print);
    ASSERT(other_article.print != dw2.print);
    bot_core_release(&dw2);
    bot_core_release(&other_article);
}

static const struct test_case cases[] = {
    {"handoff_follow_up_on_another_replica",
     test_handoff_follow_up_on_another_replica},
    {"handoff_without_it_the_follow_up_is_lost",
     test_handoff_without_it_the_follow_up_is_lost},
    {"handoff_refuses_what_is_not_its_own",
     test_handoff_refuses_what_is_not_its_own},
    {"handoff_fingerprint_follows_the_knowledge",
     test_handoff_fingerprint_follows_the_knowledge},
};

TEST_MAIN(cases)
