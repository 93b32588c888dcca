/* Text folding: UTF-8 checks, case and accent folding, words, and small
 * string helpers. */
#include "bot/knowledge/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libstemmer.h>
#include <utf8proc.h>

int
bot_text_utf8_check(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp;

    while (len > 0) {
        utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
        if (n <= 0 || cp < 0)
            return BOT_EPARSE;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

size_t
bot_text_utf8_prefix(const char *s, size_t len, size_t cap)
{
    size_t end;

    if (len <= cap)
        return len;
    end = cap;
    while (end > 0 && ((unsigned char)s[end] & 0xC0) == 0x80)
        end--;
    return end;
}

static int
is_word_byte(char c)
{
    return isalnum((unsigned char)c) || c == '.';
}

/* "us" at @i in lower case that can only be the country: after "the"
 * ("what has the us done") or in "us-led". */
static int
lower_us(const char *s, size_t len, size_t i)
{
    if (len - i < 2 || (s[i] != 'u' && s[i] != 'U') ||
        (s[i + 1] != 's' && s[i + 1] != 'S') ||
        (i + 2 < len && isalnum((unsigned char)s[i + 2])))
        return 0;
    if (len - i >= 6 && strncasecmp(s + i + 2, "-led", 4) == 0)
        return 1;
    return i >= 4 && strncasecmp(s + i - 4, "the ", 4) == 0 &&
           (i == 4 || !isalnum((unsigned char)s[i - 5]));
}

/* Copies @s, turning a capitalised "US" or "U.S." into "USA" so the
 * country is not lost when "us" the pronoun is folded to lower case. */
static char *
mark_us(const char *s, size_t len, size_t *outlen)
{
    char *out = malloc(len * 3 / 2 + 4);
    size_t i = 0, o = 0;

    if (!out)
        return NULL;
    while (i < len) {
        int start = i == 0 || !is_word_byte(s[i - 1]);
        size_t n = 0;
        if (start && len - i >= 6 && memcmp(s + i, "U.S.A.", 6) == 0)
            n = 6;
        else if (start && len - i >= 4 && memcmp(s + i, "U.S.", 4) == 0)
            n = 4;
        else if (start && len - i >= 2 && memcmp(s + i, "US", 2) == 0 &&
                 (i + 2 == len || !isalnum((unsigned char)s[i + 2])))
            n = 2;
        else if (start && lower_us(s, len, i))
            n = 2;
        if (n) {
            memcpy(out + o, "USA", 3);
            o += 3;
            i += n;
            continue;
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

/* The ASCII stand-in for a code point, or 0 to keep it. */
static int
ascii_of(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x2018: /* ‘ ’ ‛ ′ */
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0x0060:
    case 0x00B4:
        return '\'';
    case 0x201C: /* “ ” „ ″ « » */
    case 0x201D:
    case 0x201E:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
        return '"';
    case 0x2010: /* hyphens, dashes, minus */
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
        return '-';
    default:
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
            cp == 0xA0 || cp == 0x2028 || cp == 0x2029)
            return ' ';
        return 0;
    }
}

char *
bot_text_fold(const char *s, size_t len)
{
    size_t mlen;
    char *marked = mark_us(s, len, &mlen), *out;

    if (!marked)
        return NULL;
    out = bot_text_fold_plain(marked, mlen);
    free(marked);
    return out;
}

/* The common case, plain ASCII, folded without utf8proc. */
static char *
fold_ascii(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    size_t i, o = 0;

    if (!out)
        return NULL;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x1B && i + 1 < len && s[i + 1] == '[') {
            /* A terminal escape ("\033[31m"): drop it whole. */
            for (i += 2; i < len && (s[i] < 0x40 || s[i] > 0x7E); i++)
                ;
            out[o++] = ' ';
        } else if (c < 0x20 || c == 0x7F) {
            out[o++] = ' ';
        } else if (c == '`') {
            out[o++] = '\'';
        } else {
            out[o++] = (char)tolower(c);
        }
    }
    out[o] = '\0';
    return out;
}

char *
bot_text_fold_plain(const char *s, size_t len)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n, i = 0;
    char *out = NULL;
    size_t o = 0, ascii;

    for (ascii = 0; ascii < len && !((unsigned char)s[ascii] & 0x80); ascii++)
        ;
    if (ascii == len)
        return fold_ascii(s, len);
    n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                     &mapped,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                         UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (n < 0)
        return NULL;
    out = malloc((size_t)n + 1);
    while (out && i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &cp);
        int a;
        if (k <= 0)
            break;
        if (cp == 0x1B && i + 1 < n && mapped[i + 1] == '[') {
            /* A terminal escape ("\033[31m"): drop it whole. */
            i += 2;
            while (i < n && (mapped[i] < 0x40 || mapped[i] > 0x7E))
                i++;
            i += i < n;
            out[o++] = ' ';
            continue;
        }
        a = ascii_of(cp);
        if (a) {
            out[o++] = (char)a;
        } else {
            memcpy(out + o, mapped + i, (size_t)k);
            o += (size_t)k;
        }
        i += k;
    }
    if (out)
        out[o] = '\0';
    free(mapped);
    return out;
}

