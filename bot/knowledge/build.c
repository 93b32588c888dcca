/* The fact table built from the article's text. Each sentence (headline
 * and subheads included) becomes a fact quoting it; names become entities
 * with their roles, acronyms and short forms; dates are resolved against
 * the publication date; numbers, reasons, places and speakers fill the
 * fact's slots. Heuristics over words and capitals, no parser: see
 * README "How the fact table is built" for why. Pure: no I/O. */
#include "bot/knowledge/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build_int.h"

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

    build_clause_of(text, f, &a, &z);
    clause = strndup(text + a, z - a);
    snprintf(id, sizeof(id), "s%dd%d", si + 1, k + 1);
    g = clause ? json_pack("{s:s,s:s,s:s,s:O,s:O,s:i,s:b}", "id", id, "quote",
                           clause, "statement", clause, "actors",
                           json_object_get(sentence_fact, "actors"), "others",
                           json_object_get(sentence_fact, "others"),
                           "importance", 0, "built", 1)
               : NULL;
    rc = g ? build_set_date(b, g, f, clause) : BOT_ENOMEM;
    if (rc == 0)
        rc = build_set_label(g, text, f);
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
    size_t nd = build_dates_of(b, bs->text, dates), i;
    char id[24];
    json_t *f;

    for (i = 0; i < nd; i++) {
        if (dates[i].d.prec >= BOT_PREC_YEAR)
            b->recent = dates[i].d;
    }

    snprintf(id, sizeof(id), "s%d", si + 1);
    f = json_pack("{s:s,s:s,s:s,s:b}", "id", id, "quote", bs->text, "statement",
                  bs->text, "built", 1);
    if (!f)
        return BOT_ENOMEM;
    subj = b->speaker[si] >= 0 ? b->speaker[si] : build_subject_of(b, si, s);
    if (subj < 0)
        subj = build_speaker_of(b, si, s);
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
        rc = build_set_date(b, f, &dates[0], bs->text);
    if (rc == 0 && nd)
        rc = build_set_label(f, bs->text, &dates[0]);
    if (rc == 0)
        rc = build_numbers_of(s, f);
    if (rc == 0)
        rc = build_why_of(s, f);
    if (rc == 0)
        rc = build_where_of(b, si, s, f);
    if (rc == 0 && build_negative_of(s))
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

/* True if @role holds @phrase as whole words, "the " before it left
 * out: "guild secretary" holds "the guild". */
static int
role_names(const char *role, const char *phrase)
{
    if (!strncasecmp(phrase, "the ", 4))
        phrase += 4;
    return strlen(phrase) >= 2 && bot_text_has_words(role, phrase);
}

/* The organisation or place a person's role names ("WRT chief
 * executive", "guild secretary", "Grenholt's mayor"), or -1: the person
 * acts for it. */
static int
role_of_what(const struct builder *b, const struct ent *e)
{
    size_t k;
    int a;

    if (e->type != E_PERSON || !*e->role)
        return -1;
    for (k = 0; k < b->nents; k++) {
        const struct ent *o = &b->ents[k];
        if (o == e || o->type == E_PERSON)
            continue;
        if (role_names(e->role, o->name))
            return (int)k;
        for (a = 0; a < o->naliases; a++) {
            if (role_names(e->role, o->aliases[a]))
                return (int)k;
        }
    }
    return -1;
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
    if (j && (k = role_of_what(b, e)) >= 0 &&
        json_object_set_new(j, "part_of", json_string(b->ents[k].id)) < 0) {
        json_decref(j);
        return BOT_ENOMEM;
    }
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
               bot_kb_same_paragraph(b->kb, (int)j + 1, (int)j + 2))
            j++;
        para_end = j;
        for (j = i; j <= para_end && who < 0; j++)
            who = build_speaker_of(b, (int)j, &ss[j]);
        if (build_open_quote(b->kb->sentences[i].text)) {
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

    build_iso_of(&kb->published, iso, sizeof(iso));
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
        build_tokenize(kb->sentences[i].text, &ss[i]);
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
        if (build_scan_names(&b, (int)si, &ss[si]) < 0)
            goto out;
    }
    for (i = 0; i < b.nents; i++) {
        build_add_short_forms(&b.ents[i], kb->english, ss);
    }
    for (i = 0; i < n; i++) {
        if (!b.skip[i])
            build_scan_short_forms(&b, (int)i, &ss[i]);
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
