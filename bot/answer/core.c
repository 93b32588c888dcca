/* The question answerer's one entry point: reads a question in its
 * conversation and picks the reply. No I/O, no clock reads. */
#include "bot/answer/core.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/answer/articles.h"
#include "bot/answer/compare.h"
#include "bot/answer/contact.h"
#include "bot/answer/digest.h"
#include "bot/answer/handoff.h"
#include "bot/answer/match.h"
#include "bot/answer/meta.h"
#include "bot/answer/parts.h"
#include "bot/answer/roles.h"
#include "bot/answer/smalltalk.h"
#include "bot/base/log.h"
#include "bot/knowledge/library.h"
#include "bot/knowledge/text.h"

static struct bot_kb *article(struct bot_core *core, size_t i);

int
bot_core_init(struct bot_core *core, const char *dir)
{
    struct bot_kb *kbs = NULL;
    size_t n = 0;
    int rc;

    memset(core, 0, sizeof(*core));
    rc = bot_library_load(dir, &kbs, &n);
    if (rc < 0)
        return rc;
    /* the newest in place, the others behind it */
    core->library = !bot_library_is_article(dir);
    core->kb = kbs[0];
    if (n > 1) {
        core->more = malloc((n - 1) * sizeof(*core->more));
        if (!core->more) {
            bot_library_release(kbs, n);
            memset(core, 0, sizeof(*core));
            return BOT_ENOMEM;
        }
        memcpy(core->more, kbs + 1, (n - 1) * sizeof(*core->more));
        core->nmore = n - 1;
    }
    free(kbs);
    rc = bot_convos_init(&core->convos, 512);
    if (rc == 0 && n > 1) {
        struct bot_kb **all = malloc(n * sizeof(*all));
        size_t i;
        rc = all ? 0 : BOT_ENOMEM;
        for (i = 0; all && i < n; i++)
            all[i] = article(core, i);
        if (rc == 0)
            rc = bot_names_build(&core->names, all, n);
        free(all);
    }
    core->print = bot_handoff_fingerprint(core);
    if (rc < 0)
        bot_core_release(core);
    return rc;
}

void
bot_core_release(struct bot_core *core)
{
    size_t i;

    bot_kb_release(&core->kb);
    bot_library_release(core->more, core->nmore);
    bot_names_release(&core->names);
    for (i = 0; i < core->npins; i++)
        free(core->pins[i].channel);
    free(core->pins);
    bot_convos_release(&core->convos);
    memset(core, 0, sizeof(*core));
}

size_t
bot_core_count(const struct bot_core *core)
{
    return 1 + core->nmore;
}

const struct bot_kb *
bot_core_nth(const struct bot_core *core, size_t i)
{
    return i == 0 ? &core->kb : &core->more[i - 1];
}

/* The same, to answer from: reading a question caches words in it. */
static struct bot_kb *
article(struct bot_core *core, size_t i)
{
    return i == 0 ? &core->kb : &core->more[i - 1];
}

size_t
bot_core_articles(const struct bot_core *core, const struct bot_kb **kbs,
                  size_t cap)
{
    size_t i, n = bot_core_count(core);

    for (i = 0; i < n && i < cap; i++)
        kbs[i] = bot_core_nth(core, i);
    return i;
}

