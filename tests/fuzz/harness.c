/* The fuzz harnesses' shared half (see harness.h): process set-up, reply
 * checks, and one chat platform run the way bot_init() and bot_run() run
 * it, over the stubbed transport, with a fake server fed by the input. */
#include "harness.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/query.h"
#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/chat/bot.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/knowledge/kbload.h"
#include "bot/knowledge/text.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "stub_net.h"

extern char **environ; /* POSIX; not declared by any header under C11 */

#define CONVO_SETS    8    /* a small conversation table: cheap to renew */
#define SETTLE_ROUNDS 32   /* REST calls, reconnects and timers per frame */
#define SHORT_MS      1000 /* timers this close fire without a command */
#define POSTS_MAX     32   /* reminder posts tracked per input */
#define GOODBYE_TRIES 8

/* The reminders' database (NEWSBOT_DB): one in memory, shared by the
 * connections of this process and kept alive by the harness's own, so
 * that each input's reminders open it in a moment instead of creating its
 * tables anew; the harness empties its tables after every input. */
#define FUZZ_DB "file:newsbot-fuzz?mode=memory&cache=shared"

/* ---- SQLite's heap ---- */

/* SQLite (reminders keep their subscriptions in it) is not under test,
 * but under AddressSanitizer its thousands of small allocations per
 * connection cost more than the rest of an input. They are served here
 * instead: power-of-two classes carved from 1 MiB chunks, a free list per
 * class, nothing ever returned. AddressSanitizer no longer sees inside
 * them, so what is in use is counted: a database or statement leaked by
 * each input soon passes ARENA_LIMIT (checked in teardown()). */
#define ARENA_LIMIT   (64 * 1024 * 1024)
#define ARENA_CHUNK   (1024 * 1024)
#define ARENA_HEADER  16 /* keeps 16-byte alignment */
#define ARENA_CLASSES 17 /* 16 bytes .. 1 MiB - ARENA_HEADER */
#define ARENA_BIG     ARENA_CLASSES

struct arena_block {
    size_t cls;               /* class index, or ARENA_BIG (its own malloc) */
    size_t size;              /* usable bytes */
    struct arena_block *next; /* on a free list */
};

static struct {
    struct arena_block *free[ARENA_CLASSES];
    void **chunks; /* every chunk, so that LeakSanitizer sees them held */
    size_t nchunks, capchunks;
    char *cur;
    size_t left;
    size_t in_use;
    int on;
} arena;

static size_t
class_size(size_t cls)
{
    return ((size_t)16 << cls) - ARENA_HEADER;
}

static void *
arena_malloc(int n)
{
    struct arena_block *b;
    size_t cls = 0, need = n > 0 ? (size_t)n : 1;

    while (cls < ARENA_CLASSES && class_size(cls) < need)
        cls++;
    if (cls == ARENA_CLASSES) {
        b = malloc(ARENA_HEADER + need);
        if (!b)
            return NULL;
        b->cls = ARENA_BIG;
        b->size = need;
    } else if (arena.free[cls]) {
        b = arena.free[cls];
        arena.free[cls] = b->next;
    } else {
        size_t whole = class_size(cls) + ARENA_HEADER;
        if (arena.left < whole) {
            if (arena.nchunks == arena.capchunks) {
                size_t cap = arena.capchunks ? 2 * arena.capchunks : 64;
                void **v = realloc(arena.chunks, cap * sizeof(*v));
                if (!v)
                    return NULL;
                arena.chunks = v;
                arena.capchunks = cap;
            }
            arena.cur = malloc(ARENA_CHUNK);
            if (!arena.cur)
                return NULL;
            arena.chunks[arena.nchunks++] = arena.cur;
            arena.left = ARENA_CHUNK;
        }
        b = (struct arena_block *)arena.cur;
        arena.cur += whole;
        arena.left -= whole;
        b->cls = cls;
        b->size = class_size(cls);
    }
    arena.in_use += b->size;
    return (char *)b + ARENA_HEADER;
}

