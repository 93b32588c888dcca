/* The English date scanner: finds a date phrase in folded text ("april
 * 17", "last year", "the end of 2023", "next monday") and resolves it
 * against an anchor day (the article's publication) and today. */
#include "bot/knowledge/datescan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/err.h"

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))
#define WIN      8 /* tokens of look-ahead while scanning */

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

static void
set_day(struct bot_date *d, long z)
{
    bot_date_of_day(d, z);
}

static void
set(struct bot_date *d, enum bot_date_prec prec, int y, int m)
{
    memset(d, 0, sizeof(*d));
    d->prec = prec;
    d->year = y;
    d->month = m;
}

static int
digit(char c)
{
    return c >= '0' && c <= '9';
}

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

/* A WEEK date: the week starting on the Monday at day number @monday. */
static void
set_week(struct bot_date *d, long monday)
{
    bot_date_of_day(d, monday);
    d->prec = BOT_PREC_WEEK;
}

/* A MONTH date from a month index year * 12 + month - 1. */
static void
set_month(struct bot_date *d, long idx)
{
    set(d, BOT_PREC_MONTH, (int)(idx / 12), (int)(idx % 12) + 1);
}

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
        z = bot_date_day_number(y, m, day);
        if (day <= bot_date_days_in_month(y, m) &&
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
    return z - (bot_date_weekday_of_day(z) - w + 7) % 7;
}

/* "last year" (anchor), "next month" (now), "last monday" (on or before
 * the anchor), "next monday" (in the week after now's: on a Wednesday,
 * "next Thursday" is eight days on, tomorrow being "Thursday" or "this
 * Thursday"), "last july" (before the
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
        set_day(d, on_or_before(bot_date_first_day(now), 0) + 7 + w);
    else if (m > 0 && m != 5 && off < 0)
        set_month(d, a->year * 12L + m - 1 - (m >= a->month ? 12 : 0));
    else if (m > 0 && m != 5 && off > 0)
        set_month(d, now->year * 12L + m - 1 + (m <= now->month ? 12 : 0));
    else
        return 0;
    return 2;
}

/* "a year ago", "3 months ago", "two weeks ago", "10 days ago", counted
 * back from now: a year or more ago is its year (one year ago: its
 * month), months their month, weeks their week, days the day. */
static int
m_ago(const struct scan *s, struct bot_date *d)
{
    static const char *const counts[] = {
        "a",   "an",    "one",   "two",  "three", "four",   "five",
        "six", "seven", "eight", "nine", "ten",   "eleven", "twelve"};
    const struct bot_date *now = &s->ctx->now;
    long today = bot_date_first_day(now);
    int k = lookup(s, 0, counts, COUNT(counts)), n;

    n = k < 0 ? -1 : k < 2 ? 1 : k - 1;
    if (n < 0 && s->n > 0 && s->t[0].len <= 2)
        n = digits(s->text + s->t[0].start, s->t[0].len);
    if (n <= 0 || s->n < 3 || !gap(s, 0, " ") || !then(s, 2, "ago"))
        return 0;
    if (is(s, 1, "year") || is(s, 1, "years")) {
        if (n == 1)
            set_month(d, now->year * 12L + now->month - 1 - 12);
        else
            set(d, BOT_PREC_YEAR, now->year - n, 0);
    } else if (is(s, 1, "month") || is(s, 1, "months")) {
        set_month(d, now->year * 12L + now->month - 1 - n);
    } else if (is(s, 1, "week") || is(s, 1, "weeks")) {
        set_week(d, on_or_before(today, 0) - 7L * n);
    } else if (is(s, 1, "day") || is(s, 1, "days")) {
        set_day(d, today - n);
    } else {
        return 0;
    }
    return 3;
}

/* True if the word before token 0 places a time: "in 1869", "by 1880",
 * "the winter of 1883". */
