/* The fact table built from an article's text: entities and aliases, dates
 * resolved in context, numbers, reasons, speakers, places, the curated
 * overlay and meta.json's errors. The article below is written for these
 * tests; none of its words appear in the builder. */
#include "bot/knowledge/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "bot/answer/core.h"
#include "bot/knowledge/kbload.h"
#include "fixture.h"
#include "test.h"

static const char article[] =
    "Harbourside ferry crews vote to strike as port board meets\n"
    "Ferry services across Calderport are set to stop next week after "
    "crews announced a 48-hour strike, days before a port board vote on "
    "Thursday.\n"
    "The Ferry Workers Guild (FWG), which represents about 1,400 deckhands, "
    "said its members would walk off the job at 6 a.m. next Monday. The "
    "strike is due to end on Wednesday, March 18, unless a deal is "
    "reached.\n"
    "Members backed the action in a ballot that closed last Friday, the "
    "guild said.\n"
    "\"We kept this port running through the storms,\" guild secretary "
    "Orla Penhallow told reporters at Calderport Town Hall on Tuesday. "
    "\"Nobody here wants to strike.\"\n"
    "Port chief executive Idris Vantongeren said the board could not pay "
    "more because fuel costs had risen by more than 30%.\n"
    "Talks are scheduled to resume on Friday, with mediator Jun Okabe.\n"
    "The Calderport Port Board said the board would publish its accounts "
    "in June.\n"
    "The guild was founded in 1869 in order to win a shorter working day.\n"
    "It won its first strike two years later.\n"
    "A strike fund was opened in 1990 by guild secretary Orla Penhallow.\n"
    "Its first ferry sailed on May 2, 1870, from the old quay.\n"
    "The guild faces a fine of up to 5,000 euros for the strike.\n"
    "Former treasurer Mo Dunne was convicted of theft from the guild.\n"
    "A deckhand, Ravi Kell, pleaded not guilty to assault.\n"
    "The guild's spokesperson, Ada Quist, declined to comment.\n"
    "The port board declined to meet the guild before the vote.\n"
    "The guild called the strike, pointing to three years without a "
    "raise.\n"
    "\"We will keep the port open,\" said harbour master Dr Lena Holt.\n"
    "A hardship fund will pay striking members until April 30.\n"
    "Deckhand Tom Reyes, 61, has worked the ferries for 40 years.\n"
    "Members can call the guild's hotline on 01632 960 123 for advice.\n"
    "The guild's candidate beat the board's by 42 votes in 2024, when 300 "
    "members voted.\n"
    "Two crew members, Ana Kovac and Ben Ilic, were injured in a fall.\n"
    "On Tuesday evening, the board ordered an audit and said it would "
    "answer the guild later.\n"
    "Harbour fees will rise from September.\n"
    "Hundreds of crew families plan to march on the quay, and the next "
    "march may follow soon.\n"
    "The guild will ballot its members again, after which the board "
    "will reply.\n"
    "Ferry ticket sales have fallen 12% since 2020.\n"
    "Judge Nia Brock will hear the guild's appeal.\n"
    "The guild's canteen can serve 500 meals a day.\n"
    "The new depot lies about 40 kilometres north of the quay.\n"
    "The ferry company was founded in Calderport in 1901.\n"
    "Calderport's mayor, Ines Heath, said the town would help.\n"
    "A relief crew in Calderport was sent to the Isle of Marn.\n"
    "The Ferry Riders' Forum backed the crews.\n"
    "The port will shut the old quay by the end of May next year, the "
    "board confirmed on Monday.\n"
    "Safety inspector Maud Rill, who is leading the inquiry into the "
    "fall, met the Deckhands' Welfare Fund (DWF) in Port Ellery.\n"
    "The guild rejected the board's latest offer because it froze the pay "
    "of deckhands for another year, and the guild's negotiators, who had "
    "spent three long nights at the table in the old harbour office with "
    "the board's lawyers, accountants and advisers, said that the offer "
    "also cut overtime rates, removed the winter bonus and left the "
    "pension scheme closed to new crews for at least five more years.\n"
    "Edited by: Rhoswen Tye\n";

