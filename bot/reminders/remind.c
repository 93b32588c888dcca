/* Reminders as pure logic: the schedule, the choice, the words. */
#include "bot/reminders/remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days and times are written in the process's time zone (TZ, set by
 * bot_clock_init() from NEWSBOT_TZ): global state this file reads. */

#define BIT(i) ((uint64_t)1 << (i))

static const char *const weekday_names[] = {"Monday",   "Tuesday", "Wednesday",
                                            "Thursday", "Friday",  "Saturday",
                                            "Sunday"};

int
bot_remind_is_event(const struct bot_fact *f)
{
    return f->status != BOT_STATUS_FACT && f->date.prec >= BOT_PREC_DAY;
}

/* An event a reminder could be for. */
struct event {
    const struct bot_kb *kb;
    int fact;
};

static int
event_before(const struct event *a, const struct event *b)
{
    return bot_date_cmp(&a->kb->facts[a->fact].date,
                        &b->kb->facts[b->fact].date) < 0;
}

/* Keeps the @room earliest events in @ev (in date order), counting in
 * @seen every event there is. */
static void
gather(struct event *ev, int *n, int room, const struct bot_kb *kb,
       int64_t now_ms, int *seen)
{
    struct event e = {kb, 0};
    int j;

    for (e.fact = 0; e.fact < (int)kb->nfacts; e.fact++) {
        if (!bot_remind_is_event(&kb->facts[e.fact]) ||
            (now_ms && bot_schedule_end_ms(&kb->facts[e.fact].date) <= now_ms))
            continue;
        (*seen)++;
        if (*n == room && !event_before(&e, &ev[room - 1]))
            continue;
        j = *n < room ? (*n)++ : room - 1;
        for (; j > 0 && event_before(&e, &ev[j - 1]); j--)
            ev[j] = ev[j - 1];
        ev[j] = e;
    }
}

void
bot_remind_schedule(struct bot_remind_sched *s, const struct bot_kb *const *kbs,
                    size_t nkbs, int library, const struct bot_leads *leads,
                    int64_t now_ms)
{
    struct event ev[BOT_REMIND_MAX];
    int n = 0, seen = 0, room, i, k;
    size_t a;

    memset(s, 0, sizeof(*s));
    s->leads = *leads;
    s->named = nkbs > 1;
    s->folder = library;
    room = leads->n > 0 ? BOT_REMIND_MAX / leads->n : BOT_REMIND_MAX;
    for (a = 0; a < nkbs; a++)
        gather(ev, &n, room, kbs[a], now_ms, &seen);
    if (seen > n && n > 0)
        s->refresh_ms = bot_schedule_end_ms(&ev[0].kb->facts[ev[0].fact].date);
    for (i = 0; i < n; i++) {
        const struct bot_date *d = &ev[i].kb->facts[ev[i].fact].date;
        for (k = 0; k < leads->n && s->n < BOT_REMIND_MAX; k++) {
            struct bot_remind *r = &s->v[s->n++];
            r->kb = ev[i].kb;
            r->fact = ev[i].fact;
            r->lead = k;
            r->due_ms = bot_schedule_due_ms(&leads->v[k], d);
            r->end_ms = bot_schedule_end_ms(d);
        }
    }
}

void
bot_remind_event_key(const struct bot_remind_sched *s, int i, char *buf,
                     size_t cap)
{
    const struct bot_remind *m = &s->v[i];
    const char *folder;
    size_t len;

    if (!s->folder) {
        snprintf(buf, cap, "%s", m->kb->facts[m->fact].id);
        return;
    }
    folder = bot_kb_folder(m->kb, &len);
    snprintf(buf, cap, "%.*s/%s", (int)len, folder, m->kb->facts[m->fact].id);
}

void
bot_remind_day_key(const struct bot_date *d, char *buf, size_t cap)
{
    snprintf(buf, cap, "%04d-%02d-%02d", d->year, d->month, d->day);
}

static int
owed(const struct bot_remind *r, uint64_t done, int i, int64_t since_ms,
     int64_t now_ms)
{
    return !(done & BIT(i)) && r->due_ms <= now_ms && r->due_ms >= since_ms &&
           now_ms < r->end_ms;
}

void
bot_remind_plan(const struct bot_remind_sched *s, uint64_t done,
                int64_t since_ms, int64_t now_ms, struct bot_remind_plan *p)
{
    int i;

    memset(p, 0, sizeof(*p));
    p->send = -1;
    for (i = 0; i < s->n; i++) {
        if (!owed(&s->v[i], done, i, since_ms, now_ms))
            continue;
        if (p->send < 0) {
            p->send = i;
        } else if (s->v[p->send].fact == s->v[i].fact &&
                   s->v[p->send].kb == s->v[i].kb) {
            p->skip |= BIT(p->send); /* a later lead of the same event */
            p->send = i;
        }
    }
    if (p->send >= 0)
        p->late = now_ms - s->v[p->send].due_ms > BOT_REMIND_LATE_MS;
}

