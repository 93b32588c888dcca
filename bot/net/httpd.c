/* A small HTTP listener on the event loop: one libwebsockets vhost with
 * one HTTP protocol, for /healthz and /metrics. The body comes from the
 * owner's callback; this file only speaks HTTP. */
#include "bot/net/httpd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "lws_int.h"

struct bot_httpd {
    struct lws_vhost *vh;
    bot_httpd_serve serve;
    void *arg;
    struct lws_protocols protocols[2];
};

/* One request's response, kept until it is written. */
struct httpd_req {
    unsigned char *buf; /* LWS_PRE headroom, then headers and body */
    size_t len;
    int refuse; /* a method with a body: 405 once the body is read */
};

static const char not_allowed[] = "method not allowed\n";

static int
respond(struct lws *wsi, struct httpd_req *rq, int status, const char *ctype,
        const char *body, size_t len)
{
    size_t cap = LWS_PRE + 512 + len;
    unsigned char *start, *p, *end;

    rq->buf = malloc(cap);
    if (!rq->buf)
        return -1;
    start = p = rq->buf + LWS_PRE;
    end = rq->buf + cap - len;
    if (lws_add_http_common_headers(wsi, (unsigned)status, ctype,
                                    (lws_filepos_t)len, &p, end) ||
        (status == 405 && lws_add_http_header_by_name(
                              wsi, (const unsigned char *)"allow:",
                              (const unsigned char *)"GET", 3, &p, end)) ||
        lws_add_http_header_by_name(
            wsi, (const unsigned char *)"cache-control:",
            (const unsigned char *)"no-store", 8, &p, end) ||
        lws_finalize_http_header(wsi, &p, end))
        return -1;
    memcpy(p, body, len); /* headers and body go out in one write */
    p += len;
    rq->len = (size_t)(p - start);
    lws_callback_on_writable(wsi);
    return 0;
}

static int
on_request(struct lws *wsi, struct bot_httpd *h, struct httpd_req *rq,
           const char *path)
{
    const char *ctype = "text/plain; charset=utf-8";
    size_t len = 0;
    char *body;
    int status, rc;

    if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0 &&
        lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH) > 0) {
        rq->refuse = 1; /* lws reads the body first */
        return 0;
    }
    if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0)
        return respond(wsi, rq, 405, ctype, not_allowed,
                       sizeof(not_allowed) - 1);
    body = malloc(BOT_HTTPD_BODY_MAX);
    if (!body)
        return -1;
    status = h->serve(h->arg, path, body, BOT_HTTPD_BODY_MAX, &len, &ctype);
    rc = respond(wsi, rq, status, ctype, body, len);
    free(body);
    return rc;
}

static int
httpd_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
               void *in, size_t len)
{
    const struct lws_protocols *pr = lws_get_protocol(wsi);
    struct bot_httpd *h = pr ? pr->user : NULL;
    struct httpd_req *rq = user;

    switch (reason) {
    case LWS_CALLBACK_HTTP:
        if (!h || !rq)
            return -1;
        return on_request(wsi, h, rq, in ? (const char *)in : "/");
    case LWS_CALLBACK_HTTP_BODY:
        return 0; /* a body of a refused method is read and ignored */
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        if (!rq || !rq->refuse)
            return -1;
        rq->refuse = 0;
        return respond(wsi, rq, 405, "text/plain; charset=utf-8", not_allowed,
                       sizeof(not_allowed) - 1);
    case LWS_CALLBACK_HTTP_WRITEABLE:
        if (!rq || !rq->buf)
            return 0;
        if (lws_write(wsi, rq->buf + LWS_PRE, rq->len, LWS_WRITE_HTTP_FINAL) <
            (int)rq->len)
            return -1;
        free(rq->buf);
        rq->buf = NULL;
        return lws_http_transaction_completed(wsi) ? -1 : 0;
    case LWS_CALLBACK_CLOSED_HTTP:
    case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
        if (rq) {
            free(rq->buf);
            rq->buf = NULL;
        }
        return 0;
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

struct bot_httpd *
bot_httpd_new(struct bot_loop *loop, const char *host, int port,
              bot_httpd_serve serve, void *arg)
{
    struct lws_context_creation_info info;
    struct bot_httpd *h = calloc(1, sizeof(*h));

    if (!h) {
        bot_fail(BOT_ENOMEM, "http listener: out of memory");
        return NULL;
    }
    h->serve = serve;
    h->arg = arg;
    h->protocols[0].name = "http";
    h->protocols[0].callback = httpd_callback;
    h->protocols[0].per_session_data_size = sizeof(struct httpd_req);
    h->protocols[0].user = h;
    memset(&info, 0, sizeof(info));
    info.vhost_name = "newsbot-http";
    info.port = port;
    info.iface = host;
    info.protocols = h->protocols;
    info.options = LWS_SERVER_OPTION_DISABLE_IPV6 * (strchr(host, ':') == NULL);
    h->vh = lws_create_vhost(bot_loop_ctx(loop), &info);
    if (!h->vh) {
        free(h);
        bot_fail(BOT_EIO, "http listener: cannot listen on %s:%d", host, port);
        return NULL;
    }
    bot_log(BOT_LOG_INFO, "http listener on %s:%d", host, port);
    return h;
}

void
bot_httpd_free(struct bot_httpd *h)
{
    if (!h)
        return;
    lws_vhost_destroy(h->vh);
    free(h);
}
