/* What the article says of a person beyond the facts: who holds a
 * leading role ("who runs WRT?", "who's the CEO of Brennard?": the person
 * whose description gives such a role in the organisation asked about;
 * the matcher would pick a fact that names the organisation instead), and
 * a person's age ("Martin Oakenfold, 54,", "a 44-year-old former nurse",
 * "dies at 87"). Pure: reads the knowledge and the question only. */
#include "bot/answer/roles.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bot/knowledge/text.h"

/* Words of a question that ask who leads. */
static const char *const asks[] = {
    "run",      "runs",  "running",    "lead",      "leads",  "head",
    "heads",    "boss",  "ceo",        "chief",     "leader", "director",
    "chairman", "chair", "chairwoman", "president", "charge", NULL};

/* Roles that lead an organisation, as descriptions give them. */
static const char *const leading[] = {
    "chief executive", "ceo",      "director",        "head",
    "chair",           "chairman", "chairwoman",      "president",
    "leader",          "boss",     "general manager", "managing director",
    "chief",           NULL};

/* Roles that do not lead it now. */
static const char *const lesser[] = {"former", "deputy", "vice", "assistant",
                                     "acting", "late",   "ex",   NULL};

static int
has_any(const char *text, const char *const *list)
{
    size_t i;

    for (i = 0; list[i]; i++) {
        if (bot_text_has_words(text, list[i]))
            return 1;
    }
    return 0;
}

static int
is_org(const struct bot_entity *e)
{
    return !e->person && !e->place;
}

/* The organisation the article names most. */
static int
main_org(const struct bot_kb *kb)
{
    int best = -1;
    size_t k;

    for (k = 0; k < kb->nentities; k++) {
        if (is_org(&kb->entities[k]) &&
            (best < 0 || kb->entities[k].nfacts > kb->entities[best].nfacts))
            best = (int)k;
    }
    return best;
}

/* True if @q says what is led with a word of its own ("who is running
 * the investigation?"): something other than the organisation, which a
 * fact tells ("..., who is leading the investigation"). */
static int
names_other_thing(const struct bot_query *q)
{
    static const char *const generic[] = {
        "company", "organisation", "organization", "firm",
        "group",   "place",        "show",         NULL};
    size_t i;

    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        if (t->kind == BOT_TERM_WORD && t->nconcepts > 0 &&
            !bot_text_in_list(t->word, asks) &&
            !bot_text_in_list(t->word, generic))
            return 1;
    }
    return 0;
}

/* The organisation the question asks about: the first entity it names,
 * or the article's own when it names none and nothing else; -1 if that
 * entity is a person or a place ("who runs Afghanistan?" is the
 * matcher's). */
static int
asked_org(const struct bot_kb *kb, const struct bot_query *q, int own)
{
    if (q->nentities == 0)
        return names_other_thing(q) ? -1 : own;
    return is_org(&kb->entities[q->entities[0]]) ? q->entities[0] : -1;
}

/* The role part of a description: "WRT chief executive" of "Gareth
 * Pryce: WRT chief executive. WRT chief executive Gareth Pryce said". */
static void
role_of(const struct bot_entity *e, char *out, size_t cap)
{
    const char *d = e->desc ? e->desc : "", *colon = strchr(d, ':');

    if (colon)
        d = colon + 1;
    while (*d == ' ')
        d++;
    snprintf(out, cap, "%.*s", (int)strcspn(d, ".;"), d);
}

/* True if @role is a short title, not a sentence ("Vladimir Putin is
 * Russia's president, who said ..."). */
static int
is_title(const char *role)
{
    const char *p;
    int words = 0;

    if (bot_text_has_words(role, "is") || bot_text_has_words(role, "was"))
        return 0;
    for (p = role; *p; p++)
        words += *p != ' ' && (p[1] == ' ' || p[1] == '\0');
    return words > 0 && words <= 8;
}

/* True if @role holds the initials of @name as a word: "WRT" of
 * "Westmere Regional Transit". */
static int
names_initials(const char *name, const char *role)
{
    char initials[16];
    const char *p;
    size_t n = 0;

    for (p = name; *p && n + 1 < sizeof(initials); p++) {
        if ((p == name || p[-1] == ' ') && isupper((unsigned char)*p))
            initials[n++] = *p;
    }
    initials[n] = '\0';
    return n >= 2 && bot_text_has_words(role, initials);
}

/* How well a role fits organisation @org: 2 if it names it ("WRT chief
 * executive", "the institute's director"), 1 if it names no other
 * ("chief executive") and @org is the one the article is about, else 0. */
static int
org_fit(const struct bot_kb *kb, int org, int own, const char *role)
{
    const struct bot_entity *o = &kb->entities[org];
    char word[64];
    const char *p = o->name;
    int other = 0;
    size_t n;

    while (*p) { /* any word of its name: "Institute", "WRT" */
        for (n = 0; p[n] && p[n] != ' ' && n + 1 < sizeof(word); n++)
            word[n] = p[n];
        word[n] = '\0';
        if (n >= 3 && !bot_text_is_stopword(word) &&
            bot_text_has_words(role, word))
            return 2;
        p += n;
        while (*p == ' ')
            p++;
    }
    if (names_initials(o->name, role))
        return 2;           /* "WRT chief executive" */
    for (p = role; *p; p++) /* "the NPSB's director": another's */
        other |= (p == role || p[-1] == ' ') && isupper((unsigned char)*p);
    return !other && org == own ? 1 : 0;
}

/* How many content words @role has, all of them words of @q: the
 * question gives the title whole ("who is the mission director?" of "the
 * mission director"), whatever it names beside it; 0 if one is missing. */
