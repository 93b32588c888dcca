/* Answers about one fact: what was asked first, then the statement and its
 * source quote; and the reply when nothing matches. */
#define _GNU_SOURCE /* strcasestr */
#include "bot/answer/answer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bot/answer/fit.h"
#include "bot/answer/phrase.h"
#include "bot/knowledge/lexicon.h"
#include "bot/knowledge/text.h"

/* Copies @s with its first letter in upper case. */
static void
capitalize(char *out, size_t cap, const char *s)
{
    snprintf(out, cap, "%s", s);
    if (out[0])
        out[0] = (char)toupper((unsigned char)out[0]);
}

static int
contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    int first = tolower((unsigned char)needle[0]);

    for (; *hay; hay++) {
        if (tolower((unsigned char)*hay) == first &&
            strncasecmp(hay, needle, n) == 0)
            return 1;
    }
    return 0;
}

/* Ends the answer with the source quote, shortened to fit the cap. */
/* True if most words of @quote (three letters or more) are in @text
 * already: the answer has said it, and quoting it again says it twice. */
static int
said_already(const char *text, const char *quote)
{
    char low[BOT_REPLY_MAX];
    int words = 0, found = 0;
    const char *p = quote;
    size_t i;

    /* lower case once, then a plain search per word */
    for (i = 0; text[i] && i + 1 < sizeof(low); i++)
        low[i] = (char)tolower((unsigned char)text[i]);
    low[i] = '\0';
    while (*p) {
        char w[48];
        size_t n = 0;
        while (*p && !isalnum((unsigned char)*p))
            p++;
        while (isalnum((unsigned char)p[n]) && n + 1 < sizeof(w)) {
            w[n] = (char)tolower((unsigned char)p[n]);
            n++;
        }
        w[n] = '\0';
        while (isalnum((unsigned char)p[n]))
            n++;
        p += n;
        if (n < 3)
            continue;
        words++;
        found += strstr(low, w) != NULL;
    }
    return words > 0 && found * 4 >= words * 3;
}

static void
add_source(struct bot_reply *r, const struct bot_kb *kb, const char *quote,
           int sentence)
{
    size_t len = strlen(r->text), room, qlen = strlen(quote);
    char tail[32];
    int n = snprintf(tail, sizeof(tail), "\u201d (sentence %d)", sentence);

    bot_reply_source(r, sentence);
    (void)kb;
    if (said_already(r->text, quote)) {
        bot_reply_add(r, " (sentence %d)", sentence);
        return;
    }
    /* " Source: \u201c" is 13 bytes. */
    if (n < 0 || len + 13 + (size_t)n + 8 >= BOT_ANSWER_MAX)
        return;
    room = BOT_ANSWER_MAX - 1 - len - 13 - (size_t)n;
    bot_reply_add(r, " Source: \u201c");
    if (!r->quote) {
        r->quote = quote;
        r->quote_sentence = sentence;
    }
    if (qlen <= room) {
        bot_reply_add(r, "%s%s", quote, tail);
        return;
    }
    qlen = bot_text_utf8_prefix(quote, qlen, room - 3);
    while (qlen > 0 && quote[qlen - 1] != ' ')
        qlen--;
    bot_reply_add(r, "%.*s\u2026%s", (int)(qlen ? qlen - 1 : 0), quote, tail);
}

/* Writes "lead. statement" without repeating what the statement says. */
/* Room kept at the end of an answer for " (sentence NN)". */
#define SOURCE_ROOM 16

static void
add_lead_and(struct bot_reply *r, const char *lead, const char *statement)
{
    char cap[BOT_ANSWER_MAX];
    size_t len, room, n = strlen(statement);

    if (lead && *lead && strncasecmp(statement, lead, strlen(lead)) != 0) {
        capitalize(cap, sizeof(cap), lead);
        bot_reply_add(r, "%s%s ", cap,
                      strchr(".?!:", cap[strlen(cap) - 1]) ? "" : ".");
    }
    /* a long sentence after its answer: cut at a word, so that the
     * answer and where it comes from fit one chat message */
    len = strlen(r->text);
    room = len + SOURCE_ROOM + 3 < BOT_ANSWER_MAX
               ? BOT_ANSWER_MAX - len - SOURCE_ROOM - 3
               : 0;
    if (n <= room || room < 40) {
        bot_reply_add(r, "%s", statement);
        return;
    }
    n = bot_text_utf8_prefix(statement, n, room);
    while (n > 0 && statement[n - 1] != ' ')
        n--;
    while (n > 0 && strchr(" ,;:", statement[n - 1]))
        n--;
    bot_reply_add(r, "%.*s\u2026", (int)n, statement);
}

