#include "bot/base/date.h"

#include <string.h>

#include "bot/base/err.h"
#include "bot/knowledge/datescan.h"
#include "test.h"

/* A scanned text, the date it resolves to (as bot_date_format() writes
 * it) and the span the scan reports (NULL: not checked). */
struct scan_case {
    const char *text, *want, *span;
};

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static struct bot_date_ctx
ctx_for(const char *anchor, const char *now)
{
    struct bot_date_ctx ctx;

    ASSERT_EQ(0, bot_date_parse_now(&ctx.anchor, anchor));
    ASSERT_EQ(0, bot_date_parse_now(&ctx.now, now));
    return ctx;
}

/* The article's dateline, a Monday, and the reader on the Thursday after. */
static struct bot_date_ctx
ctx_default(void)
{
    return ctx_for("2025-03-31", "2025-04-03T09:15");
}

static struct bot_date
iso(const char *s)
{
    struct bot_date d;

    if (bot_date_parse_iso(&d, s) != 0)
        TEST_FAIL("bot_date_parse_iso(\"%s\") failed", s);
    return d;
}

static struct bot_date
ymd(int y, int m, int day)
{
    struct bot_date d;

    ASSERT_EQ(0, bot_date_ymd(&d, y, m, day));
    return d;
}

static long
day_no(int y, int m, int day)
{
    struct bot_date d = ymd(y, m, day);

    return bot_date_first_day(&d);
}

static void
check_in(const struct bot_date_ctx *ctx, const struct scan_case *c, size_t n)
{
    struct bot_date d;
    size_t i, start, end;
    char buf[64];

    for (i = 0; i < n; i++) {
        start = end = 0;
        if (bot_datescan_find(c[i].text, ctx, &d, &start, &end) != 0)
            TEST_FAIL("\"%s\": no date found", c[i].text);
        ASSERT(bot_date_format(&d, buf, sizeof(buf)) > 0);
        if (strcmp(buf, c[i].want) != 0)
            TEST_FAIL("\"%s\": want \"%s\", got \"%s\"", c[i].text, c[i].want,
                      buf);
        ASSERT(start < end && end <= strlen(c[i].text));
        if (c[i].span && (strlen(c[i].span) != end - start ||
                          memcmp(c[i].text + start, c[i].span, end - start)))
            TEST_FAIL("\"%s\": want span \"%s\", got \"%.*s\"", c[i].text,
                      c[i].span, (int)(end - start), c[i].text + start);
    }
}

static void
check(const struct scan_case *c, size_t n)
{
    struct bot_date_ctx ctx = ctx_default();

    check_in(&ctx, c, n);
}

static void
check_no_date(const char *const *texts, size_t n)
{
    struct bot_date_ctx ctx = ctx_default();
    struct bot_date d;
    size_t i, start = 7, end = 7;

    for (i = 0; i < n; i++) {
        if (bot_datescan_find(texts[i], &ctx, &d, &start, &end) != BOT_EINVAL)
            TEST_FAIL("\"%s\": found a date", texts[i]);
        ASSERT_EQ(BOT_PREC_NONE, d.prec);
        ASSERT_EQ(7, start);
        ASSERT_EQ(7, end);
    }
}

static void
test_date_scans_every_header_example(void)
{
    static const struct scan_case c[] = {
        {"2003", "2003", "2003"},
        {"in 2003", "2003", "2003"},
        {"august 2021", "August 2021", "august 2021"},
        {"aug 2021", "August 2021", "aug 2021"},
        {"july last year", "July 2024", "july last year"},
        {"last year", "2024", "last year"},
        {"this year", "2025", "this year"},
        {"next year", "2026", "next year"},
        {"in december", "December 2024", "december"},
        {"december", "December 2024", "december"},
        {"april 17", "17 April 2025", "april 17"},
        {"april 17th", "17 April 2025", "april 17th"},
        {"17 april", "17 April 2025", "17 april"},
        {"17 april 2025", "17 April 2025", "17 april 2025"},
        {"april 17 2025", "17 April 2025", "april 17 2025"},
        {"2025-04-17", "17 April 2025", "2025-04-17"},
        {"2024-07", "July 2024", "2024-07"},
        {"monday", "31 March 2025", "monday"},
        {"last monday", "31 March 2025", "last monday"},
        {"the 1980s", "the 1980s", "the 1980s"},
        {"1980s", "the 1980s", "1980s"},
        {"the end of 2023", "the end of 2023", "the end of 2023"},
        {"end of 2023", "the end of 2023", "end of 2023"},
        {"late 2023", "the end of 2023", "late 2023"},
        {"early 2024", "early 2024", "early 2024"},
        {"mid 2024", "mid-2024", "mid 2024"},
        {"the beginning of 2024", "early 2024", "the beginning of 2024"},
        {"today", "3 April 2025", "today"},
        {"tomorrow", "4 April 2025", "tomorrow"},
        {"yesterday", "2 April 2025", "yesterday"},
        {"last month", "March 2025", "last month"},
        {"this month", "April 2025", "this month"},
        {"next month", "May 2025", "next month"},
    };

    check(c, NCASES(c));
}

