/* The only file that includes curl/curl.h. */
#include "bot/net/http.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "bot/base/log.h"

/* One request's life: queued, running in the worker, done, delivered. */
struct job {
    struct job *next;
    CURL *easy;
    struct curl_slist *headers;
    char *body; /* our copy of the request body */
    char *resp; /* response body, capped */
    size_t resp_len;
    int too_big;
    CURLcode code;
    char host[128]; /* for messages: the URL's host, never its path */
    bot_http_cb cb;
    void *arg;
};

struct bot_http {
    struct bot_loop *loop;
    pthread_t thread;
    pthread_mutex_t lock;
    CURLM *multi;
    struct job *todo, *done; /* under lock */
    struct job *active;      /* in the multi handle; linked under lock */
    struct job *batch;       /* being delivered; the loop's own */
    int quit;                /* under lock */
    size_t ndone;
};

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
    struct job *j = arg;
    size_t len = size * n;

    if (j->resp_len + len > BOT_HTTP_BODY_MAX) {
        j->too_big = 1;
        return 0; /* aborts the transfer */
    }
    memcpy(j->resp + j->resp_len, data, len);
    j->resp_len += len;
    return len;
}

static void
job_free(struct job *j)
{
    if (!j)
        return;
    if (j->easy)
        curl_easy_cleanup(j->easy);
    curl_slist_free_all(j->headers);
    free(j->body);
    free(j->resp);
    free(j);
}

static void
unlink_active(struct bot_http *http, struct job *j)
{
    struct job **p = &http->active;

    while (*p && *p != j)
        p = &(*p)->next;
    if (*p)
        *p = j->next;
}

/* Moves a job to the done list (the loop delivers it). */
static void
finish(struct bot_http *http, struct job *j)
{
    pthread_mutex_lock(&http->lock);
    unlink_active(http, j);
    j->next = http->done;
    http->done = j;
    http->ndone++;
    pthread_mutex_unlock(&http->lock);
}

/* Moves finished transfers to the done list and wakes the loop. */
static void
collect(struct bot_http *http)
{
    CURLMsg *msg;
    int left, any = 0;

    while ((msg = curl_multi_info_read(http->multi, &left)) != NULL) {
        struct job *j = NULL;
        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
        j->code = msg->data.result;
        curl_multi_remove_handle(http->multi, j->easy);
        finish(http, j);
        any = 1;
    }
    if (any)
        bot_loop_wake(http->loop);
}

static void *
worker(void *arg)
{
    struct bot_http *http = arg;
    int running = 0;

    for (;;) {
        struct job *todo;
        int quit;
        pthread_mutex_lock(&http->lock);
        todo = http->todo;
        http->todo = NULL;
        quit = http->quit;
        while (todo) { /* linked under the lock: bot_http_cancel() reads */
            struct job *next = todo->next;
            todo->next = http->active;
            http->active = todo;
            curl_multi_add_handle(http->multi, todo->easy);
            todo = next;
        }
        pthread_mutex_unlock(&http->lock);
        /* Keep running until the queue is drained, then stop. */
        if (quit)
            break;
        curl_multi_perform(http->multi, &running);
        collect(http);
        curl_multi_poll(http->multi, NULL, 0, 1000, NULL);
    }
    /* Stopping: what is still running ends as a network error. */
    while (http->active) {
        struct job *j = http->active;
        curl_multi_remove_handle(http->multi, j->easy);
        j->code = CURLE_ABORTED_BY_CALLBACK;
        finish(http, j); /* unlinks it from the active list */
    }
    (void)running;
    return NULL;
}

/* Maps a finished transfer to the project's error codes. */
/* A number from header @name ("0", "1.25"), or -1 when absent. */
static double
header_number(CURL *easy, const char *name)
{
    struct curl_header *h = NULL;
    char *end;
    double v;

    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK ||
        !h)
        return -1;
    v = strtod(h->value, &end);
    return end == h->value || v < 0 ? -1 : v;
}

static int
has_true_header(CURL *easy, const char *name)
{
    struct curl_header *h = NULL;

    return curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) == CURLHE_OK &&
           h && strcasecmp(h->value, "true") == 0;
}

