/* unit.metrics: the Prometheus text and the /healthz JSON, line by line. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/chat/metrics.h"
#include "test.h"

#define T0 1764892800 /* 2025-12-05T00:00:00Z */

static char out[64 * 1024];

static void
sample(struct bot_metrics *m)
{
    bot_metrics_init(m, T0);
    bot_metrics_platform(m, 0, "slack", T0);
    bot_metrics_platform(m, 1, "irc", T0);
    bot_metrics_state(m, 0, BOT_PLATFORM_READY, BOT_DISCONNECT_NONE, T0 + 1,
                      NULL);
    bot_metrics_question(m, 0, BOT_KIND_WHEN, 1, 0.0002);
    bot_metrics_question(m, 0, BOT_KIND_WHEN, 1, 0.003);
    bot_metrics_question(m, 0, BOT_KIND_WHO, 0, 9.0);
    m->p[1].rate_limited = 4;
    m->kb_reloads = 2;
    m->outbox_depth = 3;
}

/* Every line is a HELP or TYPE comment or a sample:
 * name{label="value",...} number. Each sample's metric family was
 * declared by a TYPE line before it. */
static void
test_metrics_lines_are_exposition_format(void)
{
    struct bot_metrics m;
    regex_t help, type, smp;
    char *line, *save = NULL, family[128] = "";
    int n;

    sample(&m);
    n = bot_metrics_render(&m, "1.2.3", "moscow", T0 + 60, out, sizeof(out));
    ASSERT(n > 0);
    ASSERT_EQ((size_t)n, strlen(out));
    ASSERT_EQ('\n', out[n - 1]);
    ASSERT_EQ(0, regcomp(&help, "^# HELP newsbot_[a-z0-9_]+ [^\n]+$",
                         REG_EXTENDED | REG_NOSUB));
    ASSERT_EQ(0,
              regcomp(&type,
                      "^# TYPE newsbot_[a-z0-9_]+ (counter|gauge|histogram)$",
                      REG_EXTENDED | REG_NOSUB));
    ASSERT_EQ(0, regcomp(&smp,
                         "^newsbot_[a-z0-9_]+(\\{[a-z_]+=\"[^\"]*\""
                         "(,[a-z_]+=\"[^\"]*\")*\\})? "
                         "(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|\\+Inf)$",
                         REG_EXTENDED | REG_NOSUB));
    for (line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "# HELP ", 7) == 0) {
            ASSERT_EQ(0, regexec(&help, line, 0, NULL, 0));
        } else if (strncmp(line, "# TYPE ", 7) == 0) {
            ASSERT_EQ(0, regexec(&type, line, 0, NULL, 0));
            sscanf(line + 7, "%127s", family);
        } else {
            if (regexec(&smp, line, 0, NULL, 0) != 0)
                fprintf(stderr, "bad line: %s\n", line);
            ASSERT_EQ(0, regexec(&smp, line, 0, NULL, 0));
            ASSERT(family[0] != '\0');
            ASSERT_EQ(0, strncmp(line, family, strlen(family)));
        }
    }
    regfree(&help);
    regfree(&type);
    regfree(&smp);
}

static void
test_metrics_values(void)
{
    struct bot_metrics m;

    sample(&m);
    ASSERT(bot_metrics_render(&m, "1.2.3", "moscow", T0 + 60, out,
                              sizeof(out)) > 0);
    ASSERT_CONTAINS(out, "\nnewsbot_questions_total{platform=\"slack\","
                         "kind=\"when\",outcome=\"answered\"} 2\n");
    ASSERT_CONTAINS(out, "\nnewsbot_questions_total{platform=\"slack\","
                         "kind=\"who\",outcome=\"declined\"} 1\n");
    ASSERT_NOT_CONTAINS(out, "platform=\"irc\",kind=");
    /* cumulative buckets; 9 s only in +Inf */
    ASSERT_CONTAINS(out, "newsbot_answer_latency_seconds_bucket{platform="
                         "\"slack\",le=\"0.0005\"} 1\n");
    ASSERT_CONTAINS(out, "newsbot_answer_latency_seconds_bucket{platform="
                         "\"slack\",le=\"0.005\"} 2\n");
    ASSERT_CONTAINS(out, "newsbot_answer_latency_seconds_bucket{platform="
                         "\"slack\",le=\"2.5\"} 2\n");
    ASSERT_CONTAINS(out, "newsbot_answer_latency_seconds_bucket{platform="
                         "\"slack\",le=\"+Inf\"} 3\n");
    ASSERT_CONTAINS(out, "newsbot_answer_latency_seconds_count{platform="
                         "\"slack\"} 3\n");
    ASSERT_CONTAINS(out, "newsbot_questions_rate_limited_total{platform="
                         "\"irc\"} 4\n");
    ASSERT_CONTAINS(out, "newsbot_platform_up{platform=\"slack\"} 1\n");
    ASSERT_CONTAINS(out, "newsbot_platform_up{platform=\"irc\"} 0\n");
    ASSERT_CONTAINS(out, "newsbot_connections_total{platform=\"slack\"} 1\n");
    ASSERT_CONTAINS(out, "newsbot_knowledge_reloads_total 2\n");
    ASSERT_CONTAINS(out, "newsbot_outbox_messages 3\n");
    ASSERT_CONTAINS(out, "newsbot_uptime_seconds 60\n");
    ASSERT_CONTAINS(out, "newsbot_reminders_sent_total 0\n");
    ASSERT_CONTAINS(out, "newsbot_build_info{version=\"1.2.3\","
                         "article=\"moscow\"} 1\n");
}

