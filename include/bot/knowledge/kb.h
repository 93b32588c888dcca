/* The knowledge model: sentences, entities, facts and their lookups. */
#ifndef BOT_KB_H
#define BOT_KB_H

#include <stddef.h>

#include "bot/base/date.h"
#include "bot/base/err.h"
#include "bot/knowledge/lex.h"

/* Caps: the article and the fact table are read whole, up to these. */
#define BOT_KB_ARTICLE_MAX (1024 * 1024)
#define BOT_KB_TABLE_MAX   (4 * 1024 * 1024)
#define BOT_FACT_ENTITIES  8
#define BOT_FACT_NUMBERS   4

/* One sentence (or heading line) of the article, numbered from 1. */
struct bot_sentence {
    char *text;
    size_t start, end; /* byte span in the article */
    int heading;       /* a line without closing punctuation */
};

struct bot_entity {
    char *id, *name, *type, *desc, *quote, *where;
    int sentence;  /* the sentence its quote comes from */
    int concept;   /* what its aliases stand for in matching */
    int person;    /* referred to as "he" or "she" */
    int part_of;   /* the entity it acts for (Putin: Russia), or -1 */
    int nfacts;    /* how many facts name it: how central it is */
    int place;     /* a country, city or region: answers "where?" */
    int *concepts; /* sorted, unique: what its description can match */
    size_t nconcepts;
};

enum bot_cmp { BOT_CMP_EQ = 0, BOT_CMP_GT, BOT_CMP_LT, BOT_CMP_ABOUT };

struct bot_number {
    double value;
    enum bot_cmp cmp; /* "more than 140" is 140 with BOT_CMP_GT */
    char *text;       /* "more than 140 people" */
    char *unit;       /* "people", "years" */
};

enum bot_status {
    BOT_STATUS_FACT = 0,  /* it happened or is so */
    BOT_STATUS_SCHEDULED, /* set for a date still ahead of the article */
    BOT_STATUS_EXPECTED   /* predicted; its outcome is not in the article */
};

struct bot_fact {
    char *id;
    char *quote;     /* exact words of the article */
    char *statement; /* a self-contained sentence that answers */
    char *when_text; /* the article's own words: "July last year" */
    char *where, *why, *how, *label;
    struct bot_date date;
    int sentence;
    int actors[BOT_FACT_ENTITIES], nactors; /* entity indices */
    int others[BOT_FACT_ENTITIES], nothers;
    struct bot_number numbers[BOT_FACT_NUMBERS];
    int nnumbers;
    int negative; /* states that something is not so */
    enum bot_status status;
    int importance; /* 0..3, for summaries */
    int context;    /* a fact of the sentence before in its paragraph, or
                       -1: what "it", "the vote" may be carried over from */
    int *concepts;  /* sorted, unique: what the fact can match */
    size_t nconcepts;
};

struct bot_kb {
    char *dir;
    char *article; /* the whole text */
    size_t article_len;
    struct bot_sentence *sentences;
    size_t nsentences;
    struct bot_entity *entities;
    size_t nentities;
    struct bot_fact *facts;
    size_t nfacts;
    struct bot_date published;
    char *title, *outlet, *editor, *author; /* author: NULL if unnamed */
    char *url;                              /* the article online, or NULL */
    int built; /* some facts were built from the text, not written */
    struct bot_lex lex;
    struct bot_english *english; /* the language resources (english.h) */
    /* Postings: the facts holding concept c are
     * post_facts[post_start[c] .. post_start[c + 1]). */
    size_t *post_start;
    int *post_facts;
};

/* Frees what a load made; @kb is left empty. Safe on a zeroed struct or
 * one whose load failed. */
void bot_kb_release(struct bot_kb *kb);

/* Frees one fact's fields (a fact being parsed, or the table's). */
void bot_fact_release(struct bot_fact *fact);

/* The number of the sentence holding @quote word for word, or 0. */
int bot_kb_sentence_of(const struct bot_kb *kb, const char *quote);

/* The article folder's own name, the last part of @kb's path (trailing
 * slashes left out): a pointer into @kb->dir and its length in *@len. */
const char *bot_kb_folder(const struct bot_kb *kb, size_t *len);

/* True if sentences @a and @b (numbered from 1, @a before @b) stand in
 * one paragraph: one line of the article, no line break between them. */
int bot_kb_same_paragraph(const struct bot_kb *kb, int a, int b);

/* Entity index for @id, or -1. */
int bot_kb_entity(const struct bot_kb *kb, const char *id);

/* The facts that can match @concept; sets *@n. Valid until release. */
const int *bot_kb_facts_with(const struct bot_kb *kb, int concept, size_t *n);

/* True if @fact can match @concept. */
int bot_kb_fact_has(const struct bot_fact *fact, int concept);

/* True if @entity's description can match @concept. */
int bot_kb_entity_has(const struct bot_entity *entity, int concept);

/**
 * bot_kb_check() - report what the knowledge does not cover.
 * Writes to @uncovered[0..cap) the numbers of sentences no fact cites.
 * Return: how many there are (may exceed @cap).
 */
size_t bot_kb_uncovered(const struct bot_kb *kb, int *uncovered, size_t cap);

#endif