static void
response_of(struct job *j, struct bot_http_response *r)
{
    double reset;

    curl_off_t retry = -1;

    memset(r, 0, sizeof(*r));
    r->retry_after = -1;
    r->rl_remaining = -1;
    r->rl_reset_ms = -1;
    r->body = j->resp ? j->resp : "";
    r->body_len = j->resp_len;
    r->host = j->host;
    if (j->code != CURLE_OK || j->too_big) {
        /* the caller reports it, naming what it was doing */
        r->error = j->too_big ? "response over the size cap"
                              : curl_easy_strerror(j->code);
        r->rc = BOT_ENET;
        bot_log(BOT_LOG_DEBUG, "http: %s: %s", j->host, r->error);
        return;
    }
    curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &r->status);
    /* curl says 0 both for "Retry-After: 0" and for no header at all;
     * either way the caller must choose its own wait (a backoff), or a
     * short outage would burn every retry in milliseconds. */
    if (curl_easy_getinfo(j->easy, CURLINFO_RETRY_AFTER, &retry) == CURLE_OK &&
        retry > 0)
        r->retry_after = (long)retry;
    r->rl_remaining = (long)header_number(j->easy, "X-RateLimit-Remaining");
    r->rl_global = has_true_header(j->easy, "X-RateLimit-Global");
    reset = header_number(j->easy, "X-RateLimit-Reset-After");
    r->rl_reset_ms = reset < 0 ? -1 : (long)(reset * 1000.0 + 0.5);
    if (r->status == 401 || r->status == 403)
        r->rc = BOT_EAUTH;
    else if (r->status == 429 || r->status >= 500)
        r->rc = BOT_ENET;
    else if (r->status >= 400)
        r->rc = BOT_EPARSE;
}

/* On the loop: hands every finished request to its callback, in order. */
static void
deliver(void *arg)
{
    struct bot_http *http = arg;
    struct job *list, *rev = NULL;

    pthread_mutex_lock(&http->lock);
    list = http->done;
    http->done = NULL;
    http->ndone = 0;
    pthread_mutex_unlock(&http->lock);
    while (list) { /* the done list is newest first */
        struct job *next = list->next;
        list->next = rev;
        rev = list;
        list = next;
    }
    /* A callback may cancel jobs of this batch (an adapter released while
     * the others run on): bot_http_cancel() looks here too. */
    http->batch = rev;
    while (http->batch) {
        struct job *j = http->batch;
        struct bot_http_response r;
        http->batch = j->next;
        if (j->cb) {
            response_of(j, &r);
            j->cb(j->arg, &r);
        }
        job_free(j);
    }
}

/* Clears the callback of every job on @list made with @arg. */
static void
cancel_in(struct job *list, const void *arg)
{
    for (; list; list = list->next) {
        if (list->arg == arg)
            list->cb = NULL;
    }
}

void
bot_http_cancel(struct bot_http *http, const void *arg)
{
    if (!http)
        return;
    pthread_mutex_lock(&http->lock);
    cancel_in(http->todo, arg);
    cancel_in(http->active, arg);
    cancel_in(http->done, arg);
    pthread_mutex_unlock(&http->lock);
    cancel_in(http->batch, arg);
}

struct bot_http *
bot_http_new(struct bot_loop *loop)
{
    struct bot_http *http = calloc(1, sizeof(*http));

    if (!http)
        return NULL;
    /* Before any worker thread exists: curl's global state. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    http->loop = loop;
    http->multi = curl_multi_init();
    if (!http->multi || pthread_mutex_init(&http->lock, NULL) != 0) {
        if (http->multi)
            curl_multi_cleanup(http->multi);
        free(http);
        bot_fail(BOT_ENOMEM, "http: cannot start");
        return NULL;
    }
    if (pthread_create(&http->thread, NULL, worker, http) != 0) {
        pthread_mutex_destroy(&http->lock);
        curl_multi_cleanup(http->multi);
        free(http);
        bot_fail(BOT_ENOMEM, "http: cannot start the worker thread");
        return NULL;
    }
    bot_loop_on_wake(loop, deliver, http);
    return http;
}

void
bot_http_free(struct bot_http *http)
{
    if (!http)
        return;
    pthread_mutex_lock(&http->lock);
    http->quit = 1;
    pthread_mutex_unlock(&http->lock);
    curl_multi_wakeup(http->multi);
    pthread_join(http->thread, NULL);
    /* Requests never started, and those cut short, end as errors. */
    while (http->todo) {
        struct job *j = http->todo;
        http->todo = j->next;
        j->code = CURLE_ABORTED_BY_CALLBACK;
        j->next = http->done;
        http->done = j;
    }
    deliver(http);
    bot_loop_on_wake(http->loop, NULL, NULL);
    curl_multi_cleanup(http->multi);
    pthread_mutex_destroy(&http->lock);
    free(http);
    curl_global_cleanup();
}