static int
title_asked(const struct bot_query *q, const char *role)
{
    const char *p = role;
    int words = 0;

    while (*p) {
        char w[BOT_WORD_MAX];
        size_t n = 0, k;
        int found = 0;
        while (*p && !isalnum((unsigned char)*p))
            p++;
        while (isalnum((unsigned char)p[n]) || p[n] == '-')
            n++;
        if (n == 0)
            break;
        for (k = 0; k < n && k + 1 < sizeof(w); k++)
            w[k] = (char)tolower((unsigned char)p[k]);
        w[k] = '\0';
        p += n;
        if (bot_text_is_stopword(w))
            continue;
        for (k = 0; k < q->words.n && !found; k++)
            found = !strcmp(q->words.w[k].text, w);
        if (!found)
            return 0;
        words++;
    }
    return words;
}

/* The one person whose title the question gives whole and does not
 * name ("who is the mission director for Halcyon?"), or -1 (none, or
 * more than one). */
static int
titled(const struct bot_kb *kb, const struct bot_query *q)
{
    int found = -1, i;
    size_t k;

    for (k = 0; k < kb->nentities; k++) {
        const struct bot_entity *e = &kb->entities[k];
        char role[200];
        int named = 0;
        if (!e->person || !e->desc)
            continue;
        for (i = 0; i < q->nentities; i++)
            named |= q->entities[i] == (int)k;
        role_of(e, role, sizeof(role));
        /* a title of one word ("Judge") when the question names nothing
         * else it could be of: "who's the judge in this case?" */
        if (named || !is_title(role) ||
            title_asked(q, role) < (q->nentities ? 2 : 1))
            continue;
        if (found >= 0)
            return -1;
        found = (int)k;
    }
    return found;
}

int
bot_roles_leader(const struct bot_kb *kb, const struct bot_query *q)
{
    int org, own, best = -1, best_fit = 0, i;
    size_t k;

    if (q->kind != BOT_KIND_WHO)
        return -1;
    if ((best = titled(kb, q)) >= 0)
        return best;
    for (k = 0; k < q->words.n && !bot_text_in_list(q->words.w[k].text, asks);
         k++)
        ;
    if (k == q->words.n)
        return -1;
    own = main_org(kb);
    org = asked_org(kb, q, own);
    if (org < 0)
        return -1;
    for (k = 0; k < kb->nentities; k++) {
        const struct bot_entity *e = &kb->entities[k];
        char role[200];
        int fit, named = 0;
        if (!e->person || !e->desc)
            continue;
        for (i = 0; i < q->nentities; i++)
            named |= q->entities[i] == (int)k;
        role_of(e, role, sizeof(role));
        if (named || !is_title(role) || !has_any(role, leading) ||
            has_any(role, lesser))
            continue;
        fit = title_asked(q, role) >= 2 ? 3
              : org < 0                 ? 0
              : e->part_of == org       ? 2
                                        : org_fit(kb, org, own, role);
        if (fit > best_fit || (fit == best_fit && fit > 0 &&
                               e->nfacts > kb->entities[best].nfacts)) {
            best = (int)k;
            best_fit = fit;
        }
    }
    return best;
}

/* The age written at @p, two digits then not a digit, or 0. */
static int
age_at(const char *p)
{
    int v;

    if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
        isdigit((unsigned char)p[2]))
        return 0;
    v = (p[0] - '0') * 10 + (p[1] - '0');
    return v >= 10 ? v : 0;
}

/* An age in @text told of the person at @name (its last word, the
 * surname): "Oakenfold, 54,", "Varga, a 44-year-old", "aged 61",
 * "dies at 87" (a headline's, of the central person only). */
static int
age_in(const char *text, const char *surname, int central)
{
    size_t n = strlen(surname);
    const char *p, *q;
    int v;

    for (p = text; (p = strstr(p, surname)) != NULL; p += n) {
        if (p > text && isalpha((unsigned char)p[-1]))
            continue;
        q = p + n;
        if (q[0] == ',' && q[1] == ' ' && (v = age_at(q + 2)) && q[4] == ',')
            return v; /* "Oakenfold, 54, from Harrogate" */
        if (q[0] == ',' && q[1] == ' ' &&
            (!strncmp(q + 2, "a ", 2) || !strncmp(q + 2, "an ", 3))) {
            const char *a = q + (q[3] == ' ' ? 4 : 5);
            if ((v = age_at(a)) && !strncmp(a + 2, "-year-old", 9))
                return v; /* "Varga, a 44-year-old former nurse" */
        }
    }
    if (!central)
        return 0;
    for (p = text; (p = strstr(p, "aged ")) != NULL; p++) {
        if ((v = age_at(p + 5)))
            return v;
    }
    for (p = text; (p = strstr(p, "at ")) != NULL; p++) {
        if ((p == text || p[-1] == ' ') && (v = age_at(p + 3)) &&
            (p[5] == '\0' || p[5] == '.' || p[5] == ',') &&
            (strstr(text, "dies") || strstr(text, "died")))
            return v; /* "dies at 87" */
    }
    return 0;
}

int
bot_roles_age(const struct bot_kb *kb, int e, int central, int *sentence)
{
    const struct bot_entity *ent = &kb->entities[e];
    const char *surname = strrchr(ent->name, ' ');
    size_t i;
    int v;

    surname = surname ? surname + 1 : ent->name;
    for (i = 0; i < kb->nsentences; i++) {
        const char *text = kb->sentences[i].text;
        v = age_in(text, surname,
                   central && (i == 0 || strstr(text, surname) != NULL));
        if (v > 0) {
            *sentence = (int)i + 1;
            return v;
        }
    }
    return 0;
}
