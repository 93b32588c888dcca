/* Reading a question: its flags (tense, negation, pronouns), numbers, names
 * and content terms. */
#include "bot/answer/query.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/command.h"
#include "bot/answer/fit.h"
#include "bot/answer/qkind.h"
#include "bot/knowledge/datescan.h"
#include "bot/knowledge/english.h"
#include "bot/knowledge/names.h"
#include "bot/knowledge/text.h"

/* "that" and "this" point back only where they stand alone ("when was
 * that?", "after that"), not before a noun ("this piece") or a clause
 * ("certify that a group ..."). */
static int
is_pronoun(const struct bot_words *w, size_t i)
{
    static const char *const before[] = {
        "about", "after", "before", "of",   "for", "with", "on",
        "in",    "at",    "from",   "by",   "to",  "did",  "do",
        "does",  "was",   "is",     "were", NULL};
    static const char *const be[] = {"is",   "are",   "was",   "were",
                                     "isnt", "arent", "wasnt", "werent",
                                     "be",   "been",  NULL};
    const char *t = w->w[i].text;

    /* "is there a recount?", "there was a fire": no thing pointed to */
    if (strcmp(t, "there") == 0)
        return !((i > 0 && bot_text_in_list(w->w[i - 1].text, be)) ||
                 (i + 1 < w->n && bot_text_in_list(w->w[i + 1].text, be)) ||
                 (i + 2 < w->n && !strcmp(w->w[i + 1].text, "gonna")));
    if (strcmp(t, "that") != 0 && strcmp(t, "this") != 0)
        return 1;
    return i + 1 == w->n ||
           (i > 0 && bot_text_in_list(w->w[i - 1].text, before));
}

/* What a word says about the question, as flags (read_flags()). */
enum {
    F_PAST = 1 << 0,          /* "did", "has", "already": asks for an outcome */
    F_NEG = 1 << 1,           /* "not", "never" */
    F_THING = 1 << 2,         /* "it", "that" */
    F_PERSON = 1 << 3,        /* "he", "her" */
    F_GROUP = 1 << 4,         /* "they", "them" */
    F_OUTCOME = 1 << 5,       /* "verdict", "ruling" */
    F_EXPECT = 1 << 6,        /* "will", "expected", "scheduled" */
    F_EXACT = 1 << 7,         /* "exact", "which" (before "day", "date") */
    F_AHEAD = 1 << 8,         /* "upcoming", "pending" */
    F_STILL_AHEAD = 1 << 9,   /* "to", "due" after "still" */
    F_SINCE = 1 << 10,        /* "been", "ago", "now" */
    F_DONE = 1 << 11,         /* "decided", "lifted": an outcome's verb */
    F_ARTICLE = 1 << 12,      /* "article", "published" */
    F_SIGNIFICANCE = 1 << 13, /* "important", "significant", "matter" */
    F_MUTUAL = 1 << 14        /* "fight", "meet": holds both ways */
};