size_t
bot_http_pending(struct bot_http *http)
{
    size_t n;

    pthread_mutex_lock(&http->lock);
    n = http->ndone;
    pthread_mutex_unlock(&http->lock);
    return n;
}

/* The host of @url ("discord.com", "127.0.0.1:8080"), or "?". */
static void
url_host(const char *url, char *buf, size_t cap)
{
    const char *p = url ? strstr(url, "://") : NULL;
    size_t n;

    p = p ? p + 3 : "";
    n = strcspn(p, "/?#");
    if (n == 0)
        snprintf(buf, cap, "the server");
    else
        snprintf(buf, cap, "%.*s", (int)n, p);
}

int
bot_http_describe(const struct bot_http_response *r, char *buf, size_t cap)
{
    const char *host = r->host && *r->host ? r->host : "the server";

    if (r->status > 0)
        return snprintf(buf, cap, "HTTP %ld from %s", r->status, host);
    return snprintf(buf, cap, "no response from %s (%s)", host,
                    r->error ? r->error : "connection failed");
}

static struct job *
job_new(const struct bot_http_request *req, bot_http_cb cb, void *arg)
{
    struct job *j = calloc(1, sizeof(*j));
    int i;

    if (!j)
        return NULL;
    j->cb = cb;
    j->arg = arg;
    url_host(req->url, j->host, sizeof(j->host));
    j->easy = curl_easy_init();
    j->resp = malloc(BOT_HTTP_BODY_MAX);
    if (!j->easy || !j->resp)
        goto fail;
    for (i = 0; i < BOT_HTTP_HEADERS_MAX && req->headers[i]; i++) {
        struct curl_slist *h = curl_slist_append(j->headers, req->headers[i]);
        if (!h)
            goto fail;
        j->headers = h;
    }
    if (req->body) {
        j->body = malloc(req->body_len + 1);
        if (!j->body)
            goto fail;
        memcpy(j->body, req->body, req->body_len);
        j->body[req->body_len] = '\0';
    }
    return j;
fail:
    job_free(j);
    return NULL;
}

static void
job_setup(struct job *j, const struct bot_http_request *req)
{
    CURL *e = j->easy;

    curl_easy_setopt(e, CURLOPT_URL, req->url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
                     req->timeout_ms > 0 ? req->timeout_ms : 10000L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)j);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "newsbot/" BOT_VERSION);
    if (strcmp(req->method, "GET") != 0) { /* POST, PUT, PATCH: a body */
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        if (strcmp(req->method, "POST") != 0)
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->body ? j->body : "");
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE,
                         (long)(j->body ? req->body_len : 0));
    }
}

int
bot_http_send(struct bot_http *http, const struct bot_http_request *req,
              bot_http_cb cb, void *arg)
{
    struct job *j;

    if (!req->url || !cb ||
        (strcmp(req->method, "GET") && strcmp(req->method, "POST") &&
         strcmp(req->method, "PUT") && strcmp(req->method, "PATCH")) ||
        (strncmp(req->url, "http://", 7) && strncmp(req->url, "https://", 8)))
        return bot_fail(BOT_EINVAL, "http: bad request");
    j = job_new(req, cb, arg);
    if (!j)
        return BOT_ENOMEM;
    job_setup(j, req);
    pthread_mutex_lock(&http->lock);
    {
        struct job **p = &http->todo; /* keep requests in order */
        while (*p)
            p = &(*p)->next;
        *p = j;
    }
    pthread_mutex_unlock(&http->lock);
    curl_multi_wakeup(http->multi);
    return 0;
}

char *
bot_http_auth(const char *scheme, const char *token)
{
    size_t n = strlen(scheme) + strlen(token) + sizeof("Authorization:  ");
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "Authorization: %s %s", scheme, token);
    return s;
}
