/* The IRC protocol: parsing and writing lines (RFC 1459 and IRCv3 tags).
 * Pure: no I/O. */
#ifndef BOT_IRC_H
#define BOT_IRC_H

#include <stddef.h>

#include "bot/base/err.h"
#include "bot/chat/metrics.h"

/* IRC protocol text, with no I/O: parsing lines into messages, building
 * lines, and comparing names under the server's case mapping. */

#define BOT_IRC_LINE_MAX   512  /* RFC 1459 line, CRLF included */
#define BOT_IRC_TAGS_MAX   8191 /* IRCv3 message-tags budget */
#define BOT_IRC_PARAMS_MAX 15
#define BOT_IRC_TAG_COUNT  32

struct bot_irc_tag {
    char *key;   /* points into the message's buffer */
    char *value; /* unescaped; "" for a tag without a value */
};

/* One parsed line. All pointers point into @buf, which the parser owns. */
struct bot_irc_msg {
    char buf[BOT_IRC_TAGS_MAX + 2 * BOT_IRC_LINE_MAX];
    struct bot_irc_tag tags[BOT_IRC_TAG_COUNT];
    int ntags;
    const char *prefix;  /* "nick!user@host" or "server", or NULL */
    const char *nick;    /* the prefix's nick part, or NULL */
    const char *command; /* "PRIVMSG", "001", upper case as sent */
    const char *params[BOT_IRC_PARAMS_MAX];
    int nparams; /* the trailing parameter, if any, is the last one */
};

/**
 * bot_irc_parse() - parse one IRC line (without CR/LF) into @msg.
 * Accepts "[@tags ][:prefix ]COMMAND[ params][ :trailing]"; unescapes tag
 * values (\: -> ;, \s -> space, \\ -> \, \r, \n; a lone trailing \ is
 * dropped). Return: 0, or BOT_EPARSE for an empty line, a line with no
 * command, a line over the caps, or one with a NUL, CR or LF byte.
 * On failure @msg holds no tags, no prefix, no command and no params.
 */
BOT_MUST_CHECK int bot_irc_parse(const char *line, size_t len,
                                 struct bot_irc_msg *msg);

/* The value of tag @key ("" if present without a value), or NULL. */
const char *bot_irc_tag(const struct bot_irc_msg *msg, const char *key);

/* Case mappings from ISUPPORT CASEMAPPING. */
enum bot_irc_casemap {
    BOT_IRC_RFC1459 = 0,   /* A-Z and []\~ fold to a-z and {}|^ (default) */
    BOT_IRC_ASCII,         /* only A-Z */
    BOT_IRC_STRICT_RFC1459 /* A-Z and []\ (not ~) */
};

/* Compares two names (nicks, channels) under @map: 0 when equal. */
int bot_irc_casecmp(enum bot_irc_casemap map, const char *a, const char *b);
/* Compares the first @n bytes. */
int bot_irc_ncasecmp(enum bot_irc_casemap map, const char *a, const char *b,
                     size_t n);

/* Parses a CASEMAPPING value; unknown values give BOT_IRC_RFC1459. */
enum bot_irc_casemap bot_irc_casemap_parse(const char *value);

/**
 * bot_irc_split_lines() - split a WebSocket message into IRC lines.
 * Lines end at "\r\n" or "\n" (Twitch sends several per message); empty
 * pieces are skipped. Calls @fn for each line with its length; stops and
 * returns @fn's value if it is negative. Return: the number of lines.
 */
int bot_irc_split_lines(const char *buf, size_t len,
                        int (*fn)(void *arg, const char *line, size_t len),
                        void *arg);

/* Why the server is ending the connection, if @msg says so: ERROR
 * (its text: a ping timeout, a flood, a kill, ...) or Twitch's RECONNECT.
 * Return: the reason, or BOT_DISCONNECT_NONE for any other line. */
enum bot_disconnect bot_irc_closing(const struct bot_irc_msg *msg);

/* True if @text is a CTCP message ("\001VERSION\001", "\001ACTION ..."). */
int bot_irc_is_ctcp(const char *text);

/**
 * bot_irc_line_budget() - bytes of text one PRIVMSG may carry.
 * The server relays ":nick!user@host PRIVMSG target :text" and cuts it at
 * 510 bytes; @userhost may be NULL when unknown (then 63 bytes of user@host
 * are assumed). Return: the budget, at least 1.
 */
size_t bot_irc_line_budget(const char *nick, const char *userhost,
                           const char *target);

/* Writes "PRIVMSG target :text" into @out (cap @cap). Return: the length,
 * or BOT_EINVAL if @target or @text holds CR, LF or NUL, or it does not
 * fit. */
BOT_MUST_CHECK int bot_irc_format_privmsg(char *out, size_t cap,
                                          const char *target, const char *text);

#endif
