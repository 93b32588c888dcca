#include "bot/chat/adapters/ircmsg.h"

#include <stdio.h>
#include <string.h>

#include "bot/chat/adapters/ircsasl.h"

#include "bot/base/err.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static struct bot_irc_msg msg; /* large: keep it off the stack */

static void
parse_ok(const char *line)
{
    if (bot_irc_parse(line, strlen(line), &msg) != 0)
        TEST_FAIL("\"%s\": parse failed", line);
}

static void
test_irc_tag_escapes(void)
{
    parse_ok("@a=x\\sy;b=1\\:2;c=back\\\\slash;d=cr\\rlf\\n;u=\\b;e=end\\ "
             "PING :irc.test");
    ASSERT_EQ(6, msg.ntags);
    ASSERT_STR_EQ("a", msg.tags[0].key);
    ASSERT_STR_EQ("x y", bot_irc_tag(&msg, "a"));
    ASSERT_STR_EQ("1;2", bot_irc_tag(&msg, "b"));
    ASSERT_STR_EQ("back\\slash", bot_irc_tag(&msg, "c"));
    ASSERT_STR_EQ("cr\rlf\n", bot_irc_tag(&msg, "d"));
    ASSERT_STR_EQ("b", bot_irc_tag(&msg, "u"));   /* unknown escape: drop \ */
    ASSERT_STR_EQ("end", bot_irc_tag(&msg, "e")); /* lone trailing \ */
    ASSERT_STR_EQ("PING", msg.command);
    ASSERT_EQ(1, msg.nparams);
    ASSERT_STR_EQ("irc.test", msg.params[0]);
}

static void
test_irc_tag_without_value(void)
{
    parse_ok("@inspircd.org/bot;bot;k=;id=1;id=2;;=x :b!b@h PRIVMSG #c :hi");
    ASSERT_EQ(5, msg.ntags); /* ";;" and "=x" have no key: skipped */
    ASSERT_STR_EQ("", bot_irc_tag(&msg, "inspircd.org/bot"));
    ASSERT_STR_EQ("", bot_irc_tag(&msg, "bot"));
    ASSERT_STR_EQ("", bot_irc_tag(&msg, "k"));
    ASSERT_STR_EQ("2", bot_irc_tag(&msg, "id")); /* the last one wins */
    ASSERT(bot_irc_tag(&msg, "msgid") == NULL);
    ASSERT(bot_irc_tag(&msg, "") == NULL);
    ASSERT_STR_EQ("hi", msg.params[1]);
}

static void
test_irc_privmsg_fully_parsed(void)
{
    parse_ok("@time=2025-04-03T09:15:00.123Z;msgid=Xy7z :alice!alice@127.0.0.1"
             " PRIVMSG #news :newsbot: what?");
    ASSERT_EQ(2, msg.ntags);
    ASSERT_STR_EQ("time", msg.tags[0].key);
    ASSERT_STR_EQ("2025-04-03T09:15:00.123Z", msg.tags[0].value);
    ASSERT_STR_EQ("msgid", msg.tags[1].key);
    ASSERT_STR_EQ("Xy7z", bot_irc_tag(&msg, "msgid"));
    ASSERT_STR_EQ("alice!alice@127.0.0.1", msg.prefix);
    ASSERT_STR_EQ("alice", msg.nick);
    ASSERT_STR_EQ("PRIVMSG", msg.command);
    ASSERT_EQ(2, msg.nparams);
    ASSERT_STR_EQ("#news", msg.params[0]);
    ASSERT_STR_EQ("newsbot: what?", msg.params[1]);
}

static void
test_irc_ping_with_tags(void)
{
    parse_ok("@time=2025-04-03T09:15:00.000Z PING :irc.test");
    ASSERT_EQ(1, msg.ntags);
    ASSERT_STR_EQ("2025-04-03T09:15:00.000Z", bot_irc_tag(&msg, "time"));
    ASSERT(msg.prefix == NULL);
    ASSERT(msg.nick == NULL);
    ASSERT_STR_EQ("PING", msg.command);
    ASSERT_EQ(1, msg.nparams);
    ASSERT_STR_EQ("irc.test", msg.params[0]);

    parse_ok("PING :tmi.twitch.tv");
    ASSERT_EQ(0, msg.ntags);
    ASSERT_STR_EQ("tmi.twitch.tv", msg.params[0]);
}

