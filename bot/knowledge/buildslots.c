/* The builder's slots of a fact: who acts (the subject or the speaker),
 * the numbers and what they count, the reason, the place. */
#include "bot/knowledge/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bot/knowledge/lexicon.h"
#include "bot/knowledge/text.h"

#include "build_int.h"

static int after_preposition(const struct sent *s, size_t t);

/* The entity that says the sentence: "..., X said" or "X said ...". */
int
build_speaker_of(const struct builder *b, int si, const struct sent *s)
{
    size_t i;
    int k;

    for (i = 0; i < s->n; i++) {
        int best = -1, dist = 99, best_tok = 0;
        if (!build_tok_in(s, i, build_say_verbs))
            continue;
        for (k = 0; k < b->nmentions[si]; k++) {
            int t = b->mentions[si][k].tok,
                d = t > (int)i ? t - (int)i : (int)i - t;
            if (d < dist && d <= 5) {
                dist = d;
                best = b->mentions[si][k].entity;
                best_tok = t;
            }
        }
        if (best >= 0 && (b->ents[best].type == E_PLACE ||
                          after_preposition(s, (size_t)best_tok)))
            best = -1; /* "prosecutors in Velskar said" */
        if (best >= 0 && b->ents[best].type == E_PERSON)
            return best;
        if (best >= 0 && dist <= 2)
            return best;
        if (i > 0 &&
            (build_tok_is(s, i - 1, "he") || build_tok_is(s, i - 1, "she") ||
             build_tok_is(s, i + 1, "he") || build_tok_is(s, i + 1, "she"))) {
            int p;
            for (p = si; p >= 0; p--) {
                for (k = 0; k < b->nmentions[p]; k++) {
                    if (b->ents[b->mentions[p][k].entity].type == E_PERSON)
                        return b->mentions[p][k].entity;
                }
            }
        }
    }
    return -1;
}

/* Words that end a sentence's subject: its first verb or clause word. */
static int
ends_subject(const struct sent *s, size_t i)
{
    static const char *const verbs[] = {
        "is",     "are",   "was",   "were", "has",  "have",  "had",
        "will",   "would", "could", "can",  "may",  "might", "must",
        "should", "did",   "does",  "do",   "said", "says",  "told",
        "which",  "who",   "that",  NULL};
    char w[BOT_WORD_MAX];
    size_t n;

    if (build_tok_in(s, i, verbs))
        return 1;
    if (!s->t[i].word || s->t[i].cap)
        return 0;
    build_tok_lower(s, i, w, sizeof(w));
    n = strlen(w);
    return n > 4 && (strcmp(w + n - 2, "ed") == 0);
}

static int
after_preposition(const struct sent *s, size_t t)
{
    static const char *const preps[] = {"at",  "of",   "from",  "in",
                                        "for", "with", "by",    "near",
                                        "to",  "on",   "about", NULL};

    if (t >= 1 && build_tok_is(s, t - 1, "the"))
        t--;
    return t >= 1 && build_tok_in(s, t - 1, preps);
}

/* True if token @i is a past participle: "opened", "taken", "shown". */
static int
participle(const struct sent *s, size_t i)
{
    char w[BOT_WORD_MAX];
    size_t n;

    if (i >= s->n || !s->t[i].word)
        return 0;
    build_tok_lower(s, i, w, sizeof(w));
    n = strlen(w);
    return n > 3 && (!strcmp(w + n - 2, "ed") || !strcmp(w + n - 2, "en") ||
                     !strcmp(w + n - 2, "wn"));
}

/* The agent of a passive: "was formally opened on 21 May 1887 by the
 * Duchess of Westrand", "was spotted on Monday by Tom Adair"; or -1. */
