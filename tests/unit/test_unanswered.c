/* The unanswered log: declined and unsure answers are logged as JSON
 * lines, confident ones are not, user names only when allowed. */
#include "bot/chat/unanswered.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "test.h"

static json_t *
line_at(const char *path, int n)
{
    char buf[2048];
    FILE *fp = fopen(path, "r");
    json_t *j = NULL;
    int i;

    ASSERT(fp != NULL);
    for (i = 0; i <= n; i++) {
        if (!fgets(buf, sizeof(buf), fp)) {
            fclose(fp);
            return NULL;
        }
    }
    fclose(fp);
    j = json_loads(buf, 0, NULL);
    ASSERT(j != NULL);
    return j;
}

static void
reply(struct bot_reply *r, int answered, double confidence)
{
    bot_reply_init(r, BOT_KIND_WHEN);
    r->answered = answered;
    r->confidence = confidence;
}

static void
test_declined_and_unsure_are_logged(void)
{
    char path[] = "/tmp/newsbot-test-unanswered-XXXXXX";
    struct bot_unanswered *u;
    struct bot_reply r;
    json_t *j;
    int fd = mkstemp(path);

    ASSERT(fd >= 0);
    close(fd);
    ASSERT_EQ(0, bot_unanswered_open(&u, path, 0));
    reply(&r, 0, 0.2);
    bot_unanswered_note(u, "Ferry crews strike", "slack", "U123",
                        "when is the vote?", 17, &r, 1773230400000LL);
    reply(&r, 1, 0.95); /* a confident answer is not logged */
    bot_unanswered_note(u, "Ferry crews strike", "slack", "U123",
                        "when is the strike?", 19, &r, 1773230400000LL);
    reply(&r, 1, 0.45); /* an unsure one is */
    bot_unanswered_note(u, "Ferry crews strike", "irc", "nick",
                        "who pays \"them\"?\n", 17, &r, 1773230400000LL);
    bot_unanswered_close(u);
    j = line_at(path, 0);
    ASSERT_STR_EQ("when is the vote?",
                  json_string_value(json_object_get(j, "question")));
    ASSERT_STR_EQ("Ferry crews strike",
                  json_string_value(json_object_get(j, "article")));
    ASSERT_STR_EQ("when", json_string_value(json_object_get(j, "kind")));
    ASSERT_STR_EQ("2026-03-11T12:00:00Z",
                  json_string_value(json_object_get(j, "time")));
    ASSERT(json_is_false(json_object_get(j, "answered")));
    ASSERT(json_object_get(j, "user") == NULL); /* not without consent */
    json_decref(j);
    j = line_at(path, 1);
    ASSERT_STR_EQ("who pays \"them\"?\n",
                  json_string_value(json_object_get(j, "question")));
    ASSERT(json_is_true(json_object_get(j, "answered")));
    json_decref(j);
    ASSERT(line_at(path, 2) == NULL);
    /* with users allowed, the user is named */
    ASSERT_EQ(0, bot_unanswered_open(&u, path, 1));
    reply(&r, 0, 0);
    bot_unanswered_note(u, "A", "console", "me", "x?", 2, &r, 0);
    bot_unanswered_close(u);
    j = line_at(path, 2);
    ASSERT_STR_EQ("me", json_string_value(json_object_get(j, "user")));
    json_decref(j);
    unlink(path);
    /* a log that cannot be opened is a clear error */
    ASSERT(bot_unanswered_open(&u, "/nonexistent-dir/log.jsonl", 0) < 0);
    ASSERT(u == NULL);
}

static const struct test_case cases[] = {
    {"declined_and_unsure_are_logged", test_declined_and_unsure_are_logged},
};
TEST_MAIN(cases)
