/* What a fact's parts can answer: which of its entities a "which X" or a
 * "who" means, and which of its numbers a "how many" counts. The matcher
 * weighs facts with these and the answerer words its reply with them.
 * Pure: reads the knowledge and the question only. */
#define _GNU_SOURCE /* strcasestr */
#include "bot/answer/fit.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bot/knowledge/lexicon.h"
#include "bot/knowledge/text.h"

/* True if @desc holds the agent of the verb whose stem is @stem: a word
 * starting with it and ending in -er, -or or -ist ("prosecut":
 * "Prosecutor", "manag": "manager"). */
static int
agent_in(const char *desc, const char *stem)
{
    static const char *const ends[] = {"er", "or", "ist"};
    size_t n = strlen(stem), k;
    const char *p;

    if (n < 4)
        return 0;
    for (p = desc; (p = strcasestr(p, stem)) != NULL; p += n) {
        const char *e = p + n;
        if (p > desc && isalpha((unsigned char)p[-1]))
            continue;
        for (k = 0; k < 3; k++) {
            size_t m = strlen(ends[k]);
            if (strncasecmp(e, ends[k], m) == 0 &&
                !isalpha((unsigned char)e[m]))
                return 1;
        }
    }
    return 0;
}

int
bot_fit_role_named(const struct bot_kb *kb, const struct bot_query *q, int e)
{
    const struct bot_entity *ent = &kb->entities[e];
    size_t i;
    int c;

    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        if (t->kind != BOT_TERM_WORD)
            continue;
        for (c = 0; c < t->nconcepts; c++) {
            if (t->concepts[c] != ent->concept &&
                bot_kb_entity_has(ent, t->concepts[c]))
                return 1;
        }
        if (agent_in(ent->desc, q->words.w[t->first].stem))
            return 1;
    }
    return 0;
}

/* "judges" -> "judge", "countries" -> "country": enough to find the noun
 * in a name or a description. */
static void
singular(const char *word, char *out, size_t cap)
{
    size_t n = strlen(word);

    snprintf(out, cap, "%s", word);
    n = strlen(out);
    if (n > 4 && strcmp(out + n - 3, "ies") == 0)
        snprintf(out + n - 3, cap - (n - 3), "y");
    else if (n > 3 && out[n - 1] == 's' && out[n - 2] != 's')
        out[n - 1] = '\0';
}

/* Nouns a place answers. */
static const char *const place_nouns[] = {
    "country", "city",    "town",   "village", "region",   "province",
    "county",  "capital", "island", "port",    "district", NULL};

/* True if entity @e is what "which @noun" asks for: any person or place
 * for the classes, else one whose name, type or description says @noun
 * ("Russia's Supreme Court" for "court", "Russia's president"). */

int
bot_fit_entity_is(const struct bot_kb *kb, int e, const char *noun, int kind)
{
    const struct bot_entity *ent = &kb->entities[e];
    char one[BOT_WORD_MAX];

    if (kind == 'p')
        return ent->person;
    if (kind == 'l')
        return ent->place;
    if (kind == 'o')
        return !ent->person && !ent->place;
    singular(noun, one, sizeof(one));
    if (!strcmp(one, "nation") || !strcmp(one, "state"))
        snprintf(one, sizeof(one), "country");
    if ((strcasestr(ent->name, one) != NULL) ||
        (ent->type && (strcasestr(ent->type, one) != NULL)))
        return 1;
    /* a place the builder found, of no recorded kind, may be the
     * country or town asked for ("imported from Belgium") */
    if (ent->place && (!ent->type || !strcmp(ent->type, "place")) &&
        bot_text_in_list(one, place_nouns))
        return 1;
    /* what the description says it is: its first clause only */
    if (ent->desc) {
        char first[160];
        snprintf(first, sizeof(first), "%.*s", (int)strcspn(ent->desc, ";,"),
                 ent->desc);
        return (strcasestr(first, one) != NULL);
    }
    return 0;
}

/* True if @e is one of the two entities the article names most: what
 * "other groups" and "who else" mean to leave out when the question names
 * nothing to contrast with. */
int
bot_fit_central(const struct bot_kb *kb, int e)
{
    size_t i;
    int above = 0;

    for (i = 0; i < kb->nentities; i++)
        above += kb->entities[i].nfacts > kb->entities[e].nfacts;
    return above < 2;
}

