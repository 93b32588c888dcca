/* The fact table built from the article's text. Each sentence (headline
 * and subheads included) becomes a fact quoting it; names become entities
 * with their roles, acronyms and short forms; dates are resolved against
 * the publication date; numbers, reasons, places and speakers fill the
 * fact's slots. Heuristics over words and capitals, no parser: see
 * README "How the fact table is built" for why. Pure: no I/O. */
#define _GNU_SOURCE /* strcasestr */
#include "bot/knowledge/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "bot/knowledge/datescan.h"
#include "bot/knowledge/english.h"
#include "bot/knowledge/lexicon.h"
#include "bot/knowledge/text.h"

#define MAX_TOKS     160
#define MAX_ALIASES  8
#define NAME_MAX_LEN 96

/* One word or punctuation mark of a sentence, as a span of its text. */
struct tok {
    size_t off, len;
    int cap;   /* starts with a capital letter */
    int word;  /* letters or digits */
    int first; /* starts the sentence or a quotation */
};

struct sent {
    const char *text;
    struct tok t[MAX_TOKS];
    size_t n;
};

enum etype { E_PERSON, E_ORG, E_PLACE, E_NAME };

struct ent {
    char name[NAME_MAX_LEN];
    char id[48];
    enum etype type;
    char role[200]; /* "union president", "who runs a cafe" */
    char aliases[MAX_ALIASES][NAME_MAX_LEN];
    int naliases;
    int sentence; /* the sentence that introduces it (0-based) */
    int mentions;
    int last; /* the last sentence naming it */
};

/* A name found in one sentence: which entity, at which token. */
struct mention {
    int entity, tok;
};

struct builder {
    const struct bot_kb *kb;
    struct ent *ents;
    size_t nents, cap;
    struct mention (*mentions)[16]; /* per sentence */
    int *nmentions;
    int *skip;      /* boilerplate lines: "Edited by: ..." */
    int *speaker;   /* who a quoted sentence is by, or -1 */
    int title_case; /* the headline capitalises every word */
    json_t *unresolved;
};

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
    "Street",    "Road",   "Avenue",   "Square",   "Hall",     "Station",
    "Park",      "Bridge", "River",    "Airport",  "Stadium",  "Arena",
    "Harbour",   "Harbor", "Port",     "Lake",     "Mountain", "Valley",
    "Island",    "County", "Province", "District", "Bay",      "Beach",
    "Boulevard", "Lane",   "Plaza",    "Quay",     "Terminal", "Pier",
    "Circuit",   "Sea",    "Ocean",    "Coast",    "Region",   NULL};

/* Lower-case words joining the parts of one name. */
static const char *const name_joins[] = {"of", "de",  "van", "von", "der",
                                         "du", "la",  "le",  "del", "da",
                                         "al", "bin", "for", "and", NULL};

static const char *const months_days[] = {
    "January", "February", "March",     "April",    "May",      "June",
    "July",    "August",   "September", "October",  "November", "December",
    "Monday",  "Tuesday",  "Wednesday", "Thursday", "Friday",   "Saturday",
    "Sunday",  "I",        NULL};

static const char *const say_verbs[] = {
    "said",   "says",      "told",      "added", "warned",
    "stated", "explained", "announced", "wrote", NULL};

static int
tok_is(const struct sent *s, size_t i, const char *w)
{
    return i < s->n && s->t[i].len == strlen(w) &&
           strncasecmp(s->text + s->t[i].off, w, s->t[i].len) == 0;
}

static int
tok_in(const struct sent *s, size_t i, const char *const *list)
{
    for (; *list; list++) {
        if (tok_is(s, i, *list))
            return 1;
    }
    return 0;
}

/* Copies token @i's text, lower-cased, into @out. */
static void
tok_lower(const struct sent *s, size_t i, char *out, size_t cap)
{
    size_t k, n = s->t[i].len < cap - 1 ? s->t[i].len : cap - 1;

    for (k = 0; k < n; k++)
        out[k] = (char)tolower((unsigned char)s->text[s->t[i].off + k]);
    out[n] = '\0';
}

static int
is_upper_at(const char *p, size_t len)
{
    utf8proc_int32_t cp;

    if (utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len,
                         &cp) <= 0)
        return 0;
    return utf8proc_isupper(cp);
}

/* Length of the letter or digit at @p (UTF-8), or 0 for anything else:
 * curly quotes and dashes are marks, not letters. */
static size_t
word_char(const char *p, size_t len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    utf8proc_category_t cat;

    if ((unsigned char)*p < 0x80)
        return isalnum((unsigned char)*p) ? 1 : 0;
    n = utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len,
                         &cp);
    if (n <= 0)
        return 0;
    cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO
               ? (size_t)n
               : 0;
}

static int
is_word_byte(unsigned char c)
{
    return isalnum(c);
}

/* Opening quotation marks: '"' and U+201C. */
static size_t
open_quote(const char *p)
{
    if (strncmp(p, "\xe2\x80\x9c", 3) == 0)
        return 3;
    return *p == '"' ? 1 : 0;
}

/* Splits @text into tokens: words (letters, digits, inner hyphens, inner
 * dots and commas of numbers, inner dots of "a.m."), and single marks.
 * "'s" is a mark of its own, so "WRT's" is the name "WRT". */
