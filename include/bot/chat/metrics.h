/* Counters, gauges and a latency histogram of the runtime, and their
 * Prometheus text and /healthz JSON renderings. No I/O, no clock reads. */
#ifndef BOT_METRICS_H
#define BOT_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/kind.h"
#include "bot/chat/config.h"

#define BOT_METRICS_KINDS   (BOT_KIND_STATUS + 1)
#define BOT_METRICS_BUCKETS 12
#define BOT_METRICS_ERR_MAX 128

enum bot_platform_state {
    BOT_PLATFORM_CONNECTING = 0,
    BOT_PLATFORM_READY,
    BOT_PLATFORM_DOWN,    /* lost; reconnecting */
    BOT_PLATFORM_FAILED,  /* gave up for good */
    BOT_PLATFORM_OFF,     /* a reload took it out of NEWSBOT_PLATFORMS */
    BOT_PLATFORM_STANDBY, /* another replica runs it (bot/chat/replica.c) */
};

/* "ready", "standby": a state's name in /healthz and systemd's STATUS. */
const char *bot_metrics_state_name(enum bot_platform_state state);

/* Why a ready session ended: the reason label of newsbot_disconnects_total,
 * a fixed set so that the series stay few. */
enum bot_disconnect {
    BOT_DISCONNECT_NONE = 0,         /* nothing known: judge by close code */
    BOT_DISCONNECT_CLOSED_BY_SERVER, /* a close, ERROR or "reconnect" */
    BOT_DISCONNECT_NETWORK,          /* dropped with no word from the server */
    BOT_DISCONNECT_TIMEOUT,          /* heartbeat ACK or PONG missing */
    BOT_DISCONNECT_AUTH,             /* the credentials refused */
    BOT_DISCONNECT_CONFIG,           /* the settings refused (intents, ...) */
    BOT_DISCONNECT_INVALID_SESSION,  /* Discord op 9, close 4009 */
    BOT_DISCONNECT_RESUME_FAILED,    /* Discord close 4007 */
    BOT_DISCONNECT_RATE_LIMITED,     /* close 4008, flood, too many sockets */
    BOT_DISCONNECT_PROTOCOL,         /* a malformed or unexpected exchange */
    BOT_DISCONNECT_RELOAD, /* a reload changed its keys or took it out */
};
#define BOT_METRICS_REASONS (BOT_DISCONNECT_RELOAD + 1)

/* One platform's numbers: plain counters, incremented on the loop. */
struct bot_metrics_platform {
    const char *name; /* the adapter's ops->name (static) */
    enum bot_platform_state state;
    int64_t since_s;                      /* unix seconds of the last change */
    char last_error[BOT_METRICS_ERR_MAX]; /* "" if none yet */
    uint64_t questions[BOT_METRICS_KINDS][2]; /* [kind][answered] */
    uint64_t rate_limited;
    uint64_t http_429; /* REST answers 429 Too Many Requests */
    uint64_t retries;  /* REST posts tried again */
    uint64_t connects; /* sessions that became ready */
    uint64_t disconnects[BOT_METRICS_REASONS]; /* ready sessions lost */
    uint64_t latency[BOT_METRICS_BUCKETS];     /* not cumulative */
    uint64_t latency_count;
    double latency_sum; /* seconds */
};

struct bot_metrics {
    struct bot_metrics_platform p[BOT_CONFIG_PLATFORMS_MAX];
    int np;
    int64_t start_s; /* unix seconds at start */
    uint64_t kb_reloads, kb_failures;
    uint64_t reminders_sent, reminders_late, reminders_failed;
    uint64_t outbox_depth; /* set before rendering */
    /* Replicas sharing a store (bot/chat/replica.c); shown with one. */
    int shared;         /* the store is shared: the lines below are shown */
    int store_up;       /* its connection is up */
    int role_reminders; /* this replica posts the reminders */
    uint64_t claims_won, claims_lost, claims_unchecked;
};

/* Upper bounds of the latency buckets, in seconds (+Inf is implicit). */
extern const double bot_metrics_bounds[BOT_METRICS_BUCKETS];

/* Empties @m; @now_s is the start time. */
void bot_metrics_init(struct bot_metrics *m, int64_t now_s);
/* Platform slot @i is @name (static storage), connecting since @now_s. */
void bot_metrics_platform(struct bot_metrics *m, int i, const char *name,
                          int64_t now_s);
/* A question of @kind on platform @i, answered or declined, whose reply
 * was handed to the platform @seconds after it arrived. */
void bot_metrics_question(struct bot_metrics *m, int i, enum bot_kind kind,
                          int answered, double seconds);
/* The slot of platform @name, or -1. */
int bot_metrics_find(const struct bot_metrics *m, const char *name);
/* Platform @i changes to @state at @now_s; @why (or NULL) is its error.
 * A ready session that goes down or fails counts as a disconnect for
 * @reason (NONE: as bot_metrics_close_reason(0) says). */
void bot_metrics_state(struct bot_metrics *m, int i,
                       enum bot_platform_state state,
                       enum bot_disconnect reason, int64_t now_s,
                       const char *why);
/* What a WebSocket close code from the server (RFC 6455; 0: none came)
 * says of why the session ended. Platform codes (4000-4999) are the
 * adapter's to read; here they count as closed by the server. */
enum bot_disconnect bot_metrics_close_reason(int code);
/* The label value of @reason ("closed_by_server", ...). */
const char *bot_metrics_reason_name(enum bot_disconnect reason);

/**
 * bot_metrics_render() - the Prometheus text exposition (version 0.0.4).
 * Writes at most @cap bytes into @buf, NUL-terminated.
 * Return: the length, or BOT_ETOOBIG if @cap is too small.
 */
int bot_metrics_render(const struct bot_metrics *m, const char *version,
                       const char *article, int64_t now_s, char *buf,
                       size_t cap);

/* True if platform @i counts as healthy: ready, or off (not wanted). */
int bot_metrics_ready(const struct bot_metrics *m, int i);

/**
 * bot_metrics_health() - the /healthz JSON body into @buf (as above).
 * Sets *@ok to 1 when every platform is ready (or off).
 * Return: the length, or BOT_ETOOBIG.
 */
int bot_metrics_health(const struct bot_metrics *m, const char *version,
                       int64_t now_s, int *ok, char *buf, size_t cap);

#endif