int
bot_fit_named_in(const struct bot_kb *kb, const struct bot_query *q, int e)
{
    static const char *const other[] = {"other", "else", "besides", "another",
                                        NULL};
    size_t i;
    int j;

    for (j = 0; j < q->nentities; j++) {
        if (q->entities[j] == e)
            return 1;
    }
    for (i = 0; i < q->words.n; i++) {
        if (bot_text_in_list(q->words.w[i].text, other))
            return bot_fit_central(kb, e);
    }
    return 0;
}

int
bot_fit_count_named(const struct bot_kb *kb, const struct bot_query *q,
                    const struct bot_fact *f, int *found, int max)
{
    const char *noun = q->noun >= 0 ? q->words.w[q->noun].text : NULL;
    int kind = noun ? bot_lexicon_named_kind(noun) : 0, i, n = 0;

    if (!kind)
        return 0;
    for (i = 0; i < f->nactors + f->nothers && n < max; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        if (!bot_fit_named_in(kb, q, e) && bot_fit_entity_is(kb, e, noun, kind))
            found[n++] = e;
    }
    return n;
}

/* The index of "many" in "how many ...", or the number of words. */
static size_t
many_at(const struct bot_query *q)
{
    size_t i;

    for (i = 0; i < q->words.n && strcmp(q->words.w[i].text, "many"); i++)
        ;
    return i;
}

/* What "how many X were ..." counts: the last word before the verb or a
 * preposition, or NULL. */
static const char *
counted(const struct bot_query *q)
{
    static const char *const stop[] = {
        "were", "was",   "are",  "is",    "did",   "do", "does", "have",
        "has",  "had",   "will", "in",    "of",    "on", "at",   "to",
        "from", "for",   "can",  "could", "would", "a",  "an",   "per",
        "each", "every", "the",  "got",   "get",   NULL};
    const char *head = NULL;
    size_t i = many_at(q), j;

    for (j = i + 1; j < q->words.n && j < i + 4; j++) {
        if (bot_text_in_list(q->words.w[j].text, stop))
            break;
        head = q->words.w[j].text;
    }
    return head;
}

/* A count of people does not answer "how many years", nor a number of
 * years "how many troops". */
static int
unit_fits(const struct bot_query *q, const struct bot_number *n)
{
    static const char *const time[] = {
        "year", "years",  "month",   "months", "week",  "weeks", "day",
        "days", "decade", "decades", "hour",   "hours", NULL};
    const char *head = counted(q);

    if (!head || !n->unit)
        return 1;
    return bot_text_in_list(head, time) == bot_text_in_list(n->unit, time);
}

/* True if @unit is the @head asked for, singular or plural ("fires",
 * "fire"). */
static int
same_unit(const char *head, const char *unit)
{
    size_t a = strlen(head), b = strlen(unit);

    if (a && head[a - 1] == 's')
        a--;
    if (b && unit[b - 1] == 's')
        b--;
    return a == b && strncmp(head, unit, a) == 0;
}

/* True if the question's counted word @head and a number's @unit are one
 * concept to the lexicon ("grandkids", "grandchildren"). */
static int
same_concept(const struct bot_kb *kb, const struct bot_query *q,
             const char *head, const char *unit)
{
    char stem[BOT_WORD_MAX];
    const char *last = strrchr(unit, ' ');
    size_t i;
    int c, k;

    last = last ? last + 1 : unit;
    if (strlen(last) >= BOT_WORD_MAX)
        return 0;
    bot_text_stem(kb->lex.stemmer, last, stem);
    c = bot_lex_stem_concept(&kb->lex, stem);
    for (i = 0; c >= 0 && i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        if (strcmp(t->word, head) != 0)
            continue;
        for (k = 0; k < t->nconcepts; k++) {
            if (t->concepts[k] == c)
                return 1;
        }
    }
    return 0;
}

static int
unit_is(const struct bot_kb *kb, const struct bot_query *q, const char *head,
        const char *unit)
{
    return same_unit(head, unit) || same_concept(kb, q, head, unit);
}

/* Which of the fact's numbers answers "how many": the one counting what
 * the question counts ("how many fires" in "87 reports, including 14
 * fires"), else the first that fits; -1 if none does. */
