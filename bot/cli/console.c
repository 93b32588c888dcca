/* The terminal chat front end. */
#include "bot/cli/console.h"

#include "bot/base/log.h"
#include "bot/cli/batch.h"
#include "bot/cli/lineedit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
ask_one(struct bot_core *core, const struct bot_clock *clk, int64_t started_ms,
        const char *text, size_t len, const char *conversation, int explain,
        FILE *out)
{
    struct bot_reply *r = malloc(sizeof(*r));
    struct bot_ask ask = {0};
    struct bot_status_info st = {0};
    int rc;

    if (!r)
        return BOT_ENOMEM;
    /* the process's uptime, on the real clock: --now shifts the other */
    st.uptime_s = (bot_clock_real_ms() - started_ms) / 1000;
    st.reminders = BOT_STATUS_REMINDERS_NONE; /* the console cannot post */
    ask.status = &st;
    ask.text = text;
    ask.len = len;
    ask.conversation = conversation;
    ask.explain = explain;
    bot_clock_today(clk, &ask.today);
    ask.now_ms = bot_clock_now_ms(clk);
    rc = bot_core_ask(core, &ask, r);
    if (rc == 0 && (fprintf(out, "%s\n", r->text) < 0 || fflush(out) != 0))
        rc = bot_fail(BOT_EIO, "console: cannot write");
    free(r);
    return rc;
}

int
bot_console_ask(struct bot_core *core, const struct bot_clock *clk,
                int64_t started_ms, const char *text, int explain, FILE *out)
{
    return ask_one(core, clk, started_ms, text, strlen(text), NULL, explain,
                   out);
}

/* The next line: edited when @le is there, else plain, with "> " first
 * on a terminal. Return: as bot_batch_read_line(). */
static int
read_line(struct bot_lineedit *le, int tty, FILE *in, FILE *out, char *line,
          size_t cap, size_t *len)
{
    if (le)
        return bot_lineedit_read(le, line, cap, len);
    if (tty) {
        fputs("> ", out);
        fflush(out);
    }
    return bot_batch_read_line(in, line, cap, len);
}

int
bot_console_run(struct bot_core *core, const struct bot_clock *clk,
                int64_t started_ms, FILE *in, FILE *out)
{
    int tty = isatty(fileno(in)) && isatty(fileno(out));
    size_t cap = BOT_TEXT_MAX * 4, len;
    char *line = malloc(cap), path[4200];
    struct bot_lineedit *le = NULL;
    int rc = 0, got;

    if (!line)
        return BOT_ENOMEM;
    if (tty) {
        fprintf(out, "newsbot: ask me about the article (\"help\" for "
                     "ideas, \"quit\" to leave).\n");
        /* without libedit (it failed to start), plain lines still work */
        le = bot_lineedit_new(
            in, out, "> ",
            bot_lineedit_history_path(path, sizeof(path)) == 0 ? path : NULL);
    }
    while (rc == 0) {
        got = read_line(le, tty, in, out, line, cap, &len);
        if (got == 0)
            break;
        if (got == 2) {
            fprintf(out,
                    "That message is too long; please ask in fewer "
                    "than %d bytes.\n",
                    BOT_TEXT_MAX);
            continue;
        }
        if (strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0)
            break;
        if (len == 0)
            continue;
        rc = ask_one(core, clk, started_ms, line, len, "console", 0, out);
    }
    bot_lineedit_free(le);
    free(line);
    return rc;
}
