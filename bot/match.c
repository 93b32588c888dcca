#include "bot/match.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bot/text.h"

const char *
bot_kind_name(enum bot_kind kind)
{
    switch (kind) {
    case BOT_KIND_WHO:
        return "who";
    case BOT_KIND_WHAT:
    case BOT_KIND_HOW:
        return "what";
    case BOT_KIND_WHEN:
        return "when";
    case BOT_KIND_WHERE:
        return "where";
    case BOT_KIND_WHY:
        return "why";
    case BOT_KIND_HOWMANY:
        return "howmany";
    case BOT_KIND_YESNO:
        return "yesno";
    case BOT_KIND_SUMMARY:
        return "summary";
    case BOT_KIND_TIMELINE:
    case BOT_KIND_RECENT:
        return "timeline";
    case BOT_KIND_UPCOMING:
    case BOT_KIND_COUNTDOWN:
        return "upcoming";
    case BOT_KIND_HELP:
    case BOT_KIND_EXPLAIN:
        return "help";
    default:
        return "unknown";
    }
}

static int
in_list(const char *w, const char *const *list)
{
    for (; *list; list++) {
        if (strcmp(w, *list) == 0)
            return 1;
    }
    return 0;
}

/* True if @phrase occurs in @s as whole words. */
static int
has_phrase(const char *s, const char *phrase)
{
    size_t n = strlen(phrase);
    const char *p = s;

    while ((p = strstr(p, phrase)) != NULL) {
        int before = p == s || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after)
            return 1;
        p++;
    }
    return 0;
}

static int
has_any(const char *s, const char *const *phrases)
{
    for (; *phrases; phrases++) {
        if (has_phrase(s, *phrases))
            return 1;
    }
    return 0;
}

/* The number of sentences asked for: "in one sentence", "3 points". */
static int
summary_length(const char *s)
{
    static const char *const one[] = {
        "one sentence", "1 sentence", "one line", "one-liner", "one liner",
        "single sentence", "tl;dr", "tldr", "tl dr", "in brief", "briefly",
        "short version", "in a nutshell", "quick summary", "short summary",
        "bottom line", NULL};
    static const char *const many[] = {"key points", "main points",
                                       "bullet", "highlights", "takeaways",
                                       "in detail", "longer", "full", NULL};
    const char *p;
    int n;

    if (has_any(s, one))
        return 1;
    for (p = s; *p; p++) {
        if (*p >= '2' && *p <= '9' && !isalnum((unsigned char)p[1]) &&
            (p == s || !isalnum((unsigned char)p[-1]))) {
            n = *p - '0';
            if (strstr(p, "sentence") || strstr(p, "point") ||
                strstr(p, "line") || strstr(p, "bullet"))
                return n > 6 ? 6 : n;
        }
    }
    if (has_phrase(s, "two sentences") || has_phrase(s, "two points"))
        return 2;
    if (has_phrase(s, "three sentences") || has_phrase(s, "three points"))
        return 3;
    if (has_phrase(s, "five sentences") || has_phrase(s, "five points") ||
        has_any(s, many))
        return 5;
    return 0;
}

/* Commands in plain words; BOT_KIND_UNKNOWN if @s is a question. A
 * weak phrase ("what happened", "history") counts only when @bare, that is
 * when the question names no entity and no date. */
