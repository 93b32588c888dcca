/* The URLs of the configuration (IRC_URL, MATTERMOST_URL, the REST and
 * gateway overrides) checked: their form, and no plain text to a host
 * that is not this machine. IRC_URL alone may also be irc:// (TCP) or
 * ircs:// (TLS). Part of the config module (config_int.h). */
#include "bot/chat/config.h"
#include "config_int.h"

#include <string.h>
#include <strings.h>

/* localhost, 127.0.0.0/8 as a dotted quad, or [::1]. */
int
bot_config_is_loopback(const char *h, size_t len)
{
    size_t i = 4, digits;
    int parts = 1, val;

    if (len == 9 && strncasecmp(h, "localhost", 9) == 0)
        return 1;
    if (len == 5 && memcmp(h, "[::1]", 5) == 0)
        return 1;
    if (len < 5 || memcmp(h, "127.", 4) != 0)
        return 0;
    for (;;) {
        val = 0;
        for (digits = 0; i < len && IS_DIGIT(h[i]) && digits < 3; digits++)
            val = val * 10 + (h[i++] - '0');
        if (digits == 0 || val > 255 || ++parts > 4)
            return 0;
        if (i == len)
            return parts == 4;
        if (h[i++] != '.')
            return 0;
    }
}

struct url {
    const char *host; /* borrowed from the URL, not NUL-terminated */
    size_t hostlen;
    int secure; /* wss://, https:// or ircs:// */
};

/* Checks the authority's host (an [IPv6] or a name) and optional :port. */
static const char *
parse_host(const char *p, const char *end, struct url *u)
{
    const char *colon, *close;
    size_t n;
    long port = 0;

    u->host = p;
    if (*p == '[') {
        close = memchr(p, ']', (size_t)(end - p));
        n = close ? (size_t)(close - p - 1) : 0;
        if (n == 0 || strspn(p + 1, "0123456789abcdefABCDEF:.") != n ||
            !memchr(p + 1, ':', n))
            return "bad IPv6 address";
        colon = close + 1;
        if (colon != end && *colon != ':')
            return "bad host";
    } else {
        colon = memchr(p, ':', (size_t)(end - p));
        colon = colon ? colon : end;
        n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789-._");
        if (colon == p)
            return "the URL has no host";
        if (n != (size_t)(colon - p))
            return "bad host";
    }
    u->hostlen = (size_t)(colon - p);
    if (colon == end)
        return NULL;
    for (p = colon + 1; p < end && IS_DIGIT(*p) && port <= 65535; p++)
        port = port * 10 + (*p - '0');
    if (p != end || port < 1 || port > 65535)
        return "the port must be a number from 1 to 65535";
    return NULL;
}

/* NULL if @url is acceptable in form, else why not (never echoing it).
 * @irc: IRC_URL's, where irc:// and ircs:// are allowed too. */
static const char *
parse_url(const char *url, struct url *u, int irc)
{
    static const char *const schemes[] = {"ws://",  "http://",  "irc://",
                                          "wss://", "https://", "ircs://"};
    const char *p = NULL, *end;
    size_t i;

    for (i = 0; i < NELEM(schemes) && !p; i++) {
        if ((irc || strncmp(schemes[i], "irc", 3) != 0) &&
            strncasecmp(url, schemes[i], strlen(schemes[i])) == 0) {
            p = url + strlen(schemes[i]);
            u->secure = i >= 3;
        }
    }
    if (!p)
        return irc ? "the URL must start with ircs://, irc://, wss:// or ws://"
                   : "the URL must start with ws://, wss://, http:// or "
                     "https://";
    for (end = url; *end; end++) {
        if ((unsigned char)*end <= ' ' || *end == 0x7f)
            return "the URL contains a space or control character";
    }
    end = p + strcspn(p, "/?#");
    if (memchr(p, '@', (size_t)(end - p)))
        return "user names and passwords in the URL are not allowed";
    if (strncasecmp(url, "irc", 3) == 0 && *end && strcmp(end, "/") != 0)
        return "an irc:// or ircs:// URL has no path (name the channels in "
               "IRC_CHANNELS)";
    return parse_host(p, end, u);
}

int
bot_config_check_url(const char *key, const char *url, int allow_insecure)
{
    struct url u = {NULL, 0, 0};
    int irc = strcmp(key, "IRC_URL") == 0;
    const char *why = url ? parse_url(url, &u, irc) : "no URL given";
    const char *host = u.host;
    int n = (int)(u.hostlen < SHOW_MAX ? u.hostlen : SHOW_MAX);

    if (why)
        return bot_fail(BOT_EINVAL, "%s: %s", key, why);
    if (u.secure || allow_insecure || bot_config_is_loopback(u.host, u.hostlen))
        return 0;
    if (bot_config_is_secret(key)) {
        host = "****";
        n = 4;
    }
    return bot_fail(BOT_EINVAL,
                    "%s: plain-text %.*s to non-loopback host '%.*s' refused; "
                    "use %s, or set NEWSBOT_ALLOW_INSECURE=1",
                    key, (int)strcspn(url, ":"), url, n, host,
                    irc ? "ircs:// or wss://" : "wss:// or https://");
}
