#include "bot/chat/split.h"

#include <string.h>

#include "bot/knowledge/text.h"
#include "test.h"

#define MAX_PIECES 256

struct pieces {
    size_t off[MAX_PIECES], len[MAX_PIECES];
    size_t n;
};

static int
blank(char c)
{
    return c == ' ' || c == '\n';
}

/* Splits all of @text and checks what holds for every piece: not empty,
 * within the budget (budget >= 4), valid UTF-8, not starting or ending with
 * a blank, and the advance covers only the piece and blanks. */
static void
split_all(const char *text, size_t budget, struct pieces *p)
{
    size_t off = 0, len = strlen(text), adv, n, k;

    p->n = 0;
    while (off < len) {
        adv = bot_split_next(text + off, len - off, budget, &n);
        ASSERT(p->n < MAX_PIECES);
        ASSERT(n > 0 && n <= budget && n <= adv && off + adv <= len);
        ASSERT_EQ(0, bot_text_utf8_check(text + off, n));
        ASSERT(!blank(text[off]));
        ASSERT(!blank(text[off + n - 1]));
        for (k = n; k < adv; k++)
            ASSERT(blank(text[off + k]));
        p->off[p->n] = off;
        p->len[p->n++] = n;
        off += adv;
    }
    ASSERT_EQ(0, bot_split_next(text + len, 0, budget, &n));
    ASSERT_EQ(0, n);
}

/* The pieces joined by @sep. */
static void
join(const char *text, const struct pieces *p, const char *sep, char *out,
     size_t cap)
{
    size_t i, o = 0, n;

    for (i = 0; i < p->n; i++) {
        n = p->len[i];
        ASSERT(o + n + strlen(sep) < cap);
        if (i > 0) {
            memcpy(out + o, sep, strlen(sep));
            o += strlen(sep);
        }
        memcpy(out + o, text + p->off[i], n);
        o += n;
    }
    out[o] = '\0';
}

static void
expect_piece(const char *text, size_t budget, const char *want, size_t adv)
{
    size_t n = 0;

    ASSERT_EQ(adv, bot_split_next(text, strlen(text), budget, &n));
    if (n != strlen(want) || memcmp(text, want, n) != 0)
        TEST_FAIL("budget %zu: want \"%s\", got \"%.*s\"", budget, want, (int)n,
                  text);
}

static void
test_split_short_text_is_one_piece(void)
{
    size_t n = 99;

    expect_piece("Hello, world. How are you?", 100,
                 "Hello, world. How are you?", 26);
    expect_piece("Exactly ten", 11, "Exactly ten", 11);
    expect_piece("Trailing.  \n", 100, "Trailing.", 12);
    ASSERT_EQ(0, bot_split_next("", 0, 100, &n));
    ASSERT_EQ(0, n);
}

static void
test_split_paragraph_at_sentences_and_spaces(void)
{
    static const char para[] =
        "Prosecutors in the capital said on Monday that the former minister "
        "would stand trial in June. The charges relate to contracts signed "
        "between 2019 and 2021, when the ministry bought medical equipment "
        "from three companies! Lawyers for the defence called the case "
        "politically motivated and said they would appeal? The court has "
        "not yet set a date for the first hearing, and the minister, who "
        "denies wrongdoing, remains free on bail pending the trial, which "
        "is expected to last several months and to hear dozens of witnesses.";
    struct pieces p;
    char out[sizeof(para) + 16];
    size_t i, sentences = 0;

    split_all(para, 100, &p);
    ASSERT(p.n >= 6);
    for (i = 0; i < p.n; i++) {
        const char *end = para + p.off[i] + p.len[i];

        ASSERT(p.len[i] <= 100);
        ASSERT(*end == ' ' || *end == '\0');
        if (strchr(".?!", end[-1]))
            sentences++;
    }
    /* "June." lies late in the first piece; "companies!" and "appeal?"
     * fall in the first half of theirs, so those pieces end at spaces */
    ASSERT_EQ(6, p.n);
    ASSERT_EQ(strchr(para, '.') + 1 - para, p.len[0]);
    ASSERT_EQ(2, sentences);
    join(para, &p, " ", out, sizeof(out));
    ASSERT_STR_EQ(para, out);
}