static int
passive_agent(const struct builder *b, int si, const struct sent *s)
{
    static const char *const be[] = {"was", "were", "been",  "be",
                                     "is",  "are",  "being", NULL};
    size_t i, j;
    int k;

    for (j = 0; j + 1 < s->n; j++) {
        if (!build_tok_in(s, j, be) ||
            !(participle(s, j + 1) || participle(s, j + 2)))
            continue;
        for (i = j + 2; i < s->n && i < j + 10; i++) {
            if (build_tok_is(s, i, ",") || build_tok_is(s, i, "."))
                break;
            if (!build_tok_is(s, i, "by"))
                continue;
            /* "by the Duchess", "by guild secretary Orla Penhallow" */
            for (k = 0; k < b->nmentions[si]; k++) {
                const struct mention *m = &b->mentions[si][k];
                size_t t;
                if (m->tok <= (int)i || m->tok > (int)i + 4)
                    continue;
                for (t = i + 1;
                     t < (size_t)m->tok && s->t[t].word && !s->t[t].cap; t++)
                    ;
                if (t == (size_t)m->tok)
                    return m->entity;
            }
            break;
        }
    }
    return -1;
}

int
build_subject_of(const struct builder *b, int si, const struct sent *s)
{
    size_t stop = s->n, i;
    int k, best = passive_agent(b, si, s), best_tok = 1 << 20;

    if (best >= 0)
        return best;

    for (i = 0; i < s->n; i++) {
        if (ends_subject(s, i)) {
            stop = i;
            break;
        }
    }
    for (k = 0; k < b->nmentions[si]; k++) {
        const struct mention *m = &b->mentions[si][k];
        /* "a director at PVW was found guilty": PVW qualifies the
         * subject, it is not it */
        if (m->tok > 0 && after_preposition(s, (size_t)m->tok))
            continue;
        if (m->tok < (int)stop && m->tok < best_tok) {
            best = m->entity;
            best_tok = m->tok;
        }
    }
    /* "WRT chief executive Gareth Pryce": the person, not the body */
    for (k = 0; best >= 0 && k < b->nmentions[si]; k++) {
        const struct mention *m = &b->mentions[si][k];
        if (m->tok < (int)stop && m->tok > best_tok && m->tok - best_tok <= 4 &&
            b->ents[m->entity].type == E_PERSON &&
            b->ents[best].type != E_PERSON)
            return m->entity;
    }
    return best;
}

struct number_cue {
    const char *words;
    enum bot_cmp cmp;
};

static const struct number_cue number_cues[] = {
    {"more than", BOT_CMP_GT},
    {"over", BOT_CMP_GT},
    {"at least", BOT_CMP_GT},
    {"fewer than", BOT_CMP_LT},
    {"less than", BOT_CMP_LT},
    {"under", BOT_CMP_LT},
    {"up to", BOT_CMP_LT},
    {"about", BOT_CMP_ABOUT},
    {"around", BOT_CMP_ABOUT},
    {"nearly", BOT_CMP_ABOUT},
    {"almost", BOT_CMP_ABOUT},
    {"roughly", BOT_CMP_ABOUT},
    {"approximately", BOT_CMP_ABOUT},
    {"some", BOT_CMP_ABOUT},
};

/* The value of a number word or figure ("2,300", "$1,200", "87%",
 * "eight"), or -1. */
static double
number_value(const struct sent *s, size_t i, int *percent, int *money)
{
    char w[BOT_WORD_MAX], digits[BOT_WORD_MAX];
    size_t k, o = 0;

    *percent = *money = 0;
    build_tok_lower(s, i, w, sizeof(w));
    if (w[0] == '$') {
        *money = 1;
        memmove(w, w + 1, strlen(w));
    }
    if (isdigit((unsigned char)w[0])) {
        for (k = 0; w[k]; k++) {
            if (isdigit((unsigned char)w[k]) || w[k] == '.')
                digits[o++] = w[k];
            else if (w[k] == '%')
                *percent = 1;
            else if (w[k] != ',')
                return -1;
        }
        digits[o] = '\0';
        return strtod(digits, NULL);
    }
    return bot_lexicon_number(w);
}

