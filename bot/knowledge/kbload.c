/* The knowledge loader: reads a folder's facts.json and the article it
 * names, splits the article into sentences, parses the entities and facts
 * and builds the postings from concepts to facts. The only file of the
 * knowledge that reads files. */
#include "bot/knowledge/kbload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bot/base/log.h"
#include "bot/knowledge/build.h"
#include "bot/knowledge/english.h"
#include "bot/knowledge/fact.h"
#include "bot/knowledge/text.h"
#include "bot/knowledge/wordnet.h"

/* Reads @path whole into a NUL-terminated buffer of at most @cap bytes. */
static int
read_file(const char *path, size_t cap, char **out, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;
    int rc = 0;

    *out = NULL;
    if (!fp)
        return bot_fail(BOT_EIO, "%s: %s", path, strerror(errno));
    buf = malloc(cap + 1);
    if (!buf) {
        rc = BOT_ENOMEM;
        goto out;
    }
    n = fread(buf, 1, cap + 1, fp);
    if (ferror(fp)) {
        rc = bot_fail(BOT_EIO, "%s: read failed", path);
        goto out;
    }
    if (n > cap) {
        rc = bot_fail(BOT_ETOOBIG, "%s: larger than %zu bytes", path, cap);
        goto out;
    }
    if (bot_text_utf8_check(buf, n) < 0 || memchr(buf, '\0', n)) {
        rc = bot_fail(BOT_EPARSE, "%s: not valid UTF-8 text", path);
        goto out;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
out:
    free(buf);
    fclose(fp);
    return rc;
}

static char *
path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int
push_sentence(struct bot_kb *kb, size_t start, size_t end, int heading,
              size_t *cap)
{
    struct bot_sentence *s;

    while (start < end && (kb->article[start] == ' '))
        start++;
    while (end > start && kb->article[end - 1] == ' ')
        end--;
    if (start == end)
        return 0;
    if (kb->nsentences == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        s = realloc(kb->sentences, ncap * sizeof(*s));
        if (!s)
            return BOT_ENOMEM;
        kb->sentences = s;
        *cap = ncap;
    }
    s = &kb->sentences[kb->nsentences];
    s->text = strndup(kb->article + start, end - start);
    if (!s->text)
        return BOT_ENOMEM;
    s->start = start;
    s->end = end;
    s->heading = heading;
    kb->nsentences++;
    return 0;
}

/* Length of a closing quote at @p ("”" or '"'), else 0. */
static size_t
closing_quote(const char *p)
{
    if (strncmp(p, "\xe2\x80\x9d", 3) == 0 ||
        strncmp(p, "\xe2\x80\x99", 3) == 0)
        return 3;
    return *p == '"' ? 1 : 0;
}

/* True if the period at @dot ends an abbreviation, not a sentence: "a.m.",
 * "U.S.", "Mr.", "Dr.", "St.", "No.". */
static int
abbreviation(const char *a, size_t start, size_t dot)
{
    static const char *const abbrevs[] = {
        "Mr",   "Mrs",  "Ms",  "Dr",  "St",  "Jr",     "Sr",  "No",
        "vs",   "Prof", "Gen", "Gov", "Sen", "Rep",    "Lt",  "Col",
        "Capt", "Inc",  "Ltd", "Co",  "Mt",  "approx", "etc", NULL};
    size_t w = dot, k;

    if (a[dot] != '.')
        return 0;
    while (w > start && a[w - 1] != ' ' && a[w - 1] != '(')
        w--;
    if (dot - w >= 2 && a[dot - 2] == '.')
        return 1; /* "a.m.", "U.S." */
    for (k = 0; abbrevs[k]; k++) {
        if (dot - w == strlen(abbrevs[k]) &&
            strncmp(a + w, abbrevs[k], dot - w) == 0)
            return 1;
    }
    return 0;
}

/* True if the text after a stop goes on in lower case ("4 a.m. next
 * Monday"): the stop did not end the sentence. */
static int
lower_follows(const char *p, size_t n)
{
    size_t i = 0;

    while (i < n && p[i] == ' ')
        i++;
    return i < n && p[i] >= 'a' && p[i] <= 'z';
}

/* Splits one line [start, end) into sentences at ". ", "? ", "! ". */
static int
split_line(struct bot_kb *kb, size_t start, size_t end, size_t *cap)
{
    const char *a = kb->article;
    size_t i = start, last = end;
    int heading, rc;

    while (last > start && a[last - 1] == ' ')
        last--;
    heading =
        !(last > start && (strchr(".?!", a[last - 1]) ||
                           (last - start > 3 && closing_quote(a + last - 3) &&
                            strchr(".?!", a[last - 4])) ||
                           (last - start > 1 && a[last - 1] == '"' &&
                            strchr(".?!", a[last - 2]))));
    for (; i < end; i++) {
        size_t q;
        if (!strchr(".?!", a[i]) || heading || abbreviation(a, start, i))
            continue;
        q = closing_quote(a + i + 1);
        if (i + 1 + q >= end ||
            (a[i + 1 + q] == ' ' &&
             !lower_follows(a + i + 1 + q, end - i - 1 - q))) {
            rc = push_sentence(kb, start, i + 1 + q, 0, cap);
            if (rc < 0)
                return rc;
            start = i + 1 + q;
        }
    }
    return push_sentence(kb, start, end, heading, cap);
}

static int
split_sentences(struct bot_kb *kb)
{
    size_t start = 0, cap = 0;

    while (start < kb->article_len) {
        const char *nl = strchr(kb->article + start, '\n');
        size_t end = nl ? (size_t)(nl - kb->article) : kb->article_len;
        int rc = split_line(kb, start, end, &cap);
        if (rc < 0)
            return rc;
        start = end + 1;
    }
    return 0;
}

/* Appends the strings of @arr, and @extra, to one text for indexing. */
static int
add_texts(struct bot_lex *lex, json_t *arr, int concept, int entity)
{
    size_t i;
    json_t *v;
    int rc;

    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v))
            return BOT_EPARSE;
        rc = bot_lex_add(lex, json_string_value(v), concept, entity);
        if (rc == 0)
            rc = bot_lex_add_vocab(lex, json_string_value(v));
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int
load_synonyms(struct bot_kb *kb, json_t *root)
{
    json_t *groups = json_object_get(root, "synonyms"), *g;
    json_t *ants = json_object_get(root, "antonyms");
    size_t i, j;
    int rc;

    json_array_foreach(groups, i, g)
    {
        rc = add_texts(&kb->lex, g, bot_lex_new_concept(&kb->lex), -1);
        if (rc < 0)
            return bot_fail(rc,
                            "facts.json: synonyms[%zu] is not a list "
                            "of strings",
                            i);
    }
    json_array_foreach(ants, i, g)
    {
        int a = bot_lex_new_concept(&kb->lex);
        for (j = 1; j < json_array_size(g); j++) {
            int b = bot_lex_new_concept(&kb->lex);
            const char *w = json_string_value(json_array_get(g, j));
            rc = w ? bot_lex_add(&kb->lex, w, b, -1) : BOT_EPARSE;
            if (rc == 0)
                rc = bot_lex_add_antonym(&kb->lex, a, b);
            if (rc < 0)
                return bot_fail(rc,
                                "facts.json: antonyms[%zu] is not a "
                                "list of strings",
                                i);
        }
        rc = json_is_string(json_array_get(g, 0))
                 ? bot_lex_add(&kb->lex,
                               json_string_value(json_array_get(g, 0)), a, -1)
                 : BOT_EPARSE;
        if (rc < 0)
            return bot_fail(rc,
                            "facts.json: antonyms[%zu] is not a list "
                            "of strings",
                            i);
    }
    return 0;
}