static const char meta[] = "{\"title\": \"Harbourside ferry crews vote to "
                           "strike\", \"outlet\": \"Estuary Times\", "
                           "\"published\": \"2026-03-11\", \"editor\": "
                           "\"Rhoswen Tye\"}";

struct scratch {
    char dir[64];
};

static void
put(const struct scratch *s, const char *name, const char *text)
{
    char path[256];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", s->dir, name);
    fp = fopen(path, "wb");
    ASSERT(fp != NULL);
    ASSERT_EQ(strlen(text), fwrite(text, 1, strlen(text), fp));
    ASSERT_EQ(0, fclose(fp));
}

static void
scratch_new(struct scratch *s, const char *meta_text)
{
    snprintf(s->dir, sizeof(s->dir), "/tmp/newsbot-test-build-XXXXXX");
    ASSERT(mkdtemp(s->dir) != NULL);
    put(s, "article.txt", article);
    if (meta_text)
        put(s, "meta.json", meta_text);
}

static void
scratch_remove(const struct scratch *s)
{
    static const char *const names[] = {"article.txt", "meta.json",
                                        "facts.json"};
    char path[256];
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", s->dir, names[i]);
        unlink(path);
    }
    ASSERT_EQ(0, rmdir(s->dir));
}

/* The built table of the test article. */
static json_t *
built(struct bot_kb *kb, struct scratch *s)
{
    json_t *root = NULL;

    scratch_new(s, meta);
    ASSERT_EQ(0, bot_kb_load_table(kb, s->dir, &root));
    ASSERT(root != NULL);
    return root;
}

static json_t *
entity_named(json_t *root, const char *name)
{
    size_t i;
    json_t *e;

    json_array_foreach(json_object_get(root, "entities"), i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "name")), name) == 0)
            return e;
    }
    TEST_FAIL("no entity named %s", name);
}

/* The first fact whose quote holds @words. */
static json_t *
fact_with(json_t *root, const char *words)
{
    size_t i;
    json_t *f;

    json_array_foreach(json_object_get(root, "facts"), i, f)
    {
        if (strstr(json_string_value(json_object_get(f, "quote")), words))
            return f;
    }
    TEST_FAIL("no fact quotes \"%s\"", words);
}

/* The shortest fact whose quote holds @words: a clause's own fact. */
static json_t *
clause_with(json_t *root, const char *words)
{
    json_t *f, *best = NULL;
    size_t i;

    json_array_foreach(json_object_get(root, "facts"), i, f)
    {
        const char *q = json_string_value(json_object_get(f, "quote"));
        if (strstr(q, words) &&
            (!best || strlen(q) < strlen(json_string_value(
                                      json_object_get(best, "quote")))))
            best = f;
    }
    if (!best)
        TEST_FAIL("no fact quotes \"%s\"", words);
    return best;
}

static const char *
str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static int
has_string(json_t *arr, const char *s)
{
    size_t i;
    json_t *v;

    json_array_foreach(arr, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return 1;
    }
    return 0;
}

static void
done(struct bot_kb *kb, struct scratch *s, json_t *root)
{
    json_decref(root);
    bot_kb_release(kb);
    scratch_remove(s);
}

static void
test_people_with_roles_and_surnames(void)
{
    struct bot_kb kb;
    struct scratch s;
    json_t *root = built(&kb, &s), *e;

    e = entity_named(root, "Orla Penhallow");
    ASSERT_STR_EQ("person", str(e, "type"));
    ASSERT(has_string(json_object_get(e, "aliases"), "Penhallow"));
    ASSERT(strstr(str(e, "desc"), "guild secretary") != NULL);
    /* a role that names an organisation: the person acts for it */
    ASSERT_STR_EQ("ferry-workers-guild", str(e, "part_of"));
    e = entity_named(root, "Idris Vantongeren");
    ASSERT_STR_EQ("person", str(e, "type"));
    ASSERT(strstr(str(e, "desc"), "chief executive") != NULL);
    /* a role word opening the sentence is not part of the name */
    e = entity_named(root, "Tom Reyes");
    ASSERT(fixture_starts_with(str(e, "desc"), "Tom Reyes: Deckhand."));
    /* an honorific is no role: "harbour master Dr Lena Holt" */
    e = entity_named(root, "Lena Holt");
    ASSERT_STR_EQ("person", str(e, "type"));
    ASSERT(fixture_starts_with(str(e, "desc"), "Lena Holt: harbour master."));
    /* a role that opens the sentence, set off by commas */
    e = entity_named(root, "Ada Quist");
    ASSERT(fixture_starts_with(str(e, "desc"),
                               "Ada Quist: The guild's spokesperson."));
    done(&kb, &s, root);
}

