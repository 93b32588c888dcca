/* Replies drawn from the whole article: summary, timeline, upcoming dates,
 * countdowns, help. */
#include "bot/answer/digest.h"
#include "bot/answer/phrase.h"
#include "bot/knowledge/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int last_scheduled(const struct bot_kb *kb);

/* How many concepts two sorted sets share. */
static int
shared_concepts(const struct bot_fact *a, const struct bot_fact *b)
{
    size_t i = 0, j = 0;
    int n = 0;

    while (i < a->nconcepts && j < b->nconcepts) {
        if (a->concepts[i] == b->concepts[j]) {
            n++;
            i++;
            j++;
        } else if (a->concepts[i] < b->concepts[j]) {
            i++;
        } else {
            j++;
        }
    }
    return n;
}

/* The first sentence of a built article's text after its headline: the
 * lead, which the headline says again in short. 0 if there is none. */
static int
lead_sentence(const struct bot_kb *kb)
{
    size_t i;

    if (!kb->built)
        return 0;
    for (i = 1; i < kb->nsentences; i++) {
        if (!kb->sentences[i].heading)
            return (int)i + 1;
    }
    return 0;
}

/* True if facts @a and @b tell mostly the same: seven tenths of the
 * smaller one's concepts, or a headline and its lead. */
static int
repeats(const struct bot_kb *kb, const struct bot_fact *a,
        const struct bot_fact *b)
{
    size_t m = a->nconcepts < b->nconcepts ? a->nconcepts : b->nconcepts;
    int lead = lead_sentence(kb);

    if (lead && ((a->sentence == 1 && b->sentence == lead) ||
                 (b->sentence == 1 && a->sentence == lead)))
        return 1;
    return m >= 3 && (size_t)shared_concepts(a, b) * 10 >= m * 7;
}

/* True if fact @f is told again, more exactly, by another dated fact
 * (with @all false, only among things that happened: what is expected
 * stays its own event):
 * "2021: the US withdrawal" within "August 2021: the Taliban seize power
 * as US-led forces withdraw". */
static int
told_more_exactly(const struct bot_kb *kb, const struct bot_fact *f, int all)
{
    size_t i;

    for (i = 0; i < kb->nfacts; i++) {
        const struct bot_fact *g = &kb->facts[i];
        if (g != f && g->label &&
            (all ||
             (f->status == BOT_STATUS_FACT && g->status == BOT_STATUS_FACT)) &&
            g->date.prec > f->date.prec && g->date.year >= f->date.year &&
            g->date.year <= f->date.year + 9 && /* cheap, before days */
            bot_date_first_day(&g->date) >= bot_date_first_day(&f->date) &&
            bot_date_last_day(&g->date) <= bot_date_last_day(&f->date) &&
            shared_concepts(f, g) >= 3)
            return 1;
    }
    return 0;
}

/* The dated facts in date order, each event once (@all: see
 * told_more_exactly()). */
static size_t
dated_facts(const struct bot_kb *kb, int *out, size_t cap, int all)
{
    size_t i, j, n = 0;

    for (i = 0; i < kb->nfacts && n < cap; i++) {
        const struct bot_fact *f = &kb->facts[i];
        if (!f->date.prec || !f->label || told_more_exactly(kb, f, all))
            continue;
        for (j = n;
             j > 0 && bot_date_cmp(&kb->facts[out[j - 1]].date, &f->date) > 0;
             j--)
            out[j] = out[j - 1];
        out[j] = (int)i;
        n++;
    }
    return n;
}

/* How much of the story a fact carries: the importance the fact table
 * gives it, then how central its entities are (named by many facts), then
 * how early it comes (news puts the core first). */
static double
summary_weight(const struct bot_kb *kb, const struct bot_fact *f)
{
    double w = f->importance * 10.0;
    int k;

    for (k = 0; k < f->nactors + f->nothers; k++) {
        int e = k < f->nactors ? f->actors[k] : f->others[k - f->nactors];
        w += 5.0 * kb->entities[e].nfacts / (double)kb->nfacts;
    }
    return w + 2.0 * (1.0 - (double)f->sentence / (double)(kb->nsentences + 1));
}

