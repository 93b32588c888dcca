/* Splitting a message into its questions, and unwrapping claims. Works on
 * the text as typed (ASCII case folded locally); knows English question
 * words, not the article. */
#include "bot/answer/parts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* clang-format off */
/* Words that start a question of their own after "and" or ";". */
static const char *const starters[] = {
    "who", "whom", "whose", "what", "whats", "when", "where", "why", "how",
    "which", "did", "does", "do", "is", "was", "were", "will", "has",
    "have", "had", "can", "could", "are", NULL};
/* A tag that asks to confirm what was said before it. */
static const char *const tags[] = {
    "true", "right", "correct", "is that true", "is that correct",
    "is that right", "is it true", "is this true", "is this correct",
    "true or false", "really", "fact or fiction", "yes or no", "accurate",
    "is that accurate", "am i right", "confirm", "can you confirm", "yeah",
    "right or wrong",
    "can you confirm that", "is that so", NULL};
/* What people say before a claim they want checked. */
static const char *const preambles[] = {
    "i read that", "i read", "i heard that", "i heard", "someone told me that",
    "someone told me", "somebody told me that", "somebody told me",
    "someone said that", "someone said", "i was told that", "i was told",
    "they say that", "they say", "people say that", "people say",
    "my friend says that", "my friend says", "my friend said that",
    "my friend said", "apparently", "i think that", "i think",
    "i believe that", "i believe", "i saw that", "i saw",
    "is it accurate that", "is it the case that", "is it fair to say that",
    "are you sure that", "are you sure", "are you certain that",
    "are you certain", "you sure",
    "am i right that", "am i right in thinking that", "so is it true that",
    "rumor is that", "rumour is that", "word is that", "is it true that",
    "is it correct that", "is it right that", "can you confirm that",
    "confirm that", "fact check", "fact-check", "check this", NULL};
/* clang-format on */