static void
test_irc_numerics(void)
{
    static const char mid[] =
        "AWAYLEN=200 CASEMAPPING=rfc1459 CHANLIMIT=#:20 CHANMODES=b,k,l,imnpst "
        "CHANNELLEN=64 CHANTYPES=# ELIST=CMNTU HOSTLEN=64 KEYLEN=32 "
        "KICKLEN=255 LINELEN=512 MAXLIST=b:100 NICKLEN=30";
    char line[512], got[512];
    size_t i, o = 0;

    parse_ok(":irc.test 001 newsbot :Welcome to the TestNet IRC Network "
             "newsbot!newsbot@127.0.0.1");
    ASSERT_STR_EQ("irc.test", msg.prefix);
    ASSERT_STR_EQ("irc.test", msg.nick); /* a server name is its own nick */
    ASSERT_STR_EQ("001", msg.command);
    ASSERT_EQ(2, msg.nparams);
    ASSERT_STR_EQ("newsbot", msg.params[0]);
    ASSERT_STR_EQ("Welcome to the TestNet IRC Network "
                  "newsbot!newsbot@127.0.0.1",
                  msg.params[1]);

    snprintf(line, sizeof(line), ":irc.test 005 newsbot %s :are supported",
             mid);
    parse_ok(line);
    ASSERT_STR_EQ("005", msg.command);
    ASSERT_EQ(BOT_IRC_PARAMS_MAX, msg.nparams); /* nick, 13 tokens, text */
    ASSERT_STR_EQ("newsbot", msg.params[0]);
    for (i = 1; i < 14; i++) /* the 13 tokens, joined again */
        o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%s",
                              i > 1 ? " " : "", msg.params[i]);
    ASSERT_STR_EQ(mid, got);
    ASSERT_STR_EQ("are supported", msg.params[14]);

    parse_ok(":irc.test 433 * newsbot :Nickname is already in use.");
    ASSERT_STR_EQ("433", msg.command);
    ASSERT_EQ(3, msg.nparams);
    ASSERT_STR_EQ("*", msg.params[0]);
    ASSERT_STR_EQ("newsbot", msg.params[1]);
    ASSERT_STR_EQ("Nickname is already in use.", msg.params[2]);
}

static void
test_irc_trailing_keeps_spaces_and_colons(void)
{
    parse_ok(":bob!b@h   PRIVMSG    #c   :  hello :: world : ");
    ASSERT_STR_EQ("bob", msg.nick);
    ASSERT_STR_EQ("PRIVMSG", msg.command);
    ASSERT_EQ(2, msg.nparams);
    ASSERT_STR_EQ("#c", msg.params[0]);
    ASSERT_STR_EQ("  hello :: world : ", msg.params[1]);

    parse_ok(":carol@host MODE #c +k a:b :::x");
    ASSERT_STR_EQ("carol", msg.nick); /* '@' without '!' ends the nick too */
    ASSERT_EQ(4, msg.nparams);
    ASSERT_STR_EQ("a:b", msg.params[2]); /* a colon inside a middle param */
    ASSERT_STR_EQ("::x", msg.params[3]);
}

static void
test_irc_no_trailing(void)
{
    parse_ok(":newsbot!newsbot@127.0.0.1 JOIN #news");
    ASSERT_STR_EQ("JOIN", msg.command);
    ASSERT_EQ(1, msg.nparams);
    ASSERT_STR_EQ("#news", msg.params[0]);

    parse_ok("MODE newsbot +B   ");
    ASSERT(msg.prefix == NULL);
    ASSERT_EQ(2, msg.nparams);
    ASSERT_STR_EQ("+B", msg.params[1]);

    parse_ok(":tmi.twitch.tv RECONNECT");
    ASSERT_STR_EQ("RECONNECT", msg.command);
    ASSERT_EQ(0, msg.nparams);
}

