#include "bot/knowledge/text.h"

#include <stdlib.h>
#include <string.h>

#include "bot/base/err.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

/* Folds a NUL-terminated string and checks the result. */
static void
check_fold(const char *in, const char *want)
{
    char *got = bot_text_fold(in, strlen(in));

    if (!got)
        TEST_FAIL("bot_text_fold(\"%s\") returned NULL", in);
    if (strcmp(got, want) != 0)
        TEST_FAIL("fold \"%s\": want \"%s\", got \"%s\"", in, want, got);
    free(got);
}

static void
test_text_fold_lowercases(void)
{
    check_fold("Hello WORLD", "hello world");
    check_fold("Who asked the Supreme Court?", "who asked the supreme court?");
    check_fold("", "");
}

static void
test_text_fold_strips_accents(void)
{
    check_fold("Kazakhstán", "kazakhstan");
    check_fold("KAZAKHSTÁN", "kazakhstan");
    check_fold("Café naïve Zürich", "cafe naive zurich");
    check_fold("Straße", "strasse");
}

static void
test_text_fold_applies_nfkc(void)
{
    check_fold("\xef\xac\x81nal", "final");       /* U+FB01 ligature */
    check_fold("\xef\xbc\xa1\xef\xbc\xa2", "ab"); /* fullwidth A B */
}

static void
test_text_fold_curly_quotes_and_dashes_to_ascii(void)
{
    check_fold("Russia\xe2\x80\x99s", "russia's");
    check_fold("\xe2\x80\x98quoted\xe2\x80\x99", "'quoted'");
    check_fold("\xe2\x80\x9cterrorist\xe2\x80\x9d", "\"terrorist\"");
    check_fold("IS\xe2\x80\x93K", "is-k");           /* en dash */
    check_fold("war\xe2\x80\x94peace", "war-peace"); /* em dash */
    check_fold("a\342\210\222b", "a-b");             /* minus sign */
}

static void
test_text_fold_capital_us_becomes_usa(void)
{
    check_fold("US withdrawal", "usa withdrawal");
    check_fold("the US", "the usa");
    check_fold("U.S. forces", "usa forces");
    check_fold("after the U.S. left", "after the usa left");
    check_fold("US-led forces", "usa-led forces");
    check_fold("(US)", "(usa)");
}

static void
test_text_fold_pronoun_us_stays_us(void)
{
    check_fold("tell us more", "tell us more");
    check_fold("Us too", "us too");
    check_fold("BUS", "bus");
    check_fold("USB stick", "usb stick");
    check_fold("USA", "usa");
}

static void
test_text_fold_control_chars_become_spaces(void)
{
    check_fold("a\tb\nc\rd", "a b c d");
    check_fold("x\x01y\x1fz\x7f", "x y z ");
    check_fold("a\302\205b", "a b"); /* U+0085 NEL, a C1 control */
}

static void
test_text_fold_embedded_nul_becomes_space(void)
{
    static const char in[] = {'a', '\0', 'b'};
    char *got = bot_text_fold(in, sizeof(in));

    ASSERT(got != NULL);
    ASSERT_STR_EQ("a b", got);
    free(got);
}

static void
test_text_fold_respects_len(void)
{
    char *got = bot_text_fold("Hello world", 5);

    ASSERT_STR_EQ("hello", got);
    free(got);
}

static void
test_text_fold_rejects_invalid_utf8(void)
{
    static const char *const bad[] = {
        "\xff",
        "abc\xfe",
        "caf\xc3",              /* truncated two-byte character */
        "\xc0\xaf",             /* overlong "/" */
        "\xed\xa0\x80",         /* UTF-16 surrogate */
        "\xf4\x90\x80\x80",     /* above U+10FFFF */
        "ok \x80 continuation", /* lone continuation byte */
    };
    size_t i;

    for (i = 0; i < NCASES(bad); i++) {
        char *got = bot_text_fold(bad[i], strlen(bad[i]));
        if (got) {
            TEST_FAIL("fold accepted invalid case %zu: \"%s\"", i, got);
        }
    }
}

