/* The store on a PostgreSQL server: the connection, its loss and its
 * return, and running statements. The only file that includes
 * libpq-fe.h; only store.c (through bot_store_pg_ops) and the other
 * store_pg*.c call it (store_pg_int.h). */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "store_pg_int.h"

#define RETRY_FIRST_MS 1000  /* the first try after a loss */
#define RETRY_MAX_MS   30000 /* doubling up to this */
#define TRY_MS         5000  /* a try that takes longer is given up */
#define MAX_KEYS       64    /* libpq 15 knows 40-odd keywords */
#define OPTIONS        "-c statement_timeout=5000"

enum pg_state {
    PG_UP,
    PG_DOWN,      /* no connection: the next try is at next_try_ms */
    PG_CONNECTING /* a try under way, polled by each tick */
};

struct bot_pg {
    struct bot_store base; /* first: store.c casts to and from it */
    PGconn *conn;
    enum pg_state state;
    PostgresPollingStatusType poll; /* what the try waits for */
    unsigned prepared;              /* bot_pg_stmt ids on this connection */
    int64_t next_try_ms;            /* 0: the next tick sets it */
    int64_t try_ms;                 /* when the try under way began */
    int delay_ms;                   /* to the next try */
    /* The parameters of every connection, from the string opened with,
     * plus our defaults: reconnecting needs no string again. */
    PQconninfoOption *opts;
    const char *keys[MAX_KEYS], *vals[MAX_KEYS];
    char options[512];
    char name[256];
    char err[512];             /* the last failure, for bot_pg_error() */
    struct bot_pg_roles roles; /* held by this session */
};

#define PG(st) ((struct bot_pg *)(st))

/* Copies @msg into @out on one line ("a\n\tb" -> "a; b"), with every
 * @secret replaced by "***": libpq's messages carry no password, but one
 * that echoes a malformed token might. */
static void
tidy(char *out, size_t cap, const char *msg, const char *const *secret,
     int nsecret)
{
    size_t o = 0;
    int i;

    while (*msg && o + 4 < cap) {
        for (i = 0; i < nsecret; i++) {
            size_t n = secret[i] ? strlen(secret[i]) : 0;

            if (n && strncmp(msg, secret[i], n) == 0)
                break;
        }
        if (i < nsecret) {
            memcpy(out + o, "***", 3);
            o += 3;
            msg += strlen(secret[i]);
        } else if (*msg == '\n' || *msg == '\t') {
            while (*msg == '\n' || *msg == '\t' || *msg == ' ')
                msg++;
            if (*msg && o + 2 < cap) {
                memcpy(out + o, "; ", 2);
                o += 2;
            }
        } else {
            out[o++] = *msg++;
        }
    }
    out[o] = '\0';
}

/* The password as written in @spec (URI userinfo, or password=), to
 * hide from a parse error that may quote it; "" if none is seen. */
static void
raw_password(const char *spec, char *out, size_t cap)
{
    const char *s = strstr(spec, "://"), *end, *at, *colon;
    size_t n = 0;

    out[0] = '\0';
    if (s) { /* scheme://user:password@host/db */
        s += 3;
        end = s + strcspn(s, "/?");
        for (at = end; at > s && at[-1] != '@'; at--)
            ;
        colon = memchr(s, ':', at > s ? (size_t)(at - s) : 0);
        if (colon && at > colon + 1) {
            s = colon + 1;
            n = (size_t)(at - 1 - s);
        }
    } else if ((s = strstr(spec, "password")) != NULL) {
        s += strspn(s + 8, " =") + 8;
        n = strcspn(s, " \t\n");
    }
    if (n && n < cap) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
}

/* The value of @key among the connection's options, or NULL. */
static const char *
option(PQconninfoOption *o, const char *key)
{
    for (; o && o->keyword; o++)
        if (strcmp(o->keyword, key) == 0)
            return o->val && *o->val ? o->val : NULL;
    return NULL;
}

/* The server as "postgresql://user@host:port/db", the values libpq will
 * use (its defaults and environment included), never the password. */
static void
make_name(struct bot_pg *pg, PGconn *conn)
{
    PQconninfoOption *o = conn ? PQconninfo(conn) : NULL;
    const char *host = option(o, "host");

    if (!host)
        host = option(o, "hostaddr");
    snprintf(pg->name, sizeof(pg->name), "postgresql://%s@%s:%s/%s",
             option(o, "user") ? option(o, "user") : "",
             host ? host : "localhost",
             option(o, "port") ? option(o, "port") : "5432",
             option(o, "dbname") ? option(o, "dbname") : "");
    PQconninfoFree(o);
}

