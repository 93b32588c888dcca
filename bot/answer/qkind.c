/* What a question asks for: its kind (who, when, yes/no, how many...)
 * read from its words, the first question word that is not a filler
 * deciding, with "which"/"what" + noun, tag questions and statements said
 * as questions. */
#include "bot/answer/qkind.h"

#include "bot/knowledge/lexicon.h"

#include <string.h>

#include "bot/answer/command.h"
#include "bot/knowledge/text.h"

static const char *const fillers[] = {
    "and",   "so",       "ok",     "okay", "hey",     "hi",  "hello",  "but",
    "then",  "also",     "well",   "um",   "newsbot", "bot", "please", "pls",
    "quick", "question", "q",      "yo",   "oh",      "ah",  "right",  "now",
    "sorry", "btw",      "anyway", "wait", "yeah",    "hmm", "lol",    NULL};

/* "what was the vote tally", "what is the death toll": a number asked for */
static const char *const counts[] = {"number", "amount",     "tally",  "count",
                                     "total",  "toll",       "figure", "margin",
                                     "share",  "percentage", NULL};

/* The question's kind read from "what year", "which country", ... */
static enum bot_kind
kind_of_which(const char *noun, struct bot_qkind_marks *q)
{
    static const char *const when[] = {"year", "month",  "day",     "date",
                                       "week", "decade", "weekday", NULL};
    static const char *const where[] = {
        "place",  "city",    "location",      "venue",
        "region", "town",    "part",          "street",
        "road",   "address", "neighbourhood", "neighborhood",
        "area",   "site",    "district",      NULL};
    static const char *const who[] = {
        "organization", "organisation", "office",    "group",      "country",
        "person",       "agency",       "body",      "court",      "official",
        "president",    "leader",       "man",       "woman",      "people",
        "party",        "nation",       "state",     "government", "authority",
        "institution",  "service",      "movement",  "countries",  "groups",
        "politician",   "outlet",       "newspaper", "journalist", "editor",
        "parliament",   "ally",         "allies",    NULL};

    if (strcmp(noun, "time") == 0 || strcmp(noun, "hour") == 0) {
        q->wants_time = 1;
        return BOT_KIND_WHEN;
    }
    if (bot_text_in_list(noun, when))
        return BOT_KIND_WHEN;
    if (bot_text_in_list(noun, where))
        return BOT_KIND_WHERE;
    if (bot_text_in_list(noun, who))
        return BOT_KIND_WHO;
    if (strcmp(noun, "reason") == 0 || strcmp(noun, "for") == 0)
        return BOT_KIND_WHY;
    if (bot_text_in_list(noun, counts))
        return BOT_KIND_HOWMANY;
    return BOT_KIND_WHAT;
}

