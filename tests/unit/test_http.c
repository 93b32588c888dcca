/* The REST client against a tiny HTTP server of the test's own, on a free
 * loopback port, in a thread. */
#include "bot/net/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

struct server {
    int fd, port, quit;
    pthread_t thread;
};

/* Answers one request according to its path. */
static void
serve_one(int c)
{
    char req[4096], head[512];
    ssize_t n = recv(c, req, sizeof(req) - 1, 0);
    const char *status = "200 OK", *extra = "", *body = "hello";
    size_t blen;

    if (n <= 0)
        return;
    req[n] = '\0';
    if (strstr(req, "GET /slow ")) {
        struct timespec ts = {1, 500000000L};
        nanosleep(&ts, NULL);
        return;
    }
    if (strstr(req, "/429 ")) {
        status = "429 Too Many Requests";
        extra = "Retry-After: 2\r\n";
        body = "{\"ok\":false}";
    } else if (strstr(req, "/500 ")) {
        status = "500 Internal Server Error";
        body = "{\"id\":\"app.error\"}";
    } else if (strstr(req, "/503-zero ")) {
        status = "503 Service Unavailable";
        extra = "Retry-After: 0\r\n";
        body = "busy";
    } else if (strstr(req, "/401 ")) {
        status = "401 Unauthorized";
        body = "no";
    } else if (strstr(req, "POST /echo ")) {
        body = strstr(req, "\r\n\r\n") ? strstr(req, "\r\n\r\n") + 4 : "";
    } else if (strstr(req, " /method ")) { /* "PATCH:" and the body */
        static char said[256];
        const char *b = strstr(req, "\r\n\r\n");
        snprintf(said, sizeof(said), "%.*s:%s", (int)strcspn(req, " "), req,
                 b ? b + 4 : "");
        body = said;
    }
    if (strstr(req, "/big ")) {
        size_t big = BOT_HTTP_BODY_MAX + 4096;
        char *b = malloc(big);
        memset(b, 'x', big);
        snprintf(head, sizeof(head),
                 "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: "
                 "close\r\n\r\n",
                 big);
        send(c, head, strlen(head), MSG_NOSIGNAL);
        send(c, b, big, MSG_NOSIGNAL);
        free(b);
        return;
    }
    blen = strlen(body);
    snprintf(head, sizeof(head),
             "HTTP/1.1 %s\r\n%sContent-Length: %zu\r\nConnection: "
             "close\r\n\r\n",
             status, extra, blen);
    send(c, head, strlen(head), MSG_NOSIGNAL);
    send(c, body, blen, MSG_NOSIGNAL);
}

static void *
serve(void *arg)
{
    struct server *s = arg;

    while (!s->quit) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            continue;
        serve_one(c);
        close(c);
    }
    return NULL;
}

static void
server_start(struct server *s)
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
    ASSERT_EQ(0, listen(s->fd, 16));
    ASSERT_EQ(0, getsockname(s->fd, (struct sockaddr *)&a, &len));
    s->port = ntohs(a.sin_port);
    ASSERT_EQ(0, pthread_create(&s->thread, NULL, serve, s));
}

static void
server_stop(struct server *s)
{
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;

    s->quit = 1;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)s->port);
    connect(c, (struct sockaddr *)&a, sizeof(a)); /* unblock accept() */
    close(c);
    pthread_join(s->thread, NULL);
    close(s->fd);
}

struct result {
    int done, rc;
    long status, retry_after;
    char body[64];
    char what[160]; /* bot_http_describe() */
    int order;
};

static int finished; /* completion order, for the ordering test */

static void
on_done(void *arg, const struct bot_http_response *r)
{
    struct result *res = arg;

    res->done = 1;
    res->rc = r->rc;
    res->status = r->status;
    res->retry_after = r->retry_after;
    res->order = ++finished;
    bot_http_describe(r, res->what, sizeof(res->what));
    snprintf(res->body, sizeof(res->body), "%.*s",
             (int)(r->body_len < 60 ? r->body_len : 60), r->body);
}

static void
tick(void *arg)
{
    (void)arg;
}

/* Runs the loop until every result is done or 10 s pass. */
static void
wait_all(struct bot_loop *loop, struct result *res, int n)
{
    struct bot_timer *t = bot_timer_new(loop, tick, NULL);
    time_t end = time(NULL) + 10;
    int i, all;

    do {
        bot_timer_start(t, 50);
        bot_loop_run_once(loop);
        for (all = 1, i = 0; i < n; i++)
            all &= res[i].done;
    } while (!all && time(NULL) < end);
    bot_timer_free(t);
    ASSERT(all);
}

