/* Matching a question's terms against the facts: scores, the best
 * candidates, and how sure we are. */
#include "bot/answer/match.h"

#include <stdlib.h>
#include <string.h>

#include "bot/answer/fit.h"
#include "bot/answer/qkind.h"
#include "bot/knowledge/text.h"

#define UNKNOWN_WEIGHT 0.5

static double
term_weight(const struct bot_term *t, int built)
{
    switch (t->kind) {
    case BOT_TERM_ENTITY:
        return 1.5;
    case BOT_TERM_PHRASE:
        return 1.2;
    case BOT_TERM_LIGHT:
        return 0.25;
    default:
        /* a word the article never uses ("bigger" for "larger") is the
         * asker's wording as often as the asker's point, over a table
         * built from the text (a curated one lists the article's other
         * wordings) */
        return t->nconcepts || t->proper || !built ? 1.0 : UNKNOWN_WEIGHT;
    }
}

static int
has_concept(const int *set, size_t n, int c)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set[mid] == c)
            return 1;
        if (set[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The opposites of each term's concepts, found once per question so that
 * scoring a fact need not walk the antonym table. */
struct opposites {
    int c[8];
    int n;
    int nowhere; /* no fact of the article has the term in any form */
    int topic;   /* a common word of the headline that many facts use
                    ("boat"): what a fact that lacks it is still about */
};

static void
find_opposites(const struct bot_lex *lex, const struct bot_query *q,
               struct opposites *out)
{
    size_t i, j;
    int k;

    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        out[i].n = 0;
        out[i].nowhere = 0;
        out[i].topic = 0;
        for (k = 0; k < t->nconcepts; k++) {
            for (j = 0; j < lex->nantonyms && out[i].n < 8; j++) {
                const int *p = lex->antonyms[j];
                if (p[0] == t->concepts[k])
                    out[i].c[out[i].n++] = p[1];
                else if (p[1] == t->concepts[k])
                    out[i].c[out[i].n++] = p[0];
            }
        }
    }
}

/* 1 if the set has one of the term's concepts, -1 if it has an opposite. */
static int
term_in(const struct bot_term *t, const struct opposites *opp, const int *set,
        size_t n)
{
    int i;

    for (i = 0; i < t->nconcepts; i++) {
        if (has_concept(set, n, t->concepts[i]))
            return 1;
    }
    for (i = 0; i < opp->n; i++) {
        if (has_concept(set, n, opp->c[i]))
            return -1;
    }
    return 0;
}

static int
fact_names(const struct bot_fact *f, int entity)
{
    int i;

    for (i = 0; i < f->nactors; i++) {
        if (f->actors[i] == entity)
            return 1;
    }
    for (i = 0; i < f->nothers; i++) {
        if (f->others[i] == entity)
            return 1;
    }
    return 0;
}

static int
query_names(const struct bot_query *q, int entity)
{
    int i;

    for (i = 0; i < q->nentities; i++) {
        if (q->entities[i] == entity)
            return 1;
    }
    return 0;
}

/* True if the question names one of the fact's actors. */
static int
names_actor(const struct bot_query *q, const struct bot_fact *f)
{
    int i;

    for (i = 0; i < f->nactors; i++) {
        if (query_names(q, f->actors[i]))
            return 1;
    }
    return 0;
}

/* True if @a and @b are the same party or one acts for the other
 * (Putin for Russia, Moscow and the Kremlin both for Russia). */
static int
related(const struct bot_kb *kb, int a, int b)
{
    int pa = kb->entities[a].part_of, pb = kb->entities[b].part_of;

    return a == b || pa == b || pb == a || (pa >= 0 && pa == pb);
}

/* "What did the Taliban say?": the named subject must be the fact's actor
 * (or act for it); otherwise the fact is about someone else's words. */
static double
subject_fit(const struct bot_kb *kb, const struct bot_query *q,
            const struct bot_fact *f)
{
    int i;

    if (q->subject < 0 || f->nactors == 0)
        return 1.0;
    for (i = 0; i < f->nactors; i++) {
        if (related(kb, q->subject, f->actors[i]))
            return 1.0;
    }
    /* relations that hold both ways: "whom is IS-K fighting?" of "the
     * Taliban fights IS-K" */
    for (i = 0; q->mutual && i < f->nothers; i++) {
        if (related(kb, q->subject, f->others[i]))
            return 1.0;
    }
    return 0.5;
}

/* True if the question's words describe a party of the fact that it
 * does not name: "who's the judge?" of "Judge Helen Marchbank remanded
 * him". */
static int
role_named(const struct bot_kb *kb, const struct bot_query *q,
           const struct bot_fact *f)
{
    int i;

    for (i = 0; i < f->nactors + f->nothers; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        if (!query_names(q, e) && bot_fit_role_named(kb, q, e))
            return 1;
    }
    return 0;
}

/* How well a fact can answer this kind of question, 0..1 (a little more
 * for a who-question whose words describe one of its parties). */
/* True if @f names a thing of the kind @q asks the name of. */
static int
names_such(const struct bot_kb *kb, const struct bot_query *q,
           const struct bot_fact *f)
{
    const char *noun = q->words.w[q->noun].text;
    int i;

    for (i = 0; i < f->nactors + f->nothers; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        if (bot_fit_entity_is(kb, e, noun, 'n'))
            return 1;
    }
    return 0;
}

/* True if @text quotes someone's words. */
static int
quotes(const char *text)
{
    return strchr(text, '"') || strstr(text, "\xe2\x80\x9c") ||
           strstr(text, "\xe2\x80\x9d");
}

static double
kind_fit(const struct bot_kb *kb, const struct bot_query *q,
         const struct bot_fact *f)
{
    int i, fresh = 0, place = 0;

    for (i = 0; i < f->nactors + f->nothers; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        int named = query_names(q, e);
        fresh += !named;
        place += !named && kb->entities[e].place;
    }
    if (q->wants_name && q->noun >= 0) /* "what was the storm called?" */
        return names_such(kb, q, f) ? 1.0 : 0.6;
    /* "what did the union say?": their words, quoted, over a sentence
     * that tells of them */
    if (q->kind == BOT_KIND_WHAT && kb->built && q->asks_words)
        return quotes(f->statement) ? 1.0 : 0.85;
    switch (q->kind) {
    case BOT_KIND_YESNO: /* a dated claim, of a fact that denies it */
        return !q->date.prec || f->date.prec || f->negative != q->negated ? 1.0
                                                                          : 0.6;
    case BOT_KIND_WHEN:
        /* "when was it announced?": the day it was said, over a day the
         * statement names */
        if (f->date.prec && kb->built && q->asks_said)
            return bot_fit_said_date(f) ? 1.0 : 0.85;
        return f->date.prec ? 1.0 : 0.3;
    case BOT_KIND_COUNTDOWN:
        return f->date.prec >= BOT_PREC_DAY ? 1.0 : 0.4;
    case BOT_KIND_WHERE: {
        char to[8];
        if (bot_fit_destination(q, f, to, sizeof(to)))
            return 1.0;
        return f->where ? 1.0 : place ? 0.8 : 0.4;
    }
    case BOT_KIND_WHY: /* "why does it matter?": what a fact leads to */
        return (f->why && !bot_fit_why_restates(q, f->why)) || q->significance
                   ? 1.0
               : f->how ? 0.8
                        : 0.7;
    case BOT_KIND_HOW:
        return f->how ? 1.0 : 0.7;
    case BOT_KIND_HOWMANY: {
        int found[1];
        /* "how many were evacuated": a count of the dead is not it */
        if (f->nnumbers && !q->duration)
            return (0.6 + 0.4 * bot_fit_number(kb, q, f)) *
                   (kb->built && !bot_fit_verb(q, f) ? 0.8 : 1.0);
        if (f->nnumbers)
            return 1.0;
        if (q->duration && f->date.prec)
            return 0.9;
        /* "how many countries ...?" counted from the countries it names */
        return bot_fit_count_named(kb, q, f, found, 1) ? 0.9 : 0.3;
    }
    case BOT_KIND_WHO:
        /* a place the question does not name is no "who" */
        return !fresh                 ? 0.75
               : fresh == place       ? 0.8
               : role_named(kb, q, f) ? 1.05
               : !f->nactors          ? 0.9 /* it says no one does it */
                                      : 1.0;
    default:
        return 1.0;
    }
}

#define TOPIC_SHARE  6    /* a topic word is in a sixth of the facts or more */
#define TOPIC_PART   0.85 /* ...and a fact without it has it this much */
#define CONTEXT_PART 0.6  /* a word of the sentence before, same paragraph */

/* Coverage of the question's terms by a concept set. */
struct cover {
    double got, total;
    int unmatched, unmatched_entities, contradicted;
    int gaps;         /* unmatched words the article never uses */
    int optional_got; /* "which jihadist group": the answer's type matched */
    int predicates, predicates_got; /* content words, not entities */
};

/* How a set of concepts is probed for a term: a fact through the table
 * of term hits built once per question, an entity through its set. */
struct probe {
    const signed char *hits; /* hits[term * nfacts + fact], or NULL */
    size_t nfacts;
    int fact;
    int context;    /* a fact whose terms count in part (kb.h), or -1 */
    const int *set; /* used when hits is NULL */
    size_t n;
    int built; /* the knowledge was built from the text */
};

static int
probe_term(const struct probe *p, const struct bot_term *t,
           const struct opposites *opp, size_t i)
{
    if (p->hits)
        return p->hits[i * p->nfacts + (size_t)p->fact];
    return term_in(t, opp, p->set, p->n);
}

/* For skip_entity: leave out the unknown proper nouns instead. */
#define SKIP_PROPER (-2)

static void
cover_terms(const struct opposites *opp, const struct bot_query *q,
            const struct probe *p, int skip_entity, struct cover *c)
{
    size_t i;

    memset(c, 0, sizeof(*c));
    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        double w = term_weight(t, p->built);
        int in;
        if (t->kind == BOT_TERM_NUMBER && q->kind == BOT_KIND_YESNO)
            continue; /* a claimed number is checked, not matched */
        if (t->kind == BOT_TERM_ENTITY && t->entity == skip_entity)
            continue;
        if (skip_entity == SKIP_PROPER && t->proper &&
            t->kind != BOT_TERM_ENTITY)
            continue;
        in = probe_term(p, t, &opp[i], i);
        if (t->optional && in == 0)
            continue;
        if (opp[i].topic && in == 0) { /* half said by being about it */
            c->total += w;
            c->got += w * TOPIC_PART;
            continue;
        }
        /* a claim is checked against the fact itself, not its context */
        if (in == 0 && p->hits && p->context >= 0 &&
            q->kind != BOT_KIND_YESNO &&
            p->hits[i * p->nfacts + (size_t)p->context] > 0) {
            c->total += w; /* said just before, in the same paragraph */
            c->got += w * CONTEXT_PART;
            continue;
        }
        /* "who was found guilty?" is not answered by "pleaded not
         * guilty", nor "when" by the day of the opposite (a claim is, and
         * "open or closed?" is answered by the one it is) */
        if (in < 0 && (q->kind == BOT_KIND_WHO || q->kind == BOT_KIND_WHEN))
            in = 0;
        c->optional_got += t->optional;
        c->total += w;
        if (in < 0)
            c->contradicted = 1;
        if (in != 0)
            c->got += w;
        else if (t->kind == BOT_TERM_ENTITY || t->proper)
            c->unmatched_entities++;
        else if (t->kind != BOT_TERM_LIGHT && opp[i].nowhere)
            c->gaps++;
        else if (t->kind != BOT_TERM_LIGHT)
            c->unmatched++;
        if (t->kind == BOT_TERM_WORD || t->kind == BOT_TERM_PHRASE) {
            c->predicates++;
            c->predicates_got += in != 0;
        }
    }
}

