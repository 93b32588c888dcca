#include "bot/knowledge/lex.h"

#include <stdlib.h>
#include <string.h>

#include "bot/base/err.h"
#include "bot/knowledge/text.h"
#include "test.h"

/* A fresh lexicon with the built-in groups, and room to read a text. */
struct fixture {
    struct bot_lex lex;
    struct bot_words words;
    struct bot_terms terms;
};

static struct fixture *
setup(void)
{
    struct fixture *f = calloc(1, sizeof(*f));

    ASSERT(f != NULL);
    ASSERT_EQ(0, bot_lex_init(&f->lex));
    ASSERT_EQ(0, bot_lex_add_builtin(&f->lex));
    ASSERT(f->lex.nconcepts > 0);
    return f;
}

static void
teardown(struct fixture *f)
{
    bot_lex_release(&f->lex);
    free(f);
}

/* Reads @text (already folded) as a question; returns the term count. */
static int
read_terms(struct fixture *f, const char *text, int learn)
{
    int n = bot_lex_terms(&f->lex, text, learn, &f->words, &f->terms);

    ASSERT(n >= 0);
    ASSERT_EQ(n, f->terms.n);
    return n;
}

static int
has_concept(const struct bot_term *t, int concept)
{
    int i;

    for (i = 0; i < t->nconcepts; i++) {
        if (t->concepts[i] == concept)
            return 1;
    }
    return 0;
}

static int
share_concept(const struct bot_term *a, const struct bot_term *b)
{
    int i;

    for (i = 0; i < a->nconcepts; i++) {
        if (has_concept(b, a->concepts[i]))
            return 1;
    }
    return 0;
}

/* The single term of @text, copied out. */
static struct bot_term
only_term(struct fixture *f, const char *text)
{
    if (read_terms(f, text, 0) != 1)
        TEST_FAIL("\"%s\": want 1 term, got %zu", text, f->terms.n);
    return f->terms.t[0];
}

static void
test_lex_synonyms_share_a_concept(void)
{
    struct fixture *f = setup();
    struct bot_term a, b;

    a = only_term(f, "outlawed");
    b = only_term(f, "banned");
    ASSERT(a.nconcepts > 0);
    ASSERT(share_concept(&a, &b));
    a = only_term(f, "prohibited");
    ASSERT(share_concept(&a, &b));
    a = only_term(f, "killed");
    b = only_term(f, "fatalities");
    ASSERT(share_concept(&a, &b));
    teardown(f);
}

static void
test_lex_unrelated_words_share_no_concept(void)
{
    struct fixture *f = setup();
    struct bot_term a, b;

    a = only_term(f, "banned");
    b = only_term(f, "warming");
    ASSERT(a.nconcepts > 0 && b.nconcepts > 0);
    ASSERT(!share_concept(&a, &b));
    teardown(f);
}

static void
test_lex_added_synonyms_share_a_concept(void)
{
    struct fixture *f = setup();
    int c = bot_lex_new_concept(&f->lex);
    struct bot_term a, b;

    ASSERT_EQ(0, bot_lex_add(&f->lex, "sharia", c, -1));
    ASSERT_EQ(0, bot_lex_add(&f->lex, "fiqh", c, -1));
    a = only_term(f, "sharia");
    b = only_term(f, "fiqh");
    ASSERT(has_concept(&a, c));
    ASSERT(has_concept(&b, c));
    ASSERT_EQ(-1, a.entity);
    teardown(f);
}

static void
test_lex_phrases_match_before_words(void)
{
    struct fixture *f = setup();
    struct bot_term phrase;
    const struct bot_term *t;
    size_t i;
    int found = 0;

    phrase = only_term(f, "closed doors");
    ASSERT_EQ(BOT_TERM_PHRASE, phrase.kind);
    ASSERT_EQ(0, phrase.first);
    ASSERT_EQ(1, phrase.last);
    read_terms(f, "a hearing behind closed doors", 0);
    ASSERT_EQ(5, f->words.n);
    for (i = 0; i < f->terms.n; i++) {
        t = &f->terms.t[i];
        if (t->first == t->last) {
            /* neither word of the phrase reads as a word of its own */
            ASSERT(strcmp(f->words.w[t->first].text, "closed") != 0);
            ASSERT(strcmp(f->words.w[t->first].text, "doors") != 0);
            continue;
        }
        found++;
        ASSERT_EQ(BOT_TERM_PHRASE, t->kind);
        ASSERT(t->first <= 3);
        ASSERT_EQ(4, t->last);
        ASSERT_CONTAINS(t->word, "closed doors");
        ASSERT(share_concept(t, &phrase));
    }
    ASSERT_EQ(1, found);
    teardown(f);
}

