/* unit.schedule: lead times and due moments across time zones and
 * daylight-saving changes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/reminders/schedule.h"
#include "test.h"

static void
zone(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

/* Milliseconds of a UTC moment. */
static int64_t
utc(int y, int mo, int d, int h, int mi)
{
    struct bot_date day;

    bot_date_ymd(&day, y, mo, d);
    return ((int64_t)bot_date_first_day(&day) * 86400 + h * 3600 + mi * 60) *
           1000;
}

static void
test_schedule_parse_leads(void)
{
    struct bot_leads l;
    char why[128];

    ASSERT_EQ(0, bot_schedule_parse_leads(&l, NULL, why, sizeof(why)));
    ASSERT_EQ(3, l.n);
    ASSERT_EQ(7, l.v[0].days);
    ASSERT_EQ(1, l.v[1].days);
    ASSERT_EQ(0, l.v[2].days);
    ASSERT_EQ(9, l.v[2].hour);
    ASSERT_EQ(
        0, bot_schedule_parse_leads(&l, " 0d@18:30, 2w ,3d", why, sizeof(why)));
    ASSERT_EQ(3, l.n); /* earliest reminder first */
    ASSERT_EQ(14, l.v[0].days);
    ASSERT_EQ(3, l.v[1].days);
    ASSERT_EQ(0, l.v[2].days);
    ASSERT_EQ(18, l.v[2].hour);
    ASSERT_EQ(30, l.v[2].minute);
    ASSERT_EQ(9, l.v[0].hour);
}

static void
test_schedule_parse_leads_refuses(void)
{
    static const char *const bad[] = {
        "7",        "7x",       "d",    "-1d",   "7d@9:00",
        "7d@24:00", "1d@12:60", "366d", "1d,1d", "1d,0d,2d,3d,4d,5d,6d,7d,8d",
        ",",        "1d@",      "7d 1d"};
    struct bot_leads l;
    char why[128];
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        why[0] = '\0';
        if (bot_schedule_parse_leads(&l, bad[i], why, sizeof(why)) !=
            BOT_EINVAL)
            TEST_FAIL("'%s' was accepted", bad[i]);
        ASSERT(why[0] != '\0');
    }
}

static void
test_schedule_lead_words(void)
{
    struct bot_lead l = {0, 9, 0};
    char w[32];

    bot_schedule_lead_words(&l, w, sizeof(w));
    ASSERT_STR_EQ("on the day", w);
    l.days = 1;
    bot_schedule_lead_words(&l, w, sizeof(w));
    ASSERT_STR_EQ("the day before", w);
    l.days = 7;
    bot_schedule_lead_words(&l, w, sizeof(w));
    ASSERT_STR_EQ("a week before", w);
    l.days = 14;
    bot_schedule_lead_words(&l, w, sizeof(w));
    ASSERT_STR_EQ("2 weeks before", w);
    l.days = 3;
    bot_schedule_lead_words(&l, w, sizeof(w));
    ASSERT_STR_EQ("3 days before", w);
}

static void
test_schedule_due_in_zones(void)
{
    struct bot_lead week = {7, 9, 0}, day = {0, 9, 0};
    struct bot_date hearing;

    bot_date_ymd(&hearing, 2025, 4, 17);
    zone("UTC");
    ASSERT_EQ(utc(2025, 4, 10, 9, 0), bot_schedule_due_ms(&week, &hearing));
    zone("Europe/Berlin"); /* CEST, UTC+2 */
    ASSERT_EQ(utc(2025, 4, 10, 7, 0), bot_schedule_due_ms(&week, &hearing));
    ASSERT_EQ(utc(2025, 4, 17, 7, 0), bot_schedule_due_ms(&day, &hearing));
    ASSERT_EQ(utc(2025, 4, 17, 22, 0), bot_schedule_end_ms(&hearing));
    zone("America/New_York"); /* EDT, UTC-4 */
    ASSERT_EQ(utc(2025, 4, 10, 13, 0), bot_schedule_due_ms(&week, &hearing));
    zone("Asia/Kolkata"); /* UTC+5:30, no daylight saving */
    ASSERT_EQ(utc(2025, 4, 17, 3, 30), bot_schedule_due_ms(&day, &hearing));
    zone("Pacific/Auckland"); /* NZST from 6 April: UTC+12 */
    ASSERT_EQ(utc(2025, 4, 16, 21, 0), bot_schedule_due_ms(&day, &hearing));
    ASSERT_EQ(utc(2025, 4, 9, 21, 0), bot_schedule_due_ms(&week, &hearing));
}

