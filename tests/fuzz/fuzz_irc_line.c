/* Fuzz target irc_line: the IRC protocol text (bot/irc.c) with no I/O.
 * The input is one WebSocket message: split into lines as the adapter
 * does, each line parsed; what parses must keep the parser's promises
 * (a command, params within the caps, no CR, LF or NUL), its pieces go
 * through the tag lookup, the case mappings, the CTCP check and the line
 * budget, and a PRIVMSG built from them must parse back to the same
 * target and text. */
#include <stdlib.h>
#include <string.h>

#include "bot/base/secret.h"
#include "bot/chat/adapters/ircmsg.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/knowledge/kbload.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "harness.h"

static struct bot_irc_msg *msg, *again;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    msg = malloc(sizeof(*msg));
    again = malloc(sizeof(*again));
    if (!msg || !again)
        fuzz_die("out of memory");
    return 0;
}

static int
in_buf(const struct bot_irc_msg *m, const char *p)
{
    return p >= m->buf && p < m->buf + sizeof(m->buf);
}

static void
check_piece(const char *what, const char *s)
{
    if (strchr(s, '\r') || strchr(s, '\n'))
        fuzz_die("irc: a parsed %s holds CR or LF", what);
}

static void
round_trip(const char *target, const char *text)
{
    char line[BOT_IRC_LINE_MAX];
    int n = bot_irc_format_privmsg(line, sizeof(line), target, text);

    if (n < 0 || n > BOT_IRC_LINE_MAX - 2)
        return;
    if ((size_t)n != strlen(line))
        fuzz_die("irc: format_privmsg said %d bytes for %zu", n, strlen(line));
    if (bot_irc_parse(line, (size_t)n, again) != 0)
        fuzz_die("irc: our own PRIVMSG does not parse: %s", line);
    if (strcmp(again->command, "PRIVMSG") != 0 || again->nparams != 2 ||
        strcmp(again->params[0], target) != 0 ||
        strcmp(again->params[1], text) != 0)
        fuzz_die("irc: our own PRIVMSG parses differently: %s", line);
}

static void
use(const struct bot_irc_msg *m)
{
    static const char *const keys[] = {"bot", "draft/bot",    "time", "msgid",
                                       "id",  "+draft/reply", "",     NULL};
    static const enum bot_irc_casemap maps[] = {BOT_IRC_RFC1459, BOT_IRC_ASCII,
                                                BOT_IRC_STRICT_RFC1459};
    const char *last;
    size_t i;
    int k;

    if (!m->command || !*m->command || strchr(m->command, ' ') ||
        !in_buf(m, m->command))
        fuzz_die("irc: a parsed line without a proper command");
    if (m->nparams < 0 || m->nparams > BOT_IRC_PARAMS_MAX || m->ntags < 0 ||
        m->ntags > BOT_IRC_TAG_COUNT)
        fuzz_die("irc: %d params, %d tags", m->nparams, m->ntags);
    if (m->prefix && (!m->nick || !*m->nick || !in_buf(m, m->prefix)))
        fuzz_die("irc: a prefix without a nick");
    for (k = 0; k < m->ntags; k++) {
        if (!*m->tags[k].key || !in_buf(m, m->tags[k].key) || !m->tags[k].value)
            fuzz_die("irc: tag %d is broken", k);
        if (bot_irc_tag(m, m->tags[k].key) == NULL)
            fuzz_die("irc: tag %s is not found", m->tags[k].key);
    }
    for (k = 0; k < m->nparams; k++) {
        if (!in_buf(m, m->params[k]))
            fuzz_die("irc: param %d points outside the message", k);
        check_piece("param", m->params[k]);
    }
    for (i = 0; keys[i]; i++)
        (void)bot_irc_tag(m, keys[i]);
    last = m->nparams ? m->params[m->nparams - 1] : "";
    (void)bot_irc_is_ctcp(last);
    for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
        const char *nick = m->nick ? m->nick : m->command;
        if (bot_irc_casecmp(maps[i], nick, nick) != 0)
            fuzz_die("irc: a name differs from itself");
        (void)bot_irc_casecmp(maps[i], nick, "NewsBot");
        (void)bot_irc_ncasecmp(maps[i], last, "newsbot:", 8);
    }
    for (k = 1; k < m->nparams; k++) {
        if (!strncmp(m->params[k], "CASEMAPPING=", 12))
            (void)bot_irc_casemap_parse(m->params[k] + 12);
    }
    if (m->nparams >= 1) {
        size_t b = bot_irc_line_budget(m->nick, m->prefix, m->params[0]);
        if (b < 1 || b > BOT_IRC_LINE_MAX - 2)
            fuzz_die("irc: a line budget of %zu", b);
        round_trip(m->params[0], last);
    }
}

static int
on_line(void *arg, const char *line, size_t len)
{
    (void)arg;
    if (len == 0 || memchr(line, '\n', len))
        fuzz_die("irc: split_lines gave a bad line (%zu bytes)", len);
    if (bot_irc_parse(line, len, msg) == 0)
        use(msg);
    else if (msg->command || msg->nparams || msg->ntags || msg->prefix)
        fuzz_die("irc: a failed parse left pieces behind");
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;

    if (bot_irc_split_lines(s, size, on_line, NULL) < 0)
        fuzz_die("irc: split_lines failed");
    /* The whole message as one line too: CR, LF and NUL must be refused
     * there. */
    if (bot_irc_parse(s, size, msg) == 0) {
        if (memchr(s, '\n', size) || memchr(s, '\r', size) ||
            memchr(s, '\0', size))
            fuzz_die("irc: a line with CR, LF or NUL parsed");
        use(msg);
    }
    return 0;
}
