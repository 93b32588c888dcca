/* The unit tests' shared knowledge and core (fixture.h). */
#include "fixture.h"

#include <stdlib.h>

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