/* True if @q asks what something cost: "how much money", "worth". */
static int
asks_money(const struct bot_query *q)
{
    static const char *const money[] = {
        "cost",     "spend", "spent", "money",  "price",  "paid",
        "pay",      "worth", "earn",  "earns",  "earned", "salary",
        "salaries", "wage",  "wages", "income", "profit", "profits",
        "revenue",  "fee",   "fees",  "fine",   NULL};
    size_t k;

    /* "how much did fuel costs rise?" asks a rise, not a sum: the noun
     * "costs" is left out */
    for (k = 0; k < q->words.n; k++) {
        if (bot_text_in_list(q->words.w[k].text, money))
            return 1;
    }
    return 0;
}

/* True if @n is a sum of money: "£3.8 million", "312 million euros". */
static int
is_sum(const struct bot_number *n)
{
    static const char *const currency[] = {
        "dollars", "euros", "pounds", "euro", "pound", "dollar", NULL};

    return strchr(n->text, '$') || strstr(n->text, "\xc2\xa3") ||
           strstr(n->text, "\xe2\x82\xac") || strstr(n->text, "euro") ||
           strstr(n->text, "pound") || strstr(n->text, "dollar") ||
           (n->unit && bot_text_in_list(n->unit, currency));
}

/* True if @q asks by how much: "win by?", "what was the margin". */
static int
asks_margin(const struct bot_query *q)
{
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        if (!strcmp(q->words.w[i].text, "margin") ||
            (!strcmp(q->words.w[i].text, "by") && i + 1 == q->words.n))
            return 1;
    }
    return 0;
}

/* True if @number stands after "by " in @statement ("by 1,204 votes"). */
static int
by_number(const char *statement, const char *number)
{
    const char *p = statement;
    size_t n = strlen(number);

    while ((p = strstr(p, number)) != NULL) {
        if (p - statement >= 3 && !strncmp(p - 3, "by ", 3))
            return 1;
        p += n ? n : 1;
    }
    return 0;
}

/* Measures a question can ask for by its words ("how heavy", "weigh",
 * "how far") and the units that give one. Money is asks_money's. */
struct measure {
    const char *const *cues;
    const char *const *units;
};

static const char *const weight_cues[] = {"weigh", "weighs", "weight",
                                          "heavy", "mass",   NULL};
static const char *const weight_units[] = {
    "kg",    "kilograms", "kilogram", "kilos",  "tonnes",
    "tonne", "tons",      "ton",      "grams",  "gram",
    "lb",    "lbs",       "ounces",   "pounds", NULL};
static const char *const distance_cues[] = {"far", "distance", "distances",
                                            NULL};
static const char *const length_units[] = {
    "km",          "kilometres", "kilometers", "kilometre", "kilometer",
    "miles",       "mile",       "metres",     "meters",    "metre",
    "meter",       "m",          "feet",       "foot",      "ft",
    "centimetres", "cm",         "yards",      "inches",    NULL};
static const char *const height_cues[] = {"tall",  "high", "height", "deep",
                                          "depth", "wide", "width",  NULL};
static const char *const speed_cues[] = {"fast", "speed", "quickly", NULL};
static const char *const speed_units[] = {"mph",   "km/h", "kph",
                                          "knots", "kmh",  NULL};

static const struct measure measures[] = {
    {weight_cues, weight_units},
    {distance_cues, length_units},
    {height_cues, length_units},
    {speed_cues, speed_units},
};

/* The measure @q asks for ("how far", "how much does it weigh"), or -1:
 * the cue must follow "how" or be a verb or noun of the question. */
static int
asks_measure(const struct bot_query *q)
{
    size_t i, m;

    for (i = 0; i < q->words.n; i++) {
        const char *w = q->words.w[i].text;
        int after_how = i > 0 && !strcmp(q->words.w[i - 1].text, "how");
        for (m = 0; m < sizeof(measures) / sizeof(measures[0]); m++) {
            if (!bot_text_in_list(w, measures[m].cues))
                continue;
            /* "high" and "fast" ask a measure after "how" only */
            if (!after_how && (!strcmp(w, "high") || !strcmp(w, "far") ||
                               !strcmp(w, "fast") || !strcmp(w, "wide") ||
                               !strcmp(w, "deep") || !strcmp(w, "quickly") ||
                               !strcmp(w, "tall") || !strcmp(w, "heavy")))
                continue;
            return (int)m;
        }
    }
    return -1;
}

