/* Slack's message formatting: escaping and Block Kit answers. Pure: no
 * I/O. Only the Slack adapter (slack.c) and its tests call it. */
#include "bot/chat/adapters/slackfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ELLIPSIS   "\u2026"
#define TITLE_MAX  300  /* characters of the title in the article line */
#define OUTLET_MAX 200  /* of the outlet */
#define LINK_MAX   1500 /* bytes of a url we still link to */

/* The entity Slack wants written for @c, or NULL. */
static const char *
entity(char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    default:
        return NULL;
    }
}

/* Bytes of the UTF-8 character at @s (@left bytes remain): 1 for ASCII
 * and for a byte that starts no valid character. */
static size_t
char_len(const unsigned char *s, size_t left)
{
    size_t n = s[0] >= 0xf0 && s[0] <= 0xf4   ? 4
               : s[0] >= 0xe0 && s[0] <= 0xef ? 3
               : s[0] >= 0xc2 && s[0] <= 0xdf ? 2
                                              : 1;
    size_t i;

    if (n > left)
        return 1;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 1;
    }
    return n;
}

char *
bot_slackfmt_escape(const char *text, size_t len, size_t max)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t i, n, chars = 0, keep = len;
    char *out, *w;

    /* Where the text stops if it must be cut: the last character that
     * leaves room for the ellipsis. */
    for (i = 0; i < len; i += n) {
        const char *e = entity(text[i]);
        size_t width = e ? strlen(e) : 1;
        n = e ? 1 : char_len(u + i, len - i);
        if (max && keep == len && chars + width > max - 1)
            keep = i;
        chars += width;
    }
    if (!max || chars <= max)
        keep = len;
    out = malloc(keep * 5 + sizeof(ELLIPSIS));
    if (!out)
        return NULL;
    w = out;
    for (i = 0; i < keep; i++) {
        const char *e = entity(text[i]);
        if (e) {
            memcpy(w, e, strlen(e));
            w += strlen(e);
        } else {
            *w++ = text[i];
        }
    }
    if (keep < len) {
        memcpy(w, ELLIPSIS, strlen(ELLIPSIS));
        w += strlen(ELLIPSIS);
    }
    *w = '\0';
    return out;
}

/* A growing string for one element's text; @ok drops to 0 on ENOMEM. */
struct str {
    char *s;
    size_t len;
    int ok;
};