/* Sorted for bsearch: one lookup per word instead of a dozen lists. */
static const struct flag_word {
    const char *word;
    unsigned flags;
} flag_words[] = {
    {"ago", F_SINCE},
    {"ahead", F_AHEAD},
    {"allied", F_MUTUAL},
    {"allies", F_MUTUAL},
    {"ally", F_MUTUAL},
    {"already", F_PAST},
    {"approve", F_DONE},
    {"approved", F_DONE},
    {"article", F_ARTICLE},
    {"been", F_SINCE},
    {"care", F_SIGNIFICANCE},
    {"clash", F_MUTUAL},
    {"coming", F_STILL_AHEAD},
    {"concern", F_SIGNIFICANCE},
    {"concerning", F_SIGNIFICANCE},
    {"conclude", F_DONE},
    {"concluded", F_DONE},
    {"decide", F_DONE},
    {"decided", F_DONE},
    {"decision", F_OUTCOME},
    {"did", F_PAST},
    {"due", F_EXPECT | F_STILL_AHEAD},
    {"end", F_DONE},
    {"ended", F_DONE},
    {"engage", F_MUTUAL},
    {"engaged", F_MUTUAL},
    {"exact", F_EXACT},
    {"expect", F_EXPECT},
    {"expected", F_EXPECT},
    {"fight", F_MUTUAL},
    {"fighting", F_MUTUAL},
    {"fights", F_MUTUAL},
    {"fought", F_MUTUAL},
    {"going", F_EXPECT},
    {"gonna", F_EXPECT},
    {"grant", F_DONE},
    {"granted", F_DONE},
    {"had", F_PAST},
    {"happen", F_DONE},
    {"happened", F_DONE},
    {"happening", F_EXPECT},
    {"has", F_PAST},
    {"have", F_PAST},
    {"he", F_PERSON},
    {"held", F_DONE},
    {"her", F_PERSON},
    {"him", F_PERSON},
    {"his", F_PERSON},
    {"importance", F_SIGNIFICANCE},
    {"important", F_SIGNIFICANCE},
    {"it", F_THING},
    {"judgment", F_OUTCOME},
    {"lift", F_DONE},
    {"lifted", F_DONE},
    {"likely", F_EXPECT},
    {"matter", F_SIGNIFICANCE},
    {"mattered", F_SIGNIFICANCE},
    {"matters", F_SIGNIFICANCE},
    {"meet", F_MUTUAL},
    {"meeting", F_MUTUAL},
    {"met", F_MUTUAL},
    {"never", F_NEG},
    {"no", F_NEG},
    {"nobody", F_NEG},
    {"none", F_NEG},
    {"not", F_NEG},
    {"notable", F_SIGNIFICANCE},
    {"nothing", F_NEG},
    {"now", F_SINCE},
    {"on", F_STILL_AHEAD},
    {"outcome", F_OUTCOME},
    {"pending", F_AHEAD},
    {"piece", F_ARTICLE},
    {"planned", F_EXPECT | F_STILL_AHEAD},
    {"precise", F_EXACT},
    {"predicted", F_EXPECT},
    {"probably", F_EXPECT},
    {"published", F_ARTICLE},
    {"reject", F_DONE},
    {"rejected", F_DONE},
    {"relevance", F_SIGNIFICANCE},
    {"relevant", F_SIGNIFICANCE},
    {"report", F_ARTICLE},
    {"result", F_OUTCOME},
    {"results", F_OUTCOME},
    {"rival", F_MUTUAL},
    {"rivals", F_MUTUAL},
    {"rule", F_DONE},
    {"ruled", F_DONE},
    {"ruling", F_OUTCOME},
    {"scheduled", F_EXPECT | F_STILL_AHEAD},
    {"she", F_PERSON},
    {"significance", F_SIGNIFICANCE},
    {"significant", F_SIGNIFICANCE},
    {"since", F_SINCE},
    {"specific", F_EXACT},
    {"still", F_SINCE},
    {"story", F_ARTICLE},
    {"suspend", F_DONE},
    {"suspended", F_DONE},
    {"take", F_DONE},
    {"taken", F_DONE},
    {"talk", F_MUTUAL},
    {"talked", F_MUTUAL},
    {"talking", F_MUTUAL},
    {"talks", F_MUTUAL},
    {"that", F_THING},
    {"their", F_GROUP},
    {"them", F_GROUP},
    {"there", F_THING},
    {"they", F_GROUP},
    {"this", F_THING},
    {"to", F_STILL_AHEAD},
    {"today", F_SINCE},
    {"upcoming", F_AHEAD},
    {"verdict", F_OUTCOME},
    {"war", F_MUTUAL},
    {"what", F_EXACT},
    {"which", F_EXACT},
    {"will", F_EXPECT},
    {"written", F_ARTICLE},
    {"yet", F_PAST},
    {"zero", F_NEG},
};

static int
cmp_flag_word(const void *key, const void *elem)
{
    return strcmp(key, ((const struct flag_word *)elem)->word);
}

static unsigned
flags_of(const char *word)
{
    const struct flag_word *hit =
        bsearch(word, flag_words, sizeof(flag_words) / sizeof(flag_words[0]),
                sizeof(flag_words[0]), cmp_flag_word);

    return hit ? hit->flags : 0;
}