void
bot_topic_of(const struct bot_terms *terms, struct bot_topic *topic)
{
    /* "in a couple of lines", "three bullet points": the form asked for */
    static const char *const form[] = {
        "line",       "lines",  "sentence", "sentences", "couple", "paragraph",
        "paragraphs", "bullet", "bullets",  "points",    "point",  "words",
        "short",      "quick",  "brief",    "simple",    NULL};
    size_t i;

    topic->n = 0;
    for (i = 0; i < terms->n && topic->n < BOT_TOPIC_TERMS; i++) {
        const struct bot_term *t = &terms->t[i];
        if (t->kind == BOT_TERM_LIGHT || t->kind == BOT_TERM_NUMBER ||
            t->nconcepts == 0 ||
            (t->kind == BOT_TERM_WORD && bot_text_in_list(t->word, form)))
            continue;
        memcpy(topic->concepts[topic->n], t->concepts, sizeof(t->concepts));
        topic->nconcepts[topic->n] = t->nconcepts;
        topic->n++;
    }
}

/* The share of @topic's terms that fact @f covers, 0..1; -1 for none. */
static double
topic_cover(const struct bot_topic *topic, const struct bot_fact *f)
{
    int i, k, got = 0;

    if (!topic || topic->n == 0)
        return -1;
    for (i = 0; i < topic->n; i++) {
        for (k = 0; k < topic->nconcepts[i]; k++) {
            if (bot_kb_fact_has(f, topic->concepts[i][k])) {
                got++;
                break;
            }
        }
    }
    return (double)got / topic->n;
}

/* Ranks facts for a summary, one per sentence of the article; facts on
 * @topic first when there is one. */
static int
summary_rank(const struct bot_kb *kb, const struct bot_topic *topic, int *out,
             size_t cap)
{
    double weight[64];
    size_t i, j, n = 0;

    for (i = 0; i < kb->nfacts && n < cap && n < 64; i++) {
        const struct bot_fact *f = &kb->facts[i];
        double w = summary_weight(kb, f), on = topic_cover(topic, f);
        int dup = -1;
        if (on >= 0) {
            if (on == 0)
                continue; /* off the topic asked for */
            w += 100.0 * on;
        } else if (f->importance <= 0) {
            continue;
        }
        for (j = 0; j < n; j++) {
            if (kb->facts[out[j]].sentence == f->sentence ||
                strcmp(kb->facts[out[j]].statement, f->statement) == 0 ||
                repeats(kb, &kb->facts[out[j]], f))
                dup = (int)j;
        }
        if (dup >= 0 && weight[dup] >= w)
            continue;
        if (dup >= 0) { /* the better fact of a sentence replaces the other */
            memmove(&out[dup], &out[dup + 1],
                    (n - (size_t)dup - 1) * sizeof(int));
            memmove(&weight[dup], &weight[dup + 1],
                    (n - (size_t)dup - 1) * sizeof(double));
            n--;
        }
        for (j = n; j > 0 && weight[j - 1] < w; j--) {
            out[j] = out[j - 1];
            weight[j] = weight[j - 1];
        }
        out[j] = (int)i;
        weight[j] = w;
        n++;
    }
    return (int)n;
}

static int
cmp_sentence(const void *a, const void *b, const struct bot_kb *kb)
{
    return kb->facts[*(const int *)a].sentence -
           kb->facts[*(const int *)b].sentence;
}

/* Longest summary text before the outlet line, and longest list (key
 * points, dates ahead); longer ones page ("more"). A summary is read at
 * a glance; a list is scanned. */
#define SUMMARY_BYTES 400
#define LIST_BYTES    560

/* True if @text opens with a word that is not a name: "A", "The". */
static int
opens_with_common_word(const char *text)
{
    char word[16];
    size_t n = 0;

    while (n + 1 < sizeof(word) && isalpha((unsigned char)text[n])) {
        word[n] = (char)tolower((unsigned char)text[n]);
        n++;
    }
    word[n] = '\0';
    return n > 0 && bot_text_is_stopword(word);
}

