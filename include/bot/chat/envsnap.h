/* The environment snapshot: the settings a service manager gives a
 * command it starts now, left for the bot already running. */
#ifndef BOT_ENVSNAP_H
#define BOT_ENVSNAP_H

#include <stddef.h>

#include "bot/base/err.h"

/* A process's environment is fixed when it starts, and systemd reads the
 * unit's EnvironmentFile= only when it starts a command. 'newsbot reload'
 * (the unit's ExecReload=, started afresh for each reload) writes the
 * keys it was given to $RUNTIME_DIRECTORY/environ and signals the bot;
 * on SIGHUP the bot reads them there in place of its own environment, so
 * a reload sees what a restart would. */

/* The snapshot read back: as environ, borrowed from one buffer. */
struct bot_envsnap {
    char *buf;   /* the file's records, each "KEY=value" ended by NUL */
    size_t cap;  /* bytes at @buf, wiped at release (tokens) */
    char **vars; /* pointers into @buf, NULL-ended */
};

/* $RUNTIME_DIRECTORY/environ into @buf (the first directory if the
 * variable lists several). Return: 0, or BOT_EINVAL when the variable is
 * unset or the path does not fit; nothing is reported. */
BOT_MUST_CHECK int bot_envsnap_path(char *buf, size_t cap);

/**
 * bot_envsnap_write() - the process environment's keys with our prefixes
 * (bot_dotenv_wanted()) to @path: "KEY=value" records ended by NUL, as in
 * /proc/PID/environ, so that any value survives. Mode 0600 (they hold
 * tokens); written to @path.new and renamed, so a reader never sees half.
 * Return: 0, or BOT_EIO / BOT_EINVAL, reported.
 */
BOT_MUST_CHECK int bot_envsnap_write(const char *path);

/**
 * bot_envsnap_read() - read the snapshot at @path into @snap.
 * Return: 1 if there is one, 0 if not (@snap is then empty), or BOT_EIO,
 * BOT_EINVAL (over 64 KiB), BOT_ENOMEM, reported. Release @snap after
 * any outcome.
 */
BOT_MUST_CHECK int bot_envsnap_read(struct bot_envsnap *snap, const char *path);
void bot_envsnap_release(struct bot_envsnap *snap);

/* The value of @key in @vars (NULL: the process environment), or NULL. */
const char *bot_envsnap_get(char *const *vars, const char *key);

#endif