/* Turns coverage into a score: each uncovered word costs 30%, each
 * uncovered entity half (the fact is about someone else), and a question
 * that says something about its entities needs some of it said by the
 * fact too. */
#define GAP_COST        0.85
#define MISS_COST_BUILT 0.85

static double
cover_score(const struct cover *c, const struct bot_kb *kb)
{
    /* a table built from the text knows fewer of the ways a thing is
     * worded than a curated one: a word it lacks says less */
    double miss = kb->built ? MISS_COST_BUILT : 0.7;
    double s;
    int i;

    if (c->total <= 0)
        return 0;
    s = c->got / c->total;
    for (i = 0; i < c->unmatched; i++)
        s *= miss;
    /* a word the article never uses is the asker's wording, not a
     * sign of another fact: it costs less */
    for (i = 0; i < c->gaps; i++)
        s *= GAP_COST;
    for (i = 0; i < c->unmatched_entities; i++)
        s *= 0.5;
    if (c->predicates > 0 && c->predicates_got == 0)
        s *= 0.5;
    return s;
}

/* "an ally against what?", "the FSB?": a few words that do not open
 * with a question word or an auxiliary. */
static int
is_fragment(const struct bot_query *q)
{
    static const char *const openers[] = {"who",   "whom",  "whose", "what",
                                          "whats", "which", "when",  "where",
                                          "why",   "how",   NULL};
    const char *first = q->words.n ? q->words.w[0].text : "";

    return q->terms.n <= 2 && !bot_text_in_list(first, openers) &&
           !bot_qkind_is_aux(first);
}

