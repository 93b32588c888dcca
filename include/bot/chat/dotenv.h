/* Reading .env files and the environment into one sorted table of keys. */
#ifndef BOT_DOTENV_H
#define BOT_DOTENV_H

#include <stddef.h>

#include "bot/base/err.h"

/* One KEY=value the configuration was given (environment or .env). */
struct bot_dotenv_var {
    char *key;
    char *value;
    int from_env; /* 1 from the environment, 0 from the .env file */
};

/* Every key seen, sorted by key; the environment wins over the file. */
struct bot_dotenv {
    struct bot_dotenv_var *vars;
    size_t nvars;
};

/* Reads the .env file at @path into @env: KEY=value lines, optionally
 * "export KEY=value", single or double quotes, # comments; only keys with
 * our prefixes are kept. A missing file is fine. Return: 0, or BOT_EINVAL
 * naming the line (never its value), BOT_EIO, BOT_ENOMEM. */
BOT_MUST_CHECK int bot_dotenv_read_file(struct bot_dotenv *env,
                                        const char *path);
/* Adds the keys with our prefixes of @vars ("KEY=value" strings ending
 * with NULL, as environ; NULL for the process environment) over the
 * file's. Return: 0 or BOT_ENOMEM. */
BOT_MUST_CHECK int bot_dotenv_read_vars(struct bot_dotenv *env,
                                        char *const *vars);
/* True if the @len bytes at @key are a key the configuration reads:
 * [A-Z0-9_]+ with one of our prefixes. */
int bot_dotenv_wanted(const char *key, size_t len);
/* The variable @key, or NULL. Borrowed until bot_dotenv_release(). */
const struct bot_dotenv_var *bot_dotenv_find(const struct bot_dotenv *env,
                                             const char *key);
/* Frees every variable; @env is left empty. */
void bot_dotenv_release(struct bot_dotenv *env);

/* Splits @key's comma list into trimmed items, kept in a copy after the
 * raw value's NUL in the same allocation (so the raw list stays readable).
 * Return: the number of items, 0 if @key is unset, BOT_EINVAL for more
 * than @max, BOT_ENOMEM. */
BOT_MUST_CHECK int bot_dotenv_split(struct bot_dotenv *env, const char *key,
                                    const char **items, int max);

#endif
