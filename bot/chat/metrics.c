/* Counters, gauges and a latency histogram of the runtime, and their
 * Prometheus text and /healthz JSON renderings. No I/O, no clock reads:
 * the runtime (bot.c) increments them and the HTTP listener renders. */
#include "bot/chat/metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bot/base/err.h"

const double bot_metrics_bounds[BOT_METRICS_BUCKETS] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

static const char *const state_names[] = {"connecting", "ready", "down",
                                          "failed",     "off",   "standby"};

const char *
bot_metrics_state_name(enum bot_platform_state state)
{
    return state_names[state];
}

static const char *const reason_names[BOT_METRICS_REASONS] = {
    "none",         "closed_by_server", "network",         "timeout",
    "auth",         "config",           "invalid_session", "resume_failed",
    "rate_limited", "protocol",         "reload"};

void
bot_metrics_init(struct bot_metrics *m, int64_t now_s)
{
    memset(m, 0, sizeof(*m));
    m->start_s = now_s;
}

void
bot_metrics_platform(struct bot_metrics *m, int i, const char *name,
                     int64_t now_s)
{
    if (i < 0 || i >= BOT_CONFIG_PLATFORMS_MAX)
        return;
    m->p[i].name = name;
    m->p[i].state = BOT_PLATFORM_CONNECTING;
    m->p[i].since_s = now_s;
    if (i >= m->np)
        m->np = i + 1;
}

void
bot_metrics_question(struct bot_metrics *m, int i, enum bot_kind kind,
                     int answered, double seconds)
{
    struct bot_metrics_platform *p;
    int b = 0;

    if (i < 0 || i >= m->np)
        return;
    p = &m->p[i];
    if ((unsigned)kind >= BOT_METRICS_KINDS)
        kind = BOT_KIND_UNKNOWN;
    p->questions[kind][answered ? 1 : 0]++;
    while (b < BOT_METRICS_BUCKETS && seconds > bot_metrics_bounds[b])
        b++;
    if (b < BOT_METRICS_BUCKETS)
        p->latency[b]++;
    p->latency_count++;
    p->latency_sum += seconds;
}

int
bot_metrics_find(const struct bot_metrics *m, const char *name)
{
    int i;

    for (i = 0; name && i < m->np; i++) {
        if (m->p[i].name && strcmp(m->p[i].name, name) == 0)
            return i;
    }
    return -1;
}

enum bot_disconnect
bot_metrics_close_reason(int code)
{
    switch (code) {
    case 0:    /* no close frame: the connection broke */
    case 1006: /* abnormal closure, as a library reports it */
    case 1015: /* the TLS handshake failed */
        return BOT_DISCONNECT_NETWORK;
    case 1002: /* protocol error */
    case 1003: /* a data type it does not take */
    case 1007: /* invalid payload data */
    case 1008: /* policy violation */
    case 1009: /* message too big */
    case 1010: /* an extension missing */
        return BOT_DISCONNECT_PROTOCOL;
    default: /* 1000, 1001 going away, 1011-1014, the platforms' own */
        return BOT_DISCONNECT_CLOSED_BY_SERVER;
    }
}

const char *
bot_metrics_reason_name(enum bot_disconnect reason)
{
    if ((unsigned)reason >= BOT_METRICS_REASONS)
        reason = BOT_DISCONNECT_NONE;
    return reason_names[reason];
}

void
bot_metrics_state(struct bot_metrics *m, int i, enum bot_platform_state state,
                  enum bot_disconnect reason, int64_t now_s, const char *why)
{
    struct bot_metrics_platform *p;

    if (i < 0 || i >= m->np)
        return;
    p = &m->p[i];
    if ((unsigned)reason >= BOT_METRICS_REASONS ||
        reason == BOT_DISCONNECT_NONE)
        reason = bot_metrics_close_reason(0);
    if (state == BOT_PLATFORM_READY && p->state != BOT_PLATFORM_READY)
        p->connects++;
    if (state != BOT_PLATFORM_READY && p->state == BOT_PLATFORM_READY)
        p->disconnects[reason]++;
    if (state != p->state)
        p->since_s = now_s;
    p->state = state;
    if (why)
        snprintf(p->last_error, sizeof(p->last_error), "%s", why);
}

/* A capped appender: once full, every further write is ignored and the
 * result reports BOT_ETOOBIG. */
struct out {
    char *buf;
    size_t cap, len;
    int full;
};

static void __attribute__((format(printf, 2, 3)))
put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (o->full)
        return;
    va_start(ap, fmt);
    n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len) {
        o->full = 1;
        o->buf[o->len] = '\0';
        return;
    }
    o->len += (size_t)n;
}

static int
done(struct out *o)
{
    return o->full ? BOT_ETOOBIG : (int)o->len;
}