/* The entity a who-question asks for: an actor the question does not
 * name, else another party, else the first actor. */
static int
answer_entity(const struct bot_kb *kb, const struct bot_query *q,
              const struct bot_fact *f)
{
    int i, j, first = -1, person = -1;

    for (i = 0; i < f->nactors + f->nothers; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        int named = 0;
        for (j = 0; j < q->nentities; j++)
            named |= q->entities[j] == e;
        if (named)
            continue;
        /* "who's the judge?": the party the question's words describe
         * (a place is no one, whatever its sentence says) */
        if (bot_fit_role_named(kb, q, e) &&
            !(q->kind == BOT_KIND_WHO && kb->entities[e].place))
            return e;
        if (first < 0)
            first = e;
        if (person < 0 && kb->entities[e].person)
            person = e;
    }
    /* "who was found guilty?" asks for a person when the fact has one */
    if (q->kind == BOT_KIND_WHO && person >= 0)
        return person;
    if (first >= 0)
        return first;
    return f->nactors ? f->actors[0] : -1;
}

/* "how many countries ...?" of a fact that names them instead of
 * counting them: "One: Kazakhstan". Return: how many, 0 if none. */
static int
count_lead(const struct bot_kb *kb, const struct bot_query *q,
           const struct bot_fact *f, char *lead, size_t cap)
{
    static const char *const words[] = {"",     "One",  "Two", "Three",
                                        "Four", "Five", "Six", "Seven"};
    int found[8], n, i;
    size_t len;

    n = bot_fit_count_named(kb, q, f, found, 8);
    if (n <= 0)
        return 0;
    len = (size_t)snprintf(lead, cap, "%s:", words[n]);
    for (i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(lead + len, cap - len, "%s %s",
                                i == 0       ? ""
                                : i == n - 1 ? " and"
                                             : ",",
                                kb->entities[found[i]].name);
    return n;
}

/* The kind of thing @q wants named: a "which X" noun's, or any thing's
 * own name when asked for ("what was the storm called?"); 0 for none. */
static int
noun_kind(const struct bot_query *q, const char *noun)
{
    int kind = noun ? bot_lexicon_named_kind(noun) : 0;

    return !kind && noun && q->wants_name ? 'n' : kind;
}

/**
 * named_answer() - the entity a who- or which-question gets from @f.
 * The parties of the fact the question does not name already, and who
 * they act for ("Russia" for "which country's court?"); with a noun that
 * wants a name ("which judge"), only one that is such a thing.
 * Return: its index, -1 if the fact names none (the article does not
 * say), or -2 if the question wants no name.
 */
static int
named_answer(const struct bot_kb *kb, const struct bot_query *q,
             const struct bot_fact *f)
{
    const char *noun = q->noun >= 0 ? q->words.w[q->noun].text : NULL;
    int kind = noun_kind(q, noun), i, pass;

    if (!kind && q->kind != BOT_KIND_WHO)
        return -2;
    if (!kind) /* a plain "who": the first party not named */
        return answer_entity(kb, q, f);
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < f->nactors + f->nothers; i++) {
            int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
            if (pass)
                e = kb->entities[e].part_of;
            if (e >= 0 && !bot_fit_named_in(kb, q, e) &&
                bot_fit_entity_is(kb, e, noun, kind))
                return e;
        }
    }
    /* "which court will decide?": the court the question names is the
     * answer when nothing else is */
    for (i = 0; i < f->nactors + f->nothers; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        if (bot_fit_entity_is(kb, e, noun, kind) && kind == 'n' &&
            contains_ci(kb->entities[e].name, noun) && !bot_fit_central(kb, e))
            return e;
    }
    return -1;
}

static void
answer_entity_desc(const struct bot_kb *kb, const struct bot_query *q, int e,
                   struct bot_reply *r)
{
    const struct bot_entity *ent = &kb->entities[e];