/* True if number @n is given in one of @units: its unit, or a word of
 * its text ("about 600 kilometres"). */
static int
in_units(const struct bot_number *n, const char *const *units)
{
    const char *p = n->text;

    if (n->unit && bot_text_in_list(n->unit, units))
        return 1;
    while (*p) {
        char w[BOT_WORD_MAX];
        size_t k = 0;
        while (*p == ' ')
            p++;
        while (p[k] && p[k] != ' ' && k + 1 < sizeof(w)) {
            w[k] = (char)tolower((unsigned char)p[k]);
            k++;
        }
        w[k] = '\0';
        while (p[k] && p[k] != ' ')
            k++;
        p += k;
        if (k && bot_text_in_list(w, units))
            return 1;
    }
    return 0;
}

int
bot_fit_best_number(const struct bot_kb *kb, const struct bot_query *q,
                    const struct bot_fact *f)
{
    int m = asks_measure(q);
    const char *head = counted(q);
    int i, first = -1, margin = asks_margin(q);

    for (i = 0; i < f->nnumbers; i++) {
        if (!unit_fits(q, &f->numbers[i]))
            continue;
        if (asks_money(q) && is_sum(&f->numbers[i]))
            return i; /* "what were the contracts worth?" */
        if (m >= 0 && in_units(&f->numbers[i], measures[m].units))
            return i; /* "how far": the distance */
        /* "how many votes did she win by?": the one after "by" */
        if (margin && by_number(f->statement, f->numbers[i].text))
            return i;
        if (head && f->numbers[i].unit &&
            unit_is(kb, q, head, f->numbers[i].unit) && !margin)
            return i;
        if (first < 0)
            first = i;
    }
    return first;
}

/* True if @n is given in a unit of any measure: a distance, a weight,
 * a speed. */
static int
any_measure(const struct bot_number *n)
{
    size_t m;

    for (m = 0; m < sizeof(measures) / sizeof(measures[0]); m++) {
        if (in_units(n, measures[m].units))
            return 1;
    }
    return 0;
}

/* True if @q counts the unit @n is given in: "how many kilometres",
 * "how many tonnes", "how many euros". */
static int
counts_unit(const struct bot_query *q, const struct bot_number *n)
{
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        const char *w = q->words.w[i].text;
        if ((n->unit && !strcasecmp(n->unit, w)) ||
            (strlen(w) > 2 && strcasestr(n->text, w)))
            return 1;
    }
    return 0;
}

/* True if @q asks about a share itself ("what percentage", "by how
 * many per cent"), which a percentage answers. */
static int
asks_share(const struct bot_query *q)
{
    static const char *const words[] = {
        "percent",    "percentage", "per",  "cent", "%",      "share",
        "proportion", "fraction",   "rate", "much", "shares", NULL};
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        if (bot_text_in_list(q->words.w[i].text, words))
            return 1;
    }
    return 0;
}

int
bot_fit_number_wrong(const struct bot_query *q, const struct bot_fact *f, int i)
{
    int m = asks_measure(q);

    if (m >= 0)
        return !in_units(&f->numbers[i], measures[m].units);
    /* "how many people work there?" is no "600 kilometres" nor "£2.4
     * million", and "how long will it operate?" no distance */
    if ((counted(q) || q->duration) && !asks_money(q) &&
        (is_sum(&f->numbers[i]) || any_measure(&f->numbers[i])) &&
        !counts_unit(q, &f->numbers[i]))
        return 1;
    /* "how many students are enrolled?" is no "dropped 23 per cent" */
    if (counted(q) && !asks_share(q) &&
        (strchr(f->numbers[i].text, '%') ||
         (f->numbers[i].unit && !strcmp(f->numbers[i].unit, "percent"))))
        return 1;
    return asks_money(q) && !is_sum(&f->numbers[i]);
}

