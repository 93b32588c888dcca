/* The knowledge author's commands: the built table as JSON (kb build), in
 * words for review (kb show), and whether it loads (kb check). */
#include "bot/cli/kbtool.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bot/knowledge/kbload.h"
#include "bot/knowledge/text.h"

int
bot_kbtool_build(const char *dir, FILE *out)
{
    struct bot_kb kb;
    json_t *root = NULL;
    int rc;

    rc = bot_kb_load_table(&kb, dir, &root);
    if (rc == 0) {
        json_object_del(root, "unresolved");
        rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        fputc('\n', out);
    }
    json_decref(root);
    bot_kb_release(&kb);
    return rc < 0 ? 1 : 0;
}

/* "a, b, c" of the strings of @arr (or of the members @key of its
 * objects), into @buf. */
static const char *
joined(json_t *arr, const char *key, char *buf, size_t cap)
{
    size_t i, n = 0;
    json_t *v;

    buf[0] = '\0';
    json_array_foreach(arr, i, v)
    {
        const char *s = json_string_value(key ? json_object_get(v, key) : v);
        if (s && n < cap)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", s);
    }
    return buf;
}

static const char *
entity_name(json_t *root, const char *id)
{
    size_t i;
    json_t *e;

    json_array_foreach(json_object_get(root, "entities"), i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "id")), id) == 0)
            return json_string_value(json_object_get(e, "name"));
    }
    return id;
}

static void
show_ids(FILE *out, json_t *root, json_t *f, const char *key, const char *title)
{
    size_t i;
    json_t *v;

    if (json_array_size(json_object_get(f, key)) == 0)
        return;
    fprintf(out, "    %s:", title);
    json_array_foreach(json_object_get(f, key), i, v) fprintf(
        out, "%s %s", i ? "," : "", entity_name(root, json_string_value(v)));
    fputc('\n', out);
}

static void
show_fact(FILE *out, json_t *root, json_t *f)
{
    static const char *const slots[] = {"where", "why", "how", "label"};
    const char *when = json_string_value(json_object_get(f, "when"));
    const char *date = json_string_value(json_object_get(f, "date"));
    const char *status = json_string_value(json_object_get(f, "status"));
    char buf[1024];
    size_t k;

    fprintf(out, "[%s] %s\n", json_string_value(json_object_get(f, "id")),
            json_string_value(json_object_get(f, "quote")));
    if (strcmp(json_string_value(json_object_get(f, "quote")),
               json_string_value(json_object_get(f, "statement"))))
        fprintf(out, "    statement: %s\n",
                json_string_value(json_object_get(f, "statement")));
    show_ids(out, root, f, "actors", "actors");
    show_ids(out, root, f, "others", "others");
    if (when || date)
        fprintf(out, "    when: \"%s\" -> %s%s%s\n", when ? when : "",
                date ? date : "?", status ? ", " : "", status ? status : "");
    if (json_array_size(json_object_get(f, "numbers")))
        fprintf(
            out, "    numbers: %s\n",
            joined(json_object_get(f, "numbers"), "text", buf, sizeof(buf)));
    for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++) {
        const char *v = json_string_value(json_object_get(f, slots[k]));
        if (v)
            fprintf(out, "    %s: %s\n", slots[k], v);
    }
    if (json_integer_value(json_object_get(f, "importance")) > 0)
        fprintf(out, "    importance: %d\n",
                (int)json_integer_value(json_object_get(f, "importance")));
}

static int
cmp_date(const void *a, const void *b)
{
    const char *x =
        json_string_value(json_object_get(*(json_t *const *)a, "date"));
    const char *y =
        json_string_value(json_object_get(*(json_t *const *)b, "date"));
    return strcmp(x, y);
}

static void
show_timeline(FILE *out, json_t *facts)
{
    json_t **dated = calloc(json_array_size(facts) + 1, sizeof(*dated));
    size_t i, n = 0;
    json_t *f;

    if (!dated)
        return;
    json_array_foreach(facts, i, f)
    {
        if (json_string_value(json_object_get(f, "date")))
            dated[n++] = f;
    }
    qsort(dated, n, sizeof(*dated), cmp_date);
    fprintf(out, "\ntimeline (%zu dated facts):\n", n);
    for (i = 0; i < n; i++) {
        const char *label =
            json_string_value(json_object_get(dated[i], "label"));
        const char *status =
            json_string_value(json_object_get(dated[i], "status"));
        fprintf(out, "  %-10s %s%s%s%s\n",
                json_string_value(json_object_get(dated[i], "date")),
                label ? label
                      : json_string_value(json_object_get(dated[i], "quote")),
                status ? " (" : "", status ? status : "", status ? ")" : "");
    }
    free(dated);
}

struct asked;
static struct asked *realloc_list(struct asked *list, size_t *cap);

struct asked {
    char *text;
    int n;
};

static int
cmp_asked(const void *a, const void *b)
{
    const struct asked *x = a, *y = b;

    return x->n != y->n ? y->n - x->n : strcmp(x->text, y->text);
}