    r->entity = e;
    if (q->kind == BOT_KIND_WHERE && ent->where)
        bot_reply_add(r, "%s: %s. ", ent->name, ent->where);
    else if (q->wants_name && !contains_ci(ent->desc, ent->name))
        bot_reply_add(r, "%s. ", ent->name); /* "what's it called?" */
    bot_reply_add(r, "%s", ent->desc);
    add_source(r, kb, ent->quote, ent->sentence);
}

/* Something scheduled or expected, asked about as if done: "not yet" if
 * it was still ahead (today, or when the article came out), else the
 * article cannot know. Returns 1 if it answered. */
static int
answer_pending(const struct bot_kb *kb, const struct bot_query *q,
               const struct bot_fact *f, const struct bot_date *now,
               struct bot_reply *r)
{
    const struct bot_date *ref = q->at_article ? &kb->published : now;
    char when[64], dist[48], pub[48];

    if (!f->date.prec)
        return 0;
    bot_phrase_date(&f->date, when, sizeof(when));
    bot_date_format(&kb->published, pub, sizeof(pub));
    if (bot_date_last_day(&f->date) >= bot_date_first_day(ref) &&
        bot_date_first_day(&f->date) > bot_date_first_day(ref)) {
        bot_phrase_countdown(bot_date_days_between(ref, &f->date), dist,
                             sizeof(dist));
        bot_reply_add(r, "No, not yet%s%s: it is due %s (%s). %s",
                      q->at_article ? " when the article came out on " : "",
                      q->at_article ? pub : "", when, dist, f->statement);
    } else if (bot_date_first_day(&f->date) <= bot_date_first_day(ref) &&
               bot_date_last_day(&f->date) >= bot_date_first_day(ref)) {
        return 0; /* under way today: answer from the fact */
    } else {
        char due[48];
        bot_date_format(&f->date, due, sizeof(due));
        r->answered = 0;
        bot_reply_add(r,
                      "The article doesn't say: it came out on %s, before "
                      "that was due (%s). What it said then: %s",
                      pub, due, f->statement);
    }
    add_source(r, kb, f->quote, f->sentence);
    return 1;
}

/* Does the fact's number satisfy the claimed one? 1 yes, 0 no, -1 when a
 * bound cannot tell. News rounds down to a bound near the true number:
 * "more than 140" rules out "more than 200" but cannot tell "150". */
static int
number_holds(const struct bot_claim_number *c, const struct bot_number *n)
{
    double v = n->value, x = c->value;

    if (n->cmp == BOT_CMP_GT) { /* the true number is a little above v */
        if (c->cmp == BOT_CMP_GT)
            return v >= x ? 1 : x > v * 1.25 ? 0 : -1;
        if (c->cmp == BOT_CMP_LT)
            return x <= v ? 0 : x > v * 1.25 ? 1 : -1;
        return x <= v || x > v * 1.25 ? 0 : -1;
    }
    if (n->cmp == BOT_CMP_LT) { /* the true number is a little below v */
        if (c->cmp == BOT_CMP_LT)
            return v <= x ? 1 : x < v * 0.8 ? 0 : -1;
        if (c->cmp == BOT_CMP_GT)
            return x >= v ? 0 : x < v * 0.8 ? 1 : -1;
        return x >= v || x < v * 0.8 ? 0 : -1;
    }
    switch (c->cmp) {
    case BOT_CMP_GT:
        return v > x;
    case BOT_CMP_LT:
        return v < x;
    case BOT_CMP_ABOUT:
        return v >= x * 0.8 && v <= x * 1.25;
    default:
        return v == x;
    }
}

/* Finds a time of day in @text ("2 p.m.", "7pm", "10:30", "noon") and
 * writes "At 2 p.m." to @out. Returns 1 if there is one. */