static int
add_number(json_t *arr, const struct sent *s, size_t i, size_t skip_to)
{
    static const char *const plurals[] = {
        "people",    "staff",  "children", "men",  "women", "police",
        "personnel", "cattle", "data",     "crew", NULL};
    static const struct {
        const char *w;
        double x;
    } scale[] = {{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}};
    int percent, money;
    double v = number_value(s, i, &percent, &money);
    size_t a = i, z = i + 1, k, at;
    enum bot_cmp cmp = BOT_CMP_EQ;
    char text[160], unit[BOT_WORD_MAX] = "";
    json_t *num;

    (void)skip_to;
    if (v < 0)
        return 0;
    /* "€36.10", "£2bn": the currency stands before the figure */
    if (i > 0 &&
        (build_tok_is(s, i - 1, "\xe2\x82\xac") ||
         build_tok_is(s, i - 1, "\xc2\xa3") || build_tok_is(s, i - 1, "$"))) {
        money = build_tok_is(s, i - 1, "$")          ? 1
                : build_tok_is(s, i - 1, "\xc2\xa3") ? 3
                                                     : 2;
        a = i - 1; /* the cues stand before the currency */
    }
    for (k = 0, at = a; k < sizeof(number_cues) / sizeof(number_cues[0]); k++) {
        const char *cw = number_cues[k].words, *sp = strchr(cw, ' ');
        if (sp && at >= 2 && s->t[at - 2].len == (size_t)(sp - cw) &&
            strncasecmp(s->text + s->t[at - 2].off, cw, (size_t)(sp - cw)) ==
                0 &&
            build_tok_is(s, at - 1, sp + 1)) {
            cmp = number_cues[k].cmp;
            a = at - 2;
            break;
        }
        if (!sp && build_tok_is(s, at - 1, cw)) {
            cmp = number_cues[k].cmp;
            a = at - 1;
            break;
        }
    }
    for (k = 0; k < 3; k++) {
        if (build_tok_is(s, z, scale[k].w)) {
            v *= scale[k].x;
            z++;
        }
    }
    if (percent || build_tok_is(s, z, "percent") ||
        (build_tok_is(s, z, "per") && build_tok_is(s, z + 1, "cent"))) {
        snprintf(unit, sizeof(unit), "percent");
        z += build_tok_is(s, z, "percent") ? 1
             : build_tok_is(s, z, "per")   ? 2
                                           : 0;
    } else if (money) {
        snprintf(unit, sizeof(unit), "%s",
                 money == 3   ? "pounds"
                 : money == 2 ? "euros"
                              : "dollars");
    } else {
        size_t u = z;
        /* "eight of the 15 councillors" counts councillors */
        if (build_tok_is(s, u, "of") && build_tok_is(s, u + 1, "the") &&
            u + 3 < s->n && s->t[u + 2].word &&
            isdigit((unsigned char)s->text[s->t[u + 2].off]))
            u += 3;
        /* "2,300 drivers", "11 days", "64 bus routes", "310,000 people" */
        size_t first = u, last = 0;
        while (u < s->n && u < first + 3 && s->t[u].word && !s->t[u].cap) {
            char w[BOT_WORD_MAX];
            size_t n;
            build_tok_lower(s, u, w, sizeof(w));
            n = strlen(w);
            if (bot_text_is_stopword(w) || isdigit((unsigned char)w[0]))
                break;
            if ((n > 3 && w[n - 1] == 's' && w[n - 2] != 's') ||
                bot_text_in_list(w, plurals)) {
                last = u + 1;
                break;
            }
            u++;
        }
        if (!last && u > first)
            last = first + 1;
        if (last) {
            build_tok_lower(s, last - 1, unit, sizeof(unit));
            z = last;
        }
    }
    snprintf(text, sizeof(text), "%.*s",
             (int)(s->t[z - 1].off + s->t[z - 1].len - s->t[a].off),
             s->text + s->t[a].off);
    num = json_pack("{s:f,s:s,s:s,s:s}", "value", v, "text", text, "unit", unit,
                    "cmp",
                    cmp == BOT_CMP_GT      ? "gt"
                    : cmp == BOT_CMP_LT    ? "lt"
                    : cmp == BOT_CMP_ABOUT ? "about"
                                           : "eq");
    if (!num || json_array_append_new(arr, num) < 0)
        return BOT_ENOMEM;
    return (int)(z - i);
}

/* True if token @i is a figure of a date or clock time ("19" of
 * "February 19", "4" of "4 a.m.", "2014"), not a count. */
