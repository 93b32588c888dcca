#include "bot/cli/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bot/answer/core.h"
#include "bot/base/clock.h"
#include "bot/base/err.h"
#include "fixture.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_LINES 64

/* The output of one run, split into parsed lines. */
struct run {
    char *out;
    size_t nlines;
    json_t *line[MAX_LINES];
};

/* Runs @in (@len bytes) through bot_batch_run on @today. */
static void
run_batch_len(struct run *run, const char *in, size_t len, const char *today)
{
    struct bot_clock clk;
    char *copy = malloc(len), *p, *nl;
    size_t outlen = 0;
    FILE *fin, *fout;
    json_error_t jerr;

    ASSERT(copy != NULL && len > 0);
    memcpy(copy, in, len);
    memset(run, 0, sizeof(*run));
    ASSERT_EQ(0, bot_clock_init(&clk, "UTC", today));
    fin = fmemopen(copy, len, "r");
    ASSERT(fin != NULL);
    fout = open_memstream(&run->out, &outlen);
    ASSERT(fout != NULL);
    ASSERT_EQ(0, bot_batch_run(fixture_core(), &clk, fin, fout));
    ASSERT_EQ(0, fclose(fout));
    fclose(fin);
    free(copy);
    ASSERT(run->out != NULL);
    ASSERT_EQ(outlen, strlen(run->out));
    /* every line ends in a newline and parses as one JSON object */
    for (p = run->out; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl)
            TEST_FAIL("last output line has no newline: %s", p);
        ASSERT(run->nlines < MAX_LINES);
        run->line[run->nlines] =
            json_loadb(p, (size_t)(nl - p), JSON_ALLOW_NUL, &jerr);
        if (!json_is_object(run->line[run->nlines]))
            TEST_FAIL("output line %zu is not a JSON object (%s): %.*s",
                      run->nlines + 1, jerr.text, (int)(nl - p), p);
        run->nlines++;
    }
}

static void
run_batch(struct run *run, const char *in)
{
    run_batch_len(run, in, strlen(in), "2026-11-29");
}

static void
run_free(struct run *run)
{
    size_t i;

    for (i = 0; i < run->nlines; i++)
        json_decref(run->line[i]);
    free(run->out);
    memset(run, 0, sizeof(*run));
}

static int
kind_allowed(const char *kind)
{
    static const char *const kinds[] = {
        "who",     "what",    "when",      "where",    "why",
        "howmany", "yesno",   "summary",   "timeline", "upcoming",
        "help",    "unknown", "smalltalk", "source",
    };
    size_t i;

    for (i = 0; i < NCASES(kinds); i++) {
        if (strcmp(kind, kinds[i]) == 0)
            return 1;
    }
    return 0;
}

/* Checks reply @i has every member of the protocol; returns it. */
static json_t *
reply_at(const struct run *run, size_t i)
{
    json_t *o, *v, *src;
    size_t k;
    double c;

    ASSERT(i < run->nlines);
    o = run->line[i];
    if (json_object_get(o, "error"))
        TEST_FAIL("line %zu is an error: %s", i + 1,
                  json_string_value(json_object_get(o, "error")));
    ASSERT(json_object_get(o, "id") != NULL);
    ASSERT(json_is_boolean(json_object_get(o, "answered")));
    ASSERT(json_is_string(json_object_get(o, "answer")));
    ASSERT(json_string_length(json_object_get(o, "answer")) > 0);
    v = json_object_get(o, "kind");
    ASSERT(json_is_string(v));
    if (!kind_allowed(json_string_value(v)))
        TEST_FAIL("line %zu: kind \"%s\"", i + 1, json_string_value(v));
    v = json_object_get(o, "confidence");
    ASSERT(json_is_number(v));
    c = json_number_value(v);
    ASSERT(c >= 0.0 && c <= 1.0);
    src = json_object_get(o, "sources");
    ASSERT(json_is_array(src));
    json_array_foreach(src, k, v)
    {
        ASSERT(json_is_integer(v));
        ASSERT(json_integer_value(v) >= 1);
    }
    return o;
}

/* Checks line @i is an error line; returns it. */
static json_t *
error_at(const struct run *run, size_t i)
{
    json_t *o;

    ASSERT(i < run->nlines);
    o = run->line[i];
    ASSERT(json_object_get(o, "id") != NULL);
    ASSERT(json_is_string(json_object_get(o, "error")));
    ASSERT(json_string_length(json_object_get(o, "error")) > 0);
    ASSERT(json_object_get(o, "answered") == NULL);
    return o;
}

