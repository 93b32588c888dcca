/* The builder's entities: runs of capitalised words become people,
 * organisations and places, with their roles, acronyms, surnames and
 * "the <kind>" short forms, and each sentence's mentions of them. */
#include "bot/knowledge/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bot/knowledge/text.h"

#include "build_int.h"

/* Titles that stand before a name and say what the person is. */
static const char *const titles[] = {
    "Chancellor", "Chief",          "Coach",    "Councillor",   "Councilor",
    "Dr",         "Governor",       "Judge",    "King",         "Lord",
    "Mayor",      "Minister",       "Mr",       "Mrs",          "Ms",
    "President",  "Prince",         "Prof",     "Professor",    "Queen",
    "Senator",    "Sheriff",        "Sir",      "Dame",         "Rep",
    "Captain",    "General",        "Premier",  "Commissioner", "Inspector",
    "Detective",  "Superintendent", "Bishop",   "Pope",         "Sen",
    "Prosecutor", "Justice",        "Attorney", "Officer",      "Constable",
    NULL};

/* Words that make a name an organisation. */
static const char *const org_words[] = {"Agency",
                                        "Association",
                                        "Authority",
                                        "Bank",
                                        "Board",
                                        "Chamber",
                                        "Club",
                                        "College",
                                        "Commission",
                                        "Committee",
                                        "Company",
                                        "Corp",
                                        "Corporation",
                                        "Council",
                                        "Court",
                                        "Department",
                                        "Federation",
                                        "Foundation",
                                        "Group",
                                        "Inc",
                                        "Institute",
                                        "League",
                                        "Ltd",
                                        "Ministry",
                                        "Office",
                                        "Organization",
                                        "Organisation",
                                        "Party",
                                        "Police",
                                        "Radio",
                                        "School",
                                        "Service",
                                        "Services",
                                        "Team",
                                        "Transit",
                                        "Union",
                                        "University",
                                        "Workers",
                                        "News",
                                        "Agency",
                                        "Network",
                                        "Holdings",
                                        "Lines",
                                        "Airlines",
                                        "Shipping",
                                        "Parliament",
                                        "Senate",
                                        "Congress",
                                        "Assembly",
                                        "Government",
                                        "Hospital",
                                        "Clinic",
                                        "Laboratory",
                                        "Labs",
                                        "Pharma",
                                        "Pharmaceuticals",
                                        "Therapeutics",
                                        "Trust",
                                        "Fund",
                                        "Capital",
                                        "Partners",
                                        "Society",
                                        "Centre",
                                        "Center",
                                        "Programme",
                                        "Program",
                                        "Forces",
                                        "Army",
                                        "State",
                                        "Tribunal",
                                        "Regulator",
                                        "Exchange",
                                        "Cabinet",
                                        "Media",
                                        "Press",
                                        "Guild",
                                        "Unit",
                                        "Consulting",
                                        "Surveys",
                                        "Squad",
                                        NULL};

/* Words that make a name a place. */
static const char *const place_words[] = {
    "Street",    "Road",     "Avenue",   "Square",   "Hall",     "Station",
    "Park",      "Bridge",   "River",    "Airport",  "Stadium",  "Arena",
    "Harbour",   "Harbor",   "Port",     "Lake",     "Mountain", "Valley",
    "Island",    "County",   "Province", "District", "Bay",      "Beach",
    "Boulevard", "Lane",     "Plaza",    "Quay",     "Terminal", "Pier",
    "Circuit",   "Sea",      "Ocean",    "Coast",    "Region",   "Way",
    "Drive",     "Crescent", "Marsh",    "Moor",     "Heath",    "Forest",
    NULL};

/* Words that make a name a place when it opens with them. */
static const char *const place_first[] = {"River", "Lake", "Mount", "Loch",
                                          "Cape",  "Fort", "Isle",  "Port",
                                          "Saint", "San",  "Santa", NULL};

/* "the village of ...": what a place is called after. */
static const char *const settlements[] = {"village",  "town",   "city",
                                          "hamlet",   "island", "county",
                                          "province", "region", NULL};