static int
clock_time(const char *text, char *out, size_t cap)
{
    static const char *const suffix[] = {"a.m.", "p.m.", "am", "pm",
                                         "a.m",  "p.m",  NULL};
    static const char *const named[] = {"noon", "midnight", NULL};
    const char *p;
    size_t i;

    for (p = text; *p; p++) {
        const char *d = p, *e;
        int colon = 0;
        if (!isdigit((unsigned char)*p) ||
            (p > text && isalnum((unsigned char)p[-1])))
            continue;
        while (isdigit((unsigned char)*d))
            d++;
        if (d - p <= 2 && (*d == ':' || *d == '.') &&
            isdigit((unsigned char)d[1]) && isdigit((unsigned char)d[2]) &&
            !isdigit((unsigned char)d[3])) {
            colon = *d == ':';
            d += 3; /* "10:30", "7.30" */
        }
        for (e = d; *e == ' '; e++)
            ;
        for (i = 0; suffix[i] && d - p <= 5; i++) {
            size_t n = strlen(suffix[i]);
            if (strncasecmp(e, suffix[i], n) == 0 &&
                !isalnum((unsigned char)e[n])) {
                snprintf(out, cap, "At %.*s", (int)(e + n - p), p);
                return 1;
            }
        }
        if (colon) { /* "19:30" */
            snprintf(out, cap, "At %.*s", (int)(d - p), p);
            return 1;
        }
        p = d - 1;
    }
    for (i = 0; named[i]; i++) {
        if (bot_text_has_words(text, named[i])) {
            snprintf(out, cap, "At %s", named[i]);
            return 1;
        }
    }
    return 0;
}

/* Words that make a statement a possibility, not an event. */
static const char *const possibility[] = {
    "could",  "may",      "might",     "would",      "faces",
    "face",   "risks",    "risk",      "possible",   "possibly",
    "likely", "unlikely", "threatens", "threatened", NULL};

/* True if @statement tells of a possibility: "faces a ban of up to four
 * years", "could close". */
static int
hedged(const char *statement)
{
    char clause[200]; /* the main clause: up to the first comma */
    size_t i;

    snprintf(clause, sizeof(clause), "%.*s", (int)strcspn(statement, ",;"),
             statement);
    for (i = 0; possibility[i]; i++) {
        if (bot_text_has_words(clause, possibility[i]))
            return 1;
    }
    return bot_text_has_words(clause, "up to");
}

/* True if the question itself asks about a possibility ("could he be
 * banned?", "will it close?"). */
static int
claims_possibility(const struct bot_query *q)
{
    static const char *const ahead[] = {"will", "wont", "going",  "gonna",
                                        "can",  "cant", "should", NULL};
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        if (bot_text_in_list(q->words.w[i].text, possibility) ||
            bot_text_in_list(q->words.w[i].text, ahead))
            return 1;
    }
    return 0;
}

static void
answer_yesno(const struct bot_kb *kb, const struct bot_query *q,
             const struct bot_hit *h, const struct bot_date *now,
             struct bot_reply *r)
{
    const struct bot_fact *f = &kb->facts[h->fact];
    char when[64], lead[160];
    int yes = 1;

