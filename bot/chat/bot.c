/* The chat runtime: the answerer, the configured platforms, the router and
 * one event loop. */
#include "bot/chat/bot.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bot/answer/convo.h"
#include "bot/base/log.h"
#include "bot/chat/answerview.h"
#include "bot/chat/config.h"
#include "bot/chat/notify.h"
#include "bot/chat/reminders.h"
#include "bot/chat/threads.h"
#include "bot/chat/unanswered.h"
#include "bot/knowledge/library.h"
#include "bot/net/http.h"
#include "bot/net/httpd.h"
#include "bot/net/ws.h"

#define TICK_MS     100
#define GOODBYE_MS  5000 /* replies computed before a stop may land */
#define KB_CHECK_MS 2000 /* how often facts.json is looked at */

#ifndef BOT_VERSION
#define BOT_VERSION "dev"
#endif

/* Wall-clock seconds, for the health report's "since" and uptime. */
static int64_t
wall_s(void)
{
    return (int64_t)time(NULL);
}

/* A monotonic clock in seconds, for answer latency. */
static double
mono_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct bot_http *
bot_http(struct bot *bot)
{
    if (!bot->http)
        bot->http = bot_http_new(bot->loop);
    return bot->http;
}

void
bot_http_forget(struct bot *bot, const void *arg)
{
    bot_http_cancel(bot->http, arg); /* none yet, or gone: nothing to do */
}

int64_t
bot_now_ms(const struct bot *bot)
{
    return bot_clock_now_ms(&bot->clock);
}

/* Ends the loop. Timers run before lws polls again, so the poll must be
 * woken or it would sleep until its next timeout. */
static void
finish(struct bot *bot)
{
    bot->done = 1;
    bot_loop_wake(bot->loop);
}

/* The configuration in force for what a reload can change: the last one
 * reloaded, else the one the bot started with. */
static const struct bot_config *
live_cfg(const struct bot *bot)
{
    return bot->live ? bot->live : bot->cfg;
}

/* Reloads the knowledge when an article's files change or an article
 * folder comes or goes, so that answers and reminders follow it without a
 * restart. A version that does not load is reported once and the one
 * loaded before stays; in a folder of articles a broken one is reported
 * and left out. */
static void
watch_knowledge(struct bot *bot, int64_t now)
{
    struct bot_core *fresh;
    uint64_t t;

    if (now < bot->kb_check_at)
        return;
    bot->kb_check_at = now + KB_CHECK_MS;
    t = bot_library_stamp(bot->kb_dir);
    if (t == bot->kb_stamp)
        return;
    bot->kb_stamp = t;
    fresh = malloc(sizeof(*fresh));
    if (!fresh || bot_load_knowledge(fresh, live_cfg(bot), bot->kb_dir) < 0) {
        bot_log(BOT_LOG_ERROR,
                "knowledge in %s changed but does not load "
                "(see above); still answering from the version loaded "
                "before",
                bot->kb_dir);
        free(fresh);
        bot->metrics.kb_failures++;
        return;
    }
    bot_core_release(&bot->core); /* conversations start afresh too */
    bot->core = *fresh;
    free(fresh);
    bot_reminders_reload(bot->reminders);
    bot->metrics.kb_reloads++;
    bot_log(BOT_LOG_INFO, "knowledge in %s reloaded: %zu article(s)",
            bot->kb_dir, bot_core_count(&bot->core));
}

int
bot_load_knowledge(struct bot_core *core, const struct bot_config *cfg,
                   const char *dir)
{
    int rc = bot_core_init(core, dir);

    if (rc == 0 && cfg->pins)
        rc = bot_core_pin(core, cfg->pins);
    if (rc < 0)
        bot_core_release(core); /* safe on the zeroed core of a failed init */
    return rc;
}

