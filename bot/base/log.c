/* The logger (text or JSON lines on one stream) and bot_fail(), which
 * reports a failure once. */
#include "bot/base/log.h"

#include <stdarg.h>
#include <string.h>

#include "bot/base/clock.h"
#include "bot/base/err.h"

/* Global state, set once at start-up by main (and by tests): one logger
 * per process, as every module logs without being handed one. */
static enum bot_log_level level = BOT_LOG_WARN;
static FILE *stream;
static int json;

void
bot_log_set_level(enum bot_log_level lvl)
{
    level = lvl;
}

int
bot_log_parse_level(const char *name, enum bot_log_level *out)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum bot_log_level)i;
            return 0;
        }
    }
    return BOT_EINVAL;
}

void
bot_log_set_stream(FILE *fp)
{
    stream = fp;
}

void
bot_log_set_json(int on)
{
    json = on;
}

/* Length of the valid UTF-8 sequence at @s, or 0. */
static size_t
utf8_len(const unsigned char *s)
{
    size_t n, i;

    if (s[0] < 0x80)
        return 1;
    n = s[0] >= 0xF0 && s[0] <= 0xF4   ? 4
        : s[0] >= 0xE0                 ? 3
        : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                                       : 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    }
    return n;
}

/* Writes @s as a JSON string body: quotes, backslashes and control
 * characters escaped, bytes that are not UTF-8 as U+FFFD. */
static void
put_json(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n;

    while (*p) {
        n = utf8_len(p);
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\u%04x", *p);
        else if (n == 0)
            fputs("\\ufffd", out);
        else
            fwrite(p, 1, n, out);
        p += n ? n : 1;
    }
}

/* Writes @s for a text log line: no control character reaches the
 * terminal or forges a new line; they are written as \n, \t or \xNN. */
static void
put_text(FILE *out, const char *s, int quote)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p; p++) {
        if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else if (quote && (*p == '"' || *p == '\\'))
            fprintf(out, "\\%c", *p);
        else
            fputc(*p, out);
    }
}

int
bot_log_enabled(enum bot_log_level lvl)
{
    return lvl <= level;
}

static void
put_field(FILE *out, const struct bot_log_field *f)
{
    if (json) {
        fputs(",\"", out);
        put_json(out, f->key);
        fputs("\":", out);
        if (f->type == BOT_LOG_FIELD_STR) {
            fputc('"', out);
            put_json(out, f->str ? f->str : "");
            fputc('"', out);
        } else if (f->type == BOT_LOG_FIELD_BOOL) {
            fputs(f->num ? "true" : "false", out);
        } else {
            fprintf(out, "%lld", f->num);
        }
        return;
    }
    fprintf(out, " %s=", f->key);
    if (f->type == BOT_LOG_FIELD_STR) {
        fputc('"', out);
        put_text(out, f->str ? f->str : "", 1);
        fputc('"', out);
    } else if (f->type == BOT_LOG_FIELD_BOOL) {
        fputs(f->num ? "true" : "false", out);
    } else {
        fprintf(out, "%lld", f->num);
    }
}

void
bot_log_fields(enum bot_log_level lvl, const char *msg,
               const struct bot_log_field *fields, size_t n)
{
    static const char *const tags[] = {"error", "warn", "info", "debug"};
    FILE *out = stream ? stream : stderr;
    char when[40];
    size_t i;

    if (lvl > level)
        return;
    if (bot_clock_format_utc(bot_clock_real_ms(), when, sizeof(when)) == 0)
        when[0] = '\0';
    if (json) {
        fprintf(out, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"", when,
                tags[lvl]);
        put_json(out, msg);
        fputc('"', out);
    } else {
        fprintf(out, "%s %s: ", when, tags[lvl]);
        put_text(out, msg, 0);
    }
    for (i = 0; i < n; i++)
        put_field(out, &fields[i]);
    fputs(json ? "}\n" : "\n", out);
    fflush(out);
}

void
bot_log(enum bot_log_level lvl, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (lvl > level)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    bot_log_fields(lvl, msg, NULL, 0);
}

/* The source path from "bot/" on: the build's absolute path says nothing
 * to a reader. */
static const char *
short_path(const char *file)
{
    const char *p = strstr(file, "/bot/");

    return p ? p + 1 : file;
}

int
bot_fail_at(const char *file, int line, int err, const char *fmt, ...)
{
    struct bot_log_field src[2];
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* The message says what is wrong and what to do; where in our source
     * it was found is for developers, at debug level only. */
    src[0] = (struct bot_log_field)BOT_LOG_STR("src", short_path(file));
    src[1] = (struct bot_log_field)BOT_LOG_INT("line", line);
    bot_log_fields(BOT_LOG_ERROR, msg, src, level >= BOT_LOG_DEBUG ? 2 : 0);
    return err;
}
