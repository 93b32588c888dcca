/* Reminders at run time: the subscriptions, their database (watched
 * for deletion), the commands, and the tick that finds what is owed. */
#include "bot/chat/reminders.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bot/base/log.h"
#include "bot/chat/admins.h"
#include "bot/chat/config.h"
#include "bot/knowledge/library.h"
#include "bot/reminders/remind.h"
#include "bot/reminders/store.h"
#include "reminders_int.h"

/* Puts @s off after a failed post: 30 s, 1 min, 2 min, ... 1 h. */
int64_t
bot_reminders_back_off(struct sub *s, int64_t now)
{
    int64_t wait = RETRY_MS;
    int i;

    for (i = 0; i < s->fails && wait < RETRY_MAX_MS; i++)
        wait *= 2;
    if (wait > RETRY_MAX_MS)
        wait = RETRY_MAX_MS;
    s->fails++;
    s->retry_at = now + wait;
    return wait;
}

/* ---- subscriptions in memory ---- */

char *
bot_reminders_place_dup(const struct bot_place *p, char **channel,
                        char **thread)
{
    size_t a = strlen(p->platform) + 1, b = strlen(p->channel) + 1;
    size_t c = strlen(p->thread ? p->thread : "") + 1;
    char *s = malloc(a + b + c);

    if (!s)
        return NULL;
    memcpy(s, p->platform, a);
    memcpy(s + a, p->channel, b);
    memcpy(s + a + b, p->thread ? p->thread : "", c);
    *channel = s + a;
    *thread = s + a + b;
    return s;
}

struct sub *
bot_reminders_sub_find(struct bot_reminders *rm, const struct bot_place *p)
{
    size_t i;

    for (i = 0; i < rm->nsubs; i++) {
        struct sub *s = &rm->subs[i];
        if (!strcmp(s->platform, p->platform) &&
            !strcmp(s->channel, p->channel) &&
            !strcmp(s->thread, p->thread ? p->thread : ""))
            return s;
    }
    return NULL;
}

/* The reminder a record stands for, or -1 (an event or lead no longer in
 * the schedule). */
int
bot_reminders_remind_of(const struct bot_reminders *rm,
                        const struct bot_sent *r)
{
    char day[16], event[BOT_EVENT_KEY_MAX];
    int i;

    for (i = 0; i < rm->sched.n; i++) {
        const struct bot_remind *m = &rm->sched.v[i];
        bot_remind_day_key(&m->kb->facts[m->fact].date, day, sizeof(day));
        bot_remind_event_key(&rm->sched, i, event, sizeof(event));
        if (!strcmp(event, r->event) && !strcmp(day, r->day) &&
            rm->sched.leads.v[m->lead].days == r->lead_days)
            return i;
    }
    return -1;
}

void
bot_reminders_sub_place(const struct sub *s, struct bot_place *p)
{
    p->platform = s->platform;
    p->channel = s->channel;
    p->thread = s->thread;
}

struct done_ctx {
    const struct bot_reminders *rm;
    struct sub *s;
};

static int
mark_done(void *arg, const struct bot_sent *r)
{
    struct done_ctx *c = arg;
    int i = bot_reminders_remind_of(c->rm, r);

    if (i >= 0)
        c->s->done |= BIT(i);
    return 0;
}

/* Reads which reminders of the schedule @s has already been sent. */
static int
load_done(const struct bot_reminders *rm, struct sub *s)
{
    struct done_ctx c = {rm, s};
    struct bot_place p;

    bot_reminders_sub_place(s, &p);
    s->done = 0;
    return bot_store_sent_each(rm->store, &p, mark_done, &c);
}

/* The schedule over every article loaded, and what each subscription
 * has had of it. */
