/* The log of questions the bot declined or was unsure of, for the
 * article's author (NEWSBOT_UNANSWERED): JSON lines, appended. */
#ifndef BOT_UNANSWERED_H
#define BOT_UNANSWERED_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/reply.h"
#include "bot/base/err.h"

/* Below this confidence an answer is logged as unsure. */
#define BOT_UNANSWERED_UNSURE 0.6

struct bot_unanswered;

/* Opens @path for appending (created 0640). Return: 0 or BOT_EIO, said. */
BOT_MUST_CHECK int bot_unanswered_open(struct bot_unanswered **out,
                                       const char *path, int with_users);
void bot_unanswered_close(struct bot_unanswered *u);

/* One question asked on @platform about @article, if @r declined it or
 * was unsure: {"time", "article", "platform", "question", "kind",
 * "answered", "confidence"} and "user" only if the log was opened with
 * users. @now_ms is the wall clock. A failed write is logged once. */
void bot_unanswered_note(struct bot_unanswered *u, const char *article,
                         const char *platform, const char *user,
                         const char *question, size_t len,
                         const struct bot_reply *r, int64_t now_ms);

#endif
