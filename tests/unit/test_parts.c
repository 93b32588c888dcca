/* Messages read as the questions they ask (bot/answer/parts.c): several
 * questions in one message, a claim wrapped in "I read that ... - is that
 * correct?", summaries of a topic, and "tl;dr". */
#include "bot/answer/parts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/core.h"
#include "bot/base/date.h"
#include "fixture.h"
#include "test.h"

/* The last occurrence of @needle in @s, or NULL. */
static const struct bot_reply *
ask(const char *text)
{
    return fixture_ask(text, NULL, 0);
}

static const char *
strrstr_last(const char *s, const char *needle)
{
    const char *last = NULL, *p = s;

    while ((p = strstr(p, needle)) != NULL)
        last = p++;
    return last;
}

static void
test_parts_split(void)
{
    static const char two[] = "Who asked the court, and when will it decide?";
    static const char claim[] = "Someone told me the hearing is public. True?";
    struct bot_part parts[BOT_PARTS_MAX];
    int n;

    n = bot_parts_split(two, parts, BOT_PARTS_MAX);
    ASSERT_EQ(2, n);
    ASSERT(strncmp(two + parts[0].start, "Who asked the court", 19) == 0);
    ASSERT(strncmp(two + parts[1].start, "when will it decide", 19) == 0);
    /* a lone tag stays with its claim */
    ASSERT_EQ(1, bot_parts_split(claim, parts, BOT_PARTS_MAX));
    ASSERT_EQ(1, bot_parts_split("When is the hearing?", parts, BOT_PARTS_MAX));
}

/* The ways people join two questions in chat, and what does not split. */
static void
test_parts_split_chat_joins(void)
{
    static const struct {
        const char *text;
        int n;
        const char *second; /* how the second part starts */
    } cases[] = {
        {"who asked AND when did russia ban them", 2, "when did"},
        {"who's fighting IS-K + how many died", 2, "how many"},
        {"wat did putin say n when was that", 2, "when was"},
        {"Two things: when is the hearing, and will it be public?", 2,
         "will it"},
        {"how many countries removed it, and which?", 1, NULL},
        {"Russia and the Taliban: when did they meet?", 1, NULL},
        {"the ban and when it started", 1, NULL},
        /* a list that asks nothing elaborates the question before it */
        {"the events in order?? like the ban, the attack, the law", 1, NULL},
        {"When is the hearing? Public?", 2, "Public"},
    };
    struct bot_part parts[BOT_PARTS_MAX];
    size_t i;
    int n;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        n = bot_parts_split(cases[i].text, parts, BOT_PARTS_MAX);
        if (n != cases[i].n)
            TEST_FAIL("\"%s\": %d parts, want %d", cases[i].text, n,
                      cases[i].n);
        if (cases[i].second &&
            strncmp(cases[i].text + parts[1].start, cases[i].second,
                    strlen(cases[i].second)) != 0)
            TEST_FAIL("\"%s\": second part \"%.*s\"", cases[i].text,
                      (int)parts[1].len, cases[i].text + parts[1].start);
    }
    /* the lead-in is not a question of its own */
    n = bot_parts_split(cases[3].text, parts, BOT_PARTS_MAX);
    ASSERT(strncmp(cases[3].text + parts[0].start, "when is", 7) == 0);
}

/* A part that asks about the same fact adds its own lead only, and a
 * pronoun in the second part is the first part's subject. */
static void
test_parts_same_fact_and_pronoun(void)
{
    const struct bot_reply *r =
        ask("Two things: when is the hearing, and will it be public?");

    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "17 April 2025");
    ASSERT_CONTAINS(r->text, "No.");
    ASSERT(strstr(r->text, "closed doors") ==
           strrstr_last(r->text, "closed doors"));
    r = ask("who asked to lift the ban AND when did russia even ban them in "
            "the first place lol");
    ASSERT_CONTAINS(r->text, "Prosecutor General");
    ASSERT_CONTAINS(r->text, "2003");
}

