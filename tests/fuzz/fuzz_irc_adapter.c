/* Fuzz target irc_adapter: the IRC adapter (bot/adapters/irc.c) in the
 * whole runtime, fed WebSocket messages through its real message callback
 * after an InspIRCd-style registration (CAP, 001, 005, JOIN). Frames are
 * separated by 0x1E (a message may hold several CRLF lines, as Twitch
 * sends them); commands are described in harness.h. Every line the bot
 * sends must fit IRC: at most 510 bytes, no CR, LF or NUL. */
#include <string.h>

#include "harness.h"

static const char *const env_vars[] = {
    "IRC_URL",      "wss://irc.example.net/",
    "IRC_NICK",     "newsbot",
    "IRC_CHANNELS", "#news,#world",
    "IRC_PASSWORD", "hunter2-fuzz",
    "IRC_RATE",     "100/1",
    NULL,
};

static void
handshake(void)
{
    fuzz_platform_send(":irc.example.net CAP * LS :message-tags server-time "
                       "echo-message batch");
    fuzz_platform_send(":irc.example.net CAP newsbot ACK :message-tags "
                       "server-time echo-message");
    fuzz_platform_send(":irc.example.net 001 newsbot :Welcome to the "
                       "ExampleNet IRC Network newsbot!newsbot@127.0.0.1");
    fuzz_platform_send(":irc.example.net 005 newsbot CASEMAPPING=rfc1459 "
                       "BOT=B CHANTYPES=# NICKLEN=30 :are supported by this "
                       "server");
    fuzz_platform_send(":newsbot!newsbot@127.0.0.1 JOIN :#news");
    fuzz_platform_send(":newsbot!newsbot@127.0.0.1 JOIN :#world");
}

static void
check_line(const char *buf, size_t len)
{
    if (len > 510)
        fuzz_die("irc: the bot sent a %zu-byte line: %.80s...", len, buf);
    if (memchr(buf, '\r', len) || memchr(buf, '\n', len) ||
        memchr(buf, '\0', len))
        fuzz_die("irc: the bot sent a line with CR, LF or NUL: %.*s",
                 (int)(len > 200 ? 200 : len), buf);
}

static const struct fuzz_platform irc = {
    "irc", env_vars, 0x1e, NULL, "#news", handshake, check_line,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_platform_init(&irc);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_platform_run(data, size);
    return 0;
}