static void
test_acronyms_and_short_forms(void)
{
    struct bot_kb kb;
    struct scratch s;
    json_t *root = built(&kb, &s), *e, *f;
    size_t i;

    e = entity_named(root, "Ferry Workers Guild");
    ASSERT_STR_EQ("organization", str(e, "type"));
    ASSERT(has_string(json_object_get(e, "aliases"), "FWG"));
    e = entity_named(root, "Calderport Port Board");
    ASSERT(has_string(json_object_get(e, "aliases"), "the board"));
    /* the Edited-by line is no entity and no fact */
    json_array_foreach(json_object_get(root, "entities"), i, e)
        ASSERT(strcmp(str(e, "name"), "Rhoswen Tye") != 0);
    f = fact_with(root, "said the board would publish");
    ASSERT(has_string(json_object_get(f, "actors"), "calderport-port-board"));
    done(&kb, &s, root);
}

static void
test_names_of_places_and_plural_possessives(void)
{
    struct bot_kb kb;
    struct scratch s;
    json_t *root = built(&kb, &s), *e;

    /* "Deckhands' Welfare Fund (DWF)": one name, across the apostrophe */
    e = entity_named(root, "Deckhands' Welfare Fund");
    ASSERT_STR_EQ("organization", str(e, "type"));
    ASSERT(has_string(json_object_get(e, "aliases"), "DWF"));
    /* a surname that is a place word, after the role that opens the
     * sentence: a person */
    e = entity_named(root, "Ines Heath");
    ASSERT_STR_EQ("person", str(e, "type"));
    /* ... and without one: "Ferry Riders' Forum" */
    entity_named(root, "Ferry Riders' Forum");
    /* "in Port Ellery": a place, not a person called Ellery */
    e = entity_named(root, "Port Ellery");
    ASSERT_STR_EQ("place", str(e, "type"));
    done(&kb, &s, root);
}

static void
test_dates_resolved_against_publication(void)
{
    struct bot_kb kb;
    struct scratch s;
    json_t *root = built(&kb, &s), *f;

    /* published Wednesday 11 March 2026 */
    f = fact_with(root, "walk off the job");
    ASSERT_STR_EQ("2026-03-16", str(f, "date")); /* next Monday */
    ASSERT_STR_EQ("scheduled", str(f, "status"));
    f = fact_with(root, "due to end");
    ASSERT_STR_EQ("2026-03-18", str(f, "date")); /* the weekday + its date */
    f = fact_with(root, "ballot that closed");
    ASSERT_STR_EQ("2026-03-06", str(f, "date")); /* last Friday */
    f = fact_with(root, "told reporters");
    ASSERT_STR_EQ("2026-03-10", str(f, "date")); /* Tuesday, past tense */
    f = fact_with(root, "scheduled to resume");
    ASSERT_STR_EQ("2026-03-13", str(f, "date")); /* Friday, ahead */
    f = fact_with(root, "publish its accounts");
    ASSERT_STR_EQ("2026-06", str(f, "date")); /* a month only */
    /* an opening "On Tuesday evening," takes the tense of the verb
     * after it ("ordered"), not of a later "would" */
    f = fact_with(root, "ordered an audit");
    ASSERT_STR_EQ("2026-03-10", str(f, "date"));
    /* a month without a year: the nearest one, unless the tense says
     * otherwise (September lies six months either way) */
    f = fact_with(root, "Harbour fees will rise");
    ASSERT_STR_EQ("2026-09", str(f, "date"));
    /* "march" the verb and the noun is no month: news writes "March" */
    f = fact_with(root, "plan to march on the quay");
    ASSERT(json_object_get(f, "date") == NULL);
    f = fact_with(root, "first ferry sailed");
    ASSERT_STR_EQ("1870-05-02", str(f, "date")); /* "May 2, 1870" is one */
    /* a timeline label names the event without saying its date again */
    f = fact_with(root, "due to end");
    ASSERT_STR_EQ("The strike is due to end", str(f, "label"));
    /* a sentence with two dates gives its second clause a fact too */
    f = clause_with(root, "port board vote on Thursday");
    ASSERT(strlen(str(f, "quote")) < 60);
    ASSERT_STR_EQ("2026-03-12", str(f, "date"));
    done(&kb, &s, root);
}