static void
test_metrics_reconnects_and_escapes(void)
{
    struct bot_metrics m;

    sample(&m);
    bot_metrics_state(&m, 0, BOT_PLATFORM_DOWN, BOT_DISCONNECT_TIMEOUT, T0 + 5,
                      "disconnected (1006)");
    bot_metrics_state(&m, 0, BOT_PLATFORM_READY, BOT_DISCONNECT_NONE, T0 + 6,
                      NULL);
    ASSERT(bot_metrics_render(&m, "1", "a\"b\\c\nd", T0, out, sizeof(out)) > 0);
    ASSERT_CONTAINS(out, "newsbot_disconnects_total{platform=\"slack\","
                         "reason=\"timeout\"} 1\n");
    ASSERT_CONTAINS(out, "newsbot_disconnects_total{platform=\"slack\","
                         "reason=\"network\"} 0\n");
    ASSERT_CONTAINS(out, "newsbot_reconnects_total{platform=\"slack\"} 1\n");
    ASSERT_CONTAINS(out, "article=\"a\\\"b\\\\c\\nd\"} 1\n");
}

/* The scrape in out has newsbot_disconnects_total{platform, reason} @v. */
static void
check_disconnects(const char *platform, const char *reason, int v)
{
    char want[160];

    snprintf(want, sizeof(want),
             "\nnewsbot_disconnects_total{platform=\"%s\",reason=\"%s\"} "
             "%d\n",
             platform, reason, v);
    ASSERT_CONTAINS(out, want);
}

/* A ready session lost counts once, under its reason; every reason of
 * every platform is a series from the start, and there are no others. */
static void
test_metrics_disconnect_reasons(void)
{
    static const char *const names[] = {
        "closed_by_server", "network",         "timeout",       "auth",
        "config",           "invalid_session", "resume_failed", "rate_limited",
        "protocol",         "reload"};
    struct bot_metrics m;
    const char *p;
    size_t i, n = 0;

    ASSERT_EQ(sizeof(names) / sizeof(names[0]), BOT_METRICS_REASONS - 1);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        ASSERT_STR_EQ(names[i],
                      bot_metrics_reason_name((enum bot_disconnect)(i + 1)));
    sample(&m);
    /* slack: ready -> invalid session -> ready -> lost with no reason
     * noted (counted as network) -> down again (not counted twice) */
    bot_metrics_state(&m, 0, BOT_PLATFORM_DOWN, BOT_DISCONNECT_INVALID_SESSION,
                      T0 + 2, NULL);
    bot_metrics_state(&m, 0, BOT_PLATFORM_READY, BOT_DISCONNECT_NONE, T0 + 3,
                      NULL);
    bot_metrics_state(&m, 0, BOT_PLATFORM_DOWN, BOT_DISCONNECT_NONE, T0 + 4,
                      NULL);
    bot_metrics_state(&m, 0, BOT_PLATFORM_DOWN, BOT_DISCONNECT_TIMEOUT, T0 + 5,
                      NULL);
    /* irc: never ready, so failing is no disconnect; then ready, and its
     * credentials refused for good */
    bot_metrics_state(&m, 1, BOT_PLATFORM_FAILED, BOT_DISCONNECT_CONFIG, T0 + 2,
                      NULL);
    bot_metrics_state(&m, 1, BOT_PLATFORM_READY, BOT_DISCONNECT_NONE, T0 + 3,
                      NULL);
    bot_metrics_state(&m, 1, BOT_PLATFORM_FAILED, BOT_DISCONNECT_AUTH, T0 + 4,
                      NULL);
    ASSERT(bot_metrics_render(&m, "1", "a", T0, out, sizeof(out)) > 0);
    check_disconnects("slack", "invalid_session", 1);
    check_disconnects("slack", "network", 1);
    check_disconnects("slack", "timeout", 0);
    check_disconnects("irc", "config", 0);
    check_disconnects("irc", "auth", 1);
    check_disconnects("irc", "protocol", 0);
    ASSERT_CONTAINS(out, "newsbot_connections_total{platform=\"slack\"} 2\n");
    ASSERT_CONTAINS(out, "newsbot_reconnects_total{platform=\"slack\"} 1\n");
    for (p = out; (p = strstr(p, "\nnewsbot_disconnects_total{")) != NULL; p++)
        n++;
    ASSERT_EQ(2 * (BOT_METRICS_REASONS - 1), n);
    ASSERT_NOT_CONTAINS(out, "reason=\"none\"");
}

