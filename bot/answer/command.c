/* Commands said in plain words: help, summary, timeline, upcoming,
 * reminders. */
#include "bot/answer/command.h"
#include "bot/knowledge/lexicon.h"
#include "bot/knowledge/text.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

int
bot_command_has_phrase(const char *s, const char *phrase)
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

/* A text to look for phrases in, with the pairs of letters that start its
 * words as bits: a phrase whose first two letters start no word cannot be
 * in it, and most of the hundreds of phrases are ruled out so without a
 * search. */
struct said {
    const char *s;
    unsigned char starts[512];
};

static unsigned
pair_bit(const char *p)
{
    return ((unsigned char)p[0] * 31u + (unsigned char)p[1]) % 4096u;
}

static void
said_init(struct said *t, const char *s)
{
    const char *p;

    t->s = s;
    memset(t->starts, 0, sizeof(t->starts));
    for (p = s; *p; p++) {
        if (p == s || !isalnum((unsigned char)p[-1])) {
            unsigned b = pair_bit(p);
            t->starts[b / 8] |= (unsigned char)(1u << (b % 8));
        }
    }
}

static int
has_any(const struct said *t, const char *const *phrases)
{
    for (; *phrases; phrases++) {
        unsigned b = pair_bit(*phrases);
        if ((t->starts[b / 8] >> (b % 8) & 1) &&
            bot_command_has_phrase(t->s, *phrases))
            return 1;
    }
    return 0;
}

int
bot_command_summary_length(const char *s)
{
    static const char *const one[] = {"one sentence",
                                      "1 sentence",
                                      "one line",
                                      "one-liner",
                                      "one liner",
                                      "single sentence",
                                      "tl;dr",
                                      "tldr",
                                      "tl dr",
                                      "in brief",
                                      "briefly",
                                      "short version",
                                      "in a nutshell",
                                      "quick summary",
                                      "short summary",
                                      "bottom line",
                                      NULL};
    static const char *const two[] = {
        "going on with",  "happening with", "the deal with",      "up with the",
        "the story with", "the latest on",  "the situation with", NULL};
    static const char *const many[] = {"key points", "main points", "bullet",
                                       "highlights", "takeaways",   "in detail",
                                       "longer",     "full",        NULL};
    struct said t;
    const char *p;
    int n;

    said_init(&t, s);
    if (has_any(&t, one))
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
    if (has_any(&t, two) || bot_command_has_phrase(s, "two sentences") ||
        bot_command_has_phrase(s, "two points"))
        return 2;
    if (bot_command_has_phrase(s, "three sentences") ||
        bot_command_has_phrase(s, "three points"))
        return 3;
    if (bot_command_has_phrase(s, "five sentences") ||
        bot_command_has_phrase(s, "five points") || has_any(&t, many))
        return 5;
    return 0;
}

/* The word starting at @p: its length (letters and digits). */
static size_t
word_len(const char *p)
{
    size_t n = 0;

    while (isalnum((unsigned char)p[n]))
        n++;
    return n;
}

static int
word_is(const char *p, size_t n, const char *const *list)
{
    for (; *list; list++) {
        if (strlen(*list) == n && strncmp(p, *list, n) == 0)
            return 1;
    }
    return 0;
}

/* "remind us", "notify me about the hearing", "ping the channel before":
 * a verb of reminding with whom to remind. "Remind me who asked" and
 * "remind me of the date" ask a question again instead. */
static int
asks_to_be_reminded(const char *s)
{
    static const char *const verbs[] = {"remind", "notify", "alert",
                                        "ping",   "warn",   NULL};
    static const char *const whom[] = {
        "us",      "me",   "everyone", "everybody", "people", "all", "here",
        "channel", "team", "group",    "folks",     "them",   NULL};
    static const char *const skip[] = {"the", "this", "our", "my", NULL};
    static const char *const question[] = {
        "what", "who", "when", "where", "why",  "how",   "which", "whether",
        "if",   "of",  "that", "again", "whom", "whose", NULL};
    const char *p = s;

    while (*p) {
        size_t n = word_len(p);
        if (n && (p == s || !isalnum((unsigned char)p[-1])) &&
            word_is(p, n, verbs)) {
            const char *q = p + n;
            q += strspn(q, " ,");
            if (word_is(q, word_len(q), skip)) {
                q += word_len(q);
                q += strspn(q, " ,");
            }
            if (word_is(q, word_len(q), whom)) {
                q += word_len(q);
                q += strspn(q, " ,!.?");
                return !word_is(q, word_len(q), question);
            }
        }
        p += n ? n : 1;
    }
    return 0;
}