static void
test_numbers_with_what_they_count(void)
{
    struct bot_kb kb;
    struct scratch s;
    json_t *root = built(&kb, &s), *f, *n;

    f = fact_with(root, "represents about 1,400");
    n = json_array_get(json_object_get(f, "numbers"), 0);
    ASSERT(n != NULL);
    ASSERT(json_number_value(json_object_get(n, "value")) == 1400);
    ASSERT_STR_EQ("about", str(n, "cmp"));
    ASSERT_STR_EQ("deckhands", str(n, "unit"));
    ASSERT_STR_EQ("about 1,400 deckhands", str(n, "text"));
    f = fact_with(root, "more than 30%");
    n = json_array_get(json_object_get(f, "numbers"), 0);
    ASSERT_STR_EQ("gt", str(n, "cmp"));
    ASSERT_STR_EQ("percent", str(n, "unit"));
    /* "48-hour" of the lead is no count, nor "6 a.m." a number */
    f = fact_with(root, "walk off the job");
    ASSERT(json_array_size(json_object_get(f, "numbers")) == 0 ||
           json_number_value(json_object_get(
               json_array_get(json_object_get(f, "numbers"), 0), "value")) !=
               6);
    done(&kb, &s, root);
}

static void
test_reasons_speakers_and_places(void)
{
    size_t i;
    struct bot_kb kb, loaded;
    struct scratch s;
    json_t *root = built(&kb, &s), *f;

    f = fact_with(root, "could not pay more");
    ASSERT_STR_EQ("fuel costs had risen by more than 30%", str(f, "why"));
    ASSERT(has_string(json_object_get(f, "actors"), "idris-vantongeren"));
    /* "in order to" gives a purpose; a year before 1900 after "in" is a
     * date */
    f = fact_with(root, "was founded");
    ASSERT_STR_EQ("win a shorter working day", str(f, "why"));
    ASSERT_STR_EQ("1869", str(f, "date"));
    /* "after which ..." tells what follows, no reason */
    f = fact_with(root, "after which the board");
    ASSERT(json_object_get(f, "why") == NULL);
    /* "two years later": after the last date the text gave */
    f = fact_with(root, "first strike");
    ASSERT_STR_EQ("1871", str(f, "date"));
    /* a passive's agent does it */
    f = fact_with(root, "strike fund");
    ASSERT(has_string(json_object_get(f, "actors"), "orla-penhallow"));
    /* the second sentence of a quotation is said by its speaker */
    f = fact_with(root, "Nobody here wants to strike");
    ASSERT(has_string(json_object_get(f, "actors"), "orla-penhallow"));
    f = fact_with(root, "told reporters");
    ASSERT_STR_EQ("at Calderport Town Hall", str(f, "where"));
    /* a place the builder found is a place to the answerer too */
    ASSERT_EQ(0, bot_kb_load(&loaded, s.dir));
    for (i = 0; i < loaded.nentities &&
                strcmp(loaded.entities[i].name, "Calderport Town Hall");
         i++)
        ;
    ASSERT(i < loaded.nentities && loaded.entities[i].place);
    bot_kb_release(&loaded);
    done(&kb, &s, root);
}

/* Asks @text in a fresh conversation on 11 March 2026. */
static void
ask(struct bot_core *core, const char *text, const char *conv,
    struct bot_reply *r)
{
    struct bot_ask q = {text, strlen(text), conv, {0}, 0, 0, NULL};

    ASSERT_EQ(0, bot_date_ymd(&q.today, 2026, 3, 11));
    ASSERT_EQ(0, bot_core_ask(core, &q, r));
}

