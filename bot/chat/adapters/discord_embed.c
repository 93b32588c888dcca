/* Discord: answers laid out as an embed (the answer, its source quote, the
 * article linked, outlet and date), within Discord's embed limits, and the
 * fall back to plain text where a channel refuses embeds. Only the Discord
 * adapter's files call these (discord_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "discord_int.h"

/* Discord's embed limits, in characters (code points). */
#define TITLE_MAX       256
#define DESCRIPTION_MAX 4096
#define FIELD_VALUE_MAX 1024
#define FOOTER_MAX      2048
#define EMBED_TOTAL_MAX 6000
#define SOURCE_NAME     "Source"

/* An embed reply on its way, kept to be sent again as plain text if the
 * channel refuses embeds. */
struct dc_fallback {
    struct dc_fallback *next;
    struct dc *dc;
    char channel[DC_ID_MAX], id[DC_ID_MAX]; /* id "": no reference */
    char *text;
};

/* Characters (UTF-8 lead bytes) in @s[0..@len). */
static size_t
chars(const char *s, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Bytes of the longest prefix of @s[0..@len) with at most @max characters,
 * ending on a character boundary. */
static size_t
prefix_bytes(const char *s, size_t len, size_t max)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
            return i;
    }
    return len;
}

/* Sets @obj[@key] to @s[0..@len), cut to @max characters with an ellipsis
 * when longer. Return: the characters set, or 0 if nothing was. */
static size_t
set_cut(json_t *obj, const char *key, const char *s, size_t len, size_t max)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026, one character */
    size_t keep, n = chars(s, len);
    char *buf;
    int rc;

    if (max == 0 || len == 0)
        return 0;
    if (n <= max)
        return json_object_set_new(obj, key, json_stringn(s, len)) == 0 ? n : 0;
    keep = prefix_bytes(s, len, max - 1);
    while (keep > 0 && (s[keep - 1] == ' ' || s[keep - 1] == '\n'))
        keep--;
    buf = malloc(keep + sizeof(ellipsis));
    if (!buf)
        return 0;
    memcpy(buf, s, keep);
    memcpy(buf + keep, ellipsis, sizeof(ellipsis));
    rc = json_object_set_new(obj, key, json_string(buf));
    free(buf);
    return rc == 0 ? chars(s, keep) + 1 : 0;
}

/* The Source field: the quote as a Markdown blockquote, its sentence
 * number below; only the number when the answer says the sentence itself
 * (@a->source NULL). */
static json_t *
source_field(const struct bot_answer *a, int sentence, size_t *used)
{
    const char *quote = a->source ? a->source : "";
    char tail[48];
    size_t qlen = strlen(quote), tlen, i, n = 0;
    json_t *f = json_pack("{s:s}", "name", SOURCE_NAME);
    char *v = malloc(qlen + sizeof(tail) + 8); /* "> ", the ellipsis */

    tlen = (size_t)snprintf(tail, sizeof(tail), "%ssentence %d",
                            qlen ? "\n\xE2\x80\x94 " : "", sentence);
    if (!f || !v)
        goto fail;
    if (qlen) {
        /* "> " quotes one line: the quote's own line breaks become
         * spaces */
        memcpy(v, "> ", 2);
        for (i = 0; i < qlen; i++)
            v[2 + i] = quote[i] == '\n' ? ' ' : quote[i];
        n = prefix_bytes(v, qlen + 2, FIELD_VALUE_MAX - chars(tail, tlen) - 1);
        if (n < 2 + qlen) { /* cut: mark it */
            while (n > 2 && v[n - 1] == ' ')
                n--;
            memcpy(v + n, "\xE2\x80\xA6", 3);
            n += 3;
        }
    }
    memcpy(v + n, tail, tlen + 1);
    if (json_object_set_new(f, "value", json_string(v)) < 0)
        goto fail;
    *used = chars(SOURCE_NAME, strlen(SOURCE_NAME)) + chars(v, strlen(v));
    free(v);
    return f;
fail:
    free(v);
    json_decref(f);
    return NULL;
}

/* Whether @a's text (@len bytes) ends by citing the article: "(sentence
 * N)" (then *@sentence is N) or "(<outlet>, <date>)" (a summary). Return:
 * the bytes before the citation and its space, or @len when none. */
static size_t
cited(const struct bot_answer *a, size_t len, int *sentence)
{
    const char *t = a->text, *open;
    int n = 0, end = 0;

    *sentence = 0;
    if (len < 3 || t[len - 1] != ')' || !(open = strrchr(t, '(')))
        return len;
    if (sscanf(open, "(sentence %d)%n", &n, &end) == 1 && n > 0 &&
        open + end == t + len)
        *sentence = n;
    else if (!a->outlet || !*a->outlet ||
             strncmp(open + 1, a->outlet, strlen(a->outlet)) != 0)
        return len;
    while (open > t && open[-1] == ' ')
        open--;
    return (size_t)(open - t);
}

static int
is_web_url(const char *u)
{
    return u &&
           (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0) &&
           strlen(u) < 2048 && !strpbrk(u, " \t\r\n");
}

/* The embed of @a, or NULL (no memory): the answer as its description,
 * the source as a field, the article's title linked, outlet and date
 * below. */
