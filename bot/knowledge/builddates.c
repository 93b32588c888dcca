/* The builder's dates: every date phrase of a sentence, clause by clause,
 * resolved against the publication date (a bare weekday ahead or behind
 * by its clause's tense), with a status and a timeline label. */
#define _GNU_SOURCE /* strcasestr */
#include "bot/knowledge/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bot/knowledge/datescan.h"
#include "bot/knowledge/text.h"

#include "build_int.h"

static const char *const weekdays[] = {"monday",   "tuesday", "wednesday",
                                       "thursday", "friday",  "saturday",
                                       "sunday"};

/* Where in @folded one of @cues (each " word(s) ", matched with the text
 * padded by spaces) is: the first, or with @last the last; -1 if none.
 * With @month_may, "may" next to a figure ("May 13", "13 May") is the
 * month and no cue. */
static long
cue_at(const char *folded, const char *const *cues, int month_may, int last)
{
    char buf[BOT_TEXT_MAX + 2];
    long at = -1;
    size_t k;

    snprintf(buf, sizeof(buf), " %s ", folded);
    for (k = 0; cues[k]; k++) {
        const char *p;
        for (p = strstr(buf, cues[k]); p; p = strstr(p + 1, cues[k])) {
            long here = (long)(p - buf);
            if (month_may && !strcmp(cues[k], " may ") &&
                (isdigit((unsigned char)p[5]) ||
                 (p > buf && isdigit((unsigned char)p[-1]))))
                continue;
            if (at < 0 || (last ? here > at : here < at))
                at = here;
        }
    }
    return at;
}

static const char *const future_cues[] = {
    " will ",     " is due ",  " are due ",   " scheduled ", " set to ",
    " is to ",    " are to ",  " would ",     " plans ",     " planned ",
    " expected ", " next ",    " upcoming ",  " due to ",    " to resume ",
    " to meet ",  " to vote ", " to decide ", " to hold ",   " is expected",
    " shall ",    " intends ", " could ",     " may ",       NULL};

static int
has_future_cue(const char *folded)
{
    return cue_at(folded, future_cues, 0, 0) >= 0;
}

/* Where @folded tells of the past ("said", "told", a verb in -ed): the
 * first such word, or with @last the last; -1 if none. */
static long
past_cue_at(const char *folded, int last)
{
    static const char *const words[] = {
        "said",   "told", "was",   "were",  "had",   "did",   "met",  "took",
        "made",   "gave", "began", "won",   "lost",  "saw",   "went", "came",
        "left",   "held", "sent",  "spoke", "wrote", "found", "paid", "sold",
        "struck", "fell", "rose",  "hit",   NULL};
    const char *p = folded;
    long at = -1;

    while (*p) {
        size_t n = strcspn(p, " ,.;:!?\"'()");
        char w[BOT_WORD_MAX];
        if (n > 0 && n < sizeof(w)) {
            memcpy(w, p, n);
            w[n] = '\0';
            if (bot_text_in_list(w, words) ||
                (n > 4 && w[n - 2] == 'e' && w[n - 1] == 'd' &&
                 strcmp(w, "scheduled") != 0 && strcmp(w, "expected") != 0 &&
                 strcmp(w, "planned") != 0 && strcmp(w, "proposed") != 0)) {
                at = (long)(p - folded);
                if (!last)
                    return at;
            }
        }
        p += n;
        while (*p && strchr(" ,.;:!?\"'()", *p))
            p++;
    }
    return at;
}

static int
has_past_cue(const char *folded)
{
    return past_cue_at(folded, 0) >= 0;
}

static int
has_hedge(const char *folded)
{
    static const char *const cues[] = {" could ",    " may ",      " might ",
                                       " expected ", " likely ",   " plans ",
                                       " planned ",  " hopes ",    " aims ",
                                       " intends ",  " proposed ", NULL};

    return cue_at(folded, cues, 1, 0) >= 0;
}

/* The tense of the verb that governs the date phrase at [@start, @end)
 * of @folded: the words before it back to the clause's last "that",
 * "which", "who" or "after" ("said on Tuesday that it will ...": past),
 * else the words after it up to the next one ("on Friday he will"). The
 * whole clause decides when neither says. Return: 1 ahead, -1 behind, 0
 * not told. */
