/* "status", "version", "uptime": the reply, from what the front end
 * hands in. No I/O, no clock reads: the uptime comes with the question. */
#include "bot/answer/status.h"

#include <ctype.h>
#include <string.h>

#include "bot/answer/articles.h"

#ifndef BOT_VERSION
#define BOT_VERSION "dev"
#endif

#define SHOWN 5 /* articles named; the rest are counted */

/* @text lower-cased, each run of other than letters and digits one space,
 * trimmed, into @buf. Return: 0, or -1 if it does not fit. */
static int
plain(const char *text, size_t len, char *buf, size_t cap)
{
    size_t i, n = 0;
    int gap = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\'') /* "what's" reads as "whats" */
            continue;
        if (!isalnum(c)) {
            gap = n > 0;
            continue;
        }
        if (n + 2 >= cap)
            return -1;
        if (gap)
            buf[n++] = ' ';
        gap = 0;
        buf[n++] = (char)tolower(c);
    }
    buf[n] = '\0';
    return 0;
}

/* clang-format off */
int
bot_status_asked(const char *text, size_t len)
{
    static const char *const said[] = {
        "status", "version", "uptime", "up time", "your status",
        "your version", "your uptime", "bot status", "newsbot status",
        "newsbot version", "status report", "status please",
        "version please", "show status", "show version", "show uptime",
        "what version", "which version", "what version are you",
        "what version are you running", "which version are you running",
        "what version is this", "what version is running",
        "what is your version", "whats your version", "what is your status",
        "whats your status", "what is your uptime", "whats your uptime",
        "how long have you been up", "how long have you been running",
        "how long have you been online", "are you up", NULL};
    /* clang-format on */
    char buf[64];
    const char *const *p;
    const char *s = buf;

    if (len >= sizeof(buf) * 2 || plain(text, len, buf, sizeof(buf)) < 0)
        return 0;
    if (strncmp(s, "please ", 7) == 0)
        s += 7;
    for (p = said; *p; p++) {
        if (strcmp(s, *p) == 0)
            return 1;
    }
    return 0;
}

static void
add_count(struct bot_reply *r, const char *sep, int64_t v, const char *unit)
{
    bot_reply_add(r, "%s%lld %s%s", sep, (long long)v, unit, v == 1 ? "" : "s");
}

/* The two largest units: "3 days 4 hours", "2 hours 5 minutes",
 * "1 minute 40 seconds", "42 seconds". */
static void
add_uptime(struct bot_reply *r, int64_t s)
{
    int64_t d, h, m;

    if (s < 0)
        s = 0;
    d = s / 86400;
    h = s % 86400 / 3600;
    m = s % 3600 / 60;
    s %= 60;
    if (d > 0) {
        add_count(r, "", d, "day");
        add_count(r, " ", h, "hour");
    } else if (h > 0) {
        add_count(r, "", h, "hour");
        add_count(r, " ", m, "minute");
    } else if (m > 0) {
        add_count(r, "", m, "minute");
        add_count(r, " ", s, "second");
    } else {
        add_count(r, "", s, "second");
    }
}

static void
add_reminders(struct bot_reply *r, enum bot_status_reminders st)
{
    switch (st) {
    case BOT_STATUS_REMINDERS_HERE:
        bot_reply_add(r, "Reminders: on in this channel (\"stop reminders\" "
                         "ends them).");
        break;
    case BOT_STATUS_REMINDERS_READY:
        bot_reply_add(r, "Reminders: available, not on in this channel "
                         "(\"remind us\" starts them).");
        break;
    case BOT_STATUS_REMINDERS_OFF:
        bot_reply_add(r, "Reminders: off (their database is not available; "
                         "the log says why).");
        break;
    default:
        bot_reply_add(r, "Reminders: posted in chat channels only, not "
                         "here.");
        break;
    }
}

void
bot_status_answer(const struct bot_kb *const *kbs, size_t n, int current,
                  const struct bot_status_info *st, struct bot_reply *r)
{
    char name[400];
    size_t i;

    bot_reply_init(r, BOT_KIND_STATUS);
    r->answered = 1;
    r->confidence = 1;
    bot_reply_add(r, "newsbot %s", BOT_VERSION);
    if (st) {
        bot_reply_add(r, ", up ");
        add_uptime(r, st->uptime_s);
    }
    bot_reply_add(r, ". %s: ", n == 1 ? "Article" : "Articles");
    for (i = 0; i < n && i < SHOWN; i++) {
        bot_articles_name(kbs[i], name, sizeof(name));
        bot_reply_add(r, "%s%s%s", i ? "; " : "", name,
                      n > 1 && (int)i == current ? " (this channel's)" : "");
    }
    if (n > SHOWN)
        bot_reply_add(r, "; and %zu more (\"which articles?\" lists them)",
                      n - SHOWN);
    bot_reply_add(r, ". ");
    add_reminders(r, st ? st->reminders : BOT_STATUS_REMINDERS_NONE);
}