static void
test_date_resolves_month_last_year(void)
{
    static const struct scan_case c[] = {
        {"what happened in july last year?", "July 2024", "july last year"},
        {"july of last year", "July 2024", "july of last year"},
        {"in march this year", "March 2025", "march this year"},
        {"december next year", "December 2026", "december next year"},
        {"may last year", "May 2024", "may last year"},
    };

    check(c, NCASES(c));
}

static void
test_date_resolves_month_nearest_anchor(void)
{
    static const struct scan_case c[] = {
        {"in december", "December 2024", "december"},
        {"in april", "April 2025", "april"},
        {"july", "July 2025", "july"}, /* 3 months ahead, not 8 back */
        {"march", "March 2025", "march"},
        {"in aug", "August 2025", "aug"},
        {"october", "October 2024", "october"},
        {"september", "September 2024", NULL}, /* a tie goes to the past */
        {"sept", "September 2024", NULL},
        {"jan", "January 2025", NULL},
    };
    static const struct scan_case year_end[] = {
        {"january", "January 2025", NULL},
        {"on jan 3", "3 January 2025", "jan 3"},
        {"november", "November 2024", NULL},
        {"next year", "2025", NULL},
    };
    struct bot_date_ctx ctx = ctx_for("2024-12-20", "2024-12-20");

    check(c, NCASES(c));
    check_in(&ctx, year_end, NCASES(year_end));
}

static void
test_date_resolves_day_nearest_anchor(void)
{
    static const struct scan_case c[] = {
        {"april 17", "17 April 2025", NULL},
        {"april 17th", "17 April 2025", NULL},
        {"17 april", "17 April 2025", NULL},
        {"the 17th of april", "17 April 2025", "17th of april"},
        {"december 25", "25 December 2024", NULL},
        {"sep 1st", "1 September 2025", NULL},
        {"oct 2nd", "2 October 2024", NULL},
        {"3rd march", "3 March 2025", NULL},
        {"on march 31", "31 March 2025", "march 31"},
        /* only 2024 has a 29 February within a year of the anchor */
        {"february 29", "29 February 2024", NULL},
        /* no 30 February at all: just the month */
        {"february 30", "February 2025", "february"},
    };

    check(c, NCASES(c));
}

static void
test_date_scans_explicit_day_month_year(void)
{
    static const struct scan_case c[] = {
        {"17 april 2025", "17 April 2025", "17 april 2025"},
        {"april 17 2025", "17 April 2025", "april 17 2025"},
        {"april 17, 2025", "17 April 2025", "april 17, 2025"},
        {"on april 17th, 2025.", "17 April 2025", "april 17th, 2025"},
        {"17th of april 2025", "17 April 2025", "17th of april 2025"},
        {"4 jul 1976", "4 July 1976", NULL},
        {"29 february 2024", "29 February 2024", NULL},
        {"5 may last year", "5 May 2024", "5 may last year"},
        {"april 17, 2025, 2026", "17 April 2025", "april 17, 2025"},
        {"17 april. 2025", "17 April 2025", "17 april"},
    };

    check(c, NCASES(c));
}

static void
test_date_scans_month_year(void)
{
    static const struct scan_case c[] = {
        {"august 2021", "August 2021", NULL},
        {"in aug 2021?", "August 2021", "aug 2021"},
        {"may 2024", "May 2024", "may 2024"},
        {"jan 1999", "January 1999", NULL},
        {"june of 2023", "June 2023", "june of 2023"},
        {"in march 1066", "March 1066", NULL},
    };

    check(c, NCASES(c));
}

static void
test_date_scans_iso_in_text(void)
{
    static const struct scan_case c[] = {
        {"published 2025-04-17 at noon", "17 April 2025", "2025-04-17"},
        {"in 2024-07.", "July 2024", "2024-07"},
        /* an impossible day or month leaves just the year */
        {"on 2025-02-30", "2025", "2025"},
        {"on 2025-13", "2025", "2025"},
        /* not a month: the season's first year */
        {"the 2019-20 season", "2019", "2019"},
    };

    check(c, NCASES(c));
}

static void
test_date_scans_years(void)
{
    static const struct scan_case c[] = {
        {"2003", "2003", "2003"},
        {"what happened in 2003?", "2003", "2003"},
        {"1900", "1900", NULL},
        {"2099", "2099", NULL},
        {"from 1990-2000", "1990", "1990"},
        {"since 2003", "2003", "2003"},
    };
    static const char *const none[] = {"1899", "2100", "20030", "x2003", "203"};

    check(c, NCASES(c));
    check_no_date(none, NCASES(none));
}

static void
test_date_scan_counts_are_not_years(void)
{
    static const struct scan_case c[] = {
        {"1999 days later, in 2021", "2021", "2021"},
        /* a count after a month is not its day */
        {"in december 17 people died", "December 2024", "december"},
        {"in august 2000 people marched", "August 2025", "august"},
    };
    static const char *const none[] = {
        "140 people were killed",
        "for 20 years",
        "2000 people marched",
        "about 1950 killed",
        "2000 km",
        "it rose 2000% overnight",
        "raised $2000",
        "1999 members and 2010 years",
        "2024 year",
    };

    check(c, NCASES(c));
    check_no_date(none, NCASES(none));
}

static void
test_date_may_alone_is_not_a_month(void)
{
    static const struct scan_case c[] = {
        {"may 17", "17 May 2025", "may 17"},
        {"17 may", "17 May 2025", "17 may"},
        {"the mayor of 2019", "2019", "2019"},
        {"they may return in june", "June 2025", "june"},
    };
    static const char *const none[] = {"may", "they may return", "in may",
                                       "the mayor spoke", "last may be first"};

    check(c, NCASES(c));
    check_no_date(none, NCASES(none));
}

