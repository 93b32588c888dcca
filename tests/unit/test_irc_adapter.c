/* The whole runtime (struct bot with its IRC adapter, router, core and
 * transport) against a fake IRC server on WebSocket (tests/fake/fake_ws.c):
 * registration, CAP, addressing, PING, malformed input, Twitch RECONNECT
 * and auth failure, idle pings, line splitting and posts (reminders): their
 * PING receipt, a refusal, a dropped connection, a post too early; and a
 * reload: IRC keys changed (QUIT after the queued replies, then a new
 * connection), other keys changed (none), a goodbye the server ignores;
 * SASL PLAIN: the exact exchange and its 400-byte chunks, each failure
 * numeric, 906 and 907, a server without SASL, and no credential in the
 * debug log. */
#include "bot/chat/bot.h"
#include "bot/net/loop.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/base/err.h"
#include "bot/base/log.h"
#include "bot/chat/adapters/ircsasl.h"
#include "bot/knowledge/text.h"
#include "fake/fake_ws.h"
#include "test.h"

extern char **environ; /* POSIX; not declared by any header under C11 */

#define LINE_CAP 4096 /* longest received message looked at */
/* A 40-byte host, as the server would show it in our prefix. */
#define HOST40 "host-0123456789.example-networks.test.ab"
#define CAPS   "message-tags server-time batch"

struct env {
    struct fake_ws *fake;
    struct bot_config cfg;
    struct bot bot;
    struct bot_timer *wake;
    volatile sig_atomic_t stop;
};

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the bot's loop until @cond holds or @ms milliseconds have passed;
 * the wake timer makes every bot_loop_run_once() return within 50 ms. */
#define WAIT_UNTIL(e, cond, ms)                                                \
    do {                                                                       \
        int64_t dl_ = now_ms() + (ms);                                         \
        while (!(cond) && now_ms() < dl_)                                      \
            bot_loop_run_once((e)->bot.loop);                                  \
    } while (0)

static void
settle(struct env *e, int64_t ms)
{
    WAIT_UNTIL(e, 0, ms);
}

/* Prints what the fake received, for a failing check. */
static void
dump(struct env *e)
{
    char line[LINE_CAP];
    int i, n = fake_ws_received_count(e->fake);

    fprintf(stderr, "fake received %d messages on %d connections:\n", n,
            fake_ws_connections(e->fake));
    for (i = 0; i < n; i++) {
        fake_ws_received(e->fake, i, line, sizeof(line));
        fprintf(stderr, "  [%d/%d] %s\n", i, fake_ws_received_conn(e->fake, i),
                line);
    }
}

/* Waits for a message starting with @prefix at or after index @from.
 * Return: its index; fails the test when none comes within @ms. */
static int
wait_line(struct env *e, int from, const char *prefix, int64_t ms)
{
    int at = -1;

    WAIT_UNTIL(e, (at = fake_ws_received_from(e->fake, from, prefix)) >= 0, ms);
    if (at < 0) {
        dump(e);
        TEST_FAIL("no \"%s\" from the bot within %lld ms", prefix,
                  (long long)ms);
    }
    return at;
}

static void
received(struct env *e, int i, char *buf)
{
    ASSERT(fake_ws_received(e->fake, i, buf, LINE_CAP) >= 0);
}

/* How many messages from @from on start with @prefix. */
static int
count_lines(struct env *e, int from, const char *prefix)
{
    int n = 0;

    while ((from = fake_ws_received_from(e->fake, from, prefix)) >= 0) {
        n++;
        from++;
    }
    return n;
}

/* Unsets every key the configuration reads, so the caller's environment
 * cannot leak into the test. */
static void
clear_env(void)
{
    static const char *const prefixes[] = {"NEWSBOT_", "IRC_", "SLACK_",
                                           "DISCORD_", "MATTERMOST_"};
    char key[256];
    size_t i, k;
    char **v;

    for (;;) {
        key[0] = '\0';
        for (v = environ; *v && !key[0]; v++) {
            for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
                k = strcspn(*v, "=");
                if (!strncmp(*v, prefixes[i], strlen(prefixes[i])) &&
                    k < sizeof(key)) {
                    memcpy(key, *v, k);
                    key[k] = '\0';
                    break;
                }
            }
        }
        if (!key[0])
            break;
        ASSERT_EQ(0, unsetenv(key));
    }
}

static void
on_wake(void *arg)
{
    struct env *e = arg;

    bot_timer_start(e->wake, 50);
}

/* Starts the fake and builds the bot from the environment; @vars holds
 * extra KEY, value pairs and ends with NULL. Nothing connects yet. */
static void
env_init(struct env *e, const char *const *vars)
{
    char url[64];

    memset(e, 0, sizeof(*e));
    e->fake = fake_ws_start();
    ASSERT(e->fake != NULL);
    snprintf(url, sizeof(url), "ws://127.0.0.1:%d/", fake_ws_port(e->fake));
    clear_env();
    setenv("NEWSBOT_PLATFORMS", "irc", 1);
    setenv("IRC_URL", url, 1);
    setenv("IRC_CHANNELS", "#news", 1);
    setenv("IRC_NICK", "newsbot", 1);
    setenv("NEWSBOT_NOW", "2025-04-03", 1);
    setenv("NEWSBOT_RATE_USER", "0", 1);
    setenv("NEWSBOT_RATE_CHANNEL", "0", 1);
    setenv("IRC_RATE", "50/1", 1);
    for (; vars && vars[0]; vars += 2)
        setenv(vars[0], vars[1], 1);
    ASSERT_EQ(0, bot_config_load(&e->cfg, NULL));
    ASSERT_EQ(0, bot_init(&e->bot, &e->cfg, "knowledge", &e->stop));
    ASSERT_EQ(1, e->bot.nadapters);
    e->wake = bot_timer_new(e->bot.loop, on_wake, e);
    ASSERT(e->wake != NULL);
}

/* What bot_run() does before its loop. */
static void
env_connect(struct env *e)
{
    int i;

    for (i = 0; i < e->bot.nadapters; i++) {
        struct bot_adapter *ad = &e->bot.adapters[i];
        ASSERT_EQ(0, ad->ops->start(ad));
    }
    bot_timer_start(e->bot.tick, 100);
    bot_timer_start(e->wake, 50);
}

/* Whatever the scenario, every line the bot sent fits IRC: valid UTF-8,
 * no CR, LF or NUL, within 510 bytes. */
static void
check_sent_lines(struct env *e)
{
    char line[LINE_CAP];
    int i, len, n = fake_ws_received_count(e->fake);

    for (i = 0; i < n; i++) {
        len = fake_ws_received(e->fake, i, line, sizeof(line));
        ASSERT(len >= 0 && len <= 510);
        ASSERT_EQ(len, strlen(line)); /* no NUL inside */
        ASSERT_EQ(len, strcspn(line, "\r\n"));
        ASSERT_EQ(0, bot_text_utf8_check(line, (size_t)len));
        ASSERT(strncmp(line, "NOTICE", 6) != 0); /* never NOTICEs */
    }
}

static void
env_stop(struct env *e)
{
    check_sent_lines(e);
    bot_timer_free(e->wake); /* before the loop: it is on its timer list */
    bot_release(&e->bot);
    bot_config_release(&e->cfg);
    fake_ws_stop(e->fake);
    clear_env();
}

