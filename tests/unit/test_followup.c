/* Follow-ups within one conversation, through bot_core_ask: "is that
 * tomorrow?", "since when?", "and then?", "why?", "explain", "more", and
 * conversations that do not share what was said. */
#include "bot/answer/core.h"

#include <stdint.h>
#include <string.h>

#include "bot/base/date.h"
#include "fixture.h"
#include "test.h"

/* Asks @text in @conv on the Thursday after the article, @minutes in. */
static const struct bot_reply *
ask_at(const char *text, const char *conv, int minutes)
{
    return fixture_ask(text, conv, minutes);
}

static void
test_followup_is_that_tomorrow(void)
{
    static const char conv[] = "t/follow-tomorrow";
    const struct bot_reply *r;

    r = ask_at("when is the hearing?", conv, 0);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "17 April 2025");
    r = ask_at("is that tomorrow?", conv, 1);
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_YESNO, r->kind);
    ASSERT(strncmp(r->text, "No", 2) == 0);
    ASSERT_CONTAINS(r->text, "17 April 2025");
    ASSERT(fixture_has_source(r, 4));
}

static void
test_followup_since_when(void)
{
    static const char conv[] = "t/follow-since";
    const struct bot_reply *r;

    r = ask_at("who rules Afghanistan?", conv, 0);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Taliban");
    r = ask_at("since when?", conv, 1);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "August 2021");
    ASSERT(fixture_has_source(r, 19));
}

static void
test_followup_and_then_walks_the_timeline(void)
{
    static const char conv[] = "t/follow-then";
    const struct bot_reply *r;

    r = ask_at("When did Kazakhstan remove the Taliban from its list?", conv,
               0);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "2023");
    r = ask_at("and then?", conv, 1);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "March 2024"); /* the next dated event */
    ASSERT(fixture_has_source(r, 8));
    ASSERT_NOT_CONTAINS(r->text, "Kazakhstan");
}

/* After the last event of the timeline there is nothing next: the bot
 * says so instead of saying the last answer again. */
static void
test_followup_and_then_after_last_event(void)
{
    static const char conv[] = "t/follow-last";
    const struct bot_reply *r;

    r = ask_at("when is the hearing?", conv, 0);
    ASSERT_EQ(1, r->answered);
    r = ask_at("and then?", conv, 1);
    ASSERT_EQ(0, r->answered);
    ASSERT_CONTAINS(r->text, "doesn't say");
    ASSERT_NOT_CONTAINS(r->text, "17 April");
    ASSERT_NOT_CONTAINS(r->text, "behind closed doors");
    ASSERT_EQ(0, r->nsources);
}

/* "why?" asks for the reason the article gives, or says there is none;
 * it never shows how the question was read. */
static void
test_followup_why(void)
{
    const struct bot_reply *r;

    r = ask_at("Who asked the Supreme Court to suspend the ban?", "t/why-a", 0);
    ASSERT_EQ(1, r->answered);
    r = ask_at("why?", "t/why-a", 1);
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_WHY, r->kind);
    ASSERT_CONTAINS(r->text, "Because");
    ASSERT_CONTAINS(r->text, "law");
    ASSERT_NOT_CONTAINS(r->text, "Read as");

    r = ask_at("When did Russia ban the Taliban?", "t/why-b", 0);
    ASSERT_EQ(1, r->answered);
    r = ask_at("why?", "t/why-b", 1);
    ASSERT_EQ(0, r->answered);
    ASSERT_CONTAINS(r->text, "doesn't say why");
    ASSERT_NOT_CONTAINS(r->text, "Read as");
    ASSERT_NOT_CONTAINS(r->text, "score");
}

static void
test_followup_explain_shows_reading(void)
{
    static const char conv[] = "t/follow-explain";
    const struct bot_reply *r;

    r = ask_at("Who asked the Supreme Court to suspend the ban?", conv, 0);
    ASSERT_EQ(1, r->answered);
    r = ask_at("explain", conv, 1);
    ASSERT_CONTAINS(r->text, "Read as");
    ASSERT_CONTAINS(r->text, "who");
    ASSERT_CONTAINS(r->text, "sentence 3");
}

/* "more" after a summary continues it with sentences not shown yet. The
 * conversation starts with a question: the summary is asked mid-talk. */
static void
test_followup_more_after_summary(void)
{
    static const char conv[] = "t/follow-more";
    const struct bot_reply *r;
    int first[BOT_SOURCES_MAX], nfirst, i;

    r = ask_at("When was the law passed?", conv, 0);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "December 2024");
    r = ask_at("summary", conv, 0);
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
    ASSERT(r->nsources > 0);
    nfirst = r->nsources;
    memcpy(first, r->sources, sizeof(first));
    r = ask_at("more", conv, 1);
    if (r->kind != BOT_KIND_SUMMARY || r->answered != 1)
        TEST_FAIL("\"more\" after a summary: %s", r->text);
    ASSERT(r->nsources > 0);
    for (i = 0; i < nfirst; i++)
        ASSERT(!fixture_has_source(r, first[i]));
    /* and again: nothing shown before comes back */
    for (i = 0; i < r->nsources && nfirst < BOT_SOURCES_MAX; i++)
        first[nfirst++] = r->sources[i];
    r = ask_at("more", conv, 2);
    ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
    ASSERT(r->nsources > 0);
    for (i = 0; i < nfirst; i++)
        ASSERT(!fixture_has_source(r, first[i]));
}