struct sb_stemmer *
bot_text_stemmer_new(void)
{
    return sb_stemmer_new("english", "UTF_8");
}

void
bot_text_stemmer_free(struct sb_stemmer *st)
{
    if (st)
        sb_stemmer_delete(st);
}

void
bot_text_stem(struct sb_stemmer *st, const char *word, char *out)
{
    const sb_symbol *s;
    int n;

    size_t len = strnlen(word, BOT_WORD_MAX - 1);

    s = sb_stemmer_stem(st, (const sb_symbol *)word, (int)len);
    n = s ? sb_stemmer_length(st) : 0;
    if (!s || n <= 0 || n >= BOT_WORD_MAX) {
        memmove(out, word, len); /* a word too odd to stem stays itself */
        out[len] = '\0';
        return;
    }
    memcpy(out, s, (size_t)n);
    out[n] = '\0';
}

/* Bytes in the character at @p (1 for a broken one); sets *@word if it is
 * a letter, digit or mark, so that emoji and symbols separate words. */
static size_t
char_at(const char *p, int *word)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    utf8proc_category_t cat;

    if (!((unsigned char)*p & 0x80)) {
        *word = isalnum((unsigned char)*p) != 0;
        return 1;
    }
    n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
    if (n <= 0) {
        *word = 0;
        return 1;
    }
    cat = utf8proc_category(cp);
    *word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
    return (size_t)n;
}

static int
is_letter(const char *p)
{
    int word;

    char_at(p, &word);
    return word;
}

/* Moves past the run of word (or, with @want 0, non-word) characters. */
static const char *
skip_run(const char *p, int want)
{
    while (*p) {
        int word;
        size_t n = char_at(p, &word);
        if (word != want)
            break;
        p += n;
    }
    return p;
}

static void
push_word(struct sb_stemmer *st, struct bot_words *out, const char *w,
          size_t len, size_t off)
{
    struct bot_word *word;

    if (out->n >= BOT_WORDS_MAX || len == 0)
        return;
    word = &out->w[out->n++];
    len = bot_text_utf8_prefix(w, len, BOT_WORD_MAX - 1);
    memcpy(word->text, w, len);
    word->text[len] = '\0';
    word->off = off;
    if (st)
        bot_text_stem(st, word->text, word->stem);
    else
        word->stem[0] = '\0';
}

/* Splits "isn't" into "is" + "not", "won't" into "will" + "not". */
static void
push_negated(struct sb_stemmer *st, struct bot_words *out, const char *w,
             size_t len, size_t off)
{
    if (len == 2 && memcmp(w, "wo", 2) == 0)
        push_word(st, out, "will", 4, off);
    else if (len == 2 && memcmp(w, "ca", 2) == 0)
        push_word(st, out, "can", 3, off);
    else
        push_word(st, out, w, len, off);
    push_word(st, out, "not", 3, off);
}