static void
test_answers_from_the_built_table(void)
{
    struct bot_core core;
    struct bot_reply r;
    struct scratch s;

    scratch_new(&s, meta);
    ASSERT_EQ(0, bot_core_init(&core, s.dir));
    ask(&core, "when does the strike start?", "t/1", &r);
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "16 March 2026");
    ask(&core, "who is the guild secretary?", "t/2", &r);
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "Penhallow");
    ask(&core, "how many deckhands does the guild represent?", "t/3", &r);
    ASSERT_CONTAINS(r.text, "1,400");
    /* a claim the article covers only in part is not confirmed */
    ask(&core, "did the guild say the deckhands were sacked?", "t/4", &r);
    ASSERT_NOT_CONTAINS(r.text, "Yes");
    ask(&core, "does the guild represent deckhands?", "t/5", &r);
    ASSERT(fixture_starts_with(r.text, "Yes"));
    /* "who is the secretary?" answers with the one so described */
    ask(&core, "who's the guild secretary?", "t/6", &r);
    ASSERT(fixture_starts_with(r.text, "Orla Penhallow"));
    /* "what is X called?" names the thing, whatever kind it is */
    ask(&core, "what is the mediator called?", "t/7", &r);
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "Okabe");
    /* "what's coming up ..." with words of its own is still the list */
    ask(&core, "what's coming up for the ferry crews?", "t/8", &r);
    ASSERT_EQ(BOT_KIND_UPCOMING, r.kind);
    ASSERT_CONTAINS(r.text, "16 March");
    ask(&core, "is the strike still coming up?", "t/9", &r);
    ASSERT(r.kind != BOT_KIND_UPCOMING);
    /* "what is X's job?": who X is */
    ask(&core, "what is Okabe's job?", "t/13", &r);
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "mediator");
    /* "who runs X?": the one whose role heads X, not a fact naming X */
    ask(&core, "who runs the port board?", "t/15", &r);
    ASSERT(fixture_starts_with(r.text, "Idris Vantongeren"));
    ask(&core, "who's the boss at the guild?", "t/16", &r);
    ASSERT_NOT_CONTAINS(r.text, "Vantongeren");
    /* a title given whole finds its holder, whatever else is named */
    ask(&core, "who is the port chief executive for the strike fund?", "t/28",
        &r);
    ASSERT(fixture_starts_with(r.text, "Idris Vantongeren"));
    /* "declined to meet" says no; ", pointing to X" gives the reason;
     * "is there a strike?" points to nothing before it */
    ask(&core, "did the port board meet the guild?", "t/17", &r);
    ASSERT(fixture_starts_with(r.text, "No"));
    ask(&core, "why did the guild call the strike?", "t/18", &r);
    ASSERT_CONTAINS(r.text, "three years without a raise");
    ask(&core, "is there a strike next week?", "t/19", &r);
    ASSERT_NOT_CONTAINS(r.text, "About what?");
    /* "how long will it last?" of "until April 30" */
    ask(&core, "how long will the hardship fund pay them?", "t/20", &r);
    ASSERT(fixture_starts_with(r.text, "Until"));
    ASSERT_CONTAINS(r.text, "30 April 2026");
    /* "what did it cost?": a sum, or the article does not say */
    ask(&core, "how much is the hardship fund worth?", "t/26", &r);
    ASSERT(!r.answered);
    ask(&core, "how much did fuel costs rise?", "t/27", &r);
    ASSERT(r.answered);
    ASSERT_CONTAINS(r.text, "30%");
    /* "what are their names?" after a count: the people it names */
    ask(&core, "how many crew members were injured?", "t/25", &r);
    ASSERT_CONTAINS(r.text, "Two crew members");
    ask(&core, "what are their names?", "t/25", &r);
    ASSERT(fixture_starts_with(r.text, "Ana Kovac and Ben Ili"));
    /* "won by how many?": the number after "by" */
    ask(&core, "how many votes did the guild's candidate win by?", "t/24", &r);
    ASSERT(fixture_starts_with(r.text, "42 votes"));
    /* "what's the number to call?": the phone number, not "1,400" */
    ask(&core, "whats the number to call for advice?", "t/23", &r);
    ASSERT(fixture_starts_with(r.text, "01632 960 123."));
    /* "they" with a word few facts hold needs nothing before it */
    ask(&core, "when do they resume?", "t/22", &r);
    ASSERT_CONTAINS(r.text, "13 March 2026");
    /* "how old is he?": the age written beside the name */
    ask(&core, "how old is reyes?", "t/21", &r);
    ASSERT(fixture_starts_with(r.text, "Tom Reyes: 61."));
    ask(&core, "and how old is he?", "t/21", &r);
    ASSERT(fixture_starts_with(r.text, "Tom Reyes: 61."));
    /* a time of day the article gives */
    ask(&core, "what time do they walk off the job?", "t/12", &r);
    ASSERT(fixture_starts_with(r.text, "At 6 a.m., on"));
    ASSERT_CONTAINS(r.text, "16 March 2026");
    /* the courts' words: "found guilty" is "convicted", and "pleaded not
     * guilty" says the opposite, which answers no "who" */
    ask(&core, "who was found guilty?", "t/14", &r);
    ASSERT(fixture_starts_with(r.text, "Mo Dunne"));
    /* a possibility does not confirm that it happened */
    ask(&core, "has the guild been fined?", "t/10", &r);
    ASSERT(fixture_starts_with(r.text, "Not as far as the article says"));
    ask(&core, "could the guild be fined?", "t/11", &r);
    ASSERT(fixture_starts_with(r.text, "Yes"));
    /* "what did X say?": X's words, quoted, found by X's role */
    ask(&core, "what did the guild secretary say?", "t/42", &r);
    ASSERT(fixture_starts_with(r.text, "\"We kept this port running"));
    /* "where was it sent?": where to, not where it is */
    ask(&core, "where was the relief crew sent?", "t/40", &r);
    ASSERT(fixture_starts_with(r.text, "To the Isle of Marn"));
    ask(&core, "where is the relief crew?", "t/41", &r);
    ASSERT(!fixture_starts_with(r.text, "To the Isle"));
    /* a place is no "who" */
    ask(&core, "who founded the ferry company?", "t/39", &r);
    ASSERT(!r.answered);
    ASSERT(!fixture_starts_with(r.text, "Calderport"));
    /* a distance counts no people, but answers "how many kilometres" */
    ask(&core, "how many people work at the new depot?", "t/37", &r);
    ASSERT(!r.answered);
    ASSERT_NOT_CONTAINS(r.text, "About 40 kilometres.");
    ask(&core, "how many kilometres from the quay is the depot?", "t/38", &r);
    ASSERT(fixture_starts_with(r.text, "About 40 kilometres"));
    /* "how many meals a day": meals are counted, not days */
    ask(&core, "how many meals a day can the canteen serve?", "t/36", &r);
    ASSERT(fixture_starts_with(r.text, "500 meals"));
    /* a title of one word, asked with nothing else it could be of */
    ask(&core, "who's the judge in this case?", "t/35", &r);
    ASSERT(fixture_starts_with(r.text, "Nia Brock"));
    /* a share counts nothing: "how many tickets?" is no "fallen 12%",
     * but "by what percentage?" is */
    ask(&core, "how many ferry tickets were sold?", "t/33", &r);
    ASSERT(!r.answered);
    ASSERT_NOT_CONTAINS(r.text, "12%.");
    ask(&core, "by what percentage have ticket sales fallen?", "t/34", &r);
    ASSERT(fixture_starts_with(r.text, "12%"));
    /* "when was it announced?": the day it was said, not the day the
     * statement names, in whatever verb the article said it */
    ask(&core, "when was the quay closure announced?", "t/31", &r);
    ASSERT(fixture_starts_with(r.text, "On Monday, 9 March 2026"));
    ask(&core, "when will the old quay shut?", "t/32", &r);
    ASSERT_CONTAINS(r.text, "May 2027");
    /* "who's running X?" with X no organisation: the fact that says
     * who leads it, not the head of the article's organisation */
    ask(&core, "who's running the inquiry?", "t/30", &r);
    ASSERT(fixture_starts_with(r.text, "Maud Rill"));
    /* the reason of a long sentence, and the sentence cut to fit one
     * chat message with where it comes from */
    ask(&core, "why did the guild reject the offer?", "t/29", &r);
    ASSERT(fixture_starts_with(r.text, "Because it froze the pay"));
    ASSERT(strlen(r.text) <= BOT_ANSWER_MAX);
    ASSERT_CONTAINS(r.text, "\u2026");
    ASSERT_CONTAINS(r.text, "(sentence ");
    bot_core_release(&core);
    scratch_remove(&s);
}