/* Reads tense, negation, pronouns and a claimed number from the words. */
static void
read_flags(const struct bot_words *w, struct bot_query *q)
{
    size_t i;

    for (i = 0; i < w->n; i++) {
        const char *t = w->w[i].text;
        unsigned f = flags_of(t);
        unsigned next = i + 1 < w->n ? flags_of(w->w[i + 1].text) : 0;
        if (!f && strcmp(t, "coming") != 0 && strcmp(t, "still") != 0)
            continue;
        /* "What was the outcome?", "did the court decide?" ask how it
         * ended; "who makes the decision?" does not. */
        if (((f & F_OUTCOME) &&
             (q->past || (i > 0 &&
                          (!strcmp(w->w[i - 1].text, "the") ||
                           !strcmp(w->w[i - 1].text, "actual")) &&
                          i < 5))) ||
            ((f & F_DONE) &&
             (q->past || (i > 0 && !strcmp(w->w[i - 1].text, "was")))))
            q->outcome = 1;
        if (f & F_ARTICLE)
            q->at_article = 1;
        if (f & F_PAST)
            q->past = 1;
        if (f & F_EXPECT)
            q->future = 1;
        if ((f & F_EXACT) && i + 1 < w->n &&
            (!strcmp(w->w[i + 1].text, "day") ||
             !strcmp(w->w[i + 1].text, "date")))
            q->wants_day = 1;
        if (f & F_SINCE)
            q->since_now = 1;
        if (f & F_SIGNIFICANCE)
            q->significance = 1;
        if (f & F_MUTUAL)
            q->mutual = 1;
        if ((f & F_AHEAD) ||
            (!strcmp(t, "coming") && i + 1 < w->n &&
             !strcmp(w->w[i + 1].text, "up")) ||
            (!strcmp(t, "still") && (next & F_STILL_AHEAD)))
            q->upcoming = 1;
        /* "Isn't the hearing closed?" asks to confirm; "Did Russia never
         * ...?" claims a negation. */
        /* "... or not?" leaves the question open, claiming neither */
        if ((f & F_NEG) && !(i == 1 && bot_qkind_is_aux(w->w[0].text)) &&
            !(i > 0 && !strcmp(w->w[i - 1].text, "or") && i + 1 >= w->n))
            q->negated = 1;
        if (!q->ref && (f & F_PERSON))
            q->ref = BOT_REF_PERSON;
        else if (!q->ref && (f & F_GROUP))
            q->ref = BOT_REF_GROUP;
        else if (!q->ref && (f & F_THING) && is_pronoun(w, i))
            q->ref = BOT_REF_THING;
    }
}

/* "more than 100", "fewer than 50", "about 140", "100". */
static void
read_number(const struct bot_words *w, const struct bot_terms *terms,
            struct bot_query *q)
{
    static const char *const gt[] = {"more",      "over",   "above", "least",
                                     "exceeding", "beyond", NULL};
    static const char *const lt[] = {"fewer", "less", "under",
                                     "below", "most", NULL};
    static const char *const about[] = {"about",  "around", "roughly",
                                        "nearly", "almost", "approximately",
                                        NULL};
    size_t i, k;

    for (i = 0; i < terms->n; i++) {
        const struct bot_term *t = &terms->t[i];
        if (t->kind != BOT_TERM_NUMBER)
            continue;
        q->has_number = 1;
        q->number.value = t->number;
        q->number.cmp = BOT_CMP_EQ;
        for (k = t->first > 2 ? t->first - 2 : 0; k < t->first; k++) {
            if (bot_text_in_list(w->w[k].text, gt))
                q->number.cmp = BOT_CMP_GT;
            else if (bot_text_in_list(w->w[k].text, lt))
                q->number.cmp = BOT_CMP_LT;
            else if (bot_text_in_list(w->w[k].text, about))
                q->number.cmp = BOT_CMP_ABOUT;
        }
        return;
    }
}

/* True for words that only say what kind of answer is wanted; with
 * @duration, "years" in "how many years" is one of them. */