    bot_phrase_date(&f->date, when, sizeof(when));
    lead[0] = '\0';
    if (h->substituted == 2) { /* a name the article never mentions */
        bot_reply_add(r, "No. The article says: %s", f->statement);
        add_source(r, kb, f->quote, f->sentence);
        return;
    }
    if (h->substituted) {
        int e = f->nactors ? f->actors[0] : -1;
        bot_reply_add(r, "No: according to the article, it was %s. %s",
                      e >= 0 ? kb->entities[e].name : "someone else",
                      f->statement);
        add_source(r, kb, f->quote, f->sentence);
        return;
    }
    if (q->upcoming && f->date.prec && !q->date.prec &&
        f->status != BOT_STATUS_FACT) {
        /* "Is the hearing still coming up?": is it ahead of today? */
        int ahead = bot_date_last_day(&f->date) >= bot_date_first_day(now);
        char dist[48];
        bot_phrase_countdown(bot_date_days_between(now, &f->date), dist,
                             sizeof(dist));
        bot_reply_add(r, "%s %s (%s). %s", ahead ? "Yes: it is" : "No: it was",
                      when, dist, f->statement);
        add_source(r, kb, f->quote, f->sentence);
        return;
    }
    if (f->status != BOT_STATUS_FACT && (q->past || q->outcome) && !q->future &&
        answer_pending(kb, q, f, now, r))
        return;
    if (q->date.prec && !f->date.prec &&
        ((h->contradicted != 0) != (f->negative != q->negated))) {
        /* "did Russia recognize them on Monday?": not on any day */
        bot_reply_add(r, "No: %s", f->statement);
        add_source(r, kb, f->quote, f->sentence);
        return;
    }
    if (q->date.prec && f->date.prec == BOT_PREC_DAY) {
        /* "is it next week?": the day, and how far it is from today */
        char day[64], dist[32];
        yes = bot_date_overlaps(&q->date, &f->date);
        bot_phrase_weekday(&f->date, day, sizeof(day));
        bot_phrase_countdown(bot_date_days_between(now, &f->date), dist,
                             sizeof(dist));
        snprintf(lead, sizeof(lead), "%s, on %s (%s):", yes ? "Yes" : "No", day,
                 dist);
    } else if (q->date.prec && f->date.prec &&
               !bot_date_overlaps(&q->date, &f->date)) {
        yes = 0;
        snprintf(lead, sizeof(lead), "No, %s:", when);
    } else if (q->date.prec && !f->date.prec) {
        r->answered = 0;
        bot_reply_add(r, "The article doesn't say when. What it says: %s",
                      f->statement);
        add_source(r, kb, f->quote, f->sentence);
        return;
    } else if (q->has_number && f->nnumbers) {
        yes = number_holds(&q->number, &f->numbers[0]);
        if (yes < 0) { /* "did more than 200 die?" of "more than 140" */
            r->answered = 0;
            bot_reply_add(r, "The article doesn't say exactly; it says %s: %s",
                          f->numbers[0].text, f->statement);
            add_source(r, kb, f->quote, f->sentence);
            return;
        }
        snprintf(lead, sizeof(lead), "%s, %s:", yes ? "Yes" : "No",
                 f->numbers[0].text);
    } else if ((h->contradicted != 0) != (f->negative != q->negated)) {
        yes = 0; /* the fact says the opposite of the claim */
    }
    if (!lead[0] && q->date.prec && q->date_relative &&
        f->date.prec == BOT_PREC_DAY) {
        long d = bot_date_days_between(now, &f->date);
        char day[48];
        bot_date_format(&f->date, day, sizeof(day));
        snprintf(lead, sizeof(lead), "Yes, %s, %s:",
                 d == 0  ? "today"
                 : d > 0 ? "tomorrow"
                         : "yesterday",
                 day);
    }
    /* over a table built from the text, a claim the fact covers only in
     * part is not confirmed by it: say what it does say */
    if (!lead[0] && yes && kb->built && h->unmatched > 0) {
        bot_reply_add(r, "Not in those words. What the article says: %s",
                      f->statement);
        add_source(r, kb, f->quote, f->sentence);
        return;
    }
    /* "has he been banned for four years?" of "he faces a ban of up to
     * four years": a possibility does not confirm that it happened */
    if (!lead[0] && yes && hedged(f->statement) && !claims_possibility(q)) {
        bot_reply_add(r,
                      "Not as far as the article says; it says this "
                      "could happen: %s",
                      f->statement);
        add_source(r, kb, f->quote, f->sentence);
        return;
    }
    if (!lead[0])
        snprintf(lead, sizeof(lead), "%s:", yes ? "Yes" : "No");
    bot_reply_add(r, "%s %s", lead, f->statement);
    add_source(r, kb, f->quote, f->sentence);
}

/* True if @f quotes someone ("...," said X) whom @q names. */
static int
quoted_by_named(const struct bot_kb *kb, const struct bot_query *q,
                const struct bot_fact *f)
{
    int i, j;

    (void)kb;
    if (!strchr(f->quote, '"') && !strstr(f->quote, "\xe2\x80\x9c") &&
        !strstr(f->quote, "\xe2\x80\x9d"))
        return 0;
    for (i = 0; i < f->nactors; i++) {
        for (j = 0; j < q->nentities; j++) {
            if (q->entities[j] == f->actors[i])
                return 1;
        }
    }
    return 0;
}

/* Says the fact cannot answer this kind of question, and what it says. */
static void
answer_missing(const struct bot_kb *kb, const struct bot_fact *f,
               const char *what, struct bot_reply *r)
{
    r->answered = 0;
    bot_reply_add(r, "The article doesn't say %s. What it says: %s", what,
                  f->statement);
    add_source(r, kb, f->quote, f->sentence);
}

/* "Which judge?" where the fact names none: says so, and what it says. */
static void
answer_unnamed(const struct bot_kb *kb, const struct bot_query *q,
               const struct bot_fact *f, struct bot_reply *r)
{
    r->answered = 0;
    if (q->noun >= 0)
        bot_reply_add(r, "The article doesn't name the %s. What it says: %s",
                      q->words.w[q->noun].text, f->statement);
    else
        bot_reply_add(r, "The article doesn't say who. What it says: %s",
                      f->statement);
    add_source(r, kb, f->quote, f->sentence);
}