static int
is_date_figure(const struct sent *s, size_t i)
{
    char w[BOT_WORD_MAX];

    build_tok_lower(s, i, w, sizeof(w));
    if (!isdigit((unsigned char)w[0]))
        return 0;
    if ((i > 0 && build_tok_in(s, i - 1, build_months_days)) ||
        build_tok_in(s, i + 1, build_months_days))
        return 1;
    if (build_tok_is(s, i + 1, "a.m") || build_tok_is(s, i + 1, "p.m") ||
        build_tok_is(s, i + 1, "am") || build_tok_is(s, i + 1, "pm") ||
        build_tok_is(s, i + 1, "a.m.") || build_tok_is(s, i + 1, "p.m."))
        return 1;
    if (strlen(w) == 4 && w[0] >= '1' && w[0] <= '2' && !strchr(w, ',') &&
        !strchr(w, '.') && !strchr(w, '%'))
        return 1;
    if (i > 0 && s->t[i - 1].cap && strlen(w) <= 4)
        return 1; /* "Local 412", "Ward 7" */
    return 0;
}

int
build_numbers_of(const struct sent *s, json_t *fact)
{
    json_t *arr = json_array();
    size_t i;
    int rc;

    if (!arr)
        return BOT_ENOMEM;
    for (i = 0; i < s->n && json_array_size(arr) < BOT_FACT_NUMBERS; i++) {
        if (!s->t[i].word || is_date_figure(s, i))
            continue;
        if (build_tok_is(s, i, "one") && !build_tok_is(s, i + 1, "of"))
            continue; /* "one" is mostly not a count */
        rc = add_number(arr, s, i, 0);
        if (rc < 0) {
            json_decref(arr);
            return rc;
        }
        i += rc > 0 ? (size_t)rc - 1 : 0;
    }
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return 0;
    }
    return json_object_set_new(fact, "numbers", arr) < 0 ? BOT_ENOMEM : 0;
}

/* The reason a sentence gives: the clause after "because", "since",
 * "in order to", "due to", "as" after a comma, "after", or ", citing",
 * ", pointing to", ", blaming". */
int
build_why_of(const struct sent *s, json_t *fact)
{
    static const char *const cues[] = {
        "because", "since", "due",    "after",    "as",      "amid", "so",
        "for",     "order", "citing", "pointing", "blaming", NULL};
    size_t i, a, z;
    char why[400];

    for (i = 1; i < s->n; i++) {
        if (!build_tok_in(s, i, cues))
            continue;
        a = i + 1;
        if (build_tok_is(s, i, "due") || build_tok_is(s, i, "because")) {
            if (build_tok_is(s, i + 1, "to") || build_tok_is(s, i + 1, "of"))
                a++;
            else if (build_tok_is(s, i, "due"))
                continue;
            if (build_tok_is(s, i, "due") && (build_tok_is(s, i - 1, "is") ||
                                              build_tok_is(s, i - 1, "are") ||
                                              build_tok_is(s, i - 1, "was") ||
                                              build_tok_is(s, i - 1, "were") ||
                                              build_tok_is(s, i - 1, "be")))
                continue; /* "is due to end": a schedule */
        } else if (build_tok_is(s, i, "order")) {
            /* "in order to prevent their wash eroding the banks" */
            if (!build_tok_is(s, i - 1, "in") || !build_tok_is(s, i + 1, "to"))
                continue;
            a++;
        } else if (build_tok_is(s, i, "so")) {
            if (!build_tok_is(s, i + 1, "that"))
                continue;
            a++;
        } else if (build_tok_is(s, i, "citing") ||
                   build_tok_is(s, i, "pointing") ||
                   build_tok_is(s, i, "blaming")) {
            /* ", pointing to 612 rejected ballots": the ground given */
            if (!build_tok_is(s, i - 1, ","))
                continue;
            if (build_tok_is(s, i, "pointing")) {
                if (!build_tok_is(s, i + 1, "to"))
                    continue;
                a++;
            }
        } else if (build_tok_is(s, i, "as") || build_tok_is(s, i, "since")) {
            /* ", as it ...", ", since ...": a reason; "the most since
             * records began", "as normal": a time or a manner */
            if (!build_tok_is(s, i - 1, ","))
                continue;
        } else if (build_tok_is(s, i, "for")) {
            /* "sent off for denying a chance", "criticised for taking
             * too long": for and a deed */
            char w[BOT_WORD_MAX];
            size_t n;
            if (i + 1 >= s->n || !s->t[i + 1].word)
                continue;
            build_tok_lower(s, i + 1, w, sizeof(w));
            n = strlen(w);
            if (n < 5 || strcmp(w + n - 3, "ing") != 0)
                continue;
        } else if (build_tok_is(s, i, "after") &&
                   (i + 1 >= s->n ||
                    isdigit((unsigned char)s->text[s->t[i + 1].off]) ||
                    build_tok_in(s, i + 1, build_months_days) ||
                    build_tok_is(s, i + 1, "about") ||
                    build_tok_is(s, i + 1, "nearly") ||
                    build_tok_is(s, i + 1, "more") ||
                    build_tok_is(s, i + 1, "years") ||
                    build_tok_is(s, i + 1, "hours") ||
                    build_tok_is(s, i + 1, "which") ||
                    build_tok_is(s, i + 1, "that"))) {
            /* "after 11 hours", "after March": a time; "after which the
             * council will ...": what follows, no reason */
            continue;
        }
        /* 'so that "every option is on the table"': a quoted reason
         * runs to its closing quote */
        if (a < s->n &&
            (build_tok_is(s, a, "\"") || build_tok_is(s, a, "\xe2\x80\x9c")))
            a++;
        for (z = a; z < s->n; z++) {
            if (build_tok_is(s, z, ",") || build_tok_is(s, z, ";") ||
                build_tok_is(s, z, ".") || build_tok_is(s, z, "\"") ||
                build_tok_is(s, z, "\xe2\x80\x9d"))
                break;
        }
        if (z - a < 2)
            continue;
        snprintf(why, sizeof(why), "%.*s",
                 (int)(s->t[z - 1].off + s->t[z - 1].len - s->t[a].off),
                 s->text + s->t[a].off);
        return json_object_set_new(fact, "why", json_string(why)) < 0
                   ? BOT_ENOMEM
                   : 0;
    }
    return 0;
}