static void
head(struct out *o, const char *name, const char *type, const char *help)
{
    put(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value with \, " and newline escaped (text format rules). */
static void
put_label(struct out *o, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\' || *s == '"')
            put(o, "\\%c", *s);
        else if (*s == '\n')
            put(o, "\\n");
        else
            put(o, "%c", *s);
    }
}

static void
per_platform(struct out *o, const struct bot_metrics *m, const char *name,
             size_t field)
{
    int i;

    for (i = 0; i < m->np; i++) {
        const char *base = (const char *)&m->p[i];
        uint64_t v;
        memcpy(&v, base + field, sizeof(v));
        put(o, "%s{platform=\"%s\"} %llu\n", name, m->p[i].name,
            (unsigned long long)v);
    }
}

static void
render_questions(struct out *o, const struct bot_metrics *m)
{
    int i, k, a;

    head(o, "newsbot_questions_total", "counter",
         "Questions addressed to the bot, by platform, kind and outcome.");
    for (i = 0; i < m->np; i++) {
        for (k = 0; k < BOT_METRICS_KINDS; k++) {
            for (a = 1; a >= 0; a--) {
                uint64_t v = m->p[i].questions[k][a];
                if (v == 0)
                    continue; /* a series appears with its first count */
                put(o,
                    "newsbot_questions_total{platform=\"%s\",kind=\"%s\","
                    "outcome=\"%s\"} %llu\n",
                    m->p[i].name, bot_kind_name((enum bot_kind)k),
                    a ? "answered" : "declined", (unsigned long long)v);
            }
        }
    }
    head(o, "newsbot_questions_rate_limited_total", "counter",
         "Questions dropped or refused by the per-user or per-channel "
         "rate limit.");
    per_platform(o, m, "newsbot_questions_rate_limited_total",
                 offsetof(struct bot_metrics_platform, rate_limited));
}

static void
render_latency(struct out *o, const struct bot_metrics *m)
{
    int i, b;

    head(o, "newsbot_answer_latency_seconds", "histogram",
         "From a question's arrival to its reply queued for the platform.");
    for (i = 0; i < m->np; i++) {
        const struct bot_metrics_platform *p = &m->p[i];
        uint64_t cum = 0;
        for (b = 0; b < BOT_METRICS_BUCKETS; b++) {
            cum += p->latency[b];
            put(o,
                "newsbot_answer_latency_seconds_bucket{platform=\"%s\","
                "le=\"%g\"} %llu\n",
                p->name, bot_metrics_bounds[b], (unsigned long long)cum);
        }
        put(o,
            "newsbot_answer_latency_seconds_bucket{platform=\"%s\","
            "le=\"+Inf\"} %llu\n",
            p->name, (unsigned long long)p->latency_count);
        put(o, "newsbot_answer_latency_seconds_sum{platform=\"%s\"} %.9f\n",
            p->name, p->latency_sum);
        put(o, "newsbot_answer_latency_seconds_count{platform=\"%s\"} %llu\n",
            p->name, (unsigned long long)p->latency_count);
    }
}

/* Every reason of every platform, 0 included: a series that exists from
 * the start lets rate() and increase() see its first disconnect. */
static void
render_disconnects(struct out *o, const struct bot_metrics *m)
{
    int i, r;

    head(o, "newsbot_disconnects_total", "counter",
         "Ready platform sessions that were lost, by platform and reason.");
    for (i = 0; i < m->np; i++) {
        for (r = BOT_DISCONNECT_NONE + 1; r < BOT_METRICS_REASONS; r++)
            put(o,
                "newsbot_disconnects_total{platform=\"%s\",reason=\"%s\"} "
                "%llu\n",
                m->p[i].name, reason_names[r],
                (unsigned long long)m->p[i].disconnects[r]);
    }
}

/* What a replica sharing its store with others adds. */
static void
render_replica(struct out *o, const struct bot_metrics *m)
{
    if (!m->shared)
        return;
    head(o, "newsbot_store_up", "gauge",
         "1 while the shared store's connection is up, else 0.");
    put(o, "newsbot_store_up %d\n", m->store_up);
    head(o, "newsbot_role_reminders", "gauge",
         "1 while this replica is the one posting reminders.");
    put(o, "newsbot_role_reminders %d\n", m->role_reminders);
    head(o, "newsbot_claims_total", "counter",
         "Questions claimed across replicas: won (answered here), lost "
         "(another replica answered), unchecked (the store was down).");
    put(o, "newsbot_claims_total{result=\"won\"} %llu\n",
        (unsigned long long)m->claims_won);
    put(o, "newsbot_claims_total{result=\"lost\"} %llu\n",
        (unsigned long long)m->claims_lost);
    put(o, "newsbot_claims_total{result=\"unchecked\"} %llu\n",
        (unsigned long long)m->claims_unchecked);
}

static void
render_platforms(struct out *o, const struct bot_metrics *m)
{
    int i;

    head(o, "newsbot_platform_up", "gauge",
         "1 while the platform's session is ready, else 0.");
    for (i = 0; i < m->np; i++)
        put(o, "newsbot_platform_up{platform=\"%s\"} %d\n", m->p[i].name,
            m->p[i].state == BOT_PLATFORM_READY);
    head(o, "newsbot_connections_total", "counter",
         "Platform sessions that became ready.");
    per_platform(o, m, "newsbot_connections_total",
                 offsetof(struct bot_metrics_platform, connects));
    render_disconnects(o, m);
    head(o, "newsbot_http_429_total", "counter",
         "REST answers 429 Too Many Requests from the platform.");
    per_platform(o, m, "newsbot_http_429_total",
                 offsetof(struct bot_metrics_platform, http_429));
    head(o, "newsbot_http_retries_total", "counter",
         "REST posts tried again after a transient failure.");
    per_platform(o, m, "newsbot_http_retries_total",
                 offsetof(struct bot_metrics_platform, retries));
    head(o, "newsbot_reconnects_total", "counter",
         "Platform sessions that became ready after the first.");
    for (i = 0; i < m->np; i++)
        put(o, "newsbot_reconnects_total{platform=\"%s\"} %llu\n", m->p[i].name,
            (unsigned long long)(m->p[i].connects ? m->p[i].connects - 1 : 0));
}

int
bot_metrics_render(const struct bot_metrics *m, const char *version,
                   const char *article, int64_t now_s, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0, cap == 0};

    if (cap)
        buf[0] = '\0';
    render_questions(&o, m);
    render_latency(&o, m);
    render_platforms(&o, m);
    head(&o, "newsbot_outbox_messages", "gauge",
         "Messages waiting to be written to the platforms.");
    put(&o, "newsbot_outbox_messages %llu\n",
        (unsigned long long)m->outbox_depth);
    head(&o, "newsbot_knowledge_reloads_total", "counter",
         "Knowledge reloads after its files changed.");
    put(&o, "newsbot_knowledge_reloads_total %llu\n",
        (unsigned long long)m->kb_reloads);
    head(&o, "newsbot_knowledge_reload_failures_total", "counter",
         "Knowledge changes that did not load (the old version stayed).");
    put(&o, "newsbot_knowledge_reload_failures_total %llu\n",
        (unsigned long long)m->kb_failures);
    head(&o, "newsbot_reminders_sent_total", "counter",
         "Reminders the platforms accepted.");
    put(&o, "newsbot_reminders_sent_total %llu\n",
        (unsigned long long)m->reminders_sent);
    head(&o, "newsbot_reminders_late_total", "counter",
         "Reminders accepted after their planned time (after downtime).");
    put(&o, "newsbot_reminders_late_total %llu\n",
        (unsigned long long)m->reminders_late);
    head(&o, "newsbot_reminders_failed_total", "counter",
         "Reminder posts that failed (retried later).");
    put(&o, "newsbot_reminders_failed_total %llu\n",
        (unsigned long long)m->reminders_failed);
    render_replica(&o, m);
    head(&o, "newsbot_uptime_seconds", "gauge", "Seconds since the start.");
    put(&o, "newsbot_uptime_seconds %lld\n", (long long)(now_s - m->start_s));
    head(&o, "newsbot_build_info", "gauge",
         "Always 1; the labels say what runs.");
    put(&o, "newsbot_build_info{version=\"");
    put_label(&o, version);
    put(&o, "\",article=\"");
    put_label(&o, article);
    put(&o, "\"} 1\n");
    return done(&o);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void
put_json(struct out *o, const char *s)
{
    put(o, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            put(o, "\\%c", c);
        else if (c < 0x20)
            put(o, "\\u%04x", c);
        else
            put(o, "%c", c);
    }
    put(o, "\"");
}

static void
put_time(struct out *o, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[32];

    gmtime_r(&tt, &tm);
    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
    put(o, "\"%s\"", s);
}

int
bot_metrics_ready(const struct bot_metrics *m, int i)
{
    return m->p[i].state == BOT_PLATFORM_READY ||
           m->p[i].state == BOT_PLATFORM_OFF ||
           m->p[i].state == BOT_PLATFORM_STANDBY;
}

int
bot_metrics_health(const struct bot_metrics *m, const char *version,
                   int64_t now_s, int *ok, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0, cap == 0};
    int i, all = 1;

    for (i = 0; i < m->np; i++)
        all &= bot_metrics_ready(m, i);
    *ok = all;
    put(&o, "{\"status\":\"%s\",\"platforms\":[", all ? "ok" : "unavailable");
    for (i = 0; i < m->np; i++) {
        const struct bot_metrics_platform *p = &m->p[i];
        put(&o, "%s{\"name\":", i ? "," : "");
        put_json(&o, p->name);
        put(&o, ",\"state\":\"%s\",\"since\":", state_names[p->state]);
        put_time(&o, p->since_s);
        put(&o, ",\"last_error\":");
        if (p->last_error[0])
            put_json(&o, p->last_error);
        else
            put(&o, "null");
        put(&o, "}");
    }
    put(&o, "],\"version\":");
    put_json(&o, version);
    put(&o, ",\"uptime_seconds\":%lld}\n", (long long)(now_s - m->start_s));
    return done(&o);
}