/* "On 17 April 2025 (in 14 days)": the date, and for what was still
 * ahead when the article came out, how it stands today. */
static void
when_lead(const struct bot_kb *kb, const struct bot_fact *f,
          const struct bot_date *now, char *lead, size_t cap)
{
    char date[48], dist[48];
    long first = bot_date_first_day(&f->date);

    (void)kb;
    bot_phrase_date(&f->date, lead, cap);
    if (f->date.prec == BOT_PREC_DAY) { /* "on Thursday, 17 April 2025" */
        char day[64];
        bot_phrase_weekday(&f->date, day, sizeof(day));
        snprintf(lead, cap, "on %s", day);
    }
    bot_date_format(&f->date, date, sizeof(date));
    if (f->status == BOT_STATUS_FACT) {
        if (contains_ci(f->statement, date))
            lead[0] = '\0';
        return;
    }
    if (bot_date_last_day(&f->date) < bot_date_first_day(now)) {
        snprintf(dist, sizeof(dist), "; that date has passed");
    } else if (f->date.prec >= BOT_PREC_DAY ||
               first > bot_date_first_day(now)) {
        char words[32];
        bot_phrase_countdown(first - bot_date_first_day(now), words,
                             sizeof(words));
        /* "in April" seen from 31 March: it begins tomorrow, it is not
         * tomorrow */
        snprintf(dist, sizeof(dist),
                 f->date.prec >= BOT_PREC_DAY ? " (%s)" : " (it starts %s)",
                 words);
    } else {
        snprintf(dist, sizeof(dist), " (under way now)");
    }
    snprintf(lead + strlen(lead), cap - strlen(lead), "%s", dist);
}

/* "about 1 year and 7 months", "about 5 months", "12 days" */
static void
span_words(const struct bot_date *from, const struct bot_date *to, char *buf,
           size_t cap)
{
    long months =
        (long)(to->year - from->year) * 12 + (to->month - from->month);

    if (from->prec >= BOT_PREC_DAY && to->day < from->day)
        months--;
    if (from->prec >= BOT_PREC_DAY && months < 1) {
        long days = bot_date_days_between(from, to);
        snprintf(buf, cap, "%ld day%s", days, days == 1 ? "" : "s");
    } else if (months < 12) {
        snprintf(buf, cap, "About %ld month%s", months < 1 ? 1 : months,
                 months > 1 ? "s" : "");
    } else if (months % 12 == 0) {
        snprintf(buf, cap, "About %ld year%s", months / 12,
                 months / 12 == 1 ? "" : "s");
    } else {
        snprintf(buf, cap, "About %ld year%s and %ld month%s", months / 12,
                 months / 12 == 1 ? "" : "s", months % 12,
                 months % 12 == 1 ? "" : "s");
    }
}

/* "About 22 years, from 2003 to the article's date, 31 March 2025": from
 * the fact's date to the article's, or to today when the question counts
 * up to now. Return: 0, or -1 when the fact comes after that end (the
 * question is not about time elapsed). */
static int
duration_lead(const struct bot_kb *kb, const struct bot_query *q,
              const struct bot_fact *f, const struct bot_date *now, char *lead,
              size_t cap)
{
    /* "as of the article" wins over "been" */
    int today = q->since_now && !q->at_article;
    const struct bot_date *to = today ? now : &kb->published;
    char from[48], until[48], span[64];

    if (bot_date_first_day(&f->date) > bot_date_first_day(to))
        return -1;
    /* A year-dated start counts whole calendar years. */
    if (f->date.prec <= BOT_PREC_PART || f->date.month == 0)
        snprintf(span, sizeof(span), "About %ld years",
                 (long)(to->year - f->date.year));
    else
        span_words(&f->date, to, span, sizeof(span));
    bot_date_format(&f->date, from, sizeof(from));
    bot_date_format(to, until, sizeof(until));
    snprintf(lead, cap, "%s, from %s to %s%s", span, from,
             today ? "today, " : "the article's date, ", until);
    return 0;
}

/* "offered until April 30, 2028": how long it lasts is until its date.
 * Writes "Until Sunday, 30 April 2028 (in 557 days)"; returns 1 if so. */
