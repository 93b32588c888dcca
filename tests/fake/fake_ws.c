/* A scriptable lws WebSocket server on its own thread (see fake_ws.h).
 * lws is not thread-safe: the test thread only touches the mutex-protected
 * fields and wakes the server with lws_cancel_service(). */
#include "fake/fake_ws.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libwebsockets.h>

#define RX_CAP  (1024 * 1024) /* what the fake keeps of one message */
#define MSG_MAX 1024          /* messages it records */

enum step_kind { STEP_SEND, STEP_HUGE, STEP_CLOSE, STEP_DROP };

struct step {
    struct step *next;
    enum step_kind kind;
    int binary;    /* STEP_SEND: a binary message rather than text */
    int fragments; /* STEP_SEND: frames to split the message over */
    int sent;      /* STEP_SEND: frames written so far */
    int code;      /* STEP_CLOSE */
    size_t len;    /* bytes of text, or the size of a huge message */
    char text[];   /* the message, or the close reason */
};

/* An automatic answer: a received message starting with @prefix makes
 * the server send @reply. */
struct rule {
    struct rule *next;
    char *prefix, *reply;
    int times; /* how often it may fire; 0 for always */
    int fired;
};

struct conn { /* per-session data, zeroed by lws */
    char *rx;
    size_t rx_len;
    int rx_overflow;
};

struct fake_ws {
    struct lws_context *ctx;
    pthread_t thread;
    int port;
    struct lws *wsi; /* the current connection; server thread only */
    pthread_mutex_t mu;
    /* Everything below is guarded by mu. */
    int stop;
    struct step *head, *tail;
    int connections, closed;
    char protocol[32];
    int peer_code; /* the client's last close frame */
    char peer_reason[124];
    char *msgs[MSG_MAX];
    size_t lens[MSG_MAX];
    int conns[MSG_MAX]; /* the connection each message came on, from 1 */
    int nmsgs;
    struct rule *rules;
};

static void
oom(void)
{
    fprintf(stderr, "fake_ws: out of memory\n");
    abort();
}

/* Appends @s to the script; the caller holds mu. */
static void
append_step(struct fake_ws *f, struct step *s)
{
    if (!s)
        oom();
    if (f->tail)
        f->tail->next = s;
    else
        f->head = s;
    f->tail = s;
}

static void
add_step(struct fake_ws *f, struct step *s)
{
    pthread_mutex_lock(&f->mu);
    append_step(f, s);
    pthread_mutex_unlock(&f->mu);
    lws_cancel_service(f->ctx); /* the server asks for WRITEABLE */
}

static struct step *
new_step(enum step_kind kind, const char *text, size_t len)
{
    struct step *s = calloc(1, sizeof(*s) + len + 1);

    if (s) {
        s->kind = kind;
        s->len = len;
        if (len)
            memcpy(s->text, text, len);
    }
    return s;
}

void
fake_ws_send(struct fake_ws *f, const char *text, int fragments)
{
    struct step *s = new_step(STEP_SEND, text, strlen(text));

    if (s)
        s->fragments = fragments > 1 ? fragments : 1;
    add_step(f, s);
}

void
fake_ws_send_bytes(struct fake_ws *f, const void *buf, size_t len, int binary)
{
    struct step *s = new_step(STEP_SEND, buf, len);

    if (s) {
        s->fragments = 1;
        s->binary = binary;
    }
    add_step(f, s);
}

void
fake_ws_on_message(struct fake_ws *f, const char *prefix, const char *reply,
                   int times)
{
    struct rule *r = calloc(1, sizeof(*r)), **at;

    if (!r)
        oom();
    r->prefix = strdup(prefix);
    r->reply = strdup(reply);
    r->times = times;
    if (!r->prefix || !r->reply)
        oom();
    pthread_mutex_lock(&f->mu);
    for (at = &f->rules; *at; at = &(*at)->next)
        ;
    *at = r;
    pthread_mutex_unlock(&f->mu);
}

void
fake_ws_send_huge(struct fake_ws *f, size_t len)
{
    struct step *s = new_step(STEP_HUGE, NULL, 0);

    if (s)
        s->len = len;
    add_step(f, s);
}

void
fake_ws_close(struct fake_ws *f, int code, const char *reason)
{
    struct step *s = new_step(STEP_CLOSE, reason, strlen(reason));

    if (s)
        s->code = code;
    add_step(f, s);
}

