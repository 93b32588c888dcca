/* The bot's clock: now, today in the configured time zone, or a fixed moment
 * for tests. */
#ifndef BOT_CLOCK_H
#define BOT_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "bot/base/date.h"
#include "bot/base/err.h"

/* The bot's clock: the system clock, optionally shifted so that it
 * starts at a chosen moment (--now, NEWSBOT_NOW) and runs on from there.
 * Days are counted in the time zone NEWSBOT_TZ (default UTC). */
struct bot_clock {
    int64_t offset_ms;
};

/**
 * bot_clock_init() - set the time zone and the starting moment.
 * Global state: the zone is the process's (setenv("TZ") and tzset()), and
 * every localtime_r()/mktime() in the program reads it, the reminders'
 * schedule.c and remind.c included. One zone per process; call this
 * before anything converts a local time.
 * @tz:  a zone name such as "Europe/Berlin", or NULL for UTC.
 * @now: "YYYY-MM-DD[THH:MM[:SS]]" in that zone, or NULL for the real time.
 * Return: 0, or BOT_EINVAL for a bad @now.
 */
BOT_MUST_CHECK int bot_clock_init(struct bot_clock *clk, const char *tz,
                                  const char *now);

/* True if @tz is a zone this system knows (a name in the zone database,
 * UTC, or a POSIX rule such as "CET-1CEST"); NULL or "" is UTC. The
 * configuration checks NEWSBOT_TZ with it, so bot_clock_init() never
 * meets an unknown zone from there. */
int bot_clock_zone_known(const char *tz);

/* The system's real time in milliseconds since the epoch, never shifted:
 * for log lines. */
int64_t bot_clock_real_ms(void);

/* @ms as RFC 3339 UTC to the millisecond ("2026-12-05T17:20:03.123Z").
 * Return: the length written, or 0 if @cap is too small. */
size_t bot_clock_format_utc(int64_t ms, char *buf, size_t cap);

/* Milliseconds since the epoch, shifted. */
int64_t bot_clock_now_ms(const struct bot_clock *clk);

/* Today's date and time in the zone (MINUTE precision). */
void bot_clock_today(const struct bot_clock *clk, struct bot_date *out);

#endif