static enum bot_kind
read_command(const char *s, const struct bot_words *w, int bare)
{
    static const char *const help[] = {
        "help", "commands", "what can you do", "what can i ask",
        "how do i use", "how does this work", "who are you", "what are you",
        "what do you know", "how to use", "usage", "what can you answer",
        "what can you tell me", "what kind of questions", "what questions",
        "questions can i ask", "what should i ask", "how does it work",
        NULL};
    static const char *const summary[] = {
        "summary", "summarize", "summarise", "summarized", "summarised",
        "tl;dr", "tldr", "tl dr", "gist", "key points", "main points",
        "overview", "recap", "nutshell", "sum up", "sum it up", "highlights",
        "takeaways", "takeaway", "bottom line", "short version", "main idea",
        "what is the article about", "what is this article about",
        "what is the story about", "what is this about", "what is it about",
        "brief me", "fill me in", "catch me up",
        "in one sentence", "in a sentence", NULL};
    static const char *const weak_summary[] = {
        "what happened", "what is happening",
        "what is going on", "what is the news",
        "what is the story", "headline", "headlines", "the article", "news",
        "what is new", NULL};
    static const char *const timeline[] = {
        "timeline", "time line", "chronology", "chronological", "key dates",
        "important dates", "main dates", "all dates", "all the dates",
        "list of dates", "sequence of events", "order of events",
        "what happened when", "list the events", "list of events",
        "dates mentioned", NULL};
    static const char *const weak_timeline[] = {
        "history", "dates", "the dates", "which dates", "what dates",
        "events", NULL};
    static const char *const upcoming[] = {
        "upcoming", "coming up", "what is next",
        "what next", "what happens next", "next step", "next event",
        "next steps", "on the calendar", "future events", "events coming",
        "happen next", "anything coming", NULL};
    static const char *const weak_upcoming[] = {
        "scheduled", "ahead", "in the future", "next", "planned", "expected",
        NULL};
    static const char *const countdown[] = {
        "how many days", "how long until", "how long till", "how long to go",
        "how long before", "how soon", "days until", "days till",
        "days left", "days to go", "countdown", "how many weeks until",
        "days away", "how far away", "how long is it until", NULL};
    static const char *const recent[] = {
        "most recent", "most recently", "latest", "newest", "last thing",
        "last event", "lately", NULL};

    if (w->n == 1 && (strcmp(w->w[0].text, "why") == 0 ||
                      strcmp(w->w[0].text, "explain") == 0 ||
                      strcmp(w->w[0].text, "source") == 0 ||
                      strcmp(w->w[0].text, "how") == 0))
        return BOT_KIND_EXPLAIN;
    if (has_phrase(s, "how do you know") || has_phrase(s, "explain that") ||
        has_phrase(s, "why that answer") || has_phrase(s, "explain yourself"))
        return BOT_KIND_EXPLAIN;
    if (has_any(s, countdown))
        return BOT_KIND_COUNTDOWN;
    if (has_any(s, recent) && bare)
        return BOT_KIND_RECENT;
    if (bare && (has_any(s, upcoming) || has_any(s, weak_upcoming)))
        return BOT_KIND_UPCOMING;
    if (has_any(s, timeline) || (bare && has_any(s, weak_timeline)))
        return BOT_KIND_TIMELINE;
    if (has_any(s, summary) || (bare && has_any(s, weak_summary)))
        return BOT_KIND_SUMMARY;
    if (has_any(s, help) && w->n <= 6)
        return BOT_KIND_HELP;
    return BOT_KIND_UNKNOWN;
}

static const char *const aux[] = {
    "is",     "are",  "was",   "were",  "do",    "does",   "did",
    "has",    "have", "had",   "will",  "would", "can",    "could",
    "should", "shall", "may",  "might", "must",  "isnt",   "arent",
    "wasnt",  "didnt", "doesnt", "hasnt", "havent", "wont", NULL};

static const char *const fillers[] = {
    "and", "so", "ok", "okay", "hey", "hi", "hello", "but", "then", "also",
    "well", "um", "newsbot", "bot", "please", "pls", "quick", "question",
    "q", "yo", "oh", "ah", "right", "now", "sorry", "btw", "anyway", NULL};

/* The question's kind read from "what year", "which country", ... */
static enum bot_kind
kind_of_which(const char *noun, struct bot_query *q)
{
    static const char *const when[] = {"year", "month", "day", "date",
                                       "week", "decade", NULL};
    static const char *const where[] = {"place", "city", "location", "venue",
                                        "region", "town", "part", NULL};
    static const char *const who[] = {
        "organization", "organisation", "office", "group", "country",
        "person", "agency", "body", "court", "official", "president",
        "leader", "man", "woman", "people", "party", "nation", "state",
        "government", "authority", "institution", "service", "movement",
        "countries", "groups", "politician", "outlet", "newspaper",
        "journalist", "editor", "parliament", "ally", "allies", NULL};

    if (strcmp(noun, "time") == 0 || strcmp(noun, "hour") == 0) {
        q->wants_time = 1;
        return BOT_KIND_WHEN;
    }
    if (in_list(noun, when))
        return BOT_KIND_WHEN;
    if (in_list(noun, where))
        return BOT_KIND_WHERE;
    if (in_list(noun, who))
        return BOT_KIND_WHO;
    if (strcmp(noun, "reason") == 0 || strcmp(noun, "for") == 0)
        return BOT_KIND_WHY;
    if (strcmp(noun, "number") == 0 || strcmp(noun, "amount") == 0)
        return BOT_KIND_HOWMANY;
    return BOT_KIND_WHAT;
}

