#include "bot/answer/query.h"

#include <stdlib.h>
#include <string.h>

#include "bot/base/date.h"
#include "bot/base/err.h"
#include "bot/knowledge/kb.h"
#include "bot/knowledge/kbload.h"
#include "fixture.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static struct bot_query query;

static struct bot_date
today(void)
{
    struct bot_date d;

    ASSERT_EQ(0, bot_date_ymd(&d, 2026, 11, 29));
    return d;
}

/* Reads @text on 2026-11-29; the question must be readable. */
static const struct bot_query *
read_q(const char *text)
{
    struct bot_date now = today();
    int rc = bot_query_read(fixture_kb(), text, &now, &query);

    if (rc != 0)
        TEST_FAIL("\"%s\": bot_query_read returned %d (%s)", text, rc,
                  bot_strerror(rc));
    return &query;
}

static int
names_entity(const struct bot_query *q, int entity)
{
    int i;

    for (i = 0; i < q->nentities; i++) {
        if (q->entities[i] == entity)
            return 1;
    }
    return 0;
}

struct kind_case {
    const char *text;
    enum bot_kind kind;
};

static void
check_kinds(const struct kind_case *c, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const struct bot_query *q = read_q(c[i].text);
        if (q->kind != c[i].kind)
            TEST_FAIL("\"%s\": want kind %s (%d), got %s (%d)", c[i].text,
                      bot_kind_name(c[i].kind), (int)c[i].kind,
                      bot_kind_name(q->kind), (int)q->kind);
    }
}

static void
test_query_question_kinds(void)
{
    static const struct kind_case c[] = {
        {"Who asked the Supreme Court to suspend the ban?", BOT_KIND_WHO},
        {"What did Putin say about the Taliban?", BOT_KIND_WHAT},
        {"When is the Supreme Court hearing?", BOT_KIND_WHEN},
        {"Where will the hearing take place?", BOT_KIND_WHERE},
        {"Why is Russia considering lifting the ban?", BOT_KIND_WHY},
        {"What caused the ban?", BOT_KIND_WHY},
        {"What led to the ban?", BOT_KIND_WHY},
        {"What led the court?", BOT_KIND_WHAT},
        {"How did the Taliban take power?", BOT_KIND_HOW},
        {"How many people died in the attack?", BOT_KIND_HOWMANY},
        {"How long has the Taliban fought IS-K?", BOT_KIND_HOWMANY},
        {"Is the hearing public?", BOT_KIND_YESNO},
        {"Did Russia ban the Taliban in 2003?", BOT_KIND_YESNO},
        {"The hearing is closed, right?", BOT_KIND_YESNO},
        {"Which country delisted the Taliban?", BOT_KIND_WHO},
        {"What year did Russia ban the Taliban?", BOT_KIND_WHEN},
        {"In what month did Putin call the Taliban an ally?", BOT_KIND_WHEN},
        {"Can you tell me when the hearing is?", BOT_KIND_WHEN},
        {"hearing date?", BOT_KIND_WHEN},
    };

    check_kinds(c, NCASES(c));
}

static void
test_query_how_long_is_a_duration(void)
{
    const struct bot_query *q;

    q = read_q("How long has the Taliban fought IS-K?");
    ASSERT_EQ(BOT_KIND_HOWMANY, q->kind);
    ASSERT_EQ(1, q->duration);
    q = read_q("How many people died in the attack?");
    ASSERT_EQ(BOT_KIND_HOWMANY, q->kind);
    ASSERT_EQ(0, q->duration);
    /* "how long is X?" asks a length */
    q = read_q("How long is the list?");
    ASSERT_EQ(BOT_KIND_HOWMANY, q->kind);
    ASSERT_EQ(0, q->duration);
}

static void
test_query_what_time_wants_time(void)
{
    const struct bot_query *q;

    q = read_q("What time is it in Moscow?");
    ASSERT_EQ(BOT_KIND_WHEN, q->kind);
    ASSERT_EQ(1, q->wants_time);
    q = read_q("When is the Supreme Court hearing?");
    ASSERT_EQ(BOT_KIND_WHEN, q->kind);
    ASSERT_EQ(0, q->wants_time);
}

