/* English as a language resource (bot/knowledge/english.c): the word list's
 * word check, chat shorthand, the language a question is written in, and
 * what a user sees of them through bot_core_ask. */
#include "bot/knowledge/english.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/core.h"
#include "bot/base/date.h"
#include "bot/knowledge/text.h"
#include "fixture.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static const struct bot_reply *
ask(const char *text, const char *conv)
{
    return fixture_ask(text, conv, 0);
}

static struct bot_words words;

static struct bot_english *
english(void)
{
    struct bot_english *en = fixture_kb()->english;

    ASSERT(en != NULL);
    return en;
}

/* The language of @text, counting as foreign each word of it that the
 * dictionary does not know, as the question reader does. */
static const char *
language(const char *text)
{
    char *folded = bot_text_fold(text, strlen(text));
    size_t n, i;
    int foreign = 0;
    const char *lang;

    ASSERT(folded != NULL);
    n = bot_text_words(NULL, folded, &words);
    for (i = 0; i < n; i++)
        foreign += !bot_english_is_word(english(), words.w[i].text);
    lang = bot_english_language(english(), text, strlen(text), foreign, (int)n);
    free(folded);
    return lang;
}

static void
expect_expand(const char *folded, const char *want)
{
    char *got = bot_english_expand(english(), folded);

    ASSERT(got != NULL);
    ASSERT_STR_EQ(want, got);
    free(got);
}

static void
test_english_is_word(void)
{
    static const char *const known[] = {"hearing", "court", "when", "ban",
                                        "uzbekistan"};
    static const char *const unknown[] = {"heering", "gericht", "xqzvt",
                                          "anhorung"};
    size_t i;

    for (i = 0; i < NCASES(known); i++) {
        if (!bot_english_is_word(english(), known[i]))
            TEST_FAIL("\"%s\" should be English", known[i]);
        /* the second time comes from the cache, with the same verdict */
        ASSERT(bot_english_is_word(english(), known[i]));
    }
    for (i = 0; i < NCASES(unknown); i++) {
        if (bot_english_is_word(english(), unknown[i]))
            TEST_FAIL("\"%s\" should not be English", unknown[i]);
        ASSERT(!bot_english_is_word(english(), unknown[i]));
    }
}

static void
test_english_shorthand(void)
{
    ASSERT_STR_EQ("right now", bot_english_shorthand(english(), "rn"));
    ASSERT_STR_EQ("tomorrow", bot_english_shorthand(english(), "tmrw"));
    ASSERT_STR_EQ("you", bot_english_shorthand(english(), "u"));
    ASSERT_STR_EQ("with", bot_english_shorthand(english(), "w/"));
    ASSERT_STR_EQ("because", bot_english_shorthand(english(), "bc"));
    ASSERT_STR_EQ("people", bot_english_shorthand(english(), "ppl"));
    ASSERT(bot_english_shorthand(english(), "hearing") == NULL);
    ASSERT(bot_english_shorthand(english(), "") == NULL);
}

static void
test_english_expand(void)
{
    expect_expand("who runs afghanistan rn", "who runs afghanistan right now");
    expect_expand("is the hearing tmrw?", "is the hearing tomorrow?");
    expect_expand("did u see it", "did you see it");
    expect_expand("talks w/ the taliban", "talks with the taliban");
    expect_expand("banned bc of terrorism", "banned because of terrorism");
    expect_expand("how many ppl died", "how many people died");
    /* only whole words: "run", "bus", "ubc" keep their letters */
    expect_expand("run the bus to ubc", "run the bus to ubc");
    /* "u.s." is a name, not "you" */
    expect_expand("the u.s. withdrawal", "the u.s. withdrawal");
    expect_expand("", "");
}

