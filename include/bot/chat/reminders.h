/* The reminder runner: subscriptions, posting what is owed, recording it. */
#ifndef BOT_REMINDERS_H
#define BOT_REMINDERS_H
#include <stdint.h>

#include "bot/answer/core.h"
#include "bot/answer/reply.h"
#include "bot/base/clock.h"
#include "bot/base/err.h"
#include "bot/chat/adapter.h"
#include "bot/knowledge/kb.h"

struct bot_metrics;

/* Reminders at run time: the subscriptions (kept in the database at
 * NEWSBOT_DB), posting what each is owed through its platform's adapter,
 * and recording a reminder as sent once the platform has accepted it.
 * At most one reminder per platform is on its way at a time, so a crash
 * can repeat at most that one. */

struct bot_reminders;

/* What the runner uses of the runtime, borrowed for its whole life. */
struct bot_reminders_env {
    const struct bot_config *cfg;
    const struct bot_core *core;   /* reloaded in place: see _reload() */
    const struct bot_clock *clock; /* the time of day, and tests' clocks */
    struct bot_adapter *adapters;  /* where reminders are posted */
    const int *nadapters;
    struct bot_metrics *metrics; /* counts reminders posted, or NULL */
    const char *replica;         /* this process, as leases name it */
};

/**
 * bot_reminders_new() - set up reminders over what @env lends.
 * Reads NEWSBOT_REMIND_LEADS (a bad value is an error: BOT_EINVAL) and
 * opens NEWSBOT_DB (default $XDG_STATE_HOME/newsbot/newsbot.db or
 * ~/.local/state/newsbot/newsbot.db). A database that cannot be opened is
 * logged once and turns reminders off; the bot goes on answering.
 * Return: 0 with *@out set, or an error reported once.
 */
BOT_MUST_CHECK int bot_reminders_new(const struct bot_reminders_env *env,
                                     struct bot_reminders **out);

/* Call after the adapters are released: posts still on their way are
 * forgotten (and so sent again after a restart). NULL is fine. */
void bot_reminders_free(struct bot_reminders *rm);

/* @ad is being released (a reload restarts its platform): the reminder
 * on its way through it, whose answer will never come, is due again.
 * NULL @rm is fine. */
void bot_reminders_forget(struct bot_reminders *rm,
                          const struct bot_adapter *ad);

/* The knowledge was reloaded: reminders follow its articles' events and
 * dates (what was sent before still counts). */
void bot_reminders_reload(struct bot_reminders *rm);

/* NEWSBOT_REMIND_LEADS changed on a reload: the schedule is made again
 * with @leads (what was sent before still counts). NULL @rm is fine. */
void bot_reminders_set_leads(struct bot_reminders *rm,
                             const struct bot_leads *leads);

/* The store the reminders keep (also what replicas share), or NULL. */
struct bot_store *bot_reminders_store(struct bot_reminders *rm);

/* With a shared store: whether this replica posts the reminders (its
 * role, bot/chat/replica.c). Reminders to a single platform (IRC) go out
 * from the replica running it, whatever this says. NULL @rm is fine. */
void bot_reminders_set_role(struct bot_reminders *rm, int held);

/* Posts what is owed; called every tick, acts at most once a second. */
void bot_reminders_tick(struct bot_reminders *rm, int64_t now_ms);

/* Answers a reminder command (@r->kind) that @msg gave on @ad, replacing
 * @r's text. */
void bot_reminders_command(struct bot_reminders *rm, struct bot_adapter *ad,
                           const struct bot_msg *msg, struct bot_reply *r);

/* Reminders as "status" tells them in @channel of @platform: off (no
 * database, or @rm NULL), ready, or on in that channel. */
enum bot_status_reminders bot_reminders_state(struct bot_reminders *rm,
                                              const char *platform,
                                              const char *channel);

#endif
