/* Posting reminders: the words of what a subscription is owed, through
 * its platform's adapter, one post per platform in flight, and the record
 * written once the platform has accepted it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/hash.h"
#include "bot/base/log.h"
#include "bot/chat/metrics.h"
#include "reminders_int.h"

/* ---- posting ---- */

struct bot_adapter *
bot_reminders_adapter_of(struct bot_reminders *rm, const char *platform)
{
    int i;

    for (i = 0; i < *rm->env.nadapters; i++) {
        struct bot_adapter *ad = &rm->env.adapters[i];
        if (bot_adapter_usable(ad) && !strcmp(ad->ops->name, platform))
            return ad;
    }
    return NULL;
}

int
bot_reminders_adapter_busy(const struct bot_reminders *rm,
                           const struct bot_adapter *ad)
{
    const struct delivery *d;

    for (d = rm->deliveries; d; d = d->next) {
        if (d->ad == ad)
            return 1;
    }
    return 0;
}

static void
delivery_free(struct delivery *d)
{
    struct delivery **at = &d->rm->deliveries;

    while (*at && *at != d)
        at = &(*at)->next;
    if (*at)
        *at = d->next;
    free(d->platform);
    free(d);
}

void
bot_reminders_forget(struct bot_reminders *rm, const struct bot_adapter *ad)
{
    struct delivery *d, *next;

    for (d = rm ? rm->deliveries : NULL; d; d = next) {
        struct bot_place p = {d->platform, d->channel, d->thread};
        struct sub *s;
        next = d->next;
        if (d->ad != ad)
            continue;
        s = bot_reminders_sub_find(rm, &p);
        if (s)
            s->busy = 0; /* due again at the next look */
        bot_log(BOT_LOG_INFO,
                "reminder to %s/%s: %s restarted before it confirmed the "
                "post; it is posted again",
                d->platform, d->channel, d->platform);
        delivery_free(d);
    }
}

/* The rows for the reminder @plan sends and the earlier ones it stands
 * for, the one sent last. */
static void
plan_rows(const struct bot_reminders *rm, const struct bot_remind_plan *plan,
          struct delivery *d)
{
    int i, k;

    d->nrows = 0;
    for (k = 0; k < 2; k++) {
        for (i = 0; i < rm->sched.n; i++) {
            const struct bot_remind *m = &rm->sched.v[i];
            struct row *r = &d->rows[d->nrows];
            if (k == 0 ? !(plan->skip & BIT(i)) : i != plan->send)
                continue;
            bot_remind_event_key(&rm->sched, i, r->event, sizeof(r->event));
            bot_remind_day_key(&m->kb->facts[m->fact].date, r->day,
                               sizeof(r->day));
            r->lead_days = rm->sched.leads.v[m->lead].days;
            r->due_ms = m->due_ms;
            r->state = k == 0       ? BOT_SENT_SKIPPED
                       : plan->late ? BOT_SENT_LATE
                                    : BOT_SENT;
            d->nrows++;
        }
    }
}

/* Records the reminder @d posted and the earlier ones it stood for. */
static void
record(struct bot_reminders *rm, const struct delivery *d, struct sub *s,
       int64_t now)
{
    struct bot_place p = {d->platform, d->channel, d->thread};
    struct bot_sent rows[BOT_REMIND_MAX];
    int i, at;

    for (i = 0; i < d->nrows; i++) {
        rows[i].event = d->rows[i].event;
        rows[i].day = d->rows[i].day;
        rows[i].lead_days = d->rows[i].lead_days;
        rows[i].due_ms = d->rows[i].due_ms;
        rows[i].at_ms = now;
        rows[i].state = d->rows[i].state;
        at = bot_reminders_remind_of(rm, &rows[i]);
        if (s && at >= 0)
            s->done |= BIT(at);
    }
    /* A failed write is logged by the store; this process still knows. */
    if (bot_reminders_watch_store(rm, now) == 0)
        (void)bot_store_record(rm->store, &p, rows, (size_t)d->nrows);
}

/* The key of the reminder @d posts (its last row). */
static void
posted_key(const struct delivery *d, struct bot_remind_key *k)
{
    const struct row *r = &d->rows[d->nrows - 1];

    k->event = r->event;
    k->day = r->day;
    k->lead_days = r->lead_days;
}

/* A shared store: this replica takes the reminder @d posts for a while,
 * so that no other posts it too. Return: 1 if taken, else 0. */
static int
lease(struct bot_reminders *rm, struct delivery *d, int64_t now)
{
    struct bot_place p = {d->platform, d->channel, d->thread};
    struct bot_remind_key k;

    if (!bot_store_shared(rm->store))
        return 1;
    posted_key(d, &k);
    d->leased = bot_store_lease(rm->store, &p, &k, rm->holder, now,
                                now + LEASE_MS) == 1;
    return d->leased;
}