static int
is_focus_word(const char *w, enum bot_kind kind, int duration)
{
    static const char *const when[] = {"date",  "year",   "month",  "day",
                                       "time",  "week",   "decade", "dates",
                                       "years", "months", "days",   NULL};
    static const char *const where[] = {"place",   "location", "city",
                                        "located", "happen",   NULL};
    static const char *const why[] = {
        "reason", "reasons",  "because",   "cause",   "motive", "caused",
        "causes", "prompted", "triggered", "sparked", "led",    NULL};
    static const char *const many[] = {"many",  "much",  "number", "amount",
                                       "total", "count", NULL};
    static const char *const any[] = {"true",     "correct", "right",   "know",
                                      "tell",     "article", "mention", "ahead",
                                      "upcoming", "pending", NULL};
    static const char *const countdown[] = {
        "countdown", "until", "till",   "left",    "remaining", "away",
        "soon",      "long",  "many",   "much",    "go",        "before",
        "ago",       "since", "happen", "article", NULL};

    switch (kind) {
    case BOT_KIND_WHAT: /* "what was Venn's job?": who Venn is */
        return bot_query_is_role_word(w);
    case BOT_KIND_COUNTDOWN:
        return bot_text_in_list(w, when) || bot_text_in_list(w, countdown);
    case BOT_KIND_WHEN:
        return bot_text_in_list(w, when);
    case BOT_KIND_WHERE:
        return bot_text_in_list(w, where);
    case BOT_KIND_WHY:
        return bot_text_in_list(w, why);
    case BOT_KIND_HOWMANY: /* "how long ago was ...": a duration */
        return bot_text_in_list(w, many) ||
               (duration && (bot_text_in_list(w, when) || !strcmp(w, "long") ||
                             !strcmp(w, "ago")));
    case BOT_KIND_YESNO:
        return bot_text_in_list(w, any);
    default:
        return 0;
    }
}

int
bot_query_is_role_word(const char *w)
{
    static const char *const role[] = {"job",        "occupation", "profession",
                                       "living",     "career",     "jobs",
                                       "profession", NULL};

    return bot_text_in_list(w, role);
}

/* Words that name a command rather than a topic. */
int
bot_query_is_command_word(const char *w)
{
    static const char *const words[] = {
        "history", "dates", "events", "news", "headline", "headlines",
        "article", "scheduled", "ahead", "future", "next", "planned",
        "expected", "new", "story", "event", "summary", "development",
        "developments", "update", "updates", "happened", "upcoming", "coming",
        "recent", "recently", "lately", "latest", "timeline", "dates",
        "calendar", "schedule", "agenda",
        /* the form of a reply, not its topic: "key points in one line" */
        "key", "main", "point", "points", "sentence", "sentences", "line",
        "lines", "bullet", "bullets", "short", "brief", "quick", "simple",
        "paragraph", "detail", "details", "version", "overview", "words",
        "facts", "important", "basics", "gist", "chronological", "order", "put",
        "sequence", "one", "summarize", "summarise", "summarized", "recap",
        "sum", "rundown", "nutshell", "single", NULL};
    return bot_text_in_list(w, words);
}

/* Marks unknown words written with a capital inside a sentence ("China",
 * "GDP"): names of things the article does not mention, which weigh like
 * entities when no fact has them. Title-cased text is left alone. */
static void
mark_proper(const char *text, struct bot_query *q)
{
    char words[16][BOT_WORD_MAX];
    size_t n = 0, caps = 0, total = 0, i, k;
    const char *p = text;
    int start = 1;

    while (*p) {
        const char *b = p;
        size_t len;
        while (*p && isalnum((unsigned char)*p))
            p++;
        len = (size_t)(p - b);
        if (len > 0) {
            int cap = isupper((unsigned char)b[0]) != 0;
            total++;
            caps += cap;
            if (cap && !start && n < 16 && len < BOT_WORD_MAX) {
                for (k = 0; k < len; k++)
                    words[n][k] = (char)tolower((unsigned char)b[k]);
                words[n++][len] = '\0';
            }
            start = 0;
        }
        if (*p == '.' || *p == '?' || *p == '!' || *p == ':')
            start = 1;
        if (*p)
            p++;
    }
    for (i = 0; i < q->terms.n; i++) { /* "medvedev", "uzbekistan" */
        struct bot_term *t = &q->terms.t[i];
        if (t->nconcepts == 0 && t->kind != BOT_TERM_LIGHT &&
            bot_names_is_known(q->words.w[t->first].text))
            t->proper = 1; /* but "wait" and "will" are no names here */
    }
    if (caps * 2 > total)
        return;
    for (i = 0; i < q->terms.n; i++) {
        struct bot_term *t = &q->terms.t[i];
        for (k = 0; k < n && t->nconcepts == 0; k++) {
            if (!strcmp(q->words.w[t->first].text, words[k]))
                t->proper = 1;
        }
    }
}