static int
load_entity(struct bot_kb *kb, json_t *e, struct bot_entity *ent, int idx)
{
    int rc = 0;

    ent->id = bot_fact_json_str(e, "id", &rc);
    ent->name = bot_fact_json_str(e, "name", &rc);
    ent->type = bot_fact_json_str(e, "type", &rc);
    ent->desc = bot_fact_json_str(e, "desc", &rc);
    ent->quote = bot_fact_json_str(e, "quote", &rc);
    ent->where = bot_fact_json_str(e, "where", &rc);
    if (rc < 0)
        return bot_fail(rc, "facts.json: entity %d: bad field", idx);
    if (!ent->id || !ent->name || !ent->desc)
        return bot_fail(BOT_EPARSE,
                        "facts.json: entity %d needs id, name and desc", idx);
    ent->person = ent->type && strcmp(ent->type, "person") == 0;
    ent->place =
        ent->type &&
        (strcmp(ent->type, "country") == 0 || strcmp(ent->type, "city") == 0 ||
         strcmp(ent->type, "region") == 0 || strcmp(ent->type, "place") == 0);
    ent->sentence = bot_kb_sentence_of(kb, ent->quote);
    if (!ent->sentence)
        return bot_fail(BOT_EPARSE,
                        "facts.json: entity \"%s\": quote is not in the "
                        "article",
                        ent->id);
    ent->concept = bot_lex_new_concept(&kb->lex);
    rc = bot_lex_add(&kb->lex, ent->name, ent->concept, idx);
    if (rc == 0)
        rc = bot_lex_add_vocab(&kb->lex, ent->name);
    if (rc == 0)
        rc = add_texts(&kb->lex, json_object_get(e, "aliases"), ent->concept,
                       idx);
    if (rc < 0)
        return bot_fail(rc, "facts.json: entity \"%s\": bad aliases", ent->id);
    return 0;
}