static void
tokenize(const char *text, struct sent *s)
{
    size_t i = 0, len = strlen(text);
    int first = 1;

    s->text = text;
    s->n = 0;
    while (i < len && s->n < MAX_TOKS) {
        unsigned char c = (unsigned char)text[i];
        struct tok *t = &s->t[s->n];
        if (c == ' ') {
            i++;
            continue;
        }
        t->off = i;
        t->first = first;
        if (word_char(text + i, len - i) ||
            (c == '$' && i + 1 < len && isdigit((unsigned char)text[i + 1]))) {
            size_t j = i + (c == '$' ? 1 : word_char(text + i, len - i));
            while (j < len) {
                unsigned char d = (unsigned char)text[j];
                size_t w = word_char(text + j, len - j);
                if (w) {
                    j += w;
                } else if ((d == '-' || d == '.' || d == ',') && j + 1 < len &&
                           word_char(text + j + 1, len - j - 1) &&
                           (d == '-' || d == '.' ||
                            isdigit((unsigned char)text[j + 1]))) {
                    if (d == ',' && !isdigit((unsigned char)text[j - 1]))
                        break;
                    j++;
                } else if (d == '%') {
                    j++;
                    break;
                } else {
                    break;
                }
            }
            t->len = j - i;
            t->word = 1;
            t->cap = is_upper_at(text + i, len - i);
            first = 0;
        } else {
            size_t q = open_quote(text + i);
            utf8proc_int32_t cp;
            utf8proc_ssize_t m =
                utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                 (utf8proc_ssize_t)(len - i), &cp);
            t->len = q ? q : m > 0 ? (size_t)m : 1;
            if ((c == '\'' || strncmp(text + i, "\xe2\x80\x99", 3) == 0) &&
                i + t->len < len && text[i + t->len] == 's' &&
                (i + t->len + 1 >= len ||
                 !is_word_byte((unsigned char)text[i + t->len + 1])))
                t->len++;
            t->word = 0;
            t->cap = 0;
            /* a quotation or a colon starts a new sentence-like run */
            first = q || c == ':' || c == '(';
        }
        i += t->len;
        s->n++;
    }
}

/* ---- entities ---------------------------------------------------- */

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
        if (tok_in(s, i, list))
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
        if (tok_in(s, k, say_verbs))
            return 1;
    }
    return tok_is(s, z, ",") &&
           (tok_is(s, z + 1, "who") ||
            (z + 1 < s->n && isdigit((unsigned char)s->text[s->t[z + 1].off]) &&
             s->t[z + 1].len <= 3));
}

static enum etype
classify(struct builder *b, const struct sent *s, size_t a, size_t z,
         int titled, int has_role)
{
    size_t i, caps = 0;
    int acronym = 1;
    char last[BOT_WORD_MAX];

    if (has_word(s, a, z, org_words))
        return E_ORG;
    if (tok_in(s, z - 1, place_words))
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
    if (caps >= 2 && caps <= 4 && caps == z - a) {
        /* "Martin Oakenfold" but not "Pennine Valley Water": a surname is
         * seldom a common word, unless the text treats it as a name */
        tok_lower(s, z - 1, last, sizeof(last));
        if (has_role || person_cue(s, z) ||
            !bot_english_is_word(b->kb->english, last))
            return E_PERSON;
        return E_ORG;
    }
    if (a > 0 && (tok_is(s, a - 1, "in") || tok_is(s, a - 1, "across") ||
                  tok_is(s, a - 1, "near") || tok_is(s, a - 1, "from") ||
                  tok_is(s, a - 1, "outside")))
        return E_PLACE;
    return E_NAME;
}

/* The words before a person's name that say what they are: "union
 * president", "WRT chief executive", "provincial mediator". */
static void
role_before(const struct sent *s, size_t a, char *out, size_t cap)
{
    size_t i = a, from;

    while (i > 0 && a - i < 4) {
        char w[BOT_WORD_MAX];
        if (!s->t[i - 1].word)
            break;
        tok_lower(s, i - 1, w, sizeof(w));
        if (bot_text_is_stopword(w) || strcmp(w, "said") == 0 ||
            strcmp(w, "told") == 0 || strcmp(w, "says") == 0 ||
            strcmp(w, "according") == 0 || isdigit((unsigned char)w[0]))
            break;
        i--;
    }
    if (i == a) {
        out[0] = '\0';
        return;
    }
    from = s->t[i].off;
    snprintf(out, cap, "%.*s", (int)(s->t[a - 1].off + s->t[a - 1].len - from),
             s->text + from);
}