static void
test_date_matches_on_word_boundaries(void)
{
    static const char *const none[] = {
        "marchers and junior decorators",
        "the augmented octopus",
        "mondays are dull",
        "the 17th floor",
        "a b1990 c2000d",
        "todays news",
        "lastyear",
    };

    check_no_date(none, NCASES(none));
}

/* "a year ago", "3 months ago": counted back from now, as precise as the
 * unit. */
static void
test_date_scans_ago_from_now(void)
{
    static const struct scan_case c[] = {
        {"was it like a year ago right?", "January 2024", "a year ago"},
        {"3 years ago", "2022", NULL},
        {"two months ago", "November 2024", NULL},
        {"10 days ago", "5 January 2025", NULL},
        {"a week ago", "the week of 6 January 2025", NULL},
    };
    static const char *const none[] = {"years ago", "a year", "a ago"};
    struct bot_date_ctx ctx = ctx_for("2024-06-01", "2025-01-15");
    struct bot_date d;
    size_t i;

    check_in(&ctx, c, NCASES(c));
    for (i = 0; i < NCASES(none); i++) {
        if (bot_datescan_find(none[i], &ctx, &d, NULL, NULL) != BOT_EINVAL)
            TEST_FAIL("\"%s\" read as a date", none[i]);
    }
}

static void
test_date_scans_relative_years_from_anchor(void)
{
    static const struct scan_case c[] = {
        {"what about last year?", "2024", "last year"},
        {"this year", "2025", NULL},
        {"next year", "2026", NULL},
    };

    check(c, NCASES(c));
}

static void
test_date_scans_relative_months_from_now(void)
{
    static const struct scan_case c[] = {
        {"last month", "December 2024", NULL},
        {"this month", "January 2025", NULL},
        {"next month", "February 2025", NULL},
        {"last year", "2023", NULL}, /* years still follow the anchor */
    };
    struct bot_date_ctx ctx = ctx_for("2024-06-01", "2025-01-15");

    check_in(&ctx, c, NCASES(c));
}

static void
test_date_scans_today_tomorrow_yesterday_from_now(void)
{
    static const struct scan_case c[] = {
        {"what is on today?", "31 December 2025", "today"},
        {"tomorrow", "1 January 2026", NULL},
        {"yesterday", "30 December 2025", NULL},
    };
    struct bot_date_ctx ctx = ctx_for("2024-06-01", "2025-12-31T23:00");

    check_in(&ctx, c, NCASES(c));
}

static void
test_date_scans_weekdays_before_anchor(void)
{
    static const struct scan_case c[] = {
        {"monday", "31 March 2025", "monday"},
        {"on monday", "31 March 2025", "monday"},
        {"since last monday", "31 March 2025", "last monday"},
        {"friday", "28 March 2025", NULL},
        {"tuesday", "25 March 2025", NULL},
        {"on sunday", "30 March 2025", NULL},
    };

    check(c, NCASES(c));
}

static void
test_date_scans_next_weekday_in_the_week_after_now(void)
{
    static const struct scan_case c[] = {
        {"next monday", "7 April 2025", "next monday"},
        {"next thursday", "10 April 2025", NULL}, /* now is a Thursday */
        /* next week's: tomorrow is "Friday" or "this Friday" */
        {"next friday", "11 April 2025", NULL},
    };

    check(c, NCASES(c));
}

static void
test_date_scans_last_and_next_month_name(void)
{
    static const struct scan_case c[] = {
        {"last july", "July 2024", "last july"},
        {"last march", "March 2024", NULL}, /* before the anchor's month */
        {"last february", "February 2025", NULL},
        {"next july", "July 2025", "next july"},
        {"next april", "April 2026", NULL}, /* after the reader's month */
    };

    check(c, NCASES(c));
}

static void
test_date_scans_decades(void)
{
    static const struct scan_case c[] = {
        {"the 1980s", "the 1980s", "the 1980s"},
        {"in the 1980s", "the 1980s", "the 1980s"},
        {"music of 1980s", "the 1980s", "1980s"},
        {"the 1990's", "the 1990s", "the 1990's"},
        {"2000s", "the 2000s", NULL},
    };
    static const char *const none[] = {"the 1985s", "the 980s"};

    check(c, NCASES(c));
    check_no_date(none, NCASES(none));
}

static void
test_date_scans_parts_of_years(void)
{
    static const struct scan_case c[] = {
        {"by the end of 2023.", "the end of 2023", "the end of 2023"},
        {"at end of 2023", "the end of 2023", "end of 2023"},
        {"late 2023", "the end of 2023", "late 2023"},
        {"early 2024", "early 2024", "early 2024"},
        {"the beginning of 2024", "early 2024", NULL},
        {"the start of 2024", "early 2024", "the start of 2024"},
        {"since mid-2024,", "mid-2024", "mid-2024"},
        {"mid 2024", "mid-2024", "mid 2024"},
        {"the middle of 2024", "mid-2024", "the middle of 2024"},
        {"late last year", "the end of 2024", "late last year"},
        {"at the start of last year", "early 2024", NULL},
        /* a part word without a year leaves the year to stand alone */
        {"the end of the war in 2022", "2022", "2022"},
    };

    check(c, NCASES(c));
}