static int
answered(json_t *o)
{
    return json_is_true(json_object_get(o, "answered"));
}

static const char *
answer(json_t *o)
{
    return json_string_value(json_object_get(o, "answer"));
}

static void
test_batch_one_line_out_per_line_in(void)
{
    struct run run;
    size_t i;

    run_batch(&run,
              "{\"id\": 1, \"text\": \"When is the Supreme Court hearing?\"}\n"
              "{\"id\": 2, \"text\": \"Who asked the Supreme Court?\"}\n"
              "{\"id\": 3, \"text\": \"What is the capital of Germany?\"}\n"
              "{\"id\": 4, \"text\": \"summary\"}\n"
              "{\"id\": 5, \"text\": \"help\"}\n");
    ASSERT_EQ(5, run.nlines);
    for (i = 0; i < 5; i++) {
        json_t *o = reply_at(&run, i);
        ASSERT_EQ(i + 1, json_integer_value(json_object_get(o, "id")));
    }
    ASSERT(answered(run.line[0]));
    ASSERT_CONTAINS(answer(run.line[0]), "17 April 2025");
    ASSERT_STR_EQ("when",
                  json_string_value(json_object_get(run.line[0], "kind")));
    ASSERT(!answered(run.line[2]));
    ASSERT_STR_EQ("summary",
                  json_string_value(json_object_get(run.line[3], "kind")));
    run_free(&run);
}

static void
test_batch_sources_name_sentences(void)
{
    struct run run;
    json_t *src, *v;
    size_t i;
    int has4 = 0;

    run_batch(
        &run,
        "{\"id\": 1, \"text\": \"When is the Supreme Court hearing?\"}\n");
    ASSERT_EQ(1, run.nlines);
    src = json_object_get(reply_at(&run, 0), "sources");
    json_array_foreach(src, i, v) has4 |= json_integer_value(v) == 4;
    ASSERT(has4);
    run_free(&run);
}

static void
test_batch_echoes_ids(void)
{
    struct run run;
    json_t *id;

    run_batch(&run, "{\"id\": 42, \"text\": \"help\"}\n"
                    "{\"id\": \"abc-7\", \"text\": \"help\"}\n"
                    "{\"text\": \"help\"}\n"
                    "{\"id\": null, \"text\": \"help\"}\n"
                    "{\"id\": {\"n\": [1, 2]}, \"text\": \"help\"}\n"
                    "{\"id\": 1.5, \"text\": \"help\"}\n");
    ASSERT_EQ(6, run.nlines);
    id = json_object_get(reply_at(&run, 0), "id");
    ASSERT(json_is_integer(id));
    ASSERT_EQ(42, json_integer_value(id));
    id = json_object_get(reply_at(&run, 1), "id");
    ASSERT_STR_EQ("abc-7", json_string_value(id));
    ASSERT(json_is_null(json_object_get(reply_at(&run, 2), "id")));
    ASSERT(json_is_null(json_object_get(reply_at(&run, 3), "id")));
    id = json_object_get(reply_at(&run, 4), "id");
    ASSERT(json_is_object(id));
    ASSERT_EQ(2, json_array_size(json_object_get(id, "n")));
    id = json_object_get(reply_at(&run, 5), "id");
    ASSERT(json_is_real(id) && json_real_value(id) == 1.5);
    run_free(&run);
}

static void
test_batch_malformed_line_gets_error_and_run_goes_on(void)
{
    struct run run;

    run_batch(&run, "this is not json\n"
                    "{\"id\": 2, \"text\": \"When is the Supreme Court "
                    "hearing?\"}\n"
                    "[1, 2, 3]\n"
                    "{\"id\": 4, \"text\": \n"
                    "\"just a string\"\n"
                    "{\"id\": 6, \"text\": \"help\"}\n");
    ASSERT_EQ(6, run.nlines);
    ASSERT(json_is_null(json_object_get(error_at(&run, 0), "id")));
    ASSERT(answered(reply_at(&run, 1)));
    ASSERT_EQ(2, json_integer_value(json_object_get(run.line[1], "id")));
    ASSERT(json_is_null(json_object_get(error_at(&run, 2), "id")));
    ASSERT(json_is_null(json_object_get(error_at(&run, 3), "id")));
    ASSERT(json_is_null(json_object_get(error_at(&run, 4), "id")));
    ASSERT_EQ(6, json_integer_value(json_object_get(reply_at(&run, 5), "id")));
    run_free(&run);
}

