/* The line link over plain TCP (bot/net/link.c, tcp.c) against a server
 * played by the test on 127.0.0.1 (non-blocking sockets, same thread):
 * lines reassembled across reads, several per read, CR LF or LF, empty
 * ones skipped; a line over the cap dropped and the next one kept; lines
 * sent with CR LF, urgent ones first; the server closing and the link
 * reconnecting; the URL forms it takes and refuses. */
#include "bot/net/link.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bot/base/log.h"
#include "test.h"

#define LINE_MAX_TEST 64

struct rec {
    struct bot_loop *loop;
    struct bot_link *link;
    struct bot_timer *wake;
    int opens, closes;
    int nlines;
    char lines[16][LINE_MAX_TEST + 8];
};

struct server {
    int listen_fd, fd, port;
    char got[4096];
    size_t got_len;
};

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
on_open(void *arg)
{
    struct rec *r = arg;

    r->opens++;
}

static void
on_line(void *arg, const char *line, size_t len)
{
    struct rec *r = arg;

    if (r->nlines < 16)
        snprintf(r->lines[r->nlines++], sizeof(r->lines[0]), "%.*s", (int)len,
                 line);
}

static int
on_close(void *arg, int code, const char *reason)
{
    struct rec *r = arg;

    (void)code;
    (void)reason;
    r->closes++;
    return 0;
}

static const struct bot_link_handler handler = {on_open, on_line, on_close};

static void
wake_cb(void *arg)
{
    struct rec *r = arg;

    bot_timer_start(r->wake, 20);
}