/* The fake answers registration by itself, on every connection, as
 * @nick with BOT=B; JOIN #news is echoed with a 40-byte host. */
static void
auto_register(struct env *e, const char *nick)
{
    char welcome[256], join[128];

    snprintf(welcome, sizeof(welcome),
             ":irc.test 001 %s :Welcome to TestNet\r\n"
             ":irc.test 005 %s CASEMAPPING=ascii BOT=B :are supported\r\n",
             nick, nick);
    snprintf(join, sizeof(join), ":%s!newsbot@" HOST40 " JOIN #news", nick);
    fake_ws_on_message(e->fake, "CAP LS", ":irc.test CAP * LS :" CAPS, 0);
    fake_ws_on_message(e->fake, "CAP REQ",
                       ":irc.test CAP * ACK :message-tags server-time", 0);
    fake_ws_on_message(e->fake, "CAP END", welcome, 0);
    fake_ws_on_message(e->fake, "JOIN #news", join, 0);
}

/* Connects and waits until the bot has joined #news; the JOIN echo is
 * queued before anything the test sends next. */
static void
env_register(struct env *e, const char *nick)
{
    auto_register(e, nick);
    env_connect(e);
    wait_line(e, 0, "JOIN #news", 5000);
}

/* Ready IRC sessions lost so far for @why (newsbot_disconnects_total). */
static unsigned long long
lost(const struct env *e, enum bot_disconnect why)
{
    return (unsigned long long)e->bot.metrics.p[0].disconnects[why];
}

/* Sends @line and waits for a message starting with @want in answer.
 * Return: its index. */
static int
ask(struct env *e, const char *line, const char *want)
{
    int from = fake_ws_received_count(e->fake);

    fake_ws_send(e->fake, line, 1);
    return wait_line(e, from, want, 5000);
}

static void
test_irc_adapter_registration(void)
{
    struct env e;
    char line[LINE_CAP];
    int ls, nick, user, req, end, join, mode, n;

    env_init(&e, NULL);
    env_connect(&e);
    user = wait_line(&e, 0, "USER newsbot ", 5000);
    ls = fake_ws_received_find(e.fake, "CAP LS 302");
    nick = fake_ws_received_find(e.fake, "NICK newsbot");
    ASSERT_EQ(0, ls);
    ASSERT(nick > ls && user > ls);
    fake_ws_send(e.fake, ":irc.test CAP * LS :" CAPS, 1);
    req = wait_line(&e, 0, "CAP REQ", 5000);
    received(&e, req, line);
    ASSERT_STR_EQ("CAP REQ :message-tags server-time", line);
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "CAP END"));
    fake_ws_send(e.fake, ":irc.test CAP * ACK :message-tags server-time", 1);
    end = wait_line(&e, req, "CAP END", 5000);
    settle(&e, 200);
    /* No JOIN before the server welcomed us. */
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "JOIN"));
    n = fake_ws_received_count(e.fake);
    /* Twitch style: two CRLF-terminated lines in one WebSocket message. */
    fake_ws_send(e.fake,
                 ":irc.test 001 newsbot :Welcome to TestNet newsbot\r\n"
                 ":irc.test 005 newsbot CASEMAPPING=ascii BOT=B "
                 ":are supported\r\n",
                 1);
    join = wait_line(&e, n, "JOIN #news", 5000);
    mode = wait_line(&e, n, "MODE newsbot +B", 5000);
    ASSERT(join > end && mode > end);
    settle(&e, 200);
    ASSERT_EQ(1, count_lines(&e, 0, "JOIN"));
    ASSERT_EQ(1, count_lines(&e, 0, "MODE"));
    ASSERT_EQ(1, count_lines(&e, 0, "CAP END"));
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    ASSERT_EQ(0, e.bot.done);
    env_stop(&e);
}

static void
test_irc_adapter_nick_in_use(void)
{
    struct env e;
    char line[LINE_CAP];
    int at;

    env_init(&e, NULL);
    fake_ws_on_message(e.fake, "NICK newsbot",
                       ":irc.test 433 * newsbot :Nickname is already in use",
                       1);
    env_register(&e, "newsbot_");
    ASSERT(fake_ws_received_find(e.fake, "NICK newsbot_") >
           fake_ws_received_find(e.fake, "NICK newsbot"));
    at = ask(&e, ":alice!a@h PRIVMSG #news :newsbot_: when is the hearing?",
             "PRIVMSG #news :alice: ");
    received(&e, at, line);
    ASSERT_CONTAINS(line, "17 April 2025");
    ASSERT(wait_line(&e, 0, "MODE newsbot_ +B", 1000) >= 0);
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    env_stop(&e);
}

static void
test_irc_adapter_answers_only_questions_for_it(void)
{
    static const char ignored[] =
        ":alice!a@h NOTICE newsbot :when is the hearing?\r\n"
        ":alice!a@h NOTICE #news :newsbot: when is the hearing?\r\n"
        ":alice!a@h PRIVMSG newsbot :\001VERSION\001\r\n"
        ":alice!a@h PRIVMSG #news :\001VERSION\001\r\n"
        "@bot :robo!r@h PRIVMSG #news :newsbot: hi\r\n"
        "@bot :robo!r@h PRIVMSG newsbot :when is the hearing?\r\n"
        ":newsbot!n@h PRIVMSG #news :newsbot: when?\r\n"
        ":NewsBot!n@h PRIVMSG #news :newsbot: when?\r\n"
        ":alice!a@h PRIVMSG #news :when is the hearing?\r\n";
    struct env e;
    char line[LINE_CAP];
    int at, from;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    at = ask(&e, ":alice!a@h PRIVMSG #news :newsbot: when is the hearing?",
             "PRIVMSG #news :alice: ");
    received(&e, at, line);
    ASSERT_CONTAINS(line, "17 April 2025");
    at = ask(&e, ":alice!a@h PRIVMSG newsbot :when did russia ban the taliban?",
             "PRIVMSG alice :");
    received(&e, at, line);
    ASSERT_CONTAINS(line, "2003");
    ASSERT(strncmp(line, "PRIVMSG alice :alice:", 21) != 0); /* no lead */
    /* Nothing to answer, then a question: its answer must come first. */
    from = fake_ws_received_count(e.fake);
    fake_ws_send(e.fake, ignored, 1);
    at = ask(&e, ":carol!c@h PRIVMSG #news :newsbot, when is the hearing?",
             "PRIVMSG #news :carol: ");
    settle(&e, 300);
    ASSERT_EQ(1, count_lines(&e, from, "PRIVMSG"));
    ASSERT_EQ(from, at);
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    env_stop(&e);
}

