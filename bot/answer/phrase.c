/* How dates and distances in days are said, the same in every answer. */
#include "bot/answer/phrase.h"

#include <stdio.h>

void
bot_phrase_date(const struct bot_date *d, char *buf, size_t cap)
{
    char s[64];

    if (bot_date_format(d, s, sizeof(s)) < 0) {
        snprintf(buf, cap, "at a time the article does not give");
        return;
    }
    if (d->prec == BOT_PREC_DAY || d->prec == BOT_PREC_MINUTE)
        snprintf(buf, cap, "on %s", s);
    else if (d->prec == BOT_PREC_PART && d->part == BOT_PART_END)
        snprintf(buf, cap, "at %s", s);
    else
        snprintf(buf, cap, "in %s", s);
}

void
bot_phrase_countdown(long days, char *buf, size_t cap)
{
    if (days == 0)
        snprintf(buf, cap, "today");
    else if (days == 1)
        snprintf(buf, cap, "tomorrow");
    else if (days == -1)
        snprintf(buf, cap, "yesterday");
    else if (days > 0)
        snprintf(buf, cap, "in %ld days", days);
    else
        snprintf(buf, cap, "%ld days ago", -days);
}

void
bot_phrase_weekday(const struct bot_date *d, char *buf, size_t cap)
{
    static const char *const days[] = {"Monday",   "Tuesday", "Wednesday",
                                       "Thursday", "Friday",  "Saturday",
                                       "Sunday"};
    char s[64];
    int wd = bot_date_weekday(d);

    if (bot_date_format(d, s, sizeof(s)) < 0)
        s[0] = '\0';
    if (wd >= 0)
        snprintf(buf, cap, "%s, %s", days[wd], s);
    else
        snprintf(buf, cap, "%s", s);
}