/* Lower-case words joining the parts of one name. */
static const char *const name_joins[] = {"of", "de",  "van", "von", "der",
                                         "du", "la",  "le",  "del", "da",
                                         "al", "bin", "for", "and", NULL};

static int
ent_matches(const struct ent *e, const char *name)
{
    int k;

    if (strcasecmp(e->name, name) == 0)
        return 1;
    for (k = 0; k < e->naliases; k++) {
        if (strcasecmp(e->aliases[k], name) == 0)
            return 1;
    }
    return 0;
}

static int
find_entity(const struct builder *b, const char *name)
{
    size_t i;

    for (i = 0; i < b->nents; i++) {
        if (ent_matches(&b->ents[i], name))
            return (int)i;
    }
    return -1;
}

static void
add_alias(struct ent *e, const char *alias)
{
    int k;

    if (!*alias || strcasecmp(e->name, alias) == 0)
        return;
    for (k = 0; k < e->naliases; k++) {
        if (strcasecmp(e->aliases[k], alias) == 0)
            return;
    }
    if (e->naliases < MAX_ALIASES)
        snprintf(e->aliases[e->naliases++], NAME_MAX_LEN, "%s", alias);
}

static void
make_id(struct builder *b, struct ent *e)
{
    size_t i, o = 0;
    int n = 2;
    char base[40];

    char *folded = bot_text_fold_plain(e->name, strlen(e->name));
    const char *src = folded ? folded : e->name;

    for (i = 0; src[i] && o < sizeof(base) - 1; i++) {
        unsigned char c = (unsigned char)src[i];
        if (isalnum(c))
            base[o++] = (char)tolower(c);
        else if (o && base[o - 1] != '-' && (c == ' ' || c == '-'))
            base[o++] = '-';
    }
    free(folded);
    while (o && base[o - 1] == '-')
        o--;
    base[o] = '\0';
    snprintf(e->id, sizeof(e->id), "%s", o ? base : "entity");
    for (i = 0; i < b->nents; i++) {
        if (&b->ents[i] != e && strcmp(b->ents[i].id, e->id) == 0) {
            snprintf(e->id, sizeof(e->id), "%.36s-%d", o ? base : "entity",
                     n++);
            i = (size_t)-1;
        }
    }
}

/* True if the span's last word says it is a place ("Harbour Street"). */
static int
has_word(const struct sent *s, size_t a, size_t z, const char *const *list)
{
    size_t i;

    for (i = a; i < z; i++) {
        if (build_tok_in(s, i, list))
            return 1;
    }
    return 0;
}

/* True if what follows a name says it is a person's: "said", "told",
 * ", who", or an age (", 54,"). */
static int
person_cue(const struct sent *s, size_t z)
{
    size_t k;

    for (k = z; k < z + 3 && k < s->n; k++) {
        if (build_tok_in(s, k, build_say_verbs))
            return 1;
    }
    return build_tok_is(s, z, ",") &&
           (build_tok_is(s, z + 1, "who") ||
            (z + 1 < s->n && isdigit((unsigned char)s->text[s->t[z + 1].off]) &&
             s->t[z + 1].len <= 3));
}

/* A word of the language that is not only ever a name ("age", "old";
 * not "Venn"). */
static int
common(const struct builder *b, const char *w)
{
    return bot_english_is_word(b->kb->english, w) && !bot_english_is_name(w);
}

static int role_apposed(const struct sent *s, size_t a, size_t *from);