/* Lower-cases @n bytes of @s into @out (NUL-terminated). */
static void
lower(const char *s, size_t n, char *out, size_t cap)
{
    size_t i;

    if (n >= cap)
        n = cap - 1;
    for (i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[n] = '\0';
}

/* @s without leading and trailing blanks and punctuation. */
static void
trim(const char **s, size_t *n)
{
    while (*n && (isspace((unsigned char)**s) || ispunct((unsigned char)**s))) {
        (*s)++;
        (*n)--;
    }
    while (*n && (isspace((unsigned char)(*s)[*n - 1]) ||
                  ispunct((unsigned char)(*s)[*n - 1])))
        (*n)--;
}

static int
in_list(const char *w, const char *const *list)
{
    for (; *list; list++) {
        if ((*list)[0] == w[0] && strcmp(w, *list) == 0)
            return 1;
    }
    return 0;
}

/* True if the span is only a confirming tag. */
static int
is_tag(const char *s, size_t n)
{
    char buf[64];

    trim(&s, &n);
    if (n == 0 || n >= sizeof(buf))
        return n == 0;
    lower(s, n, buf, sizeof(buf));
    return in_list(buf, tags);
}

/* The word at @p, lower case, into @out. */
static size_t
word_at(const char *p, char *out, size_t cap)
{
    size_t n = 0;

    while (isalpha((unsigned char)p[n]) || p[n] == '\'')
        n++;
    lower(p, n, out, cap);
    /* "what's" -> "whats" */
    {
        char *q = strchr(out, '\'');
        if (q)
            memmove(q, q + 1, strlen(q));
    }
    return n;
}

/* True if the span holds a word that asks: the part before "and" must be
 * a question itself for "and when ..." to start another. */
static int
asks(const char *s, size_t n)
{
    size_t i = 0;
    char w[16];

    while (i < n) {
        if (isalpha((unsigned char)s[i]) &&
            (i == 0 || !isalpha((unsigned char)s[i - 1]))) {
            size_t len = word_at(s + i, w, sizeof(w));
            if (in_list(w, starters))
                return 1;
            i += len ? len : 1;
        } else {
            i++;
        }
    }
    return 0;
}

/* How many words @s[0..n) holds. */
static int
words_in(const char *s, size_t n)
{
    size_t i;
    int words = 0;

    for (i = 0; i < n; i++) {
        if (isalnum((unsigned char)s[i]) &&
            (i + 1 == n || !isalnum((unsigned char)s[i + 1])))
            words++;
    }
    return words;
}

static int
add_part(struct bot_part *parts, int n, int max, const char *text,
         const char *s, size_t len)
{
    trim(&s, &len);
    if (len == 0)
        return n;
    /* a tag, what does not fit, or a list that asks nothing ("like the
     * ban, the moscow attack, putin's ally thing") stays with the part
     * before; a short fragment ("Public?") is a question of its own */
    if (n > 0 && (is_tag(s, len) || n == max ||
                  (!asks(s, len) && words_in(s, len) > 3))) {
        parts[n - 1].len = (size_t)(s + len - text) - parts[n - 1].start;
        return n;
    }
    parts[n].start = (size_t)(s - text);
    parts[n].len = len;
    return n + 1;
}

size_t
bot_parts_joiner(const char *p)
{
    static const char *const joins[] = {"and", "n", "+", "&", "plus", NULL};
    const char *const *j;
    const char *s = p;

    if (*s == ',')
        s++;
    if (*s != ' ')
        return 0;
    s++;
    for (j = joins; *j; j++) {
        size_t n = strlen(*j);
        if (strncasecmp(s, *j, n) == 0 && s[n] == ' ')
            return (size_t)(s + n + 1 - p);
    }
    return 0;
}

/* "Two things: when is ...", "Quick question - who ...": a lead-in that
 * asks nothing, before a colon or dash in the first few words. Return:
 * where the questions start. */
static const char *
skip_lead_in(const char *text)
{
    size_t n = strcspn(text, ":");

    if (text[n] == ':' && n < 32 && !asks(text, n) && text[n + 1] == ' ')
        return text + n + 1;
    return text;
}

int
bot_parts_split(const char *text, struct bot_part *parts, int max)
{
    const char *start = skip_lead_in(text), *p = start;
    int n = 0;

    while (*p) {
        const char *cut = NULL, *next = NULL;
        size_t join = bot_parts_joiner(p);
        if (*p == '?' && p[1] && isspace((unsigned char)p[1])) {
            cut = p + 1;
            next = p + 1;
        } else if ((*p == ';' || join) && p > start) {
            const char *w = p + (join ? join : 1);
            char word[16];
            while (*w == ' ')
                w++;
            word_at(w, word, sizeof(word));
            /* "and which?" alone asks nothing new by itself */
            if (in_list(word, starters) && asks(start, (size_t)(p - start)) &&
                words_in(w, strlen(w)) >= 2) {
                cut = p;
                next = w;
            }
        }
        if (cut) {
            n = add_part(parts, n, max, text, start, (size_t)(cut - start));
            start = next;
            p = next;
            continue;
        }
        p++;
    }
    n = add_part(parts, n, max, text, start, strlen(start));
    if (n == 0) {
        parts[0].start = 0;
        parts[0].len = strlen(text);
        n = 1;
    }
    return n;
}

char *
bot_parts_claim(const char *text)
{
    size_t n = strlen(text), i, plen = 0, end;
    const char *s = text, *const * p;
    char head[64], *out;
    int tagged = 0;

    trim(&s, &n);
    lower(s, n < sizeof(head) ? n : sizeof(head) - 1, head, sizeof(head));
    for (p = preambles; *p; p++) {
        size_t len;
        if ((*p)[0] != head[0])
            continue;
        len = strlen(*p);
        if (strncmp(head, *p, len) == 0 && !isalpha((unsigned char)head[len])) {
            plen = len;
            break;
        }
    }
    /* a tag at the end: "... - is that correct", "... . True" */
    end = n;
    for (i = n; i > 0; i--) {
        if (s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == ',' ||
            s[i - 1] == ':' || s[i - 1] == '?' ||
            (i > 1 && s[i - 1] == ' ' && s[i - 2] == ' ')) {
            if (is_tag(s + i, n - i) && i - 1 > plen) {
                end = i - 1;
                tagged = 1;
            }
            break;
        }
    }
    if (!plen && !tagged)
        return NULL;
    if (!plen && tagged) {
        static const char *const wh[] = {"who",   "whom",  "whose", "what",
                                         "whats", "when",  "where", "why",
                                         "how",   "which", NULL};
        char first[16];
        word_at(s, first, sizeof(first));
        if (in_list(first, wh))
            return NULL; /* "who asked, right?": a question already */
    }
    s += plen;
    end -= plen;
    trim(&s, &end);
    if (end == 0)
        return NULL;
    out = malloc(end + 2);
    if (!out)
        return NULL;
    memcpy(out, s, end);
    memcpy(out + end, "?", 2);
    return out;
}
