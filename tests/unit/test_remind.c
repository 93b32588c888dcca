/* unit.remind: which reminder a subscription is owed, and the words of
 * reminders and of the reminder commands. */
#include "bot/reminders/remind.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/answer/query.h"
#include "bot/knowledge/kbload.h"
#include "fixture.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(i)    ((uint64_t)1 << (i))
#define MIN       (60 * 1000LL)
#define HOUR      (60 * MIN)

static struct bot_kb *shared;
static struct bot_remind_sched sched;

/* The article's knowledge, its reminders under the default leads, in
 * Europe/Berlin. */
static struct bot_kb *
kb(void)
{
    struct bot_leads leads;

    if (!shared) {
        setenv("TZ", "Europe/Berlin", 1);
        tzset();
        shared = fixture_kb();
        ASSERT_EQ(0, bot_schedule_parse_leads(&leads, NULL, NULL, 0));
        bot_remind_schedule(&sched, (const struct bot_kb *const *)&shared, 1, 0,
                            &leads, 0);
    }
    return shared;
}

static int64_t
at(int month, int day, int hour, int minute)
{
    return bot_schedule_local_ms(2025, month, day, hour, minute);
}

/* Only the hearing is scheduled to a day: three reminders. */
static void
test_remind_schedule_has_day_dated_events_only(void)
{
    const struct bot_kb *k = kb();
    int i;

    ASSERT_EQ(3, sched.n);
    for (i = 0; i < sched.n; i++) {
        ASSERT_STR_EQ("hearing", k->facts[sched.v[i].fact].id);
        ASSERT_EQ(at(4, 18, 0, 0), sched.v[i].end_ms);
    }
    ASSERT_EQ(at(4, 10, 9, 0), sched.v[0].due_ms);
    ASSERT_EQ(at(4, 16, 9, 0), sched.v[1].due_ms);
    ASSERT_EQ(at(4, 17, 9, 0), sched.v[2].due_ms);
    for (i = 0; i < (int)k->nfacts; i++) {
        if (!strcmp(k->facts[i].id, "lift_april")) /* "in April": a month */
            ASSERT(!bot_remind_is_event(&k->facts[i]));
    }
}

static void
test_remind_plan_on_time(void)
{
    struct bot_remind_plan p;
    int64_t since = at(4, 2, 12, 0);

    kb();
    bot_remind_plan(&sched, 0, since, at(4, 10, 8, 59), &p);
    ASSERT_EQ(-1, p.send); /* not yet */
    bot_remind_plan(&sched, 0, since, at(4, 10, 9, 0), &p);
    ASSERT_EQ(0, p.send);
    ASSERT_EQ(0, p.late);
    ASSERT_EQ(0, p.skip);
    bot_remind_plan(&sched, BIT(0), since, at(4, 10, 9, 5), &p);
    ASSERT_EQ(-1, p.send); /* sent: never again */
    bot_remind_plan(&sched, BIT(0), since, at(4, 16, 9, 9), &p);
    ASSERT_EQ(1, p.send);
    ASSERT_EQ(0, p.late); /* within ten minutes */
}

static void
test_remind_plan_late_once_skipping_older_leads(void)
{
    struct bot_remind_plan p;
    int64_t since = at(4, 2, 12, 0);

    kb();
    /* down from 9 to 16 April, 15:00: the week-before reminder is not
     * sent in a burst with the day-before one */
    bot_remind_plan(&sched, 0, since, at(4, 16, 15, 0), &p);
    ASSERT_EQ(1, p.send);
    ASSERT_EQ(1, p.late);
    ASSERT_EQ(BIT(0), p.skip);
    /* on the day, all three owed: the day's own reminder stands for all */
    bot_remind_plan(&sched, 0, since, at(4, 17, 20, 0), &p);
    ASSERT_EQ(2, p.send);
    ASSERT_EQ(BIT(0) | BIT(1), p.skip);
    /* once the day is over, nothing */
    bot_remind_plan(&sched, 0, since, at(4, 18, 0, 0), &p);
    ASSERT_EQ(-1, p.send);
}

