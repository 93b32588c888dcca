/* The article itself as a subject. A question is about the article when
 * it names it ("the article", "this story", "this piece", or a "this"
 * that query.c has read as the article) or asks for a property only an
 * article has (its outlet, writer, editor, headline, sources). Which
 * property it asks for is read from its words. */
#include "bot/answer/meta.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bot/answer/phrase.h"
#include "bot/knowledge/text.h"

enum meta_slot {
    META_NONE = 0,
    META_WRITER,
    META_EDITOR,
    META_OUTLET,
    META_SOURCES,
    META_DATE,
    META_TITLE,
    META_TOPIC /* "is it about X?" of an X the article does not have */
};

/* clang-format off */
static const char *const writer_words[] = {
    "wrote", "write", "writes", "written", "writer", "author", "authored",
    "authors", "byline", "journalist", "reporter", "correspondent", NULL};
static const char *const editor_words[] = {"edited", "editor", "edit", NULL};
static const char *const outlet_words[] = {
    "outlet", "publisher", "publication", "newspaper", "paper", "site",
    "website", "channel", "network", "broadcaster", "magazine", "outlets",
    "media", NULL};
static const char *const source_words[] = {
    "sources", "source", "agency", "agencies", "citing", "cites", "cite",
    NULL};
static const char *const date_words[] = {
    "when", "date", "day", "weekday", "year", "month", "ago", "old",
    "recent", "new", NULL};
static const char *const publish_words[] = {
    "published", "publish", "posted", "released", "came", "come", "out",
    "dated", "run", "ran", "put", "issued", NULL};
static const char *const title_words[] = {"title", "headline", "called",
                                          "titled", "named", NULL};
static const char *const topic_words[] = {"about", "on", "regarding",
                                          "concerning", NULL};
static const char *const article_words[] = {
    "article", "story", "piece", "report", "text", "item", "post", "news",
    NULL};
/* Words that ask nothing of the story in "where did they get it from?" */
static const char *const pad_words[] = {
    "get", "got", "learn", "learned", "hear", "heard", "find", "found",
    "say", "says", "tell", NULL};
/* clang-format on */

static int
has_word(const struct bot_query *q, const char *const *list)
{
    size_t i;

    for (i = 0; i < q->words.n; i++) {
        if (bot_text_in_list(q->words.w[i].text, list))
            return 1;
    }
    return 0;
}

/* The entity standing for the outlet ("DW News"), or -1. */
static int
outlet_entity(const struct bot_kb *kb)
{
    size_t i;

    for (i = 0; kb->outlet && i < kb->nentities; i++) {
        if (strcmp(kb->entities[i].name, kb->outlet) == 0)
            return (int)i;
    }
    return -1;
}

/* True if entity @e is a news source the article cites: a medium other
 * than its own outlet. */
static int
is_source(const struct bot_kb *kb, int e)
{
    const struct bot_entity *en = &kb->entities[e];

    return en->type && strcmp(en->type, "media") == 0 && e != outlet_entity(kb);
}

/* True if a term of @q is about the story: a content word that is not
 * about articles, or an entity other than the outlet and its sources. "per
 * the article, who runs Afghanistan?" asks about the story. */
static int
asks_story(const struct bot_kb *kb, const struct bot_query *q)
{
    static const char *const *const lists[] = {
        writer_words,  editor_words, outlet_words,  source_words, date_words,
        publish_words, title_words,  article_words, pad_words};
    size_t i, k;

    for (i = 0; i < q->terms.n; i++) {
        const struct bot_term *t = &q->terms.t[i];
        int meta = 0;
        if (t->kind == BOT_TERM_ENTITY) {
            if (t->entity != outlet_entity(kb) && !is_source(kb, t->entity) &&
                !(kb->entities[t->entity].person && kb->editor &&
                  strcmp(kb->entities[t->entity].name, kb->editor) == 0))
                return 1;
            continue;
        }
        if (t->kind != BOT_TERM_WORD && t->kind != BOT_TERM_PHRASE)
            continue;
        /* "is this a reuters story?": a word the article does not have
         * names no part of the story; it may name another outlet */
        if (t->nconcepts == 0)
            continue;
        for (k = 0; k < sizeof(lists) / sizeof(lists[0]) && !meta; k++)
            meta = bot_text_in_list(q->words.w[t->first].text, lists[k]);
        if (!meta)
            return 1;
    }
    return 0;
}

