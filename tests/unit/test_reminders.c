/* unit.reminders: the run-time side of reminders against a fake adapter
 * whose posts the test accepts or refuses by hand: one post in flight per
 * platform, a record only once accepted, a failed post retried later, a
 * restart and a reload of the knowledge that change nothing sent. */
#include "bot/chat/reminders.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/chat/bot.h"
#include "bot/reminders/store.h"
#include "pgtest.h"
#include "test.h"

#define MAX_POSTS 16

/* What the fake adapter was asked to post, and how to tell it ended. */
static struct {
    char channel[32], text[2048];
    bot_post_done done;
    void *arg;
} posts[MAX_POSTS];
static int nposts, refuse_now;

static int
fake_post(struct bot_adapter *ad, const struct bot_post *p)
{
    (void)ad;
    if (refuse_now)
        return BOT_ENET; /* not connected right now */
    ASSERT(nposts < MAX_POSTS);
    snprintf(posts[nposts].channel, sizeof(posts[0].channel), "%s", p->channel);
    snprintf(posts[nposts].text, sizeof(posts[0].text), "%s", p->text);
    ASSERT(p->thread == NULL);
    ASSERT(p->nonce && strlen(p->nonce) <= 25);
    posts[nposts].done = p->done;
    posts[nposts].arg = p->arg;
    nposts++;
    return 0;
}

static const struct bot_adapter_ops fake_ops = {.name = "fake",
                                                .post = fake_post};

static char dbdir[64];
static char dbpath[300];
static const char *pg; /* the case runs on PostgreSQL: its URI */
static struct bot_config cfg;
static struct bot bot;
static struct bot_reminders *rm;

/* What the runtime lends the runner, taken from the test's bot. */
static int
reminders_new(struct bot_reminders **out)
{
    struct bot_reminders_env env = {bot.cfg,      &bot.core,      &bot.clock,
                                    bot.adapters, &bot.nadapters, NULL,
                                    "test"};

    return bot_reminders_new(&env, out);
}

static void
clock_at(const char *now)
{
    ASSERT_EQ(0, bot_clock_init(&bot.clock, "Europe/Berlin", now));
}

static void
start(void)
{
    ASSERT_EQ(0, reminders_new(&rm));
    bot_reminders_set_role(rm, 1); /* a shared store: this one posts */
}

static void
setup(void)
{
    snprintf(dbdir, sizeof(dbdir), "/tmp/newsbot-reminders-XXXXXX");
    ASSERT(mkdtemp(dbdir) != NULL);
    snprintf(dbpath, sizeof(dbpath), "%s/r.db", dbdir);
    setenv("NEWSBOT_DB", pg ? pg : dbpath, 1);
    unsetenv("NEWSBOT_REMIND_LEADS");
    ASSERT_EQ(0, bot_config_load(&cfg, NULL));
    memset(&bot, 0, sizeof(bot));
    bot.cfg = &cfg;
    clock_at("2025-04-02T12:00");
    ASSERT_EQ(0, bot_core_init(&bot.core, "knowledge"));
    bot.adapters[0].ops = &fake_ops;
    bot.adapters[0].bot = &bot;
    bot.nadapters = 1;
    start();
}

static void
teardown(void)
{
    char f[320];

    bot_reminders_free(rm);
    rm = NULL;
    bot_core_release(&bot.core);
    bot_config_release(&cfg);
    unlink(dbpath);
    snprintf(f, sizeof(f), "%s-wal", dbpath);
    unlink(f);
    snprintf(f, sizeof(f), "%s-shm", dbpath);
    unlink(f);
    rmdir(dbdir);
}

static void
command_as(const char *channel, const char *user, enum bot_kind kind,
           struct bot_reply *r)
{
    struct bot_msg m;

    memset(&m, 0, sizeof(m));
    m.channel = channel;
    m.user = user;
    bot_reply_init(r, kind);
    bot_reminders_command(rm, &bot.adapters[0], &m, r);
}

static void
command(const char *channel, enum bot_kind kind, struct bot_reply *r)
{
    command_as(channel, "alice", kind, r);
}