static void
test_batch_missing_or_bad_text_gets_error(void)
{
    struct run run;
    json_t *o;

    run_batch(&run, "{\"id\": 1}\n"
                    "{\"id\": 2, \"text\": 17}\n"
                    "{\"id\": 3, \"text\": null}\n"
                    "{\"id\": 4, \"text\": \"help\", \"channel\": 5}\n"
                    "{\"id\": 5, \"text\": \"help\"}\n");
    ASSERT_EQ(5, run.nlines);
    o = error_at(&run, 0);
    ASSERT_CONTAINS(json_string_value(json_object_get(o, "error")), "text");
    error_at(&run, 1);
    error_at(&run, 2);
    error_at(&run, 3);
    ASSERT_EQ(5, json_integer_value(json_object_get(reply_at(&run, 4), "id")));
    run_free(&run);
}

static void
test_batch_nul_in_a_string_keeps_the_id(void)
{
    struct run run;
    json_t *o;

    run_batch(&run,
              "{\"id\": \"q1\", \"text\": \"when\\u0000is it\"}\n"
              "{\"id\": 2, \"text\": \"help\", \"channel\": \"a\\u0000\"}\n"
              "{\"id\": \"x\\u0000y\", \"text\": \"help\"}\n");
    ASSERT_EQ(3, run.nlines);
    o = error_at(&run, 0);
    ASSERT_STR_EQ("q1", json_string_value(json_object_get(o, "id")));
    ASSERT_CONTAINS(json_string_value(json_object_get(o, "error")), "U+0000");
    o = error_at(&run, 1);
    ASSERT_EQ(2, json_integer_value(json_object_get(o, "id")));
    ASSERT_CONTAINS(json_string_value(json_object_get(o, "error")), "channel");
    /* an id may hold one: it is echoed as it came */
    o = reply_at(&run, 2);
    ASSERT_EQ(3, json_string_length(json_object_get(o, "id")));
    run_free(&run);
}

static void
test_batch_empty_line_gets_error(void)
{
    struct run run;

    run_batch(&run, "{\"id\": 1, \"text\": \"help\"}\n"
                    "\n"
                    "{\"id\": 3, \"text\": \"help\"}\n");
    ASSERT_EQ(3, run.nlines);
    reply_at(&run, 0);
    error_at(&run, 1);
    reply_at(&run, 2);
    run_free(&run);
}

static void
test_batch_crlf_and_missing_final_newline(void)
{
    struct run run;

    run_batch(&run, "{\"id\": 1, \"text\": \"help\"}\r\n"
                    "{\"id\": 2, \"text\": \"When is the Supreme Court "
                    "hearing?\"}");
    ASSERT_EQ(2, run.nlines);
    ASSERT_EQ(1, json_integer_value(json_object_get(reply_at(&run, 0), "id")));
    ASSERT(answered(reply_at(&run, 1)));
    run_free(&run);
}

static void
test_batch_channel_is_a_conversation(void)
{
    struct run run;

    run_batch(&run, "{\"id\": 1, \"text\": \"Tell me about the concert hall "
                    "attack\", \"channel\": \"c1\"}\n"
                    "{\"id\": 2, \"text\": \"When was that?\", \"channel\": "
                    "\"c1\"}\n"
                    "{\"id\": 3, \"text\": \"When was that?\", \"channel\": "
                    "\"c2\"}\n"
                    "{\"id\": 4, \"text\": \"When was that?\"}\n");
    ASSERT_EQ(4, run.nlines);
    ASSERT(answered(reply_at(&run, 0)));
    ASSERT(answered(reply_at(&run, 1)));
    ASSERT_CONTAINS(answer(run.line[1]), "March 2024");
    ASSERT(!answered(reply_at(&run, 2)));
    ASSERT_NOT_CONTAINS(answer(run.line[2]), "March 2024");
    ASSERT(!answered(reply_at(&run, 3)));
    run_free(&run);
}