/* A subhead ("Recount requested") names a topic the sentences under it
 * tell: of two facts that match alike, the sentence answers. */
static double
heading_cost(const struct bot_kb *kb, const struct bot_fact *f)
{
    return kb->built && f->sentence > 1 &&
                   (size_t)f->sentence <= kb->nsentences &&
                   kb->sentences[f->sentence - 1].heading
               ? 0.9
               : 1.0;
}

/* Scores fact @i; terms naming @skip_entity (or -1) are left out. */
static void
score_fact(const struct bot_kb *kb, const struct bot_query *q,
           const struct opposites *opp, const signed char *hits, int i,
           int prev_fact, int ref_entity, int skip_entity, struct bot_hit *h)
{
    const struct bot_fact *f = &kb->facts[i];
    struct probe p = {hits,        kb->nfacts,   i,        f->context,
                      f->concepts, f->nconcepts, kb->built};
    struct cover c;
    double bonus, date_cost;

    cover_terms(opp, q, &p, skip_entity, &c);
    h->fact = i;
    h->entity = -1;
    h->substituted = 0;
    if (c.got == 0 && !q->date.prec && !q->ref) {
        h->score = 0; /* shares nothing with the question */
        return;
    }
    date_cost = 1.0;
    if (q->date.prec && q->kind != BOT_KIND_YESNO) {
        if (f->date.prec && bot_date_overlaps(&q->date, &f->date)) {
            c.total += 1.5;
            c.got += 1.5;
        } else if (q->kind == BOT_KIND_WHEN || q->kind == BOT_KIND_COUNTDOWN) {
            c.total += 1.5;
            c.unmatched++;
        } else {
            /* "the December law": a date can describe, not only ask; a
             * fact that does not carry it costs a little, once */
            date_cost = 0.85;
        }
    }
    /* A pronoun leans towards what the conversation was about, without
     * costing other facts anything. */
    bonus = 0;
    if (ref_entity >= 0)
        bonus = fact_names(f, ref_entity) ? 0.15 : 0;
    else if (q->ref && prev_fact >= 0)
        bonus = i == prev_fact ? 0.15 : 0;
    /* "an ally against what?": words of the last answer asked again, as
     * a fragment (a whole question stands on its own) */
    else if (i == prev_fact && is_fragment(q) && c.got > 0 &&
             c.unmatched == 0 && c.unmatched_entities == 0)
        bonus = 0.1;
    h->fact = i;
    h->entity = -1;
    h->substituted = 0;
    h->contradicted = c.contradicted;
    h->unmatched = c.unmatched + c.unmatched_entities;
    /* Ties go to the fact whose actor the question names, then to the
     * more specific fact, then to the more important one. */
    h->score =
        cover_score(&c, kb) * kind_fit(kb, q, f) * date_cost *
            subject_fit(kb, q, f) * heading_cost(kb, f) +
        bonus + 0.05 * c.optional_got +
        0.03 * (q->kind == BOT_KIND_WHO && !q->subject_named
                    ? !names_actor(q, f)
                    : names_actor(q, f)) +
        0.02 * c.got / (double)(f->nconcepts + 4) + 0.001 * f->importance +
        /* of two events ahead, or two facts a date is claimed of, the
         * one with the more exact date */
        (q->kind == BOT_KIND_WHEN && q->future && f->status != BOT_STATUS_FACT
             ? 0.01 * f->date.prec
         : q->kind == BOT_KIND_YESNO && q->date.prec
             ? 0.01 *
                   (f->date.prec < q->date.prec ? f->date.prec : q->date.prec)
             : 0);
}

