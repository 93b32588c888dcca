/* unit.answerview: an answer's parts for the platforms that lay answers
 * out (embeds, Block Kit): the lead, the source quote, the article. */
#include "bot/chat/answerview.h"

#include <string.h>

#include "fixture.h"
#include "test.h"

static void
test_answerview_splits_at_the_source(void)
{
    const struct bot_reply *r =
        fixture_ask("When did Russia first outlaw the Taliban?", NULL, 0);
    struct bot_answer a;
    char date[BOT_ANSWER_DATE];

    bot_answer_view(r, &a, date);
    ASSERT(r->answered);
    ASSERT(a.source != NULL);
    ASSERT(a.sentence > 0);
    ASSERT(a.lead_len > 0 && a.lead_len < strlen(a.text));
    /* the lead is the text up to " Source:", the source the article's
     * own sentence, in full */
    ASSERT_EQ(0, strncmp(a.text + a.lead_len, " Source: \u201c", 12));
    ASSERT(memchr(a.lead, '\0', a.lead_len) == NULL);
    ASSERT(strstr(fixture_kb()->article, a.source) != NULL);
    ASSERT(strstr(a.source, "2003") != NULL);
    ASSERT_STR_EQ("DW News", a.outlet);
    ASSERT_STR_EQ("2025-03-31", a.published);
    ASSERT_STR_EQ("Russia considers suspending its ban on the Taliban",
                  a.title);
    ASSERT(!a.ephemeral);
}

static void
test_answerview_without_a_quote_is_all_lead(void)
{
    const struct bot_reply *r = fixture_ask("when is the hearing?", NULL, 0);
    struct bot_answer a;
    char date[BOT_ANSWER_DATE];

    /* the answer says the sentence already: no second copy to show */
    bot_answer_view(r, &a, date);
    ASSERT(a.source == NULL);
    ASSERT_EQ(strlen(a.text), a.lead_len);
    ASSERT(strstr(a.text, "17 April") != NULL);
}

static void
test_answerview_help_is_ephemeral(void)
{
    const struct bot_reply *r = fixture_ask("help", NULL, 0);
    struct bot_answer a;
    char date[BOT_ANSWER_DATE];

    bot_answer_view(r, &a, date);
    ASSERT(a.ephemeral);
    ASSERT(a.source == NULL);
}

static void
test_answerview_a_reply_without_an_article(void)
{
    struct bot_reply r;
    struct bot_answer a;
    char date[BOT_ANSWER_DATE] = "x";

    /* a cut or rewritten tail is not split: the text stays whole */
    bot_reply_init(&r, BOT_KIND_WHAT);
    bot_reply_add(&r,
                  "Yes. Source: \u201cA sentence\u201d (sentence 3) and more");
    r.quote = "A sentence";
    r.quote_sentence = 3;
    bot_answer_view(&r, &a, date);
    ASSERT(a.source == NULL);
    ASSERT_EQ(strlen(r.text), a.lead_len);
    ASSERT(a.title == NULL && a.url == NULL && a.published == NULL);
    ASSERT_STR_EQ("", date);
    bot_answer_plain(&a, "plain");
    ASSERT_STR_EQ("plain", a.text);
    ASSERT_EQ(5u, a.lead_len);
    ASSERT(a.source == NULL && !a.ephemeral);
}

static const struct test_case cases[] = {
    {"answerview_splits_at_the_source", test_answerview_splits_at_the_source},
    {"answerview_without_a_quote_is_all_lead",
     test_answerview_without_a_quote_is_all_lead},
    {"answerview_help_is_ephemeral", test_answerview_help_is_ephemeral},
    {"answerview_a_reply_without_an_article",
     test_answerview_a_reply_without_an_article},
};
TEST_MAIN(cases)
