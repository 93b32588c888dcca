/* A line link over WebSocket (ws.c) or TCP and TLS (tcp.c), chosen by the
 * URL's scheme: the IRC adapter's one transport. No libwebsockets here. */
#include "bot/net/link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bot/base/log.h"
#include "bot/net/tcp.h"
#include "bot/net/ws.h"

struct bot_link {
    struct bot_ws *ws;   /* ws:// and wss:// */
    struct bot_tcp *tcp; /* irc:// and ircs:// */
    struct bot_link_handler h;
    void *arg;
    size_t line_max;
    int tls;
};

/* Splits an irc[s]://host[:port][/] URL. Return: 0, or BOT_EINVAL. */
static int
parse_irc_url(const char *url, struct bot_tcp_opts *o, char *host, size_t cap)
{
    const char *p, *end, *colon;
    size_t n;
    long port = 0;

    if (strncasecmp(url, "ircs://", 7) == 0) {
        o->tls = 1;
        p = url + 7;
    } else if (strncasecmp(url, "irc://", 6) == 0) {
        p = url + 6;
    } else {
        return BOT_EINVAL;
    }
    end = p + strcspn(p, "/");
    if (*end && strcmp(end, "/") != 0)
        return BOT_EINVAL; /* no path: channels are IRC_CHANNELS */
    if (*p == '[') {       /* [IPv6] */
        const char *close = memchr(p, ']', (size_t)(end - p));
        if (!close)
            return BOT_EINVAL;
        n = (size_t)(close - p - 1);
        colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
        if (!colon && close + 1 != end)
            return BOT_EINVAL;
        p++;
    } else {
        colon = memchr(p, ':', (size_t)(end - p));
        n = (size_t)((colon ? colon : end) - p);
    }
    if (n == 0 || n >= cap)
        return BOT_EINVAL;
    memcpy(host, p, n);
    host[n] = '\0';
    o->host = host;
    o->port = o->tls ? BOT_LINK_IRCS_PORT : BOT_LINK_IRC_PORT;
    if (!colon)
        return 0;
    for (p = colon + 1; p < end && *p >= '0' && *p <= '9' && port <= 65535; p++)
        port = port * 10 + (*p - '0');
    if (p != end || port < 1 || port > 65535)
        return BOT_EINVAL;
    o->port = (int)port;
    return 0;
}

/* Hands over a line, or says it was dropped for its length. */
static void
line_out(struct bot_link *link, const char *line, size_t len)
{
    if (len > link->line_max)
        bot_log(BOT_LOG_WARN,
                "link: dropped a line of %zu bytes, over the %zu-byte limit "
                "(a line may be at most 512 bytes, with tags 8191 more)",
                len, link->line_max);
    else if (len > 0)
        link->h.on_line(link->arg, line, len);
}

/* A WebSocket message: one line, or several ending in CR LF or LF. */
static void
ws_message(void *arg, const char *buf, size_t len, int binary)
{
    struct bot_link *link = arg;

    (void)binary;
    while (len > 0) {
        const char *lf = memchr(buf, '\n', len);
        size_t n = lf ? (size_t)(lf - buf) : len;
        size_t used = lf ? n + 1 : n;

        if (n > 0 && buf[n - 1] == '\r')
            n--;
        line_out(link, buf, n);
        buf += used;
        len -= used;
    }
}

static void
on_open(void *arg)
{
    struct bot_link *link = arg;

    link->h.on_open(link->arg);
}

static int
ws_close(void *arg, int code, const char *reason)
{
    struct bot_link *link = arg;

    return link->h.on_close(link->arg, code, reason);
}

static void
tcp_line(void *arg, const char *line, size_t len)
{
    line_out(arg, line, len);
}

static int
tcp_close(void *arg, const char *reason)
{
    struct bot_link *link = arg;

    return link->h.on_close(link->arg, 0, reason);
}

static const struct bot_ws_handler ws_handler = {on_open, ws_message, ws_close,
                                                 NULL};
static const struct bot_tcp_handler tcp_handler = {on_open, tcp_line, tcp_close,
                                                   NULL};

struct bot_link *
bot_link_new(struct bot_loop *loop, const struct bot_link_opts *o,
             const struct bot_link_handler *h, void *arg)
{
    struct bot_link *link = calloc(1, sizeof(*link));
    struct bot_tcp_opts t;
    char host[256];

    if (!link)
        return NULL;
    link->h = *h;
    link->arg = arg;
    link->line_max = o->line_max;
    memset(&t, 0, sizeof(t));
    if (parse_irc_url(o->url, &t, host, sizeof(host)) == 0) {
        t.cert = o->cert;
        t.key = o->key;
        t.line_max = o->line_max;
        link->tls = t.tls;
        if (o->cert && !t.tls)
            bot_fail(BOT_EINVAL, "link: a client certificate needs an "
                                 "ircs:// URL");
        else
            link->tcp = bot_tcp_new(loop, &t, &tcp_handler, link);
    } else if (strncasecmp(o->url, "irc", 3) == 0) {
        bot_fail(BOT_EINVAL, "link: cannot use the URL (want "
                             "irc[s]://host[:port], with no path)");
    } else if (o->cert) {
        bot_fail(BOT_EINVAL, "link: a client certificate needs an ircs:// "
                             "URL");
    } else {
        struct bot_ws_opts w = {o->url, o->ws_protocols, o->ws_origin, 0};
        link->tls = strncasecmp(o->url, "wss:", 4) == 0;
        link->ws = bot_ws_new(loop, &w, &ws_handler, link);
    }
    if (!link->ws && !link->tcp) {
        free(link);
        return NULL;
    }
    return link;
}

void
bot_link_free(struct bot_link *link)
{
    if (!link)
        return;
    bot_ws_free(link->ws);
    bot_tcp_free(link->tcp);
    free(link);
}

int
bot_link_connect(struct bot_link *link)
{
    return link->ws ? bot_ws_connect(link->ws) : bot_tcp_connect(link->tcp);
}

void
bot_link_ready(struct bot_link *link)
{
    if (link->ws)
        bot_ws_ready(link->ws);
    else
        bot_tcp_ready(link->tcp);
}

int
bot_link_send(struct bot_link *link, const char *line, size_t len, int urgent)
{
    if (link->ws)
        return bot_ws_send(link->ws, line, len, urgent);
    return bot_tcp_send(link->tcp, line, len, urgent);
}

void
bot_link_close(struct bot_link *link, const char *reason)
{
    if (link->ws)
        bot_ws_close(link->ws, 1000, reason);
    else
        bot_tcp_close(link->tcp, reason);
}

int
bot_link_is_open(const struct bot_link *link)
{
    return link &&
           (link->ws ? bot_ws_is_open(link->ws) : bot_tcp_is_open(link->tcp));
}

size_t
bot_link_queued(const struct bot_link *link)
{
    return link->ws ? bot_ws_queued(link->ws) : bot_tcp_queued(link->tcp);
}

int
bot_link_is_tls(const struct bot_link *link)
{
    return link->tls;
}
