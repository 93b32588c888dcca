/* The bot's state: subscriptions and sent reminders, and what replicas
 * share (claims, leases, conversations, roles), in SQLite or PostgreSQL. */
#ifndef BOT_STORE_H
#define BOT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/err.h"

/* What must outlive a process, behind one interface with two backends:
 * - SQLite (a file path; the embedded default, one process): WAL mode, a
 *   busy timeout, the schema version in PRAGMA user_version
 *   (store_sqlite.c, the only file that includes sqlite3.h);
 * - PostgreSQL (a libpq URI "postgresql://..." or "postgres://...", or a
 *   "key=value" connection string): shared by replicas; the schema
 *   version in a table; a lost connection is made again with backoff
 *   from bot_store_tick() without blocking (store_pg.c, the only file
 *   that includes libpq-fe.h; the SQL in store_pg_ops.c).
 * Both upgrade their schema when opened. Every call returns BOT_ENET at
 * once while a PostgreSQL connection is down. */

#define BOT_STORE_SCHEMA 3 /* the newest schema this build knows */

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

/* True if @spec (NEWSBOT_DB) names a PostgreSQL server, not a file. */
int bot_store_is_postgres(const char *spec);

/**
 * bot_store_open() - open the database @path names: an SQLite file
 * (created if need be), or a PostgreSQL server (bot_store_is_postgres()).
 * Refuses a file that is not an SQLite database, fails its quick check,
 * or was written by a newer schema, and never changes such a file.
 * PostgreSQL: the first connection is made here (libpq's
 * connect_timeout, 5 s unless the string sets one); a server that cannot
 * be reached or refuses is an error, reported without the password.
 * Return: 0, or BOT_EIO / BOT_ENET / BOT_ENOMEM with the reason, the
 * path or the server (never a password) included, in @why.
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

/* The path it was opened at, or for PostgreSQL the server as it may be
 * logged ("postgresql://newsbot@127.0.0.1:5432/newsbot": no password).
 * Borrowed; valid until bot_store_close(). */
const char *bot_store_path(const struct bot_store *st);

/* True for a store several replicas share (PostgreSQL). */
int bot_store_shared(const struct bot_store *st);

/* True while the store can be used (SQLite: always). */
int bot_store_up(const struct bot_store *st);

/**
 * bot_store_tick() - call often (every 100 ms): a PostgreSQL connection
 * that was lost is made again, without blocking, 1 s after the loss and
 * then doubling up to 30 s between tries; each loss and return is logged
 * once.
 * Return: 1 if the connection came back in this call (the roles held
 * before, bot_store_role(), are lost: take them again), else 0.
 */
int bot_store_tick(struct bot_store *st, int64_t now_ms);

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
 * is kept. Leases on them (bot_store_lease()) end with it.
 * Return: 0, or BOT_EIO. */
int bot_store_record(struct bot_store *st, const struct bot_place *p,
                     const struct bot_sent *s, size_t n);

/* ---- what replicas share ---- */

/* What a claim found. */
enum bot_claim {
    BOT_CLAIM_DONE = 0, /* answered already (bot_store_claim_done()) */
    BOT_CLAIM_WON = 1,  /* this call won it: answer it */
    BOT_CLAIM_HELD = 2, /* a replica alive (or this process) holds it and
                           has not said it is done */
};

/**
 * bot_store_claim() - claim the incoming event @id of @platform for this
 * process, so that a message every replica receives, or one redelivered
 * to another, is answered once: an insert only one replica can win. A
 * claim whose holder died before it was done (its session is gone) is
 * won again by the next to try, so that nothing is lost with a replica
 * killed between its claim and its answer.
 * @holder: if not NULL, set to who holds it.
 * @note:   @len bytes kept with a claim this call wins (the message, so
 *          that another replica can answer it: bot_store_orphans()).
 * Return: an enum bot_claim, or BOT_EIO / BOT_ENET.
 */
int bot_store_claim(struct bot_store *st, const char *platform, const char *id,
                    int64_t now_ms, int64_t *holder, const void *note,
                    size_t len);

/* The claim of @id is done: the answer is with the platform. Return: 0,
 * or an error. */