static void
test_lex_added_phrase_matches_before_words(void)
{
    struct fixture *f = setup();
    int c = bot_lex_new_concept(&f->lex);
    struct bot_term t;

    ASSERT_EQ(0, bot_lex_add(&f->lex, "prisoner swap", c, -1));
    t = only_term(f, "a prisoner swap");
    ASSERT_EQ(BOT_TERM_PHRASE, t.kind);
    ASSERT(has_concept(&t, c));
    ASSERT_STR_EQ("prisoner swap", t.word);
    ASSERT_EQ(2, read_terms(f, "a swap of prisoners", 0));
    ASSERT(!has_concept(&f->terms.t[0], c));
    ASSERT(!has_concept(&f->terms.t[1], c));
    teardown(f);
}

static void
test_lex_builtin_phrase_is_one_term(void)
{
    struct fixture *f = setup();
    struct bot_term toll, kill;

    toll = only_term(f, "the death toll");
    ASSERT_EQ(BOT_TERM_PHRASE, toll.kind);
    ASSERT_EQ(toll.first + 1, toll.last);
    kill = only_term(f, "killed");
    ASSERT(share_concept(&toll, &kill));
    teardown(f);
}

static void
test_lex_typo_corrected_towards_vocabulary(void)
{
    struct fixture *f = setup();
    int c = bot_lex_new_concept(&f->lex);
    struct bot_term t;

    ASSERT_EQ(0, bot_lex_add(&f->lex, "ambassador", c, -1));
    ASSERT_EQ(0, bot_lex_add_vocab(&f->lex, "ambassador"));
    t = only_term(f, "ambasador");
    ASSERT_STR_EQ("ambassador", f->words.w[0].text);
    ASSERT(has_concept(&t, c));
    t = only_term(f, "ambassdaor"); /* transposed letters */
    ASSERT_STR_EQ("ambassador", f->words.w[0].text);
    ASSERT(has_concept(&t, c));
    t = only_term(f, "ambassador");
    ASSERT(has_concept(&t, c));
    teardown(f);
}

static void
test_lex_known_words_are_not_corrected(void)
{
    struct fixture *f = setup();
    int c = bot_lex_new_concept(&f->lex);
    struct bot_term t;

    /* "decode" is one edit away from "decade", a known word. */
    ASSERT_EQ(0, bot_lex_add(&f->lex, "decode", c, -1));
    ASSERT_EQ(0, bot_lex_add_vocab(&f->lex, "decode"));
    t = only_term(f, "decade");
    ASSERT_STR_EQ("decade", f->words.w[0].text);
    ASSERT(!has_concept(&t, c));
    /* the typo of the same word is corrected */
    t = only_term(f, "decide");
    ASSERT_STR_EQ("decide", f->words.w[0].text); /* builtin word, kept */
    t = only_term(f, "decoed");
    ASSERT_STR_EQ("decode", f->words.w[0].text);
    ASSERT(has_concept(&t, c));
    teardown(f);
}

static void
test_lex_short_words_are_not_corrected(void)
{
    struct fixture *f = setup();
    int c = bot_lex_new_concept(&f->lex);

    ASSERT_EQ(0, bot_lex_add(&f->lex, "fsbx", c, -1));
    ASSERT_EQ(0, bot_lex_add_vocab(&f->lex, "fsbx"));
    read_terms(f, "fsb", 0); /* three letters: never corrected */
    ASSERT_STR_EQ("fsb", f->words.w[0].text);
    teardown(f);
}

static void
test_lex_unknown_words_have_no_concept(void)
{
    struct fixture *f = setup();
    struct bot_term t, again;

    t = only_term(f, "zanzibarian");
    ASSERT_EQ(0, t.nconcepts);
    /* learning gives the word a concept that later reads find */
    ASSERT_EQ(1, read_terms(f, "zanzibarian", 1));
    ASSERT_EQ(1, f->terms.t[0].nconcepts);
    t = f->terms.t[0];
    again = only_term(f, "zanzibarian");
    ASSERT(share_concept(&t, &again));
    teardown(f);
}

static void
test_lex_stopwords_give_no_term(void)
{
    struct fixture *f = setup();

    ASSERT_EQ(0, read_terms(f, "what did the", 0));
    ASSERT_EQ(1, read_terms(f, "what did the ban", 0));
    ASSERT_STR_EQ("ban", f->terms.t[0].word);
    ASSERT_EQ(0, read_terms(f, "", 0));
    teardown(f);
}