static enum meta_slot
read_slot(const struct bot_kb *kb, const struct bot_query *q)
{
    int about = q->at_article || has_word(q, article_words);
    int i;

    if (asks_story(kb, q))
        return META_NONE;

    if (has_word(q, title_words) && about)
        return META_TITLE;
    if (has_word(q, writer_words))
        return META_WRITER;
    if (has_word(q, editor_words))
        return META_EDITOR;
    /* "the publication date of this piece" */
    if (about && has_word(q, date_words) &&
        (has_word(q, publish_words) || has_word(q, outlet_words)))
        return META_DATE;
    if (has_word(q, outlet_words) && !has_word(q, source_words))
        return META_OUTLET;
    /* "where did DW get the news from?", "who reported it first?" */
    for (i = 0; i < q->nentities; i++) {
        if (q->entities[i] == outlet_entity(kb) &&
            (has_word(q, source_words) || q->kind == BOT_KIND_WHERE))
            return META_SOURCES;
    }
    if (about && has_word(q, source_words))
        return META_SOURCES;
    if (about &&
        (has_word(q, publish_words) || has_word(q, date_words) || q->date.prec))
        return META_DATE;
    if (about && q->kind == BOT_KIND_WHO)
        return META_OUTLET; /* "who published this?" */
    if (about && q->kind == BOT_KIND_YESNO && has_word(q, topic_words))
        return META_TOPIC; /* "is this article about the weather?" */
    if (about && q->kind == BOT_KIND_YESNO)
        return META_OUTLET; /* "is this a BBC article?" */
    return META_NONE;
}

/* True if every word of @name is a word of @q. */
static int
says_name(const struct bot_query *q, const char *name)
{
    char word[BOT_WORD_MAX];
    size_t i, n, k;

    while (*name) {
        int found = 0;
        n = strcspn(name, " ");
        for (k = 0; k < n && k + 1 < sizeof(word); k++)
            word[k] = (char)tolower((unsigned char)name[k]);
        word[k] = '\0';
        for (i = 0; i < q->words.n && !found; i++)
            found = strcmp(q->words.w[i].text, word) == 0;
        if (!found)
            return 0;
        name += n;
        while (*name == ' ')
            name++;
    }
    return 1;
}

int
bot_meta_asks_source(const struct bot_kb *kb, const struct bot_query *q)
{
    int i, outlet = 0, e = outlet_entity(kb);

    for (i = 0; i < q->nentities; i++)
        outlet |= q->entities[i] == e;
    if (!has_word(q, source_words) && !(outlet && q->kind == BOT_KIND_WHERE))
        return 0; /* asks for no source: the cheap test first */
    if (!asks_story(kb, q))
        return 0; /* the article's own sources: bot_meta_answer() */
    for (i = 0; i < (int)kb->nentities; i++) {
        if (is_source(kb, i) && says_name(q, kb->entities[i].name))
            return 0; /* "which Russian news agencies?": it names no more */
    }
    /* "which agencies does the article cite for ...", "where did DW get
     * the news about ..." */
    return (has_word(q, source_words) &&
            (outlet || q->at_article || has_word(q, article_words))) ||
           (outlet && q->kind == BOT_KIND_WHERE);
}

/* True if the question names the article's outlet ("is this from DW?"). */
static int
names_outlet(const struct bot_kb *kb, const struct bot_query *q)
{
    int e = outlet_entity(kb), i;

    for (i = 0; i < q->nentities; i++) {
        if (q->entities[i] == e)
            return 1;
    }
    return 0;
}

static void
add_outlet(const struct bot_kb *kb, struct bot_reply *r)
{
    bot_reply_add(r, "%s",
                  kb->outlet ? kb->outlet
                             : "an outlet the "
                               "knowledge does not name");
}

