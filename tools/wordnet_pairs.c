/* Build-time tool: reads Debian's WordNet database (wordnet-base) and
 * writes, as a C source file, the word relations newsbot widens its
 * matching with: derivations ("recognize" / "recognition", WordNet's "+"
 * pointers) and irregular forms ("took" / "take", the .exc lists), as
 * pairs of Snowball stems that differ (what the stemmer joins already is
 * left out). Usage: wordnet_pairs WORDNET_DIR OUT.c */
#include <ctype.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX 48

struct synset {
    long offset;
    int nwords;
    char (*words)[WORD_MAX];
    char *ptrs; /* the pointer part of the line, or NULL */
};

struct part {
    char letter;
    struct synset *ss;
    size_t n, cap;
};

static struct part parts[] = {
    {'n', NULL, 0, 0}, {'v', NULL, 0, 0}, {'a', NULL, 0, 0}, {'r', NULL, 0, 0}};

struct pair {
    char a[WORD_MAX], b[WORD_MAX];
};

static struct sb_stemmer *stemmer;

static void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);

    if (!q) {
        fprintf(stderr, "wordnet_pairs: out of memory\n");
        exit(1);
    }
    return q;
}

static struct part *
part_of(char letter)
{
    size_t i;

    if (letter == 's')
        letter = 'a'; /* satellite adjectives live in data.adj */
    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if (parts[i].letter == letter)
            return &parts[i];
    }
    return NULL;
}

/* Reads the synsets of one data file (lines that start with an offset). */
static void
read_data(const char *dir, const char *name, struct part *p)
{
    char path[1024], *line = NULL;
    size_t cap = 0;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "wordnet_pairs: cannot open %s\n", path);
        exit(1);
    }
    while (getline(&line, &cap, f) > 0) {
        struct synset s;
        char *tok, *save, *rest;
        int i;
        if (!isdigit((unsigned char)line[0]))
            continue;
        s.offset = strtol(strtok_r(line, " ", &save), NULL, 10);
        strtok_r(NULL, " ", &save); /* lexicographer file */
        strtok_r(NULL, " ", &save); /* synset type */
        s.nwords = (int)strtol(strtok_r(NULL, " ", &save), NULL, 16);
        s.words = xrealloc(NULL, (size_t)(s.nwords ? s.nwords : 1) * WORD_MAX);
        for (i = 0; i < s.nwords; i++) {
            tok = strtok_r(NULL, " ", &save);
            snprintf(s.words[i], WORD_MAX, "%s", tok ? tok : "");
            strtok_r(NULL, " ", &save); /* lex id */
        }
        rest = save;
        s.ptrs = rest ? strdup(rest) : NULL;
        if (p->n == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 4096;
            p->ss = xrealloc(p->ss, p->cap * sizeof(*p->ss));
        }
        p->ss[p->n++] = s;
    }
    free(line);
    fclose(f);
}

static const struct synset *
find(const struct part *p, long offset)
{
    size_t lo = 0, hi = p->n;

    while (lo < hi) { /* data files are in offset order */
        size_t mid = (lo + hi) / 2;
        if (p->ss[mid].offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n && p->ss[lo].offset == offset ? &p->ss[lo] : NULL;
}

/* The Snowball stem of a plain lower-case word into @out; 0 if the word
 * is not one (a phrase, a capital, a digit, an adjective marker). */
static int
stem(const char *word, char *out)
{
    const sb_symbol *s;
    size_t n = strlen(word), i;

    if (n < 3 || n >= WORD_MAX)
        return 0;
    for (i = 0; i < n; i++) {
        if (!islower((unsigned char)word[i]))
            return 0;
    }
    s = sb_stemmer_stem(stemmer, (const sb_symbol *)word, (int)n);
    if (!s || sb_stemmer_length(stemmer) <= 0 ||
        sb_stemmer_length(stemmer) >= WORD_MAX)
        return 0;
    memcpy(out, s, (size_t)sb_stemmer_length(stemmer));
    out[sb_stemmer_length(stemmer)] = '\0';
    return 1;
}

/* True if @w names who does something ("leader", "ruler", "terrorist"):
 * an agent asks for a person, not for the deed, so it is not related to
 * its verb. */
static int
agent(const char *w)
{
    static const char *const ends[] = {"er", "or", "ist", "ian", "ant", "ent"};
    size_t n = strlen(w), i;

    for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
        size_t k = strlen(ends[i]);
        if (n > k + 2 && strcmp(w + n - k, ends[i]) == 0)
            return 1;
    }
    return 0;
}

/* A growing list of pairs. */
struct pairs {
    struct pair *v;
    size_t n, cap;
};

static struct pairs related, opposite;

/* Appends the stems of @x and @y to @list, in one order for both
 * directions, so that sorting makes them one. */
static void
push_stems(struct pairs *list, const char *x, const char *y)
{
    char a[WORD_MAX], b[WORD_MAX];

    if (!stem(x, a) || !stem(y, b) || strcmp(a, b) == 0)
        return;
    if (list->n == list->cap) {
        list->cap = list->cap ? 2 * list->cap : 4096;
        list->v = xrealloc(list->v, list->cap * sizeof(*list->v));
    }
    snprintf(list->v[list->n].a, WORD_MAX, "%s", strcmp(a, b) < 0 ? a : b);
    snprintf(list->v[list->n].b, WORD_MAX, "%s", strcmp(a, b) < 0 ? b : a);
    list->n++;
}

static void
add_pair(const char *x, const char *y)
{
    if (agent(x) == agent(y))
        push_stems(&related, x, y);
}

static void
add_opposite(const char *x, const char *y)
{
    push_stems(&opposite, x, y);
}

/* Every "+" pointer of every synset: a derivation, word to word; and
 * every "!" pointer: an opposite. */
static void
derivations(void)
{
    size_t i, k;

    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        for (k = 0; k < parts[i].n; k++) {
            const struct synset *s = &parts[i].ss[k];
            char *save, *tok, *copy;
            int count, j;
            if (!s->ptrs)
                continue;
            copy = strdup(s->ptrs);
            tok = strtok_r(copy, " ", &save);
            count = tok ? atoi(tok) : 0;
            for (j = 0; j < count; j++) {
                char *sym = strtok_r(NULL, " ", &save);
                char *off = strtok_r(NULL, " ", &save);
                char *pos = strtok_r(NULL, " ", &save);
                char *st = strtok_r(NULL, " ", &save);
                const struct part *tp;
                const struct synset *t;
                long from, to;
                if (!sym || !off || !pos || !st)
                    break;
                if (strcmp(sym, "+") != 0 && strcmp(sym, "!") != 0)
                    continue;
                tp = part_of(pos[0]);
                t = tp ? find(tp, strtol(off, NULL, 10)) : NULL;
                from = strtol(st, NULL, 16) >> 8;
                to = strtol(st, NULL, 16) & 0xff;
                if (!t || from < 1 || from > s->nwords || to < 1 ||
                    to > t->nwords)
                    continue;
                if (sym[0] == '!')
                    add_opposite(s->words[from - 1], t->words[to - 1]);
                else
                    add_pair(s->words[from - 1], t->words[to - 1]);
            }
            free(copy);
        }
    }
}

