/* The article itself as a subject (bot/answer/meta.c) through
 * bot_core_ask: outlet, weekday, writer and editor, claims about them, the
 * sources it cites, and "says who?" after an answer. */
#include "bot/answer/meta.h"

#include <stdint.h>
#include <string.h>

#include "bot/answer/core.h"
#include "bot/base/date.h"
#include "fixture.h"
#include "test.h"

/* Asks @text in @conv on the Thursday after the article, @minutes in. */
static const struct bot_reply *
ask_at(const char *text, const char *conv, int minutes)
{
    return fixture_ask(text, conv, minutes);
}

static const struct bot_reply *
ask(const char *text)
{
    return fixture_ask(text, NULL, 0);
}

static void
test_meta_outlet(void)
{
    const struct bot_reply *r = ask("which news outlet published this?");

    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "DW");
    ASSERT_NOT_CONTAINS(r->text, "doesn't say");
}

static void
test_meta_weekday(void)
{
    const struct bot_reply *r = ask("what day of the week did this come out?");

    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Monday");
    ASSERT_CONTAINS(r->text, "31 March 2025");
}

/* knowledge/facts.json names an editor and no author: the bot must not
 * call the editor the writer. */
static void
test_meta_writer_is_only_an_editor(void)
{
    const struct bot_reply *r;

    ASSERT(fixture_kb()->author == NULL);
    ASSERT_STR_EQ("Richard Connor", fixture_kb()->editor);
    r = ask("who wrote this piece?");
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Richard Connor");
    ASSERT_CONTAINS(r->text, "edited");
    ASSERT_CONTAINS(r->text, "not name");
    ASSERT_NOT_CONTAINS(r->text, "Richard Connor wrote");
    r = ask("who edited the article?");
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Richard Connor");
}

static void
test_meta_outlet_claims(void)
{
    const struct bot_reply *r;

    r = ask("is this a bbc article?");
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_YESNO, r->kind);
    ASSERT(fixture_starts_with(r->text, "No"));
    ASSERT_CONTAINS(r->text, "DW");
    r = ask("is this a DW article?");
    ASSERT_EQ(1, r->answered);
    ASSERT(fixture_starts_with(r->text, "Yes"));
    /* an outlet the article never mentions, and the English word list
     * knows, is still an outlet */
    r = ask("is this a reuters story?");
    ASSERT(fixture_starts_with(r->text, "No"));
    ASSERT_CONTAINS(r->text, "DW");
    /* a topic it is not about gets the headline, not the outlet */
    r = ask("is this article about the weather?");
    ASSERT(fixture_starts_with(r->text, "No"));
    ASSERT_CONTAINS(r->text, "Russia considers suspending its ban");
}

static void
test_meta_year_claims(void)
{
    const struct bot_reply *r;

    r = ask("was this published in 2024?");
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_YESNO, r->kind);
    ASSERT(fixture_starts_with(r->text, "No"));
    ASSERT_CONTAINS(r->text, "2025");
    r = ask("was this published in 2025?");
    ASSERT_EQ(1, r->answered);
    ASSERT(fixture_starts_with(r->text, "Yes"));
}

static void
test_meta_cited_sources(void)
{
    const struct bot_reply *r = ask("where did dw get the news from?");

    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Russian news agencies");
    ASSERT(
        fixture_has_source(r, 3)); /* "..., Russian news agencies reported" */
}

/* "says who?" after an answer: the sentence the answer comes from, and
 * whom the article cites. */
static void
test_meta_says_who_after_answer(void)
{
    static const char conv[] = "t/meta-says-who";
    const struct bot_reply *r;

    r = ask_at("When did Russia ban the Taliban?", conv, 0);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "2003");
    r = ask_at("says who?", conv, 1);
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_SOURCE, r->kind);
    ASSERT_CONTAINS(r->text, "sentence 5");
    ASSERT(fixture_has_source(r, 5));
    ASSERT_CONTAINS(r->text, "Russian news agencies");

    r = ask_at("Who asked the Supreme Court to suspend the ban?", conv, 2);
    ASSERT_EQ(1, r->answered);
    r = ask_at("says who?", conv, 3);
    ASSERT_EQ(1, r->answered);
    ASSERT_EQ(BOT_KIND_SOURCE, r->kind);
    ASSERT_CONTAINS(r->text, "sentence 3");
    ASSERT(fixture_has_source(r, 3));
    ASSERT_CONTAINS(r->text, "Prosecutor General");
    ASSERT_NOT_CONTAINS(r->text, "sentence 5");
}

static const struct test_case cases[] = {
    {"meta_outlet", test_meta_outlet},
    {"meta_weekday", test_meta_weekday},
    {"meta_writer_is_only_an_editor", test_meta_writer_is_only_an_editor},
    {"meta_outlet_claims", test_meta_outlet_claims},
    {"meta_year_claims", test_meta_year_claims},
    {"meta_cited_sources", test_meta_cited_sources},
    {"meta_says_who_after_answer", test_meta_says_who_after_answer},
};
TEST_MAIN(cases)