static void
add(struct bot_pg *pg, int *n, const char *key, const char *val)
{
    if (*n < MAX_KEYS - 1 && !option(pg->opts, key)) {
        pg->keys[*n] = key;
        pg->vals[*n] = val;
        (*n)++;
    }
}

/* Parses @spec into pg->keys and pg->vals, adding what a long-lived
 * connection needs unless the string says otherwise: a connect timeout,
 * TCP keepalives and a user timeout (a dead server is noticed in about
 * ten seconds, not hours), and a statement timeout. */
static int
parse(struct bot_pg *pg, const char *spec, char *why, size_t cap)
{
    char *err = NULL, raw[256], line[512];
    const char *given;
    PQconninfoOption *o;
    int n = 0;

    pg->opts = PQconninfoParse(spec, &err);
    if (!pg->opts) {
        const char *secret[] = {raw};

        raw_password(spec, raw, sizeof(raw));
        tidy(line, sizeof(line), err ? err : "out of memory", secret, 1);
        snprintf(why, cap, "not a PostgreSQL connection string: %s", line);
        PQfreemem(err);
        return err ? BOT_EIO : BOT_ENOMEM;
    }
    for (o = pg->opts; o->keyword; o++)
        if (o->val && *o->val && strcmp(o->keyword, "options") != 0 &&
            n < MAX_KEYS - 1) {
            pg->keys[n] = o->keyword;
            pg->vals[n++] = o->val;
        }
    given = option(pg->opts, "options");
    if (given && strstr(given, "statement_timeout"))
        snprintf(pg->options, sizeof(pg->options), "%s", given);
    else
        snprintf(pg->options, sizeof(pg->options), "%s%s%s", given ? given : "",
                 given ? " " : "", OPTIONS);
    pg->keys[n] = "options";
    pg->vals[n++] = pg->options;
    add(pg, &n, "connect_timeout", "5");
    add(pg, &n, "keepalives", "1");
    add(pg, &n, "keepalives_idle", "5");
    add(pg, &n, "keepalives_interval", "2");
    add(pg, &n, "keepalives_count", "3");
    add(pg, &n, "tcp_user_timeout", "10000");
    add(pg, &n, "application_name", "newsbot");
    add(pg, &n, "client_encoding", "UTF8");
    pg->keys[n] = pg->vals[n] = NULL;
    return 0;
}

/* The connection is gone: every call fails at once with BOT_ENET until a
 * tick makes a new one. The server freed our advisory locks with the
 * session, so the roles are forgotten; the statements are prepared
 * again on the next connection. */
static void
lost(struct bot_pg *pg, const char *reason)
{
    tidy(pg->err, sizeof(pg->err), reason, NULL, 0);
    bot_log(BOT_LOG_WARN,
            "store %s: connection lost (%s); calls fail until it is back",
            pg->name, pg->err);
    PQfinish(pg->conn);
    pg->conn = NULL;
    pg->state = PG_DOWN;
    pg->prepared = 0;
    pg->roles.n = 0;
    pg->next_try_ms = 0;
    pg->delay_ms = RETRY_FIRST_MS;
}

/* SQLSTATE classes that a later try may not meet: a connection
 * exception, the server shutting down or short of resources, a statement
 * timeout, a deadlock or serialization failure. */
static int
transient(const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

    if (!state)
        return 0;
    return strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0 ||
           strncmp(state, "57", 2) == 0 || strncmp(state, "40", 2) == 0;
}

/* Maps a failed result to our error, noticing a lost connection; frees
 * @r. */
static int
failed(struct bot_pg *pg, PGresult *r, const char *what)
{
    int rc = BOT_EIO;

    if (PQstatus(pg->conn) == CONNECTION_BAD) {
        lost(pg, PQerrorMessage(pg->conn));
        rc = BOT_ENET;
    } else {
        tidy(pg->err, sizeof(pg->err),
             r ? PQresultErrorMessage(r) : PQerrorMessage(pg->conn), NULL, 0);
        bot_log(BOT_LOG_ERROR, "store %s: %s: %s", pg->name, what, pg->err);
        if (transient(r))
            rc = BOT_ENET;
    }
    PQclear(r);
    return rc;
}

/* Rows returned, or changed; @r is the caller's or freed. */
static int
done(PGresult *r, struct pg_result **out)
{
    const char *n = PQcmdTuples(r);
    int rows = PQresultStatus(r) == PGRES_TUPLES_OK
                   ? PQntuples(r)
                   : (int)strtol(n ? n : "0", NULL, 10);

    if (out)
        *out = (struct pg_result *)r;
    else
        PQclear(r);
    return rows;
}