static void
test_date_scan_returns_leftmost_with_span(void)
{
    const char *text = "from march 2020 to the end of 2023";
    struct bot_date_ctx ctx = ctx_default();
    struct bot_date d;
    size_t start = 0, end = 0;

    ASSERT_EQ(0, bot_datescan_find(text, &ctx, &d, &start, &end));
    ASSERT_EQ(5, start);
    ASSERT_EQ(15, end);
    ASSERT_EQ(BOT_PREC_MONTH, d.prec);
    ASSERT_EQ(2020, d.year);
    ASSERT_EQ(3, d.month);
    ASSERT_EQ(0, d.day);
    ASSERT_EQ(0, bot_datescan_find(text + end, &ctx, &d, &start, &end));
    ASSERT_EQ(BOT_PREC_PART, d.prec);
    ASSERT_EQ(BOT_PART_END, d.part);
    ASSERT_EQ(2023, d.year);
    ASSERT_EQ(4, start); /* " to the end of 2023" */
    ASSERT_EQ(0, bot_datescan_find("2019 then 2020", &ctx, &d, &start, NULL));
    ASSERT_EQ(2019, d.year);
    ASSERT_EQ(0, start);
    ASSERT_EQ(0, bot_datescan_find("2019 then 2020", &ctx, NULL, NULL, &end));
    ASSERT_EQ(4, end);
}

static void
test_date_scan_rejects_bad_input(void)
{
    static const char *const none[] = {"", "   ,,, ?? ...",
                                       "no dates here, just words.",
                                       "about 1500 workers dug it"};
    struct bot_date_ctx ctx = ctx_default();
    struct bot_date d;

    check_no_date(none, NCASES(none));
    ASSERT_EQ(BOT_EINVAL, bot_datescan_find(NULL, &ctx, &d, NULL, NULL));
    ASSERT_EQ(BOT_EINVAL, bot_datescan_find("2003", NULL, &d, NULL, NULL));
    ctx.anchor.prec = BOT_PREC_YEAR; /* the context must be exact days */
    ASSERT_EQ(BOT_EINVAL, bot_datescan_find("2003", &ctx, &d, NULL, NULL));
    ctx = ctx_default();
    ctx.now.month = 13;
    ASSERT_EQ(BOT_EINVAL, bot_datescan_find("2003", &ctx, &d, NULL, NULL));
}

static void
test_date_scan_long_text_without_dates(void)
{
    static const char words[] = "the mayor may march on ";
    size_t n = 200000, i, wl = sizeof(words) - 1;
    char *text = malloc(n + 1);
    const char *const none[] = {text};
    struct bot_date_ctx ctx = ctx_default();
    struct bot_date d;

    ASSERT(text != NULL);
    for (i = 0; i + wl <= n; i += wl)
        memcpy(text + i, words, wl);
    memset(text + i, '7', n - i);
    text[n] = '\0';
    ASSERT_EQ(0, bot_datescan_find(text, &ctx, &d, NULL, NULL));
    ASSERT_EQ(BOT_PREC_MONTH, d.prec); /* "march": an accepted ambiguity */
    for (i = 0; i < n; i++) {
        if (text[i] == 'r' || text[i] == 'y')
            text[i] = 'q';
    }
    check_no_date(none, 1);
    memset(text, ' ', n);
    check_no_date(none, 1);
    memset(text, '9', n);
    check_no_date(none, 1);
    for (i = 0; i < n; i++)
        text[i] = i % 2 ? '-' : '2';
    check_no_date(none, 1);
    free(text);
}

static void
test_date_ymd_validates_days(void)
{
    struct bot_date d;

    ASSERT_EQ(0, bot_date_ymd(&d, 2024, 2, 29));
    ASSERT_EQ(2024, d.year);
    ASSERT_EQ(2, d.month);
    ASSERT_EQ(29, d.day);
    ASSERT_EQ(0, d.hour);
    ASSERT_EQ(BOT_PREC_DAY, d.prec);
    ASSERT_EQ(BOT_PART_NONE, d.part);
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 2025, 2, 29));
    ASSERT_EQ(BOT_PREC_NONE, d.prec);
    ASSERT_EQ(0, bot_date_ymd(&d, 2000, 2, 29));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 1900, 2, 29));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 2025, 4, 31));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 2025, 13, 1));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 2025, 0, 1));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 2025, 1, 0));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 2025, 1, 32));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 0, 1, 1));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(&d, 10000, 1, 1));
    ASSERT_EQ(BOT_EINVAL, bot_date_ymd(NULL, 2025, 1, 1));
}

static void
test_date_day_numbers_from_epoch(void)
{
    ASSERT_EQ(0, day_no(1970, 1, 1));
    ASSERT_EQ(-1, day_no(1969, 12, 31));
    ASSERT_EQ(59, day_no(1970, 3, 1));
    ASSERT_EQ(10957, day_no(2000, 1, 1));
    ASSERT_EQ(11017, day_no(2000, 3, 1));
    ASSERT_EQ(20178, day_no(2025, 3, 31));
    ASSERT_EQ(-354285, day_no(1000, 1, 1));
    ASSERT_EQ(2932896, day_no(9999, 12, 31));
    ASSERT_EQ(146097, day_no(2370, 1, 1) - day_no(1970, 1, 1));
}