/* True if the word at @p is one of @list. */
static int
is_meta_word(const char *p, const char *const *list)
{
    size_t len = 0;

    while (isalnum((unsigned char)p[len]))
        len++;
    for (; len && *list; list++) {
        if ((*list)[0] == p[0] && strlen(*list) == len &&
            !strncmp(p, *list, len))
            return 1;
    }
    return 0;
}

/* "who wrote this?", "when was this published?": next to a word about
 * writing or publishing, a closing "this" is the article, not the last
 * answer. Takes @s; returns it or a new string (NULL: out of memory). */
static char *
article_for_this(char *s)
{
    static const char *const meta[] = {
        "wrote",     "write",    "written",   "writer", "author", "authored",
        "published", "publish",  "publisher", "edited", "editor", "posted",
        "ran",       "reported", "source",    "outlet", "come",   "came",
        "released",  "dated",    NULL};
    size_t n = strlen(s);
    char *p, *out;
    int found = 0;

    for (p = s; *p && !found;) {
        size_t len = 0;
        while (isalnum((unsigned char)p[len]))
            len++;
        found = len && (p == s || !isalnum((unsigned char)p[-1])) &&
                is_meta_word(p, meta);
        p += len ? len : 1;
    }
    p = strstr(s, "this");
    while (p && ((p > s && isalnum((unsigned char)p[-1])) ||
                 isalnum((unsigned char)p[4])))
        p = strstr(p + 1, "this");
    if (!found || !p)
        return s;
    /* only a "this" that ends the clause or comes before the verb ("when
     * was this published"): not "this hearing" */
    if (p[4] && p[4] != '?' && p[4] != '.' && p[4] != '!' &&
        !(p[4] == ' ' &&
          (!isalnum((unsigned char)p[5]) || is_meta_word(p + 5, meta))))
        return s;
    out = malloc(n + 8);
    if (out)
        snprintf(out, n + 8, "%.*sthe article%s", (int)(p - s), s, p + 4);
    free(s);
    return out;
}

/* "what's" -> "what is", so that command phrases need one spelling. */
static char *
expand_contractions(const char *s)
{
    static const char *const wh[] = {"what", "where", "who",   "when",  "how",
                                     "that", "it",    "there", "whats", NULL};
    char *out = malloc(strlen(s) * 2 + 1);
    size_t o = 0;
    const char *p = s;

    if (!out)
        return NULL;
    while (*p) {
        const char *const *w;
        int done = 0;
        int at_word = p == s || !isalnum((unsigned char)p[-1]);
        for (w = wh; at_word && *w && !done; w++) {
            size_t n;
            if ((*w)[0] != *p)
                continue;
            n = strlen(*w);
            if (strncmp(p, *w, n) == 0 && p[n] == '\'' && p[n + 1] == 's' &&
                !isalnum((unsigned char)p[n + 2]) &&
                (p == s || !isalnum((unsigned char)p[-1]))) {
                memcpy(out + o, *w, n);
                memcpy(out + o + n, " is", 3);
                o += n + 3;
                p += n + 2;
                done = 1;
            }
        }
        if (!done && strncmp(p, "whats", 5) == 0 &&
            !isalnum((unsigned char)p[5]) &&
            (p == s || !isalnum((unsigned char)p[-1]))) {
            memcpy(out + o, "what is", 7);
            o += 7;
            p += 5;
            done = 1;
        }
        if (!done)
            out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

/* "Which group have the Taliban been battling?": after the question word
 * (and the answer's type noun) comes an auxiliary and then an entity, the
 * subject; the answer is then not the fact's actor. */
static int
ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);

    return n > k && strcmp(s + n - k, tail) == 0;
}