/* clang-format off */
static enum bot_kind
reminder_kind(const struct said *t)
{
    static const char *const stop[] = {
        "unsubscribe", "stop reminders", "stop the reminders",
        "stop reminding", "no more reminders", "turn off reminders",
        "turn off the reminders", "turn reminders off", "disable reminders",
        "cancel reminders", "cancel the reminders", "cancel the reminder",
        "cancel reminder", "do not remind", "don't remind", "dont remind",
        "no reminders", "quit reminding",
        "remove reminders", "remove the reminders", "mute reminders",
        "opt out", "stop notifying", "stop the notifications",
        "stop notifications", "end reminders", "delete reminders",
        "delete the reminders", "stop sending reminders",
        "stop sending us reminders", "stop alerts", NULL};
    static const char *const start[] = {
        "subscribe", "sign us up", "sign me up", "opt in", "set a reminder",
        "set up a reminder", "set up reminders", "set reminders",
        "setup reminders", "turn on reminders", "turn reminders on",
        "enable reminders", "start reminders", "keep us posted",
        "keep me posted", "get reminders", "send reminders",
        "send us reminders", "send me reminders", "send a reminder",
        "want reminders", "give us a reminder", "give me a reminder",
        "give us a heads up", "give me a heads up", "reminder please",
        "reminders please", NULL};
    static const char *const about[] = {
        "reminders", "reminder", "subscribed", "subscription",
        "subscriptions", NULL};
    /* clang-format on */

    if (has_any(t, stop))
        return BOT_KIND_UNSUBSCRIBE;
    if (has_any(t, start) || asks_to_be_reminded(t->s))
        return BOT_KIND_SUBSCRIBE;
    if (has_any(t, about))
        return BOT_KIND_REMINDERS;
    return BOT_KIND_UNKNOWN;
}

/* True if @first opens a question of its own: a yes/no auxiliary, or a
 * question word other than "what". */
static int
opens_question(const char *first)
{
    static const char *const wh[] = {"when", "where", "why", "who",
                                     "how",  "which", NULL};

    return bot_lexicon_is_aux(first) || bot_text_in_list(first, wh);
}

/* True if @first opens a question about the article: one of its own
 * (opens_question), or a "what" one. */
static int
asks_of_the_article(const char *first)
{
    return opens_question(first) || !strcmp(first, "what") ||
           !strcmp(first, "whats");
}

