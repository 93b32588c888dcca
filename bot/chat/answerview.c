/* An answer's parts for the platforms that lay answers out. */
#include "bot/chat/answerview.h"

#include <stdio.h>
#include <string.h>

#include "bot/knowledge/kb.h"

/* The " Source: \u201c" that starts the quote in a reply's text. */
static const char source_mark[] = " Source: \u201c";

/* Where the source tail for sentence @n starts in @text: it must be the
 * last one and end the text with "(sentence @n)". Return: the offset, or
 * -1 when the text does not end that way. */
static long
source_tail(const char *text, int n)
{
    const char *at = NULL, *p = text;
    char end[32];
    size_t len = strlen(text), elen;

    while ((p = strstr(p, source_mark)) != NULL)
        at = p++;
    snprintf(end, sizeof(end), "(sentence %d)", n);
    elen = strlen(end);
    if (!at || len < elen || strcmp(text + len - elen, end) != 0)
        return -1;
    return (long)(at - text);
}

void
bot_answer_view(const struct bot_reply *r, struct bot_answer *a, char *date)
{
    const struct bot_kb *kb = r->article;
    long tail;

    bot_answer_plain(a, r->text);
    a->ephemeral = r->kind == BOT_KIND_HELP;
    date[0] = '\0';
    if (kb) {
        a->title = kb->title;
        a->url = kb->url;
        a->outlet = kb->outlet;
        const struct bot_date *d = &kb->published;
        if (d->year > 0 && d->year < 10000 && d->month >= 1 && d->month <= 12 &&
            d->day >= 1 && d->day <= 31) {
            snprintf(date, BOT_ANSWER_DATE, "%04u-%02u-%02u",
                     (unsigned)d->year % 10000u, (unsigned)d->month % 13u,
                     (unsigned)d->day % 32u);
            a->published = date;
        }
    }
    if (!r->quote || (tail = source_tail(r->text, r->quote_sentence)) < 0)
        return;
    a->lead_len = (size_t)tail;
    a->source = r->quote;
    a->sentence = r->quote_sentence;
}