void
bot_reminders_schedule(struct bot_reminders *rm, int64_t now)
{
    const struct bot_kb *kbs[BOT_LIBRARY_MAX];
    struct bot_leads leads = rm->sched.leads;
    size_t i, n = bot_core_articles(rm->env.core, kbs, BOT_LIBRARY_MAX);

    bot_remind_schedule(&rm->sched, kbs, n, rm->env.core->library, &leads, now);
    for (i = 0; rm->store && i < rm->nsubs; i++)
        (void)load_done(rm, &rm->subs[i]);
}

static int
sub_add(void *arg, const struct bot_place *p, int64_t since_ms)
{
    struct bot_reminders *rm = arg;
    struct sub *s;

    if (rm->nsubs == rm->cap) {
        size_t cap = rm->cap ? rm->cap * 2 : 16;
        struct sub *v = realloc(rm->subs, cap * sizeof(*v));
        if (!v)
            return BOT_ENOMEM;
        rm->subs = v;
        rm->cap = cap;
    }
    s = &rm->subs[rm->nsubs];
    memset(s, 0, sizeof(*s));
    s->platform = bot_reminders_place_dup(p, &s->channel, &s->thread);
    if (!s->platform)
        return BOT_ENOMEM;
    s->since_ms = since_ms;
    rm->nsubs++;
    return load_done(rm, s);
}

static void
sub_remove(struct bot_reminders *rm, struct sub *s)
{
    free(s->platform);
    *s = rm->subs[--rm->nsubs];
}

/* ---- set-up ---- */

/* The configuration's database path; its folders are made (private) when
 * it is the default one in the state folder, which a fresh account may
 * not have yet. */
static int
db_path(const struct bot_config *cfg, char *buf, size_t cap)
{
    const char *v = bot_config_get(cfg, "NEWSBOT_DB");
    char *p;

    if (!cfg->db[0] || snprintf(buf, cap, "%s", cfg->db) >= (int)cap)
        return BOT_EINVAL;
    if (v && *v)
        return 0;
    for (p = buf + 1; *p; p++) { /* mkdir -p of its folder */
        if (*p == '/') {
            *p = '\0';
            (void)mkdir(buf, 0700); /* bot_store_open() says what fails */
            *p = '/';
        }
    }
    return 0;
}

/* Opens the store. A file that cannot be opened turns reminders off;
 * a PostgreSQL server that cannot be reached or refuses is an error:
 * replicas without their shared store would each answer every message.
 * Return: 0, or BOT_EIO (said). */
static int
open_store(struct bot_reminders *rm)
{
    char path[PATH_MAX], why[PATH_MAX + 128];

    if (db_path(rm->env.cfg, path, sizeof(path)) < 0) {
        bot_log(BOT_LOG_ERROR, "reminders are off: no place for their "
                               "database; set NEWSBOT_DB");
        return 0;
    }
    if (bot_store_is_postgres(path) &&
        bot_store_open(&rm->store, path, why, sizeof(why)) < 0) {
        bot_log(BOT_LOG_ERROR,
                "NEWSBOT_DB: %s. Replicas need their shared store: not "
                "starting",
                why);
        return BOT_EIO;
    }
    if (!rm->store && bot_store_open(&rm->store, path, why, sizeof(why)) < 0) {
        bot_log(BOT_LOG_ERROR,
                "reminders are off: %s. Questions are still answered; "
                "move the file aside or set NEWSBOT_DB to turn them on",
                why);
        return 0;
    }
    if (bot_store_subscriptions(rm->store, sub_add, rm) < 0) {
        bot_log(BOT_LOG_ERROR, "reminders are off: cannot read %s",
                bot_store_path(rm->store));
        bot_store_close(rm->store);
        rm->store = NULL;
        return 0;
    }
    bot_log(BOT_LOG_INFO, "reminders: %zu subscription(s) in %s", rm->nsubs,
            bot_store_path(rm->store));
    return 0;
}

/* A shared store: the subscriptions and what they were sent, as every
 * replica wrote them, read again; what this process knows of each (a
 * post on its way, failures) carries over. */