static void
answer_date(const struct bot_kb *kb, const struct bot_query *q,
            const struct bot_date *today, struct bot_reply *r)
{
    static const char *const days[] = {"Monday",   "Tuesday", "Wednesday",
                                       "Thursday", "Friday",  "Saturday",
                                       "Sunday"};
    char pub[48], ago[48];
    long n = bot_date_days_between(&kb->published, today);
    int wd = bot_date_weekday(&kb->published);

    bot_date_format(&kb->published, pub, sizeof(pub));
    if (q->kind == BOT_KIND_YESNO && q->date.prec) {
        int yes = bot_date_overlaps(&q->date, &kb->published);
        bot_reply_add(r, "%s: the article was published on ",
                      yes ? "Yes" : "No");
    } else {
        bot_reply_add(r, "The article was published on ");
    }
    if (wd >= 0)
        bot_reply_add(r, "%s, ", days[wd]);
    bot_reply_add(r, "%s", pub);
    if (n > 0 && n < 365) {
        bot_phrase_countdown(-n, ago, sizeof(ago));
        bot_reply_add(r, " (%s)", ago);
    } else if (n >= 365) {
        long y = n / 365;
        bot_reply_add(r, " (about %ld year%s ago)", y, y == 1 ? "" : "s");
    } else if (n == 0) {
        bot_reply_add(r, " (today)");
    }
    bot_reply_add(r, " by ");
    add_outlet(kb, r);
    bot_reply_add(r, ".");
}

void
bot_meta_sources(const struct bot_kb *kb, int fact, struct bot_reply *r)
{
    size_t i;
    int n = 0;

    r->answered = 1;
    r->confidence = 1;
    if (fact >= 0) {
        const struct bot_fact *f = &kb->facts[fact];
        bot_reply_add(r, "The article says so: \u201c%s\u201d (sentence %d). ",
                      f->quote, f->sentence);
        r->fact = fact;
        bot_reply_source(r, f->sentence);
    }
    for (i = 0; i < kb->nentities; i++) {
        if (!is_source(kb, (int)i))
            continue;
        if (n++ == 0) {
            add_outlet(kb, r);
            bot_reply_add(r, " reports the news citing %s",
                          kb->entities[i].name);
        } else {
            bot_reply_add(r, " and %s", kb->entities[i].name);
        }
        if (kb->entities[i].sentence > 0)
            bot_reply_source(r, kb->entities[i].sentence);
    }
    if (n) {
        bot_reply_add(r, "; it names no other source.");
    } else {
        add_outlet(kb, r);
        bot_reply_add(r, " reports it; the article names no other source.");
    }
}

int
bot_meta_answer(const struct bot_kb *kb, const struct bot_query *q,
                const struct bot_date *today, struct bot_reply *r)
{
    enum meta_slot slot = read_slot(kb, q);

    if (slot == META_NONE)
        return 0;
    r->answered = 1;
    r->confidence = 1;
    r->entity = outlet_entity(kb);
    switch (slot) {
    case META_WRITER:
        if (kb->author) {
            bot_reply_add(r, "%s wrote it for ", kb->author);
            add_outlet(kb, r);
            bot_reply_add(r, ".");
        } else if (kb->editor) {
            bot_reply_add(r,
                          "The article does not name its writer; it was "
                          "edited by %s for ",
                          kb->editor);
            add_outlet(kb, r);
            bot_reply_add(r, ".");
        } else {
            r->answered = 0;
            bot_reply_add(r, "The article does not name its writer. It "
                             "was published by ");
            add_outlet(kb, r);
            bot_reply_add(r, ".");
        }
        break;
    case META_EDITOR:
        if (kb->editor) {
            bot_reply_add(r, "%s edited it for ", kb->editor);
            add_outlet(kb, r);
            bot_reply_add(r, ".");
        } else {
            r->answered = 0;
            bot_reply_add(r, "The article does not name an editor.");
        }
        break;
    case META_OUTLET:
        if (q->kind == BOT_KIND_YESNO)
            bot_reply_add(r, "%s: it was published by ",
                          names_outlet(kb, q) ? "Yes" : "No");
        else
            bot_reply_add(r, "It was published by ");
        add_outlet(kb, r);
        bot_reply_add(r, ".");
        if ((kb->author || kb->editor) && q->kind != BOT_KIND_YESNO)
            bot_reply_add(r, " %s: %s.",
                          kb->author ? "Written by" : "Edited by",
                          kb->author ? kb->author : kb->editor);
        break;
    case META_SOURCES:
        bot_meta_sources(kb, -1, r);
        break;
    case META_DATE:
        answer_date(kb, q, today, r);
        break;
    case META_TITLE:
        bot_reply_add(r, "Its headline is \"%s\".",
                      kb->title ? kb->title : "(none given)");
        break;
    case META_TOPIC:
        bot_reply_add(r, "No: it is about \"%s\".",
                      kb->title ? kb->title : "something else");
        break;
    default:
        break;
    }
    return 1;
}
