/* A sentence's main clause as a parser reads it: who does it (the
 * subject), what is done to whom (the verb, its objects) and, for a
 * passive, by whom. Link Grammar does the reading when newsbot is built
 * with BOT_LINKGRAMMAR; without it there is no parser and every sentence
 * is left to the builder's heuristics. */
#ifndef BOT_PARSE_H
#define BOT_PARSE_H

#include <stddef.h>

#include "bot/base/err.h"

#define BOT_CLAUSE_PARTIES 4

/* A noun phrase as byte offsets of the sentence: [a, z) is the phrase up
 * to its head ("Russia's Prosecutor General's Office"), [head_a, head_z)
 * the head word itself ("Office"), [app_a, app_z) an appositive naming
 * the same party ("the regulator, the Water Standards Commission, ...";
 * app_z 0: none). Other modifiers after the head ("a director at PVW")
 * are left out: they qualify the party, they are not it. */
struct bot_phrase {
    size_t a, z, head_a, head_z, app_a, app_z;
};

struct bot_clause {
    struct bot_phrase subjects[BOT_CLAUSE_PARTIES]; /* "X and Y" are two */
    int nsubjects;
    struct bot_phrase objects[BOT_CLAUSE_PARTIES];
    int nobjects;
    struct bot_phrase agents[BOT_CLAUSE_PARTIES]; /* "by X" of a passive */
    int nagents;
    size_t verb_a, verb_z; /* the verb that carries the meaning */
    int passive;
};

struct bot_parser;

/**
 * bot_parser_open() - a parser, or none.
 * @out: set to the parser, or to NULL when newsbot was built without one
 *       or its dictionary cannot be read (then the caller does without).
 * Reading the dictionary takes about 0.1 s, and parsing an article
 * raises the process's peak memory by 43 to 71 MiB: keep one parser for a
 * whole article.
 * Return: 0 or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_parser_open(struct bot_parser **out);

/* Frees @p; NULL is fine. */
void bot_parser_close(struct bot_parser *p);

/**
 * bot_parse_clause() - the main clause of @sentence.
 * @p:        the parser, or NULL (then always 0).
 * @sentence: one sentence, UTF-8 (borrowed).
 * @out:      filled on success; offsets are into @sentence.
 * A sentence is read only when it is short enough and a complete linkage
 * is found within the time allowed; the best-ranked linkage is used.
 * Return: 1 if @out holds a subject, 0 if the parser gives nothing (the
 * caller falls back to its heuristics).
 */
int bot_parse_clause(struct bot_parser *p, const char *sentence,
                     struct bot_clause *out);

#endif