void
fake_ws_drop(struct fake_ws *f)
{
    add_step(f, new_step(STEP_DROP, NULL, 0));
}

/* Removes the head step once it is done; the server thread only. */
static int
pop_step(struct fake_ws *f)
{
    struct step *s;
    int more;

    pthread_mutex_lock(&f->mu);
    s = f->head;
    f->head = s->next;
    if (!f->head)
        f->tail = NULL;
    more = f->head != NULL;
    pthread_mutex_unlock(&f->mu);
    free(s);
    return more;
}

static int
write_text(struct lws *wsi, const char *text, size_t len,
           enum lws_write_protocol wp)
{
    unsigned char *buf = malloc(LWS_PRE + len + 1);
    int n;

    if (!buf)
        return -1;
    memcpy(buf + LWS_PRE, text, len);
    n = lws_write(wsi, buf + LWS_PRE, len, wp);
    free(buf);
    if (n < (int)len) {
        fprintf(stderr, "fake_ws: lws_write of %zu bytes failed\n", len);
        return -1;
    }
    return 0;
}

/* One frame of a possibly fragmented message. Return: 1 when the message
 * is complete, 0 when more frames follow, -1 on a write error. */
static int
send_fragment(struct lws *wsi, struct step *s)
{
    size_t from = s->len * (size_t)s->sent / (size_t)s->fragments;
    size_t to = s->len * (size_t)(s->sent + 1) / (size_t)s->fragments;
    int first = s->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT;
    int wp = s->sent == 0 ? first : LWS_WRITE_CONTINUATION;

    if (s->sent + 1 < s->fragments)
        wp |= LWS_WRITE_NO_FIN;
    if (write_text(wsi, s->text + from, to - from,
                   (enum lws_write_protocol)wp) < 0)
        return -1;
    return ++s->sent == s->fragments;
}

static int
send_huge(struct lws *wsi, size_t len)
{
    static const char head[] = "PRIVMSG #huge :";
    char *text = malloc(len);
    int rc;

    if (!text)
        return -1;
    memset(text, 'x', len);
    memcpy(text, head, len < sizeof(head) - 1 ? len : sizeof(head) - 1);
    rc = write_text(wsi, text, len, LWS_WRITE_TEXT);
    free(text);
    return rc;
}

/* Plays the head step; returns what the WRITEABLE callback returns. */
static int
play_step(struct fake_ws *f, struct lws *wsi)
{
    struct step *s;
    int done = 1;

    pthread_mutex_lock(&f->mu);
    s = f->head;
    pthread_mutex_unlock(&f->mu);
    if (!s)
        return 0;
    switch (s->kind) {
    case STEP_SEND:
        done = send_fragment(wsi, s);
        if (done < 0)
            return -1;
        break;
    case STEP_HUGE:
        if (send_huge(wsi, s->len) < 0)
            return -1;
        break;
    case STEP_CLOSE:
        lws_close_reason(wsi, (enum lws_close_status)s->code,
                         (unsigned char *)s->text, s->len);
        pop_step(f);
        return -1;
    case STEP_DROP:
        shutdown(lws_get_socket_fd(wsi), SHUT_RDWR);
        pop_step(f);
        return -1;
    }
    if (!done || pop_step(f))
        lws_callback_on_writable(wsi);
    return 0;
}

/* Queues the replies of the rules that @msg fires; the caller holds mu.
 * Return: how many fired. */
static int
fire_rules(struct fake_ws *f, const char *msg)
{
    struct rule *r;
    int n = 0;

    for (r = f->rules; r; r = r->next) {
        if (strncmp(msg, r->prefix, strlen(r->prefix)) != 0 ||
            (r->times && r->fired >= r->times))
            continue;
        r->fired++;
        append_step(f, new_step(STEP_SEND, r->reply, strlen(r->reply)));
        f->tail->fragments = 1;
        n++;
    }
    return n;
}

static void
record(struct fake_ws *f, struct lws *wsi, const char *buf, size_t len)
{
    char *copy = malloc(len + 1);
    int fired = 0;

    if (!copy)
        return;
    memcpy(copy, buf, len);
    copy[len] = '\0';
    pthread_mutex_lock(&f->mu);
    fired = fire_rules(f, copy);
    if (f->nmsgs < MSG_MAX) {
        f->msgs[f->nmsgs] = copy;
        f->conns[f->nmsgs] = f->connections;
        f->lens[f->nmsgs++] = len;
        copy = NULL;
    }
    pthread_mutex_unlock(&f->mu);
    free(copy);
    if (fired && wsi == f->wsi)
        lws_callback_on_writable(wsi);
}

