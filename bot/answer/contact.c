/* "what's the number to call?", "is there a helpline?": the phone
 * number the article gives, with the sentence it is in. Pure: reads the
 * knowledge and the question only. */
#include "bot/answer/contact.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bot/knowledge/text.h"

/* True if @q asks for a number to call. */
static int
asks_phone(const struct bot_query *q)
{
    static const char *const what[] = {"number",   "phone",     "hotline",
                                       "helpline", "telephone", NULL};
    static const char *const act[] = {"call",    "ring",    "phone",
                                      "contact", "hotline", "helpline",
                                      "dial",    "reach",   NULL};
    size_t i;
    int w = 0, a = 0;

    for (i = 0; i < q->words.n; i++) {
        w |= bot_text_in_list(q->words.w[i].text, what);
        a |= bot_text_in_list(q->words.w[i].text, act);
    }
    return w && a;
}

/* The length of a phone number at @p ("0800 316 4472", "+44 20 7946
 * 0000", "555-0142"): digits in groups joined by one space or dash, at
 * least 7 digits, opening with 0 or + when spaced; 0 if none. */
static size_t
phone_at(const char *p)
{
    const char *s = p, *end = p;
    int digits = 0, groups = 0;

    if (*s == '+')
        s++;
    while (isdigit((unsigned char)*s)) {
        while (isdigit((unsigned char)*s)) {
            s++;
            digits++;
        }
        groups++;
        end = s;
        if ((*s == ' ' || *s == '-') && isdigit((unsigned char)s[1]))
            s++;
        else
            break;
    }
    if (digits < 7 || isalnum((unsigned char)*end) || groups < 2)
        return 0;
    if (*p != '0' && *p != '+' && groups > 2)
        return 0; /* "2,300 and 400 staff" is no number to call */
    return (size_t)(end - p);
}

int
bot_contact_answer(const struct bot_kb *kb, const struct bot_query *q,
                   struct bot_reply *r)
{
    size_t i;

    if (!asks_phone(q))
        return 0;
    for (i = 0; i < kb->nsentences; i++) {
        const char *t = kb->sentences[i].text, *p;
        for (p = t; *p; p++) {
            size_t n;
            if (p > t && (isalnum((unsigned char)p[-1]) || p[-1] == ','))
                continue;
            n = phone_at(p);
            if (n) {
                r->answered = 1;
                r->confidence = 1;
                bot_reply_add(r, "%.*s. %s (sentence %zu)", (int)n, p, t,
                              i + 1);
                bot_reply_source(r, (int)i + 1);
                return 1;
            }
        }
    }
    r->answered = 0;
    bot_reply_add(r, "The article gives no number to call.");
    return 1;
}