static void
tick(void *arg)
{
    struct bot *bot = arg;
    int64_t now = bot_now_ms(bot);
    int i, all_done = 1;

    if (*bot->stop && !bot->stop_deadline) {
        bot_log(BOT_LOG_INFO, "stopping: saying goodbye");
        bot_notify_stopping();
        bot->stop_deadline = now + GOODBYE_MS;
    }
    if (bot->reload && *bot->reload && !bot->stop_deadline) {
        *bot->reload = 0;
        (void)bot_reload(bot); /* reported there; the old one stays */
    }
    for (i = 0; i < bot->nadapters; i++) {
        struct bot_adapter *ad = &bot->adapters[i];
        if (ad->state == BOT_ADAPTER_OFF || ad->state == BOT_ADAPTER_STANDBY)
            continue;
        ad->ops->on_tick(ad, now);
        if (bot->stop_deadline)
            all_done &= ad->ops->stop(ad);
    }
    if (!bot->stop_deadline) {
        bot_platforms_tick(bot, now); /* a reload's restarts */
        watch_knowledge(bot, now);
        bot_replica_tick(bot, now); /* before the reminders: their role */
        bot_reminders_tick(bot->reminders, now);
    }
    if (bot->stop_deadline && (all_done || now >= bot->stop_deadline))
        finish(bot);
    else
        bot_timer_start(bot->tick, TICK_MS);
}

/* The article the bot answers from by default, for build_info. */
static const char *
article_name(const struct bot *bot)
{
    const char *slash = strrchr(bot->kb_dir, '/');

    return slash && slash[1] ? slash + 1 : bot->kb_dir;
}

/* NEWSBOT_HTTP's endpoints: GET /healthz and GET /metrics. */
static int
serve(void *arg, const char *path, char *buf, size_t cap, size_t *len,
      const char **ctype)
{
    struct bot *bot = arg;
    int n, ok = 0, status;

    if (strcmp(path, "/metrics") == 0) {
        *ctype = "text/plain; version=0.0.4; charset=utf-8";
        n = bot_metrics_render(&bot->metrics, BOT_VERSION, article_name(bot),
                               wall_s(), buf, cap);
        status = 200;
    } else if (strcmp(path, "/healthz") == 0) {
        *ctype = "application/json";
        n = bot_metrics_health(&bot->metrics, BOT_VERSION, wall_s(), &ok, buf,
                               cap);
        status = ok ? 200 : 503;
    } else {
        *ctype = "text/plain; charset=utf-8";
        n = snprintf(buf, cap, "not found\n");
        status = 404;
    }
    if (n < 0) {
        n = snprintf(buf, cap, "too big\n");
        status = 500;
    }
    *len = (size_t)n;
    return status;
}

/* @ad's slot in bot->adapters (and the metrics), or -1 for an adapter
 * the runtime did not make (tests). */
static int
slot_of(const struct bot *bot, const struct bot_adapter *ad)
{
    int i;

    for (i = 0; i < bot->nadapters; i++) {
        if (&bot->adapters[i] == ad)
            return i;
    }
    return -1;
}

void
bot_platform_ready(struct bot_adapter *ad)
{
    struct bot *bot = ad->bot;

    bot_metrics_state(&bot->metrics, slot_of(bot, ad), BOT_PLATFORM_READY,
                      BOT_DISCONNECT_NONE, wall_s(), NULL);
    bot_notify_state(&bot->metrics, &bot->ready_sent);
}

void
bot_platform_lost(struct bot_adapter *ad, enum bot_disconnect cause, int code,
                  const char *reason)
{
    struct bot *bot = ad->bot;
    char why[BOT_METRICS_ERR_MAX];

    if (cause == BOT_DISCONNECT_NONE)
        cause = bot_metrics_close_reason(code);
    snprintf(why, sizeof(why), "disconnected (%d%s%s)", code,
             reason && *reason ? " " : "", reason ? reason : "");
    bot_metrics_state(&bot->metrics, slot_of(bot, ad), BOT_PLATFORM_DOWN, cause,
                      wall_s(), why);
    bot_notify_state(&bot->metrics, &bot->ready_sent);
}

/* WATCHDOG=1 at half the unit's WatchdogSec, from the loop itself, so a
 * stuck loop stops it and systemd restarts the bot. */
static void
watchdog(void *arg)
{
    struct bot *bot = arg;

    bot_notify_watchdog();
    bot_timer_start(bot->watchdog, bot->watchdog_ms);
}

void
bot_post_count(struct bot *bot, const char *platform, enum bot_post_event ev)
{
    int i;

    if (ev == BOT_POST_QUEUED) {
        bot->metrics.outbox_depth++;
        return;
    }
    if (ev == BOT_POST_DEQUEUED) {
        bot->metrics.outbox_depth -= bot->metrics.outbox_depth > 0;
        return;
    }
    i = bot_metrics_find(&bot->metrics, platform);
    if (i < 0)
        return;
    if (ev == BOT_POST_429)
        bot->metrics.p[i].http_429++;
    else
        bot->metrics.p[i].retries++;
}

