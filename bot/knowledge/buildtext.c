/* The builder's reading of a sentence: words (letters and digits, with
 * inner hyphens and the dots and commas of figures) and marks, with
 * whether each is capitalised or opens the sentence or a quotation. */
#define _GNU_SOURCE /* strcasestr */
#include "bot/knowledge/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "build_int.h"

const char *const build_months_days[] = {
    "January", "February", "March",     "April",    "May",      "June",
    "July",    "August",   "September", "October",  "November", "December",
    "Monday",  "Tuesday",  "Wednesday", "Thursday", "Friday",   "Saturday",
    "Sunday",  "I",        NULL};

const char *const build_say_verbs[] = {
    "said",   "says",      "told",      "added", "warned",
    "stated", "explained", "announced", "wrote", NULL};

int
build_tok_is(const struct sent *s, size_t i, const char *w)
{
    return i < s->n && s->t[i].len == strlen(w) &&
           strncasecmp(s->text + s->t[i].off, w, s->t[i].len) == 0;
}

int
build_tok_in(const struct sent *s, size_t i, const char *const *list)
{
    for (; *list; list++) {
        if (build_tok_is(s, i, *list))
            return 1;
    }
    return 0;
}

/* Copies token @i's text, lower-cased, into @out. */
void
build_tok_lower(const struct sent *s, size_t i, char *out, size_t cap)
{
    size_t k, n = s->t[i].len < cap - 1 ? s->t[i].len : cap - 1;

    for (k = 0; k < n; k++)
        out[k] = (char)tolower((unsigned char)s->text[s->t[i].off + k]);
    out[n] = '\0';
}

static int
is_upper_at(const char *p, size_t len)
{
    utf8proc_int32_t cp;

    if (utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len,
                         &cp) <= 0)
        return 0;
    return utf8proc_isupper(cp);
}

/* Length of the letter or digit at @p (UTF-8), or 0 for anything else:
 * curly quotes and dashes are marks, not letters. */
static size_t
word_char(const char *p, size_t len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    utf8proc_category_t cat;

    if ((unsigned char)*p < 0x80)
        return isalnum((unsigned char)*p) ? 1 : 0;
    n = utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len,
                         &cp);
    if (n <= 0)
        return 0;
    cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO
               ? (size_t)n
               : 0;
}

static int
is_word_byte(unsigned char c)
{
    return isalnum(c);
}

/* Opening quotation marks: '"' and U+201C. */
size_t
build_open_quote(const char *p)
{
    if (strncmp(p, "\xe2\x80\x9c", 3) == 0)
        return 3;
    return *p == '"' ? 1 : 0;
}

/* Splits @text into tokens: words (letters, digits, inner hyphens, inner
 * dots and commas of numbers, inner dots of "a.m."), and single marks.
 * "'s" is a mark of its own, so "WRT's" is the name "WRT". */
void
build_tokenize(const char *text, struct sent *s)
{
    size_t i = 0, len = strlen(text);
    int first = 1;

    s->text = text;
    s->n = 0;
    while (i < len && s->n < MAX_TOKS) {
        unsigned char c = (unsigned char)text[i];
        struct tok *t = &s->t[s->n];
        if (c == ' ') {
            i++;
            continue;
        }
        t->off = i;
        t->first = first;
        if (word_char(text + i, len - i) ||
            (c == '$' && i + 1 < len && isdigit((unsigned char)text[i + 1]))) {
            size_t j = i + (c == '$' ? 1 : word_char(text + i, len - i));
            while (j < len) {
                unsigned char d = (unsigned char)text[j];
                size_t w = word_char(text + j, len - j);
                if (w) {
                    j += w;
                } else if ((d == '-' || d == '.' || d == ',') && j + 1 < len &&
                           word_char(text + j + 1, len - j - 1) &&
                           (d == '-' || d == '.' ||
                            isdigit((unsigned char)text[j + 1]))) {
                    if (d == ',' && !isdigit((unsigned char)text[j - 1]))
                        break;
                    j++;
                } else if (d == '%') {
                    j++;
                    break;
                } else {
                    break;
                }
            }
            t->len = j - i;
            t->word = 1;
            t->cap = is_upper_at(text + i, len - i);
            first = 0;
        } else {
            size_t q = build_open_quote(text + i);
            utf8proc_int32_t cp;
            utf8proc_ssize_t m =
                utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                 (utf8proc_ssize_t)(len - i), &cp);
            t->len = q ? q : m > 0 ? (size_t)m : 1;
            if ((c == '\'' || strncmp(text + i, "\xe2\x80\x99", 3) == 0) &&
                i + t->len < len && text[i + t->len] == 's' &&
                (i + t->len + 1 >= len ||
                 !is_word_byte((unsigned char)text[i + t->len + 1])))
                t->len++;
            t->word = 0;
            t->cap = 0;
            /* a quotation or a colon starts a new sentence-like run */
            first = q || c == ':' || c == '(';
        }
        i += t->len;
        s->n++;
    }
}

/* ---- entities ---------------------------------------------------- */

const char *
build_find_word(const char *text, const char *word, int nocase)
{
    size_t n = strlen(word);
    const char *p, *last = NULL;

    if (!text || !n)
        return NULL;
    for (p = text; (p = nocase ? strcasestr(p, word) : strstr(p, word)); p++) {
        if ((p == text || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[n]))
            last = p;
    }
    return last;
}
