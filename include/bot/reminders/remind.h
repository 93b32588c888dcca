/* Reminders as pure logic: the schedule, the choice, the words. */
#ifndef BOT_REMIND_H
#define BOT_REMIND_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/answer.h"
#include "bot/knowledge/kb.h"
#include "bot/reminders/schedule.h"

/* Reminders of upcoming events, as pure logic: which reminders exist,
 * which one a subscription should get now, and what they say. The clock
 * is passed in; the database and the platforms are bot/reminders.c's. */

#define BOT_REMIND_MAX 64 /* reminders (events x leads) */
#define BOT_REMIND_LATE_MS                                                     \
    (10 * 60 * 1000LL) /* after this, a reminder is late */

/* One reminder: lead @lead before the event of fact @fact of @kb. */
struct bot_remind {
    const struct bot_kb *kb; /* borrowed: valid until the next schedule */
    int fact;
    int lead; /* index into the schedule's leads */
    int64_t due_ms;
    int64_t end_ms; /* the event's day is over: too late to remind */
};

struct bot_remind_sched {
    struct bot_leads leads;
    struct bot_remind v[BOT_REMIND_MAX];
    int n;      /* grouped by event, in date order; leads in order within */
    int named;  /* several articles: each reminder names its own */
    int folder; /* events are recorded as "folder/id" (a library) */
    int64_t refresh_ms; /* events were left out for room: schedule again
                           from this moment (the first one is over); 0 */
};

/* True for a fact reminders are for: scheduled or expected, dated to a
 * day. */
int bot_remind_is_event(const struct bot_fact *f);

/**
 * bot_remind_schedule() - the reminders of the articles' events.
 * @kbs, @n:  the articles (the newest first).
 * @library:  the articles are the folders of a library: events are
 *            recorded under "folder/id", so that two articles' ids never
 *            meet, and a second article added later changes no key.
 * @now_ms:   events whose day is over before it are left out (0: none).
 * The earliest events come first; when they take more than
 * BOT_REMIND_MAX reminders, the later ones wait for @s->refresh_ms.
 */
void bot_remind_schedule(struct bot_remind_sched *s,
                         const struct bot_kb *const *kbs, size_t n, int library,
                         const struct bot_leads *leads, int64_t now_ms);

/* The key reminder @i's event is recorded under: the fact's id, or
 * "folder/id" in a library. */
void bot_remind_event_key(const struct bot_remind_sched *s, int i, char *buf,
                          size_t cap);

/* "2025-04-17": the day an event's reminders are recorded under. */
void bot_remind_day_key(const struct bot_date *d, char *buf, size_t cap);

/* What one subscription should get now. */
struct bot_remind_plan {
    int send;      /* the reminder to post, or -1 */
    int late;      /* it fell due more than BOT_REMIND_LATE_MS ago */
    uint64_t skip; /* earlier reminders of the same event it stands for */
};

/**
 * bot_remind_plan() - choose the reminder to post to one subscription.
 * @done:     bit i set when reminder i is recorded (sent or skipped).
 * @since_ms: when the subscription began; reminders due before it are
 *            not owed.
 * A reminder is owed once due, until its event's day is over. Of an
 * event's owed reminders only the latest is posted (late, if the bot was
 * down when it fell due); the earlier ones are skipped rather than sent
 * in a burst.
 */
void bot_remind_plan(const struct bot_remind_sched *s, uint64_t done,
                     int64_t since_ms, int64_t now_ms,
                     struct bot_remind_plan *p);

/* The next reminder a subscription will get after @now_ms, or -1. */
int bot_remind_next(const struct bot_remind_sched *s, uint64_t done,
                    int64_t since_ms, int64_t now_ms);

/**
 * bot_remind_text() - the reminder's words: the event, its day, the
 * countdown from @now_ms and the source sentence (and its article's
 * title when the schedule is @named).
 * @late:    say it is late, and when it was due.
 * @old_day: the day ("2025-04-17") an earlier reminder gave, if the
 *           event has moved since; else NULL.
 */
void bot_remind_text(const struct bot_remind_sched *s, int i, int late,
                     const char *old_day, int64_t now_ms, struct bot_reply *r);

/* What a subscription looks like now, for the answers to "reminders",
 * "remind us" and "stop reminders". */
struct bot_remind_state {
    int subscribed;
    int changed;      /* this command subscribed or unsubscribed */
    int available;    /* 0: the database is out; reminders are off */
    int direct;       /* a direct conversation, not a channel */
    int64_t since_ms; /* when subscribed */
    uint64_t done;
    const char *tz; /* for "09:00 (Europe/Berlin)" */
};

/* The answer to a reminder command (@cmd a BOT_KIND_ reminder kind);
 * @kbs, @n the articles, for the events too vague for a reminder. */
void bot_remind_answer(const struct bot_kb *const *kbs, size_t n,
                       const struct bot_remind_sched *s, enum bot_kind cmd,
                       const struct bot_remind_state *st, int64_t now_ms,
                       struct bot_reply *r);

#endif
