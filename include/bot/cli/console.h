/* The terminal chat front end. */
#ifndef BOT_CONSOLE_H
#define BOT_CONSOLE_H

#include <stdio.h>

#include "bot/answer/core.h"
#include "bot/base/clock.h"

/* The terminal chat: one conversation, a prompt when @in is a terminal,
 * "quit" or end of input to leave. Return: 0 or BOT_EIO. */
BOT_MUST_CHECK int bot_console_run(struct bot_core *core,
                                   const struct bot_clock *clk, FILE *in,
                                   FILE *out);

/* Prints the answer to one question; @explain adds how it was read. */
BOT_MUST_CHECK int bot_console_ask(struct bot_core *core,
                                   const struct bot_clock *clk,
                                   const char *text, int explain, FILE *out);

#endif