static void
test_date_first_and_last_day_of_each_precision(void)
{
    static const struct {
        const char *iso;
        int y0, m0, d0, y1, m1, d1;
    } c[] = {
        {"2024", 2024, 1, 1, 2024, 12, 31},
        {"2024-02", 2024, 2, 1, 2024, 2, 29},
        {"2025-02", 2025, 2, 1, 2025, 2, 28},
        {"2024-12", 2024, 12, 1, 2024, 12, 31},
        {"1980s", 1980, 1, 1, 1989, 12, 31},
        {"2023-end", 2023, 9, 1, 2023, 12, 31},
        {"2024-start", 2024, 1, 1, 2024, 4, 30},
        {"2024-mid", 2024, 5, 1, 2024, 8, 31},
        {"2025-04-17", 2025, 4, 17, 2025, 4, 17},
    };
    struct bot_date d;
    size_t i;

    for (i = 0; i < NCASES(c); i++) {
        d = iso(c[i].iso);
        ASSERT_EQ(day_no(c[i].y0, c[i].m0, c[i].d0), bot_date_first_day(&d));
        ASSERT_EQ(day_no(c[i].y1, c[i].m1, c[i].d1), bot_date_last_day(&d));
    }
    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-04-17T23:59"));
    ASSERT_EQ(day_no(2025, 4, 17), bot_date_first_day(&d));
    ASSERT_EQ(day_no(2025, 4, 17), bot_date_last_day(&d));
}

static void
test_date_days_between(void)
{
    struct bot_date a = iso("2025-04-03"), b = iso("2025-04-17");

    ASSERT_EQ(14, bot_date_days_between(&a, &b));
    ASSERT_EQ(-14, bot_date_days_between(&b, &a));
    ASSERT_EQ(0, bot_date_days_between(&a, &a));
    a = iso("2024-02-28");
    b = iso("2024-03-01");
    ASSERT_EQ(2, bot_date_days_between(&a, &b));
    a = iso("2025-02-28");
    b = iso("2025-03-01");
    ASSERT_EQ(1, bot_date_days_between(&a, &b));
    a = iso("2024-12-31");
    b = iso("2025"); /* a year counts from its first day */
    ASSERT_EQ(1, bot_date_days_between(&a, &b));
    ASSERT_EQ(0, bot_date_parse_now(&a, "2025-04-03T23:59"));
    b = iso("2025-04-17");
    ASSERT_EQ(14, bot_date_days_between(&a, &b));
}

static void
test_date_weekday(void)
{
    struct bot_date d = iso("2025-03-31");

    ASSERT_EQ(0, bot_date_weekday(&d));
    d = iso("2025-04-06");
    ASSERT_EQ(6, bot_date_weekday(&d));
    d = iso("1970-01-01");
    ASSERT_EQ(3, bot_date_weekday(&d));
    d = iso("2000-02-29");
    ASSERT_EQ(1, bot_date_weekday(&d));
    d = iso("1969-12-28");
    ASSERT_EQ(6, bot_date_weekday(&d));
    d = iso("1000-01-01");
    ASSERT_EQ(2, bot_date_weekday(&d));
    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-04-03T09:15"));
    ASSERT_EQ(3, bot_date_weekday(&d));
    d = iso("2025-03");
    ASSERT_EQ(BOT_EINVAL, bot_date_weekday(&d));
}

static void
test_date_add_days_across_month_and_year(void)
{
    struct bot_date d = iso("2025-03-31");

    bot_date_add_days(&d, 1);
    ASSERT_EQ(2025, d.year);
    ASSERT_EQ(4, d.month);
    ASSERT_EQ(1, d.day);
    ASSERT_EQ(BOT_PREC_DAY, d.prec);
    d = iso("2024-12-31");
    bot_date_add_days(&d, 1);
    ASSERT_EQ(2025, d.year);
    ASSERT_EQ(1, d.month);
    ASSERT_EQ(1, d.day);
    bot_date_add_days(&d, -1);
    ASSERT_EQ(2024, d.year);
    ASSERT_EQ(12, d.month);
    ASSERT_EQ(31, d.day);
    d = iso("2024-02-28");
    bot_date_add_days(&d, 1);
    ASSERT_EQ(2, d.month);
    ASSERT_EQ(29, d.day);
    bot_date_add_days(&d, 366);
    ASSERT_EQ(2025, d.year);
    ASSERT_EQ(3, d.month);
    ASSERT_EQ(1, d.day);
    bot_date_add_days(&d, 0);
    ASSERT_EQ(1, d.day);
    d = iso("2025-03-31");
    bot_date_add_days(&d, 59 - 20178); /* back to 1970-03-01 */
    ASSERT_EQ(1970, d.year);
    ASSERT_EQ(3, d.month);
    ASSERT_EQ(1, d.day);
    bot_date_add_days(&d, -60); /* across the epoch */
    ASSERT_EQ(1969, d.year);
    ASSERT_EQ(12, d.month);
    ASSERT_EQ(31, d.day);
}

