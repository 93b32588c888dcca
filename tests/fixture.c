/* The unit tests' shared knowledge and core (fixture.h). */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include "bot/knowledge/kbload.h"
#include "test.h"

static struct bot_kb *kb;
static struct bot_core *core;

static void
release(void)
{
    if (kb) {
        bot_kb_release(kb);
        free(kb);
        kb = NULL;
    }
    if (core) {
        bot_core_release(core);
        free(core);
        core = NULL;
    }
}

static void
at_exit_once(void)
{
    static int registered;

    if (!registered++)
        atexit(release);
}

struct bot_kb *
fixture_kb(void)
{
    if (!kb) {
        kb = calloc(1, sizeof(*kb));
        ASSERT(kb != NULL);
        ASSERT_EQ(0, bot_kb_load(kb, "knowledge"));
        at_exit_once();
    }
    return kb;
}

struct bot_core *
fixture_core(void)
{
    if (!core) {
        core = calloc(1, sizeof(*core));
        ASSERT(core != NULL);
        ASSERT_EQ(0, bot_core_init(core, "knowledge"));
        at_exit_once();
    }
    return core;
}

const struct bot_reply *
fixture_ask(const char *text, const char *conv, int minutes)
{
    static struct bot_reply reply;
    struct bot_ask a;

    memset(&a, 0, sizeof(a));
    a.text = text;
    a.len = strlen(text);
    a.conversation = conv;
    ASSERT_EQ(0, bot_date_ymd(&a.today, 2025, 4, 3));
    a.now_ms = FIXTURE_T0 + minutes * 60 * 1000LL;
    ASSERT_EQ(0, bot_core_ask(fixture_core(), &a, &reply));
    ASSERT(strnlen(reply.text, sizeof(reply.text)) < sizeof(reply.text));
    ASSERT(strlen(reply.text) > 0);
    return &reply;
}

int
fixture_has_source(const struct bot_reply *r, int sentence)
{
    int i;

    for (i = 0; i < r->nsources; i++) {
        if (r->sources[i] == sentence)
            return 1;
    }
    return 0;
}

int
fixture_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}
