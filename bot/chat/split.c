/* Splitting a long answer into messages within a platform's limit, at word
 * boundaries. */
#include "bot/chat/split.h"

#include "bot/knowledge/text.h"

static int
blank(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The longest piece ending at ". ", "? ", "! " or before a newline and at
 * least half the budget long, or 0. Needs text[budget] to exist. */
static size_t
sentence_end(const char *text, size_t budget)
{
    size_t i;

    for (i = budget; i > 0 && i * 2 >= budget; i--) {
        if (text[i] == '\n')
            return i;
        if (text[i] == ' ' &&
            (text[i - 1] == '.' || text[i - 1] == '?' || text[i - 1] == '!'))
            return i;
    }
    return 0;
}

/* The longest piece ending before a space or newline, or 0. */
static size_t
space_end(const char *text, size_t budget)
{
    size_t i;

    for (i = budget; i > 0; i--) {
        if (blank(text[i]))
            return i;
    }
    return 0;
}

static size_t
trim(const char *text, size_t n)
{
    while (n > 0 && blank(text[n - 1]))
        n--;
    return n;
}

/* The longest prefix that does not cut a character; if even the first
 * character is over the budget, that whole character. */
static size_t
char_end(const char *text, size_t len, size_t budget)
{
    size_t n = bot_text_utf8_prefix(text, len, budget);

    if (n > 0)
        return n;
    n = 1;
    while (n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
        n++;
    return n;
}

size_t
bot_split_next(const char *text, size_t len, size_t budget, size_t *piece)
{
    size_t n, adv;

    if (len == 0) {
        *piece = 0;
        return 0;
    }
    if (len <= budget) {
        n = trim(text, len);
        *piece = n > 0 ? n : len; /* all blanks: still one piece */
        return len;
    }
    n = trim(text, sentence_end(text, budget));
    if (n == 0)
        n = trim(text, space_end(text, budget));
    if (n == 0)
        n = char_end(text, len, budget);
    adv = n;
    while (adv < len && blank(text[adv]))
        adv++;
    *piece = n;
    return adv;
}

int
bot_split_each(const char *text, size_t len, size_t budget, int max,
               bot_split_fn fn, void *arg)
{
    int i = 0;

    while (len > 0 && i < max) {
        size_t piece, adv = bot_split_next(text, len, budget, &piece);
        if (piece > 0) {
            int rc = fn(arg, i, text, piece);
            if (rc < 0)
                return rc;
            i++;
        }
        if (adv == 0)
            break;
        text += adv;
        len -= adv;
    }
    return i;
}