static int
local_tense(const char *folded, size_t start, size_t end)
{
    static const char *const bounds[] = {" that ",    " which ",  " who ",
                                         " after ",   " before ", " when ",
                                         " because ", NULL};
    char seg[BOT_TEXT_MAX];
    size_t a = 0, z = strlen(folded), k;
    int pass;

    for (k = 0; bounds[k]; k++) {
        const char *p;
        size_t m = strlen(bounds[k]);
        for (p = strstr(folded, bounds[k]); p; p = strstr(p + 1, bounds[k])) {
            size_t at = (size_t)(p - folded);
            if (at + m <= start && at + m > a)
                a = at + m;
            if (at >= end && at < z)
                z = at;
        }
    }
    for (pass = 0; pass < 2; pass++) {
        size_t from = pass ? end : a, to = pass ? z : start;
        if (to <= from || to - from >= sizeof(seg))
            continue;
        memcpy(seg, folded + from, to - from);
        seg[to - from] = '\0';
        /* the verb nearest the date: the last before it, the first
         * after it ("on Wednesday, she ordered ... and would decide") */
        long ahead = cue_at(seg, future_cues, 0, !pass);
        long behind = past_cue_at(seg, !pass);
        if (ahead >= 0 && behind >= 0)
            return (pass ? ahead < behind : ahead > behind) ? 1 : -1;
        if (ahead >= 0)
            return 1;
        if (behind >= 0)
            return -1;
    }
    return 0;
}

static int
is_weekday_phrase(const char *p, size_t n)
{
    size_t k;

    if (n > 3 && strncmp(p, "on ", 3) == 0) {
        p += 3;
        n -= 3;
    }
    for (k = 0; k < 7; k++) {
        if (n == strlen(weekdays[k]) && strncmp(p, weekdays[k], n) == 0)
            return 1;
    }
    return 0;
}

/* A bare year used as a modifier ("WRT's 2026 budget") is no date. */
static int
is_modifier_year(const char *folded, size_t start, size_t end)
{
    size_t k;

    if (end - start != 4)
        return 0;
    for (k = start; k < end; k++) {
        if (!isdigit((unsigned char)folded[k]))
            return 0;
    }
    return start >= 2 && folded[start - 1] == ' ' &&
           (folded[start - 2] == 's' && start >= 3 &&
            folded[start - 3] == '\'');
}

void
build_iso_of(const struct bot_date *d, char *out, size_t cap)
{
    switch (d->prec) {
    case BOT_PREC_DECADE:
        snprintf(out, cap, "%ds", d->year);
        break;
    case BOT_PREC_YEAR:
        snprintf(out, cap, "%04d", d->year);
        break;
    case BOT_PREC_PART:
        snprintf(out, cap, "%04d-%s", d->year,
                 d->part == BOT_PART_START ? "start"
                 : d->part == BOT_PART_MID ? "mid"
                                           : "end");
        break;
    case BOT_PREC_MONTH:
        snprintf(out, cap, "%04d-%02d", d->year, d->month);
        break;
    default:
        snprintf(out, cap, "%04d-%02d-%02d", d->year, d->month, d->day);
        break;
    }
}

/* The count a word gives: "11", "eleven", "a". 0 if none. */
static int
count_of(const char *w, size_t n)
{
    static const char *const words[] = {
        "a",     "one",   "two",  "three", "four",   "five",   "six",
        "seven", "eight", "nine", "ten",   "eleven", "twelve", NULL};
    int k, v = 0;
    size_t i;

    for (k = 0; words[k]; k++) {
        if (strlen(words[k]) == n && !strncmp(w, words[k], n))
            return k == 0 ? 1 : k;
    }
    for (i = 0; i < n && i < 4; i++) {
        if (!isdigit((unsigned char)w[i]))
            return 0;
        v = v * 10 + (w[i] - '0');
    }
    return i == n ? v : 0;
}

/* "eleven days later", "two years later": @base moved on, at no finer
 * a precision than the step. Return: 1 if @folded says so, with the
 * phrase's span. */