static struct bot_http_request
request(const char *method, int port, const char *path, char *url, size_t cap)
{
    struct bot_http_request r;

    memset(&r, 0, sizeof(r));
    snprintf(url, cap, "http://127.0.0.1:%d%s", port, path);
    r.method = method;
    r.url = url;
    return r;
}

static void
test_http_statuses_map_to_errors(void)
{
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_http *http = bot_http_new(loop);
    struct result res[6];
    char urls[6][96];
    struct bot_http_request rq[6];
    struct server s;
    int i;

    server_start(&s);
    memset(res, 0, sizeof(res));
    rq[0] = request("GET", s.port, "/ok", urls[0], sizeof(urls[0]));
    rq[1] = request("GET", s.port, "/429", urls[1], sizeof(urls[1]));
    rq[2] = request("GET", s.port, "/401", urls[2], sizeof(urls[2]));
    rq[3] = request("POST", s.port, "/echo", urls[3], sizeof(urls[3]));
    rq[3].body = "{\"text\":\"hi\"}";
    rq[3].body_len = strlen(rq[3].body);
    rq[3].headers[0] = "Content-Type: application/json";
    rq[4] = request("POST", s.port, "/500", urls[4], sizeof(urls[4]));
    rq[5] = request("GET", s.port, "/503-zero", urls[5], sizeof(urls[5]));
    for (i = 0; i < 6; i++)
        ASSERT_EQ(0, bot_http_send(http, &rq[i], on_done, &res[i]));
    wait_all(loop, res, 6);
    ASSERT_EQ(0, res[0].rc);
    ASSERT_EQ(200, res[0].status);
    ASSERT_STR_EQ("hello", res[0].body);
    ASSERT_EQ(BOT_ENET, res[1].rc);
    ASSERT_EQ(429, res[1].status);
    ASSERT_EQ(2, res[1].retry_after);
    ASSERT_EQ(BOT_EAUTH, res[2].rc);
    ASSERT_EQ(0, res[3].rc);
    ASSERT_STR_EQ("{\"text\":\"hi\"}", res[3].body);
    /* No Retry-After, or a zero one: the caller must back off itself. */
    ASSERT_EQ(BOT_ENET, res[4].rc);
    ASSERT_EQ(500, res[4].status);
    ASSERT_EQ(-1, res[4].retry_after);
    ASSERT_EQ(BOT_ENET, res[5].rc);
    ASSERT_EQ(503, res[5].status);
    ASSERT_CONTAINS(res[5].what, "HTTP 503 from 127.0.0.1:");
    ASSERT_EQ(-1, res[5].retry_after);
    bot_http_free(http);
    bot_loop_free(loop);
    server_stop(&s);
}

static void
test_http_body_cap_and_timeout(void)
{
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_http *http = bot_http_new(loop);
    struct result res[2];
    char urls[2][96];
    struct bot_http_request rq[2];
    struct server s;

    server_start(&s);
    memset(res, 0, sizeof(res));
    rq[0] = request("GET", s.port, "/big", urls[0], sizeof(urls[0]));
    rq[1] = request("GET", s.port, "/slow", urls[1], sizeof(urls[1]));
    rq[1].timeout_ms = 300;
    ASSERT_EQ(0, bot_http_send(http, &rq[0], on_done, &res[0]));
    ASSERT_EQ(0, bot_http_send(http, &rq[1], on_done, &res[1]));
    wait_all(loop, res, 2);
    ASSERT_EQ(BOT_ENET, res[0].rc); /* over the cap: an error, no crash */
    ASSERT_EQ(BOT_ENET, res[1].rc); /* timed out */
    bot_http_free(http);
    bot_loop_free(loop);
    server_stop(&s);
}

static void
test_http_refused_connection_and_bad_requests(void)
{
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_http *http = bot_http_new(loop);
    struct bot_http_request rq;
    struct result res;
    char url[96];

    memset(&res, 0, sizeof(res));
    rq = request("GET", 1, "/", url, sizeof(url)); /* nothing listens */
    ASSERT_EQ(0, bot_http_send(http, &rq, on_done, &res));
    wait_all(loop, &res, 1);
    ASSERT_EQ(BOT_ENET, res.rc);
    ASSERT_EQ(0, res.status);
    /* the operator reads the host and curl's reason, never "HTTP 0" */
    ASSERT_CONTAINS(res.what, "no response from 127.0.0.1:1 (");
    ASSERT_NOT_CONTAINS(res.what, "HTTP 0");
    rq.url = "ftp://127.0.0.1/";
    ASSERT_EQ(BOT_EINVAL, bot_http_send(http, &rq, on_done, &res));
    rq.url = url;
    rq.method = "DELETE";
    ASSERT_EQ(BOT_EINVAL, bot_http_send(http, &rq, on_done, &res));
    bot_http_free(http);
    bot_loop_free(loop);
}