static enum etype
classify(struct builder *b, const struct sent *s, size_t a, size_t z,
         int titled, int has_role)
{
    size_t i, caps = 0, from;
    int acronym = 1;
    char last[BOT_WORD_MAX], first[BOT_WORD_MAX];

    if (has_word(s, a, z, org_words))
        return E_ORG;
    /* "Dr Helena Marsh", "Judge Rees Bridge": a title makes a person even
     * when the surname is a place word */
    if (titled && z - a >= 2)
        return E_PERSON;
    /* "Grenholt's mayor, Anneliese Moor, said": the role that opens the
     * sentence makes a person even of a surname that is a place word */
    if (z - a >= 2 && z - a <= 3 && role_apposed(s, a, &from) == 0 &&
        !build_tok_in(s, a, place_first))
        return E_PERSON;
    if (build_tok_in(s, z - 1, place_words) || build_tok_in(s, a, place_first))
        return E_PLACE;
    /* "the drowned village of Old Tarrow" */
    if (a >= 2 && build_tok_is(s, a - 1, "of") &&
        build_tok_in(s, a - 2, settlements))
        return E_PLACE;
    for (i = a; i < z; i++) {
        size_t k;
        caps += s->t[i].cap;
        for (k = 0; k < s->t[i].len; k++) {
            unsigned char c = (unsigned char)s->text[s->t[i].off + k];
            if (islower(c))
                acronym = 0;
        }
    }
    if (acronym)
        return E_ORG;
    if (titled)
        return E_PERSON;
    /* "protests in Port Aldric": a name after "in" that nothing marks
     * as a person's is a place */
    if (a > 0 && !has_role && !person_cue(s, z) &&
        (build_tok_is(s, a - 1, "in") || build_tok_is(s, a - 1, "across") ||
         build_tok_is(s, a - 1, "near") || build_tok_is(s, a - 1, "outside")))
        return E_PLACE;
    if (caps >= 2 && caps <= 4 && caps == z - a) {
        /* "Martin Oakenfold" but not "Pennine Valley Water": a surname is
         * seldom a common word, unless the text treats it as a name */
        build_tok_lower(s, z - 1, last, sizeof(last));
        build_tok_lower(s, a, first, sizeof(first));
        /* "the late Bronze Age": two common words make no person's name,
         * whatever precedes them, unless the text has them speak */
        if (common(b, first) && common(b, last) && !person_cue(s, z))
            return E_NAME;
        if (has_role || person_cue(s, z) || !common(b, last))
            return E_PERSON;
        return E_ORG;
    }
    if (a > 0 &&
        (build_tok_is(s, a - 1, "in") || build_tok_is(s, a - 1, "across") ||
         build_tok_is(s, a - 1, "near") || build_tok_is(s, a - 1, "from") ||
         build_tok_is(s, a - 1, "outside")))
        return E_PLACE;
    return E_NAME;
}

/* True if token @i is a form of address: "Dr", "Mrs", "Sir". */
static int
honorific(const struct sent *s, size_t i)
{
    static const char *const forms[] = {"dr", "mr",  "mrs",  "ms", "miss",
                                        "mx", "sir", "dame", NULL};
    char w[BOT_WORD_MAX];

    build_tok_lower(s, i, w, sizeof(w));
    return bot_text_in_list(w, forms);
}

/* "PVW's chief executive, Ruth Abernethy, said": a role that opens the
 * sentence, set off by a comma before the name. Sets *@from to its first
 * token; returns 0, or -1 if there is none. */
static int
role_apposed(const struct sent *s, size_t a, size_t *from)
{
    size_t i;
    int lower = 0;

    if (a < 2 || !build_tok_is(s, a - 1, ","))
        return -1;
    for (i = a - 1; i > 0 && a - 1 - i < 6; i--) {
        const struct tok *t = &s->t[i - 1];
        const char *c = s->text + t->off;
        if (!t->word && *c != '\'' && strncmp(c, "\xe2\x80\x99", 3) != 0)
            return -1;
        lower |= t->word && islower((unsigned char)*c);
    }
    if (i != 0 || !lower)
        return -1;
    *from = 0;
    return 0;
}

/* The words before a person's name that say what they are: "union
 * president", "WRT chief executive", "provincial mediator". */
static void
role_before(const struct sent *s, size_t a, char *out, size_t cap)
{
    size_t i = a, from, last = a - 1;

    while (i > 0 && a - i < 4) {
        char w[BOT_WORD_MAX];
        if (!s->t[i - 1].word)
            break;
        build_tok_lower(s, i - 1, w, sizeof(w));
        if (bot_text_is_stopword(w) || strcmp(w, "said") == 0 ||
            strcmp(w, "told") == 0 || strcmp(w, "says") == 0 ||
            strcmp(w, "according") == 0 || isdigit((unsigned char)w[0]))
            break;
        i--;
    }
    if (i == a) {
        if (role_apposed(s, a, &i) < 0) {
            out[0] = '\0';
            return;
        }
        last = a - 2; /* before the comma */
    }
    from = s->t[i].off;
    snprintf(out, cap, "%.*s", (int)(s->t[last].off + s->t[last].len - from),
             s->text + from);
}

