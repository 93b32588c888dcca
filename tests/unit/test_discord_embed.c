/* unit.discord_embed: answers laid out as Discord embeds stay within
 * Discord's limits (in characters), cut on a character boundary with an
 * ellipsis; what is and is not an embed. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../../bot/chat/adapters/discord_int.h"
#include "test.h"

/* Code points of a valid UTF-8 string; aborts on invalid UTF-8. */
static size_t
chars(const char *s)
{
    size_t n = 0;

    ASSERT(s != NULL);
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *
str_at(json_t *o, const char *path0, const char *path1)
{
    json_t *v = json_object_get(o, path0);

    if (path1)
        v = json_object_get(v, path1);
    return json_string_value(v);
}

/* @n copies of the 2-byte "é", then "x": cuts land inside characters if
 * they count bytes. */
static char *
long_text(size_t n)
{
    char *s = malloc(2 * n + 2);
    size_t i;

    ASSERT(s != NULL);
    for (i = 0; i < n; i++)
        memcpy(s + 2 * i, "\xC3\xA9", 2);
    memcpy(s + 2 * n, "x", 2);
    return s;
}

static void
test_discord_embed_parts_in_place(void)
{
    const char *text = "Russia banned it in 2003. Source: \xE2\x80\x9CRussia, "
                       "which has included\xE2\x80\x9D (sentence 5)";
    struct bot_answer a;
    json_t *m, *e, *f;

    bot_answer_plain(&a, text);
    a.lead_len = strlen("Russia banned it in 2003.");
    a.source = "Russia, which has included";
    a.sentence = 5;
    a.title = "Russia considers suspending its ban";
    a.url = "https://www.dw.com/a-1";
    a.outlet = "DW News";
    a.published = "2025-03-31";
    m = bot_discord_embed_fields(&a, 1);
    ASSERT(m != NULL);
    ASSERT(json_object_get(m, "content") == NULL);
    e = json_array_get(json_object_get(m, "embeds"), 0);
    ASSERT_STR_EQ("Russia banned it in 2003.", str_at(e, "description", NULL));
    ASSERT_STR_EQ("Russia considers suspending its ban",
                  str_at(e, "title", NULL));
    ASSERT_STR_EQ("https://www.dw.com/a-1", str_at(e, "url", NULL));
    ASSERT_STR_EQ("DW News \xC2\xB7 2025-03-31", str_at(e, "footer", "text"));
    f = json_array_get(json_object_get(e, "fields"), 0);
    ASSERT_STR_EQ("Source", str_at(f, "name", NULL));
    ASSERT_STR_EQ("> Russia, which has included\n\xE2\x80\x94 sentence 5",
                  str_at(f, "value", NULL));
    json_decref(m);
}

static void
test_discord_embed_cuts_to_the_limits(void)
{
    char *title = long_text(400), *lead = long_text(5000);
    char *quote = long_text(3000), *outlet = long_text(3000);
    struct bot_answer a;
    json_t *m, *e;
    const char *v;
    size_t total;

    bot_answer_plain(&a, lead);
    a.lead_len = strlen(lead);
    a.source = quote;
    a.sentence = 12;
    a.title = title;
    a.url = "javascript:alert(1)"; /* not a web address: no link */
    a.outlet = outlet;
    a.published = "2025-03-31";
    m = bot_discord_embed_fields(&a, 1);
    e = json_array_get(json_object_get(m, "embeds"), 0);
    ASSERT(e != NULL);
    ASSERT(json_object_get(e, "url") == NULL);
    v = str_at(e, "title", NULL);
    ASSERT_EQ(256, chars(v));
    ASSERT_STR_EQ("\xE2\x80\xA6", v + strlen(v) - 3); /* the ellipsis */
    total = chars(v);
    v = str_at(e, "description", NULL);
    ASSERT_EQ(4096, chars(v));
    total += chars(v);
    v = str_at(json_array_get(json_object_get(e, "fields"), 0), "value", NULL);
    ASSERT(chars(v) <= 1024);
    ASSERT(strncmp(v, "> ", 2) == 0);
    ASSERT_CONTAINS(v, "\xE2\x80\xA6\n\xE2\x80\x94 sentence 12");
    total += chars(v) + chars("Source");
    v = str_at(e, "footer", "text");
    ASSERT(v != NULL);
    ASSERT(chars(v) <= 2048);
    total += chars(v);
    ASSERT(total <= 6000); /* the footer took what the rest left */
    json_decref(m);
    free(title);
    free(lead);
    free(quote);
    free(outlet);
}

static void
test_discord_embed_plain_fits_one_message(void)
{
    char *text = long_text(2500);
    struct bot_answer a;
    json_t *m;

    bot_answer_plain(&a, text);
    m = bot_discord_embed_fields(&a, 0);
    ASSERT(json_object_get(m, "embeds") == NULL);
    ASSERT_EQ(2000, chars(str_at(m, "content", NULL)));
    json_decref(m);
    free(text);
}

static void
test_discord_embed_only_for_answers_citing_the_article(void)
{
    struct dc dc;
    struct bot_answer a;

    memset(&dc, 0, sizeof(dc));
    dc.embeds = 1;
    bot_answer_plain(&a, "Hello! Ask me about the article.");
    a.title = "T";
    ASSERT(!bot_discord_embed_wanted(&dc, "c1", &a)); /* small talk */
    bot_answer_plain(&a, "On 17 April. The hearing is then. (sentence 4)");
    a.title = "T";
    ASSERT(bot_discord_embed_wanted(&dc, "c1", &a));
    ASSERT(bot_discord_embed_wanted(&dc, NULL, &a)); /* an interaction */
    a.ephemeral = 1;
    ASSERT(!bot_discord_embed_wanted(&dc, "c1", &a)); /* help */
    a.ephemeral = 0;
    snprintf(dc.plain[0], sizeof(dc.plain[0]), "c1"); /* refused embeds */
    ASSERT(!bot_discord_embed_wanted(&dc, "c1", &a));
    ASSERT(bot_discord_embed_wanted(&dc, "c2", &a));
    dc.embeds = 0; /* DISCORD_EMBEDS=0 */
    ASSERT(!bot_discord_embed_wanted(&dc, "c2", &a));
}

static const struct test_case cases[] = {
    {"discord_embed_parts_in_place", test_discord_embed_parts_in_place},
    {"discord_embed_cuts_to_the_limits", test_discord_embed_cuts_to_the_limits},
    {"discord_embed_plain_fits_one_message",
     test_discord_embed_plain_fits_one_message},
    {"discord_embed_only_for_answers_citing_the_article",
     test_discord_embed_only_for_answers_citing_the_article},
};
TEST_MAIN(cases)
