/* The loaded knowledge and its lookups: entities by id, the facts that
 * mention a concept, the sentence a quote is in. Reads nothing. */
#include "bot/knowledge/kb.h"

#include <stdlib.h>
#include <string.h>

#include "bot/knowledge/english.h"

int
bot_kb_sentence_of(const struct bot_kb *kb, const char *quote)
{
    const char *p;
    size_t off, i;

    if (!quote || !*quote)
        return 0;
    p = strstr(kb->article, quote);
    if (!p)
        return 0;
    off = (size_t)(p - kb->article);
    for (i = 0; i < kb->nsentences; i++) {
        if (off >= kb->sentences[i].start && off < kb->sentences[i].end)
            return (int)i + 1;
    }
    return 0;
}

int
bot_kb_same_paragraph(const struct bot_kb *kb, int a, int b)
{
    const struct bot_sentence *x, *y;

    if (a < 1 || b <= a || (size_t)b > kb->nsentences)
        return 0;
    x = &kb->sentences[a - 1];
    y = &kb->sentences[b - 1];
    return !memchr(kb->article + x->end, '\n', y->start - x->end);
}

const char *
bot_kb_folder(const struct bot_kb *kb, size_t *len)
{
    const char *dir = kb->dir ? kb->dir : "", *end = dir + strlen(dir), *p;

    while (end > dir && end[-1] == '/')
        end--;
    for (p = end; p > dir && p[-1] != '/'; p--)
        ;
    *len = (size_t)(end - p);
    return p;
}

int
bot_kb_entity(const struct bot_kb *kb, const char *id)
{
    size_t i;

    for (i = 0; id && i < kb->nentities; i++) {
        if (strcmp(kb->entities[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

static int
cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int
bot_kb_fact_has(const struct bot_fact *fact, int concept)
{
    if (!fact->nconcepts) /* a fact of names only may have none */
        return 0;
    return bsearch(&concept, fact->concepts, fact->nconcepts, sizeof(int),
                   cmp_int) != NULL;
}

int
bot_kb_entity_has(const struct bot_entity *entity, int concept)
{
    if (!entity->nconcepts)
        return 0;
    return bsearch(&concept, entity->concepts, entity->nconcepts, sizeof(int),
                   cmp_int) != NULL;
}

size_t
bot_kb_uncovered(const struct bot_kb *kb, int *uncovered, size_t cap)
{
    size_t i, j, n = 0;

    for (i = 0; i < kb->nsentences; i++) {
        int covered = 0;
        for (j = 0; j < kb->nfacts && !covered; j++)
            covered = kb->facts[j].sentence == (int)i + 1;
        if (covered)
            continue;
        if (n < cap)
            uncovered[n] = (int)i + 1;
        n++;
    }
    return n;
}

const int *
bot_kb_facts_with(const struct bot_kb *kb, int concept, size_t *n)
{
    if (concept < 0 || concept >= kb->lex.nconcepts || !kb->post_start) {
        *n = 0;
        return NULL;
    }
    *n = kb->post_start[concept + 1] - kb->post_start[concept];
    return kb->post_facts + kb->post_start[concept];
}

void
bot_fact_release(struct bot_fact *f)
{
    int i;

    free(f->id);
    free(f->quote);
    free(f->statement);
    free(f->when_text);
    free(f->where);
    free(f->why);
    free(f->how);
    free(f->label);
    free(f->concepts);
    for (i = 0; i < f->nnumbers; i++) {
        free(f->numbers[i].text);
        free(f->numbers[i].unit);
    }
    memset(f, 0, sizeof(*f));
}

void
bot_kb_release(struct bot_kb *kb)
{
    size_t i;

    for (i = 0; i < kb->nsentences; i++)
        free(kb->sentences[i].text);
    for (i = 0; i < kb->nentities; i++) {
        struct bot_entity *e = &kb->entities[i];
        free(e->id);
        free(e->name);
        free(e->type);
        free(e->desc);
        free(e->quote);
        free(e->where);
        free(e->concepts);
    }
    for (i = 0; i < kb->nfacts; i++)
        bot_fact_release(&kb->facts[i]);
    free(kb->post_start);
    free(kb->post_facts);
    free(kb->sentences);
    free(kb->entities);
    free(kb->facts);
    free(kb->article);
    free(kb->dir);
    free(kb->title);
    free(kb->outlet);
    free(kb->editor);
    free(kb->author);
    free(kb->url);
    bot_lex_release(&kb->lex);
    bot_english_close(kb->english);
    memset(kb, 0, sizeof(*kb));
}
