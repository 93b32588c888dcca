/* The bot's clock: now, today in the configured time zone, or a fixed moment
 * for tests. */
#include "bot/base/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bot/base/log.h"

static int64_t
real_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True if the zone database has @tz ("Europe/Berlin"). */
static int
known_zone(const char *tz)
{
    const char *dir = getenv("TZDIR");
    char path[512];

    if (strstr(tz, ".."))
        return 0;
    snprintf(path, sizeof(path), "%s/%s",
             dir && *dir ? dir : "/usr/share/zoneinfo", tz);
    return access(path, R_OK) == 0;
}

int
bot_clock_init(struct bot_clock *clk, const char *tz, const char *now)
{
    struct bot_date d;
    struct tm tm;
    time_t t;

    clk->offset_ms = 0;
    if (tz && strchr(tz, '/') && *tz != ':' && !known_zone(tz))
        bot_log(BOT_LOG_WARN,
                "NEWSBOT_TZ: '%s' is not a time zone this system knows; "
                "times are counted in UTC",
                tz);
    setenv("TZ", tz && *tz ? tz : "UTC", 1);
    tzset();
    if (!now)
        return 0;
    if (bot_date_parse_now(&d, now) < 0)
        return BOT_EINVAL;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_hour = d.hour;
    tm.tm_min = d.minute;
    /* The date parser drops seconds; the clock keeps them. */
    if (strlen(now) == 19 && now[16] == ':')
        tm.tm_sec = (int)strtol(now + 17, NULL, 10);
    tm.tm_isdst = -1;
    t = mktime(&tm);
    if (t == (time_t)-1)
        return BOT_EINVAL;
    clk->offset_ms = (int64_t)t * 1000 - real_ms();
    return 0;
}

int64_t
bot_clock_now_ms(const struct bot_clock *clk)
{
    return real_ms() + clk->offset_ms;
}

void
bot_clock_today(const struct bot_clock *clk, struct bot_date *out)
{
    time_t t = (time_t)(bot_clock_now_ms(clk) / 1000);
    struct tm tm;

    localtime_r(&t, &tm);
    memset(out, 0, sizeof(*out));
    out->year = tm.tm_year + 1900;
    out->month = tm.tm_mon + 1;
    out->day = tm.tm_mday;
    out->hour = tm.tm_hour;
    out->minute = tm.tm_min;
    out->prec = BOT_PREC_MINUTE;
}