/* The kind a question word starting at word @i asks for, or UNKNOWN. */
static enum bot_kind
kind_at(const struct bot_words *w, size_t i, struct bot_query *q)
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
        q->duration = !strcmp(next, "long") ||
                      (!strcmp(next, "many") && i + 2 < w->n &&
                       (!strcmp(w->w[i + 2].text, "years") ||
                        !strcmp(w->w[i + 2].text, "months")));
        if (!strcmp(next, "many") || !strcmp(next, "much") ||
            !strcmp(next, "long") || !strcmp(next, "old") ||
            !strcmp(next, "big") || !strcmp(next, "large") ||
            !strcmp(next, "often") || !strcmp(next, "far"))
            return BOT_KIND_HOWMANY;
        if (!strcmp(next, "come"))
            return BOT_KIND_WHY;
        return BOT_KIND_HOW;
    }
    if (!strcmp(t, "which") || !strcmp(t, "what") || !strcmp(t, "whats") ||
        (i == 0 && (!strcmp(t, "name") || !strcmp(t, "list")))) {
        size_t j = i + 1, seen = 0, ahead = strcmp(t, "what") ? 3 : 1;
        /* "what did ...", "which is ...": a what-question. */
        if (j < w->n && in_list(w->w[j].text, aux))
            return BOT_KIND_WHAT;
        /* "which central asian country": the noun names the answer. */
        for (; j < w->n && seen < ahead; j++) {
            enum bot_kind k;
            if (bot_text_is_stopword(w->w[j].text) ||
                !strcmp(w->w[j].text, "kind") || !strcmp(w->w[j].text, "exact"))
                continue;
            k = kind_of_which(w->w[j].text, q);
            seen++;
            if (k != BOT_KIND_WHAT) {
                q->focus = (int)j;
                q->command_word = !strcmp(t, "name") || !strcmp(t, "list")
                                      ? (int)i
                                      : -1;
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
                                       "no", "innit", "eh", NULL};
    const char *last = w->n ? w->w[w->n - 1].text : "";
    const char *prev = w->n > 1 ? w->w[w->n - 2].text : "";

    if (in_list(last, tags))
        return 1;
    /* "isn't it", "is that so" */
    return !strcmp(last, "it") && (!strcmp(prev, "not") || !strcmp(prev, "is"));
}

static enum bot_kind
read_kind(const struct bot_words *w, struct bot_query *q)
{
    size_t i = 0, j;
    enum bot_kind k;

    while (i < w->n && in_list(w->w[i].text, fillers))
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
    if (in_list(w->w[i].text, aux) || !strcmp(w->w[i].text, "true") ||
        is_tag_question(w))
        return BOT_KIND_YESNO;
    /* Keyword style: "hearing date?", "taliban banned what year". */
    for (j = i; j < w->n; j++) {
        const char *t = w->w[j].text;
        k = kind_at(w, j, q);
        if (k != BOT_KIND_UNKNOWN)
            return k;
        if (!strcmp(t, "date") || !strcmp(t, "year") || !strcmp(t, "day") ||
            !strcmp(t, "month"))
            return BOT_KIND_WHEN;
        if (!strcmp(t, "reason"))
            return BOT_KIND_WHY;
    }
    return BOT_KIND_WHAT;
}

/* Reads tense, negation, pronouns and a claimed number from the words. */
static void
read_flags(const struct bot_words *w, struct bot_query *q)
{
    static const char *const past[] = {"did", "has", "have", "had",
                                       "already", "yet", NULL};
    static const char *const neg[] = {"not", "no", "never", "none", NULL};
    static const char *const thing[] = {"it", "its", "that", "this", "there",
                                        NULL};
    static const char *const person[] = {"he", "she", "him", "her", "his",
                                         NULL};
    static const char *const group[] = {"they", "them", "their", NULL};
    static const char *const outcome[] = {"outcome", "result", "results",
                                          "verdict", "judgment", NULL};
    static const char *const done[] = {
        "decide",  "decided",  "rule",     "ruled",   "lift",     "lifted",
        "happen",  "happened", "held",     "end",     "ended",    "approve",
        "approved", "grant",   "granted",  "reject",  "rejected", "suspend",
        "suspended", "take",   "taken",    "conclude", "concluded", NULL};
    static const char *const article[] = {"article", "published", "story",
                                          "report", "written", "piece",
                                          NULL};
    size_t i;

    for (i = 0; i < w->n; i++) {
        const char *t = w->w[i].text;
        if (in_list(t, outcome) ||
            (in_list(t, done) && (q->past || (i > 0 && !strcmp(
                                                  w->w[i - 1].text, "was")))))
            q->outcome = 1;
        if (in_list(t, article))
            q->at_article = 1;
        if (in_list(t, past))
            q->past = 1;
        if (!strcmp(t, "will") || !strcmp(t, "going") || !strcmp(t, "gonna"))
            q->future = 1;
        if (in_list(t, neg))
            q->negated = 1;
        if (!q->ref && in_list(t, person))
            q->ref = BOT_REF_PERSON;
        else if (!q->ref && in_list(t, group))
            q->ref = BOT_REF_GROUP;
        else if (!q->ref && in_list(t, thing))
            q->ref = BOT_REF_THING;
    }
}

/* "more than 100", "fewer than 50", "about 140", "100". */
static void
read_number(const struct bot_words *w, const struct bot_terms *terms,
            struct bot_query *q)
{
    static const char *const gt[] = {"more", "over", "above", "least",
                                      "exceeding", "beyond", NULL};
    static const char *const lt[] = {"fewer", "less", "under", "below",
                                      "most", NULL};
    static const char *const about[] = {"about", "around", "roughly",
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
            if (in_list(w->w[k].text, gt))
                q->number.cmp = BOT_CMP_GT;
            else if (in_list(w->w[k].text, lt))
                q->number.cmp = BOT_CMP_LT;
            else if (in_list(w->w[k].text, about))
                q->number.cmp = BOT_CMP_ABOUT;
        }
        return;
    }
}