static int
load_entities(struct bot_kb *kb, json_t *root)
{
    json_t *arr = json_object_get(root, "entities"), *e;
    size_t i;
    int rc;

    if (!json_is_array(arr))
        return bot_fail(BOT_EPARSE, "facts.json: \"entities\" must be a list");
    kb->entities = calloc(json_array_size(arr) + 1, sizeof(*kb->entities));
    if (!kb->entities)
        return BOT_ENOMEM;
    json_array_foreach(arr, i, e)
    {
        rc = load_entity(kb, e, &kb->entities[i], (int)i);
        kb->nentities = i + 1;
        if (rc < 0)
            return rc;
        if (bot_kb_entity(kb, kb->entities[i].id) != (int)i)
            return bot_fail(BOT_EPARSE, "facts.json: entity \"%s\" twice",
                            kb->entities[i].id);
    }
    /* "part_of" may name an entity listed later. */
    json_array_foreach(arr, i, e)
    {
        const char *of = json_string_value(json_object_get(e, "part_of"));
        kb->entities[i].part_of = bot_kb_entity(kb, of);
        if (of && kb->entities[i].part_of < 0)
            return bot_fail(BOT_EPARSE,
                            "facts.json: entity \"%s\": unknown part_of "
                            "\"%s\"",
                            kb->entities[i].id, of);
    }
    return 0;
}