static void
test_remind_plan_owes_nothing_from_before_subscribing(void)
{
    struct bot_remind_plan p;

    kb();
    /* subscribed on the 12th: the 10th's reminder is not owed */
    bot_remind_plan(&sched, 0, at(4, 12, 10, 0), at(4, 12, 10, 1), &p);
    ASSERT_EQ(-1, p.send);
    bot_remind_plan(&sched, 0, at(4, 12, 10, 0), at(4, 16, 9, 0), &p);
    ASSERT_EQ(1, p.send);
    ASSERT_EQ(0, p.skip);
    ASSERT_EQ(1,
              bot_remind_next(&sched, 0, at(4, 12, 10, 0), at(4, 12, 10, 1)));
    ASSERT_EQ(
        2, bot_remind_next(&sched, BIT(1), at(4, 12, 10, 0), at(4, 16, 10, 0)));
    ASSERT_EQ(-1, bot_remind_next(&sched, 0, 0, at(4, 17, 9, 1)));
}

static void
test_remind_text(void)
{
    struct bot_reply r;

    kb();
    bot_remind_text(&sched, 0, 0, NULL, at(4, 10, 9, 0), &r);
    ASSERT_STR_EQ("Reminder: the Supreme Court hearing on the Taliban ban is "
                  "in 7 days, on Thursday 17 April 2025. The article says: "
                  "\"The Supreme Court is due to consider the move in a "
                  "hearing behind closed doors on April 17.\" (DW News, 31 "
                  "March 2025)",
                  r.text);
    ASSERT_EQ(1, r.nsources);
    bot_remind_text(&sched, 1, 1, NULL, at(4, 16, 15, 0), &r);
    ASSERT_CONTAINS(r.text, "Late reminder (I was offline when it was due, "
                            "the day before, on 16 April 2025 at 09:00): "
                            "the Supreme Court hearing on the Taliban ban is "
                            "tomorrow, Thursday 17 April 2025.");
    bot_remind_text(&sched, 2, 0, "2025-04-10", at(4, 17, 9, 0), &r);
    ASSERT_CONTAINS(r.text, "is today, Thursday 17 April 2025. The date has "
                            "changed: it was 10 April 2025 before.");
}

static void
test_remind_answers(void)
{
    struct bot_remind_state st = {0};
    struct bot_reply r;
    const struct bot_kb *k = kb();

    st.available = 1;
    st.tz = "Europe/Berlin";
    st.subscribed = st.changed = 1;
    st.since_ms = at(4, 2, 12, 0);
    bot_remind_answer(&k, 1, &sched, BOT_KIND_SUBSCRIBE, &st, at(4, 2, 12, 0),
                      &r);
    ASSERT_CONTAINS(r.text, "Done: this channel will get reminders a week "
                            "before, the day before and on the day of each "
                            "event, at 09:00 (Europe/Berlin).");
    ASSERT_CONTAINS(r.text, "Next: the Supreme Court hearing on the Taliban "
                            "ban (Thursday 17 April 2025), a week before, on "
                            "10 April 2025 at 09:00, in 8 days.");
    ASSERT_CONTAINS(r.text, "No reminder for \"the Supreme Court is expected "
                            "to lift the ban\": the article gives no day for "
                            "it, only April 2025.");
    st.changed = 0;
    bot_remind_answer(&k, 1, &sched, BOT_KIND_REMINDERS, &st, at(4, 16, 3, 0),
                      &r);
    ASSERT_CONTAINS(r.text, "This channel gets reminders (since 2 April 2025 "
                            "at 12:00)");
    ASSERT_CONTAINS(r.text, "the day before, on 16 April 2025 at 09:00, in 6 "
                            "hours.");
    bot_remind_answer(&k, 1, &sched, BOT_KIND_REMINDERS, &st, at(5, 2, 9, 0),
                      &r);
    ASSERT_CONTAINS(r.text, "Nothing in the article is still ahead");
    ASSERT_NOT_CONTAINS(r.text, "No reminder for"); /* April is over */
    st.subscribed = 0;
    st.changed = 1;
    bot_remind_answer(&k, 1, &sched, BOT_KIND_UNSUBSCRIBE, &st, at(4, 3, 9, 0),
                      &r);
    ASSERT_CONTAINS(r.text, "Done: no more reminders here.");
    st.changed = 0;
    bot_remind_answer(&k, 1, &sched, BOT_KIND_UNSUBSCRIBE, &st, at(4, 3, 9, 0),
                      &r);
    ASSERT_CONTAINS(r.text, "nothing to stop");
    st.direct = st.changed = 1; /* a direct message */
    bot_remind_answer(&k, 1, &sched, BOT_KIND_SUBSCRIBE, &st, at(4, 3, 9, 0),
                      &r);
    ASSERT_CONTAINS(r.text, "Done: this conversation will get reminders");
    st.available = 0;
    bot_remind_answer(&k, 1, &sched, BOT_KIND_SUBSCRIBE, &st, at(4, 3, 9, 0),
                      &r);
    ASSERT_CONTAINS(r.text, "Reminders are off");
}