static int
later_than(const struct bot_date *base, const char *folded, struct bot_date *d,
           size_t *start, size_t *end)
{
    static const char *const units[] = {"day",   "days",  "week",
                                        "weeks", "month", "months",
                                        "year",  "years", NULL};
    const char *p = folded;

    while (base->prec >= BOT_PREC_YEAR && (p = strstr(p, " later"))) {
        const char *u = p, *c;
        int k, v;
        while (u > folded && u[-1] != ' ')
            u--;
        for (k = 0; units[k] && (strlen(units[k]) != (size_t)(p - u) ||
                                 strncmp(u, units[k], (size_t)(p - u)));
             k++)
            ;
        c = u > folded ? u - 1 : u;
        while (c > folded && c[-1] != ' ')
            c--;
        v = units[k] && u > folded ? count_of(c, (size_t)(u - 1 - c)) : 0;
        p++;
        if (!v)
            continue;
        *d = *base;
        if (k >= 6 || base->prec < BOT_PREC_MONTH) { /* years */
            d->year += k >= 6 ? v : 0;
            if (k < 6 && base->prec < BOT_PREC_MONTH)
                continue; /* "three days later" than a year: unknown */
            d->month = d->day = 0;
            d->prec = BOT_PREC_YEAR;
        } else if (k >= 4) { /* months */
            long m = d->year * 12L + d->month - 1 + v;
            d->year = (int)(m / 12);
            d->month = (int)(m % 12) + 1;
            d->day = 0;
            d->prec = BOT_PREC_MONTH;
        } else if (base->prec >= BOT_PREC_DAY) {
            bot_date_ymd(d, d->year, d->month, d->day);
            bot_date_add_days(d, (long)v * (k >= 2 ? 7 : 1));
        } else {
            continue; /* days after a month: no day */
        }
        *start = (size_t)(c - folded);
        *end = (size_t)(p - 1 - folded) + strlen(" later");
        return 1;
    }
    return 0;
}

/* True if the date phrase @phrase (folded) leans on "march" or "may",
 * months that are also a verb or a noun ("thousands march", "the next
 * march"), and the clause @text[0..n) as written never capitalizes it:
 * news English writes the month with a capital. */
static int
lowercase_month(const char *phrase, const char *text, size_t n)
{
    static const char *const words[] = {"march", "may"};
    static const char *const names[] = {"March", "May"};
    size_t k;

    for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        size_t w = strlen(words[k]);
        const char *p;
        if (!bot_text_has_words(phrase, words[k]))
            continue;
        for (p = text; (p = memmem(p, n - (size_t)(p - text), names[k], w));
             p += w) {
            if ((p == text || !isalpha((unsigned char)p[-1])) &&
                (p + w == text + n || !isalpha((unsigned char)p[w])))
                return 0;
        }
        return 1;
    }
    return 0;
}

/* True if @phrase names a month with no year ("in June", "from
 * September"), which the clause's tense may move by a year. */
static int
bare_month(const struct bot_date *d, const char *phrase, size_t n)
{
    size_t k;

    if (d->prec != BOT_PREC_MONTH)
        return 0;
    for (k = 0; k < n; k++) {
        if (isdigit((unsigned char)phrase[k]))
            return 0;
    }
    return !bot_text_has_words(phrase, "next") &&
           !bot_text_has_words(phrase, "last") &&
           !bot_text_has_words(phrase, "this");
}

/* Scans one clause [a, z) of @text for dates; @whole is the sentence
 * folded (or NULL), @future whether it looks ahead. */
static size_t
scan_clause(const struct builder *b, const char *text, const char *whole,
            size_t a, size_t z, int future, struct found *out, size_t n,
            size_t cap)
{
    struct bot_date_ctx ctx = {b->kb->published, b->kb->published};
    char *folded = bot_text_fold_plain(text + a, z - a);
    size_t from = 0, start, end;
    struct bot_date d;

    if (!folded)
        return n;
    while (n < cap &&
           bot_datescan_find(folded + from, &ctx, &d, &start, &end) == 0) {
        struct found *f = &out[n];
        start += from;
        end += from;
        from = end;
        if (is_modifier_year(folded, start, end))
            continue;
        snprintf(f->when, sizeof(f->when), "%.*s", (int)(end - start),
                 folded + start);
        if (lowercase_month(f->when, text + a, z - a))
            continue;
        f->weekday = is_weekday_phrase(folded + start, end - start);
        if (f->weekday && bot_date_days_between(&b->kb->published, &d) < 0) {
            int tense = local_tense(folded, start, end);
            /* an opening "On Wednesday evening,": the sentence's verbs
             * nearest it (the first clause folds as the sentence does) */
            if (tense == 0 && a == 0 && whole)
                tense = local_tense(whole, start, end);
            if (tense > 0 ||
                (tense == 0 &&
                 (has_future_cue(folded) || (future && !has_past_cue(folded)))))
                bot_date_add_days(&d, 7);
        } else if (bare_month(&d, f->when, end - start)) {
            /* the nearest such month, unless the tense says the other:
             * "will rise from September", "was founded in November" */
            long diff = (d.year - b->kb->published.year) * 12L + d.month -
                        b->kb->published.month;
            int tense = local_tense(folded, start, end);
            if (tense == 0)
                tense = has_future_cue(folded) ? 1
                        : has_past_cue(folded) ? -1
                                               : 0;
            if (diff < 0 && tense > 0)
                d.year++;
            else if (diff > 0 && tense < 0)
                d.year--;
        }
        f->d = d;
        f->opens =
            folded[strspn(folded, " ")] != '\0' && start == strspn(folded, " ");
        f->closes = folded[end + strspn(folded + end, " .")] == '\0';
        f->clause_a = a;
        f->clause_z = z;
        n++;
    }
    /* "... in 1952 and flooded two years later": after the clause's own
     * date, or the last one the text gave */
    if (n < cap &&
        later_than(n ? &out[n - 1].d : &b->recent, folded, &d, &start, &end)) {
        struct found *f = &out[n++];
        memset(f, 0, sizeof(*f));
        f->d = d;
        snprintf(f->when, sizeof(f->when), "%.*s", (int)(end - start),
                 folded + start);
        f->clause_a = a;
        f->clause_z = z;
    }
    free(folded);
    return n;
}