/* ", who runs a cafe near Central Station," or ", the agency's head,". */
static void
role_after(const struct sent *s, size_t z, char *out, size_t cap)
{
    size_t i, end;

    out[0] = '\0';
    if (!build_tok_is(s, z, ",") ||
        !(build_tok_is(s, z + 1, "who") || build_tok_is(s, z + 1, "the") ||
          build_tok_is(s, z + 1, "a") || build_tok_is(s, z + 1, "an")))
        return;
    for (i = z + 2; i < s->n; i++) {
        const char *c = s->text + s->t[i].off;
        /* "the service's senior archaeologist": a possessive goes on */
        if (!s->t[i].word && (*c == '\'' || !strncmp(c, "\xe2\x80\x99", 3)))
            continue;
        if (build_tok_is(s, i, ",") || build_tok_is(s, i, ".") ||
            build_tok_is(s, i, ";") || !s->t[i].word)
            break;
    }
    if (i == z + 2)
        return;
    end = s->t[i - 1].off + s->t[i - 1].len;
    snprintf(out, cap, "%.*s", (int)(end - s->t[z + 1].off),
             s->text + s->t[z + 1].off);
}

static int
push_entity(struct builder *b, struct ent **out)
{
    if (b->nents == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        struct ent *e = realloc(b->ents, cap * sizeof(*e));
        if (!e)
            return BOT_ENOMEM;
        b->ents = e;
        b->cap = cap;
    }
    *out = &b->ents[b->nents++];
    memset(*out, 0, sizeof(**out));
    return 0;
}

static void
note_mention(struct builder *b, int sentence, int entity, int tok)
{
    int k, n = b->nmentions[sentence];

    for (k = 0; k < n; k++) {
        if (b->mentions[sentence][k].entity == entity)
            return;
    }
    if (n < 16) {
        b->mentions[sentence][n].entity = entity;
        b->mentions[sentence][n].tok = tok;
        b->nmentions[sentence]++;
    }
    b->ents[entity].mentions++;
    b->ents[entity].last = sentence;
}

/* True if @w is English, or made of English words joined by hyphens
 * ("tip-off", "follow-up"). */
static int
common_word(struct builder *b, char *w)
{
    char *dash = strchr(w, '-');
    int ok;

    if (bot_english_is_word(b->kb->english, w) || !dash || dash == w)
        return bot_english_is_word(b->kb->english, w);
    *dash = '\0';
    ok = bot_english_is_word(b->kb->english, w) && dash[1] &&
         common_word(b, dash + 1);
    *dash = '-';
    return ok;
}

/* True if a capitalised word at a sentence's start is a name: one the
 * article also capitalises mid-sentence, or no common English word. */
static int
initial_is_name(struct builder *b, const struct sent *s, size_t i)
{
    char w[BOT_WORD_MAX];
    size_t k;

    build_tok_lower(s, i, w, sizeof(w));
    if (bot_text_is_stopword(w))
        return 0;
    for (k = 0; k < b->nents; k++) {
        if (strncasecmp(b->ents[k].name, s->text + s->t[i].off, s->t[i].len) ==
            0)
            return 1;
    }
    /* "Deckhand Tom Reyes", "Prosecutor Anjali Desai": a common word
     * before two capitalised words whose last is no common word (a
     * surname) is a role; "United Transit Workers" stays a name */
    if (i + 2 < s->n && s->t[i + 1].cap && s->t[i + 2].cap &&
        s->t[i + 1].word && s->t[i + 2].word &&
        (i + 3 >= s->n || !s->t[i + 3].cap) && common_word(b, w)) {
        char last[BOT_WORD_MAX];
        build_tok_lower(s, i + 2, last, sizeof(last));
        if (!common_word(b, last) || bot_english_is_name(last))
            return 0;
    }
    /* "United Transit Workers": a run of capitals is a name */
    if (i + 1 < s->n && s->t[i + 1].cap &&
        !build_tok_in(s, i + 1, build_months_days))
        return 1;
    return !common_word(b, w) || bot_english_is_name(w);
}