static void
str_add(struct str *b, const char *s, size_t n)
{
    char *grown;

    if (!b->ok || !s)
        return;
    grown = realloc(b->s, b->len + n + 1);
    if (!grown) {
        b->ok = 0;
        return;
    }
    b->s = grown;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Adds @text escaped and cut to @max characters. */
static void
str_escaped(struct str *b, const char *text, size_t max)
{
    char *e = bot_slackfmt_escape(text, strlen(text), max);

    if (!e)
        b->ok = 0;
    else
        str_add(b, e, strlen(e));
    free(e);
}

/* The url for a <url|label> link: escaped, and '|', '>' or a space (which
 * would end the link early) percent-encoded. */
static void
str_url(struct str *b, const char *url)
{
    for (; *url; url++) {
        const char *e = entity(*url);
        if (*url == '|' || *url == ' ' || *url == '>') {
            char pct[4];
            snprintf(pct, sizeof(pct), "%%%02X", (unsigned char)*url);
            str_add(b, pct, 3);
        } else if (e) {
            str_add(b, e, strlen(e));
        } else {
            str_add(b, url, 1);
        }
    }
}

/* {"type":"mrkdwn","text":@b} as a new reference (@b is released). */
static json_t *
mrkdwn(struct str *b)
{
    json_t *t = b->ok && b->s
                    ? json_pack("{s:s, s:s}", "type", "mrkdwn", "text", b->s)
                    : NULL;

    free(b->s);
    b->s = NULL;
    return t;
}

/* “quote” (sentence N), the quote cut so that the whole fits. */
static json_t *
source_element(const struct bot_answer *a)
{
    struct str b = {NULL, 0, 1};
    char tail[48];
    size_t room;

    snprintf(tail, sizeof(tail), "\u201d (sentence %d)", a->sentence);
    room = BOT_SLACKFMT_CONTEXT_MAX - 1 - strlen(tail); /* \u201c and tail */
    str_add(&b, "\u201c", strlen("\u201c"));
    str_escaped(&b, a->source, room);
    str_add(&b, tail, strlen(tail));
    return mrkdwn(&b);
}

/* <url|title> · outlet · date, each part that is known; NULL for none. */
static json_t *
article_element(const struct bot_answer *a)
{
    struct str b = {NULL, 0, 1};
    const char *sep = "";
    int link = a->url && *a->url && strlen(a->url) <= LINK_MAX;

    if (link) {
        str_add(&b, "<", 1);
        str_url(&b, a->url);
        if (a->title && *a->title) {
            str_add(&b, "|", 1);
            str_escaped(&b, a->title, TITLE_MAX);
        }
        str_add(&b, ">", 1);
        sep = " \u00b7 ";
    } else if (a->title && *a->title) {
        str_escaped(&b, a->title, TITLE_MAX);
        sep = " \u00b7 ";
    }
    if (a->outlet && *a->outlet) {
        str_add(&b, sep, strlen(sep));
        str_escaped(&b, a->outlet, OUTLET_MAX);
        sep = " \u00b7 ";
    }
    if (a->published && *a->published) {
        str_add(&b, sep, strlen(sep));
        str_escaped(&b, a->published, 16);
    }
    if (b.ok && b.len == 0)
        return NULL;
    return mrkdwn(&b);
}

/* True if @a's text ends by citing a sentence of the article, "...
 * (sentence 4)": it answers from the article, quoting it in the lead. */
static int
cites_sentence(const struct bot_answer *a)
{
    const char *t = a->text, *open = strrchr(t, '(');
    size_t digits;

    if (!open || strncmp(open, "(sentence ", 10) != 0)
        return 0;
    digits = strspn(open + 10, "0123456789");
    return digits > 0 && strcmp(open + 10 + digits, ")") == 0;
}

/* The context block under an answer from the article: the quote (when
 * the answer has one apart from its lead), then the article. */
static int
add_context(json_t *blocks, const struct bot_answer *a)
{
    json_t *elements = json_array(), *article;

    if (!elements)
        goto fail;
    if (a->source && *a->source &&
        json_array_append_new(elements, source_element(a)) < 0)
        goto fail;
    article = article_element(a);
    if (article && json_array_append_new(elements, article) < 0)
        goto fail;
    if (json_array_size(elements) == 0) {
        json_decref(elements);
        return 0;
    }
    return json_array_append_new(
        blocks,
        json_pack("{s:s, s:o}", "type", "context", "elements", elements));
fail:
    json_decref(elements);
    return -1;
}

json_t *
bot_slackfmt_blocks(const struct bot_answer *a)
{
    const char *lead = a->lead && a->lead_len ? a->lead : a->text;
    size_t len = a->lead && a->lead_len ? a->lead_len : strlen(a->text);
    json_t *blocks = json_array();
    int cited = (a->source && *a->source) || cites_sentence(a);
    char *text;

    while (len > 0 && (lead[len - 1] == ' ' || lead[len - 1] == '\n'))
        len--;
    if (!blocks || len == 0)
        return blocks; /* no text: no blocks, the plain text alone */
    text = bot_slackfmt_escape(lead, len, BOT_SLACKFMT_SECTION_MAX);
    if (!text ||
        json_array_append_new(blocks, json_pack("{s:s, s:{s:s, s:s}}", "type",
                                                "section", "text", "type",
                                                "mrkdwn", "text", text)) < 0 ||
        (cited && add_context(blocks, a) < 0)) {
        json_decref(blocks);
        blocks = NULL;
    }
    free(text);
    return blocks;
}

/* Slack's text to plain text, in place: our own <@U…> mention removed
 * (returns 1 if it was there), &lt; &gt; &amp; unescaped. */
int
bot_slackfmt_plain(char *s, const char *user_id)
{
    size_t n = strlen(user_id);
    char *r = s, *w = s;
    int found = 0;

    while (*r) {
        if (r[0] == '<' && r[1] == '@' && strncmp(r + 2, user_id, n) == 0 &&
            (r[2 + n] == '>' || r[2 + n] == '|') && strchr(r, '>')) {
            r = strchr(r, '>') + 1;
            found = 1;
        } else if (strncmp(r, "&lt;", 4) == 0) {
            *w++ = '<';
            r += 4;
        } else if (strncmp(r, "&gt;", 4) == 0) {
            *w++ = '>';
            r += 4;
        } else if (strncmp(r, "&amp;", 5) == 0) {
            *w++ = '&';
            r += 5;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return found;
}

/* The message of answer @a as Slack takes it: "text" (the plain answer,
 * escaped: the notifications' fallback) and "blocks". Return: a new
 * object, or NULL when out of memory. */
json_t *
bot_slackfmt_message(const struct bot_answer *a)
{
    char *text =
        bot_slackfmt_escape(a->text, strlen(a->text), BOT_SLACKFMT_TEXT_MAX);
    json_t *blocks = bot_slackfmt_blocks(a);
    json_t *m = text && blocks ? json_pack("{s:s}", "text", text) : NULL;

    if (m && json_array_size(blocks) > 0)
        json_object_set(m, "blocks", blocks);
    json_decref(blocks);
    free(text);
    return m;
}