/* True if the comma at @i stands between a day and a year: "June 9,
 * 1938" (a digit before it, four digits and no fifth after ", "). */
static int
day_comma_year(const char *text, size_t i, size_t len)
{
    size_t k;

    if (text[i] != ',' || i == 0 || !isdigit((unsigned char)text[i - 1]) ||
        i + 6 > len)
        return 0;
    for (k = i + 2; k < i + 6; k++) {
        if (!isdigit((unsigned char)text[k]))
            return 0;
    }
    return i + 6 == len || !isdigit((unsigned char)text[i + 6]);
}

/* The dates of a sentence, clause by clause (split at ", ", "; ", ": "):
 * a bare weekday is this week's, ahead when the sentence looks ahead ("are
 * scheduled to resume on Friday") and behind otherwise; "Thursday,
 * February 19" is one date. */
size_t
build_dates_of(const struct builder *b, const char *text, struct found *out)
{
    char *folded = bot_text_fold_plain(text, strlen(text));
    size_t len = strlen(text), a = 0, i, n = 0, k, o;
    int future = folded && has_future_cue(folded);

    for (i = 0; i <= len && n < MAX_FOUND; i++) {
        if (i < len && !((text[i] == ',' || text[i] == ';' || text[i] == ':') &&
                         (i + 1 == len || text[i + 1] == ' ')))
            continue;
        if (i < len && day_comma_year(text, i, len))
            continue; /* "June 9, 1938" is one date */
        if (i > a)
            n = scan_clause(b, text, folded, a, i, future, out, n, MAX_FOUND);
        a = i + 1;
    }
    /* "on Thursday, February 19": the weekday names the date after it */
    for (k = 0, o = 0; k < n; k++) {
        if (out[k].weekday && out[k].closes && k + 1 < n && out[k + 1].opens &&
            out[k + 1].clause_a <= out[k].clause_z + 2 &&
            out[k + 1].d.prec == BOT_PREC_DAY)
            continue;
        out[o++] = out[k];
    }
    free(folded);
    return o;
}

int
build_set_date(const struct builder *b, json_t *fact, const struct found *f,
               const char *text)
{
    char iso[32];
    int rc = 0;

    build_iso_of(&f->d, iso, sizeof(iso));
    if (json_object_set_new(fact, "when", json_string(f->when)) < 0 ||
        json_object_set_new(fact, "date", json_string(iso)) < 0)
        return BOT_ENOMEM;
    if (bot_date_days_between(&b->kb->published, &f->d) > 0 &&
        f->d.prec >= BOT_PREC_WEEK) {
        char *folded = bot_text_fold_plain(text, strlen(text));
        if (!folded)
            return BOT_ENOMEM;
        rc = json_object_set_new(
            fact, "status",
            json_string(has_hedge(folded) ? "expected" : "scheduled"));
        free(folded);
    }
    return rc < 0 ? BOT_ENOMEM : 0;
}

static size_t
count_words(const char *p, size_t n)
{
    size_t i, w = 0;

    for (i = 0; i < n; i++)
        w += p[i] != ' ' && (i == 0 || p[i - 1] == ' ');
    return w;
}

