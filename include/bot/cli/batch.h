/* The batch front end: JSON lines of questions in, JSON lines of answers
 * out. */
#ifndef BOT_BATCH_H
#define BOT_BATCH_H

#include <stdio.h>

#include "bot/answer/core.h"
#include "bot/base/clock.h"

/* Longest input line read whole; longer lines get an error reply. */
#define BOT_BATCH_LINE_MAX (64 * 1024)

/**
 * bot_batch_run() - the JSON-lines protocol.
 * Reads {"id", "text", "channel"?, "user"?} lines from @in and writes one
 * {"id", "answered", "answer", "kind", "confidence", "sources"} line per
 * input line to @out, in order, flushing each. Lines of one channel form
 * a conversation. A malformed line gets {"id": null, "error": "..."} and
 * the run goes on. @explain adds an "explain" member.
 * Return: 0, or BOT_EIO / BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_batch_run(struct bot_core *core,
                                 const struct bot_clock *clk, FILE *in,
                                 FILE *out);

/* Handles one line (without its newline); writes one line to @out. */
BOT_MUST_CHECK int bot_batch_line(struct bot_core *core,
                                  const struct bot_clock *clk, const char *line,
                                  size_t len, FILE *out);

/* Reads one line into @buf (without its newline). Return: 1 for a line,
 * 0 at the end of input, 2 for a line longer than @cap - 2 bytes, which is
 * skipped. */
int bot_batch_read_line(FILE *in, char *buf, size_t cap, size_t *len);

#endif