/* The reminder commands, said the ways people say them; and questions
 * that only look like them. */
static void
test_remind_commands_in_plain_words(void)
{
    static const struct {
        const char *text;
        enum bot_kind kind;
    } c[] = {
        {"remind us", BOT_KIND_SUBSCRIBE},
        {"Remind me!", BOT_KIND_SUBSCRIBE},
        {"subscribe", BOT_KIND_SUBSCRIBE},
        {"can you remind everyone before the hearing?", BOT_KIND_SUBSCRIBE},
        {"please notify this channel about upcoming dates", BOT_KIND_SUBSCRIBE},
        {"ping us the day before", BOT_KIND_SUBSCRIBE},
        {"turn on reminders", BOT_KIND_SUBSCRIBE},
        {"set up a reminder for the court date", BOT_KIND_SUBSCRIBE},
        {"sign us up", BOT_KIND_SUBSCRIBE},
        {"unsubscribe", BOT_KIND_UNSUBSCRIBE},
        {"stop reminders", BOT_KIND_UNSUBSCRIBE},
        {"Don't remind us anymore", BOT_KIND_UNSUBSCRIBE},
        {"no more reminders please", BOT_KIND_UNSUBSCRIBE},
        {"turn off the reminders", BOT_KIND_UNSUBSCRIBE},
        {"cancel the reminder", BOT_KIND_UNSUBSCRIBE},
        {"reminders", BOT_KIND_REMINDERS},
        {"what reminders are set?", BOT_KIND_REMINDERS},
        {"When is the next reminder?", BOT_KIND_REMINDERS},
        {"are we subscribed?", BOT_KIND_REMINDERS},
        {"remind me who asked the court", BOT_KIND_WHO},
        {"Remind me when the hearing is", BOT_KIND_WHEN},
        {"When is the hearing?", BOT_KIND_WHEN},
        {"Who asked the Supreme Court to lift the ban?", BOT_KIND_WHO},
    };
    struct bot_query *q = malloc(sizeof(*q));
    struct bot_date today;
    size_t i;

    ASSERT(q != NULL);
    bot_date_ymd(&today, 2025, 4, 3);
    for (i = 0; i < NCASES(c); i++) {
        ASSERT_EQ(0, bot_query_read(kb(), c[i].text, &today, q));
        if (q->kind != c[i].kind)
            TEST_FAIL("'%s': want kind %d, got %d", c[i].text, (int)c[i].kind,
                      (int)q->kind);
    }
    free(q);
}

/* A library of two articles: their events in one schedule in date order,
 * each recorded under its folder, each reminder naming its article; with
 * little room, the earliest events first and a moment to look again. */
