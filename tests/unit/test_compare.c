#include "bot/answer/compare.h"
#include "bot/knowledge/kbload.h"

#include <string.h>

#include "fixture.h"
#include "test.h"

/* Asks @text of the comparer; returns 1 if it answered into @r. */
static int
ask(const char *text, struct bot_reply *r)
{
    struct bot_query q;
    struct bot_date today;

    struct bot_kb *kb = fixture_kb();

    ASSERT_EQ(0, bot_date_ymd(&today, 2026, 11, 29));
    ASSERT_EQ(0, bot_query_read(kb, text, &today, &q));
    bot_reply_init(r, q.kind);
    return bot_compare_answer(kb, text, &q, &today, r);
}

static void
test_compare_years_between_two_events(void)
{
    struct bot_reply r;

    ASSERT_EQ(1, ask("How many years passed between Russia banning the "
                     "Taliban and Putin calling them an ally?",
                     &r));
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "21 years");
    ASSERT_EQ(2, r.nsources);
}

static void
test_compare_days_and_months(void)
{
    struct bot_reply r;

    ASSERT_EQ(1, ask("How many days between the news agencies' report and "
                     "the court hearing?",
                     &r));
    ASSERT_CONTAINS(r.text, "17 days");
    ASSERT_EQ(1, ask("How many months after Putin's ally remark is the "
                     "Supreme Court hearing?",
                     &r));
    ASSERT_CONTAINS(r.text, "9 months");
}

static void
test_compare_order_yes_and_no(void)
{
    struct bot_reply r;

    ASSERT_EQ(1, ask("Did the concert hall attack happen before Putin called "
                     "the Taliban an ally?",
                     &r));
    ASSERT(strncmp(r.text, "Yes", 3) == 0);
    ASSERT_EQ(1, ask("Did parliament pass the law after the prosecutor went "
                     "to the Supreme Court?",
                     &r));
    ASSERT(strncmp(r.text, "No", 2) == 0);
    ASSERT_CONTAINS(r.text, "December 2024");
}

static void
test_compare_which_came_first(void)
{
    struct bot_reply r;

    ASSERT_EQ(1, ask("What happened first: Kazakhstan delisting the Taliban "
                     "or Russia's new law?",
                     &r));
    ASSERT(strstr(r.text, "2023") < strstr(r.text, "December 2024"));
}

static void
test_compare_leaves_other_questions_alone(void)
{
    struct bot_reply r;

    ASSERT_EQ(0, ask("When is the Supreme Court hearing?", &r));
    ASSERT_EQ(0, ask("Did Taliban members visit Russia even before 2021?", &r));
    ASSERT_EQ(0, ask("What does the FSB do after the ruling?", &r));
}

/* Three or more events after a colon, told in date order; "A n B" is a
 * span as "A and B" is. */
static void
test_compare_list_in_order(void)
{
    struct bot_reply r;
    const char *invasion, *ban, *withdrawal;

    ASSERT_EQ(1, ask("what happened first: the soviet invasion, the US "
                     "withdrawal or russia banning the taliban",
                     &r));
    ASSERT(strncmp(r.text, "First", 5) == 0);
    invasion = strstr(r.text, "1980s");
    ban = strstr(r.text, "2003");
    withdrawal = strstr(r.text, "2021");
    ASSERT(invasion && ban && withdrawal);
    ASSERT(invasion < ban && ban < withdrawal);
    ASSERT_EQ(3, r.nsources);
    ASSERT_EQ(1, ask("how many months between the moscow concert attack n "
                     "putin calling the taliban an ally",
                     &r));
    ASSERT_CONTAINS(r.text, "4 months");
}

static const struct test_case cases[] = {
    {"compare_list_in_order", test_compare_list_in_order},
    {"compare_years_between_two_events", test_compare_years_between_two_events},
    {"compare_days_and_months", test_compare_days_and_months},
    {"compare_order_yes_and_no", test_compare_order_yes_and_no},
    {"compare_which_came_first", test_compare_which_came_first},
    {"compare_leaves_other_questions_alone",
     test_compare_leaves_other_questions_alone},
};
TEST_MAIN(cases)
