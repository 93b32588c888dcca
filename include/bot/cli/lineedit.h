/* Line editing and history for the terminal chat, through libedit. Only
 * the console uses it, and only when both ends are a terminal. */
#ifndef BOT_LINEEDIT_H
#define BOT_LINEEDIT_H

#include <stddef.h>
#include <stdio.h>

#include "bot/base/err.h"

struct bot_lineedit;

/**
 * bot_lineedit_new() - an editor reading @in and echoing to @out (both
 * terminals), with @prompt before each line (static storage). History is
 * kept for the session and loaded from and saved to @history_path when
 * that is not NULL. Return: the editor, or NULL (out of memory, or
 * libedit could not start: read plain lines then).
 */
struct bot_lineedit *bot_lineedit_new(FILE *in, FILE *out, const char *prompt,
                                      const char *history_path);

/**
 * bot_lineedit_read() - the next line, edited, into @buf without its
 * newline; a line that is not empty goes into the history, and the
 * history into its file at once.
 * Return: as bot_batch_read_line(): 1 for a line, 0 at the end of input,
 * 2 when it did not fit in @cap bytes.
 */
int bot_lineedit_read(struct bot_lineedit *le, char *buf, size_t cap,
                      size_t *len);

/* Restores the terminal and frees @le; NULL is fine. */
void bot_lineedit_free(struct bot_lineedit *le);

/**
 * bot_lineedit_history_path() - where the history is kept:
 * $XDG_STATE_HOME/newsbot/history, else ~/.local/state/newsbot/history,
 * making the folders (mode 0700). Return: 0, or BOT_EINVAL when neither
 * variable is set or the folder cannot be made (no history file then).
 */
int bot_lineedit_history_path(char *buf, size_t cap);

#endif