/* True for words that only say what kind of answer is wanted. */
static int
is_focus_word(const char *w, enum bot_kind kind)
{
    static const char *const when[] = {"date", "year", "month", "day",
                                       "time", "week", "decade", "dates",
                                       "years", "months", "days", NULL};
    static const char *const where[] = {"place", "location", "city",
                                        "located", "happen", NULL};
    static const char *const why[] = {"reason", "reasons", "because",
                                      "cause", "motive", NULL};
    static const char *const many[] = {"many", "much", "number", "amount",
                                       "total", "count", NULL};
    static const char *const any[] = {"true", "correct", "right", "know",
                                      "tell", "article", "mention", NULL};

    switch (kind) {
    case BOT_KIND_WHEN:
    case BOT_KIND_COUNTDOWN:
        return in_list(w, when);
    case BOT_KIND_WHERE:
        return in_list(w, where);
    case BOT_KIND_WHY:
        return in_list(w, why);
    case BOT_KIND_HOWMANY:
        return in_list(w, many);
    case BOT_KIND_YESNO:
        return in_list(w, any);
    default:
        return 0;
    }
}

/* Words that name a command rather than a topic. */
static int
is_command_word(const char *w)
{
    static const char *const words[] = {
        "history", "dates",   "events", "news",    "headline", "headlines",
        "article", "scheduled", "ahead", "future", "next",     "planned",
        "expected", "new",    "story",  "event",   "summary",  "development",
        "developments", "update", "updates", "happened", "upcoming",
        "coming", "recent", "recently", "lately", "latest", "timeline",
        "dates", NULL};
    return in_list(w, words);
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
            int cap = isupper((unsigned char)b[0]);
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

/* "what's" -> "what is", so that command phrases need one spelling. */
static char *
expand_contractions(const char *s)
{
    static const char *const wh[] = {"what", "where", "who", "when", "how",
                                     "that", "it", "there", "whats", NULL};
    char *out = malloc(strlen(s) * 2 + 1);
    size_t o = 0;
    const char *p = s;

    if (!out)
        return NULL;
    while (*p) {
        const char *const *w;
        int done = 0;
        for (w = wh; *w && !done; w++) {
            size_t n = strlen(*w);
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
        if (!done && strncmp(p, "whats", 5) == 0 && !isalnum((unsigned char)p[5]) &&
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

/* Drops question words; notes the entities named. Returns content count. */
static int
filter_terms(struct bot_query *q)
{
    size_t i, o = 0;
    int content = 0;

    for (i = 0; i < q->terms.n; i++) {
        struct bot_term *t = &q->terms.t[i];
        int focus = q->focus >= 0 && (size_t)q->focus >= t->first &&
                    (size_t)q->focus <= t->last;
        if (q->command_word >= 0 && t->first == (size_t)q->command_word)
            continue; /* "name the country ...": "name" asks, it is not asked */
        if (t->kind != BOT_TERM_ENTITY &&
            (focus || is_focus_word(t->word, q->kind)))
            continue;
        /* "which russian leader": the answer's own description helps
         * matching but is not something the question names. */
        if (focus && t->kind == BOT_TERM_ENTITY)
            t->kind = BOT_TERM_LIGHT;
        if (t->kind == BOT_TERM_ENTITY && q->nentities < 8)
            q->entities[q->nentities++] = t->entity;
        if ((t->kind == BOT_TERM_WORD || t->kind == BOT_TERM_PHRASE) &&
            !is_command_word(t->word))
            content++;
        q->terms.t[o++] = *t;
    }
    q->terms.n = o;
    return content;
}

int
bot_match_read(struct bot_kb *kb, const char *text, const struct bot_date *now,
               struct bot_query *q)
{
    struct bot_date_ctx ctx;
    char *folded, *expanded;
    size_t start, end;
    enum bot_kind cmd;
    int content, rc;

    memset(q, 0, sizeof(*q));
    q->focus = -1;
    q->command_word = -1;
    folded = bot_text_fold(text, strlen(text));
    if (!folded)
        return BOT_ENOMEM;
    ctx.anchor = kb->published;
    ctx.now = *now;
    if (bot_date_scan(folded, &ctx, &q->date, &start, &end) == 0) {
        const char *p = folded + start;
        q->date_relative = strstr(p, "today") == p ||
                           strstr(p, "tomorrow") == p ||
                           strstr(p, "yesterday") == p;
        memset(folded + start, ' ', end - start);
    }
    rc = bot_lex_terms(&kb->lex, folded, 0, &q->words, &q->terms);
    if (rc < 0)
        goto out;
    q->kind = read_kind(&q->words, q);
    mark_proper(text, q);
    read_flags(&q->words, q);
    read_number(&q->words, &q->terms, q);
    content = filter_terms(q);
    expanded = expand_contractions(folded);
    if (!expanded) {
        rc = BOT_ENOMEM;
        goto out;
    }
    cmd = read_command(expanded, &q->words,
                       content == 0 && q->nentities == 0 && !q->date.prec);
    free(expanded);
    if (cmd != BOT_KIND_UNKNOWN) {
        q->kind = cmd;
        q->summary_len = summary_length(folded);
        if (cmd == BOT_KIND_COUNTDOWN) { /* drop "days" and the like too */
            q->nentities = 0;
            filter_terms(q);
        }
    }
    rc = q->words.n == 0 ? BOT_EINVAL : 0;
out:
    free(folded);
    return rc;
}

static double
term_weight(const struct bot_term *t)
{
    switch (t->kind) {
    case BOT_TERM_ENTITY:
        return 1.5;
    case BOT_TERM_PHRASE:
        return 1.2;
    case BOT_TERM_LIGHT:
        return 0.25;
    default:
        return 1.0;
    }
}

static int
has_concept(const int *set, size_t n, int c)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set[mid] == c)
            return 1;
        if (set[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* 1 if the set has one of the term's concepts, -1 if it has an opposite. */
static int
term_in(const struct bot_lex *lex, const struct bot_term *t, const int *set,
        size_t n)
{
    int i;
    size_t j;

    for (i = 0; i < t->nconcepts; i++) {
        if (has_concept(set, n, t->concepts[i]))
            return 1;
    }
    for (i = 0; i < t->nconcepts; i++) {
        for (j = 0; j < lex->nantonyms; j++) {
            const int *p = lex->antonyms[j];
            if ((p[0] == t->concepts[i] && has_concept(set, n, p[1])) ||
                (p[1] == t->concepts[i] && has_concept(set, n, p[0])))
                return -1;
        }
    }
    return 0;
}

static int
fact_names(const struct bot_fact *f, int entity)
{
    int i;

    for (i = 0; i < f->nactors; i++) {
        if (f->actors[i] == entity)
            return 1;
    }
    for (i = 0; i < f->nothers; i++) {
        if (f->others[i] == entity)
            return 1;
    }
    return 0;
}

static int
query_names(const struct bot_query *q, int entity)
{
    int i;

    for (i = 0; i < q->nentities; i++) {
        if (q->entities[i] == entity)
            return 1;
    }
    return 0;
}

/* True if the question names one of the fact's actors. */
static int
names_actor(const struct bot_query *q, const struct bot_fact *f)
{
    int i;

    for (i = 0; i < f->nactors; i++) {
        if (query_names(q, f->actors[i]))
            return 1;
    }
    return 0;
}

/* How well a fact can answer this kind of question, 0..1. */
static double
kind_fit(const struct bot_kb *kb, const struct bot_query *q,
         const struct bot_fact *f)
{
    int i, fresh = 0, place = 0;

    for (i = 0; i < f->nactors + f->nothers; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        const char *type = kb->entities[e].type;
        fresh += !query_names(q, e);
        place += !query_names(q, e) && type &&
                 (!strcmp(type, "city") || !strcmp(type, "country") ||
                  !strcmp(type, "region"));
    }
    switch (q->kind) {
    case BOT_KIND_YESNO:
        return !q->date.prec || f->date.prec ? 1.0 : 0.6;
    case BOT_KIND_WHEN:
        return f->date.prec ? 1.0 : 0.3;
    case BOT_KIND_COUNTDOWN:
        return f->date.prec >= BOT_PREC_DAY ? 1.0 : 0.4;
    case BOT_KIND_WHERE:
        return f->where ? 1.0 : place ? 0.8 : 0.4;
    case BOT_KIND_WHY:
        return f->why ? 1.0 : f->how ? 0.8 : 0.7;
    case BOT_KIND_HOW:
        return f->how ? 1.0 : 0.85;
    case BOT_KIND_HOWMANY:
        return f->nnumbers ? 1.0 : q->duration && f->date.prec ? 0.9 : 0.3;
    case BOT_KIND_WHO:
        return fresh ? 1.0 : 0.5;
    default:
        return 1.0;
    }
}

/* Coverage of the question's terms by a concept set. */
struct cover {
    double got, total;
    int unmatched, unmatched_entities, contradicted;
    int predicates, predicates_got; /* content words, not entities */
};

static void
cover_terms(const struct bot_lex *lex, const struct bot_query *q,
            const int *set, size_t n, struct cover *c)
{
    size_t i;

    memset(c, 0, sizeof(*c));
    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        double w = term_weight(t);
        int in;
        if (t->kind == BOT_TERM_NUMBER && q->kind == BOT_KIND_YESNO)
            continue; /* a claimed number is checked, not matched */
        in = term_in(lex, t, set, n);
        c->total += w;
        if (in < 0)
            c->contradicted = 1;
        if (in != 0)
            c->got += w;
        else if (t->kind == BOT_TERM_ENTITY || t->proper)
            c->unmatched_entities++;
        else if (t->kind != BOT_TERM_LIGHT)
            c->unmatched++;
        if (t->kind == BOT_TERM_WORD || t->kind == BOT_TERM_PHRASE) {
            c->predicates++;
            c->predicates_got += in != 0;
        }
    }
}

/* Turns coverage into a score: each uncovered word costs 30%, each
 * uncovered entity half (the fact is about someone else), and a question
 * that says something about its entities needs some of it said by the
 * fact too. */
static double
cover_score(const struct cover *c)
{
    double s;

    if (c->total <= 0)
        return 0;
    s = c->got / c->total * pow(0.7, c->unmatched) *
        pow(0.5, c->unmatched_entities);
    if (c->predicates > 0 && c->predicates_got == 0)
        s *= 0.5;
    return s;
}

static void
score_fact(const struct bot_kb *kb, const struct bot_query *q, int i,
           int prev_fact, int ref_entity, struct bot_hit *h)
{
    const struct bot_fact *f = &kb->facts[i];
    struct cover c;
    double bonus;

    cover_terms(&kb->lex, q, f->concepts, f->nconcepts, &c);
    if (q->date.prec && q->kind != BOT_KIND_YESNO) {
        c.total += 1.5;
        if (f->date.prec && bot_date_overlaps(&q->date, &f->date))
            c.got += 1.5;
        else
            c.unmatched++;
    }
    /* A pronoun leans towards what the conversation was about, without
     * costing other facts anything. */
    bonus = 0;
    if (ref_entity >= 0)
        bonus = fact_names(f, ref_entity) ? 0.15 : 0;
    else if (q->ref && prev_fact >= 0)
        bonus = i == prev_fact ? 0.15 : 0;
    h->fact = i;
    h->entity = -1;
    h->substituted = 0;
    h->contradicted = c.contradicted;
    h->unmatched = c.unmatched + c.unmatched_entities;
    /* Ties go to the fact whose actor the question names, then to the
     * more specific fact, then to the more important one. */
    h->score = cover_score(&c) * kind_fit(kb, q, f) + bonus +
               0.03 * names_actor(q, f) +
               0.02 * c.got / (double)(f->nconcepts + 4) +
               0.001 * f->importance;
}

/* An entity's description answers "who is X?", "what is X?", "where is
 * X?": the question names the entity and asks nothing else of it. */
static void
score_entity(const struct bot_kb *kb, const struct bot_query *q, int e,
             int ref_entity, struct bot_hit *h)
{
    const struct bot_entity *ent = &kb->entities[e];
    struct cover c;

    h->fact = -1;
    h->entity = e;
    h->score = 0;
    h->substituted = 0;
    if (q->kind != BOT_KIND_WHO && q->kind != BOT_KIND_WHAT &&
        q->kind != BOT_KIND_WHERE && q->kind != BOT_KIND_HOW)
        return;
    if (q->kind == BOT_KIND_WHERE && !ent->where)
        return;
    if (!query_names(q, e) && e != ref_entity)
        return;
    cover_terms(&kb->lex, q, ent->concepts, ent->nconcepts, &c);
    if (ref_entity == e) {
        c.total += 1.5;
        c.got += 1.5;
    }
    if (c.predicates > 0 || q->date.prec)
        return;
    h->unmatched = c.unmatched;
    /* "Who is X?" asks for X itself, not for a fact X is part of. */
    h->score = cover_score(&c) + 0.08;
}

static void
consider(struct bot_match *m, const struct bot_hit *h)
{
    if (h->score > m->best.score) {
        if (m->best.fact != h->fact || m->best.entity != h->entity)
            m->second = m->best;
        m->best = *h;
    } else if (h->score > m->second.score) {
        m->second = *h;
    }
}

/* "Was it the FSB that asked the court?": the claim names the wrong
 * actor. Scores the fact as if the question named its actor instead. */
static void
score_substitute(const struct bot_kb *kb, const struct bot_query *q, int i,
                 struct bot_hit *h)
{
    const struct bot_fact *f = &kb->facts[i];
    struct bot_query *alt;
    size_t k, o = 0;
    int dropped = 0;

    h->score = 0;
    for (k = 0; k < q->terms.n; k++) {
        const struct bot_term *t = &q->terms.t[k];
        dropped += t->kind == BOT_TERM_ENTITY && !fact_names(f, t->entity);
    }
    if (dropped != 1 || f->nactors == 0 || names_actor(q, f))
        return;
    alt = malloc(sizeof(*alt));
    if (!alt)
        return;
    *alt = *q;
    for (k = 0; k < q->terms.n; k++) {
        const struct bot_term *t = &q->terms.t[k];
        if (t->kind != BOT_TERM_ENTITY || fact_names(f, t->entity))
            alt->terms.t[o++] = *t;
    }
    alt->terms.n = o;
    score_fact(kb, alt, i, -1, -1, h);
    h->substituted = 1;
    free(alt);
}

void
bot_match_rank(const struct bot_kb *kb, const struct bot_query *q,
               int prev_fact, int ref_entity, struct bot_match *m)
{
    struct bot_hit h;
    size_t i;

    memset(m, 0, sizeof(*m));
    m->best.fact = m->second.fact = -1;
    m->best.entity = m->second.entity = -1;
    for (i = 0; i < kb->nfacts; i++) {
        score_fact(kb, q, (int)i, prev_fact, ref_entity, &h);
        consider(m, &h);
    }
    for (i = 0; i < kb->nentities; i++) {
        score_entity(kb, q, (int)i, ref_entity, &h);
        consider(m, &h);
    }
    if (q->kind != BOT_KIND_YESNO || m->best.score >= BOT_MATCH_THRESHOLD)
        return;
    for (i = 0; i < kb->nfacts; i++) {
        score_substitute(kb, q, (int)i, &h);
        /* Only a clear match of everything else counts. */
        if (h.score >= 0.9)
            consider(m, &h);
    }
}