double
bot_fit_number(const struct bot_kb *kb, const struct bot_query *q,
               const struct bot_fact *f)
{
    static const char *const money[] = {"money",  "cost",   "costs", "paid",
                                        "pay",    "paying", "price", "worth",
                                        "spend",  "spent",  "fine",  "value",
                                        "budget", "fund",   NULL};
    static const char *const currency[] = {"dollars", "euros", "pounds", NULL};
    static const char *const shares[] = {"percent", "per",    "cent", "%",
                                         "share",   "shares", NULL};
    const char *head = counted(q);
    int i = bot_fit_best_number(kb, q, f);
    size_t k;

    if (i < 0)
        return 0;
    if (asks_margin(q))
        return by_number(f->statement, f->numbers[i].text) ? 1.0 : 0.7;
    if (asks_measure(q) >= 0) /* "how far": a distance, or nothing */
        return bot_fit_number_wrong(q, f, i) ? 0.3 : 1.0;
    if (head && f->numbers[i].unit && unit_is(kb, q, head, f->numbers[i].unit))
        return 1.0;
    /* "how much money did he take?": a sum answers it */
    for (k = 0; k < q->words.n; k++) {
        if (bot_text_in_list(q->words.w[k].text, money))
            return f->numbers[i].unit &&
                           bot_text_in_list(f->numbers[i].unit, currency)
                       ? 1.0
                       : 0.7;
    }
    /* "how many workers": a share counts no one, and a number of
     * something else ("drivers") may or may not be of them */
    if (head && strchr(f->numbers[i].text, '%') &&
        !bot_text_in_list(head, shares))
        return 0.6;
    if (head && f->numbers[i].unit && *f->numbers[i].unit)
        return 0.8;
    return head ? 0.9 : 1.0;
}

/* "how many people were injured": the fact must say what happened to
 * them ("killed" does not answer "injured", nor "involved"). */
int
bot_fit_verb(const struct bot_query *q, const struct bot_fact *f)
{
    static const char *const be[] = {"were", "was", "are", "is",
                                     "got",  "get", NULL};
    static const char *const must[] = {"had", "have", "has", NULL};
    size_t i = many_at(q), j, k;
    int c;

    for (j = i + 1; j < q->words.n && j < i + 5; j++) {
        const char *w = q->words.w[j].text;
        if (bot_text_in_list(w, be))
            break;
        /* "how many people had to evacuate": the verb after "to" */
        if (bot_text_in_list(w, must) && j + 2 < q->words.n &&
            !strcmp(q->words.w[j + 1].text, "to")) {
            j++;
            break;
        }
    }
    if (j + 1 >= q->words.n || j >= i + 5)
        return 1;
    for (k = 0; k < q->terms.n; k++) {
        const struct bot_term *t = &q->terms.t[k];
        if (t->first != j + 1 || t->kind != BOT_TERM_WORD)
            continue; /* a word the article never uses covers nothing */
        for (c = 0; c < t->nconcepts; c++) {
            if (bot_kb_fact_has(f, t->concepts[c]))
                return 1;
        }
        return 0;
    }
    return 1;
}

/* True if the word @w[0..n) starts as one of @q's content words does:
 * four letters in common, or the whole of a shorter word. */
static int
asked_word(const struct bot_query *q, const char *w, size_t n)
{
    size_t i, k = n < 4 ? n : 4;

    for (i = 0; i < q->words.n; i++) {
        const char *t = q->words.w[i].text;
        if (strlen(t) >= k && !bot_text_is_stopword(t) &&
            strncasecmp(t, w, k) == 0 && (n >= 4 || strlen(t) == n))
            return 1;
    }
    return 0;
}

int
bot_fit_why_restates(const struct bot_query *q, const char *why)
{
    const char *p = why;
    int words = 0;

    while (*p) {
        char w[BOT_WORD_MAX];
        size_t n = 0, k;
        while (*p && !isalnum((unsigned char)*p))
            p++;
        while (isalnum((unsigned char)p[n]))
            n++;
        if (n == 0)
            break;
        for (k = 0; k < n && k + 1 < sizeof(w); k++)
            w[k] = (char)tolower((unsigned char)p[k]);
        w[k] = '\0';
        p += n;
        if (n < 3 || bot_text_is_stopword(w))
            continue;
        if (!asked_word(q, w, k))
            return 0;
        words++;
    }
    return words > 0;
}

