#include "bot/knowledge/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "bot/base/err.h"
#include "bot/knowledge/kbload.h"
#include "test.h"

#define KNOWLEDGE "knowledge"

/* Reads a whole file; the caller frees the result. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        TEST_FAIL("cannot open %s", path);
    ASSERT_EQ(0, fseek(fp, 0, SEEK_END));
    n = ftell(fp);
    ASSERT(n >= 0);
    ASSERT_EQ(0, fseek(fp, 0, SEEK_SET));
    buf = malloc((size_t)n + 1);
    ASSERT(buf != NULL);
    ASSERT_EQ(n, fread(buf, 1, (size_t)n, fp));
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static void
spit(const char *dir, const char *name, const char *buf, size_t len)
{
    char path[512];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "wb");
    if (!fp)
        TEST_FAIL("cannot create %s", path);
    ASSERT_EQ(len, fwrite(buf, 1, len, fp));
    ASSERT_EQ(0, fclose(fp));
}

/* A scratch knowledge folder under /tmp. */
struct scratch {
    char dir[64];
};

static void
scratch_new(struct scratch *s)
{
    snprintf(s->dir, sizeof(s->dir), "/tmp/newsbot-test-kb-XXXXXX");
    if (!mkdtemp(s->dir))
        TEST_FAIL("mkdtemp failed");
}

/* Copies knowledge/article.txt into the scratch folder. */
static void
scratch_copy_article(const struct scratch *s)
{
    size_t len;
    char *art = slurp(KNOWLEDGE "/article.txt", &len);

    spit(s->dir, "article.txt", art, len);
    free(art);
}

static void
scratch_put_json(const struct scratch *s, json_t *root)
{
    char *text = json_dumps(root, JSON_INDENT(1));

    ASSERT(text != NULL);
    spit(s->dir, "facts.json", text, strlen(text));
    free(text);
}

static void
scratch_remove(const struct scratch *s)
{
    static const char *const names[] = {"facts.json", "article.txt"};
    char path[512];
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", s->dir, names[i]);
        unlink(path); /* may not exist */
    }
    ASSERT_EQ(0, rmdir(s->dir));
}

static json_t *
load_table(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(KNOWLEDGE "/facts.json", 0, &jerr);

    if (!root)
        TEST_FAIL("facts.json: %s", jerr.text);
    return root;
}

static json_t *
first_fact(json_t *root)
{
    json_t *f = json_array_get(json_object_get(root, "facts"), 0);

    ASSERT(json_is_object(f));
    return f;
}

/* A failed load must leave the kb empty and safe to release. */
static void
check_empty(struct bot_kb *kb)
{
    ASSERT_EQ(0, kb->nfacts);
    ASSERT_EQ(0, kb->nentities);
    ASSERT_EQ(0, kb->nsentences);
    ASSERT(kb->facts == NULL);
    ASSERT(kb->article == NULL);
    bot_kb_release(kb);
    bot_kb_release(kb);
}

/* Loads the scratch folder and expects failure @want (0: any failure). */
static void
expect_refused(const struct scratch *s, int want)
{
    struct bot_kb kb;
    int rc = bot_kb_load(&kb, s->dir);

    if (want)
        ASSERT_EQ(want, rc);
    else
        ASSERT(rc < 0);
    check_empty(&kb);
}

/* Writes facts.json as edited by @edit, and the article, then loads. */
static void
expect_table_refused(void (*edit)(json_t *root), int want)
{
    struct scratch s;
    json_t *root = load_table();

    edit(root);
    scratch_new(&s);
    scratch_copy_article(&s);
    scratch_put_json(&s, root);
    json_decref(root);
    expect_refused(&s, want);
    scratch_remove(&s);
}

