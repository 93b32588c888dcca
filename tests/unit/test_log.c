#include "bot/base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/clock.h"
#include "test.h"

static FILE *fp;
static char *buf;
static size_t len;

static void
start(int json, enum bot_log_level level)
{
    fp = open_memstream(&buf, &len);
    ASSERT(fp != NULL);
    bot_log_set_stream(fp);
    bot_log_set_json(json);
    bot_log_set_level(level);
}

/* What was logged; the caller frees it. */
static char *
take(void)
{
    bot_log_set_stream(NULL);
    bot_log_set_json(0);
    bot_log_set_level(BOT_LOG_WARN);
    ASSERT_EQ(0, fclose(fp));
    return buf;
}

/* "2026-12-05T17:20:03.123Z" at the start of @s. */
static void
assert_time(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    size_t i;

    for (i = 0; i < sizeof(shape) - 1; i++) {
        if (shape[i] == 'd')
            ASSERT(s[i] >= '0' && s[i] <= '9');
        else
            ASSERT_EQ(shape[i], s[i]);
    }
}

static void
test_log_text_line_has_time_level_message(void)
{
    char *out;

    start(0, BOT_LOG_WARN);
    bot_log(BOT_LOG_WARN, "disk %s", "full");
    out = take();
    assert_time(out);
    ASSERT_STR_EQ(" warn: disk full\n", out + 24);
    free(out);
}

static void
test_log_text_escapes_forged_lines(void)
{
    struct bot_log_field f[] = {BOT_LOG_STR("text", "hi\n2026 error: x\"")};
    char *out;

    start(0, BOT_LOG_DEBUG);
    bot_log(BOT_LOG_INFO, "user said a\nb\033[31m");
    bot_log_fields(BOT_LOG_DEBUG, "question received", f, 1);
    out = take();
    ASSERT_CONTAINS(out, "info: user said a\\nb\\x1b[31m\n");
    ASSERT_CONTAINS(out, "question received text=\"hi\\n2026 error: x\\\"\"\n");
    free(out);
}

static void
test_log_json_has_time_and_fields(void)
{
    struct bot_log_field f[] = {
        BOT_LOG_STR("platform", "irc"),   BOT_LOG_STR("channel", "#news"),
        BOT_LOG_STR("kind", "when"),      BOT_LOG_BOOL("answered", 1),
        BOT_LOG_INT("latency_ms", 12),    BOT_LOG_STR("id", "m1"),
        BOT_LOG_STR("text", "a\"\n\xff"),
    };
    char *out;

    start(1, BOT_LOG_INFO);
    bot_log_fields(BOT_LOG_INFO, "question answered", f, 7);
    out = take();
    ASSERT_EQ(0, strncmp(out, "{\"time\":\"", 9));
    assert_time(out + 9);
    ASSERT_CONTAINS(out, "Z\",\"level\":\"info\",\"msg\":\"question answered\","
                         "\"platform\":\"irc\",\"channel\":\"#news\","
                         "\"kind\":\"when\",\"answered\":true,"
                         "\"latency_ms\":12,\"id\":\"m1\","
                         "\"text\":\"a\\\"\\u000a\\ufffd\"}\n");
    free(out);
}

static void
test_log_fail_shows_source_at_debug_only(void)
{
    char *out;

    start(0, BOT_LOG_INFO);
    ASSERT_EQ(BOT_EIO, bot_fail(BOT_EIO, "cannot read %s", "/srv/kb/x"));
    out = take();
    ASSERT_CONTAINS(out, "error: cannot read /srv/kb/x\n");
    ASSERT_NOT_CONTAINS(out, "test_log.c");
    free(out);
    start(0, BOT_LOG_DEBUG);
    ASSERT_EQ(BOT_EIO, bot_fail(BOT_EIO, "cannot read %s", "/srv/kb/x"));
    out = take();
    ASSERT_CONTAINS(out, "error: cannot read /srv/kb/x src=\"");
    ASSERT_CONTAINS(out, "test_log.c\" line=");
    free(out);
}

static void
test_log_time_format(void)
{
    char when[40];

    ASSERT_EQ(24, bot_clock_format_utc(1796491203123LL, when, sizeof(when)));
    ASSERT_STR_EQ("2026-12-05T17:20:03.123Z", when);
    ASSERT_EQ(0, bot_clock_format_utc(0, when, 10));
}

static const struct test_case cases[] = {
    {"log_text_line_has_time_level_message",
     test_log_text_line_has_time_level_message},
    {"log_text_escapes_forged_lines", test_log_text_escapes_forged_lines},
    {"log_json_has_time_and_fields", test_log_json_has_time_and_fields},
    {"log_fail_shows_source_at_debug_only",
     test_log_fail_shows_source_at_debug_only},
    {"log_time_format", test_log_time_format},
};
TEST_MAIN(cases)
