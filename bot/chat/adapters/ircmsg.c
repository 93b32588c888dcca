/* The IRC protocol: parsing and writing lines (RFC 1459 and IRCv3 tags).
 * Pure: no I/O. */
#include "bot/chat/adapters/ircmsg.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define REST_MAX     (BOT_IRC_LINE_MAX - 2) /* the non-tag part, CRLF cut */
#define USERHOST_MAX 63 /* assumed length of an unknown user@host */

/* Where the parser copies the pieces of a line: msg->buf, as NUL-ended
 * strings one after another. */
struct out {
    char *p;
    size_t left;
};

static char *
put(struct out *o, const char *s, size_t n)
{
    char *start = o->p;

    if (n >= o->left)
        return NULL;
    memcpy(start, s, n);
    start[n] = '\0';
    o->p += n + 1;
    o->left -= n + 1;
    return start;
}

static char
unescape(char c)
{
    switch (c) {
    case ':':
        return ';';
    case 's':
        return ' ';
    case 'r':
        return '\r';
    case 'n':
        return '\n';
    default: /* "\\" is a backslash; an unknown escape drops the '\' */
        return c;
    }
}

/* Copies a tag value, unescaped (never longer than the escaped form). */
static char *
put_value(struct out *o, const char *s, size_t n)
{
    char *start = o->p;
    size_t i, w = 0;

    if (n >= o->left)
        return NULL;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (c == '\\') {
            if (++i == n)
                break; /* a lone trailing backslash is dropped */
            c = unescape(s[i]);
        }
        start[w++] = c;
    }
    start[w] = '\0';
    o->p += w + 1;
    o->left -= w + 1;
    return start;
}

/* "key=value;key2;..." without the '@'. Empty keys are skipped, and tags
 * past BOT_IRC_TAG_COUNT are ignored rather than failing the line. */
static int
parse_tags(struct bot_irc_msg *msg, struct out *o, const char *s, size_t n)
{
    const char *end = s + n;

    while (s < end) {
        const char *semi = memchr(s, ';', (size_t)(end - s));
        const char *stop = semi ? semi : end;
        const char *eq = memchr(s, '=', (size_t)(stop - s));
        const char *kend = eq ? eq : stop;

        if (kend > s && msg->ntags < BOT_IRC_TAG_COUNT) {
            struct bot_irc_tag *t = &msg->tags[msg->ntags];

            t->key = put(o, s, (size_t)(kend - s));
            if (!t->key)
                return BOT_EPARSE;
            /* no value: share the key's terminating NUL as "" */
            t->value = eq ? put_value(o, eq + 1, (size_t)(stop - eq - 1))
                          : t->key + (kend - s);
            if (!t->value)
                return BOT_EPARSE;
            msg->ntags++;
        }
        s = semi ? semi + 1 : end;
    }
    return 0;
}

static const char *
skip(const char *s, const char *end)
{
    while (s < end && *s == ' ')
        s++;
    return s;
}

static const char *
word_end(const char *s, const char *end)
{
    while (s < end && *s != ' ')
        s++;
    return s;
}

/* The nick is the prefix up to '!' or '@', or the whole prefix. */
static int
set_nick(struct bot_irc_msg *msg, struct out *o)
{
    size_t k = strcspn(msg->prefix, "!@");

    if (k == 0)
        return BOT_EPARSE;
    msg->nick = msg->prefix[k] ? put(o, msg->prefix, k) : msg->prefix;
    return msg->nick ? 0 : BOT_EPARSE;
}

static int
parse_params(struct bot_irc_msg *msg, struct out *o, const char *s,
             const char *end)
{
    const char *tok;

    for (;;) {
        s = skip(s, end);
        if (s == end)
            return 0;
        if (msg->nparams == BOT_IRC_PARAMS_MAX)
            return BOT_EPARSE;
        if (*s == ':') { /* trailing: the rest of the line, spaces and all */
            tok = s + 1;
            s = end;
        } else {
            tok = s;
            s = word_end(s, end);
        }
        msg->params[msg->nparams] = put(o, tok, (size_t)(s - tok));
        if (!msg->params[msg->nparams])
            return BOT_EPARSE;
        msg->nparams++;
    }
}

/* "[:prefix ]COMMAND[ params][ :trailing]" */
static int
parse_rest(struct bot_irc_msg *msg, struct out *o, const char *s,
           const char *end)
{
    const char *tok;
    int rc;

    s = skip(s, end);
    if (s < end && *s == ':') {
        tok = ++s;
        s = word_end(s, end);
        if (s == tok)
            return BOT_EPARSE;
        msg->prefix = put(o, tok, (size_t)(s - tok));
        if (!msg->prefix)
            return BOT_EPARSE;
        rc = set_nick(msg, o);
        if (rc < 0)
            return rc;
        s = skip(s, end);
    }
    tok = s;
    s = word_end(s, end);
    if (s == tok)
        return BOT_EPARSE;
    msg->command = put(o, tok, (size_t)(s - tok));
    if (!msg->command)
        return BOT_EPARSE;
    return parse_params(msg, o, s, end);
}

static int
has_bad_byte(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (s[i] == '\0' || s[i] == '\r' || s[i] == '\n')
            return 1;
    }
    return 0;
}

static void
clear(struct bot_irc_msg *msg)
{
    msg->buf[0] = '\0';
    msg->ntags = 0;
    msg->nparams = 0;
    msg->prefix = NULL;
    msg->nick = NULL;
    msg->command = NULL;
}

/* Caps: "@tags " (the '@' and one space included) within
 * BOT_IRC_TAGS_MAX, and the rest within 510 bytes. */