/* A tick at the bot's current time (a second apart from the last). */
static void
tick(void)
{
    bot_reminders_tick(rm, bot_now_ms(&bot));
}

static int
count_rows(void *arg, const struct bot_sent *r)
{
    (void)r;
    (*(int *)arg)++;
    return 0;
}

/* Rows recorded for channel @channel, read through a second connection. */
static int
recorded(const char *channel)
{
    struct bot_place p = {"fake", channel, ""};
    struct bot_store *st;
    char why[256];
    int n = 0;

    ASSERT_EQ(0, bot_store_open(&st, pg ? pg : dbpath, why, sizeof(why)));
    ASSERT_EQ(0, bot_store_sent_each(st, &p, count_rows, &n));
    bot_store_close(st);
    return n;
}

static void
test_reminders_one_in_flight_recorded_when_accepted(void)
{
    struct bot_reply r;

    setup();
    command("c1", BOT_KIND_SUBSCRIBE, &r);
    ASSERT_CONTAINS(r.text, "Done: this channel will get reminders");
    command("c2", BOT_KIND_SUBSCRIBE, &r);
    clock_at("2025-04-10T09:00:01");
    tick();
    ASSERT_EQ(1, nposts); /* one at a time per platform */
    ASSERT_STR_EQ("c1", posts[0].channel);
    ASSERT_CONTAINS(posts[0].text, "Reminder: the Supreme Court hearing");
    ASSERT_EQ(0, recorded("c1")); /* not before it is accepted */
    tick();
    ASSERT_EQ(1, nposts);
    posts[0].done(posts[0].arg, 0);
    ASSERT_EQ(1, recorded("c1"));
    bot.clock.offset_ms += 1000;
    tick();
    ASSERT_EQ(2, nposts);
    ASSERT_STR_EQ("c2", posts[1].channel);
    posts[1].done(posts[1].arg, BOT_EIO); /* refused: not recorded */
    ASSERT_EQ(0, recorded("c2"));
    bot.clock.offset_ms += 1000;
    tick();
    ASSERT_EQ(2, nposts); /* it waits before trying again */
    bot.clock.offset_ms += 31000;
    tick();
    ASSERT_EQ(3, nposts);
    ASSERT_STR_EQ("c2", posts[2].channel);
    posts[2].done(posts[2].arg, 0);
    ASSERT_EQ(1, recorded("c2"));
    bot.clock.offset_ms += 1000;
    tick();
    ASSERT_EQ(3, nposts); /* nothing owed any more */
    nposts = 0;
    teardown();
}

static void
test_reminders_restart_and_reload_send_nothing_twice(void)
{
    struct bot_reply r;

    setup();
    command("c1", BOT_KIND_SUBSCRIBE, &r);
    clock_at("2025-04-10T09:00:01");
    tick();
    ASSERT_EQ(1, nposts);
    posts[0].done(posts[0].arg, 0);
    /* a restart: a new runtime on the same database */
    bot_reminders_free(rm);
    start();
    bot.clock.offset_ms += 1000;
    tick();
    ASSERT_EQ(1, nposts);
    command("c1", BOT_KIND_REMINDERS, &r);
    ASSERT_CONTAINS(r.text, "gets reminders (since 2 April 2025");
    ASSERT_CONTAINS(r.text, "the day before, on 16 April 2025 at 09:00");
    /* the same knowledge loaded again */
    bot_reminders_reload(rm);
    bot.clock.offset_ms += 1000;
    tick();
    ASSERT_EQ(1, nposts);
    /* a platform that cannot take posts now is tried again next second */
    clock_at("2025-04-16T09:00:01");
    refuse_now = 1;
    tick();
    ASSERT_EQ(1, nposts);
    refuse_now = 0;
    bot.clock.offset_ms += 1000;
    tick();
    ASSERT_EQ(2, nposts);
    ASSERT_CONTAINS(posts[1].text, "is tomorrow");
    posts[1].done(posts[1].arg, 0);
    command("c1", BOT_KIND_UNSUBSCRIBE, &r);
    ASSERT_CONTAINS(r.text, "Done: no more reminders here.");
    clock_at("2025-04-17T09:00:01");
    tick();
    ASSERT_EQ(2, nposts); /* unsubscribed */
    nposts = 0;
    teardown();
}

