#include "bot/answer/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/query.h"
#include "bot/base/date.h"
#include "bot/knowledge/kb.h"
#include "bot/knowledge/kbload.h"
#include "test.h"

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

#define MATCH_DATA "tests/data/match.tsv"
/* What the data file must hold at least: the matcher's documented cases. */
#define MATCH_MIN_LINES   60
#define MATCH_MIN_UNKNOWN 12

static struct bot_query query; /* some 18 KiB: kept off the stack */

static int
fact_index(const struct bot_kb *kb, const char *id)
{
    size_t i;

    for (i = 0; i < kb->nfacts; i++) {
        if (strcmp(kb->facts[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

/* "hearing", "entity:putin" or "nothing", for messages. */
static const char *
hit_name(const struct bot_kb *kb, const struct bot_hit *h, char *buf,
         size_t cap)
{
    if (h->fact >= 0)
        snprintf(buf, cap, "%s", kb->facts[h->fact].id);
    else if (h->entity >= 0)
        snprintf(buf, cap, "entity:%s", kb->entities[h->entity].id);
    else
        snprintf(buf, cap, "nothing");
    return buf;
}

/* What one line of the data file expects. */
struct expect {
    int none;   /* "-": not answered */
    int fact;   /* fact index, or -1 */
    int entity; /* entity index, or -1 */
};

static void
parse_expect(const struct bot_kb *kb, int lineno, const char *s,
             struct expect *e)
{
    e->none = strcmp(s, "-") == 0;
    e->fact = -1;
    e->entity = -1;
    if (e->none)
        return;
    if (strncmp(s, "entity:", 7) == 0) {
        e->entity = bot_kb_entity(kb, s + 7);
        if (e->entity < 0)
            TEST_FAIL("%s:%d: no entity \"%s\"", MATCH_DATA, lineno, s + 7);
        return;
    }
    e->fact = fact_index(kb, s);
    if (e->fact < 0)
        TEST_FAIL("%s:%d: no fact \"%s\"", MATCH_DATA, lineno, s);
}

static int
meets(const struct expect *e, const struct bot_hit *best)
{
    if (e->none)
        return best->score < BOT_MATCH_THRESHOLD;
    if (best->score < BOT_MATCH_THRESHOLD)
        return 0;
    if (e->entity >= 0)
        return best->fact < 0 && best->entity == e->entity;
    return best->fact == e->fact;
}

/* Checks one question; returns nothing, aborts on a mismatch. */
static void
check_line(struct bot_kb *kb, int lineno, const char *question,
           const char *want, const struct expect *e)
{
    struct bot_date now;
    struct bot_match m;
    char got[64], second[64];
    int rc;

    ASSERT_EQ(0, bot_date_ymd(&now, 2026, 11, 29));
    rc = bot_query_read(kb, question, &now, &query);
    if (rc != 0)
        TEST_FAIL("%s:%d: \"%s\": bot_query_read returned %d", MATCH_DATA,
                  lineno, question, rc);
    bot_match_rank(kb, &query, -1, -1, &m);
    ASSERT(m.best.score >= m.second.score);
    if (!meets(e, &m.best))
        TEST_FAIL("%s:%d: \"%s\": want %s, got %s (score %.3f; "
                  "second %s, %.3f; threshold %.2f)",
                  MATCH_DATA, lineno, question, want,
                  hit_name(kb, &m.best, got, sizeof(got)), m.best.score,
                  hit_name(kb, &m.second, second, sizeof(second)),
                  m.second.score, BOT_MATCH_THRESHOLD);
}

static void
test_match_data_file(void)
{
    struct bot_kb kb;
    FILE *fp;
    char line[1024];
    int lineno = 0, lines = 0, unknown = 0;
    int *covered;
    size_t i;

    ASSERT_EQ(0, bot_kb_load(&kb, "knowledge"));
    covered = calloc(kb.nfacts + 1, sizeof(*covered));
    ASSERT(covered != NULL);
    fp = fopen(MATCH_DATA, "r");
    if (!fp)
        TEST_FAIL("cannot open %s", MATCH_DATA);
    while (fgets(line, sizeof(line), fp)) {
        struct expect e;
        char *tab;
        size_t len = strlen(line);
        lineno++;
        if (len == sizeof(line) - 1 && line[len - 1] != '\n')
            TEST_FAIL("%s:%d: line too long", MATCH_DATA, lineno);
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        tab = strchr(line, '\t');
        if (!tab || tab == line || tab[1] == '\0' || strchr(tab + 1, '\t'))
            TEST_FAIL("%s:%d: want question<TAB>expected: \"%s\"", MATCH_DATA,
                      lineno, line);
        *tab = '\0';
        parse_expect(&kb, lineno, tab + 1, &e);
        check_line(&kb, lineno, line, tab + 1, &e);
        lines++;
        unknown += e.none;
        if (e.fact >= 0)
            covered[e.fact]++;
    }
    ASSERT(!ferror(fp));
    fclose(fp);
    if (lines < MATCH_MIN_LINES || unknown < MATCH_MIN_UNKNOWN)
        TEST_FAIL("%s: %d cases, %d of them \"-\": want at least %d and %d",
                  MATCH_DATA, lines, unknown, MATCH_MIN_LINES,
                  MATCH_MIN_UNKNOWN);
    /* every fact is asked about at least once */
    for (i = 0; i < kb.nfacts; i++) {
        if (!covered[i])
            TEST_FAIL("%s: no question expects fact \"%s\"", MATCH_DATA,
                      kb.facts[i].id);
    }
    free(covered);
    bot_kb_release(&kb);
}

/* A pronoun leans towards the conversation's fact; a question that names
 * its topic does not. */
static void
test_match_prev_fact_leans_followup(void)
{
    struct bot_kb kb;
    struct bot_date now;
    struct bot_match m;
    int request, procedure;

    ASSERT_EQ(0, bot_kb_load(&kb, "knowledge"));
    ASSERT_EQ(0, bot_date_ymd(&now, 2026, 11, 29));
    request = fact_index(&kb, "request");
    procedure = fact_index(&kb, "law_procedure");
    ASSERT(request >= 0 && procedure >= 0);
    ASSERT_EQ(0, bot_query_read(&kb, "Who asked for it?", &now, &query));
    ASSERT_EQ(BOT_REF_THING, query.ref);
    bot_match_rank(&kb, &query, -1, -1, &m);
    ASSERT_EQ(request, m.best.fact);
    bot_match_rank(&kb, &query, procedure, -1, &m);
    ASSERT_EQ(procedure, m.best.fact);
    ASSERT(m.best.score >= BOT_MATCH_THRESHOLD);
    ASSERT_EQ(0, bot_query_read(&kb,
                                "Who asked the Supreme Court to suspend the "
                                "ban?",
                                &now, &query));
    bot_match_rank(&kb, &query, procedure, -1, &m);
    ASSERT_EQ(request, m.best.fact);
    bot_kb_release(&kb);
}

static void
test_match_kind_names(void)
{
    static const struct {
        enum bot_kind kind;
        const char *name;
    } c[] = {
        {BOT_KIND_UNKNOWN, "unknown"},
        {BOT_KIND_WHO, "who"},
        {BOT_KIND_WHAT, "what"},
        {BOT_KIND_WHEN, "when"},
        {BOT_KIND_WHERE, "where"},
        {BOT_KIND_WHY, "why"},
        {BOT_KIND_HOW, "what"},
        {BOT_KIND_HOWMANY, "howmany"},
        {BOT_KIND_YESNO, "yesno"},
        {BOT_KIND_SUMMARY, "summary"},
        {BOT_KIND_TIMELINE, "timeline"},
        {BOT_KIND_UPCOMING, "upcoming"},
        {BOT_KIND_COUNTDOWN, "upcoming"},
        {BOT_KIND_RECENT, "timeline"},
        {BOT_KIND_HELP, "help"},
        {BOT_KIND_EXPLAIN, "help"},
        {BOT_KIND_SUBSCRIBE, "reminders"},
        {BOT_KIND_UNSUBSCRIBE, "reminders"},
        {BOT_KIND_REMINDERS, "reminders"},
        {BOT_KIND_SMALLTALK, "smalltalk"},
        {BOT_KIND_SOURCE, "source"},
        {BOT_KIND_ARTICLES, "articles"},
        {BOT_KIND_STATUS, "status"},
    };
    size_t i;

    /* one row per kind, in the enum's order, so a new kind is noticed */
    ASSERT_EQ(BOT_KIND_STATUS + 1, NCASES(c));
    for (i = 0; i < NCASES(c); i++) {
        ASSERT_EQ(i, c[i].kind);
        ASSERT_STR_EQ(c[i].name, bot_kind_name(c[i].kind));
    }
    ASSERT_STR_EQ("unknown",
                  bot_kind_name((enum bot_kind)(BOT_KIND_STATUS + 1)));
}

static const struct test_case cases[] = {
    {"match_data_file", test_match_data_file},
    {"match_prev_fact_leans_followup", test_match_prev_fact_leans_followup},
    {"match_kind_names", test_match_kind_names},
};
TEST_MAIN(cases)
