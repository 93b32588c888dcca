/* Answers checked against the type of thing asked for (bot/answer/answer.c)
 * through bot_core_ask: "which judge?" is not answered with a court, "who"
 * with an organisation, "how many" with a count, and "No" only where the
 * article says otherwise. */
#include "bot/answer/answer.h"

#include <stdint.h>
#include <string.h>

#include "bot/answer/core.h"
#include "bot/base/date.h"
#include "fixture.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

/* "which judge?": the article names the court, not a judge. The bot says
 * so, and what it does say nearby, without claiming an answer. */
static const struct bot_reply *
ask(const char *text)
{
    return fixture_ask(text, NULL, 0);
}

static void
test_answer_types_unnamed_judge(void)
{
    const struct bot_reply *r = ask("which judge will hear the case?");

    ASSERT_EQ(0, r->answered);
    ASSERT_CONTAINS(r->text, "doesn't name");
    ASSERT_CONTAINS(r->text, "judge");
    ASSERT_CONTAINS(r->text, "Supreme Court"); /* the nearby fact */
    ASSERT(fixture_has_source(r, 4));
}

static void
test_answer_types_unnamed_prisoners(void)
{
    const struct bot_reply *r = ask("which prisoners were exchanged?");

    ASSERT_EQ(0, r->answered);
    ASSERT_CONTAINS(r->text, "doesn't name");
    ASSERT_CONTAINS(r->text, "prisoners");
    ASSERT_CONTAINS(r->text, "prisoner exchanges");
    ASSERT(fixture_has_source(r, 25));
}

/* The court has a name, so "which court?" is answered. */
static void
test_answer_types_named_court(void)
{
    const struct bot_reply *r = ask("Which court will hear the case?");

    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Supreme Court");
    ASSERT_NOT_CONTAINS(r->text, "doesn't name");
}

static void
test_answer_types_who_is_an_organisation(void)
{
    const struct bot_kb *kb = fixture_kb();
    const struct bot_reply *r = ask("who asked the court?");

    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_WHO, r->kind);
    ASSERT_CONTAINS(r->text, "Prosecutor General's Office");
    ASSERT(fixture_has_source(r, 3));
    ASSERT(r->entity >= 0 && (size_t)r->entity < kb->nentities);
    ASSERT_STR_EQ("prosecutor", kb->entities[r->entity].id);
    ASSERT(strcmp(kb->entities[r->entity].type, "person") != 0);
}

static void
test_answer_types_how_many(void)
{
    const struct bot_reply *r;

    r = ask("how many people died in the concert hall attack?");
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_HOWMANY, r->kind);
    ASSERT_CONTAINS(r->text, "140");
    ASSERT(fixture_has_source(r, 8));
    r = ask("how many years did the war in Afghanistan last?");
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_HOWMANY, r->kind);
    ASSERT_CONTAINS(r->text, "20 years");
    ASSERT(fixture_has_source(r, 19));
    /* none is a count too */
    r = ask("how many countries recognize the Taliban?");
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_HOWMANY, r->kind);
    ASSERT_CONTAINS(r->text, "No country");
    ASSERT(fixture_has_source(r, 19));
    /* a fact that names the countries instead of counting them */
    r = ask("how many Central Asian countries removed the Taliban from a "
            "terror list?");
    ASSERT_EQ(1, r->answered);
    ASSERT(fixture_starts_with(r->text, "One: Kazakhstan"));
    ASSERT(fixture_has_source(r, 24));
    /* a count asked for with a noun: none in the fact, so no answer */
    r = ask("What was the vote tally when the Russian parliament passed the "
            "December law?");
    ASSERT_EQ(0, r->answered);
}

/* A bound ("more than 140") settles claims far from it and not those near
 * it; a claim about what someone is gets no "No" about who did what. */
static void
test_answer_types_bounds_and_claims(void)
{
    const struct bot_reply *r;

    r = ask("Did more than 200 people die in the concert hall attack?");
    ASSERT(fixture_starts_with(r->text, "No, more than 140"));
    r = ask("Did 150 people die in the concert hall attack?");
    ASSERT_EQ(0, r->answered);
    ASSERT_CONTAINS(r->text, "doesn't say exactly");
    ASSERT_CONTAINS(r->text, "more than 140");
    r = ask("Did more than 100 people die in the concert hall attack?");
    ASSERT(fixture_starts_with(r->text, "Yes"));
    /* a claim in the negative, confirmed or corrected */
    r = ask("the hearing isnt public right?");
    ASSERT(fixture_starts_with(r->text, "Yes"));
    r = ask("Wasnt the taliban blacklisted by russia back in 2010?");
    ASSERT(fixture_starts_with(r->text, "No"));
    ASSERT_CONTAINS(r->text, "2003");
    /* a state that began long ago and holds as the article is written */
    r = ask("Is the Taliban still on Russia's list of terrorist organisations "
            "at the moment?");
    ASSERT(fixture_starts_with(r->text, "Yes"));
    r = ask("Is the Prosecutor General a woman?");
    ASSERT(!fixture_starts_with(r->text, "No"));
    r = ask("Was it the FSB that asked the court?");
    ASSERT(fixture_starts_with(r->text, "No"));
    ASSERT_CONTAINS(r->text, "Prosecutor General");
}

