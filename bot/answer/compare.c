/* Questions about two events at once: which came first, how long between
 * them. */
#include "bot/answer/compare.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/digest.h"
#include "bot/answer/match.h"
#include "bot/answer/parts.h"
#include "bot/answer/phrase.h"
#include "bot/knowledge/text.h"

/* SPAN_AFTER: "how long after A did B", "how long had A been ... when B":
 * B must come after A. */
enum shape { NONE = 0, ORDER_YESNO, ORDER_WHICH, SPAN, SPAN_AFTER };

/* Finds the two halves: "A before B", "A or B" after "first", "between A
 * and B". Cuts @s in place; returns the shape. */
static enum shape
split(char *s, enum bot_kind kind, char **a, char **b)
{
    char *p;

    if ((p = strstr(s, " between ")) != NULL) {
        /* "and", or as typed in chat: "n", "&", "+" */
        char *q;
        size_t join = 0;
        for (q = p + 8; *q && !(join = bot_parts_joiner(q)); q++)
            ;
        if (join) {
            *a = p + 9;
            *q = '\0';
            *b = q + join;
            return SPAN;
        }
    }
    if ((strstr(s, "first") || strstr(s, "earlier") || strstr(s, "sooner")) &&
        (p = strstr(s, " or "))) {
        char *start = strrchr(s, ':');
        *p = '\0';
        *a = start && start < p ? start + 1 : s;
        *b = p + 4;
        return ORDER_WHICH;
    }
    if (kind == BOT_KIND_HOWMANY &&
        ((p = strstr(s, " by the time of ")) || (p = strstr(s, " when ")))) {
        /* "how many years had A been in force when B happened" */
        int when = p[1] == 'w';
        *p = '\0';
        *a = s;
        *b = p + (when ? 6 : 16);
        return SPAN_AFTER; /* A began before B happened */
    }
    if ((kind == BOT_KIND_HOWMANY || kind == BOT_KIND_COUNTDOWN) &&
        (p = strstr(s, " after ")) != NULL) {
        /* "how many months after A is B", "how long after A did B
         * happen" or "... did B happen after A" */
        static const char *const verbs[] = {" is ",   " was ", " did ",
                                            " were ", " had ", NULL};
        const char *const *v;
        char *verb = NULL;
        for (v = verbs; *v && !verb; v++) {
            verb = strstr(p + 7, *v);
            if (verb)
                *b = verb + strlen(*v);
        }
        *p = '\0';
        *a = p + 7;
        if (verb)
            *verb = '\0';
        else
            *b = s;
        return SPAN_AFTER;
    }
    if (kind == BOT_KIND_YESNO && ((p = strstr(s, " before ")) != NULL ||
                                   (p = strstr(s, " after ")) != NULL)) {
        int after = p[1] == 'a';
        *p = '\0';
        *a = after ? p + 7 : s; /* "A after B" is "B before A" */
        *b = after ? s : p + 8;
        return ORDER_YESNO;
    }
    return NONE;
}

/* The dated fact one half of the question is about, or -1. */
static int
half_fact(struct bot_kb *kb, const char *half, const struct bot_date *today)
{
    struct bot_query *q = malloc(sizeof(*q));
    struct bot_match m;
    int fact = -1;

    if (!q)
        return -1;
    if (bot_query_read(kb, half, today, q) == 0 && q->terms.n > 0) {
        q->kind = BOT_KIND_WHEN; /* a dated fact is what we need */
        q->date.prec = BOT_PREC_NONE;
        bot_match_rank(kb, q, -1, -1, &m);
        if (m.best.fact >= 0 && m.best.score >= 0.5 &&
            kb->facts[m.best.fact].date.prec)
            fact = m.best.fact;
    }
    free(q);
    return fact;
}

static const char *
name_of(const struct bot_fact *f)
{
    return f->label ? f->label : f->statement;
}

static void
add_sources(struct bot_reply *r, const struct bot_fact *a,
            const struct bot_fact *b)
{
    bot_reply_source(r, a->sentence);
    bot_reply_source(r, b->sentence);
}

/* "Yes: A (March 2024) came before B (July 2024)." */
static void
answer_order(const struct bot_fact *a, const struct bot_fact *b,
             enum shape shape, struct bot_reply *r)
{
    long da = bot_date_first_day(&a->date), db = bot_date_first_day(&b->date);
    const struct bot_fact *first = da <= db ? a : b, *then = da <= db ? b : a;
    char d1[64], d2[64];

    bot_phrase_date(&first->date, d1, sizeof(d1));
    bot_phrase_date(&then->date, d2, sizeof(d2));
    r->answered = 1;
    r->confidence = 0.9;
    if (da == db) {
        bot_reply_add(r, "They are dated the same: %s (%s) and %s.", d1,
                      name_of(a), name_of(b));
    } else {
        r->kind = shape == ORDER_YESNO ? BOT_KIND_YESNO : BOT_KIND_WHEN;
        if (shape == ORDER_YESNO)
            bot_reply_add(r, "%s. ", da < db ? "Yes" : "No");
        bot_reply_add(r, "First, %s: %s. Then, %s: %s.", d1, name_of(first), d2,
                      name_of(then));
    }
    add_sources(r, a, b);
}