static void
test_parts_claim_unwrapped(void)
{
    char *c;

    c = bot_parts_claim(
        "I read that the law was passed in 2019 - is that correct?");
    ASSERT(c != NULL);
    ASSERT_CONTAINS(c, "the law was passed in 2019");
    ASSERT_NOT_CONTAINS(c, "I read");
    ASSERT_NOT_CONTAINS(c, "correct");
    free(c);
    ASSERT(bot_parts_claim("When is the hearing?") == NULL);
}

static void
test_parts_two_questions_both_answered(void)
{
    const struct bot_reply *r =
        ask("Who asked the court, and when will it decide?");

    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Prosecutor General");
    ASSERT_CONTAINS(r->text, "17 April 2025");
    ASSERT(fixture_has_source(r, 3));
    ASSERT(fixture_has_source(r, 4));
    /* the who-part comes first, as it was asked */
    ASSERT(strstr(r->text, "Prosecutor General") <
           strstr(r->text, "17 April 2025"));
}

static void
test_parts_claim_checked(void)
{
    const struct bot_reply *r;

    r = ask("I read that the law was passed in 2019 - is that correct?");
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_YESNO, r->kind);
    ASSERT(strncmp(r->text, "No", 2) == 0);
    ASSERT_CONTAINS(r->text, "December 2024");
    ASSERT(fixture_has_source(r, 12));
    r = ask("Someone told me the hearing is public. True?");
    ASSERT_EQ(1, r->answered);
    ASSERT(strncmp(r->text, "No", 2) == 0);
    ASSERT_CONTAINS(r->text, "closed doors");
    r = ask("I heard that Putin called the Taliban an ally - is that right?");
    ASSERT_EQ(1, r->answered);
    ASSERT(strncmp(r->text, "Yes", 3) == 0);
}

/* A summary of a topic leads with the facts about it, not with the
 * article's opening. */
static void
test_parts_summary_of_topic(void)
{
    const struct bot_reply *r;
    int general_first;

    r = ask("summary");
    ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
    ASSERT(r->nsources > 0);
    general_first = r->sources[0];
    r = ask("summary of the legal process");
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
    ASSERT(r->nsources > 0);
    ASSERT(r->sources[0] != general_first);
    /* the hearing and what the law lets a court do, not Islamic law */
    ASSERT(fixture_has_source(r, 4));
    ASSERT(fixture_has_source(r, 14));
    ASSERT(!fixture_has_source(r, 21));
    ASSERT_CONTAINS(r->text, "court");
}

/* "what's going on with X?" is the story of X in brief. */
static void
test_parts_whats_going_on_with(void)
{
    const struct bot_reply *r =
        ask("what's going on with russia and the taliban ban?");

    ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
    ASSERT_CONTAINS(r->text, "suspend");
    ASSERT(strlen(r->text) < 450);
}

/* "tl;dr" is one sentence, and it carries the next date. */
static void
test_parts_tldr_one_sentence(void)
{
    static const char *const asks[] = {"tl;dr", "tldr"};
    const struct bot_reply *r;
    const char *end;
    size_t i;

    for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
        r = ask(asks[i]);
        ASSERT_EQ(1, r->answered);
        ASSERT_EQ(BOT_KIND_SUMMARY, r->kind);
        ASSERT_CONTAINS(r->text, "17 April 2025");
        ASSERT_CONTAINS(r->text, "Taliban");
        /* one full stop, at the end */
        end = strchr(r->text, '.');
        ASSERT(end != NULL);
        if (end[1] != '\0')
            TEST_FAIL("\"%s\" is more than one sentence: %s", asks[i], r->text);
    }
}

static const struct test_case cases[] = {
    {"parts_split", test_parts_split},
    {"parts_whats_going_on_with", test_parts_whats_going_on_with},
    {"parts_split_chat_joins", test_parts_split_chat_joins},
    {"parts_same_fact_and_pronoun", test_parts_same_fact_and_pronoun},
    {"parts_claim_unwrapped", test_parts_claim_unwrapped},
    {"parts_two_questions_both_answered",
     test_parts_two_questions_both_answered},
    {"parts_claim_checked", test_parts_claim_checked},
    {"parts_summary_of_topic", test_parts_summary_of_topic},
    {"parts_tldr_one_sentence", test_parts_tldr_one_sentence},
};
TEST_MAIN(cases)