static void
test_irc_empty_trailing(void)
{
    parse_ok("PRIVMSG #c :");
    ASSERT_EQ(2, msg.nparams);
    ASSERT_STR_EQ("#c", msg.params[0]);
    ASSERT_STR_EQ("", msg.params[1]);
}

static void
expect_bad(const char *line, size_t len)
{
    if (bot_irc_parse(line, len, &msg) != BOT_EPARSE)
        TEST_FAIL("\"%.*s\": parsed, want BOT_EPARSE", (int)len, line);
    ASSERT(msg.command == NULL);
    ASSERT_EQ(0, msg.ntags);
    ASSERT_EQ(0, msg.nparams);
}

static void
test_irc_bad_lines(void)
{
    static const char *const bad[] = {
        "",           "   ",          "@a=b", "@a=b   ", "@a=b :x!y@z",
        ":alice!a@h", ":alice!a@h  ", ":",    ": PING",  ":!u@h PING",
        "PING :a\rb", "PING\n"};
    static const char nul[] = "PRIV\0MSG #c :hi";
    size_t i;

    for (i = 0; i < NCASES(bad); i++)
        expect_bad(bad[i], strlen(bad[i]));
    expect_bad(nul, sizeof(nul) - 1);
    /* the header's contract: NUL is rejected even at the very end */
    expect_bad("PING :x", sizeof("PING :x"));
}

static void
test_irc_line_caps(void)
{
    static char line[BOT_IRC_TAGS_MAX + 2 * BOT_IRC_LINE_MAX];
    size_t n;

    /* 510 bytes of non-tag line parse; 511 do not */
    memset(line, 0, sizeof(line));
    memcpy(line, "PRIVMSG #c :", 12);
    memset(line + 12, 'x', 510 - 12);
    ASSERT_EQ(0, bot_irc_parse(line, 510, &msg));
    ASSERT_EQ(510 - 12, strlen(msg.params[1]));
    line[510] = 'x';
    expect_bad(line, 511);

    /* "@" + tags + " " may take BOT_IRC_TAGS_MAX bytes, plus 510 more */
    n = BOT_IRC_TAGS_MAX - 1; /* the tags token, without its space */
    memset(line, 'v', sizeof(line));
    memcpy(line, "@k=", 3);
    line[n] = ' ';
    memcpy(line + n + 1, ":alice!a@h PRIVMSG #c :", 23);
    ASSERT_EQ(0, bot_irc_parse(line, n + 1 + 510, &msg));
    ASSERT_EQ(n - 3, strlen(bot_irc_tag(&msg, "k")));
    ASSERT_STR_EQ("alice", msg.nick);
    ASSERT_EQ(510 - 23, strlen(msg.params[1]));
    expect_bad(line, n + 1 + 511);

    memset(line, 'v', sizeof(line));
    memcpy(line, "@k=", 3);
    line[n + 1] = ' '; /* one byte of tags too many */
    memcpy(line + n + 2, "PING :x", 7);
    expect_bad(line, n + 2 + 7);
}

static void
test_irc_too_many_params(void)
{
    static const char *const bad[] = {
        "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 :16",
        "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
        "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 :"};
    size_t i;

    for (i = 0; i < NCASES(bad); i++)
        expect_bad(bad[i], strlen(bad[i]));
    parse_ok("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15 and more");
    ASSERT_EQ(15, msg.nparams);
    ASSERT_STR_EQ("15 and more", msg.params[14]);
}

static void
test_irc_extra_tags_ignored(void)
{
    char line[512];
    size_t n = 0;
    int i;

    line[n++] = '@';
    for (i = 0; i < 40; i++)
        n += (size_t)snprintf(line + n, sizeof(line) - n, "t%d=%d;", i, i);
    n += (size_t)snprintf(line + n, sizeof(line) - n, " PING :x");
    parse_ok(line);
    ASSERT_EQ(BOT_IRC_TAG_COUNT, msg.ntags);
    ASSERT_STR_EQ("31", bot_irc_tag(&msg, "t31"));
    ASSERT(bot_irc_tag(&msg, "t32") == NULL);
    ASSERT_STR_EQ("PING", msg.command);
    ASSERT(n < sizeof(line));
}