static void
test_query_commands(void)
{
    static const struct kind_case c[] = {
        {"summary", BOT_KIND_SUMMARY},
        {"tl;dr", BOT_KIND_SUMMARY},
        {"Summarize the article in one sentence", BOT_KIND_SUMMARY},
        {"timeline", BOT_KIND_TIMELINE},
        {"what's upcoming?", BOT_KIND_UPCOMING},
        {"how many days until the hearing", BOT_KIND_COUNTDOWN},
        {"help", BOT_KIND_HELP},
        {"can you help me?", BOT_KIND_HELP},
        /* "help" inside a question about the article asks no help */
        {"why did the gang need inside help?", BOT_KIND_WHY},
        {"is the ministry doing anything to help them?", BOT_KIND_YESNO},
        {"why?", BOT_KIND_WHY},
        {"explain", BOT_KIND_EXPLAIN},
        {"how did you read that?", BOT_KIND_EXPLAIN},
        {"says who?", BOT_KIND_SOURCE},
    };

    check_kinds(c, NCASES(c));
    ASSERT(read_q("whats the development agency putting up to help")->kind !=
           BOT_KIND_HELP);
}

static void
test_query_summary_length(void)
{
    ASSERT_EQ(0, read_q("summary")->summary_len);
    ASSERT_EQ(1, read_q("tl;dr")->summary_len);
    ASSERT_EQ(1, read_q("Summarize the article in one sentence")->summary_len);
    /* an ordinary question asks for no summary */
    ASSERT_EQ(0, read_q("When is the Supreme Court hearing?")->summary_len);
}

static void
test_query_countdown_drops_entities(void)
{
    const struct bot_query *q = read_q("how many days until the hearing");

    ASSERT_EQ(BOT_KIND_COUNTDOWN, q->kind);
    ASSERT_EQ(0, q->nentities);
    ASSERT(q->terms.n > 0); /* "hearing" is still there to match */
}

static void
test_query_date_in_question(void)
{
    const struct bot_query *q;

    q = read_q("What happened in July 2024?");
    ASSERT_EQ(BOT_PREC_MONTH, q->date.prec);
    ASSERT_EQ(2024, q->date.year);
    ASSERT_EQ(7, q->date.month);
    ASSERT_EQ(0, q->date_relative);
    q = read_q("What happened in 2003?");
    ASSERT_EQ(BOT_PREC_YEAR, q->date.prec);
    ASSERT_EQ(2003, q->date.year);
    q = read_q("Who asked the Supreme Court to suspend the ban?");
    ASSERT_EQ(BOT_PREC_NONE, q->date.prec);
}

static void
test_query_relative_date(void)
{
    const struct bot_query *q;

    q = read_q("Is the hearing tomorrow?");
    ASSERT_EQ(BOT_KIND_YESNO, q->kind);
    ASSERT_EQ(1, q->date_relative);
    ASSERT_EQ(BOT_PREC_DAY, q->date.prec);
    ASSERT_EQ(2026, q->date.year);
    ASSERT_EQ(11, q->date.month);
    ASSERT_EQ(30, q->date.day);
    q = read_q("Was the law passed yesterday?");
    ASSERT_EQ(1, q->date_relative);
    ASSERT_EQ(28, q->date.day);
    /* a date in the story's frame is not relative to today */
    q = read_q("Is the hearing on April 17?");
    ASSERT_EQ(0, q->date_relative);
}

static void
test_query_claimed_number(void)
{
    const struct bot_query *q;

    q = read_q("Did the attack kill more than 100 people?");
    ASSERT_EQ(1, q->has_number);
    ASSERT(q->number.value == 100.0);
    ASSERT_EQ(BOT_CMP_GT, q->number.cmp);
    q = read_q("Did the attack kill fewer than 50 people?");
    ASSERT_EQ(1, q->has_number);
    ASSERT(q->number.value == 50.0);
    ASSERT_EQ(BOT_CMP_LT, q->number.cmp);
    q = read_q("Did about 140 people die?");
    ASSERT_EQ(1, q->has_number);
    ASSERT(q->number.value == 140.0);
    ASSERT_EQ(BOT_CMP_ABOUT, q->number.cmp);
    q = read_q("When is the Supreme Court hearing?");
    ASSERT_EQ(0, q->has_number);
}

