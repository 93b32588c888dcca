/* The lexer: words to stems to concepts (synonyms, phrases, typos), and
 * reading text into terms. */
#include "bot/knowledge/lex.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/knowledge/english.h"
#include "bot/knowledge/lexicon.h"

/* Words longer than a phrase's longest alias are never joined. */
#define PHRASE_WORDS_MAX 6

struct lex_slot {
    char *key;  /* a stem, or a phrase's stems joined by spaces */
    char *stem; /* for "~word" keys: the word's stem, cached */
    int concepts[BOT_TERM_CONCEPTS];
    int nconcepts;
    int entity; /* for phrases naming an entity, else -1 */
    int phrase;
};

static uint32_t
hash_str(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

static struct lex_slot *
find_slot(const struct bot_lex *lex, const char *key)
{
    size_t i;

    if (!lex->cap)
        return NULL;
    i = hash_str(key) & (lex->cap - 1);
    while (lex->slots[i].key) {
        if (strcmp(lex->slots[i].key, key) == 0)
            return &lex->slots[i];
        i = (i + 1) & (lex->cap - 1);
    }
    return NULL;
}

static int
grow(struct bot_lex *lex)
{
    size_t cap = lex->cap ? lex->cap * 2 : 1024, i;
    struct lex_slot *slots = calloc(cap, sizeof(*slots));

    if (!slots)
        return BOT_ENOMEM;
    for (i = 0; i < lex->cap; i++) {
        size_t j;
        if (!lex->slots[i].key)
            continue;
        j = hash_str(lex->slots[i].key) & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = lex->slots[i];
    }
    free(lex->slots);
    lex->slots = slots;
    lex->cap = cap;
    return 0;
}

static struct lex_slot *
get_slot(struct bot_lex *lex, const char *key)
{
    struct lex_slot *s = find_slot(lex, key);
    size_t i;

    if (s)
        return s;
    if ((lex->used + 1) * 2 > lex->cap && grow(lex) < 0)
        return NULL;
    i = hash_str(key) & (lex->cap - 1);
    while (lex->slots[i].key)
        i = (i + 1) & (lex->cap - 1);
    s = &lex->slots[i];
    s->key = strdup(key);
    if (!s->key)
        return NULL;
    s->entity = -1;
    lex->used++;
    return s;
}

static void
slot_add_concept(struct lex_slot *s, int concept)
{
    int i;

    for (i = 0; i < s->nconcepts; i++) {
        if (s->concepts[i] == concept)
            return;
    }
    if (s->nconcepts < BOT_TERM_CONCEPTS)
    s->concepts[s->nconcepts++] = concept;
}

int
bot_lex_init(struct bot_lex *lex)
{
    memset(lex, 0, sizeof(*lex));
    lex->stemmer = bot_text_stemmer_new();
    if (!lex->stemmer)
        return BOT_ENOMEM;
    return 0;
}

void
bot_lex_release(struct bot_lex *lex)
{
    size_t i;

    for (i = 0; i < lex->cap; i++) {
        free(lex->slots[i].key);
        free(lex->slots[i].stem);
    }
    free(lex->slots);
    for (i = 0; i < lex->nvocab; i++)
        free(lex->vocab[i]);
    free(lex->vocab);
    free(lex->antonyms);
    free(lex->stems);
    bot_text_stemmer_free(lex->stemmer);
    memset(lex, 0, sizeof(*lex));
}

int
bot_lex_new_concept(struct bot_lex *lex)
{
    return lex->nconcepts++;
}

int
bot_lex_concept_of(struct bot_lex *lex, const char *word)
{
    char stem[BOT_WORD_MAX];
    const struct lex_slot *s;

    if (strlen(word) >= BOT_WORD_MAX)
        return -1;
    bot_text_stem(lex->stemmer, word, stem);
    s = find_slot(lex, stem);
    return s && s->nconcepts > 0 ? s->concepts[0] : -1;
}

int
bot_lex_stem_concept(const struct bot_lex *lex, const char *stem)
{
    const struct lex_slot *s = find_slot(lex, stem);

    return s && s->nconcepts > 0 ? s->concepts[0] : -1;
}

int
bot_lex_add_stem(struct bot_lex *lex, const char *stem, int concept)
{
    struct lex_slot *s = get_slot(lex, stem);

    if (!s)
        return BOT_ENOMEM;
    slot_add_concept(s, concept);
    return 0;
}

/* Joins the stems of @words[first..first+n) into @key; @ends[k] gets the
 * key's length after k + 1 words (may be NULL). Returns the length. */
static size_t
join_stems(const struct bot_words *words, size_t first, size_t n, char *key,
           size_t cap, size_t *ends)
{
    size_t i, o = 0;

    for (i = first; i < first + n; i++) {
        size_t len = strlen(words->w[i].stem);
        if (o + len + 2 > cap)
            break;
        if (i > first)
            key[o++] = ' ';
        memcpy(key + o, words->w[i].stem, len);
        o += len;
        if (ends)
            ends[i - first] = o;
    }
    key[o] = '\0';
    return o;
}

int
bot_lex_add(struct bot_lex *lex, const char *text, int concept, int entity)
{
    char *folded = bot_text_fold(text, strlen(text));
    struct bot_words *words = malloc(sizeof(*words));
    char key[PHRASE_WORDS_MAX * BOT_WORD_MAX];
    struct lex_slot *s;
    size_t first = 0, n;
    int rc = BOT_ENOMEM;

    if (!folded || !words)
        goto out;
    n = bot_text_words(lex->stemmer, folded, words);
    if (n > 1 && strcmp(words->w[0].text, "the") == 0)
        first = 1;
    rc = 0;
    if (n - first == 0 || n - first > PHRASE_WORDS_MAX)
        goto out;
    join_stems(words, first, n - first, key, sizeof(key), NULL);
    if (n - first > 1) {
        /* "^stem" marks a word that can start a phrase. */
        char start[BOT_WORD_MAX + 2];
        snprintf(start, sizeof(start), "^%s", words->w[first].stem);
        if (!get_slot(lex, start)) {
            rc = BOT_ENOMEM;
            goto out;
        }
    }
    s = get_slot(lex, key);
    if (!s) {
        rc = BOT_ENOMEM;
        goto out;
    }
    slot_add_concept(s, concept);
    if (n - first > 1)
        s->phrase = (int)(n - first);
    if (entity >= 0)
        s->entity = entity;
out:
    free(words);
    free(folded);
    return rc;
}

/* Vocabulary words live in the hash too, as "=word", for O(1) lookup. */
static int
in_vocab(const struct bot_lex *lex, const char *w)
{
    char key[BOT_WORD_MAX + 2];
    size_t n = strnlen(w, BOT_WORD_MAX - 1);

    key[0] = '='; /* no snprintf: this runs for every word of a question */
    memcpy(key + 1, w, n);
    key[n + 1] = '\0';
    return find_slot(lex, key) != NULL;
}

int
bot_lex_add_vocab(struct bot_lex *lex, const char *text)
{
    char *folded = bot_text_fold(text, strlen(text));
    struct bot_words *words = malloc(sizeof(*words));
    char key[BOT_WORD_MAX + 2];
    size_t i, n;
    int rc = BOT_ENOMEM;

    if (!folded || !words)
        goto out;
    n = bot_text_words(lex->stemmer, folded, words);
    for (i = 0; i < n; i++) {
        const char *w = words->w[i].text;
        if (strlen(w) < 4 || in_vocab(lex, w))
            continue;
        if (lex->nvocab == lex->vocab_cap) {
            size_t cap = lex->vocab_cap ? lex->vocab_cap * 2 : 256;
            char **v = realloc(lex->vocab, cap * sizeof(*v));
            if (!v)
                goto out;
            lex->vocab = v;
            lex->vocab_cap = cap;
        }
        lex->vocab[lex->nvocab] = strdup(w);
        if (!lex->vocab[lex->nvocab])
            goto out;
        lex->nvocab++;
        snprintf(key, sizeof(key), "=%s", w);
        if (!get_slot(lex, key))
            goto out;
    }
    rc = 0;
out:
    free(words);
    free(folded);
    return rc;
}

static int
cmp_vocab(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void
bot_lex_finish(struct bot_lex *lex)
{
    size_t i;
    int c;

    if (lex->nvocab)
        qsort(lex->vocab, lex->nvocab, sizeof(char *), cmp_vocab);
    for (c = 0, i = 0; c < 256; c++) {
        lex->letter[c] = i;
        while (i < lex->nvocab && (unsigned char)lex->vocab[i][0] == c)
            i++;
    }
    lex->letter[256] = lex->nvocab;
    lex->finished = 1;
}

int
bot_lex_add_antonym(struct bot_lex *lex, int a, int b)
{
    if (lex->nantonyms == lex->antonym_cap) {
        size_t cap = lex->antonym_cap ? lex->antonym_cap * 2 : 32;
        int(*p)[2] = realloc(lex->antonyms, cap * sizeof(*p));
        if (!p)
            return BOT_ENOMEM;
        lex->antonyms = p;
        lex->antonym_cap = cap;
    }
    lex->antonyms[lex->nantonyms][0] = a;
    lex->antonyms[lex->nantonyms][1] = b;
    lex->nantonyms++;
    return 0;
}

int
bot_lex_antonyms(const struct bot_lex *lex, int a, int b)
{
    size_t i;

    for (i = 0; i < lex->nantonyms; i++) {
        const int *p = lex->antonyms[i];
        if ((p[0] == a && p[1] == b) || (p[0] == b && p[1] == a))
            return 1;
    }
    return 0;
}

/* Corrects @w towards the article's own words when it is neither one of
 * them nor English: "heering" becomes "hearing", "afganistan"
 * "afghanistan"; "heads" stays, being English. Return: 0 for a known
 * word, 2 for a corrected one, 1 for a word nobody knows (not the
 * article's, not English, not correctable), which then costs a question
 * nothing. */
static int
correct_word(struct bot_lex *lex, struct bot_word *w)
{
    size_t len = strlen(w->text), i, first, last;
    int limit = len >= 9 ? 2 : 1, best = limit + 1;
    const char *pick = NULL;

    if (find_slot(lex, w->stem) || in_vocab(lex, w->text) ||
        bot_text_is_stopword(w->text) || bot_lexicon_is_light(w->text) ||
        bot_lexicon_number(w->text) >= 0 ||
        ((unsigned char)w->text[0] < 0x80 &&
         !isalpha((unsigned char)w->text[0])))
        return 0;
    if (bot_english_is_word(lex->english, w->text))
        return 0;
    if (len < 4)
        return 1;
    /* Typos seldom hit the first letter; requiring it also keeps "heads"
     * from becoming "leads". */
    first = lex->finished ? lex->letter[(unsigned char)w->text[0]] : 0;
    last = lex->finished ? lex->letter[(unsigned char)w->text[0] + 1]
                         : lex->nvocab;
    for (i = first; i < last; i++) {
        int d;
        if (lex->vocab[i][0] != w->text[0])
            continue;
        d = bot_text_distance(w->text, lex->vocab[i], limit);
        if (d < best) {
            best = d;
            pick = lex->vocab[i];
        }
    }
    if (!pick)
        return 1;
    snprintf(w->text, sizeof(w->text), "%s", pick);
    bot_text_stem(lex->stemmer, w->text, w->stem);
    return 2;
}

static void
term_set(struct bot_term *t, const struct lex_slot *s, const struct bot_word *w,
         size_t first, size_t last)
{
    memset(t, 0, sizeof(*t));
    t->entity = -1;
    t->first = first;
    t->last = last;
    memcpy(t->word, w->text, strlen(w->text) + 1);
    if (s) {
        memcpy(t->concepts, s->concepts, sizeof(t->concepts));
        t->nconcepts = s->nconcepts;
        t->entity = s->entity;
    }
}

/* Joins the surface words @words[i..i+k) into @out. */
static void
span_text(const struct bot_words *words, size_t i, size_t k, char *out,
          size_t cap)
{
    size_t j, o = 0;

    out[0] = '\0';
    for (j = i; j < i + k; j++) {
        size_t n = strlen(words->w[j].text);
        if (o + n + 2 > cap)
            break;
        if (j > i)
            out[o++] = ' ';
        memcpy(out + o, words->w[j].text, n + 1);
        o += n;
    }
}

/* Matches the longest phrase starting at word @i; returns its length. */
static size_t
match_phrase(const struct bot_lex *lex, const struct bot_words *words, size_t i,
             const struct lex_slot **out)
{
    char key[PHRASE_WORDS_MAX * BOT_WORD_MAX];
    size_t ends[PHRASE_WORDS_MAX] = {0};
    size_t k = words->n - i;

    key[0] = '^';
    memcpy(key + 1, words->w[i].stem, strlen(words->w[i].stem) + 1);
    if (k < 2 || !find_slot(lex, key))
        return 0;
    if (k > PHRASE_WORDS_MAX)
        k = PHRASE_WORDS_MAX;
    join_stems(words, i, k, key, sizeof(key), ends);
    for (; k >= 2; k--) {
        const struct lex_slot *s;
        if (!ends[k - 1])
            continue;
        key[ends[k - 1]] = '\0';
        s = find_slot(lex, key);
        if (s && s->phrase == (int)k) {
            *out = s;
            return k;
        }
    }
    return 0;
}

/* Reads the single word @w as a term; returns 0, 1 (no term) or an error. */
static int
word_term(struct bot_lex *lex, const struct bot_word *w, size_t i, int learn,
          struct bot_term *t)
{
    double num = bot_lexicon_number(w->text);
    char digits[32];
    const char *key = w->stem;
    struct lex_slot *s;

    if (num >= 0) {
        snprintf(digits, sizeof(digits), "%g", num);
        key = digits;
    } else if (bot_text_is_stopword(w->text)) {
        return 1;
    }
    s = find_slot(lex, key);
    if (!s && learn) {
        s = get_slot(lex, key);
        if (!s)
            return BOT_ENOMEM;
        slot_add_concept(s, bot_lex_new_concept(lex));
    }
    term_set(t, s, w, i, i);
    if (num >= 0) {
        t->kind = BOT_TERM_NUMBER;
        t->number = num;
    } else if (t->entity >= 0) {
        t->kind = BOT_TERM_ENTITY;
    } else if (bot_lexicon_is_light(w->text)) {
        t->kind = BOT_TERM_LIGHT;
    }
    return 0;
}

/* "took the Taliban off its list": a particle a few words after its verb
 * makes the phrase "took off". The particle's term takes the phrase's
 * concepts and the verb's term becomes light. */
static void
join_particles(const struct bot_lex *lex, const struct bot_words *words,
               struct bot_terms *terms)
{
    static const char *const particles[] = {"off",  "out",  "up",   "down",
                                            "away", "back", "over", NULL};
    char key[2 * BOT_WORD_MAX + 2];
    size_t i, j;

    for (i = 0; i < terms->n; i++) {
        struct bot_term *p = &terms->t[i];
        const char *const *q;
        int is_particle = 0;
        if (p->first != p->last)
            continue;
        for (q = particles; *q; q++)
            is_particle |= strcmp(words->w[p->first].text, *q) == 0;
        for (j = i; is_particle && j-- > 0 && i - j <= 4;) {
            struct bot_term *v = &terms->t[j];
            const struct lex_slot *s;
            snprintf(key, sizeof(key), "%s %s", words->w[v->last].stem,
                     words->w[p->first].stem); /* rare: particles only */
            s = find_slot(lex, key);
            if (s && s->phrase == 2 && v->kind != BOT_TERM_ENTITY) {
                memcpy(p->concepts, s->concepts, sizeof(p->concepts));
                p->nconcepts = s->nconcepts;
                p->kind = BOT_TERM_PHRASE;
                v->kind = BOT_TERM_LIGHT;
                break;
            }
        }
    }
}

/* "does the article name ...", "the piece mentions": what the article
 * does is how the question is framed, not what it asks about. */
static void
lighten_article_verbs(const struct bot_words *words, struct bot_terms *terms)
{
    static const char *const article[] = {"article", "piece", "story", "text",
                                          NULL};
    size_t i;

    for (i = 0; i < terms->n; i++) {
        struct bot_term *t = &terms->t[i];
        if (t->first > 0 && t->kind != BOT_TERM_ENTITY &&
            bot_text_in_list(words->w[t->first - 1].text, article))
            t->kind = BOT_TERM_LIGHT;
    }
}

/* Stems of the words questions use that the article does not ("what",
 * "did", "yesterday"): a direct-mapped cache, as stemming is the costliest
 * step of reading a question. */
#define STEM_CACHE 2048
#define STEM_WORD  24
struct lex_stem {
    char word[STEM_WORD], stem[STEM_WORD];
};

static void
cached_stem(struct bot_lex *lex, const char *word, char *out)
{
    size_t len = strlen(word), h = 5381, i;
    struct lex_stem *c;

    if (len >= STEM_WORD ||
        (!lex->stems && !(lex->stems = calloc(STEM_CACHE, sizeof(*c))))) {
        bot_text_stem(lex->stemmer, word, out);
        return;
    }
    for (i = 0; i < len; i++)
        h = h * 33 + (unsigned char)word[i];
    c = &lex->stems[h % STEM_CACHE];
    if (strcmp(c->word, word) != 0) {
        bot_text_stem(lex->stemmer, word, out);
        if (strlen(out) >= STEM_WORD)
            return;
        memcpy(c->word, word, len + 1);
        memcpy(c->stem, out, strlen(out) + 1);
        return;
    }
    memcpy(out, c->stem, strlen(c->stem) + 1);
}

/* Stems every word, from the cache of words seen at load where it can:
 * stemming is the costliest step of reading a question. */
static int
stem_words(struct bot_lex *lex, struct bot_words *words, int learn)
{
    char key[BOT_WORD_MAX + 2];
    size_t i;

    for (i = 0; i < words->n; i++) {
        struct bot_word *w = &words->w[i];
        struct lex_slot *s;
        key[0] = '~';
        memcpy(key + 1, w->text, strlen(w->text) + 1);
        s = find_slot(lex, key);
        if (s && s->stem) {
            memcpy(w->stem, s->stem, strlen(s->stem) + 1);
            continue;
        }
        if (!learn) {
            cached_stem(lex, w->text, w->stem);
            continue;
        }
        bot_text_stem(lex->stemmer, w->text, w->stem);
        s = get_slot(lex, key);
        if (!s || !(s->stem = strdup(w->stem)))
            return BOT_ENOMEM;
    }
    return 0;
}

/* "two decades" is 20 years: the number takes the concepts of 20. */
static void
decades(const struct bot_lex *lex, const struct bot_words *words,
        struct bot_terms *terms)
{
    char digits[32];
    size_t i;

    for (i = 0; i < terms->n; i++) {
        struct bot_term *t = &terms->t[i];
        const struct lex_slot *s;
        size_t next = t->last + 1;
        if (t->kind != BOT_TERM_NUMBER || next >= words->n ||
            strncmp(words->w[next].text, "decade", 6) != 0)
            continue;
        t->number *= 10;
        snprintf(digits, sizeof(digits), "%g", t->number);
        s = find_slot(lex, digits);
        t->nconcepts = s ? s->nconcepts : 0;
        if (s)
            memcpy(t->concepts, s->concepts, sizeof(t->concepts));
    }
}

int
bot_lex_terms(struct bot_lex *lex, const char *folded, int learn,
              struct bot_words *words, struct bot_terms *terms)
{
    size_t i = 0;
    int rc;

    terms->n = 0;
    bot_text_words(NULL, folded, words);
    rc = stem_words(lex, words, learn);
    if (rc < 0)
        return rc;
    terms->unknown = terms->foreign = 0;
    if (!learn) {
        for (i = 0; i < words->n && i < 64; i++) {
            int how = correct_word(lex, &words->w[i]);
            if (how == 1)
                terms->unknown |= 1ull << i;
            if (how != 0)
                terms->foreign |= 1ull << i;
        }
    }
    i = 0;
    while (i < words->n && terms->n < BOT_TERMS_MAX) {
        struct bot_term *t = &terms->t[terms->n];
        const struct lex_slot *s = NULL;
        size_t k = learn ? 0 : bot_lexicon_idiom(words, i);
        if (k) {
            i += k;
            continue;
        }
        k = match_phrase(lex, words, i, &s);
        if (k) {
            term_set(t, s, &words->w[i], i, i + k - 1);
            span_text(words, i, k, t->word, sizeof(t->word));
            t->kind = s->entity >= 0                  ? BOT_TERM_ENTITY
                      : bot_lexicon_is_light(t->word) ? BOT_TERM_LIGHT
                                                      : BOT_TERM_PHRASE;
            terms->n++;
            i += k;
            continue;
        }
        rc = word_term(lex, &words->w[i], i, learn, t);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            t->noise = i < 64 && (terms->unknown >> i & 1);
            terms->n++;
        }
        i++;
    }
    join_particles(lex, words, terms);
    lighten_article_verbs(words, terms);
    decades(lex, words, terms);
    return (int)terms->n;
}

/* ---- the built-in lexicon, fed to the lexer ---- */

/* Adds one '|'-separated group as a new concept. */
static int
add_group(struct bot_lex *lex, const char *line)
{
    int concept = bot_lex_new_concept(lex);
    char word[128];

    while (*line) {
        size_t n = strcspn(line, "|");
        int rc;
        if (n >= sizeof(word))
            n = sizeof(word) - 1;
        memcpy(word, line, n);
        word[n] = '\0';
        rc = bot_lex_add(lex, word, concept, -1);
        if (rc == 0)
            rc = bot_lex_add_vocab(lex, word);
        if (rc < 0)
            return rc;
        line += n;
        if (*line == '|')
            line++;
    }
    return 0;
}

static int
add_opposites(struct bot_lex *lex)
{
    size_t i;
    int rc;

    const char *wa, *wb;

    for (i = 0; bot_lexicon_opposite(i, &wa, &wb); i++) {
        int a = bot_lex_concept_of(lex, wa);
        int b = bot_lex_concept_of(lex, wb);
        if (a < 0 || b < 0)
            continue;
        rc = bot_lex_add_antonym(lex, a, b);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int
bot_lex_add_builtin(struct bot_lex *lex)
{
    const char *line;
    size_t i;
    int rc;

    for (i = 0; (line = bot_lexicon_group(i)) != NULL; i++) {
        rc = add_group(lex, line);
        if (rc < 0)
            return rc;
    }
    return add_opposites(lex);
}