static void
read_subject(struct bot_query *q)
{
    static const char *const be[] = {"is", "are", "was", "were", NULL};
    size_t i, j = 0;

    for (i = 0; i < q->words.n; i++) {
        const char *t = q->words.w[i].text;
        if (!strcmp(t, "who") || !strcmp(t, "whom") || !strcmp(t, "which") ||
            !strcmp(t, "what")) {
            j = i + 1;
            break;
        }
    }
    if (j == 0)
        return;
    if (q->focus >= 0 && (size_t)q->focus >= j)
        j = (size_t)q->focus + 1;
    /* "did", "has", "will": an agent follows; "is", "are": a copula, whose
     * complement is no agent ("what region are the Russian allies in"),
     * unless a verb in -ing follows ("who is the Taliban fighting"). */
    if (j >= q->words.n || !bot_qkind_is_aux(q->words.w[j].text))
        return;
    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        size_t next = t->last + 1;
        if (bot_text_in_list(q->words.w[j].text, be) &&
            (next >= q->words.n || !ends_with(q->words.w[next].text, "ing")))
            continue;
        if (t->kind == BOT_TERM_ENTITY && t->first > j && t->first <= j + 2 &&
            !q->subject_named) {
            q->subject_named = 1;
            q->subject = t->entity;
        }
    }
}

/* "Moscow" in a question also stands for the government it is the seat
 * of: the term takes the concept of the entity it acts for. */
static void
add_party(const struct bot_kb *kb, struct bot_term *t)
{
    int of = kb->entities[t->entity].part_of;

    if (of >= 0 && t->nconcepts < BOT_TERM_CONCEPTS &&
        kb->entities[t->entity].place)
    t->concepts[t->nconcepts++] = kb->entities[of].concept;
}

/* Drops question words; notes the entities named. Returns content count. */
static int
filter_terms(const struct bot_kb *kb, struct bot_query *q)
{
    size_t i, o = 0;
    int content = 0;

    for (i = 0; i < q->terms.n; i++) {
        struct bot_term *t = &q->terms.t[i];
        int focus = q->focus >= 0 && (size_t)q->focus >= t->first &&
                    (size_t)q->focus <= t->last;
        if (q->command_word >= 0 && t->first == (size_t)q->command_word)
            continue; /* "name the country ...": "name" asks, it is not asked */
        if (t->noise && !t->proper)
            continue; /* "bruh", "ngl": known to nobody, asks nothing */
        if (t->kind != BOT_TERM_ENTITY &&
            (focus || is_focus_word(t->word, q->kind, q->duration)))
            continue;
        /* "which russian leader": the answer's own description helps
         * matching but is not something the question names. */
        if (focus && t->kind == BOT_TERM_ENTITY) {
            t->optional = 1;
            q->terms.t[o++] = *t;
            continue;
        }
        /* "when was the closure announced?" over a built table: the
         * day it was said answers it (fit.c), in whatever words the
         * article said it */
        if (q->kind == BOT_KIND_WHEN && kb->built && t->kind == BOT_TERM_WORD &&
            bot_fit_telling_word(t->word)) {
            t->optional = 1;
            q->terms.t[o++] = *t;
            continue;
        }
        if (t->kind == BOT_TERM_ENTITY && q->nentities < 8)
            q->entities[q->nentities++] = t->entity;
        if (t->kind == BOT_TERM_ENTITY)
            add_party(kb, t);
        if ((t->kind == BOT_TERM_WORD || t->kind == BOT_TERM_PHRASE) &&
            !bot_query_is_command_word(t->word))
            content++;
        q->terms.t[o++] = *t;
    }
    q->terms.n = o;
    return content;
}

/* "the canal company": a word naming one entity ("canal": the canal)
 * right before another entity whose name holds it ("the company": the
 * Aldmere Ship Canal Company) is part of the second's name. */
