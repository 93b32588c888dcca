/* unit.slackfmt: Slack's escaping, its cuts at Block Kit's limits, and an
 * answer's blocks (bot/chat/adapters/slackfmt.c). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "bot/chat/adapters/slackfmt.h"
#include "test.h"

/* Code points in @s. */
static size_t
chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static const char *
text_at(json_t *blocks, size_t block, int element)
{
    json_t *b = json_array_get(blocks, block);

    if (element < 0)
        return json_string_value(
            json_object_get(json_object_get(b, "text"), "text"));
    return json_string_value(json_object_get(
        json_array_get(json_object_get(b, "elements"), (size_t)element),
        "text"));
}

static void
test_slackfmt_escape(void)
{
    char *s = bot_slackfmt_escape("Q&A <b> & >", 11, 0);

    ASSERT_STR_EQ("Q&amp;A &lt;b&gt; &amp; &gt;", s);
    free(s);
}

static void
test_slackfmt_escape_cuts_on_characters(void)
{
    /* "é" is two bytes, one character; the cut keeps 4 characters and the
     * ellipsis, and never half a character or half an entity */
    char *s =
        bot_slackfmt_escape("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", 12, 5);

    ASSERT_STR_EQ("\u00e9\u00e9\u00e9\u00e9\u2026", s);
    free(s);
    s = bot_slackfmt_escape("ab&cd", 5, 5); /* "ab&amp;cd" is 9 */
    ASSERT_STR_EQ("ab\u2026", s);
    free(s);
    s = bot_slackfmt_escape("abcde", 5, 5); /* fits exactly */
    ASSERT_STR_EQ("abcde", s);
    free(s);
    s = bot_slackfmt_escape("ab\xe2\x80", 4, 0); /* a cut-off character */
    ASSERT_STR_EQ("ab\xe2\x80", s);
    free(s);
}

static void
test_slackfmt_blocks_answer_with_source(void)
{
    const char *text = "The hearing is on 17 April. Source: \u201cThe court "
                       "will hear it on 17 April.\u201d (sentence 4)";
    struct bot_answer a;
    json_t *blocks;

    bot_answer_plain(&a, text);
    a.lead_len = strlen("The hearing is on 17 April.");
    a.source = "The court will hear it on 17 April & <later>.";
    a.sentence = 4;
    a.title = "Russia <considers>";
    a.url = "https://www.dw.com/en/a|b?x=1&y=2";
    a.outlet = "DW News";
    a.published = "2025-03-31";
    blocks = bot_slackfmt_blocks(&a);
    ASSERT_EQ(2, json_array_size(blocks));
    ASSERT_STR_EQ("section", json_string_value(json_object_get(
                                 json_array_get(blocks, 0), "type")));
    ASSERT_STR_EQ("The hearing is on 17 April.", text_at(blocks, 0, -1));
    ASSERT_STR_EQ("context", json_string_value(json_object_get(
                                 json_array_get(blocks, 1), "type")));
    ASSERT_STR_EQ("\u201cThe court will hear it on 17 April &amp; "
                  "&lt;later&gt;.\u201d (sentence 4)",
                  text_at(blocks, 1, 0));
    ASSERT_STR_EQ("<https://www.dw.com/en/a%7Cb?x=1&amp;y=2|Russia "
                  "&lt;considers&gt;> \u00b7 DW News \u00b7 2025-03-31",
                  text_at(blocks, 1, 1));
    json_decref(blocks);
}

static void
test_slackfmt_blocks_title_without_url(void)
{
    struct bot_answer a;
    json_t *blocks;

    bot_answer_plain(&a, "Yes. Source: \u201cq\u201d (sentence 1)");
    a.lead_len = 4;
    a.source = "q";
    a.sentence = 1;
    a.title = "A title";
    blocks = bot_slackfmt_blocks(&a);
    ASSERT_STR_EQ("A title", text_at(blocks, 1, 1));
    json_decref(blocks);
}

static void
test_slackfmt_blocks_cited_inline(void)
{
    struct bot_answer a;
    json_t *blocks;

    /* the lead quotes the article itself: no quote, the article alone */
    bot_answer_plain(&a, "The court hears it on 17 April. (sentence 4)");
    a.title = "T";
    a.url = "https://example.com/a";
    blocks = bot_slackfmt_blocks(&a);
    ASSERT_EQ(2, json_array_size(blocks));
    ASSERT_STR_EQ("<https://example.com/a|T>", text_at(blocks, 1, 0));
    ASSERT(!text_at(blocks, 1, 1));
    json_decref(blocks);
}

static void
test_slackfmt_blocks_plain_answer(void)
{
    struct bot_answer a;
    json_t *blocks, *m;

    bot_answer_plain(&a, "Ask me about the article.");
    a.title = "ignored without a source";
    blocks = bot_slackfmt_blocks(&a);
    ASSERT_EQ(1, json_array_size(blocks));
    ASSERT_STR_EQ("Ask me about the article.", text_at(blocks, 0, -1));
    json_decref(blocks);
    m = bot_slackfmt_message(&a);
    ASSERT_STR_EQ("Ask me about the article.",
                  json_string_value(json_object_get(m, "text")));
    ASSERT(json_is_array(json_object_get(m, "blocks")));
    json_decref(m);
}

static void
test_slackfmt_blocks_cut_to_limits(void)
{
    size_t n = 5000;
    char *lead = malloc(n + 1), *quote = malloc(n + 1);
    struct bot_answer a;
    json_t *blocks;
    const char *t;

    memset(lead, 'x', n);
    lead[n] = '\0';
    memset(quote, '&', n); /* five characters each, escaped */
    quote[n] = '\0';
    bot_answer_plain(&a, lead);
    a.source = quote;
    a.sentence = 12;
    blocks = bot_slackfmt_blocks(&a);
    t = text_at(blocks, 0, -1);
    ASSERT_EQ(BOT_SLACKFMT_SECTION_MAX, chars(t));
    ASSERT_CONTAINS(t, "x\u2026");
    t = text_at(blocks, 1, 0);
    ASSERT(chars(t) <= BOT_SLACKFMT_CONTEXT_MAX);
    ASSERT_CONTAINS(t, "&amp;\u2026\u201d (sentence 12)");
    json_decref(blocks);
    free(lead);
    free(quote);
}

static void
test_slackfmt_plain(void)
{
    char s[] = "<@UBOT> Q&amp;A &lt;x&gt; <@UOTHER>";

    ASSERT_EQ(1, bot_slackfmt_plain(s, "UBOT"));
    ASSERT_STR_EQ(" Q&A <x> <@UOTHER>", s);
}

static const struct test_case cases[] = {
    {"slackfmt_escape", test_slackfmt_escape},
    {"slackfmt_escape_cuts_on_characters",
     test_slackfmt_escape_cuts_on_characters},
    {"slackfmt_blocks_answer_with_source",
     test_slackfmt_blocks_answer_with_source},
    {"slackfmt_blocks_title_without_url",
     test_slackfmt_blocks_title_without_url},
    {"slackfmt_blocks_cited_inline", test_slackfmt_blocks_cited_inline},
    {"slackfmt_blocks_plain_answer", test_slackfmt_blocks_plain_answer},
    {"slackfmt_blocks_cut_to_limits", test_slackfmt_blocks_cut_to_limits},
    {"slackfmt_plain", test_slackfmt_plain},
};
TEST_MAIN(cases)
