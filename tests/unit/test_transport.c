/* The real transport (bot/ws.c) against a local fake WebSocket server that
 * talks like Twitch and like broken IRC servers do. */
#include "bot/net/ws.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fake/fake_ws.h"
#include "test.h"

#define KEEP      32         /* messages the handler copies */
#define KEEP_MAX  4096       /* ... when at most this long */
#define HUGE_SIZE (2u << 20) /* 2 MiB: twice the cap */

struct rec {
    struct bot_ws *ws;
    int opens, closes;
    int drained; /* on_drained calls */
    size_t queued_when_drained;
    int code; /* the last on_close code and reason */
    char reason[128];
    int stop;    /* what on_close returns */
    int send_rc; /* bot_ws_send() tried from on_close */
    int nmsgs;
    size_t biggest;
    char *msgs[KEEP];
};

struct env {
    struct fake_ws *fake;
    struct bot_loop *loop;
    struct bot_timer *tick;
    struct rec rec;
};

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the loop until @cond holds or @ms milliseconds have passed; the
 * tick timer makes every bot_loop_run_once() return within 50 ms. */
#define WAIT_UNTIL(e, cond, ms)                                                \
    do {                                                                       \
        int64_t dl_ = now_ms() + (ms);                                         \
        while (!(cond) && now_ms() < dl_)                                      \
            bot_loop_run_once((e)->loop);                                      \
    } while (0)

/* Runs the loop for @ms milliseconds, to see that nothing more happens. */
static void
settle(struct env *e, int64_t ms)
{
    WAIT_UNTIL(e, 0, ms);
}

static void
on_tick(void *arg)
{
    struct env *e = arg;

    bot_timer_start(e->tick, 50);
}

static void
on_open(void *arg)
{
    struct rec *r = arg;

    r->opens++;
}

static void
on_message(void *arg, const char *buf, size_t len, int binary)
{
    struct rec *r = arg;

    (void)binary;
    if (len > r->biggest)
        r->biggest = len;
    if (r->nmsgs < KEEP && len <= KEEP_MAX) {
        r->msgs[r->nmsgs] = malloc(len + 1);
        ASSERT(r->msgs[r->nmsgs] != NULL);
        memcpy(r->msgs[r->nmsgs], buf, len);
        r->msgs[r->nmsgs][len] = '\0';
    }
    r->nmsgs++;
}

static int
on_close(void *arg, int code, const char *reason)
{
    struct rec *r = arg;

    r->closes++;
    r->code = code;
    snprintf(r->reason, sizeof(r->reason), "%s", reason ? reason : "");
    r->send_rc = bot_ws_send(r->ws, "PING :x", 7, 1);
    return r->stop;
}

static void
on_drained(void *arg)
{
    struct rec *r = arg;

    r->drained++;
    r->queued_when_drained += bot_ws_queued(r->ws);
}

static const struct bot_ws_handler handler = {on_open, on_message, on_close,
                                              on_drained};

/* Starts the fake and a loop, and creates (not connects) the client. */
static void
env_start(struct env *e, const char *protocols)
{
    struct bot_ws_opts o = {NULL, protocols, NULL, 0};
    char url[64];

    memset(e, 0, sizeof(*e));
    e->rec.send_rc = 1;
    e->fake = fake_ws_start();
    ASSERT(e->fake != NULL);
    e->loop = bot_loop_new(NULL);
    ASSERT(e->loop != NULL);
    e->tick = bot_timer_new(e->loop, on_tick, e);
    ASSERT(e->tick != NULL);
    bot_timer_start(e->tick, 50);
    snprintf(url, sizeof(url), "ws://127.0.0.1:%d/", fake_ws_port(e->fake));
    o.url = url;
    e->rec.ws = bot_ws_new(e->loop, &o, &handler, &e->rec);
    ASSERT(e->rec.ws != NULL);
}

static void
env_connect(struct env *e)
{
    ASSERT_EQ(0, bot_ws_connect(e->rec.ws));
}

