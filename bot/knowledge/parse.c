/* The main clause of a sentence read by Link Grammar (Debian's
 * liblink-grammar5 and its English dictionary): the subject is the noun
 * an S link joins to its finite verb (the one the left wall's Wd link
 * names when there is one), the verb is followed through its auxiliaries
 * (PP, Pv, Pg, I links) to the one that carries the meaning, its objects
 * are its O links and a passive's agent is the noun after its "by" (MVp,
 * then J). Coordinations ("X and Y", SJ and VJ links) give every conjunct.
 * Without BOT_LINKGRAMMAR there is no parser: see the stubs at the end. */
#include "bot/knowledge/parse.h"

#include <stdlib.h>

#ifdef BOT_LINKGRAMMAR

#include <ctype.h>
#include <locale.h>
#include <string.h>
#include <strings.h>

#include <link-grammar/link-includes.h>

/* The bounds of one sentence's parse: longer sentences are left to the
 * heuristics (the parse's cost grows with the cube of the length), as is
 * one with no complete linkage within the time (Link Grammar's timer
 * counts whole seconds) or the linkage limit. */
#define PARSE_MAX_WORDS   40
#define PARSE_MAX_SECONDS 1
#define PARSE_LINKAGES    1000

struct bot_parser {
    Dictionary dict;
    Parse_Options opts;
    locale_t utf8; /* Link Grammar reads words with the C library's
                      multibyte functions: a UTF-8 LC_CTYPE while it parses */
};

/* Link Grammar's messages (a dictionary's locale, a word it guesses) say
 * nothing the bot's user can act on: a sentence it cannot read is left to
 * the heuristics. */
static void
quiet(lg_errinfo *ei, void *data)
{
    (void)ei;
    (void)data;
}

int
bot_parser_open(struct bot_parser **out)
{
    struct bot_parser *p = calloc(1, sizeof(*p));
    char *saved = NULL;
    const char *cur;

    *out = NULL;
    if (!p)
        return BOT_ENOMEM;
    lg_error_set_handler(quiet, NULL);
    /* Reading the dictionary sets the process's LC_CTYPE to UTF-8 when it
     * is not: the rest of the bot reads bytes in the locale it had */
    cur = setlocale(LC_ALL, NULL);
    if (cur && !(saved = strdup(cur))) {
        free(p);
        return BOT_ENOMEM;
    }
    p->dict = dictionary_create_lang("en");
    if (saved) {
        setlocale(LC_ALL, saved);
        free(saved);
    }
    p->opts = parse_options_create();
    p->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!p->dict || !p->opts || p->utf8 == (locale_t)0) {
        bot_parser_close(p);
        return 0; /* no parser: the heuristics alone */
    }
    parse_options_set_verbosity(p->opts, 0);
    parse_options_set_linkage_limit(p->opts, PARSE_LINKAGES);
    parse_options_set_max_parse_time(p->opts, PARSE_MAX_SECONDS);
    parse_options_set_min_null_count(p->opts, 0);
    parse_options_set_max_null_count(p->opts, 0); /* complete linkages only */
    parse_options_set_islands_ok(p->opts, 0);
    parse_options_set_spell_guess(p->opts, 0);
    parse_options_set_repeatable_rand(p->opts, 1);
    *out = p;
    return 0;
}

void
bot_parser_close(struct bot_parser *p)
{
    if (!p)
        return;
    if (p->opts)
        parse_options_delete(p->opts);
    if (p->dict)
        dictionary_delete(p->dict);
    if (p->utf8 != (locale_t)0)
        freelocale(p->utf8);
    free(p);
}

/* The best-ranked linkage of a sentence and how many links it has. */
struct links {
    Linkage lk;
    size_t nlinks;
};

/* True if @label is a link of @type: the type's capitals, then nothing
 * or subscripts (lower case or '*'): "Ss*s" is an S link, "SJls" is not. */
static int
is_type(const char *label, const char *type)
{
    size_t n = strlen(type);

    return strncmp(label, type, n) == 0 && !isupper((unsigned char)label[n]);
}

static const char *
label_of(const struct links *l, size_t i)
{
    return linkage_get_link_label(l->lk, i);
}

static size_t
left_of(const struct links *l, size_t i)
{
    return linkage_get_link_lword(l->lk, i);
}

static size_t
right_of(const struct links *l, size_t i)
{
    return linkage_get_link_rword(l->lk, i);
}