int
bot_remind_next(const struct bot_remind_sched *s, uint64_t done,
                int64_t since_ms, int64_t now_ms)
{
    int i, best = -1;

    for (i = 0; i < s->n; i++) {
        const struct bot_remind *r = &s->v[i];
        if ((done & BIT(i)) || r->due_ms <= now_ms || r->due_ms < since_ms)
            continue;
        if (best < 0 || r->due_ms < s->v[best].due_ms)
            best = i;
    }
    return best;
}

/* "Thursday 17 April 2025" */
static void
day_words(const struct bot_date *d, char *buf, size_t cap)
{
    struct bot_date day;
    int w, n;

    bot_date_ymd(&day, d->year, d->month, d->day);
    w = bot_date_weekday(&day);
    n = snprintf(buf, cap, "%s ", w >= 0 ? weekday_names[w] : "");
    if (n > 0 && (size_t)n < cap)
        bot_date_format(&day, buf + n, cap - (size_t)n);
}

/* The local date and clock time of @ms: "10 April 2025 at 09:00". */
static void
moment_words(int64_t ms, char *buf, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct bot_date d;
    struct tm tm;
    int n;

    if (!localtime_r(&t, &tm) ||
        bot_date_ymd(&d, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) < 0) {
        snprintf(buf, cap, "?");
        return;
    }
    n = bot_date_format(&d, buf, cap);
    if (n > 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n, " at %02d:%02d", tm.tm_hour,
                 tm.tm_min);
}

/* "in 3 days", "in 5 hours", "in 12 minutes". */
static void
wait_words(int64_t ms, char *buf, size_t cap)
{
    int64_t min = ms / 60000;

    if (min < 1)
        snprintf(buf, cap, "in under a minute");
    else if (min < 120)
        snprintf(buf, cap, "in %lld minute%s", (long long)min,
                 min == 1 ? "" : "s");
    else if (min < 48 * 60)
        snprintf(buf, cap, "in %lld hours", (long long)((min + 30) / 60));
    else
        snprintf(buf, cap, "in %lld days",
                 (long long)((min + 12 * 60) / (24 * 60)));
}

/* The sentence and where it is from; with several articles, which one. */
static void
source(const struct bot_kb *kb, const struct bot_fact *f, int named,
       struct bot_reply *r)
{
    char pub[48];

    bot_date_format(&kb->published, pub, sizeof(pub));
    bot_reply_add(r, " The article says: \"%s\" (", f->quote);
    if (named && kb->title)
        bot_reply_add(r, "\"%s\", ", kb->title);
    bot_reply_add(r, "%s, %s)", kb->outlet ? kb->outlet : "the article", pub);
    bot_reply_source(r, f->sentence);
}

void
bot_remind_text(const struct bot_remind_sched *s, int i, int late,
                const char *old_day, int64_t now_ms, struct bot_reply *r)
{
    const struct bot_remind *m = &s->v[i];
    const struct bot_kb *kb = m->kb;
    const struct bot_fact *f = &kb->facts[m->fact];
    long days = bot_date_first_day(&f->date) - bot_schedule_local_day(now_ms);
    char day[64], lead[32], due[48];

    bot_reply_init(r, BOT_KIND_REMINDERS);
    r->answered = 1;
    r->confidence = 1;
    r->fact = m->fact;
    day_words(&f->date, day, sizeof(day));
    if (late) {
        bot_schedule_lead_words(&s->leads.v[m->lead], lead, sizeof(lead));
        moment_words(m->due_ms, due, sizeof(due));
        bot_reply_add(r,
                      "Late reminder (I was offline when it was due, %s, "
                      "on %s): ",
                      lead, due);
    } else {
        bot_reply_add(r, "Reminder: ");
    }
    if (days <= 0)
        bot_reply_add(r, "%s is today, %s.", f->label, day);
    else if (days == 1)
        bot_reply_add(r, "%s is tomorrow, %s.", f->label, day);
    else
        bot_reply_add(r, "%s is in %ld days, on %s.", f->label, days, day);
    if (old_day) {
        struct bot_date old;
        char was[48];
        if (bot_date_parse_iso(&old, old_day) == 0 &&
            bot_date_format(&old, was, sizeof(was)) > 0)
            bot_reply_add(r, " The date has changed: it was %s before.", was);
    }
    source(kb, f, s->named, r);
}

/* "a week before, the day before and on the day of each event, at 09:00
 * (UTC)." */
static void
leads_words(const struct bot_leads *l, const char *tz, struct bot_reply *r)
{
    int i, same = 1;
    char w[32];

    for (i = 1; i < l->n; i++)
        same &=
            l->v[i].hour == l->v[0].hour && l->v[i].minute == l->v[0].minute;
    for (i = 0; i < l->n; i++) {
        bot_schedule_lead_words(&l->v[i], w, sizeof(w));
        bot_reply_add(r, "%s%s",
                      i == 0          ? ""
                      : i == l->n - 1 ? " and "
                                      : ", ",
                      w);
        if (!same)
            bot_reply_add(r, " at %02d:%02d", l->v[i].hour, l->v[i].minute);
    }
    if (l->n > 0)
        bot_reply_add(r, l->v[l->n - 1].days == 0 && same ? " of each event"
                                                          : " each event");
    if (same && l->n > 0)
        bot_reply_add(r, ", at %02d:%02d", l->v[0].hour, l->v[0].minute);
    bot_reply_add(r, " (%s).", tz && *tz ? tz : "UTC");
}