/* True if token @i is the possessive "'s" (or "’s"), or the plural's
 * bare apostrophe right after a word in -s ("Students' Union"). */
static int
possessive(const struct sent *s, size_t i)
{
    const struct tok *t = &s->t[i];
    const struct tok *w = i > 0 ? &s->t[i - 1] : NULL;

    if (i >= s->n || t->word)
        return 0;
    if ((t->len == 1 && s->text[t->off] == '\'') ||
        (t->len == 3 && strncmp(s->text + t->off, "\xe2\x80\x99", 3) == 0))
        return w && w->word && w->off + w->len == t->off &&
               s->text[w->off + w->len - 1] == 's';
    return t->len >= 2 && s->text[t->off + t->len - 1] == 's' &&
           (s->text[t->off] == '\'' || t->len == 4);
}

/* Where the name goes on to past the "'s" at @z, if the acronym in
 * parentheses after it spells the initials of all of it: "People's
 * Conservative Union (PCU)" is one name; "Marsk's Social Democratic
 * Alliance (SDA)" is two. Return: the new end, or 0. */
static size_t
acronym_spans(const struct sent *s, size_t a, size_t z)
{
    size_t end = z + 1, k, n = 0;
    char initials[16];

    while (end < s->n && s->t[end].cap)
        end++;
    if (end == z + 1 || !build_tok_is(s, end, "(") || end + 2 >= s->n ||
        !build_tok_is(s, end + 2, ")"))
        return 0;
    for (k = a; k < end && n < sizeof(initials) - 1; k++) {
        if (s->t[k].cap)
            initials[n++] = s->text[s->t[k].off];
    }
    initials[n] = '\0';
    return s->t[end + 1].len == n &&
                   strncmp(s->text + s->t[end + 1].off, initials, n) == 0
               ? end
               : 0;
}

/* Where the name proper starts after its titles: "Prime Minister Helena
 * Marsk" is Helena Marsk, "Judge Helen Marchbank" Helen Marchbank. A
 * title is left in when what follows is one common word ("General
 * Motors"). Return: the index of the name's first word. */
static size_t
title_end(struct builder *b, const struct sent *s, size_t a, size_t z)
{
    size_t k, last = a;
    int any = 0;
    char w[BOT_WORD_MAX];

    for (k = a; k + 1 < z; k++) {
        if (build_tok_in(s, k, titles)) {
            last = k + 1;
            any = 1;
        }
    }
    if (!any)
        return a;
    if (z - last == 1) {
        build_tok_lower(s, last, w, sizeof(w));
        if (bot_english_is_word(b->kb->english, w) && !s->t[last].first &&
            k == a + 1)
            return a;
    }
    return last;
}

