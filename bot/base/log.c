/* The logger (text or JSON lines on one stream) and bot_fail(), which
 * reports a failure once. */
#include "bot/base/log.h"

#include <stdarg.h>
#include <string.h>

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

/* Writes @s as a JSON string body: quotes, backslashes and control
 * characters escaped. */
static void
put_json(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
}

void
bot_log(enum bot_log_level lvl, const char *fmt, ...)
{
    static const char *const tags[] = {"error", "warn", "info", "debug"};
    FILE *out = stream ? stream : stderr;
    char msg[1024];
    va_list ap;

    if (lvl > level)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (json) {
        fprintf(out, "{\"level\":\"%s\",\"msg\":\"", tags[lvl]);
        put_json(out, msg);
        fputs("\"}\n", out);
    } else {
        fprintf(out, "newsbot: %s: %s\n", tags[lvl], msg);
    }
}

int
bot_fail_at(const char *file, int line, int err, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    bot_log(BOT_LOG_ERROR, "%s:%d: %s (%s)", file, line, msg,
            bot_strerror(err));
    return err;
}
