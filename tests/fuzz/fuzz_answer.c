/* Fuzz target answer: the question answerer (bot_core_ask(), bot/core.c)
 * over the shipped knowledge. The whole input is asked once on its own,
 * with --explain; then each line is asked in turn in one conversation, a
 * minute apart, so follow-ups ("when?", "who was behind it?", "why?")
 * resolve against what the lines before were answered. Every reply must
 * keep bot_core_ask()'s promises (harness.c, fuzz_check_reply()). */
#include <stdlib.h>
#include <string.h>

#include "bot/base/date.h"
#include "bot/base/secret.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/knowledge/kbload.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "harness.h"

#define LINES_MAX 64 /* lines asked per input */

static struct bot_core core;
static struct bot_date today;
static struct bot_reply *reply;

static void
ask(const char *text, size_t len, const char *conversation, int64_t now_ms,
    int explain)
{
    struct bot_ask a;

    memset(&a, 0, sizeof(a));
    a.text = text;
    a.len = len;
    a.conversation = conversation;
    a.today = today;
    a.now_ms = now_ms;
    a.explain = explain;
    memset(reply, 0x5a, sizeof(*reply)); /* nothing left from before */
    if (bot_core_ask(&core, &a, reply) != 0)
        fuzz_die("bot_core_ask failed on %zu bytes", len);
    fuzz_check_reply(&core, reply, text, len);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    reply = malloc(sizeof(*reply));
    if (!reply || bot_core_init(&core, fuzz_knowledge_dir()) != 0 ||
        bot_date_parse_now(&today, FUZZ_NOW_TEXT) != 0)
        fuzz_die("cannot load the knowledge in %s", fuzz_knowledge_dir());
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *end = text + size, *line;
    int64_t now = FUZZ_NOW_MS;
    int n = 0;

    fuzz_fresh_conversations(&core);
    ask(text, size, NULL, now, 1);
    for (line = text; line <= end && n < LINES_MAX; n++) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t len = (size_t)((nl ? nl : end) - line);

        ask(line, len, "fuzz/#news", now, 0);
        now += 60 * 1000;
        if (!nl)
            break;
        line = nl + 1;
    }
    return 0;
}