/* True if an organisation's name is also a building's: "Leeds Crown
 * Court", "City Hall", "St Mary's Hospital". */
static int
names_building(const char *name)
{
    static const char *const words[] = {
        "Court",   "Hall",    "Hospital", "University", "School",
        "Centre",  "Center",  "Prison",   "Library",    "Museum",
        "Church",  "Station", "Stadium",  "Arena",      "Airport",
        "College", "Theatre", "Theater",  NULL};
    size_t k;

    for (k = 0; words[k]; k++) {
        if (build_find_word(name, words[k], 0))
            return 1;
    }
    return 0;
}

/* Where the sentence happens: a place named after "in", "at", "outside",
 * "near", "across" or "on". */
int
build_where_of(const struct builder *b, int si, const struct sent *s,
               json_t *fact)
{
    static const char *const preps[] = {
        "in", "at", "outside", "near", "across", "on", "inside", "from", NULL};
    int k;

    for (k = 0; k < b->nmentions[si]; k++) {
        const struct mention *m = &b->mentions[si][k];
        const struct ent *e = &b->ents[m->entity];
        size_t t = (size_t)m->tok;
        char where[NAME_MAX_LEN + 16];
        if (e->type == E_PERSON || t == 0)
            continue;
        if (build_tok_is(s, t - 1, "the") && t >= 2)
            t--;
        if (!build_tok_in(s, t - 1, preps))
            continue;
        /* "at Leeds Crown Court": a body's building is a place too */
        if (e->type != E_PLACE && !((build_tok_is(s, t - 1, "at") ||
                                     build_tok_is(s, t - 1, "outside") ||
                                     build_tok_is(s, t - 1, "inside")) &&
                                    names_building(e->name)))
            continue;
        snprintf(where, sizeof(where), "%s %s",
                 build_tok_is(s, t - 1, "from") ? "from" : "in", e->name);
        if (build_tok_is(s, t - 1, "at") || build_tok_is(s, t - 1, "outside") ||
            build_tok_is(s, t - 1, "near") || build_tok_is(s, t - 1, "on"))
            snprintf(where, sizeof(where), "%.*s %s", (int)s->t[t - 1].len,
                     s->text + s->t[t - 1].off, e->name);
        return json_object_set_new(fact, "where", json_string(where)) < 0
                   ? BOT_ENOMEM
                   : 0;
    }
    return 0;
}

/* ---- dates ---------------------------------------------------------- */