static struct arena_block *
block_of(void *p)
{
    return (struct arena_block *)((char *)p - ARENA_HEADER);
}

static void
arena_free(void *p)
{
    struct arena_block *b;

    if (!p)
        return;
    b = block_of(p);
    arena.in_use -= b->size;
    if (b->cls == ARENA_BIG) {
        free(b);
        return;
    }
    b->next = arena.free[b->cls];
    arena.free[b->cls] = b;
}

static int
arena_size(void *p)
{
    return p ? (int)block_of(p)->size : 0;
}

static void *
arena_realloc(void *p, int n)
{
    void *q;

    if (!p)
        return arena_malloc(n);
    if (n > 0 && (size_t)n <= block_of(p)->size)
        return p;
    q = arena_malloc(n);
    if (q) {
        memcpy(q, p, block_of(p)->size);
        arena_free(p);
    }
    return q;
}

static int
arena_roundup(int n)
{
    size_t cls = 0;

    while (cls < ARENA_CLASSES && class_size(cls) < (size_t)n)
        cls++;
    return cls < ARENA_CLASSES ? (int)class_size(cls) : n;
}

static int
arena_init(void *arg)
{
    (void)arg;
    return SQLITE_OK;
}

static void
arena_shutdown(void *arg)
{
    (void)arg;
}

static void
use_arena(void)
{
    static const sqlite3_mem_methods methods = {
        arena_malloc,  arena_free, arena_realloc,  arena_size,
        arena_roundup, arena_init, arena_shutdown, NULL,
    };

    /* Only before SQLite's first use; otherwise it keeps malloc(). */
    if (!arena.on &&
        sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) == SQLITE_OK)
        arena.on = 1;
}

/* ---- the process ---- */

static int verbose; /* NEWSBOT_FUZZ_LOG: logs and traffic to stderr */