static void
test_date_add_days_keeps_minute_and_ignores_vague(void)
{
    struct bot_date d;

    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-12-31T23:30"));
    bot_date_add_days(&d, 1);
    ASSERT_EQ(BOT_PREC_MINUTE, d.prec);
    ASSERT_EQ(2026, d.year);
    ASSERT_EQ(1, d.month);
    ASSERT_EQ(1, d.day);
    ASSERT_EQ(23, d.hour);
    ASSERT_EQ(30, d.minute);
    d = iso("2024-07");
    bot_date_add_days(&d, 40);
    ASSERT_EQ(BOT_PREC_MONTH, d.prec);
    ASSERT_EQ(7, d.month);
    ASSERT_EQ(0, d.day);
}

static void
test_date_parse_now_forms(void)
{
    struct bot_date d;

    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-04-17"));
    ASSERT_EQ(BOT_PREC_DAY, d.prec);
    ASSERT_EQ(2025, d.year);
    ASSERT_EQ(4, d.month);
    ASSERT_EQ(17, d.day);
    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-04-17T14:30"));
    ASSERT_EQ(BOT_PREC_MINUTE, d.prec);
    ASSERT_EQ(17, d.day);
    ASSERT_EQ(14, d.hour);
    ASSERT_EQ(30, d.minute);
    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-04-17T00:00:59"));
    ASSERT_EQ(BOT_PREC_MINUTE, d.prec);
    ASSERT_EQ(0, d.hour);
    ASSERT_EQ(0, d.minute);
    ASSERT_EQ(0, bot_date_parse_now(&d, "2024-02-29T23:59:00"));
    ASSERT_EQ(23, d.hour);
    ASSERT_EQ(59, d.minute);
}

static void
test_date_parse_now_rejects_garbage(void)
{
    static const char *const bad[] = {
        "",
        "garbage",
        "2025-04-17T",
        "2025-04-17T24:00",
        "2025-04-17T23:60",
        "2025-04-17T14:30:60",
        "2025-04-17T14:30:5",
        "2025-04-17T14:30:00Z",
        "2025-04-17T14:30:00.5",
        "2025-04-17T1:30",
        "2025-04-17t14:30",
        "2025-04-17 14:30",
        "2025-04-17x",
        "2025-02-29",
        "2025-13-01",
        "2025-00-10",
        "2025-04-00",
        "2025-4-17",
        "25-04-17",
        "2025-04",
        "2025",
        " 2025-04-17",
        "2025-04-17 ",
        "20250-04-17",
        "0000-01-01",
    };
    struct bot_date d;
    size_t i;

    for (i = 0; i < NCASES(bad); i++) {
        if (bot_date_parse_now(&d, bad[i]) != BOT_EINVAL)
            TEST_FAIL("accepted \"%s\"", bad[i]);
        ASSERT_EQ(BOT_PREC_NONE, d.prec);
    }
    ASSERT_EQ(BOT_EINVAL, bot_date_parse_now(&d, NULL));
    ASSERT_EQ(BOT_EINVAL, bot_date_parse_now(NULL, "2025-04-17"));
}

static void
test_date_parse_iso_forms(void)
{
    struct bot_date d = iso("2025-04-17");

    ASSERT_EQ(BOT_PREC_DAY, d.prec);
    ASSERT_EQ(2025, d.year);
    ASSERT_EQ(4, d.month);
    ASSERT_EQ(17, d.day);
    d = iso("2024-07");
    ASSERT_EQ(BOT_PREC_MONTH, d.prec);
    ASSERT_EQ(2024, d.year);
    ASSERT_EQ(7, d.month);
    ASSERT_EQ(0, d.day);
    d = iso("2003");
    ASSERT_EQ(BOT_PREC_YEAR, d.prec);
    ASSERT_EQ(2003, d.year);
    ASSERT_EQ(0, d.month);
    d = iso("1980s");
    ASSERT_EQ(BOT_PREC_DECADE, d.prec);
    ASSERT_EQ(1980, d.year);
    ASSERT_EQ(0, d.month);
    d = iso("2023-end");
    ASSERT_EQ(BOT_PREC_PART, d.prec);
    ASSERT_EQ(BOT_PART_END, d.part);
    ASSERT_EQ(2023, d.year);
    ASSERT_EQ(0, d.month);
    d = iso("2024-start");
    ASSERT_EQ(BOT_PREC_PART, d.prec);
    ASSERT_EQ(BOT_PART_START, d.part);
    d = iso("2024-mid");
    ASSERT_EQ(BOT_PART_MID, d.part);
    ASSERT_EQ(2024, d.year);
    d = iso("2024-02-29");
    ASSERT_EQ(29, d.day);
}

static void
test_date_parse_iso_rejects_garbage(void)
{
    static const char *const bad[] = {
        "",          "garbage",     "2025-02-30", "2025-02-29",
        "2024-13",   "2024-00",     "2024-07-00", "2024-07-32",
        "2024-7",    "2024-07-1",   "2003x",      "2003 ",
        " 2003",     "1985s",       "1980s ",     "2023-END",
        "2023-late", "2023-ending", "203",        "20030",
        "2024-07-",  "2024-",       "0000",       "2025-04-17T10:00",
    };
    struct bot_date d;
    size_t i;

    for (i = 0; i < NCASES(bad); i++) {
        if (bot_date_parse_iso(&d, bad[i]) != BOT_EINVAL)
            TEST_FAIL("accepted \"%s\"", bad[i]);
        ASSERT_EQ(BOT_PREC_NONE, d.prec);
    }
    ASSERT_EQ(BOT_EINVAL, bot_date_parse_iso(&d, NULL));
    ASSERT_EQ(BOT_EINVAL, bot_date_parse_iso(NULL, "2003"));
}