static int
lasts_until(const struct bot_kb *kb, const struct bot_fact *f,
            const struct bot_date *now, char *lead, size_t cap)
{
    char when[160];

    if (!f->date.prec || !(bot_text_has_words(f->statement, "until") ||
                           bot_text_has_words(f->statement, "till") ||
                           bot_text_has_words(f->statement, "through")))
        return 0;
    when_lead(kb, f, now, when, sizeof(when));
    snprintf(lead, cap, "Until %s",
             strncmp(when, "on ", 3) == 0 || strncmp(when, "in ", 3) == 0
                 ? when + 3
                 : when);
    return 1;
}

static void
answer_fact(const struct bot_kb *kb, const struct bot_query *q,
            const struct bot_fact *f, const struct bot_date *now,
            struct bot_reply *r)
{
    char lead[BOT_ANSWER_MAX];
    int e;

    lead[0] = '\0';
    if (f->status != BOT_STATUS_FACT && q->outcome && !q->future &&
        q->kind != BOT_KIND_WHEN && answer_pending(kb, q, f, now, r))
        return;
    /* "which prisoners were exchanged?", "which city did they visit?" */
    if (q->kind == BOT_KIND_WHAT || q->kind == BOT_KIND_WHERE ||
        q->kind == BOT_KIND_HOW) {
        e = named_answer(kb, q, f);
        if (e == -1) {
            answer_unnamed(kb, q, f, r);
            return;
        }
        if (e >= 0 && q->kind == BOT_KIND_WHAT) {
            r->entity = e;
            snprintf(lead, sizeof(lead), "%s", kb->entities[e].name);
        }
    }
    switch (q->kind) {
    case BOT_KIND_WHO:
        e = named_answer(kb, q, f);
        if (e == -1) {
            answer_unnamed(kb, q, f, r);
            return;
        }
        if (e < 0)
            e = answer_entity(kb, q, f);
        /* over a built table, "who" is answered by someone: a place
         * ("Bergen" for "who founded it?") says the article does not */
        if (e >= 0 && kb->built && kb->entities[e].place &&
            !bot_fit_named_in(kb, q, e) &&
            !(q->noun >= 0 &&
              bot_fit_entity_is(kb, e, q->words.w[q->noun].text, 0))) {
            answer_unnamed(kb, q, f, r);
            return;
        }
        r->entity = e;
        if (e >= 0)
            snprintf(lead, sizeof(lead), "%s", kb->entities[e].name);
        break;
    case BOT_KIND_WHEN:
        if (q->wants_day && f->date.prec && f->date.prec < BOT_PREC_DAY) {
            char only[64];
            bot_phrase_date(&f->date, only, sizeof(only));
            r->answered = 0;
            bot_reply_add(r, "The article gives no exact day, only %s. %s",
                          only, f->statement);
            add_source(r, kb, f->quote, f->sentence);
            return;
        }
        if (q->wants_time && clock_time(f->statement, lead, sizeof(lead))) {
            /* "what time does it start?": "At 2 p.m., on ..." */
            if (f->date.prec) {
                char day[160];
                when_lead(kb, f, now, day, sizeof(day));
                snprintf(lead + strlen(lead), sizeof(lead) - strlen(lead),
                         ", %s", day);
            }
            break;
        }
        if (q->wants_time || !f->date.prec) {
            answer_missing(kb, f, q->wants_time ? "at what time" : "when", r);
            return;
        }
        when_lead(kb, f, now, lead, sizeof(lead));
        break;
    case BOT_KIND_WHERE:
        /* "where is it going?": where to, not where it is */
        if (bot_fit_destination(q, f, lead, sizeof(lead)))
            break;
        if (f->where)
            snprintf(lead, sizeof(lead), "%s", f->where);
        break;
    case BOT_KIND_WHY:
        /* "why is the law important?": the fact says what it leads to */
        if (!f->why && q->significance)
            break;
        /* "why is Deshmukh against it?": over a built table, a person's
         * own words, quoted, are their reason */
        if (!f->why && kb->built && quoted_by_named(kb, q, f))
            break;
        /* how it happens is not why: "in a hearing" is no reason, nor
         * is what was asked about named again */
        if (!f->why || bot_fit_why_restates(q, f->why)) {
            answer_missing(kb, f, "why", r);
            return;
        }
        snprintf(lead, sizeof(lead), "Because %s", f->why);
        break;
    case BOT_KIND_HOW:
        if (f->how)
            snprintf(lead, sizeof(lead), "%s", f->how);
        break;
    case BOT_KIND_HOWMANY:
        if (q->duration && q->since_now && f->date.prec &&
            duration_lead(kb, q, f, now, lead, sizeof(lead)) == 0) {
            break;
        } else if (kb->built && f->nnumbers &&
                   bot_fit_best_number(kb, q, f) >= 0 &&
                   bot_fit_number_wrong(q, f, bot_fit_best_number(kb, q, f))) {
            r->answered = 0; /* "what did it cost?" of "two issues" */
            bot_reply_add(r, "The article doesn't say that. What it says: ");
            add_lead_and(r, "", f->statement);
            add_source(r, kb, f->quote, f->sentence);
            return;
        } else if (f->nnumbers && bot_fit_best_number(kb, q, f) >= 0 &&
                   bot_fit_verb(q, f)) {
            snprintf(lead, sizeof(lead), "%s",
                     f->numbers[bot_fit_best_number(kb, q, f)].text);
        } else if (q->duration && f->date.prec &&
                   duration_lead(kb, q, f, now, lead, sizeof(lead)) == 0) {
            break;
        } else if (count_lead(kb, q, f, lead, sizeof(lead)) > 0) {
            break;
        } else if (q->duration && lasts_until(kb, f, now, lead, sizeof(lead))) {
            break; /* "how long does it last?": "Until 30 April 2028" */
        } else {
            answer_missing(kb, f, q->duration ? "how long" : "how many", r);
            return;
        }
        break;
    default:
        break;
    }
    if (r->entity < 0 && f->nactors)
        r->entity = f->actors[0];
    add_lead_and(r, lead, f->statement);
    add_source(r, kb, f->quote, f->sentence);
}

