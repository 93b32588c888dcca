/* Parsing one fact of facts.json into the knowledge model. */
#include "bot/knowledge/fact.h"

#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/knowledge/datescan.h"
#include "bot/knowledge/text.h"

char *
bot_fact_json_str(json_t *obj, const char *key, int *rc)
{
    json_t *v = json_object_get(obj, key);
    char *s;

    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *rc = BOT_EPARSE;
        return NULL;
    }
    s = strdup(json_string_value(v));
    if (!s)
        *rc = BOT_ENOMEM;
    return s;
}

static int
parse_ids(struct bot_kb *kb, json_t *arr, int *out, int *n, const char *fid)
{
    size_t i;
    json_t *v;

    *n = 0;
    json_array_foreach(arr, i, v)
    {
        int e = bot_kb_entity(kb, json_string_value(v));
        if (e < 0)
            return bot_fail(
                BOT_EPARSE, "facts.json: fact \"%s\": unknown entity \"%s\"",
                fid,
                json_string_value(v) ? json_string_value(v) : "(not a string)");
        if (*n < BOT_FACT_ENTITIES)
            out[(*n)++] = e;
    }
    return 0;
}

static int
parse_numbers(struct bot_fact *f, json_t *arr)
{
    size_t i;
    json_t *v;
    int rc = 0;

    json_array_foreach(arr, i, v)
    {
        struct bot_number *num;
        const char *cmp = json_string_value(json_object_get(v, "cmp"));
        if (f->nnumbers == BOT_FACT_NUMBERS)
            break;
        if (!json_is_number(json_object_get(v, "value")))
            return bot_fail(BOT_EPARSE,
                            "facts.json: fact \"%s\": number needs a value",
                            f->id);
        num = &f->numbers[f->nnumbers++];
        num->value = json_number_value(json_object_get(v, "value"));
        num->text = bot_fact_json_str(v, "text", &rc);
        num->unit = bot_fact_json_str(v, "unit", &rc);
        if (!cmp || strcmp(cmp, "eq") == 0)
            num->cmp = BOT_CMP_EQ;
        else if (strcmp(cmp, "gt") == 0)
            num->cmp = BOT_CMP_GT;
        else if (strcmp(cmp, "lt") == 0)
            num->cmp = BOT_CMP_LT;
        else
            num->cmp = BOT_CMP_ABOUT;
        if (rc < 0 || !num->text)
            return bot_fail(rc < 0 ? rc : BOT_EPARSE,
                            "facts.json: fact \"%s\": number needs a text",
                            f->id);
    }
    return 0;
}

/* Resolves the fact's date from "date" (ISO) or the article's words. */
static int
parse_date(struct bot_kb *kb, json_t *obj, struct bot_fact *f)
{
    const char *iso = json_string_value(json_object_get(obj, "date"));
    struct bot_date_ctx ctx = {kb->published, kb->published};
    char *folded;
    int rc;

    if (iso) {
        if (bot_date_parse_iso(&f->date, iso) < 0)
            return bot_fail(BOT_EPARSE,
                            "facts.json: fact \"%s\": bad date \"%s\"", f->id,
                            iso);
        return 0;
    }
    if (!f->when_text)
        return 0;
    folded = bot_text_fold(f->when_text, strlen(f->when_text));
    if (!folded)
        return BOT_ENOMEM;
    rc = bot_datescan_find(folded, &ctx, &f->date, NULL, NULL);
    free(folded);
    if (rc < 0)
        return bot_fail(BOT_EPARSE,
                        "facts.json: fact \"%s\": cannot read a date in "
                        "\"%s\"",
                        f->id, f->when_text);
    return 0;
}

static int
parse_status(struct bot_kb *kb, struct bot_fact *f, json_t *obj)
{
    const char *st = json_string_value(json_object_get(obj, "status"));
    const char *pol = json_string_value(json_object_get(obj, "polarity"));

    f->status = BOT_STATUS_FACT;
    if (st && strcmp(st, "scheduled") == 0)
        f->status = BOT_STATUS_SCHEDULED;
    else if (st && strcmp(st, "expected") == 0)
        f->status = BOT_STATUS_EXPECTED;
    else if (st && strcmp(st, "fact") != 0)
        return bot_fail(BOT_EPARSE,
                        "facts.json: fact \"%s\": unknown status \"%s\"", f->id,
                        st);
    f->negative = pol && strcmp(pol, "negative") == 0;
    f->importance = (int)json_integer_value(json_object_get(obj, "importance"));
    if (json_is_true(json_object_get(obj, "built")))
        kb->built = 1;
    return 0;
}