/* "About 21 years: from 2003 (...) to July 2024 (...)." */
static void
answer_span(const struct bot_fact *a, const struct bot_fact *b,
            const char *text, struct bot_reply *r)
{
    const struct bot_date *x, *y;
    long days, years;

    if (bot_date_cmp(&a->date, &b->date) > 0) { /* told in date order */
        const struct bot_fact *t = a;
        a = b;
        b = t;
    }
    x = &a->date;
    y = &b->date;
    days = labs(bot_date_days_between(x, y));
    long months =
        labs((long)(y->year * 12 + y->month) - (long)(x->year * 12 + x->month));
    int exact_days = x->prec >= BOT_PREC_DAY && y->prec >= BOT_PREC_DAY;
    int have_months = x->prec >= BOT_PREC_MONTH && y->prec >= BOT_PREC_MONTH;
    char d1[64], d2[64];

    bot_date_format(x, d1, sizeof(d1));
    bot_date_format(y, d2, sizeof(d2));
    r->answered = 1;
    r->confidence = 0.9;
    r->kind = BOT_KIND_HOWMANY;
    if (strstr(text, "day") && exact_days)
        bot_reply_add(r, "%ld days", days);
    else if (strstr(text, "week") && exact_days)
        bot_reply_add(r, "%ld weeks and %ld days", days / 7, days % 7);
    else if (strstr(text, "month") && have_months)
        bot_reply_add(r, "%ld months", months);
    else if (exact_days && days < 62 && !strstr(text, "year"))
        bot_reply_add(r, "%ld days", days);
    else if ((years = labs((long)(y->year - x->year))) == 0)
        bot_reply_add(r, "Less than a year");
    else
        bot_reply_add(r, "About %ld year%s", years, years == 1 ? "" : "s");
    bot_reply_add(r, ": from %s (%s) to %s (%s).", d1, name_of(a), d2,
                  name_of(b));
    add_sources(r, a, b);
}

/* True if @s asks for a span of time. */
static int
asks_time(const char *s)
{
    static const char *const units[] = {
        "year", "years",  "month",   "months", "week", "weeks", "day",
        "days", "decade", "decades", "long",   "time", NULL};
    const char *const *u;

    for (u = units; *u; u++) {
        const char *p = s;
        size_t n = strlen(*u);
        while ((p = strstr(p, *u)) != NULL) {
            /* a whole word, and not "these days" */
            if ((p == s || !isalnum((unsigned char)p[-1])) &&
                !isalnum((unsigned char)p[n]) &&
                !(p - s >= 6 && strncmp(p - 6, "these ", 6) == 0))
                return 1;
            p += n;
        }
    }
    return 0;
}

/* "what happened first: A, B or C": each item's fact, told in date
 * order. @a is "A, B" (cut in place), @b is "C". Return: 1 if every item
 * was found, else 0. */
static int
answer_list_order(struct bot_kb *kb, char *a, const char *b,
                  const struct bot_date *today, struct bot_reply *r)
{
    int facts[6], n = 0, i, j;
    char *item = a, *comma;

    do {
        comma = strstr(item, ", ");
        if (comma)
            *comma = '\0';
        facts[n] = half_fact(kb, item, today);
        if (facts[n++] < 0)
            return 0;
        item = comma ? comma + 2 : NULL;
    } while (item && n < 5);
    facts[n] = half_fact(kb, b, today);
    if (item || facts[n++] < 0)
        return 0;
    for (i = 1; i < n; i++) { /* a few items: insertion sort by date */
        int f = facts[i];
        for (j = i; j > 0 && bot_date_cmp(&kb->facts[facts[j - 1]].date,
                                          &kb->facts[f].date) > 0;
             j--)
            facts[j] = facts[j - 1];
        facts[j] = f;
    }
    r->answered = 1;
    r->confidence = 0.9;
    r->kind = BOT_KIND_WHEN;
    bot_reply_add(r, "First");
    for (i = 0; i < n; i++) {
        const struct bot_fact *f = &kb->facts[facts[i]];
        char d[64];
        if (i > 0 && facts[i] == facts[i - 1])
            continue;
        size_t len = strlen(name_of(f));
        bot_phrase_date(&f->date, d, sizeof(d));
        while (len && name_of(f)[len - 1] == '.')
            len--;
        bot_reply_add(r, "%s%s: %.*s", i ? "; then " : ", ", d, (int)len,
                      name_of(f));
        bot_reply_source(r, f->sentence);
    }
    bot_reply_add(r, ".");
    return 1;
}

int
bot_compare_answer(struct bot_kb *kb, const char *text,
                   const struct bot_query *q, const struct bot_date *today,
                   struct bot_reply *r)
{
    char *s = bot_text_fold_plain(text, strlen(text)), *a = NULL, *b = NULL;
    enum shape shape;
    int fa, fb, rc = 0;

    if (!s)
        return BOT_ENOMEM;
    /* "how many prisoners ... between A and B" counts things, not time */
    if (q->kind == BOT_KIND_HOWMANY && !q->duration && !asks_time(s))
        goto out;
    shape = split(s, q->kind, &a, &b);
    /* "what happened first: A, B or C" (after a colon only: "which came
     * first, the ban or the attack?" is two) */
    if (shape == ORDER_WHICH && a != s && strstr(a, ", ")) {
        rc = answer_list_order(kb, a, b, today, r);
        goto out;
    }
    if (shape == NONE || (shape == SPAN && q->kind != BOT_KIND_HOWMANY &&
                          q->kind != BOT_KIND_COUNTDOWN))
        goto out;
    fa = half_fact(kb, a, today);
    fb = fa >= 0 ? half_fact(kb, b, today) : -1;
    if (fa < 0 || fb < 0 || fa == fb)
        goto out;
    /* a reading that puts B before A is a wrong reading */
    if (shape == SPAN_AFTER &&
        bot_date_cmp(&kb->facts[fa].date, &kb->facts[fb].date) > 0)
        goto out;
    if (shape == SPAN || shape == SPAN_AFTER)
        answer_span(&kb->facts[fa], &kb->facts[fb], text, r);
    else
        answer_order(&kb->facts[fa], &kb->facts[fb], shape, r);
    rc = 1;
out:
    free(s);
    return rc;
}