int
bot_core_pin(struct bot_core *core, const char *spec)
{
    const char *p = spec;

    while (p && *p) {
        size_t len = strcspn(p, ","), eq = strcspn(p, "=");
        size_t i, n = bot_core_count(core);
        struct bot_pin *grown;
        int article = -1;
        if (eq >= len || eq == 0 || eq + 1 == len)
            return bot_fail(BOT_EINVAL,
                            "NEWSBOT_PIN: want CHANNEL=ARTICLE[,...], not "
                            "'%.*s'",
                            (int)len, p);
        for (i = 0; i < n && article < 0; i++) {
            size_t flen;
            const char *name = bot_kb_folder(bot_core_nth(core, i), &flen);
            if (flen == len - eq - 1 && strncmp(name, p + eq + 1, flen) == 0)
                article = (int)i;
        }
        if (article < 0)
            return bot_fail(BOT_EINVAL, "NEWSBOT_PIN: no article folder '%.*s'",
                            (int)(len - eq - 1), p + eq + 1);
        grown = realloc(core->pins, (core->npins + 1) * sizeof(*grown));
        if (!grown)
            return BOT_ENOMEM;
        core->pins = grown;
        grown[core->npins].channel = strndup(p, eq);
        if (!grown[core->npins].channel)
            return BOT_ENOMEM;
        grown[core->npins++].article = article;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* The article conversation @key talks about when it has not picked one:
 * its channel's pin, or the newest. */
static int
default_article(const struct bot_core *core, const char *key)
{
    size_t i;

    for (i = 0; key && i < core->npins; i++) {
        size_t n = strlen(core->pins[i].channel);
        if (strncmp(key, core->pins[i].channel, n) == 0 &&
            (key[n] == '\0' || key[n] == '/'))
            return core->pins[i].article;
    }
    return 0;
}

static int
article_of(const struct bot_core *core, const struct bot_context *ctx,
           const char *key)
{
    if (ctx->article >= 0 && (size_t)ctx->article < bot_core_count(core))
        return ctx->article;
    return default_article(core, key);
}

const char *
bot_core_article(const struct bot_core *core, const char *key)
{
    const struct bot_context *ctx = bot_convos_find(&core->convos, key);
    const struct bot_kb *kb =
        bot_core_nth(core, ctx ? (size_t)article_of(core, ctx, key)
                               : (size_t)default_article(core, key));

    return kb->title ? kb->title : kb->dir;
}

/* Refuses text that cannot be a question; returns 1 if it did. */
static int
refuse_bad_text(const struct bot_ask *ask, struct bot_reply *r)
{
    size_t i;

    if (ask->len > BOT_TEXT_MAX) {
        bot_reply_add(r,
                      "That message is too long (%zu bytes); please ask "
                      "in fewer than %d bytes.",
                      ask->len, BOT_TEXT_MAX);
        return 1;
    }
    if (bot_text_utf8_check(ask->text, ask->len) < 0 ||
        memchr(ask->text, '\0', ask->len)) {
        bot_reply_add(r, "I couldn't read that message: it is not valid "
                         "UTF-8 text.");
        return 1;
    }
    for (i = 0; i < ask->len; i++) {
        if (!isspace((unsigned char)ask->text[i]))
            return 0;
    }
    bot_reply_add(r, "Ask me something about the article, or say \"help\".");
    return 1;
}

/* True if the chosen hit covers one of the term's concepts. */
static int
hit_covers(const struct bot_kb *kb, const struct bot_hit *h,
           const struct bot_term *t)
{
    int k;

    for (k = 0; k < t->nconcepts; k++) {
        if (h->fact >= 0 &&
            bot_kb_fact_has(&kb->facts[h->fact], t->concepts[k]))
            return 1;
        if (h->entity >= 0 &&
            bot_kb_entity_has(&kb->entities[h->entity], t->concepts[k]))
            return 1;
    }
    return 0;
}

/* Notes how @q was read, for a later "why?". */
static void
note_reading(const struct bot_kb *kb, const struct bot_query *q,
             const struct bot_match *m, const struct bot_reply *r,
             struct bot_reading *rd)
{
    size_t i;

    rd->valid = 1;
    rd->kind = q->kind;
    rd->nterms = 0;
    for (i = 0; i < q->terms.n && rd->nterms < BOT_READING_TERMS; i++) {
        const struct bot_term *t = &q->terms.t[i];
        size_t len = strlen(t->word);
        if (len >= sizeof(rd->terms[0].word))
            len = bot_text_utf8_prefix(t->word, len,
                                       sizeof(rd->terms[0].word) - 1);
        rd->terms[rd->nterms].entity =
            t->kind == BOT_TERM_ENTITY ? t->entity : -1;
        rd->terms[rd->nterms].known = t->nconcepts > 0;
        rd->terms[rd->nterms].hit = hit_covers(kb, &m->best, t);
        memcpy(rd->terms[rd->nterms].word, t->word, len);
        rd->terms[rd->nterms].word[len] = '\0';
        rd->nterms++;
    }
    rd->date = q->date;
    rd->best = m->best;
    rd->second = m->second;
    rd->confidence = r->confidence;
    rd->answered = r->answered;
}

static void
explain_hit(const struct bot_kb *kb, const struct bot_hit *h, char *buf,
            size_t cap)
{
    if (h->fact >= 0)
        snprintf(buf, cap, "fact \"%s\" (sentence %d, score %.2f)",
                 kb->facts[h->fact].id, kb->facts[h->fact].sentence, h->score);
    else if (h->entity >= 0)
        snprintf(buf, cap, "entity \"%s\" (score %.2f)",
                 kb->entities[h->entity].id, h->score);
    else
        snprintf(buf, cap, "none");
}

/* Writes how a question was read and what it matched into @out. */
static void
explain(const struct bot_kb *kb, const struct bot_reading *rd, char *out,
        size_t cap)
{
    char best[128], second[128], words[320] = "", date[48] = "";
    size_t o = 0;
    int i;

    for (i = 0; i < rd->nterms && o < sizeof(words); i++) {
        int n;
        const char *mark = rd->terms[i].hit     ? "+"
                           : rd->terms[i].known ? "-"
                                                : "?";
        if (rd->terms[i].entity >= 0)
            n = snprintf(words + o, sizeof(words) - o, "%s%s[%s]",
                         o ? ", " : "", mark,
                         kb->entities[rd->terms[i].entity].id);
        else
            n = snprintf(words + o, sizeof(words) - o, "%s%s%s", o ? ", " : "",
                         mark, rd->terms[i].word);
        if (n < 0 || (size_t)n >= sizeof(words) - o)
            break;
        o += (size_t)n;
    }
    if (rd->date.prec)
        bot_date_format(&rd->date, date, sizeof(date));
    explain_hit(kb, &rd->best, best, sizeof(best));
    explain_hit(kb, &rd->second, second, sizeof(second));
    snprintf(out, cap,
             "Read as a %s question; terms (+ matched, - not matched, ? "
             "unknown word): %s%s%s; chose %s; runner-up %s; confidence "
             "%.2f%s.",
             bot_kind_name(rd->kind), o ? words : "none",
             *date ? "; date: " : "", date, best, second, rd->confidence,
             rd->answered ? ""
             : rd->confidence < bot_match_bar(kb)
                 ? " (below the bar, so not answered)"
                 : " (not answered: the fact has nothing of the kind asked)");
}

/* Remembers what this answer was about, for follow-ups. */
static void
remember(const struct bot_kb *kb, const struct bot_query *q,
         const struct bot_reply *r, struct bot_context *ctx)
{
    int i, n = 0, list[3 * BOT_FACT_ENTITIES + 1];

    if (r->fact >= 0)
        ctx->fact = r->fact;
    if (r->fact >= 0 && r->fact < 128)
        ctx->told[r->fact / 64] |= 1ull << (r->fact % 64);
    if (r->entity >= 0)
        ctx->entity = r->entity;
    if (r->entity >= 0)
        list[n++] = r->entity;
    for (i = 0; i < q->nentities; i++)
        list[n++] = q->entities[i];
    if (r->fact >= 0) {
        const struct bot_fact *f = &kb->facts[r->fact];
        for (i = 0; i < f->nactors; i++)
            list[n++] = f->actors[i];
        for (i = 0; i < f->nothers; i++)
            list[n++] = f->others[i];
    }
    for (i = n - 1; i >= 0; i--) {
        if (kb->entities[list[i]].person)
            ctx->person = list[i];
        else
            ctx->group = list[i];
    }
}

/* True if the question names @e, or what @e acts for ("Russia" for
 * Russia's Prosecutor General's Office). */
static int
named_or_part(const struct bot_kb *kb, const struct bot_query *q, int e)
{
    int i;

    for (i = 0; i < q->nentities; i++) {
        if (q->entities[i] == e || kb->entities[e].part_of == q->entities[i])
            return 1;
    }
    return 0;
}

/* The person a story is about, if one stands out: named by the most
 * facts, at least three and half again as many as anyone else; or -1.
 * "he" in a channel's first question means them. */
static int
central_person(const struct bot_kb *kb)
{
    int best = -1, second = 0;
    size_t i;

    for (i = 0; i < kb->nentities; i++) {
        const struct bot_entity *e = &kb->entities[i];
        if (!e->person)
            continue;
        if (best < 0 || e->nfacts > kb->entities[best].nfacts) {
            if (best >= 0)
                second = kb->entities[best].nfacts;
            best = (int)i;
        } else if (e->nfacts > second) {
            second = e->nfacts;
        }
    }
    if (best < 0 || kb->entities[best].nfacts < 3 ||
        kb->entities[best].nfacts * 2 < second * 3)
        return -1;
    return best;
}

/* The entity a pronoun points to, or -1. "they" and "them" are not the
 * question's own subject or a part of it ("when did Russia ban them?"
 * after Russia's Prosecutor General's Office asked about the Taliban):
 * then another group of the last fact. */
static int
referent(const struct bot_kb *kb, const struct bot_query *q,
         const struct bot_context *ctx)
{
    int i;

    switch (q->ref) {
    case BOT_REF_PERSON:
        return ctx->person >= 0 ? ctx->person : central_person(kb);
    case BOT_REF_GROUP:
        if (ctx->group < 0 || !named_or_part(kb, q, ctx->group) ||
            ctx->fact < 0)
            return ctx->group;
        {
            const struct bot_fact *f = &kb->facts[ctx->fact];
            for (i = 0; i < f->nactors + f->nothers; i++) {
                int e =
                    i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
                if (!kb->entities[e].person && !named_or_part(kb, q, e))
                    return e;
            }
        }
        return ctx->group;
    default:
        return -1;
    }
}

/* "what does he do for a living?": who he is, not the last fact. */
static int
asks_role(const struct bot_query *q)
{
    size_t i;

    for (i = 0; q->kind == BOT_KIND_WHAT && i < q->words.n; i++) {
        if (bot_query_is_role_word(q->words.w[i].text))
            return 1;
    }
    return 0;
}

/* True if every term is a generic word. */
static int
only_light(const struct bot_query *q)
{
    size_t i;

    for (i = 0; i < q->terms.n; i++) {
        if (q->terms.t[i].kind != BOT_TERM_LIGHT)
            return 0;
    }
    return 1;
}

/* "thanks", "hi", "who are you?": a short reply, and the conversation
 * keeps what it was about. */
static int
is_smalltalk(const struct bot_kb *kb, const char *text, struct bot_reply *r)
{
    char *folded;
    int talk, words = 0;
    const char *p;

    /* small talk is short: a longer message is not folded twice */
    for (p = text; *p; p++)
        words += *p != ' ' && (p[1] == ' ' || p[1] == '\0');
    if (words > 10)
        return 0;
    folded = bot_text_fold(text, strlen(text));
    if (!folded)
        return 0;
    talk = bot_smalltalk_answer(kb, folded, r);
    free(folded);
    return talk;
}

/* What a summary is asked to be about: its terms that are not about the
 * form of the reply ("summary", "key points", "one sentence"). */
static void
read_topic(struct bot_query *q, struct bot_topic *topic)
{
    size_t i, o = 0, n = q->terms.n;

    topic->n = 0;
    if (q->content == 0 && q->nentities == 0)
        return;
    /* keep the terms in place, topical ones first, and restore the count */
    for (i = 0; i < n; i++) {
        if (!bot_query_is_command_word(q->terms.t[i].word)) {
            struct bot_term t = q->terms.t[o];
            q->terms.t[o++] = q->terms.t[i];
            q->terms.t[i] = t;
        }
    }
    q->terms.n = o;
    bot_topic_of(&q->terms, topic);
    q->terms.n = n;
}

/* True if every word of @q is in @list and one of them in @key. */
static int
only_words(const struct bot_query *q, const char *const *list,
           const char *const *key)
{
    size_t i;
    int found = 0;

    for (i = 0; i < q->words.n; i++) {
        if (!bot_text_in_list(q->words.w[i].text, list))
            return 0;
        found |= bot_text_in_list(q->words.w[i].text, key);
    }
    return found;
}

/* "more", "go on" after a summary or a timeline: the next part. "tell me
 * more" after an answer: the fact closest to it. Return: 1 if answered. */
static int
continue_digest(struct bot_kb *kb, const struct bot_ask *ask,
                const struct bot_query *q, struct bot_context *ctx,
                struct bot_reply *r)
{
    static const char *const words[] = {
        "more",   "tell",  "me",   "go",   "on",   "continue",
        "keep",   "going", "and",  "what", "else", "anything",
        "please", "the",   "rest", "us",   "some", "give",
        "show",   "next",  "ok",   "okay", NULL};
    static const char *const key[] = {"more",  "continue", "rest",
                                      "going", "else",     NULL};
    int n;

    if (!only_words(q, words, key) || !bot_context_active(ctx))
        return 0;
    if (ctx->digest == BOT_KIND_SUMMARY) {
        r->kind = BOT_KIND_SUMMARY;
        n = bot_digest_summary(kb, ctx->summary_len, ctx->shown, &ctx->topic,
                               r);
        ctx->shown += n;
        return 1;
    }
    if (ctx->digest == BOT_KIND_TIMELINE) {
        r->kind = BOT_KIND_TIMELINE;
        ctx->shown += bot_digest_timeline(kb, &ask->today, ctx->shown, r);
        return 1;
    }
    if (ctx->fact >= 0) {
        int next = bot_match_related(kb, ctx->fact, 0, ctx->told);
        const struct bot_fact *f;
        r->kind = BOT_KIND_WHAT;
        if (next < 0) {
            bot_reply_add(r, "The article says nothing more about that.");
            return 1;
        }
        f = &kb->facts[next];
        r->answered = 1;
        r->confidence = 1;
        r->fact = next;
        bot_reply_add(r, "%s (sentence %d)", f->statement, f->sentence);
        bot_reply_source(r, f->sentence);
        return 1;
    }
    return 0;
}

/* "and then?", "what happened next?" after a dated answer: the next
 * event of the timeline, or that the article reports nothing after it.
 * Return: 1 if answered. */
static int
next_event(const struct bot_kb *kb, const struct bot_query *q,
           const struct bot_context *ctx, struct bot_reply *r)
{
    static const char *const words[] = {
        "and",     "then",   "what", "next",   "after",      "that", "happened",
        "happens", "happen", "so",   "ok",     "comes",      "came", "is",
        "was",     "did",    "will", "what's", "afterwards", "this", NULL};
    static const char *const key[] = {"then", "next", "after", "afterwards",
                                      NULL};
    int next;

    if ((ctx->fact < 0 && !ctx->digest) || !only_words(q, words, key))
        return 0;
    r->kind = BOT_KIND_WHEN;
    /* after a timeline or a summary, its end is as far as the article goes */
    next = ctx->fact >= 0 && kb->facts[ctx->fact].date.prec
               ? bot_digest_next_event(kb, ctx->fact)
               : -1;
    if (next < 0) {
        bot_reply_add(r, "The article doesn't say what happened after "
                         "that.");
        return 1;
    }
    {
        char d[48];
        const struct bot_fact *f = &kb->facts[next];
        bot_date_format(&f->date, d, sizeof(d));
        r->answered = 1;
        r->confidence = 1;
        r->fact = next;
        bot_reply_add(r, "Next in the article, %s: %s (sentence %d)", d,
                      f->statement, f->sentence);
        bot_reply_source(r, f->sentence);
    }
    return 1;
}

/* True if @q's one term is a word few facts hold ("where are they doing
 * the recount?"): it says what "they" are about without context. */
static int
specific_word(const struct bot_kb *kb, const struct bot_query *q)
{
    const struct bot_term *t = &q->terms.t[0];
    size_t n = 0, k;
    int c;

    if (q->terms.n != 1 || t->kind != BOT_TERM_WORD)
        return 0;
    for (c = 0; c < t->nconcepts; c++) {
        bot_kb_facts_with(kb, t->concepts[c], &k);
        n += k;
    }
    return n > 0 && n * 6 <= kb->nfacts;
}

/* "how old is she?": the age the article gives the person asked about
 * (named, pointed to, or the article's own). Returns 1 if it answered. */
static int
answer_age(const struct bot_kb *kb, const struct bot_query *q,
           const struct bot_context *ctx, struct bot_reply *r)
{
    size_t i;
    int e = -1, k, sentence = 0, age, own;

    if (q->kind != BOT_KIND_HOWMANY)
        return 0;
    for (i = 0; i + 1 < q->words.n; i++) {
        if (!strcmp(q->words.w[i].text, "how") &&
            !strcmp(q->words.w[i + 1].text, "old"))
            break;
    }
    if (i + 1 >= q->words.n)
        return 0;
    for (k = 0; k < q->nentities && e < 0; k++) {
        if (kb->entities[q->entities[k]].person)
            e = q->entities[k];
    }
    if (e < 0 && q->nentities > 0)
        return 0; /* "how old is the canal?" */
    own = central_person(kb);
    if (e < 0)
        e = q->ref == BOT_REF_PERSON && ctx->person >= 0 ? ctx->person : own;
    if (e < 0)
        return 0;
    age = bot_roles_age(kb, e, e == own, &sentence);
    if (age <= 0)
        return 0;
    r->answered = 1;
    r->confidence = 1;
    r->entity = e;
    bot_reply_add(r, "%s: %d. %s (sentence %d)", kb->entities[e].name, age,
                  kb->sentences[sentence - 1].text, sentence);
    bot_reply_source(r, sentence);
    return 1;
}

/* "what are their names?", "who are they?" after "three children": the
 * people the last fact names, but the article's own person. Returns 1 if
 * it answered. */
static int
names_of_them(const struct bot_kb *kb, const struct bot_query *q,
              const struct bot_context *ctx, struct bot_reply *r)
{
    static const char *const words[] = {"what",  "are",   "were", "their",
                                        "names", "name",  "who",  "they",
                                        "them",  "those", "is",   NULL};
    static const char *const key[] = {"names", "name", NULL};
    static const char *const who[] = {"who", "are", "were", "they", NULL};
    const struct bot_fact *f;
    int i, n = 0, own, list[BOT_FACT_ENTITIES * 2];

    if (ctx->fact < 0 || q->ref != BOT_REF_GROUP ||
        !(only_words(q, words, key) || only_words(q, who, who)))
        return 0;
    f = &kb->facts[ctx->fact];
    own = central_person(kb);
    for (i = 0; i < f->nactors + f->nothers; i++) {
        int e = i < f->nactors ? f->actors[i] : f->others[i - f->nactors];
        if (kb->entities[e].person && e != own)
            list[n++] = e;
    }
    if (n < 2)
        return 0;
    r->answered = 1;
    r->confidence = 1;
    r->fact = ctx->fact;
    for (i = 0; i < n; i++)
        bot_reply_add(r, "%s%s",
                      i == 0       ? ""
                      : i == n - 1 ? " and "
                                   : ", ",
                      kb->entities[list[i]].name);
    bot_reply_add(r, ". %s (sentence %d)", f->statement, f->sentence);
    bot_reply_source(r, f->sentence);
    return 1;
}

/* Answers a question about the article's facts. */
static void
answer_question(struct bot_kb *kb, const struct bot_ask *ask,
                struct bot_query *q, struct bot_context *ctx,
                struct bot_reply *r, struct bot_match *m)
{
    int content = q->date.prec != BOT_PREC_NONE;
    size_t i;

    /* "When did that happen?": generic words alone ask about the last fact. */
    for (i = 0; i < q->terms.n && !content; i++)
        content = q->terms.t[i].kind != BOT_TERM_LIGHT;
    /* "What happened in 2021?": a date and nothing else lists its events. */
    if (content && q->date.prec && q->kind != BOT_KIND_YESNO &&
        q->kind != BOT_KIND_WHEN && only_light(q) &&
        bot_digest_on_date(kb, &q->date, r) > 0)
        return;

    /* "When was that?", "What did he say?": nothing to point back to.
     * "When are they lifting the boat?" has words enough of its own: a
     * group with no one named before is the article's people. */
    if ((!content ||
         (q->ref && q->nentities == 0 &&
          (q->ref != BOT_REF_THING || q->terms.n <= 1) &&
          !(q->ref == BOT_REF_GROUP &&
            (q->terms.n >= 2 || specific_word(kb, q))) &&
          !(q->ref == BOT_REF_PERSON && central_person(kb) >= 0))) &&
        !bot_context_active(ctx)) {
        char example[160];
        bot_digest_example(kb, example, sizeof(example));
        bot_reply_add(r,
                      "About what? Ask me about something in the article, "
                      "for example \"%s\", or say \"summary\".",
                      example);
        return;
    }
    /* "is that tomorrow?", "was that in 2021?": a date claimed for the
     * last fact */
    if (q->kind == BOT_KIND_YESNO && q->date.prec && ctx->fact >= 0 &&
        (q->ref || q->terms.n == 0) && only_light(q) && q->nentities == 0) {
        struct bot_hit h = {ctx->fact, -1, 1.0, 0, 0, 0};
        m->best = h;
        bot_answer_hit(kb, q, &h, &ask->today, r);
        return;
    }
    if (!content) { /* "When?", "Where is it?": the last fact or entity */
        struct bot_hit h = {ctx->fact, -1, 1.0, 0, 0, 0};
        /* "since when?" after an undated fact: the dated one behind it */
        if (q->kind == BOT_KIND_WHEN && ctx->fact >= 0 &&
            !kb->facts[ctx->fact].date.prec) {
            int dated = bot_match_related(kb, ctx->fact, 1, NULL);
            if (dated >= 0)
                h.fact = dated;
        }
        int e = q->ref == BOT_REF_PERSON ? ctx->person : ctx->entity;
        if (ctx->fact < 0 || (asks_role(q) && e >= 0) ||
            (q->kind == BOT_KIND_WHERE && q->ref == BOT_REF_THING && e >= 0 &&
             kb->entities[e].where && !kb->facts[ctx->fact].where)) {
            h.fact = -1;
            h.entity = e;
        }
        if (h.fact < 0 && h.entity < 0) { /* "he" after a group, say */
            bot_reply_add(r, "Who do you mean? Ask me again with the "
                             "name.");
            return;
        }
        m->best = h;
        bot_answer_hit(kb, q, &h, &ask->today, r);
        return;
    }
    if (answer_age(kb, q, ctx, r) || bot_contact_answer(kb, q, r))
        return;
    /* "who runs WRT?": the one whose role it is, not a fact naming WRT */
    {
        int e = bot_roles_leader(kb, q);
        if (e >= 0) {
            struct bot_hit h = {-1, e, 1.0, 0, 0, 0};
            m->best = h;
            bot_answer_hit(kb, q, &h, &ask->today, r);
            return;
        }
    }
    bot_match_rank(kb, q, ctx->fact, referent(kb, q, ctx), m);
    if (m->best.score >= bot_match_bar(kb))
        bot_answer_hit(kb, q, &m->best, &ask->today, r);
    else
        bot_answer_unknown(kb, q, &m->best, r);
}

static void
dispatch(struct bot_kb *kb, const struct bot_ask *ask, const char *text,
         struct bot_query *q, struct bot_context *ctx, struct bot_reply *r,
         struct bot_match *m)
{

    if (continue_digest(kb, ask, q, ctx, r) || next_event(kb, q, ctx, r) ||
        names_of_them(kb, q, ctx, r))
        return;
    ctx->digest = 0;
    switch (q->kind) {
    case BOT_KIND_HELP:
        bot_digest_help(kb, r);
        break;
    case BOT_KIND_SUBSCRIBE:
    case BOT_KIND_UNSUBSCRIBE:
    case BOT_KIND_REMINDERS:
        /* The chat runtime answers these; other front ends cannot post. */
        r->answered = 1;
        r->confidence = 1;
        bot_reply_add(r, "Reminders are posted in chat channels: say "
                         "\"remind us\" in one I am in (IRC, Slack, Discord "
                         "or Mattermost). Here, ask \"what's coming up?\".");
        break;
    case BOT_KIND_SUMMARY:
        ctx->summary_len = q->summary_len;
        read_topic(q, &ctx->topic);
        ctx->digest = BOT_KIND_SUMMARY;
        ctx->shown = bot_digest_summary(kb, q->summary_len, 0, &ctx->topic, r);
        break;
    case BOT_KIND_TIMELINE:
        ctx->digest = BOT_KIND_TIMELINE;
        ctx->shown = bot_digest_timeline(kb, &ask->today, 0, r);
        break;
    case BOT_KIND_UPCOMING:
        bot_digest_upcoming(kb, &ask->today, r);
        break;
    case BOT_KIND_RECENT:
        bot_digest_recent(kb, &ask->today, r);
        break;
    case BOT_KIND_COUNTDOWN:
        if (bot_compare_answer(kb, text, q, &ask->today, r) == 1)
            break;            /* "how many days between A and B" */
        if (q->terms.n > 0) { /* the event whose date is counted to */
            q->kind = BOT_KIND_WHEN;
            bot_match_rank(kb, q, -1, -1, m);
            q->kind = BOT_KIND_COUNTDOWN;
            r->confidence = m->best.score;
        }
        bot_digest_countdown(kb,
                             q->terms.n == 0 ? (q->ref ? ctx->fact : -1)
                             : m->best.score >= bot_match_bar(kb) ? m->best.fact
                                                                  : -1,
                             &ask->today, strstr(text, "week") != NULL, r);
        break;
    case BOT_KIND_SOURCE:
        bot_meta_sources(kb, ctx->fact, r);
        break;
    default:
        if (bot_meta_answer(kb, q, &ask->today, r))
            break;
        if (bot_meta_asks_source(kb, q)) {
            /* the question is known to ask for a source: its words
             * about the outlet and the news only pick the fact, so a
             * lower bar */
            bot_match_rank(kb, q, -1, -1, m);
            if (m->best.fact >= 0 && m->best.score >= bot_match_bar(kb) / 3) {
                bot_meta_sources(kb, m->best.fact, r);
                r->confidence = m->best.score;
                break;
            }
        }
        /* Two events compared ("before", "first ... or", "between"). */
        if (bot_compare_answer(kb, text, q, &ask->today, r) == 1)
            break;
        answer_question(kb, ask, q, ctx, r, m);
        break;
    }
}

/* True if a concept of @t has an opposite ("public": "closed"): a word
 * that can be true or false of a fact. */
static int
has_opposite(const struct bot_lex *lex, const struct bot_term *t)
{
    size_t i;
    int k;

    for (k = 0; k < t->nconcepts; k++) {
        for (i = 0; i < lex->nantonyms; i++) {
            if (lex->antonyms[i][0] == t->concepts[k] ||
                lex->antonyms[i][1] == t->concepts[k])
                return 1;
        }
    }
    return 0;
}

/* True if @q is a word or two of description asked about ("Public?",
 * "closed?"), a word with an opposite: no name, no number, no date, no
 * question word ("law?" asks what about the law). */
static int
bare_claim(const struct bot_lex *lex, const struct bot_query *q,
           const char *text)
{
    size_t i, n = strlen(text);

    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (!n || text[n - 1] != '?' || q->words.n == 0 || q->words.n > 2 ||
        q->terms.n == 0 || q->nentities || q->date.prec || q->content == 0)
        return 0;
    for (i = 0; i < q->terms.n; i++) {
        if (q->terms.t[i].kind != BOT_TERM_WORD ||
            !has_opposite(lex, &q->terms.t[i]))
            return 0;
    }
    return 1;
}

/* Answers one question of a message in @ctx. @text is NUL-terminated. */
static int
ask_part(struct bot_kb *kb, const struct bot_ask *ask, const char *text,
         struct bot_context *ctx, struct bot_reply *r)
{
    struct bot_query *q = malloc(sizeof(*q));
    char *claim = bot_parts_claim(text);
    struct bot_match m;
    char how[640];
    int rc;

    memset(&m, 0, sizeof(m));
    m.best.fact = m.best.entity = m.second.fact = m.second.entity = -1;
    if (!q) {
        free(claim);
        return BOT_ENOMEM;
    }
    if (claim)
        text = claim;
    rc = bot_query_read(kb, text, &ask->today, q);
    if (rc == BOT_EINVAL) {
        rc = 0;
        bot_reply_add(r, "Ask me something about the article, or say "
                         "\"help\".");
        goto out;
    }
    if (rc < 0)
        goto out;
    /* "I read that X - is that correct?": X is a claim to check */
    if (claim && q->kind != BOT_KIND_YESNO && q->kind <= BOT_KIND_HOWMANY)
        q->kind = BOT_KIND_YESNO;
    /* "Public?" right after an answer: a claim about what was just said */
    if (q->kind == BOT_KIND_WHAT && ctx->fact >= 0 &&
        bare_claim(&kb->lex, q, text)) {
        q->kind = BOT_KIND_YESNO;
        if (!q->ref)
            q->ref = BOT_REF_THING;
    }
    r->kind = q->kind;
    if (q->language) {
        bot_reply_add(r,
                      "Sorry, I only understand English, and that looks "
                      "like %s. Please ask me in English, for example "
                      "\"summary\".",
                      q->language);
        goto out;
    }
    if (q->kind == BOT_KIND_EXPLAIN) {
        r->answered = ctx->reading.valid;
        r->confidence = r->answered;
        if (r->answered) {
            explain(kb, &ctx->reading, how, sizeof(how));
            bot_reply_add(r, "%s", how);
        } else {
            bot_reply_add(r, "There is no answer to explain yet: ask me a "
                             "question first.");
        }
        goto out;
    }
    dispatch(kb, ask, text, q, ctx, r, &m);
    /* "the Islamic State of Khorasan (IS-K): Afghanistan." opens a reply */
    if (r->text[0] >= 'a' && r->text[0] <= 'z')
        r->text[0] = (char)(r->text[0] - 'a' + 'A');
    /* Scores carry small tie-break bonuses; confidence is 0..1. */
    if (r->confidence > 1)
        r->confidence = 1;
    if (r->confidence < 0)
        r->confidence = 0;
    note_reading(kb, q, &m, r, &ctx->reading);
    if (r->answered)
        remember(kb, q, r, ctx);
    if (ask->explain) {
        explain(kb, &ctx->reading, how, sizeof(how));
        bot_reply_add(r, "\n[%s]", how);
    }
out:
    free(claim);
    free(q);
    return rc;
}

/* Adds the answer @part to the reply @r for a question in several parts:
 * its words without its sentence numbers, which come once at the end, and
 * nothing if an earlier part already gave the same fact. */
static void
add_part_reply(const struct bot_kb *kb, struct bot_reply *r,
               const struct bot_reply *part, int first)
{
    const char *cut = strstr(part->text, " (sentence");
    int i;

    if (!first && part->answered && part->fact >= 0 && part->fact == r->fact) {
        /* the same fact again: only what this part adds ("No"), */
        const char *st = strstr(part->text, kb->facts[part->fact].statement);
        size_t n = st ? (size_t)(st - part->text) : 0;
        while (n && strchr(" :;,.", part->text[n - 1]))
            n--;
        if (n)
            bot_reply_add(r, " %.*s.", (int)n, part->text);
        return;
    }
    bot_reply_add(r, "%s%.*s", first ? "" : " ",
                  (int)(cut ? (size_t)(cut - part->text) : strlen(part->text)),
                  part->text);
    for (i = 0; i < part->nsources; i++)
        bot_reply_source(r, part->sources[i]);
    if (first) {
        r->kind = part->kind;
        r->fact = part->fact;
        r->entity = part->entity;
        r->confidence = part->confidence;
    } else if (part->confidence < r->confidence) {
        r->confidence = part->confidence;
    }
    r->answered |= part->answered;
}

/* "Who asked, and when will it be decided?": each part answered in turn,
 * in the same conversation, then the sources once. */
static int
ask_parts(struct bot_kb *kb, const struct bot_ask *ask, const char *text,
          const struct bot_part *parts, int n, struct bot_context *ctx,
          struct bot_reply *r)
{
    struct bot_reply *part = malloc(sizeof(*part));
    char *one = malloc(strlen(text) + 1);
    int i, rc = 0;

    if (!part || !one) {
        free(part);
        free(one);
        return BOT_ENOMEM;
    }
    for (i = 0; i < n && rc == 0; i++) {
        memcpy(one, text + parts[i].start, parts[i].len);
        one[parts[i].len] = '\0';
        bot_reply_init(part, BOT_KIND_UNKNOWN);
        rc = ask_part(kb, ask, one, ctx, part);
        add_part_reply(kb, r, part, i == 0);
    }
    if (r->nsources > 0) {
        bot_reply_add(r, " (sentence%s", r->nsources > 1 ? "s" : "");
        for (i = 0; i < r->nsources; i++)
            bot_reply_add(r, "%s %d", i ? "," : "", r->sources[i]);
        bot_reply_add(r, ")");
    }
    free(part);
    free(one);
    return rc;
}

/* "which articles do you know?", "switch to the strike": 1 if @text asked
 * that (and @r says it), else 0. */
static int
articles_command(struct bot_core *core, const char *text, const char *key,
                 struct bot_context *ctx, struct bot_reply *r)
{
    const struct bot_kb *kbs[BOT_LIBRARY_MAX];
    size_t n = bot_core_count(core);
    const char *words;
    char *folded = bot_text_fold_plain(text, strlen(text));
    enum bot_articles_ask asked;
    int pick, current = article_of(core, ctx, key);

    if (!folded)
        return 0;
    asked = bot_articles_read(folded, &words);
    if (asked != BOT_ARTICLES_NONE)
        n = bot_core_articles(core, kbs, BOT_LIBRARY_MAX);
    if (asked == BOT_ARTICLES_LIST) {
        bot_reply_init(r, BOT_KIND_ARTICLES);
        bot_articles_list(kbs, n, current, r);
    } else if (asked == BOT_ARTICLES_SWITCH && n > 1) {
        char name[400];
        bot_reply_init(r, BOT_KIND_ARTICLES);
        pick = bot_articles_choose(kbs, n, words ? words : "");
        if (pick < 0) {
            r->answered = 0;
            bot_reply_add(r, "I know no article that fits \"%s\". ",
                          words ? words : "");
            bot_articles_list(kbs, n, current, r);
            r->answered = 0;
        } else {
            /* a new article: what the conversation was about is gone */
            bot_context_forget(ctx);
            ctx->article = pick;
            bot_articles_name(kbs[pick], name, sizeof(name));
            r->answered = 1;
            r->confidence = 1;
            bot_reply_add(r, "Now on %s. Ask away.", name);
        }
    } else {
        asked = BOT_ARTICLES_NONE;
    }
    free(folded);
    return asked != BOT_ARTICLES_NONE;
}

/* "status", "version", "uptime". */
static void
status_command(const struct bot_core *core, int current,
               const struct bot_status_info *st, struct bot_reply *r)
{
    const struct bot_kb *kbs[BOT_LIBRARY_MAX];
    size_t n = bot_core_articles(core, kbs, BOT_LIBRARY_MAX);

    bot_status_answer(kbs, n, current, st, r);
}

static int
ask_article(struct bot_kb *kb, const struct bot_ask *ask, const char *text,
            struct bot_context *ctx, struct bot_reply *r)
{
    struct bot_part parts[BOT_PARTS_MAX];
    int n;

    int rc = 0;

    bot_reply_init(r, BOT_KIND_UNKNOWN);
    if (!is_smalltalk(kb, text, r)) {
        n = bot_parts_split(text, parts, BOT_PARTS_MAX);
        rc = n > 1 ? ask_parts(kb, ask, text, parts, n, ctx, r)
                   : ask_part(kb, ask, text, ctx, r);
    }
    r->article = kb;
    return rc;
}

/* Below this an answer is weak, and another article may fit better. */
#define WEAK 0.7
/* How much better another article's answer must be to replace one. */
#define CLEARER 0.25

/* A question the conversation's article does not answer, or answers
 * weakly, may be about another: the one that answers it best (above its
 * bar, and clearly better than @r) answers, says so, and becomes the
 * conversation's article. Return: 1 if one did. */
static int
ask_others(struct bot_core *core, const struct bot_ask *ask, const char *text,
           int current, struct bot_context *ctx, struct bot_reply *r)
{
    struct bot_reply *try = malloc(sizeof(*try)), *best = NULL;
    struct bot_context trial, best_ctx;
    size_t i, n = bot_core_count(core);
    int best_i = -1, rc = 0;

    unsigned char *named = calloc(n, 1);
    char *folded = bot_text_fold_plain(text, strlen(text));

    /* only the articles whose names the question uses are asked */
    if (named && folded)
        bot_names_find(&core->names, folded, named, n);
    free(folded);
    for (i = 0; try && named && i < n; i++) {
        struct bot_kb *kb = article(core, i);
        if ((int)i == current || !named[i])
            continue;
        bot_context_clear(&trial);
        if (ask_article(kb, ask, text, &trial, try) < 0 || !try->answered ||
            try->confidence < bot_match_bar(kb) || try->fact < 0 ||
            (r->answered && try->confidence < r->confidence + CLEARER))
            continue;
        if (!best || try->confidence > best->confidence) {
            struct bot_reply *t = best;
            best = try;
            try = t ? t : malloc(sizeof(*try));
            best_i = (int)i;
            best_ctx = trial;
        }
    }
    if (best) {
        char name[400];
        bot_articles_name(bot_core_nth(core, (size_t)best_i), name,
                          sizeof(name));
        bot_reply_init(r, best->kind);
        bot_reply_add(r, "From %s: %s", name, best->text);
        r->answered = 1;
        r->confidence = best->confidence;
        r->fact = best->fact;
        r->entity = best->entity;
        memcpy(r->sources, best->sources, sizeof(r->sources));
        r->nsources = best->nsources;
        best_ctx.hash = ctx->hash;
        memcpy(best_ctx.key, ctx->key, sizeof(best_ctx.key));
        best_ctx.at_ms = ctx->at_ms;
        best_ctx.article = best_i;
        *ctx = best_ctx;
        rc = 1;
    }
    free(try);
    free(best);
    free(named);
    return rc;
}

int
bot_core_ask(struct bot_core *core, const struct bot_ask *ask,
             struct bot_reply *r)
{
    struct bot_context alone, *ctx = &alone;
    char *text = NULL;
    int rc = 0, current;

    /* Without a conversation, a question stands alone. */
    if (ask->conversation)
        ctx = bot_convos_get(&core->convos, ask->conversation, ask->now_ms);
    else
        bot_context_clear(&alone);
    bot_reply_init(r, BOT_KIND_UNKNOWN);
    if (refuse_bad_text(ask, r))
        return 0;
    /* The text is @len bytes, not necessarily NUL-terminated. */
    text = malloc(ask->len + 1);
    if (!text)
        return BOT_ENOMEM;
    memcpy(text, ask->text, ask->len);
    text[ask->len] = '\0';
    current = article_of(core, ctx, ask->conversation);
    if (bot_status_asked(text, ask->len)) {
        status_command(core, current, ask->status, r);
    } else if (!articles_command(core, text, ask->conversation, ctx, r)) {
        rc = ask_article(article(core, (size_t)current), ask, text, ctx, r);
        if (rc == 0 && bot_core_count(core) > 1 &&
            (!r->answered || (r->fact >= 0 && r->confidence < WEAK)) &&
            r->kind != BOT_KIND_SMALLTALK && r->kind != BOT_KIND_HELP)
            rc = ask_others(core, ask, text, current, ctx, r) < 0 ? -1 : 0;
    }
    free(text);
    return rc;
}
