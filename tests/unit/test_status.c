/* unit.status: "status", "version", "uptime" and their reply. */
#include "bot/answer/status.h"

#include <string.h>

#include "bot/answer/core.h"
#include "fixture.h"
#include "test.h"

static int
asked(const char *s)
{
    return bot_status_asked(s, strlen(s));
}

static void
test_status_asked_in_plain_words(void)
{
    ASSERT(asked("status"));
    ASSERT(asked("Status?"));
    ASSERT(asked("version"));
    ASSERT(asked("uptime!"));
    ASSERT(asked("What version are you running?"));
    ASSERT(asked("what's your status"));
    ASSERT(asked("please status"));
}

static void
test_status_not_asked_about_the_article(void)
{
    ASSERT(!asked("What is the status of the ban?"));
    ASSERT(!asked("which version of the law passed"));
    ASSERT(!asked("status of the hearing"));
    ASSERT(!asked(""));
}

static void
test_status_reply_has_version_uptime_articles_reminders(void)
{
    struct bot_core *core = fixture_core();
    const struct bot_kb *kbs[1] = {&core->kb};
    struct bot_status_info st = {3 * 3600 + 5 * 60 + 9,
                                 BOT_STATUS_REMINDERS_HERE};
    struct bot_reply r;

    bot_status_answer(kbs, 1, 0, &st, &r);
    ASSERT_EQ(BOT_KIND_STATUS, r.kind);
    ASSERT(r.answered);
    ASSERT(fixture_starts_with(r.text, "newsbot "));
    ASSERT_CONTAINS(r.text, "up 3 hours 5 minutes");
    ASSERT_CONTAINS(r.text, "Taliban");
    ASSERT_CONTAINS(r.text, "Reminders: on in this channel");
    st.uptime_s = 1;
    st.reminders = BOT_STATUS_REMINDERS_OFF;
    bot_status_answer(kbs, 1, 0, &st, &r);
    ASSERT_CONTAINS(r.text, "up 1 second.");
    ASSERT_CONTAINS(r.text, "Reminders: off");
    st.uptime_s = 2 * 86400 + 3600;
    st.reminders = BOT_STATUS_REMINDERS_READY;
    bot_status_answer(kbs, 1, 0, &st, &r);
    ASSERT_CONTAINS(r.text, "up 2 days 1 hour.");
    ASSERT_CONTAINS(r.text, "\"remind us\"");
}

/* Through the one entry point: the front end's state comes with the ask;
 * without it the reply still names the version and the article. */
static void
test_status_through_core(void)
{
    struct bot_status_info st = {42, BOT_STATUS_REMINDERS_READY};
    struct bot_ask a;
    struct bot_reply r;

    memset(&a, 0, sizeof(a));
    a.text = "status";
    a.len = 6;
    a.conversation = "test/status";
    a.now_ms = FIXTURE_T0;
    a.status = &st;
    ASSERT_EQ(0, bot_core_ask(fixture_core(), &a, &r));
    ASSERT_EQ(BOT_KIND_STATUS, r.kind);
    ASSERT_CONTAINS(r.text, "up 42 seconds");
    a.status = NULL;
    ASSERT_EQ(0, bot_core_ask(fixture_core(), &a, &r));
    ASSERT_NOT_CONTAINS(r.text, " up ");
    ASSERT_CONTAINS(r.text, "Taliban");
    ASSERT_CONTAINS(r.text, "chat channels only");
}

static const struct test_case cases[] = {
    {"status_asked_in_plain_words", test_status_asked_in_plain_words},
    {"status_not_asked_about_the_article",
     test_status_not_asked_about_the_article},
    {"status_reply_has_version_uptime_articles_reminders",
     test_status_reply_has_version_uptime_articles_reminders},
    {"status_through_core", test_status_through_core},
};
TEST_MAIN(cases)