/* PUT and PATCH carry their body, as POST does (Discord: bulk overwrite
 * of commands, the edit of an interaction's answer). */
static void
test_http_put_and_patch_send_their_body(void)
{
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_http *http = bot_http_new(loop);
    struct bot_http_request rq[2];
    struct result res[2];
    char urls[2][96];
    struct server s;

    server_start(&s);
    memset(res, 0, sizeof(res));
    rq[0] = request("PUT", s.port, "/method", urls[0], sizeof(urls[0]));
    rq[0].body = "[1]";
    rq[0].body_len = 3;
    rq[1] = request("PATCH", s.port, "/method", urls[1], sizeof(urls[1]));
    rq[1].body = "{\"a\":2}";
    rq[1].body_len = 7;
    ASSERT_EQ(0, bot_http_send(http, &rq[0], on_done, &res[0]));
    ASSERT_EQ(0, bot_http_send(http, &rq[1], on_done, &res[1]));
    wait_all(loop, res, 2);
    ASSERT_EQ(0, res[0].rc);
    ASSERT_STR_EQ("PUT:[1]", res[0].body);
    ASSERT_EQ(0, res[1].rc);
    ASSERT_STR_EQ("PATCH:{\"a\":2}", res[1].body);
    bot_http_free(http);
    bot_loop_free(loop);
    server_stop(&s);
}

static void
test_http_free_completes_pending_requests(void)
{
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_http *http = bot_http_new(loop);
    struct bot_http_request rq;
    struct result res;
    struct server s;
    char url[96];

    server_start(&s);
    memset(&res, 0, sizeof(res));
    rq = request("GET", s.port, "/slow", url, sizeof(url));
    ASSERT_EQ(0, bot_http_send(http, &rq, on_done, &res));
    bot_http_free(http); /* still running: completed as an error */
    ASSERT(res.done);
    ASSERT_EQ(BOT_ENET, res.rc);
    bot_loop_free(loop);
    server_stop(&s);
}

/* A request cancelled while it runs, and one cancelled before the worker
 * took it, never call back; the others still do. */
static void
test_http_cancel_forgets_a_callers_requests(void)
{
    struct bot_loop *loop = bot_loop_new(NULL);
    struct bot_http *http = bot_http_new(loop);
    struct bot_http_request rq[3];
    struct result res[3], gone;
    char urls[3][96];
    struct server s;
    int i;

    server_start(&s);
    memset(res, 0, sizeof(res));
    memset(&gone, 0, sizeof(gone));
    rq[0] = request("GET", s.port, "/ok", urls[0], sizeof(urls[0]));
    rq[1] = request("GET", s.port, "/slow", urls[1], sizeof(urls[1]));
    rq[1].timeout_ms = 300;
    rq[2] = request("GET", s.port, "/ok", urls[2], sizeof(urls[2]));
    ASSERT_EQ(0, bot_http_send(http, &rq[0], on_done, &gone));
    ASSERT_EQ(0, bot_http_send(http, &rq[1], on_done, &gone));
    bot_http_cancel(http, &gone); /* queued or running: either way */
    for (i = 0; i < 3; i++)
        ASSERT_EQ(0, bot_http_send(http, &rq[i], on_done, &res[i]));
    wait_all(loop, res, 3);
    ASSERT_EQ(0, res[0].rc);
    ASSERT_EQ(BOT_ENET, res[1].rc); /* timed out, as asked */
    ASSERT_EQ(0, res[2].rc);
    ASSERT_EQ(0, gone.done);
    bot_http_cancel(http, &gone); /* nothing left: harmless */
    bot_http_cancel(NULL, &gone);
    bot_http_free(http); /* and not at the end either */
    ASSERT_EQ(0, gone.done);
    bot_loop_free(loop);
    server_stop(&s);
}

static const struct test_case cases[] = {
    {"http_cancel_forgets_a_callers_requests",
     test_http_cancel_forgets_a_callers_requests},
    {"http_statuses_map_to_errors", test_http_statuses_map_to_errors},
    {"http_put_and_patch_send_their_body",
     test_http_put_and_patch_send_their_body},
    {"http_body_cap_and_timeout", test_http_body_cap_and_timeout},
    {"http_refused_connection_and_bad_requests",
     test_http_refused_connection_and_bad_requests},
    {"http_free_completes_pending_requests",
     test_http_free_completes_pending_requests},
};
TEST_MAIN(cases)
