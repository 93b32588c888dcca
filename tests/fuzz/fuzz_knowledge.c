/* Fuzz target knowledge: the knowledge loader (bot_kb_load(), bot/kb.c).
 * The input is facts.json, in a folder beside a copy of the shipped
 * article. A load that fails must leave the knowledge empty; one that
 * succeeds is put to work: what it does not cover, and a few questions
 * (a summary, the timeline, what is upcoming, a who and a when), whose
 * replies must keep bot_core_ask()'s promises. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/base/date.h"
#include "bot/base/secret.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/knowledge/kbload.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "harness.h"

#define ARTICLE_MAX (1024 * 1024)

static char dir[96], facts[128], article[128];
static struct bot_date today;
static struct bot_reply *reply;

static void
remove_files(void)
{
    unlink(facts);
    unlink(article);
    rmdir(dir);
}

/* Copies the shipped article into the scratch folder. */
static void
copy_article(void)
{
    char src[1024];
    char *buf = malloc(ARTICLE_MAX);
    size_t n;
    FILE *in, *out;

    snprintf(src, sizeof(src), "%s/article.txt", fuzz_knowledge_dir());
    in = fopen(src, "rb");
    out = fopen(article, "wb");
    if (!buf || !in || !out)
        fuzz_die("cannot copy %s to %s", src, article);
    n = fread(buf, 1, ARTICLE_MAX, in);
    if (fwrite(buf, 1, n, out) != n || fclose(out) != 0)
        fuzz_die("cannot write %s", article);
    fclose(in);
    free(buf);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");

    (void)argc;
    (void)argv;
    fuzz_setup();
    snprintf(dir, sizeof(dir), "%.40s/newsbot-fuzz-kb-XXXXXX",
             tmp && *tmp == '/' && strlen(tmp) <= 40 ? tmp : "/tmp");
    if (!mkdtemp(dir))
        fuzz_die("cannot make a folder like %s", dir);
    snprintf(facts, sizeof(facts), "%s/facts.json", dir);
    snprintf(article, sizeof(article), "%s/article.txt", dir);
    atexit(remove_files);
    copy_article();
    reply = malloc(sizeof(*reply));
    if (!reply || bot_date_parse_now(&today, FUZZ_NOW_TEXT) != 0)
        fuzz_die("out of memory");
    return 0;
}

static int
is_empty(const struct bot_kb *kb)
{
    static const struct bot_kb zero;

    return memcmp(kb, &zero, sizeof(zero)) == 0;
}

static void
use(struct bot_core *core)
{
    static const char *const questions[] = {
        "summary",
        "timeline",
        "what's upcoming?",
        "Who asked the court to lift the ban?",
        "When is the hearing?",
        "when?",
    };
    int uncovered[8];
    size_t i;

    (void)bot_kb_uncovered(&core->kb, uncovered, 8);
    if (bot_convos_init(&core->convos, 4) != 0)
        fuzz_die("out of memory");
    for (i = 0; i < sizeof(questions) / sizeof(questions[0]); i++) {
        struct bot_ask a;

        memset(&a, 0, sizeof(a));
        a.text = questions[i];
        a.len = strlen(questions[i]);
        a.conversation = "fuzz/kb";
        a.today = today;
        a.now_ms = FUZZ_NOW_MS + (int64_t)i * 1000;
        a.explain = (int)(i & 1);
        if (bot_core_ask(core, &a, reply) != 0)
            fuzz_die("bot_core_ask failed");
        fuzz_check_reply(core, reply, a.text, a.len);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bot_core core;
    FILE *fp = fopen(facts, "wb");

    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
        fuzz_die("cannot write %s", facts);
    memset(&core, 0, sizeof(core));
    if (bot_kb_load(&core.kb, dir) == 0)
        use(&core);
    else if (!is_empty(&core.kb))
        fuzz_die("knowledge: a failed load left the knowledge half full");
    bot_core_release(&core);
    return 0;
}