static void
test_batch_null_channel_is_no_conversation(void)
{
    struct run run;

    run_batch(&run, "{\"id\": 1, \"text\": \"Tell me about the concert hall "
                    "attack\", \"channel\": null}\n"
                    "{\"id\": 2, \"text\": \"When was that?\", \"channel\": "
                    "null}\n");
    ASSERT_EQ(2, run.nlines);
    ASSERT(answered(reply_at(&run, 0)));
    ASSERT(!answered(reply_at(&run, 1)));
    run_free(&run);
}

/* Writes {"id": @id, "text": "aaa..."} padded to exactly @len bytes. */
static void
fill_line(char *buf, size_t len, int id)
{
    int head = snprintf(buf, len, "{\"id\": %d, \"text\": \"", id);

    ASSERT(head > 0 && (size_t)head + 2 < len);
    memset(buf + head, 'a', len - (size_t)head - 2);
    memcpy(buf + len - 2, "\"}", 2);
}

static void
test_batch_overlong_line_gets_error_and_run_goes_on(void)
{
    static const char tail[] = "\n{\"id\": 2, \"text\": \"help\"}\n";
    size_t len = BOT_BATCH_LINE_MAX + 100;
    char *in = malloc(len + sizeof(tail));
    struct run run;

    ASSERT(in != NULL);
    fill_line(in, len, 1);
    memcpy(in + len, tail, sizeof(tail));
    run_batch_len(&run, in, len + sizeof(tail) - 1, "2026-11-29");
    ASSERT_EQ(2, run.nlines);
    ASSERT(json_is_null(json_object_get(error_at(&run, 0), "id")));
    ASSERT_EQ(2, json_integer_value(json_object_get(reply_at(&run, 1), "id")));
    run_free(&run);
    free(in);
}

static void
test_batch_line_at_cap_is_read(void)
{
    static const char tail[] = "\n{\"id\": 2, \"text\": \"help\"}\n";
    size_t len = BOT_BATCH_LINE_MAX;
    char *in = malloc(len + sizeof(tail));
    struct run run;
    json_t *o;

    ASSERT(in != NULL);
    fill_line(in, len, 1);
    memcpy(in + len, tail, sizeof(tail));
    run_batch_len(&run, in, len + sizeof(tail) - 1, "2026-11-29");
    ASSERT_EQ(2, run.nlines);
    /* a whole line: read and answered, though its text is too long */
    o = reply_at(&run, 0);
    ASSERT_EQ(1, json_integer_value(json_object_get(o, "id")));
    ASSERT(!answered(o));
    ASSERT_CONTAINS(answer(o), "too long");
    reply_at(&run, 1);
    run_free(&run);
    free(in);
}

static void
test_batch_uses_the_clock(void)
{
    static const char in[] = "{\"id\": 1, \"text\": \"upcoming\"}\n";
    struct run run;

    run_batch_len(&run, in, sizeof(in) - 1, "2026-11-29");
    ASSERT_EQ(1, run.nlines);
    ASSERT_STR_EQ("upcoming", json_string_value(
                                  json_object_get(reply_at(&run, 0), "kind")));
    ASSERT_CONTAINS(answer(run.line[0]), "passed");
    run_free(&run);
    run_batch_len(&run, in, sizeof(in) - 1, "2025-04-03");
    ASSERT_EQ(1, run.nlines);
    ASSERT_CONTAINS(answer(reply_at(&run, 0)), "in 14 days");
    run_free(&run);
}

static void
test_batch_bad_text_refused_not_crashed(void)
{
    struct run run;

    /* invalid UTF-8 and NUL inside the JSON: the parser refuses them */
    run_batch(&run, "{\"id\": 1, \"text\": \"bad \xff byte\"}\n"
                    "{\"id\": 2, \"text\": \"nul \\u0000 inside\"}\n"
                    "{\"id\": 3, \"text\": \"   \"}\n"
                    "{\"id\": 4, \"text\": \"esc \\u001b[31m hearing\"}\n");
    ASSERT_EQ(4, run.nlines);
    error_at(&run, 0);
    error_at(&run, 1);
    ASSERT(!answered(reply_at(&run, 2)));
    reply_at(&run, 3);
    run_free(&run);
}