static void
refresh(struct bot_reminders *rm)
{
    struct sub *old = rm->subs;
    size_t i, nold = rm->nsubs;

    rm->subs = NULL;
    rm->nsubs = rm->cap = 0;
    if (bot_store_subscriptions(rm->store, sub_add, rm) < 0) {
        while (rm->nsubs) /* keep what was known */
            sub_remove(rm, &rm->subs[0]);
        free(rm->subs);
        rm->subs = old;
        rm->nsubs = rm->cap = nold;
        return;
    }
    for (i = 0; i < nold; i++) {
        struct bot_place p;
        struct sub *s;
        bot_reminders_sub_place(&old[i], &p);
        s = bot_reminders_sub_find(rm, &p);
        if (s) {
            s->busy = old[i].busy;
            s->fails = old[i].fails;
            s->retry_at = old[i].retry_at;
        }
        free(old[i].platform);
    }
    free(old);
}

struct bot_store *
bot_reminders_store(struct bot_reminders *rm)
{
    return rm ? rm->store : NULL;
}

void
bot_reminders_set_role(struct bot_reminders *rm, int held)
{
    if (rm)
        rm->role = held;
}

/* Writes a subscription and the reminders it has had into a database
 * made anew; when they were posted is lost with the old file, so they
 * count as posted now. */
static int
write_back(struct bot_reminders *rm, const struct sub *s, int64_t now)
{
    struct bot_sent rows[BOT_REMIND_MAX];
    char days[BOT_REMIND_MAX][16], events[BOT_REMIND_MAX][BOT_EVENT_KEY_MAX];
    struct bot_place p;
    size_t n = 0;
    int i, rc;

    bot_reminders_sub_place(s, &p);
    rc = bot_store_subscribe(rm->store, &p, "", s->since_ms);
    for (i = 0; rc >= 0 && i < rm->sched.n; i++) {
        const struct bot_remind *m = &rm->sched.v[i];
        if (!(s->done & BIT(i)))
            continue;
        bot_remind_day_key(&m->kb->facts[m->fact].date, days[n],
                           sizeof(days[n]));
        bot_remind_event_key(&rm->sched, i, events[n], sizeof(events[n]));
        rows[n].event = events[n];
        rows[n].day = days[n];
        rows[n].lead_days = rm->sched.leads.v[m->lead].days;
        rows[n].due_ms = m->due_ms;
        rows[n].at_ms = now;
        rows[n].state = BOT_SENT;
        n++;
    }
    if (rc >= 0 && n > 0)
        rc = bot_store_record(rm->store, &p, rows, n);
    return rc < 0 ? rc : 0;
}

/* Reads the subscriptions of a database that took the old one's place;
 * a channel with a reminder on its way stays busy, so it is not sent
 * twice. */
static int
read_again(struct bot_reminders *rm)
{
    const struct delivery *d;
    int rc;

    while (rm->nsubs)
        sub_remove(rm, &rm->subs[0]);
    rc = bot_store_subscriptions(rm->store, sub_add, rm);
    for (d = rm->deliveries; d; d = d->next) {
        struct bot_place p = {d->platform, d->channel, d->thread};
        struct sub *s = bot_reminders_sub_find(rm, &p);
        if (s)
            s->busy = 1;
    }
    return rc;
}

/* The database file deleted or replaced while the bot runs: what the
 * open handle writes would go to an unlinked file, or to one nobody
 * reads. Reported, and the file opened anew: a deleted one is written
 * again from what this process knows, a replacement is read as the new
 * truth. Return: 0 if reminders can go on, BOT_EIO if they are off. */
