/* Calendar arithmetic on struct bot_date: building, comparing, counting
 * days, parsing ISO values and writing dates in words. Uses nothing of
 * ours but the error codes. */
#include "bot/base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/err.h"

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))
#define MAX_DAYS 3700000L /* ~10000 years: keeps day arithmetic defined */

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
int
bot_date_days_in_month(long y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m < 1 || m > 12 ? 0 : dim[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
long
bot_date_day_number(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse (civil_from_days): a DAY date, other fields cleared. */
void
bot_date_of_day(struct bot_date *d, long z)
{
    long era, doe, yoe, doy, mp;

    memset(d, 0, sizeof(*d));
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d->year = (int)(yoe + era * 400 + (d->month <= 2));
    d->prec = BOT_PREC_DAY;
}

/* 0 = Monday .. 6 = Sunday; 1970-01-01 was a Thursday. */
int
bot_date_weekday_of_day(long z)
{
    return (int)(((z % 7) + 10) % 7);
}

static void
set(struct bot_date *d, enum bot_date_prec prec, int y, int m)
{
    memset(d, 0, sizeof(*d));
    d->prec = prec;
    d->year = y;
    d->month = m;
}

/* True if @d is a real day (or minute) with a year in 1..9999. */
int
bot_date_is_valid_day(const struct bot_date *d)
{
    return d->prec >= BOT_PREC_DAY && d->year >= 1 && d->year <= 9999 &&
           d->day >= 1 && d->day <= bot_date_days_in_month(d->year, d->month);
}

static void
range(const struct bot_date *d, long *first, long *last)
{
    long y = d->year;
    int m0 = d->month, m1 = d->month;

    switch (d->prec) {
    case BOT_PREC_DECADE:
        *first = bot_date_day_number(y, 1, 1);
        *last = bot_date_day_number(y + 10, 1, 1) - 1;
        return;
    case BOT_PREC_DAY:
    case BOT_PREC_MINUTE:
        *first = *last = bot_date_day_number(y, d->month, d->day);
        return;
    case BOT_PREC_WEEK:
        *first = bot_date_day_number(y, d->month, d->day);
        *last = *first + 6;
        return;
    case BOT_PREC_YEAR:
    case BOT_PREC_PART:
        m0 = 1;
        m1 = 12;
        if (d->prec == BOT_PREC_PART && d->part >= BOT_PART_START &&
            d->part <= BOT_PART_END) {
            m0 = 4 * (int)d->part - 3; /* Jan, May or Sep */
            m1 = m0 + 3;
        }
        break;
    case BOT_PREC_MONTH:
        break;
    default:
        *first = *last = 0;
        return;
    }
    *first = bot_date_day_number(y, m0, 1);
    *last = bot_date_day_number(y, m1, bot_date_days_in_month(y, m1));
}

int
bot_date_ymd(struct bot_date *d, int year, int month, int day)
{
    if (!d)
        return BOT_EINVAL;
    set(d, BOT_PREC_DAY, year, month);
    d->day = day;
    if (bot_date_is_valid_day(d))
        return 0;
    memset(d, 0, sizeof(*d));
    return BOT_EINVAL;
}

long
bot_date_first_day(const struct bot_date *d)
{
    long first, last;

    range(d, &first, &last);
    return first;
}

long
bot_date_last_day(const struct bot_date *d)
{
    long first, last;

    range(d, &first, &last);
    return last;
}

int
bot_date_overlaps(const struct bot_date *a, const struct bot_date *b)
{
    long af, al, bf, bl;

    if (a->prec == BOT_PREC_NONE || b->prec == BOT_PREC_NONE)
        return 0;
    range(a, &af, &al);
    range(b, &bf, &bl);
    return af <= bl && bf <= al;
}

int
bot_date_cmp(const struct bot_date *a, const struct bot_date *b)
{
    long af, al, bf, bl;

    range(a, &af, &al);
    range(b, &bf, &bl);
    if (af != bf)
        return af < bf ? -1 : 1;
    if (a->prec != b->prec)
        return a->prec > b->prec ? -1 : 1;
    if (al != bl)
        return al < bl ? -1 : 1;
    if (a->prec != BOT_PREC_MINUTE)
        return 0;
    al = a->hour * 60L + a->minute; /* then the earlier clock time */
    bl = b->hour * 60L + b->minute;
    return (al > bl) - (al < bl);
}

long
bot_date_days_between(const struct bot_date *from, const struct bot_date *to)
{
    return bot_date_first_day(to) - bot_date_first_day(from);
}

int
bot_date_weekday(const struct bot_date *d)
{
    if (d->prec < BOT_PREC_DAY)
        return BOT_EINVAL;
    return bot_date_weekday_of_day(bot_date_first_day(d));
}

void
bot_date_add_days(struct bot_date *d, long days)
{
    struct bot_date r;

    if (d->prec < BOT_PREC_DAY)
        return;
    if (days > MAX_DAYS || days < -MAX_DAYS)
        days = days > 0 ? MAX_DAYS : -MAX_DAYS;
    bot_date_of_day(&r, bot_date_first_day(d) + days);
    d->year = r.year;
    d->month = r.month;
    d->day = r.day;
}

static int
digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True if @s is exactly @pat, where each '9' of @pat stands for a digit;
 * the value of each run of digits goes to @v in order. */
static int
pattern(const char *s, const char *pat, int *v)
{
    int k = -1, run = 0;

    for (; *pat; pat++, s++) {
        if (*pat != '9') {
            if (*s != *pat)
                return 0;
            run = 0;
            continue;
        }
        if (!digit(*s))
            return 0;
        if (!run)
            v[++k] = 0;
        v[k] = v[k] * 10 + (*s - '0');
        run = 1;
    }
    return *s == '\0';
}

int
bot_date_parse_now(struct bot_date *d, const char *s)
{
    int v[6] = {0};

    if (!d)
        return BOT_EINVAL;
    memset(d, 0, sizeof(*d));
    if (!s ||
        !(pattern(s, "9999-99-99", v) || pattern(s, "9999-99-99T99:99", v) ||
          pattern(s, "9999-99-99T99:99:99", v)))
        return BOT_EINVAL;
    if (v[3] > 23 || v[4] > 59 || v[5] > 59 ||
        bot_date_ymd(d, v[0], v[1], v[2]) < 0)
        return BOT_EINVAL;
    if (s[10] != '\0') {
        d->prec = BOT_PREC_MINUTE;
        d->hour = v[3];
        d->minute = v[4];
    }
    return 0;
}

int
bot_date_parse_iso(struct bot_date *d, const char *s)
{
    static const char *const parts[] = {"", "9999-start", "9999-mid",
                                        "9999-end"};
    int v[3] = {0}, k;

    if (!d)
        return BOT_EINVAL;
    memset(d, 0, sizeof(*d));
    if (!s)
        return BOT_EINVAL;
    if (pattern(s, "9999-99-99", v))
        return bot_date_ymd(d, v[0], v[1], v[2]);
    if (pattern(s, "9999-99", v) && v[1] >= 1 && v[1] <= 12)
        set(d, BOT_PREC_MONTH, v[0], v[1]);
    else if (pattern(s, "9999", v))
        set(d, BOT_PREC_YEAR, v[0], 0);
    else if (pattern(s, "9999s", v) && v[0] % 10 == 0)
        set(d, BOT_PREC_DECADE, v[0], 0);
    for (k = 1; k < COUNT(parts) && d->prec == BOT_PREC_NONE; k++) {
        if (pattern(s, parts[k], v)) {
            set(d, BOT_PREC_PART, v[0], 0);
            d->part = (enum bot_date_part)k;
        }
    }
    if (d->prec != BOT_PREC_NONE && d->year >= 1)
        return 0;
    memset(d, 0, sizeof(*d));
    return BOT_EINVAL;
}

int
bot_date_format(const struct bot_date *d, char *buf, size_t cap)
{
    static const char *const parts[] = {"", "early ", "mid-", "the end of "};
    const char *mn;
    int n = BOT_EINVAL;

    if (!buf)
        cap = 0;
    if (cap > 0)
        buf[0] = '\0';
    if (!d || d->prec == BOT_PREC_NONE)
        return BOT_EINVAL;
    if (d->prec == BOT_PREC_DECADE)
        return snprintf(buf, cap, "the %ds", d->year);
    if (d->prec == BOT_PREC_YEAR)
        return snprintf(buf, cap, "%d", d->year);
    if (d->prec == BOT_PREC_PART)
        return d->part < BOT_PART_START || d->part > BOT_PART_END
                   ? BOT_EINVAL
                   : snprintf(buf, cap, "%s%d", parts[d->part], d->year);
    if (d->month < 1 || d->month > 12)
        return BOT_EINVAL;
    mn = month_names[d->month - 1];
    if (d->prec == BOT_PREC_MONTH)
        n = snprintf(buf, cap, "%s %d", mn, d->year);
    else if (d->prec == BOT_PREC_DAY)
        n = snprintf(buf, cap, "%d %s %d", d->day, mn, d->year);
    else if (d->prec == BOT_PREC_WEEK)
        n = snprintf(buf, cap, "the week of %d %s %d", d->day, mn, d->year);
    else if (d->prec == BOT_PREC_MINUTE)
        n = snprintf(buf, cap, "%d %s %d, %02d:%02d", d->day, mn, d->year,
                     d->hour, d->minute);
    return n;
}
