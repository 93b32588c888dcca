/* TLS client sessions over bytes the caller carries (OpenSSL with memory
 * BIOs), for tcp.c: libwebsockets 4.1.6's raw client role cannot do TLS
 * itself without async DNS (it starts the handshake before the socket
 * exists). No code but tcp.c should call these. */
#ifndef BOT_NET_TLS_INT_H
#define BOT_NET_TLS_INT_H

#include <stddef.h>

struct bot_tls_ctx; /* settings and trust, shared by a connection's tries */
struct bot_tls;     /* one session */

/* Trust: the system's CA store and @ca_file (PEM, or NULL); a client
 * certificate @cert with @key (NULL: in @cert's file), or NULL for none.
 * Return: the context, or NULL (reported: a file that does not load). */
struct bot_tls_ctx *bot_tls_ctx_new(const char *ca_file, const char *cert,
                                    const char *key);
void bot_tls_ctx_free(struct bot_tls_ctx *ctx);

/* A session with the server @host (a name or an IP address: checked
 * against the certificate; a name is also sent as SNI). The ClientHello
 * is waiting in bot_tls_out() at once. Return: it, or NULL. */
struct bot_tls *bot_tls_new(struct bot_tls_ctx *ctx, const char *host);
void bot_tls_free(struct bot_tls *t);

/* Takes bytes read from the socket; advances the handshake and passes on
 * what it decrypts to @plain. Return: 0; 1 when the handshake has just
 * completed (the peer verified), with nothing passed on yet: call again
 * with no bytes for what came with it; or -1 on failure (bot_tls_error()).
 * @in may be NULL when @len is 0. */
int bot_tls_feed(struct bot_tls *t, const void *in, size_t len,
                 void (*plain)(void *arg, const char *buf, size_t len),
                 void *arg);
/* Encrypts @len bytes to send (after the handshake). Return: 0 or -1. */
int bot_tls_write(struct bot_tls *t, const void *buf, size_t len);
/* Moves up to @cap bytes to send to the socket into @out. Return: how
 * many (0: nothing waiting). */
size_t bot_tls_out(struct bot_tls *t, void *out, size_t cap);
/* Bytes waiting to be sent. */
size_t bot_tls_out_pending(const struct bot_tls *t);
/* Why the session failed ("certificate verify failed: self-signed
 * certificate", ...); "" if it has not. */
const char *bot_tls_error(const struct bot_tls *t);

#endif