static void
test_irc_adapter_ping_is_answered_first(void)
{
    struct env e;
    int64_t sent;
    int from, pong, first;

    env_init(&e, NULL);
    /* Some servers want a PONG before they finish registration. */
    fake_ws_on_message(e.fake, "USER ", "PING :cookie-1234", 1);
    env_register(&e, "newsbot");
    ASSERT(wait_line(&e, 0, "PONG :cookie-1234", 1000) <
           fake_ws_received_find(e.fake, "JOIN #news"));
    from = fake_ws_received_count(e.fake);
    sent = now_ms();
    fake_ws_send(e.fake, "PING :irc.test", 1);
    wait_line(&e, from, "PONG :irc.test", 1000);
    ASSERT(now_ms() - sent < 500);
    /* A long answer is queued, then the PING comes: PONG goes first. */
    from = fake_ws_received_count(e.fake);
    fake_ws_send(e.fake,
                 ":alice!a@h PRIVMSG #news :newsbot: timeline\r\n"
                 "@time=2025-04-03T10:00:00.000Z PING :irc.test\r\n",
                 1);
    pong = wait_line(&e, from, "PONG :irc.test", 2000);
    first = wait_line(&e, from, "PRIVMSG #news :alice: ", 2000);
    if (pong > first) {
        dump(&e);
        TEST_FAIL("PONG at %d came after the queued PRIVMSG at %d", pong,
                  first);
    }
    env_stop(&e);
}

static void
test_irc_adapter_survives_malformed_input(void)
{
    static const char nul[] =
        ":alice!a@h PRIVMSG #news :newsbot: when\0 is the hearing?";
    static const char bad_utf8[] = "\xff\xfe\xc3(\xed\xa0\x80 PING :x\r\n"
                                   ":alice!a@h PRIVMSG #news :newsbot: when "
                                   "is the \xc3\x28\xff hearing?\r\n";
    char longline[601];
    struct env e;
    char line[LINE_CAP];
    int at;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    snprintf(longline, sizeof(longline), "%s",
             ":alice!a@h PRIVMSG #news :newsbot: when is the hearing? ");
    memset(longline + strlen(longline), 'x',
           sizeof(longline) - 1 - strlen(longline));
    longline[sizeof(longline) - 1] = '\0';
    ASSERT_EQ(600, strlen(longline));
    fake_ws_send(e.fake, longline, 1);
    fake_ws_send_bytes(e.fake, nul, sizeof(nul) - 1, 1);
    fake_ws_send_bytes(e.fake, bad_utf8, sizeof(bad_utf8) - 1, 1);
    fake_ws_send_bytes(e.fake, "", 0, 0);       /* an empty text frame */
    fake_ws_send_bytes(e.fake, "\r\n\n", 3, 0); /* only line ends */
    fake_ws_send(e.fake, "@ :", 1);
    fake_ws_send(e.fake, ":alice!a@h", 1);
    fake_ws_send(e.fake, ":alice!a@h PRIVMSG", 1);
    fake_ws_send(e.fake, ":alice!a@h PRIVMSG #news", 1);
    fake_ws_send(e.fake, ":!@ PRIVMSG #news :newsbot: when is the hearing?", 1);
    at = ask(&e, ":zed!z@h PRIVMSG #news :newsbot: when is the hearing?",
             "PRIVMSG #news :zed: ");
    received(&e, at, line);
    ASSERT_CONTAINS(line, "17 April 2025");
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    ASSERT_EQ(0, fake_ws_closed(e.fake));
    env_stop(&e);
}

static void
test_irc_adapter_twitch_reconnect(void)
{
    struct env e;
    int at, nick;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    fake_ws_send(e.fake, ":tmi.twitch.tv RECONNECT", 1);
    WAIT_UNTIL(&e, fake_ws_closed(e.fake) >= 1, 3000);
    ASSERT_EQ(1, fake_ws_closed(e.fake));
    WAIT_UNTIL(&e, lost(&e, BOT_DISCONNECT_CLOSED_BY_SERVER) > 0, 1000);
    ASSERT_EQ(1, lost(&e, BOT_DISCONNECT_CLOSED_BY_SERVER));
    ASSERT_EQ(0, lost(&e, BOT_DISCONNECT_NETWORK));
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2, 5000);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    nick = wait_line(&e, fake_ws_received_find(e.fake, "JOIN #news") + 1,
                     "NICK newsbot", 5000);
    ASSERT_EQ(2, fake_ws_received_conn(e.fake, nick));
    at = wait_line(&e, nick, "JOIN #news", 5000);
    ASSERT_EQ(2, fake_ws_received_conn(e.fake, at));
    at = ask(&e, ":alice!a@h PRIVMSG #news :newsbot: when is the hearing?",
             "PRIVMSG #news :alice: ");
    ASSERT_EQ(2, fake_ws_received_conn(e.fake, at));
    ASSERT_EQ(0, e.bot.done);
    env_stop(&e);
}

static void
test_irc_adapter_auth_failure_exits(void)
{
    static const char *const vars[] = {"IRC_PASSWORD", "oauth:secret123", NULL};
    struct env e;
    char *logs = NULL;
    size_t loglen = 0;
    FILE *fp = open_memstream(&logs, &loglen);
    int pass, nick;

    ASSERT(fp != NULL);
    bot_log_set_stream(fp);
    bot_log_set_level(BOT_LOG_DEBUG);
    env_init(&e, vars);
    env_connect(&e);
    wait_line(&e, 0, "USER ", 5000);
    pass = fake_ws_received_find(e.fake, "PASS oauth:secret123");
    nick = fake_ws_received_find(e.fake, "NICK newsbot");
    ASSERT(pass >= 0);
    ASSERT(pass < nick);
    fake_ws_send(e.fake, ":tmi.twitch.tv NOTICE * :Login authentication failed",
                 1);
    fake_ws_close(e.fake, 1000, "");
    WAIT_UNTIL(&e, e.bot.done, 5000);
    ASSERT_EQ(1, e.bot.done);
    ASSERT_EQ(2, e.bot.exit_code);
    settle(&e, 3000);
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    env_stop(&e);
    bot_log_set_stream(NULL);
    bot_log_set_level(BOT_LOG_WARN);
    ASSERT_EQ(0, fclose(fp));
    ASSERT_CONTAINS(logs, "credentials rejected");
    ASSERT_NOT_CONTAINS(logs, "secret123");
    free(logs);
}

/* The server's ERROR before it closes says why: a flood kill counts as
 * rate_limited, not as the close frame's "closed by the server". */
static void
test_irc_adapter_error_names_the_reason(void)
{
    struct env e;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    fake_ws_send(e.fake,
                 "ERROR :Closing link: (newsbot@127.0.0.1) [Excess Flood]", 1);
    fake_ws_close(e.fake, 1000, "");
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2, 5000);
    ASSERT_EQ(1, lost(&e, BOT_DISCONNECT_RATE_LIMITED));
    ASSERT_EQ(0, lost(&e, BOT_DISCONNECT_CLOSED_BY_SERVER));
    ASSERT_EQ(0, e.bot.done); /* and it came back */
    env_stop(&e);
}

