#include "bot/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/err.h"

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))
#define WIN      8        /* tokens of look-ahead while scanning */
#define MAX_DAYS 3700000L /* about 10000 years: keeps day arithmetic defined   \
                           */

/* A token: a maximal run of letters and digits in the scanned text. */
struct tok {
    size_t start;
    size_t len;
};

/* A sliding window of tokens; the candidate expression starts at t[0]. */
struct scan {
    const char *text;
    const struct bot_date_ctx *ctx;
    size_t pos; /* end of the last token read */
    struct tok t[WIN];
    int n;
};

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const months[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
static const char *const abbrevs[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const weekdays[] = {"monday",   "tuesday", "wednesday",
                                       "thursday", "friday",  "saturday",
                                       "sunday"};
/* Words that make a preceding number a count, not a year or a day. */
static const char *const units[] = {
    "people",     "years",      "year",    "days",     "day",       "killed",
    "members",    "percent",    "million", "thousand", "billion",   "km",
    "kilometres", "kilometers", "miles",   "metres",   "meters",    "feet",
    "hours",      "minutes",    "months",  "weeks",    "dead",      "injured",
    "deaths",     "homes",      "houses",  "troops",   "soldiers",  "dollars",
    "euros",      "pounds",     "tonnes",  "tons",     "residents", "votes"};

/* ---- calendar arithmetic ---- */

static int
is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(long y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12)
        return 0;
    return dim[m - 1] + (m == 2 && is_leap(y));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long
from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse of from_civil(): sets year, month and day of @d. */
static void
to_civil(long z, struct bot_date *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d->year = (int)(yoe + era * 400 + (d->month <= 2));
}

/* 0 = Monday .. 6 = Sunday; 1970-01-01 was a Thursday. */
static int
weekday_of(long z)
{
    return (int)(((z % 7) + 10) % 7);
}

static void
range(const struct bot_date *d, long *first, long *last)
{
    long y = d->year;
    int m0 = 1, m1 = 12;

    switch (d->prec) {
    case BOT_PREC_DECADE:
        *first = from_civil(y, 1, 1);
        *last = from_civil(y + 10, 1, 1) - 1;
        return;
    case BOT_PREC_PART:
        m0 = d->part == BOT_PART_MID ? 5 : d->part == BOT_PART_END ? 9 : 1;
        m1 = d->part == BOT_PART_START ? 4 : d->part == BOT_PART_MID ? 8 : 12;
        break;
    case BOT_PREC_YEAR:
        break;
    case BOT_PREC_MONTH:
        m0 = m1 = d->month;
        break;
    case BOT_PREC_DAY:
    case BOT_PREC_MINUTE:
        *first = *last = from_civil(y, d->month, d->day);
        return;
    default:
        *first = *last = 0;
        return;
    }
    *first = from_civil(y, m0, 1);
    *last = from_civil(y, m1, days_in_month(y, m1));
}

/* True if @d is a real day (or minute) with a year in 1..9999. */
static int
valid_day(const struct bot_date *d)
{
    return d->prec >= BOT_PREC_DAY && d->year >= 1 && d->year <= 9999 &&
           d->day >= 1 && d->day <= days_in_month(d->year, d->month);
}

static void
set(struct bot_date *d, enum bot_date_prec prec, int y, int m)
{
    memset(d, 0, sizeof(*d));
    d->prec = prec;
    d->year = y;
    d->month = m;
}

static void
set_day(struct bot_date *d, long z)
{
    memset(d, 0, sizeof(*d));
    to_civil(z, d);
    d->prec = BOT_PREC_DAY;
}

/* A MONTH date from a month index year * 12 + month - 1. */
static void
set_month(struct bot_date *d, long idx)
{
    set(d, BOT_PREC_MONTH, (int)(idx / 12), (int)(idx % 12) + 1);
}

/* ---- public arithmetic ---- */

int
bot_date_ymd(struct bot_date *d, int year, int month, int day)
{
    if (!d)
        return BOT_EINVAL;
    memset(d, 0, sizeof(*d));
    if (year < 1 || year > 9999 || day < 1 || day > days_in_month(year, month))
        return BOT_EINVAL;
    set(d, BOT_PREC_DAY, year, month);
    d->day = day;
    return 0;
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

static int
sign(long v)
{
    return (v > 0) - (v < 0);
}

int
bot_date_cmp(const struct bot_date *a, const struct bot_date *b)
{
    long af, al, bf, bl;

    range(a, &af, &al);
    range(b, &bf, &bl);
    if (af != bf)
        return sign(af - bf);
    if (a->prec != b->prec)
        return a->prec > b->prec ? -1 : 1;
    if (al != bl)
        return sign(al - bl);
    if (a->prec == BOT_PREC_MINUTE)
        return sign((a->hour * 60L + a->minute) - (b->hour * 60L + b->minute));
    return 0;
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
    return weekday_of(bot_date_first_day(d));
}

void
bot_date_add_days(struct bot_date *d, long days)
{
    long z;

    if (d->prec < BOT_PREC_DAY)
        return;
    if (days > MAX_DAYS)
        days = MAX_DAYS;
    if (days < -MAX_DAYS)
        days = -MAX_DAYS;
    z = bot_date_first_day(d) + days;
    to_civil(z, d);
}

/* ---- parsing ---- */

static int
digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True if @s starts with exactly @n digits (the next char may be any
 * non-digit); *@v gets their value. Never reads past a NUL. */
static int
num(const char *s, int n, int *v)
{
    int i;

    *v = 0;
    for (i = 0; i < n; i++) {
        if (!digit(s[i]))
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return !digit(s[n]);
}

int
bot_date_parse_now(struct bot_date *d, const char *s)
{
    int y, mo, da, h, mi, se;

    if (!d)
        return BOT_EINVAL;
    memset(d, 0, sizeof(*d));
    if (!s || !num(s, 4, &y) || s[4] != '-' || !num(s + 5, 2, &mo) ||
        s[7] != '-' || !num(s + 8, 2, &da) || bot_date_ymd(d, y, mo, da) < 0)
        return BOT_EINVAL;
    if (s[10] == '\0')
        return 0;
    if (s[10] != 'T' || !num(s + 11, 2, &h) || s[13] != ':' ||
        !num(s + 14, 2, &mi) || h > 23 || mi > 59)
        goto bad;
    if (s[16] == ':' && (!num(s + 17, 2, &se) || se > 59 || s[19] != '\0'))
        goto bad;
    if (s[16] != ':' && s[16] != '\0')
        goto bad;
    d->hour = h;
    d->minute = mi;
    d->prec = BOT_PREC_MINUTE;
    return 0;
bad:
    memset(d, 0, sizeof(*d));
    return BOT_EINVAL;
}

/* The part of "YYYY-<rest>" for "end", "start" and "mid", or NONE. */
static enum bot_date_part
part_of(const char *rest)
{
    if (strcmp(rest, "start") == 0)
        return BOT_PART_START;
    if (strcmp(rest, "mid") == 0)
        return BOT_PART_MID;
    if (strcmp(rest, "end") == 0)
        return BOT_PART_END;
    return BOT_PART_NONE;
}

int
bot_date_parse_iso(struct bot_date *d, const char *s)
{
    int y, mo, da;
    enum bot_date_part part;

    if (!d)
        return BOT_EINVAL;
    memset(d, 0, sizeof(*d));
    if (!s || !num(s, 4, &y) || y < 1)
        return BOT_EINVAL;
    if (s[4] == '\0') {
        set(d, BOT_PREC_YEAR, y, 0);
        return 0;
    }
    if (s[4] == 's' && s[5] == '\0' && y % 10 == 0) {
        set(d, BOT_PREC_DECADE, y, 0);
        return 0;
    }
    if (s[4] != '-')
        return BOT_EINVAL;
    part = part_of(s + 5);
    if (part != BOT_PART_NONE) {
        set(d, BOT_PREC_PART, y, 0);
        d->part = part;
        return 0;
    }
    if (!num(s + 5, 2, &mo) || mo < 1 || mo > 12)
        return BOT_EINVAL;
    if (s[7] == '\0') {
        set(d, BOT_PREC_MONTH, y, mo);
        return 0;
    }
    if (s[7] != '-' || !num(s + 8, 2, &da) || s[10] != '\0')
        return BOT_EINVAL;
    return bot_date_ymd(d, y, mo, da);
}

/* ---- formatting ---- */

int
bot_date_format(const struct bot_date *d, char *buf, size_t cap)
{
    const char *mn = "";
    int n;

    if (!buf)
        cap = 0;
    if (cap > 0)
        buf[0] = '\0';
    if (!d || d->prec == BOT_PREC_NONE || d->prec > BOT_PREC_MINUTE)
        return BOT_EINVAL;
    if (d->prec >= BOT_PREC_MONTH) {
        if (d->month < 1 || d->month > 12)
            return BOT_EINVAL;
        mn = month_names[d->month - 1];
    }
    switch (d->prec) {
    case BOT_PREC_DECADE:
        n = snprintf(buf, cap, "the %ds", d->year);
        break;
    case BOT_PREC_YEAR:
        n = snprintf(buf, cap, "%d", d->year);
        break;
    case BOT_PREC_PART:
        if (d->part == BOT_PART_START)
            n = snprintf(buf, cap, "early %d", d->year);
        else if (d->part == BOT_PART_MID)
            n = snprintf(buf, cap, "mid-%d", d->year);
        else if (d->part == BOT_PART_END)
            n = snprintf(buf, cap, "the end of %d", d->year);
        else
            return BOT_EINVAL;
        break;
    case BOT_PREC_MONTH:
        n = snprintf(buf, cap, "%s %d", mn, d->year);
        break;
    case BOT_PREC_DAY:
        n = snprintf(buf, cap, "%d %s %d", d->day, mn, d->year);
        break;
    default:
        n = snprintf(buf, cap, "%d %s %d, %02d:%02d", d->day, mn, d->year,
                     d->hour, d->minute);
        break;
    }
    return n < 0 ? BOT_EINVAL : n;
}

/* ---- scanning: tokens ---- */

static int
alnum(char c)
{
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void
fill(struct scan *s)
{
    const char *p = s->text;
    struct tok *t;

    while (s->n < WIN) {
        while (p[s->pos] && !alnum(p[s->pos]))
            s->pos++;
        if (!p[s->pos])
            return;
        t = &s->t[s->n++];
        t->start = s->pos;
        while (alnum(p[s->pos]))
            s->pos++;
        t->len = s->pos - t->start;
    }
}

static void
shift(struct scan *s)
{
    memmove(s->t, s->t + 1, (size_t)(s->n - 1) * sizeof(s->t[0]));
    s->n--;
    fill(s);
}

/* True if token @i is the word @w. */
static int
is(const struct scan *s, int i, const char *w)
{
    size_t n = strlen(w);

    return i < s->n && s->t[i].len == n &&
           memcmp(s->text + s->t[i].start, w, n) == 0;
}

/* Index of token @i in @list, or -1. */
static int
lookup(const struct scan *s, int i, const char *const *list, int n)
{
    int k;

    for (k = 0; k < n; k++) {
        if (is(s, i, list[k]))
            return k;
    }
    return -1;
}

/* True if tokens @i and @i+1 exist and only characters of @allow lie
 * between them. */
static int
gap(const struct scan *s, int i, const char *allow)
{
    size_t p;

    if (i < 0 || i + 1 >= s->n)
        return 0;
    for (p = s->t[i].start + s->t[i].len; p < s->t[i + 1].start; p++) {
        if (!strchr(allow, s->text[p]))
            return 0;
    }
    return 1;
}

/* True if token @i is @w and only spaces separate it from token @i-1. */
static int
then(const struct scan *s, int i, const char *w)
{
    return gap(s, i - 1, " ") && is(s, i, w);
}

/* Value of token @i if it is @n digits, else -1. */
static int
number(const struct scan *s, int i, size_t n)
{
    int v;

    if (i >= s->n || s->t[i].len != n ||
        !num(s->text + s->t[i].start, (int)n, &v))
        return -1;
    return v;
}

/* Day of month of "17", "07", "17th", "1st", "2nd", "3rd", or 0. */
static int
day_tok(const struct scan *s, int i)
{
    const char *p;
    size_t n, k = 0;
    int v = 0;

    if (i >= s->n)
        return 0;
    p = s->text + s->t[i].start;
    n = s->t[i].len;
    while (k < n && k < 3 && digit(p[k]))
        v = v * 10 + (p[k++] - '0');
    if (k == 0 || k > 2 || (k < n && n - k != 2))
        return 0;
    if (k < n && memcmp(p + k, "st", 2) != 0 && memcmp(p + k, "nd", 2) != 0 &&
        memcmp(p + k, "rd", 2) != 0 && memcmp(p + k, "th", 2) != 0)
        return 0;
    return v <= 31 ? v : 0;
}

/* Month 1..12 of a name or abbreviation at token @i, or 0. */
static int
month_tok(const struct scan *s, int i)
{
    int k = lookup(s, i, months, COUNT(months));

    if (k < 0)
        k = lookup(s, i, abbrevs, COUNT(abbrevs));
    if (k < 0 && is(s, i, "sept"))
        k = 8;
    return k + 1;
}

/* True if the number at token @i counts something ("140 people", "5%"). */
static int
unit_after(const struct scan *s, int i)
{
    if (s->text[s->t[i].start + s->t[i].len] == '%')
        return 1;
    return gap(s, i, " ") && lookup(s, i + 1, units, COUNT(units)) >= 0;
}

/* -1, 0 or 1 for "last", "this", "next" at token @i, else 2. */
static int
rel(const struct scan *s, int i)
{
    if (is(s, i, "last"))
        return -1;
    if (is(s, i, "this"))
        return 0;
    return is(s, i, "next") ? 1 : 2;
}

/* A year at token @i: four digits in @lo..@hi not counting something, or
 * "last/this/next year" (from the anchor). Returns tokens used or 0. */
static int
year_at(const struct scan *s, int i, int lo, int hi, int *y)
{
    int v = number(s, i, 4), off = rel(s, i);

    if (v >= lo && v <= hi && !unit_after(s, i)) {
        *y = v;
        return 1;
    }
    if (off <= 1 && then(s, i + 1, "year")) {
        *y = s->ctx->anchor.year + off;
        return 2;
    }
    return 0;
}

/* ---- scanning: resolution ---- */

/* The occurrence of month @m nearest to the anchor; a tie (six months
 * either way) goes to the past. */
static void
near_month(const struct scan *s, int m, struct bot_date *d)
{
    long a = s->ctx->anchor.year * 12L + s->ctx->anchor.month - 1;
    long idx = s->ctx->anchor.year * 12L + m - 1;

    if (idx - a >= 6)
        idx -= 12;
    else if (a - idx > 6)
        idx += 12;
    set_month(d, idx);
}

/* The occurrence of @m/@day nearest to the anchor day (ties go to the
 * past); 0 if there is none, as for "february 30". */
static int
near_day(const struct scan *s, int m, int day, struct bot_date *d)
{
    long a = bot_date_first_day(&s->ctx->anchor), best = 0, z;
    int y, found = 0;

    for (y = s->ctx->anchor.year - 1; y <= s->ctx->anchor.year + 1; y++) {
        if (day > days_in_month(y, m))
            continue;
        z = from_civil(y, m, day);
        if (!found || labs(z - a) < labs(best - a))
            best = z;
        found = 1;
    }
    if (found)
        set_day(d, best);
    return found;
}

/* "12 april", "12 april 2025", "april 12, 2025": a day with an optional
 * year after token @j (the month). Returns tokens used after @j or -1. */
static int
day_year(const struct scan *s, int j, int m, int day, struct bot_date *d)
{
    int y, ny = gap(s, j, " ,") ? year_at(s, j + 1, 1000, 9999, &y) : 0;

    if (ny > 0)
        return bot_date_ymd(d, y, m, day) < 0 ? -1 : ny;
    return near_day(s, m, day, d) ? 0 : -1;
}

/* ---- scanning: matchers; each returns the tokens used from t[0] ---- */

/* "1980s", "1980's". */
static int
m_decade(const struct scan *s, int i, struct bot_date *d)
{
    int y = number(s, i, 4), used = 2;

    if (y < 0 || !gap(s, i, "'") || !is(s, i + 1, "s")) {
        used = 1;
        if (i >= s->n || s->t[i].len != 5 ||
            s->text[s->t[i].start + 4] != 's' ||
            !num(s->text + s->t[i].start, 4, &y))
            return 0;
    }
    if (y < 1000 || y % 10 != 0)
        return 0;
    set(d, BOT_PREC_DECADE, y, 0);
    return used;
}

/* "end of 2023", "late 2023", "mid-2024", "the start of last year". */
static int
m_part(const struct scan *s, int i, struct bot_date *d)
{
    enum bot_date_part part = BOT_PART_NONE;
    int y, ny, j = i + 2;

    if (is(s, i, "end") || is(s, i, "late"))
        part = BOT_PART_END;
    else if (is(s, i, "beginning") || is(s, i, "start") || is(s, i, "early"))
        part = BOT_PART_START;
    else if (is(s, i, "middle") || is(s, i, "mid"))
        part = BOT_PART_MID;
    if (part == BOT_PART_NONE)
        return 0;
    if (is(s, i, "late") || is(s, i, "early") || is(s, i, "mid")) {
        if (!gap(s, i, " -"))
            return 0;
        j = i + 1;
    } else if (!then(s, i + 1, "of") || !gap(s, i + 1, " ")) {
        return 0;
    }
    ny = year_at(s, j, 1000, 9999, &y);
    if (ny == 0)
        return 0;
    set(d, BOT_PREC_PART, y, 0);
    d->part = part;
    return j - i + ny;
}

/* "the 1980s", "the end of 2023". */
static int
m_the(const struct scan *s, struct bot_date *d)
{
    int n;

    if (!is(s, 0, "the") || !gap(s, 0, " "))
        return 0;
    n = m_decade(s, 1, d);
    if (n == 0)
        n = m_part(s, 1, d);
    return n > 0 ? n + 1 : 0;
}

/* "2025-04-17", "2024-07". */
static int
m_iso(const struct scan *s, struct bot_date *d)
{
    int y = number(s, 0, 4), mo = number(s, 1, 2), da = number(s, 2, 2);

    if (y < 1000 || !gap(s, 0, "-") || mo < 1 || mo > 12)
        return 0;
    if (!gap(s, 1, "-") || da < 0) {
        set(d, BOT_PREC_MONTH, y, mo);
        return 2;
    }
    return bot_date_ymd(d, y, mo, da) < 0 ? 0 : 3;
}

/* "17 april", "17th of april 2025". */
static int
m_day_month(const struct scan *s, struct bot_date *d)
{
    int day = day_tok(s, 0), j = then(s, 1, "of") ? 2 : 1, m, n;

    m = gap(s, j - 1, " ") ? month_tok(s, j) : 0;
    if (day == 0 || m == 0)
        return 0;
    n = day_year(s, j, m, day, d);
    return n < 0 ? 0 : j + 1 + n;
}

/* "april 17", "april 17th, 2025", "august 2021", "july last year",
 * "december"; "may" only with a day or a year. */
static int
m_month(const struct scan *s, struct bot_date *d)
{
    int m = month_tok(s, 0), day, j, y, n;

    if (m == 0)
        return 0;
    day = gap(s, 0, " ") ? day_tok(s, 1) : 0;
    if (day > 0 && !unit_after(s, 1)) {
        n = day_year(s, 1, m, day, d);
        if (n >= 0)
            return 2 + n;
    }
    j = then(s, 1, "of") ? 2 : 1;
    n = gap(s, j - 1, " ") ? year_at(s, j, 1000, 9999, &y) : 0;
    if (n > 0) {
        set(d, BOT_PREC_MONTH, y, m);
        return j + n;
    }
    if (m == 5)
        return 0;
    near_month(s, m, d);
    return 1;
}

/* The most recent weekday @w on or before day @z. */
static long
on_or_before(long z, int w)
{
    return z - (weekday_of(z) - w + 7) % 7;
}

/* "last year", "next month", "last monday", "next monday", "last july". */
static int
m_rel(const struct scan *s, struct bot_date *d)
{
    const struct bot_date *a = &s->ctx->anchor, *now = &s->ctx->now;
    int off = rel(s, 0), w, m;
    long idx;

    if (off > 1 || !gap(s, 0, " "))
        return 0;
    w = lookup(s, 1, weekdays, COUNT(weekdays));
    m = month_tok(s, 1);
    if (is(s, 1, "year")) {
        set(d, BOT_PREC_YEAR, a->year + off, 0);
    } else if (is(s, 1, "month")) {
        set_month(d, now->year * 12L + now->month - 1 + off);
    } else if (w >= 0 && off < 0) {
        set_day(d, on_or_before(bot_date_first_day(a), w));
    } else if (w >= 0 && off > 0) {
        set_day(d, on_or_before(bot_date_first_day(now) + 7, w));
    } else if (m > 0 && m != 5 && off != 0) {
        /* "last july": before the anchor's month; "next july": after now */
        idx = (off < 0 ? a->year : now->year) * 12L + m - 1;
        if (off < 0 && m >= a->month)
            idx -= 12;
        if (off > 0 && m <= now->month)
            idx += 12;
        set_month(d, idx);
    } else {
        return 0;
    }
    return 2;
}

/* "today", "tomorrow", "yesterday", "monday", "2003". */
static int
m_word(const struct scan *s, struct bot_date *d)
{
    long now = bot_date_first_day(&s->ctx->now);
    int w = lookup(s, 0, weekdays, COUNT(weekdays)), y = number(s, 0, 4);
    size_t at = s->t[0].start;

    if (is(s, 0, "today") || is(s, 0, "tonight"))
        set_day(d, now);
    else if (is(s, 0, "tomorrow"))
        set_day(d, now + 1);
    else if (is(s, 0, "yesterday"))
        set_day(d, now - 1);
    else if (w >= 0)
        set_day(d, on_or_before(bot_date_first_day(&s->ctx->anchor), w));
    else if (y >= 1900 && y <= 2099 && !unit_after(s, 0) &&
             (at == 0 || s->text[at - 1] != '$'))
        set(d, BOT_PREC_YEAR, y, 0);
    else
        return 0;
    return 1;
}

static int
m_at(const struct scan *s, struct bot_date *d)
{
    int n = m_the(s, d);

    if (n == 0)
        n = m_part(s, 0, d);
    if (n == 0)
        n = m_iso(s, d);
    if (n == 0)
        n = m_decade(s, 0, d);
    if (n == 0)
        n = m_day_month(s, d);
    if (n == 0)
        n = m_month(s, d);
    if (n == 0)
        n = m_rel(s, d);
    if (n == 0)
        n = m_word(s, d);
    return n;
}

int
bot_date_scan(const char *text, const struct bot_date_ctx *ctx,
              struct bot_date *d, size_t *start, size_t *end)
{
    struct scan s;
    struct bot_date found;
    int n = 0;

    if (d)
        memset(d, 0, sizeof(*d));
    if (!text || !ctx || !valid_day(&ctx->anchor) || !valid_day(&ctx->now))
        return BOT_EINVAL;
    memset(&s, 0, sizeof(s));
    s.text = text;
    s.ctx = ctx;
    fill(&s);
    while (s.n > 0) {
        n = m_at(&s, &found);
        if (n > 0)
            break;
        shift(&s);
    }
    if (n == 0)
        return BOT_EINVAL;
    if (d)
        *d = found;
    if (start)
        *start = s.t[0].start;
    if (end)
        *end = s.t[n - 1].start + s.t[n - 1].len;
    return 0;
}