static void
test_text_utf8_check(void)
{
    static const char *const good[] = {
        "",
        "plain ascii",
        "Kazakhst\xc3\xa1n",
        "\xe2\x82\xac 20",
        "\xf0\x9f\x98\x80",
        "\xe2\x80\x9cquoted\xe2\x80\x9d",
    };
    static const char *const bad[] = {
        "\xff",         "\xc3",         "\xe2\x82", "\xc0\xaf",
        "\xed\xa0\x80", "\xf8\x88\x80", "a\200b",
    };
    size_t i;

    for (i = 0; i < NCASES(good); i++) {
        if (bot_text_utf8_check(good[i], strlen(good[i])) != 0)
            TEST_FAIL("rejected valid case %zu", i);
    }
    for (i = 0; i < NCASES(bad); i++) {
        if (bot_text_utf8_check(bad[i], strlen(bad[i])) != BOT_EPARSE)
            TEST_FAIL("accepted invalid case %zu", i);
    }
    /* A valid string checked only up to the middle of a character. */
    ASSERT_EQ(BOT_EPARSE, bot_text_utf8_check("\xe2\x82\xac", 2));
    ASSERT_EQ(0, bot_text_utf8_check("\xe2\x82\xac", 3));
    ASSERT_EQ(0, bot_text_utf8_check("\xe2\x82\xac", 0));
}

/* True if @n is a character boundary of @s[0..len). */
static int
is_boundary(const char *s, size_t len, size_t n)
{
    return n == len || n == 0 || ((unsigned char)s[n] & 0xC0) != 0x80;
}

static void
test_text_utf8_prefix_never_cuts_a_character(void)
{
    static const char *const texts[] = {
        "a\xc3\xa9z",                        /* a é z */
        "\xe2\x82\xac\xe2\x82\xac",          /* €€ */
        "\xf0\x9f\x98\x80x\xf0\x9f\x98\x80", /* 😀x😀 */
        "Kazakhst\xc3\xa1n \xe2\x80\x9cok\xe2\x80\x9d",
        "ascii only",
    };
    size_t i, cap;

    for (i = 0; i < NCASES(texts); i++) {
        const char *s = texts[i];
        size_t len = strlen(s);
        for (cap = 0; cap <= len + 2; cap++) {
            size_t n = bot_text_utf8_prefix(s, len, cap);
            size_t best = cap < len ? cap : len;
            if (n > cap || n > len)
                TEST_FAIL("case %zu cap %zu: prefix %zu too long", i, cap, n);
            if (!is_boundary(s, len, n))
                TEST_FAIL("case %zu cap %zu: cut inside a character at %zu", i,
                          cap, n);
            ASSERT_EQ(0, bot_text_utf8_check(s, n));
            /* the longest such prefix: no boundary in (n, cap] */
            while (best > n && !is_boundary(s, len, best))
                best--;
            if (best != n)
                TEST_FAIL("case %zu cap %zu: want %zu, got %zu", i, cap, best,
                          n);
        }
    }
    ASSERT_EQ(1, bot_text_utf8_prefix("a\xc3\xa9z", 4, 2));
    ASSERT_EQ(3, bot_text_utf8_prefix("a\xc3\xa9z", 4, 3));
    ASSERT_EQ(0, bot_text_utf8_prefix("\xf0\x9f\x98\x80", 4, 3));
    ASSERT_EQ(4, bot_text_utf8_prefix("\xf0\x9f\x98\x80", 4, 4));
}

static struct bot_words *
split(struct sb_stemmer *st, const char *folded)
{
    struct bot_words *w = malloc(sizeof(*w));

    ASSERT(w != NULL);
    bot_text_words(st, folded, w);
    return w;
}

static void
test_text_words_drops_possessive_s(void)
{
    struct sb_stemmer *st = bot_text_stemmer_new();
    struct bot_words *w;

    ASSERT(st != NULL);
    w = split(st, "russia's ban");
    ASSERT_EQ(2, w->n);
    ASSERT_STR_EQ("russia", w->w[0].text);
    ASSERT_STR_EQ("ban", w->w[1].text);
    ASSERT_EQ(0, w->w[0].off);
    ASSERT_EQ(9, w->w[1].off);
    free(w);
    w = split(st, "the kremlin's invitation");
    ASSERT_EQ(3, w->n);
    ASSERT_STR_EQ("kremlin", w->w[1].text);
    ASSERT_STR_EQ("invitation", w->w[2].text);
    free(w);
    bot_text_stemmer_free(st);
}