/* "took take": irregular forms and their bases. */
static void
exceptions(const char *dir, const char *name)
{
    char path[1024], line[512], form[WORD_MAX], base[WORD_MAX];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "wordnet_pairs: cannot open %s\n", path);
        exit(1);
    }
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%47s %47s", form, base) == 2)
            add_pair(form, base);
    }
    fclose(f);
}

static int
cmp_pair(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    int c = strcmp(a->a, b->a);

    return c ? c : strcmp(a->b, b->b);
}

/* Writes @list (sorted) as the char array @name, a line "a b" a pair. */
static size_t
emit(FILE *out, const char *name, const struct pair *list, size_t n)
{
    size_t i, kept = 0;

    fprintf(out, "const char %s[] = {", name);
    for (i = 0; i < n; i++) {
        char line[2 * WORD_MAX + 2];
        size_t k;
        if (i > 0 && cmp_pair(&list[i - 1], &list[i]) == 0)
            continue;
        snprintf(line, sizeof(line), "%s %s\n", list[i].a, list[i].b);
        fprintf(out, "\n   ");
        for (k = 0; line[k]; k++)
            fprintf(out, " %d,", (unsigned char)line[k]);
        kept++;
    }
    fprintf(out, "\n    0};\n");
    return kept;
}

int
main(int argc, char **argv)
{
    size_t i, kept = 0;
    FILE *out;

    if (argc != 3) {
        fprintf(stderr, "usage: wordnet_pairs WORDNET_DIR OUT.c\n");
        return 2;
    }
    stemmer = sb_stemmer_new("english", "UTF_8");
    read_data(argv[1], "data.noun", part_of('n'));
    read_data(argv[1], "data.verb", part_of('v'));
    read_data(argv[1], "data.adj", part_of('a'));
    read_data(argv[1], "data.adv", part_of('r'));
    derivations();
    exceptions(argv[1], "verb.exc");
    exceptions(argv[1], "noun.exc");
    exceptions(argv[1], "adj.exc");
    qsort(related.v, related.n, sizeof(*related.v), cmp_pair);
    qsort(opposite.v, opposite.n, sizeof(*opposite.v), cmp_pair);
    out = fopen(argv[2], "w");
    if (!out) {
        fprintf(stderr, "wordnet_pairs: cannot write %s\n", argv[2]);
        return 1;
    }
    fprintf(out, "/* Generated from WordNet 3.0 (wordnet-base) by "
                 "tools/wordnet_pairs.c: lines of two stems. */\n");
    kept = emit(out, "bot_wordnet_pairs", related.v, related.n);
    emit(out, "bot_wordnet_opposites", opposite.v, opposite.n);
    fclose(out);
    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        size_t k;
        for (k = 0; k < parts[i].n; k++) {
            free(parts[i].ss[k].words);
            free(parts[i].ss[k].ptrs);
        }
        free(parts[i].ss);
    }
    free(related.v);
    free(opposite.v);
    sb_stemmer_delete(stemmer);
    fprintf(stderr, "wordnet_pairs: %zu pairs, %zu opposites\n", kept,
            opposite.n);
    return 0;
}