static void
test_irc_adapter_idle_ping_then_reconnect(void)
{
    static const char *const vars[] = {"IRC_PING", "3", NULL};
    struct env e;
    char reason[64];
    int64_t quiet, pinged, closed;
    int ping;

    env_init(&e, vars);
    env_register(&e, "newsbot");
    quiet = now_ms(); /* the JOIN echo follows: the last thing it hears */
    ping = wait_line(&e, 0, "PING :newsbot", 6000);
    pinged = now_ms();
    ASSERT_EQ(1, fake_ws_received_conn(e.fake, ping));
    ASSERT(pinged - quiet >= 2500);
    ASSERT(pinged - quiet <= 4500);
    WAIT_UNTIL(&e, fake_ws_closed(e.fake) >= 1, 3000);
    closed = now_ms();
    ASSERT_EQ(1, fake_ws_closed(e.fake));
    ASSERT(closed - pinged >= 700);
    ASSERT(closed - pinged <= 2000);
    fake_ws_client_close(e.fake, reason, sizeof(reason));
    ASSERT_STR_EQ("ping timeout", reason);
    WAIT_UNTIL(&e, lost(&e, BOT_DISCONNECT_TIMEOUT) > 0, 1000);
    ASSERT_EQ(1, lost(&e, BOT_DISCONNECT_TIMEOUT));
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2, 5000);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    ASSERT_EQ(2, fake_ws_received_conn(
                     e.fake, wait_line(&e, ping, "NICK newsbot", 5000)));
    env_stop(&e);
}

static void
test_irc_adapter_idle_ping_answered_keeps_connection(void)
{
    static const char *const vars[] = {"IRC_PING", "3", NULL};
    struct env e;

    env_init(&e, vars);
    fake_ws_on_message(e.fake, "PING :newsbot",
                       ":irc.test PONG irc.test :newsbot", 0);
    env_register(&e, "newsbot");
    wait_line(&e, 0, "PING :newsbot", 6000);
    settle(&e, 2000); /* twice the time it waits for the answer */
    ASSERT_EQ(0, fake_ws_closed(e.fake));
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    ASSERT_EQ(1, count_lines(&e, 0, "PING"));
    env_stop(&e);
}

static void
test_irc_adapter_stop_says_quit(void)
{
    struct env e;
    int64_t closed;

    env_init(&e, NULL);
    fake_ws_on_message(e.fake, "QUIT",
                       "ERROR :Closing link: (newsbot@127.0.0.1) [Quit: bye]",
                       0);
    env_register(&e, "newsbot");
    e.stop = 1; /* what the signal handler does */
    wait_line(&e, 0, "QUIT :", 2000);
    closed = now_ms();
    fake_ws_close(e.fake, 1000, "");
    WAIT_UNTIL(&e, e.bot.done, 3000);
    ASSERT_EQ(1, e.bot.done);
    ASSERT(now_ms() - closed < 1000); /* the close, not the 5 s deadline */
    ASSERT_EQ(0, e.bot.exit_code);
    settle(&e, 1500);
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    ASSERT_EQ(1, count_lines(&e, 0, "QUIT"));
    env_stop(&e);
}

/* Replies still waiting for a flood-limit token when the signal comes go
 * out before QUIT, which is sent ahead of the queue. */
static void
test_irc_adapter_stop_flushes_replies_before_quit(void)
{
    static const char *const vars[] = {"IRC_RATE", "1/1", NULL};
    static const char *const questions[] = {
        ":alice!a@h PRIVMSG #news :newsbot: when is the court hearing?",
        ":bob!b@h PRIVMSG #news :newsbot: who asked the court to lift the "
        "ban?",
        ":carol!c@h PRIVMSG #news :newsbot: how many people died in the "
        "Moscow attack?",
    };
    struct env e;
    int i, quit, n;

    env_init(&e, vars);
    fake_ws_on_message(e.fake, "QUIT",
                       "ERROR :Closing link: (newsbot@127.0.0.1) [Quit: bye]",
                       0);
    env_register(&e, "newsbot");
    settle(&e, 1100); /* the JOIN's token is back */
    n = fake_ws_received_count(e.fake);
    for (i = 0; i < 3; i++)
        fake_ws_send(e.fake, questions[i], 1);
    wait_line(&e, n, "PRIVMSG #news", 3000);
    settle(&e, 100); /* every question read, two replies queued */
    e.stop = 1;      /* what the signal handler does */
    quit = wait_line(&e, n, "QUIT :", 4000);
    ASSERT_EQ(3, count_lines(&e, n, "PRIVMSG #news"));
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, quit, "PRIVMSG"));
    fake_ws_close(e.fake, 1000, "");
    WAIT_UNTIL(&e, e.bot.done, 3000);
    ASSERT_EQ(0, e.bot.exit_code);
    env_stop(&e);
}

/* A NOTICE before 001 that merely mentions a password must not make a
 * later, ordinary disconnect look like rejected credentials. */
static void
test_irc_adapter_password_notice_then_reconnect(void)
{
    struct env e;

    env_init(&e, NULL);
    fake_ws_on_message(e.fake, "USER ",
                       ":irc.test NOTICE * :*** If this nick is registered, "
                       "identify with your password after connecting",
                       1);
    env_register(&e, "newsbot");
    fake_ws_send(e.fake, ":tmi.twitch.tv RECONNECT", 1);
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2 || e.bot.done, 5000);
    ASSERT_EQ(0, e.bot.exit_code);
    ASSERT_EQ(0, e.bot.done);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    env_stop(&e);
}

/* Every nick is taken: the bot must not flood the server with NICKs. */
static void
test_irc_adapter_nick_retries_bounded(void)
{
    struct env e;
    int n;

    env_init(&e, NULL);
    fake_ws_on_message(e.fake, "NICK ",
                       ":irc.test 433 * * :Nickname is already in use", 0);
    env_connect(&e);
    wait_line(&e, 0, "USER ", 5000);
    settle(&e, 2000);
    n = count_lines(&e, 0, "NICK ");
    if (n > 40) {
        dump(&e);
        TEST_FAIL("%d NICK attempts in 2 s", n);
    }
    env_stop(&e);
}

/* Checks every PRIVMSG from @from on: the relayed line within 510 bytes,
 * and whole UTF-8 characters. Appends the texts after @lead to @all.
 * Return: the number of lines. */
static int
check_split(struct env *e, int from, const char *lead, char *all, size_t cap)
{
    static const char prefix[] = ":newsbot!newsbot@" HOST40 " ";
    char line[LINE_CAP];
    size_t o = strlen(all);
    int at, n = 0;

    ASSERT_EQ(40, strlen(HOST40));
    while ((at = fake_ws_received_from(e->fake, from, "PRIVMSG")) >= 0) {
        received(e, at, line);
        if (strlen(prefix) + strlen(line) > 510) {
            dump(e);
            TEST_FAIL("line %d relayed as %zu bytes", at,
                      strlen(prefix) + strlen(line));
        }
        ASSERT_EQ(0, bot_text_utf8_check(line, strlen(line)));
        ASSERT(strncmp(line, lead, strlen(lead)) == 0);
        o += (size_t)snprintf(all + o, cap - o, "%s ", line + strlen(lead));
        ASSERT(o < cap);
        from = at + 1;
        n++;
    }
    return n;
}

