/* What a store backend implements (store_sqlite.c, store_pg.c) for the
 * dispatcher (store.c). No code but store.c and the backends should
 * include this file: everything else goes through store.h. */
#ifndef BOT_STORE_INT_H
#define BOT_STORE_INT_H

#include "bot/reminders/store.h"

struct bot_store_ops;

/* The first member of each backend's own struct, which the backend
 * allocates in ->open and frees in ->close; store.c sees only this. */
struct bot_store {
    const struct bot_store_ops *ops;
};

/* One entry per function of store.h, with the same contract; store.c
 * calls them as they are, and the dispatcher adds nothing but the choice
 * of backend. A backend fills in every entry. */
struct bot_store_ops {
    const char *name; /* "sqlite", "postgresql": for logs */
    int shared;       /* bot_store_shared(): several replicas use it */
    int (*open)(struct bot_store **out, const char *spec, char *why,
                size_t cap);
    void (*close)(struct bot_store *st); /* st is never NULL */
    enum bot_store_where (*moved)(struct bot_store *st);
    const char *(*path)(const struct bot_store *st);
    int (*up)(const struct bot_store *st);
    int (*tick)(struct bot_store *st, int64_t now_ms);
    int (*schema)(struct bot_store *st);

    int (*subscribe)(struct bot_store *st, const struct bot_place *p,
                     const char *by_user, int64_t now_ms);
    int (*unsubscribe)(struct bot_store *st, const struct bot_place *p);
    int (*subscriptions)(struct bot_store *st, bot_store_sub_cb cb, void *arg);
    int (*sent_each)(struct bot_store *st, const struct bot_place *p,
                     bot_store_sent_cb cb, void *arg);
    int (*record)(struct bot_store *st, const struct bot_place *p,
                  const struct bot_sent *s, size_t n);

    int (*claim)(struct bot_store *st, const char *platform, const char *id,
                 int64_t now_ms, int64_t *holder, const void *note, size_t len);
    int (*claim_done)(struct bot_store *st, const char *platform,
                      const char *id);
    int (*orphans)(struct bot_store *st, int64_t since_ms,
                   bot_store_orphan_cb cb, void *arg);
    int (*claims_expire)(struct bot_store *st, int64_t before_ms);
    int (*lease)(struct bot_store *st, const struct bot_place *p,
                 const struct bot_remind_key *k, const char *holder,
                 int64_t now_ms, int64_t until_ms);
    int (*lease_drop)(struct bot_store *st, const struct bot_place *p,
                      const struct bot_remind_key *k, const char *holder);
    int (*convo_get)(struct bot_store *st, const char *key, void *buf,
                     size_t cap, int64_t since_ms);
    int (*convo_put)(struct bot_store *st, const char *key, const void *blob,
                     size_t len, int64_t now_ms);
    /* NULL: done one by one with convo_get and convo_put */
    int (*convo_get_many)(struct bot_store *st, struct bot_convo_slot *slots,
                          size_t n, int64_t since_ms);
    int (*convo_put_many)(struct bot_store *st,
                          const struct bot_convo_item *items, size_t n,
                          int64_t now_ms);
    int (*convos_expire)(struct bot_store *st, int64_t before_ms);
    int (*role)(struct bot_store *st, const char *name);
    void (*role_drop)(struct bot_store *st, const char *name);
};

extern const struct bot_store_ops bot_store_sqlite_ops;
extern const struct bot_store_ops bot_store_pg_ops;

#endif
