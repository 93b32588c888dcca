/* Inside the PostgreSQL store: store_pg.c owns the connection and is the
 * only file that includes libpq-fe.h; store_pg_ops.c writes the SQL of
 * each operation, and store_pg_role.c the roles, over the few calls
 * below. No other code should use them. */
#ifndef BOT_STORE_PG_INT_H
#define BOT_STORE_PG_INT_H

#include "store_int.h"

struct bot_pg;    /* store_pg.c: the connection, its state, its roles */
struct pg_result; /* libpq's PGresult, opaque outside store_pg.c */

/* A statement, prepared on a connection the first time it runs there. */
struct bot_pg_stmt {
    int id;          /* 0..31, unique: its bit in the prepared set */
    const char *sql; /* $1, $2, ...: text parameters unless said */
    int nparams;     /* at most BOT_PG_MAX_PARAMS */
    int binary;      /* results in binary (a bytea read as its bytes) */
};

#define BOT_PG_MAX_PARAMS 12

/**
 * bot_pg_run() - run @q with the parameters @vals (text; or binary
 * bytes, where @lens is given and lens[i] >= 0), preparing it first if
 * this connection has not yet. One round trip once prepared.
 * @out: if not NULL, the result, to free with bot_pg_clear().
 * Return: rows returned (a query) or changed (a command), or BOT_ENET
 * at once while the connection is down (and if it was lost just now),
 * or BOT_EIO for any other failure (logged).
 */
int bot_pg_run(struct bot_pg *pg, const struct bot_pg_stmt *q,
               const char *const *vals, const int *lens,
               struct pg_result **out);

/* Runs plain SQL (one or more statements, no parameters): transaction
 * control and schema upgrades. Return: as bot_pg_run(). */
int bot_pg_exec(struct bot_pg *pg, const char *sql, struct pg_result **out);

/* Rolls back an open transaction after a failure; no-op if down. */
void bot_pg_rollback(struct bot_pg *pg);

/* What a result holds: borrowed, valid until bot_pg_clear(). */
const char *bot_pg_text(const struct pg_result *r, int row, int col);
int64_t bot_pg_int(const struct pg_result *r, int row, int col);
int bot_pg_len(const struct pg_result *r, int row, int col);
void bot_pg_clear(struct pg_result *r);

/* The server as it may be logged (no password). */
const char *bot_pg_name(const struct bot_pg *pg);

/* The last failure's message from the server, on one line. */
const char *bot_pg_error(const struct bot_pg *pg);

/* The roles this session holds (store_pg_role.c); store_pg.c forgets
 * them (n = 0) when the connection is lost. */
#define BOT_PG_MAX_ROLES 16
struct bot_pg_roles {
    char name[BOT_PG_MAX_ROLES][64];
    int n;
};
struct bot_pg_roles *bot_pg_roles(struct bot_pg *pg);

/* store_pg_ops.c: brings the schema up to date, serialised across
 * replicas by a transaction-scoped advisory lock. Return: 0, or an error
 * with the reason in @why. */
int bot_pg_upgrade(struct bot_pg *pg, char *why, size_t cap);

/* The namespace of every advisory lock newsbot takes: the first of the
 * two int4 keys ("news" in ASCII); the second is 0 for the schema, or
 * the hash of a role's name. */
#define BOT_PG_LOCK_NS 0x6e657773

/* The entries of bot_store_pg_ops that are not in store_pg_ops.c. */
int bot_pg_open(struct bot_store **out, const char *spec, char *why,
                size_t cap);
void bot_pg_close(struct bot_store *st);
const char *bot_pg_path(const struct bot_store *st);
int bot_pg_up(const struct bot_store *st);
int bot_pg_tick(struct bot_store *st, int64_t now_ms);
int bot_pg_role(struct bot_store *st, const char *name);
void bot_pg_role_drop(struct bot_store *st, const char *name);

#endif
