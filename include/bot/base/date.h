/* Calendar arithmetic on struct bot_date. */
#ifndef BOT_DATE_H
#define BOT_DATE_H

#include <stddef.h>

/* How exact a date is. Ordered from vaguest to most exact. */
enum bot_date_prec {
    BOT_PREC_NONE = 0, /* no date */
    BOT_PREC_DECADE,   /* "the 1980s" */
    BOT_PREC_YEAR,     /* "2003" */
    BOT_PREC_PART,     /* part of a year: "the end of 2023", "early 2024" */
    BOT_PREC_MONTH,    /* "August 2021", "July last year" */
    BOT_PREC_WEEK,     /* "this week": Monday to Sunday; day = the Monday */
    BOT_PREC_DAY,      /* "April 17", "Monday" */
    BOT_PREC_MINUTE    /* a clock time, only from --now */
};

enum bot_date_part {
    BOT_PART_NONE = 0,
    BOT_PART_START, /* "early 2024", "the beginning of 2024": Jan-Apr */
    BOT_PART_MID,   /* "mid-2024", "the middle of 2024": May-Aug */
    BOT_PART_END    /* "late 2023", "the end of 2023": Sep-Dec */
};

/* A calendar date with a precision. Fields finer than @prec are 0
 * (a MONTH date has day 0; a DECADE date has year 1980 for the 1980s). */
struct bot_date {
    int year;
    int month; /* 1..12, or 0 */
    int day;   /* 1..31, or 0 */
    int hour;  /* only for BOT_PREC_MINUTE */
    int minute;
    enum bot_date_prec prec;
    enum bot_date_part part; /* only for BOT_PREC_PART */
};

/* Builds a DAY date; returns BOT_EINVAL if the day does not exist. */
int bot_date_ymd(struct bot_date *d, int year, int month, int day);

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (seconds
 * are dropped) as used by --now. Returns 0 or BOT_EINVAL. */
int bot_date_parse_now(struct bot_date *d, const char *s);

/* Parses an ISO-like value of a fact table: "2025-04-17", "2024-07",
 * "2003", "1980s", "2023-end", "2024-start", "2024-mid".
 * Returns 0 or BOT_EINVAL. */
int bot_date_parse_iso(struct bot_date *d, const char *s);

/* Writes the date in words with its year: "17 April 2025", "July 2024",
 * "2003", "the 1980s", "the end of 2023", "early 2024", "mid-2024",
 * "17 April 2025, 14:30". Returns the length of the whole text, like
 * snprintf (the text written is truncated to fit @cap, so a result >= @cap
 * means it was cut), or BOT_EINVAL for a NONE date or bad fields. */
int bot_date_format(const struct bot_date *d, char *buf, size_t cap);

/* Day numbers (days since 1970-01-01) of the first and last day the date
 * covers: a YEAR covers 1 Jan..31 Dec, a DECADE ten years, PART_END of a
 * year 1 Sep..31 Dec, PART_START 1 Jan..30 Apr, PART_MID 1 May..31 Aug,
 * MINUTE its day; 0 for a NONE date. */
long bot_date_first_day(const struct bot_date *d);
long bot_date_last_day(const struct bot_date *d);

/* True if the two dates' day ranges overlap. */
int bot_date_overlaps(const struct bot_date *a, const struct bot_date *b);

/* Orders dates by first day, then the more exact first, then by last day
 * (and clock time); returns <0, 0 or >0, as a qsort comparison does. */
int bot_date_cmp(const struct bot_date *a, const struct bot_date *b);

/* Whole days from @from to @to (negative if @to is earlier), using each
 * date's first day. */
long bot_date_days_between(const struct bot_date *from,
                           const struct bot_date *to);

/* 0 = Monday .. 6 = Sunday, for a DAY (or MINUTE) date; BOT_EINVAL for a
 * vaguer one. */
int bot_date_weekday(const struct bot_date *d);

/* Adds @days to a DAY (or MINUTE) date, keeping the precision and the
 * clock time; vaguer dates are left unchanged. */
void bot_date_add_days(struct bot_date *d, long days);

/* The calendar underneath (used by the scanner): day numbers are days
 * since 1970-01-01 in the proleptic Gregorian calendar. */
int bot_date_days_in_month(long year, int month);
long bot_date_day_number(long year, long month, long day);
/* A DAY date from a day number; every other field cleared. */
void bot_date_of_day(struct bot_date *d, long day);
/* 0 = Monday .. 6 = Sunday. */
int bot_date_weekday_of_day(long day);
/* True if @d is a real day (or minute) with a year in 1..9999. */
int bot_date_is_valid_day(const struct bot_date *d);

#endif
