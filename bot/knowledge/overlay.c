/* Curating a built table: a hand-written facts.json laid over it. */
#include "bot/knowledge/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build_int.h"

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

/* Renames entity @from to @to where an entity is part of it. */
static void
rename_part_of(json_t *entities, const char *from, const char *to)
{
    size_t i;
    json_t *e;

    json_array_foreach(entities, i, e)
    {
        const char *of = json_string_value(json_object_get(e, "part_of"));
        if (of && strcmp(of, from) == 0)
            json_object_set_new(e, "part_of", json_string(to));
    }
}

/* True if the curated entity is the built one named @name: the same
 * name, or a curated name or alias holding it as whole words. */
static int
entity_named(json_t *curated_ent, const char *name)
{
    size_t i;
    json_t *v;

    if (build_find_word(json_string_value(json_object_get(curated_ent, "name")),
                        name, 1))
        return 1;
    json_array_foreach(json_object_get(curated_ent, "aliases"), i, v)
    {
        if (build_find_word(json_string_value(v), name, 1))
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
                rename_part_of(bents, bid, cid);
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