/* An entity's description answers "who is X?", "what is X?", "where is
 * X?": the question names the entity and asks nothing else of it. */
static void
score_entity(const struct bot_kb *kb, const struct bot_query *q,
             const struct opposites *opp, int e, int ref_entity,
             struct bot_hit *h)
{
    const struct bot_entity *ent = &kb->entities[e];
    struct probe p = {NULL,           0,        -1, -1, ent->concepts,
                      ent->nconcepts, kb->built};
    struct cover c;

    h->fact = -1;
    h->entity = e;
    h->score = 0;
    h->substituted = 0;
    if (q->kind != BOT_KIND_WHO && q->kind != BOT_KIND_WHAT &&
        q->kind != BOT_KIND_WHERE && q->kind != BOT_KIND_HOW)
        return;
    if (q->kind == BOT_KIND_WHERE && !ent->where)
        return;
    if (!query_names(q, e) && e != ref_entity)
        return;
    cover_terms(opp, q, &p, -1, &c);
    if (ref_entity == e) {
        c.total += 1.5;
        c.got += 1.5;
    }
    if (c.predicates > 0 || q->date.prec)
        return;
    h->unmatched = c.unmatched;
    /* "Who is X?" asks for X itself, not for a fact X is part of. */
    h->score = cover_score(&c, kb) + 0.08 + 0.05 * c.optional_got;
}