int
bot_digest_summary(const struct bot_kb *kb, int sentences, int skip,
                   const struct bot_topic *topic, struct bot_reply *r)
{
    int ranked[64], n, i, j, one = sentences == 1 && skip == 0;

    if (sentences <= 0)
        sentences = 3;
    n = summary_rank(kb, topic, ranked, 64);
    if ((topic && topic->n > 0) && n == 0) {
        r->answered = 0;
        bot_reply_add(r, "The article doesn't cover that topic. Say "
                         "\"summary\" for what it does cover.");
        return 0;
    }
    if (skip >= n) {
        r->answered = 0;
        bot_reply_add(r, "That is all the article says%s.",
                      (topic && topic->n > 0) ? " on that" : "");
        return 0;
    }
    memmove(ranked, ranked + skip, (size_t)(n - skip) * sizeof(int));
    n -= skip;
    if (n > sentences)
        n = sentences;
    /* Tell the chosen facts in the article's order. */
    for (i = 1; i < n; i++) {
        for (j = i; j > 0 && cmp_sentence(&ranked[j - 1], &ranked[j], kb) > 0;
             j--) {
            int t = ranked[j];
            ranked[j] = ranked[j - 1];
            ranked[j - 1] = t;
        }
    }
    r->answered = 1;
    r->confidence = 1;
    /* "who asked for it?" after a summary: "it" is its lead */
    if (skip == 0 && n > 0)
        r->fact = ranked[0];
    for (i = 0; i < n; i++) {
        const struct bot_fact *f = &kb->facts[ranked[i]];
        /* a chat message a reader takes in at once; "more" goes on */
        if (i > 0 && strlen(r->text) + strlen(f->statement) >
                         (n > 3 ? LIST_BYTES : SUMMARY_BYTES)) {
            n = i;
            break;
        }
        /* a headline has no full stop of its own to end on */
        if (i > 0 && n <= 3 && *r->text &&
            isalnum((unsigned char)r->text[strlen(r->text) - 1]))
            bot_reply_add(r, ".");
        bot_reply_add(r, "%s%s",
                      i ? (n > 3 ? "\n- " : " ") : (n > 3 ? "- " : ""),
                      f->statement);
        bot_reply_source(r, f->sentence);
    }
    /* "tl;dr": the lead, and the next date a reader needs */
    if (one) {
        int ev = last_scheduled(kb);
        if (ev >= 0 && ev != ranked[0] && kb->facts[ev].date.prec) {
            const char *next = kb->facts[ev].statement;
            size_t len = strlen(r->text);
            /* one sentence still: "...; the hearing is on ..." */
            if (len > 0 && r->text[len - 1] == '.')
                r->text[len - 1] = '\0';
            /* "; a public memorial ...", but "; Putin said ..." */
            bot_reply_add(r, "; %c%s",
                          opens_with_common_word(next)
                              ? tolower((unsigned char)next[0])
                              : next[0],
                          next + 1);
            bot_reply_source(r, kb->facts[ev].sentence);
        }
    }
    if (n > 1 && kb->outlet && skip == 0) {
        char pub[48];
        bot_date_format(&kb->published, pub, sizeof(pub));
        bot_reply_add(r, "%s(%s, %s)", n > 3 ? "\n" : " ", kb->outlet, pub);
    }
    return n;
}

/* Describes how far @d is from @now: "in 14 days", "this month". */
static void
distance_words(const struct bot_date *d, const struct bot_date *now, char *buf,
               size_t cap)
{
    if (d->prec >= BOT_PREC_DAY) {
        bot_phrase_countdown(bot_date_days_between(now, d), buf, cap);
        return;
    }
    if (bot_date_overlaps(d, now))
        snprintf(buf, cap, "%s",
                 d->prec == BOT_PREC_MONTH ? "this month" : "this year");
    else if (bot_date_first_day(d) - bot_date_first_day(now) == 1)
        snprintf(buf, cap, "from tomorrow");
    else
        bot_phrase_countdown(bot_date_first_day(d) - bot_date_first_day(now),
                             buf, cap);
}

/* "17 April 2025", "end of 2023", "1980s": a date as short as a list of
 * them wants it. */
static void
short_date(const struct bot_date *d, char *buf, size_t cap)
{
    char full[48];

    bot_date_format(d, full, sizeof(full));
    snprintf(buf, cap, "%s", strncmp(full, "the ", 4) ? full : full + 4);
}

/* One timeline line for fact @f into @line. */
static void
timeline_line(const struct bot_fact *f, const struct bot_date *now, char *line,
              size_t cap)
{
    char d[48], far[48];

    short_date(&f->date, d, sizeof(d));
    far[0] = far[2] = '\0';
    if (bot_date_last_day(&f->date) >= bot_date_first_day(now) &&
        f->status != BOT_STATUS_FACT)
        distance_words(&f->date, now, far + 2, sizeof(far) - 3);
    if (far[2]) {
        far[0] = ' ';
        far[1] = '(';
        snprintf(far + strlen(far), sizeof(far) - strlen(far), ")");
    }
    snprintf(line, cap, "\n%s: %s%s", d,
             strncmp(f->label, "the ", 4) ? f->label : f->label + 4, far);
}