/* Close codes of RFC 6455 as the server sends them; 0 when none came. */
static void
test_metrics_close_codes(void)
{
    static const struct {
        int code;
        enum bot_disconnect want;
    } c[] = {
        {0, BOT_DISCONNECT_NETWORK},
        {1000, BOT_DISCONNECT_CLOSED_BY_SERVER},
        {1001, BOT_DISCONNECT_CLOSED_BY_SERVER},
        {1002, BOT_DISCONNECT_PROTOCOL},
        {1006, BOT_DISCONNECT_NETWORK},
        {1008, BOT_DISCONNECT_PROTOCOL},
        {1009, BOT_DISCONNECT_PROTOCOL},
        {1011, BOT_DISCONNECT_CLOSED_BY_SERVER},
        {1012, BOT_DISCONNECT_CLOSED_BY_SERVER},
        {1015, BOT_DISCONNECT_NETWORK},
        {4000, BOT_DISCONNECT_CLOSED_BY_SERVER},
    };
    size_t i;

    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
        ASSERT_STR_EQ(
            bot_metrics_reason_name(c[i].want),
            bot_metrics_reason_name(bot_metrics_close_reason(c[i].code)));
    ASSERT_STR_EQ("none", bot_metrics_reason_name((enum bot_disconnect)99));
}

static void
test_metrics_too_small_buffer(void)
{
    struct bot_metrics m;
    char small[100];
    int ok;

    sample(&m);
    ASSERT_EQ(BOT_ETOOBIG,
              bot_metrics_render(&m, "1", "a", T0, small, sizeof(small)));
    ASSERT(strlen(small) < sizeof(small));
    ASSERT_EQ(BOT_ETOOBIG,
              bot_metrics_health(&m, "1", T0, &ok, small, sizeof(small)));
}

static void
test_metrics_health(void)
{
    struct bot_metrics m;
    int ok = -1;

    sample(&m);
    ASSERT(bot_metrics_health(&m, "1.2.3", T0 + 60, &ok, out, sizeof(out)) > 0);
    ASSERT_EQ(0, ok);
    ASSERT_STR_EQ("{\"status\":\"unavailable\",\"platforms\":["
                  "{\"name\":\"slack\",\"state\":\"ready\",\"since\":"
                  "\"2025-12-05T00:00:01Z\",\"last_error\":null},"
                  "{\"name\":\"irc\",\"state\":\"connecting\",\"since\":"
                  "\"2025-12-05T00:00:00Z\",\"last_error\":null}],"
                  "\"version\":\"1.2.3\",\"uptime_seconds\":60}\n",
                  out);
    bot_metrics_state(&m, 1, BOT_PLATFORM_READY, BOT_DISCONNECT_NONE, T0 + 2,
                      NULL);
    bot_metrics_state(&m, 1, BOT_PLATFORM_DOWN, BOT_DISCONNECT_NETWORK, T0 + 3,
                      "closed \"1006\"");
    ASSERT(bot_metrics_health(&m, "1", T0, &ok, out, sizeof(out)) > 0);
    ASSERT_EQ(0, ok);
    ASSERT_CONTAINS(out, "{\"name\":\"irc\",\"state\":\"down\",\"since\":"
                         "\"2025-12-05T00:00:03Z\",\"last_error\":"
                         "\"closed \\\"1006\\\"\"}");
    bot_metrics_state(&m, 1, BOT_PLATFORM_READY, BOT_DISCONNECT_NONE, T0 + 4,
                      NULL);
    ASSERT(bot_metrics_health(&m, "1", T0, &ok, out, sizeof(out)) > 0);
    ASSERT_EQ(1, ok);
    ASSERT_CONTAINS(out, "{\"status\":\"ok\"");
}

static const struct test_case cases[] = {
    {"metrics_lines_are_exposition_format",
     test_metrics_lines_are_exposition_format},
    {"metrics_values", test_metrics_values},
    {"metrics_reconnects_and_escapes", test_metrics_reconnects_and_escapes},
    {"metrics_disconnect_reasons", test_metrics_disconnect_reasons},
    {"metrics_close_codes", test_metrics_close_codes},
    {"metrics_too_small_buffer", test_metrics_too_small_buffer},
    {"metrics_health", test_metrics_health},
};
TEST_MAIN(cases)