static void
test_irc_adapter_long_answer_split(void)
{
    char chan[192], question[512], lead[256], all[8192] = "";
    struct env e;
    int from, n;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    from = fake_ws_received_count(e.fake);
    fake_ws_send(e.fake, ":alice!a@h PRIVMSG #news :newsbot: timeline", 1);
    WAIT_UNTIL(&e, count_lines(&e, from, "PRIVMSG") >= 3, 5000);
    settle(&e, 300);
    n = check_split(&e, from, "PRIVMSG #news :alice: ", all, sizeof(all));
    ASSERT(n >= 3);
    ASSERT_CONTAINS(all, "2003: Russia lists the Taliban");
    /* A 190-byte channel leaves about 240 bytes a line: one paragraph with
     * curly quotes must be cut, at a character boundary. */
    memset(chan, 'c', sizeof(chan) - 1);
    chan[0] = '#';
    chan[sizeof(chan) - 2] = '\0';
    ASSERT_EQ(190, strlen(chan));
    snprintf(question, sizeof(question),
             ":alice!a@h PRIVMSG %s :newsbot: what did the Russian "
             "parliament pass in December?",
             chan);
    snprintf(lead, sizeof(lead), "PRIVMSG %s :alice: ", chan);
    from = fake_ws_received_count(e.fake);
    fake_ws_send(e.fake, question, 1);
    WAIT_UNTIL(&e, count_lines(&e, from, "PRIVMSG") >= 1, 5000);
    settle(&e, 300);
    /* "says who?" quotes the article's sentence, curly quotes and all */
    snprintf(question, sizeof(question),
             ":alice!a@h PRIVMSG %s :newsbot: says who?", chan);
    from = fake_ws_received_count(e.fake);
    all[0] = '\0';
    fake_ws_send(e.fake, question, 1);
    WAIT_UNTIL(&e, count_lines(&e, from, "PRIVMSG") >= 2, 5000);
    settle(&e, 300);
    n = check_split(&e, from, lead, all, sizeof(all));
    ASSERT(n >= 2);
    ASSERT_CONTAINS(all, "designated as terrorist organizations");
    ASSERT_CONTAINS(all, "\u201d (sentence 12)");
    env_stop(&e);
}

/* ---- posts (reminders): accepted once the server answered their PING ---- */

/* What a post's done callback was told. */
struct post_result {
    int calls;
    int rc;
};

static void
post_done(void *arg, int rc)
{
    struct post_result *r = arg;

    r->calls++;
    r->rc = rc;
}

/* Posts @text to @channel through the adapter's post op, as the reminders
 * do. Return: what the op returned. */
static int
post(struct env *e, const char *channel, const char *text,
     struct post_result *r)
{
    struct bot_adapter *ad = &e->bot.adapters[0];
    struct bot_post p = {0};

    p.channel = channel;
    p.text = text;
    p.nonce = "nb0123456789abcdef";
    p.done = post_done;
    p.arg = r;
    return ad->ops->post(ad, &p);
}

/* Posts @text to #news and waits for the PING after its lines; copies its
 * token ("newsbot-post-N") into @token. Return: the PING's index. */
static int
post_and_ping(struct env *e, const char *text, struct post_result *r,
              char *token, size_t cap)
{
    char line[LINE_CAP];
    int from = fake_ws_received_count(e->fake), at;

    ASSERT_EQ(0, post(e, "#news", text, r));
    at = wait_line(e, from, "PING :newsbot-post-", 5000);
    received(e, at, line);
    ASSERT(strtol(line + strlen("PING :newsbot-post-"), NULL, 10) > 0);
    ASSERT(strlen(line + strlen("PING :")) < cap);
    memcpy(token, line + strlen("PING :"), strlen(line + strlen("PING :")) + 1);
    return at;
}

/* The server's answer to the PING with @token. */
static void
pong(struct env *e, const char *token)
{
    char line[128];

    snprintf(line, sizeof(line), ":irc.test PONG irc.test :%s", token);
    fake_ws_send(e->fake, line, 1);
}

static void
test_irc_adapter_post_done_on_pong(void)
{
    struct post_result r = {0}, r2 = {0};
    char line[LINE_CAP], token[64], token2[64];
    struct env e;
    int from, first, at;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    from = fake_ws_received_count(e.fake);
    at = post_and_ping(&e,
                       "Reminder: the hearing is tomorrow.\n"
                       "The article says so.",
                       &r, token, sizeof(token));
    /* A line per paragraph, to the channel, without a "nick: " lead, and
     * the PING right after them. */
    ASSERT_EQ(2, count_lines(&e, from, "PRIVMSG"));
    first = fake_ws_received_from(e.fake, from, "PRIVMSG");
    received(&e, first, line);
    ASSERT_STR_EQ("PRIVMSG #news :Reminder: the hearing is tomorrow.", line);
    received(&e, first + 1, line);
    ASSERT_STR_EQ("PRIVMSG #news :The article says so.", line);
    ASSERT_EQ(first + 2, at);
    settle(&e, 300);
    ASSERT_EQ(0, r.calls); /* sent is not accepted */
    /* The answer to an idle ping is not the post's. */
    fake_ws_send(e.fake, ":irc.test PONG irc.test :newsbot", 1);
    settle(&e, 300);
    ASSERT_EQ(0, r.calls);
    pong(&e, token);
    WAIT_UNTIL(&e, r.calls > 0, 2000);
    ASSERT_EQ(1, r.calls);
    ASSERT_EQ(0, r.rc);
    /* The next post has a token of its own; the first is not told again. */
    post_and_ping(&e, "Reminder: the hearing is today.", &r2, token2,
                  sizeof(token2));
    ASSERT(strcmp(token, token2) != 0);
    pong(&e, token2);
    WAIT_UNTIL(&e, r2.calls > 0, 2000);
    settle(&e, 200);
    ASSERT_EQ(1, r2.calls);
    ASSERT_EQ(0, r2.rc);
    ASSERT_EQ(1, r.calls);
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    env_stop(&e);
}

static void
test_irc_adapter_post_refused(void)
{
    struct post_result r = {0}, r2 = {0};
    char token[64];
    struct env e;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    post_and_ping(&e, "Reminder: the hearing is tomorrow.", &r, token,
                  sizeof(token));
    /* A moderated channel: the line is refused, then the PING answered. */
    fake_ws_send(e.fake, ":irc.test 404 newsbot #news :Cannot send to channel",
                 1);
    pong(&e, token);
    WAIT_UNTIL(&e, r.calls > 0, 2000);
    ASSERT_EQ(1, r.calls);
    ASSERT(r.rc < 0);
    /* The refusal was that post's: with a refusal for another channel the
     * next one to #news is accepted. */
    post_and_ping(&e, "Reminder: the hearing is today.", &r2, token,
                  sizeof(token));
    fake_ws_send(e.fake, ":irc.test 404 newsbot #other :Cannot send to channel",
                 1);
    pong(&e, token);
    WAIT_UNTIL(&e, r2.calls > 0, 2000);
    settle(&e, 200);
    ASSERT_EQ(1, r2.calls);
    ASSERT_EQ(0, r2.rc);
    ASSERT_EQ(1, r.calls);
    env_stop(&e);
}

static void
test_irc_adapter_post_connection_dropped(void)
{
    struct post_result r = {0};
    char token[64];
    struct env e;
    int ping;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    ping = post_and_ping(&e, "Reminder: the hearing is tomorrow.", &r, token,
                         sizeof(token));
    settle(&e, 200);
    ASSERT_EQ(0, r.calls);
    fake_ws_drop(e.fake);
    WAIT_UNTIL(&e, r.calls > 0, 3000);
    ASSERT_EQ(1, r.calls);
    ASSERT_EQ(BOT_ENET, r.rc); /* whether the server took it is unknown */
    ASSERT_EQ(1, lost(&e, BOT_DISCONNECT_NETWORK)); /* no close frame */
    /* Back on a new connection, a late answer to the old PING is not
     * taken for anything. */
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2, 5000);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    ASSERT_EQ(2, fake_ws_received_conn(
                     e.fake, wait_line(&e, ping, "JOIN #news", 5000)));
    pong(&e, token);
    settle(&e, 300);
    ASSERT_EQ(1, r.calls);
    ASSERT_EQ(BOT_ENET, r.rc);
    env_stop(&e);
}