static void
test_date_format_each_precision(void)
{
    static const struct {
        const char *iso, *want;
    } c[] = {
        {"2025-04-17", "17 April 2025"},
        {"2024-07", "July 2024"},
        {"2003", "2003"},
        {"1980s", "the 1980s"},
        {"2023-end", "the end of 2023"},
        {"2024-start", "early 2024"},
        {"2024-mid", "mid-2024"},
        {"2025-01-02", "2 January 2025"},
    };
    struct bot_date d;
    char buf[64];
    size_t i;

    for (i = 0; i < NCASES(c); i++) {
        d = iso(c[i].iso);
        ASSERT_EQ(strlen(c[i].want), bot_date_format(&d, buf, sizeof(buf)));
        ASSERT_STR_EQ(c[i].want, buf);
    }
    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-04-17T14:30:12"));
    ASSERT_EQ(20, bot_date_format(&d, buf, sizeof(buf)));
    ASSERT_STR_EQ("17 April 2025, 14:30", buf);
    ASSERT_EQ(0, bot_date_parse_now(&d, "2025-01-02T03:04"));
    ASSERT_EQ(21, bot_date_format(&d, buf, sizeof(buf)));
    ASSERT_STR_EQ("2 January 2025, 03:04", buf);
}

static void
test_date_format_truncates_like_snprintf(void)
{
    struct bot_date d = iso("2025-04-17");
    char buf[8];

    memset(buf, 'x', sizeof(buf));
    ASSERT_EQ(13, bot_date_format(&d, buf, sizeof(buf)));
    ASSERT_STR_EQ("17 Apri", buf);
    ASSERT_EQ(13, bot_date_format(&d, NULL, 0));
    ASSERT_EQ(13, bot_date_format(&d, buf, 0));
    ASSERT_EQ('1', buf[0]); /* cap 0: nothing written */
}

static void
test_date_format_rejects_none_and_bad_fields(void)
{
    struct bot_date d;
    char buf[32] = "unchanged";

    memset(&d, 0, sizeof(d));
    ASSERT_EQ(BOT_EINVAL, bot_date_format(&d, buf, sizeof(buf)));
    ASSERT_STR_EQ("", buf);
    ASSERT_EQ(BOT_EINVAL, bot_date_format(NULL, buf, sizeof(buf)));
    d = iso("2024-07");
    d.month = 13;
    ASSERT_EQ(BOT_EINVAL, bot_date_format(&d, buf, sizeof(buf)));
    d = iso("2024-mid");
    d.part = BOT_PART_NONE;
    ASSERT_EQ(BOT_EINVAL, bot_date_format(&d, buf, sizeof(buf)));
}

static void
test_date_overlaps(void)
{
    struct bot_date a = iso("2021"), b = iso("2021-08"), none;

    ASSERT(bot_date_overlaps(&a, &b));
    ASSERT(bot_date_overlaps(&b, &a));
    a = iso("2019");
    b = iso("2024-12");
    ASSERT(!bot_date_overlaps(&a, &b));
    ASSERT(!bot_date_overlaps(&b, &a));
    a = iso("1980s");
    b = iso("1989-12-31");
    ASSERT(bot_date_overlaps(&a, &b));
    b = iso("1990-01-01");
    ASSERT(!bot_date_overlaps(&a, &b));
    a = iso("2023-end");
    b = iso("2023-09");
    ASSERT(bot_date_overlaps(&a, &b));
    b = iso("2023-08-31");
    ASSERT(!bot_date_overlaps(&a, &b));
    b = iso("2023-mid");
    ASSERT(!bot_date_overlaps(&a, &b));
    ASSERT(bot_date_overlaps(&a, &a));
    memset(&none, 0, sizeof(none));
    ASSERT(!bot_date_overlaps(&a, &none));
    ASSERT(!bot_date_overlaps(&none, &none));
}

static void
test_date_cmp_orders_by_first_day_then_precision(void)
{
    struct bot_date year = iso("2024"), month = iso("2024-01");
    struct bot_date day = iso("2024-01-01"), part = iso("2024-start");
    struct bot_date later = iso("2024-01-02"), decade = iso("2020s");
    struct bot_date m1, m2;

    ASSERT(bot_date_cmp(&day, &later) < 0);
    ASSERT(bot_date_cmp(&later, &day) > 0);
    ASSERT_EQ(0, bot_date_cmp(&day, &day));
    ASSERT(bot_date_cmp(&day, &month) < 0);
    ASSERT(bot_date_cmp(&month, &part) < 0);
    ASSERT(bot_date_cmp(&part, &year) < 0);
    ASSERT(bot_date_cmp(&year, &part) > 0);
    ASSERT(bot_date_cmp(&decade, &year) < 0);
    ASSERT(bot_date_cmp(&later, &year) > 0);
    ASSERT_EQ(0, bot_date_parse_now(&m1, "2024-01-01T08:00"));
    ASSERT_EQ(0, bot_date_parse_now(&m2, "2024-01-01T09:00"));
    ASSERT(bot_date_cmp(&m1, &day) < 0);
    ASSERT(bot_date_cmp(&m1, &m2) < 0);
    ASSERT(bot_date_cmp(&m2, &m1) > 0);
    /* same first day and precision: the shorter span first */
    part = iso("2024-mid");
    month = iso("2024-05");
    ASSERT(bot_date_cmp(&month, &part) < 0);
}