static void
env_open(struct env *e)
{
    env_connect(e);
    /* The server counts the connection just after the client sees the
     * upgrade: wait for both. */
    WAIT_UNTIL(e, e->rec.opens >= 1 && fake_ws_connections(e->fake) >= 1, 5000);
    ASSERT_EQ(1, e->rec.opens);
    ASSERT_EQ(1, fake_ws_connections(e->fake));
    ASSERT(bot_ws_is_open(e->rec.ws));
}

static void
env_stop(struct env *e)
{
    int i;

    bot_ws_free(e->rec.ws);
    bot_timer_free(e->tick); /* before the loop: it is on its timer list */
    bot_loop_free(e->loop);
    fake_ws_stop(e->fake);
    for (i = 0; i < KEEP; i++)
        free(e->rec.msgs[i]);
}

static void
test_transport_fragmented_message_arrives_whole(void)
{
    /* Twitch packs several CRLF lines into one message; the fragment
     * boundaries fall inside lines, the transport must not care. */
    static const char text[] =
        ":tmi.twitch.tv 001 newsbot :Welcome, GLHF!\r\n"
        ":tmi.twitch.tv 002 newsbot :Your host is tmi.twitch.tv\r\n"
        ":tmi.twitch.tv 376 newsbot :>\r\n";
    struct env e;

    env_start(&e, NULL);
    fake_ws_send(e.fake, text, 3);
    env_connect(&e);
    WAIT_UNTIL(&e, e.rec.nmsgs >= 1, 5000);
    settle(&e, 200);
    ASSERT_EQ(1, e.rec.nmsgs);
    ASSERT_STR_EQ(text, e.rec.msgs[0]);
    ASSERT_EQ(0, fake_ws_pending(e.fake));
    ASSERT_EQ(1, e.rec.opens);
    ASSERT_EQ(0, e.rec.closes);
    env_stop(&e);
}

static void
test_transport_huge_message_dropped_connection_kept(void)
{
    struct env e;

    env_start(&e, NULL);
    fake_ws_send_huge(e.fake, HUGE_SIZE);
    fake_ws_send(e.fake, "PING :after-huge", 1);
    env_connect(&e);
    WAIT_UNTIL(&e, e.rec.nmsgs >= 1 || e.rec.closes > 0, 10000);
    settle(&e, 200);
    ASSERT_EQ(0, e.rec.closes);
    ASSERT_EQ(1, e.rec.nmsgs);
    ASSERT(e.rec.biggest <= BOT_WS_RX_CAP);
    ASSERT_STR_EQ("PING :after-huge", e.rec.msgs[0]);
    ASSERT_EQ(1, e.rec.opens);
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    ASSERT(bot_ws_is_open(e.rec.ws));
    env_stop(&e);
}

static void
test_transport_message_at_cap_is_delivered(void)
{
    struct env e;

    env_start(&e, NULL);
    fake_ws_send_huge(e.fake, BOT_WS_RX_CAP);
    fake_ws_send(e.fake, "PING :after", 1);
    env_connect(&e);
    WAIT_UNTIL(&e, e.rec.nmsgs >= 2 || e.rec.closes > 0, 10000);
    ASSERT_EQ(0, e.rec.closes);
    ASSERT_EQ(2, e.rec.nmsgs);
    ASSERT_EQ(BOT_WS_RX_CAP, e.rec.biggest);
    ASSERT_STR_EQ("PING :after", e.rec.msgs[1]);
    env_stop(&e);
}