void
fuzz_die(const char *fmt, ...)
{
    va_list ap;

    fputs("fuzz: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Unsets every key the configuration reads. */
static void
clear_env(void)
{
    static const char *const prefixes[] = {"NEWSBOT_", "IRC_", "SLACK_",
                                           "DISCORD_", "MATTERMOST_"};
    char key[256];
    size_t i, k;
    char **v;

    for (;;) {
        key[0] = '\0';
        for (v = environ; *v && !key[0]; v++) {
            k = strcspn(*v, "=");
            for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
                if (!strncmp(*v, prefixes[i], strlen(prefixes[i])) &&
                    k < sizeof(key)) {
                    memcpy(key, *v, k);
                    key[k] = '\0';
                    break;
                }
            }
        }
        if (!key[0])
            return;
        if (unsetenv(key) != 0)
            fuzz_die("cannot unset %s", key);
    }
}

void
fuzz_setup(void)
{
    const char *on = getenv("NEWSBOT_FUZZ_LOG");
    static FILE *sink;

    if (on && *on && strcmp(on, "0") != 0) {
        verbose = 1;
        bot_log_set_level(BOT_LOG_DEBUG);
    } else {
        /* Every message is still formatted, at debug level: the logging
         * paths are fuzzed too. */
        if (!sink)
            sink = fopen("/dev/null", "w");
        if (!sink)
            fuzz_die("cannot open /dev/null");
        bot_log_set_stream(sink);
        bot_log_set_level(BOT_LOG_DEBUG);
    }
    clear_env();
    use_arena();
}

const char *
fuzz_knowledge_dir(void)
{
    return BOT_DEFAULT_KNOWLEDGE;
}

void
fuzz_fresh_conversations(struct bot_core *core)
{
    bot_convos_release(&core->convos);
    if (bot_convos_init(&core->convos, CONVO_SETS) < 0)
        fuzz_die("out of memory");
}

void
fuzz_check_reply(const struct bot_core *core, const struct bot_reply *r,
                 const char *question, size_t len)
{
    size_t n = strnlen(r->text, sizeof(r->text));
    int q = len > 80 ? 80 : (int)len;
    int i;

    if (n == sizeof(r->text))
        fuzz_die("the reply to \"%.*s\" is not NUL-ended", q, question);
    if (n == 0)
        fuzz_die("the reply to \"%.*s\" is empty", q, question);
    if (bot_text_utf8_check(r->text, n) != 0)
        fuzz_die("the reply to \"%.*s\" is not valid UTF-8: \"%s\"", q,
                 question, r->text);
    if (r->answered != 0 && r->answered != 1)
        fuzz_die("answered is %d for \"%.*s\"", r->answered, q, question);
    if (!(r->confidence >= 0.0 && r->confidence <= 1.0))
        fuzz_die("confidence %g for \"%.*s\"", r->confidence, q, question);
    if (r->nsources < 0 || r->nsources > BOT_SOURCES_MAX)
        fuzz_die("%d sources for \"%.*s\"", r->nsources, q, question);
    for (i = 0; i < r->nsources; i++) {
        if (r->sources[i] < 1 || (size_t)r->sources[i] > core->kb.nsentences)
            fuzz_die("source %d is no sentence of the article (\"%.*s\")",
                     r->sources[i], q, question);
    }
    if (r->fact < -1 || (r->fact >= 0 && (size_t)r->fact >= core->kb.nfacts))
        fuzz_die("fact %d is no fact (\"%.*s\")", r->fact, q, question);
    if (r->entity < -1 ||
        (r->entity >= 0 && (size_t)r->entity >= core->kb.nentities))
        fuzz_die("entity %d is no entity (\"%.*s\")", r->entity, q, question);
    if (!bot_kind_name(r->kind))
        fuzz_die("kind %d has no name (\"%.*s\")", (int)r->kind, q, question);
}

/* ---- one platform ---- */

/* Where a reminder post stands. */
enum post_state { POST_NONE = 0, POST_PENDING, POST_REFUSED, POST_DONE };

static struct {
    const struct fuzz_platform *p;
    const struct bot_adapter_ops *ops;
    struct bot_config cfg;
    struct bot bot;
    volatile sig_atomic_t stop;
    int http_mode;
    int raw_next; /* the next connection gets no handshake */
    int released; /* the adapter is gone: no callback may come */
    enum post_state posts[POSTS_MAX];
    int nposts;
    sqlite3 *db; /* keeps FUZZ_DB alive */
    char *wipe;  /* "DELETE FROM" each of its tables */
} env;

static struct bot_adapter *
adapter(void)
{
    return &env.bot.adapters[0];
}

static struct bot_ws *
current_ws(void)
{
    return env.bot.loop ? stub_ws_current(env.bot.loop) : NULL;
}

void
fuzz_platform_send(const char *text)
{
    struct bot_ws *ws = current_ws();

    if (ws)
        stub_ws_receive(ws, text, strlen(text), 0);
}

const char *
fuzz_platform_url(void)
{
    struct bot_ws *ws = current_ws();

    return ws ? stub_ws_url(ws) : "";
}

static void
route(const struct bot_http_request *req, struct bot_http_response *resp)
{
    const struct fuzz_route *r;

    for (r = env.p->routes; r && r->path; r++) {
        if (strstr(req->url, r->path)) {
            resp->status = r->status;
            resp->body = r->body;
            return;
        }
    }
    resp->status = 404;
    resp->body = "{\"message\": \"404: Not Found\", \"code\": 0}";
}

/* The fake server's REST side, as the input's "\x01h" commands set it. */
static void
respond(void *arg, const struct bot_http_request *req,
        struct bot_http_response *resp)
{
    (void)arg;
    if (verbose)
        fprintf(stderr, "fuzz: http> %s %s %.*s\n", req->method, req->url,
                (int)(req->body_len > 300 ? 300 : req->body_len),
                req->body ? req->body : "");
    switch (env.http_mode) {
    case 0:
        route(req, resp);
        break;
    case 1:
        resp->status = 429;
        resp->retry_after = 1;
        resp->rl_remaining = 0;
        resp->rl_reset_ms = 1000;
        resp->rl_global = 1;
        resp->body = "{\"message\": \"You are being rate limited.\", "
                     "\"retry_after\": 1.0, \"global\": true}";
        break;
    case 2:
        resp->status = 500;
        resp->body = "Internal Server Error";
        break;
    case 3:
        resp->status = 401;
        resp->body = "{\"message\": \"401: Unauthorized\", \"code\": 0}";
        break;
    case 4:
        resp->status = 400;
        resp->body = "{\"message\": \"Invalid Form Body\", \"code\": 50035}";
        break;
    case 5:
        resp->status = 0;
        break;
    case 6:
        resp->status = 200;
        resp->body = "{\"ok\": tru";
        break;
    case 7:
        resp->status = 200;
        resp->body = "{\"ok\": false, \"error\": \"ratelimited\"}";
        break;
    case 8:
        resp->status = 200;
        resp->body = "{\"ok\": false, \"error\": \"invalid_auth\"}";
        break;
    default:
        route(req, resp);
        resp->rl_remaining = 0;
        resp->rl_reset_ms = 1500;
        break;
    }
    resp->body_len = resp->body ? strlen(resp->body) : 0;
}

static void
on_send(void *arg, const char *buf, size_t len)
{
    (void)arg;
    if (verbose)
        fprintf(stderr, "fuzz: ws> %.*s\n", (int)(len > 300 ? 300 : len), buf);
    if (env.p->on_send)
        env.p->on_send(buf, len);
}

/* Opens a connection the adapter waits for and plays the handshake. */
static void
open_ws(struct bot_ws *ws)
{
    int raw = env.raw_next;

    env.raw_next = 0;
    stub_ws_open(ws);
    if (!raw && current_ws() == ws)
        env.p->handshake();
}

/* Lets the network and short timers run until nothing is left to do. */
static void
settle(void)
{
    int i;

    for (i = 0; i < SETTLE_ROUNDS; i++) {
        struct bot_ws *ws = current_ws();

        if (ws)
            stub_ws_drain(ws);
        if (stub_http_deliver(env.bot.http, 16) > 0)
            continue;
        if (ws && stub_ws_closing(ws)) {
            stub_ws_lost(ws, 0, "connection closed");
            continue;
        }
        if (ws && stub_ws_wants_open(ws)) {
            open_ws(ws);
            continue;
        }
        if (stub_timers_fire(env.bot.loop, SHORT_MS, env.bot.tick) == 0)
            break;
    }
}

static void
post_done(void *arg, int rc)
{
    enum post_state *st = arg;

    (void)rc;
    if (env.released)
        fuzz_die("a reminder post was reported done after the adapter's "
                 "release");
    if (*st != POST_PENDING)
        fuzz_die("a reminder post was reported done %s",
                 *st == POST_DONE ? "twice" : "though it was refused");
    *st = POST_DONE;
}

static void
post(void)
{
    struct bot_post p;
    enum post_state *st;
    char nonce[32];

    if (env.nposts == POSTS_MAX)
        return;
    st = &env.posts[env.nposts];
    snprintf(nonce, sizeof(nonce), "fuzz-%d", env.nposts++);
    memset(&p, 0, sizeof(p));
    p.channel = env.p->post_channel;
    p.text = "Reminder: Russia's Supreme Court hears the request to lift "
             "the ban on the Taliban on 17 April 2025 (in 14 days).";
    p.nonce = nonce;
    p.done = post_done;
    p.arg = st;
    *st = POST_PENDING;
    if (adapter()->ops->post(adapter(), &p) < 0) {
        if (*st == POST_DONE) /* "On failure p->done never runs" */
            fuzz_die("a reminder post was reported done though post() "
                     "failed");
        *st = POST_REFUSED;
    }
}

static void
command(const uint8_t *c, size_t n)
{
    struct bot_ws *ws = current_ws();
    int code = 0;

    if (n == 0)
        return;
    switch (c[0]) {
    case 'o':
    case 'c':
        env.raw_next = c[0] == 'o';
        if (n >= 3)
            code = (c[1] << 8) | c[2];
        if (ws) {
            char reason[124];
            size_t r = n > 3 ? n - 3 : 0;
            if (r >= sizeof(reason))
                r = sizeof(reason) - 1;
            memcpy(reason, c + 3, r);
            reason[r] = '\0';
            stub_ws_lost(ws, code, r ? reason : "connection closed");
        }
        break;
    case 't':
        adapter()->ops->on_tick(adapter(), bot_now_ms(&env.bot) +
                                               (n > 1 ? c[1] : 1) * 1000);
        break;
    case 'T':
        stub_timers_fire(env.bot.loop, -1, NULL);
        break;
    case 'h':
        env.http_mode = n > 1 ? c[1] % 10 : 0;
        break;
    case 'p':
        post();
        break;
    case 's':
        adapter()->ops->stop(adapter());
        break;
    case 'b':
        if (ws)
            stub_ws_receive(ws, (const char *)c + 1, n - 1, 1);
        break;
    default:
        break;
    }
}

static void
frame(const uint8_t *f, size_t n)
{
    struct bot_ws *ws = current_ws();

    if (verbose)
        fprintf(stderr, "fuzz: frame %s%.*s\n",
                n > 0 && f[0] == 0x01 ? "(command) " : "",
                (int)(n > 300 ? 300 : n), (const char *)f);
    if (n > 0 && f[0] == 0x01)
        command(f + 1, n - 1);
    else if (ws)
        stub_ws_receive(ws, (const char *)f, n, 0);
    settle();
    adapter()->ops->on_tick(adapter(), bot_now_ms(&env.bot));
}

/* Frees the adapter, its REST calls and the reminders, in bot_release()'s
 * order, and checks that nothing of the adapter's is left behind. */
static void
teardown(void)
{
    struct bot *bot = &env.bot;
    struct bot_adapter *ad = adapter();

    bot_http_free(bot->http);
    bot->http = NULL;
    if (bot->nadapters) {
        ad->ops->release(ad);
        free(ad->priv);
        ad->priv = NULL;
        bot->nadapters = 0;
    }
    env.released = 1;
    bot_reminders_free(bot->reminders);
    bot->reminders = NULL;
    if (env.wipe && sqlite3_exec(env.db, env.wipe, NULL, NULL, NULL) != 0)
        fuzz_die("cannot empty %s: %s", FUZZ_DB, sqlite3_errmsg(env.db));
    if (arena.in_use > ARENA_LIMIT)
        fuzz_die("SQLite holds %zu MiB after the reminders' release: a "
                 "database or a statement is leaked",
                 arena.in_use >> 20);
    bot_timer_stop(bot->tick);
    if (current_ws())
        fuzz_die("%s: a connection outlived the adapter", env.p->name);
    if (stub_timers_count(bot->loop) != 1) /* only the bot's tick */
        fuzz_die("%s: %zu timers outlived the adapter", env.p->name,
                 stub_timers_count(bot->loop) - 1);
}

/* Makes the adapter and the reminders afresh, as bot_init() does. */
static void
setup(void)
{
    struct bot *bot = &env.bot;
    struct bot_adapter *ad = adapter();

    memset(ad, 0, sizeof(*ad));
    ad->ops = env.ops;
    ad->bot = bot;
    ad->cfg = &env.cfg; /* what the adapter reads its keys from */
    ad->priv = calloc(1, env.ops->priv_size ? env.ops->priv_size : 1);
    if (!ad->priv)
        fuzz_die("out of memory");
    bot->nadapters = 1;
    if (env.ops->init(ad, &env.cfg) < 0)
        fuzz_die("%s: the adapter does not start", env.p->name);
    {
        struct bot_reminders_env renv = {
            bot->cfg,        &bot->core, &bot->clock, bot->adapters,
            &bot->nadapters, NULL,       "fuzz"};
        if (bot_reminders_new(&renv, &bot->reminders) < 0)
            fuzz_die("reminders do not start");
    }
    fuzz_fresh_conversations(&bot->core);
    bot->done = 0;
    bot->exit_code = 0;
    bot->stop_deadline = 0;
    env.stop = 0;
    env.http_mode = 0;
    env.raw_next = 0;
    env.released = 0;
    env.nposts = 0;
    memset(env.posts, 0, sizeof(env.posts));
}

/* The statement that empties every table the reminders made. */
static char *
wipe_sql(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    char *sql = sqlite3_mprintf("%s", ""), *more;

    if (sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_master WHERE type = "
                           "'table' AND name NOT LIKE 'sqlite_%'",
                           -1, &st, NULL) != SQLITE_OK)
        fuzz_die("cannot read %s: %s", FUZZ_DB, sqlite3_errmsg(db));
    while (sql && sqlite3_step(st) == SQLITE_ROW) {
        more = sqlite3_mprintf("%sDELETE FROM \"%w\";", sql,
                               (const char *)sqlite3_column_text(st, 0));
        sqlite3_free(sql);
        sql = more;
    }
    sqlite3_finalize(st);
    if (!sql)
        fuzz_die("out of memory");
    return sql;
}