static void
merge_entities(const struct bot_kb *kb, struct bot_terms *terms)
{
    size_t i, o = 0;

    for (i = 0; i < terms->n; i++) {
        const struct bot_term *t = &terms->t[i], *u = t + 1;
        if (i + 1 < terms->n && t->kind == BOT_TERM_ENTITY &&
            u->kind == BOT_TERM_ENTITY && u->entity != t->entity &&
            u->first == t->last + 1 && !strchr(t->word, ' ') &&
            bot_text_has_words(kb->entities[u->entity].name, t->word))
            continue;
        terms->t[o++] = *t;
    }
    terms->n = o;
}

/* The language @text is in when it is plainly not English, or NULL. */
static const char *
foreign_language(const struct bot_kb *kb, const char *text,
                 const struct bot_query *q)
{
    int foreign = 0, noise = 0, words = 0;
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        unsigned char c = (unsigned char)q->words.w[i].text[0];
        if (c < 0x80 && !isalpha(c))
            continue;
        words++;
        foreign += i < 64 && (q->terms.foreign >> i & 1);
        noise += i < 64 && (q->terms.unknown >> i & 1);
    }
    /* "Talibn takeover date": a corrected typo alone is not a language */
    if (noise == 0)
        return NULL;
    return bot_english_language(kb->english, text, strlen(text), foreign,
                                words);
}

int
bot_query_read(struct bot_kb *kb, const char *text, const struct bot_date *now,
               struct bot_query *q)
{
    struct bot_date_ctx ctx;
    char *folded, *expanded;
    size_t start, end;
    enum bot_kind cmd;
    int content, rc;

    memset(q, 0, offsetof(struct bot_query, words));
    q->words.n = 0;
    q->terms.n = 0;
    q->focus = -1;
    q->noun = -1;
    q->command_word = -1;
    q->subject = -1;
    expanded = bot_text_fold(text, strlen(text));
    if (!expanded)
        return BOT_ENOMEM;
    /* "wen is it tmrw" -> "when is it tomorrow", before dates are read */
    folded = bot_english_expand(kb->english, expanded);
    free(expanded);
    if (!folded)
        return BOT_ENOMEM;
    ctx.anchor = kb->published;
    ctx.now = *now;
    if (bot_datescan_find(folded, &ctx, &q->date, &start, &end) == 0) {
        const char *p = folded + start;
        q->date_relative = strstr(p, "today") == p ||
                           strstr(p, "tomorrow") == p ||
                           strstr(p, "yesterday") == p;
        memset(folded + start, ' ', end - start);
    }
    folded = article_for_this(folded);
    if (!folded)
        return BOT_ENOMEM;
    rc = bot_lex_terms(&kb->lex, folded, 0, &q->words, &q->terms);
    if (rc < 0)
        goto out;
    merge_entities(kb, &q->terms);
    {
        struct bot_qkind_marks m = {q->wants_time,   q->duration, q->focus,
                                    q->command_word, -1,          0};
        q->kind = bot_qkind_read(&q->words, &m);
        q->wants_time = m.wants_time;
        q->duration = m.duration;
        q->focus = m.focus;
        q->noun = m.noun;
        q->wants_name = m.wants_name;
        q->command_word = m.command_word;
    }
    mark_proper(text, q);
    q->language = foreign_language(kb, text, q);
    read_flags(&q->words, q);
    q->asks_said = bot_fit_asks_statement(q);
    q->asks_words = bot_fit_asks_words(q);
    q->asks_whither = bot_fit_asks_whither(q);
    read_number(&q->words, &q->terms, q);
    content = filter_terms(kb, q);
    q->content = content;
    read_subject(q);
    expanded = expand_contractions(folded);
    if (!expanded) {
        rc = BOT_ENOMEM;
        goto out;
    }
    cmd = bot_command_read(expanded, &q->words,
                           content == 0 && q->nentities == 0 && !q->date.prec);
    free(expanded);
    if (cmd != BOT_KIND_UNKNOWN) {
        q->kind = cmd;
        q->summary_len = bot_command_summary_length(folded);
        if (cmd == BOT_KIND_COUNTDOWN) { /* drop "days" and the like too */
            q->nentities = 0;
            filter_terms(kb, q);
        }
    }
    rc = q->words.n == 0 ? BOT_EINVAL : 0;
out:
    free(folded);
    return rc;
}
