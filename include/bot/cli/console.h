/* The terminal chat front end. */
#ifndef BOT_CONSOLE_H
#define BOT_CONSOLE_H

#include <stdint.h>
#include <stdio.h>

#include "bot/answer/core.h"
#include "bot/base/clock.h"

/* The terminal chat: one conversation, "quit" or end of input to leave.
 * When @in and @out are a terminal, a prompt, line editing and history
 * (bot/cli/lineedit.h); otherwise plain lines. @started_ms is when the
 * process started (bot_clock_real_ms()), for "status".
 * Return: 0 or BOT_EIO. */
BOT_MUST_CHECK int bot_console_run(struct bot_core *core,
                                   const struct bot_clock *clk,
                                   int64_t started_ms, FILE *in, FILE *out);

/* Prints the answer to one question; @explain adds how it was read. */
BOT_MUST_CHECK int bot_console_ask(struct bot_core *core,
                                   const struct bot_clock *clk,
                                   int64_t started_ms, const char *text,
                                   int explain, FILE *out);

#endif
