/* The error codes' words. Uses nothing of ours. */
#include "bot/base/err.h"

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