/* "the name of X" and a closing "which X" say what must be named. */
static void
test_answer_types_named_by_noun(void)
{
    const struct bot_reply *r;

    r = ask("What is name of Taliban ambassador in Moscow?");
    ASSERT_EQ(0, r->answered);
    r = ask("Who is deciding about remove the ban, which court?");
    ASSERT_EQ(1, r->answered);
    ASSERT(fixture_starts_with(r->text, "Russia's Supreme Court"));
}

/* A premise the article contradicts gets "No" and the correction. */
static void
test_answer_types_false_premise_corrected(void)
{
    static const struct {
        const char *q, *fix;
        int sentence;
    } qs[] = {
        {"Was the law passed in 2019?", "December 2024", 12},
        {"Did Russia ban the Taliban in 2010?", "2003", 5},
        {"Is the hearing public?", "behind closed doors", 4},
        {"Is the hearing on April 18?", "17 April 2025", 4},
        {"Did Putin call the Taliban an enemy?", "ally", 6},
    };
    const struct bot_reply *r;
    size_t i;

    for (i = 0; i < NCASES(qs); i++) {
        r = ask(qs[i].q);
        if (r->answered != 1 || !fixture_starts_with(r->text, "No"))
            TEST_FAIL("\"%s\": want No, got answered %d: %s", qs[i].q,
                      r->answered, r->text);
        ASSERT_EQ(BOT_KIND_YESNO, r->kind);
        ASSERT_CONTAINS(r->text, qs[i].fix);
        ASSERT(fixture_has_source(r, qs[i].sentence));
    }
}

/* A true premise is not contradicted. */
static void
test_answer_types_true_premise_confirmed(void)
{
    const struct bot_reply *r;

    r = ask("Did Russia ban the Taliban in 2003?");
    ASSERT_EQ(1, r->answered);
    ASSERT(fixture_starts_with(r->text, "Yes"));
    r = ask("Did the Taliban take power in 2021?");
    ASSERT_EQ(1, r->answered);
    ASSERT(fixture_starts_with(r->text, "Yes"));
    ASSERT_CONTAINS(r->text, "August 2021");
}

/* What the article does not say is never answered "No". */
static void
test_answer_types_unsaid_never_no(void)
{
    static const char *const qs[] = {
        "Did the Taliban send a delegation to the hearing?",
        "Will the hearing be held in Moscow?",
        "Did Kazakhstan close its embassy in Kabul?",
        "Did Putin meet the Taliban leader?",
        "Will the hearing be broadcast online?",
        "Did the FSB object to the request?",
        "Did the Taliban apologize for the concert hall attack?",
        "Was the vote in parliament unanimous?",
    };
    const struct bot_reply *r;
    size_t i;

    for (i = 0; i < NCASES(qs); i++) {
        r = ask(qs[i]);
        if (r->answered || fixture_starts_with(r->text, "No") ||
            fixture_starts_with(r->text, "Yes"))
            TEST_FAIL("\"%s\": the article does not say, got: %s", qs[i],
                      r->text);
        ASSERT_CONTAINS(r->text, "doesn't say");
    }
}

static const struct test_case cases[] = {
    {"answer_types_unnamed_judge", test_answer_types_unnamed_judge},
    {"answer_types_unnamed_prisoners", test_answer_types_unnamed_prisoners},
    {"answer_types_named_court", test_answer_types_named_court},
    {"answer_types_who_is_an_organisation",
     test_answer_types_who_is_an_organisation},
    {"answer_types_how_many", test_answer_types_how_many},
    {"answer_types_named_by_noun", test_answer_types_named_by_noun},
    {"answer_types_bounds_and_claims", test_answer_types_bounds_and_claims},
    {"answer_types_false_premise_corrected",
     test_answer_types_false_premise_corrected},
    {"answer_types_true_premise_confirmed",
     test_answer_types_true_premise_confirmed},
    {"answer_types_unsaid_never_no", test_answer_types_unsaid_never_no},
};
TEST_MAIN(cases)
