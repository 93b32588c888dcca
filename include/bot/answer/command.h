/* Commands said in plain words: help, summary, timeline, upcoming,
 * reminders. */
#ifndef BOT_COMMAND_H
#define BOT_COMMAND_H

#include "bot/answer/kind.h"
#include "bot/knowledge/text.h"

/**
 * bot_command_read() - recognise a command said in plain words.
 * @folded: the folded question ("what is" spelt out, not "what's").
 * @bare:   true when the question names no entity, date or topic word;
 *          weak phrases ("what happened", "history") count only then.
 * Return: BOT_KIND_HELP, _SUMMARY, _TIMELINE, _UPCOMING, _COUNTDOWN,
 * _RECENT, _EXPLAIN, _SUBSCRIBE ("remind us"), _UNSUBSCRIBE ("stop
 * reminders") or _REMINDERS ("reminders?"), or BOT_KIND_UNKNOWN for an
 * ordinary question.
 */
enum bot_kind bot_command_read(const char *folded, const struct bot_words *w,
                               int bare);

/* Sentences asked for in a summary: 1 for "in one sentence" or "tl;dr",
 * N for "N points", 5 for "key points", 0 for the default. */
int bot_command_summary_length(const char *folded);

/* True if @phrase occurs in @s as whole words. */
int bot_command_has_phrase(const char *s, const char *phrase);

#endif