/* True if every word of @name is a word of @q. */
static int
name_in_question(const struct bot_query *q, const char *name)
{
    const char *p = name;

    while (*p) {
        char word[BOT_WORD_MAX];
        size_t n = 0, i;
        int found = 0;
        while (*p && !isalnum((unsigned char)*p))
            p++;
        while (*p && isalnum((unsigned char)*p)) {
            if (n + 1 < sizeof(word))
                word[n++] = (char)tolower((unsigned char)*p);
            p++;
        }
        word[n] = '\0';
        for (i = 0; n && i < q->words.n && !found; i++)
            found = strcmp(q->words.w[i].text, word) == 0;
        if (n && !found)
            return 0;
    }
    return 1;
}

void
bot_answer_hit(const struct bot_kb *kb, const struct bot_query *q,
               const struct bot_hit *h, const struct bot_date *now,
               struct bot_reply *r)
{
    r->answered = 1;
    r->confidence = h->score > 1 ? 1 : h->score;
    if (h->entity >= 0) {
        /* "which news agencies?" when the article only says "news
         * agencies": the question names the answer it wants named */
        if (q->noun >= 0 && bot_lexicon_named_kind(q->words.w[q->noun].text) &&
            contains_ci(kb->entities[h->entity].name,
                        q->words.w[q->noun].text)) {
            r->answered = 0;
            bot_reply_add(r, "The article doesn't name the %s. What it says: ",
                          q->words.w[q->noun].text);
        }
        /* "what is the name of the Prosecutor General?": a name made of
         * the question's own words names no one */
        if (q->wants_name && r->answered &&
            name_in_question(q, kb->entities[h->entity].name)) {
            r->answered = 0;
            bot_reply_add(r, "The article doesn't give a name. What it says: ");
        }
        answer_entity_desc(kb, q, h->entity, r);
        return;
    }
    r->fact = h->fact;
    if (q->kind == BOT_KIND_YESNO)
        answer_yesno(kb, q, h, now, r);
    else
        answer_fact(kb, q, &kb->facts[h->fact], now, r);
}

void
bot_answer_unknown(const struct bot_kb *kb, const struct bot_query *q,
                   const struct bot_hit *near, struct bot_reply *r)
{
    (void)q;
    r->answered = 0;
    r->confidence = near->score > 1 ? 1 : near->score;
    bot_reply_add(r, "The article doesn't say.");
    if (near->fact >= 0 && near->score >= 0.3 && kb->facts[near->fact].label)
        bot_reply_add(r, " It does cover %s, if that helps.",
                      kb->facts[near->fact].label);
    bot_reply_add(r, " You can ask who, what, when, where or why about it, "
                     "or say \"summary\", \"timeline\" or \"help\".");
}