static void
test_irc_adapter_post_before_registration(void)
{
    struct post_result r = {0}, r2 = {0};
    char token[64];
    struct env e;
    int n;

    env_init(&e, NULL);
    /* Not connected yet. */
    ASSERT_EQ(BOT_ENET, post(&e, "#news", "Reminder: too early.", &r));
    fake_ws_on_message(e.fake, "CAP LS", ":irc.test CAP * LS :" CAPS, 0);
    fake_ws_on_message(e.fake, "CAP REQ",
                       ":irc.test CAP * ACK :message-tags server-time", 0);
    fake_ws_on_message(e.fake, "JOIN #news",
                       ":newsbot!newsbot@" HOST40 " JOIN #news", 0);
    env_connect(&e);
    wait_line(&e, 0, "CAP END", 5000);
    settle(&e, 200);
    /* Connected, but the server has not welcomed us. */
    ASSERT_EQ(BOT_ENET, post(&e, "#news", "Reminder: too early.", &r));
    n = fake_ws_received_count(e.fake);
    fake_ws_send(e.fake,
                 ":irc.test 001 newsbot :Welcome to TestNet\r\n"
                 ":irc.test 005 newsbot CASEMAPPING=ascii BOT=B "
                 ":are supported\r\n",
                 1);
    wait_line(&e, n, "JOIN #news", 5000);
    settle(&e, 500);
    ASSERT_EQ(0, r.calls);
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "PRIVMSG"));
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "PING :newsbot-post-"));
    /* Now it can. */
    post_and_ping(&e, "Reminder: the hearing is tomorrow.", &r2, token,
                  sizeof(token));
    pong(&e, token);
    WAIT_UNTIL(&e, r2.calls > 0, 2000);
    ASSERT_EQ(1, r2.calls);
    ASSERT_EQ(0, r2.rc);
    ASSERT_EQ(0, r.calls);
    ASSERT_EQ(1, count_lines(&e, 0, "PRIVMSG"));
    env_stop(&e);
}

/* Runs the reload SIGHUP asks for, with the environment as the only
 * source (no .env file). */
static int
reload_now(struct env *e)
{
    e->bot.env_named = "/dev/null";
    return bot_reload(&e->bot);
}

/* A reload that changes an IRC key says QUIT after the replies already
 * queued, then connects again with the new key. */
static void
test_irc_adapter_reload_reconnects_on_its_keys(void)
{
    static const char *const vars[] = {"IRC_RATE", "1/1", NULL};
    struct env e;
    int n, quit, pass, at;

    env_init(&e, vars);
    env_register(&e, "newsbot");
    settle(&e, 1100); /* the JOIN's token is back */
    n = fake_ws_received_count(e.fake);
    fake_ws_send(e.fake,
                 ":alice!a@h PRIVMSG #news :newsbot: when is the "
                 "hearing?",
                 1);
    fake_ws_send(e.fake,
                 ":bob!b@h PRIVMSG #news :newsbot: who asked the "
                 "court?",
                 1);
    wait_line(&e, n, "PRIVMSG #news", 3000);
    settle(&e, 100); /* both read; the second reply waits for its token */
    ASSERT_EQ(0, setenv("IRC_PASSWORD", "s3cret-2", 1));
    ASSERT_EQ(0, reload_now(&e));
    ASSERT_EQ(BOT_ADAPTER_STOPPING, e.bot.adapters[0].state);
    quit = wait_line(&e, n, "QUIT :newsbot is reconnecting", 4000);
    ASSERT_EQ(2, count_lines(&e, n, "PRIVMSG #news"));
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, quit, "PRIVMSG"));
    ASSERT_EQ(1, fake_ws_received_conn(e.fake, quit));
    fake_ws_close(e.fake, 1000, ""); /* the server's answer to QUIT */
    pass = wait_line(&e, quit, "PASS s3cret-2", 5000);
    ASSERT_EQ(2, fake_ws_received_conn(e.fake, pass));
    ASSERT_EQ(2, fake_ws_received_conn(
                     e.fake, wait_line(&e, pass, "JOIN #news", 5000)));
    settle(&e, 1100);
    at = ask(&e, ":carol!c@h PRIVMSG #news :newsbot: when is the hearing?",
             "PRIVMSG #news :carol: ");
    ASSERT_EQ(2, fake_ws_received_conn(e.fake, at));
    ASSERT_EQ(BOT_ADAPTER_RUNNING, e.bot.adapters[0].state);
    ASSERT(e.bot.adapters[0].cfg == e.bot.live);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    ASSERT_EQ(0, e.bot.done);
    env_stop(&e);
}

/* A reload that changes no IRC key keeps the connection, and what it
 * changes (the prefix) applies at once; the one after it too, though the
 * adapter still runs with the configuration of the start. */
static void
test_irc_adapter_reload_keeps_connection_otherwise(void)
{
    struct env e;
    int n;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    ASSERT_EQ(0, setenv("NEWSBOT_PREFIX", "!nb", 1));
    ASSERT_EQ(0, reload_now(&e));
    ASSERT_EQ(0, setenv("NEWSBOT_RATE_USER", "3/60", 1));
    ASSERT_EQ(0, reload_now(&e)); /* frees the first reload's */
    ASSERT(e.bot.adapters[0].cfg == &e.cfg);
    n = fake_ws_received_count(e.fake);
    ask(&e, ":alice!a@h PRIVMSG #news :!nb when is the hearing?",
        "PRIVMSG #news :alice: ");
    settle(&e, 300);
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, n, "QUIT"));
    ASSERT_EQ(1, fake_ws_connections(e.fake));
    ASSERT_EQ(0, fake_ws_closed(e.fake));
    ASSERT_EQ(BOT_ADAPTER_RUNNING, e.bot.adapters[0].state);
    env_stop(&e);
}

/* A server that never answers QUIT: the restart goes ahead once the
 * goodbye's 5 s are over. */
static void
test_irc_adapter_reload_goodbye_bounded(void)
{
    struct env e;
    int64_t t0;
    int quit;

    env_init(&e, NULL);
    env_register(&e, "newsbot");
    ASSERT_EQ(0, setenv("IRC_NICK", "newsbot2", 1));
    t0 = now_ms();
    ASSERT_EQ(0, reload_now(&e));
    quit = wait_line(&e, 0, "QUIT :", 2000);
    wait_line(&e, quit, "NICK newsbot2", 8000);
    ASSERT(now_ms() - t0 >= 4500);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    env_stop(&e);
}

/* ---- SASL (IRCv3 SASL 3.1) ---- */

#define SASL_CAPS "message-tags sasl=PLAIN,EXTERNAL server-time"

/* Logs at debug level into memory, for the check that no credential is
 * ever in them. */
struct logcap {
    char *buf;
    size_t len;
    FILE *fp;
};

