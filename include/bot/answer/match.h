/* Matching a question's terms against the facts: scores, the best
 * candidates, and how sure we are. */
#ifndef BOT_MATCH_H
#define BOT_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "bot/knowledge/kb.h"

#include "bot/answer/query.h"

/* A candidate answer: a fact, or an entity's description. */
struct bot_hit {
    int fact;   /* fact index, or -1 */
    int entity; /* entity index for a description, or -1 */
    double score;
    int contradicted; /* a term's opposite is in the fact ("public") */
    int unmatched;    /* content terms the fact does not cover */
    int substituted;  /* a yes/no claim names another actor than the fact:
                         1 an entity, 2 a name the article lacks */
};

/* The two best candidates for @q, boosted towards @prev_fact and
 * @ref_entity (from the conversation; -1 for none). */
struct bot_match {
    struct bot_hit best, second;
};

void bot_match_rank(const struct bot_kb *kb, const struct bot_query *q,
                    int prev_fact, int ref_entity, struct bot_match *m);

/* The fact sharing most with fact @fact (at least two concepts), dated if
 * @dated ("since when?" after an undated fact), and not one of the facts
 * set in the bits of @told (NULL: any). Return: its index, or -1. */
int bot_match_related(const struct bot_kb *kb, int fact, int dated,
                      const uint64_t *told);

/* How a question was read, kept so that "why?" can explain it later:
 * plain data, cheap to note for every question, formatted only on demand. */
#define BOT_READING_TERMS 12
struct bot_reading {
    int valid;
    enum bot_kind kind;
    int nterms;
    struct {
        int entity; /* entity index, or -1 for a word */
        int known;  /* the word has a meaning in the knowledge */
        int hit;    /* the chosen fact or entity covers it */
        char word[24];
    } terms[BOT_READING_TERMS];
    struct bot_date date;
    struct bot_hit best, second;
    double confidence;
    int answered;
};

/* Least score a hit needs to be answered. */
#define BOT_MATCH_THRESHOLD 0.55
/* The bar over a table built from the text: it has no author's keywords
 * for the ways people word a question, so a partial match is weaker
 * evidence against it than against a curated table. */
#define BOT_MATCH_THRESHOLD_BUILT 0.4

/* The bar a match must reach to be answered, for @kb's kind of table. */
double bot_match_bar(const struct bot_kb *kb);

#endif