static void
test_overlay_replaces_by_sentence_and_name(void)
{
    struct bot_kb kb;
    struct scratch s;
    json_t *root = NULL, *f;
    size_t i, n = 0;

    scratch_new(&s, meta);
    put(&s, "facts.json",
        "{\"format\": 1, \"entities\": [{\"id\": \"guild\", \"name\": "
        "\"the Ferry Workers Guild\", \"aliases\": [\"Ferry Workers Guild\", "
        "\"the guild\"], \"desc\": \"The crews' union.\", \"quote\": \"The "
        "Ferry Workers Guild (FWG)\"}], \"facts\": [{\"id\": \"ballot\", "
        "\"quote\": \"Members backed the action\", \"statement\": \"Members "
        "backed the strike in a ballot.\", \"actors\": [\"guild\"], "
        "\"when\": \"last Friday\"}]}");
    ASSERT_EQ(0, bot_kb_load_table(&kb, s.dir, &root));
    /* the curated fact stands for its sentence; the built one is gone */
    json_array_foreach(json_object_get(root, "facts"), i, f) n +=
        strstr(str(f, "quote"), "Members backed") != NULL;
    ASSERT_EQ(1, n);
    ASSERT_STR_EQ("ballot", str(fact_with(root, "Members backed"), "id"));
    /* the curated entity took the built one's place and its mentions */
    f = fact_with(root, "represents about 1,400");
    ASSERT(has_string(json_object_get(f, "actors"), "guild"));
    json_decref(root);
    bot_kb_release(&kb);
    /* and the whole of it loads */
    ASSERT_EQ(0, bot_kb_load(&kb, s.dir));
    ASSERT(bot_kb_entity(&kb, "guild") >= 0);
    ASSERT(bot_kb_entity(&kb, "ferry-workers-guild") < 0);
    /* who acted for the built entity acts for the curated one */
    ASSERT_EQ(bot_kb_entity(&kb, "guild"),
              kb.entities[bot_kb_entity(&kb, "orla-penhallow")].part_of);
    bot_kb_release(&kb);
    scratch_remove(&s);
}

