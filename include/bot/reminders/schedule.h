/* Lead times and the moments reminders fall due, in local time. */
#ifndef BOT_SCHEDULE_H
#define BOT_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/date.h"
#include "bot/base/err.h"

/* When reminders fall due: lead times before an event's day, read in the
 * local time zone of the process (TZ, set from NEWSBOT_TZ by the clock).
 * No I/O and no clock: every moment is passed in, in milliseconds since
 * the epoch. */

#define BOT_LEADS_MAX         8
#define BOT_LEADS_DEFAULT     "7d,1d,0d@09:00"
#define BOT_LEAD_DAYS_MAX     365
#define BOT_LEAD_HOUR_DEFAULT 9

/* A lead time: @days before the event's day, at @hour:@minute local time. */
struct bot_lead {
    int days;
    int hour, minute;
};

/* Lead times, the earliest reminder (most days before) first. */
struct bot_leads {
    struct bot_lead v[BOT_LEADS_MAX];
    int n;
};

/**
 * bot_schedule_parse_leads() - read NEWSBOT_REMIND_LEADS.
 * @s: "7d,1d,0d@09:00": comma-separated days ("Nd") or weeks ("Nw")
 *     before the event, each with an optional "@HH:MM" (default 09:00).
 *     NULL or empty means BOT_LEADS_DEFAULT.
 * Two leads on the same day are one too many: each day may appear once.
 * Return: 0, or BOT_EINVAL with the reason in @why (may be NULL).
 */
BOT_MUST_CHECK int bot_schedule_parse_leads(struct bot_leads *l, const char *s,
                                            char *why, size_t cap);

/* "a week before", "the day before", "on the day", "3 days before",
 * "2 weeks before"; returns the length as snprintf does. */
int bot_schedule_lead_words(const struct bot_lead *l, char *buf, size_t cap);

/**
 * bot_schedule_local_ms() - the moment a local wall-clock time happens.
 * A time skipped by a daylight-saving change (02:30 on the spring-forward
 * night) is read with the offset before the change, so it lands as much
 * later as the clocks jumped (03:30); a time that happens twice (the
 * autumn night) is its first occurrence.
 * Return: milliseconds since the epoch.
 */
int64_t bot_schedule_local_ms(int year, int month, int day, int hour,
                              int minute);

/* The local calendar day (days since 1970-01-01) of the moment @ms. */
long bot_schedule_local_day(int64_t ms);

/* When lead @l before an event on day @event (DAY precision or finer)
 * falls due. */
int64_t bot_schedule_due_ms(const struct bot_lead *l,
                            const struct bot_date *event);

/* The moment the event's day ends locally (the next day's midnight):
 * reminders are not sent from then on. */
int64_t bot_schedule_end_ms(const struct bot_date *event);

#endif