int
bot_reminders_watch_store(struct bot_reminders *rm, int64_t now)
{
    enum bot_store_where w;
    char path[PATH_MAX], why[PATH_MAX + 128];
    size_t i;
    int rc = 0;

    if (!rm->store)
        return BOT_EIO;
    w = bot_store_moved(rm->store);
    if (w == BOT_STORE_SAME)
        return 0;
    snprintf(path, sizeof(path), "%s", bot_store_path(rm->store));
    bot_log(BOT_LOG_ERROR,
            "reminders: %s was %s while newsbot was running; opening it "
            "anew",
            path, w == BOT_STORE_GONE ? "deleted" : "replaced");
    bot_store_close(rm->store);
    rm->store = NULL;
    if (bot_store_open(&rm->store, path, why, sizeof(why)) < 0) {
        bot_log(BOT_LOG_ERROR,
                "reminders are off: %s. Questions are still answered; "
                "restart newsbot once the file is back",
                why);
        return BOT_EIO;
    }
    if (w == BOT_STORE_REPLACED) {
        rc = read_again(rm);
        bot_log(BOT_LOG_INFO, "reminders: %zu subscription(s) in the new %s",
                rm->nsubs, path);
        return rc < 0 ? rc : 0;
    }
    for (i = 0; rc == 0 && i < rm->nsubs; i++)
        rc = write_back(rm, &rm->subs[i], now);
    if (rc == 0)
        bot_log(BOT_LOG_WARN,
                "reminders: wrote %zu subscription(s) back into %s from "
                "memory",
                rm->nsubs, path);
    return rc;
}

int
bot_reminders_new(const struct bot_reminders_env *env,
                  struct bot_reminders **out)
{
    struct bot_reminders *rm;
    struct bot_leads leads = env->cfg->remind_leads;

    *out = NULL;
    if (leads.n == 0 && /* a configuration not from bot_config_load() */
        bot_schedule_parse_leads(&leads, NULL, NULL, 0) < 0)
        return BOT_EINVAL;
    rm = calloc(1, sizeof(*rm));
    if (!rm)
        return BOT_ENOMEM;
    rm->env = *env;
    rm->sched.leads = leads;
    snprintf(rm->holder, sizeof(rm->holder), "%s",
             env->replica ? env->replica : "");
    if (open_store(rm) < 0) {
        bot_reminders_free(rm);
        return BOT_EIO;
    }
    bot_reminders_schedule(rm, bot_clock_now_ms(env->clock));
    *out = rm;
    return 0;
}

void
bot_reminders_reload(struct bot_reminders *rm)
{
    if (!rm)
        return;
    /* the same records, mapped onto the new schedule */
    bot_reminders_schedule(rm, bot_clock_now_ms(rm->env.clock));
}

void
bot_reminders_set_leads(struct bot_reminders *rm, const struct bot_leads *leads)
{
    if (!rm || leads->n == 0)
        return;
    rm->sched.leads = *leads; /* records name lead days, not indexes */
    bot_reminders_schedule(rm, bot_clock_now_ms(rm->env.clock));
}

void
bot_reminders_free(struct bot_reminders *rm)
{
    if (!rm)
        return;
    while (rm->deliveries) {
        struct delivery *d = rm->deliveries;
        rm->deliveries = d->next;
        free(d->platform);
        free(d);
    }
    while (rm->nsubs)
        sub_remove(rm, &rm->subs[0]);
    free(rm->subs);
    bot_store_close(rm->store);
    free(rm);
}

void
bot_reminders_tick(struct bot_reminders *rm, int64_t now_ms)
{
    size_t i;

    int shared;

    if (!rm || !rm->store || now_ms < rm->next_check)
        return;
    rm->next_check = now_ms + CHECK_MS;
    if (bot_reminders_watch_store(rm, now_ms) < 0)
        return;
    shared = bot_store_shared(rm->store);
    if (shared && !bot_store_up(rm->store))
        return; /* the leases cannot be taken: wait */
    if (shared && now_ms >= rm->refresh_at) {
        rm->refresh_at = now_ms + REFRESH_MS;
        refresh(rm);
    }
    if (rm->sched.refresh_ms && now_ms >= rm->sched.refresh_ms)
        bot_reminders_schedule(rm, now_ms); /* room for later events */
    for (i = 0; i < rm->nsubs; i++) {
        struct sub *s = &rm->subs[i];
        struct bot_remind_plan plan;
        struct bot_adapter *ad;
        if (s->busy || now_ms < s->retry_at)
            continue;
        bot_remind_plan(&rm->sched, s->done, s->since_ms, now_ms, &plan);
        if (plan.send < 0)
            continue;
        ad = bot_reminders_adapter_of(rm, s->platform);
        if (ad && shared && !rm->role && !ad->ops->single)
            continue; /* another replica posts them */
        if (ad && ad->ops->post && !bot_reminders_adapter_busy(rm, ad))
            bot_reminders_deliver(rm, s, ad, &plan, now_ms);
    }
}