static void
consider(struct bot_match *m, const struct bot_hit *h)
{
    if (h->score > m->best.score) {
        if (m->best.fact != h->fact || m->best.entity != h->entity)
            m->second = m->best;
        m->best = *h;
    } else if (h->score > m->second.score) {
        m->second = *h;
    }
}

/* "Was it the FSB that asked the court?", "Was the attack in Paris?": the
 * claim names the wrong actor or place (an entity of the article, or a
 * name it never mentions). Scores the fact as if the question did not
 * name it; the fact must have an actor or a place to set against it. */
static void
score_substitute(const struct bot_kb *kb, const struct bot_query *q,
                 const struct opposites *opp, const signed char *hits, int i,
                 struct bot_hit *h)
{
    const struct bot_fact *f = &kb->facts[i];
    int dropped = 0, skip = -1, prev_proper = 0, entities = 0, predicates = 0;
    size_t k;

    h->score = 0;
    for (k = 0; k < q->terms.n; k++) {
        const struct bot_term *t = &q->terms.t[k];
        int proper = t->proper && t->kind != BOT_TERM_ENTITY;
        entities += t->kind == BOT_TERM_ENTITY;
        /* what the claim says was done: "asked", "attack" */
        predicates += t->kind == BOT_TERM_WORD || t->kind == BOT_TERM_PHRASE;
        if (t->kind == BOT_TERM_ENTITY && !fact_names(f, t->entity)) {
            /* only the claim's subject, its first party, can be the
             * wrong one: "is the Prosecutor General a woman?" claims
             * nothing about who did what */
            if (entities > 1)
                return;
            dropped++;
            skip = t->entity;
        } else if (proper && !prev_proper) { /* "St Petersburg" is one */
            dropped++;
            skip = SKIP_PROPER;
        }
        prev_proper = proper;
    }
    if (dropped != 1 || !predicates || names_actor(q, f) ||
        (f->nactors == 0 && (skip != SKIP_PROPER || !f->where)))
        return;
    score_fact(kb, q, opp, hits, i, -1, -1, skip, h);
    h->substituted = skip == SKIP_PROPER ? 2 : 1;
    /* a fact that says the opposite of the claim's deed is no sign that
     * someone else did it */
    if (h->contradicted)
        h->score = 0;
}

/* Marks, for every term and fact, 1 where the fact has one of the term's
 * concepts and -1 where it has an opposite, walking only the postings of
 * the term's concepts. */
static void
build_hits(const struct bot_kb *kb, const struct bot_query *q,
           struct opposites *opp, signed char *hits)
{
    size_t i, k, n, many;
    int j, headline;