static struct asked *
realloc_list(struct asked *list, size_t *cap)
{
    size_t ncap = *cap ? *cap * 2 : 32;
    struct asked *grown = realloc(list, ncap * sizeof(*grown));

    if (!grown) {
        size_t i;
        for (i = 0; i < *cap; i++)
            free(list[i].text);
        free(list);
        *cap = 0;
        return NULL; /* every slot was full: *cap entries */
    }
    *cap = ncap;
    return grown;
}

/* The questions the unanswered log holds for @title, most asked first. */
static void
show_unanswered(FILE *out, const char *log, const char *title)
{
    struct asked *list = NULL;
    size_t n = 0, cap = 0, i;
    char line[8192];
    FILE *fp = fopen(log, "r");

    if (!fp) {
        fprintf(out, "\nunanswered: cannot read %s\n", log);
        return;
    }
    while (fgets(line, sizeof(line), fp)) {
        json_t *j = json_loads(line, 0, NULL);
        const char *q = json_string_value(json_object_get(j, "question"));
        const char *a = json_string_value(json_object_get(j, "article"));
        char *folded = q ? bot_text_fold_plain(q, strlen(q)) : NULL;
        if (folded && a && title && strcmp(a, title) == 0) {
            for (i = 0; i < n && strcmp(list[i].text, folded); i++)
                ;
            if (i < n) {
                list[i].n++;
            } else if (n < cap || (list = realloc_list(list, &cap))) {
                list[n].text = folded;
                list[n++].n = 1;
                folded = NULL;
            } else {
                n = 0; /* out of memory: the list is gone */
            }
        }
        free(folded);
        json_decref(j);
    }
    fclose(fp);
    if (n)
        qsort(list, n, sizeof(*list), cmp_asked);
    fprintf(out, "\nasked and not answered (%s), most asked first:\n", log);
    for (i = 0; i < n && i < 20; i++)
        fprintf(out, "  %3d  %s\n", list[i].n, list[i].text);
    if (n == 0)
        fprintf(out, "  (none)\n");
    for (i = 0; i < n; i++)
        free(list[i].text);
    free(list);
}

int
bot_kbtool_show(const char *dir, const char *unanswered, FILE *out)
{
    struct bot_kb kb;
    json_t *root = NULL, *v;
    char buf[1024];
    size_t i;
    int rc;

    rc = bot_kb_load_table(&kb, dir, &root);
    if (rc < 0) {
        json_decref(root);
        bot_kb_release(&kb);
        return 1;
    }
    fprintf(out, "%s\n%s, published %s\n\n", kb.title ? kb.title : "(no title)",
            kb.outlet ? kb.outlet : "(no outlet)",
            json_string_value(
                json_object_get(json_object_get(root, "meta"), "published")));
    fprintf(out, "facts (%zu):\n",
            json_array_size(json_object_get(root, "facts")));
    json_array_foreach(json_object_get(root, "facts"), i, v)
        show_fact(out, root, v);
    fprintf(out, "\nentities (%zu):\n",
            json_array_size(json_object_get(root, "entities")));
    json_array_foreach(json_object_get(root, "entities"), i, v)
    {
        fprintf(out, "  %s (%s, id %s)",
                json_string_value(json_object_get(v, "name")),
                json_string_value(json_object_get(v, "type")),
                json_string_value(json_object_get(v, "id")));
        if (json_array_size(json_object_get(v, "aliases")))
            fprintf(
                out, ", also: %s",
                joined(json_object_get(v, "aliases"), NULL, buf, sizeof(buf)));
        fprintf(out, "\n      %s\n",
                json_string_value(json_object_get(v, "desc")));
    }
    show_timeline(out, json_object_get(root, "facts"));
    fprintf(out, "\nunresolved (%zu):\n",
            json_array_size(json_object_get(root, "unresolved")));
    json_array_foreach(json_object_get(root, "unresolved"), i, v)
        fprintf(out, "  %s\n", json_string_value(v));
    if (unanswered)
        show_unanswered(out, unanswered, kb.title ? kb.title : kb.dir);
    json_decref(root);
    bot_kb_release(&kb);
    return 0;
}

int
bot_kbtool_check(const char *dir, FILE *out)
{
    struct bot_kb kb;
    int missing[256];
    size_t n, i;

    if (bot_kb_load(&kb, dir) < 0)
        return BOT_KB_BROKEN;
    n = bot_kb_uncovered(&kb, missing, 256);
    fprintf(out, "knowledge: %s\n", kb.dir);
    fprintf(out,
            "ok: %zu sentences, %zu facts, %zu entities; every quote is in "
            "the article\n",
            kb.nsentences, kb.nfacts, kb.nentities);
    if (n == 0) {
        fprintf(out, "every sentence is covered by a fact\n");
        bot_kb_release(&kb);
        return BOT_KB_OK;
    }
    fprintf(out, "%zu sentence(s) no fact covers:\n", n);
    for (i = 0; i < n && i < 256; i++)
        fprintf(out, "  %d: %s\n", missing[i],
                kb.sentences[missing[i] - 1].text);
    bot_kb_release(&kb);
    return BOT_KB_INCOMPLETE;
}