/* The post failed: another replica (or this one) may take it again. */
static void
unlease(struct bot_reminders *rm, const struct delivery *d)
{
    struct bot_place p = {d->platform, d->channel, d->thread};
    struct bot_remind_key k;

    if (!d->leased || !rm->store)
        return;
    posted_key(d, &k);
    (void)bot_store_lease_drop(rm->store, &p, &k, rm->holder);
}

static void
delivered(void *arg, int rc)
{
    struct delivery *d = arg;
    struct bot_reminders *rm = d->rm;
    struct bot_place p = {d->platform, d->channel, d->thread};
    struct sub *s = bot_reminders_sub_find(rm, &p);
    int64_t now = bot_clock_now_ms(rm->env.clock);

    if (s)
        s->busy = 0;
    if (rc == 0) {
        record(rm, d, s, now);
        if (s)
            s->fails = 0;
        const struct row *sent = &d->rows[d->nrows - 1];
        if (rm->env.metrics) {
            rm->env.metrics->reminders_sent++;
            rm->env.metrics->reminders_late += sent->state == BOT_SENT_LATE;
        }
        bot_log(BOT_LOG_INFO, "reminder posted to %s/%s: %s%s", d->platform,
                d->channel, sent->event,
                sent->state == BOT_SENT_LATE ? " (late)" : "");
    } else {
        unlease(rm, d);
        if (rm->env.metrics)
            rm->env.metrics->reminders_failed++;
        bot_log(BOT_LOG_WARN,
                "reminder to %s/%s not posted (%s); retrying "
                "in %lld s",
                d->platform, d->channel, bot_strerror(rc),
                s ? (long long)bot_reminders_back_off(s, now) / 1000 : 0LL);
    }
    delivery_free(d);
}

struct old_day {
    const char *event, *day;
    char was[16];
};

static int
find_old_day(void *arg, const struct bot_sent *r)
{
    struct old_day *o = arg;

    if (!strcmp(r->event, o->event) && strcmp(r->day, o->day) != 0 &&
        r->state != BOT_SENT_SKIPPED)
        snprintf(o->was, sizeof(o->was), "%s", r->day);
    return 0;
}

/* A key Discord can drop a repeat by: the reminder and where it goes. */
static void
nonce_of(const struct sub *s, const char *event, const char *day, int lead,
         char *buf, size_t cap)
{
    char key[512];

    snprintf(key, sizeof(key), "%s/%s/%s/%s/%s/%d", s->platform, s->channel,
             s->thread, event, day, lead);
    snprintf(buf, cap, "nb%016llx",
             (unsigned long long)bot_hash_str(BOT_HASH_INIT, key));
}

void
bot_reminders_deliver(struct bot_reminders *rm, struct sub *s,
                      struct bot_adapter *ad,
                      const struct bot_remind_plan *plan, int64_t now)
{
    const struct bot_remind *m = &rm->sched.v[plan->send];
    char event[BOT_EVENT_KEY_MAX];
    struct bot_place p;
    struct old_day old = {event, NULL, ""};
    struct bot_post post = {0};
    struct bot_reply *r = malloc(sizeof(*r));
    struct delivery *d = calloc(1, sizeof(*d));
    char day[16], nonce[32];
    int rc = BOT_ENOMEM;

    bot_remind_event_key(&rm->sched, plan->send, event, sizeof(event));
    bot_reminders_sub_place(s, &p);
    if (!r || !d ||
        !(d->platform = bot_reminders_place_dup(&p, &d->channel, &d->thread)))
        goto out;
    bot_remind_day_key(&m->kb->facts[m->fact].date, day, sizeof(day));
    old.day = day;
    (void)bot_store_sent_each(rm->store, &p, find_old_day, &old);
    bot_remind_text(&rm->sched, plan->send, plan->late,
                    old.was[0] ? old.was : NULL, now, r);
    nonce_of(s, old.event, day, rm->sched.leads.v[m->lead].days, nonce,
             sizeof(nonce));
    d->rm = rm;
    d->ad = ad;
    plan_rows(rm, plan, d);
    if (!lease(rm, d, now)) { /* another replica posts it */
        s->retry_at = now + REFRESH_MS;
        rc = 0;
        goto out;
    }
    d->next = rm->deliveries;
    rm->deliveries = d;
    s->busy = 1;
    post.channel = s->channel;
    post.thread = s->thread[0] ? s->thread : NULL;
    post.text = r->text;
    post.nonce = nonce;
    post.done = delivered;
    post.arg = d;
    rc = ad->ops->post(ad, &post);
    if (rc < 0) {
        s->busy = 0;
        unlease(rm, d);
        delivery_free(d);
    }
    d = NULL;
out:
    if (rc < 0 && rc != BOT_ENET) {
        bot_log(BOT_LOG_ERROR, "reminder to %s/%s not posted: %s", s->platform,
                s->channel, bot_strerror(rc));
        bot_reminders_back_off(s, now);
    }
    if (d)
        free(d->platform);
    free(d);
    free(r);
}