void
fuzz_platform_init(const struct fuzz_platform *p)
{
    const char *const *kv;

    fuzz_setup();
    env.p = p;
    env.ops = bot_adapter_find(p->name);
    if (!env.ops)
        fuzz_die("no platform %s", p->name);
    setenv("NEWSBOT_PLATFORMS", p->name, 1);
    setenv("NEWSBOT_NOW", FUZZ_NOW_TEXT, 1);
    setenv("NEWSBOT_RATE_USER", "0", 1);
    setenv("NEWSBOT_RATE_CHANNEL", "0", 1);
    setenv("NEWSBOT_DB", FUZZ_DB, 1);
    if (sqlite3_open_v2(FUZZ_DB, &env.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_URI,
                        NULL) != SQLITE_OK)
        fuzz_die("cannot open %s", FUZZ_DB);
    for (kv = p->env; kv && kv[0]; kv += 2)
        setenv(kv[0], kv[1], 1);
    if (bot_config_load(&env.cfg, NULL) < 0)
        fuzz_die("%s: the configuration does not load", p->name);
    if (bot_init(&env.bot, &env.cfg, fuzz_knowledge_dir(), &env.stop) < 0)
        fuzz_die("%s: the bot does not start", p->name);
    if (env.bot.nadapters != 1)
        fuzz_die("%s: %d adapters", p->name, env.bot.nadapters);
    stub_http_set_responder(env.bot.loop, respond, NULL);
    stub_ws_on_send(env.bot.loop, on_send, NULL);
    env.wipe = wipe_sql(env.db); /* bot_init() made the tables */
    teardown();                  /* each input makes its own adapter */
}

void
fuzz_platform_run(const uint8_t *data, size_t size)
{
    struct bot_adapter *ad;
    size_t start = 0, i;

    setup();
    ad = adapter();
    if (ad->ops->start(ad) == 0) { /* as bot_run() */
        bot_timer_start(env.bot.tick, 100);
        settle();
        for (i = 0; i <= size; i++) {
            if (i == size || data[i] == (uint8_t)env.p->separator) {
                if (i > start || i < size)
                    frame(data + start, i - start);
                start = i + 1;
            }
        }
        /* Goodbye, as bot.c's tick() says it; a server closes the
         * connection once the bot is done talking. */
        for (i = 0; i < GOODBYE_TRIES && !ad->ops->stop(ad); i++) {
            struct bot_ws *ws = current_ws();
            settle();
            if (i > 0 && ws && ws == current_ws())
                stub_ws_lost(ws, 1000, "goodbye");
        }
    }
    teardown();
}