static void
test_reminders_off_without_a_database(void)
{
    struct bot_reply r;

    setenv("NEWSBOT_DB", "/nonexistent-dir/x/r.db", 1);
    ASSERT_EQ(0, bot_config_load(&cfg, NULL));
    memset(&bot, 0, sizeof(bot));
    bot.cfg = &cfg;
    clock_at("2025-04-02T12:00");
    ASSERT_EQ(0, bot_core_init(&bot.core, "knowledge"));
    bot.adapters[0].ops = &fake_ops;
    bot.nadapters = 1;
    start(); /* not an error: reminders are off */
    command("c1", BOT_KIND_SUBSCRIBE, &r);
    ASSERT_CONTAINS(r.text, "Reminders are off");
    clock_at("2025-04-10T09:00:01");
    tick();
    ASSERT_EQ(0, nposts);
    bot_reminders_free(rm);
    rm = NULL;
    bot_core_release(&bot.core);
    bot_config_release(&cfg);
}

static void
test_reminders_bad_leads_stop_start_up(void)
{
    /* refused by the configuration, so check-config refuses it too */
    setenv("NEWSBOT_REMIND_LEADS", "7x", 1);
    ASSERT_EQ(BOT_EINVAL, bot_config_load(&cfg, NULL));
    unsetenv("NEWSBOT_REMIND_LEADS");
}

/* NEWSBOT_ADMINS: only those listed start or stop reminders; anyone may
 * ask what the channel gets. */
static void
test_reminders_admins_only_change_reminders(void)
{
    struct bot_reply r;

    setenv("NEWSBOT_ADMINS", "bob, slack:alice", 1);
    setup();
    command_as("c1", "alice", BOT_KIND_SUBSCRIBE, &r); /* slack's alice */
    ASSERT_CONTAINS(r.text, "only the bot's admins can start or stop");
    ASSERT_EQ(BOT_STATUS_REMINDERS_READY,
              bot_reminders_state(rm, "fake", "c1"));
    command_as("c1", "alice", BOT_KIND_REMINDERS, &r);
    ASSERT_NOT_CONTAINS(r.text, "only the bot's admins");
    command_as("c1", "bob", BOT_KIND_SUBSCRIBE, &r);
    ASSERT_CONTAINS(r.text, "Done: this channel will get reminders");
    ASSERT_EQ(BOT_STATUS_REMINDERS_HERE, bot_reminders_state(rm, "fake", "c1"));
    command_as("c1", "alice", BOT_KIND_UNSUBSCRIBE, &r);
    ASSERT_CONTAINS(r.text, "only the bot's admins");
    ASSERT_EQ(BOT_STATUS_REMINDERS_HERE, bot_reminders_state(rm, "fake", "c1"));
    command_as("c1", "bob", BOT_KIND_UNSUBSCRIBE, &r);
    ASSERT_NOT_CONTAINS(r.text, "only the bot's admins");
    ASSERT_EQ(BOT_STATUS_REMINDERS_READY,
              bot_reminders_state(rm, "fake", "c1"));
    unsetenv("NEWSBOT_ADMINS");
    teardown();
}

/* ---- the same on PostgreSQL, and what replicas add ---- */

/* Runs @fn on an emptied PostgreSQL store. */
static void
on_pg(void (*fn)(void))
{
    pg = pgtest_uri();
    if (!pg)
        TEST_FAIL("no PostgreSQL: set NEWSBOT_TEST_PG or run it with ctest "
                  "(pg.start)");
    pgtest_fresh();
    fn();
    pg = NULL;
}

static void
test_reminders_one_in_flight_recorded_when_accepted_pg(void)
{
    on_pg(test_reminders_one_in_flight_recorded_when_accepted);
}

