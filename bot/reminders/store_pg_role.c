/* Roles on PostgreSQL: session advisory locks, so that when a replica
 * dies the server frees its roles and another's next try takes them.
 * Only store.c calls these, through bot_store_pg_ops. */
#include <stdio.h>
#include <string.h>

#include "bot/base/log.h"
#include "store_pg_int.h"

#define PG(st) ((struct bot_pg *)(st))

static const struct bot_pg_stmt role_lock = {
    30, "SELECT pg_try_advisory_lock($1::int4, $2::int4)", 2, 0};
static const struct bot_pg_stmt role_unlock = {
    31, "SELECT pg_advisory_unlock($1::int4, $2::int4)", 2, 0};

/* The role's lock keys as text: our namespace, and the name's FNV-1a
 * hash as a signed int4. */
static void
role_keys(const char *name, char ns[16], char key[16])
{
    uint32_t h = 2166136261u;

    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 16777619u;
    snprintf(ns, 16, "%d", BOT_PG_LOCK_NS);
    snprintf(key, 16, "%d", (int)(int32_t)h);
}

static int
held(const struct bot_pg_roles *ro, const char *name)
{
    int i;

    for (i = 0; i < ro->n; i++)
        if (strcmp(ro->name[i], name) == 0)
            return i;
    return -1;
}

int
bot_pg_role(struct bot_store *st, const char *name)
{
    struct bot_pg_roles *ro = bot_pg_roles(PG(st));
    struct pg_result *r;
    char ns[16], key[16];
    const char *vals[2] = {ns, key};
    int rc;

    if (!bot_pg_up(st))
        return BOT_ENET;
    /* Held: ours until the session ends, and not locked twice (the
     * server counts a session's locks, and one unlock must free it). */
    if (held(ro, name) >= 0)
        return 1;
    if (ro->n == BOT_PG_MAX_ROLES || strlen(name) >= sizeof(ro->name[0]))
        return bot_fail(BOT_EINVAL, "store: too many roles, or %s too long",
                        name);
    role_keys(name, ns, key);
    rc = bot_pg_run(PG(st), &role_lock, vals, NULL, &r);
    if (rc < 0)
        return rc;
    rc = rc == 1 && strcmp(bot_pg_text(r, 0, 0), "t") == 0;
    bot_pg_clear(r);
    if (rc)
        snprintf(ro->name[ro->n++], sizeof(ro->name[0]), "%s", name);
    return rc;
}

void
bot_pg_role_drop(struct bot_store *st, const char *name)
{
    struct bot_pg_roles *ro = bot_pg_roles(PG(st));
    char ns[16], key[16];
    const char *vals[2] = {ns, key};
    int i = held(ro, name);

    if (i < 0 || !bot_pg_up(st))
        return;
    role_keys(name, ns, key);
    if (bot_pg_run(PG(st), &role_unlock, vals, NULL, NULL) < 0)
        return; /* lost: every role went with the session */
    memmove(ro->name[i], ro->name[i + 1],
            (size_t)(ro->n - i - 1) * sizeof(ro->name[0]));
    ro->n--;
}