static int
add_adapter(struct bot *bot, const char *name, const struct bot_config *cfg)
{
    const struct bot_adapter_ops *ops = bot_adapter_find(name);

    if (!ops)
        return bot_fail(BOT_EINVAL, "platform '%s' is not available yet", name);
    return bot_platform_init(bot, bot->nadapters, ops, cfg);
}

int
bot_init(struct bot *bot, const struct bot_config *cfg,
         const char *knowledge_dir, volatile sig_atomic_t *stop)
{
    int i, rc;

    memset(bot, 0, sizeof(*bot));
    bot_metrics_init(&bot->metrics, wall_s());
    bot->cfg = cfg;
    bot->stop = stop;
    rc = bot_clock_init(&bot->clock, cfg->tz, cfg->now);
    if (rc < 0)
        return bot_fail(rc, "NEWSBOT_NOW: want YYYY-MM-DD[THH:MM[:SS]]");
    snprintf(bot->kb_dir, sizeof(bot->kb_dir), "%s", knowledge_dir);
    bot->kb_stamp = bot_library_stamp(knowledge_dir);
    rc = bot_load_knowledge(&bot->core, cfg, knowledge_dir);
    if (rc == 0)
        rc = bot_router_init(&bot->router, cfg);
    if (rc == 0 && cfg->unanswered)
        rc = bot_unanswered_open(&bot->unanswered, cfg->unanswered,
                                 cfg->unanswered_users);
    if (rc < 0)
        goto out;
    bot->threads = calloc(1, sizeof(*bot->threads));
    bot->loop = bot_loop_new(bot_config_get(cfg, "NEWSBOT_CA_FILE"));
    bot->tick =
        bot->loop && bot->threads ? bot_timer_new(bot->loop, tick, bot) : NULL;
    if (!bot->tick) {
        rc = BOT_ENOMEM;
        goto out;
    }
    for (i = 0; rc == 0 && i < cfg->nplatforms; i++) {
        if (strcmp(cfg->platforms[i], "console") != 0)
            rc = add_adapter(bot, cfg->platforms[i], cfg);
    }
    if (rc == 0 && cfg->http_port) {
        bot->httpd = bot_httpd_new(bot->loop, cfg->http_host, cfg->http_port,
                                   serve, bot);
        if (!bot->httpd)
            rc = BOT_EIO;
    }
    if (rc == 0) {
        struct bot_reminders_env env = {cfg,
                                        &bot->core,
                                        &bot->clock,
                                        bot->adapters,
                                        &bot->nadapters,
                                        &bot->metrics,
                                        bot->replica.id};
        bot_replica_init(bot);
        rc = bot_reminders_new(&env, &bot->reminders);
    }
out:
    if (rc < 0)
        bot_release(bot);
    return rc;
}

void
bot_release(struct bot *bot)
{
    int i;

    /* First the REST client: its pending requests end with BOT_ENET, and
     * their callbacks still find their adapters alive. */
    bot_http_free(bot->http);
    bot->http = NULL;
    bot_httpd_free(bot->httpd);
    bot->httpd = NULL;
    for (i = 0; i < bot->nadapters; i++)
        bot_platform_release(bot, &bot->adapters[i]);
    bot->nadapters = 0;
    bot_replica_release(bot);
    bot_reminders_free(bot->reminders); /* no adapter can call it now */
    bot->reminders = NULL;
    bot_timer_free(bot->tick);
    bot->tick = NULL;
    bot_timer_free(bot->watchdog);
    bot->watchdog = NULL;
    bot_loop_free(bot->loop);
    bot->loop = NULL;
    bot_router_release(&bot->router);
    bot_unanswered_close(bot->unanswered);
    bot->unanswered = NULL;
    free(bot->threads);
    bot->threads = NULL;
    bot_core_release(&bot->core);
    if (bot->live) {
        bot_config_release(bot->live);
        free(bot->live);
        bot->live = NULL;
    }
    bot_platforms_release(bot);
}