size_t
bot_text_words(struct sb_stemmer *st, const char *folded, struct bot_words *out)
{
    const char *p = folded;

    out->n = 0;
    while (*p && out->n < BOT_WORDS_MAX) {
        const char *start;
        size_t len;
        p = skip_run(p, 0);
        if (!*p)
            break;
        start = p;
        p = skip_run(p, 1);
        len = (size_t)(p - start);
        if (*p == '\'' && p[1] == 's' && !is_letter(p + 2)) {
            p += 2; /* possessive or "what's": drop the 's */
        } else if (*p == '\'' && p[1] == 't' && len > 1 &&
                   start[len - 1] == 'n' && !is_letter(p + 2)) {
            push_negated(st, out, start, len - 1, (size_t)(start - folded));
            p += 2;
            continue;
        } else if (*p == '\'' && is_letter(p + 1)) {
            p = skip_run(p + 1, 1); /* "they're", "o'clock": drop the tail */
        }
        push_word(st, out, start, len, (size_t)(start - folded));
    }
    return out->n;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
bot_text_is_stopword(const char *word)
{
    /* Sorted for bsearch. */
    static const char *const stop[] = {
        "a",
        "about",
        "actually",
        "again",
        "all",
        "am",
        "among",
        "an",
        "and",
        "any",
        "anybody",
        "anyone",
        "approximately",
        "are",
        "as",
        "at",
        "basically",
        "be",
        "been",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "dont",
        "during",
        "each",
        "either",
        "else",
        "even",
        "ever",
        "every",
        "exactly",
        "for",
        "from",
        "gonna",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "hey",
        "hi",
        "him",
        "his",
        "how",
        "i",
        "if",
        "im",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "kinda",
        "know",
        "let",
        "like",
        "literally",
        "may",
        "me",
        "might",
        "mine",
        "must",
        "my",
        "neither",
        "never",
        "no",
        "none",
        "nor",
        "not",
        "of",
        "on",
        "only",
        "onto",
        "or",
        "our",
        "ours",
        "own",
        "per",
        "please",
        "pls",
        "plz",
        "really",
        "roughly",
        "s",
        "same",
        "shall",
        "she",
        "should",
        "since",
        "so",
        "some",
        "somebody",
        "someone",
        "still",
        "such",
        "tell",
        "than",
        "thanks",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "this",
        "those",
        "through",
        "thx",
        "to",
        "too",
        "toward",
        "towards",
        "u",
        "um",
        "under",
        "upon",
        "us",
        "very",
        "via",
        "wanna",
        "was",
        "we",
        "were",
        "what",
        "whatever",
        "whats",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whoever",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "would",
        "ya",
        "yet",
        "you",
        "your",
        "yours",
    };
    return bsearch(&word, stop, sizeof(stop) / sizeof(stop[0]), sizeof(stop[0]),
                   cmp_str) != NULL;
}

int
bot_text_distance(const char *a, const char *b, int limit)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    int d[BOT_WORD_MAX + 1][BOT_WORD_MAX + 1];
    int i, j;

    if (la >= BOT_WORD_MAX || lb >= BOT_WORD_MAX || abs(la - lb) > limit)
        return limit + 1;
    for (i = 0; i <= la; i++)
        d[i][0] = i;
    for (j = 0; j <= lb; j++)
        d[0][j] = j;
    for (i = 1; i <= la; i++) {
        int best = limit + 1;
        for (j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return d[la][lb] <= limit ? d[la][lb] : limit + 1;
}

int
bot_text_has_words(const char *text, const char *words)
{
    size_t n = strlen(words);
    const char *p;

    if (!text || !n)
        return 0;
    for (p = text; *p; p++) {
        if ((p == text || !isalnum((unsigned char)p[-1])) &&
            strncasecmp(p, words, n) == 0 && !isalnum((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

int
bot_text_in_list(const char *word, const char *const *list)
{
    for (; *list; list++) {
        if (**list == *word && strcmp(word, *list) == 0)
            return 1;
    }
    return 0;
}