/* ", who runs a cafe near Central Station," or ", the agency's head,". */
static void
role_after(const struct sent *s, size_t z, char *out, size_t cap)
{
    size_t i, end;

    out[0] = '\0';
    if (!tok_is(s, z, ",") ||
        !(tok_is(s, z + 1, "who") || tok_is(s, z + 1, "the") ||
          tok_is(s, z + 1, "a") || tok_is(s, z + 1, "an")))
        return;
    for (i = z + 2; i < s->n; i++) {
        if (tok_is(s, i, ",") || tok_is(s, i, ".") || tok_is(s, i, ";") ||
            !s->t[i].word)
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

/* True if a capitalised word at a sentence's start is a name: one the
 * article also capitalises mid-sentence, or no common English word. */
static int
initial_is_name(struct builder *b, const struct sent *s, size_t i)
{
    char w[BOT_WORD_MAX];
    size_t k;

    tok_lower(s, i, w, sizeof(w));
    if (bot_text_is_stopword(w))
        return 0;
    for (k = 0; k < b->nents; k++) {
        if (strncasecmp(b->ents[k].name, s->text + s->t[i].off, s->t[i].len) ==
            0)
            return 1;
    }
    /* "United Transit Workers": a run of capitals is a name */
    if (i + 1 < s->n && s->t[i + 1].cap && !tok_in(s, i + 1, months_days))
        return 1;
    return !bot_english_is_word(b->kb->english, w);
}

/* Finds the capitalised names of sentence @si and records them. */
static int
scan_names(struct builder *b, int si, const struct sent *s)
{
    size_t i = 0;

    while (i < s->n) {
        size_t a = i, z, name_a;
        char name[NAME_MAX_LEN], role[200] = "", after[200] = "";
        int e, titled = 0;
        struct ent *ent;

        if (!s->t[i].cap || tok_in(s, i, months_days) ||
            (s->t[i].first && !initial_is_name(b, s, i))) {
            i++;
            continue;
        }
        z = i + 1;
        while (z < s->n) {
            if (s->t[z].cap && !tok_in(s, z, months_days)) {
                z++;
            } else if (s->t[z].word &&
                       isdigit((unsigned char)s->text[s->t[z].off]) &&
                       s->t[z].len <= 4 &&
                       !strchr("$%", s->text[s->t[z].off + s->t[z].len - 1])) {
                z++; /* "Local 412", "Ward 7" */
                break;
            } else if (tok_in(s, z, name_joins) && z + 1 < s->n &&
                       s->t[z + 1].cap && !tok_is(s, z, "and") &&
                       !tok_is(s, z, "for")) {
                z += 2;
            } else {
                break;
            }
        }
        i = z;
        name_a = a;
        while (name_a < z && tok_in(s, name_a, titles)) {
            titled = 1;
            name_a++;
        }
        if (tok_is(s, name_a, "The"))
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
        if (titled) {
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
        if (tok_is(s, z, "(") && z + 2 < s->n && tok_is(s, z + 2, ")") &&
            s->t[z + 1].cap) {
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
static void
add_short_forms(struct ent *e, struct bot_english *en)
{
    const char *kind = NULL, *p;
    char alias[NAME_MAX_LEN];
    size_t k;

    if (e->type != E_ORG)
        return;
    for (k = 0; org_words[k]; k++) {
        size_t n = strlen(org_words[k]);
        for (p = strstr(e->name, org_words[k]); p;
             p = strstr(p + 1, org_words[k])) {
            if ((p == e->name || p[-1] == ' ') &&
                (p[n] == '\0' || p[n] == ' ') && (!kind || p > kind))
                kind = p;
        }
    }
    if (!kind && e->type == E_ORG) {
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

/* "the council" in a later sentence names the last council named. */
static void
scan_short_forms(struct builder *b, int si, const struct sent *s)
{
    size_t i;

    for (i = 0; i + 1 < s->n; i++) {
        char two[NAME_MAX_LEN];
        int best = -1;
        size_t k;
        if (!tok_is(s, i, "the") || !s->t[i + 1].word || s->t[i + 1].cap)
            continue;
        snprintf(two, sizeof(two), "the %.*s", (int)s->t[i + 1].len,
                 s->text + s->t[i + 1].off);
        for (k = 0; k < b->nents; k++) {
            if (b->ents[k].sentence <= si && ent_matches(&b->ents[k], two) &&
                (best < 0 || b->ents[k].last > b->ents[best].last))
                best = (int)k;
        }
        if (best >= 0)
            note_mention(b, si, best, (int)i);
    }
}

/* ---- the facts' slots -------------------------------------------- */

static int
is_boilerplate(const struct bot_kb *kb, const char *text)
{
    return strncasecmp(text, "Edited by", 9) == 0 ||
           strncasecmp(text, "Written by", 10) == 0 ||
           (strncmp(text, "By ", 3) == 0 && strlen(text) < 60) ||
           (kb->outlet && strcasecmp(text, kb->outlet) == 0) ||
           strncasecmp(text, "Copyright", 9) == 0 ||
           strncmp(text, "\xc2\xa9", 2) == 0;
}

/* The entity that says the sentence: "..., X said" or "X said ...". */
static int
speaker_of(const struct builder *b, int si, const struct sent *s)
{
    size_t i;
    int k;

    for (i = 0; i < s->n; i++) {
        int best = -1, dist = 99;
        if (!tok_in(s, i, say_verbs))
            continue;
        for (k = 0; k < b->nmentions[si]; k++) {
            int t = b->mentions[si][k].tok,
                d = t > (int)i ? t - (int)i : (int)i - t;
            if (d < dist && d <= 5) {
                dist = d;
                best = b->mentions[si][k].entity;
            }
        }
        if (best >= 0 && b->ents[best].type == E_PERSON)
            return best;
        if (best >= 0 && dist <= 2)
            return best;
        if (i > 0 && (tok_is(s, i - 1, "he") || tok_is(s, i - 1, "she") ||
                      tok_is(s, i + 1, "he") || tok_is(s, i + 1, "she"))) {
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

    if (tok_in(s, i, verbs))
        return 1;
    if (!s->t[i].word || s->t[i].cap)
        return 0;
    tok_lower(s, i, w, sizeof(w));
    n = strlen(w);
    return n > 4 && (strcmp(w + n - 2, "ed") == 0);
}

static int
after_preposition(const struct sent *s, size_t t)
{
    static const char *const preps[] = {"at",  "of",   "from",  "in",
                                        "for", "with", "by",    "near",
                                        "to",  "on",   "about", NULL};

    if (t >= 1 && tok_is(s, t - 1, "the"))
        t--;
    return t >= 1 && tok_in(s, t - 1, preps);
}

static int
subject_of(const struct builder *b, int si, const struct sent *s)
{
    size_t stop = s->n, i;
    int k, best = -1, best_tok = 1 << 20;

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
    tok_lower(s, i, w, sizeof(w));
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
    if (i > 0 && (tok_is(s, i - 1, "\xe2\x82\xac") ||
                  tok_is(s, i - 1, "\xc2\xa3") || tok_is(s, i - 1, "$"))) {
        money = tok_is(s, i - 1, "$")          ? 1
                : tok_is(s, i - 1, "\xc2\xa3") ? 3
                                               : 2;
        a = i - 1; /* the cues stand before the currency */
    }
    for (k = 0, at = a; k < sizeof(number_cues) / sizeof(number_cues[0]); k++) {
        const char *cw = number_cues[k].words, *sp = strchr(cw, ' ');
        if (sp && at >= 2 && s->t[at - 2].len == (size_t)(sp - cw) &&
            strncasecmp(s->text + s->t[at - 2].off, cw, (size_t)(sp - cw)) ==
                0 &&
            tok_is(s, at - 1, sp + 1)) {
            cmp = number_cues[k].cmp;
            a = at - 2;
            break;
        }
        if (!sp && tok_is(s, at - 1, cw)) {
            cmp = number_cues[k].cmp;
            a = at - 1;
            break;
        }
    }
    for (k = 0; k < 3; k++) {
        if (tok_is(s, z, scale[k].w)) {
            v *= scale[k].x;
            z++;
        }
    }
    if (percent || tok_is(s, z, "percent") ||
        (tok_is(s, z, "per") && tok_is(s, z + 1, "cent"))) {
        snprintf(unit, sizeof(unit), "percent");
        z += tok_is(s, z, "percent") ? 1 : tok_is(s, z, "per") ? 2 : 0;
    } else if (money) {
        snprintf(unit, sizeof(unit), "%s",
                 money == 3   ? "pounds"
                 : money == 2 ? "euros"
                              : "dollars");
    } else {
        size_t u = z;
        /* "eight of the 15 councillors" counts councillors */
        if (tok_is(s, u, "of") && tok_is(s, u + 1, "the") && u + 3 < s->n &&
            s->t[u + 2].word &&
            isdigit((unsigned char)s->text[s->t[u + 2].off]))
            u += 3;
        /* "2,300 drivers", "11 days", "64 bus routes", "310,000 people" */
        size_t first = u, last = 0;
        while (u < s->n && u < first + 3 && s->t[u].word && !s->t[u].cap) {
            char w[BOT_WORD_MAX];
            size_t n;
            tok_lower(s, u, w, sizeof(w));
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
            tok_lower(s, last - 1, unit, sizeof(unit));
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

    tok_lower(s, i, w, sizeof(w));
    if (!isdigit((unsigned char)w[0]))
        return 0;
    if ((i > 0 && tok_in(s, i - 1, months_days)) ||
        tok_in(s, i + 1, months_days))
        return 1;
    if (tok_is(s, i + 1, "a.m") || tok_is(s, i + 1, "p.m") ||
        tok_is(s, i + 1, "am") || tok_is(s, i + 1, "pm") ||
        tok_is(s, i + 1, "a.m.") || tok_is(s, i + 1, "p.m."))
        return 1;
    if (strlen(w) == 4 && w[0] >= '1' && w[0] <= '2' && !strchr(w, ',') &&
        !strchr(w, '.') && !strchr(w, '%'))
        return 1;
    if (i > 0 && s->t[i - 1].cap && strlen(w) <= 4)
        return 1; /* "Local 412", "Ward 7" */
    return 0;
}

static int
numbers_of(const struct sent *s, json_t *fact)
{
    json_t *arr = json_array();
    size_t i;
    int rc;

    if (!arr)
        return BOT_ENOMEM;
    for (i = 0; i < s->n && json_array_size(arr) < BOT_FACT_NUMBERS; i++) {
        if (!s->t[i].word || is_date_figure(s, i))
            continue;
        if (tok_is(s, i, "one") && !tok_is(s, i + 1, "of"))
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
 * "in order to", "due to", "as" after a comma, or "after". */
static int
why_of(const struct sent *s, json_t *fact)
{
    static const char *const cues[] = {"because", "since", "due", "after",
                                       "as",      "amid",  "so",  NULL};
    size_t i, a, z;
    char why[400];

    for (i = 1; i < s->n; i++) {
        if (!tok_in(s, i, cues))
            continue;
        a = i + 1;
        if (tok_is(s, i, "due") || tok_is(s, i, "because")) {
            if (tok_is(s, i + 1, "to") || tok_is(s, i + 1, "of"))
                a++;
            else if (tok_is(s, i, "due"))
                continue;
            if (tok_is(s, i, "due") &&
                (tok_is(s, i - 1, "is") || tok_is(s, i - 1, "are") ||
                 tok_is(s, i - 1, "was") || tok_is(s, i - 1, "were") ||
                 tok_is(s, i - 1, "be")))
                continue; /* "is due to end": a schedule */
        } else if (tok_is(s, i, "so") && !tok_is(s, i + 1, "that")) {
            continue;
        } else if (tok_is(s, i, "so")) {
            a++;
        } else if (tok_is(s, i, "as") && !tok_is(s, i - 1, ",")) {
            continue;
        } else if (tok_is(s, i, "after") &&
                   (i + 1 >= s->n ||
                    isdigit((unsigned char)s->text[s->t[i + 1].off]) ||
                    tok_in(s, i + 1, months_days) ||
                    tok_is(s, i + 1, "about") || tok_is(s, i + 1, "nearly") ||
                    tok_is(s, i + 1, "more") || tok_is(s, i + 1, "years") ||
                    tok_is(s, i + 1, "hours"))) {
            continue; /* "after 11 hours", "after March": a time */
        } else if (tok_is(s, i, "since") &&
                   (tok_in(s, i + 1, months_days) ||
                    (i + 1 < s->n &&
                     isdigit((unsigned char)s->text[s->t[i + 1].off])) ||
                    tok_is(s, i + 1, "then"))) {
            continue; /* "since 2022" is a time */
        }
        for (z = a; z < s->n; z++) {
            if (tok_is(s, z, ",") || tok_is(s, z, ";") || tok_is(s, z, ".") ||
                tok_is(s, z, "\"") || tok_is(s, z, "\xe2\x80\x9d"))
                break;
        }
        if (z - a < 2)
            continue;
        snprintf(why, sizeof(why), "%s%.*s",
                 tok_is(s, i, "after") ? "of what came before: " : "",
                 (int)(s->t[z - 1].off + s->t[z - 1].len - s->t[a].off),
                 s->text + s->t[a].off);
        if (tok_is(s, i, "after"))
            memmove(why, why + 21, strlen(why + 21) + 1);
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
        const char *p = strstr(name, words[k]);
        if (p && (p == name || p[-1] == ' ') &&
            (p[strlen(words[k])] == '\0' || p[strlen(words[k])] == ' '))
            return 1;
    }
    return 0;
}

/* Where the sentence happens: a place named after "in", "at", "outside",
 * "near", "across" or "on". */
static int
where_of(const struct builder *b, int si, const struct sent *s, json_t *fact)
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
        if (tok_is(s, t - 1, "the") && t >= 2)
            t--;
        if (!tok_in(s, t - 1, preps))
            continue;
        /* "at Leeds Crown Court": a body's building is a place too */
        if (e->type != E_PLACE &&
            !((tok_is(s, t - 1, "at") || tok_is(s, t - 1, "outside") ||
               tok_is(s, t - 1, "inside")) &&
              names_building(e->name)))
            continue;
        snprintf(where, sizeof(where), "%s %s",
                 tok_is(s, t - 1, "from") ? "from" : "in", e->name);
        if (tok_is(s, t - 1, "at") || tok_is(s, t - 1, "outside") ||
            tok_is(s, t - 1, "near") || tok_is(s, t - 1, "on"))
            snprintf(where, sizeof(where), "%.*s %s", (int)s->t[t - 1].len,
                     s->text + s->t[t - 1].off, e->name);
        return json_object_set_new(fact, "where", json_string(where)) < 0
                   ? BOT_ENOMEM
                   : 0;
    }
    return 0;
}

/* ---- dates ---------------------------------------------------------- */

static int
has_future_cue(const char *folded)
{
    static const char *const cues[] = {
        " will ",     " is due ",  " are due ",   " scheduled ", " set to ",
        " is to ",    " are to ",  " would ",     " plans ",     " planned ",
        " expected ", " next ",    " upcoming ",  " due to ",    " to resume ",
        " to meet ",  " to vote ", " to decide ", " to hold ",   " is expected",
        " shall ",    " intends ", " could ",     " may ",       NULL};
    char buf[BOT_TEXT_MAX + 2];
    size_t k;

    snprintf(buf, sizeof(buf), " %s ", folded);
    for (k = 0; cues[k]; k++) {
        if (strstr(buf, cues[k]))
            return 1;
    }
    return 0;
}

/* True if a clause tells of the past: "said", "told", a verb in -ed. */
static int
has_past_cue(const char *folded)
{
    static const char *const words[] = {
        "said",   "told", "was",   "were",  "had",   "did",   "met",  "took",
        "made",   "gave", "began", "won",   "lost",  "saw",   "went", "came",
        "left",   "held", "sent",  "spoke", "wrote", "found", "paid", "sold",
        "struck", "fell", "rose",  "hit",   NULL};
    const char *p = folded;

    while (*p) {
        size_t n = strcspn(p, " ,.;:!?\"'()");
        char w[BOT_WORD_MAX];
        if (n > 0 && n < sizeof(w)) {
            memcpy(w, p, n);
            w[n] = '\0';
            if (bot_text_in_list(w, words) ||
                (n > 4 && w[n - 2] == 'e' && w[n - 1] == 'd' &&
                 strcmp(w, "scheduled") != 0 && strcmp(w, "expected") != 0 &&
                 strcmp(w, "planned") != 0 && strcmp(w, "proposed") != 0))
                return 1;
        }
        p += n;
        while (*p && strchr(" ,.;:!?\"'()", *p))
            p++;
    }
    return 0;
}

static int
has_hedge(const char *folded)
{
    static const char *const cues[] = {
        " could ",    " may ",      " might ", " expected ", " likely ",
        " plans ",    " planned ",  " hopes ", " aims ",     " intends ",
        " proposed ", " could be ", NULL};
    char buf[BOT_TEXT_MAX + 2];
    size_t k;

    snprintf(buf, sizeof(buf), " %s ", folded);
    for (k = 0; cues[k]; k++) {
        if (strstr(buf, cues[k]))
            return 1;
    }
    return 0;
}

static int
is_weekday_phrase(const char *p, size_t n)
{
    static const char *const days[] = {"monday",   "tuesday", "wednesday",
                                       "thursday", "friday",  "saturday",
                                       "sunday"};
    size_t k;

    if (n > 3 && strncmp(p, "on ", 3) == 0) {
        p += 3;
        n -= 3;
    }
    for (k = 0; k < 7; k++) {
        if (n == strlen(days[k]) && strncmp(p, days[k], n) == 0)
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

static void
iso_of(const struct bot_date *d, char *out, size_t cap)
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

/* A date the text gives, resolved, with the clause it lies in. */
struct found {
    struct bot_date d;
    char when[96];
    size_t clause_a, clause_z; /* byte span of the clause in the text */
    int weekday;               /* a bare weekday ("on Friday") */
    int opens, closes;         /* the date begins / ends its clause */
};

#define MAX_FOUND 6

/* Scans one clause [a, z) of @text for dates. */
static size_t
scan_clause(const struct builder *b, const char *text, size_t a, size_t z,
            int future, struct found *out, size_t n, size_t cap)
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
        f->weekday = is_weekday_phrase(folded + start, end - start);
        if (f->weekday &&
            (has_future_cue(folded) || (future && !has_past_cue(folded))) &&
            bot_date_days_between(&b->kb->published, &d) < 0)
            bot_date_add_days(&d, 7);
        f->d = d;
        f->opens =
            folded[strspn(folded, " ")] != '\0' && start == strspn(folded, " ");
        f->closes = folded[end + strspn(folded + end, " .")] == '\0';
        snprintf(f->when, sizeof(f->when), "%.*s", (int)(end - start),
                 folded + start);
        f->clause_a = a;
        f->clause_z = z;
        n++;
    }
    free(folded);
    return n;
}

/* The dates of a sentence, clause by clause (split at ", ", "; ", ": "):
 * a bare weekday is this week's, ahead when the sentence looks ahead ("are
 * scheduled to resume on Friday") and behind otherwise; "Thursday,
 * February 19" is one date. */
static size_t
dates_of(const struct builder *b, const char *text, struct found *out)
{
    char *folded = bot_text_fold_plain(text, strlen(text));
    size_t len = strlen(text), a = 0, i, n = 0, k, o;
    int future = folded && has_future_cue(folded);

    free(folded);
    for (i = 0; i <= len && n < MAX_FOUND; i++) {
        if (i < len && !((text[i] == ',' || text[i] == ';' || text[i] == ':') &&
                         (i + 1 == len || text[i + 1] == ' ')))
            continue;
        if (i > a)
            n = scan_clause(b, text, a, i, future, out, n, MAX_FOUND);
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
    return o;
}

static int
set_date(const struct builder *b, json_t *fact, const struct found *f,
         const char *text)
{
    char iso[32];
    int rc = 0;

    iso_of(&f->d, iso, sizeof(iso));
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
static void
clause_of(const char *text, const struct found *f, size_t *a, size_t *z)
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

/* A short name for a dated fact in a timeline: its clause, cut at a word
 * within 120 bytes. */
static int
set_label(json_t *fact, const char *text, const struct found *f)
{
    char label[124];
    size_t a, z, cut;

    clause_of(text, f, &a, &z);
    if (z - a > 120) {
        cut = a + 120;
        while (cut > a && text[cut] != ' ')
            cut--;
        z = cut > a ? cut : a + 120;
    }
    snprintf(label, sizeof(label), "%.*s", (int)(z - a), text + a);
    return json_object_set_new(fact, "label", json_string(label)) < 0
               ? BOT_ENOMEM
               : 0;
}

static int
negative_of(const struct sent *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (tok_is(s, i, "not") || tok_is(s, i, "never") || tok_is(s, i, "no"))
            return 1;
    }
    return 0;
}

/* ---- assembling ---------------------------------------------------- */

static json_t *
id_list(const struct builder *b, const int *ids, int n)
{
    json_t *arr = json_array();
    int k;

    for (k = 0; arr && k < n; k++)
        json_array_append_new(arr, json_string(b->ents[ids[k]].id));
    return arr;
}

/* A fact for each further date of a sentence: its clause, quoted. */
static int
clause_fact(const struct builder *b, int si, int k, const struct found *f,
            json_t *sentence_fact, json_t *facts)
{
    const char *text = b->kb->sentences[si].text;
    char id[32], *clause;
    size_t a, z;
    json_t *g;
    int rc;

    clause_of(text, f, &a, &z);
    clause = strndup(text + a, z - a);
    snprintf(id, sizeof(id), "s%dd%d", si + 1, k + 1);
    g = clause ? json_pack("{s:s,s:s,s:s,s:O,s:O,s:i,s:b}", "id", id, "quote",
                           clause, "statement", clause, "actors",
                           json_object_get(sentence_fact, "actors"), "others",
                           json_object_get(sentence_fact, "others"),
                           "importance", 0, "built", 1)
               : NULL;
    rc = g ? set_date(b, g, f, clause) : BOT_ENOMEM;
    if (rc == 0)
        rc = set_label(g, text, f);
    if (rc == 0 && json_array_append(facts, g) < 0)
        rc = BOT_ENOMEM;
    json_decref(g);
    free(clause);
    return rc;
}

static int
build_fact(struct builder *b, int si, const struct sent *s, json_t *facts)
{
    const struct bot_sentence *bs = &b->kb->sentences[si];
    int actors[BOT_FACT_ENTITIES] = {0}, others[BOT_FACT_ENTITIES] = {0};
    int na = 0, no = 0, k, subj, rc;
    struct found dates[MAX_FOUND];
    size_t nd = dates_of(b, bs->text, dates), i;
    char id[24];
    json_t *f;

    snprintf(id, sizeof(id), "s%d", si + 1);
    f = json_pack("{s:s,s:s,s:s,s:b}", "id", id, "quote", bs->text, "statement",
                  bs->text, "built", 1);
    if (!f)
        return BOT_ENOMEM;
    subj = b->speaker[si] >= 0 ? b->speaker[si] : subject_of(b, si, s);
    if (subj < 0)
        subj = speaker_of(b, si, s);
    if (subj >= 0)
        actors[na++] = subj;
    for (k = 0; k < b->nmentions[si] && no < BOT_FACT_ENTITIES; k++) {
        int e = b->mentions[si][k].entity;
        if (e != subj)
            others[no++] = e;
    }
    rc = json_object_set_new(f, "actors", id_list(b, actors, na));
    if (rc == 0)
        rc = json_object_set_new(f, "others", id_list(b, others, no));
    rc = rc < 0 ? BOT_ENOMEM : 0;
    if (rc == 0 && nd)
        rc = set_date(b, f, &dates[0], bs->text);
    if (rc == 0 && nd)
        rc = set_label(f, bs->text, &dates[0]);
    if (rc == 0)
        rc = numbers_of(s, f);
    if (rc == 0)
        rc = why_of(s, f);
    if (rc == 0)
        rc = where_of(b, si, s, f);
    if (rc == 0 && negative_of(s))
        rc = json_object_set_new(f, "polarity", json_string("negative")) < 0
                 ? BOT_ENOMEM
                 : 0;
    if (rc == 0)
        rc = json_object_set_new(f, "importance", json_integer(0)) < 0
                 ? BOT_ENOMEM
                 : 0;
    if (rc == 0 && json_array_append(facts, f) < 0)
        rc = BOT_ENOMEM;
    for (i = 1; rc == 0 && i < nd; i++)
        rc = clause_fact(b, si, (int)i, &dates[i], f, facts);
    json_decref(f);
    return rc;
}

static const char *
type_name(enum etype t)
{
    switch (t) {
    case E_PERSON:
        return "person";
    case E_ORG:
        return "organization";
    case E_PLACE:
        return "place";
    default:
        return "name";
    }
}

static int
build_entity(const struct builder *b, const struct ent *e, json_t *arr)
{
    const struct bot_sentence *bs = &b->kb->sentences[e->sentence];
    char desc[600];
    json_t *j, *aliases = json_array();
    int k;

    if (*e->role)
        snprintf(desc, sizeof(desc), "%s: %s. %s", e->name, e->role, bs->text);
    else
        snprintf(desc, sizeof(desc), "%s", bs->text);
    for (k = 0; aliases && k < e->naliases; k++)
        json_array_append_new(aliases, json_string(e->aliases[k]));
    j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "id", e->id, "name", e->name,
                  "type", type_name(e->type), "desc", desc, "quote", bs->text,
                  "aliases", aliases);
    if (!j || json_array_append_new(arr, j) < 0)
        return BOT_ENOMEM;
    return 0;
}

/* The speaker of each sentence inside a quotation: a paragraph that opens
 * with a quotation mark is by whoever the paragraph says said it. */
static void
find_speakers(struct builder *b, struct sent *ss)
{
    size_t i = 0, n = b->kb->nsentences;

    while (i < n) {
        size_t j = i, para_end;
        int who = -1;
        /* sentences of one line share its start in the article */
        while (j + 1 < n &&
               !memchr(b->kb->article + b->kb->sentences[j].end, '\n',
                       b->kb->sentences[j + 1].start - b->kb->sentences[j].end))
            j++;
        para_end = j;
        for (j = i; j <= para_end && who < 0; j++)
            who = speaker_of(b, (int)j, &ss[j]);
        if (open_quote(b->kb->sentences[i].text)) {
            for (j = i; j <= para_end; j++)
                b->speaker[j] = who;
        }
        i = para_end + 1;
    }
}

static int
mark_importance(struct builder *b, json_t *facts)
{
    size_t i, first_body = 1;
    json_t *f;
    double *weight = calloc(json_array_size(facts) + 1, sizeof(double));
    double top = 0;

    if (!weight)
        return BOT_ENOMEM;
    json_array_foreach(facts, i, f)
    {
        const char *id = json_string_value(json_object_get(f, "id"));
        int si = (int)strtol(id + 1, NULL, 10) - 1, k;
        for (k = 0; k < b->nmentions[si]; k++)
            weight[i] += b->ents[b->mentions[si][k].entity].mentions;
        if (json_object_get(f, "date"))
            weight[i] += 3;
        if (weight[i] > top)
            top = weight[i];
    }
    /* the lead: the first sentence after the headline that is not a
     * heading */
    for (first_body = 1;
         first_body < b->kb->nsentences &&
         (b->kb->sentences[first_body].heading || b->skip[first_body]);
         first_body++)
        ;
    json_array_foreach(facts, i, f)
    {
        const char *id = json_string_value(json_object_get(f, "id"));
        size_t si = (size_t)strtol(id + 1, NULL, 10) - 1;
        int clause = strchr(id, 'd') != NULL;
        int imp = weight[i] >= top * 0.6 ? 1 : 0;
        if (si == 0 && !clause)
            imp = 2; /* the headline */
        if (si == first_body && !clause)
            imp = 3; /* the lead */
        json_object_set_new(f, "importance", json_integer(imp));
    }
    free(weight);
    return 0;
}

static int
build_meta(const struct bot_kb *kb, json_t *root)
{
    char iso[32];
    json_t *meta;

    iso_of(&kb->published, iso, sizeof(iso));
    meta = json_pack("{s:s,s:s}", "published", iso, "article", "article.txt");
    if (!meta)
        return BOT_ENOMEM;
    if (kb->title)
        json_object_set_new(meta, "title", json_string(kb->title));
    if (kb->outlet)
        json_object_set_new(meta, "outlet", json_string(kb->outlet));
    if (kb->author)
        json_object_set_new(meta, "author", json_string(kb->author));
    if (kb->editor)
        json_object_set_new(meta, "editor", json_string(kb->editor));
    if (kb->url)
        json_object_set_new(meta, "url", json_string(kb->url));
    return json_object_set_new(root, "meta", meta) < 0 ? BOT_ENOMEM : 0;
}

int
bot_build_table(const struct bot_kb *kb, json_t **out)
{
    struct builder b = {0};
    struct sent *ss = NULL;
    json_t *root = NULL, *ents = NULL, *facts = NULL;
    size_t i, n = kb->nsentences;
    int rc = BOT_ENOMEM;

    *out = NULL;
    b.kb = kb;
    ss = calloc(n + 1, sizeof(*ss));
    b.mentions = calloc(n + 1, sizeof(*b.mentions));
    b.nmentions = calloc(n + 1, sizeof(int));
    b.skip = calloc(n + 1, sizeof(int));
    b.speaker = calloc(n + 1, sizeof(int));
    root = json_pack("{s:i,s:[],s:[]}", "format", 1, "synonyms", "antonyms");
    ents = json_array();
    facts = json_array();
    b.unresolved = json_array();
    if (!ss || !b.mentions || !b.nmentions || !b.skip || !b.speaker || !root ||
        !ents || !facts || !b.unresolved)
        goto out;
    for (i = 0; i < n; i++) {
        tokenize(kb->sentences[i].text, &ss[i]);
        b.skip[i] = is_boilerplate(kb, kb->sentences[i].text);
        b.speaker[i] = -1;
    }
    if (n) {
        size_t caps = 0, words = 0;
        for (i = 0; i < ss[0].n; i++) {
            words += ss[0].t[i].word;
            caps += ss[0].t[i].word && ss[0].t[i].cap;
        }
        b.title_case = words > 3 && caps * 10 >= words * 7;
    }
    /* names first from the body, so that the headline's are known */
    for (i = 1; i <= n; i++) {
        size_t si = i % n;
        if (b.skip[si] || (si == 0 && b.title_case))
            continue;
        if (scan_names(&b, (int)si, &ss[si]) < 0)
            goto out;
    }
    for (i = 0; i < b.nents; i++)
        add_short_forms(&b.ents[i], kb->english);
    for (i = 0; i < n; i++) {
        if (!b.skip[i])
            scan_short_forms(&b, (int)i, &ss[i]);
    }
    find_speakers(&b, ss);
    for (i = 0; i < b.nents; i++) {
        if (build_entity(&b, &b.ents[i], ents) < 0)
            goto out;
    }
    for (i = 0; i < n; i++) {
        if (!b.skip[i] && build_fact(&b, (int)i, &ss[i], facts) < 0)
            goto out;
    }
    if (mark_importance(&b, facts) < 0 || build_meta(kb, root) < 0)
        goto out;
    if (json_object_set(root, "entities", ents) < 0 ||
        json_object_set(root, "facts", facts) < 0 ||
        json_object_set(root, "unresolved", b.unresolved) < 0)
        goto out;
    *out = root;
    root = NULL;
    rc = 0;
out:
    json_decref(root);
    json_decref(ents);
    json_decref(facts);
    json_decref(b.unresolved);
    free(b.ents);
    free(b.mentions);
    free(b.nmentions);
    free(b.skip);
    free(b.speaker);
    free(ss);
    return rc;
}

/* ---- curating ---------------------------------------------------- */

static json_t *
by_id(json_t *arr, const char *id)
{
    size_t i;
    json_t *v;

    json_array_foreach(arr, i, v)
    {
        const char *x = json_string_value(json_object_get(v, "id"));
        if (x && id && strcmp(x, id) == 0)
            return v;
    }
    return NULL;
}

/* Renames entity @from to @to in every fact's actors and others. */
static void
rename_refs(json_t *facts, const char *from, const char *to)
{
    static const char *const keys[] = {"actors", "others"};
    size_t i, j, k;
    json_t *f, *v;

    json_array_foreach(facts, i, f)
    {
        for (k = 0; k < 2; k++) {
            json_t *arr = json_object_get(f, keys[k]);
            json_array_foreach(arr, j, v)
            {
                if (json_is_string(v) &&
                    strcmp(json_string_value(v), from) == 0)
                    json_array_set_new(arr, j, json_string(to));
            }
        }
    }
}

/* True if @name is @text, or whole words of it ("Office" of "Prosecutor
 * General's Office"), ignoring case. */
static int
names_part(const char *text, const char *name)
{
    size_t n = strlen(name);
    const char *p;

    if (!text || !n)
        return 0;
    for (p = text; (p = strcasestr(p, name)) != NULL; p++) {
        int before = p == text || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after)
            return 1;
    }
    return 0;
}

/* True if the curated entity is the built one named @name: the same
 * name, or a curated name or alias holding it as whole words. */
static int
entity_named(json_t *curated_ent, const char *name)
{
    size_t i;
    json_t *v;

    if (names_part(json_string_value(json_object_get(curated_ent, "name")),
                   name))
        return 1;
    json_array_foreach(json_object_get(curated_ent, "aliases"), i, v)
    {
        if (names_part(json_string_value(v), name))
            return 1;
    }
    return 0;
}

/* True if a curated entity other than @except has the id @id or exactly
 * the name or an alias @name: that one takes the built entity. */
static int
curated_owns(json_t *curated, const char *id, const char *name, json_t *except)
{
    size_t i, k;
    json_t *c, *v;

    json_array_foreach(json_object_get(curated, "entities"), i, c)
    {
        const char *cn = json_string_value(json_object_get(c, "name"));
        const char *ci = json_string_value(json_object_get(c, "id"));
        if (ci && strcmp(ci, id) == 0)
            return 1;
        if (c == except)
            continue;
        if (cn && strcasecmp(cn, name) == 0)
            return 1;
        json_array_foreach(json_object_get(c, "aliases"), k, v)
        {
            if (json_is_string(v) &&
                strcasecmp(json_string_value(v), name) == 0)
                return 1;
        }
    }
    return 0;
}

static void
overlay_entities(json_t *built, json_t *curated)
{
    json_t *bents = json_object_get(built, "entities");
    json_t *bfacts = json_object_get(built, "facts");
    size_t i, j;
    json_t *c;

    json_array_foreach(json_object_get(curated, "entities"), i, c)
    {
        const char *cid = json_string_value(json_object_get(c, "id"));
        json_t *old;
        if (!cid)
            continue;
        for (j = 0; j < json_array_size(bents);) {
            json_t *be = json_array_get(bents, j);
            const char *bid = json_string_value(json_object_get(be, "id"));
            const char *bname = json_string_value(json_object_get(be, "name"));
            if (strcmp(bid, cid) != 0 && bname && entity_named(c, bname) &&
                !curated_owns(curated, bid, bname, c)) {
                rename_refs(bfacts, bid, cid);
                json_array_remove(bents, j);
            } else {
                j++;
            }
        }
        old = by_id(bents, cid);
        if (old)
            json_object_update(old, c);
        else
            json_array_append(bents, c);
    }
    /* the curated ones first, in their order: ties in matching go the
     * way the author's table made them go */
    {
        json_t *order = json_array(), *e;
        if (!order)
            return;
        json_array_foreach(json_object_get(curated, "entities"), i, c)
        {
            e = by_id(bents, json_string_value(json_object_get(c, "id")));
            if (e)
                json_array_append(order, e);
        }
        json_array_foreach(bents, i, e)
        {
            if (!by_id(order, json_string_value(json_object_get(e, "id"))))
                json_array_append(order, e);
        }
        json_object_set_new(built, "entities", order);
    }
}

/* Drops repeated ids from a fact's actors and others. */
static void
dedupe_refs(json_t *facts)
{
    static const char *const keys[] = {"actors", "others"};
    size_t i, j, k, m;
    json_t *f;

    json_array_foreach(facts, i, f)
    {
        for (k = 0; k < 2; k++) {
            json_t *arr = json_object_get(f, keys[k]);
            for (j = 0; j < json_array_size(arr);) {
                const char *v = json_string_value(json_array_get(arr, j));
                int dup = 0;
                for (m = 0; m < j && !dup; m++)
                    dup = v && strcmp(v, json_string_value(
                                             json_array_get(arr, m))) == 0;
                if (dup)
                    json_array_remove(arr, j);
                else
                    j++;
            }
        }
    }
}

int
bot_build_overlay(json_t *built, json_t *curated, const struct bot_kb *kb)
{
    json_t *bfacts = json_object_get(built, "facts"), *c;
    static const char *const lists[] = {"synonyms", "antonyms"};
    size_t i, j, nbuilt = json_array_size(bfacts); /* built ones first */

    overlay_entities(built, curated);
    json_array_foreach(json_object_get(curated, "facts"), i, c)
    {
        const char *cid = json_string_value(json_object_get(c, "id"));
        int cs = bot_kb_sentence_of(
            kb, json_string_value(json_object_get(c, "quote")));
        json_t *old = by_id(bfacts, cid);
        if (old) {
            json_object_update(old, c);
            continue;
        }
        for (j = 0; cs && j < json_array_size(bfacts);) {
            json_t *bf = json_array_get(bfacts, j);
            const char *bid = json_string_value(json_object_get(bf, "id"));
            if (j < nbuilt && bid &&
                bot_kb_sentence_of(kb, json_string_value(json_object_get(
                                           bf, "quote"))) == cs) {
                json_array_remove(bfacts, j);
                nbuilt--;
            } else {
                j++;
            }
        }
        if (json_array_append(bfacts, c) < 0)
            return BOT_ENOMEM;
    }
    for (i = 0; i < 2; i++) {
        json_t *dst = json_object_get(built, lists[i]);
        json_array_foreach(json_object_get(curated, lists[i]), j, c)
        {
            if (json_array_append(dst, c) < 0)
                return BOT_ENOMEM;
        }
    }
    dedupe_refs(bfacts);
    return 0;
}