/* Leads a week apart across a change of clocks are not 7 x 24 hours
 * apart: each is at 09:00 on its own day. */
static void
test_schedule_across_dst_changes(void)
{
    struct bot_lead week = {7, 9, 0}, day = {0, 9, 0};
    struct bot_date d;

    zone("Europe/Berlin");
    bot_date_ymd(&d, 2025, 4, 2); /* clocks went forward on 30 March */
    ASSERT_EQ(utc(2025, 3, 26, 8, 0), bot_schedule_due_ms(&week, &d));
    ASSERT_EQ(utc(2025, 4, 2, 7, 0), bot_schedule_due_ms(&day, &d));
    ASSERT_EQ(7 * 24 - 1,
              (bot_schedule_due_ms(&day, &d) - bot_schedule_due_ms(&week, &d)) /
                  3600000);
    bot_date_ymd(&d, 2025, 10, 30); /* back on 26 October */
    ASSERT_EQ(utc(2025, 10, 23, 7, 0), bot_schedule_due_ms(&week, &d));
    ASSERT_EQ(utc(2025, 10, 30, 8, 0), bot_schedule_due_ms(&day, &d));
    zone("America/New_York"); /* forward on 9 March 2025 */
    bot_date_ymd(&d, 2025, 3, 10);
    ASSERT_EQ(utc(2025, 3, 3, 14, 0), bot_schedule_due_ms(&week, &d));
    ASSERT_EQ(utc(2025, 3, 10, 13, 0), bot_schedule_due_ms(&day, &d));
    zone("Australia/Sydney"); /* back on 6 April 2025: AEDT+11 -> AEST+10 */
    bot_date_ymd(&d, 2025, 4, 10);
    ASSERT_EQ(utc(2025, 4, 2, 22, 0), bot_schedule_due_ms(&week, &d));
    ASSERT_EQ(utc(2025, 4, 9, 23, 0), bot_schedule_due_ms(&day, &d));
}

/* A time the clocks skip moves on by the jump; a time they repeat is its
 * first occurrence. */
static void
test_schedule_skipped_and_repeated_times(void)
{
    zone("Europe/Berlin");
    /* 02:30 on 30 March 2025 does not exist: 03:30 CEST = 01:30 UTC */
    ASSERT_EQ(utc(2025, 3, 30, 1, 30),
              bot_schedule_local_ms(2025, 3, 30, 2, 30));
    /* 02:30 on 26 October 2025 happens twice: first in CEST, 00:30 UTC */
    ASSERT_EQ(utc(2025, 10, 26, 0, 30),
              bot_schedule_local_ms(2025, 10, 26, 2, 30));
    /* midnight the day after a change is still plain */
    ASSERT_EQ(utc(2025, 10, 26, 23, 0),
              bot_schedule_local_ms(2025, 10, 27, 0, 0));
}

static void
test_schedule_local_day(void)
{
    struct bot_date d;

    zone("America/Los_Angeles");
    bot_date_ymd(&d, 2025, 4, 16);
    /* 02:00 UTC on 17 April is still the 16th in California */
    ASSERT_EQ(bot_date_first_day(&d),
              bot_schedule_local_day(utc(2025, 4, 17, 2, 0)));
    zone("Asia/Tokyo");
    bot_date_ymd(&d, 2025, 4, 17);
    ASSERT_EQ(bot_date_first_day(&d),
              bot_schedule_local_day(utc(2025, 4, 16, 15, 0)));
}

static const struct test_case cases[] = {
    {"test_schedule_parse_leads", test_schedule_parse_leads},
    {"test_schedule_parse_leads_refuses", test_schedule_parse_leads_refuses},
    {"test_schedule_lead_words", test_schedule_lead_words},
    {"test_schedule_due_in_zones", test_schedule_due_in_zones},
    {"test_schedule_across_dst_changes", test_schedule_across_dst_changes},
    {"test_schedule_skipped_and_repeated_times",
     test_schedule_skipped_and_repeated_times},
    {"test_schedule_local_day", test_schedule_local_day},
};

TEST_MAIN(cases)
