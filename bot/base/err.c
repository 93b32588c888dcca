#include "bot/base/err.h"

#include <stdarg.h>
#include <stdio.h>

#include "bot/base/log.h"

const char *
bot_strerror(int err)
{
    switch (err) {
    case BOT_OK:
        return "success";
    case BOT_ENOMEM:
        return "out of memory";
    case BOT_EINVAL:
        return "invalid argument";
    case BOT_EPARSE:
        return "parse error";
    case BOT_EIO:
        return "I/O error";
    case BOT_ENET:
        return "network error";
    case BOT_EAUTH:
        return "credentials rejected";
    case BOT_ETOOBIG:
        return "input too large";
    default:
        return "unknown error";
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