/* Verbs that make something known, as questions and articles write them. */
static const char *const telling[] = {
    "announce",  "announced", "announces", "announcing", "announcement",
    "confirm",   "confirmed", "confirms",  "said",       "say",
    "says",      "reveal",    "revealed",  "reveals",    "disclose",
    "disclosed", "report",    "reported",  "reports",    "unveil",
    "unveiled",  "told",      "tell",      "declared",   "declare",
    "published", "made",      "added",     "stated",     NULL};

int
bot_fit_telling_word(const char *w)
{
    return strcmp(w, "made") != 0 && bot_text_in_list(w, telling);
}

/* True if a word of @q is in @list. */
static int
asks_any(const struct bot_query *q, const char *const *list)
{
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        if (bot_text_in_list(q->words.w[i].text, list))
            return 1;
    }
    return 0;
}

int
bot_fit_asks_words(const struct bot_query *q)
{
    static const char *const say[] = {"say",  "said",   "says", "tell",
                                      "told", "saying", NULL};

    return asks_any(q, say);
}

int
bot_fit_asks_statement(const struct bot_query *q)
{
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        const char *w = q->words.w[i].text;
        /* "made" only as in "made public" */
        if (!strcmp(w, "made") &&
            !(i + 1 < q->words.n && !strcmp(q->words.w[i + 1].text, "public")))
            continue;
        if (bot_text_in_list(w, telling))
            return 1;
    }
    return 0;
}

int
bot_fit_said_date(const struct bot_fact *f)
{
    const char *p, *q = f->quote;

    if (!f->when_text || !*f->when_text || !q)
        return 0;
    for (p = strcasestr(q, f->when_text); p;
         p = strcasestr(p + 1, f->when_text)) {
        const char *b = p, *w;
        char word[BOT_WORD_MAX];
        size_t k;
        /* the word before, past an "on" */
        while (b > q && b[-1] == ' ')
            b--;
        if (b - q >= 3 && !strncasecmp(b - 3, " on", 3)) {
            b -= 3;
            while (b > q && b[-1] == ' ')
                b--;
        }
        for (w = b; w > q && isalpha((unsigned char)w[-1]); w--)
            ;
        if (b == w || (size_t)(b - w) >= sizeof(word))
            continue;
        for (k = 0; k < (size_t)(b - w); k++)
            word[k] = (char)tolower((unsigned char)w[k]);
        word[k] = '\0';
        if (strcmp(word, "made") != 0 && bot_text_in_list(word, telling))
            return 1;
    }
    return 0;
}

/* Verbs of going somewhere, as questions ask them. */
static const char *const going[] = {
    "go",      "goes",   "going",  "went",    "head",        "heads",
    "heading", "headed", "travel", "travels", "bound",       "march",
    "marched", "fly",    "flying", "flew",    "sent",        "send",
    "moving",  "move",   "moved",  "off",     "destination", NULL};

int
bot_fit_asks_whither(const struct bot_query *q)
{
    return asks_any(q, going);
}

int
bot_fit_destination(const struct bot_query *q, const struct bot_fact *f,
                    char *out, size_t cap)
{
    static const char *const joins[] = {"of", "the", "and", "for", NULL};
    const char *p, *s = f->statement;

    if (q->kind != BOT_KIND_WHERE || !q->asks_whither)
        return 0;
    for (p = strstr(s, " to "); p; p = strstr(p + 1, " to ")) {
        const char *a = p + 4, *z = a, *end = a;
        if (!strncmp(a, "the ", 4) && isupper((unsigned char)a[4]))
            z = a + 4;
        if (!isupper((unsigned char)*z))
            continue;
        /* "to the Ministry of Higher Education": capitalised words and
         * the small words that join them */
        while (*z) {
            char w[BOT_WORD_MAX];
            size_t n = strcspn(z, " ,.;:\"()");
            if (n == 0 || n >= sizeof(w))
                break;
            memcpy(w, z, n);
            w[n] = '\0';
            if (isupper((unsigned char)w[0]))
                end = z + n;
            else if (!bot_text_in_list(w, joins))
                break;
            if (z[n] != ' ')
                break;
            z += n + 1;
        }
        if (end > a) {
            snprintf(out, cap, "To %.*s", (int)(end - a), a);
            return 1;
        }
    }
    return 0;
}