static int
fact_index(const struct bot_kb *kb, const char *id)
{
    size_t i;

    for (i = 0; i < kb->nfacts; i++) {
        if (strcmp(kb->facts[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

static void
test_kb_loads_knowledge(void)
{
    struct bot_kb kb;
    size_t i;

    ASSERT_EQ(0, bot_kb_load(&kb, KNOWLEDGE));
    ASSERT(kb.nfacts > 0);
    ASSERT(kb.nentities > 0);
    ASSERT(kb.nsentences > 0);
    ASSERT(kb.article_len > 0);
    ASSERT_EQ(kb.article_len, strlen(kb.article));
    for (i = 0; i < kb.nfacts; i++) {
        const struct bot_fact *f = &kb.facts[i];
        if (f->sentence <= 0 || (size_t)f->sentence > kb.nsentences)
            TEST_FAIL("fact %s: sentence %d", f->id, f->sentence);
        ASSERT(f->statement && *f->statement);
        /* its quote is in the sentence it cites */
        ASSERT(f->quote != NULL);
        ASSERT(strstr(kb.article, f->quote) != NULL);
    }
    ASSERT_STR_EQ("DW News", kb.outlet);
    bot_kb_release(&kb);
    ASSERT_EQ(0, kb.nfacts);
    bot_kb_release(&kb); /* released twice: still safe */
}

static void
test_kb_publication_date(void)
{
    struct bot_kb kb;

    ASSERT_EQ(0, bot_kb_load(&kb, KNOWLEDGE));
    ASSERT_EQ(BOT_PREC_DAY, kb.published.prec);
    ASSERT_EQ(2025, kb.published.year);
    ASSERT_EQ(3, kb.published.month);
    ASSERT_EQ(31, kb.published.day);
    bot_kb_release(&kb);
}

static void
test_kb_entity_lookup(void)
{
    struct bot_kb kb;
    int e;

    ASSERT_EQ(0, bot_kb_load(&kb, KNOWLEDGE));
    e = bot_kb_entity(&kb, "taliban");
    ASSERT(e >= 0 && (size_t)e < kb.nentities);
    ASSERT_STR_EQ("taliban", kb.entities[e].id);
    ASSERT_STR_EQ("the Taliban", kb.entities[e].name);
    e = bot_kb_entity(&kb, "putin");
    ASSERT(e >= 0);
    ASSERT(kb.entities[e].person);
    e = bot_kb_entity(&kb, "prosecutor");
    ASSERT(e >= 0);
    ASSERT_EQ(bot_kb_entity(&kb, "russia"), kb.entities[e].part_of);
    ASSERT_EQ(-1, bot_kb_entity(&kb, "nobody"));
    ASSERT_EQ(-1, bot_kb_entity(&kb, ""));
    ASSERT_EQ(-1, bot_kb_entity(&kb, NULL));
    bot_kb_release(&kb);
}

static void
test_kb_every_sentence_covered(void)
{
    struct bot_kb kb;
    int unc[64];
    size_t n;

    ASSERT_EQ(0, bot_kb_load(&kb, KNOWLEDGE));
    n = bot_kb_uncovered(&kb, unc, sizeof(unc) / sizeof(unc[0]));
    if (n > 0)
        TEST_FAIL("%zu uncovered sentences, first %d", n, unc[0]);
    ASSERT_EQ(0, bot_kb_uncovered(&kb, NULL, 0));
    bot_kb_release(&kb);
}

static void
test_kb_uncovered_counts_past_cap(void)
{
    struct bot_kb kb;
    int unc[2] = {-7, -7};
    size_t i;

    ASSERT_EQ(0, bot_kb_load(&kb, KNOWLEDGE));
    /* without facts, every sentence is uncovered */
    for (i = 0; i < kb.nfacts; i++)
        kb.facts[i].sentence = -kb.facts[i].sentence;
    ASSERT_EQ(kb.nsentences, bot_kb_uncovered(&kb, unc, 1));
    ASSERT_EQ(1, unc[0]);
    ASSERT_EQ(-7, unc[1]); /* nothing written past the cap */
    for (i = 0; i < kb.nfacts; i++)
        kb.facts[i].sentence = -kb.facts[i].sentence;
    bot_kb_release(&kb);
}

static void
test_kb_sentences_and_fact_dates(void)
{
    struct bot_kb kb;
    const struct bot_fact *f;
    int i;

    ASSERT_EQ(0, bot_kb_load(&kb, KNOWLEDGE));
    ASSERT(kb.nsentences >= 4);
    ASSERT_CONTAINS(kb.sentences[3].text, "hearing behind closed doors");
    ASSERT(!kb.sentences[3].heading);
    i = fact_index(&kb, "hearing");
    ASSERT(i >= 0);
    f = &kb.facts[i];
    ASSERT_EQ(4, f->sentence);
    ASSERT_EQ(BOT_STATUS_SCHEDULED, f->status);
    ASSERT_EQ(BOT_PREC_DAY, f->date.prec);
    ASSERT_EQ(2025, f->date.year);
    ASSERT_EQ(4, f->date.month);
    ASSERT_EQ(17, f->date.day);
    /* "July last year", read against the publication date */
    i = fact_index(&kb, "putin_ally");
    ASSERT(i >= 0);
    ASSERT_EQ(BOT_PREC_MONTH, kb.facts[i].date.prec);
    ASSERT_EQ(2024, kb.facts[i].date.year);
    ASSERT_EQ(7, kb.facts[i].date.month);
    /* "In December" before a March dateline is the December before */
    i = fact_index(&kb, "law_passed");
    ASSERT(i >= 0);
    ASSERT_EQ(2024, kb.facts[i].date.year);
    ASSERT_EQ(12, kb.facts[i].date.month);
    bot_kb_release(&kb);
}

static void
test_kb_headings_detected(void)
{
    struct bot_kb kb;
    size_t i;
    int found = 0;

    ASSERT_EQ(0, bot_kb_load(&kb, KNOWLEDGE));
    for (i = 0; i < kb.nsentences; i++) {
        if (strstr(kb.sentences[i].text, "warming relations with the")) {
            found = 1;
            ASSERT(kb.sentences[i].heading);
        }
    }
    ASSERT(found);
    bot_kb_release(&kb);
}

static void
test_kb_missing_folder_is_eio(void)
{
    struct bot_kb kb;

    ASSERT_EQ(BOT_EIO, bot_kb_load(&kb, "/nonexistent/newsbot-knowledge"));
    check_empty(&kb);
}

static void
test_kb_release_zeroed_is_safe(void)
{
    struct bot_kb kb;

    memset(&kb, 0, sizeof(kb));
    bot_kb_release(&kb);
    ASSERT_EQ(0, kb.nfacts);
}

static void
test_kb_missing_article_is_eio(void)
{
    struct scratch s;
    json_t *root = load_table();

    scratch_new(&s);
    scratch_put_json(&s, root); /* no article.txt beside it */
    json_decref(root);
    expect_refused(&s, BOT_EIO);
    scratch_remove(&s);
}

static void
test_kb_corrupt_table_is_eparse(void)
{
    struct scratch s;
    size_t len;
    char *table = slurp(KNOWLEDGE "/facts.json", &len);

    scratch_new(&s);
    scratch_copy_article(&s);
    spit(s.dir, "facts.json", table, len / 2); /* cut in the middle */
    expect_refused(&s, BOT_EPARSE);
    spit(s.dir, "facts.json", "[1, 2, 3]", 9); /* not an object */
    expect_refused(&s, BOT_EPARSE);
    spit(s.dir, "facts.json", "{\"format\": 1,}", 14);
    expect_refused(&s, BOT_EPARSE);
    free(table);
    scratch_remove(&s);
}

static void
test_kb_empty_table_is_refused(void)
{
    struct scratch s;

    scratch_new(&s);
    scratch_copy_article(&s);
    spit(s.dir, "facts.json", "", 0);
    expect_refused(&s, BOT_EPARSE);
    spit(s.dir, "facts.json", "{}", 2);
    expect_refused(&s, BOT_EPARSE);
    scratch_remove(&s);
}

static void
test_kb_oversized_table_is_refused(void)
{
    struct scratch s;
    size_t len, big = BOT_KB_TABLE_MAX + 16;
    char *table = slurp(KNOWLEDGE "/facts.json", &len);
    char *buf = malloc(big);

    ASSERT(buf != NULL && len < big);
    /* valid JSON, padded with whitespace past the cap */
    memcpy(buf, table, len);
    memset(buf + len, ' ', big - len);
    scratch_new(&s);
    scratch_copy_article(&s);
    spit(s.dir, "facts.json", buf, big);
    expect_refused(&s, 0);
    /* just under the cap it loads */
    spit(s.dir, "facts.json", buf, BOT_KB_TABLE_MAX);
    {
        struct bot_kb kb;
        ASSERT_EQ(0, bot_kb_load(&kb, s.dir));
        ASSERT(kb.nfacts > 0);
        bot_kb_release(&kb);
    }
    free(buf);
    free(table);
    scratch_remove(&s);
}

static void
edit_quote_not_in_article(json_t *root)
{
    ASSERT_EQ(0, json_object_set_new(first_fact(root), "quote",
                                     json_string("The Taliban won the World "
                                                 "Cup in 2024.")));
}

static void
edit_unknown_actor(json_t *root)
{
    json_t *actors = json_pack("[s]", "nobody_at_all");

    ASSERT(actors != NULL);
    ASSERT_EQ(0, json_object_set_new(first_fact(root), "actors", actors));
}

static void
edit_unknown_other(json_t *root)
{
    json_t *others = json_pack("[s, s]", "taliban", "martians");

    ASSERT(others != NULL);
    ASSERT_EQ(0, json_object_set_new(first_fact(root), "others", others));
}

static void
edit_no_facts(json_t *root)
{
    ASSERT_EQ(0, json_object_set_new(root, "facts", json_array()));
}

static void
edit_bad_format(json_t *root)
{
    ASSERT_EQ(0, json_object_set_new(root, "format", json_integer(2)));
}

static void
edit_article_outside_folder(json_t *root)
{
    ASSERT_EQ(0, json_object_set_new(json_object_get(root, "meta"), "article",
                                     json_string("../article.txt")));
}

static void
edit_bad_publication_date(json_t *root)
{
    ASSERT_EQ(0, json_object_set_new(json_object_get(root, "meta"), "published",
                                     json_string("2025-02-30")));
}

static void
edit_duplicate_entity(json_t *root)
{
    json_t *ents = json_object_get(root, "entities");

    ASSERT_EQ(0, json_array_append(ents, json_array_get(ents, 0)));
}

static void
edit_fact_without_statement(json_t *root)
{
    ASSERT_EQ(0, json_object_del(first_fact(root), "statement"));
}

static void
edit_entity_quote_not_in_article(json_t *root)
{
    json_t *e = json_array_get(json_object_get(root, "entities"), 0);

    ASSERT_EQ(
        0, json_object_set_new(e, "quote", json_string("words nobody wrote")));
}

static void
test_kb_quote_not_in_article_is_refused(void)
{
    expect_table_refused(edit_quote_not_in_article, BOT_EPARSE);
    expect_table_refused(edit_entity_quote_not_in_article, BOT_EPARSE);
}

static void
test_kb_unknown_entity_is_refused(void)
{
    expect_table_refused(edit_unknown_actor, BOT_EPARSE);
    expect_table_refused(edit_unknown_other, BOT_EPARSE);
}

static void
test_kb_bad_table_shape_is_refused(void)
{
    expect_table_refused(edit_no_facts, BOT_EPARSE);
    expect_table_refused(edit_bad_format, BOT_EPARSE);
    expect_table_refused(edit_article_outside_folder, BOT_EPARSE);
    expect_table_refused(edit_bad_publication_date, BOT_EPARSE);
    expect_table_refused(edit_duplicate_entity, BOT_EPARSE);
    expect_table_refused(edit_fact_without_statement, BOT_EPARSE);
}

static void
test_kb_invalid_utf8_article_is_refused(void)
{
    struct scratch s;
    json_t *root = load_table();
    size_t len;
    char *art = slurp(KNOWLEDGE "/article.txt", &len);
    char *bad = malloc(len + 2);

    ASSERT(bad != NULL);
    memcpy(bad, art, len);
    memcpy(bad + len, "\xff\n", 2);
    scratch_new(&s);
    scratch_put_json(&s, root);
    spit(s.dir, "article.txt", bad, len + 2);
    expect_refused(&s, BOT_EPARSE);
    /* a NUL byte inside the text is refused too */
    bad[len] = '\0';
    spit(s.dir, "article.txt", bad, len + 2);
    expect_refused(&s, BOT_EPARSE);
    json_decref(root);
    free(bad);
    free(art);
    scratch_remove(&s);
}

static void
test_kb_copied_knowledge_loads(void)
{
    struct scratch s;
    json_t *root = load_table();
    struct bot_kb kb;

    /* the helpers themselves produce a loadable folder */
    scratch_new(&s);
    scratch_copy_article(&s);
    scratch_put_json(&s, root);
    json_decref(root);
    ASSERT_EQ(0, bot_kb_load(&kb, s.dir));
    ASSERT(kb.nfacts > 0);
    bot_kb_release(&kb);
    scratch_remove(&s);
}

static const struct test_case cases[] = {
    {"kb_loads_knowledge", test_kb_loads_knowledge},
    {"kb_publication_date", test_kb_publication_date},
    {"kb_entity_lookup", test_kb_entity_lookup},
    {"kb_every_sentence_covered", test_kb_every_sentence_covered},
    {"kb_uncovered_counts_past_cap", test_kb_uncovered_counts_past_cap},
    {"kb_sentences_and_fact_dates", test_kb_sentences_and_fact_dates},
    {"kb_headings_detected", test_kb_headings_detected},
    {"kb_missing_folder_is_eio", test_kb_missing_folder_is_eio},
    {"kb_release_zeroed_is_safe", test_kb_release_zeroed_is_safe},
    {"kb_missing_article_is_eio", test_kb_missing_article_is_eio},
    {"kb_corrupt_table_is_eparse", test_kb_corrupt_table_is_eparse},
    {"kb_empty_table_is_refused", test_kb_empty_table_is_refused},
    {"kb_oversized_table_is_refused", test_kb_oversized_table_is_refused},
    {"kb_copied_knowledge_loads", test_kb_copied_knowledge_loads},
    {"kb_quote_not_in_article_is_refused",
     test_kb_quote_not_in_article_is_refused},
    {"kb_unknown_entity_is_refused", test_kb_unknown_entity_is_refused},
    {"kb_bad_table_shape_is_refused", test_kb_bad_table_shape_is_refused},
    {"kb_invalid_utf8_article_is_refused",
     test_kb_invalid_utf8_article_is_refused},
};
TEST_MAIN(cases)