static void
test_lex_numbers(void)
{
    struct fixture *f = setup();
    struct bot_term t;

    t = only_term(f, "140");
    ASSERT_EQ(BOT_TERM_NUMBER, t.kind);
    ASSERT(t.number == 140.0);
    t = only_term(f, "twenty");
    ASSERT_EQ(BOT_TERM_NUMBER, t.kind);
    ASSERT(t.number == 20.0);
    teardown(f);
}

static void
test_lex_entity_alias(void)
{
    struct fixture *f = setup();
    int c = bot_lex_new_concept(&f->lex);
    struct bot_term t;

    ASSERT_EQ(0, bot_lex_add(&f->lex, "Supreme Court", c, 4));
    ASSERT_EQ(0, bot_lex_add(&f->lex, "top court", c, 4));
    t = only_term(f, "the supreme court");
    ASSERT_EQ(BOT_TERM_ENTITY, t.kind);
    ASSERT_EQ(4, t.entity);
    ASSERT(has_concept(&t, c));
    t = only_term(f, "the top court");
    ASSERT_EQ(4, t.entity);
    teardown(f);
}

static void
test_lex_antonyms(void)
{
    struct fixture *f = setup();
    int pub = bot_lex_new_concept(&f->lex);
    int closed = bot_lex_new_concept(&f->lex);
    int other = bot_lex_new_concept(&f->lex);
    struct bot_term a, b;

    ASSERT_EQ(0, bot_lex_add(&f->lex, "public", pub, -1));
    ASSERT_EQ(0, bot_lex_add(&f->lex, "closed", closed, -1));
    ASSERT(!bot_lex_antonyms(&f->lex, pub, closed));
    ASSERT_EQ(0, bot_lex_add_antonym(&f->lex, pub, closed));
    ASSERT(bot_lex_antonyms(&f->lex, pub, closed));
    ASSERT(bot_lex_antonyms(&f->lex, closed, pub));
    ASSERT(!bot_lex_antonyms(&f->lex, pub, other));
    ASSERT(!bot_lex_antonyms(&f->lex, pub, pub));
    a = only_term(f, "public");
    b = only_term(f, "closed");
    ASSERT(has_concept(&a, pub));
    ASSERT(has_concept(&b, closed));
    ASSERT(!share_concept(&a, &b));
    teardown(f);
}

static void
test_lex_many_antonyms_grow(void)
{
    struct fixture *f = setup();
    int base = bot_lex_new_concept(&f->lex), i;

    for (i = 0; i < 100; i++)
        ASSERT_EQ(0, bot_lex_add_antonym(&f->lex, base, 10000 + i));
    for (i = 0; i < 100; i++)
        ASSERT(bot_lex_antonyms(&f->lex, 10000 + i, base));
    ASSERT(!bot_lex_antonyms(&f->lex, base, 10000 + 100));
    teardown(f);
}

static void
test_lex_release_zeroed_is_safe(void)
{
    struct bot_lex lex;

    memset(&lex, 0, sizeof(lex));
    bot_lex_release(&lex);
    bot_lex_release(&lex); /* twice: release leaves it empty */
    ASSERT_EQ(0, lex.nvocab);
    ASSERT_EQ(0, lex.cap);
    ASSERT(lex.stemmer == NULL);
    ASSERT_EQ(0, bot_lex_init(&lex));
    bot_lex_release(&lex);
    ASSERT(lex.slots == NULL);
}

static const struct test_case cases[] = {
    {"lex_synonyms_share_a_concept", test_lex_synonyms_share_a_concept},
    {"lex_unrelated_words_share_no_concept",
     test_lex_unrelated_words_share_no_concept},
    {"lex_added_synonyms_share_a_concept",
     test_lex_added_synonyms_share_a_concept},
    {"lex_phrases_match_before_words", test_lex_phrases_match_before_words},
    {"lex_added_phrase_matches_before_words",
     test_lex_added_phrase_matches_before_words},
    {"lex_builtin_phrase_is_one_term", test_lex_builtin_phrase_is_one_term},
    {"lex_typo_corrected_towards_vocabulary",
     test_lex_typo_corrected_towards_vocabulary},
    {"lex_known_words_are_not_corrected",
     test_lex_known_words_are_not_corrected},
    {"lex_short_words_are_not_corrected",
     test_lex_short_words_are_not_corrected},
    {"lex_unknown_words_have_no_concept",
     test_lex_unknown_words_have_no_concept},
    {"lex_stopwords_give_no_term", test_lex_stopwords_give_no_term},
    {"lex_numbers", test_lex_numbers},
    {"lex_entity_alias", test_lex_entity_alias},
    {"lex_antonyms", test_lex_antonyms},
    {"lex_many_antonyms_grow", test_lex_many_antonyms_grow},
    {"lex_release_zeroed_is_safe", test_lex_release_zeroed_is_safe},
};
TEST_MAIN(cases)
