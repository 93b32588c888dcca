#include "bot/base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/err.h"

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))
#define WIN      8        /* tokens of look-ahead while scanning */
#define MAX_DAYS 3700000L /* ~10000 years: keeps day arithmetic defined */

/* A window of tokens (maximal runs of letters and digits) of the scanned
 * text; the candidate expression starts at t[0]. */
struct scan {
    const char *text;
    const struct bot_date_ctx *ctx;
    struct {
        size_t start, len;
    } t[WIN];
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

static int
days_in_month(long y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m < 1 || m > 12 ? 0 : dim[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
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

/* The inverse (civil_from_days): a DAY date, other fields cleared. */
static void
set_day(struct bot_date *d, long z)
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
static int
weekday_of(long z)
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

/* A WEEK date: the week starting on the Monday at day number @monday. */
static void
set_week(struct bot_date *d, long monday)
{
    set_day(d, monday);
    d->prec = BOT_PREC_WEEK;
}

/* A MONTH date from a month index year * 12 + month - 1. */
static void
set_month(struct bot_date *d, long idx)
{
    set(d, BOT_PREC_MONTH, (int)(idx / 12), (int)(idx % 12) + 1);
}

/* True if @d is a real day (or minute) with a year in 1..9999. */
static int
valid_day(const struct bot_date *d)
{
    return d->prec >= BOT_PREC_DAY && d->year >= 1 && d->year <= 9999 &&
           d->day >= 1 && d->day <= days_in_month(d->year, d->month);
}

static void
range(const struct bot_date *d, long *first, long *last)
{
    long y = d->year;
    int m0 = d->month, m1 = d->month;

    switch (d->prec) {
    case BOT_PREC_DECADE:
        *first = from_civil(y, 1, 1);
        *last = from_civil(y + 10, 1, 1) - 1;
        return;
    case BOT_PREC_DAY:
    case BOT_PREC_MINUTE:
        *first = *last = from_civil(y, d->month, d->day);
        return;
    case BOT_PREC_WEEK:
        *first = from_civil(y, d->month, d->day);
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
    *first = from_civil(y, m0, 1);
    *last = from_civil(y, m1, days_in_month(y, m1));
}

int
bot_date_ymd(struct bot_date *d, int year, int month, int day)
{
    if (!d)
        return BOT_EINVAL;
    set(d, BOT_PREC_DAY, year, month);
    d->day = day;
    if (valid_day(d))
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
    return weekday_of(bot_date_first_day(d));
}

void
bot_date_add_days(struct bot_date *d, long days)
{
    struct bot_date r;

    if (d->prec < BOT_PREC_DAY)
        return;
    if (days > MAX_DAYS || days < -MAX_DAYS)
        days = days > 0 ? MAX_DAYS : -MAX_DAYS;
    set_day(&r, bot_date_first_day(d) + days);
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

/* ---- scanning ---- */

static int
alnum(char c)
{
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads up to WIN tokens from @pos on; returns the count. */
static int
window(struct scan *s, size_t pos)
{
    const char *p = s->text;

    for (s->n = 0; s->n < WIN; s->n++) {
        while (p[pos] && !alnum(p[pos]))
            pos++;
        if (!p[pos])
            break;
        s->t[s->n].start = pos;
        while (alnum(p[pos]))
            pos++;
        s->t[s->n].len = pos - s->t[s->n].start;
    }
    return s->n;
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

/* True if tokens @i and @i+1 exist with only chars of @allow between. */
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

/* Value of the @n chars at @p if all are digits, else -1. */
static int
digits(const char *p, size_t n)
{
    int v = 0;

    for (; n > 0; n--, p++) {
        if (!digit(*p))
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* Value of token @i if it is @n digits, else -1. */
static int
number(const struct scan *s, int i, size_t n)
{
    if (i >= s->n || s->t[i].len != n)
        return -1;
    return digits(s->text + s->t[i].start, n);
}

/* Day of month of a token "17", "07", "17th", "1st", "2nd", "3rd", or 0. */
static int
day_tok(const struct scan *s, int i)
{
    static const char *const sfx[] = {"", "st", "nd", "rd", "th"};
    const char *p = i < s->n ? s->text + s->t[i].start : "";
    size_t n = i < s->n ? s->t[i].len : 0, k = n;
    int v, j;

    while (k > 0 && !digit(p[k - 1]))
        k--;
    v = k >= 1 && k <= 2 ? digits(p, k) : -1;
    for (j = 0; j < COUNT(sfx); j++) {
        if (strlen(sfx[j]) == n - k && memcmp(p + k, sfx[j], n - k) == 0)
            return v >= 1 && v <= 31 ? v : 0;
    }
    return 0;
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

/* A year at token @i, after only @sep since token @i-1: four digits not
 * counting something, or "last/this/next year" (from the anchor).
 * Returns the tokens used or 0. */
static int
year_at(const struct scan *s, int i, const char *sep, int *y)
{
    int v = number(s, i, 4), off = rel(s, i);

    if (!gap(s, i - 1, sep))
        return 0;
    if (v >= 1000 && !unit_after(s, i)) {
        *y = v;
        return 1;
    }
    if (off <= 1 && then(s, i + 1, "year")) {
        *y = s->ctx->anchor.year + off;
        return 2;
    }
    return 0;
}

/* The occurrence of month @m nearest to the anchor's month; a tie (six
 * months either way) goes to the past. */
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

/* "april 17" and "17 april 2025": day @day of month @m (token @j), with a
 * year after it or else the occurrence nearest to the anchor day (ties go
 * to the past). Returns the tokens used after @j, or -1 if there is no
 * such day ("february 30"). */
static int
day_year(const struct scan *s, int j, int m, int day, struct bot_date *d)
{
    long a = bot_date_first_day(&s->ctx->anchor), best = 0, z;
    int y, ny = year_at(s, j + 1, " ,", &y), found = 0;

    if (ny > 0)
        return bot_date_ymd(d, y, m, day) < 0 ? -1 : ny;
    for (y = s->ctx->anchor.year - 1; y <= s->ctx->anchor.year + 1; y++) {
        z = from_civil(y, m, day);
        if (day <= days_in_month(y, m) &&
            (!found || labs(z - a) < labs(best - a))) {
            best = z;
            found = 1;
        }
    }
    if (found)
        set_day(d, best);
    return found ? 0 : -1;
}

/* Matchers: each tries an expression starting at token 0 (or @i) and
 * returns the number of tokens it spans, or 0. */

/* "1980s", "1980's". */
static int
m_decade(const struct scan *s, int i, struct bot_date *d)
{
    int y = number(s, i, 4), used = 2;

    if (y < 0 || !gap(s, i, "'") || !is(s, i + 1, "s")) {
        used = 1;
        y = -1;
        if (i < s->n && s->t[i].len == 5 && s->text[s->t[i].start + 4] == 's')
            y = digits(s->text + s->t[i].start, 4);
    }
    if (y < 1000 || y % 10 != 0)
        return 0;
    set(d, BOT_PREC_DECADE, y, 0);
    return used;
}

/* "late 2023", "mid-2024", "end of 2023", "start of last year". */
static int
m_part(const struct scan *s, int i, struct bot_date *d)
{
    /* ordered so that k % 3 + 1 is the enum bot_date_part of word k */
    static const char *const words[] = {"early",  "mid", "late", "beginning",
                                        "middle", "end", "start"};
    int k = lookup(s, i, words, COUNT(words)), y, ny = 0;

    if (k >= 0 && k < 3)
        ny = year_at(s, i + 1, " -", &y);
    else if (k >= 3 && then(s, i + 1, "of"))
        ny = year_at(s, i + 2, " ", &y);
    if (ny == 0)
        return 0;
    set(d, BOT_PREC_PART, y, 0);
    d->part = (enum bot_date_part)(k % 3 + 1);
    return (k < 3 ? 1 : 2) + ny;
}

/* "2025-04-17", "2024-07". */
static int
m_iso(const struct scan *s, struct bot_date *d)
{
    int y = number(s, 0, 4), mo = number(s, 1, 2), da = number(s, 2, 2);

    if (y < 1000 || !gap(s, 0, "-") || mo < 1 || mo > 12)
        return 0;
    if (!gap(s, 1, "-")) {
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
 * "december"; "may" only with a day or a year, as it is mostly a verb. */
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
    n = year_at(s, j, " ", &y);
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

/* "last year" (anchor), "next month" (now), "last monday" (on or before
 * the anchor), "next monday" (after now), "last july" (before the
 * anchor's month), "next july" (after now's month). */
static int
m_rel(const struct scan *s, struct bot_date *d)
{
    const struct bot_date *a = &s->ctx->anchor, *now = &s->ctx->now;
    int off = rel(s, 0), w = lookup(s, 1, weekdays, COUNT(weekdays));
    int m = month_tok(s, 1);

    if (off > 1 || !gap(s, 0, " "))
        return 0;
    if (is(s, 1, "year"))
        set(d, BOT_PREC_YEAR, a->year + off, 0);
    else if (is(s, 1, "week")) /* the Monday of now's week, +-7 days */
        set_week(d, on_or_before(bot_date_first_day(now), 0) + 7L * off);
    else if (is(s, 1, "month"))
        set_month(d, now->year * 12L + now->month - 1 + off);
    else if (w >= 0 && off < 0)
        set_day(d, on_or_before(bot_date_first_day(a), w));
    else if (w >= 0 && off > 0)
        set_day(d, on_or_before(bot_date_first_day(now) + 7, w));
    else if (m > 0 && m != 5 && off < 0)
        set_month(d, a->year * 12L + m - 1 - (m >= a->month ? 12 : 0));
    else if (m > 0 && m != 5 && off > 0)
        set_month(d, now->year * 12L + m - 1 + (m <= now->month ? 12 : 0));
    else
        return 0;
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

/* The expression at token 0, longest forms first. */
static int
m_any(const struct scan *s, struct bot_date *d)
{
    int n = 0;

    if (is(s, 0, "the") && gap(s, 0, " ")) { /* "the 1980s", "the end of" */
        n = m_decade(s, 1, d);
        n = n > 0 ? n : m_part(s, 1, d);
        if (n > 0)
            return n + 1;
    }
    n = m_part(s, 0, d);
    n = n > 0 ? n : m_iso(s, d);
    n = n > 0 ? n : m_decade(s, 0, d);
    n = n > 0 ? n : m_day_month(s, d);
    n = n > 0 ? n : m_month(s, d);
    n = n > 0 ? n : m_rel(s, d);
    return n > 0 ? n : m_word(s, d);
}

int
bot_date_scan(const char *text, const struct bot_date_ctx *ctx,
              struct bot_date *d, size_t *start, size_t *end)
{
    struct scan s = {text, ctx, {{0, 0}}, 0};
    struct bot_date found;
    size_t pos = 0;
    int n = 0;

    if (d)
        memset(d, 0, sizeof(*d));
    if (!text || !ctx || !valid_day(&ctx->anchor) || !valid_day(&ctx->now))
        return BOT_EINVAL;
    while (n == 0 && window(&s, pos) > 0) {
        n = m_any(&s, &found);
        pos = s.t[0].start + s.t[0].len;
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