static int
after_time_word(const struct scan *s)
{
    static const char *const words[] = {
        "in",   "by",     "since", "from",   "until",  "till", "of",
        "to",   "before", "after", "around", "circa",  "and",  "between",
        "year", "early",  "late",  "mid",    "during", NULL};
    size_t end = s->t[0].start, start;
    char w[16];
    int k;

    while (end > 0 && s->text[end - 1] == ' ')
        end--;
    for (start = end; start > 0 && isalpha((unsigned char)s->text[start - 1]);
         start--)
        ;
    if (end - start == 0 || end - start >= sizeof(w))
        return 0;
    for (k = 0; (size_t)k < end - start; k++)
        w[k] = (char)tolower((unsigned char)s->text[start + (size_t)k]);
    w[end - start] = '\0';
    for (k = 0; words[k]; k++) {
        if (!strcmp(w, words[k]))
            return 1;
    }
    return 0;
}

/* "today", "tomorrow", "yesterday", "monday", "2003"; a year before 1900
 * only where a word places it in time ("in 1869": not "1500 workers"). */
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
    else if (((y >= 1900 && y <= 2099) ||
              (y >= 1000 && y < 1900 && after_time_word(s))) &&
             !unit_after(s, 0) && (at == 0 || s->text[at - 1] != '$'))
        set(d, BOT_PREC_YEAR, y, 0);
    else
        return 0;
    return 1;
}

/* Every word a date expression can start with (besides a number): the
 * matchers are tried only at such a token. Sorted for bsearch. */
static const char *const first_words[] = {
    "a",         "an",      "apr",      "april",    "aug",       "august",
    "beginning", "dec",     "december", "early",    "eight",     "eleven",
    "end",       "feb",     "february", "five",     "four",      "friday",
    "jan",       "january", "jul",      "july",     "jun",       "june",
    "last",      "late",    "mar",      "march",    "may",       "mid",
    "middle",    "monday",  "next",     "nine",     "nov",       "november",
    "oct",       "october", "one",      "saturday", "sep",       "sept",
    "september", "seven",   "six",      "start",    "sunday",    "ten",
    "the",       "this",    "three",    "thursday", "today",     "tomorrow",
    "tonight",   "tuesday", "twelve",   "two",      "wednesday", "yesterday",
};

static int
cmp_word(const void *key, const void *elem)
{
    const struct scan *s = key;
    const char *word = *(const char *const *)elem;
    int c = strncmp(s->text + s->t[0].start, word, s->t[0].len);

    /* the token is a prefix of @word: shorter, so it sorts first */
    return c ? c : -(int)(unsigned char)word[s->t[0].len];
}

/* True if an expression can start at token 0. */
static int
can_start(const struct scan *s)
{
    if (s->n == 0)
        return 0;
    if (digit(s->text[s->t[0].start]))
        return 1;
    return bsearch(s, first_words, COUNT(first_words), sizeof(first_words[0]),
                   cmp_word) != NULL;
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
    n = n > 0 ? n : m_ago(s, d);
    return n > 0 ? n : m_word(s, d);
}

int
bot_datescan_find(const char *text, const struct bot_date_ctx *ctx,
                  struct bot_date *d, size_t *start, size_t *end)
{
    struct scan s = {text, ctx, {{0, 0}}, 0};
    struct bot_date found;
    size_t pos = 0;
    int n = 0;

    if (d)
        memset(d, 0, sizeof(*d));
    if (!text || !ctx || !bot_date_is_valid_day(&ctx->anchor) ||
        !bot_date_is_valid_day(&ctx->now))
        return BOT_EINVAL;
    while (n == 0) {
        /* the next token alone first: most cannot start a date */
        s.n = 0;
        while (text[pos] && !alnum(text[pos]))
            pos++;
        if (!text[pos])
            break;
        s.t[0].start = pos;
        while (alnum(text[pos]))
            pos++;
        s.t[0].len = pos - s.t[0].start;
        s.n = 1;
        if (!can_start(&s))
            continue;
        if (window(&s, s.t[0].start) <= 0)
            break;
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
