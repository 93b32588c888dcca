/* Several articles in one bot: a folder of article folders loads newest
 * first, a broken one is left out, each conversation talks about one
 * article, "which articles" lists them, "switch to" picks one, a question
 * another article answers is answered from it, and pins hold a channel. */
#include "bot/answer/articles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bot/answer/core.h"
#include "bot/knowledge/library.h"
#include "test.h"

struct lib {
    char dir[64];
};

static void
put(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "wb");
    ASSERT(fp != NULL);
    ASSERT_EQ(strlen(text), fwrite(text, 1, strlen(text), fp));
    ASSERT_EQ(0, fclose(fp));
}

static void
add_article(const struct lib *l, const char *name, const char *published,
            const char *title, const char *text)
{
    char dir[128], meta[512];

    snprintf(dir, sizeof(dir), "%s/%s", l->dir, name);
    ASSERT_EQ(0, mkdir(dir, 0700));
    snprintf(meta, sizeof(meta),
             "{\"title\": \"%s\", \"outlet\": \"Test Wire\", "
             "\"published\": \"%s\"}",
             title, published);
    put(dir, "meta.json", meta);
    put(dir, "article.txt", text);
}

/* Three articles: a ferry strike (newest), a library closure, and a
 * folder whose meta.json is broken. */
static void
lib_new(struct lib *l)
{
    snprintf(l->dir, sizeof(l->dir), "/tmp/newsbot-test-lib-XXXXXX");
    ASSERT(mkdtemp(l->dir) != NULL);
    add_article(l, "ferry", "2026-03-11", "Ferry crews strike",
                "Ferry crews strike at Calderport\n"
                "Ferry crews at Calderport will strike on Monday, the Ferry "
                "Workers Guild said on Tuesday.\n"
                "Guild secretary Orla Penhallow said about 1,400 deckhands "
                "would walk out because pay has fallen.\n");
    add_article(l, "library", "2026-02-02", "Lakeside library to close",
                "Lakeside library to close for repairs\n"
                "The Brackwell Lakeside Library will close on Monday for six "
                "weeks of roof repairs, the town council said.\n"
                "Chief librarian Anneke Soutar said about 40,000 books would "
                "be moved to the Old Mill branch.\n");
    add_article(l, "broken", "2026-01-01", "x", "Broken\nNothing here.\n");
    {
        char dir[128];
        snprintf(dir, sizeof(dir), "%s/broken", l->dir);
        put(dir, "meta.json", "{\"published\": \"someday\"}");
    }
}

static void
rm_article(const struct lib *l, const char *name)
{
    static const char *const files[] = {"meta.json", "article.txt",
                                        "facts.json"};
    char path[256];
    size_t i;

    for (i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s/%s", l->dir, name, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof(path), "%s/%s", l->dir, name);
    rmdir(path);
}

static void
lib_remove(const struct lib *l)
{
    rm_article(l, "ferry");
    rm_article(l, "library");
    rm_article(l, "broken");
    ASSERT_EQ(0, rmdir(l->dir));
}

static void
ask(struct bot_core *core, const char *text, const char *conv,
    struct bot_reply *r)
{
    struct bot_ask q = {text, strlen(text), conv, {0}, 1000, 0, NULL};

    ASSERT_EQ(0, bot_date_ymd(&q.today, 2026, 3, 11));
    ASSERT_EQ(0, bot_core_ask(core, &q, r));
}

static void
test_library_loads_newest_first_and_skips_broken(void)
{
    struct lib l;
    struct bot_kb *kbs;
    size_t n;
    uint64_t before, after;

    lib_new(&l);
    ASSERT_EQ(0, bot_library_load(l.dir, &kbs, &n));
    ASSERT_EQ(2, n);
    ASSERT_STR_EQ("Ferry crews strike", kbs[0].title);
    ASSERT_STR_EQ("Lakeside library to close", kbs[1].title);
    bot_library_release(kbs, n);
    /* the watch sees a new article folder */
    before = bot_library_stamp(l.dir);
    ASSERT_EQ(before, bot_library_stamp(l.dir));
    add_article(&l, "late", "2026-03-12", "Late news", "Late news\nIt is.\n");
    after = bot_library_stamp(l.dir);
    ASSERT(before != after);
    rm_article(&l, "late");
    lib_remove(&l);
}

static void
test_list_and_switch(void)
{
    struct bot_core core;
    struct bot_reply r;
    struct lib l;

    lib_new(&l);
    ASSERT_EQ(0, bot_core_init(&core, l.dir));
    ASSERT_EQ(2, bot_core_count(&core));
    ask(&core, "which articles do you know?", "t/a", &r);
    ASSERT_EQ(BOT_KIND_ARTICLES, r.kind);
    ASSERT_CONTAINS(r.text, "I know 2 articles");
    ASSERT_CONTAINS(r.text, "1. \"Ferry crews strike\" (Test Wire, 11 March "
                            "2026) (we are on this one)");
    ASSERT_CONTAINS(r.text, "2. \"Lakeside library to close\"");
    /* the newest is the default */
    ask(&core, "who is the guild secretary?", "t/a", &r);
    ASSERT_CONTAINS(r.text, "Penhallow");
    ask(&core, "switch to the library story", "t/a", &r);
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "Now on \"Lakeside library to close\"");
    ASSERT_STR_EQ("Lakeside library to close", bot_core_article(&core, "t/a"));
    ask(&core, "how many books will be moved?", "t/a", &r);
    ASSERT_CONTAINS(r.text, "40,000");
    ASSERT_NOT_CONTAINS(r.text, "From ");
    /* another channel is still on the newest */
    ASSERT_STR_EQ("Ferry crews strike", bot_core_article(&core, "t/b"));
    ask(&core, "switch to the moon landing", "t/a", &r);
    ASSERT(!r.answered);
    ASSERT_CONTAINS(r.text, "no article that fits");
    bot_core_release(&core);
    lib_remove(&l);
}

