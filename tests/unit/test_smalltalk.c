/* Small talk (bot/answer/smalltalk.c) through bot_core_ask: short replies
 * that answer nothing, never repeat the last answer, and keep the
 * conversation going. */
#include "bot/answer/smalltalk.h"

#include <stdint.h>
#include <string.h>

#include "bot/answer/core.h"
#include "bot/answer/digest.h"
#include "bot/base/date.h"
#include "fixture.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

/* Small talk is a line or two, not an answer or a digest. */
#define SHORT_REPLY 400

/* Asks @text in @conv on the Thursday after the article, @minutes in. */
static const struct bot_reply *
ask_at(const char *text, const char *conv, int minutes)
{
    return fixture_ask(text, conv, minutes);
}

static const struct bot_reply *
ask(const char *text, const char *conv)
{
    return fixture_ask(text, conv, 0);
}

static void
expect_smalltalk(const struct bot_reply *r, const char *said)
{
    if (r->kind != BOT_KIND_SMALLTALK || r->answered != 0)
        TEST_FAIL("\"%s\": kind %d answered %d: %s", said, (int)r->kind,
                  r->answered, r->text);
    ASSERT_EQ(0, r->nsources);
    if (strlen(r->text) > SHORT_REPLY)
        TEST_FAIL("\"%s\": %zu bytes is not short", said, strlen(r->text));
}

static void
test_smalltalk_short_replies(void)
{
    static const char *const said[] = {
        "hi",     "hello!", "thanks",       "thank you",   "thx",
        "ok",     "okay",   "thanks bye",   "bye",         "thanks a lot guys",
        "cheers", "cool",   "who are you?", "Who are you",
    };
    size_t i;

    for (i = 0; i < NCASES(said); i++)
        expect_smalltalk(ask(said[i], NULL), said[i]);
}

static void
test_smalltalk_reply_fits_what_was_said(void)
{
    const struct bot_reply *r;

    r = ask("thanks", NULL);
    ASSERT_CONTAINS(r->text, "welcome");
    r = ask("thank you", NULL);
    ASSERT_CONTAINS(r->text, "welcome");
    r = ask("thanks bye", NULL);
    ASSERT_CONTAINS(r->text, "welcome");
    ASSERT_CONTAINS(r->text, "Bye");
    r = ask("ok", NULL);
    ASSERT_NOT_CONTAINS(r->text, "welcome");
    ASSERT_CONTAINS(r->text, "article");
    r = ask("who are you?", NULL);
    ASSERT_CONTAINS(r->text, "newsbot");
    ASSERT_CONTAINS(r->text, fixture_kb()->title);
}

/* After an answer, small talk in the same conversation must not say the
 * answer again. */
static void
test_smalltalk_never_repeats_last_answer(void)
{
    static const char *const said[] = {"thanks",     "thank you",    "ok",
                                       "thanks bye", "who are you?", "hi"};
    static const char conv[] = "t/smalltalk-repeat";
    const struct bot_reply *r;
    size_t i;

    for (i = 0; i < NCASES(said); i++) {
        r = ask_at("When is the Supreme Court hearing?", conv, (int)i);
        ASSERT_EQ(1, r->answered);
        ASSERT_CONTAINS(r->text, "17 April 2025");
        r = ask_at(said[i], conv, (int)i);
        expect_smalltalk(r, said[i]);
        ASSERT_NOT_CONTAINS(r->text, "17 April");
        ASSERT_NOT_CONTAINS(r->text, "behind closed doors");
    }
    /* the same after a who-answer */
    r = ask_at("Who asked the Supreme Court to suspend the ban?", conv, 8);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Prosecutor General");
    r = ask_at("thanks", conv, 8);
    expect_smalltalk(r, "thanks");
    ASSERT_NOT_CONTAINS(r->text, "Prosecutor");
}

/* Small talk keeps the conversation: a follow-up after "thanks" still
 * refers to the answer before it. */
static void
test_smalltalk_keeps_conversation(void)
{
    static const char conv[] = "t/smalltalk-keep";
    const struct bot_reply *r;

    r = ask_at("Tell me about the concert hall attack", conv, 0);
    ASSERT_EQ(1, r->answered);
    r = ask_at("thanks", conv, 1);
    expect_smalltalk(r, "thanks");
    r = ask_at("When was that?", conv, 2);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "March 2024");
}

static void
test_smalltalk_question_inside_is_answered(void)
{
    const struct bot_reply *r;

    r = ask("thanks, and when is the hearing?", NULL);
    ASSERT(r->kind != BOT_KIND_SMALLTALK);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "17 April 2025");
}

static void
test_smalltalk_what_can_you_do_gives_help(void)
{
    const struct bot_reply *r = ask("what can you do?", NULL);

    ASSERT_EQ(BOT_KIND_HELP, r->kind);
    ASSERT_CONTAINS(r->text, "summary");
    ASSERT_CONTAINS(r->text, "timeline");
    ASSERT_CONTAINS(r->text, "who, what, when");
    ASSERT_CONTAINS(r->text, fixture_kb()->title);
}

/* "hi" in a fresh conversation names the article and offers an example
 * question made from the knowledge: the next scheduled event. */
static void
test_smalltalk_hi_offers_example(void)
{
    char example[160];
    const struct bot_reply *r;

    bot_digest_example(fixture_kb(), example, sizeof(example));
    ASSERT_CONTAINS(example, "hearing");
    r = ask("hi", "t/smalltalk-hi");
    expect_smalltalk(r, "hi");
    ASSERT_CONTAINS(r->text, example);
    ASSERT_CONTAINS(r->text, "Supreme Court hearing");
    ASSERT_CONTAINS(r->text, fixture_kb()->title);
    ASSERT_CONTAINS(r->text, "DW News");
    ASSERT_CONTAINS(r->text, "31 March 2025");
}

static const struct test_case cases[] = {
    {"smalltalk_short_replies", test_smalltalk_short_replies},
    {"smalltalk_reply_fits_what_was_said",
     test_smalltalk_reply_fits_what_was_said},
    {"smalltalk_never_repeats_last_answer",
     test_smalltalk_never_repeats_last_answer},
    {"smalltalk_keeps_conversation", test_smalltalk_keeps_conversation},
    {"smalltalk_question_inside_is_answered",
     test_smalltalk_question_inside_is_answered},
    {"smalltalk_what_can_you_do_gives_help",
     test_smalltalk_what_can_you_do_gives_help},
    {"smalltalk_hi_offers_example", test_smalltalk_hi_offers_example},
};
TEST_MAIN(cases)
