#include "bot/answer/digest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/answer.h"
#include "bot/answer/phrase.h"
#include "bot/base/date.h"
#include "bot/knowledge/datescan.h"
#include "bot/knowledge/kb.h"
#include "bot/knowledge/kbload.h"
#include "bot/knowledge/text.h"
#include "fixture.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static struct bot_date
day(int y, int m, int d)
{
    struct bot_date out;

    ASSERT_EQ(0, bot_date_ymd(&out, y, m, d));
    return out;
}

static int
fact_index(const char *id)
{
    size_t i;

    for (i = 0; i < fixture_kb()->nfacts; i++) {
        if (strcmp(fixture_kb()->facts[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

/* What every reply must satisfy: a NUL inside the cap, valid UTF-8, and
 * sources that are sentence numbers of the article, each named once. */
static void
check_reply(const struct bot_reply *r)
{
    const char *end = memchr(r->text, '\0', sizeof(r->text));
    int i, j;

    ASSERT(end != NULL);
    ASSERT((size_t)(end - r->text) < BOT_REPLY_MAX);
    ASSERT(end > r->text);
    ASSERT_EQ(0, bot_text_utf8_check(r->text, (size_t)(end - r->text)));
    ASSERT(r->nsources >= 0 && r->nsources <= BOT_SOURCES_MAX);
    for (i = 0; i < r->nsources; i++) {
        ASSERT(r->sources[i] >= 1 &&
               (size_t)r->sources[i] <= fixture_kb()->nsentences);
        for (j = 0; j < i; j++)
            ASSERT(r->sources[i] != r->sources[j]);
    }
}

static void
summary(int sentences, struct bot_reply *r)
{
    bot_reply_init(r, BOT_KIND_SUMMARY);
    bot_digest_summary(fixture_kb(), sentences, 0, NULL, r);
    check_reply(r);
    ASSERT_EQ(1, r->answered);
}

static void
test_digest_summary_lengths(void)
{
    static struct bot_reply one, three, five;
    size_t len;

    summary(1, &one);
    summary(3, &three);
    summary(5, &five);
    /* one sentence: the lead, and the next date ahead */
    ASSERT_EQ(2, one.nsources);
    ASSERT_EQ(3, three.nsources);
    ASSERT_EQ(5, five.nsources);
    ASSERT(strlen(one.text) < strlen(three.text));
    ASSERT(strlen(three.text) < strlen(five.text));
    /* one sentence: it ends the text, and no other ends before it */
    len = strlen(one.text);
    ASSERT(one.text[len - 1] == '.');
    ASSERT(strstr(one.text, ". ") == NULL);
    ASSERT(strchr(one.text, '\n') == NULL);
}

static void
test_digest_summary_default(void)
{
    static struct bot_reply def, three;

    summary(0, &def);
    summary(3, &three);
    ASSERT_CONTAINS(def.text, "Supreme Court");
    /* the header promises three sentences by default */
    ASSERT_EQ(3, def.nsources);
    ASSERT_STR_EQ(three.text, def.text);
    /* several sentences name where they come from */
    ASSERT_CONTAINS(def.text, fixture_kb()->outlet);
}

static void
timeline(const struct bot_date *now, struct bot_reply *r)
{
    bot_reply_init(r, BOT_KIND_TIMELINE);
    bot_digest_timeline(fixture_kb(), now, 0, r);
    check_reply(r);
    ASSERT_EQ(1, r->answered);
}

static const char *
find(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);

    if (!p)
        TEST_FAIL("\"%s\" does not contain \"%s\"", hay, needle);
    return p;
}

static void
test_digest_timeline_in_date_order(void)
{
    struct bot_date now = day(2025, 4, 3);
    static struct bot_reply r;
    const char *p2003, *p2021, *p2024, *phearing;

    timeline(&now, &r);
    p2003 = find(r.text, "2003");
    p2021 = find(r.text, "2021");
    p2024 = find(r.text, "2024");
    phearing = find(r.text, "17 April 2025");
    ASSERT(p2003 < p2021);
    ASSERT(p2021 < p2024);
    ASSERT(p2024 < phearing);
    ASSERT(r.nsources > 3);
}

/* Reads each "<date>: <label>[ (how far)]" line back and checks that the
 * dates rise and that exactly the lines of events not yet over say how
 * far ahead they are. Returns how many do. */
static int
check_timeline_lines(const char *text, const struct bot_date *now)
{
    struct bot_date_ctx ctx;
    struct bot_date prev = {0}, d;
    const char *line = text;
    int lines = 0, ahead = 0;

    ctx.anchor = fixture_kb()->published;
    ctx.now = *now;
    while ((line = strchr(line, '\n')) != NULL) {
        char when[64];
        const char *colon, *eol;
        size_t n, i;
        int is_ahead;
        line++;
        colon = strstr(line, ": ");
        eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        ASSERT(colon != NULL && colon < eol);
        n = (size_t)(colon - line);
        ASSERT(n > 0 && n < sizeof(when));
        for (i = 0; i < n; i++)
            when[i] = (char)tolower((unsigned char)line[i]);
        when[n] = '\0';
        if (bot_datescan_find(when, &ctx, &d, NULL, NULL) != 0)
            TEST_FAIL("timeline line without a date: %.*s", (int)(eol - line),
                      line);
        if (lines > 0 && bot_date_cmp(&prev, &d) > 0)
            TEST_FAIL("timeline out of order at: %.*s", (int)(eol - line),
                      line);
        is_ahead = eol > line && eol[-1] == ')';
        if (is_ahead != (bot_date_last_day(&d) >= bot_date_first_day(now)))
            TEST_FAIL("timeline line %s how far ahead it is: %.*s",
                      is_ahead ? "wrongly says" : "does not say",
                      (int)(eol - line), line);
        ahead += is_ahead;
        prev = d;
        lines++;
    }
    ASSERT(lines >= 4);
    return ahead;
}

static void
test_digest_timeline_marks_future(void)
{
    struct bot_date before = day(2025, 4, 3), after = day(2026, 11, 29);
    static struct bot_reply r;
    const char *hearing;

    timeline(&before, &r);
    ASSERT(strlen(r.text) <= BOT_DIGEST_PAGE_BYTES); /* one chat message */
    ASSERT(check_timeline_lines(r.text, &before) >= 1);
    hearing = find(r.text, "17 April 2025");
    ASSERT(strstr(hearing, "(in 14 days)") != NULL);
    timeline(&after, &r);
    ASSERT_EQ(0, check_timeline_lines(r.text, &after));
    ASSERT_NOT_CONTAINS(r.text, "(in ");
    ASSERT_CONTAINS(r.text, "17 April 2025");
}

static void
upcoming(int y, int m, int d, struct bot_reply *r)
{
    struct bot_date now = day(y, m, d);

    bot_reply_init(r, BOT_KIND_UPCOMING);
    bot_digest_upcoming(fixture_kb(), &now, r);
    check_reply(r);
    ASSERT_EQ(1, r->answered);
    ASSERT(r->nsources > 0);
}

static void
test_digest_upcoming_counts_down(void)
{
    static struct bot_reply r;

    /* on the day of publication: what was reported is not coming up, and
     * the lifting expected "in April" is its own event, starting tomorrow */
    upcoming(2025, 3, 31, &r);
    ASSERT_NOT_CONTAINS(r.text, "request");
    ASSERT_CONTAINS(r.text, "expected to lift the ban in April 2025");
    ASSERT_CONTAINS(r.text, "from tomorrow");
    ASSERT_NOT_CONTAINS(r.text, "1 days");
    upcoming(2025, 4, 3, &r);
    ASSERT_CONTAINS(r.text, "17 April 2025");
    ASSERT_CONTAINS(r.text, "in 14 days");
    ASSERT_NOT_CONTAINS(r.text, "passed");
    upcoming(2025, 4, 16, &r);
    ASSERT_CONTAINS(r.text, "17 April 2025");
    ASSERT_CONTAINS(r.text, "tomorrow");
    upcoming(2025, 4, 17, &r);
    ASSERT_CONTAINS(r.text, "17 April 2025");
    ASSERT_CONTAINS(r.text, "today");
    ASSERT_NOT_CONTAINS(r.text, "tomorrow");
}

static void
test_digest_upcoming_after_the_event_says_passed(void)
{
    static struct bot_reply r;

    upcoming(2026, 11, 29, &r);
    ASSERT_CONTAINS(r.text, "passed");
    ASSERT_CONTAINS(r.text, "17 April 2025");
    ASSERT_NOT_CONTAINS(r.text, "in 14 days");
}

static void
test_digest_countdown_to_hearing(void)
{
    struct bot_date now = day(2025, 4, 3), later = day(2026, 11, 29);
    int hearing = fact_index("hearing");
    static struct bot_reply r;

    ASSERT(hearing >= 0);
    bot_reply_init(&r, BOT_KIND_COUNTDOWN);
    bot_digest_countdown(fixture_kb(), hearing, &now, 0, &r);
    check_reply(&r);
    ASSERT_EQ(1, r.answered);
    ASSERT_EQ(hearing, r.fact);
    ASSERT_CONTAINS(r.text, "14 days");
    ASSERT_CONTAINS(r.text, "17 April 2025");
    ASSERT_EQ(1, r.nsources);
    ASSERT_EQ(fixture_kb()->facts[hearing].sentence, r.sources[0]);
    /* the next event, when none is named, is the hearing too */
    bot_reply_init(&r, BOT_KIND_COUNTDOWN);
    bot_digest_countdown(fixture_kb(), -1, &now, 0, &r);
    check_reply(&r);
    ASSERT_EQ(hearing, r.fact);
    /* after it, the countdown says how long ago */
    bot_reply_init(&r, BOT_KIND_COUNTDOWN);
    bot_digest_countdown(fixture_kb(), hearing, &later, 0, &r);
    check_reply(&r);
    ASSERT_CONTAINS(r.text, "591 days ago");
    ASSERT_NOT_CONTAINS(r.text, "14 days");
}

static void
test_digest_countdown_words(void)
{
    static const struct {
        long days;
        const char *words;
    } c[] = {
        {0, "today"},           {1, "tomorrow"},    {-1, "yesterday"},
        {2, "in 2 days"},       {16, "in 16 days"}, {-2, "2 days ago"},
        {-591, "591 days ago"},
    };
    char buf[32];
    size_t i;

    for (i = 0; i < NCASES(c); i++) {
        memset(buf, 'x', sizeof(buf));
        bot_phrase_countdown(c[i].days, buf, sizeof(buf));
        ASSERT_STR_EQ(c[i].words, buf);
    }
    /* a small buffer is cut, but still ends in a NUL */
    memset(buf, 'x', sizeof(buf));
    bot_phrase_countdown(16, buf, 4);
    ASSERT_STR_EQ("in ", buf);
}

static void
test_digest_help_names_the_article(void)
{
    static struct bot_reply r;
    char pub[48];

    ASSERT(bot_date_format(&fixture_kb()->published, pub, sizeof(pub)) > 0);
    ASSERT_STR_EQ("31 March 2025", pub);
    bot_reply_init(&r, BOT_KIND_HELP);
    bot_digest_help(fixture_kb(), &r);
    check_reply(&r);
    ASSERT_EQ(1, r.answered);
    ASSERT_CONTAINS(r.text, "DW News");
    ASSERT_CONTAINS(r.text, fixture_kb()->outlet);
    ASSERT_CONTAINS(r.text, pub);
    ASSERT_CONTAINS(r.text, "summary");
    /* the bot's own command: version, uptime, articles, reminders */
    ASSERT_CONTAINS(r.text, "\"status\"");
}

static const struct test_case cases[] = {
    {"digest_summary_lengths", test_digest_summary_lengths},
    {"digest_summary_default", test_digest_summary_default},
    {"digest_timeline_in_date_order", test_digest_timeline_in_date_order},
    {"digest_timeline_marks_future", test_digest_timeline_marks_future},
    {"digest_upcoming_counts_down", test_digest_upcoming_counts_down},
    {"digest_upcoming_after_the_event_says_passed",
     test_digest_upcoming_after_the_event_says_passed},
    {"digest_countdown_to_hearing", test_digest_countdown_to_hearing},
    {"digest_countdown_words", test_digest_countdown_words},
    {"digest_help_names_the_article", test_digest_help_names_the_article},
};
TEST_MAIN(cases)