/* A page is the latest dates not shown yet that fit in
 * BOT_DIGEST_PAGE_BYTES, in date order: what is recent and ahead matters
 * most in the news, and "more" goes further back. */
int
bot_digest_timeline(const struct bot_kb *kb, const struct bot_date *now,
                    int skip, struct bot_reply *r)
{
    int order[64];
    size_t n = dated_facts(kb, order, 64, 1), end, first, used, i;
    char line[256];

    r->answered = n > (size_t)skip;
    r->confidence = r->answered;
    if (!n) {
        bot_reply_add(r, "The article gives no dates.");
        return 0;
    }
    if (n <= (size_t)skip) {
        bot_reply_add(r, "That was the whole timeline.");
        return 0;
    }
    end = n - (size_t)skip; /* the page ends before order[end] */
    used = 15;              /* the heading */
    for (i = 0; i < end; i++) {
        timeline_line(&kb->facts[order[i]], now, line, sizeof(line));
        used += strlen(line);
    }
    first = 0;
    if (used > BOT_DIGEST_PAGE_BYTES) { /* then a "more" line too */
        used = 40;
        for (first = end; first > 0; first--) {
            timeline_line(&kb->facts[order[first - 1]], now, line,
                          sizeof(line));
            if (first < end && used + strlen(line) > BOT_DIGEST_PAGE_BYTES)
                break;
            used += strlen(line);
        }
    }
    bot_reply_add(r, skip ? "Earlier dates:" : "Key dates:");
    for (i = first; i < end; i++) {
        timeline_line(&kb->facts[order[i]], now, line, sizeof(line));
        bot_reply_add(r, "%s", line);
        bot_reply_source(r, kb->facts[order[i]].sentence);
    }
    if (first > 0)
        bot_reply_add(r, "\n(%zu earlier: say \"more\")", first);
    return (int)(end - first);
}

/* The last event the article looked ahead to: a scheduled day if any. */
static int
last_scheduled(const struct bot_kb *kb)
{
    int best = -1;
    size_t i;

    for (i = 0; i < kb->nfacts; i++) {
        const struct bot_fact *f = &kb->facts[i];
        if (!f->date.prec || !f->label ||
            bot_date_last_day(&f->date) < bot_date_first_day(&kb->published))
            continue;
        if (best < 0 ||
            (f->date.prec >= BOT_PREC_DAY &&
             kb->facts[best].date.prec < BOT_PREC_DAY) ||
            ((f->date.prec >= BOT_PREC_DAY) ==
                 (kb->facts[best].date.prec >= BOT_PREC_DAY) &&
             bot_date_cmp(&f->date, &kb->facts[best].date) > 0))
            best = (int)i;
    }
    return best;
}

void
bot_digest_upcoming(const struct bot_kb *kb, const struct bot_date *now,
                    struct bot_reply *r)
{
    int order[64], shown = 0, last, more = 0;
    size_t n = dated_facts(kb, order, 64, 0), i;
    long today = bot_date_first_day(now);

    r->answered = 1;
    r->confidence = 1;
    for (i = 0; i < n; i++) {
        const struct bot_fact *f = &kb->facts[order[i]];
        char when[64], dist[32];
        /* what had happened by the article's date is not coming up */
        if (bot_date_last_day(&f->date) < today || f->status == BOT_STATUS_FACT)
            continue;
        bot_phrase_date(&f->date, when, sizeof(when));
        distance_words(&f->date, now, dist, sizeof(dist));
        /* one chat message: what does not fit is counted */
        if (shown && strlen(r->text) + strlen(f->label) + 48 > LIST_BYTES) {
            more++;
            continue;
        }
        bot_reply_add(r, "%s%s %s (%s).", shown ? "\n- " : "Coming up:\n- ",
                      f->label, when, dist);
        bot_reply_source(r, f->sentence);
        shown++;
    }
    if (more)
        bot_reply_add(r, "\n(and %d later)", more);
    if (shown)
        return;
    last = last_scheduled(kb);
    if (last < 0) {
        bot_reply_add(r, "Nothing in the article is still ahead.");
        return;
    } else {
        const struct bot_fact *f = &kb->facts[last];
        char when[64], ago[32];
        bot_phrase_date(&f->date, when, sizeof(when));
        bot_phrase_countdown(bot_date_days_between(now, &f->date), ago,
                             sizeof(ago));
        bot_reply_add(r,
                      "Nothing in the article is still upcoming. The last "
                      "scheduled event, %s %s, has already passed (%s).",
                      f->label, when, ago);
        bot_reply_source(r, f->sentence);
    }
}