static void
log_capture(struct logcap *l)
{
    memset(l, 0, sizeof(*l));
    l->fp = open_memstream(&l->buf, &l->len);
    ASSERT(l->fp != NULL);
    bot_log_set_stream(l->fp);
    bot_log_set_level(BOT_LOG_DEBUG);
}

static void
log_release(struct logcap *l)
{
    bot_log_set_stream(NULL);
    bot_log_set_level(BOT_LOG_WARN);
    ASSERT_EQ(0, fclose(l->fp));
}

/* "AUTHENTICATE " and base64 of user\0user\0pass, as lines of at most 400
 * bytes, into @want (each NUL-terminated); "AUTHENTICATE +" after a last
 * line of exactly 400. Return: how many lines. */
static int
plain_lines(const char *user, const char *pass, char want[][420])
{
    char raw[1024], b64[1400];
    size_t ul = strlen(user), n = 2 * ul + 2 + strlen(pass), len, at;
    int lines = 0;

    memcpy(raw, user, ul + 1);
    memcpy(raw + ul + 1, user, ul + 1);
    memcpy(raw + 2 * ul + 2, pass, strlen(pass));
    len = bot_irc_sasl_base64(raw, n, b64);
    for (at = 0; at < len; at += 400)
        snprintf(want[lines++], 420, "AUTHENTICATE %.400s", b64 + at);
    if (len % 400 == 0)
        snprintf(want[lines++], 420, "AUTHENTICATE +");
    return lines;
}

/* Registers with SASL PLAIN as newsbot with @pass: the exact exchange,
 * line by line, then the welcome. */
static void
sasl_plain_with(const char *pass, int want_lines)
{
    const char *vars[] = {"IRC_SASL_USER", "newsbot", "IRC_SASL_PASSWORD", pass,
                          NULL};
    char want[4][420], line[LINE_CAP];
    struct logcap l;
    struct env e;
    int n, i, at, auth;

    n = plain_lines("newsbot", pass, want);
    ASSERT_EQ(want_lines, n);
    log_capture(&l);
    env_init(&e, vars);
    env_connect(&e);
    wait_line(&e, 0, "USER ", 5000);
    fake_ws_send(e.fake, ":irc.test CAP * LS :" SASL_CAPS, 1);
    at = wait_line(&e, 0, "CAP REQ", 5000);
    received(&e, at, line);
    ASSERT_STR_EQ("CAP REQ :message-tags server-time sasl", line);
    fake_ws_send(e.fake, ":irc.test CAP * ACK :message-tags server-time sasl",
                 1);
    auth = wait_line(&e, at, "AUTHENTICATE", 5000);
    received(&e, auth, line);
    ASSERT_STR_EQ("AUTHENTICATE PLAIN", line);
    fake_ws_send(e.fake, "AUTHENTICATE +", 1);
    wait_line(&e, auth + n, "AUTHENTICATE", 5000);
    settle(&e, 200);
    for (i = 0; i < n; i++) {
        received(&e, auth + 1 + i, line);
        ASSERT_STR_EQ(want[i], line);
    }
    ASSERT_EQ(n + 1, count_lines(&e, 0, "AUTHENTICATE"));
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "CAP END"));
    fake_ws_send(e.fake,
                 ":irc.test 900 newsbot newsbot!newsbot@h newsbot :You are "
                 "now logged in as newsbot\r\n"
                 ":irc.test 903 newsbot :SASL authentication successful",
                 1);
    at = wait_line(&e, auth, "CAP END", 5000);
    fake_ws_send(e.fake, ":irc.test 001 newsbot :Welcome", 1);
    wait_line(&e, at, "JOIN #news", 5000);
    ASSERT_EQ(0, e.bot.done);
    env_stop(&e);
    log_release(&l);
    ASSERT_CONTAINS(l.buf, "logged in to account newsbot");
    ASSERT_CONTAINS(l.buf, "SASL PLAIN authentication succeeded");
    ASSERT_NOT_CONTAINS(l.buf, pass);
    for (i = 0; i < n; i++) /* nor any piece of the payload */
        ASSERT_NOT_CONTAINS(l.buf, want[i] + 13);
    free(l.buf);
}

static void
test_irc_adapter_sasl_plain(void)
{
    sasl_plain_with("hunter2-sasl", 1);
}

/* user\0user\0pass of 300 bytes is exactly 400 bytes of base64: one full
 * line, then "AUTHENTICATE +"; one byte more makes 404: 400 and 4. */
static void
test_irc_adapter_sasl_plain_chunks(void)
{
    char pass[300];

    ASSERT_EQ(8, bot_irc_sasl_base64("foobar", 6, pass));
    ASSERT_STR_EQ("Zm9vYmFy", pass);
    ASSERT_EQ(4, bot_irc_sasl_base64("f", 1, pass));
    ASSERT_STR_EQ("Zg==", pass);
    ASSERT_EQ(8, bot_irc_sasl_base64("fooba", 5, pass));
    ASSERT_STR_EQ("Zm9vYmE=", pass);
    memset(pass, 'p', 284); /* 7 + 1 + 7 + 1 + 284 = 300 */
    pass[284] = '\0';
    sasl_plain_with(pass, 2);
    memset(pass, 'q', 285);
    pass[285] = '\0';
    sasl_plain_with(pass, 2);
}

/* Registers up to the server's answer to the SASL payload. */
static void
sasl_until_payload(struct env *e, const char *caps)
{
    static const char *const vars[] = {"IRC_SASL_USER", "newsbot",
                                       "IRC_SASL_PASSWORD", "pw-8zQx", NULL};
    char ls[256];

    env_init(e, vars);
    snprintf(ls, sizeof(ls), ":irc.test CAP * LS :%s", caps);
    fake_ws_on_message(e->fake, "CAP LS", ls, 0);
    fake_ws_on_message(e->fake, "CAP REQ", ":irc.test CAP * ACK :sasl", 0);
    fake_ws_on_message(e->fake, "AUTHENTICATE PLAIN", "AUTHENTICATE +", 0);
    env_connect(e);
}

/* 904, 905, 902 (credentials, account) and 908 (mechanism): exit status
 * 2, no CAP END, no second connection, the password never logged. */
static void
test_irc_adapter_sasl_refused_exits(void)
{
    static const char *const numerics[][2] = {
        {":irc.test 904 newsbot :SASL authentication failed", "(904"},
        {":irc.test 905 newsbot :SASL message too long", "(905"},
        {":irc.test 902 newsbot :You must use a nick assigned to you",
         "locked"},
        {":irc.test 908 newsbot EXTERNAL :are available SASL mechanisms",
         "offers SASL EXTERNAL, not PLAIN"},
    };
    size_t i;

    for (i = 0; i < sizeof(numerics) / sizeof(numerics[0]); i++) {
        struct logcap l;
        struct env e;

        log_capture(&l);
        sasl_until_payload(&e, "sasl");
        fake_ws_on_message(e.fake, "AUTHENTICATE bmV3", numerics[i][0], 1);
        WAIT_UNTIL(&e, e.bot.done, 5000);
        ASSERT_EQ(1, e.bot.done);
        ASSERT_EQ(2, e.bot.exit_code);
        settle(&e, 300);
        ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "CAP END"));
        ASSERT_EQ(1, fake_ws_connections(e.fake));
        env_stop(&e);
        log_release(&l);
        ASSERT_CONTAINS(l.buf, numerics[i][1]);
        ASSERT_CONTAINS(l.buf, "irc: ");
        ASSERT_NOT_CONTAINS(l.buf, "pw-8zQx");
        ASSERT_NOT_CONTAINS(l.buf, "AUTHENTICATE bmV3"); /* the payload */
        free(l.buf);
    }
}