static json_t *
embed_of(const struct bot_answer *a)
{
    json_t *e = json_object(), *field = NULL;
    size_t total = 0, used = 0, lead_len, n;
    char *footer;
    int sentence = a->sentence;

    if (!e)
        return NULL;
    if (a->source)
        lead_len = a->lead_len;
    else /* the citation goes to the field, or the footer says it */
        lead_len = cited(a, strlen(a->text), &sentence);
    if (a->title && *a->title) {
        total += set_cut(e, "title", a->title, strlen(a->title), TITLE_MAX);
        if (is_web_url(a->url))
            json_object_set_new(e, "url", json_string(a->url));
    }
    total += set_cut(e, "description", a->text,
                     lead_len ? lead_len : strlen(a->text), DESCRIPTION_MAX);
    if (sentence > 0 && (field = source_field(a, sentence, &used)) != NULL) {
        json_object_set_new(e, "fields", json_pack("[o]", field));
        total += used;
    }
    n = (a->outlet ? strlen(a->outlet) : 0) +
        (a->published ? strlen(a->published) : 0) + 8;
    footer = malloc(n);
    if (footer)
        snprintf(footer, n, "%s%s%s", a->outlet ? a->outlet : "",
                 a->outlet && *a->outlet && a->published ? " \xC2\xB7 " : "",
                 a->published ? a->published : "");
    if (footer && footer[0] && total < EMBED_TOTAL_MAX) {
        size_t room = EMBED_TOTAL_MAX - total;
        json_t *f = json_object();
        if (f && set_cut(f, "text", footer, strlen(footer),
                         room < FOOTER_MAX ? room : FOOTER_MAX) > 0)
            json_object_set_new(e, "footer", f);
        else
            json_decref(f);
    }
    free(footer);
    return e;
}

json_t *
bot_discord_embed_fields(const struct bot_answer *a, int embed)
{
    json_t *e;
    size_t len = strlen(a->text), n;

    if (!embed) { /* one message: an interaction's answer cannot be split */
        n = prefix_bytes(a->text, len, 2000);
        if (n < len) {
            json_t *o = json_object();
            if (o && set_cut(o, "content", a->text, len, 2000) == 0) {
                json_decref(o);
                return NULL;
            }
            return o;
        }
        return json_pack("{s:s}", "content", a->text);
    }
    e = embed_of(a);
    return e ? json_pack("{s:[o]}", "embeds", e) : NULL;
}

static int
plain_channel(const struct dc *dc, const char *channel)
{
    size_t i;

    for (i = 0; i < DC_PLAIN_MAX; i++) {
        if (dc->plain[i][0] && strcmp(dc->plain[i], channel) == 0)
            return 1;
    }
    return 0;
}

int
bot_discord_embed_wanted(const struct dc *dc, const char *channel,
                         const struct bot_answer *a)
{
    int sentence;

    /* an answer that cites the article; notices, help and small talk
     * stay text */
    if (!dc->embeds || a->ephemeral || !a->title ||
        (!a->source && cited(a, strlen(a->text), &sentence) == strlen(a->text)))
        return 0;
    return !channel || !plain_channel(dc, channel);
}

static void
fallback_free(struct dc_fallback *f)
{
    struct dc_fallback **p = &f->dc->fallbacks;

    while (*p && *p != f)
        p = &(*p)->next;
    if (*p)
        *p = f->next;
    free(f->text);
    free(f);
}

/* The embed reply landed or was given up: 403 (no EMBED_LINKS) means the
 * channel takes text only, from now on. */
static void
fallback_done(void *arg, int rc)
{
    struct dc_fallback *f = arg;
    struct dc *dc = f->dc;

    if (rc == BOT_EAUTH && !dc->stopping) {
        if (!plain_channel(dc, f->channel)) {
            snprintf(dc->plain[dc->plain_next], DC_ID_MAX, "%s", f->channel);
            dc->plain_next = (dc->plain_next + 1) % DC_PLAIN_MAX;
        }
        bot_log(BOT_LOG_WARN,
                "discord: channel %s refused an embed (Embed Links "
                "permission?); answering there in plain text",
                f->channel);
        if (bot_discord_reply_plain(dc, f->channel, f->id[0] ? f->id : NULL,
                                    f->text) < 0)
            bot_log(BOT_LOG_WARN, "discord: the plain answer was not queued");
    }
    fallback_free(f);
}

int
bot_discord_embed_reply(struct dc *dc, const struct bot_msg *to,
                        const struct bot_answer *a)
{
    struct dc_fallback *f = calloc(1, sizeof(*f));
    json_t *fields = bot_discord_embed_fields(a, 1);
    int rc;

    if (!f || !fields || strlen(to->channel) >= sizeof(f->channel) ||
        (to->id && strlen(to->id) >= sizeof(f->id)) ||
        !(f->text = strdup(a->text))) {
        if (f)
            free(f->text);
        free(f);
        json_decref(fields);
        return bot_discord_reply_plain(dc, to->channel, to->id, a->text);
    }
    f->dc = dc;
    snprintf(f->channel, sizeof(f->channel), "%s", to->channel);
    snprintf(f->id, sizeof(f->id), "%s", to->id ? to->id : "");
    f->next = dc->fallbacks;
    dc->fallbacks = f;
    rc = bot_discord_create(dc, to->channel, to->id, fields, NULL,
                            fallback_done, f);
    if (rc < 0) /* done never runs */
        fallback_free(f);
    return rc;
}

void
bot_discord_embed_release(struct dc *dc)
{
    while (dc->fallbacks)
        fallback_free(dc->fallbacks);
}
