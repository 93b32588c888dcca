/* The logger (text or JSON lines on one stream) and bot_fail(), which
 * reports a failure once. */
#ifndef BOT_LOG_H
#define BOT_LOG_H

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
/* One JSON object per line ({"level": ..., "msg": ...}) instead of text. */
void bot_log_set_json(int json);
void bot_log(enum bot_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Logs "file:line: msg (strerror)" once and returns err. */
int bot_fail_at(const char *file, int line, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define bot_fail(err, ...) bot_fail_at(__FILE__, __LINE__, (err), __VA_ARGS__)

#endif