#define VAGUE_MAX 3 /* events without a day named in one answer */

/* Upcoming events dated too vaguely for a reminder, a few of them. */
static void
vague_events(const struct bot_kb *const *kbs, size_t nkbs, long today,
             struct bot_reply *r)
{
    size_t a, i;
    int said = 0, more = 0;
    char when[64];

    for (a = 0; a < nkbs; a++) {
        for (i = 0; i < kbs[a]->nfacts; i++) {
            const struct bot_fact *f = &kbs[a]->facts[i];
            if (f->status == BOT_STATUS_FACT || f->date.prec == BOT_PREC_NONE ||
                f->date.prec >= BOT_PREC_DAY || !f->label ||
                bot_date_last_day(&f->date) < today)
                continue;
            if (said == VAGUE_MAX) {
                more++;
                continue;
            }
            bot_date_format(&f->date, when, sizeof(when));
            bot_reply_add(r, " No reminder for \"%s\"", f->label);
            if (nkbs > 1 && kbs[a]->title)
                bot_reply_add(r, " (\"%s\")", kbs[a]->title);
            bot_reply_add(r, ": the article gives no day for it, only %s.",
                          when);
            said++;
        }
    }
    if (more)
        bot_reply_add(r, " (And %d more without a day.)", more);
}

/* The next reminder due, or that nothing is ahead. */
static void
next_words(const struct bot_remind_sched *s, const struct bot_remind_state *st,
           int64_t now_ms, struct bot_reply *r)
{
    int64_t since = st->subscribed ? st->since_ms : now_ms;
    int i = bot_remind_next(s, st->subscribed ? st->done : 0, since, now_ms);
    char day[64], lead[32], due[48], wait[32];
    const struct bot_kb *kb;
    const struct bot_fact *f;

    if (i < 0) {
        bot_reply_add(r,
                      " Nothing in the article%s is still ahead to remind "
                      "you of; if the knowledge gets a new date, "
                      "reminders follow it.",
                      s->named ? "s" : "");
        return;
    }
    kb = s->v[i].kb;
    f = &kb->facts[s->v[i].fact];
    day_words(&f->date, day, sizeof(day));
    bot_schedule_lead_words(&s->leads.v[s->v[i].lead], lead, sizeof(lead));
    moment_words(s->v[i].due_ms, due, sizeof(due));
    wait_words(s->v[i].due_ms - now_ms, wait, sizeof(wait));
    bot_reply_add(r, " Next: %s (%s", f->label, day);
    if (s->named && kb->title)
        bot_reply_add(r, "; \"%s\"", kb->title);
    bot_reply_add(r, "), %s, on %s, %s.", lead, due, wait);
    bot_reply_source(r, f->sentence);
}

void
bot_remind_answer(const struct bot_kb *const *kbs, size_t nkbs,
                  const struct bot_remind_sched *s, enum bot_kind cmd,
                  const struct bot_remind_state *st, int64_t now_ms,
                  struct bot_reply *r)
{
    const char *where = st->direct ? "This conversation" : "This channel";
    const char *here = st->direct ? "this conversation" : "this channel";
    char since[48];

    bot_reply_init(r, cmd);
    r->answered = 1;
    r->confidence = 1;
    if (!st->available) {
        bot_reply_add(r, "Reminders are off: their database could not be "
                         "opened (the log says why). I still answer "
                         "questions; ask \"what's coming up?\".");
        return;
    }
    if (cmd == BOT_KIND_UNSUBSCRIBE) {
        if (st->changed)
            bot_reply_add(r, "Done: no more reminders here. Say \"remind "
                             "us\" to start them again.");
        else
            bot_reply_add(r,
                          "%s gets no reminders, so there is nothing to "
                          "stop. Say \"remind us\" to start them.",
                          where);
        return;
    }
    if (cmd == BOT_KIND_SUBSCRIBE && st->changed)
        bot_reply_add(r, "Done: %s will get reminders ", here);
    else if (cmd == BOT_KIND_SUBSCRIBE)
        bot_reply_add(r, "%s already gets reminders ", where);
    else if (st->subscribed) {
        moment_words(st->since_ms, since, sizeof(since));
        bot_reply_add(r, "%s gets reminders (since %s): ", where, since);
    } else
        bot_reply_add(r,
                      "%s gets no reminders; say \"remind us\" and I will "
                      "post them ",
                      where);
    leads_words(&s->leads, st->tz, r);
    next_words(s, st, now_ms, r);
    vague_events(kbs, nkbs, bot_schedule_local_day(now_ms), r);
}