static int
ok(const PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);

    return r && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK);
}

int
bot_pg_run(struct bot_pg *pg, const struct bot_pg_stmt *q,
           const char *const *vals, const int *lens, struct pg_result **out)
{
    int fmts[BOT_PG_MAX_PARAMS], i;
    char name[16];
    PGresult *r;

    if (out)
        *out = NULL;
    if (pg->state != PG_UP)
        return BOT_ENET;
    snprintf(name, sizeof(name), "s%d", q->id);
    if (!(pg->prepared & 1u << q->id)) {
        r = PQprepare(pg->conn, name, q->sql, q->nparams, NULL);
        if (!ok(r))
            return failed(pg, r, "cannot prepare a statement");
        PQclear(r);
        pg->prepared |= 1u << q->id;
    }
    for (i = 0; i < q->nparams; i++)
        fmts[i] = lens && lens[i] >= 0;
    r = PQexecPrepared(pg->conn, name, q->nparams, vals, lens, fmts, q->binary);
    if (!ok(r))
        return failed(pg, r, "query failed");
    return done(r, out);
}

int
bot_pg_exec(struct bot_pg *pg, const char *sql, struct pg_result **out)
{
    PGresult *r;

    if (out)
        *out = NULL;
    if (pg->state != PG_UP)
        return BOT_ENET;
    r = PQexec(pg->conn, sql);
    if (!ok(r))
        return failed(pg, r, "query failed");
    return done(r, out);
}

void
bot_pg_rollback(struct bot_pg *pg)
{
    if (pg->state == PG_UP && PQtransactionStatus(pg->conn) != PQTRANS_IDLE)
        (void)bot_pg_exec(pg, "ROLLBACK", NULL);
}

const char *
bot_pg_text(const struct pg_result *r, int row, int col)
{
    return PQgetvalue((const PGresult *)r, row, col);
}

int64_t
bot_pg_int(const struct pg_result *r, int row, int col)
{
    return strtoll(bot_pg_text(r, row, col), NULL, 10);
}

int
bot_pg_len(const struct pg_result *r, int row, int col)
{
    return PQgetlength((const PGresult *)r, row, col);
}

void
bot_pg_clear(struct pg_result *r)
{
    PQclear((PGresult *)r);
}

const char *
bot_pg_name(const struct bot_pg *pg)
{
    return pg->name;
}

const char *
bot_pg_error(const struct bot_pg *pg)
{
    return pg->err;
}

struct bot_pg_roles *
bot_pg_roles(struct bot_pg *pg)
{
    return &pg->roles;
}

/* Server notices ("relation already exists, skipping") go to the debug
 * log, not to stderr as libpq's default does. */
static void
notice(void *arg, const char *msg)
{
    char line[512];

    tidy(line, sizeof(line), msg, NULL, 0);
    bot_log(BOT_LOG_DEBUG, "store %s: %s", ((struct bot_pg *)arg)->name, line);
}

/* ---- losing and finding the server again, from the tick ---- */

/* Notices a connection the server closed while we were idle (a restart,
 * pg_terminate_backend): reads what is there without waiting. */
static void
check_alive(struct bot_pg *pg)
{
    if (!PQconsumeInput(pg->conn) || PQstatus(pg->conn) == CONNECTION_BAD)
        lost(pg, PQerrorMessage(pg->conn));
}

static void
retry_later(struct bot_pg *pg, int64_t now_ms, const char *why)
{
    char line[512];

    tidy(line, sizeof(line), why, NULL, 0);
    bot_log(BOT_LOG_DEBUG, "store %s: not back yet (%s); next try in %d ms",
            pg->name, line,
            pg->delay_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : pg->delay_ms * 2);
    PQfinish(pg->conn);
    pg->conn = NULL;
    pg->state = PG_DOWN;
    pg->delay_ms =
        pg->delay_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : pg->delay_ms * 2;
    pg->next_try_ms = now_ms + pg->delay_ms;
}

/* True if the socket is ready for what the try waits for: a poll that
 * does not wait, since PQconnectPoll must not be called before. */
static int
ready(struct bot_pg *pg)
{
    struct pollfd p = {PQsocket(pg->conn), 0, 0};

    if (p.fd < 0)
        return 1; /* PQconnectPoll reports the failure */
    p.events = pg->poll == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    return poll(&p, 1, 0) > 0;
}