static void
receive(struct fake_ws *f, struct conn *c, struct lws *wsi, const char *in,
        size_t len)
{
    if (lws_is_first_fragment(wsi)) {
        c->rx_len = 0;
        c->rx_overflow = 0;
    }
    if (!c->rx)
        c->rx = malloc(RX_CAP);
    if (c->rx && !c->rx_overflow && c->rx_len + len <= RX_CAP) {
        memcpy(c->rx + c->rx_len, in, len);
        c->rx_len += len;
    } else {
        c->rx_overflow = 1;
    }
    if (!lws_is_final_fragment(wsi))
        return;
    if (c->rx_overflow)
        fprintf(stderr, "fake_ws: dropped a message over %d bytes\n", RX_CAP);
    else
        record(f, wsi, c->rx, c->rx_len);
    c->rx_len = 0;
    c->rx_overflow = 0;
}

static void
peer_close(struct fake_ws *f, const unsigned char *in, size_t len)
{
    size_t n = len > 2 ? len - 2 : 0;

    if (n > sizeof(f->peer_reason) - 1)
        n = sizeof(f->peer_reason) - 1;
    pthread_mutex_lock(&f->mu);
    f->peer_code = len >= 2 ? (in[0] << 8) | in[1] : 0;
    if (n)
        memcpy(f->peer_reason, in + 2, n);
    f->peer_reason[n] = '\0';
    pthread_mutex_unlock(&f->mu);
}

static int
has_steps(struct fake_ws *f)
{
    int n;

    pthread_mutex_lock(&f->mu);
    n = f->head != NULL;
    pthread_mutex_unlock(&f->mu);
    return n;
}

static void
established(struct fake_ws *f, struct lws *wsi)
{
    const struct lws_protocols *p = lws_get_protocol(wsi);

    f->wsi = wsi;
    pthread_mutex_lock(&f->mu);
    f->connections++;
    snprintf(f->protocol, sizeof(f->protocol), "%s",
             p && p->name ? p->name : "");
    pthread_mutex_unlock(&f->mu);
    if (has_steps(f))
        lws_callback_on_writable(wsi);
}

