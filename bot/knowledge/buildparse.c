/* The builder's use of a parse (bot/knowledge/parse.c): the entities a
 * main clause's subject, objects and passive agent name. */
#include "bot/knowledge/build.h"

#include <stdlib.h>
#include <string.h>

#include "build_int.h"

/* True if entity @e is named, as a whole word, in bytes [a, z) of @text. */
static int
named_in(const struct ent *e, const char *text, size_t a, size_t z)
{
    char *span = strndup(text + a, z - a);
    int k, found = 0;

    if (!span)
        return 0;
    found = build_find_word(span, e->name, 1) != NULL;
    for (k = 0; !found && k < e->naliases; k++)
        found = build_find_word(span, e->aliases[k], 1) != NULL;
    free(span);
    return found;
}

/* The mention of sentence @si that covers byte @at, else the last one
 * inside bytes [a, z), else an entity whose name those bytes say (a
 * second mention in the sentence); or -1. */
static int
entity_in(const struct builder *b, int si, const struct sent *s, size_t at,
          size_t a, size_t z)
{
    int k, best = -1, best_tok = -1;

    for (k = 0; k < b->nmentions[si]; k++) {
        const struct mention *m = &b->mentions[si][k];
        size_t ma = s->t[m->tok].off,
               mz = s->t[m->end - 1].off + s->t[m->end - 1].len;
        if (ma <= at && at < mz)
            return m->entity;
        if (ma >= a && mz <= z && m->tok > best_tok) {
            best = m->entity;
            best_tok = m->tok;
        }
    }
    for (k = 0; best < 0 && k < b->nmentions[si]; k++) {
        int e = b->mentions[si][k].entity;
        if (named_in(&b->ents[e], s->text, a, z))
            best = e;
    }
    return best;
}

/* The entity a phrase of sentence @si names: the mention that covers its
 * head ("Marchbank" of "Judge Helen Marchbank"), else its appositive's
 * ("the industry regulator, the Water Standards Commission"), else one
 * inside it ("PVW" of "PVW's board"); or -1. A pronoun names none: "he"
 * or "she" taken as the last person named cost a question over the
 * fourteen sets (README "How the fact table is built"). */
static int
entity_of(const struct builder *b, int si, const struct sent *s,
          const struct bot_phrase *p)
{
    int e = entity_in(b, si, s, p->head_a, p->head_a, p->head_z);

    if (e < 0 && p->app_z)
        e = entity_in(b, si, s, p->app_a, p->app_a, p->app_z);
    if (e < 0)
        e = entity_in(b, si, s, p->head_a, p->a, p->z);
    return e;
}

static void
add_entity(int e, int *arr, int *n)
{
    int k;

    if (e < 0 || *n >= BOT_FACT_ENTITIES)
        return;
    for (k = 0; k < *n; k++) {
        if (arr[k] == e)
            return;
    }
    arr[(*n)++] = e;
}

/* The actors of a clause are its passive's agents ("was opened by the
 * Duchess"), else its subjects; what they act on are its objects and, in
 * a passive with a named agent, its subjects. Return: how many actors
 * were found. */
int
build_parties_of(const struct builder *b, int si, const struct sent *s,
                 const struct bot_clause *c, int *actors, int *nactors,
                 int *patients, int *npatients)
{
    int k, agents;

    *nactors = *npatients = 0;
    for (k = 0; k < c->nagents; k++)
        add_entity(entity_of(b, si, s, &c->agents[k]), actors, nactors);
    agents = *nactors;
    for (k = 0; k < c->nsubjects; k++) {
        int e = entity_of(b, si, s, &c->subjects[k]);
        if (agents) /* "X was convicted by Y": Y acts on X */
            add_entity(e, patients, npatients);
        else
            add_entity(e, actors, nactors);
    }
    for (k = 0; k < c->nobjects; k++)
        add_entity(entity_of(b, si, s, &c->objects[k]), patients, npatients);
    return *nactors;
}