static int
load_facts(struct bot_kb *kb, json_t *root)
{
    json_t *arr = json_object_get(root, "facts"), *f;
    size_t i;
    int rc;

    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return bot_fail(BOT_EPARSE, "facts.json: \"facts\" must be a "
                                    "non-empty list");
    kb->facts = calloc(json_array_size(arr), sizeof(*kb->facts));
    if (!kb->facts)
        return BOT_ENOMEM;
    json_array_foreach(arr, i, f)
    {
        kb->nfacts = i + 1;
        rc = bot_fact_parse(kb, f, (int)i, &kb->facts[i]);
        if (rc < 0)
            return rc;
    }
    for (i = 0; i < kb->nfacts; i++) {
        const struct bot_fact *g = &kb->facts[i];
        int k;
        for (k = 0; k < g->nactors; k++)
            kb->entities[g->actors[k]].nfacts++;
        for (k = 0; k < g->nothers; k++)
            kb->entities[g->others[k]].nfacts++;
    }
    /* Index only once every entity and fact is known, so that every
     * alias is recognised in every text. */
    json_array_foreach(arr, i, f)
    {
        rc = bot_fact_index(kb, &kb->facts[i], f);
        if (rc < 0)
            return rc;
    }
    json_array_foreach(json_object_get(root, "entities"), i, f)
    {
        rc = bot_fact_index_entity(kb, &kb->entities[i], f);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Links each fact to the first fact of the sentence before it in its
 * paragraph: a later sentence goes on about what the earlier one named
 * ("tabled a motion of no confidence. ... the vote must take place").
 * Subheads neither give nor take context. */
static int
link_context(struct bot_kb *kb)
{
    int *first = malloc((kb->nsentences + 1) * sizeof(*first));
    size_t i;

    if (!first)
        return BOT_ENOMEM;
    for (i = 0; i <= kb->nsentences; i++)
        first[i] = -1;
    for (i = kb->nfacts; i-- > 0;) { /* the lowest index wins */
        int s = kb->facts[i].sentence;
        if (s >= 1 && (size_t)s <= kb->nsentences)
            first[s] = (int)i;
    }
    for (i = 0; i < kb->nfacts; i++) {
        struct bot_fact *f = &kb->facts[i];
        int s = f->sentence;
        f->context = -1;
        if (s >= 2 && (size_t)s <= kb->nsentences &&
            !kb->sentences[s - 2].heading && !kb->sentences[s - 1].heading &&
            bot_kb_same_paragraph(kb, s - 1, s))
            f->context = first[s - 1];
    }
    free(first);
    return 0;
}

/* Inverts the facts' concept sets into postings, so that a question's
 * terms find their facts without testing every fact. */
static int
build_postings(struct bot_kb *kb)
{
    size_t nc = (size_t)kb->lex.nconcepts, total = 0, i, k;
    size_t *fill;

    kb->post_start = calloc(nc + 1, sizeof(size_t));
    fill = calloc(nc + 1, sizeof(size_t));
    for (i = 0; i < kb->nfacts; i++)
        total += kb->facts[i].nconcepts;
    kb->post_facts = malloc((total + 1) * sizeof(int));
    if (!kb->post_start || !fill || !kb->post_facts) {
        free(fill);
        return BOT_ENOMEM;
    }
    for (i = 0; i < kb->nfacts; i++) {
        for (k = 0; k < kb->facts[i].nconcepts; k++)
            kb->post_start[kb->facts[i].concepts[k] + 1]++;
    }
    for (i = 0; i < nc; i++)
        kb->post_start[i + 1] += kb->post_start[i];
    for (i = 0; i < kb->nfacts; i++) {
        for (k = 0; k < kb->facts[i].nconcepts; k++) {
            int c = kb->facts[i].concepts[k];
            kb->post_facts[kb->post_start[c] + fill[c]++] = (int)i;
        }
    }
    free(fill);
    return 0;
}

static int
load_meta(struct bot_kb *kb, json_t *root, char **article_name)
{
    json_t *meta = json_object_get(root, "meta");
    const char *pub = json_string_value(json_object_get(meta, "published"));
    int rc = 0;

    if (json_integer_value(json_object_get(root, "format")) != 1)
        return bot_fail(BOT_EPARSE, "facts.json: \"format\" must be 1");
    if (!pub || bot_date_parse_iso(&kb->published, pub) < 0 ||
        kb->published.prec != BOT_PREC_DAY)
        return bot_fail(BOT_EPARSE, "facts.json: meta.published must be a "
                                    "date like 2025-03-31");
    kb->title = bot_fact_json_str(meta, "title", &rc);
    kb->outlet = bot_fact_json_str(meta, "outlet", &rc);
    kb->editor = bot_fact_json_str(meta, "editor", &rc);
    kb->author = bot_fact_json_str(meta, "author", &rc);
    *article_name = bot_fact_json_str(meta, "article", &rc);
    if (rc < 0)
        return bot_fail(rc, "facts.json: bad meta field");
    if (!*article_name || strstr(*article_name, ".."))
        return bot_fail(BOT_EPARSE, "facts.json: meta.article must name the "
                                    "article file in the same folder");
    return 0;
}

static int
load_json(const char *path, json_t **root)
{
    json_error_t jerr;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    rc = read_file(path, BOT_KB_TABLE_MAX, &buf, &len);
    if (rc < 0)
        return rc;
    *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    free(buf);
    if (!*root)
        return bot_fail(BOT_EPARSE, "%s:%d:%d: %s", path, jerr.line,
                        jerr.column, jerr.text);
    if (!json_is_object(*root)) {
        json_decref(*root);
        *root = NULL;
        return bot_fail(BOT_EPARSE, "%s: must hold a JSON object", path);
    }
    return 0;
}

/* Reads meta.json: "published" (YYYY-MM-DD) is required; "title",
 * "outlet", "author", "editor" and "url" are optional strings. */
static int
load_meta_file(struct bot_kb *kb, const char *path)
{
    static const char *const optional[] = {"title", "outlet", "author",
                                           "editor", "url"};
    char **slots[] = {&kb->title, &kb->outlet, &kb->author, &kb->editor,
                      &kb->url};
    json_t *root = NULL;
    const char *pub;
    size_t k;
    int rc;

    rc = load_json(path, &root);
    if (rc < 0)
        return rc;
    pub = json_string_value(json_object_get(root, "published"));
    if (!pub || bot_date_parse_iso(&kb->published, pub) < 0 ||
        kb->published.prec != BOT_PREC_DAY) {
        json_decref(root);
        return bot_fail(BOT_EPARSE,
                        "%s: \"published\" must be a date like 2025-03-31",
                        path);
    }
    for (k = 0; k < sizeof(optional) / sizeof(optional[0]); k++) {
        json_t *v = json_object_get(root, optional[k]);
        if (v && !json_is_string(v) && !json_is_null(v)) {
            json_decref(root);
            return bot_fail(BOT_EPARSE, "%s: \"%s\" must be a string", path,
                            optional[k]);
        }
        free(*slots[k]);
        *slots[k] = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
        if (json_is_string(v) && !*slots[k]) {
            json_decref(root);
            return BOT_ENOMEM;
        }
    }
    json_decref(root);
    return 0;
}

static int
file_exists(const char *path)
{
    FILE *fp = fopen(path, "rb");

    if (fp)
        fclose(fp);
    return fp != NULL;
}

/* The article's words into @kb, split into sentences. */
static int
load_article(struct bot_kb *kb, const char *dir, const char *name)
{
    char *path = path_join(dir, name);
    int rc;

    if (!path)
        return BOT_ENOMEM;
    rc = read_file(path, BOT_KB_ARTICLE_MAX, &kb->article, &kb->article_len);
    free(path);
    if (rc == 0)
        rc = split_sentences(kb);
    if (rc == 0)
        rc = bot_english_open(&kb->english, BOT_TEXTCAT_DIR);
    return rc;
}

/* The table to load: facts.json as written, or (with meta.json) the table
 * built from the article with facts.json laid over it as a curation. */
static int
load_table(struct bot_kb *kb, const char *dir, json_t **root)
{
    char *table = path_join(dir, "facts.json");
    char *meta = path_join(dir, "meta.json");
    char *name = NULL;
    json_t *curated = NULL;
    int rc = BOT_ENOMEM, has_table, has_meta;

    *root = NULL;
    if (!table || !meta)
        goto out;
    has_table = file_exists(table);
    has_meta = file_exists(meta);
    if (!has_meta) {
        /* a hand-written table alone, naming its article */
        rc = load_json(table, root);
        if (rc == 0)
            rc = load_meta(kb, *root, &name);
        if (rc == 0)
            rc = load_article(kb, dir, name);
        goto out;
    }
    rc = load_meta_file(kb, meta);
    if (rc == 0)
        rc = load_article(kb, dir, "article.txt");
    if (rc == 0)
        rc = bot_build_table(kb, root);
    if (rc == 0 && has_table) {
        rc = load_json(table, &curated);
        if (rc == 0)
            rc = bot_build_overlay(*root, curated, kb);
    }
out:
    json_decref(curated);
    free(table);
    free(meta);
    free(name);
    return rc;
}

int
bot_kb_load_table(struct bot_kb *kb, const char *dir, json_t **root)
{
    memset(kb, 0, sizeof(*kb));
    kb->dir = strdup(dir);
    if (!kb->dir)
        return BOT_ENOMEM;
    return load_table(kb, dir, root);
}

int
bot_kb_load(struct bot_kb *kb, const char *dir)
{
    json_t *root = NULL;
    int rc;

    rc = bot_kb_load_table(kb, dir, &root);
    if (rc == 0)
        rc = bot_lex_init(&kb->lex);
    kb->lex.english = kb->english;
    if (rc == 0)
        rc = bot_lex_add_builtin(&kb->lex);
    if (rc == 0)
        rc = load_synonyms(kb, root);
    if (rc == 0)
        rc = load_entities(kb, root);
    if (rc == 0)
        rc = load_facts(kb, root);
    if (rc == 0) {
        rc = bot_wordnet_widen(&kb->lex, kb->built);
        rc = rc > 0 ? 0 : rc;
    }
    if (rc == 0)
        rc = link_context(kb);
    if (rc == 0)
        rc = build_postings(kb);
    if (rc == 0)
        bot_lex_finish(&kb->lex);
    json_decref(root);
    if (rc < 0)
        bot_kb_release(kb);
    return rc;
}