static void
test_meta_errors_name_the_field(void)
{
    static const char *const bad[] = {
        "{\"title\": \"x\"}",
        "{\"published\": \"31 March 2025\"}",
        "{\"published\": \"2025-03-31\", \"outlet\": 7}",
        "[1, 2]",
    };
    struct bot_kb kb;
    struct scratch s;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *root = NULL;
        scratch_new(&s, bad[i]);
        ASSERT(bot_kb_load_table(&kb, s.dir, &root) < 0);
        ASSERT(root == NULL);
        bot_kb_release(&kb);
        scratch_remove(&s);
    }
    /* no meta.json and no facts.json: a clear failure, not a crash */
    scratch_new(&s, NULL);
    ASSERT(bot_kb_load(&kb, s.dir) < 0);
    scratch_remove(&s);
}

static const struct test_case cases[] = {
    {"people_with_roles_and_surnames", test_people_with_roles_and_surnames},
    {"acronyms_and_short_forms", test_acronyms_and_short_forms},
    {"dates_resolved_against_publication",
     test_dates_resolved_against_publication},
    {"names_of_places_and_plural_possessives",
     test_names_of_places_and_plural_possessives},
    {"numbers_with_what_they_count", test_numbers_with_what_they_count},
    {"reasons_speakers_and_places", test_reasons_speakers_and_places},
    {"answers_from_the_built_table", test_answers_from_the_built_table},
    {"overlay_replaces_by_sentence_and_name",
     test_overlay_replaces_by_sentence_and_name},
    {"meta_errors_name_the_field", test_meta_errors_name_the_field},
};
TEST_MAIN(cases)
