/* The bot's clock: now, today in the configured time zone, or a fixed moment
 * for tests. */
#include "bot/base/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int64_t
bot_clock_real_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True if the zone database has @tz ("Europe/Berlin"). */
static int
in_zoneinfo(const char *tz)
{
    const char *dir = getenv("TZDIR");
    char path[512];

    if (strstr(tz, "..") || *tz == '/')
        return 0;
    snprintf(path, sizeof(path), "%s/%s",
             dir && *dir ? dir : "/usr/share/zoneinfo", tz);
    return access(path, R_OK) == 0;
}

/* A POSIX TZ rule such as "CET-1CEST" or "<+0530>-5:30": a name of three
 * or more letters (or <...>), then an offset that starts with a digit. */
static int
posix_rule(const char *tz)
{
    const char *p = tz;

    if (*p == '<') {
        p = strchr(p, '>');
        if (!p)
            return 0;
        p++;
    } else {
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            p++;
        if (p - tz < 3)
            return 0;
    }
    if (*p == '+' || *p == '-')
        p++;
    return *p >= '0' && *p <= '9';
}

int
bot_clock_zone_known(const char *tz)
{
    if (!tz || !*tz || !strcmp(tz, "UTC") || !strcmp(tz, "GMT"))
        return 1;
    if (*tz == ':')
        return tz[1] == '/' ? access(tz + 1, R_OK) == 0 : in_zoneinfo(tz + 1);
    return in_zoneinfo(tz) || posix_rule(tz);
}

/* Writes @ms as RFC 3339 UTC with milliseconds: 2026-12-05T17:20:03.123Z.
 * Return: the length, or 0 if it does not fit. */
size_t
bot_clock_format_utc(int64_t ms, char *buf, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    size_t n;
    int m;

    if (!gmtime_r(&t, &tm))
        return 0;
    n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    if (n == 0)
        return 0;
    m = snprintf(buf + n, cap - n, ".%03dZ", (int)(ms % 1000));
    return m > 0 && (size_t)m < cap - n ? n + (size_t)m : 0;
}

int
bot_clock_init(struct bot_clock *clk, const char *tz, const char *now)
{
    struct bot_date d;
    struct tm tm;
    time_t t;

    clk->offset_ms = 0;
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
    clk->offset_ms = (int64_t)t * 1000 - bot_clock_real_ms();
    return 0;
}

int64_t
bot_clock_now_ms(const struct bot_clock *clk)
{
    return bot_clock_real_ms() + clk->offset_ms;
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