static void
test_irc_casemap(void)
{
    ASSERT_EQ(0, bot_irc_casecmp(BOT_IRC_RFC1459, "Nick[a]", "nick{a}"));
    ASSERT_EQ(0, bot_irc_casecmp(BOT_IRC_STRICT_RFC1459, "Nick[a]", "nick{a}"));
    ASSERT(bot_irc_casecmp(BOT_IRC_ASCII, "Nick[a]", "nick{a}") != 0);
    ASSERT_EQ(0, bot_irc_casecmp(BOT_IRC_ASCII, "NewsBot", "newsbot"));
    ASSERT_EQ(0, bot_irc_casecmp(BOT_IRC_RFC1459, "A\\b", "a|B"));

    ASSERT_EQ(0, bot_irc_casecmp(BOT_IRC_RFC1459, "~", "^"));
    ASSERT(bot_irc_casecmp(BOT_IRC_STRICT_RFC1459, "~", "^") != 0);
    ASSERT(bot_irc_casecmp(BOT_IRC_ASCII, "~", "^") != 0);

    ASSERT(bot_irc_casecmp(BOT_IRC_RFC1459, "nick", "nicky") < 0);
    ASSERT(bot_irc_casecmp(BOT_IRC_RFC1459, "nicky", "nick") > 0);
    ASSERT_EQ(0,
              bot_irc_ncasecmp(BOT_IRC_RFC1459, "NewsBot: hi", "newsbot", 7));
    ASSERT(bot_irc_ncasecmp(BOT_IRC_RFC1459, "NewsBo: hi", "newsbot", 7) != 0);
    ASSERT_EQ(0, bot_irc_ncasecmp(BOT_IRC_ASCII, "abc", "abd", 2));
    ASSERT_EQ(0, bot_irc_ncasecmp(BOT_IRC_ASCII, "ab", "AB", 10));
}

static void
test_irc_casemap_parse(void)
{
    ASSERT_EQ(BOT_IRC_RFC1459, bot_irc_casemap_parse("rfc1459"));
    ASSERT_EQ(BOT_IRC_ASCII, bot_irc_casemap_parse("ascii"));
    ASSERT_EQ(BOT_IRC_STRICT_RFC1459, bot_irc_casemap_parse("strict-rfc1459"));
    ASSERT_EQ(BOT_IRC_RFC1459, bot_irc_casemap_parse("rfc7613"));
    ASSERT_EQ(BOT_IRC_RFC1459, bot_irc_casemap_parse(""));
    ASSERT_EQ(BOT_IRC_RFC1459, bot_irc_casemap_parse(NULL));
}

struct lines {
    char got[8][64];
    int n, stop_at;
};

static int
collect(void *arg, const char *line, size_t len)
{
    struct lines *l = arg;

    ASSERT(l->n < 8 && len < sizeof(l->got[0]));
    memcpy(l->got[l->n], line, len);
    l->got[l->n][len] = '\0';
    l->n++;
    return l->n == l->stop_at ? BOT_ENET : 0;
}

static void
test_irc_split_lines_mixed(void)
{
    static const char frame[] = "\r\nPING :a\r\nPING :b\n\r\n\n"
                                ":tmi.twitch.tv RECONNECT\r\nPING :c";
    struct lines l = {.n = 0};

    ASSERT_EQ(4, bot_irc_split_lines(frame, strlen(frame), collect, &l));
    ASSERT_EQ(4, l.n);
    ASSERT_STR_EQ("PING :a", l.got[0]);
    ASSERT_STR_EQ("PING :b", l.got[1]);
    ASSERT_STR_EQ(":tmi.twitch.tv RECONNECT", l.got[2]);
    ASSERT_STR_EQ("PING :c", l.got[3]);

    l.n = 0;
    ASSERT_EQ(1, bot_irc_split_lines("PING :x\r\n", 9, collect, &l));
    ASSERT_STR_EQ("PING :x", l.got[0]);
    ASSERT_EQ(0, bot_irc_split_lines("\r\n\n\r\n", 5, collect, &l));
    ASSERT_EQ(0, bot_irc_split_lines("", 0, collect, &l));
    ASSERT_EQ(1, l.n);
}