/* Moves the try under way along. Return: 1 if it succeeded. */
static int
advance(struct bot_pg *pg, int64_t now_ms)
{
    if (ready(pg))
        pg->poll = PQconnectPoll(pg->conn);
    if (pg->poll == PGRES_POLLING_FAILED) {
        retry_later(pg, now_ms, PQerrorMessage(pg->conn));
        return 0;
    }
    if (pg->poll != PGRES_POLLING_OK) {
        if (now_ms - pg->try_ms >= TRY_MS)
            retry_later(pg, now_ms, "no answer in time");
        return 0;
    }
    pg->state = PG_UP;
    pg->delay_ms = RETRY_FIRST_MS;
    PQsetNoticeProcessor(pg->conn, notice, pg);
    bot_log(BOT_LOG_INFO, "store %s: connection back", pg->name);
    return 1;
}

int
bot_pg_tick(struct bot_store *st, int64_t now_ms)
{
    struct bot_pg *pg = PG(st);

    if (pg->state == PG_UP)
        check_alive(pg);
    if (pg->state == PG_CONNECTING)
        return advance(pg, now_ms);
    if (pg->state != PG_DOWN)
        return 0;
    if (!pg->next_try_ms) /* lost since the last tick */
        pg->next_try_ms = now_ms + pg->delay_ms;
    if (now_ms < pg->next_try_ms)
        return 0;
    /* Non-blocking from here on; a host name is still looked up in
     * the call (getaddrinfo), so a NEWSBOT_DB with an IP address never
     * waits on DNS. */
    pg->conn = PQconnectStartParams(pg->keys, pg->vals, 0);
    if (!pg->conn || PQstatus(pg->conn) == CONNECTION_BAD) {
        retry_later(pg, now_ms,
                    pg->conn ? PQerrorMessage(pg->conn) : "out of memory");
        return 0;
    }
    pg->state = PG_CONNECTING;
    pg->poll = PGRES_POLLING_WRITING;
    pg->try_ms = now_ms;
    return advance(pg, now_ms);
}

int
bot_pg_up(const struct bot_store *st)
{
    return ((const struct bot_pg *)st)->state == PG_UP;
}

const char *
bot_pg_path(const struct bot_store *st)
{
    return ((const struct bot_pg *)st)->name;
}

/* ---- open and close ---- */

void
bot_pg_close(struct bot_store *st)
{
    struct bot_pg *pg = PG(st);

    PQfinish(pg->conn); /* the server frees the session's locks */
    PQconninfoFree(pg->opts);
    free(pg);
}

/* Why the first connection failed, on one line, without the password
 * whichever way it came (string, PGPASSWORD, a password file). */
static int
refused(struct bot_pg *pg, const char *spec, char *why, size_t cap)
{
    char raw[256], line[512];
    const char *secret[3] = {raw, option(pg->opts, "password"), NULL};
    const char *msg = PQerrorMessage(pg->conn);

    raw_password(spec, raw, sizeof(raw));
    secret[2] = PQpass(pg->conn);
    tidy(line, sizeof(line), msg, secret, 3);
    snprintf(why, cap, "cannot connect to %s: %s", pg->name, line);
    /* FATAL: the server answered and refused (password, database);
     * otherwise it could not be reached, which may pass. */
    return strstr(msg, "FATAL") ? BOT_EIO : BOT_ENET;
}

int
bot_pg_open(struct bot_store **out, const char *spec, char *why, size_t cap)
{
    struct bot_pg *pg = calloc(1, sizeof(*pg));
    int rc;

    if (!pg)
        return BOT_ENOMEM;
    pg->base.ops = &bot_store_pg_ops;
    pg->delay_ms = RETRY_FIRST_MS;
    pg->state = PG_DOWN;
    rc = parse(pg, spec, why, cap);
    if (rc == 0) {
        pg->conn = PQconnectdbParams(pg->keys, pg->vals, 0);
        make_name(pg, pg->conn);
        if (!pg->conn)
            rc = BOT_ENOMEM;
        else if (PQstatus(pg->conn) != CONNECTION_OK)
            rc = refused(pg, spec, why, cap);
    }
    if (rc == 0) {
        pg->state = PG_UP;
        PQsetNoticeProcessor(pg->conn, notice, pg);
        rc = bot_pg_upgrade(pg, why, cap);
    }
    if (rc < 0) {
        bot_pg_close(&pg->base);
        return rc;
    }
    *out = &pg->base;
    return 0;
}