int
bot_fact_parse(struct bot_kb *kb, json_t *obj, int idx, struct bot_fact *f)
{
    int rc = 0;

    f->id = bot_fact_json_str(obj, "id", &rc);
    f->quote = bot_fact_json_str(obj, "quote", &rc);
    f->statement = bot_fact_json_str(obj, "statement", &rc);
    f->when_text = bot_fact_json_str(obj, "when", &rc);
    f->where = bot_fact_json_str(obj, "where", &rc);
    f->why = bot_fact_json_str(obj, "why", &rc);
    f->how = bot_fact_json_str(obj, "how", &rc);
    f->label = bot_fact_json_str(obj, "label", &rc);
    if (rc < 0)
        return bot_fail(rc, "facts.json: fact %d: bad field", idx);
    if (!f->id || !f->quote || !f->statement)
        return bot_fail(BOT_EPARSE,
                        "facts.json: fact %d needs id, quote and statement",
                        idx);
    f->sentence = bot_kb_sentence_of(kb, f->quote);
    if (!f->sentence)
        return bot_fail(BOT_EPARSE,
                        "facts.json: fact \"%s\": quote is not in the "
                        "article: \"%.60s\"",
                        f->id, f->quote);
    rc = parse_ids(kb, json_object_get(obj, "actors"), f->actors, &f->nactors,
                   f->id);
    if (rc == 0)
        rc = parse_ids(kb, json_object_get(obj, "others"), f->others,
                       &f->nothers, f->id);
    if (rc == 0)
        rc = parse_numbers(f, json_object_get(obj, "numbers"));
    if (rc == 0)
        rc = parse_status(kb, f, obj);
    if (rc == 0)
        rc = parse_date(kb, obj, f);
    return rc;
}

/* A growing set of concept ids, sorted and made unique at the end. */
struct cset {
    int *v;
    size_t n, cap;
};

static int
cset_add(struct cset *s, int c)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        int *v = realloc(s->v, cap * sizeof(*v));
        if (!v)
            return BOT_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = c;
    return 0;
}

static int
cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void
cset_finish(struct cset *s, int **out, size_t *n)
{
    size_t i, o = 0;

    if (s->n)
        qsort(s->v, s->n, sizeof(int), cmp_int);
    for (i = 0; i < s->n; i++) {
        if (o == 0 || s->v[o - 1] != s->v[i])
            s->v[o++] = s->v[i];
    }
    *out = s->v;
    *n = o;
}

/* Adds the concepts of every term of @text. */
static int
cset_text(struct bot_kb *kb, struct cset *s, const char *text)
{
    struct bot_words *words;
    struct bot_terms *terms;
    char *folded;
    size_t i;
    int j, rc = BOT_ENOMEM;

    if (!text)
        return 0;
    folded = bot_text_fold(text, strlen(text));
    words = malloc(sizeof(*words));
    terms = malloc(sizeof(*terms));
    if (!folded || !words || !terms)
        goto out;
    rc = bot_lex_add_vocab(&kb->lex, folded);
    if (rc == 0)
        rc = bot_lex_terms(&kb->lex, folded, 1, words, terms);
    for (i = 0; rc >= 0 && i < terms->n; i++) {
        for (j = 0; rc >= 0 && j < terms->t[i].nconcepts; j++)
            rc = cset_add(s, terms->t[i].concepts[j]);
    }
out:
    free(terms);
    free(words);
    free(folded);
    return rc < 0 ? rc : 0;
}

static int
cset_entities(struct bot_kb *kb, struct cset *s, const int *ids, int n)
{
    int i, rc = 0;

    for (i = 0; rc == 0 && i < n; i++) {
        const struct bot_entity *e = &kb->entities[ids[i]];
        rc = cset_add(s, e->concept);
        if (rc == 0)
            rc = cset_text(kb, s, e->name);
        /* Putin acts for Russia: a fact naming him involves Russia too. */
        if (rc == 0 && e->part_of >= 0)
            rc = cset_add(s, kb->entities[e->part_of].concept);
    }
    return rc;
}

int
bot_fact_index(struct bot_kb *kb, struct bot_fact *f, json_t *obj)
{
    /* Not "why", "how", "label" or "when": a reason or a manner often
     * names other parties, a label words the fact for a timeline, and dates
     * match as dates. */
    const char *texts[] = {f->quote, f->statement, f->where};
    struct cset s = {0};
    json_t *v;
    size_t i;
    int k, rc = 0;

    for (i = 0; rc == 0 && i < sizeof(texts) / sizeof(texts[0]); i++)
        rc = cset_text(kb, &s, texts[i]);
    for (k = 0; rc == 0 && k < f->nnumbers; k++)
        rc = cset_text(kb, &s, f->numbers[k].text);
    json_array_foreach(json_object_get(obj, "keywords"), i, v)
    {
        if (rc == 0)
            rc = cset_text(kb, &s, json_string_value(v));
    }
    if (rc == 0)
        rc = cset_entities(kb, &s, f->actors, f->nactors);
    if (rc == 0)
        rc = cset_entities(kb, &s, f->others, f->nothers);
    if (rc < 0) {
        free(s.v);
        return rc;
    }
    cset_finish(&s, &f->concepts, &f->nconcepts);
    return 0;
}

int
bot_fact_index_entity(struct bot_kb *kb, struct bot_entity *ent, json_t *obj)
{
    struct cset s = {0};
    json_t *v;
    size_t i;
    int rc;

    rc = cset_add(&s, ent->concept);
    if (rc == 0)
        rc = cset_text(kb, &s, ent->desc);
    if (rc == 0)
        rc = cset_text(kb, &s, ent->type);
    if (rc == 0)
        rc = cset_text(kb, &s, ent->where);
    json_array_foreach(json_object_get(obj, "aliases"), i, v)
    {
        if (rc == 0)
            rc = cset_text(kb, &s, json_string_value(v));
    }
    if (rc < 0) {
        free(s.v);
        return rc;
    }
    cset_finish(&s, &ent->concepts, &ent->nconcepts);
    return 0;
}