static void
test_text_words_splits_negations(void)
{
    struct sb_stemmer *st = bot_text_stemmer_new();
    struct bot_words *w;

    ASSERT(st != NULL);
    w = split(st, "it isn't banned");
    ASSERT_EQ(4, w->n);
    ASSERT_STR_EQ("it", w->w[0].text);
    ASSERT_STR_EQ("is", w->w[1].text);
    ASSERT_STR_EQ("not", w->w[2].text);
    ASSERT_STR_EQ("banned", w->w[3].text);
    free(w);
    w = split(st, "won't can't didn't");
    ASSERT_EQ(6, w->n);
    ASSERT_STR_EQ("will", w->w[0].text);
    ASSERT_STR_EQ("not", w->w[1].text);
    ASSERT_STR_EQ("can", w->w[2].text);
    ASSERT_STR_EQ("not", w->w[3].text);
    ASSERT_STR_EQ("did", w->w[4].text);
    ASSERT_STR_EQ("not", w->w[5].text);
    free(w);
    bot_text_stemmer_free(st);
}

static void
test_text_words_stems(void)
{
    struct sb_stemmer *st = bot_text_stemmer_new();
    struct bot_words *w;
    char out[BOT_WORD_MAX];

    ASSERT(st != NULL);
    w = split(st, "banned bans prosecutors");
    ASSERT_EQ(3, w->n);
    ASSERT_STR_EQ("banned", w->w[0].text);
    ASSERT_STR_EQ("ban", w->w[0].stem);
    ASSERT_STR_EQ("ban", w->w[1].stem);
    ASSERT_STR_EQ("prosecutor", w->w[2].stem);
    free(w);
    bot_text_stem(st, "hearings", out);
    ASSERT_STR_EQ("hear", out);
    bot_text_stemmer_free(st);
    bot_text_stemmer_free(NULL); /* documented no-op */
}

static void
test_text_words_split_on_punctuation_and_hyphens(void)
{
    struct sb_stemmer *st = bot_text_stemmer_new();
    struct bot_words *w;

    ASSERT(st != NULL);
    w = split(st, "usa-led forces, 20 years... (is-k)?");
    ASSERT_EQ(7, w->n);
    ASSERT_STR_EQ("usa", w->w[0].text);
    ASSERT_STR_EQ("led", w->w[1].text);
    ASSERT_STR_EQ("forces", w->w[2].text);
    ASSERT_STR_EQ("20", w->w[3].text);
    ASSERT_STR_EQ("years", w->w[4].text);
    ASSERT_STR_EQ("is", w->w[5].text);
    ASSERT_STR_EQ("k", w->w[6].text);
    free(w);
    w = split(st, "  ...  ");
    ASSERT_EQ(0, w->n);
    free(w);
    bot_text_stemmer_free(st);
}

static void
test_text_words_caps_count_and_length(void)
{
    struct sb_stemmer *st = bot_text_stemmer_new();
    struct bot_words *w;
    char *many = malloc(BOT_WORDS_MAX * 2 * 4 + 1), *p;
    char longw[200];
    size_t i;

    ASSERT(st != NULL && many != NULL);
    p = many;
    for (i = 0; i < BOT_WORDS_MAX * 2; i++) {
        memcpy(p, "war ", 4);
        p += 4;
    }
    *p = '\0';
    w = malloc(sizeof(*w));
    ASSERT(w != NULL);
    ASSERT_EQ(BOT_WORDS_MAX, bot_text_words(st, many, w));
    ASSERT_EQ(BOT_WORDS_MAX, w->n);
    /* a long word of two-byte letters is cut at a character boundary */
    for (i = 0; i < 60; i++)
        memcpy(longw + 2 * i, "\xc3\xa9", 2);
    longw[120] = '\0';
    ASSERT_EQ(1, bot_text_words(st, longw, w));
    ASSERT(strlen(w->w[0].text) < BOT_WORD_MAX);
    ASSERT(strlen(w->w[0].text) >= BOT_WORD_MAX - 2);
    ASSERT_EQ(0, bot_text_utf8_check(w->w[0].text, strlen(w->w[0].text)));
    free(w);
    free(many);
    bot_text_stemmer_free(st);
}

