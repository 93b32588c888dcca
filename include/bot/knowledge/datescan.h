/* Finding and resolving English date phrases in text. */
#ifndef BOT_DATESCAN_H
#define BOT_DATESCAN_H

#include <stddef.h>

#include "bot/base/date.h"

/* Reference points for resolving relative words. @anchor resolves words
 * that depend on the story's frame ("July last year", "in December",
 * "Monday", "April 17": the occurrence nearest to the anchor day);
 * @now resolves words about the reader's present ("today", "tomorrow",
 * "yesterday", "next month", "next monday"). Both must be valid days, of
 * day precision or finer. */
struct bot_date_ctx {
    struct bot_date anchor;
    struct bot_date now;
};

/* Finds the first date expression in @text (lower-case ASCII words and
 * digits separated by spaces/punctuation, as produced by text
 * normalisation) and resolves it against @ctx. On success returns 0 and
 * sets *@d and the byte span [*@start, *@end) of the expression in @text
 * (@d, @start and @end may each be NULL). Returns BOT_EINVAL if no date
 * is found, or if @text or @ctx is NULL or @ctx holds no valid days.
 * A month without a year is the one nearest the anchor's month (a tie,
 * six months either way, goes to the past); a day without a year the one
 * nearest the anchor day. "monday" and "last monday" are the latest such
 * day on or before the anchor, "next monday" the first after @now;
 * "last july" is the latest July before the anchor's month, "next july"
 * the first after @now's month. "may" is a month only next to a day or
 * a year, as it is mostly a verb.
 * Understood: "2003", "in 2003", "august 2021", "aug 2021", "july last
 * year", "last year", "this year", "next year", "in december", "december",
 * "april 17", "april 17th", "17 april", "17 april 2025", "april 17 2025",
 * "2025-04-17", "2024-07", "monday" (and other weekdays, also "last
 * monday"), "the 1980s", "1980s", "the end of
 * 2023", "end of 2023", "late 2023", "early 2024", "mid 2024", "the
 * beginning of 2024", "today", "tomorrow", "yesterday", "last month",
 * "this month", "next month". A bare number is a year only when it is
 * 1900..2099 and is not followed by a unit word such as "people",
 * "years", "killed", "days". */
int bot_datescan_find(const char *text, const struct bot_date_ctx *ctx,
                      struct bot_date *d, size_t *start, size_t *end);

#endif