/* The first day-dated event on or after today, else the last one. */
static int
next_event(const struct bot_kb *kb, const struct bot_date *now)
{
    int order[64], best = -1;
    size_t n = dated_facts(kb, order, 64, 0), i;

    /* Scheduled events first: they are what a countdown is about. */
    for (i = 0; i < n; i++) {
        const struct bot_fact *f = &kb->facts[order[i]];
        if (f->date.prec < BOT_PREC_DAY || f->status == BOT_STATUS_FACT)
            continue;
        best = order[i];
        if (bot_date_first_day(&f->date) >= bot_date_first_day(now))
            return best;
    }
    if (best >= 0)
        return best;
    for (i = 0; i < n; i++) {
        const struct bot_fact *f = &kb->facts[order[i]];
        if (f->date.prec < BOT_PREC_DAY)
            continue;
        best = order[i];
        if (bot_date_first_day(&f->date) >= bot_date_first_day(now))
            break;
    }
    return best;
}

void
bot_digest_countdown(const struct bot_kb *kb, int fact,
                     const struct bot_date *now, int in_weeks,
                     struct bot_reply *r)
{
    const struct bot_fact *f;
    char day[48], words[32];
    long d;

    if (fact < 0)
        fact = next_event(kb, now);
    if (fact < 0) {
        r->answered = 0;
        bot_reply_add(r, "The article names no event with an exact date.");
        return;
    }
    f = &kb->facts[fact];
    r->fact = fact;
    r->answered = 1;
    r->confidence = r->confidence > 0 ? r->confidence : 1;
    if (f->date.prec < BOT_PREC_DAY) {
        int past = bot_date_last_day(&f->date) < bot_date_first_day(now);
        long months = (long)(now->year - f->date.year) * 12 +
                      (now->month - (f->date.month ? f->date.month : 6));
        bot_phrase_date(&f->date, day, sizeof(day));
        if (past && months >= 2)
            bot_reply_add(r,
                          "It was %s, about %ld %s ago; the article gives "
                          "no exact day. ",
                          day, months >= 24 ? months / 12 : months,
                          months >= 24 ? "years" : "months");
        else
            bot_reply_add(r,
                          "The article gives no exact day, only that it %s "
                          "%s: ",
                          past ? "was" : "is", day);
        bot_reply_add(r, "%s", f->statement);
        bot_reply_source(r, f->sentence);
        return;
    }
    bot_date_format(&f->date, day, sizeof(day));
    d = bot_date_days_between(now, &f->date);
    bot_phrase_countdown(d, words, sizeof(words));
    if (in_weeks && d >= 7 && d % 7)
        bot_reply_add(r, "%ld week%s and %ld day%s (%ld days), until %s.",
                      d / 7, d >= 14 ? "s" : "", d % 7, d % 7 > 1 ? "s" : "", d,
                      day);
    else if (in_weeks && d >= 7)
        bot_reply_add(r, "%ld week%s (%ld days), until %s.", d / 7,
                      d >= 14 ? "s" : "", d, day);
    else if (d > 1)
        bot_reply_add(r, "%ld days, until %s.", d, day);
    else if (d >= 0)
        bot_reply_add(r, "It's %s, %s.", words, day);
    else
        bot_reply_add(r, "That has passed: it was on %s (%s).", day, words);
    bot_reply_add(r, " %s (sentence %d)", f->statement, f->sentence);
    bot_reply_source(r, f->sentence);
}

void
bot_digest_recent(const struct bot_kb *kb, const struct bot_date *now,
                  struct bot_reply *r)
{
    long today = bot_date_first_day(now);
    int best = -1;
    size_t i;