int
bot_run(struct bot *bot)
{
    int i, rc;

    for (i = 0; i < bot->nadapters; i++) {
        struct bot_adapter *ad = &bot->adapters[i];
        if (ad->ops->single && bot_replica_store(bot)) {
            /* the replica holding its role runs it: wait for the role */
            ad->state = BOT_ADAPTER_STANDBY;
            bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_STANDBY,
                              BOT_DISCONNECT_NONE, wall_s(), NULL);
            continue;
        }
        rc = ad->ops->start(ad);
        if (rc < 0)
            return 1;
    }
    bot_replica_tick(bot, bot_now_ms(bot)); /* the roles free now, at once */
    bot_timer_start(bot->tick, TICK_MS);
    bot->watchdog_ms = bot_notify_watchdog_ms();
    if (bot->watchdog_ms) {
        bot->watchdog = bot_timer_new(bot->loop, watchdog, bot);
        if (bot->watchdog)
            watchdog(bot);
    }
    if (bot->nadapters == 0)
        bot_notify_state(&bot->metrics, &bot->ready_sent);
    while (!bot->done)
        bot_loop_run_once(bot->loop);
    if (!bot->stop_deadline)
        bot_notify_stopping(); /* a fatal error, not a signal */
    bot_log(BOT_LOG_INFO, "stopped");
    return bot->exit_code;
}

/* One platform gave up for good: the others carry on; with none left the
 * bot stops with exit status 2. */
static void
platform_failed(struct bot *bot, const char *platform,
                enum bot_disconnect cause)
{
    int i, alive = 0;

    for (i = 0; i < bot->nadapters; i++) {
        if (strcmp(bot->adapters[i].ops->name, platform) == 0) {
            bot->adapters[i].failed = 1;
            bot_metrics_state(&bot->metrics, i, BOT_PLATFORM_FAILED, cause,
                              wall_s(),
                              "gave up (credentials or configuration "
                              "rejected)");
        }
        alive += !bot->adapters[i].failed &&
                 bot->adapters[i].state != BOT_ADAPTER_OFF;
    }
    if (alive == 0) {
        bot->exit_code = 2;
        finish(bot);
    } else {
        bot_log(BOT_LOG_ERROR, "%s stopped; the other platforms go on",
                platform);
    }
}

void
bot_fatal_auth(struct bot *bot, const char *platform, const char *why)
{
    bot_log(BOT_LOG_ERROR, "%s: credentials rejected: %s; not retrying",
            platform, why);
    platform_failed(bot, platform, BOT_DISCONNECT_AUTH);
}

void
bot_fatal_config(struct bot *bot, const char *platform, const char *why)
{
    bot_log(BOT_LOG_ERROR, "%s: %s; fix the configuration", platform, why);
    platform_failed(bot, platform, BOT_DISCONNECT_CONFIG);
}

/* What was asked, at debug level only: it is the user's own text. */
static void
log_question(const struct bot_adapter *ad, const struct bot_msg *msg,
             const struct bot_ask *ask)
{
    char text[BOT_TEXT_MAX + 1];
    struct bot_log_field f[4] = {
        BOT_LOG_STR("platform", ad->ops->name),
        BOT_LOG_STR("channel", msg->channel),
        BOT_LOG_STR("text", text),
        BOT_LOG_STR("id", msg->id),
    };

    if (!bot_log_enabled(BOT_LOG_DEBUG))
        return;
    snprintf(text, sizeof(text), "%.*s",
             (int)(ask->len < BOT_TEXT_MAX ? ask->len : BOT_TEXT_MAX),
             ask->text);
    bot_log_fields(BOT_LOG_DEBUG, "question received", f, msg->id ? 4 : 3);
}

/* The "question answered" event, without the user's text. */
static void
log_answered(const struct bot_adapter *ad, const struct bot_msg *msg,
             const struct bot_reply *r, int64_t latency_ms)
{
    struct bot_log_field f[6] = {
        BOT_LOG_STR("platform", ad->ops->name),
        BOT_LOG_STR("channel", msg->channel),
        BOT_LOG_STR("kind", bot_kind_name(r->kind)),
        BOT_LOG_BOOL("answered", r->answered),
        BOT_LOG_INT("latency_ms", latency_ms),
        BOT_LOG_STR("id", msg->id),
    };

    bot_log_fields(BOT_LOG_INFO, "question answered", f, msg->id ? 6 : 5);
}