/* True if word @w is @text, before its subscript ("that.j-p"). */
static int
word_is(const struct links *l, size_t w, const char *text)
{
    const char *s = linkage_get_word(l->lk, w);
    size_t n = strlen(text);

    return s && strncasecmp(s, text, n) == 0 &&
           (s[n] == '\0' || s[n] == '.' || s[n] == '[');
}

/* The first word a link of @type joins to @w on its right; or 0 (the
 * wall, never a word of the sentence). */
static size_t
linked(const struct links *l, size_t w, const char *type)
{
    size_t i;

    for (i = 0; i < l->nlinks; i++) {
        if (left_of(l, i) == w && is_type(label_of(l, i), type))
            return right_of(l, i);
    }
    return 0;
}

/* The noun phrase whose head is word @h, up to the head: the words the
 * head gathers on its left through determiners, adjectives, names and
 * possessives ("Russia's Prosecutor General's Office"). */
static size_t
phrase_of(const struct links *l, size_t h, struct bot_phrase *out)
{
    static const char *const inner[] = {"G",  "GN", "AN", "A",  "D",  "DG",
                                        "DD", "DT", "YS", "YP", "L",  "NM",
                                        "ND", "NN", "NA", "E",  "EA", NULL};
    size_t first = h, i, k;
    int grew = 1;
    char in[256] = {0};

    memset(out, 0, sizeof(*out));
    out->head_a = linkage_get_word_byte_start(l->lk, h);
    out->z = out->head_z = linkage_get_word_byte_end(l->lk, h);
    out->a = out->head_a;
    if (h >= sizeof(in))
        return h;
    in[h] = 1;
    while (grew) {
        grew = 0;
        for (i = 0; i < l->nlinks; i++) {
            size_t a = left_of(l, i), z = right_of(l, i), other;
            const char *lab = label_of(l, i);
            if (a == 0 || z >= sizeof(in) || (in[a] && in[z]) ||
                (!in[a] && !in[z]))
                continue;
            other = in[a] ? z : a;
            if (other > h)
                continue;
            for (k = 0; inner[k] && !is_type(lab, inner[k]); k++)
                ;
            if (!inner[k])
                continue;
            in[other] = 1;
            grew = 1;
            if (other < first)
                first = other;
        }
    }
    out->a = linkage_get_word_byte_start(l->lk, first);
    return first;
}

/* The phrase of head @h with its appositive, if an MX link gives one set
 * off by a comma ("PVW's chief executive, Ruth Abernethy,"; not the
 * acronym in "Pennine Valley Water (PVW)"). */
static void
party_of(const struct links *l, size_t h, struct bot_phrase *out)
{
    struct bot_phrase app;
    size_t w = linked(l, h, "MX"), first;

    phrase_of(l, h, out);
    if (w > h) {
        first = phrase_of(l, w, &app);
        if (first > 1 && word_is(l, first - 1, ",")) {
            out->app_a = app.a;
            out->app_z = app.z;
        }
    }
}

/* Adds the noun phrase of word @w, or of each conjunct when @w is a
 * conjunction ("Kestrel, Lowmoor and Brightwater": SJ links). */
static void
add_party(const struct links *l, size_t w, struct bot_phrase *arr, int *n,
          int depth)
{
    size_t i;
    int any = 0;

    if (w == 0 || depth > 4)
        return;
    for (i = 0; i < l->nlinks; i++) {
        const char *lab = label_of(l, i);
        if (is_type(lab, "SJl") && right_of(l, i) == w) {
            add_party(l, left_of(l, i), arr, n, depth + 1);
            any = 1;
        } else if (is_type(lab, "SJr") && left_of(l, i) == w) {
            add_party(l, right_of(l, i), arr, n, depth + 1);
            any = 1;
        }
    }
    if (!any && *n < BOT_CLAUSE_PARTIES)
        party_of(l, w, &arr[(*n)++]);
}

/* The objects and the agent of verb @v, through its auxiliaries ("has
 * asked", "was convicted by", "will consider"), and of each conjunct when
 * @v is a conjunction of verbs ("remanded him and set a date"). */
