/* The error codes every function returns. */
#ifndef BOT_ERR_H
#define BOT_ERR_H

/* Error codes: functions return 0 (or a count) on success, a negative
 * enum bot_err on failure. */
enum bot_err {
    BOT_OK = 0,
    BOT_ENOMEM = -1, /* allocation failed */
    BOT_EINVAL = -2, /* bad argument or config value */
    BOT_EPARSE = -3, /* malformed fact table, JSON line or frame */
    BOT_EIO = -4,    /* file or socket I/O */
    BOT_ENET = -5,   /* transient network/HTTP failure: retry with backoff */
    BOT_EAUTH = -6,  /* credentials rejected: never retry */
    BOT_ETOOBIG = -7 /* input over its cap */
};

#define BOT_MUST_CHECK __attribute__((warn_unused_result))

const char *bot_strerror(int err);

#endif
