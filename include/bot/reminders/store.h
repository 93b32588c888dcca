/* Subscriptions and sent reminders in SQLite. */
#ifndef BOT_STORE_H
#define BOT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/err.h"

/* What reminders need to survive a restart, kept in SQLite: which
 * channels are subscribed, and which reminders each has been sent. The
 * database runs in WAL mode with a busy timeout, and its schema (its
 * version in PRAGMA user_version) upgrades itself when opened. The only
 * file that includes sqlite3.h. */

#define BOT_STORE_SCHEMA 2 /* the newest schema this build knows */

struct bot_store;

/* Where reminders go: a platform's channel, or a thread in it ("" if
 * none). */
struct bot_place {
    const char *platform;
    const char *channel;
    const char *thread;
};

enum bot_sent_state {
    BOT_SENT = 0,    /* posted when it was due */
    BOT_SENT_LATE,   /* posted late, after the bot was down */
    BOT_SENT_SKIPPED /* never posted: a later lead was sent instead */
};

/* One reminder's record: the lead @lead_days before @event ("hearing") on
 * @day ("2025-04-17"). */
struct bot_sent {
    const char *event;
    const char *day;
    int lead_days;
    int64_t due_ms, at_ms;
    enum bot_sent_state state;
};

/**
 * bot_store_open() - open (creating if need be) the database at @path.
 * Refuses a file that is not an SQLite database, fails its quick check,
 * or was written by a newer schema, and never changes such a file.
 * Return: 0, or BOT_EIO / BOT_ENOMEM with the reason, path included, in
 * @why.
 */
BOT_MUST_CHECK int bot_store_open(struct bot_store **out, const char *path,
                                  char *why, size_t cap);
void bot_store_close(struct bot_store *st);

/* Where the database file is now, compared with the one opened. */
enum bot_store_where {
    BOT_STORE_SAME = 0, /* still there (or it cannot be told) */
    BOT_STORE_GONE,     /* deleted: writes would go to an unlinked file */
    BOT_STORE_REPLACED  /* another file is at the path now */
};

/* Looks at the path again (one stat). A store whose file is gone or
 * replaced must be closed and opened anew, or what it writes is lost. */
enum bot_store_where bot_store_moved(struct bot_store *st);

/* The path it was opened at. Borrowed; valid until bot_store_close(). */
const char *bot_store_path(const struct bot_store *st);

/* The schema version of the open database. */
int bot_store_schema(struct bot_store *st);

/* Return: 1 if @p is newly subscribed, 0 if it already was, or BOT_EIO. */
int bot_store_subscribe(struct bot_store *st, const struct bot_place *p,
                        const char *by_user, int64_t now_ms);

/* Return: 1 if @p was subscribed, 0 if not, or BOT_EIO. */
int bot_store_unsubscribe(struct bot_store *st, const struct bot_place *p);

typedef int (*bot_store_sub_cb)(void *arg, const struct bot_place *p,
                                int64_t since_ms);

/* Calls @cb for every subscription, oldest first; a negative return from
 * @cb stops and is returned. Return: 0, or BOT_EIO. */
int bot_store_subscriptions(struct bot_store *st, bot_store_sub_cb cb,
                            void *arg);

typedef int (*bot_store_sent_cb)(void *arg, const struct bot_sent *s);

/* Calls @cb for every record of @p, oldest first. Return: as above. */
int bot_store_sent_each(struct bot_store *st, const struct bot_place *p,
                        bot_store_sent_cb cb, void *arg);

/* Records @n reminders for @p in one transaction; a record already there
 * is kept. Return: 0, or BOT_EIO. */
int bot_store_record(struct bot_store *st, const struct bot_place *p,
                     const struct bot_sent *s, size_t n);

#endif
