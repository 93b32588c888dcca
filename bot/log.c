#include "bot/log.h"

#include <stdarg.h>
#include <string.h>

#include "bot/err.h"

static enum bot_log_level level = BOT_LOG_WARN;
static FILE *stream;

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
bot_log(enum bot_log_level lvl, const char *fmt, ...)
{
    static const char *const tags[] = {"error", "warn", "info", "debug"};
    FILE *out = stream ? stream : stderr;
    va_list ap;

    if (lvl > level)
        return;
    fprintf(out, "newsbot: %s: ", tags[lvl]);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
}