/* clang-format off */
enum bot_kind
bot_command_read(const char *s, const struct bot_words *w, int bare)
{
    static const char *const help[] = {
        "commands", "what can you do", "what can i ask",
        "how do i use", "how does this work", "who are you", "what are you",
        "what do you know", "how to use", "usage", "what can you answer",
        "what can you tell me", "what kind of questions", "what questions",
        "questions can i ask", "what should i ask", "how does it work", NULL};
    static const char *const weak_help[] = {"help", NULL};
    static const char *const summary[] = {
        "summary", "summarize", "summarise", "summarized", "summarised",
        "tl;dr", "tldr", "tl dr", "gist", "key points", "main points",
        "overview", "recap", "nutshell", "sum up", "sum it up", "highlights",
        "takeaways", "takeaway", "bottom line", "short version", "main idea",
        "what is the article about", "what is this article about",
        "what is the story about", "what is this about", "what is it about",
        "brief me", "fill me in", "catch me up", "in one sentence",
        "in a sentence", "what is this story about",
        "what is the piece about", "what is this piece about",
        "what is the news about", "what is this news about",
        "what is it all about", "what is the report about",
        "what is this report about", "one line", "in one line", "one-liner",
        "sentences on", "sentences about", "key facts", "main facts",
        "rundown", "run down", "breakdown", "eli5", "explain like",
        "like i am", "like im", "in simple terms", "simple terms",
        "short paragraph", "in a paragraph", "explain this article",
        "explain the article", "explain the story", "explain this story",
        "brief summary", "quick rundown", "the basics", "what should i know",
        "what do i need to know", "give me the story", "sum this up",
        "summarise this", "summarize this", "missed the news", "i missed",
        "give me the background", "the bigger picture", "the big picture",
        "walk me through", "bring me up to speed", "up to speed",
        /* "what's going on with X": the story of X, in brief */
        "going on with", "happening with", "the deal with", "up with the",
        "the story with", "the latest on", "the situation with", NULL};
    static const char *const weak_summary[] = {
        "what happened", "what is happening", "what is going on",
        "what is the news", "what is the story", "headline", "headlines",
        "news", "what is new", NULL};
    static const char *const timeline[] = {
        "timeline", "time line", "chronology", "chronological", "key dates",
        "important dates", "main dates", "all dates", "all the dates",
        "list of dates", "sequence of events", "order of events",
        "what happened when", "list the events", "list of events",
        "dates mentioned", "events in order", "in order what",
        "me in order", "put in order", "oldest to newest", "newest to oldest",
        "first to last", "earliest to latest", "in date order",
        "these in order", "them in order", "order these", "order them",
        "sort these", "day by day", "step by step", "blow by blow",
        "run through what happened", "run thru what happened",
        "what happened in order", "happened in order", "lay out what happened",
        NULL};
    static const char *const weak_timeline[] = {
        "history", "dates", "the dates", "which dates", "what dates",
        "events", NULL};
    static const char *const upcoming[] = {
        "upcoming", "coming up", "what is next", "what next",
        "what happens next", "next step", "next event", "next steps",
        "on the calendar", "future events", "events coming", "happen next",
        "anything coming", "next on the calendar", "coming next", NULL};
    /* asks for the list even with words of its own ("tell me about the
     * upcoming hearing" asks about the hearing) */
    static const char *const ahead[] = {
        "coming up", "anything coming", "what is next", "what happens next",
        "happen next", "coming next", "on the calendar", NULL};
    static const char *const weak_upcoming[] = {
        "scheduled", "ahead", "in the future", "next", "planned", "expected", NULL};
    static const char *const countdown[] = {
        "how many days", "how long until", "how long till", "how long to go",
        "how long before", "how soon", "days until", "days till", "days left",
        "days to go", "countdown", "how many weeks", "weeks until",
        "weeks away", "weeks from now", "weeks left", "days away",
        "how far away", "how long is it until", NULL};
    static const char *const explain[] = {
        "how did you read that", "how did you read it",
        "how did you get that", "how did you come up with that",
        "why that answer", "explain yourself", "show your work",
        "how do you know", NULL};
    static const char *const source[] = {
        "says who", "who says", "who said so", "source", "sources",
        "where does that come from", "where did that come from",
        "where is that from", "according to whom", "according to who",
        "who reported it", "who reported that", "how do they know",
        "is that confirmed", "where did you get that", NULL};
    static const char *const recent[] = {
        "most recent", "most recently", "latest", "newest", "last thing",
        "last event", "lately", NULL};
    /* clang-format on */
    struct said t;
    enum bot_kind k;

    said_init(&t, s);
    k = reminder_kind(&t);
    if (k != BOT_KIND_UNKNOWN)
        return k;
    if ((has_any(&t, explain) && w->n <= 8) ||
        (w->n == 1 && strcmp(w->w[0].text, "explain") == 0))
        return BOT_KIND_EXPLAIN;
    if (has_any(&t, source) && w->n <= 8)
        return BOT_KIND_SOURCE;
    if (has_any(&t, countdown))
        return BOT_KIND_COUNTDOWN;
    if (has_any(&t, recent) && bare)
        return BOT_KIND_RECENT;
    if (bare && (has_any(&t, upcoming) || has_any(&t, weak_upcoming)))
        return BOT_KIND_UPCOMING;
    /* "what's coming up on the investigation?", "anything coming up I
     * could go to?": the list, though the words say more; not "is the
     * hearing still coming up?" or "when is it coming up?" */
    if (has_any(&t, ahead) && w->n > 0 && !opens_question(w->w[0].text))
        return BOT_KIND_UPCOMING;
    if (has_any(&t, timeline) || (bare && has_any(&t, weak_timeline)))
        return BOT_KIND_TIMELINE;
    if (has_any(&t, summary) || (bare && has_any(&t, weak_summary)))
        return BOT_KIND_SUMMARY;
    if (has_any(&t, help) && w->n <= 9)
        return BOT_KIND_HELP;
    /* "help", "can you help me?"; not "why did they need help?" or "is
     * the uni doing anything to help students?" */
    if (has_any(&t, weak_help) && w->n > 0 && w->n <= 9 &&
        (w->n <= 4 || !asks_of_the_article(w->w[0].text)))
        return BOT_KIND_HELP;
    return BOT_KIND_UNKNOWN;
}