static void
test_transport_sends_in_order_urgent_first(void)
{
    struct env e;
    int n1, n2, n3, u;

    env_start(&e, NULL);
    env_open(&e);
    /* All queued before the loop runs again. */
    ASSERT_EQ(0, bot_ws_send(e.rec.ws, "PRIVMSG #c :one", 15, 0));
    ASSERT_EQ(0, bot_ws_send(e.rec.ws, "PRIVMSG #c :two", 15, 0));
    ASSERT_EQ(0, bot_ws_send(e.rec.ws, "PRIVMSG #c :three", 17, 0));
    ASSERT_EQ(0, bot_ws_send(e.rec.ws, "PONG :tmi.twitch.tv", 19, 1));
    ASSERT_EQ(4, bot_ws_queued(e.rec.ws));
    ASSERT_EQ(0, e.rec.drained);
    WAIT_UNTIL(&e, fake_ws_received_count(e.fake) >= 4, 5000);
    ASSERT_EQ(4, fake_ws_received_count(e.fake));
    ASSERT_EQ(0, bot_ws_queued(e.rec.ws));
    /* Told once the queue is empty, and only then. */
    ASSERT_EQ(1, e.rec.drained);
    ASSERT_EQ(0, e.rec.queued_when_drained);
    n1 = fake_ws_received_find(e.fake, "PRIVMSG #c :one");
    n2 = fake_ws_received_find(e.fake, "PRIVMSG #c :two");
    n3 = fake_ws_received_find(e.fake, "PRIVMSG #c :three");
    u = fake_ws_received_find(e.fake, "PONG :tmi.twitch.tv");
    ASSERT(n1 >= 0 && n2 >= 0 && n3 >= 0 && u >= 0);
    ASSERT(n1 < n2);
    ASSERT(n2 < n3);
    ASSERT(u <= 1); /* first or second ... */
    ASSERT(u < n3); /* ... and before the last normal one */
    env_stop(&e);
}

static void
test_transport_peer_close_code_then_reconnect(void)
{
    struct env e;
    int64_t closed_at;

    env_start(&e, NULL);
    fake_ws_close(e.fake, 4000, "bye");
    env_connect(&e);
    WAIT_UNTIL(&e, e.rec.closes >= 1, 5000);
    closed_at = now_ms();
    ASSERT_EQ(1, e.rec.opens);
    ASSERT_EQ(1, e.rec.closes);
    ASSERT_EQ(4000, e.rec.code);
    ASSERT_STR_EQ("bye", e.rec.reason);
    ASSERT_EQ(BOT_ENET, e.rec.send_rc); /* not connected inside on_close */
    ASSERT(!bot_ws_is_open(e.rec.ws));
    WAIT_UNTIL(&e, e.rec.opens >= 2, 3000);
    ASSERT_EQ(2, e.rec.opens);
    ASSERT(now_ms() - closed_at >= 300); /* the backoff, not at once */
    /* The server may count it just after the client saw the upgrade. */
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2, 1000);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    ASSERT(bot_ws_is_open(e.rec.ws));
    ASSERT_EQ(1, e.rec.closes);
    env_stop(&e);
}

static void
test_transport_abrupt_drop_then_reconnect(void)
{
    struct env e;

    env_start(&e, NULL);
    env_open(&e);
    fake_ws_drop(e.fake);
    WAIT_UNTIL(&e, e.rec.closes >= 1, 5000);
    ASSERT_EQ(1, e.rec.closes);
    ASSERT_EQ(0, e.rec.code); /* no close frame came */
    ASSERT(strcmp(e.rec.reason, "bye") != 0);
    ASSERT_EQ(BOT_ENET, e.rec.send_rc);
    WAIT_UNTIL(&e, e.rec.opens >= 2, 3000);
    ASSERT_EQ(2, e.rec.opens);
    /* The server may count it just after the client saw the upgrade. */
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2, 1000);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    /* The new connection works both ways. */
    ASSERT_EQ(0, bot_ws_send(e.rec.ws, "PING :again", 11, 0));
    fake_ws_send(e.fake, "PONG :again", 1);
    WAIT_UNTIL(&e,
               e.rec.nmsgs >= 1 &&
                   fake_ws_received_find(e.fake, "PING :again") >= 0,
               5000);
    ASSERT_EQ(1, e.rec.nmsgs);
    ASSERT_STR_EQ("PONG :again", e.rec.msgs[0]);
    ASSERT(fake_ws_received_find(e.fake, "PING :again") >= 0);
    env_stop(&e);
}