/* ---- commands ---- */

enum bot_status_reminders
bot_reminders_state(struct bot_reminders *rm, const char *platform,
                    const char *channel)
{
    struct bot_place p = {platform, channel, ""};

    if (!rm || !rm->store)
        return BOT_STATUS_REMINDERS_OFF;
    return bot_reminders_sub_find(rm, &p) ? BOT_STATUS_REMINDERS_HERE
                                          : BOT_STATUS_REMINDERS_READY;
}

/* Applies "remind us" / "stop reminders". Return: 1 if it changed
 * something, 0 if not, or BOT_EIO. */
static int
apply(struct bot_reminders *rm, enum bot_kind cmd, const struct bot_place *p,
      const char *user, int64_t now)
{
    struct sub *s = bot_reminders_sub_find(rm, p);
    int rc = 0;

    if (cmd == BOT_KIND_SUBSCRIBE) {
        rc = bot_store_subscribe(rm->store, p, user, now);
        if (rc == 1 && !s && sub_add(rm, p, now) < 0)
            rc = BOT_EIO;
    } else if (cmd == BOT_KIND_UNSUBSCRIBE) {
        rc = bot_store_unsubscribe(rm->store, p);
        if (rc >= 0 && s)
            sub_remove(rm, s);
    }
    return rc;
}

void
bot_reminders_command(struct bot_reminders *rm, struct bot_adapter *ad,
                      const struct bot_msg *msg, struct bot_reply *r)
{
    /* A channel subscribes, whichever thread said so (Mattermost and
     * Slack answer every question in a thread); reminders go to the
     * channel itself. */
    struct bot_place p = {ad->ops->name, msg->channel, ""};
    struct bot_remind_state st = {0};
    int64_t now = bot_clock_now_ms(rm->env.clock);
    enum bot_kind cmd = r->kind;
    const struct bot_kb *kbs[BOT_LIBRARY_MAX];
    const struct sub *s;
    int rc;

    if (cmd != BOT_KIND_REMINDERS &&
        !bot_admins_allow(rm->env.cfg->admins, ad->ops->name, msg->user)) {
        /* NEWSBOT_ADMINS: what the channel gets stays open to all */
        bot_reply_init(r, cmd);
        r->answered = 1;
        r->confidence = 1;
        bot_reply_add(r, "Sorry, only the bot's admins can start or stop "
                         "reminders here. Say \"reminders\" to see what "
                         "this channel gets.");
        return;
    }
    st.available = bot_reminders_watch_store(rm, now) == 0;
    st.direct = msg->direct;
    st.tz = rm->env.cfg->tz;
    if (st.available) {
        rc = apply(rm, cmd, &p, msg->user, now);
        if (rc < 0) {
            bot_reply_init(r, cmd);
            bot_reply_add(r, "Sorry, I could not save that: the reminder "
                             "database failed (the log says why).");
            return;
        }
        st.changed = rc == 1;
        s = bot_reminders_sub_find(rm, &p);
        st.subscribed = s != NULL;
        st.since_ms = s ? s->since_ms : 0;
        st.done = s ? s->done : 0;
    }
    bot_remind_answer(kbs,
                      bot_core_articles(rm->env.core, kbs, BOT_LIBRARY_MAX),
                      &rm->sched, cmd, &st, now, r);
}
