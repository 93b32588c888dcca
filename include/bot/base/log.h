/* The logger (text or JSON lines on one stream) and bot_fail(), which
 * reports a failure once. */
#ifndef BOT_LOG_H
#define BOT_LOG_H

#include <stddef.h>
#include <stdio.h>

#include "bot/base/err.h"

enum bot_log_level {
    BOT_LOG_ERROR = 0,
    BOT_LOG_WARN = 1,
    BOT_LOG_INFO = 2,
    BOT_LOG_DEBUG = 3
};

/* Messages above @level are dropped; logs go to stderr by default. */
void bot_log_set_level(enum bot_log_level level);
/* Parses "error", "warn", "info" or "debug"; returns BOT_EINVAL otherwise. */
int bot_log_parse_level(const char *name, enum bot_log_level *out);
void bot_log_set_stream(FILE *fp);
/* One JSON object per line ({"time": ..., "level": ..., "msg": ...})
 * instead of text. */
void bot_log_set_json(int json);
/* Every line starts with the time (RFC 3339 UTC to the millisecond) and
 * the level: "2026-12-05T17:20:03.123Z warn: msg". Control characters in
 * the message are escaped, so no line can be forged. */
void bot_log(enum bot_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* True if a line at @level would be written. */
int bot_log_enabled(enum bot_log_level level);

/* A named value for a structured log line. */
enum bot_log_field_type {
    BOT_LOG_FIELD_STR,
    BOT_LOG_FIELD_INT,
    BOT_LOG_FIELD_BOOL
};
struct bot_log_field {
    const char *key;
    enum bot_log_field_type type;
    const char *str; /* BOT_LOG_FIELD_STR (borrowed; NULL is "") */
    long long num;   /* BOT_LOG_FIELD_INT, BOT_LOG_FIELD_BOOL */
};
#define BOT_LOG_STR(k, v)                                                      \
    {                                                                          \
        (k), BOT_LOG_FIELD_STR, (v), 0                                         \
    }
#define BOT_LOG_INT(k, v)                                                      \
    {                                                                          \
        (k), BOT_LOG_FIELD_INT, NULL, (long long)(v)                           \
    }
#define BOT_LOG_BOOL(k, v)                                                     \
    {                                                                          \
        (k), BOT_LOG_FIELD_BOOL, NULL, (v) ? 1 : 0                             \
    }

/* One line: @msg then @n fields; JSON members in JSON mode, key="value"
 * (escaped) in text mode. */
void bot_log_fields(enum bot_log_level level, const char *msg,
                    const struct bot_log_field *fields, size_t n);

/* Logs msg once at error level and returns err; the source file and line
 * are added at debug level only. */
int bot_fail_at(const char *file, int line, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define bot_fail(err, ...) bot_fail_at(__FILE__, __LINE__, (err), __VA_ARGS__)

#endif
