/* English as a language resource: hunspell for "is this an English word",
 * the compiled-in shorthand table, libexttextcat for "which language is
 * this". Loaded once per knowledge; lookups are cached so a question pays
 * microseconds, not a dictionary search. */
#include "bot/knowledge/english.h"

#include <ctype.h>
#include <hunspell.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#include "bot/base/log.h"

/* data/shorthand.txt, embedded by the build (shorthand_data.c). */
extern const char bot_shorthand_data[];

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
    Hunhandle *dict;
    void *textcat;
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
bot_english_open(struct bot_english **out, const char *hunspell_dir,
                 const char *textcat_dir)
{
    struct bot_english *en = calloc(1, sizeof(*en));
    char aff[512], dic[512], conf[512], prefix[512];
    int rc;

    *out = NULL;
    if (!en)
        return BOT_ENOMEM;
    rc = load_shorthand(en);
    if (rc < 0) {
        bot_english_close(en);
        return rc;
    }
    snprintf(aff, sizeof(aff), "%s/en_US.aff", hunspell_dir);
    snprintf(dic, sizeof(dic), "%s/en_US.dic", hunspell_dir);
    if (readable(aff) && readable(dic))
        en->dict = Hunspell_create(aff, dic);
    if (!en->dict)
        bot_log(BOT_LOG_WARN,
                "no English dictionary in %s (install hunspell-en-us): "
                "typos are corrected less carefully",
                hunspell_dir);
    snprintf(conf, sizeof(conf), "%s/fpdb.conf", textcat_dir);
    snprintf(prefix, sizeof(prefix), "%s/", textcat_dir);
    if (readable(conf))
        en->textcat = special_textcat_Init(conf, prefix);
    if (!en->textcat)
        bot_log(BOT_LOG_WARN,
                "no language models in %s (install libexttextcat-data): "
                "questions in other languages are not recognised",
                textcat_dir);
    *out = en;
    return 0;
}

void
bot_english_close(struct bot_english *en)
{
    if (!en)
        return;
    if (en->dict)
        Hunspell_destroy(en->dict);
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

/* Asks the dictionary, as typed and capitalised (names are stored so). */
static int
dictionary_knows(Hunhandle *dict, const char *word)
{
    char cap[CACHE_WORD * 4];

    if (Hunspell_spell(dict, word))
        return 1;
    snprintf(cap, sizeof(cap), "%s", word);
    cap[0] = (char)toupper((unsigned char)cap[0]);
    return Hunspell_spell(dict, cap) != 0;
}

int
bot_english_is_word(struct bot_english *en, const char *word)
{
    struct cache_slot *slot;
    size_t len = strlen(word);

    if (!en || !en->dict)
        return 0;
    if (len == 0 || len >= CACHE_WORD)
        return len > 0 && dictionary_knows(en->dict, word);
    slot = &en->cache[hash_word(word) % CACHE_SLOTS];
    if (slot->known && strcmp(slot->word, word) == 0)
        return slot->known > 0;
    memcpy(slot->word, word, len + 1);
    slot->known = dictionary_knows(en->dict, word) ? 1 : -1;
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
    if (!en || !en->dict || words == 0 || foreign < 2 || foreign * 3 < words)
        return NULL;
    if (!en->textcat)
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