static void
test_followup_conversations_apart(void)
{
    const struct bot_reply *r;

    r = ask_at("when is the hearing?", "t/apart-one", 0);
    ASSERT_EQ(1, r->answered);
    r = ask_at("is that tomorrow?", "t/apart-two", 1);
    ASSERT_NOT_CONTAINS(r->text, "17 April");
    r = ask_at("who rules Afghanistan?", "t/apart-three", 2);
    ASSERT_EQ(1, r->answered);
    r = ask_at("since when?", "t/apart-four", 3);
    ASSERT_EQ(0, r->answered);
    ASSERT_NOT_CONTAINS(r->text, "August 2021");
    /* and the first conversation still has its own context */
    r = ask_at("is that tomorrow?", "t/apart-one", 4);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "17 April 2025");
}

/* In a fresh conversation too: "more" right after a summary or a
 * timeline continues it, and "and then?" after a timeline says the
 * article ends there. */
static void
test_followup_more_in_a_fresh_conversation(void)
{
    const struct bot_reply *r;

    r = ask_at("summary", "t/fresh-summary", 0);
    ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
    r = ask_at("more", "t/fresh-summary", 1);
    ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
    ASSERT_EQ(1, r->answered);
    r = ask_at("timeline", "t/fresh-timeline", 0);
    ASSERT_EQ(BOT_KIND_TIMELINE, r->kind);
    r = ask_at("and then?", "t/fresh-timeline", 1);
    ASSERT_EQ(0, r->answered);
    ASSERT_CONTAINS(r->text, "doesn't say what happened after");
}

/* "tell me more", then "more" again and again: each time a fact not told
 * yet in the conversation, never the first answer again. */
static void
test_followup_more_never_goes_back(void)
{
    static const char conv[] = "t/more-chain";
    const struct bot_reply *r;
    int seen[8], n = 0, i, k;

    r = ask_at("Who asked the Supreme Court to suspend the ban?", conv, 0);
    ASSERT_EQ(1, r->answered);
    seen[n++] = r->sources[0];
    for (k = 0; k < 3; k++) {
        r = ask_at(k ? "more" : "tell me more", conv, k + 1);
        if (!r->answered)
            break;
        ASSERT(r->nsources > 0);
        for (i = 0; i < n; i++) {
            if (r->sources[0] == seen[i])
                TEST_FAIL("\"more\" told sentence %d again: %s", seen[i],
                          r->text);
        }
        seen[n++] = r->sources[0];
    }
    ASSERT(n >= 3);
}

/* "Public?" right after the hearing's date: a claim about the hearing. */
static void
test_followup_bare_word_is_a_claim(void)
{
    static const char conv[] = "t/bare";
    const struct bot_reply *r;

    r = ask_at("when is the hearing?", conv, 0);
    ASSERT_EQ(1, r->answered);
    r = ask_at("Public?", conv, 1);
    ASSERT_EQ(BOT_KIND_YESNO, r->kind);
    ASSERT(strncmp(r->text, "No", 2) == 0);
    ASSERT_CONTAINS(r->text, "closed doors");
    /* a word with no opposite asks what about it */
    r = ask_at("law?", conv, 2);
    ASSERT(r->kind != BOT_KIND_YESNO);
}

/* "why is X important?" is answered by what X leads to, which the
 * article says; a why asking for a cause it does not give is declined. */
static void
test_followup_why_it_matters(void)
{
    const struct bot_reply *r;

    r = ask_at("Why was the December law significant for Russia's Taliban "
               "policy?",
               NULL, 0);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "normalize relations");
    r = ask_at("Why is IS-K such a concern for Moscow?", NULL, 0);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "140");
    r = ask_at("why is the hearing behind closed doors?", NULL, 0);
    ASSERT_EQ(0, r->answered);
}

static const struct test_case cases[] = {
    {"followup_why_it_matters", test_followup_why_it_matters},
    {"followup_bare_word_is_a_claim", test_followup_bare_word_is_a_claim},
    {"followup_is_that_tomorrow", test_followup_is_that_tomorrow},
    {"followup_since_when", test_followup_since_when},
    {"followup_and_then_walks_the_timeline",
     test_followup_and_then_walks_the_timeline},
    {"followup_and_then_after_last_event",
     test_followup_and_then_after_last_event},
    {"followup_why", test_followup_why},
    {"followup_explain_shows_reading", test_followup_explain_shows_reading},
    {"followup_more_after_summary", test_followup_more_after_summary},
    {"followup_more_in_a_fresh_conversation",
     test_followup_more_in_a_fresh_conversation},
    {"followup_more_never_goes_back", test_followup_more_never_goes_back},
    {"followup_conversations_apart", test_followup_conversations_apart},
};
TEST_MAIN(cases)