/* The clause a date lies in, widened to its neighbours while it is
 * shorter than six words ("on Friday" alone says nothing). */
void
build_clause_of(const char *text, const struct found *f, size_t *a, size_t *z)
{
    size_t len = strlen(text);

    *a = f->clause_a;
    *z = f->clause_z;
    while (count_words(text + *a, *z - *a) < 6 && (*a > 0 || *z < len)) {
        if (*a > 0) {
            (*a)--;
            while (*a > 0 && !strchr(",;:", text[*a - 1]))
                (*a)--;
        } else {
            (*z)++;
            while (*z < len && !strchr(",;:", text[*z]))
                (*z)++;
        }
    }
    while (*a < *z && text[*a] == ' ')
        (*a)++;
    while (*z > *a && strchr(" .,;:", text[*z - 1]))
        (*z)--;
}

/* Removes the date words @when (folded) from @label, with the word that
 * introduces them ("on", "next", "last", "in", "at", "by", "from",
 * "starting"), so that a timeline line does not say its date twice. */
static void
drop_date_words(char *label, const char *when)
{
    static const char *const lead[] = {"on ",   "next ", "last ", "in ",
                                       "at ",   "by ",   "from ", "starting ",
                                       "this ", NULL};
    size_t n = strlen(when), k;
    char *p = strcasestr(label, when), *from;

    if (!p || n == 0)
        return;
    from = p;
    /* "on Thursday, February 19": the weekday goes with its date */
    for (k = 0; k < 7; k++) {
        size_t m = strlen(weekdays[k]);
        if ((size_t)(from - label) >= m + 2 && from[-1] == ' ' &&
            from[-2] == ',' && strncasecmp(from - 2 - m, weekdays[k], m) == 0) {
            from -= m + 2;
            break;
        }
    }
    for (k = 0; lead[k]; k++) {
        size_t m = strlen(lead[k]);
        if ((size_t)(from - label) >= m &&
            strncasecmp(from - m, lead[k], m) == 0 &&
            (from - m == label || from[-(long)m - 1] == ' ')) {
            from -= m;
            k = (size_t)-1; /* "on next Monday": again */
        }
    }
    memmove(from, p + n, strlen(p + n) + 1);
    /* tidy the seam: double spaces, a space before a comma, a dangling
     * comma at the end */
    for (p = label; *p; p++) {
        while (p[0] == ' ' && (p[1] == ' ' || p[1] == ',' || p[1] == '\0'))
            memmove(p, p + 1, strlen(p));
    }
    n = strlen(label);
    while (n > 0 && strchr(" ,;:", label[n - 1]))
        label[--n] = '\0';
}

/* A short name for a dated fact in a timeline: its clause without its
 * date words, cut at a word within 90 bytes. */
int
build_set_label(json_t *fact, const char *text, const struct found *f)
{
    char label[200];
    size_t a, z, cut, n;

    build_clause_of(text, f, &a, &z);
    snprintf(label, sizeof(label), "%.*s", (int)(z - a), text + a);
    drop_date_words(label, f->when);
    n = strlen(label);
    if (n > 90) {
        cut = 90;
        while (cut > 0 && label[cut] != ' ')
            cut--;
        label[cut ? cut : 90] = '\0';
        n = strlen(label);
        while (n > 0 && strchr(" ,;:", label[n - 1]))
            label[--n] = '\0';
    }
    if (n == 0) /* the clause was only its date */
        snprintf(label, sizeof(label), "%.*s", (int)(z - a), text + a);
    return json_object_set_new(fact, "label", json_string(label)) < 0
               ? BOT_ENOMEM
               : 0;
}

int
build_negative_of(const struct sent *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        /* "a motion of no confidence" names a vote, it denies nothing */
        if (build_tok_is(s, i, "not") || build_tok_is(s, i, "never") ||
            (build_tok_is(s, i, "no") && !build_tok_is(s, i + 1, "confidence")))
            return 1;
        /* "declined to concede", "refuses to pay", "failed to reach" */
        if (build_tok_is(s, i + 1, "to") &&
            (build_tok_is(s, i, "declined") || build_tok_is(s, i, "declines") ||
             build_tok_is(s, i, "refused") || build_tok_is(s, i, "refuses") ||
             build_tok_is(s, i, "refuse") || build_tok_is(s, i, "failed") ||
             build_tok_is(s, i, "fails")))
            return 1;
    }
    return 0;
}

/* ---- assembling ---------------------------------------------------- */
