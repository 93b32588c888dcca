/* English as a language resource: SCOWL's US English word list (Debian's
 * wamerican, compiled in by tools/wordlist.c) for "is this an English
 * word", the compiled-in shorthand table, libexttextcat for "which
 * language is this". The word list is read-only data searched in place;
 * the language models load on the first question that needs them. */
#include "bot/knowledge/english.h"

#include <constants.h>
#include <ctype.h>
#include <fingerprint.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"

/* data/shorthand.txt, embedded by the build (shorthand_data.c). */
extern const char bot_shorthand_data[];
/* The word list, embedded by the build (english_words.c). */
extern const char bot_english_words[];
extern const unsigned int bot_english_word_at[];
extern const unsigned int bot_english_nwords;
extern const unsigned char bot_english_proper[];

/* The languages told apart: English (and Scots, its neighbour in the
 * models, which English with slang or typos resembles) and the languages
 * people are likely to ask in. libexttextcat ships 163 models; comparing
 * with all of them took 130 us a question, with these a fifth of it. */
static const char *const languages[][2] = {
    {"en", NULL},        {"sco", NULL},          {"ar", "Arabic"},
    {"cs", "Czech"},     {"da", "Danish"},       {"de", "German"},
    {"el", "Greek"},     {"es", "Spanish"},      {"fa", "Persian"},
    {"fi", "Finnish"},   {"fr", "French"},       {"he", "Hebrew"},
    {"hi", "Hindi"},     {"hu", "Hungarian"},    {"it", "Italian"},
    {"ja", "Japanese"},  {"ko", "Korean"},       {"nl", "Dutch"},
    {"nb", "Norwegian"}, {"pl", "Polish"},       {"pt", "Portuguese"},
    {"ro", "Romanian"},  {"ru", "Russian"},      {"sv", "Swedish"},
    {"tr", "Turkish"},   {"uk", "Ukrainian"},    {"ur", "Urdu"},
    {"uz", "Uzbek"},     {"zh-Hans", "Chinese"}, {"kk", "Kazakh"},
    {"ca", "Catalan"},   {"sk", "Slovak"},
};
#define LANGUAGES_MAX (sizeof(languages) / sizeof(languages[0]))

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
    struct model {
        void *fp;
        int lang; /* index in languages[] */
    } models[LANGUAGES_MAX];
    int nmodels;
    int models_tried; /* the models were looked for (loaded on demand) */
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
 * questions are plainly English and never need them. Return: how many. */
static int
load_models(struct bot_english *en)
{
    char path[512];
    size_t i;

    if (en->models_tried)
        return en->nmodels;
    en->models_tried = 1;
    for (i = 0; i < LANGUAGES_MAX; i++) {
        void *fp = fp_Init(languages[i][0]);
        snprintf(path, sizeof(path), "%s/%s.lm", en->textcat_dir,
                 languages[i][0]);
        if (fp && readable(path) && fp_Read(fp, path, MAXNGRAMS) != 0) {
            en->models[en->nmodels].fp = fp;
            en->models[en->nmodels++].lang = (int)i;
        } else if (fp) {
            fp_Done(fp);
        }
    }
    if (en->nmodels < 2)
        bot_log(BOT_LOG_WARN,
                "no language models in %s (install libexttextcat-data): "
                "questions in other languages are not recognised",
                en->textcat_dir);
    return en->nmodels;
}

void
bot_english_close(struct bot_english *en)
{
    int i;

    if (!en)
        return;
    for (i = 0; i < en->nmodels; i++)
        fp_Done(en->models[i].fp);
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

/* Looks @word up in the compiled-in list: a binary search in place.
 * Return: its index + 1, or 0. */
static size_t
position(const char *word)
{
    size_t lo = 0, hi = bot_english_nwords;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(bot_english_words + bot_english_word_at[mid], word);
        if (c == 0)
            return mid + 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int
listed(const char *word)
{
    return position(word) != 0;
}

int
bot_english_is_name(const char *word)
{
    size_t at = position(word);

    return at && (bot_english_proper[(at - 1) / 8] >> ((at - 1) % 8)) & 1;
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

/* True if @text has a letter outside ASCII (not a quote, a dash or an
 * emoji): "ü", "é", "ñ", Cyrillic, Arabic, CJK. */
static int
accented(const char *text, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        /* lead bytes of two-byte letters (Latin-1 to Arabic), and of the
         * three-byte scripts past the punctuation block (CJK) */
        if ((c >= 0xc3 && c <= 0xdb) || (c >= 0xe3 && c <= 0xed))
            return 1;
    }
    return 0;
}

const char *
bot_english_language(struct bot_english *en, const char *text, size_t len,
                     int foreign, int words)
{
    static const char *const other = "a language other than English";
    int scores[LANGUAGES_MAX], best = INT_MAX, candidates = 0, i, pick = -1;
    void *unknown;

    /* Three words at least, of which a third must be foreign, or one
     * foreign word with
     * letters English does not use ("über", "audiencia"), before the
     * models are asked: n-gram models misjudge short English questions,
     * and a typo or two does not make a question foreign. */
    if (!en || words < 3 ||
        !((foreign >= 2 && foreign * 3 >= words) ||
          (foreign >= 1 && accented(text, len))))
        return NULL;
    if (load_models(en) < 2)
        return foreign * 2 > words ? other : NULL;
    unknown = fp_Init(NULL);
    if (!unknown || fp_Create(unknown, text, (uint4)len, MAXNGRAMS) == 0) {
        fp_Done(unknown);
        return foreign * 2 > words ? other : NULL;
    }
    /* As libexttextcat decides: the closest model, and every model within
     * THRESHOLDVALUE of it as a candidate. */
    for (i = 0; i < en->nmodels; i++) {
        scores[i] = fp_Compare(en->models[i].fp, unknown, INT_MAX);
        if (scores[i] < best) {
            best = scores[i];
            pick = i;
        }
    }
    fp_Done(unknown);
    for (i = 0; i < en->nmodels; i++) {
        if (scores[i] > best * THRESHOLDVALUE)
            continue;
        candidates++;
        /* English, or Scots, among the candidates: English with slang or
         * typos */
        if (!languages[en->models[i].lang][1])
            return NULL;
    }
    if (pick < 0 || candidates > MAXCANDIDATES)
        return foreign * 2 > words ? other : NULL;
    return languages[en->models[pick].lang][1];
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
