/* A small HTTP listener on the event loop (health and metrics). */
#ifndef BOT_HTTPD_H
#define BOT_HTTPD_H

#include <stddef.h>

#include "bot/base/err.h"
#include "bot/net/loop.h"

struct bot_httpd;

#define BOT_HTTPD_BODY_MAX (256 * 1024)

/* Answers one GET: writes at most @cap bytes of body into @buf, sets
 * *@len and *@ctype (static), and returns the HTTP status. Runs on the
 * loop's thread. */
typedef int (*bot_httpd_serve)(void *arg, const char *path, char *buf,
                               size_t cap, size_t *len, const char **ctype);

/**
 * bot_httpd_new() - listen on @host:@port (a numeric address) on @loop.
 * Methods other than GET are answered 405 without calling @serve.
 * Return: the listener, or NULL (reported) if it cannot listen.
 */
struct bot_httpd *bot_httpd_new(struct bot_loop *loop, const char *host,
                                int port, bot_httpd_serve serve, void *arg);
/* Stops listening. NULL is fine. */
void bot_httpd_free(struct bot_httpd *h);

#endif