static void
test_batch_raw_nul_byte_gets_one_error_line(void)
{
    static const char in[] = "{\"id\": 1, \"text\": \"he\0lp\"}\n"
                             "{\"id\": 2, \"text\": \"help\"}\n";
    struct run run;

    run_batch_len(&run, in, sizeof(in) - 1, "2026-11-29");
    ASSERT_EQ(2, run.nlines);
    error_at(&run, 0);
    ASSERT_EQ(2, json_integer_value(json_object_get(reply_at(&run, 1), "id")));
    run_free(&run);
}

static void
test_batch_line_function_writes_one_line(void)
{
    static const char line[] = "{\"id\": 9, \"text\": \"help\"}";
    struct bot_clock clk;
    char *out = NULL;
    const char *p;
    size_t outlen = 0;
    int lines = 0;
    FILE *fout = open_memstream(&out, &outlen);

    ASSERT(fout != NULL);
    ASSERT_EQ(0, bot_clock_init(&clk, "UTC", "2026-11-29"));
    ASSERT_EQ(
        0, bot_batch_line(fixture_core(), &clk, line, sizeof(line) - 1, fout));
    /* @len bounds the line: a prefix is a different, broken line */
    ASSERT_EQ(0, bot_batch_line(fixture_core(), &clk, line, 10, fout));
    ASSERT_EQ(0, fclose(fout));
    ASSERT(out != NULL);
    ASSERT_CONTAINS(out, "\"id\":9");
    ASSERT_CONTAINS(out, "\"error\"");
    ASSERT_EQ('\n', out[strlen(out) - 1]);
    for (p = out; *p; p++)
        lines += *p == '\n';
    ASSERT_EQ(2, lines);
    free(out);
}

/* Channels are conversations by name: two long names that differ only at
 * the end must not share one. */
static void
test_batch_long_channel_names_stay_apart(void)
{
    char chan_a[301], chan_b[301];
    char *in = malloc(2048);
    struct run run;

    ASSERT(in != NULL);
    memset(chan_a, 'c', 300);
    chan_a[300] = '\0';
    memcpy(chan_b, chan_a, sizeof(chan_b));
    chan_a[299] = 'A';
    chan_b[299] = 'B';
    snprintf(in, 2048,
             "{\"id\": 1, \"text\": \"Tell me about the concert hall "
             "attack\", \"channel\": \"%s\"}\n"
             "{\"id\": 2, \"text\": \"When was that?\", \"channel\": "
             "\"%s\"}\n",
             chan_a, chan_b);
    run_batch(&run, in);
    ASSERT_EQ(2, run.nlines);
    ASSERT(answered(reply_at(&run, 0)));
    ASSERT(!answered(reply_at(&run, 1)));
    run_free(&run);
    free(in);
}

static const struct test_case cases[] = {
    {"batch_one_line_out_per_line_in", test_batch_one_line_out_per_line_in},
    {"batch_sources_name_sentences", test_batch_sources_name_sentences},
    {"batch_echoes_ids", test_batch_echoes_ids},
    {"batch_malformed_line_gets_error_and_run_goes_on",
     test_batch_malformed_line_gets_error_and_run_goes_on},
    {"batch_nul_in_a_string_keeps_the_id",
     test_batch_nul_in_a_string_keeps_the_id},
    {"batch_missing_or_bad_text_gets_error",
     test_batch_missing_or_bad_text_gets_error},
    {"batch_empty_line_gets_error", test_batch_empty_line_gets_error},
    {"batch_crlf_and_missing_final_newline",
     test_batch_crlf_and_missing_final_newline},
    {"batch_channel_is_a_conversation", test_batch_channel_is_a_conversation},
    {"batch_null_channel_is_no_conversation",
     test_batch_null_channel_is_no_conversation},
    {"batch_overlong_line_gets_error_and_run_goes_on",
     test_batch_overlong_line_gets_error_and_run_goes_on},
    {"batch_line_at_cap_is_read", test_batch_line_at_cap_is_read},
    {"batch_uses_the_clock", test_batch_uses_the_clock},
    {"batch_bad_text_refused_not_crashed",
     test_batch_bad_text_refused_not_crashed},
    {"batch_line_function_writes_one_line",
     test_batch_line_function_writes_one_line},
    /* last: these show bugs */
    {"batch_raw_nul_byte_gets_one_error_line",
     test_batch_raw_nul_byte_gets_one_error_line},
    {"batch_long_channel_names_stay_apart",
     test_batch_long_channel_names_stay_apart},
};
TEST_MAIN(cases)
