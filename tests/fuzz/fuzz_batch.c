/* Fuzz target batch: the JSON-lines protocol (bot_batch_run(),
 * bot/batch.c). The input is the standard input of `newsbot batch`: one
 * or more lines of {"id", "text", "channel"?}; lines of one channel form a
 * conversation. The run must answer every input line with exactly one
 * line, each a JSON object with an "id" and an "answer" or an "error". */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/secret.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/cli/batch.h"
#include "bot/knowledge/kbload.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "harness.h"

static struct bot_core core;
static struct bot_clock clk;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    if (bot_core_init(&core, fuzz_knowledge_dir()) != 0 ||
        bot_clock_init(&clk, NULL, FUZZ_NOW_TEXT) != 0)
        fuzz_die("cannot load the knowledge in %s", fuzz_knowledge_dir());
    return 0;
}

/* Lines as bot_batch_read_line() sees them: the last may lack its '\n'. */
static size_t
count_lines(const char *s, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++)
        n += s[i] == '\n';
    return n + (len > 0 && s[len - 1] != '\n');
}

static void
check_output(const char *out, size_t len, size_t want)
{
    size_t got = 0;
    const char *line = out, *end = out + len;

    if (len > 0 && out[len - 1] != '\n')
        fuzz_die("batch: the output does not end with a newline");
    while (line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        json_t *o = json_loadb(line, (size_t)(nl - line), JSON_ALLOW_NUL, NULL);

        if (!json_is_object(o) || !json_object_get(o, "id") ||
            !(json_is_string(json_object_get(o, "answer")) ||
              json_is_string(json_object_get(o, "error"))))
            fuzz_die("batch: reply line %zu is not {id, answer|error}: "
                     "%.*s",
                     got + 1, (int)(nl - line > 300 ? 300 : nl - line), line);
        json_decref(o);
        got++;
        line = nl + 1;
    }
    if (got != want)
        fuzz_die("batch: %zu input lines got %zu reply lines", want, got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1), *out = NULL;
    size_t out_len = 0;
    FILE *in, *outf;
    int rc;

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    fuzz_fresh_conversations(&core);
    /* fmemopen() wants at least one byte; an empty input reads as EOF. */
    in = fmemopen(copy, size ? size : 1, "r");
    outf = open_memstream(&out, &out_len);
    if (!in || !outf)
        fuzz_die("cannot open memory streams");
    if (size == 0)
        fgetc(in); /* past the one byte: nothing left to read */
    rc = bot_batch_run(&core, &clk, in, outf);
    fclose(in);
    fclose(outf);
    if (rc != 0)
        fuzz_die("batch: bot_batch_run returned %d", rc);
    check_output(out, out_len, count_lines(copy, size));
    free(out);
    free(copy);
    return 0;
}