static void
test_english_language_foreign_named(void)
{
    static const char *const qs[][2] = {
        {"Wann findet die Anhörung vor dem Obersten Gericht statt?", "German"},
        {"Warum will Russland das Verbot der Taliban aufheben?", "German"},
        {"Pourquoi la Russie veut-elle lever l'interdiction des talibans ?",
         "French"},
        {"Qui a demandé à la Cour suprême de suspendre l'interdiction ?",
         "French"},
        {"Когда состоится слушание в Верховном суде?", "Russian"},
        {"Почему Россия хочет снять запрет с талибов?", "Russian"},
        {"¿Por qué Rusia quiere levantar la prohibición de los talibanes?",
         "Spanish"},
        {"¿Quién pidió al tribunal suspender la prohibición?", "Spanish"},
    };
    size_t i;

    for (i = 0; i < NCASES(qs); i++) {
        const char *got = language(qs[i][0]);
        if (!got || strcmp(got, qs[i][1]) != 0)
            TEST_FAIL("\"%s\": want %s, got %s", qs[i][0], qs[i][1],
                      got ? got : "(null)");
    }
}

static void
test_english_language_english_not_flagged(void)
{
    static const char *const qs[] = {
        "When is the Supreme Court hearing?",
        "Who asked the Supreme Court to suspend the ban?",
        /* one foreign name among English words */
        "What did Wladimir Putin say about the Taliban?",
        "Is the Taliban still banned in Kasachstan?",
        /* too short to tell */
        "hi",
        "Wann?",
        "ok",
        /* shorthand and typos, still English */
        "wen r ppl gonna b told abt teh heering tmrw bc idk",
        "y did u say dat abt da ppl rn tbh",
        "who runs afganistan rn",
    };
    size_t i;

    for (i = 0; i < NCASES(qs); i++) {
        const char *got = language(qs[i]);
        if (got)
            TEST_FAIL("\"%s\" taken for %s", qs[i], got);
    }
    /* no words, no verdict */
    ASSERT(bot_english_language(english(), "", 0, 0, 0) == NULL);
}

static void
test_english_typos_answered(void)
{
    const struct bot_reply *r;

    r = ask("wen is teh heering", NULL);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "17 April 2025");
    ASSERT_NOT_CONTAINS(r->text, "only understand English");
    r = ask("who runs afganistan rn", NULL);
    ASSERT_EQ(1, r->answered);
    ASSERT_CONTAINS(r->text, "Taliban");
    ASSERT_NOT_CONTAINS(r->text, "only understand English");
}

static void
test_english_foreign_question_told_english(void)
{
    static const char *const qs[][2] = {
        {"Wann findet die Anhörung vor dem Obersten Gericht statt?", "German"},
        {"Warum will Russland das Verbot der Taliban aufheben?", "German"},
        {"Когда состоится слушание в Верховном суде?", "Russian"},
    };
    const struct bot_reply *r;
    size_t i;

    for (i = 0; i < NCASES(qs); i++) {
        r = ask(qs[i][0], "t/english-foreign");
        ASSERT_EQ(0, r->answered);
        ASSERT_EQ(0, r->nsources);
        ASSERT_CONTAINS(r->text, qs[i][1]);
        ASSERT_CONTAINS(r->text, "English");
        /* no guessed answer from the few words it shares with English */
        ASSERT_NOT_CONTAINS(r->text, "17 April");
    }
}

static void
test_english_shorthand_question_not_flagged(void)
{
    const struct bot_reply *r;

    r = ask("wen r ppl gonna b told abt teh heering tmrw bc idk", NULL);
    ASSERT_NOT_CONTAINS(r->text, "only understand English");
    ASSERT_NOT_CONTAINS(r->text, "looks like");
}

/* A word the list has only with a capital is a name: "London", "Dana";
 * one it has in lower case is a common word, whatever else it is. */
static void
test_english_names(void)
{
    ASSERT(bot_english_is_name("london"));
    ASSERT(bot_english_is_name("dana"));
    ASSERT(!bot_english_is_name("water"));
    ASSERT(!bot_english_is_name("unit"));
    ASSERT(!bot_english_is_name("xqzzyv"));
}

static const struct test_case cases[] = {
    {"english_names", test_english_names},
    {"english_is_word", test_english_is_word},
    {"english_shorthand", test_english_shorthand},
    {"english_expand", test_english_expand},
    {"english_language_foreign_named", test_english_language_foreign_named},
    {"english_language_english_not_flagged",
     test_english_language_english_not_flagged},
    {"english_typos_answered", test_english_typos_answered},
    {"english_foreign_question_told_english",
     test_english_foreign_question_told_english},
    {"english_shorthand_question_not_flagged",
     test_english_shorthand_question_not_flagged},
};
TEST_MAIN(cases)
