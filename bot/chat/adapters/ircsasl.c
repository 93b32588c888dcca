/* SASL for IRC (IRCv3 SASL 3.1, https://ircv3.net/specs/extensions/sasl-3.1):
 * PLAIN and EXTERNAL as text. Pure: no I/O, the clock never read, the
 * credentials never logged. Called by irc.c. */
#include "bot/chat/adapters/ircsasl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bot/base/err.h"
#include "bot/base/secret.h"

const char *
bot_irc_sasl_mech_name(enum bot_irc_sasl_mech mech)
{
    return mech == BOT_IRC_SASL_PLAIN      ? "PLAIN"
           : mech == BOT_IRC_SASL_EXTERNAL ? "EXTERNAL"
                                           : "";
}

int
bot_irc_sasl_offered(const char *caps, enum bot_irc_sasl_mech mech)
{
    const char *name = bot_irc_sasl_mech_name(mech);
    const char *p = caps;
    size_t n;

    while (*p) {
        n = strcspn(p, " ");
        if (n >= 4 && strncmp(p, "sasl", 4) == 0 && (n == 4 || p[4] == '=')) {
            const char *v = p + 5, *end = p + n;
            if (n <= 5) /* "sasl" or "sasl=": any mechanism */
                return 1;
            while (v < end) {
                size_t m = strcspn(v, ", ");
                if (m == strlen(name) && strncasecmp(v, name, m) == 0)
                    return 1;
                v += m + (v + m < end);
            }
            return -1;
        }
        p += n;
        p += strspn(p, " ");
    }
    return 0;
}

int
bot_irc_sasl_start(struct bot_irc_sasl *s, char *line, size_t cap)
{
    int n =
        snprintf(line, cap, "AUTHENTICATE %s", bot_irc_sasl_mech_name(s->mech));

    s->payload_sent = 0;
    return n < 0 || (size_t)n >= cap ? BOT_EINVAL : 0;
}

size_t
bot_irc_sasl_base64(const void *in, size_t n, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                              "vwxyz0123456789+/";
    const unsigned char *b = in;
    size_t i, o = 0;

    for (i = 0; i + 2 < n; i += 3) {
        unsigned long v =
            (unsigned long)b[i] << 16 | (unsigned long)b[i + 1] << 8 | b[i + 2];
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = abc[v >> 6 & 63];
        out[o++] = abc[v & 63];
    }
    if (i < n) {
        unsigned long v = (unsigned long)b[i] << 16 |
                          (i + 1 < n ? (unsigned long)b[i + 1] << 8 : 0);
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

/* PLAIN's payload, "authzid\0authcid\0passwd" (both ids the user), in
 * base64 lines of at most 400 bytes; "+" after a last one of exactly 400
 * (an empty payload is "+" alone). */
static int
send_plain(const struct bot_irc_sasl *s,
           int (*send)(void *arg, const char *line), void *arg)
{
    size_t ul = strlen(s->user), pl = strlen(s->password);
    size_t raw_len = 2 * ul + 2 + pl, b64_len, at;
    char *raw = malloc(raw_len + 1), *b64 = malloc(4 * (raw_len / 3 + 1) + 1);
    char line[16 + BOT_IRC_SASL_CHUNK];
    int rc = 0;

    if (!raw || !b64) {
        rc = BOT_ENOMEM;
        goto out;
    }
    memcpy(raw, s->user, ul);
    raw[ul] = '\0';
    memcpy(raw + ul + 1, s->user, ul);
    raw[2 * ul + 1] = '\0';
    memcpy(raw + 2 * ul + 2, s->password, pl);
    b64_len = bot_irc_sasl_base64(raw, raw_len, b64);
    for (at = 0; at < b64_len && rc >= 0; at += BOT_IRC_SASL_CHUNK) {
        size_t n = b64_len - at < BOT_IRC_SASL_CHUNK ? b64_len - at
                                                     : BOT_IRC_SASL_CHUNK;
        snprintf(line, sizeof(line), "AUTHENTICATE %.*s", (int)n, b64 + at);
        rc = send(arg, line);
    }
    if (rc >= 0 && b64_len % BOT_IRC_SASL_CHUNK == 0)
        rc = send(arg, "AUTHENTICATE +");
    memset(line, 0, sizeof(line));
out:
    if (raw)
        memset(raw, 0, raw_len);
    bot_secret_free(b64);
    free(raw);
    return rc;
}

/* The server's text (the last parameter), for @why. */
static void
say(char *why, size_t cap, const struct bot_irc_msg *m, const char *what)
{
    snprintf(why, cap, "%s (%s %.160s)", what, m->command,
             m->nparams > 1 ? m->params[m->nparams - 1] : "");
}

enum bot_irc_sasl_step
bot_irc_sasl_step(struct bot_irc_sasl *s, const struct bot_irc_msg *m,
                  int (*send)(void *arg, const char *line), void *arg,
                  char *why, size_t cap)
{
    const char *c = m->command;

    if (!strcmp(c, "AUTHENTICATE")) {
        if (m->nparams < 1 || strcmp(m->params[0], "+") != 0 || s->payload_sent)
            return BOT_IRC_SASL_GOING; /* a challenge PLAIN does not have */
        s->payload_sent = 1;
        if (s->mech == BOT_IRC_SASL_EXTERNAL)
            send(arg, "AUTHENTICATE +");
        else if (send_plain(s, send, arg) == BOT_ENOMEM)
            return BOT_IRC_SASL_ABORTED;
        return BOT_IRC_SASL_GOING;
    }
    if (strlen(c) != 3 || c[0] != '9' || c[1] != '0')
        return BOT_IRC_SASL_OTHER;
    switch (c[2]) {
    case '0': /* RPL_LOGGEDIN; 903 follows */
    case '1': /* RPL_LOGGEDOUT */
        return BOT_IRC_SASL_GOING;
    case '3': /* RPL_SASLSUCCESS */
    case '7': /* ERR_SASLALREADY: we are logged in already */
        return BOT_IRC_SASL_DONE;
    case '2': /* ERR_NICKLOCKED: the account is locked or held */
        say(why, cap, m, "the account is locked, held or unavailable");
        return BOT_IRC_SASL_REFUSED;
    case '4': /* ERR_SASLFAIL */
        say(why, cap, m, "SASL authentication failed");
        return BOT_IRC_SASL_REFUSED;
    case '5': /* ERR_SASLTOOLONG */
        say(why, cap, m, "the server found the SASL message too long");
        return BOT_IRC_SASL_REFUSED;
    case '6': /* ERR_SASLABORTED */
        say(why, cap, m, "the server aborted SASL authentication");
        return BOT_IRC_SASL_ABORTED;
    case '8': /* RPL_SASLMECHS: ours is not among them */
        snprintf(why, cap, "the server offers SASL %.100s, not %s (908)",
                 m->nparams > 1 ? m->params[1] : "?",
                 bot_irc_sasl_mech_name(s->mech));
        return BOT_IRC_SASL_NO_MECH;
    default:
        return BOT_IRC_SASL_OTHER;
    }
}