static int
answer(struct bot *bot, struct bot_adapter *ad, const struct bot_msg *msg,
       size_t offset, double t0)
{
    struct bot_reply *r = malloc(sizeof(*r));
    struct bot_ask ask = {0};
    struct bot_status_info st;
    struct bot_answer view;
    char key[256], date[BOT_ANSWER_DATE];
    int rc;

    if (!r)
        return BOT_ENOMEM;
    st.uptime_s = wall_s() - bot->metrics.start_s;
    st.reminders =
        bot_reminders_state(bot->reminders, ad->ops->name, msg->channel);
    ask.status = &st;
    bot_replica_conversation(bot, ad, msg, key, sizeof(key));
    ask.text = msg->text + offset;
    ask.len = msg->len - offset;
    ask.conversation = key;
    ask.now_ms = bot_now_ms(bot);
    bot_clock_today(&bot->clock, &ask.today);
    log_question(ad, msg, &ask);
    rc = bot_core_ask(&bot->core, &ask, r);
    if (rc == 0) {
        if (bot_kind_is_reminder(r->kind)) {
            /* the store may keep us waiting: a slash command is
             * acknowledged first */
            if (ad->ops->defer)
                ad->ops->defer(ad, msg);
            bot_reminders_command(bot->reminders, ad, msg, r);
        }
        log_answered(ad, msg, r, bot_now_ms(bot) - ask.now_ms);
        bot_unanswered_note(bot->unanswered, bot_core_article(&bot->core, key),
                            ad->ops->name, msg->user, ask.text, ask.len, r,
                            bot_now_ms(bot));
        bot_replica_save(bot, ad, msg, key);
        bot_answer_view(r, &view, date);
        rc = bot_replica_answer(bot, ad, msg, &view);
        bot_metrics_question(&bot->metrics, slot_of(bot, ad), r->kind,
                             r->answered, mono_s() - t0);
    }
    free(r);
    return rc;
}

int
bot_on_msg(struct bot *bot, struct bot_adapter *ad, const struct bot_msg *msg,
           const char *const *names)
{
    double t0 = mono_s();
    struct bot_answer notice;
    enum bot_route route;
    size_t offset;
    int rc, i = slot_of(bot, ad);

    /* Stopping: replies already computed still go out, new questions
     * are left unanswered. */
    if (bot->stop_deadline || (bot->stop && *bot->stop)) {
        bot_log(BOT_LOG_DEBUG, "stopping: a message left unanswered");
        return 0;
    }
    /* The same while a reload restarts this platform alone: what it
     * queues now would follow its goodbye. */
    if (ad->state != BOT_ADAPTER_RUNNING) {
        bot_log(BOT_LOG_DEBUG, "%s says goodbye: a message left unanswered",
                ad->ops->name);
        return 0;
    }

    route =
        bot_router_route(&bot->router, msg, names, bot_now_ms(bot), &offset);
    /* replicas that all received it: the first to claim it answers */
    if ((route == BOT_ROUTE_ANSWER || route == BOT_ROUTE_NOTICE) &&
        !bot_replica_claim(bot, ad, msg, offset, route == BOT_ROUTE_ANSWER))
        return 0;
    switch (route) {
    case BOT_ROUTE_ANSWER:
        return answer(bot, ad, msg, offset, t0);
    case BOT_ROUTE_DROP:
        if (i >= 0 && i < bot->metrics.np)
            bot->metrics.p[i].rate_limited++;
        return 0;
    case BOT_ROUTE_NOTICE:
        if (i >= 0 && i < bot->metrics.np)
            bot->metrics.p[i].rate_limited++;
        bot_answer_plain(&notice, "You're asking faster than I can answer; "
                                  "I'll skip questions for a moment.");
        notice.ephemeral = 1;
        rc = ad->ops->reply(ad, msg, &notice);
        if (rc == 0)
            bot_replica_done(bot, ad, msg);
        return rc;
    default:
        return 0;
    }
}

int
bot_answer_now(struct bot *bot, struct bot_adapter *ad,
               const struct bot_msg *msg, size_t offset)
{
    return answer(bot, ad, msg, offset, mono_s());
}

struct bot_loop *
bot_loop_of(struct bot *bot)
{
    return bot->loop;
}