/* "this week" runs Monday to Sunday around now (Thursday 3 April 2025). */
static void
test_date_scans_weeks(void)
{
    struct bot_date_ctx ctx = ctx_default();
    struct bot_date d, hearing;
    char buf[64];

    ASSERT_EQ(0, bot_datescan_find("is it this week?", &ctx, &d, NULL, NULL));
    ASSERT_EQ(BOT_PREC_WEEK, d.prec);
    ASSERT_EQ(31, d.day); /* Monday 31 March 2025 */
    ASSERT_EQ(6, bot_date_last_day(&d) - bot_date_first_day(&d));
    ASSERT(bot_date_format(&d, buf, sizeof(buf)) > 0);
    ASSERT_STR_EQ("the week of 31 March 2025", buf);
    ASSERT_EQ(0, bot_date_ymd(&hearing, 2025, 4, 17));
    ASSERT(!bot_date_overlaps(&d, &hearing));
    ASSERT_EQ(0, bot_datescan_find("or next week", &ctx, &d, NULL, NULL));
    ASSERT_EQ(7, d.day); /* Monday 7 April */
    ASSERT(!bot_date_overlaps(&d, &hearing));
    ctx = ctx_for("2025-03-31", "2025-04-15");
    ASSERT_EQ(0, bot_datescan_find("this week", &ctx, &d, NULL, NULL));
    ASSERT(bot_date_overlaps(&d, &hearing));
    ASSERT_EQ(0, bot_datescan_find("last week", &ctx, &d, NULL, NULL));
    ASSERT_EQ(7, d.day);
}

static const struct test_case cases[] = {
    {"date_scans_weeks", test_date_scans_weeks},
    {"date_scans_every_header_example", test_date_scans_every_header_example},
    {"date_resolves_month_last_year", test_date_resolves_month_last_year},
    {"date_resolves_month_nearest_anchor",
     test_date_resolves_month_nearest_anchor},
    {"date_resolves_day_nearest_anchor", test_date_resolves_day_nearest_anchor},
    {"date_scans_explicit_day_month_year",
     test_date_scans_explicit_day_month_year},
    {"date_scans_month_year", test_date_scans_month_year},
    {"date_scans_iso_in_text", test_date_scans_iso_in_text},
    {"date_scans_years", test_date_scans_years},
    {"date_scan_counts_are_not_years", test_date_scan_counts_are_not_years},
    {"date_may_alone_is_not_a_month", test_date_may_alone_is_not_a_month},
    {"date_matches_on_word_boundaries", test_date_matches_on_word_boundaries},
    {"date_scans_ago_from_now", test_date_scans_ago_from_now},
    {"date_scans_relative_years_from_anchor",
     test_date_scans_relative_years_from_anchor},
    {"date_scans_relative_months_from_now",
     test_date_scans_relative_months_from_now},
    {"date_scans_today_tomorrow_yesterday_from_now",
     test_date_scans_today_tomorrow_yesterday_from_now},
    {"date_scans_weekdays_before_anchor",
     test_date_scans_weekdays_before_anchor},
    {"date_scans_next_weekday_after_now",
     test_date_scans_next_weekday_in_the_week_after_now},
    {"date_scans_last_and_next_month_name",
     test_date_scans_last_and_next_month_name},
    {"date_scans_decades", test_date_scans_decades},
    {"date_scans_parts_of_years", test_date_scans_parts_of_years},
    {"date_scan_returns_leftmost_with_span",
     test_date_scan_returns_leftmost_with_span},
    {"date_scan_rejects_bad_input", test_date_scan_rejects_bad_input},
    {"date_scan_long_text_without_dates",
     test_date_scan_long_text_without_dates},
    {"date_ymd_validates_days", test_date_ymd_validates_days},
    {"date_day_numbers_from_epoch", test_date_day_numbers_from_epoch},
    {"date_first_and_last_day_of_each_precision",
     test_date_first_and_last_day_of_each_precision},
    {"date_days_between", test_date_days_between},
    {"date_weekday", test_date_weekday},
    {"date_add_days_across_month_and_year",
     test_date_add_days_across_month_and_year},
    {"date_add_days_keeps_minute_and_ignores_vague",
     test_date_add_days_keeps_minute_and_ignores_vague},
    {"date_parse_now_forms", test_date_parse_now_forms},
    {"date_parse_now_rejects_garbage", test_date_parse_now_rejects_garbage},
    {"date_parse_iso_forms", test_date_parse_iso_forms},
    {"date_parse_iso_rejects_garbage", test_date_parse_iso_rejects_garbage},
    {"date_format_each_precision", test_date_format_each_precision},
    {"date_format_truncates_like_snprintf",
     test_date_format_truncates_like_snprintf},
    {"date_format_rejects_none_and_bad_fields",
     test_date_format_rejects_none_and_bad_fields},
    {"date_overlaps", test_date_overlaps},
    {"date_cmp_orders_by_first_day_then_precision",
     test_date_cmp_orders_by_first_day_then_precision},
};
TEST_MAIN(cases)