    memset(hits, 0, q->terms.n * kb->nfacts);
    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        signed char *row = hits + i * kb->nfacts;
        for (j = 0; j < opp[i].n; j++) {
            const int *f = bot_kb_facts_with(kb, opp[i].c[j], &n);
            for (k = 0; k < n; k++)
                row[f[k]] = -1;
        }
        opp[i].nowhere = t->nconcepts > 0;
        headline = 0;
        many = 0;
        for (j = 0; j < t->nconcepts; j++) {
            const int *f = bot_kb_facts_with(kb, t->concepts[j], &n);
            for (k = 0; k < n; k++) {
                many += row[f[k]] != 1;
                row[f[k]] = 1;
                headline |= kb->facts[f[k]].sentence == 1;
            }
            opp[i].nowhere &= n == 0;
        }
        /* "Aldmere's council" and a fact naming "the Aldmere
         * Corporation": the entity's name is in the sentence, inside a
         * longer one */
        if (kb->built && t->kind == BOT_TERM_ENTITY && t->entity >= 0) {
            const char *name = kb->entities[t->entity].name;
            for (k = 0; k < kb->nfacts; k++) {
                if (row[k] == 0 && strlen(name) >= 3 &&
                    bot_text_has_words(kb->facts[k].quote, name))
                    row[k] = 1;
            }
        }
        /* "what was the storm called?": "Storm Isolde" says "storm" */
        if (q->wants_name && q->noun >= 0 && t->first == (size_t)q->noun) {
            for (k = 0; k < kb->nfacts; k++) {
                if (row[k] == 0 && names_such(kb, q, &kb->facts[k]))
                    row[k] = 1;
            }
        }
        opp[i].topic = kb->built &&
                       (t->kind == BOT_TERM_ENTITY ||
                        (t->kind == BOT_TERM_WORD && !t->proper)) &&
                       headline && many * TOPIC_SHARE >= kb->nfacts;
    }
}

void
bot_match_rank(const struct bot_kb *kb, const struct bot_query *q,
               int prev_fact, int ref_entity, struct bot_match *m)
{
    struct opposites opp[BOT_TERMS_MAX];
    signed char *hits = malloc(q->terms.n * kb->nfacts + 1);
    struct bot_hit h;
    size_t i;

    find_opposites(&kb->lex, q, opp);
    if (hits)
        build_hits(kb, q, opp, hits);
    memset(m, 0, sizeof(*m));
    m->best.fact = m->second.fact = -1;
    m->best.entity = m->second.entity = -1;
    for (i = 0; i < kb->nfacts; i++) {
        score_fact(kb, q, opp, hits, (int)i, prev_fact, ref_entity, -1, &h);
        consider(m, &h);
    }
    for (i = 0; i < kb->nentities; i++) {
        score_entity(kb, q, opp, (int)i, ref_entity, &h);
        consider(m, &h);
    }
    if (q->kind == BOT_KIND_YESNO && m->best.score < bot_match_bar(kb)) {
        for (i = 0; i < kb->nfacts; i++) {
            score_substitute(kb, q, opp, hits, (int)i, &h);
            /* Only a clear match of everything else counts. */
            if (h.score >= 0.9)
                consider(m, &h);
        }
    }
    free(hits);
}

int
bot_match_related(const struct bot_kb *kb, int fact, int dated,
                  const uint64_t *told)
{
    const struct bot_fact *f = &kb->facts[fact];
    int best = -1, best_shared = 0;
    size_t i, a, b;

    for (i = 0; i < kb->nfacts; i++) {
        const struct bot_fact *g = &kb->facts[i];
        int shared = 0;
        if ((int)i == fact || (dated && !g->date.prec) ||
            (told && i < 128 && (told[i / 64] >> (i % 64) & 1)))
            continue;
        for (a = 0, b = 0; a < f->nconcepts && b < g->nconcepts;) {
            if (f->concepts[a] == g->concepts[b]) {
                shared++;
                a++;
                b++;
            } else if (f->concepts[a] < g->concepts[b]) {
                a++;
            } else {
                b++;
            }
        }
        if (shared > best_shared ||
            (shared == best_shared && best >= 0 &&
             g->importance > kb->facts[best].importance)) {
            best = (int)i;
            best_shared = shared;
        }
    }
    return best_shared >= 2 ? best : -1;
}

double
bot_match_bar(const struct bot_kb *kb)
{
    return kb->built ? BOT_MATCH_THRESHOLD_BUILT : BOT_MATCH_THRESHOLD;
}