static void
test_question_about_another_article(void)
{
    struct bot_core core;
    struct bot_reply r;
    struct lib l;

    lib_new(&l);
    ASSERT_EQ(0, bot_core_init(&core, l.dir));
    /* a question that names nothing of another article stays here */
    ask(&core, "how many books are being moved?", "t/c", &r);
    ASSERT_NOT_CONTAINS(r.text, "From ");
    ask(&core, "how many books is Soutar moving?", "t/c", &r);
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "From \"Lakeside library to close\"");
    ASSERT_CONTAINS(r.text, "40,000");
    /* and the conversation follows it there */
    ASSERT_STR_EQ("Lakeside library to close", bot_core_article(&core, "t/c"));
    bot_core_release(&core);
    lib_remove(&l);
}

static void
test_pins(void)
{
    struct bot_core core;
    struct bot_reply r;
    struct lib l;

    lib_new(&l);
    ASSERT_EQ(0, bot_core_init(&core, l.dir));
    ASSERT_EQ(0, bot_core_pin(&core, "slack/C1=library,irc/#ferry=ferry"));
    ASSERT_STR_EQ("Lakeside library to close",
                  bot_core_article(&core, "slack/C1/1700.1"));
    ASSERT_STR_EQ("Ferry crews strike", bot_core_article(&core, "slack/C10"));
    ask(&core, "how many books will be moved?", "slack/C1", &r);
    ASSERT_CONTAINS(r.text, "40,000");
    ASSERT_NOT_CONTAINS(r.text, "From ");
    ASSERT(bot_core_pin(&core, "slack/C2=nosuch") < 0);
    ASSERT(bot_core_pin(&core, "no-equals-sign") < 0);
    bot_core_release(&core);
    lib_remove(&l);
}

static void
test_reading_requests(void)
{
    const char *words;

    ASSERT_EQ(BOT_ARTICLES_LIST,
              bot_articles_read("which articles do you know?", &words));
    ASSERT_EQ(BOT_ARTICLES_LIST, bot_articles_read("list articles", &words));
    ASSERT_EQ(BOT_ARTICLES_NONE,
              bot_articles_read("what is this article about?", &words));
    ASSERT_EQ(BOT_ARTICLES_NONE,
              bot_articles_read("which articles of the law apply?", &words));
    ASSERT_EQ(BOT_ARTICLES_SWITCH,
              bot_articles_read("switch to the ferry strike", &words));
    ASSERT_STR_EQ("ferry strike", words);
}

static const struct test_case cases[] = {
    {"library_loads_newest_first_and_skips_broken",
     test_library_loads_newest_first_and_skips_broken},
    {"list_and_switch", test_list_and_switch},
    {"question_about_another_article", test_question_about_another_article},
    {"pins", test_pins},
    {"reading_requests", test_reading_requests},
};
TEST_MAIN(cases)
