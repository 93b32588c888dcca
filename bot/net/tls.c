/* TLS client sessions over memory BIOs (OpenSSL 3): the bytes go through
 * tcp.c's raw libwebsockets socket, the TLS is ours. Peers are verified
 * against the system's CA store and the extra CA file, and by name (or IP
 * address). Called by tcp.c only (tls_int.h). */
#include "tls_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "bot/base/log.h"

struct bot_tls_ctx {
    SSL_CTX *ssl;
};

struct bot_tls {
    SSL *ssl;
    BIO *rbio, *wbio; /* in from the socket, out to it; owned by ssl */
    int done;         /* handshake complete */
    char error[200];
};

/* The first error OpenSSL queued, as text; the queue is emptied. */
static void
ssl_error_text(char *buf, size_t cap)
{
    unsigned long e = ERR_get_error();

    if (e)
        ERR_error_string_n(e, buf, cap);
    else
        snprintf(buf, cap, "unknown TLS error");
    ERR_clear_error();
}

struct bot_tls_ctx *
bot_tls_ctx_new(const char *ca_file, const char *cert, const char *key)
{
    struct bot_tls_ctx *ctx = calloc(1, sizeof(*ctx));
    char why[160];

    if (!ctx)
        return NULL;
    ctx->ssl = SSL_CTX_new(TLS_client_method());
    if (!ctx->ssl)
        goto fail;
    SSL_CTX_set_min_proto_version(ctx->ssl, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx->ssl, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_set_default_verify_paths(ctx->ssl) != 1)
        goto fail;
    if (ca_file &&
        SSL_CTX_load_verify_locations(ctx->ssl, ca_file, NULL) != 1) {
        ssl_error_text(why, sizeof(why));
        bot_fail(BOT_EINVAL, "tls: the CA file %s does not load (%s)", ca_file,
                 why);
        goto out;
    }
    if (cert && (SSL_CTX_use_certificate_chain_file(ctx->ssl, cert) != 1 ||
                 SSL_CTX_use_PrivateKey_file(ctx->ssl, key ? key : cert,
                                             SSL_FILETYPE_PEM) != 1 ||
                 SSL_CTX_check_private_key(ctx->ssl) != 1)) {
        ssl_error_text(why, sizeof(why));
        bot_fail(BOT_EINVAL,
                 "tls: the client certificate %s with the key %s does not "
                 "load (%s); PEM files expected, the key unencrypted",
                 cert, key ? key : cert, why);
        goto out;
    }
    return ctx;
fail:
    ssl_error_text(why, sizeof(why));
    bot_fail(BOT_ENOMEM, "tls: cannot set up a TLS context (%s)", why);
out:
    bot_tls_ctx_free(ctx);
    return NULL;
}

void
bot_tls_ctx_free(struct bot_tls_ctx *ctx)
{
    if (!ctx)
        return;
    SSL_CTX_free(ctx->ssl);
    free(ctx);
}

/* The name (and, for a name, SNI) the peer's certificate must carry. */
static int
expect_peer(SSL *ssl, const char *host)
{
    unsigned char addr[16];
    X509_VERIFY_PARAM *p = SSL_get0_param(ssl);

    if (inet_pton(AF_INET, host, addr) == 1 ||
        inet_pton(AF_INET6, host, addr) == 1)
        return X509_VERIFY_PARAM_set1_ip_asc(p, host) == 1 ? 0 : -1;
    X509_VERIFY_PARAM_set_hostflags(p, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, host) != 1 ||
        SSL_set_tlsext_host_name(ssl, host) != 1)
        return -1;
    return 0;
}

struct bot_tls *
bot_tls_new(struct bot_tls_ctx *ctx, const char *host)
{
    struct bot_tls *t = calloc(1, sizeof(*t));

    if (!t)
        return NULL;
    t->ssl = SSL_new(ctx->ssl);
    t->rbio = BIO_new(BIO_s_mem());
    t->wbio = BIO_new(BIO_s_mem());
    if (!t->ssl || !t->rbio || !t->wbio) {
        BIO_free(t->rbio);
        BIO_free(t->wbio);
        t->rbio = t->wbio = NULL;
        bot_tls_free(t);
        return NULL;
    }
    SSL_set_bio(t->ssl, t->rbio, t->wbio); /* ssl owns them now */
    SSL_set_connect_state(t->ssl);
    if (expect_peer(t->ssl, host) < 0) {
        bot_tls_free(t);
        return NULL;
    }
    SSL_do_handshake(t->ssl); /* the ClientHello, into wbio */
    ERR_clear_error();
    return t;
}

void
bot_tls_free(struct bot_tls *t)
{
    if (!t)
        return;
    SSL_free(t->ssl);
    free(t);
}

/* Says why the handshake or a read failed; @err is SSL_get_error()'s. */
static int
failed(struct bot_tls *t, int err)
{
    long v = SSL_get_verify_result(t->ssl);
    char why[160];

    if (!t->done && v != X509_V_OK) {
        snprintf(t->error, sizeof(t->error), "certificate verify failed: %s",
                 X509_verify_cert_error_string(v));
        ERR_clear_error();
    } else if (err == SSL_ERROR_ZERO_RETURN) {
        snprintf(t->error, sizeof(t->error), "the peer closed the TLS session");
    } else {
        ssl_error_text(why, sizeof(why));
        snprintf(t->error, sizeof(t->error), "TLS error: %s", why);
    }
    return -1;
}

int
bot_tls_feed(struct bot_tls *t, const void *in, size_t len,
             void (*plain)(void *arg, const char *buf, size_t len), void *arg)
{
    char buf[4096];
    int r;

    if (len > 0 && BIO_write(t->rbio, in, (int)len) != (int)len)
        return failed(t, SSL_ERROR_SSL);
    if (!t->done) {
        r = SSL_do_handshake(t->ssl);
        if (r != 1) {
            int e = SSL_get_error(t->ssl, r);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
                return 0;
            return failed(t, e);
        }
        t->done = 1;
        return 1; /* the owner opens before any data is passed on */
    }
    for (;;) {
        r = SSL_read(t->ssl, buf, sizeof(buf));
        if (r > 0) {
            plain(arg, buf, (size_t)r);
            continue;
        }
        r = SSL_get_error(t->ssl, r);
        if (r == SSL_ERROR_WANT_READ || r == SSL_ERROR_WANT_WRITE)
            break;
        return failed(t, r);
    }
    memset(buf, 0, sizeof(buf)); /* it held plain text: maybe a password */
    return 0;
}

int
bot_tls_write(struct bot_tls *t, const void *buf, size_t len)
{
    if (!t->done || SSL_write(t->ssl, buf, (int)len) != (int)len)
        return failed(t, SSL_ERROR_SSL);
    return 0;
}

size_t
bot_tls_out(struct bot_tls *t, void *out, size_t cap)
{
    int n = BIO_read(t->wbio, out, (int)cap);

    return n > 0 ? (size_t)n : 0;
}

size_t
bot_tls_out_pending(const struct bot_tls *t)
{
    return (size_t)BIO_ctrl_pending(t->wbio);
}

const char *
bot_tls_error(const struct bot_tls *t)
{
    return t->error;
}