/* Finds the capitalised names of sentence @si and records them. */
int
build_scan_names(struct builder *b, int si, const struct sent *s)
{
    size_t i = 0;

    while (i < s->n) {
        size_t a = i, z, name_a;
        char name[NAME_MAX_LEN], role[200] = "", after[200] = "";
        int e, titled = 0;
        struct ent *ent;

        if (!s->t[i].cap || build_tok_in(s, i, build_months_days) ||
            (s->t[i].first && !initial_is_name(b, s, i))) {
            i++;
            continue;
        }
        z = i + 1;
        while (z < s->n) {
            if (s->t[z].cap && !build_tok_in(s, z, build_months_days)) {
                z++;
            } else if (s->t[z].word &&
                       isdigit((unsigned char)s->text[s->t[z].off]) &&
                       s->t[z].len <= 4 &&
                       !strchr("$%", s->text[s->t[z].off + s->t[z].len - 1])) {
                z++; /* "Local 412", "Ward 7" */
                break;
            } else if (build_tok_in(s, z, name_joins) && z + 1 < s->n &&
                       s->t[z + 1].cap && !build_tok_is(s, z, "and") &&
                       !build_tok_is(s, z, "for")) {
                z += 2;
            } else if (possessive(s, z) && !s->t[z].word &&
                       (s->t[z].len == 1 || s->t[z].len == 3) && z + 1 < s->n &&
                       s->t[z + 1].cap &&
                       !build_tok_in(s, z + 1, build_months_days)) {
                z += 2; /* "Tresk Valley Farmers' Group": a plural's
                           apostrophe inside one name */
            } else if (possessive(s, z) && acronym_spans(s, a, z)) {
                z = acronym_spans(s, a, z); /* "People's Conservative
                                               Union (PCU)" */
            } else {
                break;
            }
        }
        i = z;
        name_a = title_end(b, s, a, z);
        titled = name_a > a;
        if (build_tok_is(s, name_a, "The"))
            name_a++;
        if (name_a >= z)
            continue;
        snprintf(name, sizeof(name), "%.*s",
                 (int)(s->t[z - 1].off + s->t[z - 1].len - s->t[name_a].off),
                 s->text + s->t[name_a].off);
        e = find_entity(b, name);
        if (e < 0 && z - name_a == 1) {
            /* a surname alone, or an acronym in use before its expansion */
            size_t k;
            for (k = 0; k < b->nents && e < 0; k++) {
                const char *sp = strrchr(b->ents[k].name, ' ');
                if (b->ents[k].type == E_PERSON && sp &&
                    strcasecmp(sp + 1, name) == 0)
                    e = (int)k;
            }
        }
        if (e >= 0) {
            note_mention(b, si, e, (int)name_a);
            continue;
        }
        if (push_entity(b, &ent) < 0)
            return BOT_ENOMEM;
        snprintf(ent->name, sizeof(ent->name), "%s", name);
        role_before(s, a, role, sizeof(role));
        ent->type = classify(b, s, name_a, z, titled, titled || *role);
        ent->sentence = si;
        /* "chief executive Dr Helena Marsh": an honorific is no role */
        if (titled && !(honorific(s, a) && *role)) {
            snprintf(role, sizeof(role), "%.*s",
                     (int)(s->t[name_a - 1].off + s->t[name_a - 1].len -
                           s->t[a].off),
                     s->text + s->t[a].off);
        } else if (ent->type != E_PERSON) {
            role[0] = '\0';
        }
        if (ent->type == E_PERSON)
            role_after(s, z, after, sizeof(after));
        if (*role && *after)
            snprintf(ent->role, sizeof(ent->role), "%s, %s", role, after);
        else
            snprintf(ent->role, sizeof(ent->role), "%s", *role ? role : after);
        if (ent->type == E_PERSON && strrchr(name, ' '))
            add_alias(ent, strrchr(name, ' ') + 1);
        /* "Westmere Regional Transit (WRT)" */
        if (build_tok_is(s, z, "(") && z + 2 < s->n &&
            build_tok_is(s, z + 2, ")") && s->t[z + 1].cap) {
            char acr[NAME_MAX_LEN];
            snprintf(acr, sizeof(acr), "%.*s", (int)s->t[z + 1].len,
                     s->text + s->t[z + 1].off);
            add_alias(ent, acr);
            if (ent->type == E_NAME)
                ent->type = E_ORG;
            i = z + 3;
        }
        make_id(b, ent);
        note_mention(b, si, (int)(ent - b->ents), (int)name_a);
    }
    return 0;
}

/* Org head words that also name it in lower case: "the council". */
/* An organisation is also "the <its kind>": "the council" for "Westmere
 * City Council", "the court", "the guild"; workers' bodies are unions. */
/* True if sentence @s says "the <word>" in lower case, as a common noun. */
static int
says_the(const struct sent *s, const char *word)
{
    size_t i;

    for (i = 0; i + 1 < s->n; i++) {
        if (build_tok_is(s, i, "the") && !s->t[i + 1].cap &&
            build_tok_is(s, i + 1, word))
            return 1;
    }
    return 0;
}

