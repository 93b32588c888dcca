/* English as a language resource: SCOWL's US English word list (Debian's
 * wamerican, compiled in by tools/wordlist.c) for "is this an English
 * word", the compiled-in shorthand table, libexttextcat for "which
 * language is this". The word list is read-only data searched in place;
 * the language models load on the first question that needs them. */
#include "bot/knowledge/english.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#include "bot/base/log.h"

/* data/shorthand.txt, embedded by the build (shorthand_data.c). */
extern const char bot_shorthand_data[];
/* The word list, embedded by the build (english_words.c). */
extern const char bot_english_words[];
extern const unsigned int bot_english_word_at[];
extern const unsigned int bot_english_nwords;

#define CACHE_SLOTS 4096
#define CACHE_WORD  24

struct shorthand {
    const char *from, *to;
};

struct cache_slot {
    char word[CACHE_WORD];
    signed char known; /* 0 = empty, 1 = English, -1 = not */
};

struct bot_english {
    void *textcat;
    int textcat_tried; /* the models were looked for (loaded on demand) */
    char textcat_dir[256];
    struct shorthand *shorthand;
    size_t nshorthand;
    char *shorthand_text;
    struct cache_slot cache[CACHE_SLOTS];
};

static int
cmp_shorthand(const void *a, const void *b)
{
    return strcmp(((const struct shorthand *)a)->from,
                  ((const struct shorthand *)b)->from);
}