static void
test_split_prefers_late_sentence_end(void)
{
    /* ". " at 35 of 40: in the second half, so taken over later spaces */
    expect_piece("The court met on Monday to hear it. Then the judges left.",
                 40, "The court met on Monday to hear it.", 36);
    /* ". " at 4 of 40: too early, so the last space wins */
    expect_piece("Yes. The court met on Monday to hear the case again today.",
                 40, "Yes. The court met on Monday to hear the", 41);
    expect_piece("Line one is here\nand line two follows after it", 20,
                 "Line one is here", 17);
    expect_piece("Is it? Yes! It is. Really it is", 20, "Is it? Yes! It is.",
                 19);
}

static void
check_chars(const char *ch, size_t count, size_t budget, size_t want_len)
{
    char text[1024], out[1024];
    struct pieces p;
    size_t i, w = strlen(ch);

    ASSERT(w * count < sizeof(text));
    for (i = 0; i < count; i++)
        memcpy(text + i * w, ch, w);
    text[w * count] = '\0';
    split_all(text, budget, &p);
    for (i = 0; i + 1 < p.n; i++)
        ASSERT_EQ(want_len, p.len[i]);
    ASSERT(p.len[p.n - 1] <= want_len);
    join(text, &p, "", out, sizeof(out));
    ASSERT_STR_EQ(text, out);
}

static void
test_split_multibyte_never_cut(void)
{
    static const char mixed[] = "Zürich € 😀 naïve café — “quotes” "
                                "日本語のテキスト 😀😀 €€ ééé and more text "
                                "déjà vu: Straße, Ελληνικά, русский 🎉";
    struct pieces p;
    size_t budget;

    check_chars("é", 100, 25, 24);
    check_chars("€", 100, 10, 9);
    check_chars("😀", 100, 10, 8);
    check_chars("😀", 100, 4, 4);
    check_chars("a€", 100, 8, 8);
    for (budget = 4; budget <= 40; budget++)
        split_all(mixed, budget, &p); /* checks validity of every piece */
}

static void
test_split_long_word_cut_at_boundary(void)
{
    char word[251], want[101];

    memset(word, 'a', 250);
    word[250] = '\0';
    memset(want, 'a', 100);
    want[100] = '\0';
    check_chars("a", 250, 100, 100);
    /* "ü" takes bytes 9 and 10: a budget of 10 stops before it */
    expect_piece("aaaaaaaaaüber", 10, "aaaaaaaaa", 9);
    expect_piece("aaaaaaaaüber", 10, "aaaaaaaaü", 10);
    expect_piece(word, 100, want, 100);
}

static void
test_split_tiny_budget_still_progresses(void)
{
    /* a 4-byte character over a 2-byte budget: one whole character */
    expect_piece("😀😀", 2, "😀", 4);
    expect_piece("é", 1, "é", 2);
}

static void
test_split_no_piece_starts_with_space(void)
{
    static const char text[] = "word  word \n  word   \nword";
    size_t off = 0, len = strlen(text), adv, n, count = 0;

    while (off < len) {
        adv = bot_split_next(text + off, len - off, 6, &n);
        ASSERT_EQ(4, n);
        ASSERT_EQ(0, memcmp(text + off, "word", 4));
        off += adv;
        count++;
    }
    ASSERT_EQ(4, count);
}

static const struct test_case cases[] = {
    {"split_short_text_is_one_piece", test_split_short_text_is_one_piece},
    {"split_paragraph_at_sentences_and_spaces",
     test_split_paragraph_at_sentences_and_spaces},
    {"split_prefers_late_sentence_end", test_split_prefers_late_sentence_end},
    {"split_multibyte_never_cut", test_split_multibyte_never_cut},
    {"split_long_word_cut_at_boundary", test_split_long_word_cut_at_boundary},
    {"split_tiny_budget_still_progresses",
     test_split_tiny_budget_still_progresses},
    {"split_no_piece_starts_with_space", test_split_no_piece_starts_with_space},
};
TEST_MAIN(cases)