static int
callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
         void *in, size_t len)
{
    struct fake_ws *f = wsi ? lws_context_user(lws_get_context(wsi)) : NULL;
    struct conn *c = user;

    if (!f)
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    switch (reason) {
    case LWS_CALLBACK_ESTABLISHED:
        established(f, wsi);
        return 0;
    case LWS_CALLBACK_RECEIVE:
        if (c)
            receive(f, c, wsi, in, len);
        return 0;
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return wsi == f->wsi ? play_step(f, wsi) : 0;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        if (f->wsi && has_steps(f))
            lws_callback_on_writable(f->wsi);
        return 0;
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        peer_close(f, in, len);
        return 0;
    case LWS_CALLBACK_CLOSED:
        if (f->wsi == wsi)
            f->wsi = NULL;
        if (c) {
            free(c->rx);
            c->rx = NULL;
        }
        pthread_mutex_lock(&f->mu);
        f->closed++;
        pthread_mutex_unlock(&f->mu);
        return 0;
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

/* protocols[0] also takes upgrades that name no subprotocol (Twitch). */
static const struct lws_protocols protocols[] = {
    {"text.ircv3.net", callback, sizeof(struct conn), 4096, 0, NULL, 0},
    {"text.inspircd.org", callback, sizeof(struct conn), 4096, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

static void *
run(void *arg)
{
    struct fake_ws *f = arg;

    for (;;) {
        int stop;

        pthread_mutex_lock(&f->mu);
        stop = f->stop;
        pthread_mutex_unlock(&f->mu);
        if (stop)
            break;
        lws_service(f->ctx, 0);
    }
    return NULL;
}

struct fake_ws *
fake_ws_start(void)
{
    struct lws_context_creation_info info;
    struct lws_vhost *vh;
    struct fake_ws *f = calloc(1, sizeof(*f));

    if (!f)
        return NULL;
    pthread_mutex_init(&f->mu, NULL);
    lws_set_log_level(LLL_ERR, NULL);
    memset(&info, 0, sizeof(info));
    info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
    info.port = 0; /* ephemeral */
    info.iface = "127.0.0.1";
    info.protocols = protocols;
    info.user = f;
    info.fd_limit_per_thread = 32;
    f->ctx = lws_create_context(&info);
    if (!f->ctx)
        goto fail;
    vh = lws_create_vhost(f->ctx, &info);
    if (!vh)
        goto fail;
    f->port = lws_get_vhost_listen_port(vh);
    if (f->port <= 0 || pthread_create(&f->thread, NULL, run, f) != 0)
        goto fail;
    return f;
fail:
    fprintf(stderr, "fake_ws: cannot start the server\n");
    if (f->ctx)
        lws_context_destroy(f->ctx);
    pthread_mutex_destroy(&f->mu);
    free(f);
    return NULL;
}

void
fake_ws_stop(struct fake_ws *f)
{
    int i;

    if (!f)
        return;
    pthread_mutex_lock(&f->mu);
    f->stop = 1;
    pthread_mutex_unlock(&f->mu);
    lws_cancel_service(f->ctx);
    pthread_join(f->thread, NULL);
    lws_context_destroy(f->ctx); /* the thread is gone: ours to touch */
    while (f->head) {
        struct step *s = f->head;
        f->head = s->next;
        free(s);
    }
    for (i = 0; i < f->nmsgs; i++)
        free(f->msgs[i]);
    while (f->rules) {
        struct rule *r = f->rules;
        f->rules = r->next;
        free(r->prefix);
        free(r->reply);
        free(r);
    }
    pthread_mutex_destroy(&f->mu);
    free(f);
}

int
fake_ws_port(const struct fake_ws *f)
{
    return f->port;
}

static int
read_int(struct fake_ws *f, const int *field)
{
    int n;

    pthread_mutex_lock(&f->mu);
    n = *field;
    pthread_mutex_unlock(&f->mu);
    return n;
}

int
fake_ws_connections(struct fake_ws *f)
{
    return read_int(f, &f->connections);
}

int
fake_ws_closed(struct fake_ws *f)
{
    return read_int(f, &f->closed);
}

int
fake_ws_received_count(struct fake_ws *f)
{
    return read_int(f, &f->nmsgs);
}

int
fake_ws_pending(struct fake_ws *f)
{
    struct step *s;
    int n = 0;

    pthread_mutex_lock(&f->mu);
    for (s = f->head; s; s = s->next)
        n++;
    pthread_mutex_unlock(&f->mu);
    return n;
}

void
fake_ws_protocol(struct fake_ws *f, char *buf, size_t cap)
{
    pthread_mutex_lock(&f->mu);
    snprintf(buf, cap, "%s", f->protocol);
    pthread_mutex_unlock(&f->mu);
}

int
fake_ws_client_close(struct fake_ws *f, char *reason, size_t cap)
{
    int code;

    pthread_mutex_lock(&f->mu);
    code = f->peer_code;
    snprintf(reason, cap, "%s", f->peer_reason);
    pthread_mutex_unlock(&f->mu);
    return code;
}

int
fake_ws_received(struct fake_ws *f, int i, char *buf, size_t cap)
{
    int len = -1;

    pthread_mutex_lock(&f->mu);
    if (i >= 0 && i < f->nmsgs) {
        len = (int)f->lens[i];
        snprintf(buf, cap, "%s", f->msgs[i]);
    }
    pthread_mutex_unlock(&f->mu);
    return len;
}

int
fake_ws_received_find(struct fake_ws *f, const char *text)
{
    int i, at = -1;

    pthread_mutex_lock(&f->mu);
    for (i = 0; i < f->nmsgs && at < 0; i++) {
        if (strcmp(f->msgs[i], text) == 0)
            at = i;
    }
    pthread_mutex_unlock(&f->mu);
    return at;
}

int
fake_ws_received_from(struct fake_ws *f, int from, const char *prefix)
{
    size_t n = strlen(prefix);
    int i, at = -1;

    pthread_mutex_lock(&f->mu);
    for (i = from > 0 ? from : 0; i < f->nmsgs && at < 0; i++) {
        if (strncmp(f->msgs[i], prefix, n) == 0)
            at = i;
    }
    pthread_mutex_unlock(&f->mu);
    return at;
}

int
fake_ws_received_conn(struct fake_ws *f, int i)
{
    int conn = 0;

    pthread_mutex_lock(&f->mu);
    if (i >= 0 && i < f->nmsgs)
        conn = f->conns[i];
    pthread_mutex_unlock(&f->mu);
    return conn;
}