static void
add_verb(const struct links *l, size_t v, struct bot_clause *c, int depth)
{
    size_t i, step, by;
    int any = 0;

    if (v == 0 || depth > 4)
        return;
    for (i = 0; i < l->nlinks; i++) {
        const char *lab = label_of(l, i);
        if (is_type(lab, "VJl") && right_of(l, i) == v) {
            add_verb(l, left_of(l, i), c, depth + 1);
            any = 1;
        } else if (is_type(lab, "VJr") && left_of(l, i) == v) {
            add_verb(l, right_of(l, i), c, depth + 1);
            any = 1;
        }
    }
    if (any)
        return;
    for (step = 0; step < 6; step++) {
        size_t next = linked(l, v, "Pv");
        if (next) {
            c->passive = 1;
        } else {
            next = linked(l, v, "PP");
            if (!next)
                next = linked(l, v, "Pg");
            if (!next)
                next = linked(l, v, "I");
        }
        if (!next)
            break;
        v = next;
    }
    if (!c->verb_z) {
        c->verb_a = linkage_get_word_byte_start(l->lk, v);
        c->verb_z = linkage_get_word_byte_end(l->lk, v);
    }
    for (i = 0; i < l->nlinks; i++) {
        if (left_of(l, i) == v && is_type(label_of(l, i), "O"))
            add_party(l, right_of(l, i), c->objects, &c->nobjects, 0);
    }
    for (i = 0; c->passive && i < l->nlinks; i++) {
        if (left_of(l, i) != v || !is_type(label_of(l, i), "MVp"))
            continue;
        by = right_of(l, i);
        if (word_is(l, by, "by"))
            add_party(l, linked(l, by, "J"), c->agents, &c->nagents, 0);
    }
}

static int
relative_pronoun(const struct links *l, size_t w)
{
    return word_is(l, w, "which") || word_is(l, w, "who") ||
           word_is(l, w, "that") || word_is(l, w, "whom");
}

/* The subject linked to its verb by an S link from word @w, or (@w 0)
 * the first that does not open a relative clause. */
static int
subject_link(const struct links *l, size_t w, size_t *subj, size_t *verb)
{
    size_t i;

    *subj = 0;
    for (i = 0; i < l->nlinks; i++) {
        size_t a = left_of(l, i);
        if (!is_type(label_of(l, i), "S") || (w && a != w) ||
            (*subj && a > *subj) || (!w && relative_pronoun(l, a)))
            continue;
        *subj = a;
        *verb = right_of(l, i);
    }
    return *subj != 0;
}

/* The main clause's subject and its verb: the noun the left wall's Wd
 * link names, else the first subject that does not open a relative
 * clause, else an inverted one ("..., said the spokesman"). */
static int
main_clause(const struct links *l, size_t *subj, size_t *verb)
{
    size_t i, w = 0;

    for (i = 0; i < l->nlinks && !w; i++) {
        if (left_of(l, i) == 0 && is_type(label_of(l, i), "Wd"))
            w = right_of(l, i);
    }
    if ((w && subject_link(l, w, subj, verb)) || subject_link(l, 0, subj, verb))
        return 1;
    for (i = 0; i < l->nlinks; i++) {
        if (is_type(label_of(l, i), "SI")) {
            *verb = left_of(l, i);
            *subj = right_of(l, i);
            return 1;
        }
    }
    return 0;
}

static size_t
count_words(const char *s)
{
    size_t n = 0;
    int in = 0;

    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t') {
            in = 0;
        } else if (!in) {
            in = 1;
            n++;
        }
    }
    return n;
}

int
bot_parse_clause(struct bot_parser *p, const char *sentence,
                 struct bot_clause *out)
{
    struct links l = {0};
    size_t subj = 0, verb = 0;
    Sentence sent;
    locale_t prev;
    int found = 0;

    memset(out, 0, sizeof(*out));
    if (!p || count_words(sentence) > PARSE_MAX_WORDS)
        return 0;
    prev = uselocale(p->utf8);
    sent = sentence_create(sentence, p->dict);
    if (sent && sentence_parse(sent, p->opts) > 0 &&
        sentence_num_valid_linkages(sent) > 0) {
        l.lk = linkage_create(0, sent, p->opts);
        if (l.lk) {
            l.nlinks = linkage_get_num_links(l.lk);
            if (main_clause(&l, &subj, &verb)) {
                add_party(&l, subj, out->subjects, &out->nsubjects, 0);
                add_verb(&l, verb, out, 0);
                found = out->nsubjects > 0;
            }
            linkage_delete(l.lk);
        }
    }
    if (sent)
        sentence_delete(sent);
    uselocale(prev);
    if (!found)
        memset(out, 0, sizeof(*out));
    return found;
}

#else /* no parser: the builder's heuristics decide alone */

int
bot_parser_open(struct bot_parser **out)
{
    *out = NULL;
    return 0;
}

void
bot_parser_close(struct bot_parser *p)
{
    (void)p;
}

int
bot_parse_clause(struct bot_parser *p, const char *sentence,
                 struct bot_clause *out)
{
    (void)p;
    (void)sentence;
    (void)out;
    return 0;
}

#endif