static void
test_remind_schedule_over_articles(void)
{
    struct bot_kb a, b;
    const struct bot_kb *kbs[2] = {&a, &b};
    const struct bot_kb *many[8] = {&a, &b, &a, &b, &a, &b, &a, &b};
    struct bot_remind_sched *s = malloc(sizeof(*s));
    struct bot_leads leads;
    struct bot_reply r;
    char key[128];
    int i, from_a = 0, from_b = 0;

    kb();
    ASSERT(s != NULL);
    ASSERT_EQ(0, bot_kb_load(&a, "tests/data/articles/coastal-cup-final"));
    ASSERT_EQ(0,
              bot_kb_load(&b, "tests/data/articles/lessaria-venn-resignation"));
    ASSERT_EQ(0, bot_schedule_parse_leads(&leads, "1d", NULL, 0));
    bot_remind_schedule(s, kbs, 2, 1, &leads, 0);
    ASSERT(s->named);
    ASSERT_EQ(0, s->refresh_ms); /* everything fitted */
    for (i = 0; i < s->n; i++) {
        if (i > 0)
            ASSERT(s->v[i - 1].due_ms <= s->v[i].due_ms);
        bot_remind_event_key(s, i, key, sizeof(key));
        if (s->v[i].kb == &a) {
            ASSERT(!strncmp(key, "coastal-cup-final/", 18));
            from_a++;
        } else {
            ASSERT(!strncmp(key, "lessaria-venn-resignation/", 26));
            from_b++;
        }
    }
    ASSERT(from_a > 0 && from_b > 0);
    /* the Lessaria events (October, November 2025) come before April 2026 */
    ASSERT(s->v[0].kb == &b);
    bot_remind_text(s, s->n - 1, 0, NULL, s->v[s->n - 1].due_ms, &r);
    ASSERT_CONTAINS(r.text, "Reminder: ");
    ASSERT_CONTAINS(r.text, a.title);

    /* two articles' events due at once, their facts at the same index:
     * both owed, neither stands for the other */
    {
        struct bot_remind_sched two = *s;
        struct bot_remind_plan p;
        two.n = 2;
        two.v[1] = two.v[0];
        two.v[1].kb = two.v[0].kb == &a ? &b : &a;
        bot_remind_plan(&two, 0, 0, two.v[0].due_ms, &p);
        ASSERT_EQ(0, p.send);
        ASSERT_EQ(0, p.skip);
    }

    /* once the Lessaria events are over, only the later ones are left */
    bot_remind_schedule(s, kbs, 2, 1, &leads,
                        bot_schedule_local_ms(2026, 1, 1, 0, 0));
    for (i = 0; i < s->n; i++)
        ASSERT(s->v[i].kb == &a);

    /* eight leads leave room for eight events, fewer than the articles
     * have four times over: the earliest, and a moment to look again */
    leads.n = BOT_LEADS_MAX;
    for (i = 0; i < BOT_LEADS_MAX; i++)
        leads.v[i] = leads.v[0];
    bot_remind_schedule(s, many, 8, 0, &leads, 0);
    ASSERT(s->n <= BOT_REMIND_MAX);
    ASSERT(s->refresh_ms > 0);
    ASSERT_EQ(s->v[0].end_ms, s->refresh_ms);
    bot_remind_event_key(s, 0, key, sizeof(key)); /* not a library: the id */
    ASSERT(strchr(key, '/') == NULL);
    bot_kb_release(&a);
    bot_kb_release(&b);
    free(s);
}

static const struct test_case cases[] = {
    {"test_remind_schedule_has_day_dated_events_only",
     test_remind_schedule_has_day_dated_events_only},
    {"test_remind_plan_on_time", test_remind_plan_on_time},
    {"test_remind_plan_late_once_skipping_older_leads",
     test_remind_plan_late_once_skipping_older_leads},
    {"test_remind_plan_owes_nothing_from_before_subscribing",
     test_remind_plan_owes_nothing_from_before_subscribing},
    {"test_remind_schedule_over_articles", test_remind_schedule_over_articles},
    {"test_remind_text", test_remind_text},
    {"test_remind_answers", test_remind_answers},
    {"test_remind_commands_in_plain_words",
     test_remind_commands_in_plain_words},
};

TEST_MAIN(cases)
