/* SASL for IRC (IRCv3 SASL 3.1: PLAIN and EXTERNAL). Pure: no I/O. */
#ifndef BOT_IRCSASL_H
#define BOT_IRCSASL_H

#include <stddef.h>

#include "bot/chat/adapters/ircmsg.h"

/* The SASL exchange during CAP negotiation, as text: which mechanism the
 * server offers, the AUTHENTICATE lines to send, and what the server's
 * AUTHENTICATE and 900-908 numerics mean. No I/O, no logging of the
 * credentials. */

enum bot_irc_sasl_mech {
    BOT_IRC_SASL_NONE = 0,
    BOT_IRC_SASL_PLAIN,   /* IRC_SASL_USER and IRC_SASL_PASSWORD */
    BOT_IRC_SASL_EXTERNAL /* the TLS client certificate (CertFP) */
};

/* Base64 bytes per AUTHENTICATE line. */
#define BOT_IRC_SASL_CHUNK 400

/* What a server line means for the exchange. */
enum bot_irc_sasl_step {
    BOT_IRC_SASL_OTHER = 0, /* not about SASL */
    BOT_IRC_SASL_GOING,     /* handled; the exchange goes on */
    BOT_IRC_SASL_DONE,      /* authenticated (903, or 907): CAP END */
    BOT_IRC_SASL_REFUSED,   /* credentials refused (902, 904, 905) */
    BOT_IRC_SASL_NO_MECH,   /* our mechanism is not offered (908) */
    BOT_IRC_SASL_ABORTED    /* the exchange was aborted (906): retry */
};

struct bot_irc_sasl {
    enum bot_irc_sasl_mech mech;
    const char *user, *password; /* borrowed from the config; never logged */
    int payload_sent;
};

/* "PLAIN", "EXTERNAL" or "". */
const char *bot_irc_sasl_mech_name(enum bot_irc_sasl_mech mech);

/* Whether the caps of CAP LS (@caps: "a b sasl=PLAIN,EXTERNAL c") offer
 * @mech. Return: 1 if they do (sasl listed with @mech, or with no list),
 * 0 if sasl is not listed, -1 if it is but without @mech. */
int bot_irc_sasl_offered(const char *caps, enum bot_irc_sasl_mech mech);

/* The first line of the exchange ("AUTHENTICATE PLAIN") into @line.
 * Return: 0, or BOT_EINVAL when @cap is too small. */
int bot_irc_sasl_start(struct bot_irc_sasl *s, char *line, size_t cap);

/**
 * bot_irc_sasl_step() - what server line @m means for the exchange.
 * @send: called with each line to send (the payload after the server's
 *        "AUTHENTICATE +": PLAIN's base64 of "user\0user\0password" in
 *        400-byte lines, and "AUTHENTICATE +" after a last line of exactly
 *        400; EXTERNAL's "AUTHENTICATE +"). A negative return stops it.
 * @why:  for REFUSED, NO_MECH and ABORTED, what went wrong, for the log
 *        (the server's words and the numeric; never the credentials).
 * Return: the step; OTHER for a line that is not about SASL.
 */
enum bot_irc_sasl_step
bot_irc_sasl_step(struct bot_irc_sasl *s, const struct bot_irc_msg *m,
                  int (*send)(void *arg, const char *line), void *arg,
                  char *why, size_t cap);

/* Base64 (RFC 4648, with padding) of @n bytes of @in into @out, which
 * must hold 4 * ((@n + 2) / 3) + 1 bytes. Return: the length written. */
size_t bot_irc_sasl_base64(const void *in, size_t n, char *out);

#endif
