/* What the reminder runner's two files share: its state, and the
 * helpers each calls of the other. No code outside bot/chat/reminders.c
 * and bot/chat/remindpost.c includes this. */
#ifndef BOT_CHAT_REMINDERS_INT_H
#define BOT_CHAT_REMINDERS_INT_H

#include <stdint.h>

#include "bot/chat/adapter.h"
#include "bot/chat/reminders.h"
#include "bot/reminders/remind.h"
#include "bot/reminders/store.h"

#define CHECK_MS          1000    /* how often owed reminders are looked for */
#define RETRY_MS          30000   /* after a post failed, doubling... */
#define RETRY_MAX_MS      3600000 /* ...up to an hour (a channel we left) */
#define BIT(i)            ((uint64_t)1 << (i))
#define BOT_EVENT_KEY_MAX 192   /* "folder/id" */
#define LEASE_MS          60000 /* a replica's hold on a reminder it posts */
#define REFRESH_MS        2000  /* shared store: subscriptions read again */

struct sub {
    char *platform, *channel, *thread; /* one allocation */
    int64_t since_ms;
    uint64_t done; /* reminders recorded */
    int busy;      /* one of its reminders is on its way */
    int fails;     /* posts failed in a row */
    int64_t retry_at;
};

/* A reminder on its way: what to record once the platform takes it. */
/* A record to write once the post is accepted; copied, since the
 * knowledge may be reloaded while the post is on its way. */
struct row {
    char event[BOT_EVENT_KEY_MAX], day[16];
    int lead_days;
    int64_t due_ms;
    enum bot_sent_state state;
};

struct delivery {
    struct delivery *next;
    struct bot_reminders *rm;
    struct bot_adapter *ad;
    char *platform, *channel, *thread; /* one allocation */
    struct row rows[BOT_REMIND_MAX];   /* the reminder posted comes last */
    int nrows;
    int leased; /* the last row is leased in a shared store */
};

struct bot_reminders {
    struct bot_reminders_env env; /* borrowed from the runtime */
    struct bot_store *store;      /* NULL: reminders are off */
    struct bot_remind_sched sched;
    struct sub *subs;
    size_t nsubs, cap;
    struct delivery *deliveries;
    int64_t next_check;
    int role;           /* shared store: this replica posts reminders */
    int64_t refresh_at; /* shared store: when to read it again */
    char holder[96];    /* this replica, as leases name it */
};

/* reminders.c */
void bot_reminders_schedule(struct bot_reminders *rm, int64_t now);
int64_t bot_reminders_back_off(struct sub *s, int64_t now);
struct sub *bot_reminders_sub_find(struct bot_reminders *rm,
                                   const struct bot_place *p);
int bot_reminders_remind_of(const struct bot_reminders *rm,
                            const struct bot_sent *r);
int bot_reminders_watch_store(struct bot_reminders *rm, int64_t now);
char *bot_reminders_place_dup(const struct bot_place *p, char **channel,
                              char **thread);
void bot_reminders_sub_place(const struct sub *s, struct bot_place *p);

/* remindpost.c */
struct bot_adapter *bot_reminders_adapter_of(struct bot_reminders *rm,
                                             const char *platform);
int bot_reminders_adapter_busy(const struct bot_reminders *rm,
                               const struct bot_adapter *ad);
void bot_reminders_deliver(struct bot_reminders *rm, struct sub *s,
                           struct bot_adapter *ad,
                           const struct bot_remind_plan *plan, int64_t now);

#endif