void
build_add_short_forms(struct ent *e, struct bot_english *en,
                      const struct sent *ss)
{
    const char *kind = NULL, *p;
    char alias[NAME_MAX_LEN];
    size_t k;

    /* organisations, and named things: "the flood" for "the Great Flood" */
    if (e->type != E_ORG && e->type != E_NAME)
        return;
    for (k = 0; org_words[k]; k++) {
        p = build_find_word(e->name, org_words[k], 0);
        if (p && (!kind || p > kind))
            kind = p;
    }
    if (!kind && strchr(e->name, ' ')) {
        /* "Brackwell Lakeside Library": "the library", when its last
         * word is a common noun */
        const char *sp = strrchr(e->name, ' ');
        char w[BOT_WORD_MAX];
        size_t i;
        if (!sp || strlen(sp + 1) >= sizeof(w))
            return;
        for (i = 0; sp[1 + i]; i++)
            w[i] = (char)tolower((unsigned char)sp[1 + i]);
        w[i] = '\0';
        if (bot_english_is_word(en, w) && !isdigit((unsigned char)w[0]))
            kind = sp + 1;
        /* not "the water" for "Northvale Water" when the text has said
         * "the water" before naming it: there it is the common noun */
        for (i = 0; kind && (int)i < e->sentence; i++) {
            if (says_the(&ss[i], w))
                kind = NULL;
        }
    }
    if (!kind)
        return;
    k = strcspn(kind, " ");
    if (strncmp(kind, "Workers", k) == 0 || strncmp(kind, "Union", k) == 0) {
        add_alias(e, "the union");
        return;
    }
    snprintf(alias, sizeof(alias), "the %.*s", (int)k, kind);
    for (k = 4; alias[k]; k++)
        alias[k] = (char)tolower((unsigned char)alias[k]);
    add_alias(e, alias);
}

/* The entity of @type named last before token @tok of sentence @si, in
 * it or the three before it; or -1. */
static int
recent(const struct builder *b, int si, const struct sent *s, size_t tok,
       enum etype type)
{
    int p, k, best = -1, best_tok = -1;

    (void)s;
    for (k = 0; k < b->nmentions[si]; k++) {
        const struct mention *m = &b->mentions[si][k];
        if (m->tok < (int)tok && m->tok > best_tok &&
            b->ents[m->entity].type == type) {
            best = m->entity;
            best_tok = m->tok;
        }
    }
    for (p = si - 1; best < 0 && p >= 0 && p >= si - 3; p--) {
        for (k = 0; k < b->nmentions[p]; k++) {
            const struct mention *m = &b->mentions[p][k];
            if (b->ents[m->entity].type == type &&
                (best < 0 || m->tok > best_tok)) {
                best = m->entity;
                best_tok = m->tok;
            }
        }
    }
    return best;
}

/* "the council" in a later sentence names the last council named. */
void
build_scan_short_forms(struct builder *b, int si, const struct sent *s)
{
    static const char *const org_nouns[] = {
        "company",      "firm",         "group",
        "organisation", "organization", "business",
        "agency",       "club",         "team",
        "party",        "union",        "government",
        "ministry",     "council",      "court",
        "board",        "regulator",    "insurer",
        "bank",         "carrier",      "airline",
        "maker",        "manufacturer", "retailer",
        "operator",     "developer",    "charity",
        "institute",    "university",   "hospital",
        "side",         "club",         NULL};
    static const char *const place_nouns[] = {"city",    "town",   "village",
                                              "country", "region", NULL};
    size_t i;

    for (i = 0; i + 1 < s->n; i++) {
        char two[NAME_MAX_LEN];
        int best = -1;
        size_t k;
        if (!build_tok_is(s, i, "the") || !s->t[i + 1].word || s->t[i + 1].cap)
            continue;
        snprintf(two, sizeof(two), "the %.*s", (int)s->t[i + 1].len,
                 s->text + s->t[i + 1].off);
        for (k = 0; k < b->nents; k++) {
            if (b->ents[k].sentence <= si && ent_matches(&b->ents[k], two) &&
                (best < 0 || b->ents[k].last > b->ents[best].last))
                best = (int)k;
        }
        /* "the company", "the town": the last of its kind named */
        if (best < 0 && build_tok_in(s, i + 1, org_nouns))
            best = recent(b, si, s, i, E_ORG);
        else if (best < 0 && build_tok_in(s, i + 1, place_nouns))
            best = recent(b, si, s, i, E_PLACE);
        if (best >= 0)
            note_mention(b, si, best, (int)i);
    }
}

/* ---- the facts' slots -------------------------------------------- */
