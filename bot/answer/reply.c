/* The reply buffer every answer is written into: text under its cap,
 * never cut inside a character, and the sentences it quotes. */
#include "bot/answer/reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bot/knowledge/text.h"

void
bot_reply_init(struct bot_reply *r, enum bot_kind kind)
{
    memset(r, 0, sizeof(*r));
    r->kind = kind;
    r->fact = -1;
    r->entity = -1;
}

static void reply_vadd(struct bot_reply *r, size_t cap, const char *fmt,
                       va_list ap) __attribute__((format(printf, 3, 0)));

static void
reply_vadd(struct bot_reply *r, size_t cap, const char *fmt, va_list ap)
{
    size_t len = strlen(r->text), keep;
    char tmp[BOT_REPLY_MAX];
    int n;

    if (cap > sizeof(r->text))
        cap = sizeof(r->text);
    if (len + 1 >= cap)
        return;
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    if (n < 0)
        return;
    keep = bot_text_utf8_prefix(tmp, strlen(tmp), cap - len - 1);
    memcpy(r->text + len, tmp, keep);
    r->text[len + keep] = '\0';
}

void
bot_reply_add(struct bot_reply *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    reply_vadd(r, sizeof(r->text), fmt, ap);
    va_end(ap);
}

void
bot_reply_source(struct bot_reply *r, int sentence)
{
    int i;

    for (i = 0; i < r->nsources; i++) {
        if (r->sources[i] == sentence)
            return;
    }
    if (r->nsources < BOT_SOURCES_MAX && sentence > 0)
        r->sources[r->nsources++] = sentence;
}