static void
test_reminders_restart_and_reload_send_nothing_twice_pg(void)
{
    on_pg(test_reminders_restart_and_reload_send_nothing_twice);
}

static void
test_reminders_admins_only_change_reminders_pg(void)
{
    on_pg(test_reminders_admins_only_change_reminders);
}

/* A second replica over the same store: another runner, holder "b". */
static struct bot_reminders *
replica_b(void)
{
    struct bot_reminders_env env = {bot.cfg,      &bot.core,      &bot.clock,
                                    bot.adapters, &bot.nadapters, NULL,
                                    "b"};
    struct bot_reminders *b;

    ASSERT_EQ(0, bot_reminders_new(&env, &b));
    bot_reminders_set_role(b, 1);
    return b;
}

/* Two replicas with one subscription: one post between them; the one
 * holding it killed before the platform answered, the other posts it
 * once its lease ran out, and nothing is posted twice after that. */
static void
replicas_post_once(void)
{
    struct bot_reminders *b;
    struct bot_reply r;

    setup();
    b = replica_b();
    command("c1", BOT_KIND_SUBSCRIBE, &r); /* through replica a */
    clock_at("2025-04-10T09:00:01");
    tick();
    bot_reminders_tick(b, bot_now_ms(&bot));
    ASSERT_EQ(1, nposts); /* a leased it; b read the subscription */
    bot.clock.offset_ms += 3000;
    bot_reminders_tick(b, bot_now_ms(&bot));
    ASSERT_EQ(1, nposts);
    /* a is killed with its post unconfirmed: its lease stays */
    bot_reminders_free(rm);
    rm = NULL;
    bot.clock.offset_ms += 30000;
    bot_reminders_tick(b, bot_now_ms(&bot));
    ASSERT_EQ(1, nposts);
    bot.clock.offset_ms += 30000; /* past the 60 s lease */
    bot_reminders_tick(b, bot_now_ms(&bot));
    ASSERT_EQ(2, nposts);
    ASSERT_STR_EQ("c1", posts[1].channel);
    posts[1].done(posts[1].arg, 0);
    ASSERT_EQ(1, recorded("c1"));
    /* a restarted: it reads what b sent and posts nothing */
    start();
    bot.clock.offset_ms += 3000;
    tick();
    bot_reminders_tick(b, bot_now_ms(&bot));
    ASSERT_EQ(2, nposts);
    /* the next lead: only the replica holding the role posts */
    clock_at("2025-04-16T09:00:01");
    bot_reminders_set_role(rm, 0);
    tick();
    ASSERT_EQ(2, nposts);
    bot_reminders_tick(b, bot_now_ms(&bot));
    ASSERT_EQ(3, nposts);
    ASSERT_CONTAINS(posts[2].text, "is tomorrow");
    posts[2].done(posts[2].arg, 0);
    bot_reminders_free(b);
    nposts = 0;
    teardown();
}

static void
test_reminders_replicas_post_once_pg(void)
{
    on_pg(replicas_post_once);
}

static const struct test_case cases[] = {
    {"test_reminders_one_in_flight_recorded_when_accepted",
     test_reminders_one_in_flight_recorded_when_accepted},
    {"test_reminders_restart_and_reload_send_nothing_twice",
     test_reminders_restart_and_reload_send_nothing_twice},
    {"test_reminders_off_without_a_database",
     test_reminders_off_without_a_database},
    {"test_reminders_bad_leads_stop_start_up",
     test_reminders_bad_leads_stop_start_up},
    {"test_reminders_one_in_flight_recorded_when_accepted_pg",
     test_reminders_one_in_flight_recorded_when_accepted_pg},
    {"test_reminders_restart_and_reload_send_nothing_twice_pg",
     test_reminders_restart_and_reload_send_nothing_twice_pg},
    {"test_reminders_admins_only_change_reminders_pg",
     test_reminders_admins_only_change_reminders_pg},
    {"test_reminders_replicas_post_once_pg",
     test_reminders_replicas_post_once_pg},
    {"test_reminders_admins_only_change_reminders",
     test_reminders_admins_only_change_reminders},
};

TEST_MAIN(cases)
