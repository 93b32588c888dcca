/* The parser's reading of a main clause (BOT_LINKGRAMMAR), and that a
 * build without it has no parser and finds nothing. */
#include <locale.h>
#include <string.h>

#include "bot/knowledge/parse.h"

#include "test.h"

#ifdef BOT_LINKGRAMMAR

/* Bytes [a, z) of @s, for comparing. */
static const char *
span(const char *s, size_t a, size_t z)
{
    static char buf[256];

    snprintf(buf, sizeof(buf), "%.*s", (int)(z - a), s + a);
    return buf;
}

static struct bot_parser *
open_parser(void)
{
    struct bot_parser *p = NULL;

    ASSERT_EQ(0, bot_parser_open(&p));
    ASSERT(p != NULL); /* the dictionary is installed with the library */
    return p;
}

static void
test_parse_subject_verb_object(void)
{
    const char *s = "Judge Helen Marchbank remanded Oakenfold in custody.";
    struct bot_parser *p = open_parser();
    struct bot_clause c;

    ASSERT_EQ(1, bot_parse_clause(p, s, &c));
    ASSERT_EQ(1, c.nsubjects);
    ASSERT_STR_EQ("Marchbank",
                  span(s, c.subjects[0].head_a, c.subjects[0].head_z));
    ASSERT_STR_EQ("remanded", span(s, c.verb_a, c.verb_z));
    ASSERT_EQ(1, c.nobjects);
    ASSERT_STR_EQ("Oakenfold",
                  span(s, c.objects[0].head_a, c.objects[0].head_z));
    ASSERT_EQ(0, c.passive);
    bot_parser_close(p);
}

static void
test_parse_passive_agent(void)
{
    const char *s = "The canal was formally opened on 21 May 1887 by the "
                    "Duchess of Westrand.";
    struct bot_parser *p = open_parser();
    struct bot_clause c;

    ASSERT_EQ(1, bot_parse_clause(p, s, &c));
    ASSERT_EQ(1, c.passive);
    ASSERT_STR_EQ("canal", span(s, c.subjects[0].head_a, c.subjects[0].head_z));
    ASSERT_STR_EQ("opened", span(s, c.verb_a, c.verb_z));
    ASSERT_EQ(1, c.nagents);
    ASSERT_STR_EQ("the Duchess", span(s, c.agents[0].a, c.agents[0].z));
    bot_parser_close(p);
}

/* The phrase runs to its head through possessives; "X and Y" are two. */
static void
test_parse_phrase_and_conjuncts(void)
{
    const char *s = "Russia's Prosecutor General's Office has asked the "
                    "court to suspend the ban.";
    const char *t = "Kazakhstan and Kyrgyzstan removed the group from "
                    "their lists.";
    struct bot_parser *p = open_parser();
    struct bot_clause c;

    ASSERT_EQ(1, bot_parse_clause(p, s, &c));
    ASSERT_STR_EQ("Russia's Prosecutor General's Office",
                  span(s, c.subjects[0].a, c.subjects[0].z));
    ASSERT_STR_EQ("asked", span(s, c.verb_a, c.verb_z));
    ASSERT_EQ(1, bot_parse_clause(p, t, &c));
    ASSERT_EQ(2, c.nsubjects);
    ASSERT_STR_EQ("Kazakhstan",
                  span(t, c.subjects[0].head_a, c.subjects[0].head_z));
    ASSERT_STR_EQ("Kyrgyzstan",
                  span(t, c.subjects[1].head_a, c.subjects[1].head_z));
    bot_parser_close(p);
}

/* "the regulator, the Commission," names one party; "(PVW)" is no
 * appositive. */
static void
test_parse_appositive(void)
{
    const char *s = "Last year the industry regulator, the Water Standards "
                    "Commission, fined the company.";
    const char *t = "A former director at Pennine Valley Water (PVW) was "
                    "found guilty.";
    struct bot_parser *p = open_parser();
    struct bot_clause c;

    ASSERT_EQ(1, bot_parse_clause(p, s, &c));
    ASSERT_STR_EQ("regulator",
                  span(s, c.subjects[0].head_a, c.subjects[0].head_z));
    ASSERT(c.subjects[0].app_z > 0);
    ASSERT_CONTAINS(span(s, c.subjects[0].app_a, c.subjects[0].app_z),
                    "Commission");
    ASSERT_EQ(1, bot_parse_clause(p, t, &c));
    ASSERT_EQ(0, c.subjects[0].app_z);
    bot_parser_close(p);
}

/* Too long, or no complete linkage: nothing, and the heuristics decide. */
static void
test_parse_bounds(void)
{
    char longer[1024] = "";
    struct bot_parser *p = open_parser();
    struct bot_clause c;
    int k;

    for (k = 0; k < 45; k++)
        strncat(longer, "word ", sizeof(longer) - strlen(longer) - 1);
    ASSERT_EQ(0, bot_parse_clause(p, longer, &c));
    ASSERT_EQ(0, c.nsubjects);
    ASSERT_EQ(0, bot_parse_clause(p, "of the the of", &c));
    ASSERT_EQ(0, bot_parse_clause(NULL, "The court met.", &c));
    bot_parser_close(p);
}

/* Link Grammar sets LC_CTYPE to UTF-8 when it reads its dictionary; the
 * process keeps the locale it had. */
static void
test_parse_keeps_locale(void)
{
    char before[128];
    struct bot_parser *p;

    snprintf(before, sizeof(before), "%s", setlocale(LC_ALL, NULL));
    p = open_parser();
    ASSERT_STR_EQ(before, setlocale(LC_ALL, NULL));
    bot_parser_close(p);
}

static const struct test_case cases[] = {
    {"parse_subject_verb_object", test_parse_subject_verb_object},
    {"parse_passive_agent", test_parse_passive_agent},
    {"parse_phrase_and_conjuncts", test_parse_phrase_and_conjuncts},
    {"parse_appositive", test_parse_appositive},
    {"parse_bounds", test_parse_bounds},
    {"parse_keeps_locale", test_parse_keeps_locale},
};

#else

static void
test_parse_without_parser(void)
{
    int sentinel;
    struct bot_parser *p = (struct bot_parser *)&sentinel;
    struct bot_clause c;

    ASSERT_EQ(0, bot_parser_open(&p));
    ASSERT(p == NULL); /* set, not left as it was */
    ASSERT_EQ(0, bot_parse_clause(p, "The court met.", &c));
    bot_parser_close(p);
}

static const struct test_case cases[] = {
    {"parse_without_parser", test_parse_without_parser},
};

#endif

TEST_MAIN(cases)