/* The kind a question word starting at word @i asks for, or UNKNOWN. */
static enum bot_kind
kind_at(const struct bot_words *w, size_t i, struct bot_qkind_marks *q)
{
    const char *t = w->w[i].text;
    const char *next = i + 1 < w->n ? w->w[i + 1].text : "";

    if (!strcmp(t, "who") || !strcmp(t, "whom") || !strcmp(t, "whose"))
        return BOT_KIND_WHO;
    if (!strcmp(t, "when"))
        return BOT_KIND_WHEN;
    if (!strcmp(t, "where"))
        return BOT_KIND_WHERE;
    if (!strcmp(t, "why"))
        return BOT_KIND_WHY;
    if (!strcmp(t, "how")) {
        const char *then = i + 2 < w->n ? w->w[i + 2].text : "";
        /* "how long is the boat?" asks a length, "how long will it take?"
         * and "how long has it been?" a time */
        static const char *const be[] = {"is", "are", "was", "were", NULL};
        q->duration = (!strcmp(next, "long") && !bot_text_in_list(then, be)) ||
                      (!strcmp(next, "many") && i + 2 < w->n &&
                       (!strcmp(w->w[i + 2].text, "years") ||
                        !strcmp(w->w[i + 2].text, "months")));
        if (!strcmp(next, "many") || !strcmp(next, "much") ||
            !strcmp(next, "long") || !strcmp(next, "old") ||
            !strcmp(next, "big") || !strcmp(next, "large") ||
            !strcmp(next, "often") || !strcmp(next, "far")) {
            size_t j;
            /* "how many Central Asian countries": a count of named things */
            for (j = i + 2; !strcmp(next, "many") && j < w->n && j < i + 5;
                 j++) {
                if (bot_lexicon_named_kind(w->w[j].text)) {
                    q->noun = (int)j;
                    break;
                }
            }
            return BOT_KIND_HOWMANY;
        }
        if (!strcmp(next, "come"))
            return BOT_KIND_WHY;
        return BOT_KIND_HOW;
    }
    if (!strcmp(t, "which") || !strcmp(t, "what") || !strcmp(t, "whats") ||
        (i == 0 && (!strcmp(t, "name") || !strcmp(t, "list")))) {
        size_t j = i + 1, seen = 0, ahead = strcmp(t, "what") ? 3 : 1;
        /* "what caused the collapse?", "what led to the strike?": a
         * why-question */
        static const char *const cause[] = {
            "caused", "causes", "prompted", "triggered", "led",
            "leads",  "drove",  "sparked",  "made",      NULL};
        static const char *const lead[] = {"led", "leads", NULL};
        const char *after = j + 1 < w->n ? w->w[j + 1].text : "";
        if (strcmp(t, "which") != 0 && j < w->n &&
            bot_text_in_list(w->w[j].text, cause) &&
            (!bot_text_in_list(w->w[j].text, lead) || !strcmp(after, "to")))
            return BOT_KIND_WHY;
        /* "what did ...", "which is ...": a what-question. */
        if (j < w->n && bot_lexicon_is_aux(w->w[j].text))
            return BOT_KIND_WHAT;
        /* "which central asian country": the noun names the answer. */
        for (; j < w->n && seen < ahead; j++) {
            enum bot_kind k;
            if (bot_text_is_stopword(w->w[j].text) ||
                !strcmp(w->w[j].text, "kind") ||
                !strcmp(w->w[j].text, "exact") ||
                !strcmp(w->w[j].text, "other") || !strcmp(w->w[j].text, "else"))
                continue;
            k = kind_of_which(w->w[j].text, q);
            /* "which Taliban officials": the noun that wants a name */
            if (q->noun < 0 || (bot_lexicon_named_kind(w->w[j].text) &&
                                !bot_lexicon_named_kind(w->w[q->noun].text)))
                q->noun = (int)j;
            seen++;
            if (k != BOT_KIND_WHAT) {
                q->focus = (int)j;
                q->command_word =
                    !strcmp(t, "name") || !strcmp(t, "list") ? (int)i : -1;
                return k;
            }
        }
        return !strcmp(t, "name") || !strcmp(t, "list") ? BOT_KIND_UNKNOWN
                                                        : BOT_KIND_WHAT;
    }
    return BOT_KIND_UNKNOWN;
}

/* "..., right?", "..., isn't it?", "correct?": a statement to confirm. */
static int
is_tag_question(const struct bot_words *w)
{
    static const char *const tags[] = {"right", "correct", "true", "yes",
                                       "no",    "innit",   "eh",   "yeah",
                                       "yea",   "ya",      NULL};
    const char *last = w->n ? w->w[w->n - 1].text : "";
    const char *prev = w->n > 1 ? w->w[w->n - 2].text : "";

    static const char *const who[] = {"it", "they", "he", "she", "we", NULL};
    static const char *const aux_not[] = {"didnt",  "isnt",   "wasnt", "werent",
                                          "arent",  "doesnt", "dont",  "hasnt",
                                          "havent", "wont",   "not",   NULL};

    if (bot_text_in_list(last, tags))
        return 1;
    /* "isn't it", "didn't they", "is that so" */
    return bot_text_in_list(last, who) &&
           (bot_text_in_list(prev, aux_not) || !strcmp(prev, "is"));
}

static enum bot_kind read_kind(const struct bot_words *w,
                               struct bot_qkind_marks *q);

/* The noun among the three words from @from that wants a name, or -1. */
static int
named_noun(const struct bot_words *w, size_t from)
{
    size_t j;

    for (j = from; j < w->n && j < from + 3; j++) {
        if (bot_lexicon_named_kind(w->w[j].text))
            return (int)j;
    }
    return -1;
}

/* The content word before index @end (after a determiner), or -1. */
static int
noun_before(const struct bot_words *w, size_t end)
{
    size_t j = end;

    while (j > 1 && bot_text_is_stopword(w->w[j - 1].text))
        j--;
    return j > 1 ? (int)j - 1 : -1;
}

/* Marks "what is the N called?" and "what's the name of the N?": N is
 * to be named. */