int bot_store_claim_done(struct bot_store *st, const char *platform,
                         const char *id);

typedef int (*bot_store_orphan_cb)(void *arg, const char *platform,
                                   const char *id, const void *note,
                                   size_t len);

/**
 * bot_store_orphans() - the claims made at or after @since_ms that are
 * not done and whose holder died: @cb for each (at most 64 a call), with
 * the note its claim kept. SQLite has none (one process).
 * Return: how many, or an error (a negative return of @cb stops).
 */
int bot_store_orphans(struct bot_store *st, int64_t since_ms,
                      bot_store_orphan_cb cb, void *arg);

/* Forgets claims made before @before_ms. Return: how many, or an error. */
int bot_store_claims_expire(struct bot_store *st, int64_t before_ms);

/* One reminder for one place, as bot_store_record() keys it. */
struct bot_remind_key {
    const char *event;
    const char *day;
    int lead_days;
};

/**
 * bot_store_lease() - take the reminder @k for @p until @until_ms on
 * behalf of @holder (a replica's id), so that one replica posts it: in
 * one transaction, a reminder already recorded as sent, or leased to
 * another holder whose lease has not run out, is refused.
 * Return: 1 if taken (or already ours), 0 if refused, or an error.
 */
int bot_store_lease(struct bot_store *st, const struct bot_place *p,
                    const struct bot_remind_key *k, const char *holder,
                    int64_t now_ms, int64_t until_ms);

/* Gives a lease of @holder up (the post failed): another may take it.
 * Return: 1 if @holder had it, 0 if not, or an error. */
int bot_store_lease_drop(struct bot_store *st, const struct bot_place *p,
                         const struct bot_remind_key *k, const char *holder);

/**
 * bot_store_convo_get() - the conversation context saved under @key,
 * if it was saved at or after @since_ms.
 * Return: its length (copied into @buf when it fits @cap), 0 if there is
 * none, or an error.
 */
int bot_store_convo_get(struct bot_store *st, const char *key, void *buf,
                        size_t cap, int64_t since_ms);

/* Saves @len bytes of context under @key at @now_ms (replacing).
 * Return: 0, BOT_ETOOBIG (over INT_MAX bytes), or an error. */
int bot_store_convo_put(struct bot_store *st, const char *key, const void *blob,
                        size_t len, int64_t now_ms);

/* Several contexts in one round trip: what a question needs (its
 * context and its thread's links) costs one read and one write. */
#define BOT_STORE_CONVO_MANY 3

/* One context to read: @key in, @len out (bytes, copied into @buf when
 * they fit @cap; 0 if none was saved since). */
struct bot_convo_slot {
    const char *key;
    void *buf;
    size_t cap;
    int len;
};

/* One context to save. */
struct bot_convo_item {
    const char *key;
    const void *blob;
    size_t len;
};

/* Reads @n (at most BOT_STORE_CONVO_MANY) contexts saved at or after
 * @since_ms. Return: 0, or an error (every @len then 0). */
int bot_store_convo_get_many(struct bot_store *st, struct bot_convo_slot *slots,
                             size_t n, int64_t since_ms);

/* Saves @n (at most BOT_STORE_CONVO_MANY) contexts of distinct keys at
 * @now_ms. Return: 0, BOT_EINVAL (too many), BOT_ETOOBIG, or an
 * error. */
int bot_store_convo_put_many(struct bot_store *st,
                             const struct bot_convo_item *items, size_t n,
                             int64_t now_ms);

/* Forgets contexts saved before @before_ms. Return: how many, or an
 * error. */
int bot_store_convos_expire(struct bot_store *st, int64_t before_ms);

/**
 * bot_store_role() - hold the role @name ("irc", "reminders") for this
 * process, for as long as its connection lives: a PostgreSQL session
 * advisory lock, so that when the holder dies the server frees it and
 * another replica's next try takes it. SQLite: always held (one
 * process).
 * Return: 1 if held (now or already), 0 if another replica holds it, or
 * an error.
 */
int bot_store_role(struct bot_store *st, const char *name);

/* Lets the role @name go. */
void bot_store_role_drop(struct bot_store *st, const char *name);

#endif