static void
test_text_distance_counts_edits(void)
{
    ASSERT_EQ(0, bot_text_distance("court", "court", 2));
    ASSERT_EQ(1, bot_text_distance("court", "courts", 2));
    ASSERT_EQ(1, bot_text_distance("court", "cort", 2));
    ASSERT_EQ(1, bot_text_distance("court", "coart", 2));
    ASSERT_EQ(1, bot_text_distance("prosecuter", "prosecutor", 2));
    ASSERT_EQ(3, bot_text_distance("kitten", "sitting", 5));
    ASSERT_EQ(3, bot_text_distance("", "abc", 5));
}

static void
test_text_distance_transposition_counts_one(void)
{
    ASSERT_EQ(1, bot_text_distance("ab", "ba", 2));
    ASSERT_EQ(1, bot_text_distance("taliban", "tailban", 2));
    ASSERT_EQ(1, bot_text_distance("hearing", "haering", 1));
    ASSERT_EQ(2, bot_text_distance("abcd", "badc", 3));
}

static void
test_text_distance_respects_limit(void)
{
    ASSERT_EQ(2, bot_text_distance("kitten", "sitting", 1));
    ASSERT_EQ(3, bot_text_distance("kitten", "sitting", 2));
    ASSERT_EQ(1, bot_text_distance("abc", "abcdef", 0));
    ASSERT_EQ(2, bot_text_distance("taliban", "moscow", 1));
    ASSERT_EQ(1, bot_text_distance("ab", "ba", 0));
}

static void
test_text_is_stopword(void)
{
    static const char *const stop[] = {"the", "did", "about", "what",
                                       "is",  "us",  "a",     "your"};
    static const char *const content[] = {"taliban", "court", "ban", "hearing",
                                          "usa",     "april", ""};
    size_t i;

    for (i = 0; i < NCASES(stop); i++) {
        if (!bot_text_is_stopword(stop[i]))
            TEST_FAIL("\"%s\" should be a stop word", stop[i]);
    }
    for (i = 0; i < NCASES(content); i++) {
        if (bot_text_is_stopword(content[i]))
            TEST_FAIL("\"%s\" should not be a stop word", content[i]);
    }
}

static const struct test_case cases[] = {
    {"text_fold_lowercases", test_text_fold_lowercases},
    {"text_fold_strips_accents", test_text_fold_strips_accents},
    {"text_fold_applies_nfkc", test_text_fold_applies_nfkc},
    {"text_fold_curly_quotes_and_dashes_to_ascii",
     test_text_fold_curly_quotes_and_dashes_to_ascii},
    {"text_fold_capital_us_becomes_usa", test_text_fold_capital_us_becomes_usa},
    {"text_fold_pronoun_us_stays_us", test_text_fold_pronoun_us_stays_us},
    {"text_fold_control_chars_become_spaces",
     test_text_fold_control_chars_become_spaces},
    {"text_fold_embedded_nul_becomes_space",
     test_text_fold_embedded_nul_becomes_space},
    {"text_fold_respects_len", test_text_fold_respects_len},
    {"text_fold_rejects_invalid_utf8", test_text_fold_rejects_invalid_utf8},
    {"text_utf8_check", test_text_utf8_check},
    {"text_utf8_prefix_never_cuts_a_character",
     test_text_utf8_prefix_never_cuts_a_character},
    {"text_words_drops_possessive_s", test_text_words_drops_possessive_s},
    {"text_words_splits_negations", test_text_words_splits_negations},
    {"text_words_stems", test_text_words_stems},
    {"text_words_split_on_punctuation_and_hyphens",
     test_text_words_split_on_punctuation_and_hyphens},
    {"text_words_caps_count_and_length", test_text_words_caps_count_and_length},
    {"text_distance_counts_edits", test_text_distance_counts_edits},
    {"text_distance_transposition_counts_one",
     test_text_distance_transposition_counts_one},
    {"text_distance_respects_limit", test_text_distance_respects_limit},
    {"text_is_stopword", test_text_is_stopword},
};
TEST_MAIN(cases)
