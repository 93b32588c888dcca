/* "status", "version", "uptime": what the bot is running, since when, on
 * which articles, and whether reminders are on. The front end says what
 * only it knows (uptime, reminders); the reply is written here. */
#ifndef BOT_STATUS_H
#define BOT_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

/* Reminders as the front end that asks sees them. */
enum bot_status_reminders {
    BOT_STATUS_REMINDERS_NONE = 0, /* a front end that cannot post them */
    BOT_STATUS_REMINDERS_OFF,      /* no database: they are off */
    BOT_STATUS_REMINDERS_READY,    /* on, but not in this channel */
    BOT_STATUS_REMINDERS_HERE      /* this channel gets them */
};

/* What the front end knows of itself, handed in with a question. */
struct bot_status_info {
    int64_t uptime_s; /* seconds since the process started */
    enum bot_status_reminders reminders;
};

/* True if the whole of @text (@len bytes) asks for the status: "status",
 * "version?", "uptime", "what version are you running?". "What is the
 * status of the talks?" is a question about the article, not this. */
int bot_status_asked(const char *text, size_t len);

/**
 * bot_status_answer() - the status reply, of kind BOT_KIND_STATUS.
 * @kbs, @n: the articles loaded, newest first; @current the one this
 * conversation talks about. @st: NULL when the front end said nothing
 * (no uptime, no reminders).
 */
void bot_status_answer(const struct bot_kb *const *kbs, size_t n, int current,
                       const struct bot_status_info *st, struct bot_reply *r);

#endif
