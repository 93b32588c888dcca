/* Lead times and the moments reminders fall due, in local time. */
#include "bot/reminders/schedule.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY_S 86400L

/* Local times are the process's time zone (TZ), which bot_clock_init()
 * sets from NEWSBOT_TZ: the one piece of global state this file reads. */

/* Seconds since the epoch of a wall-clock time read as if it were UTC. */
static int64_t
wall_s(int year, int month, int day, int hour, int minute, int second)
{
    struct bot_date d;

    if (bot_date_ymd(&d, year, month, day) < 0)
        return 0;
    return (int64_t)bot_date_first_day(&d) * DAY_S + hour * 3600L +
           minute * 60L + second;
}

/* The local zone's offset from UTC at the moment @t, in seconds. */
static int64_t
offset_at(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (!localtime_r(&tt, &tm))
        return 0;
    return wall_s(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec) -
           t;
}

int64_t
bot_schedule_local_ms(int year, int month, int day, int hour, int minute)
{
    int64_t wall = wall_s(year, month, day, hour, minute, 0);
    /* The offsets in force half a day either side cover any change that
     * could touch this wall time. */
    int64_t before = offset_at(wall - DAY_S / 2);
    int64_t after = offset_at(wall + DAY_S / 2);
    int64_t first = wall - before, second = wall - after;

    if (offset_at(first) == before && offset_at(second) == after)
        return (first < second ? first : second) * 1000;
    if (offset_at(first) == before)
        return first * 1000;
    if (offset_at(second) == after)
        return second * 1000;
    /* Skipped by the change: as if the clocks had not moved yet. */
    return first * 1000;
}

long
bot_schedule_local_day(int64_t ms)
{
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct bot_date d;
    struct tm tm;

    if (!localtime_r(&t, &tm) ||
        bot_date_ymd(&d, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) < 0)
        return 0;
    return bot_date_first_day(&d);
}

/* The calendar date @days after (or before) @event's day. */
static void
shift(const struct bot_date *event, long days, struct bot_date *out)
{
    bot_date_ymd(out, event->year, event->month, event->day);
    bot_date_add_days(out, days);
}

int64_t
bot_schedule_due_ms(const struct bot_lead *l, const struct bot_date *event)
{
    struct bot_date d;

    shift(event, -l->days, &d);
    return bot_schedule_local_ms(d.year, d.month, d.day, l->hour, l->minute);
}

int64_t
bot_schedule_end_ms(const struct bot_date *event)
{
    struct bot_date d;

    shift(event, 1, &d);
    return bot_schedule_local_ms(d.year, d.month, d.day, 0, 0);
}

static int
bad(char *why, size_t cap, const char *item, const char *what)
{
    if (why)
        snprintf(why, cap, "'%s': %s", item, what);
    return BOT_EINVAL;
}

/* Reads one lead, "7d", "1w", "0d@09:00" (already trimmed). */
static int
parse_one(const char *item, struct bot_lead *l, char *why, size_t cap)
{
    const char *p = item;
    long n = 0;
    int digits = 0;

    while (isdigit((unsigned char)*p) && digits < 4) {
        n = n * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits || (*p != 'd' && *p != 'w'))
        return bad(why, cap, item, "want days (7d) or weeks (1w) before");
    if (*p++ == 'w')
        n *= 7;
    if (n > BOT_LEAD_DAYS_MAX)
        return bad(why, cap, item, "at most 365 days before");
    l->days = (int)n;
    l->hour = BOT_LEAD_HOUR_DEFAULT;
    l->minute = 0;
    if (*p == '\0')
        return 0;
    if (*p != '@' || !isdigit((unsigned char)p[1]) ||
        !isdigit((unsigned char)p[2]) || p[3] != ':' ||
        !isdigit((unsigned char)p[4]) || !isdigit((unsigned char)p[5]) ||
        p[6] != '\0')
        return bad(why, cap, item, "the time of day is @HH:MM");
    l->hour = (p[1] - '0') * 10 + (p[2] - '0');
    l->minute = (p[4] - '0') * 10 + (p[5] - '0');
    if (l->hour > 23 || l->minute > 59)
        return bad(why, cap, item, "no such time of day");
    return 0;
}

static int
by_days_desc(const void *a, const void *b)
{
    const struct bot_lead *x = a, *y = b;

    return y->days - x->days;
}

int
bot_schedule_parse_leads(struct bot_leads *l, const char *s, char *why,
                         size_t cap)
{
    char item[32];
    int i;

    memset(l, 0, sizeof(*l));
    if (!s || !*s)
        s = BOT_LEADS_DEFAULT;
    while (*s) {
        size_t n;
        while (*s == ' ' || *s == ',')
            s++;
        n = strcspn(s, ",");
        while (n > 0 && s[n - 1] == ' ')
            n--;
        if (n == 0)
            break;
        snprintf(item, sizeof(item), "%.*s", (int)n, s);
        if (n >= sizeof(item))
            return bad(why, cap, item, "too long");
        if (l->n == BOT_LEADS_MAX)
            return bad(why, cap, item, "at most 8 lead times");
        if (parse_one(item, &l->v[l->n], why, cap) < 0)
            return BOT_EINVAL;
        for (i = 0; i < l->n; i++) {
            if (l->v[i].days == l->v[l->n].days)
                return bad(why, cap, item, "that day is already listed");
        }
        l->n++;
        s += strcspn(s, ",");
    }
    if (l->n == 0)
        return bad(why, cap, "", "no lead times");
    qsort(l->v, (size_t)l->n, sizeof(l->v[0]), by_days_desc);
    return 0;
}

int
bot_schedule_lead_words(const struct bot_lead *l, char *buf, size_t cap)
{
    if (l->days == 0)
        return snprintf(buf, cap, "on the day");
    if (l->days == 1)
        return snprintf(buf, cap, "the day before");
    if (l->days == 7)
        return snprintf(buf, cap, "a week before");
    if (l->days % 7 == 0)
        return snprintf(buf, cap, "%d weeks before", l->days / 7);
    return snprintf(buf, cap, "%d days before", l->days);
}