static void
test_transport_close_returning_stop_does_not_reconnect(void)
{
    struct env e;

    env_start(&e, NULL);
    e.rec.stop = 1;
    fake_ws_close(e.fake, 4001, "gone");
    env_connect(&e);
    WAIT_UNTIL(&e, e.rec.closes >= 1, 5000);
    ASSERT_EQ(4001, e.rec.code);
    ASSERT_STR_EQ("gone", e.rec.reason);
    settle(&e, 1500); /* three times the first backoff */
    ASSERT_EQ(1, e.rec.opens);
    ASSERT_EQ(1, e.rec.closes);
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    env_stop(&e);
}

static void
test_transport_client_close_flushes_queue(void)
{
    struct env e;
    char reason[64];

    env_start(&e, NULL);
    e.rec.stop = 1;
    env_open(&e);
    ASSERT_EQ(0, bot_ws_send(e.rec.ws, "QUIT :bye", 9, 0));
    bot_ws_close(e.rec.ws, 4002, "quitting");
    WAIT_UNTIL(&e, e.rec.closes >= 1 && fake_ws_closed(e.fake) >= 1, 5000);
    ASSERT_EQ(1, e.rec.closes);
    ASSERT_EQ(1, fake_ws_closed(e.fake));
    ASSERT_EQ(0, fake_ws_received_find(e.fake, "QUIT :bye"));
    ASSERT_EQ(1, fake_ws_received_count(e.fake));
    ASSERT_EQ(4002, fake_ws_client_close(e.fake, reason, sizeof(reason)));
    env_stop(&e);
}

/* bot_ws_close() takes a reason ("ping timeout", "registration timeout"
 * from the IRC adapter): it belongs in the close frame. */
static void
test_transport_client_close_sends_reason(void)
{
    struct env e;
    char reason[64];

    env_start(&e, NULL);
    e.rec.stop = 1;
    env_open(&e);
    bot_ws_close(e.rec.ws, 4002, "ping timeout");
    WAIT_UNTIL(&e, e.rec.closes >= 1 && fake_ws_closed(e.fake) >= 1, 5000);
    ASSERT_EQ(4002, fake_ws_client_close(e.fake, reason, sizeof(reason)));
    ASSERT_STR_EQ("ping timeout", reason);
    env_stop(&e);
}

static void
test_transport_send_when_not_connected(void)
{
    struct env e;

    env_start(&e, NULL);
    ASSERT_EQ(BOT_ENET, bot_ws_send(e.rec.ws, "NICK newsbot", 12, 0));
    env_connect(&e); /* connecting, not yet open */
    ASSERT_EQ(BOT_ENET, bot_ws_send(e.rec.ws, "NICK newsbot", 12, 1));
    WAIT_UNTIL(&e, e.rec.opens >= 1, 5000);
    ASSERT_EQ(0, bot_ws_send(e.rec.ws, "NICK newsbot", 12, 0));
    WAIT_UNTIL(&e, fake_ws_received_count(e.fake) >= 1, 5000);
    ASSERT_EQ(1, fake_ws_received_count(e.fake));
    env_stop(&e);
}

static void
check_subprotocol(const char *offer, const char *want)
{
    struct env e;
    char got[32];

    env_start(&e, offer);
    env_open(&e);
    fake_ws_protocol(e.fake, got, sizeof(got));
    ASSERT_STR_EQ(want, got);
    fake_ws_send(e.fake, "PING :irc.example", 1);
    WAIT_UNTIL(&e, e.rec.nmsgs >= 1, 5000);
    ASSERT_STR_EQ("PING :irc.example", e.rec.msgs[0]);
    env_stop(&e);
}

static void
test_transport_subprotocols(void)
{
    check_subprotocol("text.ircv3.net,text.inspircd.org", "text.ircv3.net");
    check_subprotocol("text.inspircd.org", "text.inspircd.org");
    check_subprotocol("text.inspircd.org,text.ircv3.net", "text.inspircd.org");
    check_subprotocol(NULL, "text.ircv3.net"); /* Twitch: none offered */
}

/* A TCP listener on a free loopback port that accepts and never says a
 * word: what a hung server or a black-holing proxy looks like. */
struct silent {
    int fd, port;
    int conns[8];
    int nconns;
};