/* Splits the embedded table into sorted (from, to) pairs in place. */
static int
load_shorthand(struct bot_english *en)
{
    size_t cap = 0;
    char *line, *save = NULL;

    en->shorthand_text = strdup(bot_shorthand_data);
    if (!en->shorthand_text)
        return BOT_ENOMEM;
    for (line = strtok_r(en->shorthand_text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        if (en->nshorthand == cap) {
            struct shorthand *p;
            cap = cap ? cap * 2 : 64;
            p = realloc(en->shorthand, cap * sizeof(*p));
            if (!p)
                return BOT_ENOMEM;
            en->shorthand = p;
        }
        en->shorthand[en->nshorthand].from = line;
        en->shorthand[en->nshorthand].to = tab + 1;
        en->nshorthand++;
    }
    if (en->nshorthand)
        qsort(en->shorthand, en->nshorthand, sizeof(*en->shorthand),
              cmp_shorthand);
    return 0;
}

static int
readable(const char *path)
{
    FILE *f = fopen(path, "r");

    if (!f)
        return 0;
    fclose(f);
    return 1;
}

int
bot_english_open(struct bot_english **out, const char *textcat_dir)
{
    struct bot_english *en = calloc(1, sizeof(*en));
    int rc;

    *out = NULL;
    if (!en)
        return BOT_ENOMEM;
    rc = load_shorthand(en);
    if (rc < 0) {
        bot_english_close(en);
        return rc;
    }
    snprintf(en->textcat_dir, sizeof(en->textcat_dir), "%s", textcat_dir);
    *out = en;
    return 0;
}

/* Loads the language models the first time they are needed: most
 * questions are plainly English and never need them. */
static void *
textcat(struct bot_english *en)
{
    char conf[512], prefix[512];

    if (en->textcat_tried)
        return en->textcat;
    en->textcat_tried = 1;
    snprintf(conf, sizeof(conf), "%s/fpdb.conf", en->textcat_dir);
    snprintf(prefix, sizeof(prefix), "%s/", en->textcat_dir);
    if (readable(conf))
        en->textcat = special_textcat_Init(conf, prefix);
    if (!en->textcat)
        bot_log(BOT_LOG_WARN,
                "no language models in %s (install libexttextcat-data): "
                "questions in other languages are not recognised",
                en->textcat_dir);
    return en->textcat;
}

void
bot_english_close(struct bot_english *en)
{
    if (!en)
        return;
    if (en->textcat)
        textcat_Done(en->textcat);
    free(en->shorthand);
    free(en->shorthand_text);
    free(en);
}

static uint32_t
hash_word(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Looks @word up in the compiled-in list: a binary search in place. */
static int
listed(const char *word)
{
    size_t lo = 0, hi = bot_english_nwords;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(bot_english_words + bot_english_word_at[mid], word);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int
bot_english_is_word(struct bot_english *en, const char *word)
{
    struct cache_slot *slot;
    size_t len = strlen(word);

    if (!en)
        return 0;
    if (len == 0 || len >= CACHE_WORD)
        return len > 0 && listed(word);
    slot = &en->cache[hash_word(word) % CACHE_SLOTS];
    if (slot->known && strcmp(slot->word, word) == 0)
        return slot->known > 0;
    memcpy(slot->word, word, len + 1);
    slot->known = listed(word) ? 1 : -1;
    return slot->known > 0;
}

const char *
bot_english_shorthand(const struct bot_english *en, const char *word)
{
    struct shorthand key = {word, NULL}, *hit;

    if (!en || !en->nshorthand)
        return NULL;
    hit = bsearch(&key, en->shorthand, en->nshorthand, sizeof(key),
                  cmp_shorthand);
    return hit ? hit->to : NULL;
}

/* ISO 639 codes of the models, as people name the languages. */
static const char *
language_name(const char *id)
{
    static const char *const names[][2] = {
        {"ar", "Arabic"},        {"cs", "Czech"},     {"da", "Danish"},
        {"de", "German"},        {"el", "Greek"},     {"es", "Spanish"},
        {"fa", "Persian"},       {"fi", "Finnish"},   {"fr", "French"},
        {"he", "Hebrew"},        {"hi", "Hindi"},     {"hu", "Hungarian"},
        {"it", "Italian"},       {"ja", "Japanese"},  {"ko", "Korean"},
        {"nl", "Dutch"},         {"no", "Norwegian"}, {"nb", "Norwegian"},
        {"pl", "Polish"},        {"ps", "Pashto"},    {"pt", "Portuguese"},
        {"ro", "Romanian"},      {"ru", "Russian"},   {"sv", "Swedish"},
        {"tr", "Turkish"},       {"uk", "Ukrainian"}, {"ur", "Urdu"},
        {"uz", "Uzbek"},         {"zh", "Chinese"},   {"kk", "Kazakh"},
        {"lb", "Luxembourgish"}, {"ca", "Catalan"},   {"sk", "Slovak"},
    };
    size_t i, n = strcspn(id, "-]");

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strlen(names[i][0]) == n && strncmp(id, names[i][0], n) == 0)
            return names[i][1];
    }
    return NULL;
}

const char *
bot_english_language(struct bot_english *en, const char *text, size_t len,
                     int foreign, int words)
{
    static const char *const other = "a language other than English";
    const char *verdict, *name;

    /* A third of its words must be foreign before the models are asked:
     * n-gram models misjudge short English questions, and a typo or two
     * does not make a question foreign. */
    if (!en || words == 0 || foreign < 2 || foreign * 3 < words)
        return NULL;
    if (!textcat(en))
        return foreign * 2 > words ? other : NULL;
    verdict = textcat_Classify(en->textcat, text, len);
    if (!verdict || verdict[0] != '[')
        return foreign * 2 > words ? other : NULL;
    /* English, or Scots, its neighbour in the models, among the
     * candidates: English with slang or typos. */
    if (strstr(verdict, "[en-") || strstr(verdict, "[sco-"))
        return NULL;
    name = language_name(verdict + 1);
    return name ? name : other;
}

/* True for the bytes a shorthand token is made of: "w/", "b4", "b/c". */
static int
token_byte(char c)
{
    return isalnum((unsigned char)c) || c == '/' || (unsigned char)c >= 0x80;
}

char *
bot_english_expand(const struct bot_english *en, const char *folded)
{
    size_t n = strlen(folded), cap = n * 2 + 64, o = 0;
    char *out = malloc(cap), word[32];
    const char *p = folded;

    if (!out)
        return NULL;
    while (*p) {
        size_t len = 0;
        const char *to = NULL;
        if (!token_byte(*p) || (p > folded && token_byte(p[-1]))) {
            out[o++] = *p++;
        } else {
            while (token_byte(p[len]))
                len++;
            /* "u.s." is a name, not "you" */
            if (len < sizeof(word) &&
                !(p[len] == '.' && isalnum((unsigned char)p[len + 1])) &&
                !(p > folded && p[-1] == '.')) {
                memcpy(word, p, len);
                word[len] = '\0';
                to = bot_english_shorthand(en, word);
            }
            if (to && o + strlen(to) + n < cap) {
                memcpy(out + o, to, strlen(to));
                o += strlen(to);
            } else {
                memcpy(out + o, p, len);
                o += len;
            }
            p += len;
        }
        if (o + 64 >= cap)
            break;
    }
    out[o] = '\0';
    return out;
}