/* 907 (already logged in) ends the exchange as a success; 906 (aborted)
 * makes the bot reconnect and try again. */
static void
test_irc_adapter_sasl_already_and_aborted(void)
{
    struct env e;

    sasl_until_payload(&e, "sasl=PLAIN");
    fake_ws_on_message(e.fake, "AUTHENTICATE bmV3",
                       ":irc.test 907 newsbot :You have already "
                       "authenticated",
                       1);
    wait_line(&e, 0, "CAP END", 5000);
    ASSERT_EQ(0, e.bot.done);
    env_stop(&e);

    sasl_until_payload(&e, "sasl");
    fake_ws_on_message(e.fake, "AUTHENTICATE bmV3",
                       ":irc.test 906 newsbot :SASL authentication aborted", 1);
    WAIT_UNTIL(&e, fake_ws_connections(e.fake) >= 2, 5000);
    ASSERT_EQ(2, fake_ws_connections(e.fake));
    wait_line(&e, fake_ws_received_find(e.fake, "AUTHENTICATE PLAIN") + 1,
              "AUTHENTICATE PLAIN", 5000);
    ASSERT_EQ(2, count_lines(&e, 0, "AUTHENTICATE PLAIN"));
    ASSERT_EQ(0, e.bot.done);
    env_stop(&e);
}

/* SASL configured, and the server lacks it (or our mechanism): the bot
 * leaves with exit status 2 rather than join unauthenticated. */
static void
test_irc_adapter_sasl_missing_exits(void)
{
    static const char *const caps[][2] = {
        {"message-tags server-time", "does not offer SASL (no sasl"},
        {"message-tags sasl=EXTERNAL", "does not offer SASL PLAIN"},
    };
    size_t i;

    for (i = 0; i < 2; i++) {
        struct logcap l;
        struct env e;

        log_capture(&l);
        sasl_until_payload(&e, caps[i][0]);
        WAIT_UNTIL(&e, e.bot.done, 5000);
        ASSERT_EQ(2, e.bot.exit_code);
        settle(&e, 300);
        ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "CAP END"));
        ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "CAP REQ"));
        ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "AUTHENTICATE"));
        ASSERT_EQ(1, fake_ws_connections(e.fake));
        env_stop(&e);
        log_release(&l);
        ASSERT_CONTAINS(l.buf, caps[i][1]);
        ASSERT_CONTAINS(l.buf, "not connecting unauthenticated");
        free(l.buf);
    }
}

/* SASL configured, and a server that ignores CAP and welcomes the bot at
 * once: it leaves with exit status 2 and joins nothing. */
static void
test_irc_adapter_sasl_server_without_cap(void)
{
    static const char *const vars[] = {"IRC_SASL_USER", "newsbot",
                                       "IRC_SASL_PASSWORD", "pw-8zQx", NULL};
    struct env e;

    env_init(&e, vars);
    fake_ws_on_message(e.fake, "USER ", ":irc.test 001 newsbot :Welcome", 1);
    env_connect(&e);
    WAIT_UNTIL(&e, e.bot.done, 5000);
    ASSERT_EQ(2, e.bot.exit_code);
    settle(&e, 300);
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "JOIN"));
    ASSERT_EQ(-1, fake_ws_received_from(e.fake, 0, "MODE"));
    env_stop(&e);
}

/* No SASL configured: the sasl cap is never asked for. */
static void
test_irc_adapter_sasl_not_asked_unconfigured(void)
{
    struct env e;
    char line[LINE_CAP];
    int at;

    env_init(&e, NULL);
    fake_ws_on_message(e.fake, "CAP LS", ":irc.test CAP * LS :" SASL_CAPS, 0);
    env_connect(&e);
    at = wait_line(&e, 0, "CAP REQ", 5000);
    received(&e, at, line);
    ASSERT_STR_EQ("CAP REQ :message-tags server-time", line);
    env_stop(&e);
}

static const struct test_case cases[] = {
    {"irc_adapter_registration", test_irc_adapter_registration},
    {"irc_adapter_nick_in_use", test_irc_adapter_nick_in_use},
    {"irc_adapter_answers_only_questions_for_it",
     test_irc_adapter_answers_only_questions_for_it},
    {"irc_adapter_ping_is_answered_first",
     test_irc_adapter_ping_is_answered_first},
    {"irc_adapter_survives_malformed_input",
     test_irc_adapter_survives_malformed_input},
    {"irc_adapter_twitch_reconnect", test_irc_adapter_twitch_reconnect},
    {"irc_adapter_auth_failure_exits", test_irc_adapter_auth_failure_exits},
    {"irc_adapter_error_names_the_reason",
     test_irc_adapter_error_names_the_reason},
    {"irc_adapter_idle_ping_then_reconnect",
     test_irc_adapter_idle_ping_then_reconnect},
    {"irc_adapter_long_answer_split", test_irc_adapter_long_answer_split},
    {"irc_adapter_idle_ping_answered_keeps_connection",
     test_irc_adapter_idle_ping_answered_keeps_connection},
    {"irc_adapter_stop_says_quit", test_irc_adapter_stop_says_quit},
    {"irc_adapter_stop_flushes_replies_before_quit",
     test_irc_adapter_stop_flushes_replies_before_quit},
    {"irc_adapter_password_notice_then_reconnect",
     test_irc_adapter_password_notice_then_reconnect},
    {"irc_adapter_nick_retries_bounded", test_irc_adapter_nick_retries_bounded},
    {"irc_adapter_post_done_on_pong", test_irc_adapter_post_done_on_pong},
    {"irc_adapter_post_refused", test_irc_adapter_post_refused},
    {"irc_adapter_post_connection_dropped",
     test_irc_adapter_post_connection_dropped},
    {"irc_adapter_post_before_registration",
     test_irc_adapter_post_before_registration},
    {"irc_adapter_reload_reconnects_on_its_keys",
     test_irc_adapter_reload_reconnects_on_its_keys},
    {"irc_adapter_reload_keeps_connection_otherwise",
     test_irc_adapter_reload_keeps_connection_otherwise},
    {"irc_adapter_reload_goodbye_bounded",
     test_irc_adapter_reload_goodbye_bounded},
    {"irc_adapter_sasl_plain", test_irc_adapter_sasl_plain},
    {"irc_adapter_sasl_plain_chunks", test_irc_adapter_sasl_plain_chunks},
    {"irc_adapter_sasl_refused_exits", test_irc_adapter_sasl_refused_exits},
    {"irc_adapter_sasl_already_and_aborted",
     test_irc_adapter_sasl_already_and_aborted},
    {"irc_adapter_sasl_missing_exits", test_irc_adapter_sasl_missing_exits},
    {"irc_adapter_sasl_server_without_cap",
     test_irc_adapter_sasl_server_without_cap},
    {"irc_adapter_sasl_not_asked_unconfigured",
     test_irc_adapter_sasl_not_asked_unconfigured},
};
TEST_MAIN(cases)