static void
server_start(struct server *s)
{
    struct sockaddr_in a;
    socklen_t n = sizeof(a);

    memset(s, 0, sizeof(*s));
    s->fd = -1;
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT(s->listen_fd >= 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(0, bind(s->listen_fd, (struct sockaddr *)&a, sizeof(a)));
    ASSERT_EQ(0, listen(s->listen_fd, 4));
    ASSERT_EQ(0, getsockname(s->listen_fd, (struct sockaddr *)&a, &n));
    s->port = ntohs(a.sin_port);
    ASSERT_EQ(0, fcntl(s->listen_fd, F_SETFL, O_NONBLOCK));
}

/* Accepts, and reads what has come; called between loop turns. */
static void
server_poll(struct server *s)
{
    ssize_t n;

    if (s->fd < 0) {
        s->fd = accept(s->listen_fd, NULL, NULL);
        if (s->fd >= 0)
            ASSERT_EQ(0, fcntl(s->fd, F_SETFL, O_NONBLOCK));
    }
    while (s->fd >= 0 && s->got_len < sizeof(s->got) - 1 &&
           (n = read(s->fd, s->got + s->got_len,
                     sizeof(s->got) - 1 - s->got_len)) > 0)
        s->got_len += (size_t)n;
    s->got[s->got_len] = '\0';
}

static void
server_send(struct server *s, const char *bytes)
{
    ASSERT_EQ((ssize_t)strlen(bytes), write(s->fd, bytes, strlen(bytes)));
}

static void
server_stop(struct server *s)
{
    if (s->fd >= 0)
        close(s->fd);
    close(s->listen_fd);
}

#define RUN_UNTIL(r, s, cond, ms)                                              \
    do {                                                                       \
        int64_t dl_ = now_ms() + (ms);                                         \
        while (!(cond) && now_ms() < dl_) {                                    \
            bot_loop_run_once((r)->loop);                                      \
            server_poll(s);                                                    \
        }                                                                      \
    } while (0)

/* Connects to the server as irc://127.0.0.1:PORT followed by @tail. */
static void
setup(struct rec *r, struct server *s, const char *tail)
{
    char url[64];
    struct bot_link_opts o = {url, NULL, NULL, NULL, NULL, LINE_MAX_TEST};

    memset(r, 0, sizeof(*r));
    server_start(s);
    snprintf(url, sizeof(url), "irc://127.0.0.1:%d%s", s->port, tail);
    r->loop = bot_loop_new(NULL);
    ASSERT(r->loop != NULL);
    r->wake = bot_timer_new(r->loop, wake_cb, r);
    bot_timer_start(r->wake, 20);
    r->link = bot_link_new(r->loop, &o, &handler, r);
    ASSERT(r->link != NULL);
    ASSERT_EQ(0, bot_link_is_tls(r->link));
    ASSERT_EQ(0, bot_link_connect(r->link));
    RUN_UNTIL(r, s, r->opens == 1 && s->fd >= 0, 5000);
    ASSERT_EQ(1, r->opens);
    ASSERT(s->fd >= 0);
}

static void
teardown(struct rec *r, struct server *s)
{
    bot_link_free(r->link);
    bot_timer_free(r->wake);
    bot_loop_free(r->loop);
    server_stop(s);
}

static void
test_link_lines_across_reads(void)
{
    struct rec r;
    struct server s;

    setup(&r, &s, "");
    server_send(&s, "PING :a\r\n:x PRIV");
    RUN_UNTIL(&r, &s, r.nlines == 1, 2000);
    ASSERT_EQ(1, r.nlines);
    server_send(&s, "MSG #c :hi\r\n\r\n\nNOTICE x :lf only\n:y 001 z");
    RUN_UNTIL(&r, &s, r.nlines == 3, 2000);
    ASSERT_EQ(3, r.nlines);
    server_send(&s, " :welcome\r\n");
    RUN_UNTIL(&r, &s, r.nlines == 4, 2000);
    ASSERT_EQ(4, r.nlines);
    ASSERT_STR_EQ("PING :a", r.lines[0]);
    ASSERT_STR_EQ(":x PRIVMSG #c :hi", r.lines[1]);
    ASSERT_STR_EQ("NOTICE x :lf only", r.lines[2]);
    ASSERT_STR_EQ(":y 001 z :welcome", r.lines[3]);
    teardown(&r, &s);
}

/* The cap is LINE_MAX_TEST bytes without CR LF: a line of exactly that
 * passes (with CR LF, or LF alone); one byte more is dropped, across reads
 * too, and the next line is kept. */
static void
test_link_line_cap(void)
{
    char at_cap[LINE_MAX_TEST + 1], over[LINE_MAX_TEST + 2], buf[512];
    struct rec r;
    struct server s;
    char *logs = NULL;
    size_t loglen = 0;
    FILE *fp = open_memstream(&logs, &loglen);

    ASSERT(fp != NULL);
    bot_log_set_stream(fp);
    memset(at_cap, 'a', LINE_MAX_TEST);
    at_cap[LINE_MAX_TEST] = '\0';
    memset(over, 'b', LINE_MAX_TEST + 1);
    over[LINE_MAX_TEST + 1] = '\0';
    setup(&r, &s, "/");
    snprintf(buf, sizeof(buf), "%s\r\n%s\n%.20s", at_cap, at_cap, over);
    server_send(&s, buf);
    RUN_UNTIL(&r, &s, r.nlines == 2, 2000);
    snprintf(buf, sizeof(buf), "%s\r\nPING :after\r\n%s\r\n", over + 20, over);
    server_send(&s, buf);
    RUN_UNTIL(&r, &s, r.nlines == 3, 2000);
    RUN_UNTIL(&r, &s, 0, 200);
    ASSERT_EQ(3, r.nlines);
    ASSERT_STR_EQ(at_cap, r.lines[0]);
    ASSERT_STR_EQ(at_cap, r.lines[1]);
    ASSERT_STR_EQ("PING :after", r.lines[2]);
    ASSERT_EQ(0, r.closes); /* the connection is kept */
    teardown(&r, &s);
    bot_log_set_stream(NULL);
    ASSERT_EQ(0, fclose(fp));
    ASSERT_CONTAINS(logs, "dropped a line over 64 bytes");
    free(logs);
}

/* Lines go out with CR LF; urgent ones ahead of those queued before. */
static void
test_link_send(void)
{
    struct rec r;
    struct server s;

    setup(&r, &s, "");
    ASSERT_EQ(0, bot_link_send(r.link, "PRIVMSG #a :one", 15, 0));
    ASSERT_EQ(0, bot_link_send(r.link, "PRIVMSG #a :two", 15, 0));
    ASSERT_EQ(0, bot_link_send(r.link, "PONG :x", 7, 1));
    ASSERT_EQ(BOT_EINVAL, bot_link_send(r.link, "A\r\nB", 4, 0));
    RUN_UNTIL(&r, &s, strstr(s.got, "two\r\n") != NULL, 2000);
    ASSERT_STR_EQ("PONG :x\r\nPRIVMSG #a :one\r\nPRIVMSG #a :two\r\n", s.got);
    ASSERT_EQ(0, bot_link_queued(r.link));
    teardown(&r, &s);
}

/* The server closes: on_close, then a new connection after the backoff;
 * bot_link_close() flushes the queue before it closes. */
static void
test_link_reconnects(void)
{
    struct rec r;
    struct server s;

    setup(&r, &s, "");
    close(s.fd);
    s.fd = -1;
    RUN_UNTIL(&r, &s, r.closes == 1, 2000);
    ASSERT_EQ(1, r.closes);
    ASSERT_EQ(0, bot_link_is_open(r.link));
    RUN_UNTIL(&r, &s, r.opens == 2 && s.fd >= 0, 5000);
    ASSERT_EQ(2, r.opens);
    ASSERT_EQ(0, bot_link_send(r.link, "QUIT :bye", 9, 0));
    bot_link_close(r.link, "done");
    RUN_UNTIL(&r, &s, r.closes == 2, 2000);
    ASSERT_EQ(2, r.closes);
    ASSERT_STR_EQ("QUIT :bye\r\n", s.got);
    teardown(&r, &s);
}

static void
test_link_urls(void)
{
    static const char *const bad[] = {
        "irc://",        "irc://:6667",   "irc://h:0",
        "irc://h:65536", "irc://h/#chan", "ircs://h:66x",
        "irc://[::1",    "ircx://h",      "irc://h:6667/x",
    };
    static const char *const good[] = {"irc://h", "ircs://h:6697",
                                       "ircs://[::1]:7000", "irc://h/",
                                       "IRCS://H"};
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_link_opts o = {NULL, NULL, NULL, NULL, NULL, 512};
    struct bot_link *l;
    size_t i;
    FILE *quiet = fopen("/dev/null", "w");

    ASSERT(loop != NULL && quiet != NULL);
    bot_log_set_stream(quiet); /* the refusals are expected */
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        o.url = bad[i];
        l = bot_link_new(loop, &o, &handler, NULL);
        if (l)
            TEST_FAIL("\"%s\" was taken", bad[i]);
    }
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        o.url = good[i];
        l = bot_link_new(loop, &o, &handler, NULL);
        if (!l)
            TEST_FAIL("\"%s\" was refused", good[i]);
        ASSERT_EQ(strncasecmp(good[i], "ircs", 4) == 0, bot_link_is_tls(l));
        bot_link_free(l);
    }
    o.url = "irc://h";
    o.cert = "/nonexistent.pem"; /* a certificate needs ircs:// */
    ASSERT(bot_link_new(loop, &o, &handler, NULL) == NULL);
    o.url = "ircs://h";
    ASSERT(bot_link_new(loop, &o, &handler, NULL) == NULL); /* no such file */
    bot_log_set_stream(NULL);
    fclose(quiet);
    bot_loop_free(loop);
}

static const struct test_case cases[] = {
    {"link_lines_across_reads", test_link_lines_across_reads},
    {"link_line_cap", test_link_line_cap},
    {"link_send", test_link_send},
    {"link_reconnects", test_link_reconnects},
    {"link_urls", test_link_urls},
};
TEST_MAIN(cases)