static void
silent_start(struct silent *s)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);

    memset(s, 0, sizeof(*s));
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT(s->fd >= 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(0, bind(s->fd, (struct sockaddr *)&a, sizeof(a)));
    ASSERT_EQ(0, listen(s->fd, 8));
    ASSERT_EQ(0, getsockname(s->fd, (struct sockaddr *)&a, &len));
    s->port = ntohs(a.sin_port);
}

/* Accepts what is waiting; keeps the sockets open and unanswered. */
static void
silent_accept(struct silent *s)
{
    struct pollfd p = {s->fd, POLLIN, 0};

    while (s->nconns < 8 && poll(&p, 1, 0) == 1) {
        int c = accept(s->fd, NULL, NULL);
        ASSERT(c >= 0);
        s->conns[s->nconns++] = c;
    }
}

static void
silent_stop(struct silent *s)
{
    int i;

    for (i = 0; i < s->nconns; i++)
        close(s->conns[i]);
    close(s->fd);
}

static void
test_transport_silent_server_times_out_and_retries(void)
{
    /* The server accepts TCP and never answers the upgrade: the attempt
     * is given up at the deadline and retried with the backoff, again
     * and again, instead of waiting for ever. */
    struct silent s;
    struct bot_loop *loop;
    struct bot_timer *tick;
    struct env e;
    struct bot_ws_opts o = {NULL, NULL, NULL, 300};
    char url[64];
    int64_t t0, dl;

    memset(&e, 0, sizeof(e));
    silent_start(&s);
    loop = e.loop = bot_loop_new(NULL);
    ASSERT(loop != NULL);
    tick = e.tick = bot_timer_new(loop, on_tick, &e);
    bot_timer_start(tick, 50);
    snprintf(url, sizeof(url), "ws://127.0.0.1:%d/", s.port);
    o.url = url;
    e.rec.ws = bot_ws_new(loop, &o, &handler, &e.rec);
    ASSERT(e.rec.ws != NULL);
    t0 = now_ms();
    ASSERT_EQ(0, bot_ws_connect(e.rec.ws));
    /* 300 ms deadline, then 0.4-0.6 s and 0.8-1.2 s of backoff: the
     * third attempt starts within about 2.5 s. */
    dl = t0 + 6000;
    while ((s.nconns < 3 || e.rec.closes < 2) && now_ms() < dl) {
        bot_loop_run_once(loop);
        silent_accept(&s);
    }
    ASSERT(s.nconns >= 3);
    ASSERT(e.rec.closes >= 2);
    ASSERT(now_ms() - t0 >= 600); /* each attempt got its 300 ms */
    ASSERT_EQ(0, e.rec.opens);
    ASSERT(!bot_ws_is_open(e.rec.ws));
    ASSERT(strstr(e.rec.reason, "no answer") != NULL);
    bot_ws_free(e.rec.ws);
    bot_timer_free(tick);
    bot_loop_free(loop);
    silent_stop(&s);
}

static const struct test_case cases[] = {
    {"transport_silent_server_times_out_and_retries",
     test_transport_silent_server_times_out_and_retries},
    {"transport_fragmented_message_arrives_whole",
     test_transport_fragmented_message_arrives_whole},
    {"transport_huge_message_dropped_connection_kept",
     test_transport_huge_message_dropped_connection_kept},
    {"transport_message_at_cap_is_delivered",
     test_transport_message_at_cap_is_delivered},
    {"transport_sends_in_order_urgent_first",
     test_transport_sends_in_order_urgent_first},
    {"transport_peer_close_code_then_reconnect",
     test_transport_peer_close_code_then_reconnect},
    {"transport_abrupt_drop_then_reconnect",
     test_transport_abrupt_drop_then_reconnect},
    {"transport_close_returning_stop_does_not_reconnect",
     test_transport_close_returning_stop_does_not_reconnect},
    {"transport_client_close_flushes_queue",
     test_transport_client_close_flushes_queue},
    {"transport_send_when_not_connected",
     test_transport_send_when_not_connected},
    {"transport_subprotocols", test_transport_subprotocols},
    {"transport_client_close_sends_reason",
     test_transport_client_close_sends_reason},
};
TEST_MAIN(cases)