int
bot_irc_parse(const char *line, size_t len, struct bot_irc_msg *msg)
{
    struct out o = {msg->buf, sizeof(msg->buf)};
    const char *s = line, *end = line + len, *t;
    int rc = BOT_EPARSE;

    clear(msg);
    if (len == 0 || has_bad_byte(line, len))
        goto out;
    if (*s == '@') {
        t = word_end(s, end);
        if ((size_t)(t - s) + 1 > BOT_IRC_TAGS_MAX)
            goto out;
        rc = parse_tags(msg, &o, s + 1, (size_t)(t - s - 1));
        if (rc < 0)
            goto out;
        s = skip(t, end);
        rc = BOT_EPARSE;
    }
    if ((size_t)(end - s) > REST_MAX)
        goto out;
    rc = parse_rest(msg, &o, s, end);
out:
    if (rc < 0)
        clear(msg);
    return rc;
}

/* IRCv3: when a key repeats, the last value wins. */
const char *
bot_irc_tag(const struct bot_irc_msg *msg, const char *key)
{
    int i;

    for (i = msg->ntags - 1; i >= 0; i--) {
        if (strcmp(msg->tags[i].key, key) == 0)
            return msg->tags[i].value;
    }
    return NULL;
}

static int
fold(enum bot_irc_casemap map, unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 'a';
    if (map == BOT_IRC_ASCII)
        return c;
    switch (c) {
    case '[':
        return '{';
    case ']':
        return '}';
    case '\\':
        return '|';
    case '~':
        return map == BOT_IRC_RFC1459 ? '^' : '~';
    default:
        return c;
    }
}

int
bot_irc_ncasecmp(enum bot_irc_casemap map, const char *a, const char *b,
                 size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int ca = fold(map, (unsigned char)a[i]);
        int cb = fold(map, (unsigned char)b[i]);

        if (ca != cb || ca == '\0')
            return ca - cb;
    }
    return 0;
}

int
bot_irc_casecmp(enum bot_irc_casemap map, const char *a, const char *b)
{
    return bot_irc_ncasecmp(map, a, b, SIZE_MAX);
}

enum bot_irc_casemap
bot_irc_casemap_parse(const char *value)
{
    if (value && strcmp(value, "ascii") == 0)
        return BOT_IRC_ASCII;
    if (value && strcmp(value, "strict-rfc1459") == 0)
        return BOT_IRC_STRICT_RFC1459;
    return BOT_IRC_RFC1459;
}

int
bot_irc_split_lines(const char *buf, size_t len,
                    int (*fn)(void *arg, const char *line, size_t len),
                    void *arg)
{
    const char *s = buf, *end = buf + len;
    int n = 0, rc;

    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t l = (size_t)((nl ? nl : end) - s);

        if (l > 0 && s[l - 1] == '\r')
            l--;
        if (l > 0) {
            rc = fn(arg, s, l);
            if (rc < 0)
                return rc;
            n++;
        }
        s = nl ? nl + 1 : end;
    }
    return n;
}

enum bot_disconnect
bot_irc_closing(const struct bot_irc_msg *msg)
{
    const char *c = msg->command ? msg->command : "", *text;
    char low[BOT_IRC_LINE_MAX];
    size_t i;

    if (strcmp(c, "RECONNECT") == 0) /* Twitch: the server restarts */
        return BOT_DISCONNECT_CLOSED_BY_SERVER;
    if (strcmp(c, "ERROR") != 0)
        return BOT_DISCONNECT_NONE;
    /* "Closing link: (nick@host) [Ping timeout: 120 seconds]" */
    text = msg->nparams ? msg->params[msg->nparams - 1] : "";
    for (i = 0; text[i] && i < sizeof(low) - 1; i++)
        low[i] = (char)tolower((unsigned char)text[i]);
    low[i] = '\0';
    if (strstr(low, "timeout") || strstr(low, "timed out"))
        return BOT_DISCONNECT_TIMEOUT;
    if (strstr(low, "flood") || strstr(low, "recvq"))
        return BOT_DISCONNECT_RATE_LIMITED; /* we sent too much */
    return BOT_DISCONNECT_CLOSED_BY_SERVER; /* a kill, a ban, a restart */
}

int
bot_irc_is_ctcp(const char *text)
{
    return text && text[0] == '\001';
}

static size_t
slen(const char *s)
{
    return s ? strlen(s) : 0;
}

size_t
bot_irc_line_budget(const char *nick, const char *userhost, const char *target)
{
    size_t used = strlen(":!") + slen(nick) +
                  (userhost ? strlen(userhost) : USERHOST_MAX) +
                  strlen(" PRIVMSG ") + slen(target) + strlen(" :");

    return used < REST_MAX ? REST_MAX - used : 1;
}

/* A target is one non-empty word that cannot be read as a trailing. */
int
bot_irc_format_privmsg(char *out, size_t cap, const char *target,
                       const char *text)
{
    size_t tl, xl, n;

    if (!out || !target || !text)
        return BOT_EINVAL;
    tl = strlen(target);
    xl = strlen(text);
    if (tl == 0 || target[0] == ':' || strcspn(target, "\r\n ") != tl ||
        strcspn(text, "\r\n") != xl)
        return BOT_EINVAL;
    n = strlen("PRIVMSG ") + tl + strlen(" :") + xl;
    if (n >= cap || n > INT_MAX)
        return BOT_EINVAL;
    snprintf(out, cap, "PRIVMSG %s :%s", target, text);
    return (int)n;
}
