/* The batch front end: JSON lines of questions in, JSON lines of answers
 * out. */
#include "bot/cli/batch.h"
#include "bot/base/log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int
write_json(json_t *obj, FILE *out)
{
    char *s;
    int rc = 0;

    if (!obj)
        return BOT_ENOMEM;
    s = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(obj);
    if (!s)
        return BOT_ENOMEM;
    if (fprintf(out, "%s\n", s) < 0 || fflush(out) != 0)
        rc = bot_fail(BOT_EIO, "batch: cannot write the reply");
    free(s);
    return rc;
}

/* The message as ASCII: jansson's error text quotes the offending bytes,
 * which may end inside a character, and JSON strings must be UTF-8. */
static int
write_error(json_t *id, const char *msg, FILE *out)
{
    char text[256];
    size_t i;

    for (i = 0; msg[i] && i + 1 < sizeof(text); i++)
        text[i] = (unsigned char)msg[i] < 0x80 ? msg[i] : '?';
    text[i] = '\0';
    return write_json(json_pack("{s:O?,s:s}", "id", id, "error", text), out);
}

/* True if the JSON string @s holds a NUL, which no question can. */
static int
has_nul(const json_t *s)
{
    return strlen(json_string_value(s)) != json_string_length(s);
}

static json_t *
reply_json(json_t *id, const struct bot_reply *r)
{
    json_t *src = json_array();
    int i;

    for (i = 0; src && i < r->nsources; i++)
        json_array_append_new(src, json_integer(r->sources[i]));
    return json_pack("{s:O?,s:b,s:s,s:s,s:f,s:o*}", "id", id, "answered",
                     r->answered, "answer", r->text, "kind",
                     bot_kind_name(r->kind), "confidence",
                     round(r->confidence * 100) / 100, "sources", src);
}

int
bot_batch_line(struct bot_core *core, const struct bot_clock *clk,
               const char *line, size_t len, FILE *out)
{
    json_error_t jerr;
    /* JSON_ALLOW_NUL: a line whose strings hold \u0000 still parses, so
     * its error can carry its id. */
    json_t *root = json_loadb(line, len, JSON_ALLOW_NUL, &jerr), *id, *text,
           *chan;
    struct bot_reply *r = NULL;
    struct bot_ask ask = {0};
    char *key = NULL, msg[256];
    int rc;

    if (!root || !json_is_object(root)) {
        snprintf(msg, sizeof(msg), "malformed line: %s",
                 root ? "not a JSON object" : jerr.text);
        json_decref(root);
        return write_error(NULL, msg, out);
    }
    id = json_object_get(root, "id");
    text = json_object_get(root, "text");
    chan = json_object_get(root, "channel");
    if (!json_is_string(text) ||
        (chan && !json_is_null(chan) && !json_is_string(chan))) {
        rc = write_error(id,
                         text ? "\"text\" must be a string"
                              : (chan && !json_is_string(chan)
                                     ? "\"channel\" must be a string"
                                     : "missing \"text\""),
                         out);
        goto out;
    }
    if (has_nul(text) || (json_is_string(chan) && has_nul(chan))) {
        rc = write_error(id,
                         has_nul(text) ? "\"text\" must not contain U+0000"
                                       : "\"channel\" must not contain U+0000",
                         out);
        goto out;
    }
    r = malloc(sizeof(*r));
    if (!r) {
        rc = BOT_ENOMEM;
        goto out;
    }
    ask.text = json_string_value(text);
    ask.len = json_string_length(text);
    if (json_is_string(chan)) {
        /* The whole channel name keys the conversation, however long. */
        size_t n = json_string_length(chan);
        key = malloc(n + 7);
        if (!key) {
            rc = BOT_ENOMEM;
            goto out;
        }
        memcpy(key, "batch/", 6);
        memcpy(key + 6, json_string_value(chan), n + 1);
        ask.conversation = key;
    }
    bot_clock_today(clk, &ask.today);
    ask.now_ms = bot_clock_now_ms(clk);
    rc = bot_core_ask(core, &ask, r);
    if (rc == 0) {
        json_t *o = reply_json(id, r);
        rc = o ? write_json(o, out)
               : write_error(id, "internal error: reply not encodable", out);
    }
out:
    free(key);
    free(r);
    json_decref(root);
    return rc;
}

int
bot_batch_read_line(FILE *in, char *buf, size_t cap, size_t *len)
{
    size_t n = 0;
    int c, too_long = 0;

    /* getc, not fgets: a NUL byte inside a line must not end it. */
    while ((c = getc(in)) != EOF && c != '\n') {
        if (n + 1 < cap)
            buf[n++] = (char)c;
        else
            too_long = 1;
    }
    if (c == EOF && n == 0 && !too_long)
        return 0;
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    *len = too_long ? 0 : n;
    return too_long ? 2 : 1;
}

int
bot_batch_run(struct bot_core *core, const struct bot_clock *clk, FILE *in,
              FILE *out)
{
    char *line = malloc(BOT_BATCH_LINE_MAX + 2);
    size_t len;
    int rc = 0, got;

    if (!line)
        return BOT_ENOMEM;
    while (rc == 0 && (got = bot_batch_read_line(
                           in, line, BOT_BATCH_LINE_MAX + 2, &len)) > 0) {
        if (got == 2)
            rc = write_error(NULL, "line too long", out);
        else
            rc = bot_batch_line(core, clk, line, len, out);
    }
    if (rc == 0 && ferror(in))
        rc = bot_fail(BOT_EIO, "batch: cannot read standard input");
    free(line);
    return rc;
}