static void
test_query_negation(void)
{
    ASSERT_EQ(1, read_q("Is the hearing not public?")->negated);
    ASSERT_EQ(1, read_q("Did Russia never ban the Taliban?")->negated);
    /* "Isn't ...?" asks to confirm; it claims no negation */
    ASSERT_EQ(0, read_q("Isn't the hearing closed?")->negated);
    ASSERT_EQ(0, read_q("Is the hearing public?")->negated);
}

static void
test_query_pronouns(void)
{
    ASSERT_EQ(BOT_REF_PERSON, read_q("What did he say?")->ref);
    ASSERT_EQ(BOT_REF_THING, read_q("When was that?")->ref);
    ASSERT_EQ(BOT_REF_GROUP, read_q("What did they decide?")->ref);
    /* a demonstrative before a noun points at nothing earlier */
    ASSERT(read_q("Who wrote this piece?")->ref != BOT_REF_THING);
    ASSERT_EQ(BOT_REF_NONE, read_q("When is the Supreme Court hearing?")->ref);
}

static void
test_query_entities_named(void)
{
    const struct bot_query *q;
    int putin = bot_kb_entity(fixture_kb(), "putin");
    int kaz = bot_kb_entity(fixture_kb(), "kazakhstan");
    int taliban = bot_kb_entity(fixture_kb(), "taliban");

    ASSERT(putin >= 0 && kaz >= 0 && taliban >= 0);
    q = read_q("What did Putin say?");
    ASSERT_EQ(1, q->nentities);
    ASSERT_EQ(putin, q->entities[0]);
    q = read_q("When did Kazakhstan remove the Taliban from its list?");
    ASSERT_EQ(2, q->nentities);
    ASSERT(names_entity(q, kaz));
    ASSERT(names_entity(q, taliban));
    ASSERT(!names_entity(q, putin));
    q = read_q("What is the capital of Germany?");
    ASSERT_EQ(0, q->nentities);
}

static void
test_query_typo_corrected(void)
{
    const struct bot_query *q = read_q("When is the Supreme Cort hearing?");
    int court = bot_kb_entity(fixture_kb(), "court");
    size_t i;
    int found = 0;

    ASSERT(court >= 0);
    for (i = 0; i < q->terms.n; i++) {
        if (q->terms.t[i].kind == BOT_TERM_ENTITY &&
            q->terms.t[i].entity == court)
            found = 1;
    }
    ASSERT(found);
    ASSERT(names_entity(q, court));
    ASSERT_EQ(BOT_KIND_WHEN, q->kind);
}

static void
test_query_empty_text_refused(void)
{
    static const char *const blank[] = {"", "   ", "?!"};
    struct bot_date now = today();
    size_t i;

    for (i = 0; i < NCASES(blank); i++)
        ASSERT_EQ(BOT_EINVAL,
                  bot_query_read(fixture_kb(), blank[i], &now, &query));
    /* a question read after a refused one starts clean */
    ASSERT_EQ(BOT_KIND_WHEN, read_q("hearing date?")->kind);
}

static const struct test_case cases[] = {
    {"query_question_kinds", test_query_question_kinds},
    {"query_how_long_is_a_duration", test_query_how_long_is_a_duration},
    {"query_what_time_wants_time", test_query_what_time_wants_time},
    {"query_commands", test_query_commands},
    {"query_summary_length", test_query_summary_length},
    {"query_countdown_drops_entities", test_query_countdown_drops_entities},
    {"query_date_in_question", test_query_date_in_question},
    {"query_relative_date", test_query_relative_date},
    {"query_claimed_number", test_query_claimed_number},
    {"query_negation", test_query_negation},
    {"query_pronouns", test_query_pronouns},
    {"query_entities_named", test_query_entities_named},
    {"query_typo_corrected", test_query_typo_corrected},
    {"query_empty_text_refused", test_query_empty_text_refused},
};
TEST_MAIN(cases)