static void
test_irc_split_lines_callback_abort(void)
{
    static const char frame[] = "A\r\nB\r\nC\r\n";
    struct lines l = {.n = 0, .stop_at = 2};

    ASSERT_EQ(BOT_ENET, bot_irc_split_lines(frame, strlen(frame), collect, &l));
    ASSERT_EQ(2, l.n); /* "C" was never handed over */
    ASSERT_STR_EQ("B", l.got[1]);
}

static void
test_irc_is_ctcp(void)
{
    ASSERT(bot_irc_is_ctcp("\001ACTION waves\001"));
    ASSERT(bot_irc_is_ctcp("\001VERSION\001"));
    ASSERT(!bot_irc_is_ctcp("newsbot: hi \001"));
    ASSERT(!bot_irc_is_ctcp("hello"));
    ASSERT(!bot_irc_is_ctcp(""));
    ASSERT(!bot_irc_is_ctcp(NULL));
}

static void
test_irc_line_budget(void)
{
    const char *relay = ":newsbot!newsbot@127.0.0.1 PRIVMSG #news :";
    char big[600];

    ASSERT_EQ(468,
              bot_irc_line_budget("newsbot", "newsbot@127.0.0.1", "#news"));
    ASSERT_EQ(510 - strlen(relay),
              bot_irc_line_budget("newsbot", "newsbot@127.0.0.1", "#news"));
    ASSERT_EQ(422, bot_irc_line_budget("newsbot", NULL, "#news"));
    /* 510 - (1 + 7 + 1 + 63 + 9 + 28 + 2) */
    ASSERT_EQ(399, bot_irc_line_budget("newsbot", NULL,
                                       "alice_in_the_chat_room_today"));
    memset(big, 'n', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ASSERT_EQ(1, bot_irc_line_budget(big, NULL, "#news"));
    big[428] = '\0'; /* overhead 81 + 428 = 509: one byte left */
    ASSERT_EQ(1, bot_irc_line_budget(big, NULL, "#news"));
    big[427] = '\0';
    ASSERT_EQ(2, bot_irc_line_budget(big, NULL, "#news"));
}

static void
test_irc_format_privmsg(void)
{
    char out[64];

    ASSERT_EQ(
        27, bot_irc_format_privmsg(out, sizeof(out), "#news", "alice: it is"));
    ASSERT_STR_EQ("PRIVMSG #news :alice: it is", out);
    parse_ok(out);
    ASSERT_STR_EQ("#news", msg.params[0]);
    ASSERT_STR_EQ("alice: it is", msg.params[1]);

    ASSERT_EQ(16, bot_irc_format_privmsg(out, 17, "bob", ":-)"));
    ASSERT_STR_EQ("PRIVMSG bob ::-)", out);
    /* 16 bytes and no room for the NUL: refused */
    ASSERT_EQ(BOT_EINVAL, bot_irc_format_privmsg(out, 16, "bob", ":-)"));

    ASSERT_EQ(BOT_EINVAL, bot_irc_format_privmsg(out, sizeof(out), "#news",
                                                 "one\r\nQUIT :bye"));
    ASSERT_EQ(BOT_EINVAL,
              bot_irc_format_privmsg(out, sizeof(out), "#news", "a\rb"));
    ASSERT_EQ(BOT_EINVAL,
              bot_irc_format_privmsg(out, sizeof(out), "#news", "a\nb"));
    ASSERT_EQ(BOT_EINVAL,
              bot_irc_format_privmsg(out, sizeof(out), "#ne\nws", "hi"));
    ASSERT_EQ(BOT_EINVAL,
              bot_irc_format_privmsg(out, sizeof(out), "#ne\rws", "hi"));
    ASSERT_EQ(BOT_EINVAL,
              bot_irc_format_privmsg(out, sizeof(out), "#a #b", "hi"));
    ASSERT_EQ(BOT_EINVAL, bot_irc_format_privmsg(out, sizeof(out), "", "hi"));
    ASSERT_EQ(BOT_EINVAL, bot_irc_format_privmsg(out, sizeof(out), ":x", "hi"));
}

/* The server's last words: ERROR's text says why it closes the link. */
static void
test_irc_closing_reason(void)
{
    static const struct {
        const char *line;
        enum bot_disconnect want;
    } c[] = {
        {"ERROR :Closing link: (nb@127.0.0.1) [Ping timeout: 120 seconds]",
         BOT_DISCONNECT_TIMEOUT},
        {"ERROR :Closing Link: host (Ping Timeout: 240 seconds)",
         BOT_DISCONNECT_TIMEOUT},
        {"ERROR :Closing link: (nb@127.0.0.1) [Registration timeout]",
         BOT_DISCONNECT_TIMEOUT},
        {"ERROR :Closing Link: host (Excess Flood)",
         BOT_DISCONNECT_RATE_LIMITED},
        {"ERROR :Closing link: (nb@h) [RecvQ exceeded]",
         BOT_DISCONNECT_RATE_LIMITED},
        {"ERROR :Closing link: (nb@h) [Killed (oper (go away))]",
         BOT_DISCONNECT_CLOSED_BY_SERVER},
        {"ERROR :Closing link: (nb@h) [Server shutdown]",
         BOT_DISCONNECT_CLOSED_BY_SERVER},
        {"ERROR", BOT_DISCONNECT_CLOSED_BY_SERVER},
        {":tmi.twitch.tv RECONNECT", BOT_DISCONNECT_CLOSED_BY_SERVER},
        {":irc.test NOTICE * :Ping timeout soon", BOT_DISCONNECT_NONE},
        {"PING :timeout", BOT_DISCONNECT_NONE},
    };
    size_t i;

    for (i = 0; i < NCASES(c); i++) {
        parse_ok(c[i].line);
        ASSERT_STR_EQ(bot_metrics_reason_name(c[i].want),
                      bot_metrics_reason_name(bot_irc_closing(&msg)));
    }
}

/* ---- SASL (ircsasl.c) ---- */

struct sent {
    char lines[8][480];
    int n;
};

static int
record(void *arg, const char *line)
{
    struct sent *s = arg;

    if (s->n < 8)
        snprintf(s->lines[s->n++], sizeof(s->lines[0]), "%s", line);
    return 0;
}

static enum bot_irc_sasl_step
step(struct bot_irc_sasl *sasl, const char *line, struct sent *out, char *why)
{
    parse_ok(line);
    return bot_irc_sasl_step(sasl, &msg, record, out, why, 200);
}

static void
test_irc_sasl_offered(void)
{
    ASSERT_EQ(1, bot_irc_sasl_offered("a sasl b", BOT_IRC_SASL_PLAIN));
    ASSERT_EQ(1,
              bot_irc_sasl_offered("sasl=PLAIN,EXTERNAL", BOT_IRC_SASL_PLAIN));
    ASSERT_EQ(1, bot_irc_sasl_offered("x sasl=EXTERNAL,PLAIN y",
                                      BOT_IRC_SASL_EXTERNAL));
    ASSERT_EQ(-1, bot_irc_sasl_offered("sasl=EXTERNAL", BOT_IRC_SASL_PLAIN));
    ASSERT_EQ(-1, bot_irc_sasl_offered("sasl=PLAINX", BOT_IRC_SASL_PLAIN));
    ASSERT_EQ(0,
              bot_irc_sasl_offered("message-tags saslx", BOT_IRC_SASL_PLAIN));
    ASSERT_EQ(0, bot_irc_sasl_offered("", BOT_IRC_SASL_PLAIN));
}

/* EXTERNAL: "AUTHENTICATE EXTERNAL", then "+" for the empty authzid. */
static void
test_irc_sasl_external(void)
{
    struct bot_irc_sasl sasl = {BOT_IRC_SASL_EXTERNAL, NULL, NULL, 0};
    struct sent out = {{{0}}, 0};
    char line[64], why[200];

    ASSERT_EQ(0, bot_irc_sasl_start(&sasl, line, sizeof(line)));
    ASSERT_STR_EQ("AUTHENTICATE EXTERNAL", line);
    ASSERT_EQ(BOT_IRC_SASL_GOING, step(&sasl, "AUTHENTICATE +", &out, why));
    ASSERT_EQ(1, out.n);
    ASSERT_STR_EQ("AUTHENTICATE +", out.lines[0]);
    /* A second "+" is no new request for the payload. */
    ASSERT_EQ(BOT_IRC_SASL_GOING, step(&sasl, "AUTHENTICATE +", &out, why));
    ASSERT_EQ(1, out.n);
    ASSERT_EQ(BOT_IRC_SASL_GOING,
              step(&sasl, ":s 900 bot bot!b@h acct :Logged in", &out, why));
    ASSERT_EQ(BOT_IRC_SASL_DONE,
              step(&sasl, ":s 903 bot :SASL successful", &out, why));
    ASSERT_EQ(BOT_IRC_SASL_OTHER, step(&sasl, ":s 001 bot :hi", &out, why));
    ASSERT_EQ(BOT_IRC_SASL_OTHER, step(&sasl, ":s 909 bot :x", &out, why));
}

static void
test_irc_sasl_numerics(void)
{
    static const struct {
        const char *line;
        enum bot_irc_sasl_step want;
    } cases[] = {
        {":s 901 bot bot!b@h :You are now logged out", BOT_IRC_SASL_GOING},
        {":s 902 bot :You must use a nick assigned to you",
         BOT_IRC_SASL_REFUSED},
        {":s 904 bot :SASL authentication failed", BOT_IRC_SASL_REFUSED},
        {":s 905 bot :SASL message too long", BOT_IRC_SASL_REFUSED},
        {":s 906 bot :SASL authentication aborted", BOT_IRC_SASL_ABORTED},
        {":s 907 bot :You have already authenticated", BOT_IRC_SASL_DONE},
        {":s 908 bot EXTERNAL :are available SASL mechanisms",
         BOT_IRC_SASL_NO_MECH},
    };
    struct bot_irc_sasl sasl = {BOT_IRC_SASL_PLAIN, "u", "p", 0};
    struct sent out = {{{0}}, 0};
    char why[200];
    size_t i;

    for (i = 0; i < NCASES(cases); i++) {
        why[0] = '\0';
        ASSERT_EQ(cases[i].want, step(&sasl, cases[i].line, &out, why));
    }
    ASSERT_CONTAINS(why, "offers SASL EXTERNAL, not PLAIN (908)");
    ASSERT_EQ(0, out.n);
}

static const struct test_case cases[] = {
    {"irc_tag_escapes", test_irc_tag_escapes},
    {"irc_sasl_offered", test_irc_sasl_offered},
    {"irc_sasl_external", test_irc_sasl_external},
    {"irc_sasl_numerics", test_irc_sasl_numerics},
    {"irc_tag_without_value", test_irc_tag_without_value},
    {"irc_privmsg_fully_parsed", test_irc_privmsg_fully_parsed},
    {"irc_ping_with_tags", test_irc_ping_with_tags},
    {"irc_numerics", test_irc_numerics},
    {"irc_trailing_keeps_spaces_and_colons",
     test_irc_trailing_keeps_spaces_and_colons},
    {"irc_no_trailing", test_irc_no_trailing},
    {"irc_empty_trailing", test_irc_empty_trailing},
    {"irc_bad_lines", test_irc_bad_lines},
    {"irc_line_caps", test_irc_line_caps},
    {"irc_too_many_params", test_irc_too_many_params},
    {"irc_extra_tags_ignored", test_irc_extra_tags_ignored},
    {"irc_casemap", test_irc_casemap},
    {"irc_casemap_parse", test_irc_casemap_parse},
    {"irc_split_lines_mixed", test_irc_split_lines_mixed},
    {"irc_split_lines_callback_abort", test_irc_split_lines_callback_abort},
    {"irc_is_ctcp", test_irc_is_ctcp},
    {"irc_line_budget", test_irc_line_budget},
    {"irc_format_privmsg", test_irc_format_privmsg},
    {"irc_closing_reason", test_irc_closing_reason},
};
TEST_MAIN(cases)