static void
asks_name(const struct bot_words *w, struct bot_qkind_marks *q)
{
    size_t j;
    int noun = q->noun;

    q->noun = -1;
    for (j = 2; j < w->n; j++) {
        const char *t = w->w[j].text;
        if ((!strcmp(t, "called") || !strcmp(t, "named")) && j + 1 == w->n) {
            q->noun = noun_before(w, j);
            q->command_word = (int)j;
        } else if (!strcmp(t, "name") && j + 1 < w->n &&
                   !strcmp(w->w[j + 1].text, "of")) {
            size_t k = j + 2;
            while (k < w->n && bot_text_is_stopword(w->w[k].text))
                k++;
            /* "the electricity company": the head is the run's last word */
            while (k + 1 < w->n && !bot_text_is_stopword(w->w[k + 1].text))
                k++;
            q->noun = k < w->n ? (int)k : -1;
            q->command_word = (int)j;
        }
        if (q->noun >= 0) {
            q->wants_name = 1;
            return;
        }
    }
    q->noun = noun;
}

enum bot_kind
bot_qkind_read(const struct bot_words *w, struct bot_qkind_marks *q)
{
    enum bot_kind k = read_kind(w, q);
    size_t j;

    for (j = 1; j + 1 < w->n; j++) {
        /* "what is the name of the Taliban's ambassador": the ambassador
         * is what must be named */
        if (q->noun < 0 && !strcmp(w->w[j].text, "name") &&
            !strcmp(w->w[j + 1].text, "of"))
            q->noun = named_noun(w, j + 2);
        /* "who decides, which court?": a closing "which X" says what the
         * answer is */
        if (j + 3 >= w->n && !strcmp(w->w[j].text, "which") &&
            named_noun(w, j + 1) >= 0)
            q->noun = named_noun(w, j + 1);
    }
    /* "what was the storm called?", "what's the name of the boat?": the
     * thing's own name, whatever kind of thing it is */
    if (k == BOT_KIND_WHAT)
        asks_name(w, q);
    /* "what was the vote tally?", "what is the death toll?" */
    if (k == BOT_KIND_WHAT) {
        for (j = 1; j < w->n && j < 5; j++) {
            if (bot_text_in_list(w->w[j].text, counts))
                return BOT_KIND_HOWMANY;
        }
    }
    return k;
}

static enum bot_kind
read_kind(const struct bot_words *w, struct bot_qkind_marks *q)
{
    static const char *const claim_verbs[] = {
        "is",    "are",      "was",     "were",      "has",
        "have",  "had",      "died",    "killed",    "called",
        "said",  "banned",   "took",    "seized",    "passed",
        "asked", "visited",  "removed", "claimed",   "withdrew",
        "left",  "attacked", "lifted",  "suspended", NULL};
    size_t i = 0, j;
    enum bot_kind k;

    while (i < w->n && bot_text_in_list(w->w[i].text, fillers))
        i++;
    if (i == w->n)
        return BOT_KIND_UNKNOWN;
    k = kind_at(w, i, q);
    if (k != BOT_KIND_UNKNOWN)
        return k;
    /* "do you know when ...", "can you tell me who ...": the wh-word. */
    for (j = i; j < w->n && j < i + 5; j++) {
        if (!strcmp(w->w[j].text, "know") || !strcmp(w->w[j].text, "tell")) {
            size_t m;
            for (m = j + 1; m < w->n && m < j + 3; m++) {
                k = kind_at(w, m, q);
                if (k != BOT_KIND_UNKNOWN)
                    return k;
            }
        }
    }
    if (bot_lexicon_is_aux(w->w[i].text) || !strcmp(w->w[i].text, "true") ||
        is_tag_question(w))
        return BOT_KIND_YESNO;
    /* Keyword style: "hearing date?", "taliban banned what year". */
    for (j = i; j < w->n; j++) {
        const char *t = w->w[j].text;
        k = kind_at(w, j, q);
        if (k != BOT_KIND_UNKNOWN)
            return k;
        if (!strcmp(t, "date") || !strcmp(t, "year") || !strcmp(t, "day") ||
            !strcmp(t, "month") || !strcmp(t, "weekday"))
            return BOT_KIND_WHEN;
        if (!strcmp(t, "reason"))
            return BOT_KIND_WHY;
    }
    /* A statement said as a question: "putin called them an ally?",
     * "so the us has zero contact with the taliban". */
    for (j = i + 1; j < w->n; j++) {
        if (bot_text_in_list(w->w[j].text, claim_verbs))
            return BOT_KIND_YESNO;
    }
    return BOT_KIND_WHAT;
}

int
bot_qkind_is_aux(const char *word)
{
    return bot_lexicon_is_aux(word);
}