    for (i = 0; i < kb->nfacts; i++) {
        const struct bot_fact *f = &kb->facts[i], *b;
        if (!f->date.prec || bot_date_first_day(&f->date) > today)
            continue;
        /* Something expected has happened only once its time is over. */
        if (f->status != BOT_STATUS_FACT &&
            bot_date_last_day(&f->date) >= today)
            continue;
        b = best >= 0 ? &kb->facts[best] : NULL;
        if (!b || bot_date_first_day(&f->date) > bot_date_first_day(&b->date) ||
            (bot_date_first_day(&f->date) == bot_date_first_day(&b->date) &&
             f->importance > b->importance))
            best = (int)i;
    }
    if (best < 0) {
        r->answered = 0;
        bot_reply_add(r, "Nothing in the article has happened yet as of "
                         "today.");
        return;
    } else {
        const struct bot_fact *f = &kb->facts[best];
        char when[64];
        bot_phrase_date(&f->date, when, sizeof(when));
        r->answered = 1;
        r->confidence = 1;
        r->fact = best;
        bot_reply_add(r,
                      "The most recent event in the article, %s: %s "
                      "Source: \u201c%s\u201d (sentence %d)",
                      when, f->statement, f->quote, f->sentence);
        bot_reply_source(r, f->sentence);
    }
}

void
bot_digest_example(const struct bot_kb *kb, char *buf, size_t cap)
{
    int ev = last_scheduled(kb), best = -1;
    size_t i;

    /* a label that names the event ("the hearing"), not a clause */
    if (ev >= 0 && kb->facts[ev].label &&
        strncmp(kb->facts[ev].label, "the ", 4) == 0 &&
        strlen(kb->facts[ev].label) < 60) {
        snprintf(buf, cap, "when is %s?", kb->facts[ev].label);
        return;
    }
    for (i = 0; i < kb->nentities; i++) {
        if (best < 0 || kb->entities[i].nfacts > kb->entities[best].nfacts)
            best = (int)i;
    }
    if (best >= 0)
        snprintf(buf, cap, "what about %s?", kb->entities[best].name);
    else
        snprintf(buf, cap, "what happened?");
}

void
bot_digest_help(const struct bot_kb *kb, struct bot_reply *r)
{
    char pub[48], example[160];

    bot_date_format(&kb->published, pub, sizeof(pub));
    r->answered = 1;
    r->confidence = 1;
    bot_reply_add(r, "I answer questions about one article: \"%s\" (%s, %s). ",
                  kb->title ? kb->title : "untitled",
                  kb->outlet ? kb->outlet : "unknown outlet", pub);
    bot_reply_add(r, "Ask who, what, when, where, why or how many");
    bot_digest_example(kb, example, sizeof(example));
    bot_reply_add(r, ", for example \"%c%s\"", toupper(example[0]),
                  example + 1);
    bot_reply_add(r, ". Follow-ups (\"when was that?\", \"why?\") work "
                     "too. Or say \"summary\", \"timeline\", \"what's "
                     "upcoming?\" or \"how many days until ...\"; "
                     "\"explain\" shows how I read a question, \"status\" "
                     "what I am running.");
}

int
bot_digest_on_date(const struct bot_kb *kb, const struct bot_date *when,
                   struct bot_reply *r)
{
    int order[64], shown = 0;
    size_t n = dated_facts(kb, order, 64, 0), i;
    char d[64];

    for (i = 0; i < n; i++) {
        const struct bot_fact *f = &kb->facts[order[i]];
        if (!bot_date_overlaps(&f->date, when))
            continue;
        bot_phrase_date(&f->date, d, sizeof(d));
        if (strncasecmp(f->statement, d, strlen(d)) == 0)
            bot_reply_add(r, "%s%s", shown ? " " : "", f->statement);
        else
            bot_reply_add(r, "%s%c%s: %s", shown ? " " : "", toupper(d[0]),
                          d + 1, f->statement);
        bot_reply_source(r, f->sentence);
        if (!shown)
            r->fact = order[i];
        shown++;
    }
    if (shown) {
        r->answered = 1;
        r->confidence = 0.9;
    }
    return shown;
}

int
bot_digest_next_event(const struct bot_kb *kb, int fact)
{
    int order[64];
    size_t n = dated_facts(kb, order, 64, 0), i;

    for (i = 0; i + 1 < n; i++) {
        if (order[i] == fact)
            return order[i + 1];
    }
    return -1;
}
